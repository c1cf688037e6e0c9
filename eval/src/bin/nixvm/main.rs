//! `nixvm`: instantiate or evaluate Nix expressions from the command line, as
//! `nix-instantiate` does, or evaluate them interactively.

/// `println!` that carries on when standard output is gone. `println!` panics when the
/// reader of a pipe has left (`nixvm --parse f | head -c 10`); Nix ignores the failed write
/// and finishes as it would have, and so does nixvm: what it writes after that is lost.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `print!` as [`say!`] is `println!`.
macro_rules! say_part {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `eprintln!` that carries on when standard error is a pipe whose reader has left, as
/// [`say!`] does for standard output.
macro_rules! warn_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// `eprint!` as [`warn_line!`] is `eprintln!`.
macro_rules! warn_part {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod allocator;
mod cli;
mod instantiate;
mod repl;
mod setting_flags;
mod terminal;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use nixvm::{DaemonStore, Error, Evaluator, EvaluatorBuilder, Value};
use nixvm_value::{Attr, NixAttrs, NixString, Symbol, Thunk, Upvalues};

use cli::{Args, AutoArg, Output};

/// An evaluator allocates and frees small objects at a high rate (thunks, closures, sets);
/// mimalloc does that markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: allocator::Allocator = allocator::Allocator;

fn main() {
    allocator::configure();
    // Arguments are taken as given, bytes that are not UTF-8 replaced.
    let mut argv = std::env::args_os().map(|a| a.to_string_lossy().into_owned());
    // Messages name the program as it was called (`nix-instantiate`, through a link).
    let program = argv
        .next()
        .map(|p| p.rsplit('/').next().unwrap_or("nixvm").to_string())
        .unwrap_or_else(|| "nixvm".into());
    let argv: Vec<String> = argv.collect();
    let code = run(&program, &argv);
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    exit_now(code)
}

unsafe extern "C" {
    /// POSIX `_exit`: ends the process at once.
    fn _exit(status: i32) -> !;
}

/// Ends the process without exit-time cleanup (the allocator's teardown walks every page
/// of the heap, which only costs time when the process is going away anyway).
fn exit_now(code: i32) -> ! {
    // SAFETY: `_exit` takes any status and never returns; it skips `atexit` handlers and
    // Rust destructors, which is the point. Everything the program wrote is flushed above,
    // and nothing else (no files, no child processes) needs orderly shutdown.
    unsafe { _exit(code) }
}

fn run(program: &str, argv: &[String]) -> i32 {
    let mut args = match cli::parse(argv) {
        Ok(a) => a,
        Err(e) => {
            terminal::eprint_message(&e.render(program));
            return 1;
        }
    };
    if args.help {
        say!("{}", cli::USAGE);
        return 0;
    }
    if args.version {
        say!("nixvm {}", env!("CARGO_PKG_VERSION"));
        return 0;
    }
    for w in &args.warnings {
        terminal::eprint_message(&format!("warning: {w}"));
    }
    if let Some(why) = args.unsupported.first() {
        terminal::eprint_message(&format!("error: {why}"));
        return 1;
    }
    let interactive = args.repl || argv.is_empty();
    let store = !interactive && writes_to_store(&args);
    let mut ev = match evaluator(&mut args, store) {
        Ok(ev) => ev,
        Err(msg) => {
            terminal::eprint_message(&format!("error: {msg}"));
            return 1;
        }
    };
    if interactive {
        return repl::run(ev);
    }
    let done = if args.find_file {
        find_files(&mut ev, &args)
    } else {
        evaluate_all(&mut ev, &args)
    };
    let code = match done {
        Ok(()) => 0,
        Err(e) => {
            terminal::eprint_message(e.rendered());
            1
        }
    };
    // The process ends here: freeing every value one by one would only cost time.
    std::mem::forget(ev);
    code
}

/// Whether this run writes to the store, as `nix-instantiate` decides: instantiating does
/// unless `--dry-run` or `--readonly-mode` says not to; `--eval` and `--parse` do only with
/// `--read-write-mode` (and without `--readonly-mode`).
fn writes_to_store(args: &Args) -> bool {
    if args.readonly {
        return false;
    }
    if args.find_file {
        return false;
    }
    if args.eval || args.parse {
        args.read_write && !args.parse
    } else {
        !args.dry_run
    }
}

/// The daemon's store, or one line saying why there is none and what to do. Instantiating
/// always writes, so the daemon must be there from the start; `--eval --read-write-mode`
/// connects when the evaluation first copies something, as an evaluation that copies
/// nothing needs no store.
fn open_store(args: &Args) -> Result<DaemonStore, String> {
    let uri = args
        .store
        .clone()
        .or_else(|| std::env::var("NIX_REMOTE").ok());
    let store = if args.eval {
        DaemonStore::lazy_uri(uri.as_deref())
    } else {
        DaemonStore::connect_uri(uri.as_deref())
    };
    store.map_err(|e| {
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
        nixvm_value::path::canonical(p)
    } else {
        nixvm_value::path::canonical(&cli::current_dir().join(p))
    }
}

/// The evaluator the arguments ask for: the library's impure preset with the settings and
/// search path entries given; with `store`, writing to the daemon's store.
fn evaluator(args: &mut Args, store: bool) -> Result<Evaluator, String> {
    let mut b = std::mem::replace(&mut args.builder, EvaluatorBuilder::pure())
        .messages(terminal::eprint_message)
        .configure_limits(|l| l.max_memory = args.max_memory);
    for entry in &args.include {
        b = b.search_path(entry);
    }
    let b = if store { b.store(open_store(args)?) } else { b };
    let ev = b.build();
    ev.set_trace_runtime(args.trace_runtime);
    Ok(ev)
}

/// One thing to evaluate: an expression, standard input, or a file argument.
enum Input {
    Expr(String),
    /// Bytes, as Nix reads them (not necessarily UTF-8).
    Stdin(Vec<u8>),
    File(String),
}

/// What to evaluate, in Nix's order: standard input (`-`) first, then the arguments;
/// `./default.nix` when there is nothing else.
fn inputs(args: &Args) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    if args.read_stdin {
        out.push(Input::Stdin(read_stdin()?));
    } else if args.files.is_empty() && !args.expr {
        out.push(Input::File("./default.nix".into()));
    }
    for f in &args.files {
        out.push(if args.expr {
            Input::Expr(f.clone())
        } else {
            Input::File(f.clone())
        });
    }
    Ok(out)
}

fn read_stdin() -> Result<Vec<u8>, String> {
    let mut s = Vec::new();
    std::io::stdin()
        .read_to_end(&mut s)
        .map_err(|e| format!("reading standard input: {e}"))?;
    Ok(s)
}

/// Whether a file argument or search path entry is a URL Nix would download.
fn is_pseudo_url(s: &str) -> bool {
    s.starts_with("channel:")
        || s.split_once("://").is_some_and(|(scheme, _)| {
            matches!(
                scheme,
                "http" | "https" | "file" | "channel" | "git" | "s3" | "ssh"
            )
        })
}

/// `__findFile __nixPath "name"`, as `<name>` looks it up.
fn find_in_search_path(ev: &mut Evaluator, name: &str) -> Result<PathBuf, Error> {
    let mut quoted = String::from("\"");
    for c in name.chars() {
        if matches!(c, '"' | '\\' | '$') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    let l = ev.compile(
        format!("__findFile __nixPath {quoted}"),
        "«string»",
        &cli::current_dir(),
    )?;
    // Nix reports a name it cannot find without a position or context: the message alone.
    let v = ev
        .run(l)
        .map_err(|e| ev.error(nixvm::RawError::new(e.kind().clone())))?;
    match v.into_value() {
        Value::Path(p) => Ok(p.as_ref().clone()),
        _ => Err(ev.error(nixvm::RawError::eval(format!(
            "file '{name}' was not found in the Nix search path"
        )))),
    }
}

/// The file a file argument names, as Nix's `lookupFileArg` finds it: `<name>` in the
/// search path, anything else a path relative to the current directory. A URL would have
/// to be downloaded, which nixvm cannot do.
fn file_argument(ev: &mut Evaluator, arg: &str) -> Result<PathBuf, Error> {
    if is_pseudo_url(arg) || arg.starts_with("flake:") {
        return Err(ev.error(nixvm::RawError::new(nixvm::ErrorKind::Unsupported(
            format!("cannot evaluate '{arg}': nixvm cannot download files"),
        ))));
    }
    if arg.len() > 2
        && let Some(name) = arg.strip_prefix('<').and_then(|a| a.strip_suffix('>'))
    {
        return find_in_search_path(ev, name);
    }
    Ok(nixvm_value::path::canonical(&cli::current_dir().join(arg)))
}

/// `--find-file`: where the search path finds each argument.
fn find_files(ev: &mut Evaluator, args: &Args) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    for name in &args.files {
        let p = find_in_search_path(ev, name)?;
        if let Some(shown) = nixvm_builtins::corepkgs::display_name(&p) {
            return Err(ev.error(nixvm::RawError::eval(format!(
                "'{shown}' has no physical path"
            ))));
        }
        let _ = writeln!(stdout, "{}", p.display());
    }
    Ok(())
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
                Input::File(f) => {
                    let p = &file_argument(ev, f)?;
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
            say!("{text}");
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
            Input::File(f) => {
                let p = file_argument(ev, f)?;
                ev.eval_file(&p)?.into_value()
            }
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
        warn_part!("{}", l.disassemble());
    }
}

/// The `--arg`, `--argstr`, `--arg-from-file` and `--arg-from-stdin` values, as a set.
/// An `--arg` is parsed now and evaluated only if used, as in Nix.
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
                Value::Thunk(Thunk::new_code(l, Upvalues::None))
            }
            AutoArg::File(path) => {
                let bytes = std::fs::read(path).map_err(|e| {
                    ev.error(nixvm::RawError::new(nixvm::ErrorKind::Io(format!(
                        "opening file '{path}': {}",
                        io_reason(&e)
                    ))))
                })?;
                Value::String(NixString::new(&bytes))
            }
            AutoArg::Stdin => {
                let bytes = read_stdin().map_err(|m| ev.error(nixvm::RawError::eval(m)))?;
                Value::String(NixString::new(&bytes))
            }
        };
        attrs.push(Attr::new(Symbol::new(name), v));
    }
    Ok(Some(NixAttrs::from_unsorted_first_wins(attrs)))
}

/// An I/O error's reason as the C library words it ("No such file or directory").
fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
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
                    let mut e = nixvm::RawError::eval(format!(
                        "cannot evaluate a function that has an argument without a value ('{}')\n\
                         Nix attempted to evaluate a function as a top level expression; in\n\
                         this case it must have its arguments supplied either by default\n\
                         values, or passed explicitly with '--arg' or '--argstr'. See\n\
                         https://nix.dev/manual/nix/stable/language/syntax.html#functions.",
                        f.name
                    ));
                    if let Some(span) = ev.span_at(f.pos) {
                        e = e.with_span(span);
                    }
                    return Err(ev.error(e));
                }
            }
        }
        NixAttrs::from_unsorted_first_wins(picked)
    };
    Ok(ev.call(v, [Value::Attrs(arg)])?.into_value())
}

/// An attribute path (`-A a."b.c".0`) split as Nix's `parseAttrPath` splits it: at dots,
/// except inside double quotes, which are dropped.
fn parse_attr_path(path: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        match c {
            '.' => out.push(std::mem::take(&mut cur)),
            '"' => loop {
                match chars.next() {
                    None => {
                        return Err(format!("missing closing quote in selection path '{path}'"));
                    }
                    Some('"') => break,
                    Some(q) => cur.push(q),
                }
            },
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// `-A a.b.0.c`: attributes by name, list elements by index, calling functions on the way,
/// as Nix's `findAlongAttrPath` does.
fn select_path(
    ev: &mut Evaluator,
    root: &Value,
    path: &str,
    auto: &Option<NixAttrs>,
) -> Result<Value, Error> {
    let parts = parse_attr_path(path).map_err(|m| ev.error(nixvm::RawError::eval(m)))?;
    let mut v = root.clone();
    let empty = NixAttrs::empty();
    let fail = |ev: &Evaluator, m: String| ev.error(nixvm::RawError::eval(m));
    for part in parts {
        v = ev.force(&v)?.into_value();
        v = auto_call(ev, &v, auto.as_ref().unwrap_or(&empty))?;
        v = ev.force(&v)?.into_value();
        // A part that is a number selects a list element.
        let index = (!part.starts_with('+'))
            .then(|| part.parse::<u32>().ok())
            .flatten();
        match (&v, index) {
            (Value::Attrs(a), None) => {
                if part.is_empty() {
                    return Err(fail(
                        ev,
                        format!("empty attribute name in selection path '{path}'"),
                    ));
                }
                match a.get(Symbol::new(&part)) {
                    Some(x) => v = x.clone(),
                    None => {
                        let names: Vec<String> = a
                            .sorted_names()
                            .iter()
                            .map(|s| s.to_str_lossy().into_owned())
                            .collect();
                        let mut m =
                            format!("attribute '{part}' in selection path '{path}' not found");
                        match nixvm::close_names(&part, &names).as_slice() {
                            [] => {}
                            [one] => m.push_str(&format!("\nDid you mean {one}?")),
                            [init @ .., last] => m.push_str(&format!(
                                "\nDid you mean one of {} or {last}?",
                                init.join(", ")
                            )),
                        }
                        return Err(fail(ev, m));
                    }
                }
            }
            (Value::List(l), Some(n)) => match l.get(n as usize) {
                Some(x) => v = x.clone(),
                None => {
                    return Err(fail(
                        ev,
                        format!("list index {n} in selection path '{path}' is out of range"),
                    ));
                }
            },
            (_, index) => {
                let wanted = if index.is_some() { "list" } else { "set" };
                return Err(fail(
                    ev,
                    format!(
                        "the expression selected by the selection path '{path}' should be a {wanted} but is {}",
                        v.value_type().with_article()
                    ),
                ));
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
