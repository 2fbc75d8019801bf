//! What a long-running app (or a leak test) can read about the module itself.

use js_sys::{ArrayBuffer, WebAssembly};
use wasm_bindgen::prelude::*;

/// `wasmMemoryBytes()`: the size of the module's linear memory in bytes. It grows when the
/// Rust side needs more room and never shrinks, so a figure that keeps rising over a steady
/// workload means something the SDK allocates is never freed.
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
