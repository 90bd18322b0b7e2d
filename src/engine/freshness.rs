//! Up-to-date check: a build whose inputs have not changed since the last one does nothing.
//!
//! Parsing 10,000 files of YAML and Markdown costs more than everything else a rebuild
//! does once unchanged pages are no longer rendered, so `build` first fingerprints what the
//! output is made from without reading any of it: the size, mtime, ctime and inode of
//! every file under `content/`, `templates/`, `themes/` and `static/`, the config file,
//! the build options, the ideawiki binary, and where the site's git history stands (the
//! revision lines come from it). When that fingerprint equals the one the output folder's
//! manifest recorded, and the output's files are still the ones that build wrote, there is
//! nothing to do. Any doubt (a file that cannot be read, a build with warnings, which must
//! print them again) means a real build.
//!
//! A stamp only shows a change made after the stamp's clock ticked: on a file system with
//! one-second timestamps, an edit of the same length in the second the last build read the
//! file leaves it as it was. So, as Git does for its "racily clean" entries, a file changed
//! too shortly before the build has its content hashed too, and the next build reads it
//! again rather than trust its stamp.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rayon::prelude::*;

use crate::options::BuildOptions;
use crate::output::Inputs;
use crate::util::stamp::{Stamp, nanos_since_epoch};

/// How much older than the build a file must be for its stamp to be trusted: FAT keeps
/// mtimes to two seconds, and the clock of a network file system may lag this one's.
const RACY_MARGIN: Duration = Duration::from_secs(2);

/// The fingerprint of everything a build of `opts` reads. A file changed at `clock` (the
/// file system's time when the build began) or later, within [`RACY_MARGIN`], may change
/// again within its stamp's granularity without its stamp showing it: its content is
/// hashed too, for the next build to read again (Git's "racily clean" entries).
pub(crate) fn inputs(opts: &BuildOptions, clock: SystemTime) -> Inputs {
    let since = clock.min(SystemTime::now()) - RACY_MARGIN;
    let mut scan = Scan {
        h: crate::util::fingerprint::hasher(),
        since: nanos_since_epoch(since),
        racy: Vec::new(),
    };
    format!("{opts:?}").hash(&mut scan.h);
    let root = &opts.root;
    scan.file(&root.join(crate::site::layout::CONFIG_FILE));
    let output = opts.output_dir();
    for dir in crate::site::layout::INPUT_DIRS {
        dir.hash(&mut scan.h);
        scan.walk(&root.join(dir), &output);
    }
    scan.git_state(root);
    Inputs {
        key: scan.h.finish(),
        racy: scan.racy,
    }
}

/// The inputs scan under way.
struct Scan {
    h: crate::util::fingerprint::Hasher,
    /// Files changed at this time or later (nanoseconds since 1970) are racy.
    since: i128,
    racy: Vec<(PathBuf, u64)>,
}

impl Scan {
    /// Hashes the stamp of what `path` leads to, noting it when racy.
    fn file(&mut self, path: &Path) {
        let m = std::fs::metadata(path).ok();
        self.stamp(path, m.as_ref());
    }

    fn stamp(&mut self, path: &Path, m: Option<&std::fs::Metadata>) {
        let stamp = m.map(Stamp::from);
        stamp.hash(&mut self.h);
        if let (Some(m), Some(s)) = (m, stamp)
            && m.is_file()
            && s.changed_ns() >= self.since
        {
            // Unreadable now: a real build reports it, and the next one looks again.
            let hash = Inputs::hash_file(path).unwrap_or(0);
            self.racy.push((path.to_path_buf(), hash));
        }
    }

    /// Hashes the name and stamp of everything under `dir`, in a fixed order, leaving out
    /// the output folder (it may sit inside `static/` only by mistake, but never counts).
    /// The entries' metadata are read on every core: one `stat` per file is most of a
    /// build that finds nothing changed.
    fn walk(&mut self, dir: &Path, output: &Path) {
        let entries: Vec<_> = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.path() != output)
            .collect();
        let metadata: Vec<Option<std::fs::Metadata>> = entries
            .par_iter()
            .map(|e| e.as_ref().ok().and_then(|e| e.metadata().ok()))
            .collect();
        for (entry, m) in entries.iter().zip(&metadata) {
            match entry {
                Ok(e) => {
                    e.path().hash(&mut self.h);
                    self.stamp(e.path(), m.as_ref());
                }
                // An unreadable entry: hash the error, so the result is not "unchanged"
                // unless the very same error recurs (and a real build would report it).
                Err(e) => e.to_string().hash(&mut self.h),
            }
        }
    }

    /// Where the git history around `root` stands: HEAD and the files that change when a
    /// commit, checkout, fetch or gc moves it, and `.mailmap`, which renames authors
    /// without a commit. Outside a repository (found as revision lines find it), nothing.
    fn git_state(&mut self, root: &Path) {
        let Some(git) = crate::site::revision::git_folders(root) else {
            return;
        };
        let head = std::fs::read_to_string(git.git_dir.join("HEAD")).ok();
        head.hash(&mut self.h);
        // A linked worktree keeps its own HEAD but shares refs with the main repository.
        let mut files = vec![
            git.git_dir.join("HEAD"),
            git.git_dir.join("shallow"),
            git.common_dir.join("packed-refs"),
            git.common_dir.join("shallow"),
            git.work_tree.join(".mailmap"),
        ];
        if let Some(r) = head.as_deref().and_then(|h| h.trim().strip_prefix("ref: ")) {
            files.push(git.git_dir.join(r));
            files.push(git.common_dir.join(r));
        }
        for f in files {
            f.hash(&mut self.h);
            self.file(&f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `git ARGS…` in `dir`, away from the user's and the system's configuration.
    fn git(dir: &Path, args: &[&str]) {
        let out = std::process::Command::new("git")
            .args([
                "-c",
                "init.defaultBranch=main",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(["-c", "user.name=A", "-c", "user.email=a@example.org"])
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .expect("this test needs the `git` program on PATH");
        assert!(out.status.success(), "git {args:?}: {out:?}");
    }

    #[test]
    fn commits_in_the_repository_or_a_linked_worktree_change_the_inputs() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        let site = repo.join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        std::fs::write(site.join("content/_index.md"), "---\ntitle: Home\n---\n").unwrap();
        git(&repo, &["init", "-q"]);
        git(&repo, &["add", "."]);
        git(&repo, &["commit", "-q", "-m", "one"]);
        let opts = BuildOptions::new(&site);
        let inputs = |opts: &BuildOptions| inputs(opts, SystemTime::now()).key;
        let first = inputs(&opts);
        assert_eq!(inputs(&opts), first, "nothing moved");
        git(&repo, &["commit", "-q", "--allow-empty", "-m", "two"]);
        let second = inputs(&opts);
        assert_ne!(second, first, "a commit moves the branch HEAD names");

        // A linked worktree has its own HEAD; its branch lives with the main repository.
        git(&repo, &["worktree", "add", "-q", "-b", "side", "../linked"]);
        let linked = BuildOptions::new(tmp.path().join("linked/site"));
        let before = inputs(&linked);
        git(
            &tmp.path().join("linked"),
            &["commit", "-q", "--allow-empty", "-m", "three"],
        );
        assert_ne!(inputs(&linked), before);
        assert_eq!(
            inputs(&opts),
            second,
            "the main work tree's branch did not move"
        );
    }
}
