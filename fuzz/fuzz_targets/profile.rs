//! The player's profile: any text gives a profile (what could not be read takes its default,
//! with a message), and the profile written back reads again.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use peninsula::game::saves::Profile;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else {
        return;
    };
    let (profile, _) = Profile::from_text(Path::new("profile.ron"), text);
    let _ = profile.ui_scale;
});
