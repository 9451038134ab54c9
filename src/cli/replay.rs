//! `hook replay` flags.

use super::SecretArgs;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// How `hook replay --dry-run` prints requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DryRunFormat {
    /// The raw HTTP/1.1 request
    Http,
    /// A curl command
    Curl,
}

/// `hook replay`.
#[derive(Debug, Clone, Args)]
pub struct ReplayArgs {
    /// Built-in fixture names (see `hook fixtures`), files, directories, or - for stdin
    #[arg(value_name = "FIXTURE", required = true)]
    pub fixtures: Vec<String>,
    /// Base URL to send to; each fixture's path is appended
    #[arg(long, value_name = "URL", env = "HOOK_REPLAY_TO")]
    pub to: Option<String>,
    #[command(flatten)]
    pub filter: super::FixtureEvents,
    /// Sign as this provider instead of the fixture's
    #[arg(
        short,
        long,
        value_name = "NAME",
        env = "HOOK_PROVIDER",
        value_parser = super::ProviderName,
        hide_possible_values = true
    )]
    pub provider: Option<String>,
    #[command(flatten)]
    pub secret: SecretArgs,
    /// Keep the fixtures' delivery and event ids (to test idempotency)
    #[arg(long)]
    pub keep_ids: bool,
    /// Set a body field: path=value (value parsed as JSON, else a string)
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub sets: Vec<String>,
    /// Remove a body field
    #[arg(long = "unset", value_name = "PATH")]
    pub unsets: Vec<String>,
    /// Add or replace a header, 'Name: value' (repeatable)
    #[arg(short = 'H', long = "header", value_name = "'NAME: VALUE'")]
    pub headers: Vec<String>,
    /// Print the exact requests instead of sending them
    // The flags of sending would be accepted and do nothing: refused instead.
    #[arg(
        long,
        conflicts_with_all = [
            "retry", "retry_schedule", "rate", "concurrency", "show_response",
            "quiet", "timeout", "insecure", "cacert",
        ]
    )]
    pub dry_run: bool,
    /// Format for --dry-run (--json prints each request as a JSON object instead)
    #[arg(
        long,
        value_enum,
        default_value_t = DryRunFormat::Http,
        requires = "dry_run",
        conflicts_with = "json"
    )]
    pub format: DryRunFormat,
    /// Show each response body
    #[arg(long)]
    pub show_response: bool,
    /// Print only attempts that did not get the expected answer, then the summary
    #[arg(short, long)]
    pub quiet: bool,

    /// Send each delivery twice with the same id
    #[arg(long, help_heading = "Simulating delivery")]
    pub duplicate: bool,
    /// Send in random order
    #[arg(long, help_heading = "Simulating delivery")]
    pub shuffle: bool,
    /// Seed for --shuffle, for repeatable runs
    #[arg(long, value_name = "N", requires = "shuffle", help_heading = "Simulating delivery")]
    pub seed: Option<u64>,
    /// Change the body after signing (expect 4xx)
    #[arg(long, group = "negative", help_heading = "Negative cases")]
    pub tamper: bool,
    /// Sign with a timestamp this old, e.g. 10m (expect 4xx)
    #[arg(long, value_name = "DURATION", group = "negative", help_heading = "Negative cases")]
    pub stale: Option<String>,
    /// Send without signature headers (expect 4xx)
    #[arg(long, group = "negative", help_heading = "Negative cases")]
    pub unsigned: bool,
    /// Sign with a random secret (expect 4xx)
    #[arg(long, group = "negative", help_heading = "Negative cases")]
    pub wrong_secret: bool,
    /// Send everything N times, as new deliveries each time
    #[arg(long, default_value_t = 1, value_name = "N", help_heading = "Load")]
    pub repeat: u32,
    /// Deliveries in flight at once
    #[arg(short, long, default_value_t = 1, value_name = "C", help_heading = "Load")]
    pub concurrency: usize,
    /// Start at most R deliveries per second, e.g. 10/s or 600/m
    #[arg(long, value_name = "R/s", help_heading = "Load")]
    pub rate: Option<String>,
    /// Give up on an attempt after this long
    #[arg(long, default_value = "30s", value_name = "DURATION", help_heading = "Load")]
    pub timeout: String,
    /// Accept any TLS certificate from the receiver
    #[arg(short = 'k', long)]
    pub insecure: bool,
    /// Trust this CA certificate (PEM)
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,

    // Refused with --dry-run from here, not in --dry-run's own list: a
    // conflict holds both ways, and keeping these flags together at the end
    // keeps changes to the flags above apart from them.
    /// Save each delivery's response (status, headers, body) to FILE, one JSON object a line
    #[arg(long, value_name = "FILE", conflicts_with = "dry_run", help_heading = "Comparing")]
    pub save_responses: Option<PathBuf>,
    /// Compare each response with the one saved in FILE by --save-responses; exit 1 when any differs
    #[arg(long, value_name = "FILE", conflicts_with = "dry_run", help_heading = "Comparing")]
    pub compare: Option<PathBuf>,
    /// Leave this JSON body field out of --compare, e.g. data.created_at (repeatable)
    #[arg(
        long = "ignore-field",
        value_name = "PATH",
        requires = "compare",
        help_heading = "Comparing"
    )]
    pub ignore_fields: Vec<String>,
    // Last: the heading it sets would also go to the options after it.
    #[command(flatten, next_help_heading = "Simulating delivery")]
    pub retry: super::RetryArgs,
}
