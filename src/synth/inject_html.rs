//! Block-level injections of hacked pages: hidden link blocks and appended link lists.
//!
//! Hidden blocks are how most hacked CMS pages carry spam: a `display:none` div, an
//! absolutely positioned paragraph far off-screen, one-pixel text, a `<style>` rule hiding an
//! id, or plain links after `</html>`, each holding 3–40 links. They go before `</body>`, in
//! the footer, after `</html>`, right after `<body>`, or between two blocks. The span covers
//! the whole block, `<style>` element included. Markdown (raw HTML is legal there) and
//! scraped text get them too, at a paragraph break or the end.

use rand::seq::SliceRandom;
use rand::Rng;

use super::edit::Splice;
use super::inject::{Ctx, Slot, HIDDEN_BLOCK, LINK_LIST};
use super::inject_text::{a_tag, block_lines, esc};
use crate::document::Format;

/// Where a block goes in a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    BeforeBodyClose,
    InFooter,
    AfterHtml,
    BetweenBlocks,
    AfterBodyOpen,
}

/// A random id or class name, as injectors generate them.
fn random_name(ctx: &mut Ctx) -> String {
    let n = ctx.rng.gen_range(4..=8);
    (0..n)
        .map(|_| char::from(b'a' + ctx.rng.gen_range(0..26u8)))
        .collect()
}

/// Pick a place by weight among those the page has; `None` means the end of the text.
fn choose_place(
    ctx: &mut Ctx,
    weights: &[(Place, u32)],
) -> Option<(usize, &'static str, &'static str)> {
    let h = ctx.slots.html;
    let usable: Vec<(Place, u32)> = weights
        .iter()
        .copied()
        .filter(|(p, _)| match p {
            Place::BeforeBodyClose => h.body_close.is_some(),
            Place::InFooter => h.footer_close.is_some(),
            Place::AfterHtml => h.html_close_end.is_some(),
            Place::BetweenBlocks => !ctx.slots.blocks.is_empty(),
            Place::AfterBodyOpen => h.body_open_end.is_some(),
        })
        .collect();
    let place = usable.choose_weighted(ctx.rng, |(_, w)| *w).ok()?.0;
    match place {
        Place::BeforeBodyClose => h.body_close.map(|p| (p, "", "\n")),
        Place::InFooter => h.footer_close.map(|p| (p, "", "\n")),
        Place::AfterHtml => h.html_close_end.map(|p| (p, "\n", "")),
        Place::AfterBodyOpen => h.body_open_end.map(|p| (p, "\n", "")),
        Place::BetweenBlocks => ctx.take(Slot::Block).map(|p| (p, "\n", "")),
    }
}

/// `hidden_block`: one block of 3–40 links, hidden by one of the tricks hacked pages use.
pub(crate) fn hidden_block(ctx: &mut Ctx, _n: usize) -> usize {
    let k = match ctx.rng.gen_range(0..10) {
        0..=5 => ctx.rng.gen_range(3..=10),
        6..=8 => ctx.rng.gen_range(11..=25),
        _ => ctx.rng.gen_range(26..=40),
    };
    let mut links = Vec::with_capacity(k);
    for i in 0..k {
        let (anchor, url) = if i < 3 {
            ctx.camp.link(ctx.rng)
        } else {
            ctx.camp.mixed_link(ctx.rng)
        };
        links.push(if ctx.rng.gen_bool(0.8) {
            format!("<a href=\"{url}\">{}</a>", esc(&anchor))
        } else {
            a_tag(ctx, &url, &anchor)
        });
    }
    let sep = *["\n", " | ", " ", "<br>", "<br />\n", ", ", "\n<br>\n"]
        .choose(ctx.rng)
        .unwrap_or(&"\n");
    let inner = links.join(sep);
    let html = ctx.format == Format::Html;
    let place = if html {
        let weights = [
            (Place::BeforeBodyClose, 35),
            (Place::InFooter, 10),
            (Place::AfterHtml, 15),
            (Place::BetweenBlocks, 25),
            (Place::AfterBodyOpen, 15),
        ];
        choose_place(ctx, &weights)
    } else {
        None
    };
    let after_html =
        html && place.is_some_and(|(p, _, _)| Some(p) == ctx.slots.html.html_close_end);
    let wrapper = if after_html && ctx.rng.gen_bool(0.6) {
        12
    } else {
        ctx.rng.gen_range(0..12)
    };
    let (x, y) = (ctx.rng.gen_range(999..3000), ctx.rng.gen_range(999..3000));
    let nl = if ctx.rng.gen_bool(0.4) { "\n" } else { "" };
    let block = match wrapper {
        0 => format!("<div style=\"display:none;\">{nl}{inner}{nl}</div>"),
        1 => format!("<div style=\"display: none\">\n{inner}\n</div>"),
        2 => format!("<p style=\"position:absolute; left:-{x}px; top:-{y}px;\">{inner}</p>"),
        3 => format!(
            "<div style=\"LEFT: -999px; POSITION: absolute; TOP: -999px\">{nl}{inner}{nl}</div>"
        ),
        4 => format!("<div style=\"position:absolute;top:-{y}px;left:-{x}px;\">{inner}</div>"),
        5 => {
            if ctx.rng.gen_bool(0.5) {
                format!("<span style=\"font-size:1px;\">{inner}</span>")
            } else {
                format!("<div style=\"font-size:1px; color:#ffffff;\">{nl}{inner}{nl}</div>")
            }
        }
        6 => {
            let id = random_name(ctx);
            format!("<style>#{id}{{visibility:hidden}}</style>{nl}<div id=\"{id}\">{nl}{inner}{nl}</div>")
        }
        7 => {
            let class = random_name(ctx);
            format!("<style type=\"text/css\">.{class}{{display:none}}</style>\n<div class=\"{class}\">{inner}</div>")
        }
        8 => format!("<div style=\"overflow:hidden;height:1px;width:1px;\">{inner}</div>"),
        9 => format!("<div style=\"text-indent:-9999px\">{nl}{inner}{nl}</div>"),
        10 => format!("<marquee style=\"position:absolute;width:0px;\">{inner}</marquee>"),
        11 => format!("<noscript>{inner}</noscript>"),
        _ => inner,
    };
    if !html {
        let at_end = ctx.rng.gen_bool(0.5);
        return block_lines(ctx, &[block], HIDDEN_BLOCK, "", at_end);
    }
    let (p, before, after) = place.unwrap_or((ctx.slots.end, "\n", ""));
    ctx.push(Splice::labelled(p, before, &block, after, HIDDEN_BLOCK));
    1
}

/// `link_list` for HTML: a `<ul>`/`<ol>` of links (each `<li>` a span), `<p><a>…</a></p>`
/// lines, or comment-spam paragraphs (each `<p>` a span); the list wrapper is not labelled.
pub(crate) fn link_list(ctx: &mut Ctx, n: usize) -> usize {
    let form = ctx.rng.gen_range(0..4);
    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        let (anchor, url) = if i < 2 || ctx.rng.gen_bool(0.6) {
            ctx.camp.link(ctx.rng)
        } else {
            ctx.camp.mixed_link(ctx.rng)
        };
        let a = a_tag(ctx, &url, &anchor);
        items.push(match form {
            0 | 3 => format!("<li>{a}</li>"),
            1 => format!("<p>{a}</p>"),
            _ => {
                let template = esc(&ctx.camp.vocab.filler(ctx.rng));
                let line = template.replacen("{link}", &a, 1);
                let line = line.replace("{link}", &esc(&anchor));
                format!("<p>{line}</p>")
            }
        });
    }
    let weights = [
        (Place::BeforeBodyClose, 30),
        (Place::InFooter, 15),
        (Place::BetweenBlocks, 40),
        (Place::AfterBodyOpen, 15),
    ];
    let (p, before, after) = choose_place(ctx, &weights).unwrap_or((ctx.slots.end, "\n", ""));
    let (open, close) = match form {
        0 => ("<ul>\n", "\n</ul>"),
        3 => ("<ol class=\"links\">\n", "\n</ol>"),
        _ => ("", ""),
    };
    let mut s = Splice::insert(p, "");
    s.push(before, None);
    s.push(open, None);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            s.push("\n", None);
        }
        s.push(item, Some(LINK_LIST));
    }
    s.push(close, None);
    s.push(after, None);
    ctx.push(s);
    items.len()
}
