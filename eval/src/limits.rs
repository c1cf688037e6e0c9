//! Limits on one evaluation and the handle that interrupts it.
//!
//! An embedder that evaluates input it does not trust, or that must stay responsive, bounds
//! each evaluation with [`Limits`] and can stop one from another thread (or a signal handler)
//! with an [`Interrupt`]. Each ends the evaluation with an error of its own kind
//! ([`ErrorKind::Interrupted`](crate::ErrorKind::Interrupted),
//! [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded),
//! [`ErrorKind::OutOfMemory`](crate::ErrorKind::OutOfMemory)) that `tryEval` does not
//! catch; every thunk that was being evaluated is restored, so the evaluator stays usable
//! and forcing such a thunk again evaluates it again.
//!
//! ```
//! use std::time::Duration;
//! use nixvm::{ErrorKind, Evaluator, Limit, Limits};
//!
//! let ev = Evaluator::builder()
//!     .limits(Limits {
//!         max_steps: Some(100_000),
//!         timeout: Some(Duration::from_secs(5)),
//!         ..Limits::default()
//!     })
//!     .build();
//! let e = ev.eval_expr("let f = n: 1 + f n; in f 0").unwrap_err();
//! assert!(matches!(e.kind(), ErrorKind::LimitExceeded(Limit::Steps(100_000))));
//! // The evaluator goes on working.
//! assert_eq!(ev.eval_expr("1 + 2").unwrap().as_int().unwrap(), 3);
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The default limit on nested function calls. Deep enough for a million-deep recursion,
/// small enough that a runaway one stops with an error before it exhausts memory.
pub const DEFAULT_MAX_CALL_DEPTH: usize = 10_000_000;

/// Limits on one evaluation: each call of an [`Evaluator`](crate::Evaluator) method that
/// evaluates (`eval_expr`, `force`, `call`, …) starts with the whole budget.
///
/// Build one with struct update syntax so that limits added later keep their defaults:
/// `Limits { timeout: Some(d), ..Limits::default() }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Nested function calls allowed (Nix's `max-call-depth`); beyond it evaluation ends
    /// with "stack overflow; max-call-depth exceeded", as in Nix.
    pub max_call_depth: usize,
    /// Steps one evaluation may take, or no limit. A step is a unit of the VM's work: a
    /// function call, a thunk evaluation, a builtin call, one iteration of a builtin's loop
    /// over a list. The count is deterministic: the same program with the same inputs takes
    /// the same number of steps on every run and every machine.
    pub max_steps: Option<u64>,
    /// Wall-clock time one evaluation may take, or no limit. Time is checked with the
    /// step count, every few thousand steps, so an evaluation ends within a fraction of a
    /// millisecond of its deadline.
    pub timeout: Option<Duration>,
    /// Resident memory, in bytes, the process may use while evaluating; `None` is three
    /// quarters of the physical memory (or of the cgroup's limit). Whatever this says,
    /// evaluation also stays within the address space `ulimit -v` allows. An allocation
    /// whose size the program decides (a list of `genList`'s length, a string being built,
    /// a parsed document, …) is checked before it is made, and the memory in use with the
    /// step count, so a program that would need more ends with "out of memory" (kind
    /// [`ErrorKind::OutOfMemory`](crate::ErrorKind::OutOfMemory)) instead of the allocator
    /// aborting the process.
    ///
    /// ```
    /// use nixvm::{ErrorKind, Evaluator, Limits};
    ///
    /// let ev = Evaluator::builder()
    ///     .limits(Limits { max_memory: Some(256 << 20), ..Limits::default() })
    ///     .build();
    /// let e = ev.eval_expr("builtins.length (builtins.genList (x: x) 100000000)").unwrap_err();
    /// assert!(matches!(e.kind(), ErrorKind::OutOfMemory(_)));
    /// assert_eq!(
    ///     e.message(),
    ///     "out of memory: 7.5 GiB would exceed the memory limit of 256.0 MiB (--max-memory)"
    /// );
    /// assert_eq!(ev.eval_expr("1 + 2").unwrap().as_int().unwrap(), 3);
    /// ```
    pub max_memory: Option<u64>,
}

impl Limits {
    /// The memory ceiling these limits set.
    pub(crate) fn memory_ceiling(&self) -> nixvm_value::memory::Ceiling {
        use nixvm_value::memory::Ceiling;
        match self.max_memory {
            Some(bytes) => Ceiling::resident(bytes),
            None => Ceiling::from_system(),
        }
    }
}

impl Default for Limits {
    /// Nix's call depth limit, and no other.
    fn default() -> Limits {
        Limits {
            max_call_depth: DEFAULT_MAX_CALL_DEPTH,
            max_steps: None,
            timeout: None,
            max_memory: None,
        }
    }
}

/// A handle that stops an evaluation from outside: from another thread, from a signal
/// handler, from an async task. Clones share the same flag.
///
/// [`trigger`](Interrupt::trigger) only stores to an atomic flag, so it may be called from
/// a signal handler. The evaluator looks at the flag at the start of each evaluation and
/// every few thousand steps of it; when it finds the flag set it clears it and ends the
/// evaluation with [`ErrorKind::Interrupted`](crate::ErrorKind::Interrupted) ("interrupted
/// by the user"). A trigger that arrives while nothing is evaluating therefore interrupts
/// the next evaluation; call [`reset`](Interrupt::reset) first to forget it.
///
/// ```
/// use std::time::Duration;
/// use nixvm::{ErrorKind, Evaluator};
///
/// let ev = Evaluator::new();
/// let stop = ev.interrupt_handle();
/// std::thread::spawn(move || {
///     std::thread::sleep(Duration::from_millis(20));
///     stop.trigger();
/// });
/// // 2^60 calls: runs for ages unless interrupted.
/// let e = ev.eval_expr("let f = n: if n == 0 then 1 else f (n - 1) + f (n - 1); in f 60");
/// assert!(matches!(e.unwrap_err().kind(), ErrorKind::Interrupted));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Interrupt(Arc<AtomicBool>);

impl Interrupt {
    /// A new handle, not triggered.
    pub fn new() -> Interrupt {
        Interrupt::default()
    }

    /// Asks the evaluation running now (or the next one) to stop. Safe to call from any
    /// thread and from a signal handler.
    pub fn trigger(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether a trigger is pending (not yet seen by an evaluation).
    pub fn is_triggered(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Forgets a pending trigger.
    pub fn reset(&self) {
        self.0.store(false, Ordering::Relaxed);
    }

    /// Takes a pending trigger: true if there was one, which is then cleared.
    pub(crate) fn take(&self) -> bool {
        // A load first: the flag is almost never set, and a plain load does not take the
        // cache line away from other evaluators sharing the handle.
        self.0.load(Ordering::Relaxed) && self.0.swap(false, Ordering::Relaxed)
    }
}
