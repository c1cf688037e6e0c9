//! The LALR(1) automaton of Nix's grammar and its action tables, built the way Nix's parser
//! generator (Bison) builds them, so that a syntax error is noticed in the same state and
//! reported with the same list of expected tokens.
//!
//! What has to match, beyond the language accepted:
//!
//! * shift/reduce conflicts are resolved by precedence: the rule's precedence is that of its
//!   `%prec` token or its last token; the higher precedence wins, equal precedence goes by
//!   associativity, and a non-associative operator gets an explicit error action (so
//!   `1 == 2 == 3` is a syntax error at the second `==`);
//! * each state with reductions gets a *default reduction*, the rule reducing on the most
//!   lookahead tokens (the earlier rule on a tie), taken on every token that has no action of
//!   its own; a state whose only action is its default reduction reduces without reading a
//!   token at all;
//! * explicit error actions are kept only in states with a default reduction (elsewhere an
//!   error is the default anyway).
//!
//! The build script builds the tables (this file is one of its modules) and writes them out
//! as Rust statics (see `tables`): building them takes milliseconds, too long to spend at
//! the start of every run.

use std::collections::HashMap;

use super::grammar::{Assoc, NT_COUNT, PRODUCTIONS, Sym, precedence};
use super::token::{self, Tok};

/// A set of terminals.
type TokSet = u64;

fn bit(t: Tok) -> TokSet {
    1u64 << (t as u32)
}

/// What the parser does in a state on a token.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Action {
    Shift(u16),
    Reduce(u16),
    /// An explicit error (a non-associative operator used associatively).
    Error,
}

/// One state of the automaton.
pub(crate) struct State {
    /// The actions on tokens that differ from the default.
    pub actions: [Option<Action>; token::COUNT],
    /// The rule to reduce by on any other token, if any (else that token is an error).
    pub default_reduction: Option<u16>,
    /// Whether the state has any action besides its default reduction: if not, the parser
    /// reduces without reading the next token.
    pub reads_token: bool,
    /// The state to go to after reducing to each nonterminal.
    pub gotos: [Option<u16>; NT_COUNT],
}

/// The automaton: its states, the start state 0, and the state in which the input is
/// accepted.
pub(crate) struct Tables {
    pub states: &'static [State],
    pub final_state: u16,
}

impl Tables {
    /// The tokens a state expects: those with an action of their own that is not an error,
    /// in the order of their numbers. This is the list a syntax error names.
    pub(crate) fn expected(&self, state: u16) -> Vec<Tok> {
        let s = &self.states[state as usize];
        token::ALL
            .iter()
            .copied()
            .filter(|t| *t != Tok::Error)
            .filter(|t| {
                matches!(
                    s.actions[*t as usize],
                    Some(Action::Shift(_) | Action::Reduce(_))
                )
            })
            .collect()
    }
}

/// Writes the tables as Rust statics `STATES` and `FINAL_STATE`.
pub(crate) fn write_rust(t: &Tables) -> String {
    fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
        v.map_or("None".into(), |v| format!("Some({v})"))
    }
    let mut out = format!(
        "pub(crate) static FINAL_STATE: u16 = {};\n\
         pub(crate) static STATES: [State; {}] = [\n",
        t.final_state,
        t.states.len()
    );
    for s in t.states {
        let actions: Vec<String> = s
            .actions
            .iter()
            .map(|a| match a {
                None => "None".into(),
                Some(Action::Shift(to)) => format!("Some(Action::Shift({to}))"),
                Some(Action::Reduce(r)) => format!("Some(Action::Reduce({r}))"),
                Some(Action::Error) => "Some(Action::Error)".into(),
            })
            .collect();
        let gotos: Vec<String> = s.gotos.iter().map(|g| opt(*g)).collect();
        out.push_str(&format!(
            "    State {{ actions: [{}], default_reduction: {}, reads_token: {}, gotos: [{}] }},\n",
            actions.join(", "),
            opt(s.default_reduction),
            s.reads_token,
            gotos.join(", ")
        ));
    }
    out.push_str("];\n");
    out
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
struct Item {
    prod: u16,
    dot: u16,
}

impl Item {
    fn next(&self) -> Option<Sym> {
        PRODUCTIONS[self.prod as usize]
            .rhs
            .get(self.dot as usize)
            .copied()
    }
}

/// Nullability and FIRST sets of the nonterminals.
struct First {
    nullable: [bool; NT_COUNT],
    first: [TokSet; NT_COUNT],
}

impl First {
    fn compute() -> First {
        let mut f = First {
            nullable: [false; NT_COUNT],
            first: [0; NT_COUNT],
        };
        let mut changed = true;
        while changed {
            changed = false;
            for p in PRODUCTIONS {
                let lhs = p.lhs as usize;
                let (set, nullable) = f.of_seq(p.rhs);
                if f.first[lhs] | set != f.first[lhs] {
                    f.first[lhs] |= set;
                    changed = true;
                }
                if nullable && !f.nullable[lhs] {
                    f.nullable[lhs] = true;
                    changed = true;
                }
            }
        }
        f
    }

    /// FIRST of a sequence of symbols, and whether it can derive the empty string.
    fn of_seq(&self, seq: &[Sym]) -> (TokSet, bool) {
        let mut set = 0;
        for s in seq {
            match s {
                Sym::T(t) => return (set | bit(*t), false),
                Sym::N(n) => {
                    set |= self.first[*n as usize];
                    if !self.nullable[*n as usize] {
                        return (set, false);
                    }
                }
            }
        }
        (set, true)
    }
}

/// The LR(0) automaton: kernels and transitions.
struct Lr0 {
    kernels: Vec<Vec<Item>>,
    transitions: Vec<Vec<(Sym, u16)>>,
}

/// Items with the dot at the start of every rule of each nonterminal, by nonterminal.
fn rules_of() -> Vec<Vec<u16>> {
    let mut by = vec![Vec::new(); NT_COUNT];
    for (i, p) in PRODUCTIONS.iter().enumerate() {
        by[p.lhs as usize].push(i as u16);
    }
    by
}

/// The LR(0) closure of a kernel, kernel items first.
fn closure0(kernel: &[Item], rules: &[Vec<u16>]) -> Vec<Item> {
    let mut items = kernel.to_vec();
    let mut added = [false; NT_COUNT];
    let mut i = 0;
    while i < items.len() {
        if let Some(Sym::N(n)) = items[i].next()
            && !added[n as usize]
        {
            added[n as usize] = true;
            for &r in &rules[n as usize] {
                items.push(Item { prod: r, dot: 0 });
            }
        }
        i += 1;
    }
    items
}

fn lr0(rules: &[Vec<u16>]) -> Lr0 {
    let start = vec![Item { prod: 0, dot: 0 }];
    let mut kernels = vec![start.clone()];
    let mut index: HashMap<Vec<Item>, u16> = HashMap::new();
    index.insert(start, 0);
    let mut transitions = Vec::new();
    let mut s = 0;
    while s < kernels.len() {
        let items = closure0(&kernels[s], rules);
        // Successor kernels, in the order their symbols first appear.
        let mut order: Vec<Sym> = Vec::new();
        let mut next: HashMap<Sym, Vec<Item>> = HashMap::new();
        for it in &items {
            if let Some(sym) = it.next() {
                let k = next.entry(sym).or_insert_with(|| {
                    order.push(sym);
                    Vec::new()
                });
                k.push(Item {
                    prod: it.prod,
                    dot: it.dot + 1,
                });
            }
        }
        let mut trans = Vec::new();
        for sym in order {
            let mut k = next.remove(&sym).unwrap_or_default();
            k.sort();
            k.dedup();
            let target = match index.get(&k) {
                Some(&t) => t,
                None => {
                    let t = kernels.len() as u16;
                    index.insert(k.clone(), t);
                    kernels.push(k);
                    t
                }
            };
            trans.push((sym, target));
        }
        transitions.push(trans);
        s += 1;
    }
    Lr0 {
        kernels,
        transitions,
    }
}

/// The lookahead sets of every item of every state's closure, as LALR(1) computes them:
/// the LR(1) closure of each kernel, propagated along the transitions until nothing changes.
fn lookaheads(lr: &Lr0, rules: &[Vec<u16>], first: &First) -> Vec<Vec<(Item, TokSet)>> {
    let n = lr.kernels.len();
    let mut kernel_la: Vec<Vec<TokSet>> = lr.kernels.iter().map(|k| vec![0; k.len()]).collect();
    let mut closures: Vec<Vec<(Item, TokSet)>> = vec![Vec::new(); n];
    let target_of = |s: usize, sym: Sym| -> usize {
        lr.transitions[s]
            .iter()
            .find(|(x, _)| *x == sym)
            .map(|(_, t)| *t as usize)
            .expect("every item's next symbol has a transition")
    };
    let mut changed = true;
    while changed {
        changed = false;
        for s in 0..n {
            let items = closure_la(&lr.kernels[s], &kernel_la[s], rules, first);
            for (it, la) in &items {
                let Some(sym) = it.next() else { continue };
                let t = target_of(s, sym);
                let moved = Item {
                    prod: it.prod,
                    dot: it.dot + 1,
                };
                let k = lr.kernels[t]
                    .iter()
                    .position(|x| *x == moved)
                    .expect("the moved item is in the target's kernel");
                if kernel_la[t][k] | la != kernel_la[t][k] {
                    kernel_la[t][k] |= la;
                    changed = true;
                }
            }
            closures[s] = items;
        }
    }
    closures
}

/// The LR(1) closure of a kernel whose items have the lookaheads `la`.
fn closure_la(
    kernel: &[Item],
    la: &[TokSet],
    rules: &[Vec<u16>],
    first: &First,
) -> Vec<(Item, TokSet)> {
    let mut items: Vec<(Item, TokSet)> = kernel.iter().copied().zip(la.iter().copied()).collect();
    let mut pos: HashMap<Item, usize> = HashMap::new();
    for (i, (it, _)) in items.iter().enumerate() {
        pos.insert(*it, i);
    }
    let mut changed = true;
    while changed {
        changed = false;
        let mut i = 0;
        while i < items.len() {
            let (it, l) = items[i];
            if let Some(Sym::N(nt)) = it.next() {
                let rest = &PRODUCTIONS[it.prod as usize].rhs[it.dot as usize + 1..];
                let (f, nullable) = first.of_seq(rest);
                let new_la = f | if nullable { l } else { 0 };
                for &r in &rules[nt as usize] {
                    let item = Item { prod: r, dot: 0 };
                    match pos.get(&item) {
                        Some(&j) => {
                            if items[j].1 | new_la != items[j].1 {
                                items[j].1 |= new_la;
                                changed = true;
                            }
                        }
                        None => {
                            pos.insert(item, items.len());
                            items.push((item, new_la));
                            changed = true;
                        }
                    }
                }
            }
            i += 1;
        }
    }
    items
}

/// Builds the tables, or names the conflicts precedence does not resolve.
pub(crate) fn build() -> Result<Tables, String> {
    let rules = rules_of();
    let first = First::compute();
    let lr = lr0(&rules);
    let closures = lookaheads(&lr, &rules, &first);
    let mut states = Vec::with_capacity(lr.kernels.len());
    let mut final_state = None;
    let mut conflicts = Vec::new();
    for (s, items) in closures.iter().enumerate() {
        // Reductions, by rule number, with their lookaheads.
        let mut reductions: Vec<(u16, TokSet)> = items
            .iter()
            .filter(|(it, _)| it.next().is_none())
            .map(|(it, la)| (it.prod, *la))
            .collect();
        reductions.sort_by_key(|(r, _)| *r);
        if reductions.iter().any(|(r, _)| *r == 0) {
            final_state = Some(s as u16);
        }
        let mut shifts: Vec<(Tok, u16)> = Vec::new();
        let mut gotos = [None; NT_COUNT];
        for (sym, t) in &lr.transitions[s] {
            match sym {
                Sym::T(tok) => shifts.push((*tok, *t)),
                Sym::N(nt) => gotos[*nt as usize] = Some(*t),
            }
        }
        // A state is consistent when it has at most one reduction and then no shift on a
        // token: it reduces without looking ahead.
        let consistent = reductions.len() <= 1 && (reductions.is_empty() || shifts.is_empty());

        let mut actions: [Option<Action>; token::COUNT] = [None; token::COUNT];
        let mut explicit_errors: TokSet = 0;
        if !consistent {
            // Resolve shift/reduce conflicts by precedence, as the reductions' lookaheads
            // are recorded.
            for (rule, la) in reductions.iter_mut() {
                let prod = &PRODUCTIONS[*rule as usize];
                let rule_prec = prod.prec_token().and_then(precedence);
                for (tok, _) in shifts.iter_mut() {
                    if *la & bit(*tok) == 0 {
                        continue;
                    }
                    let tok_prec = precedence(*tok);
                    match (rule_prec, tok_prec) {
                        (Some((rp, _)), Some((tp, assoc))) => {
                            if tp < rp || (tp == rp && assoc == Assoc::Left) {
                                // Reduce: the shift goes.
                                *tok = Tok::Error;
                            } else if tp > rp || assoc == Assoc::Right {
                                *la &= !bit(*tok);
                            } else {
                                *la &= !bit(*tok);
                                explicit_errors |= bit(*tok);
                                *tok = Tok::Error;
                            }
                        }
                        _ => conflicts.push(format!(
                            "state {s}: shift/reduce conflict on {} with rule {rule}",
                            tok.name()
                        )),
                    }
                }
            }
            shifts.retain(|(t, _)| *t != Tok::Error);
            // Record reductions, the earliest rule winning a token.
            for (rule, la) in reductions.iter().rev() {
                for t in token::ALL {
                    if la & bit(t) != 0 {
                        if actions[t as usize].is_some() {
                            conflicts
                                .push(format!("state {s}: reduce/reduce conflict on {}", t.name()));
                        }
                        actions[t as usize] = Some(Action::Reduce(*rule));
                    }
                }
            }
        }
        for (tok, target) in &shifts {
            actions[*tok as usize] = Some(Action::Shift(*target));
        }
        for t in token::ALL {
            if explicit_errors & bit(t) != 0 {
                actions[t as usize] = Some(Action::Error);
            }
        }
        // The default reduction: the rule reducing on the most tokens.
        let mut default_reduction = None;
        if consistent {
            default_reduction = reductions.first().map(|(r, _)| *r);
        } else {
            let mut max = 0;
            for (rule, _) in &reductions {
                let count = actions
                    .iter()
                    .filter(|a| **a == Some(Action::Reduce(*rule)))
                    .count();
                if count > max {
                    max = count;
                    default_reduction = Some(*rule);
                }
            }
            if let Some(d) = default_reduction {
                for a in actions.iter_mut() {
                    if *a == Some(Action::Reduce(d)) {
                        *a = None;
                    }
                }
            }
        }
        if default_reduction.is_none() {
            for a in actions.iter_mut() {
                if *a == Some(Action::Error) {
                    *a = None;
                }
            }
        }
        let reads_token = actions.iter().any(Option::is_some);
        states.push(State {
            actions,
            default_reduction,
            reads_token,
            gotos,
        });
    }
    if !conflicts.is_empty() {
        return Err(conflicts.join("\n"));
    }
    Ok(Tables {
        states: states.leak(),
        final_state: final_state.ok_or("no accepting state")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammar_has_no_unresolved_conflicts() {
        if let Err(e) = build() {
            panic!("{e}");
        }
    }
}
