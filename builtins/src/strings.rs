//! Strings: `toString`, `concatStringsSep`.

use nixvm_value::expect::{expect_list, expect_string};
use nixvm_value::{Coercion, Error, GenCo, StringBuilder, Value};

use crate::args::in_arg;

async fn to_string(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    Ok(Value::String(
        co.coerce(a[0].clone(), Coercion::TO_STRING).await,
    ))
}

async fn concat_strings_sep(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let sep = co.force(a[0].clone()).await;
    let sep = in_arg(expect_string(&sep), 0, "concatStringsSep")?;
    let l = co.force(a[1].clone()).await;
    let l = in_arg(expect_list(&l), 1, "concatStringsSep")?;
    let mut out = StringBuilder::new();
    for (i, x) in l.iter().enumerate() {
        if i > 0 {
            out.push(&sep);
        }
        let s = co.coerce(x.clone(), Coercion::INTERPOLATION).await;
        out.push(&s);
    }
    Ok(Value::String(out.finish()))
}

builtins! {
    /// Convert `e` to a string: strings, paths, numbers, Booleans, null, lists, and sets
    /// with `__toString` or `outPath`.
    TO_STRING = "toString"(e) gen => to_string;
    /// Concatenate a list of strings with the separator `separator` between them.
    CONCAT_STRINGS_SEP = "concatStringsSep"(separator, list) gen => concat_strings_sep;
}

/// The builtins of this file, for the registry.
pub static ALL: &[&nixvm_value::BuiltinDef] = &[&TO_STRING, &CONCAT_STRINGS_SEP];
