//! Reads a configuration file written in Nix into a Rust struct, with serde.
//!
//! `cargo run --example config [FILE]` (default: `eval/examples/config.nix`).

use std::path::PathBuf;

use serde::Deserialize;

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    pub listen: Listen,
    pub workers: u32,
    pub backends: Vec<Backend>,
    pub log_level: LogLevel,
}

#[derive(Deserialize, Debug)]
pub struct Listen {
    pub host: String,
    pub port: u16,
}

#[derive(Deserialize, Debug)]
pub struct Backend {
    pub name: String,
    pub address: String,
    pub weight: u32,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Error,
    Info,
    Debug,
}

/// Evaluates the file (imports and all, as `nix-instantiate` would) and fills the struct.
pub fn load(path: &std::path::Path) -> Result<Config, nixvm::Error> {
    let ev = nixvm::Evaluator::impure();
    ev.eval_file(path)?.deserialize()
}

pub fn default_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/config.nix")
}

#[allow(dead_code)]
fn main() {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(default_path);
    match load(&path) {
        Ok(config) => println!("{config:#?}"),
        Err(e) => {
            // The error as Nix prints it, with where it happened.
            eprintln!("{}", e.rendered());
            std::process::exit(1);
        }
    }
}
