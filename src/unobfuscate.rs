//! Spellings that hide a word from a filter while it still reads the same to people: a
//! zero-width or soft-hyphen character inside it ("che\u{200b}ap"), or Cyrillic and Greek
//! look-alike letters mixed into a Latin word ("\u{441}heap", "vi\u{430}gra"). Features see
//! the word as read; offsets are untouched, since only the token's word changes.

use std::borrow::Cow;

/// Characters that show nothing (or only at a line break) inside a word.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// The Latin letter a Cyrillic or Greek letter is drawn like, for the letters whose
/// lower- or upper-case forms are indistinguishable in common fonts.
fn latin_look_alike(c: char) -> Option<char> {
    Some(match c {
        // Cyrillic
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'һ' => 'h',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ӏ' => 'l',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'У' => 'Y',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        // Greek
        'α' => 'a',
        'ο' => 'o',
        'ν' => 'v',
        'ρ' => 'p',
        'ι' => 'i',
        'κ' => 'k',
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        _ => return None,
    })
}

/// `word` as it reads: invisible characters dropped, and look-alike letters made Latin
/// when the word mixes them with Latin letters. A word wholly in Cyrillic or Greek is a
/// word of that language and stays as it is.
pub fn fold(word: &str) -> Cow<'_, str> {
    // Every hiding character and look-alike is outside ASCII; most words are not.
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    let invisible = word.chars().any(is_invisible);
    let mixed = word.chars().any(|c| c.is_ascii_alphabetic())
        && word.chars().any(|c| latin_look_alike(c).is_some());
    if !invisible && !mixed {
        return Cow::Borrowed(word);
    }
    Cow::Owned(
        word.chars()
            .filter(|&c| !is_invisible(c))
            .map(|c| {
                if mixed {
                    latin_look_alike(c).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_spellings_read_as_the_word() {
        assert_eq!(fold("\u{441}heap"), "cheap");
        assert_eq!(fold("vi\u{430}gra"), "viagra");
        assert_eq!(fold("\u{421}ialis"), "Cialis");
        assert_eq!(fold("che\u{200b}ap"), "cheap");
        assert_eq!(fold("vi\u{200d}agra"), "viagra");
        assert_eq!(fold("ci\u{ad}alis"), "cialis");
        assert_eq!(fold("\u{3bd}i\u{3b1}gra"), "viagra");
    }

    #[test]
    fn real_words_of_any_script_are_left_alone() {
        for word in [
            "cheap",
            "Москва",
            "сайт",
            "καλημέρα",
            "中文",
            "naïve",
            "Jersey",
        ] {
            assert!(matches!(fold(word), Cow::Borrowed(_)), "{word}");
        }
        // A Cyrillic word with an invisible character loses only that.
        assert_eq!(fold("сай\u{200b}т"), "сайт");
    }
}
