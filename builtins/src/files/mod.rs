//! The builtins that read files: how a value becomes a readable path ([`access`]), reading
//! files and directories ([`read`]), and loading code ([`import`]).

pub mod access;
pub mod import;
pub mod read;
