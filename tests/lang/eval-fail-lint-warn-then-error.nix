# A warning the parser gives before a syntax error is printed before the error.
[ http://example.org ] ++
