//! Any text, evaluated and printed: a value or a located error within the limits, never a
//! panic, a crash or a hang (`nixvm_fuzz::check::eval`).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| nixvm_fuzz::check::eval(data));
