//! wasm-bindgen tests of the SDK's exported classes against a running emulator, in Node
//! (`wasm-pack test --node`) and in headless Chrome (`WASM_BINDGEN_USE_BROWSER=1 wasm-pack
//! test --headless --chrome`). The emulator's URL is baked in at compile time from
//! `NEXUS_EMULATOR_URL`. Every test makes its own project through the admin API, so tests do
//! not see each other's data or faults.
#![cfg(target_arch = "wasm32")]

mod support;

mod errors;
mod resilience;
mod sequences;
mod validation;
