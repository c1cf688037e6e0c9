//! Context for errors as they leave frames, and the `--trace-runtime` observer.

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
                if *ip > 0 {
                    for c in lambda.contexts_at(ip - 1) {
                        if !c.coercion_only {
                            err.add_trace(c.span, &*c.message);
                        } else if matches!(err.kind(), ErrorKind::CannotCoerce { .. }) {
                            err.add_trace_innermost(c.span, &*c.message);
                        }
                    }
                }
                if frame.calls == 0 {
                    return;
                }
                // Nix checks the argument of a function with formals before it calls it:
                // those errors only say where the call was, with or without --show-trace.
                // The prologue is forcing the argument (op 0) and binding it (op 1).
                let site = (!self.is_nowhere(frame.site)).then_some(frame.site);
                if lambda.formals().is_some() && *ip <= 2 {
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
        eprintln!("{:indent$}> {what} at {at}", "", indent = depth.min(60));
    }

    pub(super) fn trace_leave(&self, f: &Frame) {
        let depth = self.frames.len();
        let what = match &f.kind {
            FrameKind::Code { .. } => "code",
            FrameKind::Gen(g) => g.name,
            FrameKind::Continue => "continue",
            FrameKind::Loop(_) => "list loop",
            FrameKind::Args(a) => a.def.name,
        };
        eprintln!("{:indent$}< {what}", "", indent = depth.min(60));
    }
}
