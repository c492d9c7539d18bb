//! The deciders: which player moves are available and why not, and how Pyongyang and Beijing
//! choose a response. An AI scores every response by summing the RON rules that argue for it
//! (weight plus variable factors, scaled by the motive's weight in the drawn disposition), adds a
//! misreading term, and takes the best. The decision keeps the rules that argued most (ranked
//! before the hidden weighting, so the "why" does not betray the disposition), and can hand an
//! analyst the evidence to update an estimate of that disposition.

use super::rng::Stream;
use super::state::GameState;
use crate::rules::atoms::{AiChecks, RuleCheck};
use crate::rules::{Ai, Cond, MAX_ANALYSTS, MAX_DISPOSITIONS, Scenario, VarRef};

/// At most this many responses per AI and factors per rule are scored (checked at load).
pub use crate::rules::compile::{MAX_FACTORS, MAX_MOTIVES, MAX_RESPONSES, MAX_RULES};

/// Why a player action cannot be taken now.
#[derive(Debug, Clone, Copy, PartialEq)]
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
    let gate = sc.checks.gates[a as usize];
    if let Some(open) = gate.cooling_until(s.last_used[a as usize], s.turn) {
        return Err(Unavailable::Cooldown(open));
    }
    for (i, (var, amount)) in sc.checks.costs_of(a).iter().enumerate() {
        if s.vars[*var as usize] < *amount {
            return Err(Unavailable::Cost(i));
        }
    }
    for (i, c) in sc.actions[a as usize].requires.iter().enumerate() {
        if !s.holds(sc, c) {
            return Err(Unavailable::Requires(i));
        }
    }
    Ok(())
}

/// Whether action `a` can be taken now, as `availability` decides it, given `bits`, the truths
/// of the scenario's action atoms now (`s.truths(&sc.checks.actions.atoms)`): for testing every
/// action in turn without walking each one's conditions.
#[inline(always)]
pub fn is_available(sc: &Scenario, s: &GameState, a: u16, bits: u64) -> bool {
    is_available_as::<true>(sc, s, a, bits)
}

/// `is_available` where the actions' checks may be slow (`SLOW`) or, when false, are known
/// not to be (`sc.checks.actions.any_slow`; see `Check::holds_as`).
#[inline(always)]
pub fn is_available_as<const SLOW: bool>(sc: &Scenario, s: &GameState, a: u16, bits: u64) -> bool {
    if s.outcome.is_some() {
        return false;
    }
    let gate = sc.checks.gates[a as usize];
    if gate
        .cooling_until(s.last_used[a as usize], s.turn)
        .is_some()
    {
        return false;
    }
    if sc
        .checks
        .costs_of(a)
        .iter()
        .any(|(var, amount)| s.vars[*var as usize] < *amount)
    {
        return false;
    }
    sc.checks.actions.checks[a as usize].holds_as::<SLOW>(bits, || {
        s.holds_all_slow(sc, &sc.actions[a as usize].requires)
    })
}

/// What action `a` costs, as its card says it: each cost with its variable's name, and with
/// `with_stock` what there is to spend ("5 of 60 diplomatic capital"); "free" when it costs
/// nothing.
pub fn cost_phrase(sc: &Scenario, s: &GameState, a: u16, with_stock: bool) -> String {
    let parts: Vec<String> = sc.actions[a as usize]
        .cost
        .iter()
        .map(|(v, x)| {
            let name = sc.rules.vars[*v as usize].name.to_lowercase();
            if with_stock {
                let have = s.vars[*v as usize];
                format!("{x:.0} of {have:.0} {name}")
            } else {
                format!("{x:.0} {name}")
            }
        })
        .collect();
    if parts.is_empty() {
        "free".to_string()
    } else {
        parts.join(", ")
    }
}

/// A player-facing reason for `Unavailable`.
pub fn explain_unavailable(sc: &Scenario, a: u16, why: &Unavailable) -> String {
    let action = &sc.actions[a as usize];
    let rules = &sc.rules;
    match why {
        // A card that makes a fact true, locked because it is true already: "needs no military
        // agreement" read as if the agreement were the obstacle. A fact with its own words for
        // "off" ("needs hotline down") keeps them.
        Unavailable::Requires(i)
            if let crate::rules::Cond::AtMost(crate::rules::VarRef::Var(v), x) =
                &action.requires[*i]
                && *x <= 0.0
                && let Some(flag) = &rules.vars[*v as usize].flag
                && rules.vars[*v as usize].flag_off.is_none() =>
        {
            format!("done already ({flag})")
        }
        Unavailable::Requires(i) => format!(
            "needs {}",
            rules.describe_before_turn(&action.requires[*i], sc.def.beijing_stance)
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
        // Past the level's last turn, "turn 19 of 16" would read as if the game went on.
        Unavailable::Cooldown(turn) if *turn > sc.def.turns => {
            "used recently; not again before the level ends".into()
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
    /// The rule that argued most for the chosen response (None: only noise, or a decision
    /// made without its "why", see `decide_as`).
    pub rule: Option<u16>,
    /// The rule that argued next most for it, if that rule argued for it at all (a positive
    /// argument): a rule that held but argued against the answer (a brake, such as
    /// `a_card_to_play` while Washington's word holds) is no reason to name beside it.
    pub second: Option<u16>,
    /// The first rule's parts: its weight, then each factor's contribution.
    pub weight: f32,
    pub factor_parts: [f32; MAX_FACTORS],
    /// The chosen response's total score, noise included, and the noise in it.
    pub score: f32,
    pub noise: f32,
    /// The next best response and its score. Both are weighted by the disposition, so the
    /// "why" shows them only for an AI with no hidden disposition (see `why_lines`). None when
    /// nothing else was possible, and always None in a decision made without its "why".
    pub runner_up: Option<(u16, f32)>,
    /// The responses that were possible (bit = index), the chosen one among them: what the
    /// AI chose between, whatever its disposition.
    pub possible: u32,
    /// Every rule whose conditions held and that argued for the chosen response (bit = index).
    pub support: u128,
    /// The rule that argued most for the chosen response *after* the disposition's weighting:
    /// the real reason, which can differ from `rule`. It gives the disposition away, so it is
    /// shown only once the game is over (the report's hindsight), never during play. None in a
    /// decision made without its "why".
    pub weighted: Option<u16>,
    /// For each motive that argued for the chosen response, its strongest rule, strongest
    /// first, ranked before the disposition's weighting (as `rule` is): the readings a player
    /// may give the answer without knowing the disposition. Each is what that motive would
    /// say, so they name no disposition. All None in a decision made without its "why".
    pub readings: [Option<u16>; MAX_MOTIVES],
}

impl Decision {
    /// By how much the chosen response beat the runner-up, noise included (None when nothing
    /// else was possible, or the decision was made without its "why"). Weighted by the disposition: shown only where that is not hidden.
    pub fn margin(&self) -> Option<f32> {
        self.runner_up
            .map(|(_, second)| (self.score - second).max(0.0))
    }
}

/// What an observer needs to weigh one decision as evidence about the hidden disposition: what
/// each motive's rules argued for each response that was possible. Only the possible responses
/// are kept, side by side in index order (an impossible one has no chance under any
/// disposition), so weighing them under a disposition runs over as few lanes as there were
/// choices, not over every response the AI has.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// `by_motive[m][k]`: what the rules of motive `m` argued for the `k`-th possible response.
    /// Motive by motive, so that weighing every response under one disposition runs down whole
    /// rows.
    pub by_motive: [[f32; MAX_RESPONSES]; MAX_MOTIVES],
    /// How many responses were possible: the columns in use.
    pub possible: usize,
    /// The chosen response's column (meaningless when it was not possible: `chosen_possible`).
    pub chosen: usize,
    /// Whether the chosen response was possible (not so only when nothing was).
    pub chosen_possible: bool,
}

impl Default for Evidence {
    fn default() -> Self {
        Evidence {
            by_motive: [[0.0; MAX_RESPONSES]; MAX_MOTIVES],
            possible: 0,
            chosen: 0,
            chosen_possible: false,
        }
    }
}

impl Evidence {
    /// The chance of the chosen response under each disposition (`scales[d]`, its weight of
    /// each motive) as each observer sees it (`widths[a]`: the noise they allow): `chances[a][d]`
    /// is the chance that the chosen response comes out on top when every possible response's
    /// score under `d` gets a draw of its own, uniform in `[0, widths[a])`, as the decider adds
    /// noise (`win_chance`); 0 when it was not possible. A response that wins whatever the draws
    /// under every disposition says nothing about which one it is, however much wider its lead
    /// is under one of them.
    pub fn chances(
        &self,
        scales: &[&[f32]],
        widths: &[f32],
    ) -> [[f32; MAX_DISPOSITIONS]; MAX_ANALYSTS] {
        let out = [[0f32; MAX_DISPOSITIONS]; MAX_ANALYSTS];
        if !self.chosen_possible || self.possible == 0 {
            return out;
        }
        debug_assert!(
            self.chosen < self.possible,
            "the chosen column is a possible one"
        );
        match self.possible {
            0..=8 => self.chances_in::<8>(scales, widths),
            9..=16 => self.chances_in::<16>(scales, widths),
            _ => self.chances_in::<MAX_RESPONSES>(scales, widths),
        }
    }

    /// `chances`, with the scores worked out over `LANES` responses, at least as many as were
    /// possible: a fixed-length loop the compiler runs as a few vector instructions.
    #[inline(always)]
    fn chances_in<const LANES: usize>(
        &self,
        scales: &[&[f32]],
        widths: &[f32],
    ) -> [[f32; MAX_DISPOSITIONS]; MAX_ANALYSTS] {
        let mut out = [[0f32; MAX_DISPOSITIONS]; MAX_ANALYSTS];
        let n = self.possible.min(LANES);
        let chosen = self.chosen.min(n - 1);
        for (d, scale) in scales.iter().enumerate().take(MAX_DISPOSITIONS) {
            // Each possible response's score under the disposition: its motives added in order
            // from minus zero, as `Iterator::sum` does. A motive the disposition does not weigh
            // adds nothing. The lanes past the possible responses are worked out and never read.
            let mut scores = [-0.0f32; LANES];
            for (row, k) in self.by_motive.iter().zip(scale.iter()) {
                let row: &[f32; LANES] = row[..LANES].try_into().expect("LANES <= MAX_RESPONSES");
                for (sum, x) in scores.iter_mut().zip(row) {
                    *sum += x * k;
                }
            }
            // The nearest rival, found once for every observer.
            let nearest = nearest_rival(&scores[..n], chosen);
            for (row, width) in out.iter_mut().zip(widths) {
                row[d] = chance_near(&scores[..n], chosen, nearest, *width);
            }
        }
        out
    }
}

/// Points at which `win_chance` weighs the chosen answer's draw.
const DRAW_POINTS: usize = 16;

/// The chance that `scores[chosen]` plus a draw uniform in `[0, width)` beats every other score
/// plus a draw of its own from the same range (a tie, which has no chance, counted either way).
/// With the chosen draw at `x` widths, a rival `e` widths behind is beaten with chance
/// `clamp(e + x, 0, 1)`, so the chance is the mean over `x` in `[0, 1)` of the product of those:
/// taken at `DRAW_POINTS` evenly spread points of the stretch where it is above 0 (the midpoint
/// rule), within half a percentage point of the exact integral, under the 3% floor the analysts
/// put under every chance. Plain f32 arithmetic in a fixed order, so every platform gets the
/// same bits.
pub fn win_chance(scores: &[f32], chosen: usize, width: f32) -> f32 {
    chance_near(scores, chosen, nearest_rival(scores, chosen), width)
}

/// The highest score but the chosen one's.
#[inline]
fn nearest_rival(scores: &[f32], chosen: usize) -> f32 {
    let mut nearest = f32::NEG_INFINITY;
    for (j, s) in scores.iter().enumerate() {
        if j != chosen {
            nearest = nearest.max(*s);
        }
    }
    nearest
}

/// `win_chance`, given the nearest rival's score: most answers lead every rival by a width or
/// more, or trail one by as much, and are settled by it alone.
#[inline]
fn chance_near(scores: &[f32], chosen: usize, nearest: f32, width: f32) -> f32 {
    let width = width.max(1e-6);
    let own = scores[chosen];
    if own - nearest >= width {
        1.0
    } else if nearest - own >= width {
        0.0
    } else {
        contested_chance(scores, chosen, width)
    }
}

/// `win_chance` where the nearest rival is less than a width from the chosen answer.
fn contested_chance(scores: &[f32], chosen: usize, width: f32) -> f32 {
    let own = scores[chosen];
    // The rivals that can beat the chosen response on some draws: how far behind it each is,
    // in widths, in (-1, 1). One at least a width behind never does.
    let inv = 1.0 / width;
    let mut behind = [0f32; MAX_RESPONSES];
    let mut rivals = 0;
    // Where the product starts to be above 0: the chosen draw must make up every deficit.
    let mut from = 0f32;
    for (j, s) in scores.iter().enumerate() {
        let e = (own - s) * inv;
        if j != chosen && e < 1.0 {
            from = from.max(-e);
            behind[rivals] = e;
            rivals += 1;
        }
    }
    let step = (1.0 - from) / DRAW_POINTS as f32;
    let mut at = [0f32; DRAW_POINTS];
    for (i, x) in at.iter_mut().enumerate() {
        *x = from + (i as f32 + 0.5) * step;
    }
    let mut product = [1f32; DRAW_POINTS];
    for e in &behind[..rivals] {
        for (p, x) in product.iter_mut().zip(&at) {
            // Not `clamp`: this form compiles to the vector minimum and maximum.
            #[allow(clippy::manual_clamp)]
            let beaten = (e + x).max(0.0).min(1.0);
            *p *= beaten;
        }
    }
    let mut sum = 0f32;
    for p in &product {
        sum += p;
    }
    (sum * step).clamp(0.0, 1.0)
}

/// `e^x` for `x <= 0` (minus infinity and NaN give 0), to within 2 parts in 10 million. Plain
/// arithmetic only, so every platform gets the same bits, and with no branch, so the compiler
/// runs it over several responses at once: the analysts' update takes dozens of these a turn.
#[inline]
pub fn exp_nonpositive(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    // ln 2 split in two, so that k * LN2_HI is exact for the k that occur here.
    const LN2_HI: f32 = 0.693_145_75;
    const LN2_LO: f32 = 1.428_606_8e-6;
    // Adding 1.5 * 2^23 rounds to an integer in the float's own mantissa.
    const ROUND: f32 = 12_582_912.0;
    // Not `clamp`: this form compiles to the vector minimum and maximum.
    #[allow(clippy::manual_clamp)]
    let xc = x.max(-87.0).min(0.0);
    let t = xc * LOG2E + ROUND;
    let k = t - ROUND;
    let r = (xc - k * LN2_HI) - k * LN2_LO;
    // e^r on |r| <= ln2 / 2: Taylor to r^6 (error below 2.2e-7 relative).
    let p = 1.0
        + r * (1.0
            + r * (0.5
                + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
    // 2^k, built in the exponent bits: k sits in t's low mantissa bits (-126 <= k <= 0).
    let k_int = (t.to_bits() as i32).wrapping_sub(ROUND.to_bits() as i32);
    let scale = f32::from_bits((k_int.wrapping_add(127) as u32) << 23);
    // Under e^-87 (and for NaN) the answer is 0: every bit masked off, not a branch.
    let keep = ((x >= -87.0) as u32).wrapping_neg();
    f32::from_bits((p * scale).to_bits() & keep)
}

/// The logistic `1 / (1 + e^-x)`, from `exp_nonpositive` only (never `e` of a positive
/// number), so every platform gets the same bits: an event's chance of firing.
#[inline]
pub fn logistic(x: f32) -> f32 {
    if x >= 0.0 {
        1.0 / (1.0 + exp_nonpositive(-x))
    } else {
        let e = exp_nonpositive(x);
        e / (1.0 + e)
    }
}

/// Whether an event with logit `x` happens on `roll` (uniform in [0, 1)): `roll < logistic(x)`,
/// always the same answer, but the logistic is worked out only when the roll falls close to
/// it. Between two edges of `EVENT_BANDS` (every half unit from -8 to 8) the chance lies
/// between the logistic at the two edges, so a roll under the lower bound happens and one at or
/// over the upper bound does not; the bounds carry a relative margin of 1e-5, ten times the
/// error the tests allow the computed logistic. Most rolls are settled so, by a table look-up.
#[inline]
pub fn happens(x: f32, roll: f32) -> bool {
    if x.is_nan() {
        return roll < logistic(x);
    }
    // The band's index: the half units above -8, plus one. Truncation (not `floor`, a call
    // into the maths library on plain x86-64) is floor here for every band from -8 up, and
    // everything below -8 lands at 0 or under.
    let band = (((x + 8.0) * 2.0 + 1.0) as i32).clamp(0, EVENT_BANDS as i32 - 1) as usize;
    if roll < BAND_LOW[band] {
        return true;
    }
    if roll >= BAND_HIGH[band] {
        return false;
    }
    roll < logistic(x)
}

/// Bands of the logit for `happens`: below -8, each half unit from -8 to 8, and 8 or more.
const EVENT_BANDS: usize = 34;

/// Per band, the logistic at its lower edge less a relative margin of 1e-5 (0 below -8).
/// Checked against the library's `exp` by a test.
#[rustfmt::skip]
const BAND_LOW: [f32; EVENT_BANDS] = [
    0.0, 0.0003353468, 0.0005527731, 0.0009110421, 0.0015011672, 0.0024725983,
    0.004070097, 0.006692784, 0.010986833, 0.01798603, 0.029311938, 0.0474254,
    0.07585742, 0.11920173, 0.1824237, 0.26893872, 0.3775369, 0.499995, 0.6224531,
    0.73105127, 0.8175663, 0.88078827, 0.9241326, 0.9525646, 0.9706781, 0.982004,
    0.9890032, 0.9932972, 0.9959199, 0.9975174, 0.99848884, 0.9990789,
    0.9994372, 0.99965465,
];

/// Per band, the logistic at its upper edge plus a relative margin of 1e-5 (1 from 8 up).
#[rustfmt::skip]
const BAND_HIGH: [f32; EVENT_BANDS] = [
    0.00033535348, 0.0005527842, 0.0009110603, 0.0015011972, 0.002472648,
    0.0040701786, 0.006692918, 0.010987053, 0.017986389, 0.029312523, 0.047426347,
    0.075858936, 0.11920411, 0.18242735, 0.2689441, 0.37754443, 0.500005, 0.62246555,
    0.73106587, 0.81758267, 0.8808059, 0.92415106, 0.9525837, 0.97069746,
    0.9820236, 0.989023, 0.99331707, 0.99593985, 0.9975374, 0.9985088,
    0.99909896, 0.99945724, 0.9996746, 1.0,
];

/// How close two weighted arguments must be to count as level (relative to their size, at
/// least 1): well above float rounding, far below any difference a rule's weights make.
const LEVEL: f32 = 1e-5;

/// What a decider found the last time it decided in this game: which of its requirements and
/// rules held, for which atom bits, under which build of its checks. A check reads only the
/// bits of its masks, so at the next decision only the checks that read a bit that changed are
/// tested again (`BitTouches`): five to nine of Pyongyang's sixty-odd rules a turn in the
/// shipped levels, where a decider without it tests every rule of every possible response.
/// It is a cache, so it never changes a decision: two game states are equal whatever their
/// memos hold, and a memo made under other checks (another level, a hot reload) is thrown away
/// by its stamp. A slow check (`Check::slow`, one the masks cannot decide) reads more than the
/// bits, so it is tested again at every decision, by the interpreter (`AiChecks::slow`).
#[derive(Clone, Copy, Default)]
pub struct DecideMemo {
    /// The checks' stamp it was made under (`AiChecks::stamp`); 0 when never filled.
    stamp: u64,
    bits: u64,
    /// Bit = response: its requirements held.
    requires: u32,
    /// Bit = rule index, as `AiChecks::by_response`: its conditions held.
    rules: [u64; 2],
}

impl PartialEq for DecideMemo {
    /// Always: what a memo holds is worked out from the rest of the state.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for DecideMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DecideMemo")
    }
}

impl DecideMemo {
    /// Brings the verdicts up to date for `bits` under `checks`. With `SLOW` (checks that
    /// `AiChecks::any_slow` says may be slow), the slow requirements, and the slow rules of the
    /// responses possible now, are tested again whatever changed, by `slow_require` (response
    /// index) and `slow_rule` (rule index).
    #[inline]
    fn refresh<const SLOW: bool>(
        &mut self,
        checks: &AiChecks,
        bits: u64,
        slow_require: impl Fn(usize) -> bool,
        slow_rule: impl Fn(usize) -> bool,
    ) {
        let (mut requires, mut rules) = if self.stamp == checks.stamp {
            let mut changed = self.bits ^ bits;
            let (mut requires, mut rules) = (0u32, [0u64; 2]);
            while changed != 0 {
                let bit = changed.trailing_zeros() as usize;
                changed &= changed - 1;
                requires |= checks.touches.requires[bit];
                rules[0] |= checks.touches.rules[bit][0];
                rules[1] |= checks.touches.rules[bit][1];
            }
            (requires, rules)
        } else {
            let all = |n: usize| if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
            let n = checks.rules.len().min(MAX_RULES);
            self.stamp = checks.stamp;
            (
                all(checks.requires.len().min(MAX_RESPONSES)) as u32,
                [all(n), all(n.saturating_sub(64))],
            )
        };
        if SLOW {
            requires |= checks.slow.requires;
        }
        self.bits = bits;
        // The verdicts to test again are cleared, and set again where they hold: each test
        // only ORs in a bit, with no chain of stores through the memo.
        let mut held = self.requires & !requires;
        while requires != 0 {
            let r = requires.trailing_zeros() as usize;
            requires &= requires - 1;
            held |= (checks.requires[r].holds_as::<SLOW>(bits, || slow_require(r)) as u32) << r;
        }
        self.requires = held;
        if SLOW {
            // The slow rules of the possible responses (of all, when none is): the decider
            // reads no other rule's verdict this time, and a slow rule is tested again
            // whenever it is read.
            let wanted = rules_of(checks, held);
            rules[0] |= checks.slow.rules[0] & wanted[0];
            rules[1] |= checks.slow.rules[1] & wanted[1];
        }
        for (w, word) in rules.iter_mut().enumerate() {
            let mut held = self.rules[w] & !*word;
            while *word != 0 {
                let i = word.trailing_zeros() as usize;
                *word &= *word - 1;
                let rule = &checks.rules[w * 64 + i];
                held |= (rule.check.holds_as::<SLOW>(bits, || slow_rule(w * 64 + i)) as u64) << i;
            }
            self.rules[w] = held;
        }
    }
}

/// The rules that argue for the `responses` (bit = response index), as two words of bits (bit
/// = rule index): every rule when no response is given, as when none is possible.
#[inline(always)]
fn rules_of(checks: &AiChecks, responses: u32) -> [u64; 2] {
    if responses == 0 {
        return [u64::MAX; 2];
    }
    let mut rules = [0u64; 2];
    let mut left = responses;
    while left != 0 {
        let of = checks.by_response[left.trailing_zeros() as usize];
        left &= left - 1;
        rules[0] |= of as u64;
        rules[1] |= (of >> 64) as u64;
    }
    rules
}

/// Scores every response of `ai` and picks the best. When `evidence` is given (empty, as
/// `Evidence::default()` makes it) it is filled with the per-motive scores an analyst needs.
pub fn decide(
    sc: &Scenario,
    s: &GameState,
    ai: &Ai,
    motive_scale: &[f32],
    rng: &Stream,
    evidence: Option<&mut Evidence>,
) -> Decision {
    decide_as::<true>(sc, s, ai, motive_scale, rng, evidence, None)
}

/// `decide`, with the "why" worked out only when `WHY`: without it the decision keeps the
/// response, its score and noise and the support, and names no rule, no parts and no
/// runner-up. Batch runs and forecast rollouts, which count only the support, use that.
///
/// `evidence`, when given, must be as `Evidence::default()` leaves it: what the rules argue
/// is added to its rows, which are not cleared first.
///
/// `memo`, when given, is what this AI found at its last decision in this game (`DecideMemo`):
/// only the checks whose atoms changed since are tested again, and it is brought up to date.
#[inline]
pub fn decide_as<const WHY: bool>(
    sc: &Scenario,
    s: &GameState,
    ai: &Ai,
    motive_scale: &[f32],
    rng: &Stream,
    evidence: Option<&mut Evidence>,
    memo: Option<&mut DecideMemo>,
) -> Decision {
    // Chosen once per decision, not once per check: for an AI whose checks the masks all
    // decide (every shipped one), no check is asked whether it needs the interpreter.
    if sc.checks.ai(ai.who).any_slow {
        decide_in::<WHY, true>(sc, s, ai, motive_scale, rng, evidence, memo)
    } else {
        decide_in::<WHY, false>(sc, s, ai, motive_scale, rng, evidence, memo)
    }
}

/// `decide_as`, for an AI whose checks may be slow (`SLOW`, see `Check::holds_as`) or are not.
#[inline(always)]
fn decide_in<const WHY: bool, const SLOW: bool>(
    sc: &Scenario,
    s: &GameState,
    ai: &Ai,
    motive_scale: &[f32],
    rng: &Stream,
    mut evidence: Option<&mut Evidence>,
    memo: Option<&mut DecideMemo>,
) -> Decision {
    let n = ai.responses.len().min(MAX_RESPONSES);
    let checks = sc.checks.ai(ai.who);
    debug_assert!(
        evidence
            .as_deref()
            .is_none_or(|ev| ev.by_motive.as_flattened().iter().all(|x| *x == 0.0)),
        "the evidence starts empty"
    );
    let bits = s.truths(&checks.atoms);
    // Which responses are possible now; with a memo, which rules hold too (`remembered`).
    let mut available = 0u32;
    let mut remembered = None;
    match memo {
        Some(memo) => {
            memo.refresh::<SLOW>(
                checks,
                bits,
                |r| s.holds_all_slow(sc, &ai.responses[r].requires),
                |i| s.holds_all_slow(sc, &ai.rules[i].when),
            );
            available = memo.requires;
            remembered = Some(memo.rules);
        }
        None => {
            for (r, response) in ai.responses.iter().enumerate().take(n) {
                if checks.requires[r]
                    .holds_as::<SLOW>(bits, || s.holds_all_slow(sc, &response.requires))
                {
                    available |= 1 << r;
                }
            }
        }
    }
    // Only rules for a possible response can matter (to the choice, the "why" and the
    // analysts alike), so the others are not tested; with nothing possible, all are.
    let wanted = if available == 0 { u32::MAX } else { available };
    // The evidence has a column per possible response, in index order.
    let mut column = [0u8; MAX_RESPONSES];
    if let Some(ev) = evidence.as_deref_mut() {
        let mut left = available;
        let mut k = 0;
        while left != 0 {
            column[left.trailing_zeros() as usize] = k;
            k += 1;
            left &= left - 1;
        }
        ev.possible = k as usize;
    }
    let mut scores = [0f32; MAX_RESPONSES];
    // Every rule whose conditions hold and whose response is possible: it adds to its
    // response's score, and joins the set of rules that fired. Which rules argued most is
    // worked out below, for the chosen response only.
    let rules = &checks.rules[..checks.rules.len().min(MAX_RULES)];
    // With the "why", each fired rule's argument, kept for ranking the chosen response's
    // rules below (read only at the bits of `fired`).
    let mut arguments = [0f32; MAX_RULES];
    // The rules that hold among the possible responses' (all rules when none is possible), as
    // two words of bits: from the memo's verdicts when there is one, else tested here (only
    // the possible responses' rules).
    let held = match remembered {
        Some(held) => {
            let of_wanted = rules_of(checks, available);
            [held[0] & of_wanted[0], held[1] & of_wanted[1]]
        }
        None => {
            let mut held = [0u64; 2];
            for (ri, rule) in rules.iter().enumerate() {
                if wanted & (1 << rule.response as usize) != 0
                    && rule
                        .check
                        .holds_as::<SLOW>(bits, || s.holds_all_slow(sc, &ai.rules[ri].when))
                {
                    held[ri / 64 % 2] |= 1 << (ri % 64);
                }
            }
            held
        }
    };
    // Each of them, in file order, adds to its response's score (and the rules that fired are
    // exactly these).
    for (w, mut word) in held.into_iter().enumerate() {
        while word != 0 {
            let ri = w * 64 + word.trailing_zeros() as usize;
            word &= word - 1;
            let rule = &rules[ri];
            let r = rule.response as usize;
            let c = argument(s, rule, &checks.factors);
            let m = rule.motive as usize;
            scores[r] += c * motive_scale.get(m).copied().unwrap_or(1.0);
            // Nothing possible, no evidence: the choice had no chance under any disposition.
            // A rule that reads a hidden variable is none either: the analysts cannot see it.
            if available != 0
                && let Some(ev) = evidence.as_deref_mut()
                && m < MAX_MOTIVES
                && checks.hidden & (1u128 << (ri % MAX_RULES)) == 0
            {
                ev.by_motive[m][column[r] as usize] += c;
            }
            if WHY {
                arguments[ri % MAX_RULES] = c;
            }
        }
    }
    // Two words, not a u128: a shift by a varying amount is several instructions on a u128.
    let fired = held;
    let mut best: Option<(u16, f32, f32)> = None;
    let mut runner_up: Option<(u16, f32)> = None;
    // Without the "why" nobody reads the runner-up, so only a response that can still win
    // draws its noise: the best response's total is at least the highest score before noise,
    // and noise (under `ai.noise`, never negative) cannot lift one that falls short of it even
    // by its whole range. The choice, its score and its noise are the same.
    let mut highest = f32::NEG_INFINITY;
    if !WHY {
        let mut bits = available;
        while bits != 0 {
            highest = highest.max(scores[bits.trailing_zeros() as usize]);
            bits &= bits - 1;
        }
    }
    let mut bits = available;
    while bits != 0 {
        let r = bits.trailing_zeros() as usize;
        bits &= bits - 1;
        if !WHY && scores[r] + ai.noise < highest {
            continue;
        }
        // Response r's noise is the stream's r-th draw, whichever others are possible.
        let noise = ai.noise * rng.unit_at(r as u64);
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
    if let Some(ev) = evidence {
        ev.chosen = column[response as usize] as usize;
        ev.chosen_possible = available & (1 << response) != 0;
    }
    // The chosen response's rules, in file order: all that argued for it, and the two that
    // argued most before the disposition's weighting.
    let support = (fired[0] as u128 | (fired[1] as u128) << 64)
        & checks
            .by_response
            .get(response as usize)
            .copied()
            .unwrap_or(0);
    if !WHY {
        return Decision {
            response,
            rule: None,
            second: None,
            weight: 0.0,
            factor_parts: [0.0; MAX_FACTORS],
            score,
            noise,
            runner_up: None,
            possible: available,
            support,
            weighted: None,
            readings: [None; MAX_MOTIVES],
        };
    }
    let [mut first, mut second]: [Option<(u16, f32)>; 2] = [None; 2];
    // The rule that argued most after the disposition's weighting (the first of equals).
    let weigh = |ri: usize| {
        let m = rules[ri % rules.len().max(1)].motive as usize;
        arguments[ri % MAX_RULES] * motive_scale.get(m).copied().unwrap_or(1.0)
    };
    let mut weighted: Option<(u16, f32)> = None;
    let mut by_motive: [Option<(u16, f32)>; MAX_MOTIVES] = [None; MAX_MOTIVES];
    let mut left = support;
    while left != 0 {
        let ri = left.trailing_zeros() as usize;
        left &= left - 1;
        let c = arguments[ri % MAX_RULES];
        let w = weigh(ri);
        // The hindsight may name a rule that reads a hidden variable; the "why" shown in play
        // (the named rules and the readings) may not.
        if weighted.is_none_or(|(_, bw)| w > bw) {
            weighted = Some((ri as u16, w));
        }
        if checks.hidden & (1u128 << (ri % MAX_RULES)) != 0 {
            continue;
        }
        let m = rules[ri % rules.len().max(1)].motive as usize % MAX_MOTIVES;
        if c > 0.0 && by_motive[m].is_none_or(|(_, bc)| c > bc) {
            by_motive[m] = Some((ri as u16, c));
        }
        if first.is_none_or(|(_, bc)| c > bc) {
            second = first;
            first = Some((ri as u16, c));
        } else if second.is_none_or(|(_, bc)| c > bc) {
            second = Some((ri as u16, c));
        }
    }
    // A rule that held but argued against the answer (a brake, or a rule whose factors ran
    // negative, as the ordered test on 2013's first turn) is never named as its reason.
    let rule = first.filter(|(_, c)| *c > 0.0).map(|(r, _)| r);
    let second = second.filter(|(_, c)| *c > 0.0);
    // Equal after the weighting means equal within float rounding (two rules can argue the
    // same amount by different sums): the named rule stands if it is level with the best, so
    // the hindsight never calls another rule the stronger reason when they were equal; else the
    // first rule in file order that is level with the best.
    if let Some((_, bw)) = weighted {
        let level = |w: f32| w >= bw - LEVEL * bw.abs().max(1.0);
        if let Some(r) = rule.filter(|r| level(weigh(*r as usize))) {
            weighted = Some((r, bw));
        } else {
            let mut left = support;
            while left != 0 {
                let ri = left.trailing_zeros() as usize;
                left &= left - 1;
                if level(weigh(ri)) {
                    weighted = Some((ri as u16, bw));
                    break;
                }
            }
        }
    }
    // Strongest first; of equals, the first in file order (a stable sort of the file-ordered
    // motives would tie on motive order, so ties are broken by the rule's index).
    let mut ranked = by_motive;
    ranked.sort_by(|a, b| match (a, b) {
        (Some((ra, ca)), Some((rb, cb))) => cb.total_cmp(ca).then(ra.cmp(rb)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let readings = ranked.map(|m| m.map(|(r, _)| r));
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
        possible: available,
        support,
        weighted: weighted.map(|(r, _)| r),
        readings,
    }
}

/// What a rule argues for its response now, before the disposition's weighting: its weight
/// plus each factor times its variable.
#[inline(always)]
fn argument(s: &GameState, rule: &RuleCheck, factors: &[(VarRef, f32)]) -> f32 {
    let mut c = rule.weight;
    for (v, k) in &factors[rule.factors.clone()] {
        c += k * s.value(*v);
    }
    c
}

/// True when every condition holds (a helper for policies and the UI).
pub fn all_hold(sc: &Scenario, s: &GameState, conds: &[Cond]) -> bool {
    s.holds_all(sc, conds)
}

/// For the tests: a plain sequence of numbers in [0, 1) from `seed` (a linear congruential
/// generator, apart from the game's streams so a change there does not move them).
#[cfg(test)]
fn test_draws(seed: u64) -> impl FnMut() -> f32 {
    let mut state = seed;
    move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 40) as f32 / (1u32 << 24) as f32
    }
}

#[cfg(test)]
mod evidence_tests {
    use super::{Evidence, MAX_ANALYSTS, MAX_DISPOSITIONS, MAX_MOTIVES, MAX_RESPONSES, win_chance};

    /// The chance a response wins under uniform noise, by brute force: the integral over the
    /// chosen draw, by the midpoint rule on a fine grid, in f64.
    fn by_grid(scores: &[f64], chosen: usize, width: f64) -> f64 {
        const STEPS: usize = 20_000;
        let mut total = 0.0;
        for i in 0..STEPS {
            let x = (i as f64 + 0.5) / STEPS as f64;
            let mut p = 1.0;
            for (j, s) in scores.iter().enumerate() {
                if j != chosen {
                    p *= ((scores[chosen] - s) / width + x).clamp(0.0, 1.0);
                }
            }
            total += p;
        }
        total / STEPS as f64
    }

    /// The analysts' chance of a choice is the chance it comes out on top when each possible
    /// response's score under the disposition gets its own draw, uniform over the width the
    /// analyst allows: checked against a brute-force integral for every number of possible
    /// responses and chosen response, with scores close enough to contend; the chances of the
    /// possible responses add up to 1; a response a width behind another never wins, and one a
    /// width ahead of every other always does.
    #[test]
    fn chances_are_those_of_winning_under_the_noise() {
        let mut next = super::test_draws(11);
        // Fewer dispositions and observers than the most a level may have, and dispositions
        // weighing fewer motives than there are (a motive left out adds nothing), one of them
        // weighing some motives at zero or below.
        let mut scales: Vec<Vec<f32>> = (0..MAX_DISPOSITIONS - 1)
            .map(|d| (0..MAX_MOTIVES - d).map(|_| next() * 2.0).collect())
            .collect();
        scales[1][0] = 0.0;
        scales[1][2] = -0.5;
        let scale_refs: Vec<&[f32]> = scales.iter().map(|v| v.as_slice()).collect();
        let widths = [0.3, 1.7, 4.0][..(MAX_ANALYSTS - 1).min(3)].to_vec();
        for possible in 1..=MAX_RESPONSES {
            let mut sums = vec![[0f64; MAX_DISPOSITIONS]; widths.len()];
            // The same evidence for every chosen response, so that the chances add up; past
            // the possible responses, numbers that would show if they were read.
            let mut by_motive = [[0f32; MAX_RESPONSES]; MAX_MOTIVES];
            for row in &mut by_motive {
                for (k, x) in row.iter_mut().enumerate() {
                    *x = if k < possible {
                        (next() - 0.5) * 0.6
                    } else {
                        1e6
                    };
                }
            }
            for chosen in 0..possible {
                let ev = Evidence {
                    by_motive,
                    possible,
                    chosen,
                    chosen_possible: true,
                };
                let got = ev.chances(&scale_refs, &widths);
                for (a, row) in got.iter().enumerate() {
                    for (d, chance) in row.iter().enumerate() {
                        if d >= scales.len() || a >= widths.len() {
                            assert_eq!(*chance, 0.0, "no such observer or disposition");
                        }
                    }
                }
                for (d, scale) in scales.iter().enumerate() {
                    let scores: Vec<f64> = (0..possible)
                        .map(|k| {
                            scale
                                .iter()
                                .enumerate()
                                .map(|(m, w)| ev.by_motive[m][k] as f64 * *w as f64)
                                .sum()
                        })
                        .collect();
                    for (a, width) in widths.iter().enumerate() {
                        let want = by_grid(&scores, chosen, *width as f64);
                        let diff = (got[a][d] as f64 - want).abs();
                        assert!(
                            diff <= 0.005,
                            "{possible} possible, chose {chosen}, disposition {d}, analyst {a}: {} vs {want}",
                            got[a][d]
                        );
                        sums[a][d] += got[a][d] as f64;
                    }
                }
            }
            for row in &sums {
                for sum in &row[..scales.len()] {
                    assert!(
                        (sum - 1.0).abs() < 0.01,
                        "{possible} possible: the chances add up to {sum}"
                    );
                }
            }
        }
        // A width behind: never; a width ahead of every other: always.
        assert_eq!(win_chance(&[0.0, 1.0, 0.2], 0, 1.0), 0.0);
        assert_eq!(win_chance(&[2.0, 1.0, 0.2], 0, 1.0), 1.0);
        assert_eq!(win_chance(&[0.5, 0.5], 1, 1.0), 0.5);
        // Nothing possible: no chance under any disposition.
        let none = Evidence::default();
        assert_eq!(
            none.chances(&scale_refs, &widths),
            [[0.0; MAX_DISPOSITIONS]; MAX_ANALYSTS]
        );
    }
}

#[cfg(test)]
mod exp_tests {
    use super::{exp_nonpositive, logistic};

    /// An event's chance: close to the library's logistic everywhere, 1/2 at 0, and never
    /// falling as x grows (so a larger factor never makes an event less likely).
    #[test]
    fn logistic_matches_the_library_and_never_falls() {
        let mut x = -100.0f32;
        let mut last = 0.0;
        while x < 100.0 {
            let want = 1.0 / (1.0 + (-x as f64).exp());
            let got = logistic(x);
            assert!(
                (got as f64 - want).abs() <= want * 1e-6 + 1e-37,
                "logistic({x}): {got} vs {want}"
            );
            assert!(got >= last, "logistic falls at {x}");
            last = got;
            x += 0.0173;
        }
        assert_eq!(logistic(0.0), 0.5);
        assert_eq!(logistic(200.0), 1.0);
        assert_eq!(logistic(-200.0), 0.0);
    }

    /// The bands `happens` settles most rolls with hold the logistic between their bounds
    /// (by the library's `exp`, with room for the computed logistic's error), and `happens`
    /// answers exactly as `roll < logistic(x)` does, near the bounds and far from them.
    #[test]
    fn an_event_happens_exactly_when_the_roll_is_under_its_chance() {
        use super::{BAND_HIGH, BAND_LOW, EVENT_BANDS, happens};
        let exact = |x: f64| 1.0 / (1.0 + (-x).exp());
        for band in 1..EVENT_BANDS {
            let edge = -8.0 + (band - 1) as f64 / 2.0;
            let at = exact(edge);
            assert!(
                (BAND_LOW[band] as f64) < at * (1.0 - 2e-6),
                "low bound {band}"
            );
            assert!(
                (BAND_HIGH[band - 1] as f64) > at * (1.0 + 2e-6),
                "high bound {band}"
            );
        }
        let mut next = super::test_draws(7);
        let (mut fired, mut tried) = (0, 0);
        for _ in 0..400_000 {
            let x = (next() - 0.5) * 24.0;
            let p = logistic(x);
            // Rolls anywhere, and rolls within a hair of the chance itself.
            for roll in [next(), p, p - p * 1e-6, f32::from_bits(p.to_bits() + 1)] {
                let roll = roll.clamp(0.0, 1.0 - f32::EPSILON);
                assert_eq!(happens(x, roll), roll < p, "x {x}, roll {roll}, chance {p}");
                tried += 1;
                fired += (roll < p) as u32;
            }
        }
        assert!(
            fired > tried / 10,
            "both answers occur ({fired} of {tried})"
        );
        assert!(
            !happens(f32::NAN, 0.0),
            "a chance that is not a number never fires"
        );
    }

    #[test]
    fn matches_the_library_exp_closely() {
        let mut x = 0.0f32;
        while x > -90.0 {
            let want = x.exp();
            let got = exp_nonpositive(x);
            let tolerance = want * 3e-7 + 2e-38;
            assert!((got - want).abs() <= tolerance, "e^{x}: {got} vs {want}");
            x -= 0.0137;
        }
        assert_eq!(exp_nonpositive(0.0), 1.0);
        assert_eq!(exp_nonpositive(f32::NEG_INFINITY), 0.0);
    }
}
