//! `ideawiki import`: each format on a fixture written in the shape of a real source
//! (tests/fixtures/import/), asserting the ideas, fields and bodies that come out, that no
//! word of an idea is lost, that `check` accepts the result, and that a second run
//! refuses to overwrite.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::site::{Run, TestSite};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).expect("read a fixture")
}

fn site() -> TestSite {
    TestSite::new()
        .file("ideawiki.yaml", "title: Test ideas\n")
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
}

fn import(site: &TestSite, format: &str, source: &Path, more: &[&str]) -> Run {
    let root = site.root().to_str().expect("UTF-8 temp path");
    let source = source.to_str().expect("UTF-8 fixture path");
    let mut args = vec!["import", format, source, "--root", root];
    args.extend_from_slice(more);
    site.run(&args)
}

/// The files written under `content/<dir>/`, by file name.
fn written(site: &TestSite, dir: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(site.path(&format!("content/{dir}"))).expect("the year folder") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.insert(
            name,
            std::fs::read_to_string(&path).expect("read a written file"),
        );
    }
    out
}

/// The import worked and `check` found nothing wrong with the imported files.
fn assert_imported(run: &Run) {
    run.assert_success();
    assert!(run.stdout.contains("check: "), "no check result\n{run}");
    for line in run.stderr.lines() {
        assert!(
            !line.starts_with("error[") && !line.starts_with("warning["),
            "check found a problem: {line}\n{run}"
        );
    }
}

/// Every word (letters and digits, two or more) of `source` is somewhere in `files`,
/// except the `markup` words (labels, template and table syntax).
fn assert_nothing_lost(source: &str, files: &BTreeMap<String, String>, markup: &[&str]) {
    let all = files
        .values()
        .cloned()
        .collect::<Vec<_>>()
        .join("\n")
        .to_lowercase();
    let mut missing = Vec::new();
    for word in source
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 1)
    {
        let lower = word.to_lowercase();
        if !all.contains(&lower) && !markup.iter().any(|m| m.eq_ignore_ascii_case(word)) {
            missing.push(word.to_string());
        }
    }
    missing.dedup();
    assert!(missing.is_empty(), "words lost: {missing:?}\n{files:#?}");
}

/// A second import into the same year writes nothing and names the file in the way.
fn assert_refuses_twice(site: &TestSite, format: &str, source: &Path, more: &[&str], dir: &str) {
    let before = written(site, dir);
    let again = import(site, format, source, more);
    again.assert_failure();
    again
        .stderr_has("already exists")
        .stderr_has(&format!("content/{dir}/_index.md"));
    assert_eq!(written(site, dir), before, "a refused import changed files");
}

/// An import of a fixture that worked, and what it wrote.
struct Imported {
    site: TestSite,
    format: &'static str,
    source: PathBuf,
    args: Vec<String>,
    dir: String,
    run: Run,
    files: BTreeMap<String, String>,
}

fn import_ok(format: &'static str, name: &str, program: &str, year: &str) -> Imported {
    let site = site();
    let source = fixture(name);
    let args: Vec<String> = ["--program", program, "--year", year]
        .map(String::from)
        .to_vec();
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = import(&site, format, &source, &refs);
    assert_imported(&run);
    let dir = format!("{program}/{year}");
    let files = written(&site, &dir);
    Imported {
        site,
        format,
        source,
        args,
        dir,
        run,
        files,
    }
}

impl Imported {
    fn refuses_twice(&self) {
        let refs: Vec<&str> = self.args.iter().map(String::as_str).collect();
        assert_refuses_twice(&self.site, self.format, &self.source, &refs, &self.dir);
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).expect("start marker");
    let to = text[from..]
        .find(end)
        .map_or(text.len(), |i| from + i + end.len());
    &text[from..to]
}

#[test]
fn wikitext_table_in_the_xen_wiki_shape() {
    let t = import_ok("wikitext", "xen-table.wiki", "xen", "2011");
    let (run, files) = (&t.run, &t.files);
    assert!(run.stdout.contains("imported 3 ideas"), "{run}");
    assert!(
        run.stdout
            .contains("fields: project 3/3, mentors 3/3, size 2/3, difficulty 0/3, skills 3/3"),
        "{run}"
    );
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        [
            "_index.md",
            "ameliorer-l-editeur-de-config.md",
            "pv-audio.md",
            "virtio-on-xen.md"
        ]
    );
    let virtio = &files["virtio-on-xen.md"];
    assert!(virtio.starts_with("---\ntitle: Virtio on Xen\nproject: Xen\nmentors:\n  - name: Stefano Stabellini\n    email: stefano.stabellini@eu.citrix.com\nskills:\n  - Qemu\n  - Xen\n  - Linux\n---\n"), "{virtio}");
    assert!(virtio.contains("run on **Xen** as well"), "{virtio}");
    let audio = &files["pv-audio.md"];
    assert!(
        audio.contains("  - name: Konrad Wilk\n    email: konrad.wilk@oracle.com\n"),
        "{audio}"
    );
    assert!(audio.contains("size: large\n"), "{audio}");
    assert!(
        audio.contains("- a backend that talks to `PulseAudio`"),
        "{audio}"
    );
    assert!(
        audio.contains("## Imported notes\n\n- **Size, Knowledge required:** Medium to large\n"),
        "{audio}"
    );
    let editor = &files["ameliorer-l-editeur-de-config.md"];
    assert!(
        editor.contains("title: Améliorer l'éditeur de config\nproject: XCP\n"),
        "{editor}"
    );
    assert!(
        editor
            .contains("  - name: Jane Roe\n    email: jane@example.org\n  - Tim Park\nsize: 350\n"),
        "{editor}"
    );
    assert!(
        editor.contains("[the editor's page](https://example.org/xcp/editor)"),
        "{editor}"
    );
    assert!(
        editor.contains("```\nxe vm-list params=all\n```"),
        "{editor}"
    );
    let index = &files["_index.md"];
    assert!(
        index.contains("year: 2011\nstatus: archived\nimported:\n  from: xen-table.wiki\n"),
        "{index}"
    );
    assert!(
        index.contains("## Applying for a project\n\n- Talk to a mentor"),
        "{index}"
    );
    let text = fixture_text("xen-table.wiki");
    assert_nothing_lost(
        between(&text, "{|", "|}"),
        files,
        &[
            "border",
            "Description",
            "Possible",
            "Mentor",
            "Size",
            "Knowledge",
            "required",
            "Detailed",
            "AT",
            "AND",
            "OR",
            "code",
            "pre",
            "https",
            "possibly",
            "with",
            "support",
            "from",
            // "Large (350 hours)" is written `size: 350`, which is hours.
            "hours",
        ],
    );
    t.refuses_twice();
}

#[test]
fn wikitext_template_calls_take_their_project_from_the_section() {
    let t = import_ok("wikitext", "xen-templates.wiki", "xen", "2013");
    let files = &t.files;
    assert_eq!(files.len(), 4, "{files:#?}");
    let enc = &files["utilize-hardware-memory-encryption-in-guests.md"];
    assert!(enc.contains("project: Xen Hypervisor\n"), "{enc}");
    assert!(enc.contains("difficulty: hard\n"), "{enc}");
    assert!(enc.contains("  - x86 assembly\n"), "{enc}");
    assert!(
        enc.contains(
            "outcomes:\n  - Patches posted to xen-devel, and a wiki page explaining the design.\n"
        ),
        "{enc}"
    );
    assert!(
        enc.contains("- **Date:** 01/22/2013\n- **GSoC:** Yes\n"),
        "{enc}"
    );
    let fuzz = &files["fuzz-the-hypercall-interface.md"];
    assert!(
        fuzz.contains("outcomes:\n  - A fuzzer in the tree\n  - Bugs found and reported\n"),
        "{fuzz}"
    );
    assert!(fuzz.contains("  - Wei Liu\n"), "{fuzz}");
    let mirage = &files["cloud-storage-driver-for-mirage.md"];
    assert!(
        mirage.contains("project: Mirage OS\n") && mirage.contains("difficulty: medium\n"),
        "{mirage}"
    );
    let text = fixture_text("xen-templates.wiki");
    assert_nothing_lost(
        between(&text, "{{project", "}}\n\n== Mirage"),
        files,
        &[
            "project",
            "Contact",
            "Desc",
            "Outcomes",
            "Skills",
            "Difficulty",
            "AND",
            "OR",
        ],
    );
    t.refuses_twice();
}

#[test]
fn special_export_revision_becomes_the_years_provenance() {
    let t = import_ok("wikitext", "xen-export.xml", "xen", "2011");
    let files = &t.files;
    let index = &files["_index.md"];
    assert!(
        index.contains("imported:\n  from: the Xen wiki, page “Archived/GSoc 2011 Ideas”\n  url: https://wiki.example.org/wiki/Archived/GSoc_2011_Ideas\n  revision: \"2017-02-02\"\n  author: Lars.kurth\n"),
        "{index}"
    );
    assert!(!index.contains("older revision"), "{index}");
    let trace = &files["xen-on-arm-tracing-profiling.md"];
    assert!(
        trace.contains("title: Xen on ARM tracing & profiling\n"),
        "{trace}"
    );
    assert!(trace.contains("Port the `xentrace` tool"), "{trace}");
    assert!(files["disk-driver-domain.md"].contains("size: small\n"));
    // The archived year page says where it came from.
    t.site.build_ok();
    let page = t.site.read("xen/2011/index.html");
    assert!(page.contains("Imported from <a href=\"https://wiki.example.org/wiki/Archived/GSoc_2011_Ideas\">the Xen wiki, page “Archived/GSoc 2011 Ideas”</a>, revision of <time datetime=\"2017-02-02\">2017-02-02</time> by Lars.kurth."), "{page}");
    t.refuses_twice();
}

#[test]
fn a_dry_run_prints_each_idea_and_writes_nothing() {
    let site = site();
    let run = import(
        &site,
        "wikitext",
        &fixture("xen-table.wiki"),
        &["--program", "xen", "--year", "2011", "--dry-run"],
    );
    run.assert_success();
    assert!(run.stdout.contains("idea 2: PV audio  ("), "{run}");
    assert!(run.stdout.contains("xen-table.wiki:20)"), "{run}");
    assert!(run.stdout.contains("  mentors: Stefano Stabellini (stefano.stabellini@eu.citrix.com); Konrad Wilk (konrad.wilk@oracle.com)\n"), "{run}");
    assert!(
        run.stdout
            .contains("  imported notes: Size, Knowledge required: Medium to large\n"),
        "{run}"
    );
    assert!(
        run.stdout
            .contains("dry run: nothing was written (3 ideas found)"),
        "{run}"
    );
    assert!(!site.path("content/xen").exists());
}

#[test]
fn sources_without_ideas_or_broken_fail_with_the_position() {
    let site = site().file("empty.wiki", "Just a page.\n\n== Nothing ==\nHere.\n").file(
        "broken.xml",
        "<mediawiki>\n<page><title>x</title>\n<revision><text>a</wrong></revision></page></mediawiki>\n",
    );
    let run = import(
        &site,
        "wikitext",
        &site.path("empty.wiki"),
        &["--program", "xen", "--year", "2011"],
    );
    run.assert_failure();
    run.stderr_has("found no ideas")
        .stderr_has("empty.wiki")
        .has_help();
    let run = import(
        &site,
        "wikitext",
        &site.path("broken.xml"),
        &["--program", "xen", "--year", "2011"],
    );
    run.assert_failure();
    run.stderr_has("line 3, column").stderr_has("broken.xml");
    let run = import(
        &site,
        "wikitext",
        &site.path("missing.wiki"),
        &["--program", "xen", "--year", "2011"],
    );
    run.assert_failure();
    run.stderr_has("missing.wiki");
    assert!(!site.path("content/xen").exists());
}

#[test]
fn hostile_names_never_leave_the_year_folder() {
    let site = site().file(
        "evil.wiki",
        "{|\n! Title !! Mentors !! Skills\n|-\n| ../../../etc/passwd\n| Eve\n| C\n|-\n| ---\\ntitle: x\n| Mallory\n| Rust\n|}\n",
    );
    let run = import(
        &site,
        "wikitext",
        &site.path("evil.wiki"),
        &["--program", "../x", "--year", "2011"],
    );
    assert_eq!(run.code, Some(2), "{run}");
    run.stderr_has("cannot be a folder name");
    let run = import(
        &site,
        "wikitext",
        &site.path("evil.wiki"),
        &["--program", "xen", "--year", "2011"],
    );
    assert_imported(&run);
    let files = written(&site, "xen/2011");
    assert!(files.contains_key("etc-passwd.md"), "{files:#?}");
    assert!(files.contains_key("ntitle-x.md"), "{files:#?}");
    assert!(!site.outer().join("etc").exists());
}

#[test]
fn markdown_readme_in_this_years_style() {
    let t = import_ok("markdown", "cncf-2024.md", "cncf", "2024");
    let (run, files) = (&t.run, &t.files);
    assert!(
        run.stdout.contains("fields: project 4/4, mentors 4/4, size 3/4, difficulty 3/4, skills 4/4, prerequisites 0/4, outcomes 4/4, links 3/4"),
        "{run}"
    );
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        [
            "_index.md",
            "garbage-collection-dry-run-report.md",
            "operator-upgrades-without-the-toil.md",
            "replication-metrics.md",
            "trace-comparison-view.md"
        ]
    );
    let gc = &files["garbage-collection-dry-run-report.md"];
    assert!(gc.contains("project: Harbor\nmentors:\n  - name: Dana Whitfield\n    email: dana@example.io\n    github: danaw\n  - name: Omar Haddad\n    github: ohaddad\nsize: 350\ndifficulty: medium\n"), "{gc}");
    assert!(gc.contains("outcomes:\n  - A dry-run mode in the jobservice\n  - A page in the portal that shows the report\n"), "{gc}");
    assert!(
        gc.contains(
            "links:\n  - kind: issue\n    url: https://github.com/example/harbor/issues/101\n"
        ),
        "{gc}"
    );
    assert!(gc.ends_with("---\nOperators are afraid to run garbage collection on big registries. Produce a\nreport of what a run would delete, with sizes, without deleting anything.\n"), "{gc}");
    let trace = &files["trace-comparison-view.md"];
    assert!(
        trace.contains("project: Jaeger\n") && trace.contains("size: 175\n"),
        "{trace}"
    );
    assert!(
        trace.contains("## Imported notes\n\n- **Expected project size:** Medium (175 hours) or Large (350 hours)\n- **Difficulty:** Medium/Hard\n- **Mentor availability:** weekdays, European time\n"),
        "{trace}"
    );
    // A bullet that is only a label takes the list under it.
    let ops = &files["operator-upgrades-without-the-toil.md"];
    // "primary" after a mentor is their role.
    assert!(ops.contains("mentors:\n  - name: Priya Raman\n    email: priya@example.dev\n    github: praman\n    role: primary\n  - name: Tomas Berg\n    github: tberg\nskills:\n  - Go\n  - Git\noutcomes:\n  - A study of three-way merges for generated code\n"), "{ops}");
    assert!(!ops.contains("Imported notes"), "{ops}");
    // The template in a code block is not an idea; the text before the ideas is the intro.
    assert!(files["_index.md"].contains("Maintainers who want to mentor this year"));
    let text = fixture_text("cncf-2024.md");
    assert_nothing_lost(
        &text[text.find("##### Garbage").expect("first idea")..],
        files,
        &[
            "Description",
            "Expected",
            "Outcome",
            "Recommended",
            "Skills",
            "Mentor",
            "project",
            "size",
            "Difficulty",
            "Upstream",
            "Issue",
            "URL",
            "hours",
        ],
    );
    t.refuses_twice();
}

#[test]
fn markdown_readme_in_an_older_style() {
    let t = import_ok("markdown", "cncf-2018.md", "cncf", "2018");
    let files = &t.files;
    assert_eq!(files.len(), 5, "{files:#?}");
    let stream = &files["streaming-query-results.md"];
    assert!(
        stream.contains("project: Prometheus\n")
            && stream.contains("  - name: Goran Vuk\n    github: gvuk\n"),
        "{stream}"
    );
    assert!(
        stream.contains("large queries.\nSend results in chunks instead"),
        "{stream}"
    );
    let slow = &files["log-slow-queries.md"];
    assert!(slow.contains("  - golang\n  - databases\n"), "{slow}");
    assert_eq!(slow.matches("kind: issue").count(), 2, "{slow}");
    let dnssec = &files["dnssec-key-exchange.md"];
    assert!(dnssec.contains("project: CoreDNS\nmentors:\n  - name: Mia Gold\n    github: miagold\nskills:\n  - DNSSEC\n  - cryptography\n  - Go\n"), "{dnssec}");
    assert!(
        dnssec.contains("Extra context: this is zero-touch DNSSEC."),
        "{dnssec}"
    );
    let first = &files["first-issues-for-newcomers.md"];
    assert!(
        first.contains("difficulty: easy\n") && first.contains("  - name: Tara Ng\n"),
        "{first}"
    );
    let text = fixture_text("cncf-2018.md");
    assert_nothing_lost(
        &text[text.find("#### Streaming").expect("first idea")..],
        files,
        &[
            "Description",
            "Recommended",
            "Skills",
            "Skill",
            "Mentor",
            "Mentors",
            "Issue",
            "Link",
            "Required",
            "skills",
            "Diffuculty",
            "https",
            "and",
            "CoreDNS",
        ],
    );
    t.refuses_twice();
}

#[test]
fn markdown_level_and_project_headings_can_be_given() {
    let site = site().file(
        "map.yaml",
        "project_headings: false\nlabels:\n  Mentor availability: notes\n",
    );
    let map = site.path("map.yaml");
    let map = map.to_str().expect("UTF-8");
    let run = import(
        &site,
        "markdown",
        &fixture("cncf-2024.md"),
        &[
            "--program",
            "cncf",
            "--year",
            "2024",
            "--map",
            map,
            "--dry-run",
        ],
    );
    run.assert_success();
    assert!(!run.stdout.contains("project: Harbor"), "{run}");
    // Level 4 makes the projects the ideas; they hold no labels of their own.
    let run = import(
        &site,
        "markdown",
        &fixture("cncf-2024.md"),
        &[
            "--program",
            "cncf",
            "--year",
            "2024",
            "--level",
            "4",
            "--dry-run",
        ],
    );
    run.assert_success();
    assert!(run.stdout.contains("idea 1: Harbor  ("), "{run}");
    let bad = site.path("bad.yaml");
    std::fs::write(&bad, "labels:\n  Mentor: mentor\n").expect("write");
    let run = import(
        &site,
        "markdown",
        &fixture("cncf-2024.md"),
        &[
            "--program",
            "cncf",
            "--year",
            "2024",
            "--map",
            bad.to_str().expect("UTF-8"),
        ],
    );
    run.assert_failure();
    run.stderr_has("bad.yaml")
        .stderr_has("did you mean `mentors`?");
}

#[test]
fn collection_of_jekyll_files_with_a_map() {
    let site = site();
    let source = fixture("hsf-2024");
    let map = fixture("hsf-map.yaml");
    let map = map.to_str().expect("UTF-8");
    let args = ["--program", "hsf", "--year", "2024", "--map", map];
    let run = import(&site, "collection", &source, &args);
    assert_imported(&run);
    assert!(
        run.stdout.contains("fields: project 3/3, mentors 3/3, size 3/3, difficulty 3/3, skills 2/3, prerequisites 0/3, outcomes 2/3, links 1/3"),
        "{run}"
    );
    let files = written(&site, "hsf/2024");
    let phoenix = &files["phoenix-tiled-rendering-for-large-events.md"];
    assert!(phoenix.starts_with("---\ntitle: Phoenix - tiled rendering for large events\nproject: Phoenix\nmentors:\n  - name: Edwin Hale\n    email: edwin.hale@example.ch\n  - name: Ria Sen\n    email: ria.sen@example.de\nsize: 350\ndifficulty: medium\nskills:\n  - TypeScript\n  - three.js\n  - WebGL\noutcomes:\n  - A tiled renderer behind a setting;\n"), "{phoenix}");
    assert!(
        phoenix.contains("links:\n  - title: Phoenix\n    url: https://example.org/phoenix\n"),
        "{phoenix}"
    );
    // The description heading goes, the section no field claims stays, the rest is noted.
    assert!(
        phoenix.contains("---\nPhoenix draws detector events"),
        "{phoenix}"
    );
    assert!(
        phoenix.contains("## Task ideas\n\n * Measure where the time goes today"),
        "{phoenix}"
    );
    assert!(
        phoenix.contains(
            "- **mentor_avail:** June-September\n- **organization:**\n  - CERN\n  - UniMainz\n"
        ),
        "{phoenix}"
    );
    assert!(
        !phoenix.contains("## Mentors") && !phoenix.contains("## Requirements"),
        "{phoenix}"
    );
    // A file of another year says so in its notes.
    assert!(files["ganga-job-monitoring-dashboard.md"].contains("- **year:** 2023\n"));
    assert!(files["_index.md"].contains("Proposals for GSoC 2024."));
    let mut sources = String::new();
    for name in [
        "proposal_EventDisplayTiles.md",
        "proposal_RootFitDiagnostics.md",
        "proposal_Older.md",
    ] {
        sources.push_str(&fixture_text(&format!("hsf-2024/{name}")));
    }
    assert_nothing_lost(
        &sources,
        &files,
        &[
            "gsoc_proposal",
            "duration",
            "Description",
            "Expected",
            "results",
            "milestones",
            "Requirements",
            "Mentors",
            "Links",
            "mailto",
            "https",
            "year",
            "difficulty",
        ],
    );
    assert_refuses_twice(&site, "collection", &source, &args, "hsf/2024");
    // Without the map, "Requirements" are prerequisites.
    let plain = self::site();
    let run = import(
        &plain,
        "collection",
        &source,
        &["--program", "hsf", "--year", "2024", "--dry-run"],
    );
    run.assert_success();
    assert!(
        run.stdout
            .contains("  prerequisites: * TypeScript * three.js * WebGL\n"),
        "{run}"
    );
}

#[test]
fn collection_with_toml_front_matter() {
    let t = import_ok("collection", "zola-ideas", "zola", "2023");
    let idea = &t.files["a-language-server-for-our-config-files.md"];
    assert!(idea.contains("mentors:\n  - name: Kai Moreno\n    email: kai@example.net\n    github: kaim\nsize: 175\ndifficulty: medium\nskills:\n  - Rust\n  - LSP\n"), "{idea}");
    assert!(idea.contains("- **date:** 2023-02-10\n"), "{idea}");
    // A Hugo bundle's index.md is an idea named by its folder; _index.md is the intro.
    let bundle = &t.files["dark-mode.md"];
    assert!(
        bundle
            .starts_with("---\ntitle: dark mode\nmentors:\n  - Rui Costa\ndifficulty: easy\n---\n"),
        "{bundle}"
    );
    assert!(t.files["_index.md"].contains("Ask on the forum"));
    let bad = site().file("bad/idea.md", "+++\ntitle = \"x\"\nsize = \n+++\nBody.\n");
    let run = import(
        &bad,
        "collection",
        &bad.path("bad"),
        &["--program", "x", "--year", "2023"],
    );
    run.assert_failure();
    run.stderr_has("idea.md").stderr_has("line 3, column");
    t.refuses_twice();
}

#[test]
fn html_page_with_an_ideas_table() {
    let t = import_ok("html", "wiki-page.html", "xen", "2012");
    let files = &t.files;
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        [
            "_index.md",
            "faster-xl-list.md",
            "live-migration-progress-bars.md"
        ]
    );
    let live = &files["live-migration-progress-bars.md"];
    assert!(live.starts_with("---\ntitle: Live migration & progress bars\nmentors:\n  - name: Hanna Ilves\n    email: hanna@example.org\ndifficulty: medium\nskills:\n  - C\n  - Python\n---\n"), "{live}");
    assert!(
        live.contains("in the API.\n\n- report pages sent\n- estimate the time left\n"),
        "{live}"
    );
    assert!(
        live.ends_with("## Imported notes\n\n- **Student:** Reserved\n"),
        "{live}"
    );
    let xl = &files["faster-xl-list.md"];
    assert!(
        xl.contains("title: Faster xl list\n") && xl.contains("  - Sara Lind\n"),
        "{xl}"
    );
    assert!(
        xl.contains("[bug 42](https://example.org/bugs/42)")
            && xl.contains("```\nxl list --long\n```"),
        "{xl}"
    );
    let index = &files["_index.md"];
    assert!(
        index.contains("offered in **2012**") && index.contains("Ideas not listed here"),
        "{index}"
    );
    // The page's navigation and scripts are not content.
    assert!(
        !index.contains("Recent changes") && !index.contains("tracking"),
        "{index}"
    );
    let page = fixture_text("wiki-page.html");
    let table = between(&page, "<tr><th>", "</table>");
    assert_nothing_lost(
        table,
        files,
        &[
            "tr",
            "th",
            "td",
            "Title",
            "Mentors",
            "Difficulty",
            "Skills",
            "Description",
            "amp",
            "lt",
            "gt",
            "href",
            "mailto",
            "https",
            "code",
            "pre",
            "ul",
            "li",
            "and",
            "Intermediate",
            "tbody",
            "table",
        ],
    );
    t.refuses_twice();
}

#[test]
fn html_page_of_sections_reads_like_markdown() {
    let t = import_ok("html", "confluence-export.html", "docs", "2022");
    let search = &t.files["search-index-in-the-browser.md"];
    assert!(search.contains("mentors:\n  - name: Ines Duarte\n    github: iduarte\nsize: 175\nskills:\n  - JavaScript\n  - WebAssembly\n"), "{search}");
    assert!(search.ends_with("---\nBuild the search index at build time and query it in the browser, with no server.\n"), "{search}");
    assert!(t.files["accessibility-audit.md"].contains("difficulty: easy\n"));
    assert!(t.files["_index.md"].contains("Our ideas for this year."));
    t.refuses_twice();
}

#[test]
fn a_table_inside_an_idea_stays_a_table() {
    let site = site().file(
        "nested.wiki",
        "{| class=\"wikitable\"\n! Title !! Mentors !! Details\n|-\n| Benchmarks\n| Ada Byron\n|\nCompare these:\n{| class=\"wikitable\"\n! Tool !! Speed\n|-\n| fio || fast\n|-\n| dd || slow\n|}\n|}\n",
    );
    let run = import(
        &site,
        "wikitext",
        &site.path("nested.wiki"),
        &["--program", "n", "--year", "2020"],
    );
    assert_imported(&run);
    let idea = &written(&site, "n/2020")["benchmarks.md"];
    assert!(
        idea.ends_with(
            "Compare these:\n\n| Tool | Speed |\n| --- | --- |\n| fio | fast |\n| dd | slow |\n"
        ),
        "{idea}"
    );
}

/// Sources no real page looks like: deep nesting, unclosed markup, a flood of headings or
/// labels. Each import ends with an answer (ideas or a clear refusal), never a panic or a
/// crash.
#[test]
fn hostile_sources_get_an_answer_not_a_crash() {
    let deep = 20_000;
    let cases: Vec<(&str, &str, String)> = vec![
        (
            "wikitext",
            "nested-tables.wiki",
            format!("{}{}", "{|\n! Title !! Mentors\n|-\n| a\n|\n".repeat(deep), "|}\n".repeat(deep)),
        ),
        ("wikitext", "nested-lists.wiki", format!("{}x\n", "*".repeat(deep))),
        ("wikitext", "unclosed.wiki", format!("{}{}", "{{project|Project=".repeat(deep), "[[".repeat(deep))),
        ("wikitext", "some-unclosed.wiki", format!("{}{}", "{{project|Project=".repeat(20), "[[".repeat(deep))),
        (
            "wikitext",
            "bomb.xml",
            "<!DOCTYPE m [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]><mediawiki><page><title>t</title><revision><text>&b;&b;</text></revision></page></mediawiki>".to_string(),
        ),
        ("html", "nested.html", format!("{}<table><tr><th>Title</th><th>Mentors</th></tr><tr><td>x</td><td>y</td></tr></table>", "<div><ul><li>".repeat(deep))),
        ("markdown", "headings.md", "##### Idea\n- Mentor(s): A\n- Difficulty: hard\n".repeat(deep / 4)),
        ("markdown", "fence.md", format!("```\n##### Idea\n- Mentor(s): A\n{}", "- Skills: x\n".repeat(100))),
    ];
    for (format, name, text) in cases {
        let site = site().file(name, &text);
        let run = import(
            &site,
            format,
            &site.path(name),
            &["--program", "h", "--year", "2020", "--dry-run"],
        );
        run.assert_no_panic();
        assert!(matches!(run.code, Some(0 | 1)), "{name}: {run}");
        if run.code == Some(1) {
            run.stderr_has(name);
        }
    }
    let collection = site()
        .file(
            "c/deep.md",
            &format!(
                "+++\ntitle = \"x\"\nskills = {}1{}\n+++\nBody\n",
                "[".repeat(deep),
                "]".repeat(deep)
            ),
        )
        .file(
            "c/yaml.md",
            &format!(
                "---\ntitle: y\nskills: {}1{}\n---\nBody\n",
                "[".repeat(deep),
                "]".repeat(deep)
            ),
        );
    let run = import(
        &collection,
        "collection",
        &collection.path("c"),
        &["--program", "h", "--year", "2020", "--dry-run"],
    );
    run.assert_no_panic();
    assert_eq!(run.code, Some(1), "{run}");
    run.stderr_has("deep.md");
}

#[test]
fn wikitext_sections_in_the_kde_shape() {
    let t = import_ok("wikitext", "kde-sections.wiki", "kde", "2019");
    let files = &t.files;
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        [
            "_index.md",
            "annotation-toolbar.md",
            "brush-preset-history-docker.md",
            "import-of-palette-files.md"
        ]
    );
    let brush = &files["brush-preset-history-docker.md"];
    assert!(brush.starts_with("---\ntitle: Brush preset history docker\nproject: Krita\nmentors:\n  - name: Boudewijn Example\n    email: boud@example.org\nprerequisites: C++, Qt\noutcomes:\n  - A docker that lists recent presets, with tests.\n---\nArtists switch"), "{brush}");
    let okular = &files["annotation-toolbar.md"];
    assert!(
        okular.contains("project: Okular\n") && okular.contains("  - Oliver Example\n"),
        "{okular}"
    );
    let index = &files["_index.md"];
    assert!(index.contains("## Guidelines\n\n- Pick an idea"), "{index}");
    let text = fixture_text("kde-sections.wiki");
    assert_nothing_lost(
        &text[text.find("=== Krita").expect("first project")..],
        files,
        &[
            "Brief",
            "explanation",
            "Expected",
            "results",
            "Knowledge",
            "Prerequisite",
            "Mentor",
            "AT",
            "DOT",
            "lt",
            "gt",
            "possibly",
            "with",
            "support",
            "from",
        ],
    );
    t.refuses_twice();
}

#[test]
fn the_status_flag_sets_the_year() {
    let site = site();
    let run = import(
        &site,
        "wikitext",
        &fixture("xen-table.wiki"),
        &["--program", "xen", "--year", "2011", "--status", "closed"],
    );
    assert_imported(&run);
    assert!(written(&site, "xen/2011")["_index.md"].contains("status: closed\n"));
}

/// Issues written through an organisation's own issue form, as `gh issue list --json`
/// prints them: one idea per issue, its form's labels mapped, its URL an `issue` link,
/// empty answers left out.
#[test]
fn issue_form_issues_become_ideas() {
    let site = site();
    let source = fixture("issues.json");
    let run = import(
        &site,
        "issue-form",
        &source,
        &["--program", "gsoc", "--year", "2024"],
    );
    assert_imported(&run);
    let files = written(&site, "gsoc/2024");
    let tracing = &files["tracing-for-the-storage-driver.md"];
    for expected in [
        "title: Tracing for the storage driver",
        "project: Storage",
        "github: mkowalska",
        "email: marta@example.org",
        "github: junpark",
        "size: 350",
        "difficulty: medium",
        "Go",
        "OpenTelemetry",
        "Spans for each request path",
        "https://github.com/example-org/ideas/issues/101",
    ] {
        assert!(
            tracing.contains(expected),
            "{expected} missing from:\n{tracing}"
        );
    }
    let search = &files["documentation-site-search.md"];
    assert!(search.contains("size: 175"), "{search}");
    assert!(
        !search.contains("difficulty"),
        "an empty answer is left out:\n{search}"
    );
    assert!(
        search.contains("The current index is 4 MB"),
        "nothing is lost:\n{search}"
    );
    let source_text = std::fs::read_to_string(&source).expect("fixture");
    let bodies: String = serde_json::from_str::<Vec<serde_json::Value>>(&source_text)
        .expect("JSON")
        .iter()
        .map(|i| i["body"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_nothing_lost(
        &bodies,
        &files,
        &[
            "no",
            "response",
            "expected",
            "outcome",
            "recommended",
            "skills",
            "mentor",
            "project",
            "size",
            "difficulty",
            "anything",
            "else",
            "description",
            "hour",
            "projects",
            "hours",
            "large",
            "medium",
            "at",
            "dot",
        ],
    );
    let again = import(
        &site,
        "issue-form",
        &source,
        &["--program", "gsoc", "--year", "2024"],
    );
    assert_eq!(again.code, Some(1), "{again}");
}
