//! The process's allocator: mimalloc, reached through its plain entry points.
//!
//! An evaluator allocates and frees small objects at a high rate (thunks, closures, sets,
//! frames' vectors): tens of millions in a NixOS evaluation. The `mimalloc` crate's own
//! `GlobalAlloc` passes every request to `mi_malloc_aligned`, whose path through mimalloc
//! is several calls and alignment checks longer than `mi_malloc`'s. Almost every Rust
//! allocation asks for an alignment that `mi_malloc` gives anyway (mimalloc aligns a block
//! of 16 bytes or more to 16, a smaller one to 8), so those go the short way, as the system
//! allocator's Rust front does; only a larger alignment takes the aligned entry.
//!
//! Its options are set before the first allocation (see [`configure`]).

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
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc 2.x's `mi_option_t` (`include/mimalloc.h`).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;
/// `mi_option_allow_thp` in the same enumeration.
const MI_OPTION_ALLOW_THP: std::ffi::c_int = 37;

/// Sets the allocator's options:
///
/// * Freed memory is never handed back to the system. Evaluation frees and allocates at a
///   high rate; returning pages after mimalloc's default 10 ms only to fault them in again
///   (each one zeroed by the kernel) cost up to a tenth of the run time of
///   allocation-heavy programs. A command-line run is short, and its peak memory is the
///   same either way.
/// * No transparent huge pages. mimalloc asks for them (`madvise`) on the memory it
///   reserves, and where the system grants them only when asked (the common `madvise`
///   setting, for allocation and defragmentation alike) the kernel compacts memory to
///   find each 2 MiB page and zeroes all of it at the first touch: measured on a NixOS
///   evaluation, a quarter of the run's time went to that, in the kernel, against a few
///   per cent for faulting in the same memory 4 KiB at a time.
///
/// mimalloc reads its options when it first needs them, and reserves its memory at the
/// first allocation, which the Rust runtime makes before `main`: on Linux this runs from
/// the program's initialisers (after mimalloc's own, before the runtime's start), and
/// `main` runs it again, where it changes nothing.
pub fn configure() {
    // SAFETY: `mi_option_set` stores a value in mimalloc's table of options. It has no
    // preconditions on its arguments (an option outside the table is ignored), touches no
    // Rust-visible memory, and may be called at any time from any thread; the declaration
    // above matches its C signature (`mi_option_t` is a C enum, passed as an `int`).
    unsafe {
        mi_option_set(MI_OPTION_PURGE_DELAY, -1);
        mi_option_set(MI_OPTION_ALLOW_THP, 0);
    }
}

/// [`configure`], as an initialiser.
#[cfg(target_os = "linux")]
extern "C" fn configure_at_start() {
    configure();
}

/// Runs [`configure`] before the Rust runtime starts (and allocates).
// SAFETY: an entry of `.init_array` is called once by the loader, with no arguments, before
// `main` and before the Rust runtime is set up, so it must be an `extern "C" fn()` that needs
// nothing from that runtime: `configure_at_start` is one, it neither allocates nor panics,
// and it only calls `mi_option_set` (see `configure`), which mimalloc allows at any time.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static CONFIGURE_AT_START: extern "C" fn() = configure_at_start;

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
