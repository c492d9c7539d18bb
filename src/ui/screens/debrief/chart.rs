//! The debrief's chart: a bar per turn for the game (coloured by the move's family), the
//! level's real history as a violet line, and dots for Pyongyang's provocations and openings,
//! over the ladder's rungs as bands, with the tension scale on the left, the rungs' names on the
//! right and the turn numbers below. It is drawn in pixels to fit its node, and drawn again
//! whenever the node's size changes (window size, UI scale), so it always fills its panel.

use super::rewind::Rewound;
use crate::game::{ActiveGame, ActiveScenario};
use crate::sim::calendar::place_in_turn;
use crate::sim::story::{Tone, tone};
use crate::ui::theme::{Palette, label, size};
use bevy::color::Mix;
use bevy::prelude::*;

/// The node the chart is drawn into; `drawn` is the size it was last drawn at.
#[derive(Component, Default)]
pub struct Chart {
    drawn: Vec2,
}

/// Rung names closer than this (in pixels) to the one above are left out.
const NAME_SPACING: f32 = 13.0;
/// Room on the left for the tension scale (0, 50, 100), and below for the turn numbers.
const SCALE_WIDTH: f32 = 30.0;
const TURNS_HEIGHT: f32 = 15.0;

/// Where the plot lies in the chart's node: `left` past the scale, `width` up to the rung
/// names, `height` down to the turn numbers; `step` is one turn's width.
#[derive(Clone, Copy)]
struct Plot {
    left: f32,
    width: f32,
    height: f32,
    step: f32,
}

impl Plot {
    fn of(sc: &crate::rules::Scenario, size: Vec2) -> Plot {
        let width = (plot_width(sc, size) - SCALE_WIDTH).max(20.0);
        let height = (size.y - TURNS_HEIGHT).max(20.0);
        Plot {
            left: SCALE_WIDTH,
            width,
            height,
            step: width / sc.def.turns.max(1) as f32,
        }
    }
    /// The left edge of turn `turn`'s slot (turn 1 starts at the plot's left edge).
    fn x(&self, turn: f32) -> f32 {
        self.left + (turn - 1.0) * self.step
    }
    /// The middle of turn `turn`'s slot, over its bar: where the lines put that turn's point.
    fn middle(&self, turn: u32) -> f32 {
        self.x(turn as f32) + self.step / 2.0
    }
    /// Turn `turn`'s bar: its left edge and width, the middle three fifths of its slot.
    fn bar(&self, turn: u32) -> (f32, f32) {
        (self.x(turn as f32) + self.step * 0.2, self.step * 0.6)
    }
    fn y(&self, tension: f32) -> f32 {
        self.height * (1.0 - tension.clamp(0.0, 100.0) / 100.0)
    }
}

pub fn plugin(app: &mut App) {
    app.add_systems(Update, draw);
}

pub fn spawn(parent: &mut ChildSpawnerCommands, p: &Palette) {
    let node = Node {
        width: Val::Percent(100.0),
        flex_grow: 1.0,
        min_height: Val::Px(60.0),
        margin: UiRect::vertical(Val::Px(6.0)),
        ..default()
    };
    parent.spawn((Chart::default(), node, BackgroundColor(p.background)));
}

fn draw(
    mut charts: Query<(Entity, &mut Chart, &ComputedNode), Changed<ComputedNode>>,
    sc: Option<Res<ActiveScenario>>,
    game: Option<Res<ActiveGame>>,
    rewound: Option<Res<Rewound>>,
    p: Res<Palette>,
    mut commands: Commands,
) {
    let (Some(sc), Some(game)) = (sc, game) else {
        return;
    };
    for (e, mut chart, computed) in &mut charts {
        let size = computed.size() * computed.inverse_scale_factor();
        if size.x < 40.0 || size.y < 40.0 || (size - chart.drawn).abs().max_element() < 1.0 {
            continue;
        }
        chart.drawn = size;
        commands.entity(e).despawn_children();
        let before = Rewound::against(rewound.as_deref(), sc.0.id(), &game.0);
        commands.entity(e).with_children(|c| {
            contents(c, &p, &sc, &game, size);
            if let Some((original, parted)) = before {
                second_run(c, &p, &sc, original, parted, size);
            }
        });
    }
}

/// An absolutely placed box.
fn boxed(left: f32, top: f32, width: f32, height: f32) -> Node {
    Node {
        position_type: PositionType::Absolute,
        left: Val::Px(left),
        top: Val::Px(top),
        width: Val::Px(width),
        height: Val::Px(height),
        ..default()
    }
}

fn contents(
    c: &mut ChildSpawnerCommands,
    p: &Palette,
    sc: &ActiveScenario,
    game: &ActiveGame,
    size: Vec2,
) {
    let sc = &sc.0;
    let rules = &sc.rules;
    let plot = Plot::of(sc, size);
    let plot_w = plot.left + plot.width;
    let (h, step) = (plot.height, plot.step);
    let y = |t: f32| plot.y(t);
    // The tension scale on the left, and the turn numbers under the bars (every one when they
    // fit, else every other).
    let marks: &[f32] = if h >= 90.0 {
        &[0.0, 50.0, 100.0]
    } else {
        &[0.0, 100.0]
    };
    for &t in marks {
        let top = (y(t) - size::TINY / 2.0).clamp(0.0, h - size::TINY);
        let place = boxed(0.0, top, SCALE_WIDTH - 4.0, size::TINY + 2.0);
        let scale = Node {
            justify_content: JustifyContent::FlexEnd,
            ..place
        };
        c.spawn((
            scale,
            children![label(format!("{t:.0}"), size::TINY - 1.0, p.muted)],
        ));
    }
    let every = if step >= 22.0 { 1 } else { 2 };
    for turn in (1..=sc.def.turns).filter(|t| (t - 1) % every == 0) {
        let place = Node {
            position_type: PositionType::Absolute,
            left: Val::Px(plot.x(turn as f32) + step / 2.0 - 6.0),
            top: Val::Px(h + 1.0),
            ..default()
        };
        c.spawn((label(turn.to_string(), size::TINY - 1.0, p.muted), place));
    }
    // Rung bands behind everything, with their names on the right, top down, never touching.
    let n = rules.rungs.len();
    let mut last_name_y = f32::NEG_INFINITY;
    for i in (0..n).rev() {
        let r = &rules.rungs[i];
        let top = rules.rungs.get(i + 1).map(|x| x.from).unwrap_or(100.0);
        let band = boxed(plot.left, y(top), size.x - plot.left, y(r.from) - y(top));
        c.spawn((band, BackgroundColor(p.rung(i, n).with_alpha(0.08))));
        let middle = (y(top) + y(r.from)) / 2.0 - size::TINY / 2.0;
        // The top rung's band is thin: its name starts inside the chart, not above it.
        let name_y = middle.max(last_name_y + NAME_SPACING).max(0.0);
        // A name pushed down past its own band (a short chart: presentation mode's large text
        // leaves it little height) would stand beside another rung: it is left out, and the
        // names that are shown stay beside their bands. The top rung's is always shown.
        let beside_its_band = i == n - 1 || name_y + size::TINY / 2.0 <= y(r.from);
        if beside_its_band && name_y + size::TINY <= h + TURNS_HEIGHT {
            last_name_y = name_y;
            let place = Node {
                position_type: PositionType::Absolute,
                left: Val::Px(plot_w + 6.0),
                top: Val::Px(name_y),
                ..default()
            };
            // The rung's colour lightened toward the text's, so the darkest (war's deep red)
            // still reads on the dark ground.
            let colour = p.rung(i, n).mix(&p.text, 0.4);
            c.spawn((label(r.name.clone(), size::TINY - 1.0, colour), place));
        }
    }
    // A neutral move (holding course) is neither force nor restraint: grey.
    let color_of = |a: u16| {
        let action = &sc.actions[a as usize];
        if action.neutral {
            p.muted
        } else {
            p.family(action.family)
        }
    };
    for rec in &game.0.log {
        let x = plot.x(rec.turn as f32);
        let top = y(rec.tension_after);
        let (bar_left, bar_width) = plot.bar(rec.turn);
        // Both teams' moves played: the bar in two halves, the first move's on the left.
        let parts: Vec<u16> = std::iter::once(rec.taken).chain(rec.also).collect();
        let part_width = bar_width / parts.len() as f32;
        // The turn at its height, before the ledger faded (what the score's mean and the peak
        // count): a pale cap over the bar, where it rose higher than the turn's end.
        let height = y(rec.tension_height.max(rec.tension_after));
        for (k, a) in parts.iter().enumerate() {
            let left = bar_left + k as f32 * part_width;
            if top - height >= 1.0 {
                let mut cap = boxed(left, height, part_width, top - height);
                cap.border_radius = BorderRadius::top(Val::Px(2.0));
                c.spawn((cap, BackgroundColor(color_of(*a).with_alpha(0.3))));
            }
            let mut bar = boxed(left, top, part_width, h - top);
            bar.border_radius = BorderRadius::top(Val::Px(2.0));
            c.spawn((bar, BackgroundColor(color_of(*a).with_alpha(0.8))));
        }
        let Some(d) = rec.pyongyang else { continue };
        let color = match tone(sc, rules.pyongyang.responses[d.response as usize].tags) {
            Tone::Provocation => p.bad,
            Tone::Engagement => p.good,
            Tone::Neutral => continue,
        };
        let mut dot = boxed(x + step / 2.0 - 5.0, top - 13.0, 10.0, 10.0);
        dot.border_radius = BorderRadius::all(Val::Px(5.0));
        // A ring of the ground's colour: a red dot on a show of force's red bar was lost.
        dot.border = UiRect::all(Val::Px(2.0));
        // Over the history's diamonds and the run before a rewind, which may share its place.
        let ring = BorderColor::all(p.background);
        c.spawn((dot, BackgroundColor(color), ring, ZIndex(1)));
    }
    // The real history: points joined by thin rotated segments, each placed within its turn by
    // its date, so two readings of one turn run left to right rather than one above the other.
    let calendar = &sc.def.calendar;
    let points: Vec<Vec2> = sc
        .def
        .history
        .iter()
        .filter_map(|h| {
            let within = place_in_turn(calendar.start, calendar.days_per_turn, h.turn, &h.date);
            h.tension
                .map(|t| Vec2::new(plot.x(h.turn as f32) + within * plot.step, y(t)))
        })
        .collect();
    polyline(c, &points, p.history);
    for pt in &points {
        let diamond = UiTransform {
            rotation: Rot2::degrees(45.0),
            ..default()
        };
        let place = boxed(pt.x - 4.0, pt.y - 4.0, 8.0, 8.0);
        c.spawn((place, diamond, BackgroundColor(p.history)));
    }
}

/// The game before the rewind: its tension as a white line with dots, and a marker where the
/// two runs part.
fn second_run(
    c: &mut ChildSpawnerCommands,
    p: &Palette,
    sc: &ActiveScenario,
    original: &crate::sim::Game,
    parted: u32,
    size: Vec2,
) {
    let sc = &sc.0;
    let plot = Plot::of(sc, size);
    let h = plot.height;
    let y = |t: f32| plot.y(t);
    let x = plot.x(parted as f32);
    c.spawn((
        boxed(x, 0.0, 2.0, h),
        BackgroundColor(p.text.with_alpha(0.6)),
    ));
    let note = format!("the runs part at turn {parted}");
    // Right of the marker, or left of it when it would run into the rungs' names (a late
    // turn): the font is monospaced, so its width is known.
    let note_width = note.chars().count() as f32 * (size::TINY - 1.0) * 0.62;
    let right_of = x + 4.0;
    let left = if right_of + note_width > plot.left + plot.width {
        (x - 4.0 - note_width).max(0.0)
    } else {
        right_of
    };
    let place = Node {
        position_type: PositionType::Absolute,
        left: Val::Px(left),
        top: Val::Px(2.0),
        ..default()
    };
    c.spawn((label(note, size::TINY - 1.0, p.text), place));
    for rec in &original.log {
        let cx = plot.middle(rec.turn);
        let dot = boxed(cx - 3.0, y(rec.tension_after) - 3.0, 6.0, 6.0);
        c.spawn((dot, BackgroundColor(Color::WHITE)));
    }
    let points: Vec<Vec2> = original
        .log
        .iter()
        .map(|r| Vec2::new(plot.middle(r.turn), y(r.tension_after)))
        .collect();
    polyline(c, &points, Color::WHITE.with_alpha(0.8));
}

/// The width of the plot, leaving room on the right for the longest rung name (the font is
/// monospaced).
fn plot_width(sc: &crate::rules::Scenario, size: Vec2) -> f32 {
    let longest = sc
        .rules
        .rungs
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0);
    let names_width = longest as f32 * (size::TINY - 1.0) * 0.62 + 12.0;
    (size.x - names_width).max(20.0)
}

/// Points joined by thin rotated segments.
fn polyline(c: &mut ChildSpawnerCommands, points: &[Vec2], color: Color) {
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let d = b - a;
        let len = d.length();
        if len < 0.5 {
            continue;
        }
        let mid = (a + b) / 2.0;
        let segment = UiTransform {
            rotation: Rot2::radians(d.y.atan2(d.x)),
            ..default()
        };
        let place = boxed(mid.x - len / 2.0, mid.y - 1.0, len, 2.0);
        c.spawn((place, segment, BackgroundColor(color)));
    }
}

#[cfg(test)]
mod tests {
    use super::Plot;

    /// Each turn's point on the lines (the real history, the game before a rewind) sits over
    /// that turn's own bar, not the one before it, and none falls into the scale on the left.
    #[test]
    fn a_turns_point_sits_over_its_own_bar() {
        let plot = Plot {
            left: 30.0,
            width: 320.0,
            height: 120.0,
            step: 20.0,
        };
        for turn in 1..=16 {
            let (left, width) = plot.bar(turn);
            let x = plot.middle(turn);
            assert!(
                left < x && x < left + width,
                "turn {turn}: {x} outside {left}+{width}"
            );
        }
        assert!(
            plot.middle(1) > plot.left,
            "turn 1 is drawn inside the plot"
        );
    }
}
