//! `hook relay` and `hook tunnel` status lines (requests on the tunnel use `capture`).

use super::shown::safe;
use super::{palette, Printer};
use crate::model::{RelayEvent, TunnelEvent};
use serde_json::json;
use std::io::{self, Write};

/// The relay's first line(s): where senders and tunnels go, and a generated token.
pub fn relay_ready<W: Write>(
    p: &mut Printer<W>,
    url: &str,
    ws_url: &str,
    address: &str,
    token: Option<&str>,
) -> io::Result<()> {
    if p.json {
        return p
            .json_line(&json!({"type": "ready", "url": url, "ws_url": ws_url, "address": address, "token": token}));
    }
    p.line(&format!(
        "{} {url}/<channel>/…  {}",
        palette::good("hook relay: webhooks to"),
        palette::dim("(Ctrl-C to stop)")
    ))?;
    p.line(&format!("  {} {ws_url}", palette::name("tunnels connect to")))?;
    if !url.contains(address) {
        // Behind --public-url the bound address is not in the URLs above.
        p.line(&format!("  {} {address}", palette::name("listening on")))?;
    }
    if let Some(t) = token {
        p.line(&format!(
            "  {} {t}  {}",
            palette::name("token"),
            palette::dim("(generated: pass it to hook tunnel --token)")
        ))?;
    }
    Ok(())
}

/// One relay event.
pub fn relay_event<W: Write>(p: &mut Printer<W>, e: &RelayEvent) -> io::Result<()> {
    match e {
        RelayEvent::Connected { channel, queued } => {
            if p.json {
                return p.json_line(&json!({"type": "connected", "channel": channel, "queued": queued}));
            }
            p.line(&format!(
                "{} {channel} ({queued} queued)",
                palette::good("tunnel connected:")
            ))
        }
        RelayEvent::Disconnected { channel, reason } => {
            if p.json {
                return p.json_line(&json!({"type": "disconnected", "channel": channel, "reason": reason}));
            }
            p.line(&format!("{} {channel}: {reason}", palette::warn("tunnel gone:")))
        }
        RelayEvent::Refused { reason } => {
            if p.json {
                return p.json_line(&json!({"type": "refused", "reason": reason}));
            }
            p.line(&format!("{} {reason}", palette::bad("tunnel refused:")))
        }
        RelayEvent::Notice { channel, message } => {
            if p.json {
                return p.json_line(&json!({"type": "notice", "channel": channel, "message": message}));
            }
            p.line(&format!("{} {message}", palette::warn(&format!("channel {channel}:"))))
        }
        RelayEvent::Request {
            channel,
            method,
            target,
            status,
        } => {
            if p.json {
                // One line per relayed request: serialised from borrowed fields, no JSON tree.
                #[derive(serde::Serialize)]
                struct Line<'a> {
                    r#type: &'static str,
                    channel: &'a str,
                    method: &'a str,
                    target: &'a str,
                    status: u16,
                }
                return p.json_line(&Line {
                    r#type: "request",
                    channel,
                    method,
                    target,
                    status: *status,
                });
            }
            p.line(&format!(
                "{} {} {} → {}",
                safe(channel),
                safe(method),
                safe(target),
                palette::status(*status)
            ))
        }
    }
}

/// Where the tunnel sends requests, for its ready line.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    /// `-f`'s URL: what no route takes.
    pub forward_to: String,
    /// `--route`s: each pattern and its app's URL, in order.
    pub routes: Vec<(String, String)>,
    /// `-e/--events` patterns; empty for every event.
    pub events: Vec<String>,
}

/// A tunnel status line (ready, reconnected, link lost).
pub fn tunnel_status<W: Write>(p: &mut Printer<W>, e: &TunnelEvent, to: &Targets) -> io::Result<()> {
    let forward_to = &to.forward_to;
    match e {
        TunnelEvent::Ready { url, channel, again } => {
            if p.json {
                let kind = if *again { "reconnected" } else { "ready" };
                let routes: Vec<_> = to
                    .routes
                    .iter()
                    .map(|(events, to)| json!({"events": events, "to": to}))
                    .collect();
                return p.json_line(
                    &json!({"type": kind, "url": url, "channel": channel, "forward_to": forward_to,
                    "routes": routes, "events": to.events}),
                );
            }
            let label = if *again { "hook tunnel back:" } else { "hook tunnel:" };
            p.line(&format!("{} {url} → {forward_to}", palette::good(label)))?;
            if *again {
                return Ok(());
            }
            super::listen::route_lines(p, &to.routes)?;
            super::listen::events_line(p, &to.events, "answered 200 by the tunnel")
        }
        TunnelEvent::Lost { reason, retry_in } => {
            if p.json {
                return p.json_line(
                    &json!({"type": "link_lost", "reason": reason, "retry_in_ms": retry_in.map(|d| d.as_millis())}),
                );
            }
            match retry_in {
                Some(d) => p.line(&format!(
                    "{} {reason}; reconnecting in {}",
                    palette::warn("link lost:"),
                    crate::signature::human_duration(*d)
                )),
                None => p.line(&format!("{} {reason}", palette::bad("link lost:"))),
            }
        }
        TunnelEvent::Retrying {
            target,
            reason,
            retry_in,
        } => {
            if p.json {
                return p.json_line(&json!({"type": "queued_retry", "target": target, "reason": reason, "retry_in_ms": retry_in.as_millis()}));
            }
            p.line(&format!(
                "{} {target}: {reason}; trying again in {}",
                palette::warn("queued"),
                crate::signature::human_duration(*retry_in)
            ))
        }
        TunnelEvent::Request(_) => Ok(()),
    }
}
