//! The source files an evaluator has read, for positions in spans and for error excerpts.
//!
//! A thin layer over `codemap::CodeMap` that also keeps its own list of files, so that looking
//! up a position that belongs to no file (a value from another evaluator, say) is an answer
//! of `None` rather than a panic.

use std::sync::Arc;

use codemap::{CodeMap, File, Pos};

#[derive(Default)]
pub struct Sources {
    map: CodeMap,
    files: Vec<Arc<File>>,
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
}
