//! The deciders: which player moves are available and why not, and how Pyongyang and Beijing
//! choose a response. An AI scores every response by summing the RON rules that argue for it
//! (weight plus variable factors, scaled by the motive's weight in the drawn disposition), adds a
//! misreading term, and takes the best. The decision keeps the rules that argued most (ranked
//! before the hidden weighting, so the "why" does not betray the disposition), and can hand an
//! analyst the evidence to update an estimate of that disposition.

use super::state::GameState;
use crate::rules::{Ai, Cond, Scenario};
use rand::Rng;

/// At most this many responses per AI and factors per rule are scored (checked at load).
pub use crate::rules::compile::{MAX_FACTORS, MAX_MOTIVES, MAX_RESPONSES, MAX_RULES};

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

/// What an AI chose and why. Nothing here depends on the hidden disposition except the choice
/// itself and its score: the rules named are ranked by what they argue before the
/// disposition's weighting, so the "why" never gives the type away.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    pub response: u16,
    /// The rule that argued most for the chosen response (None: only noise).
    pub rule: Option<u16>,
    /// The rule that argued next most for it.
    pub second: Option<u16>,
    /// The first rule's parts: its weight, then each factor's contribution.
    pub weight: f32,
    pub factor_parts: [f32; MAX_FACTORS],
    /// The chosen response's total score, noise included, and the noise in it.
    pub score: f32,
    pub noise: f32,
    /// The next best response and its score.
    pub runner_up: Option<(u16, f32)>,
    /// Every rule whose conditions held and that argued for the chosen response (bit = index).
    pub support: u128,
}

/// What an observer needs to weigh one decision as evidence about the hidden disposition: each
/// response's score split by motive, and which responses were possible.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub by_motive: [[f32; MAX_MOTIVES]; MAX_RESPONSES],
    pub available: u32,
}

impl Default for Evidence {
    fn default() -> Self {
        Evidence {
            by_motive: [[0.0; MAX_MOTIVES]; MAX_RESPONSES],
            available: 0,
        }
    }
}

impl Evidence {
    /// Each possible response's score for an AI weighting motives by `scale`, and the highest.
    pub fn scores(&self, scale: &[f32]) -> ([f32; MAX_RESPONSES], f32) {
        let mut scores = [0f32; MAX_RESPONSES];
        let mut max = f32::NEG_INFINITY;
        let mut bits = self.available;
        while bits != 0 {
            let r = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let s: f32 = self.by_motive[r]
                .iter()
                .zip(scale)
                .map(|(x, k)| x * k)
                .sum();
            scores[r] = s;
            max = max.max(s);
        }
        (scores, max)
    }

    /// The chance (softmax at temperature `tau`) of `chosen` given `scores` from `scores()`.
    pub fn softmax(&self, scores: &([f32; MAX_RESPONSES], f32), chosen: u16, tau: f32) -> f32 {
        if self.available & (1 << chosen) == 0 {
            return 0.0;
        }
        let (scores, max) = scores;
        let inv = 1.0 / tau;
        let mut denom = 0.0;
        let mut bits = self.available;
        while bits != 0 {
            let r = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            denom += ((scores[r] - max) * inv).exp();
        }
        ((scores[chosen as usize] - max) * inv).exp() / denom.max(1e-12)
    }
}

/// Scores every response of `ai` and picks the best. When `evidence` is given it is filled
/// with the per-motive scores an analyst needs.
pub fn decide(
    sc: &Scenario,
    s: &GameState,
    ai: &Ai,
    motive_scale: &[f32],
    rng: &mut impl Rng,
    mut evidence: Option<&mut Evidence>,
) -> Decision {
    let n = ai.responses.len().min(MAX_RESPONSES);
    let mut scores = [0f32; MAX_RESPONSES];
    // Per response: the two rules that argue most for it before the disposition's weighting.
    let mut top: [[Option<(u16, f32)>; 2]; MAX_RESPONSES] = [[None; 2]; MAX_RESPONSES];
    let mut support = [0u128; MAX_RESPONSES];
    if let Some(ev) = evidence.as_deref_mut() {
        for row in &mut ev.by_motive[..n] {
            *row = [0.0; MAX_MOTIVES];
        }
        ev.available = 0;
    }
    for (ri, rule) in ai.rules.iter().enumerate().take(MAX_RULES) {
        if !s.holds_all(sc, &rule.when) {
            continue;
        }
        let mut c = rule.weight;
        for (v, k) in &rule.factors {
            c += k * s.value(*v);
        }
        let r = rule.response as usize;
        let m = rule.motive as usize;
        scores[r] += c * motive_scale.get(m).copied().unwrap_or(1.0);
        if let Some(ev) = evidence.as_deref_mut()
            && m < MAX_MOTIVES
        {
            ev.by_motive[r][m] += c;
        }
        support[r] |= 1u128 << ri;
        let slot = &mut top[r];
        if slot[0].is_none_or(|(_, bc)| c > bc) {
            slot[1] = slot[0];
            slot[0] = Some((ri as u16, c));
        } else if slot[1].is_none_or(|(_, bc)| c > bc) {
            slot[1] = Some((ri as u16, c));
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
        if let Some(ev) = evidence.as_deref_mut() {
            ev.available |= 1 << r;
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
    let [first, second] = top[response as usize];
    let rule = first.map(|(r, _)| r);
    let (weight, factor_parts) = match rule {
        Some(r) => {
            let rule = &ai.rules[r as usize];
            let mut parts = [0f32; MAX_FACTORS];
            for (i, (v, k)) in rule.factors.iter().take(MAX_FACTORS).enumerate() {
                parts[i] = k * s.value(*v);
            }
            (rule.weight, parts)
        }
        None => (0.0, [0.0; MAX_FACTORS]),
    };
    Decision {
        response,
        rule,
        second: second.map(|(r, _)| r),
        weight,
        factor_parts,
        score,
        noise,
        runner_up,
        support: support[response as usize],
    }
}

/// True when every condition holds (a helper for policies and the UI).
pub fn all_hold(sc: &Scenario, s: &GameState, conds: &[Cond]) -> bool {
    s.holds_all(sc, conds)
}
