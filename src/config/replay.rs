//! `hook replay` arguments → a validated [`ReplayConfig`].

use super::{duration, header_line, positive_duration, scheme_by_name};
use crate::cli::ReplayArgs;
use crate::error::hinted;
use crate::fixture::edit::parse_path;
use crate::replay::responses::ResponsesConfig;
use crate::replay::{Negative, ReplayConfig};

/// Where `--dry-run` pretends to send when no `--to` is given.
const DRY_RUN_URL: &str = "http://127.0.0.1:8080";

/// Build the replay configuration, checking every flag before anything is sent.
pub fn replay(args: &ReplayArgs) -> anyhow::Result<ReplayConfig> {
    let to = match (&args.to, args.dry_run) {
        (Some(to), _) => target(to)?,
        (None, true) => DRY_RUN_URL.to_string(),
        (None, false) => {
            return Err(hinted(
                "no --to URL given",
                "pass the receiver, e.g. --to http://localhost:3000/webhooks (or --dry-run to print the requests)",
            ))
        }
    };
    let mut negative = Vec::new();
    if args.tamper {
        negative.push(Negative::Tamper);
    }
    if let Some(stale) = &args.stale {
        let age = duration(stale, "--stale")?;
        if age.as_secs() == 0 {
            return Err(hinted(
                format!("--stale {stale} is not stale: the signature would be fresh"),
                "give an age past the provider's tolerance, e.g. --stale 10m",
            ));
        }
        negative.push(Negative::Stale(age.as_secs()));
    }
    if args.unsigned {
        negative.push(Negative::Unsigned);
    }
    if args.wrong_secret {
        negative.push(Negative::WrongSecret);
    }
    let secrets = if args.secret.secrets.is_empty() && args.secret.secret_file.is_none() && args.unsigned {
        // Unsigned deliveries still run the scheme, for its id headers, so they
        // need placeholders: first a key the schemes that sign with one take
        // (Discord's seed, SendGrid's private scalar; text to the others), then
        // a text for a scheme that refuses it.
        let key = format!("{}1", "0".repeat(63));
        vec![crate::secret::Secret::new(key), crate::secret::Secret::new("unsigned")]
    } else if args.secret.secrets.is_empty() && args.secret.secret_file.is_none() {
        // Fixtures with no provider go unsigned and need none; one that is
        // signed is refused before sending (replay::checks) when none is given.
        Vec::new()
    } else {
        super::secrets(&args.secret)?
    };
    let retry = super::retry_policy(&args.retry)?;
    if args.repeat == 0 {
        return Err(hinted("--repeat 0 would send nothing", "use 1 or more"));
    }
    if args.concurrency == 0 {
        return Err(hinted("--concurrency 0 would send nothing", "use 1 or more"));
    }
    Ok(ReplayConfig {
        to,
        events: super::routes::event_patterns(&args.filter.events)?,
        provider: args.provider.as_deref().map(|p| scheme_by_name(p, &[])).transpose()?,
        secrets,
        keep_ids: args.keep_ids,
        sets: args.sets.clone(),
        unsets: args.unsets.clone(),
        headers: args
            .headers
            .iter()
            .enumerate()
            .map(|(i, h)| header_line(h, &format!("-H #{}", i + 1)))
            .collect::<anyhow::Result<_>>()?,
        retry,
        duplicate: args.duplicate,
        shuffle: args.shuffle,
        seed: args.seed,
        negative,
        repeat: args.repeat,
        concurrency: args.concurrency,
        rate: args.rate.as_deref().map(rate).transpose()?,
        timeout: positive_duration(&args.timeout, "--timeout")?,
        keep_responses: args.show_response || args.save_responses.is_some() || args.compare.is_some(),
    })
}

/// `--save-responses`, `--compare` and `--ignore-field`, checked before anything is sent.
pub fn replay_responses(args: &ReplayArgs) -> anyhow::Result<ResponsesConfig> {
    let ignore = args
        .ignore_fields
        .iter()
        .map(|p| parse_path(p.trim()).map_err(|e| e.context(format!("--ignore-field {p}"))))
        .collect::<anyhow::Result<_>>()?;
    Ok(ResponsesConfig {
        save: args.save_responses.clone(),
        compare: args.compare.clone(),
        ignore,
    })
}

/// `--to`: an http(s) URL, or a port for localhost.
fn target(text: &str) -> anyhow::Result<String> {
    let url = super::forward_target(text, "--to")?;
    let mut base = url[..url::Position::AfterPath].trim_end_matches('/').to_string();
    if let Some(q) = url.query() {
        base.push('?');
        base.push_str(q);
    }
    Ok(base)
}

/// `--rate`: `10`, `10/s`, `600/m`. The engine waits `1 / rate` between
/// deliveries, so the rate must leave a wait a [`std::time::Duration`] can
/// hold: at least a nanosecond, and finite.
fn rate(text: &str) -> anyhow::Result<f64> {
    let (n, per) = text.split_once('/').unwrap_or((text, "s"));
    let secs = match per.trim() {
        "s" | "sec" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        _ => f64::NAN,
    };
    let r = match n.trim().parse::<f64>() {
        Ok(r) if r > 0.0 && secs.is_finite() => r / secs,
        _ => {
            return Err(hinted(
                format!("--rate {text:?} is not a rate"),
                "write rates like 10/s or 600/m",
            ))
        }
    };
    match std::time::Duration::try_from_secs_f64(1.0 / r) {
        // Above this the wait rounds to 1 ns (or none) and stops meaning the rate given.
        Ok(period) if period.is_zero() || r > MAX_RATE as f64 => Err(hinted(
            format!("--rate {text:?} is too high: at most {MAX_RATE} per second"),
            "leave --rate out to send as fast as the receiver answers",
        )),
        Ok(_) => Ok(r),
        Err(_) => Err(hinted(
            format!("--rate {text:?} is too low: the wait between deliveries would be endless"),
            "write rates like 1/h or more",
        )),
    }
}

/// The fastest `--rate`: one delivery a nanosecond, the finest wait there is.
const MAX_RATE: u64 = 1_000_000_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_targets() {
        assert_eq!(rate("10/s").unwrap(), 10.0);
        assert_eq!(rate("600/m").unwrap(), 10.0);
        assert_eq!(rate("5").unwrap(), 5.0);
        assert!(rate("fast").is_err() && rate("0/s").is_err());
        assert_eq!(rate("1000000000/s").unwrap(), 1e9);
        assert!(rate("1000000001/s").is_err(), "the limit the message names");
        for wild in ["4000000000/s", "inf", "1e-320/s"] {
            let err = rate(wild).unwrap_err();
            assert!(crate::error::hint_of(&err).is_some(), "{wild}: {err}");
        }
        assert!(rate("4000000000/s")
            .unwrap_err()
            .to_string()
            .contains("at most 1000000000 per second"));
        assert_eq!(
            target("http://localhost:3000/hooks/").unwrap(),
            "http://localhost:3000/hooks"
        );
        assert_eq!(target("3000").unwrap(), "http://127.0.0.1:3000");
    }
}
