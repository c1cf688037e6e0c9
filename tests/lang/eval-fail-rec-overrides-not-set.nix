# `__overrides` must be a set; it is evaluated when the rec set is.
(rec { __overrides = [ ]; a = 1; }).a
