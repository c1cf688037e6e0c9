[ (!true) (!false) (true && false) (true && true) (false || true) (false || false) (true -> false) (false -> false) (false && throw "x") (true || throw "x") (false -> throw "x") ]
