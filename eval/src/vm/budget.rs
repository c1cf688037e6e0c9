//! The one check of the limits on an evaluation: interrupt, step budget, deadline, and the
//! memory in use (`nixvm_value::memory::poll`).
//!
//! Every place the VM starts a unit of work that could repeat without end (pushing a frame,
//! a tail call, a loop iteration, a generator's request) calls [`Vm::tick`]: it counts down
//! a number held in the VM and does nothing else until that reaches zero. Only then,
//! every [`POLL_INTERVAL`] steps at most, does [`Vm::poll_limits`] look at the interrupt
//! flag, the clock and the step count. With no limits set the countdown still runs, so
//! that an interrupt is seen; its cost is one decrement and one branch per step.

use std::time::Instant;

use nixvm_value::{Error, ErrorKind, Limit};

use super::Vm;
use crate::limits::{Interrupt, Limits};

/// Steps between two looks at the interrupt flag and the clock. A step takes tens of
/// nanoseconds or more, so an interrupt or deadline is seen within a fraction of a
/// millisecond, and reading the clock costs nothing measurable.
const POLL_INTERVAL: u32 = 4096;

/// The VM's state of the limits of the running evaluation.
pub(crate) struct Budget {
    pub(crate) limits: Limits,
    pub(crate) interrupt: Interrupt,
    /// Steps left until the next poll.
    countdown: u32,
    /// What `countdown` started from at the last poll.
    chunk: u32,
    /// Steps taken before the current chunk.
    taken: u64,
    deadline: Option<Instant>,
}

impl Budget {
    pub(crate) fn new(limits: Limits, interrupt: Interrupt) -> Budget {
        Budget {
            limits,
            interrupt,
            countdown: POLL_INTERVAL,
            chunk: POLL_INTERVAL,
            taken: 0,
            deadline: None,
        }
    }

    /// Starts the budget of a new evaluation. A pending interrupt ends it at once.
    pub(crate) fn start(&mut self) -> Result<(), Error> {
        self.taken = 0;
        self.deadline = self.limits.timeout.map(|t| Instant::now() + t);
        self.next_chunk();
        if self.interrupt.take() {
            return Err(Error::new(ErrorKind::Interrupted));
        }
        Ok(())
    }

    /// Sets the countdown to end at the next poll: after `POLL_INTERVAL` steps, or at the
    /// step that goes over the budget.
    fn next_chunk(&mut self) {
        let chunk = match self.limits.max_steps {
            // The step numbered `max + 1` is the one that fails.
            Some(max) => {
                (max.saturating_add(1) - self.taken.min(max)).min(u64::from(POLL_INTERVAL)) as u32
            }
            None => POLL_INTERVAL,
        };
        self.chunk = chunk;
        self.countdown = chunk;
    }

    /// The steps the current evaluation has taken so far.
    pub(crate) fn steps_taken(&self) -> u64 {
        self.taken + u64::from(self.chunk - self.countdown)
    }
}

impl Vm {
    /// Counts one step; every so often, checks the limits (see the module's comment).
    #[inline(always)]
    pub(crate) fn tick(&mut self) -> Result<(), Error> {
        self.budget.countdown -= 1;
        if self.budget.countdown == 0 {
            return self.poll_limits();
        }
        Ok(())
    }

    /// The countdown reached zero: checks the interrupt flag, the step budget and the
    /// clock, and starts the next countdown.
    #[cold]
    #[inline(never)]
    pub(crate) fn poll_limits(&mut self) -> Result<(), Error> {
        let b = &mut self.budget;
        b.taken += u64::from(b.chunk);
        let here = self.frames.last().map(|f| f.site);
        let fail = |kind| {
            let e = Error::new(kind);
            match here {
                Some(site) => e.with_span(site),
                None => e,
            }
        };
        if b.interrupt.take() {
            b.next_chunk();
            return Err(fail(ErrorKind::Interrupted));
        }
        if let Some(max) = b.limits.max_steps
            && b.taken > max
        {
            b.next_chunk();
            return Err(fail(ErrorKind::LimitExceeded(Limit::Steps(max))));
        }
        if let (Some(deadline), Some(timeout)) = (b.deadline, b.limits.timeout)
            && Instant::now() >= deadline
        {
            b.next_chunk();
            return Err(fail(ErrorKind::LimitExceeded(Limit::Time(timeout))));
        }
        b.next_chunk();
        // Cyclic garbage, when enough candidates have been made since the last look.
        nixvm_value::cycles::poll();
        // What many small allocations add up to (those whose size the program decides
        // are checked where they are made).
        nixvm_value::memory::poll().map_err(|e| match here {
            Some(site) => e.with_span(site),
            None => e,
        })
    }
}
