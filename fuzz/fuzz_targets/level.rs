//! Levels: any text given as a level file compiles or is refused with problems; a level that
//! compiles plays one game to its end without a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use peninsula::sim::Game;
use peninsula::sim::policy::Policy;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else {
        return;
    };
    let shipped = common::shipped();
    if let Ok(sc) = peninsula::rules::load::level_from_text(
        &shipped.data.rules,
        &shipped.data.root,
        Path::new("levels/fuzz.ron"),
        text,
    ) {
        let mut game = Game::new(&sc, 7);
        game.play_out(&sc, &Policy::Random);
    }
});
