//! `hook tunnel --reject-invalid`: a request that is not validly signed is
//! answered 401 by the tunnel and never reaches the app, as `hook listen
//! --reject-invalid` does, so a public URL that others find cannot drive it.

use super::protocol::Header;
use crate::http::origin::RawAnswer;
use crate::inspect::{self, VerifyConfig};
use crate::model::{Capture, CheckKind, HeaderList};
use crate::signature::body_view::BodyView;
use bytes::Bytes;
use std::time::Duration;

/// A request as it reached the tunnel.
pub(super) struct Received<'a> {
    pub method: &'a str,
    pub target: &'a str,
    pub headers: &'a [Header],
    pub body: &'a Bytes,
    /// Delivered from the relay's offline queue.
    pub queued: bool,
    /// The relay was reached over TLS (some schemes sign the URL).
    pub tls: bool,
}

/// The 401 and the screen's note for a request `--reject-invalid` refuses;
/// `None` to forward it (valid, or the flag not given).
pub(super) fn refusal(verify: &VerifyConfig, r: &Received) -> Option<(RawAnswer, String)> {
    if !verify.reject_invalid {
        return None;
    }
    let mut c = Capture::arrived(
        0,
        r.method.to_string(),
        r.target,
        HeaderList::shown(r.headers),
        r.body.clone(),
    );
    // A subscription check's GET is never signed by its sender.
    if r.method == "GET" && crate::listen::challenge(c.query.as_deref()).is_some() {
        return None;
    }
    // A queued request waited at the relay while no tunnel was connected: its
    // age says when it was sent, not whether it is genuine.
    let aged;
    let verify = if r.queued {
        aged = VerifyConfig {
            tolerance: Some(Duration::ZERO),
            ..verify.clone()
        };
        &aged
    } else {
        verify
    };
    inspect::inspect(&mut c, &BodyView::of(r.body), verify, r.tls);
    let why = match c.check.kind {
        CheckKind::Invalid => "invalid signature",
        CheckKind::Unsigned => "no signature",
        _ => return None,
    };
    let answer = RawAnswer::text(401, format!("{why}\n"));
    let note = format!(
        "rejected (--reject-invalid): {}; answered 401, not forwarded",
        c.check.reason.as_deref().unwrap_or(why)
    );
    Some((answer, note))
}
