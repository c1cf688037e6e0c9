//! Positions in source files as small numbers, and the files they point into.
//!
//! Every file read gets its own range of positions, as if all files were laid end to end,
//! so that a position is one `u32` ([`Pos`]) and a range of text two ([`Span`]); the file a
//! position lies in is found from the range. The same shape as the `codemap` crate's, with
//! one difference that is why this crate exists: [`CodeMap`] hands out ranges and keeps
//! nothing, so a file lives as long as something holds its [`Arc<File>`]. The evaluator's
//! source table chooses which files it keeps for ever (the files a program imports) and
//! which go when the last value that points into them does (the lines typed at a REPL).

#![forbid(unsafe_code)]

use std::num::NonZeroU32;
use std::ops::{Add, Sub};
use std::sync::{Arc, OnceLock};

/// A position: the index of a byte of some file, in the order files were added.
///
/// Never zero (the first file starts at 1), so that an `Option<Pos>` is four bytes as
/// well: every attribute of every set keeps one.
#[derive(Copy, Clone, Hash, Eq, PartialEq, Ord, PartialOrd, Debug)]
pub struct Pos(NonZeroU32);

impl Pos {
    /// The position numbered `n`, which [`CodeMap::add_file`] never makes zero.
    fn at(n: u32) -> Pos {
        Pos(NonZeroU32::new(n).expect("positions start at 1"))
    }
}

impl Add<u64> for Pos {
    type Output = Pos;
    fn add(self, offset: u64) -> Pos {
        Pos::at(self.0.get() + offset as u32)
    }
}

impl Sub<Pos> for Pos {
    type Output = u64;
    fn sub(self, other: Pos) -> u64 {
        (self.0.get() - other.0.get()) as u64
    }
}

/// A range of text: from `low` up to, not including, `high`.
#[derive(Copy, Clone, Hash, Eq, PartialEq, Debug)]
pub struct Span {
    low: Pos,
    high: Pos,
}

impl Span {
    /// The range from byte `begin` to byte `end` of this one.
    ///
    /// # Panics
    /// If `end < begin` or `end` lies beyond this span.
    pub fn subspan(&self, begin: u64, end: u64) -> Span {
        assert!(begin <= end && end <= self.len(), "subspan out of range");
        Span {
            low: self.low + begin,
            high: self.low + end,
        }
    }

    /// Whether `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.low <= other.low && other.high <= self.high
    }

    /// The position of the first byte.
    pub fn low(&self) -> Pos {
        self.low
    }

    /// The position just after the last byte.
    pub fn high(&self) -> Pos {
        self.high
    }

    /// The length in bytes.
    pub fn len(&self) -> u64 {
        self.high - self.low
    }

    pub fn is_empty(&self) -> bool {
        self.low == self.high
    }

    /// The smallest span covering both.
    pub fn merge(&self, other: Span) -> Span {
        Span {
            low: self.low.min(other.low),
            high: self.high.max(other.high),
        }
    }
}

/// Hands each file added the next range of positions. It keeps no file: see the crate's
/// documentation.
/// The positions are used up: more than 4 GiB of text was read into one [`CodeMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Full;

impl std::fmt::Display for Full {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("more than 4 GiB of source text read by one evaluator")
    }
}

impl std::error::Error for Full {}

#[derive(Default, Debug)]
pub struct CodeMap {
    /// The last position handed out.
    end: u32,
}

impl CodeMap {
    pub fn new() -> CodeMap {
        CodeMap::default()
    }

    /// A file with the given name and text, at the positions after the last file's (one
    /// position apart, so that the end of one file is not the start of the next); `Err`
    /// once the positions would pass 4 GiB of text read in all, since a position is a `u32`.
    pub fn add_file(&mut self, name: String, source: String) -> Result<Arc<File>, Full> {
        let high = u32::try_from(source.len())
            .ok()
            .and_then(|len| self.end.checked_add(1)?.checked_add(len))
            .ok_or(Full)?;
        let low = self.end + 1;
        self.end = high;
        Ok(Arc::new(File {
            span: Span {
                low: Pos::at(low),
                high: Pos::at(high),
            },
            name,
            source,
            lines: OnceLock::new(),
            nix_lines: OnceLock::new(),
        }))
    }
}

/// A source file, or a text given as a program.
pub struct File {
    /// The positions of the whole text.
    pub span: Span,
    /// What positions show: the path, or `«string»`.
    name: String,
    source: String,
    /// Where each line starts, lines ending at `\n`, made when first needed: most files
    /// read are never asked for a line, and scanning each one when it is added cost more
    /// than a percent of reading nixpkgs.
    lines: OnceLock<Box<[Pos]>>,
    /// Where each line starts as Nix counts lines (see [`File::nix_line_starts`]), made
    /// when first needed.
    nix_lines: OnceLock<Box<[usize]>>,
}

/// A line and a column, both counted from 0; the column in characters.
#[derive(Copy, Clone, Hash, Eq, PartialEq, Debug)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl File {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// The line (from 0, lines ending at `\n`) that `pos` lies on.
    ///
    /// # Panics
    /// If `pos` lies outside the file.
    pub fn find_line(&self, pos: Pos) -> usize {
        assert!(
            self.span.low <= pos && pos <= self.span.high,
            "position outside the file"
        );
        self.lines().partition_point(|&start| start <= pos) - 1
    }

    /// Where each line starts, lines ending at `\n`.
    fn lines(&self) -> &[Pos] {
        self.lines.get_or_init(|| {
            let low = self.span.low;
            let mut lines = vec![low];
            lines.extend(
                self.source
                    .bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| low + (i + 1) as u64),
            );
            lines.into_boxed_slice()
        })
    }

    /// The line and column of `pos`.
    ///
    /// # Panics
    /// If `pos` lies outside the file or inside a UTF-8 character.
    pub fn find_line_col(&self, pos: Pos) -> LineCol {
        let line = self.find_line(pos);
        let start = self.lines()[line];
        let text = self.source_slice(Span {
            low: start,
            high: pos,
        });
        LineCol {
            line,
            column: text.chars().count(),
        }
    }

    /// The text of `span`.
    ///
    /// # Panics
    /// If `span` is not inside the file.
    pub fn source_slice(&self, span: Span) -> &str {
        assert!(self.span.contains(span), "span outside the file");
        let from = (span.low - self.span.low) as usize;
        let to = (span.high - self.span.low) as usize;
        &self.source[from..to]
    }

    /// Line `line` (from 0), with its `\n`.
    ///
    /// # Panics
    /// If there is no such line.
    pub fn line_span(&self, line: usize) -> Span {
        Span {
            low: self.lines()[line],
            high: self
                .lines()
                .get(line + 1)
                .copied()
                .unwrap_or(self.span.high),
        }
    }

    /// The byte offsets at which lines start as Nix counts them: a line ends at `\r\n`,
    /// `\r` or `\n`.
    pub fn nix_line_starts(&self) -> &[usize] {
        self.nix_lines.get_or_init(|| {
            let src = self.source.as_bytes();
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
            starts.into_boxed_slice()
        })
    }
}

impl std::fmt::Debug for File {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "File({:?})", self.name)
    }
}

/// Files are the same when they are one file: two files never share a position.
impl PartialEq for File {
    fn eq(&self, other: &File) -> bool {
        self.span == other.span
    }
}

impl Eq for File {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_run_out_with_an_error() {
        let mut map = CodeMap { end: u32::MAX - 10 };
        let last = map.add_file("last".into(), "123456789".into()).unwrap();
        assert_eq!(last.span.high(), Pos::at(u32::MAX));
        assert_eq!(map.add_file("more".into(), String::new()).err(), Some(Full));
        // A refused file takes no positions.
        assert_eq!(map.end, u32::MAX);
    }

    #[test]
    fn files_get_ranges_of_their_own() {
        let mut map = CodeMap::new();
        let a = map.add_file("a".into(), "x = 1;\ny".into()).unwrap();
        let b = map.add_file("b".into(), "".into()).unwrap();
        let c = map.add_file("c".into(), "z".into()).unwrap();
        assert_eq!(a.span.len(), 8);
        assert!(a.span.high() < b.span.low());
        assert!(b.span.high() < c.span.low());
        let y = a.span.subspan(7, 8);
        assert_eq!(a.source_slice(y), "y");
        assert_eq!(a.find_line_col(y.low()), LineCol { line: 1, column: 0 });
        assert_eq!(
            a.find_line_col(a.span.high()),
            LineCol { line: 1, column: 1 }
        );
        assert_eq!(a.line_span(0), a.span.subspan(0, 7));
        assert_eq!(a.find_line(a.span.subspan(6, 6).low()), 0);
    }

    #[test]
    fn columns_count_characters() {
        let f = CodeMap::new().add_file("f".into(), "«é» x".into()).unwrap();
        let x = f.span.subspan(f.span.len() - 1, f.span.len());
        assert_eq!(f.find_line_col(x.low()).column, 4);
    }

    #[test]
    fn nix_counts_carriage_returns_as_line_ends() {
        let f = CodeMap::new()
            .add_file("f".into(), "a\r\nb\rc\nd".into())
            .unwrap();
        assert_eq!(f.nix_line_starts(), &[0, 3, 5, 7]);
        // Lines for columns end at `\n` only.
        assert_eq!(f.find_line(f.span.high()), 2);
    }

    #[test]
    fn a_file_goes_with_its_last_holder() {
        let mut map = CodeMap::new();
        let f = map.add_file("f".into(), "1".into()).unwrap();
        let weak = Arc::downgrade(&f);
        drop(f);
        assert!(weak.upgrade().is_none());
    }
}
