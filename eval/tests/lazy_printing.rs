//! What `nix-instantiate --eval` prints for values not forced yet: a thunk as `<CODE>`, and
//! what Nix never makes a thunk for as its value. The expected outputs are CppNix's.

fn eval_lazily(src: &str) -> String {
    let ev = nixvm::Evaluator::new();
    let v = ev.eval_expr(src).expect("evaluates");
    ev.print(&v, false).expect("prints")
}

/// A formal's default that is a constant (a number, a string without interpolation, a
/// global) is that value itself; any other default is a thunk.
#[test]
fn constant_defaults_are_values() {
    let cases = [
        (
            r#"({ a ? [], b ? null, c ? "x", d ? {}, e ? 1, f ? true, g ? 1.5, i ? map, j ? (false), l ? x: x, m ? -1 }: { inherit a b c d e f g i j l m; }) {}"#,
            r#"{ a = <CODE>; b = null; c = "x"; d = <CODE>; e = 1; f = true; g = 1.5; i = <PRIMOP>; j = false; l = <CODE>; m = <CODE>; }"#,
        ),
        (
            r#"({ x ? ''ab'', y ? "a${"b"}" }: { inherit x y; }) {}"#,
            r#"{ x = "ab"; y = <CODE>; }"#,
        ),
        // A name an enclosing scope rebinds is not the global.
        (
            "let null = 3; in ({ x ? null }: { inherit x; }) {}",
            "{ x = 3; }",
        ),
        (
            "with { null = 3; }; ({ x ? null }: { inherit x; }) {}",
            "{ x = null; }",
        ),
        // Passed, the argument is what the formal is.
        ("({ x ? null }: { inherit x; }) { x = 1; }", "{ x = 1; }"),
    ];
    for (src, expected) in cases {
        assert_eq!(eval_lazily(src), expected, "{src}");
    }
}
