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

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::options::BuildOptions;
use crate::util::stamp::Stamp;

/// The fingerprint of everything a build of `opts` reads.
pub fn inputs(opts: &BuildOptions) -> u64 {
    let mut h = crate::util::fingerprint::hasher();
    format!("{opts:?}").hash(&mut h);
    let root = &opts.root;
    Stamp::of(&root.join(crate::site::layout::CONFIG_FILE)).hash(&mut h);
    let output = opts.output_dir();
    for dir in crate::site::layout::INPUT_DIRS {
        dir.hash(&mut h);
        walk(&root.join(dir), &output, &mut h);
    }
    git_state(root).hash(&mut h);
    h.finish()
}

/// Hashes the name and stamp of everything under `dir`, in a fixed order, leaving out
/// the output folder (it may sit inside `static/` only by mistake, but never counts).
fn walk(dir: &Path, output: &Path, h: &mut impl Hasher) {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.path() != output);
    for entry in walker {
        match entry {
            Ok(e) => {
                e.path().hash(h);
                let m = e.metadata().ok();
                m.as_ref().map(Stamp::from).hash(h);
            }
            // An unreadable entry: hash the error, so the result is not "unchanged" unless
            // the very same error recurs (and a real build would report it anyway).
            Err(e) => e.to_string().hash(h),
        }
    }
}

/// Where the git history around `root` stands: HEAD and the files that change when a
/// commit, checkout, fetch or gc moves it, and `.mailmap`, which renames authors without
/// a commit. Outside a repository (found as revision lines find it), nothing.
fn git_state(root: &Path) -> Vec<(PathBuf, Option<String>, Option<Stamp>)> {
    let Some(git) = crate::site::revision::git_folders(root) else {
        return Vec::new();
    };
    let head = std::fs::read_to_string(git.git_dir.join("HEAD")).ok();
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
    files
        .into_iter()
        .map(|f| {
            let text = (f.ends_with("HEAD")).then(|| head.clone()).flatten();
            let s = Stamp::of(&f);
            (f, text, s)
        })
        .collect()
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
