# `s.${n}` as a thunk's whole body, or a function's: computed in place when the set, the
# name and the attribute are evaluated, and in a frame otherwise, with the same values.
let
  s = { a = 1; b = "two"; c = { d = 3; }; e = s.a + 1; };
  names = [ "a" "b" "c" "e" ];
  # The name and the set evaluated by the time the thunks are forced.
  pick = n: let v = s.${n}; in v;
  # The attribute's value a thunk not yet forced.
  lazy = { x = 1 + 1; y = [ lazy.x ]; };
  pickLazy = n: let v = lazy.${n}; in v;
  # The name a string built at run time, or one with no symbol yet.
  built = let n = "a" + "b"; t = { ab = "built"; }; in t.${n};
  fresh = let n = builtins.substring 0 3 "newname"; t = { new = 5; }; in t.${n};
  # A function whose body is the selection.
  get = n: s.${n};
in
{
  picked = map pick names;
  lazy = map pickLazy [ "y" "x" ];
  got = map get names;
  inherit built fresh;
  nested = let k = "c"; v = s.${k}; in v.d;
  missing = let n = "z"; v = s.${n} or "default"; in v;
}
