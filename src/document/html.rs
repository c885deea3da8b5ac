//! Links, hidden blocks and markup of HTML source, found from lol_html's tokens (see
//! `lexer`) by an explicit element stack. Injected spam sits in broken fragments and in documents nested
//! absurdly deep, so the builder never recurses, never fails, and resolves every implied or
//! stray end tag in amortised constant time.

mod css;
mod elements;
mod entities;
mod lexer;
mod lol_scan;
#[cfg(test)]
mod tests;

use rustc_hash::FxHashMap;
use std::ops::Range;

use self::elements::{Group, CLOSES_P, CONTAINERS, GROUPS, HEADINGS, NONE, SCOPE, VOID};
use self::entities::decode_one;
use self::lexer::{Attrs, Token};
use super::structure::{HiddenBlock, HiddenReason, Link, LinkKind, Structure};
use crate::urls;

/// Parse HTML source (possibly a fragment, possibly broken) into its links, hidden blocks and
/// markup ranges. Never panics, linear time, no recursion.
/// The page's own URL as its `<link rel="canonical">` or `og:url` meta tag declares it,
/// looked for in the first 60,000 characters.
pub fn canonical_url(html: &str) -> Option<String> {
    let head_end = html
        .char_indices()
        .nth(60_000)
        .map_or(html.len(), |(i, _)| i);
    let head = &html[..head_end];
    for tag in head
        .split('<')
        .filter(|t| t.starts_with("link") || t.starts_with("meta"))
    {
        let t = tag.split('>').next().unwrap_or("");
        let lower = t.to_ascii_lowercase();
        let wanted = lower.contains("rel=\"canonical\"") || lower.contains("property=\"og:url\"");
        if !wanted {
            continue;
        }
        let attr = if lower.starts_with("link") {
            "href=\""
        } else {
            "content=\""
        };
        if let Some(i) = lower.find(attr) {
            let rest = &t[i + attr.len()..];
            let url = rest.split('"').next().unwrap_or("");
            if url.starts_with("http") {
                return Some(url.to_string());
            }
        }
    }
    None
}

pub fn parse(src: &str) -> Structure {
    let tokens = lexer::tokenize(src);
    let mut rules = css::Rules::default();
    for t in &tokens {
        if let Token::Raw {
            range, style: true, ..
        } = t
        {
            rules.add_sheet(&src[range.clone()]);
        }
    }
    let mut b = Builder::new(src, rules);
    for t in tokens {
        b.token(t);
    }
    b.finish()
}

/// An element on the stack, with what is known so far about its content.
struct Open {
    name: usize,
    start: usize,
    /// End of the start tag: where the content begins.
    inner: usize,
    hidden: Option<HiddenReason>,
    container: bool,
    /// Index into the links of the `<a href>` this element is.
    link: Option<usize>,
    in_link: bool,
    /// Links inside, and the first of them.
    links: u32,
    first_link: usize,
    /// Visible text outside links.
    text: bool,
    /// Visible text anywhere, or a link.
    content: bool,
    /// Per [`Group`]: stack index of the innermost open member not shielded from this point.
    groups: [u32; GROUPS],
    /// Stack index of the innermost element bounding the default scope, and the table scope.
    floor: u32,
    table_floor: u32,
}

struct Builder<'a> {
    src: &'a str,
    rules: css::Rules,
    stack: Vec<Open>,
    names: FxHashMap<String, usize>,
    name_list: Vec<String>,
    /// Per interned name: stack indices of its open elements, innermost last.
    open_by_name: Vec<Vec<u32>>,
    links: Vec<Link>,
    hidden: Vec<HiddenBlock>,
    markup: Vec<Range<usize>>,
    html_end: Option<usize>,
    after_html_content: bool,
    /// End of the last token that shows or shapes something (not blanks, not a stray end
    /// tag): implicitly closed elements end here.
    last_end: usize,
}

/// How the elements being popped end.
#[derive(Clone, Copy)]
enum Close {
    /// The target ends with its end tag `start..end`; elements above it end implicitly.
    Tag { start: usize, end: usize },
    /// All end implicitly, after the last content before the closing token.
    Implicit,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str, rules: css::Rules) -> Self {
        Builder {
            src,
            rules,
            stack: Vec::new(),
            names: FxHashMap::default(),
            name_list: Vec::new(),
            open_by_name: Vec::new(),
            links: Vec::new(),
            hidden: Vec::new(),
            markup: Vec::new(),
            html_end: None,
            after_html_content: false,
            last_end: 0,
        }
    }

    fn intern(&mut self, name: &str) -> usize {
        if let Some(&id) = self.names.get(name) {
            return id;
        }
        let id = self.name_list.len();
        self.names.insert(name.to_string(), id);
        self.name_list.push(name.to_string());
        self.open_by_name.push(Vec::new());
        id
    }

    fn token(&mut self, t: Token) {
        let end = match t {
            Token::Text(r) => self.text(r, true),
            Token::Raw { range, text, .. } => {
                if text {
                    self.text(range, false)
                } else {
                    self.add_markup(range.clone());
                    Some(range.end)
                }
            }
            Token::Markup(r) => {
                self.add_markup(r.clone());
                Some(r.end)
            }
            Token::Unreported(r) => {
                self.add_markup(r);
                None
            }
            Token::Start {
                range,
                name,
                attrs,
                self_closing,
            } => {
                self.add_markup(range.clone());
                self.start_tag(range.clone(), &name, attrs, self_closing);
                Some(range.end)
            }
            Token::End { range, name } => {
                self.add_markup(range.clone());
                self.end_tag(range.clone(), &name).then_some(range.end)
            }
        };
        if let Some(end) = end {
            self.last_end = end;
        }
    }

    fn add_markup(&mut self, r: Range<usize>) {
        match self.markup.last_mut() {
            Some(last) if last.end >= r.start => last.end = last.end.max(r.end),
            _ => self.markup.push(r),
        }
    }

    /// Returns where the text's last non-blank character ends.
    fn text(&mut self, r: Range<usize>, bbcode: bool) -> Option<usize> {
        let s = &self.src[r.clone()];
        let trimmed_end = r.start + s.trim_end().len();
        let shows = (trimmed_end > r.start).then_some(trimmed_end);
        let in_link = self.stack.last().is_some_and(|t| t.in_link);
        // Links written into the text: BBCode, and bare URLs (text a visitor reads as an
        // address, and which spam injects as it does into plain text).
        let mut found: Vec<(Range<usize>, Range<usize>, String, LinkKind)> = Vec::new();
        if !in_link {
            if bbcode && s.contains('[') {
                for bb in super::bbcode::links(s) {
                    let href = s[bb.href.clone()].trim().to_string();
                    found.push((bb.range, bb.anchor, href, LinkKind::BbCode));
                }
            }
            for m in urls::find_urls(s) {
                if found.iter().all(|(taken, ..)| !overlaps(taken, &m.range)) {
                    let href = s[m.range.clone()].to_string();
                    found.push((m.range.clone(), m.range, href, LinkKind::BareUrl));
                }
            }
            found.sort_by_key(|(range, ..)| range.start);
        }
        let mut visible = false;
        let mut rest = 0;
        for (range, anchor, href, kind) in found {
            visible |= !is_filler(&s[rest..range.start]);
            rest = range.end;
            let at = |m: &Range<usize>| r.start + m.start..r.start + m.end;
            let idx = self.links.len();
            self.links.push(Link {
                kind,
                range: at(&range),
                anchor: at(&anchor),
                href,
                hidden: false,
                container: None,
            });
            self.after_html_content |= self.html_end.is_some();
            if let Some(top) = self.stack.last_mut() {
                top.add_links(1, idx);
                top.content = true;
            }
        }
        visible |= !is_filler(&s[rest..]);
        if visible {
            self.after_html_content |= self.html_end.is_some();
            if let Some(top) = self.stack.last_mut() {
                top.content = true;
                top.text |= !top.in_link;
            }
        }
        shows
    }

    fn start_tag(&mut self, range: Range<usize>, name: &str, attrs: Attrs, self_closing: bool) {
        self.close_implied(name);
        if VOID.contains(&name) {
            return;
        }
        let href = attrs.href.as_deref().map(str::trim).unwrap_or_default();
        let link = (name == "a" && !href.is_empty()).then(|| {
            self.links.push(Link {
                kind: LinkKind::Html,
                range: range.clone(),
                anchor: range.end..range.end,
                href: href.to_string(),
                hidden: false,
                container: None,
            });
            self.after_html_content |= self.html_end.is_some();
            self.links.len() - 1
        });
        let hidden = attrs
            .style
            .as_deref()
            .and_then(css::hiding_reason)
            .or(attrs.hidden.then_some(HiddenReason::HiddenAttribute))
            .or_else(|| {
                let by_rule = !self.rules.is_empty()
                    && self
                        .rules
                        .hides(name, attrs.id.as_deref(), attrs.class.as_deref());
                by_rule.then_some(HiddenReason::StyleRule)
            });
        let idx = self.stack.len() as u32;
        let parent = self.stack.last();
        let mut groups = parent.map_or([NONE; GROUPS], |p| p.groups);
        for (slot, g) in groups.iter_mut().zip(Group::ALL) {
            if g.members().contains(&name) {
                *slot = idx;
            } else if g.shielded_by(name) {
                *slot = NONE;
            }
        }
        let floor = if SCOPE.contains(&name) {
            idx
        } else {
            parent.map_or(0, |p| p.floor)
        };
        let table_floor = if matches!(name, "html" | "table" | "template") {
            idx
        } else {
            parent.map_or(0, |p| p.table_floor)
        };
        let open = Open {
            name: self.intern(name),
            start: range.start,
            inner: range.end,
            hidden,
            container: CONTAINERS.contains(&name),
            link,
            in_link: link.is_some() || self.stack.last().is_some_and(|p| p.in_link),
            links: u32::from(link.is_some()),
            first_link: link.unwrap_or(0),
            text: false,
            content: false,
            groups,
            floor,
            table_floor,
        };
        self.open_by_name[open.name].push(idx);
        self.stack.push(open);
        if self_closing {
            let close = Close::Tag {
                start: range.end,
                end: range.end,
            };
            self.pop_to(idx as usize, close);
        }
    }

    /// Close what a browser closes before opening `name`: the previous `<li>`, an open `<p>`,
    /// an open `<a>`, and the like.
    fn close_implied(&mut self, name: &str) {
        let Some(top) = self.stack.last() else { return };
        let group = |g: Group| top.groups[g as usize];
        let target = match name {
            "li" => group(Group::Li),
            "dd" | "dt" => group(Group::DdDt),
            "td" | "th" => group(Group::Cell),
            "tr" | "tbody" | "thead" | "tfoot" => match group(Group::Row) {
                NONE => group(Group::Cell),
                row => row,
            },
            "option" | "optgroup" => group(Group::Option),
            "a" => self
                .names
                .get("a")
                .and_then(|&id| self.open_by_name[id].last().copied())
                .filter(|&i| i >= top.floor)
                .unwrap_or(NONE),
            _ if HEADINGS.contains(&name) => {
                let top_name = self.name_list[top.name].as_str();
                if HEADINGS.contains(&top_name) {
                    self.stack.len() as u32 - 1
                } else {
                    NONE
                }
            }
            _ => NONE,
        };
        if target != NONE {
            self.pop_to(target as usize, Close::Implicit);
        }
        if CLOSES_P.contains(&name) {
            if let Some(p) = self.stack.last().map(|t| t.groups[Group::P as usize]) {
                if p != NONE {
                    self.pop_to(p as usize, Close::Implicit);
                }
            }
        }
    }

    /// Returns whether the end tag closed anything.
    fn end_tag(&mut self, range: Range<usize>, name: &str) -> bool {
        let close = Close::Tag {
            start: range.start,
            end: range.end,
        };
        if name == "html" && self.html_end.is_none() {
            self.html_end = Some(range.end);
            let html = self.open_index("html", 0);
            if let Some(i) = html {
                self.pop_to(i, close);
            }
            self.pop_to(0, Close::Implicit);
            return true;
        }
        let Some(top) = self.stack.last() else {
            return false;
        };
        let floor = match name {
            "table" | "tbody" | "thead" | "tfoot" | "tr" | "caption" => top.table_floor,
            _ => top.floor,
        };
        let open = self.open_index(name, floor);
        if let Some(i) = open {
            self.pop_to(i, close);
        }
        open.is_some()
    }

    /// Stack index of the innermost open `name` at or above `floor`.
    fn open_index(&self, name: &str, floor: u32) -> Option<usize> {
        let id = *self.names.get(name)?;
        let i = *self.open_by_name[id].last()?;
        (i >= floor).then_some(i as usize)
    }

    /// Pop the stack down to and including index `target`.
    fn pop_to(&mut self, target: usize, close: Close) {
        let implicit_at = self.last_end;
        while self.stack.len() > target {
            let Some(e) = self.stack.pop() else { return };
            self.open_by_name[e.name].pop();
            let (end, inner_end) = match close {
                Close::Tag { start, end } if self.stack.len() == target => (end, start),
                _ => (implicit_at.max(e.inner), implicit_at.max(e.inner)),
            };
            self.finish_element(e, end, inner_end);
        }
    }

    fn finish_element(&mut self, e: Open, end: usize, inner_end: usize) {
        let range = e.start..end;
        if let Some(l) = e.link.and_then(|i| self.links.get_mut(i)) {
            l.range = range.clone();
            l.anchor = e.inner.min(inner_end)..inner_end;
            l.hidden |= e.hidden.is_some();
        }
        if let Some(reason) = e.hidden {
            if e.content {
                // An injected block hidden by a rule comes with the rule: a short
                // `<style>` right before it goes with it.
                let start = match reason {
                    HiddenReason::StyleRule => declaring_style(self.src, range.start),
                    _ => None,
                };
                self.hidden.push(HiddenBlock {
                    range: start.unwrap_or(range.start)..range.end,
                    reason,
                });
            }
        }
        if e.container && e.links == 1 && !e.text {
            if let Some(l) = self.links.get_mut(e.first_link) {
                l.container = Some(range);
            }
        }
        if let Some(parent) = self.stack.last_mut() {
            parent.add_links(e.links, e.first_link);
            parent.text |= e.text;
            parent.content |= e.content || e.links > 0;
        }
    }

    fn finish(mut self) -> Structure {
        self.pop_to(0, Close::Implicit);
        if let Some(end) = self.html_end.filter(|_| self.after_html_content) {
            let rest = &self.src[end..];
            let start = end + (rest.len() - rest.trim_start().len());
            self.hidden.push(HiddenBlock {
                range: start..end + rest.trim_end().len(),
                reason: HiddenReason::AfterHtmlEnd,
            });
        }
        // Outermost blocks apart from nested ones: elements nest, so sorted by start
        // (longest first) a block is either inside the last outermost one or after it.
        self.hidden
            .sort_by(|a, b| (a.range.start, b.range.end).cmp(&(b.range.start, a.range.end)));
        let mut hidden: Vec<HiddenBlock> = Vec::with_capacity(self.hidden.len());
        let mut nested_hidden = Vec::new();
        for h in self.hidden {
            if hidden.last().is_none_or(|k| h.range.start >= k.range.end) {
                hidden.push(h);
            } else {
                nested_hidden.push(h);
            }
        }
        let mut links = self.links;
        links.sort_by_key(|l| (l.range.start, l.range.end));
        // An `<a>` in a table cell (or another scope) inside an open `<a>` does not close it,
        // so links can nest; tokens and spans need them disjoint, as `Structure` promises:
        // the outer link ends where the inner one starts.
        for i in 1..links.len() {
            let next = links[i].range.start;
            let outer = &mut links[i - 1];
            if outer.range.end > next {
                outer.range.end = next;
                outer.anchor.end = outer.anchor.end.min(next);
                outer.anchor.start = outer.anchor.start.min(outer.anchor.end);
            }
        }
        let mut j = 0;
        for l in &mut links {
            while j < hidden.len() && hidden[j].range.end <= l.range.start {
                j += 1;
            }
            l.hidden |= hidden
                .get(j)
                .is_some_and(|h| h.range.start <= l.range.start && l.range.end <= h.range.end);
        }
        Structure {
            links,
            hidden,
            nested_hidden,
            markup: self.markup,
        }
    }
}

/// Longest `<style>` element taken as the one hiding the block after it.
const DECLARING_STYLE_BYTES: usize = 300;

/// The start of a short `<style>` element that ends right before `at` (blanks between).
fn declaring_style(src: &str, at: usize) -> Option<usize> {
    let before = src[..at].trim_end();
    let close = before.len().checked_sub("</style>".len())?;
    if !before.is_char_boundary(close) || !before[close..].eq_ignore_ascii_case("</style>") {
        return None;
    }
    let floor = src.floor_char_boundary(close.saturating_sub(DECLARING_STYLE_BYTES));
    let window = src[floor..close].to_ascii_lowercase();
    window.rfind("<style").map(|i| floor + i)
}

impl Open {
    fn add_links(&mut self, count: u32, first: usize) {
        if count == 0 {
            return;
        }
        if self.links == 0 {
            self.first_link = first;
        }
        self.links = self.links.saturating_add(count);
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Characters that separate the links of a link list without saying anything.
const SEPARATORS: &str = "|,·-•/–—:;.»«›‹()[]*~+¦…>&";

/// Whether text shows nothing but blanks and separators (`|`, `,`, `·`, `&nbsp;`, …).
fn is_filler(s: &str) -> bool {
    let filler = |c: char| c.is_whitespace() || SEPARATORS.contains(c);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '&' {
            if let Some((d, len)) = decode_one(rest) {
                if !filler(d) {
                    return false;
                }
                rest = &rest[len..];
                continue;
            }
        }
        if !filler(c) {
            return false;
        }
        rest = &rest[c.len_utf8()..];
    }
    true
}
