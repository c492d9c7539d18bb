//! Save games, campaign progress and settings on disk, in the platform's data folder.
//!
//! A save is the game's command log — level, seed and moves — plus a format version: replaying
//! the moves rebuilds the exact game (the engine is deterministic), so saves stay small and can
//! never hold a state the rules could not reach. Every file is written atomically. A corrupt,
//! old or mismatched file is reported with a clear message and the game goes on.

use crate::rules::model::Difficulty;
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

/// The autosave of a what-if played on from a rewind on the debrief, beside the level's own.
pub fn whatif_autosave_slot(level: &str) -> String {
    format!("{AUTOSAVE}_{level}-whatif")
}

/// The game a new game of the level replaced in its autosave (Begin pressed twice over it),
/// kept beside it until the next new game of the level replaces it in turn: a finished game
/// whose report was never exported, or a game started again by mistake, is not lost. Load game
/// lists it as the replaced game.
pub fn replaced_autosave_slot(level: &str) -> String {
    format!("{AUTOSAVE}_{level}-replaced")
}

/// Whether `slot` keeps a replaced game (`replaced_autosave_slot`).
pub fn is_replaced_slot(slot: &str) -> bool {
    slot.starts_with(AUTOSAVE) && slot.ends_with("-replaced")
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

/// The saved games in `dir`, by slot name: every manual slot and every autosave present
/// (settings and campaign progress, `profile.ron`, are not a saved game).
pub fn saved_games(dir: &Path) -> Vec<String> {
    let mut slots: Vec<String> = SLOTS
        .iter()
        .filter(|s| dir.join(format!("{s}.ron")).is_file())
        .map(|s| s.to_string())
        .collect();
    slots.extend(autosave_slots(dir));
    slots
}

/// What `clear_saved_games` moved aside, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Cleared {
    /// The folder they went into, `dir/cleared/<moment>`.
    pub archive: PathBuf,
    /// The saved games' slots.
    pub slots: Vec<String>,
    /// Whether `reports/` went too: the reports exported on this machine, and those a teacher
    /// copied in for the class's page.
    pub reports: bool,
}

/// Moves every saved game in `dir`, and the exported reports (`reports/`), into a new folder,
/// `dir/cleared/<moment>` (this computer's date and time), for a machine handed to the next
/// class: nothing is deleted, so a group's game whose report was never exported can still be
/// got back, and the settings and campaign progress stay. The reports go even when no game is
/// saved (a teacher's machine that only gathered the groups' reports): a report of a class's
/// game names Pyongyang's type, which the next class's code may deal again, and the next
/// class's page must not mix two classes. None when there was nothing to move.
pub fn clear_saved_games(dir: &Path, now: u64) -> Result<Option<Cleared>, String> {
    let slots = saved_games(dir);
    let reports = dir.join("reports");
    if slots.is_empty() && !reports.is_dir() {
        return Ok(None);
    }
    let moment = jiff::Timestamp::from_second(i64::try_from(now).unwrap_or(0))
        .map(|t| {
            t.to_zoned_datetime(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d_%H%M%S")
                .to_string()
        })
        .unwrap_or_else(|_| now.to_string());
    // A second clearing in the same second gets a folder of its own.
    let mut archive = dir.join("cleared").join(&moment);
    let mut n = 2;
    while archive.exists() {
        archive = dir.join("cleared").join(format!("{moment}-{n}"));
        n += 1;
    }
    std::fs::create_dir_all(&archive)
        .map_err(|e| format!("cannot create {}: {e}", archive.display()))?;
    // Every file is tried: one that cannot be moved (held open elsewhere) is named with those
    // that were, so the teacher knows where each game is.
    let (mut moved, mut failed) = (Vec::new(), Vec::new());
    for slot in slots {
        let name = format!("{slot}.ron");
        match std::fs::rename(dir.join(&name), archive.join(&name)) {
            Ok(()) => moved.push(slot),
            Err(e) => failed.push(format!("{}: {e}", dir.join(&name).display())),
        }
    }
    let mut reports_moved = false;
    if reports.is_dir() {
        match std::fs::rename(&reports, archive.join("reports")) {
            Ok(()) => reports_moved = true,
            Err(e) => failed.push(format!(
                "{} (the exported reports, which may name Pyongyang's type): {e}",
                reports.display()
            )),
        }
    }
    if failed.is_empty() {
        Ok(Some(Cleared {
            archive,
            slots: moved,
            reports: reports_moved,
        }))
    } else {
        Err(format!(
            "moved {} saved game(s) into {}{}, but could not move {}",
            moved.len(),
            archive.display(),
            if moved.is_empty() {
                String::new()
            } else {
                format!(" ({})", moved.join(", "))
            },
            failed.join("; ")
        ))
    }
}

/// The folder for saves and settings: `PENINSULA_SAVE_DIR` if set, else the platform's data
/// folder (`crate::save::platform_data_folder`), else `./saves`.
pub fn save_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PENINSULA_SAVE_DIR") {
        return PathBuf::from(dir);
    }
    crate::save::platform_data_folder().unwrap_or_else(|| PathBuf::from("saves"))
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
    /// Played as part of the campaign (only then does finishing it open the next level).
    #[serde(default)]
    pub campaign: bool,
    /// The facilitator's injects, each before the move of its turn.
    #[serde(default)]
    pub injects: Vec<crate::rules::raw::InjectAt>,
    /// The class code the game was opened with (its options, such as playing blind, hold
    /// after a reload).
    #[serde(default)]
    pub class_code: Option<String>,
    /// A hot-seat team game: its rule and each turn's proposals (left out of a one-player save,
    /// so older versions still read it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teams: Option<crate::rules::raw::TeamsLog>,
    /// The difficulty's id (None, left out: the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<String>,
    /// How many times Undo took back a turn or an inject (left out: none).
    #[serde(default, skip_serializing_if = "crate::rules::raw::is_zero")]
    pub undone: u32,
    /// Ended early with the facilitator's "End now": loading it opens its debrief, not the
    /// next turn (left out: played on).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ended: bool,
    /// The name the class's group gave itself on the briefing (left out: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The computer the game was first played on (left out: unknown, or a save written
    /// before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computer: Option<String>,
    /// A what-if played on from a rewind on the debrief: the turn it was rewound to and the
    /// game before the rewind (left out: not a what-if). Kept in its own autosave slot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rewound: Option<RewoundSave>,
    /// The fingerprint of the rules and level it was played under (`Scenario::fingerprint`;
    /// left out in saves written before it was kept): *Load game* says when the data here is
    /// another game's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<String>,
}

/// What a what-if's save keeps of its rewind: the turn, and the game before it (whose
/// report can still be exported, and which the debrief's chart draws beside the what-if).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RewoundSave {
    pub turn: u32,
    pub original: Box<SaveFile>,
}

impl SaveFile {
    pub fn of(sc: &Scenario, game: &Game, campaign: bool) -> Self {
        SaveFile {
            campaign,
            injects: game.inject_log(sc),
            teams: game.team_log(sc),
            difficulty: game.difficulty_id(sc),
            class_code: None,
            version: SAVE_VERSION,
            level: sc.id().to_string(),
            seed: game.state.seed,
            moves: game.moves(sc),
            undone: game.undone,
            ended: false,
            group: game.group.clone(),
            computer: game.computer.clone(),
            rewound: None,
            rules: Some(sc.fingerprint()),
            saved_at: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
        }
    }
}

impl SaveFile {
    /// The same save, noting the class code the game was opened with.
    pub fn with_class(mut self, class: Option<&crate::sim::class_code::ClassCode>) -> Self {
        self.class_code = class.map(|c| c.text.clone());
        self
    }
}

/// This computer's name as games keep it (`sim::computer_name`), if it has one:
/// `COMPUTERNAME` on Windows, the kernel's host name on Linux. A game started here keeps it in
/// its saves, logs and report.
pub fn this_computer() -> Option<String> {
    let raw = std::env::var("COMPUTERNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())?;
    crate::sim::computer_name(&raw)
}

/// Writes a save atomically.
pub fn write_save(dir: &Path, slot: &str, save: &SaveFile) -> Result<(), String> {
    let text =
        ron::ser::to_string_pretty(save, crate::save::ron_style()).map_err(|e| e.to_string())?;
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
    parse_save(&path, &text).map(Some)
}

/// Reads a save from its text (`path` names it in messages).
pub fn parse_save(path: &Path, text: &str) -> Result<SaveFile, String> {
    let save: SaveFile = crate::rules::load::parse(path, text).map_err(|d| {
        // A file that is not a save at all says so, not in the parser's words.
        if d.message.contains("`SaveFile`") {
            format!(
                "the save is damaged: {}:{}:{} is not a saved game",
                d.file.display(),
                d.at.line,
                d.at.col
            )
        } else {
            format!("the save is damaged ({})", d.headline())
        }
    })?;
    if save.version != SAVE_VERSION {
        return Err(format!(
            "this save is from format version {} and this game reads version {SAVE_VERSION}",
            save.version
        ));
    }
    Ok(save)
}

/// A game's log as `play --log` writes it, or a save read as one (what `play --moves`,
/// `report`, `whatif` and the class page read): a save is read as a save, so that its own
/// mistakes are reported as such, and a what-if's save gives a what-if's log.
pub fn parse_log(
    path: &Path,
    text: &str,
) -> Result<crate::rules::raw::MovesFile, crate::rules::Diagnostic> {
    use crate::rules::raw::MovesFile;
    // A save opens with its format version: read it as a save, so that its own mistakes are
    // reported as such (not as a log's "unknown field `version`").
    if !crate::rules::file_kind::opens_with_version(text) {
        // A file that is no log at all (a report's turns.csv or report.html, a transcript) is
        // told what a log is, not only what the reader expected ("struct `MovesFile`").
        return crate::rules::load::parse::<MovesFile>(path, text).map_err(|mut d| {
            let at_start = d.at.line == 1 && d.at.col == 1 && !text.trim_start().starts_with('(');
            if d.message.starts_with("expected struct `MovesFile`") || at_start {
                d.message = format!(
                    "this is not a game's log: a log is the game.ron in an exported report's \
                     folder, a file `play --log` wrote, or a save ({})",
                    d.message
                );
            }
            d
        });
    }
    match crate::rules::load::parse::<SaveFile>(path, text) {
        Ok(save) if save.version != SAVE_VERSION => Err(crate::rules::Diagnostic::at_field(
            path,
            text,
            "version",
            format!(
                "this save is from format version {} and this game reads version {SAVE_VERSION}",
                save.version
            ),
        )),
        Ok(save) => Ok(MovesFile {
            level: Some(save.level),
            seed: Some(save.seed),
            moves: save.moves,
            injects: save.injects,
            teams: save.teams,
            difficulty: save.difficulty,
            // A what-if from a rewind is not the game the class played: its log does not claim
            // the code (as `whatif --log` writes it).
            class_code: save.class_code.clone().filter(|_| save.rewound.is_none()),
            mods: Vec::new(),
            rules: save.rules,
            undone: save.undone,
            ended: save.ended,
            whatif: save.rewound.as_ref().map(|r| crate::rules::raw::WhatIfLog {
                from_turn: r.turn,
                of_turns: r.original.moves.len() as u32,
                // Worked out by replaying that game, which needs the level (`report` does).
                tension: Vec::new(),
                class_code: save.class_code.clone(),
            }),
            group: save.group,
            computer: save.computer,
        }),
        Err(d) => Err(d),
    }
}

/// A game's log (a report's `game.ron`) as a save of the same game, for `restore`: the
/// class's page on the desktop replays the groups' games as *Load game* does. A log that names
/// no level or seed is not a game on its own (the command line fills them in from its flags).
/// A what-if's log keeps only its first run's tension, not its moves: its save is the what-if
/// alone.
pub fn save_of_log(log: &crate::rules::raw::MovesFile) -> Result<SaveFile, String> {
    let (Some(level), Some(seed)) = (&log.level, log.seed) else {
        return Err("the log names no level or no seed".to_string());
    };
    Ok(SaveFile {
        version: SAVE_VERSION,
        level: level.clone(),
        seed,
        moves: log.moves.clone(),
        saved_at: 0,
        campaign: false,
        injects: log.injects.clone(),
        class_code: log.class_code.clone(),
        teams: log.teams.clone(),
        difficulty: log.difficulty.clone(),
        undone: log.undone,
        ended: log.ended,
        group: log.group.clone(),
        computer: log.computer.clone(),
        rewound: None,
        rules: log.rules.clone(),
    })
}

/// Rebuilds the game a save describes, and whether it is campaign play.
pub fn restore(data: &DataSet, save: &SaveFile) -> Result<(Arc<Scenario>, Game, bool), String> {
    let sc = match data.level(&save.level) {
        Some(LevelEntry::Ready(s)) => Arc::new((**s).clone()),
        Some(LevelEntry::Broken { .. }) => {
            return Err(format!("level \"{}\" no longer loads", save.level));
        }
        None => return Err(format!("level \"{}\" is not installed", save.level)),
    };
    let mut moves = Vec::with_capacity(save.moves.len());
    for (i, m) in save.moves.iter().enumerate() {
        let Some(a) = sc.action_index(m) else {
            return Err(format!(
                "move {} (\"{m}\") is not an action of {} any more",
                i + 1,
                save.level
            ));
        };
        moves.push(a);
    }
    Game::check_log(&sc, moves.len(), save.teams.as_ref(), &save.injects)?;
    let injects = Game::injects_from(&sc, &save.injects)?;
    let setup = crate::sim::Setup {
        group: save.group.as_deref().and_then(crate::sim::group_name),
        computer: save.computer.as_deref().and_then(crate::sim::computer_name),
        ..Game::setup_from(
            &sc,
            save.seed,
            save.difficulty.as_deref(),
            save.teams.as_ref(),
        )?
    };
    let mut game = Game::replay(&sc, &setup, &moves, &injects);
    game.undone = save.undone;
    let campaign = save.campaign && sc.def.campaign.is_some();
    Ok((sc, game, campaign))
}

/// How many takings-back a class's game carries once loaded from `save`, given the machine's
/// other saves: its own count, or more where another save shows the same game (the same level,
/// seed, difficulty, class code and group: the next group at the machine, under another name,
/// plays a game of its own; a what-if from a rewind is no such game) played further
/// than `save`. Each turn and inject that save had beyond `save`'s count as undone, or, with
/// none beyond it, an "End now", on top of that save's own count: a group that loads a slot from turn 2 after
/// playing to the debrief (where the type was shown) has taken back every turn since, as
/// Undo would have, and the report says so. A game without a class code keeps its own count:
/// a player's saves are their own.
pub fn undone_on_load(save: &SaveFile, others: &[SaveFile]) -> u32 {
    let progress = |s: &SaveFile| (s.moves.len() + s.injects.len()) as u32;
    if save.class_code.is_none() || save.rewound.is_some() {
        return save.undone;
    }
    let same_game = |o: &&SaveFile| {
        o.rewound.is_none()
            && o.level == save.level
            && o.seed == save.seed
            && o.difficulty == save.difficulty
            && o.class_code == save.class_code
            && same_group(&o.group, &save.group)
    };
    others
        .iter()
        .filter(same_game)
        .map(|o| {
            // An "End now" beyond `save`'s, when no turn or inject was played beyond it (those
            // count already, and the end with them is no second take-back): a save that was
            // itself ended (the one on this machine, read again among the others) takes
            // nothing back from itself.
            let ended = (o.ended && !save.ended && progress(o) <= progress(save)) as u32;
            (o.undone + progress(o) + ended).saturating_sub(progress(save))
        })
        .fold(save.undone, u32::max)
}

/// Whether two saves' group names are one group's: the same name, in any case ("Table 3" and
/// "table 3"), or both unnamed.
pub fn same_group(a: &Option<String>, b: &Option<String>) -> bool {
    let folded = |n: &Option<String>| n.as_deref().map(str::to_lowercase);
    folded(a) == folded(b)
}

/// Every save in `dir` that reads, with its slot: the autosaves (the replaced games among them)
/// and the numbered slots.
pub fn every_save(dir: &Path) -> Vec<(String, SaveFile)> {
    autosave_slots(dir)
        .into_iter()
        .chain(SLOTS.iter().map(|s| s.to_string()))
        .filter_map(|slot| Some((slot.clone(), read_save(dir, &slot).ok()??)))
        .collect()
}

/// The saves in `dir` that read, without their slots (as `undone_on_load` takes them).
pub fn saves_in(dir: &Path) -> Vec<SaveFile> {
    every_save(dir).into_iter().map(|(_, save)| save).collect()
}

/// Which of the files a save's game replays on was edited after the save was written: "level"
/// (its own file), else "rules" (a base rules file, `assets/rules/`), short enough for the Load
/// screen's line beside the rest of the save's description; None
/// when none was (or the save has no time). *Continue* replays the moves on the data as it is
/// now, so a modder who edited the level sees the game it restores is not the one it saved.
pub fn edited_since(data: &DataSet, save: &SaveFile) -> Option<String> {
    let sc = data.level(&save.level).and_then(LevelEntry::scenario);
    let level = sc.map(|sc| sc.path.clone());
    let rules = crate::rules::load::ron_files(&data.root.join("assets").join("rules"));
    let level_edited = written_after(level.iter().map(PathBuf::as_path), save.saved_at).is_some();
    // A save that keeps its rules' fingerprint is judged by it: an edit of a comment is no
    // other game, and a copy of the data from another version is, whatever its files' dates.
    if let (Some(kept), Some(sc)) = (&save.rules, sc) {
        return (*kept != sc.fingerprint())
            .then(|| if level_edited { "level" } else { "rules" }.to_string());
    }
    if level_edited {
        return Some("level".to_string());
    }
    written_after(rules.iter().map(PathBuf::as_path), save.saved_at).map(|_| "rules".to_string())
}

/// The first of `paths` last written after `seconds` (since 1970); None for a save with no time.
fn written_after<'a>(paths: impl Iterator<Item = &'a Path>, seconds: u64) -> Option<&'a Path> {
    if seconds == 0 {
        return None;
    }
    paths.into_iter().find(|path| {
        std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .is_some_and(|d| d.as_secs() > seconds)
    })
}

/// The game before the rewind, for a save of a what-if (None for any other save). A what-if
/// whose first run no longer restores (a mod changed the level since) cannot be loaded: played
/// on as a plain game it would autosave into the level's own slot, over the game the group
/// played. Its file is left as it is, to load again once its first run does.
pub fn first_run(data: &DataSet, save: &SaveFile) -> Result<Option<(Game, u32)>, String> {
    let Some(r) = &save.rewound else {
        return Ok(None);
    };
    let (_, original, _) = restore(data, &r.original).map_err(|e| {
        format!("it is a what-if, and the game before its rewind no longer loads: {e}")
    })?;
    if r.original.level != save.level || original.state.seed != save.seed {
        return Err(
            "it is a what-if, and the game before its rewind is another game (level or seed)"
                .to_string(),
        );
    }
    Ok(Some((original, r.turn)))
}

/// How far a saved game went, as Continue and Load game name it: "after turn 3", or, for a game
/// saved before its first turn was played (a new game's first autosave), "turn 1 not yet played"
/// ("after turn 0" read as a bug).
pub fn how_far(turns_played: usize) -> String {
    match turns_played {
        0 => "turn 1 not yet played".to_string(),
        n => format!("after turn {n}"),
    }
}

/// When a save was written (seconds since 1970), as this computer's clock shows it: "2 Dec
/// 2026, 09:48 KST". Falls back to UTC, said so, when the time zone cannot be read.
pub fn saved_moment(seconds: u64) -> String {
    let zone = jiff::tz::TimeZone::system();
    in_zone(seconds, zone).unwrap_or_else(|| crate::sim::calendar::utc_moment(seconds))
}

/// `saved_moment` in a given zone (None: a moment jiff cannot place).
fn in_zone(seconds: u64, zone: jiff::tz::TimeZone) -> Option<String> {
    let at = jiff::Timestamp::from_second(i64::try_from(seconds).ok()?).ok()?;
    let shown = at
        .to_zoned_datetime(zone)
        .strftime("%-d %b %Y, %H:%M %Z")
        .to_string();
    Some(shown)
}

/// Campaign progress and settings: one small file. It is read field by field, so a field
/// this version does not know (written by a newer one) is kept and written back, and a field
/// that cannot be read falls back to its default alone: progress is never reset with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    /// Ids of campaign levels finished (won or lost to the end).
    pub finished: Vec<String>,
    /// Each level's best result on this machine at each difficulty, for the level lists: its
    /// best score, and whether it was ever won.
    pub best: Vec<LevelBest>,
    pub ui_scale: f32,
    pub fullscreen: bool,
    pub colour_blind: bool,
    /// Reserved for translations.
    pub language: String,
    /// Show each move's forecast on the dashboard.
    pub show_forecast: bool,
    /// The built-in policy the forecast plays the rest of the level with, after each move
    /// (one of `FORECAST_POLICIES`).
    pub forecast_policy: String,
    /// Presentation mode for a projector: larger text and a high-contrast palette.
    pub presentation: bool,
    /// Ids of the mods the player turned off on the Mods screen.
    pub disabled_mods: Vec<String>,
    /// Show the rules behind each answer as a modder reads them (rule ids, files, weights,
    /// margins, noise) instead of the plain reasons.
    pub rule_details: bool,
    /// Fields this version does not know, kept as they were read.
    #[serde(skip)]
    pub unknown: Vec<(String, ron::Value)>,
}

/// A level's best result on this machine at one difficulty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelBest {
    pub level: String,
    /// The difficulty's id, as saves write it (None, left out: the default). A profile written
    /// before results were kept by difficulty reads its results as the default's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<String>,
    /// The best score of a game played to its end.
    pub score: u32,
    /// Whether any game of it was won.
    pub won: bool,
}

/// The range the UI scale setting is clamped to.
pub const UI_SCALE_RANGE: (f32, f32) = (0.75, 2.0);

/// The policies the dashboard's forecast may play on with, in the order the setting steps
/// through them: `adaptive` (the default, `sim::forecast::PLAYS_ON`) first, then the other
/// built-in ones.
pub const FORECAST_POLICIES: [&str; 8] = [
    crate::sim::forecast::PLAYS_ON,
    "balanced",
    "hawk",
    "dove",
    "beijing",
    "deterrence",
    "historical",
    "random",
];

impl Default for Profile {
    fn default() -> Self {
        Profile {
            finished: Vec::new(),
            best: Vec::new(),
            ui_scale: 1.0,
            fullscreen: false,
            colour_blind: false,
            language: "en".into(),
            show_forecast: true,
            forecast_policy: FORECAST_POLICIES[0].into(),
            presentation: false,
            disabled_mods: Vec::new(),
            rule_details: false,
            unknown: Vec::new(),
        }
    }
}

/// How much presentation mode enlarges everything (within what the window can fit).
pub const PRESENTATION_SCALE: f32 = 1.3;

impl Profile {
    /// The UI scale to lay out with: the setting, enlarged in presentation mode.
    pub fn text_scale(&self) -> f32 {
        if self.presentation {
            self.ui_scale * PRESENTATION_SCALE
        } else {
            self.ui_scale
        }
    }

    /// Reads the profile, with a message for the player when something in it had to change:
    /// an unreadable file or field (that part takes its default), or a setting out of range
    /// (clamped). Unknown fields are kept.
    pub fn load(dir: &Path) -> (Profile, Option<String>) {
        let path = dir.join("profile.ron");
        let Ok(bytes) = std::fs::read(&path) else {
            return (Profile::default(), None);
        };
        // Bytes that are not UTF-8 text (a disk error, an editor's wrong encoding) are read as
        // far as they go, each bad byte as a replacement character, and the file is damaged.
        let (text, bad_byte) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
            }
        };
        let (profile, message) = Profile::from_text(&path, &text);
        // A file that could not be read as fields at all, or not as text, is kept beside the
        // new one, byte for byte, so that nothing in it is lost when the settings are next saved.
        let unreadable = !matches!(
            ron::Options::default()
                .with_recursion_limit(crate::rules::load::MAX_NESTING)
                .from_str::<ron::Value>(&text),
            Ok(ron::Value::Map(_))
        );
        if unreadable || bad_byte.is_some() {
            let kept = dir.join("profile.ron.damaged");
            let original = std::fs::read(&path).unwrap_or_else(|_| text.clone().into_bytes());
            // Once the damaged bytes are safe beside it, the profile is written anew with what
            // could be read, so the next start finds it sound and says nothing more.
            let note = match std::fs::write(&kept, original) {
                Ok(()) => match profile.store(dir) {
                    Ok(()) => format!("; the damaged file is kept as {}", kept.display()),
                    Err(e) => format!("; the damaged file is kept as {} ({e})", kept.display()),
                },
                Err(e) => format!("; the damaged file could not be kept ({e})"),
            };
            let message = match (message, bad_byte) {
                (Some(m), _) => m,
                (None, Some(at)) => format!(
                    "settings were damaged ({}: not UTF-8 text at byte {at}); what could be read was kept",
                    path.display()
                ),
                (None, None) => format!("settings were damaged ({})", path.display()),
            };
            return (profile, Some(message + &note));
        }
        (profile, message)
    }

    /// The campaign's finished levels from a damaged profile: the quoted snake_case ids in the
    /// brackets after `finished`, when the text still has them.
    fn salvage_finished(text: &str) -> Vec<String> {
        let Some(after) = text.find("finished").map(|at| &text[at..]) else {
            return Vec::new();
        };
        let (Some(open), Some(close)) = (after.find('['), after.find(']')) else {
            return Vec::new();
        };
        if open > close
            || !after[..open]
                .trim_start_matches("finished")
                .trim()
                .starts_with(':')
        {
            return Vec::new();
        }
        after[open + 1..close]
            .split(',')
            .filter_map(|id| {
                let id = id.trim().strip_prefix('"')?.strip_suffix('"')?;
                crate::rules::compile::is_snake_case(id).then(|| id.to_string())
            })
            .collect()
    }

    /// The profile from its text (`path` names it in the message), as `load` reads it.
    pub fn from_text(path: &Path, text: &str) -> (Profile, Option<String>) {
        let fields = match ron::Options::default()
            .with_recursion_limit(crate::rules::load::MAX_NESTING)
            .from_str::<ron::Value>(text)
        {
            Ok(ron::Value::Map(map)) => map,
            Ok(_) => {
                return (
                    Profile::default(),
                    Some(
                        "settings were not a list of fields; settings and campaign progress have been reset"
                            .into(),
                    ),
                );
            }
            Err(e) => {
                let finished = Profile::salvage_finished(text);
                let progress = if finished.is_empty() {
                    "settings and campaign progress were damaged and have been reset"
                } else {
                    "settings were damaged and have been reset, the campaign's finished levels kept"
                };
                return (
                    Profile {
                        finished,
                        ..Profile::default()
                    },
                    Some(format!(
                        "{progress} ({}:{}:{}: {})",
                        path.display(),
                        e.span.start.line,
                        e.span.start.col,
                        e.code
                    )),
                );
            }
        };
        let mut profile = Profile::default();
        let mut problems = Vec::new();
        for (key, value) in fields {
            let Ok(key) = key.into_rust::<String>() else {
                continue;
            };
            let read = match key.as_str() {
                "finished" => value.into_rust().map(|v| profile.finished = v),
                "best" => value.into_rust().map(|v| profile.best = v),
                "ui_scale" => value.into_rust().map(|v| profile.ui_scale = v),
                "fullscreen" => value.into_rust().map(|v| profile.fullscreen = v),
                "colour_blind" => value.into_rust().map(|v| profile.colour_blind = v),
                "language" => value.into_rust().map(|v| profile.language = v),
                "show_forecast" => value.into_rust().map(|v| profile.show_forecast = v),
                "forecast_policy" => value.into_rust().map(|v| profile.forecast_policy = v),
                "presentation" => value.into_rust().map(|v| profile.presentation = v),
                "disabled_mods" => value.into_rust().map(|v| profile.disabled_mods = v),
                "rule_details" => value.into_rust().map(|v| profile.rule_details = v),
                _ => {
                    profile.unknown.push((key, value));
                    continue;
                }
            };
            if let Err(e) = read {
                problems.push(format!("{key} could not be read ({e}) and was reset"));
            }
        }
        let (lo, hi) = UI_SCALE_RANGE;
        if !(lo..=hi).contains(&profile.ui_scale) {
            let was = profile.ui_scale;
            profile.ui_scale = if was.is_nan() { 1.0 } else { was.clamp(lo, hi) };
            problems.push(format!(
                "UI scale {was} is outside {lo}-{hi} and was set to {}",
                profile.ui_scale
            ));
        }
        if !FORECAST_POLICIES.contains(&profile.forecast_policy.as_str()) {
            problems.push(format!(
                "the forecast's policy \"{}\" is not one of {} and was set to {}",
                profile.forecast_policy,
                FORECAST_POLICIES.join(", "),
                FORECAST_POLICIES[0]
            ));
            profile.forecast_policy = FORECAST_POLICIES[0].into();
        }
        let message = (!problems.is_empty()).then(|| format!("Settings: {}.", problems.join("; ")));
        (profile, message)
    }

    /// Writes the profile atomically, with the unknown fields it was read with.
    pub fn store(&self, dir: &Path) -> Result<(), String> {
        let mut text = ron::ser::to_string_pretty(self, crate::save::ron_style())
            .map_err(|e| e.to_string())?;
        if !self.unknown.is_empty() {
            // The struct ends with ")"; the kept fields go just before it.
            let close = text.rfind(')').unwrap_or(text.len());
            let mut kept = String::new();
            for (key, value) in &self.unknown {
                let value = ron::ser::to_string(value).map_err(|e| e.to_string())?;
                kept.push_str(&format!("    {key}: {value},\n"));
            }
            text.insert_str(close, &kept);
        }
        write_atomically(&dir.join("profile.ron"), text.as_bytes())
            .map_err(|e| format!("could not save settings: {e}"))
    }

    /// Keeps a game's result when it beats the level's best so far at its difficulty (a
    /// higher score, or a first win). Returns whether anything changed.
    pub fn record_result(
        &mut self,
        level: &str,
        difficulty: Option<&str>,
        score: u32,
        won: bool,
    ) -> bool {
        let same = |b: &&mut LevelBest| b.level == level && b.difficulty.as_deref() == difficulty;
        match self.best.iter_mut().find(same) {
            Some(b) => {
                let before = b.clone();
                b.score = b.score.max(score);
                b.won |= won;
                *b != before
            }
            None => {
                self.best.push(LevelBest {
                    level: level.to_string(),
                    difficulty: difficulty.map(str::to_string),
                    score,
                    won,
                });
                true
            }
        }
    }

    /// A level's best results, as the level lists show them: "won · best score 74" when it was
    /// only played at the default difficulty, else each difficulty's, named, in the rules'
    /// order: "Standard: won · best score 74; Hard: not yet won · best score 51". A difficulty
    /// the rules no longer define (a mod's, turned off) is named by its id, after the others.
    pub fn best_line(&self, level: &str, difficulties: &[Difficulty]) -> Option<String> {
        let mut mine: Vec<&LevelBest> = self.best.iter().filter(|b| b.level == level).collect();
        let index = |b: &LevelBest| match b.difficulty.as_deref() {
            None => 0,
            Some(id) => difficulties
                .iter()
                .position(|d| d.id == id)
                .unwrap_or(usize::MAX),
        };
        mine.sort_by(|a, b| {
            index(a)
                .cmp(&index(b))
                .then(a.difficulty.cmp(&b.difficulty))
        });
        let line = |b: &LevelBest| {
            let won = if b.won { "won" } else { "not yet won" };
            format!("{won} · best score {}", b.score)
        };
        match mine.as_slice() {
            [] => None,
            [only] if only.difficulty.is_none() => Some(line(only)),
            all => {
                let named = all.iter().map(|b| {
                    let name = match b.difficulty.as_deref() {
                        None => difficulties.first().map_or("Standard", |d| d.name.as_str()),
                        Some(id) => difficulties
                            .iter()
                            .find(|d| d.id == id)
                            .map_or(id, |d| d.name.as_str()),
                    };
                    format!("{name}: {}", line(b))
                });
                Some(named.collect::<Vec<_>>().join("; "))
            }
        }
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

    /// A file written after a save is found; one written before, or a save with no time, is not.
    #[test]
    fn a_file_written_after_the_save_is_found() {
        let dir = scratch("edited");
        let file = dir.join("level.ron");
        std::fs::write(&file, "()").unwrap();
        let written = std::fs::metadata(&file)
            .unwrap()
            .modified()
            .unwrap()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let paths = || std::iter::once(file.as_path());
        assert_eq!(written_after(paths(), written - 60), Some(file.as_path()));
        assert_eq!(
            written_after(paths(), written + 60),
            None,
            "saved after the edit"
        );
        assert_eq!(written_after(paths(), 0), None, "a save with no time");
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("peninsula-saves-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// A level's best result keeps the highest score and any win at each difficulty, apart,
    /// and survives a write and a read of the profile; a profile written before results were
    /// kept reads with none, and one written before they were kept by difficulty reads its
    /// results as the default's.
    #[test]
    fn a_levels_best_result_keeps_the_highest_score_and_any_win() {
        let level = |id: &str, name: &str| Difficulty {
            id: id.into(),
            name: name.into(),
            about: String::new(),
            start: Vec::new(),
            spread: Vec::new(),
        };
        let difficulties = [level("standard", "Standard"), level("hard", "Hard")];
        let mut p = Profile::default();
        assert!(p.record_result("2013_third_test", None, 42, false));
        assert!(
            !p.record_result("2013_third_test", None, 30, false),
            "a lower score"
        );
        assert!(
            p.record_result("2013_third_test", None, 40, true),
            "a first win"
        );
        assert!(p.record_result("2013_third_test", None, 71, false));
        assert_eq!(
            p.best_line("2013_third_test", &difficulties).as_deref(),
            Some("won · best score 71")
        );
        assert_eq!(p.best_line("2017_fire_and_fury", &difficulties), None);
        // A game at Hard is kept apart: a lower score there is Hard's best, and the default's
        // win and score stay; the line names both, the default first.
        assert!(p.record_result("2013_third_test", Some("hard"), 50, false));
        assert_eq!(
            p.best_line("2013_third_test", &difficulties).as_deref(),
            Some("Standard: won · best score 71; Hard: not yet won · best score 50")
        );
        assert!(p.record_result("2017_fire_and_fury", Some("hard"), 60, true));
        assert_eq!(
            p.best_line("2017_fire_and_fury", &difficulties).as_deref(),
            Some("Hard: won · best score 60"),
            "a level won only at Hard says so"
        );
        assert_eq!(
            p.best_line("2017_fire_and_fury", &difficulties[..1])
                .as_deref(),
            Some("hard: won · best score 60"),
            "a difficulty the rules no longer define is named by its id"
        );
        let dir = scratch("best");
        p.store(&dir).unwrap();
        let (read, message) = Profile::load(&dir);
        assert_eq!(message, None);
        assert_eq!(read.best, p.best);
        let (old, message) = Profile::from_text(&dir.join("profile.ron"), "(finished: [])");
        assert_eq!((old.best, message), (Vec::new(), None));
        let before = "(best: [(level: \"2013_third_test\", score: 64, won: true)])";
        let (old, message) = Profile::from_text(&dir.join("profile.ron"), before);
        assert_eq!(message, None);
        assert_eq!(
            old.best_line("2013_third_test", &difficulties).as_deref(),
            Some("won · best score 64")
        );
    }

    /// Save times are shown on the computer's clock: the same moment in Seoul and in
    /// Berlin, each with its zone's name.
    #[test]
    fn save_times_show_in_the_local_zone() {
        let zone = |name| jiff::tz::TimeZone::get(name).unwrap();
        let moment = 1_796_082_059; // 30 Nov 2026, 23:40 UTC
        assert_eq!(
            in_zone(moment, zone("Asia/Seoul")).unwrap(),
            "1 Dec 2026, 08:40 KST"
        );
        assert_eq!(
            in_zone(moment, zone("Europe/Berlin")).unwrap(),
            "1 Dec 2026, 00:40 CET"
        );
        assert_eq!(
            in_zone(moment, jiff::tz::TimeZone::UTC).unwrap(),
            "30 Nov 2026, 23:40 UTC"
        );
        assert!(!saved_moment(moment).is_empty());
    }

    /// A class's game loaded from a slot behind a save of the same game that went further
    /// (to its debrief, where the type was shown, or to an "End now") carries the turns taken
    /// back as undone, as Undo would have counted them; a player's own game, a what-if and
    /// another class's game do not.
    #[test]
    fn loading_a_class_game_from_behind_counts_the_turns_taken_back() {
        let game = |turns: usize, undone: u32, ended: bool| SaveFile {
            version: SAVE_VERSION,
            level: "2013_third_test".into(),
            seed: 28848,
            moves: vec!["hold_course".into(); turns],
            saved_at: turns as u64,
            campaign: false,
            injects: Vec::new(),
            class_code: Some("2013-E2R4-S".into()),
            teams: None,
            difficulty: None,
            undone,
            ended,
            group: None,
            computer: None,
            rewound: None,
            rules: None,
        };
        let slot = game(2, 0, false);
        // Nothing further: its own count.
        assert_eq!(undone_on_load(&slot, std::slice::from_ref(&slot)), 0);
        assert_eq!(undone_on_load(&game(2, 3, false), &[]), 3);
        // Played on to turn 14 (the debrief): 12 turns taken back.
        let finished = game(14, 0, false);
        assert_eq!(undone_on_load(&slot, &[slot.clone(), finished.clone()]), 12);
        // Played again from there to the end, Undo used once: 12 + 1 + 12 more.
        let again = game(14, 13, false);
        assert_eq!(undone_on_load(&slot, &[finished.clone(), again]), 25);
        // Saved on turn 9, then ended with End now: the end is taken back.
        assert_eq!(undone_on_load(&game(9, 0, false), &[game(9, 0, true)]), 1);
        // Saved after turn 1, a turn played, then ended: the turn is taken back, and the end
        // with it is not counted twice.
        assert_eq!(undone_on_load(&game(1, 0, false), &[game(2, 0, true)]), 1);
        // The ended game itself, read among the machine's saves (the Load screen's list holds
        // it), takes nothing back: it is where the game stopped.
        let ended = game(9, 0, true);
        assert_eq!(undone_on_load(&ended, std::slice::from_ref(&ended)), 0);
        // Ended on turn 9 with an inject made for turn 9 that was never played: the same.
        let mut ended_with_inject = game(9, 0, true);
        ended_with_inject.injects = vec![crate::rules::raw::InjectAt {
            turn: 9,
            id: "border_clash".into(),
        }];
        assert_eq!(
            undone_on_load(&ended_with_inject, &[ended_with_inject.clone()]),
            0
        );
        // An inject played since counts as a turn does.
        let mut injected = game(3, 0, false);
        injected.injects = vec![crate::rules::raw::InjectAt {
            turn: 3,
            id: "border_clash".into(),
        }];
        assert_eq!(undone_on_load(&slot, &[injected]), 2);
        // Not the same game: another seed, another code, a what-if, or no code at all.
        let mut other_seed = finished.clone();
        other_seed.seed = 1;
        let mut other_code = finished.clone();
        other_code.class_code = Some("2013-AAAA-A".into());
        let mut whatif = finished.clone();
        whatif.rewound = Some(RewoundSave {
            turn: 3,
            original: Box::new(finished.clone()),
        });
        // Nor the game of the group before, at the same machine under another name: the
        // next group's own save of one turn is charged with none of its turns.
        let named = |turns, ended, group: &str| {
            let mut save = game(turns, 0, ended);
            save.group = Some(group.into());
            save
        };
        let last_group = named(4, true, "Table 3");
        let next_group = named(1, true, "Table 5");
        assert_eq!(
            undone_on_load(&next_group, std::slice::from_ref(&last_group)),
            0
        );
        let next_group_earlier = named(0, false, "Table 5");
        assert_eq!(
            undone_on_load(&next_group_earlier, &[last_group, next_group]),
            1,
            "its own game, played further, still counts"
        );
        assert_eq!(
            undone_on_load(&next_group_earlier, &[named(3, false, "TABLE 5")]),
            3,
            "its name typed in another case is the same group"
        );
        assert_eq!(undone_on_load(&slot, &[other_seed, other_code, whatif]), 0);
        let mut own = slot.clone();
        own.class_code = None;
        let mut own_further = finished.clone();
        own_further.class_code = None;
        assert_eq!(undone_on_load(&own, &[own_further]), 0);
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
            campaign: false,
            injects: Vec::new(),
            class_code: None,
            teams: None,
            difficulty: None,
            undone: 2,
            ended: true,
            group: Some("Table 3: Ana, Ben".into()),
            computer: Some("LAB-PC12".into()),
            rewound: None,
            rules: Some("7QK2".into()),
        };
        write_save(&dir, "slot2", &save).unwrap();
        assert_eq!(read_save(&dir, "slot2").unwrap(), Some(save.clone()));
        // A what-if's save holds the game before its rewind, whole.
        let whatif = SaveFile {
            moves: vec!["hold_course".into(), "joint_air_drills".into()],
            ended: false,
            rewound: Some(RewoundSave {
                turn: 2,
                original: Box::new(save.clone()),
            }),
            ..save
        };
        write_save(&dir, "slot1", &whatif).unwrap();
        assert_eq!(read_save(&dir, "slot1").unwrap(), Some(whatif));
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
    fn a_profile_from_a_newer_version_keeps_its_progress_and_its_unknown_fields() {
        let dir = scratch("newer");
        std::fs::write(
            dir.join("profile.ron"),
            "(finished: [\"2013_third_test\"], ui_scale: 9.0, music_volume: 0.5, \
             colour_blind: \"yes\")",
        )
        .unwrap();
        let (profile, message) = Profile::load(&dir);
        assert_eq!(profile.finished, vec!["2013_third_test".to_string()]);
        assert_eq!(profile.ui_scale, 2.0, "clamped to the top of the range");
        assert!(
            !profile.colour_blind,
            "the unreadable field alone takes its default"
        );
        let message = message.expect("the player is told what changed");
        assert!(message.contains("UI scale 9 is outside"), "{message}");
        assert!(
            message.contains("colour_blind could not be read"),
            "{message}"
        );
        profile.store(&dir).unwrap();
        let text = std::fs::read_to_string(dir.join("profile.ron")).unwrap();
        assert!(text.contains("music_volume: 0.5"), "kept on save: {text}");
        let (again, message) = Profile::load(&dir);
        assert_eq!(again, profile);
        assert_eq!(message, None);
        let _ = std::fs::remove_dir_all(dir);
    }

    /// The forecast's policy is one of the built-in ones; a name that is not (a typo, a file
    /// that was deleted) falls back to the default, `adaptive`, with a message, and the choice
    /// is kept.
    #[test]
    fn the_forecasts_policy_is_kept_and_an_unknown_one_falls_back_to_the_default() {
        let mut names = FORECAST_POLICIES.to_vec();
        let mut builtin = crate::rules::BUILTIN_POLICIES.to_vec();
        names.sort();
        builtin.sort();
        assert_eq!(
            names, builtin,
            "every built-in policy may play on, and only those"
        );
        let dir = scratch("forecast-policy");
        let p = Profile {
            forecast_policy: "hawk".into(),
            ..Profile::default()
        };
        p.store(&dir).unwrap();
        assert_eq!(Profile::load(&dir), (p, None));
        let (profile, message) = Profile::from_text(
            Path::new("profile.ron"),
            "(forecast_policy: \"hawkish\", show_forecast: false)",
        );
        assert_eq!(profile.forecast_policy, "adaptive");
        assert_eq!(Profile::default().forecast_policy, "adaptive");
        assert!(!profile.show_forecast, "the other settings are kept");
        let message = message.expect("the player is told");
        assert!(
            message.contains("the forecast's policy \"hawkish\" is not one of"),
            "{message}"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    /// Bytes that are not UTF-8 text do not lose the campaign: what reads is kept, the player is
    /// told, and the file is kept beside, byte for byte.
    #[test]
    fn a_profile_that_is_not_utf8_keeps_what_it_can_and_says_so() {
        let dir = scratch("profile-not-utf8");
        let mut bytes = b"(finished: [\"2013_third_test\", \"2017_fire_and_fury\"], forecast_policy: \"balanced\" // ".to_vec();
        bytes.extend_from_slice(&[0xff, 0xfe]);
        bytes.extend_from_slice(b"\n)");
        std::fs::write(dir.join("profile.ron"), &bytes).unwrap();
        let (profile, message) = Profile::load(&dir);
        let message = message.expect("the player is told");
        assert_eq!(profile.finished, ["2013_third_test", "2017_fire_and_fury"]);
        assert!(message.contains("not UTF-8 text at byte 85"), "{message}");
        assert!(message.contains("profile.ron.damaged"), "{message}");
        assert_eq!(
            std::fs::read(dir.join("profile.ron.damaged")).unwrap(),
            bytes
        );
        assert_eq!(
            Profile::load(&dir),
            (profile, None),
            "the next start is quiet"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    /// A profile too damaged to read is kept beside the new one, and the campaign's finished
    /// levels are read out of it where they still can be.
    #[test]
    fn a_damaged_profile_is_kept_and_its_progress_salvaged() {
        let dir = scratch("profile-damaged");
        let broken =
            "(finished: [\"2013_third_test\", \"2017_fire_and_fury\"], ui_scale: 1.0 fullscreen: )";
        std::fs::write(dir.join("profile.ron"), broken).unwrap();
        let (profile, message) = Profile::load(&dir);
        let message = message.unwrap();
        assert_eq!(profile.finished, ["2013_third_test", "2017_fire_and_fury"]);
        assert_eq!(profile.ui_scale, 1.0);
        assert!(message.contains("finished levels kept"), "{message}");
        assert!(message.contains("profile.ron.damaged"), "{message}");
        let kept = std::fs::read_to_string(dir.join("profile.ron.damaged")).unwrap();
        assert_eq!(kept, broken);
        // The profile itself is written anew: the next start reads it with nothing to report,
        // the salvaged progress in it.
        assert_eq!(Profile::load(&dir), (profile.clone(), None));
        assert_eq!(
            std::fs::read_to_string(dir.join("profile.ron.damaged")).unwrap(),
            broken,
            "the damaged bytes stay kept"
        );

        // Garbage with no progress in it: the message says the progress is gone too.
        std::fs::write(dir.join("profile.ron"), "\u{1}\u{2}garbage").unwrap();
        let (profile, message) = Profile::load(&dir);
        assert!(profile.finished.is_empty());
        let message = message.unwrap();
        assert!(
            message.contains("settings and campaign progress were damaged"),
            "{message}"
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
