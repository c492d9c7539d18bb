//! Markers for what happened last turn: the player's move, Beijing's and Pyongyang's answers
//! and the events, placed by the rules' tags; and the standing channels (the hotline, the
//! military agreement) at the DMZ, from the rules' known variables. Captions are placed one
//! by one where they overlap no other caption, ring or town name (`place_captions`).

use super::geography::{CITIES, REGION_FONT, REGIONS, at, city_label};
use super::{LAYER, MapCamera, MapPart};
use crate::game::{ActiveGame, ActiveScenario};
use crate::rules::Who;
use crate::sim::story::{Tone, tone};
use crate::ui::theme::Palette;
use bevy::camera::visibility::RenderLayers;
use bevy::prelude::*;
use bevy::sprite::Anchor;

/// While set, the map keeps the markers it shows: the dashboard holds them while a turn's
/// answers are still arriving, so the map does not tell them first. Released, the markers
/// follow the game again.
#[derive(Resource, Default, Debug, Clone, Copy)]
pub struct HoldMarkers(pub bool);

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
        // West of Yeonpyeong, on the line itself, clear of Seoul's name.
        Who::Pyongyang if has("border") => ((125.2, 37.8), "shelling at the NLL"),
        Who::Pyongyang if has("programme") => ((125.75, 39.8), "Yongbyon restarted"),
        Who::Pyongyang if has("engagement") => ((126.7, 37.95), "talks at Panmunjom"),
        Who::Beijing if has("mediation") => ((116.4, 39.3), "Beijing mediates"),
        Who::Beijing if has("squeeze") => ((124.4, 40.4), "border trade cut"),
        Who::Player if has("carrier") => ((132.0, 36.8), "US carrier group"),
        Who::Player if has("bombers") => ((128.3, 36.85), "bomber flight"),
        Who::Player if has("drills") => ((127.1, 36.6), "joint drills"),
        Who::Player if has("retaliation") => ((129.0, 36.8), "ROK missile drill"),
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
    scale: Res<UiScale>,
    windows: Query<&Window, With<bevy::window::PrimaryWindow>>,
    hold: Res<HoldMarkers>,
) {
    let (Some(game), Some(sc)) = (game, scenario) else {
        return;
    };
    if hold.0 {
        return;
    }
    // Placed again when the labels' size changes, so captions never crowd at a larger scale;
    // and when a hold is released.
    let changed = game.is_changed() || scale.is_changed() || hold.is_changed();
    if any_camera.is_empty() || (!changed && camera.is_empty()) {
        return;
    }
    let k = super::label_factor(&scale, windows.single().ok());
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
    let places: Vec<(Vec2, String)> = marks
        .iter()
        .map(|((lon, lat), caption, _)| (at(*lon, *lat), crate::ui::theme::plain(caption)))
        .collect();
    let placed = place_captions(&places, k);
    for (((pos, caption), (_, _, color)), (at_, anchor)) in
        places.into_iter().zip(marks).zip(placed)
    {
        commands.spawn((
            Mesh2d(meshes.add(Annulus::new(9.0, 14.0))),
            MeshMaterial2d(materials.add(color)),
            Transform::from_translation(pos.extend(5.0)),
            layer.clone(),
            Marker,
            MapPart,
        ));
        commands.spawn((
            Text2d::new(caption),
            TextFont::from_font_size(CAPTION),
            TextColor(color),
            super::MapLabel(CAPTION),
            anchor,
            Transform::from_translation(at_.extend(6.0)),
            layer.clone(),
            Marker,
            MapPart,
        ));
    }
}

/// A caption's font size on the map at a UI scale of 100%, as a town's name.
const CAPTION: f32 = 20.0;
/// A marker ring's outer radius.
const RING: f32 = 14.0;
/// From a ring's centre to the near end of its caption.
const GAP: f32 = RING + 4.0;

/// The box a map text of `chars` characters at font size `size` covers, with `anchor` at
/// `at`: the map's font is monospaced (Fira Mono, 0.6 em a character), a line 1.25 em high.
fn text_box(at: Vec2, chars: usize, size: f32, anchor: Anchor) -> Rect {
    lines_box(at, chars, 1, size, anchor)
}

/// `text_box` for a text of `lines` lines, `chars` characters in the longest.
fn lines_box(at: Vec2, chars: usize, lines: usize, size: f32, anchor: Anchor) -> Rect {
    let extent = Vec2::new(0.6 * size * chars as f32, 1.25 * size * lines as f32);
    // The anchor is a point of the box, from (-0.5, -0.5) at its bottom left to its top right.
    let centre = at - anchor.as_vec() * extent;
    Rect::from_center_size(centre, extent)
}

/// Where each mark's caption goes (its anchor point and which point of the caption that is),
/// for captions drawn at `k` times their size: the first of a few places beside, above and
/// below its ring that overlaps no caption placed before it, no ring, no town's name or dot
/// and no country's or sea's name. Marks on the west coast (the Yellow Sea side, where Seoul's name is) try the left
/// first. When every place is taken, the one that overlaps least is used.
pub(super) fn place_captions(marks: &[(Vec2, String)], k: f32) -> Vec<(Vec2, Anchor)> {
    let size = CAPTION * k;
    let line = 1.25 * size;
    let mut taken: Vec<Rect> = Vec::new();
    for (name, lon, lat) in CITIES {
        let pos = at(*lon, *lat);
        taken.push(Rect::from_center_size(pos, Vec2::splat(12.0)));
        // As the map hangs them (`city_label`).
        let (anchor, offset) = city_label(name);
        taken.push(text_box(pos + offset, name.len(), size, anchor));
    }
    for (name, lon, lat) in REGIONS {
        let lines = name.lines().count();
        let chars = name.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        taken.push(lines_box(
            at(*lon, *lat),
            chars,
            lines,
            REGION_FONT,
            Anchor::CENTER,
        ));
    }
    let rings: Vec<Rect> = marks
        .iter()
        .map(|(pos, _)| Rect::from_center_size(*pos, Vec2::splat(2.0 * RING)))
        .collect();
    marks
        .iter()
        .map(|(pos, caption)| {
            let west = (at(120.0, 0.0).x..at(126.5, 0.0).x).contains(&pos.x);
            let side = |right: bool, rows: f32| {
                if right {
                    (*pos + Vec2::new(GAP, rows * line), Anchor::CENTER_LEFT)
                } else {
                    (*pos + Vec2::new(-GAP, rows * line), Anchor::CENTER_RIGHT)
                }
            };
            let first = !west;
            // A mark in China's interior (Beijing's) lies near the map's left edge, or past it
            // in a narrow slot: its caption goes to the right only, or it hangs off the edge.
            let far_west = pos.x < at(120.0, 0.0).x;
            let mut places = vec![side(first, 0.0)];
            if !far_west {
                places.push(side(!first, 0.0));
            }
            for rows in [
                -1.0, 1.0, -2.0, 2.0, -3.0, 3.0, -4.0, 4.0, -5.0, 5.0, -6.0, 6.0,
            ] {
                places.push(side(first, rows));
                if !far_west {
                    places.push(side(!first, rows));
                }
            }
            places.push((*pos - Vec2::new(0.0, GAP), Anchor::TOP_CENTER));
            places.push((*pos + Vec2::new(0.0, GAP), Anchor::BOTTOM_CENTER));
            let chars = caption.chars().count();
            // How much of what is already there a place would cover (0: it is free).
            let covered = |(at_, anchor): &(Vec2, Anchor)| {
                let b = text_box(*at_, chars, size, *anchor);
                taken
                    .iter()
                    .chain(&rings)
                    .map(|t| {
                        let both = b.intersect(*t).size().max(Vec2::ZERO);
                        both.x * both.y
                    })
                    .sum::<f32>()
            };
            let free = places.iter().copied().find(|p| covered(p) == 0.0);
            let (at_, anchor) = free.unwrap_or_else(|| {
                let least = places.iter().map(|p| (covered(p), *p));
                least
                    .min_by(|a, b| a.0.total_cmp(&b.0))
                    .map_or(places[0], |(_, p)| p)
            });
            taken.push(text_box(at_, chars, size, anchor));
            (at_, anchor)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every turn's marks the map can show together: the standing channels, one move of the
    /// player's, one answer of Beijing's and of Pyongyang's, and two events on their spot.
    /// No caption overlaps another, a ring, a town's name or a country's, and no ring covers a
    /// town's name, at the UI scales a player can choose.
    #[test]
    fn captions_never_overlap_each_other_rings_or_names() {
        let player = ["carrier", "bombers", "drills", "retaliation", "summit"];
        let beijing = ["mediation", "squeeze"];
        let pyongyang = [
            "nuclear_test",
            "icbm_test",
            "missile_test",
            "border",
            "engagement",
            "programme",
        ];
        let mark = |who: Who, tag: &str| {
            let ((lon, lat), caption) = marker_for(&[tag], who).unwrap();
            (at(lon, lat), caption.to_string())
        };
        let mut turns = Vec::new();
        for m in player {
            for b in beijing {
                for y in pyongyang {
                    turns.push((m, b, y));
                }
            }
        }
        for (m, b, y) in turns {
            let marks: Vec<(Vec2, String)> = vec![
                (at(127.6, 38.75), "hotline open".into()),
                (at(128.6, 38.3), "buffer zones".into()),
                mark(Who::Player, m),
                mark(Who::Beijing, b),
                mark(Who::Pyongyang, y),
                (at(125.4, 36.9), "Defector shot at the DMZ".into()),
                (at(125.4, 36.9), "Satellite launch".into()),
            ];
            for k in [0.75, 1.0, 1.25, 1.6] {
                check_apart(&marks, k);
                check_rings_clear_of_towns(&marks, k);
            }
        }
    }

    /// Fails when a ring of `marks` covers a town's name as the map hangs it at label scale
    /// `k` (a ring is fixed where its event happens, so the name must keep clear of it: the
    /// hotline's ring at the DMZ once sat on the end of "Pyongyang").
    fn check_rings_clear_of_towns(marks: &[(Vec2, String)], k: f32) {
        for (pos, caption) in marks {
            let ring = Rect::from_center_size(*pos, Vec2::splat(2.0 * RING));
            for (name, lon, lat) in CITIES {
                let (anchor, offset) = city_label(name);
                let label = text_box(at(*lon, *lat) + offset, name.len(), CAPTION * k, anchor);
                let apart = ring.intersect(label).is_empty();
                assert!(apart, "at {k}: the ring of {caption:?} over {name}");
            }
        }
    }

    /// Fails when a caption placed for `marks` at label scale `k` overlaps another caption, a
    /// ring, a town's dot or a country's or sea's name.
    fn check_apart(marks: &[(Vec2, String)], k: f32) {
        let placed = place_captions(marks, k);
        let boxes: Vec<Rect> = marks
            .iter()
            .zip(&placed)
            .map(|((_, c), (p, a))| text_box(*p, c.len(), CAPTION * k, *a))
            .collect();
        let names: Vec<&String> = marks.iter().map(|(_, c)| c).collect();
        for (i, a) in boxes.iter().enumerate() {
            for (j, b) in boxes.iter().enumerate().skip(i + 1) {
                let apart = a.intersect(*b).is_empty();
                assert!(
                    apart,
                    "at {k}: {:?} over {:?} in {names:?}",
                    names[i], names[j]
                );
            }
            for (pos, _) in marks {
                let ring = Rect::from_center_size(*pos, Vec2::splat(2.0 * RING));
                let apart = a.intersect(ring).is_empty();
                assert!(apart, "at {k}: {:?} over a ring in {names:?}", names[i]);
            }
            for (name, lon, lat) in CITIES {
                let dot = Rect::from_center_size(at(*lon, *lat), Vec2::splat(12.0));
                let apart = a.intersect(dot).is_empty();
                assert!(apart, "at {k}: {:?} over {name}", names[i]);
            }
            for (name, lon, lat) in REGIONS {
                let chars = name.lines().map(str::len).max().unwrap_or(0);
                let lines = name.lines().count();
                let region = lines_box(at(*lon, *lat), chars, lines, REGION_FONT, Anchor::CENTER);
                let apart = a.intersect(region).is_empty();
                assert!(apart, "at {k}: {:?} over {name} in {names:?}", names[i]);
            }
        }
    }

    /// A caption with room beside its ring stays there: to the right, or on the west coast
    /// to the left.
    #[test]
    fn a_lone_caption_sits_beside_its_ring() {
        let carrier = at(132.0, 36.8);
        let placed = place_captions(&[(carrier, "US carrier group".into())], 1.0);
        assert_eq!(
            placed,
            vec![(carrier + Vec2::new(GAP, 0.0), Anchor::CENTER_LEFT)]
        );
        // Beijing's caption goes right, toward the peninsula, never off the map's left edge.
        // (A play-tester's 2017 turn: Beijing mediates, Pyongyang launches.)
        let beijing = at(116.4, 39.3);
        let ((lon, lat), caption) = marker_for(&["missile_test"], Who::Pyongyang).unwrap();
        for k in [1.0, 1.3, 2.0] {
            let placed = place_captions(
                &[
                    (beijing, "Beijing mediates".into()),
                    (at(lon, lat), caption.to_string()),
                ],
                k,
            );
            assert_eq!(placed[0].1, Anchor::CENTER_LEFT, "{placed:?}");
            assert!(placed[0].0.x > beijing.x, "{placed:?}");
        }
        let nll = at(125.2, 37.8);
        let placed = place_captions(&[(nll, "shelling at the NLL".into())], 1.0);
        assert_eq!(
            placed,
            vec![(nll - Vec2::new(GAP, 0.0), Anchor::CENTER_RIGHT)]
        );
    }
}
