//! Static facts about a compiled program that make matching exact and fast:
//! which loops need an "empty iteration" counter, which counters matter where,
//! and a first-byte filter for skipping positions that cannot start a match.

use super::charclass::ByteSet;
use super::program::{Inst, NONE, Program};

/// At most this many counters take part in one visit key (2 bits each in a
/// u64). Only patterns with dozens of nested loops whose bodies can match
/// empty come near it.
pub(crate) const MAX_KEY_COUNTERS: usize = 32;

pub(crate) fn annotate(p: &mut Program) {
    let exact = assign_counters(p);
    prefilter(p);
    // Pruning loop exits is only sound together with exact loop counting:
    // without it the "going round again found a match" path may be cut.
    p.searches_prune = exact && super::reach::pruning_matters(p);
}

/// Moves that consume no input.
fn epsilon_edges(inst: Inst) -> [u32; 2] {
    match inst {
        Inst::Alt { first, second } => [first, second],
        Inst::Repeat { body, skip, .. } => [body, skip],
        Inst::Save { next, .. } | Inst::LineStart { next } | Inst::LineEnd { next } => [next, NONE],
        Inst::Byte { .. } | Inst::Set { .. } | Inst::Accept => [NONE, NONE],
    }
}

/// Strongly connected components of the epsilon graph (iterative Tarjan).
fn epsilon_sccs(insts: &[Inst]) -> Vec<u32> {
    let n = insts.len();
    let mut index = vec![NONE; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![NONE; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut next_index = 0u32;
    let mut next_comp = 0u32;
    // (node, which edge to look at next)
    let mut call: Vec<(u32, usize)> = Vec::new();
    for root in 0..n as u32 {
        if index[root as usize] != NONE {
            continue;
        }
        call.push((root, 0));
        while let Some(&mut (v, ref mut edge)) = call.last_mut() {
            let vi = v as usize;
            if *edge == 0 {
                index[vi] = next_index;
                low[vi] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[vi] = true;
            }
            let edges = epsilon_edges(insts[vi]);
            if *edge < 2 {
                let w = edges[*edge];
                *edge += 1;
                if w == NONE {
                    continue;
                }
                let wi = w as usize;
                if index[wi] == NONE {
                    call.push((w, 0));
                } else if on_stack[wi] {
                    low[vi] = low[vi].min(index[wi]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                let pi = parent as usize;
                low[pi] = low[pi].min(low[vi]);
            }
            if low[vi] == index[vi] {
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    comp[w as usize] = next_comp;
                    if w == v {
                        break;
                    }
                }
                next_comp += 1;
            }
        }
    }
    comp
}

/// A loop can be re-entered at the same position only if its body leads back
/// to it without consuming input, i.e. body and loop share an epsilon SCC.
/// Only such loops' counters are ever consulted, and only by instructions of
/// that same SCC (an instruction outside it cannot reach the loop again
/// without leaving the region where the counter is non-zero).
/// Returns false if some component had to go without counters.
fn assign_counters(p: &mut Program) -> bool {
    let comp = epsilon_sccs(&p.insts);
    let loops_back = |pc: usize, inst: &Inst| match *inst {
        Inst::Repeat { body, .. } => comp[body as usize] == comp[pc],
        _ => false,
    };
    let mut per_comp: Vec<Vec<u32>> = Vec::new();
    for (pc, inst) in p.insts.iter().enumerate() {
        if loops_back(pc, inst) {
            let c = comp[pc] as usize;
            if per_comp.len() <= c {
                per_comp.resize(c + 1, Vec::new());
            }
            per_comp[c].push(pc as u32);
        }
    }
    // A component with too many such loops to key on gets no counters at all:
    // its loops then behave like a plain NFA's, which keeps every match but
    // may report different captures than libstdc++ in such absurd patterns.
    let mut counter_count = 0u32;
    let mut exact = true;
    let mut list_of_comp = vec![NONE; per_comp.len()];
    for (c, loops) in per_comp.iter().enumerate() {
        if loops.len() > MAX_KEY_COUNTERS {
            exact = false;
        }
        if loops.is_empty() || loops.len() > MAX_KEY_COUNTERS {
            continue;
        }
        let mut counters = Vec::with_capacity(loops.len());
        for &pc in loops {
            if let Inst::Repeat { counter, .. } = &mut p.insts[pc as usize] {
                *counter = counter_count;
                counters.push(counter_count);
                counter_count += 1;
            }
        }
        list_of_comp[c] = u32::try_from(p.key_lists.len()).expect("bounded");
        p.key_lists.push(counters);
    }
    p.counter_count = counter_count as usize;
    p.epsilon_acyclic = per_comp.iter().all(Vec::is_empty);
    p.key_group = comp
        .iter()
        .map(|&c| list_of_comp.get(c as usize).copied().unwrap_or(NONE))
        .collect();
    exact
}

/// Follows epsilon moves from the start, optionally refusing to pass `^`.
fn start_closure(p: &Program, through_line_start: bool) -> (ByteSet, bool) {
    closure_from(p, p.start, through_line_start)
}

/// The bytes that can be consumed first from `pc`, and whether `Accept` can
/// be reached from it without consuming; optionally refusing to pass `^`
/// (`$` is always passed, so both may be more than the truth at a position).
pub(crate) fn closure_from(p: &Program, pc: u32, through_line_start: bool) -> (ByteSet, bool) {
    let mut seen = vec![false; p.insts.len()];
    let mut todo = vec![pc];
    let mut first = ByteSet::empty();
    let mut accepts = false;
    while let Some(pc) = todo.pop() {
        if std::mem::replace(&mut seen[pc as usize], true) {
            continue;
        }
        let inst = p.insts[pc as usize];
        match inst {
            Inst::Byte { byte, .. } => first.insert(byte),
            Inst::Set { set, .. } => first.union_with(&p.sets[set as usize]),
            Inst::Accept => accepts = true,
            Inst::LineStart { .. } if !through_line_start => {}
            _ => todo.extend(epsilon_edges(inst).into_iter().filter(|&e| e != NONE)),
        }
    }
    (first, accepts)
}

/// The bytes of a pattern that is one byte or bracket expression and nothing
/// else (`\n`, `[-.]`), whose matches are just the bytes of the set.
fn single_byte_set(p: &Program) -> Option<ByteSet> {
    if p.group_count != 0 {
        return None;
    }
    let inst = |pc: u32| p.insts.get(pc as usize).copied();
    let Some(Inst::Save { slot: 0, next }) = inst(p.start) else {
        return None;
    };
    let (set, next) = match inst(next)? {
        Inst::Byte { byte, next } => (ByteSet::singleton(byte), next),
        Inst::Set { set, next } => (p.sets[set as usize], next),
        _ => return None,
    };
    let Some(Inst::Save { slot: 1, next }) = inst(next) else {
        return None;
    };
    matches!(inst(next)?, Inst::Accept).then_some(set)
}

fn prefilter(p: &mut Program) {
    p.single_byte_set = single_byte_set(p);
    let (first, accepts) = start_closure(p, true);
    p.first_bytes = first;
    p.may_match_empty = accepts;
    let (unanchored_first, unanchored_accept) = start_closure(p, false);
    p.anchored_start = unanchored_first == ByteSet::empty() && !unanchored_accept;
}
