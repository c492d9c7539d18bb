//! A panel that shows more while it is hovered or has focus: the gauge shows the whole tension
//! ledger, the objectives panel every objective. The panel wears the accent edge when focused,
//! as every focused control does, and its pop-up (a `floating_panel` child) is shown only then.

use super::layout::{GAP, LEDGER_WIDTH};
use crate::ui::theme::{Palette, floating_panel};
use bevy::input_focus::InputFocus;
use bevy::prelude::*;

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
        // A long list (every objective at 1280x720) scrolls within the window, by the wheel
        // over the pop-up or over the panel it pops out of.
        max_height: Val::Vh(55.0),
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
pub(super) fn popup_while_hovered<Anchor: Component, Popup: Component>(
    mut anchors: Query<(Entity, &Interaction, &mut BorderColor, &Children), With<Anchor>>,
    focus: Res<InputFocus>,
    palette: Res<Palette>,
    mut popups: Query<&mut Node, With<Popup>>,
) {
    for (e, i, mut border, children) in &mut anchors {
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
        for child in children {
            if let Ok(mut node) = popups.get_mut(*child)
                && node.display != want
            {
                node.display = want;
            }
        }
    }
}
