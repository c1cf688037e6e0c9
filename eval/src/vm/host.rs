//! The VM's implementation of [`Host`]: file access, settings, positions, messages.

use std::cell::RefCell;
use std::rc::Rc;

use codemap::{Pos, Span};

use nixvm_value::{Error, ErrorKind, EvalIO, Host, Settings, SourcePos};

use crate::render::line_col;
use crate::sources::Sources;

/// Where `trace` and warning messages go.
pub type MessageSink = Box<dyn FnMut(&str)>;

pub struct HostState {
    pub io: Box<dyn EvalIO>,
    pub settings: Settings,
    pub sources: Rc<RefCell<Sources>>,
    pub messages: MessageSink,
}

impl Host for HostState {
    fn io(&self) -> &dyn EvalIO {
        &*self.io
    }

    fn settings(&self) -> &Settings {
        &self.settings
    }

    fn trace(&mut self, message: &str) {
        (self.messages)(&format!("trace: {message}"));
    }

    fn warn(&mut self, message: &str) -> Result<(), Error> {
        if self.settings.abort_on_warn {
            return Err(Error::new(ErrorKind::Eval(format!(
                "{message}\n(aborting because of --abort-on-warn)"
            ))));
        }
        (self.messages)(&format!("warning: {message}"));
        Ok(())
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
}
