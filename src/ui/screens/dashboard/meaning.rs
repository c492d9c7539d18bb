//! What the dashboard's words mean, on hover: a figure's row (Credibility, Forces in proximity,
//! a kind of leadership in the estimate), an actor's heading and the line of shared facts each
//! carry their meaning, taken from the rules' `about` lines (`actors.ron`, `pyongyang.ron`),
//! and a small panel beside the left column shows it while the pointer rests on them (the
//! gauge's rung is explained in its own ledger pop-up, `gauge.rs`, from `ladder.ron`). A class meets "rung", "audience costs" and "proximity" here, not in a glossary to
//! look up. Nothing hidden is named: the kinds of leadership are public, which one was drawn is
//! not.

use crate::ui::screens::Screen;
use crate::ui::theme::{Palette, floating_panel, label, size};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        show_the_meaning_of_the_hovered.run_if(in_state(Screen::Dashboard)),
    );
}

/// What a part of the dashboard means, one line a term, shown while it is hovered.
#[derive(Component, Clone, Debug, PartialEq)]
pub struct Meaning(pub Vec<String>);

/// A term and what it means, as the panel shows it: "Credibility: whether allies ...".
pub fn term(name: &str, about: &str) -> String {
    format!("{name}: {about}")
}

/// The panel that shows a hovered part's meaning, floating just right of the column it is
/// spawned in, level with the part.
#[derive(Component)]
pub struct MeaningPanel;

/// Width of the meaning panel, in logical pixels.
const WIDTH: f32 = 340.0;

/// Spawns the meaning panel in `column` (the dashboard's left column), hidden until a part
/// with a `Meaning` is hovered. Spawn it last, so it is drawn over the column's panels.
pub(super) fn spawn_panel(column: &mut ChildSpawnerCommands, p: &Palette) {
    let place = Node {
        display: Display::None,
        left: Val::Percent(100.0),
        margin: UiRect::left(Val::Px(super::layout::GAP)),
        width: Val::Px(WIDTH),
        padding: UiRect::all(Val::Px(8.0)),
        row_gap: Val::Px(4.0),
        ..default()
    };
    column
        .spawn((
            MeaningPanel,
            floating_panel(p, place),
            GlobalZIndex(11),
            Pickable::IGNORE,
        ))
        .with_children(|panel| {
            panel.spawn(label(String::new(), size::SMALL, p.text));
        });
}

/// Shows the meaning of the part under the pointer beside it, and hides the panel when the
/// pointer rests on none. Only what changed is written, so the screen at rest is not laid out
/// again.
fn show_the_meaning_of_the_hovered(
    parts: Query<(&Meaning, &Interaction, &ComputedNode, &UiGlobalTransform)>,
    mut panels: Query<(&mut Node, &ComputedNode, &ChildOf, &Children), With<MeaningPanel>>,
    columns: Query<(&ComputedNode, &UiGlobalTransform)>,
    mut texts: Query<&mut Text>,
) {
    let hovered = parts
        .iter()
        .find(|(_, i, ..)| matches!(i, Interaction::Hovered | Interaction::Pressed));
    for (mut node, shown, column, children) in &mut panels {
        let Some((meaning, _, part, at)) = hovered else {
            if node.display != Display::None {
                node.display = Display::None;
            }
            continue;
        };
        let Ok((column_node, column_at)) = columns.get(column.parent()) else {
            continue;
        };
        // Level with the part's top, in the column's logical pixels, but lifted as far as it
        // takes to end within the column (the facts' line lies at its foot): its height is the
        // last frame's, which is this text's once it has been shown a frame.
        let (top, _) = crate::ui::scroll::span(part, at, false);
        let (column_top, column_bottom) = crate::ui::scroll::span(column_node, column_at, false);
        let lowest = column_bottom - column_top - shown.size().y;
        let physical = (top - column_top).min(lowest).max(0.0);
        let want = Val::Px((physical * column_node.inverse_scale_factor()).round());
        if node.top != want {
            node.top = want;
        }
        if node.display != Display::Flex {
            node.display = Display::Flex;
        }
        let said = meaning.0.join("\n");
        for child in children.iter() {
            if let Ok(mut text) = texts.get_mut(child)
                && text.0 != said
            {
                text.0.clone_from(&said);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::scroll::tag_tests::placed;

    /// The panel shown, and its text, or None while hidden.
    fn shown(app: &mut App) -> Option<(f32, String)> {
        let world = app.world_mut();
        let (node, children) = world
            .query_filtered::<(&Node, &Children), With<MeaningPanel>>()
            .single(world)
            .unwrap();
        let top = match node.top {
            Val::Px(top) => top,
            _ => f32::NAN,
        };
        let text = world.get::<Text>(children[0]).unwrap().0.clone();
        (node.display == Display::Flex).then_some((top, text))
    }

    #[test]
    fn the_hovered_part_shows_its_meaning_level_with_it_and_within_the_column() {
        let mut app = App::new();
        app.add_systems(Update, show_the_meaning_of_the_hovered);
        // The column spans 100 to 600 on screen; the panel is 120 high.
        let column = app.world_mut().spawn(placed(350.0, 500.0)).id();
        let hidden = Node {
            display: Display::None,
            ..default()
        };
        let (size, _) = placed(0.0, 120.0);
        app.world_mut().spawn((
            MeaningPanel,
            hidden,
            size,
            ChildOf(column),
            children![Text::new("")],
        ));
        let row = |centre: f32, lines: &[&str]| {
            (
                Meaning(lines.iter().map(|l| l.to_string()).collect()),
                Interaction::None,
                placed(centre, 20.0),
            )
        };
        let credibility = app
            .world_mut()
            .spawn(row(210.0, &["Credibility: whether allies believe"]))
            .id();
        let facts = app
            .world_mut()
            .spawn(row(
                580.0,
                &["Forces in proximity: how close", "Sanctions: how tight"],
            ))
            .id();
        app.update();
        assert_eq!(shown(&mut app), None, "nothing hovered");
        app.world_mut()
            .entity_mut(credibility)
            .insert(Interaction::Hovered);
        app.update();
        // Its top (200) is 100 below the column's.
        assert_eq!(
            shown(&mut app),
            Some((100.0, "Credibility: whether allies believe".into()))
        );
        app.world_mut()
            .entity_mut(credibility)
            .insert(Interaction::None);
        app.world_mut()
            .entity_mut(facts)
            .insert(Interaction::Hovered);
        app.update();
        // The facts' top (570) would put the panel's foot past the column's (600): it is lifted
        // to end there (500 - 120 = 380 below the column's top), and says every fact.
        assert_eq!(
            shown(&mut app),
            Some((
                380.0,
                "Forces in proximity: how close\nSanctions: how tight".into()
            ))
        );
        app.world_mut().entity_mut(facts).insert(Interaction::None);
        app.update();
        assert_eq!(shown(&mut app), None, "the pointer moved off");
    }
}
