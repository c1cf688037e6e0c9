# A duplicate path whose first part is quoted.
{ "a b".c = 1; "a b" = 2; }
