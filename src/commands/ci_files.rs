//! The hosting files `init` writes beside a new site: GitHub's issue form and workflows, or
//! GitLab's pipeline. They are tested against the hosts' own schemas
//! (`tests/testsuite/ci_files.rs`).
//!
//! The workflows never put text from an issue into a shell command: the issue's number is
//! the only value they pass, through the environment, and `ideawiki` reads the rest from
//! the JSON `gh` prints.

use crate::site::issue_form;

/// Where the site is hosted, which decides the files `init` adds for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Host {
    #[default]
    Github,
    Gitlab,
}

/// The label that turns an issue made from the form into a pull request.
pub const APPROVED_LABEL: &str = "idea-approved";

/// The files for `host`, as (path relative to the site, text).
pub(crate) fn files(host: Host) -> Vec<(String, String)> {
    match host {
        Host::Github => vec![
            (
                ".github/ISSUE_TEMPLATE/project-idea.yml".into(),
                issue_form::form_yaml(),
            ),
            (
                ".github/workflows/site.yml".into(),
                SITE_WORKFLOW.replace("{install}", INSTALL),
            ),
            (
                ".github/workflows/idea-from-issue.yml".into(),
                IDEA_WORKFLOW
                    .replace("{label}", APPROVED_LABEL)
                    .replace("{install}", INSTALL),
            ),
        ],
        Host::Gitlab => vec![(
            ".gitlab-ci.yml".into(),
            GITLAB_CI.replace("{install}", INSTALL),
        )],
    }
}

/// How the workflows get ideawiki. Until the crate is on crates.io, replace `ideawiki` with
/// `--git https://github.com/…/ideawiki` (the repository it comes from).
const INSTALL: &str = "cargo install --locked ideawiki";

const SITE_WORKFLOW: &str = "\
# Checks every pull request with `ideawiki check`, and publishes the site to GitHub Pages
# from the main branch. In the repository's settings, under Pages, choose
# \"GitHub Actions\" as the source.
name: Site

on:
  pull_request:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: site-${{ github.ref }}
  cancel-in-progress: true

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0   # the pages' revision lines come from the git history
      - name: Install ideawiki
        run: {install}
      - name: Check the ideas
        env:
          # The project's GitHub Pages address (the build job asks Pages for the real one).
          BASE_URL: https://${{ github.repository_owner }}.github.io/${{ github.event.repository.name }}/
        run: ideawiki check --deny-warnings --base-url \"$BASE_URL\"

  build:
    if: github.event_name != 'pull_request' && github.ref == 'refs/heads/main'
    needs: check
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - id: pages
        uses: actions/configure-pages@v5
      - name: Install ideawiki
        run: {install}
      - name: Build the site
        env:
          BASE_URL: ${{ steps.pages.outputs.base_url }}
        run: ideawiki build --base-url \"$BASE_URL/\"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
";

const IDEA_WORKFLOW: &str = "\
# When a maintainer adds the label `{label}` to an issue made from the \"Project idea\"
# form, turns it into an idea file (`ideawiki new idea --from-issue`) and opens a pull
# request with it. In the repository's settings, under Actions, allow GitHub Actions to
# create pull requests.
name: Idea from issue

on:
  issues:
    types: [labeled]

permissions:
  contents: write
  pull-requests: write
  issues: write

jobs:
  pull-request:
    if: github.event.label.name == '{label}'
    runs-on: ubuntu-latest
    env:
      GH_TOKEN: ${{ github.token }}
      NUMBER: ${{ github.event.issue.number }}
    steps:
      - uses: actions/checkout@v4
      - name: Install ideawiki
        run: {install}
      - name: Write the idea file
        id: idea
        run: |
          gh issue view \"$NUMBER\" --json number,title,body,url,author > \"$RUNNER_TEMP/issue.json\"
          path=\"$(ideawiki new idea --from-issue \"$RUNNER_TEMP/issue.json\")\"
          echo \"path=$path\" >> \"$GITHUB_OUTPUT\"
      - name: Open a pull request
        env:
          IDEA_PATH: ${{ steps.idea.outputs.path }}
        run: |
          branch=\"idea/issue-$NUMBER\"
          git config user.name \"github-actions[bot]\"
          git config user.email \"41898282+github-actions[bot]@users.noreply.github.com\"
          git switch -c \"$branch\"
          git add -- \"$IDEA_PATH\"
          git commit -m \"Add the idea of issue #$NUMBER\"
          git push --force origin \"$branch\"
          gh pr create --head \"$branch\" --title \"Idea of issue #$NUMBER\" \\
            --body \"Closes #$NUMBER. Written by \\`ideawiki new idea --from-issue\\`.\"
      - name: Tell the issue what went wrong
        if: failure()
        env:
          RUN_URL: ${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}
        run: |
          gh issue comment \"$NUMBER\" --body \"This issue could not be turned into an idea file: the log at $RUN_URL says why. Edit the issue, then remove and add the label again.\"
";

const GITLAB_CI: &str = "\
# Checks merge requests with `ideawiki check`, and publishes the site to GitLab Pages from
# the default branch.
image: rust:latest

variables:
  GIT_DEPTH: 0   # the pages' revision lines come from the git history

default:
  before_script:
    - {install}

check:
  stage: test
  script:
    - ideawiki check --deny-warnings --base-url \"$CI_PAGES_URL/\"
  rules:
    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH

pages:
  stage: deploy
  script:
    - ideawiki build --base-url \"$CI_PAGES_URL/\"
  artifacts:
    paths:
      - public
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_workflow_installs_the_same_way() {
        for (rel, text) in files(Host::Github).into_iter().chain(files(Host::Gitlab)) {
            if rel.ends_with(".yml") && !rel.contains("ISSUE_TEMPLATE") {
                assert!(text.contains(INSTALL), "{rel}");
                assert!(
                    !text.contains("{label}") && !text.contains("{install}"),
                    "{rel}"
                );
                // Text from an issue never reaches a shell: only its number does.
                assert!(!text.contains("github.event.issue.title"), "{rel}");
                assert!(!text.contains("github.event.issue.body"), "{rel}");
            }
        }
    }
}
