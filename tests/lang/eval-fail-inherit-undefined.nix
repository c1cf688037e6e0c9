{ inherit notInScope; }.notInScope
