//! Pattern → syntax tree, following the token rules of libstdc++'s scanner in
//! `std::regex::extended` mode (compiled with strict ANSI, so escaping an
//! ordinary character is an error).
//!
//! The parser is a loop over tokens with an explicit stack of open groups, and
//! the tree lives in an arena, so neither parsing nor dropping a deeply nested
//! pattern recurses on the Rust stack.

use super::charclass::{Bracket, ByteSet, collating_element};
use super::error::RegexError;

pub(crate) type NodeId = u32;

#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// A single byte (an ordinary or escaped character).
    Literal(u8),
    /// `.` or a bracket expression.
    Set(ByteSet),
    LineStart,
    LineEnd,
    /// A parenthesised subexpression; `index` counts from 1 in order of `(`.
    Group {
        index: u32,
        body: NodeId,
    },
    /// One alternative: a run of terms, possibly empty.
    Concat(Vec<NodeId>),
    /// Two or more alternatives, tried left to right.
    Alternation(Vec<NodeId>),
    Repeat {
        body: NodeId,
        op: RepeatOp,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RepeatOp {
    Star,
    Plus,
    Optional,
    /// `{min}`, `{min,}` (max = None) or `{min,max}`. The counts are kept as
    /// libstdc++ computes them, including its truncation to `int`, so they may
    /// be negative.
    Interval {
        min: i64,
        max: Option<i64>,
    },
}

#[derive(Debug)]
pub(crate) struct Ast {
    pub(crate) nodes: Vec<Node>,
    pub(crate) root: NodeId,
    pub(crate) group_count: u32,
}

impl Ast {
    fn push(&mut self, node: Node) -> NodeId {
        let id = NodeId::try_from(self.nodes.len()).expect("pattern too large");
        self.nodes.push(node);
        id
    }
}

/// Characters that may follow a backslash in extended mode.
const ESCAPABLE: &[u8] = b".[\\()*+?{|^$";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Char(u8),
    Any,
    Open,
    Close,
    Bracket { negated: bool },
    Brace,
    LineStart,
    LineEnd,
    Star,
    Plus,
    Question,
    Bar,
    Eof,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum BracketToken {
    Byte(u8),
    Dash,
    End,
    Collating(Vec<u8>),
    Equivalence(Vec<u8>),
    Class(Vec<u8>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BraceToken {
    Count(i64),
    Comma,
    End,
}

/// What the previous bracket item left behind: a byte that may still start
/// a range, a class (which may not), or nothing (right after a range).
#[derive(Clone, Copy)]
enum Pending {
    Nothing,
    Byte(u8),
    Class,
}

/// An alternation level: the whole pattern or one open group.
struct Frame {
    group: Option<u32>,
    alternatives: Vec<NodeId>,
    terms: Vec<NodeId>,
    /// Whether the last term may take a quantifier: only atoms can, so this
    /// is false at the start of an alternative and after `^`/`$`.
    quantifiable: bool,
}

impl Frame {
    fn new(group: Option<u32>) -> Frame {
        Frame {
            group,
            alternatives: Vec::new(),
            terms: Vec::new(),
            quantifiable: false,
        }
    }
}

struct Parser<'p> {
    pattern: &'p [u8],
    pos: usize,
    ast: Ast,
}

pub(crate) fn parse(pattern: &[u8]) -> Result<Ast, RegexError> {
    let mut p = Parser {
        pattern,
        pos: 0,
        ast: Ast {
            nodes: Vec::new(),
            root: 0,
            group_count: 0,
        },
    };
    p.run()?;
    Ok(p.ast)
}

impl Parser<'_> {
    fn run(&mut self) -> Result<(), RegexError> {
        let mut stack = vec![Frame::new(None)];
        loop {
            let token = self.next_token()?;
            let frame = stack.last_mut().expect("frame stack never empty");
            match token {
                Token::Char(b) => {
                    let id = self.ast.push(Node::Literal(b));
                    push_atom(frame, id);
                }
                Token::Any => {
                    let id = self.ast.push(Node::Set(ByteSet::any_but_nul()));
                    push_atom(frame, id);
                }
                Token::Bracket { negated } => {
                    let set = self.bracket(negated)?;
                    let id = self.ast.push(Node::Set(set));
                    push_atom(frame, id);
                }
                Token::LineStart | Token::LineEnd => {
                    let node = if token == Token::LineStart {
                        Node::LineStart
                    } else {
                        Node::LineEnd
                    };
                    let id = self.ast.push(node);
                    frame.terms.push(id);
                    frame.quantifiable = false;
                }
                Token::Star | Token::Plus | Token::Question | Token::Brace => {
                    if !frame.quantifiable {
                        return Err(RegexError::new("repetition operator without operand"));
                    }
                    let op = match token {
                        Token::Star => RepeatOp::Star,
                        Token::Plus => RepeatOp::Plus,
                        Token::Question => RepeatOp::Optional,
                        _ => self.interval()?,
                    };
                    let body = frame.terms.pop().expect("quantifiable implies a term");
                    let id = self.ast.push(Node::Repeat { body, op });
                    frame.terms.push(id);
                }
                Token::Bar => {
                    let terms = std::mem::take(&mut frame.terms);
                    let alt = self.ast.push(Node::Concat(terms));
                    frame.alternatives.push(alt);
                    frame.quantifiable = false;
                }
                Token::Open => {
                    self.ast.group_count += 1;
                    stack.push(Frame::new(Some(self.ast.group_count)));
                }
                Token::Close => {
                    if stack.len() == 1 {
                        return Err(RegexError::new("unmatched parenthesis"));
                    }
                    let closed = stack.pop().expect("checked length");
                    let body = self.finish_frame(closed.alternatives, closed.terms);
                    let index = closed.group.expect("inner frames are groups");
                    let id = self.ast.push(Node::Group { index, body });
                    push_atom(stack.last_mut().expect("outer frame"), id);
                }
                Token::Eof => {
                    if stack.len() > 1 {
                        return Err(RegexError::new("unmatched parenthesis"));
                    }
                    let top = stack.pop().expect("top frame");
                    self.ast.root = self.finish_frame(top.alternatives, top.terms);
                    return Ok(());
                }
            }
        }
    }

    fn finish_frame(&mut self, mut alternatives: Vec<NodeId>, terms: Vec<NodeId>) -> NodeId {
        let last = self.ast.push(Node::Concat(terms));
        if alternatives.is_empty() {
            return last;
        }
        alternatives.push(last);
        self.ast.push(Node::Alternation(alternatives))
    }

    fn peek(&self) -> Option<u8> {
        self.pattern.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn next_token(&mut self) -> Result<Token, RegexError> {
        let Some(c) = self.bump() else {
            return Ok(Token::Eof);
        };
        Ok(match c {
            b'\\' => {
                let Some(e) = self.bump() else {
                    return Err(RegexError::new("trailing backslash"));
                };
                if !ESCAPABLE.contains(&e) {
                    // Strict-ANSI libstdc++ leaves `\d`, `\n`, `\]` … undefined
                    // and rejects them rather than guessing.
                    return Err(RegexError::new("invalid escape sequence"));
                }
                Token::Char(e)
            }
            b'(' => Token::Open,
            b')' => Token::Close,
            b'[' => {
                let negated = self.peek() == Some(b'^');
                if negated {
                    self.pos += 1;
                }
                Token::Bracket { negated }
            }
            b'{' => Token::Brace,
            b'^' => Token::LineStart,
            b'$' => Token::LineEnd,
            b'.' => Token::Any,
            b'*' => Token::Star,
            b'+' => Token::Plus,
            b'?' => Token::Question,
            b'|' => Token::Bar,
            0 => return Err(RegexError::new("NUL byte in regular expression")),
            _ => Token::Char(c),
        })
    }

    /// Parses the rest of `{…}` after the opening brace.
    fn interval(&mut self) -> Result<RepeatOp, RegexError> {
        let bad = || RegexError::new("invalid repetition count");
        let BraceToken::Count(min) = self.brace_token()? else {
            return Err(bad());
        };
        let mut max = Some(min);
        let mut next = self.brace_token()?;
        if next == BraceToken::Comma {
            next = self.brace_token()?;
            match next {
                BraceToken::Count(m) => {
                    max = Some(m);
                    next = self.brace_token()?;
                }
                _ => max = None,
            }
        }
        if next != BraceToken::End {
            return Err(RegexError::new("unterminated repetition count"));
        }
        Ok(RepeatOp::Interval { min, max })
    }

    fn brace_token(&mut self) -> Result<BraceToken, RegexError> {
        let Some(c) = self.bump() else {
            return Err(RegexError::new("unterminated repetition count"));
        };
        match c {
            b'0'..=b'9' => {
                // libstdc++ accumulates in a `long` and then narrows to `int`;
                // wrapping arithmetic reproduces which counts it ends up with.
                let mut value = i64::from(c - b'0');
                while let Some(d @ b'0'..=b'9') = self.peek() {
                    self.pos += 1;
                    value = value.wrapping_mul(10).wrapping_add(i64::from(d - b'0'));
                }
                Ok(BraceToken::Count(i64::from(value as i32)))
            }
            b',' => Ok(BraceToken::Comma),
            b'}' => Ok(BraceToken::End),
            _ => Err(RegexError::new("invalid repetition count")),
        }
    }

    fn bracket_token(&mut self, at_start: &mut bool) -> Result<BracketToken, RegexError> {
        let unterminated = || RegexError::new("unterminated bracket expression");
        let c = self.bump().ok_or_else(unterminated)?;
        let first = std::mem::replace(at_start, false);
        Ok(match c {
            b'-' => BracketToken::Dash,
            b'[' => match self.peek() {
                None => return Err(unterminated()),
                Some(delim @ (b'.' | b':' | b'=')) => {
                    self.pos += 1;
                    let name = self.bracket_name(delim)?;
                    match delim {
                        b'.' => BracketToken::Collating(name),
                        b':' => BracketToken::Class(name),
                        _ => BracketToken::Equivalence(name),
                    }
                }
                Some(_) => BracketToken::Byte(b'['),
            },
            // A `]` right after `[` or `[^` is an ordinary member.
            b']' if !first => BracketToken::End,
            _ => BracketToken::Byte(c),
        })
    }

    /// Reads `name` of `[:name:]` (or `.`/`=`) up to the closing `delim]`.
    fn bracket_name(&mut self, delim: u8) -> Result<Vec<u8>, RegexError> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b != delim) {
            self.pos += 1;
        }
        let name = self.pattern[start..self.pos].to_vec();
        if self.bump() == Some(delim) && self.bump() == Some(b']') {
            return Ok(name);
        }
        Err(RegexError::new(match delim {
            b':' => "invalid character class",
            b'.' => "invalid collating element",
            _ => "invalid equivalence class",
        }))
    }

    /// Parses a bracket expression after `[` / `[^`.
    fn bracket(&mut self, negated: bool) -> Result<ByteSet, RegexError> {
        let mut set = Bracket::new(negated);
        let mut at_start = true;
        let mut pending = Pending::Nothing;
        // A leading `-` is literal, and may even start a range (`[--/]`).
        let mut token = match self.bracket_token(&mut at_start)? {
            BracketToken::Byte(b) => {
                pending = Pending::Byte(b);
                None
            }
            BracketToken::Dash => {
                pending = Pending::Byte(b'-');
                None
            }
            other => Some(other),
        };
        loop {
            let t = match token.take() {
                Some(t) => t,
                None => self.bracket_token(&mut at_start)?,
            };
            match t {
                BracketToken::End => break,
                BracketToken::Byte(b) => push_byte(&mut set, &mut pending, b),
                BracketToken::Collating(name) => {
                    let b = collating_element(&name)
                        .ok_or_else(|| RegexError::new("invalid collating element"))?;
                    set.add_byte(b);
                    push_byte(&mut set, &mut pending, b);
                }
                BracketToken::Equivalence(name) => {
                    push_class(&mut set, &mut pending);
                    set.add_equivalence(&name)?;
                }
                BracketToken::Class(name) => {
                    push_class(&mut set, &mut pending);
                    set.add_class(&name)?;
                }
                BracketToken::Dash => {
                    let next = self.bracket_token(&mut at_start)?;
                    if next == BracketToken::End {
                        push_byte(&mut set, &mut pending, b'-');
                        break;
                    }
                    let Pending::Byte(lo) = pending else {
                        return Err(RegexError::new("invalid range in bracket expression"));
                    };
                    let hi = match next {
                        BracketToken::Byte(b) => b,
                        BracketToken::Dash => b'-',
                        _ => return Err(RegexError::new("invalid range in bracket expression")),
                    };
                    set.add_range(lo, hi)?;
                    pending = Pending::Nothing;
                }
            }
        }
        if let Pending::Byte(b) = pending {
            set.add_byte(b);
        }
        Ok(set.finish())
    }
}

fn push_atom(frame: &mut Frame, id: NodeId) {
    frame.terms.push(id);
    frame.quantifiable = true;
}

fn push_byte(set: &mut Bracket, pending: &mut Pending, b: u8) {
    if let Pending::Byte(prev) = *pending {
        set.add_byte(prev);
    }
    *pending = Pending::Byte(b);
}

fn push_class(set: &mut Bracket, pending: &mut Pending) {
    if let Pending::Byte(prev) = *pending {
        set.add_byte(prev);
    }
    *pending = Pending::Class;
}
