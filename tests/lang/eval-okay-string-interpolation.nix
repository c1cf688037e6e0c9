let s = "str"; n = { outPath = "/out"; }; f = { __toString = self: "fancy"; }; in [ "a${s}b" "${s}" "${n}" "${f}" "nested ${"in${"ner"}"}" "${s}${s}" ]
