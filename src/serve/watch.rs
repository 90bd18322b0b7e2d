//! Watching the site: which folders, and which file events deserve a rebuild.
//!
//! Raw events are classified by plain functions (tested without a watcher), as zola's
//! `detect_change_kind` does. The engine then looks again at the files the events name
//! only (see [`crate::engine::Engine::changed`]); when events were lost, the batch names
//! every source folder instead, and the engine looks at every file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::site::layout::{
    CONFIG_FILE, CONTENT_DIR, INPUT_DIRS, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR,
};
use crate::site::load::is_ignored_name;

/// What kind of source changed, for the rebuild line and for CSS-only reloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    Content,
    Template,
    Static,
    Config,
    /// The git repository: a commit, checkout or pull moves HEAD, and revision lines
    /// follow.
    History,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Content => "content",
            ChangeKind::Template => "template",
            ChangeKind::Static => "static file",
            ChangeKind::Config => "config",
            ChangeKind::History => "git history",
        }
    }
}

/// Classifies a changed path, or `None` when it cannot affect the site (editor leftovers,
/// the output folder, files outside the watched folders). `git` is the repository's git
/// folder, if the site is in one.
pub fn classify(root: &Path, git: Option<&Path>, path: &Path) -> Option<ChangeKind> {
    if git.is_some_and(|g| path.starts_with(g)) {
        return Some(ChangeKind::History);
    }
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let first = parts.next()?;
    let name = path.file_name()?.to_string_lossy();
    if is_ignored_name(&name) {
        return None;
    }
    // A hidden or leftover folder anywhere on the way (`.git`, `.cache`) is ignored too.
    if rel
        .components()
        .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
    {
        return None;
    }
    match first.as_ref() {
        CONTENT_DIR => Some(ChangeKind::Content),
        TEMPLATES_DIR => Some(ChangeKind::Template),
        STATIC_DIR => Some(ChangeKind::Static),
        THEMES_DIR => {
            // themes/<name>/templates/… or themes/<name>/static/…
            let _theme = parts.next()?;
            match parts.next()?.as_ref() {
                STATIC_DIR => Some(ChangeKind::Static),
                _ => Some(ChangeKind::Template),
            }
        }
        f if f == CONFIG_FILE && rel.components().count() == 1 => Some(ChangeKind::Config),
        _ => None,
    }
}

/// Whether an event can change what a file holds. Reads are events too (inotify reports
/// opens and closes): counting them would make every rebuild, which reads the files,
/// trigger the next one.
pub fn changes_content(kind: &EventKind) -> bool {
    use notify::event::{MetadataKind, ModifyKind};
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(m)) => {
            matches!(m, MetadataKind::WriteTime | MetadataKind::Any)
        }
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// Every source folder and the config: what a batch of lost events may have touched.
fn everything(root: &Path) -> Vec<PathBuf> {
    INPUT_DIRS
        .iter()
        .map(|d| root.join(d))
        .chain(std::iter::once(root.join(CONFIG_FILE)))
        .collect()
}

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    /// The source folders watched so far, with the identity of the folder watched: a
    /// folder deleted and created again is a new folder, and needs a new watch.
    watched: HashMap<PathBuf, FolderId>,
    /// The git folder watched (and its `logs/`), if the site is in a repository.
    git: Option<PathBuf>,
}

/// Tells a folder from another one at the same path.
type FolderId = Option<(u64, u64)>;

fn folder_id(path: &Path) -> Option<FolderId> {
    let m = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(Some((m.dev(), m.ino())))
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        Some(None)
    }
}

/// Watches the site's source folders and the config; calls `on_change` with the changed
/// paths of each debounced batch (a save, or a `git checkout` touching many files).
pub fn watch(
    root: &Path,
    debounce: Duration,
    on_change: impl FnMut(Vec<PathBuf>) + Send + 'static,
) -> notify::Result<Watcher> {
    let mut on_change = on_change;
    let site = root.to_path_buf();
    let mut debouncer = new_debouncer(debounce, None, move |result: DebounceEventResult| {
        let mut paths: Vec<PathBuf> = match result {
            // Events were lost (the kernel's queue overflowed) or the watcher failed: say
            // that every source folder changed, so the rebuild looks at every file again
            // instead of trusting the events it got.
            Ok(events) if events.iter().any(|e| e.event.need_rescan()) => everything(&site),
            Err(_) => everything(&site),
            Ok(events) => events
                .into_iter()
                .filter(|e| changes_content(&e.event.kind))
                .flat_map(|e| e.event.paths)
                .collect(),
        };
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            on_change(paths);
        }
    })?;
    // The root itself, not recursively: the config file, and folders created later.
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    let mut watcher = Watcher {
        debouncer,
        root: root.to_path_buf(),
        watched: HashMap::new(),
        git: None,
    };
    watcher.refresh()?;
    Ok(watcher)
}

impl Watcher {
    /// Starts watching the source folders that appeared since the last call (a `static/`
    /// created while serving, a `themes/` brought by a `git checkout`), and those deleted
    /// and created again. The root's own watch reports their creation; call this before the
    /// rebuild that follows, so that every file written into them after the rebuild's scan
    /// is seen.
    pub fn refresh(&mut self) -> notify::Result<()> {
        self.refresh_git();
        for dir in INPUT_DIRS {
            let path = self.root.join(dir);
            let id = folder_id(&path);
            let known = self.watched.get(&path).copied();
            if id == known {
                continue;
            }
            if known.is_some() {
                // Gone or replaced; inotify has usually dropped the watch by itself.
                let _ = self.debouncer.unwatch(&path);
                self.watched.remove(&path);
            }
            if let Some(id) = id {
                match self.debouncer.watch(&path, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(path, id);
                    }
                    // Deleted again since the check: the next batch will tell.
                    Err(e) if matches!(e.kind, notify::ErrorKind::PathNotFound) => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(())
    }
}

impl Watcher {
    /// The git folder this watcher watches, if any.
    pub fn git_dir(&self) -> Option<&Path> {
        self.git.as_deref()
    }

    /// Watches the repository's git folder, not recursively: a commit rewrites the index
    /// and appends to `logs/HEAD`, a checkout rewrites `HEAD`. Objects and refs below are
    /// left alone (a fetch writes thousands of files that change nothing shown). A
    /// repository made or moved while serving is picked up at the next change.
    fn refresh_git(&mut self) {
        let git = crate::site::revision::git_folders(&self.root).map(|g| g.git_dir);
        if git == self.git {
            return;
        }
        if let Some(old) = self.git.take() {
            let _ = self.debouncer.unwatch(&old);
            let _ = self.debouncer.unwatch(old.join("logs"));
        }
        if let Some(dir) = git
            && self
                .debouncer
                .watch(&dir, RecursiveMode::NonRecursive)
                .is_ok()
        {
            // Without a reflog (`core.logAllRefUpdates` off) the index still tells.
            let _ = self
                .debouncer
                .watch(dir.join("logs"), RecursiveMode::NonRecursive);
            self.git = Some(dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_site_paths() {
        let root = Path::new("/site");
        let c = |p: &str| classify(root, None, &root.join(p));
        assert_eq!(c("content/gsoc/2027/a.md"), Some(ChangeKind::Content));
        assert_eq!(c("templates/year.html"), Some(ChangeKind::Template));
        assert_eq!(c("static/style.css"), Some(ChangeKind::Static));
        assert_eq!(c("themes/wiki/static/style.css"), Some(ChangeKind::Static));
        assert_eq!(
            c("themes/wiki/templates/base.html"),
            Some(ChangeKind::Template)
        );
        assert_eq!(c("ideawiki.yaml"), Some(ChangeKind::Config));
    }

    #[test]
    fn reads_are_not_changes() {
        use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
        assert!(!changes_content(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!changes_content(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(changes_content(&EventKind::Create(CreateKind::File)));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Any)));
    }

    #[test]
    fn lost_events_name_every_source() {
        let root = Path::new("/site");
        let kinds: std::collections::BTreeSet<ChangeKind> = everything(root)
            .iter()
            .filter_map(|p| classify(root, None, p))
            .collect();
        assert_eq!(kinds.len(), 4, "{kinds:?}");
    }

    #[test]
    fn git_folder_changes_are_history() {
        let root = Path::new("/site");
        let git = Path::new("/site/.git");
        let c = |p: &str| classify(root, Some(git), &root.join(p));
        assert_eq!(c(".git/index"), Some(ChangeKind::History));
        assert_eq!(c(".git/logs/HEAD"), Some(ChangeKind::History));
        assert_eq!(c("content/a.md"), Some(ChangeKind::Content));
        // Outside a repository, `.git` is a hidden folder like any other.
        assert_eq!(classify(root, None, &root.join(".git/index")), None);
    }

    #[test]
    fn ignores_leftovers_and_output() {
        let root = Path::new("/site");
        let c = |p: &str| classify(root, None, &root.join(p));
        for p in [
            "content/.a.md.swp",
            "content/a.md~",
            "content/4913",
            "content/.#a.md",
            "public/index.html",
            "content/.git/x",
            "README.md",
            "target/x",
        ] {
            assert_eq!(c(p), None, "{p}");
        }
    }
}
