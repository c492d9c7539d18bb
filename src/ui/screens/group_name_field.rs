//! The briefing's group name field, offered in a class-code game: a focusable box in the Tab
//! order where a group types the name it goes by ("Table 3: Ana, Ben"), so the game's saves, its
//! log and its report carry it and a teacher collecting the reports can tell whose each is.
//! Letters, digits, spaces and punctuation are taken where the caret stands; Left and Right
//! move the caret, Home and End take it to either end, Backspace and Delete take out the
//! character before and after it; Enter and Esc are the briefing's (Enter begins, Esc empties
//! the box, then goes back). The box starts empty for a
//! new game (the last group's name is not the next one's) and filled in for the group's game in
//! progress. Names longer than [`MAX_GROUP_NAME`] characters stop there. While the box has the
//! focus the window takes input-method text (a Korean, Chinese or Japanese IME composes a
//! syllable and commits it), and the bundled Hangul font draws it (`ui::fallback_fonts`). While
//! it has the focus a caret stands in the text, with the syllable an input method is still
//! composing before it, so a group sees where its typing goes before it commits.

use super::Screen;
use crate::sim::MAX_GROUP_NAME;
use crate::ui::focus::{TextField, TypingTarget};
use crate::ui::theme::{Palette, label, size, text_box};
use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input_focus::{FocusedInput, InputFocus};
use bevy::prelude::*;
use bevy::window::{Ime, PrimaryWindow};

/// What the group has typed as its name on this briefing (cleaned by `sim::group_name` when a
/// game takes it).
#[derive(Resource, Default, Debug, Clone, PartialEq, Eq)]
pub struct GroupName(pub String);

/// The field on the briefing.
#[derive(Component, Debug)]
pub struct GroupNameField;

/// The text inside the field.
#[derive(Component)]
struct FieldText;

/// Where the caret stands, as the number of characters after it: 0, the end, where a name
/// filled in or emptied by the briefing leaves it. Kept within the name when read.
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaretFromEnd(pub usize);

impl CaretFromEnd {
    /// The caret's place as a byte offset into `typed`: after its first `len - back` characters.
    fn offset(self, typed: &str) -> usize {
        let chars = typed.chars().count();
        let before = chars - self.0.min(chars);
        typed
            .char_indices()
            .nth(before)
            .map_or(typed.len(), |(at, _)| at)
    }
}

/// What an input method is composing in the field, not yet committed (empty when nothing is).
#[derive(Resource, Default, Debug, Clone, PartialEq, Eq)]
pub struct Composing(pub String);

/// The parts of the field's text after what was typed before the caret: the syllable being
/// composed, the caret, and what was typed after the caret (all shown only while the field has
/// the focus; without it, the text holds the whole name).
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldSpan {
    Composing,
    Caret,
    After,
}

/// The caret: a bar after the text while the field has the focus.
pub const CARET: &str = "|";

const HINT: &str = "for the report";

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<GroupName>()
        .init_resource::<Composing>()
        .init_resource::<CaretFromEnd>()
        .add_message::<Ime>()
        .add_observer(on_key)
        .add_systems(
            Update,
            (ime_while_focused, take_ime_text, show_typed)
                .chain()
                .run_if(in_state(Screen::Briefing)),
        )
        .add_systems(OnExit(Screen::Briefing), ime_off)
        // Each briefing's box starts with the caret at the end of what it holds.
        .add_systems(
            OnEnter(Screen::Briefing),
            |mut caret: ResMut<CaretFromEnd>| {
                caret.set_if_neq(CaretFromEnd(0));
            },
        );
}

/// "Group: [          ]", in the row of the briefing's buttons.
pub(super) fn spawn(row: &mut ChildSpawnerCommands, p: &Palette, typed: &str) {
    row.spawn(Node {
        flex_direction: FlexDirection::Row,
        align_items: AlignItems::Center,
        column_gap: Val::Px(8.0),
        ..default()
    })
    .with_children(|row| {
        row.spawn(label("Group:", size::BODY, p.muted));
        let (text, color) = shown(typed, false, p);
        row.spawn((GroupNameField, TextField, TypingTarget, text_box(p, 260.0)))
            .with_children(|b| {
                b.spawn((FieldText, label(text, size::BODY, color)))
                    .with_children(|t| {
                        // A span takes Bevy's default size unless given the text's own: the
                        // name after the caret would stand larger than the name before it.
                        let font = || TextFont::from_font_size(size::BODY);
                        t.spawn((
                            FieldSpan::Composing,
                            TextSpan::default(),
                            font(),
                            TextColor(p.accent),
                        ));
                        t.spawn((
                            FieldSpan::Caret,
                            TextSpan::default(),
                            font(),
                            TextColor(p.accent),
                        ));
                        t.spawn((
                            FieldSpan::After,
                            TextSpan::default(),
                            font(),
                            TextColor(p.text),
                        ));
                    });
            });
    });
}

/// The field's text and its colour: what was typed, or the hint when nothing was and the field
/// does not have the focus (with the focus, the caret shows where typing goes).
fn shown(typed: &str, focused: bool, p: &Palette) -> (String, Color) {
    if typed.is_empty() && !focused {
        (HINT.to_string(), p.muted)
    } else {
        (typed.to_string(), p.text)
    }
}

fn on_key(
    mut event: On<FocusedInput<KeyboardInput>>,
    fields: Query<(), With<GroupNameField>>,
    mut name: ResMut<GroupName>,
    mut caret: ResMut<CaretFromEnd>,
) {
    if fields.get(event.focused_entity).is_err() {
        return;
    }
    let input = &event.input;
    if input.state != ButtonState::Pressed {
        return;
    }
    let typed = &mut name.0;
    let chars = typed.chars().count();
    // A name emptied or filled in by the briefing leaves the caret where it was: within it now.
    let back = caret.0.min(chars);
    caret.set_if_neq(CaretFromEnd(back));
    let at = caret.offset(typed);
    match &input.logical_key {
        Key::Character(s) => {
            let room = MAX_GROUP_NAME.saturating_sub(chars);
            let taken: String = s.chars().filter(|c| !c.is_control()).take(room).collect();
            typed.insert_str(at, &taken);
        }
        // No space at the start, and never two side by side.
        Key::Space => {
            let before = typed[..at].chars().next_back();
            let after = typed[at..].chars().next();
            if before.is_some_and(|c| c != ' ') && after != Some(' ') && chars < MAX_GROUP_NAME {
                typed.insert(at, ' ');
            }
        }
        Key::Backspace => {
            if let Some((start, _)) = typed[..at].char_indices().next_back() {
                typed.replace_range(start..at, "");
            }
        }
        Key::Delete => {
            if let Some(c) = typed[at..].chars().next() {
                typed.replace_range(at..at + c.len_utf8(), "");
                caret.0 = back - 1;
            }
        }
        Key::ArrowLeft => caret.0 = (back + 1).min(chars),
        Key::ArrowRight => caret.0 = back.saturating_sub(1),
        Key::Home => caret.0 = chars,
        Key::End => caret.0 = 0,
        _ => return,
    }
    // The field took the key: it goes no further (a digit or Space is not the screen's, and
    // Left and Right move the caret, not the focus: `ui::focus::TextField`).
    event.propagate(false);
}

/// The window takes input-method text while the box has the focus, and only then (an IME
/// left on would swallow the game's own keys elsewhere).
fn ime_while_focused(
    focus: Res<InputFocus>,
    fields: Query<(), With<GroupNameField>>,
    mut windows: Query<&mut Window, With<PrimaryWindow>>,
) {
    let wanted = focus.get().is_some_and(|e| fields.contains(e));
    for mut window in &mut windows {
        if window.ime_enabled != wanted {
            window.ime_enabled = wanted;
        }
    }
}

fn ime_off(mut windows: Query<&mut Window, With<PrimaryWindow>>) {
    for mut window in &mut windows {
        if window.ime_enabled {
            window.ime_enabled = false;
        }
    }
}

/// Text an input method committed while the box had the focus goes into the name; what it is
/// still composing is kept to show.
pub(super) fn take_ime_text(
    mut ime: MessageReader<Ime>,
    focus: Res<InputFocus>,
    fields: Query<(), With<GroupNameField>>,
    mut name: ResMut<GroupName>,
    mut composing: ResMut<Composing>,
    mut caret: ResMut<CaretFromEnd>,
) {
    let focused = focus.get().is_some_and(|e| fields.contains(e));
    for event in ime.read() {
        match (focused, event) {
            (true, Ime::Commit { value, .. }) => {
                composing.set_if_neq(Composing::default());
                let room = MAX_GROUP_NAME.saturating_sub(name.0.chars().count());
                let taken: String = value
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(room)
                    .collect();
                let back = caret.0.min(name.0.chars().count());
                caret.set_if_neq(CaretFromEnd(back));
                let at = caret.offset(&name.0);
                name.0.insert_str(at, &taken);
            }
            (true, Ime::Preedit { value, .. }) => {
                let value: String = value.chars().filter(|c| !c.is_control()).collect();
                composing.set_if_neq(Composing(value));
            }
            _ => {}
        }
    }
    if !focused {
        composing.set_if_neq(Composing::default());
    }
}

/// Shows what has been typed (or the hint when nothing has and the field is not focused), and,
/// while the field has the focus, what is being composed and the caret where it stands.
#[allow(clippy::type_complexity)]
fn show_typed(
    (name, composing, focus, caret): (
        Res<GroupName>,
        Res<Composing>,
        Res<InputFocus>,
        Res<CaretFromEnd>,
    ),
    fields: Query<(Entity, &Children), With<GroupNameField>>,
    mut texts: Query<(&mut Text, &mut TextColor, &Children), With<FieldText>>,
    mut spans: Query<(&FieldSpan, &mut TextSpan)>,
    added: Query<(), Added<FieldSpan>>,
    p: Res<Palette>,
) {
    if !(name.is_changed()
        || composing.is_changed()
        || focus.is_changed()
        || caret.is_changed()
        || !added.is_empty())
    {
        return;
    }
    for (field, children) in &fields {
        let focused = focus.get() == Some(field);
        let (text, color) = shown(&name.0, focused, &p);
        // With the focus the text stops at the caret, and what comes after it is a span.
        let (before, after) = if focused {
            name.0.split_at(caret.offset(&name.0))
        } else {
            (text.as_str(), "")
        };
        for child in children.iter() {
            let Ok((mut t, mut c, parts)) = texts.get_mut(child) else {
                continue;
            };
            t.set_if_neq(Text(before.to_string()));
            c.set_if_neq(TextColor(color));
            for part in parts.iter() {
                if let Ok((which, mut span)) = spans.get_mut(part) {
                    let wanted = match (focused, which) {
                        (false, _) => "",
                        (true, FieldSpan::Composing) => composing.0.as_str(),
                        (true, FieldSpan::Caret) => CARET,
                        (true, FieldSpan::After) => after,
                    };
                    if span.0 != wanted {
                        span.0 = wanted.to_string();
                    }
                }
            }
        }
    }
}
