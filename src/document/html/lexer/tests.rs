use super::*;

fn starts(src: &str) -> Vec<(String, Option<String>)> {
    tokenize(src)
        .into_iter()
        .filter_map(|t| match t {
            Token::Start { name, attrs, .. } => Some((name, attrs.href)),
            _ => None,
        })
        .collect()
}

/// Every byte is in exactly one token, in order, on char boundaries.
fn assert_covers(src: &str, tokens: &[Token]) {
    let mut pos = 0;
    for t in tokens {
        let r = t.range();
        assert_eq!(r.start, pos, "gap or overlap before {t:?} in {src:?}");
        assert!(r.start < r.end, "empty {t:?}");
        assert!(src.is_char_boundary(r.start) && src.is_char_boundary(r.end));
        pos = r.end;
    }
    assert_eq!(pos, src.len(), "{src:?} not covered to its end");
}

#[test]
fn attributes_in_every_spelling() {
    let src = r#"<A HREF=x.com/a?b=1&amp;c=2 hidden><b class='k' id = "q" style=color:red>"#;
    let toks = tokenize(src);
    let Token::Start { name, attrs, .. } = &toks[0] else {
        panic!("start tag expected")
    };
    assert_eq!(name, "a");
    assert_eq!(attrs.href.as_deref(), Some("x.com/a?b=1&c=2"));
    assert!(attrs.hidden);
    let Token::Start { attrs, .. } = &toks[1] else {
        panic!("start tag expected")
    };
    assert_eq!(
        (attrs.class.as_deref(), attrs.id.as_deref()),
        (Some("k"), Some("q"))
    );
    assert_eq!(attrs.style.as_deref(), Some("color:red"));
}

#[test]
fn raw_text_comments_and_literal_angles() {
    let src = "<script>if (a<b) x='<a href=1>'</SCRIPT ><!-- <a href=2> -->a < b <p>";
    assert_eq!(
        starts(src),
        vec![("script".into(), None), ("p".into(), None)]
    );
    let src = "<title>x <a href=y>z</a>";
    assert_eq!(starts(src).len(), 2, "unclosed title is parsed normally");
}

#[test]
fn unterminated_quote_stops_at_the_tag_end() {
    // The standard lets the quote run to the end of the input and then drops the tag; the
    // tag stays markup up to its first `>` and what follows is read again.
    let src = r#"<a href="x.com>anchor</a> <p>more <a href=y.com>z</a>"#;
    let toks = tokenize(src);
    assert_covers(src, &toks);
    assert!(matches!(&toks[0], Token::Unreported(r) if r.end == src.find('>').unwrap() + 1));
    assert_eq!(
        starts(src),
        vec![("p".into(), None), ("a".into(), Some("y.com".into()))]
    );
}

#[test]
fn noscript_is_markup() {
    let src = "<noscript><div><a href=spam.example>cheap</a></div></noscript><p>x";
    let names: Vec<String> = starts(src).into_iter().map(|s| s.0).collect();
    assert_eq!(names, ["noscript", "div", "a", "p"]);
    assert!(tokenize(src)
        .iter()
        .any(|t| matches!(t, Token::End { name, .. } if name == "noscript")));
}

#[test]
fn raw_bodies_by_element() {
    let src = "<style>.x{display:none}</style><textarea>a <b>b</b></textarea><xmp><i></xmp>\
               <iframe><p></iframe>";
    let raws: Vec<(&str, bool, bool)> = tokenize(src)
        .iter()
        .filter_map(|t| match t {
            Token::Raw { range, text, style } => Some((&src[range.clone()], *text, *style)),
            _ => None,
        })
        .collect();
    assert_eq!(
        raws,
        [
            (".x{display:none}", false, true),
            ("a <b>b</b>", true, false),
            ("<i>", true, false),
            ("<p>", false, false),
        ]
    );
}

#[test]
fn foreign_content_and_cdata() {
    let src =
        "<svg><title><a href=1>t</a></title><![CDATA[<a href=2>]]></svg><math><mi>x</mi></math>";
    let toks = tokenize(src);
    assert_covers(src, &toks);
    // Inside `<svg>`, `<title>` is not RCDATA and CDATA sections are text, as a browser has it.
    assert_eq!(
        starts(src),
        [
            ("svg".into(), None),
            ("title".into(), None),
            ("a".into(), Some("1".into())),
            ("math".into(), None),
            ("mi".into(), None),
        ]
    );
    assert!(toks
        .iter()
        .any(|t| matches!(t, Token::Text(r) if &src[r.clone()] == "<a href=2>")));
}

#[test]
fn stray_end_tags_and_doctype_are_markup() {
    let src = "<!DOCTYPE html></b>text<? php ?></ >é<![CDATA[x]]>";
    let toks = tokenize(src);
    assert_covers(src, &toks);
    let texts: Vec<&str> = toks
        .iter()
        .filter_map(|t| match t {
            Token::Text(r) => Some(&src[r.clone()]),
            _ => None,
        })
        .collect();
    assert_eq!(texts, ["text", "é"]);
    let ends: Vec<&str> = toks
        .iter()
        .filter_map(|t| match t {
            Token::End { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(ends, ["b"], "`</ >` is a bogus comment, not an end tag");
}

#[test]
fn end_tags_lol_html_had_nothing_open_for_are_named() {
    let src = "<p>page</p></BODY></html >\n<p><a href=x>spam</a>";
    let ends: Vec<(&str, String)> = tokenize(src)
        .into_iter()
        .filter_map(|t| match t {
            Token::End { range, name } => Some((&src[range], name)),
            _ => None,
        })
        .collect();
    assert_eq!(
        ends,
        [
            ("</p>", "p".into()),
            ("</BODY>", "body".into()),
            ("</html >", "html".into()),
            ("</a>", "a".into()),
        ]
    );
}

#[test]
fn every_input_is_covered() {
    for src in [
        "",
        "plain",
        "<",
        "</",
        "<a",
        "<a href='x",
        "<!--",
        "<!-- x",
        "<title>",
        "<script>x",
        "<noscript><noscript><a href=x>",
        "<textarea>€ <b>",
        "a<b>c</b>d<",
        "<svg><![CDATA[ never closed",
        "\u{0}<a\u{0}b=\u{0}>é</a\u{0}>",
    ] {
        assert_covers(src, &tokenize(src));
    }
}

#[test]
fn deep_nesting_is_linear_and_complete() {
    let depth = 100_000;
    let src = format!("{}x{}", "<div>".repeat(depth), "</div>".repeat(depth));
    let toks = tokenize(&src);
    assert_covers(&src, &toks);
    assert_eq!(toks.len(), 2 * depth + 1);
    let src = "<noscript>".repeat(20_000) + "<a href=x>";
    assert_covers(&src, &tokenize(&src));
}

#[test]
fn memory_limit_leaves_the_rest_as_text() {
    let src = format!("<p>before</p>{}deep", "<div class=x>".repeat(10_000));
    let toks = tokenize_with_limit(&src, 4096);
    assert_covers(&src, &toks);
    let Some(Token::Text(rest)) = toks.last() else {
        panic!("the rest is one text token: {:?}", toks.last())
    };
    assert!(src[rest.clone()].ends_with("deep"));
    assert!(rest.start > 0, "what was read before the limit is kept");
}
