//! The source files an evaluator has read, for positions in spans and for error excerpts.
//!
//! Every file gets its range of positions from one `CodeMap`, and this table keeps the list
//! of files in position order, so that looking up a position that belongs to no file (a
//! value from another evaluator, say) is an answer of `None` rather than a panic.
//!
//! Files a program reads (imported files, `-E` text) are kept as long as the evaluator, or
//! until it drops its import cache ([`Sources::unkeep`]: the REPL's `:l` and `:r` read them
//! again). Lines typed at the REPL are *transient*: kept only while something holds their
//! file.
//! Compiled code does (each lambda holds the file it came from, for its `file:line:col`);
//! a set does not, though its attributes' positions point into the file. So the table
//! holds each transient file itself until a release (`Evaluator::release_repl_input`)
//! finds that no value the REPL keeps points into it. A REPL session of any length thus
//! keeps the lines it still needs, not all it was ever given; the entries of files gone
//! are swept out as they pile up.

use std::sync::{Arc, Weak};

use codemap::{CodeMap, File, Full, Pos, Span};

/// How few entries dropped files leave before the table is swept of them, and how few
/// transient files are added between two releases.
const MIN_SWEEP: usize = 64;
/// Values a release may walk per transient file added since the last one: with large
/// values kept (a REPL with nixpkgs loaded), releases come seldom, and a line's file costs
/// far less than the values that spaced the releases so.
const VISITS_PER_FILE: usize = 256;

#[derive(Default)]
pub struct Sources {
    map: CodeMap,
    /// In position order.
    files: Vec<Entry>,
    /// Entries added held weakly since the table was last swept of dead ones, and how
    /// many make the next sweep due: the table stays within twice what is alive.
    weak_added: usize,
    sweep_at: usize,
    /// Transient files held by the table itself until the next [`Sources::release`]: values
    /// made from them since may carry their positions.
    held: Vec<Arc<File>>,
    /// How many held files make a release due.
    release_at: usize,
}

struct Entry {
    span: Span,
    file: Held,
}

enum Held {
    Kept(Arc<File>),
    /// Alive while something else holds it.
    Weak(Weak<File>),
}

impl Sources {
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Adds a file kept as long as the table.
    pub fn add(&mut self, name: String, source: String) -> Result<Arc<File>, Full> {
        let f = self.map.add_file(name, source)?;
        self.files.push(Entry {
            span: f.span,
            file: Held::Kept(f.clone()),
        });
        Ok(f)
    }

    /// Adds a file kept only while something holds it; the table holds it itself until
    /// the next [`Sources::release`].
    pub fn add_transient(&mut self, name: String, source: String) -> Result<Arc<File>, Full> {
        let f = self.map.add_file(name, source)?;
        self.files.push(Entry {
            span: f.span,
            file: Held::Weak(Arc::downgrade(&f)),
        });
        self.held.push(f.clone());
        self.weak_added += 1;
        if self.weak_added >= self.sweep_at.max(MIN_SWEEP) {
            self.files.retain(|e| match &e.file {
                Held::Kept(_) => true,
                Held::Weak(w) => w.strong_count() > 0,
            });
            let alive = self
                .files
                .iter()
                .filter(|e| matches!(e.file, Held::Weak(_)))
                .count();
            self.weak_added = 0;
            self.sweep_at = alive;
        }
        Ok(f)
    }

    /// Makes the files kept for good transient, held by the table until the next release
    /// (the import cache was dropped: what is imported again is read again, at new
    /// positions, and the old text goes once no value kept points into it).
    pub fn unkeep(&mut self) {
        let before = self.held.len();
        for e in &mut self.files {
            if let Held::Kept(f) = &e.file {
                self.held.push(f.clone());
                e.file = Held::Weak(Arc::downgrade(f));
            }
        }
        self.weak_added += self.held.len() - before;
        // Releases find a position's file by bisection.
        self.held.sort_by_key(|f| f.span.low());
    }

    /// The file containing `pos`, if any (and still alive).
    pub fn file_of(&self, pos: Pos) -> Option<Arc<File>> {
        let i = self.files.partition_point(|e| e.span.high() < pos);
        let e = self.files.get(i).filter(|e| e.span.low() <= pos)?;
        match &e.file {
            Held::Kept(f) => Some(f.clone()),
            Held::Weak(w) => w.upgrade(),
        }
    }

    /// How many files are alive: kept, held, or held elsewhere.
    pub fn alive(&self) -> usize {
        self.files
            .iter()
            .filter(|e| match &e.file {
                Held::Kept(_) => true,
                Held::Weak(w) => w.strong_count() > 0,
            })
            .count()
    }

    /// The transient files the table holds, in position order, if enough were added since
    /// the last release to make one due: releasing each time would walk the values kept
    /// for every line.
    pub fn release_due(&self) -> Option<&[Arc<File>]> {
        (self.held.len() >= self.release_at.max(MIN_SWEEP)).then_some(&self.held[..])
    }

    /// Lets go of the held transient files not marked in `keep` (one flag per file of
    /// [`Sources::release_due`]); `visited`, how many values the walk that decided visited,
    /// spaces the releases so that walking costs a bounded amount per file added.
    pub fn release(&mut self, keep: &[bool], visited: usize) {
        let mut flags = keep.iter();
        self.held.retain(|_| flags.next().copied().unwrap_or(true));
        let kept = self.held.len();
        self.release_at = kept + MIN_SWEEP.max(kept).max(visited / VISITS_PER_FILE);
    }
}
