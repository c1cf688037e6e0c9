//! Type inspection: `typeOf` and the `is*` family.

use nixvm_value::{Error, Host, Value, ValueType};

fn type_of(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(Value::string(args[0].value_type().type_of()))
}

macro_rules! is_type {
    ($fname:ident, $($t:pat_param)|+) => {
        fn $fname(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
            Ok(Value::Bool(matches!(args[0].value_type(), $($t)|+)))
        }
    };
}

is_type!(is_null, ValueType::Null);
is_type!(is_bool, ValueType::Bool);
is_type!(is_int, ValueType::Int);
is_type!(is_float, ValueType::Float);
is_type!(is_string, ValueType::String);
is_type!(is_path, ValueType::Path);
is_type!(is_attrs, ValueType::Attrs);
is_type!(is_list, ValueType::List);
is_type!(is_function, ValueType::Lambda);

builtins! {
    /// Return the type of a value as a string: "int", "bool", "string", "path", "null",
    /// "set", "list", "lambda" or "float".
    TYPE_OF = "typeOf"(e) sync strict(0b1) => type_of;
    /// Return true if the value is null (`e == null` is preferred).
    IS_NULL = "isNull"(e) sync strict(0b1) => is_null;
    /// Return true if the value is a Boolean.
    IS_BOOL = "isBool"(e) sync strict(0b1) => is_bool;
    /// Return true if the value is an integer.
    IS_INT = "isInt"(e) sync strict(0b1) => is_int;
    /// Return true if the value is a float.
    IS_FLOAT = "isFloat"(e) sync strict(0b1) => is_float;
    /// Return true if the value is a string.
    IS_STRING = "isString"(e) sync strict(0b1) => is_string;
    /// Return true if the value is a path.
    IS_PATH = "isPath"(e) sync strict(0b1) => is_path;
    /// Return true if the value is a set.
    IS_ATTRS = "isAttrs"(e) sync strict(0b1) => is_attrs;
    /// Return true if the value is a list.
    IS_LIST = "isList"(e) sync strict(0b1) => is_list;
    /// Return true if the value is a function.
    IS_FUNCTION = "isFunction"(e) sync strict(0b1) => is_function;
}

/// The builtins of this file, for the registry.
pub static ALL: &[&nixvm_value::BuiltinDef] = &[
    &TYPE_OF,
    &IS_NULL,
    &IS_BOOL,
    &IS_INT,
    &IS_FLOAT,
    &IS_STRING,
    &IS_PATH,
    &IS_ATTRS,
    &IS_LIST,
    &IS_FUNCTION,
];
