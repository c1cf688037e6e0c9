//! The parse-time checks of attribute sets and `let` bindings, on a model of the sets the
//! parser builds: no attribute may be defined twice, and a name defined with a plain value
//! may not also be the start of a nested path (`a = 1; a.b = 2;`).
//!
//! Nix merges rather than rejects where both definitions are attribute sets written out
//! (`a.b = 1; a = { c = 2; };`, or `a = { b = 1; }; a.c = 2;`): the second set's attributes
//! are added to the first one by one, with the same checks, so the error names the full
//! path (`x.y.y`) and points at the inner definition.

use rustc_hash::FxHashMap;

use super::Symbols;

/// An attribute set literal, by its index in [`AttrSets`].
pub(crate) type SetId = usize;

/// What an attribute is bound to, as far as the checks care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bound {
    /// An attribute set literal (or one made for a nested path), which later definitions
    /// may extend.
    Set(SetId),
    /// Anything else.
    Other,
}

#[derive(Clone, Debug)]
struct Def {
    bound: Bound,
    /// Where the definition is: the start of its attribute path, or of the inherited name.
    pos: usize,
}

/// Static attributes by symbol. Most sets are small, and a hash map for each would cost an
/// allocation and hashing for every set of a file: a list is searched until it grows long.
#[derive(Default, Debug)]
struct Attrs {
    list: Vec<(u32, Def)>,
    /// Positions in `list` by symbol, once the list is longer than [`Attrs::SMALL`].
    index: Option<FxHashMap<u32, usize>>,
}

impl Attrs {
    const SMALL: usize = 12;

    fn get(&self, name: &u32) -> Option<&Def> {
        match &self.index {
            Some(index) => index.get(name).map(|&i| &self.list[i].1),
            None => self.list.iter().find(|(n, _)| n == name).map(|(_, d)| d),
        }
    }

    /// Adds an attribute not yet in the set.
    fn insert(&mut self, name: u32, def: Def) {
        self.list.push((name, def));
        if let Some(index) = &mut self.index {
            index.insert(name, self.list.len() - 1);
        } else if self.list.len() > Self::SMALL {
            let index = self.list.iter().enumerate().map(|(i, (n, _))| (*n, i));
            self.index = Some(index.collect());
        }
    }

    /// Takes all the attributes out, in no particular order.
    fn drain(&mut self) -> Vec<(u32, Def)> {
        self.index = None;
        std::mem::take(&mut self.list)
    }
}

#[derive(Default, Debug)]
struct AttrSet {
    attrs: Attrs,
    /// How many attributes have dynamic names (`${e} = …`).
    dynamic: usize,
}

/// One element of an attribute path.
#[derive(Clone, Debug)]
pub(crate) enum AttrName {
    Static(u32),
    Dynamic,
}

/// A definition Nix rejects: the path shown, where it is, and where the first one is.
#[derive(Debug)]
pub(crate) struct Duplicate {
    pub path: String,
    pub pos: usize,
    pub previous: usize,
}

/// Every attribute set of one parse.
#[derive(Default)]
pub(crate) struct AttrSets {
    sets: Vec<AttrSet>,
}

impl AttrSets {
    pub(crate) fn new_set(&mut self) -> SetId {
        self.sets.push(AttrSet::default());
        self.sets.len() - 1
    }

    /// Whether the set has attributes with dynamic names at its top level.
    pub(crate) fn has_dynamic(&self, set: SetId) -> bool {
        self.sets[set].dynamic > 0
    }

    pub(crate) fn has(&self, set: SetId, name: u32) -> Option<usize> {
        self.sets[set].attrs.get(&name).map(|d| d.pos)
    }

    /// Adds an inherited attribute, which must be new.
    pub(crate) fn inherit(
        &mut self,
        set: SetId,
        name: u32,
        pos: usize,
        symbols: &Symbols<'_>,
    ) -> Result<(), Duplicate> {
        if let Some(previous) = self.has(set, name) {
            return Err(Duplicate {
                path: symbols.shown(name),
                pos,
                previous,
            });
        }
        self.sets[set].attrs.insert(
            name,
            Def {
                bound: Bound::Other,
                pos,
            },
        );
        Ok(())
    }

    /// `path = value;` in `set`, with `pos` the start of the path.
    pub(crate) fn add(
        &mut self,
        set: SetId,
        path: &[AttrName],
        pos: usize,
        value: Bound,
        symbols: &Symbols<'_>,
    ) -> Result<(), Duplicate> {
        let mut cur = set;
        let (last, init) = path.split_last().expect("an attribute path is never empty");
        for (i, name) in init.iter().enumerate() {
            cur = match name {
                AttrName::Static(sym) => match self.sets[cur].attrs.get(sym) {
                    Some(Def {
                        bound: Bound::Set(nested),
                        ..
                    }) => *nested,
                    Some(def) => {
                        return Err(Duplicate {
                            path: show_path(&path[..=i], symbols),
                            pos,
                            previous: def.pos,
                        });
                    }
                    None => {
                        let nested = self.new_set();
                        self.sets[cur].attrs.insert(
                            *sym,
                            Def {
                                bound: Bound::Set(nested),
                                pos,
                            },
                        );
                        nested
                    }
                },
                AttrName::Dynamic => {
                    self.sets[cur].dynamic += 1;
                    self.new_set()
                }
            };
        }
        match last {
            AttrName::Static(sym) if self.sets[cur].attrs.get(sym).is_none() => {
                // A new name, the usual case: nothing to merge or show.
                self.sets[cur].attrs.insert(*sym, Def { bound: value, pos });
                Ok(())
            }
            AttrName::Static(sym) => {
                let mut shown: Vec<AttrName> = path.to_vec();
                self.add_static(cur, &mut shown, *sym, Def { bound: value, pos }, symbols)
            }
            AttrName::Dynamic => {
                self.sets[cur].dynamic += 1;
                Ok(())
            }
        }
    }

    /// Adds one static attribute, merging two attribute set literals; `path` (for the
    /// message) already ends in `name`. The merge walks the nested sets with a work list of
    /// its own, not by recursion: they may nest as deep as the input is long.
    fn add_static(
        &mut self,
        set: SetId,
        path: &mut Vec<AttrName>,
        name: u32,
        def: Def,
        symbols: &Symbols<'_>,
    ) -> Result<(), Duplicate> {
        // Attributes to add: the set, the name, its definition and the length of the path
        // down to it. The last pushed is taken first, depth first, so that children pushed
        // in reverse order are added in order, each with all its own before the next.
        let mut work = vec![(set, name, def, path.len())];
        while let Some((set, name, def, len)) = work.pop() {
            path.truncate(len - 1);
            path.push(AttrName::Static(name));
            let Some(existing) = self.sets[set].attrs.get(&name).cloned() else {
                self.sets[set].attrs.insert(name, def);
                continue;
            };
            match (existing.bound, def.bound) {
                (Bound::Set(into), Bound::Set(from)) if into != from => {
                    // Nix walks the set's attributes in the order of their symbols.
                    let mut moved: Vec<(u32, Def)> = self.sets[from].attrs.drain();
                    moved.sort_by_key(|(sym, _)| std::cmp::Reverse(*sym));
                    work.extend(moved.into_iter().map(|(sym, d)| (into, sym, d, len + 1)));
                    let dynamic = std::mem::take(&mut self.sets[from].dynamic);
                    self.sets[into].dynamic += dynamic;
                }
                _ => {
                    return Err(Duplicate {
                        path: show_path(path, symbols),
                        pos: def.pos,
                        previous: existing.pos,
                    });
                }
            }
        }
        Ok(())
    }
}

fn show_path(path: &[AttrName], symbols: &Symbols<'_>) -> String {
    let parts: Vec<String> = path
        .iter()
        .map(|n| match n {
            AttrName::Static(s) => symbols.shown(*s),
            AttrName::Dynamic => "\"${…}\"".to_string(),
        })
        .collect();
    parts.join(".")
}
