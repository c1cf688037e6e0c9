//! Forcing the strict arguments of a synchronous builtin, as a frame.
//!
//! A builtin like `length` or `elemAt` is a plain function of values: it runs at once when
//! its strict arguments are already values. When one is still a thunk, the thunk must be
//! evaluated first, which may take any number of frames. Rather than wrapping the call in a
//! generator (a boxed future, and a round trip through it per argument), the VM keeps the
//! arguments in an [`ArgsFrame`], forces them one after another like any other thunk, and
//! calls the builtin when the last one has arrived. A builtin that returns a plan may ask
//! for more: another argument forced (`Plan::Force`), or the elements of a list argument,
//! in order (`Plan::ForceElements`); the frame does that and calls it again. Errors pass
//! through the frame, which adds "while calling the '…' builtin", as a generator frame of
//! the builtin would.

use nixvm_value::builtin::{BuiltinDef, BuiltinImpl};
use nixvm_value::thunk::ForceStart;
use nixvm_value::{Error, Plan, Thunk, Value};

use super::Vm;
use super::frame::{Applied, Chain, Frame, FrameKind};

/// A builtin call waiting for its strict arguments.
pub struct ArgsFrame {
    pub def: &'static BuiltinDef,
    pub args: Vec<Value>,
    /// Arguments to force besides the strict ones: those the builtin asked for.
    pub extra: u8,
    /// The argument being forced.
    pub next: usize,
    /// The value of the argument being forced, delivered by the frame that computed it.
    pub received: Option<Value>,
    /// Elements of a list argument being forced, as the builtin asked.
    pub elements: Option<Elements>,
    /// Whether the builtin asked for that already.
    pub asked_elements: bool,
}

/// The progress of forcing the elements of a list argument ([`Plan::ForceElements`]).
pub struct Elements {
    list: nixvm_value::NixList,
    /// The element being forced (or to look at next).
    next: usize,
    regular: fn(&Value) -> bool,
}

impl Vm {
    /// Pushes a frame that forces the strict arguments of `def` (and those in `extra`) and
    /// then calls it; its result continues `chain` and is memoised in `update`.
    pub(super) fn start_builtin_args(
        &mut self,
        def: &'static BuiltinDef,
        args: Vec<Value>,
        extra: u8,
        update: Option<Thunk>,
        chain: Chain,
        site: codemap::Span,
    ) -> Result<(), Error> {
        let frame = Frame {
            kind: FrameKind::Args(Box::new(ArgsFrame {
                def,
                args,
                extra,
                next: 0,
                received: None,
                elements: None,
                asked_elements: false,
            })),
            base: self.stack.len() as u32,
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
            let top = self.frames.last_mut().expect("an argument frame");
            let site = top.site;
            let FrameKind::Args(state) = &mut top.kind else {
                unreachable!("run_args on another kind of frame")
            };
            let (BuiltinImpl::Sync { strict, .. } | BuiltinImpl::Planned { strict, .. }) =
                state.def.imp
            else {
                unreachable!("only synchronous builtins wait for their arguments")
            };
            if let Some(v) = state.received.take() {
                match &mut state.elements {
                    // An element arrived: it is memoised in its thunk, the list keeps it.
                    Some(e) => {
                        if (e.regular)(&v) {
                            e.next += 1;
                        } else {
                            state.elements = None;
                        }
                    }
                    None => state.args[state.next] = v,
                }
            }
            if let Some(e) = &mut state.elements {
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
                match pending {
                    None => state.elements = None,
                    Some(t) => {
                        if let Some(v) = t.eval_cheap() {
                            state.received = Some(v);
                            continue;
                        }
                        match t.begin_force() {
                            ForceStart::Ready(v) => state.received = Some(v),
                            ForceStart::Blackhole => {
                                return Err(self.infinite_recursion(&t, site));
                            }
                            ForceStart::Run(s) => match self.start_thunk(t, s, site)? {
                                Applied::Pushed => return Ok(()),
                                Applied::Done(v) => self.set_received(v),
                            },
                        }
                        continue;
                    }
                }
            }
            let wanted = strict | state.extra;
            // The first argument to force that is not a value yet.
            let pending = (0..state.args.len()).find(|&i| {
                wanted & (1 << i) != 0
                    && match &state.args[i] {
                        Value::Thunk(t) => match t.value() {
                            Some(v) => {
                                state.args[i] = v;
                                false
                            }
                            None => true,
                        },
                        _ => false,
                    }
            });
            let Some(i) = pending else {
                match Vm::run_ready_builtin(&mut self.host, state.def, &state.args)? {
                    Plan::ForceElements { arg, regular } => {
                        let Value::List(list) = state.args[arg].shallow() else {
                            unreachable!("a builtin asks to force the elements of a list")
                        };
                        // Asked once: afterwards every element is evaluated up to the first
                        // irregular one, where the builtin stops looking.
                        debug_assert!(!state.asked_elements, "elements forced twice");
                        if state.asked_elements {
                            return Err(Error::eval(format!(
                                "builtins.{} made no progress on its list",
                                state.def.name
                            )));
                        }
                        state.asked_elements = true;
                        state.elements = Some(Elements {
                            list,
                            next: 0,
                            regular,
                        });
                        continue;
                    }
                    Plan::Force(i) => {
                        // Asked only for an argument that is not a value yet, so each
                        // argument is asked for at most once.
                        debug_assert!(state.extra & (1 << i) == 0, "asked twice for argument {i}");
                        state.extra |= 1 << i;
                        continue;
                    }
                    Plan::Done(result) => return self.finish_with(result, site),
                    // The arguments are in: this frame becomes the builtin's loop.
                    plan => {
                        let def = state.def;
                        return self.replace_with_loop(def, plan);
                    }
                }
            };
            state.next = i;
            let Value::Thunk(t) = state.args[i].clone() else {
                unreachable!("only thunks are pending")
            };
            if let Some(v) = t.eval_cheap() {
                state.received = Some(v);
                continue;
            }
            match t.begin_force() {
                ForceStart::Ready(v) => state.received = Some(v),
                ForceStart::Blackhole => return Err(self.infinite_recursion(&t, site)),
                ForceStart::Run(s) => match self.start_thunk(t, s, site)? {
                    Applied::Pushed => return Ok(()),
                    Applied::Done(v) => self.set_received(v),
                },
            }
        }
    }

    fn set_received(&mut self, v: Value) {
        if let Some(FrameKind::Args(state)) = self.frames.last_mut().map(|f| &mut f.kind) {
            state.received = Some(v);
        }
    }

    /// The builtin call on top returned `result`, which may be a thunk still to force.
    pub(super) fn finish_with(&mut self, result: Value, site: codemap::Span) -> Result<(), Error> {
        let Value::Thunk(t) = &result else {
            return self.return_value(result);
        };
        match t.begin_force() {
            ForceStart::Ready(v) => self.return_value(v),
            ForceStart::Blackhole => Err(self.infinite_recursion(t, site)),
            ForceStart::Run(s) => {
                // The call is done; its frame becomes the continuation of the thunk.
                let top = self.frames.last_mut().expect("the argument frame");
                top.kind = FrameKind::Continue;
                match self.start_thunk(t.clone(), s, site)? {
                    Applied::Pushed => Ok(()),
                    Applied::Done(v) => self.return_value(v),
                }
            }
        }
    }
}
