# In a rec set, `__overrides` replaces attributes (and the others see the replacement),
# adds new ones, and comes before dynamic attributes; a non-rec set or a let ignores it.
let
  o = { a = 10; extra = [ ]; };
  s = rec {
    __overrides = o;
    a = 1;
    b = a + 1;
    c = "lit";
    "${"dyn"}" = b * 2;
  };
in
[
  s.a
  s.b
  s.c
  s.dyn
  (s.extra == o.extra)
  (builtins.attrNames s)
  ({ __overrides = { a = 2; }; a = 1; }.a)
  (let __overrides = { a = 2; }; a = 1; in a)
  (rec { __overrides = { }; a = 1; b = a; }.b)
  (rec { __overrides = { c = throw "lazy"; }; a = 1; c = 2; }.a)
]
