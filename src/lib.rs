//! hook: test webhooks on your own machine.
//!
//! The library behind the `hook` binary. Arrows point down only:
//! `main → lib → cmd → {config, signature, render} → {model, error, secret}`.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod error;
pub mod fixture;
pub mod http;
pub mod inspect;
pub mod listen;
pub mod model;
pub mod render;
pub mod replay;
pub mod secret;
pub mod signature;
pub mod tunnel;

use cli::{Cli, Command};
use error::Exit;

/// Run a parsed command line and return the exit status.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    match &cli.command {
        Command::Sign(args) => cmd::sign::run(args, cli.color, cli.json),
        Command::Verify(args) => cmd::verify::run(args, cli.color, cli.json),
        Command::Listen(args) => cmd::listen::run(args, cli.color, cli.json),
        Command::Replay(args) => cmd::replay::run(args, cli.color, cli.json),
        Command::Fixtures(args) => cmd::fixtures::run(args, cli.color, cli.json),
        Command::Relay(args) => cmd::relay::run(args, cli.color, cli.json),
        Command::Tunnel(args) => cmd::tunnel::run(args, cli.color, cli.json),
        Command::Providers { names } => cmd::providers::run(names, cli.color, cli.json),
        Command::Completions { shell } => cmd::completions::run(*shell),
    }
}
