//! Reclaiming cycles of values, which reference counting alone never frees.
//!
//! **Where cycles come from.** Values are immutable once made, and what a new value refers
//! to already exists, so references run from newer to older — except through a thunk, the
//! one cell written after it is made. A thunk made with its computation (`new_code`,
//! `new_apply`) refers to older values only; evaluating it stores a value built from what
//! the computation could reach. So a thunk can come to reach itself only if it was made
//! blank and filled afterwards with a computation that captures itself or another blank
//! binding of its scope (`rec`, recursive `let`, formals with defaults: [`Thunk::fill`]
//! checks this), or if a knot is tied by hand ([`Thunk::knot`]: `builtins.builtins`, the
//! outputs of a derivation). Those thunks are the *candidates*: registered, weakly, in the
//! [`Registry`] of the evaluator that made them. Any cycle of values passes through one.
//! (A cycle through the evaluator's own tables — a file whose value imports itself — is
//! alive as long as the table; it goes with the evaluator.)
//!
//! **What is traced.** [`Registry::collect`] visits everything reachable from the live
//! candidates: thunks, attribute sets and their shared chunks, lists, closures, partial
//! applications and shared upvalue arrays (compiled code, strings and paths hold no
//! thunks and are not visited). It counts, in a table of its own, how many references to
//! each visited value come from visited values — the real reference counts are only read.
//! A value whose reference count is higher is referenced from outside (the VM's stacks, a
//! caller, another evaluator), so it is alive, and so is everything it reaches; what is left
//! is referenced only from itself: garbage. That is trial deletion, as Bacon and Rajan's
//! cycle collector does it, with explicit worklists, so a structure of any depth is traced
//! without recursion on the Rust stack.
//!
//! **Why it cannot free a live value.** A value is freed only when every reference to it is
//! one the tracer saw from a value found to be garbage itself. A reference the tracer does
//! not see (a thunk under evaluation is never traced: its computation is with the VM; a
//! thunk borrowed at that moment neither) only makes what it points to look referenced from
//! outside, which keeps it alive. The collection runs between two steps of the VM, when
//! every value the VM or a builtin holds is held by a counted reference, and nothing runs
//! while it does. Garbage is freed by emptying its thunks (any cycle passes through one),
//! after which reference counting frees the rest; a thunk being evaluated is never emptied.
//!
//! **When, and what it costs.** The VM calls [`poll`] every few thousand steps and after
//! each run. Once [`YOUNG`] candidates have been registered since the last collection,
//! those are collected; the ones left alive become old, and all the old ones are collected
//! again once their number has doubled since they last were (and is at least
//! [`MIN_OLD`]). During evaluation the tracing is bounded three ways, none of which can
//! free more (a value not traced is kept): each candidate's trace stops after [`BUDGET`]
//! references (a value holding more than is left is not visited), which is enough for the
//! cycles a recursive set or `let` makes; candidates go by batches of [`BATCH`], so the
//! side table stays small; and all collections together trace at most
//! [`CREDIT_PER_CANDIDATE`] references per candidate registered plus
//! [`CREDIT_PER_FREED`] per value found to be garbage, so tracing that frees memory goes on
//! as long as it does, and tracing that finds nothing (nixpkgs' fixpoints, alive to the
//! end) costs a small constant per candidate; candidates left over wait, alive, for a
//! later collection. Knots tied by hand are candidates like the others: a garbage
//! derivation small enough for the budget goes during evaluation, while the builtins'
//! knot costs one look per collection (its set is larger than the budget). Cyclic garbage
//! the bounds leave is collected when the evaluator is dropped: its VM drops its own
//! references and collects everything, without a bound; and when the evaluator drops its
//! import cache ([`Registry::collect_values`]). What the collector keeps
//! besides is a weak pointer per candidate (the candidate's memory, not what it holds,
//! stays until the next collection prunes it) and, while it runs, its side table.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use rustc_hash::FxHashMap;

use crate::attrs::{Chunk, NixAttrs};
use crate::builtin::PartialApp;
use crate::closure::{Closure, Upvalues};
use crate::list::NixList;
use crate::thunk::{self, Thunk};
use crate::value::Value;

/// New candidates that make a collection of the young ones due.
pub const YOUNG: usize = 1 << 13;
/// The least number of old candidates that makes a collection of all of them due.
pub const MIN_OLD: usize = 1 << 15;
/// How many references a collection during evaluation traces from each candidate, at
/// most: enough for the cycles a recursive set or `let` makes, while a candidate that
/// reaches a large live structure costs no more than this.
pub const BUDGET: usize = 32;
/// References a collection during evaluation may trace per candidate registered, and per
/// value it found to be garbage: tracing that finds garbage pays for itself in memory,
/// tracing that does not is kept to a small constant per candidate.
pub const CREDIT_PER_CANDIDATE: usize = 2;
pub const CREDIT_PER_FREED: usize = 8;
/// The most credit saved up, so that a long productive stretch does not buy an unbounded
/// amount of fruitless tracing after it.
const MAX_CREDIT: usize = 1 << 22;
/// Candidates traced in one graph during evaluation: the side table of a collection stays
/// this many budgets large, however many candidates there are.
pub const BATCH: usize = 4096;

/// The candidates of one evaluator. Cloning shares it.
#[derive(Clone, Default)]
pub struct Registry(Rc<RefCell<Cells>>);

#[derive(Default)]
struct Cells {
    /// Registered since the last collection.
    young: Vec<Weak<thunk::Cell>>,
    /// Alive at the last collection.
    old: Vec<Weak<thunk::Cell>>,
    /// The number of old candidates at which all are collected again.
    old_threshold: usize,
    /// References collections during evaluation may still trace (see [`CREDIT_PER_CANDIDATE`]).
    credit: usize,
}

thread_local! {
    /// The registry of the evaluator running on this thread.
    static CURRENT: RefCell<Option<Registry>> = const { RefCell::new(None) };
}

/// What a collection did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Collected {
    /// Values visited.
    pub traced: usize,
    /// Values found to be garbage (thunks, sets, lists, closures, … alike).
    pub freed: usize,
}

impl Registry {
    /// Makes this registry the one new candidates go to on this thread, until the guard is
    /// dropped (the VM does this while it runs).
    pub fn enter(&self) -> Entered {
        let before = CURRENT.with(|c| c.replace(Some(self.clone())));
        Entered { before }
    }

    /// The candidates registered, dead ones included until the next collection.
    pub fn len(&self) -> usize {
        let cells = self.0.borrow();
        cells.young.len() + cells.old.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Frees every cycle no longer referenced from outside among what the candidates
    /// reach, tracing as far as they reach.
    pub fn collect(&self) -> Collected {
        self.collect_with(Vec::new())
    }

    /// [`Registry::collect`], with `extra` values as candidates too (they are dropped
    /// after): what an evaluator's own tables held, which may be cyclic without any
    /// registered thunk (a file whose value imports itself).
    pub fn collect_with(&self, extra: Vec<Value>) -> Collected {
        self.run(true, None, extra)
    }

    /// Frees the cycles among what `values` reach (they are dropped after), tracing as far
    /// as they reach, and nothing else: what an evaluator's own table let go of, which
    /// may be cyclic without any registered thunk (a file whose value imports itself).
    pub fn collect_values(&self, values: Vec<Value>) -> Collected {
        let mut credit = usize::MAX;
        collect(values, None, &mut credit)
    }

    /// Collects until nothing more is freed: what one collection frees can be all that
    /// kept another cycle (one that compiled code refers to, which is not traced) alive.
    pub fn collect_all(&self, extra: Vec<Value>) -> Collected {
        let mut total = Collected::default();
        let mut extra = Some(extra);
        loop {
            let c = self.collect_with(extra.take().unwrap_or_default());
            total.traced += c.traced;
            total.freed += c.freed;
            if c.freed == 0 {
                return total;
            }
        }
    }

    /// The collection due, if any: of the young candidates once there are [`YOUNG`] of
    /// them, of all once the old ones have doubled since all were last collected; each
    /// within the [`BUDGET`].
    fn collect_due(&self) -> Option<Collected> {
        let (young, all) = {
            let c = self.0.borrow();
            (
                c.young.len() >= YOUNG,
                c.old.len() >= c.old_threshold.max(MIN_OLD),
            )
        };
        (young || all).then(|| self.run(all, Some(BUDGET), Vec::new()))
    }

    /// One collection from the young candidates, or from all, and `extra`; the
    /// candidates left alive become old.
    fn run(&self, all: bool, budget: Option<usize>, extra: Vec<Value>) -> Collected {
        let taken = {
            let mut c = self.0.borrow_mut();
            let cells = &mut *c;
            cells.credit =
                (cells.credit + CREDIT_PER_CANDIDATE * cells.young.len()).min(MAX_CREDIT);
            let mut taken = std::mem::take(&mut cells.young);
            if all {
                taken.append(&mut cells.old);
            }
            taken
        };
        // A bounded collection goes batch by batch, which keeps its table small; an
        // unbounded one traces everything once, in one graph. A batch's candidates are
        // taken up only when it runs: held meanwhile, they would look referenced from
        // outside to the batches before.
        let batch = if budget.is_some() { BATCH } else { usize::MAX };
        let mut extra = Some(extra);
        let mut collected = Collected::default();
        let mut credit = match budget {
            Some(_) => self.0.borrow().credit,
            None => usize::MAX,
        };
        for some in taken.chunks(batch) {
            if credit == 0 {
                // The rest wait, alive, for a later collection.
                break;
            }
            let mut candidates: Vec<Value> = some
                .iter()
                .filter_map(|w| Thunk::upgrade(w).map(Value::Thunk))
                .collect();
            candidates.extend(extra.take().unwrap_or_default());
            let c = collect(candidates, budget, &mut credit);
            collected.traced += c.traced;
            collected.freed += c.freed;
            credit = credit.saturating_add(CREDIT_PER_FREED * c.freed);
        }
        if let Some(extra) = extra.filter(|e| !e.is_empty()) {
            let c = collect(extra, budget, &mut credit);
            collected.traced += c.traced;
            collected.freed += c.freed;
        }
        // What is left alive is old now; those emptied are gone, with whatever else died.
        let mut c = self.0.borrow_mut();
        c.old.extend(taken);
        c.old.retain(|w| w.strong_count() > 0);
        if budget.is_some() {
            c.credit = credit.min(MAX_CREDIT);
        }
        if all {
            c.old_threshold = 2 * c.old.len();
        }
        collected
    }
}

/// Restores the registry that was current before [`Registry::enter`].
pub struct Entered {
    before: Option<Registry>,
}

impl Drop for Entered {
    fn drop(&mut self) {
        let before = self.before.take();
        let _ = CURRENT.try_with(|c| c.replace(before));
    }
}

/// Registers a thunk that may close a cycle with the current registry, if there is one.
pub(crate) fn register(t: &Thunk) {
    let _ = CURRENT.try_with(|c| {
        if let Some(r) = &*c.borrow() {
            r.0.borrow_mut().young.push(t.downgrade());
        }
    });
}

/// Whether upvalues hold a blank thunk: a binding of a recursive scope not filled yet.
#[inline]
pub(crate) fn captures_blank(upvalues: &Upvalues) -> bool {
    let blank = |v: &Value| matches!(v, Value::Thunk(t) if t.is_blank());
    match upvalues {
        Upvalues::None => false,
        Upvalues::One(v) => blank(v),
        Upvalues::Many(vs) => vs.iter().any(blank),
    }
}

/// Runs the collection due with the current registry, if one is (the VM calls this every
/// few thousand steps).
pub fn poll() -> Option<Collected> {
    let current = CURRENT.with(|c| c.borrow().clone())?;
    current.collect_due()
}

/// A value that may be part of a cycle, held by the collector while it runs.
pub(crate) enum Node {
    Thunk(Thunk),
    Attrs(NixAttrs),
    Chunk(Rc<Chunk>),
    List(NixList),
    Closure(Rc<Closure>),
    PartialApp(Rc<PartialApp>),
    Upvalues(Rc<[Value]>),
}

/// A reference from one node to another, as the tracer meets it.
pub(crate) enum Edge<'a> {
    Value(&'a Value),
    Chunk(&'a Rc<Chunk>),
    Upvalues(&'a Rc<[Value]>),
}

impl Edge<'_> {
    /// The node this edge leads to (its address), if it is one the collector visits.
    pub(crate) fn key(&self) -> Option<usize> {
        match self {
            Edge::Value(v) => match v {
                Value::Thunk(_)
                | Value::Attrs(_)
                | Value::List(_)
                | Value::Closure(_)
                | Value::PartialApp(_) => v.identity(),
                _ => None,
            },
            Edge::Chunk(c) => Some(Rc::as_ptr(c) as usize),
            Edge::Upvalues(u) => Some(Rc::as_ptr(u).cast::<u8>() as usize),
        }
    }

    pub(crate) fn node(&self) -> Node {
        match self {
            Edge::Value(Value::Thunk(t)) => Node::Thunk(t.clone()),
            Edge::Value(Value::Attrs(a)) => Node::Attrs(a.clone()),
            Edge::Value(Value::List(l)) => Node::List(l.clone()),
            Edge::Value(Value::Closure(c)) => Node::Closure(c.clone()),
            Edge::Value(Value::PartialApp(p)) => Node::PartialApp(p.clone()),
            Edge::Chunk(c) => Node::Chunk((*c).clone()),
            Edge::Upvalues(u) => Node::Upvalues((*u).clone()),
            Edge::Value(_) => unreachable!("only edges with a key make nodes"),
        }
    }
}

impl Node {
    /// References to this node, the collector's own included.
    fn strong_count(&self) -> usize {
        match self {
            Node::Thunk(t) => t.strong_count(),
            Node::Attrs(a) => a.strong_count(),
            Node::Chunk(c) => Rc::strong_count(c),
            Node::List(l) => l.strong_count(),
            Node::Closure(c) => Rc::strong_count(c),
            Node::PartialApp(p) => Rc::strong_count(p),
            Node::Upvalues(u) => Rc::strong_count(u),
        }
    }

    /// How many references this node holds, at most.
    fn size(&self) -> usize {
        match self {
            Node::Thunk(_) => 2,
            Node::Attrs(a) => a.len(),
            Node::Chunk(c) => c.values().size_hint().0,
            Node::List(l) => l.len(),
            Node::Closure(_) => 1,
            Node::PartialApp(p) => p.args.len(),
            Node::Upvalues(u) => u.len(),
        }
    }

    /// Calls `f` with each reference this node holds; `false` if it is not traced (a thunk
    /// under evaluation), which makes it alive.
    pub(crate) fn edges(&self, mut f: impl FnMut(Edge<'_>)) -> bool {
        fn upvalues(u: &Upvalues, f: &mut impl FnMut(Edge<'_>)) {
            match u {
                Upvalues::None => {}
                Upvalues::One(v) => f(Edge::Value(v)),
                Upvalues::Many(vs) => f(Edge::Upvalues(vs)),
            }
        }
        match self {
            Node::Thunk(t) => {
                // Both closures need `f`: lend it through a cell.
                let f = RefCell::new(&mut f);
                return t.trace(
                    |v| (f.borrow_mut())(Edge::Value(v)),
                    |u| upvalues(u, &mut *f.borrow_mut()),
                );
            }
            Node::Attrs(a) => {
                let f = RefCell::new(&mut f);
                a.trace(
                    |v| (f.borrow_mut())(Edge::Value(v)),
                    |c| (f.borrow_mut())(Edge::Chunk(c)),
                );
            }
            Node::Chunk(c) => c.values().for_each(|v| f(Edge::Value(v))),
            Node::List(l) => l.iter().for_each(|v| f(Edge::Value(v))),
            Node::Closure(c) => upvalues(&c.upvalues, &mut f),
            Node::PartialApp(p) => p.args.iter().for_each(|v| f(Edge::Value(v))),
            Node::Upvalues(u) => u.iter().for_each(|v| f(Edge::Value(v))),
        }
        true
    }
}

/// The subgraph reachable from the candidates, with the references inside it counted.
#[derive(Default)]
struct Graph {
    index: FxHashMap<usize, u32>,
    nodes: Vec<Node>,
    /// References to each node from nodes of the graph.
    internal: Vec<u32>,
    /// Whether the node's references were traced (see [`Node::edges`]).
    traced: Vec<bool>,
}

impl Graph {
    /// The node an edge leads to, added (and queued in `work`) the first time.
    fn intern(&mut self, edge: &Edge<'_>, work: &mut Vec<u32>) -> Option<u32> {
        let key = edge.key()?;
        let next = self.nodes.len() as u32;
        let i = *self.index.entry(key).or_insert(next);
        if i == next {
            self.nodes.push(edge.node());
            self.internal.push(0);
            self.traced.push(false);
            work.push(i);
        }
        Some(i)
    }
}

/// Trial deletion over what `candidates` reach: empties the thunks of the garbage found.
/// (A candidate is a node of the graph like any other: it is freed only if nothing outside
/// refers to it.)
fn collect(candidates: Vec<Value>, budget: Option<usize>, credit: &mut usize) -> Collected {
    let mut g = Graph::default();
    let mut work: Vec<u32> = Vec::new();
    // Visit what each candidate reaches, within the budget, counting the references found.
    // A node whose references would exceed what is left of it is not traced, which makes
    // it alive: tracing less only ever keeps more.
    for v in &candidates {
        if *credit == 0 {
            break;
        }
        let mut left = budget.unwrap_or(usize::MAX);
        g.intern(&Edge::Value(v), &mut work);
        while let Some(i) = work.pop() {
            let node = match &g.nodes[i as usize] {
                Node::Thunk(t) => Node::Thunk(t.clone()),
                Node::Attrs(a) => Node::Attrs(a.clone()),
                Node::Chunk(c) => Node::Chunk(c.clone()),
                Node::List(l) => Node::List(l.clone()),
                Node::Closure(c) => Node::Closure(c.clone()),
                Node::PartialApp(p) => Node::PartialApp(p.clone()),
                Node::Upvalues(u) => Node::Upvalues(u.clone()),
            };
            let size = node.size();
            if size > left.min(*credit) {
                continue;
            }
            left -= size;
            *credit -= size;
            let traced = node.edges(|e| {
                if let Some(j) = g.intern(&e, &mut work) {
                    g.internal[j as usize] += 1;
                }
            });
            g.traced[i as usize] = traced;
        }
    }
    crate::drop::release(candidates);
    // Alive: whatever is referenced from outside the graph (the graph holds one reference
    // to each node itself) or not traced, and whatever that reaches.
    let n = g.nodes.len();
    let mut live: Vec<bool> = (0..n)
        .map(|i| !g.traced[i] || g.nodes[i].strong_count() - 1 > g.internal[i] as usize)
        .collect();
    work.extend((0..n as u32).filter(|&i| live[i as usize]));
    while let Some(i) = work.pop() {
        let Graph { index, nodes, .. } = &g;
        nodes[i as usize].edges(|e| {
            if let Some(&j) = e.key().and_then(|k| index.get(&k))
                && !live[j as usize]
            {
                live[j as usize] = true;
                work.push(j);
            }
        });
    }
    // Break the garbage's cycles; dropping the graph then frees it.
    let mut freed = 0;
    for (node, live) in g.nodes.iter().zip(&live) {
        if !live {
            freed += 1;
            if let Node::Thunk(t) = node {
                t.empty();
            }
        }
    }
    Collected { traced: n, freed }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attrs::Attr;
    use crate::code::{Lambda, LambdaKind, Location};
    use crate::symbol::Symbol;

    /// Code for a thunk; what it does does not matter here.
    fn lambda() -> Rc<Lambda> {
        let file = codemap::CodeMap::new().add_file("t".into(), "x".into());
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

    #[test]
    fn garbage_larger_than_the_budget_waits_for_a_full_collection() {
        let registry = Registry::default();
        let x = {
            let _in = registry.enter();
            let x = Thunk::blank();
            x.fill(lambda(), Upvalues::One(Value::Thunk(x.clone())));
            let mut items = vec![Value::Int(0); 2 * BUDGET];
            items.push(Value::Thunk(x.clone()));
            x.finish(Value::List(NixList::new(items)));
            x
        };
        let weak = x.downgrade();
        drop(x);
        assert_eq!(registry.run(true, Some(BUDGET), Vec::new()).freed, 0);
        assert!(weak.upgrade().is_some());
        assert_eq!(registry.collect().freed, 2);
        assert!(weak.upgrade().is_none());
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
}
