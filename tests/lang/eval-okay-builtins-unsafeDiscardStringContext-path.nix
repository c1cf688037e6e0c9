# A path is copied to the store by the coercion; the result has no context.
with builtins;
let
  s = unsafeDiscardStringContext ./dir5;
in
[
  (hasContext s)
  (hasContext "${./dir5}")
  (s == "${./dir5}")
  (substring 0 11 s)
]
