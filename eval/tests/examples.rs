//! The programs in `examples/` do what they say.

#[allow(dead_code)]
#[path = "../examples/call_function.rs"]
mod call_function;
#[allow(dead_code)]
#[path = "../examples/config.rs"]
mod config;
#[allow(dead_code)]
#[path = "../examples/rust_builtin.rs"]
mod rust_builtin;
#[allow(dead_code)]
#[path = "../examples/untrusted.rs"]
mod untrusted;
#[allow(dead_code)]
#[path = "../examples/worker_thread.rs"]
mod worker_thread;

use std::cell::Cell;
use std::rc::Rc;

#[test]
fn config_reads_a_nix_file_into_a_struct() {
    let c = config::load(&config::default_path()).unwrap();
    assert_eq!((c.listen.host.as_str(), c.listen.port), ("0.0.0.0", 8080));
    assert_eq!(c.workers, 8);
    assert_eq!(c.backends.len(), 3);
    assert_eq!(c.backends[2].name, "app-3");
    assert_eq!(c.backends[2].address, "10.0.0.3");
    assert_eq!(c.log_level, config::LogLevel::Info);
}

#[test]
fn config_errors_say_where() {
    let dir = std::env::temp_dir().join(format!("nixvm-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.nix");
    std::fs::write(
        &file,
        "{ listen = { host = \"h\"; port = 70000; }; workers = 1; backends = [ ]; logLevel = \"info\"; }",
    )
    .unwrap();
    let e = config::load(&file).unwrap_err();
    assert_eq!(
        e.message(),
        "invalid value: integer `70000`, expected u16 (at 'listen.port')"
    );
    let at = e.location().unwrap();
    assert_eq!(at.file, file.display().to_string());
    assert_eq!((at.line, at.column), (1, 26));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn untrusted_input_ends_within_its_limits() {
    let ev = untrusted::sandbox();
    let verdicts: Vec<String> = untrusted::HOSTILE
        .iter()
        .map(|e| untrusted::judge(&ev, e))
        .collect();
    assert_eq!(verdicts[0], "value: 3");
    assert_eq!(verdicts[5], "value: \"\"");
    // The step budget, or on a slow machine (a debug build) the deadline, ends the third.
    let starts: [(usize, &[&str]); 6] = [
        (1, &["too deep at «string»:1:"]),
        (
            2,
            &["too much work at «string»:1:", "too slow at «string»:1:"],
        ),
        (3, &["too deep at «string»:1:"]),
        (4, &["not allowed"]),
        (6, &["not Nix at «string»:1:"]),
        (7, &["too hungry at «string»:1:"]),
    ];
    for (i, start) in starts {
        let v = &verdicts[i];
        assert!(start.iter().any(|s| v.starts_with(s)), "{i}: {v}");
    }
}

#[test]
fn call_function_passes_rust_data_through_nix() {
    let invoice = call_function::invoice(&call_function::example_order()).unwrap();
    assert_eq!(
        invoice,
        call_function::Invoice {
            customer: "Ada".into(),
            total: 104,
            lines: vec!["3 x tea".into(), "1 x cake".into()],
        }
    );
}

#[test]
fn rust_builtin_keeps_its_state() {
    let counter = Rc::new(Cell::new(0));
    let ev = rust_builtin::evaluator(counter.clone());
    let text = ev
        .eval_expr(rust_builtin::PROGRAM)
        .unwrap()
        .print(true)
        .unwrap();
    assert_eq!(
        text,
        "{ fallback = false; services = [ { id = \"http-1\"; port = 80; } \
         { id = \"ssh-2\"; port = 22; } ]; }"
    );
    assert_eq!(counter.get(), 2);
}

#[test]
fn worker_thread_serves_async_code() {
    let out = worker_thread::block_on(worker_thread::demo());
    assert_eq!(
        out,
        [
            "4999950000",
            "[ \"a\" \"b\" ]",
            "interrupted by the user",
            "2"
        ]
    );
}
