//! The file `--save-responses` writes and `--compare` reads: one JSON object
//! per delivery, one a line, in plan order:
//! `{"type":"response","source":…,"occurrence":…,"status":…,"failure":…,"body":…}`.
//!
//! Written beside its final name and renamed over it only once the run has
//! sent everything, so a stopped or failed run never leaves half a file that
//! a later `--compare` would take for whole.

use super::failure::Failure;
use super::Attempt;
use crate::fixture::HeaderValue;
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// One line of the file, as read back.
#[derive(Debug, Deserialize)]
pub struct ResponseLine {
    /// Always `"response"`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The fixture source, as replay names it.
    pub source: String,
    /// Which delivery of that source in its run, from 1.
    pub occurrence: u32,
    /// The fixture's provider, when it named one.
    #[serde(default)]
    pub provider: Option<String>,
    /// The fixture's event, when it named one.
    #[serde(default)]
    pub event: Option<String>,
    /// The status, `null` when there was no answer.
    #[serde(default)]
    pub status: Option<u16>,
    /// Why there was no answer. Files written before hook saved it have no
    /// such field: their no-answers are of no known kind.
    #[serde(default)]
    pub failure: Option<Failure>,
    /// The body as text (UTF-8 bodies).
    #[serde(default)]
    pub body: Option<String>,
    /// The body in base64 (other bodies).
    #[serde(default)]
    pub body_base64: Option<String>,
}

impl ResponseLine {
    /// The body's bytes; empty when there was no answer.
    pub fn body_bytes(&self) -> anyhow::Result<Vec<u8>> {
        match (&self.body, &self.body_base64) {
            (Some(_), Some(_)) => anyhow::bail!("has both body and body_base64"),
            (Some(text), None) => Ok(text.clone().into_bytes()),
            (None, Some(b64)) => base64::engine::general_purpose::STANDARD
                .decode(b64)
                .map_err(|e| anyhow::anyhow!("body_base64 is not base64: {e}")),
            (None, None) => Ok(Vec::new()),
        }
    }
}

/// One line as written: borrowed from the attempt, body as text or base64.
#[derive(Serialize)]
struct LineOut<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    source: &'a str,
    occurrence: u32,
    provider: Option<&'a str>,
    event: Option<&'a str>,
    status: Option<u16>,
    error: Option<&'a str>,
    failure: Option<Failure>,
    /// Each value as a fixture writes it: text, or `{"base64": …}` for
    /// bytes that are not UTF-8, so the file keeps what the app sent.
    headers: Vec<(&'a str, HeaderValue)>,
    #[serde(flatten)]
    body: BodyOut<'a>,
    body_sha256: Option<String>,
}

#[derive(Serialize)]
enum BodyOut<'a> {
    #[serde(rename = "body")]
    Text(Option<&'a str>),
    #[serde(rename = "body_base64")]
    Base64(String),
}

/// The line for a delivery's last attempt (without the newline).
pub fn line(a: &Attempt, occurrence: u32) -> serde_json::Result<Vec<u8>> {
    let body = a.response.as_deref();
    let out = LineOut {
        kind: "response",
        source: &a.source,
        occurrence,
        provider: a.provider.as_deref(),
        event: a.event.as_deref(),
        status: a.status,
        error: a.error.as_deref(),
        failure: a.failure,
        headers: a
            .response_headers
            .iter()
            .map(|(n, v)| {
                let value = match std::str::from_utf8(v) {
                    Ok(text) => HeaderValue::from(text),
                    Err(_) => HeaderValue::Bytes(v.to_vec()),
                };
                (n.as_str(), value)
            })
            .collect(),
        body: match body.map(std::str::from_utf8) {
            None => BodyOut::Text(None),
            Some(Ok(text)) => BodyOut::Text(Some(text)),
            Some(Err(_)) => BodyOut::Base64(base64::engine::general_purpose::STANDARD.encode(body.unwrap_or_default())),
        },
        body_sha256: body.map(|b| crate::signature::mac::lower_hex(&Sha256::digest(b))),
    };
    serde_json::to_vec(&out)
}

/// A `--save-responses` file being written. Lines come in the order
/// deliveries finish, which `--concurrency` and retries shuffle; each is
/// written at once (nothing waits in memory for a slow delivery) and put in
/// plan order at [`ResponseFile::commit`].
pub struct ResponseFile {
    path: PathBuf,
    temp: PathBuf,
    out: BufWriter<File>,
    written: u64,
    /// Where each delivery's line is in `temp` (offset, length), by delivery number.
    at: Vec<Option<(u64, usize)>>,
    /// True while every line so far came in plan order: nothing to reorder.
    in_order: bool,
}

impl ResponseFile {
    /// Start writing `path` for a run of `deliveries`; fails now, before
    /// anything is sent, when its folder cannot take the file.
    pub fn create(path: &Path, deliveries: usize) -> anyhow::Result<ResponseFile> {
        if path.is_dir() || path.file_name().is_none() {
            return Err(crate::error::hinted(
                format!("--save-responses {} is a folder, not a file", path.display()),
                "name the file to write, e.g. --save-responses responses.jsonl",
            ));
        }
        let (temp, file) = temp_beside(path)?;
        Ok(ResponseFile {
            path: path.to_path_buf(),
            temp,
            out: BufWriter::new(file),
            written: 0,
            at: vec![None; deliveries],
            in_order: true,
        })
    }

    /// The file's final name.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Write delivery `n`'s line (1-based, as [`Attempt::delivery`]).
    pub fn record(&mut self, n: usize, line: &[u8]) -> anyhow::Result<()> {
        let slot = self
            .at
            .get_mut(n.wrapping_sub(1))
            .ok_or_else(|| anyhow::anyhow!("delivery #{n} is not in the plan"))?;
        *slot = Some((self.written, line.len()));
        self.in_order &= n == 1 || self.at[n - 2].is_some();
        self.out.write_all(line)?;
        self.out.write_all(b"\n")?;
        self.written += line.len() as u64 + 1;
        Ok(())
    }

    /// Put the lines in plan order under the final name.
    pub fn commit(mut self) -> anyhow::Result<()> {
        self.out.flush()?;
        if !self.in_order {
            let unordered = std::mem::take(&mut self.temp);
            let reordered = self.reorder(&unordered);
            let _ = std::fs::remove_file(&unordered);
            reordered?;
        }
        self.out.get_ref().sync_all()?;
        std::fs::rename(&self.temp, &self.path)
            .map_err(|e| anyhow::anyhow!("writing --save-responses {}: {e}", self.path.display()))?;
        // Renamed: nothing left for drop to remove.
        self.temp = PathBuf::new();
        Ok(())
    }

    /// Copy the lines of `unordered` in plan order into a new file, which
    /// becomes the one to rename (and to clean up should this fail).
    fn reorder(&mut self, unordered: &Path) -> anyhow::Result<()> {
        let (ordered, file) = temp_beside(&self.path)?;
        self.temp = ordered;
        self.out = BufWriter::new(file);
        let mut from = File::open(unordered)?;
        let mut line = Vec::new();
        for &(offset, len) in self.at.iter().flatten() {
            line.resize(len + 1, 0);
            from.seek(SeekFrom::Start(offset))?;
            from.read_exact(&mut line)?;
            self.out.write_all(&line)?;
        }
        Ok(self.out.flush()?)
    }
}

impl Drop for ResponseFile {
    /// A run that did not commit leaves no file behind, whole or half.
    fn drop(&mut self) {
        if !self.temp.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// A new, hidden file in `path`'s folder, where a rename onto `path` is atomic.
fn temp_beside(path: &Path) -> anyhow::Result<(PathBuf, File)> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{:08x}.tmp", rand::random::<u32>()));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .map_err(|e| {
            crate::error::hinted(
                format!("cannot write --save-responses {}: {e}", path.display()),
                "give a file in a folder that exists and that you can write to",
            )
        })?;
    Ok((temp, file))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn lines_end_in_plan_order_under_the_name_only_at_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.jsonl");
        std::fs::write(&path, "old\n").unwrap();
        let mut file = ResponseFile::create(&path, 3).unwrap();
        for n in [3, 1, 2] {
            file.record(n, format!("line {n}").as_bytes()).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "old\n",
            "not replaced before commit"
        );
        file.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "line 1\nline 2\nline 3\n");
        assert_eq!(listing(dir.path()), ["new.jsonl"], "no temporary file left");
    }

    #[test]
    fn a_file_not_committed_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.jsonl");
        let mut file = ResponseFile::create(&path, 2).unwrap();
        file.record(1, b"line 1").unwrap();
        assert!(file.record(3, b"line 3").is_err(), "not in the plan");
        drop(file);
        assert_eq!(listing(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_folder_or_a_missing_folder_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        for bad in [dir.path().to_path_buf(), dir.path().join("no/such/dir/f.jsonl")] {
            let err = ResponseFile::create(&bad, 1).err().expect("refused");
            assert!(crate::error::hint_of(&err).is_some(), "{err}");
        }
    }
}
