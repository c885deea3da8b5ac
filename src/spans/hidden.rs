//! Hidden blocks as spans. A block goes whole when a flagged link sits in it or most of its
//! tokens are flagged; but when the block is the page's own (a closed popup, a collapsed
//! menu) and the injection is a hidden block inside it, only the injection goes. An
//! injection is pasted more than once: a block that opens exactly as one that went (the
//! same hiding `<style>` and start tag) and links off the site goes too, whatever its own
//! words ("Woolrich Prezzi Bassi" after three blocks of "Gucci" replicas). Content after
//! `</html>` that is only whole one-link elements (`<p><a>…</a></p>` lines) is a link list
//! appended to the page: each element goes as its own span, as a list's items do.

use std::ops::Range;

use crate::document::{HiddenBlock, HiddenReason, Structure};

use super::{DecodeParams, Scored, Span};

/// Spans of the hidden blocks of `ex`, given which links are flagged.
pub(super) fn hidden_spans(
    page: Scored,
    params: DecodeParams,
    link_flagged: &[bool],
    spans: &mut Vec<Span>,
) {
    let Scored { text, ex, probs } = page;
    let structure = &ex.structure;
    // One walk over the tokens and one over the flagged links, not one per block: a page
    // can hide thousands of blocks.
    let mut inside_of: Vec<Vec<usize>> = vec![Vec::new(); structure.hidden.len()];
    for (i, t) in ex.tokens.iter().enumerate() {
        if let Some(v) = t.hidden.and_then(|h| inside_of.get_mut(h)) {
            v.push(i);
        }
    }
    let mut flagged_links_of: Vec<Vec<usize>> = vec![Vec::new(); structure.hidden.len()];
    for (l, link) in structure.links.iter().enumerate() {
        if !link_flagged.get(l).copied().unwrap_or(false) {
            continue;
        }
        if let Some(h) = HiddenBlock::holding(&structure.hidden, &link.range) {
            flagged_links_of[h].push(l);
        }
    }
    // The openings of the blocks that went whole (those that open with a tag), and their
    // scores.
    let mut gone: Vec<(&str, f32)> = Vec::new();
    let mut left: Vec<(&HiddenBlock, Vec<usize>)> = Vec::new();
    for ((block, inside), flagged_links) in
        structure.hidden.iter().zip(inside_of).zip(flagged_links_of)
    {
        if inside.is_empty() {
            continue;
        }
        let flagged = inside
            .iter()
            .filter(|&&i| probs[i] >= params.threshold)
            .count();
        let mostly_flagged = flagged * 2 >= inside.len();
        if flagged_links.is_empty() && !mostly_flagged {
            left.push((block, inside));
            continue;
        }
        // The block goes whole, or only its parts: the one-link elements appended after
        // `</html>`, or the hidden blocks nested in the page's own popup that hold the
        // flagged links.
        let parts: Vec<Range<usize>> = match appended_items(text, structure, block, &flagged_links)
        {
            Some(items) => items,
            None if flagged_links.is_empty() => Vec::new(),
            None => {
                // The host's own content: its words and links under the bar, in source
                // order, so that whether a range holds any is one binary search.
                let own: Vec<&Range<usize>> = (inside.iter())
                    .filter(|&&i| !ex.tokens[i].markup && probs[i] < params.threshold)
                    .map(|&i| &ex.tokens[i].range)
                    .collect();
                let own_content = |r: &Range<usize>| {
                    let first = own.partition_point(|t| t.start < r.start);
                    own.get(first).is_some_and(|t| t.end <= r.end)
                };
                let injected: Vec<Range<usize>> =
                    injected_blocks_within(structure, block, &flagged_links, own_content)
                        .into_iter()
                        .map(|b| b.range.clone())
                        .collect();
                // The injection can be most of its host popup's words; the host's own
                // words outside it decide whether the popup goes too.
                let (mut outside, mut outside_flagged) = (0, 0);
                for &i in &inside {
                    if !injected.iter().any(|r| within(&ex.tokens[i].range, r)) {
                        outside += 1;
                        outside_flagged += usize::from(probs[i] >= params.threshold);
                    }
                }
                if outside_flagged * 2 >= outside {
                    Vec::new()
                } else {
                    injected
                }
            }
        };
        let whole = parts.is_empty();
        let ranges = if whole {
            vec![block.range.clone()]
        } else {
            parts
        };
        for range in ranges {
            let tokens: Vec<usize> = inside
                .iter()
                .copied()
                .filter(|&i| within(&ex.tokens[i].range, &range))
                .collect();
            let score = tokens.iter().map(|&i| probs[i]).fold(0.0, f32::max);
            let open = opening(text, block);
            if whole && !open.is_empty() {
                gone.push((open, score));
            }
            spans.push(Span {
                range,
                score,
                kind: "hidden_block",
                tokens,
                pass: 0,
            });
        }
    }
    if gone.is_empty() {
        return;
    }
    for (block, inside) in left {
        let open = opening(text, block);
        let Some(&(_, score)) = gone.iter().find(|(g, _)| *g == open) else {
            continue;
        };
        let links_off_site = inside.iter().any(|&i| {
            ex.tokens[i]
                .link
                .and_then(|l| ex.context.links.get(l))
                .is_some_and(|f| !f.same_site && f.url.is_some())
        });
        if links_off_site {
            spans.push(Span {
                range: block.range.clone(),
                score,
                kind: "hidden_block",
                tokens: inside,
                pass: 0,
            });
        }
    }
}

/// The elements of content after `</html>` when it is nothing but two or more elements
/// that each hold one link, all of them flagged; else None.
fn appended_items(
    text: &str,
    structure: &Structure,
    block: &HiddenBlock,
    flagged_links: &[usize],
) -> Option<Vec<Range<usize>>> {
    if block.reason != HiddenReason::AfterHtmlEnd {
        return None;
    }
    let links = &structure.links;
    let first = links.partition_point(|l| l.range.start < block.range.start);
    let last = links.partition_point(|l| l.range.start < block.range.end);
    if last - first < 2 || flagged_links.len() != last - first {
        return None;
    }
    let mut items = Vec::with_capacity(last - first);
    let mut at = block.range.start;
    for link in &links[first..last] {
        let item = link.container.clone()?;
        let between = text.get(at..item.start)?;
        if !between.trim().is_empty() || item.end > block.range.end {
            return None;
        }
        at = item.end;
        items.push(item);
    }
    text.get(at..block.range.end)?
        .trim()
        .is_empty()
        .then_some(items)
}

/// How `block` opens in the source: a `<style>` element declaring it hidden, if it starts
/// with one, and its own start tag. Empty when the block does not start with a tag.
fn opening<'t>(text: &'t str, block: &HiddenBlock) -> &'t str {
    let Some(source) = text.get(block.range.clone()) else {
        return "";
    };
    let mut at = 0;
    if source.starts_with("<style") {
        match source.find("</style>") {
            Some(end) => {
                let after = end + "</style>".len();
                at = after + (source[after..].len() - source[after..].trim_start().len());
            }
            None => return "",
        }
    }
    if !source[at..].starts_with('<') {
        return "";
    }
    match source[at..].find('>') {
        Some(end) => &source[..at + end + 1],
        None => "",
    }
}

fn within(range: &Range<usize>, outer: &Range<usize>) -> bool {
    outer.start <= range.start && range.end <= outer.end
}

/// The hidden blocks nested in `block` that hold its flagged links: per link, the
/// outermost one holding none of the host's own content (a word or link under the bar,
/// `own_content`), or else the outermost. Empty when a flagged link sits in
/// no nested block: then the block itself is the injection. A page's closed popup can
/// itself sit in a hidden panel; the panel's popup is not the injection pasted into it.
fn injected_blocks_within<'s>(
    structure: &'s Structure,
    block: &HiddenBlock,
    flagged_links: &[usize],
    own_content: impl Fn(&Range<usize>) -> bool,
) -> Vec<&'s HiddenBlock> {
    // Nested blocks are in source order, longest first among those starting together, and
    // those inside `block` are the ones starting inside it.
    let nested = &structure.nested_hidden;
    let inner = &nested[nested.partition_point(|n| n.range.start < block.range.start)
        ..nested.partition_point(|n| n.range.start < block.range.end)];
    let mut chosen: Vec<&HiddenBlock> = Vec::new();
    for &l in flagged_links {
        let link = &structure.links[l].range;
        if chosen.iter().any(|b| within(link, &b.range)) {
            continue;
        }
        // Those holding the link come outermost first.
        let mut holding = inner.iter().filter(|n| within(link, &n.range));
        let outermost = holding.clone().next();
        match holding.find(|n| !own_content(&n.range)).or(outermost) {
            Some(n) => chosen.push(n),
            None => return Vec::new(),
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Format};
    use crate::spans::{decode, DecodeParams};

    /// The spans of `text` (HTML) when every link token is flagged and nothing else.
    fn links_flagged(text: &str) -> Vec<(String, &'static str)> {
        let doc = Document::new("d", text, Some(Format::Html));
        let ex = crate::features::extract_rows(
            &doc,
            &crate::model::FeatureConfig::current(),
            &crate::features::Fluency::default(),
        )
        .0;
        let probs: Vec<f32> = ex
            .tokens
            .iter()
            .map(|t| if t.link.is_some() { 0.99 } else { 0.01 })
            .collect();
        let (spans, _) = decode(text, &ex, &probs, DecodeParams::new(0.9));
        spans
            .iter()
            .map(|s| (text[s.range.clone()].to_string(), s.kind))
            .collect()
    }

    #[test]
    fn one_link_elements_after_the_page_end_go_one_by_one() {
        let page = "<html><body><p>Our club news for the week.</p></body></html>\n";
        let items = [
            "<p><a href=\"https://x.example/.well-known/\">slot gacor</a></p>",
            "<p><a href=\"https://x.example/.well-known/\">slot online</a></p>",
        ];
        let text = format!("{page}{}\n{}\n", items[0], items[1]);
        assert_eq!(
            links_flagged(&text),
            items.map(|i| (i.to_string(), "hidden_block"))
        );
        // Anything else out there, and the content after the end goes as one block.
        let text = format!("{page}{}\nslot gacor daftar\n{}\n", items[0], items[1]);
        let whole = text[page.len()..].trim_end().to_string();
        assert_eq!(links_flagged(&text), [(whole, "hidden_block")]);
        let bare = format!(
            "{page}<a href=\"https://x.example/a\">slot gacor</a>\n\
                            <a href=\"https://x.example/b\">slot online</a>\n"
        );
        let whole = bare[page.len()..].trim_end().to_string();
        assert_eq!(links_flagged(&bare), [(whole, "hidden_block")]);
    }

    #[test]
    fn an_injection_hidden_inside_a_hidden_popup_of_the_page_goes_alone() {
        let text = "<html><body><p>Hello there, readers of this page.</p>\
            <div id=\"popup\" style=\"display:none\"><p>Write your comment here please</p>\
            <p>Thanks for writing</p>\
            <style>#wd{visibility:hidden}</style>\n<div id=\"wd\">\
            <a href=\"http://pills.example/buy-viagra\">buy viagra</a></div></div>\
            <p>End of the page.</p></body></html>";
        assert_eq!(
            links_flagged(text),
            [(
                "<style>#wd{visibility:hidden}</style>\n<div id=\"wd\">\
                 <a href=\"http://pills.example/buy-viagra\">buy viagra</a></div>"
                    .to_string(),
                "hidden_block"
            )]
        );
    }

    #[test]
    fn an_injection_in_a_popup_inside_a_hidden_panel_goes_alone_however_long() {
        // The page's emoticon popup sits in its hidden side panel; the injection, pasted
        // into the popup, holds most of the popup's words.
        let injection = "<style>#wd{visibility:hidden}</style>\n<div id=\"wd\">\
            <a href=\"http://pills.example/buy-viagra\">buy viagra online today</a><br>\
            <a href=\"http://pills.example/cialis\">cheap cialis without prescription</a><br>\
            <a href=\"http://watches.example/replica\">replica watches for sale</a></div>";
        let text = format!(
            "<html><body><p>Hello there, readers of this page.</p>\
             <div id=\"panel\" style=\"display:none\"><p>Share this</p>\
             <div class=\"face\" style=\"display:none\">\
             <div><em>Faces</em></div>{injection}<div><em>Friends</em></div></div></div>\
             <p>End of the page.</p></body></html>"
        );
        assert_eq!(
            links_flagged(&text),
            [(injection.to_string(), "hidden_block")]
        );
    }

    #[test]
    fn a_block_opening_as_one_that_went_goes_too_when_it_links_off_the_site() {
        let first = "<style>#m{visibility:hidden}</style>\n<div id=\"m\">\
            <a href=\"http://a.example/gucci-replica\">Gucci Replica</a></div>";
        let again = "<style>#m{visibility:hidden}</style>\n<div id=\"m\">\
            <a href=\"http://b.example/woolrich-prezzi\">Woolrich Prezzi</a></div>";
        let other = "<style>#n{visibility:hidden}</style>\n<div id=\"n\">\
            <a href=\"http://c.example/winter-parka\">Winter Parka</a></div>";
        let text = format!(
            "<html><body><p>Our club news for the week.</p>{first}\
             <p>More news from the club.</p>{again}<p>The end.</p>{other}</body></html>"
        );
        let doc = Document::new("d", text.as_str(), Some(Format::Html));
        let ex = crate::features::extract_rows(
            &doc,
            &crate::model::FeatureConfig::current(),
            &crate::features::Fluency::default(),
        )
        .0;
        assert_eq!(ex.structure.hidden.len(), 3);
        // Only the first block's link is sure; the others score as nothing.
        let gucci = text.find("http://a.example").unwrap();
        let probs: Vec<f32> = ex
            .tokens
            .iter()
            .map(|t| {
                let sure = t
                    .link
                    .is_some_and(|l| ex.structure.links[l].range.contains(&gucci));
                if sure {
                    0.99
                } else {
                    0.01
                }
            })
            .collect();
        let (spans, _) = decode(&text, &ex, &probs, DecodeParams::new(0.9));
        let texts: Vec<&str> = spans.iter().map(|s| &text[s.range.clone()]).collect();
        assert_eq!(
            texts,
            [first, again],
            "the #n block opens otherwise and stays"
        );
    }
}
