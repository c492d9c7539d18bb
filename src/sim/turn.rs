//! One turn of the crisis, as an ordered list of steps written once here. `resolve_turn` runs
//! them in order; the Bevy systems in `game/` run the same steps one system each, in the same
//! order (`TURN_STEPS`), and a test checks both paths give identical logs.

use super::decide::{self, Decision, Evidence, availability};
use super::ledger::{Cause, Ledger};
use super::rng::{Purpose, stream};
use super::state::{GameState, Outcome, WarCause};
use crate::rules::{MAX_ANALYSTS, MAX_DISPOSITIONS, ObjectiveCheck, ObjectiveKind, Scenario, Who};

/// The steps of a turn, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TurnStep {
    /// The player's move: pay its cost, apply its effects, roll for a misreading.
    PlayerMove,
    /// Beijing answers the move.
    Beijing,
    /// Pyongyang answers the move and Beijing's answer.
    Pyongyang,
    /// Incidents and accidents.
    Events,
    /// Delayed effects fall due; the ledger fades.
    Upkeep,
    /// War, objectives, the last turn.
    Outcome,
}

pub const TURN_STEPS: [TurnStep; 6] = [
    TurnStep::PlayerMove,
    TurnStep::Beijing,
    TurnStep::Pyongyang,
    TurnStep::Events,
    TurnStep::Upkeep,
    TurnStep::Outcome,
];

/// At most this many events fire in one turn (more are ignored, in file order).
pub const MAX_EVENTS_PER_TURN: usize = 4;

/// What happened in one turn: the game's log is a list of these.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnRecord {
    pub turn: u32,
    /// The move asked for, and the one taken (the fallback when the asked one was unavailable).
    pub requested: u16,
    pub taken: u16,
    /// Why the move asked for could not be played (None when it was, or it is no action).
    pub unavailable: Option<decide::Unavailable>,
    /// A second move played beside it, with its cost (a team game settled by playing both);
    /// None when it was the same move or could not be played.
    pub also: Option<u16>,
    pub misread: bool,
    pub beijing: Option<Decision>,
    pub pyongyang: Option<Decision>,
    pub events: [Option<u16>; MAX_EVENTS_PER_TURN],
    pub tension_before: f32,
    pub tension_after: f32,
    /// Tension this turn before the ledger faded, as the score's mean and the peak count it
    /// (above `tension_after` when the turn's entries faded, below it when a calming entry did).
    pub tension_height: f32,
    pub rung_after: u8,
    pub outcome: Option<Outcome>,
    /// Each analyst's estimate of the disposition after this turn's evidence.
    pub estimate: [[f32; MAX_DISPOSITIONS]; MAX_ANALYSTS],
}

impl TurnRecord {
    fn new(turn: u32, requested: u16, tension: f32) -> Self {
        TurnRecord {
            turn,
            requested,
            taken: requested,
            unavailable: None,
            also: None,
            misread: false,
            beijing: None,
            pyongyang: None,
            events: [None; MAX_EVENTS_PER_TURN],
            tension_before: tension,
            tension_after: tension,
            tension_height: tension,
            rung_after: 0,
            outcome: None,
            estimate: [[0.0; MAX_DISPOSITIONS]; MAX_ANALYSTS],
        }
    }
    pub fn fired_events(&self) -> impl Iterator<Item = u16> + '_ {
        self.events.iter().flatten().copied()
    }

    /// How many of the events that fired this turn carry any of `tags` (a mask of
    /// `Rules::tag_bit`s): the clashes at the border are those tagged `incident`.
    pub fn events_tagged(&self, sc: &Scenario, tags: u64) -> u32 {
        if tags == 0 {
            return 0;
        }
        self.fired_events()
            .filter(|e| {
                sc.rules
                    .events
                    .get(*e as usize)
                    .is_some_and(|e| e.tags & tags != 0)
            })
            .count() as u32
    }
}

/// Sets up a game of `sc` with `seed`.
pub fn new_game(sc: &Scenario, seed: u64) -> GameState {
    new_game_at(sc, seed, 0)
}

/// A new game at a difficulty (an index into the rules' difficulties; an unknown one is the
/// default): its changes are added to the level's starting values.
pub fn new_game_at(sc: &Scenario, seed: u64, difficulty: u8) -> GameState {
    let mut s = GameState {
        seed,
        turn: 1,
        vars: sc.start.clone(),
        // Room for a game's worth of entries, so the ledger is not regrown turn after turn.
        ledger: Ledger::with_room(32),
        tension: 0.0,
        peak_tension: 0.0,
        turn_peak: 0.0,
        tension_sum: 0.0,
        history: Default::default(),
        recent: Default::default(),
        pending: Vec::new(),
        last_used: vec![0; sc.actions.len()],
        disposition: 0,
        difficulty: 0,
        estimate: [[0.0; MAX_DISPOSITIONS]; MAX_ANALYSTS],
        analysts: 0,
        streaks: Default::default(),
        first_provocation: None,
        outcome: None,
        memo: Default::default(),
    };
    if let Some(d) = sc.rules.difficulties.get(difficulty as usize) {
        s.difficulty = difficulty;
        for (var, amount) in &d.start {
            s.add_var(sc, *var, *amount);
        }
        // Each spread variable's start moves by a whole number of points drawn evenly from
        // -n to n, its own draw of the game's start stream (the k-th for the k-th entry).
        let draws = stream(seed, 0, Purpose::Start);
        for (k, (var, amount)) in d.spread.iter().enumerate() {
            let n = amount.round();
            let shift = (draws.unit_at(k as u64) * (2.0 * n + 1.0))
                .floor()
                .min(2.0 * n)
                - n;
            s.add_var(sc, *var, shift);
        }
    }
    for (i, t) in sc.def.tension.iter().enumerate() {
        s.ledger.add(Cause::Start(i as u16), 0, t.amount, t.decay);
        // Lasting opening entries are the standing baseline: tension never falls below them.
        if t.decay == 0.0 {
            s.ledger.floor += t.amount;
        }
    }
    // Each analyst starts from the level's base rates, tilted by their own leaning.
    let py = &sc.rules.pyongyang;
    for (a, analyst) in py.analysts.iter().enumerate().take(MAX_ANALYSTS) {
        let mut total = 0.0;
        for d in 0..py.dispositions.len().min(MAX_DISPOSITIONS) {
            let base = sc.disposition_chances.get(d).copied().unwrap_or(0.0);
            s.estimate[a][d] = base * analyst.prior.get(d).copied().unwrap_or(1.0);
            total += s.estimate[a][d];
        }
        for x in &mut s.estimate[a] {
            *x /= if total > 0.0 { total } else { 1.0 };
        }
        s.analysts = a as u8 + 1;
    }
    s.tension = s.ledger.tension();
    s.peak_tension = s.tension;
    let total: f32 = sc.disposition_chances.iter().sum();
    if total > 0.0 {
        let mut roll = stream(seed, 0, Purpose::Disposition).unit() * total;
        for (i, c) in sc.disposition_chances.iter().enumerate() {
            s.disposition = i as u8;
            if roll < *c {
                break;
            }
            roll -= c;
        }
    }
    s
}

/// Starts a turn's record. The move is replaced by the fallback when it is unavailable.
pub fn begin_turn(sc: &Scenario, s: &mut GameState, requested: u16) -> TurnRecord {
    begin_turn_as(sc, s, requested, false)
}

/// `begin_turn`; with `playable`, the caller vouches that the move is playable now or is the
/// fallback, and it is not checked again.
#[inline]
fn begin_turn_as(sc: &Scenario, s: &mut GameState, requested: u16, playable: bool) -> TurnRecord {
    let mut rec = TurnRecord::new(s.turn, requested, s.tension);
    let known = (requested as usize) < sc.actions.len();
    debug_assert!(
        !playable
            || requested == sc.fallback_action
            || (known
                && decide::is_available(sc, s, requested, s.truths(&sc.checks.actions.atoms))),
        "a move vouched for as playable is playable or the fallback"
    );
    if !known
        || (!playable
            && !decide::is_available(sc, s, requested, s.truths(&sc.checks.actions.atoms)))
    {
        rec.taken = sc.fallback_action;
        if known {
            rec.unavailable = decide::availability(sc, s, requested).err();
        }
    }
    rec
}

/// Runs one step of the turn.
pub fn run_step(sc: &Scenario, s: &mut GameState, rec: &mut TurnRecord, step: TurnStep) {
    run_step_as::<true>(sc, s, rec, step)
}

/// `run_step`, with the AIs' "why" worked out only when `WHY` (see `decide::decide_as`).
#[inline]
fn run_step_as<const WHY: bool>(
    sc: &Scenario,
    s: &mut GameState,
    rec: &mut TurnRecord,
    step: TurnStep,
) {
    if s.outcome.is_some() {
        return;
    }
    match step {
        TurnStep::PlayerMove => player_move(sc, s, rec),
        TurnStep::Beijing => rec.beijing = Some(ai_move::<WHY>(sc, s, Who::Beijing)),
        TurnStep::Pyongyang => {
            rec.pyongyang = Some(ai_move::<WHY>(sc, s, Who::Pyongyang));
            rec.estimate = s.estimate;
        }
        TurnStep::Events => events(sc, s, rec),
        TurnStep::Upkeep => upkeep(sc, s),
        TurnStep::Outcome => {
            rec.tension_after = s.tension;
            rec.tension_height = s.turn_peak;
            rec.rung_after = s.rung(sc);
            rec.outcome = check_outcome(sc, s);
            // A war on the ladder broke out at the turn's height, before the ledger faded: the
            // turn's record shows that height and its rung, so that the tension the player
            // reads is the tension the war was judged on.
            if let Some(Outcome::War(WarCause::Ladder(rung))) = rec.outcome {
                rec.tension_after = s.turn_peak.max(s.tension);
                rec.rung_after = rung;
            }
            s.outcome = rec.outcome;
            s.turn += 1;
            // The next turn's slot is cleared now, so that between turns every look at the
            // history (availability, policies, the UI) sees the same thing the turn will.
            s.open_history_slot();
        }
    }
}

/// Plays one whole turn with the player's move `requested`.
pub fn resolve_turn(sc: &Scenario, s: &mut GameState, requested: u16) -> TurnRecord {
    resolve_turn_with(sc, s, requested, None)
}

/// Resolves a turn with a second move played beside the first (a team game that plays both
/// teams' moves); `also` is dropped when it is the turn's move or cannot be played now.
pub fn resolve_turn_with(
    sc: &Scenario,
    s: &mut GameState,
    requested: u16,
    also: Option<u16>,
) -> TurnRecord {
    resolve_turn_as::<true>(sc, s, requested, also, false)
}

/// `resolve_turn` for batch runs and forecast rollouts: the same turn, the same state after
/// it, and the same record except that the AIs' decisions name no rules and no runner-up (their
/// "why"; the support is kept, for the batch's counts).
pub fn resolve_turn_quiet(sc: &Scenario, s: &mut GameState, requested: u16) -> TurnRecord {
    resolve_turn_as::<false>(sc, s, requested, None, false)
}

/// `resolve_turn_quiet` for a move a policy chose. With `playable` (the policy
/// `picks_playable`), the move is playable now or the level's fallback, so its availability
/// is not checked again: the same turn as `resolve_turn_quiet` plays for that move.
pub fn resolve_chosen_quiet(
    sc: &Scenario,
    s: &mut GameState,
    chosen: u16,
    playable: bool,
) -> TurnRecord {
    resolve_turn_as::<false>(sc, s, chosen, None, playable)
}

#[inline]
fn resolve_turn_as<const WHY: bool>(
    sc: &Scenario,
    s: &mut GameState,
    requested: u16,
    also: Option<u16>,
    playable: bool,
) -> TurnRecord {
    let mut rec = begin_turn_as(sc, s, requested, playable);
    // Whether the second move can still be played is checked after the first is paid for.
    rec.also = also.filter(|&b| b != rec.taken && (b as usize) < sc.actions.len());
    for step in TURN_STEPS {
        run_step_as::<WHY>(sc, s, &mut rec, step);
    }
    rec
}

fn player_move(sc: &Scenario, s: &mut GameState, rec: &mut TurnRecord) {
    // One roll per turn: a second move is misread on the same roll as the first.
    let mut roll = None;
    for (k, a) in std::iter::once(rec.taken).chain(rec.also).enumerate() {
        // The second move only if it can still be played, its cost included, after the first.
        if k == 1 && availability(sc, s, a).is_err() {
            rec.also = None;
            break;
        }
        let action = &sc.actions[a as usize];
        for (var, amount) in &action.cost {
            s.add_var(sc, *var, -amount);
        }
        s.last_used[a as usize] = s.turn;
        s.record_move(Who::Player, action.tags);
        s.apply(sc, &action.effects, Cause::Action(a));
        if let Some(m) = &action.misreading {
            let roll =
                *roll.get_or_insert_with(|| stream(s.seed, s.turn, Purpose::Misreading).unit());
            if roll < m.chance {
                rec.misread = true;
                s.apply(sc, &m.effects, Cause::Misreading(a));
            }
        }
    }
}

fn ai_move<const WHY: bool>(sc: &Scenario, s: &mut GameState, who: Who) -> Decision {
    let rules = &sc.rules;
    let ai = rules.ai(who);
    let (purpose, scale): (Purpose, &[f32]) = match who {
        Who::Beijing => (Purpose::Beijing, &[]),
        _ => (
            Purpose::Pyongyang,
            ai.dispositions
                .get(s.disposition as usize)
                .map(|d| d.motives.as_slice())
                .unwrap_or(&[]),
        ),
    };
    let rng = stream(s.seed, s.turn, purpose);
    let slot = (who == Who::Pyongyang) as usize;
    let mut memo = s.memo[slot];
    let d = if who == Who::Pyongyang && s.analysts > 0 {
        let mut ev = Evidence::default();
        let d = decide::decide_as::<WHY>(sc, s, ai, scale, &rng, Some(&mut ev), Some(&mut memo));
        update_estimate(sc, s, &ev);
        d
    } else {
        decide::decide_as::<WHY>(sc, s, ai, scale, &rng, None, Some(&mut memo))
    };
    s.memo[slot] = memo;
    let response = &ai.responses[d.response as usize];
    s.record_move(who, response.tags);
    let cause = match who {
        Who::Beijing => Cause::Beijing(d.response),
        _ => Cause::Pyongyang(d.response),
    };
    s.apply(sc, &response.effects, cause);
    if who == Who::Pyongyang
        && s.first_provocation.is_none()
        && response.tags & rules.known.provocation_tag != 0
    {
        s.first_provocation = Some(s.turn);
    }
    d
}

/// Each analyst weighs Pyongyang's choice as evidence: Bayes's rule over the dispositions, with
/// the chance of the choice under each one (that it wins when each possible answer's score gets
/// a draw of noise as wide as the AI's `noise` times the analyst's caution), floored so that
/// one surprise never rules a type out, and a little drift back to the prior.
fn update_estimate(sc: &Scenario, s: &mut GameState, ev: &Evidence) {
    /// The least chance an analyst gives any choice under any disposition.
    const FLOOR: f32 = 0.03;
    /// The share of the prior mixed back in every turn.
    const DRIFT: f32 = 0.04;
    let py = &sc.rules.pyongyang;
    let types = py.dispositions.len().min(MAX_DISPOSITIONS);
    // The chance of the choice under each disposition, as each analyst weighs it.
    let mut scales: [&[f32]; MAX_DISPOSITIONS] = [&[]; MAX_DISPOSITIONS];
    for (scale, disposition) in scales.iter_mut().zip(&py.dispositions) {
        *scale = &disposition.motives;
    }
    let mut widths = [0f32; MAX_ANALYSTS];
    for (width, analyst) in widths.iter_mut().zip(&py.analysts) {
        *width = (py.noise * analyst.caution).max(0.05);
    }
    let analysts = (s.analysts as usize).min(MAX_ANALYSTS);
    let chances = ev.chances(&scales[..types], &widths[..analysts]);
    for (a, analyst) in py.analysts.iter().enumerate().take(analysts) {
        let mut total = 0.0;
        let mut post = [0f32; MAX_DISPOSITIONS];
        for d in 0..types {
            let p = chances[a][d].max(FLOOR);
            post[d] = s.estimate[a][d] * p;
            total += post[d];
        }
        let mut prior = [0f32; MAX_DISPOSITIONS];
        for (d, p) in prior.iter_mut().enumerate().take(types) {
            *p = sc.disposition_chances.get(d).copied().unwrap_or(0.0)
                * analyst.prior.get(d).copied().unwrap_or(1.0);
        }
        let prior_total: f32 = prior.iter().sum();
        for d in 0..types {
            s.estimate[a][d] = (1.0 - DRIFT) * post[d] / total.max(1e-12)
                + DRIFT * prior[d] / prior_total.max(1e-12);
        }
    }
}

fn events(sc: &Scenario, s: &mut GameState, rec: &mut TurnRecord) {
    // Chosen once per turn, not once per event (see `Check::holds_as`).
    if sc.checks.events.any_slow {
        events_in::<true>(sc, s, rec)
    } else {
        events_in::<false>(sc, s, rec)
    }
}

/// `events`, for a level whose events' checks may be slow (`SLOW`) or are not: in the file's
/// order, or in `ScenarioChecks::event_order` where it has one. Each event's roll is its own
/// index's draw, so an event fires on the same roll in either order.
#[inline(always)]
fn events_in<const SLOW: bool>(sc: &Scenario, s: &mut GameState, rec: &mut TurnRecord) {
    let checks = &sc.checks.events.checks;
    let events = &sc.rules.events;
    match &sc.checks.event_order {
        None => try_events::<SLOW>(
            sc,
            s,
            rec,
            events
                .iter()
                .enumerate()
                .zip(checks)
                .map(|((i, e), c)| (i, e, c)),
        ),
        Some(order) => try_events::<SLOW>(
            sc,
            s,
            rec,
            order.iter().filter_map(|&i| {
                Some((i as usize, events.get(i as usize)?, checks.get(i as usize)?))
            }),
        ),
    }
}

/// Tries each of `events` (index, event, its compiled `when`) in turn, as `events` describes.
#[inline(always)]
fn try_events<'a, const SLOW: bool>(
    sc: &'a Scenario,
    s: &mut GameState,
    rec: &mut TurnRecord,
    events: impl Iterator<
        Item = (
            usize,
            &'a crate::rules::model::Event,
            &'a crate::rules::atoms::Check,
        ),
    >,
) {
    let rng = stream(s.seed, s.turn, Purpose::Events);
    let mut fired = 0;
    let checks = &sc.checks.events;
    let mut bits = s.truths(&checks.atoms);
    for (i, e, check) in events {
        if fired >= MAX_EVENTS_PER_TURN
            || !check.holds_as::<SLOW>(bits, || s.holds_all_slow(sc, &e.when))
        {
            continue;
        }
        // Event i's roll is the stream's i-th draw, whichever others are possible.
        let roll = rng.unit_at(i as u64);
        let mut x = e.base;
        for (v, k) in &e.factors {
            x += k * s.value(*v);
        }
        if decide::happens(x, roll) {
            rec.events[fired] = Some(i as u16);
            fired += 1;
            fire_event(sc, s, i as u16);
            // The event changed the state: later events are judged on the new one.
            bits = s.retest(&checks.atoms, &sc.checks.event_touches[i], bits);
        }
    }
}

/// Event `i` happens: it counts as the world's move, and its effects apply.
pub fn fire_event(sc: &Scenario, s: &mut GameState, i: u16) {
    let e = &sc.rules.events[i as usize];
    s.record_move(Who::World, e.tags);
    s.apply(sc, &e.effects, Cause::Event(i));
}

fn upkeep(sc: &Scenario, s: &mut GameState) {
    // Due effects apply in the order they were queued; anything they queue falls due later.
    let mut i = 0;
    while i < s.pending.len() {
        if s.pending[i].due <= s.turn {
            let p = s.pending.remove(i);
            s.apply(sc, &p.effects, p.cause);
        } else {
            i += 1;
        }
    }
    // The peak counts tension at its height this turn, before it fades.
    s.peak_tension = s.peak_tension.max(s.tension);
    s.turn_peak = s.tension;
    s.tension_sum += s.tension;
    s.ledger.decay();
    s.tension = s.ledger.tension();
}

fn check_outcome(sc: &Scenario, s: &mut GameState) -> Option<Outcome> {
    let rules = &sc.rules;
    // War is judged on the turn's height, before the ledger fades.
    let rung = rules.rung_for(s.turn_peak.max(s.tension)) as usize;
    if rules.rungs[rung].war {
        return Some(Outcome::War(WarCause::Ladder(rung as u8)));
    }
    if let Some(w) = rules.known.war
        && s.vars[w as usize] >= 1.0
    {
        return Some(Outcome::War(WarCause::Incident));
    }
    let last = s.turn >= sc.def.turns;
    // Each objective's streak; how its checks are tested is chosen once per turn, not once
    // per objective (see `Check::holds_as`).
    if sc.checks.objectives.any_slow {
        count_streaks::<true>(sc, s);
    } else {
        count_streaks::<false>(sc, s);
    }
    let s = &*s;
    let check = |kind: ObjectiveKind| {
        sc.objectives.iter().enumerate().find(|(i, o)| {
            o.kind == kind
                && (o.check == ObjectiveCheck::Anytime || last)
                && s.turn >= o.not_before
                && s.streaks.get(*i).is_some_and(|n| *n >= o.held_for)
        })
    };
    if let Some((i, _)) = check(ObjectiveKind::Loss) {
        return Some(Outcome::Loss(Some(i as u16)));
    }
    if let Some((i, _)) = check(ObjectiveKind::Win) {
        return Some(Outcome::Win(i as u16));
    }
    last.then_some(Outcome::Loss(None))
}

/// Each objective's streak: the turns in a row its conditions have held, this one included;
/// for objectives whose checks may be slow (`SLOW`) or are not.
#[inline(always)]
fn count_streaks<const SLOW: bool>(sc: &Scenario, s: &mut GameState) {
    let checks = &sc.checks.objectives;
    let bits = s.truths(&checks.atoms);
    for (i, o) in sc.objectives.iter().enumerate().take(s.streaks.len()) {
        s.streaks[i] = if checks.checks[i].holds_as::<SLOW>(bits, || s.holds_all_slow(sc, &o.when))
        {
            s.streaks[i].saturating_add(1)
        } else {
            0
        };
    }
}

/// A score out of 100: the outcome, and how calm the crisis was on average.
pub fn score(sc: &Scenario, s: &GameState) -> u32 {
    ScoreParts::of(sc, s).total()
}

/// The score as the debrief and the report state it: its two parts for a game that reached its
/// end; for one that did not (ended early, or still in progress), no score, since the outcome
/// (up to 60 of the 100 points) is unknown: how the level would have ended after the turns
/// played (`had_it_ended_line`), and the calm so far.
pub fn score_line(sc: &Scenario, s: &GameState) -> String {
    let parts = ScoreParts::of(sc, s);
    let calm = parts.total() as f32 - parts.outcome;
    match s.outcome {
        // The outcome's scale with it: "25 for the outcome" alone did not say that a loss
        // earns 25 whatever kind it is.
        Some(_) => format!(
            "Score {} / 100: {:.0} for the outcome (a win earns {WIN_POINTS:.0}, a loss \
             {LOSS_POINTS:.0}, war {WAR_POINTS:.0}) and {calm:.0} for calm (mean tension {:.0}, \
             each turn at its height)",
            parts.total(),
            parts.outcome,
            parts.mean_tension
        ),
        None => {
            // What a class can set side by side for games the bell or the facilitator ended.
            let had_it_ended = had_it_ended_line(sc, s)
                .map(|line| format!(" · {line}"))
                .unwrap_or_default();
            format!(
                "No score: the game did not reach its end{had_it_ended} · calm so far: mean \
                 tension {:.0} (each turn at its height), worth {calm:.0} of the 40 points for \
                 calm",
                parts.mean_tension
            )
        }
    }
}

/// For a game with no outcome yet (ended early, or still in progress) and a turn played: how
/// the level would have ended after the turns played (`outcome_if_ended_now`), and its score
/// then, as "had it ended after turn 7: a win (A freeze on firm terms), 78 / 100".
pub fn had_it_ended_line(sc: &Scenario, s: &GameState) -> Option<String> {
    let played = s.turn.saturating_sub(1);
    let outcome = outcome_if_ended_now(sc, s).filter(|_| played > 0)?;
    let how = match outcome {
        Outcome::Win(i) => format!("a win ({})", sc.objectives[i as usize].name),
        Outcome::Loss(Some(i)) => format!("a loss ({})", sc.objectives[i as usize].name),
        _ => "a loss (no objective met)".to_string(),
    };
    let mut then = s.clone();
    then.outcome = Some(outcome);
    Some(format!(
        "had it ended after turn {played}: {how}, {} / 100",
        score(sc, &then)
    ))
}

/// How the level would have ended had its last turn been the last one played, for a game with
/// no outcome yet (ended early, or still in progress; None for one that has an outcome): a
/// loss objective that held as long as it must, else such a win, else a loss with no objective
/// met. Every objective is judged as at the level's end, whatever turn it may end the level
/// from, on the streaks the last turn's check counted. Objectives are public, so this tells a
/// class nothing hidden.
pub fn outcome_if_ended_now(sc: &Scenario, s: &GameState) -> Option<Outcome> {
    if s.outcome.is_some() {
        return None;
    }
    let held = |kind: ObjectiveKind| {
        sc.objectives.iter().enumerate().find(|(i, o)| {
            o.kind == kind && s.streaks.get(*i).is_some_and(|n| *n >= o.held_for.max(1))
        })
    };
    Some(
        match (held(ObjectiveKind::Loss), held(ObjectiveKind::Win)) {
            (Some((i, _)), _) => Outcome::Loss(Some(i as u16)),
            (None, Some((i, _))) => Outcome::Win(i as u16),
            (None, None) => Outcome::Loss(None),
        },
    )
}

/// The points an outcome earns, out of the score's 100.
pub const WIN_POINTS: f32 = 60.0;
pub const LOSS_POINTS: f32 = 25.0;
pub const WAR_POINTS: f32 = 0.0;

/// What a score is made of, for the debrief to say: points for the outcome (60 a win, 25 a
/// loss, 0 a war) and for calm (0.4 a point of tension under 100, on the mean over the turns).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreParts {
    pub outcome: f32,
    pub calm: f32,
    /// The mean tension over the turns played.
    pub mean_tension: f32,
}

impl ScoreParts {
    pub fn of(sc: &Scenario, s: &GameState) -> ScoreParts {
        // A game ended before its first turn (the facilitator's "End now") has no turns to
        // average: its calm is the tension it stands at.
        let mean = match s.turn.saturating_sub(1) {
            0 => s.tension,
            played => s.tension_sum / played as f32,
        };
        let outcome = match s.outcome {
            Some(Outcome::Win(_)) => WIN_POINTS,
            Some(Outcome::Loss(_)) | None => LOSS_POINTS,
            Some(Outcome::War(_)) => WAR_POINTS,
        };
        let _ = sc;
        ScoreParts {
            outcome,
            calm: (100.0 - mean).max(0.0) * 0.4,
            mean_tension: mean,
        }
    }

    pub fn total(&self) -> u32 {
        (self.outcome + self.calm).round() as u32
    }
}
