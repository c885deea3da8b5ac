//! Print every token of a document with its probability and strongest features: a
//! developer's view of why the decoder did what it did.
//!
//! usage: cargo run --release --example token_scores -- MODEL FILE [FROM_BYTE TO_BYTE]
//!
//! Each line: probability, `@` byte offset of the token, the token, its top features.

use spamspan::detect::Detector;
use spamspan::io::read_path;
use spamspan::model::format;
use spamspan::scores;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    anyhow::ensure!(
        args.len() >= 3,
        "usage: token_scores MODEL FILE [FROM_BYTE TO_BYTE]"
    );
    let detector = Detector::new(format::read(args[1].as_ref())?)?;
    let from: usize = args.get(3).map_or(Ok(0), |s| s.parse())?;
    let to: usize = args.get(4).map_or(Ok(usize::MAX), |s| s.parse())?;
    for doc in read_path(args[2].as_ref())? {
        let d = doc.document();
        let det = detector.detect_keeping_rows(&d);
        println!("== {} doc_score {:.3}", d.id, det.doc_score);
        for (i, t) in det.extraction.tokens.iter().enumerate() {
            if t.range.start < from || t.range.start > to {
                continue;
            }
            let why = scores::explain(detector.model(), std::iter::once(&det.rows[0][i]), 30);
            let why: Vec<String> = why.iter().map(|(n, c)| format!("{n}:{c:+.2}")).collect();
            println!(
                "{:.3} @{} {:<30} {}",
                det.probabilities[i],
                t.range.start,
                &d.text[t.range.clone()].chars().take(30).collect::<String>(),
                why.join(" ")
            );
        }
    }
    Ok(())
}
