//! `cargo bench`: times the programs in `benches/programs/` with nixvm and, in the same run,
//! with the reference evaluator `nix-instantiate` when it is installed, and reports the
//! ratio. Runs are interleaved so that machine noise hits both alike; the median is
//! reported. Machines are shared and noisy: only ratios from one run mean anything.
//!
//! `NIXVM_BENCH_RUNS` sets the number of runs (default 5); a free argument filters programs
//! by name. For peak memory and the larger team suite, see `benches/README.md`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn time_once(cmd: &mut Command) -> Option<Duration> {
    let start = Instant::now();
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| start.elapsed())
}

fn median(mut v: Vec<Duration>) -> Option<Duration> {
    if v.is_empty() {
        return None;
    }
    v.sort();
    Some(v[v.len() / 2])
}

fn reference_available() -> bool {
    Command::new("nix-instantiate")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../benches/programs");
    let nixvm = PathBuf::from(env!("CARGO_BIN_EXE_nixvm"));
    let runs: usize = std::env::var("NIXVM_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let with_reference = reference_available();
    if !with_reference {
        println!("nix-instantiate is not installed: timing nixvm alone (no ratios)");
    }

    let mut programs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("benches/programs exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "nix"))
        .filter(|p| {
            filter
                .as_ref()
                .is_none_or(|f| p.to_string_lossy().contains(f.as_str()))
        })
        .collect();
    programs.sort();

    println!(
        "{:<16} {:>12} {:>12} {:>8}",
        "program", "nixvm (s)", "cppnix (s)", "ratio"
    );
    let mut log_sum = 0.0;
    let mut counted = 0;
    for p in &programs {
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        for run in 0..runs {
            // Alternate which goes first.
            for turn in 0..2 {
                let reference = (run + turn) % 2 == 1;
                if reference && !with_reference {
                    continue;
                }
                let mut cmd = if reference {
                    Command::new("nix-instantiate")
                } else {
                    Command::new(&nixvm)
                };
                cmd.args(["--eval", "--strict"]).arg(p);
                if let Some(t) = time_once(&mut cmd) {
                    if reference {
                        theirs.push(t);
                    } else {
                        ours.push(t);
                    }
                }
            }
        }
        let name = p
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (o, t) = (median(ours), median(theirs));
        let fmt = |d: Option<Duration>| {
            d.map_or("failed".to_string(), |d| format!("{:.3}", d.as_secs_f64()))
        };
        let ratio = match (o, t) {
            (Some(o), Some(t)) => {
                let r = o.as_secs_f64() / t.as_secs_f64();
                log_sum += r.ln();
                counted += 1;
                format!("{r:.2}x")
            }
            _ => "-".to_string(),
        };
        println!("{name:<16} {:>12} {:>12} {ratio:>8}", fmt(o), fmt(t));
    }
    if counted > 0 {
        println!(
            "{:<16} {:>12} {:>12} {:>7.2}x",
            "geomean",
            "",
            "",
            (log_sum / counted as f64).exp()
        );
    }
}
