//! `import-opml FILE` and `export-opml`.

use std::io::Write;
use std::path::Path;

use super::output::clean;
use super::{Context, Failure};
use crate::config::edit::{self, Plan};
use crate::config::{Config, SiteConfig};

fn usage(message: String) -> Failure {
    Failure { code: 2, message }
}

pub fn export(ctx: &Context) -> Result<u8, Failure> {
    write!(
        std::io::stdout().lock(),
        "{}",
        crate::opml::export(&ctx.config)
    )?;
    Ok(0)
}

pub fn import(ctx: &Context, file: &Path, dry_run: bool) -> Result<u8, Failure> {
    if ctx.demo.is_some() {
        return Err(usage(
            "import-opml edits the config file; it cannot run with --demo".into(),
        ));
    }
    let bytes = read_capped(file).map_err(|e| usage(format!("{}: {e}", file.display())))?;
    let opml = crate::opml::parse(&bytes)
        .map_err(|e| usage(format!("{}:{}: {}", file.display(), e.line, e.message)))?;

    let path = ctx
        .config_path
        .clone()
        .unwrap_or_else(|| ctx.paths.config_dir.join("config.toml"));
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(usage(format!("{}: cannot read: {e}", path.display()))),
    };
    let in_file = Config::parse(&path, &text)?.sites;
    // Where the file lists no site the built-in one is in force: keep it.
    let keep: Vec<SiteConfig> = if in_file.is_empty() {
        ctx.config.sites.clone()
    } else {
        vec![]
    };
    let plan = edit::plan(&in_file, &keep, &opml.feeds);

    let mut err = std::io::stderr().lock();
    for s in &opml.skipped {
        writeln!(err, "skipped: {}", clean(s))?;
    }
    let kept_feeds: usize = keep.iter().map(|s| s.articles.len() + s.events.len()).sum();
    let added = plan.feeds_added() - kept_feeds;
    let mut out = std::io::stdout().lock();
    if added > 0 {
        print_plan(&mut out, &plan, keep.len(), dry_run)?;
    }
    if added > 0 && !dry_run {
        let new_text =
            edit::apply(&text, &plan).map_err(|e| usage(format!("{}: {e}", path.display())))?;
        // What is written must load: checked before the file is touched.
        Config::parse(&path, &new_text)?;
        write_atomically(&path, &new_text)
            .map_err(|e| Failure::partial(format!("{}: {e}", path.display())))?;
    }
    let verb = if dry_run { "would add" } else { "added" };
    let new_sites = plan
        .additions
        .iter()
        .skip(keep.len())
        .filter(|a| a.new_site)
        .count();
    writeln!(
        out,
        "import-opml: {verb} {} feed{} ({new_sites} new site{}), {} already configured, {} skipped · {}{}",
        added,
        plural(added),
        plural(new_sites),
        plan.already,
        opml.skipped.len(),
        clean(&path.display().to_string()),
        if dry_run { " (not changed)" } else { "" }
    )?;
    Ok(0)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn print_plan(
    out: &mut impl Write,
    plan: &Plan,
    kept: usize,
    dry_run: bool,
) -> std::io::Result<()> {
    for (i, a) in plan.additions.iter().enumerate() {
        let what = if i < kept {
            "kept, the built-in site"
        } else if a.new_site {
            "new site"
        } else {
            "more sources"
        };
        let mark = if dry_run { "~" } else { "+" };
        writeln!(out, "{mark} {} ({what})", clean(&a.site))?;
        if i < kept {
            continue;
        }
        for u in &a.articles {
            writeln!(out, "    articles  {}", clean(u))?;
        }
        for u in &a.events {
            writeln!(out, "    events    {}", clean(u))?;
        }
    }
    Ok(())
}

fn read_capped(file: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(file)?
        .take(crate::opml::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Replace the file in one step, so a failure leaves the old one whole.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
