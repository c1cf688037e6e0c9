//! Command-line arguments, as `nix-instantiate` takes them.

use std::path::PathBuf;

/// What to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    Plain,
    Json,
    Xml,
    Raw,
}

/// An `--arg` or `--argstr`.
#[derive(Clone, Debug)]
pub enum AutoArg {
    Expr(String),
    Str(String),
}

#[derive(Debug)]
pub struct Args {
    pub eval: bool,
    pub strict: bool,
    pub parse: bool,
    pub output: Option<Output>,
    pub expr: bool,
    pub files: Vec<String>,
    pub attrs: Vec<String>,
    pub auto_args: Vec<(String, AutoArg)>,
    pub include: Vec<String>,
    pub show_trace: bool,
    pub max_call_depth: Option<usize>,
    pub no_location: bool,
    pub pure: bool,
    pub features: Vec<String>,
    pub repl: bool,
    pub dump_bytecode: bool,
    pub trace_runtime: bool,
    pub trace_verbose: bool,
    pub abort_on_warn: bool,
    pub help: bool,
    pub version: bool,
    /// The parser's lints (`--lint-url-literals warn`, …).
    pub lints: nixvm::Lints,
    /// Whether `lint-short-path-literals` was given, which the deprecated
    /// `warn-short-path-literals` then leaves alone.
    pub short_path_lint_given: bool,
    /// The deprecated `warn-short-path-literals`, if given.
    pub warn_short_path_literals: Option<bool>,
    /// `--read-write-mode`: `--eval` writes to the store too.
    pub read_write: bool,
    /// `--readonly-mode`: nothing is written, whatever the mode.
    pub readonly: bool,
    /// `--dry-run`: instantiate without writing.
    pub dry_run: bool,
    /// `--add-root PATH`.
    pub add_root: Option<String>,
    /// `--no-gc-warning` turns it off.
    pub gc_warning: bool,
    /// The store to use (`--store URI`), if not `NIX_REMOTE`'s.
    pub store: Option<String>,
    /// `allow-import-from-derivation` (on unless set to false).
    pub allow_ifd: bool,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            eval: false,
            strict: false,
            parse: false,
            output: None,
            expr: false,
            files: Vec::new(),
            attrs: Vec::new(),
            auto_args: Vec::new(),
            include: Vec::new(),
            show_trace: false,
            max_call_depth: None,
            no_location: false,
            pure: false,
            features: Vec::new(),
            repl: false,
            dump_bytecode: false,
            trace_runtime: false,
            trace_verbose: false,
            abort_on_warn: false,
            help: false,
            version: false,
            lints: nixvm::Lints::default(),
            short_path_lint_given: false,
            warn_short_path_literals: None,
            read_write: false,
            readonly: false,
            dry_run: false,
            add_root: None,
            gc_warning: true,
            store: None,
            allow_ifd: true,
        }
    }
}

pub const USAGE: &str = "\
Usage: nixvm [OPTIONS] [FILE | -]...
       nixvm repl

Instantiates the derivations a Nix expression describes, as `nix-instantiate` does: writes
each `.drv` file, and everything it needs, to the Nix store (through the Nix daemon) and
prints its path. With --eval, prints the value instead.

Options:
  --eval                 print the value instead of instantiating (writes nothing to the
                         store unless --read-write-mode is given)
  --read-write-mode      with --eval: write to the store what evaluation makes (copied
                         sources, `toFile`s, `.drv` files)
  --readonly-mode        write nothing to the store, whatever the mode
  --dry-run              instantiate without writing: print the `.drv` paths only
  --add-root PATH        make PATH (then PATH-2, …) a garbage collector root for each
                         `.drv`, and print it instead of the `.drv` path
  --indirect             accepted for compatibility (roots are always indirect)
  --no-gc-warning        do not warn when instantiating without --add-root
  --store URI            the store: `daemon` (the default) or `unix://SOCKET`
  --option allow-import-from-derivation false   refuse to build during evaluation
  --strict               evaluate the result completely
  --json                 print the result as JSON
  --xml                  print the result as XML
  --raw                  print the result (a string) without quotes
  --parse                print the parsed expression instead of evaluating it
  -E, --expr             the arguments are expressions, not files
  -A, --attr PATH        select an attribute of the result (repeatable)
  --arg NAME EXPR        pass NAME = EXPR if the result is a function
  --argstr NAME STRING   pass NAME = \"STRING\" if the result is a function
  -I PATH                add PATH (or PREFIX=PATH) to the search path
  --show-trace           show the full trace of errors (--no-show-trace: do not)
  --max-call-depth N     fail when calls nest deeper than N
  --no-location          omit locations from --xml output
  --pure-eval            forbid file and environment access
  --lint-url-literals L  unquoted URLs: ignore (default), warn or fatal
  --lint-short-path-literals L     paths like `a/b` (not `./a/b`): ignore, warn or fatal
  --lint-absolute-path-literals L  paths like `/a` or `~/a`: ignore, warn or fatal
  --extra-experimental-features F   enable experimental features (pipe-operators, ...)
  --dump-bytecode        print the compiled code on standard error
  --trace-runtime        print every frame entered and left on standard error
  -h, --help             show this help
  --version              show the version

With no arguments, or with `repl`, starts an interactive session.";

/// Parses the command line (without the program name).
pub fn parse(argv: &[String]) -> Result<Args, String> {
    let mut a = Args::default();
    let mut it = argv.iter().peekable();
    let take = |it: &mut std::iter::Peekable<std::slice::Iter<String>>, flag: &str| {
        it.next()
            .cloned()
            .ok_or_else(|| format!("flag '{flag}' requires an argument"))
    };
    // Settings from `NIX_CONFIG` (nix.conf syntax) come first: flags override them.
    if let Ok(conf) = std::env::var("NIX_CONFIG") {
        for line in conf.lines() {
            let line = line.split('#').next().unwrap_or("");
            if let Some((name, value)) = line.split_once('=') {
                set_option(&mut a, name.trim(), value.trim())?;
            }
        }
    }
    if argv.first().map(String::as_str) == Some("repl") {
        a.repl = true;
        it.next();
    }
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--eval" | "--eval-only" => a.eval = true,
            "--strict" => a.strict = true,
            "--parse" | "--parse-only" => a.parse = true,
            "--json" => a.output = Some(Output::Json),
            "--xml" => a.output = Some(Output::Xml),
            "--raw" => a.output = Some(Output::Raw),
            "-E" | "--expr" => a.expr = true,
            "-A" | "--attr" => a.attrs.push(take(&mut it, arg)?),
            "--arg" => {
                let name = take(&mut it, arg)?;
                let value = take(&mut it, arg)?;
                a.auto_args.push((name, AutoArg::Expr(value)));
            }
            "--argstr" => {
                let name = take(&mut it, arg)?;
                let value = take(&mut it, arg)?;
                a.auto_args.push((name, AutoArg::Str(value)));
            }
            "-I" | "--include" => a.include.push(take(&mut it, arg)?),
            "--show-trace" => a.show_trace = true,
            "--max-call-depth" => {
                let n = take(&mut it, arg)?;
                a.max_call_depth = Some(
                    n.parse()
                        .map_err(|_| format!("invalid value '{n}' for --max-call-depth"))?,
                );
            }
            "--option" => {
                let name = take(&mut it, arg)?;
                let value = take(&mut it, arg)?;
                set_option(&mut a, &name, &value)?;
            }
            "--no-show-trace" => a.show_trace = false,
            "--lint-url-literals"
            | "--lint-short-path-literals"
            | "--lint-absolute-path-literals" => {
                let value = take(&mut it, arg)?;
                set_option(&mut a, &arg[2..], &value)?;
            }
            "--warn-short-path-literals" => set_option(&mut a, &arg[2..], "true")?,
            "--no-warn-short-path-literals" => set_option(&mut a, &arg[5..], "false")?,
            "--extra-experimental-features" | "--experimental-features" => {
                let v = take(&mut it, arg)?;
                a.features.extend(v.split_whitespace().map(String::from));
            }
            "--pure-eval" => a.pure = true,
            "--impure" => a.pure = false,
            "--trace-verbose" => a.trace_verbose = true,
            "--abort-on-warn" => a.abort_on_warn = true,
            "--no-location" => a.no_location = true,
            "--read-write-mode" => a.read_write = true,
            "--readonly-mode" => a.readonly = true,
            "--dry-run" => a.dry_run = true,
            "--add-root" => a.add_root = Some(take(&mut it, arg)?),
            // Current Nix makes every root indirect.
            "--indirect" => {}
            "--no-gc-warning" => a.gc_warning = false,
            "--store" => {
                let v = take(&mut it, arg)?;
                set_option(&mut a, "store", &v)?;
            }
            "--dump-bytecode" => a.dump_bytecode = true,
            "--trace-runtime" => a.trace_runtime = true,
            "-h" | "--help" => a.help = true,
            "--version" => a.version = true,
            "-" => a.files.push("-".into()),
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(format!("unrecognised flag '{s}'"));
            }
            s => a.files.push(s.to_string()),
        }
    }
    Ok(a)
}

/// Sets a configuration option (`--option NAME VALUE`, or a `NIX_CONFIG` line); options
/// nixvm has no use for are ignored.
fn set_option(a: &mut Args, name: &str, value: &str) -> Result<(), String> {
    match name {
        "max-call-depth" => {
            a.max_call_depth = Some(
                value
                    .parse()
                    .map_err(|_| format!("invalid value '{value}' for option 'max-call-depth'"))?,
            )
        }
        "pure-eval" => a.pure = value == "true",
        "show-trace" => a.show_trace = value == "true",
        "experimental-features" | "extra-experimental-features" => a
            .features
            .extend(value.split_whitespace().map(String::from)),
        "trace-verbose" => a.trace_verbose = value == "true",
        "abort-on-warn" => a.abort_on_warn = value == "true",
        "lint-url-literals" | "lint-short-path-literals" | "lint-absolute-path-literals" => {
            let level: nixvm::LintLevel = value
                .parse()
                .map_err(|e| format!("option '{name}' has {e}"))?;
            a.lints.set(name, level);
            if name == "lint-short-path-literals" {
                a.short_path_lint_given = true;
            }
        }
        "warn-short-path-literals" => a.warn_short_path_literals = Some(value == "true"),
        "store" => a.store = Some(value.to_string()),
        "allow-import-from-derivation" => a.allow_ifd = value == "true",
        _ => {}
    }
    Ok(())
}

/// `NIX_PATH` split into entries (colon-separated, but a colon inside a URL is kept).
pub fn nix_path_from_env() -> Vec<String> {
    let Ok(s) = std::env::var("NIX_PATH") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut cur = String::new();
    let bytes: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == ':' {
            // `https://…` and friends: a colon followed by `//` belongs to the entry.
            let rest: String = bytes[i + 1..].iter().take(2).collect();
            if rest == "//" {
                cur.push(c);
            } else {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
        } else {
            cur.push(c);
        }
        i += 1;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

pub fn current_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"))
}
