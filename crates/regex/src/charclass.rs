//! Byte sets for `.` and bracket expressions, with the character classes and
//! collating-element names that libstdc++'s `regex_traits<char>` knows in the
//! "C" locale (the locale CppNix's regexes are compiled in).

use super::error::RegexError;

/// A set of bytes as a 256-bit bitmap.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub(crate) struct ByteSet([u64; 4]);

impl ByteSet {
    pub(crate) fn empty() -> ByteSet {
        ByteSet([0; 4])
    }

    pub(crate) fn singleton(b: u8) -> ByteSet {
        let mut s = ByteSet::empty();
        s.insert(b);
        s
    }

    /// What POSIX `.` matches in libstdc++: every byte except NUL.
    pub(crate) fn any_but_nul() -> ByteSet {
        let mut s = ByteSet([u64::MAX; 4]);
        s.0[0] &= !1;
        s
    }

    pub(crate) fn insert(&mut self, b: u8) {
        self.0[usize::from(b >> 6)] |= 1u64 << (b & 63);
    }

    #[inline]
    pub(crate) fn contains(&self, b: u8) -> bool {
        (self.0[usize::from(b >> 6)] >> (b & 63)) & 1 != 0
    }

    pub(crate) fn intersects(&self, other: &ByteSet) -> bool {
        self.0.iter().zip(other.0.iter()).any(|(a, b)| a & b != 0)
    }

    pub(crate) fn union_with(&mut self, other: &ByteSet) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a |= *b;
        }
    }

    pub(crate) fn from_fn(f: impl Fn(u8) -> bool) -> ByteSet {
        let mut s = ByteSet::empty();
        for b in 0..=255u8 {
            if f(b) {
                s.insert(b);
            }
        }
        s
    }

    /// The only member, if the set has exactly one.
    pub(crate) fn single_byte(&self) -> Option<u8> {
        let count: u32 = self.0.iter().map(|w| w.count_ones()).sum();
        if count != 1 {
            return None;
        }
        (0..=255u8).find(|&b| self.contains(b))
    }
}

/// Members of a named class, looked up the way `regex_traits::lookup_classname`
/// does: the name is lower-cased first, and the short names `d`, `w` and `s`
/// (meant for ECMAScript's `\d` etc.) are accepted too. Only ASCII bytes can
/// be members, since the C locale classifies nothing above 0x7f.
pub(crate) fn named_class(name: &[u8]) -> Option<ByteSet> {
    let lower: Vec<u8> = name.iter().map(|b| b.to_ascii_lowercase()).collect();
    let pred: fn(u8) -> bool = match lower.as_slice() {
        b"d" | b"digit" => |b| b.is_ascii_digit(),
        b"w" => |b| b.is_ascii_alphanumeric() || b == b'_',
        b"s" | b"space" => is_c_space,
        b"alnum" => |b| b.is_ascii_alphanumeric(),
        b"alpha" => |b| b.is_ascii_alphabetic(),
        b"blank" => |b| b == b' ' || b == b'\t',
        b"cntrl" => |b| b < 0x20 || b == 0x7f,
        b"graph" => |b| (0x21..0x7f).contains(&b),
        b"lower" => |b| b.is_ascii_lowercase(),
        b"print" => |b| (0x20..0x7f).contains(&b),
        b"punct" => |b| b.is_ascii_punctuation(),
        b"upper" => |b| b.is_ascii_uppercase(),
        b"xdigit" => |b| b.is_ascii_hexdigit(),
        _ => return None,
    };
    Some(ByteSet::from_fn(pred))
}

// Rust's `is_ascii_whitespace` leaves out vertical tab, which C's isspace has.
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Collating-element names, indexed by the byte they stand for. This is the
/// POSIX portable character set naming; note that digits are only reachable by
/// their names ("zero"…) while letters are named by themselves.
const COLLATE_NAMES: [&str; 128] = [
    "NUL",
    "SOH",
    "STX",
    "ETX",
    "EOT",
    "ENQ",
    "ACK",
    "alert",
    "backspace",
    "tab",
    "newline",
    "vertical-tab",
    "form-feed",
    "carriage-return",
    "SO",
    "SI",
    "DLE",
    "DC1",
    "DC2",
    "DC3",
    "DC4",
    "NAK",
    "SYN",
    "ETB",
    "CAN",
    "EM",
    "SUB",
    "ESC",
    "IS4",
    "IS3",
    "IS2",
    "IS1",
    "space",
    "exclamation-mark",
    "quotation-mark",
    "number-sign",
    "dollar-sign",
    "percent-sign",
    "ampersand",
    "apostrophe",
    "left-parenthesis",
    "right-parenthesis",
    "asterisk",
    "plus-sign",
    "comma",
    "hyphen",
    "period",
    "slash",
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "colon",
    "semicolon",
    "less-than-sign",
    "equals-sign",
    "greater-than-sign",
    "question-mark",
    "commercial-at",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
    "I",
    "J",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "Q",
    "R",
    "S",
    "T",
    "U",
    "V",
    "W",
    "X",
    "Y",
    "Z",
    "left-square-bracket",
    "backslash",
    "right-square-bracket",
    "circumflex",
    "underscore",
    "grave-accent",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
    "left-curly-bracket",
    "vertical-line",
    "right-curly-bracket",
    "tilde",
    "DEL",
];

/// The byte named by a collating element (`[.name.]` / `[=name=]`).
pub(crate) fn collating_element(name: &[u8]) -> Option<u8> {
    COLLATE_NAMES
        .iter()
        .position(|n| n.as_bytes() == name)
        .and_then(|i| u8::try_from(i).ok())
}

/// Accumulates the parts of one bracket expression and folds them into a
/// byte set the way libstdc++'s bracket matcher decides membership.
pub(crate) struct Bracket {
    negated: bool,
    chars: ByteSet,
    classes: ByteSet,
    // libstdc++ compares range ends as (signed) `char`, so a range is kept as
    // i8 bounds; this is why `[a-\xff]` is rejected but `[\x80-\xff]` works.
    ranges: Vec<(i8, i8)>,
    // Equivalence classes compare "primary collation keys", which in the C
    // locale amount to the byte after ASCII lower-casing.
    equivalents: Vec<u8>,
}

impl Bracket {
    pub(crate) fn new(negated: bool) -> Bracket {
        Bracket {
            negated,
            chars: ByteSet::empty(),
            classes: ByteSet::empty(),
            ranges: Vec::new(),
            equivalents: Vec::new(),
        }
    }

    pub(crate) fn add_byte(&mut self, b: u8) {
        self.chars.insert(b);
    }

    pub(crate) fn add_range(&mut self, lo: u8, hi: u8) -> Result<(), RegexError> {
        let (lo, hi) = (signed(lo), signed(hi));
        if lo > hi {
            return Err(RegexError::new("invalid range in bracket expression"));
        }
        self.ranges.push((lo, hi));
        Ok(())
    }

    pub(crate) fn add_class(&mut self, name: &[u8]) -> Result<(), RegexError> {
        let set = named_class(name).ok_or_else(|| RegexError::new("invalid character class"))?;
        self.classes.union_with(&set);
        Ok(())
    }

    pub(crate) fn add_equivalence(&mut self, name: &[u8]) -> Result<(), RegexError> {
        let b =
            collating_element(name).ok_or_else(|| RegexError::new("invalid equivalence class"))?;
        self.equivalents.push(b.to_ascii_lowercase());
        Ok(())
    }

    pub(crate) fn finish(&self) -> ByteSet {
        ByteSet::from_fn(|b| {
            let s = signed(b);
            let member = self.chars.contains(b)
                || self.ranges.iter().any(|&(lo, hi)| lo <= s && s <= hi)
                || self.classes.contains(b)
                || self.equivalents.contains(&b.to_ascii_lowercase());
            member != self.negated
        })
    }
}

fn signed(b: u8) -> i8 {
    i8::from_ne_bytes([b])
}
