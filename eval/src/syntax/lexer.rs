//! Nix's lexer: the same tokens, split at the same places, with the same locations and the
//! same errors as the lexer of Nix's parser.
//!
//! It works on bytes, as Nix's does: outside strings and comments only ASCII makes tokens
//! (any other byte is an invalid token), inside them anything goes. Where several rules
//! match, the longest match wins, and the earliest rule on a tie; that is what makes `1/2` a
//! path, `x:x` a URI, `a-` an identifier, `01.5` an integer followed by a float and `0.` an
//! integer followed by a dot.
//!
//! Locations follow Nix's bookkeeping too: every match, whitespace and comments included,
//! moves the current location to the matched text, and the rules that push text back
//! restore the location before it. The token that ends a path (`PATH_END`) therefore takes
//! the path's location, and at the end of the input the end-of-file token keeps the location
//! of whatever was matched last.

use std::cell::Cell;

use super::token::Tok;
use super::tree::Trivia;

/// A token and where it is, as byte offsets.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
    pub value: Value,
}

/// What a token carries besides its kind.
#[derive(Clone, Debug)]
pub(crate) enum Value {
    None,
    /// The token's text (identifiers, paths, URIs).
    Text,
    /// A piece of a string's contents: the token's text from `skip` bytes on, with its
    /// escapes decoded if `escaped` (see [`Token::string_value`]); for indented strings,
    /// `indented` if the text is subject to indentation stripping (escapes and `$` are
    /// not). Only strings the parser's checks look at (attribute names) are decoded.
    Str {
        skip: u8,
        escaped: bool,
        indented: bool,
    },
}

impl Token {
    /// The bytes a string piece ([`Value::Str`]) stands for; nothing for other tokens.
    pub(crate) fn string_value(&self, src: &[u8]) -> Vec<u8> {
        match self.value {
            Value::Str { skip, escaped, .. } => {
                let text = &src[self.start + skip as usize..self.end];
                if escaped {
                    unescape(text)
                } else {
                    text.to_vec()
                }
            }
            _ => Vec::new(),
        }
    }
}

/// A piece of a string: its text, or the text `skip` bytes on, taken as it is.
const fn raw(skip: u8, indented: bool) -> Value {
    Value::Str {
        skip,
        escaped: false,
        indented,
    }
}

/// An error of the lexer: the message and the offset it points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LexError {
    pub offset: usize,
    pub message: String,
}

/// The lexer's start conditions: what kind of text it is in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cond {
    /// The bottom of the stack; a `}` here closes nothing.
    Initial,
    Default,
    String,
    IndString,
    /// Inside a path, after a part not ending in `/`.
    InPath,
    /// Inside a path, after a part ending in `/`: the path may not end here.
    InPathSlash,
}

#[derive(Clone, Copy, Default)]
struct Loc {
    begin: usize,
    end: usize,
}

pub(crate) struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    stack: Vec<Cond>,
    loc: Loc,
    stash: Loc,
    pipe_operators: bool,
    /// Whether to keep the whitespace and comments met in `trivia`, for the syntax tree.
    pub keep_trivia: bool,
    /// The whitespace and comments met since the tree last took them.
    pub trivia: Vec<Trivia>,
    /// The last run of path characters scanned, as `(start, end)`: tokens inside one long
    /// run (`a.b.c…`, `1+1+…`, `- - -…`) look for a `/` after it, and scanning it again for
    /// each would take time quadratic in its length.
    path_run: Cell<(usize, usize)>,
    /// The last run of URI scheme characters scanned, for the same reason.
    scheme_run: Cell<(usize, usize)>,
    /// From where on no `*/` closes a comment, once known (so that many `/*` without an
    /// end do not each scan the rest of the input).
    no_comment_end_from: Cell<usize>,
    /// Whether the next token is `start of REPL bindings`, which Nix's lexer gives first
    /// when it reads a line typed at the REPL as bindings.
    repl_bindings_first: bool,
    /// Whether a `;` is read after the input, as Nix's REPL does when it reads `TEXT;`
    /// (but shows positions in `TEXT`): a comment running to the end of the input takes it.
    semicolon_at_end: bool,
}

/// The end of the run of bytes of `class` starting at `i` in `src`, remembered in `cache`:
/// from any position inside a run, the run ends at the same place.
fn run_end(src: &[u8], cache: &Cell<(usize, usize)>, i: usize, class: fn(u8) -> bool) -> usize {
    let (start, end) = cache.get();
    if start <= i && i < end {
        return end;
    }
    let mut j = i;
    while j < src.len() && class(src[j]) {
        j += 1;
    }
    cache.set((i, j));
    j
}

fn is_scheme_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')
}

/// The classes of the bytes the lexer scans runs of most (identifiers and path
/// characters), one table lookup each: most of a file's bytes are in such runs.
const PATH_CHAR: u8 = 1;
const ID_CHAR: u8 = 2;
static CLASSES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+') {
            t[c] |= PATH_CHAR;
        }
        if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'\'' | b'-') {
            t[c] |= ID_CHAR;
        }
        c += 1;
    }
    t
};

fn is_path_char(c: u8) -> bool {
    CLASSES[c as usize] & PATH_CHAR != 0
}

fn is_id_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_id_char(c: u8) -> bool {
    CLASSES[c as usize] & ID_CHAR != 0
}

fn is_uri_char(c: u8) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            b'%' | b'/'
                | b'?'
                | b':'
                | b'@'
                | b'&'
                | b'='
                | b'+'
                | b'$'
                | b','
                | b'-'
                | b'_'
                | b'.'
                | b'!'
                | b'~'
                | b'*'
                | b'\''
        )
}

const KEYWORDS: [(&[u8], Tok); 10] = [
    (b"if", Tok::If),
    (b"then", Tok::Then),
    (b"else", Tok::Else),
    (b"assert", Tok::Assert),
    (b"with", Tok::With),
    (b"let", Tok::Let),
    (b"in", Tok::In),
    (b"rec", Tok::Rec),
    (b"inherit", Tok::Inherit),
    (b"or", Tok::OrKw),
];

const OPERATORS: [(&[u8], Tok); 12] = [
    (b"...", Tok::Ellipsis),
    (b"==", Tok::Eq),
    (b"!=", Tok::Neq),
    (b"<=", Tok::Leq),
    (b">=", Tok::Geq),
    (b"&&", Tok::And),
    (b"||", Tok::Or),
    (b"->", Tok::Impl),
    (b"//", Tok::Update),
    (b"++", Tok::Concat),
    (b"<|", Tok::PipeFrom),
    (b"|>", Tok::PipeInto),
];

/// The keyword a whole identifier spells, if any (the same as [`KEYWORDS`], matched
/// without a comparison per keyword).
fn keyword(id: &[u8]) -> Option<Tok> {
    Some(match id {
        b"if" => Tok::If,
        b"then" => Tok::Then,
        b"else" => Tok::Else,
        b"assert" => Tok::Assert,
        b"with" => Tok::With,
        b"let" => Tok::Let,
        b"in" => Tok::In,
        b"rec" => Tok::Rec,
        b"inherit" => Tok::Inherit,
        b"or" => Tok::OrKw,
        _ => return None,
    })
}

/// The operator of [`OPERATORS`] that `rest` starts with, and its length (no two of them
/// start the same text), matched without a comparison per operator.
fn operator(rest: &[u8]) -> Option<(usize, Tok)> {
    let tok = match (rest.first()?, rest.get(1)?) {
        (b'.', b'.') if rest.get(2) == Some(&b'.') => return Some((3, Tok::Ellipsis)),
        (b'=', b'=') => Tok::Eq,
        (b'!', b'=') => Tok::Neq,
        (b'<', b'=') => Tok::Leq,
        (b'>', b'=') => Tok::Geq,
        (b'&', b'&') => Tok::And,
        (b'|', b'|') => Tok::Or,
        (b'-', b'>') => Tok::Impl,
        (b'/', b'/') => Tok::Update,
        (b'+', b'+') => Tok::Concat,
        (b'<', b'|') => Tok::PipeFrom,
        (b'|', b'>') => Tok::PipeInto,
        _ => return None,
    };
    Some((2, tok))
}

/// The rules of the default condition, in the order that breaks ties between matches of
/// equal length.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Rule {
    Keyword(Tok),
    Operator(Tok),
    Id,
    Int,
    Float,
    DollarCurly,
    RBrace,
    LBrace,
    Quote,
    IndStringOpen,
    /// `a/${` or `~/${`: a path whose first part ends in a slash, then an interpolation.
    PathStart,
    Path,
    HPath,
    SPath,
    Uri,
    Whitespace,
    LineComment,
    BlockComment,
    Any,
}

impl Rule {
    /// The rule's place in the lexer's list.
    fn rank(self) -> u8 {
        match self {
            Rule::Keyword(t) => KEYWORDS.iter().position(|(_, k)| *k == t).unwrap_or(0) as u8,
            Rule::Operator(t) => {
                10 + OPERATORS.iter().position(|(_, k)| *k == t).unwrap_or(0) as u8
            }
            Rule::Id => 22,
            Rule::Int => 23,
            Rule::Float => 24,
            Rule::DollarCurly => 25,
            Rule::RBrace => 26,
            Rule::LBrace => 27,
            Rule::Quote => 28,
            Rule::IndStringOpen => 29,
            Rule::PathStart => 30,
            Rule::Path => 31,
            Rule::HPath => 32,
            Rule::SPath => 33,
            Rule::Uri => 34,
            Rule::BlockComment => 35,
            Rule::Whitespace => 36,
            Rule::LineComment => 37,
            Rule::Any => 39,
        }
    }
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(src: &'a [u8], pipe_operators: bool) -> Lexer<'a> {
        Lexer {
            src,
            pos: 0,
            stack: vec![Cond::Initial],
            loc: Loc::default(),
            stash: Loc::default(),
            pipe_operators,
            keep_trivia: false,
            trivia: Vec::new(),
            path_run: Cell::new((0, 0)),
            scheme_run: Cell::new((0, 0)),
            no_comment_end_from: Cell::new(usize::MAX),
            repl_bindings_first: false,
            semicolon_at_end: false,
        }
    }

    /// Reads the input as Nix's REPL reads a line as bindings: `start of REPL bindings`
    /// first, then the text, and, with `semicolon`, a `;` after it.
    pub(crate) fn repl_bindings(&mut self, semicolon: bool) {
        self.repl_bindings_first = true;
        self.semicolon_at_end = semicolon;
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.src.get(i).copied()
    }

    fn cond(&self) -> Cond {
        *self.stack.last().unwrap_or(&Cond::Initial)
    }

    fn push(&mut self, c: Cond) {
        self.stack.push(c);
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    /// Records a match of `len` bytes at the current position, as Nix's lexer does before
    /// every rule's action.
    fn matched(&mut self, len: usize) {
        self.stash = self.loc;
        self.loc = Loc {
            begin: self.loc.end,
            end: self.loc.end + len,
        };
        self.pos += len;
    }

    /// Undoes the last match (`yyless(0)` and restoring the saved location).
    fn unmatch(&mut self) {
        self.pos = self.loc.begin;
        self.loc = self.stash;
    }

    fn token(&self, tok: Tok, value: Value) -> Token {
        Token {
            tok,
            start: self.loc.begin,
            end: self.loc.end,
            value,
        }
    }

    fn error<T>(&self, message: String) -> Result<T, LexError> {
        Err(LexError {
            offset: self.loc.begin,
            message,
        })
    }

    /// The next token. End of input is `Tok::Eof`, as often as asked.
    pub(crate) fn next_token(&mut self) -> Result<Token, LexError> {
        if std::mem::take(&mut self.repl_bindings_first) {
            // Nix pushes back what it matched: the token takes no text.
            return Ok(self.token(Tok::ReplBindings, Value::None));
        }
        loop {
            let t = match self.cond() {
                Cond::Initial | Cond::Default => self.lex_default()?,
                Cond::String => Some(self.lex_string()?),
                Cond::IndString => Some(self.lex_ind_string()?),
                Cond::InPath | Cond::InPathSlash => self.lex_in_path()?,
            };
            if let Some(t) = t {
                return Ok(t);
            }
        }
    }

    /// Length of an identifier at `i` (0 if none).
    fn id_len(&self, i: usize) -> usize {
        if !self.at(i).is_some_and(is_id_start) {
            return 0;
        }
        let mut j = i + 1;
        while self.at(j).is_some_and(is_id_char) {
            j += 1;
        }
        j - i
    }

    fn digits(&self, mut j: usize) -> usize {
        while self.at(j).is_some_and(|c| c.is_ascii_digit()) {
            j += 1;
        }
        j
    }

    fn float_len(&self, i: usize) -> usize {
        let mut j;
        match self.at(i) {
            Some(b'1'..=b'9') => {
                j = self.digits(i + 1);
                if self.at(j) != Some(b'.') {
                    return 0;
                }
                j = self.digits(j + 1);
            }
            Some(b'0') | Some(b'.') => {
                j = if self.at(i) == Some(b'0') { i + 1 } else { i };
                if self.at(j) != Some(b'.') || !self.at(j + 1).is_some_and(|c| c.is_ascii_digit()) {
                    return 0;
                }
                j = self.digits(j + 1);
            }
            _ => return 0,
        }
        if matches!(self.at(j), Some(b'e' | b'E')) {
            let mut k = j + 1;
            if matches!(self.at(k), Some(b'+' | b'-')) {
                k += 1;
            }
            if self.at(k).is_some_and(|c| c.is_ascii_digit()) {
                j = self.digits(k);
            }
        }
        j - i
    }

    /// `{PATH_CHAR}*(\/{PATH_CHAR}+)+\/?`, from `j` after the leading characters.
    fn path_segments(&self, mut j: usize) -> Option<usize> {
        let mut segments = 0;
        while self.at(j) == Some(b'/') && self.at(j + 1).is_some_and(is_path_char) {
            j = self.path_chars(j + 1);
            segments += 1;
        }
        if segments == 0 {
            return None;
        }
        if self.at(j) == Some(b'/') {
            j += 1;
        }
        Some(j)
    }

    fn path_chars(&self, j: usize) -> usize {
        run_end(self.src, &self.path_run, j, is_path_char)
    }

    fn path_len(&self, i: usize) -> usize {
        let j = self.path_chars(i);
        self.path_segments(j).map_or(0, |e| e - i)
    }

    fn hpath_len(&self, i: usize) -> usize {
        if self.at(i) != Some(b'~') {
            return 0;
        }
        self.path_segments(i + 1).map_or(0, |e| e - i)
    }

    /// `{PATH_SEG}\$\{` or `~/\$\{`: the length of the path part before the `${`.
    fn path_start_len(&self, i: usize) -> usize {
        let j = if self.at(i) == Some(b'~') {
            i + 1
        } else {
            self.path_chars(i)
        };
        if self.at(j) == Some(b'/') && self.at(j + 1) == Some(b'$') && self.at(j + 2) == Some(b'{')
        {
            j + 1 - i
        } else {
            0
        }
    }

    fn spath_len(&self, i: usize) -> usize {
        if self.at(i) != Some(b'<') || !self.at(i + 1).is_some_and(is_path_char) {
            return 0;
        }
        let mut j = self.path_chars(i + 1);
        while self.at(j) == Some(b'/') && self.at(j + 1).is_some_and(is_path_char) {
            j = self.path_chars(j + 1);
        }
        if self.at(j) == Some(b'>') {
            j + 1 - i
        } else {
            0
        }
    }

    fn uri_len(&self, i: usize) -> usize {
        if !self.at(i).is_some_and(|c| c.is_ascii_alphabetic()) {
            return 0;
        }
        let mut j = run_end(self.src, &self.scheme_run, i + 1, is_scheme_char);
        if self.at(j) != Some(b':') || !self.at(j + 1).is_some_and(is_uri_char) {
            return 0;
        }
        j += 1;
        while self.at(j).is_some_and(is_uri_char) {
            j += 1;
        }
        j - i
    }

    /// `/*` … `*/` (doc comments included), or 0 if the comment is not closed.
    fn block_comment_len(&self, i: usize) -> usize {
        if self.at(i) != Some(b'/') || self.at(i + 1) != Some(b'*') {
            return 0;
        }
        let mut j = i + 2;
        while j + 1 < self.src.len() && j < self.no_comment_end_from.get() {
            if self.src[j] == b'*' && self.src[j + 1] == b'/' {
                return j + 2 - i;
            }
            j += 1;
        }
        // No `*/` starts at or after `i + 2`.
        let bound = self.no_comment_end_from.get().min(i + 2);
        self.no_comment_end_from.set(bound);
        0
    }

    /// The longest match of the default condition's rules at the current position.
    fn longest_default(&self) -> (usize, Rule) {
        let i = self.pos;
        let mut best = (0usize, Rule::Any);
        let mut consider = |len: usize, rule: Rule| {
            if len > best.0 || (len == best.0 && len > 0 && rule.rank() < best.1.rank()) {
                best = (len, rule);
            }
        };
        let rest = &self.src[i..];
        let first = rest[0];
        // No other rule matches text starting with whitespace.
        if matches!(first, b' ' | b'\t' | b'\r' | b'\n') {
            let n = rest
                .iter()
                .position(|c| !matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
                .unwrap_or(rest.len());
            return (n, Rule::Whitespace);
        }
        match first {
            // No longer match can start with these.
            b';' | b',' | b'(' | b')' | b'[' | b']' | b':' | b'@' | b'?' | b'*' => {
                return (1, Rule::Any);
            }
            // Only an operator or a lone character starts with these.
            b'=' | b'!' | b'>' | b'&' | b'|' => {
                return operator(rest)
                    .map_or((1, Rule::Any), |(len, tok)| (len, Rule::Operator(tok)));
            }
            b'{' => return (1, Rule::LBrace),
            b'}' => return (1, Rule::RBrace),
            b'"' => return (1, Rule::Quote),
            b'0'..=b'9' => {
                // Unless a path character or a slash follows (a float, a path), only the
                // integer matches.
                let d = self.digits(i);
                if !self.at(d).is_some_and(|c| is_path_char(c) || c == b'/') {
                    return (d - i, Rule::Int);
                }
            }
            _ => {}
        }
        if is_id_start(first) {
            // Unless a `/` or `:` follows the path characters here (a URI's scheme is made
            // of them too), no path or URI starts here: only a keyword or an identifier.
            // The identifier's characters are path characters too unless it has a `'`:
            // the run of path characters goes on from its end.
            // The identifier's length, and whether it has a `'`, in one pass.
            let mut end = i + 1;
            let mut quote = false;
            while let Some(c) = self.at(end)
                && is_id_char(c)
            {
                quote |= c == b'\'';
                end += 1;
            }
            let id = end - i;
            let run = if quote {
                self.path_chars(i)
            } else {
                self.path_chars(i + id)
            };
            if !matches!(self.at(run), Some(b'/' | b':')) {
                return match keyword(&rest[..id]) {
                    Some(tok) => (id, Rule::Keyword(tok)),
                    None => (id, Rule::Id),
                };
            }
        }
        if first.is_ascii_lowercase() {
            for (text, tok) in KEYWORDS {
                if rest.starts_with(text) {
                    consider(text.len(), Rule::Keyword(tok));
                }
            }
        } else if let Some((len, tok)) = operator(rest) {
            consider(len, Rule::Operator(tok));
        }
        consider(self.id_len(i), Rule::Id);
        consider(self.digits(i) - i, Rule::Int);
        consider(self.float_len(i), Rule::Float);
        if rest.starts_with(b"${") {
            consider(2, Rule::DollarCurly);
        }
        match rest.first() {
            Some(b'}') => consider(1, Rule::RBrace),
            Some(b'{') => consider(1, Rule::LBrace),
            Some(b'"') => consider(1, Rule::Quote),
            _ => {}
        }
        if rest.starts_with(b"''") {
            let mut j = i + 2;
            while self.at(j) == Some(b' ') {
                j += 1;
            }
            let len = if self.at(j) == Some(b'\n') {
                j + 1 - i
            } else {
                2
            };
            consider(len, Rule::IndStringOpen);
        }
        let ps = self.path_start_len(i);
        if ps > 0 {
            // The rule's match includes the `${`.
            consider(ps + 2, Rule::PathStart);
        }
        consider(self.path_len(i), Rule::Path);
        consider(self.hpath_len(i), Rule::HPath);
        consider(self.spath_len(i), Rule::SPath);
        consider(self.uri_len(i), Rule::Uri);
        consider(self.block_comment_len(i), Rule::BlockComment);
        let mut j = i;
        while matches!(self.at(j), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            j += 1;
        }
        consider(j - i, Rule::Whitespace);
        if rest.first() == Some(&b'#') {
            let mut j = i + 1;
            while !matches!(self.at(j), None | Some(b'\r' | b'\n')) {
                j += 1;
            }
            consider(j - i, Rule::LineComment);
        }
        consider(1, Rule::Any);
        best
    }

    fn lex_default(&mut self) -> Result<Option<Token>, LexError> {
        if self.pos >= self.src.len() {
            if std::mem::take(&mut self.semicolon_at_end) {
                self.matched(0);
                return Ok(Some(self.token(Tok::Semicolon, Value::None)));
            }
            return Ok(Some(self.token(Tok::Eof, Value::None)));
        }
        let (len, rule) = self.longest_default();
        let start = self.pos;
        self.matched(len);
        let tok = match rule {
            Rule::Keyword(t) => self.token(t, Value::None),
            Rule::Operator(t) => {
                if matches!(t, Tok::PipeFrom | Tok::PipeInto) && !self.pipe_operators {
                    return self.error(
                        "experimental Nix feature 'pipe-operators' is disabled; add \
                         '--extra-experimental-features pipe-operators' to enable it"
                            .into(),
                    );
                }
                self.token(t, Value::None)
            }
            Rule::Id => self.token(Tok::Id, Value::Text),
            Rule::Int => {
                let text = String::from_utf8_lossy(&self.src[start..start + len]);
                if text.parse::<i64>().is_err() {
                    return self.error(format!("invalid integer '{text}'"));
                }
                self.token(Tok::Int, Value::Text)
            }
            Rule::Float => {
                let text = String::from_utf8_lossy(&self.src[start..start + len]);
                if !float_in_range(&text) {
                    return self.error(format!("invalid float '{text}'"));
                }
                self.token(Tok::Float, Value::Text)
            }
            Rule::DollarCurly | Rule::LBrace => {
                self.push(Cond::Default);
                let t = if rule == Rule::LBrace {
                    Tok::LBrace
                } else {
                    Tok::DollarCurly
                };
                self.token(t, Value::None)
            }
            Rule::RBrace => {
                if self.cond() != Cond::Initial {
                    self.pop();
                }
                self.token(Tok::RBrace, Value::None)
            }
            Rule::Quote => {
                self.push(Cond::String);
                self.token(Tok::Quote, Value::None)
            }
            Rule::IndStringOpen => {
                self.push(Cond::IndString);
                self.token(Tok::IndStringOpen, Value::None)
            }
            Rule::PathStart => {
                // Nix pushes the text back and matches the first part again as a path.
                self.unmatch();
                let home = self.at(self.pos) == Some(b'~');
                let seg = self.path_start_len(self.pos);
                self.matched(seg);
                self.push(Cond::InPathSlash);
                let t = if home { Tok::HPath } else { Tok::Path };
                self.token(t, Value::Text)
            }
            Rule::Path | Rule::HPath => {
                let slash = self.src[start + len - 1] == b'/';
                self.push(if slash {
                    Cond::InPathSlash
                } else {
                    Cond::InPath
                });
                let t = if rule == Rule::Path {
                    Tok::Path
                } else {
                    Tok::HPath
                };
                self.token(t, Value::Text)
            }
            Rule::SPath => self.token(Tok::SPath, Value::Text),
            Rule::Uri => self.token(Tok::Uri, Value::Text),
            Rule::Whitespace | Rule::LineComment | Rule::BlockComment => {
                if rule == Rule::LineComment && start + len == self.src.len() {
                    // The `;` after the input would have been part of the comment.
                    self.semicolon_at_end = false;
                }
                if self.keep_trivia {
                    self.trivia.push(Trivia {
                        start,
                        end: start + len,
                        comment: rule != Rule::Whitespace,
                    });
                }
                return Ok(None);
            }
            // A NUL byte is the end of the input (its text marks it as such).
            Rule::Any if self.src[start] == 0 => self.token(Tok::Eof, Value::Text),
            Rule::Any => self.token(Tok::of_char(self.src[start]), Value::None),
        };
        Ok(Some(tok))
    }

    fn lex_in_path(&mut self) -> Result<Option<Token>, LexError> {
        let i = self.pos;
        if self.src[i..].starts_with(b"${") {
            self.matched(2);
            self.pop();
            self.push(Cond::InPath);
            self.push(Cond::Default);
            return Ok(Some(self.token(Tok::DollarCurly, Value::None)));
        }
        // `{PATH}|{PATH_SEG}|{PATH_CHAR}+`, whichever is longest.
        let chars = self.path_chars(i);
        let mut len = chars - i;
        if let Some(e) = self.path_segments(chars) {
            len = len.max(e - i);
        }
        if self.at(chars) == Some(b'/') {
            len = len.max(chars + 1 - i);
        }
        if len > 0 {
            self.matched(len);
            self.pop();
            let slash = self.src[i + len - 1] == b'/';
            self.push(if slash {
                Cond::InPathSlash
            } else {
                Cond::InPath
            });
            return Ok(Some(self.token(Tok::Str, raw(0, false))));
        }
        let at_end = i >= self.src.len();
        if !at_end {
            self.matched(1);
        }
        if self.cond() == Cond::InPathSlash {
            return self.error("path has a trailing slash".into());
        }
        // The path ends here: what follows is read again in the outer condition.
        self.pop();
        if at_end {
            self.loc = self.stash;
        } else {
            self.unmatch();
        }
        Ok(Some(self.token(Tok::PathEnd, Value::None)))
    }

    fn lex_string(&mut self) -> Result<Token, LexError> {
        let i = self.pos;
        // The longest run of string characters: anything but `$`, `"` and `\`, `$` followed
        // by anything but `{`, `"` and `\`, an escape, or `$` followed by an escape.
        let mut j = i;
        loop {
            match self.at(j) {
                None | Some(b'"') => break,
                Some(b'\\') => {
                    if self.at(j + 1).is_none() {
                        break;
                    }
                    j += 2;
                }
                Some(b'$') => match self.at(j + 1) {
                    None | Some(b'{') | Some(b'"') => break,
                    Some(b'\\') => {
                        if self.at(j + 2).is_none() {
                            break;
                        }
                        j += 3;
                    }
                    Some(_) => j += 2,
                },
                Some(_) => j += 1,
            }
        }
        // A run ending in `$` right before the closing quote (the `$` belongs to the text).
        if self.at(j) == Some(b'$') && self.at(j + 1) == Some(b'"') {
            j += 1;
        }
        if j > i {
            self.matched(j - i);
            // Escapes make no NUL byte of other bytes.
            if self.src[i..j].contains(&0) {
                return self.error(null_byte_message(&unescape(&self.src[i..j])));
            }
            let value = Value::Str {
                skip: 0,
                escaped: true,
                indented: false,
            };
            return Ok(self.token(Tok::Str, value));
        }
        match self.at(i) {
            None => Ok(self.token(Tok::Eof, Value::None)),
            Some(b'"') => {
                self.matched(1);
                self.pop();
                Ok(self.token(Tok::Quote, Value::None))
            }
            Some(b'$') if self.at(i + 1) == Some(b'{') => {
                self.matched(2);
                self.push(Cond::Default);
                Ok(self.token(Tok::DollarCurly, Value::None))
            }
            _ => {
                // A lone `$`, `\` or `$\` at the end of the input: Nix's lexer reports the end
                // of the input here, and the parser fails at this place.
                let len = if self.src[i..].starts_with(b"$\\") {
                    2
                } else {
                    1
                };
                self.matched(len);
                Ok(self.token(Tok::Eof, Value::None))
            }
        }
    }

    fn lex_ind_string(&mut self) -> Result<Token, LexError> {
        let i = self.pos;
        let Some(&c) = self.src.get(i) else {
            return Ok(self.token(Tok::Eof, Value::None));
        };
        // The run of plain text: anything but `$` and `'`, `$` followed by anything but `{`
        // and `'`, `'` followed by anything but `'` and `$`.
        let mut j = i;
        loop {
            match self.at(j) {
                None => break,
                Some(b'$') => match self.at(j + 1) {
                    None | Some(b'{') | Some(b'\'') => break,
                    Some(_) => j += 2,
                },
                Some(b'\'') => match self.at(j + 1) {
                    None | Some(b'\'') | Some(b'$') => break,
                    Some(_) => j += 2,
                },
                Some(_) => j += 1,
            }
        }
        let run = j - i;
        let rest = &self.src[i..];
        // The other rules, longest first; a tie goes to the earlier rule, and the run of
        // text comes first of all.
        let special: usize = if rest.starts_with(b"''\\") && rest.len() >= 4 {
            4
        } else if rest.starts_with(b"''$") || rest.starts_with(b"'''") {
            3
        } else if rest.starts_with(b"${") || rest.starts_with(b"''") {
            2
        } else {
            1
        };
        if run > 0 && run >= special {
            self.matched(run);
            if self.src[i..j].contains(&0) {
                return self.error(null_byte_message(&self.src[i..j]));
            }
            return Ok(self.token(Tok::IndStr, raw(0, true)));
        }
        self.matched(special);
        Ok(match special {
            4 => {
                let text = unescape(&rest[2..4]);
                if text.contains(&0) {
                    return self.error(null_byte_message(&text));
                }
                let value = Value::Str {
                    skip: 2,
                    escaped: true,
                    indented: false,
                };
                self.token(Tok::IndStr, value)
            }
            // `''$` stands for `$`, `'''` for `''`.
            3 if rest[2] == b'$' => self.token(Tok::IndStr, raw(2, false)),
            3 => self.token(Tok::IndStr, raw(1, false)),
            2 if c == b'$' => {
                self.push(Cond::Default);
                self.token(Tok::DollarCurly, Value::None)
            }
            2 => {
                self.pop();
                self.token(Tok::IndStringClose, Value::None)
            }
            // A lone `$` or `'`.
            _ => self.token(Tok::IndStr, raw(0, false)),
        })
    }
}

/// Whether C's `strtod` reads the float literal without a range error: it must not overflow,
/// and a non-zero literal must not come out as zero or as a subnormal number.
fn float_in_range(text: &str) -> bool {
    let Ok(v) = text.parse::<f64>() else {
        return false;
    };
    if v.is_infinite() {
        return false;
    }
    let mantissa = text.split(['e', 'E']).next().unwrap_or("");
    let nonzero = mantissa.bytes().any(|c| matches!(c, b'1'..=b'9'));
    !(nonzero && v.abs() < f64::MIN_POSITIVE)
}

/// Decodes the escapes of a string's text as Nix's lexer does: `\n`, `\r` and `\t` are
/// control characters, any other escaped character stands for itself, and a CR or CR LF
/// line end becomes LF.
pub(crate) fn unescape(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        i += 1;
        if c == b'\\' && i < s.len() {
            let e = s[i];
            i += 1;
            out.push(match e {
                b'n' => b'\n',
                b'r' => b'\r',
                b't' => b'\t',
                other => other,
            });
        } else if c == b'\r' {
            out.push(b'\n');
            if s.get(i) == Some(&b'\n') {
                i += 1;
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Nix's error for a string holding a NUL byte, which it shows as `␀`.
fn null_byte_message(text: &[u8]) -> String {
    let shown = String::from_utf8_lossy(text).replace('\0', "\u{2400}");
    format!(
        "input string '{shown}' cannot be represented as Nix string because it contains null bytes"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Tok, String)> {
        let mut l = Lexer::new(src.as_bytes(), true);
        let mut out = Vec::new();
        loop {
            let t = l.next_token().expect("lexes");
            if t.tok == Tok::Eof {
                return out;
            }
            out.push((t.tok, src[t.start..t.end].to_string()));
        }
    }

    fn toks(src: &str) -> Vec<Tok> {
        kinds(src).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn longest_match_decides() {
        use Tok::*;
        assert_eq!(toks("1/2"), [Path, PathEnd]);
        assert_eq!(toks("x:x"), [Uri]);
        assert_eq!(toks("a->b"), [Id, More, Id]);
        assert_eq!(toks("01.5"), [Int, Float]);
        assert_eq!(toks("0."), [Int, Dot]);
        assert_eq!(toks("1."), [Float]);
        assert_eq!(toks("1e5"), [Int, Id]);
        assert_eq!(toks("1.5e"), [Float, Id]);
        assert_eq!(toks("iff if"), [Id, If]);
        assert_eq!(toks("a//b"), [Id, Update, Id]);
        assert_eq!(toks("<nixpkgs> <= <a/b>"), [SPath, Leq, SPath]);
    }

    #[test]
    fn keywords_and_operators_are_the_lists() {
        for (text, tok) in KEYWORDS {
            assert_eq!(keyword(text), Some(tok));
        }
        assert_eq!(keyword(b"iff"), None);
        assert_eq!(keyword(b"i"), None);
        for (text, tok) in OPERATORS {
            let mut rest = text.to_vec();
            rest.push(b'x');
            assert_eq!(operator(&rest), Some((text.len(), tok)));
        }
        assert_eq!(operator(b".."), None);
        assert_eq!(operator(b"="), None);
    }

    #[test]
    fn comments_end_at_cr() {
        use Tok::*;
        assert_eq!(toks("# a\rb"), [Id]);
        assert_eq!(toks("/* a */ b /* c"), [Id, Slash, Star, Id]);
    }

    #[test]
    fn paths_with_interpolation() {
        use Tok::*;
        assert_eq!(
            kinds("a/${b}/c"),
            [
                (Path, "a/".into()),
                (DollarCurly, "${".into()),
                (Id, "b".into()),
                (RBrace, "}".into()),
                (Str, "/c".into()),
                // At the end of the input the token takes the location before the last part.
                (PathEnd, "}".into()),
            ]
        );
    }

    #[test]
    fn trailing_slash() {
        let mut l = Lexer::new(b"./a/ ", false);
        assert_eq!(l.next_token().unwrap().tok, Tok::Path);
        let e = l.next_token().unwrap_err();
        assert_eq!(e.offset, 4);
        assert_eq!(e.message, "path has a trailing slash");
    }

    #[test]
    fn strings() {
        use Tok::*;
        assert_eq!(toks(r#""a$""#), [Quote, Str, Quote]);
        assert_eq!(toks(r#""$${x}""#), [Quote, Str, Quote]);
        assert_eq!(
            toks(r#""a${x}""#),
            [Quote, Str, DollarCurly, Id, RBrace, Quote]
        );
        assert_eq!(
            toks("''a''$b'''c''"),
            [
                IndStringOpen,
                IndStr,
                IndStr,
                IndStr,
                IndStr,
                IndStr,
                IndStringClose
            ]
        );
        assert_eq!(unescape(b"a\\nb\r\nc\\$"), b"a\nb\nc$");
    }

    #[test]
    fn numbers_out_of_range() {
        let e = Lexer::new(b"9223372036854775808", false)
            .next_token()
            .unwrap_err();
        assert_eq!(e.message, "invalid integer '9223372036854775808'");
        let e = Lexer::new(b"1.0e400", false).next_token().unwrap_err();
        assert_eq!(e.message, "invalid float '1.0e400'");
        assert!(Lexer::new(b"0.0e-999", false).next_token().is_ok());
        assert!(Lexer::new(b"1.0e-310", false).next_token().is_err());
    }
}
