//! Aggregating audited pages into the numbers of a crawl audit: totals, spans by kind,
//! pages per host, links per spam domain, and the first flagged pages in full.
//!
//! Pages are added in input order, so the tables and examples are the same on every run
//! and with any thread count. Memory grows with the number of distinct hosts and spam
//! domains (each capped by [`Limits`]), never with the number of pages.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::audit::{Excerpt, PageAudit};

/// The label of pages without a URL in the host table.
pub const NO_HOST: &str = "(no url)";
/// The label of pages whose host came after [`Limits::max_hosts`] distinct hosts.
pub const OTHER_HOSTS: &str = "(other hosts)";
/// How many example anchors a spam domain keeps.
pub const EXAMPLES: usize = 3;

/// Caps that keep an audit's memory flat on any crawl.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Distinct hosts counted one by one; later new hosts are pooled as [`OTHER_HOSTS`].
    pub max_hosts: usize,
    /// Distinct spam domains counted; links to later new domains are only counted.
    pub max_domains: usize,
    /// Flagged pages kept with their spans in context for the report.
    pub max_flagged: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_hosts: 200_000,
            max_domains: 200_000,
            max_flagged: 500,
        }
    }
}

/// Pages seen on one host.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HostStats {
    pub pages: u64,
    /// Pages with at least one injected span.
    pub flagged: u64,
}

#[derive(Debug, Clone, Default)]
struct DomainStats {
    links: u64,
    pages: u64,
    hosts: HashSet<String>,
    examples: Vec<String>,
}

/// A flagged page as the report shows it.
#[derive(Debug, Clone)]
pub struct FlaggedPage {
    pub id: String,
    pub source: String,
    /// Where in the source: "line 3", "byte 544", "whole file".
    pub locator: String,
    pub url: Option<String>,
    pub host: Option<String>,
    pub doc_score: f32,
    pub spans: Vec<FlaggedSpan>,
    /// The spans in context (indices into `spans`); empty when audited without context.
    pub excerpts: Vec<Excerpt>,
}

/// One span of a flagged page.
#[derive(Debug, Clone)]
pub struct FlaggedSpan {
    pub kind: String,
    pub score: f32,
    pub explain: Vec<(String, f32)>,
    pub domains: Vec<String>,
}

/// A row of the host table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostRow<'a> {
    /// The host, [`NO_HOST`] or [`OTHER_HOSTS`].
    pub host: &'a str,
    pub stats: HostStats,
}

/// A row of the spam-domain table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainRow<'a> {
    pub domain: &'a str,
    /// Links to the domain inside spans.
    pub links: u64,
    /// Pages with such a link.
    pub pages: u64,
    /// Distinct hosts of those pages (pages without a URL count as one host).
    pub hosts: usize,
    /// Up to [`EXAMPLES`] distinct anchors, in order of first appearance.
    pub examples: &'a [String],
}

/// Everything an audit counts.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub pages: u64,
    pub flagged_pages: u64,
    pub spans: u64,
    pub spans_by_kind: BTreeMap<String, u64>,
    /// Records or inputs that could not be read (each reported with its file and place).
    pub errors: u64,
    /// Inputs passed over on purpose (binary files).
    pub skipped: u64,
    /// Pages read with decoding warnings (bytes replaced with U+FFFD).
    pub warned_pages: u64,
    /// Bytes of page text audited.
    pub text_bytes: u64,
    /// Flagged pages beyond [`Limits::max_flagged`], not kept in full.
    pub flagged_omitted: u64,
    /// Links inside spans to domains beyond [`Limits::max_domains`].
    pub other_domain_links: u64,
    limits: Limits,
    hosts: HashMap<String, HostStats>,
    other_hosts: HostStats,
    domains: HashMap<String, DomainStats>,
    flagged: Vec<FlaggedPage>,
}

impl Summary {
    pub fn new(limits: Limits) -> Summary {
        Summary {
            limits,
            ..Summary::default()
        }
    }

    pub fn add_error(&mut self) {
        self.errors += 1;
    }

    pub fn add_skipped(&mut self) {
        self.skipped += 1;
    }

    /// Count one audited page (pages must come in input order for stable examples).
    pub fn add_page(&mut self, page: PageAudit) {
        let flagged = page.flagged();
        self.pages += 1;
        self.text_bytes += page.text_bytes as u64;
        self.warned_pages += u64::from(page.warnings > 0);
        self.count_host(page.host.as_deref(), flagged);
        if !flagged {
            return;
        }
        self.flagged_pages += 1;
        self.spans += page.prediction.spans.len() as u64;
        for span in &page.prediction.spans {
            let kind = span.kind.as_deref().unwrap_or("spam");
            *self.spans_by_kind.entry(kind.to_string()).or_default() += 1;
        }
        self.count_domains(&page);
        if self.flagged.len() < self.limits.max_flagged {
            self.flagged.push(flagged_page(page));
        } else {
            self.flagged_omitted += 1;
        }
    }

    fn count_host(&mut self, host: Option<&str>, flagged: bool) {
        let host = host.unwrap_or(NO_HOST);
        let known = self.hosts.contains_key(host) || self.hosts.len() < self.limits.max_hosts;
        let stats = if known {
            self.hosts.entry(host.to_string()).or_default()
        } else {
            &mut self.other_hosts
        };
        stats.pages += 1;
        stats.flagged += u64::from(flagged);
    }

    fn count_domains(&mut self, page: &PageAudit) {
        let host = page.host.as_deref().unwrap_or(NO_HOST);
        let mut seen: HashSet<&str> = HashSet::new();
        for link in &page.spam_links {
            if !self.domains.contains_key(&link.domain)
                && self.domains.len() >= self.limits.max_domains
            {
                self.other_domain_links += 1;
                continue;
            }
            let stats = self.domains.entry(link.domain.clone()).or_default();
            stats.links += 1;
            if seen.insert(&link.domain) {
                stats.pages += 1;
                if !stats.hosts.contains(host) {
                    stats.hosts.insert(host.to_string());
                }
            }
            let anchor = link.anchor.trim();
            if stats.examples.len() < EXAMPLES
                && !anchor.is_empty()
                && !stats.examples.iter().any(|e| e == anchor)
            {
                stats.examples.push(anchor.to_string());
            }
        }
    }

    /// Hosts by flagged pages, then pages, then name; [`OTHER_HOSTS`] last if any.
    pub fn host_rows(&self) -> Vec<HostRow<'_>> {
        let mut rows: Vec<HostRow> = self
            .hosts
            .iter()
            .map(|(host, &stats)| HostRow { host, stats })
            .collect();
        rows.sort_by(|a, b| {
            (b.stats.flagged, b.stats.pages)
                .cmp(&(a.stats.flagged, a.stats.pages))
                .then_with(|| a.host.cmp(b.host))
        });
        if self.other_hosts.pages > 0 {
            rows.push(HostRow {
                host: OTHER_HOSTS,
                stats: self.other_hosts,
            });
        }
        rows
    }

    /// Spam domains by links, then pages, then name.
    pub fn domain_rows(&self) -> Vec<DomainRow<'_>> {
        let mut rows: Vec<DomainRow> = self
            .domains
            .iter()
            .map(|(domain, s)| DomainRow {
                domain,
                links: s.links,
                pages: s.pages,
                hosts: s.hosts.len(),
                examples: &s.examples,
            })
            .collect();
        rows.sort_by(|a, b| {
            (b.links, b.pages)
                .cmp(&(a.links, a.pages))
                .then_with(|| a.domain.cmp(b.domain))
        });
        rows
    }

    /// The flagged pages kept in full, in input order.
    pub fn flagged(&self) -> &[FlaggedPage] {
        &self.flagged
    }

    /// Distinct hosts seen (pages without a URL counting as one).
    pub fn host_count(&self) -> usize {
        self.hosts.len()
    }
}

fn flagged_page(page: PageAudit) -> FlaggedPage {
    let PageAudit {
        source,
        locator,
        url,
        host,
        prediction,
        spam_links,
        excerpts,
        ..
    } = page;
    // One walk over the links, not one per span: a page may hold thousands of both.
    let mut domains_of: Vec<Vec<String>> = vec![Vec::new(); prediction.spans.len()];
    let mut listed: HashSet<(usize, &str)> = HashSet::new();
    for link in &spam_links {
        if let Some(domains) = domains_of.get_mut(link.span) {
            if listed.insert((link.span, &link.domain)) {
                domains.push(link.domain.clone());
            }
        }
    }
    let spans = prediction
        .spans
        .into_iter()
        .zip(domains_of)
        .map(|(s, domains)| FlaggedSpan {
            kind: s.kind.unwrap_or_else(|| "spam".to_string()),
            score: s.score,
            explain: s.explain.unwrap_or_default(),
            domains,
        })
        .collect();
    FlaggedPage {
        id: prediction.id,
        source,
        locator: locator.to_string(),
        url,
        host,
        doc_score: prediction.doc_score,
        spans,
        excerpts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::SpamLink;
    use crate::io::crawl::Locator;
    use crate::io::{PredictedSpan, Prediction};

    fn page(host: Option<&str>, links: &[(&str, &str)]) -> PageAudit {
        let spans = if links.is_empty() {
            Vec::new()
        } else {
            vec![PredictedSpan {
                start: 0,
                end: 4,
                label: "spam".into(),
                score: 0.99,
                kind: Some("link_list".into()),
                text: Some("spam".into()),
                explain: None,
            }]
        };
        PageAudit {
            source: "f.jsonl".into(),
            locator: Locator::Line(1),
            url: host.map(|h| format!("https://{h}/")),
            host: host.map(str::to_string),
            prediction: Prediction {
                id: "p".into(),
                spans,
                doc_score: 0.9,
            },
            spam_links: links
                .iter()
                .map(|(d, a)| SpamLink {
                    span: 0,
                    domain: d.to_string(),
                    anchor: a.to_string(),
                })
                .collect(),
            excerpts: Vec::new(),
            text_bytes: 10,
            warnings: 0,
        }
    }

    #[test]
    fn hosts_and_domains_are_counted_and_ordered() {
        let mut s = Summary::new(Limits::default());
        s.add_page(page(
            Some("a.org"),
            &[("spam.biz", "x"), ("spam.biz", "y"), ("pills.com", "p")],
        ));
        s.add_page(page(Some("a.org"), &[]));
        s.add_page(page(
            Some("b.org"),
            &[("spam.biz", "x"), ("spam.biz", "z"), ("spam.biz", "w")],
        ));
        s.add_page(page(None, &[]));
        s.add_error();
        s.add_skipped();
        assert_eq!(
            (s.pages, s.flagged_pages, s.spans, s.errors, s.skipped),
            (4, 2, 2, 1, 1)
        );
        let hosts: Vec<_> = s
            .host_rows()
            .iter()
            .map(|r| (r.host.to_string(), r.stats.pages, r.stats.flagged))
            .collect();
        assert_eq!(
            hosts,
            [
                ("a.org".into(), 2, 1),
                ("b.org".into(), 1, 1),
                (NO_HOST.into(), 1, 0)
            ]
        );
        let domains = s.domain_rows();
        assert_eq!(domains[0].domain, "spam.biz");
        assert_eq!(
            (domains[0].links, domains[0].pages, domains[0].hosts),
            (5, 2, 2)
        );
        assert_eq!(domains[0].examples, ["x", "y", "z"]);
        assert_eq!((domains[1].domain, domains[1].links), ("pills.com", 1));
        assert_eq!(s.flagged().len(), 2);
        assert_eq!(s.flagged()[0].spans[0].domains, ["spam.biz", "pills.com"]);
    }

    #[test]
    fn limits_pool_hosts_and_cap_flagged_pages() {
        let limits = Limits {
            max_hosts: 1,
            max_domains: 1,
            max_flagged: 1,
        };
        let mut s = Summary::new(limits);
        s.add_page(page(Some("a.org"), &[("one.biz", "x")]));
        s.add_page(page(Some("b.org"), &[("two.biz", "y")]));
        s.add_page(page(Some("a.org"), &[]));
        let hosts = s.host_rows();
        assert_eq!(hosts.len(), 2);
        assert_eq!((hosts[1].host, hosts[1].stats.pages), (OTHER_HOSTS, 1));
        assert_eq!((s.domain_rows().len(), s.other_domain_links), (1, 1));
        assert_eq!((s.flagged().len(), s.flagged_omitted), (1, 1));
    }
}
