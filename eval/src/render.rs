//! Rendering errors the way current Nix prints them: an `error:` line, the context frames
//! (outermost first, repeated frames collapsed, truncated without `--show-trace`), then the
//! message, its position, and the source lines around it with a caret under the column.

use std::collections::BTreeSet;

use codemap::{File, Pos, Span};

use nixvm_value::{Error, ErrorKind, TraceFrame, TraceStep};

use crate::sources::Sources;
use crate::syntax::Warning;

/// The file, 1-based line and 1-based byte column of `pos`. Nix counts `\r\n`, `\r` and `\n`
/// as line ends.
pub fn line_col(map: &Sources, pos: Pos) -> Option<(String, usize, usize)> {
    let (file, line, col, _) = locate(map, pos)?;
    Some((file, line, col))
}

/// Like [`line_col`], also returning the source lines (previous, current, next).
fn locate(map: &Sources, pos: Pos) -> Option<(String, usize, usize, [Option<String>; 3])> {
    let file = map.file_of(pos)?;
    let offset = (pos - file.span.low()) as usize;
    let src = file.source().as_bytes();
    let starts = file.nix_line_starts();
    let line = match starts.binary_search(&offset) {
        Ok(l) => l,
        Err(l) => l - 1,
    };
    let text_of = |l: usize| -> Option<String> {
        let start = *starts.get(l)?;
        if start > src.len() {
            return None;
        }
        let mut end = start;
        while end < src.len() && src[end] != b'\n' && src[end] != b'\r' {
            end += 1;
        }
        if start == src.len() && l + 1 == starts.len() && l > 0 {
            // The empty line after a final newline.
            return Some(String::new());
        }
        Some(String::from_utf8_lossy(&src[start..end]).into_owned())
    };
    let lines = [
        if line > 0 { text_of(line - 1) } else { None },
        text_of(line),
        text_of(line + 1),
    ];
    Some((
        file.name().to_string(),
        line + 1,
        offset - starts[line] + 1,
        lines,
    ))
}

/// `file:line:col`, as Nix prints a position.
pub fn position_text(map: &Sources, pos: Pos) -> Option<String> {
    let (f, l, c) = line_col(map, pos)?;
    Some(format!("{f}:{l}:{c}"))
}

/// "at FILE:L:C:" and the code lines, as Nix's `printPosMaybe` writes them.
fn print_pos(out: &mut String, indent: &str, map: &Sources, span: Option<Span>) -> bool {
    let Some(span) = span else { return false };
    let Some((file, line, col, lines)) = locate(map, span.low()) else {
        return false;
    };
    // What happened at no place in the source (Nix's `noPos`) is shown without one.
    if file == "«none»" {
        return false;
    }
    out.push_str(&format!("{indent}at {file}:{line}:{col}:"));
    let [prev, cur, next] = lines;
    if let Some(p) = prev {
        out.push_str(&format!("\n {:>5}| {p}", line - 1));
    }
    if let Some(c) = cur {
        out.push_str(&format!("\n {line:>5}| {c}"));
        out.push_str(&format!("\n      |{}^", " ".repeat(col)));
    }
    if let Some(n) = next {
        out.push_str(&format!("\n {:>5}| {n}", line + 1));
    }
    out.push('\n');
    true
}

/// Prints one trace line; returns whether it named a position.
fn print_trace(out: &mut String, map: &Sources, count: &mut usize, t: &TraceFrame) -> bool {
    out.push_str(&format!("\n… {}\n", t.message));
    let located = print_pos(out, "  ", map, t.span);
    if located {
        *count += 1;
    }
    located
}

type Key = (Option<(u32, u32)>, String);

fn key(map: &Sources, t: &TraceFrame) -> Key {
    let pos = t
        .span
        .and_then(|s| line_col(map, s.low()))
        .map(|(_, l, c)| (l as u32, c as u32));
    (pos, t.message.clone())
}

/// Nix's walk over the trace (`showErrorInfo`): frames already seen are held back, and
/// printed, or counted as omitted, when a new one comes.
struct Walk<'a> {
    map: &'a Sources,
    show_trace: bool,
    out: String,
    seen: BTreeSet<Key>,
    skipped: Vec<&'a TraceFrame>,
    /// Held back beyond those in `skipped` (repetitions counted without being listed).
    skipped_more: u64,
    count: usize,
    truncate: bool,
    located: bool,
    /// Frames printed and chunks flushed so far: what changes the walk's state.
    events: u64,
}

impl<'a> Walk<'a> {
    fn frame(&mut self, t: &'a TraceFrame) {
        if t.message.is_empty() {
            return;
        }
        if !self.show_trace && self.count > 3 {
            self.truncate = true;
        }
        if !self.truncate || t.always {
            let k = key(self.map, t);
            if self.seen.contains(&k) {
                self.skipped.push(t);
                return;
            }
            self.seen.insert(k);
            self.flush_skipped();
            self.count += 1;
            self.events += 1;
            self.located |= print_trace(&mut self.out, self.map, &mut self.count, t);
        }
    }

    /// `block` (innermost first) `times` more times, outermost first. Once a whole pass
    /// only holds frames back, every later pass does the same: those are counted at once.
    fn again(&mut self, block: &'a [TraceFrame], times: u64) {
        let mut left = times;
        while left > 0 {
            let (events, truncate) = (self.events, self.truncate);
            let held = self.skipped.len() as u64 + self.skipped_more;
            for t in block.iter().rev() {
                self.frame(t);
            }
            left -= 1;
            if self.events == events && self.truncate == truncate {
                let per_pass = self.skipped.len() as u64 + self.skipped_more - held;
                self.skipped_more += per_pass * left;
                left = 0;
            }
        }
    }

    fn flush_skipped(&mut self) {
        let n = self.skipped.len() as u64 + self.skipped_more;
        if n == 0 {
            return;
        }
        self.events += 1;
        if n <= 5 {
            for t in std::mem::take(&mut self.skipped) {
                self.located |= print_trace(&mut self.out, self.map, &mut self.count, t);
            }
        } else {
            // Nix means to forget the frames seen here, but clears a copy of its set: they
            // stay seen (its test `eval-fail-mutual-recursion` records the outcome).
            self.out
                .push_str(&format!("\n({n} duplicate frames omitted)\n"));
        }
        self.skipped.clear();
        self.skipped_more = 0;
    }
}

/// Renders `err` as Nix does (without colours).
pub fn render_error(err: &Error, map: &Sources, show_trace: bool) -> String {
    // An interrupt is not an evaluation error in Nix: it is printed without a trace or a
    // position (where evaluation stopped stays in the error, as data).
    if matches!(err.kind(), ErrorKind::Interrupted) {
        return format!("error: {}", err.kind());
    }
    render_as(err, map, show_trace, "error")
}

/// Renders a warning that Nix lays out as an error (with its position and context lines).
pub fn render_warning(warning: &Error, map: &Sources) -> String {
    render_as(warning, map, true, "warning")
}

/// Nix's `showErrorInfo` for an error (`prefix` "error") or a warning ("warning").
fn render_as(err: &Error, map: &Sources, show_trace: bool, prefix: &str) -> String {
    let first = format!("{prefix}: ");
    let rest = " ".repeat(first.len());
    let mut oss = String::new();
    let mut located = false;
    if !err.trace().is_empty() {
        let mut walk = Walk {
            map,
            show_trace,
            out: String::new(),
            seen: BTreeSet::new(),
            skipped: Vec::new(),
            skipped_more: 0,
            count: 0,
            truncate: false,
            located: false,
            events: 0,
        };
        for step in err.trace_outermost_first() {
            match step {
                TraceStep::Frame(t) => walk.frame(t),
                TraceStep::Again { block, times } => walk.again(block, times),
            }
        }
        walk.flush_skipped();
        oss = walk.out;
        located = walk.located;
        if walk.truncate {
            oss.push_str(
                "\n(stack trace truncated; use '--show-trace' to show the full, detailed trace)\n",
            );
        }
        oss.push('\n');
        oss.push_str(&first);
    }
    let message = err.kind().to_string();
    oss.push_str(&message);
    oss.push('\n');
    // Where Nix would name no position at all, say where evaluation was (see `Error::near`).
    let mut more = print_pos(&mut oss, "", map, err.span());
    if !more && !located {
        more = print_pos(&mut oss, "", map, err.near());
    }
    if let Some(hint) = err.kind().hint() {
        oss.push_str(&hint);
        oss.push('\n');
        more = true;
    }
    let mut out = indent(&first, &rest, oss.trim_end_matches('\n'));
    // Nix colours the values it formats into a message and resets the colour after them,
    // so a message ending with a formatted value that ends with a newline (a TOML parser's
    // report) keeps an indented last line, blank once the colours are filtered out.
    if !more && matches!(err.kind(), ErrorKind::Eval(_)) && message.ends_with('\n') {
        out.push('\n');
        out.push_str(&rest);
    }
    // Nix stops at the first error; the others found with it follow, each in its own block.
    for e in err.further() {
        out.push('\n');
        out.push_str(&render_error(e, map, show_trace));
    }
    out
}

/// Renders a warning of the parser as Nix logs one: a lint's message with its position and
/// source lines, or a message of its own.
pub(crate) fn render_parse_warning(w: &Warning, map: &Sources, file: &File) -> String {
    match w {
        Warning::Located(d) => {
            let mut oss = format!("{}\n", d.message);
            let span = file.span.subspan(d.offset as u64, d.offset as u64);
            print_pos(&mut oss, "", map, Some(span));
            indent("warning: ", "         ", oss.trim_end_matches('\n'))
        }
        Warning::Plain(m) => format!("warning: {m}"),
    }
}

/// Nix's `indent`: the first line gets `first`, the others `rest`; trailing whitespace of
/// each line is removed.
fn indent(first: &str, rest: &str, s: &str) -> String {
    let mut out = String::new();
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let l = format!("{}{line}", if i == 0 { first } else { rest });
        out.push_str(l.trim_end());
    }
    out
}
