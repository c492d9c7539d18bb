//! Wheel scrolling for panels whose content can outgrow them, such as the debrief's list of
//! every real event of the year. A node marked `ScrollOnWheel` (with `Overflow::scroll_y()`)
//! moves its content when the mouse wheel turns over it; Bevy's UI clips and offsets the content
//! by the node's `ScrollPosition`, which this plugin feeds. Desktop only: it reads the window's
//! cursor. While content lies past a panel's bottom (or top) edge, that edge is drawn thicker in
//! the accent colour, so a player sees there is more to read before a line is cut off.
//!
//! Without a mouse: a panel of controls (the debrief's timeline) scrolls to show the control
//! that takes the focus, and a panel of text (the card detail, the history) scrolls a page at a
//! time with `PageDown` and `PageUp`. A panel those keys leave alone (`WheelOnly`: the figures,
//! the news) joins the Tab order while it hides content; focused, it wears the ring and the
//! two keys page it alone. While a panel that pages alone (`PagesAlone`: the turn's answers)
//! is on screen, the two keys page it and nothing else.

use super::focus::focus_ring;
use super::theme::Palette;
use bevy::input::mouse::{MouseScrollUnit, MouseWheel};
use bevy::input_focus::InputFocus;
use bevy::input_focus::tab_navigation::TabIndex;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

/// Marks a node that scrolls vertically under the mouse wheel.
#[derive(Component, Debug, Default, Clone, Copy)]
pub struct ScrollOnWheel;

/// Marks a pop-up that scrolls (with `ScrollOnWheel`): while it is shown, the wheel over the
/// panel it pops out of scrolls the pop-up, not that panel (whose content the pop-up, placed
/// beside it, would otherwise stretch, so the wheel scrolled the panel blank).
#[derive(Component, Debug, Default, Clone, Copy)]
pub struct PopupScroll;

/// Marks a scrolling panel that only the wheel moves: `PageDown` and `PageUp` leave it alone,
/// so they page the panel the player is reading (the card detail), not every figure on screen.
#[derive(Component, Debug, Default, Clone, Copy)]
pub struct WheelOnly;

/// Marks a panel of text that, while it is on screen, takes `PageDown` and `PageUp` from every
/// other one: the turn's answers, read over the card detail the move was chosen from, page
/// alone rather than with the detail behind them.
#[derive(Component, Debug, Default, Clone, Copy)]
pub struct PagesAlone;

/// Logical pixels scrolled per wheel line.
const PIXELS_PER_LINE: f32 = 24.0;

/// The width of an edge with content beyond it, and of a plain edge (the panels' own).
const CUE_EDGE: f32 = 3.0;
const PLAIN_EDGE: f32 = 1.0;
/// Less hidden content than this (physical pixels) counts as none: more than the cue's own
/// width, so drawing the cue never makes a panel hide enough to need the other one.
const HIDDEN_ENOUGH: f32 = 4.0;

/// The share of a text panel's height one `PageDown` or `PageUp` moves it.
const PAGE: f32 = 0.8;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            scroll_on_wheel,
            page_keys,
            follow_focus,
            mark_hidden_content,
            reach_from_keyboard,
            ring_focused_panel,
        )
            .chain(),
    );
}

/// How far a panel must scroll (screen pixels, down is positive) to show a child spanning
/// `child` (top, bottom) inside its inner span `view` (top, bottom), both as they are on screen
/// now: nothing when it shows already; a child taller than the view is shown from its top.
pub fn scroll_to_show(view: (f32, f32), child: (f32, f32)) -> f32 {
    if child.0 < view.0 {
        child.0 - view.0
    } else if child.1 > view.1 {
        (child.1 - view.1).min(child.0 - view.0)
    } else {
        0.0
    }
}

/// A node's span on screen, top to bottom, less its border and padding when `inner`.
pub fn span(node: &ComputedNode, at: &UiGlobalTransform, inner: bool) -> (f32, f32) {
    let centre = at.affine().translation.y;
    let half = node.size().y / 2.0;
    let (top, bottom) = if inner {
        (
            node.border.min_inset.y + node.padding.min_inset.y,
            node.border.max_inset.y + node.padding.max_inset.y,
        )
    } else {
        (0.0, 0.0)
    };
    (centre - half + top, centre + half - bottom)
}

/// A tag over or under a scrolling panel, in its parent's flow (a column holding the panel),
/// hidden until `say_on_tag` gives it words: what lies past that edge ("9 more cards below",
/// "Below: Seoul and 2 more"). Shown, it takes a line from the panel rather than lying over the
/// panel's last line in view, as a tag floating over the edge did; spawn it before the panel
/// for the upper edge and after it for the lower one. Hiding it only gives the panel room, so a
/// panel with nothing past an edge never brings its tag back.
pub fn edge_tag(parent: &mut ChildSpawnerCommands, p: &Palette, marker: impl Bundle) {
    let node = Node {
        display: Display::None,
        align_self: AlignSelf::FlexEnd,
        flex_shrink: 0.0,
        max_width: Val::Percent(94.0),
        padding: UiRect::axes(Val::Px(6.0), Val::Px(0.0)),
        margin: UiRect::axes(Val::Px(6.0), Val::Px(1.0)),
        border_radius: BorderRadius::all(Val::Px(4.0)),
        ..default()
    };
    parent.spawn((
        marker,
        node,
        BackgroundColor(p.accent),
        children![super::theme::label(
            "",
            super::theme::size::TINY,
            p.background
        )],
    ));
}

/// Shows a tag of `edge_tag` with `said`, or hides it when there is nothing past its edge.
/// Only a change is written, so a panel at rest does not lay the screen out again.
pub fn say_on_tag(
    node: &mut Node,
    children: &Children,
    texts: &mut Query<&mut Text>,
    said: Option<String>,
) {
    let display = if said.is_some() {
        Display::Flex
    } else {
        Display::None
    };
    if node.display != display {
        node.display = display;
    }
    if let Some(said) = said
        && let Some(mut text) = children.first().and_then(|t| texts.get_mut(*t).ok())
        && text.0 != said
    {
        text.0 = said;
    }
}

/// Moves a panel's scroll position by `logical` pixels (down is positive), kept within its
/// content. Layout sizes are physical; the scroll position is logical.
fn scroll_by(node: &ComputedNode, position: &mut ScrollPosition, logical: f32) {
    let overflow = (node.content_size().y - node.size().y).max(0.0);
    let max = overflow * node.inverse_scale_factor();
    // A position past the end (a panel that follows its newest line asks for the end, which
    // the layout holds it to) moves from the end.
    let to = (position.0.y.min(max) + logical).clamp(0.0, max);
    if position.0.y != to {
        position.0.y = to;
    }
}

/// When the focus moves to a control inside a scrolling panel, the panel scrolls to show it.
pub fn follow_focus(
    focus: Res<InputFocus>,
    parents: Query<&ChildOf>,
    placed: Query<(&ComputedNode, &UiGlobalTransform)>,
    mut panels: Query<
        (&ComputedNode, &UiGlobalTransform, &mut ScrollPosition),
        With<ScrollOnWheel>,
    >,
) {
    if !focus.is_changed() {
        return;
    }
    let Some(focused) = focus.get() else {
        return;
    };
    let Some(panel) = parents
        .iter_ancestors(focused)
        .find(|e| panels.contains(*e))
    else {
        return;
    };
    let (Ok((child, child_at)), Ok((node, at, mut position))) =
        (placed.get(focused), panels.get_mut(panel))
    else {
        return;
    };
    let scale = node.inverse_scale_factor();
    let max = (node.content_size().y - node.size().y).max(0.0);
    let delta = scroll_to_show_within(
        span(node, at, true),
        span(child, child_at, false),
        position.0.y / scale,
        max,
    );
    scroll_by(node, &mut position, delta * scale);
}

/// `scroll_to_show`, for a panel scrolled `scrolled` of at most `max` (physical pixels): where
/// going all the way to an end shows the child as well, the panel goes there, so the focus
/// wrapping round to the first control brings back the heading above it (and the last one, what
/// lies under it) instead of leaving it cut in half.
pub fn scroll_to_show_within(view: (f32, f32), child: (f32, f32), scrolled: f32, max: f32) -> f32 {
    let delta = scroll_to_show(view, child);
    // The child's span in the content, from the content's top.
    let top = child.0 - view.0 + scrolled;
    let bottom = child.1 - view.0 + scrolled;
    if delta < 0.0 && bottom <= view.1 - view.0 {
        -scrolled
    } else if delta > 0.0 && top >= max {
        max - scrolled
    } else {
        delta
    }
}

/// `PageDown` and `PageUp` scroll every panel of text on screen (a scrolling panel that is no
/// control, has none inside and is not `WheelOnly`: a panel of controls follows the focus
/// instead) by most
/// of its height; when a scrolling panel itself has the focus, that panel alone; while a
/// `PagesAlone` panel is on screen, that one.
pub fn page_keys(
    keys: Res<ButtonInput<KeyCode>>,
    focus: Res<InputFocus>,
    children: Query<&Children>,
    controls: Query<(), With<TabIndex>>,
    mut panels: Query<
        (
            Entity,
            &ComputedNode,
            &UiGlobalTransform,
            &mut ScrollPosition,
            Has<WheelOnly>,
            Has<PagesAlone>,
        ),
        With<ScrollOnWheel>,
    >,
) {
    let direction = match (
        keys.just_pressed(KeyCode::PageDown),
        keys.just_pressed(KeyCode::PageUp),
    ) {
        (true, false) => 1.0,
        (false, true) => -1.0,
        _ => return,
    };
    let focused = focus.get().filter(|e| panels.contains(*e));
    let alone_shown = panels.iter().any(|(.., alone)| alone);
    for (panel, node, at, mut position, wheel_only, alone) in &mut panels {
        let pages = match focused {
            Some(f) => f == panel,
            None if alone_shown => alone,
            // A panel in the Tab order itself (the dashboard's objectives, focused to show
            // them all) pages only when focused: PageDown pages the card detail the player
            // reads, not that panel beside it too, whose heading then scrolled away.
            None => {
                !wheel_only
                    && !controls.contains(panel)
                    && !children
                        .iter_descendants(panel)
                        .any(|e| controls.contains(e))
            }
        };
        if !pages {
            continue;
        }
        let (top, bottom) = span(node, at, true);
        let page = PAGE * (bottom - top) * node.inverse_scale_factor();
        scroll_by(node, &mut position, direction * page);
    }
}

/// How much of a panel's content is hidden above and below it, in the panel's own pixels:
/// `size` is the panel's height, `content` its content's, `scrolled` how far it is scrolled.
pub fn hidden(size: f32, content: f32, scrolled: f32) -> (f32, f32) {
    let above = scrolled.max(0.0);
    let below = (content - size - scrolled).max(0.0);
    (above, below)
}

/// Whether a laid-out panel hides enough content to show it, above and below.
pub fn hides_content(node: &ComputedNode) -> (bool, bool) {
    let (above, below) = hidden(node.size().y, node.content_size().y, node.scroll_position.y);
    (above >= HIDDEN_ENOUGH, below >= HIDDEN_ENOUGH)
}

/// Draws the cue on every scrolling panel whose top or bottom hides content, and takes it away
/// when there is none. Only changed edges are written, so a panel at rest does not lay the
/// screen out again.
pub fn mark_hidden_content(
    p: Res<Palette>,
    mut nodes: Query<(&ComputedNode, &mut Node, &mut BorderColor), With<ScrollOnWheel>>,
) {
    for (computed, mut node, mut color) in &mut nodes {
        let (above, below) = hides_content(computed);
        // A plain edge takes the colour of the panel's left edge, which the cue never touches:
        // a framed panel's border, or nothing for a frameless one (the dashboard's cards).
        let plain = color.left;
        let edge = |hides: bool| {
            if hides {
                (Val::Px(CUE_EDGE), p.accent)
            } else {
                (Val::Px(PLAIN_EDGE), plain)
            }
        };
        let (top, top_color) = edge(above);
        let (bottom, bottom_color) = edge(below);
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

/// A `WheelOnly` panel that hides content joins the Tab order (with a focus ring, unseen until
/// it has the focus), so a player without a mouse can reach what it hides; once it hides
/// nothing, it leaves the order again, unless it has the focus.
pub fn reach_from_keyboard(
    mut commands: Commands,
    focus: Res<InputFocus>,
    panels: Query<(Entity, &ComputedNode, Has<TabIndex>), (With<ScrollOnWheel>, With<WheelOnly>)>,
) {
    for (panel, node, reachable) in &panels {
        let (above, below) = hides_content(node);
        let hides = above || below;
        if hides && !reachable {
            commands
                .entity(panel)
                .insert((TabIndex(0), focus_ring(Color::NONE)));
        } else if !hides && reachable && focus.get() != Some(panel) {
            commands.entity(panel).remove::<TabIndex>();
        }
    }
}

/// The focused `WheelOnly` panel wears the accent ring, as a focused control does.
fn ring_focused_panel(
    focus: Res<InputFocus>,
    p: Res<Palette>,
    mut panels: Query<(Entity, &mut Outline, Ref<TabIndex>), With<WheelOnly>>,
) {
    for (panel, mut outline, reachable) in &mut panels {
        if !(focus.is_changed() || reachable.is_added()) {
            continue;
        }
        let color = if focus.get() == Some(panel) {
            p.accent
        } else {
            Color::NONE
        };
        if outline.color != color {
            outline.color = color;
        }
    }
}

fn scroll_on_wheel(
    mut wheel: MessageReader<MouseWheel>,
    window: Query<&Window, With<PrimaryWindow>>,
    mut nodes: Query<
        (
            Entity,
            &ComputedNode,
            &UiGlobalTransform,
            &mut ScrollPosition,
        ),
        With<ScrollOnWheel>,
    >,
    popups: Query<(Entity, &Node, &ChildOf), With<PopupScroll>>,
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
    // Under the cursor: each panel, or the pop-up it shows in its place.
    let targets: Vec<Entity> = nodes
        .iter()
        .filter(|(_, node, transform, _)| node.contains_point(**transform, cursor))
        .map(|(e, ..)| {
            popups
                .iter()
                .find(|(_, n, parent)| parent.parent() == e && n.display != Display::None)
                .map_or(e, |(popup, ..)| popup)
        })
        .collect();
    for e in targets {
        if let Ok((_, node, _, mut position)) = nodes.get_mut(e) {
            scroll_by(node, &mut position, -delta);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A panel asked to stay past its end (the answers following their newest line) pages
    /// back from the end, not from the far number it was given.
    #[test]
    fn a_panel_held_at_its_end_pages_back_from_the_end() {
        let node = ComputedNode {
            size: Vec2::new(400.0, 300.0),
            content_size: Vec2::new(400.0, 1000.0),
            inverse_scale_factor: 1.0,
            ..default()
        };
        let mut position = ScrollPosition(Vec2::new(0.0, f32::MAX));
        scroll_by(&node, &mut position, -100.0);
        assert_eq!(position.0.y, 600.0);
        scroll_by(&node, &mut position, 1000.0);
        assert_eq!(position.0.y, 700.0);
    }

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

    #[test]
    fn a_hidden_child_is_scrolled_just_into_view() {
        let view = (100.0, 200.0);
        assert_eq!(scroll_to_show(view, (120.0, 150.0)), 0.0, "already shown");
        assert_eq!(
            scroll_to_show(view, (190.0, 230.0)),
            30.0,
            "below: down to its bottom"
        );
        assert_eq!(
            scroll_to_show(view, (60.0, 90.0)),
            -40.0,
            "above: up to its top"
        );
        assert_eq!(
            scroll_to_show(view, (150.0, 400.0)),
            50.0,
            "too tall: from its top"
        );
    }

    #[test]
    fn the_focus_wrapping_to_the_first_control_brings_back_the_heading_above_it() {
        // A view 100 px high (100-200) over 500 px of content, scrolled 300 (the most).
        let view = (100.0, 200.0);
        // The first control sits 30-60 px into the content, under a heading: now at -170..-140.
        assert_eq!(
            scroll_to_show_within(view, (-170.0, -140.0), 300.0, 400.0),
            -300.0,
            "back to the top, heading and all"
        );
        // A control in the middle of the content (230-260 in it) is scrolled just into view.
        assert_eq!(
            scroll_to_show_within(view, (30.0, 60.0), 300.0, 400.0),
            -70.0,
            "mid-content: just into view"
        );
        // Scrolled to the top, the last control (440-470 in a 500 px content) goes to the end.
        assert_eq!(
            scroll_to_show_within(view, (540.0, 570.0), 0.0, 400.0),
            400.0,
            "the end, with what lies under it"
        );
        assert_eq!(
            scroll_to_show_within(view, (120.0, 150.0), 50.0, 400.0),
            0.0,
            "already shown: stays"
        );
    }

    /// A scrolling panel 200 x 100 px centred at (`x`, 150) over `content` px of content, as
    /// layout would leave it.
    fn scrolling_panel(x: f32, content: f32) -> impl Bundle {
        (
            ScrollOnWheel,
            ScrollPosition::default(),
            UiGlobalTransform::from_xy(x, 150.0),
            ComputedNode {
                size: Vec2::new(200.0, 100.0),
                content_size: Vec2::new(200.0, content),
                ..default()
            },
        )
    }

    /// Presses and releases `key`, a frame each.
    fn press(app: &mut App, key: KeyCode) {
        use bevy::input::ButtonState;
        use bevy::input::keyboard::{Key, KeyboardInput, NativeKey};
        for state in [ButtonState::Pressed, ButtonState::Released] {
            app.world_mut().write_message(KeyboardInput {
                key_code: key,
                logical_key: Key::Unidentified(NativeKey::Unidentified),
                state,
                text: None,
                repeat: false,
                window: Entity::PLACEHOLDER,
            });
            app.update();
        }
    }

    /// A panel of text 100 px high over 400 px of content, and a panel of controls (a
    /// focusable row hidden below its fold), as layout would leave them.
    fn panels(app: &mut App) -> (Entity, Entity, Entity) {
        let panel = |content: f32| scrolling_panel(100.0, content);
        let text = app.world_mut().spawn(panel(400.0)).id();
        app.world_mut()
            .spawn((Text::new("a long text"), ChildOf(text)));
        let list = app.world_mut().spawn(panel(400.0)).id();
        // The row's centre sits at 330 on screen: 180 px below the panel's centre.
        let row = app
            .world_mut()
            .spawn((
                TabIndex(0),
                ChildOf(list),
                UiGlobalTransform::from_xy(100.0, 330.0),
                ComputedNode {
                    size: Vec2::new(200.0, 20.0),
                    ..default()
                },
            ))
            .id();
        (text, list, row)
    }

    fn scrolled(app: &App, e: Entity) -> f32 {
        app.world().get::<ScrollPosition>(e).unwrap().0.y
    }

    /// Without a mouse: the focused row scrolls into view, and PageDown / PageUp page the panel
    /// of text (and leave the panel of controls to the focus).
    #[test]
    fn the_keyboard_scrolls_to_the_focus_and_pages_through_text() {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, bevy::input::InputPlugin))
            .init_resource::<InputFocus>()
            .add_systems(Update, (page_keys, follow_focus).chain());
        let (text, list, row) = panels(&mut app);
        app.update();
        assert_eq!((scrolled(&app, text), scrolled(&app, list)), (0.0, 0.0));

        app.world_mut()
            .resource_mut::<InputFocus>()
            .set(row, bevy::input_focus::FocusCause::Navigated);
        app.update();
        // The row spans 320..340; the panel shows 100..200: 140 px down.
        assert_eq!(scrolled(&app, list), 140.0, "the focused row is shown");

        press(&mut app, KeyCode::PageDown);
        assert_eq!(scrolled(&app, text), 80.0, "a page is 80% of the panel");
        assert_eq!(
            scrolled(&app, list),
            140.0,
            "controls follow the focus only"
        );
        for _ in 0..5 {
            press(&mut app, KeyCode::PageDown);
        }
        assert_eq!(
            scrolled(&app, text),
            300.0,
            "no further than the content's end"
        );
        press(&mut app, KeyCode::PageUp);
        assert_eq!(scrolled(&app, text), 220.0);
    }

    /// While the turn's answers are shown (a `PagesAlone` panel), PageDown pages them and not
    /// the card detail behind them; once they are gone, the detail pages again.
    #[test]
    fn the_answers_page_alone_over_the_card_detail() {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, bevy::input::InputPlugin))
            .init_resource::<InputFocus>()
            .add_systems(Update, page_keys);
        let (detail, _, _) = panels(&mut app);
        let answers = app
            .world_mut()
            .spawn((scrolling_panel(400.0, 400.0), PagesAlone))
            .id();
        app.update();
        press(&mut app, KeyCode::PageDown);
        assert_eq!(scrolled(&app, answers), 80.0, "the answers are paged");
        assert_eq!(scrolled(&app, detail), 0.0, "the detail behind them is not");

        app.world_mut().despawn(answers);
        press(&mut app, KeyCode::PageDown);
        assert_eq!(
            scrolled(&app, detail),
            80.0,
            "with the answers gone, the detail pages"
        );
    }

    /// A panel of text that is itself in the Tab order (the dashboard's objectives, focused to
    /// show every objective) is left alone by PageDown, which pages the card detail beside it,
    /// until it has the focus; then it alone pages.
    #[test]
    fn a_focusable_panel_pages_only_when_focused() {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, bevy::input::InputPlugin))
            .init_resource::<InputFocus>()
            .add_systems(Update, page_keys);
        let (detail, _, _) = panels(&mut app);
        let objectives = app
            .world_mut()
            .spawn((scrolling_panel(400.0, 400.0), TabIndex(0)))
            .id();
        app.update();
        press(&mut app, KeyCode::PageDown);
        assert_eq!(scrolled(&app, detail), 80.0, "the detail is paged");
        assert_eq!(scrolled(&app, objectives), 0.0, "the objectives are not");
        app.world_mut()
            .resource_mut::<InputFocus>()
            .set(objectives, bevy::input_focus::FocusCause::Navigated);
        press(&mut app, KeyCode::PageDown);
        assert_eq!(scrolled(&app, objectives), 80.0, "focused, they page");
        assert_eq!(scrolled(&app, detail), 80.0, "and the detail stays");
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

    /// Without a mouse, the figures and the news (panels only the wheel pages) are reachable
    /// while they hide content: they join the Tab order, and focused, PageDown pages that panel
    /// alone (not the text panel beside it) and it wears the accent ring; a panel that hides
    /// nothing stays out of the order.
    #[test]
    fn a_panel_only_the_wheel_paged_is_reached_from_the_keyboard() {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, bevy::input::InputPlugin))
            .insert_resource(Palette::standard())
            .init_resource::<InputFocus>()
            .add_systems(
                Update,
                (page_keys, reach_from_keyboard, ring_focused_panel).chain(),
            );
        let (text, _, _) = panels(&mut app);
        let figures = |content: f32| (scrolling_panel(400.0, content), WheelOnly);
        let long = app.world_mut().spawn(figures(400.0)).id();
        let short = app.world_mut().spawn(figures(90.0)).id();
        app.update();
        app.update();
        assert!(app.world().get::<TabIndex>(long).is_some(), "in the order");
        assert!(
            app.world().get::<TabIndex>(short).is_none(),
            "nothing to reach"
        );
        let ring = |app: &App, e: Entity| app.world().get::<Outline>(e).unwrap().color;
        assert_eq!(ring(&app, long), Color::NONE, "no ring until focused");

        app.world_mut()
            .resource_mut::<InputFocus>()
            .set(long, bevy::input_focus::FocusCause::Navigated);
        app.update();
        assert_eq!(ring(&app, long), Palette::standard().accent, "the ring");
        press(&mut app, KeyCode::PageDown);
        assert_eq!(scrolled(&app, long), 80.0, "the focused panel is paged");
        assert_eq!(scrolled(&app, text), 0.0, "and only it");

        app.world_mut().resource_mut::<InputFocus>().clear();
        app.update();
        assert_eq!(
            ring(&app, long),
            Color::NONE,
            "the ring goes with the focus"
        );
    }
}

/// For tests of the panels' edge tags: nodes laid out at a place, and what a tag shows.
#[cfg(test)]
pub(crate) mod tag_tests {
    use bevy::prelude::*;

    /// A laid-out node `height` px high whose centre is at `centre` on screen.
    pub fn placed(centre: f32, height: f32) -> (ComputedNode, UiGlobalTransform) {
        let node = ComputedNode {
            size: Vec2::new(100.0, height),
            ..default()
        };
        (node, UiGlobalTransform::from_xy(50.0, centre))
    }

    /// Tags marked `marks`, hidden, as `edge_tag` spawns them.
    pub fn hidden_tags<M: Component>(app: &mut App, marks: impl IntoIterator<Item = M>) {
        for which in marks {
            let hidden = Node {
                display: Display::None,
                ..default()
            };
            app.world_mut()
                .spawn((which, hidden, children![Text::new("")]));
        }
    }

    /// Whether the tag marked `which` shows, and what it says.
    pub fn tag<M: Component + PartialEq>(app: &mut App, which: M) -> (Display, String) {
        let world = app.world_mut();
        let (node, children) = world
            .query::<(&M, &Node, &Children)>()
            .iter(world)
            .find(|(w, ..)| **w == which)
            .map(|(_, n, c)| (n.display, c[0]))
            .unwrap();
        (node, world.get::<Text>(children).unwrap().0.clone())
    }
}
