//! Notices that accompany a disclosure: the profile's notice and the notice
//! of every category the disclosure discloses, in policy order.

use crate::plan::Plan;

/// What a notice's placeholders stand for.
#[derive(Debug, Clone)]
pub struct NoticeValues<'a> {
    pub reference: Option<&'a str>,
    /// The disclosure date, `YYYY-MM-DD`.
    pub date: String,
}

/// What each notice placeholder stands for in a disclosure by `plan`.
pub fn placeholders<'a>(
    plan: &'a Plan<'_>,
    reference: &'a str,
    date: &'a str,
) -> impl Fn(&str) -> &'a str {
    move |name| match name {
        "recipient" => &plan.recipient.name,
        "recipient_id" => &plan.recipient.id,
        "basis" => &plan.basis.description,
        "basis_id" => &plan.basis.id,
        "reference" => reference,
        "date" => date,
        "agency" => plan.policy.agency.as_deref().unwrap_or(""),
        _ => "",
    }
}

/// Render the notices: the profile's first, then each disclosed category's
/// (`disclosed[i]` says whether category `i` was disclosed). `None` when no
/// notice applies.
pub fn render(plan: &Plan<'_>, values: &NoticeValues<'_>, disclosed: &[bool]) -> Option<String> {
    let policy = plan.policy;
    let lookup = placeholders(plan, values.reference.unwrap_or(""), &values.date);
    let mut parts: Vec<String> = Vec::new();
    if let Some(t) = &plan.profile.notice {
        parts.push(t.render(&lookup));
    }
    for (i, category) in policy.categories.iter().enumerate() {
        if let (Some(t), true) = (&category.notice, disclosed.get(i).copied().unwrap_or(false)) {
            parts.push(t.render(&lookup));
        }
    }
    parts.retain(|p| !p.trim().is_empty());
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}
