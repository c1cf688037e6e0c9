# A repository that is not local needs the network, which nixvm does not use: an error.
fetchGit { url = "https://example.org/repo.git"; rev = "0000000000000000000000000000000000000000"; }
