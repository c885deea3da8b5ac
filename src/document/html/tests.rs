use std::time::{Duration, Instant};

use super::*;

fn slice(src: &str, r: &Range<usize>) -> String {
    src[r.clone()].to_string()
}

fn containers(src: &str, s: &Structure) -> Vec<Option<String>> {
    s.links
        .iter()
        .map(|l| l.container.as_ref().map(|c| slice(src, c)))
        .collect()
}

fn hidden(src: &str, s: &Structure) -> Vec<(String, HiddenReason)> {
    s.hidden
        .iter()
        .map(|h| (slice(src, &h.range), h.reason))
        .collect()
}

/// The invariants every result keeps, whatever the input.
fn check_invariants(src: &str, s: &Structure) {
    let ranges = s
        .links
        .iter()
        .flat_map(|l| [&l.range, &l.anchor].into_iter().chain(&l.container))
        .chain(s.hidden.iter().map(|h| &h.range))
        .chain(&s.markup);
    for r in ranges {
        assert!(r.start <= r.end && r.end <= src.len(), "{r:?}");
        assert!(src.is_char_boundary(r.start) && src.is_char_boundary(r.end));
    }
    for w in s.links.windows(2) {
        assert!(w[0].range.end <= w[1].range.start, "links overlap");
    }
    for w in s.hidden.windows(2) {
        assert!(w[0].range.end <= w[1].range.start, "hidden blocks overlap");
    }
    for w in s.markup.windows(2) {
        assert!(w[0].end < w[1].start, "markup not sorted and merged");
    }
    for l in &s.links {
        assert!(l.range.start <= l.anchor.start && l.anchor.end <= l.range.end);
    }
}

fn parse_checked(src: &str) -> Structure {
    let s = parse(src);
    check_invariants(src, &s);
    s
}

#[test]
fn link_list_items_are_containers() {
    let src = "<ul><li><a href=\"http://a.accountant/\">generic levitra</a></li>\n\
               <li><a href=\"http://b.accountant/\">cheap cialis</a></li></ul>";
    let s = parse_checked(src);
    assert_eq!(s.links.len(), 2);
    let l = &s.links[0];
    assert_eq!(l.kind, LinkKind::Html);
    assert_eq!(l.href, "http://a.accountant/");
    assert_eq!(
        slice(src, &l.range),
        "<a href=\"http://a.accountant/\">generic levitra</a>"
    );
    assert_eq!(slice(src, &l.anchor), "generic levitra");
    assert_eq!(
        containers(src, &s),
        vec![
            Some("<li><a href=\"http://a.accountant/\">generic levitra</a></li>".into()),
            Some("<li><a href=\"http://b.accountant/\">cheap cialis</a></li>".into()),
        ]
    );
    assert!(s.hidden.is_empty() && !l.hidden);
}

#[test]
fn paragraph_holding_only_a_link() {
    let src = "<p>Intro text.</p><p><a href=\"https://x.com/\">slot gacor</a></p>";
    let s = parse_checked(src);
    assert_eq!(
        containers(src, &s),
        vec![Some(
            "<p><a href=\"https://x.com/\">slot gacor</a></p>".into()
        )]
    );
}

#[test]
fn outermost_container_and_separators() {
    let src = "<div><p> <b><a href=\"u\">x</a></b> | </p></div><p>see <a href=\"v\">y</a></p>";
    let s = parse_checked(src);
    assert_eq!(
        containers(src, &s),
        vec![
            Some("<div><p> <b><a href=\"u\">x</a></b> | </p></div>".into()),
            None
        ]
    );
}

#[test]
fn display_none_block_hides_its_links() {
    let src =
        "<p>Hello</p><div style=\"display:none;\">\n<a href=\"http://s.com/1\">Slot Gacor</a>\n\
               <a href=\"http://s.com/2\">Judi Online</a>\n</div><p>Bye</p>";
    let s = parse_checked(src);
    let start = src.find("<div").unwrap_or_default();
    let end = src.find("</div>").unwrap_or_default() + "</div>".len();
    assert_eq!(
        s.hidden,
        vec![HiddenBlock {
            range: start..end,
            reason: HiddenReason::DisplayNone
        }]
    );
    assert_eq!(s.links.len(), 2);
    assert!(s.links.iter().all(|l| l.hidden));
}

#[test]
fn off_screen_paragraph() {
    let src = "<p style=\"position:absolute; left:-1050px; top:-1125px;\">\
               <a href=\"http://x.biz/\">payday loans</a> and more</p><p>Real text</p>";
    let s = parse_checked(src);
    assert_eq!(hidden(src, &s).len(), 1);
    assert_eq!(s.hidden[0].reason, HiddenReason::OffScreen);
    assert!(slice(src, &s.hidden[0].range).ends_with("and more</p>"));
    assert!(s.links[0].hidden);
    assert!(
        s.links[0].container.is_none(),
        "the paragraph has prose too"
    );
}

#[test]
fn uppercase_off_screen_div_with_separators() {
    let src = "<DIV style=\"LEFT: -999px; POSITION: absolute; TOP: -999px\">\
               <A href=\"http://www.cheap-jordans-china.net\">cheap jordans</A>|\
               <A href=\"http://www.cheap-jordans-china.net/x\">jordans for sale</A></DIV>";
    let s = parse_checked(src);
    assert_eq!(
        hidden(src, &s),
        vec![(src.to_string(), HiddenReason::OffScreen)]
    );
    assert_eq!(s.links.len(), 2);
    assert_eq!(s.links[0].href, "http://www.cheap-jordans-china.net");
    assert_eq!(slice(src, &s.links[1].anchor), "jordans for sale");
    assert!(s.links.iter().all(|l| l.hidden && l.container.is_none()));
}

#[test]
fn style_rule_hides_element_by_id() {
    let src = "<html><head><style> #page_mask{ visibility: hidden; position: absolute; } </style>\
               </head><body><p>Welcome</p><div id=\"page_mask\"><a href=\"http://a.com\">a</a> \
               <a href=\"http://b.com\">b</a></div></body></html>";
    let s = parse_checked(src);
    let h = hidden(src, &s);
    assert_eq!(h.len(), 1);
    assert!(h[0].0.starts_with("<div id=\"page_mask\">") && h[0].0.ends_with("</a></div>"));
    assert_eq!(h[0].1, HiddenReason::StyleRule);
    assert!(s.links.iter().all(|l| l.hidden));
    let style_body = " #page_mask{ visibility: hidden; position: absolute; } ";
    let at = src.find(style_body).unwrap_or_default();
    assert!(s
        .markup
        .iter()
        .any(|m| m.start <= at && at + style_body.len() <= m.end));
}

#[test]
fn content_after_html_end() {
    let src = "<html><body><p>Hi</p></body></html>\n<!-- cache 0.1s -->\n\
               <a href=\"http://spam.com\">cheap pills</a> buy now\n";
    let s = parse_checked(src);
    assert_eq!(
        hidden(src, &s),
        vec![(
            "<!-- cache 0.1s -->\n<a href=\"http://spam.com\">cheap pills</a> buy now".into(),
            HiddenReason::AfterHtmlEnd
        )]
    );
    assert!(s.links[0].hidden);
    let clean = "<html><body><p>Hi</p></body></html>\n<!-- cache -->\n<script>x()</script>\n";
    assert!(parse_checked(clean).hidden.is_empty());
}

#[test]
fn prose_article_has_no_containers_and_nothing_hidden() {
    let src = "<!DOCTYPE html><html><head><title>News</title></head><body><article>\
               <h1>Budget passes</h1><p>The council, as <a href=\"https://gov.example/r\">the \
               report</a> shows, voted on <em>Tuesday</em>.</p><p>See also <a href=\"/more\">more\
               </a>.</p><span class=\"icon\" aria-hidden=\"true\">icon</span></article></body></html>";
    let s = parse_checked(src);
    assert_eq!(s.links.len(), 2);
    assert!(s.links.iter().all(|l| l.container.is_none() && !l.hidden));
    assert!(s.hidden.is_empty());
    assert_eq!(
        slice(src, &s.markup[0]),
        "<!DOCTYPE html><html><head><title>"
    );
}

#[test]
fn empty_or_code_only_hidden_elements_are_not_reported() {
    let src = "<div style=\"display:none\"></div><input type=hidden value=x>\
               <span hidden><script>var a = '<a href=x>y</a>';</script></span>\
               <template><p>t</p></template><div style=\"display:none\"> &nbsp; </div>";
    let s = parse_checked(src);
    assert!(s.hidden.is_empty(), "{:?}", hidden(src, &s));
    assert!(s.links.is_empty());
}

#[test]
fn hidden_attribute_and_nested_hidden_keep_outermost() {
    let src = "<section hidden><div style=\"font-size:0\"><a href=\"h\">x</a></div></section>\
               <p style=\"color:#fff;background:#ffffff\">white on white</p>";
    let s = parse_checked(src);
    let reasons: Vec<_> = s.hidden.iter().map(|h| h.reason).collect();
    assert_eq!(
        reasons,
        vec![HiddenReason::HiddenAttribute, HiddenReason::SameColour]
    );
    assert_eq!(s.hidden[0].range.start, 0);
}

#[test]
fn hidden_anchor_itself() {
    let src = "<p>Read <a href=\"x\" style=\"display:none\">casino</a> more</p>";
    let s = parse_checked(src);
    assert!(s.links[0].hidden);
    assert_eq!(
        hidden(src, &s)[0].0,
        "<a href=\"x\" style=\"display:none\">casino</a>"
    );
}

#[test]
fn script_content_is_markup_not_links() {
    let src = "<p>a</p><script>document.write('<a href=\"http://x.com\">x</a>');</script><p>b</p>";
    let s = parse_checked(src);
    assert!(s.links.is_empty());
    assert_eq!(s.markup.len(), 3);
    assert_eq!(
        slice(src, &s.markup[1]),
        "</p><script>document.write('<a href=\"http://x.com\">x</a>');</script><p>"
    );
}

#[test]
fn entity_decoded_href_and_missing_href() {
    let src = "<a href=\" http://x.com/?a=1&amp;b=&#39;2&#x27; \">x</a><a name=top>top</a>\
               <a href=''>e</a>";
    let s = parse_checked(src);
    assert_eq!(s.links.len(), 1);
    assert_eq!(s.links[0].href, "http://x.com/?a=1&b='2'");
}

#[test]
fn unclosed_tags_and_stray_end_tags() {
    let src = "</div><ul><li><a href=\"a\">one</a>\n<li><a href=\"b\">two</a>\n</ul>\
               <p><a href=\"c\">three</a><p>text <a href=\"d\">four\n</div></span>";
    let s = parse_checked(src);
    let ranges: Vec<_> = s.links.iter().map(|l| slice(src, &l.range)).collect();
    assert_eq!(
        ranges,
        vec![
            "<a href=\"a\">one</a>",
            "<a href=\"b\">two</a>",
            "<a href=\"c\">three</a>",
            "<a href=\"d\">four"
        ]
    );
    assert_eq!(
        containers(src, &s),
        vec![
            Some("<li><a href=\"a\">one</a>".into()),
            Some("<li><a href=\"b\">two</a>".into()),
            Some("<p><a href=\"c\">three</a>".into()),
            None
        ]
    );
    assert_eq!(slice(src, &s.links[3].anchor), "four");
}

#[test]
fn a_new_anchor_closes_the_open_one() {
    let src = "<a href=\"x\">one <a href=\"y\">two</a>";
    let s = parse_checked(src);
    assert_eq!(slice(src, &s.links[0].range), "<a href=\"x\">one");
    assert_eq!(slice(src, &s.links[1].anchor), "two");
}

/// Found by the property tests: a table cell shields an open `<a>` from the next one, so
/// the two links nested (0..57 and 23..57) and the second link's tokens were counted as
/// the first's.
#[test]
fn an_anchor_inside_a_cell_inside_an_anchor_does_not_overlap_it() {
    let src = "<a href=<table><tr><td><a href=\"https://example.com\"></a>";
    let s = parse_checked(src);
    assert_eq!(s.links.len(), 2);
    assert_eq!(slice(src, &s.links[0].range), "<a href=<table><tr><td>");
    assert_eq!(
        slice(src, &s.links[1].range),
        "<a href=\"https://example.com\"></a>"
    );

    let src = "<a href=\"x\">out <table><tr><td><a href=\"y\">in</a></td></tr></table> tail</a>";
    let s = parse_checked(src);
    assert_eq!(slice(src, &s.links[0].anchor), "out <table><tr><td>");
    assert_eq!(slice(src, &s.links[1].anchor), "in");
}

#[test]
fn table_cells_and_scopes() {
    let src = "<div><table><tr><td><a href=\"x\">x</a><td>text</table></div>\
               <table><tr><td><div>in</td></tr></table>";
    let s = parse_checked(src);
    assert_eq!(
        containers(src, &s),
        vec![Some("<td><a href=\"x\">x</a>".into())]
    );
}

#[test]
fn bbcode_links_in_text() {
    let src = "<div>[url=http://x.com/a]buy now[/url]</div><p>see [url]http://y.com[/url] ok</p>\
               <script>[url=http://z.com]no[/url]</script>";
    let s = parse_checked(src);
    assert_eq!(s.links.len(), 2);
    assert!(s.links.iter().all(|l| l.kind == LinkKind::BbCode));
    assert_eq!(s.links[0].href, "http://x.com/a");
    assert_eq!(slice(src, &s.links[0].anchor), "buy now");
    assert_eq!(s.links[1].href, "http://y.com");
    assert_eq!(
        containers(src, &s),
        vec![
            Some("<div>[url=http://x.com/a]buy now[/url]</div>".into()),
            None
        ]
    );
}

#[test]
fn bare_urls_in_text_are_links_but_not_inside_anchors_attributes_or_scripts() {
    let src = "<p>As I (http://www.cathatomivita.com/) said, see \
               <a href=\"https://fsf.org/x\">https://fsf.org/x</a>.</p>\
               <ul><li>https://spam.example.com/north-face-outlet</li></ul>\
               <script>var u = \"https://z.com/a\";</script><img src=\"https://img.example.com/a.png\">";
    let s = parse_checked(src);
    let shown: Vec<(LinkKind, String)> = s
        .links
        .iter()
        .map(|l| (l.kind, slice(src, &l.range)))
        .collect();
    assert_eq!(
        shown,
        vec![
            (
                LinkKind::BareUrl,
                "http://www.cathatomivita.com/".to_string()
            ),
            (
                LinkKind::Html,
                "<a href=\"https://fsf.org/x\">https://fsf.org/x</a>".to_string()
            ),
            (
                LinkKind::BareUrl,
                "https://spam.example.com/north-face-outlet".to_string()
            ),
        ]
    );
    assert_eq!(s.links[0].href, "http://www.cathatomivita.com/");
    // Alone in its list item, a bare URL takes the item with it, as an anchor would.
    assert_eq!(
        containers(src, &s)[2].as_deref(),
        Some("<li>https://spam.example.com/north-face-outlet</li>")
    );
}

#[test]
fn deep_nesting_is_fast_and_safe() {
    let depth = 100_000;
    let mut src = "<div>".repeat(depth);
    src.push_str("<a href=\"x\">deep</a>");
    src.push_str(&"</div>".repeat(depth));
    src.push_str(&"</span>".repeat(depth));
    src.push_str(&"<p><b>".repeat(depth));
    let started = Instant::now();
    let s = parse_checked(&src);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(s.links.len(), 1);
    let container = s.links[0].container.clone().unwrap_or_default();
    assert_eq!(container.start, 0);

    let hidden_deep = format!(
        "<div style=\"display:none\">{}x",
        "<span style=\"display:none\">".repeat(depth)
    );
    let s = parse_checked(&hidden_deep);
    assert_eq!(s.hidden.len(), 1);
}

#[test]
fn garbage_never_panics() {
    let samples = [
        "",
        "<",
        "<<",
        "</",
        "<!",
        "<!-",
        "<!--",
        "<!-->",
        "<a",
        "<a href",
        "<a href=",
        "<a href='",
        "<a href=\"x",
        "<a href=x>",
        "</a>",
        "<script>",
        "<style>#x{",
        "<style>}{}{",
        "&",
        "&#",
        "&#x;",
        "&#99999999999;",
        "<a href=\"&#xD800;\">x</a>",
        "[url=",
        "[url]x[/url",
        "<p/>",
        "<div/><a/>",
        "<table></td></tr><td>",
        "</html>x",
        "</html></html>x",
        "<title>",
        "<a href=x><a href=y><a href=z>",
        "<?xml?><![CDATA[x]]>",
        "<ä ö=ü>é</ä>",
    ];
    for s in samples {
        parse_checked(s);
    }
    // Pseudo-random bytes, made into strings the lossy way.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let alphabet = b"<>/=\"' !-?&#;abdihpreflstyu:[]\n\xc3\xa9\xe2\x80";
    for _ in 0..300 {
        let len = (state % 200) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                alphabet[(state % alphabet.len() as u64) as usize]
            })
            .collect();
        parse_checked(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn multibyte_text_keeps_char_boundaries() {
    let src = "<p>Привет, мир — ссылка:</p><ul><li>«<a href=\"http://пример.рф/\">купить</a>»</li>\
               </ul>\u{3000}<div style=\"display:none\">日本語 <a href=\"x\">リンク</a></div>\u{3000}";
    let s = parse_checked(src);
    assert_eq!(s.links.len(), 2);
    assert_eq!(slice(src, &s.links[0].anchor), "купить");
    assert_eq!(
        containers(src, &s)[0].as_deref(),
        Some("<li>«<a href=\"http://пример.рф/\">купить</a>»</li>")
    );
    assert!(s.links[1].hidden);
    assert_eq!(s.hidden.len(), 1);
}

#[test]
fn class_rules_respect_the_tag_and_text_indent_alone_hides() {
    let src = "<style type=\"text/css\"><!-- div.spam { display: none } --></style>\
               <div class=\"x spam\">buy <a href=\"h\">pills</a></div>\
               <span class=\"spam\">shown</span>\
               <h1 style=\"text-indent:-9999px\">Logo text</h1>";
    let s = parse_checked(src);
    let reasons: Vec<_> = s.hidden.iter().map(|h| h.reason).collect();
    assert_eq!(
        reasons,
        vec![HiddenReason::StyleRule, HiddenReason::OffScreen]
    );
    // The short `<style>` right before the block hides it and goes with it.
    let block = slice(src, &s.hidden[0].range);
    assert!(block.starts_with("<style type=\"text/css\">"), "{block}");
    assert!(block.ends_with("<div class=\"x spam\">buy <a href=\"h\">pills</a></div>"));
}

#[test]
fn hidden_blocks_inside_hidden_blocks_are_kept_apart() {
    let src = "<div style=\"display:none\"><p>popup</p>\
               <div hidden><a href=\"http://a.example/\">a</a></div></div>\
               <p style=\"display:none\">x</p>";
    let s = parse_checked(src);
    let outer: Vec<_> = s.hidden.iter().map(|h| slice(src, &h.range)).collect();
    let nested: Vec<_> = s
        .nested_hidden
        .iter()
        .map(|h| slice(src, &h.range))
        .collect();
    assert_eq!(outer.len(), 2);
    assert!(outer[0].starts_with("<div style=\"display:none\">"));
    assert_eq!(
        nested,
        ["<div hidden><a href=\"http://a.example/\">a</a></div>"]
    );
}

#[test]
fn markup_covers_tags_comments_and_code_but_not_prose() {
    let src = "<!doctype html><!-- c --><p class=a>Hello <b>world</b></p>\
               <style>p{}</style>\n<?php echo 1 ?>bye";
    let s = parse_checked(src);
    let pieces: Vec<_> = s.markup.iter().map(|m| slice(src, m)).collect();
    assert_eq!(
        pieces,
        vec![
            "<!doctype html><!-- c --><p class=a>",
            "<b>",
            "</b></p><style>p{}</style>",
            "<?php echo 1 ?>"
        ]
    );
}
