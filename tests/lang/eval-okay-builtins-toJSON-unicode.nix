# builtins.toJSON copies UTF-8 text as it is and escapes control characters as current Nix
# does: \b, \f, \n, \r, \t and \"/\\ get short escapes, the rest \u00xx. CppNix 2.8 wrote
# \u0008 and \u000c for backspace and form feed, so this expectation follows current Nix.
builtins.toJSON {
  text = "héllo wörld € 😀 ʎǝʞ";
  controls = builtins.fromJSON ''"\u0001\b\f\u001b\u001f"'';
  "ключ" = "значение";
}
