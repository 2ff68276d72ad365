//! API tests: the real server and a fresh PostgreSQL database per test.

mod activity;
mod calibration;
mod campaigns;
mod errors;
mod export;
mod honesty;
mod lost_analysis;
mod loyalty;
mod metrics;
mod plan;
mod prospects;
mod rotation;
mod scoping;
mod session;
mod setup;
mod system;
mod visits;
mod weekly;
