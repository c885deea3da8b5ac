//! Character references in attribute values and text. lol_html hands both over as written
//! (it rewrites, so it never decodes), and the few references spam uses to dress up a link
//! list (`&nbsp;`, `&middot;`, `&raquo;`, numeric ones) are all the detector needs.

/// Decode character references; unknown ones stay as written.
pub(super) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        match decode_one(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference at the start of `s` (which begins with `&`) stands for, and the
/// reference's length in bytes.
pub(super) fn decode_one(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (radix, start) = match b.get(2) {
            Some(b'x' | b'X') => (16, 3),
            _ => (10, 2),
        };
        let mut j = start;
        while j < b.len() && j - start < 8 && char::from(b[j]).is_digit(radix) {
            j += 1;
        }
        if j == start {
            return None;
        }
        let code = u32::from_str_radix(&s[start..j], radix).ok()?;
        let c = char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}');
        if b.get(j) == Some(&b';') {
            j += 1;
        }
        return Some((c, j));
    }
    let mut j = 1;
    while j < b.len() && j < 12 && b[j].is_ascii_alphanumeric() {
        j += 1;
    }
    if b.get(j) != Some(&b';') {
        return None;
    }
    let c = match &s[1..j] {
        "amp" | "AMP" => '&',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "nbsp" => '\u{a0}',
        "middot" => '·',
        "bull" => '•',
        "ndash" => '–',
        "mdash" => '—',
        "raquo" => '»',
        "laquo" => '«',
        "rsaquo" => '›',
        "lsaquo" => '‹',
        "hellip" => '…',
        "vert" | "verbar" => '|',
        "sol" => '/',
        "colon" => ':',
        "comma" => ',',
        "period" => '.',
        "copy" => '©',
        "reg" => '®',
        _ => return None,
    };
    Some((c, j + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("&quot;a&#39;&lt;&gt;&#x41;&#66&bogus;&"),
            "\"a'<>AB&bogus;&"
        );
        assert_eq!(decode_entities("&#0;&#xFFFFFFFF;"), "\u{FFFD}\u{FFFD}");
    }
}
