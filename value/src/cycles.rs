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
//! each run. Once [`YOUNG`] candidates have been registered, or [`MADE`] thunks made, since
//! the last collection, the young candidates are collected; the ones left alive become old,
//! and all the old ones are collected again once their number has doubled since they last
//! were (and is at least [`MIN_OLD`]). During evaluation the tracing is bounded, in ways
//! none of which can free more (a value not traced is kept). At the first level each
//! candidate's trace stops after [`BUDGET`] references (a value holding more than is left
//! is not visited), which is enough for the cycles of a small recursive set or `let`;
//! candidates go by batches of [`BATCH`], so the side table stays small; and the first
//! level traces at most [`CREDIT_PER_CANDIDATE`] references per candidate registered plus
//! [`CREDIT_PER_FREED`] per value found to be garbage. A candidate whose trace the budget
//! cut short (or that the credit did not reach) is tried again, alone, with a budget twice
//! as large, and again, up to 65,536 references ([`LEVELS`]): so a cycle through a set
//! of a hundred attributes, or through a thousand thunks, is found during evaluation. The
//! larger levels have a credit of their own, [`MADE_PER_CREDIT`] references per thunk
//! made plus [`CREDIT_PER_FREED`] per value they free; a level is tried only with credit
//! for its whole budget, so the credit saves up for it, and a candidate goes up the levels
//! at once, so the credit goes to those nearest to being found garbage. Tracing that frees
//! memory goes on as long as it does; tracing that finds nothing (nixpkgs' fixpoints, alive
//! to the end) costs a small constant per candidate and per thunk made; candidates left
//! over wait, alive, for a later collection. Knots tied by hand are candidates like the
//! others: a garbage derivation goes during evaluation. Cyclic garbage the bounds leave (a
//! cycle through more than 65,536 references) is collected when the evaluator is
//! dropped: its VM drops its own references and collects everything, without a bound; and
//! when the evaluator drops its import cache ([`Registry::collect_values`]). A holder of
//! values between evaluations (a REPL) collects the young candidates after each
//! ([`Registry::collect_young`]) and what it lets go of, within a bound
//! ([`Registry::collect_values_within`]). What the
//! collector keeps besides is a weak pointer per candidate (the candidate's memory, not
//! what it holds, stays until a collection prunes it) and, while it runs, its side table.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use crate::closure::Upvalues;
use crate::thunk::{self, Thunk};
use crate::value::Value;

mod trial;

pub(crate) use trial::{Edge, Node};
use trial::{Kept, collect};

/// New candidates that make a collection of the young ones due.
pub const YOUNG: usize = 1 << 13;
/// The least number of old candidates that makes a collection of all of them due.
pub const MIN_OLD: usize = 1 << 15;
/// How many references a collection during evaluation first traces from each candidate:
/// enough for the cycles a small recursive set or `let` makes, while a candidate that
/// reaches a large live structure costs no more than this.
pub const BUDGET: usize = 32;
/// The levels of budget a candidate whose trace was cut short goes through: level `l`
/// traces [`BUDGET`] · 2^`l` references, the last 65,536. The side table of a trace takes
/// some 50 bytes per value visited: the last level's stays within a few MB, so that looking
/// for garbage does not itself raise the peak of memory much.
pub const LEVELS: usize = 12;
/// References a collection during evaluation may trace per candidate registered, and per
/// value it found to be garbage: tracing that finds garbage pays for itself in memory,
/// tracing that does not is kept to a small constant per candidate.
pub const CREDIT_PER_CANDIDATE: usize = 2;
pub const CREDIT_PER_FREED: usize = 8;
/// Thunks made (the bulk of what evaluation allocates) per reference the larger budgets
/// may trace: what lets them start on a program whose candidates are few and each hold
/// much (one recursive set of a hundred attributes per step), at a cost bounded by the
/// evaluation's own.
pub const MADE_PER_CREDIT: usize = 16;
/// Thunks made after which the candidates waiting are collected even if few are new: a
/// program whose every candidate holds much garbage would otherwise pile up 8,192 of them.
pub const MADE: usize = 1 << 17;
/// The most credit saved up, so that a long productive stretch does not buy an unbounded
/// amount of fruitless tracing after it.
const MAX_CREDIT: usize = 1 << 22;
/// Candidates traced in one graph at the first level: the side table of a collection stays
/// [`BATCH`] · [`BUDGET`] nodes large (a few MB), however many candidates there are; at the
/// larger levels a batch has that many nodes' worth of candidates (at least one).
pub const BATCH: usize = 4096;

/// The fewest old candidates [`Registry::collect_young`] prunes of the dead.
const MIN_PRUNE: usize = 256;

/// The budget of a level.
pub const fn budget(level: usize) -> usize {
    BUDGET << level
}

/// The candidates of one evaluator. Cloning shares it.
#[derive(Clone, Default)]
pub struct Registry(Rc<RefCell<Cells>>);

#[derive(Default)]
struct Cells {
    /// Registered since the last collection.
    young: Vec<Weak<thunk::Cell>>,
    /// Alive at the last collection that traced them to the end.
    old: Vec<Weak<thunk::Cell>>,
    /// Alive at a collection that cut their trace short, by the level to try them at next
    /// (the first, `cut[0]`, is empty).
    cut: [Vec<Weak<thunk::Cell>>; LEVELS],
    /// The number of old and cut candidates at which all are collected again.
    old_threshold: usize,
    /// How many old candidates were left when the dead were last pruned from them (see
    /// [`Registry::collect_young`]).
    old_pruned: usize,
    /// References the first level may still trace (see [`CREDIT_PER_CANDIDATE`]).
    credit: usize,
    /// References the larger levels may still trace (see [`MADE_PER_CREDIT`]).
    larger_credit: usize,
    /// Thunks made since the last collection, and the count of thunks made on this thread
    /// when last looked at (see [`made`]).
    made: usize,
    made_seen: usize,
}

impl Cells {
    fn waiting(&self) -> usize {
        self.old.len() + self.cut.iter().map(Vec::len).sum::<usize>()
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

impl std::ops::AddAssign for Collected {
    fn add_assign(&mut self, other: Collected) {
        self.traced += other.traced;
        self.freed += other.freed;
    }
}

impl Registry {
    /// Makes this registry the one new candidates go to on this thread, until the guard is
    /// dropped (the VM does this while it runs).
    pub fn enter(&self) -> Entered {
        let before = CURRENT.with(|c| c.replace(Some(self.clone())));
        Entered { before }
    }

    /// The candidates registered, dead ones included until a collection prunes them.
    pub fn len(&self) -> usize {
        let cells = self.0.borrow();
        cells.young.len() + cells.waiting()
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
        let mut taken = {
            let mut c = self.0.borrow_mut();
            let mut taken = std::mem::take(&mut c.young);
            taken.append(&mut c.old);
            for level in &mut c.cut {
                taken.append(level);
            }
            taken
        };
        let mut candidates: Vec<Value> = Vec::with_capacity(taken.len() + extra.len());
        taken.retain(|w| match Thunk::upgrade(w) {
            Some(t) => {
                candidates.push(Value::Thunk(t));
                true
            }
            None => false,
        });
        candidates.extend(extra);
        let (collected, kept) = collect(candidates, None, 0, &mut usize::MAX.clone());
        let mut c = self.0.borrow_mut();
        c.old.extend(
            taken
                .into_iter()
                .zip(kept)
                .filter(|(_, k)| *k != Kept::Freed)
                .map(|(w, _)| w),
        );
        c.old_threshold = 2 * c.old.len();
        c.old_pruned = c.old.len();
        collected
    }

    /// Frees the cycles among what `values` reach (they are dropped after), tracing as far
    /// as they reach, and nothing else: what an evaluator's own table let go of, which
    /// may be cyclic without any registered thunk (a file whose value imports itself).
    pub fn collect_values(&self, values: Vec<Value>) -> Collected {
        collect(values, None, 0, &mut usize::MAX.clone()).0
    }

    /// Frees the cycles among what `values` reach (they are dropped after), tracing at most
    /// `budget` references in all: what a holder let go of, whose cycles would otherwise
    /// wait, old, for the next collection of all candidates. A value reaching more than the
    /// budget (a large structure still alive elsewhere) costs no more than that, and what
    /// the trace did not reach is kept, as always.
    pub fn collect_values_within(&self, values: Vec<Value>, budget: usize) -> Collected {
        // Any credit left may start a walk: the bound is on the whole.
        collect(values, None, 1, &mut budget.clone()).0
    }

    /// Collects the young candidates now, as a collection during evaluation would (within
    /// the same credit), whether or not one is due; and lets go of the old candidates that
    /// died since, which a collection of all would otherwise prune. For a holder of values
    /// between two evaluations that each make few candidates (a REPL after each input):
    /// the garbage an input left goes at once instead of waiting for thousands of inputs.
    pub fn collect_young(&self) -> Collected {
        let due = {
            let mut c = self.0.borrow_mut();
            // A candidate that died old keeps its thunk's memory (not what the thunk held)
            // while its entry is there: the entries go once they have doubled since.
            if c.old.len() >= 2 * c.old_pruned.max(MIN_PRUNE) {
                c.old.retain(|w| w.strong_count() > 0);
                c.old_pruned = c.old.len();
            }
            // Credit for a first-level trace of each young candidate: the few an input
            // makes would not earn enough by themselves (the credit per candidate pays
            // for a trace only on average over thousands, with what they free).
            let whole = (BUDGET * c.young.len()).min(MAX_CREDIT);
            c.credit = c.credit.max(whole);
            !c.young.is_empty() || c.cut.iter().any(|l| !l.is_empty())
        };
        if due {
            self.run(false)
        } else {
            Collected::default()
        }
    }

    /// Collects until nothing more is freed: what one collection frees can be all that
    /// kept another cycle (one that compiled code refers to, which is not traced) alive.
    pub fn collect_all(&self, extra: Vec<Value>) -> Collected {
        let mut total = Collected::default();
        let mut extra = Some(extra);
        loop {
            let c = self.collect_with(extra.take().unwrap_or_default());
            total += c;
            if c.freed == 0 {
                return total;
            }
        }
    }

    /// The collection due, if any: once there are [`YOUNG`] young candidates or [`MADE`]
    /// thunks have been made, of the young and of those cut short before; of all once the
    /// old ones have doubled since all were last collected.
    fn collect_due(&self) -> Option<Collected> {
        let (young, all) = {
            let mut c = self.0.borrow_mut();
            let now = MADE_HERE.with(std::cell::Cell::get);
            let more = now.wrapping_sub(c.made_seen);
            c.made_seen = now;
            c.made = c.made.saturating_add(more);
            c.larger_credit = (c.larger_credit + more / MADE_PER_CREDIT).min(MAX_CREDIT);
            let waiting = !c.young.is_empty() || c.cut.iter().any(|l| !l.is_empty());
            (
                c.young.len() >= YOUNG || (c.made >= MADE && waiting),
                c.waiting() >= c.old_threshold.max(MIN_OLD),
            )
        };
        (young || all).then(|| self.run(all))
    }

    /// One collection during evaluation, within the credit: of the young candidates, or of
    /// all at the first level (old ones included), then of those cut short, at larger
    /// levels.
    fn run(&self, all: bool) -> Collected {
        let (taken, mut cut, mut credit, mut larger) = {
            let mut c = self.0.borrow_mut();
            let cells = &mut *c;
            cells.made = 0;
            cells.credit =
                (cells.credit + CREDIT_PER_CANDIDATE * cells.young.len()).min(MAX_CREDIT);
            let mut taken = std::mem::take(&mut cells.young);
            if all {
                taken.append(&mut cells.old);
                // Those cut short wait for a larger budget; the dead among them go now.
                for level in &mut cells.cut {
                    level.retain(|w| w.strong_count() > 0);
                }
            }
            let cut = std::mem::take(&mut cells.cut);
            (taken, cut, cells.credit, cells.larger_credit)
        };
        let mut collected = Collected::default();
        // The first level: what it found alive is old; what it cut short, or did not try
        // for want of credit, goes on to the larger levels.
        let mut first = self.level(0, taken, &mut credit);
        collected += first.collected;
        let mut old = first.alive;
        cut[1].append(&mut first.cut);
        cut[1].append(&mut first.untried);
        // The larger levels, with their own credit: it grows with what evaluation makes
        // (see [`MADE_PER_CREDIT`]) and with what they free, and the first level's fruitful
        // collections keep theirs. Each candidate cut short is tried at one level after
        // another, at once, until it is freed or found alive, or the credit is short of the
        // next budget (it waits at that level): so the credit goes whole to the candidates
        // nearest to being found garbage, and what they free pays for the next.
        let mut waiting: [Vec<Weak<thunk::Cell>>; LEVELS] = Default::default();
        for level in 1..LEVELS {
            let mut list = std::mem::take(&mut cut[level]).into_iter();
            while larger >= budget(level) {
                let Some(w) = list.next() else { break };
                let mut l = level;
                while let Some(t) = Thunk::upgrade(&w) {
                    if larger < budget(l) {
                        waiting[l].push(w);
                        break;
                    }
                    let (c, kept) = collect(
                        vec![Value::Thunk(t)],
                        Some(budget(l)),
                        budget(l),
                        &mut larger,
                    );
                    collected += c;
                    larger = larger.saturating_add(CREDIT_PER_FREED * c.freed);
                    match kept[0] {
                        Kept::Freed => {}
                        Kept::Alive => old.push(w),
                        Kept::Cut if l + 1 < LEVELS => {
                            l += 1;
                            continue;
                        }
                        Kept::Cut | Kept::Untried => waiting[l].push(w),
                    }
                    break;
                }
            }
            waiting[level].extend(list);
        }
        let cut = waiting;
        let mut c = self.0.borrow_mut();
        for (level, mut rest) in cut.into_iter().enumerate() {
            c.cut[level].append(&mut rest);
        }
        c.old.append(&mut old);
        c.credit = credit.min(MAX_CREDIT);
        c.larger_credit = larger.min(MAX_CREDIT);
        if all {
            c.old_threshold = 2 * c.waiting();
            c.old_pruned = c.old.len();
        }
        collected
    }

    /// Collects `taken` at `level`, batch by batch, and sorts the candidates left alive.
    fn level(&self, level: usize, taken: Vec<Weak<thunk::Cell>>, credit: &mut usize) -> Sorted {
        let budget = budget(level);
        let batch = (BATCH * BUDGET / budget).max(1);
        let mut sorted = Sorted::default();
        // A batch's candidates are taken up only when it runs: held meanwhile, they would
        // look referenced from outside to the batches before.
        let mut taken = taken.into_iter().peekable();
        while taken.peek().is_some() {
            if *credit == 0 || (level > 0 && *credit < budget) {
                // The rest wait, alive, for a later collection; the dead among them go.
                sorted
                    .untried
                    .extend(taken.filter(|w| w.strong_count() > 0));
                break;
            }
            let mut weaks = Vec::with_capacity(batch);
            let mut candidates = Vec::with_capacity(batch);
            for w in taken.by_ref() {
                if let Some(t) = Thunk::upgrade(&w) {
                    weaks.push(w);
                    candidates.push(Value::Thunk(t));
                    if candidates.len() == batch {
                        break;
                    }
                }
            }
            // At the first level a walk may start on any credit, as it costs little; at the
            // larger ones only on enough for its budget, so that the credit saves up for it.
            let whole = if level == 0 { 1 } else { budget };
            let (c, kept) = collect(candidates, Some(budget), whole, credit);
            sorted.collected += c;
            *credit = credit.saturating_add(CREDIT_PER_FREED * c.freed);
            for (w, k) in weaks.into_iter().zip(kept) {
                match k {
                    Kept::Freed => {}
                    Kept::Alive => sorted.alive.push(w),
                    Kept::Untried => sorted.untried.push(w),
                    Kept::Cut => sorted.cut.push(w),
                }
            }
        }
        sorted
    }
}

/// The candidates one level of a collection left alive, by what it learned of them.
#[derive(Default)]
struct Sorted {
    collected: Collected,
    /// Traced to the end.
    alive: Vec<Weak<thunk::Cell>>,
    /// Not traced for want of credit.
    untried: Vec<Weak<thunk::Cell>>,
    /// Cut short by the budget.
    cut: Vec<Weak<thunk::Cell>>,
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

thread_local! {
    /// Thunks made on this thread: how much evaluation allocates, in the unit that counts.
    static MADE_HERE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts a thunk made (see [`MADE`]).
#[inline(always)]
pub(crate) fn made() {
    MADE_HERE.with(|m| m.set(m.get().wrapping_add(1)));
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

#[cfg(test)]
mod tests;
