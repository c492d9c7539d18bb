//! The look of the game in one place: the palette (with colour-blind-safe and high-contrast
//! presentation variants), the type
//! scale, and small widget constructors (labels, buttons, panels) that return bundles. Focus and
//! activation live in `focus`.

use crate::rules::Family;
use crate::ui::focus::ButtonColors;
use bevy::input_focus::tab_navigation::TabIndex;
use bevy::prelude::*;

/// Type scale, in logical pixels (multiplied by the UI scale setting).
pub mod size {
    pub const TITLE: f32 = 46.0;
    pub const HEADING: f32 = 22.0;
    pub const BODY: f32 = 15.0;
    pub const SMALL: f32 = 13.0;
    pub const TINY: f32 = 11.5;
}

/// The colours of the game. Swapped whole when the colour-blind setting changes.
#[derive(Resource, Debug, Clone)]
pub struct Palette {
    pub background: Color,
    pub panel: Color,
    pub panel_raised: Color,
    pub border: Color,
    /// A control's background under the pointer or the focus: white text must read on it.
    pub hover: Color,
    pub text: Color,
    pub muted: Color,
    pub accent: Color,
    pub good: Color,
    pub bad: Color,
    /// What a legend calls `good` and `bad` ("green", "red"), so it names the colours drawn.
    pub good_name: &'static str,
    pub bad_name: &'static str,
    /// The debrief chart's line of the real history, apart from every family's colour (a
    /// gold line over gold Beijing bars read as one on a projector), and what a legend calls it.
    pub history: Color,
    pub history_name: &'static str,
    pub sea: Color,
    pub land: Color,
    pub land_north: Color,
    pub land_south: Color,
    /// One colour per rung of the ladder, calm to war (interpolated for longer ladders).
    pub rungs: [Color; 7],
    /// Show of force, restraint, outreach to Beijing, direct diplomacy.
    pub families: [Color; 4],
}

fn hex(s: &str) -> Color {
    Srgba::hex(s).map(Color::from).unwrap_or(Color::WHITE)
}

impl Palette {
    pub fn standard() -> Self {
        Palette {
            background: hex("0e151d"),
            panel: hex("17212c"),
            panel_raised: hex("213040"),
            border: hex("2e4052"),
            hover: hex("2e4052"),
            text: hex("e8eef4"),
            muted: hex("93a4b8"),
            accent: hex("f0b23c"),
            good: hex("4cc38a"),
            bad: hex("e5534b"),
            good_name: "green",
            bad_name: "red",
            history: hex("b98cff"),
            history_name: "violet",
            sea: hex("12304a"),
            land: hex("3a4636"),
            land_north: hex("5a3f3f"),
            land_south: hex("3f5a4a"),
            rungs: [
                hex("3fb27f"),
                hex("9cc24a"),
                hex("e3c441"),
                hex("f09a3a"),
                hex("e8643a"),
                hex("d43737"),
                hex("8e1b1b"),
            ],
            families: [hex("e5634b"), hex("44b08a"), hex("e8b33e"), hex("5aa8e6")],
        }
    }

    /// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies; the
    /// ladder runs blue to orange to vermillion instead of green to red.
    pub fn colour_blind() -> Self {
        Palette {
            rungs: [
                hex("0072b2"),
                hex("56b4e9"),
                hex("c8c8c8"),
                hex("e69f00"),
                hex("d55e00"),
                hex("b8480a"),
                hex("6b2a00"),
            ],
            families: [hex("d55e00"), hex("0072b2"), hex("e69f00"), hex("cc79a7")],
            good: hex("56b4e9"),
            bad: hex("d55e00"),
            good_name: "blue",
            bad_name: "orange",
            history: hex("f0e442"),
            history_name: "yellow",
            land_north: hex("6b4a2a"),
            land_south: hex("2a4a6b"),
            ..Palette::standard()
        }
    }

    /// Presentation mode, for a projector: black ground, white text, brighter secondary text
    /// and borders, so the screen reads from the back of a room. Keeps `base`'s other colours.
    pub fn high_contrast(base: Palette) -> Self {
        Palette {
            background: hex("000000"),
            panel: hex("0a0d10"),
            panel_raised: hex("1c2630"),
            border: hex("9aa8b6"),
            // Not the light border: white text on it was grey on grey.
            hover: hex("2f4256"),
            text: hex("ffffff"),
            muted: hex("d6dee6"),
            accent: hex("ffc93c"),
            ..base
        }
    }

    /// The palette the player's settings ask for.
    pub fn for_settings(colour_blind: bool, presentation: bool) -> Self {
        let base = if colour_blind {
            Palette::colour_blind()
        } else {
            Palette::standard()
        };
        if presentation {
            Palette::high_contrast(base)
        } else {
            base
        }
    }

    pub fn family(&self, f: Family) -> Color {
        self.families[Family::ALL.iter().position(|x| *x == f).unwrap_or(0)]
    }

    /// The colour of rung `i` of a ladder of `n` rungs.
    pub fn rung(&self, i: usize, n: usize) -> Color {
        if n <= 1 {
            return self.rungs[0];
        }
        let k = (i * (self.rungs.len() - 1) + (n - 1) / 2) / (n - 1);
        self.rungs[k.min(self.rungs.len() - 1)]
    }
}

/// A text bundle.
pub fn label(text: impl Into<String>, font_size: f32, color: Color) -> impl Bundle {
    (
        Text::new(plain(&text.into())),
        TextFont::from_font_size(font_size),
        TextColor(color),
    )
}

/// Replaces typographic characters the built-in font lacks with plain ones, so data written
/// with em dashes or arrows never shows as empty boxes.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{2014}' | '\u{2013}' | '\u{2212}' => out.push('-'),
            '\u{b7}' | '\u{2022}' => out.push('|'),
            '\u{2192}' => out.push_str("->"),
            '\u{25b6}' => out.push('>'),
            '\u{d7}' => out.push('x'),
            '\u{2018}' | '\u{2019}' => out.push('\''),
            '\u{201c}' | '\u{201d}' => out.push('"'),
            '\u{2026}' => out.push_str("..."),
            '\u{2265}' => out.push_str(">="),
            '\u{2264}' => out.push_str("<="),
            c if c.is_ascii() || c.is_alphabetic() => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}

/// A panel: padded, rounded, filled.
pub fn panel(p: &Palette, node: Node) -> impl Bundle {
    (
        Node {
            padding: UiRect::all(Val::Px(10.0)),
            border: UiRect::all(Val::Px(1.0)),
            border_radius: BorderRadius::all(Val::Px(6.0)),
            flex_direction: FlexDirection::Column,
            row_gap: Val::Px(4.0),
            ..node
        },
        BackgroundColor(p.panel),
        BorderColor::all(p.border),
    )
}

/// A panel that floats over the screen (pop-ups, the answers): absolute, raised, outlined in
/// the accent colour, and opaque: the cards' text showing through faintly made the answers
/// over them harder to read. `node` places it; the look is shared.
pub fn floating_panel(p: &Palette, node: Node) -> (Node, BackgroundColor, BorderColor) {
    (
        Node {
            position_type: PositionType::Absolute,
            flex_direction: FlexDirection::Column,
            border: UiRect::all(Val::Px(1.0)),
            border_radius: BorderRadius::all(Val::Px(8.0)),
            ..node
        },
        BackgroundColor(p.panel_raised),
        BorderColor::all(p.accent),
    )
}

/// A node over the whole window that centres what it holds (the menu, the hot-seat screens).
pub fn cover() -> Node {
    Node {
        position_type: PositionType::Absolute,
        width: Val::Percent(100.0),
        height: Val::Percent(100.0),
        justify_content: JustifyContent::Center,
        align_items: AlignItems::Center,
        ..default()
    }
}

/// A button with a text label: a widget `Button` in the Tab order of its screen's group.
pub fn button(p: &Palette, text: impl Into<String>) -> impl Bundle {
    button_within(p, text, Val::Auto)
}

/// `button`, at most `max_width` wide: a long text (a save's line on Load game) wraps onto more
/// lines rather than running off both edges of the window.
pub fn button_within(p: &Palette, text: impl Into<String>, max_width: Val) -> impl Bundle {
    (
        control(),
        Node {
            padding: UiRect::axes(Val::Px(18.0), Val::Px(9.0)),
            border: UiRect::all(Val::Px(1.0)),
            border_radius: BorderRadius::all(Val::Px(6.0)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            min_width: Val::Px(220.0),
            max_width,
            ..default()
        },
        BackgroundColor(p.panel_raised),
        BorderColor::all(p.border),
        ButtonColors {
            idle: p.panel_raised,
            hover: p.hover,
            press: p.accent.darker(0.25),
        },
        children![label(text, size::BODY + 2.0, p.text)],
    )
}

/// A box to type into, `width` pixels wide: in the Tab order and lit on hover like a control,
/// but not a widget button (Enter and Space are the field's own keys, never an activation).
/// Its text goes in as a child.
pub fn text_box(p: &Palette, width: f32) -> impl Bundle {
    (
        Button,
        TabIndex(0),
        Node {
            width: Val::Px(width),
            padding: UiRect::axes(Val::Px(10.0), Val::Px(6.0)),
            border: UiRect::all(Val::Px(1.0)),
            border_radius: BorderRadius::all(Val::Px(4.0)),
            overflow: Overflow::clip(),
            ..default()
        },
        BackgroundColor(p.panel),
        BorderColor::all(p.border),
        ButtonColors {
            idle: p.panel,
            hover: p.panel_raised,
            press: p.panel_raised,
        },
    )
}

/// What makes any node a control: the widget button (click, Enter and Space activate it), the
/// UI button (hover and press feedback), and a place in the Tab order (screen order).
pub fn control() -> impl Bundle {
    (bevy::ui_widgets::Button, Button, TabIndex(0))
}

pub fn plugin(app: &mut App) {
    app.insert_resource(Palette::standard());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How far apart two colours are, in sRGB from 0 to 1 on each channel (at most about 1.7).
    fn distance(a: Color, b: Color) -> f32 {
        let (a, b) = (a.to_srgba(), b.to_srgba());
        ((a.red - b.red).powi(2) + (a.green - b.green).powi(2) + (a.blue - b.blue).powi(2)).sqrt()
    }

    /// On the debrief's chart the real history's line runs over the bars of the class's moves:
    /// in every palette it must stand apart from every family's colour (it was the gold of the
    /// Beijing family's bars), and from the rest of the chart's marks.
    #[test]
    fn the_history_line_stands_apart_from_every_bar_and_dot() {
        for colour_blind in [false, true] {
            for presentation in [false, true] {
                let p = Palette::for_settings(colour_blind, presentation);
                for (name, other) in [
                    ("a family", p.families[0]),
                    ("a family", p.families[1]),
                    ("a family", p.families[2]),
                    ("a family", p.families[3]),
                    ("the provoked dot", p.bad),
                    ("the engaged dot", p.good),
                    ("the muted grey of held course", p.muted),
                ] {
                    assert!(
                        distance(p.history, other) > 0.3,
                        "colour-blind {colour_blind}, presentation {presentation}: the history's \
                         {} is too close to {name}",
                        p.history_name
                    );
                }
            }
        }
    }
}
