# A formal argument given twice, once with a default.
{ a ? 1, b, a }: b
