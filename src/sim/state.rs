//! The state of one game and the two primitives everything else is built from: testing a
//! condition against the state, and applying an effect to it. Plain data, cheap to clone.

use super::decide::DecideMemo;
use super::ledger::{Cause, Ledger};
use crate::rules::atoms::{Atom, AtomSet};
use crate::rules::{
    Cond, Eff, MAX_ANALYSTS, MAX_DISPOSITIONS, MAX_OBJECTIVES, Scenario, VarRef, Who,
};
use std::sync::Arc;

/// How many past turns the move history keeps (conditions look back at most 8).
pub const HISTORY: usize = 9;
/// The windows `recent` keeps: every look-back a condition may ask for (1 to 8 turns).
pub const WINDOWS: usize = crate::rules::compile::MAX_WITHIN as usize;

/// Effects waiting to happen at the end of a later turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub due: u32,
    pub cause: Cause,
    pub effects: Arc<[Eff]>,
}

/// How a game ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A Win objective was met (index into the scenario's objectives).
    Win(u16),
    /// A Loss objective was met, or (None) the last turn passed with no win.
    Loss(Option<u16>),
    /// War broke out.
    War(WarCause),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarCause {
    /// Tension reached a rung marked `war` (its index).
    Ladder(u8),
    /// `world.war` was set by a move or an event.
    Incident,
}

impl Outcome {
    pub fn is_win(self) -> bool {
        matches!(self, Outcome::Win(_))
    }
    pub fn is_war(self) -> bool {
        matches!(self, Outcome::War(_))
    }
}

/// Everything that changes during a game.
#[derive(Debug, Clone, PartialEq)]
pub struct GameState {
    pub seed: u64,
    /// The turn being played (1-based); after the last turn, `turns + 1`.
    pub turn: u32,
    pub vars: Vec<f32>,
    pub ledger: Ledger,
    /// Tension as of the last change to the ledger.
    pub tension: f32,
    pub peak_tension: f32,
    /// Tension at its height this turn, before the ledger faded (what the war check reads).
    pub turn_peak: f32,
    pub tension_sum: f32,
    /// Tags of each actor's moves per turn, indexed by `turn % HISTORY`.
    pub history: [[u64; Who::COUNT]; HISTORY],
    /// `recent[w - 1][who]`: the tags of every move `who` made in the last `w` turns, this one
    /// included, all together; kept up to date with `history`, for the "did it at least once
    /// lately" conditions that a turn tests dozens of times.
    pub recent: [[u64; Who::COUNT]; WINDOWS],
    pub pending: Vec<Pending>,
    /// Turn each action was last taken (0 = never), for cooldowns.
    pub last_used: Vec<u32>,
    /// Pyongyang's hidden disposition, drawn at the start.
    pub disposition: u8,
    /// The difficulty the game was started at (index into the rules' difficulties).
    pub difficulty: u8,
    /// Each analyst's probability for each disposition: the player's evidence.
    pub estimate: [[f32; MAX_DISPOSITIONS]; MAX_ANALYSTS],
    /// How many analysts the rules define (rows of `estimate` in use).
    pub analysts: u8,
    /// Turns in a row each objective's conditions have held.
    pub streaks: [u8; MAX_OBJECTIVES],
    pub first_provocation: Option<u32>,
    pub outcome: Option<Outcome>,
    /// What Beijing's decider (0) and Pyongyang's (1) found at their last decision, so that
    /// the next tests again only what changed: a cache, equal in every state
    /// (`decide::DecideMemo`).
    pub memo: [DecideMemo; 2],
}

impl GameState {
    #[inline]
    pub fn value(&self, v: VarRef) -> f32 {
        match v {
            VarRef::Tension => self.tension,
            VarRef::Turn => self.turn as f32,
            VarRef::Var(i) => self.vars[i as usize],
            VarRef::Estimate(d) => self.consensus(d as usize) * 100.0,
        }
    }

    /// The analysts' mean probability (0 to 1) for disposition `d`.
    pub fn consensus(&self, d: usize) -> f32 {
        let n = self.analysts as usize;
        if n == 0 || d >= MAX_DISPOSITIONS {
            return 0.0;
        }
        self.estimate[..n].iter().map(|row| row[d]).sum::<f32>() / n as f32
    }

    pub fn rung(&self, sc: &Scenario) -> u8 {
        sc.rules.rung_for(self.tension)
    }

    #[inline]
    pub fn holds_all(&self, sc: &Scenario, conds: &[Cond]) -> bool {
        conds.iter().all(|c| self.holds(sc, c))
    }

    /// `holds_all` kept out of line: the interpreter's answer for the rare lists that compiled
    /// masks cannot decide (`Check::holds`), so the fast paths around it stay small.
    #[inline(never)]
    pub fn holds_all_slow(&self, sc: &Scenario, conds: &[Cond]) -> bool {
        self.holds_all(sc, conds)
    }

    /// Whether a condition holds now. The common, flat conditions are tested inline; lists
    /// (`Any`) and negations go through `holds_nested`, kept out of line so the hot loops stay
    /// small.
    #[inline]
    pub fn holds(&self, sc: &Scenario, cond: &Cond) -> bool {
        match cond {
            Cond::AtLeast(v, x) => self.value(*v) >= *x,
            Cond::AtMost(v, x) => self.value(*v) <= *x,
            // Rungs climb strictly, so "at rung r or higher" is "tension at r's floor or more".
            Cond::RungAtLeast(r) => *r == 0 || self.tension >= sc.rules.rungs[*r as usize].from,
            Cond::RungBelow(r) => *r != 0 && self.tension < sc.rules.rungs[*r as usize].from,
            Cond::Stance(s) => sc.def.beijing_stance == *s,
            Cond::Did {
                who,
                tags,
                within,
                at_least,
            } => self.did_at_least(*who, *tags, *within, *at_least as u32),
            Cond::Any(_) | Cond::Not(_) => self.holds_nested(sc, cond),
        }
    }

    /// Which atoms of `set` hold now, as a bit set in the set's bit order (see `atoms.rs`),
    /// with the bits of its `Any` groups after them (`AtomSet::with_groups`). Atoms are
    /// grouped by kind, so each loop tests one kind of atom without branching on it, and their
    /// bits are pushed in from the last atom to the first, so no shift depends on the atom's
    /// position.
    #[inline(always)]
    pub fn truths(&self, set: &AtomSet) -> u64 {
        let mut bits = 0u64;
        for atom in set.other.iter().rev() {
            bits = bits << 1 | self.atom_holds(atom) as u64;
        }
        let recent = self.recent.as_flattened();
        for &(slot, tags) in set.did_once.iter().rev() {
            // The slot is below WINDOWS * Who::COUNT (the set only takes windows up to
            // WINDOWS): the modulo only tells the compiler so.
            let lately = recent[slot as usize % (WINDOWS * Who::COUNT)];
            bits = bits << 1 | (lately & tags != 0) as u64;
        }
        for &t in set.tension_at_least.iter().rev() {
            bits = bits << 1 | (self.tension >= t) as u64;
        }
        for &(v, t) in set.var_at_most.iter().rev() {
            bits = bits << 1 | (self.vars[v as usize] <= t) as u64;
        }
        for &(v, t) in set.var_at_least.iter().rev() {
            bits = bits << 1 | (self.vars[v as usize] >= t) as u64;
        }
        set.with_groups(bits)
    }

    /// `bits`, the truths of `set` before a change, with `touched` (atoms of the set and their
    /// bits, every one the change can alter) tested again: the set's truths after the change.
    #[inline]
    pub fn retest(&self, set: &AtomSet, touched: &[(u8, Atom)], mut bits: u64) -> u64 {
        for &(bit, atom) in touched {
            let b = 1u64 << (bit % 64);
            bits = (bits & !b) | (self.atom_holds(&atom) as u64 * b);
        }
        set.with_groups(bits)
    }

    /// Whether one atom holds now.
    #[inline]
    pub fn atom_holds(&self, atom: &Atom) -> bool {
        match *atom {
            Atom::Compare {
                value,
                threshold,
                at_most,
            } => {
                let x = self.value(value);
                if at_most {
                    x <= threshold
                } else {
                    x >= threshold
                }
            }
            Atom::Did {
                who,
                tags,
                within,
                at_least,
            } => self.did_at_least(who, tags, within, at_least as u32),
        }
    }

    #[inline(never)]
    fn holds_nested(&self, sc: &Scenario, cond: &Cond) -> bool {
        match cond {
            Cond::Any(list) => list.iter().any(|c| self.holds(sc, c)),
            Cond::Not(inner) => !self.holds(sc, inner),
            flat => self.holds(sc, flat),
        }
    }

    /// In how many of the last `within` turns (the current one included) `who` made a move
    /// carrying any of `tags`.
    pub fn count_moves(&self, who: Who, tags: u64, within: u8) -> u32 {
        let mut n = 0;
        for back in 0..within as u32 {
            if back >= self.turn {
                break;
            }
            let t = self.turn - back;
            if self.history[t as usize % HISTORY][who as usize] & tags != 0 {
                n += 1;
            }
        }
        n
    }

    /// Whether `who` made a move carrying any of `tags` in at least `at_least` of the last
    /// `within` turns. "At least once", the common case, is one look at `recent`; larger counts
    /// walk the history and stop as soon as they know.
    #[inline]
    pub fn did_at_least(&self, who: Who, tags: u64, within: u8, at_least: u32) -> bool {
        if at_least == 0 {
            return true;
        }
        if within == 0 {
            return false;
        }
        if at_least == 1 && (within as usize) <= WINDOWS {
            return self.recent[within as usize - 1][who as usize] & tags != 0;
        }
        let mut n = 0;
        let mut slot = self.turn as usize % HISTORY;
        for _ in 0..(within as u32).min(self.turn) {
            if self.history[slot][who as usize] & tags != 0 {
                n += 1;
                if n >= at_least {
                    return true;
                }
            }
            slot = if slot == 0 { HISTORY - 1 } else { slot - 1 };
        }
        false
    }

    pub fn record_move(&mut self, who: Who, tags: u64) {
        self.history[self.turn as usize % HISTORY][who as usize] |= tags;
        // This turn is in every window.
        for window in &mut self.recent {
            window[who as usize] |= tags;
        }
    }

    /// Clears this turn's history slot (it last held a turn `HISTORY` turns ago), and moves
    /// the windows of recent moves on a turn: each now holds what the next shorter one held,
    /// and the turn just begun has no moves yet. The same windows as `recent_from_history`
    /// gives, which a test checks.
    pub fn open_history_slot(&mut self) {
        self.history[self.turn as usize % HISTORY] = [0; Who::COUNT];
        self.recent.copy_within(0..WINDOWS - 1, 1);
        self.recent[0] = [0; Who::COUNT];
    }

    /// The windows of recent moves, worked out from the history: what `recent` holds.
    pub fn recent_from_history(&self) -> [[u64; Who::COUNT]; WINDOWS] {
        let now = self.turn as usize % HISTORY;
        let mut tags = [0u64; Who::COUNT];
        let mut recent = [[0u64; Who::COUNT]; WINDOWS];
        for (back, window) in recent.iter_mut().enumerate() {
            if back < self.turn as usize {
                let row = &self.history[(now + HISTORY - back) % HISTORY];
                for (t, r) in tags.iter_mut().zip(row) {
                    *t |= r;
                }
            }
            *window = tags;
        }
        recent
    }

    pub fn add_var(&mut self, sc: &Scenario, i: u16, delta: f32) {
        let (min, max) = sc.checks.bounds[i as usize];
        let v = &mut self.vars[i as usize];
        *v = (*v + delta).clamp(min, max);
    }

    pub fn set_var(&mut self, sc: &Scenario, i: u16, value: f32) {
        let (min, max) = sc.checks.bounds[i as usize];
        self.vars[i as usize] = value.clamp(min, max);
    }

    /// Applies effects in order; `cause` labels ledger entries and delayed effects.
    pub fn apply(&mut self, sc: &Scenario, effects: &[Eff], cause: Cause) {
        for e in effects {
            match e {
                Eff::Tension { amount, decay } => {
                    self.ledger.add(cause, self.turn, *amount, *decay);
                    self.tension = self.ledger.tension();
                }
                Eff::Add(i, d) => self.add_var(sc, *i, *d),
                Eff::Set(i, x) => self.set_var(sc, *i, *x),
                Eff::Later { turns, effects } => self.pending.push(Pending {
                    due: self.turn + *turns as u32,
                    cause,
                    effects: effects.clone(),
                }),
                Eff::If {
                    when,
                    then,
                    otherwise,
                } => {
                    if self.holds_all(sc, when) {
                        self.apply(sc, then, cause);
                    } else {
                        self.apply(sc, otherwise, cause);
                    }
                }
            }
        }
    }
}
