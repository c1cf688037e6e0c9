builtins.zipAttrsWith (name: values: builtins.elemAt values 5) [ { a = 1; } ]
