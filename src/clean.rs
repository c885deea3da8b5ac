//! Removal: delete each span and mend the seam, so that "( https://shop/x white shirt)"
//! becomes "(white shirt)", a removed list line takes its line break with it and a removed
//! paragraph the blank line after it. Nothing
//! outside the spans and their one adjacent space changes.

use std::ops::Range;

/// Remove `spans` (byte ranges, any order, may overlap) from `text`.
pub fn remove_spans(text: &str, spans: &[Range<usize>]) -> String {
    Removal::new(text, spans).text
}

/// A text with spans removed, and the way back: which bytes of the original each byte of
/// the result came from. Detection runs again on the result (the page as it will be
/// published) and must report what it finds there in the original's offsets.
#[derive(Debug, Clone)]
pub struct Removal {
    pub text: String,
    /// The removed byte ranges of the original, seams included: sorted, disjoint.
    pub removed: Vec<Range<usize>>,
}

impl Removal {
    pub fn new(original: &str, spans: &[Range<usize>]) -> Removal {
        let spans: Vec<Range<usize>> = spans
            .iter()
            .filter(|r| r.start < r.end && r.end <= original.len())
            .cloned()
            .collect();
        // Merge first so that seams are judged at the edges of what is really removed,
        // then again since two widened seams may meet.
        let widened: Vec<Range<usize>> = merge(spans)
            .into_iter()
            .map(|r| widen_to_seam(original, r))
            .collect();
        let removed = merge(widened);
        let mut text = String::with_capacity(original.len());
        let mut pos = 0;
        for r in &removed {
            text.push_str(&original[pos..r.start]);
            pos = r.end;
        }
        text.push_str(&original[pos..]);
        Removal { text, removed }
    }

    /// The original byte offset of byte `at` of the result (`at` may be its length).
    fn to_original(&self, at: usize) -> usize {
        let mut shift = 0;
        for r in &self.removed {
            if r.start > at + shift {
                break;
            }
            shift += r.len();
        }
        at + shift
    }

    /// The removal applied to `raw`, the bytes that `original` is the lossy UTF-8 reading
    /// of (`String::from_utf8_lossy`, one U+FFFD per bad sequence): what is kept comes out
    /// byte for byte, invalid sequences included.
    pub fn apply_to_lossy_bytes(&self, raw: &[u8]) -> Vec<u8> {
        let map = LossyMap::new(raw);
        let mut out = Vec::with_capacity(raw.len());
        let mut pos = 0;
        for r in &self.removed {
            let (start, end) = (map.to_raw(r.start), map.to_raw(r.end));
            out.extend_from_slice(&raw[pos..start.max(pos)]);
            pos = pos.max(end);
        }
        out.extend_from_slice(&raw[pos.min(raw.len())..]);
        out
    }

    /// A non-empty range of the result as a range of the original. A range that spans a
    /// seam covers what was removed there too.
    pub fn range_to_original(&self, r: Range<usize>) -> Range<usize> {
        if r.is_empty() {
            let at = self.to_original(r.start);
            return at..at;
        }
        self.to_original(r.start)..self.to_original(r.end - 1) + 1
    }
}

/// Offsets of a lossy UTF-8 reading back to the bytes it was read from: valid runs are the
/// same bytes; each invalid sequence (1 to 3 bytes) became a 3-byte U+FFFD.
struct LossyMap {
    /// (offset in the text, offset in the bytes, length in the text, length in the bytes)
    pieces: Vec<(usize, usize, usize, usize)>,
}

impl LossyMap {
    fn new(raw: &[u8]) -> LossyMap {
        let (mut text_at, mut raw_at) = (0, 0);
        let mut pieces = Vec::new();
        for chunk in raw.utf8_chunks() {
            let valid = chunk.valid().len();
            pieces.push((text_at, raw_at, valid, valid));
            text_at += valid;
            raw_at += valid;
            let invalid = chunk.invalid().len();
            if invalid > 0 {
                let replacement = char::REPLACEMENT_CHARACTER.len_utf8();
                pieces.push((text_at, raw_at, replacement, invalid));
                text_at += replacement;
                raw_at += invalid;
            }
        }
        LossyMap { pieces }
    }

    /// A text offset on a character boundary as a byte offset.
    fn to_raw(&self, at: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|&(t, ..)| t <= at)
            .saturating_sub(1);
        match self.pieces.get(i) {
            Some(&(t, r, tlen, rlen)) if tlen == rlen => r + (at - t).min(rlen),
            // Inside a U+FFFD cannot happen on a boundary; its start or end can.
            Some(&(t, r, _, rlen)) => r + if at > t { rlen } else { 0 },
            None => 0,
        }
    }
}

fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// The span plus the one piece of whitespace that would otherwise be left doubled.
fn widen_to_seam(text: &str, r: Range<usize>) -> Range<usize> {
    let before = &text[..r.start];
    let after = &text[r.end..];
    let prev = before.chars().next_back();
    let next = after.chars().next();
    let line_start = prev.is_none() || prev == Some('\n');
    let line_end = next.is_none() || next == Some('\n') || after.starts_with("\r\n");

    // A whole line: take its line break too, and when it was a paragraph of its own (a
    // blank line or the text's start before it, a blank line after), the blank line
    // after it, or the paragraphs around it would be parted by two.
    if line_start && line_end {
        let own_paragraph = r.start == 0 || before.ends_with("\n\n") || before.ends_with("\n\r\n");
        if own_paragraph && after.starts_with("\r\n\r\n") {
            return r.start..r.end + 4;
        }
        if own_paragraph && after.starts_with("\n\n") {
            return r.start..r.end + 2;
        }
        if after.starts_with("\r\n") {
            return r.start..r.end + 2;
        }
        if next == Some('\n') {
            return r.start..r.end + 1;
        }
        return r;
    }
    let space = |c: Option<char>| c.is_some_and(|c| c == ' ' || c == '\t');
    match (space(prev), space(next)) {
        (true, true) => {
            // "( URL white" → "(white": the injection brought its own spaces inside the
            // bracket, so both go.
            let before_space = before[..before.len() - 1].chars().next_back();
            if matches!(before_space, Some('(' | '[' | '{' | '«')) {
                r.start - 1..r.end + 1
            } else {
                r.start..r.end + 1
            }
        }
        // "far Jersey." → "far."
        (true, false)
            if next.is_some_and(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']')) =>
        {
            r.start - 1..r.end
        }
        (false, true) if line_start || prev.is_some_and(|c| matches!(c, '(' | '[')) => {
            r.start..r.end + 1
        }
        _ => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, piece: &str) -> String {
        let start = text.find(piece).unwrap();
        remove_spans(text, std::slice::from_ref(&(start..start + piece.len())))
    }

    #[test]
    fn seam_after_opening_bracket() {
        let t = "Bashar A sad ( https://www.capitalsshine.com/Jonas-Siegenthaler-Jersey white shirt) speaks";
        assert_eq!(
            cut(t, "https://www.capitalsshine.com/Jonas-Siegenthaler-Jersey"),
            "Bashar A sad (white shirt) speaks"
        );
    }

    #[test]
    fn seam_in_prose_and_before_punctuation() {
        let t = "concentration far Dale Hunter Jersey more on ISIS.";
        assert_eq!(
            cut(t, "Dale Hunter Jersey"),
            "concentration far more on ISIS."
        );
        assert_eq!(cut("to buy Cheap Jerseys.", "Cheap Jerseys"), "to buy.");
    }

    #[test]
    fn whole_lines_take_their_break() {
        let t = "Intro.\n- [a](http://x.com)\n- [b](http://y.com)\nEnd.";
        let a = t.find("- [a]").unwrap();
        let b_end = t.find("End").unwrap() - 1;
        assert_eq!(remove_spans(t, &[a..a + 19, a + 20..b_end]), "Intro.\nEnd.");
    }

    #[test]
    fn a_paragraph_of_its_own_takes_the_blank_line_after_it() {
        let t = "Intro.\n\nbuy pills http://x.com now\n\nEnd.\n";
        assert_eq!(cut(t, "buy pills http://x.com now"), "Intro.\n\nEnd.\n");
        assert_eq!(cut(t, "Intro."), "buy pills http://x.com now\n\nEnd.\n");
        let crlf = "Intro.\r\n\r\nbuy pills\r\n\r\nEnd.";
        assert_eq!(cut(crlf, "buy pills"), "Intro.\r\n\r\nEnd.");
        // A line inside a paragraph keeps the blank line that ends the paragraph.
        let inner = "Intro.\nbuy pills\n\nEnd.";
        assert_eq!(cut(inner, "buy pills"), "Intro.\n\nEnd.");
    }

    #[test]
    fn nothing_else_changes_and_overlaps_merge() {
        let t = "one two three four";
        assert_eq!(remove_spans(t, &[4..7, 5..13]), "one four");
        assert_eq!(remove_spans(t, &[]), t);
        assert_eq!(remove_spans("x", std::slice::from_ref(&(0..5))), "x");
    }

    #[test]
    fn lossy_bytes_outside_the_spans_come_back_exactly() {
        let raw = b"caf\xe9 \xff\xfe buy cheap jerseys na\xefve.\n";
        let text = String::from_utf8_lossy(raw);
        let spam = text.find("buy cheap jerseys").unwrap();
        let removal = Removal::new(
            &text,
            std::slice::from_ref(&(spam..spam + "buy cheap jerseys".len())),
        );
        assert_eq!(
            removal.apply_to_lossy_bytes(raw),
            b"caf\xe9 \xff\xfe na\xefve.\n".to_vec()
        );
        let all = Removal::new(&text, std::slice::from_ref(&(0..text.len())));
        assert_eq!(all.apply_to_lossy_bytes(raw), b"".to_vec());
    }

    #[test]
    fn ranges_of_the_result_map_back_to_the_original() {
        let t = "one two three four five";
        let removal = Removal::new(t, &[4..7, 14..18]);
        assert_eq!(removal.text, "one three five");
        for word in ["one", "three", "five"] {
            let at = removal.text.find(word).unwrap();
            let back = removal.range_to_original(at..at + word.len());
            assert_eq!(&t[back], word);
        }
        // "one three" spans the first seam, so it takes the removed "two " with it.
        assert_eq!(removal.range_to_original(0..9), 0..13);
    }
}
