//! Attribute sets: `attrNames`, `attrValues`, `getAttr`, `hasAttr`, `removeAttrs`,
//! `listToAttrs`, `mapAttrs`.

use nixvm_value::expect::{expect_attrs, expect_list, expect_string};
use nixvm_value::symbol::well_known;
use nixvm_value::{Attr, Error, ErrorKind, GenCo, Host, NixAttrs, NixList, Symbol, Thunk, Value};

use crate::args::{self, in_arg};

fn attr_names(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let s = args::attrs(a, 0, "attrNames")?;
    let names = s
        .sorted()
        .into_iter()
        .map(|attr| Value::string(attr.name.as_bytes()))
        .collect();
    Ok(Value::List(NixList::new(names)))
}

fn attr_values(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let s = args::attrs(a, 0, "attrValues")?;
    let values = s
        .sorted()
        .into_iter()
        .map(|attr| attr.value.clone())
        .collect();
    Ok(Value::List(NixList::new(values)))
}

fn get_attr(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let name = args::string(a, 0, "getAttr")?;
    let s = args::attrs(a, 1, "getAttr")?;
    let sym = Symbol::intern(name.as_bytes());
    match s.get(sym) {
        Some(v) => Ok(v.clone()),
        None => Err(Error::new(ErrorKind::AttributeMissing {
            name: name.to_str_lossy().into_owned(),
            suggestions: Vec::new(),
        })),
    }
}

fn has_attr(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let name = args::string(a, 0, "hasAttr")?;
    let s = args::attrs(a, 1, "hasAttr")?;
    Ok(Value::Bool(s.contains(Symbol::intern(name.as_bytes()))))
}

async fn remove_attrs(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let s = co.force(a[0].clone()).await;
    let s = in_arg(expect_attrs(&s), 0, "removeAttrs")?;
    let l = co.force(a[1].clone()).await;
    let l = in_arg(expect_list(&l), 1, "removeAttrs")?;
    let mut names = Vec::with_capacity(l.len());
    for x in l.iter() {
        let n = co.force(x.clone()).await;
        let n = in_arg(expect_string(&n), 1, "removeAttrs")?;
        names.push(Symbol::intern(n.as_bytes()));
    }
    Ok(Value::Attrs(s.remove_all(&names)))
}

async fn list_to_attrs(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let l = co.force(a[0].clone()).await;
    let l = in_arg(expect_list(&l), 0, "listToAttrs")?;
    let mut attrs = Vec::with_capacity(l.len());
    for x in l.iter() {
        let item = co.force(x.clone()).await;
        let item = expect_attrs(&item).map_err(|e| {
            e.with_trace(
                None,
                "while evaluating an element of the list passed to builtins.listToAttrs",
            )
        })?;
        let Some(name) = item.get(well_known::name()) else {
            return Err(Error::new(ErrorKind::AttributeMissing {
                name: "name".into(),
                suggestions: Vec::new(),
            })
            .with_trace(None, "in a {name=...; value=...;} pair"));
        };
        let name = co.force(name.clone()).await;
        let name = expect_string(&name).map_err(|e| {
            e.with_trace(
                None,
                "while evaluating the `name` attribute of an element of the list passed to builtins.listToAttrs",
            )
        })?;
        let Some(value) = item.get_attr(well_known::value()) else {
            return Err(Error::new(ErrorKind::AttributeMissing {
                name: "value".into(),
                suggestions: Vec::new(),
            })
            .with_trace(None, "in a {name=...; value=...;} pair"));
        };
        attrs.push(Attr {
            name: Symbol::intern(name.as_bytes()),
            pos: value.pos,
            value: value.value.clone(),
        });
    }
    Ok(Value::Attrs(NixAttrs::from_unsorted_first_wins(attrs)))
}

fn map_attrs(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let s = args::attrs(a, 1, "mapAttrs")?;
    let f = &a[0];
    Ok(Value::Attrs(s.map_values(|attr| {
        let partial = Value::Thunk(Thunk::new_apply(
            f.clone(),
            Value::string(attr.name.as_bytes()),
        ));
        Value::Thunk(Thunk::new_apply(partial, attr.value.clone()))
    })))
}

builtins! {
    /// Return the names of the attributes in the set `set`, sorted alphabetically.
    ATTR_NAMES = "attrNames"(set) sync strict(0b1) => attr_names;
    /// Return the values of the attributes in the set `set`, in the order of their sorted
    /// names.
    ATTR_VALUES = "attrValues"(set) sync strict(0b1) => attr_values;
    /// Return the attribute `s` of the set `set` (`set.${s}`).
    GET_ATTR = "getAttr"(s, set) sync strict(0b11) => get_attr;
    /// Return whether the set `set` has an attribute named `s`.
    HAS_ATTR = "hasAttr"(s, set) sync strict(0b11) => has_attr;
    /// Remove the attributes named in the list `list` from the set `set`.
    REMOVE_ATTRS = "removeAttrs"(set, list) gen => remove_attrs;
    /// Construct a set from a list of `{ name = …; value = …; }` sets; the first of
    /// duplicate names wins.
    LIST_TO_ATTRS = "listToAttrs"(e) gen => list_to_attrs;
    /// Apply `f` to every attribute name and value of `attrset`, lazily.
    MAP_ATTRS = "mapAttrs"(f, attrset) sync strict(0b10) => map_attrs;
}

/// The builtins of this file, for the registry.
pub static ALL: &[&nixvm_value::BuiltinDef] = &[
    &ATTR_NAMES,
    &ATTR_VALUES,
    &GET_ATTR,
    &HAS_ATTR,
    &REMOVE_ATTRS,
    &LIST_TO_ATTRS,
    &MAP_ATTRS,
];
