0
--extra-experimental-features
pipe-operators
--eval
-E
[ 1 ] |> map (x: x + 1)
--strict
