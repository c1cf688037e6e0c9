# The empty name is shown as "".
{ a = 1; }.${""}
