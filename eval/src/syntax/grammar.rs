//! Nix's grammar: its rules, in the order Nix's `parser.y` gives them, and the precedence and
//! associativity of its operators.
//!
//! The order of the rules is part of the behaviour: where a parser state could reduce by more
//! than one rule, the default reduction is the one with the most lookahead tokens, the earlier
//! rule on a tie, and default reductions decide in which state a syntax error is noticed and
//! so what the message says the parser expected.

use super::token::Tok;

/// A nonterminal symbol.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub(crate) enum Nt {
    /// The augmented start symbol: `Accept → Start $end`.
    Accept,
    Start,
    Expr,
    ExprFunction,
    ExprIf,
    ExprPipeFrom,
    ExprPipeInto,
    ExprOp,
    ExprApp,
    ExprSelect,
    ExprSimple,
    StringParts,
    StringPartsInterpolated,
    PathStart,
    IndStringParts,
    Binds,
    Binds1,
    Attrs,
    Attrpath,
    Attr,
    StringAttr,
    List,
    FormalSet,
    Formals,
    Formal,
}

/// How many nonterminals there are.
pub(crate) const NT_COUNT: usize = Nt::Formal as usize + 1;

/// A grammar symbol.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub(crate) enum Sym {
    T(Tok),
    N(Nt),
}

/// What a rule builds; the parser's actions match on it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Rule {
    Accept,
    StartExpr,
    StartRepl,
    Expr,
    Lambda,
    LambdaFormals,
    LambdaFormalsAt,
    LambdaAtFormals,
    Assert,
    With,
    Let,
    PassIf,
    If,
    PassPipeFrom,
    PassPipeInto,
    PassOp,
    PipeFromMore,
    PipeFrom,
    PipeIntoMore,
    PipeInto,
    Not,
    Negate,
    Binary,
    HasAttr,
    PassApp,
    Apply,
    PassSelect,
    Select,
    SelectOr,
    CursedOr,
    PassSimple,
    Var,
    Int,
    Float,
    String,
    IndString,
    PathPlain,
    PathInterpolated,
    SearchPath,
    Uri,
    Parens,
    LetBody,
    RecAttrs,
    Attrs,
    EmptyAttrs,
    List,
    PartsStr,
    PartsInterpolated,
    PartsEmpty,
    InterpStr,
    InterpMore,
    InterpFirst,
    InterpStrFirst,
    PathAbs,
    PathHome,
    IndPartsStr,
    IndPartsInterp,
    IndPartsEmpty,
    BindsFrom1,
    BindsEmpty,
    BindsMore,
    BindsInherit,
    BindsInheritFrom,
    BindsFirst,
    AttrsName,
    AttrsString,
    AttrsEmpty,
    AttrpathMoreName,
    AttrpathMoreString,
    AttrpathName,
    AttrpathString,
    AttrId,
    AttrOr,
    StringAttrQuoted,
    StringAttrInterp,
    ListMore,
    ListEmpty,
    FormalsEllipsis,
    FormalsOnlyEllipsis,
    FormalsComma,
    FormalsPlain,
    FormalsEmpty,
    FormalsMore,
    FormalsOne,
    FormalName,
    FormalDefault,
}

/// One rule: `lhs → rhs`, what it builds, and the token whose precedence it takes when that
/// is not its last token (`%prec`).
pub(crate) struct Production {
    pub lhs: Nt,
    pub rhs: &'static [Sym],
    pub rule: Rule,
    pub prec: Option<Tok>,
}

/// How an operator groups with itself.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Assoc {
    Left,
    Right,
    /// Not at all: `a == b == c` is an error.
    Neither,
}

/// The precedence level (higher binds tighter) and associativity of a token, if declared.
pub(crate) fn precedence(t: Tok) -> Option<(u8, Assoc)> {
    use Assoc::*;
    use Tok::*;
    Some(match t {
        Impl => (1, Right),
        Or => (2, Left),
        And => (3, Left),
        Eq | Neq => (4, Neither),
        Less | More | Leq | Geq => (5, Neither),
        Update => (6, Right),
        Not => (7, Left),
        Plus | Minus => (8, Left),
        Star | Slash => (9, Left),
        Concat => (10, Right),
        Question => (11, Neither),
        Negate => (12, Neither),
        _ => return None,
    })
}

macro_rules! rhs {
    ($($s:ident)*) => { &[$(rhs_sym!($s)),*] };
}

macro_rules! rhs_sym {
    (Accept) => {
        Sym::N(Nt::Accept)
    };
    (Start) => {
        Sym::N(Nt::Start)
    };
    (Expr) => {
        Sym::N(Nt::Expr)
    };
    (ExprFunction) => {
        Sym::N(Nt::ExprFunction)
    };
    (ExprIf) => {
        Sym::N(Nt::ExprIf)
    };
    (ExprPipeFrom) => {
        Sym::N(Nt::ExprPipeFrom)
    };
    (ExprPipeInto) => {
        Sym::N(Nt::ExprPipeInto)
    };
    (ExprOp) => {
        Sym::N(Nt::ExprOp)
    };
    (ExprApp) => {
        Sym::N(Nt::ExprApp)
    };
    (ExprSelect) => {
        Sym::N(Nt::ExprSelect)
    };
    (ExprSimple) => {
        Sym::N(Nt::ExprSimple)
    };
    (StringParts) => {
        Sym::N(Nt::StringParts)
    };
    (StringPartsInterpolated) => {
        Sym::N(Nt::StringPartsInterpolated)
    };
    (PathStart) => {
        Sym::N(Nt::PathStart)
    };
    (IndStringParts) => {
        Sym::N(Nt::IndStringParts)
    };
    (Binds) => {
        Sym::N(Nt::Binds)
    };
    (Binds1) => {
        Sym::N(Nt::Binds1)
    };
    (Attrs) => {
        Sym::N(Nt::Attrs)
    };
    (Attrpath) => {
        Sym::N(Nt::Attrpath)
    };
    (Attr) => {
        Sym::N(Nt::Attr)
    };
    (StringAttr) => {
        Sym::N(Nt::StringAttr)
    };
    (List) => {
        Sym::N(Nt::List)
    };
    (FormalSet) => {
        Sym::N(Nt::FormalSet)
    };
    (Formals) => {
        Sym::N(Nt::Formals)
    };
    (Formal) => {
        Sym::N(Nt::Formal)
    };
    ($t:ident) => {
        Sym::T(Tok::$t)
    };
}

const fn p(lhs: Nt, rhs: &'static [Sym], rule: Rule) -> Production {
    Production {
        lhs,
        rhs,
        rule,
        prec: None,
    }
}

const fn p_prec(lhs: Nt, rhs: &'static [Sym], rule: Rule, prec: Tok) -> Production {
    Production {
        lhs,
        rhs,
        rule,
        prec: Some(prec),
    }
}

/// The rules, in the grammar's order (rule 0 is the augmented start).
pub(crate) static PRODUCTIONS: &[Production] = {
    use Nt as N;
    use Rule as R;
    &[
        p(N::Accept, rhs!(Start Eof), R::Accept),
        p(N::Start, rhs!(Expr), R::StartExpr),
        p(N::Start, rhs!(ReplBindings Binds1), R::StartRepl),
        p(N::Expr, rhs!(ExprFunction), R::Expr),
        p(N::ExprFunction, rhs!(Id Colon ExprFunction), R::Lambda),
        p(
            N::ExprFunction,
            rhs!(FormalSet Colon ExprFunction),
            R::LambdaFormals,
        ),
        p(
            N::ExprFunction,
            rhs!(FormalSet At Id Colon ExprFunction),
            R::LambdaFormalsAt,
        ),
        p(
            N::ExprFunction,
            rhs!(Id At FormalSet Colon ExprFunction),
            R::LambdaAtFormals,
        ),
        p(
            N::ExprFunction,
            rhs!(Assert Expr Semicolon ExprFunction),
            R::Assert,
        ),
        p(
            N::ExprFunction,
            rhs!(With Expr Semicolon ExprFunction),
            R::With,
        ),
        p(N::ExprFunction, rhs!(Let Binds In ExprFunction), R::Let),
        p(N::ExprFunction, rhs!(ExprIf), R::PassIf),
        p(N::ExprIf, rhs!(If Expr Then Expr Else Expr), R::If),
        p(N::ExprIf, rhs!(ExprPipeFrom), R::PassPipeFrom),
        p(N::ExprIf, rhs!(ExprPipeInto), R::PassPipeInto),
        p(N::ExprIf, rhs!(ExprOp), R::PassOp),
        p(
            N::ExprPipeFrom,
            rhs!(ExprOp PipeFrom ExprPipeFrom),
            R::PipeFromMore,
        ),
        p(N::ExprPipeFrom, rhs!(ExprOp PipeFrom ExprOp), R::PipeFrom),
        p(
            N::ExprPipeInto,
            rhs!(ExprPipeInto PipeInto ExprOp),
            R::PipeIntoMore,
        ),
        p(N::ExprPipeInto, rhs!(ExprOp PipeInto ExprOp), R::PipeInto),
        p_prec(N::ExprOp, rhs!(Bang ExprOp), R::Not, Tok::Not),
        p_prec(N::ExprOp, rhs!(Minus ExprOp), R::Negate, Tok::Negate),
        p(N::ExprOp, rhs!(ExprOp Eq ExprOp), R::Binary),
        p(N::ExprOp, rhs!(ExprOp Neq ExprOp), R::Binary),
        p(N::ExprOp, rhs!(ExprOp Less ExprOp), R::Binary),
        p(N::ExprOp, rhs!(ExprOp Leq ExprOp), R::Binary),
        p(N::ExprOp, rhs!(ExprOp More ExprOp), R::Binary),
        p(N::ExprOp, rhs!(ExprOp Geq ExprOp), R::Binary),
        p(N::ExprOp, rhs!(ExprOp And ExprOp), R::Binary),
        p(N::ExprOp, rhs!(ExprOp Or ExprOp), R::Binary),
        p(N::ExprOp, rhs!(ExprOp Impl ExprOp), R::Binary),
        p(N::ExprOp, rhs!(ExprOp Update ExprOp), R::Binary),
        p(N::ExprOp, rhs!(ExprOp Question Attrpath), R::HasAttr),
        p(N::ExprOp, rhs!(ExprOp Plus ExprOp), R::Binary),
        p(N::ExprOp, rhs!(ExprOp Minus ExprOp), R::Binary),
        p(N::ExprOp, rhs!(ExprOp Star ExprOp), R::Binary),
        p(N::ExprOp, rhs!(ExprOp Slash ExprOp), R::Binary),
        p(N::ExprOp, rhs!(ExprOp Concat ExprOp), R::Binary),
        p(N::ExprOp, rhs!(ExprApp), R::PassApp),
        p(N::ExprApp, rhs!(ExprApp ExprSelect), R::Apply),
        p(N::ExprApp, rhs!(ExprSelect), R::PassSelect),
        p(N::ExprSelect, rhs!(ExprSimple Dot Attrpath), R::Select),
        p(
            N::ExprSelect,
            rhs!(ExprSimple Dot Attrpath OrKw ExprSelect),
            R::SelectOr,
        ),
        p(N::ExprSelect, rhs!(ExprSimple OrKw), R::CursedOr),
        p(N::ExprSelect, rhs!(ExprSimple), R::PassSimple),
        p(N::ExprSimple, rhs!(Id), R::Var),
        p(N::ExprSimple, rhs!(Int), R::Int),
        p(N::ExprSimple, rhs!(Float), R::Float),
        p(N::ExprSimple, rhs!(Quote StringParts Quote), R::String),
        p(
            N::ExprSimple,
            rhs!(IndStringOpen IndStringParts IndStringClose),
            R::IndString,
        ),
        p(N::ExprSimple, rhs!(PathStart PathEnd), R::PathPlain),
        p(
            N::ExprSimple,
            rhs!(PathStart StringPartsInterpolated PathEnd),
            R::PathInterpolated,
        ),
        p(N::ExprSimple, rhs!(SPath), R::SearchPath),
        p(N::ExprSimple, rhs!(Uri), R::Uri),
        p(N::ExprSimple, rhs!(LParen Expr RParen), R::Parens),
        p(N::ExprSimple, rhs!(Let LBrace Binds RBrace), R::LetBody),
        p(N::ExprSimple, rhs!(Rec LBrace Binds RBrace), R::RecAttrs),
        p(N::ExprSimple, rhs!(LBrace Binds1 RBrace), R::Attrs),
        p(N::ExprSimple, rhs!(LBrace RBrace), R::EmptyAttrs),
        p(N::ExprSimple, rhs!(LBrack List RBrack), R::List),
        p(N::StringParts, rhs!(Str), R::PartsStr),
        p(
            N::StringParts,
            rhs!(StringPartsInterpolated),
            R::PartsInterpolated,
        ),
        p(N::StringParts, rhs!(), R::PartsEmpty),
        p(
            N::StringPartsInterpolated,
            rhs!(StringPartsInterpolated Str),
            R::InterpStr,
        ),
        p(
            N::StringPartsInterpolated,
            rhs!(StringPartsInterpolated DollarCurly Expr RBrace),
            R::InterpMore,
        ),
        p(
            N::StringPartsInterpolated,
            rhs!(DollarCurly Expr RBrace),
            R::InterpFirst,
        ),
        p(
            N::StringPartsInterpolated,
            rhs!(Str DollarCurly Expr RBrace),
            R::InterpStrFirst,
        ),
        p(N::PathStart, rhs!(Path), R::PathAbs),
        p(N::PathStart, rhs!(HPath), R::PathHome),
        p(
            N::IndStringParts,
            rhs!(IndStringParts IndStr),
            R::IndPartsStr,
        ),
        p(
            N::IndStringParts,
            rhs!(IndStringParts DollarCurly Expr RBrace),
            R::IndPartsInterp,
        ),
        p(N::IndStringParts, rhs!(), R::IndPartsEmpty),
        p(N::Binds, rhs!(Binds1), R::BindsFrom1),
        p(N::Binds, rhs!(), R::BindsEmpty),
        p(
            N::Binds1,
            rhs!(Binds1 Attrpath Assign Expr Semicolon),
            R::BindsMore,
        ),
        p(
            N::Binds1,
            rhs!(Binds Inherit Attrs Semicolon),
            R::BindsInherit,
        ),
        p(
            N::Binds1,
            rhs!(Binds Inherit LParen Expr RParen Attrs Semicolon),
            R::BindsInheritFrom,
        ),
        p(
            N::Binds1,
            rhs!(Attrpath Assign Expr Semicolon),
            R::BindsFirst,
        ),
        p(N::Attrs, rhs!(Attrs Attr), R::AttrsName),
        p(N::Attrs, rhs!(Attrs StringAttr), R::AttrsString),
        p(N::Attrs, rhs!(), R::AttrsEmpty),
        p(N::Attrpath, rhs!(Attrpath Dot Attr), R::AttrpathMoreName),
        p(
            N::Attrpath,
            rhs!(Attrpath Dot StringAttr),
            R::AttrpathMoreString,
        ),
        p(N::Attrpath, rhs!(Attr), R::AttrpathName),
        p(N::Attrpath, rhs!(StringAttr), R::AttrpathString),
        p(N::Attr, rhs!(Id), R::AttrId),
        p(N::Attr, rhs!(OrKw), R::AttrOr),
        p(
            N::StringAttr,
            rhs!(Quote StringParts Quote),
            R::StringAttrQuoted,
        ),
        p(
            N::StringAttr,
            rhs!(DollarCurly Expr RBrace),
            R::StringAttrInterp,
        ),
        p(N::List, rhs!(List ExprSelect), R::ListMore),
        p(N::List, rhs!(), R::ListEmpty),
        p(
            N::FormalSet,
            rhs!(LBrace Formals Comma Ellipsis RBrace),
            R::FormalsEllipsis,
        ),
        p(
            N::FormalSet,
            rhs!(LBrace Ellipsis RBrace),
            R::FormalsOnlyEllipsis,
        ),
        p(
            N::FormalSet,
            rhs!(LBrace Formals Comma RBrace),
            R::FormalsComma,
        ),
        p(N::FormalSet, rhs!(LBrace Formals RBrace), R::FormalsPlain),
        p(N::FormalSet, rhs!(LBrace RBrace), R::FormalsEmpty),
        p(N::Formals, rhs!(Formals Comma Formal), R::FormalsMore),
        p(N::Formals, rhs!(Formal), R::FormalsOne),
        p(N::Formal, rhs!(Id), R::FormalName),
        p(N::Formal, rhs!(Id Question Expr), R::FormalDefault),
    ]
};

impl Production {
    /// The token whose precedence the rule has: its `%prec` token, or else its last token.
    pub(crate) fn prec_token(&self) -> Option<Tok> {
        self.prec.or_else(|| {
            self.rhs.iter().rev().find_map(|s| match s {
                Sym::T(t) => Some(*t),
                Sym::N(_) => None,
            })
        })
    }
}
