//! Frames of the VM's explicit frame stack.
//!
//! A frame is running bytecode, a suspended generator, or a bare continuation. Each frame
//! also says what happens to its result: a thunk to memoise it in, and a [`Chain`] of further
//! arguments to apply it to. That is how `f a b` applies `f a`'s result to `b`, how a forced
//! thunk gets its value, and how a generator receives an answer — all without Rust recursion.

use std::rc::Rc;

use codemap::Span;
use genawaiter::rc::Gen;

use nixvm_value::code::Lambda;
use nixvm_value::request::TraceFn;
use nixvm_value::{BuiltinDef, GenCo, GenFuture, Request, Response, Thunk, Upvalues, Value};

/// Pending arguments of a call: the result of the frame is applied to `stack[next]`, then to
/// `stack[next + 1]`, … up to `end`; afterwards the stack is cut back to `truncate`.
#[derive(Clone, Copy, Debug)]
pub struct Chain {
    pub next: u32,
    pub end: u32,
    pub truncate: u32,
    /// The chain was started by a tail call: its last application may replace the frame
    /// that started it.
    pub tail: bool,
}

impl Chain {
    /// The `n` values on top of `stack`, which the call's value replaces.
    pub fn top(stack: &[Value], n: u32, tail: bool) -> Chain {
        let end = stack.len() as u32;
        Chain {
            next: end - n,
            end,
            truncate: end - n,
            tail,
        }
    }
}

/// What a generator frame does when an error reaches it while it waits for an answer.
pub enum OnError {
    /// Let the error pass (and drop the generator).
    Propagate,
    /// Hand a catchable error back as the answer (`TryForce`).
    Catch,
    /// Hand any error back as the answer (`ForceOrError`).
    CatchAll,
    /// Add the context line this makes to the error and let it pass.
    Trace(Option<TraceFn>),
    /// Add these context lines (innermost first) and let it pass.
    Frames(Vec<nixvm_value::TraceFrame>),
}

pub struct GenFrame {
    pub generator: Gen<Request, Response, GenFuture>,
    /// The answer to give on the next resumption.
    pub answer: Option<Response>,
    pub on_error: OnError,
    /// Which builtin or helper this is.
    pub name: &'static str,
    /// The builtin it runs (whose failures get "while calling the '…' builtin"), if any.
    pub builtin: Option<&'static BuiltinDef>,
}

impl GenFrame {
    /// A generator frame about to start `f`.
    pub fn new<F>(name: &'static str, builtin: Option<&'static BuiltinDef>, f: F) -> GenFrame
    where
        F: FnOnce(GenCo) -> GenFuture,
    {
        GenFrame {
            generator: Gen::new(|co| f(GenCo::new(co))),
            answer: None,
            on_error: OnError::Propagate,
            name,
            builtin,
        }
    }
}

pub enum FrameKind {
    Code {
        lambda: Rc<Lambda>,
        upvalues: Upvalues,
        ip: u32,
    },
    Gen(Box<GenFrame>),
    /// Only a continuation: passes the value it receives on, through its `update` and
    /// `chain`.
    Continue,
    /// A list loop run for a generator (see `native_loop.rs`).
    Loop(Box<super::native_loop::LoopFrame>),
    /// A builtin call waiting for its strict arguments (see `builtin_args.rs`).
    Args(super::builtin_args::ArgsFrame),
}

pub struct Frame {
    pub kind: FrameKind,
    /// Where this frame's part of the value stack starts.
    pub base: u32,
    /// A thunk to memoise the result in.
    pub update: Option<Thunk>,
    pub chain: Option<Chain>,
    /// Where the frame came from (call site, or the expression that forced a thunk).
    pub site: Span,
    /// How many Nix-level calls this frame stands for (tail calls add to it), for
    /// `max-call-depth`.
    pub calls: u32,
}

impl Frame {
    pub fn code(lambda: Rc<Lambda>, upvalues: Upvalues, base: u32, site: Span) -> Frame {
        Frame {
            kind: FrameKind::Code {
                lambda,
                upvalues,
                ip: 0,
            },
            base,
            update: None,
            chain: None,
            site,
            calls: 0,
        }
    }

    pub fn continuation(base: u32, site: Span) -> Frame {
        Frame {
            kind: FrameKind::Continue,
            base,
            update: None,
            chain: None,
            site,
            calls: 0,
        }
    }
}

/// The result of trying to apply a function to the arguments of a chain.
pub enum Applied {
    /// A frame was pushed; its result will continue the chain.
    Pushed,
    /// Finished synchronously with this value (in WHNF); the chain is consumed.
    Done(Value),
}

#[cfg(test)]
mod tests {
    use std::mem::size_of;

    /// Every call and every forcing pushes a frame: growing it costs every program.
    #[test]
    fn frames_stay_small() {
        assert!(size_of::<super::FrameKind>() <= 40);
        assert!(size_of::<Option<super::Chain>>() <= 16);
        assert!(size_of::<super::Frame>() <= 80);
    }
}
