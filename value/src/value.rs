//! The `Value` enum: everything a Nix expression can evaluate to, plus unevaluated thunks.
//!
//! A `Value` is two words: a tag and either an immediate (`Int`, `Float`, `Bool`) or one
//! pointer to shared, immutable data. Cloning is a reference-count increment at most. The size
//! is checked by a test, because every list element, attribute and stack slot is a `Value`.

use std::path::PathBuf;
use std::rc::Rc;

use crate::attrs::NixAttrs;
use crate::builtin::{BuiltinDef, PartialApp};
use crate::closure::Closure;
use crate::list::NixList;
use crate::string::NixString;
use crate::thunk::Thunk;

/// A Nix value, possibly not yet evaluated.
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(NixString),
    /// An absolute, canonical path.
    Path(Rc<PathBuf>),
    Attrs(NixAttrs),
    List(NixList),
    /// A function written in Nix.
    Closure(Rc<Closure>),
    /// A builtin function with none of its arguments yet.
    Builtin(&'static BuiltinDef),
    /// A builtin function applied to some, not all, of its arguments.
    PartialApp(Rc<PartialApp>),
    /// A value that may not have been computed yet.
    Thunk(Thunk),
}

impl Clone for Value {
    // Values are copied into every stack slot, closure, thunk and attribute: kept inline,
    // a copy is a reference-count increment at most.
    #[inline(always)]
    fn clone(&self) -> Value {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(*b),
            Value::Int(i) => Value::Int(*i),
            Value::Float(f) => Value::Float(*f),
            Value::String(s) => Value::String(s.clone()),
            Value::Path(p) => Value::Path(p.clone()),
            Value::Attrs(a) => Value::Attrs(a.clone()),
            Value::List(l) => Value::List(l.clone()),
            Value::Closure(c) => Value::Closure(c.clone()),
            Value::Builtin(b) => Value::Builtin(b),
            Value::PartialApp(p) => Value::PartialApp(p.clone()),
            Value::Thunk(t) => Value::Thunk(t.clone()),
        }
    }
}

/// The type of a value as `builtins.typeOf` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    Null,
    Bool,
    Int,
    Float,
    String,
    Path,
    Attrs,
    List,
    Lambda,
    Thunk,
}

impl ValueType {
    /// The name `builtins.typeOf` gives.
    pub fn type_of(self) -> &'static str {
        match self {
            ValueType::Null => "null",
            ValueType::Bool => "bool",
            ValueType::Int => "int",
            ValueType::Float => "float",
            ValueType::String => "string",
            ValueType::Path => "path",
            ValueType::Attrs => "set",
            ValueType::List => "list",
            ValueType::Lambda => "lambda",
            ValueType::Thunk => "thunk",
        }
    }

    /// The phrase used in type errors, with its article: "an integer", "a set".
    pub fn with_article(self) -> &'static str {
        match self {
            ValueType::Null => "null",
            ValueType::Bool => "a Boolean",
            ValueType::Int => "an integer",
            ValueType::Float => "a float",
            ValueType::String => "a string",
            ValueType::Path => "a path",
            ValueType::Attrs => "a set",
            ValueType::List => "a list",
            ValueType::Lambda => "a function",
            ValueType::Thunk => "a thunk",
        }
    }
}

impl Value {
    pub fn value_type(&self) -> ValueType {
        match self {
            Value::Null => ValueType::Null,
            Value::Bool(_) => ValueType::Bool,
            Value::Int(_) => ValueType::Int,
            Value::Float(_) => ValueType::Float,
            Value::String(_) => ValueType::String,
            Value::Path(_) => ValueType::Path,
            Value::Attrs(_) => ValueType::Attrs,
            Value::List(_) => ValueType::List,
            Value::Closure(_) | Value::Builtin(_) | Value::PartialApp(_) => ValueType::Lambda,
            Value::Thunk(t) => match t.value() {
                Some(v) => v.value_type(),
                None => ValueType::Thunk,
            },
        }
    }

    /// A string value without context.
    pub fn string(s: impl AsRef<[u8]>) -> Value {
        Value::String(NixString::new(s.as_ref()))
    }

    pub fn path(p: PathBuf) -> Value {
        Value::Path(Rc::new(p))
    }

    /// If this is a thunk that has been evaluated, its value; otherwise `self`.
    /// Never forces anything.
    pub fn shallow(&self) -> Value {
        match self {
            Value::Thunk(t) => match t.value() {
                Some(v) => v,
                None => self.clone(),
            },
            v => v.clone(),
        }
    }

    /// [`Value::shallow`] of a value no longer needed: no copy of it is made, unless it is
    /// an evaluated thunk.
    #[inline]
    pub fn into_shallow(self) -> Value {
        match self {
            Value::Thunk(t) => match t.value() {
                Some(v) => v,
                None => Value::Thunk(t),
            },
            v => v,
        }
    }

    /// The value in weak head normal form, if it has one now: `self`, or what an evaluated
    /// thunk holds; `None` for a thunk not evaluated yet. Never forces anything.
    pub fn evaluated(&self) -> Option<Value> {
        match self {
            Value::Thunk(t) => t.value(),
            v => Some(v.clone()),
        }
    }

    /// Whether this value is in weak head normal form (anything but an unevaluated thunk).
    pub fn is_whnf(&self) -> bool {
        match self {
            Value::Thunk(t) => t.is_evaluated(),
            _ => true,
        }
    }

    pub fn is_function(&self) -> bool {
        matches!(
            self,
            Value::Closure(_) | Value::Builtin(_) | Value::PartialApp(_)
        )
    }

    pub fn as_attrs(&self) -> Option<&NixAttrs> {
        match self {
            Value::Attrs(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&NixList> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    pub fn as_string(&self) -> Option<&NixString> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Whether this is an attribute set with `type = "derivation"` (already evaluated).
    pub fn is_derivation(&self) -> bool {
        match self {
            Value::Attrs(a) => a.is_derivation(),
            _ => false,
        }
    }

    /// An identity for values that Nix can detect sharing of (used for `«repeated»` and
    /// for the pointer-equality shortcut of `==` on nested values).
    pub fn identity(&self) -> Option<usize> {
        match self {
            Value::Attrs(a) => Some(a.identity()),
            Value::List(l) => Some(l.identity()),
            Value::Closure(c) => Some(Rc::as_ptr(c) as usize),
            Value::PartialApp(p) => Some(Rc::as_ptr(p) as *const u8 as usize),
            Value::Builtin(b) => Some(*b as *const BuiltinDef as usize),
            Value::Thunk(t) => Some(t.identity()),
            Value::String(_)
            | Value::Path(_)
            | Value::Null
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_) => None,
        }
    }
}

impl Value {
    /// Which cell `==` sees this value in, for values whose sharing it can detect: a thunk
    /// that built its own value counts as that value's cell (see [`Thunk::cell`]).
    pub fn cell(&self) -> Option<usize> {
        match self {
            Value::Thunk(t) => Some(t.cell()),
            v => v.identity(),
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<NixString> for Value {
    fn from(s: NixString) -> Value {
        Value::String(s)
    }
}

impl From<NixAttrs> for Value {
    fn from(a: NixAttrs) -> Value {
        Value::Attrs(a)
    }
}

impl From<NixList> for Value {
    fn from(l: NixList) -> Value {
        Value::List(l)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(NixString::from(s))
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Shallow on purpose: a Debug that walked into lists and sets would recurse as deep
        // as the value is.
        match self {
            Value::Null => write!(f, "null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::Path(p) => write!(f, "{}", p.display()),
            Value::Attrs(a) => write!(f, "{{ /* {} attributes */ }}", a.len()),
            Value::List(l) => write!(f, "[ /* {} items */ ]", l.len()),
            Value::Closure(_) => write!(f, "<lambda>"),
            Value::Builtin(b) => write!(f, "<builtin {}>", b.name),
            Value::PartialApp(p) => write!(f, "<partially applied builtin {}>", p.def.name),
            Value::Thunk(t) => match t.value() {
                Some(v) => v.fmt(f),
                None => write!(f, "<thunk>"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_is_two_words() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
    }
}
