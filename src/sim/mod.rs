//! The engine: plain Rust over plain data. State, the tension ledger, the player's move, the
//! Pyongyang and Beijing deciders, world events, the outcome check, and `resolve_turn`. No
//! window, no ECS, no files: deterministic for a given scenario, seed and list of moves.

pub mod batch;
pub mod calendar;
pub mod class_code;
pub mod decide;
pub mod forecast;
pub mod ledger;
pub mod policy;
pub mod rng;
pub mod state;
pub mod story;
pub mod transcript;
pub mod turn;

pub use decide::{Decision, Unavailable, availability, explain_unavailable};
pub use ledger::{Cause, Ledger};
pub use policy::Policy;
pub use state::{GameState, Outcome, WarCause};
pub use turn::{TURN_STEPS, TurnRecord, TurnStep, new_game, resolve_turn, run_step};

use crate::rules::Scenario;

/// A game with its log: what the CLI, the UI and saves hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Game {
    pub state: GameState,
    pub log: Vec<TurnRecord>,
}

impl Game {
    pub fn new(sc: &Scenario, seed: u64) -> Self {
        Game {
            state: new_game(sc, seed),
            log: Vec::new(),
        }
    }

    /// Plays one turn; does nothing once the game is over.
    pub fn play(&mut self, sc: &Scenario, action: u16) -> Option<&TurnRecord> {
        if self.state.outcome.is_some() {
            return None;
        }
        let rec = resolve_turn(sc, &mut self.state, action);
        self.log.push(rec);
        self.log.last()
    }

    /// Plays until the end, asking `policy` for each move.
    pub fn play_out(&mut self, sc: &Scenario, policy: &Policy) {
        while self.state.outcome.is_none() {
            let a = policy.choose(sc, &self.state);
            self.play(sc, a);
        }
    }

    /// The moves taken so far, as action ids (the command log).
    pub fn moves(&self, sc: &Scenario) -> Vec<String> {
        self.log
            .iter()
            .map(|r| {
                // A move index the scenario does not have was played as the fallback.
                let a = sc
                    .actions
                    .get(r.requested as usize)
                    .unwrap_or(&sc.actions[r.taken as usize]);
                a.id.clone()
            })
            .collect()
    }

    pub fn transcript(&self, sc: &Scenario) -> String {
        transcript::render(sc, &self.state, &self.log)
    }
}
