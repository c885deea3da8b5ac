//! Reading the clean corpora of the shared directory into labelled-document records, in file
//! order (the order fixes the output, so it must never depend on directory listing order or
//! hashing).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::SynthError;
use crate::document::Format;
use crate::io::LabelledDoc;

pub(crate) const DIGITALGOV: &str = "digitalgov_news";
pub(crate) const DOLMA: &str = "dolma_cc_by_sa";
pub(crate) const READABILITY: &str = "readability_pages";

/// One corpus: its name, its documents, and how many records had no text (skipped).
pub(crate) type Corpus = (&'static str, Vec<LabelledDoc>, usize);

/// Every corpus with its documents: digitalgov (markdown), dolma (plain text, several
/// files), readability (HTML). `max` > 0 keeps the first `max` documents of each.
pub(crate) fn load_all(shared: &Path, max: usize) -> Result<Vec<Corpus>, SynthError> {
    let corpora = shared.join("corpora");
    let news = corpora.join(DIGITALGOV).join("news.jsonl");
    let pages = corpora.join(READABILITY).join("pages.jsonl");
    let dolma_dir = corpora.join(DOLMA);
    // Check everything before the long reads, so a wrong directory fails at once.
    for p in [&news, &pages] {
        if !p.is_file() {
            return Err(SynthError::Missing { path: p.clone() });
        }
    }
    let dolma_files = jsonl_files(&dolma_dir)?;
    let mut out = Vec::new();
    let (news_docs, news_skipped) = read_jsonl(&news, max, digitalgov_doc)?;
    out.push((DIGITALGOV, news_docs, news_skipped));
    let mut dolma = Vec::new();
    let mut dolma_skipped = 0;
    for f in &dolma_files {
        let (docs, skipped) = read_jsonl(f, 0, dolma_doc)?;
        dolma.extend(docs);
        dolma_skipped += skipped;
    }
    let mut seen = BTreeSet::new();
    dolma.retain(|d| seen.insert(d.id.clone()));
    if max > 0 {
        dolma.truncate(max);
    }
    out.push((DOLMA, dolma, dolma_skipped));
    let (pages_docs, pages_skipped) = read_jsonl(&pages, max, readability_doc)?;
    out.push((READABILITY, pages_docs, pages_skipped));
    for (_, docs, _) in &mut out {
        unique_ids(docs);
    }
    Ok(out)
}

/// The `*.jsonl` files of a folder, sorted by name; the folder must have at least one.
fn jsonl_files(dir: &Path) -> Result<Vec<PathBuf>, SynthError> {
    if !dir.is_dir() {
        return Err(SynthError::Missing {
            path: dir.to_path_buf(),
        });
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| SynthError::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(SynthError::Missing {
            path: dir.join("*.jsonl"),
        });
    }
    Ok(files)
}

/// Read a JSONL file with a record converter; records the converter rejects (no text) are
/// skipped and counted, lines that are not JSON objects are errors.
fn read_jsonl(
    path: &Path,
    max: usize,
    convert: fn(usize, &Value) -> Option<LabelledDoc>,
) -> Result<(Vec<LabelledDoc>, usize), SynthError> {
    let text = std::fs::read_to_string(path).map_err(|e| SynthError::io(path, e))?;
    let mut out = Vec::new();
    let mut skipped = 0;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).map_err(|e| SynthError::BadRecord {
            path: path.to_path_buf(),
            line: i + 1,
            detail: e.to_string(),
        })?;
        if !v.is_object() {
            return Err(SynthError::BadRecord {
                path: path.to_path_buf(),
                line: i + 1,
                detail: "not a JSON object".into(),
            });
        }
        match convert(i, &v) {
            Some(doc) => {
                out.push(doc);
                if max > 0 && out.len() >= max {
                    break;
                }
            }
            None => skipped += 1,
        }
    }
    Ok((out, skipped))
}

fn field<'a>(v: &'a Value, name: &str) -> Option<&'a str> {
    v.get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

fn doc(id: String, text: &str, format: Format, url: Option<String>) -> LabelledDoc {
    LabelledDoc {
        id,
        text: text.to_string(),
        format: Some(format),
        url,
        spans: None,
        meta: None,
    }
}

/// digitalgov: id from `slug` (else the file name of `path`), URL rebuilt from date + slug
/// as digital.gov publishes them, so that links to the site itself are recognisably local.
fn digitalgov_doc(line: usize, v: &Value) -> Option<LabelledDoc> {
    let text = field(v, "markdown")?;
    let from_path = field(v, "path")
        .and_then(|p| p.rsplit('/').next())
        .map(|f| {
            let stem = f.trim_end_matches(".md");
            // "2015-06-29-creating-a-report" → "creating-a-report"
            let parts: Vec<&str> = stem.splitn(4, '-').collect();
            let dated = parts.len() == 4
                && parts[..3]
                    .iter()
                    .all(|p| p.chars().all(|c| c.is_ascii_digit()));
            if dated {
                parts[3].to_string()
            } else {
                stem.to_string()
            }
        });
    let slug = field(v, "slug").map(String::from).or(from_path);
    let id = slug.clone().unwrap_or_else(|| format!("digitalgov-{line}"));
    let url = match (field(v, "date"), &slug) {
        (Some(date), Some(slug)) => match (date.get(0..4), date.get(5..7), date.get(8..10)) {
            (Some(y), Some(m), Some(d)) => Some(format!("https://digital.gov/{y}/{m}/{d}/{slug}/")),
            _ => None,
        },
        _ => None,
    };
    Some(doc(id, text, Format::Markdown, url))
}

fn dolma_doc(line: usize, v: &Value) -> Option<LabelledDoc> {
    let text = field(v, "text")?;
    let id = field(v, "id").map_or_else(|| format!("dolma-{line}"), String::from);
    Some(doc(
        id,
        text,
        Format::Text,
        field(v, "url").map(String::from),
    ))
}

/// readability: the URL from the page's canonical link or `og:url`, when it has one.
fn readability_doc(line: usize, v: &Value) -> Option<LabelledDoc> {
    let text = field(v, "text")?;
    let id = field(v, "id").map_or_else(|| format!("readability-{line}"), String::from);
    let url = field(v, "url")
        .map(String::from)
        .or_else(|| crate::document::canonical_url(text));
    Some(doc(id, text, Format::Html, url))
}

/// Make ids unique within a corpus: later duplicates get "-2", "-3", ….
fn unique_ids(docs: &mut [LabelledDoc]) {
    let mut seen = BTreeSet::new();
    for d in docs.iter_mut() {
        if !seen.insert(d.id.clone()) {
            let mut k = 2;
            while seen.contains(&format!("{}-{k}", d.id)) {
                k += 1;
            }
            d.id = format!("{}-{k}", d.id);
            seen.insert(d.id.clone());
        }
    }
}
