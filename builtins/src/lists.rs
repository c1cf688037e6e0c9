//! Lists: `length`, `head`, `tail`, `elemAt`, `map`, `filter`, `foldl'`, `genList`,
//! `concatLists`.

use nixvm_value::expect::expect_bool;
use nixvm_value::{Error, GenCo, Host, NixList, Thunk, Value};

use crate::args::{self, in_arg};

fn length(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    Ok(Value::Int(args::list(a, 0, "length")?.len() as i64))
}

fn head(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let l = args::list(a, 0, "head")?;
    match l.get(0) {
        Some(v) => Ok(v.clone()),
        None => Err(Error::eval("'builtins.head' called on an empty list")),
    }
}

fn tail(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let l = args::list(a, 0, "tail")?;
    if l.is_empty() {
        return Err(Error::eval("'builtins.tail' called on an empty list"));
    }
    Ok(Value::List(NixList::new(l.as_slice()[1..].to_vec())))
}

fn elem_at(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let l = args::list(a, 0, "elemAt")?;
    let n = args::int(a, 1, "elemAt")?;
    match usize::try_from(n).ok().and_then(|i| l.get(i)) {
        Some(v) => Ok(v.clone()),
        None => Err(Error::eval(format!("list index {n} is out of bounds"))),
    }
}

fn map(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let l = args::list(a, 1, "map")?;
    let f = &a[0];
    let items = l
        .iter()
        .map(|x| Value::Thunk(Thunk::new_apply(f.clone(), x.clone())))
        .collect();
    Ok(Value::List(NixList::new(items)))
}

async fn filter(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let f = co.force(a[0].clone()).await;
    let f = in_arg(nixvm_value::expect::expect_function(&f), 0, "filter")?;
    let l = co.force(a[1].clone()).await;
    let l = in_arg(nixvm_value::expect::expect_list(&l), 1, "filter")?;
    let mut out = Vec::new();
    let mut same = true;
    for x in l.iter() {
        let keep = co.call(f.clone(), vec![x.clone()]).await;
        let keep = expect_bool(&keep).map_err(|e| {
            e.with_trace(
                None,
                "while evaluating the return value of the filtering function passed to builtins.filter",
            )
        })?;
        if keep {
            out.push(x.clone());
        } else {
            same = false;
        }
    }
    Ok(Value::List(if same { l } else { NixList::new(out) }))
}

async fn foldl_strict(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let op = co.force(a[0].clone()).await;
    let op = in_arg(nixvm_value::expect::expect_function(&op), 0, "foldlStrict")?;
    let l = co.force(a[2].clone()).await;
    let l = in_arg(nixvm_value::expect::expect_list(&l), 2, "foldlStrict")?;
    let mut acc = a[1].clone();
    for x in l.iter() {
        acc = co.call(op.clone(), vec![acc, x.clone()]).await;
    }
    Ok(co.force(acc).await)
}

fn gen_list(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let n = args::int(a, 1, "genList")?;
    if n < 0 {
        return Err(Error::eval(format!("cannot create list of size {n}")));
    }
    let f = &a[0];
    let items = (0..n)
        .map(|i| Value::Thunk(Thunk::new_apply(f.clone(), Value::Int(i))))
        .collect();
    Ok(Value::List(NixList::new(items)))
}

async fn concat_lists(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let l = co.force(a[0].clone()).await;
    let l = in_arg(nixvm_value::expect::expect_list(&l), 0, "concatLists")?;
    let mut out = Vec::new();
    for x in l.iter() {
        let inner = co.force(x.clone()).await;
        let inner = nixvm_value::expect::expect_list(&inner).map_err(|e| {
            e.with_trace(
                None,
                "while evaluating a value of the list passed to builtins.concatLists",
            )
        })?;
        out.extend_from_slice(inner.as_slice());
    }
    Ok(Value::List(NixList::new(out)))
}

builtins! {
    /// Return the length of the list `e`.
    LENGTH = "length"(e) sync strict(0b1) => length;
    /// Return the first element of a list; abort evaluation if the argument isn't a list or
    /// is empty.
    HEAD = "head"(list) sync strict(0b1) => head;
    /// Return the list without its first element; abort evaluation if the argument isn't a
    /// list or is empty.
    TAIL = "tail"(list) sync strict(0b1) => tail;
    /// Return element `n` from the list `xs`, counting from 0.
    ELEM_AT = "elemAt"(xs, n) sync strict(0b11) => elem_at;
    /// Apply the function `f` to each element in the list `list`, lazily.
    MAP = "map"(f, list) sync strict(0b10) => map;
    /// Return a list consisting of the elements of `list` for which `f` returns true.
    FILTER = "filter"(f, list) gen => filter;
    /// Reduce a list by applying a binary operator from left to right, strictly.
    FOLDL_STRICT = "foldl'"(op, nul, list) gen => foldl_strict;
    /// Generate a list of length `length` whose element `i` is `generator i`, lazily.
    GEN_LIST = "genList"(generator, length) sync strict(0b10) => gen_list;
    /// Concatenate a list of lists into a single list.
    CONCAT_LISTS = "concatLists"(lists) gen => concat_lists;
}

/// The builtins of this file, for the registry.
pub static ALL: &[&nixvm_value::BuiltinDef] = &[
    &LENGTH,
    &HEAD,
    &TAIL,
    &ELEM_AT,
    &MAP,
    &FILTER,
    &FOLDL_STRICT,
    &GEN_LIST,
    &CONCAT_LISTS,
];
