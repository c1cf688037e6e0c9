0
--option
extra-experimental-features
pipe-operators
--eval
-E
1 |> (x: x + 1)
