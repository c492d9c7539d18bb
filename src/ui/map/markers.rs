//! Markers for what happened last turn: the player's move, Beijing's and Pyongyang's answers,
//! the events and the facilitator's injects, each where its `map` field in the data puts it;
//! and the standing channels (the hotline, the military agreement) at the DMZ, from the
//! rules' known variables. Captions are placed one by one where they overlap no other
//! caption, ring or town name and stay inside the panel's sides (`place_captions`); one that
//! had to leave its ring's row hangs from a thin line to its ring (`leader`).

use super::geography::{CITIES, REGION_FONT, REGIONS, at, city_label};
use super::{LAYER, MapCamera, MapPart};
use crate::game::{ActiveGame, ActiveScenario};
use crate::rules::{MapMark, Scenario, Who};
use crate::sim::Game;
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
    any_camera: Query<&Camera, With<MapCamera>>,
    scale: Res<UiScale>,
    windows: Query<&Window, With<bevy::window::PrimaryWindow>>,
    hold: Res<HoldMarkers>,
    mut last_view: Local<Option<Rect>>,
) {
    let (Some(game), Some(sc)) = (game, scenario) else {
        return;
    };
    if hold.0 {
        return;
    }
    let Ok(map_camera) = any_camera.single() else {
        return;
    };
    // What the map's panel shows: captions are kept inside it.
    let view = map_camera
        .viewport
        .as_ref()
        .and_then(|v| super::view_rect(v.physical_size.as_vec2()));
    // Placed again when the labels' size changes, so captions never crowd at a larger scale;
    // when a hold is released; and when the panel's shape changes.
    let changed = game.is_changed() || scale.is_changed() || hold.is_changed();
    if !changed && camera.is_empty() && view == *last_view {
        return;
    }
    *last_view = view;
    let k = super::label_factor(&scale, windows.single().ok());
    for e in &old {
        commands.entity(e).despawn();
    }
    let layer = RenderLayers::layer(LAYER);
    let marks = marks_of(&sc.0, &game.0, &p);
    let places: Vec<(Vec2, String)> = marks
        .iter()
        .map(|((lon, lat), caption, _)| (at(*lon, *lat), crate::ui::theme::plain(caption)))
        .collect();
    let placed = place_captions(&places, k, view);
    for (((pos, caption), (_, _, color)), (at_, anchor)) in
        places.into_iter().zip(marks).zip(placed)
    {
        // A caption moved off its ring's row hangs from a thin line to its ring, so it is not
        // read as the caption of the ring beside it.
        if let Some((mid, length, angle)) = leader(pos, at_) {
            commands.spawn((
                Mesh2d(meshes.add(Rectangle::new(length, 1.5))),
                MeshMaterial2d(materials.add(color.with_alpha(0.8))),
                Transform::from_translation(mid.extend(4.0))
                    .with_rotation(Quat::from_rotation_z(angle)),
                layer.clone(),
                Marker,
                MapPart,
            ));
        }
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

/// The line from a ring at `ring` to its caption's anchor at `caption`, when the caption left
/// the ring's row: its midpoint, length and angle. None beside the ring.
fn leader(ring: Vec2, caption: Vec2) -> Option<(Vec2, f32, f32)> {
    if (caption.y - ring.y).abs() < 1.0 {
        return None;
    }
    let towards = caption - ring;
    let start = ring + towards.normalize() * RING;
    let length = caption.distance(start);
    (length > 2.0).then(|| ((start + caption) / 2.0, length, towards.to_angle()))
}

/// What the map marks for `game`: the standing channels, the facilitator's injects of the
/// last turn played and of the turn now open, and the last turn's move, answers and shown
/// events, each where its `map` field in the data puts it; with its caption and colour.
fn marks_of(sc: &Scenario, game: &Game, p: &Palette) -> Vec<((f32, f32), String, Color)> {
    let rules = &sc.rules;
    let s = &game.state;
    // Standing facts: the hotline and the military agreement, at the DMZ.
    let mut marks: Vec<((f32, f32), String, Color)> = Vec::new();
    let up = |v: Option<u16>| v.is_some_and(|i| s.vars[i as usize] >= 1.0);
    if up(rules.known.hotline) {
        marks.push(((127.6, 38.75), "hotline".into(), p.good));
    }
    if up(rules.known.military_agreement) {
        marks.push(((128.6, 38.3), "buffer zones".into(), p.good));
    }
    // Each mark where the data puts it (`map` on an action, a response, an event or an inject).
    let mut mark = |m: &Option<MapMark>, color: Color| {
        if let Some(m) = m {
            marks.push(((m.lon, m.lat), m.caption.clone(), color));
        }
    };
    // The facilitator's injects of the last turn played and of the turn now open: one dropped
    // in shows at once, before the move that answers it.
    let played = game.log.len() as u32;
    for x in &game.injects {
        if (x.turn == played || x.turn == s.turn)
            && let Some(inject) = sc.injects.get(x.inject as usize)
        {
            mark(&inject.map, p.bad);
        }
    }
    if let Some(rec) = game.log.last() {
        let action = &sc.actions[rec.taken as usize];
        mark(&action.map, p.family(action.family));
        for (who, d) in [(Who::Beijing, rec.beijing), (Who::Pyongyang, rec.pyongyang)] {
            let Some(d) = d else { continue };
            let response = &rules.ai(who).responses[d.response as usize];
            let color = match tone(sc, response.tags) {
                Tone::Provocation => p.bad,
                _ => p.accent,
            };
            mark(&response.map, color);
        }
        for e in rec.fired_events() {
            let ev = &rules.events[e as usize];
            if !ev.quiet {
                mark(&ev.map, p.bad);
            }
        }
    }
    marks
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
pub(super) fn place_captions(
    marks: &[(Vec2, String)],
    k: f32,
    view: Option<Rect>,
) -> Vec<(Vec2, Anchor)> {
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
            // Then right over or under the ring, a row or more away, hung from a line to it.
            for rows in [1.0, 2.0, 3.0, 4.0] {
                places.push((
                    *pos - Vec2::new(0.0, GAP + (rows - 1.0) * line),
                    Anchor::TOP_CENTER,
                ));
                places.push((
                    *pos + Vec2::new(0.0, GAP + (rows - 1.0) * line),
                    Anchor::BOTTOM_CENTER,
                ));
            }
            let chars = caption.chars().count();
            // How much of what is already there a place would cover (0: it is free).
            let covered = |(at_, anchor): &(Vec2, Anchor)| {
                let b = text_box(*at_, chars, size, *anchor);
                // What of it the panel's sides would cut off counts as covered. (Its top and
                // bottom do not: in the crowded corner by the DMZ at the largest labels, a
                // caption clipped at the top reads better than one over another ring.)
                let cut = view.map_or(0.0, |v| {
                    let inside = (b.max.x.min(v.max.x) - b.min.x.max(v.min.x)).max(0.0);
                    (b.size().x - inside) * b.size().y
                });
                cut + taken
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

    /// The marks each shipped level can show: every move's (the level's own too), every
    /// Beijing answer's, every Pyongyang answer's and every shown event's and inject's, as the
    /// map places them.
    fn shipped_marks() -> Vec<[Vec<(Vec2, String)>; 4]> {
        let data =
            crate::rules::load_data(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let mark = |m: &Option<MapMark>| m.as_ref().map(|m| (at(m.lon, m.lat), m.caption.clone()));
        let distinct = |marks: Vec<(Vec2, String)>| {
            let mut out: Vec<(Vec2, String)> = Vec::new();
            for m in marks {
                if !out.contains(&m) {
                    out.push(m);
                }
            }
            out
        };
        let rules = &data.rules;
        let answers = |who: Who| {
            distinct(
                (rules.ai(who).responses.iter())
                    .filter_map(|r| mark(&r.map))
                    .collect(),
            )
        };
        data.levels
            .iter()
            .map(|level| {
                let sc = level.scenario().expect("a shipped level loads");
                let moves = distinct(sc.actions.iter().filter_map(|a| mark(&a.map)).collect());
                // The facilitator's injects are the turn's events too.
                let events = (rules.events.iter().filter(|e| !e.quiet))
                    .filter_map(|e| mark(&e.map))
                    .chain(sc.injects.iter().filter_map(|x| mark(&x.map)))
                    .collect();
                [
                    moves,
                    answers(Who::Beijing),
                    answers(Who::Pyongyang),
                    events,
                ]
            })
            .collect()
    }

    /// The shipped data marks what happens where it happens: an exchange of fire at the DMZ
    /// on the DMZ, a clash at sea in the sea off the NLL, and no two kinds of event or inject
    /// on one spot (every event once sat on one point of the Yellow Sea).
    #[test]
    fn the_shipped_events_are_marked_where_they_happen() {
        let data =
            crate::rules::load_data(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let event = |id: &str| {
            let e = data.rules.events.iter().find(|e| e.id == id).unwrap();
            e.map
                .clone()
                .unwrap_or_else(|| panic!("{id} has a map mark"))
        };
        let dmz = event("border_incident");
        // The DMZ runs from the Han's mouth (126.1 E) to the east coast (128.35 E), between
        // 37.7 and 38.7 N.
        assert!((126.1..=128.35).contains(&dmz.lon) && (37.7..=38.7).contains(&dmz.lat));
        let sea = event("naval_clash");
        assert!(
            sea.lon < 125.2 && sea.lat < 38.0,
            "west of the coast: {sea:?}"
        );
        // A level's events and its injects, which can show on one turn.
        let levels = shipped_marks();
        assert_eq!(levels.len(), data.levels.len());
        for [_, _, _, events] in levels {
            assert!(events.len() >= 5, "{events:?}");
            for (i, (a, ca)) in events.iter().enumerate() {
                for (b, cb) in &events[i + 1..] {
                    assert!(a.distance(*b) >= 2.0 * RING, "{ca} and {cb} share a spot");
                }
            }
        }
    }

    /// Every turn's marks the map can show together: the standing channels, one move of the
    /// player's, one answer of Beijing's and of Pyongyang's, and two events, all as the shipped
    /// data places them. No caption overlaps another, a ring, a town's name or a country's,
    /// or runs off the map panel's sides, and no ring covers a town's name, at the UI scales a
    /// player can choose.
    #[test]
    fn captions_never_overlap_each_other_rings_or_names() {
        for [moves, beijing, pyongyang, events] in shipped_marks() {
            check_a_levels_turns(&moves, &beijing, &pyongyang, &events);
        }
    }

    fn check_a_levels_turns(
        moves: &[(Vec2, String)],
        beijing: &[(Vec2, String)],
        pyongyang: &[(Vec2, String)],
        events: &[(Vec2, String)],
    ) {
        assert!(moves.len() >= 5 && beijing.len() >= 2 && pyongyang.len() >= 6);
        let mut pairs = Vec::new();
        for (i, a) in events.iter().enumerate() {
            for b in &events[i + 1..] {
                pairs.push((a.clone(), b.clone()));
            }
        }
        for m in moves {
            for b in beijing {
                for y in pyongyang {
                    for (e1, e2) in &pairs {
                        let marks: Vec<(Vec2, String)> = vec![
                            (at(127.6, 38.75), "hotline".into()),
                            (at(128.6, 38.3), "buffer zones".into()),
                            m.clone(),
                            b.clone(),
                            y.clone(),
                            e1.clone(),
                            e2.clone(),
                        ];
                        for k in [0.75, 1.0, 1.25, 1.6] {
                            check_apart(&marks, k);
                            check_rings_clear_of_towns(&marks, k);
                        }
                    }
                }
            }
        }
    }

    /// What a turn puts on the map: 2022's first turn with seed 9 and joint drills brings an
    /// exchange of fire at the DMZ, marked on the DMZ beside the drills and the launches; an
    /// inject the facilitator drops in shows at once, before the move that answers it, and
    /// stays for the turn it came before; the next turn's marks replace the first's.
    #[test]
    fn a_turn_marks_its_move_answers_events_and_injects() {
        let data =
            crate::rules::load_data(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let sc = data
            .level("2022_seventh_test")
            .and_then(|l| l.scenario())
            .unwrap();
        let p = Palette::standard();
        let captions = |game: &Game| -> Vec<String> {
            marks_of(sc, game, &p).into_iter().map(|m| m.1).collect()
        };
        let action = |id: &str| sc.actions.iter().position(|a| a.id == id).unwrap() as u16;
        let mut game = Game::new(sc, 9);
        // 2022 opens with the military agreement of 2018 in force.
        assert_eq!(captions(&game), ["buffer zones"]);
        game.play(sc, action("joint_air_drills"));
        let after = marks_of(sc, &game, &p);
        let dmz = after.iter().find(|m| m.1 == "fire at the DMZ");
        assert_eq!(
            dmz.map(|m| (m.0, m.2)),
            Some(((127.25, 38.25), p.bad)),
            "{after:?}"
        );
        for shown in ["joint drills", "missile splashdown"] {
            assert!(after.iter().any(|m| m.1 == shown), "{shown}: {after:?}");
        }
        let soldier = sc
            .injects
            .iter()
            .position(|x| x.id == "soldier_detained")
            .unwrap();
        assert!(game.inject(sc, soldier as u16));
        let with_inject = captions(&game);
        assert!(with_inject.contains(&"US soldier crosses at JSA".to_string()));
        assert!(
            with_inject.contains(&"fire at the DMZ".to_string()),
            "the last turn's stay"
        );
        game.play(sc, action("hold_course"));
        let next = captions(&game);
        assert!(
            next.contains(&"US soldier crosses at JSA".to_string()),
            "{next:?}"
        );
        assert!(!next.contains(&"joint drills".to_string()), "{next:?}");
        game.play(sc, action("hold_course"));
        assert!(!captions(&game).contains(&"US soldier crosses at JSA".to_string()));
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
        // The dashboard's map panel at 1280x720 (about 4 to 1) cuts off what lies outside it.
        let view = super::super::view_rect(Vec2::new(670.0, 165.0)).unwrap();
        let placed = place_captions(marks, k, Some(view));
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
            let inside = a.min.x >= view.min.x && a.max.x <= view.max.x;
            assert!(inside, "at {k}: {:?} runs off the map's panel", names[i]);
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

    /// A caption beside its ring needs no line; one moved a row up hangs from a line that runs
    /// from the ring's edge to the caption, so it is not read as the next ring's.
    #[test]
    fn a_caption_moved_off_its_row_hangs_from_a_line_to_its_ring() {
        let ring = Vec2::new(100.0, 50.0);
        assert_eq!(leader(ring, ring + Vec2::new(GAP, 0.0)), None);
        let caption = ring + Vec2::new(GAP, 25.0);
        let (mid, length, angle) = leader(ring, caption).unwrap();
        let start = mid - Vec2::from_angle(angle) * length / 2.0;
        let end = mid + Vec2::from_angle(angle) * length / 2.0;
        assert!((start.distance(ring) - RING).abs() < 1e-3, "{start}");
        assert!(end.distance(caption) < 1e-3, "{end}");
    }

    /// A caption with room beside its ring stays there: to the right, or on the west coast
    /// to the left.
    #[test]
    fn a_lone_caption_sits_beside_its_ring() {
        let carrier = at(132.0, 36.8);
        let placed = place_captions(&[(carrier, "US carrier group".into())], 1.0, None);
        assert_eq!(
            placed,
            vec![(carrier + Vec2::new(GAP, 0.0), Anchor::CENTER_LEFT)]
        );
        // Beijing's caption never runs off the map's left edge, even in a narrower panel
        // than the dashboard's (a play-tester's 2017 turn: Beijing mediates, Pyongyang
        // launches); at the usual size it sits beside its ring.
        let beijing = at(116.4, 39.3);
        let turn = [
            (beijing, "Beijing mediates".to_string()),
            (at(130.3, 40.5), "missile splashdown".to_string()),
        ];
        let narrow = super::super::view_rect(Vec2::new(560.0, 165.0)).unwrap();
        for k in [1.0, 1.3, 2.0] {
            let placed = place_captions(&turn, k, Some(narrow));
            let (at_, anchor) = placed[0];
            let b = text_box(at_, "Beijing mediates".len(), CAPTION * k, anchor);
            assert!(b.min.x >= narrow.min.x, "at {k}: {placed:?} in {narrow:?}");
        }
        let placed = place_captions(&turn, 1.0, Some(narrow));
        assert_eq!(
            placed[0],
            (beijing + Vec2::new(GAP, 0.0), Anchor::CENTER_LEFT)
        );
        let nll = at(125.2, 37.8);
        let placed = place_captions(&[(nll, "shelling at the NLL".into())], 1.0, None);
        assert_eq!(
            placed,
            vec![(nll - Vec2::new(GAP, 0.0), Anchor::CENTER_RIGHT)]
        );
    }
}
