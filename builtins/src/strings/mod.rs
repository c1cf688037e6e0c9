//! The string builtins: the basic ones ([`basic`]), [`replace`]ment, string [`context`],
//! [`regex`] matching and splitting, and [`versions`].

pub mod basic;
pub mod context;
pub mod regex;
pub mod replace;
pub mod versions;
