//! Choosing a level: the campaign (the four historical levels in order, each locked until the
//! previous is finished) and the single-level list (every level, broken ones shown with their
//! error and not startable).

use super::{ChosenLevel, Screen, fresh_seed, screen_root};
use crate::game::GameData;
use crate::rules::LevelEntry;
use crate::ui::Settings;
use crate::ui::focus::Activated;
use crate::ui::focus::ButtonColors;
use crate::ui::scroll::ScrollOnWheel;
use crate::ui::theme::{Palette, control, label, panel, size};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use std::sync::Arc;

/// A level row; `None` when it cannot be started (locked or broken).
#[derive(Component, Debug, Clone)]
struct LevelButton(Option<String>);

#[derive(Component)]
struct BackButton;

/// A campaign level still locked: what opens it, said when the row is activated.
#[derive(Component, Debug, Clone)]
struct Locked(String);

/// The line under the list that says why a locked level did not start.
#[derive(Component)]
struct LockedHint;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        OnEnter(Screen::Campaign),
        |c: Commands, p: Res<Palette>, d: Res<GameData>, s: Res<Settings>| {
            spawn(c, &p, &d, &s, true)
        },
    )
    .add_systems(
        OnEnter(Screen::Levels),
        |c: Commands, p: Res<Palette>, d: Res<GameData>, s: Res<Settings>| {
            spawn(c, &p, &d, &s, false)
        },
    )
    .add_systems(
        Update,
        act.run_if(in_state(Screen::Campaign).or_else(in_state(Screen::Levels))),
    );
}

fn spawn(
    mut commands: Commands,
    p: &Palette,
    data: &GameData,
    settings: &Settings,
    campaign: bool,
) {
    let screen = if campaign {
        Screen::Campaign
    } else {
        Screen::Levels
    };
    let campaign_ids: Vec<&str> = data
        .0
        .levels
        .iter()
        .filter_map(|l| l.scenario())
        .filter(|s| s.def.campaign.is_some())
        .map(|s| s.id())
        .collect();
    commands
        .spawn((screen_root(screen), BackgroundColor(p.background)))
        .with_children(|root| {
            root.spawn(label(
                if campaign { "Campaign" } else { "Single level" },
                size::TITLE * 0.7,
                p.accent,
            ));
            root.spawn(label(
                if campaign {
                    "Four crises, in order. Play one to its end, won or lost, to open the next."
                } else {
                    "Any level, on its own. A level with errors is listed with its problem, one with warnings with its first, in gold."
                },
                size::BODY,
                p.muted,
            ));
            // One row per level: its title, a line under it, the level it starts (None when
            // it cannot be played now), whether it is broken, and what `validate` would warn
            // of in it (a modder's level that loads but cannot be what its author meant).
            let mut rows: Vec<(String, String, Option<String>, bool, Option<String>)> = Vec::new();
            let warnings = data.0.warnings();
            // The locked rows (index into `rows`) and what opens each.
            let mut locks: Vec<(usize, String)> = Vec::new();
            for entry in &data.0.levels {
                match entry {
                    LevelEntry::Ready(s) => {
                        if campaign && s.def.campaign.is_none() {
                            continue;
                        }
                        let index = campaign_ids.iter().position(|id| *id == s.id());
                        let locked = campaign
                            && index.is_some_and(|i| !settings.profile.unlocked(&campaign_ids, i));
                        // The level before it in the campaign, named: "the previous level" made
                        // a player count the rows.
                        let before = index
                            .and_then(|i| i.checked_sub(1))
                            .and_then(|i| data.0.level(campaign_ids[i]))
                            .and_then(|l| l.scenario())
                            .map_or("the previous level".to_string(), |b| {
                                format!("{} ({})", b.def.title, b.def.years)
                            });
                        let done = settings.profile.finished.iter().any(|f| f == s.id());
                        // A level played to its end says how it went: won or not, best score.
                        let best = settings.profile.best_line(s.id(), &s.rules.difficulties);
                        let status = match (locked, done, best) {
                            (true, _, _) => format!("  · locked: finish {before} in the campaign first"),
                            (false, true, Some(best)) => format!("  · finished · {best}"),
                            (false, true, None) => "  · finished".into(),
                            (false, false, Some(best)) => format!("  · {best}"),
                            (false, false, None) => String::new(),
                        };
                        // A mod's level says which mod it comes from.
                        let from = data
                            .0
                            .mod_of(s.id())
                            .map(|m| format!(" - mod: {m}"))
                            .unwrap_or_default();
                        let warned = warnings.levels.get(s.id()).map(|d| d.first_line("warning"));
                        rows.push((
                            format!("{} ({}){from}", s.def.title, s.def.years),
                            format!("{}{status}", s.def.summary),
                            (!locked).then(|| s.id().to_string()),
                            false,
                            warned,
                        ));
                        if locked {
                            locks.push((
                                rows.len() - 1,
                                format!(
                                    "{} opens once you have played {before} to its end in the campaign, won or lost.",
                                    s.def.title
                                ),
                            ));
                        }
                    }
                    // Listed in the campaign too: whether it was one of the campaign's levels
                    // cannot be read from it, and a crisis silently missing would make a shorter
                    // campaign that opens at the wrong level.
                    LevelEntry::Broken { id, problems, .. } => {
                        rows.push((
                            format!("{id} (cannot be loaded)"),
                            problems.first_line("problem"),
                            None,
                            true,
                            None,
                        ));
                    }
                }
            }
            // A mod turned on that does not load: its levels are missing above, so it is listed
            // with its first problem, as a broken level is.
            if !campaign {
                for m in data.0.mods.iter().filter(|m| m.enabled) {
                    let Some(problem) = m.first_problem() else {
                        continue;
                    };
                    let levels = if m.levels.is_empty() {
                        String::new()
                    } else {
                        format!(", so {} cannot be played", m.levels.join(", "))
                    };
                    let title = format!("mod {} (not loaded){levels}", m.id());
                    rows.push((title, problem, None, true, None));
                }
            }
            // Focus starts on the first level to play: in the campaign, the first open one not
            // yet finished (where the player left off), else the first open one.
            let unfinished = |id: &String| !settings.profile.finished.iter().any(|f| f == id);
            let focus = rows
                .iter()
                .filter_map(|r| r.2.as_ref())
                .find(|id| campaign && unfinished(id))
                .or_else(|| rows.iter().find_map(|r| r.2.as_ref()))
                .cloned();
            // The rows scroll (wheel, or the focus moving down them) when a player's mods add
            // more than the window holds, so Back always stays on screen.
            let list = Node {
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                row_gap: Val::Px(12.0),
                flex_grow: 1.0,
                flex_shrink: 1.0,
                min_height: Val::Px(0.0),
                overflow: Overflow::scroll_y(),
                // Room for the focus ring round the first and last rows.
                padding: UiRect::all(Val::Px(4.0)),
                ..default()
            };
            let mut list = root.spawn((list, ScrollOnWheel));
            list.with_children(|root| {
                for (i, (title, detail, start, broken, warned)) in rows.into_iter().enumerate() {
                    let startable = start.is_some();
                    let first = startable && start == focus;
                    let colors = ButtonColors {
                        idle: p.panel,
                        hover: p.panel_raised,
                        press: p.border,
                    };
                    let mut row = root.spawn((
                        panel(
                            p,
                            Node {
                                width: Val::Px(760.0),
                                flex_shrink: 0.0,
                                ..default()
                            },
                        ),
                        LevelButton(start),
                    ));
                    // A locked level answers Enter or a click with what opens it.
                    if let Some((_, why)) = locks.iter().find(|(at, _)| *at == i) {
                        row.insert((Locked(why.clone()), bevy::ui_widgets::Button));
                    }
                    if startable {
                        row.insert((control(), colors));
                        if first {
                            row.insert(AutoFocus);
                        }
                    } else {
                        // Not playable, but in the Tab order, so the keyboard reaches (and the
                        // list scrolls to) a locked level or a broken one's problem too.
                        // It wears the focus ring, and no hover colour: it does nothing.
                        let still = ButtonColors {
                            idle: p.panel,
                            hover: p.panel,
                            press: p.panel,
                        };
                        row.insert((
                            Button,
                            bevy::input_focus::tab_navigation::TabIndex(0),
                            still,
                        ));
                    }
                    row.with_children(|r| {
                        let title_color = if broken {
                            p.bad
                        } else if startable {
                            p.text
                        } else {
                            p.muted
                        };
                        r.spawn(label(title, size::HEADING * 0.85, title_color));
                        r.spawn(label(
                            detail,
                            size::SMALL,
                            if broken { p.bad } else { p.muted },
                        ));
                        if let Some(warned) = warned {
                            r.spawn(label(warned, size::SMALL, p.accent));
                        }
                    });
                }
            });
            root.spawn((label("", size::BODY, p.accent), LockedHint));
            root.spawn((crate::ui::theme::button(p, "Back"), BackButton));
        });
}

fn act(
    mut activated: MessageReader<Activated>,
    levels: Query<&LevelButton>,
    locked: Query<&Locked>,
    mut hint: Query<&mut Text, With<LockedHint>>,
    back: Query<(), With<BackButton>>,
    keys: Res<ButtonInput<KeyCode>>,
    data: Res<GameData>,
    state: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Title);
    }
    for Activated(e) in activated.read() {
        if back.get(*e).is_ok() {
            next.set(Screen::Title);
        }
        // A locked level does not start: the line under the list says what opens it.
        if let Ok(Locked(why)) = locked.get(*e) {
            for mut text in &mut hint {
                text.0 = why.clone();
            }
        }
        let Ok(LevelButton(Some(id))) = levels.get(*e) else {
            continue;
        };
        if let Some(sc) = data.0.level(id).and_then(|l| l.scenario()) {
            commands.insert_resource(ChosenLevel {
                scenario: Arc::new(sc.clone()),
                campaign: *state.get() == Screen::Campaign,
                seed: fresh_seed(),
                class_code: None,
            });
            next.set(Screen::Briefing);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::ron_path::LineCol;
    use crate::rules::{Diagnostic, Diagnostics};
    use std::path::Path;

    #[test]
    fn a_broken_level_says_how_many_more_problems_wait_behind_its_first() {
        let text = "(\n    id: \"x\",\n    turns: \"twelve\",\n)\n";
        let problem = |line: usize, message: &str| {
            Diagnostic::at_position(
                Path::new("levels/x.ron"),
                text,
                LineCol { line, col: 5 },
                message.to_string(),
            )
        };
        let first_problem = |list: &[Diagnostic]| Diagnostics(list.to_vec()).first_line("problem");
        let one = [problem(3, "expected a whole number")];
        assert_eq!(first_problem(&one), one[0].headline());
        let more = [
            problem(3, "expected a whole number"),
            problem(2, "unknown id"),
            problem(2, "too short"),
        ];
        let line = first_problem(&more);
        assert!(line.starts_with(&more[0].headline()), "{line}");
        assert!(
            line.ends_with(" (and 2 more problems: peninsula validate lists every one)"),
            "{line}"
        );
        assert!(
            first_problem(&more[..2])
                .ends_with("(and 1 more problem: peninsula validate lists every one)")
        );
        assert_eq!(first_problem(&[]), "");
        // A warning's line counts warnings.
        assert!(
            Diagnostics(more.to_vec())
                .first_line("warning")
                .ends_with(" (and 2 more warnings: peninsula validate lists every one)")
        );
    }
}
