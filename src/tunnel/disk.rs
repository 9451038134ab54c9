//! The relay's queue on disk (`--data-dir`): one file per queued request,
//! written durably, and each channel's owner.

use super::protocol::RelayFrame;
use super::store::{valid_name, Channel, Notice, Queued};
use bytes::Bytes;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What `load` found under `--data-dir`.
pub(super) struct Loaded {
    /// Every channel saved, with its queue in order.
    pub channels: HashMap<String, Channel>,
    /// The highest request id among the queued requests.
    pub max_id: u64,
    /// Queue files set aside, and why: for the relay's output.
    pub notes: Vec<Notice>,
}

/// Every channel saved under `dir`, with its queue in order. A queue file
/// that is not a request this relay wrote is set aside, never sent: sent, it
/// would close the tunnel's link on every reconnect and block the channel.
pub(super) fn load(dir: &Path) -> anyhow::Result<Loaded> {
    let mut channels = HashMap::new();
    let mut max_id = 0;
    let mut notes = Vec::new();
    let root = dir.join("channels");
    super::private::create_closed_dir(&root).map_err(|e| {
        crate::error::hinted(
            format!("cannot use --data-dir {}: {e}", dir.display()),
            "choose a writable directory",
        )
    })?;
    for entry in std::fs::read_dir(&root)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !valid_name(&name) {
            continue;
        }
        let mut ch = Channel::default();
        if let Ok(owner) = std::fs::read_to_string(entry.path().join("owner")) {
            if let Some(digest) = hex::decode(owner.trim())
                .ok()
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
            {
                ch.owner = digest;
            }
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(entry.path().join("queue"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            // A `.tmp` file is a write that never finished: its request never got a 202.
            .filter(|p| p.extension().is_some_and(|x| x == "frame"))
            .collect();
        files.sort();
        for f in files {
            match queued_request(&f) {
                Ok(q) => {
                    max_id = max_id.max(q.id);
                    ch.queue_bytes += q.frame.len() as u64;
                    ch.queue.push_back(q);
                }
                Err(why) => notes.push(Notice {
                    channel: name.clone(),
                    message: set_aside(&f, &why),
                }),
            }
        }
        channels.insert(name, ch);
    }
    Ok(Loaded {
        channels,
        max_id,
        notes,
    })
}

/// The queued request in `file`, checked the way the tunnel will decode it:
/// a Request frame, marked queued, with the id its file name gives (the
/// tunnel acknowledges that id, and only then is the file removed).
fn queued_request(file: &Path) -> Result<Queued, String> {
    let id = file
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.parse::<u64>().ok())
        .ok_or("its name is not a request id")?;
    let frame = Bytes::from(std::fs::read(file).map_err(|e| format!("cannot read it: {e}"))?);
    match RelayFrame::decode(frame.clone()) {
        Ok(RelayFrame::Request { id: inner, queued, .. }) if inner == id && queued => Ok(Queued { id, frame }),
        Ok(RelayFrame::Request {
            id: inner,
            queued: true,
            ..
        }) => Err(format!("it holds request {inner}, not {id}")),
        Ok(RelayFrame::Request { .. }) => Err("its request is not marked queued".into()),
        Ok(_) => Err("it is not a request frame".into()),
        Err(e) => Err(format!("it does not decode ({})", e.0)),
    }
}

/// Rename `file` to `<file>.bad`, beside it, so it is kept for a look but
/// never loaded again; says what happened, for the relay's output.
fn set_aside(file: &Path, why: &str) -> String {
    let mut bad = file.as_os_str().to_owned();
    bad.push(".bad");
    let bad = PathBuf::from(bad);
    match std::fs::rename(file, &bad) {
        Ok(()) => format!(
            "queued file {} was not delivered: {why}; moved to {}",
            file.display(),
            bad.display()
        ),
        Err(e) => format!(
            "queued file {} was not delivered: {why}; skipped (cannot move it aside: {e})",
            file.display()
        ),
    }
}

pub(super) fn queue_file(dir: &Path, channel: &str, id: u64) -> PathBuf {
    dir.join("channels")
        .join(channel)
        .join("queue")
        .join(format!("{id:020}.frame"))
}

/// Write a file so it survives a crash: temporary file, fsync, rename, fsync the directory.
pub(super) fn write_durably(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("no parent directory"))?;
    // Private: a queued request is a whole webhook, signature and all.
    super::private::create_dir_all(dir)?;
    let tmp = path.with_extension("tmp");
    let mut f = super::private::create_file(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)?;
    std::fs::File::open(dir)?.sync_all()
}
