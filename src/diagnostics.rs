//! What a long-running app (or a leak test) can read about the module itself.

use js_sys::{ArrayBuffer, WebAssembly};
use wasm_bindgen::prelude::*;

/// The size of the module's WebAssembly memory, in bytes. It grows when the SDK needs more room
/// and never shrinks: a figure that keeps rising over a steady workload means a leak (the
/// package's own memory tests read it).
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    let memory: WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    f64::from(
        memory
            .buffer()
            .unchecked_into::<ArrayBuffer>()
            .byte_length(),
    )
}
