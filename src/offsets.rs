//! Byte offsets ↔ Unicode code-point offsets.
//!
//! The library slices `&str` by byte offsets, but the labelled format (like Python, spaCy,
//! Prodigy and doccano) counts code points. Every conversion at the edges goes through a
//! [`CharIndex`] built once per text, so that a document with thousands of spans is not
//! rescanned for each of them.

use std::ops::Range;

/// Converts between byte offsets and code-point offsets of one text.
///
/// Setup is O(n) and stores the byte offset of every code point; lookups are O(1) from code
/// points to bytes and O(log n) from bytes to code points. ASCII-only text, where both
/// offsets coincide, is detected and needs no table at all: most web text is ASCII, and the
/// table costs eight bytes per character.
#[derive(Debug, Clone)]
pub struct CharIndex {
    byte_len: usize,
    char_len: usize,
    /// Byte offset of each code point, then `byte_len` as a sentinel so that the end of the
    /// text converts like any other boundary. Empty for ASCII-only text.
    starts: Vec<usize>,
}

impl CharIndex {
    /// Index `text`.
    pub fn new(text: &str) -> Self {
        let byte_len = text.len();
        if text.is_ascii() {
            return CharIndex {
                byte_len,
                char_len: byte_len,
                starts: Vec::new(),
            };
        }
        let mut starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        let char_len = starts.len();
        starts.push(byte_len);
        CharIndex {
            byte_len,
            char_len,
            starts,
        }
    }

    /// Number of code points in the text (the `len` of the Python string).
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// The code-point offset of byte offset `byte`.
    ///
    /// `byte` should be a char boundary no greater than the text's length. Rather than panic
    /// on bad input deep inside a pipeline, it is clamped: an offset inside a multi-byte
    /// character maps to the code point that contains it (rounded down), and an offset past
    /// the end maps to [`char_len`](Self::char_len).
    pub fn byte_to_char(&self, byte: usize) -> usize {
        if byte >= self.byte_len {
            return self.char_len;
        }
        if self.starts.is_empty() {
            return byte;
        }
        // `starts[0] == 0 <= byte`, so the partition point is at least 1.
        self.starts.partition_point(|&s| s <= byte) - 1
    }

    /// The byte offset of code point `ch`, or `None` if `ch` is past the end. `ch ==
    /// char_len()` is the end of the text and gives its byte length.
    pub fn char_to_byte(&self, ch: usize) -> Option<usize> {
        if ch > self.char_len {
            None
        } else if self.starts.is_empty() {
            Some(ch)
        } else {
            Some(self.starts[ch])
        }
    }
}

/// Byte offsets to code-point offsets by counting forward: for the few, sorted offsets of
/// one document's spans. A [`CharIndex`] stores eight bytes per character of a non-ASCII
/// text for them, which cost more than the counting (page faults included).
#[derive(Debug, Clone)]
pub struct CharCursor<'t> {
    text: &'t str,
    byte: usize,
    char: usize,
}

impl<'t> CharCursor<'t> {
    pub fn new(text: &'t str) -> Self {
        CharCursor {
            text,
            byte: 0,
            char: 0,
        }
    }

    /// [`CharIndex::byte_to_char`]: the code-point offset of `byte`, clamped the same way.
    /// Linear in the distance from the offset asked for before; an earlier offset counts
    /// again from the start.
    pub fn byte_to_char(&mut self, byte: usize) -> usize {
        let byte = self.text.floor_char_boundary(byte);
        if byte < self.byte {
            *self = CharCursor::new(self.text);
        }
        self.char += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.char
    }
}

/// A code-point span that does not fit its text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OffsetError {
    #[error(
        "span {start}..{end} is out of bounds: the text has {len} code points \
         (offsets are Unicode code points, end exclusive)"
    )]
    OutOfBounds {
        start: usize,
        end: usize,
        len: usize,
    },
    #[error("span {start}..{end} is reversed: its start is after its end")]
    Reversed { start: usize, end: usize },
}

/// Convert the code-point span `start..end` (end exclusive) to a byte range of the indexed
/// text. Empty spans (`start == end`) are allowed; reversed spans and spans reaching past
/// the end of the text are errors, reported with the offsets so the bad record can be found.
pub fn char_span_to_bytes(
    index: &CharIndex,
    start: usize,
    end: usize,
) -> Result<Range<usize>, OffsetError> {
    if start > end {
        return Err(OffsetError::Reversed { start, end });
    }
    let out_of_bounds = || OffsetError::OutOfBounds {
        start,
        end,
        len: index.char_len(),
    };
    // `end` is checked first: with `start <= end`, a valid end implies a valid start.
    let byte_end = index.char_to_byte(end).ok_or_else(out_of_bounds)?;
    let byte_start = index.char_to_byte(start).ok_or_else(out_of_bounds)?;
    Ok(byte_start..byte_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every char boundary converts both ways and back, and the end of the text too.
    fn assert_round_trip(text: &str) {
        let index = CharIndex::new(text);
        let count = text.chars().count();
        assert_eq!(index.char_len(), count);
        for (ch, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(index.char_to_byte(ch), Some(byte), "char {ch} of {text:?}");
            assert_eq!(index.byte_to_char(byte), ch, "byte {byte} of {text:?}");
        }
        assert_eq!(index.char_to_byte(count), Some(text.len()));
        assert_eq!(index.byte_to_char(text.len()), count);
        assert_eq!(index.char_to_byte(count + 1), None);
    }

    #[test]
    fn ascii_offsets_coincide_without_a_table() {
        let text = "buy cheap pills at example.com";
        let index = CharIndex::new(text);
        assert!(index.starts.is_empty());
        assert_eq!(index.char_len(), text.len());
        assert_eq!(index.byte_to_char(4), 4);
        assert_eq!(index.char_to_byte(10), Some(10));
        assert_round_trip(text);
    }

    #[test]
    fn empty_text() {
        let index = CharIndex::new("");
        assert_eq!(index.char_len(), 0);
        assert_eq!(index.char_to_byte(0), Some(0));
        assert_eq!(index.char_to_byte(1), None);
        assert_eq!(index.byte_to_char(0), 0);
        assert_eq!(char_span_to_bytes(&index, 0, 0), Ok(0..0));
    }

    #[test]
    fn multibyte_offsets() {
        // é: 2 bytes, 中: 3 bytes, 😀: 4 bytes.
        let text = "é中😀a";
        let index = CharIndex::new(text);
        assert_eq!(index.char_len(), 4);
        assert_eq!(index.char_to_byte(0), Some(0));
        assert_eq!(index.char_to_byte(1), Some(2));
        assert_eq!(index.char_to_byte(2), Some(5));
        assert_eq!(index.char_to_byte(3), Some(9));
        assert_eq!(index.char_to_byte(4), Some(10));
        assert_eq!(index.byte_to_char(9), 3);
        assert_eq!(&text[char_span_to_bytes(&index, 1, 3).unwrap()], "中😀");
    }

    #[test]
    fn round_trip_every_boundary() {
        for text in [
            "plain ascii",
            "café au lait",
            "中文网页 with 链接 http://例子.测试/路径",
            "emoji 😀👍🏽 and flags 🇫🇷 mixed é",
            "😀",
            "trailing multibyte é",
        ] {
            assert_round_trip(text);
        }
    }

    #[test]
    fn byte_offsets_are_clamped() {
        let text = "a中b";
        let index = CharIndex::new(text);
        // Bytes 2 and 3 are inside 中 (bytes 1..4): they map to its code point.
        assert_eq!(index.byte_to_char(2), 1);
        assert_eq!(index.byte_to_char(3), 1);
        // Past the end maps to the end, for ASCII and non-ASCII text alike.
        assert_eq!(index.byte_to_char(100), 3);
        assert_eq!(CharIndex::new("abc").byte_to_char(100), 3);
    }

    #[test]
    fn a_cursor_counts_like_the_index_in_any_order() {
        for text in ["plain ascii", "a中b é😀 x", "", "中文网页 with 链接"] {
            let index = CharIndex::new(text);
            let mut cursor = CharCursor::new(text);
            let bytes: Vec<usize> = (0..=text.len() + 2).chain((0..text.len()).rev()).collect();
            for b in bytes {
                assert_eq!(
                    cursor.byte_to_char(b),
                    index.byte_to_char(b),
                    "{b} of {text:?}"
                );
            }
        }
    }

    #[test]
    fn out_of_bounds_and_reversed_spans() {
        let index = CharIndex::new("héllo");
        assert_eq!(char_span_to_bytes(&index, 0, 5), Ok(0..6));
        assert_eq!(char_span_to_bytes(&index, 5, 5), Ok(6..6));
        assert_eq!(
            char_span_to_bytes(&index, 2, 6),
            Err(OffsetError::OutOfBounds {
                start: 2,
                end: 6,
                len: 5
            })
        );
        assert_eq!(
            char_span_to_bytes(&index, 7, 9),
            Err(OffsetError::OutOfBounds {
                start: 7,
                end: 9,
                len: 5
            })
        );
        assert_eq!(
            char_span_to_bytes(&index, 3, 1),
            Err(OffsetError::Reversed { start: 3, end: 1 })
        );
        let message = char_span_to_bytes(&index, 2, 6).unwrap_err().to_string();
        assert!(
            message.contains("2..6") && message.contains("5 code points"),
            "{message}"
        );
    }
}
