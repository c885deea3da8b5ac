//! URLs in web text: finding them in prose, markdown and HTML source, and taking a link
//! target apart into host, registrable domain, words and path shape.
//!
//! Injected SEO links are recognised less by their anchor than by their target: a
//! keyword-stuffed host ("cheapjerseysa.com"), a product-name slug
//! ("/Jonas-Siegenthaler-Jersey"), a throwaway TLD. This module turns a target into those
//! facts; it knows nothing of the rest of the crate.
//!
//! Offsets are byte offsets into the text, always on char boundaries.

mod analyze;
mod find;
mod punycode;
mod segment;
mod template;

use std::cell::RefCell;
use std::sync::Arc;

use rustc_hash::FxHashMap;

pub(crate) use analyze::percent_decode;
pub use segment::{is_known_word, segment};
pub use template::path_template;

/// How a URL was written in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlForm {
    /// With `http://`, `https://` or `ftp://`.
    Scheme,
    /// Starting with `www.`.
    Www,
    /// A bare `domain.tld` or `domain.tld/path`.
    Bare,
}

/// One URL found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlMatch {
    /// Byte range into the text, without surrounding quotes, brackets or trailing
    /// sentence punctuation.
    pub range: std::ops::Range<usize>,
    pub form: UrlForm,
}

/// What a link target says about where it leads.
///
/// Host names are given in Unicode (punycode labels decoded) and lower case, since that
/// is how a reader sees them and how words are segmented; `host_ascii` keeps the
/// punycode form. `domain`, `domain_label`, `suffix`, `tld` and `subdomain` are Unicode
/// too, so they compare equal across the two spellings of one IDN host.
#[derive(Debug, Clone, PartialEq)]
pub struct UrlInfo {
    /// Lower-case host, IDN labels decoded; for an IP its usual text (IPv6 without brackets).
    pub host: String,
    /// Lower-case host as the DNS sees it (punycode).
    pub host_ascii: String,
    /// Registrable domain per the whole public suffix list, private section included, so
    /// "a.blogspot.com" and "b.blogspot.com" are different sites and
    /// "x.us.com" has suffix "us.com". The host itself when it has no registrable part
    /// ("localhost"), the IP for IPs.
    pub domain: String,
    /// The registrable label without its suffix: "cheap" of "cheap.co.uk".
    pub domain_label: String,
    /// Public suffix ("co.uk", "com", "us.com"); for an unlisted TLD, the last label;
    /// empty for IPs.
    pub suffix: String,
    /// Last label ("uk"); empty for IPs.
    pub tld: String,
    /// Labels left of the registrable domain, a leading "www" (or "www2"…) dropped; None
    /// when nothing else is left.
    pub subdomain: Option<String>,
    /// Words segmented from the subdomain and the registrable label.
    pub host_words: Vec<String>,
    /// Lower-case words of the percent-decoded path and query, split at non-alphanumerics
    /// and case changes, glued runs split when every piece is a known word; at most 200.
    pub path_words: Vec<String>,
    /// Shape of the last non-empty path segment: "Jonas-Siegenthaler-Jersey" → "Cap-Cap-Cap",
    /// "10-tips-for-data" → "9-a-a-a", "index.html" → "a.a", "NFLJerseys" → "A|Cap";
    /// empty for an empty path.
    pub slug_shape: String,
    /// Number of non-empty path segments.
    pub path_depth: usize,
    pub has_query: bool,
    pub is_ip: bool,
    /// The host had punycode (`xn--`) or non-ASCII labels.
    pub is_idn: bool,
}

/// Every URL written in running text, in order, non-overlapping.
///
/// Scheme URLs need a syntactically valid host; `www.` URLs a known public suffix; bare
/// `domain.tld` forms an ICANN suffix and, without a path, a common web TLD and a context
/// that is not a file name, e-mail address or abbreviation. Linear in the text.
pub fn find_urls(text: &str) -> Vec<UrlMatch> {
    find::find_urls(text)
}

/// Analyse a link target as written: with scheme, protocol-relative "//x.com/a",
/// "www.x.com/a", or bare "x.com/a".
///
/// None when it is not a web (http, https, ftp) URL with a host: "mailto:", "javascript:",
/// "#top", a relative "/about". A target without a scheme counts only when
/// [`find_urls`] would recognise the whole of it as a URL, so an anchor text like
/// "index.html" or "Mr.Smith" is not taken for a site.
pub fn analyze(href: &str) -> Option<UrlInfo> {
    analyze::analyze(href)
}

/// [`analyze`], shared: the pages of one site, and each later pass over a cleaned page,
/// ask about the same targets again, so a thread remembers the answers for the targets it
/// saw last.
pub fn analyze_shared(href: &str) -> Option<Arc<UrlInfo>> {
    thread_local! {
        static SEEN: RefCell<FxHashMap<Box<str>, Option<Arc<UrlInfo>>>> = RefCell::default();
    }
    // Bounds the memory: at most this many targets, none longer than this.
    const MAX_SEEN: usize = 1 << 11;
    const MAX_SEEN_LEN: usize = 1024;
    if href.len() > MAX_SEEN_LEN {
        return analyze::analyze(href).map(Arc::new);
    }
    SEEN.with_borrow_mut(|seen| {
        if let Some(info) = seen.get(href) {
            return info.clone();
        }
        let info = analyze::analyze(href).map(Arc::new);
        if seen.len() >= MAX_SEEN {
            seen.clear();
        }
        seen.insert(href.into(), info.clone());
        info
    })
}
