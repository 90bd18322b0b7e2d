//! Revision lines: when each source file last changed and by whom, from the site's git
//! history, like a wiki's "Revision as of 18:07, 2 February 2017 by …".
//!
//! History is read in-process with gix, in one walk from HEAD, newest commit first, that
//! stops as soon as every file under `content/` in HEAD has been placed. A file's revision
//! is the newest commit that gave it the content it has in HEAD: a commit whose tree holds
//! HEAD's blob at that path while its first parent's does not. A merge counts only when it
//! made that content itself (a conflict resolution): when the blob came from one of its
//! parents, the commit on that branch that wrote it is the revision, as `git log -1 -- file`
//! would say. Comparing blobs, not "did this commit touch the path", also keeps a change
//! that a merge later threw away from being shown.
//!
//! The date is the author's, not the committer's: the line names the author, so the date
//! should be of the same act, and rebasing or cherry-picking a change before it lands does
//! not make every page it touched look freshly edited.
//!
//! Without usable history (not a repository, no commit yet, files never committed) a page
//! simply has no line; a build never fails because of git.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gix::ObjectId;
use gix::bstr::{BStr, BString, ByteSlice};

use crate::diag::Diagnostic;
use crate::util::date::Date;

/// The last commit that changed a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Revision {
    /// `YYYY-MM-DD HH:MM` in UTC: the same text for every reader and every build.
    pub date: String,
    pub author: String,
    /// The abbreviated commit id.
    pub commit: String,
}

impl Revision {
    /// The date as RFC 3339 (`2017-02-02T18:07:00Z`), the form Atom's `updated` and a
    /// sitemap's `lastmod` want.
    pub fn rfc3339(&self) -> String {
        format!("{}:00Z", self.date.replacen(' ', "T", 1))
    }
}

/// Revisions by source path relative to `content/`, as documents name themselves
/// (`gsoc/2011/x.md`), so a lookup allocates nothing: pages, feeds and the sitemap look up
/// every file on every run. A hash map: only looked up, and building a sorted map of
/// 10 000 paths cost more than the whole history walk.
pub type Revisions = HashMap<String, Revision>;

/// Where the repository holding a site keeps what moves with its history: what `build`
/// stamps to tell whether the revision lines may have changed, and what `serve` watches.
pub(crate) struct GitFolders {
    /// The top of the work tree, where `.mailmap` sits.
    pub(crate) work_tree: PathBuf,
    /// `.git`, or a linked worktree's own folder: HEAD, the index and HEAD's log.
    pub(crate) git_dir: PathBuf,
    /// What every worktree shares (refs, `packed-refs`): the git folder itself outside a
    /// linked worktree.
    pub(crate) common_dir: PathBuf,
}

/// The folders of the repository whose work tree holds the site, found as revision lines
/// find it; `None` outside a repository, or in one that cannot be read (which has no
/// revision lines either).
pub(crate) fn git_folders(site_root: &Path) -> Option<GitFolders> {
    let repo = Repo::find(site_root).ok()??.repo;
    Some(GitFolders {
        work_tree: repo.workdir()?.canonicalize().ok()?,
        git_dir: repo.git_dir().canonicalize().ok()?,
        common_dir: repo.common_dir().canonicalize().ok()?,
    })
}

/// Keeps the last revisions read, so `serve` walks history again only when HEAD moved.
#[derive(Default)]
pub struct Cache {
    last: Option<(Key, Arc<Revisions>, Option<Diagnostic>)>,
}

/// What a walk's result depends on besides the commits themselves.
#[derive(PartialEq, Eq)]
struct Key {
    git_dir: PathBuf,
    content: BString,
    head: ObjectId,
    /// `git fetch --unshallow` adds history without moving HEAD.
    shallow: bool,
    /// The `.mailmap` file's text: editing it renames authors without a commit.
    mailmap: Option<Vec<u8>>,
}

impl Cache {
    /// The revisions of the files under `<site_root>/content/`, in one pass over history,
    /// and a warning when the repository could not be read. Costs a repository discovery
    /// and a HEAD lookup when HEAD did not move.
    ///
    /// Outside a repository, before the first commit, or when `content/` was never
    /// committed, the result is empty. In a shallow clone, files whose last change lies
    /// beyond the fetched history get no revision rather than a guess naming the wrong
    /// commit, and the warning says so.
    pub fn read(&mut self, site_root: &Path) -> (Arc<Revisions>, Option<Diagnostic>) {
        let found = Repo::find(site_root).and_then(|repo| match repo {
            Some(repo) => {
                let key = Key {
                    git_dir: repo.repo.git_dir().to_path_buf(),
                    content: repo.content.clone(),
                    head: match repo.head()? {
                        Some(id) => id,
                        None => return Ok(None),
                    },
                    shallow: repo.repo.is_shallow().unwrap_or(false),
                    mailmap: repo
                        .repo
                        .workdir()
                        .and_then(|w| std::fs::read(w.join(".mailmap")).ok()),
                };
                Ok(Some((repo, key)))
            }
            None => Ok(None),
        });
        let (repo, key) = match found {
            Ok(Some(found)) => found,
            Ok(None) => {
                self.last = None;
                return (Arc::default(), None);
            }
            Err(e) => {
                self.last = None;
                return (Arc::default(), Some(unreadable(&e)));
            }
        };
        if let Some((k, revisions, warning)) = &self.last
            && *k == key
        {
            return (revisions.clone(), warning.clone());
        }
        let (revisions, warning) = match repo.walk(key.head) {
            Ok(w) => (Arc::new(w.revisions), w.warning),
            Err(e) => (Arc::default(), Some(unreadable(&e))),
        };
        self.last = Some((key, revisions.clone(), warning.clone()));
        (revisions, warning)
    }
}

fn unreadable(e: &anyhow::Error) -> Diagnostic {
    Diagnostic::warning(
        "git-history",
        format!("could not read the git history for revision lines: {e:#}"),
    )
    .with_help("pages are built without revision lines; `git fsck` may tell what is wrong")
}

#[derive(Default)]
struct Walked {
    revisions: Revisions,
    warning: Option<Diagnostic>,
}

/// The repository holding a site, and where the site's `content/` sits inside it.
struct Repo {
    repo: gix::Repository,
    /// `content` or `sub/folder/content`, with `/` separators as in git trees.
    content: BString,
}

impl Repo {
    /// The repository whose work tree holds `site_root`; `None` when there is none.
    fn find(site_root: &Path) -> anyhow::Result<Option<Repo>> {
        let mut repo = match gix::discover(site_root) {
            Ok(repo) => repo,
            Err(e) if not_a_repository(&e) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let Some(workdir) = repo.workdir() else {
            return Ok(None);
        };
        let (Ok(workdir), Ok(site)) = (workdir.canonicalize(), site_root.canonicalize()) else {
            return Ok(None);
        };
        let Ok(inside) = site.strip_prefix(&workdir) else {
            return Ok(None);
        };
        let mut content = BString::default();
        for part in inside.components() {
            let std::path::Component::Normal(part) = part else {
                return Ok(None);
            };
            content.extend_from_slice(gix::path::os_str_into_bstr(part)?);
            content.push(b'/');
        }
        content.extend_from_slice(crate::site::layout::CONTENT_DIR.as_bytes());
        // The walk reads each commit twice (queued, then visited) and trees of parents
        // again as commits of their own; a small cache saves most of those reads.
        repo.object_cache_size_if_unset(4 * 1024 * 1024);
        Ok(Some(Repo { repo, content }))
    }

    /// The commit HEAD points at; `None` before the first commit.
    fn head(&self) -> anyhow::Result<Option<ObjectId>> {
        let head = self.repo.head()?;
        if head.is_unborn() {
            return Ok(None);
        }
        Ok(Some(self.repo.head_commit()?.id))
    }

    /// The id of the `content/` tree in the commit `commit`, if it has one.
    fn content_tree(&self, commit: ObjectId) -> anyhow::Result<Option<ObjectId>> {
        let tree_id = self.repo.find_commit(commit)?.tree_id()?;
        let entry = self.entry_at(tree_id.detach(), self.content.as_bstr())?;
        Ok(entry.filter(|(mode, _)| mode.is_tree()).map(|(_, id)| id))
    }

    /// The mode and id of the entry at `path` inside the tree `tree`.
    fn entry_at(
        &self,
        tree: ObjectId,
        path: &BStr,
    ) -> anyhow::Result<Option<(gix::objs::tree::EntryMode, ObjectId)>> {
        let mut tree = self.repo.find_tree(tree)?;
        let entry = tree.peel_to_entry(path.split(|&b| b == b'/'))?;
        Ok(entry.map(|e| (e.mode(), e.object_id())))
    }

    /// Walks history from `head` until every file under `content/` in `head` is placed.
    fn walk(&self, head: ObjectId) -> anyhow::Result<Walked> {
        let Some(head_content) = self.content_tree(head)? else {
            return Ok(Walked::default());
        };
        let mut wanted = self.files_in(head_content)?;
        let shallow: Vec<ObjectId> = self
            .repo
            .shallow_commits()?
            .map(|c| c.iter().copied().collect())
            .unwrap_or_default();
        let found = self.place(head, &mut wanted, &shallow)?;
        let revisions = self.revisions(found)?;
        let warning =
            (!shallow.is_empty() && !wanted.is_empty()).then(|| shallow_warning(wanted.len()));
        Ok(Walked { revisions, warning })
    }

    /// Path under `content/` → its blob, for every file of the `content/` tree `tree`.
    fn files_in(&self, tree: ObjectId) -> anyhow::Result<HashMap<BString, ObjectId>> {
        Ok(self
            .repo
            .find_tree(tree)?
            .traverse()
            .breadthfirst
            .files()?
            .into_iter()
            .filter(|e| e.mode.is_blob_or_symlink())
            .map(|e| (e.filepath, e.oid))
            .collect())
    }

    /// Walks history from `head`, newest first, taking out of `wanted` (path → its blob in
    /// HEAD) each file whose revision it finds, until none is left. Returns the files
    /// placed with their commit. Commits in `shallow` have parents that were not fetched.
    fn place(
        &self,
        head: ObjectId,
        wanted: &mut HashMap<BString, ObjectId>,
        shallow: &[ObjectId],
    ) -> anyhow::Result<Vec<(BString, ObjectId)>> {
        let mut found = Vec::new();
        // Commit → its `content/` tree, each read once: as a commit, then as a parent.
        let mut trees: HashMap<ObjectId, Option<ObjectId>> = HashMap::new();
        let mut diff = Differ::default();
        let walk = self
            .repo
            .rev_walk([head])
            .sorting(gix::revision::walk::Sorting::ByCommitTime(
                gix::traverse::commit::simple::CommitTimeOrder::NewestFirst,
            ))
            .all()?;
        for info in walk {
            if wanted.is_empty() {
                break;
            }
            let info = info?;
            let id = info.id;
            let Some(tree) = take_or(&mut trees, id, || self.content_tree(id))? else {
                continue;
            };
            let parents: Vec<ObjectId> = info.parent_ids().map(|p| p.detach()).collect();
            if parents.is_empty() && shallow.contains(&id) {
                // The parents were not fetched: what changed here is unknown.
                continue;
            }
            let parent_trees = self.parent_trees(&parents, &mut trees)?;
            let first = parent_trees.first().copied().flatten();
            if first == Some(tree) {
                continue;
            }
            for (path, blob) in diff.changes(self, first, tree)? {
                if wanted.get(&path) != Some(&blob) {
                    continue;
                }
                if self.brought_from_other_parent(&parent_trees, path.as_bstr(), blob)? {
                    continue;
                }
                wanted.remove(&path);
                found.push((path, id));
            }
        }
        Ok(found)
    }

    /// The `content/` trees of `parents`, remembered in `trees` for when the walk reaches
    /// them as commits.
    fn parent_trees(
        &self,
        parents: &[ObjectId],
        trees: &mut HashMap<ObjectId, Option<ObjectId>>,
    ) -> anyhow::Result<Vec<Option<ObjectId>>> {
        let mut parent_trees = Vec::with_capacity(parents.len());
        for &p in parents {
            let t = match trees.get(&p) {
                Some(t) => *t,
                None => {
                    let t = self.content_tree(p)?;
                    trees.insert(p, t);
                    t
                }
            };
            parent_trees.push(t);
        }
        Ok(parent_trees)
    }

    /// The revision lines of the files `found` (path, commit), reading each commit once.
    fn revisions(&self, found: Vec<(BString, ObjectId)>) -> anyhow::Result<Revisions> {
        let mut by_commit: HashMap<ObjectId, Revision> = HashMap::new();
        // `.mailmap` in the work tree (or HEAD's, in a bare repository); none is empty.
        let mailmap = self.repo.open_mailmap();
        let mut revisions = Revisions::with_capacity(found.len());
        for (path, commit) in found {
            let revision = match by_commit.get(&commit) {
                Some(r) => r.clone(),
                None => {
                    let r = self.revision(commit, &mailmap)?;
                    by_commit.insert(commit, r.clone());
                    r
                }
            };
            // Paths in git are `/`-separated like `rel`; a name that is not UTF-8 cannot be
            // a page (the walk skips it), so it needs no revision.
            if let Ok(path) = String::from_utf8(path.into()) {
                revisions.insert(path, revision);
            }
        }
        Ok(revisions)
    }

    /// Whether a merge's non-first parent already had `blob` at `path`: then the merge only
    /// brought it over, and the commit that wrote it lies on that parent's side.
    fn brought_from_other_parent(
        &self,
        parent_trees: &[Option<ObjectId>],
        path: &BStr,
        blob: ObjectId,
    ) -> anyhow::Result<bool> {
        for tree in parent_trees.iter().skip(1).flatten() {
            if self
                .entry_at(*tree, path)?
                .is_some_and(|(_, id)| id == blob)
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn revision(
        &self,
        commit: ObjectId,
        mailmap: &gix::mailmap::Snapshot,
    ) -> anyhow::Result<Revision> {
        let commit = self.repo.find_commit(commit)?;
        let author = commit.author()?;
        // The name `.mailmap` gives the author, as `git log --use-mailmap` shows it: one
        // person who committed under several names or addresses shows under one.
        let name = mailmap.try_resolve(author).map(|s| s.name);
        let name = name.as_ref().map_or(author.name, |n| n.as_ref());
        Ok(Revision {
            date: utc_minutes(author.seconds()),
            author: name.to_str_lossy().trim().to_string(),
            commit: commit.id().shorten_or_id().to_string(),
        })
    }
}

/// Says that `missing` files of a shallow clone got no revision, and how to fix it.
fn shallow_warning(missing: usize) -> Diagnostic {
    Diagnostic::warning(
        "git-shallow",
        format!(
            "this is a shallow clone: {} under content/ changed last before the oldest \
             fetched commit and {} no revision line",
            crate::util::text::plural(missing, "file", "files"),
            if missing == 1 { "has" } else { "have" }
        ),
    )
    .with_help("fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` in CI)")
}

/// Takes the memoized value for `key` (each commit is visited once), or computes it.
fn take_or<T>(
    memo: &mut HashMap<ObjectId, T>,
    key: ObjectId,
    compute: impl FnOnce() -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    match memo.remove(&key) {
        Some(v) => Ok(v),
        None => compute(),
    }
}

fn not_a_repository(e: &gix::Error) -> bool {
    use gix::discover::upwards::Error as E;
    matches!(
        e.downcast_any_ref::<E>(),
        Some(
            E::NoGitRepository { .. }
                | E::NoGitRepositoryWithinCeiling { .. }
                | E::NoGitRepositoryWithinFs { .. }
        )
    )
}

/// Tree diffs with their buffers kept between commits.
#[derive(Default)]
struct Differ {
    state: gix::diff::tree::State,
    old: Vec<u8>,
    new: Vec<u8>,
}

impl Differ {
    /// Files (path under `content/`, new blob) added or changed from `old` to `new`.
    fn changes(
        &mut self,
        repo: &Repo,
        old: Option<ObjectId>,
        new: ObjectId,
    ) -> anyhow::Result<Vec<(BString, ObjectId)>> {
        use gix::prelude::Find;
        let kind = new.kind();
        self.old.clear();
        if let Some(old) = old {
            repo.repo.objects.try_find(&old, &mut self.old)?;
        }
        repo.repo.objects.try_find(&new, &mut self.new)?;
        let mut recorder = gix::diff::tree::Recorder::default();
        gix::diff::tree(
            gix::objs::TreeRefIter::from_bytes(&self.old, kind),
            gix::objs::TreeRefIter::from_bytes(&self.new, kind),
            &mut self.state,
            &repo.repo.objects,
            &mut recorder,
        )?;
        use gix::diff::tree::recorder::Change;
        Ok(recorder
            .records
            .into_iter()
            .filter_map(|c| match c {
                Change::Addition {
                    entry_mode,
                    oid,
                    path,
                    ..
                }
                | Change::Modification {
                    entry_mode,
                    oid,
                    path,
                    ..
                } if entry_mode.is_blob_or_symlink() => Some((path, oid)),
                _ => None,
            })
            .collect())
    }
}

/// `YYYY-MM-DD HH:MM` in UTC for seconds since 1970.
fn utc_minutes(seconds: i64) -> String {
    let date = Date::from_days(seconds.div_euclid(86_400));
    let minutes = seconds.rem_euclid(86_400) / 60;
    format!("{date} {:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_utc() {
        assert_eq!(utc_minutes(0), "1970-01-01 00:00");
        // 2017-02-02 18:07:59 UTC, the seed's revision line.
        assert_eq!(utc_minutes(1_486_058_879), "2017-02-02 18:07");
        // Leap day, and the day after a century that is a leap year.
        assert_eq!(utc_minutes(951_782_400), "2000-02-29 00:00");
        assert_eq!(utc_minutes(951_868_799), "2000-02-29 23:59");
        assert_eq!(utc_minutes(4_107_542_400), "2100-03-01 00:00");
        assert_eq!(utc_minutes(-60), "1969-12-31 23:59");
    }

    #[test]
    fn rfc3339_from_the_date() {
        let r = Revision {
            date: "2017-02-02 18:07".into(),
            author: "A".into(),
            commit: "abc1234".into(),
        };
        assert_eq!(r.rfc3339(), "2017-02-02T18:07:00Z");
    }

    #[test]
    fn no_repository_no_revisions() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        let (revisions, warning) = Cache::default().read(dir.path());
        assert!(revisions.is_empty());
        assert!(warning.is_none(), "{warning:?}");
    }
}
