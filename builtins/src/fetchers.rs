//! The fetchers: `fetchurl`, `fetchTarball`, `fetchGit`, `fetchMercurial`, `fetchTree`,
//! `fetchClosure` and `getFlake`.
//!
//! They all need the network and a store to put what they fetch in, neither of which nixvm
//! has yet. They exist (so that `builtins ? fetchGit` is as in Nix) and fail with a clear
//! error when called, without evaluating their argument.

use nixvm_value::{Error, ErrorKind, Host, Value};

fn unsupported(name: &str) -> Error {
    Error::new(ErrorKind::Unsupported(format!(
        "builtins.{name} is not supported yet: nixvm cannot download, and has no store to put downloads in"
    )))
}

macro_rules! fetcher {
    ($fname:ident, $name:literal) => {
        fn $fname(_: &mut dyn Host, _: &[Value]) -> Result<Value, Error> {
            Err(unsupported($name))
        }
    };
}

fetcher!(fetchurl, "fetchurl");
fetcher!(fetch_tarball, "fetchTarball");
fetcher!(fetch_git, "fetchGit");
fetcher!(fetch_mercurial, "fetchMercurial");
fetcher!(fetch_tree, "fetchTree");
fetcher!(fetch_closure, "fetchClosure");
fetcher!(get_flake, "getFlake");

builtins! {
    /// Download a file from `arg` (a URL, or `{ url; sha256 ? …; name ? …; }`) into the
    /// store (not supported by nixvm yet).
    FETCHURL = "fetchurl"(arg) sync strict(0) => fetchurl;
    /// Download and unpack a tarball into the store (not supported by nixvm yet).
    FETCH_TARBALL = "fetchTarball"(args) sync strict(0) => fetch_tarball;
    /// Fetch a tree from a git repository into the store (not supported by nixvm yet).
    FETCH_GIT = "fetchGit"(args) sync strict(0) => fetch_git;
    /// Fetch a tree from a Mercurial repository into the store (not supported by nixvm
    /// yet).
    FETCH_MERCURIAL = "fetchMercurial"(args) sync strict(0) => fetch_mercurial;
    /// Fetch a source tree described by `input` into the store (not supported by nixvm
    /// yet; needs the fetch-tree or flakes feature).
    FETCH_TREE = "fetchTree"(input) sync strict(0) => fetch_tree;
    /// Fetch a store path closure from a binary cache (not supported by nixvm yet; needs
    /// the fetch-closure feature).
    FETCH_CLOSURE = "fetchClosure"(args) sync strict(0) => fetch_closure;
    /// Fetch a flake and return its outputs (not supported by nixvm yet; needs the flakes
    /// feature).
    GET_FLAKE = "getFlake"(args) sync strict(0) => get_flake;
}

/// The builtins of this file, for the registry.
pub static ALL: &[&nixvm_value::BuiltinDef] = &[
    &FETCHURL,
    &FETCH_TARBALL,
    &FETCH_GIT,
    &FETCH_MERCURIAL,
    &FETCH_TREE,
    &FETCH_CLOSURE,
    &GET_FLAKE,
];
