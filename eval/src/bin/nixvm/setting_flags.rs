//! The command-line flags of Nix's settings: every setting is `--NAME VALUE`; a boolean
//! is also `--NAME` and `--no-NAME`, a list `--extra-NAME VALUE`, the sandbox
//! `--relaxed-sandbox`. The settings themselves, their values and what they do are the
//! library's ([`nixvm::settings`]).

use nixvm::settings::{self, Kind, Setting};

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
        Kind::Bool => vec![
            (s.name.to_string(), FlagAction::Enable),
            (format!("no-{}", s.name), FlagAction::Disable),
        ],
        Kind::Sandbox => vec![
            (s.name.to_string(), FlagAction::Enable),
            (format!("no-{}", s.name), FlagAction::Disable),
            (format!("relaxed-{}", s.name), FlagAction::Relaxed),
        ],
        Kind::List => vec![
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
    for s in settings::all() {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
