//! The geography of the map: coastlines, borders, the DMZ and cities as longitude and
//! latitude, their projection to map units, and the meshes built from them (ear clipping; no
//! downloaded art).

use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;

/// Degrees of longitude and latitude to world units.
pub const KX: f32 = 40.0;
pub const KY: f32 = 50.0;
const CENTER: (f32, f32) = (129.0, 38.0);

/// A longitude and latitude on the map.
pub fn at(lon: f32, lat: f32) -> Vec2 {
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
pub const SOUTH_KOREA: &[(f32, f32)] = &[
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
pub const RUSSIA: &[(f32, f32)] = &[
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
pub const HONSHU: &[(f32, f32)] = &[
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
pub const KYUSHU: &[(f32, f32)] = &[
    (129.8, 33.5),
    (130.9, 33.9),
    (131.9, 33.2),
    (131.4, 31.4),
    (130.6, 31.0),
    (130.2, 31.6),
    (129.7, 32.6),
];
pub const SHIKOKU: &[(f32, f32)] = &[(132.6, 33.9), (134.2, 34.2), (134.7, 33.8), (133.0, 32.8)];
pub const HOKKAIDO: &[(f32, f32)] = &[
    (140.1, 41.5),
    (140.1, 42.3),
    (141.0, 43.2),
    (141.8, 45.4),
    (143.0, 44.3),
    (145.5, 43.3),
    (143.2, 42.0),
    (141.0, 41.8),
];
pub const JEJU: &[(f32, f32)] = &[(126.2, 33.3), (126.9, 33.3), (126.9, 33.55), (126.2, 33.5)];
pub const DMZ: &[(f32, f32)] = &[(126.1, 37.75), (127.1, 38.3), (128.35, 38.6)];

/// The countries' and seas' names, centred on their points, at a fixed size.
pub const REGIONS: &[(&str, f32, f32)] = &[
    ("CHINA", 119.0, 41.2),
    ("NORTH KOREA", 127.2, 40.6),
    ("SOUTH KOREA", 128.1, 35.7),
    ("JAPAN", 137.5, 36.2),
    ("RUSSIA", 134.5, 45.2),
    ("Yellow Sea", 123.5, 36.0),
    ("East Sea /\nSea of Japan", 133.5, 39.5),
];
/// The font size of `REGIONS`' names, in map units.
pub const REGION_FONT: f32 = 24.0;

/// Where a city's name hangs from its dot: the name's anchor and its offset in map units. Under
/// the dot, so a larger name grows away from it; the test site's over it, clear of the country's
/// name below and of a nuclear test's ring and caption (clear of the ring round the dot), and Beijing's too,
/// clear of the ring of Beijing's mediation just south of it; Pyongyang's to its left, over
/// Korea Bay, clear of the rings at the DMZ (the hotline, the buffer zones); Seoul's to its right,
/// clear of Panmunjom's ring above it and the Yellow Sea's below, with the rings of the drills,
/// the bombers and the missile drill south of its line.
pub fn city_label(name: &str) -> (bevy::sprite::Anchor, Vec2) {
    use bevy::sprite::Anchor;
    match name {
        "Punggye-ri" | "Beijing" => (Anchor::BOTTOM_CENTER, Vec2::new(0.0, 15.0)),
        "Pyongyang" => (Anchor::CENTER_RIGHT, Vec2::new(-10.0, 0.0)),
        "Seoul" => (Anchor::CENTER_LEFT, Vec2::new(10.0, 0.0)),
        _ => (Anchor::TOP_CENTER, Vec2::new(0.0, -8.0)),
    }
}

pub const CITIES: &[(&str, f32, f32)] = &[
    ("Pyongyang", 125.75, 39.03),
    ("Seoul", 126.98, 37.57),
    ("Beijing", 116.4, 39.9),
    ("Tokyo", 139.7, 35.7),
    ("Punggye-ri", 129.08, 41.28),
];

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

pub fn north_korea() -> Vec<(f32, f32)> {
    outline(&[YALU_TUMEN, NORTH_KOREA_COAST])
}

pub fn china() -> Vec<(f32, f32)> {
    outline(&[CHINA_WEST, YALU_TUMEN, CHINA_NORTH])
}

pub fn polygon_mesh(coords: &[(f32, f32)]) -> Mesh {
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
