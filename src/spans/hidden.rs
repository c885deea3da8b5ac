//! Hidden blocks as spans. A block goes whole when a flagged link sits in it or most of its
//! tokens are flagged; but when the block is the page's own (a closed popup, a collapsed
//! menu) and the injection is a hidden block inside it, only the injection goes.

use crate::document::{HiddenBlock, Structure};
use crate::features::Extraction;

use super::{DecodeParams, Span};

/// Spans of the hidden blocks of `ex`, given which links are flagged.
pub(super) fn hidden_spans(
    ex: &Extraction,
    probs: &[f32],
    params: DecodeParams,
    link_flagged: &[bool],
    spans: &mut Vec<Span>,
) {
    let structure = &ex.structure;
    for (h, block) in structure.hidden.iter().enumerate() {
        let inside: Vec<usize> = (0..ex.tokens.len())
            .filter(|&i| ex.tokens[i].hidden == Some(h))
            .collect();
        if inside.is_empty() {
            continue;
        }
        let flagged_links = flagged_links_in(structure, link_flagged, block);
        let flagged = inside
            .iter()
            .filter(|&&i| probs[i] >= params.threshold)
            .count();
        let mostly_flagged = flagged * 2 >= inside.len();
        if flagged_links.is_empty() && !mostly_flagged {
            continue;
        }
        let narrowed = if mostly_flagged {
            Vec::new()
        } else {
            injected_blocks_within(structure, block, &flagged_links)
        };
        let blocks = if narrowed.is_empty() {
            vec![block]
        } else {
            narrowed
        };
        for b in blocks {
            let tokens: Vec<usize> = inside
                .iter()
                .copied()
                .filter(|&i| within(&ex.tokens[i].range, b))
                .collect();
            let score = tokens.iter().map(|&i| probs[i]).fold(0.0, f32::max);
            spans.push(Span {
                range: b.range.clone(),
                score,
                kind: "hidden_block",
                tokens,
                pass: 0,
            });
        }
    }
}

fn within(range: &std::ops::Range<usize>, block: &HiddenBlock) -> bool {
    block.range.start <= range.start && range.end <= block.range.end
}

/// Indices of the flagged links inside `block`.
fn flagged_links_in(
    structure: &Structure,
    link_flagged: &[bool],
    block: &HiddenBlock,
) -> Vec<usize> {
    structure
        .links
        .iter()
        .enumerate()
        .filter(|&(l, link)| link_flagged[l] && within(&link.range, block))
        .map(|(l, _)| l)
        .collect()
}

/// The outermost hidden blocks nested in `block` that hold the flagged links, when every
/// flagged link of `block` is in one of them; else none.
fn injected_blocks_within<'s>(
    structure: &'s Structure,
    block: &HiddenBlock,
    flagged_links: &[usize],
) -> Vec<&'s HiddenBlock> {
    let mut chosen: Vec<&HiddenBlock> = Vec::new();
    for &l in flagged_links {
        let link = &structure.links[l].range;
        if chosen.iter().any(|b| within(link, b)) {
            continue;
        }
        // Nested blocks are in source order, longest first among those starting together,
        // so the first one holding the link is the outermost.
        let holder = structure
            .nested_hidden
            .iter()
            .filter(|n| within(&n.range, block))
            .find(|n| within(link, n));
        match holder {
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
        let ex = crate::features::extract(
            &doc,
            &crate::model::FeatureConfig::current(),
            &crate::features::Fluency::default(),
        );
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
}
