//! The front end against messages of Nix's.

use super::*;

/// Parses `src` as text when it is, as bytes otherwise (building the tree where it can).
fn check(src: &[u8], opts: &Options) -> Parsed {
    match std::str::from_utf8(src) {
        Ok(text) => parse(Input::Text(text), opts, Goal::Expr),
        Err(_) => parse(Input::Bytes(src), opts, Goal::Expr),
    }
}

fn first_error(src: &str) -> Option<(String, (usize, usize))> {
    let opts = Options {
        origin: "«stdin»",
        pipe_operators: false,
        pure_eval: false,
        lints: Lints::default(),
    };
    let c = check(src.as_bytes(), &opts);
    c.errors
        .first()
        .map(|d| (d.message.clone(), line_col(src.as_bytes(), d.offset)))
}

#[test]
fn accepts_programs() {
    for src in [
        "1",
        "let a = 1; in a",
        "{ a.b = 1; a.c = 2; }",
        "x: x",
        "{ a, b ? 1, ... }@c: a",
        "[ 1 2 (3) ]",
        "\"a${b}c\"",
        "''\n  a\n''",
        "a.b.c or d",
        "./a/${b}/c",
        "<nixpkgs>",
        "-1 - -2",
        "assert a; b",
        "with a; b",
        "if a then b else c",
        "rec { a = 1; }",
        "let { body = 1; }",
        "f or",
        "{ inherit a; inherit (b) c d; }",
    ] {
        assert_eq!(first_error(src), None, "{src}");
    }
}

#[test]
fn syntax_errors_as_nix_words_them() {
    let cases = [
        ("&& true", "syntax error, unexpected '&&'", (1, 1)),
        (
            "a.assert",
            "syntax error, unexpected 'assert', expecting identifier or 'or' or '${' or '\"'",
            (1, 3),
        ),
        (
            "{ a ... }",
            "syntax error, unexpected '...', expecting '.' or '='",
            (1, 5),
        ),
        (
            "if 1 else",
            "syntax error, unexpected 'else', expecting 'then'",
            (1, 6),
        ),
        (
            "{ 1 = x; }",
            "syntax error, unexpected integer, expecting 'inherit'",
            (1, 3),
        ),
        (
            "{ 1.5 = x; }",
            "syntax error, unexpected floating-point literal, expecting 'inherit'",
            (1, 3),
        ),
        ("1 != != 2", "syntax error, unexpected '!='", (1, 6)),
        (
            "a.''",
            "syntax error, unexpected start of an indented string, expecting identifier or 'or' or '${' or '\"'",
            (1, 3),
        ),
        (
            "{ inherit http://x; }",
            "syntax error, unexpected URI",
            (1, 11),
        ),
        (
            "123 é 4",
            "syntax error, unexpected invalid token, expecting end of file",
            (1, 5),
        ),
        (
            "(\n# no content\n",
            "syntax error, unexpected end of file",
            (3, 1),
        ),
        (
            "a 1\"$",
            "syntax error, unexpected end of file, expecting '\"'",
            (1, 6),
        ),
        (
            "let {\n  f = {x, y : [z]}: x;\n}",
            "syntax error, unexpected ':', expecting '}' or ','",
            (2, 13),
        ),
        ("1 == 2 == 3", "syntax error, unexpected '=='", (1, 8)),
    ];
    for (src, msg, pos) in cases {
        assert_eq!(first_error(src), Some((msg.to_string(), pos)), "{src}");
    }
}

fn checked(src: &str, pure_eval: bool, lints: Lints) -> Parsed {
    let opts = Options {
        origin: "«stdin»",
        pipe_operators: false,
        pure_eval,
        lints,
    };
    check(src.as_bytes(), &opts)
}

#[test]
fn home_paths_in_pure_evaluation() {
    let c = checked("[ ~/a ]", true, Lints::default());
    assert_eq!(
        c.errors,
        [Diagnostic {
            offset: 2,
            message: "the path '~/a' can not be resolved in pure mode".into()
        }]
    );
    assert!(
        checked("[ ~/a ]", false, Lints::default())
            .errors
            .is_empty()
    );
}

#[test]
fn lint_warnings_stop_at_the_first_error() {
    let lints = Lints {
        url_literals: LintLevel::Warn,
        ..Lints::default()
    };
    let c = checked("[ a:b ] ++ + [ c:d ]", false, lints);
    assert_eq!(c.warnings.len(), 1);
    assert_eq!(c.errors.len(), 1);
}

#[test]
fn a_nul_byte_ends_the_input() {
    let c = checked("1\0 ]]", false, Lints::default());
    assert!(c.errors.is_empty());
    let tree = c.tree.expect("a tree");
    assert_eq!(u32::from(tree.green().text_len()), 1);
}

/// Checks `src` on a thread with a small stack: the front end must not recurse as deep as
/// the input nests, and must take time about linear in the input (a quadratic step would
/// make these inputs take minutes).
fn check_on_small_stack(src: String) -> Parsed {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let opts = Options {
                origin: "«stdin»",
                pipe_operators: false,
                pure_eval: false,
                lints: Lints::default(),
            };
            check(src.as_bytes(), &opts)
        })
        .expect("thread starts")
        .join()
        .expect("no panic")
}

#[test]
fn deep_and_long_inputs() {
    const N: usize = 50_000;
    let accepted = [
        "(".repeat(N) + "1" + &")".repeat(N),
        "[".repeat(N) + &"]".repeat(N),
        "{a=".repeat(N) + "1;" + &"};".repeat(N - 1) + "}",
        "x: ".repeat(N) + "1",
        "let a = 1; in ".repeat(N) + "a",
        "if true then ".repeat(N) + "1" + &" else 2".repeat(N),
        "\"${".repeat(N) + "\"x\"" + &"}\"".repeat(N),
        "-".repeat(N) + "1",
        "!".repeat(N) + "true",
        vec!["1"; N].join("+"),
        "a".to_string() + &".a".repeat(N),
        "f ".to_string() + &vec!["1"; N].join(" "),
    ];
    for src in accepted {
        let c = check_on_small_stack(src.clone());
        assert!(c.errors.is_empty(), "{:?}: {:?}", &src[..20], c.errors[0]);
    }
    let rejected = [
        ("(".repeat(N), "syntax error, unexpected end of file"),
        (
            "(".repeat(N) + &";".repeat(N),
            "syntax error, unexpected ';'",
        ),
        (
            "(".repeat(N) + &"1 1 1 ;".repeat(N),
            "syntax error, unexpected ';'",
        ),
        (
            "(".repeat(N) + &"- ".repeat(N) + "1;",
            "syntax error, unexpected ';'",
        ),
        // No comment is closed: each `/*` would look for its end to the end of the input.
        ("/* ".repeat(N), "syntax error, unexpected '/'"),
        (
            "{".repeat(N),
            "syntax error, unexpected '{', expecting 'inherit'",
        ),
        ("./a${".repeat(N), "syntax error, unexpected end of file"),
        (
            "9".repeat(N),
            "invalid integer '9999999999999999999999999999999999999999",
        ),
        (
            // Two nested sets merged: the duplicate is at the bottom.
            format!(
                "{{ a = {}1{}; a = {}2{}; }}",
                "{b=".repeat(N),
                ";}".repeat(N),
                "{b=".repeat(N),
                ";}".repeat(N)
            ),
            "attribute 'a.b.b.b",
        ),
    ];
    for (src, message) in rejected {
        let c = check_on_small_stack(src.clone());
        let first = c.errors.first().expect("an error");
        assert!(
            first.message.starts_with(message),
            "{:?}: {:?}",
            &src[..20],
            first.message.chars().take(100).collect::<String>()
        );
    }
}

#[test]
fn invalid_utf8_is_an_invalid_token() {
    let opts = Options {
        origin: "«stdin»",
        pipe_operators: false,
        pure_eval: false,
        lints: Lints::default(),
    };
    let c = check(b"1 + \xff", &opts);
    assert_eq!(
        c.errors[0].message,
        "syntax error, unexpected invalid token"
    );
    assert_eq!(c.errors[0].offset, 4);
    // Inside a string any byte goes.
    assert!(check(b"\"\xff\xfe\"", &opts).errors.is_empty());
}

/// The first error of `src` read as REPL bindings, `None` if it parses; and the text of the
/// set its tree holds.
fn repl_bindings(src: &str, semicolon: bool) -> (Option<String>, Option<String>) {
    let opts = Options {
        origin: "«string»",
        pipe_operators: false,
        pure_eval: false,
        lints: Lints::default(),
    };
    let parsed = parse(Input::Text(src), &opts, Goal::ReplBindings { semicolon });
    let tree = parsed.tree.map(|t| {
        let root = rnix::SyntaxNode::new_root(t.green().clone());
        let set = root.first_child().expect("a set");
        assert_eq!(set.kind(), rnix::SyntaxKind::NODE_ATTR_SET);
        set.to_string()
    });
    (parsed.errors.first().map(|d| d.message.clone()), tree)
}

#[test]
fn repl_bindings_as_nix_reads_them() {
    // As typed: bindings end with `;`.
    let (e, tree) = repl_bindings("a = 1; inherit (b) c;", false);
    assert_eq!(e, None);
    assert_eq!(tree.as_deref(), Some("a = 1; inherit (b) c;"));
    assert_eq!(
        repl_bindings("x = 1", false).0.as_deref(),
        Some("syntax error, unexpected end of file, expecting ';'")
    );
    // With a `;` added after the text, which takes no text in the tree.
    assert_eq!(repl_bindings("x = 1", true), (None, Some("x = 1".into())));
    assert_eq!(repl_bindings("inherit x", true).0, None);
    // A comment running to the end takes the `;`, as it takes Nix's.
    assert_eq!(
        repl_bindings("x = 1 # c", true).0.as_deref(),
        Some("syntax error, unexpected end of file, expecting ';'")
    );
    assert_eq!(repl_bindings("x = 1 /* c */", true).0, None);
    // Inside a string, it is the string's.
    assert!(
        repl_bindings("x = \"a", true)
            .0
            .is_some_and(|e| e.contains("unexpected end of file"))
    );
    // An expression is not bindings; neither is nothing.
    assert_eq!(
        repl_bindings("1 + 1", true).0.as_deref(),
        Some("syntax error, unexpected integer, expecting 'inherit'")
    );
    assert!(repl_bindings("a = 1; a = 2;", false).0.is_some());
}
