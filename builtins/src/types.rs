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
    TYPE_OF = "typeOf"(e: strict) => type_of;
    /// Return true if the value is null (`e == null` is preferred).
    IS_NULL = "isNull"(e: strict) => is_null, global;
    /// Return true if the value is a Boolean.
    IS_BOOL = "isBool"(e: strict) => is_bool;
    /// Return true if the value is an integer.
    IS_INT = "isInt"(e: strict) => is_int;
    /// Return true if the value is a float.
    IS_FLOAT = "isFloat"(e: strict) => is_float;
    /// Return true if the value is a string.
    IS_STRING = "isString"(e: strict) => is_string;
    /// Return true if the value is a path.
    IS_PATH = "isPath"(e: strict) => is_path;
    /// Return true if the value is a set.
    IS_ATTRS = "isAttrs"(e: strict) => is_attrs;
    /// Return true if the value is a list.
    IS_LIST = "isList"(e: strict) => is_list;
    /// Return true if the value is a function.
    IS_FUNCTION = "isFunction"(e: strict) => is_function;
}
