//! The source files an evaluator has read, for positions in spans and for error excerpts.
//!
//! A thin layer over `codemap::CodeMap` that also keeps its own list of files, so that looking
//! up a position that belongs to no file (a value from another evaluator, say) is an answer
//! of `None` rather than a panic.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use codemap::{CodeMap, File, Pos};
use rustc_hash::FxHashMap;

#[derive(Default)]
pub struct Sources {
    map: CodeMap,
    files: Vec<Arc<File>>,
    /// Where each line starts, per file (by the file's first position), computed when
    /// first needed: positions are looked up often (`unsafeGetAttrPos`, the context lines
    /// of derivation errors) and files can be large.
    line_starts: RefCell<FxHashMap<Pos, Rc<[usize]>>>,
}

impl Sources {
    pub fn new() -> Sources {
        Sources::default()
    }

    pub fn add(&mut self, name: String, source: String) -> Arc<File> {
        let f = self.map.add_file(name, source);
        self.files.push(f.clone());
        f
    }

    /// The file containing `pos`, if any.
    pub fn file_of(&self, pos: Pos) -> Option<&Arc<File>> {
        let i = self.files.partition_point(|f| f.span.high() < pos);
        self.files.get(i).filter(|f| f.span.low() <= pos)
    }

    /// The byte offsets at which the lines of `file` start. Nix counts `\r\n`, `\r` and
    /// `\n` as line ends.
    pub fn line_starts(&self, file: &File) -> Rc<[usize]> {
        if let Some(starts) = self.line_starts.borrow().get(&file.span.low()) {
            return starts.clone();
        }
        let src = file.source().as_bytes();
        let mut starts = vec![0usize];
        let mut i = 0;
        while i < src.len() {
            match src[i] {
                b'\r' if src.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 2;
                    continue;
                }
                b'\r' | b'\n' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        let starts: Rc<[usize]> = starts.into();
        self.line_starts
            .borrow_mut()
            .insert(file.span.low(), starts.clone());
        starts
    }
}
