# The language version, and the store directory used without a store.
[ builtins.langVersion builtins.storeDir ]
