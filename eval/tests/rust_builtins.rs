//! Builtins written in Rust: closures with state, in `builtins`, documented, with errors
//! placed like any builtin's.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use nixvm::{ErrorKind, Evaluator, RawError, Value, convert};

fn with_kv_store() -> (Evaluator, Rc<RefCell<BTreeMap<String, i64>>>) {
    let store = Rc::new(RefCell::new(BTreeMap::new()));
    let put = store.clone();
    let get = store.clone();
    let ev = Evaluator::builder()
        .builtin(
            "kvPut",
            &["key", "value"],
            "Stores an integer under a key; returns the key.",
            move |args| {
                let key: String = args.get(0)?;
                put.borrow_mut().insert(key.clone(), args.get(1)?);
                convert::to_nix(&key)
            },
        )
        .builtin(
            "kvGet",
            &["key"],
            "The integer stored under a key.",
            move |args| {
                let key: String = args.get(0)?;
                match get.borrow().get(&key) {
                    Some(v) => Ok(Value::Int(*v)),
                    None => Err(RawError::new(ErrorKind::Throw(format!("no key '{key}'")))),
                }
            },
        )
        .build();
    (ev, store)
}

#[test]
fn a_closure_keeps_state_between_calls() {
    let (ev, store) = with_kv_store();
    let v = ev
        .eval_expr(r#"builtins.seq (builtins.kvPut "a" (20 + 1)) (builtins.kvGet "a" * 2)"#)
        .unwrap();
    assert_eq!(v.as_int().unwrap(), 42);
    assert_eq!(store.borrow().get("a"), Some(&21));
    // Also in scope as `__kvGet`, as builtins are.
    assert_eq!(
        ev.eval_expr(r#"__kvGet "a""#).unwrap().as_int().unwrap(),
        21
    );
}

#[test]
fn it_is_a_builtin_like_the_others() {
    let (ev, _) = with_kv_store();
    let names: Vec<String> = ev.eval_as("builtins.attrNames builtins").unwrap();
    assert!(names.iter().any(|n| n == "kvPut") && names.iter().any(|n| n == "map"));
    assert_eq!(
        ev.eval_expr("builtins.typeOf builtins.kvGet")
            .unwrap()
            .as_str()
            .unwrap(),
        "lambda"
    );
    assert_eq!(
        ev.eval_expr("builtins.kvPut")
            .unwrap()
            .print(false)
            .unwrap(),
        "<PRIMOP>"
    );
    // Its documentation is there for `:doc`.
    let Value::Builtin(def) = ev.eval_expr("builtins.kvGet").unwrap().into_value() else {
        panic!("a builtin")
    };
    assert_eq!(def.doc, "The integer stored under a key.");
    assert_eq!(def.params[0].name, "key");
    // Partial application, and lazy use.
    let v = ev
        .eval_expr(r#"let put = builtins.kvPut "b"; in builtins.seq (put 7) (builtins.kvGet "b")"#)
        .unwrap();
    assert_eq!(v.as_int().unwrap(), 7);
}

#[test]
fn its_arguments_are_evaluated_and_its_errors_located() {
    let (ev, _) = with_kv_store();
    // An error evaluating an argument is that error.
    let e = ev
        .eval_expr(r#"builtins.kvPut "x" (throw "bad value")"#)
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Throw(m) if m == "bad value"));
    // An argument that does not convert.
    let e = ev.eval_expr(r#"builtins.kvPut "x" "1""#).unwrap_err();
    assert_eq!(e.message(), "invalid type: string \"1\", expected i64");
    assert!(
        e.rendered().contains("while calling the 'kvPut' builtin"),
        "{}",
        e.rendered()
    );
    assert_eq!(e.location().unwrap().line, 1);
    // The closure's own error; a throw is catchable as any throw.
    let e = ev.eval_expr(r#"builtins.kvGet "nope""#).unwrap_err();
    assert_eq!(e.message(), "no key 'nope'");
    let caught = ev
        .eval_expr(r#"(builtins.tryEval (builtins.kvGet "nope")).success"#)
        .unwrap();
    assert!(!caught.as_bool().unwrap());
}

#[test]
fn a_rust_builtin_replaces_a_builtin_of_its_name() {
    let ev = Evaluator::builder()
        .builtin("getEnv", &["name"], "A fixed environment.", |args| {
            let name: String = args.get(0)?;
            convert::to_nix(if name == "USER" { "alice" } else { "" })
        })
        .build();
    assert_eq!(
        ev.eval_expr(r#"builtins.getEnv "USER""#)
            .unwrap()
            .as_str()
            .unwrap(),
        "alice"
    );
    assert_eq!(
        ev.eval_expr(r#"__getEnv "USER""#)
            .unwrap()
            .as_str()
            .unwrap(),
        "alice"
    );
}

#[test]
fn evaluators_made_in_a_loop_share_the_definitions() {
    let defs: Vec<usize> = (0..3)
        .map(|_| {
            let ev = Evaluator::builder()
                .builtin("one", &["x"], "One.", |_| Ok(Value::Int(1)))
                .build();
            match ev.eval_expr("builtins.one").unwrap().into_value() {
                Value::Builtin(def) => def as *const _ as usize,
                _ => panic!("a builtin"),
            }
        })
        .collect();
    assert!(defs.windows(2).all(|w| w[0] == w[1]));
}
