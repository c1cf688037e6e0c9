//! The parser's tables, as the build script wrote them from the grammar (see `lalr`).

use super::lalr::{Action, State, Tables};

include!(concat!(env!("OUT_DIR"), "/lalr_tables.rs"));

static TABLES: Tables = Tables {
    states: &STATES,
    final_state: FINAL_STATE,
};

pub(crate) fn tables() -> &'static Tables {
    &TABLES
}

#[cfg(test)]
mod tests {
    use super::super::lalr::{build, write_rust};
    use super::*;

    #[test]
    fn the_written_tables_are_the_grammars() {
        let built = build().expect("no conflicts");
        let written = include_str!(concat!(env!("OUT_DIR"), "/lalr_tables.rs"));
        assert!(write_rust(&built) == written);
        assert_eq!(TABLES.states.len(), built.states.len());
    }
}
