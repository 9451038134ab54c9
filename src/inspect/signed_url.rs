//! The URL a URL-signing provider (Twilio, Square, HubSpot) signed, as a
//! received request names it, and what to say when the signature does not
//! match it: the provider signed the URL it called, which a proxy or
//! tunnel in front may have described only in part.

use super::VerifyConfig;
use crate::model::{Capture, HeaderList};
use crate::signature::Verdict;

/// The URL the sender signed: `--public-url` plus the path, or the URL this
/// request names.
pub(super) fn signed_url(c: &Capture, cfg: &VerifyConfig, tls: bool) -> String {
    let path_and_query = match &c.query {
        Some(q) => format!("{}?{q}", c.path),
        None => c.path.clone(),
    };
    match &cfg.public_url {
        Some(base) => format!("{}{path_and_query}", base.trim_end_matches('/')),
        None => named_url(&c.headers, &path_and_query, tls, Some("localhost")).unwrap_or_default(),
    }
}

/// The URL a request names. Behind a tunnel or proxy (ngrok, `hook relay`,
/// a TLS-terminating reverse proxy) that is the public one its
/// `X-Forwarded-Proto`, `X-Forwarded-Host`, `X-Forwarded-Port` and
/// `X-Forwarded-Prefix` give, not the plain local one. `None` when no header names a host and there
/// is no `fallback_host`.
pub fn named_url(headers: &HeaderList, path_and_query: &str, tls: bool, fallback_host: Option<&str>) -> Option<String> {
    // The first proxy's view, as the sender saw it: the first entry of a list.
    let first = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let host = first("x-forwarded-host")
        .or_else(|| headers.get("host"))
        .or(fallback_host)?;
    let scheme = match first("x-forwarded-proto") {
        Some(p) if p.eq_ignore_ascii_case("https") => "https",
        Some(p) if p.eq_ignore_ascii_case("http") => "http",
        _ if tls => "https",
        _ => "http",
    };
    // Proxies that name the port apart (Traefik, AWS load balancers, nginx
    // told to) leave it out of the host: the sender called it with the port.
    let port = first("x-forwarded-port")
        .filter(|p| p.parse::<u16>().is_ok())
        .filter(|p| !has_port(host) && *p != default_port(scheme));
    let host = match port {
        Some(p) => std::borrow::Cow::Owned(format!("{host}:{p}")),
        None => std::borrow::Cow::Borrowed(host),
    };
    // The path a proxy stripped in front of ours (`hook relay` strips its channel):
    // the nearest proxy's, which holds the whole of it, is the last value.
    let prefix = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("x-forwarded-prefix"))
        .filter_map(|(_, v)| v.rsplit(',').next())
        .map(str::trim)
        .last()
        .filter(|p| p.starts_with('/'))
        .map_or("", |p| p.trim_end_matches('/'));
    Some(format!("{scheme}://{host}{prefix}{path_and_query}"))
}

/// True when `host` (as a Host header gives it) ends in a port.
fn has_port(host: &str) -> bool {
    // `[::1]:8443` has one, `[::1]` has none: look after the IPv6 bracket.
    let after = host.rsplit_once(']').map_or(host, |(_, rest)| rest);
    after.contains(':')
}

fn default_port(scheme: &str) -> &'static str {
    if scheme == "https" {
        "443"
    } else {
        "80"
    }
}

/// The headers the URL was rebuilt from, in the order they are used: the
/// host from `X-Forwarded-Host`, else from `Host`.
fn describing(headers: &HeaderList) -> Vec<&'static str> {
    let host = match headers.contains("x-forwarded-host") {
        true => "X-Forwarded-Host",
        false => "Host",
    };
    let named = ["X-Forwarded-Proto", host, "X-Forwarded-Port", "X-Forwarded-Prefix"];
    named.into_iter().filter(|h| headers.contains(h)).collect()
}

/// When `provider` signs URLs and no secret matched the URL checked, say
/// which URL that was and where it came from: behind a proxy or tunnel the
/// likeliest cause is that the URL the provider was given differs (a port
/// or path the proxy left out), which no recomputation here can find. Said
/// only when no other finding already explains the mismatch. `public` names
/// the base URL the check used, if one was given rather than rebuilt;
/// `remedy` is how to give the right URL.
pub fn explain_checked(
    v: &mut Verdict,
    provider: &str,
    url: &str,
    headers: &HeaderList,
    public: Option<&str>,
    remedy: &str,
) {
    let no_match = v
        .problems
        .iter()
        .any(|p| matches!(p, crate::signature::Problem::NoMatch { .. }));
    if !no_match || !v.findings.is_empty() || url.is_empty() {
        return;
    }
    let from = if let Some(base) = public {
        format!("from {base} and the path")
    } else {
        match describing(headers).as_slice() {
            [] => "from the path; the request names no host".to_string(),
            names => format!("from {} and the path", names.join(", ")),
        }
    };
    v.finding(
        "url_checked",
        format!(
            "{provider} signs the URL it called; hook checked {url} ({from}): if {provider} was given \
             another URL (a port or path prefix a proxy left out), pass {remedy}"
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderList {
        let mut h = HeaderList::new();
        for (n, v) in pairs {
            h.push(*n, *v);
        }
        h
    }

    #[test]
    fn a_forwarded_port_goes_into_the_host_unless_it_is_there_or_the_default() {
        let url = |pairs: &[(&str, &str)]| named_url(&headers(pairs), "/sms", false, None).unwrap();
        let proxied = [
            ("Host", "127.0.0.1:3000"),
            ("X-Forwarded-Proto", "https"),
            ("X-Forwarded-Host", "hooks.example.com"),
        ];
        let with = |port: &'static str| [proxied.as_slice(), &[("X-Forwarded-Port", port)]].concat();
        assert_eq!(url(&with("8443")), "https://hooks.example.com:8443/sms");
        assert_eq!(url(&with("443")), "https://hooks.example.com/sms");
        assert_eq!(url(&with("eighty")), "https://hooks.example.com/sms");
        assert_eq!(url(&proxied), "https://hooks.example.com/sms");
        let named = [
            ("X-Forwarded-Host", "hooks.example.com:9443"),
            ("X-Forwarded-Port", "8443"),
        ];
        assert_eq!(url(&named), "http://hooks.example.com:9443/sms");
        assert_eq!(
            url(&[("Host", "[::1]"), ("X-Forwarded-Port", "8080")]),
            "http://[::1]:8080/sms"
        );
        assert_eq!(
            url(&[("Host", "[::1]:81"), ("X-Forwarded-Port", "8080")]),
            "http://[::1]:81/sms"
        );
    }

    #[test]
    fn the_headers_named_are_those_the_url_came_from() {
        let proto_only = headers(&[("Host", "h:1"), ("X-Forwarded-Proto", "https")]);
        assert_eq!(describing(&proto_only), ["X-Forwarded-Proto", "Host"]);
        let all = headers(&[
            ("Host", "h"),
            ("X-Forwarded-Host", "p"),
            ("X-Forwarded-Port", "8443"),
            ("X-Forwarded-Prefix", "/tw"),
        ]);
        assert_eq!(
            describing(&all),
            ["X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix"]
        );
    }
}
