//! The objectives panel, in the left column: how the level is won and lost, as the briefing
//! said it, and how far the game stands from each win now. Each win says how many of its
//! conditions hold and names the ones that do not, with the value each asks about ("tension 30
//! or less (now 47)"); the losses follow on one line with their values, so a player sees one
//! coming. It is built again with the figures, once a turn's answers are all in, and never
//! judges a condition the player could not see (`sim::progress`).

use crate::rules::{ObjectiveKind, Scenario};
use crate::sim::GameState;
use crate::sim::progress::{ObjectiveProgress, objective_progress};
use crate::ui::theme::{Palette, label, panel, size};
use bevy::prelude::*;

/// The objectives panel.
#[derive(Component)]
pub struct ObjectivesPanel;

pub(super) fn spawn(parent: &mut ChildSpawnerCommands, p: &Palette, sc: &Scenario, s: &GameState) {
    let node = Node {
        padding: UiRect::all(Val::Px(7.0)),
        row_gap: Val::Px(1.0),
        flex_shrink: 0.0,
        ..default()
    };
    let all = objective_progress(sc, s);
    parent
        .spawn((ObjectivesPanel, panel(p, node)))
        .with_children(|c| {
            c.spawn(label("Objectives", size::SMALL, p.accent));
            for o in all.iter().filter(|o| o.kind == ObjectiveKind::Win) {
                c.spawn(label(
                    format!("WIN  {}{}", o.name, o.timing),
                    size::TINY,
                    p.good,
                ));
                let indent = Node {
                    margin: UiRect::left(Val::Px(12.0)),
                    ..default()
                };
                c.spawn((label(win_progress(o), size::TINY, p.muted), indent));
            }
            c.spawn(label(losses(&all), size::TINY, p.bad));
        });
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

/// "LOSE if nuclear tests 4+ (now 3) · ... · war breaks out".
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
    format!("LOSE if {}", parts.join(" · "))
}
