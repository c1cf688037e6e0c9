//! Writing a Nix value out with any serde format: `Serialize` for [`Val`], forcing the
//! value as it goes. An error (an evaluation error, a function, a value that contains
//! itself or nests too deep) reaches the format as its own error, with a message saying
//! what and where (`at 'a.b[0]'`).

use std::cell::RefCell;

use serde::ser::{self, SerializeMap, SerializeSeq};

use nixvm_value::{Symbol, Value};

use super::MAX_DEPTH;
use crate::val::Val;

/// The identities of the lists and sets being written, outermost first, with the path to
/// the current value.
#[derive(Default)]
struct Walk {
    ancestors: Vec<usize>,
    path: Vec<String>,
}

impl Walk {
    fn fail<E: ser::Error>(&self, what: &str) -> E {
        let path = self.path.concat();
        let at = if path.is_empty() {
            String::new()
        } else {
            format!(" (at '{}')", path.trim_start_matches('.'))
        };
        E::custom(format!("{what}{at}"))
    }
}

impl ser::Serialize for Val<'_> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let walk = RefCell::new(Walk::default());
        Node {
            val: self,
            walk: &walk,
        }
        .serialize(serializer)
    }
}

/// A value being written, with the walk it is part of.
struct Node<'a, 'e> {
    val: &'a Val<'e>,
    walk: &'a RefCell<Walk>,
}

impl Node<'_, '_> {
    /// Enters a container; the caller leaves it with [`Node::leave`].
    fn enter<E: ser::Error>(&self, id: usize) -> Result<(), E> {
        let mut w = self.walk.borrow_mut();
        if w.ancestors.contains(&id) {
            return Err(w.fail("the value contains itself"));
        }
        if w.ancestors.len() >= MAX_DEPTH {
            return Err(w.fail(&format!(
                "the value is nested more than {MAX_DEPTH} levels deep"
            )));
        }
        w.ancestors.push(id);
        Ok(())
    }

    fn leave(&self) {
        self.walk.borrow_mut().ancestors.pop();
    }

    /// Writes a child, with `step` on the path while it is written.
    fn child<E: ser::Error>(
        &self,
        step: String,
        v: &Val<'_>,
        write: impl FnOnce(&Node<'_, '_>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.walk.borrow_mut().path.push(step);
        write(&Node {
            val: v,
            walk: self.walk,
        })?;
        self.walk.borrow_mut().path.pop();
        Ok(())
    }
}

impl ser::Serialize for Node<'_, '_> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let forced = match self.val.force() {
            Ok(v) => v,
            Err(e) => return Err(self.walk.borrow().fail(&e.message())),
        };
        match forced.raw() {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Int(i) => serializer.serialize_i64(*i),
            Value::Float(f) => serializer.serialize_f64(*f),
            Value::String(s) => match s.as_str() {
                Some(text) => serializer.serialize_str(text),
                None => serializer.serialize_bytes(s.as_bytes()),
            },
            Value::Path(p) => serializer.serialize_str(&p.to_string_lossy()),
            Value::List(l) => {
                self.enter(l.identity())?;
                let mut seq = serializer.serialize_seq(Some(l.len()))?;
                for (i, item) in forced.list().expect("a list").enumerate() {
                    self.child(format!("[{i}]"), &item, |n| seq.serialize_element(n))?;
                }
                self.leave();
                seq.end()
            }
            Value::Attrs(a) => {
                // A derivation or other "path-like" set is written as its path, as
                // `builtins.toJSON` writes it.
                if let Some(out) = a.get(Symbol::new("outPath")) {
                    let out = forced.evaluator().value(out.clone());
                    return Node {
                        val: &out,
                        walk: self.walk,
                    }
                    .serialize(serializer);
                }
                self.enter(a.identity())?;
                let mut map = serializer.serialize_map(Some(a.len()))?;
                for (name, v) in forced.attrs().expect("a set") {
                    map.serialize_key(&name)?;
                    self.child(format!(".{name}"), &v, |n| map.serialize_value(n))?;
                }
                self.leave();
                map.end()
            }
            _ => Err(self
                .walk
                .borrow()
                .fail("a function cannot be written out as data")),
        }
    }
}
