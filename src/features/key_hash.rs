//! The hash of a hashed-feature key: FNV-1a 64 over the key's parts, every run of ASCII
//! digits read as one `0`. The model file stores weights per bucket of this hash, so it
//! must never change; it is computed incrementally, so that keys sharing a prefix (a
//! character 4-gram and the 3-gram it extends) hash the prefix once and no key is ever
//! built as a string at inference.

const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0100_0000_01b3;

/// A key hash in progress: feed it the key's parts in order.
#[derive(Debug, Clone, Copy)]
pub struct KeyHash {
    state: u64,
    /// The last byte fed was a digit: a digit run continues across parts.
    in_digits: bool,
}

impl KeyHash {
    pub const fn new() -> KeyHash {
        KeyHash {
            state: OFFSET_BASIS,
            in_digits: false,
        }
    }

    /// This hash with `part` appended to the key.
    #[inline]
    pub fn with(mut self, part: &str) -> KeyHash {
        for &b in part.as_bytes() {
            let digit = b.is_ascii_digit();
            if digit && self.in_digits {
                continue;
            }
            self.in_digits = digit;
            self.state ^= u64::from(if digit { b'0' } else { b });
            self.state = self.state.wrapping_mul(PRIME);
        }
        self
    }

    pub fn finish(self) -> u64 {
        self.state
    }
}

/// The hash of the key made of `parts`, concatenated.
pub fn key_hash(parts: &[&str]) -> u64 {
    parts
        .iter()
        .fold(KeyHash::new(), |h, part| h.with(part))
        .finish()
}

/// The key text as hashed, for naming buckets.
pub fn key_text(parts: &[&str]) -> String {
    let mut out = String::new();
    for c in parts.iter().flat_map(|p| p.chars()) {
        // Every digit is written as `0`, so a trailing `0` means the run has begun.
        if c.is_ascii_digit() {
            if !out.ends_with('0') {
                out.push('0');
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_keys_hash_as_fnv1a_64() {
        assert_eq!(key_hash(&[]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(key_hash(&["a"]), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(key_hash(&["foobar"]), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn hashes_do_not_depend_on_how_a_key_is_split() {
        assert_eq!(key_hash(&["^", "jer"]), key_hash(&["^jer"]));
        assert_ne!(key_hash(&["jer"]), key_hash(&["^jer"]));
        let prefix = KeyHash::new().with("^je");
        assert_eq!(prefix.with("r").finish(), key_hash(&["^jer"]));
    }

    #[test]
    fn numbers_hash_as_their_shape() {
        assert_eq!(key_hash(&["p:", "232660"]), key_hash(&["p:0"]));
        assert_eq!(key_hash(&["v12", "3x4"]), key_hash(&["v0x0"]));
        assert_ne!(key_hash(&["v0x0"]), key_hash(&["v0"]));
        assert_eq!(
            KeyHash::new().with("a1").with("2").finish(),
            key_hash(&["a0"])
        );
        assert_eq!(key_text(&["p:", "2326", "60b7"]), "p:0b0");
    }
}
