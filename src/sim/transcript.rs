//! The turn-by-turn transcript of a game as text: date, the player's move, each AI response
//! with the rule that fired (and its RON file:line), events, tension and rung, then the outcome.
//! The same text for the same game, byte for byte: numbers are printed with fixed precision.

use super::calendar::turn_date;
use super::decide::Decision;
use super::ledger::Cause;
use super::state::{GameState, Outcome, WarCause};
use super::turn::TurnRecord;
use crate::rules::{Ai, Scenario, Who};
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
    }
}

/// "rule `answer_drills` (assets/rules/pyongyang.ron:88): weight 2.0, pyongyang.threat +0.9".
pub fn explain_decision(sc: &Scenario, who: Who, d: &Decision) -> String {
    let ai: &Ai = sc.rules.ai(who);
    let Some(r) = d.rule else {
        return format!("no rule argued for it; chosen on noise ({:+.2})", d.noise);
    };
    let rule = &ai.rules[r as usize];
    let mut parts = vec![format!("weight {:+.2}", d.weight)];
    for (i, (v, _)) in rule.factors.iter().enumerate().take(d.factor_parts.len()) {
        let name = match v {
            crate::rules::VarRef::Tension => "tension".to_string(),
            crate::rules::VarRef::Turn => "turn".to_string(),
            crate::rules::VarRef::Var(x) => sc.rules.vars[*x as usize].id.clone(),
        };
        parts.push(format!("{name} {:+.2}", d.factor_parts[i]));
    }
    if (d.motive_scale - 1.0).abs() > 1e-6 {
        parts.push(format!("motive ×{:.2}", d.motive_scale));
    }
    parts.push(format!("noise {:+.2}", d.noise));
    format!("rule `{}` ({}): {}", rule.id, rule.origin, parts.join(", "))
}

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

/// The whole transcript.
pub fn render(sc: &Scenario, s: &GameState, log: &[TurnRecord]) -> String {
    let rules = &sc.rules;
    let mut out = String::new();
    let def = &sc.def;
    let _ = writeln!(
        out,
        "{} ({}) — level {}, seed {}",
        def.title, def.years, def.id, s.seed
    );
    let _ = writeln!(out, "Beijing's stance: {}", def.beijing_stance.label());
    for rec in log {
        let date = turn_date(def.calendar.start, def.calendar.days_per_turn, rec.turn);
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Turn {} · {} · tension {:.1} ({})",
            rec.turn,
            date.long(),
            rec.tension_before,
            rules.rungs[rules.rung_for(rec.tension_before) as usize].name
        );
        let taken = &sc.actions[rec.taken as usize];
        if rec.taken != rec.requested {
            let asked = sc
                .actions
                .get(rec.requested as usize)
                .map(|a| a.name.as_str())
                .unwrap_or("?");
            let _ = writeln!(
                out,
                "  You:       {} ({}) — {asked} was unavailable",
                taken.name,
                taken.family.label()
            );
        } else {
            let _ = writeln!(
                out,
                "  You:       {} ({})",
                taken.name,
                taken.family.label()
            );
        }
        if rec.misread
            && let Some(m) = &taken.misreading
        {
            let _ = writeln!(out, "  Misread:   Pyongyang reads it as {}", m.reading);
        }
        for (who, d) in [(Who::Beijing, rec.beijing), (Who::Pyongyang, rec.pyongyang)] {
            if let Some(d) = d {
                let response = &rules.ai(who).responses[d.response as usize];
                let label = format!("{}:", who.label());
                let _ = writeln!(out, "  {label:<10} {}", response.name);
                let _ = writeln!(out, "             why: {}", explain_decision(sc, who, &d));
            }
        }
        for e in rec
            .fired_events()
            .filter(|e| !rules.events[*e as usize].quiet)
        {
            let _ = writeln!(out, "  Event:     {}", rules.events[e as usize].name);
        }
        let _ = writeln!(
            out,
            "  Tension:   {:.1} → {:.1} ({})",
            rec.tension_before, rec.tension_after, rules.rungs[rec.rung_after as usize].name
        );
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
    let _ = writeln!(
        out,
        "Score {} · peak tension {:.1} · Pyongyang's hidden disposition: {disposition}",
        super::turn::score(sc, s),
        s.peak_tension
    );
    out
}
