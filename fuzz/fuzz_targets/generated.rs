//! Well-formed programs from the generator, using every construct and builtin: each parses
//! and evaluates to a value or a located error within the limits
//! (`nixvm_fuzz::check::generated`).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| nixvm_fuzz::check::generated(data));
