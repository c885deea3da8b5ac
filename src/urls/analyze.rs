//! Taking a link target apart into the facts the link features need.

use url::{Host, Url};

use super::find::match_at;
use super::punycode::host_to_unicode;
use super::segment::{is_known_word, segment};
use super::UrlInfo;

/// Path words beyond this many are dropped: features look at a handful, and a
/// 50,000-character path must not turn into 50,000 strings.
const MAX_PATH_WORDS: usize = 200;

/// Slug shapes stop after this many word classes, for the same reason.
const MAX_SHAPE_PARTS: usize = 64;

/// A path word at least this long that is not in the word list is tried as glued words.
const GLUED_MIN: usize = 6;
const GLUED_MAX: usize = 64;

pub(super) fn analyze(href: &str) -> Option<UrlInfo> {
    let url = parse_web_url(href.trim())?;
    info(&url)
}

fn parse_web_url(s: &str) -> Option<Url> {
    if s.is_empty() {
        return None;
    }
    if let Some(rest) = s.strip_prefix("//") {
        let url = Url::parse(&format!("http://{rest}")).ok()?;
        let plausible = match url.host()? {
            Host::Domain(d) => psl::domain(d.trim_end_matches('.').as_bytes())
                .is_some_and(|d| d.suffix().is_known()),
            Host::Ipv4(_) | Host::Ipv6(_) => true,
        };
        return plausible.then_some(url);
    }
    if let Some(scheme) = scheme_of(s) {
        if !["http", "https", "ftp"]
            .iter()
            .any(|k| scheme.eq_ignore_ascii_case(k))
        {
            return None;
        }
        let url = Url::parse(s).ok()?;
        url.host()?;
        return Some(url);
    }
    if s.starts_with(['/', '#', '?', '.']) || s.chars().any(char::is_whitespace) {
        return None;
    }
    // Without a scheme the text is a URL exactly when the scanner would have found it
    // there, so "index.html" or "Mr.Smith" as an href or anchor is not a site.
    let m = match_at(s, 0, None)?;
    if !s[m.range.end..].chars().all(|c| ".,;:!?".contains(c)) {
        return None;
    }
    Url::parse(&format!("http://{}", &s[m.range])).ok()
}

/// The scheme of an absolute URL, if `s` starts with one. A "scheme" with a dot in it is
/// a host with a port ("example.com:8080/a").
fn scheme_of(s: &str) -> Option<&str> {
    let colon = s.find(':')?;
    let scheme = &s[..colon];
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-');
    (first_ok && rest_ok && !s[colon + 1..].starts_with(|c: char| c.is_ascii_digit()))
        .then_some(scheme)
}

fn info(url: &Url) -> Option<UrlInfo> {
    let (ascii, is_ip) = match url.host()? {
        Host::Domain(d) => (d.trim_end_matches('.').to_ascii_lowercase(), false),
        Host::Ipv4(ip) => (ip.to_string(), true),
        Host::Ipv6(ip) => (ip.to_string(), true),
    };
    if ascii.is_empty() {
        return None;
    }
    let (path_words, slug_shape, path_depth) = path_facts(url);
    let has_query = url.query().is_some_and(|q| !q.is_empty());
    if is_ip {
        return Some(UrlInfo {
            host: ascii.clone(),
            host_ascii: ascii.clone(),
            domain: ascii.clone(),
            domain_label: ascii,
            suffix: String::new(),
            tld: String::new(),
            subdomain: None,
            host_words: Vec::new(),
            path_words,
            slug_shape,
            path_depth,
            has_query,
            is_ip,
            is_idn: false,
        });
    }

    let as_string = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let last_label = ascii.rsplit('.').next().unwrap_or_default().to_string();
    let suffix = psl::suffix(ascii.as_bytes())
        .map_or_else(|| last_label.clone(), |s| as_string(s.as_bytes()));
    let domain =
        psl::domain(ascii.as_bytes()).map_or_else(|| ascii.clone(), |d| as_string(d.as_bytes()));
    let domain_label = domain
        .strip_suffix(suffix.as_str())
        .and_then(|d| d.strip_suffix('.'))
        .filter(|d| !d.is_empty())
        .unwrap_or(&domain)
        .to_string();
    let subdomain = ascii
        .strip_suffix(domain.as_str())
        .and_then(|s| s.strip_suffix('.'))
        .map(strip_www)
        .filter(|s| !s.is_empty())
        .map(host_to_unicode);

    let domain_label = host_to_unicode(&domain_label);
    let mut host_words: Vec<String> = Vec::new();
    for label in subdomain
        .iter()
        .flat_map(|s| s.split('.'))
        .chain(std::iter::once(domain_label.as_str()))
    {
        host_words.extend(segment(label));
    }
    Some(UrlInfo {
        host: host_to_unicode(&ascii),
        is_idn: ascii.split('.').any(|l| l.starts_with("xn--")),
        host_ascii: ascii,
        domain: host_to_unicode(&domain),
        domain_label,
        suffix: host_to_unicode(&suffix),
        tld: host_to_unicode(&last_label),
        subdomain,
        host_words,
        path_words,
        slug_shape,
        path_depth,
        has_query,
        is_ip,
    })
}

/// Drops a leading "www" (or "www2"…) label: it says nothing about who runs the site.
fn strip_www(sub: &str) -> &str {
    let (first, rest) = sub.split_once('.').unwrap_or((sub, ""));
    let is_www = first
        .strip_prefix("www")
        .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()));
    if is_www {
        rest
    } else {
        sub
    }
}

fn path_facts(url: &Url) -> (Vec<String>, String, usize) {
    let path = percent_decode(url.path());
    let depth = path.split('/').filter(|s| !s.is_empty()).count();
    let slug = path.split('/').rfind(|s| !s.is_empty()).unwrap_or_default();
    let shape = slug_shape(slug);
    let mut words = path_words(&path);
    if let Some(q) = url.query() {
        words.extend(path_words(&percent_decode(q)));
    }
    words.truncate(MAX_PATH_WORDS);
    (words, shape, depth)
}

pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' {
            if let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            ) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Splits an alphanumeric run where the writing changes: lower→upper ("jonasSieg"),
/// the last capital of an acronym before a lower-case letter ("NFLJerseys"), and
/// letters↔digits ("jersey2019").
fn case_parts(run: &[char]) -> Vec<&[char]> {
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..run.len() {
        let (p, c) = (run[i - 1], run[i]);
        let next_lower = run.get(i + 1).is_some_and(|n| n.is_lowercase());
        let boundary = (p.is_lowercase() && c.is_uppercase())
            || (p.is_uppercase() && c.is_uppercase() && next_lower)
            || (p.is_numeric() != c.is_numeric());
        if boundary {
            parts.push(&run[start..i]);
            start = i;
        }
    }
    if start < run.len() {
        parts.push(&run[start..]);
    }
    parts
}

fn path_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    for run in chars
        .split(|c| !c.is_alphanumeric())
        .filter(|r| !r.is_empty())
    {
        for part in case_parts(run) {
            if out.len() >= MAX_PATH_WORDS {
                return out;
            }
            let word: String = part.iter().flat_map(|c| c.to_lowercase()).collect();
            unglue(word, &mut out);
        }
    }
    out
}

/// Pushes "cheapnikeshoes" as cheap, nike, shoes; but only when every piece is a known word, so
/// a name the list lacks ("siegenthaler") is never shredded into accidental fragments.
fn unglue(word: String, out: &mut Vec<String>) {
    let len = word.chars().count();
    if !(GLUED_MIN..=GLUED_MAX).contains(&len)
        || !word.chars().all(char::is_alphabetic)
        || is_known_word(&word)
    {
        out.push(word);
        return;
    }
    let pieces = segment(&word);
    if pieces.len() >= 2 && pieces.iter().all(|p| is_known_word(p)) {
        out.extend(pieces);
    } else {
        out.push(word);
    }
}

/// Shape of one path segment: digits "9", lower-case "a", capitalised "Cap", all-caps
/// "A"; separators kept as written; case changes inside a run marked with "|" so that
/// "JonasSiegenthalerJersey" still counts three capitalised words.
fn slug_shape(slug: &str) -> String {
    let chars: Vec<char> = slug.chars().collect();
    let mut shape = String::new();
    let mut parts = 0usize;
    let mut i = 0;
    while i < chars.len() && parts < MAX_SHAPE_PARTS {
        if !chars[i].is_alphanumeric() {
            shape.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_alphanumeric() {
            i += 1;
        }
        for (k, part) in case_parts(&chars[start..i]).into_iter().enumerate() {
            if k > 0 {
                shape.push('|');
            }
            shape.push_str(word_class(part));
            parts += 1;
        }
    }
    shape
}

fn word_class(part: &[char]) -> &'static str {
    let upper = part.iter().filter(|c| c.is_uppercase()).count();
    if part.iter().all(|c| c.is_numeric()) {
        "9"
    } else if upper == 0 {
        "a"
    } else if upper == part.len() {
        "A"
    } else if upper == 1 && part[0].is_uppercase() {
        "Cap"
    } else {
        "Aa"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ws: &[&str]) -> Vec<String> {
        ws.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn seed_url() {
        let u =
            analyze("https://www.capitalsshine.com/Jonas-Siegenthaler-Jersey").expect("web url");
        assert_eq!(u.host, "www.capitalsshine.com");
        assert_eq!(u.domain, "capitalsshine.com");
        assert_eq!(u.domain_label, "capitalsshine");
        assert_eq!(u.suffix, "com");
        assert_eq!(u.tld, "com");
        assert_eq!(u.subdomain, None);
        assert_eq!(u.host_words, words(&["capitals", "shine"]));
        assert_eq!(u.path_words, words(&["jonas", "siegenthaler", "jersey"]));
        assert_eq!(u.slug_shape, "Cap-Cap-Cap");
        assert_eq!(u.path_depth, 1);
        assert!(!u.has_query && !u.is_ip && !u.is_idn);
    }

    #[test]
    fn glued_host_without_path() {
        let u = analyze("http://www.cheapjerseysgest.com").expect("web url");
        assert_eq!(u.domain, "cheapjerseysgest.com");
        assert_eq!(u.host_words, words(&["cheap", "jerseys", "gest"]));
        assert!(u.path_words.is_empty());
        assert_eq!(u.slug_shape, "");
        assert_eq!(u.path_depth, 0);
    }

    #[test]
    fn hyphenated_bare_host() {
        let u = analyze("cheap-jordans-china.net").expect("web url");
        assert_eq!(u.domain, "cheap-jordans-china.net");
        assert_eq!(u.domain_label, "cheap-jordans-china");
        assert_eq!(u.host_words, words(&["cheap", "jordans", "china"]));
        assert_eq!(u.tld, "net");
    }

    #[test]
    fn private_suffix_counts() {
        let u = analyze("http://www.cheapelitejerseys.us.com").expect("web url");
        assert_eq!(u.suffix, "us.com");
        assert_eq!(u.domain, "cheapelitejerseys.us.com");
        assert_eq!(u.domain_label, "cheapelitejerseys");
        assert_eq!(u.tld, "com");
        assert_eq!(u.host_words, words(&["cheap", "elite", "jerseys"]));
    }

    #[test]
    fn compound_suffix_and_subdomain() {
        let u = analyze("https://shop.cheap.co.uk/a/b/c?x=1").expect("web url");
        assert_eq!(u.domain, "cheap.co.uk");
        assert_eq!(u.suffix, "co.uk");
        assert_eq!(u.subdomain.as_deref(), Some("shop"));
        assert_eq!(u.host_words, words(&["shop", "cheap"]));
        assert_eq!(u.path_depth, 3);
        assert!(u.has_query);
        assert_eq!(u.path_words, words(&["a", "b", "c", "x", "1"]));
        let w = analyze("http://www.shop.example.com/").expect("web url");
        assert_eq!(w.subdomain.as_deref(), Some("shop"));
    }

    #[test]
    fn not_web_urls() {
        for href in [
            "mailto:a@b.com",
            "/about",
            "#top",
            "?page=2",
            "./x",
            "javascript:void(0)",
            "tel:+123",
            "",
            "  ",
            "index.html",
            "Mr.Smith",
            "Click here",
            "localhost:3000",
            "about",
            "3.14",
            "example.com is great",
            "//not a host",
            "data:text/plain,hi",
        ] {
            assert_eq!(analyze(href), None, "{href:?}");
        }
    }

    #[test]
    fn written_forms() {
        assert_eq!(
            analyze("//cdn.example.com/a.js")
                .map(|u| u.domain)
                .as_deref(),
            Some("example.com")
        );
        assert_eq!(
            analyze("www.example.org/x").map(|u| u.domain).as_deref(),
            Some("example.org")
        );
        assert_eq!(
            analyze(" Example.com. ").map(|u| u.host).as_deref(),
            Some("example.com")
        );
        assert_eq!(analyze("example.com:8080/a").map(|u| u.path_depth), Some(1));
        assert_eq!(
            analyze("HTTPS://EXAMPLE.COM/A")
                .map(|u| u.slug_shape)
                .as_deref(),
            Some("A")
        );
        assert_eq!(
            analyze("ftp://files.example.org/")
                .map(|u| u.domain)
                .as_deref(),
            Some("example.org")
        );
    }

    #[test]
    fn idn_hosts_decode() {
        let a = analyze("http://пример.рф/путь").expect("web url");
        let b = analyze("http://xn--e1afmkfd.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C").expect("web url");
        assert_eq!(a, b);
        assert_eq!(a.host, "пример.рф");
        assert_eq!(a.host_ascii, "xn--e1afmkfd.xn--p1ai");
        assert_eq!(a.domain, "пример.рф");
        assert_eq!(a.tld, "рф");
        assert!(a.is_idn);
        assert_eq!(a.path_words, words(&["путь"]));
    }

    #[test]
    fn ip_hosts() {
        let u = analyze("http://192.168.1.10:8080/admin/login.php").expect("web url");
        assert!(u.is_ip);
        assert_eq!(u.domain, "192.168.1.10");
        assert_eq!(u.suffix, "");
        assert!(u.host_words.is_empty());
        assert_eq!(u.slug_shape, "a.a");
        let v6 = analyze("http://[2001:db8::1]/").expect("web url");
        assert_eq!(v6.host, "2001:db8::1");
        assert!(v6.is_ip);
    }

    #[test]
    fn path_words_and_shapes() {
        let u = analyze("https://x.com/blog/10-tips-for-data").expect("web url");
        assert_eq!(u.slug_shape, "9-a-a-a");
        assert_eq!(u.path_words, words(&["blog", "10", "tips", "for", "data"]));
        let u = analyze("https://x.com/NFLJerseys/CheapNikeShoes2019%20Sale/index.html")
            .expect("web url");
        assert_eq!(u.slug_shape, "a.a");
        assert_eq!(
            u.path_words,
            words(&["nfl", "jerseys", "cheap", "nike", "shoes", "2019", "sale", "index", "html"])
        );
        let u = analyze("https://x.com/cheapnikeshoes/JonasSiegenthalerJersey/").expect("web url");
        assert_eq!(u.slug_shape, "Cap|Cap|Cap");
        assert_eq!(
            u.path_words,
            words(&["cheap", "nike", "shoes", "jonas", "siegenthaler", "jersey"])
        );
        assert_eq!(slug_shape("NFLJerseys"), "A|Cap");
        assert_eq!(slug_shape("a--b_c"), "a--a_a");
    }

    #[test]
    fn huge_paths_are_bounded() {
        let long = format!("https://example.com/{}", "ab-".repeat(20_000));
        let u = analyze(&long).expect("web url");
        assert_eq!(u.path_words.len(), MAX_PATH_WORDS);
        assert!(u.slug_shape.len() < 400);
        let glued = format!("https://example.com/{}", "a".repeat(50_000));
        assert_eq!(analyze(&glued).map(|u| u.path_words.len()), Some(1));
    }

    #[test]
    fn percent_decoding_is_lossy_not_panicky() {
        assert_eq!(percent_decode("a%20b%zz%"), "a b%zz%");
        assert_eq!(percent_decode("%FF%C3"), "\u{FFFD}\u{FFFD}");
    }
}
