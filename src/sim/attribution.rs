//! Which part of a turn moved each figure the panels show: the player's move, Beijing's answer,
//! Pyongyang's answer, the turn's events, and the upkeep (every turn's drift and effects
//! falling due). The card lists a move's own effects, and the figures show each turn's whole
//! change; a player who saw "sanctions +12" on the card and "Sanctions 60 (+20)" after the turn
//! could not tell that Beijing's vote gave the other 8. The turn is replayed step by step from
//! the state before it, with the same dice, and checked against the turn as it was played.

use super::GameState;
use super::turn::{TURN_STEPS, TurnRecord, TurnStep, begin_turn, run_step};
use crate::rules::{Scenario, VarIdx};

/// The figures one step of a turn moved: each variable in plain view that changed, with the
/// change, in the rules' order.
#[derive(Debug, Clone, PartialEq)]
pub struct StepChanges {
    pub step: TurnStep,
    pub changes: Vec<(VarIdx, f32)>,
}

/// Less change than this is no change (rounding on a drift of hundredths).
const NO_CHANGE: f32 = 0.05;

/// The changes each step of the turn `rec` made to the figures the panels show (the actors'
/// `key` figures; counts and yes-or-no facts are left to the news and the facts line), from
/// `before`, the state just before the turn. None when the replay does not give the turn as
/// recorded (a state from another game).
pub fn changes_by_step(
    sc: &Scenario,
    before: &GameState,
    rec: &TurnRecord,
) -> Option<Vec<StepChanges>> {
    let shown: Vec<VarIdx> = (0..sc.rules.vars.len() as VarIdx)
        .filter(|&i| sc.rules.vars[i as usize].key)
        .collect();
    let mut s = before.clone();
    let mut replay = begin_turn(sc, &mut s, rec.requested);
    replay.also = rec.also;
    let mut steps = Vec::with_capacity(TURN_STEPS.len());
    for step in TURN_STEPS {
        let was = s.vars.clone();
        run_step(sc, &mut s, &mut replay, step);
        let changes = shown
            .iter()
            .filter_map(|&i| {
                let d = s.vars[i as usize] - was[i as usize];
                (d.abs() >= NO_CHANGE).then_some((i, d))
            })
            .collect();
        steps.push(StepChanges { step, changes });
    }
    (replay == *rec).then_some(steps)
}

/// "Washington credibility +3, Forces in proximity +10": a step's changes as the figures name
/// them.
pub fn changes_line(sc: &Scenario, changes: &[(VarIdx, f32)]) -> String {
    changes
        .iter()
        .map(|(i, d)| {
            format!(
                "{} {}",
                sc.rules.var_label(*i),
                crate::rules::model::signed_amount(*d)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The headings of the steps' lines, as the answers and the report give them.
pub const HEADINGS: [&str; 4] = [
    "changed",
    "changed, with every turn's drift",
    "every turn's drift",
    "effects of earlier turns falling due",
];

/// What `step` changed, with the heading that says where it came from ("changed", "Beijing
/// ties with Washington +2"); the events' step runs the quiet events too, every turn's drift, so it is headed by
/// the drift, with the events when `news_events` (the turn had events in the news). None when
/// the step changed no figure a panel shows.
pub fn step_line(
    sc: &Scenario,
    steps: &[StepChanges],
    step: TurnStep,
    news_events: bool,
) -> Option<(&'static str, String)> {
    let c = steps.iter().find(|c| c.step == step)?;
    let heading = match step {
        TurnStep::Events if news_events => HEADINGS[1],
        TurnStep::Events => HEADINGS[2],
        TurnStep::Upkeep => HEADINGS[3],
        _ => HEADINGS[0],
    };
    (!c.changes.is_empty()).then(|| (heading, changes_line(sc, &c.changes)))
}
