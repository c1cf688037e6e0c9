//! Evaluates arbitrary input as a Nix expression: it must give a value or an error, never a
//! panic, a crash or a hang.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let ev = nixvm::Evaluator::builder()
        .limits(nixvm::Limits {
            max_call_depth: 10_000,
            ..nixvm::Limits::default()
        })
        .messages(|_| {})
        .build();
    if let Ok(v) = ev.eval_expr(src) {
        let _ = ev.print(&v, true);
    }
});
