//! Markers for what happened last turn: the player's move, Beijing's and Pyongyang's answers
//! and the events, placed by the rules' tags; and the standing channels (the hotline, the
//! military agreement) at the DMZ, from the rules' known variables.

use super::geography::at;
use super::{LAYER, MapCamera, MapPart};
use crate::game::{ActiveGame, ActiveScenario};
use crate::rules::Who;
use crate::sim::story::{Tone, tone};
use crate::ui::theme::Palette;
use bevy::camera::visibility::RenderLayers;
use bevy::prelude::*;

/// Markers of the last turn, replaced when the game changes.
#[derive(Component)]
pub(super) struct Marker;

/// Where a response or move shows on the map, and its caption.
fn marker_for(tags: &[&str], who: Who) -> Option<((f32, f32), &'static str)> {
    let has = |t: &str| tags.contains(&t);
    Some(match who {
        Who::Pyongyang if has("nuclear_test") => ((129.08, 41.28), "nuclear test"),
        Who::Pyongyang if has("icbm_test") => ((136.5, 41.0), "ICBM splashdown"),
        Who::Pyongyang if has("missile_test") => ((130.3, 40.5), "missile splashdown"),
        Who::Pyongyang if has("border") => ((125.6, 37.55), "shelling at the NLL"),
        Who::Pyongyang if has("engagement") => ((126.7, 37.95), "talks at Panmunjom"),
        Who::Beijing if has("mediation") => ((116.4, 39.3), "Beijing mediates"),
        Who::Beijing if has("squeeze") => ((124.4, 40.4), "border trade cut"),
        Who::Player if has("carrier") => ((132.0, 36.8), "US carrier group"),
        Who::Player if has("bombers") => ((127.8, 37.2), "bomber flight"),
        Who::Player if has("drills") => ((127.1, 36.6), "joint drills"),
        Who::Player if has("retaliation") => ((128.8, 37.3), "ROK missile drill"),
        Who::Player if has("summit") => ((126.7, 37.95), "summit"),
        _ => return None,
    })
}

#[allow(clippy::too_many_arguments)]
pub(super) fn update_markers(
    game: Option<Res<ActiveGame>>,
    scenario: Option<Res<ActiveScenario>>,
    old: Query<Entity, With<Marker>>,
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    p: Res<Palette>,
    camera: Query<(), Added<MapCamera>>,
    any_camera: Query<(), With<MapCamera>>,
) {
    let (Some(game), Some(sc)) = (game, scenario) else {
        return;
    };
    if any_camera.is_empty() || (!game.is_changed() && camera.is_empty()) {
        return;
    }
    for e in &old {
        commands.entity(e).despawn();
    }
    let layer = RenderLayers::layer(LAYER);
    let rules = &sc.0.rules;
    let s = &game.0.state;
    // Standing facts: the hotline and the military agreement, at the DMZ.
    let mut marks: Vec<((f32, f32), String, Color)> = Vec::new();
    let up = |v: Option<u16>| v.is_some_and(|i| s.vars[i as usize] >= 1.0);
    if up(rules.known.hotline) {
        marks.push(((127.6, 38.75), "hotline open".into(), p.good));
    }
    if up(rules.known.military_agreement) {
        marks.push(((128.6, 38.3), "buffer zones".into(), p.good));
    }
    if let Some(rec) = game.0.log.last() {
        let action = &sc.0.actions[rec.taken as usize];
        if let Some((pos, caption)) = marker_for(&rules.tag_names(action.tags), Who::Player) {
            marks.push((pos, caption.into(), p.family(action.family)));
        }
        for (who, d) in [(Who::Beijing, rec.beijing), (Who::Pyongyang, rec.pyongyang)] {
            let Some(d) = d else { continue };
            let mask = rules.ai(who).responses[d.response as usize].tags;
            if let Some((pos, caption)) = marker_for(&rules.tag_names(mask), who) {
                let color = match tone(&sc.0, mask) {
                    Tone::Provocation => p.bad,
                    _ => p.accent,
                };
                marks.push((pos, caption.into(), color));
            }
        }
        for e in rec.fired_events() {
            let ev = &rules.events[e as usize];
            if !ev.quiet {
                marks.push(((125.4, 36.9), ev.name.clone(), p.bad));
            }
        }
    }
    for (i, ((lon, lat), caption, color)) in marks.into_iter().enumerate() {
        let pos = at(lon, lat);
        commands.spawn((
            Mesh2d(meshes.add(Annulus::new(9.0, 14.0))),
            MeshMaterial2d(materials.add(color)),
            Transform::from_translation(pos.extend(5.0)),
            layer.clone(),
            Marker,
            MapPart,
        ));
        // The caption starts beside its ring, clear of the place names drawn under the towns'
        // dots: to the right, or to the left for a mark on the west coast (the Yellow Sea side,
        // where Seoul's name would be in the way). A second caption sits a little lower.
        let west = (120.0..126.5).contains(&lon);
        let (anchor, dx) = if west {
            (bevy::sprite::Anchor::CENTER_RIGHT, -18.0)
        } else {
            (bevy::sprite::Anchor::CENTER_LEFT, 18.0)
        };
        commands.spawn((
            Text2d::new(crate::ui::theme::plain(&caption)),
            TextFont::from_font_size(20.0),
            TextColor(color),
            super::MapLabel(20.0),
            anchor,
            Transform::from_translation((pos + Vec2::new(dx, -((i % 2) as f32) * 8.0)).extend(6.0)),
            layer.clone(),
            Marker,
            MapPart,
        ));
    }
}
