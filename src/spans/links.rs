//! Link spans: each link is scored by the mean of its tokens, then flagged alone or with
//! the company it keeps — its run of adjacent links, the page's campaign, every link to
//! the same foreign domain — and its span covers the whole element (the `<li>` or list
//! line it sits alone in, the parentheses around a bare URL).

use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{DecodeParams, Found, Scored, Span};
use crate::document::{LinkKind, Structure};
use crate::features::LinkFacts;

/// Push a span for every flagged link; returns which links are flagged, for the hidden
/// blocks around them.
pub(super) fn link_spans(page: Scored, params: DecodeParams, found: &mut Found) -> Vec<bool> {
    let Scored { text, ex, probs } = page;
    let structure = &ex.structure;
    let mut link_tokens: Vec<Vec<usize>> = vec![Vec::new(); structure.links.len()];
    for (i, t) in ex.tokens.iter().enumerate() {
        if let Some(l) = t.link {
            link_tokens[l].push(i);
        }
    }

    // Every token of a link shares the link's features; the mean keeps one odd token (a
    // `<p><a` fragment) from deciding for the whole element.
    let link_scores: Vec<Option<f32>> = link_tokens
        .iter()
        .map(|toks| {
            (!toks.is_empty())
                .then(|| toks.iter().map(|&i| probs[i]).sum::<f32>() / toks.len() as f32)
        })
        .collect();
    let runs: Vec<usize> = ex.context.links.iter().map(|f| f.run_start).collect();
    let cited: Vec<bool> = ex
        .context
        .links
        .iter()
        .map(|f| f.domain_count >= params.cited_links)
        .collect();
    // Injections come in campaigns: a page with enough sure links is held to a lower bar.
    let campaign = sure_links(&link_scores, &cited, params) >= params.campaign_links;
    let mut link_flagged = flag_links(&link_scores, &runs, params, campaign, &cited);
    complete_spam_runs(&mut link_flagged, &link_scores, &ex.context.links, params);
    let placements: Vec<Placement> = (structure.links.iter())
        .zip(&ex.context.links)
        .map(|(l, f)| Placement::of(text, l.kind, &l.range, f.in_prose))
        .collect();
    flag_same_domain(
        &mut link_flagged,
        &link_scores,
        &ex.context.links,
        &placements,
        params,
    );
    flag_same_anchor(&mut link_flagged, &link_scores, &ex.context.links, params);
    for (l, toks) in link_tokens.iter().enumerate() {
        let Some(score) = link_scores[l] else {
            continue;
        };
        found.doc_score = found.doc_score.max(score);
        if link_flagged[l] {
            let link = &structure.links[l];
            let range = match &link.container {
                Some(container) => container.clone(),
                None if link.kind == LinkKind::BareUrl => in_parentheses(text, &link.range),
                None if link.kind == LinkKind::BbCode => in_bbcode_styles(text, &link.range),
                None => link.range.clone(),
            };
            found.spans.push(Span {
                range,
                score,
                kind: link_kind_name(structure, l),
                tokens: toks.clone(),
                pass: 0,
            });
        }
    }
    link_flagged
}

/// Links at or above the threshold, plus links at or above the run threshold that share a
/// run with one of those, plus, on a campaign page, links at or above the campaign
/// threshold that are not `cited` (to a domain the page links `cited_links` times).
pub(super) fn flag_links(
    scores: &[Option<f32>],
    runs: &[usize],
    params: DecodeParams,
    campaign: bool,
    cited: &[bool],
) -> Vec<bool> {
    let mut flagged: Vec<bool> = scores
        .iter()
        .map(|s| s.is_some_and(|s| s >= params.threshold))
        .collect();
    let mut run_has_flag = vec![false; scores.len()];
    for (l, &f) in flagged.iter().enumerate() {
        if let Some(&r) = runs.get(l).filter(|_| f) {
            if let Some(slot) = run_has_flag.get_mut(r) {
                *slot = true;
            }
        }
    }
    for (l, f) in flagged.iter_mut().enumerate() {
        let in_flagged_run = runs
            .get(l)
            .and_then(|&r| run_has_flag.get(r))
            .copied()
            .unwrap_or(false);
        if in_flagged_run && scores[l].is_some_and(|s| s >= params.run_threshold) {
            *f = true;
        }
    }
    if campaign {
        for (l, f) in flagged.iter_mut().enumerate() {
            let cited = cited.get(l).copied().unwrap_or(false);
            if !cited && scores[l].is_some_and(|s| s >= params.campaign_threshold) {
                *f = true;
            }
        }
    }
    flagged
}

/// The foreign links of a run that is mostly flagged, at or above
/// `run_majority_threshold` (see there).
pub(super) fn complete_spam_runs(
    flagged: &mut [bool],
    scores: &[Option<f32>],
    links: &[LinkFacts],
    params: DecodeParams,
) {
    let mut start = 0;
    while start < links.len() {
        let len = links[start].run_len.max(1);
        let end = (start + len).min(links.len());
        let sure = flagged[start..end].iter().filter(|&&f| f).count();
        if len >= 3 && 3 * sure >= 2 * len {
            for l in start..end {
                let f = &links[l];
                let listed = !f.same_site && f.url.is_some() && !f.prose_before;
                if listed && scores[l].is_some_and(|s| s >= params.run_majority_threshold) {
                    flagged[l] = true;
                }
            }
        }
        start = end;
    }
}

/// Where a link stands, as far as spreading over its domain goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Placement {
    /// A bare URL in prose with words of its line on both sides: pasted into a sentence.
    PastedUrl,
    /// A bare URL at an edge of its line ("Fuente: http://…" under a review, a line of
    /// its own in a list of sources): where a page cites.
    LineEdgeUrl,
    /// Any other link.
    Other,
}

impl Placement {
    pub(super) fn of(
        text: &str,
        kind: LinkKind,
        range: &Range<usize>,
        in_prose: bool,
    ) -> Placement {
        if kind != LinkKind::BareUrl {
            return Placement::Other;
        }
        match mid_line(text, range) {
            false => Placement::LineEdgeUrl,
            true if in_prose => Placement::PastedUrl,
            true => Placement::Other,
        }
    }
}

/// A domain is spam or not wherever the page links to it: once a link to a foreign domain
/// is certain (at or above `spread_threshold`), or its links are sure enough together
/// (see `domain_mean_threshold`), every link of the page to that domain is flagged,
/// whatever its own words say ("/jordan-11-for-sale.html" beside a sure
/// "/wholesale-jerseys" of the same host). The page's own site is never spread, nor, by
/// the mean, a domain whose every link is a [`Placement::LineEdgeUrl`]: a page that names
/// its sources at the ends of its lines cites them, and each link there stands on its own
/// score (ten "Fuente: http://www.filmaffinity.com/…" lines of a clean film blog, flagged
/// by models trained on other seeds' draws).
pub(super) fn flag_same_domain(
    flagged: &mut [bool],
    scores: &[Option<f32>],
    links: &[LinkFacts],
    placements: &[Placement],
    params: DecodeParams,
) {
    let foreign_domain = |l: usize| {
        links
            .get(l)
            .filter(|f| !f.same_site)
            .and_then(|f| f.url.as_ref())
            .map(|u| u.domain.as_str())
            .filter(|d| !d.is_empty())
    };
    let domains: Vec<Option<&str>> = (0..flagged.len())
        .map(|l| scores[l].and(foreign_domain(l)))
        .collect();
    // Per foreign domain: its links' count, score sum and top score, and the placement
    // every one of them shares (`Other` when they differ).
    let mut stats: FxHashMap<&str, (usize, f32, f32, Placement)> = FxHashMap::default();
    for (l, (domain, score)) in domains.iter().zip(scores).enumerate() {
        if let (Some(domain), Some(score)) = (domain, score) {
            let placement = placements.get(l).copied().unwrap_or(Placement::Other);
            let s = stats.entry(domain).or_insert((0, 0.0, 0.0, placement));
            let shared = if s.3 == placement {
                placement
            } else {
                Placement::Other
            };
            *s = (s.0 + 1, s.1 + score, s.2.max(*score), shared);
        }
    }
    let spam = |&(count, sum, top, placement): &(usize, f32, f32, Placement)| {
        let mean_needed = match placement {
            Placement::PastedUrl => Some(params.domain_prose_mean_threshold),
            Placement::LineEdgeUrl => None,
            Placement::Other => Some(params.domain_mean_threshold),
        };
        top >= params.spread_threshold
            || (count >= 2
                && mean_needed.is_some_and(|m| sum / count as f32 >= m)
                && top >= params.domain_top_threshold)
    };
    for (f, domain) in flagged.iter_mut().zip(&domains) {
        *f |= domain.is_some_and(|d| stats.get(d).is_some_and(spam));
    }
}

/// A campaign points one anchor at many domains: once a link to a foreign domain is
/// certain (at or above `spread_threshold`) and its anchor is foreign to the page (none of
/// its words is a word of the page's prose, or it holds spam vocabulary), every other link
/// off the site with the same anchor words is flagged, wherever it points: "[full
/// indir](…)" pasted seven times, to a shop whose name gives it away and to an innocent
/// host linked so often that the page seems to know it. A link wheel's anchor is a word of
/// the page ("Facebook") and spreads to nothing.
pub(super) fn flag_same_anchor(
    flagged: &mut [bool],
    scores: &[Option<f32>],
    links: &[LinkFacts],
    params: DecodeParams,
) {
    let anchor_of = |l: usize| {
        links
            .get(l)
            .filter(|f| !f.same_site && f.url.is_some() && !f.anchor_is_url)
            .filter(|f| !f.anchor_words.is_empty())
            .map(|f| f.anchor_words.as_slice())
    };
    // A set: a campaign page can hold thousands of certain links, each looked up once.
    let caught: FxHashSet<&[String]> = (0..flagged.len())
        .filter(|&l| flagged[l] && scores[l].is_some_and(|s| s >= params.spread_threshold))
        .filter(|&l| {
            links
                .get(l)
                .is_some_and(|f| f.anchor_unseen >= 1.0 || f.anchor_strong_lex > 0)
        })
        .filter_map(anchor_of)
        .collect();
    if caught.is_empty() {
        return;
    }
    for (l, f) in flagged.iter_mut().enumerate() {
        if !*f && anchor_of(l).is_some_and(|a| caught.contains(a)) {
            *f = true;
        }
    }
}

/// Whether a link has words of its own line on both sides: a URL alone on its line is a
/// field value or a citation, not a word of a sentence.
fn mid_line(text: &str, range: &Range<usize>) -> bool {
    let edge = |c: char| c == ' ' || c == '\t' || c == '(' || c == ')';
    let before = text[..range.start].trim_end_matches(edge);
    let after = text[range.end..].trim_start_matches(edge);
    !before.is_empty()
        && !before.ends_with('\n')
        && !after.is_empty()
        && !after.starts_with(['\n', '\r'])
}

/// Links at or above the near-sure bar of a campaign (`campaign_sure_threshold`), but for
/// those to a domain the page cites (`cited`, per link): a page that names one source
/// again and again has as many near-sure links as a campaign, and no campaign.
pub(super) fn sure_links(scores: &[Option<f32>], cited: &[bool], params: DecodeParams) -> usize {
    (scores.iter().enumerate())
        .filter(|&(l, _)| !cited.get(l).copied().unwrap_or(false))
        .filter(|(_, s)| s.is_some_and(|s| s >= params.campaign_sure_threshold))
        .count()
}

/// A BBCode link with the style tags wrapped around it alone ("[b][url=…]…[/url][/b]"):
/// they go with it, or cleaning would leave "[b][/b]" behind.
pub(super) fn in_bbcode_styles(text: &str, range: &Range<usize>) -> Range<usize> {
    const STYLES: [&str; 6] = ["b", "i", "u", "s", "color", "size"];
    let mut out = range.clone();
    loop {
        let before = &text[..out.start];
        let Some(open) = before.rfind('[').filter(|_| before.ends_with(']')) else {
            return out;
        };
        let tag = &before[open + 1..before.len() - 1];
        let name = tag.split('=').next().unwrap_or(tag);
        let Some(style) = STYLES.iter().find(|s| s.eq_ignore_ascii_case(name)) else {
            return out;
        };
        let close = format!("[/{style}]");
        let after = text.as_bytes().get(out.end..out.end + close.len());
        if !after.is_some_and(|a| a.eq_ignore_ascii_case(close.as_bytes()))
            || (tag.len() > name.len()) != (*style == "color" || *style == "size")
        {
            return out;
        }
        out = open..out.end + close.len();
    }
}

/// A bare URL written in parentheses of its own ("the FSF (http://shop.example/) who"):
/// the parentheses go with it, or cleaning would leave "()" behind.
pub(super) fn in_parentheses(text: &str, range: &Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let opens = range.start > 0 && bytes[range.start - 1] == b'(';
    let closes = bytes.get(range.end) == Some(&b')');
    if opens && closes {
        range.start - 1..range.end + 1
    } else {
        range.clone()
    }
}

fn link_kind_name(structure: &Structure, l: usize) -> &'static str {
    let link = &structure.links[l];
    if link.hidden {
        return "hidden_block";
    }
    match link.kind {
        LinkKind::BareUrl => "bare_url",
        _ if link.container.is_some() => "link_list",
        LinkKind::Markdown => "markdown_link",
        LinkKind::MarkdownRef => "ref_link",
        LinkKind::MarkdownRefDef => "ref_def",
        LinkKind::Html => "html_link",
        LinkKind::BbCode => "bbcode",
    }
}

#[cfg(test)]
mod tests {
    use super::mid_line;

    #[test]
    fn a_link_is_mid_line_with_words_of_its_line_on_both_sides() {
        let at = |text: &str, url: &str| {
            let start = text.find(url).unwrap_or(0);
            mid_line(text, &(start..start + url.len()))
        };
        assert!(at("with the shop.example influx of", "shop.example"));
        assert!(at(
            "the cost ( http://shop.example/ ) long",
            "http://shop.example/"
        ));
        assert!(!at(
            "Cataloging source\nhttp://x.example/a\nGarduño",
            "http://x.example/a"
        ));
        assert!(!at("see http://x.example/a\nnext", "http://x.example/a"));
        assert!(!at("http://x.example/a then", "http://x.example/a"));
    }
}
