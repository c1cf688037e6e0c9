//! The list builtins: element access and building ([`elements`]), lists processed with a
//! function ([`callbacks`]), [`sort`] and [`generic_closure`].

pub mod callbacks;
pub mod elements;
pub mod generic_closure;
pub mod sort;
