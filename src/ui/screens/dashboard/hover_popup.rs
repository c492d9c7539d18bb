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
        // panel it pops out of; shown, it may reach the window's foot, or rise (`popup_place`).
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

/// Where a pop-up `need` pixels tall (its whole content, padding and border included) floats
/// from an anchor whose top is at `top`, in a window `window_height` pixels tall (all in the
/// window's pixels): how far above the anchor's top it starts (0 or more), and the most of the
/// window's height it may take, in per cent. It hangs from the anchor's top while it fits
/// above the window's foot; a longer one rises, as far as the window's top, so that it shows
/// whole where the window has the room: at 1920x1080, 2013's objectives hung from their panel
/// past the window's foot, their losses cut off mid-line.
pub(super) fn popup_place(top: f32, need: f32, window_height: f32) -> (f32, f32) {
    if window_height <= 0.0 {
        return (0.0, POPUP_MIN_VH);
    }
    let margin = window_height * POPUP_FOOT_VH / 100.0;
    let below = window_height - top.max(0.0) - margin;
    let rise = (need - below).clamp(0.0, (top - margin).max(0.0));
    let room = (below + rise) / window_height * 100.0;
    (rise, room.max(POPUP_MIN_VH))
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
    mut popups: Query<(&mut Node, &ComputedNode), (With<Popup>, Without<Anchor>)>,
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
        for child in children {
            if let Ok((mut node, shown)) = popups.get_mut(*child) {
                if node.display != want {
                    node.display = want;
                }
                let Some(h) = window_height.filter(|_| want == Display::Flex) else {
                    continue;
                };
                // The whole content's height, as laid out (0 until it first is).
                let need = shown.content_size.y
                    + shown.padding.min_inset.y
                    + shown.padding.max_inset.y
                    + shown.border.min_inset.y
                    + shown.border.max_inset.y;
                let (rise, room) = popup_place(top, need, h);
                // Node offsets are in logical pixels.
                let rise = -rise * shown.inverse_scale_factor;
                // Only a change that shows: a node written every frame lays the UI out again.
                if !matches!(node.max_height, Val::Vh(m) if (m - room).abs() < 0.5) {
                    node.max_height = Val::Vh(room);
                }
                if !matches!(node.top, Val::Px(t) if (t - rise).abs() < 1.0) {
                    node.top = Val::Px(rise);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pop-up that fits under its anchor's top hangs from it; a longer one rises, no higher
    /// than the window's top, and scrolls only when the whole window is too short for it.
    #[test]
    fn a_long_popup_rises_to_show_whole() {
        let near =
            |a: (f32, f32), b: (f32, f32)| (a.0 - b.0).abs() < 0.01 && (a.1 - b.1).abs() < 0.01;
        // 2013's objectives at 1920x1080: the panel's top at 385, 700 pixels of objectives.
        // Under it, 1080 - 385 - 16.2 = 678.8; it rises by the 21.2 it lacks.
        assert!(near(popup_place(385.0, 700.0, 1080.0), (21.2, 64.81)));
        // A short one hangs from the anchor, with the room down to the foot as its most.
        assert!(near(popup_place(385.0, 300.0, 1080.0), (0.0, 62.85)));
        // Longer than the window: it rises to the margin at the top and scrolls.
        let (rise, room) = popup_place(385.0, 2000.0, 1080.0);
        assert!((rise - (385.0 - 16.2)).abs() < 0.01 && (room - 97.0).abs() < 0.01);
        // A pop-up from the gauge, near the window's top, may take nearly all of its height;
        // one from a panel low down rises by what it lacks under it.
        assert!(near(popup_place(72.0, 300.0, 720.0), (0.0, 88.5)));
        assert!(near(
            popup_place(600.0, 300.0, 720.0),
            (190.8, POPUP_MIN_VH)
        ));
        // Before it is laid out (no height yet), it hangs from the anchor.
        assert_eq!(popup_place(385.0, 0.0, 1080.0).0, 0.0);
        assert_eq!(popup_place(10.0, 500.0, 0.0), (0.0, POPUP_MIN_VH));
    }
}
