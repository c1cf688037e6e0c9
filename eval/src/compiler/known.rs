//! Calls of builtins the compiler can name, and their strict arguments.
//!
//! When the function of a call is certainly a builtin — a global like `map`, `builtins.map`,
//! or a variable bound to one of those (`inherit (builtins) map;`) — and the call gives it
//! all its arguments, the builtin forces its strict arguments at once. Those arguments are
//! then compiled to be evaluated in place, before the call, instead of as thunks that an
//! argument frame would force right away: no thunk, no frame, the same order of evaluation.
//! An error on the way gets the line "while calling the '…' builtin" from a context range,
//! as it would from the argument frame.
//!
//! A function literal given to a builtin that only ever calls that argument (`map (x: …)`)
//! is made as a function at once rather than as a thunk the builtin would force: making a
//! function cannot fail, and the builtin forces it before it could show it anywhere, so
//! nothing can tell the difference.
//!
//! Only the call is affected. A variable bound to a builtin is still a thunk of the select
//! it was written as, so printing it unforced shows what Nix shows.

use rnix::ast;
use rowan::ast::AstNode;

use nixvm_value::builtin::{ArgSet, BuiltinDef};
use nixvm_value::{Symbol, Value};

use super::scope::VarName;
use super::{Compiler, child};

impl<'a> Compiler<'a> {
    /// The builtin `e` certainly evaluates to, if the compiler can tell.
    pub(super) fn known_builtin(&self, e: &ast::Expr) -> Option<&'static BuiltinDef> {
        match super::unparen(e)? {
            ast::Expr::Ident(id) => {
                let name = self.ident_name(&id);
                let var = VarName::Named(name);
                match self.bound_builtin(&var) {
                    Some(builtin) => builtin,
                    None => global_builtin(self.input.globals.values.get(&name)?),
                }
            }
            ast::Expr::Select(s) => {
                if s.or_token().is_some() {
                    return None;
                }
                let ast::Expr::Ident(subject) = child(s.expr(), s.syntax()).ok()? else {
                    return None;
                };
                let mut attrs = s.attrpath()?.attrs();
                let (Some(attr), None) = (attrs.next(), attrs.next()) else {
                    return None;
                };
                let name = self.static_attr_name(&attr).ok()??;
                self.builtins_attr(&subject, name)
            }
            _ => None,
        }
    }

    /// `builtins.NAME` as a builtin, if `subject` is the global `builtins` (not a variable
    /// of that name) and NAME one of its functions.
    pub(super) fn builtins_attr(
        &self,
        subject: &ast::Ident,
        name: Symbol,
    ) -> Option<&'static BuiltinDef> {
        let subject = self.ident_name(subject);
        if subject.as_bytes() != b"builtins"
            || self.bound_builtin(&VarName::Named(subject)).is_some()
        {
            return None;
        }
        let Value::Attrs(set) = self.input.globals.values.get(&subject)? else {
            return None;
        };
        global_builtin(set.get(name)?)
    }

    /// Marks the local just declared for `name` as bound to `def`.
    pub(super) fn mark_builtin(&mut self, name: &VarName, def: &'static BuiltinDef) {
        let level = self.level();
        if let Some(local) = self.chains[level].innermost_local_mut(name) {
            local.builtin = Some(def);
        }
    }
}

fn global_builtin(v: &Value) -> Option<&'static BuiltinDef> {
    match v {
        Value::Builtin(def) => Some(def),
        _ => None,
    }
}

/// Which of the first `given` arguments of a call of `def` it forces before running: its
/// strict arguments, when it gets all of them.
pub(super) fn strict_arguments(def: &BuiltinDef, given: usize) -> ArgSet {
    if given >= def.arity() {
        def.strict
    } else {
        ArgSet::EMPTY
    }
}
