//! Backoff with jitter for transient failures, honouring `Retry-After`.

use std::future::Future;
use std::time::Duration;

use super::FetchError;

/// The longest we wait on a server's `Retry-After` inside one sync.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(20);

pub async fn with_retries<T, F, Fut>(retries: u32, mut attempt: F) -> Result<T, FetchError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, FetchError>>,
{
    let mut n = 0;
    loop {
        match attempt().await {
            Err(e) if e.is_transient() && n < retries => {
                tokio::time::sleep(delay(n, &e)).await;
                n += 1;
            }
            other => return other,
        }
    }
}

fn delay(attempt: u32, err: &FetchError) -> Duration {
    if let FetchError::Status {
        retry_after: Some(s),
        ..
    } = err
    {
        return Duration::from_secs(*s).min(MAX_RETRY_AFTER);
    }
    let base = Duration::from_millis(400) * 2u32.pow(attempt);
    base + jitter(base / 2)
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

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let e = FetchError::Status {
            status: 429,
            reason: None,
            retry_after: Some(3),
        };
        assert_eq!(delay(0, &e), Duration::from_secs(3));
        let e = FetchError::Status {
            status: 503,
            reason: None,
            retry_after: Some(3600),
        };
        assert_eq!(delay(0, &e), MAX_RETRY_AFTER);
        let backoff = delay(2, &FetchError::Connect("x".into()));
        assert!(backoff >= Duration::from_millis(1600) && backoff < Duration::from_millis(2400));
    }

    #[tokio::test]
    async fn permanent_failures_are_not_retried() {
        let mut calls = 0;
        let r: Result<(), _> = with_retries(3, || {
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
}
