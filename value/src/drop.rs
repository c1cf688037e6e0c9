//! Dropping deeply nested values without recursing on the Rust stack.
//!
//! A list nested 100,000 deep is one `Rc` holding a `Vec` holding one `Rc`… The default
//! `Drop` would free it recursively, one stack frame per level, and overflow. Instead, every
//! container that holds values (lists, attribute sets, upvalue arrays, thunks, partial
//! applications) hands the children it is about to free to [`release`]. Up to a small depth
//! a child is dropped in place, which is the cheapest way to free it; below that depth a
//! child that would free another container is queued, and the outermost `release` frees the
//! queue in a loop. So the Rust stack stays at most [`MAX_DEPTH`] levels deep, and the
//! common case (shallow data) touches no queue at all.

use std::cell::{Cell, RefCell};

use crate::value::Value;

/// How many containers may be freed inside one another before children are queued. Each
/// level costs a few small Rust frames, so this stays far from any thread's stack size.
const MAX_DEPTH: u32 = 64;

thread_local! {
    static QUEUE: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    static QUEUED: Cell<bool> = const { Cell::new(false) };
}

/// Whether dropping `v` could free a container (and so recurse).
#[inline]
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

/// Frees `child` without recursion proportional to its depth: at once if it cannot free a
/// container (the common case).
#[inline]
pub(crate) fn release_one(child: Value) {
    if may_free_container(&child) {
        release([child]);
    }
}

/// Frees `children` without recursion proportional to their depth.
pub(crate) fn release<I: IntoIterator<Item = Value>>(children: I) {
    let depth = DEPTH.get();
    for child in children {
        if !may_free_container(&child) {
            // Only a reference count to decrement (or a leaf to free): no recursion.
            continue;
        }
        if depth < MAX_DEPTH {
            DEPTH.set(depth + 1);
            drop(child);
            DEPTH.set(depth);
        } else {
            // If the queue is gone (the thread is exiting), the child is dropped here: what
            // is still alive then is shallow in practice, and there is nowhere else to put it.
            let _ = QUEUE.try_with(|q| q.borrow_mut().push(child));
            QUEUED.set(true);
        }
    }
    if depth == 0 && QUEUED.get() {
        drain();
    }
}

/// Frees what deeper levels queued, each from the top of the depth budget again.
#[cold]
fn drain() {
    loop {
        let next = QUEUE.try_with(|q| q.borrow_mut().pop()).ok().flatten();
        let Some(v) = next else { break };
        DEPTH.set(1);
        drop(v);
        DEPTH.set(0);
    }
    QUEUED.set(false);
}
