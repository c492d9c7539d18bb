//! The actors' panels: the analysts' intelligence estimate of Pyongyang's hidden type first,
//! then each actor's key variables as labelled bars (marked `key` in `actors.ron`), and a line
//! of shared facts (the `world` actor's key variables and its flags, such as "hotline open").
//! Beside each value, what the last turn changed it by ("+7"), so a player sees what their move
//! and the answers to it moved. When the window is too short for them all (Seoul's, Pyongyang's
//! and Beijing's figures lie below the fold at 1280x720), a tag under the panel (or over it)
//! names the groups out of view, on a line of its own.

use super::meaning::{Meaning, term};
use crate::game::ActiveGame;
use crate::rules::{ActorInfo, Scenario, Who};
use crate::ui::screens::Screen;
use crate::ui::scroll::{ScrollOnWheel, WheelOnly, edge_tag, say_on_tag, span};
use crate::ui::theme::{Palette, label, panel, size};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            bring_the_picking_teams_figures_into_view,
            name_the_figures_out_of_view,
        )
            .chain()
            .run_if(in_state(Screen::Dashboard)),
    );
}

/// The actor whose figures a team scores (the first of its score's variables that is not a
/// shared fact): Seoul's for the Seoul team. None for a team scored on shared facts alone.
pub fn team_actor(sc: &Scenario, team: usize) -> Option<&ActorInfo> {
    let t = sc.rules.teams.get(team)?;
    t.score.iter().find_map(|(v, _)| match v {
        crate::rules::VarRef::Var(i) => {
            (sc.rules.actors.iter()).find(|a| !is_shared(a) && a.vars.contains(i))
        }
        _ => None,
    })
}

/// In a team game, scrolls the figures so that the picking team's own are in view as its pick
/// begins: at 1280x720 Seoul's lay below the fold while the Seoul team chose (a teacher's
/// review). Once a pick, so that a team that scrolls elsewhere is left where it scrolled.
fn bring_the_picking_teams_figures_into_view(
    seat: Option<Res<super::teams::HotSeat>>,
    sc: Option<Res<crate::game::ActiveScenario>>,
    game: Option<Res<ActiveGame>>,
    mut panels: Query<(&ComputedNode, &UiGlobalTransform, &mut ScrollPosition), With<FiguresPanel>>,
    groups: Query<(&FigureGroup, &ComputedNode, &UiGlobalTransform)>,
    mut done: Local<Option<(u32, usize)>>,
) {
    let (Some(seat), Some(sc), Some(game)) = (seat, sc, game) else {
        return;
    };
    if game.0.teams.is_none() {
        return;
    }
    let team = usize::from(seat.first.is_some());
    let pick = (game.0.state.turn, team);
    if *done == Some(pick) {
        return;
    }
    let Some(actor) = team_actor(&sc.0, team) else {
        return;
    };
    let Ok((panel, at, mut scroll)) = panels.single_mut() else {
        return;
    };
    let Some((node, group_at)) = groups
        .iter()
        .find(|(g, _, _)| g.0 == actor.name)
        .map(|(_, node, at)| (node, at))
    else {
        return;
    };
    // Not laid out yet: the next frame.
    if panel.size().y <= 0.0 || node.size().y <= 0.0 {
        return;
    }
    let (view_top, _) = span(panel, at, true);
    let (group_top, _) = span(node, group_at, false);
    // In the panel's own pixels (the layout's are physical).
    let inverse = panel.inverse_scale_factor();
    let wanted = ((group_top - view_top) * inverse + scroll.0.y).max(0.0);
    if (scroll.0.y - wanted).abs() > 0.5 {
        scroll.0.y = wanted;
    }
    *done = Some(pick);
}

/// The scrolling panel of figures.
#[derive(Component)]
struct FiguresPanel;

/// The analysts' estimate, above the figures: always whole.
#[derive(Component)]
pub struct EstimatePanel;

/// One group of figures in the panel (the estimate, or an actor's), by its heading.
#[derive(Component)]
struct FigureGroup(String);

/// The tag on an edge of the figures' panel that names the groups past that edge.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
enum FiguresPast {
    Below,
    Above,
}

/// The least share of the left column's space under the gauge (objectives, estimate, figures
/// and shared facts) that the figures keep, in per cent.
const FIGURES_SHARE: f32 = 28.0;

/// The actor whose variables are the shared facts of the crisis.
fn is_shared(actor: &ActorInfo) -> bool {
    Who::from_id(&actor.id) == Some(Who::World)
}

pub(super) fn spawn(
    parent: &mut ChildSpawnerCommands,
    p: &Palette,
    sc: &Scenario,
    game: &ActiveGame,
) {
    let rules = &sc.rules;
    let s = &game.0.state;
    let before = game.0.before_last_turn.as_deref();
    let boxed = Node {
        padding: UiRect::all(Val::Px(7.0)),
        row_gap: Val::Px(0.0),
        overflow: Overflow::scroll_y(),
        flex_shrink: 1.0,
        min_height: Val::Px(0.0),
        ..default()
    };
    // The frame holds the panel and, above and below it, the tags naming what is out of view.
    // It gives way first when the column runs short, but keeps a share of the space it shares
    // with the objectives and the estimate: at 1920x1080, under 2013's long objectives and four
    // lines of shared facts, it was squeezed to its tag, and Washington's credibility, approval
    // and capital, which the wins ask about, could not be read. With the share, the objectives
    // give way (they scroll, and show in full on hover) and the figures keep a few rows.
    let frame = Node {
        flex_direction: FlexDirection::Column,
        flex_shrink: 20.0,
        min_height: Val::Percent(FIGURES_SHARE),
        ..default()
    };
    // A group keeps its height: the panel scrolls rather than squeezing the rows together.
    let group = || Node {
        flex_direction: FlexDirection::Column,
        flex_shrink: 0.0,
        ..default()
    };
    // The player's evidence about the hidden disposition, the analysts' mean estimate, in a
    // panel of its own that never shrinks: it is the main way to read Pyongyang, and inside the
    // figures' scrolling panel a projector's presentation mode cut it to two of its three rows,
    // the third under the "Below" tag.
    let hidden_type = &rules.pyongyang.dispositions;
    if s.analysts > 0 {
        let fixed = Node {
            padding: UiRect::all(Val::Px(7.0)),
            row_gap: Val::Px(0.0),
            flex_direction: FlexDirection::Column,
            flex_shrink: 0.0,
            ..default()
        };
        parent
            .spawn((panel(p, fixed), EstimatePanel))
            .with_children(|c| {
                c.spawn((
                    label("Intelligence estimate", size::SMALL, p.accent),
                    Interaction::default(),
                    Meaning(vec![ESTIMATE_MEANING.into()]),
                ));
                for (d, info) in hidden_type.iter().enumerate() {
                    let share = s.consensus(d);
                    let shown = format!("{:.0}%", share * 100.0);
                    // In percentage points.
                    let moved = before
                        .filter(|b| b.analysts > 0)
                        .and_then(|b| change(share * 100.0, b.consensus(d) * 100.0));
                    let meaning = term(&info.name, &info.about);
                    let row = (info.name.clone(), share, shown, moved);
                    bar_row(c, p, row, p.good, meaning);
                }
            });
    }
    parent.spawn(frame).with_children(|frame| {
        edge_tag(frame, p, FiguresPast::Above);
        // At a large text scale the figures outgrow the column; the wheel scrolls them.
        frame
            .spawn((panel(p, boxed), FiguresPanel, ScrollOnWheel, WheelOnly))
            .with_children(|c| {
                for actor in rules.actors.iter().filter(|a| !is_shared(a)) {
                    let heading = Node {
                        margin: UiRect::top(Val::Px(3.0)),
                        ..default()
                    };
                    c.spawn((group(), FigureGroup(actor.name.clone())))
                        .with_children(|c| {
                            c.spawn((
                                label(actor.name.clone(), size::SMALL, p.accent),
                                heading,
                                Interaction::default(),
                                Meaning(vec![term(&actor.name, &actor.about)]),
                            ));
                            for v in actor.vars.iter().filter(|v| rules.vars[**v as usize].key) {
                                let info = &rules.vars[*v as usize];
                                let value = s.vars[*v as usize];
                                let frac = (value - info.min) / (info.max - info.min);
                                let shown = format!("{value:.0}");
                                let moved = before.and_then(|b| change(value, b.vars[*v as usize]));
                                let meaning = term(&info.name, &info.about);
                                bar_row(
                                    c,
                                    p,
                                    (info.name.clone(), frac, shown, moved),
                                    p.accent,
                                    meaning,
                                );
                            }
                        });
                }
            });
        edge_tag(frame, p, FiguresPast::Below);
    });
    let (facts, meanings): (Vec<String>, Vec<String>) = facts(sc, game).into_iter().unzip();
    parent.spawn((
        label(facts.join(" · "), size::TINY, p.muted),
        Interaction::default(),
        Meaning(meanings),
    ));
}

/// What the estimate is, for its heading's hover: the kinds are public, the one drawn is not.
const ESTIMATE_MEANING: &str = "Intelligence estimate: how likely your analysts think each kind \
    of leadership is, learnt from Pyongyang's answers so far. The game does not say which kind \
    you face until the debrief.";

/// What a tag says of the groups past its edge, in the panel's order.
fn figures_past_text(which: FiguresPast, names: &[&str]) -> String {
    // One line at every text scale: past two names, the first and a count.
    let names = match names {
        [first, _, _, ..] => format!("{first} and {} more", names.len() - 1),
        _ => names.join(", "),
    };
    match which {
        FiguresPast::Below => format!("Below: {names}"),
        FiguresPast::Above => format!("Above: {names}"),
    }
}

/// The groups, each spanning (top, bottom) on screen, mostly out of view above and below a view
/// spanning (top, bottom), each list in order from the top: a group counts when its middle is
/// past the edge (one whose heading and most rows show needs no naming: the thicker edge says
/// it goes on).
fn groups_past<'a>(
    view: (f32, f32),
    groups: impl IntoIterator<Item = ((f32, f32), &'a str)>,
) -> (Vec<&'a str>, Vec<&'a str>) {
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|a, b| a.0.0.total_cmp(&b.0.0));
    let middle = |(top, bottom): (f32, f32)| (top + bottom) / 2.0;
    let above = groups
        .iter()
        .filter(|(span, _)| middle(*span) < view.0)
        .map(|(_, name)| *name)
        .collect();
    let below = groups
        .iter()
        .filter(|(span, _)| middle(*span) > view.1)
        .map(|(_, name)| *name)
        .collect();
    (above, below)
}

/// Shows each tag with the names of the groups past its edge, and hides it when none are.
/// Only a changed tag is written, so figures at rest do not lay the screen out again.
fn name_the_figures_out_of_view(
    panels: Query<(&ComputedNode, &UiGlobalTransform), With<FiguresPanel>>,
    groups: Query<(&FigureGroup, &ComputedNode, &UiGlobalTransform)>,
    mut tags: Query<(&FiguresPast, &mut Node, &Children)>,
    mut texts: Query<&mut Text>,
) {
    let Ok((panel, at)) = panels.single() else {
        return;
    };
    let view = span(panel, at, true);
    let (above, below) = groups_past(
        view,
        groups
            .iter()
            .map(|(g, node, at)| (span(node, at, false), g.0.as_str())),
    );
    for (which, mut node, children) in &mut tags {
        let names = match which {
            FiguresPast::Below => &below,
            FiguresPast::Above => &above,
        };
        let said = (!names.is_empty()).then(|| figures_past_text(*which, names));
        say_on_tag(&mut node, children, &mut texts, said);
    }
}

/// The shared facts: key variables of the `world` actor with their values, then the flags
/// that are up (every actor's).
fn facts(sc: &Scenario, game: &ActiveGame) -> Vec<(String, String)> {
    let rules = &sc.rules;
    let Some(world) = rules.actors.iter().find(|a| is_shared(a)) else {
        return Vec::new();
    };
    let value = |v: &u16| game.0.state.vars[*v as usize];
    let before = game.0.before_last_turn.as_deref();
    let values = world
        .vars
        .iter()
        .filter(|v| rules.vars[**v as usize].key)
        .map(|v| {
            let info = &rules.vars[*v as usize];
            let name = &info.name;
            let shown = match before.and_then(|b| change(value(v), b.vars[*v as usize])) {
                Some(moved) => format!("{name} {:.0} ({moved})", value(v)),
                None => format!("{name} {:.0}", value(v)),
            };
            (shown, term(name, &info.about))
        });
    // Every flag that is up, the world's first, then each actor's (what the allies can see of
    // Pyongyang: a device readied at the test site, a force declared complete).
    let others = rules
        .actors
        .iter()
        .filter(|a| !is_shared(a))
        .flat_map(|a| a.vars.iter());
    let flags = world.vars.iter().chain(others).filter_map(|v| {
        let info = &rules.vars[*v as usize];
        let phrase = info.flag.as_ref()?;
        (value(v) >= 1.0).then(|| (phrase.clone(), term(&info.name, &info.about)))
    });
    values.chain(flags).collect()
}

/// What a value moved by, as shown ("+7", "-3"): the difference of the two values as they
/// print (`{:.0}` rounds a half to even), or None when they print the same.
fn change(now: f32, before: f32) -> Option<String> {
    let moved = now.round_ties_even() - before.round_ties_even();
    (moved != 0.0).then(|| format!("{moved:+.0}"))
}

/// One labelled bar in an actor panel: name, a bar filled to `frac`, the value, and what the
/// last turn changed it by (an empty slot when nothing, so the bars stay in line).
fn bar_row(
    c: &mut ChildSpawnerCommands,
    p: &Palette,
    (name, frac, value, moved): (String, f32, String, Option<String>),
    fill: Color,
    meaning: String,
) {
    let row = Node {
        flex_direction: FlexDirection::Row,
        align_items: AlignItems::Center,
        column_gap: Val::Px(4.0),
        width: Val::Percent(100.0),
        ..default()
    };
    let hover = (Interaction::default(), Meaning(vec![meaning]));
    c.spawn((row, hover)).with_children(|row| {
        // The name takes what the fixed columns leave, and a name too long for it is cut at
        // the bar rather than pushing the row's columns out of line.
        let grow = Node {
            flex_grow: 1.0,
            flex_shrink: 1.0,
            min_width: Val::Px(0.0),
            overflow: Overflow::clip_x(),
            ..default()
        };
        row.spawn((
            label(name, size::TINY, p.muted),
            grow,
            TextLayout::no_wrap(),
        ));
        let track = Node {
            width: Val::Px(36.0),
            flex_shrink: 0.0,
            height: Val::Px(6.0),
            border_radius: BorderRadius::all(Val::Px(3.0)),
            ..default()
        };
        row.spawn((track, BackgroundColor(p.border)))
            .with_children(|bar| {
                let filled = Node {
                    width: Val::Percent(frac.clamp(0.0, 1.0) * 100.0),
                    height: Val::Percent(100.0),
                    border_radius: BorderRadius::all(Val::Px(3.0)),
                    ..default()
                };
                bar.spawn((filled, BackgroundColor(fill)));
            });
        let fixed = Node {
            width: Val::Px(24.0),
            flex_shrink: 0.0,
            ..default()
        };
        row.spawn((
            label(value, size::TINY, p.text),
            fixed,
            TextLayout::no_wrap(),
        ));
        let slot = Node {
            width: Val::Px(20.0),
            flex_shrink: 0.0,
            ..default()
        };
        row.spawn((
            label(moved.unwrap_or_default(), size::TINY * 0.9, p.accent),
            slot,
            TextLayout::no_wrap(),
        ));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::scroll::tag_tests::{hidden_tags, placed, tag};

    #[test]
    fn the_tags_name_the_figures_out_of_view_and_hide_when_all_show() {
        let mut app = App::new();
        app.add_systems(Update, name_the_figures_out_of_view);
        // The panel spans 100 to 300 on screen.
        app.world_mut().spawn((FiguresPanel, placed(200.0, 200.0)));
        let names = ["Estimate", "Washington", "Seoul", "Pyongyang", "Beijing"];
        // Spawned out of order: the tag follows the screen, not the entities.
        let groups: Vec<Entity> = [(4, 480.0), (0, 140.0), (2, 310.0), (1, 230.0), (3, 390.0)]
            .into_iter()
            .map(|(n, centre)| {
                app.world_mut()
                    .spawn((FigureGroup(names[n].into()), placed(centre, 80.0)))
                    .id()
            })
            .collect();
        hidden_tags(&mut app, [FiguresPast::Below, FiguresPast::Above]);
        // 100-180 and 190-270 show; Seoul (270-350) is mostly below the foot, the rest wholly:
        // past two names, the first and a count, so the tag keeps to one line.
        app.update();
        assert_eq!(
            tag(&mut app, FiguresPast::Below),
            (Display::Flex, "Below: Seoul and 2 more".into())
        );
        assert_eq!(tag(&mut app, FiguresPast::Above).0, Display::None);
        // Scrolled down by 40: Seoul (230-310) shows its heading and most rows, so it is not
        // named; the estimate (60-140) is cut by the top, but mostly shown.
        for (e, centre) in groups.iter().zip([440.0, 100.0, 270.0, 190.0, 350.0]) {
            app.world_mut()
                .entity_mut(*e)
                .insert(UiGlobalTransform::from_xy(50.0, centre));
        }
        app.update();
        assert_eq!(
            tag(&mut app, FiguresPast::Below).1,
            "Below: Pyongyang, Beijing"
        );
        assert_eq!(tag(&mut app, FiguresPast::Above).0, Display::None);
        // Scrolled down by 160: the estimate is out of view above, Washington mostly.
        for (e, centre) in groups.iter().zip([320.0, -20.0, 150.0, 70.0, 230.0]) {
            app.world_mut()
                .entity_mut(*e)
                .insert(UiGlobalTransform::from_xy(50.0, centre));
        }
        app.update();
        assert_eq!(
            tag(&mut app, FiguresPast::Above),
            (Display::Flex, "Above: Estimate, Washington".into())
        );
        assert_eq!(tag(&mut app, FiguresPast::Below).1, "Below: Beijing");
        // A window tall enough for every group: both tags go.
        app.world_mut().spawn((FiguresPanel, placed(300.0, 600.0)));
        let mut panels = app
            .world_mut()
            .query_filtered::<Entity, With<FiguresPanel>>();
        let first = panels.iter(app.world()).next().unwrap();
        app.world_mut().despawn(first);
        for (e, centre) in groups.iter().zip([440.0, 60.0, 220.0, 140.0, 300.0]) {
            app.world_mut()
                .entity_mut(*e)
                .insert(UiGlobalTransform::from_xy(50.0, centre));
        }
        app.update();
        assert_eq!(tag(&mut app, FiguresPast::Above).0, Display::None);
        assert_eq!(tag(&mut app, FiguresPast::Below).0, Display::None);
    }

    /// In a team game the Seoul team's pick begins with Seoul's figures scrolled into view
    /// (they lay below the fold), once: scrolled elsewhere during the pick, they stay there;
    /// the Washington team's next pick brings Washington's back.
    #[test]
    fn the_picking_teams_figures_come_into_view() {
        use crate::game::{ActiveGame, ActiveScenario};
        use crate::sim::Game;
        use crate::sim::teams::Settle;
        let data =
            crate::rules::load_data(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let sc = data
            .level("2017_fire_and_fury")
            .and_then(|l| l.scenario())
            .unwrap()
            .clone();
        assert_eq!(
            team_actor(&sc, 0).map(|a| a.id.as_str()),
            Some("washington")
        );
        assert_eq!(team_actor(&sc, 1).map(|a| a.id.as_str()), Some("seoul"));
        let mut app = App::new();
        app.add_systems(Update, bring_the_picking_teams_figures_into_view);
        app.insert_resource(ActiveGame(Game::with_teams(&sc, 1, Settle::Lead)));
        app.insert_resource(ActiveScenario(std::sync::Arc::new(sc)));
        app.init_resource::<super::super::teams::HotSeat>();
        // The panel spans 100 to 300; Washington's group 100-180, Seoul's 280-360.
        let panel = app
            .world_mut()
            .spawn((
                FiguresPanel,
                placed(200.0, 200.0),
                ScrollPosition::default(),
            ))
            .id();
        for (name, centre) in [("Washington", 140.0), ("Seoul", 320.0)] {
            app.world_mut()
                .spawn((FigureGroup(name.into()), placed(centre, 80.0)));
        }
        let scrolled = |app: &App| app.world().get::<ScrollPosition>(panel).unwrap().0.y;
        app.update();
        assert_eq!(scrolled(&app), 0.0, "Washington's figures are in view");
        // Washington ended its pick: Seoul's turn to choose.
        app.world_mut()
            .resource_mut::<super::super::teams::HotSeat>()
            .first = Some(6);
        app.update();
        assert_eq!(scrolled(&app), 180.0, "Seoul's group at the panel's top");
        // The team scrolls back up: left there for the rest of its pick.
        app.world_mut()
            .get_mut::<ScrollPosition>(panel)
            .unwrap()
            .0
            .y = 0.0;
        app.update();
        assert_eq!(scrolled(&app), 0.0);
    }

    /// The change is the difference of the values as they print, so "16" after "19" reads -3
    /// even when the value is 16.5 (which prints as 16).
    #[test]
    fn a_change_is_what_the_printed_values_differ_by() {
        assert_eq!(change(10.0, 3.0).as_deref(), Some("+7"));
        assert_eq!(change(16.5, 19.0).as_deref(), Some("-3"));
        assert_eq!(format!("{:.0}", 16.5f32), "16");
        assert_eq!(change(17.4, 17.0), None, "both print 17");
        assert_eq!(change(0.0, 0.0), None);
    }
}
