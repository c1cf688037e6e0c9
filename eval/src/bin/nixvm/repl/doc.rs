//! `:doc`: the documentation of a builtin, of a function carrying a documentation comment
//! (`/** … */`, RFC 145, as current Nix reads them), or of an attribute defined with one.
//! Output is the Markdown that Nix renders (Nix built without a Markdown renderer prints
//! exactly this). Beyond `nix repl`, a function's arguments are shown too.
//!
//! Which comment belongs to a function follows Nix's parser: the one right before the
//! function; else, for a function that is the body of another (`x: y: …`), that one's;
//! else the one before the attribute path the function is bound to (`/** … */ f = x: …`).

use nixvm::{Error, ErrorKind, Symbol, Value};
use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode, SyntaxToken};
use rowan::ast::AstNode;

use super::commands::Flow;
use super::session::{Parsed, Session};

/// How many `__functor`s deep `:doc` looks for a function before giving up, as Nix's call
/// depth limit stops it.
const MAX_FUNCTOR_DEPTH: usize = 10_000;

pub fn doc(s: &mut Session, arg: &str) -> Result<Flow, Error> {
    // For `e.name`, the attribute's own documentation comment is the fallback.
    let mut fallback = None;
    if let Some((set_expr, name)) = split_select(s, arg) {
        let Parsed::Done(set) = s.eval(&set_expr)? else {
            return Ok(Flow::Incomplete);
        };
        let Value::Attrs(set) = set else {
            let e = nixvm::RawError::new(ErrorKind::TypeMismatch {
                expected: "a set",
                found: set.value_type(),
                value: nixvm_value::print::print_value(
                    &set,
                    &nixvm_value::print::PrintOptions::ERROR,
                ),
            })
            .with_trace(
                None,
                "while evaluating an attribute set to look for documentation",
            );
            return Err(s.ev.error(e));
        };
        match set.get_attr(Symbol::new(&name)) {
            // Evaluating the whole expression gives the error Nix gives.
            None => {
                s.eval(arg)?;
            }
            Some(attr) => {
                if let Some(pos) = attr.pos {
                    fallback = Some((name, pos));
                }
            }
        }
    }
    let Parsed::Done(v) = s.eval(arg)? else {
        return Ok(Flow::Incomplete);
    };
    let markdown = match function_doc(s, &v)? {
        Some(md) => md,
        None => match fallback {
            Some((name, pos)) => attribute_doc(s, &name, pos),
            None => return Err(s.plain_error("value does not have documentation")),
        },
    };
    say!("{}", markdown.trim());
    Ok(Flow::Prompt)
}

/// The documentation of a builtin or a function, following `__functor`s.
fn function_doc(s: &mut Session, v: &Value) -> Result<Option<String>, Error> {
    let mut v = v.clone();
    for _ in 0..MAX_FUNCTOR_DEPTH {
        match &v {
            Value::Builtin(b) => return Ok(Some(builtin_doc(b))),
            Value::Closure(c) => return Ok(Some(lambda_doc(s, &c.lambda))),
            Value::Attrs(a) => {
                let Some(functor) = a.get(Symbol::new("__functor")).cloned() else {
                    return Ok(None);
                };
                // The first argument is the set itself: document what that gives.
                let applied =
                    s.ev.call(&functor, vec![v.clone()])
                        .and_then(|r| s.ev.force(&r))
                        .map(Into::into)
                        .map_err(|e| functor_context(s, e))?;
                v = applied;
            }
            _ => return Ok(None),
        }
    }
    let e = nixvm::RawError::new(ErrorKind::StackOverflow);
    Err(functor_context(s, s.ev.error(e)))
}

fn functor_context(s: &Session, e: Error) -> Error {
    let mut raw = e.raw().clone();
    raw.add_trace(
        None,
        "while partially calling '__functor' to retrieve documentation",
    );
    s.ev.error(raw)
}

fn builtin_doc(b: &nixvm_value::BuiltinDef) -> String {
    let mut md = String::new();
    if !b.params.is_empty() {
        let args: Vec<String> = b.params.iter().map(|p| format!("*{}*", p.name)).collect();
        md.push_str(&format!(
            "**Synopsis:** `builtins.{}` {}\n\n",
            b.name,
            args.join(" ")
        ));
    }
    md.push_str(&strip_indentation(b.doc));
    md
}

/// `Function `name`\ … defined at …`, the comment, and (beyond Nix) the arguments.
fn lambda_doc(s: &mut Session, lambda: &nixvm::Lambda) -> String {
    let pos = lambda.span.low();
    let found = in_source(s, pos, |root, offset| {
        let token = root.token_at_offset(offset.into()).right_biased()?;
        let lambda = token
            .parent_ancestors()
            .filter(|n| u32::from(n.text_range().start()) == offset)
            .find_map(ast::Lambda::cast)?;
        let comment = lambda_comment(&lambda).map(|c| inner_text(c.text()));
        Some((comment, curried_params(&lambda)))
    });
    let mut md = String::new();
    match lambda.name {
        None => md.push_str("Function "),
        Some(n) => md.push_str(&format!("Function `{}`\\\n  … ", n.to_str_lossy())),
    }
    md.push_str(&format!("defined at {}", lambda.location));
    let Some((comment, params)) = found else {
        return md;
    };
    if let Some(c) = &comment {
        md.push_str("\n\n");
        md.push_str(c);
    }
    if !params.is_empty() {
        let shown: Vec<String> = params.iter().map(|p| format!("`{p}`")).collect();
        md = md.trim_end().to_string();
        md.push_str(&format!("\n\n**Arguments:** {}", shown.join(" ")));
    }
    md
}

/// `Attribute `name` … defined at …` and its comment, for an attribute that is not a
/// function.
fn attribute_doc(s: &mut Session, name: &str, pos: codemap::Pos) -> String {
    let mut md = format!("Attribute `{name}`\n\n");
    if let Some(p) = s.ev.position(pos) {
        md.push_str(&format!("  … defined at {p}\n\n"));
    }
    let comment = in_source(s, pos, |root, offset| {
        let token = root.token_at_offset(offset.into()).right_biased()?;
        comment_before(&token).map(|c| inner_text(c.text()))
    });
    match comment {
        Some(c) => md.push_str(&c),
        None => md.push_str("No documentation found.\n\n"),
    }
    md
}

/// Runs `f` on the syntax tree of the file `pos` lies in, read by Nix's front end, and the
/// offset of `pos` in it.
fn in_source<T>(
    s: &Session,
    pos: codemap::Pos,
    f: impl FnOnce(&SyntaxNode, u32) -> Option<T>,
) -> Option<T> {
    let file = s.ev.source_file(pos)?;
    let offset = (pos - file.span.low()) as u32;
    s.ev.with_syntax_tree(file.source(), |root| f(root.syntax(), offset))
        .flatten()
}

/// The documentation comment of a lambda: its own, its enclosing lambda's when it is that
/// one's body, or the one before the attribute path it is bound to.
fn lambda_comment(l: &ast::Lambda) -> Option<SyntaxToken> {
    let mut node = l.syntax().clone();
    loop {
        if let Some(own) = node.first_token().as_ref().and_then(comment_before) {
            return Some(own);
        }
        // Parentheses are not in Nix's syntax tree: look through them.
        let mut parent = node.parent()?;
        while parent.kind() == SyntaxKind::NODE_PAREN {
            parent = parent.parent()?;
        }
        if let Some(outer) = ast::Lambda::cast(parent.clone()) {
            let is_body = outer
                .body()
                .is_some_and(|b| b.syntax().text_range().contains_range(node.text_range()));
            if !is_body {
                return None;
            }
            node = outer.syntax().clone();
            continue;
        }
        if let Some(binding) = ast::AttrpathValue::cast(parent) {
            let path = binding.attrpath()?;
            return path
                .syntax()
                .first_token()
                .as_ref()
                .and_then(comment_before);
        }
        return None;
    }
}

/// The documentation comment right before `token`, with only whitespace and other comments
/// between them.
fn comment_before(token: &SyntaxToken) -> Option<SyntaxToken> {
    let mut t = token.prev_token();
    while let Some(tok) = t {
        match tok.kind() {
            SyntaxKind::TOKEN_WHITESPACE => {}
            SyntaxKind::TOKEN_COMMENT => {
                if is_doc_comment(tok.text()) {
                    return Some(tok);
                }
            }
            _ => return None,
        }
        t = tok.prev_token();
    }
    None
}

/// `/** … */`, but not `/**/` or `/*** … */`.
fn is_doc_comment(text: &str) -> bool {
    text.starts_with("/**")
        && text.ends_with("*/")
        && text.len() > 4
        && !text[3..].starts_with(['*', '/'])
}

/// The text of a documentation comment without its delimiters and indentation, as Nix
/// takes it.
fn inner_text(text: &str) -> String {
    let inner = &text[3..text.len() - 2];
    if inner.is_empty() {
        return String::new();
    }
    // The `/**` becomes indentation.
    strip_indentation(&format!("   {inner}"))
}

/// Removes the indentation common to all lines that have text, as the `stripIndentation`
/// of Nix's utility library does for doc comments. Its rules are not those of indented
/// strings (`eval/src/syntax/indent.rs`): a line of only spaces counts here, as its
/// length, and there is no interpolation to stop at.
fn strip_indentation(s: &str) -> String {
    let mut min_indent = 10000usize;
    let mut cur = 0usize;
    let mut at_start = true;
    for c in s.bytes() {
        if at_start && c == b' ' {
            cur += 1;
        } else if c == b'\n' {
            if at_start {
                min_indent = min_indent.max(cur);
            }
            cur = 0;
            at_start = true;
        } else if at_start {
            min_indent = min_indent.min(cur);
            at_start = false;
        }
    }
    let mut out = String::new();
    for line in s.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        if body.len() > min_indent {
            out.push_str(&body[min_indent..]);
        }
        out.push('\n');
    }
    out
}

/// The parameters of a lambda and of the lambdas that are its body, as written.
fn curried_params(l: &ast::Lambda) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = Some(l.clone());
    while let Some(lambda) = cur {
        if let Some(p) = lambda.param() {
            out.push(collapse_whitespace(p.syntax()));
        }
        cur = match lambda.body() {
            Some(ast::Expr::Lambda(inner)) => Some(inner),
            _ => None,
        };
    }
    out
}

/// The text of a parameter with comments dropped and runs of whitespace made one space:
/// `{ a, b ? 1, ... }`.
fn collapse_whitespace(param: &SyntaxNode) -> String {
    let mut out = String::new();
    for t in param
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
    {
        match t.kind() {
            SyntaxKind::TOKEN_WHITESPACE | SyntaxKind::TOKEN_COMMENT => {
                if !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
            }
            _ => out.push_str(t.text()),
        }
    }
    out.trim_end().to_string()
}

/// For `e.a.b`, `("e.a", "b")`: the set to look in and the name, where the expression is
/// an attribute selection without a default.
fn split_select(s: &Session, arg: &str) -> Option<(String, String)> {
    s.ev.with_syntax_tree(arg, |root| {
        let ast::Expr::Select(sel) = root.expr()? else {
            return None;
        };
        if sel.default_expr().is_some() {
            return None;
        }
        let path = sel.attrpath()?;
        let last = path.attrs().last()?;
        let name = match &last {
            ast::Attr::Ident(i) => i.ident_token()?.text().to_string(),
            _ => return None,
        };
        let start = u32::from(sel.syntax().text_range().start()) as usize;
        let end = u32::from(last.syntax().text_range().start()) as usize;
        let set = arg[start..end].trim_end().strip_suffix('.')?.to_string();
        Some((set, name))
    })
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indentation_is_stripped_as_nix_does() {
        assert_eq!(
            strip_indentation("   \n      Finds x\n    "),
            "\nFinds x\n\n"
        );
        assert_eq!(strip_indentation("   \n  A doc\n"), " \nA doc\n");
    }

    #[test]
    fn doc_comments_are_recognised() {
        assert!(is_doc_comment("/** x */"));
        assert!(!is_doc_comment("/**/"));
        assert!(!is_doc_comment("/*** x */"));
        assert!(!is_doc_comment("/* x */"));
    }

    /// A session without a terminal, for what needs an evaluator.
    fn session() -> Session {
        Session::new(nixvm::Evaluator::new(), false, "/".into())
    }

    #[test]
    fn selections_split_at_their_last_name() {
        let s = session();
        assert_eq!(
            split_select(&s, "lib.attr.empty"),
            Some(("lib.attr".into(), "empty".into()))
        );
        assert_eq!(
            split_select(&s, "(import ./a.nix).b"),
            Some(("(import ./a.nix)".into(), "b".into()))
        );
        assert_eq!(split_select(&s, "f x"), None);
        assert_eq!(split_select(&s, "a.b or 1"), None);
        assert_eq!(split_select(&s, "a.b +"), None);
    }

    #[test]
    fn parameters_are_shown_as_written() {
        let s = session();
        let params =
            s.ev.with_syntax_tree("{ a,\n  b ? 1, # c\n ... }: x: a", |root| {
                let Some(ast::Expr::Lambda(l)) = root.expr() else {
                    panic!("a lambda")
                };
                curried_params(&l)
            });
        assert_eq!(params, Some(vec!["{ a, b ? 1, ... }".into(), "x".into()]));
    }
}
