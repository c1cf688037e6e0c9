//! Turning parsed documents into Nix values: a [`Data`] tree (from `fromTOML`), or JSON
//! directly as the parser reads it ([`ValueBuilder`], for `fromJSON`).
//!
//! The walk keeps its own work list, so a document nested a hundred thousand levels deep
//! converts without deepening the Rust stack, and it consumes the tree as it goes.

use nixvm_value::memory::Growth;
use nixvm_value::{Attr, Error, NixAttrs, NixList, NixString, Symbol, Value};

use nixvm_formats::data::{Data, null_byte_message};
use nixvm_formats::json::Builder;

/// Builds Nix values straight from the JSON parser, with no tree in between. What it
/// builds counts against the memory ceiling: once that is reached it builds nothing more
/// (the parser still reads to the end, in time linear in the text) and [`ValueBuilder::
/// finish`] gives the error.
#[derive(Default)]
pub struct ValueBuilder {
    growth: Growth,
    failed: Option<Error>,
}

impl ValueBuilder {
    pub fn new() -> ValueBuilder {
        ValueBuilder::default()
    }

    /// Counts `bytes` more; false once the ceiling is reached.
    fn room(&mut self, bytes: usize) -> bool {
        if self.failed.is_none()
            && let Err(e) = self.growth.add(bytes)
        {
            self.failed = Some(e);
        }
        self.failed.is_none()
    }

    /// The document's value, or the error that it does not fit in memory.
    pub fn finish(self, v: Value) -> Result<Value, Error> {
        match self.failed {
            Some(e) => Err(e),
            None => Ok(v),
        }
    }
}

/// What a string, a list, a set and an attribute take besides their contents (estimates
/// for the memory ceiling).
const STRING_BYTES: usize = 48;
const LIST_BYTES: usize = 48;
const ATTRS_BYTES: usize = 48;
const ATTR_BYTES: usize = std::mem::size_of::<Attr>();

/// A set from members in document order; of duplicate names the last one wins, as in Nix.
fn set_last_wins(members: Vec<(Symbol, Value)>) -> Value {
    // Reversed, so that "first wins" keeps the last of duplicate names.
    let attrs = members
        .into_iter()
        .rev()
        .map(|(k, v)| Attr::new(k, v))
        .collect();
    Value::Attrs(NixAttrs::from_unsorted_first_wins(attrs))
}

impl Builder for ValueBuilder {
    type Value = Value;
    type Key = Symbol;
    fn null(&mut self) -> Value {
        Value::Null
    }
    fn bool(&mut self, b: bool) -> Value {
        Value::Bool(b)
    }
    fn int(&mut self, i: i64) -> Value {
        Value::Int(i)
    }
    fn float(&mut self, f: f64) -> Value {
        Value::Float(f)
    }
    fn string(&mut self, s: &[u8]) -> Value {
        if !self.room(STRING_BYTES + s.len()) {
            return Value::Null;
        }
        Value::String(NixString::new(s))
    }
    fn key(&mut self, k: &[u8]) -> Symbol {
        if !self.room(STRING_BYTES + k.len()) {
            return Symbol::new("");
        }
        Symbol::intern(k)
    }
    fn list(&mut self, items: Vec<Value>) -> Value {
        if !self.room(LIST_BYTES + items.len() * std::mem::size_of::<Value>()) {
            return Value::Null;
        }
        Value::List(NixList::new(items))
    }
    fn object(&mut self, members: Vec<(Symbol, Value)>) -> Value {
        if !self.room(ATTRS_BYTES + members.len() * ATTR_BYTES) {
            return Value::Null;
        }
        set_last_wins(members)
    }
}

/// Why a document cannot become a Nix value.
#[derive(Debug)]
pub enum ConvertError {
    /// A key or string holding a NUL byte; the message is Nix's.
    NulByte(String),
    /// A TOML date or time while timestamps are not enabled.
    Timestamp,
    /// The values do not fit in memory.
    Memory(Error),
}

/// What the conversion checks, beyond building values.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Reject keys and strings with NUL bytes (the JSON parser has done so already).
    pub check_nul: bool,
    /// Turn timestamps into `{ _type = "timestamp"; value = …; }` instead of failing.
    pub timestamps: bool,
}

enum Task {
    Visit(Data),
    List(usize),
    /// An object's keys; its values are the last `keys.len()` converted values.
    Object(Vec<Vec<u8>>),
}

fn check(s: &[u8], opts: Options) -> Result<(), ConvertError> {
    if opts.check_nul && s.contains(&0) {
        return Err(ConvertError::NulByte(null_byte_message(s)));
    }
    Ok(())
}

fn timestamp(text: String) -> Value {
    Value::Attrs(NixAttrs::from_unsorted_first_wins(vec![
        Attr::new(Symbol::new("_type"), Value::string("timestamp")),
        Attr::new(Symbol::new("value"), Value::String(text.into())),
    ]))
}

/// Converts a document, in document order; of duplicate keys the last one wins, as in Nix.
pub fn data_to_value(d: Data, opts: Options) -> Result<Value, ConvertError> {
    let mut tasks = vec![Task::Visit(d)];
    let mut out: Vec<Value> = Vec::new();
    let mut growth = Growth::new();
    let mut room = |bytes: usize| growth.add(bytes).map_err(ConvertError::Memory);
    while let Some(task) = tasks.pop() {
        match task {
            Task::Visit(mut d) => match &mut d {
                Data::Null => out.push(Value::Null),
                Data::Bool(b) => out.push(Value::Bool(*b)),
                Data::Int(i) => out.push(Value::Int(*i)),
                Data::Float(f) => out.push(Value::Float(*f)),
                Data::String(s) => {
                    check(s, opts)?;
                    room(STRING_BYTES + s.len())?;
                    out.push(Value::String(NixString::from_vec(std::mem::take(s))));
                }
                Data::Timestamp { text, .. } => {
                    if !opts.timestamps {
                        return Err(ConvertError::Timestamp);
                    }
                    out.push(timestamp(std::mem::take(text)));
                }
                Data::List(items) => {
                    let items = std::mem::take(items);
                    tasks.push(Task::List(items.len()));
                    tasks.extend(items.into_iter().rev().map(Task::Visit));
                }
                Data::Object(entries) => {
                    let entries = std::mem::take(entries);
                    let mut keys = Vec::with_capacity(entries.len());
                    let mut values = Vec::with_capacity(entries.len());
                    for (k, v) in entries {
                        check(&k, opts)?;
                        keys.push(k);
                        values.push(Task::Visit(v));
                    }
                    tasks.push(Task::Object(keys));
                    tasks.extend(values.into_iter().rev());
                }
            },
            Task::List(n) => {
                room(LIST_BYTES + n * std::mem::size_of::<Value>())?;
                let items = out.split_off(out.len() - n);
                out.push(Value::List(NixList::new(items)));
            }
            Task::Object(keys) => {
                room(ATTRS_BYTES + keys.len() * ATTR_BYTES)?;
                let values = out.split_off(out.len() - keys.len());
                let members = keys
                    .into_iter()
                    .map(|k| Symbol::intern(&k))
                    .zip(values)
                    .collect();
                out.push(set_last_wins(members));
            }
        }
    }
    Ok(out.pop().unwrap_or(Value::Null))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Options = Options {
        check_nul: true,
        timestamps: false,
    };

    fn int(v: Option<&Value>) -> Option<i64> {
        match v {
            Some(Value::Int(i)) => Some(*i),
            _ => None,
        }
    }

    #[test]
    fn last_duplicate_key_wins() {
        let d = Data::Object(vec![
            (b"a".to_vec(), Data::Int(1)),
            (b"b".to_vec(), Data::Int(2)),
            (b"a".to_vec(), Data::Int(3)),
        ]);
        let Value::Attrs(a) = data_to_value(d, PLAIN).unwrap() else {
            panic!("a set")
        };
        assert_eq!(a.len(), 2);
        assert_eq!(int(a.get(Symbol::new("a"))), Some(3));
        assert_eq!(int(a.get(Symbol::new("b"))), Some(2));
    }

    #[test]
    fn nul_bytes_and_timestamps_are_checked() {
        let d = Data::List(vec![Data::String(b"a\0b".to_vec())]);
        assert!(matches!(
            data_to_value(d, PLAIN).unwrap_err(),
            ConvertError::NulByte(m) if m == "input string 'a\u{2400}b' cannot be represented as Nix string because it contains null bytes"
        ));
        let ts = || Data::Timestamp {
            kind: nixvm_formats::data::TimestampKind::LocalDate,
            text: "1979-05-27".into(),
        };
        assert!(matches!(
            data_to_value(ts(), PLAIN).unwrap_err(),
            ConvertError::Timestamp
        ));
        let opts = Options {
            check_nul: true,
            timestamps: true,
        };
        let Value::Attrs(a) = data_to_value(ts(), opts).unwrap() else {
            panic!("a set")
        };
        assert_eq!(a.len(), 2);
    }

    #[test]
    fn deep_documents_convert_on_a_small_stack() {
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| {
                let mut d = Data::Null;
                for _ in 0..200_000 {
                    d = Data::List(vec![d]);
                }
                let v = data_to_value(d, PLAIN).unwrap();
                drop(v);
            })
            .unwrap()
            .join()
            .unwrap();
    }
}
