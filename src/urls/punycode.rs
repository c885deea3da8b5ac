//! RFC 3492 decoding of `xn--` labels, so that hosts are reported as people read them.
//!
//! The `url` crate only encodes; its IDNA dependency is not ours to name, and a decoder is
//! forty lines.

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;

/// Decode every `xn--` label of a dotted ASCII host; a label that does not decode (or is
/// longer than DNS allows, which also bounds the quadratic insertion below) stays as it was.
pub(super) fn host_to_unicode(ascii: &str) -> String {
    // Nearly every host has no punycode label: spare the split and a string per label.
    let has_punycode = ascii
        .as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"xn--"));
    if !has_punycode {
        return ascii.to_string();
    }
    ascii
        .split('.')
        .map(|label| {
            let lower = label.to_ascii_lowercase();
            match lower.strip_prefix("xn--") {
                Some(code) if label.len() <= 63 => {
                    decode(code).unwrap_or_else(|| label.to_string())
                }
                _ => label.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

fn decode(input: &str) -> Option<String> {
    let (basic, extended) = match input.rfind('-') {
        Some(p) => (&input[..p], &input[p + 1..]),
        None => ("", input),
    };
    if !basic.is_ascii() || extended.is_empty() {
        return None;
    }
    let mut out: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (128u32, 0u32, 72u32);
    let mut digits = extended.bytes();
    let mut pending = digits.len();
    while pending > 0 {
        let old_i = i;
        let mut w = 1u32;
        let mut k = BASE;
        loop {
            let digit = match digits.next()? {
                b @ b'a'..=b'z' => u32::from(b - b'a'),
                b @ b'A'..=b'Z' => u32::from(b - b'A'),
                b @ b'0'..=b'9' => u32::from(b - b'0') + 26,
                _ => return None,
            };
            pending -= 1;
            i = i.checked_add(digit.checked_mul(w)?)?;
            let t = if k <= bias {
                T_MIN
            } else if k >= bias + T_MAX {
                T_MAX
            } else {
                k - bias
            };
            if digit < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k += BASE;
        }
        let len = out.len() as u32 + 1;
        bias = adapt(i - old_i, len, old_i == 0);
        n = n.checked_add(i / len)?;
        i %= len;
        out.insert(i as usize, char::from_u32(n)?);
        i += 1;
    }
    Some(out.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_known_labels() {
        assert_eq!(host_to_unicode("xn--e1afmkfd.xn--p1ai"), "пример.рф");
        assert_eq!(host_to_unicode("xn--mnchen-3ya.de"), "münchen.de");
        assert_eq!(host_to_unicode("www.example.com"), "www.example.com");
    }

    #[test]
    fn bad_punycode_is_kept() {
        assert_eq!(host_to_unicode("xn--.com"), "xn--.com");
        assert_eq!(
            host_to_unicode("xn--99999999999.com"),
            "xn--99999999999.com"
        );
    }
}
