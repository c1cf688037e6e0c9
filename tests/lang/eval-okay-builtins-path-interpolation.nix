[
  "${./data-files/a.txt}"
  "${./data-files/dir}"
  "${./data-files/empty}"
  ("${./data-files/dir}" == builtins.path { path = ./data-files/dir; })
]
