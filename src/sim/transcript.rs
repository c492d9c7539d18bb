//! The turn-by-turn transcript of a game as text: date, the player's move, each AI response
//! with the rule that fired (and its RON file:line), events, tension and rung, then the outcome.
//! The same text for the same game, byte for byte: numbers are printed with fixed precision.

use super::decide::{Decision, MAX_RESPONSES};
use super::ledger::Cause;
use super::state::{GameState, Outcome, WarCause};
use super::story::TurnStory;
use super::turn::TurnRecord;
use crate::rules::{Ai, Cond, ObjectiveKind, Scenario, Who};
use std::fmt::Write;

/// The name of whatever put a ledger entry there.
pub fn cause_name(sc: &Scenario, cause: Cause) -> String {
    let rules = &sc.rules;
    match cause {
        Cause::Start(i) => sc
            .def
            .tension
            .get(i as usize)
            .map(|t| t.label.clone())
            .unwrap_or_default(),
        Cause::Action(a) => format!("Your move: {}", sc.actions[a as usize].name),
        Cause::Misreading(a) => {
            let action = &sc.actions[a as usize];
            let reading = action
                .misreading
                .as_ref()
                .map(|m| m.reading.as_str())
                .unwrap_or("");
            format!("{} read as {reading}", action.name)
        }
        Cause::Pyongyang(r) => format!("Pyongyang: {}", rules.pyongyang.responses[r as usize].name),
        Cause::Beijing(r) => format!("Beijing: {}", rules.beijing.responses[r as usize].name),
        Cause::Event(e) => rules.events[e as usize].name.clone(),
        Cause::Inject(i) => sc
            .injects
            .get(i as usize)
            .map(|x| format!("Inject: {}", x.name))
            .unwrap_or_default(),
    }
}

/// A signed figure to two places, as the "why" writes weights and factors: a value that rounds
/// to zero is "+0.00", never "-0.00".
fn signed(x: f32) -> String {
    let text = format!("{x:+.2}");
    if text == "-0.00" {
        "+0.00".into()
    } else {
        text
    }
}

/// Whether an AI's weighting is hidden from the player: it draws one of several dispositions.
/// Its decisions then show no number the weighting or the dice behind it would move.
fn weighting_hidden(ai: &Ai) -> bool {
    ai.dispositions.len() > 1
}

/// The first rule's parts: "rule `answer_drills` (assets/rules/pyongyang.ron:111): weight +0.90,
/// pyongyang.threat +0.72". Ranked and printed before the hidden disposition's weighting.
pub fn explain_decision(sc: &Scenario, who: Who, d: &Decision) -> String {
    let ai: &Ai = sc.rules.ai(who);
    let Some(r) = d.rule else {
        if weighting_hidden(ai) {
            return "no rule argued for it; chosen on noise".into();
        }
        return format!(
            "no rule argued for it; chosen on noise ({})",
            signed(d.noise)
        );
    };
    let rule = &ai.rules[r as usize];
    let mut parts = vec![format!("weight {}", signed(d.weight))];
    for (i, (v, _)) in rule.factors.iter().enumerate().take(d.factor_parts.len()) {
        let name = match v {
            crate::rules::VarRef::Tension => "tension".to_string(),
            crate::rules::VarRef::Turn => "turn".to_string(),
            crate::rules::VarRef::Var(x) => sc.rules.vars[*x as usize].id.clone(),
            crate::rules::VarRef::Estimate(_) => "estimate".to_string(),
        };
        parts.push(format!("{name} {}", signed(d.factor_parts[i])));
    }
    format!("rule `{}` ({}): {}", rule.id, rule.origin, parts.join(", "))
}

/// The "why" of a decision for a student, one line each: what argued most for it (the rule's
/// `because` sentence and where it lives), what else argued for it, what it was chosen over, and
/// how much misreading noise there is. Nothing in it names or weighs the hidden disposition: for
/// an AI with one (Pyongyang), the "over" line says what else was possible (the answers when
/// one or two, else how many) and the size of its noise, but not the runner-up, the margin or
/// the noise drawn, which would bound the weighted scores and so hint at the disposition; an
/// AI without one (Beijing) shows the runner-up, the margin and the noise drawn.
pub fn why_lines(sc: &Scenario, who: Who, d: &Decision) -> Vec<(&'static str, String)> {
    let ai: &Ai = sc.rules.ai(who);
    let mut lines = Vec::new();
    match d.rule {
        Some(r) => lines.push((
            "why",
            format!(
                "{} [{}]",
                ai.rules[r as usize].because,
                explain_decision(sc, who, d)
            ),
        )),
        None => lines.push(("why", explain_decision(sc, who, d))),
    }
    if let Some(r) = d.second {
        let rule = &ai.rules[r as usize];
        lines.push(("also", format!("{} [rule `{}`]", rule.because, rule.id)));
    }
    // The noise this answer drew, beside the rules' parts, would bound the weighted scores of
    // the others (and so hint at the weighting): an AI with a hidden one shows only its size.
    let noise = if weighting_hidden(ai) {
        format!("noise up to {:.2}", ai.noise)
    } else {
        format!("noise up to {:.2}, this time {}", ai.noise, signed(d.noise))
    };
    // A runner-up exists exactly when something else was possible.
    let over = match d.runner_up {
        None => format!("nothing else was possible; {noise}"),
        Some(_) if weighting_hidden(ai) => {
            let others = other_possible(ai, d);
            let what = match others.as_slice() {
                [one] => one.to_string(),
                [a, b] => format!("{a} or {b}"),
                many => format!("{} other possible answers", many.len()),
            };
            format!("{what}, by a margin its hidden disposition sets; {noise}")
        }
        Some((r, _)) => format!(
            "{} by {:.2}; {noise}",
            ai.responses[r as usize].name,
            d.margin().unwrap_or(0.0)
        ),
    };
    lines.push(("over", over));
    lines
}

/// The "why" of a decision in plain words, for a player on the dashboard. No rule ids, files,
/// weights, margins or noise: `why_lines` gives those, for modders and the transcript. It says
/// no more about a hidden disposition than `why_lines` does.
///
/// For an AI whose weighting is hidden, a single "why" would mislead: the rule that argued most
/// before the weighting is often not what moved it (a launch an opportunist makes for what it
/// can win reads like a builder's test when the "why" names the programme). So when rules of
/// more than one motive argued for the answer, it gives each motive's reading ("if security
/// drove it (weighs most with a security seeker): …", strongest first) and says that which of
/// them weighed most is what the hidden disposition decides. Otherwise: the rule that argued most ("why") and the next ("also").
/// Then the other answers that were possible ("other options: Keeps quiet or Fires missiles").
pub fn plain_why_lines(sc: &Scenario, who: Who, d: &Decision) -> Vec<(String, String)> {
    let ai: &Ai = sc.rules.ai(who);
    let readings: Vec<&crate::rules::AiRule> = d
        .readings
        .iter()
        .flatten()
        .filter_map(|r| ai.rules.get(*r as usize))
        .collect();
    let mut lines = Vec::new();
    if weighting_hidden(ai) && readings.len() > 1 {
        for rule in &readings {
            let motive = rule.motive as usize;
            let head = match ai.motives.get(motive) {
                Some(name) if motive_weighed(ai, motive) => match weighs_most_with(ai, motive) {
                    Some(who) => format!("if {name} drove it (weighs most with {who})"),
                    None => format!("if {name} drove it"),
                },
                _ => "whatever its leaning".to_string(),
            };
            lines.push((head, rule.because.clone()));
        }
        lines.push((
            "which weighed most".to_string(),
            "its hidden disposition decides that; the intelligence estimate weighs the evidence"
                .to_string(),
        ));
    } else {
        lines.push((
            "why".to_string(),
            match d.rule.and_then(|r| ai.rules.get(r as usize)) {
                Some(rule) => rule.because.clone(),
                None => "no reason stood out: a judgement call this time.".into(),
            },
        ));
        if let Some(rule) = d.second.and_then(|r| ai.rules.get(r as usize)) {
            lines.push(("also".to_string(), rule.because.clone()));
        }
    }
    let others = other_possible(ai, d);
    let options = match others.as_slice() {
        [] => None,
        [one] => Some(one.to_string()),
        [a, b] => Some(format!("{a} or {b}")),
        [first @ .., last] => Some(format!("{}, or {last}", first.join(", "))),
    };
    if let Some(options) = options {
        lines.push(("other options".to_string(), options));
    }
    lines
}

/// The disposition that weighs a motive most, as a reading's head names it ("a builder", "an
/// opportunist"): the key from the motives the readings name to the types the intelligence
/// estimate weighs. Public (the rules' data), the same whatever the game's disposition. None
/// when two weigh it alike.
fn weighs_most_with(ai: &Ai, motive: usize) -> Option<String> {
    let scale = |d: &crate::rules::Disposition| d.motives.get(motive).copied().unwrap_or(1.0);
    let top = ai
        .dispositions
        .iter()
        .map(scale)
        .fold(f32::NEG_INFINITY, f32::max);
    let mut most = ai.dispositions.iter().filter(|d| scale(d) == top);
    let first = most.next()?;
    if most.next().is_some() {
        return None;
    }
    let name = first.name.to_lowercase();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    Some(format!("{article} {name}"))
}

/// Whether the dispositions weigh a motive differently: a motive every disposition scales alike
/// (or none names) argues the same whatever the disposition, so its reading is no "if".
fn motive_weighed(ai: &Ai, motive: usize) -> bool {
    let scale = |d: &crate::rules::Disposition| d.motives.get(motive).copied().unwrap_or(1.0);
    let mut scales = ai.dispositions.iter().map(scale);
    let first = scales.next().unwrap_or(1.0);
    scales.any(|s| s != first)
}

/// The names of the answers an AI could also have given, in its rules' order.
fn other_possible<'a>(ai: &'a Ai, d: &Decision) -> Vec<&'a str> {
    ai.responses
        .iter()
        .enumerate()
        .take(MAX_RESPONSES)
        .filter(|(r, _)| *r != d.response as usize && d.possible & (1 << r) != 0)
        .map(|(_, response)| response.name.as_str())
        .collect()
}

/// What the "why" and "over" lines of an AI with a hidden disposition leave out, in plain
/// words, for once the game is over and the disposition is known: the reason that weighed most
/// under the true weighting, when it is not the one the why named, and how close the call was
/// against the runner-up ("a close call: it nearly chose Keeps quiet"). The report is handed
/// to a class, so it names no rule id, margin or noise figure: `why_lines` keeps those for
/// modders during play. None for an AI whose weighting was never hidden (its lines say all of
/// this), and when there is neither another reason nor another answer to give.
pub fn hindsight_line(sc: &Scenario, who: Who, d: &Decision) -> Option<String> {
    let ai: &Ai = sc.rules.ai(who);
    if !weighting_hidden(ai) {
        return None;
    }
    // The real reason, when the disposition's weighting put another rule first than the one
    // the "why" named during play (ranked before that weighting).
    let reason = d
        .weighted
        .filter(|w| Some(*w) != d.rule)
        .and_then(|w| ai.rules.get(w as usize))
        .map(|rule| {
            format!(
                "its disposition made this the reason that weighed most: {}",
                rule.because
            )
        });
    let over = d.runner_up.and_then(|(r, _)| {
        let name = &ai.responses.get(r as usize)?.name;
        Some(call_closeness(d.margin()?, d.noise, ai.noise, name))
    });
    match (reason, over) {
        // Two sentences: the reason ends with its own full stop.
        (Some(reason), Some(over)) => {
            let stop = if reason.ends_with('.') { "" } else { "." };
            let mut chars = over.chars();
            let first = chars.next().map(|c| c.to_uppercase().to_string());
            Some(format!(
                "{reason}{stop} {}{}.",
                first.unwrap_or_default(),
                chars.as_str()
            ))
        }
        (reason, over) => reason.or(over),
    }
}

/// How close a call was, in words a class reads: won by the luck of the draw (its own noise
/// was more than it won by), close (won by less than half the noise's reach), or clear.
fn call_closeness(margin: f32, noise: f32, reach: f32, runner_up: &str) -> String {
    if noise > margin {
        format!("chance tipped it: without the luck of the draw it would have chosen {runner_up}")
    } else if margin < 0.5 * reach {
        format!("a close call: it nearly chose {runner_up}")
    } else {
        format!("a clear choice: the next best, {runner_up}, was well behind")
    }
}

/// The intelligence estimate after a turn: the analysts' mean per disposition, then what each
/// analyst leans to. "security seeker 45% · builder 30% · opportunist 25% — Langley desk leans
/// builder (52%); Seoul desk leans security seeker (48%)".
pub fn estimate_line(
    sc: &Scenario,
    estimate: &[[f32; crate::rules::MAX_DISPOSITIONS]; crate::rules::MAX_ANALYSTS],
) -> Option<String> {
    let py = &sc.rules.pyongyang;
    let n = py.analysts.len().min(estimate.len());
    if n == 0 || py.dispositions.is_empty() {
        return None;
    }
    let types = py.dispositions.len().min(estimate[0].len());
    let mean = |d: usize| estimate[..n].iter().map(|row| row[d]).sum::<f32>() / n as f32;
    let shares: Vec<String> = (0..types)
        .map(|d| {
            format!(
                "{} {:.0}%",
                py.dispositions[d].name.to_lowercase(),
                mean(d) * 100.0
            )
        })
        .collect();
    let leans: Vec<String> = py.analysts[..n]
        .iter()
        .enumerate()
        .map(|(a, analyst)| {
            let (d, p) = (0..types)
                .map(|d| (d, estimate[a][d]))
                .fold((0, -1.0), |b, x| if x.1 > b.1 { x } else { b });
            format!(
                "{} leans {} ({:.0}%)",
                analyst.name,
                py.dispositions[d].name.to_lowercase(),
                p * 100.0
            )
        })
        .collect();
    Some(format!("{} — {}", shares.join(" · "), leans.join("; ")))
}

/// `outcome_text`, for a game whose log says the facilitator ended it early ("End now"): such
/// a game has no outcome, and is not "in progress".
pub fn outcome_or_ended(sc: &Scenario, outcome: Option<Outcome>, ended: bool) -> String {
    match outcome {
        None if ended => "ended early (End now)".into(),
        _ => outcome_text(sc, outcome),
    }
}

/// What a transcript says of a game ended with the facilitator's "End now".
pub const ENDED_EARLY: &str =
    "ended early (End now): no outcome, and Pyongyang's type stays hidden";

pub fn outcome_text(sc: &Scenario, outcome: Option<Outcome>) -> String {
    match outcome {
        None => "in progress".into(),
        Some(Outcome::Win(i)) => format!("WIN: {}", sc.objectives[i as usize].name),
        Some(Outcome::Loss(Some(i))) => format!("LOSS: {}", sc.objectives[i as usize].name),
        Some(Outcome::Loss(None)) => "LOSS: the last turn passed with no objective met".into(),
        Some(Outcome::War(WarCause::Ladder(r))) => {
            format!(
                "WAR: tension reached \"{}\"",
                sc.rules.rungs[r as usize].name
            )
        }
        Some(Outcome::War(WarCause::Incident)) => "WAR: an incident escalated into open war".into(),
    }
}

/// For a game that reached its last turn with no objective met: the win that came closest at
/// the end (the most of its conditions holding; the first such in the level's order) and what
/// it still needed, in the words of the briefing, e.g. "Closest win: Deterred ... (still
/// needed: no combat alert in the North)". A win that needed something lost for good
/// (`progress::lost_for_good`, such as 2013's reactor once restarted) comes after every win
/// still within reach, and what was lost says so: advice to get back what cannot come back is
/// no lesson. None for any other outcome, or a level with no win.
pub fn closest_win(sc: &Scenario, s: &GameState) -> Option<String> {
    if s.outcome != Some(Outcome::Loss(None)) {
        return None;
    }
    // The game moved on to the next turn's number after judging the last one: judge the
    // conditions as the last turn's check did, with its windows of recent moves.
    let at_end = super::progress::as_last_judged(s);
    let stance = sc.def.beijing_stance;
    let (i, objective, lost, missing) = sc
        .objectives
        .iter()
        .enumerate()
        .filter(|(_, o)| o.kind == ObjectiveKind::Win)
        .map(|(i, o)| {
            // What it lacked: what could still have come, and what was lost for good.
            let (lost, missing): (Vec<&Cond>, Vec<&Cond>) = o
                .when
                .iter()
                .filter(|c| !at_end.holds(sc, c))
                .partition(|c| super::progress::lost_for_good(sc, &at_end, c));
            (i, o, lost, missing)
        })
        .min_by_key(|(_, o, lost, missing)| {
            let lacked = lost.len() + missing.len();
            (!lost.is_empty(), (lacked * 1000) / o.when.len().max(1))
        })?;
    let words = |list: &[&Cond]| {
        list.iter()
            .map(|c| sc.rules.describe(c, stance))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let lacked = if !missing.is_empty() || !lost.is_empty() {
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("still needed: {}", words(&missing)));
        }
        if !lost.is_empty() {
            parts.push(format!("lost for good: {}", words(&lost)));
        }
        parts.join("; ")
    } else if at_end.turn < objective.not_before {
        format!("it cannot count before turn {}", objective.not_before)
    } else {
        // Every condition holds at the end, but not for the turns in a row it asks.
        let streak = s.streaks.get(i).copied().unwrap_or(0);
        format!(
            "it held for {streak} of the {} turns in a row it asks",
            objective.held_for
        )
    };
    Some(format!("Closest win: {} ({lacked})", objective.name))
}

/// How a game is named where a player reads it: "class code 2017-0ZGG-2" for a class's game,
/// else "seed 41". A class's seed is never printed there: with it, `class-code` prints the
/// teacher's key.
pub fn game_named(seed: u64, class_code: Option<&str>) -> String {
    match class_code {
        Some(code) => format!("class code {code}"),
        None => format!("seed {seed}"),
    }
}

/// The whole transcript. Its first line names the game by its class code when it has one
/// (`class_code`), else by its seed: a class's seed is not printed where a student reads it,
/// since with it `class-code` prints the teacher's key.
pub fn render(
    sc: &Scenario,
    s: &GameState,
    log: &[TurnRecord],
    injects: &[super::Injected],
    teams: Option<&super::teams::TeamPlay>,
    class_code: Option<&str>,
) -> String {
    let mut out = heading(sc, s, teams, class_code);
    for (i, rec) in log.iter().enumerate() {
        out.push_str(&turn_lines(sc, i, rec, injects, teams));
    }
    out.push_str(&ending(sc, s, log, injects, teams));
    out
}

/// The transcript's head: the level and the game, Beijing's stance, the objectives (wins first,
/// with what each needs), the difficulty and the teams. `play --moves ask` prints it before the
/// first move.
pub fn heading(
    sc: &Scenario,
    s: &GameState,
    teams: Option<&super::teams::TeamPlay>,
    class_code: Option<&str>,
) -> String {
    let rules = &sc.rules;
    let mut out = String::new();
    let def = &sc.def;
    let _ = writeln!(
        out,
        "{} ({}) — level {}, {}",
        def.title,
        def.years,
        def.id,
        game_named(s.seed, class_code)
    );
    let _ = writeln!(out, "Beijing's stance: {}", def.beijing_stance.label());
    // What wins and what loses, as the briefing lists them: a player reading the transcript
    // alone has nowhere else to learn it.
    let _ = writeln!(out, "Objectives:");
    let wins_first = (sc
        .objectives
        .iter()
        .filter(|o| o.kind == ObjectiveKind::Win))
    .chain(
        sc.objectives
            .iter()
            .filter(|o| o.kind == ObjectiveKind::Loss),
    );
    for o in wins_first {
        let mark = match o.kind {
            ObjectiveKind::Win => "WIN ",
            ObjectiveKind::Loss => "LOSE",
        };
        let needs = o.needs(rules, def.beijing_stance);
        let needs = if needs.is_empty() {
            String::new()
        } else {
            format!(": {needs}")
        };
        let _ = writeln!(out, "  {mark}  {}{}{needs}", o.name, o.timing());
    }
    let _ = writeln!(out, "  LOSE  War breaks out");
    let _ = writeln!(out, "  LOSE  No win by the last turn");
    if s.difficulty != 0
        && let Some(d) = rules.difficulties.get(s.difficulty as usize)
    {
        let _ = writeln!(out, "Difficulty: {}", d.described(true));
        if !d.spread.is_empty() {
            let _ = writeln!(
                out,
                "Opening ({OPENING_KEY}) — {}",
                opening_line(sc, s.seed, s.difficulty)
            );
        }
    }
    if let Some(t) = teams {
        let _ = writeln!(out, "Advisor teams: {}", t.rule.describe(sc));
    }
    out
}

/// The transcript's end: the facilitator's injects after the last move, the outcome, how close
/// the nearest win came, the score and peak tension, Pyongyang's type once the game is over,
/// and the teams' scores. `play --moves ask` prints it when the game stops.
pub fn ending(
    sc: &Scenario,
    s: &GameState,
    log: &[TurnRecord],
    injects: &[super::Injected],
    teams: Option<&super::teams::TeamPlay>,
) -> String {
    let rules = &sc.rules;
    let mut out = String::new();
    // Injects after the last move (the facilitator's, before a turn not yet played): they have
    // happened, so the transcript tells them.
    let last = log.last().map_or(0, |r| r.turn);
    let mut heading = None;
    for x in injects.iter().filter(|x| x.turn > last) {
        if let Some(inject) = sc.injects.get(x.inject as usize) {
            if heading != Some(x.turn) {
                heading = Some(x.turn);
                let _ = writeln!(out, "\nTurn {} · not yet played", x.turn);
            }
            inject_lines(&mut out, inject);
        }
    }
    let _ = writeln!(out);
    let disposition = rules
        .pyongyang
        .dispositions
        .get(s.disposition as usize)
        .map(|d| d.name.as_str())
        .unwrap_or("none");
    // The disposition stays hidden while the game can still be played on.
    let disposition = if s.outcome.is_some() {
        disposition
    } else {
        "hidden until the game ends"
    };
    let _ = writeln!(out, "Outcome: {}", outcome_text(sc, s.outcome));
    if let Some(closest) = closest_win(sc, s) {
        let _ = writeln!(out, "{closest}");
    }
    let _ = writeln!(
        out,
        "{} · peak tension {:.1} (at its height within a turn, before it fades) · \
         Pyongyang's hidden disposition: {disposition}",
        match s.outcome {
            Some(_) => format!("Score {}", super::turn::score(sc, s)),
            None => match super::turn::had_it_ended_line(sc, s) {
                Some(line) => format!("No score (the game did not reach its end; {line})"),
                None => "No score (the game did not reach its end)".to_string(),
            },
        },
        s.peak_tension
    );
    if teams.is_some() {
        let scores: Vec<String> = super::teams::scores(sc, s)
            .into_iter()
            .enumerate()
            .map(|(i, (name, n))| {
                let start = super::teams::start_score(sc, s, i);
                format!("{name} {n} ({:+} from {start})", n as i64 - start as i64)
            })
            .collect();
        let heading = if s.outcome.is_some() {
            "Team scores"
        } else {
            "Team scores so far"
        };
        let _ = writeln!(out, "{heading}: {}", scores.join(" · "));
    }
    out
}

/// One turn of the transcript: its heading, the facilitator's injects before it, the move, the
/// answers with their news and why, the estimate, the events and the tension. `i` is the turn's
/// place in the log (for a team game's proposals). `play --moves ask` prints it as each turn
/// is played.
pub fn turn_lines(
    sc: &Scenario,
    i: usize,
    rec: &TurnRecord,
    injects: &[super::Injected],
    teams: Option<&super::teams::TeamPlay>,
) -> String {
    let rules = &sc.rules;
    let mut out = String::new();
    let story = TurnStory::of(sc, rec);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Turn {} · {} · tension {:.1} ({})",
        story.turn, story.date, story.tension_before, rules.rungs[story.rung_before as usize].name
    );
    for x in injects.iter().filter(|x| x.turn == story.turn) {
        if let Some(inject) = sc.injects.get(x.inject as usize) {
            inject_lines(&mut out, inject);
        }
    }
    if let Some(line) = teams.and_then(|t| super::teams::played_line(sc, t, i, rec)) {
        let _ = writeln!(out, "  Teams:     {line}");
    }
    let family = story.family_label();
    match story.unavailable_note() {
        Some(note) => {
            let _ = writeln!(out, "  You:       {} ({family}) — {note}", story.move_name,);
        }
        None => {
            let _ = writeln!(out, "  You:       {} ({family})", story.move_name);
        }
    }
    if let Some(also) = &story.also {
        let _ = writeln!(out, "  Also:      {also}");
    }
    if let Some(reading) = &story.misread {
        let _ = writeln!(out, "  Misread:   Pyongyang reads it as {reading}");
    }
    for answer in &story.answers {
        let label = format!("{}:", answer.who.label());
        let _ = writeln!(out, "  {label:<10} {}", answer.name);
        // Its news, as the desktop's news tells it, then why.
        if !answer.news.is_empty() {
            let _ = writeln!(out, "             {}", answer.news);
        }
        for (head, line) in &answer.why {
            let _ = writeln!(out, "             {head}: {line}");
        }
    }
    if let Some(line) = &story.estimate {
        let _ = writeln!(out, "  Estimate:  {line}");
    }
    // An event's name, then its news: what happened, as the desktop's news tells it.
    for e in &story.events {
        let _ = writeln!(out, "  Event:     {}", e.name);
        let _ = writeln!(out, "             {}", e.news);
    }
    let _ = writeln!(
        out,
        "  Tension:   {:.1} → {:.1} ({})",
        story.tension_before, story.tension_after, story.rung_name
    );
    out
}

/// A facilitator's inject as the transcript shows it: its name from the menu, as an event's
/// is shown, then its news.
fn inject_lines(out: &mut String, inject: &crate::rules::Inject) {
    let _ = writeln!(out, "  Inject:    {} (the facilitator)", inject.name);
    let _ = writeln!(out, "             {}", inject.news);
}

/// What the report, the debrief and the transcript say of turns and injects taken back with
/// Undo, or by starting a class's game again over it (nothing when none was): with a class code
/// the dice are the class's, so a group that tried a turn twice knew what the first try drew.
pub fn undone_line(undone: u32) -> Option<String> {
    match undone {
        0 => None,
        1 => Some("Undo was used once while this game was played: a turn or an inject was taken back and played again.".into()),
        n => Some(format!("Undo was used {n} times while this game was played: turns or injects were taken back and played again (a class's game started again, or loaded from a save behind where it had been played to, takes back each turn and inject it had).")),
    }
}

/// What the brackets of `opening_line` hold, for the line's heading wherever it is shown.
pub const OPENING_KEY: &str = "the level's figures in brackets";

/// Where a game at a difficulty opens on each figure the difficulty changes or spreads
/// (`Difficulty::start`, `Difficulty::spread`), actor by actor, each beside the level's own
/// (Standard's) figure: "Washington: credibility 50 (55), diplomatic capital 40 (60) ·
/// Pyongyang: trust 16 (20), …". Every one is a figure the player sees on the dashboard.
/// Empty for a difficulty that changes nothing.
pub fn opening_line(sc: &Scenario, seed: u64, difficulty: u8) -> String {
    let rules = &sc.rules;
    let Some(d) = rules.difficulties.get(difficulty as usize) else {
        return String::new();
    };
    let opened = super::turn::new_game_at(sc, seed, difficulty).vars;
    let changed = |v: &u16| d.start.iter().chain(&d.spread).any(|(w, _)| w == v);
    let mut actors = Vec::new();
    for actor in &rules.actors {
        let mut parts = Vec::new();
        for v in actor.vars.iter().filter(|v| changed(v)) {
            let i = *v as usize;
            let mut name = rules.vars[i].name.chars();
            let first = name
                .next()
                .map(|c| c.to_lowercase().to_string())
                .unwrap_or_default();
            parts.push(format!(
                "{first}{} {:.0} ({:.0})",
                name.as_str(),
                opened[i],
                sc.start[i]
            ));
        }
        if !parts.is_empty() {
            actors.push(format!("{}: {}", actor.name, parts.join(", ")));
        }
    }
    actors.join(" · ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_figure_that_rounds_to_zero_is_never_minus_zero() {
        assert_eq!(super::signed(-0.001), "+0.00");
        assert_eq!(super::signed(-0.0), "+0.00");
        assert_eq!(super::signed(-0.5), "-0.50");
        assert_eq!(super::signed(0.25), "+0.25");
    }
}
