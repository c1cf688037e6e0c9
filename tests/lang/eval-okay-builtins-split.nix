with builtins;
[
  (split "(a)b" "abc")
  (split "([ac])" "abc")
  (split "(a)|(c)" "abc")
  (split "([[:upper:]]+)" " FOO ")
  (split "," "a,b,,c")
  (split "," "")
  (split "," "no commas")
  (split "[-.]" "1.2-3")
  (split "(x)(y)?" "axbxyc")
  (split "\n" "line 1\nline 2\n")
]
