//! Adds builtins written in Rust: a closure with state (a counter) and one that gives Nix
//! access to a Rust lookup table, each with its documentation line.
//!
//! `cargo run --example rust_builtin`

use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

use nixvm::{ErrorKind, Evaluator, RawError, convert};

pub fn evaluator(counter: Rc<Cell<u64>>) -> Evaluator {
    let ports = BTreeMap::from([("http", 80), ("https", 443), ("ssh", 22)]);
    Evaluator::builder()
        .builtin(
            "nextId",
            &["prefix"],
            "A new identifier: the prefix and a number counted up from 1.",
            move |args| {
                let prefix: String = args.get(0)?;
                counter.set(counter.get() + 1);
                convert::to_nix(&format!("{prefix}-{}", counter.get()))
            },
        )
        .builtin(
            "servicePort",
            &["service"],
            "The well-known port of a service; throws for an unknown one.",
            move |args| {
                let name: String = args.get(0)?;
                match ports.get(name.as_str()) {
                    Some(port) => convert::to_nix(port),
                    None => Err(RawError::new(ErrorKind::Throw(format!(
                        "unknown service '{name}'"
                    )))),
                }
            },
        )
        .build()
}

pub const PROGRAM: &str = r#"
let
  service = name: { id = builtins.nextId name; port = builtins.servicePort name; };
in {
  services = map service [ "http" "ssh" ];
  fallback = (builtins.tryEval (builtins.servicePort "gopher")).success;
}
"#;

#[allow(dead_code)]
fn main() {
    let counter = Rc::new(Cell::new(0));
    let ev = evaluator(counter.clone());
    match ev.eval_expr(PROGRAM).and_then(|v| v.print(true)) {
        Ok(text) => println!("{text}\n(nextId was called {} times)", counter.get()),
        Err(e) => {
            eprintln!("{}", e.rendered());
            std::process::exit(1);
        }
    }
}
