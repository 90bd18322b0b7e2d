//! Ideas from a table whose first row names the columns, as wiki and HTML pages keep them
//! ("Description | Project | Possible Mentor(s) | Size, Knowledge required | Detailed
//! Description" on the Xen wiki). One row is one idea; each cell is a labelled value.

use super::labels::{Field, Labels};
use super::raw::{RawIdea, plain};

/// A table as a reader found it: cell texts already Markdown.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    pub(crate) header: Vec<String>,
    /// Each row's cells, and where the row starts (`file:line`).
    pub(crate) rows: Vec<(Vec<String>, String)>,
}

/// Whether the columns look like ideas: at least two columns whose labels mean a field
/// other than notes, one of them neither the title nor the project.
pub(crate) fn is_ideas_table(header: &[String], labels: &Labels) -> bool {
    let fields: Vec<Field> = header.iter().filter_map(|h| labels.field(h)).collect();
    let telling = fields
        .iter()
        .filter(|f| {
            !matches!(
                f,
                Field::Title | Field::Project | Field::Notes | Field::Year
            )
        })
        .count();
    header.len() >= 2 && telling >= 1 && fields.len() >= 2
}

/// The ideas of an ideas table. The title is the column labelled as one (`Title`, `Idea`),
/// else the first column; `group` is the heading the table sits under.
pub(crate) fn ideas(table: &Table, labels: &Labels, group: Option<&str>) -> Vec<RawIdea> {
    let title_col = table
        .header
        .iter()
        .position(|h| labels.field(h) == Some(Field::Title))
        .unwrap_or(0);
    let mut out = Vec::new();
    for (cells, origin) in &table.rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let title_cell = cells.get(title_col).map(|c| c.trim()).unwrap_or("");
        let title_text = title_cell.split("\n\n").next().unwrap_or("");
        let mut idea = RawIdea {
            title: plain(title_text),
            origin: origin.clone(),
            group: group.map(str::to_string),
            ..RawIdea::default()
        };
        for (i, cell) in cells.iter().enumerate() {
            if i == title_col {
                // A title cell with more than a title (a paragraph under it) keeps the rest.
                if let Some((_, rest)) = cell.trim().split_once("\n\n") {
                    idea.fields.push(("Description".into(), rest.to_string()));
                }
                continue;
            }
            let label = table
                .header
                .get(i)
                .filter(|h| !h.trim().is_empty())
                .map_or_else(|| format!("Column {}", i + 1), |h| plain(h));
            idea.fields.push((label, cell.clone()));
        }
        out.push(idea);
    }
    out
}

/// Cells (Markdown blocks) as a Markdown table, the first row as its header: a table
/// inside an idea's description, kept as a table.
pub(crate) fn markdown_table(rows: Vec<Vec<String>>) -> String {
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .filter(|r| !r.is_empty())
        .map(|r| {
            r.iter()
                .map(|cell| {
                    cell.replace('|', "\\|")
                        .lines()
                        .filter(|l| !l.trim().is_empty())
                        .collect::<Vec<_>>()
                        .join("<br>")
                })
                .collect()
        })
        .collect();
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = String::new();
    for (i, mut row) in rows.into_iter().enumerate() {
        row.resize(width, String::new());
        out.push_str(&format!("| {} |\n", row.join(" | ")));
        if i == 0 {
            out.push_str(&format!("|{}\n", " --- |".repeat(width)));
        }
    }
    out
}
