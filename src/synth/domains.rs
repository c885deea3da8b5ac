//! Spam domains and the URLs built on them.
//!
//! The pool mixes what real injections point at: (a) generated shop-like domains
//! (`cheapnfljerseysshop.com`, `replica-watches-uk.net`, `slotgacor88.xyz`,
//! `capitals-shine.com`), (b) referrer-spam and blocklisted scam/pharma domains from the
//! shared directory, (c) compromised innocent sites (school, government, association hosts
//! with deep paths such as `/wp-content/uploads/slot-gacor/`), and (d) small innocent blogs
//! used as link-wheel targets. A pool entry is a host, or a host plus a path prefix for (c).
//! Domains are split into train and held-out by a stable hash of the host, so the held-out
//! split measures whether the model learned injection rather than a list of domains.

use std::collections::BTreeSet;
use std::path::Path;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::vocab::Vocab;
use super::{is_heldout, stable_hash, SynthError};

/// The shared lists the pool needs, relative to the shared directory.
const REFERRER: &str = "spam_vocab/referrer_spam_list/spammers.txt";
const SCAM: &str = "spam_vocab/blocklistproject_domains/scam.hosts.txt";
const DRUGS: &str = "spam_vocab/blocklistproject_domains/drugs.hosts.txt";

/// The full domain pool: generated domains first, then samples of the shared lists (one in
/// 3 referrer spammers, 1 in 10 scam hosts, 1 in 20 drug hosts, chosen by hash so the sample
/// does not depend on the seed). Deduplicated by host, in a fixed order.
pub fn spam_domain_pool(
    vocab: &Vocab,
    shared_dir: &Path,
    seed: u64,
) -> Result<Vec<String>, SynthError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x9e37_79b9_7f4a_7c15);
    let mut pool = generated_domains(vocab, &mut rng, 3400);
    for (rel, keep_one_in, hosts_format) in
        [(REFERRER, 3, false), (SCAM, 10, true), (DRUGS, 20, true)]
    {
        let path = shared_dir.join(rel);
        let text = std::fs::read_to_string(&path).map_err(|e| SynthError::io(&path, e))?;
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let host = if hosts_format {
                line.split_whitespace().nth(1).unwrap_or("")
            } else {
                line
            };
            let host = host.to_ascii_lowercase();
            if plausible_host(&host)
                && stable_hash(&format!("{rel}:{host}")).is_multiple_of(keep_one_in)
            {
                pool.push(host);
            }
        }
    }
    let mut seen = BTreeSet::new();
    pool.retain(|d| seen.insert(host_of(d).to_string()));
    Ok(pool)
}

fn plausible_host(h: &str) -> bool {
    (4..=60).contains(&h.len())
        && h.contains('.')
        && !h.starts_with(['.', '-'])
        && !h.ends_with(['.', '-'])
        && h.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
}

/// `n` generated domains without any shared file: about 55 % shop-like, 28 % hacked
/// innocent sites (host + deep path), 17 % innocent blogs.
pub fn generated_domains<R: Rng>(vocab: &Vocab, rng: &mut R, n: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    let mut seen = BTreeSet::new();
    let mut attempts = 0;
    while out.len() < n && attempts < n * 20 {
        attempts += 1;
        let d = match rng.gen_range(0..100) {
            0..=54 => shop_domain(vocab, rng),
            55..=82 => hacked_site(vocab, rng),
            _ => blog_host(vocab, rng),
        };
        if plausible_host(host_of(&d)) && seen.insert(host_of(&d).to_string()) {
            out.push(d);
        }
    }
    out
}

fn pick<'a, R: Rng>(list: &'a [String], rng: &mut R, default: &'a str) -> &'a str {
    list.choose(rng).map_or(default, String::as_str)
}

/// A shop-like domain for a random spam category.
pub(crate) fn shop_domain<R: Rng>(vocab: &Vocab, rng: &mut R) -> String {
    let category = vocab.pick_category(rng);
    let topics = vocab.domain_words("topic", category);
    let topic = pick(topics, rng, "shop");
    let topic2 = pick(topics, rng, "online");
    let prefix = pick(vocab.domain_words("prefix", "*"), rng, "cheap");
    let suffix = pick(vocab.domain_words("suffix", "*"), rng, "shop");
    let tld = pick(vocab.domain_words("tld", "*"), rng, "com");
    let joiner = if rng.gen_bool(0.35) { "-" } else { "" };
    let mut parts: Vec<String> = Vec::new();
    match rng.gen_range(0..10) {
        0..=4 => {
            if rng.gen_bool(0.5) {
                parts.push(prefix.into());
            }
            parts.push(topic.into());
            if topic2 != topic && rng.gen_bool(0.4) {
                parts.push(topic2.into());
            }
            if parts.len() < 2 || rng.gen_bool(0.45) {
                parts.push(suffix.into());
            }
        }
        5 | 6 => {
            parts.push(format!(
                "{topic}{}{}",
                if topic2 != topic { topic2 } else { "" },
                rng.gen_range(1..1000)
            ));
        }
        7 if category == "jersey" => {
            let nick = vocab
                .teams
                .choose(rng)
                .map_or("team".to_string(), |t| t.nickname.to_lowercase());
            parts.push(nick.replace(' ', ""));
            parts.push(pick(vocab.domain_words("brandword", "*"), rng, "shine").into());
        }
        8 => {
            parts.push(topic.into());
            parts.push(topic2.into());
            parts.push(
                pick(
                    &["uk", "us", "usa", "au", "ca", "de", "online"].map(String::from),
                    rng,
                    "uk",
                )
                .into(),
            );
        }
        _ => {
            parts.push(prefix.into());
            parts.push(topic.into());
        }
    }
    format!("{}.{tld}", parts.join(joiner))
}

/// A compromised innocent site: host plus the deep path the spam pages were dropped under.
pub(crate) fn hacked_site<R: Rng>(vocab: &Vocab, rng: &mut R) -> String {
    let p = |kind: &str, rng: &mut R| pick(vocab.host_parts(kind), rng, "site").to_string();
    let host = match rng.gen_range(0..10) {
        0..=5 => {
            let (prefix, place, tld) = (p("id_prefix", rng), p("id_place", rng), p("id_tld", rng));
            match rng.gen_range(0..3) {
                0 => format!("{prefix}-{place}.{tld}"),
                1 => format!("{prefix}.{place}kab.go.id"),
                _ => format!("{prefix}{place}.{tld}"),
            }
        }
        6 | 7 => {
            let (sub, name) = (p("edu_sub", rng), p("edu_name", rng));
            if rng.gen_bool(0.6) {
                format!("{sub}.{name}.edu")
            } else {
                format!("{name}.edu")
            }
        }
        _ => {
            let (word, place, tld) = (p("eu_word", rng), p("eu_place", rng), p("eu_tld", rng));
            if rng.gen_bool(0.5) {
                format!("{word}-{place}.{tld}")
            } else {
                format!("www.{word}{place}.{tld}")
            }
        }
    };
    let path = pick(vocab.host_parts("hacked_path"), rng, "/.well-known/");
    format!("{host}{path}")
}

/// A small personal blog, as used for link-wheel targets.
pub(crate) fn blog_host<R: Rng>(vocab: &Vocab, rng: &mut R) -> String {
    let name = pick(vocab.host_parts("blog_name"), rng, "myblog");
    let tld = pick(vocab.host_parts("blog_tld"), rng, "com");
    match rng.gen_range(0..3) {
        0 => format!("{name}.{tld}"),
        1 => {
            let first = vocab
                .first_names
                .choose(rng)
                .map_or("anna".to_string(), |f| f.to_lowercase());
            format!("{first}{name}.{tld}")
        }
        _ => format!("{name}{}.{tld}", rng.gen_range(1..100)),
    }
}

/// The host of a pool entry (entries of hacked sites carry a path).
pub(crate) fn host_of(entry: &str) -> &str {
    entry.split('/').next().unwrap_or(entry)
}

/// The registrable part of a host ("alumni.ashford-univ.edu" → "ashford-univ.edu",
/// "dinkes.bantulkab.go.id" → "bantulkab.go.id", "x.us.com" → "x.us.com"), so that
/// subdomains of one site never end up on both sides of the split.
pub(crate) fn site_key(host: &str) -> &str {
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    let second_level = [
        "co", "com", "ac", "go", "or", "edu", "gov", "org", "net", "mil", "sch", "desa", "us",
    ];
    let keep = if n >= 3
        && second_level.contains(&labels[n - 2])
        && (labels[n - 1].len() == 2 || labels[n - 2] == "us")
    {
        3
    } else {
        2
    };
    if n <= keep {
        return host;
    }
    let skip: usize = labels[..n - keep].iter().map(|l| l.len() + 1).sum();
    &host[skip..]
}

/// Whether a host belongs to the held-out domains.
pub(crate) fn domain_is_heldout(host: &str, share: f64) -> bool {
    is_heldout(&format!("domain:{}", site_key(host)), share)
}

/// (train, held-out) parts of the pool, by a stable hash of the site.
pub(crate) fn split_pool(pool: &[String], share: f64) -> (Vec<String>, Vec<String>) {
    pool.iter()
        .cloned()
        .partition(|d| !domain_is_heldout(host_of(d), share))
}

/// "Jonas-Siegenthaler-Jersey": ASCII words of the anchor, capitalisation kept.
pub(crate) fn slug_title(text: &str) -> String {
    ascii_words(text).join("-")
}

/// "cheap-nfl-jerseys".
pub(crate) fn slug_lower(text: &str) -> String {
    slug_title(text).to_ascii_lowercase()
}

fn ascii_words(text: &str) -> Vec<String> {
    let folded: String = text.chars().map(fold_accent).collect();
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// Latin letters with diacritics to their base letter, as slug generators do ("güns" → "guns").
fn fold_accent(c: char) -> char {
    match c {
        'à'..='å' => 'a',
        'À'..='Å' => 'A',
        'ç' => 'c',
        'Ç' => 'C',
        'è'..='ë' => 'e',
        'È'..='Ë' => 'E',
        'ì'..='ï' | 'ı' => 'i',
        'Ì'..='Ï' | 'İ' => 'I',
        'ñ' => 'n',
        'Ñ' => 'N',
        'ò'..='ö' | 'ø' => 'o',
        'Ò'..='Ö' | 'Ø' => 'O',
        'ù'..='ü' => 'u',
        'Ù'..='Ü' => 'U',
        'ş' => 's',
        'Ş' => 'S',
        'ğ' => 'g',
        'Ğ' => 'G',
        'ß' => 's',
        _ => c,
    }
}

/// A URL for a spam anchor on a pool entry, in the shapes real spam uses: a title-case
/// product slug (`/Jonas-Siegenthaler-Jersey`), `.html` pages, shop-script queries, the bare
/// home page, casino landing paths, or a page under a hacked site's deep path.
pub(crate) fn spam_url<R: Rng>(entry: &str, category: &str, anchor: &str, rng: &mut R) -> String {
    let host = host_of(entry);
    let base = &entry[host.len()..];
    let scheme = if rng.gen_bool(0.6) {
        "https://"
    } else {
        "http://"
    };
    let mut lower = slug_lower(anchor);
    let mut title = slug_title(anchor);
    if lower.is_empty() {
        lower = category.to_string();
        title = category.to_string();
    }
    let n = rng.gen_range(100..99_999);
    if !base.is_empty() {
        let tail = match rng.gen_range(0..6) {
            0 | 1 => format!("{lower}/"),
            2 => format!("?{lower}"),
            3 => format!("{lower}.html"),
            4 => format!("index.php?id={lower}"),
            _ => String::new(),
        };
        return format!("{scheme}{host}{base}{tail}");
    }
    let www = if host.matches('.').count() == 1 && rng.gen_bool(0.45) {
        "www."
    } else {
        ""
    };
    let path = match category {
        "jersey" if rng.gen_bool(0.5) => format!("/{title}"),
        "casino" if rng.gen_bool(0.6) => match rng.gen_range(0..6) {
            0 => "/".to_string(),
            1 => String::new(),
            2 => "/slot-gacor/".to_string(),
            3 => format!("/?ref={}", stable_hash(&lower) % 100_000),
            4 => "/link-alternatif/".to_string(),
            _ => format!("/{lower}/"),
        },
        _ => match rng.gen_range(0..10) {
            0 => format!("/{title}"),
            1 => format!("/{lower}.html"),
            2 => format!("/products/{lower}"),
            3 | 4 => format!("/{lower}/"),
            5 => format!("/index.php?main_page=product_info&products_id={n}"),
            6 => format!("/?p={n}"),
            7 => String::new(),
            8 => "/".to_string(),
            _ => format!("/{category}/{lower}-p-{n}.html"),
        },
    };
    format!("{scheme}{www}{host}{path}")
}

/// A link-wheel target: an unrelated site's page whose path echoes the hijacked word
/// (`http://dundalksimon.ie/human-rights/`).
pub(crate) fn wheel_url<R: Rng>(entry: &str, word: &str, rng: &mut R) -> String {
    let host = host_of(entry);
    let base = &entry[host.len()..];
    let scheme = if rng.gen_bool(0.5) {
        "https://"
    } else {
        "http://"
    };
    let slug = {
        let s = slug_lower(word);
        if s.is_empty() {
            "page".to_string()
        } else {
            s
        }
    };
    if !base.is_empty() {
        return format!("{scheme}{host}{base}{slug}/");
    }
    let extra = [
        "notes", "guide", "tips", "ideas", "update", "story", "rights", "news",
    ];
    match rng.gen_range(0..6) {
        0 | 1 => format!("{scheme}{host}/{slug}/"),
        2 => format!(
            "{scheme}{host}/{}/{:02}/{slug}-{}/",
            rng.gen_range(2008..2025),
            rng.gen_range(1..13),
            extra.choose(rng).unwrap_or(&"notes")
        ),
        3 => format!("{scheme}{host}/tag/{slug}/"),
        4 => format!("{scheme}{host}/?p={}", rng.gen_range(10..9999)),
        _ => format!(
            "{scheme}{host}/{}-{slug}/",
            extra.choose(rng).unwrap_or(&"notes")
        ),
    }
}
