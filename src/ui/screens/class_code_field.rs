//! The title screen's class code field: a focusable box in the Tab order that takes what a
//! student types (letters, digits and dashes, up to a code's length), Backspace to correct, and
//! Enter to open the game the code describes. A code that does not read is said on the title.

use super::{ChosenLevel, Screen};
use crate::game::GameData;
use crate::sim::class_code::decode;
use crate::ui::Notice;
use crate::ui::focus::TypingTarget;
use crate::ui::theme::{Palette, label, size, text_box};
use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input_focus::FocusedInput;
use bevy::prelude::*;
use std::sync::Arc;

/// The longest code the field takes ("SAND-K7QX-DF-3", with a mods' mark, and a little room).
const MAX_CHARS: usize = 16;

/// The field and what has been typed into it.
#[derive(Component, Default, Debug)]
pub struct ClassCodeField(pub String);

/// The text inside the field.
#[derive(Component)]
struct FieldText;

pub(super) fn plugin(app: &mut App) {
    app.add_observer(on_key)
        .add_systems(Update, show_typed.run_if(in_state(Screen::Title)));
}

/// "Class code: [          ]".
pub(super) fn spawn(root: &mut ChildSpawnerCommands, p: &Palette) {
    let row = Node {
        flex_direction: FlexDirection::Row,
        align_items: AlignItems::Center,
        column_gap: Val::Px(10.0),
        margin: UiRect::top(Val::Px(10.0)),
        ..default()
    };
    root.spawn(row).with_children(|row| {
        row.spawn(label("Class code:", size::BODY, p.muted));
        row.spawn((ClassCodeField::default(), TypingTarget, text_box(p, 200.0)))
            .with_children(|b| {
                b.spawn((FieldText, label("type it, then Enter", size::BODY, p.muted)));
            });
    });
}

fn on_key(
    mut event: On<FocusedInput<KeyboardInput>>,
    mut fields: Query<&mut ClassCodeField>,
    data: Option<Res<GameData>>,
    mut notice: ResMut<Notice>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
) {
    let Ok(mut field) = fields.get_mut(event.focused_entity) else {
        return;
    };
    let input = &event.input;
    if input.state != ButtonState::Pressed {
        return;
    }
    match &input.logical_key {
        Key::Character(s) => {
            for c in s.chars() {
                // A space typed between the parts reads as their dash.
                let c = if c == ' ' { '-' } else { c };
                let doubled = c == '-' && (field.0.is_empty() || field.0.ends_with('-'));
                if (c.is_ascii_alphanumeric() || c == '-') && !doubled && field.0.len() < MAX_CHARS
                {
                    field.0.push(c.to_ascii_uppercase());
                }
            }
        }
        Key::Space => {
            if !field.0.is_empty() && !field.0.ends_with('-') && field.0.len() < MAX_CHARS {
                field.0.push('-');
            }
        }
        // Esc empties a field with something in it (a wrong code starts afresh, not appended
        // to); an empty field lets Esc go on to the screen.
        Key::Escape if !field.0.is_empty() => {
            field.0.clear();
            notice.0 = None;
        }
        Key::Backspace => {
            field.0.pop();
        }
        Key::Enter => {
            let Some(data) = data else { return };
            match decode(&data.0, &field.0) {
                Ok(class) => {
                    if let Some(sc) = data.0.level(&class.level).and_then(|l| l.scenario()) {
                        commands.insert_resource(ChosenLevel {
                            scenario: Arc::new(sc.clone()),
                            campaign: false,
                            seed: class.seed,
                            class_code: Some(class),
                        });
                        notice.0 = None;
                        next.set(Screen::Briefing);
                    }
                }
                Err(e) => notice.0 = Some(format!("Class code: {e}")),
            }
        }
        _ => return,
    }
    // The field took the key: it goes no further.
    event.propagate(false);
}

/// Shows what has been typed, or the hint when nothing has.
fn show_typed(
    fields: Query<(&ClassCodeField, &Children), Changed<ClassCodeField>>,
    mut texts: Query<(&mut Text, &mut TextColor), With<FieldText>>,
    p: Res<Palette>,
) {
    for (field, children) in &fields {
        for child in children.iter() {
            if let Ok((mut text, mut color)) = texts.get_mut(child) {
                if field.0.is_empty() {
                    text.0 = "type it, then Enter".into();
                    color.0 = p.muted;
                } else {
                    text.0 = field.0.clone();
                    color.0 = p.text;
                }
            }
        }
    }
}
