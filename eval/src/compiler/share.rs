//! Sharing the creator's upvalues: a function or thunk that reads nothing of the frame that
//! creates it but two or more of that frame's upvalues, most of them, takes the frame's
//! whole upvalue array by one reference, instead of a new array with copies of the values
//! it reads.
//!
//! Whether a body reads a local of its creator is known only once the body is compiled,
//! and how many upvalues the creator has once the creator is, so the decision is made then:
//! the body's upvalue numbers, which counted its own captures, are renumbered as its
//! creator numbers them, in it and in every lambda inside it that shares its upvalues in
//! turn (`Lambda::shares`), and the lambdas inside it that capture from it read from the
//! creator's numbering too. Making such a closure or thunk then allocates nothing and
//! copies no value. It keeps the creator's other upvalues alive as long as it lives (one
//! array, never a chain of them: the creator's array holds values, not other arrays),
//! which is why it must read most of them.

use std::rc::Rc;

use nixvm_value::code::{Capture, Cheap, CheapOperand, Frameless, Lambda, Op};

use super::emit::FunctionState;
use super::scope::ScopeChain;

/// At most this many nested lambdas are renumbered for one decision, so that compiling
/// stays linear in the program however deeply such bodies nest: past it, the body copies.
const MAX_RENUMBERED: usize = 64;

/// At most this many of its creator's upvalues that a body does not read are kept alive by
/// sharing the creator's array. Unbounded, sharing kept 3% more memory alive at the peak
/// of a NixOS evaluation; up to eight, none more, with most of the instructions saved.
const MAX_UNREAD: usize = 8;

/// Whether a body reading `reads` of its creator's `of` upvalues (and nothing else) shares
/// them: it saves an allocation and keeps few values alive that it does not read.
fn worth_sharing(reads: usize, of: usize) -> bool {
    reads >= 2 && of <= reads + MAX_UNREAD
}

/// Makes the lambdas made by the function just compiled in `fs` (whose captures are in
/// `chain`) share its upvalues where they read only those, most of them (see the module's
/// comment).
pub(super) fn share_creator_upvalues(fs: &mut FunctionState, chain: &ScopeChain) {
    let of = chain.captures.len();
    if of < 2 {
        return;
    }
    for i in 0..fs.lambdas.len() {
        let l = &fs.lambdas[i];
        if l.shares
            || !worth_sharing(l.captures.len(), of)
            || !l.captures.iter().all(|c| matches!(c, Capture::Upvalue(_)))
            || !renumberable(l)
        {
            continue;
        }
        let l = Rc::get_mut(&mut fs.lambdas[i]).expect("checked by `renumberable`");
        // The creator's number of each of the body's upvalues.
        let map: Vec<u32> = l
            .captures
            .iter()
            .map(|c| match c {
                Capture::Upvalue(p) => *p,
                Capture::Local(_) => unreachable!("checked above"),
            })
            .collect();
        l.captures = Box::new([]);
        l.shares = true;
        renumber(l, &map);
    }
}

/// Renumbers the upvalues `lambda` reads by `map`, and those of the lambdas inside it that
/// read its own (those that share them, and what those capture).
fn renumber(lambda: &mut Lambda, map: &[u32]) {
    let mut work: Vec<&mut Lambda> = vec![lambda];
    while let Some(l) = work.pop() {
        if l.deferred.is_some() {
            // A body not compiled yet: it will name them as `map` does.
            super::defer::share_numbering(l, map);
            continue;
        }
        for op in l.ops.iter_mut() {
            if let Op::Upvalue(i) | Op::UpvalueForce(i) = op {
                *i = map[*i as usize];
            }
        }
        if let Frameless::Cheap(c) = &mut l.frameless {
            renumber_cheap(c, map);
        }
        for inner in l.lambdas.iter_mut() {
            let inner = Rc::get_mut(inner).expect("checked by `renumberable`");
            if inner.shares {
                work.push(inner);
            } else {
                for c in inner.captures.iter_mut() {
                    if let Capture::Upvalue(i) = c {
                        *i = map[*i as usize];
                    }
                }
            }
        }
    }
}

/// Whether `lambda` and the lambdas that [`renumber`] would change in it are held only
/// here, and are not too many.
fn renumberable(lambda: &Rc<Lambda>) -> bool {
    let mut seen = 0;
    let mut work: Vec<&Rc<Lambda>> = vec![lambda];
    while let Some(rc) = work.pop() {
        seen += 1;
        if seen > MAX_RENUMBERED || Rc::strong_count(rc) != 1 || Rc::weak_count(rc) != 0 {
            return false;
        }
        if std::ptr::eq(rc, lambda) || rc.shares {
            work.extend(rc.lambdas.iter());
        }
    }
    true
}

fn renumber_cheap(c: &mut Cheap, map: &[u32]) {
    let operand = |o: &mut CheapOperand| {
        if let CheapOperand::Upvalue(i) = o {
            *i = map[*i as usize];
        }
    };
    match c {
        Cheap::Binary { a, b, .. } => {
            operand(a);
            operand(b);
        }
        Cheap::Select { set, .. } => operand(set),
        Cheap::SelectDyn { set, name } => {
            operand(set);
            operand(name);
        }
    }
}
