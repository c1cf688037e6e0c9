./data-files < "/tmp"
