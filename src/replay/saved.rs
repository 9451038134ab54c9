//! A `--compare` file, read once to check every line and index it by
//! (source, occurrence). Bodies are not held: the index keeps each line's
//! place and its body's SHA-256, and a body is read again from the file only
//! when this run's differs from it. The file stays open, so a run may save
//! its new responses over the very file it compares against.

use super::failure::Failure;
use super::response_file::ResponseLine;
use crate::error::hinted;
use crate::model::events::{any_matches, EventPattern};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::path::Path;

/// What the hint says a `--compare` file is.
const WHAT_IT_IS: &str = "give --compare a file written by hook replay --save-responses: \
                          one {\"type\":\"response\",…} object per line";

/// Where a saved response is, and what identifies its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1-based line in the file.
    pub line: usize,
    /// Byte offset of the line.
    offset: u64,
    /// The saved status.
    pub status: Option<u16>,
    /// Why there was no answer; `None` as well when the file does not say.
    pub failure: Option<Failure>,
    /// SHA-256 of the saved body.
    sha256: [u8; 32],
    /// The fixture's provider and event, for `-e/--events`.
    kind: (Option<String>, Option<String>),
}

/// A saved response left over: in the file, not sent this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsent {
    /// The fixture source.
    pub source: String,
    /// Which delivery of that source.
    pub occurrence: u32,
    /// 1-based line in the file.
    pub line: usize,
}

/// The saved responses of a `--compare` file.
pub struct SavedResponses {
    file: BufReader<File>,
    /// The file as the user named it, for messages.
    name: String,
    by_source: HashMap<String, BTreeMap<u32, Entry>>,
}

impl SavedResponses {
    /// Read and check every line of `path`; an error names `file:line`.
    pub fn open(path: &Path) -> anyhow::Result<SavedResponses> {
        let name = path.display().to_string();
        let file = File::open(path).map_err(|e| {
            hinted(
                format!("reading --compare {name}: {e}"),
                "write it first with hook replay … --save-responses FILE, then compare with --compare FILE",
            )
        })?;
        let mut saved = SavedResponses {
            file: BufReader::new(file),
            name,
            by_source: HashMap::new(),
        };
        let (mut text, mut offset, mut number) = (Vec::new(), 0u64, 0usize);
        loop {
            text.clear();
            let read = saved.file.read_until(b'\n', &mut text)?;
            if read == 0 {
                break;
            }
            number += 1;
            if !text.iter().all(u8::is_ascii_whitespace) {
                saved.index(&text, number, offset)?;
            }
            offset += read as u64;
        }
        Ok(saved)
    }

    /// The file as the user named it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Check line `number` and add it to the index.
    fn index(&mut self, text: &[u8], number: usize, offset: u64) -> anyhow::Result<()> {
        let at = format!("{}:{number}", self.name);
        let saved = parse(text, &at)?;
        let body = saved
            .body_bytes()
            .map_err(|e| hinted(format!("{at}: {e}"), WHAT_IT_IS))?;
        if saved.occurrence == 0 {
            return Err(hinted(
                format!("{at}: occurrence 0: occurrences count from 1"),
                WHAT_IT_IS,
            ));
        }
        let entry = Entry {
            line: number,
            offset,
            status: saved.status,
            failure: saved.failure,
            sha256: Sha256::digest(&body).into(),
            kind: (saved.provider.clone(), saved.event.clone()),
        };
        let occurrences = self.by_source.entry(saved.source.clone()).or_default();
        if let Some(first) = occurrences.insert(saved.occurrence, entry) {
            return Err(hinted(
                format!(
                    "{at}: {} occurrence {} is already on line {}",
                    saved.source, saved.occurrence, first.line
                ),
                "each (source, occurrence) is saved once; save the responses again with --save-responses",
            ));
        }
        Ok(())
    }

    /// Take the saved response for this delivery, so that what is left at
    /// the end is what this run did not send.
    pub fn take(&mut self, source: &str, occurrence: u32) -> Option<Entry> {
        self.by_source.get_mut(source)?.remove(&occurrence)
    }

    /// True when `body` is the saved body of `entry`.
    pub fn same_body(entry: &Entry, body: &[u8]) -> bool {
        entry.sha256 == <[u8; 32]>::from(Sha256::digest(body))
    }

    /// The saved body of `entry`, read again from the file.
    pub fn body(&mut self, entry: &Entry) -> anyhow::Result<Vec<u8>> {
        let at = format!("{}:{}", self.name, entry.line);
        self.file.seek(SeekFrom::Start(entry.offset))?;
        let mut text = Vec::new();
        self.file.read_until(b'\n', &mut text)?;
        let saved = parse(&text, &at)?;
        let body = saved
            .body_bytes()
            .map_err(|e| hinted(format!("{at}: {e}"), WHAT_IT_IS))?;
        if !Self::same_body(entry, &body) {
            return Err(hinted(
                format!("{at}: changed while hook replay was comparing against it"),
                "compare against a file nothing else writes during the run",
            ));
        }
        Ok(body)
    }

    /// The saved responses no delivery of this run took, in file order,
    /// but for those whose events `-e/--events` leaves out of this run;
    /// taken, so a second call returns none.
    pub fn unsent(&mut self, events: &[EventPattern]) -> Vec<Unsent> {
        let asked = |e: &Entry| any_matches(events, e.kind.0.as_deref(), e.kind.1.as_deref());
        let mut left: Vec<Unsent> = std::mem::take(&mut self.by_source)
            .into_iter()
            .flat_map(|(source, occurrences)| {
                let asked_for = occurrences.into_iter().filter(|(_, e)| asked(e));
                asked_for.map(move |(occurrence, e)| Unsent {
                    source: source.clone(),
                    occurrence,
                    line: e.line,
                })
            })
            .collect();
        left.sort_by_key(|u| u.line);
        left
    }
}

/// One line as a saved response, or an error naming `at` (`file:line`).
fn parse(text: &[u8], at: &str) -> anyhow::Result<ResponseLine> {
    // Without its line end, so that a cut-off line's error points into the line.
    let text = text.strip_suffix(b"\n").unwrap_or(text);
    let text = text.strip_suffix(b"\r").unwrap_or(text);
    let value: serde_json::Value = serde_json::from_slice(text).map_err(|e| {
        let message = e.to_string();
        let message = crate::fixture::load::strip_position(&message);
        hinted(format!("{at}:{}: not JSON: {message}", e.column()), WHAT_IT_IS)
    })?;
    match value.get("type").and_then(|t| t.as_str()) {
        Some("response") => {}
        Some(other) => return Err(hinted(format!("{at}: type is {other:?}, not \"response\""), WHAT_IT_IS)),
        None => return Err(hinted(format!("{at}: no \"type\":\"response\""), WHAT_IT_IS)),
    }
    serde_json::from_value(value).map_err(|e| hinted(format!("{at}: {e}"), WHAT_IT_IS))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(text: &str) -> anyhow::Result<SavedResponses> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("saved.jsonl");
        std::fs::write(&path, text).unwrap();
        SavedResponses::open(&path)
    }

    fn error_of(text: &str) -> String {
        match open(text) {
            Ok(_) => panic!("accepted: {text}"),
            Err(e) => {
                assert!(crate::error::hint_of(&e).is_some(), "no hint: {e}");
                e.to_string()
            }
        }
    }

    #[test]
    fn lines_are_indexed_by_source_and_occurrence_and_bodies_read_again() {
        let text = "{\"type\":\"response\",\"source\":\"a\",\"occurrence\":1,\"status\":200,\"body\":\"one\"}\n\
                    \n\
                    {\"type\":\"response\",\"source\":\"a\",\"occurrence\":2,\"status\":null,\"body\":null}\n\
                    {\"type\":\"response\",\"source\":\"b\",\"occurrence\":1,\"status\":201,\"body_base64\":\"/wA=\"}\n";
        let mut saved = open(text).unwrap();
        let first = saved.take("a", 1).unwrap();
        assert_eq!((first.line, first.status), (1, Some(200)));
        assert!(SavedResponses::same_body(&first, b"one"));
        let b = saved.take("b", 1).unwrap();
        assert_eq!(saved.body(&b).unwrap(), [0xff, 0]);
        assert_eq!(saved.body(&first).unwrap(), b"one");
        assert_eq!(saved.take("a", 1), None, "taken once");
        let left = saved.unsent(&[]);
        assert_eq!(
            left,
            [Unsent {
                source: "a".into(),
                occurrence: 2,
                line: 3
            }]
        );
        assert_eq!(saved.unsent(&[]), []);
    }

    #[test]
    fn bad_lines_are_errors_naming_file_and_line() {
        let good = r#"{"type":"response","source":"a","occurrence":1,"status":200,"body":""}"#;
        let cases = [
            (format!("{good}\n{{not json\n"), ":2:2: not JSON"),
            (
                format!("{good}\n{{\"type\":\"attempt\"}}\n"),
                ":2: type is \"attempt\", not \"response\"",
            ),
            ("[1]\n".to_string(), ":1: no \"type\""),
            (
                r#"{"type":"response","occurrence":1}"#.to_string(),
                ":1: missing field `source`",
            ),
            (good.replace("\"occurrence\":1", "\"occurrence\":0"), ":1: occurrence 0"),
            (
                good.replace("\"body\":\"\"", "\"body_base64\":\"!!\""),
                ":1: body_base64 is not base64",
            ),
            (format!("{good}\n{good}\n"), ":2: a occurrence 1 is already on line 1"),
        ];
        for (text, want) in cases {
            let err = error_of(&text);
            assert!(err.contains("saved.jsonl") && err.contains(want), "{err} lacks {want}");
        }
    }

    #[test]
    fn a_missing_file_is_an_error_with_a_hint() {
        let err = SavedResponses::open(Path::new("/nonexistent/saved.jsonl"))
            .err()
            .unwrap();
        assert!(
            err.to_string().contains("reading --compare /nonexistent/saved.jsonl"),
            "{err}"
        );
        assert!(crate::error::hint_of(&err).unwrap().contains("--save-responses"));
    }
}
