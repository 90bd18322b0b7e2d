//! Counted nouns for messages, so every summary says "1 warning" and "2 warnings" the same
//! way instead of each one spelling its own rule.

/// `count` and the noun in the right number: `plural(1, "warning", "warnings")` is
/// `1 warning`. Both forms are given, since English plurals are not always `+ "s"`.
pub fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(plural(1, "warning", "warnings"), "1 warning");
        assert_eq!(plural(0, "warning", "warnings"), "0 warnings");
        assert_eq!(plural(2, "warning", "warnings"), "2 warnings");
        assert_eq!(plural(1, "open idea", "open ideas"), "1 open idea");
        assert_eq!(
            plural(3, "external URL", "external URLs"),
            "3 external URLs"
        );
    }
}
