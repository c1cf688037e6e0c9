# builtins.fromJSON on an ordinary document: objects become sets, arrays lists, integers
# and floats keep their type, and escapes are decoded.
builtins.fromJSON ''
  {
    "name": "example",
    "version": 3,
    "ratio": 0.75,
    "negative": -12,
    "exp": 2.5E+3,
    "enabled": true,
    "disabled": false,
    "missing": null,
    "tags": ["a", "b", "c"],
    "matrix": [[1, 2], [3, 4], []],
    "nested": { "deeper": { "deepest": {} } },
    "escapes": "\"\\\/\n\r\t",
    "spaced key": 1
  }
''
