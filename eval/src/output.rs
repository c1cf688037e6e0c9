//! Printing results as `nix-instantiate --eval` does.

use nixvm_value::Value;
use nixvm_value::print::{PrintOptions, print_value, print_value_into};

/// The value in `nix-instantiate --eval` format, with invalid UTF-8 replaced.
pub fn ambiguous(v: &Value) -> String {
    print_value(v, &PrintOptions::AMBIGUOUS)
}

/// The value in `nix-instantiate --eval` format, as raw bytes.
pub fn ambiguous_bytes(v: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    print_value_into(&mut out, v, &PrintOptions::AMBIGUOUS);
    out
}
