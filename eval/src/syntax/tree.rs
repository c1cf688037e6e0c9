//! Builds rnix's syntax tree while the parser runs, so that a file is lexed and parsed once.
//!
//! The tree has the shape rnix's own parser gives (the compiler reads it through rnix's typed
//! API), but follows Nix's grammar: operators group as Nix groups them, and strings are split
//! where Nix's lexer splits them, one content token per lexer token (see
//! [`super::strings`]). It is lossless: whitespace and comments are tokens too, between the
//! children of the innermost node that spans them, so that every node starts at its first
//! token and ends at its last.
//!
//! Building is bottom-up, as an LR parser reduces: the elements built so far wait in one list,
//! and each entry of the parser's stack knows where its own elements start in it. A reduction
//! that makes a node replaces its elements by the node; one that makes no node (the items of a
//! list, the bindings of a set, the parts of an attribute path) leaves them for an enclosing
//! rule to wrap. Every element is moved once into its node, so building takes time linear in
//! the input however the program nests.

use rnix::SyntaxKind::{self, *};
use rnix::{NixLanguage, NodeOrToken};
use rowan::{GreenNode, GreenToken, Language};
use rustc_hash::FxHasher;
use std::cell::Cell;
use std::hash::Hasher;

use super::grammar::Rule;
use super::lexer::Token;
use super::token::Tok;

type Element = NodeOrToken<GreenNode, GreenToken>;

/// What an opening token waits to be closed by: it decides what a `"`, a `}` or the text
/// of a path segment is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    /// `"`: its text is string content, the next `"` ends it.
    Str,
    /// `''`.
    IndStr,
    /// `${`: the next `}` ends the interpolation.
    Interpolation,
    /// `{`.
    Brace,
    /// A path with interpolations: the kind of its segments.
    Path(SyntaxKind),
}

/// A run of whitespace or a comment between two tokens.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Trivia {
    pub start: usize,
    pub end: usize,
    pub comment: bool,
}

/// Tokens up to this long are shared (see [`TokenCache`]); longer ones (strings, comments)
/// seldom repeat, and hashing them would cost more than it saves.
const SHARED_TOKEN_LEN: usize = 24;

/// How many tokens a [`TokenCache`] holds (a power of two).
const TOKEN_CACHE_SLOTS: usize = 4096;

/// How many kinds [`TokenCache`] keeps a token of each for (more than rnix has).
const FIXED_KINDS: usize = 256;

/// Tokens made before, for the next ones with the same kind and text to share: most tokens
/// of a file repeat an earlier one (whitespace, punctuation, keywords, names), and sharing
/// one costs a hash of its text instead of an allocation and a copy. Each kind and text
/// has one slot, and a newer token takes the slot of an older one: it never grows, and
/// finding a token takes no probing. One cache serves every file a thread reads, so that
/// the names and layout files have in common are shared between their trees too.
struct TokenCache {
    slots: Box<[Option<GreenToken>]>,
    /// The token of each kind whose text the kind decides (keywords, operators,
    /// punctuation), found by its kind alone.
    fixed: Box<[Option<GreenToken>]>,
    /// Whitespace that is a line end and an indentation of spaces, or spaces alone (most
    /// of a file's whitespace), by its first byte and its length: no hash, no comparison.
    layout: Box<[Option<GreenToken>]>,
    /// Nodes of one token (a name, a number), shared like the tokens: the nodes of a name's
    /// occurrences are one node, made once (see [`TokenCache::single`]).
    singles: Box<[Option<GreenNode>]>,
}

/// The longest whitespace [`TokenCache::layout`] holds.
const LAYOUT_LEN: usize = 64;

impl TokenCache {
    fn new() -> TokenCache {
        TokenCache {
            slots: vec![None; TOKEN_CACHE_SLOTS].into_boxed_slice(),
            fixed: vec![None; FIXED_KINDS].into_boxed_slice(),
            layout: vec![None; 2 * LAYOUT_LEN].into_boxed_slice(),
            singles: vec![None; TOKEN_CACHE_SLOTS].into_boxed_slice(),
        }
    }

    /// A whitespace token: one of [`TokenCache::layout`]'s when it is a line end or a
    /// space followed by spaces.
    fn whitespace(&mut self, text: &str) -> GreenToken {
        let bytes = text.as_bytes();
        let row = match bytes.first() {
            Some(b'\n') => 0,
            Some(b' ') => LAYOUT_LEN,
            _ => return self.token(TOKEN_WHITESPACE, text),
        };
        if bytes.len() > LAYOUT_LEN || !bytes[1..].iter().all(|&b| b == b' ') {
            return self.token(TOKEN_WHITESPACE, text);
        }
        match &mut self.layout[row + bytes.len() - 1] {
            Some(t) => t.clone(),
            slot => {
                let t = GreenToken::new(raw(TOKEN_WHITESPACE), text);
                *slot = Some(t.clone());
                t
            }
        }
    }

    /// A node of `kind` whose one child is `token`, shared with an earlier one of the same
    /// token: the nodes of a name's occurrences are one node. A node holds its token, so
    /// while a node is here its token's address names that token alone.
    fn single(&mut self, kind: SyntaxKind, token: &GreenToken) -> GreenNode {
        let raw = raw(kind);
        let data: &rowan::GreenTokenData = token;
        let address = std::ptr::from_ref(data) as usize;
        let mut hash = FxHasher::default();
        hash.write_u16(raw.0);
        hash.write_usize(address);
        let slot = &mut self.singles[(hash.finish() >> 52) as usize % TOKEN_CACHE_SLOTS];
        if let Some(node) = slot
            && node.kind() == raw
            && let Some(NodeOrToken::Token(t)) = node.children().next()
            && std::ptr::eq(t, data)
        {
            return node.clone();
        }
        let node = GreenNode::new(raw, [NodeOrToken::Token(token.clone())]);
        *slot = Some(node.clone());
        node
    }

    /// A token of a kind whose text is always `text`.
    fn fixed(&mut self, kind: SyntaxKind, text: &str) -> GreenToken {
        let raw = raw(kind);
        let Some(slot) = self.fixed.get_mut(raw.0 as usize) else {
            return self.token(kind, text);
        };
        match slot {
            Some(t) if t.text() == text => t.clone(),
            slot => {
                let t = GreenToken::new(raw, text);
                *slot = Some(t.clone());
                t
            }
        }
    }

    fn token(&mut self, kind: SyntaxKind, text: &str) -> GreenToken {
        let raw = raw(kind);
        if text.len() > SHARED_TOKEN_LEN {
            return GreenToken::new(raw, text);
        }
        let mut hash = FxHasher::default();
        hash.write_u16(raw.0);
        hash.write(text.as_bytes());
        let slot = &mut self.slots[(hash.finish() >> 52) as usize % TOKEN_CACHE_SLOTS];
        match slot {
            Some(t) if t.kind() == raw && t.text() == text => t.clone(),
            _ => {
                let t = GreenToken::new(raw, text);
                *slot = Some(t.clone());
                t
            }
        }
    }
}

thread_local! {
    /// The token cache of the files this thread reads, while no [`TreeBuilder`] has it.
    static TOKEN_CACHE: Cell<Option<TokenCache>> = const { Cell::new(None) };
}

pub(crate) struct TreeBuilder<'a> {
    text: &'a str,
    /// Taken from this thread's while building, given back when done.
    tokens: Option<TokenCache>,
    elements: Vec<Element>,
    /// How deep each element nests (a token 0, a node one more than its deepest child).
    depths: Vec<u32>,
    opens: Vec<Open>,
    /// Where the text already in `elements` ends.
    end: usize,
}

fn raw(kind: SyntaxKind) -> rowan::SyntaxKind {
    NixLanguage::kind_to_raw(kind)
}

fn is_trivia(e: &Element) -> bool {
    matches!(e, NodeOrToken::Token(t) if NixLanguage::kind_from_raw(t.kind()).is_trivia())
}

impl<'a> TreeBuilder<'a> {
    pub(crate) fn new(text: &'a str) -> TreeBuilder<'a> {
        TreeBuilder {
            text,
            tokens: Some(TOKEN_CACHE.take().unwrap_or_else(TokenCache::new)),
            elements: Vec::new(),
            depths: Vec::new(),
            opens: Vec::new(),
            end: 0,
        }
    }

    /// Where the next element goes.
    pub(crate) fn len(&self) -> u32 {
        self.elements.len() as u32
    }

    fn push_token(&mut self, kind: SyntaxKind, start: usize, end: usize) {
        let text = &self.text[start..end];
        let token = match &mut self.tokens {
            Some(cache) => cache.token(kind, text),
            None => GreenToken::new(raw(kind), text),
        };
        self.push_element(token, end);
    }

    /// Adds a token of a kind whose text the kind decides.
    fn push_fixed(&mut self, kind: SyntaxKind, start: usize, end: usize) {
        let text = &self.text[start..end];
        let token = match &mut self.tokens {
            Some(cache) => cache.fixed(kind, text),
            None => GreenToken::new(raw(kind), text),
        };
        self.push_element(token, end);
    }

    fn push_element(&mut self, token: GreenToken, end: usize) {
        self.elements.push(NodeOrToken::Token(token));
        self.depths.push(0);
        self.end = end;
    }

    /// Adds the whitespace and comments before a token.
    pub(crate) fn trivia(&mut self, trivia: impl Iterator<Item = Trivia>) {
        for t in trivia {
            if t.comment {
                self.push_token(TOKEN_COMMENT, t.start, t.end);
                continue;
            }
            let text = &self.text[t.start..t.end];
            let token = match &mut self.tokens {
                Some(cache) => cache.whitespace(text),
                None => GreenToken::new(raw(TOKEN_WHITESPACE), text),
            };
            self.push_element(token, t.end);
        }
    }

    /// Adds the token the parser shifts; returns where its elements start.
    pub(crate) fn shift(&mut self, t: &Token) -> u32 {
        let at = self.len();
        if t.start < self.end && t.tok == Tok::IndStr {
            return self.join_content(t);
        }
        let kind = match t.tok {
            // Neither takes text.
            Tok::Eof | Tok::ReplBindings => return at,
            Tok::PathEnd => {
                self.opens.pop();
                return at;
            }
            Tok::Quote => {
                if self.opens.last() == Some(&Open::Str) {
                    self.opens.pop();
                    TOKEN_STRING_END
                } else {
                    self.opens.push(Open::Str);
                    TOKEN_STRING_START
                }
            }
            Tok::IndStringOpen => {
                // Nix's lexer swallows spaces and a line end after `''` with it: they
                // are content, which the decoding of the string drops.
                self.opens.push(Open::IndStr);
                self.push_token(TOKEN_STRING_START, t.start, t.start + 2);
                if t.end > t.start + 2 {
                    self.push_token(TOKEN_STRING_CONTENT, t.start + 2, t.end);
                }
                return at;
            }
            Tok::IndStringClose => {
                self.opens.pop();
                TOKEN_STRING_END
            }
            Tok::DollarCurly => {
                self.opens.push(Open::Interpolation);
                TOKEN_INTERPOL_START
            }
            Tok::LBrace => {
                self.opens.push(Open::Brace);
                TOKEN_L_BRACE
            }
            Tok::RBrace => match self.opens.pop() {
                Some(Open::Interpolation) => TOKEN_INTERPOL_END,
                _ => TOKEN_R_BRACE,
            },
            Tok::Str | Tok::IndStr => match self.opens.last() {
                Some(Open::Path(kind)) => *kind,
                _ => {
                    // An escape `''\x` of a character of several bytes ends inside it (Nix's
                    // lexer works on bytes): its text goes on with the next token's.
                    if !self.text.is_char_boundary(t.end) {
                        return self.content_across(t);
                    }
                    TOKEN_STRING_CONTENT
                }
            },
            Tok::Path | Tok::HPath => {
                let kind = match (t.tok, self.text.as_bytes()[t.start]) {
                    (Tok::HPath, _) => TOKEN_PATH_HOME,
                    (_, b'/') => TOKEN_PATH_ABS,
                    _ => TOKEN_PATH_REL,
                };
                self.opens.push(Open::Path(kind));
                kind
            }
            other => {
                let kind = token_kind(other);
                if !matches!(
                    kind,
                    TOKEN_IDENT | TOKEN_INTEGER | TOKEN_FLOAT | TOKEN_PATH_SEARCH | TOKEN_URI
                ) {
                    self.push_fixed(kind, t.start, t.end);
                    return at;
                }
                kind
            }
        };
        self.push_token(kind, t.start, t.end);
        at
    }

    /// Adds a string content token that ends inside a character: the text up to the end of
    /// that character joins it, and the next token (which starts there) gives the rest.
    fn content_across(&mut self, t: &Token) -> u32 {
        let at = self.len();
        let mut end = t.end;
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        self.push_token(TOKEN_STRING_CONTENT, t.start, end);
        at
    }

    /// Adds the rest of a token whose first bytes the previous content token took (see
    /// [`Self::content_across`]) to that token.
    fn join_content(&mut self, t: &Token) -> u32 {
        let at = self.len().saturating_sub(1);
        if let Some(NodeOrToken::Token(prev)) = self.elements.pop() {
            self.depths.pop();
            let start = self.end - prev.text().len();
            self.push_token(TOKEN_STRING_CONTENT, start, t.end.max(self.end));
        }
        at
    }

    /// Builds what `rule` makes of the elements from `starts[0]` on; `starts` holds where
    /// the elements of each symbol of the rule's right-hand side start.
    pub(crate) fn reduce(&mut self, rule: Rule, starts: &[u32]) {
        use Rule as R;
        let s = |i: usize| starts[i] as usize;
        let all = starts.first().map_or(self.elements.len(), |&s| s as usize);
        match rule {
            R::Lambda => {
                self.wrap_one(s(0), NODE_IDENT);
                self.wrap_one(s(0), NODE_IDENT_PARAM);
                self.wrap(all, NODE_LAMBDA);
            }
            R::LambdaFormals => {
                self.wrap_range(s(0), s(1), NODE_PATTERN);
                self.wrap(all, NODE_LAMBDA);
            }
            R::LambdaFormalsAt => {
                // `{ … } @ x: body`: the binding is the pattern's last child.
                self.wrap_one(s(2), NODE_IDENT);
                self.wrap_range(s(1), s(3), NODE_PAT_BIND);
                self.wrap_range(s(0), s(1) + 1, NODE_PATTERN);
                self.wrap(all, NODE_LAMBDA);
            }
            R::LambdaAtFormals => {
                // `x @ { … }: body`: the binding is the pattern's first child.
                self.wrap_one(s(0), NODE_IDENT);
                let moved = self.wrap_range(s(0), s(2), NODE_PAT_BIND);
                self.wrap_range(s(0), s(3) - moved, NODE_PATTERN);
                self.wrap(all, NODE_LAMBDA);
            }
            R::Assert => self.wrap(all, NODE_ASSERT),
            R::With => self.wrap(all, NODE_WITH),
            R::Let => self.wrap(all, NODE_LET_IN),
            R::If => self.wrap(all, NODE_IF_ELSE),
            R::PipeFromMore | R::PipeFrom | R::PipeIntoMore | R::PipeInto | R::Binary => {
                self.wrap(all, NODE_BIN_OP)
            }
            R::Not | R::Negate => self.wrap(all, NODE_UNARY_OP),
            R::HasAttr => {
                self.wrap(s(2), NODE_ATTRPATH);
                self.wrap(all, NODE_HAS_ATTR);
            }
            R::Apply => self.wrap(all, NODE_APPLY),
            R::Select => {
                self.wrap(s(2), NODE_ATTRPATH);
                self.wrap(all, NODE_SELECT);
            }
            R::SelectOr => {
                self.wrap_range(s(2), s(3), NODE_ATTRPATH);
                self.wrap(all, NODE_SELECT);
            }
            R::CursedOr => {
                // `e or`: Nix reads it as `e` applied to the variable `or`.
                self.retag(s(1), TOKEN_IDENT);
                self.wrap_one(s(1), NODE_IDENT);
                self.wrap(all, NODE_APPLY);
            }
            R::Var => {
                // `__curPos` is the position of itself, not a variable.
                if self.token_text(s(0)) == Some("__curPos") {
                    self.retag(s(0), TOKEN_CUR_POS);
                    self.wrap_one(s(0), NODE_CUR_POS);
                } else {
                    self.wrap_one(s(0), NODE_IDENT);
                }
            }
            R::Int | R::Float | R::Uri => self.wrap_one(s(0), NODE_LITERAL),
            R::String | R::IndString | R::StringAttrQuoted => self.wrap(all, NODE_STRING),
            R::PathPlain | R::PathInterpolated => {
                let kind = match self.token_kind(s(0)) {
                    Some(TOKEN_PATH_ABS) => NODE_PATH_ABS,
                    Some(TOKEN_PATH_HOME) => NODE_PATH_HOME,
                    _ => NODE_PATH_REL,
                };
                self.wrap(all, kind);
            }
            R::SearchPath => self.wrap_one(s(0), NODE_PATH_SEARCH),
            R::Parens => self.wrap(all, NODE_PAREN),
            R::LetBody => self.wrap(all, NODE_LEGACY_LET),
            R::RecAttrs | R::Attrs | R::EmptyAttrs => self.wrap(all, NODE_ATTR_SET),
            R::List => self.wrap(all, NODE_LIST),
            R::InterpMore | R::InterpStrFirst | R::IndPartsInterp => self.wrap(s(1), NODE_INTERPOL),
            R::InterpFirst => self.wrap(all, NODE_INTERPOL),
            R::BindsMore => {
                self.wrap_range(s(1), s(2), NODE_ATTRPATH);
                self.wrap(s(1), NODE_ATTRPATH_VALUE);
            }
            R::BindsFirst => {
                self.wrap_range(s(0), s(1), NODE_ATTRPATH);
                self.wrap(all, NODE_ATTRPATH_VALUE);
            }
            R::BindsInherit => self.wrap(s(1), NODE_INHERIT),
            R::BindsInheritFrom => {
                self.wrap_range(s(2), s(5), NODE_INHERIT_FROM);
                self.wrap(s(1), NODE_INHERIT);
            }
            R::AttrId => self.wrap_one(s(0), NODE_IDENT),
            R::AttrOr => {
                self.retag(s(0), TOKEN_IDENT);
                self.wrap_one(s(0), NODE_IDENT);
            }
            R::StringAttrInterp => self.wrap(all, NODE_DYNAMIC),
            R::FormalName => {
                self.wrap_one(s(0), NODE_IDENT);
                self.wrap_one(s(0), NODE_PAT_ENTRY);
            }
            R::FormalDefault => {
                self.wrap_one(s(0), NODE_IDENT);
                self.wrap(all, NODE_PAT_ENTRY);
            }
            // The elements stay for an enclosing rule: a value passed on, the items of a
            // list, bindings, parts of a string or an attribute path, formals.
            // REPL bindings are read as the bindings of a set without braces.
            R::StartRepl => self.wrap(s(1), NODE_ATTR_SET),
            passes_value!()
            | R::Accept
            | R::PassSelect
            | R::PartsStr
            | R::PartsInterpolated
            | R::PartsEmpty
            | R::InterpStr
            | R::PathAbs
            | R::PathHome
            | R::IndPartsStr
            | R::IndPartsEmpty
            | R::BindsEmpty
            | R::AttrsName
            | R::AttrsString
            | R::AttrsEmpty
            | R::AttrpathMoreName
            | R::AttrpathMoreString
            | R::AttrpathName
            | R::AttrpathString
            | R::ListMore
            | R::ListEmpty
            | R::FormalsEllipsis
            | R::FormalsOnlyEllipsis
            | R::FormalsComma
            | R::FormalsPlain
            | R::FormalsEmpty
            | R::FormalsMore
            | R::FormalsOne => {}
        }
    }

    fn token_text(&self, i: usize) -> Option<&str> {
        match self.elements.get(i) {
            Some(NodeOrToken::Token(t)) => Some(t.text()),
            _ => None,
        }
    }

    fn token_kind(&self, i: usize) -> Option<SyntaxKind> {
        match self.elements.get(i) {
            Some(NodeOrToken::Token(t)) => Some(NixLanguage::kind_from_raw(t.kind())),
            _ => None,
        }
    }

    /// Gives the token at `i` another kind (`or` used as a name).
    fn retag(&mut self, i: usize, kind: SyntaxKind) {
        if let Some(NodeOrToken::Token(t)) = self.elements.get(i) {
            let t = GreenToken::new(raw(kind), t.text());
            self.elements[i] = NodeOrToken::Token(t);
        }
    }

    /// Wraps the element at `i` alone in a node.
    fn wrap_one(&mut self, i: usize, kind: SyntaxKind) {
        let Some(child) = self.elements.get(i) else {
            return;
        };
        // In place: the elements after it stay where they are.
        let node = match (child, &mut self.tokens) {
            (NodeOrToken::Token(t), Some(cache)) => cache.single(kind, t),
            _ => GreenNode::new(raw(kind), [child.clone()]),
        };
        self.elements[i] = NodeOrToken::Node(node);
        self.depths[i] += 1;
    }

    /// Wraps the elements from `from` to the end in a node.
    fn wrap(&mut self, from: usize, kind: SyntaxKind) {
        let to = self.elements.len();
        self.wrap_range(from, to, kind);
    }

    /// Wraps the elements from `from` up to `to` in a node, leaving out whitespace and
    /// comments at the end (they go after the node).
    /// Returns by how much the elements after them moved down.
    fn wrap_range(&mut self, from: usize, to: usize, kind: SyntaxKind) -> usize {
        let mut to = to.min(self.elements.len());
        while to > from && is_trivia(&self.elements[to - 1]) {
            to -= 1;
        }
        if from >= to {
            return 0;
        }
        let depth = 1 + self.depths[from..to].iter().copied().max().unwrap_or(0);
        let node = GreenNode::new(raw(kind), self.elements.drain(from..to));
        self.depths.drain(from..to);
        self.elements.insert(from, NodeOrToken::Node(node));
        self.depths.insert(from, depth);
        to - from - 1
    }

    /// The tree of the whole input.
    pub(crate) fn finish(mut self) -> Tree {
        let depth = 1 + self.depths.iter().copied().max().unwrap_or(0);
        let root = GreenNode::new(raw(NODE_ROOT), self.elements.drain(..));
        Tree {
            green: Some(root),
            depth,
        }
    }
}

impl Drop for TreeBuilder<'_> {
    fn drop(&mut self) {
        if let Some(cache) = self.tokens.take() {
            TOKEN_CACHE.set(Some(cache));
        }
        for e in self.elements.drain(..) {
            if let NodeOrToken::Node(n) = e {
                drop_tree(n);
            }
        }
    }
}

/// A syntax tree (rnix's green tree), which drops without recursing.
pub(crate) struct Tree {
    green: Option<GreenNode>,
    /// How deep it nests: the number of nodes on its longest path from the root.
    pub depth: u32,
}

impl Tree {
    /// A tree of `green`, a node of another tree, which nests at most `depth` deep.
    pub(crate) fn subtree(green: GreenNode, depth: u32) -> Tree {
        Tree {
            green: Some(green),
            depth,
        }
    }

    pub(crate) fn green(&self) -> &GreenNode {
        self.green
            .as_ref()
            .expect("a tree has its root until dropped")
    }
}

/// How deep a tree may nest to be dropped as rowan drops it, recursing once per level:
/// well within any thread's stack, and deeper than almost every file.
const SHALLOW_TREE: u32 = 256;

impl Drop for Tree {
    fn drop(&mut self) {
        if let Some(root) = self.green.take()
            && self.depth > SHALLOW_TREE
        {
            drop_tree(root);
        }
    }
}

/// The kind of a token whose kind does not depend on where it is.
fn token_kind(t: Tok) -> SyntaxKind {
    use Tok::*;
    match t {
        Id => TOKEN_IDENT,
        Int => TOKEN_INTEGER,
        Float => TOKEN_FLOAT,
        SPath => TOKEN_PATH_SEARCH,
        Uri => TOKEN_URI,
        If => TOKEN_IF,
        Then => TOKEN_THEN,
        Else => TOKEN_ELSE,
        Assert => TOKEN_ASSERT,
        With => TOKEN_WITH,
        Let => TOKEN_LET,
        In => TOKEN_IN,
        Rec => TOKEN_REC,
        Inherit => TOKEN_INHERIT,
        Eq => TOKEN_EQUAL,
        Neq => TOKEN_NOT_EQUAL,
        Leq => TOKEN_LESS_OR_EQ,
        Geq => TOKEN_MORE_OR_EQ,
        Update => TOKEN_UPDATE,
        Concat => TOKEN_CONCAT,
        And => TOKEN_AND_AND,
        Or => TOKEN_OR_OR,
        Impl => TOKEN_IMPLICATION,
        OrKw => TOKEN_OR,
        PipeFrom => TOKEN_PIPE_LEFT,
        PipeInto => TOKEN_PIPE_RIGHT,
        Ellipsis => TOKEN_ELLIPSIS,
        Less => TOKEN_LESS,
        More => TOKEN_MORE,
        Plus => TOKEN_ADD,
        Minus => TOKEN_SUB,
        Star => TOKEN_MUL,
        Slash => TOKEN_DIV,
        Question => TOKEN_QUESTION,
        Colon => TOKEN_COLON,
        At => TOKEN_AT,
        Semicolon => TOKEN_SEMICOLON,
        Bang => TOKEN_INVERT,
        Dot => TOKEN_DOT,
        LParen => TOKEN_L_PAREN,
        RParen => TOKEN_R_PAREN,
        LBrack => TOKEN_L_BRACK,
        RBrack => TOKEN_R_BRACK,
        Assign => TOKEN_ASSIGN,
        Comma => TOKEN_COMMA,
        // Kinds decided by context (handled by the caller), and tokens no accepted program
        // has.
        Eof | Error | Undef | Str | IndStr | Path | HPath | PathEnd | DollarCurly
        | IndStringOpen | IndStringClose | ReplBindings | Not | Negate | Quote | LBrace
        | RBrace => TOKEN_ERROR,
    }
}

/// Drops a tree without recursing as deep as it nests: each node's children are held here
/// before the node goes, so that no drop reaches further than one level down.
fn drop_tree(root: GreenNode) {
    let mut pending = vec![root];
    while let Some(node) = pending.pop() {
        for child in node.children() {
            if let NodeOrToken::Node(n) = child {
                pending.push(n.to_owned());
            }
        }
    }
}
