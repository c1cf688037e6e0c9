# Imported by the corpus: imports the next file of the chain.
import ./chain-b.nix
