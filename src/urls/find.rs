//! Finding URLs written in running text: prose, markdown or HTML source.
//!
//! A hand-written scanner rather than one big regex: the bare `domain.tld` form needs the
//! public suffix list and context checks a regex cannot express, and restarting a greedy
//! regex after each rejected candidate would be quadratic on long dotted runs. Here every
//! character is looked at a bounded number of times: a candidate may only start where the
//! previous character cannot belong to a host, so host scans never overlap.

use std::ops::Range;

use super::{UrlForm, UrlMatch};

/// TLDs that prose actually names sites under. A bare `name.tld` without a path must end
/// in one of these: most other ccTLDs double as file extensions or abbreviations
/// ("setup.py", "notes.md", "Mr.Smith"), and an unknown TLD is rejected by the PSL anyway.
const WEB_TLDS: &str =
    "com net org info biz edu gov mil int us uk de fr ru it nl es pl br in au ca jp cn io co \
    me tv cc eu ch at be se dk fi ie nz za mx ar cl kr tw hk sg my ph vn th tr gr pt cz hu \
    ro ua kz ir su ws fm gg ai ly top xyz online site shop store club vip win men accountant \
    cricket loan bid review party trade science stream download racing faith webcam date \
    work click link live pro tech blog news space website fun icu today life world asia mobi \
    app dev agency ltd group media buzz rest bar casino bet poker porn sex xxx rocks ninja \
    guru tokyo london nyc berlin cloud host press company services solutions email рф";

/// TLDs that are far more often file extensions; a bare form under them is refused even
/// with a path ("lib.rs/x" is a path in a repository, not a Serbian site).
const FILE_EXT_TLDS: &str = "py sh rs md pm so ps ml mov zip ac am";

/// Names that are file stems, refused as a bare `name.tld` without a path ("main.cc").
const FILE_STEMS: &str =
    "index main setup config readme file test tests package module lib util utils script \
    style styles default app makefile build";

/// Whether `word` is one of the whitespace-separated entries of `list`.
fn listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

/// Longest host accepted (DNS limit); longer dotted runs are prose or garbage.
const MAX_HOST: usize = 253;

pub(super) fn find_urls(text: &str) -> Vec<UrlMatch> {
    // Every URL form holds a "." or a ":" (a scheme, a port, an IPv6 host), and no match
    // holds whitespace. So only the whitespace-delimited chunks around those characters
    // need the scan; at the chunk's start the scanner is in the state a scan of the whole
    // text would be in after the space before it. Most words of prose are skipped unseen.
    let is_space = |b: &u8| matches!(b, b' ' | b'\t'..=b'\r');
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // Scanned up to here; when not 0, the byte here is whitespace or the text ends.
    let mut done = 0;
    for hit in memchr::memchr2_iter(b'.', b':', bytes) {
        if hit < done {
            continue;
        }
        let start = bytes[done..hit]
            .iter()
            .rposition(is_space)
            .map_or(done, |p| done + p + 1);
        let end = bytes[hit..]
            .iter()
            .position(is_space)
            .map_or(text.len(), |p| hit + p);
        scan(
            text,
            start..end,
            text[..start].chars().next_back(),
            &mut out,
        );
        done = end;
    }
    out
}

/// The URLs starting in `range` (which no URL crosses), `prev` being the character before
/// it: one pass in which every character is looked at a bounded number of times.
fn scan(text: &str, range: Range<usize>, mut prev: Option<char>, out: &mut Vec<UrlMatch>) {
    let mut i = range.start;
    while i < range.end {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if c.is_alphanumeric() && !prev.is_some_and(blocks_start) {
            // The rest of a plain word cannot start a URL either (each of its characters
            // follows a letter, digit or hyphen): step over it whole.
            if let Some(run) = plain_word_at(text, i) {
                i += run;
                prev = Some(char::from(text.as_bytes()[i - 1]));
                continue;
            }
            if let Some(m) = match_at(text, i, prev) {
                i = m.range.end;
                prev = text[..i].chars().next_back();
                out.push(m);
                continue;
            }
        }
        prev = Some(c);
        i += c.len_utf8();
        // The rest of an ASCII word cannot start a URL (each of its characters follows a
        // letter or digit): step over it without looking at each character.
        if c.is_ascii_alphanumeric() {
            let run = text.as_bytes()[i..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if run > 0 {
                i += run;
                prev = Some(char::from(text.as_bytes()[i - 1]));
            }
        }
    }
}

/// The length of the ASCII word at `start` when it is one that [`match_at`] would refuse:
/// nearly every word of prose. Its run of letters, digits and hyphens (the first host
/// label) ends at an ASCII character other than the "." of a second label or the ":" of a
/// scheme, so it is no scheme URL, no "www." host and a one-label bare host; deciding
/// that here spares the host scan of each word.
fn plain_word_at(text: &str, start: usize) -> Option<usize> {
    let rest = &text.as_bytes()[start..];
    let run = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    let plain = run > 0
        && rest
            .get(run)
            .is_none_or(|&b| b.is_ascii() && b != b'.' && b != b':');
    plain.then_some(run)
}

/// A URL starting exactly at `start`, if any; `prev` is the character before it.
pub(super) fn match_at(text: &str, start: usize, prev: Option<char>) -> Option<UrlMatch> {
    let rest = &text[start..];
    for scheme in ["http://", "https://", "ftp://"] {
        if starts_with_ignore_case(rest, scheme) {
            return scheme_url(text, start, start + scheme.len());
        }
    }
    if prev == Some('/') || prev == Some('\\') {
        return None;
    }
    if starts_with_ignore_case(rest, "www.") {
        return www_url(text, start);
    }
    bare_url(text, start)
}

/// Characters after which no URL may start: they would make it the tail of a longer
/// word, host, e-mail address or identifier.
fn blocks_start(p: char) -> bool {
    (p.is_alphanumeric() && !is_cjk(p))
        || matches!(p, '.' | '-' | '_' | '@' | '%' | '&' | '+' | '~')
}

/// Scripts written without spaces: a Chinese sentence may run straight into "example.com",
/// so these characters neither belong to a bare host nor block one from starting.
fn is_cjk(c: char) -> bool {
    const RANGES: [(u32, u32); 6] = [
        (0x3040, 0x30FF),
        (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF),
        (0xAC00, 0xD7AF),
        (0xF900, 0xFAFF),
        (0xFF00, 0xFFEF),
    ];
    RANGES
        .iter()
        .any(|&(lo, hi)| (lo..=hi).contains(&(c as u32)))
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|b| b.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn scheme_url(text: &str, start: usize, host_start: usize) -> Option<UrlMatch> {
    let host_start = skip_userinfo(text, host_start);
    let host_end = if text[host_start..].starts_with('[') {
        ipv6_end(text, host_start)?
    } else {
        let (end, _) = scan_host(text, host_start, true)?;
        let labels = labels_of(&text[host_start..end]);
        let host_ok = is_ipv4(&labels)
            || (labels.len() == 1 && labels[0].eq_ignore_ascii_case("localhost"))
            || (labels.len() >= 2 && labels.last().is_some_and(|t| tld_shaped(t)));
        if !host_ok {
            return None;
        }
        end
    };
    let end = extend(text, skip_port(text, host_end), "/?#");
    Some(UrlMatch {
        range: start..end,
        form: UrlForm::Scheme,
    })
}

fn www_url(text: &str, start: usize) -> Option<UrlMatch> {
    let (host_end, count) = scan_host(text, start, false)?;
    if count < 3 {
        return None;
    }
    let labels = labels_of(&text[start..host_end]);
    let tld = labels.last()?;
    if !tld_shaped(tld) {
        return None;
    }
    let lower = text[start..host_end].to_lowercase();
    if !psl::suffix(lower.as_bytes()).is_some_and(|s| s.is_known()) {
        return None;
    }
    let end = extend(text, skip_port(text, host_end), "/?#");
    Some(UrlMatch {
        range: start..end,
        form: UrlForm::Www,
    })
}

fn bare_url(text: &str, start: usize) -> Option<UrlMatch> {
    let (host_end, count) = scan_host(text, start, false)?;
    // Every word of prose is scanned as a host: most are one label, never a bare URL.
    if count < 2 {
        return None;
    }
    let labels = labels_of(&text[start..host_end]);
    // A port counts only when a path follows: "example.com:8080/a"; "example.com: a site"
    // is punctuation.
    let port_end = skip_port(text, host_end);
    let host_end = if text[port_end..].starts_with('/') {
        port_end
    } else {
        host_end
    };
    let next = text[host_end..].chars().next();
    let has_path = next == Some('/');
    if matches!(next, Some('@' | '_' | '('))
        || next.is_some_and(|c| c.is_alphanumeric() && !is_cjk(c))
    {
        return None;
    }
    if !bare_host_ok(&labels, has_path) {
        return None;
    }
    let end = if has_path {
        extend(text, host_end, "/")
    } else {
        host_end
    };
    Some(UrlMatch {
        range: start..end,
        form: UrlForm::Bare,
    })
}

/// The checks that make a scheme-less `name.tld` a web address and not a file name, an
/// abbreviation or two sentences run together.
fn bare_host_ok(labels: &[&str], has_path: bool) -> bool {
    let (Some(tld), true) = (labels.last(), labels.len() >= 2) else {
        return false;
    };
    if !tld_shaped(tld) {
        return false;
    }
    // "left.It was": a TLD is written in lower case unless the whole host is shouted.
    let all_upper = labels.iter().all(|l| !l.chars().any(char::is_lowercase));
    if tld.chars().any(char::is_uppercase) && !all_upper {
        return false;
    }
    let tld = tld.to_lowercase();
    let icann = psl::suffix(tld.as_bytes())
        .is_some_and(|s| s.typ() == Some(psl::Type::Icann) && s.as_bytes() == tld.as_bytes());
    if !icann || listed(FILE_EXT_TLDS, &tld) {
        return false;
    }
    let host = labels.join(".").to_lowercase();
    if psl::domain(host.as_bytes()).is_none() {
        return false;
    }
    if has_path {
        return true;
    }
    // "ASP.NET", "VB.NET": framework names, not sites.
    if all_upper && tld == "net" {
        return false;
    }
    let stem = labels[labels.len() - 2].to_lowercase();
    listed(WEB_TLDS, &tld) && !(labels.len() == 2 && listed(FILE_STEMS, &stem))
}

/// A last label that can be a TLD: letters only (any script), or punycode.
fn tld_shaped(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("xn--") {
        return !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    }
    t.chars().count() >= 2 && t.chars().all(char::is_alphabetic)
}

fn is_ipv4(labels: &[&str]) -> bool {
    labels.len() == 4
        && labels.iter().all(|l| {
            l.len() <= 3
                && l.bytes().all(|b| b.is_ascii_digit())
                && l.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

/// The end and the number of labels of the host starting at `start`: runs of letters,
/// digits and hyphens joined by single dots. A dot not followed by a label character ends
/// the host (it is sentence punctuation). None when a label is malformed or the host is
/// too long. A zero-width character between two label characters
/// ("cheap\u{200b}jerseys.com") stays in the label, so the host is not cut in two; IDNA
/// mapping drops it when the URL is parsed.
fn scan_host(text: &str, start: usize, allow_cjk: bool) -> Option<(usize, usize)> {
    let label_char = |c: char| (c.is_alphanumeric() || c == '-') && (allow_cjk || !is_cjk(c));
    let mut labels = 0;
    let mut i = start;
    loop {
        let label_start = i;
        let mut chars = text[i..].chars().peekable();
        while let Some(c) = chars.next() {
            let hidden_join = i > label_start
                && matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
                && chars.peek().is_some_and(|&n| label_char(n));
            if !label_char(c) && !hidden_join {
                break;
            }
            i += c.len_utf8();
            if i - start > MAX_HOST {
                return None;
            }
        }
        let label = &text[label_start..i];
        if label.is_empty() || label.len() > 63 || label.starts_with('-') || label.ends_with('-') {
            return None;
        }
        labels += 1;
        let mut after = text[i..].chars();
        if after.next() == Some('.') && after.next().is_some_and(label_char) {
            i += 1;
        } else {
            return Some((i, labels));
        }
    }
}

/// The labels of a host found by [`scan_host`]: no label holds a dot.
fn labels_of(host: &str) -> Vec<&str> {
    host.split('.').collect()
}

/// `user:pass@` before a host; looked for only within a short window so that a stray "@"
/// far down a path cannot make the scan revisit text.
fn skip_userinfo(text: &str, host_start: usize) -> usize {
    let mut at = None;
    for (k, c) in text[host_start..].char_indices().take(64) {
        match c {
            '@' => at = Some(host_start + k + 1),
            '/' | '?' | '#' | '[' => break,
            c if is_stop(c) => break,
            _ => {}
        }
    }
    at.unwrap_or(host_start)
}

fn ipv6_end(text: &str, start: usize) -> Option<usize> {
    let inner = &text[start + 1..];
    let close = inner
        .char_indices()
        .take(64)
        .find(|&(_, c)| !(c.is_ascii_hexdigit() || c == ':' || c == '.'))?;
    (close.1 == ']' && close.0 >= 2).then_some(start + 1 + close.0 + 1)
}

fn skip_port(text: &str, host_end: usize) -> usize {
    let rest = &text[host_end..];
    let Some(after) = rest.strip_prefix(':') else {
        return host_end;
    };
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    let next = after[digits..].chars().next();
    if (1..=5).contains(&digits) && !next.is_some_and(|c| c.is_alphanumeric()) {
        host_end + 1 + digits
    } else {
        host_end
    }
}

/// Characters that never belong to a URL in running text, besides whitespace and
/// controls: markup delimiters, quotes of any script, zero-width characters, and CJK
/// punctuation that follows a URL without a space.
const STOP_CHARS: &str = "<>\"'`\\\u{200B}\u{2060}\u{FEFF}“”‘’«»「」。，、（）【】";

fn is_stop(c: char) -> bool {
    // Nearly every character of a URL is ASCII: its stop characters are told without a
    // search of `STOP_CHARS` (for ASCII, `is_control` and `is_whitespace` cover the same
    // characters as their ASCII forms, the vertical tab being a control).
    if c.is_ascii() {
        return c.is_ascii_whitespace()
            || c.is_ascii_control()
            || matches!(c, '<' | '>' | '"' | '\'' | '`' | '\\');
    }
    c.is_whitespace() || c.is_control() || STOP_CHARS.contains(c)
}

/// HTML entities that end a URL in escaped source ("http://x.com/a&quot;").
fn is_stop_entity(rest: &str) -> bool {
    const ENTITIES: [&str; 7] = [
        "&lt;", "&gt;", "&quot;", "&#39;", "&#34;", "&apos;", "&nbsp;",
    ];
    ENTITIES.iter().any(|e| starts_with_ignore_case(rest, e))
}

/// The end of a URL whose host ends at `from`: the path runs on only if it begins with
/// one of `openers`, stops at a stop character or an unbalanced closing bracket (a
/// markdown link's ")", the "](" between markdown text and target) or a BBCode closing
/// tag ("[/url]"), and then sheds
/// trailing sentence punctuation. Brackets opened inside the path stay balanced, which
/// keeps Wikipedia's "Foo_(bar)".
fn extend(text: &str, from: usize, openers: &str) -> usize {
    if !text[from..]
        .chars()
        .next()
        .is_some_and(|c| openers.contains(c))
    {
        return from;
    }
    let mut depth = [0usize; 3];
    let mut end = from;
    for (k, c) in text[from..].char_indices() {
        let rest = &text[from + k..];
        if is_stop(c) || (c == '&' && is_stop_entity(rest)) || rest.starts_with("[/") {
            break;
        }
        let slot = match c {
            '(' | ')' => Some(0),
            '[' | ']' => Some(1),
            '{' | '}' => Some(2),
            _ => None,
        };
        if let Some(s) = slot {
            if matches!(c, '(' | '[' | '{') {
                depth[s] += 1;
            } else if depth[s] == 0 {
                break;
            } else {
                depth[s] -= 1;
            }
        }
        end = from + k + c.len_utf8();
    }
    trim_trailing(text, from, end)
}

fn trim_trailing(text: &str, floor: usize, mut end: usize) -> usize {
    while end > floor {
        let Some(c) = text[floor..end].chars().next_back() else {
            break;
        };
        let strip = match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '*' | '(' | '[' | '{' => true,
            ')' | ']' | '}' => {
                let (open, close) = match c {
                    ')' => ('(', ')'),
                    ']' => ('[', ']'),
                    _ => ('{', '}'),
                };
                let s = &text[floor..end];
                s.matches(open).count() < s.matches(close).count()
            }
            _ => false,
        };
        if !strip {
            break;
        }
        end -= c.len_utf8();
    }
    end
}

#[cfg(test)]
mod tests;
