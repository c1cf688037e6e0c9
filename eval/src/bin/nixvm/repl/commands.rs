//! The REPL's commands (`:t`, `:p`, `:l`, …) and what a line without one does: bind
//! variables or evaluate and print an expression. Wording follows current `nix repl`.

use std::io::Write;

use nixvm::{Error, Value};

use super::print::{PrintOptions, print_value};
use super::session::{Line, Parsed, Session};

/// What the loop does after a line.
pub enum Flow {
    /// Read the next line.
    Prompt,
    /// The input so far is the start of something longer: read more of it.
    Incomplete,
    Quit,
}

/// A command, by what it does.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Command {
    Help,
    Add,
    Load,
    LoadFlake,
    LastLoaded,
    Reload,
    Edit,
    Type,
    Print,
    Quit,
    Doc,
    TraceEnable,
    /// A command that builds or runs derivations, which needs a store.
    NeedsStore,
}

/// Every command name and what it does, for parsing and for completion.
pub const COMMANDS: &[(&str, Command)] = &[
    (":?", Command::Help),
    (":help", Command::Help),
    (":a", Command::Add),
    (":add", Command::Add),
    (":b", Command::NeedsStore),
    (":bl", Command::NeedsStore),
    (":doc", Command::Doc),
    (":e", Command::Edit),
    (":edit", Command::Edit),
    (":i", Command::NeedsStore),
    (":l", Command::Load),
    (":load", Command::Load),
    (":lf", Command::LoadFlake),
    (":load-flake", Command::LoadFlake),
    (":ll", Command::LastLoaded),
    (":last-loaded", Command::LastLoaded),
    (":log", Command::NeedsStore),
    (":p", Command::Print),
    (":print", Command::Print),
    (":q", Command::Quit),
    (":quit", Command::Quit),
    (":r", Command::Reload),
    (":reload", Command::Reload),
    (":sh", Command::NeedsStore),
    (":t", Command::Type),
    (":te", Command::TraceEnable),
    (":trace-enable", Command::TraceEnable),
    (":u", Command::NeedsStore),
];

const HELP: &str = "\
The following commands are available:

  <expr>                       Evaluate and print expression
  <x> = <expr>                 Bind expression to variable
  :a, :add <expr>              Add attributes from resulting set to scope
  :b <expr>                    Build a derivation
  :bl <expr>                   Build a derivation, creating GC roots in the
                               working directory
  :e, :edit <expr>             Open package or function in $EDITOR
  :i <expr>                    Build derivation, then install result into
                               current profile
  :l, :load <path>             Load Nix expression and add it to scope
  :lf, :load-flake <ref>       Load Nix flake and add it to scope
  :ll, :last-loaded            Show most recently loaded variables added to scope
  :p, :print <expr>            Evaluate and print expression recursively
                               Strings are printed directly, without escaping.
  :q, :quit                    Exit nix-repl
  :r, :reload                  Reload all files
  :sh <expr>                   Build dependencies of derivation, then start
                               nix-shell
  :t <expr>                    Describe result of evaluation
  :u <expr>                    Build derivation, then start nix-shell
  :doc <expr>                  Show documentation of a builtin function
  :log <expr>                  Show logs for a derivation
  :te, :trace-enable [bool]    Enable, disable or toggle showing traces for
                               errors
  :?, :help                    Brings up this help menu
";

/// Handles one complete input (possibly several lines).
pub fn process(s: &mut Session, input: &str) -> Result<Flow, Error> {
    let line = input.trim();
    if line.is_empty() {
        return Ok(Flow::Prompt);
    }
    if !line.starts_with(':') {
        return expression_or_bindings(s, line);
    }
    let (name, arg) = match line.find([' ', '\n', '\r', '\t']) {
        Some(i) => (&line[..i], line[i..].trim()),
        None => (line, ""),
    };
    let Some(&(_, command)) = COMMANDS.iter().find(|(n, _)| *n == name) else {
        return Err(s.plain_error(&format!("unknown command '{name}'")));
    };
    match command {
        Command::Help => say_part!("{HELP}"),
        Command::Add => {
            let Parsed::Done(v) = s.eval(arg)? else {
                return Ok(Flow::Incomplete);
            };
            let replaced = s.add_value(&v)?;
            s.ev.release_values(replaced);
        }
        Command::Load => {
            s.ev.reset_file_cache();
            s.load(arg)?;
        }
        Command::LoadFlake => {
            return Err(
                s.plain_error("':load-flake' needs flakes, which nixvm does not support yet")
            );
        }
        Command::LastLoaded => {
            for n in s.last_loaded_names()? {
                say!("{n}");
            }
        }
        Command::Reload => s.reload(),
        Command::Edit => {
            let Parsed::Done(v) = s.eval(arg)? else {
                return Ok(Flow::Incomplete);
            };
            super::edit::edit(s, &v, arg)?;
        }
        Command::Type => {
            let Parsed::Done(v) = s.eval(arg)? else {
                return Ok(Flow::Incomplete);
            };
            say!("{}", super::describe::describe(s, &v)?);
        }
        Command::Print => {
            let Parsed::Done(v) = s.eval(arg)? else {
                return Ok(Flow::Incomplete);
            };
            let mut out = match &v {
                Value::String(st) => st.as_bytes().to_vec(),
                _ => print(s, &v, usize::MAX)?,
            };
            out.push(b'\n');
            write_out(&out);
        }
        Command::Quit => return Ok(Flow::Quit),
        Command::Doc => return super::doc::doc(s, arg),
        Command::TraceEnable => {
            let on = s.ev.show_trace();
            if arg == "false" || (arg.is_empty() && on) {
                say!("not showing error traces");
                s.ev.set_show_trace(false);
            } else if arg == "true" || (arg.is_empty() && !on) {
                say!("showing error traces");
                s.ev.set_show_trace(true);
            } else {
                return Err(s.plain_error(&format!("unexpected argument '{arg}' to {name}")));
            }
        }
        Command::NeedsStore => {
            return Err(s.plain_error(&format!(
                "'{name}' builds or runs derivations, which needs a Nix store; nixvm \
                 evaluates without one"
            )));
        }
    }
    Ok(Flow::Prompt)
}

/// A line without a command: bindings are added to the scope, anything else is evaluated
/// and printed one level deep.
fn expression_or_bindings(s: &mut Session, line: &str) -> Result<Flow, Error> {
    let v = match s.line(line)? {
        Parsed::Done(Line::Bindings(attrs)) => {
            let replaced: Vec<Value> = attrs
                .iter()
                .filter_map(|a| s.add_var(a.name, a.value.clone()))
                .collect();
            // What a binding replaced is garbage unless something else holds it, and
            // may be a cycle (`x = rec { … }` again and again): freed now, not when the
            // cycles kept have doubled.
            s.ev.release_values(replaced);
            return Ok(Flow::Prompt);
        }
        Parsed::Done(Line::Value(v)) => v,
        Parsed::Incomplete => return Ok(Flow::Incomplete),
    };
    let mut out = print(s, &v, 1)?;
    out.push(b'\n');
    write_out(&out);
    Ok(Flow::Prompt)
}

/// Prints a value to the given depth in the session's colours.
fn print(s: &mut Session, v: &Value, max_depth: usize) -> Result<Vec<u8>, Error> {
    let opts = PrintOptions {
        max_depth,
        colours: s.colours,
    };
    print_value(&mut s.ev, v, &opts)
}

fn write_out(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(bytes);
    let _ = out.flush();
}
