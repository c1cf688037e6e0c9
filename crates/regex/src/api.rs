//! The public handle: compile a pattern once, then match it against many
//! byte strings with the semantics of CppNix's `builtins.match` and
//! `builtins.split` (libstdc++ `std::regex`, extended syntax).

use std::fmt;
use std::sync::Mutex;

use super::backtrack::{self, Backtracker};
use super::compile::compile;
use super::dfa::Dfa;
use super::error::RegexError;
use super::exec::{Scratch, SearchOptions, search};
use super::live::Live;
use super::parse::parse;
use super::program::Program;
use super::reach::ReachTable;

/// Match positions: index 0 is the whole match, then one entry per group in
/// order of its `(`; `None` for a group that took no part in the match.
pub type Captures = Vec<Option<(usize, usize)>>;

/// A compiled regular expression.
pub struct Regex {
    pattern: Box<[u8]>,
    program: Program,
    // Working memory is recycled between calls so that matching thousands of
    // short strings does not allocate each time. A mutex rather than a
    // RefCell keeps `Regex` shareable; it is never contended in practice.
    scratch: Mutex<Vec<Scratch>>,
    backtrackers: Mutex<Vec<Backtracker>>,
    /// Built on the first whole-string match.
    dfa: Mutex<Option<Dfa>>,
    /// Built on the first whole-string match that reports groups.
    live: Mutex<Option<Live>>,
}

/// A backtracker whose tables grew past this many words is not kept for
/// reuse, so that one huge subject does not pin its memory to the pattern.
const KEEP_BACKTRACKER_WORDS: usize = 1 << 13;

impl Regex {
    /// Compiles `pattern` as a POSIX extended regular expression.
    pub fn new(pattern: &[u8]) -> Result<Regex, RegexError> {
        let ast = parse(pattern)?;
        let program = compile(&ast)?;
        Ok(Regex {
            pattern: pattern.into(),
            program,
            scratch: Mutex::new(Vec::new()),
            backtrackers: Mutex::new(Vec::new()),
            dfa: Mutex::new(None),
            live: Mutex::new(None),
        })
    }

    /// The pattern this was compiled from.
    pub fn pattern(&self) -> &[u8] {
        &self.pattern
    }

    /// Number of parenthesised groups.
    pub fn group_count(&self) -> usize {
        self.program.group_count
    }

    /// The whole of `text` must match (`std::regex_match`, `builtins.match`).
    pub fn match_full(&self, text: &[u8]) -> Option<Captures> {
        // The DFA settles most calls alone: every one that does not match,
        // and every one that does when there are no groups to report.
        if let Ok(mut dfa) = self.dfa.lock() {
            let dfa = dfa.get_or_insert_with(|| Dfa::new(&self.program));
            if !dfa.matches_whole(&self.program, text) {
                return None;
            }
            if self.program.group_count == 0 {
                return Some(vec![Some((0, text.len()))]);
            }
        }
        let whole = SearchOptions {
            start: 0,
            anchored: true,
            whole: true,
            not_null: false,
            plain: false,
        };
        // The captures of a text known to match: knowing which states can
        // still reach the end, one walk finds them without searching.
        if !text.is_empty()
            && self.program.epsilon_acyclic
            && let Ok(mut live) = self.live.lock()
        {
            let live = live.get_or_insert_with(|| Live::new(&self.program));
            if live.scan(&self.program, text) {
                return live.captures(&self.program, text);
            }
        }
        self.run(text, whole, None)
    }

    /// Whether the whole of `text` matches.
    pub fn is_full_match(&self, text: &[u8]) -> bool {
        self.match_full(text).is_some()
    }

    /// The leftmost match starting at or after `start` (`std::regex_search`).
    /// Usually the longest one starting there, except where libstdc++'s
    /// search gives up on a greedy loop's exit early (see `reach.rs`). `^`
    /// only matches at position 0 of `text` and `$` only at its end,
    /// whatever `start` is. For patterns where that early exit can matter,
    /// each call first makes a backward pass over `text[start..]`, so to
    /// walk through all matches use `split_matches`, which makes it once.
    pub fn find_at(&self, text: &[u8], start: usize) -> Option<Captures> {
        if start > text.len() {
            return None;
        }
        let table = self.reach_table(text, start);
        self.run(text, search_from(start), table.as_ref())
    }

    /// The successive matches `std::cregex_iterator` visits, which is what
    /// `builtins.split` is built from. After an empty match at `p` it first
    /// looks for a non-empty match starting exactly at `p`, and only then
    /// searches again from `p + 1`.
    pub fn split_matches(&self, text: &[u8]) -> Vec<Captures> {
        let mut out = Vec::new();
        self.split_for_each(text, |m| out.push(m.clone()));
        out
    }

    /// Calls `f` with each of the matches `split_matches` returns, in order,
    /// without keeping them.
    pub fn split_for_each(&self, text: &[u8], f: impl FnMut(&Captures)) {
        if backtrack::applicable(&self.program, text.len() + 1) {
            return self.with_backtracker(|b| {
                split_with(
                    text,
                    |opts, caps| backtrack::search_into(&self.program, b, text, opts, caps),
                    f,
                )
            });
        }
        let mut table = self.reach_table(text, 0);
        let search = |opts: SearchOptions, caps: &mut Captures| {
            if opts.not_null
                && let Some(t) = table.as_mut()
            {
                t.set_not_null_begin(&self.program, text, opts.start);
            }
            let found = self.run_pike(text, opts, table.as_ref());
            if let Some(t) = table.as_mut() {
                t.clear_not_null_begin();
            }
            match found {
                Some(m) => {
                    *caps = m;
                    true
                }
                None => false,
            }
        };
        split_with(text, search, f)
    }

    /// The pruning table the Pike VM needs for searches from `from` on,
    /// unless the backtracker (which needs none) will run them.
    fn reach_table(&self, text: &[u8], from: usize) -> Option<ReachTable> {
        if self.program.searches_prune
            && !backtrack::applicable(&self.program, text.len() - from + 1)
        {
            ReachTable::build(&self.program, text, from)
        } else {
            None
        }
    }

    #[cfg(test)]
    pub(crate) fn program_for_tests(&self) -> &Program {
        &self.program
    }

    /// Runs one search with whichever engine can take it. `reach` must be
    /// the table for `text` when the Pike VM needs one (see `reach_table`).
    fn run(
        &self,
        text: &[u8],
        opts: SearchOptions,
        reach: Option<&ReachTable>,
    ) -> Option<Captures> {
        if backtrack::applicable(&self.program, text.len() - opts.start + 1) {
            self.with_backtracker(|b| {
                let mut caps = Captures::new();
                backtrack::search_into(&self.program, b, text, opts, &mut caps).then_some(caps)
            })
        } else {
            self.run_pike(text, opts, reach)
        }
    }

    fn with_backtracker<T>(&self, f: impl FnOnce(&mut Backtracker) -> T) -> T {
        let reused = self
            .backtrackers
            .lock()
            .ok()
            .and_then(|mut pool| pool.pop());
        let mut b = reused.unwrap_or_default();
        let result = f(&mut b);
        if b.table_words() <= KEEP_BACKTRACKER_WORDS
            && let Ok(mut pool) = self.backtrackers.lock()
        {
            pool.push(b);
        }
        result
    }

    fn run_pike(
        &self,
        text: &[u8],
        opts: SearchOptions,
        reach: Option<&ReachTable>,
    ) -> Option<Captures> {
        let reused = self.scratch.lock().ok().and_then(|mut pool| pool.pop());
        let mut scratch = reused.unwrap_or_else(|| Scratch::new(&self.program));
        let result = search(&self.program, &mut scratch, text, opts, reach);
        if let Ok(mut pool) = self.scratch.lock() {
            pool.push(scratch);
        }
        result
    }
}

/// The successive matches `std::cregex_iterator` visits, given a search
/// function (which leaves a match's captures in its second argument).
fn split_with(
    text: &[u8],
    mut search: impl FnMut(SearchOptions, &mut Captures) -> bool,
    mut f: impl FnMut(&Captures),
) {
    let mut m = Captures::new();
    let mut found = search(search_from(0), &mut m);
    while found {
        let (start, end) = m[0].expect("group 0 is always set");
        f(&m);
        let mut from = end;
        if start == end {
            if end == text.len() {
                break;
            }
            let nonempty = SearchOptions {
                start: end,
                anchored: true,
                whole: false,
                not_null: true,
                plain: false,
            };
            if search(nonempty, &mut m) {
                continue;
            }
            from = end + 1;
        }
        found = search(search_from(from), &mut m);
    }
}

fn search_from(start: usize) -> SearchOptions {
    SearchOptions {
        start,
        anchored: false,
        whole: false,
        not_null: false,
        plain: false,
    }
}

impl Clone for Regex {
    fn clone(&self) -> Regex {
        Regex {
            pattern: self.pattern.clone(),
            program: self.program.clone(),
            scratch: Mutex::new(Vec::new()),
            backtrackers: Mutex::new(Vec::new()),
            dfa: Mutex::new(None),
            live: Mutex::new(None),
        }
    }
}

impl fmt::Debug for Regex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Regex")
            .field("pattern", &String::from_utf8_lossy(&self.pattern))
            .field("groups", &self.program.group_count)
            .finish()
    }
}
