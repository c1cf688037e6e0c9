//! Differential fuzzing against Nix: generates programs (`nixvm_fuzz::program`), evaluates
//! each with nixvm and with `nix-instantiate --eval --strict`, and reports every difference
//! in value, or in error versus value, after the known differences between the installed
//! CppNix 2.8 and current Nix (which nixvm follows) are set aside.
//!
//! ```sh
//! cargo run --release --bin differential -- --seconds 3600 --nixvm target/release/nixvm
//! ```
//!
//! The known differences are the rules of `tests/lang/oracle-known-differences.txt`
//! (lines `KIND:ARGUMENT  reason`; see [`Rules`]), the file the oracle test shares. Each
//! difference found is shrunk (the generator's input cut and zeroed while the difference
//! stays) and written to `--out` (default `fuzz/artifacts/differential/`) with both
//! outputs. Options: `--seconds N` or `--count N` (default 100 programs), `--seed N`,
//! `--timeout SECONDS` per evaluation (default 10), `--nixvm PATH`, `--nix PATH`,
//! `--known FILE`, `--out DIR`, `--quiet`.

#![forbid(unsafe_code)]

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nixvm_fuzz::program::{Options, generate};
use nixvm_fuzz::source::Rng;

/// The known differences: rules read from the shared list.
#[derive(Default, Debug)]
struct Rules {
    /// `builtin:NAME`: CppNix 2.8 lacks the builtin, or it differs there on purpose; the
    /// generator does not call it.
    builtins: Vec<String>,
    /// `nixvm-error:TEXT`: nixvm fails with an error containing TEXT where CppNix 2.8
    /// gives a value (current Nix fails too). The error is the whole of what is printed,
    /// trace included; TEXT may be several parts separated by `…`, each of which must be
    /// there (`while calling the 'genList' builtin…expected a function`).
    nixvm_errors: Vec<String>,
    /// `nix-error:TEXT`: CppNix 2.8 fails with an error containing TEXT where nixvm gives
    /// a value (current Nix does too), TEXT as for `nixvm-error`.
    nix_errors: Vec<String>,
    /// `nix-error-calling:NAME`: CppNix 2.8 fails where nixvm gives a value, in a program
    /// that calls the builtin NAME, which 2.8 makes fail more often than current Nix does
    /// (with any message: the failure is in a value it evaluates and current Nix does not;
    /// `NAME…TEXT` asks for TEXT in the error too, as `nix-error` does).
    nix_errors_calling: Vec<String>,
    /// `output:TEXT`: outputs that differ where nixvm's holds TEXT (a value current Nix
    /// prints differently from CppNix 2.8).
    outputs: Vec<String>,
}

impl Rules {
    fn read(path: &Path) -> Result<Rules, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut rules = Rules::default();
        for line in text.lines() {
            if line.starts_with('#') {
                continue;
            }
            let Some((name, _reason)) = line.split_once("  ") else {
                continue;
            };
            let Some((kind, arg)) = name.split_once(':') else {
                continue;
            };
            let arg = arg.to_string();
            match kind {
                "builtin" => rules.builtins.push(arg),
                "nixvm-error" => rules.nixvm_errors.push(arg),
                "nix-error" => rules.nix_errors.push(arg),
                "nix-error-calling" => rules.nix_errors_calling.push(arg),
                "output" => rules.outputs.push(arg),
                _ => return Err(format!("{}: unknown rule {name:?}", path.display())),
            }
        }
        Ok(rules)
    }
}

/// Whether an error shows every `…`-separated part of a rule's TEXT.
fn shows(error: &str, text: &str) -> bool {
    text.split('…').all(|part| error.contains(part))
}

/// Whether `program` mentions `builtins.NAME` (the generator writes every builtin so).
fn calls_builtin(program: &str, name: &str) -> bool {
    let whole = format!("builtins.{name}");
    program.match_indices(&whole).any(|(i, _)| {
        let next = program[i + whole.len()..].chars().next();
        !next.is_some_and(|c| c.is_alphanumeric() || "_'-".contains(c))
    })
}

/// How one evaluation ended.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Value(String),
    /// The message, and everything printed (the trace too).
    Error(String, String),
    /// Timed out, crashed, or ran out of memory: nothing to compare.
    Gave(String),
}

struct Config {
    nixvm: PathBuf,
    nix: PathBuf,
    timeout: Duration,
    dir: PathBuf,
}

/// The message of an error as the evaluators print it: the last `error:` line's text.
fn message(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().map(str::trim).collect();
    lines
        .iter()
        .rev()
        .find_map(|l| l.strip_prefix("error: "))
        .or_else(|| lines.first().copied())
        .unwrap_or("")
        .to_string()
}

fn run(cmd: &Path, program: &str, cfg: &Config) -> Outcome {
    // 4 GiB of address space: a hungry program stops there instead of exhausting the
    // shared machine (CppNix has no other ceiling).
    let mut child = match Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 4194304; exec \"$0\" --eval --strict -E \"$1\"")
        .arg(cmd)
        .arg(program)
        .current_dir(&cfg.dir)
        .env("NIX_REMOTE", "dummy://")
        .env("HOME", &cfg.dir)
        .env_remove("NIX_PATH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => return Outcome::Gave(format!("cannot run {}: {e}", cmd.display())),
    };
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut o = Vec::new();
        let mut e = Vec::new();
        let _ = out.read_to_end(&mut o);
        let _ = err.read_to_end(&mut e);
        (o, e)
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if start.elapsed() > cfg.timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(_) => break None,
        }
    };
    let (o, e) = reader.join().unwrap_or_default();
    let stdout = String::from_utf8_lossy(&o).into_owned();
    let stderr = String::from_utf8_lossy(&e).into_owned();
    match status.and_then(|s| s.code()) {
        None => Outcome::Gave("timed out or killed".into()),
        Some(0) => Outcome::Value(stdout),
        Some(1) => {
            let m = message(&stderr);
            if m.contains("out of memory") || m.contains("stack overflow") {
                Outcome::Gave(m)
            } else {
                Outcome::Error(m, stderr)
            }
        }
        Some(code) => Outcome::Gave(format!("exit {code}: {}", message(&stderr))),
    }
}

/// What comparing the two outcomes found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    SameValue,
    BothFail,
    /// One side gave up (timeout, crash, out of memory).
    Skipped,
    /// A difference the rules list.
    Known,
    ValueDiffers,
    OnlyNixvmFails,
    OnlyNixFails,
}

fn compare(program: &str, nixvm: &Outcome, nix: &Outcome, rules: &Rules) -> Verdict {
    use Outcome::*;
    match (nixvm, nix) {
        (Gave(_), _) | (_, Gave(_)) => Verdict::Skipped,
        (Value(a), Value(b)) if a == b => Verdict::SameValue,
        // CppNix 2.8 escapes every `$` of a printed string, current Nix (and nixvm) only
        // the one of `${`: alike once both are unescaped.
        (Value(a), Value(b)) if a.replace("\\$", "$") == b.replace("\\$", "$") => Verdict::Known,
        (Value(a), Value(_)) => {
            if rules.outputs.iter().any(|t| a.contains(t.as_str())) {
                Verdict::Known
            } else {
                Verdict::ValueDiffers
            }
        }
        (Error(..), Error(..)) => Verdict::BothFail,
        (Error(_, all), Value(_)) => {
            if rules.nixvm_errors.iter().any(|t| shows(all, t)) {
                Verdict::Known
            } else {
                Verdict::OnlyNixvmFails
            }
        }
        (Value(_), Error(_, all)) => {
            let calls = |rule: &String| match rule.split_once('…') {
                Some((name, text)) => calls_builtin(program, name) && shows(all, text),
                None => calls_builtin(program, rule),
            };
            if rules.nix_errors.iter().any(|t| shows(all, t))
                || rules.nix_errors_calling.iter().any(calls)
            {
                Verdict::Known
            } else {
                Verdict::OnlyNixFails
            }
        }
    }
}

fn is_difference(v: Verdict) -> bool {
    matches!(
        v,
        Verdict::ValueDiffers | Verdict::OnlyNixvmFails | Verdict::OnlyNixFails
    )
}

/// Evaluates the program of `data` both ways.
fn check(
    data: &[u8],
    opts: &Options,
    rules: &Rules,
    cfg: &Config,
) -> (String, Outcome, Outcome, Verdict) {
    let program = generate(data, opts);
    let a = run(&cfg.nixvm, &program, cfg);
    let b = run(&cfg.nix, &program, cfg);
    let v = compare(&program, &a, &b, rules);
    (program, a, b, v)
}

/// Shrinks `data` while the program it gives shows the same kind of difference: cuts
/// the end, then zeroes bytes (a zero is always the smallest choice).
fn shrink(data: &[u8], kind: Verdict, opts: &Options, rules: &Rules, cfg: &Config) -> Vec<u8> {
    let mut best = data.to_vec();
    let mut tries = 0;
    let keeps = |d: &[u8], tries: &mut u32| {
        *tries += 1;
        check(d, opts, rules, cfg).3 == kind
    };
    // Cut the end.
    let mut cut = best.len() / 2;
    while cut > 0 && tries < 60 {
        let shorter = &best[..best.len() - cut];
        if keeps(shorter, &mut tries) {
            best.truncate(best.len() - cut);
        } else {
            cut /= 2;
        }
    }
    // Zero runs of bytes, longest first.
    let mut run = best.len().max(1);
    while run > 0 && tries < 200 {
        let mut i = 0;
        while i < best.len() && tries < 200 {
            let end = (i + run).min(best.len());
            if best[i..end].iter().any(|&b| b != 0) {
                let mut zeroed = best.clone();
                zeroed[i..end].fill(0);
                if keeps(&zeroed, &mut tries) {
                    best = zeroed;
                }
            }
            i += run;
        }
        run /= 2;
    }
    best
}

struct Args {
    seconds: Option<u64>,
    count: u64,
    seed: u64,
    cfg: Config,
    known: PathBuf,
    out: PathBuf,
    quiet: bool,
}

fn parse_args() -> Result<Args, String> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut a = Args {
        seconds: None,
        count: 100,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(1),
        cfg: Config {
            nixvm: here.join("../target/release/nixvm"),
            nix: PathBuf::from("nix-instantiate"),
            timeout: Duration::from_secs(10),
            dir: std::env::temp_dir().join("nixvm-differential"),
        },
        known: here.join("../tests/lang/oracle-known-differences.txt"),
        out: here.join("artifacts/differential"),
        quiet: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        let number = |s: String| s.parse::<u64>().map_err(|_| format!("not a number: {s}"));
        match flag.as_str() {
            "--seconds" => a.seconds = Some(number(value()?)?),
            "--count" => a.count = number(value()?)?,
            "--seed" => a.seed = number(value()?)?,
            "--timeout" => a.cfg.timeout = Duration::from_secs(number(value()?)?),
            "--nixvm" => a.cfg.nixvm = PathBuf::from(value()?),
            "--nix" => a.cfg.nix = PathBuf::from(value()?),
            "--known" => a.known = PathBuf::from(value()?),
            "--out" => a.out = PathBuf::from(value()?),
            "--quiet" => a.quiet = true,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(a)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("differential: {e}");
            std::process::exit(2);
        }
    };
    let rules = match Rules::read(&args.known) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("differential: {e}");
            std::process::exit(2);
        }
    };
    let _ = std::fs::create_dir_all(&args.cfg.dir);
    let _ = std::fs::create_dir_all(&args.out);
    let opts = Options {
        skip_builtins: rules.builtins.clone(),
        ..Options::default()
    };
    let mut rng = Rng::new(args.seed);
    let start = Instant::now();
    let mut counts: Vec<(Verdict, u64)> = Vec::new();
    let mut n = 0u64;
    loop {
        let done = match args.seconds {
            Some(s) => start.elapsed() >= Duration::from_secs(s),
            None => n >= args.count,
        };
        if done {
            break;
        }
        n += 1;
        let len = 16 + rng.below(1500) as usize;
        let data = rng.bytes(len);
        let (program, a, b, verdict) = check(&data, &opts, &rules, &args.cfg);
        match counts.iter_mut().find(|(v, _)| *v == verdict) {
            Some((_, c)) => *c += 1,
            None => counts.push((verdict, 1)),
        }
        if is_difference(verdict) {
            let small = shrink(&data, verdict, &opts, &rules, &args.cfg);
            let (small_program, sa, sb, _) = check(&small, &opts, &rules, &args.cfg);
            let name = format!("{verdict:?}-{}-{n}", args.seed);
            let report = format!(
                "# {verdict:?}\n# program:\n{small_program}\n# nixvm: {sa:?}\n# nix: {sb:?}\n\
                 # the program before shrinking:\n{program}\n# nixvm: {a:?}\n# nix: {b:?}\n"
            );
            let _ = std::fs::write(args.out.join(format!("{name}.txt")), &report);
            let _ = std::fs::write(args.out.join(format!("{name}.bin")), &small);
            if !args.quiet {
                println!("{report}");
            }
        }
    }
    counts.sort_by_key(|(v, _)| format!("{v:?}"));
    println!(
        "differential: {n} programs in {:.0}s (seed {})",
        start.elapsed().as_secs_f64(),
        args.seed
    );
    for (v, c) in &counts {
        println!("  {v:?}: {c}");
    }
}
