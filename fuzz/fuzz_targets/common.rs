//! What every fuzz target shares: the shipped data, loaded once, and the one rule each target
//! checks — a loader gives a value or an error, and never panics or aborts.

#![allow(dead_code)]

use peninsula::rules::patch::RawRules;
use peninsula::rules::{DataSet, Scenario};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub struct Shipped {
    pub data: DataSet,
    pub raw: RawRules,
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn shipped() -> &'static Shipped {
    static SHIPPED: OnceLock<Shipped> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        let root = root();
        let data = peninsula::rules::load_data(&root).expect("the shipped data loads");
        let raw = peninsula::rules::load::read_rules(&root).expect("the shipped rules parse");
        Shipped { data, raw }
    })
}

pub fn sandbox() -> &'static Scenario {
    shipped()
        .data
        .level("sandbox")
        .and_then(|l| l.scenario())
        .expect("the sandbox loads")
}

/// The input as text, or None (the loaders take UTF-8 text).
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}
