let f = args@{ a ? 5 }: [ a (args ? a) ]; in f {}
