# `yyOrderFail` is interned first, so its throw is met before `zzOrderFail` differs.
{ yyOrderFail = throw "first"; zzOrderFail = 1; } == { zzOrderFail = 2; yyOrderFail = throw "second"; }
