0
--option
system
riscv64-linux
--eval
-E
builtins.currentSystem
