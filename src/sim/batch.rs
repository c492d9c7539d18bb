//! Many games at once: the policy lab behind `peninsula sim` and `peninsula calibrate`. Each
//! game's seed is derived from the batch seed and the game's index, so a batch is reproducible
//! and any one game in it can be replayed alone. Games are split across threads; the result does
//! not depend on how. Besides outcomes, a batch counts what each AI chose, which rules argued for
//! those choices and which events fired (for balance, and to find dead content), and splits the
//! statistics by Pyongyang's hidden disposition.

use super::policy::Policy;
use super::rng::batch_seed;
use super::state::{GameState, Outcome};
use super::turn::{new_game, new_game_at, resolve_chosen_quiet};
use crate::rules::compile::{MAX_RESPONSES, MAX_RULES};
use crate::rules::raw::CalibrationTarget;
use crate::rules::{MAX_DISPOSITIONS, MAX_OBJECTIVES, Metric, Scenario, Who};
use serde::Serialize;
use std::collections::BTreeMap;

/// At most this many events are counted per batch (later ones in file order are not).
pub const MAX_COUNTED_EVENTS: usize = 64;

/// What happened in one game, reduced to what the statistics need.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GameSummary {
    pub win: bool,
    pub war: bool,
    pub nuclear_test: bool,
    pub icbm_test: bool,
    pub moratorium: bool,
    pub summit: bool,
    pub final_tension: f32,
    pub peak_tension: f32,
    pub first_provocation: Option<u32>,
    pub first_nuclear_test: Option<u32>,
    /// The turn of the game's first ballistic missile launches (None: it had none).
    pub first_launch: Option<u32>,
    /// The turn of its last launches, ICBMs included (None: it had none).
    pub last_launch: Option<u32>,
    /// The longest run of turns without launches between its first launches and its last
    /// (None: it had launches on fewer than two turns).
    pub longest_quiet: Option<u32>,
    /// Nuclear tests in the game.
    pub nuclear_tests: f32,
    pub first_icbm_test: Option<u32>,
    /// The turn of the game's last ICBM test (None: it had none).
    pub last_icbm_test: Option<u32>,
    /// ICBM tests in the game (a test that ends a moratorium counts).
    pub icbm_tests: f32,
    /// The turn the game's first test moratorium was declared (None: none was).
    pub first_moratorium: Option<u32>,
    pub turns: u32,
    pub disposition: u8,
    /// The game opened with a reactor standing idle and ended with it restarted.
    pub reactor_restarted: bool,
    /// Missiles fired and launch days in this game.
    pub missiles: f32,
    pub launch_days: f32,
    /// Events tagged `incident` (an exchange of fire, a clash at sea) that happened.
    pub incidents: u32,
    /// How the game ended: an objective's index, or [`ENDING_NO_WIN`] or [`ENDING_WAR`].
    pub ending: u8,
}

/// [`GameSummary::ending`] of a game that reached its last turn with no objective met.
pub const ENDING_NO_WIN: u8 = MAX_OBJECTIVES as u8;
/// [`GameSummary::ending`] of a game that ended in war.
pub const ENDING_WAR: u8 = MAX_OBJECTIVES as u8 + 1;
const ENDINGS: usize = MAX_OBJECTIVES + 2;

/// What the AIs chose and which rules and events fired, summed over games.
#[derive(Debug, Clone, Copy)]
pub struct Coverage {
    /// Per AI (0 Pyongyang, 1 Beijing): times each response was chosen.
    pub responses: [[u64; MAX_RESPONSES]; 2],
    /// Per AI: times each rule argued for the response that was chosen.
    pub rules: [[u64; MAX_RULES]; 2],
    pub events: [u64; MAX_COUNTED_EVENTS],
    /// Per hidden disposition: Pyongyang's turns that chose each response, and the games in
    /// which it chose it at least once. What a modder reads to see whether an answer gives the
    /// type away (see [`BatchStats::tells`]).
    pub pyongyang_turns: [[u64; MAX_RESPONSES]; MAX_DISPOSITIONS],
    pub pyongyang_games: [[u64; MAX_RESPONSES]; MAX_DISPOSITIONS],
    /// The same, counting only the first [`EARLY_TURNS`] turns of each game.
    pub pyongyang_early: [[u64; MAX_RESPONSES]; MAX_DISPOSITIONS],
    /// Per hidden disposition: the turns on which each response first came in a game, summed
    /// over the games with it (`calibrate`'s `FirstAnswerTurn`).
    pub pyongyang_first_turns: [[u64; MAX_RESPONSES]; MAX_DISPOSITIONS],
}

/// The opening turns a tell is judged on: an answer that settles the hidden type this soon
/// leaves the player nothing to read (see [`Tell`]).
pub const EARLY_TURNS: u32 = 3;

impl Default for Coverage {
    fn default() -> Self {
        Coverage {
            responses: [[0; MAX_RESPONSES]; 2],
            rules: [[0; MAX_RULES]; 2],
            events: [0; MAX_COUNTED_EVENTS],
            pyongyang_turns: [[0; MAX_RESPONSES]; MAX_DISPOSITIONS],
            pyongyang_games: [[0; MAX_RESPONSES]; MAX_DISPOSITIONS],
            pyongyang_early: [[0; MAX_RESPONSES]; MAX_DISPOSITIONS],
            pyongyang_first_turns: [[0; MAX_RESPONSES]; MAX_DISPOSITIONS],
        }
    }
}

impl Coverage {
    /// Adds what one turn's AIs chose, the rules that argued for it, and the events that fired;
    /// `seen` gathers the game's Pyongyang responses, one bit each, for [`Coverage::end_game`]:
    /// all of them, and those of the first [`EARLY_TURNS`] turns.
    fn count(&mut self, rec: &super::turn::TurnRecord, disposition: u8, seen: &mut [u32; 2]) {
        if let Some(d) = rec.pyongyang {
            let r = d.response as usize % MAX_RESPONSES;
            let of_type = disposition as usize % MAX_DISPOSITIONS;
            self.pyongyang_turns[of_type][r] += 1;
            if seen[0] & (1 << r) == 0 {
                self.pyongyang_first_turns[of_type][r] += rec.turn as u64;
            }
            seen[0] |= 1 << r;
            if rec.turn <= EARLY_TURNS {
                seen[1] |= 1 << r;
            }
        }
        for (ai, d) in [(0, rec.pyongyang), (1, rec.beijing)] {
            if let Some(d) = d {
                self.responses[ai][d.response as usize % MAX_RESPONSES] += 1;
                let mut bits = d.support;
                while bits != 0 {
                    let r = bits.trailing_zeros() as usize;
                    self.rules[ai][r] += 1;
                    bits &= bits - 1;
                }
            }
        }
        for e in rec.fired_events() {
            if let Some(n) = self.events.get_mut(e as usize) {
                *n += 1;
            }
        }
    }

    /// Counts each response a game's Pyongyang chose once for the game's disposition (and
    /// once more if it came in the opening turns).
    fn end_game(&mut self, disposition: u8, seen: [u32; 2]) {
        let d = disposition as usize % MAX_DISPOSITIONS;
        for (mut bits, games) in [
            (seen[0], &mut self.pyongyang_games[d]),
            (seen[1], &mut self.pyongyang_early[d]),
        ] {
            while bits != 0 {
                games[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
        }
    }

    fn merge(&mut self, o: &Coverage) {
        for (mine, theirs) in [
            (&mut self.pyongyang_turns, &o.pyongyang_turns),
            (&mut self.pyongyang_games, &o.pyongyang_games),
            (&mut self.pyongyang_early, &o.pyongyang_early),
            (&mut self.pyongyang_first_turns, &o.pyongyang_first_turns),
        ] {
            for (x, y) in mine
                .as_flattened_mut()
                .iter_mut()
                .zip(theirs.as_flattened())
            {
                *x += y;
            }
        }
        for ai in 0..2 {
            for (a, b) in self.responses[ai].iter_mut().zip(&o.responses[ai]) {
                *a += b;
            }
            for (a, b) in self.rules[ai].iter_mut().zip(&o.rules[ai]) {
                *a += b;
            }
        }
        for (a, b) in self.events.iter_mut().zip(&o.events) {
            *a += b;
        }
    }
}

/// Stops the analysts' updates in a game nobody reads the estimate of: when neither the rules
/// nor the policy look at it, the moves and the outcome are the same without it, and the update
/// (the chance of the answer per analyst and disposition, every turn) is a share of a turn's
/// work. Batch runs and forecast rollouts use this; games a player sees always keep their
/// analysts.
pub fn unwatched(sc: &Scenario, policy: &Policy, s: &mut GameState) {
    if !sc.reads_estimate && !policy.reads_estimate() {
        s.analysts = 0;
    }
}

/// Plays one game to its end with `policy`, without keeping a log.
pub fn play_quiet(sc: &Scenario, policy: &Policy, seed: u64) -> (GameState, GameSummary) {
    play(sc, policy, seed, 0, None)
}

/// Plays one game to its end at `difficulty` (an index into the rules' difficulties), adding
/// what the AIs chose and what fired to `coverage`.
pub fn play_counted(
    sc: &Scenario,
    policy: &Policy,
    seed: u64,
    difficulty: u8,
    coverage: &mut Coverage,
) -> (GameState, GameSummary) {
    play(sc, policy, seed, difficulty, Some(coverage))
}

#[inline]
fn play(
    sc: &Scenario,
    policy: &Policy,
    seed: u64,
    difficulty: u8,
    mut coverage: Option<&mut Coverage>,
) -> (GameState, GameSummary) {
    let mut s = new_game_at(sc, seed, difficulty);
    unwatched(sc, policy, &mut s);
    let known = &sc.rules.known;
    let read = |s: &GameState, v: Option<u16>| v.map(|i| s.vars[i as usize]).unwrap_or(0.0);
    let start_nuclear = read(&s, known.nuclear_tests);
    let start_icbm = read(&s, known.icbm_tests);
    let start_missiles = read(&s, known.missiles);
    let start_days = read(&s, known.launch_days);
    let mut days_before = start_days;
    let mut summary = GameSummary {
        disposition: s.disposition,
        ..Default::default()
    };
    let flag = |s: &GameState, v: Option<u16>| v.is_some_and(|i| s.vars[i as usize] >= 1.0);
    // A moratorium counts when one is declared during the game, not one already in force.
    let mut moratorium_before = flag(&s, known.moratorium);
    let reactor_idle_at_start = flag(&s, known.reactor_idle);
    let mut icbm_before = start_icbm;
    let playable = policy.picks_playable();
    let mut seen = [0u32; 2];
    let incident = sc.rules.tag_bit("incident");
    while s.outcome.is_none() {
        let a = policy.choose(sc, &s);
        let rec = resolve_chosen_quiet(sc, &mut s, a, playable);
        summary.incidents += rec.events_tagged(sc, incident);
        if let Some(coverage) = coverage.as_deref_mut() {
            coverage.count(&rec, s.disposition, &mut seen);
        }
        let moratorium_now = flag(&s, known.moratorium);
        if moratorium_now && !moratorium_before {
            summary.first_moratorium.get_or_insert(rec.turn);
        }
        moratorium_before = moratorium_now;
        summary.summit |= flag(&s, known.summit);
        if summary.first_nuclear_test.is_none() && read(&s, known.nuclear_tests) > start_nuclear {
            summary.first_nuclear_test = Some(rec.turn);
        }
        let days_now = read(&s, known.launch_days);
        if days_now > days_before {
            summary.first_launch.get_or_insert(rec.turn);
            if let Some(last) = summary.last_launch {
                let quiet = rec.turn - last - 1;
                summary.longest_quiet = Some(summary.longest_quiet.map_or(quiet, |q| q.max(quiet)));
            }
            summary.last_launch = Some(rec.turn);
        }
        days_before = days_now;
        let icbm_now = read(&s, known.icbm_tests);
        if icbm_now > icbm_before {
            summary.first_icbm_test.get_or_insert(rec.turn);
            summary.last_icbm_test = Some(rec.turn);
            icbm_before = icbm_now;
        }
    }
    if let Some(coverage) = coverage {
        coverage.end_game(s.disposition, seen);
    }
    summary.moratorium = summary.first_moratorium.is_some();
    summary.nuclear_test = summary.first_nuclear_test.is_some();
    summary.icbm_test = summary.first_icbm_test.is_some();
    summary.win = matches!(s.outcome, Some(Outcome::Win(_)));
    summary.war = matches!(s.outcome, Some(Outcome::War(_)));
    summary.final_tension = s.tension;
    summary.peak_tension = s.peak_tension;
    summary.first_provocation = s.first_provocation;
    summary.turns = s.turn - 1;
    summary.reactor_restarted = reactor_idle_at_start && !flag(&s, known.reactor_idle);
    summary.missiles = read(&s, known.missiles) - start_missiles;
    summary.icbm_tests = read(&s, known.icbm_tests) - start_icbm;
    summary.launch_days = read(&s, known.launch_days) - start_days;
    summary.nuclear_tests = read(&s, known.nuclear_tests) - start_nuclear;
    summary.ending = match s.outcome {
        Some(Outcome::Win(i)) | Some(Outcome::Loss(Some(i))) => i as u8,
        Some(Outcome::War(_)) => ENDING_WAR,
        _ => ENDING_NO_WIN,
    };
    (s, summary)
}

/// Outcome rates and means of a set of games. Rates are fractions of `runs`; win + loss + war = 1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rates {
    pub runs: u64,
    pub win_rate: f64,
    pub loss_rate: f64,
    pub war_rate: f64,
    pub nuclear_test_rate: f64,
    pub icbm_test_rate: f64,
    pub moratorium_rate: f64,
    pub summit_rate: f64,
    /// Games that opened with a reactor standing idle (`world.reactor_idle`, 2013's Yongbyon)
    /// and ended with it restarted; 0 in a level with none.
    pub reactor_restart_rate: f64,
    pub mean_final_tension: f64,
    pub mean_peak_tension: f64,
    /// Mean turn of Pyongyang's first provocation, over the games that had one.
    pub mean_first_provocation_turn: Option<f64>,
    pub mean_first_nuclear_test_turn: Option<f64>,
    /// Fraction of games with any ballistic missile launches (ICBMs included).
    pub launch_rate: f64,
    /// Mean turn of the first ballistic missile launches, over the games that had any.
    pub mean_first_launch_turn: Option<f64>,
    /// Mean turn of the last launches (ICBMs included), over the games that had any.
    pub mean_last_launch_turn: Option<f64>,
    /// The mean of each game's longest run of turns without launches between its first and
    /// last, over the games with launches on two turns or more.
    pub mean_longest_quiet: Option<f64>,
    /// Fraction of games with launches on two turns or more (those `mean_longest_quiet` is over).
    pub launched_twice_rate: f64,
    pub mean_first_icbm_test_turn: Option<f64>,
    pub mean_last_icbm_test_turn: Option<f64>,
    pub mean_icbm_tests: f64,
    /// Mean turn the first test moratorium was declared, over the games that declared one.
    pub mean_first_moratorium_turn: Option<f64>,
    pub mean_nuclear_tests: f64,
    /// Mean turn on which won games were won.
    pub mean_win_turn: Option<f64>,
    pub mean_turns: f64,
    pub mean_missiles: f64,
    pub mean_launch_days: f64,
    /// Mean events tagged `incident` per game (exchanges of fire, clashes at sea).
    pub mean_incidents: f64,
    /// How the games ended: games per objective id (won or lost), `no_win` and `war`. Only
    /// endings that happened are listed.
    pub endings: BTreeMap<String, u64>,
}

/// The outcome distribution of a batch, overall and per hidden disposition, with what each AI
/// chose, the rules that argued for those choices, and the events that fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchStats {
    pub level: String,
    pub policy: String,
    pub seed: u64,
    /// The difficulty every game started at (its id in the rules).
    pub difficulty: String,
    #[serde(flatten)]
    pub overall: Rates,
    pub by_disposition: BTreeMap<String, Rates>,
    /// `responses["pyongyang"]["missile_test"]`: times that response was chosen.
    pub responses: BTreeMap<String, BTreeMap<String, u64>>,
    /// `rules["pyongyang"]["answer_force_with_launches"]`: times that rule argued for the
    /// response that was chosen.
    pub rules: BTreeMap<String, BTreeMap<String, u64>>,
    pub events: BTreeMap<String, u64>,
    /// `pyongyang_by_disposition["builder"]["restart_reactor"]`: how often Pyongyang gave that
    /// answer in the games that drew that hidden disposition (only dispositions drawn, and
    /// answers given at least once).
    pub pyongyang_by_disposition: BTreeMap<String, BTreeMap<String, AnswerUse>>,
}

/// How often one answer was given over the games of one hidden disposition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AnswerUse {
    /// Turns on which it was the answer.
    pub turns: u64,
    /// Games in which it was the answer at least once.
    pub games: u64,
    /// Games in which it was the answer in the first three turns.
    pub early_games: u64,
    /// The turns on which it first came, summed over the games in which it came: over
    /// `games`, the mean turn of its first coming.
    pub first_turns: u64,
}

/// An answer that gives Pyongyang's hidden disposition away at once: given in the first
/// [`EARLY_TURNS`] turns of most games of one disposition and almost never that early under the
/// others, so that a player who sees it knows the type before the game has begun. Types showing
/// through what they do is the game (a builder restarts a reactor sooner than a security seeker
/// does, and by the end most games have shown their type); a tell is the extreme, where one
/// early answer settles the question and leaves nothing to read.
#[derive(Debug, Clone, PartialEq)]
pub struct Tell {
    pub response: String,
    /// The disposition's display name.
    pub disposition: String,
    /// Share of that disposition's games with the answer in the opening turns.
    pub share: f64,
    /// The highest share among the other dispositions' games.
    pub others: f64,
}

/// Games of a disposition needed before its shares are judged.
const TELL_MIN_GAMES: u64 = 30;
/// A tell: in at least this share of one disposition's games...
const TELL_SHARE: f64 = 0.5;
/// ...and in at most this share of every other drawn disposition's games.
const TELL_OTHERS: f64 = 0.02;

impl BatchStats {
    /// The dispositions drawn in enough games to judge their answers by (id, display name,
    /// games), in the AI file's order.
    fn judged_types<'a>(&self, sc: &'a Scenario) -> Vec<(&'a str, &'a str, u64)> {
        sc.rules
            .pyongyang
            .dispositions
            .iter()
            .filter_map(|d| {
                let runs = self.by_disposition.get(&d.id)?.runs;
                (runs >= TELL_MIN_GAMES).then_some((d.id.as_str(), d.name.as_str(), runs))
            })
            .collect()
    }

    /// The games of disposition `ty` in which Pyongyang gave `response` in the opening turns.
    fn early_games(&self, ty: &str, response: &str) -> u64 {
        self.pyongyang_by_disposition
            .get(ty)
            .and_then(|m| m.get(response))
            .map_or(0, |u| u.early_games)
    }

    /// The answers that give the hidden disposition away in these games (see [`Tell`]), in the
    /// AI file's order of dispositions and responses. Needs two dispositions drawn in at least
    /// 30 games each.
    pub fn tells(&self, sc: &Scenario) -> Vec<Tell> {
        let types = self.judged_types(sc);
        if types.len() < 2 {
            return Vec::new();
        }
        let share = |ty: &str, runs: u64, response: &str| {
            self.early_games(ty, response) as f64 / runs as f64
        };
        let mut out = Vec::new();
        for r in &sc.rules.pyongyang.responses {
            for &(id, name, runs) in &types {
                let mine = share(id, runs, &r.id);
                if mine < TELL_SHARE {
                    continue;
                }
                let others = types
                    .iter()
                    .filter(|t| t.0 != id)
                    .map(|t| share(t.0, t.2, &r.id))
                    .fold(0.0, f64::max);
                if others <= TELL_OTHERS {
                    out.push(Tell {
                        response: r.id.clone(),
                        disposition: name.to_string(),
                        share: mine,
                        others,
                    });
                }
            }
        }
        out
    }
}

/// An early answer that settles the type when it comes, though it comes in too few games to be
/// a [`Tell`]: in the first [`EARLY_TURNS`] turns of at least [`SETTLES_SHARE`] of one
/// disposition's games, and, among all the games where it came that early, one of that
/// disposition's in at least [`SETTLES_LIKELY`] (the dispositions drawn at the level's own
/// rates). An outside check found them where `sim` named no tell: under 2017's script, harsh
/// rhetoric in the opening turns of a third of the security seekers' games and almost no
/// other's.
#[derive(Debug, Clone, PartialEq)]
pub struct Settling {
    pub response: String,
    /// The disposition's display name.
    pub disposition: String,
    /// Share of that disposition's games with the answer in the opening turns.
    pub share: f64,
    /// Of the games with the answer in the opening turns, the share that drew the disposition.
    pub likely: f64,
}

/// A settling answer comes in at least this share of one disposition's games...
const SETTLES_SHARE: f64 = 0.1;
/// ...and, when it comes, names that disposition at least this often.
const SETTLES_LIKELY: f64 = 0.9;

impl BatchStats {
    /// The early answers that settle the hidden type when they come (see [`Settling`]) and are
    /// not tells, in the AI file's order of dispositions and responses. Needs two dispositions
    /// drawn in at least 30 games each.
    pub fn settling(&self, sc: &Scenario) -> Vec<Settling> {
        let types = self.judged_types(sc);
        if types.len() < 2 {
            return Vec::new();
        }
        let early = |ty: &str, response: &str| self.early_games(ty, response);
        let tells = self.tells(sc);
        let mut out = Vec::new();
        for r in &sc.rules.pyongyang.responses {
            let all: u64 = types.iter().map(|t| early(t.0, &r.id)).sum();
            for &(id, name, runs) in &types {
                let mine = early(id, &r.id);
                let share = mine as f64 / runs as f64;
                let likely = mine as f64 / all.max(1) as f64;
                let told = tells
                    .iter()
                    .any(|t| t.response == r.id && t.disposition == name);
                if share >= SETTLES_SHARE && likely >= SETTLES_LIKELY && !told {
                    out.push(Settling {
                        response: r.id.clone(),
                        disposition: name.to_string(),
                        share,
                        likely,
                    });
                }
            }
        }
        out
    }
}

impl std::ops::Deref for BatchStats {
    type Target = Rates;
    fn deref(&self) -> &Rates {
        &self.overall
    }
}

impl BatchStats {
    /// The value of a calibration metric in this batch (None: no game had the event, or the
    /// metric counts an answer, which [`BatchStats::target_value`] reads).
    pub fn metric(&self, sc: &Scenario, m: Metric) -> Option<f64> {
        self.overall.metric(sc, m)
    }

    /// A calibration target's figure over the whole batch (None: no game had the event).
    pub fn target_value(&self, sc: &Scenario, t: &CalibrationTarget) -> Option<f64> {
        self.target_value_of(sc, t, None)
    }

    /// A calibration target's figure over the games of one hidden disposition (its id), or of
    /// all of them (None). The answers' figures come from what Pyongyang chose, counted per
    /// disposition; the rest from the batch's rates.
    pub fn target_value_of(
        &self,
        sc: &Scenario,
        t: &CalibrationTarget,
        disposition: Option<&str>,
    ) -> Option<f64> {
        let rates = match disposition {
            Some(d) => self.by_disposition.get(d)?,
            None => &self.overall,
        };
        let answer = t.answer.as_deref();
        match (t.metric, answer) {
            (Metric::AnswerRate, Some(answer)) => self.answer_share(answer, disposition),
            (Metric::FirstAnswerTurn, Some(answer)) => {
                let (games, first_turns) = self.answer_counts(answer, disposition);
                (games > 0).then(|| first_turns as f64 / games as f64)
            }
            _ => rates.metric(sc, t.metric),
        }
    }

    /// The share of the games (of one hidden disposition, by id, or all) in which Pyongyang gave
    /// `answer` at least once (None: no such games were played).
    pub fn answer_share(&self, answer: &str, disposition: Option<&str>) -> Option<f64> {
        let runs = match disposition {
            Some(d) => self.by_disposition.get(d)?.runs,
            None => self.overall.runs,
        };
        let (games, _) = self.answer_counts(answer, disposition);
        (runs > 0).then(|| games as f64 / runs as f64)
    }

    /// The games (of one hidden disposition, by id, or all) in which Pyongyang gave `answer`,
    /// and the turns on which it first came in them, summed.
    fn answer_counts(&self, answer: &str, disposition: Option<&str>) -> (u64, u64) {
        self.pyongyang_by_disposition
            .iter()
            .filter(|(d, _)| disposition.is_none_or(|want| want == d.as_str()))
            .filter_map(|(_, answers)| answers.get(answer))
            .fold((0, 0), |(g, f), a| (g + a.games, f + a.first_turns))
    }
}

impl Rates {
    /// The value of a calibration metric over these games (None: no game had the event).
    pub fn metric(&self, sc: &Scenario, m: Metric) -> Option<f64> {
        let o = self;
        Some(match m {
            Metric::WarRate => o.war_rate,
            Metric::NuclearTestRate => o.nuclear_test_rate,
            Metric::IcbmTestRate => o.icbm_test_rate,
            Metric::MoratoriumRate => o.moratorium_rate,
            Metric::SummitRate => o.summit_rate,
            Metric::Missiles => o.mean_missiles,
            Metric::LaunchDays => o.mean_launch_days,
            Metric::Incidents => o.mean_incidents,
            Metric::PeakTension => o.mean_peak_tension,
            Metric::OpeningTension => new_game(sc, 0).tension as f64,
            Metric::FirstNuclearTestTurn => return o.mean_first_nuclear_test_turn,
            Metric::FirstLaunchTurn => return o.mean_first_launch_turn,
            Metric::LastLaunchTurn => return o.mean_last_launch_turn,
            Metric::NuclearTests => o.mean_nuclear_tests,
            Metric::FirstIcbmTestTurn => return o.mean_first_icbm_test_turn,
            Metric::LastIcbmTestTurn => return o.mean_last_icbm_test_turn,
            Metric::IcbmTests => o.mean_icbm_tests,
            Metric::FirstMoratoriumTurn => return o.mean_first_moratorium_turn,
            Metric::ReactorRestartRate => o.reactor_restart_rate,
            Metric::LongestQuiet => return o.mean_longest_quiet,
            // Counted from what Pyongyang chose: `BatchStats::target_value`.
            Metric::AnswerRate | Metric::FirstAnswerTurn => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Totals {
    runs: u64,
    wins: u64,
    wars: u64,
    nuclear: u64,
    icbm: u64,
    moratorium: u64,
    summit: u64,
    restarts: u64,
    /// Tensions and counts in thousandths, so sums are exact and independent of the thread split.
    final_tension_milli: u64,
    peak_tension_milli: u64,
    missiles_milli: u64,
    launch_days_milli: u64,
    incidents: u64,
    provocations: u64,
    provocation_turns: u64,
    nuclear_turns: u64,
    launches: u64,
    launch_turns: u64,
    last_launch_turns: u64,
    /// Games with launches on two turns or more, and the sum of their longest quiets.
    quiet_games: u64,
    quiet_turns: u64,
    nuclear_tests_milli: u64,
    icbm_turns: u64,
    last_icbm_turns: u64,
    icbm_tests_milli: u64,
    moratorium_turns: u64,
    win_turns: u64,
    turns: u64,
    endings: [u64; ENDINGS],
}

fn milli(x: f32) -> u64 {
    (x.max(0.0) as f64 * 1000.0).round() as u64
}

impl Totals {
    fn add(&mut self, g: &GameSummary) {
        self.runs += 1;
        self.wins += g.win as u64;
        self.wars += g.war as u64;
        self.nuclear += g.nuclear_test as u64;
        self.icbm += g.icbm_test as u64;
        self.moratorium += g.moratorium as u64;
        self.summit += g.summit as u64;
        self.restarts += g.reactor_restarted as u64;
        self.final_tension_milli += milli(g.final_tension);
        self.peak_tension_milli += milli(g.peak_tension);
        self.missiles_milli += milli(g.missiles);
        self.launch_days_milli += milli(g.launch_days);
        self.incidents += g.incidents as u64;
        if let Some(t) = g.first_provocation {
            self.provocations += 1;
            self.provocation_turns += t as u64;
        }
        self.nuclear_turns += g.first_nuclear_test.unwrap_or(0) as u64;
        if let Some(t) = g.first_launch {
            self.launches += 1;
            self.launch_turns += t as u64;
        }
        self.last_launch_turns += g.last_launch.unwrap_or(0) as u64;
        if let Some(q) = g.longest_quiet {
            self.quiet_games += 1;
            self.quiet_turns += q as u64;
        }
        self.nuclear_tests_milli += milli(g.nuclear_tests);
        self.icbm_turns += g.first_icbm_test.unwrap_or(0) as u64;
        self.last_icbm_turns += g.last_icbm_test.unwrap_or(0) as u64;
        self.icbm_tests_milli += milli(g.icbm_tests);
        self.moratorium_turns += g.first_moratorium.unwrap_or(0) as u64;
        if g.win {
            self.win_turns += g.turns as u64;
        }
        self.turns += g.turns as u64;
        self.endings[(g.ending as usize).min(ENDINGS - 1)] += 1;
    }
    fn merge(&mut self, o: &Totals) {
        self.runs += o.runs;
        self.wins += o.wins;
        self.wars += o.wars;
        self.nuclear += o.nuclear;
        self.icbm += o.icbm;
        self.moratorium += o.moratorium;
        self.summit += o.summit;
        self.restarts += o.restarts;
        self.final_tension_milli += o.final_tension_milli;
        self.peak_tension_milli += o.peak_tension_milli;
        self.missiles_milli += o.missiles_milli;
        self.launch_days_milli += o.launch_days_milli;
        self.incidents += o.incidents;
        self.provocations += o.provocations;
        self.provocation_turns += o.provocation_turns;
        self.nuclear_turns += o.nuclear_turns;
        self.launches += o.launches;
        self.launch_turns += o.launch_turns;
        self.last_launch_turns += o.last_launch_turns;
        self.quiet_games += o.quiet_games;
        self.quiet_turns += o.quiet_turns;
        self.nuclear_tests_milli += o.nuclear_tests_milli;
        self.icbm_turns += o.icbm_turns;
        self.last_icbm_turns += o.last_icbm_turns;
        self.icbm_tests_milli += o.icbm_tests_milli;
        self.moratorium_turns += o.moratorium_turns;
        self.win_turns += o.win_turns;
        self.turns += o.turns;
        for (a, b) in self.endings.iter_mut().zip(&o.endings) {
            *a += b;
        }
    }
    /// The rates of these games; `sc` names the endings.
    fn rates(&self, sc: &Scenario) -> Rates {
        let n = self.runs.max(1) as f64;
        let mean_over = |sum: u64, count: u64| (count > 0).then(|| sum as f64 / count as f64);
        Rates {
            runs: self.runs,
            win_rate: self.wins as f64 / n,
            loss_rate: (self.runs - self.wins - self.wars) as f64 / n,
            war_rate: self.wars as f64 / n,
            nuclear_test_rate: self.nuclear as f64 / n,
            icbm_test_rate: self.icbm as f64 / n,
            moratorium_rate: self.moratorium as f64 / n,
            summit_rate: self.summit as f64 / n,
            reactor_restart_rate: self.restarts as f64 / n,
            mean_final_tension: self.final_tension_milli as f64 / 1000.0 / n,
            mean_peak_tension: self.peak_tension_milli as f64 / 1000.0 / n,
            mean_first_provocation_turn: mean_over(self.provocation_turns, self.provocations),
            mean_first_nuclear_test_turn: mean_over(self.nuclear_turns, self.nuclear),
            launch_rate: self.launches as f64 / n,
            mean_first_launch_turn: mean_over(self.launch_turns, self.launches),
            mean_last_launch_turn: mean_over(self.last_launch_turns, self.launches),
            mean_longest_quiet: mean_over(self.quiet_turns, self.quiet_games),
            launched_twice_rate: self.quiet_games as f64 / n,
            mean_first_icbm_test_turn: mean_over(self.icbm_turns, self.icbm),
            mean_last_icbm_test_turn: mean_over(self.last_icbm_turns, self.icbm),
            mean_icbm_tests: self.icbm_tests_milli as f64 / 1000.0 / n,
            mean_first_moratorium_turn: mean_over(self.moratorium_turns, self.moratorium),
            mean_nuclear_tests: self.nuclear_tests_milli as f64 / 1000.0 / n,
            mean_win_turn: mean_over(self.win_turns, self.wins),
            mean_turns: self.turns as f64 / n,
            mean_missiles: self.missiles_milli as f64 / 1000.0 / n,
            mean_launch_days: self.launch_days_milli as f64 / 1000.0 / n,
            mean_incidents: self.incidents as f64 / n,
            endings: self
                .endings
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(i, n)| {
                    let name = match i as u8 {
                        ENDING_NO_WIN => "no_win".to_string(),
                        ENDING_WAR => "war".to_string(),
                        _ => sc
                            .objectives
                            .get(i)
                            .map(|o| o.id.clone())
                            .unwrap_or_else(|| format!("objective {i}")),
                    };
                    (name, *n)
                })
                .collect(),
        }
    }
}

/// Totals of one block of games: overall, per disposition, and coverage.
#[derive(Debug, Clone, Copy, Default)]
struct Block {
    all: Totals,
    by_type: [Totals; MAX_DISPOSITIONS],
    coverage: Coverage,
}

/// Plays `runs` games of `sc` with `policy`, on up to `threads` threads. `progress` is called
/// from time to time with the number of games finished so far.
pub fn run_batch(
    sc: &Scenario,
    policy: &Policy,
    runs: u64,
    seed: u64,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> BatchStats {
    run_batch_at(sc, policy, runs, seed, threads, 0, progress)
}

/// `run_batch`, every game started at `difficulty` (an index into the rules' difficulties; 0 is
/// the default, and an unknown one counts as it).
pub fn run_batch_at(
    sc: &Scenario,
    policy: &Policy,
    runs: u64,
    seed: u64,
    threads: usize,
    difficulty: u8,
    progress: &(dyn Fn(u64) + Sync),
) -> BatchStats {
    let threads = threads.clamp(1, 64) as u64;
    let done = std::sync::atomic::AtomicU64::new(0);
    // The threads take chunks of game indices in turn, so that one slowed down (a busy core)
    // leaves more chunks to the others and all finish together. Every total is an integer
    // (tensions in thousandths), so the result is the same whoever plays which game.
    const CHUNK: u64 = 64;
    let next = std::sync::atomic::AtomicU64::new(0);
    let mut blocks: Vec<Box<Block>> = Vec::new();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (done, next) = (&done, &next);
                scope.spawn(move || {
                    let mut block = Box::<Block>::default();
                    loop {
                        let start = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) * CHUNK;
                        if start >= runs {
                            break;
                        }
                        let end = (start + CHUNK).min(runs);
                        for i in start..end {
                            let (_, g) = play_counted(
                                sc,
                                policy,
                                batch_seed(seed, i),
                                difficulty,
                                &mut block.coverage,
                            );
                            block.all.add(&g);
                            if let Some(t) = block.by_type.get_mut(g.disposition as usize) {
                                t.add(&g);
                            }
                        }
                        let n = done.fetch_add(end - start, std::sync::atomic::Ordering::Relaxed);
                        progress(n + end - start);
                    }
                    block
                })
            })
            .collect();
        blocks = handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect();
    });
    let mut total = Box::<Block>::default();
    for b in &blocks {
        total.all.merge(&b.all);
        for (a, x) in total.by_type.iter_mut().zip(&b.by_type) {
            a.merge(x);
        }
        total.coverage.merge(&b.coverage);
    }
    progress(runs);
    let rules = &sc.rules;
    let mut by_disposition = BTreeMap::new();
    for (d, info) in rules.pyongyang.dispositions.iter().enumerate() {
        if let Some(t) = total.by_type.get(d)
            && t.runs > 0
        {
            by_disposition.insert(info.id.clone(), t.rates(sc));
        }
    }
    let mut responses = BTreeMap::new();
    let mut rule_counts = BTreeMap::new();
    for (i, who) in [(0, Who::Pyongyang), (1, Who::Beijing)] {
        let ai = rules.ai(who);
        let name = if who == Who::Beijing {
            "beijing"
        } else {
            "pyongyang"
        };
        responses.insert(
            name.to_string(),
            ai.responses
                .iter()
                .enumerate()
                .take(MAX_RESPONSES)
                .map(|(r, x)| (x.id.clone(), total.coverage.responses[i][r]))
                .collect(),
        );
        rule_counts.insert(
            name.to_string(),
            ai.rules
                .iter()
                .enumerate()
                .take(MAX_RULES)
                .map(|(r, x)| (x.id.clone(), total.coverage.rules[i][r]))
                .collect(),
        );
    }
    let events = rules
        .events
        .iter()
        .enumerate()
        .take(MAX_COUNTED_EVENTS)
        .map(|(e, x)| (x.id.clone(), total.coverage.events[e]))
        .collect();
    let mut pyongyang_by_disposition = BTreeMap::new();
    for (d, info) in rules.pyongyang.dispositions.iter().enumerate() {
        if total.by_type.get(d).is_none_or(|t| t.runs == 0) {
            continue;
        }
        let answers: BTreeMap<String, AnswerUse> = rules
            .pyongyang
            .responses
            .iter()
            .enumerate()
            .take(MAX_RESPONSES)
            .filter_map(|(r, x)| {
                let turns = total.coverage.pyongyang_turns[d][r];
                let games = total.coverage.pyongyang_games[d][r];
                let early_games = total.coverage.pyongyang_early[d][r];
                let first_turns = total.coverage.pyongyang_first_turns[d][r];
                (turns > 0).then(|| {
                    let used = AnswerUse {
                        turns,
                        games,
                        early_games,
                        first_turns,
                    };
                    (x.id.clone(), used)
                })
            })
            .collect();
        pyongyang_by_disposition.insert(info.id.clone(), answers);
    }
    BatchStats {
        level: sc.id().to_string(),
        policy: policy.name().to_string(),
        seed,
        difficulty: rules
            .difficulties
            .get(difficulty as usize)
            .or(rules.difficulties.first())
            .map(|d| d.id.clone())
            .unwrap_or_default(),
        overall: total.all.rates(sc),
        by_disposition,
        responses,
        rules: rule_counts,
        events,
        pyongyang_by_disposition,
    }
}

/// One scripted turn of a level's historical record, over a batch: in how many games the turn
/// was reached, in how many its move could not be played as written (the rules refused it, and
/// the fallback was played), and the rules' reason the first time.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptTurn {
    pub turn: u32,
    pub action: u16,
    pub reached: u64,
    pub refused: u64,
    pub why: Option<String>,
}

/// How faithfully the historical script replays: every scripted turn's count of refusals, over
/// the same games as `run_batch` with the historical policy (the same seeds). A refused move
/// is history the model would not let happen, so `calibrate` reports it beside its targets.
pub fn script_fidelity(sc: &Scenario, runs: u64, seed: u64) -> Vec<ScriptTurn> {
    let mut turns: Vec<ScriptTurn> = sc
        .script
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            a.map(|action| ScriptTurn {
                turn: i as u32 + 1,
                action,
                reached: 0,
                refused: 0,
                why: None,
            })
        })
        .collect();
    for i in 0..runs {
        let mut s = new_game(sc, batch_seed(seed, i));
        while s.outcome.is_none() {
            let turn = s.turn;
            let a = Policy::Historical.choose(sc, &s);
            let rec = super::turn::resolve_turn(sc, &mut s, a);
            if let Some(t) = turns.iter_mut().find(|t| t.turn == turn) {
                t.reached += 1;
                if rec.taken != rec.requested {
                    t.refused += 1;
                    if t.why.is_none() {
                        t.why = rec
                            .unavailable
                            .as_ref()
                            .map(|why| super::decide::explain_unavailable(sc, a, why));
                    }
                }
            }
        }
    }
    turns
}
