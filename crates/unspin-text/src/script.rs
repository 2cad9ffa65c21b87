//! Character classes shared by folding, normalisation and homoglyph
//! detection: Latin letters, look-alike letters of other scripts and
//! invisible characters.

/// Zero-width and invisible formatting characters that spinners insert
/// inside words to defeat matching: zero-width space, non-joiner, joiner,
/// word joiner, byte-order mark (zero-width no-break space), soft hyphen.
#[inline]
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// A letter of the Latin script (ASCII, Latin-1, the Latin Extended blocks,
/// IPA), but not the fullwidth forms, which count as look-alikes.
#[inline]
pub(crate) fn is_latin_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    matches!(c as u32,
        0x00C0..=0x02AF | 0x1D00..=0x1DBF | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F
        | 0xA720..=0xA7FF | 0xAB30..=0xAB6F | 0xFB00..=0xFB06)
        && c.is_alphabetic()
}

/// The script name reported for a look-alike character.
pub(crate) fn script_of(c: char) -> &'static str {
    match c as u32 {
        0x0370..=0x03FF | 0x1F00..=0x1FFF => "Greek",
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => "Cyrillic",
        0x0530..=0x058F => "Armenian",
        0x13A0..=0x13FF | 0xAB70..=0xABBF => "Cherokee",
        0xFF00..=0xFFEF => "Fullwidth",
        0x1D400..=0x1D7FF => "Mathematical",
        _ => "other",
    }
}

/// The Latin letter (or digit) that `c` is commonly mistaken for, when `c`
/// belongs to another script (Cyrillic, Greek, Armenian, Cherokee) or is a
/// fullwidth or mathematical form of a Latin letter.
#[inline]
pub(crate) fn confusable(c: char) -> Option<char> {
    if (c as u32) < 0x0370 {
        return None;
    }
    let latin = match c {
        // Cyrillic small letters.
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
        'ӏ' => 'l',
        'һ' => 'h',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ѵ' => 'v',
        'ү' => 'y',
        'ё' => 'ë',
        'ї' => 'ï',
        // Cyrillic capital letters.
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
        'Ү' => 'Y',
        'Ѕ' => 'S',
        'І' => 'I',
        'Ј' => 'J',
        'Ӏ' => 'I',
        'Ԛ' => 'Q',
        'Ԝ' => 'W',
        'Ѵ' => 'V',
        'Ё' => 'Ë',
        'Ї' => 'Ï',
        // Greek small letters.
        'ο' => 'o',
        'α' => 'a',
        'ν' => 'v',
        'ι' => 'i',
        'κ' => 'k',
        'ρ' => 'p',
        'υ' => 'u',
        'χ' => 'x',
        'ϲ' => 'c',
        'ϳ' => 'j',
        // Greek capital letters.
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
        'Ϲ' => 'C',
        'Ϳ' => 'J',
        // Armenian.
        'օ' => 'o',
        'ս' => 'u',
        'ո' => 'n',
        'հ' => 'h',
        'ց' => 'g',
        'զ' => 'q',
        'Օ' => 'O',
        'Ս' => 'U',
        'Լ' => 'L',
        // Cherokee capitals that look like Latin capitals.
        'Ꭺ' => 'A',
        'Ᏼ' => 'B',
        'Ꮯ' => 'C',
        'Ꭼ' => 'E',
        'Ꮋ' => 'H',
        'Ꭻ' => 'J',
        'Ꮶ' => 'K',
        'Ꮇ' => 'M',
        'Ꮲ' => 'P',
        'Ꮪ' => 'S',
        'Ꭲ' => 'T',
        'Ꮩ' => 'V',
        'Ꮃ' => 'W',
        'Ꮓ' => 'Z',
        // Fullwidth Latin letters and digits.
        '\u{FF21}'..='\u{FF3A}' => char::from(b'A' + (c as u32 - 0xFF21) as u8),
        '\u{FF41}'..='\u{FF5A}' => char::from(b'a' + (c as u32 - 0xFF41) as u8),
        '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (c as u32 - 0xFF10) as u8),
        // Mathematical alphanumeric symbols (bold, italic, script, ...).
        '\u{1D400}'..='\u{1D7FF}' => {
            let mut out = None;
            unicode_normalization::char::decompose_compatible(c, |d| {
                if d.is_ascii_alphanumeric() {
                    out = Some(d);
                }
            });
            return out;
        }
        _ => return None,
    };
    Some(latin)
}

/// Whether a word mixes Latin letters with look-alike letters in a way that
/// suggests a homoglyph substitution: it has at least one Latin letter, at
/// least one look-alike, and no letter of another script that has no Latin
/// look-alike (so "Москва" or a Russian word with one stray Latin letter is
/// not mixed, but "Mоscow" with a Cyrillic "о" is).
pub(crate) fn is_mixed_latin(word: &str) -> bool {
    let mut latin = false;
    let mut lookalike = false;
    for c in word.chars() {
        if c.is_ascii() {
            latin |= c.is_ascii_alphabetic();
        } else if is_latin_letter(c) {
            latin = true;
        } else if confusable(c).is_some() {
            lookalike = true;
        } else if c.is_alphabetic() {
            return false;
        }
    }
    latin && lookalike
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_latin_letter('é'));
        assert!(!is_latin_letter('а'));
        assert_eq!(confusable('а'), Some('a'));
        assert_eq!(confusable('Ο'), Some('O'));
        assert_eq!(confusable('ｅ'), Some('e'));
        assert_eq!(confusable('𝐞'), Some('e'));
        assert_eq!(confusable('a'), None);
        assert_eq!(confusable('ж'), None);
        assert_eq!(script_of('а'), "Cyrillic");
        assert_eq!(script_of('ο'), "Greek");
        assert!(is_mixed_latin("pаyment"));
        assert!(!is_mixed_latin("москва"));
        assert!(!is_mixed_latin("мaма"));
        assert!(!is_mixed_latin("payment"));
        assert!(is_invisible('\u{200B}'));
    }
}
