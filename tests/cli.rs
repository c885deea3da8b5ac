//! End-to-end runs of the `spamspan` binary on files: train → model file → detect/clean,
//! the embedded default model on hand-written fixtures, and errors people can act on.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn spamspan() -> Command {
    Command::cargo_bin("spamspan").expect("binary built")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/sample")
        .join(name)
}

fn expected_injections(name: &str) -> Vec<String> {
    let json: Value = serde_json::from_str(&fs::read_to_string(fixture(name)).unwrap()).unwrap();
    json["injected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn predictions(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn span_texts(prediction: &Value) -> Vec<String> {
    prediction["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().to_string())
        .collect()
}

fn train_sample_model(dir: &Path, seed: u64) -> PathBuf {
    let model = dir.join(format!("model-{seed}.spamspan"));
    spamspan()
        .args([
            "train",
            sample("train.jsonl").to_str().unwrap(),
            "--heldout",
        ])
        .arg(sample("test.jsonl"))
        .args(["--seed", &seed.to_string(), "-o"])
        .arg(&model)
        .assert()
        .success();
    model
}

#[test]
fn trained_model_is_read_by_detect_and_identical_for_the_same_seed() {
    let dir = tempfile::tempdir().unwrap();
    let a = train_sample_model(dir.path(), 7);
    let b = fs::read(&a).unwrap();
    fs::rename(&a, dir.path().join("first.spamspan")).unwrap();
    let again = train_sample_model(dir.path(), 7);
    assert_eq!(
        b,
        fs::read(&again).unwrap(),
        "same seed and data must give the same bytes"
    );

    let out = spamspan()
        .args(["detect", "--model"])
        .arg(&again)
        .arg(sample("test.jsonl"))
        .assert()
        .success();
    let preds = predictions(&out.get_output().stdout);
    assert_eq!(
        preds.len(),
        20,
        "one prediction per input document, in order"
    );
    assert_eq!(
        preds[0]["id"],
        serde_json::from_str::<Value>(
            fs::read_to_string(sample("test.jsonl"))
                .unwrap()
                .lines()
                .next()
                .unwrap()
        )
        .unwrap()["id"]
    );
    for p in &preds {
        let score = p["doc_score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score));
    }
}

#[test]
fn corrupted_and_foreign_model_files_are_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let model = train_sample_model(dir.path(), 3);
    let mut bytes = fs::read(&model).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    let corrupt = dir.path().join("corrupt.spamspan");
    fs::write(&corrupt, &bytes).unwrap();
    spamspan()
        .args(["detect", "--model"])
        .arg(&corrupt)
        .arg(fixture("new_jersey.txt"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("corrupt").and(predicate::str::contains("corrupt.spamspan")),
        );

    let truncated = dir.path().join("truncated.spamspan");
    fs::write(&truncated, &bytes[..40]).unwrap();
    spamspan()
        .args(["model", "inspect", "--model"])
        .arg(&truncated)
        .assert()
        .code(2);

    spamspan()
        .args(["detect", "--model"])
        .arg(fixture("new_jersey.txt"))
        .arg(fixture("new_jersey.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a spamspan model"));
}

#[test]
fn csv_training_input_works() {
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("train.csv");
    let mut writer = csv::Writer::from_path(&csv_path).unwrap();
    writer.write_record(["id", "text", "spans"]).unwrap();
    for line in fs::read_to_string(sample("train.jsonl")).unwrap().lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        writer
            .write_record([
                v["id"].as_str().unwrap(),
                v["text"].as_str().unwrap(),
                &v["spans"].to_string(),
            ])
            .unwrap();
    }
    writer.flush().unwrap();
    let model = dir.path().join("csv.spamspan");
    spamspan()
        .arg("train")
        .arg(&csv_path)
        .arg("-o")
        .arg(&model)
        .assert()
        .success();
    spamspan()
        .args(["model", "inspect", "--model"])
        .arg(&model)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("most positive features")
                .and(predicate::str::contains("train_documents: 40")),
        );
}

#[test]
fn bad_jsonl_line_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bad.jsonl");
    fs::write(
        &input,
        "{\"id\":\"a\",\"text\":\"fine\",\"spans\":[]}\n{\"id\": broken\n",
    )
    .unwrap();
    spamspan()
        .arg("train")
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.jsonl:2"));
}

#[test]
fn eval_reports_every_metric() {
    let dir = tempfile::tempdir().unwrap();
    let model = train_sample_model(dir.path(), 1);
    spamspan()
        .args(["eval", "--model"])
        .arg(&model)
        .arg(sample("test.jsonl"))
        .assert()
        .success()
        .stdout(
            predicate::str::contains("tokens")
                .and(predicate::str::contains("spans (overlap)"))
                .and(predicate::str::contains("spans (exact)"))
                .and(predicate::str::contains("clean retention"))
                .and(predicate::str::contains("document ROC AUC"))
                .and(predicate::str::contains("recall by kind")),
        );
}

// The embedded default model on the hand-written fixtures.

#[test]
fn default_model_cleans_through_stdin_and_keeps_the_rest() {
    let text = fs::read_to_string(fixture("forum_bbcode.txt")).unwrap();
    let out = spamspan()
        .arg("clean")
        .write_stdin(text.clone())
        .assert()
        .success();
    let cleaned = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let injected = expected_injections("forum_bbcode.expected.json");
    for piece in &injected {
        assert!(
            !cleaned.contains(piece.as_str()),
            "{piece} left in the cleaned text"
        );
    }
    // Everything but the injected pieces and their seams survives, in order.
    let removed: usize = injected.iter().map(|p| p.len()).sum();
    assert!(cleaned.len() >= text.len() - removed - 2 * injected.len());
    let mut rest = text.clone();
    for piece in &injected {
        rest = rest.replacen(piece.as_str(), "", 1);
    }
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(squash(&cleaned), squash(&rest));
}

/// A comment of praise and spam links: the links go, every word of the praise stays (next
/// to spam links every word scores high, and "is very" was once cut out of it).
#[test]
fn default_model_cleans_a_spam_comment_down_to_its_words() {
    let text = "This is very informative. \
                [url=http://www.slotgacor-hari-ini.com/]slot gacor[/url] \
                [url=http://www.slotgacor-hari-ini.com/demo]slot demo[/url]\n";
    let out = spamspan().arg("clean").write_stdin(text).assert().success();
    let cleaned = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(cleaned.trim_end(), "This is very informative.");
}

#[test]
fn default_model_leaves_clean_pages_alone() {
    for name in [
        "clean_links.md",
        "new_jersey.txt",
        "shopping_guide.md",
        "jersey_buying_guide.md",
        "clean_page.html",
    ] {
        assert_untouched(name);
    }
}

/// A page about jerseys keeps its own words when a shop link is pasted into it: the link
/// goes, and the campaign bar it sets does not take "NFL jerseys" of the page's prose.
///
/// The link's target echoes its anchor (`/{a}.html`). A bare shop domain on a page of its
/// own topic (`[wholesale jerseys china](http://www.cheapjerseysa.com/)`) is a known miss:
/// the page's topic silences the spam vocabulary, and the model scores it below its bar.
#[test]
fn default_model_on_a_topical_page_takes_the_injected_link_alone() {
    let link =
        "[wholesale jerseys china](http://www.cheapjerseysa.com/wholesale-jerseys-china.html)";
    let text = fs::read_to_string(fixture("jersey_buying_guide.md"))
        .unwrap()
        .replacen("entry model. ", &format!("entry model. {link} "), 1);
    assert!(text.contains(link));
    let out = spamspan()
        .args(["detect", "--format", "markdown"])
        .write_stdin(text)
        .assert()
        .success();
    let preds = predictions(&out.get_output().stdout);
    assert_eq!(span_texts(&preds[0]), [link]);
}

fn assert_untouched(name: &str) {
    let out = spamspan()
        .arg("detect")
        .arg(fixture(name))
        .assert()
        .success();
    let preds = predictions(&out.get_output().stdout);
    assert!(
        span_texts(&preds[0]).is_empty(),
        "{name}: {:?}",
        span_texts(&preds[0])
    );
    let text = fs::read_to_string(fixture(name)).unwrap();
    let cleaned = spamspan()
        .arg("clean")
        .arg(fixture(name))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(cleaned).unwrap(),
        text,
        "{name} must come out unchanged"
    );
}

fn assert_covers_injections(name: &str, expected: &str) {
    let out = spamspan()
        .arg("detect")
        .arg(fixture(name))
        .assert()
        .success();
    let preds = predictions(&out.get_output().stdout);
    let found = span_texts(&preds[0]).join("\n");
    for piece in expected_injections(expected) {
        assert!(
            found.contains(&piece),
            "{name}: {piece:?} not covered by {found:?}"
        );
    }
}

#[test]
fn default_model_finds_hidden_blocks_and_bbcode() {
    assert_covers_injections("hidden_block.html", "hidden_block.expected.json");
    assert_covers_injections("forum_bbcode.txt", "forum_bbcode.expected.json");
}

// The seed-style acceptance check of issue 3: spun news with injected jersey links and
// anchor text without URL, every span found and nothing else.

#[test]
fn default_model_finds_the_injected_spans_of_spun_news() {
    let out = spamspan()
        .arg("detect")
        .arg(fixture("spun_news_injected.txt"))
        .assert()
        .success();
    let preds = predictions(&out.get_output().stdout);
    assert_eq!(
        span_texts(&preds[0]),
        expected_injections("spun_news_injected.expected.json")
    );
}

/// A spun pharmacy advertisement pasted as a paragraph of a technical page: its URLs and
/// spam phrases are found one by one, and the paragraph goes whole (its filler words
/// would be litter), with the blank line after it.
#[test]
fn default_model_removes_a_spam_paragraph_whole() {
    let text = fs::read_to_string(fixture("spam_paragraph.md")).unwrap();
    let start = text.find("there many winter").unwrap();
    let end = text.find("it rightly.").unwrap() + "it rightly.".len();
    let out = spamspan()
        .arg("detect")
        .arg(fixture("spam_paragraph.md"))
        .assert()
        .success();
    let preds = predictions(&out.get_output().stdout);
    assert_eq!(span_texts(&preds[0]), vec![text[start..end].to_string()]);
    assert_eq!(preds[0]["spans"][0]["kind"], "spam_paragraph");
    let cleaned = spamspan()
        .arg("clean")
        .arg(fixture("spam_paragraph.md"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let expected = format!("{}{}", &text[..start], &text[end + 2..]);
    assert_eq!(String::from_utf8(cleaned).unwrap(), expected);
}

#[test]
fn default_model_finds_every_list_item() {
    assert_covers_injections("link_list.html", "link_list.expected.json");
}

#[test]
fn clean_jsonl_keeps_every_record_in_order() {
    let input = fs::read_to_string(sample("test.jsonl")).unwrap();
    let out = spamspan()
        .args(["clean", "--jsonl"])
        .write_stdin(input.clone())
        .assert()
        .success();
    let records = predictions(&out.get_output().stdout);
    let ids: Vec<Value> = input
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone())
        .collect();
    assert_eq!(
        records.iter().map(|r| r["id"].clone()).collect::<Vec<_>>(),
        ids
    );
}

#[test]
fn explain_names_features() {
    let out = spamspan()
        .args(["detect", "--explain"])
        .arg(fixture("spun_news_injected.txt"))
        .assert()
        .success();
    let preds = predictions(&out.get_output().stdout);
    let first = &preds[0]["spans"][0]["explain"];
    assert!(first.as_array().is_some_and(|a| !a.is_empty()), "{first}");
}

#[test]
fn outputs_appear_whole_and_leave_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("predictions.jsonl");
    spamspan()
        .args(["detect", "--output"])
        .arg(&out)
        .arg(fixture("spun_news_injected.txt"))
        .assert()
        .success();
    let records = predictions(fs::read_to_string(&out).unwrap().as_bytes());
    assert_eq!(records.len(), 1);
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "a temporary file was left behind");
    // A directory that does not exist is an error naming the path.
    spamspan()
        .args(["detect", "--output"])
        .arg(dir.path().join("missing/predictions.jsonl"))
        .arg(fixture("spun_news_injected.txt"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("missing/predictions.jsonl"));
}

/// `-o /dev/null` throws the output away and leaves /dev/null a device: an atomic rename
/// over it once turned it into a regular file that later programs read garbage from.
#[cfg(unix)]
#[test]
fn output_to_dev_null_leaves_the_device_alone() {
    use std::os::unix::fs::FileTypeExt;
    let is_device =
        || fs::symlink_metadata("/dev/null").is_ok_and(|m| m.file_type().is_char_device());
    if !is_device() {
        return; // a sandbox without the device: nothing to protect
    }
    for command in ["detect", "clean"] {
        spamspan()
            .args([command, "--output", "/dev/null"])
            .arg(fixture("spun_news_injected.txt"))
            .assert()
            .success();
        assert!(is_device(), "`{command} -o /dev/null` replaced /dev/null");
    }
}
