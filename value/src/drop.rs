//! Dropping deeply nested values without recursing on the Rust stack.
//!
//! A list nested 100,000 deep is one `Rc` holding a `Vec` holding one `Rc`… The default
//! `Drop` would free it recursively, one stack frame per level, and overflow. Instead, every
//! container that holds values (lists, attribute sets, upvalue arrays, thunks, partial
//! applications) hands the children it is about to free to [`release`], which frees them in a
//! loop: a child that is the last reference to another container is queued rather than
//! dropped in place, so the Rust stack stays at most a couple of frames deep.

use std::cell::{Cell, RefCell};

use crate::value::Value;

thread_local! {
    static QUEUE: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
    static DRAINING: Cell<bool> = const { Cell::new(false) };
}

/// Whether dropping `v` could free a container (and so recurse).
fn may_free_container(v: &Value) -> bool {
    use std::rc::Rc;
    match v {
        Value::List(l) => l.is_unique(),
        Value::Attrs(a) => a.is_unique(),
        Value::Closure(c) => Rc::strong_count(c) == 1,
        Value::PartialApp(p) => Rc::strong_count(p) == 1,
        Value::Thunk(t) => t.is_unique(),
        _ => false,
    }
}

/// Frees `children` without recursion proportional to their depth.
pub(crate) fn release<I: IntoIterator<Item = Value>>(children: I) {
    let mut children = children.into_iter();
    // The common case: nothing here is the last reference to a container, so dropping
    // in place cannot recurse and the thread-local queue is not needed.
    let first = loop {
        match children.next() {
            None => return,
            Some(child) if may_free_container(&child) => break child,
            Some(_) => {}
        }
    };
    let draining = DRAINING.try_with(|d| d.get()).unwrap_or(true);
    let mut queued_any = false;
    for child in std::iter::once(first).chain(children) {
        if may_free_container(&child) {
            // If the thread-local queue is gone (thread exit), the child is dropped in place
            // by `try_with` failing: values alive at that point are shallow in practice, and
            // there is nowhere else to put them.
            if QUEUE.try_with(|q| q.borrow_mut().push(child)).is_ok() {
                queued_any = true;
            }
        }
    }
    if draining || !queued_any {
        return;
    }
    let _ = DRAINING.try_with(|d| d.set(true));
    loop {
        let next = QUEUE.try_with(|q| q.borrow_mut().pop()).ok().flatten();
        match next {
            // Dropping `v` may call `release` again, which only queues (we are draining).
            Some(v) => drop(v),
            None => break,
        }
    }
    let _ = DRAINING.try_with(|d| d.set(false));
}
