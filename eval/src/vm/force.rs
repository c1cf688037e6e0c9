//! Forcing: the one way every kind of frame evaluates a thunk.
//!
//! [`Vm::force_thunk`] first tries to compute a pending thunk where it is, without
//! blackholing it or pushing a frame (a thunk whose body only builds a value or does one
//! cheap operation, see `nixvm_value::frameless`); otherwise it blackholes the thunk and
//! pushes the frame that computes it, whose value then goes to the frame on top, which
//! called it. A frame whose own value is a thunk ([`Vm::finish_with`]) becomes a bare
//! continuation of that thunk instead. So a new way to compute a thunk without a frame is
//! written once, in `nixvm_value::frameless`, and every caller gets it.

use codemap::Span;

use nixvm_value::thunk::{Compiled, ForceStart, Suspended};
use nixvm_value::{Error, ErrorKind, Host, Thunk, Value};

use super::Vm;
use super::frame::{Applied, Chain, Frame, FrameKind};

/// What starting to force a thunk found.
enum Start {
    /// The value, at hand or computed in place.
    Value(Value),
    /// The computation to run; the thunk is blackholed.
    Run(Suspended),
}

impl Vm {
    /// Starts forcing `t`: takes its value if it has one or it can be computed where it is,
    /// else blackholes it and hands out its computation.
    #[inline(always)]
    fn start_force(&mut self, t: &Thunk, site: Span) -> Result<Start, Error> {
        match t.begin_force(nixvm_value::frameless::eval_pending) {
            ForceStart::Ready(v) => Ok(Start::Value(v)),
            ForceStart::Run(s) => Ok(Start::Run(s)),
            ForceStart::Blackhole => Err(self.infinite_recursion(t, site)),
        }
    }

    /// Runs the computation `s` of the blackholed thunk `t`: pushes the frame that
    /// computes it (or, for a lazy application, calls the function), which memoises the
    /// value in `t` and delivers it to the frame on top now.
    #[inline]
    fn run_suspended(&mut self, t: Thunk, s: Suspended, site: Span) -> Result<Applied, Error> {
        match s {
            Suspended::Code(Compiled { lambda, upvalues }) => {
                let mut frame = Frame::code(lambda, upvalues, self.stack.len() as u32, site);
                frame.update = Some(t);
                self.push_frame(frame)?;
                Ok(Applied::Pushed)
            }
            Suspended::Apply {
                func,
                arg,
                site: made,
            } => {
                // Forced from no place (the printer, a builtin's own forcing): the call is
                // at the builtin call that made it, so that its errors are located.
                let site = match made {
                    Some(made) if site == self.nowhere => self.host.span_at(made).unwrap_or(site),
                    _ => site,
                };
                self.stack.push(arg);
                let chain = Chain::top(&self.stack, 1, false);
                self.apply(func, chain, Some(t), site)
            }
        }
    }

    /// Forces `t` for the frame on top. `Done`: its value, at hand or computed without a
    /// frame. `Pushed`: a frame computes it, and delivers the value to the frame on top now.
    pub(crate) fn force_thunk(&mut self, t: Thunk, site: Span) -> Result<Applied, Error> {
        match self.start_force(&t, site)? {
            Start::Value(v) => Ok(Applied::Done(v)),
            Start::Run(s) => self.run_suspended(t, s, site),
        }
    }

    /// Forces `v` for the frame on top (see [`Vm::force_thunk`]).
    #[inline]
    pub(crate) fn force_value(&mut self, v: Value, site: Span) -> Result<Applied, Error> {
        match v {
            Value::Thunk(t) => self.force_thunk(t, site),
            v => Ok(Applied::Done(v)),
        }
    }

    /// The frame on top is done and its value is `v`, perhaps a thunk still to force: then
    /// the frame becomes the continuation that passes the thunk's value on.
    pub(crate) fn finish_with(&mut self, v: Value, site: Span) -> Result<(), Error> {
        let v = match v {
            Value::Thunk(t) => match self.start_force(&t, site)? {
                Start::Value(v) => v,
                Start::Run(s) => {
                    let top = self.frames.last_mut().expect("the finished frame");
                    top.kind = FrameKind::Continue;
                    match self.run_suspended(t, s, site)? {
                        Applied::Pushed => return Ok(()),
                        Applied::Done(v) => v,
                    }
                }
            },
            v => v,
        };
        self.return_value(v)
    }

    /// `v`, the value of a call whose result continues `chain` into `update`, forced:
    /// `Some` if at hand now, or `None` if a continuation frame carrying `chain` and
    /// `update` was pushed to wait for it.
    pub(crate) fn force_then(
        &mut self,
        v: Value,
        chain: &Chain,
        update: &mut Option<Thunk>,
        site: Span,
    ) -> Result<Option<Value>, Error> {
        let Value::Thunk(t) = v else {
            return Ok(Some(v));
        };
        match self.start_force(&t, site)? {
            Start::Value(v) => Ok(Some(v)),
            Start::Run(s) => {
                let mut k = Frame::continuation(self.stack.len() as u32, site);
                k.update = update.take();
                k.chain = Some(*chain);
                self.push_frame(k)?;
                if let Applied::Done(v) = self.run_suspended(t, s, site)? {
                    self.return_value(v)?;
                }
                Ok(None)
            }
        }
    }

    /// The error for forcing a thunk that is already being forced. It also points at where
    /// that first forcing began.
    pub(crate) fn infinite_recursion(&self, t: &Thunk, site: Span) -> Error {
        let mut e = Error::at(ErrorKind::InfiniteRecursion, site);
        if let Some(f) = self
            .frames
            .iter()
            .rev()
            .find(|f| f.update.as_ref().is_some_and(|u| u.ptr_eq(t)))
            && f.site != site
        {
            e.add_trace(
                Some(f.site),
                "while evaluating this value, which refers to itself",
            );
        }
        e
    }
}
