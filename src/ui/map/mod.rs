//! The stylised map of Northeast Asia, a self-contained widget: put a `MapSlot` node anywhere
//! in the UI and the map appears in it, drawn by its own camera into the node's rectangle, with
//! markers for what happened last turn; when no slot is left, the map goes. It reads the game
//! being played and the palette, and knows nothing of the screens around it.

mod geography;
mod markers;

use super::theme::Palette;
use bevy::camera::visibility::RenderLayers;
use bevy::camera::{ClearColorConfig, ScalingMode, Viewport};
use bevy::prelude::*;
use bevy::ui::UiGlobalTransform;
use geography::*;

/// The UI node the map is drawn into.
#[derive(Component)]
pub struct MapSlot;

#[derive(Component)]
struct MapCamera;

/// Everything the map spawned, despawned when its slot is gone.
#[derive(Component, Clone, Copy)]
struct MapPart;

/// A town's name or a caption on the map, with its font size at a UI scale of 100%.
#[derive(Component, Clone, Copy)]
struct MapLabel(f32);

/// How much larger the map's names are drawn at UI scale `ui`. The map is drawn in its own
/// units, fitted to its slot, so the UI scale alone would leave its names as small as ever;
/// they follow it, but less than all the way, so that they still fit between the towns.
pub fn label_scale(ui: f32) -> f32 {
    ui.clamp(0.75, 1.6)
}

/// The render layer the map lives on, apart from the UI.
const LAYER: usize = 1;

pub use markers::HoldMarkers;

pub fn plugin(app: &mut App) {
    app.init_resource::<HoldMarkers>().add_systems(
        Update,
        (
            spawn_map,
            despawn_without_slot,
            fit_camera_to_slot,
            markers::update_markers,
            scale_labels,
        )
            .chain(),
    );
}

fn spawn_map(
    slots: Query<(), Added<MapSlot>>,
    camera: Query<(), With<MapCamera>>,
    mut ui_cams: Query<&mut Camera, With<IsDefaultUiCamera>>,
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    p: Res<Palette>,
) {
    if slots.is_empty() || !camera.is_empty() {
        return;
    }
    // While the map is up, the map camera clears the window and the UI camera draws over it.
    for mut c in &mut ui_cams {
        c.clear_color = ClearColorConfig::None;
    }
    let layer = RenderLayers::layer(LAYER);
    let scoped = MapPart;
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
                min_width: VIEW_MIN.0 * KX,
                min_height: VIEW_MIN.1 * KY,
            },
            ..OrthographicProjection::default_2d()
        }),
        Transform::from_translation(at(VIEW_CENTRE.0, VIEW_CENTRE.1).extend(0.0)),
        layer.clone(),
        MapCamera,
        scoped,
    ));
    // The sea: one rectangle under the land.
    commands.spawn((
        Mesh2d(meshes.add(Rectangle::new(60.0 * KX, 40.0 * KY))),
        MeshMaterial2d(materials.add(p.sea)),
        Transform::from_translation(Vec3::new(0.0, 0.0, -1.0)),
        layer.clone(),
        scoped,
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
            scoped,
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
            scoped,
        ));
    }
    let text = |s: &str, size: f32, color: Color| {
        (
            Text2d::new(s),
            TextFont::from_font_size(size),
            TextColor(color),
        )
    };
    for (name, lon, lat) in geography::REGIONS {
        commands.spawn((
            text(name, geography::REGION_FONT, p.muted),
            Transform::from_translation(at(*lon, *lat).extend(2.0)),
            layer.clone(),
            scoped,
        ));
    }
    // Countries and seas keep their size (the colours say as much); the towns' names, which a
    // caption may point to, follow the UI scale.
    for (name, lon, lat) in CITIES {
        let pos = at(*lon, *lat);
        commands.spawn((
            Mesh2d(meshes.add(Circle::new(6.0))),
            MeshMaterial2d(materials.add(p.text)),
            Transform::from_translation(pos.extend(3.0)),
            layer.clone(),
            scoped,
        ));
        let (anchor, offset) = geography::city_label(name);
        commands.spawn((
            text(name, 20.0, p.text),
            MapLabel(20.0),
            anchor,
            Transform::from_translation((pos + offset).extend(3.0)),
            layer.clone(),
            scoped,
        ));
    }
}

/// Sizes every map label for the player's UI scale, when it changes and as labels appear. The
/// `UiScale` resource also holds the window's own growth (see `ui::effective_ui_scale`), which
/// the map already has, its units being fitted to its slot: only the rest, the setting as far
/// as the window lets it apply, scales the labels.
fn scale_labels(
    scale: Res<UiScale>,
    resized: Query<&Window, (With<bevy::window::PrimaryWindow>, Changed<Window>)>,
    windows: Query<&Window, With<bevy::window::PrimaryWindow>>,
    added: Query<(), Added<MapLabel>>,
    mut labels: Query<(&MapLabel, &mut TextFont)>,
) {
    if !scale.is_changed() && added.is_empty() && resized.is_empty() {
        return;
    }
    let k = label_factor(&scale, windows.single().ok());
    for (label, mut font) in &mut labels {
        let size = FontSize::Px(label.0 * k);
        if font.font_size != size {
            font.font_size = size;
        }
    }
}

/// How much larger than their size at 100% the map's labels are drawn: the UI scale without
/// the window's own growth (which the map has, its units being fitted to its slot), eased by
/// `label_scale`.
fn label_factor(scale: &UiScale, window: Option<&Window>) -> f32 {
    let fit = window
        .map(|w| (Vec2::new(w.width(), w.height()) / super::DESIGN_SIZE).min_element())
        .filter(|f| *f > 0.0)
        .unwrap_or(1.0);
    label_scale(scale.0 / fit)
}

/// When the last slot is gone, the map goes, and the UI camera clears the window again.
fn despawn_without_slot(
    slots: Query<(), With<MapSlot>>,
    parts: Query<Entity, With<MapPart>>,
    mut cams: Query<&mut Camera, With<IsDefaultUiCamera>>,
    mut commands: Commands,
) {
    if !slots.is_empty() || parts.is_empty() {
        return;
    }
    for e in &parts {
        commands.entity(e).despawn();
    }
    for mut c in &mut cams {
        c.clear_color = ClearColorConfig::Default;
    }
}

/// Where the map camera looks (longitude, latitude), and the least it shows (degrees east and
/// north): a wider slot shows more longitude, a taller one more latitude. The validator's range
/// for a mark (`rules::compile::MAP_LATITUDES`) keeps inside the latitudes always shown.
pub(super) const VIEW_CENTRE: (f32, f32) = (129.0, 38.6);
pub(super) const VIEW_MIN: (f32, f32) = (14.0, 7.5);

/// What the map shows, in map units, in a viewport of `size` pixels (as `ScalingMode::AutoMin`
/// fits it).
pub(super) fn view_rect(size: Vec2) -> Option<Rect> {
    if size.x < 4.0 || size.y < 4.0 {
        return None;
    }
    let least = Vec2::new(VIEW_MIN.0 * KX, VIEW_MIN.1 * KY);
    let aspect = size.x / size.y;
    let shown = if aspect >= least.x / least.y {
        Vec2::new(least.y * aspect, least.y)
    } else {
        Vec2::new(least.x, least.x / aspect)
    };
    Some(Rect::from_center_size(
        at(VIEW_CENTRE.0, VIEW_CENTRE.1),
        shown,
    ))
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

#[cfg(test)]
mod tests {
    use super::label_scale;

    /// The map's names keep their size at 100%, grow with a larger UI scale (a player who
    /// needs larger text can read the map too) and shrink with a smaller one, within bounds.
    #[test]
    fn map_names_follow_the_ui_scale() {
        assert_eq!(label_scale(1.0), 1.0);
        assert!(label_scale(2.0) >= 1.5);
        assert!(label_scale(1.5) > label_scale(1.25));
        assert!(label_scale(0.75) < 1.0);
        assert!(
            label_scale(4.0) <= 1.6,
            "never so large the names crowd each other out"
        );
    }
}
