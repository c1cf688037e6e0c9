//! Printing values the two ways Nix does, without forcing anything and without recursion.
//!
//! * [`PrintStyle::Ambiguous`] is what `nix-instantiate --eval` prints: `<LAMBDA>`,
//!   `<PRIMOP>`, `<CODE>` for unevaluated thunks, attribute names unquoted.
//! * [`PrintStyle::Error`] is how current Nix shows a value inside an error message:
//!   `«lambda f @ file:1:2»`, `«thunk»`, names quoted when needed, and limits on depth, on
//!   the number of attributes and items, and on string length, with «… elided» markers.
//!
//! Both mark a list or set seen before (by identity) as `«repeated»`, which also stops
//! cycles. Walking uses an explicit work stack, so a 100,000-deep value prints fine.

use rustc_hash::FxHashSet;

use crate::fmt::{escape_string_into, format_float, print_attr_name_into};
use crate::list::NixList;
use crate::symbol::Symbol;
use crate::value::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrintStyle {
    Ambiguous,
    Error,
}

#[derive(Clone, Copy, Debug)]
pub struct PrintOptions {
    pub style: PrintStyle,
    pub max_depth: usize,
    pub max_attrs: usize,
    pub max_items: usize,
    pub max_string: usize,
}

impl PrintOptions {
    /// What `nix-instantiate --eval` uses.
    pub const AMBIGUOUS: PrintOptions = PrintOptions {
        style: PrintStyle::Ambiguous,
        max_depth: usize::MAX,
        max_attrs: usize::MAX,
        max_items: usize::MAX,
        max_string: usize::MAX,
    };

    /// What error messages use.
    pub const ERROR: PrintOptions = PrintOptions {
        style: PrintStyle::Error,
        max_depth: 10,
        max_attrs: 10,
        max_items: 10,
        max_string: 1024,
    };

    /// Unlimited, in the style of error messages (for `trace` and the REPL).
    pub const FULL: PrintOptions = PrintOptions {
        style: PrintStyle::Error,
        max_depth: usize::MAX,
        max_attrs: usize::MAX,
        max_items: usize::MAX,
        max_string: usize::MAX,
    };
}

enum Task<'a> {
    Value(Value, usize),
    Text(&'a str),
    /// The attributes of a set from the `next`th on. Nix decides whether to elide an
    /// attribute when it comes to it, after the ones before have been printed whole, since
    /// the limits count everything printed so far, nested values included.
    Attrs(Vec<(Symbol, Value)>, usize, usize),
    /// The items of a list from the `next`th on (see `Attrs`).
    Items(NixList, usize, usize),
    /// One more attribute printed (counted after its value, as Nix counts).
    AttrDone,
    /// One more list item printed.
    ItemDone,
}

fn pluralize(n: usize, single: &str, plural: &str) -> String {
    if n == 1 {
        format!("«{n} {single} elided»")
    } else {
        format!("«{n} {plural} elided»")
    }
}

fn is_important(name: &[u8]) -> bool {
    name == b"type" || name == b"_type"
}

/// Prints `v` into a string.
pub fn print_value(v: &Value, opts: &PrintOptions) -> String {
    let mut out = Vec::new();
    print_value_into(&mut out, v, opts);
    String::from_utf8_lossy(&out).into_owned()
}

/// Prints `v` as bytes (strings in Nix may not be valid UTF-8).
pub fn print_value_into(out: &mut Vec<u8>, v: &Value, opts: &PrintOptions) {
    let ambiguous = opts.style == PrintStyle::Ambiguous;
    let mut seen: FxHashSet<usize> = FxHashSet::default();
    let mut attrs_printed = 0usize;
    let mut items_printed = 0usize;
    let mut stack: Vec<Task> = vec![Task::Value(v.clone(), 0)];

    while let Some(task) = stack.pop() {
        let (value, depth) = match task {
            Task::Text(t) => {
                out.extend_from_slice(t.as_bytes());
                continue;
            }
            Task::AttrDone => {
                attrs_printed += 1;
                continue;
            }
            Task::ItemDone => {
                items_printed += 1;
                continue;
            }
            Task::Attrs(sorted, i, depth) => {
                let Some((name, value)) = sorted.get(i).cloned() else {
                    out.extend_from_slice(b" }");
                    continue;
                };
                if attrs_printed >= opts.max_attrs {
                    let elided = pluralize(sorted.len() - i, "attribute", "attributes");
                    out.extend_from_slice(format!(" {elided} }}").as_bytes());
                    continue;
                }
                out.push(b' ');
                print_attr_name_into(out, name.as_bytes());
                out.extend_from_slice(b" = ");
                stack.push(Task::Attrs(sorted, i + 1, depth));
                stack.push(Task::AttrDone);
                stack.push(Task::Text(";"));
                stack.push(Task::Value(value, depth + 1));
                continue;
            }
            Task::Items(list, i, depth) => {
                let Some(item) = list.get(i).cloned() else {
                    out.extend_from_slice(b" ]");
                    continue;
                };
                if items_printed >= opts.max_items {
                    let elided = pluralize(list.len() - i, "item", "items");
                    out.extend_from_slice(format!(" {elided} ]").as_bytes());
                    continue;
                }
                out.push(b' ');
                stack.push(Task::Items(list, i + 1, depth));
                stack.push(Task::ItemDone);
                stack.push(Task::Value(item, depth + 1));
                continue;
            }
            Task::Value(v, d) => (v, d),
        };
        // A list is identified by the cell holding it (the thunk, if it came through
        // one), as CppNix identifies it by its `Value`; a set by its bindings.
        let list_identity = match &value {
            Value::Thunk(t) => Some(t.identity()),
            v => v.identity(),
        };
        let value = value.shallow();
        match &value {
            Value::Null => out.extend_from_slice(b"null"),
            Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Value::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
            Value::Float(f) => out.extend_from_slice(format_float(*f).as_bytes()),
            Value::String(s) => escape_string_into(out, s.as_bytes(), opts.max_string),
            Value::Path(p) => out.extend_from_slice(p.as_os_str().as_encoded_bytes()),
            Value::Attrs(a) => {
                if !a.is_empty() && !seen.insert(a.identity()) {
                    out.extend_from_slice("«repeated»".as_bytes());
                    continue;
                }
                if depth >= opts.max_depth {
                    out.extend_from_slice(b"{ ... }");
                    continue;
                }
                let mut sorted = a.sorted();
                if opts.max_attrs != usize::MAX {
                    // With a limit, `type` and `_type` come first: they say what a set is.
                    sorted.sort_by_key(|attr| !is_important(attr.name.as_bytes()));
                }
                out.extend_from_slice(b"{");
                let sorted = sorted.iter().map(|a| (a.name, a.value.clone())).collect();
                stack.push(Task::Attrs(sorted, 0, depth));
            }
            Value::List(l) => {
                if !l.is_empty() && !seen.insert(list_identity.unwrap_or(0)) {
                    out.extend_from_slice("«repeated»".as_bytes());
                    continue;
                }
                if depth >= opts.max_depth {
                    out.extend_from_slice(b"[ ... ]");
                    continue;
                }
                out.extend_from_slice(b"[");
                stack.push(Task::Items(l.clone(), 0, depth));
            }
            Value::Closure(c) => {
                if ambiguous {
                    out.extend_from_slice(b"<LAMBDA>");
                } else {
                    out.extend_from_slice("«lambda".as_bytes());
                    if let Some(n) = c.lambda.name {
                        out.push(b' ');
                        print_attr_name_into(out, n.as_bytes());
                    }
                    out.extend_from_slice(b" @ ");
                    out.extend_from_slice(c.lambda.location.as_bytes());
                    out.extend_from_slice("»".as_bytes());
                }
            }
            Value::Builtin(b) => {
                if !ambiguous {
                    out.extend_from_slice(b.shown().as_bytes());
                } else if b.lambda.is_some() {
                    out.extend_from_slice(b"<LAMBDA>");
                } else {
                    out.extend_from_slice(b"<PRIMOP>");
                }
            }
            Value::PartialApp(p) => {
                if ambiguous {
                    out.extend_from_slice(b"<PRIMOP-APP>");
                } else {
                    out.extend_from_slice(
                        format!("«partially applied primop {}»", p.def.name).as_bytes(),
                    );
                }
            }
            Value::Thunk(t) => {
                let text = if t.is_blackholed() {
                    "«potential infinite recursion»"
                } else if ambiguous {
                    "<CODE>"
                } else {
                    "«thunk»"
                };
                out.extend_from_slice(text.as_bytes());
            }
        }
    }
}
