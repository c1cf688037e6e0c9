//! Interned attribute and variable names.
//!
//! Every name that can appear as an attribute key is interned once for the life of the process,
//! as CppNix's symbol table is. A [`Symbol`] is then a single pointer: equality is pointer
//! equality and ordering is by interning order, which is what attribute sets are sorted by
//! internally (lexicographic order is only computed where Nix shows it to the user).
//!
//! The table is global rather than per-thread because a deeply nested program is compiled
//! partly on helper threads with large stacks (see `eval/src/parse.rs`), and the names they
//! intern must be the same symbols the evaluating thread sees.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, OnceLock};

use rustc_hash::FxHashMap;

struct SymbolData {
    id: u32,
    text: &'static [u8],
}

/// An interned name. Cheap to copy, compare and hash.
#[derive(Clone, Copy)]
pub struct Symbol(&'static SymbolData);

struct Table {
    by_text: FxHashMap<&'static [u8], Symbol>,
    next_id: u32,
}

fn table() -> &'static Mutex<Table> {
    static TABLE: OnceLock<Mutex<Table>> = OnceLock::new();
    TABLE.get_or_init(|| {
        Mutex::new(Table {
            by_text: FxHashMap::default(),
            next_id: 0,
        })
    })
}

thread_local! {
    /// A per-thread front for the global table, so that interning a name seen before on
    /// this thread takes no lock.
    static CACHE: std::cell::RefCell<FxHashMap<&'static [u8], Symbol>> =
        std::cell::RefCell::new(FxHashMap::default());
}

impl Symbol {
    /// Interns `text`, returning the one symbol that stands for it.
    pub fn intern(text: &[u8]) -> Symbol {
        if let Ok(Some(sym)) = CACHE.try_with(|c| c.borrow().get(text).copied()) {
            return sym;
        }
        let sym = Symbol::intern_global(text);
        let _ = CACHE.try_with(|c| c.borrow_mut().insert(sym.0.text, sym));
        sym
    }

    fn intern_global(text: &[u8]) -> Symbol {
        // A poisoned lock only means another thread panicked while holding it; the table
        // itself is always left consistent (entries are inserted in one step).
        let mut table = table().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(sym) = table.by_text.get(text) {
            return *sym;
        }
        // Symbols live for the rest of the process, like CppNix's symbol table: leaking
        // them is what makes a `Symbol` a plain `Copy` pointer.
        let text: &'static [u8] = Box::leak(text.to_vec().into_boxed_slice());
        let data: &'static SymbolData = Box::leak(Box::new(SymbolData {
            id: table.next_id,
            text,
        }));
        table.next_id += 1;
        let sym = Symbol(data);
        table.by_text.insert(text, sym);
        sym
    }

    /// Interns a UTF-8 name.
    pub fn new(text: &str) -> Symbol {
        Symbol::intern(text.as_bytes())
    }

    /// The name's bytes.
    pub fn as_bytes(self) -> &'static [u8] {
        self.0.text
    }

    /// The name as text, with invalid UTF-8 replaced (for messages only).
    pub fn to_str_lossy(self) -> std::borrow::Cow<'static, str> {
        String::from_utf8_lossy(self.0.text)
    }

    /// Interning order; what attribute sets are sorted by internally.
    pub fn id(self) -> u32 {
        self.0.id
    }

    /// Compares two symbols by their text, the order Nix shows attributes in.
    pub fn cmp_text(self, other: Symbol) -> Ordering {
        self.0.text.cmp(other.0.text)
    }
}

impl PartialEq for Symbol {
    fn eq(&self, other: &Symbol) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Symbol {}

impl PartialOrd for Symbol {
    fn partial_cmp(&self, other: &Symbol) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Symbol {
    fn cmp(&self, other: &Symbol) -> Ordering {
        self.0.id.cmp(&other.0.id)
    }
}

impl Hash for Symbol {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.id.hash(state)
    }
}

impl fmt::Debug for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_str_lossy())
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_str_lossy())
    }
}

/// Names the evaluator itself looks up, interned once.
pub mod well_known {
    use super::Symbol;
    use std::sync::OnceLock;

    macro_rules! symbols {
        ($($fn_name:ident => $text:expr),* $(,)?) => {
            $(
                #[doc = concat!("The symbol `", $text, "`.")]
                pub fn $fn_name() -> Symbol {
                    static S: OnceLock<Symbol> = OnceLock::new();
                    *S.get_or_init(|| Symbol::new($text))
                }
            )*
        };
    }

    symbols! {
        out_path => "outPath",
        to_string => "__toString",
        type_ => "type",
        derivation => "derivation",
        name => "name",
        value => "value",
        success => "success",
        file => "file",
        line => "line",
        column => "column",
        overrides => "__overrides",
        functor => "__functor",
        drv_path => "drvPath",
        key => "key",
        operator => "operator",
        start_set => "startSet",
        right => "right",
        wrong => "wrong",
        path => "path",
        prefix => "prefix",
        outputs => "outputs",
        out => "out",
        ignore_nulls => "__ignoreNulls",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_is_idempotent() {
        let a = Symbol::new("interning_is_idempotent_a");
        let b = Symbol::intern(b"interning_is_idempotent_a");
        assert_eq!(a, b);
        assert_eq!(a.as_bytes(), b"interning_is_idempotent_a");
        assert_ne!(a, Symbol::new("interning_is_idempotent_b"));
    }

    #[test]
    fn text_order_differs_from_interning_order() {
        let z = Symbol::new("zzz_text_order");
        let a = Symbol::new("aaa_text_order");
        assert!(z < a);
        assert_eq!(z.cmp_text(a), Ordering::Greater);
    }
}
