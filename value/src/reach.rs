//! The positions among everything some values reach.
//!
//! A set remembers where each of its attributes was defined, as a position, and a position
//! means something only while the file it points into is kept. Compiled code holds its own
//! file; a set holds none, and code that has not run yet may make more sets with positions
//! in its file. A holder of values that wants to let go of files no value needs any more
//! (the REPL, of the lines typed at it) asks this walk which positions the values it keeps
//! carry or may make: those of sets' attributes, where the code of closures and of thunks
//! not yet evaluated was written, and the calls that made lazy applications not yet
//! evaluated (`map f xs`'s elements).
//!
//! The walk visits what the cycle collector visits (thunks, sets and their shared chunks,
//! lists, closures' captured variables, partial applications), each once, with an explicit
//! worklist: a structure of any depth is walked without recursion on the Rust stack.

use rustc_hash::FxHashSet;

use crate::cycles::{Edge, Node};
use crate::value::Value;
use codemap::Pos;

/// Calls `found` with the position of every attribute of every set that `roots` reach, and
/// with where the code of every closure and pending thunk they reach starts, or the call
/// that made a pending lazy application, and returns
/// how many values were visited; `None` if the walk met a thunk under evaluation,
/// whose computation it cannot see (the caller then knows nothing and keeps everything).
pub fn positions<'a>(
    roots: impl IntoIterator<Item = &'a Value>,
    mut found: impl FnMut(Pos),
) -> Option<usize> {
    let mut seen: FxHashSet<usize> = FxHashSet::default();
    let mut work: Vec<Node> = Vec::new();
    let mut visit = |e: Edge<'_>, work: &mut Vec<Node>| {
        if let Some(key) = e.key()
            && seen.insert(key)
        {
            work.push(e.node());
        }
    };
    for v in roots {
        visit(Edge::Value(v), &mut work);
    }
    let mut visited = 0;
    while let Some(node) = work.pop() {
        visited += 1;
        match &node {
            Node::Attrs(a) => a.iter().filter_map(|a| a.pos).for_each(&mut found),
            // Code yet to run may make sets with positions in its file; a lazy application
            // is located at the call that made it.
            Node::Closure(c) => found(c.lambda.span.low()),
            Node::Thunk(t) => t.pending_position().into_iter().for_each(&mut found),
            _ => {}
        }
        if !node.edges(|e| visit(e, &mut work)) {
            return None;
        }
    }
    Some(visited)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attrs::{Attr, NixAttrs};
    use crate::list::NixList;
    use crate::symbol::Symbol;
    use crate::thunk::Thunk;

    #[test]
    fn finds_the_positions_of_sets_inside_lists_and_thunks() {
        let file = codemap::CodeMap::new()
            .add_file("t".into(), "0123456789".into())
            .unwrap();
        let at = |i| file.span.subspan(i, i).low();
        let inner = NixAttrs::from_sorted(vec![Attr {
            name: Symbol::new("a"),
            pos: Some(at(3)),
            value: Value::Int(1),
        }]);
        let thunk = Thunk::evaluated(Value::Attrs(inner.clone()));
        // A lazy application not yet evaluated is located at the call that made it.
        let lazy = Thunk::new_apply(Value::Null, Value::Null, Some(file.span.subspan(5, 6)));
        let list = Value::List(NixList::from(vec![
            Value::Thunk(thunk),
            Value::Attrs(inner),
            Value::Thunk(lazy),
        ]));
        let outer = NixAttrs::from_sorted(vec![Attr {
            name: Symbol::new("l"),
            pos: Some(at(7)),
            value: list,
        }]);
        let mut seen = Vec::new();
        let visited = positions([&Value::Attrs(outer)], |p| seen.push(p));
        seen.sort();
        // The inner set is visited once, however many paths lead to it.
        assert_eq!(seen, vec![at(3), at(5), at(7)]);
        assert_eq!(visited, Some(5));
    }
}
