//! HTTP dates (RFC 9110 §5.6.7) on jiff: written as IMF-fixdate
//! (`Sun, 06 Nov 1994 08:49:37 GMT`), read in all three forms a recipient
//! must accept, since old servers and proxies still send the obsolete ones.

use std::time::SystemTime;

use jiff::Timestamp;
use jiff::fmt::rfc2822::{DateTimeParser, DateTimePrinter};
use jiff::fmt::strtime;
use jiff::tz::TimeZone;

/// RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`.
const RFC_850: &str = "%A, %d-%b-%y %H:%M:%S GMT";
/// C's asctime: `Sun Nov  6 08:49:37 1994` (whitespace in a jiff format
/// matches any run of it, so the padded day reads too).
const ASCTIME: &str = "%a %b %e %H:%M:%S %Y";

/// A time as an IMF-fixdate. Times jiff cannot hold print as the epoch.
pub fn format(t: Timestamp) -> String {
    DateTimePrinter::new()
        .timestamp_to_rfc9110_string(&t)
        .unwrap_or_else(|_| "Thu, 01 Jan 1970 00:00:00 GMT".to_string())
}

/// An HTTP date in any of its three forms (IMF-fixdate and the rest of RFC
/// 2822 through jiff's parser, then RFC 850 and asctime). Anything else is
/// None: RFC 9110 says an invalid date is then ignored.
pub fn parse(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    if let Ok(t) = DateTimeParser::new().parse_timestamp(s) {
        return Some(t);
    }
    [RFC_850, ASCTIME].into_iter().find_map(|fmt| {
        let civil = strtime::parse(fmt, s).ok()?.to_datetime().ok()?;
        TimeZone::UTC.to_timestamp(civil).ok()
    })
}

/// [`format`] for a `SystemTime`; times before 1970 print as the epoch.
pub fn format_http_date(t: SystemTime) -> String {
    format(
        Timestamp::try_from(t)
            .unwrap_or(Timestamp::UNIX_EPOCH)
            .max(Timestamp::UNIX_EPOCH),
    )
}

/// [`parse`] into a `SystemTime`.
pub fn parse_http_date(s: &str) -> Option<SystemTime> {
    parse(s).map(SystemTime::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn round_trips_known_dates() {
        let t = UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(format_http_date(t), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(t));
        let leap = parse_http_date("Tue, 29 Feb 2028 23:59:59 GMT").expect("leap day");
        assert_eq!(format_http_date(leap), "Tue, 29 Feb 2028 23:59:59 GMT");
        assert_eq!(
            format_http_date(UNIX_EPOCH - Duration::from_secs(1)),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
    }

    #[test]
    fn reads_all_three_forms() {
        let t = UNIX_EPOCH + Duration::from_secs(784_111_777);
        for s in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            " Sun, 06 Nov 1994 08:49:37 +0000 ",
        ] {
            assert_eq!(parse_http_date(s), Some(t), "{s}");
        }
    }

    #[test]
    fn rejects_other_shapes() {
        for s in [
            "",
            "yesterday",
            "3600",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Mon, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 25:49:37 GMT",
            "Sun Nov 31 08:49:37 1994",
        ] {
            assert_eq!(parse_http_date(s), None, "{s}");
        }
    }
}
