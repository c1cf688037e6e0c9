//! The builtins of nixvm, grouped by topic, each declared with [`builtins!`] and listed
//! once in [`registry`].

#![forbid(unsafe_code)]

#[macro_use]
mod macros;

pub mod access;
pub mod args;
pub mod arithmetic;
pub mod attrs;
pub mod canon;
pub mod closure;
pub mod coerce;
pub mod context;
pub mod control;
pub mod corepkgs;
pub mod defer;
pub mod derivation;
pub mod environment;
pub mod fetchers;
pub mod files;
pub mod flakes;
pub mod formats;
pub mod from_data;
pub mod hashing;
pub mod import;
pub mod list_fns;
pub mod lists;
pub mod order;
pub mod reflect;
pub mod regexes;
pub mod registry;
pub mod replace;
pub mod sort;
pub mod store;
pub mod strings;
pub mod to_json;
pub mod to_xml;
pub mod types;
pub mod versions;
