//! The debrief's views for a projector: `C` gives the tension chart the whole screen below the
//! headline, `D` the discussion questions (with the learning goals and the year's events), and
//! the same key again, or `Esc`, brings the whole debrief back. At a large text scale the
//! lines above the panels leave the chart a strip; a class reads it, and the questions, from
//! the back of the room. Where the column under the lines is too short for both, the whole
//! debrief leaves the questions to `D` and gives the chart their room, and the chart's heading
//! says where they went.

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

/// The column holding the chart and, under it, the questions.
#[derive(Component, Debug, Clone, Copy)]
pub struct ChartColumn;

/// The chart's heading, which says where the questions went when they give the chart room.
#[derive(Component, Debug, Clone, Copy)]
pub struct ChartHeading;

/// The chart's heading, with the questions under the chart and without them.
pub const CHART_HEADING: &str = "Tension per turn (C: on the whole screen)";
pub const CHART_HEADING_ALONE: &str =
    "Tension per turn (C: on the whole screen; D: the discussion questions)";

/// The least height of the column (in the UI's own pixels, so at any text scale) that keeps
/// the questions under the chart: below it the chart, at four fifths of the column less its
/// heading and legend, would be a strip under 100 pixels, and the questions two lines.
pub const QUESTIONS_NEED: f32 = 280.0;

/// Whether the questions stay under the chart in a column `height` UI pixels high.
pub fn questions_fit(height: f32) -> bool {
    height >= QUESTIONS_NEED
}

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
            (choose_view, show_view, make_room_for_the_chart)
                .chain()
                .run_if(in_state(Screen::Debrief)),
        );
}

/// In the whole debrief, the questions give the chart their room where the column is too short
/// for both (`questions_fit`), and the chart's heading says `D` shows them. The column's height
/// does not depend on them, so showing or hiding them never changes the verdict. Only a change
/// is written; a column not laid out yet (no size) is left alone.
fn make_room_for_the_chart(
    view: Res<DebriefView>,
    column: Query<&ComputedNode, With<ChartColumn>>,
    mut parts: Query<(&DebriefPart, &mut Node)>,
    mut heading: Query<&mut Text, With<ChartHeading>>,
) {
    if *view != DebriefView::Everything {
        return;
    }
    let Ok(column) = column.single() else {
        return;
    };
    if column.size().y <= 0.0 {
        return;
    }
    let fit = questions_fit(column.size().y * column.inverse_scale_factor());
    let display = if fit { Display::Flex } else { Display::None };
    for (part, mut node) in &mut parts {
        if *part == DebriefPart::Discussion && node.display != display {
            node.display = display;
        }
    }
    let said = if fit {
        CHART_HEADING
    } else {
        CHART_HEADING_ALONE
    };
    for mut text in &mut heading {
        if text.0 != said {
            text.0 = said.to_string();
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A short column (a projector's large text) leaves the questions to `D` and says so in the
    /// chart's heading; a tall one keeps them; a part shown alone is left to its view.
    #[test]
    fn a_short_column_gives_the_questions_room_to_the_chart() {
        let mut app = App::new();
        app.init_resource::<DebriefView>()
            .add_systems(Update, make_room_for_the_chart);
        // 500 physical pixels at a UI scale of 2: 250 of the UI's own, too short.
        let column = app
            .world_mut()
            .spawn((
                ChartColumn,
                ComputedNode {
                    size: Vec2::new(800.0, 500.0),
                    inverse_scale_factor: 0.5,
                    ..default()
                },
            ))
            .id();
        let questions = app
            .world_mut()
            .spawn((DebriefPart::Discussion, Node::default()))
            .id();
        let heading = app
            .world_mut()
            .spawn((ChartHeading, Text::new(CHART_HEADING)))
            .id();
        let shown = |app: &App| {
            (
                app.world().get::<Node>(questions).unwrap().display,
                app.world().get::<Text>(heading).unwrap().0.clone(),
            )
        };
        app.update();
        assert_eq!(
            shown(&app),
            (Display::None, CHART_HEADING_ALONE.to_string())
        );
        // The same column at a UI scale of 1: 500 of its own pixels, room for both.
        app.world_mut()
            .get_mut::<ComputedNode>(column)
            .unwrap()
            .inverse_scale_factor = 1.0;
        app.update();
        assert_eq!(shown(&app), (Display::Flex, CHART_HEADING.to_string()));
        // Shown alone (`D`), the questions are the view's, whatever the column.
        app.world_mut()
            .get_mut::<ComputedNode>(column)
            .unwrap()
            .inverse_scale_factor = 0.5;
        *app.world_mut().resource_mut::<DebriefView>() = DebriefView::Chart;
        app.world_mut().get_mut::<Node>(questions).unwrap().display = Display::None;
        *app.world_mut().resource_mut::<DebriefView>() = DebriefView::Discussion;
        app.world_mut().get_mut::<Node>(questions).unwrap().display = Display::Flex;
        app.update();
        assert_eq!(shown(&app).0, Display::Flex);
    }
}
