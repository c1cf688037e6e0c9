//! JSON parser with nlohmann's grammar decisions and error texts, driven
//! by an explicit stack so that nesting depth costs heap, not native stack.

use std::fmt;

use super::Data;
use super::lexer::{Expected, Lexer, Token, expected_name, token_name};
use crate::data::null_byte_message;

/// Why `fromJSON` input was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    kind: JsonErrorKind,
    message: String,
    line: usize,
    column: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// nlohmann's `parse_error.101`: malformed input.
    Syntax,
    /// nlohmann's `out_of_range.406`: a number whose magnitude overflows
    /// a double (`1e400`).  Underflow (`1e-400`) is not an error.
    NumberOverflow,
    /// Nix's own check: a string or key with a NUL byte.
    NulByte,
    /// Nix's own check: an integer in `2^63..2^64`, which nlohmann reads as unsigned.
    IntegerRange,
}

impl JsonError {
    pub fn kind(&self) -> JsonErrorKind {
        self.kind
    }

    /// Whether nlohmann reported the error (Nix then adds "while decoding a JSON string");
    /// Nix's own checks raise plain errors.
    pub fn is_parse_error(&self) -> bool {
        matches!(
            self.kind,
            JsonErrorKind::Syntax | JsonErrorKind::NumberOverflow
        )
    }

    fn value(kind: JsonErrorKind, message: String) -> JsonError {
        JsonError {
            kind,
            message,
            line: 0,
            column: 0,
        }
    }

    /// The complete message, worded as Nix prints it after `error: `,
    /// e.g. `[json.exception.parse_error.101] parse error at line 1,
    /// column 4: syntax error while parsing value - unexpected end of
    /// input; expected '[', '{', or a literal`.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// 1-based line of a syntax error (0 for overflow errors, which
    /// nlohmann reports without a position).
    pub fn line(&self) -> usize {
        self.line
    }

    /// Column of a syntax error in bytes, as nlohmann counts it: the
    /// number of bytes read on the line, including one for reading past
    /// the end of input.
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsonError {}

/// What the parser builds values with: a [`Data`] tree, or the evaluator's values directly.
pub trait Builder {
    type Value;
    type Key;
    fn null(&mut self) -> Self::Value;
    fn bool(&mut self, b: bool) -> Self::Value;
    fn int(&mut self, i: i64) -> Self::Value;
    fn float(&mut self, f: f64) -> Self::Value;
    /// A string value (never holding a NUL byte).
    fn string(&mut self, s: &[u8]) -> Self::Value;
    /// An object key (never holding a NUL byte).
    fn key(&mut self, k: &[u8]) -> Self::Key;
    fn list(&mut self, items: Vec<Self::Value>) -> Self::Value;
    /// Members in document order, duplicates included.
    fn object(&mut self, members: Vec<(Self::Key, Self::Value)>) -> Self::Value;
}

/// A builder lent to the parser, so that its owner can look at it afterwards (what it
/// counted, what went wrong).
impl<B: Builder> Builder for &mut B {
    type Value = B::Value;
    type Key = B::Key;
    fn null(&mut self) -> Self::Value {
        (**self).null()
    }
    fn bool(&mut self, b: bool) -> Self::Value {
        (**self).bool(b)
    }
    fn int(&mut self, i: i64) -> Self::Value {
        (**self).int(i)
    }
    fn float(&mut self, f: f64) -> Self::Value {
        (**self).float(f)
    }
    fn string(&mut self, s: &[u8]) -> Self::Value {
        (**self).string(s)
    }
    fn key(&mut self, k: &[u8]) -> Self::Key {
        (**self).key(k)
    }
    fn list(&mut self, items: Vec<Self::Value>) -> Self::Value {
        (**self).list(items)
    }
    fn object(&mut self, members: Vec<(Self::Key, Self::Value)>) -> Self::Value {
        (**self).object(members)
    }
}

/// Builds the neutral [`Data`] tree.
struct DataBuilder;

impl Builder for DataBuilder {
    type Value = Data;
    type Key = Vec<u8>;
    fn null(&mut self) -> Data {
        Data::Null
    }
    fn bool(&mut self, b: bool) -> Data {
        Data::Bool(b)
    }
    fn int(&mut self, i: i64) -> Data {
        Data::Int(i)
    }
    fn float(&mut self, f: f64) -> Data {
        Data::Float(f)
    }
    fn string(&mut self, s: &[u8]) -> Data {
        Data::String(s.to_vec())
    }
    fn key(&mut self, k: &[u8]) -> Vec<u8> {
        k.to_vec()
    }
    fn list(&mut self, items: Vec<Data>) -> Data {
        Data::List(items)
    }
    fn object(&mut self, members: Vec<(Vec<u8>, Data)>) -> Data {
        Data::Object(members)
    }
}

/// A container whose closing bracket has not been seen yet.
enum Frame<B: Builder> {
    List(Vec<B::Value>),
    /// Members so far plus the key awaiting its value.
    Object(Vec<(B::Key, B::Value)>, Option<B::Key>),
}

struct Parser<'a, B: Builder> {
    lexer: Lexer<'a>,
    last: Token,
    builder: B,
}

impl<B: Builder> Parser<'_, B> {
    fn next(&mut self) -> Token {
        self.last = self.lexer.scan();
        self.last
    }

    /// nlohmann's `exception_message` wrapped in its parse_error format.
    fn syntax_error(&self, expected: Expected, context: &str) -> JsonError {
        let mut msg = format!("syntax error while parsing {context} - ");
        if self.last == Token::ParseError {
            msg.push_str(self.lexer.error_message());
            msg.push_str("; last read: '");
            msg.push_str(&self.lexer.token_string());
            msg.push('\'');
        } else {
            msg.push_str("unexpected ");
            msg.push_str(token_name(self.last));
        }
        if expected != Expected::Nothing {
            msg.push_str("; expected ");
            msg.push_str(expected_name(expected));
        }
        let (line, column) = self.lexer.position();
        JsonError {
            kind: JsonErrorKind::Syntax,
            message: format!(
                "[json.exception.parse_error.101] parse error at line {line}, column {column}: {msg}"
            ),
            line,
            column,
        }
    }

    /// After `{` or `,` inside an object: reads `"key" :` and the token
    /// that starts the value.
    fn member_key(&mut self) -> Result<B::Key, JsonError> {
        if self.last != Token::String {
            return Err(self.syntax_error(Expected::String, "object key"));
        }
        let raw = self.lexer.string();
        // Nix checks the key as soon as nlohmann hands it over, before the `:`.
        if raw.contains(&0) {
            return Err(JsonError::value(
                JsonErrorKind::NulByte,
                null_byte_message(raw),
            ));
        }
        let key = self.builder.key(raw);
        if self.next() != Token::NameSeparator {
            return Err(self.syntax_error(Expected::NameSeparator, "object separator"));
        }
        self.next();
        Ok(key)
    }

    fn parse(&mut self) -> Result<B::Value, JsonError> {
        let mut stack: Vec<Frame<B>> = Vec::new();
        self.next();
        'value: loop {
            // `self.last` starts a value.
            let mut value = match self.last {
                Token::BeginObject => {
                    if self.next() == Token::EndObject {
                        self.builder.object(Vec::new())
                    } else {
                        let key = self.member_key()?;
                        stack.push(Frame::Object(Vec::new(), Some(key)));
                        continue 'value;
                    }
                }
                Token::BeginArray => {
                    if self.next() == Token::EndArray {
                        self.builder.list(Vec::new())
                    } else {
                        stack.push(Frame::List(Vec::new()));
                        continue 'value;
                    }
                }
                Token::Float(f) => {
                    if !f.is_finite() {
                        return Err(JsonError {
                            kind: JsonErrorKind::NumberOverflow,
                            message: format!(
                                "[json.exception.out_of_range.406] number overflow parsing '{}'",
                                self.lexer.token_string()
                            ),
                            line: 0,
                            column: 0,
                        });
                    }
                    self.builder.float(f)
                }
                Token::True => self.builder.bool(true),
                Token::False => self.builder.bool(false),
                Token::Null => self.builder.null(),
                Token::Integer(i) => self.builder.int(i),
                Token::Unsigned(u) => match i64::try_from(u) {
                    Ok(i) => self.builder.int(i),
                    Err(_) => {
                        return Err(JsonError::value(
                            JsonErrorKind::IntegerRange,
                            format!("unsigned json number {u} outside of Nix integer range"),
                        ));
                    }
                },
                Token::String => {
                    let s = self.lexer.string();
                    if s.contains(&0) {
                        return Err(JsonError::value(
                            JsonErrorKind::NulByte,
                            null_byte_message(s),
                        ));
                    }
                    self.builder.string(s)
                }
                Token::ParseError => return Err(self.syntax_error(Expected::Nothing, "value")),
                _ => return Err(self.syntax_error(Expected::LiteralOrValue, "value")),
            };
            // Hand the finished value to its container, closing as many
            // containers as the input closes.
            loop {
                match stack.last_mut() {
                    None => {
                        if self.next() != Token::EndOfInput {
                            return Err(self.syntax_error(Expected::EndOfInput, "value"));
                        }
                        return Ok(value);
                    }
                    Some(Frame::List(items)) => {
                        items.push(value);
                        match self.next() {
                            Token::ValueSeparator => {
                                self.next();
                                continue 'value;
                            }
                            Token::EndArray => {
                                let Some(Frame::List(items)) = stack.pop() else {
                                    unreachable!("top frame is a list");
                                };
                                value = self.builder.list(items);
                            }
                            _ => return Err(self.syntax_error(Expected::EndArray, "array")),
                        }
                    }
                    Some(Frame::Object(entries, key)) => {
                        if let Some(key) = key.take() {
                            entries.push((key, value));
                        }
                        match self.next() {
                            Token::ValueSeparator => {
                                self.next();
                                let next = self.member_key()?;
                                if let Some(Frame::Object(_, key)) = stack.last_mut() {
                                    *key = Some(next);
                                }
                                continue 'value;
                            }
                            Token::EndObject => {
                                let Some(Frame::Object(entries, _)) = stack.pop() else {
                                    unreachable!("top frame is an object");
                                };
                                value = self.builder.object(entries);
                            }
                            _ => return Err(self.syntax_error(Expected::EndObject, "object")),
                        }
                    }
                }
            }
        }
    }
}

/// Parses JSON exactly as current Nix's `builtins.fromJSON` accepts it.
///
/// * RFC 8259 syntax, no comments, no trailing commas; one leading UTF-8
///   BOM is skipped; whitespace is space, tab, LF and CR.
/// * Integers in `i64` range become [`Data::Int`]; `2^63..2^64-1` are an
///   error ("unsigned json number … outside of Nix integer range"); larger
///   integers and anything with a fraction or exponent become
///   [`Data::Float`].  `-0` is `Int(0)`, `-0.0` is `Float(-0.0)`; `1e400` is
///   an error, `1e-400` is 0.
/// * Strings must be well-formed UTF-8 without raw control characters;
///   `\u` escapes (with surrogate pairs) are decoded to UTF-8.  A string or
///   key holding a NUL byte is an error, raised as soon as it is read.
/// * Object members keep source order and duplicates (Nix keeps the last).
/// * Anything but whitespace after the value is an error, except that a
///   NUL byte ends the input (nlohmann's rule).
pub fn parse_json(input: &[u8]) -> Result<Data, JsonError> {
    parse_json_with(input, DataBuilder)
}

/// [`parse_json`], building the result with `builder`.
pub fn parse_json_with<B: Builder>(input: &[u8], builder: B) -> Result<B::Value, JsonError> {
    Parser {
        lexer: Lexer::new(input),
        last: Token::EndOfInput,
        builder,
    }
    .parse()
}
