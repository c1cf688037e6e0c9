# lint-absolute-path-literals warns about paths starting with `/` and `~/`, in the order the
# parser meets them.
[ (builtins.baseNameOf /etc/hosts) (builtins.baseNameOf ~/notes.txt) (builtins.baseNameOf ./x) ]
