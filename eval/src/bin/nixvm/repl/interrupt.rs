//! Ctrl-C during an evaluation: SIGINT triggers the evaluator's interrupt handle, which the
//! VM looks at as it runs, so the evaluation ends with "interrupted by the user", every
//! thunk it was forcing restored, and the REPL goes back to the prompt. At the prompt the
//! line editor reads Ctrl-C as a key (it clears the line), so no signal arrives there.

use nixvm::{Error, ErrorKind, Interrupt};

/// Makes SIGINT trigger `handle` from now on.
pub fn install(handle: Interrupt) {
    let on_signal = move || handle.trigger();
    // SAFETY: `signal_hook::low_level::register` requires the action to be async-signal-
    // safe. `Interrupt::trigger` only stores `true` to an atomic flag: it neither
    // allocates, locks, nor touches anything but that flag, which lives as long as the
    // handle the closure owns (the registration is never removed).
    let registered =
        unsafe { signal_hook::low_level::register(signal_hook::consts::SIGINT, on_signal) };
    if let Err(e) = registered {
        warn_line!("warning: Ctrl-C will end the REPL: cannot catch it ({e})");
    }
}

/// Whether an error is an interruption, which ends whatever is printing or describing a
/// value instead of being shown in its place.
pub fn is_interrupt(e: &Error) -> bool {
    matches!(e.kind(), ErrorKind::Interrupted)
}
