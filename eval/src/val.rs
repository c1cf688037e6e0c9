//! [`Val`]: a value together with the evaluator that computes it, with typed accessors that
//! force it as needed.
//!
//! ```
//! let ev = nixvm::Evaluator::new();
//! let config = ev.eval_expr(r#"{
//!   name = "web";
//!   port = 8000 + 80;
//!   hosts = [ "a" "b" ];
//!   tls = { enable = true; };
//! }"#).unwrap();
//! assert_eq!(config.get("name").unwrap().as_str().unwrap(), "web");
//! assert_eq!(config.get("port").unwrap().as_int().unwrap(), 8080);
//! assert!(config.get("tls").unwrap().get("enable").unwrap().as_bool().unwrap());
//! let hosts: Vec<String> = config
//!     .get("hosts").unwrap()
//!     .list().unwrap()
//!     .map(|h| h.as_str())
//!     .collect::<Result<_, _>>()
//!     .unwrap();
//! assert_eq!(hosts, ["a", "b"]);
//! let names: Vec<String> = config.attrs().unwrap().map(|(name, _)| name).collect();
//! assert_eq!(names, ["hosts", "name", "port", "tls"]);
//! ```
//!
//! A value that is not what the accessor expects is an error of kind
//! [`ErrorKind::TypeMismatch`], with Nix's wording and, for an attribute, the place the
//! attribute was defined.

use std::ops::Deref;
use std::path::PathBuf;

use codemap::Pos;

use nixvm_value::{ErrorKind, NixAttrs, NixList, Symbol, Value, ValueType};

use crate::error::Error;
use crate::evaluator::Evaluator;
use crate::{RawError, output};

/// A Nix value bound to the [`Evaluator`] that computes it.
///
/// Accessors force the value first (`as_int`, `get`, `list`, …), so a `Val` can start out
/// unevaluated, as the attributes of a set do. It dereferences to the plain [`Value`], and
/// converts into one, to be passed back to the evaluator.
#[derive(Clone)]
pub struct Val<'e> {
    ev: &'e Evaluator,
    value: Value,
    /// Where the value was defined (an attribute's position), for errors about it.
    pos: Option<Pos>,
}

impl std::fmt::Debug for Val<'_> {
    /// The value as far as it is evaluated, without forcing anything.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&output::ambiguous(&self.value))
    }
}

impl Deref for Val<'_> {
    type Target = Value;
    fn deref(&self) -> &Value {
        &self.value
    }
}

impl From<Val<'_>> for Value {
    fn from(v: Val<'_>) -> Value {
        v.value
    }
}

impl<'e> Val<'e> {
    pub(crate) fn new(ev: &'e Evaluator, value: Value) -> Val<'e> {
        Val {
            ev,
            value,
            pos: None,
        }
    }

    /// A value inside this one, defined at `pos`.
    pub(crate) fn child(&self, value: Value, pos: Option<Pos>) -> Val<'e> {
        Val {
            ev: self.ev,
            value,
            pos,
        }
    }

    /// Where the value was defined, if known.
    pub(crate) fn pos(&self) -> Option<Pos> {
        self.pos
    }

    /// The plain value, as it is (possibly unevaluated).
    pub fn raw(&self) -> &Value {
        &self.value
    }

    /// The plain value.
    pub fn into_value(self) -> Value {
        self.value
    }

    /// The evaluator this value belongs to.
    pub fn evaluator(&self) -> &'e Evaluator {
        self.ev
    }

    /// The value in weak head normal form: evaluated at the top, its contents maybe not.
    pub fn force(&self) -> Result<Val<'e>, Error> {
        if self.value.is_whnf() {
            return Ok(self.child(self.value.shallow(), self.pos));
        }
        let v = self.ev.force(&self.value).map_err(|e| self.locate(e))?;
        Ok(self.child(v.into_value(), self.pos))
    }

    /// The value with everything inside it evaluated.
    pub fn deep_force(&self) -> Result<Val<'e>, Error> {
        let v = self.ev.deep_force(&self.value)?;
        Ok(self.child(v.into_value(), self.pos))
    }

    /// Its type, as `builtins.typeOf` names it (forcing it).
    pub fn value_type(&self) -> Result<ValueType, Error> {
        Ok(self.force()?.value.value_type())
    }

    /// Whether it is `null`.
    pub fn is_null(&self) -> Result<bool, Error> {
        Ok(matches!(self.force()?.value, Value::Null))
    }

    /// A Boolean.
    pub fn as_bool(&self) -> Result<bool, Error> {
        match self.force()?.value {
            Value::Bool(b) => Ok(b),
            v => Err(self.type_error("a Boolean", &v)),
        }
    }

    /// An integer.
    pub fn as_int(&self) -> Result<i64, Error> {
        match self.force()?.value {
            Value::Int(i) => Ok(i),
            v => Err(self.type_error("an integer", &v)),
        }
    }

    /// A number: a float, or an integer converted to one (as Nix's arithmetic does).
    pub fn as_float(&self) -> Result<f64, Error> {
        match self.force()?.value {
            Value::Float(f) => Ok(f),
            Value::Int(i) => Ok(i as f64),
            v => Err(self.type_error("a float", &v)),
        }
    }

    /// A string, which must be UTF-8 (its context, if any, is dropped).
    pub fn as_str(&self) -> Result<String, Error> {
        match self.force()?.value {
            Value::String(s) => match s.as_str() {
                Some(s) => Ok(s.to_string()),
                None => Err(self.fail(ErrorKind::Eval(format!(
                    "the string {} is not valid UTF-8",
                    output::ambiguous(&Value::String(s.clone()))
                )))),
            },
            v => Err(self.type_error("a string", &v)),
        }
    }

    /// A string's bytes (Nix strings need not be UTF-8).
    pub fn as_bytes(&self) -> Result<Vec<u8>, Error> {
        match self.force()?.value {
            Value::String(s) => Ok(s.as_bytes().to_vec()),
            v => Err(self.type_error("a string", &v)),
        }
    }

    /// A path.
    pub fn as_path(&self) -> Result<PathBuf, Error> {
        match self.force()?.value {
            Value::Path(p) => Ok((*p).clone()),
            v => Err(self.type_error("a path", &v)),
        }
    }

    /// The set it must be.
    pub fn as_attrs(&self) -> Result<NixAttrs, Error> {
        match self.force()?.value {
            Value::Attrs(a) => Ok(a),
            v => Err(self.type_error("a set", &v)),
        }
    }

    /// The list it must be.
    pub fn as_list(&self) -> Result<NixList, Error> {
        match self.force()?.value {
            Value::List(l) => Ok(l),
            v => Err(self.type_error("a list", &v)),
        }
    }

    /// The attribute `name` of the set this must be (not forced); an error of kind
    /// [`ErrorKind::AttributeMissing`] if there is none, as `v.name` is in Nix.
    pub fn get(&self, name: &str) -> Result<Val<'e>, Error> {
        match self.try_get(name)? {
            Some(v) => Ok(v),
            None => {
                let set = self.as_attrs()?;
                let sym = Symbol::new(name);
                Err(self.fail(ErrorKind::AttributeMissing {
                    name: name.to_string(),
                    suggestions: crate::vm::suggestions(&set, sym),
                }))
            }
        }
    }

    /// The attribute `name` of the set this must be (not forced), if there is one.
    pub fn try_get(&self, name: &str) -> Result<Option<Val<'e>>, Error> {
        let set = self.as_attrs()?;
        Ok(set
            .get_attr(Symbol::new(name))
            .map(|a| self.child(a.value.clone(), a.pos.or(self.pos))))
    }

    /// Element `i` of the list this must be (not forced), if there is one.
    pub fn index(&self, i: usize) -> Result<Option<Val<'e>>, Error> {
        let list = self.as_list()?;
        Ok(list.get(i).map(|v| self.child(v.clone(), self.pos)))
    }

    /// The number of elements of a list or attributes of a set.
    pub fn len(&self) -> Result<usize, Error> {
        match self.force()?.value {
            Value::List(l) => Ok(l.len()),
            Value::Attrs(a) => Ok(a.len()),
            v => Err(self.type_error("a list or a set", &v)),
        }
    }

    /// Whether a list or set is empty.
    pub fn is_empty(&self) -> Result<bool, Error> {
        Ok(self.len()? == 0)
    }

    /// The elements of the list this must be, each unforced.
    pub fn list(&self) -> Result<ListIter<'e>, Error> {
        let list = self.as_list()?;
        Ok(ListIter {
            parent: self.clone(),
            list,
            next: 0,
        })
    }

    /// The attributes of the set this must be, by name in Nix's order (sorted by name),
    /// each value unforced.
    pub fn attrs(&self) -> Result<AttrsIter<'e>, Error> {
        let set = self.as_attrs()?;
        let names = set.sorted_names();
        Ok(AttrsIter {
            parent: self.clone(),
            set,
            names: names.into_iter(),
        })
    }

    /// Applies the function this must be to arguments (`f a b`).
    pub fn call<A: Into<Value>>(
        &self,
        args: impl IntoIterator<Item = A>,
    ) -> Result<Val<'e>, Error> {
        self.ev.call(&self.value, args)
    }

    /// The value as `nix-instantiate --eval` prints it; with `strict`, forced completely
    /// first.
    pub fn print(&self, strict: bool) -> Result<String, Error> {
        self.ev.print(&self.value, strict)
    }

    /// The value as JSON text, as `builtins.toJSON` makes it (forcing what it needs).
    pub fn to_json(&self) -> Result<String, Error> {
        let bytes = self.ev.to_json(&self.value, true)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// An error about this value, placed where it was defined if that is known.
    pub(crate) fn fail(&self, kind: ErrorKind) -> Error {
        self.locate_raw(RawError::new(kind))
    }

    /// The error for a value of the wrong type, as Nix words it.
    fn type_error(&self, expected: &'static str, v: &Value) -> Error {
        self.locate_raw(nixvm_value::expect::type_error(expected, v))
    }

    fn locate_raw(&self, mut e: RawError) -> Error {
        if let Some(span) = self.pos.and_then(|p| self.ev.span_at(p)) {
            e.note_near(span);
        }
        self.ev.error(e)
    }

    /// An error of evaluating this value that has no place of its own gets this value's.
    fn locate(&self, e: Error) -> Error {
        if e.location().is_some() {
            return e;
        }
        self.locate_raw(e.raw().clone())
    }
}

/// The elements of a list, from [`Val::list`].
pub struct ListIter<'e> {
    parent: Val<'e>,
    list: NixList,
    next: usize,
}

impl<'e> Iterator for ListIter<'e> {
    type Item = Val<'e>;

    fn next(&mut self) -> Option<Val<'e>> {
        let v = self.list.get(self.next)?.clone();
        self.next += 1;
        Some(self.parent.child(v, self.parent.pos))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.list.len() - self.next;
        (n, Some(n))
    }
}

impl ExactSizeIterator for ListIter<'_> {}

/// The attributes of a set, from [`Val::attrs`].
pub struct AttrsIter<'e> {
    parent: Val<'e>,
    set: NixAttrs,
    names: std::vec::IntoIter<Symbol>,
}

impl<'e> Iterator for AttrsIter<'e> {
    /// The attribute's name (with invalid UTF-8 replaced) and value.
    type Item = (String, Val<'e>);

    fn next(&mut self) -> Option<(String, Val<'e>)> {
        let name = self.names.next()?;
        let attr = self.set.get_attr(name)?;
        let v = self
            .parent
            .child(attr.value.clone(), attr.pos.or(self.parent.pos));
        Some((name.to_str_lossy().into_owned(), v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.names.size_hint()
    }
}

impl ExactSizeIterator for AttrsIter<'_> {}
