''never closed
