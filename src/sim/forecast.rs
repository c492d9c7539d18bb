//! What the rules predict for each move from here: the forecast. For each available move the
//! rest of the level is played many times, that move first and a policy after it, and the
//! outcomes are counted: war, a nuclear test, an ICBM test, a declared moratorium, a summit, a
//! restart of a reactor standing idle now (2013's Yongbyon), a win, a loss, and the tension's 10th,
//! 50th and 90th percentiles for each turn ahead.
//!
//! Each rollout plays in a sampled *world*: a Pyongyang disposition drawn from what the player
//! can know (the analysts' estimate, else the level's base rates, never the true one) and fresh
//! dice (a seed of its own, never the game's). Every move is scored against the same worlds
//! (common random numbers), so differences between moves are the moves', not noise. The worlds
//! depend only on the game state and the forecast seed, so a forecast is deterministic.

use super::policy::Policy;
use super::rng::{Purpose, batch_seed, mix, stream};
use super::state::{GameState, Outcome};
use super::turn::resolve_chosen_quiet;
use super::{availability, explain_unavailable};
use crate::rules::{MAX_DISPOSITIONS, Scenario};
use serde::Serialize;

/// The policy that plays the rest of the level after each move, unless the player picks
/// another: `adaptive`, which reads the analysts' estimate as a player would. A player who
/// follows the forecast with it playing on wins more than with `balanced` (2017 and 2022 most:
/// README, "Does the forecast help?"), and its odds are those of a line that reads the type,
/// not of a hedge that wins one game in ten of 2017 whatever the move.
pub const PLAYS_ON: &str = "adaptive";

/// A sampled world: the hidden disposition and the dice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct World {
    pub disposition: u8,
    pub seed: u64,
}

/// The odds of one move, over `rollouts` worlds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MoveOdds {
    /// The action's id and name.
    pub id: String,
    pub name: String,
    /// `None` when the move can be played; else why not (no odds then).
    pub unavailable: Option<String>,
    pub rollouts: u32,
    // Named in JSON as `sim --json` names the same rates.
    #[serde(rename = "war_rate")]
    pub war: f64,
    #[serde(rename = "nuclear_test_rate")]
    pub nuclear_test: f64,
    #[serde(rename = "icbm_test_rate")]
    pub icbm_test: f64,
    #[serde(rename = "moratorium_rate")]
    pub moratorium: f64,
    #[serde(rename = "summit_rate")]
    pub summit: f64,
    /// A restart of a reactor that stands idle now (`world.reactor_idle`, 2013's Yongbyon);
    /// 0 where none is idle.
    #[serde(rename = "reactor_restart_rate")]
    pub reactor_restart: f64,
    #[serde(rename = "win_rate")]
    pub win: f64,
    /// A loss other than war: a Loss objective met, or the last turn passed with no win (as
    /// `sim` counts `loss_rate`, so win + loss + war = 1).
    #[serde(rename = "loss_rate")]
    pub loss: f64,
    /// Of those losses, the games whose last turn passed with no win (no loss objective met):
    /// what a player near a win's conditions reads the loss as.
    #[serde(rename = "no_win_rate")]
    pub no_win: f64,
    /// The game's score out of 100 (`turn::score`: 60 a win, 25 a loss, 0 a war, and up to 40
    /// for calm), the mean over the worlds: it still tells moves apart where none is likely to
    /// win (a 2022 builder) and the win and loss rates all read the same.
    pub mean_score: f64,
    /// For each turn from this one to the last: the tension after it, 10th, 50th and 90th
    /// percentile over the worlds (a game that ended keeps its last tension).
    pub tension: Vec<[f32; 3]>,
}

/// The worlds a forecast plays in, for a game state: deterministic in the state and the seed.
/// Pyongyang's type is drawn from what the player can know: the analysts' estimate, else the
/// level's base rates.
pub fn worlds(sc: &Scenario, s: &GameState, rollouts: u32, seed: u64) -> Vec<World> {
    let n = sc.rules.pyongyang.dispositions.len().min(MAX_DISPOSITIONS);
    let belief: Vec<f32> = (0..n).map(|d| s.consensus(d)).collect();
    if belief.iter().sum::<f32>() <= 0.0 {
        return base_rate_worlds(sc, s, rollouts, seed);
    }
    draw_worlds(s, &belief, rollouts, seed)
}

/// `worlds`, with Pyongyang's type drawn from the level's base rates whatever the analysts
/// think (the same dice).
pub fn base_rate_worlds(sc: &Scenario, s: &GameState, rollouts: u32, seed: u64) -> Vec<World> {
    let n = sc.rules.pyongyang.dispositions.len().min(MAX_DISPOSITIONS);
    let belief: Vec<f32> = (0..n)
        .map(|d| sc.disposition_chances.get(d).copied().unwrap_or(0.0))
        .collect();
    draw_worlds(s, &belief, rollouts, seed)
}

/// `rollouts` worlds, each a type drawn from `belief` (weights) and its own dice.
fn draw_worlds(s: &GameState, belief: &[f32], rollouts: u32, seed: u64) -> Vec<World> {
    let base = mix(seed ^ mix(s.seed ^ ((s.turn as u64) << 32)));
    let total: f32 = belief.iter().sum();
    (0..rollouts as u64)
        .map(|k| {
            let world_seed = batch_seed(base, k);
            let mut disposition = 0u8;
            if total > 0.0 {
                let mut roll = stream(world_seed, 0, Purpose::Disposition).unit() * total;
                for (d, w) in belief.iter().enumerate() {
                    disposition = d as u8;
                    if roll < *w {
                        break;
                    }
                    roll -= w;
                }
            }
            World {
                disposition,
                seed: world_seed,
            }
        })
        .collect()
}

/// The game as the player knows it, for the simulated games to start from: every variable
/// hidden from the player (`VarInfo::hidden`) at its opening value (the level's, at the game's
/// difficulty), and none of the
/// delayed effects that move only hidden variables (a hidden event's end). The dice and the
/// disposition are each world's own already; without this the odds would shift with what the
/// player cannot see.
pub fn as_the_player_knows(sc: &Scenario, s: &GameState) -> GameState {
    let mut g = s.clone();
    let rules = &sc.rules;
    if !rules.vars.iter().any(|v| v.hidden) {
        return g;
    }
    let opening = super::turn::new_game_at(sc, s.seed, s.difficulty).vars;
    for ((x, info), start) in g.vars.iter_mut().zip(&rules.vars).zip(&opening) {
        if info.hidden {
            *x = *start;
        }
    }
    g.pending.retain(|p| !rules.writes_only_hidden(&p.effects));
    g
}

/// What one rollout ended with.
#[derive(Debug, Clone, Default)]
struct Rollout {
    war: bool,
    nuclear_test: bool,
    icbm_test: bool,
    moratorium: bool,
    summit: bool,
    reactor_restart: bool,
    win: bool,
    loss: bool,
    no_win: bool,
    score: u32,
    tension: Vec<f32>,
}

/// Plays the rest of the level in `world`: `first`, then `policy`.
fn rollout(sc: &Scenario, s: &GameState, world: World, first: u16, policy: &Policy) -> Rollout {
    let mut g = s.clone();
    g.seed = world.seed;
    g.disposition = world.disposition;
    super::batch::unwatched(sc, policy, &mut g);
    let known = &sc.rules.known;
    let read = |g: &GameState, v: Option<u16>| v.map(|i| g.vars[i as usize]).unwrap_or(0.0);
    let flag = |g: &GameState, v: Option<u16>| read(g, v) >= 1.0;
    let (nuclear, icbm) = (read(&g, known.nuclear_tests), read(&g, known.icbm_tests));
    let mut moratorium_before = flag(&g, known.moratorium);
    let reactor_idle = flag(&g, known.reactor_idle);
    let turns_left = (sc.def.turns + 1).saturating_sub(s.turn) as usize;
    let mut out = Rollout {
        tension: Vec::with_capacity(turns_left),
        ..Default::default()
    };
    let mut a = first;
    // The first move is the player's, checked; the rest are the policy's.
    let mut vouched = false;
    while g.outcome.is_none() && out.tension.len() < turns_left {
        resolve_chosen_quiet(sc, &mut g, a, vouched);
        vouched = policy.picks_playable();
        out.tension.push(g.tension);
        let now = flag(&g, known.moratorium);
        out.moratorium |= now && !moratorium_before;
        moratorium_before = now;
        if g.outcome.is_none() {
            a = policy.choose(sc, &g);
        }
    }
    let last = g.tension;
    out.tension.resize(turns_left, last);
    out.war = matches!(g.outcome, Some(Outcome::War(_)));
    out.win = matches!(g.outcome, Some(Outcome::Win(_)));
    out.loss = matches!(g.outcome, Some(Outcome::Loss(_)));
    out.no_win = matches!(g.outcome, Some(Outcome::Loss(None)));
    out.nuclear_test = read(&g, known.nuclear_tests) > nuclear;
    out.icbm_test = read(&g, known.icbm_tests) > icbm;
    out.summit = flag(&g, known.summit);
    out.reactor_restart = reactor_idle && !flag(&g, known.reactor_idle);
    out.score = super::turn::score(sc, &g);
    out
}

/// The odds of `action` over `worlds`.
pub fn move_odds(
    sc: &Scenario,
    s: &GameState,
    action: u16,
    policy: &Policy,
    worlds: &[World],
) -> MoveOdds {
    let mut odds = empty_odds(sc, action);
    if let Err(why) = availability(sc, s, action) {
        odds.unavailable = Some(explain_unavailable(sc, action, &why));
        return odds;
    }
    if worlds.is_empty() || s.outcome.is_some() {
        return odds;
    }
    let s = &as_the_player_knows(sc, s);
    let runs: Vec<Rollout> = worlds
        .iter()
        .map(|w| rollout(sc, s, *w, action, policy))
        .collect();
    tally(&mut odds, &runs);
    odds
}

fn empty_odds(sc: &Scenario, action: u16) -> MoveOdds {
    let def = &sc.actions[action as usize];
    MoveOdds {
        id: def.id.clone(),
        name: def.name.clone(),
        unavailable: None,
        rollouts: 0,
        war: 0.0,
        nuclear_test: 0.0,
        icbm_test: 0.0,
        moratorium: 0.0,
        summit: 0.0,
        reactor_restart: 0.0,
        win: 0.0,
        loss: 0.0,
        no_win: 0.0,
        mean_score: 0.0,
        tension: Vec::new(),
    }
}

/// Fills the rates and the tension percentiles from the rollouts (at least one).
fn tally(odds: &mut MoveOdds, runs: &[Rollout]) {
    let n = runs.len() as f64;
    let rate = |f: fn(&Rollout) -> bool| runs.iter().filter(|r| f(r)).count() as f64 / n;
    odds.rollouts = runs.len() as u32;
    odds.war = rate(|r| r.war);
    odds.nuclear_test = rate(|r| r.nuclear_test);
    odds.icbm_test = rate(|r| r.icbm_test);
    odds.moratorium = rate(|r| r.moratorium);
    odds.summit = rate(|r| r.summit);
    odds.reactor_restart = rate(|r| r.reactor_restart);
    odds.win = rate(|r| r.win);
    odds.loss = rate(|r| r.loss);
    odds.no_win = rate(|r| r.no_win);
    odds.mean_score = runs.iter().map(|r| f64::from(r.score)).sum::<f64>() / n;
    let turns = runs[0].tension.len();
    let mut column = Vec::with_capacity(runs.len());
    for t in 0..turns {
        column.clear();
        column.extend(runs.iter().map(|r| r.tension[t]));
        column.sort_by(f32::total_cmp);
        let at = |q: f64| column[((column.len() - 1) as f64 * q).round() as usize];
        odds.tension.push([at(0.1), at(0.5), at(0.9)]);
    }
}

/// How many worlds one thread plays in a row before taking more work: small enough that both
/// threads finish together, large enough that handing out work costs nothing.
const WORLDS_PER_CHUNK: usize = 64;

/// The forecast for every move, on `threads` threads (the result does not depend on them).
/// The work is cut into chunks of worlds per move that the threads take in turn, so that no
/// thread sits idle while another finishes a long move; each rollout lands in its own slot.
pub fn forecast(
    sc: &Scenario,
    s: &GameState,
    policy: &Policy,
    rollouts: u32,
    seed: u64,
    threads: usize,
) -> Vec<MoveOdds> {
    forecast_in(sc, s, policy, &worlds(sc, s, rollouts, seed), threads)
}

/// `forecast`, in the given worlds.
pub fn forecast_in(
    sc: &Scenario,
    s: &GameState,
    policy: &Policy,
    worlds: &[World],
    threads: usize,
) -> Vec<MoveOdds> {
    let mut odds: Vec<MoveOdds> = (0..sc.actions.len() as u16)
        .map(|a| empty_odds(sc, a))
        .collect();
    let mut playable = Vec::new();
    for (a, o) in odds.iter_mut().enumerate() {
        match availability(sc, s, a as u16) {
            Err(why) => o.unavailable = Some(explain_unavailable(sc, a as u16, &why)),
            Ok(()) => playable.push(a as u16),
        }
    }
    if worlds.is_empty() || s.outcome.is_some() || playable.is_empty() {
        return odds;
    }
    let s = &as_the_player_knows(sc, s);
    let chunks_per_move = worlds.len().div_ceil(WORLDS_PER_CHUNK);
    let jobs = playable.len() * chunks_per_move;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = threads.clamp(1, jobs);
    let work = || {
        let mut done = Vec::new();
        loop {
            let job = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if job >= jobs {
                return done;
            }
            let action = playable[job / chunks_per_move];
            let from = (job % chunks_per_move) * WORLDS_PER_CHUNK;
            let to = (from + WORLDS_PER_CHUNK).min(worlds.len());
            let runs: Vec<Rollout> = worlds[from..to]
                .iter()
                .map(|w| rollout(sc, s, *w, action, policy))
                .collect();
            done.push((job, runs));
        }
    };
    let mut finished: Vec<(usize, Vec<Rollout>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for h in handles {
            all.extend(h.join().unwrap_or_default());
        }
        all
    });
    finished.sort_by_key(|(job, _)| *job);
    let mut chunks = finished.into_iter();
    for &action in &playable {
        let runs: Vec<Rollout> = chunks
            .by_ref()
            .take(chunks_per_move)
            .flat_map(|(_, runs)| runs)
            .collect();
        tally(&mut odds[action as usize], &runs);
    }
    odds
}

/// The move a forecast favours: of the moves that can be played, the one with the best chance
/// of winning; between equals, the smaller chance of war, then the move listed first. None when
/// no move can be played. `odds` is `forecast`'s answer, one entry per action in the level's
/// order, so an entry's place is its action.
pub fn favourite(odds: &[MoveOdds]) -> Option<u16> {
    odds.iter()
        .enumerate()
        .filter(|(_, o)| o.unavailable.is_none())
        .max_by(|(ia, a), (ib, b)| {
            a.win
                .total_cmp(&b.win)
                .then(b.war.total_cmp(&a.war))
                .then(ib.cmp(ia))
        })
        .map(|(i, _)| i as u16)
}

/// Plays the game on from `s` to its end as a player who follows the forecast: every turn, the
/// move `favourite` picks from a forecast of `rollouts` worlds with `policy` playing on. With
/// `read_estimate` false the forecast draws Pyongyang's type from the level's base rates, not
/// from the analysts' estimate (what the estimate is worth is the difference). The game keeps
/// its analysts, as a player's does.
pub fn follow(
    sc: &Scenario,
    s: &mut GameState,
    policy: &Policy,
    rollouts: u32,
    read_estimate: bool,
    threads: usize,
) {
    while s.outcome.is_none() {
        let worlds = if read_estimate {
            worlds(sc, s, rollouts, 1)
        } else {
            base_rate_worlds(sc, s, rollouts, 1)
        };
        let odds = forecast_in(sc, s, policy, &worlds, threads);
        let a = favourite(&odds).unwrap_or(sc.fallback_action);
        super::turn::resolve_turn(sc, s, a);
    }
}

/// Shares that add up to 1 (a move's win, loss and war) as whole percentages that add up to
/// 100: each rounded down, and the points left over given to the largest remainders (ties to
/// the first), so that a table's row never reads 99% or 101%.
pub fn whole_percentages<const N: usize>(shares: [f64; N]) -> [u32; N] {
    let scaled = shares.map(|x| x.clamp(0.0, 1.0) * 100.0);
    let mut out = scaled.map(|x| x.floor() as u32);
    let total: f64 = scaled.iter().sum();
    let left = (total.round() as u32).saturating_sub(out.iter().sum());
    let mut order: Vec<usize> = (0..N).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (scaled[a] - scaled[a].floor(), scaled[b] - scaled[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in order.iter().take(left as usize) {
        out[i] += 1;
    }
    out
}

/// A chance as a player reads it: a whole percentage, except that a chance above nothing never
/// reads "0%" nor one short of certain "100%" ("<1%", ">99%"). `rounded` is the percentage the
/// chance was given (by `whole_percentages`, or its own rounding).
pub fn percent_text(chance: f64, rounded: u32) -> String {
    if chance > 0.0 && rounded == 0 {
        "<1%".into()
    } else if chance < 1.0 && rounded >= 100 {
        ">99%".into()
    } else {
        format!("{rounded}%")
    }
}

/// `percent_text` for a chance rounded on its own.
pub fn percent(chance: f64) -> String {
    percent_text(chance, (chance.clamp(0.0, 1.0) * 100.0).round() as u32)
}

/// Below this chance of a win for every move, the forecast says its policy may be the wrong
/// line to play on with.
pub const HOPELESS: f64 = 0.05;

/// Whether no playable move of `odds` wins in as much as [`HOPELESS`] of its games: then the
/// line that plays on after the move, not the move, is what loses. Never on the level's last
/// turn (the move alone, no policy playing on), nor with no playable move.
pub fn no_move_wins_often<'a>(odds: impl IntoIterator<Item = &'a MoveOdds>) -> bool {
    let mut playable = odds
        .into_iter()
        .filter(|o| o.unavailable.is_none() && o.rollouts > 0)
        .peekable();
    match playable.peek() {
        Some(first) if first.tension.len() != 1 => playable.all(|o| o.win < HOPELESS),
        _ => false,
    }
}
