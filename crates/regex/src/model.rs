//! Test-only reference: a plain backtracking interpreter of the compiled
//! program that follows libstdc++'s depth-first executor step by step
//! (its per-loop repeat counts, its "longest so far wins, first found on
//! ties" bookkeeping, and optionally its habit of abandoning a greedy loop's
//! exit once going round again produced any match). Exponential, so only for
//! small randomized inputs checked against the real matcher.

use super::api::Captures;
use super::program::{Inst, Program};

#[derive(Clone, Copy)]
pub(crate) struct ModelOptions {
    pub(crate) whole: bool,
    pub(crate) not_null: bool,
    pub(crate) anchored: bool,
    /// Reproduce libstdc++'s pruning of a greedy loop's exit after the loop
    /// body found a match (which can make searches return shorter matches).
    pub(crate) prune: bool,
    /// Steps the search may take before giving up.
    pub(crate) budget: u64,
}

struct Model<'a> {
    prog: &'a Program,
    text: &'a [u8],
    begin: usize,
    opts: ModelOptions,
    cur: Vec<Option<usize>>,
    rep: Vec<(usize, u32)>,
    has_sol: bool,
    sol_end: Option<usize>,
    result: Option<Vec<Option<usize>>>,
    budget: u64,
}

/// The model gave up: the backtracking took more steps than allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Exhausted;

pub(crate) fn model_search(
    prog: &Program,
    text: &[u8],
    start: usize,
    opts: ModelOptions,
) -> Result<Option<Captures>, Exhausted> {
    let last = if opts.anchored { start } else { text.len() };
    for begin in start..=last {
        let mut m = Model {
            prog,
            text,
            begin,
            opts,
            cur: vec![None; prog.slot_count()],
            rep: vec![(usize::MAX, 0); prog.insts.len()],
            has_sol: false,
            sol_end: None,
            result: None,
            budget: opts.budget,
        };
        m.dfs(prog.start, begin);
        if m.budget == 0 {
            return Err(Exhausted);
        }
        if m.has_sol {
            let r = m.result.expect("solution recorded");
            return Ok(Some(
                (0..=prog.group_count)
                    .map(|g| match (r[2 * g], r[2 * g + 1]) {
                        (Some(a), Some(b)) => Some((a, b)),
                        _ => None,
                    })
                    .collect(),
            ));
        }
    }
    Ok(None)
}

impl Model<'_> {
    fn dfs(&mut self, pc: u32, pos: usize) {
        if self.budget == 0 {
            return;
        }
        self.budget -= 1;
        match self.prog.insts[pc as usize] {
            Inst::Byte { byte, next } => {
                if self.text.get(pos) == Some(&byte) {
                    self.dfs(next, pos + 1);
                }
            }
            Inst::Set { set, next } => {
                if let Some(&b) = self.text.get(pos)
                    && self.prog.sets[set as usize].contains(b)
                {
                    self.dfs(next, pos + 1);
                }
            }
            Inst::Alt { first, second } => {
                self.dfs(first, pos);
                let had = self.has_sol;
                self.has_sol = false;
                self.dfs(second, pos);
                self.has_sol |= had;
            }
            Inst::Repeat { body, skip, .. } => {
                let i = pc as usize;
                let (at, count) = self.rep[i];
                if count == 0 || at != pos {
                    self.rep[i] = (pos, 1);
                    self.dfs(body, pos);
                    self.rep[i] = (at, count);
                } else if count < 2 {
                    self.rep[i].1 += 1;
                    self.dfs(body, pos);
                    self.rep[i].1 -= 1;
                }
                if !self.opts.prune || !self.has_sol {
                    self.dfs(skip, pos);
                }
            }
            Inst::Save { slot, next } => {
                let old = self.cur[slot as usize].replace(pos);
                self.dfs(next, pos);
                self.cur[slot as usize] = old;
            }
            Inst::LineStart { next } => {
                if pos == 0 {
                    self.dfs(next, pos);
                }
            }
            Inst::LineEnd { next } => {
                if pos == self.text.len() {
                    self.dfs(next, pos);
                }
            }
            Inst::Accept => {
                let mut ok = !self.opts.whole || pos == self.text.len();
                if self.opts.not_null && pos == self.begin {
                    ok = false;
                }
                // libstdc++ assigns here, but only ever arrives with no
                // solution pending; without pruning that no longer holds.
                self.has_sol |= ok;
                if ok && self.sol_end.is_none_or(|e| e < pos) {
                    self.sol_end = Some(pos);
                    self.result = Some(self.cur.clone());
                }
            }
        }
    }
}
