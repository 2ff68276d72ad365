//! Filled in with the browser tests.
