//! Attribute sets: immutable maps from names to values.
//!
//! Internally the attributes are kept sorted by [`Symbol`] interning order, which makes
//! lookups a binary search over integers and `//` a merge. Nix shows attributes in
//! lexicographic order; [`NixAttrs::sorted`] gives that order where it is needed (printing,
//! `attrNames`, `attrValues`, `mapAttrs`, JSON).
//!
//! A set of one or two attributes keeps them inline, with no vector of its own: `{ key =
//! k; }` and `{ name = …; value = …; }` are built by the thousand. Another small set is one
//! sorted vector. A large one is a sorted sequence of shared chunks of
//! about [`CHUNK`] attributes, so that `big // small` (the package-set pattern: a set of
//! thousands updated again and again with a few attributes) copies only the chunk pointers
//! and the chunks the small side touches, not every attribute: a chain of updates is no
//! longer quadratic in the size of the set.
//!
//! A set made by `//` with a few attributes on a larger set is *layered*: it keeps the
//! larger set whole, as its base, with the few attributes on top ([`LAYER_MAX`] at most),
//! instead of a copy of both. That is the module system's and the package sets' pattern:
//! a derivation's attributes updated with its outputs, then `passthru`, `override` and the
//! like, one small set at a time, each stage kept alive by what refers to it. A layered set
//! updated again stays one layer over the same base while its top stays small, so a lookup
//! is at most two searches; past that the set is merged into one.
//!
//! Each attribute remembers where it was defined, for `unsafeGetAttrPos` and error traces.

use std::cmp::Ordering;
use std::rc::Rc;

use codemap::Pos;

use crate::drop::{release, release_one};
use crate::symbol::{Symbol, well_known};
use crate::value::Value;

/// The number of attributes a chunk of a large set is built with.
pub const CHUNK: usize = 64;
/// Sets up to this size are one vector.
const FLAT_MAX: usize = 2 * CHUNK;
/// A chunk that grows past this is split.
const CHUNK_MAX: usize = 4 * CHUNK;
/// The most attributes a layered set keeps on top of its base; it also keeps no more than
/// its base has.
pub const LAYER_MAX: usize = 32;

/// One attribute of a set.
#[derive(Clone, Debug)]
pub struct Attr {
    pub name: Symbol,
    pub pos: Option<Pos>,
    pub value: Value,
}

impl Attr {
    pub fn new(name: Symbol, value: Value) -> Attr {
        Attr {
            name,
            pos: None,
            value,
        }
    }
}

/// A sorted, non-empty run of attributes, shared between sets, with its names beside it.
pub(crate) struct Chunk {
    names: Box<[Symbol]>,
    attrs: Box<[Attr]>,
}

impl Drop for Chunk {
    fn drop(&mut self) {
        release(std::mem::take(&mut self.attrs).into_iter().map(|a| a.value));
    }
}

impl Chunk {
    /// A chunk of exactly these attributes (a vector's spare room is given back).
    fn new(v: Vec<Attr>) -> Rc<Chunk> {
        Rc::new(Chunk {
            names: names_of(&v),
            attrs: v.into_boxed_slice(),
        })
    }

    fn first(&self) -> Symbol {
        self.names[0]
    }

    /// The attribute `name`, if the chunk has it.
    #[inline]
    fn get(&self, name: Symbol) -> Option<&Attr> {
        self.attrs.get(position(&self.names, name)?)
    }

    /// The attributes' values, for the cycle collector.
    pub(crate) fn values(&self) -> impl Iterator<Item = &Value> {
        self.attrs.iter().map(|a| &a.value)
    }
}

/// The most attributes a set keeps the names of inline, in its own block: the names of a
/// small set are then read with the block a lookup reads anyway.
const FEW: usize = 6;

/// What pads the inline names of a set of fewer than [`FEW`] attributes: a symbol no name
/// has, sorting after all of them.
const PAD: Symbol = Symbol::ABSENT;

/// The names of a sorted run, for [`position`].
fn names_of(attrs: &[Attr]) -> Box<[Symbol]> {
    attrs.iter().map(|a| a.name).collect()
}

/// The bit of a set's filter that stands for `name`.
#[inline]
fn filter_bit(name: Symbol) -> u64 {
    1 << (name.id() % 64)
}

/// A filter of `names`: the union of their bits. A name whose bit is clear is not among
/// them, which a lookup tells from the set's own block, without reading the names.
///
/// Half the lookups in a NixOS evaluation are misses (a name looked for through the
/// `with` scopes, `?`, `or`), most of them in sets of 7 to 64 attributes, where the
/// search touched the names' array, a second block, line after line. Symbols are
/// numbered in the order they are first met, so the names of a set written in one file
/// tend to have nearby numbers, and distinct bits.
fn filter_of(names: &[Symbol]) -> u64 {
    names.iter().fold(0, |f, &n| f | filter_bit(n))
}

/// A filter of 32 bits, as [`filter_of`], for a layered set's top.
fn small_filter_of(attrs: &[Attr]) -> u32 {
    attrs.iter().fold(0, |f, a| f | small_filter_bit(a.name))
}

/// The bit of a 32-bit filter that stands for `name`.
#[inline]
fn small_filter_bit(name: Symbol) -> u32 {
    1 << (name.id() % 32)
}

/// Where `name` is in `names` (sorted), if it is there.
///
/// A lookup searches the names alone, four bytes each, and reads only the one attribute
/// it finds: probing the attributes themselves, 24 bytes each, touched a cache line per
/// probe (a set of 64 spans 24 lines, its names 4), and lookups are as often misses (a
/// name looked for through the `with` scopes, `?`, `or`) as hits.
#[inline]
fn position(names: &[Symbol], name: Symbol) -> Option<usize> {
    // Counting the smaller names has no early exit and no branch to mispredict: the
    // compiler unrolls it (and vectorises it) over a run this short.
    let i = if names.len() <= 16 {
        names.iter().filter(|&&n| n < name).count()
    } else {
        names.partition_point(|&n| n < name)
    };
    (names.get(i) == Some(&name)).then_some(i)
}

pub(crate) enum Entries {
    One(Attr),
    Two([Attr; 2]),
    /// Three to [`FEW`] attributes, their names inline (padded with [`PAD`]).
    Few {
        names: [Symbol; FEW],
        attrs: Box<[Attr]>,
    },
    /// No attributes, or more than [`FEW`] (up to [`FLAT_MAX`]), with their names beside
    /// them. Exactly as long as the set: a set lives as long as anything refers to it, and
    /// the sets of a package set (`//` of a derivation's attributes, over and over) are
    /// most of an evaluation's memory. `filter` is [`filter_of`] the names.
    Flat {
        filter: u64,
        names: Box<[Symbol]>,
        attrs: Box<[Attr]>,
    },
    /// `firsts[i]` is the first name of `chunks[i]`: a lookup finds its chunk by searching
    /// one contiguous array instead of following a pointer to every chunk it probes.
    Chunked {
        chunks: Box<[Rc<Chunk>]>,
        firsts: Box<[Symbol]>,
        len: usize,
    },
    /// `base // top`: `base` is a set that is not layered itself (a `Value::Attrs`, so that
    /// the cycle collector follows it as it follows any value), `top` sorted and not empty,
    /// `len` the number of distinct names of both, `filter` [`small_filter_of`] the top's
    /// names: a lookup of a name of the base (`lib.foo`, `lib` being `{ … } // { extend =
    /// …; }`) goes to the base without reading the top. Both are 32 bits, so that the set
    /// keeps to its 64-byte block.
    Layered {
        base: Value,
        top: Box<[Attr]>,
        len: u32,
        filter: u32,
    },
}

impl Entries {
    /// Sorted attributes, in the representation that fits their number (up to
    /// [`FLAT_MAX`]).
    fn flat(mut v: Vec<Attr>) -> Entries {
        match v.len() {
            1 => Entries::One(v.pop().expect("one")),
            2 => {
                let b = v.pop().expect("two");
                let a = v.pop().expect("two");
                Entries::Two([a, b])
            }
            n @ 3..=FEW => {
                let mut names = [PAD; FEW];
                for (slot, a) in names[..n].iter_mut().zip(&v) {
                    *slot = a.name;
                }
                Entries::Few {
                    names,
                    attrs: v.into_boxed_slice(),
                }
            }
            _ => {
                let names = names_of(&v);
                Entries::Flat {
                    filter: filter_of(&names),
                    names,
                    attrs: v.into_boxed_slice(),
                }
            }
        }
    }

    /// The attributes as one sorted run, unless the set is chunked.
    fn as_flat(&self) -> Option<&[Attr]> {
        match self {
            Entries::One(a) => Some(std::slice::from_ref(a)),
            Entries::Two(a) => Some(a),
            Entries::Few { attrs, .. } | Entries::Flat { attrs, .. } => Some(attrs),
            Entries::Chunked { .. } | Entries::Layered { .. } => None,
        }
    }
}

impl Drop for Entries {
    fn drop(&mut self) {
        let take = |a: &mut Attr| std::mem::replace(&mut a.value, Value::Null);
        match self {
            Entries::One(a) => release_one(take(a)),
            Entries::Two([a, b]) => release([take(a), take(b)]),
            Entries::Few { attrs, .. } | Entries::Flat { attrs, .. } => {
                release(std::mem::take(attrs).into_iter().map(|a| a.value))
            }
            Entries::Chunked { .. } => {}
            Entries::Layered { base, top, .. } => release(
                std::mem::take(top)
                    .into_iter()
                    .map(|a| a.value)
                    .chain([std::mem::replace(base, Value::Null)]),
            ),
        }
    }
}

/// An attribute set value. Cloning shares it.
#[derive(Clone)]
pub struct NixAttrs(Rc<Entries>);

/// The attributes of a set in internal (symbol) order.
#[derive(Clone)]
pub struct Iter<'a> {
    current: std::slice::Iter<'a, Attr>,
    chunks: std::slice::Iter<'a, Rc<Chunk>>,
    remaining: usize,
    /// A layered set's top not yet passed, merged in by name (an attribute of the base
    /// with the same name is skipped).
    top: &'a [Attr],
    /// The base's next attribute, taken ahead to compare with the top's.
    ahead: Option<&'a Attr>,
}

impl<'a> Iter<'a> {
    fn of_runs(current: &'a [Attr], chunks: &'a [Rc<Chunk>], len: usize) -> Iter<'a> {
        Iter {
            current: current.iter(),
            chunks: chunks.iter(),
            remaining: len,
            top: &[],
            ahead: None,
        }
    }

    #[inline]
    fn next_of_base(&mut self) -> Option<&'a Attr> {
        loop {
            if let Some(a) = self.current.next() {
                return Some(a);
            }
            self.current = self.chunks.next()?.attrs.iter();
        }
    }

    /// The next attribute of a layered set.
    fn next_merged(&mut self) -> Option<&'a Attr> {
        let base = self.ahead.take().or_else(|| self.next_of_base());
        let next = match (base, self.top.split_first()) {
            (None, None) => return None,
            (Some(b), None) => b,
            (None, Some((t, rest))) => {
                self.top = rest;
                t
            }
            (Some(b), Some((t, rest))) => match b.name.cmp(&t.name) {
                Ordering::Less => b,
                Ordering::Greater => {
                    self.ahead = Some(b);
                    self.top = rest;
                    t
                }
                Ordering::Equal => {
                    self.top = rest;
                    t
                }
            },
        };
        self.remaining -= 1;
        Some(next)
    }
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Attr;

    #[inline]
    fn next(&mut self) -> Option<&'a Attr> {
        if !self.top.is_empty() || self.ahead.is_some() {
            return self.next_merged();
        }
        let a = self.next_of_base()?;
        self.remaining -= 1;
        Some(a)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for Iter<'_> {}

/// Splits a sorted vector into chunks of about `CHUNK` attributes.
fn chunk(v: Vec<Attr>, out: &mut Vec<Rc<Chunk>>) {
    if v.len() <= CHUNK_MAX {
        if !v.is_empty() {
            out.push(Chunk::new(v));
        }
        return;
    }
    let mut it = v.into_iter().peekable();
    while it.peek().is_some() {
        let piece: Vec<Attr> = it.by_ref().take(CHUNK).collect();
        out.push(Chunk::new(piece));
    }
}

/// The number of distinct names in two sorted runs: the length of their merge, counted
/// first so that the merged set is allocated at its size (`//` mostly overrides names the
/// left side has: `a.len() + b.len()` would leave room for each override unused).
fn union_len(left: &[Attr], right: &[Attr]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < left.len() && j < right.len() {
        match left[i].name.cmp(&right[j].name) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    left.len() + right.len() - common
}

/// A name's first eight bytes as a big-endian integer, padded with zeros: if two names'
/// keys differ, their texts compare as the keys do (a zero of padding sorts no later than
/// any byte, as the end of a shorter text does).
fn text_key(name: Symbol) -> u64 {
    let mut key = [0u8; 8];
    for (k, b) in key.iter_mut().zip(name.as_bytes()) {
        *k = *b;
    }
    u64::from_be_bytes(key)
}

/// The attribute `name` of a sorted run.
#[inline]
fn find(run: &[Attr], name: Symbol) -> Option<&Attr> {
    // A few attributes are found faster one after another than by halving.
    if run.len() <= 4 {
        return run.iter().find(|a| a.name == name);
    }
    run.binary_search_by(|a| a.name.cmp(&name))
        .ok()
        .map(|i| &run[i])
}

/// The attributes of a sorted run but those named in `gone` (sorted, each one in the run).
fn without(run: &[Attr], gone: &[Symbol]) -> Vec<Attr> {
    let mut kept = Vec::with_capacity(run.len().saturating_sub(gone.len()));
    let mut g = gone.iter().peekable();
    for a in run {
        if g.next_if_eq(&&a.name).is_none() {
            kept.push(a.clone());
        }
    }
    kept
}

/// A layered set's base.
#[inline]
fn layer_base(base: &Value) -> &NixAttrs {
    match base {
        Value::Attrs(a) => a,
        _ => unreachable!("a layered set's base is a set"),
    }
}

/// Merges two sorted runs; on equal names `right` wins.
fn merge_into(out: &mut Vec<Attr>, left: &[Attr], right: &[Attr]) {
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        match left[i].name.cmp(&right[j].name) {
            Ordering::Less => {
                out.push(left[i].clone());
                i += 1;
            }
            Ordering::Greater => {
                out.push(right[j].clone());
                j += 1;
            }
            Ordering::Equal => {
                out.push(right[j].clone());
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&left[i..]);
    out.extend_from_slice(&right[j..]);
}

impl NixAttrs {
    /// The empty set: one per thread, shared (`{ }`, and what `removeAttrs`, `filterAttrs`
    /// and `listToAttrs []` often give, are made by the hundred thousand in a NixOS
    /// evaluation; each was an allocation of its own).
    pub fn empty() -> NixAttrs {
        thread_local! {
            static EMPTY: NixAttrs = NixAttrs(Rc::new(Entries::Flat {
                filter: 0,
                names: Box::new([]),
                attrs: Box::new([]),
            }));
        }
        EMPTY
            .try_with(NixAttrs::clone)
            .unwrap_or_else(|_| NixAttrs(Rc::new(Entries::flat(Vec::new()))))
    }

    /// A set of these sorted attributes, up to [`FLAT_MAX`] of them.
    fn of_flat(attrs: Vec<Attr>) -> NixAttrs {
        if attrs.is_empty() {
            return NixAttrs::empty();
        }
        NixAttrs(Rc::new(Entries::flat(attrs)))
    }

    /// Builds a set from attributes already sorted by symbol with no duplicates.
    pub fn from_sorted(attrs: Vec<Attr>) -> NixAttrs {
        debug_assert!(attrs.windows(2).all(|w| w[0].name < w[1].name));
        if attrs.len() <= FLAT_MAX {
            return NixAttrs::of_flat(attrs);
        }
        let len = attrs.len();
        let mut chunks = Vec::with_capacity(len / CHUNK + 1);
        let mut it = attrs.into_iter().peekable();
        while it.peek().is_some() {
            let piece: Vec<Attr> = it.by_ref().take(CHUNK).collect();
            chunks.push(Chunk::new(piece));
        }
        NixAttrs::chunked(chunks, len)
    }

    /// A set of these chunks (sorted, not empty), `len` attributes in all.
    fn chunked(chunks: Vec<Rc<Chunk>>, len: usize) -> NixAttrs {
        let firsts = chunks.iter().map(|c| c.first()).collect();
        NixAttrs(Rc::new(Entries::Chunked {
            chunks: chunks.into_boxed_slice(),
            firsts,
            len,
        }))
    }

    fn from_chunks(chunks: Vec<Rc<Chunk>>, len: usize) -> NixAttrs {
        if len <= FLAT_MAX {
            let mut v = Vec::with_capacity(len);
            for c in &chunks {
                v.extend_from_slice(&c.attrs);
            }
            return NixAttrs::of_flat(v);
        }
        NixAttrs::chunked(chunks, len)
    }

    /// A set of one attribute.
    pub fn one(attr: Attr) -> NixAttrs {
        NixAttrs(Rc::new(Entries::One(attr)))
    }

    /// A set of two attributes, `a` sorting before `b`.
    pub fn two(a: Attr, b: Attr) -> NixAttrs {
        debug_assert!(a.name < b.name);
        NixAttrs(Rc::new(Entries::Two([a, b])))
    }

    /// Builds a set from attributes in any order; of duplicate names the first one wins
    /// (as `builtins.listToAttrs` requires).
    pub fn from_unsorted_first_wins(mut attrs: Vec<Attr>) -> NixAttrs {
        // A stable sort keeps duplicates in their original order, so `dedup` keeps the first.
        attrs.sort_by_key(|a| a.name);
        attrs.dedup_by(|later, earlier| later.name == earlier.name);
        NixAttrs::from_sorted(attrs)
    }

    /// Builds a set from attributes in any order; duplicates are reported by returning the
    /// name of the first duplicated attribute.
    pub fn from_unsorted_unique(mut attrs: Vec<Attr>) -> Result<NixAttrs, Symbol> {
        attrs.sort_by_key(|a| a.name);
        if let Some(w) = attrs.windows(2).find(|w| w[0].name == w[1].name) {
            return Err(w[0].name);
        }
        Ok(NixAttrs::from_sorted(attrs))
    }

    pub fn len(&self) -> usize {
        match &*self.0 {
            Entries::Chunked { len, .. } => *len,
            Entries::Layered { len, .. } => *len as usize,
            e => e.as_flat().map_or(0, <[Attr]>::len),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, name: Symbol) -> Option<&Value> {
        self.get_attr(name).map(|a| &a.value)
    }

    pub fn get_attr(&self, name: Symbol) -> Option<&Attr> {
        match &*self.0 {
            Entries::One(a) => (a.name == name).then_some(a),
            Entries::Two([a, b]) => {
                if a.name == name {
                    Some(a)
                } else {
                    (b.name == name).then_some(b)
                }
            }
            Entries::Few { names, attrs } => attrs.get(position(names, name)?),
            Entries::Flat {
                filter,
                names,
                attrs,
            } => {
                if filter & filter_bit(name) == 0 {
                    return None;
                }
                attrs.get(position(names, name)?)
            }
            Entries::Chunked { chunks, firsts, .. } => {
                // The last chunk starting at or before `name`.
                let i = firsts.partition_point(|&first| first <= name);
                chunks.get(i.checked_sub(1)?)?.get(name)
            }
            Entries::Layered {
                base, top, filter, ..
            } => match filter & small_filter_bit(name) {
                0 => layer_base(base).get_attr(name),
                _ => match find(top, name) {
                    Some(a) => Some(a),
                    None => layer_base(base).get_attr(name),
                },
            },
        }
    }

    pub fn contains(&self, name: Symbol) -> bool {
        self.get_attr(name).is_some()
    }

    /// The attributes in internal (symbol) order.
    pub fn iter(&self) -> Iter<'_> {
        match &*self.0 {
            Entries::Chunked { chunks, len, .. } => Iter::of_runs(&[], chunks, *len),
            Entries::Layered { base, top, len, .. } => Iter {
                top,
                remaining: *len as usize,
                ..layer_base(base).iter()
            },
            e => {
                let v = e.as_flat().unwrap_or_default();
                Iter::of_runs(v, &[], v.len())
            }
        }
    }

    /// The attributes in lexicographic order of their names, the order Nix shows.
    pub fn sorted(&self) -> Vec<&Attr> {
        // Comparing two names' texts reads both from the symbol table. Each name is read
        // once instead, into a key of its first eight bytes (big-endian, padded with zeros):
        // keys order names as their texts do, and only names that share those eight bytes
        // are compared in full. Names are distinct, so the sort need not be stable. Two
        // names (`attrNames` of many a small set) are compared as they are.
        if let [a, b] = self.0.as_flat().unwrap_or_default() {
            return match a.name.cmp_text(b.name) {
                Ordering::Greater => vec![b, a],
                _ => vec![a, b],
            };
        }
        let mut keyed: Vec<(u64, &Attr)> = self.iter().map(|a| (text_key(a.name), a)).collect();
        keyed.sort_unstable_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| a.name.cmp_text(b.name)));
        keyed.into_iter().map(|(_, a)| a).collect()
    }

    /// The names in lexicographic order.
    pub fn sorted_names(&self) -> Vec<Symbol> {
        self.sorted().into_iter().map(|a| a.name).collect()
    }

    /// This set's chunks, viewing a flat set as one chunk (not for a layered set).
    fn chunk_slices(&self) -> Vec<&[Attr]> {
        match &*self.0 {
            Entries::Chunked { chunks, .. } => chunks.iter().map(|c| &*c.attrs).collect(),
            e => vec![e.as_flat().unwrap_or_default()],
        }
    }

    /// `self // other`: the union, with `other`'s attributes winning.
    pub fn update(&self, other: &NixAttrs) -> NixAttrs {
        if other.is_empty() {
            return self.clone();
        }
        if self.is_empty() {
            return other.clone();
        }
        if let Some(layered) = self.layer(other) {
            return layered;
        }
        self.merged().merge(&other.merged())
    }

    /// `self // other` as a layer over `self`'s base, if `other` is small enough for it.
    fn layer(&self, other: &NixAttrs) -> Option<NixAttrs> {
        let patch = other.0.as_flat().filter(|p| p.len() <= LAYER_MAX)?;
        let (base, top): (&Value, &[Attr]) = match &*self.0 {
            Entries::Layered { base, top, .. } => (base, top),
            // Only a set that has room to share is worth a layer: a small one is copied.
            _ if self.len() < 2 * patch.len() || self.len() < 8 => return None,
            _ => {
                let len = self.len() + patch.iter().filter(|a| !self.contains(a.name)).count();
                return NixAttrs::layered(Value::Attrs(self.clone()), patch.into(), len);
            }
        };
        let n = union_len(top, patch);
        if n > LAYER_MAX || n > layer_base(base).len() {
            return None;
        }
        let mut merged = Vec::with_capacity(n);
        merge_into(&mut merged, top, patch);
        // The set grows by the patch's names that neither the top nor the base has: only
        // the names new to the top are looked for in the base, not the whole top again.
        let mut len = self.len();
        if n > top.len() {
            let b = layer_base(base);
            len += patch
                .iter()
                .filter(|a| find(top, a.name).is_none() && !b.contains(a.name))
                .count();
        }
        NixAttrs::layered(base.clone(), merged.into_boxed_slice(), len)
    }

    /// `top` (sorted, not empty) over `base`, a set that is not layered, `len` names in all;
    /// none if `len` does not fit its 32 bits (no set that large fits in memory).
    fn layered(base: Value, top: Box<[Attr]>, len: usize) -> Option<NixAttrs> {
        debug_assert_eq!(
            len,
            layer_base(&base).len()
                + top
                    .iter()
                    .filter(|a| !layer_base(&base).contains(a.name))
                    .count()
        );
        let len = u32::try_from(len).ok()?;
        let filter = small_filter_of(&top);
        Some(NixAttrs(Rc::new(Entries::Layered {
            base,
            top,
            len,
            filter,
        })))
    }

    /// The same set, not layered: a layered one's top merged into its base.
    fn merged(&self) -> NixAttrs {
        match &*self.0 {
            Entries::Layered { base, top, .. } => {
                layer_base(base).merge(&NixAttrs(Rc::new(Entries::flat(top.to_vec()))))
            }
            _ => self.clone(),
        }
    }

    /// `self // other` for sets that are not layered, as one run or shared chunks.
    fn merge(&self, other: &NixAttrs) -> NixAttrs {
        if let (Some(a), Some(b)) = (self.0.as_flat(), other.0.as_flat())
            && a.len() + b.len() <= FLAT_MAX
        {
            let mut out = Vec::with_capacity(union_len(a, b));
            merge_into(&mut out, a, b);
            return NixAttrs::of_flat(out);
        }
        // Walk the larger side chunk by chunk, merging in the smaller side: chunks the
        // smaller side does not touch are shared, not copied.
        let (bulk, patch, patch_wins) = if self.len() >= other.len() {
            (self, other, true)
        } else {
            (other, self, false)
        };
        let patch: Vec<Attr> = patch.iter().cloned().collect();
        let mut p = 0;
        let mut chunks: Vec<Rc<Chunk>> = Vec::new();
        let mut len = 0;
        let shared: Option<&[Rc<Chunk>]> = match &*bulk.0 {
            Entries::Chunked { chunks, .. } => Some(chunks),
            _ => None,
        };
        let slices = bulk.chunk_slices();
        for (ci, run) in slices.iter().enumerate() {
            // Patch entries before the next chunk's first name belong with this chunk.
            let end = match slices.get(ci + 1) {
                Some(next) => patch[p..].partition_point(|a| a.name < next[0].name) + p,
                None => patch.len(),
            };
            let mine = &patch[p..end];
            p = end;
            if mine.is_empty() {
                len += run.len();
                match shared {
                    Some(sh) => chunks.push(sh[ci].clone()),
                    None => chunks.push(Chunk::new(run.to_vec())),
                }
                continue;
            }
            let mut merged = Vec::with_capacity(union_len(run, mine));
            if patch_wins {
                merge_into(&mut merged, run, mine);
            } else {
                merge_into(&mut merged, mine, run);
            }
            len += merged.len();
            chunk(merged, &mut chunks);
        }
        NixAttrs::from_chunks(chunks, len)
    }

    /// A copy of this set with one attribute added or replaced.
    pub fn insert(&self, attr: Attr) -> NixAttrs {
        self.update(&NixAttrs::one(attr))
    }

    /// A copy without the given names.
    pub fn remove_all(&self, names: &[Symbol]) -> NixAttrs {
        // The names the set has, sorted as the set is: what is kept is then found in one
        // walk over both, not by searching the names for every attribute.
        let mut gone: Vec<Symbol> = names
            .iter()
            .copied()
            .filter(|n| self.contains(*n))
            .collect();
        if gone.is_empty() {
            return self.clone();
        }
        gone.sort_unstable();
        gone.dedup();
        match &*self.0 {
            Entries::Layered { .. } => self.merged().remove_all(&gone),
            Entries::One(_) | Entries::Two(_) | Entries::Few { .. } | Entries::Flat { .. } => {
                let run = self.0.as_flat().unwrap_or_default();
                NixAttrs::of_flat(without(run, &gone))
            }
            Entries::Chunked { chunks, firsts, .. } => {
                let mut out = Vec::with_capacity(chunks.len());
                let mut len = 0;
                let mut g = 0;
                for (i, c) in chunks.iter().enumerate() {
                    // The removed names up to the next chunk's first are this chunk's.
                    let end = match firsts.get(i + 1) {
                        Some(next) => gone[g..].partition_point(|n| n < next) + g,
                        None => gone.len(),
                    };
                    let mine = &gone[g..end];
                    g = end;
                    if mine.is_empty() {
                        len += c.attrs.len();
                        out.push(c.clone());
                        continue;
                    }
                    let kept = without(&c.attrs, mine);
                    len += kept.len();
                    if !kept.is_empty() {
                        out.push(Chunk::new(kept));
                    }
                }
                NixAttrs::from_chunks(out, len)
            }
        }
    }

    /// Applies `f` to every attribute, keeping the names; the new values have no position
    /// (as those of Nix's `mapAttrs`, which made them, do not).
    pub fn map_values(&self, mut f: impl FnMut(&Attr) -> Value) -> NixAttrs {
        let mut map = |run: &[Attr]| -> Vec<Attr> {
            run.iter()
                .map(|a| Attr {
                    name: a.name,
                    pos: None,
                    value: f(a),
                })
                .collect()
        };
        match &*self.0 {
            Entries::Chunked { chunks, len, .. } => {
                let chunks = chunks.iter().map(|c| Chunk::new(map(&c.attrs))).collect();
                NixAttrs::chunked(chunks, *len)
            }
            Entries::Layered { .. } => NixAttrs::from_sorted(
                self.iter()
                    .map(|a| Attr {
                        name: a.name,
                        pos: None,
                        value: f(a),
                    })
                    .collect(),
            ),
            e => NixAttrs::of_flat(map(e.as_flat().unwrap_or_default())),
        }
    }

    /// Whether this set is a derivation: its `type` attribute is the string "derivation".
    /// Only an already-evaluated `type` counts; callers that must force it do so first.
    pub fn is_derivation(&self) -> bool {
        match self.get(well_known::type_()).map(Value::shallow) {
            Some(Value::String(s)) => s.as_bytes() == b"derivation",
            _ => false,
        }
    }

    pub(crate) fn is_unique(&self) -> bool {
        Rc::strong_count(&self.0) == 1
    }

    pub(crate) fn strong_count(&self) -> usize {
        Rc::strong_count(&self.0)
    }

    /// What the set holds, for the cycle collector: its own attributes' values, or the
    /// chunks it shares.
    pub(crate) fn trace(&self, mut value: impl FnMut(&Value), mut chunk: impl FnMut(&Rc<Chunk>)) {
        match &*self.0 {
            Entries::Chunked { chunks, .. } => chunks.iter().for_each(&mut chunk),
            Entries::Layered { base, top, .. } => {
                value(base);
                top.iter().for_each(|a| value(&a.value));
            }
            e => e
                .as_flat()
                .into_iter()
                .flatten()
                .for_each(|a| value(&a.value)),
        }
    }

    pub fn identity(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }

    pub fn ptr_eq(&self, other: &NixAttrs) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<'a> IntoIterator for &'a NixAttrs {
    type Item = &'a Attr;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests;
