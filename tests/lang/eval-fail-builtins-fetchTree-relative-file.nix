# A file: URL names a tarball, which must be given by its absolute path.
builtins.fetchTree "file:sources/source.tar.gz"
