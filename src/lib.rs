//! Peninsula: a turn-based diplomacy game of crisis on the Korean Peninsula.
//!
//! Four floors, data flowing one way: `rules` (RON data, loading, validation) → `sim` (the
//! engine, plain Rust, no window) → `game` (the Bevy plugin: resources, turn phases, the AI
//! systems) → `ui` and `cli` (screens and commands).
#![forbid(unsafe_code)]
// Bevy systems take their resources and queries as parameters, so long parameter lists and
// nested query types are the idiom there, not a smell.
#![allow(clippy::too_many_arguments, clippy::type_complexity)]

pub mod cli;
#[cfg(feature = "desktop")]
pub mod game;
/// Without the desktop feature (the fuzz targets): only the save files and the profile, which
/// are plain Rust.
#[cfg(not(feature = "desktop"))]
pub mod game {
    pub mod saves;
}
pub mod report;
pub mod rules;
pub mod save;
pub mod sim;
#[cfg(feature = "desktop")]
pub mod ui;
