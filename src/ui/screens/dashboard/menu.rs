//! The in-game menu, as the `Overlay::Menu` sub-state of the dashboard: Esc or the Menu
//! button opens it; it is a modal Tab group with Resume focused; it offers saving to a slot,
//! loading, settings and the title. Everything behind it waits: the turn's input systems run
//! only while no overlay is open, and the menu's entities go with the state.

use crate::game::saves::{SLOTS, write_save};
use crate::game::{ActiveGame, ActiveScenario};
use crate::ui::focus::{Activated, ButtonColors};
use crate::ui::screens::{ChosenLevel, ReturnTo, Screen};
use crate::ui::theme::{Palette, button, control, label, panel, size};
use crate::ui::{Notice, Settings};
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::input_focus::{AutoFocus, FocusCause, InputFocus};
use bevy::prelude::*;

/// What covers the dashboard.
#[derive(SubStates, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[source(Screen = Screen::Dashboard)]
pub enum Overlay {
    #[default]
    None,
    Menu,
    /// Hot seat: the screen passes from the first advisor team to the second.
    Pass,
    /// Hot seat: the teams proposed different moves; how the rule settles it.
    Disagreement,
}

#[derive(Component)]
struct MenuButton;

#[derive(Component, Clone, Copy, PartialEq, Debug)]
pub enum MenuItem {
    Resume,
    Save(usize),
    Load,
    Settings,
    Title,
}

/// Where focus was before the menu opened, to give it back on Resume.
#[derive(Resource, Default)]
struct FocusBefore(Option<Entity>);

/// Set when the menu opened Settings or Load (the item it holds): coming back to the dashboard
/// from them (Esc, Back) opens the menu again, one step back, with that item focused, rather
/// than the bare dashboard, where the next Esc and Enter from habit would play a move, or
/// Resume, from where the next Down would not lead back. Loading a game takes it away.
#[derive(Resource, Debug)]
pub struct ReopenMenu(pub MenuItem);

/// The item the menu focuses when it opens: Resume, or the one a reopened menu came back from.
#[derive(Resource, Debug, Clone, Copy)]
struct FocusOnOpen(MenuItem);

pub(super) fn plugin(app: &mut App) {
    app.add_sub_state::<Overlay>()
        .init_resource::<FocusBefore>()
        .add_systems(OnEnter(Overlay::Menu), spawn_menu)
        .add_systems(OnExit(Overlay::Menu), give_focus_back)
        .add_systems(OnEnter(Screen::Dashboard), reopen_menu)
        .add_systems(
            Update,
            (
                super::facilitator::take_back_the_first_press.run_if(in_state(Overlay::Menu)),
                toggle,
                act.run_if(in_state(Overlay::Menu)),
            )
                .chain()
                .run_if(in_state(Screen::Dashboard)),
        );
}

/// The top bar's Menu button.
pub(super) fn spawn_menu_button(bar: &mut ChildSpawnerCommands, p: &Palette) {
    let node = Node {
        padding: UiRect::axes(Val::Px(12.0), Val::Px(4.0)),
        border: UiRect::all(Val::Px(1.0)),
        border_radius: BorderRadius::all(Val::Px(4.0)),
        flex_shrink: 0.0,
        ..default()
    };
    let colors = ButtonColors {
        idle: p.panel_raised,
        hover: p.hover,
        press: p.accent,
    };
    bar.spawn((
        MenuButton,
        control(),
        node,
        BackgroundColor(p.panel_raised),
        BorderColor::all(p.border),
        colors,
        children![label("Menu (Esc)", size::SMALL, p.text)],
    ));
}

/// Esc, or the Menu button, opens and closes the menu (Esc on a facilitator's button that
/// waits for its second press takes that press back first: `take_back_the_first_press`).
fn toggle(
    keys: Res<ButtonInput<KeyCode>>,
    mut activated: MessageReader<Activated>,
    menu_button: Query<(), With<MenuButton>>,
    overlay: Res<State<Overlay>>,
    mut next: ResMut<NextState<Overlay>>,
) {
    let pressed = activated
        .read()
        .any(|Activated(e)| menu_button.contains(*e));
    if keys.just_pressed(KeyCode::Escape) || pressed {
        // The hot-seat screens are not the menu's: Esc on the pass cover is its Back
        // (`teams::back_to_the_first_team`); the disagreement screen waits for its button.
        match overlay.get() {
            Overlay::None => next.set(Overlay::Menu),
            Overlay::Menu => next.set(Overlay::None),
            Overlay::Pass | Overlay::Disagreement => {}
        }
    }
}

fn spawn_menu(
    mut commands: Commands,
    p: Res<Palette>,
    notice: Res<Notice>,
    focus: Res<InputFocus>,
    mut before: ResMut<FocusBefore>,
    focus_on_open: Option<Res<FocusOnOpen>>,
    facilitator: Res<super::facilitator::Facilitator>,
    sc: Res<ActiveScenario>,
    (seat, game): (Res<super::teams::HotSeat>, Res<ActiveGame>),
) {
    before.0 = focus.get();
    let autofocus = focus_on_open.map_or(MenuItem::Resume, |f| f.0);
    commands.remove_resource::<FocusOnOpen>();
    // The menu hangs from the top of the window, so a notice at its foot (an inject's news,
    // "Data reloaded") lengthens it downwards and every button stays where the hand expects
    // it: centred, the buttons moved up a line, and a click meant for Undo could land on the
    // reveal.
    let cover = Node {
        align_items: AlignItems::FlexStart,
        padding: UiRect::top(Val::Percent(2.0)),
        ..crate::ui::theme::cover()
    };
    let overlay = (
        DespawnOnExit(Overlay::Menu),
        cover,
        BackgroundColor(Color::BLACK.with_alpha(0.6)),
        // Clicks stop here: nothing behind the menu reacts while it is open.
        bevy::ui::FocusPolicy::Block,
        GlobalZIndex(50),
        // Tab stays inside the menu.
        TabGroup::modal(),
    );
    // With the facilitator's entries and a large UI scale the menu can outgrow the window: it
    // then scrolls (the wheel, or the focus moving down it) instead of being cut off.
    let boxed = Node {
        padding: UiRect::all(Val::Px(24.0)),
        row_gap: Val::Px(10.0),
        align_items: AlignItems::Center,
        max_height: Val::Percent(96.0),
        overflow: Overflow::scroll_y(),
        ..default()
    };
    commands.spawn(overlay).with_children(|o| {
        o.spawn((panel(&p, boxed), crate::ui::scroll::ScrollOnWheel))
            .with_children(|m| {
                m.spawn(label("Menu", size::HEADING, p.accent));
                let item = |m: &mut ChildSpawnerCommands, text: &str, item: MenuItem| {
                    let mut b = m.spawn((button(&p, text), item));
                    if item == autofocus {
                        b.insert(AutoFocus);
                    }
                };
                item(m, "Resume (Esc)", MenuItem::Resume);
                let saves = [
                    ("Save to slot 1", MenuItem::Save(0)),
                    ("Save to slot 2", MenuItem::Save(1)),
                    ("Save to slot 3", MenuItem::Save(2)),
                ];
                // With the facilitator's entries the menu is wide and long: the three saves
                // share a row, so that at 1280x720 it ends on screen, its notice included.
                if facilitator.on {
                    let row = Node {
                        column_gap: Val::Px(10.0),
                        ..default()
                    };
                    m.spawn(row).with_children(|r| {
                        for (text, save) in saves {
                            item(r, text, save);
                        }
                    });
                } else {
                    for (text, save) in saves {
                        item(m, text, save);
                    }
                }
                item(m, "Load game", MenuItem::Load);
                item(m, "Settings", MenuItem::Settings);
                super::facilitator::menu_items(m, &p, &facilitator, &sc.0, &seat, &game.0);
                m.spawn((button(&p, "Quit to title"), MenuItem::Title));
                if let Some(n) = &notice.0 {
                    // A long notice wraps instead of widening the menu; beside the
                    // facilitator's entries, which make the menu wide, it takes their width, so
                    // an inject's news fits in a few lines at the menu's foot.
                    let wraps = Node {
                        max_width: Val::Px(if facilitator.on { 600.0 } else { 300.0 }),
                        ..default()
                    };
                    m.spawn((label(n.clone(), size::SMALL, p.muted), wraps));
                }
            });
    });
}

fn give_focus_back(mut focus: ResMut<InputFocus>, mut before: ResMut<FocusBefore>) {
    if let Some(e) = before.0.take() {
        focus.set(e, FocusCause::Navigated);
    }
}

#[allow(clippy::too_many_arguments)]
fn act(
    mut activated: MessageReader<Activated>,
    items: Query<&MenuItem>,
    sc: Res<ActiveScenario>,
    game: Res<ActiveGame>,
    (chosen, rewound): (
        Option<Res<ChosenLevel>>,
        Option<Res<crate::ui::screens::debrief::rewind::Rewound>>,
    ),
    settings: Res<Settings>,
    mut notice: ResMut<Notice>,
    mut overlay: ResMut<NextState<Overlay>>,
    mut screen: ResMut<NextState<Screen>>,
    mut return_to: ResMut<ReturnTo>,
    phase: Option<Res<State<crate::ui::screens::TurnPhase>>>,
    mut commands: Commands,
    (selected, mut kept): (Res<super::Selected>, ResMut<super::KeptPick>),
) {
    // Leaving the dashboard while the answers are up: they are shown again on the way back;
    // while a card is picked, it is the pick again on the way back.
    let answers_up = phase.is_some_and(|p| *p.get() != crate::ui::screens::TurnPhase::Decide);
    // Only Settings and Load use it, and both come back to the menu.
    let mut keep_answers = |item: MenuItem| {
        commands.insert_resource(ReopenMenu(item));
        if answers_up && let Some(rec) = game.0.log.last() {
            commands.insert_resource(super::resolution::ResumeAnswers(rec.clone()));
        }
        if !answers_up {
            kept.keep(&game.0, *selected);
        }
    };
    for Activated(e) in activated.read() {
        let Ok(item) = items.get(*e) else { continue };
        match item {
            MenuItem::Resume => overlay.set(Overlay::None),
            MenuItem::Save(i) => {
                // A what-if keeps its first run in a slot too.
                let (_, save) =
                    super::autosave_of(&sc.0, &game.0, chosen.as_deref(), rewound.as_deref());
                notice.0 = Some(match write_save(&settings.dir, SLOTS[*i], &save) {
                    Ok(()) => format!("Saved to slot {}.", i + 1),
                    Err(e) => e,
                });
                overlay.set(Overlay::None);
            }
            MenuItem::Load => {
                keep_answers(MenuItem::Load);
                return_to.0 = Screen::Dashboard;
                screen.set(Screen::Load);
            }
            MenuItem::Settings => {
                keep_answers(MenuItem::Settings);
                return_to.0 = Screen::Dashboard;
                screen.set(Screen::Settings);
            }
            MenuItem::Title => {
                // What the notice said belonged to the game ("Saved to slot 1."): the title
                // does not repeat it.
                notice.0 = None;
                screen.set(Screen::Title);
            }
        }
    }
}

/// Back on the dashboard from the Settings or Load the menu opened: the menu again.
fn reopen_menu(
    reopen: Option<Res<ReopenMenu>>,
    mut overlay: ResMut<NextState<Overlay>>,
    mut commands: Commands,
) {
    if let Some(reopen) = reopen {
        commands.remove_resource::<ReopenMenu>();
        commands.insert_resource(FocusOnOpen(reopen.0));
        overlay.set(Overlay::Menu);
    }
}
