//! BBCode links, `[url=u]anchor[/url]` and `[url]u[/url]`, and the same with `link` as the
//! tag and the target in quotes (`[url="u"]`, `[link=u]`), as forums and spam tools write
//! them: forum scrapes keep them in plain text, markdown and HTML alike, so every format's
//! parser asks this one.
//!
//! A scanner rather than a regex: the bounded repetitions the links need (`{1,2000}` over
//! Unicode classes) took a regex about 35 ms to compile, a tenth of a short run's time.
//! It finds what the regex `(?i)\[url=([^\]\s]{1,2000})\]([^\[]{0,400})\[/url\]|\[url\]([^\[\s]{1,2000})\[/url\]`
//! and its `link` twin find (a test compares them), quotes around the target aside.

use std::ops::Range;

/// One BBCode link, byte ranges relative to the searched text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BbCodeLink {
    pub range: Range<usize>,
    pub anchor: Range<usize>,
    pub href: Range<usize>,
}

/// Longest target, in characters.
const MAX_HREF: usize = 2000;
/// Longest anchor, in characters.
const MAX_ANCHOR: usize = 400;

/// The link tags, each with its forms: `[tag=`, `[tag]`, `[/tag]`.
const TAGS: [(&str, &str, &str); 2] = [
    ("[url=", "[url]", "[/url]"),
    ("[link=", "[link]", "[/link]"),
];

/// Every BBCode link of `text`, in order.
pub fn links(text: &str) -> impl Iterator<Item = BbCodeLink> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(k) = text[from..].find('[') {
            let at = from + k;
            if let Some(link) = link_at(text, at) {
                from = link.range.end;
                return Some(link);
            }
            from = at + 1;
        }
        None
    })
}

/// The link starting at `at` (a `[`), if one does.
fn link_at(text: &str, at: usize) -> Option<BbCodeLink> {
    TAGS.iter().find_map(|&(open_with_target, open, close)| {
        tagged_link_at(text, at, open_with_target, open, close)
    })
}

fn tagged_link_at(
    text: &str,
    at: usize,
    open_with_target: &str,
    open: &str,
    close: &str,
) -> Option<BbCodeLink> {
    let rest = &text[at..];
    if starts_with_ignore_case(rest, open_with_target) {
        let href_start = at + open_with_target.len();
        let href_end = run_end(text, href_start, MAX_HREF, |c| {
            c != ']' && !c.is_whitespace()
        })?;
        if href_end == href_start || !text[href_end..].starts_with(']') {
            return None;
        }
        let anchor_start = href_end + 1;
        let anchor_end = run_end(text, anchor_start, MAX_ANCHOR, |c| c != '[')?;
        return starts_with_ignore_case(&text[anchor_end..], close).then(|| BbCodeLink {
            range: at..anchor_end + close.len(),
            anchor: anchor_start..anchor_end,
            href: unquoted(text, href_start..href_end),
        });
    }
    if starts_with_ignore_case(rest, open) {
        let href_start = at + open.len();
        let href_end = run_end(text, href_start, MAX_HREF, |c| {
            c != '[' && !c.is_whitespace()
        })?;
        return (href_end > href_start && starts_with_ignore_case(&text[href_end..], close)).then(
            || BbCodeLink {
                range: at..href_end + close.len(),
                anchor: href_start..href_end,
                href: href_start..href_end,
            },
        );
    }
    None
}

/// A target without the quotes around it (`[url="u"]`, `[url='u']`), when it has both.
fn unquoted(text: &str, href: Range<usize>) -> Range<usize> {
    let s = &text[href.clone()];
    let quoted = s.len() >= 3
        && ((s.starts_with('"') && s.ends_with('"')) || (s.starts_with('\'') && s.ends_with('\'')));
    if quoted {
        href.start + 1..href.end - 1
    } else {
        href
    }
}

/// Where the run of `keep` characters from `start` ends; None when it is longer than
/// `max` characters (a repetition bounded at `max` cannot reach what follows it).
fn run_end(text: &str, start: usize, max: usize, keep: impl Fn(char) -> bool) -> Option<usize> {
    for (n, (k, c)) in text[start..].char_indices().enumerate() {
        if !keep(c) {
            return Some(start + k);
        }
        if n == max {
            return None;
        }
    }
    Some(text.len())
}

/// Case-insensitive prefix test; the tags are ASCII, and no other character folds to
/// their letters.
fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|b| b.eq_ignore_ascii_case(prefix.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regex the scanner replaces, for each tag, with the scanner's unquoting.
    fn regex_links(text: &str) -> Vec<BbCodeLink> {
        let mut found: Vec<BbCodeLink> = Vec::new();
        for tag in ["url", "link"] {
            let re = regex::Regex::new(&format!(
                r"(?i)\[{tag}=([^\]\s]{{1,2000}})\]([^\[]{{0,400}})\[/{tag}\]|\[{tag}\]([^\[\s]{{1,2000}})\[/{tag}\]"
            ))
            .expect("pattern");
            found.extend(re.captures_iter(text).filter_map(|caps| {
                let all = caps.get(0)?;
                let (href, anchor) = match (caps.get(1), caps.get(2), caps.get(3)) {
                    (Some(h), Some(a), _) => (unquoted(text, h.range()), a.range()),
                    (_, _, Some(h)) => (h.range(), h.range()),
                    _ => return None,
                };
                Some(BbCodeLink {
                    range: all.range(),
                    anchor,
                    href,
                })
            }));
        }
        found.sort_by_key(|l| l.range.start);
        found
    }

    #[test]
    fn the_scanner_finds_what_the_regex_found() {
        let long = |n: usize, c: char| c.to_string().repeat(n);
        let mut texts: Vec<String> = [
            "see [url=http://a.com]cheap pills[/url] and [URL]http://b.org/x[/Url] done",
            "[url=http://a.com][/url]",
            "[url=]x[/url] [url]x y[/url] [url] x[/url] [url=a b]x[/url]",
            "[url=a]b [url=c]d[/url]",
            "[[url=a]b[/url]] [url]a[url]b[/url]",
            "[url=é.fr]ça[/URL][uRl]ü[/url]",
            "[url=a]b\n c[/url] [url=a\tb]c[/url] [url=a\u{3000}b]c[/url]",
            "unclosed [url=a]b [url]c",
            "[url=\"http://a.com/x\"]this site[/url] [link=http://b.org]maison à vendre[/link]",
            "[LINK]http://c.net[/link] [url='d.com']e[/url] [url=\"\"]f[/url] [url=\"g[/url]",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for n in [399, 400, 401] {
            texts.push(format!("[url=a]{}[/url] [url=b]c[/url]", long(n, 'x')));
            texts.push(format!("[url=a]{}[/url]", long(n, 'é')));
        }
        for n in [1999, 2000, 2001] {
            texts.push(format!("[url={}]a[/url] [url]b[/url]", long(n, 'h')));
            texts.push(format!("[url]{}[/url] [url]b[/url]", long(n, 'ü')));
            texts.push(format!("[url={}[url=b]c[/url]", long(n, 'h')));
        }
        for text in &texts {
            assert_eq!(
                links(text).collect::<Vec<_>>(),
                regex_links(text),
                "{text:?}"
            );
        }
    }
}
