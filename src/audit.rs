//! Auditing crawled pages: one crawl item in, one [`Audited`] out — the prediction record,
//! where the page lives, and which registrable domains its injected links point to.
//!
//! This is the per-document step of `spamspan audit`, run in parallel by
//! [`crate::pipeline`]; aggregation over the crawl is [`crate::report`]'s job, writing is
//! the command line's. A page is audited independently of every other, so the result of
//! a crawl does not depend on the thread count.

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;

use crate::detect::Detector;
use crate::document::Structure;
use crate::io::crawl::{CrawlError, CrawlItem, CrawlRecord, Locator, Skipped};
use crate::io::{PredictedSpan, Prediction};
use crate::spans::Span;
use crate::urls;

/// How many features explain a span, as `detect --explain` gives them.
pub const EXPLAIN_TOP: usize = 8;
/// Characters of text kept on each side of a span for the report.
pub const CONTEXT_CHARS: usize = 200;
/// Characters of a span's own text kept for the report; a hidden block can be huge.
pub const SPAN_TEXT_CHARS: usize = 2000;
/// Characters of an anchor kept as an example.
const ANCHOR_CHARS: usize = 80;

/// What to compute beyond the prediction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AuditOptions {
    /// Explain each span with its most weighty features.
    pub explain: bool,
    /// Keep each flagged span's text with its surroundings (for the HTML report).
    pub context: bool,
}

/// A detector applied to crawl items.
#[derive(Debug, Clone)]
pub struct Auditor {
    detector: Detector,
    options: AuditOptions,
}

/// The outcome of one crawl item: an audited page, or the skip or error the crawl
/// reported, passed through so that counts and order survive the pipeline.
#[derive(Debug)]
pub enum Audited {
    Page(Box<PageAudit>),
    Skipped(Skipped),
    Error(CrawlError),
}

/// One audited page.
#[derive(Debug, Clone)]
pub struct PageAudit {
    /// The file (or `-`) the page came from, and where in it.
    pub source: String,
    pub locator: Locator,
    /// The page's address: the crawl's, else the canonical URL an HTML page declares.
    pub url: Option<String>,
    /// The lower-case host of `url`.
    pub host: Option<String>,
    /// The prediction record of FORMAT.md, spans in code points with their text.
    pub prediction: Prediction,
    /// Every link inside a span whose target has a registrable domain, in text order.
    pub spam_links: Vec<SpamLink>,
    /// The spans in their surrounding text, neighbours sharing one excerpt; empty unless
    /// [`AuditOptions::context`].
    pub excerpts: Vec<Excerpt>,
    /// Bytes of text audited.
    pub text_bytes: usize,
    /// Decoding warnings of the crawl record (replaced bytes and the like).
    pub warnings: usize,
}

/// A link found inside a span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpamLink {
    /// Index of the span in the prediction.
    pub span: usize,
    /// Registrable domain of the target ("cheap-jerseys.com" for "shop.cheap-jerseys.com").
    pub domain: String,
    /// The anchor text, whitespace collapsed and shortened.
    pub anchor: String,
}

/// A stretch of a page's text showing one or more spans with up to [`CONTEXT_CHARS`]
/// characters around them. Spans closer than twice that share an excerpt, so a list of
/// injected links reads as one block rather than one block per link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// Indices of the spans shown, in text order.
    pub spans: Vec<usize>,
    /// The text in order, span text marked.
    pub pieces: Vec<Piece>,
}

/// A piece of an excerpt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    /// Whether this is (part of) a span.
    pub marked: bool,
    /// Characters left out after `text`, for a span too long to show whole.
    pub elided: usize,
}

impl Auditor {
    pub fn new(detector: Detector, options: AuditOptions) -> Auditor {
        Auditor { detector, options }
    }

    pub fn detector(&self) -> &Detector {
        &self.detector
    }

    /// Audit a page, or pass a skip or error through.
    pub fn audit_item(&self, item: CrawlItem) -> Audited {
        match item {
            CrawlItem::Record(r) => Audited::Page(Box::new(self.audit(r))),
            CrawlItem::Skipped(s) => Audited::Skipped(s),
            CrawlItem::Error(e) => Audited::Error(e),
        }
    }

    /// Detect the injected spans of one page and trace their links.
    pub fn audit(&self, record: CrawlRecord) -> PageAudit {
        let source = record.source.clone();
        let locator = record.locator;
        let warnings = record.warnings.len();
        let doc = record.into_document();
        let url = doc.page_url().map(Cow::into_owned);
        let host = url.as_deref().and_then(urls::analyze).map(|u| u.host);
        let mut spam_links = Vec::new();
        let explain = self.options.explain.then_some(EXPLAIN_TOP);
        let found = self
            .detector
            .find(&doc, explain, |first_span, segment, detection| {
                let structure = &detection.extraction.structure;
                for mut link in links_in_spans(&segment.text, structure, &detection.spans) {
                    link.span += first_span;
                    spam_links.push(link);
                }
            });
        let ranges: Vec<_> = found.spans.iter().map(|s| s.range.clone()).collect();
        let prediction = found.to_prediction(&doc.id, &doc.text);
        let excerpts = if self.options.context {
            excerpts(&doc.text, &ranges)
        } else {
            Vec::new()
        };
        PageAudit {
            source,
            locator,
            url,
            host,
            prediction,
            spam_links,
            excerpts,
            text_bytes: doc.text.len(),
            warnings,
        }
    }
}

impl PageAudit {
    /// Whether any span was found.
    pub fn flagged(&self) -> bool {
        !self.prediction.spans.is_empty()
    }

    /// The distinct domains of [`PageAudit::spam_links`], in order of first appearance.
    pub fn spam_domains(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for link in &self.spam_links {
            if !out.contains(&link.domain.as_str()) {
                out.push(&link.domain);
            }
        }
        out
    }

    /// The output record of `audit --output`; span explanations only with `explain`.
    pub fn record(&self, explain: bool) -> AuditRecord<'_> {
        let spans = if explain || self.prediction.spans.iter().all(|s| s.explain.is_none()) {
            Cow::Borrowed(self.prediction.spans.as_slice())
        } else {
            Cow::Owned(
                self.prediction
                    .spans
                    .iter()
                    .map(|s| PredictedSpan {
                        explain: None,
                        ..s.clone()
                    })
                    .collect(),
            )
        };
        AuditRecord {
            id: &self.prediction.id,
            spans,
            doc_score: self.prediction.doc_score,
            url: self.url.as_deref(),
            host: self.host.as_deref(),
            source: &self.source,
            spam_domains: self.spam_domains(),
        }
    }
}

/// One line of `audit --output`: the prediction fields of FORMAT.md, then where the page
/// is and the domains its injected links lead to.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRecord<'a> {
    pub id: &'a str,
    pub spans: Cow<'a, [PredictedSpan]>,
    pub doc_score: f32,
    pub url: Option<&'a str>,
    pub host: Option<&'a str>,
    pub source: &'a str,
    pub spam_domains: Vec<&'a str>,
}

/// One line of `audit --pipe` for a record: the prediction fields and the input's URL.
#[derive(Debug, Clone, Serialize)]
pub struct PipeRecord<'a> {
    pub id: &'a str,
    pub url: Option<&'a str>,
    pub spans: &'a [PredictedSpan],
    pub doc_score: f32,
}

/// One line of `audit --pipe` for an input line that is not a record.
#[derive(Debug, Clone, Serialize)]
pub struct PipeError {
    pub line: u64,
    pub error: String,
}

/// The links lying inside a span, with their registrable domains and anchors.
fn links_in_spans(text: &str, structure: &Structure, spans: &[Span]) -> Vec<SpamLink> {
    let mut out = Vec::new();
    let links = &structure.links;
    for (i, span) in spans.iter().enumerate() {
        // Links are in source order and do not overlap: those overlapping the span follow
        // the first that ends after its start. A scan of every link per span is quadratic
        // on a page of thousands of both.
        let first = links.partition_point(|l| l.range.end <= span.range.start);
        let overlapping = links[first..]
            .iter()
            .take_while(|l| l.range.start < span.range.end);
        for link in overlapping {
            let Some(info) = urls::analyze_shared(&link.href) else {
                continue;
            };
            let anchor = text.get(link.anchor.clone()).unwrap_or_default();
            out.push(SpamLink {
                span: i,
                domain: info.domain.clone(),
                anchor: shorten(&collapse_whitespace(anchor), ANCHOR_CHARS),
            });
        }
    }
    out
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `n` characters of `s`, with an ellipsis when cut.
pub(crate) fn shorten(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The excerpts showing `spans` (byte ranges into `text`, in any order, possibly
/// overlapping) with their context.
fn excerpts(text: &str, spans: &[Range<usize>]) -> Vec<Excerpt> {
    let mut order: Vec<usize> = (0..spans.len())
        .filter(|&i| text.get(spans[i].clone()).is_some())
        .collect();
    order.sort_by_key(|&i| (spans[i].start, spans[i].end));
    let mut out: Vec<Excerpt> = Vec::new();
    let mut cursor = 0usize;
    for i in order {
        let span = &spans[i];
        let joins = match out.last() {
            Some(_) if span.start <= cursor => true,
            Some(_) => !has_more_chars(&text[cursor..span.start], 2 * CONTEXT_CHARS),
            None => false,
        };
        if joins {
            if let Some(excerpt) = out.last_mut() {
                excerpt.spans.push(i);
                if span.start > cursor {
                    excerpt.pieces.push(piece(&text[cursor..span.start], false));
                }
            }
        } else {
            if let Some(excerpt) = out.last_mut() {
                excerpt
                    .pieces
                    .push(piece(head(&text[cursor..], CONTEXT_CHARS), false));
            }
            out.push(Excerpt {
                spans: vec![i],
                pieces: vec![piece(tail(&text[..span.start], CONTEXT_CHARS), false)],
            });
        }
        if span.end > cursor {
            let from = span.start.max(cursor);
            if let Some(excerpt) = out.last_mut() {
                excerpt.pieces.push(piece(&text[from..span.end], true));
            }
            cursor = span.end;
        }
    }
    if let Some(excerpt) = out.last_mut() {
        excerpt
            .pieces
            .push(piece(head(&text[cursor..], CONTEXT_CHARS), false));
    }
    for excerpt in &mut out {
        excerpt.pieces.retain(|p| !p.text.is_empty());
    }
    out
}

/// A piece of text; a marked one is cut to [`SPAN_TEXT_CHARS`].
fn piece(text: &str, marked: bool) -> Piece {
    let kept = if marked {
        head(text, SPAN_TEXT_CHARS)
    } else {
        text
    };
    Piece {
        text: kept.to_string(),
        marked,
        elided: text[kept.len()..].chars().count(),
    }
}

/// Whether `s` has more than `n` characters, without counting all of a long string.
fn has_more_chars(s: &str, n: usize) -> bool {
    s.len() > n && s.chars().nth(n).is_some()
}

/// The first `n` characters of `s`.
fn head(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// The last `n` characters of `s`.
fn tail(s: &str, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    s.char_indices()
        .rev()
        .nth(n - 1)
        .map_or(s, |(i, _)| &s[i..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(excerpts: &[Excerpt]) -> Vec<String> {
        excerpts
            .iter()
            .map(|e| {
                e.pieces
                    .iter()
                    .map(|p| match (p.marked, p.elided) {
                        (true, 0) => format!("[{}]", p.text),
                        (true, n) => format!("[{}+{n}]", p.text),
                        (false, _) => p.text.clone(),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn excerpts_cut_on_character_boundaries() {
        let text = format!("{}<SPAM>{}", "é".repeat(300), "ü".repeat(300));
        let start = text.find("<SPAM>").unwrap();
        let e = excerpts(&text, std::slice::from_ref(&(start..start + 6)));
        let want = format!(
            "{}[<SPAM>]{}",
            "é".repeat(CONTEXT_CHARS),
            "ü".repeat(CONTEXT_CHARS)
        );
        assert_eq!(shown(&e), [want]);
        let long = "x".repeat(SPAN_TEXT_CHARS + 5);
        let e = excerpts(&long, std::slice::from_ref(&(0..long.len())));
        assert_eq!(shown(&e), [format!("[{}+5]", "x".repeat(SPAN_TEXT_CHARS))]);
        assert_eq!(
            (tail("abc", 0), tail("abc", 5), head("abc", 2)),
            ("", "abc", "ab")
        );
    }

    #[test]
    fn near_spans_share_an_excerpt_and_far_ones_do_not() {
        let far = "f".repeat(2 * CONTEXT_CHARS + 1);
        let text = format!("a B c D{far}E g");
        let at = |s: &str| text.find(s).unwrap();
        let spans = [
            at("E")..at("E") + 1,
            at("D")..at("D") + 1,
            at("B")..at("B") + 1,
        ];
        let e = excerpts(&text, &spans);
        assert_eq!(e.len(), 2);
        assert_eq!(
            (e[0].spans.clone(), e[1].spans.clone()),
            (vec![2, 1], vec![0])
        );
        let first = &shown(&e)[0];
        assert!(first.starts_with("a [B] c [D]f"), "{first}");
        // Overlapping spans mark their union once.
        let e = excerpts("0123456789", &[2..6, 4..8]);
        assert_eq!(shown(&e), ["01[2345][67]89"]);
    }

    #[test]
    fn anchors_are_collapsed_and_shortened() {
        assert_eq!(
            collapse_whitespace(" cheap \n nfl  jerseys "),
            "cheap nfl jerseys"
        );
        assert_eq!(shorten("abcdef", 3), "abc…");
        assert_eq!(shorten("abc", 3), "abc");
    }
}
