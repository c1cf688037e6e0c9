# A float reached through `__toString` is printed as `toString` prints floats (C's
# `std::to_string`): `nan`, `-inf`, six decimals. The value is only known once the VM
# has called the function, so this takes the VM's own coercion.
let
  nan = (builtins.fromTOML "x = nan").x;
  inf = (builtins.fromTOML "x = inf").x;
  via = f: toString { __toString = _: f; };
in
[
  (via nan)
  (via (-inf))
  (via inf)
  (via 1.5)
  (toString [ { __toString = _: nan; } 2.25 ])
]
