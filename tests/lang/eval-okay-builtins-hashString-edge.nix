# Bytes are hashed as they are; the context of the string does not matter.
with builtins;
let
  p = "/nix/store/ihkdxl68m6cmk3h3fmj7a8jmq3mnaz2w-foo";
  big = concatStringsSep "" (genList (i: "0123456789abcdef") 65536);
in
[
  (hashString "sha256" "héllo → wörld 💡")
  (hashString "md5" "a\nb\tc\r\n")
  (hashString "sha256" (appendContext p { ${p} = { path = true; }; }) == hashString "sha256" p)
  (hasContext (hashString "sha256" (appendContext p { ${p} = { path = true; }; })))
  (hashString "sha512" big)
  (hashString "sha1" (substring 0 1000000 big))
]
