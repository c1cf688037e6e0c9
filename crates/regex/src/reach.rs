//! Which states can still lead to a match, per text position — needed to
//! reproduce a quirk of libstdc++'s searches.
//!
//! When searching (not when matching the whole string), libstdc++ skips the
//! exit of a greedy loop if going round once more led to any match at all,
//! even a shorter one; so `a?(ab)?` finds `a` in `ab`. Whether "once more"
//! leads to a match depends only on the state and the position, so a backward
//! pass over the text can answer it for every position up front, and the
//! forward matcher simply treats those exits as absent.

use super::analyze::closure_from;
use super::program::{Inst, Program};

/// Tables bigger than this many bits are not built; the search then returns
/// the true longest match instead of libstdc++'s (see the crate notes).
const MAX_TABLE_BITS: usize = 1 << 28;

/// `bits[p][pc]`: from instruction `pc` at position `p` some path reaches a
/// match (for positions `from..=len`).
#[derive(Debug)]
pub(crate) struct ReachTable {
    from: usize,
    words: usize,
    bits: Vec<u64>,
    /// A row for the `not_null` search at `begin`, where ending right there
    /// does not count.
    special: Option<(usize, Vec<u64>)>,
    rev: Reverse,
}

/// Whether some greedy loop's exit can lead to consuming more input; only
/// then can the pruning change a search result.
pub(crate) fn pruning_matters(p: &Program) -> bool {
    // Mark everything that reaches a consuming instruction without consuming,
    // by walking the reversed epsilon edges from all consuming instructions.
    let rev = Reverse::new(p);
    let mut consumes = vec![false; p.insts.len()];
    let mut todo: Vec<u32> = Vec::new();
    for (i, inst) in p.insts.iter().enumerate() {
        if matches!(inst, Inst::Byte { .. } | Inst::Set { .. }) {
            consumes[i] = true;
            todo.push(i as u32);
        }
    }
    while let Some(v) = todo.pop() {
        for &u in rev.sources(v) {
            if !std::mem::replace(&mut consumes[u as usize], true) {
                todo.push(u);
            }
        }
    }
    let exits: Vec<(u32, u32)> = p
        .insts
        .iter()
        .filter_map(|inst| match *inst {
            Inst::Repeat { body, skip, .. } if consumes[skip as usize] => Some((body, skip)),
            _ => None,
        })
        .collect();
    // The pruning drops a loop's exit when going round again led to a match.
    // If going round and leaving can neither match without consuming nor
    // consume the same first byte, at most one of them leads to a match at
    // any position, and dropping the other changes nothing. Checking costs a
    // walk per loop, so very large patterns are assumed to need the pruning.
    if exits.len().saturating_mul(p.insts.len()) > MAX_EXIT_CHECK_STEPS {
        return !exits.is_empty();
    }
    exits.iter().any(|&(body, skip)| {
        let (body_first, body_accepts) = closure_from(p, body, true);
        let (skip_first, skip_accepts) = closure_from(p, skip, true);
        body_accepts || skip_accepts || body_first.intersects(&skip_first)
    })
}

/// Work allowed for checking loop exits one by one in `pruning_matters`.
const MAX_EXIT_CHECK_STEPS: usize = 1 << 22;

impl ReachTable {
    /// Builds the table for positions `from..=text.len()`, or None if it
    /// would be too large.
    pub(crate) fn build(p: &Program, text: &[u8], from: usize) -> Option<ReachTable> {
        let words = p.insts.len().div_ceil(64);
        let rows = text.len() - from + 1;
        if rows.checked_mul(words * 64)? > MAX_TABLE_BITS {
            return None;
        }
        let mut t = ReachTable {
            from,
            words,
            bits: vec![0; rows * words],
            special: None,
            rev: Reverse::new(p),
        };
        let mut work = Vec::new();
        let mut row = vec![0u64; words];
        let mut below = vec![0u64; words];
        for pos in (from..=text.len()).rev() {
            layer(p, &t.rev, text, pos, &below, true, &mut row, &mut work);
            let start = (pos - from) * words;
            t.bits[start..start + words].copy_from_slice(&row);
            std::mem::swap(&mut row, &mut below);
        }
        Some(t)
    }

    /// Adds the row for a `not_null` search anchored at `begin`.
    pub(crate) fn set_not_null_begin(&mut self, p: &Program, text: &[u8], begin: usize) {
        let mut row = vec![0u64; self.words];
        let below = if begin < text.len() {
            self.row(begin + 1).to_vec()
        } else {
            vec![0u64; self.words]
        };
        layer(
            p,
            &self.rev,
            text,
            begin,
            &below,
            false,
            &mut row,
            &mut Vec::new(),
        );
        self.special = Some((begin, row));
    }

    pub(crate) fn clear_not_null_begin(&mut self) {
        self.special = None;
    }

    fn row(&self, pos: usize) -> &[u64] {
        if let Some((b, row)) = &self.special
            && *b == pos
        {
            return row;
        }
        let start = (pos - self.from) * self.words;
        &self.bits[start..start + self.words]
    }

    #[inline]
    pub(crate) fn reaches(&self, pc: u32, pos: usize) -> bool {
        get(self.row(pos), pc)
    }
}

pub(crate) fn get(row: &[u64], pc: u32) -> bool {
    (row[(pc / 64) as usize] >> (pc % 64)) & 1 != 0
}

fn set(row: &mut [u64], pc: u32) {
    row[(pc / 64) as usize] |= 1 << (pc % 64);
}

/// Epsilon edges reversed (target → sources), in compressed-row form, so a
/// layer can be filled by one worklist pass instead of repeated sweeps.
#[derive(Debug)]
pub(crate) struct Reverse {
    offsets: Vec<u32>,
    sources: Vec<u32>,
}

impl Reverse {
    pub(crate) fn new(p: &Program) -> Reverse {
        let mut edges: Vec<(u32, u32)> = Vec::new();
        for (i, inst) in p.insts.iter().enumerate() {
            let src = i as u32;
            match *inst {
                Inst::Alt { first, second } => edges.extend([(first, src), (second, src)]),
                Inst::Repeat { body, skip, .. } => edges.extend([(body, src), (skip, src)]),
                Inst::Save { next, .. } | Inst::LineStart { next } | Inst::LineEnd { next } => {
                    edges.push((next, src));
                }
                Inst::Byte { .. } | Inst::Set { .. } | Inst::Accept => {}
            }
        }
        edges.sort_unstable();
        let mut offsets = vec![0u32; p.insts.len() + 1];
        for &(target, _) in &edges {
            offsets[target as usize + 1] += 1;
        }
        for i in 0..p.insts.len() {
            offsets[i + 1] += offsets[i];
        }
        Reverse {
            offsets,
            sources: edges.into_iter().map(|(_, s)| s).collect(),
        }
    }

    fn sources(&self, pc: u32) -> &[u32] {
        let (a, b) = (self.offsets[pc as usize], self.offsets[pc as usize + 1]);
        &self.sources[a as usize..b as usize]
    }
}

/// Computes which instructions reach a match at `pos`, given the row for
/// `pos + 1`: the consuming states that can step forward and (if allowed)
/// `Accept` are seeds, and reachability spreads backwards over epsilon edges.
#[allow(clippy::too_many_arguments)]
pub(crate) fn layer(
    p: &Program,
    rev: &Reverse,
    text: &[u8],
    pos: usize,
    below: &[u64],
    accept_ok: bool,
    row: &mut [u64],
    work: &mut Vec<u32>,
) {
    row.fill(0);
    let byte = text.get(pos).copied();
    for (i, inst) in p.insts.iter().enumerate() {
        let yes = match *inst {
            Inst::Accept => accept_ok,
            Inst::Byte { byte: b, next } => byte == Some(b) && get(below, next),
            Inst::Set { set, next } => {
                byte.is_some_and(|b| p.sets[set as usize].contains(b)) && get(below, next)
            }
            _ => false,
        };
        if yes {
            set(row, i as u32);
            work.push(i as u32);
        }
    }
    while let Some(v) = work.pop() {
        for &u in rev.sources(v) {
            if get(row, u) {
                continue;
            }
            let passes = match p.insts[u as usize] {
                Inst::LineStart { .. } => pos == 0,
                Inst::LineEnd { .. } => pos == text.len(),
                _ => true,
            };
            if passes {
                set(row, u);
                work.push(u);
            }
        }
    }
}
