"${./data-files/does-not-exist}"
