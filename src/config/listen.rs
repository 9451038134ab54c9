//! `hook listen` arguments → a validated [`ListenConfig`].

use super::{duration, forward_target, header_line, positive_duration, scheme_by_name};
use crate::cli::{ListenArgs, SecretArgs};
use crate::error::hinted;
use crate::listen::{FaultConfig, ForwardConfig, ListenConfig, ReplyConfig, TlsConfig, VerifyConfig};
use bytes::Bytes;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

/// Build the listen configuration, checking every flag before anything starts.
pub fn listen(args: &ListenArgs) -> anyhow::Result<ListenConfig> {
    let secret_args = SecretArgs {
        secrets: args.secrets.clone(),
        secret_file: args.secret_file.clone(),
    };
    let secrets = if args.secrets.is_empty() && args.secret_file.is_none() {
        Vec::new()
    } else {
        super::secrets(&secret_args)?
    };
    let scheme = if args.provider.eq_ignore_ascii_case("auto") {
        None
    } else {
        Some(scheme_by_name(&args.provider, &["auto"])?)
    };
    if !(0.0..=1.0).contains(&args.fail_rate) {
        return Err(hinted(
            format!("--fail-rate {} is not between 0 and 1", args.fail_rate),
            "give a fraction, e.g. --fail-rate 0.3",
        ));
    }
    if http::StatusCode::from_u16(args.status).is_err() {
        return Err(hinted(
            format!("--status {} is not an HTTP status code", args.status),
            "give a final status from 200 to 999, e.g. --status 204",
        ));
    }
    if args.status < 200 {
        return Err(hinted(
            format!("--status {} is an interim status, not an answer", args.status),
            "give a final status from 200 up, e.g. --status 202",
        ));
    }
    refuse_answer_flags_when_forwarding(args)?;
    let body = match (&args.response_body, &args.response_file) {
        (Some(text), _) => Bytes::from(text.clone()),
        (None, Some(path)) => Bytes::from(std::fs::read(path).map_err(|e| {
            hinted(
                format!("cannot read --response-file {}: {e}", path.display()),
                "give the path of a file to answer with, or the text itself with --response-body",
            )
        })?),
        (None, None) => Bytes::new(),
    };
    // RFC 9110: 204 and 304 answers end at their headers; a body sent anyway
    // is read as the start of the next answer on the connection.
    if matches!(args.status, 204 | 304) && !body.is_empty() {
        return Err(hinted(
            format!(
                "a {} answer carries no body, so --response-body/--response-file cannot go with --status {}",
                args.status, args.status
            ),
            "drop the body, or answer with it under another status, e.g. --status 200",
        ));
    }
    let headers = args
        .response_header
        .iter()
        .enumerate()
        .map(|(i, h)| header_line(h, &format!("--response-header #{}", i + 1)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    // What every app forwarded to shares: -f's and each --route's.
    let forwarding = ForwardConfig {
        base: url::Url::parse("http://127.0.0.1/").expect("a constant URL"),
        timeout: positive_duration(&args.timeout, "--timeout")?,
        insecure: args.insecure,
        cacert: args.cacert.clone(),
        retry: super::retry_policy(&args.retry)?,
        headers: super::headers::added(&args.headers)?,
    };
    if !forwarding.retry.delays.is_empty() && args.forward_to.is_none() && args.routes.is_empty() {
        return Err(hinted(
            "--retry and --retry-schedule deliver again to your app, and no app is given",
            "forward to it with -f PORT|URL or --route PATTERN=URL, or drop the retry flags",
        ));
    }
    let tls = match (&args.tls_cert, &args.tls_key, args.tls) {
        (Some(cert), Some(key), _) => Some(TlsConfig::Files {
            cert: cert.clone(),
            key: key.clone(),
        }),
        (_, _, true) => Some(TlsConfig::SelfSigned),
        _ => None,
    };
    Ok(ListenConfig {
        addr: SocketAddr::new(host(&args.host)?, args.port),
        verify: VerifyConfig {
            scheme,
            secrets,
            public_url: args.public_url.clone(),
            public_url_is_relays: false,
            tolerance: args
                .tolerance
                .as_deref()
                .map(|t| duration(t, "--tolerance"))
                .transpose()?,
            reject_invalid: args.reject_invalid,
        },
        reply: ReplyConfig {
            status: args.status,
            body,
            headers,
            delay: args
                .delay
                .as_deref()
                .map(|d| duration(d, "--delay"))
                .transpose()?
                .unwrap_or(Duration::ZERO),
        },
        faults: FaultConfig {
            fail_first: args.fail_first,
            fail_rate: args.fail_rate,
            seed: args.seed,
        },
        handshakes: !args.no_handshakes,
        events: super::routes::event_patterns(&args.events)?,
        routes: super::routes::routes(&args.routes, &forwarding)?,
        forward: match &args.forward_to {
            None => None,
            Some(to) => Some(ForwardConfig {
                base: forward_target(to, "--forward-to")?,
                ..forwarding
            }),
        },
        save: args.save.clone(),
        save_after: 0,
        max_body: size(&args.max_body, "--max-body")?,
        tls,
        threads: threads(args.threads)?,
    })
}

/// Notes for flags given that change nothing in this run (forwarding's
/// without an app, `--seed` without `--fail-rate`): accepted rather than
/// refused, since a settings file may give them for every run, but said.
pub fn listen_idle_flags(args: &ListenArgs) -> Vec<String> {
    let mut notes = Vec::new();
    if args.forward_to.is_none() && args.routes.is_empty() {
        let given = [
            ("--timeout", args.timeout != "30s"),
            ("-k/--insecure", args.insecure),
            ("--cacert", args.cacert.is_some()),
            ("--show-response", args.display.show_response),
            ("-H/--header", !args.headers.is_empty()),
        ];
        for (flag, _) in given.iter().filter(|(_, on)| *on) {
            notes.push(format!(
                "{flag} changes nothing here: it is for forwarding (-f or --route)"
            ));
        }
    }
    if args.seed.is_some() && args.fail_rate == 0.0 {
        notes.push("--seed only shapes --fail-rate, which is not given".to_string());
    }
    notes
}

/// Most threads `--threads` takes: more would only add idle threads.
const MAX_THREADS: usize = 64;
/// Most threads by default: past a few, the load generator or the app
/// needs the cores more than hook does.
const DEFAULT_MAX_THREADS: usize = 4;

/// `--threads`: as given (1 to 64), or one per core up to four.
fn threads(given: Option<usize>) -> anyhow::Result<usize> {
    match given {
        Some(n @ 1..=MAX_THREADS) => Ok(n),
        Some(n) => Err(hinted(
            format!("--threads {n} is not between 1 and {MAX_THREADS}"),
            "give a number of threads, e.g. --threads 2, or leave it out for one per core",
        )),
        None => Ok(std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(DEFAULT_MAX_THREADS)),
    }
}

/// `--host`: an IP address, or `localhost`.
fn host(text: &str) -> anyhow::Result<IpAddr> {
    if text.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::from([127, 0, 0, 1]));
    }
    text.parse().map_err(|_| {
        hinted(
            format!("--host {text:?} is not an IP address"),
            "use an address such as 127.0.0.1, 0.0.0.0 or ::1",
        )
    })
}

/// `--status`, `--response-*` shape hook's own answer; with `--forward-to`
/// the app answers instead, so they would silently do nothing, unless
/// `--events` leaves some requests for hook to answer.
fn refuse_answer_flags_when_forwarding(args: &ListenArgs) -> anyhow::Result<()> {
    let given = [
        (args.status != 200, "--status"),
        (args.response_body.is_some(), "--response-body"),
        (args.response_file.is_some(), "--response-file"),
        (!args.response_header.is_empty(), "--response-header"),
    ];
    match given.iter().find(|(on, _)| *on) {
        Some((_, flag)) if args.forward_to.is_some() && args.events.is_empty() => Err(hinted(
            format!("{flag} sets hook's own answer, but with --forward-to your app answers every request"),
            "drop one of them: forward to the app, or let hook answer (or keep both, and name with -e the events to forward)",
        )),
        _ => Ok(()),
    }
}

/// A size as people write it: `1024`, `64KiB`, `25MiB`, `1MB`, `10k`.
pub fn size(text: &str, flag: &str) -> anyhow::Result<u64> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "kib" => 1 << 10,
        "m" | "mb" => 1_000_000,
        "mib" => 1 << 20,
        "g" | "gb" => 1_000_000_000,
        "gib" => 1 << 30,
        _ => u64::MAX,
    };
    match number.parse::<u64>() {
        Ok(n) if factor != u64::MAX => Ok(n.saturating_mul(factor)),
        _ => Err(hinted(
            format!("{flag} {t:?} is not a size"),
            "write sizes like 1024, 64KiB or 25MiB",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_hosts() {
        assert_eq!(size("25MiB", "--m").unwrap(), 25 << 20);
        assert_eq!(size("1024", "--m").unwrap(), 1024);
        assert_eq!(size("10k", "--m").unwrap(), 10_000);
        assert!(size("lots", "--m").is_err() && size("5 parsecs", "--m").is_err());
        assert!(host("nope").is_err());
    }
}
