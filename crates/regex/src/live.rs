//! Which states can still finish a whole-string match, position by position,
//! so that the captures of a whole-string match are found by one walk that
//! never enters a branch that cannot reach the end of the text.
//!
//! The set of such states at a position depends only on the set at the next
//! position and the byte in between (and on whether the position is the
//! first or the last, where `^` and `$` hold), so one backward pass over the
//! text finds them all, and the step from one set to the next is a DFA
//! transition that is worked out once and then remembered, like `dfa.rs`'s
//! forward one. The sets are bit rows as in `reach.rs`, whose `layer`
//! computes a step.
//!
//! Memory is bounded: past `MAX_WORDS` of rows or `MAX_TRANSITIONS` the
//! table is emptied, and the
//! scan that ran out of room reports nothing (the backtracker then searches
//! for the captures instead).

use std::collections::HashMap;

use super::api::Captures;
use super::dfa::ByteClasses;
use super::program::{Inst, Program};
use super::reach::{Reverse, layer};

/// Words (8 bytes each) of rows kept before the table is emptied.
const MAX_WORDS: usize = 1 << 14;
/// Transitions (4 bytes each, in each of the two tables) kept before the
/// table is emptied.
const MAX_TRANSITIONS: usize = 1 << 14;

/// Transition not computed yet.
const UNKNOWN: u32 = u32::MAX;

/// A capture slot that has not been set.
const UNSET: usize = usize::MAX;

/// The lazily built backward automaton for one program.
#[derive(Debug)]
pub(crate) struct Live {
    classes: ByteClasses,
    rev: Reverse,
    /// Words per row.
    words: usize,
    /// Row of state `i`: `rows[i * words..(i + 1) * words]`.
    rows: Vec<u64>,
    ids: HashMap<Box<[u64]>, u32>,
    /// Transitions at positions strictly inside the text: `[state * classes + class]`.
    inside: Vec<u32>,
    /// Transitions at position 0 of a non-empty text (where `^` holds).
    first: Vec<u32>,
    /// The state at the end of a non-empty text.
    end: u32,
    /// The state at each position of the last text scanned.
    at: Vec<u32>,
    /// Working memory.
    row: Vec<u64>,
    work: Vec<u32>,
}

impl Live {
    pub(crate) fn new(prog: &Program) -> Live {
        let words = prog.insts.len().div_ceil(64);
        let mut live = Live {
            classes: ByteClasses::new(prog),
            rev: Reverse::new(prog),
            words,
            rows: Vec::new(),
            ids: HashMap::new(),
            inside: Vec::new(),
            first: Vec::new(),
            end: UNKNOWN,
            at: Vec::new(),
            row: vec![0; words],
            work: Vec::new(),
        };
        live.reset(prog);
        live
    }

    fn reset(&mut self, prog: &Program) {
        self.rows.clear();
        self.ids.clear();
        self.inside.clear();
        self.first.clear();
        // The end state of any non-empty text: only `Accept` and what leads to it
        // without consuming (through `$`, not through `^`). Position 1 of a
        // one-byte text stands in for "the end, not the start".
        let zeros = vec![0u64; self.words];
        layer(
            prog,
            &self.rev,
            b"x",
            1,
            &zeros,
            true,
            &mut self.row,
            &mut self.work,
        );
        self.end = self.add();
    }

    /// The id of the state whose row is in `self.row`, adding it if new.
    fn add(&mut self) -> u32 {
        if let Some(&id) = self.ids.get(self.row.as_slice()) {
            return id;
        }
        let id = u32::try_from(self.ids.len()).expect("bounded by MAX_WORDS");
        self.rows.extend_from_slice(&self.row);
        self.ids.insert(self.row.as_slice().into(), id);
        let width = self.classes.count();
        self.inside.extend(std::iter::repeat_n(UNKNOWN, width));
        self.first.extend(std::iter::repeat_n(UNKNOWN, width));
        id
    }

    /// The program states that can finish a whole-string match from `pos` of
    /// the text last scanned, as a bit row.
    #[inline]
    pub(crate) fn row_at(&self, pos: usize) -> &[u64] {
        let start = self.at[pos] as usize * self.words;
        &self.rows[start..start + self.words]
    }

    /// The captures of the whole-string match of the text last scanned, which
    /// must have been scanned successfully. Knowing which states can still
    /// reach the end, this needs no search: libstdc++'s exploration takes the
    /// preferred branch first, and a branch that can reach the end does, so
    /// the path it keeps is the one that always takes the first live branch.
    /// None if the text does not match.
    pub(crate) fn captures(&self, prog: &Program, text: &[u8]) -> Option<Captures> {
        let live = |pc: u32, row: &[u64]| (row[pc as usize / 64] >> (pc % 64)) & 1 != 0;
        let mut slots = vec![UNSET; prog.slot_count()];
        let mut pos = 0;
        let mut row = self.row_at(0);
        let mut pc = prog.start;
        if !live(pc, row) {
            return None;
        }
        // Every state on the path is live, so a live branch always exists and
        // the walk ends at `Accept` at the end of the text.
        loop {
            pc = match prog.insts[pc as usize] {
                Inst::Byte { next, .. } | Inst::Set { next, .. } => {
                    pos += 1;
                    row = self.row_at(pos);
                    next
                }
                Inst::Alt { first, second } => {
                    if live(first, row) {
                        first
                    } else {
                        second
                    }
                }
                Inst::Repeat { body, skip, .. } => {
                    if live(body, row) {
                        body
                    } else {
                        skip
                    }
                }
                Inst::Save { slot, next } => {
                    slots[slot as usize] = pos;
                    next
                }
                Inst::LineStart { next } | Inst::LineEnd { next } => next,
                Inst::Accept => break,
            };
            debug_assert!(live(pc, row), "a live state has a live successor");
        }
        debug_assert_eq!(pos, text.len());
        Some(
            slots
                .chunks_exact(2)
                .map(|pair| (pair[1] != UNSET).then_some((pair[0], pair[1])))
                .collect(),
        )
    }

    /// Works out, for every position of a non-empty `text`, which program
    /// states can still finish a match there (see `row_at`). Returns false if
    /// the table ran out of room (then `row_at` must not be used).
    pub(crate) fn scan(&mut self, prog: &Program, text: &[u8]) -> bool {
        debug_assert!(!text.is_empty(), "an empty text needs no guidance");
        let mut out = std::mem::take(&mut self.at);
        let done = self.scan_into(prog, text, &mut out);
        self.at = out;
        done
    }

    fn scan_into(&mut self, prog: &Program, text: &[u8], out: &mut Vec<u32>) -> bool {
        out.clear();
        out.resize(text.len() + 1, 0);
        let mut state = self.end;
        out[text.len()] = state;
        let width = self.classes.count();
        for pos in (0..text.len()).rev() {
            let class = usize::from(self.classes.class_of(text[pos]));
            let slot = state as usize * width + class;
            let known = if pos == 0 {
                self.first[slot]
            } else {
                self.inside[slot]
            };
            state = if known != UNKNOWN {
                known
            } else {
                if self.rows.len() >= MAX_WORDS || self.inside.len() >= MAX_TRANSITIONS {
                    self.reset(prog);
                    return false;
                }
                let start = state as usize * self.words;
                let below = self.rows[start..start + self.words].to_vec();
                layer(
                    prog,
                    &self.rev,
                    text,
                    pos,
                    &below,
                    false,
                    &mut self.row,
                    &mut self.work,
                );
                let next = self.add();
                if pos == 0 {
                    self.first[slot] = next;
                } else {
                    self.inside[slot] = next;
                }
                next
            };
            out[pos] = state;
        }
        true
    }
}
