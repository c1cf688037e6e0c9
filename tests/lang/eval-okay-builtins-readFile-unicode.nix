# Non-ASCII file names and contents are bytes, read as they are. (Path literals are ASCII,
# so the name is in a string.)
[
  (builtins.readFile ("${toString ./data-files}/unicode-" + "é.txt"))
  (builtins.readFile "${toString ./data-files}/unicode-é.txt")
]
