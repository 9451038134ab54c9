//! The relay and the tunnel. `protocol` is the only code both sides share;
//! the relay (`relay`, `ingress`, `relay_link`, `store`) and the client (`client`) never
//! import each other.

mod arrival;
pub mod client;
mod deliver;
mod dial;
mod disk;
mod forwarded;
mod ingress;
pub(crate) mod private;
pub mod protocol;
mod reject;
pub mod relay;
mod relay_link;
pub mod store;
mod trust;

pub use arrival::Arrival;
use sha2::{Digest, Sha256};

/// Tokens are kept and compared as SHA-256 digests, so equal-length,
/// constant-time comparison is possible and tokens are never stored in clear.
pub fn token_digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}
