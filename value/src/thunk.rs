//! Thunks: shared, memoised, possibly-unevaluated values.
//!
//! A thunk starts out suspended (code plus captured upvalues, or a function applied to an
//! argument), is blackholed while the VM evaluates it, and is then overwritten with its
//! value in weak head normal form. Forcing a blackholed thunk is infinite recursion.
//!
//! If evaluation fails, the VM puts the suspended computation back, so that forcing the
//! thunk again (after `builtins.tryEval`) re-raises the error rather than seeing a blackhole.
//! A thunk of code hands its code to the frame that runs it instead of keeping a copy (two
//! reference counts fewer per forcing, and a cell of 64 bytes instead of 80): that frame
//! gives it back on failure ([`Thunk::abort_force`]), or before it goes on to other code by
//! a tail call ([`Thunk::keep_code`]).

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use codemap::{Pos, Span};

use crate::closure::{Upvalues, release_upvalues};
use crate::code::Lambda;
use crate::cycles;
use crate::drop::{release, release_one};
use crate::value::Value;

/// Compiled code with its captured variables: a thunk's body.
pub struct Compiled {
    pub lambda: Rc<Lambda>,
    pub upvalues: Upvalues,
}

/// A computation that has not run yet.
pub enum Suspended {
    Code(Compiled),
    /// A function applied to one argument, as `map` and `genList` build lazily. `site` is
    /// where the call of the builtin that made it starts: the application is located there
    /// when whoever forces it is at no place in the source (the printer, a builtin's own
    /// forcing). A position, not a span: it fits in what the cell has room for anyway.
    Apply {
        func: Value,
        arg: Value,
        site: Option<Pos>,
    },
}

/// A pending computation, looked at where it lies (see [`Thunk::begin_force`]).
#[derive(Clone, Copy)]
pub enum Pending<'a> {
    Code(&'a Compiled),
    Apply { func: &'a Value, arg: &'a Value },
}

/// The states of a thunk. Flat, so that no two variants need the whole 40 bytes with a tag
/// of their own: the state fits in 40 bytes, the cell with its counts in 64.
enum State {
    /// A recursive binding whose code is filled in once all its siblings exist.
    Blank,
    /// Code not run yet.
    Code(Compiled),
    /// An application not run yet, or being run (`running`: a blackhole). It keeps its
    /// computation while it runs: the frames that run it are the function's.
    Apply {
        func: Value,
        arg: Value,
        site: Option<Pos>,
        running: bool,
    },
    /// Code being run (a blackhole): the frame running it holds the code. `makes` is the
    /// code's [`Lambda::makes`].
    Running {
        makes: bool,
    },
    /// Code being run (a blackhole) whose frame went on to other code by a tail call: its
    /// computation is back here, to restore on error.
    Kept(Compiled),
    Evaluated(Value),
    /// Evaluated by code that built the value itself (see [`Lambda::makes`]): the thunk is
    /// where the value lives.
    Made(Value),
}

impl State {
    /// The computation, if it is pending.
    #[inline(always)]
    fn pending(&self) -> Option<Pending<'_>> {
        match self {
            State::Code(c) => Some(Pending::Code(c)),
            State::Apply {
                func,
                arg,
                running: false,
                ..
            } => Some(Pending::Apply { func, arg }),
            _ => None,
        }
    }

    fn is_blackhole(&self) -> bool {
        matches!(
            self,
            State::Running { .. } | State::Kept(_) | State::Apply { running: true, .. }
        )
    }
}

pub(crate) struct Cell(RefCell<State>);

impl Drop for Cell {
    fn drop(&mut self) {
        release_state(std::mem::replace(self.0.get_mut(), State::Blank));
    }
}

/// Frees what a thunk held without recursion.
fn release_state(state: State) {
    match state {
        State::Evaluated(v) | State::Made(v) => release_one(v),
        State::Code(mut c) | State::Kept(mut c) => release_upvalues(&mut c.upvalues),
        State::Apply { func, arg, .. } => release([func, arg]),
        State::Blank | State::Running { .. } => {}
    }
}

/// What [`Thunk::begin_force`] found.
pub enum ForceStart {
    /// Already evaluated: here is the value.
    Ready(Value),
    /// Now blackholed: run this computation and then call [`Thunk::finish`]. Code is the
    /// thunk's own, moved out: whoever runs it gives it back if it fails
    /// ([`Thunk::abort_force`]).
    Run(Suspended),
    /// Already being forced: infinite recursion.
    Blackhole,
}

/// A shared, memoised computation.
#[derive(Clone)]
pub struct Thunk(Rc<Cell>);

impl Thunk {
    /// The bytes a thunk takes on the heap (its cell and the reference counts), for the
    /// memory ceiling's estimates.
    pub const HEAP_BYTES: usize = std::mem::size_of::<Cell>() + 2 * std::mem::size_of::<usize>();

    fn with_state(s: State) -> Thunk {
        cycles::made();
        Thunk(Rc::new(Cell(RefCell::new(s))))
    }

    pub fn new_code(lambda: Rc<Lambda>, upvalues: Upvalues) -> Thunk {
        Thunk::with_state(State::Code(Compiled { lambda, upvalues }))
    }

    /// `func arg`, unevaluated, made by the builtin call at `site` (see
    /// [`Host::call_site`](crate::Host::call_site)).
    pub fn new_apply(func: Value, arg: Value, site: Option<Span>) -> Thunk {
        let site = site.map(|s| s.low());
        Thunk::with_state(State::Apply {
            func,
            arg,
            site,
            running: false,
        })
    }

    /// A placeholder for a recursive binding; see [`Thunk::fill`].
    pub fn blank() -> Thunk {
        Thunk::with_state(State::Blank)
    }

    pub fn evaluated(v: Value) -> Thunk {
        Thunk::with_state(State::Evaluated(v))
    }

    /// A blank thunk that its value will refer back to (a knot tied by hand, as
    /// `builtins.builtins` is): a candidate for the cycle collector from the start.
    pub fn knot() -> Thunk {
        let t = Thunk::blank();
        cycles::register(&t);
        t
    }

    /// Gives a blank thunk its code, once the values it captures exist.
    ///
    /// Only here can a thunk come to refer to itself: when it captures itself or a sibling
    /// binding not filled yet, it is registered with the cycle collector (see
    /// [`cycles`] for why that is every way a cycle can start).
    pub fn fill(&self, lambda: Rc<Lambda>, upvalues: Upvalues) {
        if cycles::captures_blank(&upvalues) {
            cycles::register(self);
        }
        let mut st = self.0.0.borrow_mut();
        debug_assert!(matches!(*st, State::Blank));
        *st = State::Code(Compiled { lambda, upvalues });
    }

    /// Applies `f` to the value, if evaluated, without cloning it.
    #[inline]
    pub fn with_value<R>(&self, f: impl FnOnce(&Value) -> R) -> Option<R> {
        match &*self.0.0.borrow() {
            State::Evaluated(v) | State::Made(v) => Some(f(v)),
            _ => None,
        }
    }

    /// The value, if evaluated.
    pub fn value(&self) -> Option<Value> {
        match &*self.0.0.borrow() {
            State::Evaluated(v) | State::Made(v) => Some(v.clone()),
            _ => None,
        }
    }

    /// The function of an application not yet run (as `genList` builds them), if this is
    /// one: where Nix says the application is called from depends on it.
    pub fn pending_func(&self) -> Option<Value> {
        match &*self.0.0.borrow() {
            State::Apply {
                func,
                running: false,
                ..
            } => Some(func.clone()),
            _ => None,
        }
    }

    pub fn is_evaluated(&self) -> bool {
        matches!(&*self.0.0.borrow(), State::Evaluated(_) | State::Made(_))
    }

    /// Whether this is a recursive binding's placeholder not yet filled.
    pub fn is_blank(&self) -> bool {
        matches!(&*self.0.0.borrow(), State::Blank)
    }

    pub fn is_blackholed(&self) -> bool {
        self.0.0.borrow().is_blackhole()
    }

    /// Starts forcing. A pending thunk whose value `compute` can make from its computation
    /// alone (without running Nix code, see `frameless::eval_pending`) gets that value here,
    /// with no blackholing or copying; any other is blackholed and its computation handed
    /// out (see [`ForceStart::Run`]).
    // Inlined into the VM's one forcing path: as a call, the answer went through memory.
    #[inline(always)]
    pub fn begin_force(&self, compute: impl FnOnce(Pending<'_>) -> Option<Value>) -> ForceStart {
        // Under a shared borrow: `compute` may read this thunk (`let x = x + 1;`).
        let computed = {
            let st = self.0.0.borrow();
            if let State::Evaluated(v) | State::Made(v) = &*st {
                return ForceStart::Ready(v.clone());
            }
            let Some(pending) = st.pending() else {
                return ForceStart::Blackhole;
            };
            compute(pending)
        };
        if let Some(v) = computed {
            self.finish(v.clone());
            return ForceStart::Ready(v);
        }
        let mut st = self.0.0.borrow_mut();
        match &mut *st {
            State::Apply {
                func,
                arg,
                site,
                running,
            } => {
                *running = true;
                ForceStart::Run(Suspended::Apply {
                    func: func.clone(),
                    arg: arg.clone(),
                    site: *site,
                })
            }
            State::Code(c) => {
                let makes = c.lambda.makes;
                let State::Code(c) = std::mem::replace(&mut *st, State::Running { makes }) else {
                    unreachable!("checked above")
                };
                ForceStart::Run(Suspended::Code(c))
            }
            _ => unreachable!("checked above"),
        }
    }

    /// Evaluates a pending thunk in place with `f`, if `f` can compute it from the pending
    /// computation alone (a cheap thunk). No blackholing or copying is needed, since `f`
    /// cannot run Nix code.
    pub fn eval_in_place(&self, f: impl FnOnce(Pending<'_>) -> Option<Value>) -> Option<Value> {
        let v = {
            let st = self.0.0.borrow();
            f(st.pending()?)?
        };
        self.finish(v.clone());
        Some(v)
    }

    /// Records the value of a thunk being forced.
    pub fn finish(&self, v: Value) {
        debug_assert!(!matches!(v, Value::Thunk(_)), "thunks hold values in WHNF");
        let mut st = self.0.0.borrow_mut();
        let made = match &*st {
            State::Running { makes } => *makes,
            State::Code(c) | State::Kept(c) => c.lambda.makes,
            _ => false,
        };
        let old = std::mem::replace(
            &mut *st,
            if made {
                State::Made(v)
            } else {
                State::Evaluated(v)
            },
        );
        drop(st);
        drop(old);
    }

    /// The frame running this thunk's code (handed out by [`Thunk::begin_force`]) goes on
    /// to other code by a tail call: the thunk keeps the code it was given, to restore on
    /// error. Any other thunk a frame memoises in drops it.
    pub fn keep_code(&self, code: Compiled) {
        let mut st = self.0.0.borrow_mut();
        if let State::Running { .. } = &*st {
            *st = State::Kept(code);
        } else {
            drop(st);
            drop(code);
        }
    }

    /// Undoes the blackhole after a failed evaluation, so the thunk can be forced again.
    /// `code` is what the failed frame ran: the thunk's own code if it is still running it
    /// (see [`Thunk::keep_code`]).
    pub fn abort_force(&self, code: Option<Compiled>) {
        let mut st = self.0.0.borrow_mut();
        match &mut *st {
            State::Apply { running, .. } => *running = false,
            State::Kept(_) => {
                let State::Kept(c) = std::mem::replace(&mut *st, State::Blank) else {
                    unreachable!("checked above")
                };
                *st = State::Code(c);
            }
            State::Running { .. } => match code {
                Some(c) => *st = State::Code(c),
                // Never: only the frame given the code memoises in a thunk running it.
                None => debug_assert!(false, "a running thunk's code is lost"),
            },
            _ => {}
        }
    }

    pub(crate) fn is_unique(&self) -> bool {
        Rc::strong_count(&self.0) == 1
    }

    pub(crate) fn strong_count(&self) -> usize {
        Rc::strong_count(&self.0)
    }

    pub(crate) fn downgrade(&self) -> Weak<Cell> {
        Rc::downgrade(&self.0)
    }

    pub(crate) fn upgrade(weak: &Weak<Cell>) -> Option<Thunk> {
        weak.upgrade().map(Thunk)
    }

    /// Where a pending thunk's computation comes from (see `reach.rs`): where its code was
    /// written, or the call that made a lazy application.
    pub(crate) fn pending_position(&self) -> Option<Pos> {
        match &*self.0.0.try_borrow().ok()? {
            State::Code(c) => Some(c.lambda.span.low()),
            State::Apply {
                site,
                running: false,
                ..
            } => *site,
            _ => None,
        }
    }

    /// What the thunk holds, for the cycle collector: `false`, with nothing traced, when
    /// it is being forced (or is borrowed just now), which the collector takes as alive.
    pub(crate) fn trace(
        &self,
        mut value: impl FnMut(&Value),
        upvalues: impl FnOnce(&Upvalues),
    ) -> bool {
        let Ok(st) = self.0.0.try_borrow() else {
            return false;
        };
        match &*st {
            State::Blank => {}
            State::Evaluated(v) | State::Made(v) => value(v),
            State::Code(c) => upvalues(&c.upvalues),
            State::Apply {
                func,
                arg,
                running: false,
                ..
            } => {
                value(func);
                value(arg);
            }
            State::Apply { running: true, .. } | State::Running { .. } | State::Kept(_) => {
                return false;
            }
        }
        true
    }

    /// Empties a thunk the cycle collector found to be garbage, breaking the cycles
    /// through it.
    pub(crate) fn empty(&self) {
        let Ok(mut st) = self.0.0.try_borrow_mut() else {
            return;
        };
        if st.is_blackhole() {
            return;
        }
        let old = std::mem::replace(&mut *st, State::Blank);
        drop(st);
        release_state(old);
    }

    pub fn identity(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }

    /// The cell this thunk is for Nix's `==`, which takes two references to one cell as
    /// equal. A thunk whose code built its value is the cell of that value (the VM may
    /// hand the value out alone once the thunk is done), so it answers the value's
    /// identity; any other thunk holds a copy of a value that lives elsewhere, and is a cell
    /// of its own.
    pub fn cell(&self) -> usize {
        match &*self.0.0.borrow() {
            State::Made(v) => v.identity().unwrap_or(self.identity()),
            _ => self.identity(),
        }
    }

    pub fn ptr_eq(&self, other: &Thunk) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[cfg(test)]
mod tests {
    /// Every thunk made costs this much memory: 64 bytes is the allocator's size class
    /// below 80.
    #[test]
    fn a_thunk_takes_64_bytes() {
        assert_eq!(super::Thunk::HEAP_BYTES, 64);
    }
}
