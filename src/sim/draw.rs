//! How the hidden type a game drew fares against the lines of play the game ships: each
//! built-in policy's wins over many games of the level, counted in the games that drew the same
//! type. The debrief and the report say it once the type is revealed, so a group that lost to a
//! type no tested line beats knows that its score rests on the calm it kept, and a class can see
//! which lines each type answers to (a level's questions ask it: "against which type of
//! leader?"). Deterministic: the same level and data give the same figures on every run.

use super::batch::run_batch_at;
use super::policy::Policy;
use crate::rules::Scenario;
use std::path::{Path, PathBuf};

/// The built-in lines compared: the weighted policies (the scripted record is added where the
/// level has a script; `random` is no line of play).
const LINES: [&str; 6] = [
    "adaptive",
    "balanced",
    "beijing",
    "deterrence",
    "dove",
    "hawk",
];

/// Games each line plays; about a third of them draw any one type (at the shipped chances),
/// which puts a win rate within a few points.
pub const GAMES_PER_LINE: u64 = 600;

/// One line's record against the type.
#[derive(Debug, Clone, PartialEq)]
pub struct LineAgainstType {
    /// The policy's name ("the record's moves" for the historical script).
    pub line: String,
    /// Its win rate over the games that drew the type.
    pub win_rate: f64,
    /// How many games drew the type.
    pub games: u64,
}

/// Where a level's data folder is, for its built-in policies: the folder above its `levels/`
/// (None for a level outside one, such as a mod's, whose lines are not compared).
pub fn data_root_of(sc: &Scenario) -> Option<PathBuf> {
    let root = sc.path.parent()?.parent()?;
    root.join("assets")
        .join("policies")
        .is_dir()
        .then(|| root.to_path_buf())
}

/// Every built-in line's wins against disposition `disposition` (an index into Pyongyang's
/// dispositions) in `sc`, its games started at `difficulty` (an index into the rules'
/// difficulties, as the game compared was), best first (ties by name); empty when the policies
/// cannot be read or no game drew the type.
pub fn lines_against(
    sc: &Scenario,
    root: &Path,
    disposition: u8,
    difficulty: u8,
) -> Vec<LineAgainstType> {
    let Some(id) = sc
        .rules
        .pyongyang
        .dispositions
        .get(disposition as usize)
        .map(|d| d.id.clone())
    else {
        return Vec::new();
    };
    let mut named: Vec<(String, Policy)> = LINES
        .iter()
        .filter_map(|name| Some((name.to_string(), Policy::load(sc, root, name).ok()?)))
        .collect();
    if sc.script.iter().any(Option::is_some) {
        named.push(("the record's moves".to_string(), Policy::Historical));
    }
    let mut lines: Vec<LineAgainstType> = named
        .iter()
        .filter_map(|(line, policy)| {
            let stats = run_batch_at(sc, policy, GAMES_PER_LINE, 1, 2, difficulty, &|_| {});
            let rates = stats.by_disposition.get(&id)?;
            Some(LineAgainstType {
                line: line.clone(),
                win_rate: rates.win_rate,
                games: rates.runs,
            })
        })
        .collect();
    lines.sort_by(|a, b| {
        b.win_rate
            .total_cmp(&a.win_rate)
            .then_with(|| a.line.cmp(&b.line))
    });
    lines
}

/// The sentence the debrief and the report give: "Against a builder in this level, no built-in
/// line of play wins more than 1 game in 20 (the best, adaptive, 2% of 257 games): what a group
/// could still earn was the calm." or "Against an opportunist in this level, deterrence wins
/// 100% of the games, hawk 99%, adaptive 71%; the other built-in lines win 29% or less (163 games
/// each)." None when there is nothing to compare.
///
/// At a difficulty other than the default (`difficulty`, an index into the rules'
/// difficulties), the level is named with it: "Against a builder in this level at Hard, …".
pub fn lines_sentence(
    sc: &Scenario,
    disposition: u8,
    difficulty: u8,
    lines: &[LineAgainstType],
) -> Option<String> {
    let name = sc
        .rules
        .pyongyang
        .dispositions
        .get(disposition as usize)?
        .name
        .to_lowercase();
    let best = lines.first()?;
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let level = match sc.rules.difficulties.get(difficulty as usize) {
        Some(d) if difficulty != 0 => format!("this level at {}", d.name),
        _ => "this level".to_string(),
    };
    let percent = |x: f64| format!("{:.0}%", x * 100.0);
    if best.win_rate < 0.05 {
        let best_of = if best.win_rate > 0.0 {
            format!(
                "the best, {}, {} of {} games",
                best.line,
                percent(best.win_rate),
                best.games
            )
        } else {
            format!("none won any of {} games", best.games)
        };
        return Some(format!(
            "Against {article} {name} in {level}, no built-in line of play wins more than 1 game \
             in 20 ({best_of}): what a group could still earn was the calm."
        ));
    }
    // The lines that win a fair share, at most three; then the best of the rest.
    let shown: Vec<&LineAgainstType> = lines
        .iter()
        .take(3)
        .filter(|l| l.win_rate >= 0.05)
        .collect();
    let wins = if best.line.ends_with('s') {
        "win"
    } else {
        "wins"
    };
    let mut out = format!(
        "Against {article} {name} in {level}, {} {wins} {} of the games",
        best.line,
        percent(best.win_rate)
    );
    for l in &shown[1..] {
        out.push_str(&format!(", {} {}", l.line, percent(l.win_rate)));
    }
    // How many games the rates rest on: those of each line's that drew this type.
    let games = format!(
        "{} games each drew {article} {name}, of {GAMES_PER_LINE} played",
        best.games
    );
    match lines.get(shown.len()) {
        Some(next) if next.win_rate < 0.005 => {
            out.push_str(&format!("; the other built-in lines win none ({games})."))
        }
        Some(next) => out.push_str(&format!(
            "; the other built-in lines win {} or less ({games}).",
            percent(next.win_rate)
        )),
        None => out.push_str(&format!(" ({games}).")),
    }
    Some(out)
}

/// The sentence for the type a game drew, at the game's difficulty, in a level of the shipped
/// data (None for a level whose built-in policies cannot be found, such as a mod's): what the
/// debrief and the report show once the type is revealed.
pub fn sentence_for(sc: &Scenario, disposition: u8, difficulty: u8) -> Option<String> {
    let root = data_root_of(sc)?;
    let lines = lines_against(sc, &root, disposition, difficulty);
    lines_sentence(sc, disposition, difficulty, &lines)
}
