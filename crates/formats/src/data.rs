//! The neutral value tree that the JSON and TOML parsers produce and the
//! JSON writer consumes.
//!
//! The evaluator converts between this tree and its own values; these
//! modules never see the evaluator's value type.  Every operation on the
//! tree that visits children (drop, clone, equality, debug formatting and
//! the queries below) uses an explicit stack, because documents nested a
//! hundred thousand levels deep are legal input and must not overflow the
//! native stack.

use std::fmt;

/// Which of TOML's four date/time types a [`Data::Timestamp`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimestampKind {
    /// `1979-05-27T07:32:00Z`, `1979-05-27T00:32:00-07:00`
    OffsetDateTime,
    /// `1979-05-27T07:32:00`
    LocalDateTime,
    /// `1979-05-27`
    LocalDate,
    /// `07:32:00`
    LocalTime,
}

/// A parsed document.
///
/// Strings are byte vectors because Nix strings are byte strings.  Objects
/// keep their members in source order and keep duplicate keys: Nix's
/// `fromJSON` lets the *last* duplicate win, but that is the caller's
/// decision (TOML rejects duplicates while parsing, so TOML objects never
/// have any).
///
/// `Data` implements `Drop`, so its fields cannot be moved out by a
/// pattern; consume a tree through `&mut` and `std::mem::take` (which
/// is also how a converter avoids recursion: take the children, push them
/// on its own stack).
pub enum Data {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(Vec<u8>),
    List(Vec<Data>),
    Object(Vec<(Vec<u8>, Data)>),
    /// TOML only: a date/time, kept as normalised text (see the `toml`
    /// module for the exact form) plus its kind.  Nix turns it into
    /// `{ _type = "timestamp"; value = text; }` when the experimental
    /// feature `parse-toml-timestamps` is on, and otherwise fails with
    /// `toml::TIMESTAMPS_UNSUPPORTED`.
    Timestamp {
        kind: TimestampKind,
        text: String,
    },
}

impl Data {
    /// Whether this value has children that themselves have children;
    /// if not, the compiler's field-by-field drop is shallow and cheap.
    fn has_grandchildren(&self) -> bool {
        match self {
            Data::List(items) => items.iter().any(Data::has_children),
            Data::Object(entries) => entries.iter().any(|(_, v)| v.has_children()),
            _ => false,
        }
    }

    fn has_children(&self) -> bool {
        match self {
            Data::List(items) => !items.is_empty(),
            Data::Object(entries) => !entries.is_empty(),
            _ => false,
        }
    }

    /// Moves this value's children (if any) onto `stack`, leaving it empty.
    fn move_children_to(&mut self, stack: &mut Vec<Data>) {
        match self {
            Data::List(items) => stack.append(items),
            Data::Object(entries) => {
                stack.extend(std::mem::take(entries).into_iter().map(|(_, v)| v));
            }
            _ => {}
        }
    }

    /// Whether a [`Data::Timestamp`] occurs anywhere in this value.  Nix
    /// without `parse-toml-timestamps` rejects such documents only after a
    /// successful parse, so syntax errors take precedence; the caller can
    /// reproduce that ordering with this check.
    pub fn has_timestamp(&self) -> bool {
        let mut stack = vec![self];
        while let Some(d) = stack.pop() {
            match d {
                Data::Timestamp { .. } => return true,
                Data::List(items) => stack.extend(items.iter()),
                Data::Object(entries) => stack.extend(entries.iter().map(|(_, v)| v)),
                _ => {}
            }
        }
        false
    }
}

/// Nix's message for a string with a NUL byte, which its strings cannot hold: `fromJSON`
/// and `fromTOML` reject such keys and values ("a␀b" shows where the NUL was).
pub fn null_byte_message(s: &[u8]) -> String {
    let shown = String::from_utf8_lossy(s).replace('\0', "\u{2400}");
    format!(
        "input string '{shown}' cannot be represented as Nix string because it contains null bytes"
    )
}

impl Drop for Data {
    fn drop(&mut self) {
        // The derived drop would recurse once per nesting level.  Instead,
        // detach all descendants onto a heap stack; each popped value has
        // its children detached before it is dropped, so its own `drop`
        // call sees no grandchildren and returns at once.
        if !self.has_grandchildren() {
            return;
        }
        let mut stack = Vec::new();
        self.move_children_to(&mut stack);
        while let Some(mut d) = stack.pop() {
            d.move_children_to(&mut stack);
        }
    }
}

impl Clone for Data {
    fn clone(&self) -> Self {
        enum Task<'a> {
            Visit(&'a Data),
            FinishList(usize),
            FinishObject(&'a [(Vec<u8>, Data)]),
        }
        let mut tasks = vec![Task::Visit(self)];
        let mut out: Vec<Data> = Vec::new();
        while let Some(task) = tasks.pop() {
            match task {
                Task::Visit(d) => match d {
                    Data::List(items) => {
                        tasks.push(Task::FinishList(items.len()));
                        tasks.extend(items.iter().rev().map(Task::Visit));
                    }
                    Data::Object(entries) => {
                        tasks.push(Task::FinishObject(entries));
                        tasks.extend(entries.iter().rev().map(|(_, v)| Task::Visit(v)));
                    }
                    Data::Null => out.push(Data::Null),
                    Data::Bool(b) => out.push(Data::Bool(*b)),
                    Data::Int(i) => out.push(Data::Int(*i)),
                    Data::Float(f) => out.push(Data::Float(*f)),
                    Data::String(s) => out.push(Data::String(s.clone())),
                    Data::Timestamp { kind, text } => out.push(Data::Timestamp {
                        kind: *kind,
                        text: text.clone(),
                    }),
                },
                Task::FinishList(n) => {
                    let items = out.split_off(out.len() - n);
                    out.push(Data::List(items));
                }
                Task::FinishObject(entries) => {
                    let values = out.split_off(out.len() - entries.len());
                    let object = entries.iter().map(|(k, _)| k.clone()).zip(values).collect();
                    out.push(Data::Object(object));
                }
            }
        }
        out.pop().unwrap_or(Data::Null)
    }
}

/// Structural identity: floats compare by bit pattern, so `NaN == NaN`
/// (same payload and sign) and `0.0 != -0.0`.  That is what tests of a
/// parser want: `-0.0` and `-nan` are distinct results worth checking.
impl PartialEq for Data {
    fn eq(&self, other: &Self) -> bool {
        let mut stack = vec![(self, other)];
        while let Some(pair) = stack.pop() {
            match pair {
                (Data::Null, Data::Null) => {}
                (Data::Bool(a), Data::Bool(b)) if a == b => {}
                (Data::Int(a), Data::Int(b)) if a == b => {}
                (Data::Float(a), Data::Float(b)) if a.to_bits() == b.to_bits() => {}
                (Data::String(a), Data::String(b)) if a == b => {}
                (Data::List(a), Data::List(b)) if a.len() == b.len() => {
                    stack.extend(a.iter().zip(b.iter()));
                }
                (Data::Object(a), Data::Object(b)) if a.len() == b.len() => {
                    for ((ka, va), (kb, vb)) in a.iter().zip(b.iter()) {
                        if ka != kb {
                            return false;
                        }
                        stack.push((va, vb));
                    }
                }
                (
                    Data::Timestamp { kind: ka, text: ta },
                    Data::Timestamp { kind: kb, text: tb },
                ) if ka == kb && ta == tb => {}
                _ => return false,
            }
        }
        true
    }
}

/// A compact, JSON-like rendering (byte strings shown lossily as UTF-8).
impl fmt::Debug for Data {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        enum Task<'a> {
            Visit(&'a Data),
            Key(&'a [u8]),
            Text(&'static str),
        }
        let mut tasks = vec![Task::Visit(self)];
        while let Some(task) = tasks.pop() {
            match task {
                Task::Text(s) => f.write_str(s)?,
                Task::Key(k) => write!(f, "{:?}: ", String::from_utf8_lossy(k))?,
                Task::Visit(d) => match d {
                    Data::Null => f.write_str("null")?,
                    Data::Bool(b) => write!(f, "{b}")?,
                    Data::Int(i) => write!(f, "{i}")?,
                    Data::Float(x) => write!(f, "{x:?}")?,
                    Data::String(s) => write!(f, "{:?}", String::from_utf8_lossy(s))?,
                    Data::Timestamp { kind, text } => write!(f, "{kind:?}({text:?})")?,
                    Data::List(items) => {
                        f.write_str("[")?;
                        tasks.push(Task::Text("]"));
                        for (i, item) in items.iter().enumerate().rev() {
                            tasks.push(Task::Visit(item));
                            if i > 0 {
                                tasks.push(Task::Text(", "));
                            }
                        }
                    }
                    Data::Object(entries) => {
                        f.write_str("{")?;
                        tasks.push(Task::Text("}"));
                        for (i, (k, v)) in entries.iter().enumerate().rev() {
                            tasks.push(Task::Visit(v));
                            tasks.push(Task::Key(k));
                            if i > 0 {
                                tasks.push(Task::Text(", "));
                            }
                        }
                    }
                },
            }
        }
        Ok(())
    }
}
