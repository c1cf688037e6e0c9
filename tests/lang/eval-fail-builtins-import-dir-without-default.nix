import ./data-files/dir
