//! Colours: the ANSI sequences Nix uses, and whether to use them at all (on a terminal,
//! unless `NO_COLOR` or `NOCOLOR` is set or `TERM` is `dumb`).

use std::io::IsTerminal;

pub const NORMAL: &str = "\x1b[0m";
pub const RED: &str = "\x1b[31;1m";
pub const GREEN: &str = "\x1b[32;1m";
pub const BLUE: &str = "\x1b[34;1m";
pub const MAGENTA: &str = "\x1b[35;1m";
pub const CYAN: &str = "\x1b[36;1m";

/// Whether output to standard output should be coloured.
pub fn colours_wanted() -> bool {
    let env_allows = std::env::var_os("NO_COLOR").is_none()
        && std::env::var_os("NOCOLOR").is_none()
        && std::env::var("TERM").is_ok_and(|t| t != "dumb");
    env_allows && std::io::stdout().is_terminal()
}

/// Writes text in a colour, or plain when colours are off.
pub struct Painter {
    pub on: bool,
}

impl Painter {
    pub fn paint(&self, out: &mut Vec<u8>, colour: &str, text: &[u8]) {
        if self.on {
            out.extend_from_slice(colour.as_bytes());
            out.extend_from_slice(text);
            out.extend_from_slice(NORMAL.as_bytes());
        } else {
            out.extend_from_slice(text);
        }
    }
}
