//! The terminal symbols of Nix's grammar, numbered and named as Nix's parser numbers and
//! names them.
//!
//! The numbers matter: a syntax error lists the tokens the parser expected in the order of
//! their numbers, which are given in the order the grammar first mentions each token (the
//! declared tokens, then the operators of the precedence declarations, then the one-character
//! tokens in the order the rules use them). The names are the ones Nix's messages print
//! (`unexpected '}'`, `expecting identifier`, `unexpected end of file`).

// The enum and the list of all its variants, from one list of names.
macro_rules! terminals {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// A terminal symbol of the grammar.
        #[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord, Hash)]
        #[repr(u8)]
        pub(crate) enum Tok {
            $($(#[$doc])* $name,)*
        }

        /// Every terminal, by number.
        pub(crate) const ALL: [Tok; COUNT] = [$(Tok::$name,)*];
    };
}

terminals! {
    Eof,
    /// The parser's error token; Nix's grammar has no rule using it.
    Error,
    /// A character no rule of the grammar mentions.
    Undef,
    Id,
    Str,
    IndStr,
    Int,
    Float,
    Path,
    HPath,
    SPath,
    PathEnd,
    Uri,
    If,
    Then,
    Else,
    Assert,
    With,
    Let,
    In,
    Rec,
    Inherit,
    Eq,
    Neq,
    Leq,
    Geq,
    Update,
    Concat,
    And,
    Or,
    Impl,
    OrKw,
    PipeFrom,
    PipeInto,
    DollarCurly,
    IndStringOpen,
    IndStringClose,
    Ellipsis,
    ReplBindings,
    Less,
    More,
    /// Only names a precedence level (`!`).
    Not,
    Plus,
    Minus,
    Star,
    Slash,
    Question,
    /// Only names a precedence level (unary `-`).
    Negate,
    Colon,
    At,
    Semicolon,
    Bang,
    Dot,
    Quote,
    LParen,
    RParen,
    LBrace,
    RBrace,
    LBrack,
    RBrack,
    Assign,
    Comma,
}

/// How many terminals there are.
pub(crate) const COUNT: usize = Tok::Comma as usize + 1;

impl Tok {
    /// The name Nix's syntax errors use for the token.
    pub(crate) fn name(self) -> &'static str {
        use Tok::*;
        match self {
            Eof => "end of file",
            Error => "error",
            Undef => "invalid token",
            Id => "identifier",
            Str => "string",
            IndStr => "indented string",
            Int => "integer",
            Float => "floating-point literal",
            Path => "path",
            HPath => "'~/…' path",
            SPath => "'<…>' path",
            PathEnd => "end of path",
            Uri => "URI",
            If => "'if'",
            Then => "'then'",
            Else => "'else'",
            Assert => "'assert'",
            With => "'with'",
            Let => "'let'",
            In => "'in'",
            Rec => "'rec'",
            Inherit => "'inherit'",
            Eq => "'=='",
            Neq => "'!='",
            Leq => "'<='",
            Geq => "'>='",
            Update => "'//'",
            Concat => "'++'",
            And => "'&&'",
            Or => "'||'",
            Impl => "'->'",
            OrKw => "'or'",
            PipeFrom => "'<|'",
            PipeInto => "'|>'",
            DollarCurly => "'${'",
            IndStringOpen => "start of an indented string",
            IndStringClose => "end of an indented string",
            Ellipsis => "'...'",
            ReplBindings => "start of REPL bindings",
            Less => "'<'",
            More => "'>'",
            Not => "NOT",
            Plus => "'+'",
            Minus => "'-'",
            Star => "'*'",
            Slash => "'/'",
            Question => "'?'",
            Negate => "NEGATE",
            Colon => "':'",
            At => "'@'",
            Semicolon => "';'",
            Bang => "'!'",
            Dot => "'.'",
            Quote => "'\"'",
            LParen => "'('",
            RParen => "')'",
            LBrace => "'{'",
            RBrace => "'}'",
            LBrack => "'['",
            RBrack => "']'",
            Assign => "'='",
            Comma => "','",
        }
    }

    /// The token a single character stands for when no longer rule matches it: the
    /// one-character tokens of the grammar, end of file for a NUL byte (Nix's lexer returns
    /// the character's code, and 0 ends the input), and an invalid token for anything else.
    pub(crate) fn of_char(c: u8) -> Tok {
        use Tok::*;
        match c {
            0 => Eof,
            b'<' => Less,
            b'>' => More,
            b'+' => Plus,
            b'-' => Minus,
            b'*' => Star,
            b'/' => Slash,
            b'?' => Question,
            b':' => Colon,
            b'@' => At,
            b';' => Semicolon,
            b'!' => Bang,
            b'.' => Dot,
            b'"' => Quote,
            b'(' => LParen,
            b')' => RParen,
            b'{' => LBrace,
            b'}' => RBrace,
            b'[' => LBrack,
            b']' => RBrack,
            b'=' => Assign,
            b',' => Comma,
            _ => Undef,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_table() {
        for (i, t) in ALL.iter().enumerate() {
            assert_eq!(*t as usize, i, "{t:?}");
        }
    }
}
