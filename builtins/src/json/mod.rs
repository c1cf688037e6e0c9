//! JSON for `builtins.fromJSON` and `builtins.toJSON`, matching current Nix: parsing
//! follows nlohmann::json (which Nix uses) down to its error messages, with Nix's own checks
//! (NUL bytes, the integer range) made where Nix makes them; writing follows nlohmann's
//! compact dump, floats included.

pub use super::data::{Data, TimestampKind};

mod float;
mod lexer;
mod parser;
mod write;

pub use parser::{Builder, JsonError, JsonErrorKind, parse_json, parse_json_with};
pub use write::{Utf8Error, to_json, write_json_float, write_json_int, write_json_string};

#[cfg(test)]
mod tests;
