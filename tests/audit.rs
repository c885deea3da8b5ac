//! End-to-end runs of `spamspan audit` through the binary: counts on the mixed-format crawl
//! fixture, the exact host and spam-domain tables of `tests/fixtures/audit`, exit codes,
//! the `--output` records, pipe mode's one-line-in, one-line-out contract, and the HTML
//! report (rendered in headless Chromium when it is installed).
//!
//! `tests/fixtures/audit` holds eight pages on two hosts plus one without a URL: three
//! carry appended lists of five or six unmistakable spam links (cheap jerseys on both
//! hosts, pills on one), the others are clean pages with ordinary links. Its injected
//! pages link only within their own site otherwise, so the expected tables do not hang on
//! the model's judgement of borderline citations.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

fn spamspan() -> Command {
    Command::cargo_bin("spamspan").expect("binary built")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

fn run(args: &[&str]) -> Output {
    spamspan().arg("audit").args(args).output().expect("runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The number after `label:` in the printed summary.
fn count(summary: &str, label: &str) -> u64 {
    let line = summary
        .lines()
        .find(|l| l.starts_with(&format!("{label}:")))
        .unwrap_or_else(|| panic!("no `{label}` in\n{summary}"));
    line[label.len() + 1..]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("bad line {line:?}"))
}

/// The rows of the printed table whose header starts with `header`, whitespace collapsed.
fn table(summary: &str, header: &str) -> Vec<String> {
    summary
        .lines()
        .skip_while(|l| !l.starts_with(header))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn the_mixed_crawl_is_read_whole_and_its_errors_counted_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("out.jsonl");
    let out = run(&[arg(&fixture("crawl/mixed")), "-o", arg(&records)]);
    let summary = stdout(&out);
    // Two unreadable records (a cut JSON line, a truncated gzip stream) and one binary
    // file; everything else is audited, and the run says so with status 2.
    assert_eq!(out.status.code(), Some(2), "{summary}\n{}", stderr(&out));
    assert_eq!(count(&summary, "pages scanned"), 38, "{summary}");
    assert_eq!(count(&summary, "errors"), 2);
    assert_eq!(count(&summary, "skipped"), 1);
    assert_eq!(jsonl(&fs::read_to_string(&records).unwrap()).len(), 38);
    // One stderr line per problem, naming the file and the line.
    let problems: Vec<String> = stderr(&out).lines().map(str::to_string).collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].contains("bad_line.jsonl (line 2): not a JSON object"));
    assert!(problems[1].contains("image.png (whole file): skipped"));
    assert!(problems[2].contains("truncated.jsonl.gz (line "));
}

#[test]
fn the_audit_fixture_gives_exact_host_and_spam_domain_tables() {
    let out = run(&[arg(&fixture("audit"))]);
    let summary = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{summary}\n{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert_eq!(count(&summary, "pages scanned"), 8, "{summary}");
    assert_eq!(count(&summary, "pages with injection"), 3);
    assert_eq!(count(&summary, "spans"), 17);
    assert!(summary.contains("spans:                  17 (link_list 17)"));
    assert_eq!(count(&summary, "errors"), 0);
    assert_eq!(count(&summary, "skipped"), 0);
    assert_eq!(
        table(&summary, "host"),
        [
            "blog.example.org 4 2",
            "news.example.com 3 1",
            "(no url) 1 0"
        ]
    );
    assert_eq!(
        table(&summary, "spam domain"),
        [
            r#"cheap-jerseys-outlet.com 12 2 2 "cheap nfl jerseys", "wholesale jerseys from china", "authentic nike jerseys cheap""#,
            r#"pharma-pills.biz 5 1 1 "buy viagra online", "cheap cialis without prescription", "order levitra online""#,
        ]
    );
}

#[test]
fn the_result_does_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let path = dir.path().join(format!("out-{threads}.jsonl"));
        let out = run(&[
            arg(&fixture("audit")),
            arg(&fixture("crawl/mixed")),
            "--threads",
            threads,
            "-q",
            "-o",
            arg(&path),
        ]);
        assert_eq!(out.status.code(), Some(2));
        outputs.push(fs::read_to_string(&path).unwrap());
    }
    assert_eq!(outputs[0], outputs[1]);
}

#[test]
fn fail_on_spam_sets_the_exit_code() {
    let audit = fixture("audit");
    let spam = run(&[arg(&audit), "--fail-on-spam", "-q"]);
    assert_eq!(spam.status.code(), Some(1));
    assert_eq!(stdout(&spam), "", "--quiet prints no summary");
    let clean = run(&[
        arg(&audit.join("blog/bread.html")),
        arg(&audit.join("notes.txt")),
        "--fail-on-spam",
    ]);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    assert_eq!(count(&stdout(&clean), "pages with injection"), 0);
    let missing = run(&[arg(&audit.join("no-such-file.jsonl")), "--fail-on-spam"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no-such-file.jsonl (whole file): cannot open"));
    let no_model = run(&[arg(&audit), "--model", "/nonexistent/model.spamspan"]);
    assert_eq!(no_model.status.code(), Some(2));
    assert!(stderr(&no_model).contains("cannot load model"));
    let usage = run(&["--pipe", arg(&audit)]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn output_records_carry_prediction_and_provenance_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.jsonl");
    let out = run(&[arg(&fixture("audit")), "-q", "-o", arg(&path)]);
    assert_eq!(out.status.code(), Some(0));
    let records = jsonl(&fs::read_to_string(&path).unwrap());
    assert_eq!(records.len(), 8);
    for r in &records {
        for field in [
            "id",
            "spans",
            "doc_score",
            "url",
            "host",
            "source",
            "spam_domains",
        ] {
            assert!(r.get(field).is_some(), "no {field} in {r}");
        }
    }
    let tomatoes = records
        .iter()
        .find(|r| r["id"] == "blog-tomatoes")
        .expect("blog-tomatoes");
    assert_eq!(tomatoes["host"], "blog.example.org");
    assert_eq!(
        tomatoes["url"],
        "https://blog.example.org/2024/balcony-tomatoes"
    );
    assert!(tomatoes["source"]
        .as_str()
        .unwrap()
        .ends_with("posts.jsonl"));
    assert_eq!(
        tomatoes["spam_domains"],
        serde_json::json!(["pharma-pills.biz"])
    );
    let spans = tomatoes["spans"].as_array().unwrap();
    assert_eq!(spans.len(), 5);
    assert_eq!(
        spans[0]["text"],
        "- [buy viagra online](http://pharma-pills.biz/viagra)"
    );
    assert!(spans[0].get("explain").is_none());
    let notes = records
        .iter()
        .find(|r| r["source"].as_str().unwrap().ends_with("notes.txt"));
    let notes = notes.expect("notes.txt");
    assert_eq!(
        (notes["url"].clone(), notes["host"].clone()),
        (Value::Null, Value::Null)
    );
    assert_eq!(notes["spans"], serde_json::json!([]));

    // `-o -` writes the records to stdout and nothing else; --explain adds explanations.
    let out = run(&[
        arg(&fixture("audit/blog/posts.jsonl")),
        "--explain",
        "-o",
        "-",
    ]);
    let records = jsonl(&stdout(&out));
    assert_eq!(records.len(), 2);
    assert!(records[0]["spans"][0]["explain"]
        .as_array()
        .is_some_and(|e| !e.is_empty()));
}

#[test]
fn layout_and_field_options_reach_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    // No suffix, other field names: read as JSONL only because --format says so.
    let path = dir.path().join("dump");
    fs::write(
        &path,
        "{\"key\": \"k1\", \"doc\": {\"body\": \"Bread needs time.\"}}\n{\"key\": \"k2\", \"doc\": {\"body\": \"So does soup.\"}}\n",
    )
    .unwrap();
    let out = run(&[
        arg(&path),
        "--format",
        "jsonl",
        "--compression",
        "none",
        "--text-field",
        "doc.body",
        "--id-field",
        "key",
        "-o",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ids: Vec<Value> = jsonl(&stdout(&out))
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    assert_eq!(ids, ["k1", "k2"]);
    let bad = run(&[arg(&path), "--format", "pdf"]);
    assert_eq!(bad.status.code(), Some(2));
}

/// Pipe mode: one line out per line in, in order, whatever the line holds.
#[test]
fn pipe_mode_answers_every_line_in_order() {
    let spam = serde_json::json!({
        "id": "spam", "url": "https://blog.example.org/x", "format": "markdown",
        "text": "# Tomatoes\n\nWater them every morning.\n\n- [buy viagra online](http://pharma-pills.biz/viagra)\n- [cheap cialis without prescription](http://pharma-pills.biz/cialis)\n- [order levitra online](http://pharma-pills.biz/levitra)\n- [generic viagra 100mg](http://pharma-pills.biz/generic-viagra)\n- [online pharmacy no prescription](http://pharma-pills.biz/pharmacy)\n",
    });
    let mut lines = Vec::new();
    let mut expected = Vec::new();
    for i in 1..=700u64 {
        let line = match i % 100 {
            7 => "{\"id\": \"cut".to_string(),
            13 => String::new(),
            21 => "[1, 2]".to_string(),
            42 => spam.to_string(),
            _ => serde_json::json!({"id": format!("doc-{i}"), "text": format!("Plain note number {i} about bread.")}).to_string(),
        };
        expected.push(match i % 100 {
            7 | 13 | 21 => None,
            42 => Some("spam".to_string()),
            _ => Some(format!("doc-{i}")),
        });
        lines.push(line);
    }
    let input = lines.join("\n") + "\n";
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = spamspan()
            .args(["audit", "--pipe", "--threads", threads])
            .write_stdin(input.clone())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stderr(&out), "");
        outputs.push(stdout(&out));
    }
    assert_eq!(outputs[0], outputs[1]);
    let records = jsonl(&outputs[0]);
    assert_eq!(records.len(), 700, "records in = records out");
    for (n, (r, want)) in records.iter().zip(&expected).enumerate() {
        match want {
            Some(id) => {
                assert_eq!(r["id"].as_str(), Some(id.as_str()), "line {}", n + 1);
                assert!(r["doc_score"].is_number());
                let flagged = !r["spans"].as_array().unwrap().is_empty();
                assert_eq!(flagged, id == "spam", "line {}: {r}", n + 1);
            }
            None => {
                assert_eq!(r["line"], n + 1, "{r}");
                assert!(r["error"].is_string());
            }
        }
    }
    assert_eq!(records[41]["url"], "https://blog.example.org/x");
    assert_eq!(records[12]["error"], "blank line");

    // --jsonl-stdin is the same mode; a final line without a newline still gets an answer.
    let out = spamspan()
        .args(["audit", "--jsonl-stdin", "--fail-on-spam"])
        .write_stdin(format!("{{\"text\": \"a\"}}\n{spam}"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let records = jsonl(&stdout(&out));
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["id"], "-:1");
}

/// The number in the element with this id, in an HTML document.
fn element_number(html: &str, id: &str) -> u64 {
    let marker = format!("id=\"{id}\">");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no element #{id}"))
        + marker.len();
    html[at..]
        .split('<')
        .next()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("#{id} holds no number"))
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"].into_iter().find(|name| {
        std::process::Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn the_html_report_is_self_contained_and_shows_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    let out = run(&[
        arg(&fixture("audit")),
        arg(&fixture("crawl/mixed/image.png")),
        "-q",
        "--report",
        arg(&report),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = fs::read_to_string(&report).unwrap();
    for (id, n) in [
        ("pages-scanned", 8),
        ("pages-flagged", 3),
        ("spans-total", 17),
        ("errors", 0),
        ("skipped", 1),
        ("spans-kind-link_list", 17),
        ("flagged-shown", 3),
        ("flagged-omitted", 0),
    ] {
        assert_eq!(element_number(&html, id), n, "#{id}");
    }
    // Nothing to fetch: no scripts, stylesheets, images or fonts from anywhere.
    for needle in ["<script", "<link", " src=", "@import", "url("] {
        assert!(!html.contains(needle), "report contains {needle:?}");
    }
    // Crawl text is escaped: the injected list shows as source, marked, never as links.
    assert!(html.contains("<mark>&lt;li&gt;&lt;a href=&quot;http://cheap-jerseys-outlet.com/nike&quot;&gt;cheap nfl jerseys&lt;/a&gt;&lt;/li&gt;"));
    assert!(!html.contains("<a href=\"http://cheap-jerseys-outlet.com"));
    assert!(html.contains("data-host=\"blog.example.org\""));
    assert!(html.contains("<details><summary>features</summary>"));

    let Some(browser) = chromium() else {
        eprintln!("skipping: chromium not installed (the report was checked as text only)");
        return;
    };
    let url = format!("file://{}", report.display());
    let rendered = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--log-level=0",
            "--dump-dom",
            &url,
        ])
        .timeout(Duration::from_secs(120))
        .output()
        .expect("chromium runs");
    assert!(rendered.status.success(), "{}", stderr(&rendered));
    let dom = stdout(&rendered);
    for (id, n) in [
        ("pages-scanned", 8),
        ("pages-flagged", 3),
        ("spans-total", 17),
        ("errors", 0),
        ("skipped", 1),
    ] {
        assert_eq!(element_number(&dom, id), n, "#{id} in the rendered page");
    }
    assert_eq!(dom.matches("<article class=\"page\"").count(), 3);
    assert_eq!(dom.matches("<rect class=\"bar\"").count(), 2);
    // Console output (what a script error would print) is logged as CONSOLE lines.
    let log = stderr(&rendered);
    let console: Vec<&str> = log
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .collect();
    assert!(console.is_empty(), "browser console: {console:?}");
}
