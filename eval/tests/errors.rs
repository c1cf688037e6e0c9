//! The error kinds an embedder matches on, each with its location as data.

use nixvm::{ErrorKind, Evaluator, Limit, Limits};

/// Evaluates `src` completely; returns the error's kind and `line:column` (empty where
/// the error happened at no place in the source: a limit reached while the embedder's own
/// deep forcing ran, between elements computed in place).
fn fail(ev: &Evaluator, src: &str) -> (ErrorKind, String) {
    let e = ev
        .eval_expr(src)
        .and_then(|v| v.deep_force())
        .expect_err(src);
    let at = match e.location() {
        Some(at) => {
            assert_eq!(at.file, "«string»");
            format!("{}:{}", at.line, at.column)
        }
        None => String::new(),
    };
    (e.kind().clone(), at)
}

#[test]
fn each_kind_with_its_place() {
    let ev = Evaluator::builder()
        .limits(Limits {
            max_call_depth: 1000,
            ..Limits::default()
        })
        .build();
    let (k, at) = fail(&ev, "let s = { a = 1; };\nin s.b");
    assert!(matches!(k, ErrorKind::AttributeMissing { ref name, .. } if name == "b"));
    assert_eq!(at, "2:4");
    let (k, at) = fail(&ev, "1 + builtins.length 2");
    assert!(
        matches!(
            k,
            ErrorKind::TypeMismatch {
                expected: "a list",
                ..
            }
        ),
        "{k:?}"
    );
    assert_eq!(at, "1:5");
    let (k, at) = fail(&ev, "assert 1 == 2; 3");
    assert!(matches!(k, ErrorKind::AssertionFailed(_)));
    assert_eq!(at, "1:1");
    let (k, at) = fail(&ev, "[ (abort \"stop\") ]");
    assert_eq!(k, ErrorKind::Abort("stop".into()));
    assert_eq!(at, "1:4");
    let (k, at) = fail(&ev, "{ a = throw \"no\"; }");
    assert_eq!(k, ErrorKind::Throw("no".into()));
    assert_eq!(at, "1:7");
    let (k, at) = fail(&ev, "let x = x + 1; in x");
    assert_eq!(k, ErrorKind::InfiniteRecursion);
    assert_eq!(at, "1:9");
    let (k, at) = fail(&ev, "let f = x: f x; in f 1");
    assert_eq!(k, ErrorKind::StackOverflow);
    assert_eq!(at, "1:12");
    let (k, at) = fail(&ev, "undefinedName");
    assert_eq!(k, ErrorKind::UndefinedVariable("undefinedName".into()));
    assert_eq!(at, "1:1");

    ev.set_limits(Limits {
        max_steps: Some(100),
        ..ev.limits()
    });
    let (k, at) = fail(
        &ev,
        "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 1000",
    );
    assert_eq!(k, ErrorKind::LimitExceeded(Limit::Steps(100)));
    assert_eq!(at, "1:38");
    ev.set_limits(Limits::default());
    ev.interrupt_handle().trigger();
    let (k, _) = fail(&ev, "1 + 1");
    assert_eq!(k, ErrorKind::Interrupted);
}

#[test]
fn the_trace_is_data_too() {
    let ev = Evaluator::new();
    let e = ev.eval_expr("let f = x: x.a; in f { }").unwrap_err();
    assert!(
        e.trace()
            .iter()
            .any(|t| t.message == "while evaluating the attribute 'a'")
    );
    assert!(e.trace().iter().all(|t| t.location.is_some()));
    assert!(!e.is_catchable());
}
