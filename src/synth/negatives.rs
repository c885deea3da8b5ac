//! Hard negatives and noise, applied to clean and injected documents alike and never
//! labelled, so that none of them tells a document's class:
//!
//! 1. spinning (see `spin`);
//! 2. legitimate links: a phrase of the page linked to a page about that phrase on the
//!    page's own site or a reference, government or news site — the same shape as a link
//!    wheel, told apart only by where it points;
//! 3. clean sentences that mention jerseys, casinos, loans or drugs legitimately.

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::domains::slug_lower;
use super::edit::{self, Splice};
use super::inject::Slot;
use super::inject_text::esc;
use super::prose::{self, Slots};
use super::vocab::Vocab;
use super::{spin, NoiseRates};
use crate::document::Format;
use crate::io::LabelledDoc;

pub(crate) const SPIN: &str = "spin";
pub(crate) const LEGIT_LINKS: &str = "legit_links";
pub(crate) const MENTIONS: &str = "mentions";

/// Apply each kind of noise with its rate; returns the new document and the kinds applied.
/// Existing spans are kept (shifted) and never written into.
pub(crate) fn add_noise(
    doc: &LabelledDoc,
    vocab: &Vocab,
    rng: &mut ChaCha8Rng,
    rates: NoiseRates,
) -> (LabelledDoc, Vec<&'static str>) {
    let text = doc.text.as_str();
    let format = doc.format.unwrap_or_else(|| Format::detect(text));
    let slots = prose::slots(text, format);
    let (do_spin, do_links, do_mentions) = (
        rng.gen_bool(rates.spin),
        rng.gen_bool(rates.legit_links),
        rng.gen_bool(rates.mentions),
    );
    let mut splices: Vec<Splice> = Vec::new();
    let mut kinds = Vec::new();
    if do_spin {
        let s = spin::spin(text, &slots, vocab, rng);
        if !s.is_empty() {
            splices.extend(s);
            kinds.push(SPIN);
        }
    }
    if do_links {
        let host = doc.url.as_deref().and_then(host_of_url);
        let lang = guess_lang(doc.url.as_deref(), text, format);
        let s = legit_links(text, format, &slots, vocab, host, &lang, &splices, rng);
        if !s.is_empty() {
            splices.extend(s);
            kinds.push(LEGIT_LINKS);
        }
    }
    if do_mentions {
        let lang = guess_lang(doc.url.as_deref(), text, format);
        let s = mentions(text, format, &slots, vocab, &lang, rng);
        if !s.is_empty() {
            splices.extend(s);
            kinds.push(MENTIONS);
        }
    }
    if splices.is_empty() {
        return (doc.clone(), kinds);
    }
    let kept = edit::kept_spans(doc);
    let applied = edit::apply(text, splices, &kept);
    let spans = doc.spans.as_ref().map(|_| applied.spans);
    (
        LabelledDoc {
            text: applied.text,
            spans,
            ..doc.clone()
        },
        kinds,
    )
}

/// The host of a URL ("https://digital.gov/x" → "digital.gov").
pub(crate) fn host_of_url(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#', ':']).next()?;
    (!host.is_empty()).then_some(host)
}

/// A language code for reference links and clean sentences: from the URL's country domain
/// or the page's `<html lang>`, English otherwise.
fn guess_lang(url: Option<&str>, text: &str, format: Format) -> String {
    if let Some(host) = url.and_then(host_of_url) {
        let tld = host.rsplit('.').next().unwrap_or("");
        let lang = match tld {
            "de" | "at" => "de",
            "es" | "mx" | "ar" => "es",
            "it" => "it",
            "fr" => "fr",
            "pt" | "br" => "pt",
            "id" => "id",
            "ru" => "ru",
            "tr" => "tr",
            "cn" | "tw" => "zh",
            _ => "",
        };
        if !lang.is_empty() {
            return lang.into();
        }
    }
    if format == Format::Html {
        let head: String = text
            .chars()
            .take(2000)
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(i) = head.find("<html") {
            if let Some(j) = head[i..].find("lang=") {
                let v: String = head[i + j + 5..]
                    .chars()
                    .skip_while(|c| *c == '"' || *c == '\'')
                    .take(2)
                    .collect();
                if v.len() == 2 && v.chars().all(|c| c.is_ascii_lowercase()) {
                    return v;
                }
            }
        }
    }
    "en".into()
}

/// Legitimate links on 1–3 phrases of the page (proper nouns preferred).
#[allow(clippy::too_many_arguments)]
fn legit_links<R: Rng>(
    text: &str,
    format: Format,
    slots: &Slots,
    vocab: &Vocab,
    host: Option<&str>,
    lang: &str,
    taken: &[Splice],
    rng: &mut R,
) -> Vec<Splice> {
    let free = |a: usize, b: usize, out: &[Splice]| {
        taken
            .iter()
            .chain(out)
            .all(|s| b + 2 <= s.start || s.end + 2 <= a)
    };
    let words: Vec<(usize, usize)> = slots
        .words
        .iter()
        .copied()
        .filter(|&(a, b)| text[a..b].chars().count() >= 4)
        .collect();
    let capitalised: Vec<(usize, usize)> = words
        .iter()
        .copied()
        .filter(|&(a, _)| text[a..].chars().next().is_some_and(char::is_uppercase))
        .collect();
    let mut out = Vec::new();
    for _ in 0..rng.gen_range(1..=3) {
        let pool = if !capitalised.is_empty() && rng.gen_bool(0.6) {
            &capitalised
        } else {
            &words
        };
        let Some(&(a, mut b)) = pool.choose(rng) else {
            break;
        };
        // Two capitalised words in a row make one name ("Digital Service").
        if let Some(&(a2, b2)) = capitalised.iter().find(|&&(a2, _)| a2 == b + 1) {
            if text.as_bytes().get(b) == Some(&b' ') && capitalised.contains(&(a, b)) && a2 > b {
                b = b2;
            }
        }
        if !free(a, b, &out) {
            continue;
        }
        let phrase = &text[a..b];
        let Some(url) = reference_url(phrase, vocab, host, lang, format, rng) else {
            continue;
        };
        let element = match format {
            Format::Markdown => format!("[{phrase}]({url})"),
            Format::Html => format!("<a href=\"{}\">{phrase}</a>", esc(&url)),
            Format::Text => format!("{phrase} ({url})"),
        };
        out.push(Splice::replace(a, b, element));
    }
    out
}

/// A URL about `phrase` on a reference, government, news or blog site, or the page's own.
fn reference_url<R: Rng>(
    phrase: &str,
    vocab: &Vocab,
    host: Option<&str>,
    lang: &str,
    format: Format,
    rng: &mut R,
) -> Option<String> {
    let slug = slug_lower(phrase);
    let kind = match rng.gen_range(0..100) {
        0..=34 if host.is_some() => "own",
        0..=9 if format != Format::Text => "relative",
        0..=54 => "reference",
        55..=72 => "gov",
        73..=88 => "news",
        // Somebody's blog post on the phrase: a small foreign site, as a wheel's target is.
        _ => "blog",
    };
    let kind = if slug.is_empty() { "reference" } else { kind };
    let templates: Vec<&String> = vocab
        .references
        .iter()
        .filter(|(k, _)| k == kind)
        .map(|(_, t)| t)
        .collect();
    let template = if slug.is_empty() {
        templates.iter().find(|t| t.contains("{Title}")).copied()?
    } else {
        *templates.choose(rng)?
    };
    let mut title: String = phrase.replace(' ', "_");
    if let Some(f) = title.chars().next() {
        title = f.to_uppercase().chain(title.chars().skip(1)).collect();
    }
    let plus = phrase.split_whitespace().collect::<Vec<_>>().join("+");
    // Dated permalinks and numeric ids: a blog's or newspaper's own shapes, which link
    // wheels borrow; drawn every time so that the template alone never tells the two apart.
    let (year, month, day, id) = (
        rng.gen_range(2008..2025).to_string(),
        format!("{:02}", rng.gen_range(1..13)),
        format!("{:02}", rng.gen_range(1..29)),
        rng.gen_range(10..99_999).to_string(),
    );
    Some(
        template
            .replace("{yyyy}", &year)
            .replace("{mm}", &month)
            .replace("{dd}", &day)
            .replace("{n}", &id)
            .replace("{lang}", lang)
            .replace("{Title}", &title)
            .replace("{slug}", &slug)
            .replace("{plus}", &plus)
            .replace("{host}", host.unwrap_or("example.org"))
            .replace("{blog}", &super::domains::blog_host(vocab, rng)),
    )
}

/// 1–2 clean sentences with spam-like words, between sentences or as their own paragraph.
fn mentions(
    text: &str,
    format: Format,
    slots: &Slots,
    vocab: &Vocab,
    lang: &str,
    rng: &mut ChaCha8Rng,
) -> Vec<Splice> {
    let mut out = Vec::new();
    for _ in 0..rng.gen_range(1..=2) {
        let Some(sentence) = vocab.mention(Some(lang), rng) else {
            break;
        };
        let slot = if rng.gen_bool(0.5) {
            Slot::SentenceStart
        } else {
            Slot::Block
        };
        let list = match slot {
            Slot::SentenceStart => &slots.sentence_starts,
            _ => &slots.blocks,
        };
        let Some(&p) = list.choose(rng) else { continue };
        if out.iter().any(|s: &Splice| s.start == p) {
            continue;
        }
        let shown = if format == Format::Html {
            esc(&sentence)
        } else {
            sentence
        };
        let piece = match (slot, format) {
            (Slot::SentenceStart, _) => format!("{shown} "),
            (_, Format::Html) => format!("\n<p>{shown}</p>"),
            _ if text.as_bytes().get(p) == Some(&b'\n') => format!("\n{shown}\n"),
            _ => format!("{shown}\n"),
        };
        out.push(Splice::insert(p, piece));
    }
    out
}
