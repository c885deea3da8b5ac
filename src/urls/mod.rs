//! TEMPORARY stand-in until the real URL module lands.
use std::ops::Range;
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlForm {
    Scheme,
    Www,
    Bare,
}
#[derive(Debug, Clone, PartialEq)]
pub struct UrlMatch {
    pub range: Range<usize>,
    pub form: UrlForm,
}
pub fn find_urls(text: &str) -> Vec<UrlMatch> {
    let re = regex::Regex::new(r"(?i)\b(?:https?://|www\.)[^\s<>\x22'\]\)]+").unwrap();
    re.find_iter(text)
        .map(|m| {
            let s = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']);
            UrlMatch {
                range: m.start()..m.start() + s.len(),
                form: UrlForm::Scheme,
            }
        })
        .collect()
}
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UrlInfo {
    pub host: String,
    pub domain: String,
    pub domain_label: String,
    pub suffix: String,
    pub tld: String,
    pub subdomain: Option<String>,
    pub host_words: Vec<String>,
    pub path_words: Vec<String>,
    pub slug_shape: String,
    pub path_depth: usize,
    pub has_query: bool,
    pub is_ip: bool,
    pub is_idn: bool,
}
pub fn analyze(href: &str) -> Option<UrlInfo> {
    let h = href.trim();
    let full = if h.starts_with("http://") || h.starts_with("https://") {
        h.to_string()
    } else if h.starts_with("www.") {
        format!("http://{h}")
    } else {
        return None;
    };
    let u = url::Url::parse(&full).ok()?;
    let host = u.host_str()?.to_lowercase();
    let domain = psl::domain_str(&host).unwrap_or(&host).to_string();
    let suffix = psl::suffix_str(&host).unwrap_or("").to_string();
    let label = domain
        .strip_suffix(&format!(".{suffix}"))
        .unwrap_or(&domain)
        .to_string();
    let segs: Vec<&str> = u.path().split('/').filter(|s| !s.is_empty()).collect();
    let path_words = u
        .path()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    let slug_shape = segs
        .last()
        .map(|s| {
            s.split('-')
                .map(|w| {
                    if w.chars().next().is_some_and(|c| c.is_uppercase()) {
                        "Cap"
                    } else {
                        "a"
                    }
                })
                .collect::<Vec<_>>()
                .join("-")
        })
        .unwrap_or_default();
    Some(UrlInfo {
        tld: host.rsplit('.').next().unwrap_or("").to_string(),
        host_words: label.split('-').map(str::to_string).collect(),
        domain_label: label,
        suffix,
        domain,
        host,
        path_words,
        slug_shape,
        path_depth: segs.len(),
        has_query: u.query().is_some(),
        ..Default::default()
    })
}
