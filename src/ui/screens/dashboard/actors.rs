//! The actors' panels: each actor's key variables as labelled bars (marked `key` in
//! `actors.ron`), the analysts' intelligence estimate under Pyongyang, and a line of shared
//! facts (the `world` actor's key variables and its flags, such as "hotline open").

use crate::game::ActiveGame;
use crate::rules::{ActorInfo, Scenario, Who};
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
    let boxed = Node {
        padding: UiRect::all(Val::Px(7.0)),
        row_gap: Val::Px(0.0),
        overflow: Overflow::clip_y(),
        flex_shrink: 1.0,
        min_height: Val::Px(0.0),
        ..default()
    };
    parent.spawn(panel(p, boxed)).with_children(|c| {
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
                bar_row(c, p, info.name.clone(), frac, shown, p.accent);
            }
            // The player's evidence about the hidden disposition: the analysts' mean estimate.
            let hidden_type = &rules.pyongyang.dispositions;
            if Who::from_id(&actor.id) == Some(Who::Pyongyang) && s.analysts > 0 {
                let heading = Node {
                    margin: UiRect::top(Val::Px(2.0)),
                    ..default()
                };
                c.spawn((
                    label("Intelligence estimate", size::TINY, p.accent),
                    heading,
                ));
                for (d, info) in hidden_type.iter().enumerate() {
                    let share = s.consensus(d);
                    let shown = format!("{:.0}%", share * 100.0);
                    bar_row(c, p, info.name.clone(), share, shown, p.good);
                }
            }
        }
    });
    parent.spawn(label(facts(sc, game).join(" · "), size::TINY, p.muted));
}

/// The shared facts: key variables of the `world` actor with their values, then the flags
/// that are up.
fn facts(sc: &Scenario, game: &ActiveGame) -> Vec<String> {
    let rules = &sc.rules;
    let Some(world) = rules.actors.iter().find(|a| is_shared(a)) else {
        return Vec::new();
    };
    let value = |v: &u16| game.0.state.vars[*v as usize];
    let values = world
        .vars
        .iter()
        .filter(|v| rules.vars[**v as usize].key)
        .map(|v| format!("{} {:.0}", rules.vars[*v as usize].name, value(v)));
    let flags = world.vars.iter().filter_map(|v| {
        let phrase = rules.vars[*v as usize].flag.as_ref()?;
        (value(v) >= 1.0).then(|| phrase.clone())
    });
    values.chain(flags).collect()
}

/// One labelled bar in an actor panel: name, a bar filled to `frac`, the value.
fn bar_row(
    c: &mut ChildSpawnerCommands,
    p: &Palette,
    name: String,
    frac: f32,
    value: String,
    fill: Color,
) {
    let row = Node {
        flex_direction: FlexDirection::Row,
        align_items: AlignItems::Center,
        column_gap: Val::Px(6.0),
        width: Val::Percent(100.0),
        ..default()
    };
    c.spawn(row).with_children(|row| {
        let grow = Node {
            flex_grow: 1.0,
            ..default()
        };
        row.spawn((
            label(name, size::TINY, p.muted),
            grow,
            TextLayout::no_wrap(),
        ));
        let track = Node {
            width: Val::Px(50.0),
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
            width: Val::Px(28.0),
            ..default()
        };
        row.spawn((
            label(value, size::TINY, p.text),
            fixed,
            TextLayout::no_wrap(),
        ));
    });
}
