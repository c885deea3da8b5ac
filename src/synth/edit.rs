//! Splices: edits of a base text at byte offsets that carry their own gold spans.
//!
//! Every change the generator makes (an injected link, a spun word, a clean sentence) is a
//! splice on the untouched base text. They are applied in one pass, so a span's offsets come
//! out right however many edits precede it, and the rest of the document stays byte-for-byte
//! as it was. Offsets are bytes inside; gold spans leave in Unicode code points (FORMAT.md).

use crate::io::{GoldSpan, LabelledDoc};

/// One edit of the base text: replace `start..end` (bytes; equal for a pure insertion) by
/// `text`. `spans` are the labelled parts of `text` (byte ranges into `text`, with a kind);
/// whatever else `text` holds (spaces, newlines, `<ul>` wrappers) is an unlabelled separator.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Splice {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub spans: Vec<(usize, usize, &'static str)>,
}

impl Splice {
    /// An unlabelled insertion (noise, separators).
    pub fn insert(at: usize, text: impl Into<String>) -> Splice {
        Splice {
            start: at,
            end: at,
            text: text.into(),
            spans: Vec::new(),
        }
    }

    /// An unlabelled replacement (spun words, legitimate links).
    pub fn replace(start: usize, end: usize, text: impl Into<String>) -> Splice {
        Splice {
            start,
            end,
            text: text.into(),
            spans: Vec::new(),
        }
    }

    /// An insertion of `before + element + after` where `element` is the labelled spam.
    pub fn labelled(
        at: usize,
        before: &str,
        element: &str,
        after: &str,
        kind: &'static str,
    ) -> Splice {
        let mut s = Splice::insert(at, String::new());
        s.push(before, None);
        s.push(element, Some(kind));
        s.push(after, None);
        s
    }

    /// Append a piece to the inserted text, labelled with `kind` when given.
    pub fn push(&mut self, piece: &str, kind: Option<&'static str>) {
        let from = self.text.len();
        self.text.push_str(piece);
        if let Some(kind) = kind {
            if !piece.is_empty() {
                self.spans.push((from, self.text.len(), kind));
            }
        }
    }
}

/// Where a splice landed in the output (code points) and what base text it replaced, so that
/// tests can undo every edit and compare with the base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Trace {
    pub start: usize,
    pub end: usize,
    pub original: String,
}

/// The result of applying splices.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Applied {
    pub text: String,
    /// New and carried-over spans, in code points, sorted.
    pub spans: Vec<GoldSpan>,
    pub traces: Vec<Trace>,
    /// How many splices were dropped because they overlapped another edit or a kept span.
    pub dropped: usize,
}

/// A span already in the document (bytes) that must survive the edits unchanged.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct KeptSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub kind: Option<String>,
}

/// Apply `splices` to `base`. Splices that are out of range, not on character boundaries,
/// overlapping an earlier splice, or cutting into a kept span are dropped (and counted): the
/// callers choose positions carefully, and this is the backstop that keeps spans exact.
pub(crate) fn apply(base: &str, mut splices: Vec<Splice>, kept: &[KeptSpan]) -> Applied {
    let total = splices.len();
    splices.retain(|s| {
        s.start <= s.end
            && s.end <= base.len()
            && base.is_char_boundary(s.start)
            && base.is_char_boundary(s.end)
            && s.spans.iter().all(|&(a, b, _)| a < b && b <= s.text.len())
    });
    // Stable: insertions at one position keep the order in which they were made.
    splices.sort_by_key(|s| (s.start, s.end));
    let mut chosen: Vec<Splice> = Vec::with_capacity(splices.len());
    let mut last_end = 0usize;
    for s in splices {
        let hits_kept = kept.iter().any(|k| {
            if s.start == s.end {
                k.start < s.start && s.start < k.end
            } else {
                s.start < k.end && k.start < s.end
            }
        });
        if hits_kept || s.start < last_end {
            continue;
        }
        last_end = last_end.max(s.end);
        chosen.push(s);
    }
    let dropped = total - chosen.len();

    let mut text =
        String::with_capacity(base.len() + chosen.iter().map(|s| s.text.len()).sum::<usize>());
    let mut spans_b: Vec<(usize, usize, String, Option<String>)> = Vec::new();
    let mut traces_b: Vec<(usize, usize, String)> = Vec::new();
    let mut cursor = 0;
    for s in &chosen {
        text.push_str(&base[cursor..s.start]);
        let at = text.len();
        text.push_str(&s.text);
        for &(a, b, kind) in &s.spans {
            spans_b.push((at + a, at + b, "spam".to_string(), Some(kind.to_string())));
        }
        traces_b.push((at, text.len(), base[s.start..s.end].to_string()));
        cursor = s.end;
    }
    text.push_str(&base[cursor..]);

    for k in kept {
        let start = map_offset(&chosen, k.start, false);
        let end = map_offset(&chosen, k.end, true);
        spans_b.push((start, end, k.label.clone(), k.kind.clone()));
    }

    let mut offsets: Vec<usize> = Vec::with_capacity(2 * (spans_b.len() + traces_b.len()));
    for s in &spans_b {
        offsets.extend([s.0, s.1]);
    }
    for t in &traces_b {
        offsets.extend([t.0, t.1]);
    }
    let cps = code_points(&text, &offsets);
    let mut it = cps.into_iter();
    let mut spans: Vec<GoldSpan> = Vec::with_capacity(spans_b.len());
    for (_, _, label, kind) in spans_b {
        let (start, end) = (it.next().unwrap_or(0), it.next().unwrap_or(0));
        spans.push(GoldSpan {
            start,
            end,
            label,
            kind,
        });
    }
    let mut traces = Vec::with_capacity(traces_b.len());
    for (_, _, original) in traces_b {
        let (start, end) = (it.next().unwrap_or(0), it.next().unwrap_or(0));
        traces.push(Trace {
            start,
            end,
            original,
        });
    }
    spans.sort_by_key(|s| (s.start, s.end));
    Applied {
        text,
        spans,
        traces,
        dropped,
    }
}

/// Where base byte `pos` lands in the output. A span start moves past insertions made at its
/// position (they go before it); a span end stays before them.
fn map_offset(chosen: &[Splice], pos: usize, is_end: bool) -> usize {
    let mut out = pos;
    for s in chosen {
        let before = s.end < pos || (s.end == pos && (s.start < pos || !is_end));
        if before {
            out = out + s.text.len() - (s.end - s.start);
        }
    }
    out
}

/// Convert byte offsets of `text` to code-point offsets, in one pass over the text. An offset
/// inside a character counts that character (it never happens for offsets made here).
pub(crate) fn code_points(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_by_key(|&i| bytes[i]);
    let mut out = vec![0usize; bytes.len()];
    let mut chars = text.char_indices().peekable();
    let mut count = 0usize;
    for i in order {
        while let Some(&(b, _)) = chars.peek() {
            if b < bytes[i] {
                count += 1;
                chars.next();
            } else {
                break;
            }
        }
        out[i] = count;
    }
    out
}

/// Convert code-point offsets of `text` to byte offsets (past-the-end saturates at the end).
pub(crate) fn byte_offsets(text: &str, cps: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..cps.len()).collect();
    order.sort_by_key(|&i| cps[i]);
    let mut out = vec![text.len(); cps.len()];
    let mut chars = text.char_indices().enumerate().peekable();
    for i in order {
        let target = cps[i];
        while let Some(&(n, _)) = chars.peek() {
            if n < target {
                chars.next();
            } else {
                break;
            }
        }
        out[i] = chars.peek().map_or(text.len(), |&(_, (b, _))| b);
    }
    out
}

/// A document's existing spans (code points) as byte ranges to keep.
pub(crate) fn kept_spans(doc: &LabelledDoc) -> Vec<KeptSpan> {
    let spans = doc.spans.as_deref().unwrap_or(&[]);
    let cps: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
    let bytes = byte_offsets(&doc.text, &cps);
    spans
        .iter()
        .zip(bytes.chunks_exact(2))
        .map(|(s, b)| KeptSpan {
            start: b[0],
            end: b[1],
            label: s.label.clone(),
            kind: s.kind.clone(),
        })
        .collect()
}
