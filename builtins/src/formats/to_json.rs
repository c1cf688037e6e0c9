//! Printing a value as JSON: `builtins.toJSON` and `nixvm --eval --json`.
//!
//! As in current Nix, a set is first *peeled*: a `__toString` attribute is called and its
//! result printed instead, an `outPath` attribute is printed instead of the set, as often as
//! that leads to another such set (`__toString` first). A peel that went through
//! `__toString` must end in a string or a path. Paths are copied to the store (except the
//! result of a `__toString`), strings keep their context, functions are errors.
//!
//! The walk keeps an explicit stack of the lists and sets it is inside, so nesting costs no
//! Rust stack, and a second stack of what it is doing at each level ("while evaluating
//! attribute 'a'"), which is added to any error that happens below.

use rustc_hash::FxHashMap;

use nixvm_value::fmt::print_identifier;
use nixvm_value::memory::Growth;
use nixvm_value::print::{PrintOptions, print_value};
use nixvm_value::symbol::well_known;
use nixvm_value::{
    Attr, Coercion, Error, GenCo, NixAttrs, NixContext, NixList, NixString, Pos, Symbol, Value,
};

use nixvm_formats::json::{Utf8Error, write_json_float, write_json_int, write_json_string};

/// One line of context, turned into text only if an error needs it.
#[derive(Clone, Copy)]
enum Doing {
    Attr(Symbol),
    ListElem(usize),
    CallToString,
    UseToString,
    EvalOutPath,
    UseOutPath,
}

impl Doing {
    fn message(self) -> String {
        match self {
            Doing::Attr(name) => format!(
                "while evaluating attribute '{}'",
                print_identifier(name.as_bytes())
            ),
            Doing::ListElem(i) => format!("while evaluating list element at index {i}"),
            Doing::CallToString => "while calling the `__toString` attribute".into(),
            Doing::UseToString => "while using the result of the `__toString` attribute".into(),
            Doing::EvalOutPath => "while evaluating the `outPath` attribute".into(),
            Doing::UseOutPath => "while using the `outPath` attribute".into(),
        }
    }
}

#[derive(Clone, Copy)]
struct Context {
    pos: Option<Pos>,
    doing: Doing,
}

enum Level {
    List {
        items: NixList,
        next: usize,
        /// The position Nix reports list elements at: that of the list's own attribute.
        pos: Option<Pos>,
        context_len: usize,
    },
    Attrs {
        attrs: Vec<Attr>,
        next: usize,
        context_len: usize,
    },
}

/// How the walk goes.
#[derive(Clone, Copy, Debug)]
pub struct JsonOptions {
    /// Force values as they are reached (`toJSON`, `--strict`); otherwise an unevaluated
    /// value is an error.
    pub strict: bool,
    /// Copy paths to the store and print the store path (otherwise the path itself).
    pub copy_to_store: bool,
}

struct Walk<'a> {
    co: &'a GenCo,
    opts: JsonOptions,
    out: Vec<u8>,
    context: NixContext,
    /// The first string that is not UTF-8: Nix finds it only when it writes the
    /// document, after the whole walk.
    bad_utf8: Option<Utf8Error>,
    levels: Vec<Level>,
    doing: Vec<Context>,
    /// How deep the walk may nest: Nix's recursion counts against `max-call-depth`.
    depth_left: usize,
    /// Documents hold many sets with the same names (records of one kind), so the order
    /// in which a set's names print is worked out once per list of names.
    orders: Orders,
    /// What the output has taken.
    growth: Growth,
}

/// For lists of attribute names (by symbol id, in a set's internal order), the order
/// they print in: position `k` of the output holds the attribute at `order[k]`.
#[derive(Default)]
struct Orders {
    known: FxHashMap<Box<[u32]>, Box<[u32]>>,
    ids: Vec<u32>,
}

/// Sets with more attributes than this are sorted each time.
const MAX_REMEMBERED_SET: usize = 64;
/// Lists of names remembered before starting over.
const MAX_ORDERS: usize = 4096;

impl Orders {
    /// Puts `attrs` (in internal order) in the order Nix prints them: by name.
    fn sort(&mut self, attrs: &mut [Attr]) {
        if attrs.len() < 2 {
            return;
        }
        if attrs.len() > MAX_REMEMBERED_SET {
            attrs.sort_by(|x, y| x.name.cmp_text(y.name));
            return;
        }
        self.ids.clear();
        self.ids.extend(attrs.iter().map(|a| a.name.id()));
        let order = match self.known.get(self.ids.as_slice()) {
            Some(order) => order,
            None => {
                let mut order: Vec<u32> = (0..attrs.len() as u32).collect();
                order.sort_by(|&i, &j| attrs[i as usize].name.cmp_text(attrs[j as usize].name));
                if self.known.len() >= MAX_ORDERS {
                    self.known.clear();
                }
                self.known
                    .entry(self.ids.as_slice().into())
                    .or_insert(order.into_boxed_slice())
            }
        };
        // In place: position k takes the attribute first at order[k]; one that has
        // already moved is found by following where its place's attribute went.
        for k in 0..attrs.len() {
            let mut j = order[k] as usize;
            while j < k {
                j = order[j] as usize;
            }
            attrs.swap(k, j);
        }
    }
}

/// The value as JSON text, with the context of every string in it.
pub async fn to_json(co: &GenCo, v: Value, opts: JsonOptions) -> Result<NixString, Error> {
    let mut w = Walk {
        co,
        opts,
        out: Vec::new(),
        context: NixContext::new(),
        bad_utf8: None,
        levels: Vec::new(),
        doing: Vec::new(),
        depth_left: co.call_depth_left().await,
        orders: Orders::default(),
        growth: Growth::new(),
    };
    w.run(v).await?;
    if let Some(e) = w.bad_utf8 {
        return Err(Error::eval(e.message()));
    }
    Ok(NixString::with_context(w.out, w.context))
}

/// Starts entry `i` of a list or set: the separator before it, and what the walk is doing
/// while it prints the entry's value.
fn entry(out: &mut Vec<u8>, doing: &mut Vec<Context>, i: usize, pos: Option<Pos>, what: Doing) {
    if i > 0 {
        out.push(b',');
    }
    doing.push(Context { pos, doing: what });
}

impl Walk<'_> {
    async fn run(&mut self, root: Value) -> Result<(), Error> {
        let mut next = Some((root, None));
        loop {
            // A document can be far larger than the values it is made of (a value shared
            // many times prints each time): what it takes counts against the ceiling.
            self.growth.up_to(self.out.len())?;
            if let Some((v, pos)) = next.take()
                && let Some(v) = self.value_now(v, pos)
            {
                self.value(v, pos).await?;
            }
            let Some(level) = self.levels.last_mut() else {
                return Ok(());
            };
            match level {
                Level::List {
                    items,
                    next: i,
                    pos,
                    context_len,
                } => {
                    self.doing.truncate(*context_len);
                    if let Some(item) = items.get(*i) {
                        let doing = Doing::ListElem(*i);
                        entry(&mut self.out, &mut self.doing, *i, *pos, doing);
                        next = Some((item.clone(), *pos));
                        *i += 1;
                    } else {
                        self.out.push(b']');
                        self.levels.pop();
                    }
                }
                Level::Attrs {
                    attrs,
                    next: i,
                    context_len,
                } => {
                    self.doing.truncate(*context_len);
                    if let Some(attr) = attrs.get_mut(*i) {
                        let doing = Doing::Attr(attr.name);
                        entry(&mut self.out, &mut self.doing, *i, attr.pos, doing);
                        if let Err(e) = write_json_string(&mut self.out, attr.name.as_bytes()) {
                            self.bad_utf8.get_or_insert(e);
                        }
                        self.out.push(b':');
                        // The level's copy is not needed again: hand it over.
                        next = Some((std::mem::replace(&mut attr.value, Value::Null), attr.pos));
                        *i += 1;
                    } else {
                        self.out.push(b'}');
                        self.levels.pop();
                    }
                }
            }
        }
    }

    /// Prints a value that needs nothing from the VM (one already evaluated, other than a
    /// path, a function or a set to peel), or opens the list or set it is, without the cost
    /// of a suspended generator call; anything else is handed back for [`Walk::value`].
    fn value_now(&mut self, v: Value, pos: Option<Pos>) -> Option<Value> {
        if self.levels.len() > self.depth_left {
            return Some(v);
        }
        let v = match v {
            Value::Thunk(t) => match t.value() {
                Some(v) => v,
                None => return Some(Value::Thunk(t)),
            },
            v => v,
        };
        match &v {
            Value::Attrs(a) => {
                if a.get_attr(well_known::to_string()).is_some()
                    || a.get_attr(well_known::out_path()).is_some()
                {
                    return Some(v);
                }
                self.open_set(a);
            }
            Value::Null
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::String(_)
            | Value::List(_) => self.plain(&v, pos),
            Value::Path(_)
            | Value::Closure(_)
            | Value::Builtin(_)
            | Value::PartialApp(_)
            | Value::Thunk(_) => return Some(v),
        }
        None
    }

    /// Opens a set that is printed as one.
    fn open_set(&mut self, a: &NixAttrs) {
        let mut attrs: Vec<Attr> = a.iter().cloned().collect();
        self.orders.sort(&mut attrs);
        self.out.push(b'{');
        self.levels.push(Level::Attrs {
            attrs,
            next: 0,
            context_len: self.doing.len(),
        });
    }

    /// Prints a null, boolean, number or string, or opens a list.
    fn plain(&mut self, v: &Value, pos: Option<Pos>) {
        match v {
            Value::Null => self.out.extend_from_slice(b"null"),
            Value::Bool(true) => self.out.extend_from_slice(b"true"),
            Value::Bool(false) => self.out.extend_from_slice(b"false"),
            Value::Int(i) => write_json_int(&mut self.out, *i),
            Value::Float(f) => write_json_float(&mut self.out, *f),
            Value::String(s) => self.string(s),
            Value::List(l) => {
                self.out.push(b'[');
                self.levels.push(Level::List {
                    items: l.clone(),
                    next: 0,
                    pos,
                    context_len: self.doing.len(),
                });
            }
            _ => unreachable!("only called for the values above"),
        }
    }

    /// Prints one value, or opens the list or set it is.
    async fn value(&mut self, v: Value, pos: Option<Pos>) -> Result<(), Error> {
        if self.levels.len() > self.depth_left {
            let e = Error::new(nixvm_value::ErrorKind::StackOverflow);
            return Err(self.fail(e, pos).await);
        }
        let mut v = if self.opts.strict {
            match self.co.force_catching(v).await {
                Ok(v) => v,
                Err(e) => return Err(self.fail(e, None).await),
            }
        } else {
            v.shallow()
        };
        let mut through_to_string = false;
        // Where a peel error is reported: the attribute that led to the value. List
        // elements keep the position of the value as it was reached.
        let mut peel_pos = pos;
        while let Value::Attrs(a) = &v {
            if let Some(f) = a.get_attr(well_known::to_string()) {
                let (f, fpos) = (f.value.clone(), f.pos);
                self.doing.push(Context {
                    pos: fpos,
                    doing: Doing::CallToString,
                });
                let r = match self.co.call_catching(f, vec![v.clone()]).await {
                    Ok(r) => r,
                    Err(e) => return Err(self.fail(e, None).await),
                };
                if let Some(c) = self.doing.last_mut() {
                    c.doing = Doing::UseToString;
                }
                through_to_string = true;
                peel_pos = fpos;
                v = r;
            } else if let Some(p) = a.get_attr(well_known::out_path()) {
                let (p, ppos) = (p.value.clone(), p.pos);
                self.doing.push(Context {
                    pos: ppos,
                    doing: Doing::EvalOutPath,
                });
                v = match self.co.force_catching(p).await {
                    Ok(v) => v,
                    Err(e) => return Err(self.fail(e, None).await),
                };
                if let Some(c) = self.doing.last_mut() {
                    c.doing = Doing::UseOutPath;
                }
                peel_pos = ppos;
            } else {
                if through_to_string {
                    let e = Error::eval(format!(
                        "`__toString` must return a string, but got a set: {}",
                        print_value(&v, &PrintOptions::ERROR)
                    ));
                    return Err(self.fail(e, peel_pos).await);
                }
                self.open_set(a);
                return Ok(());
            }
        }
        if through_to_string && !matches!(v, Value::String(_) | Value::Path(_)) {
            let e = Error::eval(format!(
                "`__toString` should return a string, but got {}: {}",
                v.value_type().with_article(),
                print_value(&v, &PrintOptions::ERROR)
            ));
            return Err(self.fail(e, peel_pos).await);
        }
        match &v {
            Value::Null
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::String(_)
            | Value::List(_) => self.plain(&v, pos),
            Value::Path(p) => {
                if self.opts.copy_to_store && !through_to_string {
                    let s = match self
                        .co
                        .coerce_catching(v.clone(), Coercion::INTERPOLATION)
                        .await
                    {
                        Ok(s) => s,
                        Err(e) => return Err(self.fail(e, None).await),
                    };
                    self.string(&s);
                } else {
                    let s = NixString::new(p.as_os_str().as_encoded_bytes());
                    self.string(&s);
                }
            }
            Value::Closure(c) => {
                let e = Error::at(
                    nixvm_value::ErrorKind::Eval("cannot convert a function to JSON".into()),
                    c.lambda.span,
                );
                return Err(self.fail(e, pos).await);
            }
            Value::Builtin(_) | Value::PartialApp(_) => {
                let e = Error::eval("cannot convert a function to JSON");
                return Err(self.fail(e, pos).await);
            }
            Value::Thunk(_) => {
                let e = Error::eval("cannot convert a thunk to JSON");
                return Err(self.fail(e, pos).await);
            }
            Value::Attrs(_) => unreachable!("sets are peeled above"),
        }
        Ok(())
    }

    fn string(&mut self, s: &NixString) {
        if let Err(e) = write_json_string(&mut self.out, s.as_bytes()) {
            self.bad_utf8.get_or_insert(e);
        }
        if let Some(c) = s.context() {
            self.context.extend(c.iter().cloned());
        }
    }

    /// Adds what the walk was doing to `err` (and `pos` as its position, if it has none),
    /// innermost first, as Nix's nested calls would.
    async fn fail(&self, err: Error, pos: Option<Pos>) -> Error {
        let doing = self.doing.clone();
        self.co
            .host(move |host| {
                let mut err = err;
                if let Some(span) = pos.and_then(|p| host.span_at(p)) {
                    err = err.with_span(span);
                }
                for c in doing.iter().rev() {
                    err.add_trace(c.pos.and_then(|p| host.span_at(p)), c.doing.message());
                }
                err
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Remembered orders give the same result as sorting, for every permutation of a few
    /// names and for sets seen again.
    #[test]
    fn remembered_orders_sort_by_name() {
        let names = ["b", "a", "dd", "c", "aa", "e"].map(Symbol::new);
        let mut orders = Orders::default();
        let mut seed = 12345u64;
        for round in 0..200 {
            let n = 1 + round % names.len();
            let mut picked: Vec<Symbol> = names[..n].to_vec();
            // A pseudo-random shuffle; sets hold their names in symbol order, but the
            // remembered order must not depend on that.
            for i in (1..picked.len()).rev() {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                picked.swap(i, (seed >> 33) as usize % (i + 1));
            }
            let mut attrs: Vec<Attr> = picked.iter().map(|&s| Attr::new(s, Value::Null)).collect();
            orders.sort(&mut attrs);
            let got: Vec<&[u8]> = attrs.iter().map(|a| a.name.as_bytes()).collect();
            let mut want: Vec<&[u8]> = picked.iter().map(|s| s.as_bytes()).collect();
            want.sort();
            assert_eq!(got, want);
        }
    }
}
