//! `:t`: what a value is, in Nix's words ("an integer", "the built-in function 'map'"). A
//! small set also lists its attributes with their types, which `nix repl` does not.

use nixvm::{Error, Value};

use super::session::{Session, identifier};

/// Sets with at most this many attributes have them listed.
const MAX_LISTED: usize = 10;

/// The description of a value in weak head normal form.
pub fn describe(s: &mut Session, v: &Value) -> Result<String, Error> {
    let mut text = type_of(v);
    if let Value::Attrs(a) = v
        && !a.is_empty()
        && a.len() <= MAX_LISTED
    {
        let mut attrs: Vec<(String, Value)> = a
            .iter()
            .map(|at| (at.name.to_str_lossy().into_owned(), at.value.clone()))
            .collect();
        attrs.sort_by(|x, y| x.0.cmp(&y.0));
        for (name, value) in attrs {
            let ty = match s.ev.force(&value) {
                Ok(v) => type_of(&v),
                Err(e) if super::interrupt::is_interrupt(&e) => return Err(e),
                Err(e) => format!("an error: {}", e.message()),
            };
            text.push_str(&format!("\n  {}: {ty}", identifier(&name)));
        }
    }
    Ok(text)
}

/// Nix's `showType` of a value.
pub fn type_of(v: &Value) -> String {
    match v {
        Value::String(s) if s.has_context() => "a string with context".into(),
        Value::Builtin(b) => format!("the built-in function '{}'", b.name),
        Value::PartialApp(p) => format!("the partially applied built-in function '{}'", p.def.name),
        Value::Thunk(t) if t.is_blackholed() => "a black hole".into(),
        other => other.value_type().with_article().into(),
    }
}
