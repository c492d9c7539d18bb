//! The title screen: Campaign, Single level, Sandbox, How to play, Load game, Policy lab, Mods,
//! Settings, Quit, and a field for a class code.

use super::{ReturnTo, Screen, screen_root};
use crate::game::GameData;
use crate::ui::Notice;
use crate::ui::focus::Activated;
use crate::ui::scroll::ScrollOnWheel;
use crate::ui::theme::{Palette, button, label, size};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;

#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, Default)]
enum TitleButton {
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
/// list, the lab...) puts the focus back on it, not on the first button.
#[derive(Resource, Debug, Default)]
struct LastChoice(TitleButton);

/// The line that tells the player what happened (a damaged save, a bad class code...).
#[derive(Component)]
struct TitleNotice;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LastChoice>()
        .add_systems(OnEnter(Screen::Title), spawn)
        .add_systems(
            Update,
            (act, show_notice).chain().run_if(in_state(Screen::Title)),
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

fn spawn(mut commands: Commands, p: Res<Palette>, notice: Res<Notice>, last: Res<LastChoice>) {
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
    let column = Node {
        width: Val::Percent(100.0),
        flex_grow: 1.0,
        min_height: Val::Px(0.0),
        flex_direction: FlexDirection::Column,
        align_items: AlignItems::Center,
        row_gap: Val::Px(8.0),
        overflow: Overflow::scroll_y(),
        ..default()
    };
    commands
        .spawn((screen_root(Screen::Title), BackgroundColor(p.background)))
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
                        for (text, which) in buttons {
                            let mut b = grid.spawn((button(&p, text), which));
                            b.entry::<Node>().and_modify(|mut n| {
                                n.width = Val::Px(TITLE_BUTTON_WIDTH);
                            });
                            // Enter on a freshly opened title starts the first choice; back
                            // from another screen, the focus is where the player left it.
                            if which == last.0 {
                                b.insert(AutoFocus);
                            }
                        }
                    });
                    root.spawn(Node {
                        height: Val::Px(10.0),
                        ..default()
                    });
                    super::class_code_field::spawn(root, &p);
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
    data: Res<GameData>,
    mut commands: Commands,
    mut exit: MessageWriter<AppExit>,
    mut notice: ResMut<Notice>,
    mut last: ResMut<LastChoice>,
) {
    for Activated(e) in activated.read() {
        let Ok(which) = buttons.get(*e) else { continue };
        notice.0 = None;
        last.0 = *which;
        match which {
            TitleButton::Campaign => next.set(Screen::Campaign),
            TitleButton::SingleLevel => next.set(Screen::Levels),
            TitleButton::Sandbox => match super::choose_sandbox(&data, &mut commands) {
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
