//! The debrief's views for a projector: `C` gives the tension chart the whole screen below the
//! headline, `D` the discussion questions (with the learning goals and the year's events), and
//! the same key again, or `Esc`, brings the whole debrief back. At a large text scale the
//! lines above the panels leave the chart a strip; a class reads it, and the questions, from
//! the back of the room.

use crate::ui::screens::Screen;
use bevy::prelude::*;

/// The part of the debrief a node belongs to, for the views that show one part alone.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DebriefPart {
    /// The lines under the headline: the score, the teams, the type and the estimate.
    Details,
    Chart,
    Discussion,
    Timeline,
}

/// A text that grows when its part is shown alone, to be read from the back of the room: its
/// size in the whole debrief.
#[derive(Component, Debug, Clone, Copy)]
pub struct Enlarged(pub f32);

/// How much larger a part's text is shown alone.
pub const ALONE_SCALE: f32 = 1.6;

/// What the debrief shows: all of it, or one part on the whole screen.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum DebriefView {
    #[default]
    Everything,
    Chart,
    Discussion,
}

impl DebriefView {
    /// Whether `part` shows in this view.
    pub fn shows(self, part: DebriefPart) -> bool {
        match self {
            DebriefView::Everything => true,
            DebriefView::Chart => part == DebriefPart::Chart,
            DebriefView::Discussion => part == DebriefPart::Discussion,
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<DebriefView>()
        .add_systems(OnEnter(Screen::Debrief), |mut view: ResMut<DebriefView>| {
            *view = DebriefView::Everything
        })
        .add_systems(
            Update,
            (choose_view, show_view)
                .chain()
                .run_if(in_state(Screen::Debrief)),
        );
}

/// `C` and `D` show the chart or the questions alone, and bring everything back when pressed
/// again (`Esc` too: the debrief's own keys see to it, so that it does not also leave).
fn choose_view(keys: Res<ButtonInput<KeyCode>>, mut view: ResMut<DebriefView>) {
    let toggle = |now: DebriefView, alone: DebriefView| {
        if now == alone {
            DebriefView::Everything
        } else {
            alone
        }
    };
    let next = if keys.just_pressed(KeyCode::KeyC) {
        toggle(*view, DebriefView::Chart)
    } else if keys.just_pressed(KeyCode::KeyD) {
        toggle(*view, DebriefView::Discussion)
    } else {
        return;
    };
    view.set_if_neq(next);
}

fn show_view(
    view: Res<DebriefView>,
    mut parts: Query<(&DebriefPart, &mut Node, Option<&mut ScrollPosition>)>,
    mut texts: Query<(&Enlarged, &mut TextFont)>,
    added: Query<(), Added<DebriefPart>>,
) {
    if !view.is_changed() && added.is_empty() {
        return;
    }
    let scale = if *view == DebriefView::Everything {
        1.0
    } else {
        ALONE_SCALE
    };
    for (Enlarged(base), mut font) in &mut texts {
        font.font_size = FontSize::Px(base * scale);
    }
    for (part, mut node, scroll) in &mut parts {
        node.display = if view.shows(*part) {
            Display::Flex
        } else {
            Display::None
        };
        // A part shown alone opens at its top, wherever PageDown had left it: the first
        // question is the one the class reads first.
        if *view != DebriefView::Everything
            && let Some(mut scroll) = scroll
            && scroll.0 != Vec2::ZERO
        {
            scroll.0 = Vec2::ZERO;
        }
    }
}
