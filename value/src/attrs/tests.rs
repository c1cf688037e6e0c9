//! Tests of attribute sets: every representation behaves as a sorted map, and each keeps
//! the layout its size calls for.

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
    let Entries::Few { attrs: v, .. } = &*a.update(&b).0 else {
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
    assert!(chunks.iter().all(|c| c.attrs.len() <= CHUNK_MAX));
}

/// Sets of every size up to past the flat limit: each keeps the layout of its size, finds
/// every name it has at its place and none it lacks (names interned before, between and
/// after its own), and the inline names of a small set are padded past its end.
#[test]
fn every_size_finds_its_names_and_no_other() {
    let before = Symbol::new("every_size_before");
    for n in 0..=FLAT_MAX + 20 {
        let s = big(&format!("every_size{n}_"), n as i64);
        let after = Symbol::new(&format!("every_size{n}_after"));
        match (&*s.0, n) {
            (Entries::One(_), 1) | (Entries::Two(_), 2) => {}
            (Entries::Few { names, attrs }, 3..=FEW) => {
                assert_eq!(attrs.len(), n);
                assert!(names[n..].iter().all(|&p| p == PAD));
            }
            (
                Entries::Flat {
                    filter,
                    names,
                    attrs,
                },
                _,
            ) if n == 0 || (FEW < n && n <= FLAT_MAX) => {
                assert_eq!(names.len(), attrs.len());
                assert_eq!(*filter, filter_of(names));
                assert!(names.iter().zip(attrs.iter()).all(|(n, a)| *n == a.name));
            }
            (Entries::Chunked { chunks, .. }, _) if n > FLAT_MAX => {
                assert!(chunks.iter().all(|c| c.names.len() == c.attrs.len()));
            }
            _ => panic!("a set of {n} has the wrong layout"),
        }
        assert_eq!(s.len(), n);
        for i in 0..n as i64 {
            assert_eq!(
                int(s.get(Symbol::new(&format!("every_size{n}_{i}")))),
                Some(i)
            );
        }
        assert!(s.get(before).is_none());
        assert!(s.get(after).is_none());
        assert!(s.get(Symbol::ABSENT).is_none());
    }
}

#[test]
fn position_finds_exactly_the_names_present() {
    let names: Vec<Symbol> = (0..40)
        .map(|i| Symbol::new(&format!("position_{i}")))
        .collect();
    // Every other name present, short runs (counted) and long ones (halved).
    for len in [0, 1, 5, 8, 16, 17, 20] {
        let present: Vec<Symbol> = names.iter().copied().step_by(2).take(len).collect();
        for (k, &name) in names.iter().enumerate() {
            let want = (k % 2 == 0 && k / 2 < len).then_some(k / 2);
            assert_eq!(
                position(&present, name),
                want,
                "{len} names, looking for {k}"
            );
        }
    }
}

/// Every way of making an empty set gives the one shared empty set, which behaves as one.
#[test]
fn empty_sets_are_shared() {
    let e = NixAttrs::empty();
    let two = set(&[("empty_shared_a", 1), ("empty_shared_b", 2)]);
    let names = [Symbol::new("empty_shared_a"), Symbol::new("empty_shared_b")];
    let made = [
        NixAttrs::from_sorted(Vec::new()),
        two.remove_all(&names),
        big("empty_shared_big", 300).remove_all(
            &(0..300)
                .map(|i| Symbol::new(&format!("empty_shared_big{i}")))
                .collect::<Vec<_>>(),
        ),
        e.map_values(|a| a.value.clone()),
        e.update(&e),
    ];
    for m in &made {
        assert!(m.ptr_eq(&e));
        assert!(m.is_empty());
        assert_eq!(m.iter().count(), 0);
        assert!(m.get(names[0]).is_none());
    }
}

/// A name whose bit of the filter is clear is missing; one whose bit is set, because
/// another name has it, is looked for in the names and found missing too.
#[test]
fn the_filter_tells_misses_and_passes_the_rest_to_the_search() {
    let s = big("filter_", 10);
    let Entries::Flat { filter, .. } = &*s.0 else {
        panic!("a set of ten is flat")
    };
    let (mut sharing, mut clear) = (None, None);
    for i in 0.. {
        let n = Symbol::new(&format!("filter_other{i}"));
        match filter & filter_bit(n) {
            0 => clear = clear.or(Some(n)),
            _ => sharing = sharing.or(Some(n)),
        }
        if sharing.is_some() && clear.is_some() {
            break;
        }
    }
    assert!(s.get(sharing.expect("a name sharing a bit")).is_none());
    assert!(s.get(clear.expect("a name with its bit clear")).is_none());
    assert!(s.iter().all(|a| s.get(a.name).is_some()));
}

/// A layered set's top has a filter of its own: a name of the base is found whether its
/// bit is clear (the top is not read) or set (the top is searched first, then the base),
/// and the top's names still win.
#[test]
fn a_layered_sets_filter_passes_the_base_through() {
    let base = big("layer_filter", 100);
    let s = base.update(&set(&[("layer_filter7", -7), ("layer_filter_top", -1)]));
    let Entries::Layered { filter, top, .. } = &*s.0 else {
        panic!("a small update is a layer")
    };
    assert_eq!(*filter, small_filter_of(top));
    let (mut set_bits, mut clear_bits) = (0, 0);
    for i in 0..100 {
        let n = Symbol::new(&format!("layer_filter{i}"));
        match filter & small_filter_bit(n) {
            0 => clear_bits += 1,
            _ => set_bits += 1,
        }
        let want = if i == 7 { -7 } else { i };
        assert_eq!(int(s.get(n)), Some(want));
    }
    assert!(set_bits > 0 && clear_bits > 0);
    assert_eq!(int(s.get(Symbol::new("layer_filter_top"))), Some(-1));
    assert!(s.get(Symbol::new("layer_filter_absent")).is_none());
}
