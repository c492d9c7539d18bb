//! How far a game stands from each of its level's objectives, as the player may see it: each
//! win's conditions, which of them hold now, and the value each asks about where the player can
//! read it. The dashboard's objectives panel and the debrief's "closest win" read it.
//!
//! Only what the player can already see is judged: the tension, the turn, moves, and the
//! variables in plain view: those marked `key` in `actors.ron` (the actors' panels), those with
//! a `flag` phrase (public facts, such as Pyongyang's force declared complete), and the
//! shared facts of the `world` actor (counts of tests and launches, flags such as "hotline
//! open", which the news and the facts line report). A condition over any other variable (an
//! actor's inner state, such as Pyongyang's threat perception) is listed in the briefing's words
//! but never marked met or unmet, so a level whose objective reads one does not leak it.

use super::GameState;
use crate::rules::{Cond, Eff, ObjectiveKind, Scenario, VarRef};

/// One condition of an objective, for the player.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionProgress {
    /// In the briefing's words: "tension 30 or less".
    pub text: String,
    /// Whether it holds as of the last check; None for one the player cannot see.
    pub holds: Option<bool>,
    /// The value it asks about, when that is a number the player can read (not a yes-or-no
    /// fact): "tension 30 or less" carries the tension now.
    pub now: Option<f32>,
    /// How far the value it asks about stands from meeting it, as a share of the value's range
    /// (0 once met); None where there is no such value.
    pub distance: Option<f32>,
    /// How the value it asks about comes and goes, from the variable's `hint` in `actors.ron`.
    pub hint: Option<String>,
    /// It does not hold, and nothing left in the level can make it hold again: a number in
    /// plain view that no effect can raise (or lower) back past its bound, or a turn gone by.
    pub gone: bool,
    /// It holds, some effect left in the level can break it, and once broken nothing can make
    /// it hold again (2013's idle reactor, once restarted): what a player most needs warning of.
    /// Not when breaking it is a loss of its own (2013's fourth nuclear test), which the losses
    /// already name.
    pub at_stake: bool,
}

/// One objective, for the player.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveProgress {
    pub name: String,
    pub kind: ObjectiveKind,
    /// When it is judged, as the briefing says it: " (at the end)", or "".
    pub timing: String,
    pub conditions: Vec<ConditionProgress>,
    /// For one that must hold some turns running, every condition in plain view: the turns it
    /// has held so far (0 when it does not hold now) and the turns it needs.
    pub streak: Option<(u8, u8)>,
    /// It holds now and, held through the next turn too, is met then (counted turns, the first
    /// turn it may count on): for a win, the level ends won after the next turn if nothing
    /// changes. Only when every condition is in plain view.
    pub met_next_turn: bool,
}

impl ObjectiveProgress {
    /// The conditions known to hold, and those the player can judge.
    pub fn met(&self) -> (usize, usize) {
        let seen = self.conditions.iter().filter(|c| c.holds.is_some());
        let met = seen.clone().filter(|c| c.holds == Some(true)).count();
        (met, seen.count())
    }

    /// The conditions known not to hold, in the level's order.
    pub fn unmet(&self) -> impl Iterator<Item = &ConditionProgress> {
        self.conditions.iter().filter(|c| c.holds == Some(false))
    }

    /// A condition that can never hold again, if it has one: the objective is out of reach.
    pub fn gone(&self) -> Option<&ConditionProgress> {
        self.conditions.iter().find(|c| c.gone)
    }
}

impl ConditionProgress {
    /// "tension 30 or less (now 47)", or the text alone. A value between whole numbers keeps
    /// its tenth, as the gauge shows it: "30 or less (now 30)" for 30.5 would contradict itself.
    pub fn with_value(&self) -> String {
        match self.now {
            Some(x) if x.fract() == 0.0 => format!("{} (now {x:.0})", self.text),
            Some(x) => format!("{} (now {x:.1})", self.text),
            None => self.text.clone(),
        }
    }
}

/// The state as the last objective check judged it: a game between turns has moved on to the
/// next turn's number, so its windows of recent moves are taken back one turn. Before the first
/// turn, the opening state.
pub fn as_last_judged(s: &GameState) -> GameState {
    let mut at = s.clone();
    if at.turn > 1 {
        at.turn -= 1;
        at.recent = at.recent_from_history();
    }
    at
}

/// Every objective of the level, in its order, as the player may see it now.
pub fn objective_progress(sc: &Scenario, s: &GameState) -> Vec<ObjectiveProgress> {
    let at = as_last_judged(s);
    let stance = sc.def.beijing_stance;
    sc.objectives
        .iter()
        .enumerate()
        .map(|(i, o)| {
            // Only what the player could work out: every condition in plain view.
            let seen = o.when.iter().all(|c| visible(sc, c));
            let held = at.streaks.get(i).copied().unwrap_or(0);
            let holds_now = seen && o.when.iter().all(|c| at.holds(sc, c));
            // The next check is at the end of turn `s.turn`.
            let met_next_turn = holds_now
                && (o.check == crate::rules::ObjectiveCheck::Anytime || s.turn >= sc.def.turns)
                && held.saturating_add(1) >= o.held_for
                && s.turn >= o.not_before
                && s.turn <= sc.def.turns
                && s.outcome.is_none();
            let streak =
                (seen && o.held_for > 1).then_some((if holds_now { held } else { 0 }, o.held_for));
            ObjectiveProgress {
                name: o.name.clone(),
                kind: o.kind,
                timing: o.timing(),
                streak,
                met_next_turn,
                conditions: o
                    .when
                    .iter()
                    .map(|c| {
                        let asked = number_asked(sc, c);
                        let holds = visible(sc, c).then(|| at.holds(sc, c));
                        ConditionProgress {
                            text: sc.rules.describe(c, stance),
                            holds,
                            gone: holds == Some(false) && out_of_reach(sc, s, c, read(&at, c)),
                            at_stake: holds == Some(true)
                                && lost_for_good_if_broken(sc, s, c)
                                && !a_loss_names_the_break(sc, c),
                            now: asked.map(|v| at.value(v)),
                            distance: asked.and_then(|v| distance(sc, c, at.value(v))),
                            hint: variable_of(c)
                                .and_then(|i| sc.rules.vars[i as usize].hint.clone()),
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A condition of a win that holds now which a move's own doing would undo: its cost and its
/// plain changes to figures in plain view, before any answer, event or drift. "Washington
/// credibility 50 or more", 51 now, 48 after the move.
#[derive(Debug, Clone, PartialEq)]
pub struct Undone {
    /// The win's name.
    pub win: String,
    /// The condition, in the briefing's words.
    pub condition: String,
    pub now: f32,
    pub after: f32,
}

/// The conditions of wins that hold now which `action`'s cost and its own effects would undo
/// (the "Expected effects" the card lists, played on their own), for the wins this turn can
/// decide: one judged at the end, on the last turn; one judged any time, once it may count.
/// Only plain thresholds on figures in plain view are judged (not the tension, which the
/// ledger fades before the outcome), and only the effects that always come (not those behind
/// an `If`, nor delayed ones), so the warning tells nothing the card's effects and the figures
/// do not show already. Earlier, a drop a later turn can make good is no loss: warning of it
/// would steer a player off good opening moves.
pub fn conditions_a_move_undoes(sc: &Scenario, s: &GameState, action: u16) -> Vec<Undone> {
    let Some(a) = sc.actions.get(action as usize) else {
        return Vec::new();
    };
    let mut after = s.clone();
    for (var, amount) in &a.cost {
        after.add_var(sc, *var, -amount);
    }
    for e in &a.effects {
        match e {
            Eff::Add(i, d) => after.add_var(sc, *i, *d),
            Eff::Set(i, x) => after.set_var(sc, *i, *x),
            Eff::Tension { .. } | Eff::Later { .. } | Eff::If { .. } => {}
        }
    }
    let stance = sc.def.beijing_stance;
    let mut undone = Vec::new();
    let decidable = |o: &&crate::rules::Objective| match o.check {
        crate::rules::ObjectiveCheck::AtEnd => s.turn >= sc.def.turns,
        crate::rules::ObjectiveCheck::Anytime => s.turn >= o.not_before,
    };
    let wins = sc
        .objectives
        .iter()
        .filter(|o| o.kind == ObjectiveKind::Win);
    for o in wins.filter(decidable) {
        for c in &o.when {
            let plain = match c {
                Cond::AtLeast(VarRef::Var(i), _) | Cond::AtMost(VarRef::Var(i), _) => {
                    in_plain_view(sc, *i)
                }
                _ => false,
            };
            if plain
                && s.holds(sc, c)
                && !after.holds(sc, c)
                && let (Some(now), Some(then)) = (read(s, c), read(&after, c))
            {
                undone.push(Undone {
                    win: o.name.clone(),
                    condition: sc.rules.describe(c, stance),
                    now,
                    after: then,
                });
            }
        }
    }
    undone
}

/// The number a plain threshold reads, now.
fn read(at: &GameState, c: &Cond) -> Option<f32> {
    match c {
        Cond::AtLeast(v, _) | Cond::AtMost(v, _) => Some(at.value(*v)),
        _ => None,
    }
}

/// Whether condition `c`, not holding in `s`, can never hold again in this game (see
/// `out_of_reach`): such as 2013's idle reactor, once restarted.
pub fn lost_for_good(sc: &Scenario, s: &GameState, c: &Cond) -> bool {
    !s.holds(sc, c) && out_of_reach(sc, s, c, read(s, c))
}

/// Whether a plain threshold that does not hold now can never hold again in this game: the
/// turn has gone past an "at most", or no effect left (the level's actions, both AIs' answers,
/// events, injects, and effects already queued) can move the variable back across its bound.
/// Conservative: any other condition (moves, rungs, tension, `Any`, `Not`) may come back.
fn out_of_reach(sc: &Scenario, s: &GameState, c: &Cond, now: Option<f32>) -> bool {
    let Some(now) = now else {
        return false;
    };
    match c {
        Cond::AtMost(VarRef::Turn, _) => true,
        Cond::AtLeast(VarRef::Var(i), _) => !can_move(sc, s, *i, &|x| x > now, &|a| a > 0.0),
        Cond::AtMost(VarRef::Var(i), _) => !can_move(sc, s, *i, &|x| x < now, &|a| a < 0.0),
        _ => false,
    }
}

/// Whether a threshold on a variable that holds now can be broken by an effect left in the
/// game, and never mended: an effect can move it across its bound one way and none the other.
fn lost_for_good_if_broken(sc: &Scenario, s: &GameState, c: &Cond) -> bool {
    match c {
        Cond::AtLeast(VarRef::Var(i), t) => {
            can_move(sc, s, *i, &|x| x < *t, &|a| a < 0.0)
                && !can_move(sc, s, *i, &|x| x >= *t, &|a| a > 0.0)
        }
        Cond::AtMost(VarRef::Var(i), t) => {
            can_move(sc, s, *i, &|x| x > *t, &|a| a > 0.0)
                && !can_move(sc, s, *i, &|x| x <= *t, &|a| a < 0.0)
        }
        _ => false,
    }
}

/// Whether a loss of the level is this threshold broken: an objective of one condition on
/// the same variable, the other way (a win's "nuclear tests 3 or less" and the loss "nuclear
/// tests 4+").
fn a_loss_names_the_break(sc: &Scenario, c: &Cond) -> bool {
    sc.objectives
        .iter()
        .filter(|o| o.kind == ObjectiveKind::Loss)
        .any(|o| match (c, o.when.as_slice()) {
            (Cond::AtLeast(v, _), [Cond::AtMost(w, _)])
            | (Cond::AtMost(v, _), [Cond::AtLeast(w, _)]) => v == w,
            _ => false,
        })
}

/// Whether any effect left in the game can move variable `i`: a `Set` to a value `set_ok`
/// accepts, or an `Add` of an amount `add_ok` accepts.
fn can_move(
    sc: &Scenario,
    s: &GameState,
    i: crate::rules::VarIdx,
    set_ok: &dyn Fn(f32) -> bool,
    add_ok: &dyn Fn(f32) -> bool,
) -> bool {
    fn any(
        list: &[Eff],
        i: crate::rules::VarIdx,
        set_ok: &dyn Fn(f32) -> bool,
        add_ok: &dyn Fn(f32) -> bool,
    ) -> bool {
        list.iter().any(|e| match e {
            Eff::Add(v, a) => *v == i && add_ok(*a),
            Eff::Set(v, x) => *v == i && set_ok(*x),
            Eff::Tension { .. } => false,
            Eff::Later { effects, .. } => any(effects, i, set_ok, add_ok),
            Eff::If {
                then, otherwise, ..
            } => any(then, i, set_ok, add_ok) || any(otherwise, i, set_ok, add_ok),
        })
    }
    let rules = &sc.rules;
    sc.actions.iter().any(|a| {
        any(&a.effects, i, set_ok, add_ok)
            || a.misreading
                .as_ref()
                .is_some_and(|m| any(&m.effects, i, set_ok, add_ok))
    }) || [&rules.pyongyang, &rules.beijing]
        .iter()
        .flat_map(|ai| &ai.responses)
        .any(|r| any(&r.effects, i, set_ok, add_ok))
        || rules
            .events
            .iter()
            .any(|e| any(&e.effects, i, set_ok, add_ok))
        || sc
            .injects
            .iter()
            .any(|x| any(&x.effects, i, set_ok, add_ok))
        || s.pending.iter().any(|p| any(&p.effects, i, set_ok, add_ok))
}

/// Whether the player can judge a condition from what the screens show: every variable it
/// reads is in plain view (`in_plain_view`), or is the tension, the turn or the analysts'
/// estimate. Moves, rungs and Beijing's stance are in plain view too.
fn visible(sc: &Scenario, c: &Cond) -> bool {
    let shown = |v: &VarRef| match v {
        VarRef::Tension | VarRef::Turn => true,
        VarRef::Var(i) => in_plain_view(sc, *i),
        // The analysts' estimate is on the dashboard.
        VarRef::Estimate(_) => true,
    };
    match c {
        Cond::AtLeast(v, _) | Cond::AtMost(v, _) => shown(v),
        Cond::RungAtLeast(_) | Cond::RungBelow(_) | Cond::Stance(_) | Cond::Did { .. } => true,
        Cond::Any(list) => list.iter().all(|c| visible(sc, c)),
        Cond::Not(c) => visible(sc, c),
    }
}

/// A variable the player can read: shown in an actor's panel (`key`), a public fact (one with
/// a `flag` phrase), or one of the crisis's shared facts (the `world` actor's).
fn in_plain_view(sc: &Scenario, i: crate::rules::VarIdx) -> bool {
    let info = &sc.rules.vars[i as usize];
    let world = sc
        .rules
        .actors
        .get(info.actor)
        .is_some_and(|a| crate::rules::Who::from_id(&a.id) == Some(crate::rules::Who::World));
    // A hidden variable is out of view whatever its actor.
    !info.hidden && (info.key || info.flag.is_some() || world)
}

/// The number a plain threshold asks about, when the player can read it and it is a number
/// rather than a yes-or-no fact; for a rung, the tension.
fn number_asked(sc: &Scenario, c: &Cond) -> Option<VarRef> {
    let v = match c {
        Cond::AtLeast(v, _) | Cond::AtMost(v, _) => *v,
        Cond::RungAtLeast(_) | Cond::RungBelow(_) => VarRef::Tension,
        _ => return None,
    };
    match v {
        VarRef::Tension => Some(v),
        VarRef::Var(i) => {
            (in_plain_view(sc, i) && sc.rules.vars[i as usize].max > 1.0).then_some(v)
        }
        VarRef::Turn | VarRef::Estimate(_) => None,
    }
}

/// How far `now` stands from meeting a threshold, as a share of its variable's range (0 once
/// met); None for any other condition.
fn distance(sc: &Scenario, c: &Cond, now: f32) -> Option<f32> {
    let range = |v: &VarRef| match v {
        VarRef::Var(i) => {
            let info = &sc.rules.vars[*i as usize];
            (info.max - info.min).max(1.0)
        }
        _ => 100.0,
    };
    match c {
        Cond::AtLeast(v, x) => Some((x - now).max(0.0) / range(v)),
        Cond::AtMost(v, x) => Some((now - x).max(0.0) / range(v)),
        Cond::RungAtLeast(r) => Some((sc.rules.rungs[*r as usize].from - now).max(0.0) / 100.0),
        _ => None,
    }
}

/// The variable a plain condition reads, through a `Not`.
fn variable_of(c: &Cond) -> Option<crate::rules::VarIdx> {
    match c {
        Cond::AtLeast(VarRef::Var(i), _) | Cond::AtMost(VarRef::Var(i), _) => Some(*i),
        Cond::Not(c) => variable_of(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::ConditionProgress;

    /// The objectives panel quotes the value a condition asks about: a tension of 30.5 against
    /// "30 or less" must not read "(now 30)", which would say the condition holds.
    #[test]
    fn a_value_between_whole_numbers_keeps_its_tenth() {
        let at = |now: f32| ConditionProgress {
            text: "tension 30 or less".into(),
            holds: Some(false),
            now: Some(now),
            distance: None,
            hint: None,
            gone: false,
            at_stake: false,
        };
        assert_eq!(at(30.5).with_value(), "tension 30 or less (now 30.5)");
        assert_eq!(at(34.0).with_value(), "tension 30 or less (now 34)");
        assert_eq!(at(12.25).with_value(), "tension 30 or less (now 12.2)");
    }
}
