//! Load game: the autosave and the manual slots, each with its level, turn and time, or the
//! reason it cannot be loaded. A damaged or old save is shown as such; nothing else breaks.

use super::{ReturnTo, Screen, screen_root};
use crate::game::saves::{AUTOSAVE, SLOTS, autosave_slots, read_save, restore};
use crate::game::{ActiveGame, ActiveScenario, GameData, TurnInProgress};
use crate::ui::Settings;
use crate::ui::theme::{Activate, Palette, button, label, size};
use bevy::prelude::*;

#[derive(Component, Clone)]
enum LoadButton {
    Slot(String),
    Back,
}

/// The screen must be drawn again (after a failed load).
#[derive(Resource, Default)]
struct Rebuild(bool);

/// A problem from the last attempt to load, shown on the screen.
#[derive(Resource, Default)]
struct LoadError(Option<String>);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LoadError>()
        .init_resource::<Rebuild>()
        .add_systems(OnEnter(Screen::Load), (forget_old_error, spawn).chain())
        .add_systems(Update, (act, redraw).chain().run_if(in_state(Screen::Load)));
}

#[derive(Component)]
struct LoadRoot;

fn spawn(
    mut commands: Commands,
    p: Res<Palette>,
    settings: Res<Settings>,
    data: Res<GameData>,
    error: Res<LoadError>,
) {
    commands
        .spawn((
            screen_root(Screen::Load),
            BackgroundColor(p.background),
            LoadRoot,
        ))
        .with_children(|root| {
            root.spawn(Node {
                height: Val::Percent(6.0),
                ..default()
            });
            root.spawn(label("Load game", size::TITLE * 0.7, p.accent));
            let mut order = 0;
            let autosaves = autosave_slots(&settings.dir);
            if autosaves.is_empty() {
                root.spawn(label("Autosave: none yet", size::BODY, p.muted));
            }
            let slots: Vec<String> = autosaves
                .into_iter()
                .chain(SLOTS.iter().map(|s| s.to_string()))
                .collect();
            for slot in slots.iter().map(String::as_str) {
                let name = if slot.starts_with(AUTOSAVE) {
                    "Autosave".to_string()
                } else {
                    format!("Slot {}", &slot[4..])
                };
                match read_save(&settings.dir, slot) {
                    Ok(Some(save)) => {
                        let title = data
                            .0
                            .level(&save.level)
                            .and_then(|l| l.scenario())
                            .map(|s| s.def.title.clone())
                            .unwrap_or_else(|| save.level.clone());
                        root.spawn((
                            button(
                                &p,
                                format!("{name}: {title}, after turn {}", save.moves.len()),
                                order,
                            ),
                            LoadButton::Slot(slot.to_string()),
                        ));
                        order += 1;
                    }
                    Ok(None) => {
                        root.spawn(label(format!("{name}: empty"), size::BODY, p.muted));
                    }
                    Err(e) => {
                        root.spawn(label(
                            format!("{name}: cannot be loaded: {e}"),
                            size::BODY,
                            p.bad,
                        ));
                    }
                }
            }
            if let Some(e) = &error.0 {
                root.spawn(label(e.clone(), size::BODY, p.bad));
            }
            root.spawn((button(&p, "Back", 99), LoadButton::Back));
            root.spawn(label(
                format!("Saves live in {}", settings.dir.display()),
                size::SMALL,
                p.muted,
            ));
        });
}

#[allow(clippy::too_many_arguments)]
fn act(
    mut activated: MessageReader<Activate>,
    buttons: Query<&LoadButton>,
    keys: Res<ButtonInput<KeyCode>>,
    settings: Res<Settings>,
    data: Res<GameData>,
    return_to: Res<ReturnTo>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
    mut error: ResMut<LoadError>,
    roots: Query<Entity, With<LoadRoot>>,
    mut rebuild: ResMut<Rebuild>,
) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(return_to.0);
        return;
    }
    for Activate(e) in activated.read() {
        match buttons.get(*e) {
            Ok(LoadButton::Back) => next.set(return_to.0),
            Ok(LoadButton::Slot(slot)) => {
                let result = read_save(&settings.dir, slot)
                    .and_then(|s| s.ok_or_else(|| "the slot is empty".to_string()))
                    .and_then(|s| restore(&data.0, &s));
                match result {
                    Ok((sc, game)) => {
                        error.0 = None;
                        commands.insert_resource(super::ChosenLevel {
                            scenario: sc.clone(),
                            campaign: sc.def.campaign.is_some(),
                            seed: game.state.seed,
                        });
                        let over = game.state.outcome.is_some();
                        commands.insert_resource(ActiveScenario(sc));
                        commands.insert_resource(ActiveGame(game));
                        commands.insert_resource(TurnInProgress::default());
                        next.set(if over {
                            Screen::Debrief
                        } else {
                            Screen::Dashboard
                        });
                    }
                    Err(msg) => {
                        error.0 = Some(format!("Could not load: {msg}"));
                        for r in &roots {
                            commands.entity(r).despawn();
                        }
                        rebuild.0 = true;
                    }
                }
            }
            Err(_) => {}
        }
    }
}

fn redraw(
    mut rebuild: ResMut<Rebuild>,
    commands: Commands,
    p: Res<Palette>,
    settings: Res<Settings>,
    data: Res<GameData>,
    error: Res<LoadError>,
) {
    if std::mem::take(&mut rebuild.0) {
        spawn(commands, p, settings, data, error);
    }
}

/// A failed load from an earlier visit is not news any more.
fn forget_old_error(mut error: ResMut<LoadError>) {
    error.0 = None;
}
