# nixvm --eval --json: a function cannot be printed as JSON.
{ f = x: x; }
