//! The manifest: what the last build wrote, so the next one can trust it without reading.
//!
//! Comparing 10,000 pages with the files on disk still means rendering and reading them
//! all, so a manifest records each output's page fingerprint and the size, mtime and inode
//! it had when written. A page whose fingerprint and file both match is neither rendered
//! nor read again. The manifest is only trusted for the same ideawiki binary, since
//! fingerprints are plain hashes that another build of the code may compute differently.
//!
//! The manifest is kept in the site's cache folder (see `cache`), not in the output: what
//! is there gets deployed, and a file that changes with every build would be uploaded with
//! every deploy. It is written after the output is in place; if that write is lost, the
//! stamps of the files that changed no longer match it, so those files are rendered again
//! rather than trusted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rayon::prelude::*;

use super::guard::MARKER;
use super::paths::output_key;
use crate::util::stamp::Stamp;
use crate::util::test_hook::step;

const HEADER: &str = "manifest 1";

/// The stamp of the output file at `path`. Outputs are stamped in the staging folder,
/// and a rename into place sets the ctime, so it is left out.
pub(super) fn stamp(path: &Path) -> Option<Stamp> {
    Stamp::of_file(path).map(Stamp::without_ctime)
}

/// Output path → the page fingerprint it was rendered from (none for static files) and the
/// file's stamp when written.
#[derive(Default)]
pub(super) struct Manifest {
    pub(super) build: String,
    /// What the build's inputs were, and what it reported, when it had no warnings.
    pub(super) inputs: Option<(Inputs, Summary)>,
    pub(super) entries: HashMap<String, (Option<u64>, Stamp)>,
}

/// What a build read (see `engine::freshness`): a fingerprint of the stamps of its input
/// files, and the content hash of each file changed too recently for its stamp to be
/// trusted (Git's "racily clean" files), which the next build reads again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Inputs {
    pub(crate) key: u64,
    pub(crate) racy: Vec<(PathBuf, u64)>,
}

impl Inputs {
    /// The hash of what the file at `path` holds.
    pub(crate) fn hash_file(path: &Path) -> Option<u64> {
        std::fs::read(path)
            .ok()
            .map(|bytes| crate::util::fingerprint::of(&bytes[..]))
    }

    /// Whether every racy file still holds what it held.
    pub(super) fn racy_files_unchanged(&self) -> bool {
        self.racy
            .iter()
            .all(|(path, hash)| Inputs::hash_file(path) == Some(*hash))
    }
}

/// What a build reports about the site, kept so that a build that finds nothing changed
/// can say the same without loading the site.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Summary {
    pub pages: usize,
    pub ideas: usize,
    pub years: usize,
    pub programs: usize,
    pub used_default_config: bool,
}

/// This binary: its version and the size and mtime of the executable, so that a rebuilt
/// ideawiki never trusts fingerprints computed by another.
pub(super) static BUILD_ID: LazyLock<String> = LazyLock::new(|| {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| stamp(&p))
        .map_or((0, 0), |s| (s.len, s.mtime_ns));
    format!(
        "{} {:x}",
        env!("CARGO_PKG_VERSION"),
        crate::util::fingerprint::of(&exe)
    )
});

impl Manifest {
    /// The manifest at `path`, when this binary wrote it; else an empty one, which trusts
    /// nothing.
    pub(super) fn read(path: &Path) -> Manifest {
        let manifest = std::fs::read_to_string(path)
            .map(|t| Manifest::parse(&t))
            .unwrap_or_default();
        if manifest.build == *BUILD_ID {
            manifest
        } else {
            Manifest::default()
        }
    }

    /// Reads a manifest from its text; anything unexpected gives an empty one.
    fn parse(text: &str) -> Manifest {
        let mut lines = text.lines().skip_while(|l| !l.starts_with(HEADER));
        let Some(header) = lines.next() else {
            return Manifest::default();
        };
        let build = header[HEADER.len()..].trim().to_string();
        let mut entries = HashMap::new();
        let mut inputs = None;
        let mut racy = Vec::new();
        for line in lines {
            if let Some(rest) = line.strip_prefix("inputs ") {
                let n: Vec<u64> = rest
                    .split(' ')
                    .filter_map(|f| u64::from_str_radix(f, 16).ok())
                    .collect();
                if let [key, pages, ideas, years, programs, default] = n[..] {
                    let summary = Summary {
                        pages: pages as usize,
                        ideas: ideas as usize,
                        years: years as usize,
                        programs: programs as usize,
                        used_default_config: default == 1,
                    };
                    inputs = Some((key, summary));
                }
                continue;
            }
            if let Some(rest) = line.strip_prefix("racy ") {
                let Some((hash, path)) = rest.split_once(' ') else {
                    return Manifest::default();
                };
                let Ok(hash) = u64::from_str_radix(hash, 16) else {
                    return Manifest::default();
                };
                racy.push((PathBuf::from(path), hash));
                continue;
            }
            let mut f = line.splitn(5, ' ');
            let (Some(fp), Some(len), Some(mtime), Some(inode), Some(path)) =
                (f.next(), f.next(), f.next(), f.next(), f.next())
            else {
                return Manifest::default();
            };
            let fp = if fp == "-" {
                None
            } else {
                u64::from_str_radix(fp, 16).ok()
            };
            let stamp = match (len.parse(), mtime.parse(), inode.parse()) {
                (Ok(len), Ok(mtime_ns), Ok(inode)) => Stamp {
                    len,
                    mtime_ns,
                    inode,
                    ctime_ns: 0,
                },
                _ => return Manifest::default(),
            };
            entries.insert(path.to_string(), (fp, stamp));
        }
        Manifest {
            build,
            inputs: inputs.map(|(key, summary)| (Inputs { key, racy }, summary)),
            entries,
        }
    }

    fn text(&self) -> String {
        use std::fmt::Write;
        let mut entries: Vec<(&String, &(Option<u64>, Stamp))> = self.entries.iter().collect();
        entries.sort_unstable_by_key(|(path, _)| *path);
        // About 60 bytes a line: one allocation for the whole text.
        let mut out = String::with_capacity(entries.len() * 96 + 256);
        let _ = writeln!(out, "{HEADER} {}", self.build);
        // A racy file whose path a line cannot hold leaves the inputs out: the next build
        // then builds for real rather than trust them.
        let racy: Option<Vec<(&str, u64)>> = self.inputs.as_ref().and_then(|(inputs, _)| {
            inputs
                .racy
                .iter()
                .map(|(p, h)| p.to_str().filter(|p| !p.contains('\n')).map(|p| (p, *h)))
                .collect()
        });
        if let (Some((inputs, s)), Some(racy)) = (&self.inputs, racy) {
            out.push_str(&format!(
                "inputs {:x} {:x} {:x} {:x} {:x} {:x}\n",
                inputs.key,
                s.pages,
                s.ideas,
                s.years,
                s.programs,
                u8::from(s.used_default_config)
            ));
            for (path, hash) in racy {
                out.push_str(&format!("racy {hash:x} {path}\n"));
            }
        }
        for (p, (fp, s)) in entries {
            match fp {
                Some(f) => _ = write!(out, "{f:016x}"),
                None => out.push('-'),
            }
            let _ = writeln!(out, " {} {} {} {p}", s.len, s.mtime_ns, s.inode);
        }
        out
    }

    /// How many files `output` holds, when they are exactly the files this manifest
    /// records, each with the stamp it had when written (the marker aside).
    pub(super) fn matches(&self, output: &Path) -> Option<usize> {
        let seen = self.files_matching(output, output)?;
        (seen == self.entries.len()).then_some(seen)
    }

    /// How many files under `dir` (in `output`) this manifest records with their stamp;
    /// `None` at the first that it does not. Every folder is listed on a task of its own:
    /// a site of 10,000 ideas has 10,000 page folders, and opening them one after the
    /// other was most of a build that finds nothing changed. Links are not followed.
    fn files_matching(&self, output: &Path, dir: &Path) -> Option<usize> {
        let entries = std::fs::read_dir(dir).ok()?;
        let entries: Vec<std::fs::DirEntry> = entries.collect::<Result<_, _>>().ok()?;
        entries
            .par_iter()
            .map(|entry| {
                let path = entry.path();
                if entry.file_type().ok()?.is_dir() {
                    return self.files_matching(output, &path);
                }
                let rel = output_key(path.strip_prefix(output).ok()?)?;
                if rel == MARKER {
                    return Some(0);
                }
                let (_, recorded) = self.entries.get(&rel)?;
                (stamp(&path) == Some(*recorded)).then_some(1)
            })
            .try_reduce(|| 0, |a, b| Some(a + b))
    }

    /// Replaces the manifest at `path` (written aside, then renamed over the old one).
    /// Losing it costs speed, never correctness (see the module's notes), so a failure only
    /// removes the old one, which no longer describes the output.
    pub(super) fn write(&self, path: &Path) {
        let text = self.text();
        step("write the manifest");
        let written = tempfile::Builder::new()
            .prefix("manifest-")
            .tempfile_in(path.parent().unwrap_or(Path::new(".")))
            .and_then(|mut f| {
                std::io::Write::write_all(&mut f, text.as_bytes())?;
                step("rename the manifest into place");
                f.persist(path).map_err(|e| e.error)?;
                Ok(())
            });
        if written.is_err() {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::stamp as stamp_of;
    use super::*;
    use crate::output::Staging;
    use crate::output::guard::MARKER_TEXT;
    use crate::output::testing::{built, manifest_of, names};

    #[test]
    fn the_text_reads_back_as_the_same_manifest() {
        let (site, out) = built(&[("a/index.html", 7, "one"), ("b c.txt", 8, "two")]);
        let mut manifest = Manifest::read(&manifest_of(site.path(), &out));
        let racy = vec![(PathBuf::from("/site/content/a b.md"), 0xdef)];
        manifest.inputs = Some((
            Inputs { key: 0xabc, racy },
            Summary {
                pages: 2,
                ideas: 1,
                years: 1,
                programs: 1,
                used_default_config: true,
            },
        ));
        let again = Manifest::parse(&manifest.text());
        assert_eq!(again.build, manifest.build);
        assert_eq!(again.inputs, manifest.inputs);
        assert_eq!(again.entries, manifest.entries);
        assert_eq!(again.entries.len(), 2);
    }

    #[test]
    fn files_are_stamped_as_written_and_the_stamps_hold_after_the_swap() {
        let (site, out) = built(&[("a/index.html", 7, "one"), ("b/c/d.txt", 8, "two")]);
        let manifest = Manifest::read(&manifest_of(site.path(), &out));
        assert_eq!(manifest.entries.len(), 2, "{:?}", manifest.entries.keys());
        for (rel, (_, stamp)) in &manifest.entries {
            assert_eq!(Some(*stamp), stamp_of(&out.join(rel)), "{rel}");
        }
    }

    #[test]
    fn a_page_with_the_same_fingerprint_and_file_is_not_rendered_again() {
        let (site, out) = built(&[("a/index.html", 7, "one"), ("b/index.html", 8, "two")]);
        // Someone edits b by hand: its stamp no longer matches, so it is compared again.
        std::fs::write(out.join("b/index.html"), b"hand-edited").unwrap();
        let s = Staging::new(site.path(), &out).unwrap();
        assert!(s.unchanged("a/index.html", 7));
        assert!(!s.unchanged("b/index.html", 8));
        assert!(s.write("b/index.html", b"two").unwrap());
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"two");
        let s = Staging::new(site.path(), &out).unwrap();
        assert!(!s.unchanged("a/index.html", 9), "another fingerprint");
    }

    #[test]
    fn the_manifest_sits_in_the_cache_folder_and_the_marker_never_changes() {
        let (site, out) = built(&[("a/index.html", 7, "one")]);
        let manifest = manifest_of(site.path(), &out);
        assert!(manifest.starts_with(site.path().join(".ideawiki")));
        let marker = std::fs::metadata(out.join(MARKER)).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join(MARKER)).unwrap(),
            MARKER_TEXT
        );
        assert!(
            std::fs::read_to_string(&manifest)
                .unwrap()
                .contains("a/index.html")
        );
        let s = Staging::new(site.path(), &out).unwrap();
        assert!(!s.unchanged("b/index.html", 8));
        s.write("b/index.html", b"two").unwrap();
        s.commit().unwrap();
        // The deployed folder changed by one new page, not by a bookkeeping file as well.
        let again = std::fs::metadata(out.join(MARKER)).unwrap();
        assert_eq!(marker.modified().unwrap(), again.modified().unwrap());
        assert!(
            std::fs::read_to_string(&manifest)
                .unwrap()
                .contains("b/index.html")
        );
        assert_eq!(names(site.path()), [".ideawiki", "public"]);
    }

    #[test]
    fn a_lost_manifest_costs_speed_not_correctness() {
        let (site, out) = built(&[("a/index.html", 7, "one")]);
        std::fs::remove_file(manifest_of(site.path(), &out)).unwrap();
        let s = Staging::new(site.path(), &out).unwrap();
        assert!(
            !s.unchanged("a/index.html", 7),
            "nothing to trust: render again"
        );
        assert!(s.write("a/index.html", b"changed").unwrap());
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"changed");
    }

    #[test]
    fn an_older_marker_holding_the_manifest_is_made_plain() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("a.html"), "one").unwrap();
        let old = format!("{MARKER_TEXT}{HEADER} 0.0.9 abc\n- 3 0 0 a.html\n");
        std::fs::write(out.join(MARKER), old).unwrap();
        let s = Staging::new(site.path(), &out).unwrap();
        assert!(!s.write("a.html", b"one").unwrap());
        s.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join(MARKER)).unwrap(),
            MARKER_TEXT
        );
    }
}
