//! Sites and sources added to config.toml in place: what the person wrote
//! (comments, order, layout) stays as it was.

use std::collections::{HashMap, HashSet};

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use super::SiteConfig;
use crate::model::SourceRole;
use crate::opml::Feed;

/// Sources for one site: a new `[[site]]`, or more for one already there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addition {
    pub site: String,
    /// A new `[[site]]` (else the site of that name gets the sources).
    pub new_site: bool,
    pub home: Option<String>,
    pub articles: Vec<String>,
    pub events: Vec<String>,
}

/// What an import changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub additions: Vec<Addition>,
    /// Feeds the config (or the file, earlier) has already.
    pub already: usize,
}

impl Plan {
    pub fn feeds_added(&self) -> usize {
        self.additions
            .iter()
            .map(|a| a.articles.len() + a.events.len())
            .sum()
    }
}

/// Feeds grouped one site per host (the site's page where the file names
/// it, else the feed's), those on a host a configured site uses going to
/// that site, and anything configured already left out. `keep` are sites
/// in force but not written in the file (the built-in profile), written
/// first so the import does not take them away.
pub fn plan(existing: &[SiteConfig], keep: &[SiteConfig], feeds: &[Feed]) -> Plan {
    let mut plan = Plan::default();
    let mut known: HashSet<String> = HashSet::new();
    let mut names: HashSet<String> = HashSet::new();
    let mut by_host: HashMap<String, usize> = HashMap::new();
    for site in keep {
        plan.additions.push(Addition {
            site: site.name.clone(),
            new_site: true,
            home: site.home.clone(),
            articles: site.articles.clone(),
            events: site.events.clone(),
        });
    }
    for (i, site) in existing.iter().chain(keep).enumerate() {
        names.insert(site.name.to_lowercase());
        let urls = site.home.iter().chain(&site.articles).chain(&site.events);
        for u in urls {
            known.insert(normal(u));
            if let Some(h) = host(u) {
                by_host.entry(h).or_insert(i);
            }
        }
    }
    // Sources of a site already there; new sites come after, in file order.
    let mut to_existing: Vec<Option<usize>> = vec![None; existing.len() + keep.len()];
    let mut new_by_host: HashMap<String, usize> = HashMap::new();
    for feed in feeds {
        if !known.insert(normal(&feed.url)) {
            plan.already += 1;
            continue;
        }
        let Some(key) = feed
            .home
            .as_deref()
            .and_then(host)
            .or_else(|| host(&feed.url))
        else {
            continue;
        };
        let at = if let Some(&i) = by_host.get(&key) {
            match to_existing[i] {
                Some(a) => a,
                None if i >= existing.len() => i - existing.len(),
                None => {
                    plan.additions.push(Addition {
                        site: existing[i].name.clone(),
                        new_site: false,
                        home: None,
                        articles: vec![],
                        events: vec![],
                    });
                    to_existing[i] = Some(plan.additions.len() - 1);
                    plan.additions.len() - 1
                }
            }
        } else if let Some(&a) = new_by_host.get(&key) {
            a
        } else {
            let base = feed
                .title
                .clone()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| key.clone());
            let name = unique_name(&base, &key, &mut names);
            plan.additions.push(Addition {
                site: name,
                new_site: true,
                home: feed.home.clone(),
                articles: vec![],
                events: vec![],
            });
            new_by_host.insert(key, plan.additions.len() - 1);
            plan.additions.len() - 1
        };
        let a = &mut plan.additions[at];
        match feed.role {
            SourceRole::Articles => a.articles.push(feed.url.clone()),
            SourceRole::Events => a.events.push(feed.url.clone()),
        }
    }
    plan
}

fn unique_name(base: &str, host: &str, names: &mut HashSet<String>) -> String {
    let mut name = base.to_string();
    if names.contains(&name.to_lowercase()) {
        name = format!("{base} ({host})");
    }
    let mut n = 2;
    while names.contains(&name.to_lowercase()) {
        name = format!("{base} ({host}) {n}");
        n += 1;
    }
    names.insert(name.to_lowercase());
    name
}

/// The URL as the url crate writes it, so `HTTP://Example.org` is
/// `http://example.org/`.
fn normal(u: &str) -> String {
    url::Url::parse(u.trim())
        .map(|p| p.to_string())
        .unwrap_or_else(|_| u.trim().to_string())
}

/// The host a site is known by: lower case, without `www.`.
fn host(u: &str) -> Option<String> {
    let p = url::Url::parse(u.trim()).ok()?;
    let h = p.host_str()?.to_ascii_lowercase();
    Some(h.strip_prefix("www.").unwrap_or(&h).to_string())
}

/// Why the file could not be edited.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("{0}")]
    Toml(#[from] toml_edit::TomlError),
    #[error("`site` is not written as [[site]] tables; add the sites by hand")]
    NotTables,
}

/// `text` with the plan's sites and sources added.
pub fn apply(text: &str, plan: &Plan) -> Result<String, EditError> {
    let mut doc: DocumentMut = text.parse()?;
    if doc.get("site").is_none() {
        doc.insert("site", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let sites = doc
        .get_mut("site")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or(EditError::NotTables)?;
    for a in &plan.additions {
        if a.new_site {
            let mut t = Table::new();
            t.decor_mut().set_prefix("\n");
            t.insert("name", toml_edit::value(a.site.as_str()));
            if let Some(h) = &a.home {
                t.insert("home", toml_edit::value(h.as_str()));
            }
            for (key, urls) in [("articles", &a.articles), ("events", &a.events)] {
                if !urls.is_empty() {
                    t.insert(key, Item::Value(Value::Array(list(urls))));
                }
            }
            sites.push(t);
            continue;
        }
        let Some(t) = sites
            .iter_mut()
            .find(|t| t.get("name").and_then(Item::as_str) == Some(a.site.as_str()))
        else {
            continue;
        };
        for (key, urls) in [("articles", &a.articles), ("events", &a.events)] {
            if urls.is_empty() {
                continue;
            }
            match t.get_mut(key).and_then(Item::as_array_mut) {
                Some(arr) => {
                    let multiline = arr.trailing().as_str().is_some_and(|s| s.contains('\n'));
                    for u in urls {
                        arr.push(u.as_str());
                        if multiline && let Some(v) = arr.get_mut(arr.len() - 1) {
                            v.decor_mut().set_prefix("\n    ");
                        }
                    }
                }
                None => {
                    t.insert(key, Item::Value(Value::Array(list(urls))));
                }
            }
        }
    }
    Ok(doc.to_string())
}

/// One URL inline; more, one to a line.
fn list(urls: &[String]) -> Array {
    let mut arr: Array = urls.iter().map(String::as_str).collect();
    if urls.len() > 1 {
        for v in arr.iter_mut() {
            v.decor_mut().set_prefix("\n    ");
            v.decor_mut().set_suffix("");
        }
        arr.set_trailing("\n");
        arr.set_trailing_comma(true);
    }
    arr
}
