//! One file per subcommand: each wires config, engine and renderer, and picks the exit code.

pub mod completions;
pub mod fixtures;
pub mod listen;
pub mod providers;
pub mod relay;
pub mod replay;
pub mod sign;
pub mod tunnel;
pub mod verify;
