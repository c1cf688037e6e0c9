# The @-name is the argument as given: defaults do not appear in it.
let f = { a ? 1, b ? 2 }@s: builtins.attrNames s; in
[ (f { }) (f { a = 3; }) (f { b = 4; a = 5; }) ]
