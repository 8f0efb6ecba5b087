//! An event's start or end as the cache keeps it and reads it back.
//!
//! The text is jiff's RFC 9557 form (`2026-03-01T19:00:00+11:00[Australia/Sydney]`),
//! which reads back exactly when the zone is one the tz database knows or a
//! fixed offset. A zone a calendar defined for itself (Outlook's "Canberra,
//! Melbourne, Sydney", "Customized Time Zone") is written the same way but
//! its name means nothing to the tz database: it reads back as that name at
//! the offset the event had, so the time keeps its offset and the detail
//! view still names the zone as the file did.

use std::cell::RefCell;
use std::collections::HashMap;

use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, Zoned};

/// The text kept for `z`.
pub(super) fn encode(z: &Zoned) -> String {
    z.to_string()
}

/// Read back what `encode` wrote. `utc` (Unix seconds, kept beside it) is the
/// exact instant and wins over the text; `rfc3339` is the older plain form,
/// read when there is nothing better.
pub(super) fn decode(
    exact: Option<&str>,
    utc: Option<i64>,
    rfc3339: Option<&str>,
) -> Option<Zoned> {
    let at = utc.and_then(|s| Timestamp::from_second(s).ok());
    if let Some(z) = exact.and_then(|s| s.parse::<Zoned>().ok()) {
        return Some(match at {
            Some(t) if t != z.timestamp() => t.to_zoned(z.time_zone().clone()),
            _ => z,
        });
    }
    let (stamp, name) = match exact {
        Some(text) => split_annotation(text),
        None => (rfc3339?, None),
    };
    let pieces = Pieces::parse(stamp)
        .ok()
        .or_else(|| rfc3339.and_then(|r| Pieces::parse(r).ok()))?;
    let offset = match pieces.offset()? {
        PiecesOffset::Zulu => Offset::UTC,
        PiecesOffset::Numeric(n) => n.offset(),
        _ => return None,
    };
    let at = match at {
        Some(t) => t,
        None => pieces
            .date()
            .to_datetime(pieces.time().unwrap_or_default())
            .to_zoned(TimeZone::fixed(offset))
            .ok()?
            .timestamp(),
    };
    let tz = match name.filter(|n| !n.is_empty()) {
        Some(name) => named_fixed(name, offset).unwrap_or_else(|| TimeZone::fixed(offset)),
        None => TimeZone::fixed(offset),
    };
    Some(at.to_zoned(tz))
}

/// `2026-03-01T19:00:00+11:00[Canberra, Melbourne, Sydney]` → the stamp and
/// the name. A name may hold anything but a line break, brackets included.
fn split_annotation(text: &str) -> (&str, Option<&str>) {
    match text.find('[') {
        Some(open) => {
            let inner = &text[open + 1..];
            let name = inner.rfind(']').map_or(inner, |close| &inner[..close]);
            (&text[..open], Some(name))
        }
        None => (text, None),
    }
}

thread_local! {
    /// An agenda reads the same few zones over and over.
    static NAMED: RefCell<HashMap<(String, i32), TimeZone>> = RefCell::new(HashMap::new());
}

/// A zone called `name` that is always at `offset`.
fn named_fixed(name: &str, offset: Offset) -> Option<TimeZone> {
    let key = (name.to_string(), offset.seconds());
    if let Some(tz) = NAMED.with(|m| m.borrow().get(&key).cloned()) {
        return Some(tz);
    }
    let tz = TimeZone::tzif(name, &one_type_tzif(offset)).ok()?;
    NAMED.with(|m| {
        let mut m = m.borrow_mut();
        // A hostile cache could name a zone per row: stay small.
        if m.len() >= 256 {
            m.clear();
        }
        m.insert(key, tz.clone());
    });
    Some(tz)
}

/// TZif version 2 (RFC 8536) with one local time type and no transitions:
/// the offset for all time, its abbreviation the offset itself ("+11",
/// "-0930"), which the detail view reads as no abbreviation at all.
fn one_type_tzif(offset: Offset) -> Vec<u8> {
    let secs = offset.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let (h, m) = (secs.abs() / 3600, (secs.abs() / 60) % 60);
    let abbr = if m == 0 {
        format!("{sign}{h:02}")
    } else {
        format!("{sign}{h:02}{m:02}")
    };
    let header = |out: &mut Vec<u8>, counts: [u32; 6]| {
        out.extend_from_slice(b"TZif2");
        out.extend_from_slice(&[0u8; 15]);
        for n in counts {
            out.extend_from_slice(&n.to_be_bytes());
        }
    };
    let mut out = Vec::new();
    // An empty version 1 block (one type, as the format requires)...
    header(&mut out, [0, 0, 0, 0, 1, 1]);
    out.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0]);
    // ...then the real data.
    header(&mut out, [0, 0, 0, 0, 1, abbr.len() as u32 + 1]);
    out.extend_from_slice(&secs.to_be_bytes());
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(abbr.as_bytes());
    out.push(0);
    out.extend_from_slice(b"\n\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tz_database_zones_read_back_as_they_were() {
        let z: Zoned = "2026-07-14T18:30:00+01:00[Europe/London]".parse().unwrap();
        let back = decode(Some(&encode(&z)), Some(z.timestamp().as_second()), None).unwrap();
        assert_eq!(back.time_zone().iana_name(), Some("Europe/London"));
        assert_eq!(back.offset(), z.offset());
    }

    #[test]
    fn a_calendars_own_zone_keeps_its_name_and_offset() {
        let text = "2026-01-10T10:00:00+11:00[Canberra, Melbourne, Sydney]";
        let at = "2026-01-09T23:00:00Z".parse::<Timestamp>().unwrap();
        let z = decode(Some(text), Some(at.as_second()), None).unwrap();
        assert_eq!(z.timestamp(), at);
        assert_eq!(z.offset().seconds(), 11 * 3600);
        assert_eq!(z.hour(), 10);
        assert_eq!(
            z.time_zone().iana_name(),
            Some("Canberra, Melbourne, Sydney")
        );
    }

    #[test]
    fn odd_names_and_missing_parts_still_read() {
        let z = decode(Some("2026-01-10T10:00:00-03:30[a]b]"), None, None).unwrap();
        assert_eq!(z.offset().seconds(), -(3 * 3600 + 1800));
        assert_eq!(z.time_zone().iana_name(), Some("a]b"));
        let z = decode(None, None, Some("2026-01-10T10:00:00+05:30")).unwrap();
        assert_eq!(z.offset().seconds(), 5 * 3600 + 1800);
        assert_eq!(z.hour(), 10);
        assert!(decode(Some("garbage[x]"), None, None).is_none());
        assert!(decode(None, None, None).is_none());
    }
}
