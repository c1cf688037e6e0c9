# __curPos gives the file, line and column where it stands, wherever that is.
let
  pos = __curPos;
  inList = [ __curPos ];
in
[
  pos.line
  pos.column
  (builtins.head inList).column
  { inherit (__curPos) line column; }
  (builtins.typeOf __curPos.file)
]
