//! Byte cursor over a TOML document: position tracking, error values
//! with line/column, and the lexical pieces shared by every other part of
//! the parser (whitespace, newlines, comments, UTF-8 validation).

use std::fmt;

/// Why `fromTOML` input was rejected.  Nix prints toml11's multi-line
/// diagnostics after `while parsing TOML: `; [`TomlError::report`] lays
/// ours out the same way (a title, the source line, a caret and a hint).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TomlError {
    message: String,
    hint: String,
    line: usize,
    column: usize,
    line_text: String,
}

impl TomlError {
    /// What went wrong, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// 1-based line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column, counted in characters.
    pub fn column(&self) -> usize {
        self.column
    }

    /// The diagnostic in toml11's layout, as Nix shows it:
    ///
    /// ```text
    /// [error] toml::parse_dec_integer: too large integer: current max digits = 2^63
    ///  --> fromTOML
    ///    |
    ///  1 | attr = 9223372036854775808
    ///    |                           ^-- must be < 2^63
    /// ```
    pub fn report(&self) -> String {
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len() + 2);
        format!(
            "[error] {}\n --> fromTOML\n{gutter}|\n {number} | {}\n{gutter}| {}^-- {}\n",
            self.message,
            self.line_text,
            " ".repeat(self.column.saturating_sub(1)),
            self.hint
        )
    }
}

impl fmt::Display for TomlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {}, column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for TomlError {}

pub(super) type Result<T> = std::result::Result<T, TomlError>;

pub(super) struct Cursor<'a> {
    src: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(src: &'a [u8]) -> Self {
        Cursor { src, pos: 0 }
    }

    pub(super) fn pos(&self) -> usize {
        self.pos
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    pub(super) fn peek_at(&self, offset: usize) -> Option<u8> {
        self.src.get(self.pos + offset).copied()
    }

    pub(super) fn starts_with(&self, s: &[u8]) -> bool {
        self.src
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(s))
    }

    pub(super) fn bump(&mut self) {
        self.pos += 1;
    }

    pub(super) fn advance(&mut self, n: usize) {
        self.pos += n;
    }

    pub(super) fn slice(&self, from: usize, to: usize) -> &'a [u8] {
        &self.src[from..to]
    }

    /// An error at byte offset `at`.
    pub(super) fn error_at(&self, at: usize, message: impl Into<String>) -> TomlError {
        self.error_with_hint(at, message, "here")
    }

    /// An error at byte offset `at`, with the hint shown after the caret.
    pub(super) fn error_with_hint(
        &self,
        at: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> TomlError {
        let at = at.min(self.src.len());
        let before = &self.src[..at];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        // Count characters, not bytes: skip UTF-8 continuation bytes.
        let column = 1 + before[line_start..]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        let line_end = self.src[at..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(self.src.len(), |i| at + i);
        TomlError {
            message: message.into(),
            hint: hint.into(),
            line: 1 + before.iter().filter(|&&b| b == b'\n').count(),
            column,
            line_text: String::from_utf8_lossy(&self.src[line_start..line_end]).into_owned(),
        }
    }

    /// An error at the current position.
    pub(super) fn error(&self, message: impl Into<String>) -> TomlError {
        self.error_at(self.pos, message)
    }

    /// Describes the byte at the cursor for "expected X, found Y" errors.
    pub(super) fn found(&self) -> String {
        match self.peek() {
            None => "end of input".to_owned(),
            Some(b'\n') => "end of line".to_owned(),
            Some(b) if b.is_ascii_graphic() => format!("`{}`", b as char),
            Some(b) => format!("byte 0x{b:02X}"),
        }
    }

    /// Skips spaces and tabs (TOML's only whitespace within a line).
    pub(super) fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Consumes LF or CRLF if present; a CR not followed by LF is an error
    /// because TOML has no CR-only newlines.
    pub(super) fn eat_newline(&mut self) -> Result<bool> {
        match self.peek() {
            Some(b'\n') => {
                self.pos += 1;
                Ok(true)
            }
            Some(b'\r') if self.peek_at(1) == Some(b'\n') => {
                self.pos += 2;
                Ok(true)
            }
            Some(b'\r') => Err(self.error("carriage return must be followed by a line feed")),
            _ => Ok(false),
        }
    }

    /// At `#`: skips the comment up to (not including) the newline.
    /// Comments may hold tabs, printable ASCII and well-formed non-ASCII
    /// UTF-8; other control characters and DEL are errors.
    pub(super) fn skip_comment(&mut self) -> Result<()> {
        self.pos += 1;
        loop {
            match self.peek() {
                None | Some(b'\n') => return Ok(()),
                Some(b'\r') if self.peek_at(1) == Some(b'\n') => return Ok(()),
                Some(b'\t' | 0x20..=0x7E) => self.pos += 1,
                Some(0x80..=0xFF) => self.skip_utf8_char()?,
                Some(b) => {
                    return Err(self.error(format!(
                        "control character U+{b:04X} is not allowed in a comment"
                    )));
                }
            }
        }
    }

    /// Skips whitespace, then an optional comment, then requires a newline
    /// or the end of input: how every key/value line and table header ends.
    pub(super) fn expect_line_end(&mut self) -> Result<()> {
        self.skip_ws();
        if self.peek() == Some(b'#') {
            self.skip_comment()?;
        }
        if self.peek().is_none() || self.eat_newline()? {
            Ok(())
        } else {
            Err(self.error(format!("expected a newline, found {}", self.found())))
        }
    }

    /// Skips whitespace, comments and newlines, as allowed between array
    /// elements.
    pub(super) fn skip_ws_comments_newlines(&mut self) -> Result<()> {
        loop {
            self.skip_ws();
            if self.peek() == Some(b'#') {
                self.skip_comment()?;
            }
            if !self.eat_newline()? {
                return Ok(());
            }
        }
    }

    /// Length of the well-formed UTF-8 sequence starting at the cursor
    /// (non-ASCII lead byte), or `None`.  Overlong forms, surrogates and
    /// code points above U+10FFFF are rejected.
    fn utf8_len(&self) -> Option<usize> {
        let b = |i| self.peek_at(i).unwrap_or(0);
        let cont = |i| (0x80..=0xBF).contains(&b(i));
        let ok = match b(0) {
            0xC2..=0xDF => cont(1),
            0xE0 => (0xA0..=0xBF).contains(&b(1)) && cont(2),
            0xE1..=0xEC | 0xEE..=0xEF => cont(1) && cont(2),
            0xED => (0x80..=0x9F).contains(&b(1)) && cont(2),
            0xF0 => (0x90..=0xBF).contains(&b(1)) && cont(2) && cont(3),
            0xF1..=0xF3 => cont(1) && cont(2) && cont(3),
            0xF4 => (0x80..=0x8F).contains(&b(1)) && cont(2) && cont(3),
            _ => return None,
        };
        let len = match b(0) {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        ok.then_some(len)
    }

    /// Skips one well-formed non-ASCII character or fails.
    pub(super) fn skip_utf8_char(&mut self) -> Result<()> {
        let len = self
            .utf8_len()
            .ok_or_else(|| self.error("invalid UTF-8 sequence"))?;
        self.pos += len;
        Ok(())
    }
}
