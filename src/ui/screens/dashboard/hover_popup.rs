//! A panel that shows more while it is hovered or has focus: the gauge shows the whole tension
//! ledger, the objectives panel every objective. The panel wears the accent edge when focused,
//! as every focused control does, and its pop-up (a `floating_panel` child) is shown only then.

use super::layout::{GAP, LEDGER_WIDTH};
use crate::ui::theme::{Palette, floating_panel};
use bevy::input_focus::InputFocus;
use bevy::prelude::*;
use bevy::ui::UiGlobalTransform;

/// A pop-up's panel, hidden until shown, floating just right of its anchor, over the next
/// column.
pub(super) fn beside(p: &Palette) -> impl Bundle {
    let place = Node {
        display: Display::None,
        left: Val::Percent(100.0),
        margin: UiRect::left(Val::Px(GAP)),
        top: Val::Px(0.0),
        width: Val::Px(LEDGER_WIDTH),
        padding: UiRect::all(Val::Px(10.0)),
        row_gap: Val::Px(2.0),
        // A long list scrolls within the window, by the wheel over the pop-up or over the
        // panel it pops out of; shown, it may reach the window's foot (`popup_room_vh`).
        max_height: Val::Vh(POPUP_MIN_VH),
        overflow: Overflow::scroll_y(),
        ..default()
    };
    (
        floating_panel(p, place),
        GlobalZIndex(10),
        // Not cut to the panel it pops out of (the objectives panel scrolls, so it clips).
        OverrideClip,
        crate::ui::scroll::ScrollOnWheel,
        crate::ui::scroll::PopupScroll,
    )
}

/// Shows each `Popup` while its `Anchor` panel is hovered or focused, and rings the focused
/// anchor. Add it once per kind of panel: `popup_while_hovered::<Gauge, LedgerPopup>`.
/// The pop-up's least height as a share of the window's, in per cent, however low its anchor.
const POPUP_MIN_VH: f32 = 55.0;
/// The room a pop-up leaves under it at the window's foot, in per cent of its height.
const POPUP_FOOT_VH: f32 = 1.5;

/// The most of the window's height a pop-up floating from an anchor whose top is at `top` (in
/// the window's pixels, of `window_height`) may take, in per cent: the room down to the window's
/// foot, so that a long list shows whole where the window has the room (every line of 2013's
/// objectives at 1280x720, the whole ledger) and scrolls only where it has not; never less
/// than `POPUP_MIN_VH`.
pub(super) fn popup_room_vh(top: f32, window_height: f32) -> f32 {
    if window_height <= 0.0 {
        return POPUP_MIN_VH;
    }
    ((window_height - top.max(0.0)) / window_height * 100.0 - POPUP_FOOT_VH).max(POPUP_MIN_VH)
}

pub(super) fn popup_while_hovered<Anchor: Component, Popup: Component>(
    mut anchors: Query<
        (
            Entity,
            &Interaction,
            &mut BorderColor,
            &Children,
            &ComputedNode,
            &UiGlobalTransform,
        ),
        With<Anchor>,
    >,
    focus: Res<InputFocus>,
    palette: Res<Palette>,
    windows: Query<&Window, With<bevy::window::PrimaryWindow>>,
    mut popups: Query<&mut Node, With<Popup>>,
) {
    let window_height = windows.iter().next().map(|w| w.physical_height() as f32);
    for (e, i, mut border, children, computed, place) in &mut anchors {
        let focused = focus.get() == Some(e);
        let edge = BorderColor::all(if focused {
            palette.accent
        } else {
            palette.border
        });
        if *border != edge {
            *border = edge;
        }
        let want = if *i != Interaction::None || focused {
            Display::Flex
        } else {
            Display::None
        };
        // The anchor's top, in the window's pixels, as the pop-up's is.
        let top = place.translation.y - computed.size().y / 2.0;
        let room = window_height.map(|h| Val::Vh(popup_room_vh(top, h)));
        for child in children {
            if let Ok(mut node) = popups.get_mut(*child) {
                if node.display != want {
                    node.display = want;
                }
                // Only a change that shows: a node written every frame lays the UI out again.
                if want == Display::Flex
                    && let Some(Val::Vh(r)) = room
                    && !matches!(node.max_height, Val::Vh(m) if (m - r).abs() < 0.5)
                {
                    node.max_height = Val::Vh(r);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pop-up from the gauge, near the window's top, may take nearly all of its height; one
    /// from a panel low down keeps its least share and scrolls.
    #[test]
    fn a_popup_takes_the_room_down_to_the_windows_foot() {
        let near = |a: f32, b: f32| (a - b).abs() < 0.01;
        assert!(near(popup_room_vh(72.0, 720.0), 88.5));
        assert!(near(popup_room_vh(393.0, 1080.0), 62.11));
        assert_eq!(popup_room_vh(600.0, 720.0), POPUP_MIN_VH);
        assert!(near(popup_room_vh(-5.0, 720.0), 98.5));
        assert_eq!(popup_room_vh(10.0, 0.0), POPUP_MIN_VH);
    }
}
