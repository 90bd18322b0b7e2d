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
/// a commit. Outside a repository, nothing.
fn git_state(root: &Path) -> Vec<(PathBuf, Option<String>, Option<Stamp>)> {
    let Some((work_tree, git_dir)) = find_git_dir(root) else {
        return Vec::new();
    };
    // A linked worktree keeps its own HEAD but shares refs with the main repository.
    let common = std::fs::read_to_string(git_dir.join("commondir"))
        .ok()
        .map(|c| git_dir.join(c.trim()))
        .unwrap_or_else(|| git_dir.clone());
    let head = std::fs::read_to_string(git_dir.join("HEAD")).ok();
    let mut files = vec![
        git_dir.join("HEAD"),
        git_dir.join("shallow"),
        common.join("packed-refs"),
        common.join("shallow"),
        work_tree.join(".mailmap"),
    ];
    if let Some(r) = head.as_deref().and_then(|h| h.trim().strip_prefix("ref: ")) {
        files.push(git_dir.join(r));
        files.push(common.join(r));
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

/// The work tree holding `root` and its git folder.
fn find_git_dir(root: &Path) -> Option<(PathBuf, PathBuf)> {
    let start = root.canonicalize().ok()?;
    for dir in start.ancestors() {
        let dot_git = dir.join(".git");
        if dot_git.is_dir() {
            return Some((dir.to_path_buf(), dot_git));
        }
        if let Ok(text) = std::fs::read_to_string(&dot_git) {
            let target = text.trim().strip_prefix("gitdir:")?.trim();
            return Some((dir.to_path_buf(), dir.join(target)));
        }
    }
    None
}
