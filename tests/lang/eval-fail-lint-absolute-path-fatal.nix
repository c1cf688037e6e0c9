# With lint-absolute-path-literals = fatal, a home path is a parse error too.
{ a = ./relative; b = ~/in-home; }
