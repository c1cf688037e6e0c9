//! The builtins of nixvm, grouped by topic, each declared with [`builtins!`] and listed
//! once in [`registry`].

#[macro_use]
mod macros;

pub mod args;
pub mod arithmetic;
pub mod attrs;
pub mod control;
pub mod data;
pub mod formats;
pub mod from_data;
pub mod hash;
pub mod import;
pub mod json;
pub mod lists;
pub mod registry;
pub mod strings;
pub mod to_json;
pub mod to_xml;
pub mod toml;
pub mod types;
