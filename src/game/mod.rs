//! The Bevy floor: the loaded data and the current game as resources, player moves as messages,
//! and the system that resolves a turn by calling the engine, whose `TURN_STEPS` is the one
//! place the order of a turn is written (the player's move, Beijing's and Pyongyang's AI, the
//! events, the upkeep, the outcome). A test checks that a game played through the `App` gives
//! the same log as the engine alone, with every step exercised.

pub mod hot_reload;
pub mod saves;

use crate::rules::{DataSet, Scenario};
use crate::sim::{Game, TurnRecord};
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

/// The two advisor teams' moves for this turn in a hot-seat game (first team, second team);
/// the game's rule settles them.
#[derive(Message, Debug, Clone, Copy)]
pub struct TeamMove(pub [u16; 2]);

/// Sent once a turn has been resolved, with its record.
#[derive(Message, Debug, Clone)]
pub struct TurnResolved(pub TurnRecord);

/// The system that resolves a turn.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResolveTurn;

pub fn plugin(app: &mut App) {
    app.add_plugins(hot_reload::plugin)
        .add_message::<PlayerMove>()
        .add_message::<TeamMove>()
        .add_message::<TurnResolved>()
        .add_systems(
            Update,
            resolve_turn_system
                .in_set(ResolveTurn)
                .run_if(resource_exists::<ActiveGame>.and_then(resource_exists::<ActiveScenario>)),
        );
}

/// Takes the first move sent this frame and resolves the turn: the engine runs the player's
/// move, Beijing's AI, Pyongyang's AI, the events, the upkeep and the outcome in the order of
/// `sim::TURN_STEPS`, written once there. Between turns it touches nothing, so the game's
/// resources only count as changed when a turn really ran.
fn resolve_turn_system(
    mut moves: MessageReader<PlayerMove>,
    mut team_moves: MessageReader<TeamMove>,
    scenario: Res<ActiveScenario>,
    mut game: ResMut<ActiveGame>,
    mut resolved: MessageWriter<TurnResolved>,
) {
    let single = moves.read().next().copied();
    let teams = team_moves.read().next().copied();
    moves.clear();
    team_moves.clear();
    let rec = match (teams, single) {
        (Some(TeamMove(pair)), _) => game.0.play_teams(&scenario.0, pair),
        (None, Some(PlayerMove(action))) => game.0.play(&scenario.0, action),
        (None, None) => return,
    };
    if let Some(rec) = rec {
        resolved.write(TurnResolved(rec.clone()));
    }
}

/// Starts a new game of `scenario` in the world.
/// With `setup.teams`, a hot-seat game of the rules' two advisor teams (if they define two).
pub fn start_game(commands: &mut Commands, scenario: Arc<Scenario>, setup: &crate::sim::Setup) {
    start_game_taking_back(commands, scenario, setup, 0);
}

/// `start_game`, for a game that takes back `undone` turns and injects of the game it replaces
/// (a class's game started again on its own dice: see [`Game::undone`]).
pub fn start_game_taking_back(
    commands: &mut Commands,
    scenario: Arc<Scenario>,
    setup: &crate::sim::Setup,
    undone: u32,
) {
    let mut setup = setup.clone();
    if scenario.rules.teams.len() != 2 {
        setup.teams = None;
    }
    let mut game = Game::start(&scenario, &setup);
    game.undone = undone;
    commands.insert_resource(ActiveGame(game));
    commands.insert_resource(ActiveScenario(scenario));
}
