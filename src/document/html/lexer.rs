//! A forgiving HTML tokenizer over byte offsets. Injected spam lives in scraped, truncated and
//! hand-broken markup, so nothing here fails: unknown syntax becomes text or a bogus comment,
//! and an unterminated construct runs to the end of the input. Every delimiter is ASCII, so
//! each range it reports falls on a char boundary.

use std::ops::Range;

/// The attributes the tree builder looks at; the rest are skipped without allocating.
#[derive(Debug, Default)]
pub(super) struct Attrs {
    pub style: Option<String>,
    pub id: Option<String>,
    pub class: Option<String>,
    pub href: Option<String>,
    pub hidden: bool,
}

#[derive(Debug)]
pub(super) enum Token {
    Text(Range<usize>),
    Start {
        range: Range<usize>,
        name: String,
        attrs: Attrs,
        self_closing: bool,
    },
    End {
        range: Range<usize>,
        name: String,
    },
    /// Comments, doctypes, processing instructions and other bogus `<!…>` constructs.
    Markup(Range<usize>),
    /// The unparsed body of a raw-text element.
    Raw {
        range: Range<usize>,
        /// Shown to a reader (`<textarea>`, `<title>`) rather than code (`<script>`).
        text: bool,
        /// The body of a `<style>` element, whose rules can hide other elements.
        style: bool,
    },
}

/// Elements whose content is not markup, with whether that content is prose.
fn raw_element(name: &str) -> Option<bool> {
    match name {
        "script" | "style" | "iframe" | "noembed" | "noframes" => Some(false),
        "textarea" | "title" | "xmp" => Some(true),
        _ => None,
    }
}

pub(super) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

pub(super) fn tokenize(src: &str) -> Vec<Token> {
    let mut lexer = Lexer {
        src,
        b: src.as_bytes(),
        tokens: Vec::new(),
        no_quote_from: [usize::MAX; 2],
        no_raw_end_from: Vec::new(),
    };
    lexer.run();
    lexer.tokens
}

struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    tokens: Vec<Token>,
    /// Once a search for a closing `"` / `'` from some offset failed, every later search from
    /// a greater offset fails too: remembering that keeps a run of unterminated quotes linear.
    no_quote_from: [usize; 2],
    /// The same for raw-text end tags (`</title`), which an unclosed `<title>` leaves unfound.
    no_raw_end_from: Vec<(String, usize)>,
}

impl Lexer<'_> {
    fn run(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        let mut text_start = 0;
        while i < n {
            let Some(off) = self.b[i..].iter().position(|&c| c == b'<') else {
                break;
            };
            let lt = i + off;
            let next = self.b.get(lt + 1).copied();
            let after = self.b.get(lt + 2).copied();
            let is_tag_start = match next {
                Some(c) if c.is_ascii_alphabetic() => true,
                Some(b'!' | b'?') => true,
                Some(b'/') => after.is_some(),
                _ => false,
            };
            if !is_tag_start {
                i = lt + 1;
                continue;
            }
            self.text(text_start..lt);
            let end = match (next, after) {
                (Some(b'/'), Some(c)) if c.is_ascii_alphabetic() => self.end_tag(lt),
                (Some(b'!'), _) if self.b[lt..].starts_with(b"<!--") => self.comment(lt),
                (Some(b'/' | b'!' | b'?'), _) => self.bogus(lt),
                _ => self.start_tag(lt),
            };
            i = end;
            text_start = end;
        }
        self.text(text_start..n);
    }

    fn text(&mut self, r: Range<usize>) {
        if r.start < r.end {
            self.tokens.push(Token::Text(r));
        }
    }

    fn find_byte(&self, c: u8, from: usize) -> Option<usize> {
        let rest = self.b.get(from..)?;
        rest.iter().position(|&x| x == c).map(|p| from + p)
    }

    fn comment(&mut self, lt: usize) -> usize {
        let n = self.b.len();
        // `<!-->` and `<!--->` are complete (empty) comments.
        let end = if self.b[lt + 4..].starts_with(b">") {
            lt + 5
        } else if self.b[lt + 4..].starts_with(b"->") {
            lt + 6
        } else {
            self.src
                .get(lt + 4..)
                .and_then(|s| s.find("-->"))
                .map_or(n, |p| lt + 4 + p + 3)
        };
        self.tokens.push(Token::Markup(lt..end));
        end
    }

    fn bogus(&mut self, lt: usize) -> usize {
        let end = self.find_byte(b'>', lt + 2).map_or(self.b.len(), |p| p + 1);
        self.tokens.push(Token::Markup(lt..end));
        end
    }

    fn name_end(&self, mut j: usize) -> usize {
        while j < self.b.len() && !is_space(self.b[j]) && self.b[j] != b'/' && self.b[j] != b'>' {
            j += 1;
        }
        j
    }

    fn end_tag(&mut self, lt: usize) -> usize {
        let name_end = self.name_end(lt + 2);
        let name = self.src[lt + 2..name_end].to_ascii_lowercase();
        let end = self
            .find_byte(b'>', name_end)
            .map_or(self.b.len(), |p| p + 1);
        self.tokens.push(Token::End {
            range: lt..end,
            name,
        });
        end
    }

    fn start_tag(&mut self, lt: usize) -> usize {
        let (b, n) = (self.b, self.b.len());
        let mut j = self.name_end(lt + 1);
        let name = self.src[lt + 1..j].to_ascii_lowercase();
        let mut attrs = Attrs::default();
        let mut self_closing;
        let end = loop {
            self_closing = false;
            while j < n && (is_space(b[j]) || b[j] == b'/') {
                self_closing = b[j] == b'/' && b.get(j + 1) == Some(&b'>');
                j += 1;
            }
            if j >= n {
                break n;
            }
            if b[j] == b'>' {
                break j + 1;
            }
            // The first character of a name may be anything, even `=`.
            let name_start = j;
            j += 1;
            while j < n && !is_space(b[j]) && !matches!(b[j], b'/' | b'>' | b'=') {
                j += 1;
            }
            let attr_name = name_start..j;
            let mut k = j;
            while k < n && is_space(b[k]) {
                k += 1;
            }
            if k >= n || b[k] != b'=' {
                attrs.set(&self.src[attr_name], None);
                continue;
            }
            k += 1;
            while k < n && is_space(b[k]) {
                k += 1;
            }
            let (value, after) = match b.get(k) {
                Some(&q @ (b'"' | b'\'')) => match self.find_quote(q, k + 1) {
                    Some(close) => (k + 1..close, close + 1),
                    // An unterminated quote would swallow the rest of the page in a browser;
                    // stopping at the next `>` keeps the content of a broken fragment.
                    None => {
                        let gt = self.find_byte(b'>', k + 1).unwrap_or(n);
                        (k + 1..gt, gt)
                    }
                },
                _ => {
                    let s = k;
                    while k < n && !is_space(b[k]) && b[k] != b'>' {
                        k += 1;
                    }
                    (s..k, k)
                }
            };
            attrs.set(&self.src[attr_name], Some(&self.src[value]));
            j = after;
        };
        self.tokens.push(Token::Start {
            range: lt..end,
            name: name.clone(),
            attrs,
            self_closing,
        });
        if self_closing {
            return end;
        }
        let Some(text) = raw_element(&name) else {
            return end;
        };
        let close = self.find_raw_end(&name, end);
        // An unclosed `<title>` or `<textarea>` in a fragment is far likelier a typo than a
        // wish to swallow the page, so only code elements run to the end of the input.
        let body_end = match close {
            Some(p) => p,
            None if text => return end,
            None => n,
        };
        if end < body_end {
            self.tokens.push(Token::Raw {
                range: end..body_end,
                text,
                style: name == "style",
            });
        }
        body_end
    }

    fn find_quote(&mut self, q: u8, from: usize) -> Option<usize> {
        let slot = usize::from(q == b'\'');
        if from >= self.no_quote_from[slot] {
            return None;
        }
        let found = self.find_byte(q, from);
        if found.is_none() {
            self.no_quote_from[slot] = from;
        }
        found
    }

    /// Where `</name` (any case) closes a raw-text element opened before `from`.
    fn find_raw_end(&mut self, name: &str, from: usize) -> Option<usize> {
        let known_absent = self
            .no_raw_end_from
            .iter()
            .any(|(n, at)| n == name && from >= *at);
        if known_absent {
            return None;
        }
        let found = self.search_raw_end(name, from);
        if found.is_none() {
            self.no_raw_end_from.push((name.to_string(), from));
        }
        found
    }

    fn search_raw_end(&self, name: &str, from: usize) -> Option<usize> {
        let (b, n) = (self.b, self.b.len());
        let mut p = from;
        while let Some(off) = self.src.get(p..).and_then(|s| s.find("</")) {
            let s = p + off;
            let name_end = s + 2 + name.len();
            if name_end <= n
                && b[s + 2..name_end].eq_ignore_ascii_case(name.as_bytes())
                && (name_end == n || is_space(b[name_end]) || matches!(b[name_end], b'/' | b'>'))
            {
                return Some(s);
            }
            p = s + 2;
        }
        None
    }
}

impl Attrs {
    /// The first occurrence of an attribute wins, as in a browser.
    fn set(&mut self, name: &str, value: Option<&str>) {
        let value = || value.map(decode_entities).unwrap_or_default();
        let slot = match name.to_ascii_lowercase().as_str() {
            "hidden" => {
                self.hidden = true;
                return;
            }
            "style" => &mut self.style,
            "id" => &mut self.id,
            "class" => &mut self.class,
            "href" => &mut self.href,
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(value());
        }
    }
}

/// Decode character references; unknown ones stay as written.
pub(super) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        match decode_one(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference at the start of `s` (which begins with `&`) stands for, and the
/// reference's length in bytes.
pub(super) fn decode_one(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (radix, start) = match b.get(2) {
            Some(b'x' | b'X') => (16, 3),
            _ => (10, 2),
        };
        let mut j = start;
        while j < b.len() && j - start < 8 && char::from(b[j]).is_digit(radix) {
            j += 1;
        }
        if j == start {
            return None;
        }
        let code = u32::from_str_radix(&s[start..j], radix).ok()?;
        let c = char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}');
        if b.get(j) == Some(&b';') {
            j += 1;
        }
        return Some((c, j));
    }
    let mut j = 1;
    while j < b.len() && j < 12 && b[j].is_ascii_alphanumeric() {
        j += 1;
    }
    if b.get(j) != Some(&b';') {
        return None;
    }
    let c = match &s[1..j] {
        "amp" | "AMP" => '&',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "nbsp" => '\u{a0}',
        "middot" => '·',
        "bull" => '•',
        "ndash" => '–',
        "mdash" => '—',
        "raquo" => '»',
        "laquo" => '«',
        "rsaquo" => '›',
        "lsaquo" => '‹',
        "hellip" => '…',
        "vert" | "verbar" => '|',
        "sol" => '/',
        "colon" => ':',
        "comma" => ',',
        "period" => '.',
        "copy" => '©',
        "reg" => '®',
        _ => return None,
    };
    Some((c, j + 1))
}

#[cfg(test)]
mod tests {
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
    fn entities() {
        assert_eq!(
            decode_entities("&quot;a&#39;&lt;&gt;&#x41;&#66&bogus;&"),
            "\"a'<>AB&bogus;&"
        );
        assert_eq!(decode_entities("&#0;&#xFFFFFFFF;"), "\u{FFFD}\u{FFFD}");
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
    fn unterminated_quotes_stop_at_the_tag_end() {
        let src = r#"<a href="x.com>anchor</a> <b title='y>t</b>"#;
        assert_eq!(
            starts(src),
            vec![("a".into(), Some("x.com".into())), ("b".into(), None)]
        );
    }
}
