//! Links to a page's source in the site's repository (`repository` in the config).

use crate::site::config::Repository;

/// "Edit" and "History" links for a source file, in the hosting service's URL scheme, told
/// apart by host name: GitLab puts them under `/-/`, Gitea and Forgejo (Codeberg) use
/// `_edit/` and `commits/branch/`, GitHub and the rest `edit/` and `commits/`.
pub(super) fn repository_links(repo: &Repository, source: &str) -> (String, String) {
    let base = repo.url.trim_end_matches('/');
    let dir = repo.path.trim_matches('/');
    let file = if dir.is_empty() {
        source.replace('\\', "/")
    } else {
        format!("{dir}/{}", source.replace('\\', "/"))
    };
    let branch = &repo.branch;
    let host = base.split('/').nth(2).unwrap_or("");
    if host.contains("gitlab") {
        (
            format!("{base}/-/edit/{branch}/{file}"),
            format!("{base}/-/commits/{branch}/{file}"),
        )
    } else if ["gitea", "forgejo", "codeberg"]
        .iter()
        .any(|h| host.contains(h))
    {
        (
            format!("{base}/_edit/{branch}/{file}"),
            format!("{base}/commits/branch/{branch}/{file}"),
        )
    } else {
        (
            format!("{base}/edit/{branch}/{file}"),
            format!("{base}/commits/{branch}/{file}"),
        )
    }
}
