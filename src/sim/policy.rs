//! Player policies for batch runs and tests: who picks the Washington–Seoul move each turn.
//! Weighted policies are RON files (`assets/policies/*.ron` ship `hawk`, `dove`, `beijing`,
//! `balanced`, `deterrence` and `adaptive`, which reads the intelligence estimate);
//! `historical` follows the level's script and `random` picks any available move.

use super::decide::{is_available, is_available_as};
use super::rng::{Purpose, stream};
use super::state::GameState;
use crate::rules::atoms::CheckList;
use crate::rules::compile::{self, Checker, Source};
use crate::rules::load::parse;
use crate::rules::raw::PolicyDef;
use crate::rules::{Cond, Diagnostics, Family, Scenario};
use rand::Rng;
use std::path::Path;

/// Names of the built-in policies, in the order `--help` lists them.
pub const BUILTIN: [&str; 8] = crate::rules::BUILTIN_POLICIES;

/// What a built-in policy does, in a line, for the Policy lab's table, the Settings screen and
/// the forecast's caption (its file says it at length); None for a policy of a modder's file.
pub fn builtin_summary(name: &str) -> Option<&'static str> {
    Some(match name {
        "hawk" => "shows of force first, sanctions when it can, never talks",
        "dove" => "restraint and talks, never a show of force",
        "beijing" => "works through Beijing: consultations, talks, the UN",
        "deterrence" => "answers each provocation with force, talks once engaged",
        "balanced" => "deters after provocations, reassures when tension runs high",
        "adaptive" => "reads the intelligence estimate and plays to the likeliest type",
        "historical" => "plays what Washington and Seoul really did in the level's year",
        "random" => "any open move, at random",
        _ => return None,
    })
}

#[derive(Debug, Clone)]
pub enum Policy {
    /// Scores each available action: its family's weight, matching rules, and noise.
    Weighted {
        name: String,
        rules: Vec<(u16, f32, Vec<Cond>)>,
        /// The rules' conditions compiled for the scenario the policy was loaded for, in the
        /// rules' order.
        checks: Box<CheckList>,
        /// Per action of that scenario: its family's weight, and the range of its rules.
        by_action: Vec<(f32, std::ops::Range<usize>)>,
        /// Every action with the most it can score (`ceiling`), highest first (ties by index):
        /// the order `choose` tries them in, so that it can stop at the first that cannot win.
        by_ceiling: Vec<(f32, u16)>,
        noise: f32,
    },
    /// The level's script; turns without a scripted move hold course.
    Historical,
    /// Any available move, uniformly.
    Random,
}

impl Policy {
    pub fn name(&self) -> &str {
        match self {
            Policy::Weighted { name, .. } => name,
            Policy::Historical => "historical",
            Policy::Random => "random",
        }
    }

    /// Whether every move `choose` returns is playable now or is the level's fallback (which
    /// a turn plays in place of an unplayable move anyway), so that the turn need not check
    /// it again: so for weighted and random policies; a script may name any move.
    pub fn picks_playable(&self) -> bool {
        match self {
            Policy::Weighted { .. } | Policy::Random => true,
            Policy::Historical => false,
        }
    }

    /// Whether the policy reads the intelligence estimate (`estimate.<disposition>`).
    pub fn reads_estimate(&self) -> bool {
        match self {
            Policy::Weighted { rules, .. } => rules
                .iter()
                .any(|(_, _, when)| when.iter().any(crate::rules::cond_reads_estimate)),
            Policy::Historical | Policy::Random => false,
        }
    }

    /// A built-in policy by name, or a policy file by path.
    pub fn load(
        sc: &Scenario,
        data_root: &Path,
        name_or_path: &str,
    ) -> Result<Policy, PolicyError> {
        match name_or_path {
            "historical" => return Ok(Policy::Historical),
            "random" => return Ok(Policy::Random),
            _ => {}
        }
        let path = if BUILTIN.contains(&name_or_path) {
            data_root
                .join("assets")
                .join("policies")
                .join(format!("{name_or_path}.ron"))
        } else {
            let p = Path::new(name_or_path);
            // A name that looks like a file's is reported as a missing file, not an unknown
            // built-in.
            let path_like = name_or_path.ends_with(".ron") || name_or_path.contains(['/', '\\']);
            if !p.exists() && !path_like {
                return Err(PolicyError::Unknown(name_or_path.to_string()));
            }
            p.to_path_buf()
        };
        let text = crate::rules::load::read_checked(&path)
            .map_err(|d| PolicyError::Invalid(Diagnostics(vec![d])))?;
        Policy::from_text(sc, &path, &text)
    }

    /// A policy from its RON text (`path` names it in problems and gives its default name).
    pub fn from_text(sc: &Scenario, path: &Path, text: &str) -> Result<Policy, PolicyError> {
        let mut diags = Diagnostics::default();
        let def: PolicyDef = match parse(path, text) {
            Ok(d) => d,
            // A level where a policy was looked for: said so, as a policy in levels/ is,
            // rather than as a policy with a level's fields.
            Err(_) if crate::rules::file_kind::looks_like_level(text) => {
                diags.push(crate::rules::Diagnostic::whole_file(
                    path,
                    crate::rules::file_kind::A_LEVEL_NOT_A_POLICY.into(),
                ));
                return Err(PolicyError::Invalid(diags));
            }
            Err(d) => {
                diags.push(d);
                return Err(PolicyError::Invalid(diags));
            }
        };
        let mut rules = {
            let mut ck = Checker {
                src: Source { path, text },
                diags: &mut diags,
                origin_file: path.display().to_string().into(),
                remap: None,
                own: None,
                index: Default::default(),
            };
            compile::policy_rules(sc, &mut ck, &def)
        };
        if !diags.is_empty() {
            return Err(PolicyError::Invalid(diags));
        }
        // Grouped by action (a stable sort keeps each action's rules in file order, so their
        // weights add up in the same order), for `choose` to find an action's rules at once.
        rules.sort_by_key(|(action, _, _)| *action);
        let mut families = [0.0; 4];
        for (i, f) in Family::ALL.iter().enumerate() {
            families[i] = def.families.get(f).copied().unwrap_or(0.0);
        }
        let name = if def.name.is_empty() {
            path.file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default()
        } else {
            def.name
        };
        let checks = Box::new(CheckList::build(
            rules.iter().map(|(_, _, when)| when.as_slice()),
            &sc.rules,
            sc.def.beijing_stance,
            &sc.checks.whole,
        ));
        let by_action = sc
            .actions
            .iter()
            .enumerate()
            .map(|(a, action)| {
                let family = Family::ALL
                    .iter()
                    .position(|f| *f == action.family)
                    .unwrap_or(0);
                let first = rules.partition_point(|(ra, _, _)| (*ra as usize) < a);
                let end = rules.partition_point(|(ra, _, _)| (*ra as usize) <= a);
                (families[family], first..end)
            })
            .collect::<Vec<_>>();
        let mut by_ceiling: Vec<(f32, u16)> = by_action
            .iter()
            .enumerate()
            .map(|(a, (family, mine))| {
                let weights = rules[mine.clone()].iter().map(|(_, w, _)| *w);
                (ceiling(*family, def.noise, weights), a as u16)
            })
            .collect();
        by_ceiling.sort_by(|(x, a), (y, b)| y.total_cmp(x).then(a.cmp(b)));
        Ok(Policy::Weighted {
            name,
            rules,
            checks,
            by_action,
            by_ceiling,
            noise: def.noise,
        })
    }

    /// The move this policy makes now.
    pub fn choose(&self, sc: &Scenario, s: &GameState) -> u16 {
        match self {
            Policy::Historical => sc
                .script
                .get(s.turn as usize - 1)
                .copied()
                .flatten()
                .unwrap_or(sc.fallback_action),
            Policy::Random => {
                let mut rng = stream(s.seed, s.turn, Purpose::Policy);
                let mut pick = sc.fallback_action;
                let mut seen = 0u32;
                let bits = s.truths(&sc.checks.actions.atoms);
                // Reservoir sampling over the available moves: one pass, no allocation.
                for a in 0..sc.actions.len() as u16 {
                    if is_available(sc, s, a, bits) {
                        seen += 1;
                        if rng.random_range(0..seen) == 0 {
                            pick = a;
                        }
                    }
                }
                pick
            }
            Policy::Weighted {
                rules,
                checks,
                by_action,
                by_ceiling,
                noise,
                ..
            } => {
                // Chosen once per move, not once per rule (see `Check::holds_as`).
                if checks.any_slow || sc.checks.actions.any_slow {
                    choose_weighted::<true>(sc, s, rules, checks, by_action, by_ceiling, *noise)
                } else {
                    choose_weighted::<false>(sc, s, rules, checks, by_action, by_ceiling, *noise)
                }
            }
        }
    }
}

/// `Policy::choose` for a weighted policy (its fields), where its checks and the actions'
/// may be slow (`SLOW`, see `Check::holds_as`) or, when false, none is.
#[inline(always)]
fn choose_weighted<const SLOW: bool>(
    sc: &Scenario,
    s: &GameState,
    rules: &[(u16, f32, Vec<Cond>)],
    checks: &CheckList,
    by_action: &[(f32, std::ops::Range<usize>)],
    by_ceiling: &[(f32, u16)],
    noise: f32,
) -> u16 {
    let rng = stream(s.seed, s.turn, Purpose::Policy);
    let available = s.truths(&sc.checks.actions.atoms);
    let bits = s.truths(&checks.atoms);
    // The first action with the highest score wins. Actions are tried from the
    // highest ceiling down, and the search stops at the first that cannot beat the
    // best so far (nor tie it from a lower index): the same choice as trying
    // every action in index order, without scoring most of them.
    let mut best = (sc.fallback_action, f32::NEG_INFINITY);
    for &(ceiling, a) in by_ceiling {
        if ceiling < best.1 || (ceiling == best.1 && a > best.0) {
            break;
        }
        if !is_available_as::<SLOW>(sc, s, a, available) {
            continue;
        }
        let (family, mine) = &by_action[a as usize];
        // Action a's jitter is the stream's a-th draw, whichever others are open.
        let jitter = noise * rng.unit_at(a as u64);
        let mut score = family + jitter;
        for ((_, w, when), check) in rules[mine.clone()].iter().zip(&checks.checks[mine.clone()]) {
            if check.holds_as::<SLOW>(bits, || s.holds_all_slow(sc, when)) {
                score += w;
            }
        }
        if score > best.1 || (score == best.1 && a < best.0) {
            best = (a, score);
        }
    }
    best.0
}

/// The most an action can score: its family's weight, the most jitter can add, and every
/// rule that would raise it, added in the order `choose` adds them. Rounding never lowers a
/// sum when a term grows, so no score `choose` computes for the action is above this.
fn ceiling(family: f32, noise: f32, weights: impl Iterator<Item = f32>) -> f32 {
    let mut most = family + noise.max(0.0);
    for w in weights.filter(|w| *w > 0.0) {
        most += w;
    }
    most
}

#[derive(Debug)]
pub enum PolicyError {
    /// Neither a built-in name nor an existing file.
    Unknown(String),
    /// The file has problems.
    Invalid(Diagnostics),
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PolicyError::Unknown(name) => write!(
                f,
                "unknown policy \"{name}\": use one of {} or the path of a policy RON file",
                BUILTIN.join(", ")
            ),
            PolicyError::Invalid(d) => write!(f, "{d}"),
        }
    }
}
