//! From a source's bytes to a compiled [`Lambda`] (or to its `--parse` rendering): the front
//! end's entry, used for every file an evaluation imports and every expression it is given.
//!
//! Each source is read once, on the thread that asks: Nix's lexer and parser
//! (`crate::syntax`) decide whether it parses, with Nix's messages, and build the syntax tree
//! as they go; the compiler then walks that tree.
//!
//! The parser keeps its own stack and the tree is built bottom-up, so neither recurses. The
//! compiler and the `--parse` printer walk the tree recursively, as deep as the program
//! nests: each step of those walks goes through [`deeper`], which carries on on a fresh
//! thread with a large stack once the current thread has used its share, so that a program
//! nested a hundred thousand levels deep compiles on any thread (a library user's, or a
//! 2 MiB test thread), while an ordinary one never leaves the calling thread. Beyond
//! [`MAX_TREE_DEPTH`] a program is rejected with a clear error instead.

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use codemap::{File, Span};
use rnix::TextRange;
use rowan::WalkEvent;
use rowan::ast::AstNode;

use nixvm_value::code::Lambda;
use nixvm_value::{Error, ErrorKind, NixAttrs, Settings};

use crate::compiler::{CompileInput, Globals, compile};
use crate::sources::Sources;
use crate::syntax::{Goal, Input, Tree, Warning};

/// Deepest syntax tree the front end takes (a value has to be dropped, and code run, as deep
/// as it nests).
const MAX_TREE_DEPTH: u32 = 100_000;

/// Stack a walk may use on the thread that asks for it before it moves to a fresh thread.
/// Small enough to leave room on any thread a program gives us, large enough that an
/// ordinary program never moves.
const CALLER_STACK_ROOM: usize = 1 << 20;

/// Stack size of a fresh thread. It is reserved address space; only what is used is ever
/// touched.
const FRESH_STACK: usize = 256 << 20;

/// What a walk leaves unused of a fresh thread's stack, for the frames between two checks.
const STACK_MARGIN: usize = 4 << 20;

thread_local! {
    /// The lowest stack address this thread's walk may reach before moving on (0: no limit
    /// set, the walk stays here).
    static STACK_LIMIT: Cell<usize> = const { Cell::new(0) };
}

/// Where this thread's stack is now (stacks grow down on every platform Rust supports here).
fn stack_address() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// Runs a walk `f` that may use `room` bytes of stack below the current position.
fn with_stack_room<T>(room: usize, f: impl FnOnce() -> T) -> T {
    struct Restore(usize);
    impl Drop for Restore {
        fn drop(&mut self) {
            STACK_LIMIT.set(self.0);
        }
    }
    let _restore = Restore(STACK_LIMIT.replace(stack_address().saturating_sub(room)));
    f()
}

/// Runs `f`, one step of a recursive walk over a syntax tree: here while this thread has
/// stack to spare, or else on a fresh thread.
pub(crate) fn deeper<T>(f: impl FnOnce() -> T) -> T {
    if stack_address() > STACK_LIMIT.get() {
        f()
    } else {
        on_fresh_stack(|| with_stack_room(FRESH_STACK - STACK_MARGIN, f))
    }
}

/// Lets a value cross to a fresh thread and back.
struct AssertSend<T>(T);

// SAFETY: `on_fresh_stack` is the only user. It moves an `AssertSend` into a thread that it
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

/// Runs `f` on a fresh thread with a large stack and returns its result.
fn on_fresh_stack<T>(f: impl FnOnce() -> T) -> T {
    let job = AssertSend(f);
    std::thread::scope(|s| {
        let handle = std::thread::Builder::new()
            .name("nixvm-deep".into())
            .stack_size(FRESH_STACK)
            .spawn_scoped(s, move || AssertSend(job.into_inner()()))
            .expect("failed to start a thread for a deeply nested program");
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
    /// Whether the file table keeps the text only while something holds its file (a
    /// line typed at the REPL) rather than for as long as the evaluator.
    pub transient: bool,
}

/// What reading a source needs from the evaluator.
pub(crate) struct Reader<'a> {
    pub sources: &'a RefCell<Sources>,
    pub settings: &'a Settings,
    pub globals: &'a Globals,
    /// Where the parser's warnings go.
    pub messages: &'a mut dyn FnMut(&str),
}

/// Adds a source to the file table and compiles it.
pub(crate) fn compile_source(source: Source, reader: Reader) -> Result<Rc<Lambda>, Error> {
    read_source(source, reader, Goal::Expr, compile)
}

/// Adds a source to the file table and compiles it as `goal` says: as an expression, or as
/// bindings typed at the REPL (`x = 1; inherit (a) b;`, as if a `;` followed them with
/// `semicolon`), whose code makes a set of the bindings, none of which sees the others, as
/// Nix's REPL binds them.
pub(crate) fn compile_as(source: Source, reader: Reader, goal: Goal) -> Result<Rc<Lambda>, Error> {
    read_source(source, reader, goal, compile)
}

/// The code of a function whose body is compiled on its first call (`lambda`, whose only
/// op is `CompileBody`): compiled now if it was not yet, with the stack a walk needs.
pub(crate) fn compile_deferred(lambda: &Lambda, globals: &Globals) -> Result<Rc<Lambda>, Error> {
    if let Some(body) = lambda.deferred.as_ref().and_then(|d| d.compiled.get()) {
        return Ok(body.clone());
    }
    with_stack_room(CALLER_STACK_ROOM, || {
        crate::compiler::compile_body(lambda, globals)
    })
}

/// The front end's options for a text read without a file (`«string»`).
fn text_options(settings: &Settings) -> crate::syntax::Options<'static> {
    crate::syntax::Options {
        origin: "«string»",
        pipe_operators: settings.has_feature("pipe-operators"),
        pure_eval: settings.pure_eval,
        lints: settings.lints,
    }
}

/// Whether `text` parses as `goal`, without adding it to the file table: the message of the
/// first error if it does not.
pub(crate) fn try_parse(text: &str, settings: &Settings, goal: Goal) -> Result<(), String> {
    let parsed = crate::syntax::parse(Input::Text(text), &text_options(settings), goal);
    match parsed.errors.into_iter().next() {
        Some(e) => Err(e.message),
        None => Ok(()),
    }
}

/// Runs `f` on the syntax tree of `text` read by Nix's front end (without adding it to the
/// file table) as an expression, or else as bindings typed at the REPL, as every source
/// compiled was read; `None` if it is neither.
pub(crate) fn with_syntax_tree<T>(
    text: &str,
    settings: &Settings,
    f: impl FnOnce(&rnix::Root) -> T,
) -> Option<T> {
    let opts = text_options(settings);
    let goals = [
        Goal::Expr,
        Goal::ReplBindings { semicolon: false },
        Goal::ReplBindings { semicolon: true },
    ];
    let tree = goals.into_iter().find_map(|goal| {
        let parsed = crate::syntax::parse(Input::Text(text), &opts, goal);
        if parsed.errors.is_empty() {
            parsed.tree
        } else {
            None
        }
    })?;
    let result = {
        let root = rnix::SyntaxNode::new_root(tree.green().clone());
        rnix::Root::cast(root).map(|r| f(&r))
    };
    // The tree goes after every node that refers to it, from the top (see `Tree`).
    drop(tree);
    result
}

/// Adds a source to the file table and prints it as `nix-instantiate --parse` does. It is
/// compiled first: Nix's parser also resolves variables, so a program with an undefined
/// one does not print.
pub(crate) fn show_source(source: Source, reader: Reader) -> Result<String, Error> {
    read_source(source, reader, Goal::Expr, |expr, input| {
        compile(expr, input)?;
        let ctx = crate::show::ShowContext {
            base_dir: &input.base_dir,
            home: input.home.as_deref(),
        };
        Ok(crate::show::show_expr(expr, &ctx))
    })
}

/// Adds a source to the file table, parses it as `goal` says, and runs `then` on its
/// expression; the parser's warnings go to the reader's messages.
fn read_source<T>(
    source: Source,
    reader: Reader,
    goal: Goal,
    then: impl FnOnce(&rnix::ast::Expr, &CompileInput) -> Result<T, Error>,
) -> Result<T, Error> {
    // Text that is not UTF-8 is shown with placeholders, and only gets its error.
    let (text, not_utf8) = match String::from_utf8(source.bytes) {
        Ok(text) => (text, None),
        Err(e) => (placeholder_text(e.as_bytes()), Some(e.into_bytes())),
    };
    let file = {
        let mut sources = reader.sources.borrow_mut();
        if source.transient {
            sources.add_transient(source.name.to_string(), text)
        } else {
            sources.add(source.name.to_string(), text)
        }
    }
    .map_err(|full| Error::eval(format!("cannot read '{}': {full}", source.name)))?;
    let settings = reader.settings;
    let input = CompileInput {
        file: file.clone(),
        base_dir: source
            .base_dir
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("/")),
        home: settings.home.clone(),
        globals: reader.globals,
        scope: source.scope,
        pipe_operators: settings.has_feature("pipe-operators"),
        pure_eval: settings.pure_eval,
        lints: settings.lints,
        defer: true,
    };
    let opts = crate::syntax::Options {
        origin: file.name(),
        pipe_operators: input.pipe_operators,
        pure_eval: input.pure_eval,
        lints: input.lints,
    };
    let mut warnings = Vec::new();
    let result = match &not_utf8 {
        None => match parse(
            &file,
            Input::Text(file.source()),
            &opts,
            goal,
            &mut warnings,
        ) {
            Ok(Some(tree)) => walk(&file, tree, |expr| then(expr, &input)),
            Ok(None) => Err(no_expression(&file)),
            Err(e) => Err(e),
        },
        Some(bytes) => Err(non_utf8_error(&file, bytes, &opts, &mut warnings)),
    };
    for w in warnings {
        let text = crate::render::render_parse_warning(&w, &reader.sources.borrow(), &file);
        (reader.messages)(&text);
    }
    result
}

/// Runs Nix's front end over the file: its warnings go to `warnings`, and its errors (Nix's
/// first, then the others) make the result. Text that parses gives its tree.
fn parse(
    file: &File,
    input: Input,
    opts: &crate::syntax::Options,
    goal: Goal,
    warnings: &mut Vec<Warning>,
) -> Result<Option<Tree>, Error> {
    let parsed = crate::syntax::parse(input, opts, goal);
    warnings.extend(parsed.warnings);
    let mut errors = parsed.errors.into_iter().map(|d| {
        let at = TextRange::empty((d.offset.min(file.source().len()) as u32).into());
        Error::at(ErrorKind::Parse(d.message), span_at(file, at))
    });
    if let Some(mut first) = errors.next() {
        for e in errors {
            first.add_further(e);
        }
        return Err(first);
    }
    Ok(parsed.tree)
}

/// Runs `f` on the expression of a tree, with the stack it needs, and drops the tree.
fn walk<T>(
    file: &File,
    tree: Tree,
    f: impl FnOnce(&rnix::ast::Expr) -> Result<T, Error>,
) -> Result<T, Error> {
    let result = {
        let root = rnix::SyntaxNode::new_root(tree.green().clone());
        if tree.depth > MAX_TREE_DEPTH {
            Err(too_deep(&root, file))
        } else {
            match rnix::Root::cast(root).and_then(|r| r.expr()) {
                Some(expr) => with_stack_room(CALLER_STACK_ROOM, || f(&expr)),
                None => Err(no_expression(file)),
            }
        }
    };
    // The tree goes after every node that refers to it, from the top (see `Tree`).
    drop(tree);
    result
}

/// The error for a tree without an expression, which no program that parses has.
fn no_expression(file: &File) -> Error {
    Error::at(
        ErrorKind::Parse("syntax error, unexpected end of file".into()),
        file.span,
    )
}

/// The error for a tree deeper than [`MAX_TREE_DEPTH`], at its first node that deep.
fn too_deep(root: &rnix::SyntaxNode, file: &File) -> Error {
    let mut depth = 0;
    let mut at = root.text_range();
    for event in root.preorder() {
        match event {
            WalkEvent::Enter(node) => {
                depth += 1;
                if depth > MAX_TREE_DEPTH {
                    at = node.text_range();
                    break;
                }
            }
            WalkEvent::Leave(_) => depth -= 1,
        }
    }
    Error::at(
        ErrorKind::Parse("expression is nested too deeply".into()),
        span_at(file, at),
    )
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
    opts: &crate::syntax::Options,
    warnings: &mut Vec<Warning>,
) -> Error {
    if let Err(e) = parse(file, Input::Bytes(bytes), opts, Goal::Expr, warnings) {
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
