//! What builtins share: checking arguments with Nix's context lines ([`args`]), coercing
//! to strings ([`coerce`]), comparing scalars without the VM ([`order`]) and canonical
//! paths ([`canon`]).

pub mod args;
pub mod canon;
pub mod coerce;
pub mod order;
