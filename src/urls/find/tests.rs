use super::*;

fn found(text: &str) -> Vec<&str> {
    find_urls(text)
        .into_iter()
        .map(|m| &text[m.range])
        .collect()
}

fn forms(text: &str) -> Vec<UrlForm> {
    find_urls(text).into_iter().map(|m| m.form).collect()
}

#[test]
fn seed_sentence_range_is_exact() {
    let text = "Bashar A sad ( https://www.capitalsshine.com/Jonas-Siegenthaler-Jersey white shirt) speaks";
    let ms = find_urls(text);
    assert_eq!(ms.len(), 1);
    let start = text.find("https").unwrap_or_default();
    let end = text.find(" white").unwrap_or_default();
    assert_eq!(ms[0].range, start..end);
    assert_eq!(ms[0].form, UrlForm::Scheme);
}

#[test]
fn schemes_any_case() {
    assert_eq!(
        found("see HTTP://Example.COM/A and ftp://files.example.org/x.tar.gz."),
        ["HTTP://Example.COM/A", "ftp://files.example.org/x.tar.gz"]
    );
    assert_eq!(
        found("https://example.com:8080/a?b=1#c"),
        ["https://example.com:8080/a?b=1#c"]
    );
    assert_eq!(
        found("http://user:pw@example.com/a"),
        ["http://user:pw@example.com/a"]
    );
}

#[test]
fn www_form() {
    assert_eq!(
        found("go to www.cheapjerseys.com/nfl now"),
        ["www.cheapjerseys.com/nfl"]
    );
    assert_eq!(forms("www.example.co.uk"), [UrlForm::Www]);
    assert_eq!(forms("awww.example.com"), [UrlForm::Bare]);
    assert!(found("www.nothing").is_empty());
}

#[test]
fn bare_with_and_without_path() {
    assert_eq!(
        found("Buy at cheapjerseysa.com today"),
        ["cheapjerseysa.com"]
    );
    assert_eq!(
        found("visit shop.example.de/sale/nfl?x=1 now"),
        ["shop.example.de/sale/nfl?x=1"]
    );
    assert_eq!(forms("cheapjerseysa.com"), [UrlForm::Bare]);
    assert_eq!(
        found("Amazon.com, eBay.com and EXAMPLE.ORG."),
        ["Amazon.com", "eBay.com", "EXAMPLE.ORG"]
    );
    // A path makes a less common TLD acceptable.
    assert_eq!(found("see example.travel/tours"), ["example.travel/tours"]);
    assert_eq!(
        found("at example.com:8080/a, or example.com:8080"),
        ["example.com:8080/a", "example.com"]
    );
    assert!(found("see example.travel").is_empty());
}

#[test]
fn html_attribute_yields_the_url_only() {
    let html = r#"<a href="https://x.com/a" rel='nofollow'>x</a> <img src='http://y.org/b.png'>"#;
    assert_eq!(found(html), ["https://x.com/a", "http://y.org/b.png"]);
    assert_eq!(found("<a href=https://x.com/a>t</a>"), ["https://x.com/a"]);
    assert_eq!(
        found("&lt;a href=&quot;http://x.com/a&quot;&gt;"),
        ["http://x.com/a"]
    );
}

#[test]
fn markdown_links() {
    assert_eq!(found("[a](http://x.com/a)"), ["http://x.com/a"]);
    assert_eq!(found("[a](http://x.com/a)b"), ["http://x.com/a"]);
    assert_eq!(
        found("[http://x.com/a](http://x.com/b)"),
        ["http://x.com/a", "http://x.com/b"]
    );
    assert_eq!(
        found("[www.x.com](https://x.com)"),
        ["www.x.com", "https://x.com"]
    );
    assert_eq!(found("**https://x.com/a**"), ["https://x.com/a"]);
    assert_eq!(found("[url=http://x.com/a]t[/url]"), ["http://x.com/a"]);
    assert_eq!(found("[url]http://x.com/a[/url]"), ["http://x.com/a"]);
    assert_eq!(
        found("http://x.com/f.php?a[]=1&b[x]=2"),
        ["http://x.com/f.php?a[]=1&b[x]=2"]
    );
}

#[test]
fn trailing_punctuation_is_stripped() {
    assert_eq!(found("See http://x.com/a."), ["http://x.com/a"]);
    assert_eq!(found("See http://x.com/a?!"), ["http://x.com/a"]);
    assert_eq!(found("(see http://x.com/a), then"), ["http://x.com/a"]);
    assert_eq!(found("\"http://x.com/a\";"), ["http://x.com/a"]);
    assert_eq!(found("x.com: a site"), ["x.com"]);
    assert_eq!(found("http://x.com."), ["http://x.com"]);
}

#[test]
fn balanced_parens_are_kept() {
    assert_eq!(
        found("https://en.wikipedia.org/wiki/Foo_(bar)"),
        ["https://en.wikipedia.org/wiki/Foo_(bar)"]
    );
    assert_eq!(
        found("(https://en.wikipedia.org/wiki/Foo_(bar))."),
        ["https://en.wikipedia.org/wiki/Foo_(bar)"]
    );
    assert_eq!(
        found("[x](https://en.wikipedia.org/wiki/Foo_(bar))"),
        ["https://en.wikipedia.org/wiki/Foo_(bar)"]
    );
}

#[test]
fn false_positives_are_rejected() {
    for text in [
        "e.g. this, i.e. that",
        "built with node.js and Vue.js",
        "open index.html or file.py",
        "version v1.2 and pi is 3.14",
        "Mr.Smith said",
        "He left.It was late",
        "main.cc and setup.py and notes.md",
        "mail me at jane@example.com",
        "src/lib.rs/x and docs/readme.md",
        "foo.example.com_bar",
        "self.name and obj.style and console.log(x)",
        "a..b..c",
        "U.S. and a.m. and Ph.D.",
        "example.com@host",
        "built on ASP.NET and VB.NET",
        "john.doe@gmail.com",
    ] {
        assert!(found(text).is_empty(), "{text:?} gave {:?}", found(text));
    }
}

#[test]
fn idn_and_punycode_hosts() {
    assert_eq!(
        found("сайт http://пример.рф/путь here"),
        ["http://пример.рф/путь"]
    );
    assert_eq!(
        found("see http://xn--e1afmkfd.xn--p1ai/ ok"),
        ["http://xn--e1afmkfd.xn--p1ai/"]
    );
    assert_eq!(found("bare пример.рф ok"), ["пример.рф"]);
    assert_eq!(found("访问example.com获取"), ["example.com"]);
}

#[test]
fn a_zero_width_character_inside_a_host_does_not_cut_it() {
    let url = "https://cheap\u{200b}jerseysa.com/Jonas-Siegenthaler-Jersey";
    assert_eq!(found(&format!("Visit {url} now.")), [url]);
    let info = crate::urls::analyze(url).unwrap();
    assert_eq!(info.host, "cheapjerseysa.com");
    // At the edge of a host it still ends the URL.
    assert_eq!(found("see example.com\u{200b} ok"), ["example.com"]);
}

#[test]
fn ip_hosts() {
    assert_eq!(
        found("at http://192.168.0.1:8080/admin."),
        ["http://192.168.0.1:8080/admin"]
    );
    assert_eq!(
        found("at http://[2001:db8::1]/x"),
        ["http://[2001:db8::1]/x"]
    );
    assert!(found("http://999.1/x").is_empty());
}

#[test]
fn percent_encoded_path() {
    assert_eq!(
        found("http://x.com/a%20b%C3%A9?q=%2F"),
        ["http://x.com/a%20b%C3%A9?q=%2F"]
    );
}

#[test]
fn several_in_order_without_overlap() {
    let text = "a http://a.com/x, www.b.org and c.net/y.";
    let ms = find_urls(text);
    assert_eq!(found(text), ["http://a.com/x", "www.b.org", "c.net/y"]);
    assert!(ms.windows(2).all(|w| w[0].range.end <= w[1].range.start));
}

#[test]
fn long_url_is_one_match() {
    let url = format!("https://example.com/{}", "a".repeat(50_000));
    let text = format!("x {url} y");
    let ms = find_urls(&text);
    assert_eq!(ms.len(), 1);
    assert_eq!(&text[ms[0].range.clone()], url);
}

#[test]
fn adversarial_inputs_do_not_panic() {
    let inputs = [
        ".".repeat(50_000),
        "a.".repeat(25_000),
        "http://".repeat(10_000),
        "http://a.".repeat(5_000),
        "www.".repeat(10_000),
        "(".repeat(20_000) + "http://x.com/" + &")".repeat(20_000),
        "http://x.com/".to_string() + &"(".repeat(20_000),
        "é.ü.".repeat(10_000),
        "x.com/".repeat(10_000),
        "\u{200B}http://x.com\u{FEFF}é𝔘.com/ü".to_string(),
        "http://[".to_string(),
        "http://[::".to_string(),
        "a.com:".to_string(),
        "https://a.com:99999999/x".to_string(),
    ];
    for text in &inputs {
        for m in find_urls(text) {
            assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
            assert!(m.range.start < m.range.end);
        }
    }
}

/// The whole text scanned in one pass, as [`find_urls`] did before it skipped chunks.
fn scan_everything(text: &str) -> Vec<UrlMatch> {
    let mut out = Vec::new();
    scan(text, 0..text.len(), None, &mut out);
    out
}

proptest::proptest! {
    #[test]
    fn skipping_chunks_without_dot_or_colon_finds_the_same(
        pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "http://", "https://", "www.", "a.com", "x.co.uk/", "Jersey", "/p-q", ".", ":",
                ":8080", " ", "\n", "\t", "é", "中文", "\u{200b}", "\u{a0}", "(", ")", "@",
                "-", "_", "[/url]", "&quot;", "localhost", "[::1]", "1.2.3.4", "main.py",
                "cheap", "site", "ASP.NET", "?q=1", "#", "…", "setup.", "end.", "Com",
            ]),
            0..40,
        )
    ) {
        let text: String = pieces.concat();
        let fast: Vec<_> = find_urls(&text).into_iter().map(|m| (m.range, m.form)).collect();
        let slow: Vec<_> = scan_everything(&text).into_iter().map(|m| (m.range, m.form)).collect();
        proptest::prop_assert_eq!(fast, slow);
    }
}

#[test]
fn ascii_stop_characters_are_the_ones_the_full_test_finds() {
    let full = |c: char| c.is_whitespace() || c.is_control() || STOP_CHARS.contains(c);
    for c in (0u8..=127).map(char::from) {
        assert_eq!(is_stop(c), full(c), "{c:?}");
    }
}
