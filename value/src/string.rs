//! Nix strings: immutable byte strings carrying a string context.
//!
//! Nix strings are bytes, not UTF-8 text: `builtins.substring` slices bytes and `readFile` can
//! return anything but NUL. The context records which store paths a string refers to, so that a
//! derivation built from it depends on them; it travels through every string operation.
//!
//! The common case is a short string without context, so such strings are stored inline in
//! the one allocation that the `Rc` makes anyway. A string made from an attribute name
//! (`attrNames`, the name `mapAttrs` passes) refers to the name's interned text and keeps
//! its symbol: used as a name again (`set.${n}`, `removeAttrs`, `listToAttrs`), it is that
//! symbol at once, with no hashing of its bytes.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fmt;
use std::rc::Rc;

use crate::error::Error;
use crate::memory::{self, Growth};
use crate::symbol::Symbol;

/// One element of a string context, in the form Nix's `builtins.getContext` describes.
///
/// Its paths are shared (`Rc<str>`): an element is copied into the context of every string
/// made from one that has it, and of every derivation that takes such a string, so a copy
/// is a count increment rather than an allocation.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContextElem {
    /// A plain store path (`path = true`).
    Opaque(Rc<str>),
    /// A derivation and its whole closure (`allOutputs = true`), written `=PATH` by Nix.
    DrvDeep(Rc<str>),
    /// One output of a derivation (`outputs = [ NAME ]`), written `!NAME!PATH` by Nix.
    Built { drv: Rc<str>, output: Rc<str> },
}

impl ContextElem {
    /// The element as Nix shows it in messages ("is not allowed to refer to a store path
    /// (such as '…')").
    pub fn shown(&self) -> String {
        match self {
            ContextElem::Opaque(p) => p.to_string(),
            ContextElem::DrvDeep(p) => format!("{p} (deep)"),
            ContextElem::Built { drv, output } => format!("{drv}^{output}"),
        }
    }

    /// The store path this element is about.
    pub fn path(&self) -> &str {
        match self {
            ContextElem::Opaque(p) | ContextElem::DrvDeep(p) => p,
            ContextElem::Built { drv, .. } => drv,
        }
    }
}

/// The set of context elements of a string.
pub type NixContext = BTreeSet<ContextElem>;

const INLINE_CAP: usize = 22;

#[derive(Clone)]
enum Bytes {
    Inline {
        len: u8,
        buf: [u8; INLINE_CAP],
    },
    Heap(Box<[u8]>),
    /// An interned name's text, with its symbol.
    Name {
        text: &'static [u8],
        sym: Symbol,
    },
}

impl Bytes {
    fn new(b: &[u8]) -> Bytes {
        if b.len() <= INLINE_CAP {
            let mut buf = [0u8; INLINE_CAP];
            buf[..b.len()].copy_from_slice(b);
            Bytes::Inline {
                len: b.len() as u8,
                buf,
            }
        } else {
            Bytes::Heap(b.into())
        }
    }

    fn from_vec(v: Vec<u8>) -> Bytes {
        if v.len() <= INLINE_CAP {
            Bytes::new(&v)
        } else {
            Bytes::Heap(v.into_boxed_slice())
        }
    }

    fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Inline { len, buf } => &buf[..*len as usize],
            Bytes::Heap(b) => b,
            Bytes::Name { text, .. } => text,
        }
    }
}

struct Inner {
    bytes: Bytes,
    context: Option<Box<NixContext>>,
}

/// A Nix string value.
#[derive(Clone)]
pub struct NixString(Rc<Inner>);

impl NixString {
    /// A string without context.
    pub fn new(bytes: &[u8]) -> NixString {
        NixString(Rc::new(Inner {
            bytes: Bytes::new(bytes),
            context: None,
        }))
    }

    /// The text of an attribute name, as a string without context that remembers the name.
    pub fn from_symbol(sym: Symbol) -> NixString {
        NixString(Rc::new(Inner {
            bytes: Bytes::Name {
                text: sym.as_bytes(),
                sym,
            },
            context: None,
        }))
    }

    /// The symbol of the string's text, when the string was made from one.
    #[inline]
    pub fn known_symbol(&self) -> Option<Symbol> {
        match self.0.bytes {
            Bytes::Name { sym, .. } => Some(sym),
            _ => None,
        }
    }

    /// The symbol of the string's text (the context is not looked at).
    #[inline]
    pub fn to_symbol(&self) -> Symbol {
        match self.known_symbol() {
            Some(sym) => sym,
            None => Symbol::intern(self.as_bytes()),
        }
    }

    /// A string without context, taking ownership of the bytes.
    pub fn from_vec(bytes: Vec<u8>) -> NixString {
        NixString(Rc::new(Inner {
            bytes: Bytes::from_vec(bytes),
            context: None,
        }))
    }

    /// A string without context of the bytes of `parts`, `len` of them in all: written
    /// once, into the string itself when it is short (no buffer made only to be copied).
    pub fn concat<'a>(len: usize, parts: impl IntoIterator<Item = &'a [u8]>) -> NixString {
        let bytes = if len <= INLINE_CAP {
            let mut buf = [0u8; INLINE_CAP];
            let mut at = 0;
            let mut parts = parts.into_iter();
            loop {
                let Some(p) = parts.next() else {
                    break Bytes::Inline { len: at as u8, buf };
                };
                match buf.get_mut(at..at + p.len()) {
                    Some(to) => {
                        to.copy_from_slice(p);
                        at += p.len();
                    }
                    // More than `len` after all: what is left goes on the heap.
                    None => {
                        let mut v = buf[..at].to_vec();
                        v.extend_from_slice(p);
                        parts.for_each(|p| v.extend_from_slice(p));
                        break Bytes::from_vec(v);
                    }
                }
            }
        } else {
            let mut v = Vec::with_capacity(len);
            parts.into_iter().for_each(|p| v.extend_from_slice(p));
            Bytes::from_vec(v)
        };
        NixString(Rc::new(Inner {
            bytes,
            context: None,
        }))
    }

    /// A string with the given context (an empty context is dropped).
    pub fn with_context(bytes: Vec<u8>, context: NixContext) -> NixString {
        NixString(Rc::new(Inner {
            bytes: Bytes::from_vec(bytes),
            context: if context.is_empty() {
                None
            } else {
                Some(Box::new(context))
            },
        }))
    }

    /// The string's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.bytes.as_slice()
    }

    /// The string as UTF-8, if it is valid UTF-8.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(self.as_bytes()).ok()
    }

    /// The string as text, with invalid UTF-8 replaced; for messages.
    pub fn to_str_lossy(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(self.as_bytes())
    }

    pub fn len(&self) -> usize {
        self.as_bytes().len()
    }

    pub fn is_empty(&self) -> bool {
        self.as_bytes().is_empty()
    }

    /// The string's context, if it has one.
    pub fn context(&self) -> Option<&NixContext> {
        self.0.context.as_deref()
    }

    pub fn has_context(&self) -> bool {
        self.0.context.is_some()
    }

    /// The same bytes without any context.
    pub fn without_context(&self) -> NixString {
        if self.has_context() {
            NixString::new(self.as_bytes())
        } else {
            self.clone()
        }
    }

    /// Whether two strings are the same allocation.
    pub fn ptr_eq(&self, other: &NixString) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl From<&str> for NixString {
    fn from(s: &str) -> NixString {
        NixString::new(s.as_bytes())
    }
}

impl From<String> for NixString {
    fn from(s: String) -> NixString {
        NixString::from_vec(s.into_bytes())
    }
}

impl PartialEq for NixString {
    fn eq(&self, other: &NixString) -> bool {
        // Two names' strings are equal exactly when they are the same name.
        if let (Some(a), Some(b)) = (self.known_symbol(), other.known_symbol()) {
            return a == b;
        }
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for NixString {}

impl PartialOrd for NixString {
    fn partial_cmp(&self, other: &NixString) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for NixString {
    fn cmp(&self, other: &NixString) -> Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl fmt::Debug for NixString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_str_lossy())
    }
}

/// Accumulates bytes and context, for concatenation and interpolation. What it holds counts
/// against the memory ceiling: each addition may fail with an "out of memory" error.
#[derive(Default)]
pub struct StringBuilder {
    bytes: Vec<u8>,
    context: NixContext,
    growth: Growth,
}

impl StringBuilder {
    pub fn new() -> StringBuilder {
        StringBuilder::default()
    }

    /// A builder with room for `n` bytes, if that much may be allocated.
    pub fn with_capacity(n: usize) -> Result<StringBuilder, Error> {
        Ok(StringBuilder {
            bytes: memory::vec_with_capacity(n)?,
            context: NixContext::new(),
            growth: Growth::new(),
        })
    }

    /// Appends a string together with its context.
    pub fn push(&mut self, s: &NixString) -> Result<(), Error> {
        self.push_bytes(s.as_bytes())?;
        if let Some(ctx) = s.context() {
            self.context.extend(ctx.iter().cloned());
        }
        Ok(())
    }

    /// Appends bytes that carry no context.
    pub fn push_bytes(&mut self, b: &[u8]) -> Result<(), Error> {
        self.growth.add(b.len())?;
        self.bytes.extend_from_slice(b);
        Ok(())
    }

    pub fn add_context(&mut self, elem: ContextElem) {
        self.context.insert(elem);
    }

    pub fn extend_context(&mut self, ctx: &NixContext) {
        self.context.extend(ctx.iter().cloned());
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub fn finish(self) -> NixString {
        NixString::with_context(self.bytes, self.context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_heap_strings_compare_by_bytes() {
        let short = NixString::from("abc");
        let long = NixString::from("a string that is longer than the inline capacity");
        assert_eq!(short.as_bytes(), b"abc");
        assert_eq!(long.len(), 48);
        assert!(long < short, "\" \" sorts before \"b\"");
        assert_eq!(NixString::from_vec(b"abc".to_vec()), short);
    }

    /// A string made from a name is that name's text and gives its symbol back; a string
    /// with the same bytes made otherwise is equal to it and interns to the same symbol.
    #[test]
    fn strings_of_names_keep_their_symbol() {
        let sym = Symbol::new("strings_of_names_keep_their_symbol");
        let s = NixString::from_symbol(sym);
        assert_eq!(s.as_bytes(), b"strings_of_names_keep_their_symbol");
        assert_eq!(s.known_symbol(), Some(sym));
        assert!(!s.has_context());
        let plain = NixString::from("strings_of_names_keep_their_symbol");
        assert_eq!(plain.known_symbol(), None);
        assert_eq!(plain.to_symbol(), sym);
        assert_eq!(s, plain);
        assert_ne!(s, NixString::from_symbol(Symbol::new("another_name")));
        assert_eq!(s.cmp(&plain), Ordering::Equal);
        // The name's text takes no more room than inline bytes.
        assert_eq!(std::mem::size_of::<Inner>(), 32);
    }

    /// Concatenation writes short strings inline and long ones once, whatever `len` says.
    #[test]
    fn concat_writes_the_parts_in_order() {
        let parts: [&[u8]; 3] = [b"ab", b"", b"cde"];
        let s = NixString::concat(5, parts);
        assert_eq!(s.as_bytes(), b"abcde");
        assert!(matches!(s.0.bytes, Bytes::Inline { len: 5, .. }));
        let long: [&[u8]; 2] = [&[b'x'; 20], &[b'y'; 20]];
        let s = NixString::concat(40, long);
        assert_eq!(s.len(), 40);
        assert!(s.as_bytes().starts_with(&[b'x'; 20]));
        // A length too small still gives all the bytes.
        let s = NixString::concat(3, long);
        assert_eq!(s.len(), 40);
        assert_eq!(NixString::concat(0, []).as_bytes(), b"");
    }

    #[test]
    fn builder_merges_context() {
        let a = NixString::with_context(
            b"x".to_vec(),
            [ContextElem::Opaque("/nix/store/a".into())].into(),
        );
        let mut b = StringBuilder::new();
        b.push(&a).unwrap();
        b.push_bytes(b"y").unwrap();
        b.push(&a).unwrap();
        let s = b.finish();
        assert_eq!(s.as_bytes(), b"xyx");
        assert_eq!(s.context().map(|c| c.len()), Some(1));
        assert!(!s.without_context().has_context());
    }
}
