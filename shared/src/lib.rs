//! Keyuan's shared vocabulary: the domain enums of DESIGN.md, the JSON shapes of the
//! `/api/v1` routes, and the pure rules (validation, cadence) that the server enforces and
//! the app pre-checks. Compiled for the server and for `wasm32-unknown-unknown`, so the two
//! cannot disagree about a field name or an enum spelling.

#[macro_use]
mod macros;

pub mod api;
pub mod domain;
pub mod loyalty;
pub mod metrics;
pub mod phone;
pub mod prospects;
pub mod rotation;
pub mod validate;

pub use domain::*;
