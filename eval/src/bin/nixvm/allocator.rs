//! The process's allocator: mimalloc, reached through its plain entry points.
//!
//! An evaluator allocates and frees small objects at a high rate (thunks, closures, sets,
//! frames' vectors): tens of millions in a NixOS evaluation. The `mimalloc` crate's own
//! `GlobalAlloc` passes every request to `mi_malloc_aligned`, whose path through mimalloc
//! is several calls and alignment checks longer than `mi_malloc`'s. Almost every Rust
//! allocation asks for an alignment that `mi_malloc` gives anyway (mimalloc aligns a block
//! of 16 bytes or more to 16, a smaller one to 8), so those go the short way, as the system
//! allocator's Rust front does; only a larger alignment takes the aligned entry.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// The alignment `mi_malloc` guarantees for a block at least this large
/// (`MI_MAX_ALIGN_SIZE` on 64-bit targets).
const PLAIN_ALIGN: usize = 16;

unsafe extern "C" {
    // mimalloc 2.x's C API (`include/mimalloc.h`), built into the binary by the `mimalloc`
    // crate.
    fn mi_malloc(size: usize) -> *mut c_void;
    fn mi_zalloc(size: usize) -> *mut c_void;
    fn mi_realloc(p: *mut c_void, newsize: usize) -> *mut c_void;
    fn mi_free(p: *mut c_void);
}

/// mimalloc, with the short entry points where the alignment allows.
pub struct Allocator;

/// Whether `mi_malloc` of `size` bytes is aligned enough for `align`.
#[inline(always)]
fn plain(align: usize, size: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

// SAFETY: every method hands the request to mimalloc, which returns memory of at least the
// requested size or null; the short entry points are taken only when the alignment they
// guarantee covers the layout's (`plain`), and `mimalloc::MiMalloc` (which uses the aligned
// entries) serves the rest. Blocks from either are freed and reallocated by either, as
// mimalloc keeps no separate heap for aligned blocks.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align(), layout.size()) {
            // SAFETY: any size may be asked of `mi_malloc`.
            unsafe { mi_malloc(layout.size()).cast() }
        } else {
            // SAFETY: forwarded with the caller's guarantees.
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align(), layout.size()) {
            // SAFETY: any size may be asked of `mi_zalloc`.
            unsafe { mi_zalloc(layout.size()).cast() }
        } else {
            // SAFETY: forwarded with the caller's guarantees.
            unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { mi_free(ptr.cast()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if plain(layout.align(), new_size) {
            // SAFETY: `ptr` came from mimalloc; the new block keeps the contents.
            unsafe { mi_realloc(ptr.cast(), new_size).cast() }
        } else {
            // SAFETY: forwarded with the caller's guarantees.
            unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
        }
    }
}
