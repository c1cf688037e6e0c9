//! Looking at how values were written: `functionArgs` (a function's formal arguments) and
//! `unsafeGetAttrPos` (where an attribute was defined).

use nixvm_value::symbol::well_known;
use nixvm_value::{Attr, Error, Host, NixAttrs, Symbol, Value};

use crate::support::args;

fn function_args(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    match a[0].shallow() {
        // A builtin written in Nix has its function's formals; primops have none.
        Value::Builtin(b) => Ok(Value::Attrs(match b.lambda {
            Some(l) => NixAttrs::from_unsorted_first_wins(
                l.formals
                    .iter()
                    .map(|&(name, default)| Attr::new(Symbol::new(name), Value::Bool(default)))
                    .collect(),
            ),
            None => NixAttrs::empty(),
        })),
        Value::PartialApp(_) => Ok(Value::Attrs(NixAttrs::empty())),
        Value::Closure(c) => {
            let Some(formals) = c.lambda.formals() else {
                return Ok(Value::Attrs(NixAttrs::empty()));
            };
            let attrs = formals
                .entries
                .iter()
                .map(|f| Attr {
                    name: f.name,
                    pos: Some(f.pos),
                    value: Value::Bool(f.has_default),
                })
                .collect();
            Ok(Value::Attrs(NixAttrs::from_unsorted_first_wins(attrs)))
        }
        _ => Err(Error::eval("'functionArgs' requires a function")),
    }
}

fn unsafe_get_attr_pos(host: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let name = args::string_no_ctx_arg(a, 0, "unsafeGetAttrPos")?;
    let set = args::attrs(a, 1, "unsafeGetAttrPos")?;
    let Some(attr) = set.get_attr(Symbol::intern(name.as_bytes())) else {
        return Ok(Value::Null);
    };
    let Some(pos) = attr.pos.and_then(|p| host.resolve_pos(p)) else {
        return Ok(Value::Null);
    };
    // Current Nix gives positions in files only; an expression given on the command line
    // («string», «stdin») has none.
    if !pos.file.starts_with('/') {
        return Ok(Value::Null);
    }
    Ok(Value::Attrs(NixAttrs::from_unsorted_first_wins(vec![
        Attr::new(well_known::file(), Value::string(&pos.file)),
        Attr::new(well_known::line(), Value::Int(pos.line as i64)),
        Attr::new(well_known::column(), Value::Int(pos.column as i64)),
    ])))
}

builtins! {
    /// Return a set mapping the names of the formal arguments of the function `f` to
    /// whether each has a default value (`{}` for `x: …` and for builtins).
    FUNCTION_ARGS = "functionArgs"(f: strict) => function_args;
    /// Return `{ file; line; column; }`, where the attribute `s` of `set` was defined, or
    /// null.
    UNSAFE_GET_ATTR_POS = "unsafeGetAttrPos"(s: strict, set: strict) => unsafe_get_attr_pos;
}
