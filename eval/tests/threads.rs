//! Evaluators on several threads at once: each is confined to its thread, and nothing
//! shared between them (the symbol table, builtin definitions) makes them wrong or slow.

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use nixvm::Evaluator;

/// A workload that interns many names of its own (`tag` keeps them apart between
/// threads), builds sets of them and reads them back.
fn workload(tag: &str, n: usize) -> String {
    format!(
        r#"let
          names = builtins.genList (i: "{tag}-${{toString i}}") {n};
          set = builtins.listToAttrs (map (name: {{ inherit name; value = builtins.stringLength name; }}) names);
        in builtins.foldl' (acc: name: acc + set.${{name}}) 0 (builtins.attrNames set)"#
    )
}

/// The workload's value and the processor time this thread spent on it (which, unlike
/// the wall-clock time, other programs on a busy machine do not change).
fn run(tag: &str, n: usize) -> (i64, Duration) {
    let ev = Evaluator::new();
    let start = cpu_time();
    let v = ev.eval_expr(&workload(tag, n)).unwrap().as_int().unwrap();
    (v, cpu_time().saturating_sub(start))
}

/// This thread's processor time so far (Linux's scheduler statistics, in nanoseconds).
fn cpu_time() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map(Duration::from_nanos)
        .unwrap_or_default()
}

/// The expected sum: the lengths of "TAG-0" … "TAG-(n-1)".
fn expected(tag: &str, n: usize) -> i64 {
    (0..n)
        .map(|i| (tag.len() + 1 + i.to_string().len()) as i64)
        .sum()
}

#[test]
fn two_evaluators_on_two_threads_at_once() {
    let n = 20_000;
    let barrier = Arc::new(Barrier::new(2));
    let threads: Vec<_> = ["left", "right"]
        .into_iter()
        .map(|tag| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                let mut results = Vec::new();
                for round in 0..3 {
                    // Names shared with the other thread, and names of its own.
                    results.push(run("shared", n).0 == expected("shared", n));
                    let own = format!("{tag}{round}");
                    results.push(run(&own, n).0 == expected(&own, n));
                }
                results
            })
        })
        .collect();
    for t in threads {
        assert!(t.join().unwrap().iter().all(|ok| *ok));
    }
}

#[test]
fn an_evaluator_on_each_of_many_threads() {
    let threads: Vec<_> = (0..8)
        .map(|i| {
            std::thread::spawn(move || {
                let ev = Evaluator::builder()
                    .builtin("double", &["x"], "Doubles.", |args| {
                        Ok(nixvm::Value::Int(args.get::<i64>(0)? * 2))
                    })
                    .build();
                let v = ev.eval_expr(&format!("builtins.double {i}")).unwrap();
                v.as_int().unwrap()
            })
        })
        .collect();
    let results: Vec<i64> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(results, (0..8).map(|i| i * 2).collect::<Vec<_>>());
}

/// A measurement as much as a check (`cargo test --release -p nixvm --test threads --
/// --nocapture measure`): the processor time of a workload alone, then of the same
/// workload on each of two threads at once. Contention on something shared (a lock
/// spinning, cache lines bouncing) would make the second larger.
#[test]
fn measure_two_threads_against_one() {
    let n = if cfg!(debug_assertions) {
        5_000
    } else {
        200_000
    };
    let wall = Instant::now();
    let (v, alone) = run("m-alone", n);
    let alone_wall = wall.elapsed();
    assert_eq!(v, expected("m-alone", n));
    let wall = Instant::now();
    let threads: Vec<_> = ["m-a", "m-b"]
        .into_iter()
        .map(|tag| std::thread::spawn(move || (run(tag, n), expected(tag, n))))
        .collect();
    let mut together = Vec::new();
    for t in threads {
        let ((v, cpu), expected) = t.join().unwrap();
        assert_eq!(v, expected);
        together.push(cpu);
    }
    eprintln!(
        "a workload of {n} new names: alone {alone:?} of processor time \
         (wall clock {alone_wall:?}); two at once on two threads {together:?} \
         (wall clock {:?})",
        wall.elapsed()
    );
}
