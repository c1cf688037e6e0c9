//! `:e`: opens a file, a function's definition or a package's `meta.position` in
//! `$EDITOR` (at the line, for editors known to take `+LINE`), then reloads the loaded
//! files, as `nix repl` does.

use std::path::PathBuf;

use nixvm::{Error, Symbol, Value};

use super::session::Session;

pub fn edit(s: &mut Session, v: &Value, what: &str) -> Result<(), Error> {
    let (path, line) = target(s, v, what)?;
    let editor = std::env::var("EDITOR")
        .ok()
        .filter(|e| !e.is_empty())
        .unwrap_or_else(|| "cat".into());
    let mut args: Vec<String> = editor.split_whitespace().map(String::from).collect();
    if line > 0
        && ["emacs", "nano", "vim", "kak"]
            .iter()
            .any(|e| editor.contains(e))
    {
        args.push(format!("+{line}"));
    }
    args.push(path.display().to_string());
    let program = args.remove(0);
    let status = std::process::Command::new(&program).args(&args).status();
    match status {
        Ok(st) if st.success() => {}
        Ok(st) => {
            return Err(s.plain_error(&format!(
                "program '{program}' {}",
                match st.code() {
                    Some(c) => format!("failed with exit code {c}"),
                    None => "was killed by a signal".into(),
                }
            )));
        }
        Err(e) => {
            return Err(s.plain_error(&format!("executing '{program}': {e}")));
        }
    }
    s.reload();
    Ok(())
}

/// The file and line to open: a path or string names a file, a function where it is
/// defined, a derivation its `meta.position`.
fn target(s: &mut Session, v: &Value, what: &str) -> Result<(PathBuf, usize), Error> {
    match v {
        Value::Path(p) => Ok((p.as_ref().clone(), 0)),
        Value::String(st) => Ok((PathBuf::from(st.to_str_lossy().into_owned()), 0)),
        Value::Closure(c) => {
            let location = c.lambda.location.to_string();
            match split_position(&location) {
                Some((file, line)) if file.starts_with('/') => Ok((PathBuf::from(file), line)),
                _ => Err(s.plain_error(&format!("'{location}' cannot be shown in an editor"))),
            }
        }
        Value::Attrs(a) => {
            let position = a
                .get(Symbol::new("meta"))
                .cloned()
                .and_then(|m| s.ev.force(&m).ok().map(Into::into))
                .and_then(|m| match m {
                    Value::Attrs(m) => m.get(Symbol::new("position")).cloned(),
                    _ => None,
                });
            let Some(position) = position else {
                return Err(s.plain_error(&format!(
                    "package '{what}' has no source location information"
                )));
            };
            let text = s.ev.to_string_raw(&position)?;
            let text = String::from_utf8_lossy(&text).into_owned();
            match split_position(&text) {
                Some((file, line)) => Ok((PathBuf::from(file), line)),
                None => {
                    Err(s.plain_error(&format!("cannot parse 'meta.position' attribute '{text}'")))
                }
            }
        }
        _ => Err(s.plain_error(&format!(
            "package '{what}' has no source location information"
        ))),
    }
}

/// `file:line` or `file:line:column` into the file and the line.
fn split_position(text: &str) -> Option<(&str, usize)> {
    let (rest, last) = text.rsplit_once(':')?;
    let last: usize = last.parse().ok()?;
    match rest.rsplit_once(':') {
        Some((file, line)) if line.parse::<usize>().is_ok() => Some((file, line.parse().ok()?)),
        _ => Some((rest, last)),
    }
}
