# Fixed-output derivations: the output path follows from the hash alone.
let
  fo = attrs: (derivation ({ name = "fo"; builder = "/bin/sh"; system = "x"; } // attrs));
in
map (d: [ d.outPath d.drvPath ]) [
  (fo { outputHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; outputHashAlgo = "sha256"; })
  (fo { outputHash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; outputHashMode = "recursive"; })
  (fo { outputHash = "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73"; outputHashAlgo = "sha256"; outputHashMode = "flat"; })
  (fo { outputHash = "d41d8cd98f00b204e9800998ecf8427e"; outputHashAlgo = "md5"; })
  (fo { outputHash = "sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk="; })
  (fo { outputHash = "sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"; outputHashMode = "recursive"; })
]
