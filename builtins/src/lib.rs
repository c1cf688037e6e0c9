//! The builtins of nixvm, grouped by topic, each declared with [`builtins!`] and listed
//! once in [`registry`].

#[macro_use]
mod macros;

pub mod args;
pub mod arithmetic;
pub mod attrs;
pub mod canon;
pub mod coerce;
pub mod context;
pub mod control;
pub mod flakeref;
pub mod flakes;
pub mod hash;
pub mod hashing;
pub mod import;
pub mod lists;
pub mod regex;
pub mod regexes;
pub mod registry;
pub mod replace;
pub mod strings;
pub mod types;
pub mod versions;
