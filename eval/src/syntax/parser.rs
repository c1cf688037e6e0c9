//! The parser: Nix's LALR(1) automaton run over Nix's tokens, exactly as Nix's generated
//! parser runs it, with the checks Nix's grammar actions make on the way.
//!
//! Running the same automaton the same way is what makes the first error the one Nix
//! reports: the same token, noticed in the same state (after the same default reductions),
//! with the same list of expected tokens, and the checks (duplicate attributes, formals, lints)
//! made in the same order relative to the syntax errors and to each other.
//!
//! Nix stops at its first error. This parser goes on, to report the others too: after a
//! syntax error it skips to the next token that ends a construct (`;`, a closing bracket,
//! `in`, `then`, `else`, `,`) and drops states from its stack until one can take it; and (as
//! generated parsers conventionally do) it reports no other syntax error until three tokens
//! have been shifted, so that one mistake does not make a cascade of messages.

use super::attrs::{AttrName, AttrSets, Bound, Duplicate, SetId};
use super::indent::{Piece, literal_value};
use super::lalr::{Action, Tables};
use super::lexer::{Lexer, Token, Value};
use super::tables::tables;
use super::token::Tok;
use super::tree::TreeBuilder;
use super::{Diagnostic, LintLevel, Options, Symbols, Warning};

/// An expression, as far as the checks care.
#[derive(Clone, Debug)]
struct Expr {
    kind: ExprKind,
}

/// What the checks need to know of an expression. Every entry of the parser's stack
/// holds one (or another semantic value): it is kept small, as entries are moved at
/// every reduction.
#[derive(Clone, Debug)]
enum ExprKind {
    /// An attribute set literal.
    Set(SetId),
    /// A string literal: a static attribute name when used as one.
    Str(Lit),
    /// `e or` used as a function applied to the variable `or`: where it starts and ends,
    /// until it is known whether to warn about it.
    CursedOr(usize, usize),
    Other,
}

impl Expr {
    fn other() -> Expr {
        Expr::of(ExprKind::Other)
    }

    fn of(kind: ExprKind) -> Expr {
        Expr { kind }
    }

    fn cursed_or(&self) -> Option<(usize, usize)> {
        match self.kind {
            ExprKind::CursedOr(start, end) => Some((start, end)),
            _ => None,
        }
    }

    fn bound(&self) -> Bound {
        match self.kind {
            ExprKind::Set(s) => Bound::Set(s),
            _ => Bound::Other,
        }
    }
}

/// A string that is either known at parse time or not.
#[derive(Clone, Debug)]
enum Stringy {
    Static(Lit),
    Dynamic,
}

/// A string literal without interpolations, as far as the parser knows. Only the checks of
/// attribute names look at its value, so it is worked out only then ([`Parser::value`]).
#[derive(Clone, Debug)]
enum Lit {
    /// A string of one piece.
    Piece(Token),
    /// An indented string: its pieces, which may turn out to hold interpolations.
    Indented(Vec<PieceSem>),
    Bytes(Vec<u8>),
}

/// The semantic value of a stack entry.
#[derive(Clone, Debug)]
enum Sem {
    None,
    Token(Token),
    Expr(Expr),
    Stringy(Stringy),
    Pieces(Vec<PieceSem>),
    Set(SetId),
    /// The names of an `inherit`, with their positions.
    Inherits(Vec<(u32, usize)>),
    Path(AttrPath),
    Name(u32),
    /// Formal arguments: names and positions.
    Formals(Vec<(u32, usize)>),
    Formal(u32, usize),
}

/// The names of an attribute path: most paths are one name, which needs no vector.
#[derive(Clone, Debug)]
enum AttrPath {
    One(AttrName),
    More(Vec<AttrName>),
}

impl AttrPath {
    fn names(&self) -> &[AttrName] {
        match self {
            AttrPath::One(name) => std::slice::from_ref(name),
            AttrPath::More(names) => names,
        }
    }

    /// The path with `name` after its names.
    fn then(self, name: AttrName) -> AttrPath {
        match self {
            AttrPath::One(first) => AttrPath::More(vec![first, name]),
            AttrPath::More(mut names) => {
                names.push(name);
                AttrPath::More(names)
            }
        }
    }
}

#[derive(Clone, Debug)]
enum PieceSem {
    /// A token of text (a [`Value::Str`]).
    Text(Token),
    Interpolation,
}

#[derive(Clone, Copy, Debug, Default)]
struct Loc {
    begin: usize,
    end: usize,
}

/// The values of a rule's right-hand side, which its action takes in order (or skips).
struct Rhs<'e> {
    entries: std::slice::IterMut<'e, Entry>,
}

impl Rhs<'_> {
    /// The next symbol's value and location, taken from its entry.
    #[inline(always)]
    fn next(&mut self) -> (Sem, Loc) {
        match self.entries.next() {
            Some(e) => (std::mem::replace(&mut e.sem, Sem::None), e.loc),
            None => (Sem::None, Loc::default()),
        }
    }

    /// Passes the next symbol by, its value left to be dropped with its entry.
    #[inline(always)]
    fn skip(&mut self) {
        self.entries.next();
    }
}

struct Entry {
    state: u16,
    sem: Sem,
    loc: Loc,
    /// Where the entry's elements of the syntax tree start.
    child: u32,
}

/// What stopped the parse early.
enum Stop {
    /// The lexer failed: Nix's lexer cannot go on either.
    Lexer,
}

pub(crate) struct Parser<'a> {
    src: &'a [u8],
    opts: &'a Options<'a>,
    tables: &'static Tables,
    lexer: Lexer<'a>,
    stack: Vec<Entry>,
    lookahead: Option<Token>,
    sets: AttrSets,
    symbols: Symbols<'a>,
    pub warnings: Vec<Warning>,
    pub errors: Vec<Diagnostic>,
    /// Tokens shifted since the last syntax error (reporting resumes at three).
    shifted_since_error: usize,
    /// Steps error recovery may still take. Trying every depth of the stack for every
    /// closing token skipped could take time quadratic in the input (`((((… ;;;;…`, or
    /// `(- - - … 1;` where each try reduces the whole chain): past a bound linear in the
    /// input's length, the parse stops at the errors found so far.
    recovery_budget: usize,
    /// Set once an error was reported: warnings after it are not Nix's to give.
    failed: bool,
    /// The syntax tree, while the program parses and one is wanted.
    pub tree: Option<TreeBuilder<'a>>,
    /// For tests: tokens to parse instead of the lexer's.
    #[cfg(test)]
    pub tokens: Option<std::vec::IntoIter<Token>>,
}

impl<'a> Parser<'a> {
    /// A parser of `src`; with `text` (the same bytes as text) it builds the syntax tree.
    pub(crate) fn new(src: &'a [u8], text: Option<&'a str>, opts: &'a Options<'a>) -> Parser<'a> {
        let mut lexer = Lexer::new(src, opts.pipe_operators);
        lexer.keep_trivia = text.is_some();
        Parser {
            src,
            opts,
            tables: tables(),
            lexer,
            stack: Vec::new(),
            lookahead: None,
            sets: AttrSets::default(),
            symbols: Symbols::for_text(src.len()),
            warnings: Vec::new(),
            errors: Vec::new(),
            shifted_since_error: usize::MAX,
            recovery_budget: 10_000 + 16 * src.len(),
            failed: false,
            tree: text.map(TreeBuilder::new),
            #[cfg(test)]
            tokens: None,
        }
    }

    /// Reads the input as bindings typed at the REPL (see [`super::Goal`]).
    pub(crate) fn repl_bindings(&mut self, semicolon: bool) {
        self.lexer.repl_bindings(semicolon);
    }

    fn error(&mut self, offset: usize, message: String) {
        self.errors.push(Diagnostic { offset, message });
        self.failed = true;
        // A program with an error has no tree.
        self.tree = None;
    }

    /// Reports a lint at `level`; the message is only made if it is shown (the lints are
    /// off by default, and most path literals would make one).
    fn lint(
        &mut self,
        level: LintLevel,
        setting: &str,
        offset: usize,
        message: impl FnOnce(&Self) -> String,
    ) {
        if level == LintLevel::Ignore || (level == LintLevel::Warn && self.failed) {
            return;
        }
        let message = format!("{} ({setting})", message(self));
        match level {
            LintLevel::Ignore => {}
            LintLevel::Warn => self
                .warnings
                .push(Warning::Located(Diagnostic { offset, message })),
            LintLevel::Fatal => self.error(offset, message),
        }
    }

    fn text(&self, start: usize, end: usize) -> String {
        String::from_utf8_lossy(&self.src[start..end]).into_owned()
    }

    fn peek(&mut self) -> Result<&Token, Stop> {
        if self.lookahead.is_none() {
            #[cfg(test)]
            if let Some(tokens) = &mut self.tokens {
                let t = tokens.next().unwrap_or(Token {
                    tok: Tok::Eof,
                    start: 0,
                    end: 0,
                    value: Value::None,
                });
                self.lookahead = Some(t);
                return Ok(self.lookahead.as_ref().expect("just read"));
            }
            match self.lexer.next_token() {
                Ok(t) => self.lookahead = Some(t),
                Err(e) => {
                    self.error(e.offset, e.message);
                    return Err(Stop::Lexer);
                }
            }
        }
        Ok(self.lookahead.as_ref().expect("just read"))
    }

    /// Runs the parser to the end of the input (or the lexer's first error).
    pub(crate) fn run(&mut self) {
        self.stack.push(Entry {
            state: 0,
            sem: Sem::None,
            loc: Loc::default(),
            child: 0,
        });
        let _ = self.parse();
    }

    fn parse(&mut self) -> Result<(), Stop> {
        loop {
            let state = self.stack.last().map_or(0, |e| e.state);
            if state == self.tables.final_state {
                return Ok(());
            }
            let st = &self.tables.states[state as usize];
            let action = if st.reads_token {
                let tok = self.peek()?.tok;
                match st.actions[tok as usize] {
                    Some(a) => a,
                    None => st.default_reduction.map_or(Action::Error, Action::Reduce),
                }
            } else {
                Action::Reduce(
                    st.default_reduction
                        .expect("a state without lookahead reduces"),
                )
            };
            match action {
                Action::Shift(to) => {
                    let t = self.lookahead.take().expect("a shift has a lookahead");
                    self.shifted_since_error = self.shifted_since_error.saturating_add(1);
                    let child = match &mut self.tree {
                        Some(tree) => {
                            tree.trivia(self.lexer.trivia.drain(..));
                            tree.shift(&t)
                        }
                        None => 0,
                    };
                    self.stack.push(Entry {
                        state: to,
                        loc: Loc {
                            begin: t.start,
                            end: t.end,
                        },
                        sem: Sem::Token(t),
                        child,
                    });
                }
                Action::Reduce(rule) => self.reduce(rule),
                Action::Error => {
                    self.syntax_error(state);
                    if !self.recover()? {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// Reports a syntax error on the lookahead in `state`, in Bison's words.
    fn syntax_error(&mut self, state: u16) {
        let t = self
            .lookahead
            .as_ref()
            .expect("an error has a lookahead")
            .clone();
        let report = self.shifted_since_error >= 3;
        self.shifted_since_error = 0;
        if !report {
            return;
        }
        let expected = self.tables.expected(state);
        let mut message = format!("syntax error, unexpected {}", t.tok.name());
        if !expected.is_empty() && expected.len() <= 4 {
            let names: Vec<&str> = expected.iter().map(|t| t.name()).collect();
            message.push_str(", expecting ");
            message.push_str(&names.join(" or "));
        }
        // Nix points at the end of the input when it ran out.
        let offset = if t.tok == Tok::Eof { t.end } else { t.start };
        self.error(offset, message);
    }

    /// Whether the automaton, from the states `base` and then `extra`, would shift `tok`.
    /// Reductions pop from `extra` first, then only move the end of `base`: nothing is
    /// copied, so that trying every depth of a deep stack stays linear. Each reduction
    /// spends one of `budget`.
    fn would_shift(&self, base: &[u16], extra: &[u16], tok: Tok, budget: &mut usize) -> bool {
        let mut base_len = base.len();
        let mut pushed: Vec<u16> = extra.to_vec();
        loop {
            let Some(&s) = pushed.last().or(base[..base_len].last()) else {
                return false;
            };
            if s == self.tables.final_state {
                return false;
            }
            let st = &self.tables.states[s as usize];
            let action = if st.reads_token {
                st.actions[tok as usize]
                    .or(st.default_reduction.map(Action::Reduce))
                    .unwrap_or(Action::Error)
            } else {
                st.default_reduction.map_or(Action::Error, Action::Reduce)
            };
            match action {
                Action::Shift(_) => return true,
                Action::Error => return false,
                Action::Reduce(rule) => {
                    if *budget == 0 {
                        return false;
                    }
                    *budget -= 1;
                    let p = &super::grammar::PRODUCTIONS[rule as usize];
                    let from_pushed = p.rhs.len().min(pushed.len());
                    pushed.truncate(pushed.len() - from_pushed);
                    base_len = base_len.saturating_sub(p.rhs.len() - from_pushed);
                    let Some(&top) = pushed.last().or(base[..base_len].last()) else {
                        return false;
                    };
                    match self.tables.states[top as usize].gotos[p.lhs as usize] {
                        Some(to) => pushed.push(to),
                        None => return false,
                    }
                }
            }
        }
    }

    /// Recovers from a syntax error: skips tokens up to one that ends a construct (`;`, a
    /// closing bracket, `in`, `then`, `else`, `,`), then drops states until one takes it,
    /// directly or after an expression standing for what was skipped (so that in
    /// `a = 1 +; b = 2;` the binding of `a` ends at its `;` and `b` is read as usual).
    /// Resuming only there, and not in the middle of an expression, keeps one mistake from
    /// making more messages. Returns false at the end of the input, or when recovery has
    /// used up its budget.
    fn recover(&mut self) -> Result<bool, Stop> {
        loop {
            let t = self.peek()?;
            let (tok, at) = (
                t.tok,
                Loc {
                    begin: t.start,
                    end: t.start,
                },
            );
            if tok == Tok::Eof {
                return Ok(false);
            }
            if matches!(
                tok,
                Tok::Semicolon
                    | Tok::RBrace
                    | Tok::RParen
                    | Tok::RBrack
                    | Tok::In
                    | Tok::Then
                    | Tok::Else
                    | Tok::Comma
            ) {
                // Copying the states spends the budget too.
                let Some(mut budget) = self.recovery_budget.checked_sub(self.stack.len()) else {
                    return Ok(false);
                };
                let states: Vec<u16> = self.stack.iter().map(|e| e.state).collect();
                let resumed = self.resume_depth(&states, tok, &mut budget);
                self.recovery_budget = budget;
                if budget == 0 {
                    return Ok(false);
                }
                if let Some((depth, filler)) = resumed {
                    self.stack.truncate(depth);
                    if let Some(to) = filler {
                        self.stack.push(Entry {
                            state: to,
                            sem: Sem::Expr(Expr::other()),
                            loc: at,
                            child: 0,
                        });
                    }
                    return Ok(true);
                }
            }
            self.lookahead = None;
        }
    }

    /// The deepest stack depth where the automaton takes `tok`: directly, or after an
    /// expression (then also the state that expression leads to). Each depth tried and each
    /// reduction simulated spends one of `budget`.
    fn resume_depth(
        &self,
        states: &[u16],
        tok: Tok,
        budget: &mut usize,
    ) -> Option<(usize, Option<u16>)> {
        use super::grammar::Nt;
        for depth in (1..=states.len()).rev() {
            if *budget == 0 {
                return None;
            }
            *budget -= 1;
            if self.would_shift(&states[..depth], &[], tok, budget) {
                return Some((depth, None));
            }
            let top = states[depth - 1] as usize;
            for nt in [Nt::ExprOp, Nt::Expr] {
                let Some(to) = self.tables.states[top].gotos[nt as usize] else {
                    continue;
                };
                if self.would_shift(&states[..depth], &[to], tok, budget) {
                    return Some((depth, Some(to)));
                }
            }
        }
        None
    }

    fn reduce(&mut self, rule: u16) {
        let p = &super::grammar::PRODUCTIONS[rule as usize];
        let n = p.rhs.len();
        if n == 1 && matches!(p.rule, passes_value!()) {
            // The value passes through unchanged: only the state changes.
            let below = self.stack[self.stack.len() - 2].state;
            let to = self.tables.states[below as usize].gotos[p.lhs as usize]
                .expect("every reduction has a goto");
            let top = self.stack.len() - 1;
            self.stack[top].state = to;
            return;
        }
        let at = self.stack.len() - n;
        let mut child = 0;
        if let Some(tree) = &mut self.tree {
            let mut starts = [0u32; 8];
            for (s, e) in starts.iter_mut().zip(&self.stack[at..]) {
                *s = e.child;
            }
            child = if n > 0 { starts[0] } else { tree.len() };
            tree.reduce(p.rule, &starts[..n]);
        }
        let loc = if n > 0 {
            Loc {
                begin: self.stack[at].loc.begin,
                end: self.stack[at + n - 1].loc.end,
            }
        } else {
            let end = self.stack.last().map_or(0, |e| e.loc.end);
            Loc { begin: end, end }
        };
        // The action takes the values from the entries where they are; the stack is lent
        // to it, as it needs the parser too.
        let mut stack = std::mem::take(&mut self.stack);
        let sem = self.action(p.rule, &mut stack[at..], loc);
        stack.truncate(at);
        self.stack = stack;
        let top = self.stack.last().map_or(0, |e| e.state);
        let to = self.tables.states[top as usize].gotos[p.lhs as usize]
            .expect("every reduction has a goto");
        self.stack.push(Entry {
            state: to,
            sem,
            loc,
            child,
        });
    }

    /// The value of a string literal; `None` for an indented string with interpolations.
    fn value(&self, lit: Lit) -> Option<Vec<u8>> {
        match lit {
            Lit::Piece(t) => Some(t.string_value(self.src)),
            Lit::Bytes(b) => Some(b),
            Lit::Indented(pieces) => literal_value(
                pieces
                    .into_iter()
                    .map(|p| match p {
                        PieceSem::Text(t) => {
                            let indented = matches!(t.value, Value::Str { indented: true, .. });
                            Piece::Text(t.string_value(self.src), indented)
                        }
                        PieceSem::Interpolation => Piece::Interpolation(()),
                    })
                    .collect(),
            ),
        }
    }

    fn intern_token(&mut self, t: &Token) -> u32 {
        self.symbols.intern_text(&self.src[t.start..t.end])
    }

    fn duplicate(&mut self, d: Duplicate) {
        let previous = self.opts.position_text(self.src, d.previous);
        self.error(
            d.pos,
            format!("attribute '{}' already defined at {previous}", d.path),
        );
    }

    /// Nix's check of a function's formal arguments: no name twice, and none equal to the
    /// name bound with `@` (reported at the function).
    fn validate_formals(&mut self, formals: &[(u32, usize)], at: Option<(u32, usize)>) {
        let mut sorted = formals.to_vec();
        sorted.sort();
        let duplicate = sorted
            .windows(2)
            .filter(|w| w[0].0 == w[1].0)
            .map(|w| w[1])
            .min();
        if let Some((name, pos)) = duplicate {
            let name = self.symbols.text(name);
            self.error(pos, format!("duplicate formal function argument '{name}'"));
            return;
        }
        if let Some((arg, pos)) = at
            && formals.iter().any(|(n, _)| *n == arg)
        {
            let name = self.symbols.text(arg);
            self.error(pos, format!("duplicate formal function argument '{name}'"));
        }
    }

    /// Warns about `e or` used as a function argument or element (Nix will change what it
    /// means).
    fn warn_if_cursed_or(&mut self, e: &Expr) {
        if let Some((start, end)) = e.cursed_or()
            && !self.failed
        {
            let pos = self.opts.position_text(self.src, start);
            let snippet = self
                .text(start, end)
                .replace("\r\n", "\n")
                .replace('\r', "\n");
            self.warnings.push(Warning::Plain(format!(
                "at {pos}: This expression uses `or` as an identifier in a way that will \
                 change in a future Nix release.\nWrap this entire expression in parentheses \
                 to preserve its current meaning:\n    ({snippet})\nGive feedback at \
                 https://github.com/NixOS/nix/pull/11121"
            )));
        }
    }

    fn path_lints(&mut self, t: &Token) {
        let (start, end) = (t.start, t.end);
        if self.src[start] == b'/' {
            self.not_portable("absolute", start, end);
        } else if self.src[start] != b'.' {
            self.lint(
                self.opts.lints.short_path_literals,
                "lint-short-path-literals",
                start,
                |p| {
                    let literal = p.text(start, end);
                    format!(
                        "relative path literal '{literal}' should be prefixed with '.' for \
                         clarity: './{literal}'"
                    )
                },
            );
        }
    }

    /// The lint of an absolute or home path literal (`kind`) from `start` to `end`.
    fn not_portable(&mut self, kind: &str, start: usize, end: usize) {
        self.lint(
            self.opts.lints.absolute_path_literals,
            "lint-absolute-path-literals",
            start,
            |p| {
                format!(
                    "{kind} path literals are not portable. Consider replacing path literal \
                     '{}' by a string, relative path, or parameter",
                    p.text(start, end)
                )
            },
        );
    }

    /// The semantic action of `rule` on the entries `rhs` spanning `loc`, whose values it
    /// takes.
    fn action(&mut self, rule: super::grammar::Rule, rhs: &mut [Entry], loc: Loc) -> Sem {
        use super::grammar::Rule as R;
        let mut rhs = Rhs {
            entries: rhs.iter_mut(),
        };
        match rule {
            R::Accept | passes_value!() => rhs.next().0,
            R::StartRepl => {
                rhs.skip();
                rhs.next().0
            }
            R::PassSelect => match rhs.next().0 {
                Sem::Expr(Expr {
                    kind: ExprKind::CursedOr(..),
                }) => Sem::Expr(Expr::other()),
                other => other,
            },
            R::Lambda => {
                if let Sem::Token(t) = rhs.next().0 {
                    self.intern_token(&t);
                }
                Sem::Expr(Expr::other())
            }
            R::LambdaFormals => {
                if let Sem::Formals(f) = rhs.next().0 {
                    self.validate_formals(&f, None);
                }
                Sem::Expr(Expr::other())
            }
            R::LambdaFormalsAt => {
                let formals = rhs.next().0;
                rhs.skip();
                let arg = match rhs.next().0 {
                    Sem::Token(t) => self.intern_token(&t),
                    _ => return Sem::Expr(Expr::other()),
                };
                if let Sem::Formals(f) = formals {
                    self.validate_formals(&f, Some((arg, loc.begin)));
                }
                Sem::Expr(Expr::other())
            }
            R::LambdaAtFormals => {
                let arg = match rhs.next().0 {
                    Sem::Token(t) => self.intern_token(&t),
                    _ => return Sem::Expr(Expr::other()),
                };
                rhs.skip();
                if let Sem::Formals(f) = rhs.next().0 {
                    self.validate_formals(&f, Some((arg, loc.begin)));
                }
                Sem::Expr(Expr::other())
            }
            R::Let => {
                rhs.skip();
                if let Sem::Set(s) = rhs.next().0
                    && self.sets.has_dynamic(s)
                {
                    self.error(loc.begin, "dynamic attributes not allowed in let".into());
                }
                Sem::Expr(Expr::other())
            }
            R::Apply => {
                rhs.skip();
                if let Sem::Expr(e) = rhs.next().0 {
                    self.warn_if_cursed_or(&e);
                }
                Sem::Expr(Expr::other())
            }
            R::SelectOr => {
                for _ in 0..4 {
                    rhs.skip();
                }
                if let Sem::Expr(e) = rhs.next().0 {
                    self.warn_if_cursed_or(&e);
                }
                Sem::Expr(Expr::other())
            }
            R::CursedOr => Sem::Expr(Expr::of(ExprKind::CursedOr(loc.begin, loc.end))),
            R::ListMore => {
                rhs.skip();
                if let Sem::Expr(e) = rhs.next().0 {
                    self.warn_if_cursed_or(&e);
                }
                Sem::None
            }
            R::Var => {
                if let Sem::Token(t) = rhs.next().0 {
                    self.intern_token(&t);
                }
                Sem::Expr(Expr::other())
            }
            R::String => {
                rhs.skip();
                match rhs.next().0 {
                    Sem::Stringy(Stringy::Static(s)) => Sem::Expr(Expr::of(ExprKind::Str(s))),
                    _ => Sem::Expr(Expr::other()),
                }
            }
            R::IndString => {
                rhs.skip();
                let pieces = match rhs.next().0 {
                    Sem::Pieces(p) => p,
                    _ => Vec::new(),
                };
                Sem::Expr(Expr::of(ExprKind::Str(Lit::Indented(pieces))))
            }
            R::Uri => {
                let literal = self.text(loc.begin, loc.end);
                let level = self.opts.lints.url_literals;
                let word = if level == LintLevel::Fatal {
                    "disallowed"
                } else {
                    "discouraged"
                };
                self.lint(level, "lint-url-literals", loc.begin, |_| {
                    format!(
                        "URL literals are {word}. Consider using a string literal \
                         \"{literal}\" instead"
                    )
                });
                Sem::Expr(Expr::of(ExprKind::Str(Lit::Bytes(literal.into_bytes()))))
            }
            R::Parens => {
                rhs.skip();
                rhs.next().0
            }
            R::RecAttrs => {
                rhs.skip();
                rhs.skip();
                match rhs.next().0 {
                    Sem::Set(s) => Sem::Expr(Expr::of(ExprKind::Set(s))),
                    _ => Sem::Expr(Expr::other()),
                }
            }
            R::Attrs => {
                rhs.skip();
                match rhs.next().0 {
                    Sem::Set(s) => Sem::Expr(Expr::of(ExprKind::Set(s))),
                    _ => Sem::Expr(Expr::other()),
                }
            }
            R::EmptyAttrs => Sem::Expr(Expr::of(ExprKind::Set(self.sets.new_set()))),
            R::Assert
            | R::With
            | R::If
            | R::PipeFromMore
            | R::PipeFrom
            | R::PipeIntoMore
            | R::PipeInto
            | R::Not
            | R::Negate
            | R::Binary
            | R::HasAttr
            | R::Select
            | R::Int
            | R::Float
            | R::PathPlain
            | R::PathInterpolated
            | R::SearchPath
            | R::LetBody
            | R::List => Sem::Expr(Expr::other()),
            R::PartsStr => match rhs.next().0 {
                Sem::Token(t) if matches!(t.value, Value::Str { .. }) => {
                    Sem::Stringy(Stringy::Static(Lit::Piece(t)))
                }
                _ => Sem::Stringy(Stringy::Dynamic),
            },
            R::PartsInterpolated => Sem::Stringy(Stringy::Dynamic),
            R::PartsEmpty => Sem::Stringy(Stringy::Static(Lit::Bytes(Vec::new()))),
            R::InterpStr | R::InterpMore | R::InterpFirst | R::InterpStrFirst => Sem::None,
            R::PathAbs => {
                if let Sem::Token(t) = rhs.next().0 {
                    self.path_lints(&t);
                }
                Sem::None
            }
            R::PathHome => {
                if self.opts.pure_eval {
                    let literal = self.text(loc.begin, loc.end);
                    self.error(
                        loc.begin,
                        format!("the path '{literal}' can not be resolved in pure mode"),
                    );
                }
                self.not_portable("home", loc.begin, loc.end);
                Sem::None
            }
            R::IndPartsStr => {
                let mut pieces = match rhs.next().0 {
                    Sem::Pieces(p) => p,
                    _ => Vec::new(),
                };
                if let Sem::Token(t) = rhs.next().0
                    && matches!(t.value, Value::Str { .. })
                {
                    pieces.push(PieceSem::Text(t));
                }
                Sem::Pieces(pieces)
            }
            R::IndPartsInterp => {
                let mut pieces = match rhs.next().0 {
                    Sem::Pieces(p) => p,
                    _ => Vec::new(),
                };
                pieces.push(PieceSem::Interpolation);
                Sem::Pieces(pieces)
            }
            R::IndPartsEmpty => Sem::Pieces(Vec::new()),
            R::BindsEmpty => Sem::Set(self.sets.new_set()),
            R::BindsMore | R::BindsFirst => {
                let set = if rule == R::BindsMore {
                    match rhs.next().0 {
                        Sem::Set(s) => s,
                        _ => self.sets.new_set(),
                    }
                } else {
                    self.sets.new_set()
                };
                let (path, path_loc) = rhs.next();
                rhs.skip();
                let value = match rhs.next().0 {
                    Sem::Expr(e) => e.bound(),
                    _ => Bound::Other,
                };
                if let Sem::Path(path) = path
                    && let Err(d) =
                        self.sets
                            .add(set, path.names(), path_loc.begin, value, &self.symbols)
                {
                    self.duplicate(d);
                }
                Sem::Set(set)
            }
            R::BindsInherit | R::BindsInheritFrom => {
                let set = match rhs.next().0 {
                    Sem::Set(s) => s,
                    _ => self.sets.new_set(),
                };
                let skip = if rule == R::BindsInherit { 1 } else { 4 };
                for _ in 0..skip {
                    rhs.skip();
                }
                if let Sem::Inherits(names) = rhs.next().0 {
                    for (name, pos) in names {
                        if let Err(d) = self.sets.inherit(set, name, pos, &self.symbols) {
                            self.duplicate(d);
                        }
                    }
                }
                Sem::Set(set)
            }
            R::AttrsName | R::AttrsString => {
                let mut names = match rhs.next().0 {
                    Sem::Inherits(n) => n,
                    _ => Vec::new(),
                };
                let (sem, at) = rhs.next();
                let name = match sem {
                    Sem::Name(n) => Some(n),
                    Sem::Stringy(Stringy::Static(s)) => {
                        self.value(s).map(|s| self.symbols.intern(&s))
                    }
                    _ => None,
                };
                match name {
                    Some(n) => names.push((n, at.begin)),
                    None => {
                        self.error(at.begin, "dynamic attributes not allowed in inherit".into())
                    }
                }
                Sem::Inherits(names)
            }
            R::AttrsEmpty => Sem::Inherits(Vec::new()),
            R::AttrpathMoreName | R::AttrpathMoreString | R::AttrpathName | R::AttrpathString => {
                let before = if matches!(rule, R::AttrpathMoreName | R::AttrpathMoreString) {
                    let p = match rhs.next().0 {
                        Sem::Path(p) => Some(p),
                        _ => None,
                    };
                    rhs.skip();
                    p
                } else {
                    None
                };
                let name = match rhs.next().0 {
                    Sem::Name(n) => AttrName::Static(n),
                    Sem::Stringy(Stringy::Static(s)) => match self.value(s) {
                        Some(s) => AttrName::Static(self.symbols.intern(&s)),
                        None => AttrName::Dynamic,
                    },
                    _ => AttrName::Dynamic,
                };
                Sem::Path(match before {
                    Some(p) => p.then(name),
                    None => AttrPath::One(name),
                })
            }
            R::AttrId => match rhs.next().0 {
                Sem::Token(t) => Sem::Name(self.intern_token(&t)),
                _ => Sem::None,
            },
            R::AttrOr => Sem::Name(self.symbols.intern_text(b"or")),
            R::StringAttrQuoted => {
                rhs.skip();
                match rhs.next().0 {
                    Sem::Stringy(s) => Sem::Stringy(s),
                    _ => Sem::Stringy(Stringy::Dynamic),
                }
            }
            R::StringAttrInterp => {
                rhs.skip();
                match rhs.next().0 {
                    Sem::Expr(Expr {
                        kind: ExprKind::Str(s),
                        ..
                    }) => Sem::Stringy(Stringy::Static(s)),
                    _ => Sem::Stringy(Stringy::Dynamic),
                }
            }
            R::ListEmpty => Sem::None,
            R::FormalsEllipsis | R::FormalsComma | R::FormalsPlain => {
                rhs.skip();
                match rhs.next().0 {
                    Sem::Formals(f) => Sem::Formals(f),
                    _ => Sem::Formals(Vec::new()),
                }
            }
            R::FormalsOnlyEllipsis | R::FormalsEmpty => Sem::Formals(Vec::new()),
            R::FormalsMore => {
                let mut f = match rhs.next().0 {
                    Sem::Formals(f) => f,
                    _ => Vec::new(),
                };
                rhs.skip();
                if let Sem::Formal(n, p) = rhs.next().0 {
                    f.push((n, p));
                }
                Sem::Formals(f)
            }
            R::FormalsOne => match rhs.next().0 {
                Sem::Formal(n, p) => Sem::Formals(vec![(n, p)]),
                _ => Sem::Formals(Vec::new()),
            },
            R::FormalName | R::FormalDefault => match rhs.next().0 {
                Sem::Token(t) => Sem::Formal(self.intern_token(&t), loc.begin),
                _ => Sem::None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stack_entries_stay_small() {
        // Entries move at every reduction: a semantic value that grows makes every parse
        // slower.
        assert!(size_of::<Entry>() <= 64, "{}", size_of::<Entry>());
    }
}
