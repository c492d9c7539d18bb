//! The engine: plain Rust over plain data. State, the tension ledger, the player's move, the
//! Pyongyang and Beijing deciders, world events, the outcome check, and `resolve_turn`. No
//! window, no ECS, no files: deterministic for a given scenario, seed and list of moves.

pub mod attribution;
pub mod batch;
// The level calendar lives with the rules (the validator checks history dates against it).
pub use crate::rules::calendar;
pub mod class_code;
pub mod decide;
pub mod draw;
pub mod figures;
pub mod forecast;
pub mod ledger;
pub mod policy;
pub mod progress;
pub mod rng;
pub mod state;
pub mod story;
pub mod teams;
pub mod transcript;
pub mod turn;

pub use decide::{Decision, Unavailable, availability, cost_phrase, explain_unavailable};
pub use ledger::{Cause, Ledger};
pub use policy::Policy;
pub use state::{GameState, Outcome, WarCause};
pub use turn::{
    TURN_STEPS, TurnRecord, TurnStep, new_game, new_game_at, resolve_chosen_quiet, resolve_turn,
    resolve_turn_quiet, resolve_turn_with, run_step,
};

use crate::rules::Scenario;

/// What a game starts from besides its level: the seed, the difficulty, and for a team game
/// its rule and the teams' proposals (the command log of a team game).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Setup {
    pub seed: u64,
    pub difficulty: u8,
    pub teams: Option<teams::TeamPlay>,
    /// The name a class's group gave itself on the briefing (see [`group_name`]). It changes
    /// nothing in play: it goes with the game into its saves, logs and report, so a teacher
    /// can tell whose game each is.
    pub group: Option<String>,
    /// The name of the computer the game was first played on (see [`computer_name`]). Like
    /// the group's name it changes nothing in play: it goes into the game's saves, logs and
    /// report, so that the rows of a class's spreadsheet say which machine each came from,
    /// even for a group that gave no name and a report written on another computer.
    pub computer: Option<String>,
}

/// The longest group name kept, in characters.
pub const MAX_GROUP_NAME: usize = 32;

/// A group's name as typed, made fit to keep: control characters dropped, runs of spaces made
/// one, trimmed, at most [`MAX_GROUP_NAME`] characters; None when nothing is left.
pub fn group_name(typed: &str) -> Option<String> {
    let words: Vec<&str> = typed
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect();
    let name: String = words.join(" ").chars().take(MAX_GROUP_NAME).collect();
    let name = name.trim_end().to_string();
    (!name.is_empty()).then_some(name)
}

/// A computer's name as games keep it: its letters, digits, `-` and `_` (what a folder's name
/// and a spreadsheet's cell carry safely), at most 24 of them; None when nothing is left.
pub fn computer_name(raw: &str) -> Option<String> {
    let name: String = raw
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(24)
        .collect();
    (!name.is_empty()).then_some(name)
}

/// A game with its log: what the CLI, the UI and saves hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Game {
    pub state: GameState,
    pub log: Vec<TurnRecord>,
    /// The facilitator's injects, in the order they came.
    pub injects: Vec<Injected>,
    /// A hot-seat team game: the rule and each turn's proposals (None: one player).
    pub teams: Option<teams::TeamPlay>,
    /// The state just before the last turn was played (after that turn's injects), so the
    /// dashboard can show what the turn changed. None before the first turn.
    pub before_last_turn: Option<Box<GameState>>,
    /// How many times the facilitator's Undo took back a turn or an inject on the machine that
    /// played it: a class-code game replays the same dice, so a teacher reading the report
    /// should see that a group tried a turn twice. Kept in logs and saves.
    pub undone: u32,
    /// The group playing it, as [`Setup::group`] says.
    pub group: Option<String>,
    /// The computer it was first played on, as [`Setup::computer`] says.
    pub computer: Option<String>,
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
            teams: None,
            before_last_turn: None,
            undone: 0,
            group: None,
            computer: None,
        }
    }

    /// A new hot-seat team game settled by `rule`.
    pub fn with_teams(sc: &Scenario, seed: u64, rule: teams::Settle) -> Self {
        Game::start(
            sc,
            &Setup {
                seed,
                difficulty: 0,
                teams: Some(teams::TeamPlay {
                    rule,
                    proposals: Vec::new(),
                }),
                group: None,
                computer: None,
            },
        )
    }

    /// A new game from a setup (its team proposals, if any, are not played: see `replay`).
    pub fn start(sc: &Scenario, setup: &Setup) -> Self {
        Game {
            state: turn::new_game_at(sc, setup.seed, setup.difficulty),
            log: Vec::new(),
            injects: Vec::new(),
            teams: setup.teams.as_ref().map(|t| teams::TeamPlay {
                rule: t.rule,
                proposals: Vec::new(),
            }),
            before_last_turn: None,
            undone: 0,
            group: setup.group.clone(),
            computer: setup.computer.clone(),
        }
    }

    /// This game's setup: its seed, difficulty, team play, group and computer, to replay it
    /// from.
    pub fn setup(&self) -> Setup {
        Setup {
            seed: self.state.seed,
            difficulty: self.state.difficulty,
            teams: self.teams.clone(),
            group: self.group.clone(),
            computer: self.computer.clone(),
        }
    }

    /// Applies inject `i` now, before this turn's move; it goes into the game's log. Does
    /// nothing (false) once the game is over, for an inject the level does not have, or for one
    /// already made this turn (a double click would give one group a different game from the
    /// rest of the class).
    pub fn inject(&mut self, sc: &Scenario, i: u16) -> bool {
        let Some(inject) = sc.injects.get(i as usize) else {
            return false;
        };
        if self.state.outcome.is_some() || self.injected_this_turn(i) {
            return false;
        }
        self.state
            .apply(sc, &inject.effects, ledger::Cause::Inject(i));
        // The game's peak counts the tension an inject brings, as the gauge shows it.
        self.state.peak_tension = self.state.peak_tension.max(self.state.tension);
        self.injects.push(Injected {
            turn: self.state.turn,
            inject: i,
        });
        true
    }

    /// The injects made on a turn that was never played (before *End now*, or before the last
    /// turn's move): the timeline's played turns cannot show them.
    pub fn injects_unplayed(&self) -> impl Iterator<Item = &Injected> {
        let played = self.log.len() as u32;
        self.injects.iter().filter(move |x| x.turn > played)
    }

    /// Whether inject `i` was made on the turn now open.
    pub fn injected_this_turn(&self, i: u16) -> bool {
        self.injects
            .iter()
            .any(|x| x.turn == self.state.turn && x.inject == i)
    }

    /// Replays a command log: each move, with the injects of its turn before it. In a team game
    /// (`setup.teams`), a turn with proposals is settled again from them; `moves` sets how many
    /// turns are played, so a shortened list undoes turns.
    pub fn replay(sc: &Scenario, setup: &Setup, moves: &[u16], injects: &[Injected]) -> Game {
        Game::replay_each(sc, setup, moves, injects, |_| {})
    }

    /// `replay`, calling `after_turn` with the game after each turn is played (before the
    /// injects of the next turn): the trace and the report's CSV read every state from it.
    pub fn replay_each(
        sc: &Scenario,
        setup: &Setup,
        moves: &[u16],
        injects: &[Injected],
        mut after_turn: impl FnMut(&Game),
    ) -> Game {
        let mut game = Game::start(sc, setup);
        let teams = setup.teams.as_ref();
        let mut pending = injects.iter().peekable();
        for (i, a) in moves.iter().enumerate() {
            while let Some(x) = pending.next_if(|x| x.turn <= game.state.turn) {
                game.inject(sc, x.inject);
            }
            let proposal = teams.and_then(|t| t.proposals.get(i));
            let played = match proposal {
                Some(p) => game.play_teams(sc, *p).is_some(),
                None => game.play(sc, *a).is_some(),
            };
            if !played {
                break;
            }
            after_turn(&game);
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

    /// Checks a log's shape before it is replayed, so that a hand-edited log is refused, not
    /// silently changed: no more moves than the level has turns, no more team proposals than
    /// moves (each played turn has one pair), and each inject on a turn from 1 to the one after
    /// the last move (an inject comes before its turn's move).
    pub fn check_log(
        sc: &Scenario,
        moves: usize,
        teams: Option<&crate::rules::raw::TeamsLog>,
        injects: &[crate::rules::raw::InjectAt],
    ) -> Result<(), String> {
        let turns = sc.def.turns as usize;
        if moves > turns {
            return Err(format!(
                "{moves} moves, but {} lasts {turns} turns",
                sc.id()
            ));
        }
        if let Some(t) = teams
            && t.proposals.len() > moves
        {
            return Err(format!(
                "{} team proposals for {moves} moves: a team game's log has one pair of proposals per move played",
                t.proposals.len()
            ));
        }
        let latest = (moves + 1).min(turns);
        if let Some(x) = injects
            .iter()
            .find(|x| x.turn == 0 || x.turn as usize > latest)
        {
            return Err(format!(
                "inject {:?} on turn {}: an inject comes before a turn's move, so its turn is from 1 to {latest} (the one after the log's last move)",
                x.id, x.turn
            ));
        }
        if let Some((a, b)) = injects.iter().enumerate().find_map(|(k, b)| {
            injects[..k]
                .iter()
                .find(|a| a.turn == b.turn && a.id == b.id)
                .map(|a| (a, b))
        }) {
            return Err(format!(
                "inject {:?} twice on turn {}: an inject is made at most once a turn",
                b.id, a.turn
            ));
        }
        Ok(())
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
                    .ok_or_else(|| {
                        format!(
                            "{:?} is not an inject of {}{}",
                            x.id,
                            sc.id(),
                            crate::rules::diagnostics::suggestion(
                                &x.id,
                                sc.injects.iter().map(|j| j.id.as_str())
                            )
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        // In turn order (a hand-written log may list them otherwise); the same turn keeps its order.
        out.sort_by_key(|x| x.turn);
        Ok(out)
    }

    /// The game's command log, as `play --log` writes it and `play --moves` reads it back: the
    /// level, seed, moves, injects, teams and difficulty, and the class code it came from.
    pub fn log_file(
        &self,
        sc: &Scenario,
        class_code: Option<String>,
    ) -> crate::rules::raw::MovesFile {
        crate::rules::raw::MovesFile {
            level: Some(sc.id().to_string()),
            seed: Some(self.state.seed),
            moves: self.moves(sc),
            injects: self.inject_log(sc),
            teams: self.team_log(sc),
            difficulty: self.difficulty_id(sc),
            class_code,
            mods: sc.rules.patched_by.clone(),
            rules: Some(sc.fingerprint()),
            undone: self.undone,
            ended: false,
            group: self.group.clone(),
            computer: self.computer.clone(),
            whatif: None,
        }
    }

    /// `log_file` as the text a log file holds: pretty RON, ending with a newline (every
    /// writer of a log, `play --log`, `whatif --log` and the report's `game.ron`, uses this, so
    /// their files match byte for byte).
    pub fn log_text(&self, sc: &Scenario, class_code: Option<String>) -> Result<String, String> {
        log_file_text(&self.log_file(sc, class_code))
    }

    /// The difficulty's id as logs and saves write it (None: the default).
    pub fn difficulty_id(&self, sc: &Scenario) -> Option<String> {
        (self.state.difficulty != 0)
            .then(|| sc.rules.difficulties.get(self.state.difficulty as usize))
            .flatten()
            .map(|d| d.id.clone())
    }

    /// The setup a log file describes: its seed, difficulty and team game.
    pub fn setup_from(
        sc: &Scenario,
        seed: u64,
        difficulty: Option<&str>,
        teams: Option<&crate::rules::raw::TeamsLog>,
    ) -> Result<Setup, String> {
        let difficulty = match difficulty {
            Some(id) => sc.rules.difficulty_index(id).ok_or_else(|| {
                let known: Vec<&str> = sc
                    .rules
                    .difficulties
                    .iter()
                    .map(|d| d.id.as_str())
                    .collect();
                format!(
                    "unknown difficulty \"{id}\"; the rules define {}",
                    known.join(", ")
                )
            })?,
            None => 0,
        };
        let teams = teams.map(|t| Game::teams_from(sc, t)).transpose()?;
        Ok(Setup {
            seed,
            difficulty,
            teams,
            group: None,
            computer: None,
        })
    }

    /// The team game as the log file writes it.
    pub fn team_log(&self, sc: &Scenario) -> Option<crate::rules::raw::TeamsLog> {
        let t = self.teams.as_ref()?;
        let id = |a: u16| {
            sc.actions
                .get(a as usize)
                .map(|x| x.id.clone())
                .unwrap_or_default()
        };
        Some(crate::rules::raw::TeamsLog {
            rule: t.rule.id().to_string(),
            proposals: t.proposals.iter().map(|[a, b]| (id(*a), id(*b))).collect(),
        })
    }

    /// Reads a log file's team game against the scenario.
    pub fn teams_from(
        sc: &Scenario,
        log: &crate::rules::raw::TeamsLog,
    ) -> Result<teams::TeamPlay, String> {
        if sc.rules.teams.len() != 2 {
            return Err("this game's rules define no advisor teams".into());
        }
        let rule = teams::Settle::parse(&log.rule)?;
        let index = |turn: usize, m: &str| {
            sc.action_index(m)
                .ok_or_else(|| format!("turn {turn}: {m:?} is not an action of {}", sc.id()))
        };
        let proposals = log
            .proposals
            .iter()
            .enumerate()
            .map(|(i, (a, b))| Ok([index(i + 1, a)?, index(i + 1, b)?]))
            .collect::<Result<Vec<_>, String>>()?;
        Ok(teams::TeamPlay { rule, proposals })
    }

    /// Plays one turn; does nothing once the game is over.
    pub fn play(&mut self, sc: &Scenario, action: u16) -> Option<&TurnRecord> {
        if self.state.outcome.is_some() {
            return None;
        }
        self.before_last_turn = Some(Box::new(self.state.clone()));
        let rec = resolve_turn(sc, &mut self.state, action);
        self.log.push(rec);
        self.log.last()
    }

    /// Plays one turn of a team game from the two teams' proposals, settled by the game's rule
    /// (a game without teams plays the first team's move).
    pub fn play_teams(&mut self, sc: &Scenario, moves: [u16; 2]) -> Option<&TurnRecord> {
        if self.state.outcome.is_some() {
            return None;
        }
        let Some(t) = &mut self.teams else {
            return self.play(sc, moves[0]);
        };
        let settled = teams::settle(t.rule, self.state.turn, moves);
        t.proposals.push(moves);
        self.before_last_turn = Some(Box::new(self.state.clone()));
        let rec = turn::resolve_turn_with(sc, &mut self.state, settled.main, settled.also);
        self.log.push(rec);
        self.log.last()
    }

    /// How turn `i` (0-based) of a team game was settled, from its proposals.
    pub fn settled(&self, i: usize) -> Option<(teams::Settle, [u16; 2], teams::Settled)> {
        let t = self.teams.as_ref()?;
        let p = *t.proposals.get(i)?;
        let turn = self.log.get(i)?.turn;
        Some((t.rule, p, teams::settle(t.rule, turn, p)))
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
        self.transcript_of_class(sc, None)
    }

    /// `transcript`, for a game played from a class code: its first line names the code, not
    /// the seed (`transcript::render`).
    pub fn transcript_of_class(&self, sc: &Scenario, class_code: Option<&str>) -> String {
        let mut text = transcript::render(
            sc,
            &self.state,
            &self.log,
            &self.injects,
            self.teams.as_ref(),
            class_code,
        );
        if let Some(line) = transcript::undone_line(self.undone) {
            text += &line;
            text.push('\n');
        }
        text
    }
}

/// A game's log as its file holds it (RON, as `play --log` writes it).
pub fn log_file_text(log: &crate::rules::raw::MovesFile) -> Result<String, String> {
    ron::ser::to_string_pretty(log, crate::save::ron_style())
        .map(|text| text + "\n")
        .map_err(|e| format!("cannot write the game's log: {e}"))
}

#[cfg(test)]
mod tests {
    use super::{MAX_GROUP_NAME, computer_name, group_name};

    /// A name typed with stray spaces, a tab or a pasted line break is kept as one tidy line;
    /// a long one is cut; nothing but spaces is no name.
    #[test]
    fn a_group_name_is_kept_tidy() {
        assert_eq!(
            group_name("  Table 3:\tAna,\n Bo  ").as_deref(),
            Some("Table 3: Ana, Bo")
        );
        assert_eq!(group_name("모둠 2").as_deref(), Some("모둠 2"));
        assert_eq!(group_name("   "), None);
        let long = group_name(&"x ".repeat(40)).unwrap();
        assert!(long.chars().count() <= MAX_GROUP_NAME && !long.ends_with(' '));
    }

    /// A computer's name as the host gives it (a trailing line break, or worse in a save
    /// edited by hand) is kept as a folder's name and a spreadsheet's cell can carry it: no
    /// comma, quote, separator or space; nothing left is no name.
    #[test]
    fn a_computer_name_is_safe_in_a_folder_and_a_cell() {
        assert_eq!(computer_name("LAB-PC12\n").as_deref(), Some("LAB-PC12"));
        assert_eq!(
            computer_name("lab pc,\"12\"/../x").as_deref(),
            Some("labpc12x")
        );
        assert_eq!(computer_name(" ,/ "), None);
        assert!(computer_name(&"a".repeat(40)).unwrap().len() <= 24);
    }
}
