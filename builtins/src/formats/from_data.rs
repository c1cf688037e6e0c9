//! Turning parsed documents into Nix values: a [`Data`] tree (from `fromTOML`), or JSON
//! directly as the parser reads it ([`ValueBuilder`], for `fromJSON`).
//!
//! The walk keeps its own work list, so a document nested a hundred thousand levels deep
//! converts without deepening the Rust stack, and it consumes the tree as it goes.

use nixvm_value::{Attr, NixAttrs, NixList, NixString, Symbol, Value};

use nixvm_formats::data::{Data, null_byte_message};
use nixvm_formats::json::Builder;

/// Builds Nix values straight from the JSON parser, with no tree in between.
pub struct ValueBuilder;

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
        Value::String(NixString::new(s))
    }
    fn key(&mut self, k: &[u8]) -> Symbol {
        Symbol::intern(k)
    }
    fn list(&mut self, items: Vec<Value>) -> Value {
        Value::List(NixList::new(items))
    }
    fn object(&mut self, members: Vec<(Symbol, Value)>) -> Value {
        set_last_wins(members)
    }
}

/// Why a document cannot become a Nix value.
#[derive(Debug, PartialEq, Eq)]
pub enum ConvertError {
    /// A key or string holding a NUL byte; the message is Nix's.
    NulByte(String),
    /// A TOML date or time while timestamps are not enabled.
    Timestamp,
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
    while let Some(task) = tasks.pop() {
        match task {
            Task::Visit(mut d) => match &mut d {
                Data::Null => out.push(Value::Null),
                Data::Bool(b) => out.push(Value::Bool(*b)),
                Data::Int(i) => out.push(Value::Int(*i)),
                Data::Float(f) => out.push(Value::Float(*f)),
                Data::String(s) => {
                    check(s, opts)?;
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
                let items = out.split_off(out.len() - n);
                out.push(Value::List(NixList::new(items)));
            }
            Task::Object(keys) => {
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
        assert_eq!(
            data_to_value(d, PLAIN).unwrap_err(),
            ConvertError::NulByte(
                "input string 'a\u{2400}b' cannot be represented as Nix string because it contains null bytes".into()
            )
        );
        let ts = || Data::Timestamp {
            kind: nixvm_formats::data::TimestampKind::LocalDate,
            text: "1979-05-27".into(),
        };
        assert_eq!(
            data_to_value(ts(), PLAIN).unwrap_err(),
            ConvertError::Timestamp
        );
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
