//! The emulator's own controls, which the real API does not have: the `/_emulator/` routes,
//! fault injection, request counts, fixtures (import and export) and the demo seed. Tests and
//! scripts drive the emulator through these.

pub mod counts;
pub mod faults;
pub mod fixture;
mod handlers;
pub mod seed;

pub use handlers::router;
