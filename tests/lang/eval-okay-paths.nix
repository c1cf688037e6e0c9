[ ./foo ./foo/../bar ./. /absolute/path /a/./b/../c ~/home-rel ./a/b/c ]
