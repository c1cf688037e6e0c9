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
//! **When.** The VM calls [`poll`] every few thousand steps; a collection runs once the
//! registry has grown to twice its size after the last one (and at least [`MIN_CELLS`]), so
//! its cost, which is what the live candidates reach, is spread over the registrations in
//! between. When an evaluator is dropped, its VM drops its own references and collects
//! whatever they left cyclic.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use rustc_hash::FxHashMap;

use crate::attrs::{Chunk, NixAttrs};
use crate::builtin::PartialApp;
use crate::closure::{Closure, Upvalues};
use crate::list::NixList;
use crate::thunk::{self, Thunk};
use crate::value::Value;

/// The registry size below which no collection runs during evaluation.
pub const MIN_CELLS: usize = 1 << 14;

/// The candidates of one evaluator. Cloning shares it.
#[derive(Clone)]
pub struct Registry(Rc<RefCell<Cells>>);

struct Cells {
    cells: Vec<Weak<thunk::Cell>>,
    /// The size at which the next collection runs.
    threshold: usize,
}

impl Default for Registry {
    fn default() -> Registry {
        Registry(Rc::new(RefCell::new(Cells {
            cells: Vec::new(),
            threshold: MIN_CELLS,
        })))
    }
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
        self.0.borrow().cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Frees the cycles no longer referenced from outside among what the candidates reach.
    pub fn collect(&self) -> Collected {
        self.collect_with(Vec::new())
    }

    /// [`Registry::collect`], with `extra` values as candidates too (they are dropped
    /// after): what an evaluator's own tables held, which may be cyclic without any
    /// registered thunk (a file whose value imports itself).
    pub fn collect_with(&self, extra: Vec<Value>) -> Collected {
        let mut candidates: Vec<Value> = {
            let mut cells = self.0.borrow_mut();
            let mut live = Vec::with_capacity(cells.cells.len());
            cells.cells.retain(|w| match Thunk::upgrade(w) {
                Some(t) => {
                    live.push(Value::Thunk(t));
                    true
                }
                None => false,
            });
            live
        };
        candidates.extend(extra);
        let collected = collect(candidates);
        let mut cells = self.0.borrow_mut();
        // The thunks emptied are gone now.
        cells.cells.retain(|w| w.strong_count() > 0);
        cells.threshold = (2 * cells.cells.len()).max(MIN_CELLS);
        collected
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

    fn due(&self) -> bool {
        let cells = self.0.borrow();
        cells.cells.len() >= cells.threshold
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
            r.0.borrow_mut().cells.push(t.downgrade());
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

/// Collects with the current registry if it has grown enough since the last collection
/// (the VM calls this every few thousand steps).
pub fn poll() {
    let due = CURRENT.with(|c| c.borrow().as_ref().filter(|r| r.due()).cloned());
    if let Some(r) = due {
        r.collect();
    }
}

/// A value that may be part of a cycle, held by the collector while it runs.
enum Node {
    Thunk(Thunk),
    Attrs(NixAttrs),
    Chunk(Rc<Chunk>),
    List(NixList),
    Closure(Rc<Closure>),
    PartialApp(Rc<PartialApp>),
    Upvalues(Rc<[Value]>),
}

/// A reference from one node to another, as the tracer meets it.
enum Edge<'a> {
    Value(&'a Value),
    Chunk(&'a Rc<Chunk>),
    Upvalues(&'a Rc<[Value]>),
}

impl Edge<'_> {
    /// The node this edge leads to (its address), if it is one the collector visits.
    fn key(&self) -> Option<usize> {
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

    fn node(&self) -> Node {
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

    /// Calls `f` with each reference this node holds; `false` if it is not traced (a thunk
    /// under evaluation), which makes it alive.
    fn edges(&self, mut f: impl FnMut(Edge<'_>)) -> bool {
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
fn collect(candidates: Vec<Value>) -> Collected {
    let mut g = Graph::default();
    let mut work: Vec<u32> = Vec::new();
    for v in &candidates {
        g.intern(&Edge::Value(v), &mut work);
    }
    crate::drop::release(candidates);
    // Visit everything reachable, counting the references found.
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
        let traced = node.edges(|e| {
            if let Some(j) = g.intern(&e, &mut work) {
                g.internal[j as usize] += 1;
            }
        });
        g.traced[i as usize] = traced;
    }
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
            kind: LambdaKind::Thunk,
            name: None,
            span,
            location: Location::new(file, span.low()),
            cheap: None,
            eager: false,
            constructs: false,
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
}
