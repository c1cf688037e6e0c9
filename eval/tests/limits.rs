//! Limits and interruption of an evaluation, seen from the library.

use std::time::{Duration, Instant};

use nixvm::{ErrorKind, Evaluator, Interrupt, Limit, Limits};

/// 2^n calls at a depth of n: as long as needed, never deep.
const EXPONENTIAL: &str = "let f = n: if n == 0 then 1 else f (n - 1) + f (n - 1); in";

fn steps(n: u64) -> Limits {
    Limits {
        max_steps: Some(n),
        ..Limits::default()
    }
}

/// Checks that `ev` evaluates a small program after a limit stopped a large one.
fn still_works(ev: &Evaluator) {
    let v = ev.eval_expr(&format!("{EXPONENTIAL} f 3")).unwrap();
    assert_eq!(v.as_int().unwrap(), 8);
}

#[test]
fn the_handle_can_be_sent_and_shared() {
    fn send_sync<T: Send + Sync + Clone + 'static>() {}
    send_sync::<Interrupt>();
}

#[test]
fn an_interrupt_from_another_thread_ends_the_evaluation() {
    let ev = Evaluator::new();
    let stop = ev.interrupt_handle();
    let trigger = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        stop.trigger();
    });
    let started = Instant::now();
    let e = ev.eval_expr(&format!("{EXPONENTIAL} f 60")).unwrap_err();
    trigger.join().unwrap();
    assert_eq!(e.kind(), &ErrorKind::Interrupted);
    assert_eq!(e.message(), "interrupted by the user");
    // Printed as Nix prints it, while the error still says where evaluation was.
    assert_eq!(e.rendered(), "error: interrupted by the user");
    assert!(e.raw().span().is_some());
    assert!(started.elapsed() < Duration::from_secs(30));
    // The interrupt is used up: the evaluator goes on working.
    assert!(!ev.interrupt_handle().is_triggered());
    still_works(&ev);
}

#[test]
fn a_pending_interrupt_stops_the_next_evaluation_at_once() {
    let ev = Evaluator::new();
    ev.interrupt_handle().trigger();
    let e = ev.eval_expr("1 + 2").unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Interrupted);
    assert_eq!(ev.eval_expr("1 + 2").unwrap().as_int().unwrap(), 3);
    // Reset forgets a trigger.
    ev.interrupt_handle().trigger();
    ev.interrupt_handle().reset();
    assert_eq!(ev.eval_expr("1 + 2").unwrap().as_int().unwrap(), 3);
}

#[test]
fn one_handle_serves_several_evaluators() {
    let stop = Interrupt::new();
    let a = Evaluator::builder().interrupt(stop.clone()).build();
    let b = Evaluator::builder().interrupt(stop.clone()).build();
    stop.trigger();
    assert_eq!(
        a.eval_expr("1").unwrap_err().kind(),
        &ErrorKind::Interrupted
    );
    // Seen once: the other evaluator runs.
    assert!(b.eval_expr("1").is_ok());
}

#[test]
fn try_eval_catches_neither_an_interrupt_nor_a_limit() {
    let ev = Evaluator::builder().limits(steps(10_000)).build();
    let e = ev
        .eval_expr(&format!("{EXPONENTIAL} builtins.tryEval (f 30)"))
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::LimitExceeded(Limit::Steps(10_000)));

    let ev = Evaluator::new();
    let stop = ev.interrupt_handle();
    let trigger = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        stop.trigger();
    });
    let e = ev
        .eval_expr(&format!("{EXPONENTIAL} builtins.tryEval (f 60)"))
        .unwrap_err();
    trigger.join().unwrap();
    assert_eq!(e.kind(), &ErrorKind::Interrupted);
}

#[test]
fn the_step_budget_is_exact_and_deterministic() {
    let program = format!("{EXPONENTIAL} f 10");
    let ev = Evaluator::new();
    assert_eq!(ev.eval_expr(&program).unwrap().as_int().unwrap(), 1024);
    let n = ev.steps_taken();
    assert!(n >= 2047, "{n} steps for 2047 calls");
    ev.eval_expr(&program).unwrap();
    assert_eq!(ev.steps_taken(), n, "the same program takes the same steps");

    ev.set_limits(steps(n));
    assert_eq!(ev.eval_expr(&program).unwrap().as_int().unwrap(), 1024);
    ev.set_limits(steps(n - 1));
    let e = ev.eval_expr(&program).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::LimitExceeded(Limit::Steps(n - 1)));
    assert_eq!(
        e.message(),
        format!("evaluation exceeded its budget of {} steps", n - 1)
    );
    // Each evaluation has the whole budget.
    ev.set_limits(steps(n));
    assert_eq!(ev.eval_expr(&program).unwrap().as_int().unwrap(), 1024);
}

#[test]
fn a_thunk_cut_short_by_a_limit_can_be_forced_again() {
    let ev = Evaluator::new();
    let set = ev
        .eval_expr(&format!("{EXPONENTIAL} {{ x = f 12; }}"))
        .unwrap();
    let x = set
        .as_attrs()
        .unwrap()
        .get(nixvm_value::Symbol::new("x"))
        .unwrap()
        .clone();
    ev.set_limits(steps(1000));
    for _ in 0..2 {
        // Not "infinite recursion": the thunk was restored.
        let e = ev.force(&x).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::LimitExceeded(Limit::Steps(1000)));
    }
    ev.set_limits(Limits::default());
    assert_eq!(ev.force(&x).unwrap().as_int().unwrap(), 4096);
}

#[test]
fn a_timeout_ends_the_evaluation() {
    let timeout = Duration::from_millis(100);
    let ev = Evaluator::builder()
        .limits(Limits {
            timeout: Some(timeout),
            ..Limits::default()
        })
        .build();
    let started = Instant::now();
    let e = ev.eval_expr(&format!("{EXPONENTIAL} f 60")).unwrap_err();
    let took = started.elapsed();
    assert_eq!(e.kind(), &ErrorKind::LimitExceeded(Limit::Time(timeout)));
    assert!(
        took >= timeout && took < Duration::from_secs(30),
        "{took:?}"
    );
    // The next evaluation gets a deadline of its own.
    still_works(&ev);
}

#[test]
fn a_limit_stops_a_builtin_loop() {
    // No closure call at all: a builtin's loop over a long list with a callback that is
    // computed in place still counts its iterations.
    let ev = Evaluator::builder().limits(steps(5_000)).build();
    let e = ev
        .eval_expr("builtins.foldl' builtins.add 0 (builtins.genList (x: x) 100000)")
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::LimitExceeded(Limit::Steps(5_000)));
}

#[test]
fn the_call_depth_limit_is_one_of_the_limits() {
    let ev = Evaluator::builder()
        .limits(Limits {
            max_call_depth: 100,
            ..Limits::default()
        })
        .build();
    let e = ev
        .eval_expr("let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 1000")
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::StackOverflow);
    assert_eq!(ev.limits().max_call_depth, 100);
}

#[test]
fn a_call_over_the_depth_limit_from_a_longer_function_is_reported() {
    // The failing call goes from `long` to `short` (or back, by the parity of the limit):
    // the error must unwind through the callee's frame without reading the caller's code
    // position in it.
    for depth in [100, 101] {
        let ev = Evaluator::builder()
            .limits(Limits {
                max_call_depth: depth,
                ..Limits::default()
            })
            .build();
        let e = ev
            .eval_expr(
                "let short = n: long n; long = n: if n == 0 then 0 else \
                 let a = 1; b = 2; c = [a b n]; in builtins.length c + a + b + short (n - 1); \
                 in long 1000",
            )
            .unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::StackOverflow);
    }
}
