//! Many simulated tunnels in one process, for measuring a relay's capacity
//! (bench/capacity.sh). Not part of the product.
//!
//! `cargo run --release --example swarm -- WS_URL TOKEN COUNT [answer]`
//! connects COUNT tunnels on channels `swarm-0` … and prints `connected N`;
//! with `answer`, each tunnel answers every request 200 at once. Runs until
//! stdin closes.

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use hook::tunnel::protocol::{RelayFrame, TunnelFrame, VERSION};
use tokio_tungstenite::tungstenite::Message;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, token, count, rest @ ..] = args.as_slice() else {
        anyhow::bail!("usage: swarm WS_URL TOKEN COUNT [answer]");
    };
    let count: usize = count.parse()?;
    let answer = rest.first().is_some_and(|a| a == "answer");
    let (done_tx, mut done_rx) = tokio::sync::mpsc::channel::<()>(count.max(1));
    for i in 0..count {
        let (url, token, done) = (url.clone(), token.clone(), done_tx.clone());
        tokio::spawn(async move {
            // Retries are bounded: a tunnel that cannot connect in 20 tries is reported missing.
            for _ in 0..20 {
                if let Ok((mut ws, _)) = tokio_tungstenite::connect_async(url.as_str()).await {
                    let hello = TunnelFrame::Hello {
                        version: VERSION,
                        token: token.clone(),
                        channel: format!("swarm-{i}"),
                    };
                    if ws.send(Message::Binary(hello.encode())).await.is_err() {
                        continue;
                    }
                    if let Some(Ok(Message::Binary(b))) = ws.next().await {
                        if let Ok(RelayFrame::Welcome { .. }) = RelayFrame::decode(b) {
                            let _ = done.send(()).await;
                            serve(ws, answer).await;
                            return;
                        }
                    }
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        });
    }
    drop(done_tx);
    let mut n = 0;
    while n < count && done_rx.recv().await.is_some() {
        n += 1;
    }
    println!("connected {n}");
    let _ = tokio::task::spawn_blocking(|| std::io::Read::read_to_end(&mut std::io::stdin(), &mut Vec::new())).await;
    Ok(())
}

async fn serve(
    ws: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    answer: bool,
) {
    let (mut tx, mut rx) = ws.split();
    while let Some(Ok(msg)) = rx.next().await {
        if let (true, Message::Binary(b)) = (answer, msg) {
            if let Ok(RelayFrame::Request { id, .. }) = RelayFrame::decode(b) {
                let reply = TunnelFrame::Response {
                    id,
                    status: 200,
                    reason: None,
                    headers: vec![],
                    body: Bytes::new(),
                };
                if tx.send(Message::Binary(reply.encode())).await.is_err() {
                    return;
                }
            }
        }
    }
}
