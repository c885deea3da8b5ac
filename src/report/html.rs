//! The audit report as one self-contained HTML page: inline CSS and an inline SVG chart,
//! no script, no font or image fetched, so it opens offline and can be mailed or archived
//! as it is.
//!
//! Every number a reader (or a test) looks for has a stable element id: `pages-scanned`,
//! `pages-flagged`, `spans-total`, `errors`, `skipped`, `spans-kind-<kind>`,
//! `flagged-shown`, `flagged-omitted`; host rows carry `data-host`, spam-domain rows
//! `data-domain`. All text from the crawl is HTML-escaped.

use std::fmt::Write as _;

use super::summary::{FlaggedPage, FlaggedSpan, Summary};
use crate::audit::shorten;

/// Rows of the host and spam-domain tables; the rest are counted, not listed.
pub const TABLE_ROWS: usize = 1000;
/// Hosts in the bar chart.
pub const CHART_HOSTS: usize = 20;

/// What the report says about the run itself.
#[derive(Debug, Clone, Default)]
pub struct ReportInfo {
    /// The inputs as given on the command line.
    pub inputs: Vec<String>,
    /// The model's name or path.
    pub model: String,
    pub threshold: f32,
}

/// Render the whole page.
pub fn render_html(summary: &Summary, info: &ReportInfo) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str(HEAD);
    let _ = writeln!(
        out,
        "<header><h1>spamspan audit</h1><p class=\"meta\">inputs: {} · model: {} · threshold {:.3}</p></header>",
        escape(&info.inputs.join(", ")),
        escape(&info.model),
        info.threshold
    );
    counts(&mut out, summary);
    chart(&mut out, summary);
    hosts(&mut out, summary);
    domains(&mut out, summary);
    flagged(&mut out, summary);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>spamspan audit</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d2329; background: #f6f7f9; }
header, main { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 16px; }
h1 { margin: 0 0 4px; font-size: 24px; }
h2 { font-size: 18px; margin: 28px 0 10px; }
.meta { color: #5b6670; margin: 0; word-break: break-all; }
.counts { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0 0; }
.counts div { background: #fff; border: 1px solid #dde1e5; border-radius: 6px; padding: 10px 16px; min-width: 120px; }
.counts dt { color: #5b6670; font-size: 13px; }
.counts dd { margin: 0; font-size: 26px; font-weight: 600; }
.counts .bad dd { color: #b3261e; }
table { border-collapse: collapse; background: #fff; border: 1px solid #dde1e5; }
th, td { padding: 4px 10px; border-bottom: 1px solid #eceff1; text-align: left; vertical-align: top; }
th { background: #eef1f4; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.more { color: #5b6670; font-style: italic; }
svg text { font: 12px system-ui, sans-serif; fill: #1d2329; }
svg .bar { fill: #c0392b; }
article { background: #fff; border: 1px solid #dde1e5; border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
article h3 { margin: 0; font-size: 15px; word-break: break-all; }
article .where { color: #5b6670; font-size: 13px; margin: 2px 0 8px; word-break: break-all; }
.excerpt { border-left: 3px solid #c0392b; padding-left: 10px; margin: 10px 0; }
ul.spans { margin: 4px 0; padding-left: 18px; font-size: 13px; color: #5b6670; }
ul.spans details { display: inline-block; margin-left: 6px; vertical-align: top; }
ul.spans summary { cursor: pointer; color: #2a5d9f; }
.kind { font-weight: 600; color: #1d2329; }
pre.context { white-space: pre-wrap; word-break: break-word; background: #fafbfc; border: 1px solid #eceff1; padding: 8px; margin: 6px 0; font: 13px/1.4 ui-monospace, Menlo, Consolas, monospace; }
mark { background: #ffd6d2; color: #7a1310; }
.elided { color: #5b6670; font-style: italic; }
table.explain { font-size: 12px; margin-top: 4px; }
table.explain td { padding: 1px 8px; }
.pos { color: #b3261e; } .neg { color: #1f7a3a; }
</style>
</head>
<body>
"#;

fn counts(out: &mut String, s: &Summary) {
    out.push_str("<main>\n<section id=\"summary\"><h2>Summary</h2>\n<dl class=\"counts\">\n");
    let flagged_class = if s.flagged_pages > 0 {
        " class=\"bad\""
    } else {
        ""
    };
    let cells: [(&str, &str, u64, &str); 5] = [
        ("Pages scanned", "pages-scanned", s.pages, ""),
        (
            "Pages with injection",
            "pages-flagged",
            s.flagged_pages,
            flagged_class,
        ),
        ("Spans", "spans-total", s.spans, ""),
        ("Errors", "errors", s.errors, ""),
        ("Skipped", "skipped", s.skipped, ""),
    ];
    for (label, id, n, class) in cells {
        let _ = writeln!(
            out,
            "<div{class}><dt>{label}</dt><dd id=\"{id}\">{n}</dd></div>"
        );
    }
    out.push_str("</dl>\n");
    if !s.spans_by_kind.is_empty() {
        out.push_str("<h2>Spans by kind</h2>\n<table id=\"spans-by-kind\"><tr><th>kind</th><th class=\"num\">spans</th></tr>\n");
        for (kind, n) in &s.spans_by_kind {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"num\" id=\"spans-kind-{}\">{n}</td></tr>",
                escape(kind),
                escape(kind)
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</section>\n");
}

/// Horizontal bars: injected pages of the [`CHART_HOSTS`] most hit hosts.
fn chart(out: &mut String, s: &Summary) {
    out.push_str("<section id=\"chart\"><h2>Injected pages per host</h2>\n");
    let rows: Vec<_> = s
        .host_rows()
        .into_iter()
        .filter(|r| r.stats.flagged > 0)
        .take(CHART_HOSTS)
        .collect();
    let Some(max) = rows.iter().map(|r| r.stats.flagged).max() else {
        out.push_str("<p>No injected pages.</p>\n</section>\n");
        return;
    };
    let (label_w, bar_w, row_h) = (300.0, 520.0, 22.0);
    let height = row_h * rows.len() as f64 + 8.0;
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{height}\" viewBox=\"0 0 {w} {height}\" role=\"img\" aria-label=\"injected pages per host\">",
        w = label_w + bar_w + 60.0
    );
    for (i, row) in rows.iter().enumerate() {
        let y = 4.0 + row_h * i as f64;
        let w = (bar_w * row.stats.flagged as f64 / max as f64).max(1.0);
        let label = escape(&shorten(row.host, 44));
        let _ = writeln!(
            out,
            "<text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{label}</text>\
             <rect class=\"bar\" x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{h}\"><title>{title}: {n} of {p} pages</title></rect>\
             <text x=\"{nx:.1}\" y=\"{ty}\">{n}</text>",
            lx = label_w - 8.0,
            ty = y + 14.0,
            h = row_h - 6.0,
            title = escape(row.host),
            n = row.stats.flagged,
            p = row.stats.pages,
            nx = label_w + w + 6.0,
        );
    }
    out.push_str("</svg>\n</section>\n");
}

fn hosts(out: &mut String, s: &Summary) {
    let rows = s.host_rows();
    out.push_str("<section><h2>Hosts</h2>\n<table id=\"hosts\"><tr><th>host</th><th class=\"num\">pages</th><th class=\"num\">flagged</th></tr>\n");
    for row in rows.iter().take(TABLE_ROWS) {
        let host = escape(row.host);
        let _ = writeln!(
            out,
            "<tr data-host=\"{host}\"><td>{host}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            row.stats.pages, row.stats.flagged
        );
    }
    out.push_str("</table>\n");
    more(out, rows.len(), "hosts");
    out.push_str("</section>\n");
}

fn domains(out: &mut String, s: &Summary) {
    let rows = s.domain_rows();
    out.push_str("<section><h2>Spam domains</h2>\n");
    if rows.is_empty() {
        out.push_str("<p>No links inside injected spans.</p>\n</section>\n");
        return;
    }
    out.push_str("<table id=\"spam-domains\"><tr><th>domain</th><th class=\"num\">links</th><th class=\"num\">pages</th><th class=\"num\">hosts</th><th>example anchors</th></tr>\n");
    for row in rows.iter().take(TABLE_ROWS) {
        let domain = escape(row.domain);
        let examples: Vec<String> = row
            .examples
            .iter()
            .map(|e| format!("“{}”", escape(e)))
            .collect();
        let _ = writeln!(
            out,
            "<tr data-domain=\"{domain}\"><td>{domain}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            row.links,
            row.pages,
            row.hosts,
            examples.join(", ")
        );
    }
    out.push_str("</table>\n");
    more(out, rows.len(), "spam domains");
    if s.other_domain_links > 0 {
        let _ = writeln!(
            out,
            "<p class=\"more\">and {} links to domains past the table's limit</p>",
            s.other_domain_links
        );
    }
    out.push_str("</section>\n");
}

fn flagged(out: &mut String, s: &Summary) {
    let pages = s.flagged();
    out.push_str("<section id=\"flagged\"><h2>Flagged pages</h2>\n");
    let _ = writeln!(
        out,
        "<p>Showing <span id=\"flagged-shown\">{}</span> of {} flagged pages; \
         <span id=\"flagged-omitted\">{}</span> more not shown.</p>",
        pages.len(),
        s.flagged_pages,
        s.flagged_omitted
    );
    for (i, page) in pages.iter().enumerate() {
        flagged_page(out, i + 1, page);
    }
    out.push_str("</section>\n");
}

fn flagged_page(out: &mut String, n: usize, page: &FlaggedPage) {
    let _ = writeln!(
        out,
        "<article class=\"page\" id=\"page-{n}\"><h3>{}</h3>",
        escape(&page.id)
    );
    let mut place = format!("{} ({})", escape(&page.source), escape(&page.locator));
    if let Some(url) = &page.url {
        let _ = write!(place, " · {}", escape(url));
    }
    let _ = writeln!(
        out,
        "<p class=\"where\">{place} · document score {:.3}</p>",
        page.doc_score
    );
    if page.excerpts.is_empty() {
        spans(out, page.spans.iter());
    }
    for excerpt in &page.excerpts {
        out.push_str("<div class=\"excerpt\"><pre class=\"context\">");
        for piece in &excerpt.pieces {
            if piece.marked {
                let _ = write!(out, "<mark>{}</mark>", escape(&piece.text));
            } else {
                out.push_str(&escape(&piece.text));
            }
            if piece.elided > 0 {
                let _ = write!(
                    out,
                    "<span class=\"elided\"> […{} more characters of the span] </span>",
                    piece.elided
                );
            }
        }
        out.push_str("</pre>\n");
        spans(out, excerpt.spans.iter().filter_map(|&i| page.spans.get(i)));
        out.push_str("</div>\n");
    }
    out.push_str("</article>\n");
}

/// One line per span: kind, score, the domains it links to, and why (folded).
fn spans<'a>(out: &mut String, spans: impl Iterator<Item = &'a FlaggedSpan>) {
    out.push_str("<ul class=\"spans\">\n");
    for span in spans {
        let _ = write!(
            out,
            "<li><span class=\"kind\">{}</span> · score {:.3}",
            escape(&span.kind),
            span.score
        );
        if !span.domains.is_empty() {
            let _ = write!(out, " · links to {}", escape(&span.domains.join(", ")));
        }
        if !span.explain.is_empty() {
            out.push_str("<details><summary>features</summary><table class=\"explain\"><tr><th>feature</th><th class=\"num\">weight</th></tr>\n");
            for (name, w) in &span.explain {
                let class = if *w >= 0.0 { "pos" } else { "neg" };
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"num {class}\">{w:+.3}</td></tr>",
                    escape(name)
                );
            }
            out.push_str("</table></details>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

fn more(out: &mut String, total: usize, what: &str) {
    if total > TABLE_ROWS {
        let _ = writeln!(
            out,
            "<p class=\"more\">… and {} more {what}</p>",
            total - TABLE_ROWS
        );
    }
}

/// Text made safe for HTML content and double- or single-quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Controls other than tab and newline are not allowed in HTML text.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::summary::Limits;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape("<a href=\"x\" title='y'>&</a>\u{0}"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;\u{fffd}"
        );
    }

    #[test]
    fn an_empty_audit_is_a_complete_page_with_zero_counts() {
        let html = render_html(&Summary::new(Limits::default()), &ReportInfo::default());
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<dd id=\"pages-scanned\">0</dd>"));
        assert!(html.contains("No injected pages."));
        assert!(!html.contains("<script"));
        assert!(!html.contains(" src=") && !html.contains("<link") && !html.contains("url("));
        assert!(html.trim_end().ends_with("</html>"));
    }
}
