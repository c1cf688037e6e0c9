//! Reading input typed at a REPL, as current `nix repl` does: a line is bindings (`x = 1`,
//! `inherit (a) b; c = 2;`, read by the parser's start symbol for REPL bindings, as typed or
//! as if a `;` followed), else an expression, else the start of something longer — input is
//! incomplete when the parser ran out of it ("unexpected end of file"), never by counting
//! brackets.
//!
//! Which of these a line is, the parser alone decides, without the file table; then the line
//! is added to the table once, as a transient file (see `sources.rs`), and compiled once.
//! Only where the compiler rejects what parsed as bindings with a syntax error of Nix's (an
//! attribute defined twice, which Nix's parser rejects) is the line read again as the next
//! kind, as Nix's REPL reads it.

use std::path::Path;
use std::rc::Rc;

use nixvm_value::code::Lambda;
use nixvm_value::{Error, ErrorKind, NixAttrs};

use crate::parse::{self, Source};
use crate::syntax::Goal;
use crate::vm::Vm;

/// What a line of REPL input turned out to be, compiled.
pub enum ReplInput {
    /// Bindings: the code makes a set of them (none sees the others, only the scope).
    Bindings(Rc<Lambda>),
    /// An expression.
    Expr(Rc<Lambda>),
    /// The start of something longer: read another line and try again with both.
    Incomplete,
}

/// Whether a parser's message says it ran out of input.
fn ran_out(message: &str) -> bool {
    message.contains("unexpected end of file")
}

/// Whether an error is a syntax error that says the parser ran out of input.
fn incomplete(e: &Error) -> bool {
    matches!(e.kind(), ErrorKind::Parse(m) if ran_out(m))
}

/// Reads and compiles `text` in `scope`: as bindings or an expression when `bindings`, as an
/// expression only otherwise (the argument of `:p`, `:t`, …).
pub(crate) fn compile(
    vm: &mut Vm,
    text: &str,
    name: &str,
    base_dir: &Path,
    scope: &NixAttrs,
    bindings: bool,
) -> Result<ReplInput, Error> {
    let settings = vm.host.settings.clone();
    let compile_as = |vm: &mut Vm, goal| {
        let source = Source {
            name,
            bytes: text.as_bytes().to_vec(),
            base_dir: Some(base_dir),
            scope: Some(scope),
            transient: true,
        };
        parse::compile_as(source, vm.reader(), goal)
    };
    // Whether the text is the start of bindings (`x = [`): then an expression that does not
    // parse is incomplete too.
    let mut started = false;
    if bindings {
        for semicolon in [false, true] {
            let goal = Goal::ReplBindings { semicolon };
            match parse::try_parse(text, &settings, goal) {
                Ok(()) => match compile_as(vm, goal) {
                    Ok(code) => return Ok(ReplInput::Bindings(code)),
                    // Nix reads on when bindings with a `;` added want more (inside a
                    // string).
                    Err(e) if semicolon && incomplete(&e) => return Ok(ReplInput::Incomplete),
                    Err(e) if matches!(e.kind(), ErrorKind::Parse(_)) => started |= incomplete(&e),
                    // Bindings that parse but do not compile (an undefined variable).
                    Err(e) => return Err(e),
                },
                Err(m) if semicolon && ran_out(&m) => return Ok(ReplInput::Incomplete),
                Err(m) => started |= ran_out(&m),
            }
        }
    }
    if let Err(m) = parse::try_parse(text, &settings, Goal::Expr)
        && (started || ran_out(&m))
    {
        return Ok(ReplInput::Incomplete);
    }
    // Compiled, or compiled to find its error, with its position in the line.
    match compile_as(vm, Goal::Expr) {
        Ok(code) => Ok(ReplInput::Expr(code)),
        Err(e) if incomplete(&e) || (started && matches!(e.kind(), ErrorKind::Parse(_))) => {
            Ok(ReplInput::Incomplete)
        }
        Err(e) => Err(e),
    }
}
