//! The Policy lab, for a class's projector: pick a level, and the computer plays it many times
//! with six built-in policies, each on the same seeds, then shows how the games ended per
//! policy and per hidden disposition (the figures `peninsula sim --policy a,b,c --plot` draws).
//! The table is made of UI nodes, not a picture, so its text stays sharp and readable at every
//! window size and UI scale, and its colours follow the palette (colour-blind included). The
//! games run on Bevy's async compute pool, so the window keeps drawing meanwhile.

use super::{Screen, screen_root};
use crate::game::GameData;
use crate::sim::Policy;
use crate::sim::batch::Rates;
use crate::sim::batch::{BatchStats, run_batch};
use crate::ui::focus::{Activated, Stepped, Stepper, presses_and_steps, step_round};
use crate::ui::scroll::ScrollOnWheel;
use crate::ui::theme::{Palette, button, label, size};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
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

/// What each policy does, in a line, for the table (the policy files say it at length).
fn summary(policy: &str) -> &'static str {
    crate::sim::policy::builtin_summary(policy).unwrap_or("")
}

/// Games per policy: enough for a stable picture, quick enough for a class to wait for.
pub const LAB_RUNS: u64 = 400;
/// The batch seed every policy plays (as `sim --seed`), so the comparison is fair and a level's
/// first picture the same each time; "Run on new seeds" moves on to the next one a press.
const LAB_SEED: u64 = 1;

/// The lab's level, its running games, and the picture once they are in.
#[derive(Resource, Default)]
pub struct Lab {
    /// Index into the data's levels.
    pub level: usize,
    task: Option<Task<Result<Vec<BatchStats>, String>>>,
    /// Set to stop the running games between two policies (a new run, or leaving the screen).
    cancel: Arc<AtomicBool>,
    /// How the games ended, one batch per policy in `LAB_POLICIES` order, once they are in.
    pub results: Option<Vec<BatchStats>>,
    /// What to say under the buttons.
    status: String,
    /// How many times "Run on new seeds" was pressed for this level (0: the first seeds).
    round: u64,
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

/// The table's box: emptied and filled again when new results come in.
#[derive(Component)]
struct LabTable;

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
            // The buttons wrap onto a second line, and a long level title wraps inside its
            // button, when the window is narrow (a mod's level may have a long title). The bar
            // is as wide as the screen, so its height is measured with the lines it wraps
            // into, and it keeps that height: the second line never lies over the status line
            // (presentation mode at 1280x720).
            let bar = Node {
                flex_direction: FlexDirection::Row,
                flex_wrap: FlexWrap::Wrap,
                flex_shrink: 0.0,
                justify_content: JustifyContent::Center,
                width: Val::Percent(100.0),
                column_gap: Val::Px(12.0),
                row_gap: Val::Px(8.0),
                align_items: AlignItems::Center,
                ..default()
            };
            root.spawn(bar).with_children(|b| {
                b.spawn((
                    button(&p, "Level: ..."),
                    LabButton::Level,
                    Stepper,
                    AutoFocus,
                ));
                b.spawn((button(&p, "Run on new seeds"), LabButton::Run));
                b.spawn((button(&p, "Back (Esc)"), LabButton::Back));
            });
            root.spawn((LabStatus, label("", size::BODY, p.accent)));
            // It scrolls (wheel, PageDown) when a large text scale or presentation mode leaves
            // it too little room, with the accent edge where rows are hidden.
            let table = Node {
                width: Val::Percent(100.0),
                max_width: Val::Px(1100.0),
                flex_grow: 1.0,
                min_height: Val::Px(0.0),
                flex_direction: FlexDirection::Column,
                row_gap: Val::Px(6.0),
                overflow: Overflow::scroll_y(),
                border: UiRect::vertical(Val::Px(1.0)),
                ..default()
            };
            let frameless = BorderColor::all(Color::NONE);
            root.spawn((LabTable, ScrollOnWheel, table, frameless));
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
    let first = LAB_SEED + lab.round;
    lab.status = format!("Playing {} ...", sc.def.title);
    lab.results = None;
    lab.task = Some(AsyncComputeTaskPool::get().spawn(async move {
        LAB_POLICIES
            .iter()
            .map(|name| {
                if cancel.load(Ordering::Relaxed) {
                    return Err("stopped".to_string());
                }
                let policy = Policy::load(&sc, &root, name)
                    .map_err(|_| format!("the built-in policy {name} does not load"))?;
                Ok(run_batch(&sc, &policy, LAB_RUNS, first, 1, &|_| {}))
            })
            .collect()
    }));
}

fn act(
    mut activated: MessageReader<Activated>,
    mut stepped: MessageReader<Stepped>,
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
    // Enter on Level, or Right, moves to the next level; Left to the one before.
    for (e, by) in presses_and_steps(&mut activated, &mut stepped) {
        match buttons.get(e) {
            Ok(LabButton::Level) => {
                lab.level = step_round(lab.level, ready_levels(&data).len(), by);
                lab.round = 0;
                run(&mut lab, &data);
            }
            Ok(LabButton::Run) => {
                lab.round += 1;
                run(&mut lab, &data);
            }
            Ok(LabButton::Back) => next.set(Screen::Title),
            Err(_) => {}
        }
    }
}

/// Keeps the finished games for the table.
fn collect(mut lab: ResMut<Lab>, p: Res<Palette>) {
    let Some(task) = lab.task.as_mut() else {
        return;
    };
    let Some(result) = check_ready(task) else {
        return;
    };
    lab.task = None;
    match result {
        Ok(batches) => {
            lab.results = Some(batches);
            let seed = LAB_SEED + lab.round;
            lab.status = format!(
                "Share of games won (seed {seed}); the bar: won ({}), lost (grey), war ({}). \
                 The best line against each type is outlined in {} (none where no line wins \
                 one game in {}).",
                p.good_name,
                p.bad_name,
                p.good_name,
                (1.0 / BEST_WORTH_NAMING).round()
            );
        }
        Err(e) => lab.status = e,
    }
}

fn show(
    mut commands: Commands,
    lab: Res<Lab>,
    data: Res<GameData>,
    p: Res<Palette>,
    mut texts: Query<&mut Text>,
    buttons: Query<(&LabButton, &Children)>,
    status: Query<Entity, With<LabStatus>>,
    table: Query<Entity, With<LabTable>>,
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
                    t.0 = format!("Level: < {} ({}) >", sc.def.title, sc.def.years);
                }
            }
        }
    }
    if let Ok(e) = status.single()
        && let Ok(mut t) = texts.get_mut(e)
    {
        t.0 = lab.status.clone();
    }
    if let Ok(e) = table.single() {
        commands.entity(e).despawn_children();
        if let Some(batches) = &lab.results {
            commands
                .entity(e)
                .with_children(|t| spawn_table(t, &p, batches));
        }
    }
}

/// The least win rate a column's best line needs to be outlined as the best against that type.
const BEST_WORTH_NAMING: f64 = 0.05;

/// The table: a row per policy, a column for all games and one per hidden disposition; each
/// cell gives the share of games won, a bar of won, lost and war, and the share of wars when
/// there were any. The best win rate in each column is outlined, when it is at least
/// [`BEST_WORTH_NAMING`].
fn spawn_table(t: &mut ChildSpawnerCommands, p: &Palette, batches: &[BatchStats]) {
    let Some(first) = batches.first() else {
        return;
    };
    // Every policy plays the same seeds, so the same games fall to each disposition.
    let mut columns: Vec<(String, u64)> = vec![("All games".into(), first.overall.runs)];
    columns.extend(
        first
            .by_disposition
            .iter()
            .map(|(ty, r)| (format!("vs {}", ty.replace('_', " ")), r.runs)),
    );
    fn rates(b: &BatchStats, column: usize) -> Option<&Rates> {
        match column {
            0 => Some(&b.overall),
            c => b.by_disposition.values().nth(c - 1),
        }
    }
    let best: Vec<f64> = (0..columns.len())
        .map(|c| {
            batches
                .iter()
                .filter_map(|b| rates(b, c).map(|r| r.win_rate))
                .fold(0.0, f64::max)
        })
        .collect();
    let row = || Node {
        flex_direction: FlexDirection::Row,
        column_gap: Val::Px(8.0),
        align_items: AlignItems::Center,
        ..default()
    };
    let name_cell = || Node {
        width: Val::Percent(30.0),
        flex_direction: FlexDirection::Column,
        ..default()
    };
    let cell = || Node {
        flex_grow: 1.0,
        flex_basis: Val::Px(0.0),
        flex_direction: FlexDirection::Column,
        row_gap: Val::Px(3.0),
        padding: UiRect::axes(Val::Px(8.0), Val::Px(4.0)),
        border: UiRect::all(Val::Px(2.0)),
        border_radius: BorderRadius::all(Val::Px(4.0)),
        ..default()
    };
    let header = Node {
        padding: UiRect::horizontal(Val::Px(10.0)),
        ..row()
    };
    t.spawn(header).with_children(|h| {
        h.spawn(name_cell()).with_children(|n| {
            n.spawn(label("Policy", size::BODY, p.muted));
        });
        for (name, runs) in &columns {
            h.spawn(cell()).with_children(|c| {
                c.spawn(label(name.clone(), size::BODY, p.text));
                c.spawn(label(format!("{runs} games"), size::SMALL, p.muted));
            });
        }
    });
    for b in batches {
        let panel = Node {
            padding: UiRect::axes(Val::Px(10.0), Val::Px(2.0)),
            border_radius: BorderRadius::all(Val::Px(6.0)),
            ..row()
        };
        t.spawn((panel, BackgroundColor(p.panel), BorderColor::all(p.border)))
            .with_children(|r| {
                r.spawn(name_cell()).with_children(|n| {
                    n.spawn(label(b.policy.clone(), size::HEADING, p.text));
                    n.spawn(label(summary(&b.policy), size::SMALL, p.muted));
                });
                for (c, best) in best.iter().enumerate() {
                    let Some(rates) = rates(b, c) else {
                        r.spawn(cell());
                        continue;
                    };
                    // Not the accent: that is the focus ring's colour.
                    // A best that wins almost never is no line to follow: against a 2017
                    // builder every line wins about 1%, and one was outlined as "the best".
                    let outline = if rates.win_rate >= *best && *best >= BEST_WORTH_NAMING {
                        p.good
                    } else {
                        Color::NONE
                    };
                    r.spawn((cell(), BorderColor::all(outline)))
                        .with_children(|c| {
                            // The share of wars goes under the share won when both do not fit.
                            let line = Node {
                                flex_direction: FlexDirection::Row,
                                flex_wrap: FlexWrap::Wrap,
                                column_gap: Val::Px(10.0),
                                align_items: AlignItems::Baseline,
                                ..default()
                            };
                            c.spawn(line).with_children(|l| {
                                let won = format!("{:.0}% won", rates.win_rate * 100.0);
                                let colour = if rates.win_rate > 0.0 {
                                    p.good
                                } else {
                                    p.muted
                                };
                                l.spawn(label(won, size::HEADING, colour));
                                if rates.war_rate > 0.0 {
                                    let war =
                                        format!("war {:.0}%", (rates.war_rate * 100.0).max(1.0));
                                    l.spawn(label(war, size::SMALL, p.bad));
                                }
                            });
                            spawn_bar(c, p, rates);
                        });
                }
            });
    }
}

/// A bar split into the shares of games won, lost and ended in war.
fn spawn_bar(c: &mut ChildSpawnerCommands, p: &Palette, rates: &Rates) {
    let bar = Node {
        width: Val::Percent(100.0),
        height: Val::Px(8.0),
        flex_direction: FlexDirection::Row,
        ..default()
    };
    c.spawn((bar, BackgroundColor(p.panel_raised)))
        .with_children(|b| {
            for (share, colour) in [
                (rates.win_rate, p.good),
                (rates.loss_rate, p.muted),
                (rates.war_rate, p.bad),
            ] {
                if share > 0.0 {
                    let part = Node {
                        width: Val::Percent((share * 100.0) as f32),
                        height: Val::Percent(100.0),
                        ..default()
                    };
                    b.spawn((part, BackgroundColor(colour)));
                }
            }
        });
}
