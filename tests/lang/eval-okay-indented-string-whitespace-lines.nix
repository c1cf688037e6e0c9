# Lines of only spaces do not limit the indentation and lose their spaces up to it.
''
    first
  
      third
''
