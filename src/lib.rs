//! hook: test webhooks on your own machine.
//!
//! The library behind the `hook` binary: signature schemes for many providers
//! (`signature`), and the commands that use them (`cmd`).

pub mod error;
pub mod model;
pub mod secret;
pub mod signature;
