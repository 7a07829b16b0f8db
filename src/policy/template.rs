//! `{placeholder}` templates: redaction labels and notices.
//!
//! A template is parsed and its placeholders checked when the policy loads,
//! so rendering cannot fail. `{{` and `}}` stand for literal braces.

use std::fmt;

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Placeholder(String),
}

/// Why a template does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// `{name}` where `name` is not one of the allowed placeholders.
    Unknown {
        name: String,
        allowed: &'static [&'static str],
    },
    /// A `{` without its `}`, or a lone `}`.
    Unbalanced,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::Unknown { name, allowed } => {
                let list: Vec<String> = allowed.iter().map(|a| format!("{{{a}}}")).collect();
                write!(
                    f,
                    "unknown placeholder {{{name}}} (allowed: {}; write {{{{ and }}}} for literal braces)",
                    list.join(", ")
                )
            }
            TemplateError::Unbalanced => {
                write!(
                    f,
                    "unbalanced brace (write {{{{ and }}}} for literal braces)"
                )
            }
        }
    }
}

impl Template {
    /// Parse `text`, allowing only the placeholders in `allowed`.
    pub fn parse(text: &str, allowed: &'static [&'static str]) -> Result<Template, TemplateError> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some('{') | None => return Err(TemplateError::Unbalanced),
                            Some(c) => name.push(c),
                        }
                    }
                    if !allowed.contains(&name.as_str()) {
                        return Err(TemplateError::Unknown { name, allowed });
                    }
                    if !literal.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut literal)));
                    }
                    parts.push(Part::Placeholder(name));
                }
                '}' => return Err(TemplateError::Unbalanced),
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(Template { parts })
    }

    /// Render with `value(name)` for each placeholder.
    pub fn render<'a>(&self, value: impl Fn(&str) -> &'a str) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Placeholder(name) => out.push_str(value(name)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALLOWED: &[&str] = &["field", "category"];

    #[test]
    fn renders_placeholders_and_escapes() {
        let t = Template::parse("[{category}:{field}] {{x}}", ALLOWED).unwrap();
        let out = t.render(|name| {
            if name == "field" {
                "ssn"
            } else {
                "identifiers"
            }
        });
        assert_eq!(out, "[identifiers:ssn] {x}");
    }

    #[test]
    fn rejects_unknown_placeholder() {
        let err = Template::parse("[{value}]", ALLOWED).unwrap_err();
        assert!(matches!(err, TemplateError::Unknown { ref name, .. } if name == "value"));
        assert!(err.to_string().contains("{value}"));
    }

    #[test]
    fn rejects_unbalanced_braces() {
        assert_eq!(
            Template::parse("[{field", ALLOWED),
            Err(TemplateError::Unbalanced)
        );
        assert_eq!(
            Template::parse("a } b", ALLOWED),
            Err(TemplateError::Unbalanced)
        );
    }
}
