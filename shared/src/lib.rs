#![doc = include_str!("../README.md")]

#[macro_use]
mod macros;

pub mod api;
pub mod domain;
pub mod errors;
pub mod honesty;
pub mod loyalty;
pub mod metrics;
pub mod permissions;
pub mod phone;
pub mod prospects;
pub mod rotation;
pub mod validate;

pub use domain::*;
