//! What the status line knows: sync progress, the last sync, the last error,
//! offline state, and a short note after an action.

use jiff::Timestamp;

use crate::sync::{SourceOutcome, SyncEvent};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncProgress {
    pub sources: usize,
    pub done: usize,
    pub failed: usize,
    /// Received so far, as the sync last said.
    pub bytes: u64,
    /// The sum over the sources finished, for syncs that report only those.
    pub done_bytes: u64,
    /// Prefetch for offline reading, once the sources are done:
    /// (done, total, "pages" or "images").
    pub prefetch: Option<(usize, usize, &'static str)>,
}

impl SyncProgress {
    pub fn received(&self) -> u64 {
        self.bytes.max(self.done_bytes)
    }
}

/// A note with how serious it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    Info(String),
    Error(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusState {
    /// Started with `--offline`: there is no sync at all.
    pub offline_mode: bool,
    /// The last sync reached no source: the network is down.
    pub network_down: bool,
    pub syncing: Option<SyncProgress>,
    pub last_sync: Option<Timestamp>,
    /// The last source that failed, with its site.
    pub last_error: Option<String>,
    /// Shown until the next key.
    pub note: Option<Note>,
    /// Frame of the sync spinner.
    pub spinner: usize,
}

/// What a sync message changed, so the app knows whether to reload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncChange {
    Progress,
    NewData,
    Finished,
}

impl StatusState {
    pub fn on_sync(&mut self, ev: &SyncEvent) -> SyncChange {
        match ev {
            SyncEvent::Started { sources } => {
                self.syncing = Some(SyncProgress {
                    sources: *sources,
                    ..SyncProgress::default()
                });
                self.last_error = None;
                SyncChange::Progress
            }
            SyncEvent::SourceDone(report) => {
                let p = self.syncing.get_or_insert_with(SyncProgress::default);
                p.done += 1;
                p.done_bytes += report.bytes;
                match &report.outcome {
                    SourceOutcome::Failed(msg) => {
                        p.failed += 1;
                        self.last_error = Some(format!("{}: {msg}", report.site));
                        SyncChange::Progress
                    }
                    SourceOutcome::Updated { new, updated, .. } if new + updated > 0 => {
                        SyncChange::NewData
                    }
                    _ => SyncChange::Progress,
                }
            }
            SyncEvent::Bytes(n) => {
                if let Some(p) = &mut self.syncing {
                    p.bytes = *n;
                }
                SyncChange::Progress
            }
            SyncEvent::Prefetch { done, total, what } => {
                if let Some(p) = &mut self.syncing {
                    p.prefetch = Some((*done, *total, what));
                }
                SyncChange::Progress
            }
            SyncEvent::Finished(summary) => {
                self.syncing = None;
                self.network_down = summary.offline;
                SyncChange::Finished
            }
        }
    }

    pub fn is_syncing(&self) -> bool {
        self.syncing.is_some()
    }

    pub fn info(&mut self, s: impl Into<String>) {
        self.note = Some(Note::Info(s.into()));
    }

    pub fn error(&mut self, s: impl Into<String>) {
        self.note = Some(Note::Error(s.into()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::{SourceReport, SyncSummary};

    #[test]
    fn follows_a_sync() {
        let mut s = StatusState::default();
        s.on_sync(&SyncEvent::Started { sources: 2 });
        let failed = SourceReport {
            site: "A".into(),
            url: "https://a.example/feed".into(),
            outcome: SourceOutcome::Failed("timed out".into()),
            bytes: 0,
        };
        assert_eq!(
            s.on_sync(&SyncEvent::SourceDone(failed)),
            SyncChange::Progress
        );
        assert_eq!(s.syncing.as_ref().unwrap().done, 1);
        assert_eq!(s.last_error.as_deref(), Some("A: timed out"));
        let summary = SyncSummary {
            offline: true,
            ..SyncSummary::default()
        };
        assert_eq!(
            s.on_sync(&SyncEvent::Finished(summary)),
            SyncChange::Finished
        );
        assert!(!s.is_syncing() && s.network_down);
    }
}
