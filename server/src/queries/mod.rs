//! Query functions: each takes a connection (and the caller's store scope where rows are
//! store-owned) and returns API types. Handlers never build SQL themselves.

pub mod campaigns;
pub mod customers;
pub mod export;
pub mod loyalty;
pub mod metrics;
pub mod prospects;
pub mod scope;
pub mod sign_in_failures;
pub mod sql;
pub mod stores;
pub mod users;
pub mod vehicle_models;
pub mod visits;
pub mod weekly;
