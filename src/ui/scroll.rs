//! Wheel scrolling for panels whose content can outgrow them, such as the debrief's list of
//! every real event of the year. A node marked `ScrollOnWheel` (with `Overflow::scroll_y()`)
//! moves its content when the mouse wheel turns over it; Bevy's UI clips and offsets the content
//! by the node's `ScrollPosition`, which this plugin feeds. Desktop only: it reads the window's
//! cursor. While content lies past a panel's bottom (or top) edge, that edge is drawn thicker in
//! the accent colour, so a player sees there is more to read before a line is cut off.

use super::theme::Palette;
use bevy::input::mouse::{MouseScrollUnit, MouseWheel};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

/// Marks a node that scrolls vertically under the mouse wheel.
#[derive(Component, Debug, Default, Clone, Copy)]
pub struct ScrollOnWheel;

/// Logical pixels scrolled per wheel line.
const PIXELS_PER_LINE: f32 = 24.0;

/// The width of an edge with content beyond it, and of a plain edge (the panels' own).
const CUE_EDGE: f32 = 3.0;
const PLAIN_EDGE: f32 = 1.0;
/// Less hidden content than this (physical pixels) counts as none: more than the cue's own
/// width, so drawing the cue never makes a panel hide enough to need the other one.
const HIDDEN_ENOUGH: f32 = 4.0;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, (scroll_on_wheel, mark_hidden_content).chain());
}

/// How much of a panel's content is hidden above and below it, in the panel's own pixels:
/// `size` is the panel's height, `content` its content's, `scrolled` how far it is scrolled.
pub fn hidden(size: f32, content: f32, scrolled: f32) -> (f32, f32) {
    let above = scrolled.max(0.0);
    let below = (content - size - scrolled).max(0.0);
    (above, below)
}

/// Draws the cue on every scrolling panel whose top or bottom hides content, and takes it away
/// when there is none. Only changed edges are written, so a
/// panel at rest does not lay the screen out again.
pub fn mark_hidden_content(
    p: Res<Palette>,
    mut nodes: Query<(&ComputedNode, &mut Node, &mut BorderColor), With<ScrollOnWheel>>,
) {
    for (computed, mut node, mut color) in &mut nodes {
        let (above, below) = hidden(
            computed.size().y,
            computed.content_size().y,
            computed.scroll_position.y,
        );
        let edge = |hides: bool| {
            if hides {
                (Val::Px(CUE_EDGE), p.accent)
            } else {
                (Val::Px(PLAIN_EDGE), p.border)
            }
        };
        let (top, top_color) = edge(above >= HIDDEN_ENOUGH);
        let (bottom, bottom_color) = edge(below >= HIDDEN_ENOUGH);
        if node.border.top != top || node.border.bottom != bottom {
            node.border.top = top;
            node.border.bottom = bottom;
        }
        if color.top != top_color || color.bottom != bottom_color {
            color.top = top_color;
            color.bottom = bottom_color;
        }
    }
}

fn scroll_on_wheel(
    mut wheel: MessageReader<MouseWheel>,
    window: Query<&Window, With<PrimaryWindow>>,
    mut nodes: Query<(&ComputedNode, &UiGlobalTransform, &mut ScrollPosition), With<ScrollOnWheel>>,
) {
    let delta: f32 = wheel
        .read()
        .map(|e| match e.unit {
            MouseScrollUnit::Line => e.y * PIXELS_PER_LINE,
            MouseScrollUnit::Pixel => e.y,
        })
        .sum();
    if delta == 0.0 {
        return;
    }
    let Some(cursor) = window
        .single()
        .ok()
        .and_then(Window::physical_cursor_position)
    else {
        return;
    };
    for (node, transform, mut position) in &mut nodes {
        if node.contains_point(*transform, cursor) {
            // Sizes are physical; the scroll position is logical.
            let overflow = (node.content_size().y - node.size().y).max(0.0);
            let max = overflow * node.inverse_scale_factor();
            position.0.y = (position.0.y - delta).clamp(0.0, max);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_content_is_measured_from_both_edges() {
        assert_eq!(hidden(100.0, 80.0, 0.0), (0.0, 0.0), "it all fits");
        assert_eq!(hidden(100.0, 250.0, 0.0), (0.0, 150.0), "more below");
        assert_eq!(hidden(100.0, 250.0, 60.0), (60.0, 90.0), "more both ways");
        assert_eq!(
            hidden(100.0, 250.0, 150.0),
            (150.0, 0.0),
            "scrolled to the end"
        );
    }

    /// A panel that hides content below gets the thick accent bottom edge; scrolled to its end
    /// it gets the top one instead; content that fits leaves the plain edges.
    #[test]
    fn a_panel_with_more_to_read_shows_the_cue_on_that_edge() {
        let mut app = App::new();
        app.insert_resource(Palette::standard())
            .add_systems(Update, mark_hidden_content);
        let p = Palette::standard();
        let panel = |content: f32, scrolled: f32| {
            (
                ScrollOnWheel,
                Node {
                    border: UiRect::all(Val::Px(PLAIN_EDGE)),
                    ..default()
                },
                BorderColor::all(p.border),
                ComputedNode {
                    size: Vec2::new(200.0, 100.0),
                    content_size: Vec2::new(200.0, content),
                    scroll_position: Vec2::new(0.0, scrolled),
                    ..default()
                },
            )
        };
        let long = app.world_mut().spawn(panel(300.0, 0.0)).id();
        let at_end = app.world_mut().spawn(panel(300.0, 200.0)).id();
        let short = app.world_mut().spawn(panel(90.0, 0.0)).id();
        app.update();
        let edges = |app: &App, e: Entity| {
            let node = app.world().get::<Node>(e).unwrap();
            let color = app.world().get::<BorderColor>(e).unwrap();
            (node.border.top, color.top, node.border.bottom, color.bottom)
        };
        let (plain, cue) = (Val::Px(PLAIN_EDGE), Val::Px(CUE_EDGE));
        assert_eq!(edges(&app, long), (plain, p.border, cue, p.accent));
        assert_eq!(edges(&app, at_end), (cue, p.accent, plain, p.border));
        assert_eq!(edges(&app, short), (plain, p.border, plain, p.border));
    }
}
