//! Flake references as Nix values: `parseFlakeRef` and `flakeRefToString`, on top of the
//! parser and printer in [`nixvm_flakeref`].

use nixvm_value::expect::expect_attrs;
use nixvm_value::{Attr, Error, GenCo, Host, NixAttrs, NixString, Symbol, Value};

use crate::support::args::{self, forced, in_context};
use nixvm_flakeref::{FlakeAttr, flake_ref_to_string, invalid_attr_type_message, parse_flake_ref};

fn flake_error(e: nixvm_flakeref::Error) -> Error {
    Error::eval(e.message())
}

fn parse_flake_ref_builtin(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let s = in_context(
        nixvm_value::expect::expect_string(&a[0]).and_then(args::no_context),
        "while evaluating the argument passed to builtins.parseFlakeRef",
    )?;
    let attrs = parse_flake_ref(s.as_bytes())
        .map_err(flake_error)?
        .into_iter()
        .map(|(name, v)| {
            let v = match v {
                FlakeAttr::Str(s) => Value::String(NixString::from_vec(s)),
                FlakeAttr::Int(i) => Value::Int(i),
                FlakeAttr::Bool(b) => Value::Bool(b),
            };
            Attr::new(Symbol::intern(&name), v)
        })
        .collect();
    Ok(Value::Attrs(NixAttrs::from_unsorted_first_wins(attrs)))
}

async fn flake_ref_to_string_builtin(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let set = forced(
        &co,
        a[0].clone(),
        expect_attrs,
        "while evaluating the argument passed to builtins.flakeRefToString",
    )
    .await?;
    let mut attrs = Vec::with_capacity(set.len());
    for attr in set.iter() {
        let name = attr.name.as_bytes();
        let v = match co.force(attr.value.clone()).await {
            Value::Int(i) => FlakeAttr::Int(i),
            Value::Bool(b) => FlakeAttr::Bool(b),
            // The strings' contexts are dropped, as in Nix.
            Value::String(s) => FlakeAttr::Str(s.as_bytes().to_vec()),
            other => {
                return Err(Error::eval(invalid_attr_type_message(
                    name,
                    other.value_type().with_article(),
                )));
            }
        };
        attrs.push((name.to_vec(), v));
    }
    attrs.sort_by(|x, y| x.0.cmp(&y.0));
    let url = flake_ref_to_string(&attrs).map_err(flake_error)?;
    Ok(Value::String(NixString::from_vec(url)))
}

builtins! {
    /// Parse the flake reference `flake-ref` into its attribute-set form, e.g.
    /// `{ type = "github"; owner = "NixOS"; repo = "nixpkgs"; ref = "23.05"; }`.
    PARSE_FLAKE_REF = "parseFlakeRef"(flake_ref: strict) => parse_flake_ref_builtin;
    /// Convert a flake reference in attribute-set form to its URL form, e.g.
    /// `"github:NixOS/nixpkgs/23.05?dir=lib"`.
    FLAKE_REF_TO_STRING = "flakeRefToString"(attrs) => gen flake_ref_to_string_builtin;
}
