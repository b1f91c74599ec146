//! Fuzzes the organisation (setup) file parser with arbitrary UTF-8 text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use samverka_service::setup::{Known, parse};

fuzz_target!(|text: &str| {
    // No codes stored yet: the file must define everything it refers to.
    let _ = parse("setup.toml", text, &Known::default());
});
