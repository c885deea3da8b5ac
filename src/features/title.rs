//! The page's title: what the page says it is about. A spam word in the title ("Building a
//! CAS server with CASino", "Best casino bonuses 2024") makes that word the page's topic, so
//! its links and mentions are not foreign. Counting how often a word occurs cannot tell
//! that: an injection campaign repeats its words too.

use std::collections::HashSet;

use super::context::words_of;
use crate::document::{Document, Format};

/// Longest line taken as a plain-text title: longer first lines are paragraphs.
const MAX_TITLE_CHARS: usize = 160;
/// How far into the document a title is looked for.
const TITLE_WINDOW: usize = 64 * 1024;

/// Lower-case words of the document's title; empty when it has none that can be found.
pub fn title_words(doc: &Document) -> HashSet<String> {
    let head = prefix(&doc.text, TITLE_WINDOW);
    let title = front_matter_title(head).or_else(|| match doc.format {
        Format::Html => html_title(head),
        Format::Markdown | Format::Text => first_line_title(head),
    });
    title
        .map(|t| words_of(&t).into_iter().collect())
        .unwrap_or_default()
}

fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
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
        let text = strip_tags(&head[gt..end]);
        if !text.trim().is_empty() {
            return Some(text);
        }
    }
    None
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The first non-empty line when it is short enough to be a heading.
fn first_line_title(head: &str) -> Option<String> {
    let line = head.lines().map(str::trim).find(|l| !l.is_empty())?;
    let line = line.trim_start_matches('#').trim();
    (!line.is_empty() && line.chars().count() <= MAX_TITLE_CHARS).then(|| line.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, format: Format) -> Vec<String> {
        let mut w: Vec<String> = title_words(&Document::new("t", text, Some(format)))
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
    fn a_long_first_line_is_not_a_title() {
        assert_eq!(
            words("\n# Payday loans explained\n\nBody", Format::Markdown),
            ["explained", "loans", "payday"]
        );
        let para = "word ".repeat(60);
        assert!(words(&para, Format::Text).is_empty());
        assert!(words("", Format::Text).is_empty());
        assert!(words("<p>no title</p>", Format::Html).is_empty());
    }
}
