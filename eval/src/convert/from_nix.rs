//! Nix values into Rust types: a serde `Deserializer` over a value, forcing each part only
//! when the type asks for it (with an evaluator; without one, for the evaluated arguments
//! of a Rust builtin, every part must be evaluated already).

use serde::de::{self, IntoDeserializer, Visitor};

use nixvm_value::{NixAttrs, NixList, Symbol, Value};

use codemap::Pos;

use super::{ConvError, MAX_DEPTH, Step};
use crate::evaluator::Evaluator;

/// Reads one value. `ancestors` are the identities of the lists and sets it lies in, to
/// tell a value that contains itself.
pub(crate) struct Deserializer<'e> {
    ev: Option<&'e Evaluator>,
    value: Value,
    /// Where the value was defined, if known.
    pos: Option<Pos>,
    ancestors: Vec<usize>,
}

impl<'e> Deserializer<'e> {
    pub(crate) fn new(ev: Option<&'e Evaluator>, value: Value, pos: Option<Pos>) -> Self {
        Deserializer {
            ev,
            value,
            pos,
            ancestors: Vec::new(),
        }
    }

    /// A part of this value, defined at `pos` (or where this value was).
    fn child(&self, value: Value, pos: Option<Pos>, ancestors: Vec<usize>) -> Deserializer<'e> {
        Deserializer {
            ev: self.ev,
            value,
            pos: pos.or(self.pos),
            ancestors,
        }
    }

    /// The value in weak head normal form.
    fn forced(&self) -> Result<Value, ConvError> {
        if self.value.is_whnf() {
            return Ok(self.value.shallow());
        }
        match self.ev {
            Some(ev) => ev
                .force(&self.value)
                .map(|v| v.into_value())
                .map_err(ConvError::eval),
            None => Err(self.fail("the value is not evaluated")),
        }
    }

    fn fail(&self, message: impl Into<String>) -> ConvError {
        ConvError::new(message).at(self.pos)
    }

    /// The ancestors of a child of a container with identity `id`.
    fn enter(&self, id: usize) -> Result<Vec<usize>, ConvError> {
        if self.ancestors.contains(&id) {
            return Err(self.fail("the value contains itself"));
        }
        if self.ancestors.len() >= MAX_DEPTH {
            return Err(self.fail(format!(
                "the value is nested more than {MAX_DEPTH} levels deep"
            )));
        }
        let mut a = self.ancestors.clone();
        a.push(id);
        Ok(a)
    }

    fn list_access(&self, list: NixList) -> Result<ListAccess<'e>, ConvError> {
        Ok(ListAccess {
            parent: self.child(Value::Null, None, self.enter(list.identity())?),
            list,
            next: 0,
        })
    }

    fn attrs_access(&self, set: NixAttrs) -> Result<AttrsAccess<'e>, ConvError> {
        Ok(AttrsAccess {
            parent: self.child(Value::Null, None, self.enter(set.identity())?),
            names: set.sorted_names().into_iter(),
            set,
            current: None,
        })
    }
}

impl<'de, 'e> de::Deserializer<'de> for Deserializer<'e> {
    type Error = ConvError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvError> {
        let pos = self.pos;
        let result = match self.forced()? {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Int(i) => visitor.visit_i64(i),
            Value::Float(f) => visitor.visit_f64(f),
            Value::String(s) => match s.as_str() {
                Some(text) => visitor.visit_str(text),
                None => visitor.visit_bytes(s.as_bytes()),
            },
            Value::Path(p) => visitor.visit_str(&p.to_string_lossy()),
            Value::List(l) => visitor.visit_seq(self.list_access(l)?),
            Value::Attrs(a) => visitor.visit_map(self.attrs_access(a)?),
            Value::Closure(_) | Value::Builtin(_) | Value::PartialApp(_) => {
                return Err(self.fail("a function cannot be converted to a Rust value"));
            }
            Value::Thunk(_) => unreachable!("forced above"),
        };
        result.map_err(|e| e.at(pos))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvError> {
        match self.forced()? {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ConvError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ConvError> {
        let pos = self.pos;
        match self.forced()? {
            // A unit variant.
            Value::String(s) => {
                let name = s.to_str_lossy().into_owned();
                visitor.visit_enum(name.into_deserializer())
            }
            // `{ Variant = data; }`.
            Value::Attrs(a) if a.len() == 1 => {
                let name = a.sorted_names()[0];
                let attr = a.get_attr(name).expect("the only attribute");
                let content = self.child(attr.value.clone(), attr.pos, self.enter(a.identity())?);
                let variant = name.to_str_lossy().into_owned();
                visitor
                    .visit_enum(EnumAccess { variant, content })
                    .map_err(|e| e.inside(Step::Attr(name.to_str_lossy().into_owned())))
            }
            v => Err(self.fail(format!(
                "expected a string or a set of one attribute for an enum, but found {}",
                v.value_type().with_article()
            ))),
        }
        .map_err(|e| e.at(pos))
    }

    /// Whatever the type does not look at is not evaluated.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// The elements of a list, one at a time. `parent` stands for the list: its place and
/// the ancestors of its elements.
struct ListAccess<'e> {
    parent: Deserializer<'e>,
    list: NixList,
    next: usize,
}

impl<'de> de::SeqAccess<'de> for ListAccess<'_> {
    type Error = ConvError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ConvError> {
        let Some(item) = self.list.get(self.next).cloned() else {
            return Ok(None);
        };
        let i = self.next;
        self.next += 1;
        let d = self.parent.child(item, None, self.parent.ancestors.clone());
        seed.deserialize(d)
            .map(Some)
            .map_err(|e| e.inside(Step::Index(i)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.list.len() - self.next)
    }
}

/// The attributes of a set, by name. `parent` stands for the set (see [`ListAccess`]).
struct AttrsAccess<'e> {
    parent: Deserializer<'e>,
    set: NixAttrs,
    names: std::vec::IntoIter<Symbol>,
    current: Option<Symbol>,
}

impl<'de> de::MapAccess<'de> for AttrsAccess<'_> {
    type Error = ConvError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ConvError> {
        let Some(name) = self.names.next() else {
            return Ok(None);
        };
        self.current = Some(name);
        let key: de::value::StringDeserializer<ConvError> =
            name.to_str_lossy().into_owned().into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ConvError> {
        let name = self.current.take().expect("a key before its value");
        let attr = self.set.get_attr(name).expect("a name of this set");
        let d = self
            .parent
            .child(attr.value.clone(), attr.pos, self.parent.ancestors.clone());
        seed.deserialize(d)
            .map_err(|e| e.inside(Step::Attr(name.to_str_lossy().into_owned())))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.names.len())
    }
}

/// An enum variant written `{ Variant = data; }`.
struct EnumAccess<'e> {
    variant: String,
    content: Deserializer<'e>,
}

impl<'de, 'e> de::EnumAccess<'de> for EnumAccess<'e> {
    type Error = ConvError;
    type Variant = Deserializer<'e>;

    fn variant_seed<V: de::DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Deserializer<'e>), ConvError> {
        let key: de::value::StringDeserializer<ConvError> = self.variant.into_deserializer();
        Ok((seed.deserialize(key)?, self.content))
    }
}

impl<'de> de::VariantAccess<'de> for Deserializer<'_> {
    type Error = ConvError;

    fn unit_variant(self) -> Result<(), ConvError> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, ConvError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ConvError> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ConvError> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}
