//! The desktop game when its rules do not load: the window opens all the same, on the title,
//! which lists the problems (each with its `path:line:col`) where the buttons would lead
//! nowhere; the files are read again once a second, and as soon as an edit mends them the
//! game loads and the title offers it. A modder who broke `actions.ron` and started the game
//! from a desktop shortcut saw no window at all: the problems went to a terminal nobody had.

use crate::game::GameData;
use crate::game::hot_reload::{DataWatch, newest_change};
use crate::rules::{self, Diagnostics};
use crate::ui::Notice;
use bevy::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// Where the desktop's data comes from: read again while the rules are broken.
#[derive(Resource, Debug, Clone)]
pub struct DataSource {
    pub root: PathBuf,
    pub mods: rules::mods::ModDirs,
}

/// The rules did not load: what the files looked like then, and when to look again.
#[derive(Resource, Debug)]
pub struct RulesBroken {
    last_change: Vec<(PathBuf, Option<std::time::SystemTime>, u64)>,
    timer: Timer,
}

impl RulesBroken {
    /// Broken as the files of `source` are now.
    pub fn now(source: &DataSource) -> Self {
        RulesBroken {
            last_change: newest_change(&source.root, &source.mods),
            timer: Timer::from_seconds(1.0, TimerMode::Repeating),
        }
    }
}

/// The most problems the title lists; `peninsula validate` lists every one.
const SHOWN: usize = 5;

/// What the title says of rules that do not load: their first problems, each on its line.
pub fn problems_notice(problems: &Diagnostics) -> String {
    let mut lines = vec![
        "The game's rules have problems, so no game can start until they are mended. The game \
         reads them again when a file changes."
            .to_string(),
    ];
    lines.extend(problems.iter().take(SHOWN).map(|d| d.headline()));
    match problems.len().saturating_sub(SHOWN) {
        0 => {}
        n => lines.push(format!(
            "... and {n} more: peninsula validate lists every one."
        )),
    }
    lines.join("\n")
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        read_the_rules_again.run_if(resource_exists::<RulesBroken>),
    );
}

/// Once a second, when a file has changed, loads the data again: mended, the game has its
/// data (the title then offers the game), else the title lists the new problems.
fn read_the_rules_again(
    mut commands: Commands,
    time: Res<Time>,
    source: Res<DataSource>,
    mut broken: ResMut<RulesBroken>,
    mut notice: ResMut<Notice>,
    watch: Option<ResMut<DataWatch>>,
) {
    if !broken.timer.tick(time.delta()).just_finished() {
        return;
    }
    let now = newest_change(&source.root, &source.mods);
    if now == broken.last_change {
        return;
    }
    broken.last_change = now.clone();
    match rules::load_data_with(&source.root, &source.mods) {
        Ok(data) => {
            let ready = data
                .levels
                .iter()
                .filter(|l| matches!(l, rules::LevelEntry::Ready(_)))
                .count();
            commands.insert_resource(GameData(Arc::new(data)));
            commands.remove_resource::<RulesBroken>();
            // Hot reload looks on from here, from these files.
            if let Some(mut watch) = watch {
                watch.last_change = now;
            }
            notice.0 = Some(format!("The rules load now: {ready} levels ready."));
        }
        Err(problems) => notice.0 = Some(problems_notice(&problems)),
    }
}
