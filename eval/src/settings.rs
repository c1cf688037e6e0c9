//! Nix's configuration settings by name, as `nix.conf`, `NIX_CONFIG` and `--option` give
//! them: the table of every setting current Nix registers globally (evaluation, fetching,
//! flakes, the store's global settings, logging), how each one's value is written and
//! checked, and [`SettingError`]. [`EvaluatorBuilder::setting`](crate::EvaluatorBuilder::setting)
//! applies one to an evaluator being made.
//!
//! Every setting is accepted, so that a configuration written for Nix works as it is. Most
//! concern building and the store, which an evaluator has no use for: their values are
//! checked as Nix checks them and then have no effect. These change evaluation:
//!
//! | Setting | Effect |
//! |---|---|
//! | `pure-eval` | pure evaluation: no files, environment, clock or search path |
//! | `restrict-eval` | files only from the search path and the allowed paths, no environment |
//! | `allowed-uris` | URL prefixes fetchers may use in restricted evaluation |
//! | `nix-path` | the search path after the builder's own entries (`NIX_PATH` by default) |
//! | `experimental-features` | features that change the language (`pipe-operators`, …) |
//! | `max-call-depth` | [`Limits::max_call_depth`](crate::Limits::max_call_depth) |
//! | `show-trace` | errors rendered with their whole trace |
//! | `trace-verbose` | `builtins.traceVerbose` prints |
//! | `abort-on-warn` | a warning ends evaluation |
//! | `system`, `eval-system` | `builtins.currentSystem` (`eval-system` wins when not empty) |
//! | `allow-import-from-derivation` | whether evaluation may build to read an output |
//! | `lint-url-literals`, `lint-short-path-literals`, `lint-absolute-path-literals` | [`Lints`](crate::Lints) |
//! | `warn-short-path-literals` | deprecated form of `lint-short-path-literals` (a warning says so) |
//!
//! A list setting takes words separated by whitespace; `extra-NAME` adds to it instead of
//! replacing it. `allow-unsafe-native-code-during-evaluation = true` and an
//! `eval-profiler` other than `disabled` are refused
//! ([`SettingError::Unsupported`]): nixvm runs no native code and has no profiler. The
//! `store` setting has no effect here: give the evaluator a store with
//! [`EvaluatorBuilder::store`](crate::EvaluatorBuilder::store).
//!
//! ```
//! use nixvm::EvaluatorBuilder;
//!
//! let mut builder = EvaluatorBuilder::impure();
//! builder.setting("pure-eval", "true").unwrap();
//! builder.setting("extra-experimental-features", "pipe-operators").unwrap();
//! let ev = builder.build();
//! assert_eq!(ev.eval_expr("[ 1 2 ] |> builtins.length").unwrap().as_int().unwrap(), 2);
//! assert!(!ev.eval_expr("builtins ? currentTime").unwrap().as_bool().unwrap());
//!
//! let e = EvaluatorBuilder::impure().setting("max-call-depth", "lots").unwrap_err();
//! assert_eq!(e.to_string(), "setting 'max-call-depth' has invalid value 'lots'");
//! ```

use std::fmt;

use nixvm_value::LintRule;

/// How a setting's value is written, which decides the flags it has and the values it
/// accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `true`/`yes`/`1` or `false`/`no`/`0`; flags `--NAME` and `--no-NAME`.
    Bool,
    /// A non-negative integer, with an optional unit suffix (`K`, `M`, `G`, `T`).
    Unsigned,
    /// An integer, with an optional unit suffix.
    Signed,
    /// `auto` or a non-negative integer (`max-jobs`).
    Jobs,
    /// Any text.
    Text,
    /// Words separated by whitespace; `--extra-NAME` adds to them.
    List,
    /// The sandbox: `true`, `false` or `relaxed`; flags `--NAME`, `--no-NAME`, `--relaxed-NAME`.
    Sandbox,
    /// A lint level: `ignore`, `warn` or `fatal`.
    Lint,
    /// The evaluation profiler: `disabled` or `flamegraph`.
    Profiler,
}

/// One setting.
#[derive(Debug)]
pub struct Setting {
    /// Its name, as `nix.conf` and `--option` write it.
    pub name: &'static str,
    /// How its value is written.
    pub kind: Kind,
    /// Older names, still accepted.
    pub aliases: &'static [&'static str],
    /// The experimental feature its flag requires.
    pub feature: Option<&'static str>,
    /// What it does here; `None` for a setting accepted and not acted on.
    pub effect: Option<Effect>,
}

/// What a setting nixvm acts on does: one variant each, so that the code acting on them
/// matches on this rather than on their names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// `max-call-depth`: [`Limits::max_call_depth`](crate::Limits).
    MaxCallDepth,
    /// `pure-eval`.
    PureEval,
    /// `restrict-eval`.
    RestrictEval,
    /// `allowed-uris`: URL prefixes fetchers may use when restricted.
    AllowedUris,
    /// `nix-path`: the search path after `-I`'s entries.
    NixPath,
    /// `experimental-features`.
    ExperimentalFeatures,
    /// `show-trace`: errors printed with their whole trace.
    ShowTrace,
    /// `trace-verbose`: `builtins.traceVerbose` prints.
    TraceVerbose,
    /// `abort-on-warn`: `builtins.warn` fails.
    AbortOnWarn,
    /// `system`: `builtins.currentSystem`, unless `eval-system` is set.
    System,
    /// `eval-system`: `builtins.currentSystem`.
    EvalSystem,
    /// `allow-import-from-derivation`.
    AllowImportFromDerivation,
    /// `lint-url-literals`, `lint-short-path-literals`, `lint-absolute-path-literals`.
    Lint(LintRule),
    /// `warn-short-path-literals`: the deprecated form of `lint-short-path-literals`.
    WarnShortPathLiterals,
    /// Refused when on: nixvm runs no native code.
    AllowUnsafeNativeCode,
    /// Refused unless `disabled`: nixvm has no evaluation profiler.
    EvalProfiler,
    /// The store the `nixvm` command uses.
    Store,
}

const fn s(
    name: &'static str,
    kind: Kind,
    aliases: &'static [&'static str],
    feature: Option<&'static str>,
) -> Setting {
    Setting {
        name,
        kind,
        aliases,
        feature,
        effect: None,
    }
}

impl Setting {
    /// This setting, acted on as `effect` says.
    const fn does(self, effect: Effect) -> Setting {
        Setting {
            effect: Some(effect),
            ..self
        }
    }
}

use Kind::*;

/// Every setting, by name.
static SETTINGS: &[Setting] = &[
    s("abort-on-warn", Bool, &[], None).does(Effect::AbortOnWarn),
    s("accept-flake-config", Bool, &[], Some("flakes")),
    s("access-tokens", List, &[], None),
    s("allow-dirty", Bool, &[], None),
    s("allow-dirty-locks", Bool, &[], Some("flakes")),
    s("allow-import-from-derivation", Bool, &[], None).does(Effect::AllowImportFromDerivation),
    s("allow-new-privileges", Bool, &[], None),
    s("allow-symlinked-store", Bool, &[], None),
    s(
        "allow-unsafe-native-code-during-evaluation",
        Bool,
        &[],
        None,
    )
    .does(Effect::AllowUnsafeNativeCode),
    s("allowed-impure-host-deps", Text, &[], None),
    s("allowed-uris", List, &[], None).does(Effect::AllowedUris),
    s("allowed-users", List, &[], None),
    s("always-allow-substitutes", Bool, &[], None),
    s("auto-allocate-uids", Bool, &[], Some("auto-allocate-uids")),
    s("auto-optimise-store", Bool, &[], None),
    s("bash-prompt", Text, &[], None),
    s("bash-prompt-prefix", Text, &[], None),
    s("bash-prompt-suffix", Text, &[], None),
    s("build-dir", Text, &[], None),
    s("build-hook", List, &[], None),
    s("build-hook-kill-timeout", Unsigned, &[], None),
    s("build-poll-interval", Unsigned, &[], None),
    s("build-users-group", Text, &[], None),
    s("builders", Text, &[], None),
    s("builders-use-substitutes", Bool, &[], None),
    s(
        "commit-lock-file-summary",
        Text,
        &["commit-lockfile-summary"],
        Some("flakes"),
    ),
    s("compress-build-log", Bool, &["build-compress-log"], None),
    s("connect-timeout", Unsigned, &[], None),
    s("cores", Unsigned, &["build-cores"], None),
    s("darwin-log-sandbox-violations", Bool, &[], None),
    s("debugger-on-trace", Bool, &[], None),
    s("debugger-on-warn", Bool, &[], None),
    s("diff-hook", Text, &[], None),
    s("download-buffer-size", Unsigned, &[], None),
    s("download-speed", Unsigned, &[], None),
    s(
        "eval-attrset-update-layer-rhs-threshold",
        Unsigned,
        &[],
        None,
    ),
    s("eval-cache", Bool, &[], None),
    s("eval-profile-file", Text, &[], None),
    s("eval-profiler", Profiler, &[], None).does(Effect::EvalProfiler),
    s("eval-profiler-frequency", Unsigned, &[], None),
    s("eval-system", Text, &[], None).does(Effect::EvalSystem),
    s("experimental-features", List, &[], None).does(Effect::ExperimentalFeatures),
    s("external-builders", Text, &[], None),
    s("extra-platforms", List, &[], None),
    s("fallback", Bool, &["build-fallback"], None),
    s(
        "filetransfer-retry-attempts",
        Unsigned,
        &["download-attempts"],
        None,
    ),
    s("filetransfer-retry-delay", Unsigned, &[], None),
    s("filetransfer-retry-delay-rate-limited", Unsigned, &[], None),
    s("filetransfer-retry-jitter", Bool, &[], None),
    s("filetransfer-retry-max-delay", Unsigned, &[], None),
    s("filter-syscalls", Bool, &[], None),
    s("flake-registry", Text, &[], Some("flakes")),
    s("fsync-metadata", Bool, &[], None),
    s("fsync-store-paths", Bool, &[], None),
    s("gc-reserved-space", Signed, &[], None),
    s("hashed-mirrors", List, &[], None),
    s(
        "http-connections",
        Unsigned,
        &["binary-caches-parallel-connections"],
        None,
    ),
    s("http2", Bool, &[], None),
    s("http3", Bool, &[], None),
    s("id-count", Unsigned, &[], None),
    s("ignore-try", Bool, &[], None),
    s("ignored-acls", List, &[], None),
    s(
        "impersonate-linux-26",
        Bool,
        &["build-impersonate-linux-26"],
        None,
    ),
    s("impure-env", List, &[], Some("configurable-impure-env")),
    s("json-log-path", Text, &[], None),
    s("keep-build-log", Bool, &["build-keep-log"], None),
    s("keep-derivations", Bool, &["gc-keep-derivations"], None),
    s(
        "keep-env-derivations",
        Bool,
        &["env-keep-derivations"],
        None,
    ),
    s("keep-failed", Bool, &[], None),
    s("keep-going", Bool, &[], None),
    s("keep-outputs", Bool, &["gc-keep-outputs"], None),
    s("lint-absolute-path-literals", Lint, &[], None)
        .does(Effect::Lint(LintRule::AbsolutePathLiterals)),
    s("lint-short-path-literals", Lint, &[], None).does(Effect::Lint(LintRule::ShortPathLiterals)),
    s("lint-url-literals", Lint, &[], None).does(Effect::Lint(LintRule::UrlLiterals)),
    s("log-lines", Unsigned, &[], None),
    s(
        "max-build-log-size",
        Unsigned,
        &["build-max-log-size"],
        None,
    ),
    s("max-call-depth", Unsigned, &[], None).does(Effect::MaxCallDepth),
    s("max-free", Unsigned, &[], None),
    s("max-jobs", Jobs, &["build-max-jobs"], None),
    s("max-silent-time", Signed, &["build-max-silent-time"], None),
    s(
        "max-substitution-jobs",
        Unsigned,
        &["substitution-max-jobs"],
        None,
    ),
    s("min-free", Unsigned, &[], None),
    s("min-free-check-interval", Unsigned, &[], None),
    s("nar-buffer-size", Unsigned, &[], None),
    s("narinfo-cache-meta-ttl", Unsigned, &[], None),
    s("narinfo-cache-negative-ttl", Unsigned, &[], None),
    s("narinfo-cache-positive-ttl", Unsigned, &[], None),
    s("netrc-file", Text, &[], None),
    s("nix-path", List, &[], None).does(Effect::NixPath),
    s("nix-shell-always-looks-for-shell-nix", Bool, &[], None),
    s(
        "nix-shell-shebang-arguments-relative-to-script",
        Bool,
        &[],
        None,
    ),
    s("plugin-files", Text, &[], None),
    s("post-build-hook", Text, &[], None),
    s("pre-build-hook", Text, &[], None),
    s("preallocate-contents", Bool, &[], None),
    s("print-missing", Bool, &[], None),
    s("pure-eval", Bool, &[], None).does(Effect::PureEval),
    s("require-drop-supplementary-groups", Bool, &[], None),
    s("require-sigs", Bool, &[], None),
    s("restrict-eval", Bool, &[], None).does(Effect::RestrictEval),
    s("run-diff-hook", Bool, &[], None),
    s(
        "sandbox",
        Sandbox,
        &["build-use-chroot", "build-use-sandbox"],
        None,
    ),
    s("sandbox-build-dir", Text, &[], None),
    s("sandbox-dev-shm-size", Text, &[], None),
    s("sandbox-fallback", Bool, &[], None),
    s(
        "sandbox-paths",
        List,
        &["build-chroot-dirs", "build-sandbox-paths"],
        None,
    ),
    s("secret-key-files", List, &[], None),
    s("show-trace", Bool, &[], None).does(Effect::ShowTrace),
    s("ssl-cert-file", Text, &[], None),
    s("stalled-download-timeout", Unsigned, &[], None),
    s("start-id", Unsigned, &[], None),
    s("store", Text, &[], None).does(Effect::Store),
    s("substitute", Bool, &["build-use-substitutes"], None),
    s("substituters", List, &["binary-caches"], None),
    s("sync-before-registering", Bool, &[], None),
    s("system", Text, &[], None).does(Effect::System),
    s("system-features", List, &[], None),
    s("tarball-ttl", Unsigned, &[], None),
    s("timeout", Signed, &["build-timeout"], None),
    s("trace-function-calls", Bool, &[], None),
    s("trace-import-from-derivation", Bool, &[], None),
    s("trace-verbose", Bool, &[], None).does(Effect::TraceVerbose),
    s("trust-tarballs-from-git-forges", Bool, &[], None),
    s(
        "trusted-public-keys",
        List,
        &["binary-cache-public-keys"],
        None,
    ),
    s(
        "trusted-substituters",
        List,
        &["trusted-binary-caches"],
        None,
    ),
    s("trusted-users", List, &[], None),
    s("upgrade-nix-store-path-url", Text, &[], None),
    s("use-case-hack", Bool, &[], None),
    s("use-cgroups", Bool, &[], None),
    s("use-registries", Bool, &[], Some("flakes")),
    s("use-sqlite-wal", Bool, &[], None),
    s("use-xdg-base-directories", Bool, &[], None),
    s("user-agent-suffix", Text, &[], None),
    s("warn-dirty", Bool, &[], None),
    s("warn-large-path-threshold", Unsigned, &[], None),
    s("warn-short-path-literals", Bool, &[], None).does(Effect::WarnShortPathLiterals),
];

/// Every setting, sorted by name.
pub fn all() -> &'static [Setting] {
    SETTINGS
}

/// The setting `name` (or one of its aliases) means.
pub fn find(name: &str) -> Option<&'static Setting> {
    SETTINGS
        .iter()
        .find(|s| s.name == name || s.aliases.contains(&name))
}

/// Why a setting could not be applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingError {
    /// No setting has this name (Nix only warns about one: "unknown setting 'NAME'").
    Unknown(String),
    /// The value is not one the setting takes; the message is Nix's.
    Invalid(String),
    /// nixvm cannot do what the value asks (run native code, profile), with why.
    Unsupported(String),
}

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingError::Unknown(name) => write!(f, "unknown setting '{name}'"),
            SettingError::Invalid(m) | SettingError::Unsupported(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for SettingError {}

/// The setting a name given to `--option` or `nix.conf` means, and whether the value is
/// added to its list (`extra-NAME`) rather than replacing it.
pub(crate) fn resolve(name: &str) -> Result<(&'static Setting, bool), SettingError> {
    if let Some(s) = find(name) {
        return Ok((s, false));
    }
    name.strip_prefix("extra-")
        .and_then(find)
        .filter(|s| s.kind == Kind::List)
        .map(|s| (s, true))
        .ok_or_else(|| SettingError::Unknown(name.to_string()))
}

/// A boolean as Nix reads one.
pub fn parse_bool(name: &str, value: &str) -> Result<bool, String> {
    match value {
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        _ => Err(format!(
            "Boolean setting '{name}' has invalid value '{value}'"
        )),
    }
}

/// An integer with an optional unit suffix (`K`, `M`, `G`, `T`: powers of 1024), as Nix's
/// `string2IntWithUnitPrefix` reads it, with its messages.
pub fn parse_with_unit(value: &str, signed: bool) -> Result<i128, String> {
    let mut digits = value;
    let mut multiplier: i128 = 1;
    if let Some(last) = value.chars().last()
        && last.is_ascii_alphabetic()
    {
        multiplier = match last.to_ascii_uppercase() {
            'K' => 1 << 10,
            'M' => 1 << 20,
            'G' => 1 << 30,
            'T' => 1 << 40,
            u => return Err(format!("invalid unit specifier '{u}'")),
        };
        digits = &value[..value.len() - 1];
    }
    let n = parse_int(digits, signed).ok_or_else(|| format!("'{digits}' is not an integer"))?;
    Ok(n * multiplier)
}

/// An integer as Nix's `string2Int` reads it: optional `-` (if signed), then digits only,
/// within 64 bits.
fn parse_int(s: &str, signed: bool) -> Option<i128> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) if signed => (true, rest),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i128 = digits.parse().ok()?;
    let n = if negative { -n } else { n };
    let fits = if signed {
        i64::try_from(n).is_ok()
    } else {
        u64::try_from(n).is_ok()
    };
    fits.then_some(n)
}

/// Checks a value of the setting as Nix parses it; the error is Nix's message.
pub fn check(s: &Setting, value: &str) -> Result<(), String> {
    let invalid = || format!("setting '{}' has invalid value '{value}'", s.name);
    match s.kind {
        Bool => parse_bool(s.name, value).map(|_| ()),
        Unsigned => parse_with_unit(value, false)
            .map(|_| ())
            .map_err(|_| invalid()),
        Signed => parse_with_unit(value, true)
            .map(|_| ())
            .map_err(|_| invalid()),
        Jobs => match value {
            "auto" => Ok(()),
            _ if parse_int(value, false).is_some() => Ok(()),
            _ => Err(format!(
                "configuration setting '{}' should be 'auto' or an integer",
                s.name
            )),
        },
        Sandbox => match value {
            "true" | "false" | "relaxed" => Ok(()),
            _ => Err(format!("option '{}' has invalid value '{value}'", s.name)),
        },
        Lint => value
            .parse::<nixvm_value::LintLevel>()
            .map(|_| ())
            .map_err(|e| format!("option '{}' has {e}", s.name)),
        Profiler => match value {
            "disabled" | "flamegraph" => Ok(()),
            _ => Err(format!("option '{}' has invalid value '{value}'", s.name)),
        },
        Text | List => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_and_unique() {
        for w in SETTINGS.windows(2) {
            assert!(w[0].name < w[1].name, "{} then {}", w[0].name, w[1].name);
        }
    }

    #[test]
    fn names_resolve_with_aliases_and_extra() {
        assert_eq!(find("build-cores").map(|s| s.name), Some("cores"));
        let (s, append) = resolve("extra-nix-path").unwrap();
        assert_eq!((s.name, append), ("nix-path", true));
        assert_eq!(
            resolve("extra-max-call-depth").unwrap_err(),
            SettingError::Unknown("extra-max-call-depth".into())
        );
    }

    #[test]
    fn values_are_checked_as_nix_checks_them() {
        let depth = find("max-call-depth").unwrap();
        assert!(check(depth, "10000").is_ok());
        assert!(check(depth, "10K").is_ok());
        assert_eq!(
            check(depth, "abc"),
            Err("setting 'max-call-depth' has invalid value 'abc'".into())
        );
        assert!(check(depth, "-1").is_err());
        assert_eq!(
            check(find("pure-eval").unwrap(), "maybe"),
            Err("Boolean setting 'pure-eval' has invalid value 'maybe'".into())
        );
        assert!(check(find("max-jobs").unwrap(), "auto").is_ok());
        assert_eq!(parse_with_unit("2k", false), Ok(2048));
        assert_eq!(
            parse_with_unit("1x", false),
            Err("invalid unit specifier 'X'".into())
        );
        assert_eq!(
            parse_with_unit("x", false),
            Err("invalid unit specifier 'X'".into())
        );
        assert_eq!(
            parse_with_unit("1.5", false),
            Err("'1.5' is not an integer".into())
        );
    }
}
