//! `toJSON` and `toXML` keep the string context of everything they print, and the
//! `--json`/`--xml` outputs work through the library API.

use nixvm::{Evaluator, NixString, Value};
use nixvm_value::{ContextElem, NixContext};

fn with_context(text: &str, path: &str) -> Value {
    let ctx: NixContext = [ContextElem::Opaque(path.into())].into();
    Value::String(NixString::with_context(text.as_bytes().to_vec(), ctx))
}

fn builtin(ev: &Evaluator, name: &str) -> Value {
    ev.eval_expr(&format!("builtins.{name}")).unwrap().into()
}

#[test]
fn to_json_and_to_xml_keep_context() {
    let ev = Evaluator::new();
    let make = ev.eval_expr("a: b: { inherit a; list = [ b ]; }").unwrap();
    let a = with_context("/nix/store/aaaa-a", "/nix/store/aaaa-a");
    let b = with_context("/nix/store/bbbb-b", "/nix/store/bbbb-b");
    let v = ev.call(&make, vec![a, b]).unwrap();
    for name in ["toJSON", "toXML"] {
        let f = builtin(&ev, name);
        let out = ev.call(&f, vec![v.clone()]).unwrap();
        let Value::String(s) = out.into_value() else {
            panic!("{name} returns a string")
        };
        let paths: Vec<&str> = s
            .context()
            .expect("a context")
            .iter()
            .map(|c| c.path())
            .collect();
        assert_eq!(paths, ["/nix/store/aaaa-a", "/nix/store/bbbb-b"], "{name}");
    }
}

#[test]
fn json_and_xml_output() {
    let ev = Evaluator::new();
    let v = ev.eval_expr("{ b = [ 1 2.5 ]; a = \"x\"; }").unwrap();
    assert_eq!(ev.to_json(&v, true).unwrap(), br#"{"a":"x","b":[1,2.5]}"#);
    let xml = String::from_utf8(ev.to_xml(&v, true, false).unwrap()).unwrap();
    assert!(xml.starts_with("<?xml version='1.0' encoding='utf-8'?>\n<expr>\n  <attrs>\n"));
    assert!(xml.contains("<float value=\"2.5\" />"));
    // Without --strict, a value nobody has forced yet cannot be printed as JSON.
    let lazy = ev.eval_expr("{ a = 1 + 1; }").unwrap();
    let err = ev.to_json(&lazy, false).unwrap_err();
    assert_eq!(err.message(), "cannot convert a thunk to JSON");
    let xml = String::from_utf8(ev.to_xml(&lazy, false, false).unwrap()).unwrap();
    assert!(xml.contains("<unevaluated />"));
}
