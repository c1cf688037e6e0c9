//! The front end: whatever Nix's grammar accepts, nixvm compiles; whatever it rejects fails
//! with a located error (`nixvm_fuzz::check::parse`).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| nixvm_fuzz::check::parse(data));
