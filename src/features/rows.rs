//! The sparse feature rows of a document's tokens, kept in one buffer: a `Vec` per token
//! cost an allocation and a free per token, a sizeable share of inference time.

use std::ops::Index;

/// One token's features: (feature index, value) pairs. Named features appear at most once;
/// a hashed index may repeat (two keys in one bucket), and scoring sums the repeats in
/// order.
pub type Entry = (u32, f32);

/// Where the extractor hands each token's features, in token order, as ripgrep's searcher
/// hands matches to a sink: training and explanations keep them ([`Rows`]), detection
/// scores each as it comes and keeps nothing (`scores::Scorer`).
pub trait RowSink {
    /// `rows` rows are coming.
    fn reserve(&mut self, _rows: usize) {}
    /// The next token's features.
    fn row(&mut self, entries: &[Entry]);
}

/// Both sinks get every row.
impl<A: RowSink, B: RowSink> RowSink for (A, B) {
    fn reserve(&mut self, rows: usize) {
        self.0.reserve(rows);
        self.1.reserve(rows);
    }
    fn row(&mut self, entries: &[Entry]) {
        self.0.row(entries);
        self.1.row(entries);
    }
}

impl<S: RowSink + ?Sized> RowSink for &mut S {
    fn reserve(&mut self, rows: usize) {
        (**self).reserve(rows);
    }
    fn row(&mut self, entries: &[Entry]) {
        (**self).row(entries);
    }
}

/// Rows of features, one per token, stored back to back.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rows {
    entries: Vec<Entry>,
    /// Where each row ends in `entries`; row `i` starts where row `i - 1` ends.
    ends: Vec<usize>,
}

impl Rows {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn iter(&self) -> RowIter<'_> {
        RowIter {
            rows: self,
            start: 0,
            next: 0,
        }
    }
}

impl RowSink for Rows {
    fn reserve(&mut self, rows: usize) {
        // Named features and keys: a word has about 30 entries, a link token about 40.
        self.entries.reserve(rows * 32);
        self.ends.reserve(rows);
    }
    fn row(&mut self, entries: &[Entry]) {
        self.entries.extend_from_slice(entries);
        self.ends.push(self.entries.len());
    }
}

impl Index<usize> for Rows {
    type Output = [Entry];

    fn index(&self, i: usize) -> &[Entry] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.entries[start..self.ends[i]]
    }
}

impl<'a> IntoIterator for &'a Rows {
    type Item = &'a [Entry];
    type IntoIter = RowIter<'a>;

    fn into_iter(self) -> RowIter<'a> {
        self.iter()
    }
}

/// The rows in order.
pub struct RowIter<'a> {
    rows: &'a Rows,
    start: usize,
    next: usize,
}

impl<'a> Iterator for RowIter<'a> {
    type Item = &'a [Entry];

    fn next(&mut self) -> Option<&'a [Entry]> {
        let end = *self.rows.ends.get(self.next)?;
        let row = &self.rows.entries[self.start..end];
        self.start = end;
        self.next += 1;
        Some(row)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.rows.len() - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for RowIter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_their_entries_apart() {
        let mut rows = Rows::default();
        rows.row(&[(1, 1.0), (2, 0.5)]);
        rows.row(&[]);
        rows.row(&[(7, 0.25)]);
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[0], &[(1, 1.0), (2, 0.5)]);
        assert!(rows[1].is_empty());
        assert_eq!(&rows[2], &[(7, 0.25)]);
        let lens: Vec<usize> = rows.iter().map(<[Entry]>::len).collect();
        assert_eq!(lens, [2, 0, 1]);
    }
}
