//! Just enough CSS to tell when a declaration block hides its element, in inline `style`
//! attributes and in the simple `#id` / `.class` rules of `<style>` sheets that link
//! injections ship with. Cascade and specificity are ignored: a hiding rule is a signal, not a
//! rendering.

use rustc_hash::FxHashMap;

use super::HiddenReason;

/// Offsets at or beyond this many pixels to the left / top put an element off the canvas.
const OFF_SCREEN_PX: f64 = -100.0;
/// Font sizes and boxes no larger than this are unreadable.
const TINY_PX: f64 = 1.0;

/// The last value of each property that can hide an element, lower-cased, `!important` gone.
#[derive(Default)]
struct Props<'a> {
    display: Option<&'a str>,
    visibility: Option<&'a str>,
    opacity: Option<&'a str>,
    position: Option<&'a str>,
    offsets: [Option<&'a str>; 4],
    text_indent: Option<&'a str>,
    font_size: Option<&'a str>,
    height: Option<&'a str>,
    max_height: Option<&'a str>,
    width: Option<&'a str>,
    overflow_hidden: bool,
    color: Option<&'a str>,
    background: Option<&'a str>,
}

/// Why a block of declarations (`a: b; c: d`) hides its element, if it does.
pub(super) fn hiding_reason(decls: &str) -> Option<HiddenReason> {
    let lower = strip_comments(decls).to_ascii_lowercase();
    let mut p = Props::default();
    for decl in lower.split(';') {
        let Some((name, value)) = decl.split_once(':') else {
            continue;
        };
        let value = value.split('!').next().unwrap_or_default().trim();
        let slot = match name.trim() {
            "display" => &mut p.display,
            "visibility" => &mut p.visibility,
            "opacity" => &mut p.opacity,
            "position" => &mut p.position,
            "left" => &mut p.offsets[0],
            "top" => &mut p.offsets[1],
            "margin-left" => &mut p.offsets[2],
            "margin-top" => &mut p.offsets[3],
            "text-indent" => &mut p.text_indent,
            "font-size" => &mut p.font_size,
            "height" => &mut p.height,
            "max-height" => &mut p.max_height,
            "width" => &mut p.width,
            "color" => &mut p.color,
            "background" | "background-color" => &mut p.background,
            "overflow" | "overflow-x" | "overflow-y" => {
                p.overflow_hidden = matches!(value, "hidden" | "clip");
                continue;
            }
            _ => continue,
        };
        *slot = Some(value);
    }
    p.reason()
}

impl Props<'_> {
    fn reason(&self) -> Option<HiddenReason> {
        let px = |v: Option<&str>| v.and_then(length_px);
        let far = |v: Option<&str>| px(v).is_some_and(|x| x <= OFF_SCREEN_PX);
        let tiny = |v: Option<&str>| px(v).is_some_and(|x| (0.0..=TINY_PX).contains(&x));
        if self.display == Some("none") {
            return Some(HiddenReason::DisplayNone);
        }
        if matches!(self.visibility, Some("hidden" | "collapse"))
            || self
                .opacity
                .and_then(|o| o.parse::<f64>().ok())
                .is_some_and(|o| o <= 0.0)
        {
            return Some(HiddenReason::VisibilityHidden);
        }
        let positioned = matches!(self.position, Some("absolute" | "fixed" | "relative"));
        if far(self.text_indent) || (positioned && self.offsets.iter().any(|&o| far(o))) {
            return Some(HiddenReason::OffScreen);
        }
        if tiny(self.font_size)
            || (self.overflow_hidden && (tiny(self.height) || tiny(self.max_height)))
            || (tiny(self.width) && tiny(self.height))
        {
            return Some(HiddenReason::TinyFont);
        }
        let fg = self.color.and_then(colour);
        if fg.is_some() && fg == self.background.and_then(background_colour) {
            return Some(HiddenReason::SameColour);
        }
        None
    }
}

/// A CSS length in (roughly) pixels; percentages and viewport units count one per pixel, which
/// is enough to tell `-100%` from `-5%`.
fn length_px(v: &str) -> Option<f64> {
    let v = v.trim();
    let num_end = v
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+')))
        .unwrap_or(v.len());
    let n: f64 = v[..num_end].parse().ok()?;
    let scale = match v[num_end..].trim() {
        "" | "px" | "%" | "vw" | "vh" => 1.0,
        "em" | "rem" | "pc" => 16.0,
        "ex" | "ch" => 8.0,
        "pt" => 4.0 / 3.0,
        "in" => 96.0,
        "cm" => 37.8,
        "mm" => 3.78,
        _ => return None,
    };
    Some(n * scale)
}

fn colour(v: &str) -> Option<[u8; 3]> {
    let v: String = v.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(hex) = v.strip_prefix('#') {
        let d = hex
            .chars()
            .map(|c| c.to_digit(16).map(|d| d as u8))
            .collect::<Option<Vec<u8>>>()?;
        return match d.len() {
            3 | 4 => Some([d[0] * 17, d[1] * 17, d[2] * 17]),
            6 | 8 => Some([d[0] * 16 + d[1], d[2] * 16 + d[3], d[4] * 16 + d[5]]),
            _ => None,
        };
    }
    if let Some(args) = v
        .strip_prefix("rgba(")
        .or_else(|| v.strip_prefix("rgb("))
        .and_then(|a| a.strip_suffix(')'))
    {
        let parts: Vec<f64> = args
            .split(',')
            .map(|p| p.parse::<f64>().ok())
            .collect::<Option<_>>()?;
        if parts.len() < 3 || parts.get(3).is_some_and(|&a| a <= 0.0) {
            return None;
        }
        let c = |x: f64| x.clamp(0.0, 255.0).round() as u8;
        return Some([c(parts[0]), c(parts[1]), c(parts[2])]);
    }
    Some(match v.as_str() {
        "white" => [255, 255, 255],
        "black" => [0, 0, 0],
        "red" => [255, 0, 0],
        "lime" => [0, 255, 0],
        "green" => [0, 128, 0],
        "blue" => [0, 0, 255],
        "yellow" => [255, 255, 0],
        "silver" => [192, 192, 192],
        "gray" | "grey" => [128, 128, 128],
        "navy" => [0, 0, 128],
        "maroon" => [128, 0, 0],
        "orange" => [255, 165, 0],
        _ => return None,
    })
}

/// The colour in a `background` shorthand (`#fff url(x.png) no-repeat`).
fn background_colour(v: &str) -> Option<[u8; 3]> {
    let mut depth = 0usize;
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, c) in v.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && depth == 0 => {
                parts.push(&v[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&v[start..]);
    parts.into_iter().find_map(colour)
}

fn strip_comments(css: &str) -> std::borrow::Cow<'_, str> {
    if !css.contains("/*") {
        return css.into();
    }
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(p) = rest.find("/*") {
        out.push_str(&rest[..p]);
        match rest[p + 2..].find("*/") {
            Some(q) => rest = &rest[p + 2 + q + 2..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out.into()
}

/// Ids and classes that some `<style>` rule hides, each with the tag the selector demands.
#[derive(Default)]
pub(super) struct Rules {
    ids: FxHashMap<String, Vec<Option<String>>>,
    classes: FxHashMap<String, Vec<Option<String>>>,
}

impl Rules {
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty() && self.classes.is_empty()
    }

    /// Learn the hiding rules of one style sheet. Group rules (`@media … { … }`) are entered,
    /// other at-rules and complex selectors are skipped.
    pub fn add_sheet(&mut self, css: &str) {
        let css = strip_comments(css);
        let css = css.as_ref();
        let mut prelude_start = 0;
        let mut i = 0;
        while let Some(off) = css[i..].find(['{', '}']) {
            let brace = i + off;
            if css[brace..].starts_with('}') {
                i = brace + 1;
                prelude_start = i;
                continue;
            }
            let body_start = brace + 1;
            let Some(next) = css[body_start..].find(['{', '}']) else {
                break;
            };
            let body_end = body_start + next;
            if css[body_end..].starts_with('{') {
                i = body_start;
                prelude_start = body_start;
                continue;
            }
            if hiding_reason(&css[body_start..body_end]).is_some() {
                self.add_selectors(&css[prelude_start..brace]);
            }
            i = body_end + 1;
            prelude_start = i;
        }
    }

    fn add_selectors(&mut self, prelude: &str) {
        let prelude = prelude.rsplit(';').next().unwrap_or_default();
        let prelude = prelude.replace("<!--", " ").replace("-->", " ");
        for selector in prelude.split(',') {
            let selector = selector.trim();
            let tag_end = selector
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(selector.len());
            let (tag, rest) = selector.split_at(tag_end);
            let tag = (!tag.is_empty()).then(|| tag.to_ascii_lowercase());
            let (map, name) = if let Some(id) = rest.strip_prefix('#') {
                (&mut self.ids, id)
            } else if let Some(class) = rest.strip_prefix('.') {
                (&mut self.classes, class)
            } else {
                continue;
            };
            let simple = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
            if simple {
                map.entry(name.to_string()).or_default().push(tag);
            }
        }
    }

    /// Whether a rule hides an element with this tag, `id` and `class` attribute.
    pub fn hides(&self, tag: &str, id: Option<&str>, class: Option<&str>) -> bool {
        let matches = |tags: Option<&Vec<Option<String>>>| {
            tags.is_some_and(|t| t.iter().any(|t| t.as_deref().is_none_or(|t| t == tag)))
        };
        id.is_some_and(|id| matches(self.ids.get(id.trim())))
            || class.is_some_and(|c| {
                c.split_ascii_whitespace()
                    .any(|c| matches(self.classes.get(c)))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use HiddenReason::*;

    #[test]
    fn inline_declarations() {
        let cases = [
            ("display:none", Some(DisplayNone)),
            ("DISPLAY : None !important;", Some(DisplayNone)),
            ("display:none; display:block", None),
            ("visibility: hidden", Some(VisibilityHidden)),
            ("opacity:0", Some(VisibilityHidden)),
            (
                "position:absolute; left:-1050px; top:-1125px;",
                Some(OffScreen),
            ),
            (
                "LEFT: -999px; POSITION: absolute; TOP: -999px",
                Some(OffScreen),
            ),
            ("position:fixed; top:-9999em", Some(OffScreen)),
            ("left:-9999px", None),
            ("position:absolute; left:-20px", None),
            ("text-indent:-9999px", Some(OffScreen)),
            ("font-size:0", Some(TinyFont)),
            ("font-size: 1px", Some(TinyFont)),
            ("font-size: 12px", None),
            ("height:0; overflow:hidden", Some(TinyFont)),
            ("height:0", None),
            ("width:1px;height:1px", Some(TinyFont)),
            (
                "color:#fff; background:#FFFFFF url(x.png)",
                Some(SameColour),
            ),
            (
                "color: white; background-color: rgb(255, 255, 255)",
                Some(SameColour),
            ),
            ("color:#000; background:#fff", None),
            ("color:red /* display:none */", None),
            ("", None),
        ];
        for (css, want) in cases {
            assert_eq!(hiding_reason(css), want, "{css}");
        }
    }

    #[test]
    fn sheet_rules() {
        let mut r = Rules::default();
        r.add_sheet(
            "@import url(a.css); #page_mask{ visibility: hidden; } .a, div.b {display:none}\n\
             @media screen { .c { font-size:0 } } #x a { display:none } .d:hover{display:none}\n\
             .shown { color: red } @font-face { font-family: x }",
        );
        assert!(r.hides("div", Some("page_mask"), None));
        assert!(r.hides("p", None, Some("z a")));
        assert!(r.hides("div", None, Some("b")));
        assert!(!r.hides("span", None, Some("b")));
        assert!(r.hides("span", None, Some("c")));
        for class in ["d", "shown", "x"] {
            assert!(!r.hides("div", None, Some(class)), "{class}");
        }
        assert!(!r.hides("div", Some("x"), None));
    }
}
