# Names that read as identifiers stay bare: letters, digits, _, - and ' after the first.
({ }: 1) { "a_b-c'1" = 1; }
