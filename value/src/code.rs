//! Compiled code: the instruction set and the `Lambda` that holds a compiled body.
//!
//! Every function body, every thunk body and every file is compiled to its own [`Lambda`]: a
//! flat array of [`Op`]s for a stack machine, a parallel array of source spans (for errors),
//! and tables of constants, symbols and nested lambdas that instructions refer to by index.
//!
//! The value stack of a frame holds its locals first (function argument, `let` bindings,
//! formals, `with` scopes), then temporaries. "TOS" below is the top of that stack.

use std::cell::OnceCell;
use std::fmt::Write;
use std::rc::Rc;
use std::sync::Arc;

use codemap::{File, Pos, Span};

use crate::symbol::Symbol;
use crate::value::Value;

/// The ops that compute one value from two scalars: arithmetic and comparison, as a
/// pattern. Exactly these have fast paths for plain numbers (the instruction loop's, and a
/// frameless body's, [`Cheap`]), so the two lists cannot drift apart.
#[macro_export]
macro_rules! scalar_binary_op {
    () => {
        $crate::code::Op::Add
            | $crate::code::Op::Sub
            | $crate::code::Op::Mul
            | $crate::code::Op::Div
            | $crate::code::Op::Less
            | $crate::code::Op::LessEq
            | $crate::code::Op::Greater
            | $crate::code::Op::GreaterEq
            | $crate::code::Op::Eq
            | $crate::code::Op::NotEq
    };
}

/// One instruction. Operands index the tables of the [`Lambda`] being run, or the frame's
/// locals, or are jump targets (instruction indices).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// Push `constants[i]`.
    Const(u32),
    /// Push local slot `i` as it is (possibly an unevaluated thunk).
    Local(u32),
    /// Push upvalue `i` as it is.
    Upvalue(u32),
    /// `Local(i)` then `Force`; an evaluated thunk in the slot is replaced by its value.
    LocalForce(u32),
    /// `Upvalue(i)` then `Force`.
    UpvalueForce(u32),
    /// Force TOS to weak head normal form.
    Force,
    /// Drop TOS.
    Pop,
    /// Drop the `n` values under TOS, keeping TOS (leaving a scope).
    Slide(u32),
    /// Push a new thunk running `lambdas[i]`, capturing from this frame.
    Thunk(u32),
    /// Push a new closure of `lambdas[i]`, capturing from this frame.
    Closure(u32),
    /// Push a blank thunk: the slot of a recursive binding, filled by `Fill`.
    Blank,
    /// Fill the blank thunk in local `slot` with `lambdas[lambda]`, capturing from this frame.
    Fill {
        slot: u32,
        lambda: u32,
    },
    /// Fill the thunk in local `slot` only if it is still blank (a formal's default, used
    /// only when the argument was not passed).
    FillIfBlank {
        slot: u32,
        lambda: u32,
    },
    /// Pop `n` values into a new list (first pushed is first element).
    List(u32),
    /// Pop `n` values into a new attribute set with the names and positions of
    /// `attr_names[names]` (already in symbol order).
    Attrs {
        n: u32,
        names: u32,
    },
    /// [set, name, value] -> set with a dynamic attribute added; `name` is forced; a null name
    /// skips the attribute.
    DynAttr,
    /// TOS (forced) must be a set: replace it with its attribute `symbols[i]` (unforced).
    Select(u32),
    /// Like `Select`, but if TOS is not a set or lacks the attribute, pop it and jump.
    SelectOr {
        sym: u32,
        target: u32,
    },
    /// [set, name] -> attribute value; name forced to a string.
    SelectDyn,
    /// Like `SelectDyn` with a fallback jump.
    SelectDynOr {
        target: u32,
    },
    /// One step of `e ? a.b.c`: if TOS is a set with `symbols[sym]`, replace TOS with that
    /// attribute's value and continue; otherwise replace TOS with `false` and jump.
    HasAttr {
        sym: u32,
        target: u32,
    },
    /// Dynamic-name version of `HasAttr`: [value, name].
    HasAttrDyn {
        target: u32,
    },
    Jump(u32),
    /// Pop a Boolean; jump if it is false.
    JumpIfFalse(u32),
    /// `&&`: TOS must be a Boolean; if false, keep it and jump, else pop it.
    And(u32),
    /// `||`: TOS must be a Boolean; if true, keep it and jump, else pop it.
    Or(u32),
    /// `->`: TOS must be a Boolean; if false, replace it with true and jump, else pop it.
    Implies(u32),
    /// TOS must be a Boolean (the right operand of `&&`, `||`, `->`).
    AssertBool,
    /// Pop a Boolean condition; if false, fail the assertion whose source text is
    /// `constants[i]`.
    Assert(u32),
    /// TOS must be a Boolean: negate it.
    Not,
    /// [a, b] -> [a, b, a == b]: the comparison of `assert a == b`, which keeps its
    /// operands for the message if it fails.
    EqKeep,
    /// [a, b, ok]: pops all three; if `ok` is false, fails the assertion whose source
    /// text is `constants[i]` with the first difference between `a` and `b`. The `==` is
    /// at the span of the op before.
    AssertEq(u32),
    /// `-x`.
    Negate,
    Add,
    Sub,
    Mul,
    Div,
    Eq,
    NotEq,
    Less,
    LessEq,
    Greater,
    GreaterEq,
    /// `++`
    Concat,
    /// `//`
    Update,
    /// [set, overrides] -> set with the attributes of `overrides` (forced; a rec set's
    /// `__overrides`) added or replacing its own.
    Overrides,
    /// Pop `n` forced values, coerce each to a string as interpolation does, push the
    /// concatenation.
    Interpolate(u32),
    /// Pop `n` forced values, the first an absolute path text, coerce the others to strings
    /// without copying paths to the store, and push the concatenation as a canonical path
    /// (for `./a/${b}`).
    ToPath(u32),
    /// Apply TOS (forced) to the `n` values below it, nearest first.
    Call(u32),
    /// `Call` in tail position: a closure call reuses this frame.
    TailCall(u32),
    /// Look up `symbols[sym]` in the `n` `with` scopes below TOS (innermost first), popping
    /// them.
    WithLookup {
        sym: u32,
        n: u32,
    },
    /// Function prologue for a formals pattern: local 0 is the argument; check it and push
    /// one local per formal (the attribute, or a blank thunk for a default).
    BindFormals,
    /// The whole code of a function whose body is compiled when it is first called
    /// ([`Lambda::deferred`]): compile it (once) and run that code in this frame instead.
    CompileBody,
    /// Return TOS (forced) from this frame.
    Return,
}

impl Op {
    /// Where this op may jump to, for the compiler to patch.
    pub fn target_mut(&mut self) -> Option<&mut u32> {
        match self {
            Op::Jump(t)
            | Op::JumpIfFalse(t)
            | Op::And(t)
            | Op::Or(t)
            | Op::Implies(t)
            | Op::SelectOr { target: t, .. }
            | Op::SelectDynOr { target: t }
            | Op::HasAttr { target: t, .. }
            | Op::HasAttrDyn { target: t } => Some(t),
            _ => None,
        }
    }
}

/// An operand of a [`Cheap`] expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheapOperand {
    /// The thunk's upvalue `i` (read from the creating frame through its capture).
    Upvalue(u32),
    /// The thunk's constant `i`.
    Const(u32),
    /// The argument, for a function `x: …`.
    Arg,
}

/// A thunk body, or the body of a function `x: …`, that is one operation on operands read
/// without running code ([`Frameless::Cheap`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cheap {
    /// One arithmetic operation or comparison on two numbers.
    Binary {
        op: Op,
        a: CheapOperand,
        b: CheapOperand,
    },
    /// `x.name`, with `x` an upvalue or the argument: the attribute's value, when `x` is a
    /// set that has it and that value is evaluated.
    Select { set: CheapOperand, name: Symbol },
    /// `x.${n}`, with `x` and `n` upvalues or the argument: the attribute's value, when `x`
    /// is a set that has it, `n` a string without context, and that value is evaluated.
    SelectDyn {
        set: CheapOperand,
        name: CheapOperand,
    },
}

/// Whether a body can be computed without a frame, as the compiler found it; the values are
/// computed by `crate::frameless`, which says when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frameless {
    /// It needs a frame: the common case.
    No,
    /// One operation, computed when what it reads is evaluated and it cannot fail.
    Cheap(Cheap),
    /// It only builds a value: a list, set or function literal from its constants,
    /// captured variables and (in a function `x: …`) argument, with new thunks or
    /// functions capturing only those. It cannot fail, force or call anything.
    Builds,
}

/// Where a closure or thunk gets one of its upvalues from, in the frame that creates it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    Local(u32),
    Upvalue(u32),
}

/// One formal argument of a `{ a, b ? d, ... }` pattern.
#[derive(Clone, Debug)]
pub struct Formal {
    pub name: Symbol,
    pub has_default: bool,
    /// A default that is a constant (a number, a string without interpolation, a global
    /// such as `null` or `false`): the formal not passed is that value itself, as in Nix,
    /// with no thunk made for it on each call.
    pub constant: Option<crate::Value>,
    pub pos: Pos,
}

/// A `{ … }` argument pattern, with its formals sorted by name as Nix reports them.
#[derive(Clone, Debug)]
pub struct Formals {
    pub entries: Box<[Formal]>,
    pub ellipsis: bool,
}

/// How a function takes its argument.
#[derive(Clone, Debug)]
pub enum Param {
    /// `x: …`
    Ident(Symbol),
    /// `{ … }: …`, possibly with `@ name`.
    Formals {
        formals: Formals,
        bind: Option<Symbol>,
    },
}

/// What a compiled body is.
#[derive(Clone, Debug)]
pub enum LambdaKind {
    /// The body of a thunk (a lazily evaluated expression).
    Thunk,
    /// A function.
    Function(Param),
    /// A whole file or expression given to the evaluator.
    Toplevel,
}

/// The names and positions of one attribute set literal, sorted by symbol.
pub type AttrNames = Box<[(Symbol, Pos)]>;

/// A context line that an error gets when it leaves the ops `start..end` of a lambda: Nix
/// adds "while evaluating a branch condition", "in the left operand of '//'", … as an error
/// passes out of the evaluation of a subexpression. Kept in a side table consulted only
/// while an error unwinds, so evaluation pays nothing for it.
#[derive(Clone, Debug)]
pub struct ErrorContext {
    pub start: u32,
    pub end: u32,
    pub span: Option<Span>,
    /// Most lines are fixed texts, kept as they are: one is made for nearly every operator
    /// and selection compiled, and very few are ever shown.
    pub message: std::borrow::Cow<'static, str>,
    /// Only for a value that cannot be coerced to a string, and then as the innermost line:
    /// Nix gives this context to the coercion, which puts it on that error alone, where it
    /// is raised (not on errors from evaluating the value, `__toString` or `outPath`).
    pub coercion_only: bool,
}

/// A compiled body.
pub struct Lambda {
    pub ops: Box<[Op]>,
    /// The source of each op, for errors.
    pub spans: Box<[Span]>,
    pub constants: Box<[Value]>,
    pub symbols: Box<[Symbol]>,
    /// Names and positions for `Op::Attrs`, each list sorted by symbol.
    pub attr_names: Box<[AttrNames]>,
    /// Lambdas created by `Op::Thunk`, `Op::Closure`, `Op::Fill`.
    pub lambdas: Box<[Rc<Lambda>]>,
    /// How the creating frame fills this lambda's upvalues.
    pub captures: Box<[Capture]>,
    /// The lambda's upvalues are those of the frame that creates it, shared instead of
    /// copied (`captures` is then empty), and its upvalue `i` is the creator's: a thunk or
    /// function made by a thunk body with no locals in scope, which can only read what that
    /// body captured, or one whose body reads two or more of its creator's upvalues (most
    /// of them) and none of its locals. Making it copies no value; it keeps those it does
    /// not read alive a little longer, with the creator's other thunks.
    pub shares: bool,
    pub kind: LambdaKind,
    /// The name the function was bound to (`f` in `f = x: …`), for messages.
    pub name: Option<Symbol>,
    /// The whole expression.
    pub span: Span,
    /// `file:line:col` of the start of the expression, as values print it.
    pub location: Location,
    /// Whether the body can be computed without a frame (`crate::frameless`).
    pub frameless: Frameless,
    /// For a cheap arithmetic thunk that is a function's argument: compute it when the thunk
    /// would be made, if its operands are already numbers. Only an unforced argument printed
    /// without `--strict` could tell the difference, and arguments are the hot case
    /// (`f (n - 1)`). Thunks bound to names or attributes stay thunks, as Nix prints them.
    pub eager: bool,
    /// Whether every value this code returns is one it has just built (a list, set or
    /// function literal, possibly under `let` or `if`): a thunk of such code is where its
    /// value lives, the cell that Nix's `==` recognises (see [`crate::Thunk::identity`]).
    pub makes: bool,
    /// For `x: y: …` — a function whose whole body creates another function — the index of
    /// that inner lambda: applying both arguments at once needs no intermediate closure.
    pub curried: Option<u32>,
    /// Context lines for errors, innermost ranges first (see [`ErrorContext`]).
    pub contexts: Box<[ErrorContext]>,
    /// For a function whose body is compiled on its first call: what compiling it needs,
    /// and the code once made. Its own code is then `CompileBody`; everything else about
    /// it (kind, captures, name, position) is known without the body.
    pub deferred: Option<Box<Deferred>>,
}

/// The body of a function not compiled yet (see [`Lambda::deferred`]). Most functions of a
/// large program are never called: reading a file checks their bodies (every variable
/// resolves, with the errors Nix gives when it parses) and finds what they capture, but
/// makes their code only when they are first called.
pub struct Deferred {
    /// What the front end needs to compile the body: its syntax and surroundings, which
    /// only the front end reads. Given up once the body is compiled.
    pub source: std::cell::RefCell<Option<Box<dyn std::any::Any>>>,
    /// The compiled body: a function of the same kind, captures and name, with its code.
    pub compiled: OnceCell<Rc<Lambda>>,
}

impl Deferred {
    pub fn new(source: Box<dyn std::any::Any>) -> Deferred {
        Deferred {
            source: std::cell::RefCell::new(Some(source)),
            compiled: OnceCell::new(),
        }
    }
}

/// Where a lambda starts, shown as `file:line:col` (`«lambda @ …»`). The text is made the
/// first time it is shown: most lambdas never are, and making it for each of the hundreds of
/// thousands a large evaluation compiles cost time and memory.
pub struct Location {
    file: Arc<File>,
    pos: Pos,
    text: OnceCell<Box<str>>,
}

impl Location {
    /// The position `pos` of `file`.
    pub fn new(file: Arc<File>, pos: Pos) -> Location {
        Location {
            file,
            pos,
            text: OnceCell::new(),
        }
    }
}

impl std::ops::Deref for Location {
    type Target = str;

    fn deref(&self) -> &str {
        self.text.get_or_init(|| {
            let lc = self.file.find_line_col(self.pos);
            let line_start = self.file.line_span(lc.line).low();
            let col = (self.pos - line_start) as usize + 1;
            format!("{}:{}:{}", self.file.name(), lc.line + 1, col).into_boxed_str()
        })
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", &**self)
    }
}

/// Whether every `Return` of `ops` returns a value that the op just before it built (looking
/// past the `Slide`s that close scopes). A jump that lands anywhere but on a `Return` from
/// an op that builds, or any other op that may land on one, makes the answer no.
pub fn returns_built_values(ops: &[Op]) -> bool {
    let builds = |op: &Op| matches!(op, Op::List(_) | Op::Attrs { .. } | Op::Closure(_));
    let target = |op: &Op| {
        let mut op = *op;
        op.target_mut().map(|t| *t as usize)
    };
    // The op before `at`, skipping `Slide`s, if nothing jumps into the skipped stretch.
    let built_before = |at: usize| {
        let mut i = at;
        while i > 0 {
            i -= 1;
            match &ops[i] {
                Op::Slide(_) => {
                    if ops.iter().any(|op| target(op) == Some(i)) {
                        return false;
                    }
                }
                op => return builds(op),
            }
        }
        false
    };
    let mut any = false;
    for (r, op) in ops.iter().enumerate() {
        if !matches!(op, Op::Return) {
            continue;
        }
        any = true;
        // Falling through into this `Return`…
        let falls = r > 0 && !matches!(ops[r - 1], Op::Jump(_) | Op::Return);
        if falls && !built_before(r) {
            return false;
        }
        // …and jumping to it.
        for (j, op) in ops.iter().enumerate() {
            if target(op) == Some(r) && !(matches!(op, Op::Jump(_)) && built_before(j)) {
                return false;
            }
        }
    }
    any
}

impl Drop for Lambda {
    /// Nested lambdas (one per function, thunk or set literal inside) go with the lambda
    /// that holds them; the last ones are taken apart here from the top, so that dropping
    /// the code of a program nested 100,000 levels deep does not recurse as deep.
    fn drop(&mut self) {
        let mut pending: Vec<Rc<Lambda>> = std::mem::take(&mut self.lambdas).into_vec();
        pending.extend(self.take_compiled());
        while let Some(lambda) = pending.pop() {
            if let Ok(mut lambda) = Rc::try_unwrap(lambda) {
                pending.extend(std::mem::take(&mut lambda.lambdas).into_vec());
                pending.extend(lambda.take_compiled());
            }
        }
    }
}

impl Lambda {
    /// The body compiled for a deferred function, taken out (for dropping without
    /// recursing, as nested lambdas are).
    fn take_compiled(&mut self) -> Option<Rc<Lambda>> {
        self.deferred.as_mut()?.compiled.take()
    }

    /// The context lines for an error leaving op `ip`, innermost first.
    pub fn contexts_at(&self, ip: u32) -> impl Iterator<Item = &ErrorContext> {
        self.contexts
            .iter()
            .filter(move |c| c.start <= ip && ip < c.end)
    }

    pub fn param(&self) -> Option<&Param> {
        match &self.kind {
            LambdaKind::Function(p) => Some(p),
            _ => None,
        }
    }

    pub fn formals(&self) -> Option<&Formals> {
        match &self.kind {
            LambdaKind::Function(Param::Formals { formals, .. }) => Some(formals),
            _ => None,
        }
    }

    /// The function's name as Nix's messages quote it: `'f'` or `'anonymous lambda'`.
    pub fn describe(&self) -> String {
        match self.name {
            Some(n) => format!("'{n}'"),
            None => "'anonymous lambda'".to_string(),
        }
    }

    /// A human-readable listing of this lambda and every lambda nested in it, for
    /// `--dump-bytecode`. Nesting follows the source, whose depth the parser bounds.
    pub fn disassemble(&self) -> String {
        let mut out = String::new();
        self.disassemble_into(&mut out, "toplevel");
        out
    }

    fn disassemble_into(&self, out: &mut String, path: &str) {
        let kind = match &self.kind {
            LambdaKind::Thunk => "thunk".to_string(),
            LambdaKind::Toplevel => "toplevel".to_string(),
            LambdaKind::Function(Param::Ident(x)) => format!("function {x}:"),
            LambdaKind::Function(Param::Formals { formals, bind }) => {
                let names: Vec<String> = formals
                    .entries
                    .iter()
                    .map(|f| format!("{}{}", f.name, if f.has_default { "?" } else { "" }))
                    .collect();
                let dots = if formals.ellipsis { ", ..." } else { "" };
                let at = bind.map(|b| format!(" @ {b}")).unwrap_or_default();
                format!("function {{ {}{dots} }}{at}:", names.join(", "))
            }
        };
        let _ = writeln!(out, "== {path}: {kind}");
        if let Some(d) = &self.deferred {
            match d.compiled.get() {
                Some(body) => {
                    let _ = writeln!(out, "   compiled when first called:");
                    let mut inner = String::new();
                    body.disassemble_into(&mut inner, path);
                    // The compiled body's own header repeats this one.
                    out.extend(inner.lines().skip(1).map(|l| format!("{l}\n")));
                    return;
                }
                None => {
                    let _ = writeln!(out, "   compiled when first called");
                }
            }
        }
        if self.shares {
            let _ = writeln!(out, "   captures: its creator's upvalues");
        }
        if !self.captures.is_empty() {
            let caps: Vec<String> = self
                .captures
                .iter()
                .map(|c| match c {
                    Capture::Local(i) => format!("local {i}"),
                    Capture::Upvalue(i) => format!("upvalue {i}"),
                })
                .collect();
            let _ = writeln!(out, "   captures: {}", caps.join(", "));
        }
        for (i, op) in self.ops.iter().enumerate() {
            let note = match op {
                Op::Const(c) | Op::Assert(c) => {
                    format!("    ; {:?}", self.constants[*c as usize])
                }
                Op::Select(s) | Op::SelectOr { sym: s, .. } | Op::HasAttr { sym: s, .. } => {
                    format!("    ; {}", self.symbols[*s as usize])
                }
                Op::WithLookup { sym, .. } => format!("    ; {}", self.symbols[*sym as usize]),
                Op::Attrs { names, .. } => {
                    let ns: Vec<String> = self.attr_names[*names as usize]
                        .iter()
                        .map(|(s, _)| s.to_string())
                        .collect();
                    format!("    ; {}", ns.join(" "))
                }
                _ => String::new(),
            };
            let _ = writeln!(out, "{i:5}  {op:?}{note}");
        }
        for (i, l) in self.lambdas.iter().enumerate() {
            l.disassemble_into(out, &format!("{path}/{i}"));
        }
    }
}
