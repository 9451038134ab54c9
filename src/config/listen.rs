//! `hook listen` arguments → a validated [`ListenConfig`].

use super::{duration, header_line, positive_duration, scheme_by_name};
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
        Some(scheme_by_name(&args.provider)?)
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
            "give a code from 100 to 999, e.g. --status 204",
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
        forward: match &args.forward_to {
            None => None,
            Some(to) => Some(ForwardConfig {
                base: forward_target(to, "--forward-to")?,
                timeout: positive_duration(&args.timeout, "--timeout")?,
                insecure: args.insecure,
                cacert: args.cacert.clone(),
            }),
        },
        save: args.save.clone(),
        save_after: 0,
        max_body: size(&args.max_body, "--max-body")?,
        tls,
        threads: threads(args.threads)?,
    })
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
/// the app answers instead, so they would silently do nothing.
fn refuse_answer_flags_when_forwarding(args: &ListenArgs) -> anyhow::Result<()> {
    let given = [
        (args.status != 200, "--status"),
        (args.response_body.is_some(), "--response-body"),
        (args.response_file.is_some(), "--response-file"),
        (!args.response_header.is_empty(), "--response-header"),
    ];
    match given.iter().find(|(on, _)| *on) {
        Some((_, flag)) if args.forward_to.is_some() => Err(hinted(
            format!("{flag} sets hook's own answer, but with --forward-to your app answers"),
            "drop one of them: forward to the app, or let hook answer",
        )),
        _ => Ok(()),
    }
}

/// Where to send requests (`--forward-to`, replay's `--to`): a port
/// (`3000`), `host:port`, or a full http(s) URL. `flag` names the flag in errors.
pub fn forward_target(text: &str, flag: &str) -> anyhow::Result<url::Url> {
    let all_digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    if all_digits && !matches!(text.parse::<u16>(), Ok(1..)) {
        // The url crate would read "70000" as the IPv4 address 0.1.17.112.
        return Err(hinted(
            format!("{flag} {text:?} is not a port"),
            "ports run from 1 to 65535; give a port such as 3000, or a URL",
        ));
    }
    if !all_digits && !text.contains(['.', ':', '/', '[']) && !text.eq_ignore_ascii_case("localhost") {
        // A bare word is almost always a mistyped port or flag value; a host
        // of that name (a container, say) is still reachable as a URL.
        return Err(hinted(
            format!("{flag} {text:?} is neither a port nor a URL"),
            format!("give a port (3000), host:port, or a URL; for a host named {text:?} write http://{text}"),
        ));
    }
    let candidate = if all_digits {
        format!("http://127.0.0.1:{text}")
    } else if text.contains("://") {
        text.to_string()
    } else {
        format!("http://{text}")
    };
    // A user name or password would be shown on every screen line and never
    // sent (the app gets the sender's headers unchanged): refused, unechoed.
    let with_user = |u: &url::Url| !u.username().is_empty() || u.password().is_some();
    match url::Url::parse(&candidate) {
        Ok(u) if with_user(&u) => Err(hinted(
            format!("{flag} must not carry a user name or password"),
            if flag == "--to" {
                "give the URL without user:password@; for an endpoint behind basic auth, add the header with -H 'Authorization: Basic …'"
            } else {
                "hook sends the sender's headers unchanged and adds no credentials: give the URL without user:password@"
            },
        )),
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(u),
        _ => {
            // It may hold a password: then it is not echoed.
            let shown = if text.contains('@') {
                String::new()
            } else {
                format!(" {text:?}")
            };
            Err(hinted(
                format!("{flag}{shown} is not a URL or port"),
                "give a port (3000), host:port, or a URL like http://localhost:3000/webhooks",
            ))
        }
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
    fn sizes_and_targets() {
        assert_eq!(size("25MiB", "--m").unwrap(), 25 << 20);
        assert_eq!(size("1024", "--m").unwrap(), 1024);
        assert_eq!(size("10k", "--m").unwrap(), 10_000);
        assert!(size("lots", "--m").is_err() && size("5 parsecs", "--m").is_err());
        assert_eq!(
            forward_target("3000", "--forward-to").unwrap().as_str(),
            "http://127.0.0.1:3000/"
        );
        assert_eq!(
            forward_target("localhost:8000/hooks", "--forward-to").unwrap().as_str(),
            "http://localhost:8000/hooks"
        );
        assert!(forward_target("ftp://x", "--forward-to").is_err());
        for with_user in [
            "http://bob:s3cret@localhost:3000/x",
            "bob:s3cret@localhost:3000",
            "http://bob@x/",
        ] {
            let e = format!("{:#}", forward_target(with_user, "--forward-to").unwrap_err());
            assert!(e.contains("user name or password") && !e.contains("s3cret"), "{e}");
        }
        let e = format!("{:#}", forward_target("http://bob:s3cret@[x/", "--to").unwrap_err());
        assert!(!e.contains("s3cret"), "{e}");
        for refused in ["notaport", "70000", "0", ""] {
            assert!(
                forward_target(refused, "--forward-to").is_err(),
                "{refused:?} was accepted"
            );
        }
        for taken in [
            "localhost",
            "LocalHost",
            "app:3000",
            "http://app",
            "[::1]:3000",
            "65535",
        ] {
            assert!(forward_target(taken, "--forward-to").is_ok(), "{taken:?} was refused");
        }
        assert!(host("nope").is_err());
    }
}
