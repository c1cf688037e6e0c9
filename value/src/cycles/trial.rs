//! Trial deletion: which of the values some candidates reach are garbage, found without
//! touching a reference count, and the garbage's cycles broken.
//!
//! The collector copies what the candidates reach into a graph of its own, counting how
//! many references each value gets from values in the graph. A value whose reference count
//! is higher is referenced from outside, so it is alive, and so is everything it reaches;
//! what is left is referenced only from itself. A trace may be bounded (by a budget per
//! candidate, and by the credit of the collection): a value left untraced counts as
//! referenced from outside, so tracing less only ever keeps more. Each candidate's fate is
//! reported ([`Kept`]), so that the scheduler (`cycles.rs`) can try again, with a larger
//! budget, those whose trace the budget cut short.

use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use crate::attrs::{Chunk, NixAttrs};
use crate::builtin::PartialApp;
use crate::closure::{Closure, Upvalues};
use crate::list::NixList;
use crate::thunk::Thunk;
use crate::value::Value;

use super::Collected;

/// A value that may be part of a cycle, held by the collector while it runs.
#[derive(Clone)]
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
    /// The candidate whose walk met the node first.
    walk: Vec<u32>,
    /// The candidate walking now.
    walking: u32,
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
            self.walk.push(self.walking);
            work.push(i);
        }
        Some(i)
    }
}

/// What a collection learned of one candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kept {
    /// Garbage: its thunk was emptied.
    Freed,
    /// Alive, with all it reaches traced.
    Alive,
    /// Alive, maybe only because the budget cut its trace short: worth a larger budget.
    Cut,
    /// Not traced to the end for want of credit: to be tried again as it is.
    Untried,
}

/// Trial deletion over what `candidates` reach, tracing at most `budget` references from
/// each (none: all) and at most `credit` in all, starting a candidate's walk only while the
/// credit is at least its budget or `whole`, whichever is less: empties the thunks of the
/// garbage found, and says what became of each candidate. (A candidate is a node of the graph like any
/// other: it is freed only if nothing outside refers to it.)
pub(crate) fn collect(
    candidates: Vec<Value>,
    budget: Option<usize>,
    whole: usize,
    credit: &mut usize,
) -> (Collected, Vec<Kept>) {
    let mut g = Graph::default();
    let mut work: Vec<u32> = Vec::new();
    let mut kept = vec![Kept::Untried; candidates.len()];
    let keys: Vec<Option<usize>> = candidates.iter().map(|v| Edge::Value(v).key()).collect();
    // Visit what each candidate reaches, within the budget, counting the references found.
    // A node whose references would exceed what is left of it is not traced, which makes
    // it alive: tracing less only ever keeps more.
    let need = budget.unwrap_or(usize::MAX).min(whole).max(1);
    for (n, v) in candidates.iter().enumerate() {
        // A walk starts only if the credit may pay for all of it: one cut short for want
        // of credit would have spent it for nothing.
        if *credit < need {
            break;
        }
        let mut left = budget.unwrap_or(usize::MAX);
        let (mut cut, mut starved) = (false, false);
        g.walking = n as u32;
        if let Some(i) = g.intern(&Edge::Value(v), &mut work)
            && g.walk[i as usize] != n as u32
        {
            // Met by an earlier walk: the candidate knows what that walk learned.
            kept[n] = kept[g.walk[i as usize] as usize];
            continue;
        }
        while let Some(i) = work.pop() {
            let node = g.nodes[i as usize].clone();
            let size = node.size();
            if size > left {
                cut = true;
                continue;
            }
            if size > *credit {
                // The credit is spent: what is left of it is not worth another candidate.
                starved = true;
                *credit = 0;
                continue;
            }
            left -= size;
            *credit -= size;
            let traced = node.edges(|e| {
                if let Some(j) = g.intern(&e, &mut work) {
                    g.internal[j as usize] += 1;
                    // Reaching what an earlier walk left untraced is as good as leaving it
                    // untraced here.
                    let by = g.walk[j as usize] as usize;
                    if by != n {
                        match kept[by] {
                            Kept::Untried => starved = true,
                            Kept::Cut => cut = true,
                            _ => {}
                        }
                    }
                }
            });
            g.traced[i as usize] = traced;
        }
        kept[n] = if starved {
            Kept::Untried
        } else if cut {
            Kept::Cut
        } else {
            Kept::Alive
        };
    }
    crate::drop::release(candidates);
    // Alive: whatever is referenced from outside the graph (the graph holds one reference
    // to each node itself) or not traced, and whatever that reaches. An untraced node's
    // references need not be followed: they were not counted, so what they lead to looks
    // referenced from outside already.
    let n = g.nodes.len();
    let mut live: Vec<bool> = (0..n)
        .map(|i| !g.traced[i] || g.nodes[i].strong_count() - 1 > g.internal[i] as usize)
        .collect();
    work.extend((0..n as u32).filter(|&i| live[i as usize] && g.traced[i as usize]));
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
    for (key, kept) in keys.iter().zip(&mut kept) {
        if let Some(&i) = key.and_then(|k| g.index.get(&k))
            && !live[i as usize]
        {
            *kept = Kept::Freed;
        }
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
    (Collected { traced: n, freed }, kept)
}
