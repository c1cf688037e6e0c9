//! What nixvm's fuzz targets check, and the generator of well-formed programs they and the
//! differential test against Nix share.
//!
//! * [`check::parse`]: whatever Nix's grammar accepts, nixvm compiles; what it rejects
//!   fails with a located error.
//! * [`check::generated`]: a program from [`program::generate`] parses, and evaluates to a value
//!   or a located error within the limits.
//! * [`check::eval`]: any text evaluates to a value or a located error within the limits.
//!
//! The fuzz targets in `fuzz_targets/` call these; `seeds.rs` runs them over the seed
//! corpus as a normal test.

#![forbid(unsafe_code)]

pub mod check;
pub mod program;
pub mod source;
