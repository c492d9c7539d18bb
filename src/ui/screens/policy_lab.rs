//! The Policy lab, for a class's projector: pick a level, and the computer plays it many times
//! with six built-in policies, each on the same seeds, then shows how the games ended per
//! policy and per hidden disposition (the same picture `peninsula sim --policy a,b,c --plot`
//! draws). The games run on Bevy's async compute pool, so the window keeps drawing meanwhile.

use super::{Screen, screen_root};
use crate::game::GameData;
use crate::sim::Policy;
use crate::sim::batch::{BatchStats, run_batch};
use crate::ui::focus::Activated;
use crate::ui::theme::{Palette, button, label, size};
use bevy::asset::RenderAssetUsages;
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use bevy::tasks::futures::check_ready;
use bevy::tasks::{AsyncComputeTaskPool, Task};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The policies compared: the four lines a class argues about, plus the deterrent and the
/// adaptive player who reads the intelligence estimate.
pub const LAB_POLICIES: [&str; 6] = [
    "hawk",
    "dove",
    "beijing",
    "deterrence",
    "balanced",
    "adaptive",
];

/// Games per policy: enough for a stable picture, quick enough for a class to wait for.
pub const LAB_RUNS: u64 = 400;
/// The seed every policy plays, so the comparison is fair and the picture the same each time.
const LAB_SEED: u64 = 1;

/// The lab's level, its running games, and the picture once they are in.
#[derive(Resource, Default)]
pub struct Lab {
    /// Index into the data's levels.
    pub level: usize,
    task: Option<Task<Result<Vec<BatchStats>, String>>>,
    /// Set to stop the running games between two policies (a new run, or leaving the screen).
    cancel: Arc<AtomicBool>,
    pub image: Option<Handle<Image>>,
    /// What to say under the buttons.
    status: String,
}

impl Lab {
    /// Whether games are still being played.
    pub fn running(&self) -> bool {
        self.task.is_some()
    }
}

#[derive(Component, Clone, Copy)]
enum LabButton {
    Level,
    Run,
    Back,
}

#[derive(Component)]
struct LabStatus;

#[derive(Component)]
struct LabPicture;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Lab>()
        .add_systems(OnEnter(Screen::PolicyLab), (spawn, start).chain())
        .add_systems(OnExit(Screen::PolicyLab), stop)
        .add_systems(
            Update,
            (act, collect, show)
                .chain()
                .run_if(in_state(Screen::PolicyLab)),
        );
}

fn ready_levels(data: &GameData) -> Vec<&crate::rules::Scenario> {
    data.0.levels.iter().filter_map(|l| l.scenario()).collect()
}

fn spawn(mut commands: Commands, p: Res<Palette>) {
    commands
        .spawn((
            screen_root(Screen::PolicyLab),
            BackgroundColor(p.background),
        ))
        .with_children(|root| {
            root.spawn(label("Policy lab", size::HEADING * 1.4, p.accent));
            let line = format!(
                "Six policies play the level {LAB_RUNS} times each on the same seeds: which \
                 line works against which Pyongyang?"
            );
            root.spawn(label(line, size::BODY, p.muted));
            let bar = Node {
                flex_direction: FlexDirection::Row,
                column_gap: Val::Px(12.0),
                align_items: AlignItems::Center,
                ..default()
            };
            root.spawn(bar).with_children(|b| {
                b.spawn((button(&p, "Level: ..."), LabButton::Level, AutoFocus));
                b.spawn((button(&p, "Run again"), LabButton::Run));
                b.spawn((button(&p, "Back (Esc)"), LabButton::Back));
            });
            root.spawn((LabStatus, label("", size::SMALL, p.accent)));
            let picture = Node {
                flex_grow: 1.0,
                min_height: Val::Px(0.0),
                max_width: Val::Percent(96.0),
                ..default()
            };
            root.spawn((LabPicture, picture, ImageNode::default()));
        });
}

fn start(mut lab: ResMut<Lab>, data: Res<GameData>) {
    run(&mut lab, &data);
}

/// Leaving the screen stops the games: the task stops before its next policy.
fn stop(mut lab: ResMut<Lab>) {
    lab.cancel.store(true, Ordering::Relaxed);
    lab.task = None;
}

/// Starts the games for the chosen level on the async compute pool; an older run stops before
/// its next policy.
fn run(lab: &mut Lab, data: &GameData) {
    lab.cancel.store(true, Ordering::Relaxed);
    lab.cancel = Arc::new(AtomicBool::new(false));
    let cancel = lab.cancel.clone();
    let levels = ready_levels(data);
    if levels.is_empty() {
        lab.status = "No level loads; see Single level for their errors.".into();
        return;
    }
    lab.level %= levels.len();
    let sc = levels[lab.level].clone();
    let root = data.0.root.clone();
    lab.status = format!("Playing {} ...", sc.def.title);
    lab.image = None;
    lab.task = Some(AsyncComputeTaskPool::get().spawn(async move {
        LAB_POLICIES
            .iter()
            .map(|name| {
                if cancel.load(Ordering::Relaxed) {
                    return Err("stopped".to_string());
                }
                let policy = Policy::load(&sc, &root, name)
                    .map_err(|_| format!("the built-in policy {name} does not load"))?;
                Ok(run_batch(&sc, &policy, LAB_RUNS, LAB_SEED, 1, &|_| {}))
            })
            .collect()
    }));
}

fn act(
    mut activated: MessageReader<Activated>,
    buttons: Query<&LabButton>,
    keys: Res<ButtonInput<KeyCode>>,
    mut lab: ResMut<Lab>,
    data: Res<GameData>,
    mut next: ResMut<NextState<Screen>>,
) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Title);
        return;
    }
    for Activated(e) in activated.read() {
        match buttons.get(*e) {
            Ok(LabButton::Level) => {
                let n = ready_levels(&data).len().max(1);
                lab.level = (lab.level + 1) % n;
                run(&mut lab, &data);
            }
            Ok(LabButton::Run) => run(&mut lab, &data),
            Ok(LabButton::Back) => next.set(Screen::Title),
            Err(_) => {}
        }
    }
}

/// Turns the finished games into the picture.
fn collect(mut lab: ResMut<Lab>, mut images: ResMut<Assets<Image>>) {
    let Some(task) = lab.task.as_mut() else {
        return;
    };
    let Some(result) = check_ready(task) else {
        return;
    };
    lab.task = None;
    match result.and_then(|batches| crate::report::lab::rgb(&batches)) {
        Ok((h, rgb)) => {
            let rgba: Vec<u8> = rgb
                .chunks(3)
                .flat_map(|c| [c[0], c[1], c[2], 255])
                .collect();
            let image = Image::new(
                Extent3d {
                    width: crate::report::lab::WIDTH,
                    height: h,
                    depth_or_array_layers: 1,
                },
                TextureDimension::D2,
                rgba,
                TextureFormat::Rgba8UnormSrgb,
                RenderAssetUsages::RENDER_WORLD,
            );
            lab.image = Some(images.add(image));
            lab.status =
                "Green: won, grey: lost, red: war. The same seeds for every policy.".into();
        }
        Err(e) => lab.status = e,
    }
}

fn show(
    lab: Res<Lab>,
    data: Res<GameData>,
    mut texts: Query<&mut Text>,
    buttons: Query<(&LabButton, &Children)>,
    status: Query<Entity, With<LabStatus>>,
    mut picture: Query<&mut ImageNode, With<LabPicture>>,
) {
    if !lab.is_changed() {
        return;
    }
    let levels = ready_levels(&data);
    if let Some(sc) = levels.get(lab.level) {
        // The Level button's label names the level (the button cycles through them).
        for (which, kids) in &buttons {
            if !matches!(which, LabButton::Level) {
                continue;
            }
            for k in kids.iter() {
                if let Ok(mut t) = texts.get_mut(k) {
                    t.0 = format!("Level: {} ({})", sc.def.title, sc.def.years);
                }
            }
        }
    }
    if let Ok(e) = status.single()
        && let Ok(mut t) = texts.get_mut(e)
    {
        t.0 = lab.status.clone();
    }
    if let Ok(mut node) = picture.single_mut() {
        node.image = lab.image.clone().unwrap_or_default();
    }
}
