# Never called, and long enough that its code is made only when it is called: the
# undefined variable is still an error when the file is read, as in Nix.
let
  unused = { name, version ? "1.0", src }:
    let
      full = "${name}-${version}";
      parts = builtins.split "-" full;
    in {
      inherit name version src;
      count = builtins.length parts + missingVariable;
    };
in 1
