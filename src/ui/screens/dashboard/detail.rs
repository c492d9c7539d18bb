//! The detail panel: the inspected card (hovered or focused), else the picked one, with what
//! it does, what it costs, why it is locked, its expected effects, the chance it is misread,
//! and what each advisor thinks of it.

use super::Selected;
use super::cards::Inspected;
use super::forecast::{self, Forecast};
use crate::game::{ActiveGame, ActiveScenario};
use crate::rules::Lean;
use crate::sim::{availability, explain_unavailable};
use crate::ui::Settings;
use crate::ui::screens::TurnPhase;
use crate::ui::scroll::{ScrollOnWheel, edge_tag, hides_content, say_on_tag, span};
use crate::ui::theme::{Palette, label, panel, size};
use bevy::prelude::*;

/// The card detail panel (right column), repainted when the shown card changes.
#[derive(Component)]
struct DetailPanel;

/// A line of the panel that tells which card Enter plays: it says otherwise once the move is
/// played.
#[derive(Component)]
struct PickHint;

/// The "Advisors" heading in the panel, to tell when the advisors lie below its edge.
#[derive(Component)]
struct AdvisorsHeading;

/// The tag under the panel that says the advisors lie below its edge (`scroll::edge_tag`).
#[derive(Component, PartialEq)]
struct AdvisorsBelow;

/// What the tag under the panel says while the advisors lie below its edge: at the window's
/// first size the card's effects and forecast fill the panel, and a first-time player never
/// found the advisors under them.
pub const ADVISORS_BELOW: &str = "Below: the advisors (PgDn or the wheel)";

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, repaint.run_if(in_state(TurnPhase::Decide)))
        .add_systems(OnEnter(TurnPhase::Resolve), no_picking_while_answering)
        .add_systems(Update, say_the_advisors_are_below);
}

/// Shows the tag under the panel while the advisors' heading lies below the panel's edge, and
/// hides it once they are in view (or no card is shown). Only a change is written.
fn say_the_advisors_are_below(
    panels: Query<(&ComputedNode, &UiGlobalTransform), With<DetailPanel>>,
    headings: Query<(&ComputedNode, &UiGlobalTransform), With<AdvisorsHeading>>,
    mut tags: Query<(&mut Node, &Children), With<AdvisorsBelow>>,
    mut texts: Query<&mut Text>,
) {
    let Ok((panel, at)) = panels.single() else {
        return;
    };
    let (_, bottom) = span(panel, at, true);
    let below = hides_content(panel).1
        && headings.iter().any(|(node, at)| {
            let (top, end) = span(node, at, false);
            (top + end) / 2.0 > bottom
        });
    for (mut node, children) in &mut tags {
        let said = below.then(|| ADVISORS_BELOW.to_string());
        say_on_tag(&mut node, children, &mut texts, said);
    }
}

/// What the panel's first line says plays the pick, while another (playable) card is shown.
const PICK_PLAYS: &str = " (Enter plays it)";

/// Once the move is played, a panel still asking to pick one (a team game clears the pick
/// when the second team has chosen) says where the turn went instead.
fn no_picking_while_answering(
    selected: Res<Selected>,
    inspected: Res<Inspected>,
    panel_q: Query<Entity, With<DetailPanel>>,
    mut hints: Query<&mut Text, With<PickHint>>,
    mut commands: Commands,
    p: Res<Palette>,
) {
    // A card still shown: Enter no longer plays it (it shows the answers, then continues).
    for mut t in &mut hints {
        t.0 =
            t.0.replace("Your pick:", "Your move:")
                .replace(PICK_PLAYS, "")
                .replace(" (End turn plays it)", "")
                .replace(" (Enter or a second click plays it)", "")
                .replace(" · your pick", " · your move this turn");
    }
    if inspected.0.or(selected.0).is_some() {
        return;
    }
    for panel in &panel_q {
        commands
            .entity(panel)
            .despawn_children()
            .with_children(|d| {
                d.spawn(label("The move is played", size::HEADING * 0.85, p.text));
                d.spawn(label(
                    "Its answers come in the middle panel (Enter: all at once); then Continue \
                 (Enter) opens the next turn.",
                    size::SMALL,
                    p.muted,
                ));
            });
    }
}

/// The most of the right column's height the detail panel takes, in per cent.
const DETAIL_MAX_SHARE: f32 = 66.0;

pub(super) fn spawn(parent: &mut ChildSpawnerCommands, p: &Palette) {
    // It takes the room it needs, down to what the news leaves it; longer text scrolls with
    // the mouse wheel.
    // The card's details come first; the news below keeps about a third of the column.
    let node = Node {
        flex_shrink: 1.0,
        min_height: Val::Px(0.0),
        max_height: Val::Percent(DETAIL_MAX_SHARE),
        overflow: Overflow::scroll_y(),
        ..default()
    };
    parent
        .spawn((DetailPanel, ScrollOnWheel, panel(p, node)))
        .with_children(|d| spawn_intro(d, p));
    edge_tag(parent, p, AdvisorsBelow);
}

/// What the panel says when no card is picked or inspected.
fn spawn_intro(d: &mut ChildSpawnerCommands, p: &Palette) {
    d.spawn(label("Pick a move", size::HEADING * 0.85, p.text));
    d.spawn(label(
        "Click a card or press its key. Hover or focus a card to see what it does and what \
         your advisors think.",
        size::SMALL,
        p.muted,
    ));
}

#[allow(clippy::too_many_arguments)]
fn repaint(
    selected: Res<Selected>,
    inspected: Res<Inspected>,
    odds: Res<Forecast>,
    settings: Res<Settings>,
    chosen: Option<Res<crate::ui::screens::ChosenLevel>>,
    panel_q: Query<Entity, With<DetailPanel>>,
    mut commands: Commands,
    p: Res<Palette>,
    sc: Res<ActiveScenario>,
    game: Res<ActiveGame>,
) {
    if !(selected.is_changed() || inspected.is_changed() || odds.is_changed()) {
        return;
    }
    let show_forecast = forecast::shown(&settings, &sc, chosen.as_deref());
    let Ok(panel_e) = panel_q.single() else {
        return;
    };
    // Nothing picked or inspected (a new turn, or the next team's after the pass): the intro,
    // never the card someone else looked at.
    let Some(a) = inspected.0.or(selected.0) else {
        commands
            .entity(panel_e)
            .despawn_children()
            .with_children(|d| spawn_intro(d, &p));
        return;
    };
    let sc = &sc.0;
    let rules = &sc.rules;
    let action = &sc.actions[a as usize];
    // Another card's text starts from its top.
    commands
        .entity(panel_e)
        .despawn_children()
        .insert(ScrollPosition::default());
    commands.entity(panel_e).with_children(|d| {
        // Another card shown (hovered, or focused) while one is picked: which one Enter plays
        // comes first, so the card under the pointer is not taken for the pick.
        if let Some(pick) = selected.0.filter(|pick| *pick != a) {
            // Over a locked card Enter says it is locked (`end_turn_input`); End turn plays.
            let plays = if availability(sc, &game.0.state, a).is_ok() {
                PICK_PLAYS
            } else {
                " (End turn plays it)"
            };
            let line = format!(
                "Your pick: {}{plays} · showing:",
                sc.actions[pick as usize].name
            );
            d.spawn(label(line, size::TINY, p.accent)).insert(PickHint);
        }
        let name_color = p.family(action.family);
        d.spawn(label(action.name.clone(), size::HEADING * 0.85, name_color));
        let chosen = if selected.0 == Some(a) {
            " · your pick (Enter or a second click plays it)"
        } else {
            ""
        };
        let family = format!("{}{chosen}", action.family.label());
        d.spawn(label(family, size::TINY, p.muted)).insert(PickHint);
        d.spawn(label(action.about.clone(), size::SMALL, p.text));
        if let Err(why) = availability(sc, &game.0.state, a) {
            let why = format!("Unavailable: {}", explain_unavailable(sc, a, &why));
            d.spawn(label(why, size::SMALL, p.bad));
        }
        if !action.cost.is_empty() {
            let cost: Vec<String> = action
                .cost
                .iter()
                .map(|(v, x)| format!("{x:.0} {}", rules.vars[*v as usize].name.to_lowercase()))
                .collect();
            d.spawn(label(
                format!("Costs {}", cost.join(", ")),
                size::SMALL,
                p.accent,
            ));
        }
        d.spawn(label("Expected effects:", size::SMALL, p.text));
        let effects = rules.effect_lines(&action.effects, sc.def.beijing_stance);
        // Every effect: cut after six, Joint air drills hid the credibility and cohesion it
        // is played for.
        for line in effects {
            d.spawn(label(format!("- {line}"), size::TINY, p.muted));
        }
        // What comes every turn anyway, for the figures this move spends or changes.
        let mut touched: Vec<u16> = action.cost.iter().map(|(v, _)| *v).collect();
        for e in action.effects.iter() {
            if let crate::rules::Eff::Add(v, _) = e
                && !touched.contains(v)
            {
                touched.push(*v);
            }
        }
        // On one line, so that the effects above and the forecast below keep their room.
        let drifts: Vec<String> = touched
            .into_iter()
            .filter_map(|v| {
                // Left out when it rounds away (a drift of a few hundredths reads "+0").
                let amount = crate::rules::model::signed_amount(rules.every_turn_adds(v));
                (amount != "+0").then(|| format!("{} {amount}", rules.var_label(v)))
            })
            .collect();
        if !drifts.is_empty() {
            let line = format!("- and every turn anyway: {}", drifts.join(", "));
            d.spawn(label(line, size::TINY, p.muted));
        }
        // A win's condition that holds now and this move alone would undo: a player who
        // scaled down exercises on the last turn lost the credibility the win needed.
        for u in crate::sim::progress::conditions_a_move_undoes(sc, &game.0.state, a) {
            d.spawn(label(undone_line(&u), size::TINY, p.bad));
        }
        if let Some(m) = &action.misreading {
            let chance = format!(
                "{:.0}% chance Pyongyang reads it as {}",
                m.chance * 100.0,
                m.reading
            );
            d.spawn(label(chance, size::TINY, p.bad));
        }
        let gap = Node {
            margin: UiRect::top(Val::Px(4.0)),
            ..default()
        };
        let already = {
            let flag = |v: Option<u16>| v.is_some_and(|i| game.0.state.vars[i as usize] >= 1.0);
            // A count that has grown in this game (the forecast counts what comes after now).
            let rose = |v: Option<u16>| {
                v.is_some_and(|i| {
                    let i = i as usize;
                    game.0.state.vars[i] > sc.start.get(i).copied().unwrap_or(0.0)
                })
            };
            forecast::Already {
                moratorium: flag(rules.known.moratorium),
                summit: flag(rules.known.summit),
                reactor_idle: rules
                    .known
                    .reactor_idle
                    .filter(|i| sc.start.get(*i as usize).is_some_and(|x| *x >= 1.0))
                    .map(|i| flag(Some(i))),
                icbm_flyable: rules
                    .var_index("pyongyang.icbm_ready")
                    .is_none_or(|i| flag(Some(i))),
                nuclear_tested: rose(rules.known.nuclear_tests),
                icbm_tested: rose(rules.known.icbm_tests),
                nuclear_tests: rules
                    .known
                    .nuclear_tests
                    .map(|i| game.0.state.vars[i as usize].max(0.0) as u32),
                nuclear_loss_at: nuclear_loss_at(sc),
            }
        };
        if show_forecast {
            forecast::section(d, &p, &odds, a, already);
        }
        let quoted = odds.of(a).filter(|o| show_forecast && o.rollouts > 0);
        // Every playable move's odds, for the advisors to set this one against.
        let every_move: Vec<&crate::sim::forecast::MoveOdds> = odds
            .odds
            .iter()
            .flatten()
            .filter(|o| o.unavailable.is_none() && o.rollouts > 0)
            .collect();
        d.spawn((label("Advisors", size::SMALL, p.text), gap, AdvisorsHeading));
        for adv in &rules.advisors {
            let favours = adv.favours.contains(&action.family);
            let said = action
                .advice
                .iter()
                .find(|(k, _, _)| *k == adv.id)
                .map(|(_, words, lean)| (words.clone(), *lean));
            // The stock lines say what the advisor stands for, so that even they tell the
            // player something: which line of policy the advisor would take instead. An
            // advisor's own words lean as the data says (`leans` in actions.ron: a hawk may find
            // a hotline harmless), by default as the advisor's usual leaning on the family.
            // A move that signals nothing (holding course) is no advisor's line, whatever
            // column it is listed in: each says what they would do instead.
            let favours = favours && !action.neutral;
            let (text, lean) = said.unwrap_or_else(|| {
                if action.neutral {
                    let wishes: Vec<&str> = adv.favours.iter().map(|f| family_phrase(*f)).collect();
                    (
                        format!(
                            "It signals nothing either way; would rather see {}.",
                            wishes.join(" or ")
                        ),
                        Lean::Mixed,
                    )
                } else if favours {
                    let backs = format!(
                        "Backs it: {} is the line they favour.",
                        family_phrase(action.family)
                    );
                    (backs, Lean::For)
                } else {
                    let wishes: Vec<&str> = adv.favours.iter().map(|f| family_phrase(*f)).collect();
                    (
                        format!("Would rather see {}.", wishes.join(" or ")),
                        Lean::Against,
                    )
                }
            });
            // An advisor who backs the move quotes its chance of a win, one against it its
            // worst danger; a mixed line, as the advisor's usual leaning on the family.
            let backs = match lean {
                Lean::For => true,
                Lean::Against => false,
                Lean::Mixed => favours,
            };
            let text = match quoted.and_then(|o| forecast::quote(o, backs, &already, &every_move)) {
                Some(q) => format!("{text} Forecast: {q}."),
                None => text,
            };
            let (mark, color) = match lean {
                Lean::For => ("for", p.good),
                Lean::Against => ("against", p.muted),
                Lean::Mixed => ("mixed", p.text),
            };
            let line = format!("{} ({mark}): {text}", adv.name);
            d.spawn(label(line, size::TINY, color));
        }
    });
}

/// A family of moves as an advisor's stock line names it ("Would rather see a show of force").
fn family_phrase(family: crate::rules::Family) -> &'static str {
    use crate::rules::Family;
    match family {
        Family::ShowOfForce => "a show of force",
        Family::Restraint => "restraint",
        Family::BeijingOutreach => "outreach to Beijing",
        Family::DirectDiplomacy => "direct diplomacy",
    }
}

/// "Undoes a win's condition: Washington credibility 65+ (66 now, 63 after this move alone),
/// needed for "Deterred: ..."".
pub fn undone_line(u: &crate::sim::progress::Undone) -> String {
    // In tenths, as the figures show them: 50.96 is "51", never "51.0" beside a bound of 50.
    let number = |x: f32| {
        let tenths = (x * 10.0).round() / 10.0;
        if tenths.fract() == 0.0 {
            format!("{tenths:.0}")
        } else {
            format!("{tenths:.1}")
        }
    };
    format!(
        "Undoes a win's condition: {} ({} now, {} after this move alone), needed for \"{}\"",
        u.condition,
        number(u.now),
        number(u.after),
        u.win
    )
}

/// The count of nuclear tests at which one of the level's Loss objectives ends it, where one
/// asks for nothing else (2013's "a fourth nuclear test": `AtLeast("world.nuclear_tests", 4)`).
fn nuclear_loss_at(sc: &crate::rules::Scenario) -> Option<u32> {
    use crate::rules::raw::Condition;
    sc.def
        .objectives
        .iter()
        .filter(|o| o.kind == crate::rules::ObjectiveKind::Loss && o.when.len() == 1)
        .filter_map(|o| match &o.when[0] {
            Condition::AtLeast(var, n) if var == "world.nuclear_tests" && *n >= 1.0 => {
                Some(n.ceil() as u32)
            }
            _ => None,
        })
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::scroll::tag_tests::{hidden_tags, placed, tag};

    /// While the card's effects and forecast push the advisors below the panel's edge, the tag
    /// under it says so; scrolled into view, or with no card shown, it goes.
    #[test]
    fn the_tag_says_the_advisors_are_below_until_they_show() {
        let mut app = App::new();
        app.add_systems(Update, say_the_advisors_are_below);
        // The panel spans 100 to 300 on screen and holds 500 px of text.
        let (mut node, at) = placed(200.0, 200.0);
        node.content_size = Vec2::new(100.0, 500.0);
        app.world_mut().spawn((DetailPanel, node, at));
        hidden_tags(&mut app, [AdvisorsBelow]);
        let heading = app
            .world_mut()
            .spawn((AdvisorsHeading, placed(420.0, 20.0)))
            .id();
        app.update();
        assert_eq!(
            tag(&mut app, AdvisorsBelow),
            (Display::Flex, ADVISORS_BELOW.to_string())
        );
        // Paged down: the heading at 250, in view.
        app.world_mut()
            .entity_mut(heading)
            .insert(UiGlobalTransform::from_xy(50.0, 250.0));
        app.update();
        assert_eq!(tag(&mut app, AdvisorsBelow).0, Display::None);
        // No card shown (the intro has no advisors): nothing to say.
        app.world_mut().despawn(heading);
        app.update();
        assert_eq!(tag(&mut app, AdvisorsBelow).0, Display::None);
    }
}
