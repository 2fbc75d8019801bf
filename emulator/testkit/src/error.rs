//! What can go wrong driving the emulator, split the way the crash test needs: a kill shows as
//! [`Error::Transport`], a bug as [`Error::Answer`].

use std::fmt;

/// Why a step against the emulator failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The process could not be started, or stopped.
    Process(String),
    /// No HTTP answer: connection refused or cut (what a killed emulator looks like).
    Transport(String),
    /// An HTTP answer other than the expected one, or a body that is not the expected JSON.
    Answer(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Process(message) => f.write_str(message),
            Error::Transport(message) => write!(f, "connection failure: {message}"),
            Error::Answer(message) => write!(f, "unexpected answer: {message}"),
        }
    }
}

impl std::error::Error for Error {}
