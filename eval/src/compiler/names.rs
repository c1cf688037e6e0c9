//! The symbol of an identifier token, found by the token's address.
//!
//! Scopes name variables by interned `Symbol`, and interning hashes the text under a lock.
//! The front end shares one green token among the occurrences of a name in a file, so a
//! small cache by the token's address finds most names without interning them: once per
//! distinct token, not per occurrence, and across all compilers of a thread (a file's, and
//! each body compiled on first use). The cache holds no token: a hit is taken only when the
//! symbol's text is the token's, so an address reused by another token after the first was
//! freed is harmless (the same text is the same symbol), and nothing is kept alive by it.

use std::cell::RefCell;

use nixvm_value::Symbol;
use rowan::GreenTokenData;

/// How many tokens the cache holds (a power of two): more than the distinct names of the
/// largest files (a package set has some tens of thousands of occurrences of far fewer).
const SLOTS_BITS: u32 = 14;

type Cache = Box<[(usize, Option<Symbol>)]>;

thread_local! {
    /// By slot: the address of a token and its symbol (address 0: empty). Made by
    /// [`prepare`]: a thread the deep-nesting walk moves to (`parse::deeper`) has none,
    /// and interns its names directly, so that its small stack and its allocations stay
    /// as they were.
    static CACHE: RefCell<Option<Cache>> = const { RefCell::new(None) };
}

/// Makes this thread's cache, if it has none (a compiler starting).
pub(super) fn prepare() {
    CACHE.with_borrow_mut(|cache| {
        cache.get_or_insert_with(|| vec![(0, None); 1 << SLOTS_BITS].into_boxed_slice());
    });
}

/// The symbol of the identifier token `token`.
pub(super) fn token_symbol(token: &GreenTokenData) -> Symbol {
    let address = std::ptr::from_ref(token) as usize;
    // Fibonacci hashing: the address's bits spread over the slot number.
    let slot = (address as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS_BITS);
    CACHE.with_borrow_mut(|cache| {
        let Some(cache) = cache else {
            return Symbol::new(token.text());
        };
        let entry = &mut cache[slot as usize];
        if let (at, Some(symbol)) = *entry
            && at == address
            && symbol.as_bytes() == token.text().as_bytes()
        {
            return symbol;
        }
        let symbol = Symbol::new(token.text());
        *entry = (address, Some(symbol));
        symbol
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reused_address_is_not_taken_for_another_name() {
        prepare();
        // The first token is freed before the second is made: the second may well get the
        // same address, and must get its own symbol.
        let first = rowan::GreenToken::new(rowan::SyntaxKind(0), "firstName");
        let a = token_symbol(&first);
        drop(first);
        let second = rowan::GreenToken::new(rowan::SyntaxKind(0), "secondName");
        let b = token_symbol(&second);
        assert_eq!(a, Symbol::new("firstName"));
        assert_eq!(b, Symbol::new("secondName"));
        assert_eq!(token_symbol(&second), b);
    }
}
