//! The memory ceiling as evaluation meets it: every allocation whose size the program
//! decides (a list of `genList`'s length, a string `replaceStrings` builds, the values
//! `fromJSON` makes, …) is checked here first, so that a program asking for more memory than
//! it may use ends with a clean error ([`ErrorKind::OutOfMemory`]) instead of the allocator
//! aborting the process.
//!
//! * [`reserve`] (and [`vec_with_capacity`]) before an allocation of known size: sizes up
//!   to [`SMALL`] pass at the cost of one comparison, larger ones are checked against the
//!   ceiling and the memory in use;
//! * [`Growth`] for output built piece by piece (a string, a parsed document): it counts
//!   the bytes and checks each time another [`SMALL`] has been added;
//! * [`poll`], now and then while evaluation runs, for memory that many small allocations
//!   add up to.
//!
//! The ceiling (`nixvm_memory::Ceiling`) is the evaluator's setting; the VM makes it the
//! current one on its thread while it runs ([`enter`]). The memory in use is the process's,
//! as the system reports it, read again only once every [`REMEASURE`] bytes granted, so
//! that checking costs nothing measurable.

use std::cell::Cell;

pub use nixvm_memory::{Ceiling, Exceeded, Usage};

use crate::error::{Error, ErrorKind};

/// Allocations up to this many bytes are not checked one by one: they cannot exhaust
/// memory alone, and what they add up to is seen by [`poll`] and [`Growth`].
pub const SMALL: usize = 256 << 10;

/// Bytes granted between two readings of the memory in use.
const REMEASURE: u64 = 16 << 20;

/// Calls of [`poll`] per reading of the memory in use: a reading costs a few
/// microseconds, and evaluation polls every few thousand steps.
const POLLS_PER_READING: u32 = 64;

#[derive(Clone, Copy)]
struct State {
    ceiling: Option<Ceiling>,
    /// The memory in use when last read, if the system tells it.
    usage: Option<Usage>,
    /// Bytes granted since then.
    granted: u64,
    /// Calls of [`poll`].
    polls: u32,
}

thread_local! {
    static STATE: Cell<State> = const {
        Cell::new(State {
            ceiling: None,
            usage: None,
            granted: u64::MAX,
            polls: 0,
        })
    };
}

/// Makes `ceiling` the current one on this thread until the guard is dropped (the VM
/// does this while it runs).
pub fn enter(ceiling: Ceiling) -> Entered {
    let before = STATE.with(|s| {
        s.replace(State {
            ceiling: Some(ceiling),
            usage: None,
            // Read the usage at the first check.
            granted: u64::MAX,
            polls: 0,
        })
    });
    Entered { before }
}

/// Restores the ceiling that was current before [`enter`].
pub struct Entered {
    before: State,
}

impl Drop for Entered {
    fn drop(&mut self) {
        STATE.with(|s| s.set(self.before));
    }
}

/// Checks that `bytes` more may be allocated.
#[inline]
pub fn reserve(bytes: usize) -> Result<(), Error> {
    if bytes <= SMALL {
        Ok(())
    } else {
        check(Some(bytes as u64))
    }
}

/// Checks that `n` items of type `T`, and `extra` bytes for each, may be allocated.
#[inline]
pub fn reserve_items<T>(n: usize, extra: usize) -> Result<(), Error> {
    match n.checked_mul(std::mem::size_of::<T>() + extra) {
        Some(bytes) => reserve(bytes),
        None => check(Some(u64::MAX)),
    }
}

/// An empty vector with room for `n` items, or the error if that is more than may be
/// allocated (checked against the ceiling, and against the allocator's answer).
#[inline]
pub fn vec_with_capacity<T>(n: usize) -> Result<Vec<T>, Error> {
    if n.saturating_mul(std::mem::size_of::<T>()) <= SMALL {
        Ok(Vec::with_capacity(n))
    } else {
        large_vec(n)
    }
}

#[cold]
#[inline(never)]
fn large_vec<T>(n: usize) -> Result<Vec<T>, Error> {
    reserve_items::<T>(n, 0)?;
    let mut v = Vec::new();
    match v.try_reserve_exact(n) {
        Ok(()) => Ok(v),
        Err(_) => Err(allocation_failed(
            n.saturating_mul(std::mem::size_of::<T>()),
        )),
    }
}

/// Checks the memory in use against the ceiling, once every [`POLLS_PER_READING`] calls
/// (evaluation calls it every few thousand steps).
pub fn poll() -> Result<(), Error> {
    let due = STATE.with(|s| {
        let mut st = s.get();
        st.polls = st.polls.wrapping_add(1);
        s.set(st);
        st.polls % POLLS_PER_READING == 0
    });
    if due { check(None) } else { Ok(()) }
}

/// Counts the bytes output built piece by piece has taken, checking each time another
/// [`SMALL`] has been added.
#[derive(Default)]
pub struct Growth {
    unchecked: usize,
    /// The length [`Growth::up_to`] saw last.
    seen: usize,
}

impl Growth {
    pub fn new() -> Growth {
        Growth::default()
    }

    /// Counts `bytes` more.
    #[inline]
    pub fn add(&mut self, bytes: usize) -> Result<(), Error> {
        self.unchecked = self.unchecked.saturating_add(bytes);
        if self.unchecked <= SMALL {
            Ok(())
        } else {
            let n = std::mem::take(&mut self.unchecked);
            check(Some(n as u64))
        }
    }

    /// Counts output that has grown to `len` bytes since the last call (a document being
    /// written, whose writer need not count each piece).
    #[inline]
    pub fn up_to(&mut self, len: usize) -> Result<(), Error> {
        let more = len - self.seen;
        self.seen = len;
        self.add(more)
    }
}

/// The check behind everything here: `asked` more bytes (none: only what is in use).
#[cold]
#[inline(never)]
fn check(asked: Option<u64>) -> Result<(), Error> {
    STATE.with(|s| {
        let mut st = s.get();
        // Outside an evaluation, the system's defaults.
        let ceiling = *st.ceiling.get_or_insert_with(Ceiling::from_system);
        let more = asked.unwrap_or(0);
        let result = if let Some(limit) = ceiling.exceeded_by(Usage::default(), more) {
            // Beyond the ceiling whatever is in use.
            Err(exceeded(&ceiling, limit, asked, None))
        } else {
            st.granted = st.granted.saturating_add(more);
            let stale = asked.is_none() || st.granted >= REMEASURE;
            let over = st
                .usage
                .is_some_and(|u| ceiling.exceeded_by(u, st.granted).is_some());
            if stale || over {
                // Read again: what was freed since the last reading may make room.
                st.usage = nixvm_memory::usage();
                st.granted = more;
            }
            match st
                .usage
                .and_then(|u| Some((u, ceiling.exceeded_by(u, more)?)))
            {
                None => Ok(()),
                Some((u, limit)) => {
                    st.granted = 0;
                    Err(exceeded(&ceiling, limit, asked, Some(u.of(limit))))
                }
            }
        };
        s.set(st);
        result
    })
}

fn exceeded(
    ceiling: &Ceiling,
    limit: nixvm_memory::Limit,
    asked: Option<u64>,
    in_use: Option<u64>,
) -> Error {
    Error::new(ErrorKind::OutOfMemory(Exceeded {
        asked,
        in_use,
        limit,
        bytes: ceiling.bytes(limit),
    }))
}

/// The allocator refused `bytes` although the ceiling allowed them.
fn allocation_failed(bytes: usize) -> Error {
    let ceiling = STATE
        .with(|s| s.get().ceiling)
        .unwrap_or_else(Ceiling::from_system);
    let limit = if ceiling.address_space.is_some() {
        nixvm_memory::Limit::AddressSpace
    } else {
        nixvm_memory::Limit::Resident
    };
    exceeded(&ceiling, limit, Some(bytes as u64), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_sizes_pass_and_huge_ones_fail_under_any_ceiling() {
        let _e = enter(Ceiling::resident(64 << 20));
        assert!(reserve(1000).is_ok());
        assert!(reserve_items::<u64>(1000, 8).is_ok());
        let e = reserve(16_000_000_000_000).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::OutOfMemory(_)), "{e}");
        assert!(!e.is_catchable());
        assert!(reserve_items::<u64>(usize::MAX / 2, 0).is_err());
        assert!(vec_with_capacity::<u64>(1 << 40).is_err());
        assert_eq!(vec_with_capacity::<u64>(10).unwrap().capacity(), 10);
    }

    #[test]
    fn the_ceiling_counts_the_memory_in_use() {
        if nixvm_memory::usage().is_none() {
            return;
        }
        // Far less than this process already uses: any check that looks fails.
        let _e = enter(Ceiling::resident(1 << 10));
        assert!((0..POLLS_PER_READING).any(|_| poll().is_err()));
        let mut g = Growth::new();
        assert!(g.add(100).is_ok());
        assert!(g.add(SMALL).is_err());
        drop(_e);
        let _e = enter(Ceiling::unlimited());
        assert!(poll().is_ok());
        assert!(reserve(1 << 20).is_ok());
    }

    #[test]
    fn entering_restores_the_ceiling_before() {
        let outer = enter(Ceiling::resident(1 << 10));
        {
            let _inner = enter(Ceiling::unlimited());
            assert!(reserve(1 << 20).is_ok());
        }
        assert!(reserve(1 << 20).is_err());
        drop(outer);
    }
}
