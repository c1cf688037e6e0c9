//! Forcing the strict arguments of a synchronous builtin, as a frame.
//!
//! A builtin like `length` or `elemAt` is a plain function of values: it runs at once when
//! its strict arguments are already values. When one is still a thunk, the thunk must be
//! evaluated first, which may take any number of frames. Rather than wrapping the call in a
//! generator (a boxed future, and a round trip through it per argument), the VM copies the
//! arguments onto the value stack above an [`ArgsFrame`], forces them one after another like
//! any other thunk, and calls the builtin when the last one has arrived. A forced value comes
//! back on top of the stack, as it does for a code frame, so the frame needs no allocation. A builtin that returns a plan may ask
//! for more: another argument forced (`Plan::Force`), or the elements of a list argument,
//! in order (`Plan::ForceElements`); the frame does that and calls it again. Errors pass
//! through the frame, which adds "while calling the '…' builtin", as a generator frame of
//! the builtin would.

use std::ops::Range;

use nixvm_value::builtin::BuiltinDef;
use nixvm_value::{ArgSet, Error, Plan, Thunk, Value};

use super::Vm;
use super::frame::{Applied, Chain, Frame, FrameKind};

/// A builtin call waiting for its strict arguments, which are the `argc` values at the
/// frame's base on the value stack. A value delivered to the frame is pushed above them.
pub struct ArgsFrame {
    pub def: &'static BuiltinDef,
    argc: u8,
    /// Arguments to force besides the strict ones: those the builtin asked for.
    extra: ArgSet,
    /// The argument being forced.
    next: u8,
    /// Whether the builtin asked for the elements of a list already.
    asked_elements: bool,
    /// Elements of a list argument being forced, as the builtin asked.
    elements: Option<Box<Elements>>,
}

/// The progress of forcing the elements of a list argument ([`Plan::ForceElements`]).
struct Elements {
    list: nixvm_value::NixList,
    /// The element being forced (or to look at next).
    next: usize,
    regular: fn(&Value) -> bool,
}

/// What to force next.
enum Pending {
    Argument(usize),
    Element(Thunk),
}

impl Vm {
    /// Pushes a frame that forces the strict arguments of `def` (and those in `extra`) and
    /// then calls it; its result continues `chain` and is memoised in `update`. The
    /// arguments are `prior` followed by the stack slots in the range.
    pub(super) fn start_builtin_args(
        &mut self,
        def: &'static BuiltinDef,
        (prior, slots): (&[Value], Range<usize>),
        extra: ArgSet,
        update: Option<Thunk>,
        chain: Chain,
        site: codemap::Span,
    ) -> Result<(), Error> {
        let base = self.stack.len();
        self.stack.extend_from_slice(prior);
        self.stack.extend_from_within(slots);
        let frame = Frame {
            kind: FrameKind::Args(ArgsFrame {
                def,
                argc: (self.stack.len() - base) as u8,
                extra,
                next: 0,
                asked_elements: false,
                elements: None,
            }),
            base: base as u32,
            update,
            chain: Some(chain),
            site,
            calls: 0,
        };
        self.push_frame(frame)?;
        self.run_args()
    }

    /// Runs the argument frame on top: forces arguments until one needs frames of its own,
    /// or calls the builtin once all are values.
    pub(super) fn run_args(&mut self) -> Result<(), Error> {
        loop {
            let Vm { frames, stack, .. } = self;
            let top = frames.last_mut().expect("an argument frame");
            let site = top.site;
            let base = top.base as usize;
            let FrameKind::Args(state) = &mut top.kind else {
                unreachable!("run_args on another kind of frame")
            };
            let argc = state.argc as usize;
            if stack.len() > base + argc {
                let v = stack.pop().expect("a delivered value");
                match &mut state.elements {
                    // An element arrived: it is memoised in its thunk, the list keeps it.
                    Some(e) => {
                        if (e.regular)(&v) {
                            e.next += 1;
                        } else {
                            state.elements = None;
                        }
                    }
                    None => stack[base + state.next as usize] = v,
                }
            }
            let pending = if let Some(e) = &mut state.elements {
                // The next element that is not a value yet, unless one is irregular first.
                let mut pending = None;
                while let Some(x) = e.list.get(e.next) {
                    match x {
                        Value::Thunk(t) => match t.value() {
                            Some(v) if (e.regular)(&v) => e.next += 1,
                            Some(_) => break,
                            None => {
                                pending = Some(t.clone());
                                break;
                            }
                        },
                        v if (e.regular)(v) => e.next += 1,
                        _ => break,
                    }
                }
                if pending.is_none() {
                    state.elements = None;
                }
                pending.map(Pending::Element)
            } else {
                None
            };
            let pending = match pending {
                Some(p) => p,
                None => {
                    let wanted = state.def.strict.union(state.extra);
                    let args = &mut stack[base..base + argc];
                    // The first argument to force that is not a value yet.
                    let first = (0..argc).find(|&i| {
                        wanted.contains(i)
                            && match &args[i] {
                                Value::Thunk(t) => match t.value() {
                                    Some(v) => {
                                        args[i] = v;
                                        false
                                    }
                                    None => true,
                                },
                                _ => false,
                            }
                    });
                    match first {
                        Some(i) => {
                            state.next = i as u8;
                            Pending::Argument(i)
                        }
                        None => {
                            let def = state.def;
                            match Vm::run_ready_builtin(&mut self.host, def, args, site)? {
                                Plan::ForceElements { arg, regular } => {
                                    self.force_elements(arg, regular)?;
                                    continue;
                                }
                                Plan::Force(i) => {
                                    // Asked only for an argument that is not a value yet, so
                                    // each argument is asked for at most once.
                                    debug_assert!(
                                        !state.extra.contains(i),
                                        "asked twice for argument {i}"
                                    );
                                    state.extra = state.extra.union(ArgSet::one(i));
                                    continue;
                                }
                                Plan::Slow => {
                                    let args = args.to_vec();
                                    let g = super::call::slow_path(def)?;
                                    return self.become_builtin_gen(def, g, args, site);
                                }
                                Plan::Done(result) => return self.finish_with(result, site),
                                // The arguments are in: this frame becomes the builtin's loop.
                                plan => return self.replace_with_loop(def, plan),
                            }
                        }
                    }
                }
            };
            let t = match pending {
                Pending::Element(t) => t,
                Pending::Argument(i) => {
                    let Value::Thunk(t) = &self.stack[base + i] else {
                        unreachable!("only thunks are pending")
                    };
                    t.clone()
                }
            };
            match self.force_thunk(t, site)? {
                Applied::Pushed => return Ok(()),
                Applied::Done(v) => self.stack.push(v),
            }
        }
    }

    /// The builtin on top asked for the elements of its list argument `arg` to be forced,
    /// up to the first that `regular` rejects.
    fn force_elements(&mut self, arg: usize, regular: fn(&Value) -> bool) -> Result<(), Error> {
        let top = self.frames.last_mut().expect("an argument frame");
        let base = top.base as usize;
        let FrameKind::Args(state) = &mut top.kind else {
            unreachable!("force_elements on another kind of frame")
        };
        let Value::List(list) = self.stack[base + arg].shallow() else {
            unreachable!("a builtin asks to force the elements of a list")
        };
        // Asked once: afterwards every element is evaluated up to the first irregular one,
        // where the builtin stops looking.
        debug_assert!(!state.asked_elements, "elements forced twice");
        if state.asked_elements {
            return Err(Error::eval(format!(
                "builtins.{} made no progress on its list",
                state.def.name
            )));
        }
        state.asked_elements = true;
        state.elements = Some(Box::new(Elements {
            list,
            next: 0,
            regular,
        }));
        Ok(())
    }
}
