//! A tunnel whose output nobody reads, through the real binaries: requests
//! waiting to be shown are bounded (64 MiB of bodies), so delivery slows down
//! instead of memory filling up, and once the output is read again every
//! request reaches the app and is shown. Nothing is lost.

mod tunnel_support;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use tunnel_support::*;

const TOKEN: &str = "backlog-token-8b3f";
/// Bodies of 4 MiB: 64 MiB of backlog holds 15 of them (each counts 1 KiB more).
const BODY: usize = 4 << 20;
const SENT: usize = 24;

#[test]
fn unread_output_slows_delivery_and_loses_nothing() {
    let rt = rt();
    let app = App::start(&rt);
    // Senders whose request waits in the tunnel get 504 after 1 s instead of hanging.
    let relay = Relay::start(&["--token", TOKEN, "--timeout", "1s"]);
    let mut child = hermetic::hook()
        .args([
            "tunnel",
            "--json",
            "--relay",
            &relay.url,
            "--token",
            TOKEN,
            "--channel",
            "backlog",
            "-f",
            &app.url,
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn hook tunnel");
    let connected = relay.p.expect("connected", WAIT);
    assert_eq!(connected["channel"], "backlog", "{connected}");

    // Eight senders at a time, every body different; nobody reads the tunnel's stdout.
    let statuses: Vec<u16> = rt.block_on(async {
        let mut sent = Vec::new();
        for round in 0..SENT / 8 {
            let batch = (0..8).map(|i| {
                let body = vec![b'a' + (round * 8 + i) as u8; BODY];
                tokio::spawn(async move { post(relay.addr, "/backlog/big", &body).await.status })
            });
            for task in batch.collect::<Vec<_>>() {
                sent.push(task.await.expect("sender"));
            }
        }
        sent
    });
    let held = app.seen().len();
    assert!(
        (14..=18).contains(&held),
        "the app got {held} of {SENT} requests while the tunnel's output was unread; \
         64 MiB of backlog holds about 16 of them (statuses {statuses:?})"
    );
    assert!(
        statuses.contains(&504),
        "later senders should wait, then get 504: {statuses:?}"
    );

    // Read the output again: the waiting requests go through, each shown once.
    let stdout = child.stdout.take().expect("stdout");
    let (tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.starts_with(r#"{"type":"request""#) && tx.send(()).is_err() {
                break;
            }
        }
    });
    let shown = (0..SENT).take_while(|_| lines.recv_timeout(WAIT * 3).is_ok()).count();
    assert_eq!(shown, SENT, "every request is shown");
    let mut shas: Vec<[u8; 32]> = app.seen().iter().map(|s| s.sha).collect();
    shas.sort();
    shas.dedup();
    assert_eq!(
        (app.seen().len(), shas.len()),
        (SENT, SENT),
        "each request reaches the app exactly once"
    );
    let _ = child.kill();
    let _ = child.wait();
}
