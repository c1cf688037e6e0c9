builtins.path {
  path = ./data-files/a.txt;
  sha256 = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
}
