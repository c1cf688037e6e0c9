//! Strings, indented strings, interpolation and path literals.
//!
//! Path literals are made absolute at compile time, as Nix does at parse time: relative to
//! the directory of the file, or to `$HOME` for `~/…`. `<name>` is sugar for
//! `__findFile __nixPath "name"`, looked up like any other variables so that a program can
//! rebind them.

use std::path::PathBuf;

use rnix::ast::{self, InterpolPart};
use rowan::ast::AstNode;

use nixvm_value::code::Op;
use nixvm_value::{ErrorKind, Value};

use super::{CResult, Compiler, child};
use crate::syntax::{StrPart, string_parts};

impl<'a> Compiler<'a> {
    pub(super) fn string(&mut self, s: &ast::Str) -> CResult {
        let span = self.span_of(s.syntax());
        if let Some(text) = crate::syntax::plain_text(s) {
            let c = self.fs().constant(Value::string(text));
            self.emit(Op::Const(c), span);
            return Ok(());
        }
        let pieces = string_parts(s);
        if pieces.iter().all(|p| matches!(p, StrPart::Lit(_))) {
            let mut text = String::new();
            for p in pieces {
                if let StrPart::Lit(l) = p {
                    text.push_str(&l);
                }
            }
            let c = self.fs().constant(Value::string(text));
            self.emit(Op::Const(c), span);
            return Ok(());
        }
        let mut n = 0;
        // Where a value that does not coerce is reported: its `${`.
        let mut segment = None;
        for p in pieces {
            match p {
                StrPart::Lit(l) => {
                    if l.is_empty() {
                        continue;
                    }
                    let c = self.fs().constant(Value::string(l));
                    self.emit(Op::Const(c), span);
                }
                StrPart::Interp(e) => {
                    let e = child(e, s.syntax())?;
                    if segment.is_none() {
                        segment = e.syntax().parent().map(|p| self.start_of(&p));
                    }
                    self.operand(&e, "in an operand of '+'")?;
                }
            }
            n += 1;
        }
        self.in_coercion_context(segment, "while evaluating a path segment", |c| {
            c.emit(Op::Interpolate(n), span);
            Ok(())
        })
    }

    pub(super) fn path(&mut self, e: &ast::Expr, tail: bool) -> CResult {
        let span = self.span_of(e.syntax());
        let path = match e {
            ast::Expr::PathAbs(p) => ast::Path::PathAbs(p.clone()),
            ast::Expr::PathRel(p) => ast::Path::PathRel(p.clone()),
            ast::Expr::PathHome(p) => ast::Path::PathHome(p.clone()),
            ast::Expr::PathSearch(p) => return self.search_path(p, tail),
            _ => unreachable!("not a path"),
        };
        let parts = path.parts();
        let mut first = true;
        let mut n = 0;
        let mut literal_only = true;
        // Where a value that does not coerce is reported: its `${`, as for strings.
        let mut segment = None;
        for part in &parts {
            if matches!(part, InterpolPart::Interpolation(_)) {
                literal_only = false;
            }
        }
        for part in parts {
            match part {
                InterpolPart::Literal(l) => {
                    if literal_only && is_relative(l.text()) {
                        // The common case, `./file.nix`: only the literal's own components
                        // are read, onto the canonical directory of the file.
                        if l.text().ends_with('/') {
                            return Err(self.error(
                                ErrorKind::Parse("path has a trailing slash".into()),
                                e.syntax(),
                            ));
                        }
                        let p = nixvm_value::path::canon_under(
                            &self.base_dir_canonical,
                            l.text().as_bytes(),
                        );
                        let c = self.fs().constant(Value::path(p));
                        self.emit(Op::Const(c), span);
                        return Ok(());
                    }
                    let mut text = l.text().to_string();
                    if first {
                        text = self.absolute(&text, e.syntax())?;
                    }
                    if literal_only {
                        if text.len() > 1 && text.ends_with('/') {
                            return Err(self.error(
                                ErrorKind::Parse("path has a trailing slash".into()),
                                e.syntax(),
                            ));
                        }
                        let p = nixvm_value::path::canon_path(text.as_bytes());
                        let c = self.fs().constant(Value::path(p));
                        self.emit(Op::Const(c), span);
                        return Ok(());
                    }
                    let v = if first {
                        Value::path(PathBuf::from(text))
                    } else {
                        Value::string(text)
                    };
                    let c = self.fs().constant(v);
                    self.emit(Op::Const(c), span);
                }
                InterpolPart::Interpolation(i) => {
                    if first {
                        return Err(self.error(
                            ErrorKind::Parse(
                                "syntax error, path cannot start with an interpolation".into(),
                            ),
                            e.syntax(),
                        ));
                    }
                    if segment.is_none() {
                        segment = Some(self.start_of(i.syntax()));
                    }
                    let inner = child(i.expr(), i.syntax())?;
                    self.operand(&inner, "in an operand of '+'")?;
                }
            }
            first = false;
            n += 1;
        }
        self.in_coercion_context(segment, "while evaluating a path segment", |c| {
            c.emit(Op::ToPath(n), span);
            Ok(())
        })
    }

    /// Makes the text of a path literal absolute (keeping a trailing slash, which matters
    /// when an interpolation follows).
    fn absolute(&self, text: &str, node: &rnix::SyntaxNode) -> CResult<String> {
        if text.starts_with('/') {
            return Ok(text.to_string());
        }
        if let Some(rest) = text.strip_prefix("~/") {
            let Some(home) = &self.input.home else {
                return Err(self.error(
                    ErrorKind::Eval("cannot resolve '~': HOME is not set".into()),
                    node,
                ));
            };
            return Ok(format!("{}/{rest}", home.display()));
        }
        let base = &self.base_dir_text;
        let mut path = String::with_capacity(base.len() + 1 + text.len());
        path.push_str(base);
        path.push('/');
        path.push_str(text);
        Ok(path)
    }

    /// `<name>` → `__findFile __nixPath "name"`.
    fn search_path(&mut self, p: &ast::PathSearch, tail: bool) -> CResult {
        let span = self.span_of(p.syntax());
        let text = p.syntax().text().to_string();
        let name = text
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_string();
        self.load_var_value("__findFile", p.syntax())?;
        self.load_var_lazy("__nixPath", p.syntax())?;
        let c = self.fs().constant(Value::string(name));
        self.emit(Op::Const(c), span);
        self.emit(if tail { Op::TailCall(2) } else { Op::Call(2) }, span);
        Ok(())
    }

    fn load_var_value(&mut self, name: &str, node: &rnix::SyntaxNode) -> CResult {
        self.named_var(name, node, true)
    }

    fn load_var_lazy(&mut self, name: &str, node: &rnix::SyntaxNode) -> CResult {
        self.named_var(name, node, false)
    }

    fn named_var(&mut self, name: &str, node: &rnix::SyntaxNode, force: bool) -> CResult {
        let span = self.span_of(node);
        let sym = nixvm_value::Symbol::new(name);
        if let Some(loc) = self.resolve(&super::scope::VarName::Named(sym)) {
            self.emit_load(loc, span);
        } else if let Some(v) = self.input.globals.values.get(&sym) {
            let c = self.fs().constant(v.clone());
            self.emit(Op::Const(c), span);
        } else {
            return Err(self.error(ErrorKind::UndefinedVariable(name.to_string()), node));
        }
        if force {
            self.emit(Op::Force, span);
        }
        Ok(())
    }
}

/// Whether a path literal's text is read from the directory of its file (see
/// [`Compiler::absolute`]).
fn is_relative(text: &str) -> bool {
    !text.starts_with('/') && !text.starts_with("~/")
}
