//! A faster matcher for the common case: a depth-first search over the
//! program that remembers every (state, position) it has been to, so each is
//! explored at most once per search and the time stays O(pattern × text).
//!
//! It gives the same answers as the Pike VM in `exec.rs` (which is kept for
//! what this cannot do) because both keep, at each state and position, only
//! the first arrival in libstdc++'s exploration order: the Pike VM by
//! processing threads in priority order, this by exploring in that order and
//! never twice. It is used only when
//! - no loop can go round without consuming input (then no state needs the
//!   loop counters of `exec.rs`, and the states at one position form an
//!   acyclic graph, which the pruning below relies on), and
//! - the visited bits for the text fit in `MAX_BITS`.
//!
//! What it saves over the Pike VM: no per-position thread lists, no copies of
//! capture slots per thread (slots are saved and restored along the one path
//! being explored), and a whole-string match stops at the first path that
//! reaches the end. For searches with libstdc++'s loop-exit pruning (see
//! `reach.rs`) it works out "can this state still lead to a match" for the
//! states it visits as it goes, instead of for every state and position up
//! front.

use super::api::Captures;
use super::exec::SearchOptions;
use super::program::{Inst, Program};

/// Visited bits (two per state and position) above which the Pike VM is used
/// instead: 32 MiB of bits, i.e. 4 MiB of memory per table.
const MAX_BITS: usize = 1 << 25;

/// A capture slot that has not been set.
const UNSET: usize = usize::MAX;

/// Whether `search` can run `prog` over `rows` positions of text.
pub(crate) fn applicable(prog: &Program, rows: usize) -> bool {
    prog.epsilon_acyclic
        && rows
            .checked_mul(prog.insts.len())
            .is_some_and(|bits| bits <= MAX_BITS)
}

#[derive(Debug, Clone, Copy)]
enum Job {
    /// Visit this state at this position.
    Explore(u32, usize),
    /// Put a capture slot back to its value before the path went through a
    /// `Save`.
    RestoreSlot(u32, usize),
    /// The body of the loop at (pc, pos) has been explored; try its exit
    /// unless libstdc++ would not (the body led to a match).
    LoopExit(u32, usize),
    /// Everything after (pc, pos) has been explored; record whether it led to
    /// a match.
    Finish(u32, usize),
}

/// Reusable working memory.
#[derive(Debug, Default)]
pub(crate) struct Backtracker {
    /// One bit per (position - start, state): visited in this search.
    visited: Vec<u64>,
    /// One bit per (position - start, state): leads to a match (only kept
    /// when pruning needs it).
    reaches: Vec<u64>,
    jobs: Vec<Job>,
    slots: Vec<usize>,
    best: Vec<usize>,
}

impl Backtracker {
    /// Size of the bit tables, in words.
    pub(crate) fn table_words(&self) -> usize {
        self.visited.len() + self.reaches.len()
    }
}

/// One search. `PRUNE`: whether loop exits are pruned (and so whether
/// `reaches` is kept); a constant so that searches without pruning carry no
/// trace of it.
struct Search<'a, const PRUNE: bool> {
    prog: &'a Program,
    text: &'a [u8],
    opts: SearchOptions,
    /// Bits per position in the tables (the number of instructions).
    stride: usize,
    /// The match attempt's starting position (for `not_null`).
    begin: usize,
    /// Highest position visited, to know how much of the tables to clear
    /// (raised where a path starts and where it consumes a byte).
    furthest: usize,
    found: bool,
    b: &'a mut Backtracker,
}

/// Runs one search with the semantics of `exec::search`. The caller checks
/// `applicable` first, with `text.len() - opts.start + 1` rows.
#[cfg(test)]
pub(crate) fn search(
    prog: &Program,
    b: &mut Backtracker,
    text: &[u8],
    opts: SearchOptions,
) -> Option<Captures> {
    let mut caps = Vec::new();
    search_into(prog, b, text, opts, &mut caps).then_some(caps)
}

/// Like `search`, but leaves the captures of a match in `caps` (reusing its
/// memory) and returns whether there was one.
pub(crate) fn search_into(
    prog: &Program,
    b: &mut Backtracker,
    text: &[u8],
    opts: SearchOptions,
    caps: &mut Captures,
) -> bool {
    if opts.start > text.len() {
        return false;
    }
    if let Some(set) = prog.single_byte_set
        && !opts.whole
    {
        // Every match is one byte of the set: the first one at or after the
        // start (or exactly there, when anchored) is the leftmost-longest.
        let rest = &text[opts.start..];
        let found = if opts.anchored {
            rest.first().is_some_and(|&c| set.contains(c)).then_some(0)
        } else {
            rest.iter().position(|&c| set.contains(c))
        };
        let Some(i) = found else {
            return false;
        };
        let at = opts.start + i;
        caps.clear();
        caps.push(Some((at, at + 1)));
        return true;
    }
    let insts = prog.insts.len();
    let rows = text.len() - opts.start + 1;
    let words = (rows * insts).div_ceil(64);
    if b.visited.len() < words {
        b.visited.resize(words, 0);
    }
    let prune = !opts.whole && !opts.plain && prog.searches_prune;
    if prune && b.reaches.len() < words {
        b.reaches.resize(words, 0);
    }
    let slot_count = prog.slot_count();
    b.slots.clear();
    b.slots.resize(slot_count, UNSET);
    b.best.clear();
    b.best.resize(slot_count, UNSET);
    let found = if prune {
        Search::<true>::new(prog, b, text, opts).run_all()
    } else {
        Search::<false>::new(prog, b, text, opts).run_all()
    };
    if found {
        caps.clear();
        caps.extend(b.best.chunks_exact(2).map(|pair| {
            let (a, b) = (pair[0], pair[1]);
            (b != UNSET).then_some((a, b))
        }));
    }
    found
}

fn get(bits: &[u64], i: usize) -> bool {
    (bits[i / 64] >> (i % 64)) & 1 != 0
}

fn set(bits: &mut [u64], i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

impl<'a, const PRUNE: bool> Search<'a, PRUNE> {
    fn new(prog: &'a Program, b: &'a mut Backtracker, text: &'a [u8], opts: SearchOptions) -> Self {
        Search {
            prog,
            text,
            opts,
            stride: prog.insts.len(),
            begin: opts.start,
            furthest: opts.start,
            found: false,
            b,
        }
    }

    /// Tries each possible start in turn until one gives a match; returns
    /// whether one did (its captures are in `best`).
    fn run_all(mut self) -> bool {
        let (prog, text, opts) = (self.prog, self.text, self.opts);
        let mut next = if opts.anchored {
            prog.may_start_at(text, opts.start).then_some(opts.start)
        } else {
            prog.next_start(text, opts.start)
        };
        while let Some(begin) = next {
            self.begin = begin;
            self.furthest = self.furthest.max(begin);
            self.run(begin);
            if self.found || opts.anchored || begin == text.len() {
                break;
            }
            next = prog.next_start(text, begin + 1);
        }
        self.clear_tables();
        self.found
    }

    /// Index of (pc, pos) in the bit tables.
    #[inline]
    fn bit(&self, pc: u32, pos: usize) -> usize {
        (pos - self.opts.start) * self.stride + pc as usize
    }

    /// Zeroes the table rows this search touched, so the next search starts
    /// clean without paying for the whole table.
    fn clear_tables(&mut self) {
        let end = self.bit(0, self.furthest + 1).div_ceil(64);
        let end = end.min(self.b.visited.len());
        self.b.visited[..end].fill(0);
        if PRUNE {
            self.b.reaches[..end].fill(0);
        }
    }

    fn reaches(&self, pc: u32, pos: usize) -> bool {
        get(&self.b.reaches, self.bit(pc, pos))
    }

    /// Explores every path from the program's start at `begin`.
    fn run(&mut self, begin: usize) {
        self.b.jobs.push(Job::Explore(self.prog.start, begin));
        while let Some(job) = self.b.jobs.pop() {
            match job {
                Job::Explore(pc, pos) => {
                    if self.explore(pc, pos) {
                        // A whole-string match is final: the first path to
                        // reach the end is the one libstdc++ keeps.
                        self.b.jobs.clear();
                        return;
                    }
                }
                Job::RestoreSlot(slot, old) => self.b.slots[slot as usize] = old,
                Job::LoopExit(pc, pos) => {
                    let Inst::Repeat { body, skip, .. } = self.prog.insts[pc as usize] else {
                        unreachable!("LoopExit is only queued for loops");
                    };
                    if !self.reaches(body, pos) {
                        self.b.jobs.push(Job::Explore(skip, pos));
                    }
                }
                Job::Finish(pc, pos) => self.finish(pc, pos),
            }
        }
    }

    /// Visits (pc, pos) and, through its preferred branch, the states after
    /// it at the same position; the other branches are queued. Returns true
    /// when the search is over.
    fn explore(&mut self, mut pc: u32, pos: usize) -> bool {
        let row = (pos - self.opts.start) * self.stride;
        loop {
            let i = row + pc as usize;
            let word = &mut self.b.visited[i / 64];
            let mask = 1u64 << (i % 64);
            if *word & mask != 0 {
                return false;
            }
            *word |= mask;
            if PRUNE {
                self.b.jobs.push(Job::Finish(pc, pos));
            }
            let b = &mut *self.b;
            pc = match self.prog.insts[pc as usize] {
                Inst::Byte { byte, next } => {
                    if self.text.get(pos) == Some(&byte) {
                        b.jobs.push(Job::Explore(next, pos + 1));
                        self.furthest = self.furthest.max(pos + 1);
                    }
                    return false;
                }
                Inst::Set { set, next } => {
                    if let Some(&c) = self.text.get(pos)
                        && self.prog.sets[set as usize].contains(c)
                    {
                        b.jobs.push(Job::Explore(next, pos + 1));
                        self.furthest = self.furthest.max(pos + 1);
                    }
                    return false;
                }
                Inst::Alt { first, second } => {
                    b.jobs.push(Job::Explore(second, pos));
                    first
                }
                Inst::Repeat { body, skip, .. } => {
                    if PRUNE {
                        b.jobs.push(Job::LoopExit(pc, pos));
                    } else {
                        b.jobs.push(Job::Explore(skip, pos));
                    }
                    body
                }
                Inst::Save { slot, next } => {
                    let old = std::mem::replace(&mut b.slots[slot as usize], pos);
                    b.jobs.push(Job::RestoreSlot(slot, old));
                    next
                }
                Inst::LineStart { next } => {
                    if pos != 0 {
                        return false;
                    }
                    next
                }
                Inst::LineEnd { next } => {
                    if pos != self.text.len() {
                        return false;
                    }
                    next
                }
                Inst::Accept => return self.accept(pos),
            };
        }
    }

    /// A path reached `Accept` at `pos`; keeps it if it is the longest so far
    /// (ties go to the first, preferred path). Returns true when the search
    /// is over.
    fn accept(&mut self, pos: usize) -> bool {
        if self.opts.whole && pos != self.text.len() {
            return false;
        }
        if self.opts.not_null && pos == self.begin {
            return false;
        }
        if !self.found || pos > self.b.best[1] {
            self.b.best.copy_from_slice(&self.b.slots);
            self.found = true;
        }
        self.opts.whole
    }

    /// Records whether (pc, pos) leads to a match, now that everything after
    /// it has been explored (the graph of states at one position has no
    /// cycles, so that is final).
    fn finish(&mut self, pc: u32, pos: usize) {
        let leads = match self.prog.insts[pc as usize] {
            Inst::Byte { byte, next } => {
                self.text.get(pos) == Some(&byte) && self.reaches(next, pos + 1)
            }
            Inst::Set { set, next } => {
                self.text
                    .get(pos)
                    .is_some_and(|&c| self.prog.sets[set as usize].contains(c))
                    && self.reaches(next, pos + 1)
            }
            Inst::Alt { first, second } => self.reaches(first, pos) || self.reaches(second, pos),
            Inst::Repeat { body, skip, .. } => self.reaches(body, pos) || self.reaches(skip, pos),
            Inst::Save { next, .. } => self.reaches(next, pos),
            Inst::LineStart { next } => pos == 0 && self.reaches(next, pos),
            Inst::LineEnd { next } => pos == self.text.len() && self.reaches(next, pos),
            Inst::Accept => !(self.opts.not_null && pos == self.begin),
        };
        if leads {
            let i = self.bit(pc, pos);
            set(&mut self.b.reaches, i);
        }
    }
}
