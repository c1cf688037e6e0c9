//! The state of a REPL session: the evaluator, the variables in scope (bound with `x = …`,
//! added by `:a` and `:l`), the files loaded (for `:r`), and how output looks.
//!
//! Whether a line is bindings, an expression or the start of something longer, the
//! evaluator decides as current Nix does (`Evaluator::compile_repl_input`). The text of each
//! line is kept while something needs it: after each input the session tells the evaluator
//! what values it keeps, so that lines no kept value points into can go.

use std::path::{Path, PathBuf};

use nixvm::{Attr, Error, ErrorKind, Evaluator, NixAttrs, ReplInput, Symbol, Value};

/// The name REPL input has in positions.
pub const INPUT_NAME: &str = "«string»";

/// How much of a loaded set `Added N variables.` lists by name.
const MAX_LISTED: usize = 20;

/// What a line of input turned out to be.
pub enum Parsed<T> {
    Done(T),
    /// The parser ran out of input: read another line and try again.
    Incomplete,
}

/// What a line without a command is.
pub enum Line {
    /// Bindings, evaluated to a set of them.
    Bindings(NixAttrs),
    /// An expression, evaluated to weak head normal form.
    Value(Value),
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

    /// Binds a variable; the value it replaced.
    pub fn add_var(&mut self, name: Symbol, v: Value) -> Option<Value> {
        self.scope = None;
        self.vars.insert(name, v)
    }

    /// Forgets every variable (`:r` starts over, as in Nix).
    fn clear_vars(&mut self) {
        self.vars.clear();
        self.scope = None;
    }

    /// Reads input in the session's scope and evaluates it to weak head normal form: as
    /// bindings or an expression when `bindings`, as an expression only otherwise.
    fn read(&mut self, text: &str, bindings: bool) -> Result<Parsed<Line>, Error> {
        let scope = self.scope();
        let cwd = self.cwd.clone();
        let (code, is_bindings) = match self
            .ev
            .compile_repl_input(text, INPUT_NAME, &cwd, &scope, bindings)?
        {
            ReplInput::Bindings(code) => (code, true),
            ReplInput::Expr(code) => (code, false),
            ReplInput::Incomplete => return Ok(Parsed::Incomplete),
        };
        let v = self.ev.run_in_scope(code, &scope)?.into_value();
        let v = self.ev.force(&v)?.into_value();
        Ok(Parsed::Done(match v {
            Value::Attrs(a) if is_bindings => Line::Bindings(a),
            v => Line::Value(v),
        }))
    }

    /// Evaluates an expression to weak head normal form.
    pub fn eval(&mut self, text: &str) -> Result<Parsed<Value>, Error> {
        Ok(match self.read(text, false)? {
            Parsed::Done(Line::Value(v)) => Parsed::Done(v),
            Parsed::Done(Line::Bindings(a)) => Parsed::Done(Value::Attrs(a)),
            Parsed::Incomplete => Parsed::Incomplete,
        })
    }

    /// Reads a line without a command: bindings (`x = 1; y = x;`, `inherit (a) b`, as
    /// typed or as if a `;` followed), or else an expression.
    pub fn line(&mut self, text: &str) -> Result<Parsed<Line>, Error> {
        self.read(text, true)
    }

    /// Lets the evaluator drop the text of input lines no value the session keeps points
    /// into any more (it checks only now and then).
    pub fn release_input(&mut self) {
        let last = self.last_loaded.clone().map(Value::Attrs);
        self.ev.release_repl_input(self.vars.values().chain(&last));
    }

    /// Adds the attributes of a set to the scope, saying so as Nix does; the values it
    /// replaced (variables, and the set last loaded).
    pub fn add_attrs(&mut self, attrs: NixAttrs) -> Vec<Value> {
        let mut replaced: Vec<Value> = attrs
            .iter()
            .filter_map(|a| self.vars.insert(a.name, a.value.clone()))
            .collect();
        self.scope = None;
        warn_line!("Added {} variables.", attrs.len());
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
        warn_line!("{}", listed.join(", "));
        if names.len() > MAX_LISTED {
            warn_line!("... and {} more; view with :ll", names.len() - MAX_LISTED);
        }
        replaced.extend(self.last_loaded.replace(attrs).map(Value::Attrs));
        replaced
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

    /// Forces `v` to a set and adds its attributes to the scope (`:a`, `:l`); the values
    /// it replaced.
    pub fn add_value(&mut self, v: &Value) -> Result<Vec<Value>, Error> {
        match self.ev.force(v)?.into_value() {
            Value::Attrs(a) => Ok(self.add_attrs(a)),
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
        // What the file loaded before left, if it is replaced now, is garbage, and may be a
        // cycle through its own import that the file cache's drop could not free while the
        // variables held it: collected now, or never.
        let replaced = self.add_value(&v)?;
        self.ev.collect_cycles(replaced);
        self.loaded.retain(|p| p != arg);
        self.loaded.push(arg.to_string());
        Ok(())
    }

    /// `:r`: forgets every variable and loads the files again, in order; a file that fails
    /// is reported and kept for the next time.
    pub fn reload(&mut self) {
        // The variables go first: what only they and the file cache held is garbage then,
        // and the cache's cycles are collected as it is dropped.
        self.clear_vars();
        self.ev.reset_file_cache();
        let files = std::mem::take(&mut self.loaded);
        for f in files {
            warn_line!(
                "Loading {}...",
                nixvm_value::fmt::escape_string(f.as_bytes())
            );
            if let Err(e) = self.load(&f) {
                warn_line!("{}", e.rendered());
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
