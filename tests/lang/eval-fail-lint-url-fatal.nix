# With lint-url-literals = fatal, an unquoted URL is a parse error.
{ homepage = mirror://gnu/hello; }
