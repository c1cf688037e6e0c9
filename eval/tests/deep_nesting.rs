//! Deeply nested programs compile and run on an ordinary thread (a 2 MiB stack, as a
//! library user's thread may have), or end in a clear error: the front end never overflows
//! the stack, however the program nests.

fn eval_on_small_stack(src: String) -> Result<String, String> {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let ev = nixvm::Evaluator::new();
            let v = ev.eval_expr(&src).map_err(|e| e.message())?;
            ev.print(&v, false).map_err(|e| e.message())
        })
        .expect("thread starts")
        .join()
        .expect("no panic")
}

#[test]
fn deep_programs_compile_on_a_small_stack() {
    const N: usize = 10_000;
    let rep = |s: &str| s.repeat(N);
    let cases = [
        (rep("(") + "1" + &rep(")"), "1"),
        (rep("[ ") + &rep("]"), "[ <CODE> ]"),
        (rep("{ a = ") + "1" + &rep("; }"), "{ a = <CODE>; }"),
        (format!("{{ a{} = 1; }}", rep(".a")), "{ a = <CODE>; }"),
        (rep("x: ") + "1", "<LAMBDA>"),
        (rep("let a = 1; in ") + "a", "1"),
        (rep("with {}; ") + "1", "1"),
        (rep("if true then ") + "1" + &rep(" else 2"), "1"),
        (rep("assert true; ") + "1", "1"),
        (rep("-") + "1", "1"),
        (rep("!") + "true", "true"),
        (format!("assert {}true; 1", rep("!")), "1"),
        (rep("\"${") + "\"x\"" + &rep("}\""), "\"x\""),
        (format!("let x = {{ }}; in {}1", rep("x.a or ")), "1"),
    ];
    for (src, expected) in cases {
        let got = eval_on_small_stack(src.clone());
        let shown = |s: &str| s.chars().take(40).collect::<String>();
        assert_eq!(got.as_deref(), Ok(expected), "{}", shown(&src));
    }
}

#[test]
fn too_deep_a_program_is_an_error() {
    let src = "[".repeat(100_001) + &"]".repeat(100_001);
    assert_eq!(
        eval_on_small_stack(src),
        Err("expression is nested too deeply".to_string())
    );
}
