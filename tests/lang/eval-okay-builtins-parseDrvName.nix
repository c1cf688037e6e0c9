with builtins;
map parseDrvName [
  "nix-0.12pre12876"
  "apache-httpd-2.0.48"
  "hello"
  "foo-bar-1.0"
  "firefox-wrapper-120.0"
  "python3.11-requests-2.31.0"
  "perl5.36.0-Foo-Bar-1.0"
  "hello-2.1.1-x"
  "a-1-b-2"
]
