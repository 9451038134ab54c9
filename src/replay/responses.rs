//! `--save-responses` and `--compare` during a run: each delivery's last
//! attempt is written to the new file and compared with the saved one,
//! matched by (source, occurrence), so that `--shuffle`, `--duplicate` and
//! `--concurrency` still find each delivery's counterpart. Never prints: it
//! returns the differences for `cmd` to show.

use super::compare::{self, Answer, Change};
use super::plan::Plan;
use super::response_file::{self, ResponseFile};
use super::saved::SavedResponses;
use super::Attempt;
use crate::fixture::edit::Step;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What to do with the responses of a run, validated.
#[derive(Debug, Clone, Default)]
pub struct ResponsesConfig {
    /// `--save-responses FILE`.
    pub save: Option<PathBuf>,
    /// `--compare FILE`.
    pub compare: Option<PathBuf>,
    /// Parsed `--ignore-field` paths.
    pub ignore: Vec<Vec<Step>>,
}

/// A delivery whose response is not the saved one, or that only one side has.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// The fixture source.
    pub source: Arc<str>,
    /// Which delivery of that source.
    pub occurrence: u32,
    /// The delivery number in this run; `None` when it was not sent.
    pub delivery: Option<usize>,
    /// The line in the `--compare` file; `None` when it is not there.
    pub line: Option<usize>,
    /// What differs.
    pub kind: DifferenceKind,
}

/// How a delivery differs from the saved responses.
#[derive(Debug, Clone, PartialEq)]
pub enum DifferenceKind {
    /// Both have it, and the status or the body changed.
    Changed(Change),
    /// Sent this run, not in the file.
    New,
    /// In the file, not sent this run.
    Missing,
}

/// The comparison's count, for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    /// Deliveries that differ, are new or are missing.
    pub differ: usize,
    /// Deliveries compared: this run's, and those only the file has.
    pub total: usize,
    /// Saved responses not compared because the run stopped (a signal, an
    /// error) before their deliveries were answered: not missing, and not
    /// counted in `total`.
    pub not_compared: usize,
    /// The `--compare` file as the user named it.
    pub file: String,
}

/// The responses of a run being saved and compared.
pub struct Responses {
    /// Which occurrence of its source each delivery is, by delivery number.
    occurrences: Vec<u32>,
    save: Option<ResponseFile>,
    compare: Option<Comparing>,
}

/// The `--compare` side: the saved responses and the count so far.
struct Comparing {
    saved: SavedResponses,
    ignore: Vec<Vec<Step>>,
    differ: usize,
    total: usize,
    not_compared: usize,
}

impl Responses {
    /// Open the files `cfg` names for a run of `plan`: the saved responses
    /// are read and checked, and the new file started, before anything is
    /// sent. `None` when neither flag was given.
    pub fn open(cfg: &ResponsesConfig, plan: &Plan) -> anyhow::Result<Option<Responses>> {
        if cfg.save.is_none() && cfg.compare.is_none() {
            return Ok(None);
        }
        // Read first: the run may save over the file it compares against.
        let compare = match &cfg.compare {
            Some(path) => Some(Comparing {
                saved: SavedResponses::open(path)?,
                ignore: cfg.ignore.clone(),
                differ: 0,
                total: 0,
                not_compared: 0,
            }),
            None => None,
        };
        let save = match &cfg.save {
            Some(path) => Some(ResponseFile::create(path, plan.len())?),
            None => None,
        };
        Ok(Some(Responses {
            occurrences: plan.occurrences(),
            save,
            compare,
        }))
    }

    /// Save and compare a delivery's last attempt (other attempts are
    /// passed over); the difference, when its response is not the saved one.
    pub fn add(&mut self, a: &Attempt) -> anyhow::Result<Option<Difference>> {
        if !a.last {
            return Ok(None);
        }
        let occurrence = *a
            .delivery
            .checked_sub(1)
            .and_then(|i| self.occurrences.get(i))
            .ok_or_else(|| anyhow::anyhow!("delivery #{} is not in the plan", a.delivery))?;
        if let Some(file) = &mut self.save {
            file.record(a.delivery, &response_file::line(a, occurrence)?)?;
        }
        let Some(c) = &mut self.compare else {
            return Ok(None);
        };
        c.total += 1;
        let body = a.response.as_deref().unwrap_or_default();
        let (line, kind) = match c.saved.take(&a.source, occurrence) {
            None => (None, DifferenceKind::New),
            // Alike at a glance; otherwise `compare` decides (a failure the
            // file does not say still matches, a body may be the same JSON).
            Some(saved)
                if saved.status == a.status
                    && saved.failure == a.failure
                    && SavedResponses::same_body(&saved, body) =>
            {
                return Ok(None)
            }
            Some(saved) => {
                let old = c.saved.body(&saved)?;
                let before = Answer {
                    status: saved.status,
                    failure: saved.failure,
                    body: &old,
                };
                let now = Answer {
                    status: a.status,
                    failure: a.failure,
                    body,
                };
                match compare::change(before, now, &c.ignore) {
                    Some(change) => (Some(saved.line), DifferenceKind::Changed(change)),
                    None => return Ok(None),
                }
            }
        };
        c.differ += 1;
        Ok(Some(Difference {
            source: a.source.clone(),
            occurrence,
            delivery: Some(a.delivery),
            line,
            kind,
        }))
    }

    /// The saved responses no delivery took: ask once every delivery was
    /// sent (after a stop, the ones left were not reached: [`Responses::stopped`]).
    /// Those whose events `-e/--events` left out of this run are not missing.
    pub fn missing(&mut self, events: &[crate::model::events::EventPattern]) -> Vec<Difference> {
        let Some(c) = &mut self.compare else {
            return Vec::new();
        };
        let unsent = c.saved.unsent(events);
        c.total += unsent.len();
        c.differ += unsent.len();
        unsent
            .into_iter()
            .map(|u| Difference {
                source: u.source.into(),
                occurrence: u.occurrence,
                delivery: None,
                line: Some(u.line),
                kind: DifferenceKind::Missing,
            })
            .collect()
    }

    /// After a run that stopped before every delivery was answered: count
    /// the saved responses no delivery took as not compared. They are not
    /// [`missing`](Responses::missing), which would blame the app for what
    /// the run never sent (or never heard back about). Those whose events
    /// `-e/--events` left out of this run are not counted either.
    pub fn stopped(&mut self, events: &[crate::model::events::EventPattern]) {
        if let Some(c) = &mut self.compare {
            c.not_compared += c.saved.unsent(events).len();
        }
    }

    /// The comparison so far, for the summary; `None` without `--compare`.
    pub fn compared(&self) -> Option<Compared> {
        self.compare.as_ref().map(|c| Compared {
            differ: c.differ,
            total: c.total,
            not_compared: c.not_compared,
            file: c.saved.name().to_string(),
        })
    }

    /// Where `--save-responses` writes, when it was given.
    pub fn saving(&self) -> Option<&Path> {
        self.save.as_ref().map(|f| f.path())
    }

    /// Put the saved responses under their name: call only once every
    /// delivery was sent. Dropped instead, they leave no file behind.
    pub fn commit(self) -> anyhow::Result<()> {
        match self.save {
            Some(file) => file.commit(),
            None => Ok(()),
        }
    }
}
