//! The title screen: Continue (the newest game still in play, when there is one), Campaign,
//! Single level, Sandbox, How to play, Load game, Policy lab, Mods, Settings, Quit, and a field
//! for a class code.

use super::{ReturnTo, Screen, screen_root};
use crate::game::GameData;
use crate::ui::focus::Activated;
use crate::ui::scroll::ScrollOnWheel;
use crate::ui::theme::{Palette, button, label, size};
use crate::ui::{Notice, Settings};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;

#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, Default)]
enum TitleButton {
    Continue,
    #[default]
    Campaign,
    SingleLevel,
    Sandbox,
    HowToPlay,
    Load,
    PolicyLab,
    Mods,
    Settings,
    Quit,
}

/// The title's button last chosen: coming back to the title (Esc from Settings, the level
/// list, the lab...) puts the focus back on it, not on the first button. None on a title
/// freshly opened: the focus is then on Continue, else Campaign.
#[derive(Resource, Debug, Default)]
struct LastChoice(Option<TitleButton>);

/// The line that tells the player what happened (a damaged save, a bad class code...).
#[derive(Component)]
struct TitleNotice;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LastChoice>()
        .add_systems(OnEnter(Screen::Title), spawn)
        .add_systems(
            Update,
            (
                offer_continue.run_if(resource_added::<GameData>),
                act,
                show_notice,
            )
                .chain()
                .run_if(in_state(Screen::Title)),
        );
}

/// The width of each of the title's buttons, laid out three to a row.
const TITLE_BUTTON_WIDTH: f32 = 236.0;

/// The title's scrolling column.
#[derive(Component)]
struct TitleColumn;

/// Keeps the notice line in step with the `Notice` resource, and scrolls the title down to it
/// when it says something (it sits under the class code field, below the fold at a large text
/// scale).
fn show_notice(
    notice: Res<Notice>,
    mut q: Query<&mut Text, With<TitleNotice>>,
    mut column: Query<&mut ScrollPosition, With<TitleColumn>>,
) {
    if !notice.is_changed() {
        return;
    }
    for mut t in &mut q {
        t.0 = crate::ui::theme::plain(notice.0.as_deref().unwrap_or(""));
    }
    if notice.0.as_deref().is_some_and(|n| !n.is_empty()) {
        for mut position in &mut column {
            // Past the end: the layout holds a scroll position within the content.
            position.0.y = 1.0e6;
        }
    }
}

/// The title's root, drawn again once the data has loaded.
#[derive(Component)]
struct TitleRoot;

fn spawn(
    mut commands: Commands,
    p: Res<Palette>,
    notice: Res<Notice>,
    last: Res<LastChoice>,
    settings: Res<Settings>,
    data: Option<Res<GameData>>,
) {
    draw(
        &mut commands,
        &p,
        &notice,
        &last,
        &settings,
        data.as_deref(),
    );
}

/// The desktop opens the title while the data still loads on its thread (the screen's first
/// state is entered before the startup systems run): once it is in, the title is drawn again
/// with Continue, which needs the levels to read the saves.
fn offer_continue(
    mut commands: Commands,
    roots: Query<Entity, With<TitleRoot>>,
    p: Res<Palette>,
    notice: Res<Notice>,
    last: Res<LastChoice>,
    settings: Res<Settings>,
    data: Res<GameData>,
) {
    for root in &roots {
        commands.entity(root).despawn();
    }
    draw(&mut commands, &p, &notice, &last, &settings, Some(&data));
}

fn draw(
    commands: &mut Commands,
    p: &Palette,
    notice: &Notice,
    last: &LastChoice,
    settings: &Settings,
    data: Option<&GameData>,
) {
    // The game a returning player left, offered first.
    let resume = data.and_then(|data| {
        super::load::newest_in_play(&settings.dir, data).map(|(_, save, _)| (data, save))
    });
    let resume = resume.map(|(data, save)| {
        let title = data
            .0
            .level(&save.level)
            .and_then(|l| l.scenario())
            .map(|s| s.def.title.clone())
            .unwrap_or_else(|| save.level.clone());
        let group = save
            .group
            .as_ref()
            .map(|g| format!(" · {g}"))
            .unwrap_or_default();
        // A what-if says so: it is not the game the group played.
        let whatif = save
            .rewound
            .as_ref()
            .map(|r| format!(" (what if from turn {})", r.turn))
            .unwrap_or_default();
        // A modder's edit since the save: the moves replay on the data as it is now, as on
        // Load game's line for the same save.
        let edited = crate::game::saves::edited_since(&data.0, &save)
            .map(|what| format!(" · {what} edited since"))
            .unwrap_or_default();
        format!(
            "Continue: {title}{whatif}, {}{group}{edited}",
            crate::game::saves::how_far(save.moves.len())
        )
    });
    let focused = match last.0 {
        Some(which) => which,
        None if resume.is_some() => TitleButton::Continue,
        None => TitleButton::Campaign,
    };
    // Back from a game that has since ended: Continue is gone.
    let focused = match focused {
        TitleButton::Continue if resume.is_none() => TitleButton::Campaign,
        other => other,
    };
    let buttons = [
        ("Campaign", TitleButton::Campaign),
        ("Single level", TitleButton::SingleLevel),
        ("Sandbox", TitleButton::Sandbox),
        ("How to play", TitleButton::HowToPlay),
        ("Load game", TitleButton::Load),
        ("Policy lab", TitleButton::PolicyLab),
        ("Mods", TitleButton::Mods),
        ("Settings", TitleButton::Settings),
        ("Quit", TitleButton::Quit),
    ];
    // The screen's content scrolls: at a large text scale on a small window it is taller than
    // the window, and the class code field and its notice must still be reachable.
    let column = super::scrolling_column(8.0);
    commands
        .spawn((
            screen_root(Screen::Title),
            BackgroundColor(p.background),
            TitleRoot,
        ))
        .with_children(|screen| {
            screen
                .spawn((column, TitleColumn, ScrollOnWheel))
                .with_children(|root| {
                    root.spawn(Node {
                        height: Val::Percent(3.0),
                        ..default()
                    });
                    root.spawn(label("PENINSULA", size::TITLE, p.accent));
                    root.spawn(label(
                        "Advise Washington and Seoul through a crisis on the Korean Peninsula.",
                        size::BODY + 1.0,
                        p.muted,
                    ));
                    root.spawn(Node {
                        height: Val::Px(14.0),
                        ..default()
                    });
                    // Three rows of three, in reading order (the Tab and arrow order too): the
                    // class code field below them stays on screen in presentation mode at
                    // 1280x720, where a column of nine pushed it below the fold.
                    root.spawn(Node {
                        width: Val::Px(3.0 * TITLE_BUTTON_WIDTH + 2.0 * 10.0),
                        max_width: Val::Percent(100.0),
                        flex_direction: FlexDirection::Row,
                        flex_wrap: FlexWrap::Wrap,
                        justify_content: JustifyContent::Center,
                        column_gap: Val::Px(10.0),
                        row_gap: Val::Px(10.0),
                        ..default()
                    })
                    .with_children(|grid| {
                        if let Some(text) = &resume {
                            let mut b = grid.spawn((button(p, text), TitleButton::Continue));
                            b.entry::<Node>().and_modify(|mut n| {
                                n.width = Val::Px(3.0 * TITLE_BUTTON_WIDTH + 2.0 * 10.0);
                                n.max_width = Val::Percent(100.0);
                            });
                            if focused == TitleButton::Continue {
                                b.insert(AutoFocus);
                            }
                        }
                        for (text, which) in buttons {
                            let mut b = grid.spawn((button(p, text), which));
                            b.entry::<Node>().and_modify(|mut n| {
                                n.width = Val::Px(TITLE_BUTTON_WIDTH);
                            });
                            // Enter on a freshly opened title starts the first choice; back
                            // from another screen, the focus is where the player left it.
                            if which == focused {
                                b.insert(AutoFocus);
                            }
                        }
                    });
                    root.spawn(Node {
                        height: Val::Px(10.0),
                        ..default()
                    });
                    super::class_code_field::spawn(root, p);
                    let text = notice.0.clone().unwrap_or_default();
                    root.spawn((TitleNotice, label(text, size::SMALL, p.accent)));
                    root.spawn(Node {
                        flex_grow: 1.0,
                        ..default()
                    });
                    root.spawn(label(
                        "Mouse, or keyboard: Tab / arrows to move, Enter to choose, Esc to go back",
                        size::SMALL,
                        p.muted,
                    ));
                });
        });
}

#[allow(clippy::too_many_arguments)]
fn act(
    mut activated: MessageReader<Activated>,
    buttons: Query<&TitleButton>,
    mut next: ResMut<NextState<Screen>>,
    mut return_to: ResMut<ReturnTo>,
    data: Option<Res<GameData>>,
    mut commands: Commands,
    mut exit: MessageWriter<AppExit>,
    mut notice: ResMut<Notice>,
    mut last: ResMut<LastChoice>,
    settings: Res<Settings>,
) {
    for Activated(e) in activated.read() {
        let Ok(which) = buttons.get(*e) else { continue };
        // Rules that do not load leave nothing to open but the way out (`broken_rules`): the
        // problems stay on the title.
        let Some(data) = data.as_deref() else {
            if *which == TitleButton::Quit {
                exit.write(AppExit::Success);
            }
            continue;
        };
        notice.0 = None;
        last.0 = Some(*which);
        match which {
            // Read again: the save on disk is what is resumed.
            TitleButton::Continue => {
                let resumed = super::load::newest_in_play(&settings.dir, data)
                    .ok_or_else(|| "that game is no longer saved".to_string())
                    .and_then(|(_, save, _)| {
                        super::load::resume(&mut commands, data, &settings.dir, &save)
                    });
                match resumed {
                    Ok(screen) => next.set(screen),
                    Err(why) => notice.0 = Some(format!("Could not continue: {why}")),
                }
            }
            TitleButton::Campaign => next.set(Screen::Campaign),
            TitleButton::SingleLevel => next.set(Screen::Levels),
            TitleButton::Sandbox => match super::choose_sandbox(data, &mut commands) {
                Ok(()) => next.set(Screen::Briefing),
                Err(why) => notice.0 = Some(why),
            },
            TitleButton::HowToPlay => next.set(Screen::HowToPlay),
            TitleButton::Load => {
                return_to.0 = Screen::Title;
                next.set(Screen::Load);
            }
            TitleButton::PolicyLab => next.set(Screen::PolicyLab),
            TitleButton::Mods => next.set(Screen::Mods),
            TitleButton::Settings => {
                return_to.0 = Screen::Title;
                next.set(Screen::Settings);
            }
            TitleButton::Quit => {
                exit.write(AppExit::Success);
            }
        }
    }
}
