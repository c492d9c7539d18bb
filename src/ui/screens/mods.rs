//! The Mods screen: every mod found (in the user mods folder and from `--mod`), with its
//! version, where it came from, what it adds and whether it loads; a checkbox turns a working
//! mod on or off. The choice is kept in the profile and the data is loaded again at once, so
//! the level lists show or hide the mod's levels. A mod that fails shows its first problems; one
//! in use that `validate` would warn of shows its first warnings.

use super::{Screen, screen_root};
use crate::game::GameData;
use crate::game::hot_reload::DataReloaded;
use crate::rules;
use crate::ui::focus::{Activated, Toggled};
use crate::ui::theme::{Palette, button, label, panel, size};
use crate::ui::{Notice, Settings};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::ui::Checked;
use bevy::ui_widgets::Checkbox;
use std::sync::Arc;

/// A mod's on/off checkbox, by mod id.
#[derive(Component, Clone)]
struct ModToggle(String);

#[derive(Component)]
struct BackButton;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Mods), spawn)
        .add_systems(Update, act.run_if(in_state(Screen::Mods)));
}

fn spawn(mut commands: Commands, p: Res<Palette>, data: Res<GameData>) {
    let data = &data.0;
    let lint = data.warnings();
    commands
        .spawn((screen_root(Screen::Mods), BackgroundColor(p.background)))
        .with_children(|root| {
            root.spawn(label("Mods", size::HEADING * 1.4, p.accent));
            let place = data.mod_dirs.user_place();
            let line = format!("Drop a mod's folder into {place}, or start with --mod DIR.");
            root.spawn(label(line, size::BODY, p.muted));
            let list = Node {
                flex_direction: FlexDirection::Column,
                row_gap: Val::Px(8.0),
                width: Val::Percent(80.0),
                flex_grow: 1.0,
                min_height: Val::Px(0.0),
                overflow: Overflow::scroll_y(),
                ..default()
            };
            root.spawn(list).with_children(|list| {
                if data.mods.is_empty() {
                    list.spawn(label("No mods installed.", size::BODY, p.text));
                }
                for m in &data.mods {
                    let node = Node {
                        flex_direction: FlexDirection::Column,
                        row_gap: Val::Px(3.0),
                        ..default()
                    };
                    list.spawn(panel(&p, node)).with_children(|c| {
                        // The version is optional: without one, no gap is left for it.
                        let version = m
                            .manifest
                            .as_ref()
                            .filter(|x| !x.version.is_empty())
                            .map(|x| format!(" {}", x.version))
                            .unwrap_or_default();
                        let head = format!(
                            "{}{version} ({}, from {})",
                            m.name(),
                            m.id(),
                            m.source.label()
                        );
                        c.spawn(label(head, size::BODY, p.accent));
                        let adds = if m.levels.is_empty() {
                            "adds no levels".to_string()
                        } else {
                            format!("adds levels: {}", m.levels.join(", "))
                        };
                        c.spawn(label(adds, size::SMALL, p.text));
                        // What its rules patches change, in every level while it is on.
                        for (what, list) in [
                            ("adds", &m.changes.adds),
                            ("overrides", &m.changes.overrides),
                            ("removes", &m.changes.removes),
                        ] {
                            if !list.is_empty() {
                                let line = format!("{what}: {}", list.join(", "));
                                c.spawn(label(line, size::SMALL, p.text));
                            }
                        }
                        if m.ok() {
                            let text = if m.enabled { "[x] On" } else { "[ ] Off" };
                            let mut b = c.spawn((button(&p, text), ModToggle(m.id())));
                            b.remove::<bevy::ui_widgets::Button>().insert(Checkbox);
                            if m.enabled {
                                b.insert(Checked);
                            }
                            // What `validate --mod` would warn of in a mod in use: its levels',
                            // its patches', and files in its folder the game does not read.
                            let warned: Vec<String> =
                                lint.of_mod(m).iter().map(|d| d.headline()).collect();
                            if !warned.is_empty() {
                                let head = match warned.len() {
                                    1 => "1 warning:".into(),
                                    2 | 3 => format!("{} warnings:", warned.len()),
                                    n => format!(
                                        "{n} warnings, the first 3 (peninsula validate lists every one):"
                                    ),
                                };
                                c.spawn(label(head, size::SMALL, p.accent));
                                for line in warned.iter().take(3) {
                                    c.spawn(label(format!("- {line}"), size::TINY, p.accent));
                                }
                            }
                        } else {
                            c.spawn(label("Not loaded:", size::SMALL, p.bad));
                            let lines = m
                                .problems
                                .iter()
                                .cloned()
                                .chain(m.diagnostics.iter().map(|d| d.headline()))
                                .take(3);
                            for line in lines {
                                c.spawn(label(format!("- {line}"), size::TINY, p.bad));
                            }
                        }
                    });
                }
            });
            root.spawn((button(&p, "Back (Esc)"), BackButton, AutoFocus));
        });
}

#[allow(clippy::too_many_arguments)]
fn act(
    mut activated: MessageReader<Activated>,
    mut toggled: MessageReader<Toggled>,
    toggles: Query<&ModToggle>,
    back: Query<(), With<BackButton>>,
    keys: Res<ButtonInput<KeyCode>>,
    mut settings: ResMut<Settings>,
    mut data: ResMut<GameData>,
    mut notice: ResMut<Notice>,
    mut reloaded: MessageWriter<DataReloaded>,
    mut next: ResMut<NextState<Screen>>,
) {
    if keys.just_pressed(KeyCode::Escape) || activated.read().any(|Activated(e)| back.contains(*e))
    {
        next.set(Screen::Title);
        return;
    }
    let Some(Toggled(e, on)) = toggled.read().last().copied() else {
        return;
    };
    let Ok(ModToggle(id)) = toggles.get(e).cloned() else {
        return;
    };
    let disabled = &mut settings.profile.disabled_mods;
    disabled.retain(|x| *x != id);
    if !on {
        disabled.push(id);
    }
    disabled.sort();
    if let Err(e) = settings.profile.store(&settings.dir) {
        notice.0 = Some(e);
    }
    // The data again, with the mod on or off.
    let mut dirs = data.0.mod_dirs.clone();
    dirs.disabled = settings.profile.disabled_mods.clone();
    match rules::load_data_with(&data.0.root, &dirs) {
        Ok(fresh) => {
            let outcome = DataReloaded::of(&fresh, Some(&data.0));
            data.0 = Arc::new(fresh);
            reloaded.write(outcome);
        }
        Err(problems) => {
            let first = problems.0.first().map(|d| d.headline()).unwrap_or_default();
            notice.0 = Some(first);
        }
    }
    // Drawn again with the new state.
    next.set(Screen::Mods);
}
