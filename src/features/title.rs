//! The page's title: what the page says it is about. A spam word in the title ("Building a
//! CAS server with CASino", "Best casino bonuses 2024") makes that word the page's topic, so
//! its links and mentions are not foreign. Counting how often a word occurs cannot tell
//! that: an injection campaign repeats its words too. The slug of the page's own URL
//! (`/tapping-into-seo-how-government-websites/`) counts as title too: crawled text often
//! comes without its heading, never without its URL.

use std::collections::HashSet;

use super::context::{strip_markup, words_of};
use crate::document::{Document, Format};
use crate::lexicon::Lexicon;

/// The spam-vocabulary categories a page is about: those of the strong lexicon words in its
/// title. A whole category, not just the word: a casino news page links "poker" and
/// "slots", an SEO guide "backlinks".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Topic {
    categories: u32,
}

impl Topic {
    pub fn of(doc: &Document, page_url: Option<&str>) -> Topic {
        let lexicon = Lexicon::get();
        let categories = title_words(doc, page_url)
            .iter()
            .filter_map(|w| lexicon.word(w))
            .filter(|&c| Lexicon::is_strong(c) && c < 32)
            .fold(0u32, |acc, c| acc | 1 << c);
        Topic { categories }
    }

    /// Whether `word` (lower-case) is spam vocabulary of one of the page's own topics.
    pub fn covers(&self, word: &str) -> bool {
        Lexicon::get()
            .word(word)
            .is_some_and(|c| self.covers_category(c))
    }

    /// Whether lexicon category `c` is one of the page's own topics.
    pub fn covers_category(&self, c: u8) -> bool {
        c < 32 && self.categories & (1 << c) != 0
    }
}

/// Longest line taken as a plain-text title: longer first lines are paragraphs.
const MAX_TITLE_CHARS: usize = 160;
/// How far into the document a title is looked for.
const TITLE_WINDOW: usize = 64 * 1024;

/// Lower-case words of the document's title and URL slug; empty when it has neither.
/// `page_url` is [`Document::page_url`], which the caller has already looked up.
pub fn title_words(doc: &Document, page_url: Option<&str>) -> HashSet<String> {
    let head = prefix(&doc.text, TITLE_WINDOW);
    let title = front_matter_title(head).or_else(|| match doc.format {
        Format::Html => html_title(head),
        Format::Markdown | Format::Text => first_line_title(head),
    });
    let slug = page_url.and_then(url_slug);
    title
        .iter()
        .chain(slug.iter())
        .flat_map(|t| words_of(t))
        .collect()
}

/// The last non-empty path segment of a page URL, without its extension.
fn url_slug(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let segment = parsed.path_segments()?.rev().find(|s| !s.is_empty())?;
    let stem = segment.rsplit_once('.').map_or(segment, |(stem, _)| stem);
    Some(crate::urls::percent_decode(stem))
}

fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    &text[..text.floor_char_boundary(max)]
}

/// `title:` of a YAML front matter block (`---` … `---` at the very start).
fn front_matter_title(head: &str) -> Option<String> {
    let body = head
        .strip_prefix("---\n")
        .or_else(|| head.strip_prefix("---\r\n"))?;
    for line in body.lines() {
        let line = line.trim_end();
        if line == "---" || line == "..." {
            break;
        }
        if let Some(v) = line.strip_prefix("title:") {
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
            return (!v.is_empty()).then(|| v.to_string());
        }
    }
    None
}

/// Text of `<title>`, else of the first `<h1>`.
fn html_title(head: &str) -> Option<String> {
    let lower = head.to_ascii_lowercase();
    for tag in ["title", "h1"] {
        let open = format!("<{tag}");
        let close = format!("</{tag}>");
        let Some(start) = lower.find(&open) else {
            continue;
        };
        let Some(gt) = lower[start..].find('>').map(|g| start + g + 1) else {
            continue;
        };
        let Some(end) = lower[gt..].find(&close).map(|e| gt + e) else {
            continue;
        };
        // `lower` has the same byte offsets as `head`: only ASCII letters changed case.
        let text = strip_markup(&head[gt..end]);
        if !text.trim().is_empty() {
            return Some(text);
        }
    }
    None
}

/// The first non-empty line when it looks like a heading: short, more text after it, not
/// ending like a sentence, no link in it.
fn first_line_title(head: &str) -> Option<String> {
    let mut lines = head.lines().map(str::trim).filter(|l| !l.is_empty());
    let line = lines.next()?;
    lines.next()?;
    let line = line.trim_start_matches('#').trim();
    let heading_like = !line.is_empty()
        && line.chars().count() <= MAX_TITLE_CHARS
        && !line.ends_with(['.', ',', ';', ':'])
        && !line.contains("://")
        && !line.contains("www.");
    heading_like.then(|| line.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, format: Format) -> Vec<String> {
        let doc = Document::new("t", text, Some(format));
        let mut w: Vec<String> = title_words(&doc, doc.page_url().as_deref())
            .into_iter()
            .collect();
        w.sort();
        w
    }

    #[test]
    fn front_matter_title_wins() {
        let text = "---\nslug: x\ntitle: \"Building a CAS server with CASino\"\n---\nBody text.";
        assert_eq!(
            words(text, Format::Markdown),
            ["a", "building", "cas", "casino", "server", "with"]
        );
    }

    #[test]
    fn html_title_then_h1() {
        let html = "<html><head><TITLE>Best Casino Guide</TITLE></head><body><h1>Other</h1>";
        assert_eq!(words(html, Format::Html), ["best", "casino", "guide"]);
        let html = "<html><body><h1 class=x>New <b>Jersey</b> news</h1><p>text</p>";
        assert_eq!(words(html, Format::Html), ["jersey", "new", "news"]);
    }

    #[test]
    fn a_title_word_makes_its_whole_category_the_topic() {
        let doc = Document::new("t", "# Online casino news\n\nBody", Some(Format::Markdown));
        let topic = Topic::of(&doc, None);
        assert!(topic.covers("casino"));
        assert!(topic.covers("poker"), "same category as casino");
        assert!(!topic.covers("viagra"));
        assert!(!topic.covers("news"));
        let plain = Document::new("t", "# Budget news\n\nBody", Some(Format::Markdown));
        assert!(!Topic::of(&plain, None).covers("casino"));
    }

    #[test]
    fn the_url_slug_counts_as_title() {
        let mut doc = Document::new("t", "Body text only.\n\nMore body.", Some(Format::Markdown));
        doc.url = Some("https://digital.gov/2014/06/10/tapping-into-seo/".into());
        let mut w: Vec<String> = title_words(&doc, doc.url.as_deref()).into_iter().collect();
        w.sort();
        assert_eq!(w, ["into", "seo", "tapping"]);
        doc.url = Some("not a url".into());
        assert!(title_words(&doc, doc.url.as_deref()).is_empty());
        doc.url = Some("http://x.org/casino-news.html".into());
        assert!(title_words(&doc, doc.url.as_deref()).contains("casino"));
    }

    #[test]
    fn a_long_first_line_is_not_a_title() {
        assert_eq!(
            words("\n# Payday loans explained\n\nBody", Format::Markdown),
            ["explained", "loans", "payday"]
        );
        let para = "word ".repeat(60);
        assert!(words(&format!("{para}\nmore"), Format::Text).is_empty());
        assert!(words("A sentence that ends.\nMore text", Format::Text).is_empty());
        assert!(words("Only one line", Format::Text).is_empty());
        assert!(words("See www.casino.com now\nMore", Format::Text).is_empty());
        assert!(words("", Format::Text).is_empty());
        assert!(words("<p>no title</p>", Format::Html).is_empty());
    }
}
