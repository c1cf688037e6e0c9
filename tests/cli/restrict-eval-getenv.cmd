0
--restrict-eval
--eval
-E
builtins.getEnv "HOME"
