//! The hash of the Bloom filters over word lists (`store::WordFilter`),
//! shared by the build script that derives the filters and the code that
//! reads them.
//!
//! A string of two words ("got here") hashes as the combination of its
//! words' hashes, so that whether a pair of words is in a list can be asked
//! from the hashes of the two words alone, each worked out once.

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of a word.
pub fn word_hash(word: &[u8]) -> u64 {
    let mut h = FNV_START;
    for &b in word {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The hash of two words written with a space between them, from their
/// [`word_hash`]es.
pub fn pair_hash(first: u64, second: u64) -> u64 {
    // The finaliser of SplitMix64 over an asymmetric combination.
    let mut x = first.rotate_left(23) ^ second.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The filter hash of a string: [`pair_hash`] for two words and a space,
/// [`word_hash`] otherwise.
pub fn filter_hash(s: &[u8]) -> u64 {
    let mut spaces = s.iter().enumerate().filter(|&(_, &b)| b == b' ');
    match (spaces.next(), spaces.next()) {
        (Some((i, _)), None) => pair_hash(word_hash(&s[..i]), word_hash(&s[i + 1..])),
        _ => word_hash(s),
    }
}
