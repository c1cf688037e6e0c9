//! Values between Nix and Rust through serde.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use nixvm::{ErrorKind, Evaluator};

#[derive(Deserialize, Serialize, Debug, PartialEq)]
struct Config {
    name: String,
    port: u16,
    ratio: f64,
    debug: bool,
    tags: Vec<String>,
    owner: Option<String>,
    limits: BTreeMap<String, u64>,
    mode: Mode,
    backends: Vec<Backend>,
}

#[derive(Deserialize, Serialize, Debug, PartialEq)]
#[serde(rename_all = "lowercase")]
enum Mode {
    Fast,
    Safe,
}

#[derive(Deserialize, Serialize, Debug, PartialEq)]
enum Backend {
    Local(String),
    Remote { host: String, port: u16 },
}

const CONFIG: &str = r#"
let base = 8000; in {
  name = "web" + "-1";
  port = base + 80;
  ratio = 1;
  debug = false;
  tags = map (t: "tag-" + t) [ "a" "b" ];
  owner = null;
  limits = { cpu = 2; memory = 1024 * 1024; };
  mode = "safe";
  backends = [ { Local = "/run/sock"; } { Remote = { host = "h"; port = 22; }; } ];
  comment = throw "never read";
}"#;

fn expected() -> Config {
    Config {
        name: "web-1".into(),
        port: 8080,
        ratio: 1.0,
        debug: false,
        tags: vec!["tag-a".into(), "tag-b".into()],
        owner: None,
        limits: BTreeMap::from([("cpu".into(), 2), ("memory".into(), 1 << 20)]),
        mode: Mode::Safe,
        backends: vec![
            Backend::Local("/run/sock".into()),
            Backend::Remote {
                host: "h".into(),
                port: 22,
            },
        ],
    }
}

#[test]
fn a_set_fills_a_struct_forcing_only_what_it_reads() {
    let ev = Evaluator::new();
    let c: Config = ev.eval_as(CONFIG).unwrap();
    assert_eq!(c, expected());
}

#[test]
fn a_rust_value_goes_to_nix_and_back() {
    let ev = Evaluator::new();
    let v = ev.to_value(&expected()).unwrap();
    assert_eq!(v.get("port").unwrap().as_int().unwrap(), 8080);
    assert_eq!(
        v.get("backends").unwrap().print(true).unwrap(),
        r#"[ { Local = "/run/sock"; } { Remote = { host = "h"; port = 22; }; } ]"#
    );
    let back: Config = v.deserialize().unwrap();
    assert_eq!(back, expected());
    // Through a Nix function.
    let f = ev
        .eval_expr(r#"c: c // { port = c.port + 1; tags = c.tags ++ [ "new" ]; }"#)
        .unwrap();
    let changed: Config = f.call([v]).unwrap().deserialize().unwrap();
    assert_eq!(changed.port, 8081);
    assert_eq!(changed.tags, ["tag-a", "tag-b", "new"]);
}

#[test]
fn a_nix_value_is_written_out_by_any_serde_format() {
    let ev = Evaluator::new();
    let v = ev
        .eval_expr(r#"{ b = [ 1 2.5 null true ]; a = "x" + "y"; p = /etc/hosts; }"#)
        .unwrap();
    assert_eq!(
        serde_json::to_string(&v).unwrap(),
        r#"{"a":"xy","b":[1,2.5,null,true],"p":"/etc/hosts"}"#
    );
    // A derivation (any set with an outPath) is written as its path, as toJSON does.
    let v = ev
        .eval_expr(r#"{ pkg = { type = "derivation"; outPath = "/nix/store/x"; }; }"#)
        .unwrap();
    assert_eq!(
        serde_json::to_string(&v).unwrap(),
        r#"{"pkg":"/nix/store/x"}"#
    );
}

#[test]
fn what_cannot_be_converted_is_a_located_error() {
    let ev = Evaluator::new();
    // A value of the wrong type, where it was defined.
    let e = ev
        .eval_as::<Config>(&CONFIG.replace("port = base + 80", "port = \"80\""))
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Conversion(_)));
    assert_eq!(
        e.message(),
        "invalid type: string \"80\", expected u16 (at 'port')"
    );
    assert_eq!(e.location().unwrap().line, 4);
    // A number out of the type's range, inside a list.
    let e = ev.eval_as::<Vec<u8>>("[ 1 2 300 ]").unwrap_err();
    assert_eq!(
        e.message(),
        "invalid value: integer `300`, expected u8 (at '[2]')"
    );
    // A function.
    let e = ev
        .eval_as::<BTreeMap<String, i64>>("{ f = x: x; }")
        .unwrap_err();
    assert_eq!(
        e.message(),
        "a function cannot be converted to a Rust value (at 'f')"
    );
    // An error while evaluating a part is that error.
    let e = ev
        .eval_as::<Vec<i64>>(r#"[ 1 (throw "boom") ]"#)
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Throw(m) if m == "boom"));
    // A missing field.
    let e = ev.eval_as::<Config>("{ name = \"x\"; }").unwrap_err();
    assert_eq!(e.message(), "missing field `port`");
}

#[test]
fn a_value_that_contains_itself_is_an_error_not_a_hang() {
    #[derive(Deserialize, Debug)]
    struct Tree {
        #[allow(dead_code)]
        a: Option<Box<Tree>>,
    }
    let ev = Evaluator::new();
    let e = ev.eval_as::<Tree>("let x = { a = x; }; in x").unwrap_err();
    assert_eq!(e.message(), "the value contains itself (at 'a')");
    let v = ev.eval_expr("let x = { a = [ x ]; }; in x").unwrap();
    let e = serde_json::to_string(&v).unwrap_err();
    assert_eq!(e.to_string(), "the value contains itself (at 'a[0]')");
    let e = serde_json::to_string(&ev.eval_expr("{ f = x: x; }").unwrap()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "a function cannot be written out as data (at 'f')"
    );
}

#[test]
fn a_deep_value_is_an_error_not_a_stack_overflow() {
    let ev = Evaluator::new();
    let deep = "let f = n: if n == 0 then null else [ (f (n - 1)) ]; in f 100000";
    let e = ev.eval_as::<serde_json::Value>(deep).unwrap_err();
    assert!(
        e.message()
            .starts_with("the value is nested more than 128 levels deep")
    );
    let e = serde_json::to_string(&ev.eval_expr(deep).unwrap()).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("the value is nested more than 128 levels deep")
    );
    // And the other way.
    let mut v = serde_json::Value::Null;
    for _ in 0..1000 {
        v = serde_json::Value::Array(vec![v]);
    }
    let e = ev.to_value(&v).unwrap_err();
    assert!(
        e.message()
            .starts_with("the value is nested more than 128 levels deep")
    );
}

#[test]
fn rust_integers_that_do_not_fit_are_errors() {
    let ev = Evaluator::new();
    let e = ev.to_value(&u64::MAX).unwrap_err();
    assert_eq!(
        e.message(),
        "the integer 18446744073709551615 does not fit in a Nix integer"
    );
    assert_eq!(ev.to_value(&-5i8).unwrap().as_int().unwrap(), -5);
}
