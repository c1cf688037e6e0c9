# Nix ends a comment at CR as well as at LF.[ 1 # one  2 ]
