# A name inside a call inside a body compiled on first use, left to a `with` around the body
# that lacks it, fails when the call is forced, where Nix points.
let
  ns = { present = 1; };
  f = { arg }:
    let
      local = arg * 2;
    in with ns; {
      ok = builtins.add local present;
      bad = builtins.add (builtins.mul local present) (builtins.mul local absent);
    };
in (f { arg = 1; }).bad
