//! `peninsula forecast` and `peninsula whatif`: what the rules predict for each move from a
//! position, and what would have followed had one move of a game been different.

use super::{policy_error, scenario};
use crate::rules::raw::MovesFile;
use crate::rules::{DataSet, Scenario, load};
use crate::sim::forecast::{MoveOdds, forecast};
use crate::sim::story::TurnStory;
use crate::sim::transcript::game_named;
use crate::sim::{Game, Policy};
use std::path::Path;

/// A moves file read from disk, with its level and seed resolved against the flags.
struct Position<'d> {
    sc: &'d Scenario,
    setup: crate::sim::Setup,
    moves: Vec<u16>,
    injects: Vec<crate::sim::Injected>,
    /// The class code the log records, kept in a rewound game's log when the rewind changed
    /// nothing.
    class_code: Option<String>,
    /// The log's count of turns and injects taken back with Undo.
    undone: u32,
    /// The log says the game was ended early ("End now").
    ended: bool,
    /// The log is a what-if played on from a rewind on the debrief.
    whatif: Option<crate::report::Rewind>,
}

fn read_moves(path: &Path) -> Result<MovesFile, i32> {
    // A missing file is a bad command line (exit 2), not a problem in the data.
    if !path.exists() {
        eprintln!("error: {}: no such file", path.display());
        return Err(2);
    }
    // A folder stands for a report's `game.ron` (`log_file`); one without it is no game.
    if path.is_dir() {
        eprintln!(
            "error: {} is a folder with no game.ron in it: give a game's log (as `play --log` \
             writes it), or the folder of a report, which holds its game.ron",
            path.display()
        );
        return Err(2);
    }
    let text = load::read_checked(path).map_err(|d| {
        eprint!("{d}");
        1
    })?;
    // A moves file is the command's input: a broken one exits 2, as `play` has it.
    super::parse_log(path, &text).map_err(|d| {
        eprint!("{d}");
        2
    })
}

fn resolve<'d>(
    data: &'d DataSet,
    level: Option<&str>,
    seed: Option<u64>,
    file: Option<MovesFile>,
    what: &str,
) -> Result<Position<'d>, i32> {
    let coded = super::coded_game(data, file.as_ref());
    let level = level
        .map(str::to_string)
        .or_else(|| file.as_ref().and_then(|f| f.level.clone()))
        .or_else(|| coded.as_ref().map(|c| c.level.clone()))
        .ok_or_else(|| {
            // `whatif` and `report` take the level from the log alone.
            let how = if what == "log" {
                "the log names no level; add `level: Some(\"ID\")` to it".to_string()
            } else {
                format!("pass --level ID or a {what} that names one")
            };
            eprintln!(
                "error: no level given: {how} (levels: {})",
                data.level_ids().join(", ")
            );
            2
        })?;
    // A log's moves replay only on its own level: on another they would be another game.
    if let Some(logged) = file.as_ref().and_then(|f| f.level.as_deref())
        && logged != level
    {
        eprintln!(
            "error: the {what} is a game of {logged}, but --level asks for {level}; leave --level out to use it"
        );
        return Err(2);
    }
    let sc = scenario(data, &level)?;
    if let Some(f) = &file {
        super::warn_of_other_mods(&format!("the {what}"), &f.mods, sc);
        if f.mods == sc.rules.patched_by {
            super::warn_of_other_rules(&format!("the {what}"), f.rules.as_deref(), sc);
        }
    }
    // A log's moves on another seed are another game: said, not refused (a teacher may ask
    // how the same moves fare against other dice).
    if let (Some(asked), Some(logged)) = (seed, file.as_ref().and_then(|f| f.seed))
        && asked != logged
    {
        eprintln!(
            "note: the {what} was played on seed {logged}; --seed {asked} replays its moves in another game (leave --seed out for the game it records)"
        );
    }
    let seed = seed
        .or_else(|| file.as_ref().and_then(|f| f.seed))
        .or_else(|| coded.as_ref().map(|c| c.seed))
        .unwrap_or(1);
    let mut moves = Vec::new();
    for (i, m) in file.iter().flat_map(|f| f.moves.iter()).enumerate() {
        match sc.action_index(m) {
            Some(a) => moves.push(a),
            None => {
                eprintln!(
                    "error: move {} is {m:?}, which is not an action of {level}{}",
                    i + 1,
                    super::not_an_action_hint(sc, m)
                );
                return Err(2);
            }
        }
    }
    if let Some(f) = &file {
        Game::check_log(sc, moves.len(), f.teams.as_ref(), &f.injects).map_err(|e| {
            eprintln!("error: {e}");
            2
        })?;
    }
    let injects = match &file {
        Some(f) => Game::injects_from(sc, &f.injects).map_err(|e| {
            eprintln!("error: {e}");
            2
        })?,
        None => Vec::new(),
    };
    let setup = match &file {
        Some(f) => Game::setup_from(sc, seed, f.difficulty.as_deref(), f.teams.as_ref()),
        None => Game::setup_from(sc, seed, None, None),
    }
    .map(|setup| crate::sim::Setup {
        group: file
            .as_ref()
            .and_then(|f| f.group.as_deref())
            .and_then(crate::sim::group_name),
        computer: file
            .as_ref()
            .and_then(|f| f.computer.as_deref())
            .and_then(crate::sim::computer_name),
        ..setup
    })
    .map_err(|e| {
        eprintln!("error: {e}");
        2
    })?;
    Ok(Position {
        sc,
        setup,
        moves,
        injects,
        class_code: file.as_ref().and_then(|f| {
            let text = f.class_code.as_deref()?;
            super::class_code_of(data, sc, text, seed, f.difficulty.as_deref())
        }),
        undone: file.as_ref().map_or(0, |f| f.undone),
        ended: file.as_ref().is_some_and(|f| f.ended),
        whatif: file.as_ref().and_then(|f| {
            let w = f.whatif.as_ref()?;
            // The class's code is kept only when it is the code of this level, seed and
            // difficulty, as a log's own code is.
            let class_code = w.class_code.as_deref().and_then(|text| {
                super::class_code_of(data, sc, text, seed, f.difficulty.as_deref())
            });
            Some(crate::report::Rewind {
                class_code,
                ..crate::report::Rewind::from_log(w)
            })
        }),
    })
}

impl Position<'_> {
    /// The class code the game is named by: its own, or, for a what-if, that of the class's
    /// game it parts from. Where there is one, the game is named by it and never by its seed.
    fn class_named(&self) -> Option<&str> {
        self.class_code
            .as_deref()
            .or_else(|| self.whatif.as_ref()?.class_code.as_deref())
    }
}

/// Plays the position's moves (with its injects) from a new game; stops if the game ends.
fn replay(pos: &Position, moves: &[u16]) -> Game {
    let mut setup = pos.setup.clone();
    if let Some(t) = &mut setup.teams {
        // A team game's proposals hold only while the moves are the original's.
        let keep = t
            .proposals
            .iter()
            .zip(moves.iter().zip(&pos.moves))
            .take_while(|(_, (a, b))| a == b)
            .count();
        t.proposals.truncate(keep);
    }
    // The log's Undo count goes with it (into a rewound game's log too, which comes from the
    // same sitting: with the same move, the same log byte for byte).
    let mut game = Game::replay(pos.sc, &setup, moves, &pos.injects);
    game.undone = pos.undone;
    game
}

#[allow(clippy::too_many_arguments)]
/// What `forecast` was asked for.
pub struct ForecastRun<'a> {
    pub level: Option<&'a str>,
    pub seed: Option<u64>,
    pub moves: Option<&'a Path>,
    /// A class code: its game's level, seed and difficulty, in place of `level` and `seed`.
    pub class_code: Option<&'a str>,
    pub rollouts: u32,
    pub policy: &'a str,
    pub forecast_seed: u64,
    pub json: bool,
}

pub fn forecast_command(data: &DataSet, run: ForecastRun) -> i32 {
    let ForecastRun {
        level,
        seed,
        moves,
        class_code,
        rollouts,
        policy,
        forecast_seed,
        json,
    } = run;
    // `--moves balanced`, as `play` takes it: the forecast's moves are a game's log, and the
    // policy that plays on is `--policy`.
    if let Some(m) = moves
        && !m.exists()
        && data.policy_names().iter().any(|n| Path::new(n) == m)
    {
        eprintln!(
            "error: --moves {}: no such file; the forecast's --moves is a game's log (as `play --log` writes it), the moves so far; for the policy that plays on after each move, use --policy {}",
            m.display(),
            m.display()
        );
        return 2;
    }
    let mut file = match moves.map(read_moves).transpose() {
        Ok(f) => f,
        Err(code) => return code,
    };
    if let Some(code) = class_code
        && let Err(exit) = take_class_code(data, code, &mut file)
    {
        return exit;
    }
    let pos = match resolve(data, level, seed, file, "moves file") {
        Ok(p) => p,
        Err(code) => return code,
    };
    let sc = pos.sc;
    let policy = match Policy::load(sc, &data.root, &data.policy_ref(policy)) {
        Ok(p) => p,
        Err(e) => return policy_error(data, e),
    };
    // A level written to be played blind forbids the forecast, here as on the dashboard.
    if !sc.def.forecast {
        eprintln!(
            "error: {} is played blind (its file sets `forecast: false`): no forecast",
            sc.id()
        );
        return 2;
    }
    let game = replay(&pos, &pos.moves);
    if game.state.outcome.is_some() {
        eprintln!("error: the game is over after those moves; nothing to forecast");
        return 2;
    }
    // A move that could not be played was the fallback, as `play` plays it: the position is
    // after the fallback, said so that it is the position meant.
    for (rec, &asked) in game.log.iter().zip(&pos.moves) {
        if rec.taken != asked
            && let Some(why) = &rec.unavailable
        {
            eprintln!(
                "note: turn {}'s move, {}, could not be played ({}); {} was played instead",
                rec.turn,
                sc.actions[asked as usize].name,
                crate::sim::decide::explain_unavailable(sc, asked, why),
                sc.actions[rec.taken as usize].name
            );
        }
    }
    // A class code that plays blind hid the forecast from the class; a teacher may still want
    // it at the debrief, so it is given, with a word that the class did not see it.
    if let Some(code) = pos.class_code.as_deref()
        && let Ok(c) = crate::sim::class_code::decode(data, code)
        && c.options.no_forecast
    {
        eprintln!(
            "note: the class code {code} plays blind (--no-forecast): the class did not see this forecast"
        );
    }
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let odds = forecast(
        sc,
        &game.state,
        &policy,
        rollouts.max(1),
        forecast_seed,
        threads,
    );
    if json {
        return match serde_json::to_value(&odds).and_then(|mut v| {
            // A move that cannot be played has no odds: its rates (the fractional fields) are
            // null, not a chance of 0; its names, reason and count of worlds stay.
            // The tension fan names its turns and percentiles: `{turn, p10, p50, p90}`.
            for o in v.as_array_mut().into_iter().flatten() {
                let Some(o) = o.as_object_mut() else { continue };
                if o["unavailable"].is_string() {
                    for (_, x) in o.iter_mut().filter(|(_, x)| x.is_f64()) {
                        *x = serde_json::Value::Null;
                    }
                }
                if let Some(fan) = o.get_mut("tension").and_then(|t| t.as_array_mut()) {
                    for (i, p) in fan.iter_mut().enumerate() {
                        let at = |k: usize| p.get(k).cloned().unwrap_or(serde_json::Value::Null);
                        *p = serde_json::json!({
                            "turn": game.state.turn as usize + i,
                            "p10": at(0),
                            "p50": at(1),
                            "p90": at(2),
                        });
                    }
                }
            }
            serde_json::to_string_pretty(&v)
        }) {
            Ok(s) => {
                println!("{s}");
                0
            }
            Err(e) => {
                eprintln!("error: {e}");
                2
            }
        };
    }
    print!(
        "{}",
        forecast_table(sc, &game, &odds, policy.name(), pos.class_named())
    );
    0
}

/// Puts the game of class code `code` into `file` (a group's log of it, or an empty one): its
/// level, seed and difficulty, and the code itself. A log of another game is refused, with both
/// named, rather than forecast as a third game.
fn take_class_code(data: &DataSet, code: &str, file: &mut Option<MovesFile>) -> Result<(), i32> {
    let class = crate::sim::class_code::decode(data, code).map_err(|e| {
        eprintln!("error: --class-code: {e}");
        2
    })?;
    // The first difficulty is the default, which a log leaves out.
    let difficulty =
        super::class_difficulty(data, &class).filter(|_| class.options.difficulty != 0);
    let f = file.get_or_insert_with(|| MovesFile {
        difficulty: difficulty.clone(),
        ..MovesFile::default()
    });
    let logged = (
        f.level.as_deref().unwrap_or(&class.level),
        f.seed.unwrap_or(class.seed),
        f.difficulty.as_deref(),
    );
    if logged != (class.level.as_str(), class.seed, difficulty.as_deref()) {
        // A log of another class's game is named by its code, not its seed (with the seed,
        // `class-code` prints that class's teacher's key).
        let logged_code = f.class_code.clone();
        let name = |level: &str, seed: u64, difficulty: Option<&str>| {
            format!(
                "{level}, {}{}",
                game_named(seed, logged_code.as_deref()),
                difficulty.map_or(String::new(), |d| format!(", {d} difficulty"))
            )
        };
        // The code's own seed is not named: with it, `class-code` prints the teacher's key.
        eprintln!(
            "error: the moves file is a game of {}, but the class code {code} is another game ({}{}): leave --class-code out to forecast the file's game",
            name(logged.0, logged.1, logged.2),
            class.level,
            difficulty.map_or(String::new(), |d| format!(", {d} difficulty"))
        );
        return Err(2);
    }
    f.level = Some(class.level.clone());
    f.seed = Some(class.seed);
    if f.class_code.is_none() {
        f.class_code = Some(code.to_string());
    }
    Ok(())
}

/// The forecast's table; its heading names a class's game by its code, not its seed (with the
/// seed, `class-code` prints the teacher's key).
pub(super) fn forecast_table(
    sc: &Scenario,
    game: &Game,
    odds: &[MoveOdds],
    policy: &str,
    class_code: Option<&str>,
) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let s = &game.state;
    let turn = s.turn;
    let worlds = odds.iter().map(|o| o.rollouts).max().unwrap_or(0);
    let difficulty = match sc.rules.difficulties.get(s.difficulty as usize) {
        Some(d) if s.difficulty != 0 => format!(", {} difficulty", d.name.to_lowercase()),
        _ => String::new(),
    };
    let dealt = game_named(s.seed, class_code);
    let _ = writeln!(
        out,
        "Forecast for turn {turn} of {} of {} ({}), {dealt}{difficulty}: each move first, then \
         {policy} on every turn after it, in {worlds} sampled world{} (Pyongyang's type drawn \
         from your analysts' estimate, fresh dice)",
        sc.def.turns,
        sc.def.title,
        sc.def.years,
        if worlds == 1 { "" } else { "s" },
    );
    let _ = writeln!(
        out,
        "Chances by the end of the level, the mean score (out of 100: 60 a win, 25 a loss, 0 a \
         war, up to 40 for calm); tension after this turn as 10th/50th/90th percentile"
    );
    // What each event column counts, as this game stands: a test or a moratorium from now on,
    // a summit by the end (one held already counts), so that "nuclear 0%" the turn after a
    // test, or "summit 100%" after one, is not read as a contradiction.
    let known = &sc.rules.known;
    let flag = |v: Option<u16>| v.is_some_and(|i| s.vars[i as usize] >= 1.0);
    let rose = |v: Option<u16>| {
        v.is_some_and(|i| s.vars[i as usize] > sc.start.get(i as usize).copied().unwrap_or(0.0))
    };
    let test = |v, first: &'static str, kind: &str| {
        if rose(v) {
            format!("another {kind}")
        } else {
            format!("{first} {kind}")
        }
    };
    let _ = writeln!(
        out,
        "nuclear, ICBM: {}, {}, from this turn on; moratorium: one declared from this turn on{}; summit: one held by the end{}",
        test(known.nuclear_tests, "a", "nuclear test"),
        test(known.icbm_tests, "an", "ICBM test"),
        if flag(known.moratorium) {
            " (one is in force now)"
        } else {
            ""
        },
        if flag(known.summit) {
            ", the one held already included"
        } else {
            ""
        },
    );
    // The move column is as wide as the longest name (a mod's card may have a long one).
    let w = odds
        .iter()
        .map(|o| o.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(34);
    // A reactor standing idle now (2013's Yongbyon) gets a column for its restart.
    let reactor = sc
        .rules
        .known
        .reactor_idle
        .is_some_and(|i| game.state.vars[i as usize] >= 1.0);
    let restart_head = if reactor { "  restart" } else { "" };
    let _ = writeln!(
        out,
        "{:<w$} {:>5} {:>5} {:>5} {:>5} {:>8} {:>5} {:>11} {:>7}{restart_head}   tension p10/p50/p90",
        "move", "win", "loss", "war", "score", "nuclear", "ICBM", "moratorium", "summit"
    );
    let pct = crate::sim::forecast::percent;
    for o in odds {
        match &o.unavailable {
            Some(why) => {
                let _ = writeln!(out, "{:<w$} (unavailable: {why})", o.name);
            }
            None => {
                let next = o
                    .tension
                    .first()
                    .map(|t| format!("{:.0}/{:.0}/{:.0}", t[0], t[1], t[2]))
                    .unwrap_or_default();
                let restart = if reactor {
                    format!(" {:>8}", pct(o.reactor_restart))
                } else {
                    String::new()
                };
                // Win, loss and war add up to 100 as a row reads them.
                let [win, loss, war] =
                    crate::sim::forecast::whole_percentages([o.win, o.loss, o.war]);
                let share = crate::sim::forecast::percent_text;
                let _ = writeln!(
                    out,
                    "{:<w$} {:>5} {:>5} {:>5} {:>5.0} {:>8} {:>5} {:>11} {:>7}{restart}   {next}",
                    o.name,
                    share(o.win, win),
                    share(o.loss, loss),
                    share(o.war, war),
                    o.mean_score,
                    pct(o.nuclear_test),
                    pct(o.icbm_test),
                    pct(o.moratorium),
                    pct(o.summit)
                );
            }
        }
    }
    // As the dashboard's card says it: where no move wins, the line playing on may be why.
    if crate::sim::forecast::no_move_wins_often(odds) {
        let _ = writeln!(
            out,
            "\nNo move wins often with the {policy} policy playing on: its line may be the wrong \
             one here (--policy plays on with another); the score still tells the moves apart."
        );
    }
    // The fan's middle line, turn by turn (the 10th and 90th percentiles are in --json).
    let last = sc.def.turns.max(turn);
    let _ = writeln!(
        out,
        "\nMedian tension after each turn, {turn} to {last} (10th and 90th percentiles: --json)"
    );
    let header: String = (turn..=last).map(|t| format!("{t:>4}")).collect();
    let _ = writeln!(out, "{:<w$}{header}", "move");
    for o in odds.iter().filter(|o| o.unavailable.is_none()) {
        let row: String = o.tension.iter().map(|t| format!("{:>4.0}", t[1])).collect();
        let _ = writeln!(out, "{:<w$}{row}", o.name);
    }
    out
}

pub fn whatif_command(
    data: &DataSet,
    log: &Path,
    turn: u64,
    action: &str,
    then: Option<&str>,
    out: Option<&Path>,
) -> i32 {
    let log = &log_file(log);
    // The what-if's log never takes the place of the game it rewinds (a report's folder keeps
    // its `game.ron` as the record of the game its page shows).
    if let Some(out) = out
        && let (Ok(a), Ok(b)) = (
            std::fs::canonicalize(log),
            std::fs::canonicalize(log_file(out)),
        )
        && a == b
    {
        eprintln!(
            "error: --log {} is the game being rewound: write the what-if to another file, so that the game as played is kept",
            out.display()
        );
        return 2;
    }
    let pos = match read_log(data, log) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let sc = pos.sc;
    let original = replay(&pos, &pos.moves);
    let played = original.log.len() as u32;
    // The rewind is the debrief's: for a game that is over. Played on from an unfinished game,
    // it would play the rest against the hidden Pyongyang with the game's own dice, and its
    // log would name the disposition before the player could know it.
    // A game the facilitator ended early ("End now") is over too: its debrief rewinds it.
    if original.state.outcome.is_none() && !pos.ended {
        eprintln!(
            "error: the game in {} is not over (played to turn {played} of {}): rewind a \
             finished game; for what each move may lead to from here, run `peninsula forecast \
             --moves {}`",
            log.display(),
            sc.def.turns,
            log.display()
        );
        return 2;
    }
    if turn == 0 || turn > played as u64 {
        eprintln!(
            "error: --turn {turn}: the game in {} has turns 1 to {played}",
            log.display()
        );
        return 2;
    }
    // Within the game's turns now, which a turn number holds.
    let turn = turn as u32;
    let Some(changed) = sc.action_index(action) else {
        let hint =
            crate::rules::diagnostics::suggestion(action, sc.actions.iter().map(|a| a.id.as_str()));
        let all: Vec<&str> = sc.actions.iter().map(|a| a.id.as_str()).collect();
        eprintln!(
            "error: --move {action} is not an action of {}{hint}; its actions are: {}",
            sc.id(),
            all.join(", ")
        );
        return 2;
    };
    let then = match then
        .map(|t| Policy::load(sc, &data.root, &data.policy_ref(t)))
        .transpose()
    {
        Ok(p) => p,
        Err(e) => return policy_error(data, e),
    };
    // The same game up to the turn, the other move, then the original moves (or the policy);
    // every draw is keyed by (seed, turn, purpose), so the dice are the same wherever the
    // decisions are.
    let mut game = replay(&pos, &pos.moves[..turn as usize - 1]);
    for x in pos.injects.iter().filter(|x| x.turn == turn) {
        if !game.injects.contains(x) {
            game.inject(sc, x.inject);
        }
    }
    // In a team game every turn keeps its pair of proposals (so the new log replays exactly):
    // the changed turn is one both teams take, and later turns keep the original proposals
    // unless a policy plays them.
    let team_game = game.teams.is_some();
    let original_proposals = pos
        .setup
        .teams
        .as_ref()
        .map(|t| t.proposals.clone())
        .unwrap_or_default();
    let step = |game: &mut Game, a: u16, pair: Option<[u16; 2]>| {
        if team_game {
            game.play_teams(sc, pair.unwrap_or([a, a]));
        } else {
            game.play(sc, a);
        }
    };
    // A move that could not be played on that turn would silently become the fallback: say so,
    // and name the moves that were open.
    // The move the log holds for that turn is always accepted: the game played its fallback
    // then, and so does the rewind, which reproduces the log.
    let logged = pos.moves.get(turn as usize - 1) == Some(&changed);
    if !logged && let Err(why) = crate::sim::decide::availability(sc, &game.state, changed) {
        let open: Vec<&str> = (0..sc.actions.len() as u16)
            .filter(|a| crate::sim::decide::availability(sc, &game.state, *a).is_ok())
            .map(|a| sc.actions[a as usize].id.as_str())
            .collect();
        eprintln!(
            "error: --move {action} could not be played on turn {turn}: {}; open then: {}",
            crate::sim::decide::explain_unavailable(sc, changed, &why),
            open.join(", ")
        );
        return 2;
    }
    step(&mut game, changed, None);
    let mut next = turn as usize;
    let fallback = Policy::load(sc, &data.root, "balanced").ok();
    // A game ended early stops where it was ended, everything else held equal, a policy's
    // what-if too: played on to its end, it would end against the hidden Pyongyang and its
    // log and report would name the type the class's game keeps hidden.
    let stop = pos.ended.then_some(pos.moves.len());
    // The first turn the balanced policy played, the original moves having run out.
    let mut played_on_from = None;
    while game.state.outcome.is_none() && stop.is_none_or(|last| next < last) {
        // The facilitator's injects of later turns come when their turn does.
        let now = game.state.turn;
        for x in pos.injects.iter().filter(|x| x.turn == now) {
            game.inject(sc, x.inject);
        }
        let a = match (&then, pos.moves.get(next)) {
            (Some(p), _) => p.choose(sc, &game.state),
            (None, Some(a)) => *a,
            (None, None) => {
                played_on_from.get_or_insert(game.state.turn);
                match &fallback {
                    Some(p) => p.choose(sc, &game.state),
                    None => sc.fallback_action,
                }
            }
        };
        let pair = if then.is_none() {
            original_proposals.get(next).copied()
        } else {
            None
        };
        step(&mut game, a, pair);
        next += 1;
    }
    let after = match &then {
        Some(p) => format!("then the {} policy", p.name()),
        None => match played_on_from {
            // The game as played ended sooner: its moves ran out, and a policy played the rest.
            Some(t) => format!(
                "then the original moves, and from turn {t}, past the game as played, the balanced policy"
            ),
            None => "then the original moves".to_string(),
        },
    };
    let after = if stop.is_some() {
        format!("{after}, to the turn the game was ended on (End now)")
    } else {
        after
    };
    print!(
        "{}",
        side_by_side(
            sc,
            &original,
            &game,
            turn,
            &after,
            pos.ended,
            pos.class_named(),
        )
    );
    // A rewind that changed the game is no longer the game the class played from its code: its
    // log (and a report of it) does not claim the class code. With the same moves it is the
    // same game, and its log is the original's, byte for byte.
    let class_code = if game == original {
        pos.class_code.clone()
    } else {
        if let (Some(code), Some(_)) = (&pos.class_code, out) {
            eprintln!(
                "note: the new log names the class code {code} only as the game it parts from: the rewound game is not the game the class played"
            );
        }
        None
    };
    // A changed game's log says it is a what-if, and keeps the game it parts from (the class's
    // own, when the log rewound was already a what-if of it), so its report says so and draws
    // both runs, as the debrief's export does.
    // A what-if's save keeps its first run whole, not its tension: worked out here, as
    // `report` does.
    let mut prior = pos.whatif.clone();
    if let Some(w) = prior.as_mut().filter(|w| w.original_tension.is_empty())
        && let Some(tension) = first_run_tension(data, log)
    {
        w.original_tension = tension;
    }
    // The same game keeps what its log said, so that its log comes out byte for byte.
    let whatif = match &prior {
        _ if game == original => prior.clone(),
        Some(w) => Some(crate::report::Rewind {
            turn: turn.min(w.turn),
            ..w.clone()
        }),
        // The class's game it parts from is named by its code in the new log.
        None => Some(crate::report::Rewind {
            class_code: pos.class_code.clone(),
            ..crate::report::Rewind::of(&original, turn)
        }),
    };
    // A what-if of a what-if is set, in its log and its report, against the first game (the
    // class's), not against the what-if rewound here: said where the two turns differ.
    if let (Some(_), Some(w), Some(first)) = (out, &pos.whatif, &whatif)
        && game != original
        && first.turn != turn
    {
        eprintln!(
            "note: {} is itself a what-if, parting at turn {} from the game first played; the new log keeps that first game, so its report sets the new game against it, from turn {}",
            log.display(),
            w.turn,
            first.turn
        );
    }
    match out {
        Some(out) => super::write_log(sc, &game, out, class_code, stop.is_some(), whatif.as_ref()),
        None => 0,
    }
}

/// A game's log file, read and resolved against the data (its level, seed and setup).
fn read_log<'d>(data: &'d DataSet, log: &Path) -> Result<Position<'d>, i32> {
    let file = read_moves(log)?;
    resolve(data, None, None, Some(file), "log")
}

/// The log a path names: a report's folder stands for the `game.ron` it holds (as
/// `class-report` reads a folder), anything else for itself.
pub(super) fn log_file(path: &Path) -> std::path::PathBuf {
    let inside = path.join("game.ron");
    if path.is_dir() && inside.is_file() {
        inside
    } else {
        path.to_path_buf()
    }
}

/// The rewind of a what-if's log or save, if it is one: a what-if's save holds the game before
/// its rewind whole, so its chart can draw both runs.
fn rewind_of(data: &DataSet, log: &Path, pos: &Position) -> Option<crate::report::Rewind> {
    let mut whatif = pos.whatif.clone();
    if let Some(w) = whatif.as_mut().filter(|w| w.original_tension.is_empty())
        && let Some(tension) = first_run_tension(data, log)
    {
        w.original_tension = tension;
    }
    whatif
}

/// A game's log or save, read and replayed as `report` reads it, for the class page: None
/// (its problem printed) when it does not load.
pub(super) fn load_class_game<'d>(
    data: &'d DataSet,
    log: &Path,
    source: String,
) -> Option<crate::report::class::ClassGame<'d>> {
    let pos = read_log(data, log).ok()?;
    let game = replay(&pos, &pos.moves);
    Some(crate::report::class::ClassGame {
        sc: pos.sc,
        rewound: rewind_of(data, log, &pos),
        class_code: pos.class_named().map(str::to_string),
        unfinished: crate::report::Unfinished::of_log(pos.ended),
        game,
        source,
    })
}

/// `peninsula report LOG --out DIR`: replays the log and writes its debrief report.
pub fn report_command(data: &DataSet, log: &Path, out: &Path, reveal: bool) -> i32 {
    let log = &log_file(log);
    let pos = match read_log(data, log) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let game = replay(&pos, &pos.moves);
    // The type of a game still being played stays hidden: it could be played on knowing it.
    if reveal && !pos.ended && game.state.outcome.is_none() {
        eprintln!(
            "error: --reveal names the type of a game ended early (End now); {} is a game still in progress: end it from the facilitator's menu, or play it to its end",
            log.display()
        );
        return 2;
    }
    let replaced = out.join("report.html").exists();
    // A folder that holds the report of another game is left as it is: that report may be the
    // only copy of a group's game. The same game (or the same game, played further) is written
    // over, as exporting it again on the debrief does.
    if let Some(other) = report_of_another_game(&pos, out) {
        eprintln!(
            "error: {} holds the report of another game ({other}); give another --out, or empty it first",
            out.display()
        );
        return 2;
    }
    let whatif = rewind_of(data, log, &pos);
    match crate::report::write(
        pos.sc,
        &game,
        out,
        pos.class_named(),
        if pos.ended {
            // Named only on the facilitator's machine, or when the teacher asks (`--reveal`).
            crate::report::Unfinished::EndedEarly { reveal }
        } else {
            crate::report::Unfinished::InProgress
        },
        whatif.as_ref(),
    ) {
        Ok(page) => {
            println!("{}", page.display());
            for file in ["handout.html", "tension.png", "turns.csv", "game.ron"] {
                println!("{}", out.join(file).display());
            }
            if replaced {
                eprintln!(
                    "note: {} held a report already; it now holds this one",
                    out.display()
                );
            }
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

/// When `out` holds a report whose log is not of the game at `pos` (another level or seed, or
/// moves that are not the start of this game's, or a what-if against a game that is not),
/// that game in a few words; None when it holds no report, or this game's.
fn report_of_another_game(pos: &Position, out: &Path) -> Option<String> {
    let path = out.join("game.ron");
    if !out.join("report.html").exists() && !path.exists() {
        return None;
    }
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Some("whose log game.ron cannot be read".to_string());
    };
    let Ok(held) = super::parse_log(&path, &text) else {
        return Some("whose log game.ron does not read as a log".to_string());
    };
    let level = held.level.as_deref().unwrap_or("no level");
    let moves: Vec<&str> = pos
        .moves
        .iter()
        .map(|&a| pos.sc.actions[a as usize].id.as_str())
        .collect();
    let same = super::GameSoFar {
        level: Some(pos.sc.id()),
        seed: Some(pos.setup.seed),
        whatif: pos.whatif.is_some(),
        moves: &moves,
    }
    .continues(&held);
    // A class's game is named by its code: its seed, with `class-code`, prints the key.
    let dealt = match (&held.class_code, held.seed) {
        (Some(code), _) => format!("class code {code}"),
        (None, Some(seed)) => format!("seed {seed}"),
        (None, None) => "no seed".to_string(),
    };
    (!same).then(|| format!("{level}, {dealt}, {} move(s)", held.moves.len()))
}

/// The tension after each turn of the game before the rewind, when `path` is a what-if's save
/// (which keeps that game whole); None for a log, or a save whose first run no longer loads.
fn first_run_tension(data: &DataSet, path: &Path) -> Option<Vec<f32>> {
    let text = std::fs::read_to_string(path).ok()?;
    if !crate::rules::file_kind::opens_with_version(&text) {
        return None;
    }
    let save = load::parse::<crate::game::saves::SaveFile>(path, &text).ok()?;
    let (original, _) = crate::game::saves::first_run(data, &save).ok()??;
    Some(original.log.iter().map(|r| r.tension_after).collect())
}

/// One line for a turn: the tension after it, the move, Pyongyang's answer. `label` follows a
/// move that fell back ("(fallback)", short: the legend below says what it means).
fn turn_line(sc: &Scenario, game: &Game, i: usize, label: &str) -> String {
    match game.log.get(i) {
        None => String::new(),
        Some(rec) => {
            let story = TurnStory::of(sc, rec);
            let py = story.pyongyang().map(|a| a.name.as_str()).unwrap_or("-");
            let asked = if story.unavailable.is_some() {
                format!(" {label}")
            } else {
                String::new()
            };
            // To a tenth, as the transcript and the gauge write it: 49.5 is not the 50 where
            // the next rung begins.
            format!(
                "{:>5.1}  {}{asked} -> {py}",
                story.tension_after, story.move_name
            )
        }
    }
}

/// The widest a row of `whatif`'s two columns may be before the games are stacked instead.
const WIDE: usize = 120;

/// Both games, turn by turn; `after` says what played the what-if game after the changed turn.
/// `ended`: the original was ended early with "End now". A class's game (`class_code`) is named
/// by its code, not its seed: with the seed, `class-code` prints the teacher's key.
fn side_by_side(
    sc: &Scenario,
    original: &Game,
    other: &Game,
    turn: u32,
    after: &str,
    ended: bool,
    class_code: Option<&str>,
) -> String {
    use crate::sim::transcript::outcome_or_ended;
    use std::fmt::Write;
    let turns = original.log.len().max(other.log.len());
    // A game that ended before this turn: a dash where the tension goes, in either layout.
    let over = |l: String| {
        if l.is_empty() {
            format!("{:>5}  (game over)", "-")
        } else {
            l
        }
    };
    // Nothing is cut: the left column is as wide as its longest line, the right one unpadded.
    let line = |g: &Game, i: usize, label: &str| over(turn_line(sc, g, i, label));
    let left: Vec<String> = (0..turns)
        .map(|i| line(original, i, "(fallback)"))
        .collect();
    let right: Vec<String> = (0..turns).map(|i| line(other, i, "(fallback)")).collect();
    let heading = "as played: tension after, move -> answer";
    let width = |lines: &[String]| lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let w = width(&left).max(heading.len());
    // Side by side while the rows fit a terminal of WIDE columns; else each turn that differs
    // takes two lines, one per game, and a turn that does not, one.
    let stacked = 4 + 2 + w + 2 + width(&right) > WIDE;
    let mut out = String::new();
    let dealt = game_named(original.state.seed, class_code);
    // A game at another difficulty than the default says so, as the transcript does.
    let at = match sc
        .rules
        .difficulties
        .get(original.state.difficulty as usize)
    {
        Some(d) if original.state.difficulty != 0 => format!(", at {}", d.name),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "What if, {} ({}), {dealt}{at}: turn {turn} played differently, {after}",
        sc.def.title, sc.def.years
    );
    let header = if stacked {
        format!(
            "{:>4}  {:<9}  tension after, move -> answer",
            "turn", "game"
        )
    } else {
        format!("{:>4}  {:<w$}  {}", "turn", heading, "what if")
    };
    let _ = writeln!(out, "{}", header.trim_end());
    let mut parted = None;
    // A turn is the same when everything it recorded is, the move asked for aside: a move
    // that was unavailable and the fallback played in its place make the same turn.
    let asked_aside = |g: &Game, i: usize| {
        g.log.get(i).map(|r| crate::sim::TurnRecord {
            requested: r.taken,
            unavailable: None,
            ..r.clone()
        })
    };
    for i in 0..turns {
        let same = asked_aside(original, i) == asked_aside(other, i);
        if !same && parted.is_none() {
            parted = Some(i + 1);
        }
        let mark = if same { ' ' } else { '*' };
        let row = if !stacked {
            format!("{:>3}{mark}  {:<w$}  {}", i + 1, left[i], right[i])
        } else if same {
            // One row for both games; a move one of them asked for and could not play (the
            // other chose the fallback) says which game fell back.
            let fell_back = |g: &Game| g.log.get(i).is_some_and(|r| r.unavailable.is_some());
            let both = match (fell_back(original), fell_back(other)) {
                (true, false) => line(original, i, "(fallback as played)"),
                (false, true) => line(other, i, "(fallback in the what if)"),
                _ => left[i].clone(),
            };
            format!("{:>3}{mark}  {:<9}  {}", i + 1, "both", both)
        } else {
            format!(
                "{:>3}{mark}  {:<9}  {}\n{:>4}  {:<9}  {}",
                i + 1,
                "as played",
                left[i],
                "",
                "what if",
                right[i]
            )
        };
        let _ = writeln!(out, "{}", row.trim_end());
    }
    // A game with no outcome (ended early) has no score: its outcome is unknown.
    let score = |g: &Game| match g.state.outcome {
        Some(_) => format!("score {}", crate::sim::turn::score(sc, &g.state)),
        None => "no score".to_string(),
    };
    let _ = writeln!(
        out,
        "Outcome as played: {} ({})  |  what if: {} ({})",
        outcome_or_ended(sc, original.state.outcome, ended),
        score(original),
        outcome_or_ended(sc, other.state.outcome, ended),
        score(other)
    );
    let fell_back = |g: &Game| g.log.iter().any(|r| r.requested != r.taken);
    if fell_back(original) || fell_back(other) {
        let _ = writeln!(
            out,
            "(fallback): the move the log asked for was unavailable that turn, so {} was played.",
            sc.actions[sc.fallback_action as usize].name
        );
    }
    match parted {
        Some(t) => {
            let _ = writeln!(
                out,
                "The games part at turn {t} (* marks turns that differ in anything recorded: \
                 the answers, events and estimate as well as the columns shown)."
            );
        }
        None => {
            let _ = writeln!(out, "The games are the same, turn for turn.");
        }
    }
    out
}
