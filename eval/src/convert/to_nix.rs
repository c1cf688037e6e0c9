//! Rust values into Nix values: a serde `Serializer` whose output is a [`Value`].

use serde::ser::{self, Serialize};

use nixvm_value::{Attr, NixAttrs, NixList, NixString, Symbol, Value};

use super::{ConvError, MAX_DEPTH, Step};

/// Makes the Nix value of one Rust value, `depth` levels inside the outermost.
pub(crate) struct ValueSerializer {
    pub(crate) depth: usize,
}

impl ValueSerializer {
    fn inner(&self) -> Result<ValueSerializer, ConvError> {
        if self.depth >= MAX_DEPTH {
            return Err(ConvError::new(format!(
                "the value is nested more than {MAX_DEPTH} levels deep"
            )));
        }
        Ok(ValueSerializer {
            depth: self.depth + 1,
        })
    }
}

fn int<T: TryInto<i64> + std::fmt::Display + Copy>(n: T) -> Result<Value, ConvError> {
    n.try_into()
        .map(Value::Int)
        .map_err(|_| ConvError::new(format!("the integer {n} does not fit in a Nix integer")))
}

/// `{ name = value; }`, for an enum variant with data.
fn tagged(name: &str, value: Value) -> Value {
    Value::Attrs(NixAttrs::one(Attr::new(Symbol::new(name), value)))
}

impl ser::Serializer for ValueSerializer {
    type Ok = Value;
    type Error = ConvError;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = Seq;
    type SerializeMap = Map;
    type SerializeStruct = Map;
    type SerializeStructVariant = Map;

    fn serialize_bool(self, v: bool) -> Result<Value, ConvError> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, ConvError> {
        int(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Value, ConvError> {
        int(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Value, ConvError> {
        int(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Value, ConvError> {
        int(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Value, ConvError> {
        int(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Value, ConvError> {
        int(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Value, ConvError> {
        int(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Value, ConvError> {
        int(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Value, ConvError> {
        int(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Value, ConvError> {
        int(v)
    }
    fn serialize_f32(self, v: f32) -> Result<Value, ConvError> {
        Ok(Value::Float(f64::from(v)))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, ConvError> {
        Ok(Value::Float(v))
    }
    fn serialize_char(self, v: char) -> Result<Value, ConvError> {
        Ok(Value::string(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value, ConvError> {
        Ok(Value::string(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, ConvError> {
        Ok(Value::String(NixString::new(v)))
    }
    fn serialize_none(self) -> Result<Value, ConvError> {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, ConvError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, ConvError> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, ConvError> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, ConvError> {
        Ok(Value::string(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Value, ConvError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, ConvError> {
        let v = value
            .serialize(self.inner()?)
            .map_err(|e| e.inside(Step::Attr(variant.into())))?;
        Ok(tagged(variant, v))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq, ConvError> {
        Ok(Seq {
            inner: self.inner()?,
            items: Vec::with_capacity(len.unwrap_or(0).min(4096)),
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq, ConvError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Seq, ConvError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq, ConvError> {
        let mut seq = self.serialize_seq(Some(len))?;
        seq.variant = Some(variant);
        Ok(seq)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Map, ConvError> {
        Ok(Map {
            inner: self.inner()?,
            attrs: Vec::with_capacity(len.unwrap_or(0).min(4096)),
            key: None,
            variant: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Map, ConvError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Map, ConvError> {
        let mut map = self.serialize_map(Some(len))?;
        map.variant = Some(variant);
        Ok(map)
    }
}

/// A list being made.
pub(crate) struct Seq {
    inner: ValueSerializer,
    items: Vec<Value>,
    /// The enum variant it is the data of.
    variant: Option<&'static str>,
}

impl Seq {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvError> {
        let i = self.items.len();
        let v = value
            .serialize(ValueSerializer {
                depth: self.inner.depth,
            })
            .map_err(|e| e.inside(Step::Index(i)))?;
        self.items.push(v);
        Ok(())
    }

    fn finish(self) -> Result<Value, ConvError> {
        let list = Value::List(NixList::new(self.items));
        Ok(match self.variant {
            Some(name) => tagged(name, list),
            None => list,
        })
    }
}

// Sequences, tuples and the fields of tuple structs and variants are all lists.
macro_rules! seq_impl {
    ($($trait:ident :: $add:ident),*) => {$(
        impl ser::$trait for Seq {
            type Ok = Value;
            type Error = ConvError;
            fn $add<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvError> {
                self.push(value)
            }
            fn end(self) -> Result<Value, ConvError> {
                self.finish()
            }
        }
    )*};
}

seq_impl!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// A set being made.
pub(crate) struct Map {
    inner: ValueSerializer,
    attrs: Vec<Attr>,
    /// The key waiting for its value.
    key: Option<String>,
    /// The enum variant it is the data of.
    variant: Option<&'static str>,
}

impl Map {
    fn add<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), ConvError> {
        let v = value
            .serialize(ValueSerializer {
                depth: self.inner.depth,
            })
            .map_err(|e| e.inside(Step::Attr(key.clone())))?;
        self.attrs.push(Attr::new(Symbol::new(&key), v));
        Ok(())
    }

    fn finish(self) -> Result<Value, ConvError> {
        let set = Value::Attrs(NixAttrs::from_unsorted_first_wins(self.attrs));
        Ok(match self.variant {
            Some(name) => tagged(name, set),
            None => set,
        })
    }
}

impl ser::SerializeMap for Map {
    type Ok = Value;
    type Error = ConvError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ConvError> {
        self.key = Some(key.serialize(KeySerializer)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvError> {
        let key = self.key.take().expect("serde gives a key before its value");
        self.add(key, value)
    }
    fn end(self) -> Result<Value, ConvError> {
        self.finish()
    }
}

// A struct's fields and a struct variant's are attributes.
macro_rules! struct_impl {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Map {
            type Ok = Value;
            type Error = ConvError;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), ConvError> {
                self.add(key.to_string(), value)
            }
            fn end(self) -> Result<Value, ConvError> {
                self.finish()
            }
        }
    )*};
}

struct_impl!(SerializeStruct, SerializeStructVariant);

/// Map keys: strings, characters, and integers (written in decimal, as JSON formats do).
struct KeySerializer;

fn not_a_key() -> ConvError {
    ConvError::new("an attribute name must be a string")
}

impl ser::Serializer for KeySerializer {
    type Ok = String;
    type Error = ConvError;
    type SerializeSeq = ser::Impossible<String, ConvError>;
    type SerializeTuple = ser::Impossible<String, ConvError>;
    type SerializeTupleStruct = ser::Impossible<String, ConvError>;
    type SerializeTupleVariant = ser::Impossible<String, ConvError>;
    type SerializeMap = ser::Impossible<String, ConvError>;
    type SerializeStruct = ser::Impossible<String, ConvError>;
    type SerializeStructVariant = ser::Impossible<String, ConvError>;

    fn serialize_str(self, v: &str) -> Result<String, ConvError> {
        Ok(v.to_string())
    }
    fn serialize_char(self, v: char) -> Result<String, ConvError> {
        Ok(v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<String, ConvError> {
        Ok(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<String, ConvError> {
        Ok(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<String, ConvError> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String, ConvError> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String, ConvError> {
        Ok(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<String, ConvError> {
        Ok(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<String, ConvError> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String, ConvError> {
        Ok(v.to_string())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, ConvError> {
        Ok(variant.to_string())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, ConvError> {
        value.serialize(self)
    }
    fn serialize_bool(self, _v: bool) -> Result<String, ConvError> {
        Err(not_a_key())
    }
    fn serialize_f32(self, _v: f32) -> Result<String, ConvError> {
        Err(not_a_key())
    }
    fn serialize_f64(self, _v: f64) -> Result<String, ConvError> {
        Err(not_a_key())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<String, ConvError> {
        Err(not_a_key())
    }
    fn serialize_none(self) -> Result<String, ConvError> {
        Err(not_a_key())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<String, ConvError> {
        Err(not_a_key())
    }
    fn serialize_unit(self) -> Result<String, ConvError> {
        Err(not_a_key())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, ConvError> {
        Err(not_a_key())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String, ConvError> {
        Err(not_a_key())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, ConvError> {
        Err(not_a_key())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, ConvError> {
        Err(not_a_key())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, ConvError> {
        Err(not_a_key())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, ConvError> {
        Err(not_a_key())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, ConvError> {
        Err(not_a_key())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, ConvError> {
        Err(not_a_key())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, ConvError> {
        Err(not_a_key())
    }
}
