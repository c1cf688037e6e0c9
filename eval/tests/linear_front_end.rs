//! Parsing and compiling take time and memory linear in the size of the input, for every
//! construct: each program below is compiled at two sizes, the second twice the first,
//! and the work (counted as allocations and bytes allocated, which a quadratic step shows as
//! a quadrupling) must about double. Nothing is timed.
//!
//! The counts come from a global allocator that counts what it hands out; the whole check
//! is one test, so that nothing else allocates meanwhile.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is passed on unchanged to the system allocator, which upholds
// `GlobalAlloc`'s contract; the counters are only read.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        // SAFETY: as above.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size as u64, Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Allocations and bytes allocated to compile `src`.
fn work(src: &str) -> (u64, u64) {
    let ev = nixvm::Evaluator::new();
    let (a, b) = (ALLOCATIONS.load(Relaxed), BYTES.load(Relaxed));
    let compiled = ev.compile(src, "«string»", "/".as_ref());
    let work = (ALLOCATIONS.load(Relaxed) - a, BYTES.load(Relaxed) - b);
    if let Err(e) = compiled {
        panic!("{}: {}", &src[..src.len().min(60)], e.message());
    }
    work
}

fn rep(s: &str, n: usize) -> String {
    s.repeat(n)
}

/// A construct's name, and its program of size about `n`.
type Construct = (&'static str, fn(usize) -> String);

/// Each construct.
fn constructs() -> Vec<Construct> {
    vec![
        ("long selection", |n| format!("x: x{}", rep(".a", n))),
        ("long selection with default", |n| {
            format!("x: x{} or 1", rep(".a", n))
        }),
        ("long has-attr", |n| {
            format!("x: x ?{}", rep(" a.", n) + "a")
        }),
        ("long nested definition", |n| {
            format!("{{ a{} = 1; }}", rep(".a", n))
        }),
        ("many merged definitions", |n| {
            let mut s = String::from("{ ");
            for i in 0..n {
                s.push_str(&format!("a.b{i} = {i}; "));
            }
            s + "}"
        }),
        ("set merged into a nested one", |n| {
            format!(
                "{{ a = {{ {} }}; a.z = 1; }}",
                rep("b = { ", n) + &rep("}; ", n)
            )
            .replace("b = { }; ", "b = 1; ")
        }),
        ("many bindings", |n| {
            let mut s = String::from("rec { ");
            for i in 0..n {
                s.push_str(&format!("a{i} = a0; "));
            }
            s + "}"
        }),
        ("many let bindings", |n| {
            let mut s = String::from("let ");
            for i in 0..n {
                s.push_str(&format!("a{i} = a0; "));
            }
            s + "in a1"
        }),
        ("many inherits", |n| {
            let mut s = String::from("x: { inherit (x)");
            for i in 0..n {
                s.push_str(&format!(" a{i}"));
            }
            s + "; }"
        }),
        ("many formals", |n| {
            let mut s = String::from("{ a0");
            for i in 1..n {
                s.push_str(&format!(", a{i} ? a0"));
            }
            s + " }: a0"
        }),
        ("long list", |n| format!("[ {}]", rep("1 ", n))),
        ("long application", |n| format!("f: f{}", rep(" 1", n))),
        ("long sum", |n| format!("x: x{}", rep(" + x", n))),
        ("long concatenation", |n| format!("x: x{}", rep(" ++ x", n))),
        ("long update", |n| format!("x: x{}", rep(" // x", n))),
        ("long implication", |n| format!("x: x{}", rep(" -> x", n))),
        ("long or", |n| format!("x: x{}", rep(" || x", n))),
        ("long string", |n| format!("\"{}\"", rep("a\\n", n))),
        ("many interpolations", |n| {
            format!("x: \"{}\"", rep("${x}a", n))
        }),
        ("long indented string", |n| {
            format!("x: ''\n{}''", rep("  a ${x} ''$ '''\n", n))
        }),
        ("long path", |n| format!("./a{}", rep("/a", n))),
        ("nested parentheses", |n| rep("(", n) + "1" + &rep(")", n)),
        ("nested lists", |n| rep("[ ", n) + &rep("]", n)),
        ("nested sets", |n| rep("{ a = ", n) + "1" + &rep("; }", n)),
        ("nested functions", |n| rep("x: ", n) + "x"),
        ("nested lets", |n| rep("let a = 1; in ", n) + "a"),
        ("nested withs", |n| rep("with {}; ", n) + "1"),
        ("nested ifs", |n| {
            rep("if true then ", n) + "1" + &rep(" else 2", n)
        }),
        ("nested asserts", |n| rep("assert true; ", n) + "1"),
        ("nested negations", |n| rep("-", n) + "1"),
        ("nested nots", |n| rep("!", n) + "true"),
        ("nested nots in parentheses", |n| {
            rep("!(", n) + "true" + &rep(")", n)
        }),
        ("asserted nots", |n| {
            format!("assert {}true; 1", rep("!", n))
        }),
        ("nested interpolations", |n| {
            rep("\"${", n) + "\"x\"" + &rep("}\"", n)
        }),
        ("nested selections with default", |n| {
            format!("x: {}1", rep("x.a or ", n))
        }),
    ]
}

#[test]
fn work_grows_linearly_with_the_input() {
    const N: usize = 1000;
    let mut failures = Vec::new();
    for (name, program) in constructs() {
        let (a1, b1) = work(&program(N));
        let (a2, b2) = work(&program(2 * N));
        let ratio = |x: u64, y: u64| y as f64 / x.max(1) as f64;
        let (ra, rb) = (ratio(a1, a2), ratio(b1, b2));
        // Linear work doubles (a little less, with fixed costs); quadratic work quadruples.
        if ra > 2.5 || rb > 2.5 {
            failures.push(format!(
                "{name}: allocations ×{ra:.2} ({a1} → {a2}), bytes ×{rb:.2} ({b1} → {b2})"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "work not linear in the input:\n{}",
        failures.join("\n")
    );
}
