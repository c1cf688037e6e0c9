//! Command-line arguments, as `nix-instantiate` takes them: its own flags, the flags every
//! Nix command has (logging, `--option`, the store, `--arg`, `-I`, …) and a flag per Nix
//! setting (`setting_flags.rs`). Settings go to the library's impure preset by name
//! ([`EvaluatorBuilder::setting`]), which checks them as Nix does and applies those that
//! change evaluation; flags about building and the store change nothing here.

use std::path::PathBuf;

use nixvm::EvaluatorBuilder;
use nixvm::settings::{self, Effect, Kind, Setting, SettingError};

use crate::setting_flags::{self, FlagAction};

/// What to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    Plain,
    Json,
    Xml,
    Raw,
}

/// An argument for the top-level function: `--arg`, `--argstr`, `--arg-from-file` or
/// `--arg-from-stdin`.
#[derive(Clone, Debug)]
pub enum AutoArg {
    Expr(String),
    Str(String),
    File(String),
    Stdin,
}

#[derive(Debug)]
pub struct Args {
    pub eval: bool,
    pub strict: bool,
    pub parse: bool,
    pub output: Option<Output>,
    pub expr: bool,
    /// `-`: the expression on standard input comes first.
    pub read_stdin: bool,
    /// `--find-file`: print where the search path finds each argument.
    pub find_file: bool,
    pub files: Vec<String>,
    pub attrs: Vec<String>,
    /// By name; a later one replaces an earlier one of the same name.
    pub auto_args: Vec<(String, AutoArg)>,
    pub include: Vec<String>,
    /// The evaluator being set up: the impure preset, with the settings given by name.
    pub builder: EvaluatorBuilder,
    /// Settings given values nixvm cannot honour, with why.
    pub unsupported: Vec<String>,
    pub no_location: bool,
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
    pub repl: bool,
    /// `--max-memory SIZE`: the memory ceiling, in bytes.
    pub max_memory: Option<u64>,
    pub dump_bytecode: bool,
    pub trace_runtime: bool,
    pub help: bool,
    pub version: bool,
    /// Warnings to print before evaluating (unknown settings, ignored values).
    pub warnings: Vec<String>,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            eval: false,
            strict: false,
            parse: false,
            output: None,
            expr: false,
            read_stdin: false,
            find_file: false,
            files: Vec::new(),
            attrs: Vec::new(),
            auto_args: Vec::new(),
            include: Vec::new(),
            builder: EvaluatorBuilder::impure(),
            unsupported: Vec::new(),
            no_location: false,
            read_write: false,
            readonly: false,
            dry_run: false,
            add_root: None,
            gc_warning: true,
            store: None,
            repl: false,
            max_memory: None,
            dump_bytecode: false,
            trace_runtime: false,
            help: false,
            version: false,
            warnings: Vec::new(),
        }
    }
}

/// Why the command line was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum CliError {
    /// A misuse of the command line: printed with a hint to see `--help`.
    Usage(String),
    /// Anything else.
    Other(String),
}

impl CliError {
    /// The message as Nix prints it, for the program `program`.
    pub fn render(&self, program: &str) -> String {
        match self {
            CliError::Usage(m) => {
                format!("error: {m}\nTry '{program} --help' for more information.")
            }
            CliError::Other(m) => format!("error: {m}"),
        }
    }
}

fn usage(m: impl Into<String>) -> CliError {
    CliError::Usage(m.into())
}

pub const USAGE: &str = "\
Usage: nixvm [OPTIONS] [FILE | -]...
       nixvm repl

Instantiates the derivations a Nix expression describes, as `nix-instantiate` does: writes
each `.drv` file, and everything it needs, to the Nix store (through the Nix daemon) and
prints its path. With --eval, prints the value instead.

Options:
  --eval, --eval-only    print the value instead of instantiating (writes nothing to the
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
  --find-file            print where the search path finds each argument
  -E, --expr             the arguments are expressions, not files
  -                      read an expression from standard input
  -A, --attr PATH        select an attribute of the result (repeatable)
  --arg NAME EXPR        pass NAME = EXPR if the result is a function
  --argstr NAME STRING   pass NAME = \"STRING\" if the result is a function
  --arg-from-file NAME PATH   pass NAME = the contents of PATH
  --arg-from-stdin NAME  pass NAME = the contents of standard input
  -I, --include PATH     add PATH (or PREFIX=PATH) to the search path
  --impure               allow file and environment access (the default)
  --no-location          omit locations from --xml output
  --option NAME VALUE    set a Nix setting (also: --NAME VALUE, --NAME, --no-NAME)
  --show-trace           show the full trace of errors (--no-show-trace: do not)
  --max-call-depth N     fail when calls nest deeper than N
  --max-memory SIZE      fail when evaluation would use more memory than SIZE (bytes,
                         or with K, M, G, T: 512M, 4G; default: 3/4 of the physical memory)
  --pure-eval            forbid file and environment access
  --restrict-eval        allow only files in the search path
  --lint-url-literals L  unquoted URLs: ignore (default), warn or fatal
  --lint-short-path-literals L     paths like `a/b` (not `./a/b`): ignore, warn or fatal
  --lint-absolute-path-literals L  paths like `/a` or `~/a`: ignore, warn or fatal
  --extra-experimental-features F   enable experimental features (pipe-operators, ...)
  --dump-bytecode        print the compiled code on standard error
  --trace-runtime        print every frame entered and left on standard error
  -h, --help             show this help
  --version              show the version

Every other flag of nix-instantiate and every Nix setting is accepted; those about
building have no effect.

With no arguments, or with `repl`, starts an interactive session.";

/// Nix's expansion of compound short flags: `-vvv` is `-v -v -v`, `-j4` is `-j 4`,
/// `-Ifoo` is `-I foo` (every letter is a flag of its own up to the first non-letter,
/// which starts the argument of the last one). Nothing after `--` is expanded.
fn expand_short_flags(argv: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(argv.len());
    let mut dash_dash = false;
    for arg in argv {
        let b = arg.as_bytes();
        if dash_dash || b.len() <= 2 || b[0] != b'-' || b[1] == b'-' || !b[1].is_ascii_alphabetic()
        {
            dash_dash |= arg == "--";
            out.push(arg.clone());
            continue;
        }
        out.push(format!("-{}", b[1] as char));
        for (j, &c) in b.iter().enumerate().skip(2) {
            if c.is_ascii_alphabetic() {
                out.push(format!("-{}", c as char));
            } else {
                out.push(arg[j..].to_string());
                break;
            }
        }
    }
    out
}

/// The arguments of a flag taking `n` of them (Nix's registered flags).
fn take_n(
    it: &mut std::slice::Iter<String>,
    flag: &str,
    n: usize,
) -> Result<Vec<String>, CliError> {
    let mut out = Vec::with_capacity(n);
    for given in 0..n {
        match it.next() {
            Some(a) => out.push(a.clone()),
            None => {
                return Err(usage(format!(
                    "flag '{flag}' requires {n} argument(s), but only {given} were given"
                )));
            }
        }
    }
    Ok(out)
}

/// The argument of one of `nix-instantiate`'s own flags.
fn take_one(it: &mut std::slice::Iter<String>, flag: &str) -> Result<String, CliError> {
    it.next()
        .cloned()
        .ok_or_else(|| usage(format!("'{flag}' requires an argument")))
}

/// Parses the command line (without the program name).
pub fn parse(argv: &[String]) -> Result<Args, CliError> {
    let mut a = Args::default();
    // Settings from `NIX_CONFIG` (nix.conf syntax) come first: flags override them.
    if let Ok(conf) = std::env::var("NIX_CONFIG") {
        apply_config_text(&mut a, &conf).map_err(CliError::Usage)?;
    }
    let argv = expand_short_flags(argv);
    let mut it = argv.iter();
    if argv.first().map(String::as_str) == Some("repl") {
        a.repl = true;
        it.next();
    }
    // Experimental features that the flags given need.
    let mut needed: Vec<&'static str> = Vec::new();
    let mut dash_dash = false;
    while let Some(arg) = it.next() {
        if dash_dash {
            positional(&mut a, arg)?;
            continue;
        }
        if arg == "-" || !arg.starts_with('-') {
            positional(&mut a, arg)?;
            continue;
        }
        if arg == "--" {
            dash_dash = true;
            continue;
        }
        if common_flag(&mut a, arg, &mut it, &mut needed)? || own_flag(&mut a, arg, &mut it)? {
            continue;
        }
        return Err(usage(format!("unrecognised flag '{arg}'")));
    }
    for f in needed {
        if !a.builder.current_settings().has_feature(f) {
            return Err(CliError::Other(format!(
                "experimental Nix feature '{f}' is disabled; add '--extra-experimental-features {f}' to enable it"
            )));
        }
    }
    Ok(a)
}

/// An argument that is not a flag (or any argument after `--`): Nix hands it to
/// `nix-instantiate`'s own parser alone, so `-` still means standard input, and its own
/// flags still work, except that one taking a value finds none.
fn positional(a: &mut Args, arg: &str) -> Result<(), CliError> {
    if arg == "-" {
        a.read_stdin = true;
    } else if arg.starts_with('-') {
        if !own_flag(a, arg, &mut [].iter())? {
            return Err(usage(format!("unexpected argument '{arg}'")));
        }
    } else {
        a.files.push(arg.to_string());
    }
    Ok(())
}

/// The flags every Nix command has, and those of the settings. Returns whether `arg` was one.
fn common_flag(
    a: &mut Args,
    arg: &str,
    it: &mut std::slice::Iter<String>,
    needed: &mut Vec<&'static str>,
) -> Result<bool, CliError> {
    match arg {
        // Logging: nixvm prints errors, warnings and traces only, at every level.
        "-v" | "--verbose" | "--quiet" | "--debug" | "-Q" | "--no-build-output" => {}
        "--log-format" => {
            let f = take_n(it, arg, 1)?.remove(0);
            if !matches!(
                f.as_str(),
                "raw" | "raw-with-logs" | "internal-json" | "bar" | "bar-with-logs"
            ) {
                return Err(CliError::Other(format!(
                    "option 'log-format' has an invalid value '{f}'"
                )));
            }
        }
        "--option" => {
            let v = take_n(it, arg, 2)?;
            // Nix only warns about a value it cannot take here.
            if let Err(m) = set_option(a, &v[0], &v[1]) {
                a.warnings.push(m);
            }
        }
        "-j" | "--max-jobs" => {
            let n = take_n(it, arg, 1)?.remove(0);
            let s = settings::find("max-jobs").expect("max-jobs is a setting");
            settings::check(s, &n).map_err(usage)?;
        }
        // Building.
        "-K" | "--keep-failed" | "-k" | "--keep-going" | "--fallback" | "--repair" => {}
        "--cores" | "--max-silent-time" | "--timeout" => {
            let n = take_n(it, arg, 1)?.remove(0);
            settings::parse_with_unit(&n, false).map_err(usage)?;
        }
        // The store.
        "--readonly-mode" => a.readonly = true,
        "--no-gc-warning" => a.gc_warning = false,
        "--eval-store" => {
            take_n(it, arg, 1)?;
        }
        // Evaluation.
        "--arg" => {
            let v = take_n(it, arg, 2)?;
            set_auto_arg(a, &v[0], AutoArg::Expr(v[1].clone()));
        }
        "--argstr" => {
            let v = take_n(it, arg, 2)?;
            set_auto_arg(a, &v[0], AutoArg::Str(v[1].clone()));
        }
        "--arg-from-file" => {
            let v = take_n(it, arg, 2)?;
            set_auto_arg(a, &v[0], AutoArg::File(v[1].clone()));
        }
        "--arg-from-stdin" => {
            let v = take_n(it, arg, 1)?;
            set_auto_arg(a, &v[0], AutoArg::Stdin);
        }
        "-I" | "--include" => a.include.push(take_n(it, arg, 1)?.remove(0)),
        "--impure" => set_option(a, "pure-eval", "false").map_err(usage)?,
        // Flake registries: nixvm resolves no flake references.
        "--override-flake" => {
            take_n(it, arg, 2)?;
        }
        _ => {
            let Some(long) = arg.strip_prefix("--") else {
                return Ok(false);
            };
            let Some((setting, action)) = setting_flags::flag(long) else {
                return Ok(false);
            };
            if let Some(f) = setting.feature {
                needed.push(f);
            }
            let value = if action.takes_value() {
                take_n(it, arg, 1)?.remove(0)
            } else {
                String::new()
            };
            apply_flag(a, setting, action, &value).map_err(usage)?;
        }
    }
    Ok(true)
}

/// `nix-instantiate`'s own flags. Returns whether `arg` was one.
fn own_flag(a: &mut Args, arg: &str, it: &mut std::slice::Iter<String>) -> Result<bool, CliError> {
    match arg {
        "-h" | "--help" => a.help = true,
        "--version" => a.version = true,
        "-E" | "--expr" => a.expr = true,
        "--eval" | "--eval-only" => a.eval = true,
        "--read-write-mode" => a.read_write = true,
        "--parse" | "--parse-only" => {
            a.parse = true;
            a.eval = true;
        }
        "--find-file" => a.find_file = true,
        "-A" | "--attr" => a.attrs.push(take_one(it, arg)?),
        "--add-root" => a.add_root = Some(take_one(it, arg)?),
        // Current Nix makes every root indirect.
        "--indirect" => {}
        "--raw" => a.output = Some(Output::Raw),
        "--xml" => a.output = Some(Output::Xml),
        "--json" => a.output = Some(Output::Json),
        "--no-location" => a.no_location = true,
        "--strict" => a.strict = true,
        "--dry-run" => a.dry_run = true,
        // nixvm's own.
        "--max-memory" => {
            let n = take_one(it, arg)?;
            let bytes = settings::parse_with_unit(&n, false)
                .ok()
                .and_then(|b| u64::try_from(b).ok())
                .ok_or_else(|| usage(format!("invalid size '{n}' for '--max-memory'")))?;
            a.max_memory = Some(bytes);
        }
        "--dump-bytecode" => a.dump_bytecode = true,
        "--trace-runtime" => a.trace_runtime = true,
        _ => return Ok(false),
    }
    Ok(true)
}

fn set_auto_arg(a: &mut Args, name: &str, value: AutoArg) {
    a.auto_args.retain(|(n, _)| n != name);
    a.auto_args.push((name.to_string(), value));
}

/// What a setting's flag does to it.
fn apply_flag(
    a: &mut Args,
    setting: &'static Setting,
    action: FlagAction,
    value: &str,
) -> Result<(), String> {
    match action {
        FlagAction::Set => set_option(a, setting.name, value),
        FlagAction::Append => set_option(a, &format!("extra-{}", setting.name), value),
        FlagAction::Enable | FlagAction::Disable if setting.kind == Kind::Sandbox => Ok(()),
        FlagAction::Enable => set_option(a, setting.name, "true"),
        FlagAction::Disable => set_option(a, setting.name, "false"),
        FlagAction::Relaxed => Ok(()),
    }
}

/// Sets a setting by name, as `--option` and `NIX_CONFIG` do, on the evaluator being set
/// up: an unknown name is warned about, a value nixvm cannot honour is an error once the
/// command line is read, and an invalid value is `Err` with Nix's message. `store` also
/// names the store this command uses.
fn set_option(a: &mut Args, name: &str, value: &str) -> Result<(), String> {
    match a.builder.setting(name, value) {
        Ok(_) => {
            if settings::find(name).is_some_and(|s| s.effect == Some(Effect::Store)) {
                a.store = Some(value.to_string());
            }
            Ok(())
        }
        Err(e @ SettingError::Unknown(_)) => {
            a.warnings.push(e.to_string());
            Ok(())
        }
        Err(SettingError::Unsupported(why)) => {
            a.unsupported.push(why);
            Ok(())
        }
        Err(SettingError::Invalid(m)) => Err(m),
    }
}

/// Applies settings in nix.conf syntax (`NIX_CONFIG`): a `NAME = VALUE` a line, `#` to the
/// end of a line is a comment, the experimental features first.
fn apply_config_text(a: &mut Args, text: &str) -> Result<(), String> {
    let mut entries = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("");
        let tokens: Vec<&str> = line.split_whitespace().collect();
        if tokens.is_empty() {
            continue;
        }
        if matches!(tokens[0], "include" | "!include") {
            // Files included from the environment's configuration are not read.
            continue;
        }
        if tokens.len() < 2 || tokens[1] != "=" {
            return Err(format!(
                "illegal configuration line '{}' in 'NIX_CONFIG'",
                line.trim()
            ));
        }
        entries.push((tokens[0], tokens[2..].join(" ")));
    }
    let is_features =
        |n: &str| matches!(n, "experimental-features" | "extra-experimental-features");
    for (name, value) in entries.iter().filter(|(n, _)| is_features(n)) {
        set_option(a, name, value)?;
    }
    for (name, value) in entries.iter().filter(|(n, _)| !is_features(n)) {
        // `NIX_PATH` wins over the configuration's search path.
        if matches!(*name, "nix-path" | "extra-nix-path") && std::env::var_os("NIX_PATH").is_some()
        {
            continue;
        }
        set_option(a, name, value)?;
    }
    Ok(())
}

pub fn current_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn short_flags_expand_as_in_nix() {
        assert_eq!(
            expand_short_flags(&args(&["-vvv", "-j4", "-I/a", "-E", "--", "-vv"])),
            args(&["-v", "-v", "-v", "-j", "4", "-I", "/a", "-E", "--", "-vv"])
        );
    }

    #[test]
    fn flags_take_their_arguments() {
        assert_eq!(
            parse(&args(&["--arg", "x"])).unwrap_err(),
            CliError::Usage("flag '--arg' requires 2 argument(s), but only 1 were given".into())
        );
        assert_eq!(
            parse(&args(&["-A"])).unwrap_err(),
            CliError::Usage("'-A' requires an argument".into())
        );
        assert_eq!(
            parse(&args(&["--frobnicate"])).unwrap_err(),
            CliError::Usage("unrecognised flag '--frobnicate'".into())
        );
    }

    #[test]
    fn settings_by_flag_and_option() {
        let a = parse(&args(&[
            "--max-call-depth",
            "100",
            "--option",
            "pure-eval",
            "true",
            "--extra-experimental-features",
            "pipe-operators",
            "--option",
            "extra-experimental-features",
            "flakes",
            "--option",
            "frobnicate",
            "x",
            "--no-show-trace",
            "--arg",
            "x",
            "1",
            "--arg",
            "x",
            "2",
        ]))
        .unwrap();
        let settings = a.builder.current_settings();
        assert!(settings.pure_eval);
        assert!(
            settings
                .experimental_features
                .ends_with(&["pipe-operators".into(), "flakes".into()])
        );
        assert_eq!(a.warnings, vec!["unknown setting 'frobnicate'".to_string()]);
        assert_eq!(a.auto_args.len(), 1);
        assert!(matches!(&a.auto_args[0].1, AutoArg::Expr(e) if e == "2"));
        let ev = a.builder.build();
        assert_eq!(ev.limits().max_call_depth, 100);
        assert!(!ev.show_trace());
    }
}
