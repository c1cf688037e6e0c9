# A dash splits only when the next byte is not an ASCII letter; a trailing dash never
# does.
with builtins;
map parseDrvName [
  ""
  "-"
  "--"
  "-1"
  "foo-"
  "foo--1"
  "foo-_1"
  "foo-.1"
  "foo- 1"
  "foo-é1"
  "x-ñ"
  "foo-Zeta-9"
  "name-with-trailing-dash-"
]
