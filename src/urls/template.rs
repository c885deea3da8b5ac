//! The path template of a link target: its path and query with the anchor's words, numbers
//! and opaque names abstracted, so that targets of one shape compare equal whatever site
//! they are on.
//!
//! A link wheel hijacks a word of the page and points it at an unrelated site's page whose
//! slug echoes that word (`/human-rights/`, `/2015/04/protein-notes/`, `/tag/choice/`); a
//! citation points at a page filed under something (`/wiki/{a}`, `/search?q={a}`). The
//! template keeps exactly that: `{a}` for a segment that is the anchor, `{a}+` for one
//! holding the anchor's words among others, `{n}` for numbers, `{w}` for any other segment
//! (a file keeps its extension), `{k}` for query keys.
//!
//! Segment words are not kept: trained on synthetic pages, literal templates (`/tag/{a}/`,
//! `/?p={n}`) learnt the generator's own URL shapes and flagged real blogs' permalinks.

use crate::tokens::words_of;

/// Segments kept from the start of the path; deeper ones become `…` and the last.
const HEAD_SEGMENTS: usize = 3;
/// Query parameters kept.
const QUERY_PARAMS: usize = 3;
/// Longest file extension kept (`.html`, `.php`, `.aspx`).
const EXTENSION_MAX: usize = 4;

/// The template of `href` for a link whose anchor has `anchor_words` (lower case): `/` for
/// a site's home page; `None` for a target that is not a web page or an in-page anchor.
pub fn path_template(href: &str, anchor_words: &[String]) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let rest = strip_scheme_and_host(href)?;
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    let path = path.split('#').next().unwrap_or("");
    let query = query.map(|q| q.split('#').next().unwrap_or(""));
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty() && query.is_none_or(str::is_empty) {
        // A site's home page: the template of a shop's or a sponsor's bare domain.
        return Some("/".to_string());
    }
    let mut out = String::new();
    let n = segments.len();
    for (i, seg) in segments.iter().enumerate() {
        if i == HEAD_SEGMENTS && n > HEAD_SEGMENTS + 1 {
            out.push_str("/…");
            continue;
        }
        if i > HEAD_SEGMENTS && i + 1 < n {
            continue;
        }
        out.push('/');
        out.push_str(&segment(seg, anchor_words));
    }
    if path.ends_with('/') {
        out.push('/');
    }
    if let Some(q) = query.filter(|q| !q.is_empty()) {
        out.push('?');
        for (i, pair) in q
            .split('&')
            .filter(|p| !p.is_empty())
            .take(QUERY_PARAMS)
            .enumerate()
        {
            if i > 0 {
                out.push('&');
            }
            let value = pair.split_once('=').map_or("", |(_, v)| v);
            out.push_str("{k}=");
            out.push_str(value_class(value, anchor_words));
        }
    }
    Some(out)
}

/// The path and query of `href` (trimmed; scheme, host and port removed); `None` for
/// targets that are not web pages (`mailto:`, `javascript:`).
fn strip_scheme_and_host(href: &str) -> Option<&str> {
    let lower_start = href.get(..12).unwrap_or(href).to_ascii_lowercase();
    let after_scheme = if let Some(i) = lower_start.find("://") {
        &href[i + 3..]
    } else if let Some(rest) = href.strip_prefix("//") {
        rest
    } else if href.starts_with('/') || href.starts_with('?') {
        return Some(href);
    } else if lower_start.contains(':') && !lower_start.starts_with("www.") {
        return None;
    } else {
        href
    };
    Some(
        after_scheme
            .find(['/', '?', '#'])
            .map_or("", |i| &after_scheme[i..]),
    )
}

fn segment(seg: &str, anchor: &[String]) -> String {
    let decoded = crate::urls::percent_decode(seg);
    if let Some(class) = word_class(&words_of(&decoded), anchor) {
        return class.to_string();
    }
    match decoded.rsplit_once('.') {
        Some((name, ext))
            if !name.is_empty()
                && (1..=EXTENSION_MAX).contains(&ext.len())
                && ext.chars().all(|c| c.is_ascii_alphabetic()) =>
        {
            format!("{{w}}.{}", ext.to_ascii_lowercase())
        }
        _ => "{w}".to_string(),
    }
}

fn value_class(value: &str, anchor: &[String]) -> &'static str {
    let words = words_of(&crate::urls::percent_decode(&value.replace('+', " ")));
    match word_class(&words, anchor) {
        Some(class) => class,
        None if words.is_empty() => "",
        None => "{v}",
    }
}

/// `{a}` when `words` are the anchor's, `{a}+` when they hold them in order among others,
/// `{n}` when they are all numbers.
fn word_class(words: &[String], anchor: &[String]) -> Option<&'static str> {
    if words.is_empty() {
        return None;
    }
    if !anchor.is_empty() {
        if words == anchor {
            return Some("{a}");
        }
        if words.len() > anchor.len() && words.windows(anchor.len()).any(|w| w == anchor) {
            return Some("{a}+");
        }
    }
    let numbers = words.iter().all(|w| w.chars().all(|c| c.is_ascii_digit()));
    numbers.then_some("{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(href: &str, anchor: &str) -> Option<String> {
        path_template(href, &words_of(anchor))
    }

    #[test]
    fn wheels_and_citations_get_their_shapes() {
        let cases = [
            ("http://dundalksimon.ie/human-rights/", "Rights", "/{a}+/"),
            ("https://breakweek.com/twitter/", "Twitter", "/{a}/"),
            (
                "http://nhluk.com/2015/04/spokesperson-tips/",
                "spokesperson",
                "/{n}/{n}/{a}+/",
            ),
            (
                "http://zipcloud.com/tag/recurring/",
                "recurring",
                "/{w}/{a}/",
            ),
            ("http://inpoetryme.com/?p=5027", "input", "/?{k}={n}"),
            ("https://en.wikipedia.org/wiki/OAuth", "OAuth", "/{w}/{a}"),
            (
                "https://www.gov.uk/search/all?keywords=However",
                "However",
                "/{w}/{w}?{k}={a}",
            ),
            (
                "https://www.nih.gov/search/results?keys=Loan+Data",
                "Loan Data",
                "/{w}/{w}?{k}={a}",
            ),
            (
                "https://dinkes.ac.id/journal/public/site/senior/",
                "senior",
                "/{w}/{w}/{w}/{a}/",
            ),
            (
                "http://a.com/wp-content/uploads/2023/06/x/daily/",
                "daily",
                "/{w}/{w}/{n}/…/{a}/",
            ),
            (
                "https://x.com/Jonas-Siegenthaler-Jersey",
                "white shirt",
                "/{w}",
            ),
            ("http://www.ziwuo.com/archives/6.html", "x", "/{w}/{w}.html"),
            (
                "https://k.com/index.php?main_page=product_info&products_id=84503",
                "kredit",
                "/{w}.php?{k}={v}&{k}={n}",
            ),
        ];
        for (href, anchor, want) in cases {
            assert_eq!(t(href, anchor).as_deref(), Some(want), "{href}");
        }
    }

    #[test]
    fn home_pages_are_the_root_and_non_pages_have_none() {
        assert_eq!(
            t("https://soundcloud.com", "Soundcloud").as_deref(),
            Some("/")
        );
        assert_eq!(t("https://soundcloud.com/#top", "x").as_deref(), Some("/"));
        assert_eq!(t("#top", "top"), None);
        assert_eq!(t("mailto:a@b.org", "mail"), None);
        assert_eq!(t("javascript:void(0)", "x"), None);
        assert_eq!(t("/tag/x/", "x").as_deref(), Some("/{w}/{a}/"));
        assert_eq!(t("www.a.com/b", "b").as_deref(), Some("/{a}"));
    }

    #[test]
    fn odd_targets_do_not_panic() {
        for href in [
            "",
            "?",
            "#x",
            "//",
            "https://",
            "HTTPS://É.com/é/ü?ß=ö#",
            "https://ü.example/%E2%82%AC/%ZZ?a&b=&=c",
            "ftp://a/b/c/d/e/f/g/h/",
            "ééééééééééé://x/y",
        ] {
            let _ = t(href, "é x");
        }
    }
}
