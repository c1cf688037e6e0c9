[ "a\nb" "tab\there" "cr\rx" "quote\"q" "back\\slash" "dollar\${x}" "$${" "\a\b\c" "$" "${"x"}$" "é ünïcödé 😀" ]
