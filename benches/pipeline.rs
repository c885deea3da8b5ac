//! Micro-benchmarks of every inference stage, per MB of input, on plain text and HTML:
//! parsing the document structure, tokenising, feature extraction, scoring, decoding, and
//! the whole detection. Inputs are built from the project's own fixtures (no shared data
//! needed), repeated to about 1 MB so that per-document overheads do not dominate.
//!
//! Run with `cargo bench --bench pipeline`; criterion reports throughput in bytes/s.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use spamspan::detect::Detector;
use spamspan::document::{Document, Format};
use spamspan::features;
use spamspan::model::Model;
use spamspan::scores;
use spamspan::spans::{self, DecodeParams};
use spamspan::tokens;

const TARGET_BYTES: usize = 1 << 20;

/// A ~1 MB document made of the fixtures of one format, repeated.
fn input(format: Format) -> Document {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/");
    let names: &[&str] = match format {
        Format::Html => &["clean_page.html", "hidden_block.html", "link_list.html"],
        _ => &[
            "spun_news_injected.txt",
            "new_jersey.txt",
            "forum_bbcode.txt",
            "clean_links.md",
            "shopping_guide.md",
        ],
    };
    let parts: Vec<String> = names
        .iter()
        .map(|n| std::fs::read_to_string(format!("{dir}{n}")).expect("fixture"))
        .collect();
    let mut text = String::with_capacity(TARGET_BYTES + 64 * 1024);
    while text.len() < TARGET_BYTES {
        for p in &parts {
            text.push_str(p);
            text.push('\n');
        }
    }
    Document::new("bench", text, Some(format))
}

/// A ~1 MB page that is nothing but links (markdown, BBCode, bare URLs), hidden link
/// blocks (HTML) or, on one line, spam phrases between the words of a sentence (text):
/// where a scan per link, block or span would turn quadratic.
fn dense(format: Format) -> Document {
    let mut text = String::with_capacity(TARGET_BYTES + 1024);
    let mut i = 0;
    while text.len() < TARGET_BYTES {
        let item = match format {
            Format::Html => format!(
                "<div style=\"display:none\"><a href=\"http://s{i}.example.com/x\">w{i}</a></div>\
                 <p>text {i} here</p>"
            ),
            Format::Text => {
                format!("the council met on day {i} Cheap Nike Air Max Outlet to vote and ")
            }
            _ => format!(
                "[w{i}](http://s{i}.example.com/x) see www.b{i}.com/p \
                 [url=http://c{i}.example.com]c[/url] "
            ),
        };
        text.push_str(&item);
        i += 1;
    }
    Document::new("dense", text, Some(format))
}

fn stages(c: &mut Criterion) {
    let model = Model::embedded().expect("embedded model");
    let detector = Detector::new(model.clone()).expect("detector");
    let config = model.config.clone();
    let inputs = [
        ("plain", input(Format::Text)),
        ("html", input(Format::Html)),
        ("links-dense", dense(Format::Markdown)),
        ("hidden-dense", dense(Format::Html)),
        ("spans-dense", dense(Format::Text)),
    ];
    for (name, doc) in inputs {
        let bytes = doc.text.len() as u64;
        let mut group = c.benchmark_group(format!("stage/{name}"));
        group.throughput(Throughput::Bytes(bytes));
        group.sample_size(10);

        group.bench_function(BenchmarkId::new("structure", bytes), |b| {
            b.iter(|| doc.structure())
        });
        let structure = doc.structure();
        group.bench_function(BenchmarkId::new("tokenize", bytes), |b| {
            b.iter(|| tokens::tokenize(&doc.text, &structure))
        });
        group.bench_function(BenchmarkId::new("extract", bytes), |b| {
            b.iter(|| features::extract_rows(&doc, &config, &model.fluency))
        });
        let (ex, rows) = features::extract_rows(&doc, &config, &model.fluency);
        group.bench_function(BenchmarkId::new("score", bytes), |b| {
            b.iter(|| scores::token_probabilities(&model, &rows))
        });
        let probs = scores::token_probabilities(&model, &rows);
        let params = DecodeParams::new(model.threshold);
        group.bench_function(BenchmarkId::new("decode", bytes), |b| {
            b.iter(|| spans::decode(&doc.text, &ex, &probs, params))
        });
        group.bench_function(BenchmarkId::new("detect", bytes), |b| {
            b.iter(|| detector.detect(&doc))
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
