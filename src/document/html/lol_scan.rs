//! One run of lol_html over a slice of the source, turned into [`Token`]s with absolute byte
//! ranges. lol_html is a rewriter: it reports start tags, matched end tags, text chunks,
//! comments and doctypes with their source locations, and copies everything else through
//! unreported; [`super::lexer`] fills those gaps.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use lol_html::html_content::{Comment, Doctype, Element, EndTag, TextChunk, TextType};
use lol_html::{
    errors::{RewritingError, SelectorError},
    DocumentContentHandlers, ElementContentHandlers, HandlerResult, HtmlRewriter, MemorySettings,
    Selector, Settings,
};

use super::lexer::{Attrs, Token};

/// What a run of lol_html found in its slice.
pub(super) struct Scan {
    pub tokens: Vec<Token>,
    /// Raw-text bodies a reader would see as markup, to be tokenized again as markup.
    pub reparse: Vec<Reparse>,
    /// Where lol_html gave up (its memory limit), if it did: the rest is not tokenized.
    pub stopped_at: Option<usize>,
}

pub(super) struct Reparse {
    pub range: Range<usize>,
    /// The token the body stays if it cannot be tokenized again.
    pub fallback: Token,
}

/// How the body of an element that switches the tokenizer out of markup is read.
#[derive(Clone, Copy, PartialEq)]
enum Body {
    Code,
    Style,
    Prose,
    /// `<noscript>`: raw text to a browser running scripts (lol_html's view), markup to a
    /// crawler or a browser without scripts; injected links hide there, so it is markup.
    Noscript,
}

fn body_of(name: &str) -> Option<Body> {
    match name {
        "script" | "iframe" | "noembed" | "noframes" => Some(Body::Code),
        "style" => Some(Body::Style),
        "textarea" | "title" | "xmp" => Some(Body::Prose),
        "noscript" => Some(Body::Noscript),
        _ => None,
    }
}

/// Tokens in the order lol_html reports them, with absolute ranges. Shared by the handlers;
/// owns nothing borrowed, as the end-tag handlers lol_html keeps must be `'static`.
struct Collector {
    base: usize,
    end: usize,
    tokens: Vec<Token>,
    /// The element whose raw-text body the next non-`Data` text chunk belongs to.
    body: Option<Body>,
    reparse: Vec<Reparse>,
}

type Shared = Rc<RefCell<Collector>>;

impl Collector {
    fn at(&self, r: Range<usize>) -> Range<usize> {
        self.base + r.start..self.base + r.end
    }

    fn start_tag(&mut self, src: &str, el: &Element<'_, '_>) {
        let range = el.source_location().bytes();
        let name = el.tag_name();
        let mut attrs = Attrs::default();
        for a in el.attributes() {
            // Sliced from the source rather than asked for: no allocation, and the value as
            // written, references undecoded, which `Attrs::set` decodes.
            let Some(name) = a.name_source_location().and_then(|l| src.get(l.bytes())) else {
                continue;
            };
            let value = a.value_source_location().and_then(|l| src.get(l.bytes()));
            attrs.set(name, value);
        }
        self.body = body_of(&name);
        let range = self.at(range);
        self.tokens.push(Token::Start {
            range,
            name,
            attrs,
            self_closing: el.is_self_closing(),
        });
    }

    fn end_tag(&mut self, end: &EndTag<'_>) {
        let range = self.at(end.source_location().bytes());
        self.tokens.push(Token::End {
            range,
            name: end.name(),
        });
    }

    fn text(&mut self, chunk: &TextChunk<'_>) {
        let range = self.at(chunk.source_location().bytes());
        if range.is_empty() {
            return;
        }
        let body = match chunk.text_type() {
            TextType::Data | TextType::PlainText | TextType::CDataSection => None,
            TextType::RCData => Some(Body::Prose),
            TextType::RawText | TextType::ScriptData => Some(self.body.unwrap_or(Body::Code)),
        };
        let token = match body {
            None => Token::Text(range),
            Some(Body::Noscript) => {
                self.push_reparse(range, Token::Markup);
                return;
            }
            Some(b) => Token::Raw {
                range,
                text: b == Body::Prose,
                style: b == Body::Style,
            },
        };
        // lol_html splits a text node into chunks; one token per node keeps the list short.
        match (self.tokens.last_mut(), &token) {
            (Some(Token::Text(last)), Token::Text(r)) if last.end == r.start => last.end = r.end,
            (Some(Token::Raw { range: last, .. }), Token::Raw { range: r, .. })
                if last.end == r.start =>
            {
                last.end = r.end
            }
            _ => self.tokens.push(token),
        }
    }

    fn push_reparse(&mut self, range: Range<usize>, fallback: fn(Range<usize>) -> Token) {
        match self.reparse.last_mut() {
            Some(last) if last.range.end == range.start => {
                last.range.end = range.end;
                last.fallback = fallback(last.range.clone());
            }
            _ => self.reparse.push(Reparse {
                fallback: fallback(range.clone()),
                range,
            }),
        }
    }

    fn markup(&mut self, r: Range<usize>) {
        let r = self.at(r);
        self.tokens.push(Token::Markup(r));
    }

    /// An unclosed `<title>` or `<textarea>` in a fragment is far likelier a typo than a wish
    /// to swallow the page (as the standard has it), so a prose body that runs to the end of
    /// the input is read again as markup.
    fn reopen_unclosed_prose(&mut self) {
        if let Some(Token::Raw {
            range, text: true, ..
        }) = self.tokens.last()
        {
            if range.end == self.end {
                let range = range.clone();
                self.tokens.pop();
                let fallback = Token::Raw {
                    range: range.clone(),
                    text: true,
                    style: false,
                };
                self.reparse.push(Reparse { range, fallback });
            }
        }
    }
}

/// Run lol_html over `src`, which starts at byte `base` of the whole source.
pub(super) fn scan(src: &str, base: usize, memory_limit: usize) -> Scan {
    let shared: Shared = Rc::new(RefCell::new(Collector {
        base,
        end: base + src.len(),
        tokens: Vec::new(),
        body: None,
        reparse: Vec::new(),
    }));
    let finished = run(src, &shared, memory_limit);
    let mut c = shared.borrow_mut();
    let stopped_at = match finished {
        Ok(()) => {
            c.reopen_unclosed_prose();
            None
        }
        Err(_) => Some(c.tokens.iter().map(|t| t.range().end).max().unwrap_or(base)),
    };
    Scan {
        tokens: std::mem::take(&mut c.tokens),
        reparse: std::mem::take(&mut c.reparse),
        stopped_at,
    }
}

/// Why a run stopped before the end of its slice.
#[derive(Debug, thiserror::Error)]
enum Stop {
    #[error(transparent)]
    Rewriting(#[from] RewritingError),
    #[error("the selector `*` was refused: {0}")]
    Selector(#[from] SelectorError),
}

fn run(src: &str, shared: &Shared, memory_limit: usize) -> Result<(), Stop> {
    let on_element = {
        let shared = Rc::clone(shared);
        move |el: &mut Element<'_, '_>| -> HandlerResult {
            shared.borrow_mut().start_tag(src, el);
            if let Some(handlers) = el.end_tag_handlers() {
                let shared = Rc::clone(&shared);
                handlers.push(Box::new(move |end: &mut EndTag<'_>| {
                    shared.borrow_mut().end_tag(end);
                    Ok(())
                }));
            }
            Ok(())
        }
    };
    let on_text = {
        let shared = Rc::clone(shared);
        move |t: &mut TextChunk<'_>| -> HandlerResult {
            shared.borrow_mut().text(t);
            Ok(())
        }
    };
    let on_comment = {
        let shared = Rc::clone(shared);
        move |c: &mut Comment<'_>| -> HandlerResult {
            shared.borrow_mut().markup(c.source_location().bytes());
            Ok(())
        }
    };
    let on_doctype = {
        let shared = Rc::clone(shared);
        move |d: &mut Doctype<'_>| -> HandlerResult {
            shared.borrow_mut().markup(d.source_location().bytes());
            Ok(())
        }
    };
    let settings = Settings::new()
        .append_element_content_handler((
            Cow::Owned(every_element()?),
            ElementContentHandlers::default().element(on_element),
        ))
        .append_document_content_handler(
            DocumentContentHandlers::default()
                .text(on_text)
                .comments(on_comment)
                .doctype(on_doctype),
        )
        // Not strict: the constructs a browser would resolve by context (`<select><xmp>`) are
        // read as lol_html best guesses instead of refused.
        .with_strict(false)
        .with_memory_settings(MemorySettings::new().with_max_allowed_memory_usage(memory_limit));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    rewriter.write(src.as_bytes())?;
    Ok(rewriter.end()?)
}

/// The selector `*`, parsed once per thread (parsing builds a small matching program).
fn every_element() -> Result<Selector, SelectorError> {
    thread_local! {
        static EVERY: Result<Selector, SelectorError> = "*".parse();
    }
    EVERY.with(Clone::clone)
}
