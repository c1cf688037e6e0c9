//! Memory comes back: dropping an evaluator frees everything it allocated, cycles included
//! (the `builtins.builtins` knot, recursive sets and lets), and nothing a caller still
//! holds; and cyclic garbage is collected while an evaluation goes on.
//!
//! Memory is measured exactly: this test binary counts the bytes its allocator hands out
//! and takes back. It holds one test, so that no other thread allocates meanwhile.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use std::path::Path;

use nixvm::{Attr, Evaluator, NixAttrs, ReplInput, Symbol, Value};

/// The system allocator, counting the bytes in use.
struct Counting;

static IN_USE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        IN_USE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        IN_USE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        IN_USE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn in_use() -> isize {
    IN_USE.load(Ordering::Relaxed)
}

/// Makes an evaluator, evaluates recursive sets and lets with it, and drops it.
fn one_evaluator() {
    let ev = Evaluator::new();
    assert_eq!(
        ev.eval_expr("rec { a = b; b = 1; }.a")
            .unwrap()
            .as_int()
            .unwrap(),
        1
    );
    assert!(
        ev.eval_expr("let x = { a = x; }; in x.a ? a")
            .unwrap()
            .as_bool()
            .unwrap()
    );
    assert!(
        ev.eval_expr("builtins.builtins.builtins ? map")
            .unwrap()
            .as_bool()
            .unwrap()
    );
}

fn get(v: &Value, name: &str) -> Value {
    v.as_attrs()
        .and_then(|a| a.get(Symbol::new(name)))
        .and_then(Value::evaluated)
        .unwrap_or_else(|| panic!("an evaluated attribute {name}"))
}

#[test]
fn memory_comes_back() {
    dropping_an_evaluator_frees_what_it_allocated();
    cyclic_garbage_is_collected_during_evaluation();
    big_cycles_are_collected_during_evaluation();
    a_repl_session_keeps_what_it_needs();
    dropping_the_file_cache_frees_its_cycles();
    garbage_derivations_are_collected_during_evaluation();
}

/// A REPL's variables, bound and read as `nixvm repl` does with the library.
struct Repl {
    ev: Evaluator,
    vars: Vec<Attr>,
}

impl Repl {
    fn line(&mut self, text: &str) -> Value {
        self.try_line(text).unwrap()
    }

    fn try_line(&mut self, text: &str) -> Result<Value, nixvm::Error> {
        let scope = NixAttrs::from_unsorted_first_wins(self.vars.clone());
        let code = self
            .ev
            .compile_repl_input(text, "«string»", Path::new("/"), &scope, true)?;
        let v = match code {
            ReplInput::Bindings(code) => {
                let set = self.ev.run_in_scope(code, &scope)?;
                let mut replaced = Vec::new();
                for a in set.as_attrs().unwrap().iter() {
                    if let Some(i) = self.vars.iter().position(|b| b.name == a.name) {
                        replaced.push(self.vars.remove(i).value);
                    }
                    self.vars.push(Attr::new(a.name, a.value.clone()));
                }
                drop(scope);
                self.ev.release_values(replaced);
                Ok(Value::Null)
            }
            ReplInput::Expr(code) => {
                let v: Value = self.ev.run_in_scope(code, &scope)?.into();
                self.ev.deep_force(&v).map(Into::into)
            }
            ReplInput::Incomplete => panic!("{text} is complete"),
        };
        self.ev
            .release_repl_input(self.vars.iter().map(|a| &a.value));
        v
    }
}

/// A REPL session evaluating recursive sets and lets again and again keeps flat memory:
/// the cycles an input leaves are collected after it, those a binding replaces as it
/// does, and the text of a line goes once no value kept points into it. What the values
/// kept need stays: the positions of a set's attributes and a function's code, from the
/// first lines of the session, with their text.
fn a_repl_session_keeps_what_it_needs() {
    let mut repl = Repl {
        ev: Evaluator::new(),
        vars: Vec::new(),
    };
    repl.line("s = { a = builtins.map; }");
    repl.line("h = y: y.missing");
    repl.line("f = { a, b ? 1 }: a + b");
    let lines = [
        "x = rec { a = 1; b = a; c = { d = b; }; }",
        "x.b",
        "r = let x = { a = x; b = 2; }; in x",
        "r.a.b + x.b",
        "let y = rec { a = 1; b = a; c = { d = y; }; }; in y.c.d.b",
        "g = z: z.b",
        "g r",
    ];
    // Runs the lines `n` times; the most memory in use after any of them.
    let run = |repl: &mut Repl, n: usize| {
        let mut peak = 0;
        for _ in 0..n {
            for l in lines {
                repl.line(l);
                peak = peak.max(in_use());
            }
        }
        peak
    };
    let early_peak = run(&mut repl, 300);
    let files = repl.ev.source_files();
    let peak = run(&mut repl, 2_000);
    let more_files = repl.ev.source_files();
    // Lines are let go of by the batch: the number kept goes up and down, within a bound.
    assert!(
        more_files <= files.max(200),
        "14,000 more lines left {more_files} files (before them {files})"
    );
    // Before lines were let go, each kept over a kilobyte: 14 MB for these 14,000. Before
    // the cycles an input leaves were collected after it, they waited for thousands of
    // lines' worth (8,192 candidates): the peak rose by 40 to 90 bytes a line, over 500 KB
    // here.
    assert!(
        peak - early_peak < 64 << 10,
        "14,000 more lines raised the peak of memory in use by {} bytes",
        peak - early_peak
    );
    // The set's line, for the position of its attribute and the excerpt.
    let e = repl.try_line("builtins.toJSON s").unwrap_err();
    assert!(
        e.rendered()
            .contains("at «string»:1:7:\n            1| s = { a = builtins.map; }"),
        "{}",
        e.rendered()
    );
    // The function's own line, with its text for the excerpt.
    let e = repl.try_line("h {}").unwrap_err();
    let at = e.location().expect("a location");
    assert_eq!((at.line, at.column), (1, 8));
    assert_eq!(at.source_text(), "y.missing");
    // A call with an argument the function does not take, and a type error in its body:
    // both point into the line that defined it, 14,000 lines earlier.
    for (call, message, column) in [
        (
            "f { a = 1; c = 1; }",
            "called with unexpected argument 'c'",
            5,
        ),
        (
            "f { a = \"x\"; }",
            "cannot coerce an integer to a string",
            23,
        ),
    ] {
        let e = repl.try_line(call).unwrap_err();
        let rendered = e.rendered();
        assert!(rendered.contains(message), "{rendered}");
        assert!(
            rendered.contains(&format!(
                "at «string»:1:{column}:\n            1| f = {{ a, b ? 1 }}: a + b"
            )),
            "{rendered}"
        );
    }
}

/// A loop making a cycle per iteration (a recursive `let`) and dropping it: the cycles are
/// collected as evaluation goes on, so the memory in use while the evaluator lives stays
/// what a few thousand of them take, not 200,000.
fn cyclic_garbage_is_collected_during_evaluation() {
    let ev = Evaluator::new();
    let program = |n: u32| {
        format!(
            "builtins.foldl' (acc: i: acc + (let x = {{ a = x; b = i; }}; in x.a.b)) 0 \
             (builtins.genList (x: x) {n})"
        )
    };
    let n = 200_000;
    // Once, so that what stays for good (the parsed source, interned names) is there.
    assert_eq!(ev.eval_expr(&program(1)).unwrap().as_int().unwrap(), 0);
    let before = in_use();
    let sum = ev.eval_expr(&program(n)).unwrap().as_int().unwrap();
    assert_eq!(sum, i64::from(n) * i64::from(n - 1) / 2);
    let kept = in_use() - before;
    // Each cycle (a thunk and a set) takes well over 100 bytes: 200,000 of them kept
    // would be over 20 MB.
    assert!(kept < 4 << 20, "{kept} bytes kept after 200,000 cycles");
}

/// Cycles larger than the first budget (a set of a hundred attributes referring to it, a
/// `rec` ring of a hundred bindings) are collected during evaluation too: a long run making
/// one per iteration keeps flat memory.
fn big_cycles_are_collected_during_evaluation() {
    let ev = Evaluator::new();
    let through_a_set = |n: u32| {
        let attrs: String = (1..100)
            .map(|k| format!("a{k} = s.a{} + 1; ", k - 1))
            .collect();
        format!(
            "builtins.foldl' (acc: i: acc + (let s = {{ a0 = i; {attrs}}}; in s).a0) 0 \
             (builtins.genList (x: x) {n})"
        )
    };
    let ring = |n: u32| {
        let attrs: String = (1..100)
            .map(|k| format!("a{k} = a{} + a{}; ", k - 1, (k + 1) % 100))
            .collect();
        format!(
            "builtins.foldl' (acc: i: acc + (rec {{ a0 = i; {attrs}}}).a0) 0 \
             (builtins.genList (x: x) {n})"
        )
    };
    for program in [&through_a_set as &dyn Fn(u32) -> String, &ring] {
        assert_eq!(ev.eval_expr(&program(1)).unwrap().as_int().unwrap(), 0);
        let before = in_use();
        let n = 10_000;
        let sum = ev.eval_expr(&program(n)).unwrap().as_int().unwrap();
        assert_eq!(sum, i64::from(n) * i64::from(n - 1) / 2);
        let kept = in_use() - before;
        // Each iteration's cycle takes about 10 KB: 10,000 kept were 100 MB. What is made
        // between two collections (131,072 thunks: some 1,300 iterations) waits for one.
        assert!(kept < 40 << 20, "{kept} bytes kept after {n} big cycles");
    }
}

fn dropping_an_evaluator_frees_what_it_allocated() {
    // Warm up what lives as long as the thread or process (interned names, caches).
    for _ in 0..1_000 {
        one_evaluator();
    }
    let after_1k = in_use();
    for _ in 1_000..100_000 {
        one_evaluator();
    }
    let after_100k = in_use();
    // Before the knot was untied, every evaluator kept about 13 KB.
    assert!(
        after_100k - after_1k < 16 << 10,
        "99,000 more evaluators kept {} bytes",
        after_100k - after_1k
    );

    // What a caller still holds survives the evaluator: the cycle it is part of is kept,
    // and freed when the caller lets go.
    let before = in_use();
    let (x, builtins) = {
        let ev = Evaluator::new();
        let x: Value = ev.eval_expr("let x = { a = x; }; in x").unwrap().into();
        ev.force(
            &get(&x, "a")
                .as_attrs()
                .unwrap()
                .get(Symbol::new("a"))
                .unwrap()
                .clone(),
        )
        .unwrap();
        let b: Value = ev.eval_expr("builtins").unwrap().into();
        ev.force(b.as_attrs().unwrap().get(Symbol::new("builtins")).unwrap())
            .unwrap();
        (x, b)
    };
    let a = get(&x, "a");
    assert!(get(&a, "a").as_attrs().is_some(), "x.a.a is still x");
    assert!(
        get(&get(&builtins, "builtins"), "builtins")
            .as_attrs()
            .is_some()
    );
    drop(a);
    drop(x);
    drop(builtins);
    // Now nothing refers to them but themselves: a new evaluator's drop does not reach them
    // (they were another's), so they stay until the process ends. What is bounded is that:
    // the evaluator that made them is gone, and they are two small cycles.
    assert!(in_use() - before < 32 << 10);
}

/// Dropping the import cache (the REPL's `:l` and `:r`) frees the cycles it held: a file
/// whose value imports itself is a cycle through the cache that no registered thunk closes.
fn dropping_the_file_cache_frees_its_cycles() {
    let dir = std::env::temp_dir().join(format!("nixvm-reclaim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("self.nix");
    std::fs::write(
        &file,
        "{ me = import ./self.nix; big = builtins.genList (x: x) 10000; }",
    )
    .unwrap();
    let ev = Evaluator::impure();
    let load = |ev: &Evaluator| {
        {
            let v: Value = ev.eval_file(&file).unwrap().into();
            for name in ["me", "big"] {
                let a = v.as_attrs().unwrap().get(Symbol::new(name)).unwrap();
                ev.force(a).unwrap();
            }
            let me = get(&v, "me");
            assert!(me.as_attrs().is_some());
            let big = get(&v, "big");
            assert_eq!(big.as_list().unwrap().len(), 10000);
        }
        // Nothing refers to the file's value now but itself, and the cache.
        ev.reset_file_cache();
        // No value is kept: the texts read so far may go (now and then).
        ev.release_repl_input(std::iter::empty());
    };
    load(&ev);
    let before = in_use();
    for _ in 0..100 {
        load(&ev);
    }
    let kept = in_use() - before;
    let files = ev.source_files();
    std::fs::remove_dir_all(&dir).unwrap();
    // A file's value holds a list of 10,000 elements: kept each time, 100 of them would be
    // over 10 MB. The texts read go by the batch, as no value needs them.
    assert!(kept < 256 << 10, "100 readings kept {kept} bytes");
    assert!(files < 80, "100 readings kept {files} files");
}

/// Derivations are knots tied by hand (each output's set refers to the others): garbage
/// ones are collected while evaluation goes on, as other cycles are.
fn garbage_derivations_are_collected_during_evaluation() {
    let ev = Evaluator::new();
    let program = |n: u32| {
        format!(
            "builtins.foldl' (acc: i: acc + builtins.length (derivation {{ name = \"d\"; \
             system = \"x\"; builder = \"/b\"; n = i; }}).all) 0 (builtins.genList (x: x) {n})"
        )
    };
    assert_eq!(ev.eval_expr(&program(1)).unwrap().as_int().unwrap(), 1);
    let before = in_use();
    let n = 50_000;
    assert_eq!(
        ev.eval_expr(&program(n)).unwrap().as_int().unwrap(),
        i64::from(n)
    );
    let kept = in_use() - before;
    // A derivation's sets and thunks take over a kilobyte: 50,000 kept were 70 MB. Those
    // made since the last collection wait for the next (8,192 of them at most): 11 MB.
    assert!(
        kept < 24 << 20,
        "{kept} bytes kept after 50,000 derivations"
    );
}
