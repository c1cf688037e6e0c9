//! Printing values as current `nix repl` prints them (Nix's `printValue` with the REPL's
//! options): forcing what it shows, to a depth (1 for an expression, unlimited for `:p`),
//! sets with more than one attribute and lists with more than one item one per line,
//! `«repeated»` for a set or list met before, `«error: …»` for a nested value that fails,
//! `«derivation …»` for derivations, and colours when asked for.
//!
//! The walk keeps its own stack of tasks, so a deep value never recurses on the Rust stack;
//! forcing goes through the evaluator, whose VM does not recurse either.

use nixvm::{Error, ErrorKind, Evaluator, NixList, Value};
use nixvm_value::fmt::{escape_string_into, format_float, is_var_name};
use rustc_hash::FxHashSet;

use super::style::{self, Painter};

/// How deep to print, and whether in colour.
pub struct PrintOptions {
    pub max_depth: usize,
    pub colours: bool,
}

/// What is left to do, innermost last.
enum Task {
    Value(Value, usize),
    Text(&'static str),
    /// The attributes of a set from the `next`th on, at `depth`, one per line if `pretty`.
    Attrs {
        attrs: Vec<(String, Value)>,
        next: usize,
        depth: usize,
        pretty: bool,
    },
    /// The items of a list from the `next`th on.
    Items {
        list: NixList,
        next: usize,
        depth: usize,
        pretty: bool,
    },
}

struct Printer<'a> {
    ev: &'a mut Evaluator,
    opts: &'a PrintOptions,
    paint: Painter,
    out: Vec<u8>,
    indent: usize,
    seen: FxHashSet<usize>,
    stack: Vec<Task>,
    max_call_depth: usize,
}

/// Prints `v`. An error forcing the value itself is returned; an error in a value inside it
/// is printed in its place, except running out of stack and being interrupted.
pub fn print_value(ev: &mut Evaluator, v: &Value, opts: &PrintOptions) -> Result<Vec<u8>, Error> {
    let max_call_depth = ev.max_call_depth();
    let mut p = Printer {
        ev,
        opts,
        paint: Painter { on: opts.colours },
        out: Vec::new(),
        indent: 0,
        seen: FxHashSet::default(),
        stack: vec![Task::Value(v.clone(), 0)],
        max_call_depth,
    };
    p.run()?;
    Ok(p.out)
}

/// Errors that stop printing altogether rather than being shown in place.
fn is_fatal(e: &Error) -> bool {
    matches!(e.kind(), ErrorKind::StackOverflow) || super::interrupt::is_interrupt(e)
}

/// The identity a set is recognised by when met again. Every empty set is the same one, as
/// in Nix, where all of them share one empty array of attributes.
fn attrs_identity(a: &nixvm::NixAttrs) -> usize {
    if a.is_empty() { 0 } else { a.identity() }
}

impl Printer<'_> {
    fn run(&mut self) -> Result<(), Error> {
        while let Some(task) = self.stack.pop() {
            match task {
                Task::Text(t) => self.out.extend_from_slice(t.as_bytes()),
                Task::Attrs {
                    attrs,
                    next,
                    depth,
                    pretty,
                } => self.attrs_from(attrs, next, depth, pretty),
                Task::Items {
                    list,
                    next,
                    depth,
                    pretty,
                } => self.items_from(list, next, depth, pretty),
                Task::Value(v, depth) => {
                    // Where this value's text starts: an error replaces what it printed.
                    let mark = self.stack.len();
                    if let Err(e) = self.value(v, depth) {
                        if depth == 0 || is_fatal(&e) {
                            return Err(e);
                        }
                        self.stack.truncate(mark);
                        let msg = e.message();
                        let text = format!("«error: {msg}»");
                        self.paint.paint(&mut self.out, style::RED, text.as_bytes());
                    }
                }
            }
        }
        Ok(())
    }

    fn space(&mut self, pretty: bool) {
        if pretty {
            self.out.push(b'\n');
            self.out.extend(std::iter::repeat_n(b' ', self.indent));
        } else {
            self.out.push(b' ');
        }
    }

    /// Prints one value, or pushes the tasks that print it.
    fn value(&mut self, v: Value, depth: usize) -> Result<(), Error> {
        if depth > self.max_call_depth {
            return Err(self
                .ev
                .error(nixvm::RawError::new(ErrorKind::StackOverflow)));
        }
        // A list is recognised by the cell holding it, as Nix recognises it by its value.
        let cell = match &v {
            Value::Thunk(t) => Some(t.identity()),
            other => other.identity(),
        };
        let v = self.ev.force(&v)?.into_value();
        let paint = Painter { on: self.paint.on };
        let out = &mut self.out;
        match &v {
            Value::Null => paint.paint(out, style::CYAN, b"null"),
            Value::Bool(b) => paint.paint(out, style::CYAN, if *b { b"true" } else { b"false" }),
            Value::Int(i) => paint.paint(out, style::CYAN, i.to_string().as_bytes()),
            Value::Float(f) => paint.paint(out, style::CYAN, format_float(*f).as_bytes()),
            Value::String(s) => {
                let mut text = Vec::new();
                escape_string_into(&mut text, s.as_bytes(), usize::MAX);
                paint.paint(out, style::MAGENTA, &text);
            }
            Value::Path(p) => paint.paint(out, style::GREEN, p.as_os_str().as_encoded_bytes()),
            Value::Closure(c) => {
                let mut text = String::from("«lambda");
                if let Some(n) = c.lambda.name {
                    text.push(' ');
                    text.push_str(&n.to_str_lossy());
                }
                text.push_str(" @ ");
                text.push_str(&c.lambda.location);
                text.push('»');
                paint.paint(out, style::BLUE, text.as_bytes());
            }
            Value::Builtin(b) => paint.paint(out, style::BLUE, b.shown().as_bytes()),
            Value::PartialApp(p) => paint.paint(
                out,
                style::BLUE,
                format!("«partially applied primop {}»", p.def.name).as_bytes(),
            ),
            Value::Thunk(t) if t.is_blackholed() => {
                paint.paint(out, style::RED, "«potential infinite recursion»".as_bytes())
            }
            Value::Thunk(_) => paint.paint(out, style::MAGENTA, "«thunk»".as_bytes()),
            Value::Attrs(a) => {
                if !self.seen.insert(attrs_identity(a)) {
                    return self.repeated();
                }
                if let Some(path) = self.derivation_path(a)? {
                    let text = match path {
                        Some(p) => format!("«derivation {p}»"),
                        None => "«derivation»".to_string(),
                    };
                    self.paint
                        .paint(&mut self.out, style::GREEN, text.as_bytes());
                } else if depth < self.opts.max_depth {
                    self.indent += 2;
                    self.out.push(b'{');
                    let mut attrs: Vec<(String, Value)> = a
                        .iter()
                        .map(|at| (at.name.to_str_lossy().into_owned(), at.value.clone()))
                        .collect();
                    attrs.sort_by(|x, y| x.0.as_bytes().cmp(y.0.as_bytes()));
                    let pretty = self.pretty(attrs.iter().map(|x| &x.1))?;
                    self.stack.push(Task::Attrs {
                        attrs,
                        next: 0,
                        depth,
                        pretty,
                    });
                } else {
                    self.out.extend_from_slice(b"{ ... }");
                }
            }
            Value::List(l) => {
                if !l.is_empty() && !self.seen.insert(cell.unwrap_or(0)) {
                    return self.repeated();
                }
                if depth < self.opts.max_depth {
                    self.indent += 2;
                    self.out.push(b'[');
                    let pretty = self.pretty(l.iter())?;
                    self.stack.push(Task::Items {
                        list: l.clone(),
                        next: 0,
                        depth,
                        pretty,
                    });
                } else {
                    self.out.extend_from_slice(b"[ ... ]");
                }
            }
        }
        Ok(())
    }

    fn repeated(&mut self) -> Result<(), Error> {
        self.paint
            .paint(&mut self.out, style::MAGENTA, "«repeated»".as_bytes());
        Ok(())
    }

    /// Whether a set or list goes one item per line: when it has more than one, or one
    /// that is a set or a list (forced to find out, as it is printed next anyway).
    fn pretty<'v>(
        &mut self,
        mut items: impl ExactSizeIterator<Item = &'v Value>,
    ) -> Result<bool, Error> {
        match items.len() {
            0 => Ok(false),
            1 => {
                let item = items.next().expect("one item");
                let v = self.ev.force(item)?.into_value();
                Ok(matches!(v, Value::Attrs(_) | Value::List(_)))
            }
            _ => Ok(true),
        }
    }

    /// For a derivation (a set whose `type` is `"derivation"`), its `drvPath` if it has
    /// one; `None` for any other set.
    fn derivation_path(&mut self, a: &nixvm::NixAttrs) -> Result<Option<Option<String>>, Error> {
        let Some(ty) = a.get(nixvm::Symbol::new("type")) else {
            return Ok(None);
        };
        let ty = self.ev.force(ty)?.into_value();
        if !matches!(&ty, Value::String(s) if s.as_bytes() == b"derivation") {
            return Ok(None);
        }
        let Some(drv) = a.get(nixvm::Symbol::new("drvPath")) else {
            return Ok(Some(None));
        };
        let path = self.ev.to_string_raw(drv)?;
        Ok(Some(Some(String::from_utf8_lossy(&path).into_owned())))
    }

    fn attrs_from(&mut self, attrs: Vec<(String, Value)>, next: usize, depth: usize, pretty: bool) {
        let Some((name, value)) = attrs.get(next).cloned() else {
            self.indent -= 2;
            self.space(pretty);
            self.out.push(b'}');
            return;
        };
        self.space(pretty);
        if is_var_name(name.as_bytes()) {
            self.out.extend_from_slice(name.as_bytes());
        } else {
            escape_string_into(&mut self.out, name.as_bytes(), usize::MAX);
        }
        self.out.extend_from_slice(b" = ");
        self.stack.push(Task::Attrs {
            attrs,
            next: next + 1,
            depth,
            pretty,
        });
        self.stack.push(Task::Text(";"));
        self.stack.push(Task::Value(value, depth + 1));
    }

    fn items_from(&mut self, list: NixList, next: usize, depth: usize, pretty: bool) {
        let Some(item) = list.get(next).cloned() else {
            self.indent -= 2;
            self.space(pretty);
            self.out.push(b']');
            return;
        };
        self.space(pretty);
        self.stack.push(Task::Items {
            list,
            next: next + 1,
            depth,
            pretty,
        });
        self.stack.push(Task::Value(item, depth + 1));
    }
}
