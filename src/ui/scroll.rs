//! Wheel scrolling for panels whose content can outgrow them, such as the debrief's list of
//! every real event of the year. A node marked `ScrollOnWheel` (with `Overflow::scroll_y()`)
//! moves its content when the mouse wheel turns over it; Bevy's UI clips and offsets the content
//! by the node's `ScrollPosition`, which this plugin feeds. Desktop only: it reads the window's
//! cursor.

use bevy::input::mouse::{MouseScrollUnit, MouseWheel};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

/// Marks a node that scrolls vertically under the mouse wheel.
#[derive(Component, Debug, Default, Clone, Copy)]
pub struct ScrollOnWheel;

/// Logical pixels scrolled per wheel line.
const PIXELS_PER_LINE: f32 = 24.0;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, scroll_on_wheel);
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
