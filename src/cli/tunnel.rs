//! `hook relay` and `hook tunnel` flags.

use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// What the relay does with requests for a channel whose tunnel is away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Offline {
    /// Queue them (answer 202) and deliver in order on reconnect
    Queue,
    /// Answer 503 with Retry-After, so the provider retries
    Reject,
}

/// `hook relay`.
#[derive(Debug, Clone, Args)]
pub struct RelayArgs {
    /// Address to listen on; port 0 picks a free one
    #[arg(
        long,
        default_value = "127.0.0.1:9000",
        value_name = "ADDR",
        env = "HOOK_RELAY_LISTEN"
    )]
    pub listen: String,
    /// Public base URL, as senders reach it (behind a proxy or TLS terminator)
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// Token a tunnel must present (repeatable); one is generated and printed when none is given
    #[arg(
        long = "token",
        value_name = "TOKEN",
        env = "HOOK_RELAY_TOKEN",
        hide_env_values = true,
        allow_hyphen_values = true,
        value_parser = super::secret_value
    )]
    pub tokens: Vec<String>,
    /// Read tokens from FILE, one per line
    #[arg(long, value_name = "FILE")]
    pub tokens_file: Option<PathBuf>,
    /// Keep queued requests here, durably, across restarts
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Serve HTTPS/WSS with this certificate chain (PEM)
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// Private key (PEM) for --tls-cert
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// While a channel has no tunnel: queue requests, or reject them with 503
    #[arg(long, value_enum, default_value_t = Offline::Queue)]
    pub offline: Offline,
    /// Queued requests per channel at most [default: 1000]
    // No clap default: config must tell a limit given (refused with
    // --offline reject, where nothing is queued) from none.
    #[arg(long, value_name = "N")]
    pub queue_max: Option<usize>,
    /// Queued bytes per channel at most [default: 256MiB]
    #[arg(long, value_name = "SIZE")]
    pub queue_bytes: Option<String>,
    /// Largest request body (413 beyond)
    #[arg(long, default_value = "25MiB", value_name = "SIZE")]
    pub max_body: String,
    /// Requests in flight per channel at most (503 beyond)
    #[arg(long, default_value_t = 256, value_name = "N")]
    pub max_in_flight: usize,
    /// Heartbeat interval; a link silent for two intervals is dropped
    #[arg(long, default_value = "10s", value_name = "DURATION")]
    pub heartbeat: String,
    /// How long to wait for a tunnel's answer (504 after)
    #[arg(long, default_value = "60s", value_name = "DURATION")]
    pub timeout: String,
    /// Print no line per request, only those answered 5xx (tunnel events are still printed)
    #[arg(short, long)]
    pub quiet: bool,
}

/// `hook tunnel`.
#[derive(Debug, Clone, Args)]
pub struct TunnelArgs {
    /// The relay's URL (http, https, ws or wss)
    #[arg(long, value_name = "URL", env = "HOOK_RELAY")]
    pub relay: String,
    /// Your app: a URL or a local port
    #[arg(short = 'f', long, value_name = "URL|PORT")]
    pub forward_to: String,
    /// Only these events (globs, comma-separated: push,invoice.*,stripe:*): others are answered 200 by the tunnel, shown as one line, not forwarded
    #[arg(
        short = 'e',
        long,
        value_name = "PATTERN,...",
        value_delimiter = ',',
        env = "HOOK_EVENTS"
    )]
    pub events: Vec<String>,
    /// Forward requests whose event matches PATTERN to this app; repeatable, the first match wins, -f takes the rest
    #[arg(long = "route", value_name = "PATTERN=URL|PORT")]
    pub routes: Vec<String>,

    /// Add a header to each request forwarded to your app, replacing any of that name (repeatable); the screen and --save keep the request as it came
    #[arg(short = 'H', long = "header", value_name = "'NAME: VALUE'")]
    pub headers: Vec<String>,
    /// Token for the relay
    #[arg(
        long,
        value_name = "TOKEN",
        env = "HOOK_RELAY_TOKEN",
        hide_env_values = true,
        allow_hyphen_values = true,
        value_parser = super::secret_value
    )]
    pub token: String,
    /// Channel to hold (the public URL is the relay URL, then /NAME) [default: a random one]
    #[arg(long, value_name = "NAME")]
    pub channel: Option<String>,
    /// Give up on the app after this long and answer 504
    #[arg(long, default_value = "30s", value_name = "DURATION")]
    pub timeout: String,
    /// Accept any TLS certificate (relay and app)
    #[arg(short = 'k', long)]
    pub insecure: bool,
    /// Trust this CA certificate (PEM) for the relay and the app
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,
    /// Exit with status 1 when the link drops, instead of reconnecting (for supervisors)
    #[arg(long)]
    pub exit_on_disconnect: bool,
    /// Save each request as a fixture file in DIR (replay it with hook replay)
    #[arg(long, value_name = "DIR")]
    pub save: Option<PathBuf>,
    /// Heartbeat interval; a link silent for two intervals is dropped
    #[arg(long, default_value = "10s", value_name = "DURATION")]
    pub heartbeat: String,
    /// Provider to verify as, or `auto`
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
    /// Signing secret, to show a verdict for each request
    #[arg(
        long = "secret",
        value_name = "SECRET",
        env = "HOOK_SECRET",
        hide_env_values = true,
        help_heading = "Verifying"
    )]
    pub secrets: Vec<String>,
    /// Answer 401 to requests not validly signed, and do not forward them (needs --secret); a request from the relay's queue is judged without the age check
    #[arg(long, help_heading = "Verifying")]
    pub reject_invalid: bool,
    #[command(flatten)]
    pub display: super::DisplayArgs,
}
