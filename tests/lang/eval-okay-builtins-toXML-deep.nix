# builtins.toXML walks with its own stack: a list nested 3,000 deep prints, each level
# indented by two more spaces (deeper would only make that indentation dominate).
let
  n = 3000;
  deep = builtins.foldl' (acc: _: [ acc ]) [ ] (builtins.genList (x: x) n);
  cat = builtins.concatStringsSep "";
  indent = d: cat (builtins.genList (_: "  ") d);
  depths = builtins.genList (i: i + 1) (n + 1);
  opening = map (d: indent d + "<list>\n") depths;
  closing = map (d: indent (n + 2 - d) + "</list>\n") depths;
  expected = "<?xml version='1.0' encoding='utf-8'?>\n<expr>\n"
    + cat opening + cat closing + "</expr>\n";
in
builtins.toXML deep == expected
