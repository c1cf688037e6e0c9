//! Instantiation, `nix-instantiate` without `--eval`: the derivations a value holds, found
//! as Nix's `getDerivations` finds them, each with its `.drv` path (evaluating it writes the
//! `.drv` to the store, when the evaluator has one), printed one a line, with a garbage
//! collector root for each when `--add-root` asks.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use nixvm::{Error, Evaluator, NixAttrs, RawError, Value};
use nixvm_value::Symbol;

/// One level of the search: the members of a set (in name order) or of a list, still to
/// look at.
struct Level {
    items: Vec<Value>,
    next: usize,
    /// A list's elements are searched whatever they are; a set's members only when they
    /// say `recurseForDerivations = true` (or the set says `_combineChannels`).
    list: bool,
    combine: bool,
}

/// What `--add-root` and the garbage collector warning need across inputs.
#[derive(Default)]
pub struct Roots {
    /// The root to add (`--add-root`), absolute; `-2`, `-3`, … are appended for the
    /// second and later derivations.
    pub base: Option<PathBuf>,
    pub warn: bool,
    count: usize,
    warned: bool,
}

impl Roots {
    pub fn new(base: Option<&str>, warn: bool) -> Roots {
        Roots {
            base: base.map(|b| crate::absolute(Path::new(b))),
            warn,
            ..Roots::default()
        }
    }
}

fn error(ev: &Evaluator, message: impl Into<String>) -> Error {
    ev.error(RawError::eval(message.into()))
}

/// Nix's `isAttrPathComponent`: only such names are searched.
fn is_attr_path_component(name: &[u8]) -> bool {
    let Some((&first, rest)) = name.split_first() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == b'_')
        && rest
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'+'))
}

/// Whether `v` (evaluated) is a derivation: a set whose `type` is `"derivation"`.
fn is_derivation(ev: &mut Evaluator, v: &Value) -> Result<bool, Error> {
    let Value::Attrs(a) = v else {
        return Ok(false);
    };
    let Some(t) = a.get(Symbol::new("type")) else {
        return Ok(false);
    };
    Ok(matches!(ev.force(t)?.into_value(), Value::String(s) if s.as_bytes() == b"derivation"))
}

/// The search's state.
struct Search<'a> {
    ev: &'a mut Evaluator,
    auto_args: &'a NixAttrs,
    found: Vec<NixAttrs>,
    seen: HashSet<usize>,
    stack: Vec<Level>,
}

impl Search<'_> {
    /// Nix's `getDerivation`: forces `v`; if it is a derivation, keeps it (once) and says
    /// `None`; otherwise gives it back.
    fn take_derivation(&mut self, v: &Value) -> Result<Option<Value>, Error> {
        let v = self.ev.force(v)?.into_value();
        if !is_derivation(self.ev, &v)? {
            return Ok(Some(v));
        }
        if let Value::Attrs(a) = &v
            && self.seen.insert(a.identity())
        {
            // Nix reads the name as it finds a derivation.
            match a.get(Symbol::new("name")) {
                Some(n) => {
                    let n = self.ev.force(n)?.into_value();
                    if !matches!(n, Value::String(_)) {
                        return Err(error(
                            self.ev,
                            "expected a string for the 'name' attribute of a derivation",
                        ));
                    }
                }
                None => return Err(error(self.ev, "derivation name missing")),
            }
            self.found.push(a.clone());
        }
        Ok(None)
    }

    /// Nix's `getDerivations` of `v`: calls it if it is a function, then keeps it if it
    /// is a derivation or opens a level for its members.
    fn expand(&mut self, v: &Value) -> Result<(), Error> {
        let v = self.ev.force(v)?.into_value();
        let v = crate::auto_call(self.ev, &v, self.auto_args)?;
        let Some(v) = self.take_derivation(&v)? else {
            return Ok(());
        };
        let level = match &v {
            Value::Attrs(a) => {
                let combine = a.contains(Symbol::new("_combineChannels"));
                let items = a
                    .sorted()
                    .into_iter()
                    .filter(|attr| is_attr_path_component(attr.name.as_bytes()))
                    .map(|attr| attr.value.clone())
                    .collect();
                Level {
                    items,
                    next: 0,
                    list: false,
                    combine,
                }
            }
            Value::List(l) => Level {
                items: l.iter().cloned().collect(),
                next: 0,
                list: true,
                combine: false,
            },
            _ => {
                return Err(error(
                    self.ev,
                    "expression does not evaluate to a derivation (or a set or list of those)",
                ));
            }
        };
        self.stack.push(level);
        Ok(())
    }

    /// Looks at one member of a level.
    fn visit(&mut self, item: Value, list: bool, combine: bool) -> Result<(), Error> {
        if combine {
            return self.expand(&item);
        }
        let Some(v) = self.take_derivation(&item)? else {
            return Ok(());
        };
        if list {
            return self.expand(&v);
        }
        if let Value::Attrs(a) = &v
            && let Some(r) = a.get(Symbol::new("recurseForDerivations"))
        {
            match self.ev.force(r)?.into_value() {
                Value::Bool(true) => self.expand(&v)?,
                Value::Bool(false) => {}
                _ => {
                    return Err(error(
                        self.ev,
                        "expected a Boolean for the attribute `recurseForDerivations`",
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The derivations in `v`, in the order Nix's `getDerivations` finds them: depth first,
/// set members by name.
fn derivations(
    ev: &mut Evaluator,
    v: &Value,
    auto_args: &NixAttrs,
) -> Result<Vec<NixAttrs>, Error> {
    let mut s = Search {
        ev,
        auto_args,
        found: Vec::new(),
        seen: HashSet::new(),
        stack: Vec::new(),
    };
    s.expand(v)?;
    while let Some(top) = s.stack.last_mut() {
        let Some(item) = top.items.get(top.next).cloned() else {
            s.stack.pop();
            continue;
        };
        top.next += 1;
        let (list, combine) = (top.list, top.combine);
        s.visit(item, list, combine)?;
    }
    Ok(s.found)
}

/// A string attribute of a derivation, coerced as Nix coerces it.
fn string_attr(ev: &mut Evaluator, drv: &NixAttrs, name: &str) -> Result<Option<String>, Error> {
    match drv.get(Symbol::new(name)) {
        Some(v) => {
            let bytes = ev.to_string_raw(v)?;
            Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
        }
        None => Ok(None),
    }
}

/// Instantiates `v`: prints each derivation's `.drv` path (with `!OUTPUT` for an output
/// other than `out`), or the root made for it.
pub fn instantiate(
    ev: &mut Evaluator,
    v: &Value,
    auto_args: &NixAttrs,
    roots: &mut Roots,
) -> Result<(), Error> {
    let found = derivations(ev, v, auto_args)?;
    let mut stdout = std::io::stdout().lock();
    for drv in found {
        let Some(drv_path) = string_attr(ev, &drv, "drvPath")? else {
            return Err(error(
                ev,
                "derivation does not contain a 'drvPath' attribute",
            ));
        };
        let output = string_attr(ev, &drv, "outputName")?.unwrap_or_default();
        if output.is_empty() {
            return Err(error(
                ev,
                format!("derivation '{drv_path}' lacks an 'outputName' attribute"),
            ));
        }
        let shown = match &roots.base {
            None => {
                if roots.warn && !roots.warned {
                    roots.warned = true;
                    warn_line!(
                        "warning: you did not specify '--add-root'; the result might be removed by the garbage collector"
                    );
                }
                drv_path
            }
            Some(base) => {
                roots.count += 1;
                let mut link = base.clone().into_os_string();
                if roots.count > 1 {
                    link.push(format!("-{}", roots.count));
                }
                let link = PathBuf::from(link);
                let added = ev.store().add_root(&drv_path, &link);
                added.map_err(|e| ev.error(e))?;
                link.display().to_string()
            }
        };
        let suffix = if output == "out" {
            String::new()
        } else {
            format!("!{output}")
        };
        let _ = writeln!(stdout, "{shown}{suffix}");
    }
    let _ = stdout.flush();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_path_components_are_names() {
        for ok in ["a", "_x", "hello-2_1", "g++"] {
            assert!(is_attr_path_component(ok.as_bytes()), "{ok}");
        }
        for bad in ["", "1a", "bad name", "-x", "a.b", "hello-2.1"] {
            assert!(!is_attr_path_component(bad.as_bytes()), "{bad}");
        }
    }
}
