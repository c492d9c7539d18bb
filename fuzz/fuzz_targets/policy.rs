//! Player policies: any text compiles as a policy for the sandbox or is refused; a policy that
//! compiles plays a game to its end.
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
    let sc = common::sandbox();
    if let Ok(policy) = Policy::from_text(sc, Path::new("policies/fuzz.ron"), text) {
        let mut game = Game::new(sc, 3);
        game.play_out(sc, &policy);
    }
});
