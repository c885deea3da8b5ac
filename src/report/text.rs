//! The plain-text summary `spamspan audit` prints at the end: totals, spans by kind, and
//! the host and spam-domain tables, aligned for a terminal and easy to grep.

use std::fmt::Write as _;

use super::summary::Summary;

/// Render the summary; each table lists at most `top` rows and says how many it left out.
pub fn render_text(summary: &Summary, top: usize) -> String {
    let mut out = String::new();
    let s = summary;
    let share = if s.pages == 0 {
        0.0
    } else {
        100.0 * s.flagged_pages as f64 / s.pages as f64
    };
    let _ = writeln!(out, "pages scanned:          {}", s.pages);
    let _ = writeln!(
        out,
        "pages with injection:   {} ({share:.2} %)",
        s.flagged_pages
    );
    let kinds: Vec<String> = s
        .spans_by_kind
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    let _ = writeln!(
        out,
        "spans:                  {}{}",
        s.spans,
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        }
    );
    let _ = writeln!(out, "errors:                 {}", s.errors);
    let _ = writeln!(out, "skipped:                {}", s.skipped);
    if s.warned_pages > 0 {
        let _ = writeln!(out, "pages with bad bytes:   {}", s.warned_pages);
    }

    let hosts = s.host_rows();
    if !hosts.is_empty() {
        let width = column_width(hosts.iter().take(top).map(|r| r.host), "host");
        let _ = writeln!(
            out,
            "\n{:<width$}  {:>7}  {:>7}",
            "host", "pages", "flagged"
        );
        for row in hosts.iter().take(top) {
            let _ = writeln!(
                out,
                "{:<width$}  {:>7}  {:>7}",
                row.host, row.stats.pages, row.stats.flagged
            );
        }
        more(&mut out, hosts.len(), top, "hosts");
    }

    let domains = s.domain_rows();
    if !domains.is_empty() {
        let width = column_width(domains.iter().take(top).map(|r| r.domain), "spam domain");
        let _ = writeln!(
            out,
            "\n{:<width$}  {:>7}  {:>7}  {:>7}  example anchors",
            "spam domain", "links", "pages", "hosts"
        );
        for row in domains.iter().take(top) {
            let examples: Vec<String> = row.examples.iter().map(|e| format!("{e:?}")).collect();
            let _ = writeln!(
                out,
                "{:<width$}  {:>7}  {:>7}  {:>7}  {}",
                row.domain,
                row.links,
                row.pages,
                row.hosts,
                examples.join(", ")
            );
        }
        more(&mut out, domains.len(), top, "spam domains");
    }
    if s.other_domain_links > 0 {
        let _ = writeln!(
            out,
            "(and {} links to spam domains past the table's limit)",
            s.other_domain_links
        );
    }
    out
}

fn column_width<'a>(cells: impl Iterator<Item = &'a str>, header: &str) -> usize {
    cells
        .map(|c| c.chars().count())
        .chain([header.len()])
        .max()
        .unwrap_or(0)
}

fn more(out: &mut String, total: usize, shown: usize, what: &str) {
    if total > shown {
        let _ = writeln!(out, "… and {} more {what}", total - shown);
    }
}
