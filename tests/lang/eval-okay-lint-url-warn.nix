# With lint-url-literals = warn, an unquoted URL is accepted with a warning; a quoted one
# is not linted.
[ https://example.org/a?b=c "http://example.com" ]
