# Closures and thunks that read only their creator's upvalues share the creator's array,
# renumbered as the creator numbers it; these read them in every way code can.
let
  a = 1;
  b = { x = 2; y = "s"; };
  c = [ 3 4 ];
  d = 10;
  # `z` is a local of `outer`; the bodies below read `d`, `c`, `b`, `a` in another
  # order than `outer` captured them.
  outer = z:
    let w = z + a + d; in
    {
      # Two upvalues, no local: shares.
      sum = d + a;
      # A thunk body with no locals of its own, whose thunks share it in turn.
      nested = [ (b.x + d) (builtins.elemAt c 1) [ (a - d) b.y ] ];
      # A function reading two upvalues, and a curried one.
      f = k: k + d + a;
      g = p: q: p + q + a + d + b.x;
      # A thunk that makes a function capturing from it.
      h = (u: [ u a d ]) (builtins.head c);
      # A default reading upvalues, and one reading a sibling formal.
      dflt = ({ m ? d + a, n ? m + b.x }: [ m n ]) { };
      # Defaults that are a variable of an enclosing scope.
      alias = ({ m ? d, n ? a }: m + n) { };
      # Arithmetic arguments computed at once, from shared upvalues.
      eager = (v: v * 2) (d - a);
      # A `rec` set and a `let` inside a shared body.
      recs = rec { p = d; q = p + a + b.x; };
      lets = let r = d; s = a; in r * s + b.x;
      # Reads a local too: copies.
      mixed = w + d + a;
    };
  r = outer 100;
in
[
  r.sum r.nested (r.f 5) (r.g 1 2) r.h r.dflt r.alias r.eager r.recs r.lets r.mixed
  (map (x: x + d + a) c)
  (builtins.attrValues (builtins.mapAttrs (n: v: [ n v a d ]) { k1 = 1; k2 = 2; }))
]
