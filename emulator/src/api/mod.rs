//! The Nexus Sequences API itself: its routes, and the `Idempotency-Key` replay of its writes.

mod handlers;
pub mod idempotency;

pub use handlers::router;
