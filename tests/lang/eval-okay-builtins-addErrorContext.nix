with builtins;
[
  (addErrorContext "context" 1)
  (addErrorContext (throw "the message is only evaluated on failure") [ 1 2 ])
  (tryEval (addErrorContext "context" (throw "caught"))).success
  (addErrorContext "context" (tryEval (throw "inner"))).success
]
