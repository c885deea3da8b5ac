//! BBCode links, `[url=u]anchor[/url]` and `[url]u[/url]`: forum scrapes keep them in plain
//! text, markdown and HTML alike, so every format's parser asks this one.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

/// One BBCode link, byte ranges relative to the searched text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BbCodeLink {
    pub range: Range<usize>,
    pub anchor: Range<usize>,
    pub href: Range<usize>,
}

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)\[url=([^\]\s]{1,2000})\]([^\[]{0,400})\[/url\]|\[url\]([^\[\s]{1,2000})\[/url\]",
        )
        .expect("bbcode pattern")
    })
}

/// Every BBCode link of `text`, in order.
pub fn links(text: &str) -> impl Iterator<Item = BbCodeLink> + '_ {
    pattern().captures_iter(text).filter_map(|caps| {
        let all = caps.get(0)?;
        let (href, anchor) = match (caps.get(1), caps.get(2), caps.get(3)) {
            (Some(h), Some(a), _) => (h, a),
            (_, _, Some(h)) => (h, h),
            _ => return None,
        };
        Some(BbCodeLink {
            range: all.range(),
            anchor: anchor.range(),
            href: href.range(),
        })
    })
}
