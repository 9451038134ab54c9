//! `hook relay` answers HEAD requests on a kept-alive connection with
//! headers and no body, so the next answer on the connection reads clean;
//! through a live tunnel, HEAD reaches the app.

mod tunnel_support;

use tunnel_support::*;

const TOKEN: &str = "head-token-7a1f";

/// `HEAD target` then `GET /` on one connection, pipelined; the two answers as
/// read off the wire: the HEAD answer's head, and everything after it.
async fn head_then_get(addr: std::net::SocketAddr, target: &str) -> (String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let raw =
        format!("HEAD {target} HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    s.write_all(raw.as_bytes()).await.expect("write");
    let mut buf = Vec::new();
    let read = tokio::time::timeout(WAIT, s.read_to_end(&mut buf)).await;
    let text = String::from_utf8_lossy(&buf).into_owned();
    assert!(read.is_ok(), "no answers within {WAIT:?}: {text}");
    let end = text.find("\r\n\r\n").unwrap_or_else(|| panic!("no head: {text}")) + 4;
    (text[..end].to_string(), text[end..].to_string())
}

/// The length a head says, as text.
fn length(head: &str) -> Option<&str> {
    head.lines()
        .find_map(|l| {
            l.split_once(':')
                .filter(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        })
        .map(|(_, v)| v.trim())
}

#[test]
fn the_relays_own_answers_to_head_have_no_body() {
    let rt = rt();
    let app = App::start(&rt);
    let relay = Relay::start(&["--token", TOKEN]);
    let (mut gone, _) = tunnel(&relay.url, TOKEN, Some("away"), &app.url, &[]);
    relay.p.expect("connected", WAIT);
    gone.kill9();
    relay.p.expect("disconnected", WAIT);
    let (_live, _) = tunnel(&relay.url, TOKEN, Some("live"), &app.url, &[]);
    let get_root = rt.block_on(send_raw(
        relay.addr,
        b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    ));
    let cases = [
        ("/", "HTTP/1.1 200 "),
        ("/nobody/x", "HTTP/1.1 404 "),
        ("/Upper/x", "HTTP/1.1 404 "),
        ("/away/x", "HTTP/1.1 202 "),
        ("/_hook/tunnel", "HTTP/1.1 400 "),
        ("/live/x", "HTTP/1.1 "), // the app's answer, through the tunnel
    ];
    for (target, status) in cases {
        let (head, rest) = rt.block_on(head_then_get(relay.addr, target));
        assert!(head.starts_with(status), "HEAD {target}: {head}");
        if target == "/_hook/tunnel" {
            // That answer closes the connection: the GET is never read.
            assert_eq!(rest, "", "HEAD {target}: a body followed");
            continue;
        }
        assert!(
            rest.starts_with("HTTP/1.1 200 "),
            "HEAD {target}: a body followed: {rest:?}"
        );
        assert!(rest.ends_with("Send them to /<channel>/<path>.\n"), "{rest:?}");
        if target == "/" {
            assert_eq!(length(&head), Some(get_root.body.len().to_string().as_str()), "{head}");
        }
    }
    assert_eq!(
        app.targets(),
        ["/x"],
        "the HEAD through the live tunnel reached the app"
    );
}
