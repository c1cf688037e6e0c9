# Imported by the corpus: the end of the chain, which fails.
{ n }: if n > 0 then n else throw "end of the import chain reached with ${toString n}"
