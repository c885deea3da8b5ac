//! Hidden blocks as spans. A block goes whole when a flagged link sits in it or most of its
//! tokens are flagged; but when the block is the page's own (a closed popup, a collapsed
//! menu) and the injection is a hidden block inside it, only the injection goes. An
//! injection is pasted more than once: a block that opens exactly as one that went (the
//! same hiding `<style>` and start tag) and links off the site goes too, whatever its own
//! words ("Woolrich Prezzi Bassi" after three blocks of "Gucci" replicas).

use crate::document::{HiddenBlock, Structure};

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
        // The blocks are disjoint and in source order.
        let k = structure
            .hidden
            .partition_point(|h| h.range.start <= link.range.start);
        if let Some(h) = k
            .checked_sub(1)
            .filter(|&h| within(&link.range, &structure.hidden[h]))
        {
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
        let narrowed = if mostly_flagged {
            Vec::new()
        } else {
            injected_blocks_within(structure, block, &flagged_links)
        };
        let whole = narrowed.is_empty();
        let blocks = if whole { vec![block] } else { narrowed };
        for b in blocks {
            let tokens: Vec<usize> = inside
                .iter()
                .copied()
                .filter(|&i| within(&ex.tokens[i].range, b))
                .collect();
            let score = tokens.iter().map(|&i| probs[i]).fold(0.0, f32::max);
            let open = opening(text, b);
            if whole && !open.is_empty() {
                gone.push((open, score));
            }
            spans.push(Span {
                range: b.range.clone(),
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

fn within(range: &std::ops::Range<usize>, block: &HiddenBlock) -> bool {
    block.range.start <= range.start && range.end <= block.range.end
}

/// The outermost hidden blocks nested in `block` that hold the flagged links, when every
/// flagged link of `block` is in one of them; else none.
fn injected_blocks_within<'s>(
    structure: &'s Structure,
    block: &HiddenBlock,
    flagged_links: &[usize],
) -> Vec<&'s HiddenBlock> {
    // Nested blocks are in source order, longest first among those starting together, and
    // those inside `block` are the ones starting inside it.
    let nested = &structure.nested_hidden;
    let inner = &nested[nested.partition_point(|n| n.range.start < block.range.start)
        ..nested.partition_point(|n| n.range.start < block.range.end)];
    let mut chosen: Vec<&HiddenBlock> = Vec::new();
    for &l in flagged_links {
        let link = &structure.links[l].range;
        if chosen.iter().any(|b| within(link, b)) {
            continue;
        }
        // The first one holding the link is the outermost.
        match inner.iter().find(|n| within(link, n)) {
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

    #[test]
    fn an_injection_hidden_inside_a_hidden_popup_of_the_page_goes_alone() {
        let text = "<html><body><p>Hello there, readers of this page.</p>\
            <div id=\"popup\" style=\"display:none\"><p>Write your comment here please</p>\
            <p>Thanks for writing</p>\
            <style>#wd{visibility:hidden}</style>\n<div id=\"wd\">\
            <a href=\"http://pills.example/buy-viagra\">buy viagra</a></div></div>\
            <p>End of the page.</p></body></html>";
        let doc = Document::new("d", text, Some(Format::Html));
        let ex = crate::features::extract_rows(
            &doc,
            &crate::model::FeatureConfig::current(),
            &crate::features::Fluency::default(),
        )
        .0;
        assert_eq!(ex.structure.nested_hidden.len(), 1);
        // Every link token flagged, nothing else.
        let probs: Vec<f32> = ex
            .tokens
            .iter()
            .map(|t| if t.link.is_some() { 0.99 } else { 0.01 })
            .collect();
        let (spans, _) = decode(text, &ex, &probs, DecodeParams::new(0.9));
        let texts: Vec<&str> = spans.iter().map(|s| &text[s.range.clone()]).collect();
        assert_eq!(
            texts,
            ["<style>#wd{visibility:hidden}</style>\n<div id=\"wd\">\
              <a href=\"http://pills.example/buy-viagra\">buy viagra</a></div>"]
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
