//! What `init` writes for the host (GitHub's issue form and workflows, GitLab's pipeline),
//! validated against the hosts' own schemas by `check-jsonschema` (PyPI; `.ci/run`
//! installs it), and `init --title` / `--base-url`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::site::TestSite;
use crate::webdriver::{missing, program};

/// `check-jsonschema`: `$IDEAWIKI_CHECK_JSONSCHEMA`, or on `PATH`.
fn check_jsonschema(test: &str) -> Option<PathBuf> {
    let found = program("IDEAWIKI_CHECK_JSONSCHEMA", "").or_else(|| {
        std::env::split_paths(&std::env::var_os("PATH")?)
            .map(|dir| dir.join("check-jsonschema"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        missing(
            test,
            "check-jsonschema (pip install check-jsonschema, or set IDEAWIKI_CHECK_JSONSCHEMA)",
        );
    }
    found
}

/// Runs `check-jsonschema --builtin-schema SCHEMA FILES…`; `Err` holds its output.
fn validate(tool: &Path, schema: &str, files: &[PathBuf]) -> Result<(), String> {
    let out = Command::new(tool)
        .args(["--builtin-schema", schema])
        .args(files)
        .output()
        .expect("run check-jsonschema");
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn init(site: &TestSite, args: &[&str]) {
    let root = site.root().to_str().expect("UTF-8 temp path");
    let mut all = vec!["init", root];
    all.extend_from_slice(args);
    site.run(&all).assert_success();
}

#[test]
fn init_writes_an_issue_form_and_workflows_github_accepts() {
    const TEST: &str = "the issue-form and workflow schema test";
    let Some(tool) = check_jsonschema(TEST) else {
        return;
    };
    let site = TestSite::new();
    init(&site, &[]);
    let form = site.path(".github/ISSUE_TEMPLATE/project-idea.yml");
    let workflows = [
        site.path(".github/workflows/site.yml"),
        site.path(".github/workflows/idea-from-issue.yml"),
    ];
    validate(
        &tool,
        "vendor.github-issue-forms",
        std::slice::from_ref(&form),
    )
    .unwrap_or_else(|e| panic!("the issue form is not valid:\n{e}"));
    validate(&tool, "vendor.github-workflows", &workflows)
        .unwrap_or_else(|e| panic!("a workflow is not valid:\n{e}"));
    assert!(!site.path(".gitlab-ci.yml").exists());

    // The validators do reject what GitHub would: a form whose dropdown has no options.
    let text = std::fs::read_to_string(&form).expect("read the form");
    let broken = text.replacen("      options:\n", "      choices:\n", 1);
    assert_ne!(text, broken);
    std::fs::write(&form, broken).expect("break the form");
    assert!(validate(&tool, "vendor.github-issue-forms", &[form]).is_err());
}

#[test]
fn init_for_gitlab_writes_a_pipeline_gitlab_accepts() {
    const TEST: &str = "the GitLab CI schema test";
    let Some(tool) = check_jsonschema(TEST) else {
        return;
    };
    let site = TestSite::new();
    init(&site, &["--host", "gitlab"]);
    validate(&tool, "vendor.gitlab-ci", &[site.path(".gitlab-ci.yml")])
        .unwrap_or_else(|e| panic!("the pipeline is not valid:\n{e}"));
    assert!(!site.path(".github").exists());
}

#[test]
fn the_workflows_check_pull_requests_publish_main_and_convert_approved_issues() {
    let site = TestSite::new();
    init(&site, &[]);
    let read = |rel: &str| std::fs::read_to_string(site.path(rel)).expect(rel);
    let build = read(".github/workflows/site.yml");
    for needle in [
        "pull_request:",
        "branches: [main]",
        "ideawiki check --deny-warnings",
        "ideawiki build --base-url",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ] {
        assert!(build.contains(needle), "{needle}\n{build}");
    }
    let convert = read(".github/workflows/idea-from-issue.yml");
    for needle in [
        "types: [labeled]",
        "github.event.label.name == 'idea-approved'",
        "gh issue view \"$NUMBER\" --json number,title,body,url,author",
        "ideawiki new idea --from-issue",
        "gh pr create",
    ] {
        assert!(convert.contains(needle), "{needle}\n{convert}");
    }
    // Every field of the form is a field `--from-issue` reads.
    let form = read(".github/ISSUE_TEMPLATE/project-idea.yml");
    for label in [
        "Title",
        "Project",
        "Summary",
        "Description",
        "Expected outcomes",
        "Skills",
        "Size",
        "Difficulty",
        "Mentors",
        "Links",
        "Year",
    ] {
        assert!(
            form.contains(&format!("label: {label}\n")),
            "{label}\n{form}"
        );
    }
    assert!(
        form.contains("- Large (~350 hours)") && form.contains("- Hard"),
        "{form}"
    );
}

#[test]
fn init_takes_a_title_and_a_base_url() {
    let site = TestSite::new();
    init(
        &site,
        &[
            "--title",
            "Xen: project ideas",
            "--base-url",
            "https://example.org/ideas",
        ],
    );
    let config = std::fs::read_to_string(site.path("ideawiki.yaml")).expect("config");
    assert!(
        config.contains("title: \"Xen: project ideas\"\n"),
        "{config}"
    );
    assert!(
        config.contains("base_url: https://example.org/ideas/\n"),
        "{config}"
    );
    site.build_ok();
    let home = site.read("index.html");
    assert!(home.contains("Xen: project ideas"), "{home}");
    assert!(
        home.contains("href=\"/ideas/"),
        "links start with the sub-path"
    );
}

#[test]
fn init_refuses_a_base_url_that_is_not_a_web_address() {
    let site = TestSite::new();
    let root = site.root().to_str().expect("UTF-8 temp path");
    for bad in ["javascript:alert(1)", "example.org", "https://"] {
        let run = site.run(&["init", root, "--base-url", bad]);
        run.assert_no_panic();
        assert_eq!(run.code, Some(2), "a usage error\n{run}");
        run.stderr_has("not a web address");
        assert!(!site.path("ideawiki.yaml").exists(), "{run}");
    }
}
