//! JSON for `builtins.fromJSON` and `builtins.toJSON`, matching current Nix: parsing
//! follows nlohmann::json (which Nix uses) down to its error messages, with Nix's own checks
//! (NUL bytes, the integer range) made where Nix makes them; writing follows nlohmann's
//! compact dump, floats included.

pub use super::data::{Data, TimestampKind};

mod float;
mod lexer;
mod parser;
mod write;

/// The bytes a JSON string holds as they are, when reading and when writing: printable
/// ASCII (and DEL) but `"` and `\`. Everything else needs a closer look.
static PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0x20;
    while b < 0x80 {
        t[b] = b != b'"' as usize && b != b'\\' as usize;
        b += 1;
    }
    t
};

pub use parser::{Builder, JsonError, JsonErrorKind, parse_json, parse_json_with};
pub use write::{Utf8Error, to_json, write_json_float, write_json_int, write_json_string};

#[cfg(test)]
mod tests;
