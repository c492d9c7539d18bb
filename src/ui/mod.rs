//! The desktop game: the window, the screens, the map, and the screenshot tour. Each screen is
//! one file under `screens/` with its own plugin; they share the theme and the game resources.

pub mod broken_rules;
pub mod fallback_fonts;
pub mod focus;
pub mod map;
pub mod open_page;
pub mod screens;
pub mod scroll;
pub mod text_fit;
pub mod theme;
pub mod tour;

use crate::cli::Cli;
use crate::game::saves::{Profile, save_dir};
use crate::game::{self, GameData};
use crate::rules;
use bevy::prelude::*;
use bevy::window::{PresentMode, WindowMode, WindowResolution};
use std::sync::Arc;

/// The player's settings and campaign progress, with the folder they live in.
#[derive(Resource, Debug, Clone)]
pub struct Settings {
    pub profile: Profile,
    pub dir: std::path::PathBuf,
}

/// Messages for the player that outlive a screen: "the save was damaged", "saved to slot 2".
#[derive(Resource, Debug, Default, Clone)]
pub struct Notice(pub Option<String>);

/// Everything of the game but the window and the rendering: the data, the player's settings,
/// the game plugin, the theme and every screen. The desktop adds `DefaultPlugins` and the map;
/// headless tests add `MinimalPlugins`, states and input.
pub fn add_game_screens(
    app: &mut App,
    data: rules::DataSet,
    profile: Profile,
    dir: std::path::PathBuf,
    notice: Option<String>,
) {
    app.insert_resource(GameData(Arc::new(data)));
    add_screens(app, profile, dir, notice);
}

/// The screens with rules that did not load, as the desktop opens them (`broken_rules`): the
/// title lists `problems`, and `source` is read again as its files change.
pub fn add_game_screens_with_broken_rules(
    app: &mut App,
    source: broken_rules::DataSource,
    problems: &rules::Diagnostics,
    profile: Profile,
    dir: std::path::PathBuf,
) {
    let notice = broken_rules::problems_notice(problems);
    app.insert_resource(broken_rules::RulesBroken::now(&source))
        .insert_resource(source)
        .add_plugins(broken_rules::plugin);
    add_screens(app, profile, dir, Some(notice));
}

/// The same, for a data set that arrives later (the desktop loads it while the window opens).
fn add_screens(app: &mut App, profile: Profile, dir: std::path::PathBuf, notice: Option<String>) {
    let palette = theme::Palette::for_settings(profile.colour_blind, profile.presentation);
    app.insert_resource(ClearColor(palette.background))
        .insert_resource(UiScale(profile.ui_scale))
        .insert_resource(Notice(notice))
        .insert_resource(Settings { profile, dir })
        .add_plugins((
            game::plugin,
            theme::plugin,
            focus::plugin,
            open_page::plugin,
            screens::plugin,
        ))
        .add_systems(PreUpdate, fit_ui_scale)
        .insert_resource(palette);
}

/// Shrinks the window, once, when the screen it opens on is smaller than it (less a margin
/// for the desktop's panels): the default 1280x720 cut off the right and bottom of a 1024x600
/// screen. The layout scales down with the window (`DESIGN_SIZE`).
fn fit_window_to_monitor(
    mut done: Local<bool>,
    monitors: Query<&bevy::window::Monitor, With<bevy::window::PrimaryMonitor>>,
    mut windows: Query<&mut Window, With<bevy::window::PrimaryWindow>>,
) {
    if *done {
        return;
    }
    let (Ok(monitor), Ok(mut window)) = (monitors.single(), windows.single_mut()) else {
        return;
    };
    *done = true;
    if window.mode != WindowMode::Windowed || monitor.scale_factor <= 0.0 {
        return;
    }
    let scale = monitor.scale_factor as f32;
    let screen = Vec2::new(
        monitor.physical_width as f32,
        monitor.physical_height as f32,
    ) / scale;
    let room = screen * Vec2::new(0.96, 0.9);
    let size = Vec2::new(window.resolution.width(), window.resolution.height());
    if size.x > room.x || size.y > room.y {
        let fitted = size.min(room).max(Vec2::new(640.0, 400.0));
        window.resolution.set(fitted.x.floor(), fitted.y.floor());
    }
}

/// The screens are laid out for a window of 1280x720 logical pixels. The UI scale grows with
/// the window (1920x1080 draws everything half as large again), times the player's setting;
/// the result is capped so the layout never has less than `SMALLEST_LAYOUT` to work in, so no
/// screen is clipped at any setting.
pub const DESIGN_SIZE: Vec2 = Vec2::new(1280.0, 720.0);
pub const SMALLEST_LAYOUT: Vec2 = Vec2::new(1024.0, 600.0);

/// The largest setting that fits a window of `window` logical pixels, when it is below 2.0.
pub fn largest_fitting_setting(window: Option<Vec2>) -> Option<f32> {
    let size = window.filter(|s| s.x > 0.0 && s.y > 0.0)?;
    let fit = (size / DESIGN_SIZE).min_element();
    let cap = (size / SMALLEST_LAYOUT).min_element();
    Some(cap / fit).filter(|s| *s < 2.0)
}

/// The UI scale for a window of `window` logical pixels and the player's `setting`.
pub fn effective_ui_scale(window: Option<Vec2>, setting: f32) -> f32 {
    let Some(size) = window.filter(|s| s.x > 0.0 && s.y > 0.0) else {
        return setting;
    };
    let fit = (size / DESIGN_SIZE).min_element();
    let cap = (size / SMALLEST_LAYOUT).min_element();
    (fit * setting).min(cap)
}

fn fit_ui_scale(
    settings: Res<Settings>,
    windows: Query<&Window, (With<bevy::window::PrimaryWindow>, Changed<Window>)>,
    all_windows: Query<&Window, With<bevy::window::PrimaryWindow>>,
    mut scale: ResMut<UiScale>,
) {
    if !settings.is_changed() && windows.is_empty() {
        return;
    }
    let size = all_windows
        .single()
        .ok()
        .map(|w| Vec2::new(w.resolution.width(), w.resolution.height()));
    let want = effective_ui_scale(size, settings.profile.text_scale());
    if (scale.0 - want).abs() > 1e-4 {
        scale.0 = want;
    }
}

/// The data being loaded on a thread.
#[derive(Resource)]
struct DataLoader(
    std::sync::Mutex<Option<std::thread::JoinHandle<Result<rules::DataSet, rules::Diagnostics>>>>,
);

/// Waits for the data before the first frame. Broken rules open the title on their problems
/// (`broken_rules`), read again as the files change; the screenshot tour, which needs a game,
/// ends with them.
fn receive_data(world: &mut World) {
    let handle = world
        .get_resource::<DataLoader>()
        .and_then(|l| l.0.lock().ok().and_then(|mut h| h.take()));
    let Some(handle) = handle else { return };
    match handle.join() {
        Ok(Ok(data)) => {
            // A level or an installed mod that does not load is said at once, on the title and
            // on the terminal, as the command line says it: not found only under Mods.
            if let crate::game::hot_reload::DataReloaded::Partly { problem, .. } =
                crate::game::hot_reload::DataReloaded::of(&data, None)
            {
                eprintln!("warning: {problem}");
                let mut notice = world.resource_mut::<Notice>();
                if notice.0.is_none() {
                    notice.0 = Some(format!(
                        "Not everything loads: {problem}. Mods lists every problem."
                    ));
                }
            }
            world.insert_resource(GameData(Arc::new(data)));
        }
        Ok(Err(diags)) => {
            print!("{diags}");
            eprintln!("error: the rules have problems; run `peninsula validate` for details");
            let source = world.get_resource::<broken_rules::DataSource>().cloned();
            match source {
                Some(source) if !world.contains_resource::<tour::Tour>() => {
                    world.insert_resource(broken_rules::RulesBroken::now(&source));
                    world.resource_mut::<Notice>().0 = Some(broken_rules::problems_notice(&diags));
                }
                _ => std::process::exit(1),
            }
        }
        Err(_) => {
            eprintln!("error: loading the data failed");
            std::process::exit(1);
        }
    }
}

/// `--class-code`: opens the briefing of the level the code names, with its seed and options;
/// a code that does not read is reported on the title screen.
pub fn open_class_code(world: &mut World, code: &str) {
    let Some(data) = world.get_resource::<GameData>().map(|d| d.0.clone()) else {
        return;
    };
    match crate::sim::class_code::decode(&data, code) {
        Ok(class) => {
            let Some(sc) = data.level(&class.level).and_then(|l| l.scenario()) else {
                return;
            };
            world.insert_resource(screens::ChosenLevel {
                scenario: Arc::new(sc.clone()),
                campaign: false,
                seed: class.seed,
                class_code: Some(class),
            });
            world
                .resource_mut::<NextState<screens::Screen>>()
                .set(screens::Screen::Briefing);
        }
        Err(e) => world.resource_mut::<Notice>().0 = Some(format!("Class code: {e}")),
    }
}

/// Opens the game window; returns the exit code.
pub fn run_desktop(args: &Cli) -> i32 {
    // With no X display the window cannot open: say so in a line, not a panic's backtrace.
    if cfg!(all(unix, not(target_os = "macos"))) && std::env::var_os("DISPLAY").is_none() {
        eprintln!(
            "error: no display to open the game's window on (DISPLAY is not set); the \
             command-line tools work without one (peninsula --help)"
        );
        return 2;
    }
    let root = match rules::find_data_dir(args.data.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    // The tour's first shots come before anything else writes there, so the folder is made
    // now, and a folder that cannot be made is said before a window opens.
    if let Some(out) = &args.screenshot_tour
        && let Err(e) = std::fs::create_dir_all(out)
    {
        eprintln!("error: cannot make {}: {e}", out.display());
        return 2;
    }
    let dir = match &args.screenshot_tour {
        // The tour never touches the player's own saves.
        Some(out) => out.join("saves"),
        None => save_dir(),
    };
    let (profile, damaged) = Profile::load(&dir);
    // The data loads on a thread while the window and the renderer start up; the first frame
    // waits for it (see `receive_data`). Mods the player turned off stay off.
    let mut mods = rules::mods::ModDirs::standard(args.mods.clone());
    mods.disabled = profile.disabled_mods.clone();
    let source = broken_rules::DataSource {
        root: root.clone(),
        mods: mods.clone(),
    };
    let loader = {
        let root = root.clone();
        std::thread::spawn(move || rules::load_data_with(&root, &mods))
    };
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Peninsula".into(),
                    resolution: {
                        let (w, h) = args.window.unwrap_or((1280, 720));
                        WindowResolution::new(w, h)
                    },
                    present_mode: PresentMode::AutoVsync,
                    // A window being made has no current monitor yet (winit logs "Can't
                    // select current monitor on window creation" and the game laid itself out
                    // for a screen it did not fill): the primary one it opens on.
                    mode: if profile.fullscreen && args.screenshot_tour.is_none() {
                        WindowMode::BorderlessFullscreen(MonitorSelection::Primary)
                    } else {
                        WindowMode::Windowed
                    },
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                file_path: root.join("assets").display().to_string(),
                ..default()
            }),
    );
    app.add_plugins((
        map::plugin,
        scroll::plugin,
        text_fit::plugin,
        fallback_fonts::plugin,
    ));
    // A window the player did not size fits the screen it opens on (a 1024x600 netbook).
    if args.window.is_none() && args.screenshot_tour.is_none() {
        app.add_systems(Update, fit_window_to_monitor);
    }
    app.insert_resource(DataLoader(std::sync::Mutex::new(Some(loader))))
        .insert_resource(source)
        .add_plugins(broken_rules::plugin)
        .add_systems(PreStartup, receive_data);
    add_screens(&mut app, profile, dir, damaged);
    if let Some(id) = &args.difficulty {
        app.insert_resource(screens::briefing::ChosenDifficulty::asked(id));
    }
    if let Some(rule) = args.teams {
        app.insert_resource(screens::briefing::HotSeatRule(Some(rule)));
    }
    if args.facilitator {
        app.insert_resource(screens::dashboard::facilitator::Facilitator::enabled());
    }
    if let Some(code) = args.class_code.clone() {
        if args.teams.is_some() || args.difficulty.is_some() {
            eprintln!(
                "note: a class code fixes the teams and the difficulty for the whole class, so --teams and --difficulty are not used with --class-code"
            );
        }
        app.add_systems(Startup, move |world: &mut World| {
            open_class_code(world, &code)
        });
    }
    if let Some(out) = &args.screenshot_tour {
        app.insert_resource(tour::Tour::new(out.clone()));
        app.add_plugins(tour::plugin);
    }
    if args.startup_probe {
        app.add_plugins(tour::startup_probe);
    }
    match app.run() {
        AppExit::Success => 0,
        AppExit::Error(code) => code.get() as i32,
    }
}
