//! Rules files: the first byte picks which of the seven base rules files the rest of the input
//! replaces; the set parses and compiles, or is refused with problems, and the validator's
//! warnings run on what compiles.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use peninsula::rules::load::{self, RULE_FILES};

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Some(text) = common::text(rest) else {
        return;
    };
    let shipped = common::shipped();
    let mut texts = shipped.raw.base.clone().map(|f| f.text.clone());
    texts[which as usize % RULE_FILES.len()] = text.to_string();
    let Ok(raw) = load::rules_from_texts(&shipped.data.root, texts) else {
        return;
    };
    if let Ok(rules) = load::compile_rules(&raw) {
        let _ = peninsula::rules::lint::lint_rules(&raw, &rules);
    }
});
