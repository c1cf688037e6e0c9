with builtins;
let
  pairs = [
    [ "1.0" "2.3" ]
    [ "2.1" "2.3" ]
    [ "2.3" "2.3" ]
    [ "2.5" "2.3" ]
    [ "3.1" "2.3" ]
    [ "2.3.1" "2.3" ]
    [ "2.3.1" "2.3a" ]
    [ "2.3pre1" "2.3" ]
    [ "2.3pre3" "2.3pre12" ]
    [ "2.3a" "2.3c" ]
    [ "2.3pre1" "2.3c" ]
    [ "2.3pre1" "2.3q" ]
    [ "1.0rc1" "1.0" ]
    [ "1.0-rc1" "1.0rc1" ]
    [ "1.0alpha" "1.0beta" ]
  ];
in
map (p: compareVersions (elemAt p 0) (elemAt p 1)) pairs
