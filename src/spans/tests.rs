use super::links::{
    complete_spam_runs, flag_links, flag_same_anchor, flag_same_domain, in_bbcode_styles,
    in_parentheses, sure_links, Placement,
};
use super::prose::{capitalised_extent, extend_run};
use super::*;
use crate::document::LinkKind;

fn flags(scores: &[f32], runs: &[usize], threshold: f32) -> Vec<bool> {
    let scores: Vec<Option<f32>> = scores.iter().map(|&s| Some(s)).collect();
    let params = DecodeParams::new(threshold);
    let campaign = sure_links(&scores, &[], params) >= params.campaign_links;
    flag_links(&scores, runs, params, campaign, &[])
}

#[test]
fn a_run_mostly_flagged_takes_its_odd_entry_but_not_a_sentence_end() {
    // The page's own link ends a sentence just above the pasted list: one run.
    let ex = extraction(
        "Thanks for the help, see https://docs.example.org/switch.\n\n\
         https://loans.example/no-credit-check https://ringtones.example/iphone \
         https://pisos.example/habitatge https://gift.example/houston \
         https://essays.example/write\n",
    );
    let links = &ex.context.links;
    assert_eq!(links.len(), 6);
    assert!(links.iter().all(|f| f.run_start == 0));
    let complete = |scores: [f32; 6], flagged: [bool; 6]| {
        let scores: Vec<Option<f32>> = scores.iter().map(|&s| Some(s)).collect();
        let mut flagged = flagged.to_vec();
        complete_spam_runs(&mut flagged, &scores, links, DecodeParams::new(0.9));
        flagged
    };
    // Four of six are sure: the odd entry goes at 0.4, the sentence's link stays.
    assert_eq!(
        complete(
            [0.4, 0.99, 0.99, 0.4, 0.99, 0.99],
            [false, true, true, false, true, true]
        ),
        [false, true, true, true, true, true]
    );
    // Not under the majority bar, nor when only half the run is flagged.
    assert_eq!(
        complete(
            [0.4, 0.99, 0.99, 0.2, 0.99, 0.99],
            [false, true, true, false, true, true]
        ),
        [false, true, true, false, true, true]
    );
    assert_eq!(
        complete(
            [0.4, 0.99, 0.4, 0.4, 0.99, 0.99],
            [false, true, false, false, true, true]
        ),
        [false, true, false, false, true, true]
    );
}

#[test]
fn a_bare_url_is_pasted_mid_sentence_or_cited_at_a_line_edge() {
    let place = |text: &str, url: &str, kind: LinkKind| {
        let start = text.find(url).expect("url in text");
        Placement::of(text, kind, &(start..start + url.len()), true)
    };
    let url = "http://films.example/es/film347421.html";
    let review = format!("Dirigida por Nicole.\n\nFuente: {url}\n\nOtra película.");
    assert_eq!(
        place(&review, url, LinkKind::BareUrl),
        Placement::LineEdgeUrl
    );
    let alone = format!("Fuentes:\n{url}\n");
    assert_eq!(
        place(&alone, url, LinkKind::BareUrl),
        Placement::LineEdgeUrl
    );
    let pasted = format!("with the {url} influx of visitors");
    assert_eq!(place(&pasted, url, LinkKind::BareUrl), Placement::PastedUrl);
    // Only bare URLs: a link element is placed by its markup, not by its line.
    assert_eq!(place(&review, url, LinkKind::Markdown), Placement::Other);
}

#[test]
fn a_sure_link_with_a_foreign_anchor_flags_every_link_with_that_anchor() {
    let ex = extraction_as(
        "The blows were [full indir](https://discountfarmacia168.us.com/full-indir) that year, \
         David [Full Indir](https://www.coolhave.com/?p=1) Bowie and [full indir](https://breakweek.com/a) \
         Prince. Follow us on Facebook: [Facebook](https://gatherwin.com/tag/facebook/), \
         [Facebook](https://facebook.com/page), [Facebook](/facebook), [full](https://coolhave.com/b).\n",
        crate::document::Format::Markdown,
    );
    let links = &ex.context.links;
    assert_eq!(links.len(), 7);
    let spread = |scores: [f32; 7], flagged: [bool; 7]| {
        let scores: Vec<Option<f32>> = scores.iter().map(|&s| Some(s)).collect();
        let mut flagged = flagged.to_vec();
        flag_same_anchor(&mut flagged, &scores, links, DecodeParams::new(0.9));
        flagged
    };
    let low = 0.05;
    // The page's prose never says "full indir": certain once, it goes everywhere,
    // whatever the case and target, but not to a link whose anchor is only part of it.
    assert_eq!(
        spread(
            [0.99, low, low, low, low, low, low],
            [true, false, false, false, false, false, false]
        ),
        [true, true, true, false, false, false, false]
    );
    // Flagged by a lower bar, or merely at the threshold, it spreads to nothing.
    assert_eq!(
        spread(
            [0.92, low, low, low, low, low, low],
            [true, false, false, false, false, false, false]
        ),
        [true, false, false, false, false, false, false]
    );
    // "Facebook" is a word of the page: a certain link wheel on it spreads to nothing.
    assert_eq!(
        spread(
            [low, low, low, 0.99, low, low, low],
            [false, false, false, true, false, false, false]
        ),
        [false, false, false, true, false, false, false]
    );
}

#[test]
fn a_sure_link_flags_every_link_to_its_domain() {
    let ex = extraction(
        "Read https://shop.spam.example/wholesale-jerseys today. It said \
         https://spam.example/jordan-11-for-sale.html and https://other.example/a too.",
    );
    let spread_where = |scores: [Option<f32>; 3], placements: [Placement; 3]| {
        let mut flagged = vec![true, false, false];
        let params = DecodeParams::new(0.9);
        flag_same_domain(
            &mut flagged,
            &scores,
            &ex.context.links,
            &placements,
            params,
        );
        flagged
    };
    let spread = |scores: [Option<f32>; 3]| spread_where(scores, [Placement::Other; 3]);
    let (pasted, edge, other) = (
        Placement::PastedUrl,
        Placement::LineEdgeUrl,
        Placement::Other,
    );
    assert_eq!(
        spread([Some(0.99), Some(0.05), Some(0.05)]),
        [true, true, false]
    );
    // Only a certain link spreads: one flagged by a lower bar, or merely at the
    // threshold, does not.
    assert_eq!(
        spread([Some(0.91), Some(0.05), Some(0.05)]),
        [true, false, false]
    );
    // Two links of one domain, sure enough together, spread to each other.
    assert_eq!(
        spread([Some(0.88), Some(0.5), Some(0.05)]),
        [true, true, false]
    );
    assert_eq!(
        spread([Some(0.8), Some(0.5), Some(0.05)]),
        [true, false, false]
    );
    // Pasted mid-sentence, the domain's links need less on average together.
    let weak = [Some(0.88), Some(0.2), Some(0.05)];
    assert_eq!(spread(weak), [true, false, false]);
    assert_eq!(
        spread_where(weak, [pasted, pasted, other]),
        [true, true, false]
    );
    assert_eq!(
        spread_where(weak, [pasted, other, other]),
        [true, false, false]
    );
    // At the ends of their lines, they never spread by the mean, only from a
    // certain link; one link placed otherwise makes the domain an ordinary one again.
    let together = [Some(0.88), Some(0.5), Some(0.05)];
    assert_eq!(
        spread_where(together, [edge, edge, other]),
        [true, false, false]
    );
    assert_eq!(
        spread_where(together, [edge, other, other]),
        [true, true, false]
    );
    assert_eq!(
        spread_where([Some(0.99), Some(0.05), Some(0.05)], [edge, edge, other]),
        [true, true, false]
    );
}

#[test]
fn a_flagged_link_pulls_in_its_run_but_not_weak_or_other_links() {
    assert_eq!(
        flags(&[0.99, 0.6, 0.3, 0.6], &[0, 0, 0, 3], 0.9),
        [true, true, false, false]
    );
    // Without a sure link nothing is pulled in.
    assert_eq!(flags(&[0.8, 0.8], &[0, 0], 0.9), [false, false]);
}

#[test]
fn a_campaign_page_lowers_the_bar_for_every_link() {
    assert_eq!(
        flags(&[0.99, 0.97, 0.6, 0.5], &[0, 1, 2, 3], 0.9),
        [true, true, true, false]
    );
    // One sure link is not a campaign.
    assert_eq!(flags(&[0.99, 0.6], &[0, 1], 0.9), [true, false]);
    // Two near-sure links are: a link wheel's links score just under the threshold.
    assert_eq!(
        flags(&[0.88, 0.9, 0.6], &[0, 1, 2], 0.96),
        [true, true, true]
    );
    assert_eq!(
        flags(&[0.8, 0.9, 0.6], &[0, 1, 2], 0.96),
        [false, false, false]
    );
    // A link to a domain the page cites is held to the usual bars.
    let scores = [Some(0.99), Some(0.97), Some(0.6), Some(0.6)];
    let cited = [false, false, true, false];
    let params = DecodeParams::new(0.9);
    assert_eq!(
        flag_links(&scores, &[0, 1, 2, 3], params, true, &cited),
        [true, true, false, true]
    );
}

#[test]
fn links_to_a_cited_source_do_not_make_a_campaign() {
    let params = DecodeParams::new(0.97);
    // "Fuente:" lines citing one film site, near-sure but under the threshold.
    let scores = [Some(0.9), Some(0.92), Some(0.88), Some(0.6)];
    assert_eq!(sure_links(&scores, &[], params), 3);
    let cited = [true, true, true, false];
    assert_eq!(sure_links(&scores, &cited, params), 0);
    // Two near-sure links elsewhere still make one.
    let cited = [true, false, false, false];
    assert_eq!(sure_links(&scores, &cited, params), 2);
}

/// Tokens borrow their document: a test's document lives as long as the test process.
fn extraction(text: &str) -> Extraction<'static> {
    extraction_as(text, crate::document::Format::Text)
}

fn extraction_as(text: &str, format: crate::document::Format) -> Extraction<'static> {
    let doc = crate::document::Document::new("t", text, Some(format));
    crate::features::extract_rows(
        Box::leak(Box::new(doc)),
        &crate::model::FeatureConfig::current(),
        &crate::features::Fluency::default(),
    )
    .0
}

fn token(ex: &Extraction, surface: &str) -> usize {
    ex.tokens.iter().position(|t| t.surface == surface).unwrap()
}

#[test]
fn a_flagged_capitalised_run_is_widened_to_the_whole_name() {
    let ex = extraction("The Us want far Dale Hunter Jersey more on ISIS.");
    let (hunter, jersey) = (token(&ex, "Hunter"), token(&ex, "Jersey"));
    assert_eq!(
        capitalised_extent(&ex, hunter, jersey),
        (hunter - 1, jersey)
    );
    assert_eq!(
        capitalised_extent(&ex, hunter, hunter),
        (hunter - 1, jersey)
    );
    // Not past a sentence start or a lower-case word.
    let ex = extraction("It ended. Hunter Jersey sold out.");
    let h = token(&ex, "Hunter");
    assert_eq!(capitalised_extent(&ex, h + 1, h + 1), (h, h + 1));
    let ex = extraction("we saw cheap Jersey there");
    let j = token(&ex, "Jersey");
    assert_eq!(capitalised_extent(&ex, j, j), (j, j));
}

#[test]
fn a_flagged_prose_run_takes_in_its_strong_neighbours_within_the_sentence() {
    let ex = extraction("Agreed. Buy viagra and cialis online today. Roads");
    let probs = [0.9, 0.94, 0.94, 0.7, 0.99, 0.99, 0.1, 0.95];
    let p = DecodeParams::new(0.95);
    let any = |_: usize| true;
    // Over "and" (a gap of one), not past "Agreed." nor into the next sentence.
    assert_eq!(extend_run(&ex, &probs, p, 4, 5, &any), (1, 5));
    let weak = [0.9, 0.94, 0.1, 0.1, 0.99, 0.99, 0.1, 0.95];
    assert_eq!(extend_run(&ex, &weak, p, 4, 5, &any), (4, 5));
}

#[test]
fn on_a_caught_page_runs_meet_the_campaign_bar_and_a_lone_word_the_usual_one() {
    let text = "See http://a.example/x and http://b.example/y now. It was a replica \
                of the memo. Buy cheap pills here. We met at noon.";
    let ex = extraction(text);
    let spans = |replica: f32, noon: f32| {
        let mut probs = vec![0.01; ex.tokens.len()];
        for (i, t) in ex.tokens.iter().enumerate() {
            probs[i] = match t.surface.as_ref() {
                "http://a.example/x" | "http://b.example/y" => 0.99,
                "replica" => replica,
                "cheap" | "pills" => 0.7,
                "noon" => noon,
                _ => 0.01,
            };
        }
        let (spans, _) = decode(text, &ex, &probs, DecodeParams::new(0.95));
        spans
            .iter()
            .map(|s| &text[s.range.clone()])
            .collect::<Vec<_>>()
    };
    assert_eq!(
        spans(0.9, 0.01),
        ["http://a.example/x", "http://b.example/y", "cheap pills"]
    );
    // At the page's usual bar a lone word stands, on a caught page as on any other.
    assert_eq!(spans(0.97, 0.01)[2], "replica");
    assert_eq!(spans(0.9, 0.97)[3], "noon");
}

/// A comment that is nothing but spam links and a line of praise: every word sits next to
/// a spam link and scores high, but only runs holding spam vocabulary or a name are
/// advertisements.
#[test]
fn on_a_caught_page_a_run_of_plain_words_is_no_advertisement() {
    let text = "This is very informative. [url=http://a.example/x]slot gacor[/url] \
                [url=http://b.example/y]slot demo[/url] We met Dale Hunter there.";
    let ex = extraction(text);
    let mut probs = vec![0.01; ex.tokens.len()];
    for (i, t) in ex.tokens.iter().enumerate() {
        probs[i] = match t.surface.as_ref() {
            "is" | "very" | "Dale" | "Hunter" => 0.7,
            _ if t.link.is_some() => 0.99,
            _ => 0.01,
        };
    }
    let (spans, _) = decode(text, &ex, &probs, DecodeParams::new(0.95));
    let found: Vec<&str> = spans.iter().map(|s| &text[s.range.clone()]).collect();
    assert!(!found.contains(&"is very"), "{found:?}");
    assert!(found.contains(&"Dale Hunter"), "{found:?}");
    // At the page's usual bar the plain run stands, as on any page.
    probs[token(&ex, "is")] = 0.97;
    let (spans, _) = decode(text, &ex, &probs, DecodeParams::new(0.95));
    assert!(spans.iter().any(|s| &text[s.range.clone()] == "is very"));
}

#[test]
fn a_caught_anchor_echoes_where_the_campaign_pasted_it_into_prose() {
    let text = "Agencies have been perfecting their Buy Valium Online process within \
                weeks. See [buy valium online](http://x.example/buy-valium-online) and \
                [within](http://y.example/page/) now. Buy Valium Online, they said.";
    let ex = extraction(text);
    let spans = |link: f32| {
        let probs: Vec<f32> = (ex.tokens.iter())
            .map(|t| if t.link.is_some() { link } else { 0.01 })
            .collect();
        let (spans, _) = decode(text, &ex, &probs, DecodeParams::new(0.95));
        (spans.iter())
            .map(|s| &text[s.range.clone()])
            .collect::<Vec<_>>()
    };
    // Both prose copies of the spam anchor; not "within", a word of the page's own.
    assert_eq!(
        spans(0.99),
        [
            "Buy Valium Online",
            "[buy valium online](http://x.example/buy-valium-online)",
            "[within](http://y.example/page/)",
            "Buy Valium Online"
        ]
    );
    // Nothing caught, nothing echoes.
    assert!(spans(0.5).is_empty());
}

#[test]
fn a_spam_phrase_stuffed_into_three_sentences_is_found_however_low_it_scores() {
    let spans = |text: &'static str| {
        let ex = extraction(text);
        let probs = vec![0.01; ex.tokens.len()];
        let (spans, _) = decode(text, &ex, &probs, DecodeParams::new(0.95));
        (spans.iter())
            .map(|s| &text[s.range.clone()])
            .collect::<Vec<_>>()
    };
    // (The first line is the page's title, which makes its spam words the topic.)
    let stuffed = "College data\n\nThe data is open Escort Bayan. The Escort Bayan data helps. \
                   Students gain Escort Bayan from the data. We met in New York. \
                   New York is big. They left New York.";
    assert_eq!(spans(stuffed), ["Escort Bayan"; 3]);
    // Two sentences are not stuffing; a repeated name without spam words is prose.
    assert!(spans("College data\n\nIt is open Escort Bayan. The Escort Bayan data.").is_empty());
}

#[test]
fn a_word_widened_into_a_phrase_is_not_lone() {
    let text = "Managing records is essential to effective viagra pas cher website work.";
    let ex = extraction(text);
    let spans = |viagra: f32| {
        let probs: Vec<f32> = (ex.tokens.iter())
            .map(|t| match t.surface.as_ref() {
                "viagra" => viagra,
                "pas" => 0.97,
                "cher" => 0.9,
                _ => 0.01,
            })
            .collect();
        let (spans, _) = decode(text, &ex, &probs, DecodeParams::new(0.95));
        (spans.iter())
            .map(|s| &text[s.range.clone()])
            .collect::<Vec<_>>()
    };
    // "pas" alone is under the lone margin; its strong neighbours make it a phrase.
    assert_eq!(spans(0.85), ["viagra pas cher"]);
    assert_eq!(spans(0.2), ["pas cher"]);
}

#[test]
fn a_bare_url_takes_its_own_parentheses_only() {
    let text = "the FSF (http://a.example/) who ( http://b.example/ shirt) (c) http://c.example/)";
    let at = |url: &str| {
        let start = text.find(url).unwrap();
        &text[in_parentheses(text, &(start..start + url.len()))]
    };
    assert_eq!(at("http://a.example/"), "(http://a.example/)");
    assert_eq!(at("http://b.example/"), "http://b.example/");
    assert_eq!(at("http://c.example/"), "http://c.example/");
}

#[test]
fn a_bbcode_link_takes_the_styles_wrapped_around_it_alone() {
    let link = "[url=http://a.example/]cheap pills[/url]";
    let at = |text: &str| {
        let start = text.find(link).unwrap();
        text[in_bbcode_styles(text, &(start..start + link.len()))].to_string()
    };
    assert_eq!(at(&format!("x [b]{link}[/b] y")), format!("[b]{link}[/b]"));
    assert_eq!(
        at(&format!("x [B][color=red]{link}[/color][/B] y")),
        format!("[B][color=red]{link}[/color][/B]")
    );
    // Not wrapped alone, or not a style: the link only.
    assert_eq!(at(&format!("[b]see {link}[/b]")), link);
    assert_eq!(at(&format!("[b]{link} and more[/b]")), link);
    assert_eq!(at(&format!("[quote]{link}[/quote]")), link);
    assert_eq!(at(&format!("[b=x]{link}[/b]")), link);
    assert_eq!(at(&format!("{link}[/b]")), link);
}

#[test]
fn the_low_bars_never_rise_above_the_threshold() {
    let p = DecodeParams::new(0.3);
    assert!(p.run_threshold <= 0.3 && p.campaign_threshold <= 0.3);
    assert_eq!(flags(&[0.35, 0.1], &[0, 0], 0.3), [true, false]);
    let missing = flag_links(
        &[None, Some(0.99)],
        &[0, 0],
        DecodeParams::new(0.9),
        false,
        &[],
    );
    assert_eq!(missing, [false, true]);
}
