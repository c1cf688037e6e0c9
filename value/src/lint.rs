//! The lints of Nix's parser: how it treats syntax that is discouraged (URL literals, path
//! literals that are absolute or not prefixed with `./`), as Nix's `lint-*` settings do.

use std::fmt;
use std::str::FromStr;

/// What to do about a linted construct.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LintLevel {
    /// Accept it silently (the default).
    #[default]
    Ignore,
    /// Accept it, with a warning naming the setting.
    Warn,
    /// Reject it: a parse error naming the setting.
    Fatal,
}

impl FromStr for LintLevel {
    type Err = String;

    /// `ignore`, `warn` or `fatal`, as Nix's settings take them.
    fn from_str(s: &str) -> Result<LintLevel, String> {
        match s {
            "ignore" => Ok(LintLevel::Ignore),
            "warn" => Ok(LintLevel::Warn),
            "fatal" => Ok(LintLevel::Fatal),
            _ => Err(format!(
                "invalid value '{s}' (expected 'ignore', 'warn', or 'fatal')"
            )),
        }
    }
}

impl fmt::Display for LintLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LintLevel::Ignore => "ignore",
            LintLevel::Warn => "warn",
            LintLevel::Fatal => "fatal",
        })
    }
}

/// The parser's lints, one level each (all `Ignore` by default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lints {
    /// `lint-url-literals`: unquoted URLs (`http://example.com`).
    pub url_literals: LintLevel,
    /// `lint-short-path-literals`: relative paths not starting with `.` (`foo/bar`).
    pub short_path_literals: LintLevel,
    /// `lint-absolute-path-literals`: paths starting with `/` or `~/`.
    pub absolute_path_literals: LintLevel,
}

/// One of the parser's lints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LintRule {
    /// `lint-url-literals`.
    UrlLiterals,
    /// `lint-short-path-literals`.
    ShortPathLiterals,
    /// `lint-absolute-path-literals`.
    AbsolutePathLiterals,
}

impl Lints {
    /// Sets one lint's level.
    pub fn set(&mut self, rule: LintRule, level: LintLevel) {
        *match rule {
            LintRule::UrlLiterals => &mut self.url_literals,
            LintRule::ShortPathLiterals => &mut self.short_path_literals,
            LintRule::AbsolutePathLiterals => &mut self.absolute_path_literals,
        } = level;
    }
}
