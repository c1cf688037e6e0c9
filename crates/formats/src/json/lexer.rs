//! JSON tokenizer that reproduces nlohmann::json 3.10 (the library behind
//! Nix's `fromJSON`), including its error texts and its position and
//! "last read" bookkeeping, so error messages match Nix's byte for byte.
//!
//! Modelled behaviour worth knowing:
//! * a UTF-8 byte order mark is skipped at the very start;
//! * a NUL byte outside a string counts as end of input (nlohmann treats
//!   `'\0'` like EOF), so anything after it is ignored;
//! * positions count bytes, and reading past the end still advances the
//!   column by one, so `"[1,"` fails at column 4;
//! * the "last read" text is everything consumed since the start of the
//!   most recent string or number token (or since the start of input),
//!   with control bytes shown as `<U+000A>`.

/// The kinds of token nlohmann distinguishes.  Numbers carry their value;
/// a string's decoded bytes stay in the lexer's buffer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Token {
    True,
    False,
    Null,
    String,
    /// A non-negative integer that fits `u64`.
    Unsigned(u64),
    /// A negative integer that fits `i64`.
    Integer(i64),
    /// Anything with a fraction or exponent, or an integer too large for
    /// the two types above (strtod's value, possibly infinite).
    Float(f64),
    BeginArray,
    BeginObject,
    EndArray,
    EndObject,
    NameSeparator,
    ValueSeparator,
    ParseError,
    EndOfInput,
}

/// What the parser may name as "expected" in a message; also covers the
/// tokens themselves via [`Token`].
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Expected {
    /// nlohmann's `uninitialized`: no "; expected …" suffix.
    Nothing,
    String,
    EndArray,
    EndObject,
    NameSeparator,
    EndOfInput,
    LiteralOrValue,
}

pub(super) fn token_name(t: Token) -> &'static str {
    match t {
        Token::True => "true literal",
        Token::False => "false literal",
        Token::Null => "null literal",
        Token::String => "string literal",
        Token::Unsigned(_) | Token::Integer(_) | Token::Float(_) => "number literal",
        Token::BeginArray => "'['",
        Token::BeginObject => "'{'",
        Token::EndArray => "']'",
        Token::EndObject => "'}'",
        Token::NameSeparator => "':'",
        Token::ValueSeparator => "','",
        Token::ParseError => "<parse error>",
        Token::EndOfInput => "end of input",
    }
}

pub(super) fn expected_name(e: Expected) -> &'static str {
    match e {
        Expected::Nothing => "<uninitialized>",
        Expected::String => "string literal",
        Expected::EndArray => "']'",
        Expected::EndObject => "'}'",
        Expected::NameSeparator => "':'",
        Expected::EndOfInput => "end of input",
        Expected::LiteralOrValue => "'[', '{', or a literal",
    }
}

/// nlohmann's message for a raw control character inside a string, one
/// per byte value 0x00..=0x1F.
const CONTROL_CHAR_ERRORS: [&str; 32] = [
    "invalid string: control character U+0000 (NUL) must be escaped to \\u0000",
    "invalid string: control character U+0001 (SOH) must be escaped to \\u0001",
    "invalid string: control character U+0002 (STX) must be escaped to \\u0002",
    "invalid string: control character U+0003 (ETX) must be escaped to \\u0003",
    "invalid string: control character U+0004 (EOT) must be escaped to \\u0004",
    "invalid string: control character U+0005 (ENQ) must be escaped to \\u0005",
    "invalid string: control character U+0006 (ACK) must be escaped to \\u0006",
    "invalid string: control character U+0007 (BEL) must be escaped to \\u0007",
    "invalid string: control character U+0008 (BS) must be escaped to \\u0008 or \\b",
    "invalid string: control character U+0009 (HT) must be escaped to \\u0009 or \\t",
    "invalid string: control character U+000A (LF) must be escaped to \\u000A or \\n",
    "invalid string: control character U+000B (VT) must be escaped to \\u000B",
    "invalid string: control character U+000C (FF) must be escaped to \\u000C or \\f",
    "invalid string: control character U+000D (CR) must be escaped to \\u000D or \\r",
    "invalid string: control character U+000E (SO) must be escaped to \\u000E",
    "invalid string: control character U+000F (SI) must be escaped to \\u000F",
    "invalid string: control character U+0010 (DLE) must be escaped to \\u0010",
    "invalid string: control character U+0011 (DC1) must be escaped to \\u0011",
    "invalid string: control character U+0012 (DC2) must be escaped to \\u0012",
    "invalid string: control character U+0013 (DC3) must be escaped to \\u0013",
    "invalid string: control character U+0014 (DC4) must be escaped to \\u0014",
    "invalid string: control character U+0015 (NAK) must be escaped to \\u0015",
    "invalid string: control character U+0016 (SYN) must be escaped to \\u0016",
    "invalid string: control character U+0017 (ETB) must be escaped to \\u0017",
    "invalid string: control character U+0018 (CAN) must be escaped to \\u0018",
    "invalid string: control character U+0019 (EM) must be escaped to \\u0019",
    "invalid string: control character U+001A (SUB) must be escaped to \\u001A",
    "invalid string: control character U+001B (ESC) must be escaped to \\u001B",
    "invalid string: control character U+001C (FS) must be escaped to \\u001C",
    "invalid string: control character U+001D (GS) must be escaped to \\u001D",
    "invalid string: control character U+001E (RS) must be escaped to \\u001E",
    "invalid string: control character U+001F (US) must be escaped to \\u001F",
];

const BAD_UTF8: &str = "invalid string: ill-formed UTF-8 byte";
const BAD_HEX: &str = "invalid string: '\\u' must be followed by 4 hex digits";
const LONE_HIGH: &str =
    "invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF";
const LONE_LOW: &str = "invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF";

pub(super) struct Lexer<'a> {
    input: &'a [u8],
    /// Index of the next byte the input adapter hands out.
    next: usize,
    /// The byte read last; `None` once the input is exhausted.
    current: Option<u8>,
    /// The next `get` returns `current` again instead of reading.
    next_unget: bool,
    // nlohmann's position_t, updated exactly as it does (see `get`/`unget`).
    chars_read_total: usize,
    chars_read_current_line: usize,
    lines_read: usize,
    /// The "last read" text is `input[token_start..token_end]`.
    token_start: usize,
    token_end: usize,
    /// Decoded string contents or the number's text.
    buffer: Vec<u8>,
    error_message: &'static str,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(input: &'a [u8]) -> Self {
        Lexer {
            input,
            next: 0,
            current: None,
            next_unget: false,
            chars_read_total: 0,
            chars_read_current_line: 0,
            lines_read: 0,
            token_start: 0,
            token_end: 0,
            buffer: Vec::new(),
            error_message: "",
        }
    }

    /// `(line, column)` as nlohmann prints them.
    pub(super) fn position(&self) -> (usize, usize) {
        (self.lines_read + 1, self.chars_read_current_line)
    }

    pub(super) fn error_message(&self) -> &'static str {
        self.error_message
    }

    /// The decoded bytes of the string token just scanned (the buffer is kept for the
    /// next one, so that it does not grow again from nothing).
    pub(super) fn string(&self) -> &[u8] {
        &self.buffer
    }

    /// The "last read" text, with bytes up to 0x1F shown as `<U+001F>`.
    pub(super) fn token_string(&self) -> String {
        let mut out = Vec::new();
        for &b in &self.input[self.token_start..self.token_end] {
            if b <= 0x1F {
                out.extend_from_slice(format!("<U+{b:04X}>").as_bytes());
            } else {
                out.push(b);
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    fn get(&mut self) -> Option<u8> {
        self.chars_read_total += 1;
        self.chars_read_current_line += 1;
        if self.next_unget {
            self.next_unget = false;
        } else {
            self.current = self.input.get(self.next).copied();
            if self.current.is_some() {
                self.next += 1;
            }
        }
        if self.current.is_some() {
            self.token_end += 1;
        }
        if self.current == Some(b'\n') {
            self.lines_read += 1;
            self.chars_read_current_line = 0;
        }
        self.current
    }

    fn unget(&mut self) {
        self.next_unget = true;
        self.chars_read_total -= 1;
        // nlohmann cannot restore the previous line's column, so after
        // ungetting a newline the column stays 0; it is re-read at once in
        // every path that later reports a position.
        if self.chars_read_current_line == 0 {
            self.lines_read = self.lines_read.saturating_sub(1);
        } else {
            self.chars_read_current_line -= 1;
        }
        if self.current.is_some() {
            self.token_end -= 1;
        }
    }

    /// Starts a new string or number token at the byte just read.
    fn reset(&mut self) {
        self.buffer.clear();
        self.token_start = self.token_end - 1;
    }

    fn fail(&mut self, message: &'static str) -> Token {
        self.error_message = message;
        Token::ParseError
    }

    fn skip_bom(&mut self) -> bool {
        if self.get() == Some(0xEF) {
            return self.get() == Some(0xBB) && self.get() == Some(0xBF);
        }
        self.unget();
        true
    }

    pub(super) fn scan(&mut self) -> Token {
        if self.chars_read_total == 0 && !self.skip_bom() {
            return self.fail("invalid BOM; must be 0xEF 0xBB 0xBF if given");
        }
        while matches!(self.get(), Some(b' ' | b'\t' | b'\n' | b'\r')) {}
        match self.current {
            Some(b'[') => Token::BeginArray,
            Some(b']') => Token::EndArray,
            Some(b'{') => Token::BeginObject,
            Some(b'}') => Token::EndObject,
            Some(b':') => Token::NameSeparator,
            Some(b',') => Token::ValueSeparator,
            Some(b't') => self.scan_literal(b"true", Token::True),
            Some(b'f') => self.scan_literal(b"false", Token::False),
            Some(b'n') => self.scan_literal(b"null", Token::Null),
            Some(b'"') => self.scan_string(),
            Some(b'-' | b'0'..=b'9') => self.scan_number(),
            Some(0) | None => Token::EndOfInput,
            Some(_) => self.fail("invalid literal"),
        }
    }

    fn scan_literal(&mut self, text: &[u8], token: Token) -> Token {
        for &expected in &text[1..] {
            if self.get() != Some(expected) {
                return self.fail("invalid literal");
            }
        }
        token
    }

    /// Reads the four hex digits after `\u`; `None` at the first non-hex.
    fn get_codepoint(&mut self) -> Option<u32> {
        let mut codepoint = 0;
        for _ in 0..4 {
            let digit = match self.get() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                _ => return None,
            };
            codepoint = codepoint * 16 + u32::from(digit);
        }
        Some(codepoint)
    }

    /// Keeps the current byte and checks that each following byte lies in
    /// its inclusive range (one range per continuation byte).
    fn next_bytes_in_range(&mut self, ranges: &[(u8, u8)]) -> bool {
        if let Some(c) = self.current {
            self.buffer.push(c);
        }
        for &(lo, hi) in ranges {
            match self.get() {
                Some(c) if (lo..=hi).contains(&c) => self.buffer.push(c),
                _ => {
                    self.error_message = BAD_UTF8;
                    return false;
                }
            }
        }
        true
    }

    /// Takes the run of plain bytes (printable ASCII other than `"` and `\\`) that
    /// comes next, all at once: exactly what reading them one by one with `get` would
    /// do, as none of them is a newline.
    fn take_plain_run(&mut self) {
        if self.next_unget {
            return;
        }
        let rest = &self.input[self.next..];
        let n = rest
            .iter()
            .position(|&c| !super::PLAIN[usize::from(c)])
            .unwrap_or(rest.len());
        if n == 0 {
            return;
        }
        self.buffer.extend_from_slice(&rest[..n]);
        self.current = Some(rest[n - 1]);
        self.next += n;
        self.chars_read_total += n;
        self.chars_read_current_line += n;
        self.token_end += n;
    }

    fn scan_string(&mut self) -> Token {
        self.reset();
        loop {
            self.take_plain_run();
            let Some(c) = self.get() else {
                return self.fail("invalid string: missing closing quote");
            };
            let ok = match c {
                b'"' => return Token::String,
                b'\\' => match self.scan_escape() {
                    Ok(()) => true,
                    Err(message) => return self.fail(message),
                },
                0x00..=0x1F => return self.fail(CONTROL_CHAR_ERRORS[usize::from(c)]),
                0x20..=0x7F => {
                    self.buffer.push(c);
                    true
                }
                // Exactly the well-formed UTF-8 sequences (no overlongs,
                // no surrogates, nothing above U+10FFFF).
                0xC2..=0xDF => self.next_bytes_in_range(&[(0x80, 0xBF)]),
                0xE0 => self.next_bytes_in_range(&[(0xA0, 0xBF), (0x80, 0xBF)]),
                0xE1..=0xEC | 0xEE..=0xEF => {
                    self.next_bytes_in_range(&[(0x80, 0xBF), (0x80, 0xBF)])
                }
                0xED => self.next_bytes_in_range(&[(0x80, 0x9F), (0x80, 0xBF)]),
                0xF0 => self.next_bytes_in_range(&[(0x90, 0xBF), (0x80, 0xBF), (0x80, 0xBF)]),
                0xF1..=0xF3 => {
                    self.next_bytes_in_range(&[(0x80, 0xBF), (0x80, 0xBF), (0x80, 0xBF)])
                }
                0xF4 => self.next_bytes_in_range(&[(0x80, 0x8F), (0x80, 0xBF), (0x80, 0xBF)]),
                _ => return self.fail(BAD_UTF8),
            };
            if !ok {
                return Token::ParseError;
            }
        }
    }

    /// Handles what follows a backslash inside a string.
    fn scan_escape(&mut self) -> Result<(), &'static str> {
        let decoded = match self.get() {
            Some(b'"') => b'"',
            Some(b'\\') => b'\\',
            Some(b'/') => b'/',
            Some(b'b') => 0x08,
            Some(b'f') => 0x0C,
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(b'u') => {
                let codepoint = self.scan_unicode_escape()?;
                let ch = char::from_u32(codepoint).ok_or(LONE_LOW)?;
                let mut utf8 = [0; 4];
                self.buffer
                    .extend_from_slice(ch.encode_utf8(&mut utf8).as_bytes());
                return Ok(());
            }
            _ => return Err("invalid string: forbidden character after backslash"),
        };
        self.buffer.push(decoded);
        Ok(())
    }

    /// Decodes `XXXX` after `\u`, joining a surrogate pair if present.
    fn scan_unicode_escape(&mut self) -> Result<u32, &'static str> {
        let first = self.get_codepoint().ok_or(BAD_HEX)?;
        if (0xD800..=0xDBFF).contains(&first) {
            // Short-circuit like nlohmann: stop reading at the first
            // character that is not part of `\u`.
            if self.get() != Some(b'\\') || self.get() != Some(b'u') {
                return Err(LONE_HIGH);
            }
            let second = self.get_codepoint().ok_or(BAD_HEX)?;
            if !(0xDC00..=0xDFFF).contains(&second) {
                return Err(LONE_HIGH);
            }
            return Ok(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00));
        }
        if (0xDC00..=0xDFFF).contains(&first) {
            return Err(LONE_LOW);
        }
        Ok(first)
    }

    /// nlohmann's number state machine; the token text goes to `buffer`.
    fn scan_number(&mut self) -> Token {
        enum Kind {
            Unsigned,
            Integer,
            Float,
        }
        self.reset();
        let first = self.current.unwrap_or(b'0');
        self.buffer.push(first);
        let mut kind = Kind::Unsigned;
        if first == b'-' {
            kind = Kind::Integer;
            match self.get() {
                Some(c @ b'0'..=b'9') => self.buffer.push(c),
                _ => return self.fail("invalid number; expected digit after '-'"),
            }
        }
        // Integer part: a lone zero, or a non-zero digit and more digits.
        if self.buffer.last() != Some(&b'0') {
            while let Some(c @ b'0'..=b'9') = self.get() {
                self.buffer.push(c);
            }
        } else {
            self.get();
        }
        if self.current == Some(b'.') {
            kind = Kind::Float;
            self.buffer.push(b'.');
            match self.get() {
                Some(c @ b'0'..=b'9') => self.buffer.push(c),
                _ => return self.fail("invalid number; expected digit after '.'"),
            }
            while let Some(c @ b'0'..=b'9') = self.get() {
                self.buffer.push(c);
            }
        }
        if let Some(e @ (b'e' | b'E')) = self.current {
            kind = Kind::Float;
            self.buffer.push(e);
            match self.get() {
                Some(c @ (b'+' | b'-')) => {
                    self.buffer.push(c);
                    match self.get() {
                        Some(d @ b'0'..=b'9') => self.buffer.push(d),
                        _ => {
                            return self.fail("invalid number; expected digit after exponent sign");
                        }
                    }
                }
                Some(d @ b'0'..=b'9') => self.buffer.push(d),
                _ => {
                    return self.fail("invalid number; expected '+', '-', or digit after exponent");
                }
            }
            while let Some(c @ b'0'..=b'9') = self.get() {
                self.buffer.push(c);
            }
        }
        self.unget();

        // The buffer holds only ASCII digits, signs, '.', 'e' and 'E'.
        let text = std::str::from_utf8(&self.buffer).unwrap_or("");
        // Like strtoull/strtoll: on overflow fall back to a double.
        match kind {
            Kind::Unsigned => {
                if let Ok(v) = text.parse::<u64>() {
                    return Token::Unsigned(v);
                }
            }
            Kind::Integer => {
                if let Ok(v) = text.parse::<i64>() {
                    return Token::Integer(v);
                }
            }
            Kind::Float => {}
        }
        // Rust's parser, like strtod, rounds correctly and yields ±inf on
        // overflow and (possibly subnormal) zero on underflow.
        Token::Float(text.parse::<f64>().unwrap_or(f64::NAN))
    }
}
