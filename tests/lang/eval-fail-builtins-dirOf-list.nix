dirOf [ "/a/b" ]
