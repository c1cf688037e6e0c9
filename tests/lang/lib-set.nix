{ value = "from lib-set"; }
