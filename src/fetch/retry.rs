//! Backoff with jitter for failures worth another try, honouring
//! `Retry-After` up to a cap and never past the caller's deadline.

use std::future::Future;
use std::time::{Duration, Instant};

use super::FetchError;

/// The longest we wait on a server's `Retry-After` inside one sync; a longer
/// wait is reported with the error instead.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// Runs `attempt` until it succeeds, fails for good, runs out of `retries`,
/// or the next wait would end past `deadline`.
pub async fn with_retries<T, F, Fut>(
    retries: u32,
    deadline: Instant,
    mut attempt: F,
) -> Result<T, FetchError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, FetchError>>,
{
    let mut n = 0;
    loop {
        match attempt().await {
            Err(e) if e.is_retryable() && n < retries => {
                let Some(wait) = delay(n, &e) else {
                    return Err(e);
                };
                // A wait that leaves no time for the next try is no use.
                if Instant::now() + wait + Duration::from_millis(500) >= deadline {
                    return Err(e);
                }
                tokio::time::sleep(wait).await;
                n += 1;
            }
            other => return other,
        }
    }
}

/// The wait before the next try; none when the server asks for longer than
/// we are willing to wait.
fn delay(attempt: u32, err: &FetchError) -> Option<Duration> {
    if let FetchError::Status {
        retry_after: Some(s),
        ..
    } = err
    {
        let asked = Duration::from_secs(*s);
        return (asked <= MAX_RETRY_AFTER).then_some(asked);
    }
    let base = Duration::from_millis(400) * 2u32.pow(attempt);
    Some(base + jitter(base / 2))
}

/// Up to `max` of jitter, from the clock's nanoseconds: enough to keep
/// several sources from retrying in step, without a random-number crate.
fn jitter(max: Duration) -> Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let max_ms = max.as_millis().max(1) as u32;
    Duration::from_millis(u64::from(nanos % max_ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn far() -> Instant {
        Instant::now() + Duration::from_secs(3600)
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let e = |s| FetchError::Status {
            status: 429,
            reason: None,
            retry_after: Some(s),
        };
        assert_eq!(delay(0, &e(3)), Some(Duration::from_secs(3)));
        assert_eq!(delay(0, &e(30)), Some(MAX_RETRY_AFTER));
        assert_eq!(delay(0, &e(3600)), None);
        let backoff = delay(2, &FetchError::Connect("x".into())).unwrap();
        assert!(backoff >= Duration::from_millis(1600) && backoff < Duration::from_millis(2400));
    }

    #[tokio::test]
    async fn permanent_failures_are_not_retried() {
        let mut calls = 0;
        let r: Result<(), _> = with_retries(3, far(), || {
            calls += 1;
            async {
                Err(FetchError::Status {
                    status: 404,
                    reason: None,
                    retry_after: None,
                })
            }
        })
        .await;
        assert!(r.is_err());
        assert_eq!(calls, 1);
    }

    #[tokio::test]
    async fn a_request_that_timed_out_is_not_sent_again() {
        let mut calls = 0;
        let r: Result<(), _> = with_retries(3, far(), || {
            calls += 1;
            async { Err(FetchError::Timeout(60)) }
        })
        .await;
        assert_eq!(r, Err(FetchError::Timeout(60)));
        assert_eq!(calls, 1);
    }

    #[tokio::test]
    async fn a_long_retry_after_ends_at_once() {
        let mut calls = 0;
        let started = Instant::now();
        let r: Result<(), _> = with_retries(3, far(), || {
            calls += 1;
            async {
                Err(FetchError::Status {
                    status: 429,
                    reason: None,
                    retry_after: Some(3600),
                })
            }
        })
        .await;
        assert!(r.is_err());
        assert_eq!(calls, 1);
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[tokio::test]
    async fn no_wait_runs_past_the_deadline() {
        let mut calls = 0;
        let deadline = Instant::now() + Duration::from_secs(2);
        let r: Result<(), _> = with_retries(3, deadline, || {
            calls += 1;
            async {
                Err(FetchError::Status {
                    status: 503,
                    reason: None,
                    retry_after: Some(10),
                })
            }
        })
        .await;
        assert!(r.is_err());
        assert_eq!(calls, 1);
    }
}
