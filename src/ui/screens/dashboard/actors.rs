//! The actors' panels: the analysts' intelligence estimate of Pyongyang's hidden type first,
//! then each actor's key variables as labelled bars (marked `key` in `actors.ron`), and a line
//! of shared facts (the `world` actor's key variables and its flags, such as "hotline open").
//! Beside each value, what the last turn changed it by ("+7"), so a player sees what their move
//! and the answers to it moved.

use crate::game::ActiveGame;
use crate::rules::{ActorInfo, Scenario, Who};
use crate::ui::scroll::{ScrollOnWheel, WheelOnly};
use crate::ui::theme::{Palette, label, panel, size};
use bevy::prelude::*;

pub(super) fn plugin(_app: &mut App) {}

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
    // At a large text scale the figures outgrow the column; the wheel scrolls them.
    parent
        .spawn((panel(p, boxed), ScrollOnWheel, WheelOnly))
        .with_children(|c| {
            // The player's evidence about the hidden disposition, the analysts' mean estimate,
            // comes first: it is the main way to read Pyongyang, and under the actors' figures
            // it lay five turns of the wheel down at 1280x720.
            let hidden_type = &rules.pyongyang.dispositions;
            if s.analysts > 0 {
                c.spawn(label("Intelligence estimate", size::SMALL, p.accent));
                for (d, info) in hidden_type.iter().enumerate() {
                    let share = s.consensus(d);
                    let shown = format!("{:.0}%", share * 100.0);
                    // In percentage points.
                    let moved = before
                        .filter(|b| b.analysts > 0)
                        .and_then(|b| change(share * 100.0, b.consensus(d) * 100.0));
                    bar_row(c, p, info.name.clone(), share, shown, moved, p.good);
                }
            }
            for actor in rules.actors.iter().filter(|a| !is_shared(a)) {
                let heading = Node {
                    margin: UiRect::top(Val::Px(3.0)),
                    ..default()
                };
                c.spawn((label(actor.name.clone(), size::SMALL, p.accent), heading));
                for v in actor.vars.iter().filter(|v| rules.vars[**v as usize].key) {
                    let info = &rules.vars[*v as usize];
                    let value = s.vars[*v as usize];
                    let frac = (value - info.min) / (info.max - info.min);
                    let shown = format!("{value:.0}");
                    let moved = before.and_then(|b| change(value, b.vars[*v as usize]));
                    bar_row(c, p, info.name.clone(), frac, shown, moved, p.accent);
                }
            }
        });
    parent.spawn(label(facts(sc, game).join(" · "), size::TINY, p.muted));
}

/// The shared facts: key variables of the `world` actor with their values, then the flags
/// that are up (every actor's).
fn facts(sc: &Scenario, game: &ActiveGame) -> Vec<String> {
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
            let name = &rules.vars[*v as usize].name;
            match before.and_then(|b| change(value(v), b.vars[*v as usize])) {
                Some(moved) => format!("{name} {:.0} ({moved})", value(v)),
                None => format!("{name} {:.0}", value(v)),
            }
        });
    // Every flag that is up, the world's first, then each actor's (what the allies can see of
    // Pyongyang: a device readied at the test site, a force declared complete).
    let others = rules
        .actors
        .iter()
        .filter(|a| !is_shared(a))
        .flat_map(|a| a.vars.iter());
    let flags = world.vars.iter().chain(others).filter_map(|v| {
        let phrase = rules.vars[*v as usize].flag.as_ref()?;
        (value(v) >= 1.0).then(|| phrase.clone())
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
    name: String,
    frac: f32,
    value: String,
    moved: Option<String>,
    fill: Color,
) {
    let row = Node {
        flex_direction: FlexDirection::Row,
        align_items: AlignItems::Center,
        column_gap: Val::Px(4.0),
        width: Val::Percent(100.0),
        ..default()
    };
    c.spawn(row).with_children(|row| {
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
    use super::change;

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
