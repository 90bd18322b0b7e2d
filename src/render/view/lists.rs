//! Lists of ideas on year and term pages, made of fragments the renderer makes once per
//! idea.

use tera::Value;

use crate::diag::Diagnostic;

/// What pages list of each idea, rendered once per idea by the renderer: a year's table
/// rows and a term page's items. A page that lists thousands of ideas joins them instead
/// of running a template for each idea it lists; the ideas' values go into its context
/// only when its templates name such a list (`year.ideas`, `group.ideas`), which the
/// built-in ones do not.
pub(crate) trait IdeaFragments {
    /// Idea `i`'s row in its year's table; `None` when the theme has no template for it.
    fn row(&self, i: usize) -> Result<Option<Value>, Diagnostic>;
    /// Idea `i`'s item in term pages' lists; `None` when the theme has no template for it.
    fn item(&self, i: usize) -> Result<Option<Value>, Diagnostic>;
    /// Whether the theme's templates read lists of ideas' values.
    fn wants_values(&self) -> bool;
}

/// Which fragment a list is made of.
pub(super) type Fragment = fn(&dyn IdeaFragments, usize) -> Result<Option<Value>, Diagnostic>;

/// A list of ideas as a page shows it: each idea's fragment, and its value when the
/// templates want those too.
#[derive(Default)]
pub(super) struct IdeaList {
    pub(super) fragments: Vec<Value>,
    pub(super) values: Vec<Value>,
}

impl IdeaList {
    /// Adds idea `i`: its `fragment`, and its value (from `value`) if wanted.
    pub(super) fn push(
        &mut self,
        i: usize,
        fragments: &dyn IdeaFragments,
        fragment: Fragment,
        value: impl FnOnce() -> Value,
    ) -> Result<(), Diagnostic> {
        if let Some(f) = fragment(fragments, i)? {
            self.fragments.push(f);
        }
        if fragments.wants_values() {
            self.values.push(value());
        }
        Ok(())
    }
}
