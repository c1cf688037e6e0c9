with builtins;
map splitVersion [
  "1.2.3"
  "1.0pre12876"
  "2.3a"
  "1.0-rc1"
  "foo-bar"
  "1.2.3prerelease"
  "4.5-pre-6"
]
