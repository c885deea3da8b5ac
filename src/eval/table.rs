//! The human-readable table `spamspan eval` prints.

use std::fmt::Write as _;

use super::Metrics;

impl Metrics {
    /// A human-readable, aligned table: every metric, recall per gold kind, the counts, and
    /// a one-line headline last so that the tail of a long log still shows what matters.
    pub fn render_table(&self) -> String {
        let mut out = format!(
            "{:<18} {:>9} {:>9} {:>9}\n",
            "metric", "precision", "recall", "f1"
        );
        let m = self;
        let rows = [
            ("tokens", m.token_precision, m.token_recall, m.token_f1),
            (
                "spans (overlap)",
                m.span_precision,
                m.span_recall,
                m.span_f1,
            ),
            (
                "spans (exact)",
                m.exact_precision,
                m.exact_recall,
                m.exact_f1,
            ),
            ("documents", m.doc_precision, m.doc_recall, m.doc_f1),
        ];
        for (name, p, r, f) in rows {
            let _ = writeln!(out, "{name:<18} {p:>9.4} {r:>9.4} {f:>9.4}");
        }
        let (auc, retention) = (fmt_auc(self.doc_auc), fmt_percent(self.clean_retention));
        let _ = writeln!(out, "{:<18} {auc:>9}", "document ROC AUC");
        let c = &self.counts;
        let (lost, clean) = (c.clean_chars_flagged, c.clean_chars);
        let what = format!("({lost} of {clean} clean characters flagged)");
        let _ = writeln!(out, "{:<18} {retention:>9}   {what}", "clean retention");

        if !self.per_kind.is_empty() {
            let longest = self.per_kind.keys().map(|k| k.chars().count()).max();
            let w = longest.unwrap_or(0).max(16);
            let _ = writeln!(
                out,
                "\n{:<w$} {:>11} {:>9}",
                "recall by kind", "found/gold", "recall"
            );
            for (kind, k) in &self.per_kind {
                let frac = format!("{}/{}", k.found, k.gold);
                let _ = writeln!(out, "{kind:<w$} {frac:>11} {:>9.4}", k.recall());
            }
        }

        let groups: [&[(&str, usize)]; 5] = [
            &[
                ("documents", c.docs),
                ("positive", c.positive_docs),
                ("flagged", c.predicted_positive_docs),
                ("clean flagged", c.clean_docs_flagged),
            ],
            &[
                ("gold spans", c.gold_spans),
                ("found", c.gold_spans_found),
                ("exact", c.gold_spans_exact),
            ],
            &[
                ("predicted spans", c.predicted_spans),
                ("correct", c.predicted_spans_correct),
                ("exact", c.predicted_spans_exact),
            ],
            &[
                ("tokens", c.tokens),
                ("gold", c.gold_tokens),
                ("predicted", c.predicted_tokens),
                ("both", c.true_positive_tokens),
            ],
            &[
                ("characters", c.chars),
                ("clean", c.clean_chars),
                ("clean flagged", c.clean_chars_flagged),
            ],
        ];
        out.push_str("\ncounts\n");
        for group in groups {
            let line: Vec<String> = group.iter().map(|(k, v)| format!("{k} {v}")).collect();
            let _ = writeln!(out, "  {}", line.join(", "));
        }
        let (t, s, e, d) = (self.token_f1, self.span_f1, self.exact_f1, self.doc_f1);
        let _ = write!(
            out,
            "\nheadline: token F1 {t:.4} | span F1 {s:.4} | exact F1 {e:.4} | doc F1 {d:.4} | \
             doc AUC {auc} | clean retention {retention}"
        );
        out
    }
}

fn fmt_auc(auc: Option<f64>) -> String {
    auc.map_or_else(|| "n/a".to_string(), |a| format!("{a:.4}"))
}

/// Retention as a percentage with three decimals: the target is 99.9 %, so two would hide
/// the difference that matters.
fn fmt_percent(x: f64) -> String {
    format!("{:.3} %", 100.0 * x)
}
