//! Nix's configuration settings, as every Nix command takes them: `--option NAME VALUE`,
//! a `NAME = VALUE` line of `NIX_CONFIG`, or a flag of the setting's own (`--NAME VALUE`;
//! `--NAME` and `--no-NAME` for a boolean; `--extra-NAME VALUE` to add to a list).
//!
//! The table is current Nix's: every setting of the configurations Nix registers globally
//! (evaluation, fetching, flakes, the store's global settings, logging), so that every flag
//! a script may pass is accepted. Most concern building and the store, which an evaluator
//! without a store has no use for; those are checked as Nix checks them and then have no
//! effect. The ones that change evaluation are applied by the command line (`cli.rs`).

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
    pub name: &'static str,
    pub kind: Kind,
    /// Older names, still accepted.
    pub aliases: &'static [&'static str],
    /// The experimental feature its flag requires.
    pub feature: Option<&'static str>,
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
    }
}

use Kind::*;

/// Every setting, by name.
static SETTINGS: &[Setting] = &[
    s("abort-on-warn", Bool, &[], None),
    s("accept-flake-config", Bool, &[], Some("flakes")),
    s("access-tokens", List, &[], None),
    s("allow-dirty", Bool, &[], None),
    s("allow-dirty-locks", Bool, &[], Some("flakes")),
    s("allow-import-from-derivation", Bool, &[], None),
    s("allow-new-privileges", Bool, &[], None),
    s("allow-symlinked-store", Bool, &[], None),
    s(
        "allow-unsafe-native-code-during-evaluation",
        Bool,
        &[],
        None,
    ),
    s("allowed-impure-host-deps", Text, &[], None),
    s("allowed-uris", List, &[], None),
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
    s("eval-profiler", Profiler, &[], None),
    s("eval-profiler-frequency", Unsigned, &[], None),
    s("eval-system", Text, &[], None),
    s("experimental-features", List, &[], None),
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
    s("lint-absolute-path-literals", Lint, &[], None),
    s("lint-short-path-literals", Lint, &[], None),
    s("lint-url-literals", Lint, &[], None),
    s("log-lines", Unsigned, &[], None),
    s(
        "max-build-log-size",
        Unsigned,
        &["build-max-log-size"],
        None,
    ),
    s("max-call-depth", Unsigned, &[], None),
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
    s("nix-path", List, &[], None),
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
    s("pure-eval", Bool, &[], None),
    s("require-drop-supplementary-groups", Bool, &[], None),
    s("require-sigs", Bool, &[], None),
    s("restrict-eval", Bool, &[], None),
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
    s("show-trace", Bool, &[], None),
    s("ssl-cert-file", Text, &[], None),
    s("stalled-download-timeout", Unsigned, &[], None),
    s("start-id", Unsigned, &[], None),
    s("store", Text, &[], None),
    s("substitute", Bool, &["build-use-substitutes"], None),
    s("substituters", List, &["binary-caches"], None),
    s("sync-before-registering", Bool, &[], None),
    s("system", Text, &[], None),
    s("system-features", List, &[], None),
    s("tarball-ttl", Unsigned, &[], None),
    s("timeout", Signed, &["build-timeout"], None),
    s("trace-function-calls", Bool, &[], None),
    s("trace-import-from-derivation", Bool, &[], None),
    s("trace-verbose", Bool, &[], None),
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
    s("warn-short-path-literals", Bool, &[], None),
];

/// The setting `name` (or one of its aliases) means.
pub fn find(name: &str) -> Option<&'static Setting> {
    SETTINGS
        .iter()
        .find(|s| s.name == name || s.aliases.contains(&name))
}

/// What a setting's flag does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagAction {
    /// `--NAME VALUE`.
    Set,
    /// `--extra-NAME VALUE`.
    Append,
    /// `--NAME` of a boolean (or the sandbox).
    Enable,
    /// `--no-NAME`.
    Disable,
    /// `--relaxed-sandbox`.
    Relaxed,
}

impl FlagAction {
    /// Whether the flag takes a value.
    pub fn takes_value(self) -> bool {
        matches!(self, FlagAction::Set | FlagAction::Append)
    }
}

/// The flags a setting has, in the order Nix registers them.
fn flags_of(s: &Setting) -> Vec<(String, FlagAction)> {
    match s.kind {
        Bool => vec![
            (s.name.to_string(), FlagAction::Enable),
            (format!("no-{}", s.name), FlagAction::Disable),
        ],
        Sandbox => vec![
            (s.name.to_string(), FlagAction::Enable),
            (format!("no-{}", s.name), FlagAction::Disable),
            (format!("relaxed-{}", s.name), FlagAction::Relaxed),
        ],
        List => vec![
            (s.name.to_string(), FlagAction::Set),
            (format!("extra-{}", s.name), FlagAction::Append),
        ],
        _ => vec![(s.name.to_string(), FlagAction::Set)],
    }
}

/// The setting and action of the long flag `--flag` (without its dashes), if a setting
/// has that flag. An alias names the flag Nix registered last for the setting (so the
/// alias of a boolean disables it): Nix maps every flag's aliases to that flag, and the
/// last one wins.
pub fn flag(flag: &str) -> Option<(&'static Setting, FlagAction)> {
    for s in SETTINGS {
        let flags = flags_of(s);
        if let Some((_, action)) = flags.iter().find(|(name, _)| name == flag) {
            return Some((s, *action));
        }
        if s.aliases.contains(&flag) {
            return flags.last().map(|(_, action)| (s, *action));
        }
    }
    None
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
            .parse::<nixvm::LintLevel>()
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
    fn flags_follow_the_kind() {
        assert_eq!(flag("pure-eval").map(|f| f.1), Some(FlagAction::Enable));
        assert_eq!(flag("no-pure-eval").map(|f| f.1), Some(FlagAction::Disable));
        assert_eq!(flag("nix-path").map(|f| f.1), Some(FlagAction::Set));
        assert_eq!(
            flag("extra-nix-path").map(|f| f.1),
            Some(FlagAction::Append)
        );
        assert_eq!(
            flag("relaxed-sandbox").map(|f| f.1),
            Some(FlagAction::Relaxed)
        );
        assert_eq!(flag("max-call-depth").map(|f| f.1), Some(FlagAction::Set));
        assert!(flag("extra-max-call-depth").is_none());
        assert!(flag("no-max-call-depth").is_none());
        // An alias means the last flag registered for its setting.
        assert_eq!(
            flag("build-use-substitutes").map(|f| f.1),
            Some(FlagAction::Disable)
        );
        assert_eq!(flag("binary-caches").map(|f| f.1), Some(FlagAction::Append));
        assert_eq!(find("build-cores").map(|s| s.name), Some("cores"));
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
