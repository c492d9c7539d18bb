//! Load game: the autosave and the manual slots, each with its level, turn and time, or the
//! reason it cannot be loaded. A damaged or old save is shown as such; nothing else breaks.
//! A teacher goes on from here to the class's page of the reports on this machine.

use super::{ReturnTo, Screen, screen_root};
use crate::game::saves::{
    AUTOSAVE, SLOTS, SaveFile, autosave_slots, every_save, first_run, read_save, restore, saves_in,
    undone_on_load,
};
use crate::game::{ActiveGame, ActiveScenario, GameData};
use crate::sim::Game;
use crate::ui::Settings;
use crate::ui::focus::Activated;
use crate::ui::theme::{Palette, button, button_within, label, size};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;

#[derive(Component, Clone)]
enum LoadButton {
    Slot(String),
    /// The class's page from every group's report on this machine (`class_page`).
    ClassPage,
    Back,
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Load), spawn)
        .add_systems(Update, act.run_if(in_state(Screen::Load)));
}

#[derive(Component)]
struct LoadRoot;

/// A slot as read: its save and the game it restores, nothing, or why it cannot be loaded.
type SlotRead = Result<Option<(SaveFile, Game)>, String>;

fn spawn(
    mut commands: Commands,
    p: Res<Palette>,
    settings: Res<Settings>,
    data: Res<GameData>,
    visible: Option<ResMut<bevy::input_focus::InputFocusVisible>>,
) {
    draw(&mut commands, &p, &settings, &data, None, None);
    // The focus starts on the newest game in play, not on the first row: its ring is shown
    // from the start, so that a player who came in with the mouse sees where Enter and the
    // arrows start from (Down from a save lower in the list, unseen, led to Back).
    if let Some(mut visible) = visible {
        visible.0 = true;
    }
}

/// Draws the screen, with the problem from the last attempt to load, if any (after a failed
/// load the screen is drawn again, since the slot's state may have changed on disk).
fn draw(
    commands: &mut Commands,
    p: &Palette,
    settings: &Settings,
    data: &GameData,
    error: Option<&str>,
    focus: Option<&str>,
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
            let autosaves = autosave_slots(&settings.dir);
            if autosaves.is_empty() {
                root.spawn(label("Autosave: none yet", size::BODY, p.muted));
            }
            // A save that reads but cannot be restored (a move that is no longer an action,
            // more moves than the level has turns) is shown as damaged, with the reason, not
            // offered and then refused.
            let read = |slot: &str| {
                read_save(&settings.dir, slot).and_then(|save| match save {
                    Some(save) => restore(&data.0, &save)
                        .and_then(|(_, game, _)| first_run(&data.0, &save).map(|_| game))
                        .map(|game| Some((save, game))),
                    None => Ok(None),
                })
            };
            let mut autosaves: Vec<_> = autosaves
                .into_iter()
                .map(|slot| {
                    let r = read(&slot);
                    (slot, r)
                })
                .collect();
            // The autosaves newest first (the game a returning player left comes first), the
            // damaged ones after them; the numbered slots keep their order.
            let newest = |r: &SlotRead| match r {
                Ok(Some((save, _))) => std::cmp::Reverse(save.saved_at),
                _ => std::cmp::Reverse(0),
            };
            autosaves.sort_by_key(|(_, r)| newest(r));
            let entries: Vec<(String, SlotRead)> = autosaves
                .into_iter()
                .chain(SLOTS.iter().map(|s| (s.to_string(), read(s))))
                .collect();
            // The focus starts on the newest game still in play, else the newest save (or stays
            // on the one just tried).
            let in_play = |r: &SlotRead| {
                matches!(r, Ok(Some((save, game))) if game.state.outcome.is_none() && !save.ended)
            };
            let by_recency = |a: &&(String, SlotRead)| newest(&a.1);
            let offered_slot = |f: &&str| {
                entries
                    .iter()
                    .any(|(s, r)| s == f && matches!(r, Ok(Some(_))))
            };
            let start = focus.filter(offered_slot).map(str::to_string).or_else(|| {
                entries
                    .iter()
                    .filter(|(_, r)| in_play(r))
                    .min_by_key(by_recency)
                    .or_else(|| entries.iter().filter(|(_, r)| matches!(r, Ok(Some(_)))).min_by_key(by_recency))
                    .map(|(slot, _)| slot.clone())
            });
            // A class's game further on in another save: what loading this one takes back.
            let every = saves_in(&settings.dir);
            let mut offered = false;
            for (slot, read) in entries {
                let slot = slot.as_str();
                let name = if crate::game::saves::is_replaced_slot(slot) {
                    // The game a new one replaced: kept until the next new game of its level.
                    "Replaced game".to_string()
                } else if slot.starts_with(AUTOSAVE) {
                    "Autosave".to_string()
                } else {
                    format!("Slot {}", &slot[4..])
                };
                match read {
                    Ok(Some((save, game))) => {
                        let title = data
                            .0
                            .level(&save.level)
                            .and_then(|l| l.scenario())
                            .map(|s| s.def.title.clone())
                            .unwrap_or_else(|| save.level.clone());
                        // What the player needs to tell saves apart: over or not, campaign
                        // play or not, and when it was written.
                        let over = game.state.outcome.is_some();
                        let mut about = Vec::new();
                        // A what-if from a rewind is told apart from the game the group played.
                        if let Some(r) = &save.rewound {
                            about.push(format!("what-if from turn {}", r.turn));
                        }
                        if let Some(group) = &save.group {
                            about.push(group.clone());
                        }
                        if over {
                            about.push("game over".to_string());
                        } else if save.ended {
                            about.push("ended early (End now)".to_string());
                        }
                        if save.campaign {
                            about.push("campaign".to_string());
                        }
                        match undone_on_load(&save, &every).saturating_sub(save.undone) {
                            0 => {}
                            1 => about.push(
                                "loading takes back 1 turn played since (counted as undone)"
                                    .to_string(),
                            ),
                            n => about.push(format!(
                                "loading takes back {n} turns played since (counted as undone)"
                            )),
                        }
                        if save.saved_at > 0 {
                            about.push(format!(
                                "saved {}",
                                crate::game::saves::saved_moment(save.saved_at)
                            ));
                        }
                        // A modder's edit since: the moves replay on the data as it is now.
                        if let Some(what) = crate::game::saves::edited_since(&data.0, &save) {
                            about.push(format!("{what} edited since"));
                        }
                        let about = if about.is_empty() {
                            String::new()
                        } else {
                            format!(" · {}", about.join(" · "))
                        };
                        let mut b = root.spawn((
                            button_within(
                                p,
                                format!(
                                    "{name}: {title}, {}{about}",
                                    crate::game::saves::how_far(save.moves.len())
                                ),
                                Val::Percent(94.0),
                            ),
                            LoadButton::Slot(slot.to_string()),
                        ));
                        if start.as_deref() == Some(slot) {
                            b.insert(AutoFocus);
                        }
                        offered = true;
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
            if let Some(e) = error {
                root.spawn(label(e, size::BODY, p.bad));
            }
            // For a teacher after class: the groups' exported reports, on one page.
            root.spawn((
                button(p, "Class page: every group's report here"),
                LoadButton::ClassPage,
            ));
            let mut back = root.spawn((button(p, "Back"), LoadButton::Back));
            if !offered {
                back.insert(AutoFocus);
            }
            root.spawn(label(
                format!("Saves live in {}", settings.dir.display()),
                size::SMALL,
                p.muted,
            ));
        });
}

#[allow(clippy::too_many_arguments)]
fn act(
    mut activated: MessageReader<Activated>,
    buttons: Query<&LoadButton>,
    keys: Res<ButtonInput<KeyCode>>,
    settings: Res<Settings>,
    data: Res<GameData>,
    return_to: Res<ReturnTo>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
    roots: Query<Entity, With<LoadRoot>>,
    p: Res<Palette>,
) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(return_to.0);
        return;
    }
    for Activated(e) in activated.read() {
        match buttons.get(*e) {
            Ok(LoadButton::Back) => next.set(return_to.0),
            Ok(LoadButton::ClassPage) => next.set(Screen::ClassPage),
            Ok(LoadButton::Slot(slot)) => {
                let result = read_save(&settings.dir, slot)
                    .and_then(|s| s.ok_or_else(|| "the slot is empty".to_string()))
                    .and_then(|s| resume(&mut commands, &data, &settings.dir, &s));
                match result {
                    Ok(screen) => next.set(screen),
                    Err(msg) => {
                        for r in &roots {
                            commands.entity(r).despawn();
                        }
                        let problem = format!("Could not load: {msg}");
                        draw(
                            &mut commands,
                            &p,
                            &settings,
                            &data,
                            Some(&problem),
                            Some(slot),
                        );
                    }
                }
            }
            Err(_) => {}
        }
    }
}

/// The game a returning player left: of the saves that load (the autosaves and the numbered
/// slots), the newest still in play, with its slot. None when every game is over or there is
/// none. The title offers it as Continue. A save of a game (its level and seed) that a newer
/// save shows finished is not offered: a slot saved on turn 4 of a class's game would reopen it
/// after its debrief had shown the hidden type.
pub(super) fn newest_in_play(
    dir: &std::path::Path,
    data: &GameData,
) -> Option<(String, SaveFile, Game)> {
    let saves: Vec<(String, SaveFile, Game)> = every_save(dir)
        .into_iter()
        .filter_map(|(slot, save)| {
            let (_, game, _) = restore(&data.0, &save).ok()?;
            first_run(&data.0, &save).ok()?;
            Some((slot, save, game))
        })
        .collect();
    let over = |save: &SaveFile, game: &Game| game.state.outcome.is_some() || save.ended;
    let finished_later = |save: &SaveFile| {
        saves.iter().any(|(_, other, game)| {
            other.level == save.level
                && other.seed == save.seed
                && other.saved_at > save.saved_at
                && over(other, game)
        })
    };
    let newest = saves
        .iter()
        .filter(|(_, save, game)| !over(save, game) && !finished_later(save))
        .max_by_key(|(_, save, _)| save.saved_at)?
        .0
        .clone();
    saves.into_iter().find(|(slot, _, _)| *slot == newest)
}

/// Puts a save's game in play (its level, its class code while the code still describes it);
/// the screen to open: the dashboard, or the debrief of a game that is over. A class's game
/// loaded from behind a save in `dir` that went further counts the turns it takes back as
/// undone (`undone_on_load`).
pub(super) fn resume(
    commands: &mut Commands,
    data: &GameData,
    dir: &std::path::Path,
    save: &crate::game::saves::SaveFile,
) -> Result<Screen, String> {
    let (sc, mut game, campaign) = restore(&data.0, save)?;
    game.undone = undone_on_load(save, &saves_in(dir));
    // Another game comes in: the menu that opened Load stays closed over it.
    commands.remove_resource::<crate::ui::screens::dashboard::ReopenMenu>();
    // A what-if comes back with the game before its rewind, for the debrief's chart, its
    // export and its own autosave slot (and is refused whole when that game no longer loads).
    if let Some((original, turn)) = first_run(&data.0, save)? {
        commands.insert_resource(crate::ui::screens::debrief::rewind::Rewound {
            level: sc.id().to_string(),
            original,
            turn,
        });
    }
    // The code's options (playing blind) hold after a reload.
    let class_code = save
        .class_code
        .as_ref()
        .and_then(|c| crate::sim::class_code::decode(&data.0, c).ok())
        .filter(|c| c.level == sc.id() && c.seed == game.state.seed);
    commands.insert_resource(super::ChosenLevel {
        scenario: sc.clone(),
        campaign,
        seed: game.state.seed,
        class_code,
    });
    // A game ended with "End now" opens on its debrief, as it was left.
    let over = game.state.outcome.is_some() || save.ended;
    commands.insert_resource(ActiveScenario(sc));
    commands.insert_resource(ActiveGame(game));
    Ok(if over {
        Screen::Debrief
    } else {
        Screen::Dashboard
    })
}
