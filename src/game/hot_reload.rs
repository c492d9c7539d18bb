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
        // What does not load: the problems the data `before` did not have first, so that the
        // edit just made is the one named, not a level or a mod broken since the game began.
        let mut broken = not_loaded(fresh);
        if let Some(before) = before {
            let old = not_loaded(before);
            broken.sort_by_key(|(key, _)| old.iter().any(|(k, _)| k == key));
        }
        if let Some((_, first)) = broken.first() {
            let problem = match broken.len() - 1 {
                0 => first.clone(),
                1 => format!("{first} (and 1 more level or mod not loaded)"),
                n => format!("{first} (and {n} more levels or mods not loaded)"),
            };
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

/// Every level that does not load, then every mod turned on that does not (which drops its
/// levels from the lists: said why, rather than only that there are fewer levels), each with
/// its first problem: a key that leaves out where the problem stands (an edit above it moves
/// it), and the line said (`level ID is not loaded: path:line:col: ...`).
fn not_loaded(data: &rules::DataSet) -> Vec<(String, String)> {
    let levels = data.levels.iter().filter_map(|l| match l {
        LevelEntry::Broken { id, problems, .. } => problems.0.first().map(|d| {
            (
                format!("level {id}: {} {}", d.field, d.message),
                format!("level {id} is not loaded: {}", d.headline()),
            )
        }),
        LevelEntry::Ready(_) => None,
    });
    let mods = data.mods.iter().filter(|m| m.enabled).filter_map(|m| {
        let problem = m.first_problem()?;
        let key = format!("mod {}: {}", m.id(), problem_without_place(&problem));
        Some((key, format!("mod {} is not loaded: {problem}", m.id())))
    });
    levels.chain(mods).collect()
}

/// A headline (`path:line:col: field: message`) without its line and column.
fn problem_without_place(headline: &str) -> String {
    let mut parts = headline.splitn(4, ':');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(path), Some(line), Some(col), Some(rest))
            if line.trim().parse::<usize>().is_ok() && col.trim().parse::<usize>().is_ok() =>
        {
            format!("{path}:{rest}")
        }
        _ => headline.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::mods::ModDirs;

    /// One mod broken since the game began and another broken by the edit just made: the notice
    /// names the new one, and counts the other.
    #[test]
    fn the_mod_the_last_edit_broke_is_the_one_named() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mods = std::env::temp_dir().join(format!("peninsula-reload-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&mods);
        let level = std::fs::read_to_string(root.join("levels/sandbox.ron")).unwrap();
        let write_mod = |id: &str, turns: &str| {
            let dir = mods.join(id);
            std::fs::create_dir_all(dir.join("levels")).unwrap();
            std::fs::write(
                dir.join("mod.ron"),
                format!("(id: \"{id}\", name: \"{id}\", version: \"1.0.0\", author: \"t\")"),
            )
            .unwrap();
            let text = level
                .replacen("id: \"sandbox\"", &format!("id: \"{id}_level\""), 1)
                .replacen("turns: 20", turns, 1);
            std::fs::write(dir.join(format!("levels/{id}_level.ron")), text).unwrap();
        };
        assert!(
            level.contains("turns: 20"),
            "the sandbox's length, edited below"
        );
        let dirs = ModDirs {
            user: Some(mods.clone()),
            ..ModDirs::default()
        };
        write_mod("aaa", "turns: 20 20");
        write_mod("zzz", "turns: 20");
        let before = rules::load::load_data_with(root, &dirs).unwrap();
        write_mod("zzz", "turns: 0");
        let fresh = rules::load::load_data_with(root, &dirs).unwrap();
        let outcome = DataReloaded::of(&fresh, Some(&before));
        let _ = std::fs::remove_dir_all(&mods);
        match outcome {
            DataReloaded::Partly { problem, .. } => {
                assert!(
                    problem.contains("zzz") && !problem.contains("aaa"),
                    "{problem}"
                );
                assert!(
                    problem.ends_with("(and 1 more level or mod not loaded)"),
                    "{problem}"
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
