rec { __overrides = throw "overrides evaluated"; a = 1; }
