//! The matcher: a Pike-VM simulation of the program that yields the result
//! libstdc++'s backtracking search would, in O(pattern × text) time.
//!
//! libstdc++ explores paths depth-first and keeps, among the paths that end
//! furthest, the first one found. A Pike VM reproduces that when its thread
//! list is kept in depth-first priority order: at each position each state is
//! claimed by its highest-priority arrival, and the first thread to accept at
//! a position is the first path ending there. The one wrinkle is that
//! libstdc++ lets a loop whose body matched empty run once more at the same
//! position; those loops carry a small counter (0, 1 or 2) that becomes part
//! of a state's identity, see `Program::key_lists`.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use super::api::Captures;
use super::program::{Inst, NONE, Program};
use super::reach::ReachTable;

/// A capture slot that has not been set.
const UNSET: usize = usize::MAX;

/// How many different counter combinations one instruction may be visited
/// with at one position. Real patterns need a handful at most; past the cap
/// the search is redone as a plain NFA simulation (`SearchOptions::plain`),
/// which keeps absurd nestings of empty loops linear at the price of exact
/// captures.
const MAX_VARIANTS: u32 = 1024;

#[derive(Debug, Clone, Copy)]
pub(crate) struct SearchOptions {
    /// First position a match may start at.
    pub(crate) start: usize,
    /// The match must start at `start` (no scanning forward).
    pub(crate) anchored: bool,
    /// The match must end at the end of the text (`std::regex_match`).
    pub(crate) whole: bool,
    /// An empty match does not count (`match_not_null`).
    pub(crate) not_null: bool,
    /// Ignore loop counters and loop-exit pruning: a plain leftmost-longest
    /// NFA simulation. Only used as a fallback when a pattern nests too many
    /// empty-matching loops for exact emulation; it finds the same matches
    /// but captures may differ from libstdc++'s.
    pub(crate) plain: bool,
}

/// Threads for one position: a sparse set of instruction indices in priority
/// order, each with its capture slots.
#[derive(Debug, Clone, Default)]
struct Threads {
    pcs: Vec<u32>,
    index: Vec<u32>,
    slots: Vec<usize>,
}

impl Threads {
    fn reset(&mut self, insts: usize) {
        self.pcs.clear();
        self.index.clear();
        self.index.resize(insts, 0);
        self.slots.clear();
    }

    fn clear(&mut self) {
        self.pcs.clear();
        self.slots.clear();
    }

    fn len(&self) -> usize {
        self.pcs.len()
    }

    fn contains(&self, pc: u32) -> bool {
        let i = self.index[pc as usize] as usize;
        i < self.pcs.len() && self.pcs[i] == pc
    }

    fn add(&mut self, pc: u32, slots: &[usize]) {
        if self.contains(pc) {
            return;
        }
        self.index[pc as usize] = u32::try_from(self.pcs.len()).expect("bounded by insts");
        self.pcs.push(pc);
        self.slots.extend_from_slice(slots);
    }
}

/// A cheap multiplicative hash for the (pc, key) pairs of `Scratch::variants`.
#[derive(Debug, Clone, Copy, Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(26) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

#[derive(Debug, Clone, Copy)]
enum Frame {
    Explore(u32),
    RestoreSlot(u32, usize),
    RestoreCounter(u32, u8),
}

/// Reusable working memory for one program.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scratch {
    current: Threads,
    next: Threads,
    stack: Vec<Frame>,
    /// Capture slots of the path being explored.
    slots: Vec<usize>,
    counters: Vec<u8>,
    /// `visited[pc] == generation` means pc was reached at this position.
    visited: Vec<u32>,
    /// For instructions with counter keys: (pc, key) pairs seen at this
    /// position, and how many keys each pc has had.
    variants: HashSet<(u32, u64), BuildHasherDefault<KeyHasher>>,
    variant_count: Vec<u32>,
    variant_count_generation: Vec<u32>,
    /// Set when an instruction ran out of variants; the search is then
    /// abandoned and redone as a plain NFA simulation (`SearchOptions::plain`).
    overflowed: bool,
    /// Whether the last search had to fall back to the plain simulation.
    pub(crate) fell_back: bool,
    plain_visited: Vec<u32>,
    generation: u32,
    best: Vec<usize>,
    found: bool,
}

impl Scratch {
    pub(crate) fn new(prog: &Program) -> Scratch {
        let n = prog.insts.len();
        let ns = prog.slot_count();
        let mut s = Scratch::default();
        s.current.reset(n);
        s.next.reset(n);
        s.slots = vec![UNSET; ns];
        s.best = vec![UNSET; ns];
        s.counters = vec![0; prog.counter_count];
        s.visited = vec![0; n];
        s.variant_count = vec![0; n];
        s.variant_count_generation = vec![0; n];
        s.plain_visited = vec![0; n];
        s
    }

    /// Starts a fresh position: everything marked visited before is forgotten.
    fn next_generation(&mut self) {
        if self.generation == u32::MAX {
            self.visited.fill(0);
            self.variant_count_generation.fill(0);
            self.plain_visited.fill(0);
            self.generation = 0;
        }
        self.generation += 1;
        if !self.variants.is_empty() {
            self.variants.clear();
        }
    }
}

struct Vm<'a> {
    prog: &'a Program,
    reach: Option<&'a ReachTable>,
    text: &'a [u8],
    s: &'a mut Scratch,
    opts: SearchOptions,
    slot_count: usize,
}

/// Runs one search and returns the captures of the chosen match. With a
/// `reach` table, greedy loops lose their exit wherever libstdc++ would not
/// try it (see `reach.rs`).
pub(crate) fn search(
    prog: &Program,
    scratch: &mut Scratch,
    text: &[u8],
    opts: SearchOptions,
    reach: Option<&ReachTable>,
) -> Option<Captures> {
    if opts.start > text.len() {
        return None;
    }
    let mut vm = Vm {
        prog,
        reach: if opts.plain { None } else { reach },
        text,
        s: scratch,
        opts,
        slot_count: prog.slot_count(),
    };
    vm.run();
    vm.s.fell_back = vm.s.overflowed;
    if vm.s.overflowed {
        vm.opts.plain = true;
        vm.reach = None;
        vm.run();
    }
    vm.s.found.then(|| {
        (0..=prog.group_count)
            .map(|g| {
                let (a, b) = (vm.s.best[2 * g], vm.s.best[2 * g + 1]);
                (b != UNSET).then_some((a, b))
            })
            .collect()
    })
}

impl Vm<'_> {
    fn run(&mut self) {
        let len = self.text.len();
        let ns = self.slot_count;
        self.s.current.clear();
        self.s.found = false;
        self.s.overflowed = false;
        let mut pos = self.opts.start;
        if !self.opts.anchored {
            match self.prog.next_start(self.text, pos) {
                Some(p) => pos = p,
                None => return,
            }
        }
        loop {
            self.s.next_generation();
            self.s.next.clear();
            for i in 0..self.s.current.len() {
                let thread_start = self.s.current.slots[i * ns];
                // Threads are ordered by start; once a match is known, ones
                // that started later can never be preferred to it.
                if self.s.found && thread_start > self.s.best[0] {
                    break;
                }
                let pc = self.s.current.pcs[i];
                self.s
                    .slots
                    .copy_from_slice(&self.s.current.slots[i * ns..(i + 1) * ns]);
                self.closure(pc, pos);
            }
            let may_seed = !self.s.found
                && (!self.opts.anchored || pos == self.opts.start)
                && self.prog.may_start_at(self.text, pos);
            if may_seed {
                self.s.slots.fill(UNSET);
                self.closure(self.prog.start, pos);
            }
            if pos >= len || self.s.overflowed {
                return;
            }
            if self.s.next.len() == 0 {
                if self.s.found || self.opts.anchored {
                    return;
                }
                match self.prog.next_start(self.text, pos + 1) {
                    Some(p) => pos = p,
                    None => return,
                }
            } else {
                pos += 1;
            }
            std::mem::swap(&mut self.s.current, &mut self.s.next);
        }
    }

    /// Whether this is the first arrival at `pc` (with the current counter
    /// values that matter there) at this position; marks it visited.
    #[inline]
    fn first_visit(&mut self, pc: u32) -> bool {
        let s = &mut *self.s;
        let i = pc as usize;
        let group = self.prog.key_group[i];
        if group == NONE {
            return std::mem::replace(&mut s.visited[i], s.generation) != s.generation;
        }
        if self.opts.plain {
            return std::mem::replace(&mut s.plain_visited[i], s.generation) != s.generation;
        }
        let key = self.prog.key_lists[group as usize]
            .iter()
            .fold(0u64, |k, &c| (k << 2) | u64::from(s.counters[c as usize]));
        if !s.variants.insert((pc, key)) {
            return false;
        }
        if s.variant_count_generation[i] != s.generation {
            s.variant_count_generation[i] = s.generation;
            s.variant_count[i] = 0;
        }
        s.variant_count[i] += 1;
        if s.variant_count[i] > MAX_VARIANTS {
            s.overflowed = true;
            return false;
        }
        true
    }

    /// Explores every epsilon path from `pc` at `pos` in libstdc++'s order,
    /// starting from the capture slots in `self.s.slots`: consuming states
    /// queue threads for the next position, and `Accept` records matches.
    fn closure(&mut self, pc: u32, pos: usize) {
        self.s.stack.push(Frame::Explore(pc));
        while let Some(frame) = self.s.stack.pop() {
            let mut pc = match frame {
                Frame::Explore(pc) => pc,
                Frame::RestoreSlot(slot, v) => {
                    self.s.slots[slot as usize] = v;
                    continue;
                }
                Frame::RestoreCounter(c, v) => {
                    self.s.counters[c as usize] = v;
                    continue;
                }
            };
            // Follow the preferred branch directly; only the alternatives
            // still to try (and the undo records) go on the stack.
            while let Some(next) = self.step(pc, pos) {
                pc = next;
            }
        }
    }

    /// Visits `pc`: queues what must happen after its preferred branch and
    /// returns that branch, if exploration continues at this position.
    #[inline]
    fn step(&mut self, pc: u32, pos: usize) -> Option<u32> {
        if !self.first_visit(pc) {
            return None;
        }
        let s = &mut *self.s;
        match self.prog.insts[pc as usize] {
            Inst::Byte { byte, next } => {
                if self.text.get(pos) == Some(&byte) {
                    s.next.add(next, &s.slots);
                }
                None
            }
            Inst::Set { set, next } => {
                if let Some(&b) = self.text.get(pos)
                    && self.prog.sets[set as usize].contains(b)
                {
                    s.next.add(next, &s.slots);
                }
                None
            }
            Inst::Alt { first, second } => {
                s.stack.push(Frame::Explore(second));
                Some(first)
            }
            Inst::Repeat {
                body,
                skip,
                counter,
            } => {
                let counted = counter != NONE && !self.opts.plain;
                let count = if counted {
                    s.counters[counter as usize]
                } else {
                    0
                };
                if count >= 2 {
                    return Some(skip);
                }
                // libstdc++ only tries the exit if going round again found
                // no match at all (searches only, see reach.rs).
                if !self.reach.is_some_and(|t| t.reaches(body, pos)) {
                    s.stack.push(Frame::Explore(skip));
                }
                if counted {
                    // The body runs with the count raised; it drops back
                    // before the skip branch is tried.
                    s.stack.push(Frame::RestoreCounter(counter, count));
                    s.counters[counter as usize] = count + 1;
                }
                Some(body)
            }
            Inst::Save { slot, next } => {
                let old = std::mem::replace(&mut s.slots[slot as usize], pos);
                s.stack.push(Frame::RestoreSlot(slot, old));
                Some(next)
            }
            Inst::LineStart { next } => (pos == 0).then_some(next),
            Inst::LineEnd { next } => (pos == self.text.len()).then_some(next),
            Inst::Accept => {
                self.accept(pos);
                None
            }
        }
    }

    /// Keeps the match if it starts earlier, or starts at the same place and
    /// ends later, than the best so far; ties go to the earlier (preferred)
    /// path, which is the one that got here first.
    fn accept(&mut self, pos: usize) {
        let s = &mut *self.s;
        if self.opts.whole && pos != self.text.len() {
            return;
        }
        let start = s.slots[0];
        if self.opts.not_null && pos == start {
            return;
        }
        if s.found {
            let (best_start, best_end) = (s.best[0], s.best[1]);
            if !(start < best_start || (start == best_start && pos > best_end)) {
                return;
            }
        }
        s.best.copy_from_slice(&s.slots);
        s.found = true;
    }
}
