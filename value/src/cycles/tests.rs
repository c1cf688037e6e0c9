//! The cycle collector's tests: what is freed, what is kept, and what tracing costs.

use super::*;
use crate::attrs::{Attr, NixAttrs};
use crate::code::{Lambda, LambdaKind, Location};
use crate::list::NixList;
use crate::symbol::Symbol;

/// Code for a thunk; what it does does not matter here.
fn lambda() -> Rc<Lambda> {
    let file = codemap::CodeMap::new()
        .add_file("t".into(), "x".into())
        .unwrap();
    let span = file.span;
    Rc::new(Lambda {
        ops: Box::new([]),
        spans: Box::new([]),
        constants: Box::new([]),
        symbols: Box::new([]),
        attr_names: Box::new([]),
        lambdas: Box::new([]),
        captures: Box::new([]),
        shares: false,
        kind: LambdaKind::Thunk,
        name: None,
        span,
        location: Location::new(file, span.low()),
        frameless: crate::code::Frameless::No,
        eager: false,
        makes: false,
        curried: None,
        contexts: Box::new([]),
        deferred: None,
    })
}

/// `let x = { a = x; }; in x`, as the VM builds it: a blank thunk filled with code that
/// captures itself, then evaluated to a set holding it.
fn self_referential(registry: &Registry) -> (Thunk, std::rc::Weak<thunk::Cell>) {
    let _in = registry.enter();
    let x = Thunk::blank();
    x.fill(lambda(), Upvalues::One(Value::Thunk(x.clone())));
    let set = NixAttrs::one(Attr::new(Symbol::new("a"), Value::Thunk(x.clone())));
    x.finish(Value::Attrs(set));
    let weak = x.downgrade();
    (x, weak)
}

#[test]
fn an_unreferenced_cycle_is_freed_and_a_referenced_one_kept() {
    let registry = Registry::default();
    let (x, weak) = self_referential(&registry);
    assert_eq!(registry.len(), 1);
    // Referenced from here: alive, untouched.
    let c = registry.collect();
    assert_eq!(c.freed, 0);
    assert!(x.is_evaluated());
    drop(x);
    assert!(
        weak.upgrade().is_some(),
        "a cycle outlives its last outside reference"
    );
    let c = registry.collect();
    assert_eq!(c.freed, 2, "the thunk and its set");
    assert!(weak.upgrade().is_none());
    assert!(registry.is_empty());
}

#[test]
fn a_value_reachable_from_outside_through_the_cycle_is_kept() {
    let registry = Registry::default();
    let (x, weak) = self_referential(&registry);
    // Outside holds the set, not the thunk: the whole cycle stays.
    let set = x.value().unwrap();
    drop(x);
    assert_eq!(registry.collect().freed, 0);
    let t = Thunk::upgrade(&weak).unwrap();
    assert!(t.is_evaluated());
    drop(t);
    drop(set);
    assert_eq!(registry.collect().freed, 2);
}

#[test]
fn a_thunk_under_evaluation_is_never_freed() {
    let registry = Registry::default();
    let (x, weak) = self_referential(&registry);
    // Blackhole it by hand, as forcing does, then drop the outside reference.
    let y = {
        let _in = registry.enter();
        let y = Thunk::blank();
        y.fill(lambda(), Upvalues::One(Value::Thunk(y.clone())));
        y
    };
    let run = match y.begin_force(|_| None) {
        thunk::ForceStart::Run(s) => s,
        _ => panic!("pending"),
    };
    let yw = y.downgrade();
    drop(y);
    drop(x);
    assert_eq!(registry.collect().freed, 2, "only x's cycle");
    assert!(weak.upgrade().is_none());
    assert!(Thunk::upgrade(&yw).unwrap().is_blackholed());
    drop(run);
}

#[test]
fn a_deep_structure_is_traced_without_recursion() {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let registry = Registry::default();
            let _in = registry.enter();
            // A list nested a million deep, reachable from a cycle and from outside.
            let mut deep = Value::List(NixList::empty());
            for _ in 0..1_000_000 {
                deep = Value::List(NixList::new(vec![deep]));
            }
            let x = Thunk::blank();
            x.fill(lambda(), Upvalues::One(Value::Thunk(x.clone())));
            let (a, d) = (Symbol::new("a"), Symbol::new("d"));
            let (first, second) = if a < d { (a, d) } else { (d, a) };
            let value = |s: Symbol| {
                if s == a {
                    Value::Thunk(x.clone())
                } else {
                    deep.clone()
                }
            };
            x.finish(Value::Attrs(NixAttrs::two(
                Attr::new(first, value(first)),
                Attr::new(second, value(second)),
            )));
            let weak = x.downgrade();
            drop(x);
            let c = registry.collect();
            assert!(c.traced > 1_000_000, "{c:?}");
            assert_eq!(c.freed, 2, "the cycle, not the list held from here");
            assert!(weak.upgrade().is_none());
            drop(deep);
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn evaluation_collects_young_cycles_within_the_budget() {
    let registry = Registry::default();
    // A large list held from outside, which a cycle refers to: beyond the budget.
    let big = Value::List(NixList::new(vec![Value::Int(1); 10 * BUDGET]));
    let weaks: Vec<_> = (0..YOUNG)
        .map(|_| {
            let _in = registry.enter();
            let x = Thunk::blank();
            x.fill(lambda(), Upvalues::One(Value::Thunk(x.clone())));
            let list = NixList::new(vec![Value::Thunk(x.clone()), big.clone()]);
            x.finish(Value::List(list));
            x.downgrade()
        })
        .collect();
    let _in = registry.enter();
    let c = poll().expect("due");
    assert_eq!(c.freed, 2 * YOUNG, "{c:?}");
    assert!(weaks.iter().all(|w| w.upgrade().is_none()));
    assert!(registry.is_empty());
    assert!(poll().is_none(), "nothing new");
    assert!(big.as_list().unwrap().is_unique());
}

/// A cycle through a list of `n` integers and a thunk, as a recursive set makes through a
/// set of `n` attributes; weakly held only.
fn cycle_through_a_list(registry: &Registry, n: usize) -> std::rc::Weak<thunk::Cell> {
    let _in = registry.enter();
    let x = Thunk::blank();
    x.fill(lambda(), Upvalues::One(Value::Thunk(x.clone())));
    let mut items = vec![Value::Int(0); n];
    items.push(Value::Thunk(x.clone()));
    x.finish(Value::List(NixList::new(items)));
    x.downgrade()
}

/// Counts `n` thunks as made, as evaluation would make them.
fn make(n: usize) {
    MADE_HERE.with(|m| m.set(m.get() + n));
}

/// Polls once [`MADE`] thunks have been made, which makes a collection due.
fn poll_until_collected(registry: &Registry) -> Collected {
    let _in = registry.enter();
    make(MADE);
    poll().expect("due after MADE thunks")
}

#[test]
fn a_cycle_through_a_value_larger_than_the_budget_is_collected_during_evaluation() {
    let registry = Registry::default();
    let weak = cycle_through_a_list(&registry, 2 * BUDGET);
    // The first level's budget cuts the trace short; the next level's does not.
    let c = poll_until_collected(&registry);
    assert_eq!(c.freed, 2, "{c:?}");
    assert!(weak.upgrade().is_none());
    assert!(registry.is_empty());
}

#[test]
fn a_cycle_through_many_small_values_is_collected_during_evaluation() {
    let registry = Registry::default();
    // A recursive scope of 300 bindings, each referring to the one before and after it:
    // one cycle of 300 thunks and their upvalue arrays, far beyond the first budget.
    let n = 300;
    let weaks: Vec<_> = {
        let _in = registry.enter();
        let ts: Vec<Thunk> = (0..n).map(|_| Thunk::blank()).collect();
        for (i, t) in ts.iter().enumerate() {
            let near: Rc<[Value]> = Rc::from(vec![
                Value::Thunk(ts[(i + n - 1) % n].clone()),
                Value::Thunk(ts[(i + 1) % n].clone()),
            ]);
            t.fill(lambda(), Upvalues::Many(near));
        }
        ts.iter().map(Thunk::downgrade).collect()
    };
    assert!(weaks.iter().all(|w| w.upgrade().is_some()));
    // The larger budgets wait for the credit that evaluation brings them: a few collections.
    let mut freed = 0;
    for _ in 0..10 {
        let c = poll_until_collected(&registry);
        freed += c.freed;
        if freed > 0 {
            break;
        }
    }
    assert_eq!(freed, 2 * n);
    assert!(weaks.iter().all(|w| w.upgrade().is_none()));
}

#[test]
fn a_live_cycle_through_a_large_value_is_kept_and_found_once_garbage() {
    let registry = Registry::default();
    let weak = cycle_through_a_list(&registry, 2 * BUDGET);
    let held = Thunk::upgrade(&weak).unwrap();
    // Cut short at the first level, traced to the end at the next: alive, and old.
    assert_eq!(poll_until_collected(&registry).freed, 0);
    assert!(held.is_evaluated());
    assert_eq!(registry.0.borrow().old.len(), 1);
    drop(held);
    // Garbage now: the next collection of all the old candidates finds it, with the credit
    // new candidates would bring.
    registry.0.borrow_mut().credit = 8 * BUDGET;
    let c = registry.run(true);
    assert_eq!(c.freed, 2, "{c:?}");
    assert!(weak.upgrade().is_none());
}

#[test]
fn a_cycle_beyond_the_last_budget_waits_for_a_full_collection() {
    let registry = Registry::default();
    let weak = cycle_through_a_list(&registry, budget(LEVELS - 1) + 1);
    {
        let mut c = registry.0.borrow_mut();
        c.larger_credit = MAX_CREDIT;
    }
    assert_eq!(poll_until_collected(&registry).freed, 0);
    assert!(weak.upgrade().is_some());
    assert_eq!(registry.collect().freed, 2);
    assert!(weak.upgrade().is_none());
}

#[test]
fn fruitless_tracing_at_larger_budgets_is_bounded_by_what_evaluation_makes() {
    let registry = Registry::default();
    // Cycles through large lists, all held from here: each trace is cut short at the first
    // level, and finds nothing at the larger ones.
    let held: Vec<Thunk> = (0..YOUNG)
        .map(|_| Thunk::upgrade(&cycle_through_a_list(&registry, 3 * BUDGET)).unwrap())
        .collect();
    let _in = registry.enter();
    let mut traced = 0;
    for _ in 0..10 {
        make(MADE);
        if let Some(c) = poll() {
            assert_eq!(c.freed, 0);
            traced += c.traced;
        }
    }
    // Each candidate costs the first level its own thunk and list (two nodes); the larger
    // levels trace what the thunks made buy them.
    let larger = traced - 2 * YOUNG;
    assert!(
        larger <= 10 * MADE / MADE_PER_CREDIT,
        "{traced} nodes traced for {} thunks made",
        10 * MADE
    );
    assert!(held.iter().all(Thunk::is_evaluated));
}

#[test]
fn fruitless_tracing_is_bounded_per_candidate() {
    let registry = Registry::default();
    // Cycles all held from here: tracing them finds nothing.
    let held: Vec<Thunk> = (0..YOUNG)
        .map(|_| {
            let _in = registry.enter();
            let x = Thunk::blank();
            x.fill(lambda(), Upvalues::One(Value::Thunk(x.clone())));
            let mut items = vec![Value::Int(0); 20];
            items.push(Value::Thunk(x.clone()));
            x.finish(Value::List(NixList::new(items)));
            x
        })
        .collect();
    let _in = registry.enter();
    let c = poll().expect("due");
    assert_eq!(c.freed, 0);
    assert!(c.traced <= CREDIT_PER_CANDIDATE * YOUNG, "{c:?}");
    assert!(held.iter().all(Thunk::is_evaluated));
}

/// Between two evaluations (a REPL after an input), the few young candidates are collected
/// at once, though far fewer than make a collection due; the old candidates that died
/// since are pruned as they pile up, so that their thunks' memory goes too.
#[test]
fn young_garbage_goes_when_asked_and_dead_old_entries_are_pruned() {
    let registry = Registry::default();
    let (x, weak) = self_referential(&registry);
    drop(x);
    let c = registry.collect_young();
    assert_eq!(c.freed, 2, "one candidate is enough");
    assert!(weak.upgrade().is_none());
    // Candidates alive when collected become old; once dead (freed by a bounded collection
    // of what their holder let go of), their entries go by the batch.
    let mut kept = Vec::new();
    for _ in 0..2 * MIN_PRUNE {
        let (x, _) = self_referential(&registry);
        registry.collect_young();
        kept.push(Value::Thunk(x));
    }
    assert_eq!(registry.len(), 2 * MIN_PRUNE);
    let c = registry.collect_values_within(kept, 1 << 16);
    assert_eq!(c.freed, 4 * MIN_PRUNE);
    registry.collect_young();
    assert!(registry.is_empty(), "{} entries left", registry.len());
}

/// A bounded collection of what a holder let go of keeps what the bound left untraced.
#[test]
fn a_bounded_collection_keeps_what_it_did_not_trace() {
    let registry = Registry::default();
    let (x, weak) = self_referential(&registry);
    assert_eq!(
        registry
            .collect_values_within(vec![Value::Thunk(x)], 1)
            .freed,
        0
    );
    let t = Thunk::upgrade(&weak).expect("kept");
    assert_eq!(
        registry
            .collect_values_within(vec![Value::Thunk(t)], 64)
            .freed,
        2
    );
    assert!(weak.upgrade().is_none());
}
