//! Data formats for nixvm: the JSON reader and writer of `builtins.fromJSON` and
//! `builtins.toJSON`, and the TOML reader of `builtins.fromTOML`, on a neutral document
//! tree ([`Data`]) that never sees an evaluator's values.

#![forbid(unsafe_code)]

pub mod data;
pub mod json;
pub mod toml;

#[cfg(test)]
mod test_support;

pub use data::{Data, TimestampKind};
