//! What the HTML parsing rules say about element names: which are void, which close an open
//! `<p>` or `<li>`, and which shield open elements from being closed from inside them.

pub(super) const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

/// Elements that, holding nothing but one link, go away with it.
pub(super) const CONTAINERS: &[&str] = &[
    "li", "p", "div", "span", "td", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "font", "b",
    "strong", "em", "center",
];

/// Start tags that end an open `<p>`.
pub(super) const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
    "li",
    "dd",
    "dt",
    "listing",
    "xmp",
];

/// End tags never cross these (the HTML "default scope").
pub(super) const SCOPE: &[&str] = &[
    "html", "table", "td", "th", "caption", "marquee", "object", "applet", "template",
];

pub(super) const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// Elements closed implicitly by a sibling's start tag, each with the elements that shield an
/// open one from being closed by a nested sibling.
#[derive(Clone, Copy)]
pub(super) enum Group {
    P,
    Li,
    DdDt,
    Cell,
    Row,
    Option,
}

pub(super) const GROUPS: usize = 6;
pub(super) const NONE: u32 = u32::MAX;

impl Group {
    pub(super) const ALL: [Group; GROUPS] = [
        Group::P,
        Group::Li,
        Group::DdDt,
        Group::Cell,
        Group::Row,
        Group::Option,
    ];

    pub(super) fn members(self) -> &'static [&'static str] {
        match self {
            Group::P => &["p"],
            Group::Li => &["li"],
            Group::DdDt => &["dd", "dt"],
            Group::Cell => &["td", "th"],
            Group::Row => &["tr"],
            Group::Option => &["option"],
        }
    }

    pub(super) fn shielded_by(self, name: &str) -> bool {
        const BLOCKS: &[&str] = &[
            "html",
            "body",
            "table",
            "td",
            "th",
            "caption",
            "object",
            "template",
            "button",
            "blockquote",
            "section",
            "article",
            "nav",
            "aside",
            "header",
            "footer",
            "main",
            "form",
            "fieldset",
            "figure",
            "details",
        ];
        match self {
            Group::P => {
                SCOPE.contains(&name) || matches!(name, "button" | "svg" | "math" | "select")
            }
            Group::Li => BLOCKS.contains(&name) || matches!(name, "ul" | "ol" | "menu" | "dl"),
            Group::DdDt => BLOCKS.contains(&name) || matches!(name, "dl" | "ul" | "ol" | "menu"),
            Group::Cell | Group::Row => matches!(name, "html" | "table" | "template"),
            Group::Option => matches!(name, "html" | "select" | "datalist"),
        }
    }
}
