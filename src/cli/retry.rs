//! The retry flags `hook replay` and `hook listen` share: when to deliver
//! again after a failure, as providers do.

use clap::Args;

/// `--retry`, `--retry-base`, `--retry-max`, `--retry-schedule`.
#[derive(Debug, Clone, Args)]
pub struct RetryArgs {
    /// Try again after a 5xx, 429, timeout or connection error, with delays growing this way
    #[arg(long, value_enum, value_name = "STRATEGY")]
    pub retry: Option<crate::model::retry::Strategy>,
    /// First retry delay (with --retry)
    // Both shape a --retry strategy only: alone, or beside --retry-schedule,
    // they would be accepted and change nothing.
    #[arg(
        long,
        default_value = "1s",
        value_name = "DURATION",
        requires = "retry",
        conflicts_with = "retry_schedule"
    )]
    pub retry_base: String,
    /// Retries at most (with --retry)
    #[arg(
        long,
        default_value_t = 3,
        value_name = "N",
        requires = "retry",
        conflicts_with = "retry_schedule"
    )]
    pub retry_max: u32,
    /// Explicit retry delays, e.g. 1s,5s,30s
    #[arg(long, value_name = "DELAYS", conflicts_with = "retry")]
    pub retry_schedule: Option<String>,
}
