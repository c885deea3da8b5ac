//! Documents: the text as found plus its format, and the structure (links, hidden blocks,
//! markup) that the format's parser finds in it.

pub mod bbcode;
pub mod html;
pub mod markdown;
pub mod structure;

use serde::{Deserialize, Serialize};

pub use html::canonical_url;
pub use structure::{HiddenBlock, HiddenReason, Link, LinkKind, Structure};

/// How the text of a document is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }

    /// Guess the format from the text itself, for documents that do not say.
    pub fn detect(text: &str) -> Format {
        let head: String = text
            .chars()
            .take(4096)
            .collect::<String>()
            .to_ascii_lowercase();
        let trimmed = head.trim_start();
        if trimmed.starts_with("<!doctype html")
            || trimmed.starts_with("<html")
            || head.matches("</").count() >= 3
            || head.contains("<a href=")
        {
            return Format::Html;
        }
        if head.contains("](")
            || head.contains("\n# ")
            || head.starts_with("# ")
            || head.contains("\n## ")
        {
            return Format::Markdown;
        }
        Format::Text
    }
}

/// One document to analyse.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub id: String,
    pub text: String,
    pub format: Format,
    /// Where the page was crawled from, if known: links to its own site are not foreign.
    pub url: Option<String>,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>, format: Option<Format>) -> Self {
        let text = text.into();
        let format = format.unwrap_or_else(|| Format::detect(&text));
        Document {
            id: id.into(),
            text,
            format,
            url: None,
        }
    }

    /// Parse the document's structure with the parser its format calls for. Plain text and
    /// markdown get their links and bare URLs; HTML its `<a>` elements, hidden blocks, and
    /// the bare URLs and BBCode links written into its text.
    /// The page's URL: the one it was crawled from, else for HTML the canonical URL the
    /// page declares.
    pub fn page_url(&self) -> Option<std::borrow::Cow<'_, str>> {
        match &self.url {
            Some(u) => Some(std::borrow::Cow::Borrowed(u.as_str())),
            None if self.format == Format::Html => {
                html::canonical_url(&self.text).map(std::borrow::Cow::Owned)
            }
            None => None,
        }
    }

    pub fn structure(&self) -> Structure {
        match self.format {
            Format::Html => html::parse(&self.text),
            Format::Markdown | Format::Text => markdown::parse(&self.text),
        }
    }
}
