//! Making an [`Evaluator`]: the two presets, pure and impure, and the builder for
//! everything in between.
//!
//! * **Pure** ([`Evaluator::new`], [`EvaluatorBuilder::pure`]): the safe default for input
//!   you do not trust. No file, no environment variable, no clock, no search path: the
//!   result depends on the source text alone.
//! * **Impure** ([`Evaluator::impure`], [`EvaluatorBuilder::impure`]): what `nixvm` and
//!   `nix-instantiate --eval` do. Files are read from the filesystem, `builtins.getEnv`
//!   reads the environment, `builtins.currentTime` is the clock, `<nixpkgs>` is looked up
//!   in `NIX_PATH` and then Nix's default channels, `~` is `HOME`, and the store directory
//!   is `NIX_STORE_DIR` or `/nix/store`.
//! * **Instantiating** ([`EvaluatorBuilder::instantiating`]): impure, and writing to the
//!   Nix store through its daemon, as `nixvm` and `nix-instantiate` without `--eval` do.
//!
//! Neither of the first two writes to a Nix store; the store is a capability of its own
//! ([`EvaluatorBuilder::store`]).
//!
//! Between the presets, the builder takes Nix's settings by their own names
//! ([`setting`](EvaluatorBuilder::setting), as `--option NAME VALUE` does; see
//! [`settings`](crate::settings)) or as typed methods: [`restrict_eval`],
//! [`allowed_path`], [`allowed_uri`], [`search_path`], [`lints`], [`limits`].
//!
//! [`restrict_eval`]: EvaluatorBuilder::restrict_eval
//! [`allowed_path`]: EvaluatorBuilder::allowed_path
//! [`allowed_uri`]: EvaluatorBuilder::allowed_uri
//! [`search_path`]: EvaluatorBuilder::search_path
//! [`lints`]: EvaluatorBuilder::lints
//! [`limits`]: EvaluatorBuilder::limits
//!
//! ```
//! use nixvm::{Evaluator, EvaluatorBuilder};
//!
//! // Impure, with an extra search path entry, as `-I nixpkgs=/src/nixpkgs` adds one.
//! let ev = EvaluatorBuilder::impure().search_path("nixpkgs=/src/nixpkgs").build();
//! let path = ev.eval_expr("builtins.head builtins.nixPath").unwrap();
//! assert_eq!(path.get("prefix").unwrap().as_str().unwrap(), "nixpkgs");
//!
//! // Pure: the environment is out of reach.
//! let ev = Evaluator::new();
//! assert_eq!(ev.eval_expr(r#"builtins.getEnv "HOME""#).unwrap().as_str().unwrap(), "");
//! ```

use std::cell::RefCell;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use nixvm_value::host::{SearchPathEntry, default_system};
use nixvm_value::{
    BuiltinDef, EvalIO, EvalStore, LintLevel, LintRule, Lints, NixAttrs, NoStore, PureIO,
    RestrictedIO, Settings, StdIO, Value,
};

use crate::compiler::Globals;
use crate::evaluator::Evaluator;
use crate::host::{HostState, MessageSink};
use crate::limits::{Interrupt, Limits};
use crate::native::{self, Args, NativeFn};
use crate::settings::{self, Effect, SettingError};
use crate::sources::Sources;
use crate::vm::{self, Vm};

/// Configures an [`Evaluator`]; start from a preset, [`pure`](EvaluatorBuilder::pure) (what
/// [`Evaluator::builder`] gives) or [`impure`](EvaluatorBuilder::impure).
pub struct EvaluatorBuilder {
    /// File and environment access, if given; otherwise what the mode allows: none in pure
    /// evaluation, the real ones else.
    io: Option<Box<dyn EvalIO>>,
    store: Box<dyn EvalStore>,
    settings: Settings,
    /// `-I`-style entries, searched before those of the settings (`NIX_PATH`'s).
    search_path: Vec<SearchPathEntry>,
    /// Whether Nix's default channels end the search path (the impure preset's).
    channels: bool,
    /// What restricted evaluation may read besides the search path's entries.
    allowed_paths: Vec<PathBuf>,
    /// The `system` and `eval-system` settings; the second wins unless it is empty.
    system: Option<String>,
    eval_system: Option<String>,
    /// The deprecated `warn-short-path-literals`, if given, and whether
    /// `lint-short-path-literals`, which wins over it, was.
    warn_short_path_literals: Option<bool>,
    short_path_lint_given: bool,
    show_trace: bool,
    limits: Limits,
    interrupt: Interrupt,
    messages: Option<MessageSink>,
    /// Builtins written in Rust: their definitions and closures, in the order added.
    natives: Vec<(&'static BuiltinDef, Rc<NativeFn>)>,
}

impl Evaluator {
    /// A builder starting from the pure preset.
    pub fn builder() -> EvaluatorBuilder {
        EvaluatorBuilder::pure()
    }

    /// An impure evaluator, set up as the `nixvm` command sets one up (see
    /// [`EvaluatorBuilder::impure`]).
    pub fn impure() -> Evaluator {
        EvaluatorBuilder::impure().build()
    }
}

impl EvaluatorBuilder {
    /// The pure preset: no file, environment, clock or search path (Nix's `pure-eval`,
    /// stricter: not even the store can be read).
    pub fn pure() -> EvaluatorBuilder {
        EvaluatorBuilder {
            io: None,
            store: Box::new(NoStore),
            settings: Settings::default(),
            search_path: Vec::new(),
            channels: false,
            allowed_paths: Vec::new(),
            system: None,
            eval_system: None,
            warn_short_path_literals: None,
            short_path_lint_given: false,
            show_trace: false,
            limits: Limits::default(),
            interrupt: Interrupt::new(),
            messages: None,
            natives: Vec::new(),
        }
    }

    /// The impure preset, as `nix-instantiate --eval` runs: the filesystem, the
    /// environment, the clock (read once, now), `NIX_PATH` and Nix's default channels (the
    /// user's `~/.nix-defexpr/channels` and root's, where they exist, as of
    /// [`build`](Self::build)), `HOME` and `NIX_STORE_DIR`.
    pub fn impure() -> EvaluatorBuilder {
        let settings = Settings {
            pure_eval: false,
            store_dir: std::env::var("NIX_STORE_DIR").unwrap_or_else(|_| "/nix/store".into()),
            system: default_system(),
            nix_path: std::env::var("NIX_PATH")
                .map(|p| parse_nix_path(&p))
                .unwrap_or_default(),
            current_time: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0),
            home: std::env::var_os("HOME").map(PathBuf::from),
            ..Settings::default()
        };
        EvaluatorBuilder {
            settings,
            channels: true,
            ..EvaluatorBuilder::pure()
        }
    }

    /// The instantiating preset, as `nix-instantiate` without `--eval` runs: the impure
    /// preset, with a [`DaemonStore`](crate::DaemonStore) connected to the daemon
    /// `NIX_REMOTE` names (by default the one at `NIX_DAEMON_SOCKET_PATH`, else
    /// `/nix/var/nix/daemon-socket/socket`). `.drv` files, `toFile` texts and copied
    /// sources are written as they are made. Fails when no daemon answers.
    pub fn instantiating() -> Result<EvaluatorBuilder, crate::RawError> {
        Ok(EvaluatorBuilder::impure().store(crate::DaemonStore::connect_default()?))
    }

    /// File and environment access: [`PureIO`] refuses everything, [`StdIO`] is the real
    /// filesystem and environment; implement [`EvalIO`] to sandbox them or serve files
    /// from memory. By default, what the mode allows: [`PureIO`] in pure evaluation,
    /// [`StdIO`] otherwise. Restricted evaluation applies its rule on top of either.
    pub fn io(mut self, io: impl EvalIO + 'static) -> Self {
        self.io = Some(Box::new(io));
        self
    }

    /// The Nix store (default: [`NoStore`], which writes nothing: store paths are computed
    /// and nothing is built). Give it a [`DaemonStore`](crate::DaemonStore) to write what
    /// evaluation makes into a real store and to build for import from derivation.
    pub fn store(mut self, store: impl EvalStore + 'static) -> Self {
        self.store = Box::new(store);
        self
    }

    /// Replaces all settings at once.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Changes the settings in place.
    pub fn configure(mut self, f: impl FnOnce(&mut Settings)) -> Self {
        f(&mut self.settings);
        self
    }

    /// The settings as they stand.
    pub fn current_settings(&self) -> &Settings {
        &self.settings
    }

    /// Sets one of Nix's settings by its name, as `--option NAME VALUE` and `nix.conf` do:
    /// `extra-NAME` adds to a list setting, a value is checked as Nix checks it, and a
    /// setting that does not concern evaluation is accepted and has no effect. See
    /// [`settings`](crate::settings) for the table.
    ///
    /// ```
    /// use nixvm::{EvaluatorBuilder, settings::SettingError};
    ///
    /// let mut b = EvaluatorBuilder::impure();
    /// b.setting("restrict-eval", "true")?.setting("allowed-uris", "https://example.org/")?;
    /// let ev = b.build();
    /// let e = ev.eval_expr(r#"builtins.readFile "/etc/hostname""#).unwrap_err();
    /// assert_eq!(
    ///     e.message(),
    ///     "access to absolute path '/etc/hostname' is forbidden in restricted mode"
    /// );
    ///
    /// assert_eq!(
    ///     EvaluatorBuilder::impure().setting("pure-eval", "maybe").unwrap_err(),
    ///     SettingError::Invalid("Boolean setting 'pure-eval' has invalid value 'maybe'".into())
    /// );
    /// # Ok::<(), SettingError>(())
    /// ```
    pub fn setting(&mut self, name: &str, value: &str) -> Result<&mut Self, SettingError> {
        let (s, append) = settings::resolve(name)?;
        settings::check(s, value).map_err(SettingError::Invalid)?;
        let on = || settings::parse_bool(s.name, value).unwrap_or(false);
        let list = |old: &mut Vec<String>| {
            if !append {
                old.clear();
            }
            old.extend(value.split_whitespace().map(String::from));
        };
        let c = &mut self.settings;
        match s.effect {
            Some(Effect::MaxCallDepth) => {
                self.limits.max_call_depth = settings::parse_with_unit(value, false)
                    .ok()
                    .and_then(|n| usize::try_from(n).ok())
                    .unwrap_or(usize::MAX)
            }
            Some(Effect::PureEval) => c.pure_eval = on(),
            Some(Effect::RestrictEval) => c.restrict_eval = on(),
            Some(Effect::AllowedUris) => list(&mut c.allowed_uris),
            Some(Effect::NixPath) => {
                if !append {
                    c.nix_path.clear();
                }
                c.nix_path
                    .extend(value.split_whitespace().map(SearchPathEntry::parse));
            }
            Some(Effect::ExperimentalFeatures) => list(&mut c.experimental_features),
            Some(Effect::ShowTrace) => self.show_trace = on(),
            Some(Effect::TraceVerbose) => c.trace_verbose = on(),
            Some(Effect::AbortOnWarn) => c.abort_on_warn = on(),
            Some(Effect::System) => self.system = Some(value.to_string()),
            Some(Effect::EvalSystem) => self.eval_system = Some(value.to_string()),
            Some(Effect::AllowImportFromDerivation) => c.allow_import_from_derivation = on(),
            Some(Effect::Lint(rule)) => {
                let level: LintLevel = value
                    .parse()
                    .map_err(|e| SettingError::Invalid(format!("option '{}' has {e}", s.name)))?;
                c.lints.set(rule, level);
                self.short_path_lint_given |= rule == LintRule::ShortPathLiterals;
            }
            Some(Effect::WarnShortPathLiterals) => self.warn_short_path_literals = Some(on()),
            Some(Effect::AllowUnsafeNativeCode) if on() => {
                return Err(SettingError::Unsupported(
                    "nixvm does not run native code: 'allow-unsafe-native-code-during-evaluation' \
                     (builtins.exec, builtins.importNative) is not supported"
                        .into(),
                ));
            }
            Some(Effect::EvalProfiler) if value != "disabled" => {
                return Err(SettingError::Unsupported(
                    "nixvm has no evaluation profiler: the setting 'eval-profiler' can only be \
                     'disabled'"
                        .into(),
                ));
            }
            _ => {}
        }
        Ok(self)
    }

    /// Adds an entry to the search path `<name>` lookups use, in `-I`'s form: `prefix=path`
    /// or a bare `path`. Entries added here come before those of `NIX_PATH`, in the order
    /// they were added. Pure evaluation has no search path, as in Nix: there the entries
    /// are ignored.
    pub fn search_path(mut self, entry: &str) -> Self {
        self.search_path.push(SearchPathEntry::parse(entry));
        self
    }

    /// Restricted evaluation (Nix's `restrict-eval`), when not pure: files may be read only
    /// at, below and on the way to the search path's entries and the
    /// [allowed paths](Self::allowed_path); environment variables are hidden; fetchers may
    /// only use URLs with an [allowed prefix](Self::allowed_uri). Nix's default channels
    /// are left out of the search path.
    ///
    /// ```
    /// use nixvm::EvaluatorBuilder;
    ///
    /// let dir = std::env::temp_dir().join(format!("nixvm-doc-restrict-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("a.nix"), "40 + 2").unwrap();
    /// let ev = EvaluatorBuilder::impure().restrict_eval(true).allowed_path(&dir).build();
    /// let a = dir.join("a.nix");
    /// assert_eq!(ev.eval_expr(&format!("import {}", a.display())).unwrap().as_int().unwrap(), 42);
    /// assert!(ev.eval_expr("builtins.readFile /etc/hostname").is_err());
    /// assert_eq!(ev.eval_expr(r#"builtins.getEnv "HOME""#).unwrap().as_str().unwrap(), "");
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn restrict_eval(mut self, on: bool) -> Self {
        self.settings.restrict_eval = on;
        self
    }

    /// A path restricted evaluation may read, with everything below it (and the directories
    /// on the way to it), besides the search path's entries. A relative path is taken from
    /// the current directory.
    pub fn allowed_path(mut self, path: impl AsRef<Path>) -> Self {
        self.allowed_paths.push(path.as_ref().to_path_buf());
        self
    }

    /// A URL prefix fetchers may use in restricted evaluation (Nix's `allowed-uris`): a URL
    /// is allowed when it starts with the prefix at a boundary (the prefix ends with `/`,
    /// or is followed by `/` in the URL, or is a scheme alone such as `https:`).
    pub fn allowed_uri(mut self, prefix: &str) -> Self {
        self.settings.allowed_uris.push(prefix.to_string());
        self
    }

    /// What the parser does about discouraged syntax: URL literals, and path literals that
    /// are absolute or not prefixed with `./` (Nix's `lint-*` settings).
    ///
    /// ```
    /// use nixvm::{Evaluator, LintLevel, Lints};
    /// let ev = Evaluator::builder()
    ///     .lints(Lints { url_literals: LintLevel::Fatal, ..Lints::default() })
    ///     .build();
    /// let e = ev.eval_expr("http://example.org").unwrap_err();
    /// assert_eq!(
    ///     e.message(),
    ///     "URL literals are disallowed. Consider using a string literal \
    ///      \"http://example.org\" instead (lint-url-literals)"
    /// );
    /// ```
    pub fn lints(mut self, lints: Lints) -> Self {
        self.settings.lints = lints;
        self
    }

    /// Render errors with the full trace (`--show-trace`).
    pub fn show_trace(mut self, on: bool) -> Self {
        self.show_trace = on;
        self
    }

    /// Limits on each evaluation: call depth, steps, time, memory (default: Nix's call
    /// depth limit only). See [`limits`](crate::limits).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Changes the limits in place.
    pub fn configure_limits(mut self, f: impl FnOnce(&mut Limits)) -> Self {
        f(&mut self.limits);
        self
    }

    /// The interrupt handle the evaluator obeys (default: a new one of its own, which
    /// [`Evaluator::interrupt_handle`] returns). Give several evaluators the same handle
    /// to stop whichever is running with one trigger.
    pub fn interrupt(mut self, interrupt: Interrupt) -> Self {
        self.interrupt = interrupt;
        self
    }

    /// Where `builtins.trace` and warnings go (default: standard error).
    pub fn messages(mut self, sink: impl FnMut(&str) + 'static) -> Self {
        self.messages = Some(Box::new(sink));
        self
    }

    /// Adds a builtin written in Rust: `builtins.NAME` (and `__NAME` in scope), a function
    /// of as many arguments as `params` names, documented by `doc` (which `:doc` shows).
    /// Its arguments are evaluated completely before `f` runs; [`Args::get`] converts
    /// them into Rust types, [`convert::to_nix`](crate::convert::to_nix) the result into a
    /// Nix value. `f` may keep state (it is called on the evaluator's thread only). An
    /// error it returns is an evaluation error, with the call's place and trace. A builtin
    /// of the name of an existing one replaces it.
    ///
    /// Panics if `params` is empty or longer than eight.
    ///
    /// ```
    /// use nixvm::{Evaluator, convert};
    /// let ev = Evaluator::builder()
    ///     .builtin("double", &["n"], "Doubles a number.", |args| {
    ///         convert::to_nix(&(args.get::<i64>(0)? * 2))
    ///     })
    ///     .build();
    /// assert_eq!(ev.eval_expr("builtins.double 21").unwrap().as_int().unwrap(), 42);
    /// ```
    pub fn builtin(
        mut self,
        name: &str,
        params: &[&str],
        doc: &str,
        f: impl Fn(&Args<'_>) -> Result<Value, crate::RawError> + 'static,
    ) -> Self {
        assert!(
            (1..=8).contains(&params.len()),
            "a builtin takes one to eight arguments"
        );
        let id = self.natives.len() as u32;
        let def = native::definition(name, params, doc, id);
        self.natives.push((def, Rc::new(f)));
        self
    }

    /// Makes the evaluator.
    pub fn build(self) -> Evaluator {
        let mut settings = self.settings;
        let mut messages = self.messages.unwrap_or_else(|| {
            Box::new(|m: &str| {
                // A closed standard error loses the message rather than stopping evaluation.
                let _ = writeln!(std::io::stderr().lock(), "{m}");
            })
        });
        if let Some(system) = [&self.eval_system, &self.system]
            .into_iter()
            .flatten()
            .find(|s| !s.is_empty())
        {
            settings.system = system.clone();
        }
        if let Some(on) = self.warn_short_path_literals {
            let level = if on {
                LintLevel::Warn
            } else {
                LintLevel::Ignore
            };
            messages(&format!(
                "warning: 'warn-short-path-literals' is deprecated, use \
                 'lint-short-path-literals = {level}' instead"
            ));
            if !self.short_path_lint_given {
                settings.lints.short_path_literals = level;
            }
        }
        // The search path as Nix builds it: `-I` entries, then the `nix-path` setting, then
        // the default channels (not in restricted evaluation); none at all in pure
        // evaluation.
        let mut nix_path = self.search_path;
        nix_path.append(&mut settings.nix_path);
        if self.channels && !settings.restrict_eval {
            nix_path.extend(default_channels().iter().map(|e| SearchPathEntry::parse(e)));
        }
        if settings.pure_eval {
            nix_path.clear();
        }
        settings.nix_path = nix_path;
        let io = self.io.unwrap_or_else(|| {
            if settings.pure_eval {
                Box::new(PureIO)
            } else {
                Box::new(StdIO)
            }
        });
        let io = if settings.restrict_eval && !settings.pure_eval {
            Box::new(RestrictedIO::new(
                io,
                allowed_paths(&settings.nix_path, self.allowed_paths),
            ))
        } else {
            io
        };
        let sources = Rc::new(RefCell::new(Sources::new()));
        let natives: Vec<&'static BuiltinDef> = self.natives.iter().map(|(d, _)| *d).collect();
        // The globals' knot is the registry's first candidate.
        let cycles = nixvm_value::cycles::Registry::default();
        let globals = {
            let _in = cycles.enter();
            Rc::new(make_globals(&settings, &natives))
        };
        let mut host = HostState {
            io: Box::new(nixvm_builtins::corepkgs::WithCorepkgs(io)),
            store: self.store,
            settings,
            sources: sources.clone(),
            messages,
            extensions: Default::default(),
            call_site: None,
        };
        *host.extensions.get_or_default() = cycles;
        host.extensions.get_or_default::<native::Natives>().0 =
            self.natives.into_iter().map(|(_, f)| f).collect();
        let budget = vm::Budget::new(self.limits, self.interrupt);
        let mut vm = Vm::new(host, globals, budget);
        vm.show_trace = self.show_trace;
        Evaluator::from_parts(vm, sources)
    }
}

impl std::fmt::Debug for EvaluatorBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EvaluatorBuilder")
            .field("settings", &self.settings)
            .field("search_path", &self.search_path)
            .field("allowed_paths", &self.allowed_paths)
            .field("show_trace", &self.show_trace)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// Nix's default search path: the user's and root's channels, where they exist.
fn default_channels() -> Vec<String> {
    let state = std::env::var("NIX_STATE_DIR").unwrap_or_else(|_| "/nix/var/nix".into());
    let root_channels = format!("{state}/profiles/per-user/root/channels");
    let mut out = Vec::new();
    if let Some(home) = std::env::var_os("HOME") {
        let user = format!("{}/.nix-defexpr/channels", home.to_string_lossy());
        if Path::new(&user).exists() {
            out.push(user);
        }
    }
    let nixpkgs = format!("{root_channels}/nixpkgs");
    if Path::new(&nixpkgs).exists() {
        out.push(format!("nixpkgs={nixpkgs}"));
    }
    if Path::new(&root_channels).exists() {
        out.push(root_channels);
    }
    out
}

/// What restricted evaluation may read: the search path's entries that are not URLs and
/// the allowed paths, absolute and canonical.
fn allowed_paths(search_path: &[SearchPathEntry], extra: Vec<PathBuf>) -> Vec<PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    search_path
        .iter()
        .filter(|e| !e.path.contains("://"))
        .map(|e| PathBuf::from(&e.path))
        .chain(extra)
        .map(|p| nixvm_value::path::canonical(&cwd.join(p)))
        .collect()
}

/// `NIX_PATH` split into entries: separated by colons, except that a colon followed by
/// `//` belongs to a URL (`nixpkgs=https://…`). Entries are kept as given
/// (`builtins.nixPath` shows them so); `findFile` resolves relative ones against the
/// current directory.
pub fn parse_nix_path(s: &str) -> Vec<SearchPathEntry> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        if c == ':' && !rest.starts_with("//") {
            if !cur.is_empty() {
                out.push(SearchPathEntry::parse(&std::mem::take(&mut cur)));
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(SearchPathEntry::parse(&cur));
    }
    out
}

/// Builds the scope every file starts in: each builtin under its global name, and `builtins`.
/// The embedder's builtins come first, so that they replace built-in ones of their names.
fn make_globals(settings: &Settings, natives: &[&'static BuiltinDef]) -> Globals {
    use nixvm_builtins::registry;
    use nixvm_value::{Attr, Symbol, Thunk};

    let mut values = rustc_hash::FxHashMap::default();
    let mut attrs = Vec::new();
    for &def in natives {
        let v = Value::Builtin(def);
        attrs.push(Attr::new(Symbol::new(def.name), v.clone()));
        values.insert(Symbol::new(&def.scope_name()), v);
    }
    for def in registry::enabled_functions(settings) {
        if natives.iter().any(|n| n.name == def.name) {
            continue;
        }
        let v = Value::Builtin(def);
        attrs.push(Attr::new(Symbol::new(def.name), v.clone()));
        values.insert(Symbol::new(&def.scope_name()), v);
    }
    for (name, v) in registry::constants(settings) {
        attrs.push(Attr::new(Symbol::new(name), v.clone()));
        values.insert(Symbol::new(&registry::global_name(name)), v);
    }
    // `builtins.builtins` is `builtins`: tie the knot through an evaluated thunk (which
    // the evaluator's cycle collection unties when it is dropped).
    let knot = Thunk::knot();
    attrs.push(Attr::new(
        Symbol::new("builtins"),
        Value::Thunk(knot.clone()),
    ));
    let set = Value::Attrs(NixAttrs::from_unsorted_first_wins(attrs));
    knot.finish(set.clone());
    values.insert(Symbol::new("builtins"), set);
    Globals { values }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nix_path_keeps_urls_whole() {
        let entries = parse_nix_path("nixpkgs=https://example.org/x.tar.gz:/a:b=/c::");
        let shown: Vec<(String, String)> =
            entries.into_iter().map(|e| (e.prefix, e.path)).collect();
        assert_eq!(
            shown,
            [
                ("nixpkgs".into(), "https://example.org/x.tar.gz".into()),
                (String::new(), "/a".into()),
                ("b".into(), "/c".into()),
            ]
        );
    }
}
