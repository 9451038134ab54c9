//! `hook verify`'s flags.

use super::{GenericArgs, ProviderName, SecretArgs};
use clap::Args;
use std::path::PathBuf;

/// `hook verify`.
#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {
    /// Provider to check as, `auto` to detect it from the headers, or `hmac`
    #[arg(
        short,
        long,
        value_name = "NAME",
        default_value = "auto",
        env = "HOOK_PROVIDER",
        value_parser = ProviderName,
        hide_possible_values = true
    )]
    pub provider: String,
    #[command(flatten)]
    pub secret: SecretArgs,
    /// A request header, 'Name: value' (repeatable)
    #[arg(short = 'H', long = "header", value_name = "'NAME: VALUE'")]
    pub headers: Vec<String>,
    /// Read headers from FILE: 'Name: value' lines, an HTTP request head, or `hook sign --format json` output
    #[arg(long, value_name = "FILE")]
    pub headers_file: Option<PathBuf>,
    /// Check a request saved by `hook listen --save` (or any fixture file): its method, path, headers and body
    #[arg(long, value_name = "FILE", conflicts_with_all = ["headers_file", "body", "method"])]
    pub request: Option<PathBuf>,
    /// URL the provider signed (twilio, square, hubspot)
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// HTTP method the request came with (hubspot signs it)
    #[arg(long, value_name = "METHOD", default_value = "POST")]
    pub method: String,
    /// Allowed timestamp age, e.g. 5m, 300s; 0 turns the check off [default: the provider's]
    #[arg(long, value_name = "DURATION")]
    pub tolerance: Option<String>,
    /// Judge timestamps as if it were this unix time [default: now]
    #[arg(long, value_name = "UNIX", allow_negative_numbers = true)]
    pub now: Option<i64>,
    /// When no secret matches, show the bytes signed, the signature received and what each secret gives
    #[arg(short, long)]
    pub verbose: bool,
    /// Body file; `-` or nothing reads stdin
    #[arg(value_name = "FILE")]
    pub body: Option<PathBuf>,
    /// Signature header name (with --provider hmac)
    #[arg(long, value_name = "NAME", help_heading = "Generic HMAC (--provider hmac)")]
    pub signature_header: Option<String>,
    #[command(flatten)]
    pub generic: GenericArgs,
}
