//! The Bevy floor: the loaded data and the current game as resources, player moves as messages,
//! and one system per step of a turn — the AI systems for Beijing and Pyongyang call the engine's
//! deciders. The order of the systems is the engine's `TURN_STEPS`; a test checks that a game
//! played through the `App` gives the same log as the engine alone.

pub mod hot_reload;
pub mod saves;

use crate::rules::{DataSet, Scenario};
use crate::sim::{Game, TurnRecord, TurnStep, run_step, turn::begin_turn};
use bevy::prelude::*;
use std::sync::Arc;

/// The data folder as loaded (rules and every level, broken ones included).
#[derive(Resource, Clone)]
pub struct GameData(pub Arc<DataSet>);

/// The level being played.
#[derive(Resource, Clone)]
pub struct ActiveScenario(pub Arc<Scenario>);

/// The game being played, with its log.
#[derive(Resource, Clone)]
pub struct ActiveGame(pub Game);

/// The player's move for this turn (an index into the scenario's actions).
#[derive(Message, Debug, Clone, Copy)]
pub struct PlayerMove(pub u16);

/// Sent once a turn has been resolved, with its record.
#[derive(Message, Debug, Clone)]
pub struct TurnResolved(pub TurnRecord);

/// The turn being resolved this frame, between the step systems.
#[derive(Resource, Default)]
pub struct TurnInProgress(pub Option<TurnRecord>);

/// The systems that resolve a turn, in order.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResolveTurn;

/// The order in which the plugin runs its step systems; must equal `sim::TURN_STEPS`.
pub const SYSTEM_ORDER: [TurnStep; 6] = [
    TurnStep::PlayerMove,
    TurnStep::Beijing,
    TurnStep::Pyongyang,
    TurnStep::Events,
    TurnStep::Upkeep,
    TurnStep::Outcome,
];

pub fn plugin(app: &mut App) {
    app.add_plugins(hot_reload::plugin)
        .add_message::<PlayerMove>()
        .add_message::<TurnResolved>()
        .init_resource::<TurnInProgress>()
        .add_systems(
            Update,
            (
                begin_turn_system,
                player_move_system,
                beijing_ai_system,
                pyongyang_ai_system,
                world_events_system,
                upkeep_system,
                outcome_system,
            )
                .chain()
                .in_set(ResolveTurn)
                .run_if(resource_exists::<ActiveGame>.and_then(resource_exists::<ActiveScenario>)),
        );
}

/// Takes the first move sent this frame and opens the turn's record.
fn begin_turn_system(
    mut moves: MessageReader<PlayerMove>,
    scenario: Res<ActiveScenario>,
    mut game: ResMut<ActiveGame>,
    mut turn: ResMut<TurnInProgress>,
) {
    let Some(PlayerMove(action)) = moves.read().next().copied() else {
        return;
    };
    moves.clear();
    if game.0.state.outcome.is_some() || turn.0.is_some() {
        return;
    }
    turn.0 = Some(begin_turn(&scenario.0, &mut game.0.state, action));
}

/// Runs one step of the turn in progress. Between turns it touches nothing, so the game's
/// resources only count as changed when a turn really ran.
fn step(
    step: TurnStep,
    scenario: &ActiveScenario,
    game: &mut ResMut<ActiveGame>,
    turn: &mut ResMut<TurnInProgress>,
) {
    if turn.0.is_none() {
        return;
    }
    if let Some(rec) = turn.0.as_mut() {
        run_step(&scenario.0, &mut game.0.state, rec, step);
    }
}

fn player_move_system(
    s: Res<ActiveScenario>,
    mut g: ResMut<ActiveGame>,
    mut t: ResMut<TurnInProgress>,
) {
    step(TurnStep::PlayerMove, &s, &mut g, &mut t);
}

/// Beijing's AI: scores its responses with the rules in `beijing.ron` and applies the best.
fn beijing_ai_system(
    s: Res<ActiveScenario>,
    mut g: ResMut<ActiveGame>,
    mut t: ResMut<TurnInProgress>,
) {
    step(TurnStep::Beijing, &s, &mut g, &mut t);
}

/// Pyongyang's AI: scores its responses with the rules in `pyongyang.ron` and applies the best.
fn pyongyang_ai_system(
    s: Res<ActiveScenario>,
    mut g: ResMut<ActiveGame>,
    mut t: ResMut<TurnInProgress>,
) {
    step(TurnStep::Pyongyang, &s, &mut g, &mut t);
}

fn world_events_system(
    s: Res<ActiveScenario>,
    mut g: ResMut<ActiveGame>,
    mut t: ResMut<TurnInProgress>,
) {
    step(TurnStep::Events, &s, &mut g, &mut t);
}

fn upkeep_system(s: Res<ActiveScenario>, mut g: ResMut<ActiveGame>, mut t: ResMut<TurnInProgress>) {
    step(TurnStep::Upkeep, &s, &mut g, &mut t);
}

/// Checks the outcome, files the record in the game's log and announces the turn.
fn outcome_system(
    s: Res<ActiveScenario>,
    mut g: ResMut<ActiveGame>,
    mut t: ResMut<TurnInProgress>,
    mut resolved: MessageWriter<TurnResolved>,
) {
    step(TurnStep::Outcome, &s, &mut g, &mut t);
    if t.0.is_some()
        && let Some(rec) = t.0.take()
    {
        g.0.log.push(rec.clone());
        resolved.write(TurnResolved(rec));
    }
}

/// Starts a new game of `scenario` in the world.
pub fn start_game(commands: &mut Commands, scenario: Arc<Scenario>, seed: u64) {
    let game = Game::new(&scenario, seed);
    commands.insert_resource(ActiveGame(game));
    commands.insert_resource(ActiveScenario(scenario));
    commands.insert_resource(TurnInProgress::default());
}
