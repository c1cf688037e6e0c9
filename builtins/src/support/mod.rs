//! What builtins share: checking arguments with Nix's context lines ([`args`]), coercing
//! to strings ([`coerce`]).

pub mod args;
pub mod coerce;
