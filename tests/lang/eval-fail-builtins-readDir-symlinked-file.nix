# The message names the file the symlink leads to.
builtins.readDir ./data-files/link-to-a
