# An error while printing a nested value gets one context line per set and list level.
builtins.toJSON {
  outer.inner = [
    true
    { deeper = throw "broken value"; }
  ];
}
