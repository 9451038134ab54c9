//! How protocol frames travel over a link's WebSocket: batched writes, and
//! buffer and frame-size settings.

use super::FRAME_OVERHEAD;
use bytes::Bytes;

/// Send `first` and every frame already waiting behind it, then flush once:
/// under load many frames share one write, instead of a system call each.
/// Returns false when the link is broken.
pub async fn send_batch<S>(sink: &mut S, first: Bytes, waiting: &mut tokio::sync::mpsc::Receiver<Bytes>) -> bool
where
    S: futures_util::Sink<tokio_tungstenite::tungstenite::Message> + Unpin,
{
    use futures_util::SinkExt;
    use tokio_tungstenite::tungstenite::Message;
    if sink.feed(Message::Binary(first)).await.is_err() {
        return false;
    }
    // Bounded: at most a channel's worth of frames per flush.
    for _ in 0..64 {
        match waiting.try_recv() {
            Ok(frame) => {
                if sink.feed(Message::Binary(frame)).await.is_err() {
                    return false;
                }
            }
            Err(_) => break,
        }
    }
    sink.flush().await.is_ok()
}

/// Read buffer per link: small, because a relay holds thousands of mostly
/// idle links and this one is allocated up front (the library's 128 KiB
/// default costs 1.3 GiB at 10,000 links); large frames still pass, read in
/// more steps.
const LINK_BUFFER: usize = 8 * 1024;
/// How much a link gathers before writing. The write buffer grows only as
/// frames fill it, so an idle link pays nothing; a busy one writes a batch of
/// sixteen 1 KiB requests in one system call instead of three (paired runs
/// at c16: 6 % more requests per second, lower latency at c1 too).
const LINK_WRITE_BATCH: usize = 64 * 1024;

/// WebSocket settings for a body limit: frames may hold a whole body.
pub fn ws_config(max_body: usize) -> tokio_tungstenite::tungstenite::protocol::WebSocketConfig {
    let max = max_body.saturating_add(FRAME_OVERHEAD);
    tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
        .max_message_size(Some(max))
        .max_frame_size(Some(max))
        .read_buffer_size(LINK_BUFFER)
        .write_buffer_size(LINK_WRITE_BATCH)
}

/// How long the side that closes a link waits for the other's Close.
pub const CLOSE_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// Close the link as WebSocket asks: send Close, then read until the other
/// side's Close (or the end, or [`CLOSE_WAIT`]). Dropping the connection
/// straight after sending would reset it under the other side's reply, which
/// then reports a broken link instead of a closed one.
pub async fn close<K, R>(sink: &mut K, stream: &mut R)
where
    K: futures_util::Sink<tokio_tungstenite::tungstenite::Message> + Unpin,
    R: futures_util::Stream<
            Item = Result<tokio_tungstenite::tungstenite::Message, tokio_tungstenite::tungstenite::Error>,
        > + Unpin,
{
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    if sink.send(Message::Close(None)).await.is_err() {
        return;
    }
    let _ = tokio::time::timeout(CLOSE_WAIT, async {
        while let Some(Ok(message)) = stream.next().await {
            if matches!(message, Message::Close(_)) {
                break;
            }
        }
    })
    .await;
}
