./data-files - 1
