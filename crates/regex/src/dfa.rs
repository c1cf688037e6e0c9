//! A lazily built DFA that answers "does the whole text match" in one table
//! lookup per byte.
//!
//! Whether a whole string matches does not depend on the exploration order
//! or the loop counters that decide libstdc++'s captures, so it is plain
//! regular-language membership. Each DFA state stands for the set of program
//! states the NFA simulation could be in after some prefix of the text; its
//! successor on a byte is worked out the first time it is needed and then
//! remembered. Patterns without groups need nothing more, and patterns with
//! groups skip the capture-tracking engines on texts that do not match.
//!
//! Memory is bounded: when the table outgrows `MAX_TRANSITIONS` or
//! `MAX_STORED` it is emptied and
//! rebuilt as needed, so a pattern whose DFA would be huge costs time (at
//! worst one NFA step per byte, still O(pattern × text)) rather than memory.

use std::collections::HashMap;

use super::charclass::ByteSet;
use super::program::{Inst, NONE, Program};

/// Transitions (4 bytes each) kept before the table is emptied.
const MAX_TRANSITIONS: usize = 1 << 14;
/// Program-state numbers (4 bytes each, over all DFA states) kept before
/// the table is emptied.
const MAX_STORED: usize = 1 << 14;

/// Transition not computed yet.
const UNKNOWN: u32 = u32::MAX;
/// The state with no live NFA states: nothing can match any more.
const DEAD: u32 = 0;

/// Bytes that no instruction of the program tells apart share a class, so a
/// state needs one transition per class rather than per byte.
#[derive(Debug, Clone)]
pub(crate) struct ByteClasses {
    of: [u8; 256],
    count: usize,
}

impl ByteClasses {
    pub(crate) fn new(prog: &Program) -> ByteClasses {
        let mut bytes = ByteSet::empty();
        for inst in &prog.insts {
            if let Inst::Byte { byte, .. } = *inst {
                bytes.insert(byte);
            }
        }
        let singles = (0..=255u8)
            .filter(|&b| bytes.contains(b))
            .map(ByteSet::singleton);
        // Refine the partition by each set in turn: every class splits into
        // its members inside and outside the set.
        let mut of = [0u16; 256];
        let mut count = 1usize;
        for set in singles.chain(prog.sets.iter().copied()) {
            let mut inside = [u16::MAX; 256];
            for b in 0..=255u8 {
                if set.contains(b) {
                    let old = usize::from(of[usize::from(b)]);
                    if inside[old] == u16::MAX {
                        inside[old] = u16::try_from(count).expect("at most 512 before compaction");
                        count += 1;
                    }
                    of[usize::from(b)] = inside[old];
                }
            }
            // Renumber densely (classes wholly inside the set left a gap).
            let mut dense = [u16::MAX; 512];
            count = 0;
            for class in &mut of {
                let c = usize::from(*class);
                if dense[c] == u16::MAX {
                    dense[c] = u16::try_from(count).expect("at most 256 classes");
                    count += 1;
                }
                *class = dense[c];
            }
        }
        ByteClasses {
            of: of.map(|c| u8::try_from(c).expect("at most 256 classes")),
            count,
        }
    }
}

impl ByteClasses {
    /// How many classes there are.
    pub(crate) fn count(&self) -> usize {
        self.count
    }

    /// The class of byte `b`.
    #[inline]
    pub(crate) fn class_of(&self, b: u8) -> u8 {
        self.of[usize::from(b)]
    }
}

/// The lazily built automaton for one program.
#[derive(Debug)]
pub(crate) struct Dfa {
    classes: ByteClasses,
    /// `next[state * classes + class]`.
    next: Vec<u32>,
    /// Per state: the whole text matches if it ends here.
    accepts_at_end: Vec<bool>,
    /// Per state: the program states it stands for (sorted), and whether it
    /// is the state at position 0 (where `^` holds).
    sets: Vec<(Box<[u32]>, bool)>,
    ids: HashMap<(Box<[u32]>, bool), u32>,
    /// Total length of the sets in `sets`.
    stored: usize,
    /// The state at position 0.
    start: u32,
    /// How many times the table was emptied (for tests).
    pub(crate) resets: usize,
    /// Working memory for closures.
    seen: Vec<u32>,
    generation: u32,
    todo: Vec<u32>,
    found: Vec<u32>,
}

impl Dfa {
    pub(crate) fn new(prog: &Program) -> Dfa {
        let mut dfa = Dfa {
            classes: ByteClasses::new(prog),
            next: Vec::new(),
            accepts_at_end: Vec::new(),
            sets: Vec::new(),
            ids: HashMap::new(),
            stored: 0,
            start: DEAD,
            resets: 0,
            seen: vec![0; prog.insts.len()],
            generation: 0,
            todo: Vec::new(),
            found: Vec::new(),
        };
        dfa.reset(prog);
        dfa
    }

    /// Empties the table, keeping only the dead and the start state.
    fn reset(&mut self, prog: &Program) {
        self.next.clear();
        self.accepts_at_end.clear();
        self.sets.clear();
        self.ids.clear();
        self.stored = 0;
        let dead = self.add(prog, Box::new([]), false);
        debug_assert_eq!(dead, DEAD);
        self.start = self.add(prog, Box::new([prog.start]), true);
    }

    /// Whether the whole of `text` matches.
    pub(crate) fn matches_whole(&mut self, prog: &Program, text: &[u8]) -> bool {
        let mut state = self.start;
        let width = self.classes.count;
        for &b in text {
            let class = usize::from(self.classes.of[usize::from(b)]);
            let mut next = self.next[state as usize * width + class];
            if next == UNKNOWN {
                next = self.compute(prog, state, b);
            }
            if next == DEAD {
                return false;
            }
            state = next;
        }
        self.accepts_at_end[state as usize]
    }

    /// The id of the state for `set`, adding it if new.
    fn add(&mut self, prog: &Program, set: Box<[u32]>, at_start: bool) -> u32 {
        let key = (set, at_start);
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let accepts = self.accepts(prog, &key.0, at_start);
        let id = u32::try_from(self.sets.len()).expect("bounded by MAX_TRANSITIONS");
        self.stored += key.0.len();
        self.next
            .extend(std::iter::repeat_n(UNKNOWN, self.classes.count));
        self.accepts_at_end.push(accepts);
        self.sets.push(key.clone());
        self.ids.insert(key, id);
        id
    }

    /// Works out and records the successor of `state` on byte `b`. When the
    /// table is full it is emptied first, keeping only `state` (under a new
    /// id), so every id the caller holds afterwards is the returned one.
    fn compute(&mut self, prog: &Program, mut state: u32, b: u8) -> u32 {
        let (set, at_start) = self.sets[state as usize].clone();
        if self.next.len() >= MAX_TRANSITIONS || self.stored >= MAX_STORED {
            self.reset(prog);
            self.resets += 1;
            // The start state is back already; re-adding finds it if it is
            // the one being extended.
            state = self.add(prog, set.clone(), at_start);
        }
        let next_set = self.step_set(prog, &set, at_start, b);
        let next = self.add(prog, next_set, false);
        let class = usize::from(self.classes.of[usize::from(b)]);
        self.next[state as usize * self.classes.count + class] = next;
        next
    }

    /// The program states after consuming `b` from the states in `set`.
    fn step_set(&mut self, prog: &Program, set: &[u32], at_start: bool, b: u8) -> Box<[u32]> {
        self.closure(prog, set, at_start, false);
        let mut out: Vec<u32> = Vec::new();
        for &pc in &self.found {
            match prog.insts[pc as usize] {
                Inst::Byte { byte, next } if byte == b => out.push(next),
                Inst::Set { set, next } if prog.sets[set as usize].contains(b) => out.push(next),
                _ => {}
            }
        }
        out.sort_unstable();
        out.dedup();
        out.into_boxed_slice()
    }

    /// Whether `Accept` is reachable from `set` at the end of the text.
    fn accepts(&mut self, prog: &Program, set: &[u32], at_start: bool) -> bool {
        self.closure(prog, set, at_start, true);
        self.found
            .iter()
            .any(|&pc| matches!(prog.insts[pc as usize], Inst::Accept))
    }

    /// Collects into `found` the consuming and accepting states reachable
    /// from `set` without consuming input.
    fn closure(&mut self, prog: &Program, set: &[u32], at_start: bool, at_end: bool) {
        if self.generation == u32::MAX {
            self.seen.fill(0);
            self.generation = 0;
        }
        self.generation += 1;
        let generation = self.generation;
        self.found.clear();
        self.todo.clear();
        self.todo.extend(set.iter().rev());
        while let Some(pc) = self.todo.pop() {
            if std::mem::replace(&mut self.seen[pc as usize], generation) == generation {
                continue;
            }
            match prog.insts[pc as usize] {
                Inst::Byte { .. } | Inst::Set { .. } | Inst::Accept => self.found.push(pc),
                Inst::Alt { first, second } => self.todo.extend([second, first]),
                Inst::Repeat { body, skip, .. } => self.todo.extend([skip, body]),
                Inst::Save { next, .. } => self.todo.push(next),
                Inst::LineStart { next } => {
                    if at_start {
                        self.todo.push(next);
                    }
                }
                Inst::LineEnd { next } => {
                    if at_end {
                        self.todo.push(next);
                    }
                }
            }
        }
        debug_assert!(!self.found.contains(&NONE));
    }
}
