# With __ignoreNulls, null attributes are left out of the derivation (not of the set).
let
  mk = ignore: derivation {
    name = "n";
    builder = "/bin/sh";
    system = "x";
    __ignoreNulls = ignore;
    maybe = null;
    other = "x";
  };
in
[ (mk true).drvPath (mk false).drvPath ((mk true).maybe == null) ]
