//! `builtins.genericClosure`: the transitive closure of a relation given as a function.
//!
//! Nix keeps the keys seen so far in an ordered map compared with `<`. Keys are nearly
//! always numbers or strings, so [`KeySet`] keeps those in hash sets (one lookup per item,
//! no calls into the VM) and keeps only list keys, which need the VM to compare, in a
//! sorted vector searched with `<` requests. The rules of `<` still decide what is allowed:
//! keys of different kinds, or of kinds `<` cannot order, are an error as soon as there is
//! a second key to compare with.

use std::collections::VecDeque;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use rustc_hash::FxHashSet;

use nixvm_value::expect::{expect_attrs, expect_function, expect_list};
use nixvm_value::print::{PrintOptions, print_value};
use nixvm_value::symbol::{Symbol, well_known};
use nixvm_value::{
    Driver, Error, ErrorKind, GenCo, Host, NixAttrs, NixList, NixString, Plan, Step, StepContext,
    Thunk, Value,
};

use crate::support::args::{forced, in_arg, in_context};
use nixvm_value::compare::{incomparable, scalar_less};

/// A string key, hashed and compared by its bytes (its context does not matter).
struct StrKey(NixString);

impl PartialEq for StrKey {
    fn eq(&self, other: &StrKey) -> bool {
        self.0.as_bytes() == other.0.as_bytes()
    }
}

impl Eq for StrKey {}

impl Hash for StrKey {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.as_bytes().hash(h)
    }
}

/// What kind of keys a set holds: keys of one kind are all that `<` can compare.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// Integers and floats, which compare with each other.
    Number,
    String,
    Path,
    List,
    /// Anything `<` cannot order at all (Booleans, null, sets, functions): allowed only as
    /// the one and only key.
    Unordered,
}

fn kind_of(v: &Value) -> Kind {
    match v {
        Value::Int(_) | Value::Float(_) => Kind::Number,
        Value::String(_) => Kind::String,
        Value::Path(_) => Kind::Path,
        Value::List(_) => Kind::List,
        _ => Kind::Unordered,
    }
}

/// Whether an insertion added the key, or found an equal one.
enum Inserted {
    New,
    Seen,
    /// The key cannot be compared with the keys already in the set.
    Incomparable,
}

/// The keys seen so far, with `<`-equivalence as Nix's ordered map has it.
#[derive(Default)]
struct KeySet {
    kind: Option<Kind>,
    /// The first key inserted and its element, which a key of another kind is reported
    /// against.
    first: Option<(Value, Value)>,
    ints: FxHashSet<i64>,
    /// Float keys by their bits (with -0.0 as 0.0).
    floats: FxHashSet<u64>,
    /// Whether a NaN key was added: NaN is neither less nor greater than any number, so an
    /// ordered map finds every later number equal to it.
    nan: bool,
    strings: FxHashSet<StrKey>,
    paths: FxHashSet<Rc<std::path::PathBuf>>,
    /// List keys in `<` order.
    lists: Vec<Value>,
}

fn float_bits(f: f64) -> u64 {
    if f == 0.0 { 0 } else { f.to_bits() }
}

impl KeySet {
    /// Inserts a key that is a number, string or path; lists are inserted by
    /// [`insert_list`] since they need the VM.
    fn insert_scalar(&mut self, key: &Value, elem: &Value) -> Inserted {
        if !self.admit(key, elem) {
            return Inserted::Incomparable;
        }
        let new = match key {
            Value::Int(i) => self.insert_int(*i),
            Value::Float(f) => self.insert_float(*f),
            Value::String(s) => self.strings.insert(StrKey(s.clone())),
            Value::Path(p) => self.paths.insert(p.clone()),
            // The only key of its kind: nothing to compare it with.
            _ => true,
        };
        if new { Inserted::New } else { Inserted::Seen }
    }

    /// Whether `key` may join the keys so far (it is the first, or of the same orderable
    /// kind).
    fn admit(&mut self, key: &Value, elem: &Value) -> bool {
        let kind = kind_of(key);
        match self.kind {
            None => {
                self.kind = Some(kind);
                self.first = Some((key.clone(), elem.clone()));
                true
            }
            Some(k) => k == kind && kind != Kind::Unordered,
        }
    }

    fn insert_int(&mut self, i: i64) -> bool {
        if self.nan || self.floats.contains(&float_bits(i as f64)) {
            return false;
        }
        self.ints.insert(i)
    }

    fn insert_float(&mut self, f: f64) -> bool {
        if f.is_nan() {
            let empty = self.ints.is_empty() && self.floats.is_empty() && !self.nan;
            self.nan = true;
            return empty;
        }
        if self.nan || self.floats.contains(&float_bits(f)) || self.int_equal_to(f) {
            return false;
        }
        self.floats.insert(float_bits(f))
    }

    /// Whether some integer key converts to exactly `f` (as Nix compares them).
    fn int_equal_to(&self, f: f64) -> bool {
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
        if f.fract() != 0.0 || self.ints.is_empty() {
            return false;
        }
        if f.abs() <= EXACT {
            return self.ints.contains(&(f as i64));
        }
        // Beyond 2^53 many integers round to the same float.
        self.ints.iter().any(|&i| i as f64 == f)
    }
}

/// Inserts a list key, comparing it with the others through the VM.
async fn insert_list(co: &GenCo, keys: &mut KeySet, key: Value, elem: &Value) -> Inserted {
    if !keys.admit(&key, elem) {
        return Inserted::Incomparable;
    }
    // Binary search for the first key not less than `key`.
    let (mut lo, mut hi) = (0, keys.lists.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if co.less_than(keys.lists[mid].clone(), key.clone()).await {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if lo < keys.lists.len() && !co.less_than(key.clone(), keys.lists[lo].clone()).await {
        return Inserted::Seen;
    }
    keys.lists.insert(lo, key);
    Inserted::New
}

fn printed(v: &Value) -> String {
    print_value(v, &PrintOptions::ERROR)
}

/// The message for an operator call on `e` that failed.
fn calling_operator(e: &Value) -> String {
    format!(
        "while calling operator on genericClosure element {}",
        printed(e)
    )
}

const START_SET: &str =
    "while evaluating the 'startSet' attribute passed as argument to builtins.genericClosure";
const OPERATOR: &str =
    "while evaluating the 'operator' attribute passed as argument to builtins.genericClosure";
const RETURNED: &str =
    "while evaluating the return value of the `operator` passed to builtins.genericClosure";

/// An attribute missing from `genericClosure`'s argument.
fn missing(name: &str) -> Error {
    Error::new(ErrorKind::AttributeMissing {
        name: name.to_string(),
        suggestions: Vec::new(),
    })
    .with_trace(
        None,
        "in the attrset passed as argument to builtins.genericClosure",
    )
}

fn in_element(e: &Value) -> String {
    format!("in genericClosure element {}", printed(e))
}

/// What [`ClosureDriver`] waits for.
enum Waiting {
    /// Nothing yet: the start.
    Start,
    StartSet,
    Operator,
    /// The element `e`, forced.
    Element(Value),
    /// The key of the element (forced) `e`.
    Key(Value),
    /// What the operator returned for `e`.
    Next(Value),
    /// Element `i` of `next`, the operator's result for `e`.
    Item(Value, NixList, usize),
    Done,
}

/// `genericClosure` as a state machine whose evaluation the VM does: the same steps in the
/// same order as the generator below, which remains for list keys (compared through the VM).
struct ClosureDriver {
    /// The builtin's arguments, for handing over to the generator.
    args: Vec<Value>,
    set: NixAttrs,
    op: Value,
    work: VecDeque<Value>,
    keys: KeySet,
    result: Vec<Value>,
    waiting: Waiting,
}

impl ClosureDriver {
    /// The attribute `name` of the argument (called `text` if it is missing), waited for as
    /// `then`: put in `result` at once if it is evaluated, else a step forcing it.
    fn attribute(
        &mut self,
        (name, text): (Symbol, &str),
        then: Waiting,
        result: &mut Option<Value>,
    ) -> Result<Option<Step>, Error> {
        let v = self.set.get(name).ok_or_else(|| missing(text))?.clone();
        self.waiting = then;
        Ok(match v.evaluated() {
            Some(v) => {
                *result = Some(v);
                None
            }
            None => Some(Step::Force {
                value: v,
                context: None,
            }),
        })
    }

    /// Forces `v` and waits for it as `then`, or takes it at once if it is a value.
    fn force(&mut self, v: Value, then: Waiting, context: Option<StepContext>) -> Option<Step> {
        self.waiting = then;
        match &v {
            Value::Thunk(t) if !t.is_evaluated() && t.eval_frameless().is_none() => {
                Some(Step::Force { value: v, context })
            }
            // A value, or a thunk evaluated now or before: taken at once.
            _ => None,
        }
    }

    /// The next element of the work queue, or the result.
    fn next_element(&mut self) -> Result<Option<Step>, Error> {
        loop {
            let Some(e) = self.work.pop_front() else {
                self.waiting = Waiting::Done;
                let result = std::mem::take(&mut self.result);
                return Ok(Some(Step::Done(Value::List(NixList::new(result)))));
            };
            match self.admit_ready(&e) {
                Some(Ok(Admitted::New)) => return Ok(Some(self.call_operator(e))),
                Some(Ok(Admitted::Seen)) => continue,
                Some(Err(err)) => return Err(err),
                None => {}
            }
            let context = StepContext {
                describe: in_element,
                subject: e.clone(),
            };
            return Ok(self.force(e.clone(), Waiting::Element(e), Some(context)));
        }
    }

    /// Inserts the key of `e` at once if `e` is a set and its key a number, string or path
    /// that is evaluated or cheap: the common case, which needs no steps through the
    /// states. `None` if it is not that case.
    fn admit_ready(&mut self, e: &Value) -> Option<Result<Admitted, Error>> {
        let Value::Attrs(set) = e else { return None };
        let key = match set.get(well_known::key())? {
            Value::Thunk(t) => t.eval_frameless()?,
            v => v.clone(),
        };
        if matches!(key, Value::List(_)) {
            return None;
        }
        Some(match self.keys.insert_scalar(&key, e) {
            Inserted::New => Ok(Admitted::New),
            Inserted::Seen => Ok(Admitted::Seen),
            Inserted::Incomparable => Err(incomparable_keys(&self.keys, &key, e)),
        })
    }

    /// Adds the new element `e` to the result and calls the operator on it.
    fn call_operator(&mut self, e: Value) -> Step {
        self.result.push(e.clone());
        let context = StepContext {
            describe: calling_operator,
            subject: e.clone(),
        };
        let (f, arg) = (self.op.clone(), e.clone());
        self.waiting = Waiting::Next(e);
        Step::Call1 {
            f,
            arg,
            context: Some(context),
        }
    }
}

/// What [`ClosureDriver::admit_ready`] did with an element.
enum Admitted {
    New,
    Seen,
}

impl Driver for ClosureDriver {
    fn step(&mut self, mut result: Option<Value>) -> Result<Step, Error> {
        loop {
            // A value taken at once (not forced by the VM) is read from where it was.
            let take = |result: &mut Option<Value>, v: &Value| match result.take() {
                Some(r) => r,
                None => v.evaluated().expect("a value taken at once"),
            };
            let waiting = std::mem::replace(&mut self.waiting, Waiting::Done);
            let next = match waiting {
                Waiting::Start => {
                    let name = (well_known::start_set(), "startSet");
                    self.attribute(name, Waiting::StartSet, &mut result)?
                }
                Waiting::StartSet => {
                    let start = result.take().expect("the start set");
                    let start = in_context(expect_list(&start), START_SET)?;
                    if start.is_empty() {
                        return Ok(Step::Done(Value::List(start)));
                    }
                    self.work = start.iter().cloned().collect();
                    let name = (well_known::operator(), "operator");
                    self.attribute(name, Waiting::Operator, &mut result)?
                }
                Waiting::Operator => {
                    let op = result.take().expect("the operator");
                    self.op = in_context(expect_function(&op), OPERATOR)?;
                    self.next_element()?
                }
                Waiting::Element(orig) => {
                    let e = take(&mut result, &orig);
                    let set =
                        expect_attrs(&e).map_err(|err| err.with_trace(None, in_element(&e)))?;
                    let Some(key) = set.get(well_known::key()) else {
                        return Err(Error::new(ErrorKind::AttributeMissing {
                            name: "key".into(),
                            suggestions: Vec::new(),
                        })
                        .with_trace(None, in_element(&e)));
                    };
                    let key = key.clone();
                    self.force(key, Waiting::Key(e), None)
                }
                Waiting::Key(e) => {
                    let set = e.as_attrs().expect("checked").clone();
                    let key_value = set.get(well_known::key()).expect("checked").clone();
                    let key = take(&mut result, &key_value);
                    if matches!(key, Value::List(_)) {
                        // List keys are compared through the VM: the generator does that. It
                        // is known at the first key (keys of another kind are an error), so
                        // the generator starts over before any call of the operator.
                        if self.keys.kind.is_none() {
                            return Ok(Step::Slow(self.args.clone()));
                        }
                    }
                    match self.keys.insert_scalar(&key, &e) {
                        Inserted::New => {}
                        Inserted::Seen => {
                            if let Some(step) = self.next_element()? {
                                return Ok(step);
                            }
                            continue;
                        }
                        Inserted::Incomparable => {
                            return Err(incomparable_keys(&self.keys, &key, &e));
                        }
                    }
                    Some(self.call_operator(e))
                }
                Waiting::Next(e) => {
                    let next = result.take().expect("the operator's result");
                    let next = expect_list(&next).map_err(|err| {
                        err.with_trace(None, RETURNED)
                            .with_trace(None, calling_operator(&e))
                    })?;
                    self.waiting = Waiting::Item(e, next, 0);
                    continue;
                }
                Waiting::Item(e, next, i) => {
                    if let Some(v) = result.take() {
                        self.work.push_back(v);
                    }
                    let mut i = i;
                    // Items that are values already, or are computed without the VM (as
                    // `k: { key = k; }` applied is), go straight to the queue.
                    while let Some(v) = next.get(i).and_then(|x| match x {
                        Value::Thunk(t) => t.eval_frameless(),
                        v => Some(v.clone()),
                    }) {
                        self.work.push_back(v);
                        i += 1;
                    }
                    match next.get(i) {
                        None => self.next_element()?,
                        Some(x) => {
                            let x = x.clone();
                            let context = StepContext {
                                describe: calling_operator,
                                subject: e.clone(),
                            };
                            self.waiting = Waiting::Item(e, next, i + 1);
                            Some(Step::Force {
                                value: x,
                                context: Some(context),
                            })
                        }
                    }
                }
                Waiting::Done => unreachable!("the driver is finished"),
            };
            if let Some(step) = next {
                return Ok(step);
            }
        }
    }
}

/// The error for a key that cannot be compared with the keys so far.
fn incomparable_keys(keys: &KeySet, key: &Value, e: &Value) -> Error {
    let (other, other_elem) = keys.first.clone().unwrap_or((Value::Null, Value::Null));
    let err = match scalar_less(key, &other) {
        Some(Err(err)) => err,
        _ => incomparable(key, &other),
    };
    // Nix names the element being added, then the one it was compared with.
    err.with_trace(None, format!("with element {}", printed(&other_elem)))
        .with_trace(None, format!("while comparing element {}", printed(e)))
}

fn generic_closure_plan(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    let set = in_arg(expect_attrs(&a[0]), 0, "genericClosure")?;
    Ok(Plan::Drive(Box::new(ClosureDriver {
        args: a.to_vec(),
        set,
        op: Value::Null,
        work: VecDeque::new(),
        keys: KeySet::default(),
        result: Vec::new(),
        waiting: Waiting::Start,
    })))
}

async fn generic_closure(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let args = co.force(a[0].clone()).await;
    let args = in_arg(expect_attrs(&args), 0, "genericClosure")?;
    let start = args
        .get(well_known::start_set())
        .ok_or_else(|| missing("startSet"))?;
    let start = forced(
        &co,
        start.clone(),
        expect_list,
        "while evaluating the 'startSet' attribute passed as argument to builtins.genericClosure",
    )
    .await?;
    if start.is_empty() {
        return Ok(Value::List(start));
    }
    let op = args
        .get(well_known::operator())
        .ok_or_else(|| missing("operator"))?;
    let op = forced(
        &co,
        op.clone(),
        expect_function,
        "while evaluating the 'operator' attribute passed as argument to builtins.genericClosure",
    )
    .await?;

    let site = co.call_site().await;
    let mut work: VecDeque<Value> = start.iter().cloned().collect();
    let mut keys = KeySet::default();
    let mut result = Vec::new();
    while let Some(e) = work.pop_front() {
        let in_element = |e: &Value| format!("in genericClosure element {}", printed(e));
        let e = match co.force_or_error(e.clone()).await {
            Ok(v) => v,
            Err(err) => return Err(err.with_trace(None, in_element(&e))),
        };
        let set = expect_attrs(&e).map_err(|err| err.with_trace(None, in_element(&e)))?;
        let Some(key) = set.get(well_known::key()) else {
            return Err(Error::new(ErrorKind::AttributeMissing {
                name: "key".into(),
                suggestions: Vec::new(),
            })
            .with_trace(None, in_element(&e)));
        };
        let key = co.force(key.clone()).await;
        let inserted = if matches!(key, Value::List(_)) {
            insert_list(&co, &mut keys, key.clone(), &e).await
        } else {
            keys.insert_scalar(&key, &e)
        };
        match inserted {
            Inserted::New => {}
            Inserted::Seen => continue,
            Inserted::Incomparable => {
                let (other, other_elem) = keys.first.clone().unwrap_or((Value::Null, Value::Null));
                let err = match scalar_less(&key, &other) {
                    Some(Err(err)) => err,
                    _ => incomparable(&key, &other),
                };
                // Nix names the element being added, then the one it was compared with.
                return Err(err
                    .with_trace(None, format!("with element {}", printed(&other_elem)))
                    .with_trace(None, format!("while comparing element {}", printed(&e))));
            }
        }
        result.push(e.clone());

        let call = Value::Thunk(Thunk::new_apply(op.clone(), e.clone(), site));
        let next = match co.force_or_error(call).await {
            Ok(v) => v,
            Err(err) => return Err(err.with_trace(None, calling_operator(&e))),
        };
        let next = expect_list(&next).map_err(|err| {
            err.with_trace(
                None,
                "while evaluating the return value of the `operator` passed to builtins.genericClosure",
            )
            .with_trace(None, calling_operator(&e))
        })?;
        for x in next.iter() {
            match co.force_or_error(x.clone()).await {
                Ok(v) => work.push_back(v),
                Err(err) => return Err(err.with_trace(None, calling_operator(&e))),
            }
        }
    }
    Ok(Value::List(NixList::new(result)))
}

builtins! {
    /// Starting from the sets in `startSet`, apply `operator` to each set not seen before
    /// (by its `key` attribute) and collect all sets reached, in order.
    GENERIC_CLOSURE = "genericClosure"(attrset: strict) => generic_closure_plan, gen generic_closure;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn insert(keys: &mut KeySet, key: Value) -> &'static str {
        match keys.insert_scalar(&key, &Value::Null) {
            Inserted::New => "new",
            Inserted::Seen => "seen",
            Inserted::Incomparable => "incomparable",
        }
    }

    #[test]
    fn integers_and_floats_are_one_kind() {
        let mut k = KeySet::default();
        assert_eq!(insert(&mut k, Value::Int(1)), "new");
        assert_eq!(insert(&mut k, Value::Float(1.0)), "seen");
        assert_eq!(insert(&mut k, Value::Float(1.5)), "new");
        assert_eq!(insert(&mut k, Value::Float(-0.0)), "new");
        assert_eq!(insert(&mut k, Value::Int(0)), "seen");
        // Beyond 2^53 an integer equals the float it rounds to.
        assert_eq!(insert(&mut k, Value::Int((1 << 60) + 1)), "new");
        assert_eq!(insert(&mut k, Value::Float((1u64 << 60) as f64)), "seen");
        assert_eq!(insert(&mut k, Value::string("1")), "incomparable");
    }

    #[test]
    fn strings_compare_by_bytes_only() {
        let mut k = KeySet::default();
        assert_eq!(insert(&mut k, Value::string("a")), "new");
        assert_eq!(insert(&mut k, Value::string("a")), "seen");
        assert_eq!(insert(&mut k, Value::string("ä")), "new");
        assert_eq!(insert(&mut k, Value::Int(1)), "incomparable");
    }

    #[test]
    fn unordered_keys_are_fine_alone() {
        let mut k = KeySet::default();
        assert_eq!(insert(&mut k, Value::Bool(true)), "new");
        assert_eq!(insert(&mut k, Value::Bool(true)), "incomparable");
    }

    #[test]
    fn nan_is_equal_to_every_number() {
        let mut k = KeySet::default();
        assert_eq!(insert(&mut k, Value::Float(f64::NAN)), "new");
        assert_eq!(insert(&mut k, Value::Int(3)), "seen");
        let mut k = KeySet::default();
        assert_eq!(insert(&mut k, Value::Int(3)), "new");
        assert_eq!(insert(&mut k, Value::Float(f64::NAN)), "seen");
    }
}
