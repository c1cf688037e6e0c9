//! Attribute sets: `attrNames`, `attrValues`, `getAttr`, `hasAttr`, `removeAttrs`,
//! `listToAttrs`, `mapAttrs`, `intersectAttrs`, `catAttrs`, `zipAttrsWith`.

use std::collections::BTreeMap;

use nixvm_value::expect::{expect_attrs, expect_function, expect_list, type_error};
use nixvm_value::memory;
use nixvm_value::symbol::well_known;
use nixvm_value::{
    Attr, Error, ErrorKind, GenCo, Host, NixAttrs, NixList, NixString, Plan, Symbol, Thunk, Value,
};

use crate::support::args::{self, forced, in_arg, string_no_ctx};

/// "while evaluating the argument passed to builtins.NAME", for builtins of one argument.
fn in_only_arg<T>(r: Result<T, Error>, builtin: &str) -> Result<T, Error> {
    r.map_err(|e| {
        e.with_trace(
            None,
            format!("while evaluating the argument passed to builtins.{builtin}"),
        )
    })
}

fn missing(name: &str, context: &'static str) -> Error {
    Error::new(ErrorKind::AttributeMissing {
        name: name.to_string(),
        suggestions: Vec::new(),
    })
    .with_trace(None, context)
}

fn attr_names(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let s = in_only_arg(expect_attrs(&a[0]), "attrNames")?;
    let names = s
        .sorted()
        .into_iter()
        .map(|attr| Value::String(NixString::from_symbol(attr.name)))
        .collect();
    Ok(Value::List(NixList::new(names)))
}

fn attr_values(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let s = in_only_arg(expect_attrs(&a[0]), "attrValues")?;
    let values = s
        .sorted()
        .into_iter()
        .map(|attr| attr.value.clone())
        .collect();
    Ok(Value::List(NixList::new(values)))
}

fn get_attr(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let name = args::string_no_ctx_arg(a, 0, "getAttr")?;
    let s = args::attrs(a, 1, "getAttr")?;
    match s.get(name.to_symbol()) {
        Some(v) => Ok(v.clone()),
        None => Err(missing(
            &name.to_str_lossy(),
            "in the attribute set under consideration",
        )),
    }
}

fn has_attr(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let name = args::string_no_ctx_arg(a, 0, "hasAttr")?;
    let s = args::attrs(a, 1, "hasAttr")?;
    Ok(Value::Bool(s.contains(name.to_symbol())))
}

/// `removeAttrs` when the list's elements are evaluated strings without context (a list
/// of names written out, or of names a builtin gave): no generator to run and no element
/// to force. Anything else goes to the generator, which forces and reports as Nix does.
fn remove_attrs_plan(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    let Value::Attrs(s) = &a[0] else {
        return Ok(Plan::Slow);
    };
    let l = match a[1].evaluated() {
        None => return Ok(Plan::Force(1)),
        Some(Value::List(l)) => l,
        Some(_) => return Ok(Plan::Slow),
    };
    let name = |x: &Value| match x {
        Value::String(n) if !n.has_context() => Some(n.to_symbol()),
        _ => None,
    };
    let mut names = Vec::with_capacity(l.len());
    for x in l.iter() {
        let found = match x {
            Value::Thunk(t) => t.with_value(name).flatten(),
            x => name(x),
        };
        match found {
            Some(n) => names.push(n),
            None => return Ok(Plan::Slow),
        }
    }
    Ok(Plan::Done(Value::Attrs(s.remove_all(&names))))
}

async fn remove_attrs(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let s = co.force(a[0].clone()).await;
    let s = in_arg(expect_attrs(&s), 0, "removeAttrs")?;
    let l = co.force(a[1].clone()).await;
    let l = in_arg(expect_list(&l), 1, "removeAttrs")?;
    let mut names = Vec::with_capacity(l.len());
    for x in l.iter() {
        let n = forced(
            &co,
            x.clone(),
            string_no_ctx,
            "while evaluating the values of the second argument passed to builtins.removeAttrs",
        )
        .await?;
        names.push(n.to_symbol());
    }
    Ok(Value::Attrs(s.remove_all(&names)))
}

const PAIR: &str = "in a {name=...; value=...;} pair";

/// Whether an element of `listToAttrs`'s list can be taken as it is: a set whose `name` is
/// a string without context already.
fn regular_pair(v: &Value) -> bool {
    let Value::Attrs(set) = v else {
        return false;
    };
    set.get(well_known::name())
        .and_then(Value::evaluated)
        .is_some_and(|n| matches!(n, Value::String(s) if !s.has_context()))
}

/// `listToAttrs` when the VM has forced the elements; anything irregular (a wrong type, a
/// missing or unevaluated name) goes to the generator, which reports it as Nix does.
fn list_to_attrs_plan(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    let l = in_only_arg(expect_list(&a[0]), "listToAttrs")?;
    reserve_pairs(l.len())?;
    let mut names = Vec::with_capacity(l.len());
    for x in l.iter() {
        let Some(item) = x.evaluated() else {
            return Ok(Plan::ForceElements {
                arg: 0,
                regular: regular_pair,
            });
        };
        let name = match &item {
            Value::Attrs(set) if regular_pair(&item) => {
                match set.get(well_known::name()).and_then(Value::evaluated) {
                    Some(Value::String(n)) => n.to_symbol(),
                    _ => unreachable!("checked by regular_pair"),
                }
            }
            _ => return Ok(Plan::Slow),
        };
        let Value::Attrs(set) = item else {
            unreachable!("checked by regular_pair")
        };
        names.push((name, set));
    }
    pairs_to_attrs(names).map(Plan::Done)
}

/// Checks that the pairs of `listToAttrs` and the set made of them fit in memory.
fn reserve_pairs(n: usize) -> Result<(), Error> {
    memory::reserve_items::<(Symbol, NixAttrs)>(n, std::mem::size_of::<Attr>())
}

/// The set of the first pair of each name.
fn pairs_to_attrs(mut names: Vec<(Symbol, NixAttrs)>) -> Result<Value, Error> {
    // A stable sort keeps the first pair of each name first.
    names.sort_by_key(|(sym, _)| *sym);
    names.dedup_by_key(|(sym, _)| *sym);
    let mut attrs = Vec::with_capacity(names.len());
    for (name, item) in names {
        let Some(value) = item.get_attr(well_known::value()) else {
            return Err(missing("value", PAIR));
        };
        attrs.push(Attr {
            name,
            pos: value.pos,
            value: value.value.clone(),
        });
    }
    Ok(Value::Attrs(NixAttrs::from_sorted(attrs)))
}

async fn list_to_attrs(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let l = co.force(a[0].clone()).await;
    let l = in_only_arg(expect_list(&l), "listToAttrs")?;
    reserve_pairs(l.len())?;
    // Nix reads every name first, and the value only of the first pair of each name.
    let mut names = Vec::with_capacity(l.len());
    for x in l.iter() {
        let item = forced(
            &co,
            x.clone(),
            expect_attrs,
            "while evaluating an element of the list passed to builtins.listToAttrs",
        )
        .await?;
        let Some(name_attr) = item.get_attr(well_known::name()) else {
            return Err(missing("name", PAIR));
        };
        let pos = name_attr.pos;
        let name = co.force(name_attr.value.clone()).await;
        let name = match string_no_ctx(&name) {
            Ok(n) => n,
            // Nix reports a name of the wrong type where the name was defined.
            Err(e) => {
                let span = co.host(move |h| pos.and_then(|p| h.span_at(p))).await;
                let e = match span {
                    Some(span) => e.with_span(span),
                    None => e,
                };
                return Err(e.with_trace(
                    span,
                    "while evaluating the `name` attribute of an element of the list passed to builtins.listToAttrs",
                ));
            }
        };
        names.push((name.to_symbol(), item));
    }
    pairs_to_attrs(names)
}

fn map_attrs(host: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let s = args::attrs(a, 1, "mapAttrs")?;
    let f = &a[0];
    let site = host.call_site();
    Ok(Value::Attrs(s.map_values(|attr| {
        let partial = Value::Thunk(Thunk::new_apply(
            f.clone(),
            Value::String(NixString::from_symbol(attr.name)),
            site,
        ));
        Value::Thunk(Thunk::new_apply(partial, attr.value.clone(), site))
    })))
}

fn intersect_attrs(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let left = args::attrs(a, 0, "intersectAttrs")?;
    let right = args::attrs(a, 1, "intersectAttrs")?;
    // Both are sorted by symbol: walk the smaller one and look names up in the larger.
    let attrs: Vec<Attr> = if left.len() < right.len() {
        left.iter()
            .filter_map(|l| right.get_attr(l.name).cloned())
            .collect()
    } else {
        right
            .iter()
            .filter(|r| left.contains(r.name))
            .cloned()
            .collect()
    };
    if attrs.len() == right.len() {
        return Ok(Value::Attrs(right));
    }
    Ok(Value::Attrs(NixAttrs::from_sorted(attrs)))
}

fn is_attrs(v: &Value) -> bool {
    matches!(v, Value::Attrs(_))
}

fn cat_attrs(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    let name = args::string_no_ctx_arg(a, 0, "catAttrs")?;
    let l = args::list(a, 1, "catAttrs")?;
    let sym = name.to_symbol();
    let mut out = Vec::new();
    // The module system calls this on long lists: look at each element in place, without
    // touching its reference count.
    let mut take = |x: &Value| -> Result<(), Error> {
        let Value::Attrs(set) = x else {
            return Err(type_error("a set", x).with_trace(
                None,
                "while evaluating an element in the list passed as second argument to builtins.catAttrs",
            ));
        };
        if let Some(v) = find(set, sym) {
            out.push(v.clone());
        }
        Ok(())
    };
    for x in l.iter() {
        match x {
            Value::Thunk(t) => match t.with_value(&mut take) {
                Some(r) => r?,
                None => {
                    return Ok(Plan::ForceElements {
                        arg: 1,
                        regular: is_attrs,
                    });
                }
            },
            v => take(v)?,
        }
    }
    Ok(Plan::Done(Value::List(NixList::new(out))))
}

/// Looks `sym` up in `set`. A small set is scanned comparing symbols by identity, which
/// needs no access to the symbols' data (a binary search reads each probed symbol's id).
fn find(set: &NixAttrs, sym: Symbol) -> Option<&Value> {
    const SMALL: usize = 8;
    if set.len() <= SMALL {
        set.iter().find(|a| a.name == sym).map(|a| &a.value)
    } else {
        set.get(sym)
    }
}

async fn zip_attrs_with(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let f = co.force(a[0].clone()).await;
    let f = in_arg(expect_function(&f), 0, "zipAttrsWith")?;
    let l = co.force(a[1].clone()).await;
    let l = in_arg(expect_list(&l), 1, "zipAttrsWith")?;
    let mut seen: BTreeMap<Symbol, Vec<Value>> = BTreeMap::new();
    for x in l.iter() {
        let set = forced(&co, x.clone(), expect_attrs, "while evaluating a value of the list passed as second argument to builtins.zipAttrsWith").await?;
        for attr in set.iter() {
            seen.entry(attr.name).or_default().push(attr.value.clone());
        }
    }
    let site = co.call_site().await;
    let attrs = seen
        .into_iter()
        .map(|(name, values)| {
            let name_value = Value::String(NixString::from_symbol(name));
            let named = Value::Thunk(Thunk::new_apply(f.clone(), name_value, site));
            let call = Thunk::new_apply(named, Value::List(NixList::new(values)), site);
            Attr::new(name, Value::Thunk(call))
        })
        .collect();
    Ok(Value::Attrs(NixAttrs::from_sorted(attrs)))
}

builtins! {
    /// Return the names of the attributes in the set `set`, sorted alphabetically.
    ATTR_NAMES = "attrNames"(set: strict) => attr_names;
    /// Return the values of the attributes in the set `set`, in the order of their sorted
    /// names.
    ATTR_VALUES = "attrValues"(set: strict) => attr_values;
    /// Return the attribute `s` of the set `set` (`set.${s}`).
    GET_ATTR = "getAttr"(s: strict, set: strict) => get_attr;
    /// Return whether the set `set` has an attribute named `s`.
    HAS_ATTR = "hasAttr"(s: strict, set: strict) => has_attr;
    /// Remove the attributes named in the list `list` from the set `set`.
    REMOVE_ATTRS = "removeAttrs"(set: strict, list) => remove_attrs_plan, gen remove_attrs, global;
    /// Construct a set from a list of `{ name = …; value = …; }` sets; the first of
    /// duplicate names wins.
    LIST_TO_ATTRS = "listToAttrs"(e: strict) => list_to_attrs_plan, gen list_to_attrs;
    /// Apply `f` to every attribute name and value of `attrset`, lazily.
    MAP_ATTRS = "mapAttrs"(f, attrset: strict) => map_attrs;
    /// Return the attributes of the set `e2` whose names are in the set `e1`.
    INTERSECT_ATTRS = "intersectAttrs"(e1: strict, e2: strict) => intersect_attrs;
    /// Collect the attribute `attr` of each set in `list` that has one.
    CAT_ATTRS = "catAttrs"(attr: strict, list: strict) => cat_attrs;
    /// Transpose a list of sets into a set of lists, then apply `f` to each name and list.
    ZIP_ATTRS_WITH = "zipAttrsWith"(f, list) => gen zip_attrs_with;
}
