//! `hook listen` flags.

use clap::Args;
use std::path::PathBuf;

/// `hook listen`.
#[derive(Debug, Clone, Args)]
pub struct ListenArgs {
    /// Port to listen on; 0 picks a free one
    #[arg(short, long, default_value_t = 8080, env = "HOOK_PORT")]
    pub port: u16,
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR", env = "HOOK_HOST")]
    pub host: String,
    #[command(flatten)]
    pub display: super::DisplayArgs,

    /// Provider to verify as, or `auto` to detect it per request
    #[arg(
        long,
        value_name = "NAME",
        default_value = "auto",
        env = "HOOK_PROVIDER",
        help_heading = "Verifying",
        value_parser = super::ProviderName,
        hide_possible_values = true
    )]
    pub provider: String,
    /// Signing secret; repeat during rotation. Without one, requests are shown as unchecked
    #[arg(
        long = "secret",
        value_name = "SECRET",
        env = "HOOK_SECRET",
        hide_env_values = true,
        help_heading = "Verifying"
    )]
    pub secrets: Vec<String>,
    /// Read secrets from FILE, one per line
    #[arg(long, value_name = "FILE", env = "HOOK_SECRET_FILE", help_heading = "Verifying")]
    pub secret_file: Option<PathBuf>,
    /// Public base URL the provider calls, for URL-signing providers (twilio, square) behind a tunnel
    #[arg(long, value_name = "URL", help_heading = "Verifying")]
    pub public_url: Option<String>,
    /// Allowed timestamp age, e.g. 5m; 0 turns the check off [default: the provider's]
    #[arg(long, value_name = "DURATION", help_heading = "Verifying")]
    pub tolerance: Option<String>,
    /// Answer 401 to invalid and unsigned requests
    #[arg(long, help_heading = "Verifying")]
    pub reject_invalid: bool,

    /// Status code to answer
    #[arg(long, default_value_t = 200, value_name = "CODE", help_heading = "Answering")]
    pub status: u16,
    /// Response body
    #[arg(
        long,
        value_name = "TEXT",
        conflicts_with = "response_file",
        help_heading = "Answering"
    )]
    pub response_body: Option<String>,
    /// Response body from a file
    #[arg(long, value_name = "FILE", help_heading = "Answering")]
    pub response_file: Option<PathBuf>,
    /// Response header 'Name: value' (repeatable)
    #[arg(long, value_name = "'NAME: VALUE'", help_heading = "Answering")]
    pub response_header: Vec<String>,
    /// Wait before answering, e.g. 2s, 500ms
    #[arg(long, value_name = "DURATION", help_heading = "Answering")]
    pub delay: Option<String>,
    /// Answer 500 to the first N attempts of each delivery, to exercise retries
    #[arg(long, value_name = "N", default_value_t = 0, help_heading = "Answering")]
    pub fail_first: u32,
    /// Answer 500 to this fraction of requests, e.g. 0.3
    #[arg(long, value_name = "RATE", default_value_t = 0.0, help_heading = "Answering")]
    pub fail_rate: f64,
    /// Seed for --fail-rate, for repeatable runs
    #[arg(long, value_name = "N", help_heading = "Answering")]
    pub seed: Option<u64>,
    /// Do not answer provider handshakes (Slack, Zoom, Twitch, Discord, GET challenges) automatically
    #[arg(long, help_heading = "Answering")]
    pub no_handshakes: bool,

    /// Forward each request to your app: a URL or a local port
    #[arg(short = 'f', long, value_name = "URL|PORT", help_heading = "Forwarding")]
    pub forward_to: Option<String>,
    /// Only these events (globs, comma-separated: push,invoice.*,stripe:*): others are answered by hook, shown as one line, not forwarded nor saved
    #[arg(
        short = 'e',
        long,
        value_name = "PATTERN,...",
        value_delimiter = ',',
        env = "HOOK_EVENTS",
        help_heading = "Forwarding"
    )]
    pub events: Vec<String>,
    /// Forward requests whose event matches PATTERN to this app; repeatable, the first match wins, -f takes the rest
    #[arg(long = "route", value_name = "PATTERN=URL|PORT", help_heading = "Forwarding")]
    pub routes: Vec<String>,

    /// Add a header to each request forwarded to your app, replacing any of that name (repeatable); the screen and --save keep the request as it came
    #[arg(
        short = 'H',
        long = "header",
        value_name = "'NAME: VALUE'",
        help_heading = "Forwarding"
    )]
    pub headers: Vec<String>,
    /// Give up on the app after this long and answer 504
    #[arg(long, default_value = "30s", value_name = "DURATION", help_heading = "Forwarding")]
    pub timeout: String,
    /// Accept any TLS certificate from the app
    #[arg(short = 'k', long, help_heading = "Forwarding")]
    pub insecure: bool,
    /// Trust this CA certificate (PEM) for the app
    #[arg(long, value_name = "FILE", help_heading = "Forwarding")]
    pub cacert: Option<PathBuf>,

    /// Save each request as a fixture file in DIR (replay it with hook replay)
    #[arg(long, value_name = "DIR")]
    pub save: Option<PathBuf>,
    /// Serve on N threads [default: one per core, at most 4]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Largest body accepted; larger ones get 413
    #[arg(long, default_value = "25MiB", value_name = "SIZE")]
    pub max_body: String,
    /// Serve HTTPS with a self-signed certificate made at start
    #[arg(long, help_heading = "HTTPS")]
    pub tls: bool,
    /// Serve HTTPS with this certificate chain (PEM)
    #[arg(long, value_name = "FILE", requires = "tls_key", help_heading = "HTTPS")]
    pub tls_cert: Option<PathBuf>,
    /// Private key (PEM) for --tls-cert
    #[arg(long, value_name = "FILE", requires = "tls_cert", help_heading = "HTTPS")]
    pub tls_key: Option<PathBuf>,
    // Last: the heading it sets would also go to the options after it.
    #[command(flatten, next_help_heading = "Forwarding")]
    pub retry: super::RetryArgs,
}
