//! Lists processed with a function: `map`, `filter`, `foldl'`, `all`, `any`, `concatMap`,
//! `partition`, `groupBy`.

use rustc_hash::FxHashMap;

use nixvm_value::expect::{expect_bool, expect_function, expect_list};
use nixvm_value::memory;
use nixvm_value::symbol::well_known;
use nixvm_value::{
    Attr, CallEach, Error, Expect, GenCo, Host, NixAttrs, NixList, Plan, Symbol, Thunk, Value,
};

use crate::support::args::{self, in_arg, in_context, string_no_ctx};

/// Forces argument `n` of `builtin` to a function.
async fn function_arg(co: &GenCo, a: &[Value], n: usize, builtin: &str) -> Result<Value, Error> {
    let f = co.force(a[n].clone()).await;
    in_arg(expect_function(&f), n, builtin)
}

/// Forces argument `n` of `builtin` to a list.
async fn list_arg(co: &GenCo, a: &[Value], n: usize, builtin: &str) -> Result<NixList, Error> {
    let l = co.force(a[n].clone()).await;
    in_arg(expect_list(&l), n, builtin)
}

/// Checks that what a callback returned is a Boolean.
fn returned_bool(v: &Value, context: &'static str) -> Result<bool, Error> {
    in_context(expect_bool(v), context)
}

fn map(host: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    let l = args::list(a, 1, "map")?;
    if l.is_empty() {
        return Ok(Plan::Done(Value::List(l)));
    }
    // Nix checks the function only when there is something to apply it to.
    if !a[0].is_whnf() {
        return Ok(Plan::Force(0));
    }
    let f = in_arg(expect_function(&a[0]), 0, "map")?;
    memory::reserve_items::<Value>(l.len(), Thunk::HEAP_BYTES)?;
    let site = host.call_site();
    let items = l
        .iter()
        .map(|x| Value::Thunk(Thunk::new_apply(f.clone(), x.clone(), site)))
        .collect();
    Ok(Plan::Done(Value::List(NixList::new(items))))
}

const FILTER_CONTEXT: &str =
    "while evaluating the return value of the filtering function passed to builtins.filter";

/// `filter` as a loop for the VM.
fn filter_plan(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    let l = args::list(a, 1, "filter")?;
    if l.is_empty() {
        return Ok(Plan::Done(Value::List(l)));
    }
    if !a[0].is_whnf() {
        return Ok(Plan::Force(0));
    }
    let f = in_arg(expect_function(&a[0]), 0, "filter")?;
    Ok(Plan::Each(
        Box::new(CallEach {
            f,
            items: l,
            expect: Expect::Bool,
            context: FILTER_CONTEXT,
            stop_at: None,
        }),
        filter_finish,
    ))
}

/// The elements whose result was true.
fn filter_finish(spec: &CallEach, keep: Vec<Value>) -> Result<Value, Error> {
    let l = &spec.items;
    if keep.iter().all(|k| matches!(k, Value::Bool(true))) {
        return Ok(Value::List(l.clone()));
    }
    let out = l
        .iter()
        .zip(&keep)
        .filter(|(_, k)| matches!(k, Value::Bool(true)))
        .map(|(x, _)| x.clone())
        .collect();
    Ok(Value::List(NixList::new(out)))
}

/// `foldl'` as a loop for the VM.
fn foldl_strict_plan(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    let op = in_arg(expect_function(&a[0]), 0, "foldlStrict")?;
    if !a[2].is_whnf() {
        return Ok(Plan::Force(2));
    }
    let items = in_arg(expect_list(&a[2]), 2, "foldlStrict")?;
    if items.is_empty() {
        // The initial value is forced inside the call, as Nix does.
        return Ok(match a[1].evaluated() {
            Some(v) => Plan::Done(v),
            None => Plan::Force(1),
        });
    }
    Ok(Plan::Fold {
        op,
        acc: a[1].clone(),
        items,
    })
}

/// `any` and `all` as loops for the VM.
fn any_or_all_plan(a: &[Value], want: bool) -> Result<Plan, Error> {
    let name = if want { "any" } else { "all" };
    let f = in_arg(expect_function(&a[0]), 0, name)?;
    if !a[1].is_whnf() {
        return Ok(Plan::Force(1));
    }
    let items = in_arg(expect_list(&a[1]), 1, name)?;
    let finish: nixvm_value::EachFinish = if want { any_finish } else { all_finish };
    Ok(Plan::Each(
        Box::new(CallEach {
            f,
            items,
            expect: Expect::Bool,
            context: any_or_all_context(want),
            stop_at: Some(want),
        }),
        finish,
    ))
}

fn any_or_all_context(want: bool) -> &'static str {
    if want {
        "while evaluating the return value of the function passed to builtins.any"
    } else {
        "while evaluating the return value of the function passed to builtins.all"
    }
}

/// Whether the loop stopped at a result equal to `want`.
fn stopped_at(results: &[Value], want: bool) -> Value {
    let found = matches!(results.last(), Some(Value::Bool(b)) if *b == want);
    Value::Bool(if found { want } else { !want })
}

fn any_finish(_: &CallEach, results: Vec<Value>) -> Result<Value, Error> {
    Ok(stopped_at(&results, true))
}

fn all_finish(_: &CallEach, results: Vec<Value>) -> Result<Value, Error> {
    Ok(stopped_at(&results, false))
}

fn any_plan(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    any_or_all_plan(a, true)
}

fn all_plan(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    any_or_all_plan(a, false)
}

const CONCAT_MAP_CONTEXT: &str =
    "while evaluating the return value of the function passed to builtins.concatMap";

/// `concatMap` as a loop for the VM.
fn concat_map_plan(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    let f = in_arg(expect_function(&a[0]), 0, "concatMap")?;
    if !a[1].is_whnf() {
        return Ok(Plan::Force(1));
    }
    let items = in_arg(expect_list(&a[1]), 1, "concatMap")?;
    Ok(Plan::Each(
        Box::new(CallEach {
            f,
            items,
            expect: Expect::List,
            context: CONCAT_MAP_CONTEXT,
            stop_at: None,
        }),
        concat_map_finish,
    ))
}

/// The results (lists, checked as they came) concatenated.
fn concat_map_finish(_: &CallEach, lists: Vec<Value>) -> Result<Value, Error> {
    let total = lists.iter().fold(0usize, |n, r| {
        n.saturating_add(r.as_list().map_or(0, |l| l.len()))
    });
    let mut out = memory::vec_with_capacity(total)?;
    for r in &lists {
        if let Value::List(r) = r {
            out.extend_from_slice(r.as_slice());
        }
    }
    Ok(Value::List(NixList::new(out)))
}

async fn partition(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let f = function_arg(&co, &a, 0, "partition").await?;
    let l = list_arg(&co, &a, 1, "partition").await?;
    let (mut right, mut wrong) = (Vec::new(), Vec::new());
    for x in l.iter() {
        // Nix forces each element before passing it to the predicate.
        let x = co.force(x.clone()).await;
        let r = co.call1(f.clone(), x.clone()).await;
        let r = returned_bool(
            &r,
            "while evaluating the return value of the partition function passed to builtins.partition",
        )?;
        if r {
            right.push(x);
        } else {
            wrong.push(x);
        }
    }
    Ok(Value::Attrs(NixAttrs::from_unsorted_first_wins(vec![
        Attr::new(well_known::right(), Value::List(NixList::new(right))),
        Attr::new(well_known::wrong(), Value::List(NixList::new(wrong))),
    ])))
}

async fn group_by(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let f = function_arg(&co, &a, 0, "groupBy").await?;
    let l = list_arg(&co, &a, 1, "groupBy").await?;
    let mut index: FxHashMap<Symbol, usize> = FxHashMap::default();
    let mut groups: Vec<(Symbol, Vec<Value>)> = Vec::new();
    for x in l.iter() {
        let name = co.call1(f.clone(), x.clone()).await;
        let name = in_context(
            string_no_ctx(&name),
            "while evaluating the return value of the grouping function passed to builtins.groupBy",
        )?;
        let sym = Symbol::intern(name.as_bytes());
        let i = *index.entry(sym).or_insert_with(|| {
            groups.push((sym, Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(x.clone());
    }
    groups.sort_by_key(|(sym, _)| *sym);
    let attrs = groups
        .into_iter()
        .map(|(sym, items)| Attr::new(sym, Value::List(NixList::new(items))))
        .collect();
    Ok(Value::Attrs(NixAttrs::from_sorted(attrs)))
}

builtins! {
    /// Apply the function `f` to each element in the list `list`, lazily.
    MAP = "map"(f: called, list: strict) => map, global;
    /// Return a list consisting of the elements of `list` for which `f` returns true.
    FILTER = "filter"(f: called, list: strict) => filter_plan;
    /// Reduce a list by applying a binary operator from left to right, strictly.
    FOLDL_STRICT = "foldl'"(op: strict, nul, list) => foldl_strict_plan;
    /// Return true if the function `pred` returns true for at least one element of `list`.
    ANY_OF = "any"(pred: strict, list) => any_plan;
    /// Return true if the function `pred` returns true for all elements of `list`.
    ALL_OF = "all"(pred: strict, list) => all_plan;
    /// Apply `f` to each element of `list` and concatenate the resulting lists.
    CONCAT_MAP = "concatMap"(f: strict, list) => concat_map_plan;
    /// Split `list` into `{ right; wrong; }`: the elements for which `pred` returns true,
    /// and the others, keeping their order.
    PARTITION = "partition"(pred: called, list) => gen partition;
    /// Group the elements of `list` into a set of lists by the string `f` returns for each.
    GROUP_BY = "groupBy"(f: called, list) => gen group_by;
}
