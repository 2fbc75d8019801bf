//! Datature Nexus Sequences API client for JavaScript, compiled to WebAssembly.
