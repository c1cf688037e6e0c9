let n = 1; in ./data-files/${n}
