//! The TOML document grammar: lines of key/value pairs and table headers,
//! and values nested in arrays and inline tables — parsed with an explicit
//! stack of open containers, never by recursion.

use super::Data;
use super::cursor::{Cursor, Result};
use super::scalar::parse_scalar;
use super::strings::parse_key;
use super::tree::{Define, NodeId, TableKind, Tree};

/// A container whose closing bracket has not been read yet.
enum Open {
    Array(NodeId),
    /// An inline table and the key (with its position) awaiting a value.
    Inline {
        table: NodeId,
        keys: Vec<Vec<u8>>,
        key_pos: usize,
    },
}

struct Parser<'a> {
    cur: Cursor<'a>,
    tree: Tree,
}

impl Parser<'_> {
    fn document(mut self) -> Result<Data> {
        if self.cur.starts_with(b"\xEF\xBB\xBF") {
            self.cur.advance(3);
        }
        // Where key/value lines go: the root, then each header's table.
        let mut current = Tree::ROOT;
        loop {
            self.cur.skip_ws();
            match self.cur.peek() {
                None => break,
                Some(b'\n' | b'\r') => {
                    self.cur.eat_newline()?;
                }
                Some(b'#') => self.cur.expect_line_end()?,
                Some(b'[') => {
                    current = self.header()?;
                    self.cur.expect_line_end()?;
                }
                Some(_) => {
                    self.key_value(current)?;
                    self.cur.expect_line_end()?;
                }
            }
        }
        Ok(self.tree.into_data(Tree::ROOT))
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<()> {
        if self.cur.peek() == Some(byte) {
            self.cur.bump();
            Ok(())
        } else {
            Err(self
                .cur
                .error(format!("expected {what}, found {}", self.cur.found())))
        }
    }

    /// `[key]` or `[[key]]`; returns the table it opens.
    fn header(&mut self) -> Result<NodeId> {
        let start = self.cur.pos();
        let array = self.cur.starts_with(b"[[");
        self.cur.advance(if array { 2 } else { 1 });
        self.cur.skip_ws();
        let keys = parse_key(&mut self.cur)?;
        if array {
            if !self.cur.starts_with(b"]]") {
                return Err(self.cur.error(format!(
                    "expected `]]` to close the array-of-tables header, found {}",
                    self.cur.found()
                )));
            }
            self.cur.advance(2);
        } else {
            self.expect(b']', "`]` to close the table header")?;
        }
        let what = if array {
            Define::ArrayTable
        } else {
            Define::Table
        };
        self.tree
            .define(Tree::ROOT, &keys, what)
            .map_err(|msg| self.cur.error_at(start, msg))
    }

    /// `key = value` into `table`.
    fn key_value(&mut self, table: NodeId) -> Result<()> {
        let (keys, key_pos) = self.key_and_equals()?;
        let value = self.value()?;
        self.tree
            .define(table, &keys, Define::DottedKey(value))
            .map_err(|msg| self.cur.error_at(key_pos, msg))?;
        Ok(())
    }

    /// `key =` and the whitespace around it.
    fn key_and_equals(&mut self) -> Result<(Vec<Vec<u8>>, usize)> {
        let key_pos = self.cur.pos();
        let keys = parse_key(&mut self.cur)?;
        self.expect(b'=', "`=` after a key")?;
        self.cur.skip_ws();
        Ok((keys, key_pos))
    }

    /// Parses one value, however deeply nested, into the tree.
    fn value(&mut self) -> Result<NodeId> {
        let mut open: Vec<Open> = Vec::new();
        'value: loop {
            // The cursor is at the start of a value.
            let mut done = match self.cur.peek() {
                Some(b'[') => {
                    self.cur.bump();
                    let array = self.tree.new_array();
                    self.cur.skip_ws_comments_newlines()?;
                    if self.cur.peek() == Some(b']') {
                        self.cur.bump();
                        array
                    } else {
                        open.push(Open::Array(array));
                        continue 'value;
                    }
                }
                Some(b'{') => {
                    self.cur.bump();
                    let table = self.tree.new_table(TableKind::Inline);
                    self.cur.skip_ws();
                    if self.cur.peek() == Some(b'}') {
                        self.cur.bump();
                        table
                    } else {
                        let (keys, key_pos) = self.key_and_equals()?;
                        open.push(Open::Inline {
                            table,
                            keys,
                            key_pos,
                        });
                        continue 'value;
                    }
                }
                _ => {
                    let d = parse_scalar(&mut self.cur)?;
                    self.tree.new_leaf(d)
                }
            };
            // Attach the finished value to the innermost open container,
            // closing containers for as long as the input closes them.
            loop {
                match open.last_mut() {
                    None => return Ok(done),
                    Some(Open::Array(array)) => {
                        let array = *array;
                        self.tree.push_item(array, done);
                        self.cur.skip_ws_comments_newlines()?;
                        match self.cur.peek() {
                            Some(b',') => {
                                self.cur.bump();
                                self.cur.skip_ws_comments_newlines()?;
                                if self.cur.peek() != Some(b']') {
                                    continue 'value;
                                }
                                self.cur.bump();
                            }
                            Some(b']') => self.cur.bump(),
                            _ => {
                                return Err(self.cur.error(format!(
                                    "expected `,` or `]` in an array, found {}",
                                    self.cur.found()
                                )));
                            }
                        }
                        open.pop();
                        done = array;
                    }
                    Some(Open::Inline {
                        table,
                        keys,
                        key_pos,
                    }) => {
                        let table = *table;
                        self.tree
                            .define(table, keys, Define::DottedKey(done))
                            .map_err(|msg| self.cur.error_at(*key_pos, msg))?;
                        self.cur.skip_ws();
                        match self.cur.peek() {
                            Some(b',') => {
                                self.cur.bump();
                                self.cur.skip_ws();
                                if self.cur.peek() == Some(b'}') {
                                    return Err(self.cur.error(
                                        "trailing comma is not allowed in an inline table",
                                    ));
                                }
                                let (next_keys, next_pos) = self.key_and_equals()?;
                                *keys = next_keys;
                                *key_pos = next_pos;
                                continue 'value;
                            }
                            Some(b'}') => self.cur.bump(),
                            _ => {
                                return Err(self.cur.error(format!(
                                    "expected `,` or `}}` in an inline table (which must fit on one line), found {}",
                                    self.cur.found()
                                )));
                            }
                        }
                        open.pop();
                        done = table;
                    }
                }
            }
        }
    }
}

/// Parses a TOML 1.0.0 document as current Nix's `fromTOML` (toml11 4.x)
/// reads it.  See the module documentation for the details.
pub fn parse_toml(input: &[u8]) -> std::result::Result<Data, super::TomlError> {
    Parser {
        cur: Cursor::new(input),
        tree: Tree::new(),
    }
    .document()
}
