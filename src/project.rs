//! A project: the scope of every sequence call.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::sequences::Sequences;
use crate::transport::Transport;

/// A project; obtained from {@link Client.getProject}.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Project {
    transport: Rc<Transport>,
    id: Rc<str>,
}

impl Project {
    /// The project `id` (already checked and prefixed) on `transport`.
    pub fn new(transport: Rc<Transport>, id: String) -> Project {
        Project {
            transport,
            id: id.into(),
        }
    }
}

#[wasm_bindgen]
impl Project {
    /// `proj_…`.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.id.to_string()
    }

    /// The project's sequences.
    #[wasm_bindgen(getter)]
    pub fn sequences(&self) -> Sequences {
        Sequences::new(self.transport.clone(), self.id.clone())
    }
}
