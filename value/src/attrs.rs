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

/// A sorted, non-empty run of attributes, shared between sets.
pub(crate) struct Chunk(Box<[Attr]>);

impl Drop for Chunk {
    fn drop(&mut self) {
        release(std::mem::take(&mut self.0).into_iter().map(|a| a.value));
    }
}

impl Chunk {
    /// A chunk of exactly these attributes (a vector's spare room is given back).
    fn new(v: Vec<Attr>) -> Rc<Chunk> {
        Rc::new(Chunk(v.into_boxed_slice()))
    }

    fn first(&self) -> Symbol {
        self.0[0].name
    }

    /// The attributes' values, for the cycle collector.
    pub(crate) fn values(&self) -> impl Iterator<Item = &Value> {
        self.0.iter().map(|a| &a.value)
    }
}

pub(crate) enum Entries {
    One(Attr),
    Two([Attr; 2]),
    /// Exactly as long as the set: a set lives as long as anything refers to it, and the
    /// sets of a package set (`//` of a derivation's attributes, over and over) are most of
    /// an evaluation's memory.
    Flat(Box<[Attr]>),
    /// `firsts[i]` is the first name of `chunks[i]`: a lookup finds its chunk by searching
    /// one contiguous array instead of following a pointer to every chunk it probes.
    Chunked {
        chunks: Box<[Rc<Chunk>]>,
        firsts: Box<[Symbol]>,
        len: usize,
    },
    /// `base // top`: `base` is a set that is not layered itself (a `Value::Attrs`, so that
    /// the cycle collector follows it as it follows any value), `top` sorted and not empty,
    /// `len` the number of distinct names of both.
    Layered {
        base: Value,
        top: Box<[Attr]>,
        len: usize,
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
            _ => Entries::Flat(v.into_boxed_slice()),
        }
    }

    /// The attributes as one sorted run, unless the set is chunked.
    fn as_flat(&self) -> Option<&[Attr]> {
        match self {
            Entries::One(a) => Some(std::slice::from_ref(a)),
            Entries::Two(a) => Some(a),
            Entries::Flat(v) => Some(v),
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
            Entries::Flat(v) => release(std::mem::take(v).into_iter().map(|a| a.value)),
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
            self.current = self.chunks.next()?.0.iter();
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
    pub fn empty() -> NixAttrs {
        NixAttrs(Rc::new(Entries::Flat(Box::new([]))))
    }

    /// Builds a set from attributes already sorted by symbol with no duplicates.
    pub fn from_sorted(attrs: Vec<Attr>) -> NixAttrs {
        debug_assert!(attrs.windows(2).all(|w| w[0].name < w[1].name));
        if attrs.len() <= FLAT_MAX {
            return NixAttrs(Rc::new(Entries::flat(attrs)));
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
                v.extend_from_slice(&c.0);
            }
            return NixAttrs(Rc::new(Entries::flat(v)));
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
            Entries::Chunked { len, .. } | Entries::Layered { len, .. } => *len,
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
        let run = match &*self.0 {
            Entries::One(a) => return (a.name == name).then_some(a),
            Entries::Chunked { chunks, firsts, .. } => {
                // The last chunk starting at or before `name`.
                let i = firsts.partition_point(|&first| first <= name);
                &chunks.get(i.checked_sub(1)?)?.0
            }
            Entries::Layered { base, top, .. } => {
                return match find(top, name) {
                    Some(a) => Some(a),
                    None => layer_base(base).get_attr(name),
                };
            }
            e => e.as_flat()?,
        };
        find(run, name)
    }

    pub fn contains(&self, name: Symbol) -> bool {
        self.get_attr(name).is_some()
    }

    /// The attributes in internal (symbol) order.
    pub fn iter(&self) -> Iter<'_> {
        match &*self.0 {
            Entries::Chunked { chunks, len, .. } => Iter::of_runs(&[], chunks, *len),
            Entries::Layered { base, top, len } => Iter {
                top,
                remaining: *len,
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
            Entries::Chunked { chunks, .. } => chunks.iter().map(|c| &*c.0).collect(),
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
                return Some(NixAttrs::layered(
                    Value::Attrs(self.clone()),
                    patch.into(),
                    len,
                ));
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
        Some(NixAttrs::layered(
            base.clone(),
            merged.into_boxed_slice(),
            len,
        ))
    }

    /// `top` (sorted, not empty) over `base`, a set that is not layered, `len` names in all.
    fn layered(base: Value, top: Box<[Attr]>, len: usize) -> NixAttrs {
        debug_assert_eq!(
            len,
            layer_base(&base).len()
                + top
                    .iter()
                    .filter(|a| !layer_base(&base).contains(a.name))
                    .count()
        );
        NixAttrs(Rc::new(Entries::Layered { base, top, len }))
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
            return NixAttrs(Rc::new(Entries::flat(out)));
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
            Entries::One(_) | Entries::Two(_) | Entries::Flat(_) => {
                let run = self.0.as_flat().unwrap_or_default();
                NixAttrs(Rc::new(Entries::flat(without(run, &gone))))
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
                        len += c.0.len();
                        out.push(c.clone());
                        continue;
                    }
                    let kept = without(&c.0, mine);
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
                let chunks = chunks.iter().map(|c| Chunk::new(map(&c.0))).collect();
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
            e => NixAttrs(Rc::new(Entries::flat(map(e.as_flat().unwrap_or_default())))),
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
mod tests {
    use super::*;

    fn set(pairs: &[(&str, i64)]) -> NixAttrs {
        NixAttrs::from_unsorted_first_wins(
            pairs
                .iter()
                .map(|(k, v)| Attr::new(Symbol::new(k), Value::Int(*v)))
                .collect(),
        )
    }

    fn int(v: Option<&Value>) -> Option<i64> {
        match v {
            Some(Value::Int(i)) => Some(*i),
            _ => None,
        }
    }

    #[test]
    fn sets_of_one_and_two_attributes_behave_like_others() {
        let one = set(&[("a", 1)]);
        let two = set(&[("a", 1), ("b", 2)]);
        assert_eq!(one.len(), 1);
        assert_eq!(two.len(), 2);
        assert_eq!(int(one.get(Symbol::new("a"))), Some(1));
        assert_eq!(int(one.get(Symbol::new("b"))), None);
        assert_eq!(int(two.get(Symbol::new("b"))), Some(2));
        assert_eq!(two.iter().count(), 2);
        let merged = one.update(&set(&[("c", 3)]));
        assert_eq!(merged.len(), 2);
        assert_eq!(int(merged.get(Symbol::new("c"))), Some(3));
        let removed = two.remove_all(&[Symbol::new("a")]);
        assert_eq!(removed.len(), 1);
        assert_eq!(int(removed.get(Symbol::new("b"))), Some(2));
        let doubled = two.map_values(|a| match a.value {
            Value::Int(i) => Value::Int(i * 2),
            _ => Value::Null,
        });
        assert_eq!(int(doubled.get(Symbol::new("b"))), Some(4));
        assert_eq!(
            two.remove_all(&[Symbol::new("a"), Symbol::new("b")]).len(),
            0
        );
    }

    /// Every attribute of every set is one: a name, a position and a value, three words
    /// (an `Option<Pos>` taking no more room than a `Pos`).
    #[test]
    fn attr_is_three_words() {
        assert_eq!(std::mem::size_of::<Attr>(), 24);
        assert_eq!(std::mem::size_of::<Option<Pos>>(), 4);
        // A set's shared part, with its reference counts, fills a 64-byte block.
        assert_eq!(std::mem::size_of::<Entries>(), 48);
    }

    /// `//` allocates the merged set at its size: overridden names leave no room unused.
    #[test]
    fn update_allocates_exactly() {
        let a = set(&[("x", 1), ("y", 2), ("z", 3)]);
        let b = set(&[("y", 4), ("z", 5)]);
        assert_eq!(union_len(a.chunk_slices()[0], b.chunk_slices()[0]), 3);
        let Entries::Flat(v) = &*a.update(&b).0 else {
            panic!("a small set is flat")
        };
        assert_eq!(v.len(), 3);
    }

    #[test]
    fn update_prefers_the_right_side() {
        let a = set(&[("x", 1), ("y", 2)]);
        let b = set(&[("y", 3), ("z", 4)]);
        let c = a.update(&b);
        assert_eq!(c.len(), 3);
        assert_eq!(int(c.get(Symbol::new("y"))), Some(3));
        assert_eq!(int(c.get(Symbol::new("x"))), Some(1));
    }

    #[test]
    fn first_duplicate_wins() {
        let a = set(&[("d", 1), ("d", 2)]);
        assert_eq!(a.len(), 1);
        assert_eq!(int(a.get(Symbol::new("d"))), Some(1));
    }

    #[test]
    fn sorted_is_lexicographic() {
        let a = set(&[
            ("b_sorted_test", 1),
            ("a_sorted_test", 2),
            ("c_sorted_test", 3),
        ]);
        let names: Vec<String> = a
            .sorted_names()
            .iter()
            .map(|s| s.to_str_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a_sorted_test", "b_sorted_test", "c_sorted_test"]);
    }

    /// Names sharing their first eight bytes, or differing only past them or in length,
    /// sort as their texts do.
    #[test]
    fn sorted_compares_whole_names() {
        let names = [
            "sorted_whole",
            "sorted_w",
            "sorted_wholeness",
            "sorted_",
            "sorted_whole\u{0}",
            "sorted_whole_b",
            "sorted_whole_a",
            "s",
            "",
            "sorted_v",
            "sorted_x",
            "\u{ff}",
        ];
        let pairs: Vec<(&str, i64)> = names.iter().map(|n| (*n, 0)).collect();
        let got: Vec<&[u8]> = set(&pairs)
            .sorted()
            .iter()
            .map(|a| a.name.as_bytes())
            .collect();
        let mut want: Vec<&[u8]> = names.iter().map(|n| n.as_bytes()).collect();
        want.sort();
        assert_eq!(got, want);
        // Two names, interned in and out of their text order.
        for (x, y) in [
            ("sorted_pair_b", "sorted_pair_a"),
            ("sorted_pair_c", "sorted_pair_d"),
        ] {
            let pair = set(&[(x, 0), (y, 0)]);
            let got: Vec<&[u8]> = pair.sorted().iter().map(|a| a.name.as_bytes()).collect();
            let mut want = [x.as_bytes(), y.as_bytes()];
            want.sort();
            assert_eq!(got, want);
        }
    }

    fn big(prefix: &str, n: i64) -> NixAttrs {
        let names: Vec<(String, i64)> = (0..n).map(|i| (format!("{prefix}{i}"), i)).collect();
        let pairs: Vec<(&str, i64)> = names.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        set(&pairs)
    }

    /// The same operations on large (chunked) sets agree with a plain map.
    #[test]
    fn large_sets_behave_like_maps() {
        use std::collections::BTreeMap;
        let a = big("large_sets_a", 1000);
        let b = big("large_sets_b", 300);
        let patch = set(&[
            ("large_sets_a5", -5),
            ("large_sets_new", 7),
            ("large_sets_b299", -1),
        ]);
        for (x, y) in [(&a, &b), (&b, &a), (&a, &patch), (&patch, &a), (&b, &patch)] {
            let mut model: BTreeMap<Symbol, i64> = BTreeMap::new();
            for s in [x, y] {
                for attr in s.iter() {
                    model.insert(attr.name, int(Some(&attr.value)).unwrap());
                }
            }
            let u = x.update(y);
            assert_eq!(u.len(), model.len());
            let got: Vec<(Symbol, i64)> = u
                .iter()
                .map(|a| (a.name, int(Some(&a.value)).unwrap()))
                .collect();
            let want: Vec<(Symbol, i64)> = model.into_iter().collect();
            assert_eq!(got, want);
            for (k, v) in &want {
                assert_eq!(int(u.get(*k)), Some(*v));
            }
            assert!(u.get(Symbol::new("large_sets_absent")).is_none());
        }
        let removed = a.remove_all(&[Symbol::new("large_sets_a1"), Symbol::new("large_sets_a999")]);
        assert_eq!(removed.len(), 998);
        assert!(!removed.contains(Symbol::new("large_sets_a1")));
        assert!(removed.contains(Symbol::new("large_sets_a2")));
    }

    /// Removing names, some absent, some given twice, from sets of every representation
    /// keeps exactly the others.
    #[test]
    fn remove_all_keeps_the_others() {
        for n in [1, 2, 10, 200, 1000] {
            let s = big("remove_all", n);
            let mut names: Vec<Symbol> = (0..n)
                .filter(|i| i % 7 == 3)
                .map(|i| Symbol::new(&format!("remove_all{i}")))
                .collect();
            names.push(Symbol::new("remove_all_absent"));
            names.extend(names.clone());
            for s in [s.clone(), s.update(&set(&[("remove_all_top", -1)]))] {
                let r = s.remove_all(&names);
                let want: Vec<Symbol> = s
                    .iter()
                    .map(|a| a.name)
                    .filter(|x| !names.contains(x))
                    .collect();
                assert_eq!(r.len(), want.len());
                assert_eq!(r.iter().map(|a| a.name).collect::<Vec<_>>(), want);
                assert!(want.iter().all(|x| r.contains(*x)));
                assert!(names.iter().all(|x| !r.contains(*x)));
            }
        }
    }

    /// Small updates of larger sets (flat and chunked) make layers; every operation on
    /// them agrees with a plain map, however the updates chain.
    #[test]
    fn layered_sets_behave_like_maps() {
        use std::collections::BTreeMap;
        for base_len in [8, 20, 100, 1000] {
            let mut s = big("layered", base_len);
            let mut model: BTreeMap<Symbol, i64> = s
                .iter()
                .map(|a| (a.name, int(Some(&a.value)).unwrap()))
                .collect();
            for step in 0..80i64 {
                // Overrides of the base's names, new names, and overrides of earlier patches.
                let k = (step * 37) % (base_len + 40);
                let patch = set(&[
                    (&format!("layered{k}"), -step),
                    (&format!("layered_new{}", step % 7), step),
                ]);
                s = s.update(&patch);
                for a in patch.iter() {
                    model.insert(a.name, int(Some(&a.value)).unwrap());
                }
                assert_eq!(s.len(), model.len());
                let got: Vec<(Symbol, i64)> = s
                    .iter()
                    .map(|a| (a.name, int(Some(&a.value)).unwrap()))
                    .collect();
                assert_eq!(got.len(), s.iter().len());
                let want: Vec<(Symbol, i64)> = model.iter().map(|(k, v)| (*k, *v)).collect();
                assert_eq!(got, want);
                for (k, v) in &want {
                    assert_eq!(int(s.get(*k)), Some(*v));
                }
                assert!(s.get(Symbol::new("layered_absent")).is_none());
            }
            let gone = [Symbol::new("layered3"), Symbol::new("layered_new2")];
            let removed = s.remove_all(&gone);
            assert_eq!(removed.len(), model.len() - 2);
            assert!(gone.iter().all(|n| !removed.contains(*n)));
            let doubled = s.map_values(|a| Value::Int(2 * int(Some(&a.value)).unwrap()));
            assert_eq!(doubled.len(), model.len());
            for (k, v) in &model {
                assert_eq!(int(doubled.get(*k)), Some(2 * v));
            }
            // A large update merges the layers into one set.
            let merged = s.update(&big("layered_other", 300));
            assert_eq!(merged.len(), model.len() + 300);
        }
    }

    /// A small update of a set that others keep shares it instead of copying it.
    #[test]
    fn small_updates_layer() {
        let base = big("small_layer", 40);
        let one = base.update(&set(&[("small_layer_x", 1)]));
        let two = one.update(&set(&[("small_layer_y", 2), ("small_layer3", 3)]));
        for s in [&one, &two] {
            let Entries::Layered { base: b, .. } = &*s.0 else {
                panic!("a small update is a layer")
            };
            assert!(layer_base(b).ptr_eq(&base));
        }
        assert_eq!(two.len(), 42);
        assert_eq!(int(two.get(Symbol::new("small_layer3"))), Some(3));
    }

    /// A chain of small updates to a big set shares the untouched chunks.
    #[test]
    fn small_updates_share_chunks() {
        let mut s = big("share_chunks", 10_000);
        for i in 0..100 {
            s = s.update(&set(&[(&format!("share_chunks{}", i * 97), -1)]));
        }
        assert_eq!(s.len(), 10_000);
        // The last few updates may still be a layer over the chunks.
        let s = s.merged();
        let Entries::Chunked { chunks, firsts, .. } = &*s.0 else {
            panic!("a big set is chunked")
        };
        assert_eq!(chunks.len(), firsts.len());
        assert!(chunks.iter().zip(firsts).all(|(c, f)| c.first() == *f));
        assert!(chunks.iter().all(|c| c.0.len() <= CHUNK_MAX));
    }
}
