with builtins;
[
  (zipAttrsWith (name: values: values) [ { a = 1; } { a = 2; b = 3; } { b = 4; c = 5; } ])
  (zipAttrsWith (name: values: name + toString (length values)) [ { x = 1; } { x = 2; } ])
  (zipAttrsWith (name: values: values) [ { "ü" = 1; } { "日" = 2; } ])
]
