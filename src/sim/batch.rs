//! Many games at once: the policy lab behind `peninsula sim`. Each game's seed is derived from
//! the batch seed and the game's index, so a batch is reproducible and any one game in it can
//! be replayed alone. Games are split across threads; the result does not depend on how.

use super::policy::Policy;
use super::rng::batch_seed;
use super::state::{GameState, Outcome};
use super::turn::{new_game, resolve_turn};
use crate::rules::Scenario;
use serde::Serialize;

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
    pub turns: u32,
}

/// Plays one game to its end with `policy`, without keeping a log.
pub fn play_quiet(sc: &Scenario, policy: &Policy, seed: u64) -> (GameState, GameSummary) {
    let mut s = new_game(sc, seed);
    let known = &sc.rules.known;
    let start_nuclear = known.nuclear_tests.map(|i| s.vars[i as usize]);
    let start_icbm = known.icbm_tests.map(|i| s.vars[i as usize]);
    let mut summary = GameSummary::default();
    let flag = |s: &GameState, v: Option<u16>| v.is_some_and(|i| s.vars[i as usize] >= 1.0);
    while s.outcome.is_none() {
        let a = policy.choose(sc, &s);
        resolve_turn(sc, &mut s, a);
        summary.moratorium |= flag(&s, known.moratorium);
        summary.summit |= flag(&s, known.summit);
    }
    let grew = |v: Option<u16>, start: Option<f32>| match (v, start) {
        (Some(i), Some(x)) => s.vars[i as usize] > x,
        _ => false,
    };
    summary.nuclear_test = grew(known.nuclear_tests, start_nuclear);
    summary.icbm_test = grew(known.icbm_tests, start_icbm);
    summary.win = matches!(s.outcome, Some(Outcome::Win(_)));
    summary.war = matches!(s.outcome, Some(Outcome::War(_)));
    summary.final_tension = s.tension;
    summary.peak_tension = s.peak_tension;
    summary.first_provocation = s.first_provocation;
    summary.turns = s.turn - 1;
    (s, summary)
}

/// The outcome distribution of a batch. Rates are fractions of `runs`; win + loss + war = 1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchStats {
    pub level: String,
    pub policy: String,
    pub seed: u64,
    pub runs: u64,
    pub win_rate: f64,
    pub loss_rate: f64,
    pub war_rate: f64,
    pub nuclear_test_rate: f64,
    pub icbm_test_rate: f64,
    pub moratorium_rate: f64,
    pub summit_rate: f64,
    pub mean_final_tension: f64,
    pub mean_peak_tension: f64,
    /// Mean turn of Pyongyang's first provocation, over the games that had one.
    pub mean_first_provocation_turn: Option<f64>,
    pub mean_turns: f64,
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
    /// Tensions in thousandths, so sums are exact and independent of the thread split.
    final_tension_milli: u64,
    peak_tension_milli: u64,
    provocations: u64,
    provocation_turns: u64,
    turns: u64,
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
        self.final_tension_milli += (g.final_tension as f64 * 1000.0).round() as u64;
        self.peak_tension_milli += (g.peak_tension as f64 * 1000.0).round() as u64;
        if let Some(t) = g.first_provocation {
            self.provocations += 1;
            self.provocation_turns += t as u64;
        }
        self.turns += g.turns as u64;
    }
    fn merge(&mut self, o: &Totals) {
        self.runs += o.runs;
        self.wins += o.wins;
        self.wars += o.wars;
        self.nuclear += o.nuclear;
        self.icbm += o.icbm;
        self.moratorium += o.moratorium;
        self.summit += o.summit;
        self.final_tension_milli += o.final_tension_milli;
        self.peak_tension_milli += o.peak_tension_milli;
        self.provocations += o.provocations;
        self.provocation_turns += o.provocation_turns;
        self.turns += o.turns;
    }
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
    let threads = threads.clamp(1, 64) as u64;
    let done = std::sync::atomic::AtomicU64::new(0);
    // Each thread takes a contiguous block of game indices. Every total is an integer (tensions
    // in thousandths), so the result is the same for any number of threads.
    let per = runs.div_ceil(threads).max(1);
    let mut blocks: Vec<Totals> = Vec::new();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let done = &done;
                scope.spawn(move || {
                    let mut totals = Totals::default();
                    let start = t * per;
                    let end = ((t + 1) * per).min(runs);
                    for i in start..end {
                        let (_, g) = play_quiet(sc, policy, batch_seed(seed, i));
                        totals.add(&g);
                        if i % 256 == 255 {
                            let n = done.fetch_add(256, std::sync::atomic::Ordering::Relaxed) + 256;
                            progress(n);
                        }
                    }
                    totals
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
    let mut totals = Totals::default();
    for b in &blocks {
        totals.merge(b);
    }
    progress(runs);
    let n = totals.runs.max(1) as f64;
    BatchStats {
        level: sc.id().to_string(),
        policy: policy.name().to_string(),
        seed,
        runs: totals.runs,
        win_rate: totals.wins as f64 / n,
        loss_rate: (totals.runs - totals.wins - totals.wars) as f64 / n,
        war_rate: totals.wars as f64 / n,
        nuclear_test_rate: totals.nuclear as f64 / n,
        icbm_test_rate: totals.icbm as f64 / n,
        moratorium_rate: totals.moratorium as f64 / n,
        summit_rate: totals.summit as f64 / n,
        mean_final_tension: totals.final_tension_milli as f64 / 1000.0 / n,
        mean_peak_tension: totals.peak_tension_milli as f64 / 1000.0 / n,
        mean_first_provocation_turn: (totals.provocations > 0)
            .then(|| totals.provocation_turns as f64 / totals.provocations as f64),
        mean_turns: totals.turns as f64 / n,
    }
}
