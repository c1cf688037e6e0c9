# builtins.fromJSON edge cases: unicode escapes and surrogate pairs, raw UTF-8, the integer
# limits (one past them is a float), the last of duplicate keys wins, empty containers,
# scalars at the top and whitespace.
{
  unicode = builtins.fromJSON ''"\u00e9\u20AC\ud83d\ude00 é€😀 \u0041"'';
  maxInt = builtins.fromJSON "9223372036854775807";
  minInt = builtins.fromJSON "-9223372036854775808";
  belowMin = builtins.fromJSON "-9223372036854775809";
  beyondUnsigned = builtins.fromJSON "18446744073709551616";
  intOrFloat = map builtins.typeOf (builtins.fromJSON "[1, 1.0, -0, 1e2, 0.5]");
  duplicates = builtins.fromJSON ''{"a": 1, "b": 2, "a": 3}'';
  empties = builtins.fromJSON ''[{}, [], ""]'';
  scalars = map builtins.fromJSON [ "true" " null " "\"s\"" "42" ];
  whitespace = builtins.fromJSON " \t\n\r[ 1 ,\n 2 ] \n";
  underflow = builtins.fromJSON "1e-400";
}
