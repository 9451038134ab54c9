//! Command-line interface: clap derive only, no I/O. The `///` comments are `--help` text.

use crate::signature::mac::{Algorithm, Encoding};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Test webhooks on your own machine: sign, verify, listen, replay, tunnel.
#[derive(Debug, Parser)]
#[command(name = "hook", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    /// When to colour output
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, env = "HOOK_COLOR")]
    pub color: ColorChoice,
    /// Print one JSON object per line on stdout, for scripts
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the headers a provider would send with a body, signed
    #[command(
        after_help = "Examples:\n  hook sign --provider github --secret s3cret payload.json\n  echo -n '{}' | hook sign --provider stripe --secret whsec_test --format curl --url http://localhost:3000/webhooks"
    )]
    Sign(SignArgs),
    /// Check a request's signature, and explain why it fails
    #[command(
        after_help = "Exit status: 0 valid, 1 invalid, 2 usage or runtime error.\n\nExamples:\n  hook verify --provider github --secret s3cret -H 'X-Hub-Signature-256: sha256=…' payload.json\n  hook sign -p stripe --secret whsec_x body.json > h.txt && hook verify -p auto --secret whsec_x --headers-file h.txt body.json"
    )]
    Verify(VerifyArgs),
    /// Receive webhooks on a local server and show each one; answer, forward, save
    #[command(
        after_help = "Examples:\n  hook listen --port 8080\n  hook listen -p 0 --json --secret whsec_x -f 3000\n  hook listen --fail-first 2 --save captured/"
    )]
    Listen(ListenArgs),
    /// Send fixture events to a URL with fresh, valid signatures; simulate real delivery
    #[command(
        after_help = "Examples:\n  hook replay stripe/payment_intent.succeeded --to http://localhost:3000/webhooks --secret whsec_…\n  hook replay captured/ --to http://localhost:3000 --secret s3cret --retry exponential --duplicate\n  hook replay github/push --to http://localhost:3000 --secret s3cret --tamper"
    )]
    Replay(ReplayArgs),
    /// List the built-in fixtures
    Fixtures,
    /// Run the public relay that carries webhooks to hook tunnels (self-hosted)
    #[command(
        after_help = "Examples:\n  hook relay --listen 0.0.0.0:8443 --public-url https://hooks.example.com --tokens-file tokens.txt --data-dir /var/lib/hook\n  hook relay --listen 127.0.0.1:0 --json"
    )]
    Relay(RelayArgs),
    /// Connect to a relay and carry its webhooks to your local app
    #[command(
        after_help = "Examples:\n  hook tunnel --relay https://hooks.example.com --token $TOKEN -f 3000\n  hook tunnel --relay http://127.0.0.1:9000 --channel my-app -f http://localhost:3000/api --json"
    )]
    Tunnel(TunnelArgs),
    /// List every provider with its headers and what it signs
    Providers,
    /// Print a shell completion script
    #[command(after_help = "Example:\n  hook completions bash > ~/.local/share/bash-completion/completions/hook")]
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

/// Where secrets come from. Values are never shown in help or errors.
#[derive(Debug, Clone, Args)]
pub struct SecretArgs {
    /// Signing secret; repeat it during rotation (several signatures, or any may match)
    #[arg(long = "secret", value_name = "SECRET", env = "HOOK_SECRET", hide_env_values = true)]
    pub secrets: Vec<String>,
    /// Read secrets from FILE, one per line (keeps them out of the process list)
    #[arg(long, value_name = "FILE", env = "HOOK_SECRET_FILE")]
    pub secret_file: Option<PathBuf>,
}

/// Flags of the generic `hmac` provider, for your own webhooks.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Generic HMAC (--provider hmac)")]
pub struct GenericArgs {
    /// Hash function
    #[arg(long, value_enum, default_value_t = Algorithm::Sha256)]
    pub algorithm: Algorithm,
    /// Encoding of the MAC
    #[arg(long, value_enum, default_value_t = Encoding::Hex)]
    pub encoding: Encoding,
    /// Text before the encoded MAC, e.g. 'sha256='
    #[arg(long, default_value = "", value_name = "STR")]
    pub prefix: String,
    /// Signed bytes; placeholders {body}, {timestamp}, {id}, {url}
    #[arg(long, default_value = "{body}", value_name = "TEMPLATE")]
    pub payload_template: String,
    /// Header that carries {timestamp} (unix seconds)
    #[arg(long, value_name = "NAME")]
    pub timestamp_header: Option<String>,
    /// Header that carries {id}
    #[arg(long, value_name = "NAME")]
    pub id_header: Option<String>,
}

/// How `hook sign` prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SignFormat {
    /// One `Name: value` line per header, nothing else
    Headers,
    /// A ready-to-run curl command
    Curl,
    /// One JSON object with the headers
    Json,
}

/// `hook sign`.
#[derive(Debug, Clone, Args)]
pub struct SignArgs {
    /// Provider whose headers to produce (see `hook providers`), or `hmac`
    #[arg(short, long, value_name = "NAME", env = "HOOK_PROVIDER")]
    pub provider: String,
    #[command(flatten)]
    pub secret: SecretArgs,
    /// Unix time to sign with [default: now]
    #[arg(long, value_name = "UNIX", allow_negative_numbers = true)]
    pub timestamp: Option<i64>,
    /// Delivery/message id [default: a fresh random one]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// URL the request goes to (required by twilio and square, which sign it)
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Event type for the provider's event header (e.g. push, orders/create)
    #[arg(short, long, value_name = "TYPE")]
    pub event: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = SignFormat::Headers)]
    pub format: SignFormat,
    /// Body file; `-` or nothing reads stdin
    #[arg(value_name = "FILE")]
    pub body: Option<PathBuf>,
    /// Signature header name (with --provider hmac)
    #[arg(long, value_name = "NAME", help_heading = "Generic HMAC (--provider hmac)")]
    pub header: Option<String>,
    #[command(flatten)]
    pub generic: GenericArgs,
}

/// `hook verify`.
#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {
    /// Provider to check as, `auto` to detect it from the headers, or `hmac`
    #[arg(short, long, value_name = "NAME", default_value = "auto", env = "HOOK_PROVIDER")]
    pub provider: String,
    #[command(flatten)]
    pub secret: SecretArgs,
    /// A request header, 'Name: value' (repeatable)
    #[arg(short = 'H', long = "header", value_name = "'NAME: VALUE'")]
    pub headers: Vec<String>,
    /// Read headers from FILE: 'Name: value' lines, an HTTP request head, or `hook sign --format json` output
    #[arg(long, value_name = "FILE")]
    pub headers_file: Option<PathBuf>,
    /// URL the provider signed (twilio, square)
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Allowed timestamp age, e.g. 5m, 300s; 0 turns the check off [default: the provider's]
    #[arg(long, value_name = "DURATION")]
    pub tolerance: Option<String>,
    /// Judge timestamps as if it were this unix time [default: now]
    #[arg(long, value_name = "UNIX", allow_negative_numbers = true)]
    pub now: Option<i64>,
    /// Body file; `-` or nothing reads stdin
    #[arg(value_name = "FILE")]
    pub body: Option<PathBuf>,
    /// Signature header name (with --provider hmac)
    #[arg(long, value_name = "NAME", help_heading = "Generic HMAC (--provider hmac)")]
    pub signature_header: Option<String>,
    #[command(flatten)]
    pub generic: GenericArgs,
}

/// `hook listen`.
#[derive(Debug, Clone, Args)]
pub struct ListenArgs {
    /// Port to listen on; 0 picks a free one
    #[arg(short, long, default_value_t = 8080, env = "HOOK_PORT")]
    pub port: u16,
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR", env = "HOOK_HOST")]
    pub host: String,
    /// Show only one summary line per request
    #[arg(long)]
    pub compact: bool,
    /// Do not show request headers
    #[arg(long)]
    pub no_headers: bool,
    /// Do not show request bodies
    #[arg(long)]
    pub no_body: bool,

    /// Provider to verify as, or `auto` to detect it per request
    #[arg(
        long,
        value_name = "NAME",
        default_value = "auto",
        env = "HOOK_PROVIDER",
        help_heading = "Verifying"
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
    /// Give up on the app after this long and answer 504
    #[arg(long, default_value = "30s", value_name = "DURATION", help_heading = "Forwarding")]
    pub timeout: String,
    /// Accept any TLS certificate from the app
    #[arg(short = 'k', long, help_heading = "Forwarding")]
    pub insecure: bool,
    /// Trust this CA certificate (PEM) for the app
    #[arg(long, value_name = "FILE", help_heading = "Forwarding")]
    pub cacert: Option<PathBuf>,
    /// Show the app's response body
    #[arg(long, help_heading = "Forwarding")]
    pub show_response: bool,

    /// Save each request as a fixture file in DIR (replay it with hook replay)
    #[arg(long, value_name = "DIR")]
    pub save: Option<PathBuf>,
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
}

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
    /// Sign as this provider instead of the fixture's
    #[arg(short, long, value_name = "NAME", env = "HOOK_PROVIDER")]
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
    #[arg(long)]
    pub dry_run: bool,
    /// Format for --dry-run
    #[arg(long, value_enum, default_value_t = DryRunFormat::Http)]
    pub format: DryRunFormat,
    /// Show each response body
    #[arg(long)]
    pub show_response: bool,

    /// Retry on 5xx, 429, timeouts and connection errors, with delays growing this way
    #[arg(long, value_enum, value_name = "STRATEGY", help_heading = "Simulating delivery")]
    pub retry: Option<crate::replay::retry::Strategy>,
    /// First retry delay
    #[arg(
        long,
        default_value = "1s",
        value_name = "DURATION",
        help_heading = "Simulating delivery"
    )]
    pub retry_base: String,
    /// Retries at most
    #[arg(long, default_value_t = 3, value_name = "N", help_heading = "Simulating delivery")]
    pub retry_max: u32,
    /// Explicit retry delays, e.g. 1s,5s,30s
    #[arg(
        long,
        value_name = "DELAYS",
        conflicts_with = "retry",
        help_heading = "Simulating delivery"
    )]
    pub retry_schedule: Option<String>,
    /// Send each delivery twice with the same id
    #[arg(long, help_heading = "Simulating delivery")]
    pub duplicate: bool,
    /// Send in random order
    #[arg(long, help_heading = "Simulating delivery")]
    pub shuffle: bool,
    /// Seed for --shuffle, for repeatable runs
    #[arg(long, value_name = "N", help_heading = "Simulating delivery")]
    pub seed: Option<u64>,
    /// Change the body after signing (expect 4xx)
    #[arg(long, help_heading = "Negative cases")]
    pub tamper: bool,
    /// Sign with a timestamp this old, e.g. 10m (expect 4xx)
    #[arg(long, value_name = "DURATION", help_heading = "Negative cases")]
    pub stale: Option<String>,
    /// Send without signature headers (expect 4xx)
    #[arg(long, help_heading = "Negative cases")]
    pub unsigned: bool,
    /// Sign with a random secret (expect 4xx)
    #[arg(long, help_heading = "Negative cases")]
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
}

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
        hide_env_values = true
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
    /// Queued requests per channel at most
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub queue_max: usize,
    /// Queued bytes per channel at most
    #[arg(long, default_value = "256MiB", value_name = "SIZE")]
    pub queue_bytes: String,
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
    /// Token for the relay
    #[arg(long, value_name = "TOKEN", env = "HOOK_RELAY_TOKEN", hide_env_values = true)]
    pub token: String,
    /// Channel to hold (the public URL is <relay>/<channel>) [default: a random one]
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
    /// Heartbeat interval; a link silent for two intervals is dropped
    #[arg(long, default_value = "10s", value_name = "DURATION")]
    pub heartbeat: String,
    /// Largest body expected
    #[arg(long, default_value = "25MiB", value_name = "SIZE")]
    pub max_body: String,
    /// Provider to verify as, or `auto`
    #[arg(long, value_name = "NAME", default_value = "auto", help_heading = "Verifying")]
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
    /// Show only one summary line per request
    #[arg(long)]
    pub compact: bool,
    /// Do not show request headers
    #[arg(long)]
    pub no_headers: bool,
    /// Do not show request bodies
    #[arg(long)]
    pub no_body: bool,
    /// Show the app's response body
    #[arg(long)]
    pub show_response: bool,
}
