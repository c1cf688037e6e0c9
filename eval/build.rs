//! Builds the parser's LALR(1) tables from Nix's grammar (`src/syntax/lalr.rs`) and writes
//! them to `OUT_DIR/lalr_tables.rs`, so that no run spends time building them.

// The grammar's modules, compiled here as well; the build script uses only part of them.
#![allow(dead_code)]

#[path = "src/syntax/grammar.rs"]
mod grammar;
#[path = "src/syntax/lalr.rs"]
mod lalr;
#[path = "src/syntax/token.rs"]
mod token;

fn main() {
    for file in ["grammar.rs", "lalr.rs", "token.rs"] {
        println!("cargo::rerun-if-changed=src/syntax/{file}");
    }
    let tables = lalr::build().unwrap_or_else(|e| panic!("conflicts in Nix's grammar: {e}"));
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let path = std::path::Path::new(&out).join("lalr_tables.rs");
    std::fs::write(&path, lalr::write_rust(&tables)).expect("OUT_DIR is writable");
}
