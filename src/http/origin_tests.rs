use super::*;

/// A client TLS config that trusts nothing: these tests speak plain HTTP.
pub(super) fn tls() -> Arc<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocols")
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    Arc::new(config)
}

#[test]
fn urls_split_into_origin_and_exact_target() {
    let (client, target) = OriginClient::for_url("http://127.0.0.1:9/base/?x=%2F", tls()).unwrap();
    assert_eq!(target, "/base/?x=%2F");
    assert_eq!(client.target_in("http://127.0.0.1:9/a/../b?q"), Some("/a/../b?q"));
    assert_eq!(client.target_in("http://127.0.0.1:90/a"), None, "another port");
    assert_eq!(client.target_in("http://127.0.0.1:9?q"), None, "not a path");
    let (o, t) = split_url("https://Example.com/a/./b").unwrap();
    assert!(client.serves(&url::Url::parse("http://127.0.0.1:9/").unwrap()));
    assert!(!client.serves(&o));
    assert_eq!(t, "/a/./b", "dot segments kept");
    assert!(split_url("/relative").is_err());
}

/// What the test app does with each request it reads, in the order they come.
#[derive(Clone, Copy)]
enum Act {
    /// A whole answer, keeping the connection open.
    Answer,
    /// Close without a byte: the app closed the idle connection as the request came.
    Close,
    /// The first line of an answer, then close: the app had the request.
    CloseMidHead,
    /// `101 Switching Protocols`, then what a WebSocket server does: reads
    /// what comes as frames, never as a request, and answers nothing.
    Switch,
    /// Interim answers (100, 102, 103), then a whole answer.
    Interim,
    /// `100 Continue` over and over, never a final answer.
    EndlessInterim,
}

/// An app on 127.0.0.1:0 acting on its requests as `acts` says (then
/// answering); its port and the connections and requests it has seen.
async fn app(acts: Vec<Act>) -> (u16, Arc<Mutex<(usize, usize)>>) {
    use tokio::io::AsyncWriteExt;
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = socket.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new((0, 0)));
    let counts = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut conn, _)) = socket.accept().await {
            let (seen, acts) = (counts.clone(), acts.clone());
            seen.lock().unwrap().0 += 1;
            tokio::spawn(async move {
                while read_request(&mut conn).await {
                    let n = {
                        let mut seen = seen.lock().unwrap();
                        seen.1 += 1;
                        seen.1 - 1
                    };
                    match acts.get(n).copied().unwrap_or(Act::Answer) {
                        Act::Answer => {
                            let _ = conn.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").await;
                        }
                        Act::Close => return,
                        Act::CloseMidHead => {
                            let _ = conn.write_all(b"HTTP/1.1 200 OK\r\n").await;
                            return;
                        }
                        Act::Switch => {
                            let switch = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
                            let _ = conn.write_all(switch).await;
                            let mut sink = tokio::io::sink();
                            let _ = tokio::io::copy(&mut conn, &mut sink).await;
                            return;
                        }
                        Act::Interim => {
                            let interim = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n\
                                            HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n";
                            let _ = conn.write_all(interim).await;
                            let _ = conn.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").await;
                        }
                        Act::EndlessInterim => {
                            // Bounded: far more than the client takes, then close.
                            for _ in 0..1000 {
                                if conn.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").await.is_err() {
                                    break;
                                }
                            }
                            return;
                        }
                    }
                }
            });
        }
    });
    (port, seen)
}

/// Read one request: its head and, as `send_to` sends, a 2-byte body; false when the connection ends first.
async fn read_request(conn: &mut tokio::net::TcpStream) -> bool {
    use tokio::io::AsyncReadExt;
    let (mut got, mut chunk) = (Vec::new(), [0u8; 4096]);
    loop {
        if let Some(i) = got.windows(4).position(|w| w == b"\r\n\r\n") {
            if got.len() >= i + 4 + 2 {
                return true;
            }
        }
        match conn.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => got.extend_from_slice(&chunk[..n]),
        }
    }
}

async fn send_to(client: &OriginClient) -> Result<RawAnswer, ExchangeError> {
    let body = Bytes::from_static(b"hi");
    let send = client.send("POST", "/", &[("X-A", "1")], &body, 1024);
    tokio::time::timeout(std::time::Duration::from_secs(10), send)
        .await
        .expect("an answer within 10 s")
}

#[tokio::test]
async fn a_request_the_app_never_answered_goes_again_on_a_fresh_connection() {
    let (port, seen) = app(vec![Act::Answer, Act::Close]).await;
    let (client, _) = OriginClient::for_url(&format!("http://127.0.0.1:{port}/"), tls()).unwrap();
    assert_eq!(send_to(&client).await.unwrap().body, "ok");
    // The pooled connection is open when taken, and closes as the request comes.
    assert_eq!(send_to(&client).await.unwrap().body, "ok");
    assert_eq!(*seen.lock().unwrap(), (2, 3));
}

#[tokio::test]
async fn an_answer_that_broke_off_is_not_sent_again() {
    let (port, seen) = app(vec![Act::Answer, Act::CloseMidHead]).await;
    let (client, _) = OriginClient::for_url(&format!("http://127.0.0.1:{port}/"), tls()).unwrap();
    send_to(&client).await.unwrap();
    let err = send_to(&client).await.unwrap_err();
    assert!(matches!(err, ExchangeError::Broken(_)), "{err}");
    assert_eq!(
        *seen.lock().unwrap(),
        (1, 2),
        "the app had the request: it must not get it twice"
    );
}

/// An app that switched protocols (101) had the request: the exchange fails,
/// is not sent again, and its connection, no longer HTTP, never carries
/// another request (which the app would read as frames and never answer).
#[tokio::test]
async fn a_switch_of_protocols_fails_and_the_connection_is_not_reused() {
    let (port, seen) = app(vec![Act::Switch, Act::Answer]).await;
    let (client, _) = OriginClient::for_url(&format!("http://127.0.0.1:{port}/"), tls()).unwrap();
    let err = send_to(&client).await.unwrap_err();
    assert!(matches!(err, ExchangeError::Switched), "{err}");
    assert_eq!(
        err.to_string(),
        "the app switched protocols (101 Switching Protocols), which hook does not relay"
    );
    assert!(
        client.idle.lock().unwrap().is_empty(),
        "the switched connection was pooled"
    );
    assert_eq!(send_to(&client).await.unwrap().body, "ok");
    assert_eq!(
        *seen.lock().unwrap(),
        (2, 2),
        "the second request went on a fresh connection"
    );
}

/// Interim answers before the real one are skipped as before, and the
/// connection carries the next request.
#[tokio::test]
async fn interim_answers_are_skipped_and_the_connection_kept() {
    let (port, seen) = app(vec![Act::Interim, Act::Answer]).await;
    let (client, _) = OriginClient::for_url(&format!("http://127.0.0.1:{port}/"), tls()).unwrap();
    let first = send_to(&client).await.unwrap();
    assert_eq!((first.status, &first.body[..]), (200, &b"ok"[..]));
    assert_eq!(send_to(&client).await.unwrap().body, "ok");
    assert_eq!(*seen.lock().unwrap(), (1, 2), "both requests on one connection");
}

#[tokio::test]
async fn a_pooled_connection_the_app_closed_is_seen_closed() {
    use tokio::io::AsyncWriteExt;
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = socket.local_addr().unwrap().port();
    let (closed, was_closed) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (mut conn, _) = socket.accept().await.unwrap();
        read_request(&mut conn).await;
        let _ = conn.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").await;
        drop(conn);
        let _ = closed.send(());
    });
    let (client, _) = OriginClient::for_url(&format!("http://127.0.0.1:{port}/"), tls()).unwrap();
    send_to(&client).await.unwrap();
    was_closed.await.unwrap();
    let mut conn = client.idle.lock().unwrap().pop().expect("a pooled connection");
    // The close is known once the runtime has read the socket's events: each
    // yield lets it do so once (a bounded wait for readiness, not a sleep).
    let mut seen = false;
    for _ in 0..100 {
        if conn.is_closed() {
            seen = true;
            break;
        }
        tokio::task::yield_now().await;
    }
    assert!(seen, "the app's close was not seen");
    client.idle.lock().unwrap().push(conn);
    assert!(client.idle_conn().is_none(), "a closed connection came out of the pool");
}

#[tokio::test]
async fn an_app_that_only_sends_interim_answers_fails_the_exchange() {
    let (port, _) = app(vec![Act::EndlessInterim]).await;
    let (client, _) = OriginClient::for_url(&format!("http://127.0.0.1:{port}/"), tls()).unwrap();
    let failed = send_to(&client).await.expect_err("no final answer");
    assert!(
        failed.to_string().contains("more than 16 interim (1xx) answers"),
        "{failed}"
    );
}
