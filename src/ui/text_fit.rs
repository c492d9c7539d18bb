//! Wrapped text gets every line it wraps to. Bevy 0.19 measures a text node at its unrounded
//! width but wraps it at the width left after the layout rounds to whole pixels, which can be a
//! fraction of a pixel narrower: a name that just fits on one line when measured ("[2] Bomber
//! overflight" at the default window) wraps to two when drawn, and the second line is drawn over
//! the next node. This raises such a node's least height to the lines it was drawn with, and
//! lets the layout measure it afresh when its width changes (a resize, a new text scale).

use bevy::prelude::*;
use bevy::text::TextLayoutInfo;
use bevy::ui::UiSystems;

pub fn plugin(app: &mut App) {
    app.add_systems(PostUpdate, fit_wrapped_text.after(UiSystems::PostLayout));
}

/// Less than this many pixels short is rounding, not a missing line (a line is 10 or more).
const MISSING_LINE: f32 = 2.0;

/// A text node whose least height was raised, at this content width (physical pixels).
#[derive(Component, Debug)]
struct RaisedAt(f32);

type Laid = Or<(
    Changed<TextLayoutInfo>,
    Changed<ComputedNode>,
    Changed<Text>,
)>;

fn fit_wrapped_text(
    mut commands: Commands,
    mut texts: Query<
        (
            Entity,
            &mut Node,
            &ComputedNode,
            &TextLayoutInfo,
            Ref<Text>,
            Option<&RaisedAt>,
        ),
        Laid,
    >,
) {
    for (entity, mut node, computed, laid_out, text, raised) in &mut texts {
        let content = computed.content_box().size();
        if let Some(RaisedAt(width)) = raised {
            // At another width, or with other words (a panel that shows each card in turn),
            // the text wraps otherwise: measure it afresh.
            if (content.x - width).abs() > 0.5 || text.is_changed() {
                node.min_height = Val::Auto;
                commands.entity(entity).remove::<RaisedAt>();
            }
            continue;
        }
        // Only text whose height the layout works out; a height the screen set stays.
        if node.height != Val::Auto || node.min_height != Val::Auto {
            continue;
        }
        // The laid-out size is in logical pixels; the node's in physical ones.
        let inverse = computed.inverse_scale_factor().max(f32::EPSILON);
        let missing = laid_out.size.y / inverse - content.y;
        if missing > MISSING_LINE {
            let border_box = computed.size().y + missing;
            node.min_height = Val::Px(border_box * inverse);
            commands.entity(entity).insert(RaisedAt(content.x));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text node drawn with more lines than the layout gave it: `content` and `laid` heights
    /// in physical pixels, at a text scale of 0.9 (the laid-out size is in logical pixels).
    fn text_node(app: &mut App, content: Vec2, laid_height: f32) -> Entity {
        let inverse = 1.0 / 0.9;
        app.world_mut()
            .spawn((
                Text::new("[2] Bomber overflight"),
                ComputedNode {
                    size: content,
                    unrounded_size: content,
                    inverse_scale_factor: inverse,
                    ..ComputedNode::DEFAULT
                },
                TextLayoutInfo {
                    size: Vec2::new(content.x, laid_height) * inverse,
                    ..default()
                },
            ))
            .id()
    }

    #[test]
    fn a_text_drawn_on_more_lines_than_laid_out_gets_their_height_back() {
        let mut app = App::new();
        app.add_plugins(MinimalPlugins).add_plugins(plugin);
        // Two lines drawn in the height of one; one line drawn in the height of one.
        let short = text_node(&mut app, Vec2::new(140.0, 16.0), 32.0);
        let fits = text_node(&mut app, Vec2::new(140.0, 16.0), 16.5);
        app.update();
        let node = |app: &App, e: Entity| app.world().get::<Node>(e).unwrap().min_height;
        // 32 physical pixels at a scale of 0.9 are 35.6 logical ones.
        let Val::Px(raised) = node(&app, short) else {
            panic!("the short node is raised: {:?}", node(&app, short));
        };
        assert!((raised - 32.0 / 0.9).abs() < 0.01, "{raised}");
        assert_eq!(
            node(&app, fits),
            Val::Auto,
            "a rounding difference is no line"
        );
        // Laid out again at another width, it is measured afresh.
        app.world_mut().get_mut::<ComputedNode>(short).unwrap().size = Vec2::new(200.0, 32.0);
        app.update();
        assert_eq!(node(&app, short), Val::Auto);
        // Raised again, then given shorter words at the same width: measured afresh too.
        app.world_mut().get_mut::<ComputedNode>(short).unwrap().size = Vec2::new(140.0, 16.0);
        app.update();
        assert!(matches!(node(&app, short), Val::Px(_)), "raised again");
        app.world_mut().get_mut::<Text>(short).unwrap().0 = "[2] Bomber".into();
        app.update();
        assert_eq!(
            node(&app, short),
            Val::Auto,
            "new words are measured afresh"
        );
    }
}
