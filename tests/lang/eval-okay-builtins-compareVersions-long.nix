# Many components, components that differ only in length, non-ASCII bytes (compared as
# bytes), and the result used to sort.
[
  (builtins.compareVersions "1.2.3.4.5.6" "1.2.3.4.5.7")
  (builtins.compareVersions "1.2.3.4.5.6" "1.2.3.4.5")
  (builtins.compareVersions "10" "9")
  (builtins.compareVersions "1.10" "1.9")
  (builtins.compareVersions "ä" "ö")
  (builtins.compareVersions "1.0ä" "1.0")
  (builtins.compareVersions "2.0pre" "2.0")
  (builtins.compareVersions "2.0pre1" "2.0pre")
  (builtins.sort (a: b: builtins.compareVersions a b < 0) [ "1.10" "1.9" "1.9pre" "1.0" "1.9.1" ])
]
