//! A small, forgiving HTML scanner that finds where an injection may go in a page.
//!
//! It does not build a tree: it walks tags, skips comments and raw-text elements (`<script>`,
//! `<style>`, `<textarea>`, `<title>`), and counts open elements of two kinds: those whose
//! text is never written into (links, code, buttons, navigation, headings, forms, the head)
//! and paragraph-like containers. A text node in the body, inside a container and outside
//! every forbidden element, with a few words, is a prose segment. Closing block tags in the
//! body give paragraph boundaries. Broken markup only makes it more conservative: an unclosed
//! forbidden element forbids more, never less.

use super::prose::{fill, word_count, HtmlPlaces, Slots};

/// Elements whose text content must not receive inline injections.
const FORBIDDEN: &[&str] = &[
    "a", "code", "pre", "button", "select", "option", "label", "svg", "math", "head", "template",
    "nav", "noscript", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "aside",
    "figure", "kbd", "samp", "var", "time", "object", "video", "audio", "canvas", "map", "table",
];

/// Containers of running text.
const PARAGRAPH: &[&str] = &[
    "p",
    "li",
    "dd",
    "blockquote",
    "td",
    "div",
    "article",
    "section",
    "main",
    "span",
];

/// Closing tags after which a block may be inserted.
const BLOCK_END: &[&str] = &[
    "p",
    "div",
    "ul",
    "ol",
    "section",
    "article",
    "table",
    "blockquote",
    "figure",
];

/// Elements whose content is raw text up to their closing tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "noembed",
    "noframes",
    "iframe",
    "plaintext",
];

const VOID: &[&str] = &[
    "br", "img", "input", "meta", "link", "hr", "wbr", "source", "area", "base", "col", "embed",
    "param", "track",
];

/// The slots of an HTML page.
pub(crate) fn slots(text: &str) -> Slots {
    let lower = text.to_ascii_lowercase();
    let b = lower.as_bytes();
    let has_body = lower.contains("<body");
    let mut in_body = !has_body;
    let mut forbid = vec![0u32; FORBIDDEN.len()];
    let mut para = 0u32;
    let mut places = HtmlPlaces::default();
    let mut segments = Vec::new();
    let mut blocks = Vec::new();
    let mut text_start = 0usize;
    let mut i = 0usize;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let next = b.get(i + 1).copied().unwrap_or(b' ');
        let is_tag = next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?';
        if !is_tag {
            i += 1;
            continue;
        }
        // A text node ends here.
        let node = (text_start, i);
        if in_body
            && para > 0
            && forbid.iter().all(|&n| n == 0)
            && word_count(&text[node.0..node.1]) >= 4
        {
            segments.push(node);
        }
        if lower[i..].starts_with("<!--") {
            i = lower[i + 4..]
                .find("-->")
                .map_or(b.len(), |j| i + 4 + j + 3);
            text_start = i;
            continue;
        }
        if next == b'!' || next == b'?' {
            i = lower[i..].find('>').map_or(b.len(), |j| i + j + 1);
            text_start = i;
            continue;
        }
        let closing = next == b'/';
        let name_start = if closing { i + 2 } else { i + 1 };
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        let name = &lower[name_start..name_start + name_len];
        let end = tag_end(b, name_start + name_len);
        let self_closing = end >= 2 && b[end - 2] == b'/';
        if closing {
            if let Some(k) = FORBIDDEN.iter().position(|f| *f == name) {
                forbid[k] = forbid[k].saturating_sub(1);
            }
            if PARAGRAPH.contains(&name) {
                para = para.saturating_sub(1);
            }
            match name {
                "body" => {
                    places.body_close = Some(i);
                    in_body = false;
                }
                "html" => places.html_close_end = Some(end),
                "footer" => places.footer_close = Some(i),
                _ => {}
            }
            if in_body && BLOCK_END.contains(&name) && forbid.iter().all(|&n| n == 0) {
                blocks.push(end);
            }
            i = end;
        } else if RAW_TEXT.contains(&name) && !self_closing {
            let close = format!("</{name}");
            i = match lower[end..].find(&close) {
                Some(j) => tag_end(b, end + j + close.len()),
                None => b.len(),
            };
        } else {
            if name == "body" {
                in_body = true;
                places.body_open_end = Some(end);
            }
            if !self_closing && !VOID.contains(&name) {
                if let Some(k) = FORBIDDEN.iter().position(|f| *f == name) {
                    forbid[k] += 1;
                }
                if PARAGRAPH.contains(&name) {
                    para += 1;
                }
            }
            i = end;
        }
        text_start = i;
    }
    if in_body && para > 0 && forbid.iter().all(|&n| n == 0) && word_count(&text[text_start..]) >= 4
    {
        segments.push((text_start, text.len()));
    }
    // Segments must start and end on character boundaries: tags are ASCII, so they do.
    fill(text, &segments, blocks, places)
}

/// The offset just past the `>` that closes a tag whose attributes start at `from`,
/// honouring quoted attribute values.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    b.len()
}
