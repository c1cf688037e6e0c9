//! `nixvm`: instantiate or evaluate Nix expressions from the command line, as
//! `nix-instantiate` does, or evaluate them interactively.

mod cli;
mod instantiate;
mod repl;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use nixvm::{DaemonStore, Error, Evaluator, PureIO, SearchPathEntry, Settings, StdIO, Value};
use nixvm_value::{Attr, NixAttrs, Symbol};

use cli::{Args, AutoArg, Output};

/// An evaluator allocates and frees small objects at a high rate (thunks, closures, sets);
/// mimalloc does that markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    keep_freed_memory();
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let code = run(&argv);
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    exit_now(code)
}

unsafe extern "C" {
    /// POSIX `_exit`: ends the process at once.
    fn _exit(status: i32) -> !;
    /// mimalloc's `mi_option_set(mi_option_t option, long value)` (mimalloc 2.x, built
    /// into the binary by the `mimalloc` crate with its `v2` feature).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc 2.x's `mi_option_t` (`include/mimalloc.h`).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Tells the allocator never to hand freed memory back to the system. Evaluation frees
/// and allocates at a high rate; returning pages after mimalloc's default 10 ms only to
/// fault them in again (each one zeroed by the kernel) cost up to a tenth of the run time
/// of allocation-heavy programs. A command-line run is short, and its peak memory is the
/// same either way.
fn keep_freed_memory() {
    // SAFETY: `mi_option_set` stores a value in mimalloc's table of options. It has no
    // preconditions on its arguments (an option outside the table is ignored), touches no
    // Rust-visible memory, and may be called at any time from any thread; the declaration
    // above matches its C signature (`mi_option_t` is a C enum, passed as an `int`).
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// Ends the process without exit-time cleanup (the allocator's teardown walks every page
/// of the heap, which only costs time when the process is going away anyway).
fn exit_now(code: i32) -> ! {
    // SAFETY: `_exit` takes any status and never returns; it skips `atexit` handlers and
    // Rust destructors, which is the point. Everything the program wrote is flushed above,
    // and nothing else (no files, no child processes) needs orderly shutdown.
    unsafe { _exit(code) }
}

fn run(argv: &[String]) -> i32 {
    let args = match cli::parse(argv) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("error: {msg}\nTry 'nixvm --help' for more information.");
            return 1;
        }
    };
    if args.help {
        println!("{}", cli::USAGE);
        return 0;
    }
    if args.version {
        println!("nixvm {}", env!("CARGO_PKG_VERSION"));
        return 0;
    }
    if let Some(on) = args.warn_short_path_literals {
        let level = if on { "warn" } else { "ignore" };
        eprintln!(
            "warning: 'warn-short-path-literals' is deprecated, use \
             'lint-short-path-literals = {level}' instead"
        );
    }
    let interactive = args.repl || argv.is_empty();
    let mut ev = match evaluator(&args, !interactive && writes_to_store(&args)) {
        Ok(ev) => ev,
        Err(msg) => {
            eprintln!("error: {msg}");
            return 1;
        }
    };
    if interactive {
        return repl::run(ev);
    }
    let code = match evaluate_all(&mut ev, &args) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{}", e.rendered());
            1
        }
    };
    // The process ends here: freeing every value one by one would only cost time.
    std::mem::forget(ev);
    code
}

fn settings(args: &Args) -> Settings {
    // Entries are kept as given (`builtins.nixPath` shows them so); `findFile` resolves
    // relative ones against the current directory.
    let mut nix_path: Vec<SearchPathEntry> = args
        .include
        .iter()
        .map(|s| SearchPathEntry::parse(s))
        .collect();
    nix_path.extend(
        cli::nix_path_from_env()
            .iter()
            .map(|s| SearchPathEntry::parse(s)),
    );
    Settings {
        pure_eval: args.pure,
        store_dir: std::env::var("NIX_STORE_DIR").unwrap_or_else(|_| "/nix/store".into()),
        system: nixvm_value::host::default_system(),
        nix_path,
        current_time: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0),
        experimental_features: args.features.clone(),
        trace_verbose: args.trace_verbose,
        abort_on_warn: args.abort_on_warn,
        home: std::env::var_os("HOME").map(PathBuf::from),
        lints: lints(args),
        allow_import_from_derivation: args.allow_ifd,
    }
}

/// Whether this run writes to the store, as `nix-instantiate` decides: instantiating does
/// unless `--dry-run` or `--readonly-mode` says not to; `--eval` and `--parse` do only with
/// `--read-write-mode` (and without `--readonly-mode`).
fn writes_to_store(args: &Args) -> bool {
    if args.readonly {
        return false;
    }
    if args.eval || args.parse {
        args.read_write && !args.parse
    } else {
        !args.dry_run
    }
}

/// The daemon's store, or one line saying why there is none and what to do.
fn open_store(args: &Args) -> Result<DaemonStore, String> {
    let uri = args
        .store
        .clone()
        .or_else(|| std::env::var("NIX_REMOTE").ok());
    DaemonStore::connect_uri(uri.as_deref()).map_err(|e| {
        format!(
            "{}; start the Nix daemon ('nix-daemon &', as root), or write nothing to the \
             store (--eval, --dry-run)",
            e.kind()
        )
    })
}

/// A path made absolute against the current directory and canonical lexically.
pub(crate) fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        nixvm_value_path(p)
    } else {
        nixvm_value_path(&cli::current_dir().join(p))
    }
}

/// The lints: as given, with the deprecated `warn-short-path-literals` standing for
/// `lint-short-path-literals` where that was not given.
fn lints(args: &Args) -> nixvm::Lints {
    let mut lints = args.lints;
    if let Some(on) = args.warn_short_path_literals
        && !args.short_path_lint_given
    {
        lints.short_path_literals = if on {
            nixvm::LintLevel::Warn
        } else {
            nixvm::LintLevel::Ignore
        };
    }
    lints
}

/// The evaluator the arguments ask for; with `store`, writing to the daemon's store.
fn evaluator(args: &Args, store: bool) -> Result<Evaluator, String> {
    let b = Evaluator::builder()
        .settings(settings(args))
        .show_trace(args.show_trace);
    let b = if args.pure { b.io(PureIO) } else { b.io(StdIO) };
    let b = if store { b.store(open_store(args)?) } else { b };
    let ev = b.build();
    if let Some(n) = args.max_call_depth {
        ev.set_limits(nixvm::Limits {
            max_call_depth: n,
            ..nixvm::Limits::default()
        });
    }
    ev.set_trace_runtime(args.trace_runtime);
    Ok(ev)
}

/// One thing to evaluate: an expression, standard input, or a file.
enum Input {
    Expr(String),
    /// Bytes, as Nix reads them (not necessarily UTF-8).
    Stdin(Vec<u8>),
    File(PathBuf),
}

fn inputs(args: &Args) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    if args.expr {
        for e in &args.files {
            out.push(Input::Expr(e.clone()));
        }
        return Ok(out);
    }
    let files: Vec<String> = if args.files.is_empty() {
        vec!["./default.nix".into()]
    } else {
        args.files.clone()
    };
    for f in files {
        if f == "-" {
            let mut s = Vec::new();
            std::io::stdin()
                .read_to_end(&mut s)
                .map_err(|e| format!("reading standard input: {e}"))?;
            out.push(Input::Stdin(s));
        } else {
            let p = Path::new(&f);
            let p = if p.is_absolute() {
                p.to_path_buf()
            } else {
                cli::current_dir().join(p)
            };
            out.push(Input::File(nixvm_value_path(&p)));
        }
    }
    Ok(out)
}

/// A path made canonical lexically, as Nix does for file arguments.
fn nixvm_value_path(p: &Path) -> PathBuf {
    let mut out = PathBuf::from("/");
    for c in p.components() {
        match c {
            std::path::Component::Normal(s) => out.push(s),
            std::path::Component::ParentDir => {
                out.pop();
            }
            _ => {}
        }
    }
    out
}

fn evaluate_all(ev: &mut Evaluator, args: &Args) -> Result<(), Error> {
    let inputs = inputs(args).map_err(|m| ev.error(nixvm::RawError::eval(m)))?;
    let cwd = cli::current_dir();
    let auto_args = auto_args(ev, args)?;
    let mut roots = instantiate::Roots::new(args.add_root.as_deref(), args.gc_warning);
    for input in inputs {
        if args.parse {
            let text = match &input {
                Input::Expr(s) => ev.parse_and_show(s, "«string»", &cwd)?,
                Input::Stdin(s) => ev.parse_and_show(s, "«stdin»", &cwd)?,
                Input::File(p) => {
                    let src = std::fs::read(p).map_err(|e| {
                        ev.error(nixvm::RawError::new(nixvm::ErrorKind::Io(format!(
                            "reading '{}': {e}",
                            p.display()
                        ))))
                    })?;
                    let dir = p.parent().unwrap_or(Path::new("/"));
                    ev.parse_and_show(&src, &p.display().to_string(), dir)?
                }
            };
            println!("{text}");
            continue;
        }
        let root = match &input {
            Input::Expr(s) => {
                let l = ev.compile(s, "«string»", &cwd)?;
                dump(args, &l);
                ev.run(l)?.into_value()
            }
            Input::Stdin(s) => {
                let l = ev.compile(s, "«stdin»", &cwd)?;
                dump(args, &l);
                ev.run(l)?.into_value()
            }
            Input::File(p) => ev.eval_file(p)?.into_value(),
        };
        let paths = if args.attrs.is_empty() {
            vec![String::new()]
        } else {
            args.attrs.clone()
        };
        for path in paths {
            let v = select_path(ev, &root, &path, &auto_args)?;
            let v = ev.force(&v)?.into_value();
            if !args.eval {
                let empty = NixAttrs::empty();
                let auto = auto_args.as_ref().unwrap_or(&empty);
                instantiate::instantiate(ev, &v, auto, &mut roots)?;
                continue;
            }
            let v = match &auto_args {
                Some(a) => auto_call(ev, &v, a)?,
                None => v,
            };
            print_result(ev, args, &v)?;
        }
    }
    Ok(())
}

fn dump(args: &Args, l: &nixvm::Lambda) {
    if args.dump_bytecode {
        eprint!("{}", l.disassemble());
    }
}

/// The `--arg`/`--argstr` values, as a set.
fn auto_args(ev: &mut Evaluator, args: &Args) -> Result<Option<NixAttrs>, Error> {
    if args.auto_args.is_empty() {
        return Ok(None);
    }
    let cwd = cli::current_dir();
    let mut attrs = Vec::new();
    for (name, a) in &args.auto_args {
        let v = match a {
            AutoArg::Str(s) => Value::string(s),
            AutoArg::Expr(e) => {
                let l = ev.compile(e, "«string»", &cwd)?;
                ev.run(l)?.into_value()
            }
        };
        attrs.push(Attr::new(Symbol::new(name), v));
    }
    Ok(Some(NixAttrs::from_unsorted_first_wins(attrs)))
}

/// Calls a function whose formals the automatic arguments can satisfy, as
/// `nix-instantiate` does with `--arg`.
fn auto_call(ev: &mut Evaluator, v: &Value, args: &NixAttrs) -> Result<Value, Error> {
    let Value::Closure(c) = v else {
        return Ok(v.clone());
    };
    let Some(formals) = c.lambda.formals() else {
        return Ok(v.clone());
    };
    let arg = if formals.ellipsis {
        args.clone()
    } else {
        let mut picked = Vec::new();
        for f in formals.entries.iter() {
            match args.get_attr(f.name) {
                Some(a) => picked.push(a.clone()),
                None if f.has_default => {}
                None => {
                    return Err(ev.error(nixvm::RawError::eval(format!(
                        "cannot evaluate a function that has an argument without a value ('{}')\n\
                         Nix attempted to evaluate a function as a top level expression; in this case it must have its arguments supplied either by default values, or passed explicitly with '--arg' or '--argstr'. See https://nix.dev/manual/nix/stable/language/syntax.html#functions.",
                        f.name
                    ))));
                }
            }
        }
        NixAttrs::from_unsorted_first_wins(picked)
    };
    Ok(ev.call(v, [Value::Attrs(arg)])?.into_value())
}

/// `-A a.b.0.c`: attributes by name, list elements by index, calling functions on the way.
fn select_path(
    ev: &mut Evaluator,
    root: &Value,
    path: &str,
    auto: &Option<NixAttrs>,
) -> Result<Value, Error> {
    let mut v = root.clone();
    if path.is_empty() {
        return Ok(v);
    }
    let empty = NixAttrs::empty();
    for (i, part) in path.split('.').enumerate() {
        v = ev.force(&v)?.into_value();
        v = auto_call(ev, &v, auto.as_ref().unwrap_or(&empty))?;
        v = ev.force(&v)?.into_value();
        let so_far = path.split('.').take(i + 1).collect::<Vec<_>>().join(".");
        match (&v, part.parse::<usize>()) {
            (Value::List(l), Ok(n)) => match l.get(n) {
                Some(x) => v = x.clone(),
                None => {
                    return Err(ev.error(nixvm::RawError::eval(format!(
                        "list index {n} in selection path '{so_far}' is out of range"
                    ))));
                }
            },
            (Value::Attrs(a), _) => match a.get(Symbol::new(part)) {
                Some(x) => v = x.clone(),
                None => {
                    return Err(ev.error(nixvm::RawError::eval(format!(
                        "attribute '{part}' in selection path '{so_far}' not found"
                    ))));
                }
            },
            _ => {
                return Err(ev.error(nixvm::RawError::eval(format!(
                    "the expression selected by the selection path '{so_far}' should be a set but is {}",
                    v.value_type().with_article()
                ))));
            }
        }
    }
    Ok(v)
}

fn print_result(ev: &mut Evaluator, args: &Args, v: &Value) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    match args.output.unwrap_or(Output::Plain) {
        Output::Plain => {
            let v = if args.strict {
                ev.deep_force(v)?.into_value()
            } else {
                v.clone()
            };
            let mut bytes = nixvm::output::ambiguous_bytes(&v);
            bytes.push(b'\n');
            let _ = stdout.write_all(&bytes);
        }
        Output::Raw => {
            let s = ev.to_string_raw(v)?;
            let _ = stdout.write_all(&s);
        }
        Output::Json => {
            let mut s = ev.to_json(v, args.strict)?;
            s.push(b'\n');
            let _ = stdout.write_all(&s);
        }
        Output::Xml => {
            let s = ev.to_xml(v, args.strict, !args.no_location)?;
            let _ = stdout.write_all(&s);
        }
    }
    let _ = stdout.flush();
    Ok(())
}
