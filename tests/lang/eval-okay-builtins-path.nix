[
  (builtins.path { path = ./data-files/dir; })
  (builtins.path { path = ./data-files/dir; name = "renamed"; })
  (builtins.path { path = ./data-files/a.txt; recursive = false; })
  (builtins.path { path = ./data-files/a.txt; })
  (builtins.path { path = toString ./data-files/dir/exec.sh; })
  (builtins.path { path = ./data-files/dir; sha256 = "01ajl0wfpndcpv4zvkvkjxkgwzw38nlj53gs2bp2j3n6af7k80fh"; })
]
