//! Reading lines: on a terminal with line editing (rustyline), history kept in a file and
//! tab completion; from a pipe or file plainly, line by line, without prompts (as `nix
//! repl` does), unless `NIXVM_REPL_ECHO=1` asks for each line to be echoed after its
//! prompt, which makes transcripts for tests.

use std::cell::RefCell;
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::rc::Rc;

use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::FileHistory;
use rustyline::validate::Validator;
use rustyline::{CompletionType, Config, Context, Editor, Helper};

use super::session::Session;

pub const PROMPT: &str = "nix-repl> ";
/// As wide as the prompt, so that continued input lines up.
pub const CONTINUATION: &str = "        > ";

/// What reading a line gave.
pub enum Read {
    Line(String),
    /// Ctrl-C at the prompt: drop what was typed.
    Interrupted,
    /// End of input (Ctrl-D).
    Eof,
}

pub enum Reader {
    Terminal(Box<Terminal>),
    Piped { echo: bool },
}

pub struct Terminal {
    editor: Editor<ReplHelper, FileHistory>,
    history: Option<PathBuf>,
}

impl Reader {
    /// A terminal reader when standard input is a terminal, a plain one otherwise.
    pub fn new(session: Rc<RefCell<Session>>) -> Reader {
        if !std::io::stdin().is_terminal() {
            let echo = std::env::var("NIXVM_REPL_ECHO").is_ok_and(|v| v == "1");
            return Reader::Piped { echo };
        }
        // Pasted text arrives as typed keys, so each pasted line is read and evaluated on its
        // own, as `nix repl` does, instead of becoming one input with newlines in it.
        let config = Config::builder()
            .bracketed_paste(false)
            .completion_type(CompletionType::List)
            .auto_add_history(false)
            .max_history_size(10_000)
            .map(|b| b.build());
        let editor = config.and_then(Editor::with_config);
        let Ok(mut editor) = editor else {
            return Reader::Piped { echo: false };
        };
        editor.set_helper(Some(ReplHelper { session }));
        let history = history_file();
        if let Some(path) = &history {
            // A missing file is a first session.
            let _ = editor.load_history(path);
        }
        Reader::Terminal(Box::new(Terminal { editor, history }))
    }

    pub fn read(&mut self, prompt: &str) -> Read {
        match self {
            Reader::Piped { echo } => {
                let mut line = String::new();
                match std::io::stdin().lock().read_line(&mut line) {
                    Ok(0) | Err(_) => Read::Eof,
                    Ok(_) => {
                        let line = line.strip_suffix('\n').unwrap_or(&line).to_string();
                        if *echo {
                            say!("{prompt}{line}");
                        }
                        Read::Line(line)
                    }
                }
            }
            Reader::Terminal(t) => match t.editor.readline(prompt) {
                Ok(line) => {
                    if !line.trim().is_empty() {
                        let _ = t.editor.add_history_entry(line.as_str());
                        if let Some(path) = &t.history {
                            if let Some(dir) = path.parent() {
                                let _ = std::fs::create_dir_all(dir);
                            }
                            let _ = t.editor.append_history(path);
                        }
                    }
                    Read::Line(line)
                }
                Err(ReadlineError::Interrupted) => Read::Interrupted,
                Err(_) => Read::Eof,
            },
        }
    }
}

/// `$XDG_STATE_HOME/nixvm/repl-history`, or `~/.local/state/nixvm/repl-history`.
pub fn history_file() -> Option<PathBuf> {
    let state = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))?;
    Some(state.join("nixvm").join("repl-history"))
}

/// Completion for the line editor; everything else is rustyline's default.
struct ReplHelper {
    session: Rc<RefCell<Session>>,
}

impl Completer for ReplHelper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let Ok(mut s) = self.session.try_borrow_mut() else {
            return Ok((pos, Vec::new()));
        };
        Ok(super::completion::complete(&mut s, &line[..pos]))
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}
impl Highlighter for ReplHelper {}
impl Validator for ReplHelper {}
impl Helper for ReplHelper {}
