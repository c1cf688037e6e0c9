//! `builtins.sort`: a stable merge sort whose comparator is a Nix function.
//!
//! The sort is bottom-up (runs of 1, 2, 4, … merged pairwise), so it needs no recursion, and
//! it is written as a state machine that asks "is item a less than item b?" one question at
//! a time: the generator answers each by calling the comparator through the VM. A merge
//! sort only ever moves items between runs, so a comparator that is not a strict weak order
//! (inconsistent, or random) cannot make it loop, fail or lose items: the result is always a
//! permutation of the input, and the same one for the same answers.

use nixvm_value::expect::{expect_bool, expect_function, expect_list};
use nixvm_value::{Driver, Error, GenCo, Host, NixList, Plan, Step, Value};

use crate::support::args::{in_arg, in_context};
use nixvm_value::compare::scalar_less;

const ORDERING: &str = "while evaluating the ordering function passed to builtins.sort";
const RETURNED: &str =
    "while evaluating the return value of the sorting function passed to builtins.sort";

/// What the merge sort is doing between questions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Between two merges.
    Next,
    /// Asked whether the right run's first item is less than the left run's last one (if
    /// not, the two runs are already in order).
    Check,
    /// Merging `src[i..mid]` with `src[j..end]`.
    Merge,
}

/// A bottom-up merge sort of the indices `0..n`, driven by [`MergeSort::next`].
pub struct MergeSort {
    src: Vec<u32>,
    dst: Vec<u32>,
    width: usize,
    lo: usize,
    mid: usize,
    end: usize,
    i: usize,
    j: usize,
    phase: Phase,
}

impl MergeSort {
    pub fn new(n: usize) -> MergeSort {
        MergeSort {
            src: (0..n as u32).collect(),
            dst: Vec::with_capacity(n),
            width: 1,
            lo: 0,
            mid: 0,
            end: 0,
            i: 0,
            j: 0,
            phase: Phase::Next,
        }
    }

    /// Takes the answer to the previous question (`None` at the start) and returns the next
    /// one: `Some((a, b))` asks whether item `a` is less than item `b`; `None` means the
    /// order is final ([`MergeSort::order`]).
    pub fn next(&mut self, answer: Option<bool>) -> Option<(u32, u32)> {
        if let Some(less) = answer {
            match self.phase {
                Phase::Check if !less => self.copy_run(),
                // Two single items: the check was the whole merge.
                Phase::Check if self.end - self.lo == 2 => {
                    self.dst.push(self.src[self.mid]);
                    self.dst.push(self.src[self.lo]);
                    self.lo = self.end;
                    self.phase = Phase::Next;
                }
                Phase::Check => {
                    self.i = self.lo;
                    self.j = self.mid;
                    self.phase = Phase::Merge;
                }
                Phase::Merge => {
                    // Taking from the right only when strictly less keeps the sort stable.
                    if less {
                        self.dst.push(self.src[self.j]);
                        self.j += 1;
                    } else {
                        self.dst.push(self.src[self.i]);
                        self.i += 1;
                    }
                }
                Phase::Next => {}
            }
        }
        let n = self.src.len();
        loop {
            match self.phase {
                Phase::Merge => {
                    if self.i < self.mid && self.j < self.end {
                        return Some((self.src[self.j], self.src[self.i]));
                    }
                    self.dst.extend_from_slice(&self.src[self.i..self.mid]);
                    self.dst.extend_from_slice(&self.src[self.j..self.end]);
                    self.lo = self.end;
                    self.phase = Phase::Next;
                }
                Phase::Next | Phase::Check => {
                    if self.width >= n {
                        return None;
                    }
                    if self.lo >= n {
                        std::mem::swap(&mut self.src, &mut self.dst);
                        self.dst.clear();
                        self.width *= 2;
                        self.lo = 0;
                        continue;
                    }
                    self.mid = (self.lo + self.width).min(n);
                    self.end = (self.lo + 2 * self.width).min(n);
                    if self.mid >= self.end {
                        self.copy_run();
                        continue;
                    }
                    self.phase = Phase::Check;
                    return Some((self.src[self.mid], self.src[self.mid - 1]));
                }
            }
        }
    }

    /// Copies `src[lo..end]` as it is and moves on.
    fn copy_run(&mut self) {
        self.dst.extend_from_slice(&self.src[self.lo..self.end]);
        self.lo = self.end;
        self.phase = Phase::Next;
    }

    /// The sorted order of the indices, once [`MergeSort::next`] has returned `None`.
    pub fn order(self) -> Vec<u32> {
        self.src
    }
}

/// Whether `f` is the `lessThan` builtin, whose comparisons need no call.
fn is_less_than(f: &Value) -> bool {
    matches!(f, Value::Builtin(def) if std::ptr::eq(*def, &crate::arithmetic::LESS_THAN))
}

/// The items in the order the sort found.
fn in_order(sorter: MergeSort, items: &[Value]) -> Value {
    let sorted = sorter
        .order()
        .into_iter()
        .map(|i| items[i as usize].clone())
        .collect();
    Value::List(NixList::new(sorted))
}

/// `sort` with its comparator called by the VM, one question of the merge sort at a time.
struct SortDriver {
    f: Value,
    items: Vec<Value>,
    sorter: MergeSort,
}

impl Driver for SortDriver {
    fn step(&mut self, result: Option<Value>) -> Result<Step, Error> {
        let answer = match result {
            None => None,
            Some(r) => Some(in_context(expect_bool(&r), RETURNED)?),
        };
        Ok(match self.sorter.next(answer) {
            Some((x, y)) => Step::Call2(
                self.f.clone(),
                self.items[x as usize].clone(),
                self.items[y as usize].clone(),
            ),
            None => {
                let sorter = std::mem::replace(&mut self.sorter, MergeSort::new(0));
                Step::Done(in_order(sorter, &self.items))
            }
        })
    }
}

fn any_value(_: &Value) -> bool {
    true
}

/// `sort` without a generator: the VM forces the elements and calls the comparator; with
/// `lessThan` on numbers or strings, the sort runs here at once.
fn sort_plan(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    let l = in_arg(expect_list(&a[1]), 1, "sort")?;
    if l.is_empty() {
        return Ok(Plan::Done(Value::List(l)));
    }
    if a[0].evaluated().is_none() {
        return Ok(Plan::Force(0));
    }
    let f = in_arg(expect_function(&a[0]), 0, "sort")?;
    if l.len() > u32::MAX as usize {
        return Err(Error::eval("list too long for builtins.sort"));
    }
    // Nix forces every element before it sorts.
    let mut items = Vec::with_capacity(l.len());
    for x in l.iter() {
        match x.evaluated() {
            Some(v) => items.push(v),
            None => {
                return Ok(Plan::ForceElements {
                    arg: 1,
                    regular: any_value,
                });
            }
        }
    }
    if is_less_than(&f) {
        // All integers or all strings are totally ordered by `<`: every stable sort gives
        // the same order, so the standard one does.
        if items.iter().all(|v| matches!(v, Value::Int(_))) {
            items.sort_by_key(|v| match v {
                Value::Int(i) => *i,
                _ => unreachable!("checked above"),
            });
            return Ok(Plan::Done(Value::List(NixList::new(items))));
        }
        if items.iter().all(|v| matches!(v, Value::String(_))) {
            fn bytes(v: &Value) -> &[u8] {
                match v {
                    Value::String(s) => s.as_bytes(),
                    _ => unreachable!("checked above"),
                }
            }
            items.sort_by(|x, y| bytes(x).cmp(bytes(y)));
            return Ok(Plan::Done(Value::List(NixList::new(items))));
        }
        let mut sorter = MergeSort::new(items.len());
        let mut answer = None;
        while let Some((x, y)) = sorter.next(answer) {
            match scalar_less(&items[x as usize], &items[y as usize]) {
                Some(r) => answer = Some(in_context(r, ORDERING)?),
                // Lists (or anything `<` must look into) need the VM's comparison.
                None => return Ok(Plan::Slow),
            }
        }
        return Ok(Plan::Done(in_order(sorter, &items)));
    }
    let sorter = MergeSort::new(items.len());
    Ok(Plan::Drive(Box::new(SortDriver { f, items, sorter })))
}

async fn sort(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let l = co.force(a[1].clone()).await;
    let l = in_arg(expect_list(&l), 1, "sort")?;
    if l.is_empty() {
        return Ok(Value::List(l));
    }
    let f = co.force(a[0].clone()).await;
    let f = in_arg(expect_function(&f), 0, "sort")?;
    if l.len() > u32::MAX as usize {
        return Err(Error::eval("list too long for builtins.sort"));
    }
    let mut items = Vec::with_capacity(l.len());
    for x in l.iter() {
        items.push(co.force(x.clone()).await);
    }
    let direct = is_less_than(&f);
    let mut sorter = MergeSort::new(items.len());
    let mut answer = None;
    while let Some((x, y)) = sorter.next(answer) {
        let (x, y) = (&items[x as usize], &items[y as usize]);
        let less = if direct {
            match scalar_less(x, y) {
                Some(r) => in_context(r, ORDERING)?,
                None => co.less_than(x.clone(), y.clone()).await,
            }
        } else {
            let r = co.call2(f.clone(), x.clone(), y.clone()).await;
            in_context(expect_bool(&r), RETURNED)?
        };
        answer = Some(less);
    }
    Ok(in_order(sorter, &items))
}

builtins! {
    /// Return `list` sorted by `comparator` (a function returning whether its first argument
    /// is less than its second), stably.
    SORT = "sort"(comparator: called, list: strict) => sort_plan, gen sort;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sort_with(n: usize, mut less: impl FnMut(u32, u32) -> bool) -> Vec<u32> {
        let mut s = MergeSort::new(n);
        let mut answer = None;
        while let Some((a, b)) = s.next(answer) {
            answer = Some(less(a, b));
        }
        s.order()
    }

    #[test]
    fn sorts_and_is_stable() {
        let keys = [5, 3, 5, 1, 3, 9, 0, 5];
        let order = sort_with(keys.len(), |a, b| keys[a as usize] < keys[b as usize]);
        let sorted: Vec<i32> = order.iter().map(|&i| keys[i as usize]).collect();
        assert_eq!(sorted, [0, 1, 3, 3, 5, 5, 5, 9]);
        // Equal keys keep their order: the 5s were at 0, 2, 7.
        assert_eq!(&order[4..7], &[0, 2, 7]);
    }

    #[test]
    fn sizes_around_powers_of_two() {
        for n in 0..70 {
            let keys: Vec<u32> = (0..n as u32).map(|i| (i * 37) % 11).collect();
            let order = sort_with(n, |a, b| keys[a as usize] < keys[b as usize]);
            let sorted: Vec<u32> = order.iter().map(|&i| keys[i as usize]).collect();
            let mut expected = keys.clone();
            expected.sort();
            assert_eq!(sorted, expected, "n = {n}");
        }
    }

    #[test]
    fn a_bad_comparator_still_gives_a_permutation() {
        let mut state = 12345u32;
        let order = sort_with(1000, |_, _| {
            state = state.wrapping_mul(1103515245).wrapping_add(12345);
            state & 0x100 != 0
        });
        let mut seen = order.clone();
        seen.sort();
        assert_eq!(seen, (0..1000).collect::<Vec<u32>>());
        // Always true and always false terminate too.
        assert_eq!(sort_with(100, |_, _| true).len(), 100);
        assert_eq!(sort_with(100, |_, _| false), (0..100).collect::<Vec<u32>>());
    }

    #[test]
    fn sorted_input_takes_one_comparison_per_merge() {
        let mut calls = 0;
        sort_with(1024, |a, b| {
            calls += 1;
            a < b
        });
        assert_eq!(calls, 1023);
    }
}
