//! The turn screen (stub while the engine lands).
use super::Screen;
use bevy::prelude::*;
pub(super) fn plugin(_app: &mut App) {}
#[allow(dead_code)]
fn _s() -> Screen {
    Screen::Dashboard
}
