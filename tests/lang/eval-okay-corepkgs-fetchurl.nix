# <nix/fetchurl.nix> is served by the evaluator: its derivations are Nix's, for every way
# of giving the hash, name, unpack and executable.
let
  fetch = args: let d = import <nix/fetchurl.nix> args; in { inherit (d) drvPath outPath; };
  url = "https://example.org/dist/hello-2.12.tar.gz";
  sha256 = "1ayhp9v4m4rdhjmnl2bq3cibrbqqkgjbl3s7yk2nhlh8vj3ay16g";
in {
  plain = fetch { inherit url sha256; };
  hex = fetch { inherit url; sha256 = "cf04af86dc085268c5f4470fbae49b18afbc221b78096aab842d934a76bad0ab"; };
  unpack = fetch { inherit url sha256; unpack = true; };
  executable = fetch { inherit url sha256; executable = true; };
  named = fetch { inherit url sha256; name = "source"; };
  sri = fetch { inherit url; hash = "sha256-zwSvhtwIUmjF9EcPuuSbGK+8Iht4CWqrhC2TSna60Ks="; };
  sha1 = fetch { inherit url; sha1 = "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"; };
  sha512 = fetch { inherit url; sha512 = "309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f"; };
  md5 = fetch { inherit url; md5 = "5eb63bbbe01eeed093cb22bb8f5acdc3"; };
  outputHash = fetch { inherit url; outputHash = sha256; outputHashAlgo = "sha256"; };
  outputHashOnly = fetch { inherit url; outputHash = sha256; };
  outputHashSri = fetch { inherit url; outputHash = "sha256-zwSvhtwIUmjF9EcPuuSbGK+8Iht4CWqrhC2TSna60Ks="; outputHashAlgo = ""; };
  sha1Wins = fetch { inherit url sha256; sha1 = "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"; };
  hashWins = fetch { inherit url sha256; hash = "sha256-zwSvhtwIUmjF9EcPuuSbGK+8Iht4CWqrhC2TSna60Ks="; };
  unpackExecutable = fetch { inherit url sha256; unpack = true; executable = true; };
  system = fetch { inherit url sha256; system = "x86_64-linux"; };
  trailing = fetch { url = "https://example.org/a/b/"; inherit sha256; };
  attrs = builtins.attrNames (import <nix/fetchurl.nix> { inherit url sha256; });
  drvAttrs = (import <nix/fetchurl.nix> { inherit url sha256; }).drvAttrs;
}
