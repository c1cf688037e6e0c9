//! The state of a REPL session: the evaluator, the variables in scope (bound with `x = …`,
//! added by `:a` and `:l`), the files loaded (for `:r`), and how output looks.
//!
//! Reading a line of input decides, as current Nix does, whether it is bindings (`x = 1`,
//! `inherit (a) b; c = 2;`, read by the parser's start symbol for REPL bindings), an
//! expression, or the start of something longer: input is incomplete when the parser ran out
//! of it ("unexpected end of file"), never by counting brackets.

use std::path::{Path, PathBuf};

use nixvm::{Attr, Error, ErrorKind, Evaluator, NixAttrs, Symbol, Value};

/// The name REPL input has in positions.
pub const INPUT_NAME: &str = "«string»";

/// How much of a loaded set `Added N variables.` lists by name.
const MAX_LISTED: usize = 20;

/// What reading a line as bindings gave.
pub enum Bindings {
    /// The bindings, as a set.
    Done(NixAttrs),
    /// Bindings that want more input (an open string): read another line.
    Incomplete,
    /// Not bindings; `started` when the text is the start of some (`x = [`).
    Not { started: bool },
}

/// What a line of input turned out to be.
pub enum Parsed<T> {
    Done(T),
    /// The parser ran out of input: read another line and try again.
    Incomplete,
}

pub struct Session {
    pub ev: Evaluator,
    /// The variables, by name; a later binding replaces an earlier one.
    vars: rustc_hash::FxHashMap<Symbol, Value>,
    /// `vars` as a set, built when first needed after a change.
    scope: Option<NixAttrs>,
    /// The files loaded with `:l`, as given, for `:r`.
    loaded: Vec<String>,
    /// The set most recently added by `:a` or `:l`.
    last_loaded: Option<NixAttrs>,
    pub colours: bool,
    pub cwd: PathBuf,
}

impl Session {
    pub fn new(ev: Evaluator, colours: bool, cwd: PathBuf) -> Session {
        Session {
            ev,
            vars: Default::default(),
            scope: None,
            loaded: Vec::new(),
            last_loaded: None,
            colours,
            cwd,
        }
    }

    /// The variables as a set.
    pub fn scope(&mut self) -> NixAttrs {
        if let Some(s) = &self.scope {
            return s.clone();
        }
        let attrs = self
            .vars
            .iter()
            .map(|(name, v)| Attr::new(*name, v.clone()))
            .collect();
        let s = NixAttrs::from_unsorted_first_wins(attrs);
        self.scope = Some(s.clone());
        s
    }

    /// The names of the variables, for completion.
    pub fn var_names(&self) -> Vec<String> {
        self.vars
            .keys()
            .map(|s| s.to_str_lossy().into_owned())
            .collect()
    }

    pub fn add_var(&mut self, name: Symbol, v: Value) {
        self.vars.insert(name, v);
        self.scope = None;
    }

    /// Forgets every variable (`:r` starts over, as in Nix).
    fn clear_vars(&mut self) {
        self.vars.clear();
        self.scope = None;
    }

    /// Compiles input in the session's scope.
    fn compile(&mut self, text: &str) -> Result<std::rc::Rc<nixvm::Lambda>, Error> {
        let scope = self.scope();
        let cwd = self.cwd.clone();
        self.ev.compile_in_scope(text, INPUT_NAME, &cwd, &scope)
    }

    /// Evaluates an expression to weak head normal form.
    pub fn eval(&mut self, text: &str) -> Result<Parsed<Value>, Error> {
        let code = match self.compile(text) {
            Ok(code) => code,
            Err(e) if is_incomplete(&e) => return Ok(Parsed::Incomplete),
            Err(e) => return Err(e),
        };
        let scope = self.scope();
        let v = self.ev.run_in_scope(code, &scope)?.into_value();
        Ok(Parsed::Done(self.ev.force(&v)?.into_value()))
    }

    /// Reads `text` as bindings (`x = 1; y = x;`, `inherit (a) b`), as Nix's REPL does: as
    /// typed, or else as if a `;` followed it.
    pub fn bindings(&mut self, text: &str) -> Result<Bindings, Error> {
        let mut started = false;
        for semicolon in [false, true] {
            let scope = self.scope();
            let cwd = self.cwd.clone();
            match self
                .ev
                .compile_repl_bindings(text, INPUT_NAME, &cwd, &scope, semicolon)
            {
                Ok(code) => {
                    let v = self.ev.run_in_scope(code, &scope)?.into_value();
                    return match self.ev.force(&v)?.into_value() {
                        Value::Attrs(a) => Ok(Bindings::Done(a)),
                        _ => Ok(Bindings::Not { started }),
                    };
                }
                // Nix reads on when bindings with a `;` added want more (inside a string).
                Err(e) if semicolon && is_incomplete(&e) => return Ok(Bindings::Incomplete),
                Err(e) if matches!(e.kind(), ErrorKind::Parse(_)) => {
                    started |= is_incomplete(&e);
                }
                // Bindings that parse but do not compile (an undefined variable).
                Err(e) => return Err(e),
            }
        }
        Ok(Bindings::Not { started })
    }

    /// Adds the attributes of a set to the scope, saying so as Nix does.
    pub fn add_attrs(&mut self, attrs: NixAttrs) {
        for a in attrs.iter() {
            self.vars.insert(a.name, a.value.clone());
        }
        self.scope = None;
        eprintln!("Added {} variables.", attrs.len());
        let mut names: Vec<String> = attrs
            .iter()
            .map(|a| a.name.to_str_lossy().into_owned())
            .collect();
        names.sort();
        let listed: Vec<String> = names
            .iter()
            .take(MAX_LISTED)
            .map(|n| identifier(n))
            .collect();
        eprintln!("{}", listed.join(", "));
        if names.len() > MAX_LISTED {
            eprintln!("... and {} more; view with :ll", names.len() - MAX_LISTED);
        }
        self.last_loaded = Some(attrs);
    }

    /// The names added by the last `:a` or `:l`, one per line (`:ll`).
    pub fn last_loaded_names(&self) -> Result<Vec<String>, Error> {
        let Some(attrs) = &self.last_loaded else {
            return Err(self.plain_error("nothing has been loaded yet"));
        };
        let mut names: Vec<String> = attrs
            .iter()
            .map(|a| a.name.to_str_lossy().into_owned())
            .collect();
        names.sort();
        Ok(names)
    }

    /// Forces `v` to a set and adds its attributes to the scope (`:a`, `:l`).
    pub fn add_value(&mut self, v: &Value) -> Result<(), Error> {
        match self.ev.force(v)?.into_value() {
            Value::Attrs(a) => {
                self.add_attrs(a);
                Ok(())
            }
            other => {
                let kind = ErrorKind::TypeMismatch {
                    expected: "a set",
                    found: other.value_type(),
                    value: nixvm_value::print::print_value(
                        &other,
                        &nixvm_value::print::PrintOptions::ERROR,
                    ),
                };
                let e = nixvm::RawError::new(kind).with_trace(
                    None,
                    "while evaluating an attribute set to be merged in the global scope",
                );
                Err(self.ev.error(e))
            }
        }
    }

    /// `:l`: evaluates a file (calling it if it is a function whose arguments all have
    /// defaults) and adds its attributes to the scope.
    pub fn load(&mut self, arg: &str) -> Result<(), Error> {
        let path = self.file_arg(arg)?;
        let v = self.ev.eval_file(&path)?.into_value();
        let v = self.ev.force(&v)?.into_value();
        let v = crate::auto_call(&mut self.ev, &v, &NixAttrs::empty())?;
        self.add_value(&v)?;
        self.loaded.retain(|p| p != arg);
        self.loaded.push(arg.to_string());
        Ok(())
    }

    /// `:r`: forgets every variable and loads the files again, in order; a file that fails
    /// is reported and kept for the next time.
    pub fn reload(&mut self) {
        self.ev.reset_file_cache();
        self.clear_vars();
        let files = std::mem::take(&mut self.loaded);
        for f in files {
            eprintln!(
                "Loading {}...",
                nixvm_value::fmt::escape_string(f.as_bytes())
            );
            if let Err(e) = self.load(&f) {
                eprintln!("{}", e.rendered());
                self.loaded.push(f);
            }
        }
    }

    /// The file a `:l` argument names: `<name>` looked up in the search path, anything else
    /// relative to the current directory.
    fn file_arg(&mut self, arg: &str) -> Result<PathBuf, Error> {
        if arg.starts_with('<') && arg.ends_with('>') {
            let cwd = self.cwd.clone();
            let v = self.ev.eval_source(arg, INPUT_NAME, &cwd)?.into_value();
            if let Value::Path(p) = self.ev.force(&v)?.into_value() {
                return Ok(p.as_ref().clone());
            }
        }
        let p = Path::new(arg);
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.cwd.join(p)
        };
        let p = nixvm_value::path::canonical(&p);
        if !p.exists() {
            return Err(self.plain_error(&format!("path '{}' does not exist", p.display())));
        }
        Ok(p)
    }

    /// An error with a message only.
    pub fn plain_error(&self, msg: &str) -> Error {
        self.ev.error(nixvm::RawError::eval(msg.to_string()))
    }
}

/// Whether an error says the parser ran out of input.
pub fn is_incomplete(e: &Error) -> bool {
    matches!(e.kind(), ErrorKind::Parse(m) if m.contains("unexpected end of file"))
}

/// A name as Nix prints it in a list of names: as it is when it can be written so, quoted
/// otherwise.
pub fn identifier(name: &str) -> String {
    let ok = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-'))
        && !nixvm_value::fmt::is_keyword(name.as_bytes());
    if ok {
        name.to_string()
    } else {
        nixvm_value::fmt::escape_string(name.as_bytes())
    }
}
