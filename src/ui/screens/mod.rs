//! The screens of the game as Bevy states, and what they share: the chosen level, the screen
//! root, and "Esc goes back". Each screen lives in its own file with its own plugin.

pub mod briefing;
mod campaign;
pub mod class_code_field;
pub mod class_page;
pub mod dashboard;
pub mod debrief;
pub mod group_name_field;
pub mod how_to_play;
mod load;
mod mods;
pub mod policy_lab;
mod settings;
mod title;

use crate::rules::Scenario;
use crate::sim::class_code::ClassCode;
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;
use std::sync::Arc;

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Title,
    /// The four historical levels in order, locked until the previous is finished.
    Campaign,
    /// Every level, broken ones included with their error.
    Levels,
    Briefing,
    Dashboard,
    Debrief,
    Settings,
    Load,
    /// Every built-in policy played many times on one level, for a class's projector.
    PolicyLab,
    /// The mods found, what they add, and turning them on or off.
    Mods,
    /// What a turn is, the moves, reading Pyongyang, tension, winning: for a first game.
    HowToPlay,
    /// Every group's exported report on this machine, and the class's page written from them.
    ClassPage,
}

/// The phases of a turn on the dashboard.
#[derive(SubStates, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[source(Screen = Screen::Dashboard)]
pub enum TurnPhase {
    /// The player picks a move.
    #[default]
    Decide,
    /// The answers come in one by one.
    Resolve,
    /// The turn's news stays up until the player continues.
    Report,
}

/// The level chosen on the campaign or level screen, and whether it is played as the campaign.
#[derive(Resource, Clone)]
pub struct ChosenLevel {
    pub scenario: Arc<Scenario>,
    pub campaign: bool,
    pub seed: u64,
    /// The class code the game was opened with, shown on the briefing and the dashboard.
    pub class_code: Option<ClassCode>,
}

/// Where Settings and Load return to.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnTo(pub Screen);

pub fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        .add_sub_state::<TurnPhase>()
        .insert_resource(ReturnTo(Screen::Title))
        .add_systems(Startup, spawn_camera)
        .init_resource::<EditNotLoaded>()
        .add_systems(Update, announce_reload)
        .add_systems(OnEnter(Screen::Title), remind_of_an_edit_not_loaded)
        .add_plugins((
            title::plugin,
            class_code_field::plugin,
            group_name_field::plugin,
            campaign::plugin,
            briefing::plugin,
            dashboard::plugin,
            debrief::plugin,
            settings::plugin,
            load::plugin,
            policy_lab::plugin,
            mods::plugin,
            how_to_play::plugin,
            class_page::plugin,
        ));
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn((Camera2d, Msaa::Sample4, IsDefaultUiCamera));
}

/// What the last hot reload could not load, while it stays so: the title says it again each
/// time it opens. A modder who saw "Not reloaded" pass on a game's bottom line, then quit to
/// the title, found no word of it there and every level listed as fine, and took the broken
/// edit for live.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct EditNotLoaded(pub Option<String>);

/// Puts the standing problem of the last reload on the title, unless it has something else to
/// say.
fn remind_of_an_edit_not_loaded(
    standing: Res<EditNotLoaded>,
    mut notice: ResMut<crate::ui::Notice>,
) {
    if let Some(problem) = &standing.0
        && notice.0.as_deref().unwrap_or("").is_empty()
    {
        notice.0 = Some(problem.clone());
    }
}

/// After a hot reload: says what happened, and redraws the screens that list levels or mods.
fn announce_reload(
    mut reloads: MessageReader<crate::game::hot_reload::DataReloaded>,
    mut notice: ResMut<crate::ui::Notice>,
    mut standing: ResMut<EditNotLoaded>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(reload) = reloads.read().last() else {
        return;
    };
    use crate::game::hot_reload::DataReloaded;
    standing.0 = match reload {
        DataReloaded::Ready(_) | DataReloaded::Warned { .. } => None,
        DataReloaded::Partly { problem, .. } => {
            Some(format!("Since the last edit of the data, {problem}"))
        }
        DataReloaded::Kept(problem) => Some(format!(
            "Still not reloaded, the game keeps the data from before the edit: {problem}"
        )),
    };
    // A game in progress keeps the rules it started with: said where it is being played.
    let in_game = if matches!(screen.get(), Screen::Dashboard | Screen::Debrief)
        && !matches!(reload, DataReloaded::Kept(_))
    {
        " (new games only: this one keeps the rules it started with)"
    } else {
        ""
    };
    notice.0 = Some(match reload {
        DataReloaded::Ready(n) => format!("Data reloaded: {n} levels ready{in_game}."),
        DataReloaded::Partly { ready, problem } => {
            format!("Data reloaded{in_game}, {ready} levels ready; {problem}")
        }
        DataReloaded::Kept(problem) => {
            format!("Not reloaded, the game keeps the data from before the edit: {problem}")
        }
        // Loaded and in use; what `validate` would add is said, so the edit that made it is
        // still in mind.
        DataReloaded::Warned { ready, warning } => {
            format!("Data reloaded: {ready} levels ready{in_game}; {warning}")
        }
    });
    if matches!(
        screen.get(),
        Screen::Title | Screen::Campaign | Screen::Levels | Screen::Mods
    ) {
        next.set(*screen.get());
    }
}

/// Chooses the sandbox level for a new game (from the title or the how-to-play page), or says
/// why it cannot be played.
fn choose_sandbox(data: &crate::game::GameData, commands: &mut Commands) -> Result<(), String> {
    let sc = data
        .0
        .level("sandbox")
        .and_then(|l| l.scenario())
        .ok_or("The sandbox level is missing or broken; see Single level.")?;
    commands.insert_resource(ChosenLevel {
        scenario: Arc::new(sc.clone()),
        campaign: false,
        seed: fresh_seed(),
        class_code: None,
    });
    Ok(())
}

/// The root node of a screen: fills the window, holds the screen's Tab order, and despawns
/// when the screen is left.
pub fn screen_root(screen: Screen) -> impl Bundle {
    (
        DespawnOnExit(screen),
        TabGroup::new(0),
        Node {
            width: Val::Percent(100.0),
            height: Val::Percent(100.0),
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            padding: UiRect::all(Val::Px(24.0)),
            row_gap: Val::Px(12.0),
            ..default()
        },
    )
}

/// A screen's column of content that scrolls (the wheel, or the focus moving down it) when it
/// is taller than the window, as at a large text scale or in presentation mode at 1280x720;
/// spawn it with `ScrollOnWheel`.
pub fn scrolling_column(row_gap: f32) -> Node {
    Node {
        width: Val::Percent(100.0),
        flex_grow: 1.0,
        min_height: Val::Px(0.0),
        flex_direction: FlexDirection::Column,
        align_items: AlignItems::Center,
        row_gap: Val::Px(row_gap),
        overflow: Overflow::scroll_y(),
        ..default()
    }
}

/// A seed for a new game: the time, unless the tour needs a fixed one.
pub fn fresh_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
}
