let x = "sub"; y = "/abs"; in [ ./dir/${x} ./dir/${x}/file /root${y} ./a${x}/b ]
