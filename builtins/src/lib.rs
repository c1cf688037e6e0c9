//! The builtins of nixvm, grouped by topic, each declared with [`builtins!`] and listed
//! once in [`registry`].

#![forbid(unsafe_code)]

#[macro_use]
mod macros;

pub mod arithmetic;
pub mod attrs;
pub mod control;
pub mod corepkgs;
pub mod derivation;
pub mod environment;
pub mod fetchers;
pub mod files;
pub mod flakes;
pub mod formats;
pub mod hashing;
pub mod lists;
pub mod reflect;
pub mod registry;
pub mod store;
pub mod strings;
pub mod support;
pub mod types;
