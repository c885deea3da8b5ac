//! Feature extraction: every token of a document becomes a sparse vector of named features
//! (lexical, URL, link, hidden-block and document-context ones) plus hashed lexical keys
//! (see [`hashed`]).

mod context;
pub mod fluency;
mod hashed;
mod key_hash;
mod names;
mod own_keys;
mod rows;
#[cfg(test)]
mod tests;
mod title;
mod vocab;
mod window;
mod writing;

pub use context::{words_of, DocContext, LinkFacts};
pub use fluency::{Fluency, FluencyBuilder};
pub use hashed::Namespace;
pub use names::{Feat, NAMES};
use own_keys::{OwnKeys, WordCache};
pub use rows::{Entry, RowIter, RowSink, Rows};
use vocab::Vocabulary;
use window::Window;

use crate::document::{Document, Format, HiddenReason, LinkKind, Structure};
use crate::lexicon::{Lexicon, CATEGORIES};
use crate::model::FeatureConfig;
use crate::tokens::{self, Token};

/// Version of the feature definitions in this module; stored in every model.
pub const EXTRACTOR_VERSION: u32 = 12;

/// One token's features, owned: training keeps the rows of the tokens it samples.
pub type SparseRow = Vec<Entry>;

impl FeatureConfig {
    /// The configuration new models are trained with.
    pub fn current() -> FeatureConfig {
        FeatureConfig {
            extractor_version: EXTRACTOR_VERSION,
            hash_buckets: 1 << 14,
            window: 4,
        }
    }

    /// Total number of weights: named features, then each namespace's hashed buckets.
    pub fn dimension(&self) -> usize {
        NAMES.len() + Namespace::ALL.len() * self.hash_buckets as usize
    }
}

/// A document taken apart for scoring: its structure and tokens (their features went to
/// a [`RowSink`]).
#[derive(Debug, Clone)]
pub struct Extraction<'d> {
    /// The document's format: the decoder treats lines as layout only outside HTML.
    pub format: Format,
    pub structure: Structure,
    pub tokens: Vec<Token<'d>>,
    /// What the whole document says about its tokens and links; the decoder completes
    /// link lists from its runs.
    pub context: DocContext,
}

/// Parse, tokenise and featurise one document; `fluency` is the model's background prose.
/// Each token's features go to `sink` in token order, as soon as they are known.
pub fn extract<'d>(
    doc: &'d Document,
    config: &FeatureConfig,
    fluency: &Fluency,
    sink: &mut impl RowSink,
) -> Extraction<'d> {
    let structure = doc.structure();
    let tokens = tokens::tokenize(&doc.text, &structure);
    let mut words = WordCache::take(config);
    let vocab = Vocabulary::cached(&tokens, &mut words);
    let mut context = DocContext::build(doc, &structure, &tokens, &vocab);
    let mut seams = fluency.marks(&doc.text, &structure, &tokens, &vocab);
    mark_insertion_content(&mut seams, &tokens, &context);
    let repeats_inserted =
        repeats_only_where_inserted(&seams, &tokens, &vocab, &context.token_count);
    // Insertions are not the page's own prose: a word used only in them is new to it.
    for (count, &r) in context.token_count.iter_mut().zip(&repeats_inserted) {
        if r {
            *count = 1;
        }
    }
    sink.reserve(tokens.len());
    let mut own_keys = OwnKeys::new(&vocab, &mut words);
    let window = Window::new(config.window as usize, &tokens, &context);
    // One token's entries at a time (a word has about 30, a link token about 40): the
    // buffer stays in cache, where a row per token kept to the end would not.
    let mut entries: Vec<Entry> = Vec::with_capacity(64);
    // The hashed keys of the link token before: every token of one run of a link has the
    // same ones (the words around the whole link, the link's spam words).
    let mut link_keys: (Option<usize>, Vec<Entry>) = (None, Vec::new());
    for (i, t) in tokens.iter().enumerate() {
        entries.clear();
        let mut row = Row(&mut entries);
        named_features(&mut row, &structure, &tokens, &context, &window, i);
        let bare_url = t
            .link
            .is_some_and(|l| structure.links[l].kind == LinkKind::BareUrl);
        seam_features(&mut row, seams[i], bare_url);
        row.flag(Feat::DocRepeatsInserted, repeats_inserted[i]);
        match t.link {
            Some(l) if link_keys.0 == Some(l) => row.0.extend_from_slice(&link_keys.1),
            _ => {
                let start = row.0.len();
                let mut keys = hashed::KeyWriter::new(config, row.0, None);
                hashed_keys(&mut keys, Some(&mut own_keys), config, &tokens, &context, i);
                link_keys.0 = t.link;
                if t.link.is_some() {
                    link_keys.1.clear();
                    link_keys.1.extend_from_slice(&entries[start..]);
                }
            }
        }
        sink.row(&entries);
    }
    Extraction {
        format: doc.format,
        structure,
        tokens,
        context,
    }
}

/// [`extract`], keeping every token's features: for training and explanations.
pub fn extract_rows<'d>(
    doc: &'d Document,
    config: &FeatureConfig,
    fluency: &Fluency,
) -> (Extraction<'d>, Rows) {
    let mut rows = Rows::default();
    let ex = extract(doc, config, fluency, &mut rows);
    (ex, rows)
}

/// The text of every hashed key of token `i`, with its weight index: training names the
/// model's buckets after the keys that fill them.
pub fn key_names(ex: &Extraction, config: &FeatureConfig, i: usize) -> Vec<(u32, String)> {
    let mut entries = Vec::new();
    let mut names = Vec::new();
    let mut keys = hashed::KeyWriter::new(config, &mut entries, Some(&mut names));
    hashed_keys(&mut keys, None, config, &ex.tokens, &ex.context, i);
    names
}

/// Prose words get their word, neighbours and n-grams; links the words around them and
/// their spam-vocabulary words. Links' other host, path and anchor words were tried too:
/// learnt from a list of spam domains, they said more about that list than about the web
/// and put spans on 3 % of real clean pages.
fn hashed_keys(
    keys: &mut hashed::KeyWriter,
    own_keys: Option<&mut OwnKeys>,
    config: &FeatureConfig,
    tokens: &[Token],
    ctx: &DocContext,
    i: usize,
) {
    let t = &tokens[i];
    match t.link {
        Some(l) => hashed::link_keys(keys, tokens, ctx, i, l),
        None if !t.word.is_empty() => hashed::word_keys(keys, own_keys, config, tokens, i),
        None => {}
    }
}

/// The row being filled: the tail of the document's entry buffer.
struct Row<'a>(&'a mut Vec<Entry>);

impl Row<'_> {
    fn set(&mut self, f: Feat, v: f32) {
        if v != 0.0 {
            self.0.push((f.index(), v));
        }
    }
    fn flag(&mut self, f: Feat, on: bool) {
        if on {
            self.0.push((f.index(), 1.0));
        }
    }
}

/// What an insertion holds: spam vocabulary foreign to the page's topic ("jerseys for
/// sale"), or capitalised words only ("North Face Outlet"): the seams say a phrase was
/// pasted in, these say it was an advertisement.
fn mark_insertion_content(marks: &mut [u8], tokens: &[Token], ctx: &DocContext) {
    use fluency::mark;
    let mut i = 0;
    while i < marks.len() {
        if marks[i] & mark::INSERTION == 0 {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < marks.len() && marks[end] & mark::INSERTION != 0 {
            end += 1;
        }
        // The advertisement ends at its last spam word: a run found up to a later seam
        // ("are [Emil Rautio Jersey hampered by sanctions] on", because the tables lack
        // "are hampered") also holds the page's own words.
        let last_lex = (i..end).rev().find(|&j| ctx.foreign_spam_word(j));
        if let Some(last) = last_lex {
            for m in &mut marks[i..=last] {
                *m |= mark::INSERTION_LEX;
            }
        }
        if (i..end).all(|j| is_capitalised(&tokens[j].surface)) {
            for m in &mut marks[i..end] {
                *m |= mark::INSERTION_CAPITALISED;
            }
        }
        i = end;
    }
}

/// Per token: its word is used more than once in the prose (`prose_counts`, per token),
/// and each time inside an insertion. The page's own words repeat, so repetition argues
/// for them; an injection pasted several times ("… a plan [levitra 20mg] at the
/// beginning …", three more times) repeats too, but only where the prose breaks around it.
fn repeats_only_where_inserted(
    marks: &[u8],
    tokens: &[Token],
    vocab: &Vocabulary,
    prose_counts: &[u32],
) -> Vec<bool> {
    use fluency::mark;
    let in_prose = |t: &Token| t.link.is_none() && t.hidden.is_none();
    let mut inserted = vec![0u32; vocab.len()];
    for ((t, w), &m) in tokens.iter().zip(&vocab.of_token).zip(marks) {
        if let Some(w) = w.filter(|_| in_prose(t) && m & mark::INSERTION != 0) {
            inserted[w as usize] += 1;
        }
    }
    tokens
        .iter()
        .zip(&vocab.of_token)
        .zip(prose_counts)
        .map(|((t, w), &all)| {
            in_prose(t) && w.is_some_and(|w| all >= 2 && inserted[w as usize] == all)
        })
        .collect()
}

/// `bare_url`: the token belongs to a bare URL, whose bridging weighs apart from that of
/// a link with anchor text (a URL pasted between two words is never the page's own word).
fn seam_features(row: &mut Row, marks: u8, bare_url: bool) {
    use fluency::mark;
    row.flag(Feat::SeamBreakBefore, marks & mark::BREAK_BEFORE != 0);
    row.flag(Feat::SeamBreakAfter, marks & mark::BREAK_AFTER != 0);
    row.flag(Feat::SeamInsertionOne, marks & mark::INSERTION_ONE != 0);
    row.flag(Feat::SeamInsertionFew, marks & mark::INSERTION_FEW != 0);
    row.flag(Feat::SeamInsertionLex, marks & mark::INSERTION_LEX != 0);
    row.flag(
        Feat::SeamInsertionCapitalised,
        marks & mark::INSERTION_CAPITALISED != 0,
    );
    let bridged = marks & mark::LINK_BRIDGED != 0;
    row.flag(Feat::SeamUrlBridged, bridged && bare_url);
    row.flag(Feat::SeamLinkBridged, bridged && !bare_url);
    row.flag(Feat::WordUnknown, marks & mark::UNKNOWN != 0);
}

/// Every feature of token `i` but the hashed keys.
fn named_features(
    row: &mut Row,
    structure: &Structure,
    tokens: &[Token],
    ctx: &DocContext,
    window: &Window,
    i: usize,
) {
    let t = &tokens[i];
    row.flag(Feat::TokMarkup, t.markup);
    row.flag(Feat::TokPunct, !t.markup && t.word.is_empty());
    if let Some(h) = t.hidden {
        hidden_features(row, structure, ctx, h);
    }
    if let Some(l) = t.link {
        link_features(row, structure, ctx, tokens, l, i);
    } else if !t.word.is_empty() {
        word_features(row, tokens, ctx, window, i);
    }
}

fn word_features(row: &mut Row, tokens: &[Token], ctx: &DocContext, window: &Window, i: usize) {
    let lexicon = Lexicon::get();
    let t = &tokens[i];
    let category = ctx.token_lex[i];
    if let Some(c) = category {
        // The page's own topic word is not spam vocabulary here (see
        // `DocContext::token_foreign_strong`): it gets its own feature instead.
        if ctx.topic.covers_category(c) {
            row.flag(Feat::DocProductTopic, true);
        } else {
            row.flag(
                names::WORD_LEX[usize::from(c).min(CATEGORIES.len() - 1)],
                true,
            );
        }
    }
    let prev = i.checked_sub(1).map(|p| &tokens[p]);
    let next = tokens.get(i + 1);
    let strong = |j: Option<usize>| {
        j.filter(|&j| j < tokens.len())
            .is_some_and(|j| tokens[j].link.is_none() && ctx.token_foreign_strong[j])
    };
    row.flag(Feat::PrevStrongLex, strong(i.checked_sub(1)));
    row.flag(Feat::NextStrongLex, strong(Some(i + 1)));
    unseen_run_features(row, tokens, ctx, i);
    // Most words begin no phrase: the per-token flag spares the pair lookups.
    let starts = &ctx.token_starts_phrase;
    let phrase = prev.is_some_and(|p| starts[i - 1] && lexicon.phrase(&p.word, &t.word).is_some())
        || next.is_some_and(|n| starts[i] && lexicon.phrase(&t.word, &n.word).is_some());
    row.flag(Feat::WordPhraseLex, phrase);

    let cap = is_capitalised(&t.surface);
    row.flag(Feat::WordCap, cap);
    row.flag(
        Feat::WordAllCaps,
        t.surface.chars().count() > 1 && t.surface.chars().all(|c| !c.is_lowercase()),
    );
    row.flag(Feat::WordDigit, t.word.chars().any(|c| c.is_ascii_digit()));
    row.flag(Feat::WordLong, t.word.chars().count() > 14);

    if cap {
        cap_run_features(row, tokens, ctx, i);
    }

    match ctx.token_count[i] {
        0 | 1 => row.flag(Feat::DocOnce, true),
        2 | 3 => row.flag(Feat::DocFew, true),
        _ => row.flag(Feat::DocMany, true),
    }
    row.set(
        Feat::DocLexDensity,
        (ctx.strong_lex_density * 10.0).min(1.0),
    );
    row.set(Feat::WordForeignScript, ctx.token_foreign_script[i]);

    let around = window.around(i);
    if around.words > 0 {
        row.set(
            Feat::WinUnseenShare,
            around.unseen as f32 / around.words as f32,
        );
    }
    row.set(Feat::WinStrongLex, (around.strong.min(3) as f32) / 3.0);
    row.flag(Feat::WinLink, around.link);
    row.flag(Feat::WinSpammyLink, around.spammy_link);
}

/// Injected phrases ("replica rolex watches", "agenzia seo") are runs of words the page
/// uses nowhere else, holding spam vocabulary; the page's own prose repeats its words.
fn unseen_run_features(row: &mut Row, tokens: &[Token], ctx: &DocContext, i: usize) {
    const MAX_RUN: usize = 8;
    let unseen = |j: usize| {
        let t = &tokens[j];
        t.link.is_none() && !t.word.is_empty() && ctx.token_count[j] <= 1
    };
    if !unseen(i) {
        return;
    }
    let mut start = i;
    while start > 0 && i - start < MAX_RUN && unseen(start - 1) && !tokens[start - 1].ends_sentence
    {
        start -= 1;
    }
    let mut end = i + 1;
    while end < tokens.len() && end - i < MAX_RUN && unseen(end) && !tokens[end - 1].ends_sentence {
        end += 1;
    }
    let has_lex = (start..end).any(|j| ctx.foreign_spam_word(j));
    if has_lex && end - start >= 2 {
        row.flag(Feat::UnseenLexRun, true);
        row.flag(Feat::UnseenLexRunLong, end - start >= 3);
    }
}

pub(crate) fn is_capitalised(surface: &str) -> bool {
    let mut chars = surface.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

/// A run of capitalised words ("Dale Hunter Jersey") inside lower-case prose is how anchor
/// text without its URL looks.
fn cap_run_features(row: &mut Row, tokens: &[Token], ctx: &DocContext, i: usize) {
    let is_cap = |t: &Token| t.link.is_none() && is_capitalised(&t.surface);
    let mut start = i;
    while start > 0 && is_cap(&tokens[start - 1]) && !tokens[start - 1].ends_sentence {
        start -= 1;
    }
    let mut end = i + 1;
    while end < tokens.len() && is_cap(&tokens[end]) && !tokens[end - 1].ends_sentence {
        end += 1;
    }
    let len = end - start;
    row.flag(Feat::CapRun2, len == 2);
    row.flag(Feat::CapRun3, len >= 3);
    if len < 2 {
        return;
    }
    let before = start.checked_sub(1).map(|p| &tokens[p]);
    let after = tokens.get(end);
    let lower =
        |t: &Token| t.link.is_none() && t.surface.chars().next().is_some_and(char::is_lowercase);
    let mid = before.is_some_and(|b| lower(b) && !b.ends_sentence) && after.is_some_and(lower);
    row.flag(Feat::CapRunMidSentence, mid);
    let ends_in_product = ctx.foreign_spam_word(end - 1);
    row.flag(Feat::CapRunEndsProduct, ends_in_product);
    // "… far Dale Hunter Jersey more …": a name and a product inside lower-case prose.
    row.flag(Feat::CapRunNameProductMid, ends_in_product && mid);
    row.flag(
        Feat::CapRunUnseen,
        (start..end).all(|j| ctx.token_count[j] <= 1),
    );
}

fn link_features(
    row: &mut Row,
    structure: &Structure,
    ctx: &DocContext,
    tokens: &[Token],
    l: usize,
    i: usize,
) {
    let link = &structure.links[l];
    let f = &ctx.links[l];
    let t = &tokens[i];
    row.flag(Feat::InLink, true);
    row.flag(
        Feat::LinkAnchorToken,
        link.kind != LinkKind::BareUrl
            && t.range.start >= link.anchor.start
            && t.range.end <= link.anchor.end,
    );
    row.flag(
        match link.kind {
            LinkKind::BareUrl => Feat::LinkBareUrl,
            LinkKind::Markdown => Feat::LinkMarkdown,
            LinkKind::MarkdownRef => Feat::LinkMarkdownRef,
            LinkKind::MarkdownRefDef => Feat::LinkMarkdownRefDef,
            LinkKind::Html => Feat::LinkHtml,
            LinkKind::BbCode => Feat::LinkBbCode,
        },
        true,
    );
    row.flag(Feat::LinkHidden, link.hidden);
    row.flag(Feat::LinkAlone, link.container.is_some());
    row.flag(Feat::LinkInProse, f.in_prose);
    row.flag(Feat::LinkParenBefore, f.after_paren);
    row.flag(Feat::LinkNearEnd, f.near_end);
    row.flag(Feat::LinkDocManyDomains, ctx.distinct_domains >= 10);
    let other_spam = ctx.spammy_links - usize::from(f.spammy);
    row.flag(Feat::LinkDocOtherSpam, other_spam >= 1);
    row.flag(Feat::LinkDocOtherSpamMany, other_spam >= 3);

    let words = f.anchor_words.len();
    if !f.anchor_is_url {
        row.flag(Feat::LinkAnchorOneWord, words == 1);
        row.flag(Feat::LinkAnchorFewWords, (2..=4).contains(&words));
        row.flag(Feat::LinkAnchorManyWords, words >= 5);
        row.set(Feat::LinkAnchorUnseen, f.anchor_unseen);
        row.flag(Feat::LinkAnchorInHref, f.anchor_in_href);
        row.set(Feat::LinkAnchorForeignScript, f.anchor_foreign_script);
    }
    row.flag(Feat::LinkAnchorIsUrl, f.anchor_is_url);
    row.set(
        Feat::LinkAnchorStrongLex,
        f.anchor_strong_lex.min(2) as f32 / 2.0,
    );
    row.set(
        Feat::LinkAnchorCommerceLex,
        f.anchor_commerce_lex.min(2) as f32 / 2.0,
    );

    // Most links of the web carry no spam vocabulary anywhere; giving that its own weight
    // lets the model set legitimate citations apart from link-wheel anchors by evidence
    // rather than by the absence of individual lexicon hits.
    let plain = !f.spammy
        && f.anchor_commerce_lex == 0
        && f.host_commerce_lex == 0
        && f.path_commerce_lex == 0
        && !link.hidden;
    row.flag(Feat::LinkNoSpamVocabulary, plain);
    row.flag(Feat::LinkNoSpamVocabularyInProse, plain && f.in_prose);

    let Some(u) = &f.url else {
        row.flag(Feat::LinkNoHost, true);
        return;
    };
    row.flag(Feat::LinkSameSite, f.same_site);
    row.flag(Feat::LinkForeign, !f.same_site);
    row.flag(Feat::LinkDomainOnce, f.domain_count == 1);
    let total = ctx.links_with_url.max(1);
    row.set(Feat::LinkDomainShare, f.domain_count as f32 / total as f32);
    row.set(
        Feat::LinkHostStrongLex,
        f.host_strong_lex.min(2) as f32 / 2.0,
    );
    row.set(
        Feat::LinkHostCommerceLex,
        f.host_commerce_lex.min(2) as f32 / 2.0,
    );
    row.flag(Feat::LinkHostUnseen, f.host_unseen);
    // No hyphenated-host feature: learnt from a spam-domain list it outweighed everything
    // else on legitimate hosts such as rust-lang.org and sphinx-doc.org.
    row.flag(
        Feat::LinkHostDigits,
        u.domain_label.chars().any(|c| c.is_ascii_digit()),
    );
    row.set(
        Feat::LinkPathStrongLex,
        f.path_strong_lex.min(2) as f32 / 2.0,
    );
    row.set(
        Feat::LinkPathCommerceLex,
        f.path_commerce_lex.min(2) as f32 / 2.0,
    );
    row.flag(Feat::LinkPathNameProduct, f.path_name_product);
    row.flag(Feat::LinkPathCapWords, f.path_capitalised);
    row.flag(Feat::LinkPathDeep, u.path_depth >= 3);
    row.flag(Feat::LinkPathEmpty, u.path_depth == 0);
    row.flag(Feat::LinkQuery, u.has_query);
    row.flag(Feat::LinkIp, u.is_ip);
    row.flag(Feat::LinkIdn, u.is_idn);
    row.flag(Feat::LinkSuffixCompound, u.suffix.contains('.'));
    let tld = tld_class(&u.tld);
    row.flag(tld, true);
    row.flag(Feat::LinkRun2, (2..=3).contains(&f.run_len));
    row.flag(Feat::LinkRun4, f.run_len >= 4);
    if f.run_len >= 2 {
        row.set(
            Feat::LinkRunDistinct,
            f.run_distinct_domains as f32 / f.run_len as f32,
        );
        row.flag(Feat::LinkRunForeign, f.run_all_foreign);
        row.flag(Feat::LinkRunOtherSpam, f.run_other_spammy >= 1);
    }
}

fn tld_class(tld: &str) -> Feat {
    const CHEAP: &[&str] = &[
        "xyz",
        "top",
        "shop",
        "online",
        "site",
        "store",
        "club",
        "vip",
        "win",
        "men",
        "accountant",
        "cricket",
        "loan",
        "bid",
        "date",
        "download",
        "racing",
        "review",
        "stream",
        "trade",
        "webcam",
        "party",
        "science",
        "faith",
        "work",
        "click",
        "link",
        "pw",
        "tk",
        "ml",
        "ga",
        "cf",
        "gq",
        "icu",
        "buzz",
        "fun",
        "live",
        "biz",
        "cc",
        "ws",
        "su",
    ];
    match tld {
        "com" | "net" | "org" => Feat::LinkTldCom,
        t if CHEAP.contains(&t) => Feat::LinkTldCheap,
        _ => Feat::LinkTldCountry,
    }
}

fn hidden_features(row: &mut Row, structure: &Structure, ctx: &DocContext, h: usize) {
    row.flag(Feat::TokHidden, true);
    let reason = match structure.hidden[h].reason {
        HiddenReason::DisplayNone => Feat::HiddenDisplay,
        HiddenReason::VisibilityHidden => Feat::HiddenVisibility,
        HiddenReason::OffScreen => Feat::HiddenOffScreen,
        HiddenReason::TinyFont => Feat::HiddenTiny,
        HiddenReason::SameColour => Feat::HiddenColour,
        HiddenReason::HiddenAttribute => Feat::HiddenAttribute,
        HiddenReason::AfterHtmlEnd => Feat::HiddenAfterEnd,
        HiddenReason::StyleRule => Feat::HiddenStyleRule,
    };
    row.flag(reason, true);
    if let Some(&(links, foreign, strong)) = ctx.hidden_links.get(h) {
        row.set(Feat::HiddenLinks, (links.min(8) as f32) / 8.0);
        row.set(Feat::HiddenForeignLinks, (foreign.min(8) as f32) / 8.0);
        row.flag(Feat::HiddenStrongLex, strong);
    }
}
