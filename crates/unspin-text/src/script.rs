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

/// `char::is_alphabetic` with fast answers for the blocks common in
/// European text (the standard library's lookup for non-ASCII characters
/// is a comparatively slow table search).
#[inline]
pub(crate) fn is_alpha(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return c.is_ascii_alphabetic();
    }
    match u {
        0xC0..=0x24F => u != 0xD7 && u != 0xF7,
        0x400..=0x481 | 0x48A..=0x52F => true,
        0x2000..=0x206F => false,
        0x4E00..=0x9FFF | 0xAC00..=0xD7A3 => true,
        _ => c.is_alphabetic(),
    }
}

/// `char::is_alphanumeric`, with the fast answers of [`is_alpha`].
#[inline]
pub(crate) fn is_alnum(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    match u {
        0xC0..=0x24F => u != 0xD7 && u != 0xF7,
        0x400..=0x481 | 0x48A..=0x52F => true,
        0x2000..=0x206F => false,
        0x4E00..=0x9FFF | 0xAC00..=0xD7A3 => true,
        _ => c.is_alphanumeric(),
    }
}

/// Letters of the Latin-1, Latin Extended-A, Greek, Cyrillic and CJK
/// blocks that NFKC leaves unchanged in any context (no compatibility
/// decomposition, combining class 0, never composed with what precedes).
#[inline]
pub(crate) fn is_nfkc_stable_letter(c: char) -> bool {
    matches!(c as u32,
        0xC0..=0x131 | 0x134..=0x13E | 0x141..=0x148 | 0x14A..=0x17E
        | 0x386 | 0x388..=0x3CE | 0x400..=0x482 | 0x48A..=0x4FF | 0x4E00..=0x9FFF)
}

/// Appends the lower case of `c`, with fast paths for Latin-1, Greek and
/// Cyrillic capitals.
#[inline]
pub(crate) fn push_lowercase(c: char, out: &mut String) {
    let u = c as u32;
    let lower = match u {
        0..=0x7F => u8::try_from(u).map_or(c, |b| char::from(b.to_ascii_lowercase())),
        0xC0..=0xDE if u != 0xD7 => char::from_u32(u + 0x20).unwrap_or(c),
        0xDF..=0xFF | 0x3AC..=0x3CE | 0x430..=0x45F => c,
        0x391..=0x3A9 if u != 0x3A2 => char::from_u32(u + 0x20).unwrap_or(c),
        0x410..=0x42F => char::from_u32(u + 0x20).unwrap_or(c),
        0x400..=0x40F => char::from_u32(u + 0x50).unwrap_or(c),
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push(lower);
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
        && is_alpha(c)
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
        } else if is_alpha(c) {
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
        // The fast paths agree with the standard library everywhere.
        for u in 0..=0x10FFFFu32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(is_alpha(c), c.is_alphabetic(), "{u:X}");
                assert_eq!(is_alnum(c), c.is_alphanumeric(), "{u:X}");
                let mut lower = String::new();
                push_lowercase(c, &mut lower);
                assert_eq!(lower, c.to_lowercase().collect::<String>(), "{u:X}");
                if is_nfkc_stable_letter(c) {
                    use unicode_normalization::UnicodeNormalization;
                    assert_eq!(
                        unicode_normalization::is_nfkc_quick(std::iter::once(c)),
                        unicode_normalization::IsNormalized::Yes,
                        "{u:X}"
                    );
                    // Stable after any letter, too.
                    let pair: String = ['a', c].iter().collect();
                    assert_eq!(pair.nfkc().collect::<String>(), pair, "{u:X}");
                }
            }
        }
    }
}
