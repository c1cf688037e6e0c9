//! Attribute sets, `rec` sets, `let` and `inherit`.
//!
//! Bindings are first gathered into a [`Bindings`] tree, which is where Nix's parse-time rules
//! live: `a.b = 1; a.c = 2;` merge into one nested set, an attribute-set literal merges with a
//! path definition of the same name, and anything else defined twice is an error.
//!
//! A non-recursive set evaluates each value in the enclosing scope. A recursive scope (`rec`,
//! `let`) first pushes one slot per binding — a constant, or a blank thunk — and only then fills
//! the thunks, so every binding can capture every other.

use codemap::{Pos, Span};
use rnix::ast::{self, HasEntry};
use rowan::ast::AstNode;
use rustc_hash::FxHashMap;

use nixvm_value::code::Op;
use nixvm_value::fmt::print_identifier;
use nixvm_value::{ErrorKind, Symbol};

use super::scope::{Hidden, VarName};
use super::{CResult, Compiler, Ctx, TAIL, VALUE, child};

/// Up to this many static attributes, a set's are looked up one after another.
const SCAN_MAX: usize = 8;

/// How one static attribute is defined.
enum Def {
    /// `name = expr;`
    Expr(ast::Expr),
    /// Created by attribute paths (`name.x = …;`) or merged from set literals.
    Nested(Box<Bindings>),
    /// `inherit name;`: the variable from the enclosing scope.
    Inherit,
    /// `inherit (source) name;`
    InheritFrom(usize),
}

struct Static {
    name: Symbol,
    pos: Pos,
    def: Def,
}

/// The bindings of one attribute set or `let`.
#[derive(Default)]
struct Bindings {
    rec: bool,
    statics: Vec<Static>,
    /// Where each name is in `statics`, so that a set of many bindings is gathered in time
    /// linear in their number; made once there are more than [`SCAN_MAX`] (most sets
    /// have a few, looked through one by one).
    index: FxHashMap<Symbol, usize>,
    /// `${key} = value;`, or a path starting with a dynamic name.
    dynamics: Vec<(ast::Attr, Def, Span)>,
    inherit_sources: Vec<ast::Expr>,
}

impl Bindings {
    /// Where the static attribute `name` is in `statics`.
    fn position(&self, name: Symbol) -> Option<usize> {
        if self.statics.len() <= SCAN_MAX {
            self.statics.iter().position(|s| s.name == name)
        } else {
            self.index.get(&name).copied()
        }
    }

    fn find(&mut self, name: Symbol) -> Option<&mut Static> {
        let i = self.position(name)?;
        self.statics.get_mut(i)
    }

    /// Adds a static attribute of a name not defined yet.
    fn push(&mut self, s: Static) {
        if self.statics.len() >= SCAN_MAX {
            if self.index.is_empty() {
                let names = self.statics.iter().enumerate().map(|(i, s)| (s.name, i));
                self.index.extend(names);
            }
            self.index.insert(s.name, self.statics.len());
        }
        self.statics.push(s);
    }

    /// The bindings of the static attribute just pushed, defined by a path.
    fn push_nested(&mut self, name: Symbol, pos: Pos) -> &mut Bindings {
        self.push(Static {
            name,
            pos,
            def: Def::Nested(Box::default()),
        });
        match self.statics.last_mut().map(|s| &mut s.def) {
            Some(Def::Nested(nested)) => nested,
            _ => unreachable!("just pushed"),
        }
    }
}

impl Drop for Bindings {
    /// A path of 10,000 names makes 10,000 nested bindings: they are taken apart from the
    /// top rather than dropped one inside the other.
    fn drop(&mut self) {
        fn take_nested(b: &mut Bindings, out: &mut Vec<Bindings>) {
            let defs = b.statics.iter_mut().map(|s| &mut s.def);
            for def in defs.chain(b.dynamics.iter_mut().map(|(_, d, _)| d)) {
                if matches!(def, Def::Nested(_))
                    && let Def::Nested(nested) = std::mem::replace(def, Def::Inherit)
                {
                    out.push(*nested);
                }
            }
        }
        let mut pending = Vec::new();
        take_nested(self, &mut pending);
        while let Some(mut b) = pending.pop() {
            take_nested(&mut b, &mut pending);
        }
    }
}

enum Owner {
    Set,
    Let,
}

impl<'a> Compiler<'a> {
    fn pos_of(&self, node: &rnix::SyntaxNode) -> Pos {
        self.span_of(node).low()
    }

    /// The error for a second definition of `path` at `at`, the first being at `first`.
    fn already_defined_at(&self, path: &str, first: Pos, at: Pos) -> nixvm_value::Error {
        let file = &self.input.file;
        let offset = at - file.span.low();
        nixvm_value::Error::at(
            self.already_defined_kind(path, first),
            file.span.subspan(offset, offset),
        )
    }

    fn already_defined(
        &self,
        path: &str,
        first: Pos,
        node: &rnix::SyntaxNode,
    ) -> nixvm_value::Error {
        self.error(self.already_defined_kind(path, first), node)
    }

    fn already_defined_kind(&self, path: &str, first: Pos) -> ErrorKind {
        let file = &self.input.file;
        let lc = file.find_line_col(first);
        let col = (first - file.line_span(lc.line).low()) as usize + 1;
        ErrorKind::Parse(format!(
            "attribute '{path}' already defined at {}:{}:{col}",
            file.name(),
            lc.line + 1
        ))
    }

    /// Gathers the entries of a set or `let` into a [`Bindings`] tree.
    fn gather(&self, node: &impl HasEntry, rec: bool, owner: Owner) -> CResult<Bindings> {
        let mut b = Bindings::default();
        b.rec = rec;
        for entry in node.entries() {
            match entry {
                ast::Entry::Inherit(inh) => self.gather_inherit(&mut b, &inh)?,
                ast::Entry::AttrpathValue(apv) => {
                    let (path, value) = super::green::path_and_value(&apv);
                    let path = child(path, apv.syntax())?;
                    // Most paths are one name: no vector for those.
                    let mut names = path.attrs();
                    let first = child(names.next(), path.syntax())?;
                    let longer: Vec<ast::Attr>;
                    let attrs = match names.next() {
                        None => std::slice::from_ref(&first),
                        Some(second) => {
                            longer = [first.clone(), second].into_iter().chain(names).collect();
                            &longer
                        }
                    };
                    let value = child(value, apv.syntax())?;
                    if matches!(owner, Owner::Let) && self.static_attr_name(&attrs[0])?.is_none() {
                        // Nix reports it at the `let`.
                        return Err(self.error(
                            ErrorKind::Parse("dynamic attributes not allowed in let".into()),
                            node.syntax(),
                        ));
                    }
                    let at = self.pos_of(path.syntax());
                    self.add_path(&mut b, attrs, value, at)?;
                }
            }
        }
        Ok(b)
    }

    fn gather_inherit(&self, b: &mut Bindings, inh: &ast::Inherit) -> CResult {
        let source = match inh.from() {
            Some(from) => {
                b.inherit_sources.push(child(from.expr(), from.syntax())?);
                Some(b.inherit_sources.len() - 1)
            }
            None => None,
        };
        for attr in inh.attrs() {
            let Some(name) = self.static_attr_name(&attr)? else {
                return Err(self.error(
                    ErrorKind::Parse("dynamic attributes not allowed in inherit".into()),
                    attr.syntax(),
                ));
            };
            let pos = self.pos_of(attr.syntax());
            if let Some(prev) = b.find(name) {
                let first = prev.pos;
                return Err(self.already_defined(&name.to_str_lossy(), first, attr.syntax()));
            }
            let def = match source {
                Some(i) => Def::InheritFrom(i),
                None => Def::Inherit,
            };
            b.push(Static { name, pos, def });
        }
        Ok(())
    }

    /// The dotted path of static names, for messages.
    fn path_text(&self, attrs: &[ast::Attr]) -> String {
        let names: Vec<String> = attrs
            .iter()
            .map(|a| match self.static_attr_name(a) {
                Ok(Some(n)) => n.to_str_lossy().into_owned(),
                _ => String::new(),
            })
            .collect();
        names.join(".")
    }

    /// Adds `attrs = value` to `b`, merging nested paths and set literals as Nix does.
    /// Every attribute the path defines is at `pos`, the start of the path, as in Nix. It
    /// goes down the path one name at a time, so a long path takes time linear in its
    /// length.
    fn add_path(
        &self,
        b: &mut Bindings,
        attrs: &[ast::Attr],
        value: ast::Expr,
        pos: Pos,
    ) -> CResult {
        let mut b = b;
        let mut value = Some(value);
        for (i, attr) in attrs.iter().enumerate() {
            let last = i + 1 == attrs.len();
            let Some(name) = self.static_attr_name(attr)? else {
                // A dynamic name never merges: what follows it is a set of its own.
                let span = self.span_of(attr.syntax());
                let def = match value.take() {
                    Some(v) if last => Def::Expr(v),
                    v => {
                        value = v;
                        Def::Nested(Box::default())
                    }
                };
                b.dynamics.push((attr.clone(), def, span));
                match b.dynamics.last_mut() {
                    Some((_, Def::Nested(nested), _)) => b = nested,
                    _ => return Ok(()),
                }
                continue;
            };
            if b.find(name).is_none() {
                if last {
                    let def = Def::Expr(value.take().expect("the value is added once"));
                    b.push(Static { name, pos, def });
                    return Ok(());
                }
                b = b.push_nested(name, pos);
                continue;
            }
            let existing = b.find(name).expect("found above");
            let first_pos = existing.pos;
            self.nest_literal(existing, true)?;
            let Def::Nested(nested) = &mut existing.def else {
                return Err(self.already_defined_at(&self.path_text(&attrs[..=i]), first_pos, pos));
            };
            if !last {
                b = nested;
                continue;
            }
            let value = value.take().expect("the value is added once");
            let Some(set) = set_literal(&value) else {
                return Err(self.already_defined_at(&self.path_text(&attrs[..=i]), first_pos, pos));
            };
            let more = self.gather(&set, false, Owner::Set)?;
            let mut path: Vec<String> = Vec::new();
            for a in &attrs[..=i] {
                let name = self.static_attr_name(a)?;
                path.push(
                    name.map(|n| n.to_str_lossy().into_owned())
                        .unwrap_or_default(),
                );
            }
            return self.merge(nested, more, &mut path);
        }
        Ok(())
    }

    /// Merges the bindings of a set literal into `into`, as Nix's parser does: an attribute
    /// defined on both sides is an error unless both sides are sets, which merge in turn.
    /// The error is at the second definition. `path` names `into`, for the message.
    fn merge(&self, into: &mut Bindings, mut more: Bindings, path: &mut Vec<String>) -> CResult {
        let offset = into.inherit_sources.len();
        into.inherit_sources.append(&mut more.inherit_sources);
        for mut s in std::mem::take(&mut more.statics) {
            if let Def::InheritFrom(i) = &mut s.def {
                *i += offset;
            }
            let Some(prev) = into.find(s.name) else {
                into.push(s);
                continue;
            };
            let first = prev.pos;
            self.nest_literal(prev, true)?;
            self.nest_literal(&mut s, false)?;
            path.push(s.name.to_str_lossy().into_owned());
            match (&mut prev.def, s.def) {
                (Def::Nested(inner), Def::Nested(more)) => {
                    crate::parse::deeper(|| self.merge(inner, *more, path))?
                }
                _ => return Err(self.already_defined_at(&path.join("."), first, s.pos)),
            }
            path.pop();
        }
        into.dynamics.append(&mut more.dynamics);
        Ok(())
    }

    /// Turns a binding to a set literal into a nested binding tree that others can merge
    /// into. `keep_rec`: the `rec` of the literal a merge goes into is kept, that of the
    /// merged one dropped, as in Nix.
    fn nest_literal(&self, s: &mut Static, keep_rec: bool) -> CResult {
        if let Def::Expr(e) = &s.def
            && let Some(set) = set_literal(e)
        {
            let rec = keep_rec && super::green::is_rec(&set);
            s.def = Def::Nested(Box::new(self.gather(&set, rec, Owner::Set)?));
        }
        Ok(())
    }

    // ----- code generation -----

    pub(super) fn attr_set(&mut self, set: &ast::AttrSet) -> CResult {
        let rec = super::green::is_rec(set);
        let b = self.gather(set, rec, Owner::Set)?;
        let span = self.span_of(set.syntax());
        self.emit_bindings(&b, span)
    }

    /// Compiles a set's bindings; nested sets recurse through here (see
    /// `crate::parse::deeper`).
    fn emit_bindings(&mut self, b: &Bindings, span: Span) -> CResult {
        crate::parse::deeper(|| self.emit_bindings_here(b, span))
    }

    fn emit_bindings_here(&mut self, b: &Bindings, span: Span) -> CResult {
        if b.rec {
            // A rec set's `__overrides` replaces or adds attributes, and the other
            // attributes see the replacements (see `binding_thunk`).
            let overrides = b.statics.iter().any(|s| s.name == overrides_name());
            self.begin_scope();
            let slots = self.recursive_scope(b, span, overrides)?;
            self.build_set(b, Some(&slots), span)?;
            self.end_scope(span);
        } else {
            self.begin_scope();
            let sources = self.inherit_source_locals(b)?;
            self.build_set(b, None, span)?;
            let _ = sources;
            self.end_scope(span);
        }
        Ok(())
    }

    /// Adds the attributes of a rec set's `__overrides`, if it has one, to the static
    /// attributes of the set on the stack.
    fn apply_overrides(&mut self, b: &Bindings, slots: &[u32], span: Span) -> CResult {
        let Some(i) = b.statics.iter().position(|s| s.name == overrides_name()) else {
            return Ok(());
        };
        self.emit(Op::Local(slots[i]), span);
        self.in_context(None, "while evaluating the `__overrides` attribute", |c| {
            c.emit(Op::Force, span);
            c.emit(Op::Overrides, span);
            Ok(())
        })
    }

    /// Pushes the sources of `inherit (e)` of a non-recursive set as hidden locals.
    fn inherit_source_locals(&mut self, b: &Bindings) -> CResult<Vec<u32>> {
        let mut slots = Vec::new();
        for (i, src) in b.inherit_sources.iter().enumerate() {
            self.lazy(src)?;
            slots.push(self.declare(source_var(i)));
        }
        Ok(slots)
    }

    /// Pushes the attributes' values and builds the set (with dynamic attributes). With
    /// `slots`, the static values are the locals of a recursive scope.
    fn build_set(&mut self, b: &Bindings, slots: Option<&[u32]>, span: Span) -> CResult {
        let mut order: Vec<usize> = (0..b.statics.len()).collect();
        let syms: Vec<Symbol> = b.statics.iter().map(|s| s.name).collect();
        order.sort_by_key(|&i| syms[i]);
        for &i in &order {
            match slots {
                Some(slots) => {
                    self.emit(Op::Local(slots[i]), span);
                }
                None => self.static_value(&b.statics[i], span)?,
            }
        }
        let names: Vec<(Symbol, Pos)> =
            order.iter().map(|&i| (syms[i], b.statics[i].pos)).collect();
        let names = self.fs().attr_names(names);
        self.emit(
            Op::Attrs {
                n: order.len() as u32,
                names,
            },
            span,
        );
        if let Some(slots) = slots {
            // Nix applies `__overrides` before the dynamic attributes.
            self.apply_overrides(b, slots, span)?;
        }
        for (key, def, kspan) in &b.dynamics {
            self.dynamic_attr_name(key)?;
            match def {
                Def::Expr(e) => self.lazy(e)?,
                Def::Nested(nested) => self.nested_value(nested, *kspan)?,
                Def::Inherit | Def::InheritFrom(_) => unreachable!("inherit is static"),
            }
            self.emit(Op::DynAttr, *kspan);
        }
        Ok(())
    }

    /// The (lazy) value of a static attribute of a non-recursive set.
    fn static_value(&mut self, s: &Static, span: Span) -> CResult {
        match &s.def {
            Def::Expr(e) => self.named_lazy(e, s.name),
            Def::Nested(nested) => self.nested_value(nested, span),
            Def::Inherit => self.inherited(s.name, s.pos, span),
            Def::InheritFrom(i) => self.inherit_from_thunk(*i, s, span),
        }
    }

    /// A nested set value (`a.b = …;` or a merged literal), in a thunk as Nix has it.
    fn nested_value(&mut self, nested: &Bindings, span: Span) -> CResult {
        let lambda = self.thunk_of(span, |c| c.emit_bindings(nested, span))?;
        self.make_thunk(lambda, span);
        Ok(())
    }

    /// Compiles a binding's value lazily, naming it if it is a function (the function is
    /// created in a thunk, as Nix does).
    fn named_lazy(&mut self, e: &ast::Expr, name: Symbol) -> CResult {
        let Some(l) = lambda_of(e) else {
            return self.lazy(e);
        };
        let span = self.span_of(e.syntax());
        let body = self.thunk_of(span, |c| c.lambda(&l, Some(name)))?;
        self.make_thunk(body, span);
        Ok(())
    }

    /// `inherit name;`: the variable `name` of the enclosing scope, unforced.
    /// `inherit name;` of the name at `pos`, as code at `span`.
    fn inherited(&mut self, name: Symbol, pos: Pos, span: Span) -> CResult {
        if let Some(loc) = self.resolve(&VarName::Named(name)) {
            self.emit_load(loc, span);
            return Ok(());
        }
        if let Some(v) = self.input.globals.values.get(&name) {
            let c = self.fs().constant(v.clone());
            self.emit(Op::Const(c), span);
            return Ok(());
        }
        // Only a `with` can provide it: look it up lazily.
        if !self.any_withs() {
            // Nix points at the inherited name.
            let file = &self.input.file;
            let offset = pos - file.span.low();
            return Err(nixvm_value::Error::at(
                ErrorKind::UndefinedVariable(name.to_str_lossy().into_owned()),
                file.span.subspan(offset, offset),
            ));
        }
        let lambda = self.thunk_of(span, |c| c.with_lookup(name, span))?;
        self.make_thunk(lambda, span);
        Ok(())
    }

    pub(super) fn with_lookup(&mut self, name: Symbol, span: Span) -> CResult {
        let withs = self.visible_withs();
        // Each scope is loaded at the position of its `with`, where an error forcing it
        // points (see `Op::WithLookup`).
        for w in &withs {
            let loc = self
                .resolve(&VarName::With(*w))
                .expect("an open with scope resolves");
            self.emit_load(loc, self.with_sites[*w as usize]);
        }
        let sym = self.fs().symbol(name);
        self.emit(
            Op::WithLookup {
                sym,
                n: withs.len() as u32,
            },
            span,
        );
        self.emit(Op::Force, span);
        Ok(())
    }

    /// A thunk selecting the inherited attribute `s` from the `i`th inherit source.
    fn inherit_from_thunk(&mut self, i: usize, s: &Static, span: Span) -> CResult {
        let lambda = self.thunk_of(span, |c| c.select_from_source(i, s))?;
        self.make_thunk(lambda, span);
        Ok(())
    }

    /// The inherited attribute `s` of the `i`th inherit source, forced: a selection at the
    /// inherited name, as Nix makes it, with its context line.
    fn select_from_source(&mut self, i: usize, s: &Static) -> CResult {
        let offset = s.pos - self.input.file.span.low();
        let span = self.input.file.span.subspan(offset, offset);
        let loc = self
            .resolve(&source_var(i))
            .expect("inherit source is in scope");
        self.emit_load(loc, span);
        self.emit(Op::Force, span);
        let sym = self.fs().symbol(s.name);
        let shown = format!(
            "while evaluating the attribute '{}'",
            print_identifier(s.name.as_bytes())
        );
        self.in_context(Some(span), shown, |c| {
            c.emit(Op::Select(sym), span);
            c.emit(Op::Force, span);
            Ok(())
        })
    }

    /// Pushes and fills the slots of a recursive scope (`rec`, `let`); returns the slot of
    /// each static binding.
    ///
    /// With `overrides` (a rec set with `__overrides`), every other binding is a thunk that
    /// takes its value from `__overrides` when that has it.
    fn recursive_scope(&mut self, b: &Bindings, span: Span, overrides: bool) -> CResult<Vec<u32>> {
        // Phase 1: one slot per inherit source and per binding.
        let mut fills: Vec<(u32, Fill)> = Vec::new();
        for i in 0..b.inherit_sources.len() {
            self.emit(Op::Blank, span);
            let slot = self.declare(source_var(i));
            fills.push((slot, Fill::Source(i)));
        }
        let mut slots = Vec::with_capacity(b.statics.len());
        for (i, s) in b.statics.iter().enumerate() {
            let overridable = overrides && s.name != overrides_name();
            match &s.def {
                Def::Expr(ast::Expr::Literal(l)) if !overridable => {
                    let v = self.literal(l)?;
                    let c = self.fs().constant(v);
                    self.emit(Op::Const(c), span);
                }
                Def::Inherit => {
                    // `inherit x;` in a recursive scope means the *enclosing* `x`.
                    let level = self.level();
                    self.chains[level].set_hidden(true);
                    let r = self.inherited(s.name, s.pos, span);
                    self.chains[level].set_hidden(false);
                    r?;
                }
                Def::Expr(ast::Expr::Ident(id)) if !overridable && self.shares_cell(b, i, id) => {
                    self.ident(id, false)?;
                }
                _ => {
                    self.emit(Op::Blank, span);
                    fills.push((self.fs().depth - 1, Fill::Static(i, overridable)));
                }
            }
            slots.push(self.declare(VarName::Named(s.name)));
        }
        // Every name is declared: note the bindings that are certainly builtins.
        for s in &b.statics {
            let known = match &s.def {
                _ if overrides => None,
                Def::Expr(e) => self.known_builtin(e),
                Def::InheritFrom(i) => match &b.inherit_sources[*i] {
                    ast::Expr::Ident(id) => self.builtins_attr(id, s.name),
                    _ => None,
                },
                Def::Nested(_) | Def::Inherit => None,
            };
            if let Some(def) = known {
                self.mark_builtin(&VarName::Named(s.name), def);
            }
        }
        // Phase 2: every slot exists, so each thunk can capture any of them.
        for (slot, what) in fills {
            let lambda = match what {
                Fill::Source(i) => self.thunk_body(&b.inherit_sources[i], span)?,
                Fill::Static(i, overridable) => {
                    self.binding_thunk(&b.statics[i], span, overridable)?
                }
            };
            let idx = self.fs().lambda(lambda);
            self.emit(Op::Fill { slot, lambda: idx }, span);
        }
        Ok(slots)
    }

    /// Whether binding `i` of a recursive scope, which is the variable `id`, is that
    /// variable's very cell, as Nix makes it: Nix binds such a name to the variable's
    /// value itself when that is already there — a variable of an enclosing scope (not one
    /// a `with` provides), or a binding of this scope set up before this one — and to a
    /// thunk of its own otherwise. Nix sets up a scope's bindings in the order its symbol
    /// table numbers their names, which for names new to it is the order they are written
    /// in; nixvm takes the order they are written in. Only `==` can tell: a list element
    /// or attribute that is the same cell is equal to itself, functions included.
    fn shares_cell(&mut self, b: &Bindings, i: usize, id: &ast::Ident) -> bool {
        let name = self.ident_name(id);
        match b.position(name) {
            Some(j) => j < i,
            None => self.ident_is_static(id),
        }
    }

    /// The thunk body of a binding in a recursive scope. An `overridable` one is
    /// `__overrides.NAME` if `__overrides` has it: Nix puts the overriding values in the
    /// scope of the set, so the other bindings see them.
    fn binding_thunk(
        &mut self,
        s: &Static,
        span: Span,
        overridable: bool,
    ) -> CResult<std::rc::Rc<nixvm_value::code::Lambda>> {
        if let (Def::Expr(e), false) = (&s.def, overridable)
            && let Some(stub) = self.defer_thunk(e, span)
        {
            return Ok(stub);
        }
        self.thunk_of(span, |c| {
            if overridable {
                let depth = c.fs().depth;
                let loc = c
                    .resolve(&VarName::Named(overrides_name()))
                    .expect("__overrides is a binding of the same scope");
                c.emit_load(loc, span);
                c.emit(Op::Force, span);
                let sym = c.fs().symbol(s.name);
                let fallback = c.emit(Op::SelectOr { sym, target: 0 }, span);
                c.emit(Op::Force, span);
                c.emit(Op::Return, span);
                c.fs().patch(fallback);
                c.fs().depth = depth;
            }
            match &s.def {
                Def::Expr(e) => match lambda_of(e) {
                    Some(l) => c.lambda(&l, Some(s.name)),
                    None => c.expr(e, TAIL),
                },
                Def::Nested(nested) => c.emit_bindings(nested, span),
                Def::InheritFrom(i) => c.select_from_source(*i, s),
                Def::Inherit => unreachable!("inherit binds directly"),
            }
        })
    }

    pub(super) fn let_in(&mut self, l: &ast::LetIn, ctx: Ctx) -> CResult {
        let span = self.span_of(l.syntax());
        let b = self.gather(l, true, Owner::Let)?;
        self.begin_scope();
        self.recursive_scope(&b, span, false)?;
        self.expr(&child(l.body(), l.syntax())?, ctx)?;
        self.end_scope(span);
        Ok(())
    }

    /// `let { a = …; body = …; }` is `(rec { … }).body`.
    pub(super) fn legacy_let(&mut self, l: &ast::LegacyLet) -> CResult {
        let span = self.span_of(l.syntax());
        let mut b = self.gather(l, true, Owner::Set)?;
        b.rec = true;
        // `let { … }` is `(rec { … }).body` in Nix, with that selection's context lines.
        let body = Symbol::new("body");
        let body_at = b.find(body).map(|s| s.pos);
        self.emit_bindings(&b, span)?;
        let sym = self.fs().symbol(body);
        let start = self.start_of(l.syntax());
        let file = self.input.file.clone();
        let body_span = body_at.map(|p| {
            let offset = p - file.span.low();
            file.span.subspan(offset, offset)
        });
        self.in_context(Some(start), "while evaluating the attribute 'body'", |c| {
            c.emit(Op::Select(sym), span);
            c.in_context(body_span, "from the definition of 'body'", |c| {
                c.emit(Op::Force, span);
                Ok(())
            })
        })?;
        let _ = VALUE;
        Ok(())
    }
}

enum Fill {
    Source(usize),
    /// A static binding, and whether `__overrides` may replace it.
    Static(usize, bool),
}

/// The attribute of a rec set that overrides the others.
fn overrides_name() -> Symbol {
    nixvm_value::symbol::well_known::overrides()
}

/// The hidden variable holding the `i`th `inherit (…)` source of a scope.
fn source_var(i: usize) -> VarName {
    VarName::Hidden(Hidden::InheritSource(i as u32))
}

/// The set literal `e` is, looking through parentheses.
fn set_literal(e: &ast::Expr) -> Option<ast::AttrSet> {
    match e {
        ast::Expr::AttrSet(s) => Some(s.clone()),
        _ => None,
    }
}

/// The lambda `e` is, looking through parentheses.
pub(super) fn lambda_of(e: &ast::Expr) -> Option<ast::Lambda> {
    match super::unparen(e)? {
        ast::Expr::Lambda(l) => Some(l),
        _ => None,
    }
}
