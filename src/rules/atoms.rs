//! Conditions compiled for speed. A turn tests the same conditions many times: every AI rule,
//! every response's and action's requirements, every event and objective. Here the flat
//! conditions of one decision point ("atoms": one comparison, one look at the move history)
//! are gathered once, without duplicates, into an [`AtomSet`], and each list of conditions
//! becomes a [`Check`]: bit masks of the atoms that must hold, that must not hold, and of which
//! at least one must hold. At run time the decision point evaluates its atoms in one pass into
//! a bit set (`GameState::truths`, grouped by kind so the loop does not branch on it), and a
//! rule's conditions are then a few mask tests instead of a walk over a tree of enums.
//!
//! The interpreter (`GameState::holds`) stays the definition. Beijing's stance and the ladder's
//! rungs are fixed for a level, so they are folded in here, and so is which variables only ever
//! hold whole numbers (`whole_vars`): on those a bound and its opposite are one atom
//! (`AtMost(x, 0)` is "not `AtLeast(x, 1)`"). What the masks cannot say is marked
//! [`CheckKind::Slow`] and goes to the interpreter: an `Any` holding anything but conditions
//! that hold as positive atoms (a `Not`, but of a whole-number variable's bound, a
//! `RungBelow`, another `Any`); a `Not` of an `Any` of two or more; a
//! rung that does not exist; an atom beyond [`MAX_ATOMS`]; a list's second or later `Any` when
//! no bit is left for it. A list's first `Any` is a mask of the check; a later one gets a bit
//! of its own in the set (one bit for every list asking the same atoms), worked out from its
//! atoms' bits. A test checks the two agree on every list of every level at every step of many
//! games.

use super::model::{Action, Cond, Eff, Inject, Rules, Scenario, VarIdx, VarRef, Who};
use super::raw::BeijingStance;

const MAX_WITHIN_U8: u8 = super::compile::MAX_WITHIN as u8;

/// At most this many atoms per set (the width of the bit set); conditions on more are slow.
pub const MAX_ATOMS: usize = 64;

/// One flat condition.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Atom {
    /// `value >= threshold`, or `value <= threshold` when `at_most`.
    Compare {
        value: VarRef,
        threshold: f32,
        at_most: bool,
    },
    /// `who` made a move carrying any of `tags` in at least `at_least` of the last `within`
    /// turns.
    Did {
        who: Who,
        tags: u64,
        within: u8,
        at_least: u8,
    },
}

impl Atom {
    /// The group an atom is evaluated in: variables first (the common case, in two tight
    /// loops), then the rest.
    fn kind_order(&self) -> u8 {
        match self {
            Atom::Compare {
                value: VarRef::Var(_),
                at_most: false,
                ..
            } => 0,
            Atom::Compare {
                value: VarRef::Var(_),
                at_most: true,
                ..
            } => 1,
            Atom::Compare {
                value: VarRef::Tension,
                at_most: false,
                ..
            } => 2,
            Atom::Did {
                at_least: 1,
                within: 1..=MAX_WITHIN_U8,
                ..
            } => 3,
            Atom::Compare { .. } | Atom::Did { .. } => 4,
        }
    }
}

/// The atoms of one decision point, in bit order: `var_at_least` take the first bits, then
/// `var_at_most`, `tension_at_least`, `did_once` and `other`; after them, a bit for each of the
/// set's `any_groups`.
#[derive(Debug, Clone, Default)]
pub struct AtomSet {
    /// `vars[i] >= t`.
    pub var_at_least: Vec<(VarIdx, f32)>,
    /// `vars[i] <= t`.
    pub var_at_most: Vec<(VarIdx, f32)>,
    /// `tension >= t`.
    pub tension_at_least: Vec<f32>,
    /// `who` made a move carrying any of `tags` at least once in the last `within` turns
    /// (1 to `MAX_WITHIN`): (where the state's summary of recent moves keeps that window for
    /// that actor, `(within - 1) * Who::COUNT + who`, and the tags).
    pub did_once: Vec<(u8, u64)>,
    /// Every other atom.
    pub other: Vec<Atom>,
    /// `Any` lists a check cannot hold in its one `any` mask (a list's second `Any` and
    /// after), each as the mask of its atoms' bits, no two alike: one more bit each, after the
    /// atoms', set when at least one of them holds. Never more than the bits the atoms leave.
    any_groups: Vec<u64>,
    /// Every atom, by bit (for lowering conditions to masks).
    order: Vec<Atom>,
    /// How many bits the lists asked for: their distinct atoms, then their later `Any` lists
    /// that need a bit of their own. More than `MAX_ATOMS` and some lists are slow (for
    /// `validate`'s warning; the engine never reads it).
    pub asked: (usize, usize),
}

impl AtomSet {
    /// The set of every atom in `lists`, as they lower for `rules` and `stance`.
    pub fn gather<'a>(
        lists: impl IntoIterator<Item = &'a [Cond]>,
        rules: &Rules,
        stance: BeijingStance,
        whole: &[bool],
    ) -> AtomSet {
        let mut atoms: Vec<Atom> = Vec::new();
        let mut add = |a: Atom| {
            if !atoms.contains(&a) {
                atoms.push(a);
            }
        };
        // A list's second `Any` and after get bits of their own (see `any_groups`).
        let mut groups: Vec<Vec<Atom>> = Vec::new();
        for list in lists {
            let mut anys = 0;
            for c in list {
                match lower(c, rules, stance, whole) {
                    Lowered::Lit(a, _) => add(a),
                    Lowered::AnyOf(list) => {
                        list.iter().copied().for_each(&mut add);
                        anys += 1;
                        if anys > 1 && !groups.contains(&list) {
                            groups.push(list);
                        }
                    }
                    Lowered::True | Lowered::False | Lowered::Slow => {}
                }
            }
        }
        let asked = (atoms.len(), groups.len());
        // Past the slots, the atoms met last go without, so the lists that go slow are the last
        // ones (a mod's new rules and events come after the rules they join), not whichever
        // lists ask an atom of a kind sorted late.
        atoms.truncate(MAX_ATOMS);
        // A stable sort: within a kind, atoms keep the order they were first met in.
        atoms.sort_by_key(Atom::kind_order);
        let mut set = AtomSet {
            asked,
            ..AtomSet::default()
        };
        for a in &atoms {
            match *a {
                Atom::Compare {
                    value: VarRef::Var(i),
                    threshold,
                    at_most: false,
                } => set.var_at_least.push((i, threshold)),
                Atom::Compare {
                    value: VarRef::Var(i),
                    threshold,
                    at_most: true,
                } => set.var_at_most.push((i, threshold)),
                Atom::Compare {
                    value: VarRef::Tension,
                    threshold,
                    at_most: false,
                } => set.tension_at_least.push(threshold),
                Atom::Did {
                    who,
                    tags,
                    within: within @ 1..=MAX_WITHIN_U8,
                    at_least: 1,
                } => set.did_once.push((
                    ((within as usize - 1) * Who::COUNT + who as usize) as u8,
                    tags,
                )),
                other => set.other.push(other),
            }
        }
        set.order = atoms;
        // A group whose atoms did not all get a bit, or past the bit set's width, is left out:
        // the lists that use it are slow.
        let room = MAX_ATOMS - set.order.len();
        let mut masks: Vec<u64> = Vec::new();
        for mask in groups.iter().filter_map(|g| set.mask_of(g)) {
            if !masks.contains(&mask) && masks.len() < room {
                masks.push(mask);
            }
        }
        set.any_groups = masks;
        set
    }

    /// The mask of `atoms`' bits, None when one of them has no bit.
    fn mask_of(&self, atoms: &[Atom]) -> Option<u64> {
        atoms
            .iter()
            .try_fold(0, |mask, a| Some(mask | self.bit(a)?))
    }

    /// `bits`, the truths of the set's atoms, with the bits of its `any_groups` worked out
    /// from them (after every atom's bit, in the groups' order).
    #[inline(always)]
    pub fn with_groups(&self, bits: u64) -> u64 {
        if self.any_groups.is_empty() {
            return bits;
        }
        let from = self.order.len();
        let mut bits = bits & ((1u64 << from) - 1);
        let mut bit = 1u64 << from;
        for &group in &self.any_groups {
            bits |= ((bits & group) != 0) as u64 * bit;
            bit <<= 1;
        }
        bits
    }

    /// How many atoms the set holds.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The atoms a change can alter, each with its bit: those reading a variable in `vars`,
    /// the tension when `tension` is set, or `who`'s moves carrying any of `tags`.
    pub fn touched_by(
        &self,
        vars: &[VarIdx],
        tension: bool,
        who: Who,
        tags: u64,
    ) -> Vec<(u8, Atom)> {
        let touched = |a: &Atom| match *a {
            Atom::Compare { value, .. } => match value {
                VarRef::Var(i) => vars.contains(&i),
                VarRef::Tension => tension,
                VarRef::Turn | VarRef::Estimate(_) => false,
            },
            Atom::Did {
                who: w, tags: t, ..
            } => w == who && t & tags != 0,
        };
        (0..)
            .zip(&self.order)
            .filter(|(_, a)| touched(a))
            .map(|(bit, a)| (bit, *a))
            .collect()
    }

    fn bit(&self, a: &Atom) -> Option<u64> {
        self.order.iter().position(|x| x == a).map(|i| 1u64 << i)
    }

    /// `conds` (all must hold) as masks over this set.
    pub fn check(
        &self,
        conds: &[Cond],
        rules: &Rules,
        stance: BeijingStance,
        whole: &[bool],
    ) -> Check {
        let mut check = Check::default();
        let mut anys = 0;
        let mut never = false;
        for c in conds {
            match lower(c, rules, stance, whole) {
                Lowered::True => {}
                Lowered::False => never = true,
                Lowered::Lit(a, positive) => match self.bit(&a) {
                    Some(b) if positive => check.must |= b,
                    Some(b) => check.must_not |= b,
                    None => return Check::slow(),
                },
                Lowered::AnyOf(list) => {
                    anys += 1;
                    let Some(mask) = self.mask_of(&list) else {
                        return Check::slow();
                    };
                    if anys == 1 {
                        check.any = mask;
                    } else {
                        // A later `Any` must hold as its group's bit.
                        match self.any_groups.iter().position(|g| *g == mask) {
                            Some(i) => check.must |= 1u64 << (self.order.len() + i),
                            None => return Check::slow(),
                        }
                    }
                }
                Lowered::Slow => return Check::slow(),
            }
        }
        if never {
            return Check::NEVER;
        }
        check.no_any = (check.any == 0) as u32;
        check
    }
}

/// How a [`Check`] is decided.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CheckKind {
    /// By its masks.
    #[default]
    Masks,
    /// Never holds (Beijing's stance in this level rules it out).
    Never,
    /// By the interpreter, over the original conditions.
    Slow,
}

/// A list of conditions that must all hold, as masks over an [`AtomSet`]'s bits. A list that
/// can never hold asks every atom both to hold and not to, so the masks alone say no, and
/// only the rare slow list needs a test of its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Check {
    pub must: u64,
    pub must_not: u64,
    /// When not zero, at least one of these must hold.
    pub any: u64,
    /// 1 when `any` is zero (no such list), else 0: what `holds` ORs in so that an empty
    /// `any` passes without a second test.
    pub no_any: u32,
    /// Decided by the interpreter over the original conditions, not by the masks.
    pub slow: bool,
}

impl Default for Check {
    /// The check of an empty list: it always holds.
    fn default() -> Check {
        Check {
            must: 0,
            must_not: 0,
            any: 0,
            no_any: 1,
            slow: false,
        }
    }
}

impl Check {
    /// The check of a list that never holds.
    pub const NEVER: Check = Check {
        must: u64::MAX,
        must_not: u64::MAX,
        any: 0,
        no_any: 1,
        slow: false,
    };

    fn slow() -> Check {
        Check {
            slow: true,
            ..Default::default()
        }
    }

    /// How the check is decided.
    pub fn kind(&self) -> CheckKind {
        if self.slow {
            CheckKind::Slow
        } else if self.must & self.must_not != 0 {
            CheckKind::Never
        } else {
            CheckKind::Masks
        }
    }

    /// Whether the conditions hold, given the set's `bits` now; `slow` is the interpreter's
    /// answer, asked only when the masks cannot say. The three mask tests are combined
    /// without branching: which of them fails changes from turn to turn, so a branch on each
    /// would often be guessed wrong.
    #[inline]
    pub fn holds(&self, bits: u64, slow: impl FnOnce() -> bool) -> bool {
        self.holds_as::<true>(bits, slow)
    }

    /// `holds`, for a check of a list that may have slow checks (`SLOW`) or has none (its
    /// `any_slow` is false): then the masks alone decide, with no test of `slow` per check.
    /// The hot loops pick the instance once per list, not once per check.
    #[inline(always)]
    pub fn holds_as<const SLOW: bool>(&self, bits: u64, slow: impl FnOnce() -> bool) -> bool {
        if SLOW && self.slow {
            return slow();
        }
        debug_assert!(!self.slow, "a slow check in a list said to have none");
        let missing = (bits & self.must) ^ self.must;
        let any = (bits & self.any) | self.no_any as u64;
        ((missing | (bits & self.must_not)) == 0) & (any != 0)
    }
}

/// Atoms and checks for one kind of list: the checks are in the lists' order.
#[derive(Debug, Clone, Default)]
pub struct CheckList {
    pub atoms: AtomSet,
    pub checks: Vec<Check>,
    /// Whether any check is slow (`Check::holds_as`). Set by `build`; code that changes
    /// `checks` afterwards must keep it in step, or a slow check is decided by its masks.
    pub any_slow: bool,
}

impl CheckList {
    /// `whole`: per variable, whether it only ever holds whole numbers in the level
    /// (`whole_vars`), so that a bound on it can share an atom with the opposite bound.
    pub fn build<'a>(
        lists: impl IntoIterator<Item = &'a [Cond]> + Clone,
        rules: &Rules,
        stance: BeijingStance,
        whole: &[bool],
    ) -> CheckList {
        let atoms = AtomSet::gather(lists.clone(), rules, stance, whole);
        let checks = lists
            .into_iter()
            .map(|l| atoms.check(l, rules, stance, whole))
            .collect::<Vec<_>>();
        let any_slow = checks.iter().any(|c| c.slow);
        CheckList {
            atoms,
            checks,
            any_slow,
        }
    }
}

/// An AI's checks: one atom set for its responses' requirements and its rules.
#[derive(Debug, Clone, Default)]
pub struct AiChecks {
    pub atoms: AtomSet,
    /// One per response.
    pub requires: Vec<Check>,
    /// One per rule, with what the decider reads of it every turn, packed together.
    pub rules: Vec<RuleCheck>,
    /// Every rule's factors, one after another (see `RuleCheck::factors`).
    pub factors: Vec<(VarRef, f32)>,
    /// Per response: the rules that argue for it, as a bit set (bit = rule index; rules past
    /// the 128 the decider reads are left out).
    pub by_response: Vec<u128>,
    /// The rules that read a variable hidden from the player (bit = rule index): they sway the
    /// AI, but the analysts do not weigh them and the "why" does not name them.
    pub hidden: u128,
    /// Whether any of the requirements' or rules' checks is slow (`Check::holds_as`); kept
    /// in step with them as `CheckList::any_slow` is.
    pub any_slow: bool,
    /// The slow checks themselves: a decider's memo tests them again at every decision, by the
    /// interpreter, since their verdicts can change with no atom changing.
    pub slow: SlowChecks,
    /// Per bit of the atom set, the requirements and rules whose checks read it: when some
    /// bits change between two decisions, only the checks they touch can change their verdict
    /// (`DecideMemo` in `sim/decide.rs`).
    pub touches: Box<BitTouches>,
    /// This build of the checks, unique in the process: a decider's memo of verdicts is kept
    /// only for the checks it was made from. Code that changes a `Check` of `requires` or
    /// `rules` after `build` must call `AiChecks::edited`, which takes a new one.
    pub stamp: u64,
}

/// Which of an AI's checks are slow (`Check::slow`): its requirements (bit = response) and its
/// rules (two words, bit = rule index, as `AiChecks::by_response`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SlowChecks {
    pub requires: u32,
    pub rules: [u64; 2],
}

impl AiChecks {
    /// Brings what is worked out from the checks' masks and slowness (`any_slow`, `slow`,
    /// `touches`) in step with them after the `Check`s of `requires` or `rules` were changed,
    /// and takes a new stamp, so no memo made under the old checks is read. (What rules there
    /// are, their responses and factors, are fixed at `build`.)
    pub fn edited(&mut self) {
        let mut slow = SlowChecks::default();
        for (r, c) in self.requires.iter().enumerate().take(32) {
            slow.requires |= (c.slow as u32) << r;
        }
        for (i, rule) in self
            .rules
            .iter()
            .enumerate()
            .take(super::compile::MAX_RULES)
        {
            slow.rules[i / 64] |= (rule.check.slow as u64) << (i % 64);
        }
        self.any_slow =
            self.requires.iter().any(|c| c.slow) || self.rules.iter().any(|r| r.check.slow);
        self.slow = slow;
        *self.touches = BitTouches::of(&self.requires, &self.rules);
        self.restamp();
    }

    /// A stamp no other build of checks has (see `stamp`).
    fn restamp(&mut self) {
        use std::sync::atomic::{AtomicU64, Ordering};
        /// 0 is never handed out: a memo that was never filled holds it.
        static NEXT: AtomicU64 = AtomicU64::new(1);
        self.stamp = NEXT.fetch_add(1, Ordering::Relaxed);
    }
}

/// Per bit of an AI's atom set (atoms and `Any` groups alike), the checks that read it: the
/// rules as two 64-bit words (bit = rule index, as `AiChecks::by_response`), the requirements
/// as one (bit = response index).
#[derive(Debug, Clone, PartialEq)]
pub struct BitTouches {
    pub rules: [[u64; 2]; 64],
    pub requires: [u32; 64],
}

impl Default for BitTouches {
    fn default() -> Self {
        BitTouches {
            rules: [[0; 2]; 64],
            requires: [0; 64],
        }
    }
}

impl BitTouches {
    /// `requires` and `rules` (in index order): the bits each check reads are those of its
    /// three masks, so its verdict is fixed while they hold still.
    fn of(requires: &[Check], rules: &[RuleCheck]) -> BitTouches {
        let mut t = BitTouches::default();
        let reads = |c: &Check| c.must | c.must_not | c.any;
        for bit in 0..64 {
            for (r, c) in requires.iter().enumerate().take(32) {
                t.requires[bit] |= ((reads(c) >> bit & 1) as u32) << r;
            }
            for (i, rule) in rules.iter().enumerate().take(super::compile::MAX_RULES) {
                t.rules[bit][i / 64] |= (reads(&rule.check) >> bit & 1) << (i % 64);
            }
        }
        t
    }
}

/// A rule as the decider scores it: its conditions, its response and motive, its weight, and
/// where its factors sit in `AiChecks::factors`. A copy of `AiRule`'s hot fields, packed so a
/// turn's pass over the rules reads a few cache lines, not every rule's strings.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleCheck {
    pub check: Check,
    pub response: u16,
    pub motive: u16,
    pub weight: f32,
    pub factors: std::ops::Range<usize>,
}

/// What `is_available` reads of an action besides its conditions, packed: its cooldown and
/// where its costs sit in `ScenarioChecks::costs`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ActionGate {
    pub cooldown: u32,
    pub costs: (u32, u32),
}

impl ActionGate {
    /// While the action cools down after being taken on turn `last` (0: never), the turn it is
    /// open again; None when it can be taken on turn `turn`.
    #[inline]
    pub fn cooling_until(&self, last: u32, turn: u32) -> Option<u32> {
        (self.cooldown > 0 && last > 0 && turn <= last + self.cooldown)
            .then_some(last + self.cooldown + 1)
    }
}

/// The variables `effects` may write and whether they may move the tension, applied now:
/// both branches of every `If`, nothing that happens `Later`.
fn writes(effects: &[Eff], vars: &mut Vec<VarIdx>, tension: &mut bool) {
    for e in effects {
        match e {
            Eff::Tension { .. } => *tension = true,
            Eff::Add(i, _) | Eff::Set(i, _) => vars.push(*i),
            Eff::Later { .. } => {}
            Eff::If {
                then, otherwise, ..
            } => {
                writes(then, vars, tension);
                writes(otherwise, vars, tension);
            }
        }
    }
}

/// Every hot list of conditions in a level, compiled, and the other fields a turn reads many
/// times, packed (the rules' own structs carry names and texts between them).
#[derive(Debug, Clone, Default)]
pub struct ScenarioChecks {
    /// Per action: its cooldown and costs.
    pub gates: Vec<ActionGate>,
    /// Every action's costs, one after another.
    pub costs: Vec<(VarIdx, f32)>,
    /// Per variable: its least and greatest value.
    pub bounds: Vec<(f32, f32)>,
    pub pyongyang: AiChecks,
    pub beijing: AiChecks,
    /// One per action: its requirements.
    pub actions: CheckList,
    /// One per event: its `when`.
    pub events: CheckList,
    /// Per event: the event atoms that its firing can change, each with its bit, for
    /// `GameState::retest` (a test checks that the rest cannot change).
    pub event_touches: Vec<Vec<(u8, Atom)>>,
    /// The order events are tried in each turn, when it is not the file's: an event that is
    /// quiet and moves only hidden variables (the shipped `between_campaigns`) comes after every
    /// other, so that it never takes one of a turn's few places from an event with news, whose
    /// absence would tell that it fired. None when the file's order does so already (the
    /// shipped rules, with that event last), which keeps the plain loop.
    pub event_order: Option<Vec<u16>>,
    /// One per objective: its `when`.
    pub objectives: CheckList,
    /// Per variable: whether it only ever holds whole numbers in this level (`whole_vars`),
    /// for compiling other lists against the level (a policy's).
    pub whole: Vec<bool>,
}

/// Per variable of `rules`: whether it can only ever hold whole numbers, given the values it
/// starts from (`start`, one per variable) and every change the rules, `actions` and `injects`
/// can make to it (difficulties, costs, effects, misreadings, `If` and `Later` included). A
/// whole number is at most `t` exactly when it is not at least `floor(t) + 1`, so a bound and
/// its opposite can share one atom (`lower`): `AtMost("world.moratorium", 0)` and
/// `AtLeast("world.moratorium", 1)` take one slot of the 64, not two.
pub fn whole_vars(
    rules: &Rules,
    start: &[f32],
    actions: &[Action],
    injects: &[Inject],
) -> Vec<bool> {
    fn whole(x: f32) -> bool {
        x.is_finite() && x.fract() == 0.0
    }
    // A change by `x` to variable `i`: a fraction takes it off the list.
    fn change(out: &mut [bool], i: VarIdx, x: f32) {
        if !whole(x)
            && let Some(w) = out.get_mut(i as usize)
        {
            *w = false;
        }
    }
    fn scan(effects: &[Eff], out: &mut [bool]) {
        for e in effects {
            match e {
                Eff::Add(i, x) | Eff::Set(i, x) => change(out, *i, *x),
                Eff::Later { effects, .. } => scan(effects, out),
                Eff::If {
                    then, otherwise, ..
                } => {
                    scan(then, out);
                    scan(otherwise, out);
                }
                Eff::Tension { .. } => {}
            }
        }
    }
    let mut out: Vec<bool> = rules
        .vars
        .iter()
        .enumerate()
        .map(|(i, v)| whole(v.min) && whole(v.max) && start.get(i).is_some_and(|x| whole(*x)))
        .collect();
    let starts = rules.difficulties.iter().flat_map(|d| &d.start);
    for (i, x) in starts.chain(actions.iter().flat_map(|a| &a.cost)) {
        change(&mut out, *i, *x);
    }
    for a in actions {
        scan(&a.effects, &mut out);
        if let Some(m) = &a.misreading {
            scan(&m.effects, &mut out);
        }
    }
    for ai in [&rules.pyongyang, &rules.beijing] {
        for r in &ai.responses {
            scan(&r.effects, &mut out);
        }
    }
    for e in &rules.events {
        scan(&e.effects, &mut out);
    }
    for i in injects {
        scan(&i.effects, &mut out);
    }
    out
}

impl ScenarioChecks {
    pub fn build(sc: &Scenario) -> ScenarioChecks {
        let rules = &*sc.rules;
        let stance = sc.def.beijing_stance;
        let whole = whole_vars(rules, &sc.start, &sc.actions, &sc.injects);
        let whole = whole.as_slice();
        let ai = |who: Who| {
            let ai = rules.ai(who);
            let lists = ai
                .responses
                .iter()
                .map(|r| r.requires.as_slice())
                .chain(ai.rules.iter().map(|r| r.when.as_slice()));
            let all = CheckList::build(lists, rules, stance, whole);
            let n = ai.responses.len();
            let mut factors = Vec::new();
            let rules: Vec<RuleCheck> = ai
                .rules
                .iter()
                .zip(&all.checks[n..])
                .map(|(rule, check)| {
                    let from = factors.len();
                    factors.extend_from_slice(&rule.factors);
                    RuleCheck {
                        check: *check,
                        response: rule.response,
                        motive: rule.motive,
                        weight: rule.weight,
                        factors: from..factors.len(),
                    }
                })
                .collect();
            let mut by_response = vec![0u128; n];
            for (i, rule) in ai.rules.iter().enumerate().take(super::compile::MAX_RULES) {
                if let Some(mask) = by_response.get_mut(rule.response as usize) {
                    *mask |= 1u128 << i;
                }
            }
            let mut hidden = 0u128;
            for (i, rule) in ai.rules.iter().enumerate().take(super::compile::MAX_RULES) {
                if sc.rules.rule_reads_hidden(rule) {
                    hidden |= 1u128 << i;
                }
            }
            let requires = all.checks[..n].to_vec();
            let mut checks = AiChecks {
                hidden,
                atoms: all.atoms,
                requires,
                rules,
                factors,
                by_response,
                ..Default::default()
            };
            checks.edited();
            checks
        };
        let mut costs = Vec::new();
        let gates = sc
            .actions
            .iter()
            .map(|a| {
                let from = costs.len() as u32;
                costs.extend_from_slice(&a.cost);
                ActionGate {
                    cooldown: a.cooldown as u32,
                    costs: (from, costs.len() as u32),
                }
            })
            .collect();
        let events = CheckList::build(
            rules.events.iter().map(|e| e.when.as_slice()),
            rules,
            stance,
            whole,
        );
        let event_touches = rules
            .events
            .iter()
            .map(|e| {
                let (mut vars, mut tension) = (Vec::new(), false);
                writes(&e.effects, &mut vars, &mut tension);
                events.atoms.touched_by(&vars, tension, Who::World, e.tags)
            })
            .collect();
        let hidden_only = |e: &crate::rules::model::Event| {
            e.quiet && !e.effects.is_empty() && rules.writes_only_hidden(&e.effects)
        };
        let (open, hidden): (Vec<u16>, Vec<u16>) =
            (0..rules.events.len() as u16).partition(|i| !hidden_only(&rules.events[*i as usize]));
        let in_file_order = hidden.iter().all(|i| *i as usize >= open.len());
        let event_order = (!in_file_order).then(|| open.into_iter().chain(hidden).collect());
        ScenarioChecks {
            event_order,
            gates,
            costs,
            bounds: rules.vars.iter().map(|v| (v.min, v.max)).collect(),
            pyongyang: ai(Who::Pyongyang),
            beijing: ai(Who::Beijing),
            actions: CheckList::build(
                sc.actions.iter().map(|a| a.requires.as_slice()),
                rules,
                stance,
                whole,
            ),
            events,
            event_touches,
            objectives: CheckList::build(
                sc.objectives.iter().map(|o| o.when.as_slice()),
                rules,
                stance,
                whole,
            ),
            whole: whole.to_vec(),
        }
    }

    /// Action `a`'s costs, in the order the action lists them.
    #[inline]
    pub fn costs_of(&self, a: u16) -> &[(VarIdx, f32)] {
        let (from, to) = self.gates[a as usize].costs;
        &self.costs[from as usize..to as usize]
    }

    /// The checks of an AI.
    pub fn ai(&self, who: Who) -> &AiChecks {
        match who {
            Who::Beijing => &self.beijing,
            _ => &self.pyongyang,
        }
    }
}

/// Why the masks cannot decide a list of conditions, for `validate`'s warning (see
/// `slow_cause`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlowCause {
    /// An `Any` holds something other than plain positive conditions: a `Not`, a `RungBelow`
    /// or another `Any`.
    NegativeInAny,
    /// A `Not` of an `Any` of two or more conditions.
    NotOfAny,
    /// A rung the ladder does not have.
    MissingRung,
    /// Every condition lowers to masks, but the set had no slot left for one of them (or for
    /// the list's second or later `Any`).
    NoSlot,
}

/// Why `list` is slow, given that its compiled check is (`Check::slow`): what `lower` could
/// not turn into masks, else `NoSlot`.
pub fn slow_cause(
    list: &[Cond],
    rules: &Rules,
    stance: BeijingStance,
    whole: &[bool],
) -> SlowCause {
    fn cause(c: &Cond, rules: &Rules, stance: BeijingStance, whole: &[bool]) -> Option<SlowCause> {
        if !matches!(lower(c, rules, stance, whole), Lowered::Slow) {
            return None;
        }
        Some(match c {
            Cond::Not(inner) => match lower(inner, rules, stance, whole) {
                Lowered::AnyOf(_) => SlowCause::NotOfAny,
                _ => cause(inner, rules, stance, whole).unwrap_or(SlowCause::MissingRung),
            },
            Cond::Any(list) => list
                .iter()
                .find_map(|c| match lower(c, rules, stance, whole) {
                    Lowered::Slow => cause(c, rules, stance, whole),
                    Lowered::Lit(_, false) | Lowered::AnyOf(_) => Some(SlowCause::NegativeInAny),
                    _ => None,
                })
                .unwrap_or(SlowCause::NegativeInAny),
            _ => SlowCause::MissingRung,
        })
    }
    list.iter()
        .find_map(|c| cause(c, rules, stance, whole))
        .unwrap_or(SlowCause::NoSlot)
}

/// One condition reduced as far as the level allows.
enum Lowered {
    True,
    False,
    /// An atom, holding (true) or not holding (false).
    Lit(Atom, bool),
    /// At least one of these atoms holds.
    AnyOf(Vec<Atom>),
    /// Only the interpreter can say.
    Slow,
}

/// Whether `value` only ever holds whole numbers (`whole`, from `whole_vars`; turns always do).
fn is_whole(value: VarRef, whole: &[bool]) -> bool {
    match value {
        VarRef::Var(i) => whole.get(i as usize).copied().unwrap_or(false),
        VarRef::Turn => true,
        _ => false,
    }
}

/// A negated atom as the same test held positively, when there is one: "a whole number is not
/// at least k" is "it is at most k - 1". For an `Any`, which holds only positive atoms.
fn positive_form(a: Atom, whole: &[bool]) -> Option<Atom> {
    match a {
        Atom::Compare {
            value,
            threshold,
            at_most: false,
        } if is_whole(value, whole) => Some(Atom::Compare {
            value,
            threshold: threshold - 1.0,
            at_most: true,
        }),
        _ => None,
    }
}

fn lower(c: &Cond, rules: &Rules, stance: BeijingStance, whole: &[bool]) -> Lowered {
    let tension_at_least = |r: u8| match rules.rungs.get(r as usize) {
        Some(rung) => Lowered::Lit(
            Atom::Compare {
                value: VarRef::Tension,
                threshold: rung.from,
                at_most: false,
            },
            true,
        ),
        None => Lowered::Slow,
    };
    match c {
        // On a whole number, "at most t" is "not at least floor(t) + 1" and "at least t" is "at
        // least ceil(t)": one atom, `AtLeast`, for a bound and its opposite.
        Cond::AtMost(value, threshold) if is_whole(*value, whole) => Lowered::Lit(
            Atom::Compare {
                value: *value,
                threshold: threshold.floor() + 1.0,
                at_most: false,
            },
            false,
        ),
        Cond::AtLeast(value, threshold) if is_whole(*value, whole) => Lowered::Lit(
            Atom::Compare {
                value: *value,
                threshold: threshold.ceil(),
                at_most: false,
            },
            true,
        ),
        Cond::AtLeast(value, threshold) | Cond::AtMost(value, threshold) => Lowered::Lit(
            Atom::Compare {
                value: *value,
                threshold: *threshold,
                at_most: matches!(c, Cond::AtMost(..)),
            },
            true,
        ),
        // The interpreter: rung 0 always; else tension at the rung's floor or more. (Below a
        // rung is lowered as "not at it or more", which differs from `tension < floor` only
        // for a NaN tension, which the ledger's clamp never gives.)
        Cond::RungAtLeast(0) => Lowered::True,
        Cond::RungAtLeast(r) => tension_at_least(*r),
        Cond::RungBelow(0) => Lowered::False,
        Cond::RungBelow(r) => match tension_at_least(*r) {
            Lowered::Lit(a, _) => Lowered::Lit(a, false),
            other => other,
        },
        Cond::Stance(s) if *s == stance => Lowered::True,
        Cond::Stance(_) => Lowered::False,
        Cond::Did { at_least: 0, .. } => Lowered::True,
        Cond::Did {
            who,
            tags,
            within,
            at_least,
        } => Lowered::Lit(
            Atom::Did {
                who: *who,
                tags: *tags,
                within: *within,
                at_least: *at_least,
            },
            true,
        ),
        Cond::Not(inner) => match lower(inner, rules, stance, whole) {
            Lowered::True => Lowered::False,
            Lowered::False => Lowered::True,
            Lowered::Lit(a, positive) => Lowered::Lit(a, !positive),
            Lowered::AnyOf(_) | Lowered::Slow => Lowered::Slow,
        },
        Cond::Any(list) => {
            let mut atoms = Vec::new();
            for c in list {
                match lower(c, rules, stance, whole) {
                    Lowered::True => return Lowered::True,
                    Lowered::False => {}
                    Lowered::Lit(a, true) => atoms.push(a),
                    Lowered::Lit(a, false) => match positive_form(a, whole) {
                        Some(p) => atoms.push(p),
                        None => return Lowered::Slow,
                    },
                    Lowered::AnyOf(_) | Lowered::Slow => return Lowered::Slow,
                }
            }
            match atoms.len() {
                0 => Lowered::False,
                1 => Lowered::Lit(atoms[0], true),
                _ => Lowered::AnyOf(atoms),
            }
        }
    }
}
