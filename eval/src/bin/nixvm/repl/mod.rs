//! The interactive session (`nixvm repl`), as current `nix repl` behaves for an evaluator
//! without a store: bindings, commands, printing, and on a terminal line editing, history
//! and completion.
//!
//! * `session.rs`: the variables in scope, loaded files, reading input as bindings or an
//!   expression;
//! * `commands.rs`: what each command does;
//! * `print.rs` (with `style.rs`): printing values; `describe.rs`: `:t`; `doc.rs`: `:doc`;
//!   `edit.rs`: `:e`;
//! * `input.rs`: reading lines, on a terminal or from a pipe; `completion.rs`: what Tab
//!   offers;
//! * `interrupt.rs`: Ctrl-C during an evaluation.

mod commands;
mod completion;
mod describe;
mod doc;
mod edit;
mod input;
mod interrupt;
mod print;
mod session;
mod style;

use std::cell::RefCell;
use std::rc::Rc;

use nixvm::Evaluator;

use commands::Flow;
use input::{CONTINUATION, PROMPT, Read, Reader};
use session::Session;

/// Runs the session until `:q` or the end of input; the exit status.
pub fn run(ev: Evaluator) -> i32 {
    let cwd = super::cli::current_dir();
    let interrupt = ev.interrupt_handle();
    interrupt::install(interrupt.clone());
    let session = Rc::new(RefCell::new(Session::new(ev, style::colours_wanted(), cwd)));
    warn_line!("nixvm {}\nType :? for help.", env!("CARGO_PKG_VERSION"));
    let mut reader = Reader::new(session.clone());
    let mut input = String::new();
    let code = loop {
        let prompt = if input.is_empty() {
            PROMPT
        } else {
            CONTINUATION
        };
        match reader.read(prompt) {
            Read::Line(line) => {
                input.push_str(&line);
                input.push('\n');
            }
            Read::Interrupted => input.clear(),
            Read::Eof => {
                say!();
                break 0;
            }
        }
        // A Ctrl-C from before this line is not meant for it.
        interrupt.reset();
        let result = commands::process(&mut session.borrow_mut(), &input);
        session.borrow_mut().release_input();
        match result {
            Ok(Flow::Incomplete) => continue,
            Ok(Flow::Quit) => break 0,
            Ok(Flow::Prompt) => {}
            Err(e) => warn_line!("{}", e.rendered()),
        }
        input.clear();
        say!();
    };
    // The process ends here: freeing every value one by one would only cost time.
    std::mem::forget(reader);
    std::mem::forget(session);
    code
}
