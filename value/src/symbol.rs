//! Interned attribute and variable names.
//!
//! Every name that can appear as an attribute key is interned once for the life of the process,
//! as CppNix's symbol table is. A [`Symbol`] is then its index in the table, a `u32`: equality
//! and ordering are integer comparisons, with nothing to read from memory. Attribute sets are
//! sorted by that index (interning order) internally; lexicographic order is only computed
//! where Nix shows it to the user. A set lookup compares the wanted symbol with many others,
//! so that comparison must not chase a pointer per probe.
//!
//! The table is global rather than per-thread because a deeply nested program is compiled
//! partly on helper threads with large stacks (see `eval/src/parse.rs`), and the names they
//! intern must be the same symbols the evaluating thread sees. Texts are found by index in
//! an append-only array of chunks that is read without a lock.
//!
//! Most names are interned once, as the compiler meets a file's identifiers: evaluating
//! nixpkgs' `hello` makes a new symbol on two calls of three. So making one must be cheap: the
//! table is made large enough for a NixOS evaluation's names (growing, it rehashed
//! every name, reading each one's text again), with no second, per-thread table to fill
//! as well, and texts are copied into shared pages rather than allocated one by one.

use std::cmp::Ordering;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use rustc_hash::FxHashMap;

/// An interned name. Cheap to copy, compare and hash.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Symbol(u32);

/// Symbols per chunk of the text array.
const CHUNK_BITS: u32 = 12;
const CHUNK_LEN: usize = 1 << CHUNK_BITS;
/// Chunks in the text array: room for 2^26 names, far more than any evaluation makes.
const CHUNKS: usize = 1 << 14;

/// One chunk of the text array.
type Chunk = [OnceLock<&'static [u8]>; CHUNK_LEN];

/// The texts by index: chunk `i >> CHUNK_BITS`, entry `i % CHUNK_LEN`. Chunks and entries are
/// set once, under the table's lock, before the symbol is handed out, and never change.
static TEXTS: [OnceLock<&'static Chunk>; CHUNKS] = [const { OnceLock::new() }; CHUNKS];

/// The names the table is made for at first: a minimal NixOS system's evaluation interns
/// 27,000 (nixpkgs' `hello`, 15,000). Room for more would spread the table over more
/// memory, and the compiler's lookups of names met before already miss the cache.
const INITIAL_NAMES: usize = 28_000;

/// Bytes of text per page of the texts' storage.
const TEXT_PAGE: usize = 1 << 16;

struct Table {
    by_text: FxHashMap<&'static [u8], Symbol>,
    next_id: u32,
    /// What is left of the current page of texts.
    free: &'static mut [u8],
}

impl Table {
    /// A copy of `text` that lives as long as the process.
    fn store(&mut self, text: &[u8]) -> &'static [u8] {
        // Symbols live for the rest of the process, like CppNix's symbol table: leaking
        // their texts is what makes a `Symbol` a plain `Copy` index.
        if text.len() > self.free.len() {
            if text.len() > TEXT_PAGE / 8 {
                return Box::leak(text.into());
            }
            self.free = Box::leak(vec![0; TEXT_PAGE].into_boxed_slice());
        }
        let (copy, rest) = std::mem::take(&mut self.free).split_at_mut(text.len());
        copy.copy_from_slice(text);
        self.free = rest;
        copy
    }
}

fn table() -> &'static Mutex<Table> {
    static TABLE: OnceLock<Mutex<Table>> = OnceLock::new();
    TABLE.get_or_init(|| {
        Mutex::new(Table {
            by_text: FxHashMap::with_capacity_and_hasher(INITIAL_NAMES, Default::default()),
            next_id: 0,
            free: &mut [],
        })
    })
}

impl Symbol {
    /// A symbol no name is interned as (the table holds far fewer names), sorting after
    /// every one that is: it fills unused room in a sorted array of names.
    pub const ABSENT: Symbol = Symbol(u32::MAX);

    /// Interns `text`, returning the one symbol that stands for it.
    pub fn intern(text: &[u8]) -> Symbol {
        // A poisoned lock only means another thread panicked while holding it; the table
        // itself is always left consistent (entries are inserted in one step).
        let mut table = table().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(sym) = table.by_text.get(text) {
            return *sym;
        }
        let id = table.next_id;
        assert!(
            (id as usize) < CHUNKS * CHUNK_LEN,
            "more distinct names than the symbol table holds"
        );
        let text = table.store(text);
        let chunk = TEXTS[(id >> CHUNK_BITS) as usize]
            .get_or_init(|| Box::leak(Box::new([const { OnceLock::new() }; CHUNK_LEN])));
        let _ = chunk[id as usize % CHUNK_LEN].set(text);
        table.next_id += 1;
        let sym = Symbol(id);
        table.by_text.insert(text, sym);
        sym
    }

    /// Interns a UTF-8 name.
    pub fn new(text: &str) -> Symbol {
        Symbol::intern(text.as_bytes())
    }

    /// The name's bytes.
    pub fn as_bytes(self) -> &'static [u8] {
        // A symbol is handed out only after its chunk and entry are set.
        TEXTS[(self.0 >> CHUNK_BITS) as usize]
            .get()
            .and_then(|chunk| chunk[self.0 as usize % CHUNK_LEN].get())
            .expect("an interned symbol has its text")
    }

    /// The name as text, with invalid UTF-8 replaced (for messages only).
    pub fn to_str_lossy(self) -> std::borrow::Cow<'static, str> {
        String::from_utf8_lossy(self.as_bytes())
    }

    /// Interning order; what attribute sets are sorted by internally.
    pub fn id(self) -> u32 {
        self.0
    }

    /// Compares two symbols by their text, the order Nix shows attributes in.
    pub fn cmp_text(self, other: Symbol) -> Ordering {
        self.as_bytes().cmp(other.as_bytes())
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

    /// Texts of every length, past a page of the texts' storage included, read back as
    /// they were interned, and the empty name is a name.
    #[test]
    fn texts_are_kept_whole() {
        let texts: Vec<Vec<u8>> = [0, 1, 7, 100, TEXT_PAGE / 8, TEXT_PAGE / 8 + 1, TEXT_PAGE]
            .iter()
            .flat_map(|&n| (0..3u8).map(move |k| [vec![b'k', k], vec![b'x'; n]].concat()))
            .chain([Vec::new()])
            .collect();
        let symbols: Vec<Symbol> = texts.iter().map(|t| Symbol::intern(t)).collect();
        for (t, s) in texts.iter().zip(&symbols) {
            assert_eq!(s.as_bytes(), &t[..]);
            assert_eq!(Symbol::intern(t), *s);
        }
    }

    #[test]
    fn text_order_differs_from_interning_order() {
        let z = Symbol::new("zzz_text_order");
        let a = Symbol::new("aaa_text_order");
        assert!(z < a);
        assert_eq!(z.cmp_text(a), Ordering::Greater);
    }
}
