//! Compile-time scopes: which names are locals of which function, which are captured as
//! upvalues, and which `with` scopes are open.
//!
//! Every function (and every thunk body) being compiled has a [`FunctionState`] with its own
//! stack of lexical scopes. A name is resolved innermost-first through the current function's
//! scopes, then through the enclosing functions' scopes, capturing it into each function in
//! between. Names bound lexically always win over `with`; a name that no lexical scope binds
//! is looked up at run time through the open `with` scopes, innermost first.

use rustc_hash::FxHashMap;

use codemap::Span;

use nixvm_value::Symbol;
use nixvm_value::builtin::BuiltinDef;
use nixvm_value::code::{Capture, Op};

/// What a scope entry stands for: a named variable, or the value of a `with` expression.
/// A name is an interned symbol, so that looking one up compares integers, not texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VarName {
    Named(Symbol),
    /// The namespace of the `with` with this id.
    With(u32),
    /// A slot the compiler keeps for itself, which no program can name.
    Hidden(Hidden),
}

/// The compiler's own variables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hidden {
    /// The argument of a function with formals and no `@` name.
    Argument,
    /// The scope set of code compiled with a scope (`scopedImport`, the REPL).
    Scope,
    /// The source of the `i`th `inherit (…)` of a scope.
    InheritSource(u32),
}

#[derive(Clone, Debug)]
pub struct Local {
    pub name: VarName,
    /// Stack slot, relative to the frame base.
    pub slot: u32,
    /// The builtin this variable is bound to, when the compiler can tell (`inherit
    /// (builtins) map;`), so that calls through it can be compiled as calls of that builtin.
    pub builtin: Option<&'static BuiltinDef>,
}

/// One lexical scope: where its locals start in the function's list of locals.
#[derive(Clone, Copy, Debug, Default)]
struct Scope {
    start: u32,
    /// Set while compiling a plain `inherit x` of a `rec` set: the names of this scope are
    /// not visible, so that `inherit x` refers to the enclosing `x`.
    hidden: bool,
}

/// Where a variable lives, from the point of view of the function being compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarLoc {
    Local(u32),
    Upvalue(u32),
}

/// Up to this many locals a function's names are looked up one after another; past it,
/// through an index by name. A file's top scope can bind thousands (nixpkgs'
/// `all-packages.nix`), and every variable of every function nested in it looks there.
const SCAN_MAX: usize = 16;

/// The scopes and captures of one function being compiled.
#[derive(Debug, Default)]
pub struct ScopeChain {
    /// The open scopes, outermost first.
    scopes: Vec<Scope>,
    /// The locals of all open scopes, in the order they were declared.
    locals: Vec<Local>,
    /// For each name, the positions in `locals` of the locals it names, in order; made
    /// once there are more than [`SCAN_MAX`] locals.
    index: Option<FxHashMap<VarName, Vec<u32>>>,
    /// The positions in `locals` of the `with` scopes, in order.
    withs: Vec<u32>,
    /// How many open scopes are hidden.
    hidden: u32,
    /// Upvalues of this function: what each was captured as, and from where in the parent.
    pub captures: Vec<(VarName, Capture)>,
    /// This function's upvalues are its parent's (see `Lambda::shares`): it captures
    /// nothing itself, and names its parent's upvalues by their own numbers.
    pub shares: bool,
}

impl ScopeChain {
    /// A chain with its outermost scope open.
    pub fn new() -> ScopeChain {
        let mut chain = ScopeChain::default();
        chain.begin_scope();
        chain
    }

    /// Empties the chain for another function, keeping its buffers, with its outermost
    /// scope open.
    pub fn reset(&mut self) {
        self.scopes.clear();
        self.locals.clear();
        self.index = None;
        self.withs.clear();
        self.hidden = 0;
        self.captures.clear();
        self.shares = false;
        self.begin_scope();
    }

    pub fn begin_scope(&mut self) {
        self.scopes.push(Scope {
            start: self.locals.len() as u32,
            hidden: false,
        });
    }

    /// Closes the innermost scope; returns how many locals it had.
    pub fn end_scope(&mut self) -> u32 {
        let scope = self.scopes.pop().expect("scope to end");
        if scope.hidden {
            self.hidden -= 1;
        }
        let start = scope.start as usize;
        let n = self.locals.len() - start;
        if let Some(index) = &mut self.index {
            for l in self.locals.drain(start..).rev() {
                if let Some(at) = index.get_mut(&l.name) {
                    at.pop();
                }
            }
        } else {
            self.locals.truncate(start);
        }
        while self.withs.last().is_some_and(|&w| w as usize >= start) {
            self.withs.pop();
        }
        n as u32
    }

    /// Hides (or shows again) the names of the innermost scope.
    pub fn set_hidden(&mut self, hidden: bool) {
        let scope = self.scopes.last_mut().expect("open scope");
        if scope.hidden != hidden {
            scope.hidden = hidden;
            if hidden {
                self.hidden += 1;
            } else {
                self.hidden -= 1;
            }
        }
    }

    /// Declares a local in the innermost scope.
    pub fn declare(&mut self, name: VarName, slot: u32) {
        let at = self.locals.len() as u32;
        if let VarName::With(_) = name {
            self.withs.push(at);
        }
        if let Some(index) = &mut self.index {
            index.entry(name).or_default().push(at);
        }
        self.locals.push(Local {
            name,
            slot,
            builtin: None,
        });
        if self.index.is_none() && self.locals.len() > SCAN_MAX {
            let mut index: FxHashMap<VarName, Vec<u32>> = FxHashMap::default();
            for (i, l) in self.locals.iter().enumerate() {
                index.entry(l.name).or_default().push(i as u32);
            }
            self.index = Some(index);
        }
    }

    /// The local `name` of the innermost scope, if it has one.
    pub fn innermost_local_mut(&mut self, name: &VarName) -> Option<&mut Local> {
        let start = self.scopes.last().expect("open scope").start as usize;
        self.locals[start..]
            .iter_mut()
            .rev()
            .find(|l| &l.name == name)
    }

    /// Looks `name` up among this function's own locals.
    pub fn find_local(&self, name: &VarName) -> Option<u32> {
        self.find_local_entry(name).map(|l| l.slot)
    }

    /// Whether a function compiled now inside this one may share its upvalues: this one is a
    /// thunk body with no locals in scope, so all a function inside reads from it is
    /// what it captured.
    pub fn can_share_upvalues(&self, thunk: bool) -> bool {
        thunk && self.locals.is_empty()
    }

    /// Whether the local at position `at` of `locals` is in a hidden scope.
    fn is_hidden(&self, at: u32) -> bool {
        if self.hidden == 0 {
            return false;
        }
        // A scope's own locals run up to where the next one starts; of scopes starting at
        // the same place, only the last can have any.
        let s = self.scopes.partition_point(|s| s.start <= at);
        self.scopes[s - 1].hidden
    }

    fn find_local_entry(&self, name: &VarName) -> Option<&Local> {
        match &self.index {
            Some(index) => index
                .get(name)?
                .iter()
                .rev()
                .find(|&&at| !self.is_hidden(at))
                .map(|&at| &self.locals[at as usize]),
            None => self
                .locals
                .iter()
                .enumerate()
                .rev()
                .find(|(at, l)| &l.name == name && !self.is_hidden(*at as u32))
                .map(|(_, l)| l),
        }
    }

    /// Looks `name` up among this function's existing upvalues.
    pub fn find_capture(&self, name: &VarName) -> Option<u32> {
        self.captures
            .iter()
            .position(|(n, _)| n == name)
            .map(|i| i as u32)
    }

    /// Adds an upvalue capturing `from` (a location in the parent function).
    pub fn add_capture(&mut self, name: VarName, from: VarLoc) -> u32 {
        let cap = match from {
            VarLoc::Local(s) => Capture::Local(s),
            VarLoc::Upvalue(u) => Capture::Upvalue(u),
        };
        self.captures.push((name, cap));
        (self.captures.len() - 1) as u32
    }

    /// The ids of the `with` scopes open in this function, innermost first.
    pub fn withs(&self) -> impl Iterator<Item = u32> + '_ {
        self.withs
            .iter()
            .rev()
            .filter_map(|&at| match self.locals[at as usize].name {
                VarName::With(id) => Some(id),
                VarName::Named(_) | VarName::Hidden(_) => None,
            })
    }
}

/// Resolves `name` in function `level` of `chains` (the innermost is the last), capturing it
/// into every function between its definition and `level`.
pub fn resolve(chains: &mut [ScopeChain], level: usize, name: &VarName) -> Option<VarLoc> {
    // Walk outwards without recursion to find where the variable is defined…
    let mut found = None;
    for l in (0..=level).rev() {
        if let Some(slot) = chains[l].find_local(name) {
            found = Some((l, VarLoc::Local(slot)));
            break;
        }
        // A function sharing its parent's upvalues has none of its own to look at.
        if !chains[l].shares
            && let Some(up) = chains[l].find_capture(name)
        {
            found = Some((l, VarLoc::Upvalue(up)));
            break;
        }
    }
    let (mut at, mut loc) = found?;
    // …then thread it inwards through each function in between as an upvalue.
    while at < level {
        at += 1;
        if chains[at].shares {
            // Its parent has no locals in scope: `loc` is the parent's upvalue, and so its.
            debug_assert!(matches!(loc, VarLoc::Upvalue(_)));
            continue;
        }
        loc = VarLoc::Upvalue(chains[at].add_capture(*name, loc));
    }
    Some(loc)
}

/// The variable `name` as seen from function `level`, if some scope binds it: the innermost
/// local of that name in this function or an enclosing one (captures are copies of it).
pub fn binding<'c>(chains: &'c [ScopeChain], level: usize, name: &VarName) -> Option<&'c Local> {
    (0..=level)
        .rev()
        .find_map(|l| chains[l].find_local_entry(name))
}

/// The ids of all `with` scopes visible from function `level`, innermost first.
pub fn visible_withs(chains: &[ScopeChain], level: usize) -> Vec<u32> {
    if !any_withs(chains, level) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for l in (0..=level).rev() {
        out.extend(chains[l].withs());
    }
    out
}

/// Whether any `with` scope is visible from function `level`.
pub fn any_withs(chains: &[ScopeChain], level: usize) -> bool {
    chains[..=level].iter().any(|c| !c.withs.is_empty())
}

/// The compiler's view of its scopes: those of the function being compiled, and of a
/// deferred body the scopes around it (`defer::Outer`).
impl super::Compiler<'_> {
    pub(super) fn begin_scope(&mut self) {
        let level = self.level();
        self.chains[level].begin_scope();
    }

    /// Ends a scope whose locals are under the value on top of the stack.
    pub(super) fn end_scope(&mut self, span: Span) {
        let level = self.level();
        let n = self.chains[level].end_scope();
        if n > 0 {
            self.emit(Op::Slide(n), span);
        }
    }

    /// Declares a local in the innermost scope, in the slot just pushed.
    pub(super) fn declare(&mut self, name: VarName) -> u32 {
        let slot = self.fs().depth - 1;
        self.declare_at(name, slot);
        slot
    }

    /// Declares a local for a slot that is already on the stack.
    pub(super) fn declare_at(&mut self, name: VarName, slot: u32) {
        let level = self.level();
        self.chains[level].declare(name, slot);
    }

    pub(super) fn resolve(&mut self, name: &VarName) -> Option<VarLoc> {
        let level = self.level();
        resolve(&mut self.chains, level, name)
    }

    /// Whether some scope binds `name` lexically, and if so the builtin it is known to be.
    pub(super) fn bound_builtin(
        &self,
        name: &VarName,
    ) -> Option<Option<&'static nixvm_value::builtin::BuiltinDef>> {
        match binding(&self.chains, self.level(), name) {
            Some(local) => Some(local.builtin),
            None => self
                .outer
                .names
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, b)| *b),
        }
    }

    /// Whether any `with` scope is open here.
    pub(super) fn any_withs(&self) -> bool {
        !self.outer.withs.is_empty() || any_withs(&self.chains, self.level())
    }

    /// The ids of the `with` scopes open here, innermost first.
    pub(super) fn visible_withs(&self) -> Vec<u32> {
        let mut withs = visible_withs(&self.chains, self.level());
        withs.extend(self.outer.withs.iter().map(|(id, _)| *id));
        withs
    }

    pub(super) fn emit_load(&mut self, loc: VarLoc, span: Span) {
        match loc {
            VarLoc::Local(s) => self.emit(Op::Local(s), span),
            VarLoc::Upvalue(u) => self.emit(Op::Upvalue(u), span),
        };
    }
}
