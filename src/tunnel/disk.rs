//! The relay's queue on disk (`--data-dir`): one file per queued request,
//! written durably, and each channel's owner.

use super::store::{valid_name, Channel, Queued};
use bytes::Bytes;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Every channel saved under `dir`, with its queue in order, and the highest request id seen.
pub(super) fn load(dir: &Path) -> anyhow::Result<(HashMap<String, Channel>, u64)> {
    let mut channels = HashMap::new();
    let mut max_id = 0;
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
            let Some(id) = f
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| s.parse::<u64>().ok())
            else {
                continue;
            };
            let Ok(frame) = std::fs::read(&f) else { continue };
            max_id = max_id.max(id);
            ch.queue_bytes += frame.len() as u64;
            ch.queue.push_back(Queued {
                id,
                frame: Bytes::from(frame),
            });
        }
        channels.insert(name, ch);
    }
    Ok((channels, max_id))
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
