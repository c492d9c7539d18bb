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
    /// The facilitator's injects, in the order they came.
    pub injects: Vec<Injected>,
}

/// An inject in a game: applied before the move of `turn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Injected {
    pub turn: u32,
    pub inject: u16,
}

impl Game {
    pub fn new(sc: &Scenario, seed: u64) -> Self {
        Game {
            state: new_game(sc, seed),
            log: Vec::new(),
            injects: Vec::new(),
        }
    }

    /// Applies inject `i` now, before this turn's move; it goes into the game's log. Does
    /// nothing (false) once the game is over or for an inject the level does not have.
    pub fn inject(&mut self, sc: &Scenario, i: u16) -> bool {
        let Some(inject) = sc.injects.get(i as usize) else {
            return false;
        };
        if self.state.outcome.is_some() {
            return false;
        }
        self.state
            .apply(sc, &inject.effects, ledger::Cause::Inject(i));
        self.injects.push(Injected {
            turn: self.state.turn,
            inject: i,
        });
        true
    }

    /// Replays a command log: each move, with the injects of its turn before it.
    pub fn replay(sc: &Scenario, seed: u64, moves: &[u16], injects: &[Injected]) -> Game {
        let mut game = Game::new(sc, seed);
        let mut pending = injects.iter().peekable();
        for a in moves {
            while let Some(x) = pending.next_if(|x| x.turn <= game.state.turn) {
                game.inject(sc, x.inject);
            }
            if game.play(sc, *a).is_none() {
                break;
            }
        }
        // Injects after the last move (the facilitator's, before the next turn).
        for x in pending {
            if x.turn == game.state.turn {
                game.inject(sc, x.inject);
            }
        }
        game
    }

    /// The injects as the log file writes them.
    pub fn inject_log(&self, sc: &Scenario) -> Vec<crate::rules::raw::InjectAt> {
        self.injects
            .iter()
            .filter_map(|x| {
                Some(crate::rules::raw::InjectAt {
                    turn: x.turn,
                    id: sc.injects.get(x.inject as usize)?.id.clone(),
                })
            })
            .collect()
    }

    /// Reads a log file's injects against the scenario.
    pub fn injects_from(
        sc: &Scenario,
        list: &[crate::rules::raw::InjectAt],
    ) -> Result<Vec<Injected>, String> {
        let mut out = list
            .iter()
            .map(|x| {
                sc.inject_index(&x.id)
                    .map(|i| Injected {
                        turn: x.turn,
                        inject: i,
                    })
                    .ok_or_else(|| format!("\"{}\" is not an inject of {}", x.id, sc.id()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        // In turn order (a hand-written log may list them otherwise); the same turn keeps its order.
        out.sort_by_key(|x| x.turn);
        Ok(out)
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
        transcript::render(sc, &self.state, &self.log, &self.injects)
    }
}
