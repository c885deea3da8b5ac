//! Injecting spam into one document: the campaign (theme, language, domains), the choice of
//! styles, and the bookkeeping that keeps insertions apart and spans exact.
//!
//! A real injected page carries one campaign: jersey links to one or two shops, or casino
//! links in one language, in one to three styles. So each document gets a campaign first,
//! then 1–3 styles sharing a budget of 1–12 spans.

use std::borrow::Cow;
use std::collections::BTreeSet;

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::domains::{self, host_of};
use super::edit::{self, Splice, Trace};
use super::prose::{self, Slots};
use super::vocab::{Vocab, GENERIC};
use super::{inject_html, inject_text};
use crate::document::Format;
use crate::io::LabelledDoc;

pub(crate) const BARE_URL: &str = "bare_url";
pub(crate) const ANCHOR_TEXT: &str = "anchor_text";
pub(crate) const MARKDOWN_LINK: &str = "markdown_link";
pub(crate) const REF_LINK: &str = "ref_link";
pub(crate) const REF_DEF: &str = "ref_def";
pub(crate) const HTML_LINK: &str = "html_link";
pub(crate) const HIDDEN_BLOCK: &str = "hidden_block";
pub(crate) const LINK_LIST: &str = "link_list";
pub(crate) const LINK_WHEEL: &str = "link_wheel";
pub(crate) const BBCODE: &str = "bbcode";

/// Style weights by format: scraped text mostly shows dropped URLs, anchors and forum code;
/// markdown inline and reference links; HTML hidden blocks and `<a>` elements.
const TEXT_STYLES: &[(&str, u32)] = &[
    (BARE_URL, 26),
    (ANCHOR_TEXT, 18),
    (BBCODE, 12),
    (LINK_LIST, 18),
    (MARKDOWN_LINK, 9),
    (HTML_LINK, 10),
    (LINK_WHEEL, 4),
    (HIDDEN_BLOCK, 3),
];
const MARKDOWN_STYLES: &[(&str, u32)] = &[
    (MARKDOWN_LINK, 22),
    (REF_LINK, 10),
    (BARE_URL, 14),
    (ANCHOR_TEXT, 10),
    (HTML_LINK, 10),
    (LINK_LIST, 14),
    (LINK_WHEEL, 12),
    (HIDDEN_BLOCK, 5),
    (BBCODE, 3),
];
const HTML_STYLES: &[(&str, u32)] = &[
    (HTML_LINK, 24),
    (HIDDEN_BLOCK, 24),
    (LINK_LIST, 18),
    (LINK_WHEEL, 15),
    (BARE_URL, 9),
    (ANCHOR_TEXT, 10),
];

/// Function words that link wheels do not hijack (they hijack content words).
const STOPWORDS: &[&str] = &[
    "about", "after", "again", "other", "their", "there", "these", "those", "which", "would",
    "could", "should", "where", "while", "being", "because", "before", "under", "every", "through",
    "since", "until", "among",
];

/// At most this many new spans per document.
const MAX_SPANS: usize = 12;

/// Bytes kept free around an inline insertion, so that two never touch.
const MIN_GAP: usize = 24;

/// The spam theme of one document.
pub(crate) struct Campaign<'a> {
    pub vocab: &'a Vocab,
    pub category: &'a str,
    pub lang: String,
    domains: Vec<String>,
    pool: Cow<'a, [String]>,
    /// Hosts linked so far, in order of first use.
    pub used_hosts: Vec<String>,
}

impl<'a> Campaign<'a> {
    fn new(vocab: &'a Vocab, pool: &'a [String], rng: &mut ChaCha8Rng) -> Campaign<'a> {
        let pool: Cow<'a, [String]> = if pool.is_empty() {
            Cow::Owned(domains::generated_domains(vocab, rng, 200))
        } else {
            Cow::Borrowed(pool)
        };
        // The first domain sets the theme when its name has one (`cheapnfljerseys.us.com`
        // sells jerseys); hacked sites and neutral names carry any theme.
        let first = pool.choose(rng).cloned();
        let named = first
            .as_deref()
            .and_then(|d| vocab.domain_category(host_of(d)));
        let category = match named {
            Some(c) if rng.gen_bool(0.85) => c,
            _ => vocab.pick_category(rng),
        };
        let lang = vocab.anchor(category, None, rng).lang;
        let n = match rng.gen_range(0..10) {
            0..=5 => 1,
            6..=8 => 2,
            _ => 3,
        };
        let mut chosen: Vec<String> = first.into_iter().collect();
        while chosen.len() < n {
            let mut entry = pool.choose(rng).cloned();
            if rng.gen_bool(0.7) {
                for _ in 0..60 {
                    if let Some(d) = pool.choose(rng) {
                        if vocab.domain_category(host_of(d)) == Some(category) {
                            entry = Some(d.clone());
                            break;
                        }
                    }
                }
            }
            match entry {
                Some(e) => chosen.push(e),
                None => break,
            }
        }
        Campaign {
            vocab,
            category,
            lang,
            domains: chosen,
            pool,
            used_hosts: Vec::new(),
        }
    }

    /// An anchor: mostly the campaign's category and language, sometimes an innocent-looking
    /// one ("click here", "website"), rarely another category.
    pub fn anchor(&self, rng: &mut ChaCha8Rng) -> (String, &'a str) {
        self.anchor_of(rng, true)
    }

    /// An anchor that says what it sells, for anchor text left without its link: a
    /// generic anchor ("read more", "this site") stripped of its URL is ordinary prose,
    /// with nothing left to find or worth removing. Draws as [`Campaign::anchor`] does.
    pub fn keyword_anchor(&self, rng: &mut ChaCha8Rng) -> (String, &'a str) {
        self.anchor_of(rng, false)
    }

    fn anchor_of(&self, rng: &mut ChaCha8Rng, generic: bool) -> (String, &'a str) {
        let r = rng.gen_range(0..100);
        let category = if r < 78 || (r < 92 && !generic) {
            self.category
        } else if r < 92 {
            GENERIC
        } else {
            self.vocab.pick_category(rng)
        };
        let a = self.vocab.anchor(category, Some(&self.lang), rng);
        let cat = if category == GENERIC {
            self.category
        } else {
            category
        };
        (a.text, cat)
    }

    /// A URL on one of the campaign's domains (now and then another pool domain).
    pub fn url(&mut self, rng: &mut ChaCha8Rng, category: &str, anchor: &str) -> String {
        let entry = if rng.gen_bool(0.85) {
            self.domains.choose(rng).cloned()
        } else {
            None
        };
        let entry = entry
            .or_else(|| self.pool.choose(rng).cloned())
            .unwrap_or_else(|| "example.com".into());
        self.note(&entry);
        domains::spam_url(&entry, category, anchor, rng)
    }

    /// A URL on a random pool domain (hidden blocks and link lists link many sites).
    pub fn any_url(&mut self, rng: &mut ChaCha8Rng, category: &str, anchor: &str) -> String {
        let entry = self
            .pool
            .choose(rng)
            .cloned()
            .unwrap_or_else(|| "example.com".into());
        self.note(&entry);
        domains::spam_url(&entry, category, anchor, rng)
    }

    /// A link-wheel target: an unrelated, innocent-looking site (no spam topic word).
    pub fn wheel_url(&mut self, rng: &mut ChaCha8Rng, word: &str) -> String {
        let mut entry = None;
        for _ in 0..30 {
            if let Some(d) = self.pool.choose(rng) {
                let host = host_of(d);
                if self.vocab.domain_category(host).is_none()
                    && !host.bytes().any(|b| b.is_ascii_digit())
                {
                    entry = Some(d.clone());
                    break;
                }
            }
        }
        let entry = entry
            .or_else(|| self.pool.choose(rng).cloned())
            .unwrap_or_else(|| "example.org".into());
        self.note(&entry);
        domains::wheel_url(&entry, word, rng)
    }

    /// An (anchor, URL) pair of the campaign.
    pub fn link(&mut self, rng: &mut ChaCha8Rng) -> (String, String) {
        let (anchor, cat) = self.anchor(rng);
        let url = self.url(rng, cat, &anchor);
        (anchor, url)
    }

    /// An (anchor, URL) pair of any category on any pool domain, half the time.
    pub fn mixed_link(&mut self, rng: &mut ChaCha8Rng) -> (String, String) {
        if rng.gen_bool(0.5) {
            return self.link(rng);
        }
        let cat = self.vocab.pick_category(rng);
        let anchor = self.vocab.anchor(cat, None, rng).text;
        let url = self.any_url(rng, cat, &anchor);
        (anchor, url)
    }

    fn note(&mut self, entry: &str) {
        let host = host_of(entry).to_string();
        if !self.used_hosts.contains(&host) {
            self.used_hosts.push(host);
        }
    }
}

/// Which list of candidate positions to draw from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    WordStart,
    SentenceEnd,
    SentenceStart,
    Block,
}

/// Everything a style needs while injecting into one document.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub format: Format,
    pub slots: Slots,
    pub rng: &'a mut ChaCha8Rng,
    pub camp: Campaign<'a>,
    /// Base byte ranges already used (inline insertions, replaced words), and kept spans.
    taken: Vec<(usize, usize)>,
    pub splices: Vec<Splice>,
}

impl Ctx<'_> {
    fn free(&self, a: usize, b: usize) -> bool {
        self.taken
            .iter()
            .all(|&(s, e)| b + MIN_GAP <= s || e + MIN_GAP <= a)
    }

    /// A free position of the given kind, reserved; `None` when the document has none left.
    pub fn take(&mut self, slot: Slot) -> Option<usize> {
        let list = match slot {
            Slot::WordStart => &self.slots.word_starts,
            Slot::SentenceEnd => &self.slots.sentence_ends,
            Slot::SentenceStart => &self.slots.sentence_starts,
            Slot::Block => &self.slots.blocks,
        };
        if list.is_empty() {
            return None;
        }
        for _ in 0..30 {
            let p = list[self.rng.gen_range(0..list.len())];
            if self.free(p, p) {
                self.taken.push((p, p));
                return Some(p);
            }
        }
        None
    }

    /// A free word of at least `min_chars` letters, reserved.
    pub fn take_word(&mut self, min_chars: usize) -> Option<(usize, usize)> {
        let words: Vec<(usize, usize)> = self
            .slots
            .words
            .iter()
            .copied()
            .filter(|&(a, b)| {
                let w = &self.text[a..b];
                w.chars().count() >= min_chars && !STOPWORDS.contains(&w.to_lowercase().as_str())
            })
            .collect();
        for _ in 0..30 {
            let &(a, b) = words.choose(self.rng)?;
            if self.free(a, b) {
                self.taken.push((a, b));
                return Some((a, b));
            }
        }
        None
    }

    pub fn push(&mut self, s: Splice) {
        self.splices.push(s);
    }
}

/// Inject spam into one document: 1–3 styles, 1–12 spans, offsets in code points of the
/// returned text. Spans already in `doc` are kept (shifted), and nothing is inserted inside
/// them. `domains` is the pool to link to (host, or host plus path for hacked sites); when
/// empty, domains are generated from `vocab`.
pub fn inject(
    doc: &LabelledDoc,
    vocab: &Vocab,
    rng: &mut ChaCha8Rng,
    domains: &[String],
) -> LabelledDoc {
    inject_traced(doc, vocab, rng, domains).0
}

/// `inject`, also returning where each edit landed (for tests that undo them).
pub(crate) fn inject_traced(
    doc: &LabelledDoc,
    vocab: &Vocab,
    rng: &mut ChaCha8Rng,
    domains: &[String],
) -> (LabelledDoc, Vec<Trace>) {
    let text = doc.text.as_str();
    let format = doc.format.unwrap_or_else(|| Format::detect(text));
    let kept = edit::kept_spans(doc);
    let slots = prose::slots(text, format);
    let camp = Campaign::new(vocab, domains, rng);
    let taken = kept.iter().map(|k| (k.start, k.end)).collect();
    let mut ctx = Ctx {
        text,
        format,
        slots,
        rng,
        camp,
        taken,
        splices: Vec::new(),
    };

    let table = match format {
        Format::Text => TEXT_STYLES,
        Format::Markdown => MARKDOWN_STYLES,
        Format::Html => HTML_STYLES,
    };
    let total = match ctx.rng.gen_range(0..100) {
        0..=49 => ctx.rng.gen_range(1..=3),
        50..=79 => ctx.rng.gen_range(4..=7),
        _ => ctx.rng.gen_range(8..=12),
    };
    let n_styles = match ctx.rng.gen_range(0..100) {
        0..=54 => 1,
        55..=87 => 2,
        _ => 3,
    }
    .min(total);
    let mut styles: Vec<&'static str> = Vec::new();
    while styles.len() < n_styles {
        let remaining: Vec<(&'static str, u32)> = table
            .iter()
            .copied()
            .filter(|(s, _)| !styles.contains(s))
            .collect();
        match remaining.choose_weighted(ctx.rng, |(_, w)| *w) {
            Ok((s, _)) => styles.push(s),
            Err(_) => break,
        }
    }
    let mut budget = vec![1usize; styles.len()];
    for _ in styles.len()..total {
        let i = ctx.rng.gen_range(0..budget.len().max(1));
        if let Some(b) = budget.get_mut(i) {
            *b += 1;
        }
    }
    let mut made = 0;
    for (style, n) in styles.iter().zip(budget) {
        let remaining = MAX_SPANS.saturating_sub(made);
        if remaining == 0 {
            break;
        }
        made += run_style(&mut ctx, style, n.min(remaining), remaining);
    }
    if made == 0 {
        // A document without prose positions still gets its spam: appended, as real
        // injections are when the injector cannot parse the page.
        made += match format {
            Format::Html => inject_html::hidden_block(&mut ctx, 1),
            _ => {
                let n = ctx.rng.gen_range(2..=4);
                inject_text::link_list(&mut ctx, n)
            }
        };
    }
    debug_assert!(made > 0);

    let Ctx { splices, camp, .. } = ctx;
    let applied = edit::apply(text, splices, &kept);
    let kinds: BTreeSet<&str> = applied
        .spans
        .iter()
        .filter_map(|s| s.kind.as_deref())
        .collect();
    let mut meta = match &doc.meta {
        Some(serde_json::Value::Object(m)) => m.clone(),
        _ => serde_json::Map::new(),
    };
    let mut hosts: Vec<serde_json::Value> = match meta.get("spam_domains") {
        Some(serde_json::Value::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    // Only the hosts that made it into a span (a style may draw a URL and find no room).
    let chars: Vec<char> = applied.text.chars().collect();
    let span_texts: Vec<String> = applied
        .spans
        .iter()
        .filter_map(|s| chars.get(s.start..s.end).map(|c| c.iter().collect()))
        .collect();
    for h in camp.used_hosts {
        let linked = span_texts.iter().any(|t| t.contains(h.as_str()));
        if linked && !hosts.iter().any(|v| v.as_str() == Some(h.as_str())) {
            hosts.push(h.into());
        }
    }
    meta.insert("spam_domains".into(), serde_json::Value::Array(hosts));
    meta.insert(
        "styles".into(),
        kinds.into_iter().map(serde_json::Value::from).collect(),
    );
    let out = LabelledDoc {
        id: doc.id.clone(),
        text: applied.text,
        format: doc.format,
        url: doc.url.clone(),
        spans: Some(applied.spans),
        meta: Some(serde_json::Value::Object(meta)),
    };
    (out, applied.traces)
}

/// Run one style for about `n` spans (never more than `remaining`); returns how many spans
/// it made. Reference links come in pairs (use + definition), link lists in twos at least.
fn run_style(ctx: &mut Ctx, style: &str, n: usize, remaining: usize) -> usize {
    match style {
        BARE_URL => inject_text::bare_url(ctx, n),
        ANCHOR_TEXT => inject_text::anchor_text(ctx, n),
        MARKDOWN_LINK => inject_text::markdown_link(ctx, n),
        REF_LINK if remaining >= 2 => inject_text::ref_links(ctx, (n / 2).max(1)),
        HTML_LINK => inject_text::html_link(ctx, n),
        BBCODE => inject_text::bbcode(ctx, n),
        LINK_WHEEL => inject_text::link_wheel(ctx, n),
        HIDDEN_BLOCK => inject_html::hidden_block(ctx, 1),
        LINK_LIST if ctx.format == Format::Html => {
            inject_html::link_list(ctx, n.max(2).min(remaining))
        }
        LINK_LIST => inject_text::link_list(ctx, n.max(2).min(remaining)),
        _ => 0,
    }
}
