//! What the whole document says about each token and link: its own vocabulary, its own
//! site, and how each link relates to them. Injected text is foreign to *this* page; these
//! facts are what let a linear model see that.

use std::collections::hash_map::Entry;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::document::{Document, LinkKind, Structure};
use crate::lexicon::Lexicon;
use crate::tokens::Token;
use crate::urls::{self, UrlInfo};

use super::title::Topic;
use super::vocab::Vocabulary;
use super::writing::PageScripts;

/// Facts about one link, computed once per document.
#[derive(Debug, Clone, Default)]
pub struct LinkFacts {
    /// Shared with the other links to the same target (and the thread's cache).
    pub url: Option<Arc<UrlInfo>>,
    pub anchor_words: Vec<String>,
    pub anchor_is_url: bool,
    pub anchor_strong_lex: usize,
    pub anchor_commerce_lex: usize,
    /// Share of anchor words that the page's prose never uses.
    pub anchor_unseen: f32,
    /// Share of the anchor's letters in a script the page's prose hardly writes in (see
    /// [`PageScripts`]).
    pub anchor_foreign_script: f32,
    pub anchor_in_href: bool,
    /// The target's path template (`urls::path_template`), when it has a path; a bare
    /// URL's has no anchor words to echo.
    pub path_template: Option<String>,
    pub host_strong_lex: usize,
    pub host_commerce_lex: usize,
    pub host_unseen: bool,
    pub path_strong_lex: usize,
    pub path_commerce_lex: usize,
    pub path_name_product: bool,
    pub path_capitalised: bool,
    pub same_site: bool,
    pub domain_count: usize,
    pub in_prose: bool,
    /// A word of prose comes right before the link: it ends a sentence at least.
    pub prose_before: bool,
    pub after_paren: bool,
    /// Links in the run of adjacent links this one belongs to (1 when alone).
    pub run_len: usize,
    /// Index of the run's first link.
    pub run_start: usize,
    pub run_distinct_domains: usize,
    pub run_all_foreign: bool,
    /// Other foreign links of the same run that carry spam vocabulary: a signature or link
    /// list mixes obvious spam with innocent-looking anchors.
    pub run_other_spammy: usize,
    pub near_end: bool,
    /// The link itself looks like spam by vocabulary: for window and block features.
    pub spammy: bool,
}

/// Facts about a whole document.
#[derive(Debug, Clone, Default)]
pub struct DocContext {
    pub links: Vec<LinkFacts>,
    pub distinct_domains: usize,
    /// Links with a web URL: the denominator of every link's domain share, counted once
    /// rather than per link token (a link farm has thousands of both).
    pub links_with_url: usize,
    /// Links whose anchor, host or path carries spam vocabulary: injections come in
    /// campaigns, so one obvious spam link makes the page's other odd links suspect.
    pub spammy_links: usize,
    /// Share of prose words that are strong spam vocabulary.
    pub strong_lex_density: f32,
    /// The spam categories the page's title is about (a sports page about jerseys, casino
    /// news): their words are not foreign to it.
    pub topic: Topic,
    /// Per hidden block: links in it, foreign links, strong lexicon hits.
    pub hidden_links: Vec<(usize, usize, bool)>,
    /// Per token: the lexicon category of its word, and how often the page's prose uses
    /// that word. Looked up once here, because the window features ask for every
    /// neighbour of every token.
    pub token_lex: Vec<Option<u8>>,
    /// Per token: its word is strong spam vocabulary foreign to the page's topic. A page
    /// about jerseys (its title says so) uses "jerseys" as its own word: counted as spam
    /// vocabulary there, every sentence of a shopping guide would look injected.
    pub token_foreign_strong: Vec<bool>,
    pub token_count: Vec<u32>,
    /// Per token: share of its word's letters in a script the page's prose hardly writes in.
    pub token_foreign_script: Vec<f32>,
    /// Per token: its word begins a two-word phrase of the lexicon.
    pub token_starts_phrase: Vec<bool>,
}

impl DocContext {
    /// Token `j` carries strong spam vocabulary that is not the page's own topic.
    pub fn foreign_spam_word(&self, j: usize) -> bool {
        self.token_foreign_strong[j]
    }

    pub fn build(
        doc: &Document,
        structure: &Structure,
        tokens: &[Token],
        vocab: &Vocabulary,
    ) -> DocContext {
        let lexicon = Lexicon::get();
        let word_lex: Vec<Option<u8>> = vocab.facts.iter().map(|f| f.lex).collect();
        let page_url = doc.page_url();
        let topic = Topic::of(doc, page_url.as_deref());
        let word_foreign_strong: Vec<bool> = word_lex
            .iter()
            .map(|&c| c.is_some_and(|c| Lexicon::is_strong(c) && !topic.covers_category(c)))
            .collect();
        let mut prose_counts = vec![0u32; vocab.len()];
        let mut prose_words = 0usize;
        let mut strong = 0usize;
        for (t, w) in tokens.iter().zip(&vocab.of_token) {
            let Some(w) = w.map(|w| w as usize) else {
                continue;
            };
            if t.link.is_none() && t.hidden.is_none() {
                prose_counts[w] += 1;
                prose_words += 1;
                strong += usize::from(word_foreign_strong[w]);
            }
        }
        // The words the prose uses, for anchors and hosts: looked up in the vocabulary's
        // own table rather than a second set of every word.
        let in_prose =
            |w: &str| (vocab.number_of.get(w)).is_some_and(|&n| prose_counts[n as usize] > 0);
        let starts_phrase: Vec<bool> = vocab.facts.iter().map(|f| f.starts_phrase).collect();
        let scripts = PageScripts::build(vocab, &prose_counts);
        let urls = analyze_targets(structure);
        let page_domain = page_url
            .as_deref()
            .and_then(urls::analyze)
            .map(|u| u.domain)
            .or_else(|| dominant_domain(structure, &urls, &topic));

        let mut links: Vec<LinkFacts> = structure
            .links
            .iter()
            .zip(urls)
            .map(|(l, url)| {
                let anchor_text = strip_markup(&doc.text[l.anchor.clone()]);
                let anchor_words = words_of(&anchor_text);
                let anchor_is_url = l.kind == LinkKind::BareUrl
                    || urls::analyze_shared(anchor_text.trim()).is_some();
                let seen = |w: &String| in_prose(w.as_str());
                let content: Vec<&String> = anchor_words
                    .iter()
                    .filter(|w| w.chars().count() > 2)
                    .collect();
                let anchor_unseen = if content.is_empty() {
                    0.0
                } else {
                    content.iter().filter(|w| !seen(w)).count() as f32 / content.len() as f32
                };
                let anchor_foreign_script = if anchor_is_url {
                    0.0
                } else {
                    scripts.foreign_share(anchor_words.iter().map(String::as_str))
                };
                let (host_strong, host_commerce) =
                    count_lex(url.iter().flat_map(|u| u.host_words.iter()), &topic);
                let (path_strong, path_commerce) =
                    count_lex(url.iter().flat_map(|u| u.path_words.iter()), &topic);
                let (a_strong, a_commerce) = if anchor_is_url {
                    (0, 0)
                } else {
                    count_lex(anchor_words.iter(), &topic)
                };
                let href_words: Vec<&String> = url
                    .iter()
                    .flat_map(|u| u.host_words.iter().chain(u.path_words.iter()))
                    .collect();
                let anchor_in_href = content.iter().any(|w| href_words.contains(w));
                let host_unseen = url.as_ref().is_some_and(|u| {
                    u.host_words
                        .iter()
                        .filter(|w| w.len() > 2)
                        .all(|w| !seen(w))
                });
                let path_capitalised = url.as_ref().is_some_and(|u| slug_caps(&u.slug_shape) >= 2);
                let path_name_product = path_capitalised
                    && url.as_ref().is_some_and(|u| {
                        u.path_words
                            .last()
                            .is_some_and(|w| lexicon.word(w).is_some_and(Lexicon::is_strong))
                    });
                let same_site = match (&page_domain, &url) {
                    (Some(p), Some(u)) => *p == u.domain,
                    _ => false,
                };
                let spammy = a_strong + host_strong + path_strong > 0;
                // The template tells how a target echoes its anchor: a URL shown as itself
                // has no anchor to echo, only its shape.
                let echoed: &[String] = if anchor_is_url { &[] } else { &anchor_words };
                let path_template = url
                    .as_ref()
                    .and_then(|_| urls::path_template(&l.href, echoed));
                LinkFacts {
                    url,
                    path_template,
                    anchor_words,
                    anchor_is_url,
                    anchor_strong_lex: a_strong,
                    anchor_commerce_lex: a_commerce,
                    anchor_unseen,
                    anchor_foreign_script,
                    anchor_in_href,
                    host_strong_lex: host_strong,
                    host_commerce_lex: host_commerce,
                    host_unseen,
                    path_strong_lex: path_strong,
                    path_commerce_lex: path_commerce,
                    path_name_product,
                    path_capitalised,
                    same_site,
                    spammy,
                    ..LinkFacts::default()
                }
            })
            .collect();

        let mut domain_counts: FxHashMap<&str, usize> = FxHashMap::default();
        for f in &links {
            if let Some(u) = &f.url {
                *domain_counts.entry(u.domain.as_str()).or_default() += 1;
            }
        }
        let distinct_domains = domain_counts.len();
        let links_with_url = links.iter().filter(|f| f.url.is_some()).count();
        let counts: Vec<usize> = links
            .iter()
            .map(|f| {
                f.url.as_ref().map_or(0, |u| {
                    domain_counts.get(u.domain.as_str()).copied().unwrap_or(0)
                })
            })
            .collect();
        for (f, c) in links.iter_mut().zip(counts) {
            f.domain_count = c;
        }

        link_positions(doc, structure, tokens, &mut links);
        link_runs(&doc.text, structure, &mut links);

        let hidden_links = structure
            .hidden
            .iter()
            .map(|h| {
                // Links are in source order: those starting in the block follow one
                // another, so a page hiding thousands of blocks is not quadratic.
                let first = structure
                    .links
                    .partition_point(|l| l.range.start < h.range.start);
                let inside: Vec<&LinkFacts> = structure.links[first..]
                    .iter()
                    .zip(&links[first..])
                    .take_while(|(l, _)| l.range.start < h.range.end)
                    .filter(|(l, _)| l.range.end <= h.range.end)
                    .map(|(_, f)| f)
                    .collect();
                let foreign = inside
                    .iter()
                    .filter(|f| !f.same_site && f.url.is_some())
                    .count();
                (inside.len(), foreign, inside.iter().any(|f| f.spammy))
            })
            .collect();

        let spammy_links = links.iter().filter(|f| f.spammy).count();
        DocContext {
            token_lex: vocab.per_token(&word_lex, None),
            token_foreign_strong: vocab.per_token(&word_foreign_strong, false),
            token_foreign_script: vocab.per_token(&scripts.per_word(vocab), 0.0),
            token_count: vocab.per_token(&prose_counts, 0),
            token_starts_phrase: vocab.per_token(&starts_phrase, false),
            spammy_links,
            links,
            distinct_domains,
            links_with_url,
            strong_lex_density: if prose_words == 0 {
                0.0
            } else {
                strong as f32 / prose_words as f32
            },
            topic,
            hidden_links,
        }
    }
}

/// Every link's target taken apart. Menus and link lists repeat their targets: each
/// distinct one is analysed once and copied.
fn analyze_targets(structure: &Structure) -> Vec<Option<Arc<UrlInfo>>> {
    let mut first_link: FxHashMap<&str, usize> = FxHashMap::default();
    let mut urls: Vec<Option<Arc<UrlInfo>>> = Vec::with_capacity(structure.links.len());
    for (k, link) in structure.links.iter().enumerate() {
        let url = match first_link.entry(link.href.as_str()) {
            Entry::Occupied(first) => urls[*first.get()].clone(),
            Entry::Vacant(slot) => {
                slot.insert(k);
                urls::analyze_shared(&link.href)
            }
        };
        urls.push(url);
    }
    urls
}

/// Without a crawl URL, the page's own site is the domain most of its links point to (site
/// navigation), when there is one such domain.
/// Hidden links and links whose host or path carries spam vocabulary do not count: a link
/// farm or a spammer's repeated links must not make themselves the page's own site.
fn dominant_domain(
    structure: &Structure,
    urls: &[Option<Arc<UrlInfo>>],
    topic: &Topic,
) -> Option<String> {
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    // A reference link and its definition are one target: the definition counts it.
    let visible = (structure.links.iter().zip(urls))
        .filter(|(l, _)| !l.hidden && l.kind != LinkKind::MarkdownRef);
    for u in visible.filter_map(|(_, u)| u.as_ref()) {
        let words = u.host_words.iter().chain(u.path_words.iter());
        if count_lex(words, topic).0 > 0 {
            continue;
        }
        *counts.entry(u.domain.as_str()).or_default() += 1;
    }
    let total: usize = counts.values().sum();
    let (domain, count) = counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))?;
    (count >= 3 && count * 4 >= total).then(|| domain.to_string())
}

/// Spam-vocabulary terms among `words` (in order), strong and weak: single words, and the
/// lexicon's two-word phrases whose words are not terms themselves ("free download full
/// version", `/keto-gummies/`). Words the page itself is about (an SEO guide linking to
/// "backlinks") do not count.
fn count_lex<'a>(words: impl Iterator<Item = &'a String>, topic: &Topic) -> (usize, usize) {
    let lexicon = Lexicon::get();
    let mut words = words.peekable();
    let mut strong = 0;
    let mut weak = 0;
    while let Some(w) = words.next() {
        let term = if topic.covers(w) {
            None
        } else if let Some(c) = lexicon.word(w) {
            Some(c)
        } else {
            // Most words begin no phrase: that lookup comes first.
            let phrase = words.peek().and_then(|n| {
                lexicon
                    .phrase(w, n)
                    .filter(|_| !topic.covers(n) && lexicon.word(n).is_none())
            });
            if phrase.is_some() {
                words.next();
            }
            phrase
        };
        match term {
            Some(c) if Lexicon::is_strong(c) => strong += 1,
            Some(_) => weak += 1,
            None => {}
        }
    }
    (strong, weak)
}

/// Number of capitalised words in a slug shape such as `Cap-Cap-Cap`.
fn slug_caps(shape: &str) -> usize {
    shape
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| *p == "Cap")
        .count()
}

pub use crate::tokens::words_of;

/// Text with `<…>` tags removed (anchors of HTML links may hold `<b>` and similar).
pub(super) fn strip_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether each link sits inside prose (words on both sides) and near the document's end.
fn link_positions(
    doc: &Document,
    structure: &Structure,
    tokens: &[Token],
    links: &mut [LinkFacts],
) {
    let len = doc.text.len().max(1);
    let mut first_token: Vec<Option<usize>> = vec![None; links.len()];
    let mut last_token: Vec<Option<usize>> = vec![None; links.len()];
    for (i, t) in tokens.iter().enumerate() {
        if let Some(l) = t.link {
            first_token[l].get_or_insert(i);
            last_token[l] = Some(i);
        }
    }
    let is_prose = |i: usize| {
        tokens
            .get(i)
            .is_some_and(|t| t.link.is_none() && !t.markup && !t.word.is_empty())
    };
    for (li, f) in links.iter_mut().enumerate() {
        let link = &structure.links[li];
        f.near_end = link.range.start as f64 / len as f64 > 0.85;
        if let (Some(a), Some(b)) = (first_token[li], last_token[li]) {
            // A lone bracket or dash between the link and the words ("sad ( URL white")
            // does not take the link out of the sentence.
            let punct = |i: usize| {
                tokens
                    .get(i)
                    .is_some_and(|t| t.link.is_none() && !t.markup && t.word.is_empty())
            };
            let before = match a.checked_sub(1) {
                Some(p) if punct(p) => p.checked_sub(1),
                other => other,
            };
            let after = if punct(b + 1) { b + 2 } else { b + 1 };
            f.prose_before = before.is_some_and(is_prose);
            f.in_prose = f.prose_before && is_prose(after);
            let before_text = doc.text[..link.range.start].trim_end();
            f.after_paren = before_text.ends_with('(');
        }
    }
}

/// Group links that follow each other with nothing but whitespace, markup and separators
/// between them: appended link lists and hidden link farms.
fn link_runs(text: &str, structure: &Structure, links: &mut [LinkFacts]) {
    let n = structure.links.len();
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n
            && is_separator(
                text,
                structure,
                structure.links[end - 1].range.end,
                structure.links[end].range.start,
            )
        {
            end += 1;
        }
        let mut domains: Vec<&str> = links[start..end]
            .iter()
            .filter_map(|f| f.url.as_ref().map(|u| u.domain.as_str()))
            .collect();
        domains.sort_unstable();
        domains.dedup();
        let distinct = domains.len();
        let all_foreign = links[start..end].iter().all(|f| !f.same_site);
        // A site's own menu may link its dating or betting section; only foreign spam counts.
        let foreign_spam = |f: &LinkFacts| f.spammy && !f.same_site;
        let spammy = links[start..end].iter().filter(|f| foreign_spam(f)).count();
        for f in &mut links[start..end] {
            f.run_len = end - start;
            f.run_start = start;
            f.run_distinct_domains = distinct;
            f.run_all_foreign = all_foreign;
            f.run_other_spammy = spammy - usize::from(foreign_spam(f));
        }
        start = end;
    }
}

fn is_separator(text: &str, structure: &Structure, from: usize, to: usize) -> bool {
    if to < from || to - from > 400 {
        return false;
    }
    let gap = &text[from..to];
    let mut prose = String::new();
    let mut in_tag = false;
    for c in gap.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => prose.push(c),
            _ => {}
        }
    }
    let _ = structure;
    prose.chars().all(|c| {
        c.is_whitespace() || matches!(c, '|' | ',' | '-' | '*' | '+' | '·' | '•' | '/' | '.')
    })
}
