//! The screenshot tour (`peninsula --screenshot-tour DIR`): opens the real window, walks every
//! screen through a scripted game of the 2017 level — title, settings, campaign, level list,
//! briefing, dashboard, the in-game menu, the resolution, the report, the debrief and the load
//! screen — saves a PNG of each to DIR and exits 0 (1 if a screenshot never arrived).
//!
//! Keys go in as real keyboard messages from the window, before Bevy reads its input, so the
//! tour exercises the same paths as a player at the keyboard (focus, widgets, shortcuts). The
//! dashboard and the debrief are also shot at UI scale 75% and 200%. Also here: the startup
//! probe used by the startup benchmark.

use super::screens::dashboard::{ContinueFromReport, EndTurn, Reveal};
use super::screens::{ChosenLevel, Screen, TurnPhase};
use crate::game::{ActiveGame, ActiveScenario, GameData};
use bevy::input::keyboard::{Key, KeyboardInput, NativeKey};
use bevy::input::{ButtonState, InputSystems};
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy::window::PrimaryWindow;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

const LEVEL: &str = "2017_fire_and_fury";
const SEED: u64 = 7;
/// How long the tour waits for its screenshots to reach the disk before giving up.
const SAVE_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug, Clone)]
enum Step {
    Wait(u32),
    Shot(&'static str),
    Go(Screen),
    Choose,
    Key(KeyCode),
    EndTurnWith(&'static str),
    UntilPhase(TurnPhase),
    /// Wait until the resolution shows this many lines.
    UntilLines(usize),
    /// Set the UI scale setting (not saved).
    Scale(f32),
    /// Wait until every move's forecast is in.
    UntilForecast,
    /// Activate the debrief's timeline row of this turn.
    Rewind(u32),
    Continue,
    PlayOut,
    /// From now on new games are hot-seat team games settled by playing both moves.
    Teams,
    /// Turn presentation mode on (not saved); screens built after this show it.
    Presentation,
    /// Put this text in the title's class-code field, as if typed.
    TypeCode(&'static str),
    /// Turn the facilitator's controls on.
    Facilitator,
    /// Wait until the Policy lab's picture is in.
    UntilLab,
    /// Give the focus to the leftmost panel only the wheel pages that has joined the Tab
    /// order (the figures, at a large UI scale), as Shift+Tab from the first card does.
    FocusWheelPanel,
    /// Give the focus to the objectives panel, which then shows every objective.
    FocusObjectives,
    /// Scroll the debrief's discussion panel to its end, where the game stands beside the
    /// record and the real year's events follow.
    ScrollDiscussion,
    Finish,
}

#[derive(Resource)]
pub struct Tour {
    out: PathBuf,
    steps: Vec<Step>,
    at: usize,
    wait: u32,
    shots: Vec<PathBuf>,
    released: Option<KeyCode>,
    window: Option<Entity>,
    finishing: Option<Instant>,
}

impl Tour {
    pub fn new(out: PathBuf) -> Self {
        use Step::*;
        let steps = vec![
            Wait(45),
            Shot("01_title"),
            TypeCode("2017-0ZGG-2"),
            Wait(6),
            Shot("01b_class_code_typed"),
            TypeCode(""),
            Go(Screen::Settings),
            Wait(12),
            Shot("02_settings"),
            Go(Screen::Campaign),
            Wait(12),
            Shot("03_campaign"),
            Go(Screen::Levels),
            Wait(12),
            Shot("04_levels"),
            Choose,
            Wait(12),
            Shot("05_briefing"),
            // Hard, whose opening changes from game to game: the briefing says where this
            // one opens. Then back to Standard and to Begin.
            Key(KeyCode::Tab),
            Key(KeyCode::Enter),
            Wait(12),
            Shot("05b_briefing_hard"),
            Key(KeyCode::Enter),
            Key(KeyCode::ArrowUp),
            Wait(6),
            Key(KeyCode::Enter),
            Wait(30),
            Key(KeyCode::Digit1),
            UntilForecast,
            Wait(12),
            Shot("06_dashboard"),
            Key(KeyCode::PageDown),
            Wait(12),
            Shot("06d_dashboard_paged"),
            Key(KeyCode::PageUp),
            Wait(6),
            Scale(0.75),
            Wait(12),
            Shot("06b_dashboard_scale75"),
            Scale(2.0),
            Wait(12),
            Shot("06c_dashboard_scale200"),
            FocusWheelPanel,
            Wait(6),
            Key(KeyCode::PageDown),
            Wait(12),
            Shot("06e_dashboard_figures_paged"),
            Scale(1.0),
            Wait(12),
            FocusObjectives,
            Wait(12),
            Shot("06f_dashboard_objectives"),
            Key(KeyCode::Escape),
            Wait(12),
            Shot("07_menu"),
            Key(KeyCode::Escape),
            Wait(6),
            Facilitator,
            Key(KeyCode::Escape),
            Wait(12),
            Shot("07b_facilitator_menu"),
            Key(KeyCode::Escape),
            Wait(6),
            EndTurnWith("joint_air_drills"),
            UntilLines(3),
            Wait(4),
            Shot("08_resolution"),
            UntilPhase(TurnPhase::Report),
            Wait(10),
            Shot("09_report"),
            Continue,
            UntilPhase(TurnPhase::Decide),
            Wait(20),
            Shot("09b_next_turn"),
            PlayOut,
            Wait(30),
            Shot("10_debrief"),
            Scale(2.0),
            Wait(12),
            Shot("10b_debrief_scale200"),
            // A projector's views: the chart alone, then the questions alone.
            Key(KeyCode::KeyC),
            Wait(12),
            Shot("10d_debrief_chart_alone"),
            Key(KeyCode::KeyD),
            Wait(12),
            Shot("10e_debrief_questions_alone"),
            ScrollDiscussion,
            Wait(12),
            Shot("10g_debrief_against_the_record"),
            Key(KeyCode::KeyD),
            Wait(6),
            Scale(1.0),
            Wait(6),
            // The game's report, before the rewind: the class's page below lists it beside
            // its what-if.
            Key(KeyCode::Enter),
            Wait(6),
            Rewind(3),
            Wait(30),
            EndTurnWith("open_hotline"),
            UntilPhase(TurnPhase::Report),
            Continue,
            PlayOut,
            Wait(30),
            Shot("10c_debrief_rewound"),
            // The focus is on Export report: the what-if's report is written, and said so.
            Key(KeyCode::Enter),
            Wait(12),
            Shot("10f_debrief_exported"),
            Go(Screen::Load),
            Wait(12),
            Shot("11_load"),
            Go(Screen::ClassPage),
            Wait(12),
            Shot("11e_class_page"),
            // The focus is on Write: the page is written, and said where.
            Key(KeyCode::Enter),
            Wait(12),
            Shot("11f_class_page_written"),
            Go(Screen::PolicyLab),
            UntilLab,
            Wait(12),
            Shot("11b_policy_lab"),
            Go(Screen::Mods),
            Wait(12),
            Shot("11c_mods"),
            Go(Screen::HowToPlay),
            Wait(12),
            Shot("11d_how_to_play"),
            // A hot-seat team game: the briefing, the pass screen, the disagreement screen.
            Teams,
            Choose,
            Wait(12),
            Shot("12_briefing_teams"),
            // The level's autosave holds the game played above, finished: Begin replaces it
            // on a second press.
            Key(KeyCode::Enter),
            Wait(6),
            Shot("12b_briefing_begin_asks"),
            Key(KeyCode::Enter),
            Wait(30),
            EndTurnWith("joint_air_drills"),
            Wait(12),
            Shot("13_pass_to_seoul"),
            Key(KeyCode::Enter),
            Wait(12),
            EndTurnWith("consult_beijing"),
            Wait(12),
            Shot("14_teams_disagree"),
            Key(KeyCode::Enter),
            UntilPhase(TurnPhase::Report),
            Wait(10),
            Shot("15_team_turn_report"),
            Presentation,
            Continue,
            UntilPhase(TurnPhase::Decide),
            Wait(20),
            Shot("16_dashboard_presentation"),
            Finish,
        ];
        Tour {
            out,
            steps,
            at: 0,
            wait: 0,
            shots: Vec::new(),
            released: None,
            window: None,
            finishing: None,
        }
    }
}

pub fn plugin(app: &mut App) {
    app.add_systems(PreUpdate, run_tour.before(InputSystems));
}

#[allow(clippy::too_many_arguments)]
fn run_tour(
    mut tour: ResMut<Tour>,
    mut commands: Commands,
    mut keyboard: MessageWriter<KeyboardInput>,
    window: Query<Entity, With<PrimaryWindow>>,
    (mut settings, mut fields, lab): (
        ResMut<crate::ui::Settings>,
        Query<&mut super::screens::class_code_field::ClassCodeField>,
        Res<super::screens::policy_lab::Lab>,
    ),
    (forecast, rows, mut activate, mut focus, wheel_panels, objectives, mut debrief_parts): (
        Res<super::screens::dashboard::forecast::Forecast>,
        Query<(Entity, &super::screens::debrief::rewind::RewindTo)>,
        MessageWriter<crate::ui::focus::Activated>,
        ResMut<bevy::input_focus::InputFocus>,
        Query<
            (Entity, &UiGlobalTransform),
            (
                With<super::scroll::WheelOnly>,
                With<bevy::input_focus::tab_navigation::TabIndex>,
            ),
        >,
        Query<Entity, With<super::screens::dashboard::objectives::ObjectivesPanel>>,
        Query<(
            &super::screens::debrief::full_screen::DebriefPart,
            &mut ScrollPosition,
        )>,
    ),
    screen: Res<State<Screen>>,
    phase: Option<Res<State<TurnPhase>>>,
    mut next: ResMut<NextState<Screen>>,
    data: Res<GameData>,
    game: Option<Res<ActiveGame>>,
    sc: Option<Res<ActiveScenario>>,
    mut ends: MessageWriter<EndTurn>,
    mut conts: MessageWriter<ContinueFromReport>,
    mut reveal: ResMut<Reveal>,
    mut exit: MessageWriter<AppExit>,
) {
    if tour.window.is_none() {
        tour.window = window.single().ok();
    }
    let window = tour.window.unwrap_or(Entity::PLACEHOLDER);
    let key = |key_code: KeyCode, state: ButtonState| KeyboardInput {
        key_code,
        logical_key: Key::Unidentified(NativeKey::Unidentified),
        state,
        text: None,
        repeat: false,
        window,
    };
    if let Some(k) = tour.released.take() {
        keyboard.write(key(k, ButtonState::Released));
    }
    if tour.wait > 0 {
        tour.wait -= 1;
        return;
    }
    let Some(step) = tour.steps.get(tour.at).cloned() else {
        return;
    };
    let mut advance = true;
    match step {
        Step::Wait(n) => tour.wait = n,
        Step::Shot(name) => {
            let path = tour.out.join(format!("{name}.png"));
            let _ = std::fs::remove_file(&path);
            commands
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(path.clone()));
            tour.shots.push(path);
        }
        Step::Go(s) => next.set(s),
        Step::Choose => match data.0.level(LEVEL).and_then(|l| l.scenario()) {
            Some(s) => {
                commands.insert_resource(ChosenLevel {
                    scenario: Arc::new(s.clone()),
                    campaign: true,
                    seed: SEED,
                    class_code: None,
                });
                next.set(Screen::Briefing);
            }
            None => {
                eprintln!("tour: level {LEVEL} is missing or broken");
                exit.write(AppExit::error());
            }
        },
        Step::Key(k) => {
            keyboard.write(key(k, ButtonState::Pressed));
            tour.released = Some(k);
        }
        Step::UntilLines(n) => advance = reveal.shown >= n.min(reveal.lines.len().max(1)),
        Step::Scale(s) => settings.profile.ui_scale = s,
        Step::UntilForecast => advance = forecast.pending() == 0,
        Step::Rewind(turn) => {
            if let Some((e, _)) = rows.iter().find(|(_, r)| r.0 == turn) {
                activate.write(crate::ui::focus::Activated(e));
            }
        }
        Step::EndTurnWith(id) => {
            if let Some(a) = sc.as_ref().and_then(|s| s.0.action_index(id)) {
                ends.write(EndTurn(a));
            }
        }
        Step::UntilPhase(want) => advance = phase.as_ref().is_some_and(|p| *p.get() == want),
        Step::Continue => {
            conts.write(ContinueFromReport);
        }
        Step::PlayOut => {
            // The rest of the game at speed, with the historical moves.
            reveal.speed = 25.0;
            advance = *screen.get() == Screen::Debrief;
            if !advance && let (Some(p), Some(game), Some(sc)) = (&phase, &game, &sc) {
                match p.get() {
                    TurnPhase::Decide => {
                        let turn = game.0.state.turn as usize;
                        let a =
                            sc.0.script
                                .get(turn - 1)
                                .copied()
                                .flatten()
                                .unwrap_or(sc.0.fallback_action);
                        ends.write(EndTurn(a));
                    }
                    TurnPhase::Report => {
                        conts.write(ContinueFromReport);
                    }
                    TurnPhase::Resolve => {}
                }
            }
        }
        Step::Teams => {
            commands.insert_resource(super::screens::briefing::HotSeatRule(Some(
                crate::sim::teams::Settle::Both,
            )));
        }
        Step::TypeCode(text) => {
            for mut f in &mut fields {
                f.0 = text.to_string();
            }
        }
        Step::Facilitator => {
            commands
                .insert_resource(super::screens::dashboard::facilitator::Facilitator::enabled());
        }
        Step::UntilLab => advance = lab.results.is_some() && !lab.running(),
        Step::FocusWheelPanel => {
            let leftmost = wheel_panels.iter().min_by(|(_, a), (_, b)| {
                a.affine()
                    .translation
                    .x
                    .total_cmp(&b.affine().translation.x)
            });
            match leftmost {
                Some((e, _)) => focus.set(e, bevy::input_focus::FocusCause::Navigated),
                // At this scale the figures must hide something, so they are in the Tab order.
                None => {
                    eprintln!("tour: no panel only the wheel pages is in the Tab order");
                    exit.write(AppExit::error());
                }
            }
        }
        Step::FocusObjectives => match objectives.single() {
            Ok(e) => focus.set(e, bevy::input_focus::FocusCause::Navigated),
            Err(_) => {
                eprintln!("tour: no objectives panel on the dashboard");
                exit.write(AppExit::error());
            }
        },
        Step::ScrollDiscussion => {
            use super::screens::debrief::full_screen::DebriefPart;
            let mut found = false;
            for (part, mut at) in &mut debrief_parts {
                if *part == DebriefPart::Discussion {
                    // The layout holds it at the panel's end.
                    at.y = f32::MAX;
                    found = true;
                }
            }
            if !found {
                eprintln!("tour: no discussion panel on the debrief");
                exit.write(AppExit::error());
            }
        }
        Step::Presentation => {
            settings.profile.presentation = true;
            let palette =
                crate::ui::theme::Palette::for_settings(settings.profile.colour_blind, true);
            commands.insert_resource(ClearColor(palette.background));
            commands.insert_resource(palette);
        }
        Step::Finish => {
            advance = false;
            let started = *tour.finishing.get_or_insert_with(Instant::now);
            let missing: Vec<&PathBuf> = tour.shots.iter().filter(|p| !p.exists()).collect();
            if missing.is_empty() {
                println!(
                    "screenshot tour: {} screens saved to {}",
                    tour.shots.len(),
                    tour.out.display()
                );
                exit.write(AppExit::Success);
            } else if started.elapsed() > SAVE_TIMEOUT {
                eprintln!("screenshot tour: never saved {missing:?}");
                exit.write(AppExit::error());
            }
        }
    }
    if advance {
        tour.at += 1;
    }
}

/// When the process started, as seen by the startup probe.
#[derive(Resource)]
struct ProbeStart(Instant, u32);

/// Exits once the title screen has been drawn and can take input, printing how long it took.
pub fn startup_probe(app: &mut App) {
    app.insert_resource(ProbeStart(Instant::now(), 0))
        .add_systems(Last, probe.run_if(in_state(Screen::Title)));
}

fn probe(
    mut start: ResMut<ProbeStart>,
    buttons: Query<(), With<Button>>,
    mut exit: MessageWriter<AppExit>,
) {
    if buttons.is_empty() {
        return;
    }
    // Two frames with the title's buttons: the first is laid out, the second presented.
    start.1 += 1;
    if start.1 == 2 {
        println!(
            "first interactive title frame after {:.1} ms",
            start.0.elapsed().as_secs_f64() * 1000.0
        );
        exit.write(AppExit::Success);
    }
}
