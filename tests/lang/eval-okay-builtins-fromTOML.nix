# builtins.fromTOML on an ordinary document: key/value pairs, tables, dotted keys, arrays
# and arrays of tables.
builtins.fromTOML ''
  # A configuration file.
  title = "Service"
  port = 8080
  debug = false
  ratio = 0.5

  [owner]
  name = "Jane Doe"
  emails = [ "jane@example.org", "doe@example.org" ]

  [server.limits]
  connections = 100
  timeout.read = 30
  timeout.write = 60

  [[backend]]
  host = "10.0.0.1"
  weight = 3

  [[backend]]
  host = "10.0.0.2"

  [[backend.checks]]
  path = "/health"
''
