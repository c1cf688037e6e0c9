# The names of the packages `nix-env -qa` lists: every derivation at the top of nixpkgs and
# in the sets marked `recurseForDerivations`, each evaluated under `tryEval` so that a
# broken or refused package is left out, as `nix-env` leaves it out. Prints the count and a
# digest of the sorted list, so that outputs stay short but comparable.
{ nixpkgs, sets }:
let
  pkgs = import nixpkgs { config = { }; overlays = [ ]; system = "x86_64-linux"; };
  inherit (builtins) attrNames concatMap concatStringsSep deepSeq hashString isAttrs length sort tryEval;
  names = prefix: depth: set: concatMap (n:
    let
      entry =
        let v = set.${n}; in
        if !isAttrs v then [ ]
        else if (v.type or null) == "derivation" then [ "${prefix}${n} ${v.name}" ]
        else if depth < 3 && (v.recurseForDerivations or false) == true then names "${prefix}${n}." (depth + 1) v
        else [ ];
      r = tryEval (deepSeq entry entry);
    in
    if r.success then r.value else [ ]) (attrNames set);
  all = sort (a: b: a < b) (concatMap (s: names "${s}." 0 pkgs.${s}) sets);
in
"${toString (length all)} ${hashString "sha256" (concatStringsSep "\n" all)}"
