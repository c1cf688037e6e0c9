//! The evaluator's implementation of [`Host`], the services builtins and the VM's helpers
//! use: file access, the store, settings, positions, messages.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

use codemap::{Pos, Span};

use nixvm_value::{Error, ErrorKind, EvalIO, EvalStore, Extensions, Host, Settings, SourcePos};

use crate::render::line_col;
use crate::sources::Sources;

/// Where `trace` and warning messages go.
pub type MessageSink = Box<dyn FnMut(&str)>;

pub struct HostState {
    pub io: Box<dyn EvalIO>,
    pub store: Box<dyn EvalStore>,
    pub settings: Settings,
    pub sources: Rc<RefCell<Sources>>,
    pub messages: MessageSink,
    pub extensions: Extensions,
    /// Where the builtin now running was called: the VM sets it before running a builtin's
    /// plain function or a generator's request for the host (see [`Host::call_site`]).
    pub call_site: Option<Span>,
}

impl Host for HostState {
    fn io(&self) -> &dyn EvalIO {
        &*self.io
    }

    fn store_and_io(&mut self) -> (&mut dyn EvalStore, &dyn EvalIO) {
        (&mut *self.store, &*self.io)
    }

    fn settings(&self) -> &Settings {
        &self.settings
    }

    fn trace(&mut self, message: &str) {
        (self.messages)(&format!("trace: {message}"));
    }

    fn warn(&mut self, message: &str) -> Result<(), Error> {
        const PREFIX: &str = "evaluation warning: ";
        // Later lines line up with the first, unless the message starts on a line of its own.
        let text = if message.starts_with('\n') {
            format!("{}{message}", PREFIX.trim_end())
        } else {
            let indent = format!("\n{}", " ".repeat(PREFIX.len()));
            format!("{PREFIX}{}", message.replace('\n', &indent))
        };
        (self.messages)(&text);
        if self.settings.abort_on_warn {
            return Err(Error::new(ErrorKind::Eval(
                "aborting to reveal stack trace of warning, as abort-on-warn is set".into(),
            )));
        }
        Ok(())
    }

    fn nix_warning(&mut self, message: &str) {
        const PREFIX: &str = "warning: ";
        let indent = format!("\n{}", " ".repeat(PREFIX.len()));
        (self.messages)(&format!("{PREFIX}{}", message.replace('\n', &indent)));
    }

    fn nix_warning_at(&mut self, warning: Error) {
        let text = crate::render::render_warning(&warning, &self.sources.borrow());
        (self.messages)(&text);
    }

    fn resolve_pos(&self, pos: Pos) -> Option<SourcePos> {
        let map = self.sources.borrow();
        let (file, line, column) = line_col(&map, pos)?;
        Some(SourcePos { file, line, column })
    }

    fn span_at(&self, pos: Pos) -> Option<Span> {
        let map = self.sources.borrow();
        let file = map.file_of(pos)?;
        let offset = pos - file.span.low();
        Some(file.span.subspan(offset, offset))
    }

    fn call_site(&self) -> Option<Span> {
        self.call_site
    }

    fn extensions(&mut self) -> &mut Extensions {
        &mut self.extensions
    }

    fn copy_path_to_store(&mut self, path: &Path) -> Result<String, Error> {
        nixvm_builtins::store::copy_path_to_store(self, path)
    }

    fn text_in_store(&mut self, path: &Path) -> Option<Rc<[u8]>> {
        nixvm_builtins::store::file_in_store(self, path)
    }
}
