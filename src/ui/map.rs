//! The stylised map of Northeast Asia on the dashboard: coastlines as flat meshes the game
//! builds itself (no downloaded art), the DMZ, cities, and markers for what happened last turn
//! (launches, tests, US forces, Beijing's moves). It is drawn by its own camera into the
//! rectangle of the dashboard's `MapSlot` node, and redrawn only when the game changes.

use super::screens::Screen;
use super::theme::Palette;
use crate::game::{ActiveGame, ActiveScenario};
use bevy::asset::RenderAssetUsages;
use bevy::camera::visibility::RenderLayers;
use bevy::camera::{ClearColorConfig, ScalingMode, Viewport};
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;
use bevy::ui::UiGlobalTransform;

/// The UI node the map is drawn into.
#[derive(Component)]
pub struct MapSlot;

#[derive(Component)]
struct MapCamera;

/// Markers of the last turn, replaced when the game changes.
#[derive(Component)]
struct Marker;

const LAYER: usize = 1;
/// Degrees of longitude and latitude to world units.
const KX: f32 = 40.0;
const KY: f32 = 50.0;
const CENTER: (f32, f32) = (129.0, 38.0);

fn at(lon: f32, lat: f32) -> Vec2 {
    Vec2::new((lon - CENTER.0) * KX, (lat - CENTER.1) * KY)
}

/// The Yalu and Tumen rivers: the border North Korea shares with China, west to east.
const YALU_TUMEN: &[(f32, f32)] = &[
    (125.5, 40.6),
    (126.9, 41.8),
    (128.1, 41.5),
    (128.3, 42.0),
    (129.7, 42.4),
    (130.6, 42.3),
];
/// North Korea from the Tumen's mouth round its coasts back to the Yalu's.
const NORTH_KOREA_COAST: &[(f32, f32)] = &[
    (129.7, 41.0),
    (129.7, 40.8),
    (128.6, 40.0),
    (127.5, 39.7),
    (127.4, 39.2),
    (128.35, 38.6),
    (127.1, 38.3),
    (126.1, 37.75),
    (125.2, 37.7),
    (124.7, 38.1),
    (125.0, 38.6),
    (125.4, 39.5),
    (124.7, 39.6),
    (124.3, 39.9),
];
const SOUTH_KOREA: &[(f32, f32)] = &[
    (126.1, 37.75),
    (127.1, 38.3),
    (128.35, 38.6),
    (128.6, 38.0),
    (129.4, 37.0),
    (129.45, 36.0),
    (129.3, 35.4),
    (129.0, 35.1),
    (128.4, 34.85),
    (127.6, 34.7),
    (126.5, 34.3),
    (126.3, 34.7),
    (126.5, 35.5),
    (126.6, 36.2),
    (126.2, 36.8),
    (126.7, 37.3),
];
/// China from the south-west to the Yalu's upper reaches, then (after the shared border) north.
const CHINA_WEST: &[(f32, f32)] = &[
    (112.0, 30.0),
    (121.9, 30.9),
    (120.9, 32.6),
    (120.3, 34.3),
    (119.2, 35.0),
    (120.3, 36.0),
    (121.0, 36.6),
    (122.5, 37.4),
    (121.0, 37.8),
    (119.0, 37.2),
    (118.0, 38.0),
    (117.7, 38.9),
    (119.2, 39.4),
    (121.0, 40.8),
    (121.3, 39.0),
    (122.5, 39.8),
    (124.3, 39.9),
    (124.7, 39.6),
    (125.4, 39.5),
];
const CHINA_NORTH: &[(f32, f32)] = &[
    (131.0, 43.0),
    (131.3, 44.9),
    (133.0, 45.0),
    (134.5, 48.0),
    (112.0, 48.0),
];
const RUSSIA: &[(f32, f32)] = &[
    (130.6, 42.3),
    (131.8, 43.2),
    (133.1, 42.8),
    (135.5, 43.9),
    (137.0, 45.5),
    (138.5, 48.0),
    (134.5, 48.0),
    (133.0, 45.0),
    (131.3, 44.9),
    (131.0, 43.0),
];
const HONSHU: &[(f32, f32)] = &[
    (130.9, 34.0),
    (131.8, 34.7),
    (133.0, 35.5),
    (135.0, 35.7),
    (136.0, 36.3),
    (136.8, 37.3),
    (138.5, 37.5),
    (139.8, 38.8),
    (140.0, 40.5),
    (140.3, 41.3),
    (141.5, 41.4),
    (141.9, 39.5),
    (141.0, 38.3),
    (140.9, 37.0),
    (140.6, 36.0),
    (139.8, 35.0),
    (138.8, 34.6),
    (137.0, 34.6),
    (135.8, 33.5),
    (135.0, 34.4),
    (133.0, 34.3),
    (131.5, 33.9),
];
const KYUSHU: &[(f32, f32)] = &[
    (129.8, 33.5),
    (130.9, 33.9),
    (131.9, 33.2),
    (131.4, 31.4),
    (130.6, 31.0),
    (130.2, 31.6),
    (129.7, 32.6),
];
const SHIKOKU: &[(f32, f32)] = &[(132.6, 33.9), (134.2, 34.2), (134.7, 33.8), (133.0, 32.8)];
const HOKKAIDO: &[(f32, f32)] = &[
    (140.1, 41.5),
    (140.1, 42.3),
    (141.0, 43.2),
    (141.8, 45.4),
    (143.0, 44.3),
    (145.5, 43.3),
    (143.2, 42.0),
    (141.0, 41.8),
];
const JEJU: &[(f32, f32)] = &[(126.2, 33.3), (126.9, 33.3), (126.9, 33.55), (126.2, 33.5)];
const DMZ: &[(f32, f32)] = &[(126.1, 37.75), (127.1, 38.3), (128.35, 38.6)];

const CITIES: &[(&str, f32, f32)] = &[
    ("Pyongyang", 125.75, 39.03),
    ("Seoul", 126.98, 37.57),
    ("Beijing", 116.4, 39.9),
    ("Tokyo", 139.7, 35.7),
    ("Punggye-ri", 129.08, 41.28),
];

pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Dashboard), (spawn_map, ui_camera_keeps_map))
        .add_systems(OnExit(Screen::Dashboard), ui_camera_clears)
        .add_systems(
            Update,
            (fit_camera_to_slot, update_markers).run_if(in_state(Screen::Dashboard)),
        );
}

/// Ear clipping for a simple polygon (counter-clockwise or not); returns triangle indices.
pub fn triangulate(points: &[Vec2]) -> Vec<u32> {
    let n = points.len();
    if n < 3 {
        return Vec::new();
    }
    let area: f32 = (0..n)
        .map(|i| points[i].perp_dot(points[(i + 1) % n]))
        .sum();
    let mut idx: Vec<usize> = if area > 0.0 {
        (0..n).collect()
    } else {
        (0..n).rev().collect()
    };
    let mut out = Vec::new();
    let mut guard = 0;
    while idx.len() > 3 && guard < 10_000 {
        guard += 1;
        let m = idx.len();
        let mut clipped = false;
        for i in 0..m {
            let (a, b, c) = (idx[(i + m - 1) % m], idx[i], idx[(i + 1) % m]);
            let (pa, pb, pc) = (points[a], points[b], points[c]);
            if (pb - pa).perp_dot(pc - pb) <= 0.0 {
                continue; // reflex corner
            }
            let inside = idx.iter().any(|&k| {
                k != a && k != b && k != c && {
                    let p = points[k];
                    let d1 = (pb - pa).perp_dot(p - pa);
                    let d2 = (pc - pb).perp_dot(p - pb);
                    let d3 = (pa - pc).perp_dot(p - pc);
                    d1 >= 0.0 && d2 >= 0.0 && d3 >= 0.0
                }
            });
            if inside {
                continue;
            }
            out.extend([a as u32, b as u32, c as u32]);
            idx.remove(i);
            clipped = true;
            break;
        }
        if !clipped {
            break;
        }
    }
    if idx.len() == 3 {
        out.extend(idx.iter().map(|&k| k as u32));
    }
    out
}

/// A landmass outline from runs of points shared with its neighbours.
fn outline(parts: &[&[(f32, f32)]]) -> Vec<(f32, f32)> {
    parts.concat()
}

fn north_korea() -> Vec<(f32, f32)> {
    outline(&[YALU_TUMEN, NORTH_KOREA_COAST])
}

fn china() -> Vec<(f32, f32)> {
    outline(&[CHINA_WEST, YALU_TUMEN, CHINA_NORTH])
}

fn polygon_mesh(coords: &[(f32, f32)]) -> Mesh {
    let pts: Vec<Vec2> = coords.iter().map(|(lon, lat)| at(*lon, *lat)).collect();
    let indices = triangulate(&pts);
    let positions: Vec<[f32; 3]> = pts.iter().map(|p| [p.x, p.y, 0.0]).collect();
    let normals = vec![[0.0, 0.0, 1.0]; pts.len()];
    let uvs = vec![[0.0, 0.0]; pts.len()];
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
    .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, uvs)
    .with_inserted_indices(Indices::U32(indices))
}

fn spawn_map(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    p: Res<Palette>,
) {
    let layer = RenderLayers::layer(LAYER);
    let scoped = DespawnOnExit(Screen::Dashboard);
    commands.spawn((
        Camera2d,
        Camera {
            // Drawn before the UI camera, which then draws the dashboard over it without
            // clearing; the UI leaves the map's slot transparent, so menus and pop-ups cover
            // the map like everything else.
            order: -1,
            clear_color: ClearColorConfig::Custom(p.background),
            ..default()
        },
        Projection::Orthographic(OrthographicProjection {
            scaling_mode: ScalingMode::AutoMin {
                min_width: 14.0 * KX,
                min_height: 7.5 * KY,
            },
            ..OrthographicProjection::default_2d()
        }),
        Transform::from_translation(at(129.0, 38.6).extend(0.0)),
        layer.clone(),
        MapCamera,
        scoped.clone(),
    ));
    // The sea: one rectangle under the land.
    commands.spawn((
        Mesh2d(meshes.add(Rectangle::new(60.0 * KX, 40.0 * KY))),
        MeshMaterial2d(materials.add(p.sea)),
        Transform::from_translation(Vec3::new(0.0, 0.0, -1.0)),
        layer.clone(),
        scoped.clone(),
    ));
    let (china, north_korea) = (china(), north_korea());
    let shapes: [(&[(f32, f32)], Color); 9] = [
        (&china, p.land),
        (RUSSIA, p.land.darker(0.04)),
        (HONSHU, p.land),
        (KYUSHU, p.land),
        (SHIKOKU, p.land),
        (HOKKAIDO, p.land),
        (&north_korea, p.land_north),
        (SOUTH_KOREA, p.land_south),
        (JEJU, p.land_south),
    ];
    for (coords, color) in shapes {
        commands.spawn((
            Mesh2d(meshes.add(polygon_mesh(coords))),
            MeshMaterial2d(materials.add(color)),
            layer.clone(),
            scoped.clone(),
        ));
    }
    // The DMZ as a bright line.
    for w in DMZ.windows(2) {
        let (a, b) = (at(w[0].0, w[0].1), at(w[1].0, w[1].1));
        let mid = (a + b) / 2.0;
        let d = b - a;
        commands.spawn((
            Mesh2d(meshes.add(Rectangle::new(d.length(), 3.0))),
            MeshMaterial2d(materials.add(p.accent)),
            Transform::from_translation(mid.extend(1.0))
                .with_rotation(Quat::from_rotation_z(d.y.atan2(d.x))),
            layer.clone(),
            scoped.clone(),
        ));
    }
    let text = |s: &str, size: f32, color: Color| {
        (
            Text2d::new(s),
            TextFont::from_font_size(size),
            TextColor(color),
        )
    };
    for (name, lon, lat) in [
        ("CHINA", 121.5, 43.0),
        ("NORTH KOREA", 127.2, 40.6),
        ("SOUTH KOREA", 128.0, 36.2),
        ("JAPAN", 137.5, 36.2),
        ("RUSSIA", 134.5, 45.2),
        ("Yellow Sea", 123.5, 36.0),
        ("East Sea /\nSea of Japan", 133.5, 39.5),
    ] {
        commands.spawn((
            text(name, 24.0, p.muted),
            Transform::from_translation(at(lon, lat).extend(2.0)),
            layer.clone(),
            scoped.clone(),
        ));
    }
    for (name, lon, lat) in CITIES {
        let pos = at(*lon, *lat);
        commands.spawn((
            Mesh2d(meshes.add(Circle::new(6.0))),
            MeshMaterial2d(materials.add(p.text)),
            Transform::from_translation(pos.extend(3.0)),
            layer.clone(),
            scoped.clone(),
        ));
        commands.spawn((
            text(name, 20.0, p.text),
            Transform::from_translation((pos + Vec2::new(0.0, -18.0)).extend(3.0)),
            layer.clone(),
            scoped.clone(),
        ));
    }
}

/// While the map is up, the map camera clears the window and the UI camera draws over it.
fn ui_camera_keeps_map(mut cams: Query<&mut Camera, With<IsDefaultUiCamera>>) {
    for mut c in &mut cams {
        c.clear_color = ClearColorConfig::None;
    }
}

fn ui_camera_clears(mut cams: Query<&mut Camera, With<IsDefaultUiCamera>>) {
    for mut c in &mut cams {
        c.clear_color = ClearColorConfig::Default;
    }
}

/// Keeps the map camera's viewport on the `MapSlot` node (window resizes, UI scale changes).
fn fit_camera_to_slot(
    slot: Query<
        (&ComputedNode, &UiGlobalTransform),
        (
            With<MapSlot>,
            Or<(Changed<ComputedNode>, Changed<UiGlobalTransform>)>,
        ),
    >,
    mut camera: Query<&mut Camera, With<MapCamera>>,
) {
    let Ok((node, transform)) = slot.single() else {
        return;
    };
    let Ok(mut cam) = camera.single_mut() else {
        return;
    };
    let size = node.size();
    if size.x < 4.0 || size.y < 4.0 {
        return;
    }
    let center = transform.translation;
    let top_left = (center - size / 2.0).max(Vec2::ZERO);
    cam.viewport = Some(Viewport {
        physical_position: top_left.as_uvec2(),
        physical_size: size.as_uvec2(),
        ..default()
    });
}

/// Where a response or move shows on the map, and its caption.
fn marker_for(tags: &[&str], who: &str) -> Option<((f32, f32), &'static str)> {
    let has = |t: &str| tags.contains(&t);
    Some(match who {
        "pyongyang" if has("nuclear_test") => ((129.08, 41.28), "nuclear test"),
        "pyongyang" if has("icbm_test") => ((136.5, 41.0), "ICBM splashdown"),
        "pyongyang" if has("missile_test") => ((131.5, 39.8), "missile splashdown"),
        "pyongyang" if has("border") => ((125.6, 37.55), "shelling at the NLL"),
        "pyongyang" if has("engagement") => ((126.7, 37.95), "talks at Panmunjom"),
        "beijing" if has("mediation") => ((116.4, 39.3), "Beijing mediates"),
        "beijing" if has("squeeze") => ((124.4, 40.4), "border trade cut"),
        "player" if has("carrier") => ((132.0, 36.8), "US carrier group"),
        "player" if has("bombers") => ((127.8, 37.2), "bomber flight"),
        "player" if has("drills") => ((127.2, 36.9), "joint drills"),
        "player" if has("retaliation") => ((128.8, 37.3), "ROK missile drill"),
        "player" if has("summit") => ((126.7, 37.95), "summit"),
        _ => return None,
    })
}

fn update_markers(
    game: Option<Res<ActiveGame>>,
    scenario: Option<Res<ActiveScenario>>,
    old: Query<Entity, With<Marker>>,
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    p: Res<Palette>,
    camera: Query<(), Added<MapCamera>>,
) {
    let (Some(game), Some(sc)) = (game, scenario) else {
        return;
    };
    if !game.is_changed() && camera.is_empty() {
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
    let flag = |id: &str| {
        rules
            .var_index(id)
            .is_some_and(|i| s.vars[i as usize] >= 1.0)
    };
    if flag("world.hotline") {
        marks.push(((127.6, 38.75), "hotline open".into(), p.good));
    }
    if flag("world.military_agreement") {
        marks.push(((128.6, 38.3), "buffer zones".into(), p.good));
    }
    if let Some(rec) = game.0.log.last() {
        let action = &sc.0.actions[rec.taken as usize];
        if let Some((pos, caption)) = marker_for(&rules.tag_names(action.tags), "player") {
            marks.push((pos, caption.into(), p.family(action.family)));
        }
        for (who, d) in [("beijing", rec.beijing), ("pyongyang", rec.pyongyang)] {
            let Some(d) = d else { continue };
            let ai = if who == "beijing" {
                &rules.beijing
            } else {
                &rules.pyongyang
            };
            let tags = rules.tag_names(ai.responses[d.response as usize].tags);
            if let Some((pos, caption)) = marker_for(&tags, who) {
                marks.push((
                    pos,
                    caption.into(),
                    if tags.contains(&"provocation") {
                        p.bad
                    } else {
                        p.accent
                    },
                ));
            }
        }
        for e in rec.fired_events() {
            let ev = &rules.events[e as usize];
            if !ev.quiet {
                marks.push(((125.9, 37.3), ev.name.clone(), p.bad));
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
            DespawnOnExit(Screen::Dashboard),
        ));
        commands.spawn((
            Text2d::new(crate::ui::theme::plain(&caption)),
            TextFont::from_font_size(20.0),
            TextColor(color),
            Transform::from_translation(
                (pos + Vec2::new(0.0, 24.0 + (i % 2) as f32 * 6.0)).extend(6.0),
            ),
            layer.clone(),
            Marker,
            DespawnOnExit(Screen::Dashboard),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_landmass_triangulates_fully() {
        let (china, north_korea) = (china(), north_korea());
        for shape in [
            north_korea.as_slice(),
            SOUTH_KOREA,
            china.as_slice(),
            RUSSIA,
            HONSHU,
            KYUSHU,
            SHIKOKU,
            HOKKAIDO,
            JEJU,
        ] {
            let pts: Vec<Vec2> = shape.iter().map(|(a, b)| at(*a, *b)).collect();
            let tris = triangulate(&pts);
            assert_eq!(
                tris.len(),
                (pts.len() - 2) * 3,
                "a polygon of n points makes n - 2 triangles"
            );
        }
    }
}
