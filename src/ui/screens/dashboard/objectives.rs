//! The objectives panel, in the left column: how the level is won and lost, as the briefing
//! said it, and how far the game stands from each win now. The win closest to hand says how many
//! of its conditions are met and names the ones that are not, with the value each asks about
//! ("tension 30 or less (now 47)"); the loss nearest to happening follows with its value, so a
//! player sees one coming. Hovered or focused, it shows every win and loss the same way. It is built again with
//! the figures, once a turn's answers are all in, and never judges a condition the player could
//! not see (`sim::progress`).

use crate::rules::{ObjectiveKind, Scenario};
use crate::sim::GameState;
use crate::sim::progress::{ObjectiveProgress, objective_progress};
use crate::ui::theme::{Palette, label, panel, size};
use bevy::input_focus::tab_navigation::TabIndex;
use bevy::prelude::*;

/// The objectives panel.
#[derive(Component)]
pub struct ObjectivesPanel;

/// Every objective in full, shown while the panel is hovered or has focus.
#[derive(Component)]
struct ObjectivesPopup;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        super::hover_popup::popup_while_hovered::<ObjectivesPanel, ObjectivesPopup>
            .run_if(in_state(crate::ui::screens::Screen::Dashboard)),
    );
}

/// The panel keeps to a few lines, so the actors' figures below keep their room: the win the
/// game stands closest to now (the most of its conditions holding) with what it still needs,
/// how many other ways there are to win, and the loss nearest to happening. Hovered or focused, it shows every
/// objective in full beside the column, as the gauge shows its ledger.
pub(super) fn spawn(parent: &mut ChildSpawnerCommands, p: &Palette, sc: &Scenario, s: &GameState) {
    // It keeps its height, and the actors' figures below give way (they scroll), until it would
    // take more than three fifths of the space the two share (a large text scale in a small
    // window): then it gives way too, and scrolls, so the figures keep a few rows.
    // It gives way (and scrolls) only once the figures under it are down to their tag, so a
    // column too short for everything (presentation mode, a team's two-line prompt under it)
    // keeps the estimate whole rather than spilling over the foot of the window.
    let node = Node {
        padding: UiRect::all(Val::Px(7.0)),
        row_gap: Val::Px(1.0),
        flex_shrink: 1.0,
        min_height: Val::Px(60.0),
        max_height: Val::Percent(60.0),
        overflow: Overflow::scroll_y(),
        ..default()
    };
    let all = objective_progress(sc, s);
    let wins: Vec<&ObjectiveProgress> = all
        .iter()
        .filter(|o| o.kind == ObjectiveKind::Win)
        .collect();
    let indent = || Node {
        margin: UiRect::left(Val::Px(12.0)),
        ..default()
    };
    let panel_bundle = (
        ObjectivesPanel,
        Interaction::default(),
        TabIndex(0),
        panel(p, node),
        crate::ui::scroll::ScrollOnWheel,
    );
    parent.spawn(panel_bundle).with_children(|c| {
        c.spawn(label("Objectives (hover for all)", size::SMALL, p.accent));
        // A win whose condition can never hold again (2013's reactor, once restarted) is not
        // offered as the closest; when none is left, the panel says so.
        let reachable: Vec<&ObjectiveProgress> = wins
            .iter()
            .copied()
            .filter(|o| o.gone().is_none())
            .collect();
        if reachable.is_empty() && !wins.is_empty() {
            c.spawn(label(no_win_left(&wins), size::TINY, p.bad));
        }
        if let Some(o) = closest(&reachable) {
            c.spawn(label(closest_head(o), size::TINY, p.good));
            if o.met_next_turn {
                c.spawn((
                    label(
                        "if it still holds after this turn, the level ends: won",
                        size::TINY,
                        p.good,
                    ),
                    indent(),
                ));
            }
            c.spawn((label(closest_progress(o), size::TINY, p.muted), indent()));
            // How what it still needs comes about, where the rules say ("it stands down once
            // ..."), so a player sees a way to it.
            for hint in o.unmet().filter_map(|c| c.hint.as_ref()) {
                c.spawn((label(hint.clone(), size::TINY, p.accent), indent()));
            }
            // What holds now but, once broken, ends this way to win for good (2013's idle
            // reactor): a player must see it before the turn that breaks it, not after.
            // Short here (the figures below need the column); the popup says it in full.
            for stake in o.conditions.iter().filter(|c| c.at_stake) {
                let line = format!("at stake for good: {}", stake.text);
                c.spawn((label(line, size::TINY, p.bad), indent()));
            }
            if reachable.len() > 1 {
                let others = match reachable.len() - 1 {
                    1 => "1 other way to win".to_string(),
                    n => format!("{n} other ways to win"),
                };
                c.spawn(label(others, size::TINY, p.muted));
            }
        }
        c.spawn(label(nearest_loss(&all), size::TINY, p.bad));
        // Every objective in full, floating just right of the column.
        let popup = (ObjectivesPopup, super::hover_popup::beside(p));
        c.spawn(popup).with_children(|pop| {
            pop.spawn(label("Objectives", size::BODY, p.accent));
            for o in &wins {
                pop.spawn(label(
                    format!("WIN  {}{}", o.name, o.timing),
                    size::SMALL,
                    p.good,
                ));
                pop.spawn((label(win_progress(o), size::SMALL, p.muted), indent()));
                if let Some(c) = o.gone() {
                    let line = format!("out of reach for good: {}", c.text);
                    pop.spawn((label(line, size::SMALL, p.bad), indent()));
                }
                for hint in o.unmet().filter_map(|c| c.hint.as_ref()) {
                    pop.spawn((label(hint.clone(), size::SMALL, p.accent), indent()));
                }
                for stake in o.conditions.iter().filter(|c| c.at_stake) {
                    pop.spawn((label(at_stake_line(stake), size::SMALL, p.bad), indent()));
                }
            }
            pop.spawn(label(losses(&all), size::SMALL, p.bad));
        });
    });
}

/// "at stake: Yongbyon reactor idle holds now; once lost, this win is gone for good".
pub fn at_stake_line(c: &crate::sim::progress::ConditionProgress) -> String {
    format!(
        "at stake: {} holds now; once lost, this win is gone for good",
        c.text
    )
}

/// The win with the largest share of its conditions holding now; the first such in the
/// level's order.
pub fn closest<'a>(wins: &[&'a ObjectiveProgress]) -> Option<&'a ObjectiveProgress> {
    // One that ends the level after this turn if it still holds comes first, then one that has
    // held longest towards the turns it needs, then the share of its conditions that hold.
    let share = |o: &ObjectiveProgress| {
        let (met, seen) = o.met();
        met as f32 / seen.max(1) as f32
    };
    let towards = |o: &ObjectiveProgress| match o.streak {
        Some((held, needed)) => held as f32 / needed.max(1) as f32,
        None => 0.0,
    };
    let rank = |o: &ObjectiveProgress| (o.met_next_turn, towards(o), share(o));
    let mut best: Option<&ObjectiveProgress> = None;
    for o in wins {
        if best.is_none_or(|b| rank(o) > rank(b)) {
            best = Some(o);
        }
    }
    best
}

/// The panel's first line: which win the game stands closest to. It names the win and no count:
/// "WIN (4 of 5 hold)" on the first turn read to a class as a game nearly won, when the one
/// condition left was the hard one.
pub fn closest_head(o: &ObjectiveProgress) -> String {
    format!("Closest win: {}{}", o.name, o.timing)
}

/// The line under it: how many of its conditions are met, how long they have held where the
/// win asks for turns, and what it still needs. "3 of 4 conditions met so far; still needs
/// tension 30 or less (now 47)", "all 4 conditions met so far, held 1 of 3 turns". "So far":
/// on the first turn most of a win's conditions hold before anything has happened (no launch
/// in the last two turns, no fourth test), and a class read "5 of 6" as a game nearly won.
pub fn closest_progress(o: &ObjectiveProgress) -> String {
    let (met, seen) = o.met();
    let streak = match o.streak {
        Some((held, needed)) if held < needed => format!(", held {held} of {needed} turns"),
        // Held long enough, and waiting for the first turn it may count ("held 3 of 2 turns"
        // read as a slip).
        Some((held, needed)) => format!(", held {held} turns running ({needed} needed: enough)"),
        None => String::new(),
    };
    let unmet: Vec<String> = o.unmet().map(|c| c.with_value()).collect();
    if unmet.is_empty() {
        format!("all {seen} conditions met so far{streak}")
    } else {
        format!(
            "{met} of {seen} conditions met so far{streak}; still needs {}",
            unmet.join(", ")
        )
    }
}

/// When every win is out of reach: which conditions put them there (each named once), and
/// that the score still counts the calm.
pub fn no_win_left(wins: &[&ObjectiveProgress]) -> String {
    let mut lost: Vec<&str> = Vec::new();
    for c in wins.iter().filter_map(|o| o.gone()) {
        if !lost.contains(&c.text.as_str()) {
            lost.push(&c.text);
        }
    }
    format!(
        "No win is left: every way to win needs {}, and that is out of reach for good. The calm still counts toward your score.",
        lost.join(", or ")
    )
}

/// "4 of 6 hold now; still needs tension 30 or less (now 47), ...", or "All 6 hold now".
pub fn win_progress(o: &ObjectiveProgress) -> String {
    let (met, seen) = o.met();
    let unmet: Vec<String> = o.unmet().map(|c| c.with_value()).collect();
    let unseen = o.conditions.len() - seen;
    let mut text = if unmet.is_empty() {
        format!("All {seen} hold now")
    } else {
        format!("{met} of {seen} hold now; still needs {}", unmet.join(", "))
    };
    if unseen > 0 {
        // Conditions on what no panel shows are named, never judged.
        let hidden: Vec<&str> = o
            .conditions
            .iter()
            .filter(|c| c.holds.is_none())
            .map(|c| c.text.as_str())
            .collect();
        text += &format!("; and {}", hidden.join(", "));
    }
    text
}

/// The loss nearest to happening (the least way to go on a threshold of one condition), and how
/// many more there are, counting war and an ending with no win: "LOSE nearest: nuclear tests 4+
/// (now 2); 5 more ways, among them war and no win by the last turn".
pub fn nearest_loss(all: &[ObjectiveProgress]) -> String {
    let losses: Vec<&ObjectiveProgress> = all
        .iter()
        .filter(|o| o.kind == ObjectiveKind::Loss)
        .collect();
    let gap = |o: &ObjectiveProgress| {
        o.conditions
            .iter()
            .map(|c| c.distance.unwrap_or(1.0))
            .fold(0.0f32, f32::max)
    };
    let mut nearest: Option<&ObjectiveProgress> = None;
    for o in &losses {
        if nearest.is_none_or(|n| gap(o) < gap(n)) {
            nearest = Some(o);
        }
    }
    match nearest {
        Some(o) => {
            let each: Vec<String> = o.conditions.iter().map(|c| c.with_value()).collect();
            format!(
                "LOSE nearest: {}{}; {} more ways, among them war and {NO_WIN}",
                each.join(" and "),
                o.timing,
                losses.len() + 1
            )
        }
        None => format!("LOSE if war breaks out, or with {NO_WIN}"),
    }
}

/// How every level is also lost: its last turn passes and no win is met.
pub const NO_WIN: &str = "no win by the last turn";

/// "LOSE if nuclear tests 4+ (now 3) · ... · war breaks out · no win by the last turn".
pub fn losses(all: &[ObjectiveProgress]) -> String {
    let mut parts: Vec<String> = all
        .iter()
        .filter(|o| o.kind == ObjectiveKind::Loss)
        .map(|o| {
            let each: Vec<String> = o.conditions.iter().map(|c| c.with_value()).collect();
            format!("{}{}", each.join(" and "), o.timing)
        })
        .collect();
    parts.push("war breaks out".into());
    parts.push(NO_WIN.into());
    format!("LOSE if {}", parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::progress::ConditionProgress;

    /// A win that must hold some turns running: counted up to what it needs, then said to be
    /// enough ("held 3 of 2 turns" read as a slip).
    #[test]
    fn a_streak_held_long_enough_says_so() {
        let talks = ConditionProgress {
            text: "talks momentum 60+".into(),
            holds: Some(true),
            now: Some(70.0),
            distance: Some(0.0),
            hint: None,
            gone: false,
            at_stake: false,
        };
        let win = |streak| ObjectiveProgress {
            name: "Talks resume and last".into(),
            kind: ObjectiveKind::Win,
            timing: String::new(),
            conditions: vec![talks.clone()],
            streak: Some(streak),
            met_next_turn: false,
        };
        assert_eq!(
            closest_progress(&win((1, 2))),
            "all 1 conditions met so far, held 1 of 2 turns"
        );
        assert_eq!(
            closest_progress(&win((3, 2))),
            "all 1 conditions met so far, held 3 turns running (2 needed: enough)"
        );
    }
}
