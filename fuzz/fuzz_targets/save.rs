//! Saves and command logs: a save is read, then the game it describes rebuilt (every move
//! replayed); a moves file is read. Each gives a game or a message, never a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use peninsula::game::saves::{parse_save, restore};
use peninsula::rules::raw::MovesFile;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else {
        return;
    };
    let shipped = common::shipped();
    if let Ok(save) = parse_save(Path::new("fuzz.ron"), text) {
        let _ = restore(&shipped.data, &save);
    }
    let _ = peninsula::rules::load::parse::<MovesFile>(Path::new("moves.ron"), text);
});
