//! Sources → fetch → parse → store, with progress reported on a channel.

use std::sync::Arc;
use std::time::Duration;

/// What a sync reports while it runs. Sent on a std channel so the TUI can
/// poll it without an async runtime.
#[derive(Debug, Clone)]
pub enum SyncEvent {
    Started {
        sources: usize,
    },
    /// One source finished (or failed).
    SourceDone(SourceReport),
    /// Bytes received so far, for progress bars.
    Bytes(u64),
    Finished(SyncSummary),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceOutcome {
    /// Fetched, parsed and stored.
    Updated {
        new: usize,
        updated: usize,
        unchanged: usize,
        warnings: usize,
    },
    /// The server said 304.
    NotModified,
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct SourceReport {
    pub site: String,
    pub url: String,
    pub outcome: SourceOutcome,
    pub bytes: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncSummary {
    pub sources: usize,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub not_modified: usize,
    pub failed: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    /// No source could be reached at all: the network is down.
    pub offline: bool,
}

/// Starts a sync in the background; each call is one sync. The TUI holds one
/// of these so a key can sync again.
pub type SyncStarter = Arc<dyn Fn(std::sync::mpsc::Sender<SyncEvent>) + Send + Sync>;
