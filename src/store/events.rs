//! Events: the upsert that merges one event reached through two sources
//! (an iCalendar file and a REST endpoint), and the agenda queries.

use std::collections::HashSet;

use jiff::{Timestamp, Zoned};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

use super::search::{fold, match_expression};
use super::{EventQuery, EventWhen, Result, Store, UpsertStats, sources, sql_limit};
use crate::model::{Event, EventStatus, SourceRole, SourceState, canonical_link, event_id};
use crate::parse::words::html_to_text;
use crate::render::sanitize::{clean_line, clean_text};

const COLUMNS: &str = "e.num, e.id, e.site, e.uid, e.recurrence_id, e.title, e.url, \
     e.start_time, e.start_zoned, e.end_time, e.end_zoned, e.all_day, e.timezone, e.status, \
     e.venue, e.address, e.price, e.booking_url, e.organizer, e.description_html, e.categories, \
     e.start_utc, e.end_utc";

fn status_name(s: EventStatus) -> &'static str {
    match s {
        EventStatus::Confirmed => "confirmed",
        EventStatus::Tentative => "tentative",
        EventStatus::Cancelled => "cancelled",
    }
}

fn status_of(s: &str) -> EventStatus {
    match s {
        "tentative" => EventStatus::Tentative,
        "cancelled" => EventStatus::Cancelled,
        _ => EventStatus::Confirmed,
    }
}

fn zoned(r: &Row, exact: usize, utc: usize, rfc3339: usize) -> rusqlite::Result<Option<Zoned>> {
    Ok(super::zoned::decode(
        r.get::<_, Option<String>>(exact)?.as_deref(),
        r.get(utc)?,
        r.get::<_, Option<String>>(rfc3339)?.as_deref(),
    ))
}

fn from_row(r: &Row) -> rusqlite::Result<(i64, Event)> {
    let categories: String = r.get(20)?;
    Ok((
        r.get(0)?,
        Event {
            id: r.get(1)?,
            site: r.get(2)?,
            uid: r.get(3)?,
            recurrence_id: r.get(4)?,
            title: r.get(5)?,
            url: r.get(6)?,
            start: zoned(r, 8, 21, 7)?,
            end: zoned(r, 10, 22, 9)?,
            all_day: r.get(11)?,
            timezone: r.get(12)?,
            status: status_of(&r.get::<_, String>(13)?),
            venue: r.get(14)?,
            address: r.get(15)?,
            price: r.get(16)?,
            booking_url: r.get(17)?,
            organizer: r.get(18)?,
            description_html: r.get(19)?,
            categories: serde_json::from_str(&categories).unwrap_or_default(),
        },
    ))
}

fn clean_event(e: &Event) -> Event {
    let line = |o: &Option<String>| o.as_deref().map(clean_line).filter(|s| !s.is_empty());
    Event {
        id: clean_line(&e.id),
        site: clean_line(&e.site),
        uid: clean_line(&e.uid),
        recurrence_id: line(&e.recurrence_id),
        title: clean_line(&e.title),
        url: line(&e.url),
        start: e.start.clone(),
        end: e.end.clone(),
        all_day: e.all_day,
        timezone: line(&e.timezone),
        status: e.status,
        venue: line(&e.venue),
        address: e
            .address
            .as_deref()
            .map(clean_text)
            .filter(|s| !s.trim().is_empty()),
        price: line(&e.price),
        booking_url: line(&e.booking_url),
        organizer: line(&e.organizer),
        description_html: clean_text(&e.description_html),
        categories: e
            .categories
            .iter()
            .map(|c| clean_line(c))
            .filter(|c| !c.is_empty())
            .collect(),
    }
}

/// One event from two sources: the newer value where both have one, never
/// a value traded for nothing, the longer description, every category.
fn stronger_status(a: EventStatus, b: EventStatus) -> EventStatus {
    let rank = |s: EventStatus| match s {
        EventStatus::Confirmed => 0,
        EventStatus::Tentative => 1,
        EventStatus::Cancelled => 2,
    };
    if rank(b) >= rank(a) { b } else { a }
}

pub fn merge_event(old: &Event, new: &Event) -> Event {
    fn pick<T: Clone>(a: &Option<T>, b: &Option<T>) -> Option<T> {
        b.clone().or_else(|| a.clone())
    }
    let mut categories = old.categories.clone();
    for c in &new.categories {
        if !categories.iter().any(|x| x.eq_ignore_ascii_case(c)) {
            categories.push(c.clone());
        }
    }
    let timed = new.start.is_some();
    Event {
        id: old.id.clone(),
        site: new.site.clone(),
        uid: old.uid.clone(),
        recurrence_id: pick(&old.recurrence_id, &new.recurrence_id),
        title: if new.title.is_empty() {
            old.title.clone()
        } else {
            new.title.clone()
        },
        url: pick(&old.url, &new.url),
        start: pick(&old.start, &new.start),
        end: if timed {
            pick(&old.end, &new.end)
        } else {
            old.end.clone()
        },
        all_day: if timed { new.all_day } else { old.all_day },
        timezone: pick(&old.timezone, &new.timezone),
        // Sources land in any order and most say nothing of status (The
        // Events Calendar's REST has no field for it): a cancellation any
        // source reports stands.
        status: stronger_status(old.status, new.status),
        venue: pick(&old.venue, &new.venue),
        address: pick(&old.address, &new.address),
        price: pick(&old.price, &new.price),
        booking_url: pick(&old.booking_url, &new.booking_url),
        organizer: pick(&old.organizer, &new.organizer),
        description_html: if new.description_html.len() >= old.description_html.len() {
            new.description_html.clone()
        } else {
            old.description_html.clone()
        },
        categories,
    }
}

fn load_by(
    conn: &Connection,
    condition: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Option<(i64, Event)>> {
    let sql = format!("SELECT {COLUMNS} FROM events e WHERE {condition} LIMIT 1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(args, from_row)
        .optional()?)
}

/// The same id; else, within the site, the same page or UID at the same
/// start: one event reached through two sources. A row this source claims
/// by its own id, or has written in this batch, is never taken that way:
/// two instances of one source with different ids stay two (a moved
/// occurrence may land on another's start).
fn find_existing(
    conn: &Connection,
    e: &Event,
    taken: impl Fn(i64, &str) -> bool,
) -> Result<Option<(i64, Event)>> {
    if let Some(found) = load_by(conn, "e.id = ?1", &[&e.id])? {
        return Ok(Some(found));
    }
    let canon = e.url.as_deref().map(canonical_link);
    let start = e.start.as_ref().map(|z| z.timestamp().as_second());
    let sql = format!(
        "SELECT {COLUMNS} FROM events e WHERE e.site = ?1 AND (e.canon = ?2 OR e.uid = ?3)
         AND (?4 IS NULL OR e.start_utc IS NULL OR e.start_utc = ?4) ORDER BY e.num LIMIT 64"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![e.site, canon, e.uid, start], from_row)?;
    for row in rows {
        let (num, old) = row?;
        if !taken(num, &old.id) {
            return Ok(Some((num, old)));
        }
    }
    Ok(None)
}

fn write(conn: &Connection, num: Option<i64>, e: &Event, now: i64) -> Result<i64> {
    let rfc3339 = |z: &Option<Zoned>| {
        z.as_ref()
            .map(|z| z.timestamp().display_with_offset(z.offset()).to_string())
    };
    let exact = |z: &Option<Zoned>| z.as_ref().map(super::zoned::encode);
    let utc = |z: &Option<Zoned>| z.as_ref().map(|z| z.timestamp().as_second());
    let start_utc = utc(&e.start);
    // An all-day event with no end lasts its day; a timed one, its moment.
    let until = utc(&e.end).or(if e.all_day {
        start_utc.map(|s| s + 24 * 3600)
    } else {
        start_utc
    });
    conn.prepare_cached(
        "INSERT INTO events (num, id, site, uid, recurrence_id, title, url, canon, start_time,
             start_zoned, start_utc, end_time, end_zoned, end_utc, until_utc, all_day, timezone,
             status, venue, address, price, booking_url, organizer, description_html,
             categories, first_seen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)
         ON CONFLICT(num) DO UPDATE SET id = ?2, site = ?3, uid = ?4, recurrence_id = ?5,
             title = ?6, url = ?7, canon = ?8, start_time = ?9, start_zoned = ?10,
             start_utc = ?11, end_time = ?12, end_zoned = ?13, end_utc = ?14, until_utc = ?15,
             all_day = ?16, timezone = ?17, status = ?18, venue = ?19, address = ?20,
             price = ?21, booking_url = ?22, organizer = ?23, description_html = ?24,
             categories = ?25",
    )?
    .execute(params![
        num,
        e.id,
        e.site,
        e.uid,
        e.recurrence_id,
        e.title,
        e.url,
        e.url.as_deref().map(canonical_link),
        rfc3339(&e.start),
        exact(&e.start),
        start_utc,
        rfc3339(&e.end),
        exact(&e.end),
        utc(&e.end),
        until,
        e.all_day,
        e.timezone,
        status_name(e.status),
        e.venue,
        e.address,
        e.price,
        e.booking_url,
        e.organizer,
        e.description_html,
        serde_json::to_string(&e.categories)?,
        now,
    ])?;
    let num = num.unwrap_or_else(|| conn.last_insert_rowid());
    write_index(conn, num, e)?;
    Ok(num)
}

fn write_index(conn: &Connection, num: i64, e: &Event) -> Result<()> {
    conn.prepare_cached("DELETE FROM events_fts WHERE rowid = ?1")?
        .execute([num])?;
    let place = [e.venue.as_deref(), e.address.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    conn.prepare_cached(
        "INSERT INTO events_fts (rowid, title, venue, categories, description)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        num,
        fold(&e.title),
        fold(&place),
        fold(&e.categories.join(" · ")),
        fold(&html_to_text(&e.description_html)),
    ])?;
    Ok(())
}

pub(crate) fn reindex_all(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO events_fts (events_fts) VALUES ('delete-all')",
        [],
    )?;
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM events e"))?;
    let rows = stmt.query_map([], from_row)?;
    for row in rows {
        let (num, e) = row?;
        write_index(conn, num, &e)?;
    }
    Ok(())
}

impl Store {
    /// Store a source's events and its new validators in one transaction.
    pub fn save_events(&mut self, source: &SourceState, events: &[Event]) -> Result<UpsertStats> {
        let result = self.save_events_tx(source, events);
        self.note(result)
    }

    fn save_events_tx(&self, source: &SourceState, events: &[Event]) -> Result<UpsertStats> {
        let tx = self.write_tx()?;
        sources::upsert_success(&tx, source, SourceRole::Events)?;
        let now = source.last_fetch.unwrap_or_else(Timestamp::now).as_second();
        let mut stats = UpsertStats::default();
        let mut batch = Vec::with_capacity(events.len());
        for raw in events {
            let mut e = clean_event(raw);
            if e.site.is_empty() {
                e.site = source.site.clone();
            }
            if e.id.is_empty() {
                if e.uid.is_empty() {
                    continue;
                }
                e.id = event_id(&e.uid, e.recurrence_id.as_deref());
            }
            batch.push(e);
        }
        let ids: HashSet<&str> = batch.iter().map(|e| e.id.as_str()).collect();
        let mut written: HashSet<i64> = HashSet::new();
        for e in &batch {
            let taken = |num: i64, id: &str| written.contains(&num) || ids.contains(id);
            let num = match find_existing(&tx, e, taken)? {
                None => {
                    stats.new += 1;
                    write(&tx, None, e, now)?
                }
                Some((num, old)) => {
                    let m = merge_event(&old, e);
                    if m == old {
                        stats.unchanged += 1;
                    } else {
                        write(&tx, Some(num), &m, now)?;
                        stats.updated += 1;
                    }
                    num
                }
            };
            written.insert(num);
        }
        tx.commit()?;
        Ok(stats)
    }

    pub fn event(&self, id: &str) -> Result<Option<Event>> {
        Ok(load_by(&self.conn, "e.id = ?1", &[&id])?.map(|(_, e)| e))
    }

    /// The agenda: upcoming (not yet ended) soonest first, past latest first,
    /// or all soonest first.
    pub fn events(&self, q: &EventQuery) -> Result<Vec<Event>> {
        self.events_at(q, Timestamp::now())
    }

    /// `events` with an explicit "now".
    pub fn events_at(&self, q: &EventQuery, now: Timestamp) -> Result<Vec<Event>> {
        let mut sql = format!("SELECT {COLUMNS} FROM events e WHERE 1");
        let mut args: Vec<Value> = Vec::new();
        if let Some(site) = &q.site {
            sql.push_str(" AND e.site = ?");
            args.push(Value::Text(site.clone()));
        }
        if let Some(expr) = q.search.as_deref().and_then(match_expression) {
            sql.push_str(" AND e.num IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)");
            args.push(Value::Text(expr));
        }
        if let Some(cat) = &q.category {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM json_each(e.categories) c
                   WHERE lower(c.value) = lower(?))",
            );
            args.push(Value::Text(cat.clone()));
        }
        let now = now.as_second();
        match q.when {
            EventWhen::Upcoming => {
                sql.push_str(" AND e.until_utc >= ? ORDER BY e.start_utc, e.num");
                args.push(Value::Integer(now));
            }
            EventWhen::Past => {
                sql.push_str(" AND e.until_utc < ? ORDER BY e.start_utc DESC, e.num DESC");
                args.push(Value::Integer(now));
            }
            EventWhen::All => sql.push_str(" ORDER BY e.start_utc IS NULL, e.start_utc, e.num"),
        }
        sql.push_str(" LIMIT ? OFFSET ?");
        args.push(Value::Integer(sql_limit(q.limit)));
        args.push(Value::Integer(q.offset as i64));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), from_row)?;
        Ok(rows
            .map(|r| r.map(|(_, e)| e))
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Every category any event has, sorted, each once (case-insensitively).
    pub fn event_categories(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT c.value FROM events e, json_each(e.categories) c
             ORDER BY lower(c.value), c.value",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out: Vec<String> = Vec::new();
        for row in rows {
            let c = row?;
            if !out.last().is_some_and(|l| l.eq_ignore_ascii_case(&c)) {
                out.push(c);
            }
        }
        Ok(out)
    }
}
