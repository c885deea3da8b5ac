//! What a parsed document knows about its own structure: links and hidden blocks, with byte
//! ranges into the original text. Every format parser produces a [`Structure`]; features and
//! the span decoder only ever read this, never the format-specific parsers.

use std::ops::Range;

/// How a link is written in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// A URL in running text, with or without scheme (`https://…`, `www.…`, `shop.com/x`).
    BareUrl,
    /// `[anchor](url)`
    Markdown,
    /// `[anchor][ref]` whose target is given by a `[ref]: url` line.
    MarkdownRef,
    /// The `[ref]: url` definition line itself.
    MarkdownRefDef,
    /// `<a href="url">anchor</a>`
    Html,
    /// `[url=…]anchor[/url]`
    BbCode,
}

impl LinkKind {
    pub const ALL: [LinkKind; 6] = [
        LinkKind::BareUrl,
        LinkKind::Markdown,
        LinkKind::MarkdownRef,
        LinkKind::MarkdownRefDef,
        LinkKind::Html,
        LinkKind::BbCode,
    ];

    pub fn name(self) -> &'static str {
        match self {
            LinkKind::BareUrl => "bare_url",
            LinkKind::Markdown => "markdown",
            LinkKind::MarkdownRef => "markdown_ref",
            LinkKind::MarkdownRefDef => "markdown_ref_def",
            LinkKind::Html => "html",
            LinkKind::BbCode => "bbcode",
        }
    }
}

/// One link of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub kind: LinkKind,
    /// The whole element in the source: `[a](u)`, `<a …>…</a>`, or the bare URL itself.
    pub range: Range<usize>,
    /// The visible anchor text (equal to `range` for a bare URL).
    pub anchor: Range<usize>,
    /// The link target as written (entities decoded for HTML); may lack a scheme.
    pub href: String,
    /// Whether the link is invisible to a reader (inside a hidden block, or hidden itself).
    pub hidden: bool,
    /// The smallest enclosing block whose only content is this link (`<li>`, `<p>`, a list
    /// line `- [a](u)`): removing the link should remove that block too.
    pub container: Option<Range<usize>>,
}

/// Why a block is invisible to a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HiddenReason {
    DisplayNone,
    VisibilityHidden,
    OffScreen,
    TinyFont,
    SameColour,
    HiddenAttribute,
    AfterHtmlEnd,
    StyleRule,
}

/// A block of the source that a browser would not show, covering the whole element.
#[derive(Debug, Clone, PartialEq)]
pub struct HiddenBlock {
    pub range: Range<usize>,
    pub reason: HiddenReason,
}

impl HiddenBlock {
    /// The index of the block of `blocks` (disjoint, in source order) holding all of
    /// `range`: only the last one starting at or before it can. A binary search, since a
    /// page can hide thousands of blocks and hold thousands of links.
    pub fn holding(blocks: &[HiddenBlock], range: &Range<usize>) -> Option<usize> {
        let before = blocks.partition_point(|b| b.range.start <= range.start);
        before
            .checked_sub(1)
            .filter(|&b| range.end <= blocks[b].range.end)
    }
}

/// The structure a format parser found in one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Structure {
    /// Links in source order, non-overlapping.
    pub links: Vec<Link>,
    /// Outermost hidden blocks in source order, disjoint: what tokens and features see.
    pub hidden: Vec<HiddenBlock>,
    /// Hidden blocks inside one of `hidden`, in source order: an injected hidden block can
    /// sit inside a page's own hidden popup, and the span should cover the injection only.
    pub nested_hidden: Vec<HiddenBlock>,
    /// Source ranges that are markup, not prose: tags, `<script>`/`<style>` bodies,
    /// comments. Word features ignore tokens lying wholly inside these.
    pub markup: Vec<Range<usize>>,
}
