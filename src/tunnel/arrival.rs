//! A request the tunnel carried, on its way to the screen.
//!
//! The link's thread only moves the request's parts here; turning them into a
//! [`Capture`] and inspecting it (provider, event, signature verdict) happens
//! on the screen's thread, so that work never delays the next request.

use super::protocol::Header;
use crate::inspect::{self, SeenDeliveries, VerifyConfig};
use crate::model::{Capture, Forwarded, HeaderList};
use crate::signature::body_view::BodyView;
use bytes::Bytes;
use std::sync::Arc;
use std::time::SystemTime;
use tokio::sync::OwnedSemaphorePermit;

/// One request carried to the app, and what became of it.
#[derive(Debug)]
pub struct Arrival {
    /// Number in arrival order, counted whether shown or not.
    pub seq: u64,
    /// When the relay's frame arrived.
    pub received: SystemTime,
    /// Method, as sent.
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Headers as they came off the wire.
    pub headers: Vec<Header>,
    /// Raw body.
    pub body: Bytes,
    /// Status the sender got (or, for a queued request, the app's).
    pub status: u16,
    /// Delivered from the relay's offline queue.
    pub queued: bool,
    /// The app answered after the relay's timeout (this long): the sender got 504.
    pub late: Option<std::time::Duration>,
    /// The app's answer or why there was none; `None` when skipped.
    pub forwarded: Option<Forwarded>,
    /// Why `-e/--events` left it out, when it did: the tunnel answered.
    pub skipped: Option<String>,
    /// `--reject-invalid` answered it 401 (`skipped` says why).
    pub rejected: bool,
    /// Secrets and scheme to check the signature with.
    pub verify: Arc<VerifyConfig>,
    /// The relay was reached over TLS (some schemes sign the URL).
    pub tls: bool,
    /// Its share of the screen's backlog, given back once shown.
    pub held: Option<OwnedSemaphorePermit>,
}

/// The bytes that requests waiting to be shown may hold together.
pub const BACKLOG_BYTES: usize = 64 << 20;

/// What one request holds of [`BACKLOG_BYTES`]: its body and a share for the
/// rest, so that many empty requests are bounded too. A body larger than the
/// whole budget takes all of it.
pub fn cost(body: &[u8]) -> u32 {
    (body.len().saturating_add(1024).min(BACKLOG_BYTES)) as u32
}

impl Arrival {
    /// The capture `hook listen` would show for this request, inspected and
    /// flagged as a duplicate when `seen` has its delivery id.
    pub fn inspected(self, seen: &mut SeenDeliveries) -> Capture {
        let (headers, raw_values) = HeaderList::received(&self.headers);
        let mut capture = Capture::arrived(self.seq, self.method, &self.target, headers, self.body);
        capture.raw_values = raw_values;
        capture.received = self.received;
        capture.status = self.status;
        capture.note = match (self.queued, self.late) {
            (true, _) => Some("delivered from the relay's queue".to_string()),
            (false, Some(t)) => Some(format!(
                "the app answered after the relay's --timeout of {}: the sender had already been answered 504",
                crate::signature::human_duration(t)
            )),
            (false, None) => None,
        };
        capture.forwarded = self.forwarded;
        if let Some(note) = self.skipped {
            capture.skipped = true;
            capture.note = Some(note);
        }
        capture.rejected = self.rejected;
        let body = capture.body.clone();
        inspect::inspect(&mut capture, &BodyView::of(&body), &self.verify, self.tls);
        seen.flag(&mut capture);
        capture
    }
}
