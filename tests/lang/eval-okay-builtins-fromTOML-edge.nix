# builtins.fromTOML edge cases: every string form, integers in every base with
# underscores and at their limits, special floats, nested inline tables and arrays, quoted
# and unicode keys, an empty document, and CRLF line ends.
{
  strings = builtins.fromTOML ''
    basic = "tab\there \"quoted\" \u00e9 \U0001F600"
    literal = 'C:\path\no\escapes'
    multi = """
    first
    second \
        joined"""
    multiLiteral = ''''
    raw \n text
    ''''
    quotes = """two "" quotes"""
  '';
  numbers = builtins.fromTOML ''
    dec = +1_000_000
    neg = -17
    max = 9223372036854775807
    min = -9223372036854775808
    hex = 0xDEAD_beef
    oct = 0o755
    bin = 0b1010
    float = 6.626e-34
    negZero = -0.0
    exp = 5E+22
    under = 9_224_617.445_991
  '';
  specials = map builtins.typeOf (builtins.attrValues (builtins.fromTOML ''
    a = inf
    b = -inf
    c = nan
  ''));
  nesting = builtins.fromTOML ''
    inline = { a = { b = [ 1, { c = "d" } ] }, "quoted key" = true }
    arrays = [ [ 1, 2 ], [ "x", [ ] ], ]
    "ʎǝʞ".'dotted key' = 1
  '';
  empty = builtins.fromTOML "";
  onlyComments = builtins.fromTOML "# nothing\n\n   # here\n";
  crlf = builtins.fromTOML "a = 1\r\n[t]\r\nb = 'x'\r\n";
}
