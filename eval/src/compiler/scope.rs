//! Compile-time scopes: which names are locals of which function, which are captured as
//! upvalues, and which `with` scopes are open.
//!
//! Every function (and every thunk body) being compiled has a [`FunctionState`] with its own
//! stack of lexical scopes. A name is resolved innermost-first through the current function's
//! scopes, then through the enclosing functions' scopes, capturing it into each function in
//! between. Names bound lexically always win over `with`; a name that no lexical scope binds
//! is looked up at run time through the open `with` scopes, innermost first.

use smol_str::SmolStr;

use nixvm_value::builtin::BuiltinDef;
use nixvm_value::code::Capture;

/// What a scope entry stands for: a named variable, or the value of a `with` expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VarName {
    Named(SmolStr),
    /// The namespace of the `with` with this id.
    With(u32),
    /// A slot the compiler keeps for itself, which no program can name.
    Hidden(Hidden),
}

/// The compiler's own variables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

/// One lexical scope: the locals it introduced.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub locals: Vec<Local>,
    /// Set while compiling a plain `inherit x` of a `rec` set: the names of this scope are
    /// not visible, so that `inherit x` refers to the enclosing `x`.
    pub hidden: bool,
}

/// Where a variable lives, from the point of view of the function being compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarLoc {
    Local(u32),
    Upvalue(u32),
}

/// The scopes and captures of one function being compiled.
#[derive(Debug, Default)]
pub struct ScopeChain {
    pub scopes: Vec<Scope>,
    /// Upvalues of this function: what each was captured as, and from where in the parent.
    pub captures: Vec<(VarName, Capture)>,
}

impl ScopeChain {
    /// Looks `name` up among this function's own locals.
    pub fn find_local(&self, name: &VarName) -> Option<u32> {
        self.find_local_entry(name).map(|l| l.slot)
    }

    fn find_local_entry(&self, name: &VarName) -> Option<&Local> {
        for scope in self.scopes.iter().rev() {
            if scope.hidden {
                continue;
            }
            if let Some(l) = scope.locals.iter().rev().find(|l| &l.name == name) {
                return Some(l);
            }
        }
        None
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
        self.scopes.iter().rev().flat_map(|s| {
            s.locals.iter().rev().filter_map(|l| match l.name {
                VarName::With(id) => Some(id),
                VarName::Named(_) | VarName::Hidden(_) => None,
            })
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
        if let Some(up) = chains[l].find_capture(name) {
            found = Some((l, VarLoc::Upvalue(up)));
            break;
        }
    }
    let (mut at, mut loc) = found?;
    // …then thread it inwards through each function in between as an upvalue.
    while at < level {
        at += 1;
        loc = VarLoc::Upvalue(chains[at].add_capture(name.clone(), loc));
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
    let mut out = Vec::new();
    for l in (0..=level).rev() {
        out.extend(chains[l].withs());
    }
    out
}
