//! Parses arbitrary bytes as a WARC file and checks that every document it
//! yields has an id and some text, and every error is one line. Inputs
//! starting with the gzip magic bytes (1f 8b) reach the decompressing
//! reader.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspin_text::warc_records;

fuzz_target!(|data: &[u8]| {
    for record in warc_records("fuzz.warc", data) {
        match record {
            Ok(r) => {
                assert!(!r.id.is_empty());
                assert!(!r.text.trim().is_empty());
            }
            Err(e) => {
                let message = e.to_string();
                assert!(!message.contains('\n'), "{message}");
            }
        }
    }
});
