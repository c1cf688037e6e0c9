//! Syntax tree → automaton.
//!
//! States are laid out exactly as libstdc++'s regex compiler lays them out,
//! dead copies and pass-through states included, for two reasons: the
//! exploration order that decides captures follows from this shape, and
//! libstdc++ refuses patterns needing more than 100 000 states, which we
//! reproduce by counting the same states. Pass-through states are removed
//! afterwards and the live states renumbered into a `Program`.

use std::collections::{BTreeMap, HashMap};

use super::analyze;
use super::charclass::ByteSet;
use super::error::RegexError;
use super::parse::{Ast, Node, NodeId, RepeatOp};
use super::program::{Inst, NONE, Program};

/// libstdc++'s `_GLIBCXX_REGEX_STATE_LIMIT`.
const STATE_LIMIT: usize = 100_000;

const INVALID: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Dummy,
    Match(u32),
    Alt,
    Repeat,
    SubBegin(u32),
    SubEnd(u32),
    LineStart,
    LineEnd,
    Accept,
}

impl Op {
    fn has_alt(self) -> bool {
        matches!(self, Op::Alt | Op::Repeat)
    }
}

/// One state. For `Alt`, `alt` is the left branch (explored first) and `next`
/// the right; for `Repeat`, `alt` is "once more" and `next` is "leave".
#[derive(Debug, Clone, Copy)]
struct State {
    op: Op,
    next: u32,
    alt: u32,
}

/// A fragment with one entry and one exit whose `next` is still open.
#[derive(Debug, Clone, Copy)]
struct Seq {
    start: u32,
    end: u32,
}

struct Builder {
    states: Vec<State>,
    sets: Vec<ByteSet>,
    set_ids: HashMap<ByteSet, u32>,
}

pub(crate) fn compile(ast: &Ast) -> Result<Program, RegexError> {
    let mut b = Builder {
        states: Vec::new(),
        sets: Vec::new(),
        set_ids: HashMap::new(),
    };
    let begin = b.insert(Op::SubBegin(0))?;
    let body = b.build_tree(ast)?;
    let mut whole = Seq {
        start: begin,
        end: begin,
    };
    b.append_seq(&mut whole, body);
    let end = b.insert(Op::SubEnd(0))?;
    b.append(&mut whole, end);
    let accept = b.insert(Op::Accept)?;
    b.append(&mut whole, accept);
    b.eliminate_dummies();
    let (insts, start) = b.linearize(begin);
    let mut program = Program {
        insts,
        sets: b.sets,
        start,
        group_count: ast.group_count as usize,
        counter_count: 0,
        key_group: Vec::new(),
        key_lists: Vec::new(),
        first_bytes: ByteSet::empty(),
        single_byte_set: None,
        may_match_empty: false,
        anchored_start: false,
        epsilon_acyclic: false,
        searches_prune: false,
    };
    analyze::annotate(&mut program);
    Ok(program)
}

impl Builder {
    fn insert_state(&mut self, state: State) -> Result<u32, RegexError> {
        self.states.push(state);
        if self.states.len() > STATE_LIMIT {
            return Err(RegexError::new(RegexError::TOO_BIG));
        }
        Ok(u32::try_from(self.states.len() - 1).expect("bounded by STATE_LIMIT"))
    }

    fn insert(&mut self, op: Op) -> Result<u32, RegexError> {
        self.insert_state(State {
            op,
            next: INVALID,
            alt: INVALID,
        })
    }

    fn insert_with(&mut self, op: Op, next: u32, alt: u32) -> Result<u32, RegexError> {
        self.insert_state(State { op, next, alt })
    }

    fn insert_set(&mut self, set: ByteSet) -> Result<Seq, RegexError> {
        let next_id = u32::try_from(self.sets.len()).expect("sets bounded by states");
        let id = *self.set_ids.entry(set).or_insert(next_id);
        if id == next_id {
            self.sets.push(set);
        }
        let s = self.insert(Op::Match(id))?;
        Ok(Seq { start: s, end: s })
    }

    fn single(&mut self, op: Op) -> Result<Seq, RegexError> {
        let s = self.insert(op)?;
        Ok(Seq { start: s, end: s })
    }

    fn append(&mut self, seq: &mut Seq, id: u32) {
        self.states[seq.end as usize].next = id;
        seq.end = id;
    }

    fn append_seq(&mut self, seq: &mut Seq, other: Seq) {
        self.states[seq.end as usize].next = other.start;
        seq.end = other.end;
    }

    /// Copies the states of `seq` the way libstdc++ does: a depth-first walk
    /// that checks for already-copied states when pushing, not when popping,
    /// so a state reachable twice before it is popped is copied twice (the
    /// spare copy is dead but still counts toward the state limit).
    fn clone_seq(&mut self, seq: Seq) -> Result<Seq, RegexError> {
        let mut map: BTreeMap<u32, u32> = BTreeMap::new();
        let mut stack = vec![seq.start];
        while let Some(u) = stack.pop() {
            let dup = self.states[u as usize];
            let id = self.insert_state(dup)?;
            map.insert(u, id);
            if dup.op.has_alt() && dup.alt != INVALID && !map.contains_key(&dup.alt) {
                stack.push(dup.alt);
            }
            if u == seq.end {
                continue;
            }
            if dup.next != INVALID && !map.contains_key(&dup.next) {
                stack.push(dup.next);
            }
        }
        for &new in map.values() {
            let st = &mut self.states[new as usize];
            if st.next != INVALID {
                st.next = map.get(&st.next).copied().unwrap_or(INVALID);
            }
            if st.op.has_alt() && st.alt != INVALID {
                st.alt = map.get(&st.alt).copied().unwrap_or(INVALID);
            }
        }
        Ok(Seq {
            start: map[&seq.start],
            end: map[&seq.end],
        })
    }

    /// Builds every node after its children with an explicit work stack.
    fn build_tree(&mut self, ast: &Ast) -> Result<Seq, RegexError> {
        enum Work {
            Enter(NodeId),
            Exit(NodeId),
        }
        let mut work = vec![Work::Enter(ast.root)];
        let mut done: Vec<Seq> = Vec::new();
        while let Some(w) = work.pop() {
            match w {
                Work::Enter(id) => {
                    work.push(Work::Exit(id));
                    match &ast.nodes[id as usize] {
                        Node::Group { body, .. } | Node::Repeat { body, .. } => {
                            work.push(Work::Enter(*body));
                        }
                        Node::Concat(children) | Node::Alternation(children) => {
                            work.extend(children.iter().rev().map(|&c| Work::Enter(c)));
                        }
                        Node::Literal(_) | Node::Set(_) | Node::LineStart | Node::LineEnd => {}
                    }
                }
                Work::Exit(id) => {
                    let seq = self.build_node(&ast.nodes[id as usize], &mut done)?;
                    done.push(seq);
                }
            }
        }
        Ok(done.pop().expect("root built"))
    }

    /// Builds one node whose children's fragments are on top of `done`.
    fn build_node(&mut self, node: &Node, done: &mut Vec<Seq>) -> Result<Seq, RegexError> {
        match node {
            Node::Literal(b) => self.insert_set(ByteSet::singleton(*b)),
            Node::Set(set) => self.insert_set(*set),
            Node::LineStart => self.single(Op::LineStart),
            Node::LineEnd => self.single(Op::LineEnd),
            Node::Group { index, .. } => {
                let body = done.pop().expect("group body");
                let mut seq = self.single(Op::SubBegin(*index))?;
                self.append_seq(&mut seq, body);
                let end = self.insert(Op::SubEnd(*index))?;
                self.append(&mut seq, end);
                Ok(seq)
            }
            Node::Concat(children) => {
                // libstdc++ ends every alternative with a pass-through state.
                let parts = done.split_off(done.len() - children.len());
                let tail = self.insert(Op::Dummy)?;
                let mut iter = parts.into_iter();
                let Some(mut seq) = iter.next() else {
                    return Ok(Seq {
                        start: tail,
                        end: tail,
                    });
                };
                for part in iter {
                    self.append_seq(&mut seq, part);
                }
                self.append(&mut seq, tail);
                Ok(seq)
            }
            Node::Alternation(children) => {
                let parts = done.split_off(done.len() - children.len());
                let mut iter = parts.into_iter();
                let mut left = iter.next().expect("alternation has alternatives");
                for mut right in iter {
                    let end = self.insert(Op::Dummy)?;
                    self.append(&mut left, end);
                    self.append(&mut right, end);
                    let alt = self.insert_with(Op::Alt, right.start, left.start)?;
                    left = Seq { start: alt, end };
                }
                Ok(left)
            }
            Node::Repeat { op, .. } => {
                let body = done.pop().expect("repeat body");
                self.build_repeat(body, *op)
            }
        }
    }

    fn build_repeat(&mut self, mut e: Seq, op: RepeatOp) -> Result<Seq, RegexError> {
        match op {
            RepeatOp::Star => {
                let r = self.insert_with(Op::Repeat, INVALID, e.start)?;
                self.append(&mut e, r);
                Ok(Seq { start: r, end: r })
            }
            RepeatOp::Plus => {
                let r = self.insert_with(Op::Repeat, INVALID, e.start)?;
                self.append(&mut e, r);
                Ok(e)
            }
            RepeatOp::Optional => {
                let end = self.insert(Op::Dummy)?;
                let r = self.insert_with(Op::Repeat, INVALID, e.start)?;
                self.append(&mut e, end);
                let mut seq = Seq { start: r, end: r };
                self.append(&mut seq, end);
                Ok(seq)
            }
            RepeatOp::Interval { min, max } => self.build_interval(e, min, max),
        }
    }

    /// `{min,max}`: `min` copies, then either a starred copy (no max) or
    /// `max - min` nested optional copies. The original fragment is left
    /// behind unreachable, as in libstdc++.
    fn build_interval(&mut self, r: Seq, min: i64, max: Option<i64>) -> Result<Seq, RegexError> {
        let mut e = self.single(Op::Dummy)?;
        for _ in 0..min.max(0) {
            let copy = self.clone_seq(r)?;
            self.append_seq(&mut e, copy);
        }
        match max {
            None => {
                let mut tmp = self.clone_seq(r)?;
                let s = self.insert_with(Op::Repeat, INVALID, tmp.start)?;
                self.append(&mut tmp, s);
                self.append(&mut e, s);
            }
            Some(max) => {
                let optional = max - min;
                if optional < 0 {
                    return Err(RegexError::new("invalid repetition count"));
                }
                let end = self.insert(Op::Dummy)?;
                for _ in 0..optional {
                    let tmp = self.clone_seq(r)?;
                    // Built with "leave" as `alt` and then swapped, matching
                    // libstdc++; the effect is a greedy optional.
                    let a = self.insert_with(Op::Repeat, end, tmp.start)?;
                    self.append_seq(
                        &mut e,
                        Seq {
                            start: a,
                            end: tmp.end,
                        },
                    );
                }
                self.append(&mut e, end);
            }
        }
        Ok(e)
    }

    /// Redirects every edge that points at a pass-through state to wherever
    /// that state (or chain of them) leads. Chains can be long (each `|`
    /// adds a link) and shared, so each pass-through state's final target is
    /// worked out once and remembered.
    fn eliminate_dummies(&mut self) {
        let mut target: Vec<u32> = vec![INVALID; self.states.len()];
        let mut chain: Vec<u32> = Vec::new();
        let mut resolve = |states: &[State], id: u32| {
            let mut cur = id;
            while cur != INVALID && states[cur as usize].op == Op::Dummy {
                if target[cur as usize] != INVALID {
                    cur = target[cur as usize];
                    break;
                }
                chain.push(cur);
                cur = states[cur as usize].next;
            }
            for d in chain.drain(..) {
                target[d as usize] = cur;
            }
            cur
        };
        for i in 0..self.states.len() {
            let st = self.states[i];
            let next = resolve(&self.states, st.next);
            self.states[i].next = next;
            if st.op.has_alt() {
                let alt = resolve(&self.states, st.alt);
                self.states[i].alt = alt;
            }
        }
    }

    /// Renumbers the states reachable from `start` into instructions.
    fn linearize(&self, start: u32) -> (Vec<Inst>, u32) {
        let mut index = vec![NONE; self.states.len()];
        let mut order = Vec::new();
        let mut queue = vec![start];
        index[start as usize] = 0;
        order.push(start);
        while let Some(u) = queue.pop() {
            let st = self.states[u as usize];
            let mut edges = [INVALID; 2];
            if st.op != Op::Accept {
                edges[0] = st.next;
            }
            if st.op.has_alt() {
                edges[1] = st.alt;
            }
            for v in edges {
                if v != INVALID && index[v as usize] == NONE {
                    index[v as usize] = u32::try_from(order.len()).expect("bounded");
                    order.push(v);
                    queue.push(v);
                }
            }
        }
        let map = |id: u32| index[id as usize];
        let insts = order
            .iter()
            .map(|&u| {
                let st = self.states[u as usize];
                match st.op {
                    Op::Match(set) => match self.sets[set as usize].single_byte() {
                        Some(byte) => Inst::Byte {
                            byte,
                            next: map(st.next),
                        },
                        None => Inst::Set {
                            set,
                            next: map(st.next),
                        },
                    },
                    Op::Alt => Inst::Alt {
                        first: map(st.alt),
                        second: map(st.next),
                    },
                    Op::Repeat => Inst::Repeat {
                        body: map(st.alt),
                        skip: map(st.next),
                        counter: NONE,
                    },
                    Op::SubBegin(g) => Inst::Save {
                        slot: 2 * g,
                        next: map(st.next),
                    },
                    Op::SubEnd(g) => Inst::Save {
                        slot: 2 * g + 1,
                        next: map(st.next),
                    },
                    Op::LineStart => Inst::LineStart { next: map(st.next) },
                    Op::LineEnd => Inst::LineEnd { next: map(st.next) },
                    Op::Accept => Inst::Accept,
                    Op::Dummy => unreachable!("pass-through states were bypassed"),
                }
            })
            .collect();
        (insts, 0)
    }
}
