//! `hook relay` and `hook tunnel` arguments → validated configurations.

use super::{forward_target, positive_duration, scheme_by_name, size};
use crate::cli::{Offline, RelayArgs, TunnelArgs};
use crate::error::hinted;
use crate::inspect::VerifyConfig;
use crate::listen::TlsConfig;
use crate::secret::Secret;
use crate::tunnel::client::TunnelConfig;
use crate::tunnel::relay::RelayConfig;
use crate::tunnel::store::QueueLimits;
use std::time::Duration;

/// Queued requests per channel when `--queue-max` is not given.
const QUEUE_MAX: usize = 1000;
/// Queued bytes per channel when `--queue-bytes` is not given.
const QUEUE_BYTES: &str = "256MiB";

/// The relay's configuration; also whether its token was generated (to print it).
pub fn relay(args: &RelayArgs) -> anyhow::Result<(RelayConfig, bool)> {
    let listen = listen_address(&args.listen)?;
    if args.tokens.iter().any(|t| t.trim().is_empty()) {
        // An empty token would let any tunnel in, which is never what was meant.
        return Err(hinted(
            "an empty token was given (--token or HOOK_RELAY_TOKEN)",
            "make one with `openssl rand -hex 32`, or give neither --token nor HOOK_RELAY_TOKEN to have one generated and printed",
        ));
    }
    let mut tokens: Vec<Secret> = args.tokens.iter().map(Secret::new).collect();
    if let Some(path) = &args.tokens_file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            hinted(
                format!("reading --tokens-file {}: {e}", path.display()),
                "give a file with one token per line",
            )
        })?;
        let before = tokens.len();
        tokens.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(Secret::new),
        );
        if tokens.len() == before {
            // A file was named on purpose: a token made up instead would lock out every tunnel.
            return Err(hinted(
                format!("--tokens-file {} holds no token", path.display()),
                "put one token per line (e.g. `openssl rand -hex 32 >> FILE`); blank lines and # comments are skipped",
            ));
        }
    }
    let queue_max = args.queue_max.unwrap_or(QUEUE_MAX);
    let queue_bytes = size(args.queue_bytes.as_deref().unwrap_or(QUEUE_BYTES), "--queue-bytes")?;
    if args.offline == Offline::Reject {
        // Nothing is queued: a limit on the queue would be accepted and limit nothing.
        let given = [
            ("--queue-max", args.queue_max.is_some()),
            ("--queue-bytes", args.queue_bytes.is_some()),
        ];
        if let Some((flag, _)) = given.iter().find(|(_, given)| *given) {
            return Err(hinted(
                format!("{flag} limits the offline queue, and --offline reject queues nothing"),
                format!("drop {flag}, or leave out --offline reject to queue requests while no tunnel is connected"),
            ));
        }
    }
    if args.offline == Offline::Queue && (queue_max == 0 || queue_bytes == 0) {
        // An empty queue would answer every offline request "queue full".
        let flag = if queue_max == 0 { "--queue-max" } else { "--queue-bytes" };
        return Err(hinted(
            format!("{flag} 0 leaves no room to queue requests while no tunnel is connected"),
            "to turn them away instead, use --offline reject (503 with Retry-After)",
        ));
    }
    // Zero would turn every request away (in flight) or every body (413) and
    // every app answer with one (502): never what was meant.
    if args.max_in_flight == 0 {
        return Err(hinted(
            "--max-in-flight 0 would turn away every request",
            "give how many requests a channel may have in flight at once, e.g. --max-in-flight 256 (the default)",
        ));
    }
    let max_body = size(&args.max_body, "--max-body")?;
    if max_body == 0 {
        return Err(hinted(
            "--max-body 0 allows no body at all: requests with one would get 413, app answers with one 502",
            "give the largest body to carry, e.g. --max-body 25MiB (the default) or 1MiB",
        ));
    }
    let generated = tokens.is_empty();
    if generated {
        tokens.push(saved_or_new_token(args.data_dir.as_deref())?);
    }
    if let Some(url) = &args.public_url {
        check_public_url(url)?;
    }
    let config = RelayConfig {
        listen,
        public_url: args.public_url.clone(),
        tokens,
        data_dir: args.data_dir.clone(),
        tls: match (&args.tls_cert, &args.tls_key) {
            (Some(cert), Some(key)) => Some(TlsConfig::Files {
                cert: cert.clone(),
                key: key.clone(),
            }),
            _ => None,
        },
        queue: QueueLimits {
            max: queue_max,
            bytes: queue_bytes,
            enabled: args.offline == Offline::Queue,
            in_flight: args.max_in_flight,
        },
        max_body,
        heartbeat: heartbeat(&args.heartbeat)?,
        timeout: positive_duration(&args.timeout, "--timeout")?,
        quiet: args.quiet,
    };
    Ok((config, generated))
}

/// `--listen`: an IP address and port, or a host name and port (the name's
/// first IPv4 address, else its first: `localhost` means 127.0.0.1, as senders expect).
fn listen_address(text: &str) -> anyhow::Result<std::net::SocketAddr> {
    use std::net::ToSocketAddrs;
    let hint = "write it as host:port, e.g. 127.0.0.1:9000, 0.0.0.0:443, localhost:0 or [::]:9000";
    if let Ok(addr) = text.parse() {
        return Ok(addr);
    }
    let found: Vec<std::net::SocketAddr> = text
        .to_socket_addrs()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidInput => hinted(format!("--listen {text:?} is not host:port"), hint),
            _ => hinted(format!("--listen {text:?} is not an address: {e}"), hint),
        })?
        .collect();
    found
        .iter()
        .find(|a| a.is_ipv4())
        .or(found.first())
        .copied()
        .ok_or_else(|| hinted(format!("--listen {text:?} names no address"), hint))
}

/// `--public-url` is the base every channel's URL is printed under, so it must
/// be one a sender can post to with something appended: http(s), no user,
/// query or fragment.
fn check_public_url(text: &str) -> anyhow::Result<()> {
    const LIKE: &str = "write it like https://hooks.example.com or https://example.com/hooks";
    // A password in it must not be echoed back: it is named only once it is known to have none.
    let url = url::Url::parse(text).map_err(|_| hinted("--public-url is not a URL", LIKE))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(hinted(
            "--public-url must not carry a user name or password",
            "senders reach the relay without them: give only the scheme, host and path",
        ));
    }
    if !matches!(url.scheme(), "http" | "https") {
        return Err(hinted(
            format!("--public-url {text:?} is not an http or https URL"),
            LIKE,
        ));
    }
    let extra = if url.query().is_some() {
        "a query string"
    } else if url.fragment().is_some() {
        "a fragment"
    } else {
        return Ok(());
    };
    Err(hinted(
        format!("--public-url {text:?} has {extra}"),
        "give the base URL alone: each channel's URL is it followed by /NAME",
    ))
}

/// With `--data-dir`, a generated token is kept there so tunnels survive a relay restart.
fn saved_or_new_token(data_dir: Option<&std::path::Path>) -> anyhow::Result<Secret> {
    use rand::distributions::{Alphanumeric, DistString};
    let path = data_dir.map(|d| d.join("token"));
    if let Some(text) = path.as_ref().and_then(|p| std::fs::read_to_string(p).ok()) {
        return Ok(Secret::new(text.trim()));
    }
    let token = format!("hook_{}", Alphanumeric.sample_string(&mut rand::thread_rng(), 32));
    if let Some(p) = path {
        use crate::tunnel::private;
        private::create_dir_all(p.parent().unwrap_or(std::path::Path::new(".")))
            .and_then(|()| private::write(&p, token.as_bytes()))
            .map_err(|e| {
                hinted(
                    format!("cannot write {}: {e}", p.display()),
                    "choose a writable --data-dir",
                )
            })?;
    }
    Ok(Secret::new(token))
}

/// The tunnel's configuration.
pub fn tunnel(args: &TunnelArgs) -> anyhow::Result<TunnelConfig> {
    let parsed = url::Url::parse(&args.relay);
    let relay = parsed
        .clone()
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https" | "ws" | "wss"))
        .ok_or_else(|| {
            // Text that may hold a password or token is shown redacted, or not at all
            // when it has no host for the redaction to go by.
            let shown = match &parsed {
                _ if !args.relay.contains(['@', '?', '#']) => format!(" {:?}", args.relay),
                Ok(u) if u.has_host() => format!(" {:?}", crate::http::redacted(u)),
                _ => String::new(),
            };
            hinted(
                format!("--relay{shown} is not an http, https, ws or wss URL"),
                "give the relay's URL, e.g. https://hooks.example.com",
            )
        })?;
    if let Some(c) = &args.channel {
        if !crate::tunnel::store::valid_name(c) {
            return Err(hinted(
                format!("--channel {c:?} is not a channel name"),
                "use 1–63 lowercase letters, digits or dashes",
            ));
        }
    }
    if args.token.trim().is_empty() {
        return Err(hinted(
            "an empty token was given (--token or HOOK_RELAY_TOKEN)",
            "pass the token the relay was started with, or the one it printed: --token TOKEN",
        ));
    }
    let secrets: Vec<Secret> = args.secrets.iter().map(Secret::new).collect();
    if args.reject_invalid && secrets.is_empty() {
        return Err(hinted(
            "--reject-invalid checks signatures, and no --secret was given",
            "pass the provider's signing secret with --secret (or HOOK_SECRET), or drop --reject-invalid",
        ));
    }
    Ok(TunnelConfig {
        relay,
        forward: forward_target(&args.forward_to, "--forward-to")?,
        events: super::routes::event_patterns(&args.events)?,
        routes: super::routes::route_targets(&args.routes)?,
        token: Secret::new(&args.token),
        channel: args.channel.clone(),
        timeout: positive_duration(&args.timeout, "--timeout")?,
        insecure: args.insecure,
        cacert: args.cacert.clone(),
        exit_on_disconnect: args.exit_on_disconnect,
        quiet: args.display.quiet,
        save: args.save.clone(),
        heartbeat: heartbeat(&args.heartbeat)?,
        headers: super::headers::added(&args.headers)?,
        verify: VerifyConfig {
            scheme: if args.provider.eq_ignore_ascii_case("auto") {
                None
            } else {
                Some(scheme_by_name(&args.provider, &["auto"])?)
            },
            secrets,
            public_url: None,
            public_url_is_relays: false,
            tolerance: None,
            reject_invalid: args.reject_invalid,
        },
    })
}

/// The shortest `--heartbeat`: below it, a link busy with a large body
/// misses its pongs and is dropped and reconnected over and over.
const MIN_HEARTBEAT: Duration = Duration::from_millis(100);

/// `--heartbeat`: more than zero, and at least [`MIN_HEARTBEAT`].
fn heartbeat(text: &str) -> anyhow::Result<Duration> {
    let d = positive_duration(text, "--heartbeat")?;
    if d < MIN_HEARTBEAT {
        return Err(hinted(
            "--heartbeat must be at least 100ms: shorter, a busy link would miss its pongs and be dropped over and over",
            "e.g. --heartbeat 10s (the default); a dead link is found within two intervals",
        ));
    }
    Ok(d)
}
