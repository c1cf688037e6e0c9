# The missing name, and the selection in the trace, are shown as Nix prints identifiers.
{ a = { }; }.a."b c"
