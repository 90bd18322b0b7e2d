//! Front matter as templates receive it: plain text, with addresses scrubbed per the
//! site's email policy, so no view can show an address the policy hides.

use std::borrow::Cow;

use crate::site::config::EmailPolicy;
use crate::site::email;
use crate::site::frontmatter::Extra;

/// Plain text from front matter, with addresses scrubbed per the email policy.
pub(crate) fn text(s: &str, policy: EmailPolicy) -> String {
    email::scrub(s, policy).into_owned()
}

pub(crate) fn texts(v: &[String], policy: EmailPolicy) -> Vec<String> {
    v.iter().map(|s| text(s, policy)).collect()
}

/// [`text`], borrowing `s` when the policy leaves it as it is (nearly always): an idea's
/// view is made for every idea of every build.
pub(crate) fn text_ref(s: &str, policy: EmailPolicy) -> Cow<'_, str> {
    email::scrub(s, policy)
}

/// [`texts`], borrowing as [`text_ref`] does.
pub(crate) fn texts_ref(v: &[String], policy: EmailPolicy) -> Vec<Cow<'_, str>> {
    v.iter().map(|s| text_ref(s, policy)).collect()
}

/// `extra`, with every string in it scrubbed, however deep.
pub(super) fn extra(extra: &Extra, policy: EmailPolicy) -> Extra {
    fn scrub(v: &serde_json::Value, policy: EmailPolicy) -> serde_json::Value {
        match v {
            serde_json::Value::String(s) => serde_json::Value::String(text(s, policy)),
            serde_json::Value::Array(a) => a.iter().map(|x| scrub(x, policy)).collect(),
            serde_json::Value::Object(m) => m
                .iter()
                .map(|(k, x)| (k.clone(), scrub(x, policy)))
                .collect(),
            other => other.clone(),
        }
    }
    extra
        .iter()
        .map(|(k, v)| (k.clone(), scrub(v, policy)))
        .collect()
}
