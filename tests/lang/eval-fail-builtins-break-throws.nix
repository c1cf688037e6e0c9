# CppNix 2.8 has no break.
break (throw "the argument failed")
