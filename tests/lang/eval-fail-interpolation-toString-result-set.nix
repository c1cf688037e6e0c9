# `__toString` returning a set without `__toString` or `outPath`: the coercion's own line
# ("path segment") is the innermost, under the one about the result.
"x${{ __toString = self: { }; }}"
