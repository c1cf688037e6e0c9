# `|>` needs the pipe-operators experimental feature.
[ 1 ] |> builtins.length
