//! Where hook sends requests: `--forward-to` (listen, tunnel) and replay's `--to`.

use crate::error::hinted;

/// Where to send requests (`--forward-to`, replay's `--to`): a port
/// (`3000`), `host:port`, or a full http(s) URL. `flag` names the flag in errors.
pub fn forward_target(text: &str, flag: &str) -> anyhow::Result<url::Url> {
    // A port alone, or a port with a path on this machine: `3000`, `:3000`,
    // `3000/hooks`, `:3000/hooks?x`. The url crate would read the bare number
    // as an IPv4 address (3000 is 0.0.11.184, 70000 is 0.1.17.112).
    let (head, rest) = text.find(['/', '?']).map_or((text, ""), |at| text.split_at(at));
    let port = head.strip_prefix(':').unwrap_or(head);
    let all_digits = !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit());
    if all_digits && !matches!(port.parse::<u16>(), Ok(1..)) {
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
        format!("http://127.0.0.1:{port}{rest}")
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
        Ok(u) if u.port() == Some(0) => Err(hinted(
            format!("{flag} {text:?} names port 0, which nothing can be reached on"),
            "give the port your app listens on, e.g. localhost:3000",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_and_urls() {
        assert_eq!(
            forward_target("3000", "--forward-to").unwrap().as_str(),
            "http://127.0.0.1:3000/"
        );
        assert_eq!(
            forward_target("localhost:8000/hooks", "--forward-to").unwrap().as_str(),
            "http://localhost:8000/hooks"
        );
        // A port with a path is on this machine, never an IPv4 address
        // spelled as one number.
        for (given, url) in [
            ("3000/hooks", "http://127.0.0.1:3000/hooks"),
            (":3000", "http://127.0.0.1:3000/"),
            (":3000/a/b?x=1", "http://127.0.0.1:3000/a/b?x=1"),
            ("3000?x", "http://127.0.0.1:3000/?x"),
        ] {
            assert_eq!(forward_target(given, "-f").unwrap().as_str(), url, "{given}");
        }
        for refused in ["70000/hooks", ":0", ":", "0/x"] {
            let e = format!("{:#}", forward_target(refused, "-f").unwrap_err());
            assert!(e.contains("port") || e.contains("URL"), "{refused}: {e}");
        }
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
        for refused in ["notaport", "70000", "0", "", "localhost:0", "http://127.0.0.1:0/x"] {
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
    }
}
