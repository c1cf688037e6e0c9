//! The check of a body compiled on first use (`defer.rs`), made when its file is read.
//!
//! The check is a walk over the body's green tree ([`Walk`]) that binds names as the
//! compiler's scopes bind them, or fewer: a formal, a `let` or `rec` binding, an
//! identifier bound by nothing inside the body is resolved in the enclosing scopes
//! (capturing it, as the compiled body will read it), or is a global, or is left to the
//! `with` scopes around it. Where the walk is not certain that compiling would succeed —
//! a variable bound nowhere, a home path, syntax it does not expect — the body is
//! compiled at once instead, so that every error is reported when the file is read, by the
//! compiler itself. Binding fewer names than the compiler only captures a variable more,
//! never one fewer.
//!
//! A body's stub is checked once. The functions and calls inside it that may get stubs of
//! their own when it is compiled are checked by the same walk ([`Checked`]): what each
//! reads from outside itself, and how. When the body is compiled, their stubs resolve
//! only those names, where they now are, instead of walking them again: a package set
//! whose every attribute is forced is walked once, not twice.

use rnix::NixLanguage;
use rnix::SyntaxKind::{self, *};
use rowan::{GreenNodeData, GreenTokenData, Language, NodeOrToken};
use rustc_hash::FxHashMap;

use nixvm_value::Symbol;
use nixvm_value::code::LambdaKind;

use super::Compiler;
use super::defer::{MIN_DEFERRED, MIN_DEFERRED_THUNK};
use super::scope::VarName;

/// What the walk of a body found of a function or call inside it that may get a stub of
/// its own when the body is compiled: walking it again would find the same.
#[derive(Clone, Copy)]
struct Checked {
    /// Its green node's address.
    key: usize,
    /// Where the names it reads that nothing inside it binds are in `Checks::free`.
    free: (u32, u32),
    /// Where the nodes checked inside it start in `Checks::nodes` (they end before it).
    inside: u32,
    /// How deep it nests, as a walk from it counts (`Walk::deepest`).
    deepest: u32,
}

/// The functions and calls a walk checked. A body's checks go with its stub; those of the
/// nodes inside a stub made when the body is compiled go with that stub. The nodes they
/// name are the body's, alive as long as it is, so no other node has their addresses.
#[derive(Default)]
pub(super) struct Checks {
    /// Each node after the nodes inside it (the order their walks ended).
    nodes: Vec<Checked>,
    /// The names the nodes read from outside themselves, each with how it is read
    /// (`FREE_*`), each node's in one run, in the order first read.
    free: Vec<(Symbol, u8)>,
}

/// A body's checks as its compiler looks them up.
pub(super) struct CheckIndex {
    checks: Checks,
    /// Where each node is in `checks.nodes`, by its address.
    at: FxHashMap<usize, u32>,
}

impl CheckIndex {
    pub(super) fn new(checks: Checks) -> CheckIndex {
        let mut at = FxHashMap::with_capacity_and_hasher(checks.nodes.len(), Default::default());
        for (i, n) in checks.nodes.iter().enumerate() {
            at.insert(n.key, i as u32);
        }
        CheckIndex { checks, at }
    }

    /// The checks of the nodes inside the `i`th node, for its stub.
    fn inside(&self, i: usize) -> Option<Checks> {
        let nodes = &self.checks.nodes[self.checks.nodes[i].inside as usize..i];
        if nodes.is_empty() {
            return None;
        }
        let mut inside = Checks {
            nodes: Vec::with_capacity(nodes.len()),
            free: Vec::new(),
        };
        let base = nodes[0].inside;
        for n in nodes {
            let start = inside.free.len() as u32;
            inside
                .free
                .extend_from_slice(&self.checks.free[n.free.0 as usize..n.free.1 as usize]);
            inside.nodes.push(Checked {
                free: (start, inside.free.len() as u32),
                inside: n.inside - base,
                ..*n
            });
        }
        Some(inside)
    }
}

/// A name read where no `with` inside the checked node is open (a `with` around the body
/// may provide it).
const FREE_PLAIN: u8 = 1;
/// A name read inside a `with` within the checked node (that `with` may provide it).
const FREE_INNER: u8 = 2;
/// A name no `with` may provide (`__findFile` for `<p>`).
const FREE_STRICT: u8 = 4;

/// The tables of a walk, kept from one to the next (see `Compiler::stub`).
#[derive(Default)]
struct WalkBuffers {
    names: FxHashMap<Symbol, Name>,
    undo: Vec<(Symbol, u32)>,
    open: Vec<Open>,
    free: Vec<Free>,
}

thread_local! {
    /// The tables of the last walk, empty, for the next (see `Compiler::stub`).
    static WALK_BUFFERS: std::cell::Cell<WalkBuffers> = std::cell::Cell::new(Default::default());
}

/// Why a walk stopped: compiling the body now is the sure way to get its errors right.
pub(super) struct Unsure;

type W = Result<(), Unsure>;

/// What the check of a body found.
pub(super) struct Check {
    /// Whether it certainly compiles.
    pub ok: W,
    /// Whether a name in it may be looked up in the `with` scopes around it.
    pub need_withs: bool,
    /// How deep it nests (`Walk::deepest`).
    pub deepest: u32,
    /// What the walk found of the functions and calls inside it.
    pub checks: Option<Checks>,
}

impl Compiler<'_> {
    /// Checks the function or thunk body `green` (of `kind`) in the function just pushed:
    /// what it reads from outside is captured there.
    pub(super) fn check(&mut self, green: &GreenNodeData, kind: &LambdaKind) -> Check {
        let key = std::ptr::from_ref(green) as usize;
        if let Some(index) = self.checks.take() {
            let found = index.at.get(&key).map(|&i| i as usize);
            let check = found.map(|i| {
                // Checked with the body around it: only what it reads from outside is
                // looked up again, where it now is.
                let rec = index.checks.nodes[i];
                let free = &index.checks.free[rec.free.0 as usize..rec.free.1 as usize];
                let (ok, need_withs) = self.replay(free);
                Check {
                    ok,
                    need_withs,
                    deepest: rec.deepest,
                    checks: index.inside(i),
                }
            });
            self.checks = Some(index);
            if let Some(check) = check {
                return check;
            }
        }
        let mut walk = Walk::new(self.any_withs());
        let ok = match kind {
            LambdaKind::Function(_) => walk.lambda(self, green),
            _ => walk.expr(self, green),
        };
        let checks = std::mem::take(&mut walk.checks);
        let check = Check {
            ok,
            need_withs: walk.need_withs,
            deepest: walk.deepest,
            checks: (!checks.nodes.is_empty()).then_some(checks),
        };
        walk.recycle();
        check
    }
}

/// The check of a function's body: the names bound inside it, and what is not sure.
struct Walk {
    /// The names met so far: how many scopes inside the body bind each, and whether it
    /// is known to be bound outside it (or a global).
    names: FxHashMap<Symbol, Name>,
    /// The names bound, in order, each with where it was bound before (`Name::at`), to
    /// unbind them when their scopes end.
    undo: Vec<(Symbol, u32)>,
    /// How many `with` scopes inside the body are open.
    withs: u32,
    /// Whether `with` scopes are open around the function.
    outer_withs: bool,
    /// Whether a name may be looked up in the `with` scopes around the function.
    need_withs: bool,
    depth: u32,
    deepest: u32,
    /// The functions and calls inside the body being walked whose checks are recorded
    /// (`checks`), innermost last.
    open: Vec<Open>,
    /// The names the `open` nodes read from outside themselves, each node's after its
    /// parent's.
    free: Vec<Free>,
    /// Each function or call inside the body that may get a stub of its own (see
    /// [`Checked`]).
    checks: Checks,
    /// The number of the last node opened.
    serial: u32,
    /// Whether the expression about to be walked is in a lazy position (an argument, an
    /// element, a binding's value): only a call there may get a stub.
    lazy: bool,
}

/// A function or call being walked, whose check is recorded.
struct Open {
    serial: u32,
    /// The length of `Walk::undo` where it starts: names bound after are bound inside it.
    mark: u32,
    /// Where its names start in `Walk::free`.
    free: u32,
    /// `Walk::withs` where it starts.
    withs: u32,
    /// `Walk::deepest` where it starts.
    deepest: u32,
    /// Where the nodes checked inside it start in `Walk::checks`.
    inside: u32,
}

/// A name an open node reads from outside itself.
struct Free {
    name: Symbol,
    /// How it is read (`FREE_*`).
    how: u8,
    /// The node that listed the name before this one did, and where (`Name::listed`).
    before: (u32, u32),
}

/// What a walk knows of a name.
#[derive(Default)]
struct Name {
    /// How many scopes inside the body bind it.
    bound: u32,
    /// Whether it resolves outside the body (captured) or is a global.
    outside: bool,
    /// Where in `Walk::undo` its innermost binding is, while it is bound.
    at: u32,
    /// The innermost open node that lists it as read from outside, and where in
    /// `Walk::free`: the node's serial, 0 for none.
    listed: (u32, u32),
}

impl Walk {
    fn new(outer_withs: bool) -> Walk {
        let b = WALK_BUFFERS.take();
        Walk {
            names: b.names,
            undo: b.undo,
            withs: 0,
            outer_withs,
            need_withs: false,
            depth: 0,
            deepest: 0,
            open: b.open,
            free: b.free,
            checks: Checks::default(),
            serial: 0,
            lazy: false,
        }
    }

    /// Hands the tables to the next walk. A large one is not kept, as emptying it for
    /// each small walk would cost more than it saves.
    fn recycle(mut self) {
        if self.names.capacity() <= 1024 {
            self.names.clear();
            self.undo.clear();
            self.open.clear();
            self.free.clear();
            WALK_BUFFERS.set(WalkBuffers {
                names: self.names,
                undo: self.undo,
                open: self.open,
                free: self.free,
            });
        }
    }

    fn bind(&mut self, name: Symbol) {
        let at = self.undo.len() as u32;
        let n = self.names.entry(name).or_default();
        n.bound += 1;
        self.undo.push((name, std::mem::replace(&mut n.at, at)));
    }

    /// Unbinds the names bound since `mark`.
    fn unbind_to(&mut self, mark: usize) {
        for (name, at) in self.undo.drain(mark..).rev() {
            if let Some(n) = self.names.get_mut(&name) {
                n.bound -= 1;
                n.at = at;
            }
        }
    }

    /// A use of the variable `name`; `with_ok`: a `with` may provide it.
    fn reference(&mut self, c: &mut Compiler, name: Symbol, with_ok: bool) -> W {
        let known = self.names.entry(name).or_default();
        if let Some(open) = self.open.last()
            && (known.bound == 0 || known.at < open.mark)
        {
            let how = match with_ok {
                false => FREE_STRICT,
                true if self.withs > open.withs => FREE_INNER,
                true => FREE_PLAIN,
            };
            list(&mut self.free, known, open, name, how);
        }
        if known.bound > 0 || known.outside {
            return Ok(());
        }
        // Looked up once per walk: what is bound outside stays so while it runs.
        if c.resolve(&VarName::Named(name)).is_some() || c.input.globals.values.contains_key(&name)
        {
            known.outside = true;
            return Ok(());
        }
        if with_ok && (self.withs > 0 || self.outer_withs) {
            self.need_withs |= self.outer_withs;
            return Ok(());
        }
        Err(Unsure)
    }

    /// Walks the function or call `n` with `walk`, recording its check (`checks`).
    /// `extra`: the depth a walk from `n` counts for `n` itself.
    fn recorded(&mut self, n: &GreenNodeData, extra: u32, walk: impl FnOnce(&mut Self) -> W) -> W {
        self.serial += 1;
        self.open.push(Open {
            serial: self.serial,
            mark: self.undo.len() as u32,
            free: self.free.len() as u32,
            withs: self.withs,
            deepest: std::mem::replace(&mut self.deepest, self.depth),
            inside: self.checks.nodes.len() as u32,
        });
        // A walk that stops is given up whole: its tables need no care.
        walk(self)?;
        let open = self.open.pop().expect("pushed above");
        let deepest = self.deepest - self.depth + extra;
        self.deepest = self.deepest.max(open.deepest);
        let from = open.free as usize;
        let start = self.checks.free.len() as u32;
        (self.checks.free).extend(self.free[from..].iter().map(|f| (f.name, f.how)));
        self.checks.nodes.push(Checked {
            key: std::ptr::from_ref(n) as usize,
            free: (start, self.checks.free.len() as u32),
            inside: open.inside,
            deepest,
        });
        // Its names, back to what its parent lists; those bound nowhere inside the parent
        // are the parent's too, read inside a `with` of the parent's if one is open here.
        let moved: Vec<Free> = self.free.drain(from..).collect();
        for f in moved {
            let Some(known) = self.names.get_mut(&f.name) else {
                continue;
            };
            known.listed = f.before;
            if let Some(parent) = self.open.last()
                && (known.bound == 0 || known.at < parent.mark)
            {
                let how = if f.how & FREE_PLAIN != 0 && self.withs > parent.withs {
                    f.how & !FREE_PLAIN | FREE_INNER
                } else {
                    f.how
                };
                list(&mut self.free, known, parent, f.name, how);
            }
        }
        Ok(())
    }
}

/// Lists `name` (`known`) as read from outside the open node `open`, read as `how`.
fn list(free: &mut Vec<Free>, known: &mut Name, open: &Open, name: Symbol, how: u8) {
    if known.listed.0 == open.serial {
        free[known.listed.1 as usize].how |= how;
        return;
    }
    free.push(Free {
        name,
        how,
        before: known.listed,
    });
    known.listed = (open.serial, free.len() as u32 - 1);
}

impl Compiler<'_> {
    /// The check of a function or call as the walk of the body around it recorded it,
    /// finished here: each name it reads from outside is resolved (captured) here, is a
    /// global, or is left to the `with` scopes around. Also whether those are needed.
    fn replay(&mut self, free: &[(Symbol, u8)]) -> (W, bool) {
        let outer_withs = self.any_withs();
        let mut need_withs = false;
        for &(name, how) in free {
            if self.resolve(&VarName::Named(name)).is_some()
                || self.input.globals.values.contains_key(&name)
            {
                continue;
            }
            if how & FREE_STRICT != 0 || (how & FREE_PLAIN != 0 && !outer_withs) {
                return (Err(Unsure), need_withs);
            }
            need_withs |= outer_withs;
        }
        (Ok(()), need_withs)
    }
}

fn kind(n: &GreenNodeData) -> SyntaxKind {
    NixLanguage::kind_from_raw(n.kind())
}

fn token_kind(t: &GreenTokenData) -> SyntaxKind {
    NixLanguage::kind_from_raw(t.kind())
}

/// The child nodes of `n`.
fn nodes(n: &GreenNodeData) -> impl Iterator<Item = &GreenNodeData> {
    n.children().filter_map(|c| match c {
        NodeOrToken::Node(n) => Some(n),
        NodeOrToken::Token(_) => None,
    })
}

/// Whether the function `n` may get a stub (`Compiler::defer_function`): its body is large
/// and not itself a function.
fn deferred_function(n: &GreenNodeData) -> bool {
    let Some(mut body) = nodes(n).nth(1) else {
        return false;
    };
    if u32::from(body.text_len()) < MIN_DEFERRED {
        return false;
    }
    while kind(body) == NODE_PAREN {
        match nodes(body).next() {
            Some(inner) => body = inner,
            None => return true,
        }
    }
    kind(body) != NODE_LAMBDA
}

/// The identifier token of an identifier node (the front end puts it first).
fn ident_token(n: &GreenNodeData) -> Result<&GreenTokenData, Unsure> {
    match n.children().next() {
        Some(NodeOrToken::Token(t)) if token_kind(t) == TOKEN_IDENT => Ok(t),
        _ => Err(Unsure),
    }
}

impl Walk {
    fn ident(&mut self, c: &mut Compiler, n: &GreenNodeData) -> W {
        let name = c.token_symbol(ident_token(n)?);
        self.reference(c, name, true)
    }

    fn expr(&mut self, c: &mut Compiler, n: &GreenNodeData) -> W {
        self.depth += 1;
        self.deepest = self.deepest.max(self.depth);
        let r = crate::parse::deeper(|| self.expr_here(c, n));
        self.depth -= 1;
        r
    }

    /// Walks `n`, in a lazy position.
    fn lazy_expr(&mut self, c: &mut Compiler, n: &GreenNodeData) -> W {
        self.lazy = true;
        self.expr(c, n)
    }

    fn expr_here(&mut self, c: &mut Compiler, n: &GreenNodeData) -> W {
        let lazy = std::mem::take(&mut self.lazy);
        match kind(n) {
            NODE_IDENT => self.ident(c, n),
            // Functions and calls that may get stubs of their own when the body is compiled.
            NODE_LAMBDA if deferred_function(n) => self.recorded(n, 0, |w| w.lambda(c, n)),
            NODE_LAMBDA => self.lambda(c, n),
            NODE_APPLY if lazy && u32::from(n.text_len()) >= MIN_DEFERRED_THUNK => {
                self.recorded(n, 1, |w| w.apply(c, n))
            }
            NODE_APPLY => self.apply(c, n),
            NODE_PAREN => nodes(n).try_for_each(|e| {
                // The compiler looks through parentheses for what is lazy.
                self.lazy = lazy;
                self.expr(c, e)
            }),
            NODE_LIST => nodes(n).try_for_each(|e| self.lazy_expr(c, e)),
            NODE_LET_IN => self.bindings(c, n, true),
            NODE_LEGACY_LET => self.bindings(c, n, true),
            NODE_ATTR_SET => {
                let rec = n
                    .children()
                    .map_while(|e| e.into_token())
                    .any(|t| token_kind(t) == TOKEN_REC);
                self.bindings(c, n, rec)
            }
            NODE_WITH => {
                let mut parts = nodes(n);
                let (Some(ns), Some(body)) = (parts.next(), parts.next()) else {
                    return Err(Unsure);
                };
                self.lazy_expr(c, ns)?;
                self.withs += 1;
                let r = self.expr(c, body);
                self.withs -= 1;
                r
            }
            NODE_SELECT | NODE_HAS_ATTR => {
                for part in nodes(n) {
                    if kind(part) == NODE_ATTRPATH {
                        self.attrpath(c, part, 0)?;
                    } else {
                        self.expr(c, part)?;
                    }
                }
                Ok(())
            }
            NODE_PATH_SEARCH => {
                // `<p>` is `__findFile __nixPath "p"`, with those variables as they are
                // bound where it is (no `with` provides them).
                self.reference(c, Symbol::new("__findFile"), false)?;
                self.reference(c, Symbol::new("__nixPath"), false)
            }
            NODE_PATH_ABS | NODE_PATH_REL => {
                let first_is_node = matches!(n.children().next(), Some(NodeOrToken::Node(_)));
                let plain = nodes(n).next().is_none();
                let slash = n
                    .children()
                    .filter_map(|e| e.into_token())
                    .any(|t| t.text().len() > 1 && t.text().ends_with('/'));
                if first_is_node || (plain && slash) {
                    return Err(Unsure);
                }
                nodes(n).try_for_each(|i| self.expr(c, i))
            }
            NODE_LITERAL => {
                let ok = n.children().all(|t| match t {
                    NodeOrToken::Token(t) => match token_kind(t) {
                        TOKEN_INTEGER => t.text().parse::<i64>().is_ok(),
                        TOKEN_FLOAT => t.text().parse::<f64>().is_ok(),
                        _ => true,
                    },
                    NodeOrToken::Node(_) => false,
                });
                if ok { Ok(()) } else { Err(Unsure) }
            }
            NODE_BIN_OP => {
                let pipe = n
                    .children()
                    .filter_map(|e| e.into_token())
                    .any(|t| matches!(token_kind(t), TOKEN_PIPE_LEFT | TOKEN_PIPE_RIGHT));
                if pipe && !c.input.pipe_operators {
                    return Err(Unsure);
                }
                nodes(n).try_for_each(|e| self.expr(c, e))
            }
            NODE_STRING | NODE_INTERPOL | NODE_DYNAMIC | NODE_IF_ELSE | NODE_ASSERT
            | NODE_UNARY_OP | NODE_CUR_POS | NODE_ROOT => {
                nodes(n).try_for_each(|e| self.expr(c, e))
            }
            _ => Err(Unsure),
        }
    }

    /// A call: its function, then its argument, which is lazy.
    fn apply(&mut self, c: &mut Compiler, n: &GreenNodeData) -> W {
        let mut parts = nodes(n);
        match (parts.next(), parts.next()) {
            (Some(f), Some(x)) => {
                self.expr(c, f)?;
                self.lazy_expr(c, x)?;
                parts.try_for_each(|e| self.expr(c, e))
            }
            (f, _) => f.into_iter().try_for_each(|e| self.expr(c, e)),
        }
    }

    /// The expressions in an attribute path from its `from`th attribute on (the names
    /// themselves are not variables).
    fn attrpath(&mut self, c: &mut Compiler, n: &GreenNodeData, from: usize) -> W {
        for attr in nodes(n).skip(from) {
            match kind(attr) {
                NODE_IDENT => {}
                NODE_STRING | NODE_DYNAMIC => self.expr(c, attr)?,
                _ => return Err(Unsure),
            }
        }
        Ok(())
    }

    /// A function: its parameter's names are bound in its defaults and body.
    fn lambda(&mut self, c: &mut Compiler, n: &GreenNodeData) -> W {
        let mark = self.undo.len();
        let mut parts = nodes(n);
        let (Some(param), Some(body)) = (parts.next(), parts.next()) else {
            return Err(Unsure);
        };
        let mut defaults = Vec::new();
        match kind(param) {
            NODE_IDENT_PARAM => {
                let id = nodes(param).next().ok_or(Unsure)?;
                self.bind(c.token_symbol(ident_token(id)?));
            }
            NODE_PATTERN => {
                for part in nodes(param) {
                    match kind(part) {
                        NODE_PAT_ENTRY => {
                            let mut entry = nodes(part);
                            let id = entry.next().ok_or(Unsure)?;
                            self.bind(c.token_symbol(ident_token(id)?));
                            defaults.extend(entry);
                        }
                        NODE_PAT_BIND => {
                            let id = nodes(part).next().ok_or(Unsure)?;
                            self.bind(c.token_symbol(ident_token(id)?));
                        }
                        _ => return Err(Unsure),
                    }
                }
            }
            _ => return Err(Unsure),
        }
        let r = defaults
            .into_iter()
            .try_for_each(|d| self.lazy_expr(c, d))
            .and_then(|()| self.expr(c, body));
        self.unbind_to(mark);
        r
    }

    /// A set's or a `let`'s bindings (and a `let`'s body). In a recursive one the names
    /// bound by a plain first attribute (`a = …;`, `a.b = …;`, `inherit a;`) are seen by
    /// the values and the body; sources of `inherit (…)`, names after the first and
    /// dynamic names are looked at outside them, which binds no more than the compiler.
    fn bindings(&mut self, c: &mut Compiler, n: &GreenNodeData, rec: bool) -> W {
        let mark = self.undo.len();
        let mut names = Vec::new();
        for part in nodes(n) {
            match kind(part) {
                NODE_INHERIT => {
                    let mut from = false;
                    for x in nodes(part) {
                        match kind(x) {
                            NODE_INHERIT_FROM => {
                                from = true;
                                nodes(x).try_for_each(|e| self.lazy_expr(c, e))?;
                            }
                            NODE_IDENT => {
                                let name = c.token_symbol(ident_token(x)?);
                                if !from {
                                    self.reference(c, name, true)?;
                                }
                                names.push(name);
                            }
                            _ => return Err(Unsure),
                        }
                    }
                }
                NODE_ATTRPATH_VALUE => {
                    let path = nodes(part).next().ok_or(Unsure)?;
                    if kind(path) != NODE_ATTRPATH {
                        return Err(Unsure);
                    }
                    let first = nodes(path).next().ok_or(Unsure)?;
                    if kind(first) == NODE_IDENT {
                        names.push(c.token_symbol(ident_token(first)?));
                        self.attrpath(c, path, 1)?;
                    } else {
                        self.attrpath(c, path, 0)?;
                    }
                }
                _ => {}
            }
        }
        if rec {
            for name in names {
                self.bind(name);
            }
        }
        let r = nodes(n).try_for_each(|part| match kind(part) {
            NODE_INHERIT => Ok(()),
            NODE_ATTRPATH_VALUE => nodes(part).skip(1).try_for_each(|v| self.lazy_expr(c, v)),
            // A `let`'s body.
            _ => self.expr(c, part),
        });
        self.unbind_to(mark);
        r
    }
}
