./data-files + 1
