//! Nix lists: immutable, shared vectors of values.

use std::rc::Rc;

use crate::drop::release;
use crate::value::Value;

struct Items(Vec<Value>);

impl Drop for Items {
    fn drop(&mut self) {
        release(std::mem::take(&mut self.0));
    }
}

/// A list value. Cloning shares the elements.
#[derive(Clone)]
pub struct NixList(Rc<Items>);

impl NixList {
    pub fn new(items: Vec<Value>) -> NixList {
        if items.is_empty() {
            return NixList::empty();
        }
        NixList(Rc::new(Items(items)))
    }

    /// The empty list: one per thread, shared (`[ ]`, and the empty results of `filter`,
    /// `concatMap`, `attrNames`…, were each an allocation of their own).
    pub fn empty() -> NixList {
        thread_local! {
            static EMPTY: NixList = NixList(Rc::new(Items(Vec::new())));
        }
        EMPTY
            .try_with(NixList::clone)
            .unwrap_or_else(|_| NixList(Rc::new(Items(Vec::new()))))
    }

    pub fn len(&self) -> usize {
        self.0.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.0.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&Value> {
        self.0.0.get(i)
    }

    pub fn as_slice(&self) -> &[Value] {
        &self.0.0
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Value> {
        self.0.0.iter()
    }

    /// The elements, copied out if the list is shared.
    pub fn into_vec(self) -> Vec<Value> {
        match Rc::try_unwrap(self.0) {
            Ok(mut items) => std::mem::take(&mut items.0),
            Err(rc) => rc.0.clone(),
        }
    }

    pub(crate) fn is_unique(&self) -> bool {
        Rc::strong_count(&self.0) == 1
    }

    pub(crate) fn strong_count(&self) -> usize {
        Rc::strong_count(&self.0)
    }

    pub fn identity(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }

    pub fn ptr_eq(&self, other: &NixList) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl From<Vec<Value>> for NixList {
    fn from(v: Vec<Value>) -> NixList {
        NixList::new(v)
    }
}

impl<'a> IntoIterator for &'a NixList {
    type Item = &'a Value;
    type IntoIter = std::slice::Iter<'a, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropping_a_deeply_nested_list_does_not_overflow() {
        // Run on a thread with a small stack, so recursion would certainly fail.
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| {
                let mut v = Value::List(NixList::empty());
                for _ in 0..1_000_000 {
                    v = Value::List(NixList::new(vec![v]));
                }
                drop(v);
            })
            .unwrap()
            .join()
            .unwrap();
    }
}
