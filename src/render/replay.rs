//! `hook replay` output: a line per attempt, the summary, dry-run requests,
//! and the list of built-in fixtures.

use super::shown::safe;
use super::{palette, Printer};
use crate::replay::request::Request;
use crate::replay::responses::Compared;
use crate::replay::tally::Tally;
use crate::replay::Attempt;
use serde_json::json;
use std::io::{self, Write};
use std::time::Duration;

/// One attempt: `#3 stripe invoice.paid evt_… → 200 12 ms`, plus retry and response.
pub fn attempt<W: Write>(p: &mut Printer<W>, a: &Attempt, show_response: bool) -> io::Result<()> {
    if p.json {
        return p.json_written(|line| super::attempt_json::attempt_line(line, a, show_response));
    }
    let what = [a.provider.as_deref(), a.event.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    // A fixture saved from a request holds what its sender wrote: shown, never
    // obeyed (colour codes included).
    let mut line = format!(
        "#{} {}",
        a.delivery,
        palette::provider(&safe(if what.is_empty() { &a.source } else { &what }))
    );
    if let Some(id) = &a.delivery_id {
        line.push_str(&format!(" {}", palette::dim(&safe(id))));
    }
    if a.duplicate {
        line.push_str(&format!(" {}", palette::warn("duplicate")));
    }
    if a.of > 1 {
        line.push_str(&format!(
            " {}",
            palette::dim(&format!("attempt {}/{}", a.attempt, a.of))
        ));
    }
    match (a.status, &a.error) {
        (Some(s), _) => line.push_str(&format!(" → {} {}", palette::status(s), palette::dim(&ms(a.latency)))),
        (None, Some(e)) => line.push_str(&format!(" → {} {}", palette::bad("failed"), safe(e))),
        (None, None) => {}
    }
    if let Some(wait) = a.retry_in {
        line.push_str(&format!(
            ", {}",
            palette::warn(&format!("retry in {}", crate::signature::human_duration(wait)))
        ));
    } else if a.last && !a.ok {
        line.push_str(&format!(" {}", palette::bad("✗")));
    }
    p.line(&line)?;
    if show_response {
        if let Some(body) = &a.response {
            for l in super::body::lines(body, "    ") {
                p.line(&l)?;
            }
        }
    }
    Ok(())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// The end-of-run summary; `negative` says the expected answer was 4xx,
/// `stopped_of` holds the planned number of deliveries when a signal ended
/// the run early, so the verdict speaks only of the deliveries that finished,
/// and `compared` is the `--compare` count.
pub fn summary<W: Write>(
    p: &mut Printer<W>,
    t: &Tally,
    elapsed: Duration,
    negative: bool,
    threads: usize,
    stopped_of: Option<usize>,
    compared: Option<&Compared>,
) -> io::Result<()> {
    let rate = if elapsed.is_zero() {
        0.0
    } else {
        t.deliveries as f64 / elapsed.as_secs_f64()
    };
    let pct = |q: f64| t.percentile(q).map(|d| d.as_secs_f64() * 1000.0);
    if p.json {
        let mut line = json!({
            "type": "summary", "deliveries": t.deliveries, "attempts": t.attempts, "ok": t.ok, "failed": t.failed(),
            "expected": if negative { "4xx" } else { "2xx" }, "by_status": t.by_status(),
            "latency_ms": {"p50": pct(50.0), "p90": pct(90.0), "p99": pct(99.0)},
            "deliveries_per_second": rate, "elapsed_ms": elapsed.as_secs_f64() * 1000.0, "threads": threads,
            "interrupted": stopped_of.is_some(),
        });
        if let Some(planned) = stopped_of {
            line["planned"] = json!(planned);
        }
        if let Some(c) = compared {
            line["differ"] = json!(c.differ);
            line["compared"] = json!(c.total);
            line["not_compared"] = json!(c.not_compared);
        }
        return p.json_line(&line);
    }
    let statuses: Vec<String> = t.by_status().iter().map(|(s, n)| format!("{n}×{s}")).collect();
    p.line(&format!(
        "{}, {} ({}); {} in {:.2} s{}",
        counted(t.deliveries, "delivery", "deliveries"),
        counted(t.attempts, "attempt", "attempts"),
        statuses.join(", "),
        palette::dim(&format!("{rate:.1}/s")),
        elapsed.as_secs_f64(),
        if threads > 1 {
            format!(" on {threads} threads")
        } else {
            String::new()
        }
    ))?;
    if let (Some(p50), Some(p90), Some(p99)) = (pct(50.0), pct(90.0), pct(99.0)) {
        p.line(&format!("latency p50 {p50:.1} ms, p90 {p90:.1} ms, p99 {p99:.1} ms"))?;
    }
    p.line(&verdict(t.deliveries, t.failed(), negative, stopped_of))?;
    match compared {
        Some(c) => p.line(&super::compare::verdict(c)),
        None => Ok(()),
    }
}

/// One sentence on whether the deliveries got the expected answer, with its
/// number agreeing with the count ("the delivery", "2 of 3 deliveries").
fn verdict(total: usize, failed: usize, negative: bool, stopped_of: Option<usize>) -> String {
    let finished = match stopped_of {
        Some(planned) => format!(" (stopped after {total} of {planned})"),
        None => String::new(),
    };
    let (all, some) = if negative {
        ("was not rejected with a 4xx", "were not rejected with a 4xx")
    } else {
        ("did not get a 2xx", "did not get a 2xx")
    };
    let what = if negative { "bad delivery" } else { "delivery" };
    match (failed, total, stopped_of.is_some()) {
        (_, 0, _) => palette::bad(&format!("no delivery was made{finished}")).to_string(),
        (0, _, false) if negative => palette::good("the receiver rejected every bad delivery with a 4xx").to_string(),
        (0, _, false) => palette::good("every delivery got a 2xx").to_string(),
        (0, _, true) if negative => palette::good(&format!(
            "the receiver rejected every finished bad delivery with a 4xx{finished}"
        ))
        .to_string(),
        (0, _, true) => palette::good(&format!("every finished delivery got a 2xx{finished}")).to_string(),
        (1, 1, _) => palette::bad(&format!("the {what} {all}{finished}")).to_string(),
        (n, _, _) => palette::bad(&format!(
            "{n} of {total} {} {some}{finished}",
            if negative { "bad deliveries" } else { "deliveries" }
        ))
        .to_string(),
    }
}

/// `1 delivery`, `2 deliveries`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A request as one JSON line (`--dry-run --json`). A header value that is
/// not UTF-8 is written as a fixture writes it, `{"base64": …}`, so the line
/// holds the bytes sent, as `body_base64` does for a body.
pub fn request_json<W: Write>(p: &mut Printer<W>, r: &Request) -> io::Result<()> {
    let headers: Vec<serde_json::Value> = r
        .headers
        .0
        .iter()
        .map(|(n, v)| match v.raw {
            Some(raw) => {
                json!([n.0, {"base64": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, raw)}])
            }
            None => json!([n.0, v.text.0]),
        })
        .collect();
    let mut v = json!({"type": "request", "method": r.method, "url": r.url, "headers": headers});
    match std::str::from_utf8(&r.body) {
        Ok(text) => v["body"] = json!(text),
        Err(_) => {
            v["body_base64"] = json!(base64::Engine::encode(
                &base64::engine::general_purpose::STANDARD,
                &r.body
            ))
        }
    }
    p.json_line(&v)
}

/// A request as raw HTTP/1.1, exactly as it would be sent.
pub fn http<W: Write>(p: &mut Printer<W>, r: &Request) -> io::Result<()> {
    // Split as the client splits it, so the target printed is the one sent.
    let (host, target) = match crate::http::outgoing::split_url(&r.url) {
        Ok((origin, target)) => (
            origin[url::Position::BeforeHost..url::Position::AfterPort].to_string(),
            target,
        ),
        Err(_) => (String::new(), "/".to_string()),
    };
    let mut head = format!("{} {target} HTTP/1.1\r\nHost: {host}\r\n", r.method).into_bytes();
    // The exact bytes: a header value that is not UTF-8 is printed as it is sent.
    for (n, v) in r.headers.exact() {
        head.extend_from_slice(n.as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(v);
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(format!("Content-Length: {}\r\n\r\n", r.body.len()).as_bytes());
    p.raw(&head)?;
    p.raw(&r.body)?;
    p.raw(b"\n")
}

/// A request as a curl command that sends the same bytes.
pub fn curl<W: Write>(p: &mut Printer<W>, r: &Request) -> io::Result<()> {
    let data = super::curl::Data::Bytes(&r.body);
    p.line(&super::curl::command(r.method, &r.url, r.headers.exact(), data))
}

/// The built-in fixtures: name, provider, event, size.
pub fn fixtures<W: Write>(p: &mut Printer<W>, rows: &[(String, String, String, usize)]) -> io::Result<()> {
    for (name, provider, event, size) in rows {
        if p.json {
            p.json_line(&json!({"type": "fixture", "name": name, "provider": provider, "event": event, "size": size}))?;
        } else {
            // Listed from files a sender's request may have written: shown, never obeyed.
            p.line(&format!(
                "{:<42} {:<12} {}",
                palette::name(&safe(name)).to_string(),
                safe(provider),
                palette::dim(&safe(event))
            ))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::verdict;

    #[test]
    fn the_verdict_agrees_with_its_count_and_says_when_a_run_was_stopped() {
        colored::control::set_override(false);
        assert_eq!(verdict(1, 1, false, None), "the delivery did not get a 2xx");
        assert_eq!(
            verdict(1, 1, true, None),
            "the bad delivery was not rejected with a 4xx"
        );
        assert_eq!(verdict(3, 2, false, None), "2 of 3 deliveries did not get a 2xx");
        assert_eq!(verdict(3, 0, false, None), "every delivery got a 2xx");
        assert_eq!(
            verdict(2, 0, false, Some(100)),
            "every finished delivery got a 2xx (stopped after 2 of 100)"
        );
        assert_eq!(
            verdict(0, 0, false, Some(5)),
            "no delivery was made (stopped after 0 of 5)"
        );
        assert_eq!(
            verdict(4, 1, true, Some(9)),
            "1 of 4 bad deliveries were not rejected with a 4xx (stopped after 4 of 9)"
        );
    }
}
