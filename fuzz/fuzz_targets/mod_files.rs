//! A mod's own files: the first byte picks a rules patch (actions, pyongyang, beijing, events,
//! ladder, advisors) or the manifest `mod.ron`; a patch is applied to the shipped rules and the
//! result compiled. Each gives a value or problems, never a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use peninsula::rules::mods::ModManifest;
use peninsula::rules::patch::{Changes, PATCH_FILES, Patcher, apply_text};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Some(text) = common::text(rest) else {
        return;
    };
    let which = which as usize % (PATCH_FILES.len() + 1);
    if which == PATCH_FILES.len() {
        let _ = peninsula::rules::load::parse::<ModManifest>(Path::new("mod.ron"), text);
        return;
    }
    let shipped = common::shipped();
    let mut raw = shipped.raw.clone();
    let mut diags = Default::default();
    let mut changes = Changes::default();
    let mut p = Patcher::new("fuzz", &[], &mut diags, &mut changes);
    let path = Path::new("fuzz/rules").join(PATCH_FILES[which]);
    apply_text(&mut raw, &mut p, &path, "fuzz", text.to_string());
    if diags.is_empty() {
        let _ = peninsula::rules::load::compile_rules(&raw);
    }
});
