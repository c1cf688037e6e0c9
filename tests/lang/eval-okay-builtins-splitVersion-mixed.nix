# Letters and digits split apart; every non-alphanumeric byte separates, non-ASCII bytes too.
[
  (builtins.splitVersion "1.2pre3-rc4_5 6")
  (builtins.splitVersion "abc123def")
  (builtins.splitVersion "..1..")
  (builtins.splitVersion "é.1")
  (builtins.splitVersion "")
  (builtins.length (builtins.splitVersion "1.2.3.4.5.6.7.8.9.10"))
  (map builtins.splitVersion [ "0" "a" "-" ])
]
