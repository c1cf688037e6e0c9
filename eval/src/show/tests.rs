//! Expectations for small expressions. `AGREED` comes from
//! `nix-instantiate --parse -E` of Nix 2.8 (with `/tmp` as the working
//! directory and `/root` as home), kept only where the source of current Nix
//! prints the same. `CURRENT_ONLY` covers forms where 2.8 prints differently
//! (`$` escaping, `inherit` display, formals and binding order, empty string
//! pieces, merged dynamic attributes, pipes); those expectations are derived
//! from current Nix's parser and `show` methods.

use std::path::Path;

use rowan::ast::AstNode;

use super::{ShowContext, show_expr};

/// The expression of `src`, parsed by the front end (with the pipe operators).
fn parse(src: &str) -> rnix::ast::Expr {
    use crate::syntax::{Goal, Input, Options, parse};
    let opts = Options {
        origin: "«string»",
        pipe_operators: true,
        pure_eval: false,
        lints: Default::default(),
    };
    let parsed = parse(Input::Text(src), &opts, Goal::Expr);
    assert!(parsed.errors.is_empty(), "{src:?}: {:?}", parsed.errors);
    let tree = parsed.tree.expect("a tree");
    let root = rnix::SyntaxNode::new_root(tree.green().clone());
    rnix::Root::cast(root)
        .and_then(|r| r.expr())
        .expect("expression")
}

fn show(src: &str) -> String {
    let ctx = ShowContext {
        base_dir: Path::new("/tmp"),
        home: Some(Path::new("/root")),
    };
    show_expr(&parse(src), &ctx)
}

fn check(cases: &[(&str, &str)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(src, expected)| {
            let got = show(src);
            (got != *expected).then(|| format!("{src:?}\n  expected {expected}\n  got      {got}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn agreed_with_nix_2_8() {
    check(AGREED);
}

#[test]
fn current_nix_only() {
    check(CURRENT_ONLY);
}

#[test]
fn home_unknown_keeps_tilde() {
    let expr = parse("~/a/../b");
    let ctx = ShowContext {
        base_dir: Path::new("/tmp"),
        home: None,
    };
    assert_eq!(show_expr(&expr, &ctx), "~/a/../b");
}

const AGREED: &[(&str, &str)] = &[
    // Whitespace-only lines don't count; CR and tabs are not indentation.
    ("''\n   \n  ''", r##""\n""##),
    ("''\n   \n  x''", r##"" \nx""##),
    ("''\n  a\r\n  b\r\n''", r##""a\r\nb\r\n""##),
    ("''\n  a\n\t b\n''", r##""  a\n\t b\n""##),
    ("{ }@x: 1", r##"({  } @ x: 1)"##),
    ("x@{ ... }: 1", r##"({ ... } @ x: 1)"##),
    (r##"1"##, r##"1"##),
    (r##"42"##, r##"42"##),
    (r##"0"##, r##"0"##),
    (r##"007"##, r##"7"##),
    (r##"1.0"##, r##"1"##),
    (r##"0.1"##, r##"0.1"##),
    (r##"1.5e10"##, r##"1.5e+10"##),
    (r##"123456789.0"##, r##"1.23457e+08"##),
    (r##"0.000012345"##, r##"1.2345e-05"##),
    (r##"123456.7"##, r##"123457"##),
    (r##"1."##, r##"1"##),
    (r##".5"##, r##"0.5"##),
    (r##".5e3"##, r##"500"##),
    (r##"1.e2"##, r##"100"##),
    (r##"2.5e-7"##, r##"2.5e-07"##),
    (r##"-1"##, r##"(__sub 0 1)"##),
    (r##"-x"##, r##"(__sub 0 x)"##),
    (r##"- - x"##, r##"(__sub 0 (__sub 0 x))"##),
    (r##"!x"##, r##"(! x)"##),
    (r##"!!x"##, r##"(! (! x))"##),
    (r##"a - b"##, r##"(__sub a b)"##),
    (r##"a + b"##, r##"(a + b)"##),
    (r##"1 + 2 + 3"##, r##"((1 + 2) + 3)"##),
    (r##"a * b / c"##, r##"(__div (__mul a b) c)"##),
    (r##"a - b - c"##, r##"(__sub (__sub a b) c)"##),
    (r##"a < b"##, r##"(__lessThan a b)"##),
    (r##"a <= b"##, r##"(! (__lessThan b a))"##),
    (r##"a > b"##, r##"(__lessThan b a)"##),
    (r##"a >= b"##, r##"(! (__lessThan a b))"##),
    (r##"a == b"##, r##"(a == b)"##),
    (r##"a != b"##, r##"(a != b)"##),
    (r##"a && b || c"##, r##"((a && b) || c)"##),
    (r##"a || b && c"##, r##"(a || (b && c))"##),
    (r##"a -> b -> c"##, r##"(a -> (b -> c))"##),
    (r##"a // b // c"##, r##"(a // (b // c))"##),
    (r##"a ++ b ++ c"##, r##"(a ++ (b ++ c))"##),
    (r##"a + b * c"##, r##"(a + (__mul b c))"##),
    (r##"-a ? b"##, r##"(((__sub 0 a)) ? b)"##),
    (r##"a ? b.c"##, r##"((a) ? b.c)"##),
    (r##"a ? ${b}"##, r##"((a) ? "${b}")"##),
    (r##"a ? "b""##, r##"((a) ? b)"##),
    (r##"a ? "${b}""##, r##"((a) ? "${(b)}")"##),
    (r##"a ? b.${c}"##, r##"((a) ? b."${c}")"##),
    (r##"x.a"##, r##"(x).a"##),
    (r##"x.a.b.c"##, r##"(x).a.b.c"##),
    (r##"x.a or y"##, r##"(x).a or (y)"##),
    (r##"x.a or y.b or z"##, r##"(x).a or ((y).b or (z))"##),
    (r##"x.${a}"##, r##"(x)."${a}""##),
    (r##"x."${a}""##, r##"(x)."${(a)}""##),
    (r##"x."a b""##, r##"(x)."a b""##),
    (r##"x.${"a"}"##, r##"(x).a"##),
    (r##"(f x).a"##, r##"((f x)).a"##),
    (r##"f x y"##, r##"(f x y)"##),
    (r##"(f x) y"##, r##"(f x y)"##),
    (r##"f (g x)"##, r##"(f (g x))"##),
    (r##"(a - b) c"##, r##"(__sub a b c)"##),
    (r##"(-x) y"##, r##"(__sub 0 x y)"##),
    (r##"-(f x) y"##, r##"(__sub 0 (f x y))"##),
    (r##"<nixpkgs>"##, r##"(__findFile __nixPath "nixpkgs")"##),
    (
        r##"<nixpkgs/lib>"##,
        r##"(__findFile __nixPath "nixpkgs/lib")"##,
    ),
    (
        r##"<nixpkgs> x"##,
        r##"(__findFile __nixPath "nixpkgs" x)"##,
    ),
    (r##"f or"##, r##"(f or)"##),
    (r##"map or [1]"##, r##"(map or [ (1) ])"##),
    (r##"g f or"##, r##"(g (f or))"##),
    (r##"(f x) or"##, r##"((f x) or)"##),
    (r##"[ f or ]"##, r##"[ ((f or)) ]"##),
    (r##""abc""##, r##""abc""##),
    (r##""""##, r##""""##),
    (r##""a${b}c""##, r##"("a" + b + "c")"##),
    (r##""${x}""##, r##"(x)"##),
    (r##""${x}${y}""##, r##"(x + y)"##),
    (r##""a\"b\\c\nd\te\rf""##, r##""a\"b\\c\nd\te\rf""##),
    (r##""\$\{""##, r##""\${""##),
    (r##""${"a"}""##, r##"("a")"##),
    (r##""a\nb""##, r##""a\nb""##),
    (r##"''abc''"##, r##""abc""##),
    (r##"''''"##, r##""""##),
    (r##"''${x}''"##, r##"(x)"##),
    (r##"  a"##, r##"a"##),
    (r##"    b"##, r##"b"##),
    (r##"    a"##, r##"a"##),
    (r##"  b"##, r##"b"##),
    (r##"''a${x}b''"##, r##"("a" + x + "b")"##),
    (r##"  a"##, r##"a"##),
    (r##"  b"##, r##"b"##),
    (r##"  a"##, r##"a"##),
    (r##"./a"##, r##"/tmp/a"##),
    (r##"./a/b/../c"##, r##"/tmp/a/c"##),
    (r##"./."##, r##"/tmp"##),
    (r##"../x"##, r##"/x"##),
    (r##"/abs/path"##, r##"/abs/path"##),
    (r##"/abs/./x/../y"##, r##"/abs/y"##),
    (r##"/a/b/${x}"##, r##"(/a/b/ + x)"##),
    (r##"./a/${x}"##, r##"(/tmp/a/ + x)"##),
    (r##"./a/${x}/b"##, r##"(/tmp/a/ + x + "/b")"##),
    (r##"a/b"##, r##"/tmp/a/b"##),
    (r##"~/a"##, r##"/root/a"##),
    (r##"~/a/../b"##, r##"/root/a/../b"##),
    (
        r##"http://example.com/x?y=z"##,
        r##""http://example.com/x?y=z""##,
    ),
    (r##"x:x"##, r##""x:x""##),
    (r##"[ ]"##, r##"[ ]"##),
    (r##"[ 1 2 3 ]"##, r##"[ (1) (2) (3) ]"##),
    (r##"[ (f x) y ]"##, r##"[ ((f x)) (y) ]"##),
    (r##"{ }"##, r##"{ }"##),
    (r##"rec { }"##, r##"rec { }"##),
    (r##"{ a = 1; }"##, r##"{ a = 1; }"##),
    (r##"{ a = 1; b = 2; }"##, r##"{ a = 1; b = 2; }"##),
    (r##"rec { a = 1; b = a; }"##, r##"rec { a = 1; b = a; }"##),
    (r##"{ a.b.c = 1; }"##, r##"{ a = { b = { c = 1; }; }; }"##),
    (
        r##"{ a.b = 1; a.c = 2; }"##,
        r##"{ a = { b = 1; c = 2; }; }"##,
    ),
    (
        r##"{ a = { b = 1; }; a.c = 2; }"##,
        r##"{ a = { b = 1; c = 2; }; }"##,
    ),
    (
        r##"{ a.c = 2; a = { b = 1; }; }"##,
        r##"{ a = { b = 1; c = 2; }; }"##,
    ),
    (
        r##"{ a = { b = 1; }; a = { c = 2; }; }"##,
        r##"{ a = { b = 1; c = 2; }; }"##,
    ),
    (
        r##"{ a = rec { b = 1; }; a.c = 2; }"##,
        r##"{ a = rec { b = 1; c = 2; }; }"##,
    ),
    (
        r##"{ a.c = 2; a = rec { b = 1; }; }"##,
        r##"{ a = { b = 1; c = 2; }; }"##,
    ),
    (r##"{ ${x} = 1; }"##, r##"{ "${x}" = 1; }"##),
    (
        r##"{ ${x}.y = 1; z = 2; }"##,
        r##"{ z = 2; "${x}" = { y = 1; }; }"##,
    ),
    (r##"{ "a b" = 1; }"##, r##"{ "a b" = 1; }"##),
    (r##"{ ${"a"} = 1; }"##, r##"{ a = 1; }"##),
    (r##"{ "${"a"}" = 1; }"##, r##"{ "${("a")}" = 1; }"##),
    (r##"{ "" = 1; }"##, r##"{ "" = 1; }"##),
    (r##"{ "1a" = 1; }"##, r##"{ "1a" = 1; }"##),
    (r##"{ "a.b" = 1; }"##, r##"{ "a.b" = 1; }"##),
    (r##"{ a' = 1; a-b = 2; }"##, r##"{ a' = 1; a-b = 2; }"##),
    (r##"{ or = 1; }"##, r##"{ or = 1; }"##),
    (r##"x: x"##, r##"(x: x)"##),
    (r##"x: y: x"##, r##"(x: (y: x))"##),
    (r##"{ a }: a"##, r##"({ a }: a)"##),
    (r##"{ a, b }: a"##, r##"({ a, b }: a)"##),
    (r##"{ a ? 1 }: a"##, r##"({ a ? 1 }: a)"##),
    (r##"{ a, ... }: a"##, r##"({ a, ... }: a)"##),
    (r##"{ ... }: 1"##, r##"({ ... }: 1)"##),
    (r##"{ }: x"##, r##"({  }: x)"##),
    (r##"{ a }@x: a"##, r##"({ a } @ x: a)"##),
    (r##"x@{ a }: a"##, r##"({ a } @ x: a)"##),
    (
        r##"{ a ? 1, b, ... }@x: x"##,
        r##"({ a ? 1, b, ... } @ x: x)"##,
    ),
    (r##"let a = 1; in a"##, r##"(let a = 1; in a)"##),
    (
        r##"let a = 1; b = 2; in a"##,
        r##"(let a = 1; b = 2; in a)"##,
    ),
    (r##"let in x"##, r##"(let in x)"##),
    (r##"let a.b = 1; in a"##, r##"(let a = { b = 1; }; in a)"##),
    (r##"let { body = 1; }"##, r##"(rec { body = 1; }).body"##),
    (
        r##"let { a = 1; body = a; }"##,
        r##"(rec { a = 1; body = a; }).body"##,
    ),
    (r##"with a; b"##, r##"(with a; b)"##),
    (r##"with a; with b; c"##, r##"(with a; (with b; c))"##),
    (r##"if a then b else c"##, r##"(if a then b else c)"##),
    (
        r##"if a then b else if c then d else e"##,
        r##"(if a then b else (if c then d else e))"##,
    ),
    (r##"assert a; b"##, r##"assert a; b"##),
    (r##"assert a; assert b; c"##, r##"assert a; assert b; c"##),
    (r##"__curPos"##, r##"__curPos"##),
    (r##"{ a = __curPos; }"##, r##"{ a = __curPos; }"##),
    (r##"f __curPos"##, r##"(f __curPos)"##),
    (r##"a.__curPos"##, r##"(a).__curPos"##),
    (r##"x.or"##, r##"(x).or"##),
    (r##"x.a or (y)"##, r##"(x).a or (y)"##),
    (r##"(x.a or y).b"##, r##"((x).a or (y)).b"##),
    (r##"1 + (2 + 3)"##, r##"(1 + (2 + 3))"##),
    (r##"(1 + 2) + 3"##, r##"((1 + 2) + 3)"##),
    (r##"a == b && c == d"##, r##"((a == b) && (c == d))"##),
    (r##"!a && b"##, r##"((! a) && b)"##),
    (r##"!(a && b)"##, r##"(! (a && b))"##),
    (r##"-a * b"##, r##"(__mul (__sub 0 a) b)"##),
    (r##"a ++ [ b ]"##, r##"(a ++ [ (b) ])"##),
    (r##"a // { b = 1; }"##, r##"(a // { b = 1; })"##),
    (r##"f { a = 1; } [ 2 ]"##, r##"(f { a = 1; } [ (2) ])"##),
    (r##"[ { } [ ] ]"##, r##"[ ({ }) ([ ]) ]"##),
    (r##"{ a = x: x; }"##, r##"{ a = (x: x); }"##),
    (
        r##"let f = x: x; in f 1"##,
        r##"(let f = (x: x); in (f 1))"##,
    ),
    (r##"assert a -> b; c"##, r##"assert (a -> b); c"##),
    (r##"(x: x) 1"##, r##"((x: x) 1)"##),
    (r##"a b c d"##, r##"(a b c d)"##),
    (r##"(a b) (c d)"##, r##"(a b (c d))"##),
    (r##""${a}${b}c""##, r##"(a + b + "c")"##),
    (r##""\n""##, r##""\n""##),
    (r##"''a'${x}''"##, r##"("a" + "'" + x)"##),
    (r##"let inherit a; in a"##, r##"(let inherit a; in a)"##),
    (r##"{ "if" = 1; }"##, r##"{ "if" = 1; }"##),
    (
        r##"''  a
  b''"##,
        r##""a\nb""##,
    ),
    (
        r##"''
  a
    b
''"##,
        r##""a\n  b\n""##,
    ),
    (
        r##"''
    a
  b
''"##,
        r##""  a\nb\n""##,
    ),
    (r##"''a'''b''"##, r##"("a" + "''" + "b")"##),
    (r##"''a''\nb''"##, r##"("a" + "\n" + "b")"##),
    (r##"''a''\tb''"##, r##"("a" + "\t" + "b")"##),
    (
        r##"''
  a

  b
''"##,
        r##""a\n\nb\n""##,
    ),
    (
        r##"''

  a
''"##,
        r##""\na\n""##,
    ),
    (r##"''a'${x}''"##, r##"("a" + "'" + x)"##),
    (
        r##"''
  a''\n  b
''"##,
        r##"("a" + "\n" + "b\n")"##,
    ),
    (
        r##""a\
b""##,
        r##""a\nb""##,
    ),
    (
        r##"''a
  ''"##,
        r##""a\n""##,
    ),
    (
        r##"''  
  a
  ''"##,
        r##""a\n""##,
    ),
    (
        r##"''
  a ${x}
    b
''"##,
        r##"("a " + x + "\n  b\n")"##,
    ),
    (
        r##"''	
  a''"##,
        r##""\t\n  a""##,
    ),
];

const CURRENT_ONLY: &[(&str, &str)] = &[
    (r##""a$b""##, r##""a$b""##),
    (r##""$${x}""##, r##""$\${x}""##),
    (r##"''$''"##, r##""$""##),
    (r##"''a''$b''"##, r##"("a" + "$" + "b")"##),
    (r##"''x ''${y}''"##, r##"("x " + "$" + "{y}")"##),
    (
        r##"''
    a''\n''\ b
''"##,
        r##"("a" + "\n" + "b\n")"##,
    ),
    (
        r##"''
  ${x}
  a
''"##,
        r##"(x + "\na\n")"##,
    ),
    (r##"{ x = y; inherit z; }"##, r##"{ inherit z; x = y; }"##),
    (r##"{ inherit (x) a; }"##, r##"{ inherit (x) a; }"##),
    (
        r##"{ inherit a b; c = 1; }"##,
        r##"{ inherit a b; c = 1; }"##,
    ),
    (
        r##"{ inherit (x) b a; inherit (y) c; inherit d; }"##,
        r##"{ inherit d; inherit (x) a b; inherit (y) c; }"##,
    ),
    (r##"{ inherit (x); a = 1; }"##, r##"{ a = 1; }"##),
    (
        r##"let inherit (x) a; in a"##,
        r##"(let inherit (x) a; in a)"##,
    ),
    (r##"{ inherit (x.y) a; }"##, r##"{ inherit ((x).y) a; }"##),
    (
        r##"{ a = { inherit (x) b; }; a = { inherit (y) c; d = 1; }; }"##,
        r##"{ a = { inherit (x) b; inherit (y) c; d = 1; }; }"##,
    ),
    (
        r##"{ a.b = 1; a = { inherit (y) c; }; }"##,
        r##"{ a = { inherit (y) c; b = 1; }; }"##,
    ),
    (
        r##"{ "if" = 1; "rec" = 2; }"##,
        r##"{ "if" = 1; "rec" = 2; }"##,
    ),
    (r##"{ y, x }: x"##, r##"({ x, y }: x)"##),
    (r##"{ b = 1; a = 2; }"##, r##"{ a = 2; b = 1; }"##),
    (
        r##"{ a = { x = 1; }; a = { ${y} = 2; }; }"##,
        r##"{ a = { x = 1; "${y}" = 2; }; }"##,
    ),
    (r##"x |> f"##, r##"(f x)"##),
    (r##"x |> f a"##, r##"(f a x)"##),
    (r##"x |> f |> g"##, r##"(g (f x))"##),
    (r##"f <| g <| x"##, r##"(f (g x))"##),
    (r##"x |> (a - b)"##, r##"(__sub a b x)"##),
    // Raw CR and CR LF in a `"…"` string become LF; an escaped `\r` stays.
    ("\"a\rb\r\nc\\r\"", r##""a\nb\nc\r""##),
    (r##"./a/b/${x}"##, r##"(/tmp/a/b/ + x)"##),
    (r##"/${x}"##, r##"(/ + x)"##),
    (r##"~/${x}"##, r##"(/root/ + x)"##),
];
