//! Save games, campaign progress and settings on disk, in the platform's data folder.
//!
//! A save is the game's command log — level, seed and moves — plus a format version: replaying
//! the moves rebuilds the exact game (the engine is deterministic), so saves stay small and can
//! never hold a state the rules could not reach. Every file is written atomically. A corrupt,
//! old or mismatched file is reported with a clear message and the game goes on.

use crate::rules::{DataSet, LevelEntry, Scenario};
use crate::save::write_atomically;
use crate::sim::Game;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Bumped whenever the save format changes.
pub const SAVE_VERSION: u32 = 1;
/// Manual save slots; the autosave is separate.
pub const SLOTS: [&str; 3] = ["slot1", "slot2", "slot3"];
pub const AUTOSAVE: &str = "autosave";

/// Each level keeps its own autosave, so starting another level never overwrites a game in
/// progress: `autosave_2017_fire_and_fury.ron`.
pub fn autosave_slot(level: &str) -> String {
    format!("{AUTOSAVE}_{level}")
}

/// The autosave slots present in `dir`, newest level id order.
pub fn autosave_slots(dir: &Path) -> Vec<String> {
    let mut slots: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().to_string();
                    let stem = name.strip_suffix(".ron")?;
                    stem.starts_with(&format!("{AUTOSAVE}_"))
                        .then(|| stem.to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    slots.sort();
    slots
}

/// The folder for saves and settings: `PENINSULA_SAVE_DIR` if set, else the platform's data
/// folder (e.g. `~/.local/share/peninsula` on Linux), else `./saves`.
pub fn save_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PENINSULA_SAVE_DIR") {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("org", "Peninsula", "peninsula")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("saves"))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveFile {
    pub version: u32,
    pub level: String,
    pub seed: u64,
    pub moves: Vec<String>,
    /// When it was written, for the load screen (seconds since 1970).
    #[serde(default)]
    pub saved_at: u64,
}

impl SaveFile {
    pub fn of(sc: &Scenario, game: &Game) -> Self {
        SaveFile {
            version: SAVE_VERSION,
            level: sc.id().to_string(),
            seed: game.state.seed,
            moves: game.moves(sc),
            saved_at: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
        }
    }
}

/// Writes a save atomically.
pub fn write_save(dir: &Path, slot: &str, save: &SaveFile) -> Result<(), String> {
    let text = ron::ser::to_string_pretty(save, ron::ser::PrettyConfig::default())
        .map_err(|e| e.to_string())?;
    write_atomically(&dir.join(format!("{slot}.ron")), text.as_bytes())
        .map_err(|e| format!("could not save to {}: {e}", dir.display()))
}

/// Reads a save: `Ok(None)` when the slot is empty, `Err(message)` when it cannot be used.
pub fn read_save(dir: &Path, slot: &str) -> Result<Option<SaveFile>, String> {
    let path = dir.join(format!("{slot}.ron"));
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let save: SaveFile = crate::rules::load::parse(&path, &text)
        .map_err(|d| format!("the save is damaged ({})", d.headline()))?;
    if save.version != SAVE_VERSION {
        return Err(format!(
            "this save is from format version {} and this game reads version {SAVE_VERSION}",
            save.version
        ));
    }
    Ok(Some(save))
}

/// Rebuilds the game a save describes.
pub fn restore(data: &DataSet, save: &SaveFile) -> Result<(Arc<Scenario>, Game), String> {
    let sc = match data.level(&save.level) {
        Some(LevelEntry::Ready(s)) => Arc::new((**s).clone()),
        Some(LevelEntry::Broken { .. }) => {
            return Err(format!("level \"{}\" no longer loads", save.level));
        }
        None => return Err(format!("level \"{}\" is not installed", save.level)),
    };
    let mut game = Game::new(&sc, save.seed);
    for (i, m) in save.moves.iter().enumerate() {
        let Some(a) = sc.action_index(m) else {
            return Err(format!(
                "move {} (\"{m}\") is not an action any more",
                i + 1
            ));
        };
        if game.play(&sc, a).is_none() {
            break;
        }
    }
    Ok((sc, game))
}

/// Campaign progress and settings: one small file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Profile {
    /// Ids of campaign levels finished (won or lost to the end).
    pub finished: Vec<String>,
    pub ui_scale: f32,
    pub fullscreen: bool,
    pub colour_blind: bool,
    /// Reserved for translations.
    pub language: String,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            finished: Vec::new(),
            ui_scale: 1.0,
            fullscreen: false,
            colour_blind: false,
            language: "en".into(),
        }
    }
}

impl Profile {
    /// Reads the profile; a damaged one is reported and replaced by defaults.
    pub fn load(dir: &Path) -> (Profile, Option<String>) {
        let path = dir.join("profile.ron");
        match std::fs::read_to_string(&path) {
            Err(_) => (Profile::default(), None),
            Ok(text) => match crate::rules::load::parse::<Profile>(&path, &text) {
                Ok(p) => (p, None),
                Err(d) => (
                    Profile::default(),
                    Some(format!(
                        "settings were damaged and have been reset ({})",
                        d.headline()
                    )),
                ),
            },
        }
    }

    pub fn store(&self, dir: &Path) -> Result<(), String> {
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| e.to_string())?;
        write_atomically(&dir.join("profile.ron"), text.as_bytes())
            .map_err(|e| format!("could not save settings: {e}"))
    }

    /// Campaign level `index` (0-based) is open when every earlier one is finished.
    pub fn unlocked(&self, campaign: &[&str], index: usize) -> bool {
        campaign[..index]
            .iter()
            .all(|id| self.finished.iter().any(|f| f == id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("peninsula-saves-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_save_round_trips_and_an_empty_slot_is_none() {
        let dir = scratch("round");
        let save = SaveFile {
            version: SAVE_VERSION,
            level: "sandbox".into(),
            seed: 9,
            moves: vec!["hold_course".into(), "consult_beijing".into()],
            saved_at: 1,
        };
        write_save(&dir, "slot2", &save).unwrap();
        assert_eq!(read_save(&dir, "slot2").unwrap(), Some(save));
        assert_eq!(read_save(&dir, "slot3").unwrap(), None);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn damaged_and_old_saves_say_so() {
        let dir = scratch("bad");
        std::fs::write(dir.join("slot1.ron"), "(version: 1, level: ").unwrap();
        let err = read_save(&dir, "slot1").unwrap_err();
        assert!(err.starts_with("the save is damaged ("), "{err}");
        assert!(err.contains("slot1.ron:1:"), "names the place: {err}");
        std::fs::write(
            dir.join("slot2.ron"),
            "(version: 0, level: \"sandbox\", seed: 1, moves: [])",
        )
        .unwrap();
        assert!(
            read_save(&dir, "slot2")
                .unwrap_err()
                .contains("format version 0")
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_damaged_profile_is_reset_with_a_message() {
        let dir = scratch("profile");
        std::fs::write(dir.join("profile.ron"), "(ui_scale: \"big\")").unwrap();
        let (profile, message) = Profile::load(&dir);
        assert_eq!(profile, Profile::default());
        assert!(message.unwrap().contains("reset"));
        let mut p = Profile::default();
        p.finished.push("2013_third_test".into());
        p.store(&dir).unwrap();
        assert_eq!(Profile::load(&dir), (p.clone(), None));
        assert!(p.unlocked(&["2013_third_test", "2017_fire_and_fury"], 1));
        assert!(!p.unlocked(
            &["2013_third_test", "2017_fire_and_fury", "2018_the_thaw"],
            2
        ));
        let _ = std::fs::remove_dir_all(dir);
    }
}
