//! The screenshot tour (stub while the engine lands).
use bevy::prelude::*;
#[derive(Resource)]
pub struct Tour(pub std::path::PathBuf);
impl Tour {
    pub fn new(p: std::path::PathBuf) -> Self {
        Tour(p)
    }
}
pub fn plugin(_app: &mut App) {}
pub fn startup_probe(_app: &mut App) {}
