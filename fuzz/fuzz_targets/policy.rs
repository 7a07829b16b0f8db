#![no_main]
//! The policy loader over arbitrary TOML text: no panic, and a policy it
//! accepts is usable: every profile's recipient/basis pairs resolve, their
//! redactors (with the scrub detectors) compile or fail with an error, and
//! their notices render.

use std::path::Path;

use disclose::api::Plan;
use disclose::api::Policy;
use disclose::api::Request;
use disclose::api::{Engine, RunOptions};
use disclose::api::{NoticeValues, notice};
use disclose::api::{PseudonymKey, TEST_KEY};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A directory that does not exist: terms_file is read relative to it,
    // so nothing on disk is touched.
    let path = Path::new("/nonexistent-disclose-fuzz/policy.toml");
    let policy = match Policy::parse(path, text) {
        Ok(policy) => policy,
        Err(e) => {
            let message = format!("{e:#}");
            assert!(message.contains("policy.toml"), "{message}");
            return;
        }
    };
    let key = PseudonymKey::from_bytes(TEST_KEY).expect("test key");
    let today = jiff::civil::date(2026, 11, 27);
    for (pi, profile) in policy.profiles.iter().enumerate() {
        for &r in &profile.recipients {
            for &b in &profile.bases {
                let plan = Plan::resolve(&policy, &policy.recipients[r].id, &policy.bases[b].id)
                    .expect("a profile's own pair resolves");
                assert_eq!(plan.profile_index, pi, "two profiles cover one pair");
                let options = RunOptions {
                    silent: true,
                    ..RunOptions::default()
                };
                let _ = Engine::new(
                    &plan,
                    &Request::default(),
                    Some(key.clone()),
                    today,
                    options,
                );
                let disclosed = vec![true; policy.categories.len()];
                let _ = notice::render(
                    &plan,
                    &NoticeValues {
                        reference: Some("REF"),
                        date: today.to_string(),
                    },
                    &disclosed,
                );
            }
        }
    }
});
