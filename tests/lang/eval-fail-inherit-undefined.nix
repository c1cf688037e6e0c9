# Nix points at the inherited name (CppNix 2.8 pointed elsewhere).
{ inherit notInScope; }.notInScope
