//! Keyboard focus and activation, on Bevy's own `bevy_input_focus` and `bevy_ui_widgets`.
//!
//! Every screen root is a `TabGroup`; every pop-up and menu is a modal one, so Tab stays inside
//! it. Controls carry a `TabIndex` (equal indices follow the order on screen) and the widget
//! `Button`, which turns a click, Enter or Space into an `Activate` event; one observer hands
//! that on to the screens as an `Activated` message, so a screen reads its buttons like any
//! other input; checkboxes likewise send a `Toggled` message. The first sensible control of
//! each screen carries `AutoFocus`. The arrow keys move to the nearest control that way on screen
//! among those Tab reaches (so along the rows and columns of a grid such as the title's), and
//! through the Tab order where none lies that way; the focused control wears the accent ring. On
//! a control that holds a value from a list (a `Stepper`: the UI scale, a difficulty, a level)
//! Left and Right step the value instead, as a `Stepped` message.
//!
//! A tap whose pointer arrives, presses and lets go within one frame (a touch screen, a quick
//! click on a slow frame) is clicked here, since Bevy's picking sends that click nowhere
//! (`note_quick_press`).
//!
//! Keys are taken one press a frame (`one_key_press_a_frame`): Bevy hands every key of a frame
//! to the control focused when the frame began, while the game's own keys (a card's number, the
//! arrows) are read later in the frame, so `7` then `Enter` typed within one frame played the
//! card focused before the `7`. A slow frame (software rendering, a weak laptop) holds several.
//! What follows a press waits for the next frame too, releases included, so a modifier held
//! for a key (Shift for Shift+Tab) is still down when that key is read.

use crate::ui::theme::Palette;
use bevy::ecs::message::MessageCursor;
use bevy::input::ButtonState;
use bevy::input::InputSystems;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input_focus::directional_navigation::{AutoNavigationConfig, FocusableArea};
use bevy::input_focus::navigator::find_best_candidate;
use bevy::input_focus::tab_navigation::{NavAction, TabGroup, TabNavigation, TabNavigationPlugin};
use bevy::input_focus::{
    AcquireFocus, FocusCause, InputDispatchPlugin, InputFocus, InputFocusPlugin, InputFocusVisible,
};
use bevy::math::CompassOctant;
use bevy::picking::events::{Pointer, Press};
use bevy::picking::hover::PreviousHoverMap;
use bevy::picking::pointer::{PointerAction, PointerButton, PointerId, PointerInput};
use bevy::prelude::*;
use bevy::ui::InteractionDisabled;
use bevy::ui::UiGlobalTransform;
use bevy::ui_widgets::{Activate, Button, ButtonPlugin, CheckboxPlugin, ValueChange};
use std::collections::VecDeque;

/// A button was clicked, or Enter or Space was pressed while it had focus.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Activated(pub Entity);

/// A checkbox was clicked, or Enter or Space was pressed on it: its new value.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Toggled(pub Entity, pub bool);

/// A control that holds one value from a list (a UI scale, a difficulty, a level): Enter moves
/// to the next value, and Left and Right step back and forth instead of moving the focus.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct Stepper;

/// A box that is typed in: Left and Right move its caret, so they do not move the focus (Up and
/// Down still do).
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct TextField;

/// The box a screen's typing is for (the title's class code, the briefing's group name): a
/// letter or digit typed while the focus is elsewhere (on a button, or nowhere) takes the focus
/// there and is typed into it, so a code typed without a click first is neither lost nor read as
/// presses of the buttons (a space pressed whichever button had the focus).
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct TypingTarget;

/// Left (-1) or Right (+1) was pressed while a `Stepper` had focus.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stepped(pub Entity, pub i8);

/// The controls pressed (Enter, Space or a click: a step forward, +1) and stepped (Left -1,
/// Right +1) since the last frame, for a screen whose `Stepper`s read both alike.
pub fn presses_and_steps(
    activated: &mut MessageReader<Activated>,
    stepped: &mut MessageReader<Stepped>,
) -> Vec<(Entity, i8)> {
    let presses = activated.read().map(|Activated(e)| (*e, 1));
    presses
        .chain(stepped.read().map(|Stepped(e, by)| (*e, *by)))
        .collect()
}

/// The index one step round a list of `n` from `index`: back for a negative `by`, else
/// forward (a press, or Right).
pub fn step_round(index: usize, n: usize, by: i8) -> usize {
    let n = n.max(1);
    let step = if by < 0 { n - 1 } else { 1 };
    (index % n + step) % n
}

/// Colours a button takes when idle, hovered or focused, and pressed or selected. A button
/// also carries the focus ring, an outline kept invisible until it has the focus.
#[derive(Component, Debug, Clone, Copy)]
#[require(Outline = focus_ring(Color::NONE))]
pub struct ButtonColors {
    pub idle: Color,
    pub hover: Color,
    pub press: Color,
}

/// The ring round the focused control: two pixels outside its own one-pixel border, so it
/// keeps all four sides at every UI scale (a one-pixel border at 75% is under a pixel wide, and
/// its top and left edges rounded away).
pub fn focus_ring(color: Color) -> Outline {
    Outline::new(Val::Px(2.0), Val::ZERO, color)
}

/// Adds Bevy's focus and button plugins when the app does not have them yet (the desktop gets
/// them from `DefaultPlugins`, headless tests from here), and the game's own glue.
pub fn plugin(app: &mut App) {
    if !app.is_plugin_added::<InputFocusPlugin>() {
        app.add_plugins(InputFocusPlugin);
    }
    if !app.is_plugin_added::<InputDispatchPlugin>() {
        app.add_plugins(InputDispatchPlugin);
    }
    if !app.is_plugin_added::<TabNavigationPlugin>() {
        app.add_plugins(TabNavigationPlugin);
    }
    if !app.is_plugin_added::<ButtonPlugin>() {
        app.add_plugins(ButtonPlugin);
    }
    if !app.is_plugin_added::<CheckboxPlugin>() {
        app.add_plugins(CheckboxPlugin);
    }
    app.add_message::<Activated>()
        .add_message::<Toggled>()
        .add_message::<Stepped>()
        .add_message::<PointerInput>()
        .init_resource::<QuickPresses>()
        .add_observer(forward_activation)
        .add_observer(forward_toggle)
        .add_observer(keep_focus_beside_the_controls)
        .add_observer(note_quick_press)
        .add_systems(
            PreUpdate,
            click_what_a_quick_tap_pressed.in_set(bevy::picking::PickingSystems::Last),
        )
        .add_systems(PreUpdate, one_key_press_a_frame.before(InputSystems))
        .add_systems(
            PreUpdate,
            letters_go_to_the_typing_box
                .after(InputSystems)
                .before(bevy::input_focus::InputFocusSystems::Dispatch),
        )
        .add_systems(Update, (arrow_keys, style_buttons).chain());
}

/// A letter or digit typed while the focus is not on a box to type in moves it to the screen's
/// `TypingTarget` (when it has exactly one), before the key is handed to the focused entity: the
/// box then takes that key and every one after it.
fn letters_go_to_the_typing_box(
    mut keys: MessageReader<KeyboardInput>,
    targets: Query<Entity, With<TypingTarget>>,
    boxes: Query<(), Or<(With<TextField>, With<TypingTarget>)>>,
    mut focus: ResMut<InputFocus>,
    mut visible: ResMut<bevy::input_focus::InputFocusVisible>,
) {
    let typed = keys.read().any(|k| {
        k.state == ButtonState::Pressed
            && matches!(&k.logical_key, Key::Character(s)
                if s.chars().next().is_some_and(char::is_alphanumeric))
    });
    if !typed || focus.get().is_some_and(|e| boxes.contains(e)) {
        return;
    }
    if let Ok(target) = targets.single() {
        focus.set(target, FocusCause::Navigated);
        visible.0 = true;
    }
}

/// Lets through at most one key press a frame, in the order typed; the keys after it wait for
/// the next frames (a frame each, too short to notice). Every reader of the keyboard, Bevy's
/// focus dispatch and the game's own systems, then sees each key after the ones before it has
/// done its work (moved the focus, picked a card).
fn one_key_press_a_frame(
    mut keys: ResMut<Messages<KeyboardInput>>,
    mut seen: Local<MessageCursor<KeyboardInput>>,
    mut waiting: Local<VecDeque<KeyboardInput>>,
) {
    let fresh: Vec<KeyboardInput> = seen.read(&keys).cloned().collect();
    // With nothing waiting and nothing after the frame's one press, the keys go through as
    // they came. A release after a press waits too: Bevy reads a modifier's state once the
    // whole frame's keys are in, so Shift let go in the frame that pressed Tab made Shift+Tab
    // move the focus forward.
    let first_press = fresh.iter().position(|k| k.state.is_pressed());
    if waiting.is_empty() && first_press.is_none_or(|i| i + 1 == fresh.len()) {
        return;
    }
    waiting.extend(fresh);
    let take = waiting
        .iter()
        .position(|k| k.state.is_pressed())
        .map_or(waiting.len(), |first| first + 1);
    // Last frame's keys have been read by every system that ran; this frame's are put back,
    // up to the first press.
    keys.clear();
    for key in waiting.drain(..take) {
        keys.write(key);
    }
    seen.read(&keys).for_each(drop);
}

/// Presses this frame on a button the pointer was not over the frame before (the pointer, or
/// a finger, came down on it at once), with the pointer that made each.
#[derive(Resource, Default)]
struct QuickPresses(Vec<(PointerId, Entity)>);

/// Bevy's picking sends a release and its click only to what the pointer was over the frame
/// before: a click whose pointer arrived, pressed and let go within one frame (a tap on a touch
/// screen or a whiteboard, each touch a new pointer; a quick click on a slow frame of software
/// rendering) pressed the button and never clicked it, so the tap only moved the focus and left
/// the button pressed. Such presses are noted here, and `click_what_a_quick_tap_pressed`
/// finishes the click.
fn note_quick_press(
    press: On<Pointer<Press>>,
    buttons: Query<(), With<Button>>,
    previous: Option<Res<PreviousHoverMap>>,
    mut quick: ResMut<QuickPresses>,
) {
    if press.event.button != PointerButton::Primary || !buttons.contains(press.entity) {
        return;
    }
    let target = press.original_event_target();
    let hovered_before = previous.is_some_and(|p| {
        p.get(&press.pointer_id)
            .is_some_and(|hovered| hovered.contains_key(&target))
    });
    if !hovered_before && !quick.0.contains(&(press.pointer_id, press.entity)) {
        quick.0.push((press.pointer_id, press.entity));
    }
}

/// A quick press let go in the same frame activates its button, as the click Bevy did not send
/// would have, and the button is no longer pressed. One held past the frame needs nothing: by
/// its release the pointer has been over the button for a frame, and Bevy clicks it.
fn click_what_a_quick_tap_pressed(
    mut inputs: MessageReader<PointerInput>,
    mut quick: ResMut<QuickPresses>,
    disabled: Query<Has<InteractionDisabled>, With<Button>>,
    mut commands: Commands,
) {
    let released: Vec<PointerId> = inputs
        .read()
        .filter(|i| matches!(i.action, PointerAction::Release(PointerButton::Primary)))
        .map(|i| i.pointer_id)
        .collect();
    for (pointer, entity) in quick.0.drain(..) {
        if released.contains(&pointer) && disabled.get(entity) == Ok(false) {
            commands.entity(entity).remove::<bevy::ui::Pressed>();
            commands.trigger(Activate { entity });
        }
    }
}

/// A click that lands on no control keeps the focus where it was. Bevy hands the click's
/// `AcquireFocus` up from what was clicked to the first control above it, and, past the screen,
/// to the window, which clears the focus: a click on the empty title beside the class-code box
/// left Enter doing nothing and no ring on screen. Stopped at the screen (or pop-up) it reached,
/// the request changes nothing; a click on a control is taken before it gets there.
fn keep_focus_beside_the_controls(mut event: On<AcquireFocus>, groups: Query<(), With<TabGroup>>) {
    if groups.contains(event.event_target()) {
        event.propagate(false);
    }
}

fn forward_activation(event: On<Activate>, mut out: MessageWriter<Activated>) {
    out.write(Activated(event.entity));
}

fn forward_toggle(event: On<ValueChange<bool>>, mut out: MessageWriter<Toggled>) {
    out.write(Toggled(event.source, event.value));
}

/// The arrow keys move to the nearest control in their direction on screen, among the controls
/// Tab would reach from here (so within a modal menu, as Tab stays); where none lies that way
/// (the end of a list) they walk the Tab order as before: down and right forward, up and left
/// back. On a `Stepper`, left and right step its value instead.
fn arrow_keys(
    keys: Res<ButtonInput<KeyCode>>,
    nav: TabNavigation,
    (steppers, fields): (Query<(), With<Stepper>>, Query<(), With<TextField>>),
    places: Query<(&ComputedNode, &UiGlobalTransform)>,
    mut stepped: MessageWriter<Stepped>,
    mut focus: ResMut<InputFocus>,
    mut visible: ResMut<InputFocusVisible>,
) {
    if let Some(e) = focus.get().filter(|e| steppers.contains(*e)) {
        let left = keys.just_pressed(KeyCode::ArrowLeft);
        let right = keys.just_pressed(KeyCode::ArrowRight);
        if left != right {
            stepped.write(Stepped(e, if right { 1 } else { -1 }));
            visible.0 = true;
            return;
        }
    }
    // In a box typed in, Left and Right are the caret's.
    let sideways = !focus.get().is_some_and(|e| fields.contains(e));
    let pressed: Vec<(KeyCode, CompassOctant)> = [
        (KeyCode::ArrowUp, CompassOctant::North),
        (KeyCode::ArrowDown, CompassOctant::South),
        (KeyCode::ArrowLeft, CompassOctant::West),
        (KeyCode::ArrowRight, CompassOctant::East),
    ]
    .into_iter()
    .filter(|(key, _)| {
        keys.just_pressed(*key)
            && (sideways || matches!(key, KeyCode::ArrowUp | KeyCode::ArrowDown))
    })
    .collect();
    let [(key, direction)] = pressed[..] else {
        return;
    };
    let area = |e: Entity| {
        let (node, at) = places.get(e).ok()?;
        let scale = node.inverse_scale_factor();
        (!node.is_empty()).then(|| FocusableArea {
            entity: e,
            position: at.translation * scale,
            size: node.size() * scale,
        })
    };
    let nearest = focus.get().and_then(area).and_then(|from| {
        let reachable: Vec<FocusableArea> = tab_cycle(&nav, from.entity)
            .into_iter()
            .filter_map(area)
            .collect();
        // Half the smaller one's height (or width) in line: Right on a list of rows of
        // different widths moves along its row, never to a row below whose centre lies right.
        let in_line = AutoNavigationConfig {
            min_alignment_factor: 0.5,
            ..AutoNavigationConfig::default()
        };
        find_best_candidate(&from, direction, &reachable, &in_line)
    });
    let action = if matches!(key, KeyCode::ArrowDown | KeyCode::ArrowRight) {
        NavAction::Next
    } else {
        NavAction::Previous
    };
    if let Some(next) = nearest.or_else(|| nav.navigate(&focus, action).ok()) {
        focus.set(next, FocusCause::Navigated);
        visible.0 = true;
    }
}

/// Every control Tab reaches from `from`, in Tab order, `from` left out.
fn tab_cycle(nav: &TabNavigation, from: Entity) -> Vec<Entity> {
    /// More controls than any screen has: a guard, should the order not come back round.
    const MOST: usize = 256;
    let mut cycle = Vec::new();
    let mut at = InputFocus::from_entity(from);
    while let Ok(next) = nav.navigate(&at, NavAction::Next) {
        if next == from || cycle.contains(&next) || cycle.len() == MOST {
            break;
        }
        cycle.push(next);
        at = InputFocus::from_entity(next);
    }
    cycle
}

/// Repaints buttons when hover, press or focus changes (not every frame): the focused one
/// takes the hover colour and the accent ring.
fn style_buttons(
    focus: Res<InputFocus>,
    mut q: Query<(
        Entity,
        Ref<Interaction>,
        &ButtonColors,
        &mut BackgroundColor,
        &mut BorderColor,
        &mut Outline,
    )>,
    palette: Res<Palette>,
) {
    let focus_changed = focus.is_changed();
    for (e, interaction, colors, mut bg, mut border, mut ring) in &mut q {
        if !(focus_changed || interaction.is_changed()) {
            continue;
        }
        let has_focus = focus.get() == Some(e);
        bg.0 = match *interaction {
            Interaction::Pressed => colors.press,
            Interaction::Hovered => colors.hover,
            Interaction::None if has_focus => colors.hover,
            Interaction::None => colors.idle,
        };
        *border = BorderColor::all(if has_focus {
            palette.accent
        } else {
            palette.border
        });
        ring.color = if has_focus {
            palette.accent
        } else {
            Color::NONE
        };
    }
}

/// True when the focused entity is a control that handles Enter itself (so a screen's
/// "Enter does the obvious thing" must leave it alone).
pub fn focus_is_on_a_control(
    focus: &InputFocus,
    controls: &Query<
        (),
        Or<(
            With<bevy::ui_widgets::Button>,
            With<bevy::ui_widgets::Checkbox>,
        )>,
    >,
) -> bool {
    focus.get().is_some_and(|e| controls.contains(e))
}
