//! Tab completion: command names, file paths (after `:l`, or any word with a `/`),
//! variables in scope and builtins, and attribute paths (`pkgs.lib.str<TAB>`), for which
//! only the set before the last dot is evaluated, and any error is ignored.

use std::path::Path;

use nixvm::Value;

use super::commands::COMMANDS;
use super::session::{Parsed, Session};

/// Where the word being completed starts in `line`, and the words it may become.
pub fn complete(s: &mut Session, line: &str) -> (usize, Vec<String>) {
    if line.starts_with(':') && !line.contains(char::is_whitespace) {
        let mut names: Vec<String> = COMMANDS
            .iter()
            .map(|(n, _)| n.to_string())
            .filter(|n| n.starts_with(line))
            .collect();
        names.sort();
        return (0, names);
    }
    let start = line
        .rfind([' ', '\n', '\r', '\t', '(', ')', '{', '}', '[', ']'])
        .map_or(0, |i| i + 1);
    let word = &line[start..];
    let is_load = [":l ", ":load "].iter().any(|c| line.starts_with(c));
    let mut found = if word.contains('/') || is_load {
        paths(s, word)
    } else if let Some(dot) = word.rfind('.') {
        attributes(s, &word[..dot], &word[dot + 1..])
    } else {
        variables(s, word)
    };
    found.sort();
    found.dedup();
    (start, found)
}

/// Files and directories whose path starts with `word`, relative paths against the
/// current directory; directories end with `/`.
fn paths(s: &Session, word: &str) -> Vec<String> {
    let (dir, prefix) = match word.rfind('/') {
        Some(i) => (&word[..=i], &word[i + 1..]),
        None => ("", word),
    };
    let base = if dir.is_empty() {
        s.cwd.clone()
    } else if let Some(rest) = dir.strip_prefix("~/") {
        let home = std::env::var_os("HOME").unwrap_or_default();
        Path::new(&home).join(rest)
    } else {
        s.cwd.join(dir)
    };
    let Ok(entries) = std::fs::read_dir(&base) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') && !prefix.starts_with('.') || !name.starts_with(prefix) {
                return None;
            }
            let slash = if e.path().is_dir() { "/" } else { "" };
            Some(format!("{dir}{name}{slash}"))
        })
        .collect()
}

/// Variables and builtins starting with `word`.
fn variables(s: &mut Session, word: &str) -> Vec<String> {
    let mut names = s.var_names();
    names.extend(global_names(s));
    names.retain(|n| n.starts_with(word));
    names
}

/// The names the builtins are in scope under (`map`, `__add`, `builtins`).
fn global_names(s: &mut Session) -> Vec<String> {
    let mut out = vec!["builtins".to_string()];
    if let Ok(Value::Attrs(b)) = s.ev.eval_expr("builtins").map(Into::into) {
        for a in b.iter() {
            let name = a.name.to_str_lossy();
            if name != "builtins" {
                out.push(nixvm_builtins::registry::global_name(&name));
            }
        }
    }
    out
}

/// `expr.name` for each attribute of the set `expr` evaluates to whose name starts with
/// `prefix`.
fn attributes(s: &mut Session, expr: &str, prefix: &str) -> Vec<String> {
    let set = match s.eval(expr) {
        Ok(Parsed::Done(Value::Attrs(a))) => a,
        _ => return Vec::new(),
    };
    set.iter()
        .map(|a| a.name.to_str_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .map(|n| format!("{expr}.{}", super::session::identifier(&n)))
        .collect()
}
