//! Warnings: data that loads but cannot be what its author meant — a condition that can never
//! hold (a variable asked to pass its range, two bounds that exclude each other, more moves than
//! the turns allow), and so an AI rule that can never fire, an event that can never happen, an
//! action nothing can unlock, an `If` effect whose `then` never applies, or an objective that
//! can never be met. `validate` reports them; they
//! fail only with `--deny-warnings`.
//!
//! One note is about speed, not meaning: an AI's or an event's list of conditions that the
//! compiled bit masks cannot decide (`atoms.rs`) falls back to the slower walk through the
//! conditions. The result is the same, but that list is tested the slow way at every decision,
//! which batch runs and the forecast notice a little; the note names the list, why, and what
//! to write instead. It is a note (`SPEED_NOTE`), not a warning: `--deny-warnings` lets it
//! pass, and the desktop does not show it.

use super::atoms::{CheckList, MAX_ATOMS, SlowCause, slow_cause, whole_vars};
use super::compile::Checker;
use super::diagnostics::Diagnostics;
use super::model::{Cond, Rules, Who};
use super::patch::RawRules;
use super::raw::{ActionDef, BeijingStance, Condition, Effect, LevelDef, MapMarkDef, ObjectiveDef};

/// The range a variable can take, if it is known.
fn range(rules: &Rules, name: &str, turns: u32) -> Option<(f32, f32)> {
    match name {
        "tension" => Some((0.0, 100.0)),
        "turn" => Some((1.0, turns as f32)),
        _ => rules
            .vars
            .iter()
            .find(|v| v.id == name)
            .map(|v| (v.min, v.max)),
    }
}

/// The first thing hidden from the player that a condition reads, if any: a variable
/// declared `hidden: true`, or the firing of events that are all quiet (a `Did` of the world's
/// on a tag only quiet events carry, which no news tells).
pub(crate) fn hidden_read(rules: &Rules, c: &Condition) -> Option<String> {
    let hidden = |name: &str| rules.vars.iter().any(|v| v.id == name && v.hidden);
    match c {
        Condition::AtLeast(v, _) | Condition::AtMost(v, _) => hidden(v).then(|| v.clone()),
        Condition::Any(list) => list.iter().find_map(|c| hidden_read(rules, c)),
        Condition::Not(inner) => hidden_read(rules, inner),
        Condition::Did { who, tag, .. } if Who::from_id(who) == Some(Who::World) => {
            let bit = rules.tag_bit(tag);
            let carriers = || rules.events.iter().filter(|e| e.tags & bit != 0);
            (bit != 0 && carriers().next().is_some() && carriers().all(|e| e.quiet))
                .then(|| format!("the quiet events tagged \"{tag}\""))
        }
        Condition::RungAtLeast(_)
        | Condition::RungBelow(_)
        | Condition::Stance(_)
        | Condition::Did { .. } => None,
    }
}

/// Warns at each of `factors` (`field[j]`: a variable and its weight) that is a variable
/// hidden from the player, in a place the player reads: "{what} {reads} the variable: {shown};
/// {instead}".
fn lint_hidden_factors(
    ck: &mut Checker,
    rules: &Rules,
    factors: &[(String, f32)],
    field: &str,
    [what, reads, shown, instead]: [&str; 4],
) {
    for (j, (v, _)) in factors.iter().enumerate() {
        if rules.vars.iter().any(|x| &x.id == v && x.hidden) {
            warn(
                ck,
                &format!("{field}[{j}]"),
                format!(
                    "{what} {reads} {v}, which is hidden from the player (`hidden: true`): {shown}; {instead}"
                ),
            );
        }
    }
}

/// Warns at each of `list`'s conditions that reads something hidden from the player, in a
/// place the player reads (`what`; `shown`: what would give it away there).
fn lint_hidden_reads(
    ck: &mut Checker,
    rules: &Rules,
    list: &[Condition],
    field: &str,
    what: &str,
    shown: &str,
) {
    for (j, c) in list.iter().enumerate() {
        if let Some(v) = hidden_read(rules, c) {
            warn(
                ck,
                &format!("{field}[{j}]"),
                format!(
                    "{what} reads {v}, which is hidden from the player (`hidden: true`, or events that are all `quiet`): {shown}; read what the player can see"
                ),
            );
        }
    }
}

/// Why a condition can never hold, if it cannot.
fn never(rules: &Rules, c: &Condition, turns: u32) -> Option<String> {
    match c {
        Condition::AtLeast(v, x) => match range(rules, v, turns) {
            Some((_, hi)) if *x > hi => Some(format!("{v} never reaches {x} (its most is {hi})")),
            _ => None,
        },
        Condition::AtMost(v, x) => match range(rules, v, turns) {
            Some((lo, _)) if *x < lo => Some(format!("{v} never falls to {x} (its least is {lo})")),
            _ => None,
        },
        Condition::Did {
            who,
            tag,
            within,
            at_least,
        } if *at_least > *within => Some(format!(
            "{who} cannot move with tag {tag} in {at_least} of the last {within} turn(s): `Did` counts turns"
        )),
        Condition::RungBelow(r) if rules.rungs.first().is_some_and(|f| f.id == *r) => {
            Some(format!("tension is never below {r}, the lowest rung"))
        }
        Condition::Any(list) if list.is_empty() => Some("Any([]) lists nothing to hold".into()),
        Condition::Any(list) => {
            let why: Option<Vec<String>> = list.iter().map(|c| never(rules, c, turns)).collect();
            why.map(|w| format!("none of Any(...) can hold: {}", w.join("; ")))
        }
        Condition::Not(inner) => {
            always(rules, inner, turns).map(|w| format!("Not(...) of what always holds: {w}"))
        }
        _ => None,
    }
}

/// Why a condition always holds, if it does.
fn always(rules: &Rules, c: &Condition, turns: u32) -> Option<String> {
    match c {
        Condition::AtLeast(v, x) => match range(rules, v, turns) {
            Some((lo, _)) if *x <= lo => Some(format!("{v} is always at least {x}")),
            _ => None,
        },
        Condition::AtMost(v, x) => match range(rules, v, turns) {
            Some((_, hi)) if *x >= hi => Some(format!("{v} is always at most {x}")),
            _ => None,
        },
        Condition::RungAtLeast(r) if rules.rungs.first().is_some_and(|f| f.id == *r) => Some(
            format!("tension is always at {r}, the lowest rung, or higher"),
        ),
        Condition::Not(inner) => never(rules, inner, turns),
        _ => None,
    }
}

/// Why objective `o` can never be met in a level of `turns` turns, if it cannot, with where
/// (`.when[j]` or `.not_before`, after the objective's own field).
pub(crate) fn objective_never_met(
    rules: &Rules,
    o: &ObjectiveDef,
    turns: u32,
    stance: Option<BeijingStance>,
) -> Option<(String, String)> {
    if let Some((j, why)) = never_all_in(rules, &o.when, turns, stance) {
        Some((format!(".when[{j}]"), why))
    } else if o.not_before > turns {
        Some((
            ".not_before".into(),
            format!(
                "not before turn {}, and the level has {turns}",
                o.not_before
            ),
        ))
    } else {
        None
    }
}

/// Why objective `o` holds in every game, whatever is played, if it does: every condition
/// holds whatever happens (a bound past the variable's range), so it decides every game the
/// first turn it may.
pub(crate) fn objective_always_met(rules: &Rules, o: &ObjectiveDef, turns: u32) -> Option<String> {
    let whys = o
        .when
        .iter()
        .map(|c| always(rules, c, turns))
        .collect::<Option<Vec<String>>>()?;
    Some(if whys.is_empty() {
        "it has no conditions".to_string()
    } else {
        whys.join("; ")
    })
}

/// How many turns of moves must lie behind a condition tested before the turn's moves for it
/// to hold at all: a `Did` needs its `at_least`, an `Any` the fewest of its members, anything
/// else none (None).
fn moves_needed(c: &Cond) -> Option<u32> {
    match c {
        Cond::Did { at_least, .. } => Some(u32::from(*at_least).max(1)),
        Cond::Any(list) => list
            .iter()
            .map(moves_needed)
            .collect::<Option<Vec<u32>>>()
            .and_then(|n| n.into_iter().min()),
        _ => None,
    }
}

/// `never`, in a level whose Beijing holds `stance` throughout (None: any level, as for the
/// rules files): a `Stance` of the other kind never holds there, nor the `Not` of its own.
fn never_in(
    rules: &Rules,
    c: &Condition,
    turns: u32,
    stance: Option<BeijingStance>,
) -> Option<String> {
    let Some(level) = stance else {
        return never(rules, c, turns);
    };
    match c {
        Condition::Stance(s) if *s != level => Some(format!(
            "Beijing's stance in this level is {} throughout (beijing_stance), never {}",
            level.label(),
            s.label()
        )),
        Condition::Not(inner) if matches!(**inner, Condition::Stance(s) if s == level) => {
            Some(format!(
                "Beijing's stance in this level is {} throughout (beijing_stance)",
                level.label()
            ))
        }
        Condition::Any(list) if !list.is_empty() => {
            let why: Option<Vec<String>> = list
                .iter()
                .map(|c| never_in(rules, c, turns, stance))
                .collect();
            why.map(|w| format!("none of Any(...) can hold: {}", w.join("; ")))
        }
        _ => never(rules, c, turns),
    }
}

/// `never_all`, in a level whose Beijing holds `stance` (see `never_in`).
fn never_all_in(
    rules: &Rules,
    list: &[Condition],
    turns: u32,
    stance: Option<BeijingStance>,
) -> Option<(usize, String)> {
    for (i, c) in list.iter().enumerate() {
        if let Some(why) = never_in(rules, c, turns, stance) {
            return Some((i, why));
        }
    }
    never_all(rules, list, turns)
}

/// Why a list of conditions (all must hold) never holds, with the index of the culprit.
fn never_all(rules: &Rules, list: &[Condition], turns: u32) -> Option<(usize, String)> {
    for (i, c) in list.iter().enumerate() {
        if let Some(why) = never(rules, c, turns) {
            return Some((i, why));
        }
    }
    // Rungs that exclude each other: RungAtLeast("brink") with RungBelow("signals"), either
    // of them perhaps written as the `Not` of the other kind.
    let rung = |id: &str| rules.rungs.iter().position(|r| r.id == id);
    // The rung a condition puts tension at or above (`above`), or below (not `above`).
    let side = |c: &Condition, above: bool| match (c, above) {
        (Condition::RungAtLeast(r), true) | (Condition::RungBelow(r), false) => Some(r.clone()),
        (Condition::Not(inner), _) => match (&**inner, above) {
            (Condition::RungBelow(r), true) | (Condition::RungAtLeast(r), false) => Some(r.clone()),
            _ => None,
        },
        _ => None,
    };
    for (i, c) in list.iter().enumerate() {
        if let Some(low) = side(c, true) {
            for d in list {
                if let Some(high) = side(d, false)
                    && let (Some(a), Some(b)) = (rung(&low), rung(&high))
                    && b <= a
                {
                    return Some((
                        i,
                        format!("tension cannot be at rung {low} or higher and below rung {high}"),
                    ));
                }
            }
        }
    }
    // Bounds on one variable that exclude each other: AtLeast(v, 60) with AtMost(v, 40), or
    // with Not(AtLeast(v, 50)) (below 50).
    for (i, c) in list.iter().enumerate() {
        if let Condition::AtLeast(v, lo) = c {
            for d in list {
                if let Condition::AtMost(w, hi) = d
                    && v == w
                    && lo > hi
                {
                    return Some((i, format!("{v} cannot be at least {lo} and at most {hi}")));
                }
                if let Condition::Not(inner) = d
                    && let Condition::AtLeast(w, below) = &**inner
                    && v == w
                    && lo >= below
                {
                    return Some((i, format!("{v} cannot be at least {lo} and below {below}")));
                }
            }
        }
        if let Condition::AtMost(v, hi) = c {
            for d in list {
                if let Condition::Not(inner) = d
                    && let Condition::AtMost(w, above) = &**inner
                    && v == w
                    && hi <= above
                {
                    return Some((i, format!("{v} cannot be at most {hi} and above {above}")));
                }
            }
        }
    }
    if let Some(found) = tension_bounds_exclude(rules, list) {
        return Some(found);
    }
    // A condition beside its own opposite, written the same way inside a `Not`.
    let written = |c: &Condition| format!("{c:?}");
    for (i, c) in list.iter().enumerate() {
        if let Condition::Not(inner) = c {
            let opposite = written(inner);
            if list.iter().any(|d| written(d) == opposite) {
                return Some((
                    i,
                    "it asks for a condition and for its opposite".to_string(),
                ));
            }
        }
    }
    // A level has one Beijing stance.
    for (i, c) in list.iter().enumerate() {
        if let Condition::Stance(a) = c
            && list
                .iter()
                .any(|d| matches!(d, Condition::Stance(b) if b != a))
        {
            return Some((
                i,
                "a level has one Beijing stance, and this asks for two".to_string(),
            ));
        }
    }
    None
}

/// A bound a condition puts on tension, by a number or by a rung's floor: the bound, whether
/// it is strict (below a floor, above a number), and how the message words it.
struct TensionBound {
    at: f32,
    strict: bool,
    words: String,
}

/// The tension at which rung `r` begins, if the ladder has it.
fn rung_floor(rules: &Rules, r: &str) -> Option<f32> {
    rules.rungs.iter().find(|x| x.id == r).map(|x| x.from)
}

/// The lower bound `c` puts on tension, if it puts one (`RungAtLeast(r)` is tension at r's
/// floor or more, as `GameState::holds` tests it).
fn tension_floor(rules: &Rules, c: &Condition) -> Option<TensionBound> {
    let from = |r: &str| rung_floor(rules, r);
    let (at, strict, words) = match c {
        Condition::AtLeast(v, x) if v == "tension" => (*x, false, format!("at least {x}")),
        Condition::RungAtLeast(r) => {
            let at = from(r)?;
            (at, false, format!("at rung {r} (from {at}) or higher"))
        }
        Condition::Not(inner) => match &**inner {
            Condition::AtMost(v, x) if v == "tension" => (*x, true, format!("above {x}")),
            Condition::RungBelow(r) => {
                let at = from(r)?;
                (at, false, format!("not below rung {r} (from {at})"))
            }
            _ => return None,
        },
        _ => return None,
    };
    Some(TensionBound { at, strict, words })
}

/// The upper bound `c` puts on tension, if it puts one (`RungBelow(r)` is tension under r's
/// floor).
fn tension_ceiling(rules: &Rules, c: &Condition) -> Option<TensionBound> {
    let from = |r: &str| rung_floor(rules, r);
    let (at, strict, words) = match c {
        Condition::AtMost(v, x) if v == "tension" => (*x, false, format!("at most {x}")),
        Condition::RungBelow(r) => {
            let at = from(r)?;
            (at, true, format!("below rung {r} (under {at})"))
        }
        Condition::Not(inner) => match &**inner {
            Condition::AtLeast(v, x) if v == "tension" => (*x, true, format!("below {x}")),
            Condition::RungAtLeast(r) => {
                let at = from(r)?;
                (at, true, format!("not at rung {r} or higher (under {at})"))
            }
            _ => return None,
        },
        _ => return None,
    };
    Some(TensionBound { at, strict, words })
}

/// Bounds on tension that exclude each other when one is a rung and the other a number (or
/// both numbers, one inside a `Not`): `RungBelow("signals")` (under 35) with
/// `AtLeast("tension", 40)`. The culprit is the lower bound's index.
fn tension_bounds_exclude(rules: &Rules, list: &[Condition]) -> Option<(usize, String)> {
    for (i, c) in list.iter().enumerate() {
        let Some(low) = tension_floor(rules, c) else {
            continue;
        };
        for d in list {
            let Some(high) = tension_ceiling(rules, d) else {
                continue;
            };
            if low.at > high.at || (low.at == high.at && (low.strict || high.strict)) {
                return Some((
                    i,
                    format!("tension cannot be {} and {}", low.words, high.words),
                ));
            }
        }
    }
    None
}

/// Every actor: none has moved yet when an action's `requires` or a player policy is checked.
const EVERYONE: [Who; 4] = [Who::Player, Who::Beijing, Who::Pyongyang, Who::World];

/// The first `Did` in `c` (looking inside `Any` and `Not`) for which `check` finds a fault:
/// the fault's field path below `field`, and why.
fn find_did(
    c: &Condition,
    field: &str,
    check: &dyn Fn(&str, &str, u32) -> Option<(&'static str, String)>,
) -> Option<(String, String)> {
    match c {
        Condition::Did {
            who, tag, within, ..
        } => check(who, tag, *within).map(|(part, why)| (format!("{field}.Did.{part}"), why)),
        Condition::Any(list) => list
            .iter()
            .enumerate()
            .find_map(|(i, c)| find_did(c, &format!("{field}.Any[{i}]"), check)),
        Condition::Not(inner) => find_did(inner, &format!("{field}.Not"), check),
        _ => None,
    }
}

/// A `Did` that looks only at the current turn (`within: 1`) for an actor who has not moved
/// yet when the condition is checked: it never sees a move. `blind` names those actors.
fn unseen_move(who: &str, tag: &str, within: u32, blind: &[Who]) -> Option<(&'static str, String)> {
    (within <= 1 && Who::from_id(who).is_some_and(|w| blind.contains(&w))).then(|| {
        (
            "within",
            format!(
                "Did(who: \"{who}\", tag: \"{tag}\", within: 1) never sees a move: {who} has not moved yet this turn when this is checked; within: 2 looks at its last move"
            ),
        )
    })
}

/// A `Did` about moves with a tag nothing of `who`'s carries (an AI's responses, the player's
/// actions, the world's events; with `level`, its own actions and events too): it never holds.
fn tag_nobody_moves(
    rules: &Rules,
    who: &str,
    tag: &str,
    level: Option<&LevelDef>,
) -> Option<(&'static str, String)> {
    let bit = rules.tag_bit(tag);
    let (carried, whose) = match Who::from_id(who) {
        Some(Who::Pyongyang) => (
            rules.pyongyang.responses.iter().any(|r| r.tags & bit != 0),
            format!("response of {who}"),
        ),
        Some(Who::Beijing) => (
            rules.beijing.responses.iter().any(|r| r.tags & bit != 0),
            format!("response of {who}"),
        ),
        Some(Who::Player) => (
            rules.actions.iter().any(|a| a.tags & bit != 0)
                || level.is_some_and(|d| {
                    d.actions.iter().any(|a| {
                        a.tags.iter().any(|t| t == tag) || (!a.neutral && a.family.tag() == tag)
                    })
                }),
            "action of the player's".to_string(),
        ),
        Some(Who::World) => (
            rules.events.iter().any(|e| e.tags & bit != 0)
                || level.is_some_and(|d| d.events.iter().any(|e| e.tags.iter().any(|t| t == tag))),
            "event".to_string(),
        ),
        None => return None,
    };
    (bit != 0 && !carried).then(|| {
        (
            "tag",
            format!("no {whose} carries the tag \"{tag}\", so {who} never makes such a move"),
        )
    })
}

/// Warns about each condition of `list` (at `field[i]`) that asks about a move it can never see.
fn lint_moves_seen(
    ck: &mut Checker,
    rules: &Rules,
    list: &[Condition],
    field: &str,
    blind: &[Who],
    what: &str,
    level: Option<&LevelDef>,
) {
    for (j, c) in list.iter().enumerate() {
        let at = format!("{field}[{j}]");
        let check = |who: &str, tag: &str, within: u32| {
            unseen_move(who, tag, within, blind)
                .or_else(|| tag_nobody_moves(rules, who, tag, level))
        };
        if let Some((path, why)) = find_did(c, &at, &check) {
            warn(ck, &path, format!("{what}: {why}"));
        }
        // A `Not` of what can never hold always holds: a guard that rules nothing out (a
        // level's turns are at most 60, so a bound on `turn` is judged against that). Inside
        // an `Any`, it makes the whole `Any` hold.
        if let Some((path, why)) = find_not_of_never(rules, c, &at) {
            let so = match path.ends_with("].Not") && path.contains(".Any[") {
                true => "so the Any around it always holds and rules nothing out",
                false => "so it rules nothing out",
            };
            warn(
                ck,
                &path,
                format!("{what}: Not(...) always holds, {so}: {why}"),
            );
        }
    }
}

/// The first `Not` in `c` (itself, or one of an `Any`'s, at any depth) of what can never hold:
/// its field path below `field`, and why its inside never holds.
fn find_not_of_never(rules: &Rules, c: &Condition, field: &str) -> Option<(String, String)> {
    match c {
        Condition::Not(inner) => never(rules, inner, 60).map(|why| (format!("{field}.Not"), why)),
        Condition::Any(list) => list
            .iter()
            .enumerate()
            .find_map(|(i, c)| find_not_of_never(rules, c, &format!("{field}.Any[{i}]"))),
        _ => None,
    }
}

/// Which mods changed the ladder, for a warning the base file's place cannot explain.
fn ladder_changed_by(raw: &RawRules) -> String {
    let mods: std::collections::BTreeSet<&str> = raw
        .touched
        .iter()
        .filter(|((file, _, _), _)| *file == 1)
        .map(|(_, m)| m.as_str())
        .collect();
    if mods.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = mods.iter().map(|m| format!("\"{m}\"")).collect();
        format!("; the ladder as mod {} changes it", names.join(", "))
    }
}

/// How a note on speed begins: a list the engine tests one condition at a time. It costs a
/// batch run a percent or two (docs/speed.md), changes no game, so `validate` prints it as a
/// note that `--deny-warnings` lets pass, and the desktop does not show it.
pub const SPEED_NOTE: &str = "note on speed: ";

fn warn(ck: &mut Checker, field: &str, message: String) {
    ck.error(field, format!("warning: {message}"));
}

/// A place a text is read during play, and how many characters it has room for there: each
/// room leaves clear space over the longest such text the shipped data has. Past it the text
/// still shows, wrapped, but crowds what is around it (map captions have a hard limit:
/// `MAX_CAPTION`; looked at under Xvfb at 1280x720: a card name of 68 characters takes five
/// lines and pushes the cards below out of view; a title of 50 pushes the rung and Beijing's
/// stance onto a second line of the top bar).
#[derive(Clone, Copy)]
enum Room {
    Title,
    Years,
    Summary,
    CardName,
    AnswerName,
    EventName,
    Objective,
    News,
    Because,
}

impl Room {
    fn most(self) -> usize {
        match self {
            Room::Title => 40,
            Room::Years => 12,
            Room::Summary => 200,
            Room::CardName | Room::AnswerName | Room::EventName => 48,
            Room::Objective => 100,
            Room::News | Room::Because => 300,
        }
    }

    fn place(self) -> &'static str {
        match self {
            Room::Title => "the dashboard's top bar beside the turn, the date and the rung",
            Room::Years => "the top bar after the title",
            Room::Summary => "the list of levels",
            Room::CardName => "a move's card",
            Room::AnswerName => "the turn's answers and the debrief's timeline",
            Room::EventName => "the turn's news and the debrief's timeline",
            Room::Objective => "the objectives panel",
            Room::News => "the News panel",
            Room::Because => "the \"why\" under an answer",
        }
    }
}

/// Warns at `field` when `text` is longer than `room` has room for.
fn lint_room(ck: &mut Checker, field: &str, what: &str, text: &str, room: Room) {
    let n = text.chars().count();
    if n > room.most() {
        warn(
            ck,
            field,
            format!(
                "{what}: this text is {n} characters long, more than the {} or so that fit in {}: a longer one wraps onto more lines and crowds what is around it; shorten it",
                room.most(),
                room.place()
            ),
        );
    }
}

/// An `If` among `effects` (at `field`, looking inside `Later` and the branches) whose
/// conditions can never hold: its `then` never applies.
fn lint_effects(
    ck: &mut Checker,
    rules: &Rules,
    effects: &[Effect],
    field: &str,
    what: &str,
    turns: u32,
) {
    for (k, e) in effects.iter().enumerate() {
        match e {
            Effect::Later { effects, .. } => lint_effects(
                ck,
                rules,
                effects,
                &format!("{field}[{k}].Later.effects"),
                what,
                turns,
            ),
            Effect::If {
                when,
                then,
                otherwise,
            } => {
                if let Some((j, why)) = never_all(rules, when, turns) {
                    warn(
                        ck,
                        &format!("{field}[{k}].If.when[{j}]"),
                        format!("{what}: this If's `then` never applies: {why}"),
                    );
                }
                lint_effects(
                    ck,
                    rules,
                    then,
                    &format!("{field}[{k}].If.then"),
                    what,
                    turns,
                );
                lint_effects(
                    ck,
                    rules,
                    otherwise,
                    &format!("{field}[{k}].If.otherwise"),
                    what,
                    turns,
                );
            }
            Effect::Tension { .. } | Effect::Add(..) | Effect::Set(..) => {}
        }
    }
}

/// Action `i`'s own warnings, in the rules or in a level: a name too long for its card, an
/// `If` among its effects (or its misreading's) that never applies, and requirements that can
/// never hold.
fn lint_action(
    ck: &mut Checker,
    rules: &Rules,
    i: usize,
    a: &ActionDef,
    turns: u32,
    stance: Option<BeijingStance>,
) {
    let what = format!("action \"{}\"", a.id);
    lint_room(
        ck,
        &format!("actions[{i}].name"),
        &what,
        &a.name,
        Room::CardName,
    );
    let field = format!("actions[{i}].effects");
    lint_effects(ck, rules, &a.effects, &field, &what, turns);
    if let Some(m) = &a.misreading {
        let field = format!("actions[{i}].misreading.effects");
        lint_effects(ck, rules, &m.effects, &field, &what, turns);
    }
    if let Some((j, why)) = never_all_in(rules, &a.requires, turns, stance) {
        warn(
            ck,
            &format!("actions[{i}].requires[{j}]"),
            format!("nothing can unlock action \"{}\": {why}", a.id),
        );
    }
    let shown = "a locked card names what it needs, which would tell it";
    lint_hidden_reads(
        ck,
        rules,
        &a.requires,
        &format!("actions[{i}].requires"),
        &what,
        shown,
    );
    for (j, (v, amount)) in a.cost.iter().enumerate() {
        // A card is playable only while its cost can be paid: a cost over the variable's
        // most locks it for good.
        if let Some((_, most)) = range(rules, v, turns)
            && *amount > most
        {
            warn(
                ck,
                &format!("actions[{i}].cost[{j}]"),
                format!(
                    "nothing can pay for action \"{}\": it costs {amount} of {v}, whose most is {most}",
                    a.id
                ),
            );
        }
        if rules.vars.iter().any(|x| &x.id == v && x.hidden) {
            warn(
                ck,
                &format!("actions[{i}].cost[{j}]"),
                format!(
                    "{what} costs {v}, which is hidden from the player (`hidden: true`), and a card shows its cost; cost a variable the player can see"
                ),
            );
        }
    }
}

/// The warnings of the rules (base, and every mod's patch, each at its own file).
/// The name of the first of Pyongyang's dispositions that `text` names, by its name or its id
/// (underscores read as spaces), as a word or the start of one ("opportunists" too), in any
/// case.
fn names_a_disposition(dispositions: &[(&str, &str)], text: &str) -> Option<String> {
    // Hyphens and underscores read as spaces: "security-seeking" and a rule id such as
    // `opportunist_pounces` are caught as "security seeker" and "opportunist" are.
    let plain = |t: &str| t.to_lowercase().replace(['-', '_'], " ");
    let text = plain(text);
    let starts_a_word = |at: usize| {
        text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    };
    dispositions.iter().find_map(|&(id, name)| {
        let mut words = vec![plain(name), plain(id)];
        // A name of several words is caught in its other forms too: "security seek" for
        // "security seeking" and "security seekers".
        for w in words.clone() {
            if let Some((head, last)) = w.rsplit_once(' ')
                && let Some(stem) = last.strip_suffix("er")
            {
                words.push(format!("{head} {stem}"));
            }
        }
        words
            .iter()
            .filter(|w| !w.trim().is_empty())
            .any(|w| {
                text.match_indices(w.as_str())
                    .any(|(at, _)| starts_a_word(at))
            })
            .then(|| name.to_string())
    })
}

/// Pyongyang's dispositions as `names_a_disposition` reads them: (id, name).
fn type_names(dispositions: &[super::raw::DispositionDef]) -> Vec<(&str, &str)> {
    dispositions
        .iter()
        .map(|d| (d.id.as_str(), d.name.as_str()))
        .collect()
}

pub fn lint_rules(raw: &RawRules, rules: &Rules) -> Diagnostics {
    let mut out = Diagnostics::default();
    const TURNS: u32 = 60;
    // The names a text read during play must not use, worked out once for every text.
    let types = type_names(&raw.pyongyang.dispositions);
    {
        // A variable's hint is shown under an objective that still needs it, to players who
        // are reading the regime: it explains the rules, never which kind of regime is behind.
        let mut ck = super::load::rules_checker(raw, 0, &mut out);
        for (a, actor) in raw.actors.actors.iter().enumerate() {
            for (v, var) in actor.variables.iter().enumerate() {
                // A hidden variable shown on the dashboard (a figure, a flag, a hint under an
                // objective) is not hidden.
                let shown = [
                    (var.key, "key: true (a figure in its actor's panel)"),
                    (var.flag.is_some(), "a flag (a fact on the dashboard)"),
                    (var.hint.is_some(), "a hint (shown under an objective)"),
                ];
                for (_, how) in shown.iter().filter(|(on, _)| var.hidden && *on) {
                    warn(
                        &mut ck,
                        &format!("actors[{a}].variables[{v}].hidden"),
                        format!(
                            "variable \"{}.{}\" is hidden from the player but has {how}, which shows it; drop one or the other",
                            actor.id, var.id
                        ),
                    );
                }
                if let Some(hint) = &var.hint
                    && let Some(d) = names_a_disposition(&types, hint)
                {
                    warn(
                        &mut ck,
                        &format!("actors[{a}].variables[{v}].hint"),
                        format!(
                            "variable \"{}.{}\": this hint names the disposition \"{d}\", and players read it while they try to work out Pyongyang's hidden type; say how the value comes and goes instead",
                            actor.id, var.id
                        ),
                    );
                }
            }
        }
    }
    {
        let mut ck = super::load::rules_checker(raw, 1, &mut out);
        if !raw.ladder.rungs.iter().any(|r| r.war) {
            warn(
                &mut ck,
                "rungs",
                format!(
                    "no rung has `war: true`, so tension alone never ends a game in war, however high it climbs (an event that sets world.war still can){}",
                    ladder_changed_by(raw)
                ),
            );
        }
        // Below the lowest rung there is none: tension there reads as the lowest rung, and a
        // rule that needs that rung holds at any tension (a ladder whose "calm" a mod removed).
        if let Some(low) = raw.ladder.rungs.first()
            && low.from > 0.0
        {
            warn(
                &mut ck,
                "rungs[0].from",
                format!(
                    "the lowest rung, \"{}\", starts at {}, so no rung covers tension below it: the dashboard calls a tension of 0 \"{}\", and `RungAtLeast(\"{}\")` holds at any tension; start the lowest rung at 0{}",
                    low.id,
                    low.from,
                    low.name,
                    low.id,
                    ladder_changed_by(raw)
                ),
            );
        }
    }
    {
        // A team's score is shown while the game goes on (the dashboard's team panel, the
        // report of an unfinished game), each part with its value.
        let mut ck = super::load::rules_checker(raw, 2, &mut out);
        for (t, team) in raw.advisors.teams.iter().enumerate() {
            let what = format!("team \"{}\"", team.id);
            let shown =
                "a team's score is shown part by part while the game goes on, which would tell it";
            let instead = "score a variable the player can see";
            let field = format!("teams[{t}].score");
            let says = [what.as_str(), "scores", shown, instead];
            lint_hidden_factors(&mut ck, rules, &team.score, &field, says);
        }
    }
    {
        let mut ck = super::load::rules_checker(raw, 3, &mut out);
        for (i, a) in raw.actions.actions.iter().enumerate() {
            let what = format!("action \"{}\"", a.id);
            let field = format!("actions[{i}].requires");
            lint_moves_seen(&mut ck, rules, &a.requires, &field, &EVERYONE, &what, None);
        }
        for (i, a) in raw.actions.actions.iter().enumerate() {
            lint_action(&mut ck, rules, i, a, TURNS, None);
        }
    }
    // The order of a turn: an action's `requires` is checked before anyone moves; Beijing
    // answers the player, then Pyongyang answers both; events come last.
    let blind_pyongyang: &[Who] = &[Who::Pyongyang, Who::World];
    let blind_beijing: &[Who] = &[Who::Beijing, Who::Pyongyang, Who::World];
    for (file, who, whose, ai, blind) in [
        (
            4,
            Who::Pyongyang,
            "Pyongyang's",
            &raw.pyongyang,
            blind_pyongyang,
        ),
        (5, Who::Beijing, "Beijing's", &raw.beijing, blind_beijing),
    ] {
        let mut ck = super::load::rules_checker(raw, file, &mut out);
        // Only Pyongyang has a hidden disposition and analysts who read it: Beijing's stance is
        // the level's, in the open.
        if who == Who::Beijing {
            for (field, given) in [
                ("dispositions", !ai.dispositions.is_empty()),
                ("analysts", !ai.analysts.is_empty()),
            ] {
                if given {
                    // At the first one: in a mod's patch, that is the line the mod wrote.
                    warn(
                        &mut ck,
                        &format!("{field}[0]"),
                        format!(
                            "Beijing's {field} are not read: only Pyongyang has a hidden disposition and analysts who estimate it; Beijing's leaning is the level's `beijing_stance`, and its rules read it with `Stance(..)`"
                        ),
                    );
                }
            }
        }
        for (i, r) in ai.rules.iter().enumerate() {
            let what = format!("rule \"{}\"", r.id);
            lint_moves_seen(
                &mut ck,
                rules,
                &r.when,
                &format!("rules[{i}].when"),
                blind,
                &what,
                None,
            );
        }
        for (i, r) in ai.responses.iter().enumerate() {
            let what = format!("response \"{}\"", r.id);
            let field = format!("responses[{i}].requires");
            lint_moves_seen(&mut ck, rules, &r.requires, &field, blind, &what, None);
            let shown = "the \"why\" counts the answers that were possible, which would tell it";
            lint_hidden_reads(&mut ck, rules, &r.requires, &field, &what, shown);
        }
        // Beijing has no hidden disposition, so its "why" shows its margin and runner-up,
        // worked out from every rule that held: one that reads a hidden variable moves them.
        if who == Who::Beijing {
            for (i, r) in ai.rules.iter().enumerate() {
                let what = format!("rule \"{}\"", r.id);
                let shown = "Beijing's \"why\" shows the margin its rules give its answer, which would tell it";
                let field = format!("rules[{i}].when");
                lint_hidden_reads(&mut ck, rules, &r.when, &field, &what, shown);
                let instead = "read a variable the player can see";
                let field = format!("rules[{i}].factors");
                let says = [what.as_str(), "reads", shown, instead];
                lint_hidden_factors(&mut ck, rules, &r.factors, &field, says);
            }
        }
        // A motive no disposition weighs counts 1.0 under every one, as a rule meant to weigh
        // the same for every type does; one a letter or two from a weighed motive is a typo.
        let weighed: Vec<&str> = ai
            .dispositions
            .iter()
            .flat_map(|d| d.motives.keys().map(String::as_str))
            .collect();
        for (i, r) in ai.rules.iter().enumerate() {
            if weighed.contains(&r.motive.as_str()) {
                continue;
            }
            let hint = super::diagnostics::suggestion(&r.motive, weighed.iter().copied());
            if !hint.is_empty() {
                warn(
                    &mut ck,
                    &format!("rules[{i}].motive"),
                    format!(
                        "rule \"{}\": no disposition weighs the motive \"{}\", so it counts 1.0 under every one{hint}",
                        r.id, r.motive
                    ),
                );
            }
        }
        // The "why" quotes a rule's `because` during play (and its id, in the transcript and
        // for players who ask for the rules behind each answer), and the answers show a
        // response's name and news: a word that names Pyongyang's hidden type there gives it
        // away.
        let shown = ai
            .rules
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                let what = format!("rule \"{}\"", r.id);
                [
                    (format!("rules[{i}].id"), what.clone(), &r.id, None),
                    (
                        format!("rules[{i}].because"),
                        what,
                        &r.because,
                        Some(Room::Because),
                    ),
                ]
            })
            .chain(ai.responses.iter().enumerate().flat_map(|(i, r)| {
                let what = format!("response \"{}\"", r.id);
                [
                    (
                        format!("responses[{i}].name"),
                        what.clone(),
                        &r.name,
                        Some(Room::AnswerName),
                    ),
                    (
                        format!("responses[{i}].news"),
                        what.clone(),
                        &r.news,
                        Some(Room::News),
                    ),
                ]
                .into_iter()
                .chain(r.news_also.iter().enumerate().map({
                    let what = what.clone();
                    move |(k, text)| {
                        let field = format!("responses[{i}].news_also[{k}]");
                        (field, what.clone(), text, Some(Room::News))
                    }
                }))
                // The map marks the answer, caption and all, once its turn is over.
                .chain(r.map.iter().map(move |m| {
                    (
                        format!("responses[{i}].map.caption"),
                        what.clone(),
                        &m.caption,
                        None,
                    )
                }))
            }));
        // Each text is also checked for length where the screen gives it a room.
        for (field, what, text, room) in shown {
            if let Some(room) = room {
                lint_room(&mut ck, &field, &what, text, room);
            }
            if let Some(d) = names_a_disposition(&types, text) {
                warn(
                    &mut ck,
                    &field,
                    format!(
                        "{what}: this text names the disposition \"{d}\", and the player reads it during the game, which gives Pyongyang's hidden type away; say what the rule reads or what was done instead"
                    ),
                );
            }
        }
        for (i, r) in ai.rules.iter().enumerate() {
            if let Some((j, why)) = never_all(rules, &r.when, TURNS) {
                warn(
                    &mut ck,
                    &format!("rules[{i}].when[{j}]"),
                    format!("rule \"{}\" can never fire: {why}", r.id),
                );
                continue;
            }
            // A rule counts only when its response can be chosen: its `when` and the
            // response's `requires` must hold together.
            let Some(response) = ai.responses.iter().find(|x| x.id == r.response) else {
                continue;
            };
            let both: Vec<Condition> = r.when.iter().chain(&response.requires).cloned().collect();
            if let Some((j, why)) = never_all(rules, &both, TURNS)
                && never_all(rules, &response.requires, TURNS).is_none()
            {
                // At the rule's own condition: the response's are shared by its other rules.
                let field = format!("rules[{i}].when[{}]", j.min(r.when.len().saturating_sub(1)));
                warn(
                    &mut ck,
                    &field,
                    format!(
                        "rule \"{}\" can never fire: with the `requires` of its response \"{}\", {why}",
                        r.id, r.response
                    ),
                );
            }
        }
        for (i, r) in ai.responses.iter().enumerate() {
            let what = format!("response \"{}\"", r.id);
            let field = format!("responses[{i}].effects");
            lint_effects(&mut ck, rules, &r.effects, &field, &what, TURNS);
            if let Some((j, why)) = never_all(rules, &r.requires, TURNS) {
                warn(
                    &mut ck,
                    &format!("responses[{i}].requires[{j}]"),
                    format!("response \"{}\" can never be chosen: {why}", r.id),
                );
            }
        }
        // The lists in the order the engine compiles them: responses, then rules.
        let compiled = rules.ai(who);
        let lists: Vec<(&[Cond], String, String)> = compiled
            .responses
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let what = format!("response \"{}\"", ai.responses[i].id);
                (
                    r.requires.as_slice(),
                    format!("responses[{i}].requires"),
                    what,
                )
            })
            .chain(compiled.rules.iter().enumerate().map(|(i, r)| {
                let what = format!("rule \"{}\"", ai.rules[i].id);
                (r.when.as_slice(), format!("rules[{i}].when"), what)
            }))
            .collect();
        lint_slow_lists(
            &mut ck,
            rules,
            &lists,
            whose,
            Some(compiled.responses.len()),
        );
    }
    {
        let mut ck = super::load::rules_checker(raw, 6, &mut out);
        lint_events(&mut ck, rules, &raw.events.events, TURNS, None);
        let lists: Vec<(&[Cond], String, String)> = rules
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let what = format!("event \"{}\"", raw.events.events[i].id);
                (e.when.as_slice(), format!("events[{i}].when"), what)
            })
            .collect();
        lint_slow_lists(&mut ck, rules, &lists, "the events'", None);
    }
    lint_shared_spots(raw, &mut out);
    out
}

/// A map mark of the shared rules: which file and field it is written at, whose it is (two of
/// one player's moves, or two answers of one AI, never show on one turn; events may), what it
/// marks, and where.
struct Spot {
    file: usize,
    field: String,
    whose: Option<usize>,
    what: String,
    at: (f32, f32),
}

/// What to do about two rings that lie one over the other.
const KEEP_APART: &str = "keep them 0.7 degrees of longitude or 0.56 of latitude apart, or at one \
     place (within 0.1 degrees), where their rings make one and each caption finds its own room";

/// Whether marks at `a` and `b` (longitude, latitude) would have rings that partly cover each
/// other: closer than a ring's width (28 map units; the map draws 40 units a degree of
/// longitude and 50 of latitude), but not at one place (6 units: two rings there read as one
/// ring, with a caption each).
fn rings_overlap(a: (f32, f32), b: (f32, f32)) -> bool {
    let apart = ((a.0 - b.0) * 40.0).hypot((a.1 - b.1) * 50.0);
    (6.0..28.0).contains(&apart)
}

/// Warns at each of a level's own actions and injects whose map mark would lie over another
/// mark that can show on the same turn: an AI's answer, an event, the facilitator's other
/// injects, and, for an inject, the player's move. (A level's move and the rules' moves never
/// show together.)
fn lint_level_spots(ck: &mut Checker, def: &LevelDef, rules: &Rules) {
    // A mark as the messages name it: where, "id" (caption), and the file it is in.
    type Mark = ((f32, f32), String, &'static str);
    let mark = |at: (f32, f32), id: &str, caption: &str, file: &'static str| -> Mark {
        (at, format!("\"{id}\" ({caption})"), file)
    };
    let compiled =
        |m: &super::model::MapMark, id: &str, file| mark((m.lon, m.lat), id, &m.caption, file);
    // What shows with anything: the AIs' answers and the events the news tells.
    let mut shared: Vec<Mark> = Vec::new();
    for (ai, file) in [
        (&rules.pyongyang, "assets/rules/pyongyang.ron"),
        (&rules.beijing, "assets/rules/beijing.ron"),
    ] {
        shared.extend(
            ai.responses
                .iter()
                .filter_map(|r| Some(compiled(r.map.as_ref()?, &r.id, file))),
        );
    }
    shared.extend(
        rules
            .events
            .iter()
            .filter(|e| !e.quiet)
            .filter_map(|e| Some(compiled(e.map.as_ref()?, &e.id, "assets/rules/events.ron"))),
    );
    // The player's moves as the level has them: its own replace the rules' of the same id.
    let rules_moves = rules
        .actions
        .iter()
        .filter(|a| !def.actions.iter().any(|own| own.id == a.id))
        .filter_map(|a| Some(compiled(a.map.as_ref()?, &a.id, "assets/rules/actions.ron")));
    let own_moves = def.actions.iter().filter_map(|a| {
        a.map
            .as_ref()
            .map(|m| mark(m.at, &a.id, &m.caption, "this level"))
    });
    let moves: Vec<Mark> = rules_moves.chain(own_moves).collect();
    // The level's injects, each with its index in the file.
    let injects: Vec<(usize, Mark)> = def
        .injects
        .iter()
        .enumerate()
        .filter_map(|(i, x)| {
            x.map
                .as_ref()
                .map(|m| (i, mark(m.at, &x.id, &m.caption, "this level")))
        })
        .collect();
    let warn_over = |ck: &mut Checker, field: String, (at, what, _): &Mark, others: &[&Mark]| {
        if let Some((_, other, file)) = others
            .iter()
            .find(|(there, _, _)| rings_overlap(*at, *there))
        {
            warn(
                ck,
                &field,
                format!(
                    "the map's ring for {what} would lie over the ring for {other} ({file}), and both can show on one turn: {KEEP_APART}"
                ),
            );
        }
    };
    // A level's move shows with the answers, the events and the injects.
    for (i, a) in def.actions.iter().enumerate() {
        if let Some(m) = &a.map {
            let others: Vec<&Mark> = shared
                .iter()
                .chain(injects.iter().map(|(_, x)| x))
                .collect();
            let this = mark(m.at, &a.id, &m.caption, "this level");
            warn_over(ck, format!("actions[{i}].map.at"), &this, &others);
        }
    }
    // An inject shows with those, the player's move and another inject (the last turn
    // played's and the open turn's).
    for (k, (i, this)) in injects.iter().enumerate() {
        let earlier = injects[..k].iter().map(|(_, x)| x);
        let others: Vec<&Mark> = shared.iter().chain(&moves).chain(earlier).collect();
        warn_over(ck, format!("injects[{i}].map.at"), this, &others);
    }
}

/// Warns of two marks that can show on one turn and lie closer than a ring's width (28 map
/// units: 0.7 degrees of longitude or 0.56 of latitude), but not at one place: one ring would
/// partly cover the other.
fn lint_shared_spots(raw: &RawRules, out: &mut Diagnostics) {
    let mut spots: Vec<Spot> = Vec::new();
    let mut add =
        |file: usize, list: &str, whose: Option<usize>, marks: Vec<(&str, Option<&MapMarkDef>)>| {
            for (i, (id, map)) in marks.into_iter().enumerate() {
                if let Some(m) = map {
                    spots.push(Spot {
                        file,
                        field: format!("{list}[{i}].map.at"),
                        whose,
                        what: format!("\"{id}\" ({})", m.caption),
                        at: m.at,
                    });
                }
            }
        };
    let actions = raw.actions.actions.iter();
    add(
        3,
        "actions",
        Some(3),
        actions.map(|a| (a.id.as_str(), a.map.as_ref())).collect(),
    );
    for (file, ai) in [(4, &raw.pyongyang), (5, &raw.beijing)] {
        let answers = ai.responses.iter().map(|r| (r.id.as_str(), r.map.as_ref()));
        add(file, "responses", Some(file), answers.collect());
    }
    // A quiet event is never marked (a warning of its own says so).
    let events = raw.events.events.iter();
    let shown = events.map(|e| (e.id.as_str(), e.map.as_ref().filter(|_| !e.quiet)));
    add(6, "events", None, shown.collect());
    for (j, later) in spots.iter().enumerate() {
        for earlier in &spots[..j] {
            let together = later.whose.is_none() || later.whose != earlier.whose;
            if together && rings_overlap(later.at, earlier.at) {
                let mut ck = super::load::rules_checker(raw, later.file, out);
                warn(
                    &mut ck,
                    &later.field,
                    format!(
                        "the map's ring for {} would lie over the ring for {} ({}), and both can \
                         show on one turn: {KEEP_APART}",
                        later.what,
                        earlier.what,
                        super::load::RULE_FILES[earlier.file]
                    ),
                );
            }
        }
    }
}

/// Notes at each of `lists` (conditions, field, what they belong to) that the bit masks cannot
/// decide under either stance Beijing may take, compiled together as the engine compiles them
/// (`CheckList::build`). `whose` names the set for the message ("Pyongyang's"); `rules_from`,
/// for an AI, is where its rules start after its responses: a rule, unlike a response's
/// `requires` or an event's `when`, can be split in two.
fn lint_slow_lists(
    ck: &mut Checker,
    rules: &Rules,
    lists: &[(&[Cond], String, String)],
    whose: &str,
    rules_from: Option<usize>,
) {
    let conds = || lists.iter().map(|(c, _, _)| *c);
    let stances = [
        super::raw::BeijingStance::BacksSanctions,
        super::raw::BeijingStance::BlocksSanctionsBacksTalks,
    ];
    // Whole-number variables as the rules alone leave them (a level's start values, actions
    // and injects can take one off the list, and the engine compiles against the level).
    let initial: Vec<f32> = rules.vars.iter().map(|v| v.initial).collect();
    let whole = whole_vars(rules, &initial, &rules.actions, &[]);
    let compiled: Vec<(super::raw::BeijingStance, CheckList)> = stances
        .iter()
        .map(|stance| (*stance, CheckList::build(conds(), rules, *stance, &whole)))
        .collect();
    // The lists that lost a slot, said once, at the first of them (they come last: the atoms met
    // last go without).
    let mut without_slot: Vec<(&str, &str)> = Vec::new();
    let mut asked = (0, 0);
    for (i, (list, field, what)) in lists.iter().enumerate() {
        let Some((stance, set)) = compiled
            .iter()
            .find(|(_, c)| c.checks.get(i).is_some_and(|k| k.slow))
        else {
            continue;
        };
        let is_rule = rules_from.is_some_and(|from| i >= from);
        let why = match slow_cause(list, rules, *stance, &whole) {
            SlowCause::NegativeInAny if is_rule => "an `Any` holds a `Not`, a `RungBelow` or another `Any` (write a `Not` of a bound as the opposite bound, `AtMost` for `AtLeast`; or split the rule into two that cannot both fire, `[A]` and `[Not(A), B]` for `Any([A, B])`, since two rules that both fire add their weights)".to_string(),
            SlowCause::NegativeInAny => "an `Any` holds a `Not`, a `RungBelow` or another `Any` (write a `Not` of a bound as the opposite bound, `AtMost` for `AtLeast`)".to_string(),
            SlowCause::NotOfAny => "a `Not` of an `Any` of two or more conditions (list the `Not` of each instead: none of them may hold)".to_string(),
            SlowCause::MissingRung => "a rung the ladder does not have".to_string(),
            SlowCause::NoSlot => {
                asked = set.atoms.asked;
                without_slot.push((field, what));
                continue;
            }
        };
        ck.error(
            field,
            format!(
                "{SPEED_NOTE}{what}'s conditions are tested the slow way, one by one, not by the compiled bit masks: {why}; every game gives the same result, but each decision that tests this list takes a little longer, which only batch runs and the forecast notice (docs/modding.md, \"Speed\")"
            ),
        );
    }
    if let Some((field, _)) = without_slot.first() {
        let (atoms, groups) = asked;
        let names: Vec<&str> = without_slot.iter().map(|(_, what)| *what).collect();
        let named = match names.as_slice() {
            [one] => format!("{one}'s conditions are"),
            [first @ .., last] if names.len() <= 6 => {
                format!("the conditions of {} and {last} are", first.join(", "))
            }
            _ => format!(
                "the conditions of {} and {} more lists are",
                names[..5].join(", "),
                names.len() - 5
            ),
        };
        ck.error(
            field,
            format!(
                "{SPEED_NOTE}{named} tested the slow way, one by one, not by the compiled bit masks: {whose} lists, the mods' included, ask {atoms} different simple conditions and {groups} more `Any` lists that need a slot of their own, {} in all, past the {MAX_ATOMS} slots the game tests at once, and the conditions met last (the lists come in file order, responses before rules, a mod's new entries after the rules they join) get none; to keep every list fast, have new lists ask conditions other lists already ask, the same variable and number written the same way; every game gives the same result, but each decision that tests these lists takes a little longer, which only batch runs and the forecast notice (docs/modding.md, \"Speed\")",
                atoms + groups
            ),
        );
    }
}

/// The warnings of a player policy: a policy chooses before anyone has moved this turn, so a
/// `Did` with `within: 1` sees nothing; and a rule whose conditions can never hold never counts.
pub fn lint_policy(ck: &mut Checker, def: &super::raw::PolicyDef, rules: &Rules) {
    const TURNS: u32 = 60;
    for (i, r) in def.rules.iter().enumerate() {
        let what = format!("the rule for action \"{}\"", r.action);
        let field = format!("rules[{i}].when");
        // (A read of something hidden is an error, `compile::policy_rules`: such a policy
        // does not load.)
        lint_moves_seen(ck, rules, &r.when, &field, &EVERYONE, &what, None);
        if let Some((j, why)) = never_all(rules, &r.when, TURNS) {
            warn(
                ck,
                &format!("{field}[{j}]"),
                format!("{what} never counts: {why}"),
            );
        }
    }
}

/// A level's own event or action whose id is a slip for one of the rules' (`border_incidents`
/// for `border_incident`): it is added beside that one, which still applies unchanged, where the
/// modder meant to replace it.
fn lint_level_slips(ck: &mut Checker, def: &LevelDef, rules: &Rules) {
    let mut slip = |field: String, what: &str, id: &str, known: Vec<&str>| {
        if known.contains(&id) {
            return;
        }
        if let Some(near) = super::diagnostics::likely_slip(id, known) {
            warn(
                ck,
                &field,
                format!(
                    "adds a new {what} \"{id}\", and {what} \"{near}\" still applies unchanged; to replace it in this level, give its id exactly (did you mean `{near}`?)"
                ),
            );
        }
    };
    for (i, e) in def.events.iter().enumerate() {
        let known = rules.events.iter().map(|x| x.id.as_str()).collect();
        slip(format!("events[{i}].id"), "event", &e.id, known);
    }
    for (i, a) in def.actions.iter().enumerate() {
        let known = rules.actions.iter().map(|x| x.id.as_str()).collect();
        slip(format!("actions[{i}].id"), "action", &a.id, known);
    }
}

/// The warnings of a list of events, the rules' own or a level's (`LevelDef::events`), in a
/// game of at most `turns` turns.
fn lint_events(
    ck: &mut Checker,
    rules: &Rules,
    events: &[super::raw::EventDef],
    turns: u32,
    level: Option<&LevelDef>,
) {
    for (i, e) in events.iter().enumerate() {
        let what = format!("event \"{}\"", e.id);
        // Events come after both answers, and each sees the events before it this turn.
        lint_moves_seen(
            ck,
            rules,
            &e.when,
            &format!("events[{i}].when"),
            &[],
            &what,
            level,
        );
    }
    // A quiet event is not told in the news, so its words are never read during play; and
    // one with news that fires on a hidden variable tells it (a quiet one may: it says
    // nothing).
    for (i, e) in events.iter().enumerate().filter(|(_, e)| !e.quiet) {
        let what = format!("event \"{}\"", e.id);
        let shown = "its news tells when it fires, which would tell it";
        let field = format!("events[{i}].when");
        lint_hidden_reads(ck, rules, &e.when, &field, &what, shown);
        let chance = format!("{what}'s chance");
        let instead = "make it quiet, or read a variable the player can see";
        let field = format!("events[{i}].chance.factors");
        let says = [chance.as_str(), "reads", shown, instead];
        lint_hidden_factors(ck, rules, &e.chance.factors, &field, says);
        lint_room(
            ck,
            &format!("events[{i}].name"),
            &what,
            &e.name,
            Room::EventName,
        );
        lint_room(ck, &format!("events[{i}].news"), &what, &e.news, Room::News);
    }
    for (i, e) in events.iter().enumerate() {
        let what = format!("event \"{}\"", e.id);
        lint_effects(
            ck,
            rules,
            &e.effects,
            &format!("events[{i}].effects"),
            &what,
            turns,
        );
        if let Some((j, why)) = never_all(rules, &e.when, turns) {
            warn(
                ck,
                &format!("events[{i}].when[{j}]"),
                format!("event \"{}\" can never happen: {why}", e.id),
            );
        }
        if e.quiet && e.map.is_some() {
            warn(
                ck,
                &format!("events[{i}].map"),
                format!(
                    "event \"{}\" is quiet, so its map mark is never shown: the map marks \
                     only what the news tells (drop `quiet` or the `map`)",
                    e.id
                ),
            );
        }
    }
}

/// The warnings of one level.
/// An `OpeningTension` target is the level's own opening, known before any game: the sum of
/// its `tension` entries, never below their lasting part nor above 100 (as the ledger opens). A
/// band that misses it can never be met.
fn lint_opening_tension(ck: &mut Checker, def: &LevelDef) {
    let sum: f32 = def.tension.iter().map(|t| t.amount).sum();
    let lasting: f32 = def
        .tension
        .iter()
        .filter(|t| t.decay == 0.0)
        .map(|t| t.amount)
        .sum();
    let opening = (sum + 0.0).clamp(lasting.clamp(0.0, 100.0), 100.0);
    for (i, t) in def.calibration.iter().enumerate() {
        if t.metric == super::raw::Metric::OpeningTension
            && t.min <= t.max
            && !(t.min - 1e-3..=t.max + 1e-3).contains(&opening)
        {
            warn(
                ck,
                &format!("calibration[{i}].min"),
                format!(
                    "the level opens at tension {opening:.1} (its `tension` entries added up), outside this band of {} to {}: the target is never met",
                    t.min, t.max
                ),
            );
        }
    }
}

/// A calibration target that names an answer the rules do not have (a misspelt id, or one a
/// mod took out) cannot be checked: `calibrate` fails it. A warning, not an error, so that a mod
/// which removes an answer leaves the level playable.
fn lint_calibration_answers(ck: &mut Checker, def: &LevelDef, rules: &Rules) {
    let known = || rules.pyongyang.responses.iter().map(|r| r.id.as_str());
    for (i, t) in def.calibration.iter().enumerate() {
        let Some(answer) = t.answer.as_deref().filter(|_| t.metric.counts_an_answer()) else {
            continue;
        };
        if !known().any(|id| id == answer) {
            let hint = super::diagnostics::suggestion(answer, known());
            warn(
                ck,
                &format!("calibration[{i}].answer"),
                format!(
                    "pyongyang has no answer \"{answer}\"{hint}: `calibrate` cannot check this target, and fails it"
                ),
            );
        }
    }
}

pub fn lint_level(ck: &mut Checker, def: &LevelDef, rules: &Rules) {
    let turns = def.turns.max(1);
    let level = format!("level \"{}\"", def.id);
    lint_opening_tension(ck, def);
    lint_room(ck, "title", &level, &def.title, Room::Title);
    lint_room(ck, "years", &level, &def.years, Room::Years);
    lint_room(ck, "summary", &level, &def.summary, Room::Summary);
    lint_events(ck, rules, &def.events, turns, Some(def));
    lint_level_slips(ck, def, rules);
    lint_calibration_answers(ck, def, rules);
    for (i, o) in def.objectives.iter().enumerate() {
        let what = format!("objective \"{}\"", o.id);
        lint_room(
            ck,
            &format!("objectives[{i}].name"),
            &what,
            &o.name,
            Room::Objective,
        );
        let shown = "the player could not see how near the objective is, and a win or a loss on it would come out of nowhere";
        lint_hidden_reads(
            ck,
            rules,
            &o.when,
            &format!("objectives[{i}].when"),
            &what,
            shown,
        );
    }
    for (i, x) in def.injects.iter().enumerate() {
        let what = format!("inject \"{}\"", x.id);
        lint_room(
            ck,
            &format!("injects[{i}].name"),
            &what,
            &x.name,
            Room::EventName,
        );
        lint_room(
            ck,
            &format!("injects[{i}].news"),
            &what,
            &x.news,
            Room::News,
        );
    }
    // A level's own wording of an answer is read during play, as the rules' is.
    let types: Vec<(&str, &str)> = rules
        .pyongyang
        .dispositions
        .iter()
        .map(|d| (d.id.as_str(), d.name.as_str()))
        .collect();
    for (i, t) in def.response_texts.iter().enumerate() {
        let texts = t
            .name
            .iter()
            .map(|x| {
                (
                    format!("response_texts[{i}].name"),
                    x,
                    Some(Room::AnswerName),
                )
            })
            .chain(
                t.news
                    .iter()
                    .map(|x| (format!("response_texts[{i}].news"), x, Some(Room::News))),
            )
            .chain(t.news_also.iter().flatten().enumerate().map(|(k, x)| {
                let field = format!("response_texts[{i}].news_also[{k}]");
                (field, x, Some(Room::News))
            }))
            .chain(t.map.iter().map(|m| {
                let field = format!("response_texts[{i}].map.caption");
                (field, &m.caption, None)
            }));
        let what = format!("the wording of \"{}\"", t.id);
        for (field, text, room) in texts {
            if let Some(room) = room {
                lint_room(ck, &field, &what, text, room);
            }
            if let Some(d) = names_a_disposition(&types, text) {
                warn(
                    ck,
                    &field,
                    format!(
                        "the wording of \"{}\": this text names the disposition \"{d}\", and the player reads it during the game, which gives Pyongyang's hidden type away; say what was done instead",
                        t.id
                    ),
                );
            }
        }
    }
    // A `dispositions` map that names some types keeps the rules' chances for the rest, which
    // then weigh against the ones it names: `{"builder": 1}` is not "only builders".
    let all = &rules.pyongyang.dispositions;
    if !def.dispositions.is_empty() {
        let left: Vec<String> = all
            .iter()
            .filter(|d| !def.dispositions.contains_key(&d.id))
            .map(|d| format!("\"{}\" at {}", d.id, d.chance))
            .collect();
        if !left.is_empty() {
            warn(
                ck,
                "dispositions",
                format!(
                    "this map leaves out {}, which keep{} the rules' chance{} and weigh against the ones it names; give every disposition a chance here (0 for none)",
                    left.join(" and "),
                    if left.len() == 1 { "s" } else { "" },
                    if left.len() == 1 { "" } else { "s" }
                ),
            );
        }
    }
    // The debrief's chart and the report join the history's points, and list its events, in
    // the file's order: an entry out of order draws the line backwards.
    for (i, pair) in def.history.windows(2).enumerate() {
        let (before, after) = (&pair[0], &pair[1]);
        if (after.turn, after.date.as_str()) < (before.turn, before.date.as_str()) {
            warn(
                ck,
                &format!("history[{}]", i + 1),
                format!(
                    "history entries are drawn and listed in the file's order, so they go in date order: this one (turn {}, {}) comes after one of turn {}, {}",
                    after.turn, after.date, before.turn, before.date
                ),
            );
        }
    }
    // The charts place a reading within its turn by its date; one filed under another turn than
    // its date's is drawn over the wrong bar, and "What really happened" lists it there.
    let cal = &def.calendar;
    let opens = super::calendar::turn_date(cal.start, cal.days_per_turn, 1);
    let last = super::calendar::turn_date(cal.start, cal.days_per_turn, turns);
    for (i, h) in def.history.iter().enumerate() {
        let field = format!("history[{i}].turn");
        match super::calendar::turn_of(cal.start, cal.days_per_turn, &h.date) {
            // Past the last turn: the calendar moved, or the entry belongs to another level.
            Some(turn) if turn > turns => warn(
                ck,
                &field,
                format!(
                    "{} falls after this level's last turn (turn {turns} opens on {last}): move the calendar's `start`, or leave the entry out",
                    h.date
                ),
            ),
            Some(turn) if turn != h.turn => warn(
                ck,
                &field,
                format!(
                    "{} falls in turn {turn} of this level's calendar, not turn {}",
                    h.date, h.turn
                ),
            ),
            // Before the opening: only the event that sets the level up, under turn 1.
            None if super::calendar::is_date(&h.date) && h.turn != 1 => warn(
                ck,
                &field,
                format!(
                    "{} comes before this level opens ({opens}): an entry from before the opening goes under turn 1, or move the calendar's `start`",
                    h.date
                ),
            ),
            _ => {}
        }
    }
    // A scripted move whose requirements ask for more of the move history than the turns
    // before it hold (a provocation "in the last 2 turns" on turn 1) is refused in every replay:
    // `calibrate` would find it only by replaying.
    for (i, m) in def.script.iter().enumerate() {
        if def.actions.iter().any(|a| a.id == m.action) {
            continue;
        }
        let Some(action) = rules.actions.iter().find(|a| a.id == m.action) else {
            continue;
        };
        let before = m.turn.saturating_sub(1);
        if let Some(j) = action
            .requires
            .iter()
            .position(|c| moves_needed(c).is_some_and(|n| n > before))
        {
            let behind = match before {
                0 => "no turn comes before turn 1".to_string(),
                1 => "only one turn comes before it".to_string(),
                n => format!("only {n} turns come before it"),
            };
            warn(
                ck,
                &format!("script[{i}].action"),
                format!(
                    "turn {}'s move \"{}\" can never be played as written: it needs {}, and {behind}",
                    m.turn,
                    m.action,
                    rules.describe_before_turn(&action.requires[j], def.beijing_stance)
                ),
            );
        }
    }
    lint_level_spots(ck, def, rules);
    for (i, inject) in def.injects.iter().enumerate() {
        let what = format!("inject \"{}\"", inject.id);
        let field = format!("injects[{i}].effects");
        lint_effects(ck, rules, &inject.effects, &field, &what, turns);
    }
    for (i, o) in def.objectives.iter().enumerate() {
        // Objectives are judged after the turn: every move of it is seen, so only the tags.
        let what = format!("objective \"{}\"", o.id);
        lint_moves_seen(
            ck,
            rules,
            &o.when,
            &format!("objectives[{i}].when"),
            &[],
            &what,
            Some(def),
        );
        let field = format!("objectives[{i}]");
        if let Some((at, why)) = objective_never_met(rules, o, turns, Some(def.beijing_stance)) {
            warn(
                ck,
                &format!("{field}{at}"),
                format!("objective \"{}\" can never be met: {why}", o.id),
            );
        } else if let Some(why) = objective_always_met(rules, o, turns) {
            warn(
                ck,
                &format!("{field}.when"),
                format!(
                    "objective \"{}\" holds in every game, whatever is played: {why}",
                    o.id
                ),
            );
        }
        // Checked once, after the last turn: a turn before which it cannot be met says
        // nothing (`held_for` still counts there, as the last turns it must have held).
        if o.check == super::raw::ObjectiveCheck::AtEnd && o.not_before > 0 && o.not_before <= turns
        {
            warn(
                ck,
                &format!("{field}.not_before"),
                format!(
                    "objective \"{}\" is checked at the end (check: AtEnd), so not_before: {} \
                     changes nothing; to ask that its conditions held for the last turns, use \
                     held_for",
                    o.id, o.not_before
                ),
            );
        }
    }
    for (i, a) in def.actions.iter().enumerate() {
        let what = format!("action \"{}\"", a.id);
        let field = format!("actions[{i}].requires");
        lint_moves_seen(ck, rules, &a.requires, &field, &EVERYONE, &what, Some(def));
        lint_action(ck, rules, i, a, turns, Some(def.beijing_stance));
    }
}
