{
  x = builtins.genList builtins.splitVersion 2;
}
