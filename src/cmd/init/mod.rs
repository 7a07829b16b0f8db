//! `disclose init`: write a starter policy from sample exports.
//!
//! Every record of every sample is read and every field path is collected:
//! CSV columns, and for JSON the dotted paths of object keys with `[]` for
//! the elements of an array (`charges[].code`; an array of scalars is one
//! field, `aliases`). Each field gets a guessed kind (from its values) and a
//! guessed category (from its name), marked `# review`. The one active
//! profile drops every category: nothing is disclosed until a person
//! writes the rules. `keep` is never guessed.
//!
//! Values are only counted (how many parse as dates or numbers, how long
//! they are); no value of a sample is ever written to the policy or to a
//! message.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::cli::InitArgs;
use crate::console;
use crate::exit::ExitCode;
use crate::io::output::{Staged, Target};

mod guess;
mod render;
mod survey;

use guess::*;
use render::*;
use survey::*;

pub fn run(args: &InitArgs) -> anyhow::Result<ExitCode> {
    let target = args.output.as_deref().map(Target::from_arg);
    let mut survey = Survey::default();
    let mut sources = Vec::new();
    let read = args.read.options()?;
    for sample in &args.samples {
        if sample == Path::new("-") {
            bail!("init reads sample files; standard input (-) cannot be a sample");
        }
        if let Some(Target::File(out)) = &target
            && crate::io::fs::absolute(out).is_some()
            && crate::io::fs::absolute(out) == crate::io::fs::absolute(sample)
        {
            bail!(
                "{} is a sample; disclose never writes over its inputs",
                out.display()
            );
        }
        let records = survey
            .read(sample, read)
            .with_context(|| format!("sample {}", sample.display()))?;
        sources.push((sample.clone(), records));
    }
    for path in &survey.unnameable {
        console::warning(&format!(
            "field {path:?} cannot be named in a policy (a JSON key with \".\", \"[\" or \"]\", or an empty key); it is left out, so a run stops on it unless the policy says unclassified = \"drop\""
        ));
    }
    let fields = survey.fields();
    if fields.is_empty() {
        bail!("the samples hold no fields: a policy needs at least one");
    }
    let text = starter_policy(&sources, &fields, &survey.unnameable)?;
    match &target {
        None | Some(Target::Stdout) => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
        Some(target @ Target::File(path)) => {
            let mut staged = Staged::new(target, args.force)?;
            staged
                .file()
                .write_all(text.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
            staged.commit()?;
            console::note(&format!(
                "wrote {} ({} fields): review every line marked \"# review\", then write the profile's rules",
                path.display(),
                fields.len()
            ));
        }
    }
    Ok(ExitCode::Success)
}

#[cfg(test)]
mod tests;
