//! The baseline for the startup benchmark: a bare Bevy app with the same features as the game
//! (the same crate, so the same feature set) that opens a window, draws one button, and exits
//! after the same two frames the game's `--startup-probe` waits for.
//!
//! Compare: `hyperfine 'target/release/peninsula --startup-probe' 'target/release/examples/bare_window'`

use bevy::prelude::*;
use std::time::Instant;

#[derive(Resource)]
struct Start(Instant, u32);

fn main() {
    App::new()
        .add_plugins(DefaultPlugins.set(WindowPlugin {
            primary_window: Some(Window {
                title: "bare".into(),
                resolution: bevy::window::WindowResolution::new(1280, 720),
                ..default()
            }),
            ..default()
        }))
        .insert_resource(Start(Instant::now(), 0))
        .add_systems(Startup, |mut commands: Commands| {
            commands.spawn((Camera2d, IsDefaultUiCamera));
            commands.spawn((Button, Node::default(), children![Text::new("bare")]));
        })
        .add_systems(
            Last,
            |mut s: ResMut<Start>, mut exit: MessageWriter<AppExit>| {
                s.1 += 1;
                if s.1 == 2 {
                    println!(
                        "first frame after {:.1} ms",
                        s.0.elapsed().as_secs_f64() * 1000.0
                    );
                    exit.write(AppExit::Success);
                }
            },
        )
        .run();
}
