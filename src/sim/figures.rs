//! What one game's year came to, in the terms of its level's calibration targets: missiles
//! fired, launch days, nuclear and ICBM tests, clashes at the border, a summit, a war, the peak
//! of tension. `calibrate` holds the model's replays of the record to those targets; the debrief
//! report sets a class's own game beside the real year with the same figures, so a group can
//! see whether its policy made a steeper year than the record or a calmer one, and whether the
//! record's own acts (the Guam plan, the force declared complete) came in it, and when.

use super::Game;
use super::state::{GameState, Outcome};
use super::turn::new_game_at;
use crate::rules::raw::CalibrationTarget;
use crate::rules::{Metric, Scenario};

/// One game's figure for a calibration metric.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GameFigure {
    /// A count over the game (missiles, launch days, tests, clashes).
    Count(f32),
    /// Whether it happened in the game (a war, a nuclear test, a summit).
    Happened(bool),
    /// A tension (its peak).
    Tension(f32),
    /// Whether Pyongyang gave the record's answer in the game, and on which turn first.
    Answered(Option<u32>),
}

/// The game's figure for `metric`, or None for a metric one game cannot show beside the
/// record's (the opening tension, which is the level's, and the turns, moratoriums and restarts
/// that a replay's states would be needed for) or one that counts an answer, which needs the
/// target that names it ([`beside_the_record`] gives those).
pub fn game_figure(sc: &Scenario, game: &Game, metric: Metric) -> Option<GameFigure> {
    figure_from(sc, game, &opening(sc, game), metric, None)
}

/// The game's state as it opened: the level's own start, at the game's difficulty.
fn opening(sc: &Scenario, game: &Game) -> GameState {
    new_game_at(sc, game.state.seed, game.state.difficulty)
}

/// `game_figure`, with the counters as the game opened given (`opening`), and the answer a
/// target names.
fn figure_from(
    sc: &Scenario,
    game: &Game,
    start: &GameState,
    metric: Metric,
    answer: Option<&str>,
) -> Option<GameFigure> {
    let s = &game.state;
    let known = &sc.rules.known;
    let grew = |v: Option<u16>| {
        v.map(|i| (s.vars[i as usize] - start.vars[i as usize]).max(0.0))
            .unwrap_or(0.0)
    };
    let flag = |v: Option<u16>| v.is_some_and(|i| s.vars[i as usize] >= 1.0);
    Some(match metric {
        Metric::Missiles => GameFigure::Count(grew(known.missiles)),
        Metric::LaunchDays => GameFigure::Count(grew(known.launch_days)),
        Metric::NuclearTests => GameFigure::Count(grew(known.nuclear_tests)),
        Metric::IcbmTests => GameFigure::Count(grew(known.icbm_tests)),
        Metric::Incidents => {
            let incident = sc.rules.tag_bit("incident");
            let n: u32 = game
                .log
                .iter()
                .map(|rec| rec.events_tagged(sc, incident))
                .sum();
            GameFigure::Count(n as f32)
        }
        Metric::WarRate => GameFigure::Happened(matches!(s.outcome, Some(Outcome::War(_)))),
        Metric::NuclearTestRate => GameFigure::Happened(grew(known.nuclear_tests) > 0.0),
        Metric::IcbmTestRate => GameFigure::Happened(grew(known.icbm_tests) > 0.0),
        // A summit held before the level opens is not this game's.
        Metric::SummitRate => GameFigure::Happened(
            flag(known.summit) && !known.summit.is_some_and(|i| start.vars[i as usize] >= 1.0),
        ),
        Metric::PeakTension => GameFigure::Tension(s.peak_tension),
        Metric::OpeningTension
        | Metric::MoratoriumRate
        | Metric::ReactorRestartRate
        | Metric::LongestQuiet
        | Metric::FirstNuclearTestTurn
        | Metric::FirstLaunchTurn
        | Metric::LastLaunchTurn
        | Metric::FirstIcbmTestTurn
        | Metric::LastIcbmTestTurn
        | Metric::FirstMoratoriumTurn => return None,
        Metric::AnswerRate | Metric::FirstAnswerTurn => {
            let r = sc
                .rules
                .pyongyang
                .responses
                .iter()
                .position(|r| Some(r.id.as_str()) == answer)?;
            let first = game
                .log
                .iter()
                .find(|rec| rec.pyongyang.is_some_and(|d| d.response as usize == r))
                .map(|rec| rec.turn);
            GameFigure::Answered(first)
        }
    })
}

/// The figure as the report writes it: "34", "none", "yes", "no", "81.5".
pub fn figure_text(figure: GameFigure) -> String {
    match figure {
        GameFigure::Count(n) if n <= 0.0 => "none".to_string(),
        GameFigure::Count(n) => format!("{n:.0}"),
        GameFigure::Happened(true) => "yes".to_string(),
        GameFigure::Happened(false) => "no".to_string(),
        GameFigure::Tension(t) => format!("{t:.1}"),
        GameFigure::Answered(Some(turn)) => format!("yes, turn {turn}"),
        GameFigure::Answered(None) => "no".to_string(),
    }
}

/// The figure as a spreadsheet cell: a count, "yes" or "no", a tension, the turn of an answer
/// (or "no").
pub fn figure_cell(figure: GameFigure) -> String {
    match figure {
        GameFigure::Count(n) => format!("{n:.0}"),
        GameFigure::Happened(b) => (if b { "yes" } else { "no" }).to_string(),
        GameFigure::Tension(t) => format!("{t:.1}"),
        GameFigure::Answered(Some(turn)) => turn.to_string(),
        GameFigure::Answered(None) => "no".to_string(),
    }
}

/// What the figure is called for one game: "a nuclear test", where `calibrate`, over many
/// replays, says "games with a nuclear test".
pub fn game_label(metric: Metric) -> &'static str {
    match metric {
        Metric::WarRate => "war",
        Metric::NuclearTestRate => "a nuclear test",
        Metric::IcbmTestRate => "an ICBM test",
        Metric::SummitRate => "a summit",
        other => other.label(),
    }
}

/// What a target's figure is called for one game: [`game_label`], or for a target that names one
/// of Pyongyang's answers, the answer as the level words it ("Readies a strike plan against
/// Guam").
pub fn target_label(sc: &Scenario, t: &CalibrationTarget) -> String {
    let answer = t.answer.as_deref().filter(|_| t.metric.counts_an_answer());
    let Some(id) = answer else {
        return game_label(t.metric).to_string();
    };
    sc.rules
        .pyongyang
        .responses
        .iter()
        .find(|r| r.id == id)
        .map_or(id, |r| r.name.as_str())
        .to_string()
}

/// Whether two targets count the same figure: the same metric, and the same answer.
pub fn same_figure(a: &CalibrationTarget, b: &CalibrationTarget) -> bool {
    a.metric == b.metric && a.answer == b.answer
}

/// The level's calibration targets one game can be set beside, each with the game's figure, in
/// the level's order. A rate is left out where the level also counts the same thing ("a
/// nuclear test" beside "nuclear tests"), and an answer's turn where the level also asks how
/// often it comes (the row "yes, turn 9" says both).
pub fn beside_the_record<'a>(
    sc: &'a Scenario,
    game: &Game,
) -> Vec<(&'a crate::rules::raw::CalibrationTarget, GameFigure)> {
    let targets = &sc.def.calibration;
    let start = opening(sc, game);
    let counted = |m: Metric| targets.iter().any(|t| t.metric == m);
    let rated = |answer: &Option<String>| {
        (targets.iter()).any(|t| t.metric == Metric::AnswerRate && t.answer == *answer)
    };
    targets
        .iter()
        .filter(|t| match t.metric {
            Metric::NuclearTestRate => !counted(Metric::NuclearTests),
            Metric::IcbmTestRate => !counted(Metric::IcbmTests),
            Metric::FirstAnswerTurn => !rated(&t.answer),
            _ => true,
        })
        .filter_map(|t| {
            let figure = figure_from(sc, game, &start, t.metric, t.answer.as_deref())?;
            Some((t, figure))
        })
        .collect()
}

/// What a reader must know to set this game's figures beside the real year's: that the game
/// stopped before the level's end (its figures run to an earlier date than the record's), and
/// that a turn of launches counts as several launch days and missiles (so "launch days 10"
/// after five turns of launches is no mistake). Empty when neither applies.
pub fn beside_the_record_notes(sc: &Scenario, game: &Game) -> Vec<String> {
    let mut notes = Vec::new();
    let played = game.log.len();
    if let Some(last) = game.log.last()
        && played < sc.def.turns as usize
    {
        let date = super::story::TurnStory::of(sc, last).date;
        notes.push(format!(
            "This game stopped after {played} of the level's {} turns (the turn of {date}); \
             the real year's figures run to the level's end.",
            sc.def.turns
        ));
    }
    let counts_launches = sc
        .def
        .calibration
        .iter()
        .any(|t| matches!(t.metric, Metric::Missiles | Metric::LaunchDays));
    if counts_launches {
        notes.push(
            "A turn of missile launches counts as several launch days and missiles, at the \
             era's pace (Pyongyang's test tempo), as the real year's are counted."
                .to_string(),
        );
    }
    notes
}
