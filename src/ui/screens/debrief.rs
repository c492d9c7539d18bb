//! The debrief (stub while the engine lands).
use bevy::prelude::*;
pub(super) fn plugin(_app: &mut App) {}
