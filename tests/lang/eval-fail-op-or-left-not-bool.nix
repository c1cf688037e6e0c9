"yes" || true
