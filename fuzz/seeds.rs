//! The fuzz targets' checks over their seed corpus, as a normal test: the programs of
//! `tests/lang` and the files under `fuzz/seeds/TARGET/` (the inputs that once found
//! something, kept so that it stays fixed), plus a fixed series of generated programs.
//! It also checks that the generator and the dictionary know every builtin.
//!
//! `cargo test --test fuzz-seeds [FILTER]` runs it; the fuzz targets themselves need a
//! nightly toolchain and cargo-fuzz (see `fuzz/README.md`).

#[path = "src/lib.rs"]
#[allow(dead_code)]
mod harness;

use std::path::{Path, PathBuf};
use std::time::Instant;

use harness::source::{Rng, Source};
use harness::{check, program};

/// A fuzz target's check.
type Check = fn(&[u8]);

/// Generated programs checked on every run, beyond the seeds.
const GENERATED: u64 = 300;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// The files directly in `dir` whose name passes `keep`, sorted.
fn files(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(&keep))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Runs `check` on `data`, turning a panic into a failure message.
fn run(name: &str, data: &[u8], check: Check) -> Option<String> {
    let data = data.to_vec();
    match std::panic::catch_unwind(move || check(&data)) {
        Ok(()) => None,
        Err(p) => {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Some(format!("FAIL {name}\n{msg}\n"))
        }
    }
}

/// Every builtin the evaluator has, by name.
fn builtin_names() -> Vec<String> {
    let ev = check::evaluator();
    let v = ev
        .eval_expr("builtins.concatStringsSep \" \" (builtins.attrNames builtins)")
        .expect("the names of the builtins");
    let s = ev.print(&v, true).expect("prints");
    s.trim_matches('"').split(' ').map(str::to_string).collect()
}

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    let fuzz = fuzz_dir();
    let lang = fuzz.join("../tests/lang");
    let started = Instant::now();
    let mut failed = Vec::new();
    let mut count = 0;

    let lang_files = files(&lang, |n| n.ends_with(".nix"));
    let targets: [(&str, Check, Vec<PathBuf>); 3] = [
        ("parse", check::parse, lang_files.clone()),
        ("eval", check::eval, lang_files),
        ("generated", check::generated, Vec::new()),
    ];
    for (target, check, mut inputs) in targets {
        inputs.extend(files(&fuzz.join("seeds").join(target), |_| true));
        for path in inputs {
            let name = format!("{target} {}", path.display());
            if !wanted(&name) {
                continue;
            }
            let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            count += 1;
            let t = Instant::now();
            failed.extend(run(&name, &data, check));
            if std::env::var_os("FUZZ_SEEDS_TIMES").is_some() {
                println!("{:.3} {name}", t.elapsed().as_secs_f64());
            }
        }
    }
    let mut rng = Rng::new(16);
    for i in 0..GENERATED {
        let len = 16 + rng.below(2000) as usize;
        let data = rng.bytes(len);
        let name = format!("generated #{i}");
        if wanted(&name) {
            count += 1;
            failed.extend(run(&name, &data, check::generated));
        }
    }

    // Past the end of the input every choice is the first, so every input gives a
    // finite program.
    let mut s = Source::new(&[7, 255]);
    let (a, b) = (s.below(5), s.chance(1));
    if (a, b, s.is_empty(), s.below(1000), s.chance(255)) != (2, true, true, 0, false) {
        failed.push(
            "FAIL source
choices past the end of the input are not the first
"
            .into(),
        );
    }

    // The generator calls every builtin, and the dictionary names every one.
    if wanted("builtins") {
        let names = builtin_names();
        let dict = std::fs::read_to_string(fuzz.join("nix.dict")).expect("fuzz/nix.dict");
        for name in &names {
            let known = program::builtins::BUILTINS.iter().any(|b| b.name == name)
                || program::builtins::CONSTANTS.iter().any(|c| c.0 == name)
                || name == "builtins";
            if !known {
                failed.push(format!(
                    "FAIL builtins\nthe generator does not know builtins.{name}: add it to \
                     fuzz/src/program/builtins.rs\n"
                ));
            }
            if !dict.lines().any(|l| l == format!("\"{name}\"")) {
                failed.push(format!(
                    "FAIL builtins\nfuzz/nix.dict does not name builtins.{name}\n"
                ));
            }
        }
        for b in program::builtins::BUILTINS {
            if !names.iter().any(|n| n == b.name) {
                failed.push(format!(
                    "FAIL builtins\nthe generator calls builtins.{}, which does not exist\n",
                    b.name
                ));
            }
        }
    }

    for f in &failed {
        println!("{f}");
    }
    println!(
        "fuzz seeds: {count} inputs checked in {:.1}s; {} failed",
        started.elapsed().as_secs_f64(),
        failed.len()
    );
    if !failed.is_empty() {
        std::process::exit(1);
    }
}
