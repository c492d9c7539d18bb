//! The facilitator's controls, for a teacher running the game on a projector: turned on with
//! `--facilitator`, or from the in-game menu behind a confirmation (in a game started from a
//! class code, behind the teacher's key that `class-code` prints, `--facilitator` or not). In the menu they add: undo
//! the last turn (the game is its command log, so the previous state is the log without its
//! last move, replayed exactly), the level's injects, end the game now for the debrief, and,
//! only on a machine started with `--facilitator` (the projector's), reveal or hide
//! Pyongyang's hidden disposition on the dashboard: a student who turns the controls on from
//! the menu, as a teacher walking round to give an inject does, gets no way to see the type
//! (and "End now" there opens a debrief that keeps it hidden).

use super::menu::Overlay;
use crate::game::saves::write_save;
use crate::game::{ActiveGame, ActiveScenario};
use crate::rules::Scenario;
use crate::sim::Game;
use crate::ui::focus::Activated;
use crate::ui::screens::{ChosenLevel, Screen, TurnPhase};
use crate::ui::theme::{Palette, button, label, size};
use crate::ui::{Notice, Settings};
use bevy::prelude::*;

/// Whether the controls are on, and what they show.
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq)]
pub struct Facilitator {
    pub on: bool,
    /// The dashboard shows Pyongyang's hidden disposition.
    pub revealed: bool,
    /// "Facilitator controls" was pressed once: the next press turns them on.
    armed: bool,
    /// "End now" was pressed once: the next press ends the game.
    end_armed: bool,
    /// "Reveal Pyongyang's type" was pressed once: the next press shows it to the room.
    reveal_armed: bool,
    /// Turned on with `--facilitator`: only then can they reveal the type.
    may_reveal: bool,
    /// In a game started from a class code, the digits of the teacher's key typed so far
    /// (None: not asked for yet). The key turns the controls on; nothing else does there.
    typing: Option<String>,
    /// The teacher's key typed on this machine (the last one): in a game of that class code the
    /// controls, `--facilitator`'s included, stay on; in a game of another code they wait for
    /// its key.
    unlocked: Option<String>,
}

impl Facilitator {
    /// Whether a button of the controls waits for its second press (or the teacher's key is
    /// being typed): Esc then takes the first press back, and the menu stays open.
    pub fn waits_for_a_second_press(&self) -> bool {
        self.armed || self.end_armed || self.reveal_armed || self.typing.is_some()
    }

    /// Whether this machine may show Pyongyang's type before the game's outcome: only one
    /// started with `--facilitator`.
    pub fn may_reveal(&self) -> bool {
        self.may_reveal
    }

    /// The controls as `--facilitator` turns them on: all of them, the reveal included.
    pub fn enabled() -> Self {
        Facilitator {
            on: true,
            may_reveal: true,
            ..default()
        }
    }
}

#[derive(Component, Clone, Copy, PartialEq, Eq, Debug)]
pub enum FacilitatorItem {
    TurnOn,
    /// Turns the controls off again (a teacher leaving a group's machine).
    TurnOff,
    Undo,
    Reveal,
    EndNow,
    /// One of the level's injects.
    Inject(u16),
}

/// The line in the top bar that shows the revealed disposition.
#[derive(Component)]
pub struct RevealNote;

/// The chip round it: a block of colour, hidden until the type is revealed, so that the room
/// reads it from the back of a classroom (a small red line among the bar's was missed).
#[derive(Component)]
pub struct RevealChip;

/// What to tell the class once the dashboard is built again (an undo or an inject rebuilds it,
/// and a new turn clears the notice first).
#[derive(Resource, Default)]
struct CarryNotice(Option<String>);

/// The notice the menu shows when the controls are turned on.
const CONTROLS_ON: &str = "Facilitator controls are on (in this menu).";

/// Clears the controls' notice when the dashboard closes; any other notice (a failed save)
/// stays for the next screen.
fn forget_controls_notice(mut notice: ResMut<Notice>) {
    if notice
        .0
        .as_deref()
        .is_some_and(|n| n.starts_with(CONTROLS_ON))
    {
        notice.0 = None;
    }
}

/// A facilitator's notice, with the prompt of the team at the screen after it in a team game
/// (the notice line is where that team reads what it weighs).
fn with_team_prompt(
    text: String,
    sc: &Scenario,
    game: &Game,
    seat: &super::teams::HotSeat,
) -> String {
    match super::teams::prompt(sc, game, seat) {
        Some(prompt) => format!("{text} {prompt}"),
        None => text,
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Facilitator>()
        .init_resource::<CarryNotice>()
        .add_systems(
            OnEnter(TurnPhase::Decide),
            restore_notice.after(super::Build).in_set(RestoreNotice),
        )
        // A reveal belongs to the game it was made in: a new or loaded game starts hidden.
        .add_systems(OnEnter(Screen::Briefing), hide_again)
        .add_systems(OnEnter(Screen::Load), hide_again)
        // `--facilitator` is a switch anyone can type: in a class code's game the controls
        // (and the reveal) wait for the teacher's key, as they do from the menu. Checked every
        // frame before the screens change, so no way into a class's game (a new one, Load, a
        // save that opens on its debrief) shows a screen built with them on.
        .add_systems(PreUpdate, lock_until_the_key)
        // "Controls are on" speaks of this dashboard's menu: it does not follow the class to
        // the debrief and the title.
        .add_systems(OnExit(Screen::Dashboard), forget_controls_notice)
        // "End now" (or the controls' own button) pressed once and the menu closed: the next
        // menu starts it afresh. A key half typed is forgotten with it.
        .add_systems(OnExit(Overlay::Menu), |mut f: ResMut<Facilitator>| {
            f.armed = false;
            f.end_armed = false;
            f.reveal_armed = false;
            f.typing = None;
        })
        .add_systems(
            Update,
            (
                (act, type_teacher_key)
                    .chain()
                    .run_if(in_state(Overlay::Menu)),
                show_reveal,
            )
                .run_if(in_state(Screen::Dashboard)),
        );
}

/// The facilitator's button while the controls are off.
const TURN_ON: &str = "Facilitator controls...";

/// "End now" before its first press.
const END_NOW: &str = "End now: the debrief";

/// The reveal before its first press.
const REVEAL: &str = "Reveal Pyongyang's type";

/// The facilitator's button once pressed: the next press turns the controls on.
const ARMED: &str = "Press again to turn on (for the teacher: they change this game)";

/// How many digits a teacher's key has (`sim::class_code::teacher_key`).
const KEY_DIGITS: usize = 4;

/// The facilitator's button while the teacher's key is typed: the digits so far, masked, so a
/// student looking on does not read them. "Teacher's key: **__".
fn key_prompt(typed: &str) -> String {
    let shown: String = (0..KEY_DIGITS)
        .map(|i| if i < typed.len() { '*' } else { '_' })
        .collect();
    format!("Teacher's key (type its {KEY_DIGITS} digits, no Enter): {shown}")
}

/// The teacher's key of the game on the dashboard: the key of the class code it was started
/// from, None for a game of no code (its player is their own facilitator, and a second press
/// turns the controls on).
fn class_key(chosen: Option<&ChosenLevel>, sc: &Scenario) -> Option<String> {
    chosen
        .filter(|c| c.scenario.id() == sc.id())
        .and_then(|c| c.class_code.as_ref())
        .map(crate::sim::class_code::teacher_key)
}

/// "End now" once pressed: the next press ends the game.
const END_ARMED: &str = "Press again to end this game now (its debrief)";

/// "Reveal" once pressed: the next press shows the type on the projected dashboard, which one
/// slip of the mouse beside Undo must not do.
const REVEAL_ARMED: &str = "Press again to show Pyongyang's type to the room";

/// Where Undo stands while there is nothing to undo.
pub const NOTHING_TO_UNDO: &str = "Undo: nothing played yet";

/// The widest the facilitator's button grows: its armed text wraps inside, so the menu keeps
/// its width when the button is pressed once.
const BUTTON_MAX_WIDTH: f32 = 320.0;

/// The facilitator's entries in the in-game menu.
pub fn menu_items(
    m: &mut ChildSpawnerCommands,
    p: &Palette,
    f: &Facilitator,
    sc: &Scenario,
    seat: &super::teams::HotSeat,
    game: &Game,
) {
    if !f.on {
        let text = match &f.typing {
            Some(typed) => key_prompt(typed),
            None if f.armed => ARMED.to_string(),
            None => TURN_ON.to_string(),
        };
        m.spawn((button(p, text), FacilitatorItem::TurnOn))
            .entry::<Node>()
            .and_modify(|mut node| node.max_width = Val::Px(BUTTON_MAX_WIDTH));
        return;
    }
    m.spawn(label("Facilitator", size::SMALL, p.accent));
    // Between the two teams' picks of a team game, undo takes back the first team's pick; after
    // an inject, the inject.
    let undo = match (first_team(sc, seat), last_inject_this_turn(game)) {
        (Some(team), _) => Some(format!("Undo the {team}'s pick")),
        (None, Some(at)) => Some(format!("Undo the inject: {}", inject_name(sc, game, at))),
        (None, None) if !game.log.is_empty() => Some("Undo the last turn".to_string()),
        (None, None) => None,
    };
    match undo {
        Some(undo) => {
            m.spawn((button(p, undo), FacilitatorItem::Undo));
        }
        // Nothing to take back yet (turn 1, before any pick or inject): said in its place, so
        // the menu keeps its shape, and not a control the Tab order stops at.
        None => {
            m.spawn(label(NOTHING_TO_UNDO, size::SMALL, p.muted));
        }
    }
    if f.may_reveal {
        let reveal = if f.revealed {
            "Hide Pyongyang's type"
        } else if f.reveal_armed {
            REVEAL_ARMED
        } else {
            REVEAL
        };
        m.spawn((button(p, reveal), FacilitatorItem::Reveal));
    }
    for (i, inject) in sc.injects.iter().enumerate() {
        // Made this turn already: shown, so the list does not shift, but it says so.
        let text = if game.injected_this_turn(i as u16) {
            format!("Inject: {} (made this turn)", inject.name)
        } else {
            format!("Inject: {}", inject.name)
        };
        m.spawn((button(p, text), FacilitatorItem::Inject(i as u16)));
    }
    let end = if f.end_armed { END_ARMED } else { END_NOW };
    // Side by side, so a level with three injects still fits the menu at 1280x720.
    let row = Node {
        flex_direction: FlexDirection::Row,
        column_gap: Val::Px(8.0),
        align_items: AlignItems::Center,
        ..default()
    };
    m.spawn(row).with_children(|row| {
        row.spawn((button(p, end), FacilitatorItem::EndNow))
            .entry::<Node>()
            .and_modify(|mut node| node.max_width = Val::Px(BUTTON_MAX_WIDTH));
        row.spawn((button(p, "Turn the controls off"), FacilitatorItem::TurnOff));
    });
}

/// Where in the game's injects the last one made since the last turn was played lies, if any:
/// what Undo takes back first.
fn last_inject_this_turn(game: &Game) -> Option<usize> {
    let open_turn = game.log.len() as u32 + 1;
    game.injects.iter().rposition(|x| x.turn == open_turn)
}

/// The name of the `at`-th inject of the game.
fn inject_name<'a>(sc: &'a Scenario, game: &Game, at: usize) -> &'a str {
    game.injects
        .get(at)
        .and_then(|x| sc.injects.get(x.inject as usize))
        .map(|i| i.name.as_str())
        .unwrap_or_default()
}

/// The first team's name when it has picked this turn and the second team is choosing.
fn first_team<'a>(sc: &'a Scenario, seat: &super::teams::HotSeat) -> Option<&'a str> {
    seat.first?;
    sc.rules.teams.first().map(|t| t.name.as_str())
}

/// The top bar's line, empty unless the type is revealed.
pub fn spawn_reveal_note(bar: &mut ChildSpawnerCommands, p: &Palette) {
    let chip = Node {
        display: Display::None,
        padding: UiRect::axes(Val::Px(10.0), Val::Px(3.0)),
        border_radius: BorderRadius::all(Val::Px(4.0)),
        flex_shrink: 0.0,
        ..default()
    };
    bar.spawn((RevealChip, chip, BackgroundColor(p.bad)))
        .with_children(|c| {
            c.spawn((RevealNote, label("", size::BODY, p.background)));
        });
}

#[allow(clippy::too_many_arguments)]
fn act(
    mut activated: MessageReader<Activated>,
    items: Query<&FacilitatorItem>,
    mut f: ResMut<Facilitator>,
    sc: Res<ActiveScenario>,
    mut game: ResMut<ActiveGame>,
    (chosen, rewound): (
        Option<Res<ChosenLevel>>,
        Option<Res<crate::ui::screens::debrief::rewind::Rewound>>,
    ),
    settings: Res<Settings>,
    mut notice: ResMut<Notice>,
    mut overlay: ResMut<NextState<Overlay>>,
    mut phase: ResMut<NextState<TurnPhase>>,
    mut screen: ResMut<NextState<Screen>>,
    (turn_phase, mut carry, children, mut texts, seat): (
        Option<Res<State<TurnPhase>>>,
        ResMut<CarryNotice>,
        Query<&Children>,
        Query<&mut Text>,
        Res<super::teams::HotSeat>,
    ),
) {
    for Activated(e) in activated.read() {
        let Ok(item) = items.get(*e) else { continue };
        match item {
            // Enter on the button while the key is typed: the digits decide, not the press.
            FacilitatorItem::TurnOn if f.typing.is_some() => {}
            FacilitatorItem::TurnOn if class_key(chosen.as_deref(), &sc.0).is_some() => {
                // A class's game: a student's machine, as like as not. The teacher's key
                // turns the controls on; the button shows the digits as they come.
                f.typing = Some(String::new());
                relabel(&children, &mut texts, *e, &key_prompt(""));
            }
            FacilitatorItem::TurnOn if f.armed => {
                f.on = true;
                notice.0 = Some(with_team_prompt(CONTROLS_ON.into(), &sc.0, &game.0, &seat));
                // The menu is built again at once with the controls in it, as after the
                // teacher's key: whoever turned them on came for one of them.
                overlay.set(Overlay::Menu);
            }
            FacilitatorItem::TurnOn => {
                // The menu stays open, focus stays on the button, and the button says what
                // the second press does: a second press, not a second trip through the menu.
                f.armed = true;
                relabel(&children, &mut texts, *e, ARMED);
            }
            FacilitatorItem::Undo => {
                let sc = &sc.0;
                if let Some(team) = first_team(sc, &seat) {
                    // The turn opens again (which clears the seat): the first team picks anew.
                    carry.0 = Some(format!("The {team}'s pick is undone: it chooses again."));
                    overlay.set(Overlay::None);
                    phase.set(TurnPhase::Decide);
                    continue;
                }
                // An inject made since the last turn is the last thing done: it goes first,
                // alone, and the turns played stay.
                if let Some(at) = last_inject_this_turn(&game.0) {
                    let name = inject_name(sc, &game.0, at);
                    let moves: Vec<u16> = game.0.log.iter().map(|r| r.requested).collect();
                    let mut injects = game.0.injects.clone();
                    injects.remove(at);
                    let undone = game.0.undone + 1;
                    game.0 = Game::replay(sc, &game.0.setup(), &moves, &injects);
                    game.0.undone = undone;
                    let (slot, save) =
                        super::autosave_of(sc, &game.0, chosen.as_deref(), rewound.as_deref());
                    let _ = write_save(&settings.dir, &slot, &save);
                    carry.0 = Some(format!("Inject undone: {name}. The turns played stay."));
                    overlay.set(Overlay::None);
                    phase.set(TurnPhase::Decide);
                    continue;
                }
                let Some(last) = game.0.log.len().checked_sub(1) else {
                    notice.0 = Some("Nothing to undo: no turn has been played.".into());
                    overlay.set(Overlay::None);
                    continue;
                };
                // The previous state: the command log without its last move, replayed (the
                // injects before that move stay; none came after it, or the branch above took
                // it back).
                let moves: Vec<u16> = game.0.log[..last].iter().map(|r| r.requested).collect();
                let injects: Vec<_> = game
                    .0
                    .injects
                    .iter()
                    .copied()
                    .filter(|x| x.turn <= last as u32 + 1)
                    .collect();
                let undone = game.0.undone + 1;
                game.0 = Game::replay(sc, &game.0.setup(), &moves, &injects);
                game.0.undone = undone;
                let (slot, save) =
                    super::autosave_of(sc, &game.0, chosen.as_deref(), rewound.as_deref());
                let _ = write_save(&settings.dir, &slot, &save);
                carry.0 = Some(format!("Turn {} undone.", last + 1));
                overlay.set(Overlay::None);
                phase.set(TurnPhase::Decide);
            }
            // Hiding takes one press; showing the type to the room takes two, as ending does.
            FacilitatorItem::Reveal if f.may_reveal && !f.revealed && !f.reveal_armed => {
                f.reveal_armed = true;
                relabel(&children, &mut texts, *e, REVEAL_ARMED);
            }
            FacilitatorItem::Reveal if f.may_reveal => {
                f.revealed = !f.revealed;
                f.reveal_armed = false;
                overlay.set(Overlay::None);
            }
            FacilitatorItem::Reveal => overlay.set(Overlay::None),
            FacilitatorItem::EndNow if f.end_armed => {
                f.end_armed = false;
                // Saved as ended: loading it opens this debrief, not the next turn.
                let (slot, mut save) =
                    super::autosave_of(&sc.0, &game.0, chosen.as_deref(), rewound.as_deref());
                save.ended = true;
                if let Err(e) = write_save(&settings.dir, &slot, &save) {
                    notice.0 = Some(format!("The game is ended, but the autosave failed: {e}"));
                }
                screen.set(Screen::Debrief);
            }
            FacilitatorItem::EndNow => {
                // As turning the controls on: a second press, with the menu left open.
                f.end_armed = true;
                relabel(&children, &mut texts, *e, END_ARMED);
            }
            FacilitatorItem::TurnOff => {
                // Off for good on this machine: the key is asked again next time.
                *f = Facilitator {
                    may_reveal: f.may_reveal,
                    ..default()
                };
                if notice
                    .0
                    .as_deref()
                    .is_some_and(|n| n.starts_with(CONTROLS_ON))
                {
                    notice.0 = super::teams::prompt(&sc.0, &game.0, &seat);
                }
                overlay.set(Overlay::None);
            }
            FacilitatorItem::Inject(i) => {
                let deciding = turn_phase
                    .as_ref()
                    .is_some_and(|p| *p.get() == TurnPhase::Decide);
                if !deciding {
                    notice.0 =
                        Some("Injects come between turns: use it when the turn opens.".into());
                } else if let Some(team) = first_team(&sc.0, &seat) {
                    // Between the two picks an inject would change the turn the first team
                    // picked for, throw its hidden pick away and give it the screen while the
                    // second team sits there: it waits for the next turn (or an undo).
                    let text = format!(
                        "Injects come before the teams pick: the {team}'s pick is in. Make it \
                         when the next turn opens, or undo the {team}'s pick first."
                    );
                    notice.0 = Some(with_team_prompt(text, &sc.0, &game.0, &seat));
                } else if game.0.inject(&sc.0, *i) {
                    let news = &sc.0.injects[*i as usize].news;
                    carry.0 = Some(format!("Inject: {news}"));
                    // Saved at once, as a turn is: quitting now keeps the inject.
                    let (slot, save) =
                        super::autosave_of(&sc.0, &game.0, chosen.as_deref(), rewound.as_deref());
                    if let Err(e) = write_save(&settings.dir, &slot, &save) {
                        notice.0 =
                            Some(format!("The inject is made, but the autosave failed: {e}"));
                    }
                    phase.set(TurnPhase::Decide);
                } else if game.0.injected_this_turn(*i) {
                    notice.0 = Some(format!(
                        "{} was made this turn already: an inject is made at most once a turn.",
                        sc.0.injects[*i as usize].name
                    ));
                }
                overlay.set(Overlay::None);
            }
        }
    }
}

/// Esc while a button waits for its second press (or for the teacher's key) takes the first
/// press back: the button says again what it does, the focus stays on it, and the menu stays
/// open; the next Esc closes it. Runs before the menu's own Esc, which it then does not see.
pub(super) fn take_back_the_first_press(
    mut keys: ResMut<ButtonInput<KeyCode>>,
    mut f: ResMut<Facilitator>,
    items: Query<(Entity, &FacilitatorItem)>,
    (children, mut texts): (Query<&Children>, Query<&mut Text>),
) {
    if !keys.just_pressed(KeyCode::Escape) || !f.waits_for_a_second_press() {
        return;
    }
    keys.clear_just_pressed(KeyCode::Escape);
    f.armed = false;
    f.end_armed = false;
    f.reveal_armed = false;
    f.typing = None;
    for (button, item) in &items {
        let text = match item {
            FacilitatorItem::TurnOn => TURN_ON,
            FacilitatorItem::EndNow => END_NOW,
            FacilitatorItem::Reveal if !f.revealed => REVEAL,
            _ => continue,
        };
        relabel(&children, &mut texts, button, text);
    }
}

/// Writes `text` on a menu button in place (the menu stays open, the focus on the button).
fn relabel(children: &Query<&Children>, texts: &mut Query<&mut Text>, button: Entity, text: &str) {
    for child in children.get(button).into_iter().flatten() {
        if let Ok(mut shown) = texts.get_mut(*child) {
            shown.0 = text.into();
        }
    }
}

/// In a game started from a class code, controls that are on without that code's key typed on
/// this machine (`--facilitator` turns them on for every game) are turned off: the menu's
/// *Facilitator controls...* then asks for the key, and with it they come back, the reveal
/// included on the projector's machine.
fn lock_until_the_key(
    mut f: ResMut<Facilitator>,
    sc: Option<Res<ActiveScenario>>,
    chosen: Option<Res<ChosenLevel>>,
) {
    if !f.on {
        return;
    }
    let Some(sc) = sc else { return };
    let key = class_key(chosen.as_deref(), &sc.0);
    if key.is_some() && f.unlocked != key {
        f.on = false;
        f.revealed = false;
    }
}

fn hide_again(mut f: ResMut<Facilitator>) {
    if f.revealed {
        f.revealed = false;
    }
}

/// The system that puts back the facilitator's notice after a rebuild (an undo, an inject):
/// anything that sets the turn's notice runs before it, so the facilitator's message wins.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct RestoreNotice;

fn restore_notice(
    mut carry: ResMut<CarryNotice>,
    mut notice: ResMut<Notice>,
    sc: Option<Res<ActiveScenario>>,
    game: Option<Res<ActiveGame>>,
    seat: Res<super::teams::HotSeat>,
) {
    if let Some(text) = carry.0.take() {
        notice.0 = Some(match (sc, game) {
            (Some(sc), Some(game)) => with_team_prompt(text, &sc.0, &game.0, &seat),
            _ => text,
        });
    }
}

/// Keeps the top bar's line in step with the reveal.
fn show_reveal(
    f: Res<Facilitator>,
    sc: Res<ActiveScenario>,
    game: Res<ActiveGame>,
    mut q: Query<&mut Text, With<RevealNote>>,
    mut chips: Query<&mut Node, With<RevealChip>>,
    added: Query<(), Added<RevealNote>>,
) {
    if !f.is_changed() && added.is_empty() {
        return;
    }
    let text = if f.on && f.revealed {
        let d =
            sc.0.rules
                .pyongyang
                .dispositions
                .get(game.0.state.disposition as usize);
        format!(
            "Facilitator: Pyongyang's type is {}",
            d.map(|d| d.name.to_lowercase()).unwrap_or_default()
        )
    } else {
        String::new()
    };
    let display = if text.is_empty() {
        Display::None
    } else {
        Display::Flex
    };
    for mut chip in &mut chips {
        if chip.display != display {
            chip.display = display;
        }
    }
    for mut t in &mut q {
        t.0 = text.clone();
    }
}

/// The digits of the teacher's key, typed while the facilitator's button asks for it (in the
/// order typed; Backspace takes one back). The right key turns the controls on and opens the
/// menu again with them in it; a wrong one is said so on the button, and the teacher types
/// again.
#[allow(clippy::too_many_arguments)]
fn type_teacher_key(
    mut typed_keys: MessageReader<bevy::input::keyboard::KeyboardInput>,
    mut f: ResMut<Facilitator>,
    items: Query<(Entity, &FacilitatorItem)>,
    sc: Res<ActiveScenario>,
    game: Res<ActiveGame>,
    chosen: Option<Res<ChosenLevel>>,
    seat: Res<super::teams::HotSeat>,
    mut notice: ResMut<Notice>,
    mut overlay: ResMut<NextState<Overlay>>,
    (children, mut texts): (Query<&Children>, Query<&mut Text>),
) {
    let pressed: Vec<Option<char>> = typed_keys
        .read()
        .filter(|k| k.state == bevy::input::ButtonState::Pressed)
        .filter(|k| digit(k).is_some() || k.key_code == KeyCode::Backspace)
        .map(digit)
        .collect();
    if f.typing.is_none() || pressed.is_empty() {
        return;
    }
    let Some(key) = class_key(chosen.as_deref(), &sc.0) else {
        return;
    };
    let button = items
        .iter()
        .find(|(_, item)| **item == FacilitatorItem::TurnOn)
        .map(|(e, _)| e);
    let mut label = None;
    for typed_digit in pressed {
        let Some(typed) = f.typing.as_mut() else {
            break;
        };
        match typed_digit {
            Some(d) => typed.push(d),
            // Backspace.
            None => {
                typed.pop();
            }
        }
        label = Some(key_prompt(typed));
        if typed.len() < KEY_DIGITS {
            continue;
        }
        if *typed == key {
            f.typing = None;
            f.on = true;
            f.unlocked = Some(key);
            notice.0 = Some(with_team_prompt(CONTROLS_ON.into(), &sc.0, &game.0, &seat));
            // The menu opens again at once with the controls in it: a teacher who typed the
            // key at a group's desk came for one of them.
            overlay.set(Overlay::Menu);
            return;
        }
        typed.clear();
        label = Some(format!(
            "Not the teacher's key: type its {KEY_DIGITS} digits again"
        ));
    }
    if let (Some(button), Some(label)) = (button, label) {
        relabel(&children, &mut texts, button, &label);
    }
}

/// The digit a key types: the character the layout gives it when that is a digit, else the
/// digit of the key's place on the row above the letters or on the number pad (a layout that
/// needs Shift for digits, as AZERTY does, still types them unshifted).
fn digit(k: &bevy::input::keyboard::KeyboardInput) -> Option<char> {
    use KeyCode::*;
    if let bevy::input::keyboard::Key::Character(c) = &k.logical_key
        && let [c] = c.chars().collect::<Vec<_>>()[..]
        && c.is_ascii_digit()
    {
        return Some(c);
    }
    let d = match k.key_code {
        Digit0 | Numpad0 => '0',
        Digit1 | Numpad1 => '1',
        Digit2 | Numpad2 => '2',
        Digit3 | Numpad3 => '3',
        Digit4 | Numpad4 => '4',
        Digit5 | Numpad5 => '5',
        Digit6 | Numpad6 => '6',
        Digit7 | Numpad7 => '7',
        Digit8 | Numpad8 => '8',
        Digit9 | Numpad9 => '9',
        _ => return None,
    };
    Some(d)
}
