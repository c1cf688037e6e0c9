//! From source text to a compiled [`Lambda`], keeping the Rust stack bounded.
//!
//! Nix's own front end (`crate::syntax`) reads the text first: it decides whether the
//! program parses, with Nix's messages, and gives Nix's warnings. Only a program it accepts
//! goes on to rnix, which builds the syntax tree the compiler walks.
//!
//! rnix's parser is recursive descent, and our compiler walks the tree recursively, so both
//! recurse as deep as the program nests. Three measures keep that safe:
//!
//! 1. before parsing, a scan of the tokens bounds the parser's recursion (rnix limits its own
//!    expression depth to 512, but not chains of `-`, `!`, `++`, `//` or `->`), and rejects a
//!    program over the bound with a clear error;
//! 2. parsing, compiling and dropping the syntax tree all happen on a helper thread with a
//!    large stack, so the caller's stack size (a library user's, or a 2 MiB test thread's)
//!    does not matter;
//! 3. after parsing, the tree's depth is checked before the compiler walks it.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use codemap::{File, Span};
use rnix::{SyntaxKind, TextRange};
use rowan::WalkEvent;
use rowan::ast::AstNode;

use nixvm_value::code::Lambda;
use nixvm_value::{Error, ErrorKind, NixAttrs, Settings};

use crate::compiler::{CompileInput, Globals, compile};
use crate::sources::Sources;

/// Stack size of the parsing thread. It is reserved address space; only what is used is
/// ever touched.
const PARSE_STACK: usize = 512 * 1024 * 1024;

/// Most chained operators (`- - x`, `a ++ b ++ c`, …) rnix may recurse through at once.
const MAX_CHAIN: u32 = 100_000;

/// Deepest syntax tree the compiler walks.
const MAX_TREE_DEPTH: usize = 20_000;

/// Lets a value cross to the parsing thread and back.
struct AssertSend<T>(T);

// SAFETY: `on_big_stack` is the only user. It moves an `AssertSend` into a thread that it
// spawns and joins inside `std::thread::scope`, so the thread that created the value is
// blocked in that scope for the whole life of the helper thread. Values inside (which may hold
// `Rc`s whose counts are not atomic) are therefore never used by two threads at the same time,
// and spawning and joining order every access by the helper after every earlier access by the
// caller, and before every later one. Nothing the helper creates outlives it except the
// returned value, which comes back the same way.
unsafe impl<T> Send for AssertSend<T> {}

impl<T> AssertSend<T> {
    fn into_inner(self) -> T {
        self.0
    }
}

/// Runs `f` on a thread with a large stack and returns its result.
pub(crate) fn on_big_stack<T>(f: impl FnOnce() -> T) -> T {
    let job = AssertSend(f);
    std::thread::scope(|s| {
        let handle = std::thread::Builder::new()
            .name("nixvm-parse".into())
            .stack_size(PARSE_STACK)
            .spawn_scoped(s, move || AssertSend(job.into_inner()()))
            .expect("failed to start the parsing thread");
        match handle.join() {
            Ok(r) => r.into_inner(),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

fn span_at(file: &File, range: TextRange) -> Span {
    file.span.subspan(
        u32::from(range.start()) as u64,
        u32::from(range.end()) as u64,
    )
}

/// Bounds how deep rnix's parser will recurse on `source`; see the module documentation.
fn check_nesting(source: &str, file: &File) -> Result<(), Error> {
    use SyntaxKind::*;
    let mut levels: Vec<u32> = vec![0];
    let mut total: u32 = 0;
    let mut offset = 0usize;
    for (kind, text) in rnix::tokenize(source) {
        let start = offset;
        offset += text.len();
        match kind {
            TOKEN_L_PAREN | TOKEN_L_BRACK | TOKEN_L_BRACE | TOKEN_INTERPOL_START => levels.push(0),
            TOKEN_R_PAREN | TOKEN_R_BRACK | TOKEN_R_BRACE | TOKEN_INTERPOL_END
                if levels.len() > 1 =>
            {
                total -= levels.pop().unwrap_or(0);
            }
            TOKEN_SEMICOLON | TOKEN_COMMA => {
                if let Some(top) = levels.last_mut() {
                    total -= *top;
                    *top = 0;
                }
            }
            TOKEN_SUB | TOKEN_INVERT | TOKEN_CONCAT | TOKEN_UPDATE | TOKEN_IMPLICATION
            | TOKEN_PIPE_LEFT => {
                if let Some(top) = levels.last_mut() {
                    *top += 1;
                    total += 1;
                }
                if total > MAX_CHAIN {
                    let range = TextRange::new((start as u32).into(), (offset as u32).into());
                    return Err(Error::at(
                        ErrorKind::Parse("expression is nested too deeply".into()),
                        span_at(file, range),
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Runs Nix's front end over the file: its warnings go to `warnings`, and its errors (Nix's
/// first, then the others) make the result.
fn check_syntax(
    file: &File,
    opts: &crate::syntax::Options,
    warnings: &mut Vec<crate::syntax::Warning>,
) -> Result<RnixPatches, Error> {
    check_bytes(file, file.source().as_bytes(), opts, warnings)
}

/// [`check_syntax`] on `bytes`, the text of `file` (or what it stands for, see
/// [`placeholder_text`]).
fn check_bytes(
    file: &File,
    bytes: &[u8],
    opts: &crate::syntax::Options,
    warnings: &mut Vec<crate::syntax::Warning>,
) -> Result<RnixPatches, Error> {
    let checked = crate::syntax::check(bytes, opts);
    warnings.extend(checked.warnings);
    let mut errors = checked.errors.into_iter().map(|d| {
        let at = TextRange::empty((d.offset.min(file.source().len()) as u32).into());
        Error::at(ErrorKind::Parse(d.message), span_at(file, at))
    });
    match errors.next() {
        None => Ok(RnixPatches {
            comment_crs: checked.comment_crs,
            input_end: checked.input_end,
        }),
        Some(mut first) => {
            for e in errors {
                first.add_further(e);
            }
            Err(first)
        }
    }
}

/// Where rnix must see other text than the file's to read it as Nix does.
#[derive(Default)]
struct RnixPatches {
    /// CRs ending `#` comments (Nix ends comments there, rnix only at LF).
    comment_crs: Vec<usize>,
    /// A NUL byte that ends the input for Nix.
    input_end: Option<usize>,
}

/// The text rnix parses: the file's, with a CR ending a `#` comment made an LF, and what
/// follows a NUL byte ending the input blanked out. Offsets are unchanged.
fn rnix_text<'s>(source: &'s str, patches: &RnixPatches) -> std::borrow::Cow<'s, str> {
    if patches.comment_crs.is_empty() && patches.input_end.is_none() {
        return source.into();
    }
    let mut bytes = source.as_bytes().to_vec();
    for &i in &patches.comment_crs {
        bytes[i] = b'\n';
    }
    if let Some(end) = patches.input_end {
        bytes[end..].fill(b' ');
    }
    String::from_utf8(bytes)
        .map(Into::into)
        .unwrap_or_else(|_| source.into())
}

/// Converts rnix's errors to ours, all of them, in source order. Only reached where rnix
/// rejects a program Nix accepts.
fn parse_errors(errors: &[rnix::ParseError], file: &File) -> Error {
    use rnix::ParseError as P;
    let end = TextRange::empty(((file.source().len()) as u32).into());
    let mut out: Vec<(TextRange, String)> = errors
        .iter()
        .map(|e| match e {
            P::Unexpected(r) => (*r, "syntax error, unexpected input".to_string()),
            P::UnexpectedExtra(r) => (
                *r,
                "syntax error, unexpected input, expecting end of file".to_string(),
            ),
            P::UnexpectedWanted(got, r, wanted) => (
                *r,
                format!(
                    "syntax error, unexpected {}, expecting {}",
                    describe_token(*got),
                    describe_wanted(wanted)
                ),
            ),
            P::UnexpectedDoubleBind(r) => (
                *r,
                "syntax error, unexpected '@', a pattern can be bound only once".to_string(),
            ),
            P::UnexpectedEOF => (end, "syntax error, unexpected end of file".to_string()),
            P::UnexpectedEOFWanted(wanted) => (
                end,
                format!(
                    "syntax error, unexpected end of file, expecting {}",
                    describe_wanted(wanted)
                ),
            ),
            P::DuplicatedArgs(r, name) => {
                (*r, format!("duplicate formal function argument '{name}'"))
            }
            P::RecursionLimitExceeded => (end, "expression is nested too deeply".to_string()),
            _ => (end, "syntax error".to_string()),
        })
        .collect();
    out.sort_by_key(|(r, _)| r.start());
    let (first_range, first_msg) = out.remove(0);
    // Nix's grammar accepted the program: the failure is nixvm's, and says so.
    let mut err = Error::at(
        ErrorKind::Unsupported(format!(
            "nixvm cannot read this program yet, though Nix accepts it ({first_msg})"
        )),
        span_at(file, first_range),
    );
    for (r, msg) in out {
        err.add_trace(Some(span_at(file, r)), format!("also: {msg}"));
    }
    err
}

fn describe_wanted(kinds: &[SyntaxKind]) -> String {
    let names: Vec<String> = kinds.iter().map(|k| describe_token(*k)).collect();
    match names.as_slice() {
        [] => "something else".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn describe_token(kind: SyntaxKind) -> String {
    use SyntaxKind::*;
    let s = match kind {
        TOKEN_ADD => "'+'",
        TOKEN_AND_AND => "'&&'",
        TOKEN_ASSIGN => "'='",
        TOKEN_ASSERT => "'assert'",
        TOKEN_AT => "'@'",
        TOKEN_COLON => "':'",
        TOKEN_COMMA => "','",
        TOKEN_CONCAT => "'++'",
        TOKEN_DIV => "'/'",
        TOKEN_DOT => "'.'",
        TOKEN_ELLIPSIS => "'...'",
        TOKEN_ELSE => "'else'",
        TOKEN_EQUAL => "'=='",
        TOKEN_FLOAT => "floating-point literal",
        TOKEN_IDENT => "identifier",
        TOKEN_IF => "'if'",
        TOKEN_IMPLICATION => "'->'",
        TOKEN_IN => "'in'",
        TOKEN_INHERIT => "'inherit'",
        TOKEN_INTEGER => "integer",
        TOKEN_INTERPOL_END => "'}'",
        TOKEN_INTERPOL_START => "'${'",
        TOKEN_INVERT => "'!'",
        TOKEN_L_BRACE => "'{'",
        TOKEN_L_BRACK => "'['",
        TOKEN_L_PAREN => "'('",
        TOKEN_LESS => "'<'",
        TOKEN_LESS_OR_EQ => "'<='",
        TOKEN_LET => "'let'",
        TOKEN_MORE => "'>'",
        TOKEN_MORE_OR_EQ => "'>='",
        TOKEN_MUL => "'*'",
        TOKEN_NOT_EQUAL => "'!='",
        TOKEN_OR => "'or'",
        TOKEN_OR_OR => "'||'",
        TOKEN_PATH_ABS | TOKEN_PATH_REL => "path",
        TOKEN_PATH_HOME => "'~/…' path",
        TOKEN_PATH_SEARCH => "'<…>' path",
        TOKEN_PIPE_LEFT => "'<|'",
        TOKEN_PIPE_RIGHT => "'|>'",
        TOKEN_QUESTION => "'?'",
        TOKEN_R_BRACE => "'}'",
        TOKEN_R_BRACK => "']'",
        TOKEN_R_PAREN => "')'",
        TOKEN_REC => "'rec'",
        TOKEN_SEMICOLON => "';'",
        TOKEN_STRING_START | TOKEN_STRING_END => "'\"'",
        TOKEN_SUB => "'-'",
        TOKEN_THEN => "'then'",
        TOKEN_UPDATE => "'//'",
        TOKEN_URI => "URI",
        TOKEN_WITH => "'with'",
        TOKEN_ERROR => "invalid token",
        _ => "input",
    };
    s.to_string()
}

/// The depth of the deepest node, or the first node deeper than the limit.
fn check_depth(root: &rnix::SyntaxNode, file: &File) -> Result<(), Error> {
    let mut depth = 0usize;
    for event in root.preorder() {
        match event {
            WalkEvent::Enter(node) => {
                depth += 1;
                if depth > MAX_TREE_DEPTH {
                    return Err(Error::at(
                        ErrorKind::Parse("expression is nested too deeply".into()),
                        span_at(file, node.text_range()),
                    ));
                }
            }
            WalkEvent::Leave(_) => depth -= 1,
        }
    }
    Ok(())
}

/// A text to show for bytes that are not valid UTF-8: each byte of an invalid sequence
/// becomes one placeholder byte, so that offsets, lines and columns stay the same.
fn placeholder_text(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let bad = e.error_len().unwrap_or(after.len());
                out.extend(std::iter::repeat_n('?', bad));
                rest = &after[bad..];
            }
        }
    }
    out
}

/// The error for a file whose bytes are not valid UTF-8; `file` holds their
/// [`placeholder_text`]. Nix reads a file as bytes: outside strings and comments a byte that
/// is not ASCII is an invalid token, and Nix's front end says so, at its place. If the bytes
/// are only inside strings or comments, Nix accepts the file and nixvm, whose source text is
/// UTF-8, cannot read it.
fn non_utf8_error(
    file: &Arc<File>,
    bytes: &[u8],
    input: &CompileInput,
    warnings: &mut Vec<crate::syntax::Warning>,
) -> Error {
    let opts = crate::syntax::Options {
        origin: file.name(),
        pipe_operators: input.pipe_operators,
        pure_eval: input.pure_eval,
        lints: input.lints,
    };
    if let Err(e) = check_bytes(file, bytes, &opts, warnings) {
        return e;
    }
    let at = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let at = TextRange::empty((at as u32).into());
    Error::at(
        ErrorKind::Unsupported(
            "nixvm cannot read this program yet, though Nix accepts it (it holds bytes that \
             are not valid UTF-8)"
                .into(),
        ),
        span_at(file, at),
    )
}

/// A source to compile: a file's contents, or an expression given as text.
pub(crate) struct Source<'a> {
    /// What positions show: the file's path, or `«string»`.
    pub name: &'a str,
    /// The text, as bytes: Nix reads files as bytes.
    pub bytes: Vec<u8>,
    /// What relative paths resolve against (`/` if none).
    pub base_dir: Option<&'a Path>,
    /// For `scopedImport`: the set whose attributes are in scope.
    pub scope: Option<&'a NixAttrs>,
}

/// Adds a source to `sources` and compiles it; its parse warnings go to `messages`.
pub(crate) fn compile_source(
    source: Source,
    sources: &RefCell<Sources>,
    settings: &Settings,
    globals: &Globals,
    messages: &mut dyn FnMut(&str),
) -> Result<Rc<Lambda>, Error> {
    // Text that is not UTF-8 is shown with placeholders, and only gets its error.
    let (text, not_utf8) = match String::from_utf8(source.bytes) {
        Ok(text) => (text, None),
        Err(e) => (placeholder_text(e.as_bytes()), Some(e.into_bytes())),
    };
    let file = sources.borrow_mut().add(source.name.to_string(), text);
    let input = CompileInput {
        file: file.clone(),
        base_dir: source
            .base_dir
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("/")),
        home: settings.home.clone(),
        globals,
        scope: source.scope,
        pipe_operators: settings.has_feature("pipe-operators"),
        pure_eval: settings.pure_eval,
        lints: settings.lints,
    };
    let mut warnings = Vec::new();
    let result = match &not_utf8 {
        None => compile_file(&file, &input, &mut warnings),
        Some(bytes) => Err(non_utf8_error(&file, bytes, &input, &mut warnings)),
    };
    for w in warnings {
        messages(&crate::render::render_parse_warning(
            &w,
            &sources.borrow(),
            &file,
        ));
    }
    result
}

/// Parses and compiles one file; warnings about it go to `warnings`.
fn compile_file(
    file: &Arc<File>,
    input: &CompileInput,
    warnings: &mut Vec<crate::syntax::Warning>,
) -> Result<Rc<Lambda>, Error> {
    let opts = crate::syntax::Options {
        origin: file.name(),
        pipe_operators: input.pipe_operators,
        pure_eval: input.pure_eval,
        lints: input.lints,
    };
    let patches = check_syntax(file, &opts, warnings)?;
    check_nesting(file.source(), file)?;
    let lambda = on_big_stack(|| -> Result<Lambda, Error> {
        let text = rnix_text(file.source(), &patches);
        let parse = rnix::Root::parse(&text);
        if !parse.errors().is_empty() {
            return Err(parse_errors(parse.errors(), file));
        }
        let root = parse.tree();
        check_depth(root.syntax(), file)?;
        let expr = root.expr().ok_or_else(|| {
            Error::at(
                ErrorKind::Parse("syntax error, unexpected end of file".into()),
                file.span,
            )
        })?;
        compile(&expr, input)
    })?;
    Ok(Rc::new(lambda))
}

/// Parses one file and prints it as `nix-instantiate --parse` does.
pub(crate) fn show_file(file: &Arc<File>, ctx: &crate::show::ShowContext) -> Result<String, Error> {
    check_nesting(file.source(), file)?;
    let checked = crate::syntax::check(
        file.source().as_bytes(),
        &crate::syntax::Options {
            origin: file.name(),
            pipe_operators: true,
            pure_eval: false,
            lints: Default::default(),
        },
    );
    let patches = RnixPatches {
        comment_crs: checked.comment_crs,
        input_end: checked.input_end,
    };
    on_big_stack(|| {
        let text = rnix_text(file.source(), &patches);
        let parse = rnix::Root::parse(&text);
        if !parse.errors().is_empty() {
            return Err(parse_errors(parse.errors(), file));
        }
        let root = parse.tree();
        check_depth(root.syntax(), file)?;
        match root.expr() {
            Some(e) => Ok(crate::show::show_expr(&e, ctx)),
            None => Err(Error::at(
                ErrorKind::Parse("syntax error, unexpected end of file".into()),
                file.span,
            )),
        }
    })
}
