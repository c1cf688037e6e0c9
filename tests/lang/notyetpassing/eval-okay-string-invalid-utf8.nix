# Nix reads source as bytes: a string may hold bytes that are not UTF-8 (this file is not
# valid UTF-8 on purpose). nixvm's source text is UTF-8, so it cannot read this file yet.
{ a = "ÿþ ok"; }
