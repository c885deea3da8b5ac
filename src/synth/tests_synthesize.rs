//! Tests of `synthesize` on a tiny shared directory written to the system temp folder, so
//! that they pass without the real shared data.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::tests::{chars_of, html_text, markdown_text, text_text};
use super::*;
use crate::io::LabelledDoc;

/// A tiny shared directory in the system temp folder.
struct FakeShared(PathBuf);

impl FakeShared {
    fn new(name: &str) -> FakeShared {
        let root =
            std::env::temp_dir().join(format!("spamspan-synth-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let w = |rel: &str, body: String| {
            let p = root.join(rel);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).expect("temp dir");
            }
            std::fs::write(p, body).expect("temp file");
        };
        let mut news = String::new();
        for i in 0..14 {
            let rec = serde_json::json!({"path": format!("content/news/2020/01/2020-01-0{}-post-{i}.md", i % 9 + 1),
                "date": "2020-01-02 10:00:00 -0400", "slug": if i == 3 { None } else { Some(format!("post-{}", i % 12)) },
                "markdown": if i == 5 { String::new() } else { markdown_text() }});
            news.push_str(&format!("{rec}\n"));
        }
        w("corpora/digitalgov_news/news.jsonl", news);
        let mut dolma = String::new();
        for i in 0..9 {
            let rec = serde_json::json!({"id": format!("d{i}"), "url": format!("http://blog{i}.example.de/p"), "text": text_text()});
            dolma.push_str(&format!("{rec}\n"));
        }
        w("corpora/dolma_cc_by_sa/cc.jsonl", dolma);
        let mut pages = String::new();
        for i in 0..6 {
            let rec = serde_json::json!({"id": format!("readability-{i}"), "format": "html", "text": html_text()});
            pages.push_str(&format!("{rec}\n"));
        }
        w("corpora/readability_pages/pages.jsonl", pages);
        let hosts: Vec<String> = (0..300).map(|i| format!("spam-host-{i}.ru")).collect();
        w(
            "spam_vocab/referrer_spam_list/spammers.txt",
            hosts.join("\n"),
        );
        let hosts_file = |p: &str| -> String {
            let mut s = "# Title: test\n".to_string();
            for i in 0..400 {
                s.push_str(&format!("0.0.0.0 {p}-{i}.com\n"));
            }
            s
        };
        w(
            "spam_vocab/blocklistproject_domains/scam.hosts.txt",
            hosts_file("scam"),
        );
        w(
            "spam_vocab/blocklistproject_domains/drugs.hosts.txt",
            hosts_file("cheap-pills"),
        );
        w(
            "spam_vocab/youtube_spam_collection/Youtube01.csv",
            "COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n\
            a,b,c,\"Hey guys, check out my new channel and subscribe please!\",1\n\
            a,b,c,\"I love this song so much, it is great\",0\n"
                .to_string(),
        );
        FakeShared(root)
    }

    fn config(&self, seed: u64) -> SynthConfig {
        SynthConfig {
            shared_dir: self.0.clone(),
            seed,
            ..SynthConfig::default()
        }
    }
}

impl Drop for FakeShared {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn synthesize_is_deterministic_complete_and_split_by_domain() {
    let shared = FakeShared::new("full");
    let a = synthesize(&shared.config(1)).expect("synth");
    let b = synthesize(&shared.config(1)).expect("synth");
    assert_eq!(a, b);
    let c = synthesize(&shared.config(2)).expect("synth");
    assert_ne!(a.train, c.train);

    // Every non-empty document once, ids unique, clean ones labelled clean.
    let all: Vec<&LabelledDoc> = a.train.iter().chain(&a.heldout).collect();
    assert_eq!(all.len(), 13 + 9 + 6);
    let ids: BTreeSet<&str> = all.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids.len(), all.len());
    assert_eq!(
        a.summary.get("corpus.digitalgov_news.skipped_empty"),
        Some(&1)
    );
    assert!(!a.heldout.is_empty() && !a.train.is_empty());
    let injected = all
        .iter()
        .filter(|d| d.spans.as_ref().is_some_and(|s| !s.is_empty()))
        .count();
    assert!(injected > 0 && injected < all.len());
    assert!(all.iter().all(|d| d.spans.is_some()));

    // Held-out documents link only held-out domains and train documents only train ones.
    for (docs, heldout) in [(&a.train, false), (&a.heldout, true)] {
        for d in docs.iter() {
            let meta = d.meta.as_ref().expect("meta");
            assert!(meta["corpus"].is_string());
            let spam_domains: Vec<&str> = meta["spam_domains"]
                .as_array()
                .expect("list")
                .iter()
                .filter_map(|v| v.as_str())
                .collect();
            for host in &spam_domains {
                assert_eq!(
                    domains::domain_is_heldout(host, 0.2),
                    heldout,
                    "{host} in the wrong split"
                );
            }
            let texts: Vec<String> = d
                .spans
                .iter()
                .flatten()
                .map(|s| chars_of(&d.text, s))
                .collect();
            for t in texts
                .iter()
                .filter(|t| t.contains("http") || t.contains("www."))
            {
                assert!(
                    spam_domains.iter().any(|h| t.contains(h)),
                    "span {t:?} links a domain not in meta"
                );
            }
            for host in &spam_domains {
                assert!(
                    texts.iter().any(|t| t.contains(host)),
                    "{host} in meta but in no span"
                );
            }
        }
    }
}

#[test]
fn missing_shared_dir_gives_a_clear_error() {
    let cfg = SynthConfig {
        shared_dir: PathBuf::from("/nonexistent/spamspan-shared"),
        ..SynthConfig::default()
    };
    let err = synthesize(&cfg).expect_err("must fail");
    let msg = err.to_string();
    assert!(
        msg.contains("/nonexistent/spamspan-shared")
            && msg.contains("SPAMSPAN_SHARED")
            && msg.contains("--shared"),
        "{msg}"
    );

    let shared = FakeShared::new("partial");
    let list = shared.0.join("spam_vocab/referrer_spam_list/spammers.txt");
    std::fs::remove_file(&list).expect("remove");
    let err = synthesize(&shared.config(1)).expect_err("must fail");
    assert!(
        matches!(&err, SynthError::Missing { path } if path == &list),
        "{err}"
    );
    assert!(err.to_string().contains("spammers.txt"));

    let bad = SynthConfig {
        heldout_share: 1.5,
        ..shared.config(1)
    };
    assert!(matches!(synthesize(&bad), Err(SynthError::Config(_))));
}

#[test]
fn max_docs_limits_each_corpus() {
    let shared = FakeShared::new("max");
    let out = synthesize(&SynthConfig {
        max_docs_per_corpus: 2,
        ..shared.config(3)
    })
    .expect("synth");
    assert_eq!(out.train.len() + out.heldout.len(), 6);
}

/// The real shared directory, for eyeballing and counts:
/// `SPAMSPAN_SHARED=/path/to/shared cargo test --release synth_real -- --ignored --nocapture`.
#[test]
#[ignore]
fn synth_real_shared_dir() {
    let dir = std::env::var("SPAMSPAN_SHARED").unwrap_or_else(|_| "../shared".into());
    let out = synthesize(&SynthConfig {
        shared_dir: dir.into(),
        ..SynthConfig::default()
    })
    .expect("synth");
    for (k, v) in &out.summary {
        println!("{k}\t{v}");
    }
    assert!(!out.train.is_empty() && !out.heldout.is_empty());
}
