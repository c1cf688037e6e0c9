//! The compiled automaton shared by the compiler and the matcher.
//!
//! It has the same shape as the NFA libstdc++ builds (minus its pass-through
//! "dummy" states), because which capture values win depends on the order in
//! which that backtracking engine explores it: `Alt` tries `first` before
//! `second`, and a greedy `Repeat` tries `body` before `skip`.

use super::charclass::ByteSet;

/// Marks "no counter" / "no key group" in the u32 index fields below.
pub(crate) const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inst {
    /// Consume exactly this byte.
    Byte {
        byte: u8,
        next: u32,
    },
    /// Consume one byte from `Program::sets[set]`.
    Set {
        set: u32,
        next: u32,
    },
    /// Try `first`, then `second`.
    Alt {
        first: u32,
        second: u32,
    },
    /// Greedy loop or optional: go round once more via `body`, else `skip`.
    /// `counter` is set when the body can come back here without consuming
    /// input; see `Program::key_lists`.
    Repeat {
        body: u32,
        skip: u32,
        counter: u32,
    },
    /// Record the current position in capture slot `slot` (2g = start of
    /// group g, 2g+1 = its end).
    Save {
        slot: u32,
        next: u32,
    },
    LineStart {
        next: u32,
    },
    LineEnd {
        next: u32,
    },
    Accept,
}

#[derive(Debug, Clone)]
pub(crate) struct Program {
    pub(crate) insts: Vec<Inst>,
    pub(crate) sets: Vec<ByteSet>,
    pub(crate) start: u32,
    /// Number of `(` groups; group 0 (the whole match) comes on top.
    pub(crate) group_count: usize,
    /// libstdc++ lets a loop whose body matched empty run its body once more
    /// at the same position (and no more), which changes captures. Loops for
    /// which that can happen get a counter; `counter_count` is how many.
    pub(crate) counter_count: usize,
    /// Per instruction: index into `key_lists`, or `NONE`. Two visits of an
    /// instruction at one position are only interchangeable when the counters
    /// that can still be consulted from there agree, so those counters form
    /// part of the visit key.
    pub(crate) key_group: Vec<u32>,
    pub(crate) key_lists: Vec<Vec<u32>>,
    /// Bytes that can begin a non-empty match (for skipping ahead).
    pub(crate) first_bytes: ByteSet,
    /// Whether some match could be empty (then any position may start one).
    pub(crate) may_match_empty: bool,
    /// For a pattern that is one byte or bracket expression alone, its bytes:
    /// a search then only has to find the next of them.
    pub(crate) single_byte_set: Option<ByteSet>,
    /// Whether every match must start at position 0 (pattern begins with `^`).
    pub(crate) anchored_start: bool,
    /// Whether no loop can go round without consuming input, so that the
    /// states at one position form an acyclic graph and no loop counters are
    /// needed (what `backtrack.rs` requires).
    pub(crate) epsilon_acyclic: bool,
    /// Whether libstdc++'s loop-exit pruning can change a search result, so
    /// that searches need a `ReachTable`.
    pub(crate) searches_prune: bool,
}

impl Program {
    pub(crate) fn slot_count(&self) -> usize {
        2 * (self.group_count + 1)
    }

    /// Whether a match attempt starting at `pos` could possibly succeed.
    #[inline]
    pub(crate) fn may_start_at(&self, text: &[u8], pos: usize) -> bool {
        if self.anchored_start && pos != 0 {
            return false;
        }
        self.may_match_empty || text.get(pos).is_some_and(|&b| self.first_bytes.contains(b))
    }

    /// The first position at or after `from` where a match could start.
    pub(crate) fn next_start(&self, text: &[u8], from: usize) -> Option<usize> {
        if from > text.len() || (self.anchored_start && from != 0) {
            return None;
        }
        if self.may_match_empty {
            return Some(from);
        }
        text[from..]
            .iter()
            .position(|&b| self.first_bytes.contains(b))
            .map(|i| from + i)
    }
}
