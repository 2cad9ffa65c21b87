//! Derives the reversed two-word index (`second first` for every two-word
//! key of the bigram and phrase maps) from the embedded assets, so that
//! the words that can precede a word are one range scan away.

use std::path::PathBuf;

use fst::{IntoStreamer, Map, SetBuilder, Streamer};

fn main() {
    let mut keys: Vec<Vec<u8>> = Vec::new();
    for asset in ["assets/bigrams.fst", "assets/phrases.fst"] {
        println!("cargo::rerun-if-changed={asset}");
        let bytes = std::fs::read(asset).unwrap_or_else(|e| panic!("{asset}: {e}"));
        let map = Map::new(bytes).unwrap_or_else(|e| panic!("{asset}: {e}"));
        let mut stream = map.into_stream();
        while let Some((k, _)) = stream.next() {
            let Some(i) = k.iter().position(|&b| b == b' ') else {
                continue;
            };
            let (first, second) = (&k[..i], &k[i + 1..]);
            if second.contains(&b' ') {
                continue;
            }
            let mut r = Vec::with_capacity(k.len());
            r.extend_from_slice(second);
            r.push(b' ');
            r.extend_from_slice(first);
            keys.push(r);
        }
    }
    keys.sort_unstable();
    keys.dedup();
    let mut b = SetBuilder::memory();
    b.extend_iter(keys).expect("sorted unique keys");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(
        out.join("preceders.fst"),
        b.into_inner().expect("in-memory fst"),
    )
    .expect("writing preceders.fst");
}
