//! Hot reload for modders: once a second the RON files of the data folder and of every mod
//! folder are checked for changes;
//! when one changed, the rules and levels are loaded again. New games use the new data; a game
//! in progress keeps the rules it started with. A broken edit is reported, never applied.

use super::GameData;
use crate::rules::{self, LevelEntry};
use bevy::prelude::*;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

/// What the data folder looked like at the last look: every RON file with its modification
/// time and size (so deletions and quick successive edits count too), and when to look again.
#[derive(Resource)]
pub struct DataWatch {
    pub last_change: Vec<(std::path::PathBuf, Option<SystemTime>, u64)>,
    timer: Timer,
}

/// Sent after a reload: what the game now plays with.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum DataReloaded {
    /// The new data is in use, with this many levels ready.
    Ready(usize),
    /// The new data is in use, but a level or a mod in use did not load: which, and its first
    /// problem (`level ID is not loaded: path:line:col: ...`). The levels that load are offered.
    Partly { ready: usize, problem: String },
    /// The rules did not load, so the data from before the edit is kept: their first problem.
    Kept(String),
    /// The new data is in use and every level loads, but `validate` would warn of something
    /// (an objective that can never be met): the first warning, and how many more follow
    /// (`path:line:col: field: warning: ... (and 2 more warnings: ...)`).
    Warned { ready: usize, warning: String },
}

impl DataReloaded {
    /// What a freshly loaded data set means for the player: every level ready, some not
    /// loaded (the first problem, a level's before a mod's), or all ready with warnings, those
    /// the data `before` it did not have first: the edit just made is the one named, not a
    /// warning left standing elsewhere.
    pub fn of(fresh: &rules::DataSet, before: Option<&rules::DataSet>) -> DataReloaded {
        let ready = fresh
            .levels
            .iter()
            .filter(|l| matches!(l, LevelEntry::Ready(_)))
            .count();
        let broken = fresh.levels.iter().find_map(|l| match l {
            LevelEntry::Broken { id, problems, .. } => problems
                .0
                .first()
                .map(|d| format!("level {id} is not loaded: {}", d.headline())),
            LevelEntry::Ready(_) => None,
        });
        // A mod turned on that no longer loads drops its levels from the lists: say why,
        // rather than only that there are fewer levels.
        let broken = broken.or_else(|| {
            fresh.mods.iter().filter(|m| m.enabled).find_map(|m| {
                m.first_problem()
                    .map(|p| format!("mod {} is not loaded: {p}", m.id()))
            })
        });
        if let Some(problem) = broken {
            return DataReloaded::Partly { ready, problem };
        }
        let mut all = fresh.warnings().all();
        if let Some(before) = before {
            let old = before.warnings().all();
            // Compared without their place: an edit above a standing warning moves its line.
            let standing = |d: &rules::Diagnostic| {
                (old.0.iter())
                    .any(|o| o.file == d.file && o.field == d.field && o.message == d.message)
            };
            all.0.sort_by_key(standing);
        }
        if all.is_empty() {
            DataReloaded::Ready(ready)
        } else {
            DataReloaded::Warned {
                ready,
                warning: all.first_line("warning"),
            }
        }
    }
}

pub fn plugin(app: &mut App) {
    app.add_message::<DataReloaded>()
        .add_systems(Startup, start_watch)
        .add_systems(Update, watch.run_if(resource_exists::<GameData>));
}

/// Every RON file of the data folder and of each mod folder, with its modification time and
/// size, in a fixed order.
pub fn newest_change(
    root: &Path,
    mods: &rules::mods::ModDirs,
) -> Vec<(std::path::PathBuf, Option<SystemTime>, u64)> {
    let mut files = Vec::new();
    let mut dirs: Vec<std::path::PathBuf> = ["assets/rules", "assets/policies", "levels"]
        .iter()
        .map(|d| root.join(d))
        .collect();
    for (dir, _) in mods.found() {
        dirs.push(dir.clone());
        dirs.push(dir.join("levels"));
        dirs.push(dir.join("policies"));
        dirs.push(dir.join("rules"));
    }
    for dir in dirs {
        for file in rules::load::ron_files(&dir) {
            let meta = std::fs::metadata(&file).ok();
            let modified = meta.as_ref().and_then(|m| m.modified().ok());
            let size = meta.map(|m| m.len()).unwrap_or(0);
            files.push((file, modified, size));
        }
    }
    files
}

fn start_watch(mut commands: Commands, data: Option<Res<GameData>>) {
    let last_change = data
        .map(|d| newest_change(&d.0.root, &d.0.mod_dirs))
        .unwrap_or_default();
    commands.insert_resource(DataWatch {
        last_change,
        timer: Timer::from_seconds(1.0, TimerMode::Repeating),
    });
}

fn watch(
    time: Res<Time>,
    watch: Option<ResMut<DataWatch>>,
    mut data: ResMut<GameData>,
    mut out: MessageWriter<DataReloaded>,
) {
    let Some(mut watch) = watch else { return };
    if !watch.timer.tick(time.delta()).just_finished() {
        return;
    }
    let now = newest_change(&data.0.root, &data.0.mod_dirs);
    if now == watch.last_change {
        return;
    }
    watch.last_change = now;
    match rules::load_data_with(&data.0.root, &data.0.mod_dirs) {
        Ok(fresh) => {
            let outcome = DataReloaded::of(&fresh, Some(&data.0));
            data.0 = Arc::new(fresh);
            out.write(outcome);
        }
        Err(problems) => {
            let first = problems.0.first().map(|d| d.headline()).unwrap_or_default();
            out.write(DataReloaded::Kept(first));
        }
    }
}
