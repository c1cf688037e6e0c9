//! Lists: `length`, `head`, `tail`, `elemAt`, `genList`, `concatLists`, `elem`.

use nixvm_value::expect::{expect_function, expect_list};
use nixvm_value::memory;
use nixvm_value::{Error, GenCo, Host, NixList, Plan, Thunk, Value};

use crate::support::args::{self, forced, in_arg};
use nixvm_value::compare::{equal_now, plain_equal_now, self_equal_scalar};

/// "while evaluating the first argument passed to 'builtins.head'": the quoted form Nix
/// uses for `head`, `tail` and `elemAt`.
fn in_quoted_arg<T>(r: Result<T, Error>, n: usize, builtin: &str) -> Result<T, Error> {
    let ordinal = if n == 0 { "first" } else { "second" };
    r.map_err(|e| {
        e.with_trace(
            None,
            format!("while evaluating the {ordinal} argument passed to 'builtins.{builtin}'"),
        )
    })
}

fn length(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    Ok(Value::Int(args::list(a, 0, "length")?.len() as i64))
}

fn head(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let l = in_quoted_arg(expect_list(&a[0]), 0, "head")?;
    match l.get(0) {
        Some(v) => Ok(v.clone()),
        None => Err(Error::eval("'builtins.head' called on an empty list")),
    }
}

fn tail(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let l = in_quoted_arg(expect_list(&a[0]), 0, "tail")?;
    if l.is_empty() {
        return Err(Error::eval("'builtins.tail' called on an empty list"));
    }
    Ok(Value::List(NixList::new(l.as_slice()[1..].to_vec())))
}

fn elem_at(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    // Nix checks the index before the list.
    let n = in_quoted_arg(nixvm_value::expect::expect_int(&a[1]), 1, "elemAt")?;
    let l = in_quoted_arg(expect_list(&a[0]), 0, "elemAt")?;
    match usize::try_from(n).ok().and_then(|i| l.get(i)) {
        Some(v) => Ok(v.clone()),
        None => Err(Error::eval(format!(
            "'builtins.elemAt' called with index {n} on a list of size {}",
            l.len()
        ))),
    }
}

fn gen_list(host: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    let n = args::int(a, 1, "genList")?;
    if n < 0 {
        return Err(Error::eval(format!("cannot create list of size {n}")));
    }
    // Nix forces the generator even for an empty list, but after the length.
    if a[0].evaluated().is_none() {
        return Ok(Plan::Force(0));
    }
    let f = in_arg(expect_function(&a[0]), 0, "genList")?;
    // Each element is a thunk applying `f`: the list is far bigger than its length says.
    memory::reserve_items::<Value>(usize::try_from(n).unwrap_or(usize::MAX), Thunk::HEAP_BYTES)?;
    let site = host.call_site();
    let items = (0..n)
        .map(|i| Value::Thunk(Thunk::new_apply(f.clone(), Value::Int(i), site)))
        .collect();
    Ok(Plan::Done(Value::List(NixList::new(items))))
}

fn is_list(v: &Value) -> bool {
    matches!(v, Value::List(_))
}

/// `concatLists` once the VM has forced the lists; an element that is not a list goes to
/// the generator, which reports it as Nix does.
fn concat_lists_plan(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    let l = in_arg(expect_list(&a[0]), 0, "concatLists")?;
    let mut lists = Vec::with_capacity(l.len());
    for x in l.iter() {
        match x.evaluated() {
            Some(Value::List(inner)) => lists.push(inner),
            Some(_) => return Ok(Plan::Slow),
            None => {
                return Ok(Plan::ForceElements {
                    arg: 0,
                    regular: is_list,
                });
            }
        }
    }
    Ok(Plan::Done(concatenated(lists)?))
}

/// The lists one after another; one non-empty list is the result as it is (shared).
fn concatenated(lists: Vec<NixList>) -> Result<Value, Error> {
    let mut non_empty = lists.iter().filter(|l| !l.is_empty());
    if let (Some(only), None) = (non_empty.next(), non_empty.next()) {
        return Ok(Value::List(only.clone()));
    }
    let total = lists.iter().fold(0usize, |n, l| n.saturating_add(l.len()));
    let mut out = memory::vec_with_capacity(total)?;
    for l in &lists {
        out.extend_from_slice(l.as_slice());
    }
    Ok(Value::List(NixList::new(out)))
}

async fn concat_lists(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let l = co.force(a[0].clone()).await;
    let l = in_arg(expect_list(&l), 0, "concatLists")?;
    let mut lists = Vec::with_capacity(l.len());
    for x in l.iter() {
        let inner = forced(
            &co,
            x.clone(),
            expect_list,
            "while evaluating a value of the list passed to builtins.concatLists",
        )
        .await?;
        lists.push(inner);
    }
    concatenated(lists)
}

/// What `elem` compares each element with: `x` as it is, not its value, since which cell
/// it is decides whether a function is equal to itself, as in Nix; but the value itself
/// when any copy of it is equal to it (a string, an integer, …), so that it is not looked
/// up in its thunk again for each element.
fn compared(x: &Value, value: Value) -> Value {
    if self_equal_scalar(&value) {
        value
    } else {
        x.clone()
    }
}

fn elem(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    let l = args::list(a, 1, "elem")?;
    if l.is_empty() {
        return Ok(Plan::Done(Value::Bool(false)));
    }
    let Some(x) = a[0].evaluated() else {
        return Ok(Plan::Force(0));
    };
    let x = compared(&a[0], x);
    for item in l.iter() {
        // `equal_now` looks at plain scalars first too, but it is not inlined here: calling
        // the small first look directly keeps this loop's common case free of calls
        // (measured: 2,000 strings against 2,000, 434 M instructions against 586 M).
        let equal = match plain_equal_now(&x, item) {
            Some(r) => r,
            None => match equal_now(&x, item, false) {
                Ok(r) => r,
                // Something to force first: the VM's help is needed.
                Err(_) => return Ok(Plan::Slow),
            },
        };
        if equal {
            return Ok(Plan::Done(Value::Bool(true)));
        }
    }
    Ok(Plan::Done(Value::Bool(false)))
}

async fn elem_forcing(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let l = co.force(a[1].clone()).await;
    let l = in_arg(expect_list(&l), 1, "elem")?;
    if l.is_empty() {
        return Ok(Value::Bool(false));
    }
    let x_value = co.force(a[0].clone()).await;
    let x = compared(&a[0], x_value);
    for item in l.iter() {
        if !item.is_whnf() {
            co.force(item.clone()).await;
        }
        // Most elements are evaluated already: compare them without a round trip.
        let equal = match plain_equal_now(&x, item) {
            Some(r) => r,
            None => match equal_now(&x, item, false) {
                Ok(r) => r,
                Err(_) => co.equal(x.clone(), item.clone()).await,
            },
        };
        if equal {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

builtins! {
    /// Return the length of the list `e`.
    LENGTH = "length"(e: strict) => length;
    /// Return the first element of a list; abort evaluation if the argument isn't a list or
    /// is empty.
    HEAD = "head"(list: strict) => head;
    /// Return the list without its first element; abort evaluation if the argument isn't a
    /// list or is empty.
    TAIL = "tail"(list: strict) => tail;
    /// Return element `n` from the list `xs`, counting from 0.
    ELEM_AT = "elemAt"(xs: strict, n: strict) => elem_at;
    /// Generate a list of length `length` whose element `i` is `generator i`, lazily.
    GEN_LIST = "genList"(generator: called, length: strict) => gen_list;
    /// Concatenate a list of lists into a single list.
    CONCAT_LISTS = "concatLists"(lists: strict) => concat_lists_plan, gen concat_lists;
    /// Return true if `x` is equal to some element of the list `xs`.
    ELEM = "elem"(x, xs: strict) => elem, gen elem_forcing;
}
