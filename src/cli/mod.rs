//! Command-line interface: clap derive only, no I/O. The `///` comments are `--help` text.

use crate::signature::mac::{Algorithm, Encoding};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

mod lazy;
mod listen;
mod replay;
mod retry;
mod secret_value;
mod tunnel;
mod verify;
pub use lazy::Lazy;
pub use listen::ListenArgs;
pub use replay::{DryRunFormat, ReplayArgs};
pub use retry::RetryArgs;
pub(crate) use secret_value::secret_value;
pub use tunnel::{Offline, RelayArgs, TunnelArgs};
pub use verify::VerifyArgs;

/// `--provider`: any text, which the command checks (suggesting close names
/// when it is unknown), with every known name offered to shell completion.
#[derive(Debug, Clone, Copy)]
pub struct ProviderName;

impl clap::builder::TypedValueParser for ProviderName {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let names = crate::signature::names().into_iter();
        Some(Box::new(names.map(clap::builder::PossibleValue::new)))
    }
}

/// `-e/--events` of the commands that pick among fixtures (`hook fixtures`,
/// `hook replay`).
#[derive(Debug, Clone, Args)]
pub struct FixtureEvents {
    /// Only the fixtures with these events (globs, comma-separated: push,invoice.*,stripe:*)
    #[arg(
        short = 'e',
        long,
        value_name = "PATTERN,...",
        value_delimiter = ',',
        env = "HOOK_EVENTS"
    )]
    pub events: Vec<String>,
}

/// Test webhooks on your own machine: sign, verify, listen, replay, tunnel.
#[derive(Debug, Parser)]
#[command(
    name = "hook",
    version,
    propagate_version = true,
    max_term_width = 100,
    after_help = "Any long option may also be set in the environment, as HOOK_<COMMAND>_<OPTION> or HOOK_<OPTION>\n(HOOK_LISTEN_FORWARD_TO=3000, HOOK_JSON=1), or in hook.toml; the command line wins."
)]
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
        after_help = "Examples:\n  hook sign --provider github --secret s3cret payload.json\n  echo -n '{}' | hook sign --provider stripe --secret whsec_test \\\n    --format curl --url http://localhost:3000/webhooks"
    )]
    Sign(Lazy<SignArgs>),
    /// Check a request's signature, and explain why it fails
    #[command(
        after_help = "Exit status: 0 valid, 1 invalid, 2 usage or runtime error.\n\nExamples:\n  hook verify --provider github --secret s3cret \\\n    -H 'X-Hub-Signature-256: sha256=…' payload.json\n  hook sign -p stripe --secret whsec_x body.json > h.txt\n  hook verify -p auto --secret whsec_x --headers-file h.txt body.json"
    )]
    Verify(Lazy<VerifyArgs>),
    /// Receive webhooks on a local server and show each one; answer, forward, save
    #[command(
        after_help = "Examples:\n  hook listen --port 8080\n  hook listen -p 0 --json --secret whsec_x -f 3000\n  hook listen --fail-first 2 --save captured/"
    )]
    Listen(Lazy<ListenArgs>),
    /// Send fixture events to a URL with fresh, valid signatures; simulate real delivery
    #[command(
        after_help = "Examples:\n  hook replay stripe/payment_intent.succeeded --to http://localhost:3000 \\\n    --secret whsec_…\n  hook replay captured/ --to http://localhost:3000 --secret s3cret \\\n    --retry exponential --duplicate\n  hook replay github/push --to http://localhost:3000 --secret s3cret --tamper"
    )]
    Replay(Lazy<ReplayArgs>),
    /// List the built-in fixtures, or those in the files and directories named
    #[command(
        after_help = "Examples:\n  hook fixtures -e 'stripe:*'\n  hook fixtures captured/ -e 'push,pull_request.*'"
    )]
    Fixtures(Lazy<FixturesArgs>),
    /// Run the public relay that carries webhooks to hook tunnels (self-hosted)
    #[command(
        after_help = "Examples:\n  hook relay --listen 0.0.0.0:8443 --public-url https://hooks.example.com \\\n    --tokens-file tokens.txt --data-dir /var/lib/hook\n  hook relay --listen 127.0.0.1:0 --json"
    )]
    Relay(Lazy<RelayArgs>),
    /// Connect to a relay and carry its webhooks to your local app
    #[command(
        after_help = "Examples:\n  hook tunnel --relay https://hooks.example.com --token $TOKEN -f 3000\n  hook tunnel --relay http://127.0.0.1:9000 --token $TOKEN --channel my-app \\\n    -f http://localhost:3000/api --json"
    )]
    Tunnel(Lazy<TunnelArgs>),
    /// List every provider with its headers and what it signs
    Providers {
        /// Only these providers (e.g. `stripe github`, or `hmac`); all when none is named
        #[arg(value_name = "NAME", value_parser = ProviderName, hide_possible_values = true)]
        names: Vec<String>,
    },
    /// Print a shell completion script
    #[command(after_help = "Example:\n  hook completions bash > ~/.local/share/bash-completion/completions/hook")]
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// `hook fixtures`.
#[derive(Debug, Clone, Args)]
pub struct FixturesArgs {
    /// Fixture files, directories (e.g. from --save), built-in names, or - for stdin [default: every built-in one]
    #[arg(value_name = "FIXTURE")]
    pub fixtures: Vec<String>,
    #[command(flatten)]
    pub filter: FixtureEvents,
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
    // A secret may begin with '-': taken as the value, it is never echoed in
    // an "unexpected argument" error.
    #[arg(
        long = "secret",
        value_name = "SECRET",
        env = "HOOK_SECRET",
        hide_env_values = true,
        allow_hyphen_values = true,
        value_parser = secret_value
    )]
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
    #[arg(short, long, value_name = "NAME", env = "HOOK_PROVIDER", value_parser = ProviderName, hide_possible_values = true)]
    pub provider: String,
    #[command(flatten)]
    pub secret: SecretArgs,
    /// Unix time to sign with [default: now]
    #[arg(long, value_name = "UNIX", allow_negative_numbers = true)]
    pub timestamp: Option<i64>,
    /// Delivery/message id [default: a fresh random one]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// URL the request goes to (required by twilio, square and hubspot, which sign it)
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Event type for the provider's event header (e.g. push, orders/create)
    #[arg(short, long, value_name = "TYPE")]
    pub event: Option<String>,
    /// HTTP method the request goes with (hubspot signs it; curl sends it)
    #[arg(long, value_name = "METHOD", default_value = "POST")]
    pub method: String,
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

/// How `hook listen` and `hook tunnel` show each request.
#[derive(Debug, Clone, Copy, Args)]
pub struct DisplayArgs {
    /// Show only requests that failed (the app did not answer, a 5xx, refused unread, or rejected by --reject-invalid), not one line per request
    #[arg(short, long)]
    pub quiet: bool,
    /// Show only one summary line per request
    #[arg(long)]
    pub compact: bool,
    /// Do not show request headers
    #[arg(long)]
    pub no_headers: bool,
    /// Do not show request bodies
    #[arg(long)]
    pub no_body: bool,
    /// Show the app's response body (when forwarding)
    #[arg(long)]
    pub show_response: bool,
    /// Show more of each request: how a signature that matched no secret was worked out (as `hook verify -v`), and the app's response headers and body
    #[arg(short, long, conflicts_with_all = ["quiet", "compact"])]
    pub verbose: bool,
}
