//! The rules floor: the serde types of every RON file, loading with positions, and compilation
//! into indexed data the engine runs on. Knows nothing of the engine, the ECS or the screen.

pub mod atoms;
pub mod calendar;
pub mod compile;
pub mod diagnostics;
pub mod file_kind;
pub mod lint;
pub mod load;
pub mod model;
pub mod mods;
pub mod patch;
pub mod raw;
pub mod ron_path;

pub use diagnostics::{Diagnostic, Diagnostics};
pub use load::{
    DataSet, LevelEntry, find_data_dir, load_data, load_data_with, load_level, load_rules,
};
pub use model::*;
pub use raw::{BeijingStance, Family, Lean, Metric, ObjectiveCheck, ObjectiveKind};

/// Names of the built-in player policies: the files of `assets/policies/`, then `historical`
/// (the level's script) and `random`.
pub const BUILTIN_POLICIES: [&str; 8] = [
    "hawk",
    "dove",
    "beijing",
    "balanced",
    "deterrence",
    "adaptive",
    "historical",
    "random",
];
