# The names in `builtins` must be current Nix's, as an impure `nix-instantiate --eval` with
# no experimental features has them. The expected list is taken from current Nix's source
# (the primops it registers and the constants it adds, `__` prefixes dropped), not from the
# 2.8 oracle, which lacks many of them and still has `fetchTree` ungated.
#
# Left out, as in current Nix:
#   fetchFinalTree, forceLazyFetcherAttr   internal primops, never in `builtins`
#   fetchTree                              needs the fetch-tree (or flakes) feature
#   fetchClosure                           needs the fetch-closure feature
#   outputOf                               needs the dynamic-derivations feature
#   importNative, exec                     exist only with allow-unsafe-native-code-during-evaluation
#   getFlake, parseFlakeRef, flakeRefToString
#                                          come with the flakes feature
# Nothing else is missing: the network fetchers (fetchurl, fetchTarball, fetchGit,
# fetchMercurial) exist and fail with an "is not supported yet" error when called.
# `currentTime` and `currentSystem` are there because tests run impure.
builtins.attrNames builtins
