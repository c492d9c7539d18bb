//! The deciders: which player moves are available and why not, and how Pyongyang and Beijing
//! choose a response. An AI scores every response by summing the RON rules that argue for it
//! (weight plus variable factors, scaled by the motive's weight in the drawn disposition), adds a
//! misreading term, and takes the best. The decision keeps the rule that weighed most, so the
//! game can say why.

use super::state::GameState;
use crate::rules::{Ai, Cond, Scenario};
use rand::Rng;

/// At most this many responses per AI and factors per rule are scored (checked at load).
pub use crate::rules::compile::{MAX_FACTORS, MAX_RESPONSES};

/// Why a player action cannot be taken now.
#[derive(Debug, Clone, PartialEq)]
pub enum Unavailable {
    /// A requirement does not hold (index into the action's `requires`).
    Requires(usize),
    /// A cost cannot be paid (index into the action's `cost`).
    Cost(usize),
    /// Taken too recently: available again on this turn.
    Cooldown(u32),
    /// The game is over.
    GameOver,
}

/// Whether action `a` can be taken now.
pub fn availability(sc: &Scenario, s: &GameState, a: u16) -> Result<(), Unavailable> {
    if s.outcome.is_some() {
        return Err(Unavailable::GameOver);
    }
    let action = &sc.actions[a as usize];
    let last = s.last_used[a as usize];
    if action.cooldown > 0 && last > 0 && s.turn <= last + action.cooldown as u32 {
        return Err(Unavailable::Cooldown(last + action.cooldown as u32 + 1));
    }
    for (i, (var, amount)) in action.cost.iter().enumerate() {
        if s.vars[*var as usize] < *amount {
            return Err(Unavailable::Cost(i));
        }
    }
    for (i, c) in action.requires.iter().enumerate() {
        if !s.holds(sc, c) {
            return Err(Unavailable::Requires(i));
        }
    }
    Ok(())
}

/// A player-facing reason for `Unavailable`.
pub fn explain_unavailable(sc: &Scenario, a: u16, why: &Unavailable) -> String {
    let action = &sc.actions[a as usize];
    let rules = &sc.rules;
    match why {
        Unavailable::Requires(i) => format!(
            "needs {}",
            rules.describe(&action.requires[*i], sc.def.beijing_stance)
        ),
        Unavailable::Cost(i) => {
            let (var, amount) = action.cost[*i];
            let info = &rules.vars[var as usize];
            format!(
                "costs {amount:.0} {} of {}",
                info.name.to_lowercase(),
                rules.actors[info.actor].name
            )
        }
        Unavailable::Cooldown(turn) => format!("used recently; available again on turn {turn}"),
        Unavailable::GameOver => "the game is over".into(),
    }
}

/// What an AI chose and why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    pub response: u16,
    /// The rule that added most to the chosen response's score (None: only noise).
    pub rule: Option<u16>,
    /// That rule's parts: its weight, then each factor's contribution, before the motive scale.
    pub weight: f32,
    pub factor_parts: [f32; MAX_FACTORS],
    /// The disposition's multiplier on that rule's motive.
    pub motive_scale: f32,
    /// The chosen response's total score, noise included, and the noise in it.
    pub score: f32,
    pub noise: f32,
    /// The next best response and its score.
    pub runner_up: Option<(u16, f32)>,
}

/// Scores every response of `ai` and picks the best.
pub fn decide(
    sc: &Scenario,
    s: &GameState,
    ai: &Ai,
    motive_scale: &[f32],
    rng: &mut impl Rng,
) -> Decision {
    let n = ai.responses.len().min(MAX_RESPONSES);
    let mut scores = [0f32; MAX_RESPONSES];
    let mut best_rule: [Option<(u16, f32)>; MAX_RESPONSES] = [None; MAX_RESPONSES];
    for (ri, rule) in ai.rules.iter().enumerate() {
        if !s.holds_all(sc, &rule.when) {
            continue;
        }
        let mut c = rule.weight;
        for (v, k) in &rule.factors {
            c += k * s.value(*v);
        }
        c *= motive_scale
            .get(rule.motive as usize)
            .copied()
            .unwrap_or(1.0);
        let r = rule.response as usize;
        scores[r] += c;
        if best_rule[r].is_none_or(|(_, bc)| c > bc) {
            best_rule[r] = Some((ri as u16, c));
        }
    }
    let mut best: Option<(u16, f32, f32)> = None;
    let mut runner_up: Option<(u16, f32)> = None;
    for (r, response) in ai.responses.iter().enumerate().take(n) {
        // Draw the noise for every response, available or not, so availability does not shift
        // the draws of the others.
        let noise = ai.noise * rng.random::<f32>();
        if !s.holds_all(sc, &response.requires) {
            continue;
        }
        let total = scores[r] + noise;
        match best {
            Some((_, bt, _)) if total <= bt => {
                if runner_up.is_none_or(|(_, rt)| total > rt) {
                    runner_up = Some((r as u16, total));
                }
            }
            _ => {
                if let Some((b, bt, _)) = best {
                    runner_up = Some((b, bt));
                }
                best = Some((r as u16, total, noise));
            }
        }
    }
    let (response, score, noise) = best.unwrap_or((0, 0.0, 0.0));
    let rule = best_rule[response as usize].map(|(r, _)| r);
    let (weight, factor_parts, scale) = match rule {
        Some(r) => {
            let rule = &ai.rules[r as usize];
            let mut parts = [0f32; MAX_FACTORS];
            for (i, (v, k)) in rule.factors.iter().take(MAX_FACTORS).enumerate() {
                parts[i] = k * s.value(*v);
            }
            let scale = motive_scale
                .get(rule.motive as usize)
                .copied()
                .unwrap_or(1.0);
            (rule.weight, parts, scale)
        }
        None => (0.0, [0.0; MAX_FACTORS], 1.0),
    };
    Decision {
        response,
        rule,
        weight,
        factor_parts,
        motive_scale: scale,
        score,
        noise,
        runner_up,
    }
}

/// True when every condition holds (a helper for policies and the UI).
pub fn all_hold(sc: &Scenario, s: &GameState, conds: &[Cond]) -> bool {
    s.holds_all(sc, conds)
}
