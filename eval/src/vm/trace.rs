//! Context for errors as they leave frames, and the `--trace-runtime` observer.
//!
//! A tail call reuses its frame, but Nix shows every call an error leaves. So a tail call
//! keeps a note of what the frame was ([`Elided`]), which the frame's error lines include.
//! A loop of tail calls going round the same calls keeps one note and a count, and the
//! whole record has a fixed capacity, so a long loop runs in bounded memory; the error then
//! holds the repeated lines once (`Error::repeat_trace`), as Nix prints them collapsed.

use std::io::Write as _;
use std::rc::Rc;

use codemap::Span;
use nixvm_value::code::Lambda;
use nixvm_value::{Error, ErrorKind};

use super::Vm;
use super::frame::{Frame, FrameKind};

impl Vm {
    /// Adds what `frame` was doing to an error passing out of it: the context lines of the
    /// subexpressions it was evaluating, then, for a function call, the call itself.
    pub(super) fn annotate(&self, err: &mut Error, frame: &Frame) {
        if err.near().is_none() {
            let place = match &frame.kind {
                FrameKind::Code { lambda, ip, .. } if *ip > 0 => {
                    Some(lambda.spans[*ip as usize - 1])
                }
                FrameKind::Gen(_) | FrameKind::Args(_) => Some(frame.site),
                FrameKind::Loop(l) if l.builtin.is_some() => Some(frame.site),
                _ => None,
            };
            if let Some(place) = place.filter(|&p| !self.is_nowhere(p)) {
                err.note_near(place);
            }
        }
        match &frame.kind {
            FrameKind::Code { lambda, ip, .. } => {
                self.annotate_code(err, lambda, *ip, frame.calls > 0, frame.site)
            }
            FrameKind::Gen(g) if g.builtin.is_some_and(|def| def.traced) => {
                err.add_trace(
                    Some(frame.site),
                    format!("while calling the '{}' builtin", g.name),
                );
            }
            FrameKind::Args(a) => {
                err.add_trace(
                    Some(frame.site),
                    format!("while calling the '{}' builtin", a.def.name),
                );
            }
            FrameKind::Loop(l) => {
                if let Some(c) = &l.context {
                    err.add_trace(None, c.line());
                }
                if let Some(def) = l.builtin {
                    err.add_trace(
                        Some(frame.site),
                        format!("while calling the '{}' builtin", def.name),
                    );
                }
            }
            _ => {}
        }
    }

    /// The context lines of a code frame of `lambda` stopped before instruction `ip`, then,
    /// if it is a call (not a thunk), the call's own lines.
    fn annotate_code(&self, err: &mut Error, lambda: &Lambda, ip: u32, call: bool, site: Span) {
        if ip > 0 {
            for c in lambda.contexts_at(ip - 1) {
                if !c.coercion_only {
                    err.add_trace(c.span, &*c.message);
                } else if matches!(err.kind(), ErrorKind::CannotCoerce { .. }) {
                    err.add_trace_innermost(c.span, &*c.message);
                }
            }
        }
        if !call {
            return;
        }
        // Nix checks the argument of a function with formals before it calls it:
        // those errors only say where the call was, with or without --show-trace.
        // The prologue is forcing the argument (op 0) and binding it (op 1).
        let site = (!self.is_nowhere(site)).then_some(site);
        if lambda.formals().is_some() && ip <= 2 {
            if site.is_some() {
                err.add_trace(site, "from call site");
            }
            return;
        }
        // Nix only records the calls an error left with --show-trace.
        if self.show_trace {
            let what = match lambda.name {
                Some(n) => format!("while calling '{n}'"),
                None => "while calling anonymous lambda".to_string(),
            };
            err.add_trace(Some(lambda.span), what);
            // A call a builtin made from its own code has no call site.
            if site.is_some() {
                err.add_trace(site, "from call site");
            }
        }
    }

    /// Keeps what the code frame on top is, before a tail call makes it another call: an
    /// error leaving the frame shows every call it stood for, as Nix shows them. Only what
    /// an error would show is kept, so nothing without --show-trace: the compiler puts no
    /// tail call inside an expression that has context lines of its own (they wrap
    /// subexpressions whose value is used, never the function's result).
    #[inline(always)]
    pub(super) fn note_tail_call(&mut self) {
        if self.show_trace {
            self.note_tail_call_slow();
        } else {
            debug_assert!(self.frames.last().is_none_or(|f| match &f.kind {
                FrameKind::Code { lambda, ip, .. } =>
                    *ip == 0 || lambda.contexts_at(ip - 1).next().is_none(),
                _ => true,
            }));
        }
    }

    #[inline(never)]
    fn note_tail_call_slow(&mut self) {
        let index = self.frames.len() - 1;
        let top = &self.frames[index];
        let FrameKind::Code { lambda, ip, .. } = &top.kind else {
            return;
        };
        let call = ElidedCall {
            lambda: lambda.clone(),
            ip: *ip,
            site: top.site,
            call: top.calls > 0,
        };
        let shown = (self.show_trace && call.call)
            || (*ip > 0 && lambda.contexts_at(ip - 1).next().is_some());
        if shown {
            record(&mut self.elided, index as u32, call);
        }
    }

    /// Forgets what was kept for frames that are gone (see [`Vm::note_tail_call`]).
    #[inline]
    pub(super) fn forget_elided(&mut self) {
        if let Some(last) = self.elided.last()
            && last.frame as usize >= self.frames.len()
        {
            let keep = self
                .elided
                .partition_point(|e| (e.frame as usize) < self.frames.len());
            self.elided.truncate(keep);
        }
    }

    /// What was kept for the frame at `index`, the top one, which an error is leaving.
    pub(super) fn take_elided(&mut self, index: usize) -> Vec<Elided> {
        let from = self.elided.partition_point(|e| (e.frame as usize) < index);
        self.elided.split_off(from)
    }

    /// Adds the lines of the calls a frame stood for before its last one (`elided`, as
    /// [`Vm::take_elided`] gives them), innermost first.
    pub(super) fn annotate_elided(&self, err: &mut Error, elided: &[Elided]) {
        let mut i = elided.len();
        while i > 0 {
            i -= 1;
            match &elided[i].what {
                ElidedKind::Call(c) => self.annotate_code(err, &c.lambda, c.ip, c.call, c.site),
                ElidedKind::Repeat { period, count } => {
                    let p = *period as usize;
                    let pattern = &elided[i - p..i];
                    let calls = |err: &mut Error, notes: &[Elided]| {
                        for e in notes.iter().rev() {
                            if let ElidedKind::Call(c) = &e.what {
                                self.annotate_code(err, &c.lambda, c.ip, c.call, c.site);
                            }
                        }
                    };
                    // The pattern, then `count` more calls going round it: innermost
                    // first, the unfinished round, then whole rounds.
                    calls(err, &pattern[..(*count % p as u64) as usize]);
                    let before = err.trace().len();
                    calls(err, pattern);
                    err.repeat_trace(err.trace().len() - before, *count / p as u64);
                    i -= p;
                }
                ElidedKind::Dropped(n) => {
                    err.add_trace(None, format!("({n} calls in tail position not recorded)"))
                }
            }
        }
    }

    /// Whether `span` is the placeholder for "no position" (see `Evaluator::no_span`).
    fn is_nowhere(&self, span: codemap::Span) -> bool {
        let map = self.host.sources.borrow();
        map.file_of(span.low())
            .is_some_and(|f| f.name() == "«none»")
    }

    /// `file:line:col` of a position recorded in a value.
    pub(crate) fn position_text(&self, pos: codemap::Pos) -> Option<String> {
        crate::render::position_text(&self.host.sources.borrow(), pos)
    }

    // Out of the way of the frame pushes and pops that check for it.
    #[cold]
    #[inline(never)]
    pub(super) fn trace_enter(&self, f: &Frame) {
        let depth = self.frames.len();
        let at = self.position_text(f.site.low()).unwrap_or_default();
        let what = match &f.kind {
            FrameKind::Code { lambda, .. } if f.calls > 0 => format!("call {}", lambda.describe()),
            FrameKind::Code { .. } => "force thunk".to_string(),
            FrameKind::Gen(g) => format!("run {}", g.name),
            FrameKind::Continue => "continue".to_string(),
            FrameKind::Loop(l) => match l.builtin {
                Some(def) => format!("loop of {}", def.name),
                None => "list loop".to_string(),
            },
            FrameKind::Args(a) => format!("arguments of {}", a.def.name),
        };
        let _ = writeln!(
            std::io::stderr().lock(),
            "{:indent$}> {what} at {at}",
            "",
            indent = depth.min(60)
        );
    }

    #[cold]
    #[inline(never)]
    pub(super) fn trace_leave(&self, f: &Frame) {
        let depth = self.frames.len();
        let what = match &f.kind {
            FrameKind::Code { .. } => "code",
            FrameKind::Gen(g) => g.name,
            FrameKind::Continue => "continue",
            FrameKind::Loop(_) => "list loop",
            FrameKind::Args(a) => a.def.name,
        };
        let _ = writeln!(
            std::io::stderr().lock(),
            "{:indent$}< {what}",
            "",
            indent = depth.min(60)
        );
    }
}

/// Notes kept in all, beyond which further tail calls are only counted.
const MAX_ELIDED: usize = 1 << 16;

/// The longest round of tail calls recognised as repeating (`a` calls `b` calls `a` …).
const MAX_PERIOD: usize = 8;

/// A note of what a frame was before a tail call, for the frame at index `frame`.
pub(crate) struct Elided {
    frame: u32,
    what: ElidedKind,
}

enum ElidedKind {
    Call(ElidedCall),
    /// The `period` notes before this one are followed by `count` more calls going round
    /// them again.
    Repeat {
        period: u32,
        count: u64,
    },
    /// Calls beyond the record's capacity.
    Dropped(u64),
}

/// A code frame stopped at its tail call.
struct ElidedCall {
    lambda: Rc<Lambda>,
    /// Just after the tail call.
    ip: u32,
    site: Span,
    /// Whether the frame was a call (not a thunk being forced).
    call: bool,
}

impl ElidedCall {
    fn same(&self, other: &ElidedCall) -> bool {
        Rc::ptr_eq(&self.lambda, &other.lambda)
            && self.ip == other.ip
            && self.site == other.site
            && self.call == other.call
    }
}

/// Adds `call` to the notes of the frame at `frame` (the last ones of `notes`): it goes on a
/// repetition, starts one, or is kept as it is.
fn record(notes: &mut Vec<Elided>, frame: u32, call: ElidedCall) {
    let n = notes.len();
    if let Some(last) = notes.last()
        && last.frame == frame
    {
        match last.what {
            ElidedKind::Repeat { period, count } => {
                let expected = n - 1 - period as usize + (count % period as u64) as usize;
                if let ElidedKind::Call(c) = &notes[expected].what
                    && c.same(&call)
                    && let Some(Elided {
                        what: ElidedKind::Repeat { count, .. },
                        ..
                    }) = notes.last_mut()
                {
                    *count += 1;
                    return;
                }
            }
            ElidedKind::Dropped(_) => {
                if let Some(Elided {
                    what: ElidedKind::Dropped(k),
                    ..
                }) = notes.last_mut()
                {
                    *k += 1;
                }
                return;
            }
            ElidedKind::Call(_) => {}
        }
    }
    if n >= MAX_ELIDED {
        notes.push(Elided {
            frame,
            what: ElidedKind::Dropped(1),
        });
        return;
    }
    for p in 1..=MAX_PERIOD.min(n) {
        let e = &notes[n - p];
        let ElidedKind::Call(c) = &e.what else { break };
        if e.frame != frame {
            break;
        }
        if c.same(&call) {
            notes.push(Elided {
                frame,
                what: ElidedKind::Repeat {
                    period: p as u32,
                    count: 1,
                },
            });
            return;
        }
    }
    notes.push(Elided {
        frame,
        what: ElidedKind::Call(call),
    });
}
