//! Attribute sets: immutable maps from names to values.
//!
//! Internally the attributes are kept sorted by [`Symbol`] interning order, which makes
//! lookups a binary search over integers and `//` a linear merge. Nix shows attributes in
//! lexicographic order; [`NixAttrs::sorted`] gives that order where it is needed (printing,
//! `attrNames`, `attrValues`, `mapAttrs`, JSON).
//!
//! Each attribute remembers where it was defined, for `unsafeGetAttrPos` and error traces.

use std::rc::Rc;

use codemap::Pos;

use crate::drop::release;
use crate::symbol::{Symbol, well_known};
use crate::value::Value;

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

struct Entries(Vec<Attr>);

impl Drop for Entries {
    fn drop(&mut self) {
        release(std::mem::take(&mut self.0).into_iter().map(|a| a.value));
    }
}

/// An attribute set value. Cloning shares it.
#[derive(Clone)]
pub struct NixAttrs(Rc<Entries>);

impl NixAttrs {
    pub fn empty() -> NixAttrs {
        NixAttrs(Rc::new(Entries(Vec::new())))
    }

    /// Builds a set from attributes already sorted by symbol with no duplicates.
    pub fn from_sorted(attrs: Vec<Attr>) -> NixAttrs {
        debug_assert!(attrs.windows(2).all(|w| w[0].name < w[1].name));
        NixAttrs(Rc::new(Entries(attrs)))
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
        self.0.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.0.is_empty()
    }

    fn index_of(&self, name: Symbol) -> Result<usize, usize> {
        self.0.0.binary_search_by(|a| a.name.cmp(&name))
    }

    pub fn get(&self, name: Symbol) -> Option<&Value> {
        self.get_attr(name).map(|a| &a.value)
    }

    pub fn get_attr(&self, name: Symbol) -> Option<&Attr> {
        self.index_of(name).ok().map(|i| &self.0.0[i])
    }

    pub fn contains(&self, name: Symbol) -> bool {
        self.index_of(name).is_ok()
    }

    /// The attributes in internal (symbol) order.
    pub fn iter(&self) -> std::slice::Iter<'_, Attr> {
        self.0.0.iter()
    }

    /// The attributes in lexicographic order of their names, the order Nix shows.
    pub fn sorted(&self) -> Vec<&Attr> {
        let mut v: Vec<&Attr> = self.0.0.iter().collect();
        v.sort_by(|a, b| a.name.cmp_text(b.name));
        v
    }

    /// The names in lexicographic order.
    pub fn sorted_names(&self) -> Vec<Symbol> {
        self.sorted().into_iter().map(|a| a.name).collect()
    }

    /// `self // other`: the union, with `other`'s attributes winning.
    pub fn update(&self, other: &NixAttrs) -> NixAttrs {
        if other.is_empty() {
            return self.clone();
        }
        if self.is_empty() {
            return other.clone();
        }
        let (a, b) = (&self.0.0, &other.0.0);
        let mut out = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].name.cmp(&b[j].name) {
                std::cmp::Ordering::Less => {
                    out.push(a[i].clone());
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.push(b[j].clone());
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    out.push(b[j].clone());
                    i += 1;
                    j += 1;
                }
            }
        }
        out.extend_from_slice(&a[i..]);
        out.extend_from_slice(&b[j..]);
        NixAttrs::from_sorted(out)
    }

    /// A copy of this set with one attribute added or replaced.
    pub fn insert(&self, attr: Attr) -> NixAttrs {
        let mut v = self.0.0.clone();
        match self.index_of(attr.name) {
            Ok(i) => v[i] = attr,
            Err(i) => v.insert(i, attr),
        }
        NixAttrs::from_sorted(v)
    }

    /// A copy without the given names.
    pub fn remove_all(&self, names: &[Symbol]) -> NixAttrs {
        if names.iter().all(|n| !self.contains(*n)) {
            return self.clone();
        }
        let v = self
            .0
            .0
            .iter()
            .filter(|a| !names.contains(&a.name))
            .cloned()
            .collect();
        NixAttrs::from_sorted(v)
    }

    /// Applies `f` to every attribute, keeping names and positions.
    pub fn map_values(&self, mut f: impl FnMut(&Attr) -> Value) -> NixAttrs {
        let v = self
            .0
            .0
            .iter()
            .map(|a| Attr {
                name: a.name,
                pos: a.pos,
                value: f(a),
            })
            .collect();
        NixAttrs::from_sorted(v)
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

    pub fn identity(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }

    pub fn ptr_eq(&self, other: &NixAttrs) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<'a> IntoIterator for &'a NixAttrs {
    type Item = &'a Attr;
    type IntoIter = std::slice::Iter<'a, Attr>;
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
}
