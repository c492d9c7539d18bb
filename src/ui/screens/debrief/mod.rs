//! The debrief: outcome and score, a chart of tension per turn with the player's moves and the
//! AI's answers marked and the level's real history as a second line, the timeline, Pyongyang's
//! hidden disposition revealed, and Replay / Next level / Export report / Title; once the report
//! is written, a button opens it in the computer's browser.

mod chart;
pub mod full_screen;
pub mod rewind;

use super::{ChosenLevel, Screen, fresh_seed, screen_root};
use crate::game::{ActiveGame, ActiveScenario, GameData};
use crate::rules::{Scenario, Who};
use crate::sim::story::TurnStory;
use crate::sim::transcript::{closest_win, outcome_text};
use crate::sim::{Game, TurnRecord};
use crate::ui::Settings;
use crate::ui::focus::Activated;
use crate::ui::open_page::{OpenPage, PageOpened};
use crate::ui::screens::dashboard::facilitator::Facilitator;
use crate::ui::scroll::{ScrollOnWheel, WheelOnly};
use crate::ui::theme::{Palette, button, label, panel, size};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use full_screen::{ChartColumn, ChartHeading, DebriefPart, DebriefView, Enlarged};
use std::sync::Arc;

#[derive(Component, Clone)]
enum DebriefButton {
    Replay,
    Next(String),
    Export,
    /// After a rewind: the report of the game before it, which the debrief no longer shows.
    ExportOriginal,
    /// The report just written, opened in the browser.
    Open(std::path::PathBuf),
    Title,
}

/// Where the exported report went (or why it could not be written).
#[derive(Component)]
struct ExportNote;

/// The row of the debrief's buttons, where *Open the report* joins them after an export.
#[derive(Component)]
struct ButtonBar;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((chart::plugin, full_screen::plugin, rewind::plugin))
        .add_systems(OnEnter(Screen::Debrief), (record_progress, spawn).chain())
        .add_systems(Update, (act, say_opened).run_if(in_state(Screen::Debrief)));
}

/// Says on the export's line whether the browser opened the report, or where to find it.
fn say_opened(mut opened: MessageReader<PageOpened>, mut note: Query<&mut Text, With<ExportNote>>) {
    for done in opened.read() {
        for mut t in &mut note {
            t.0 = crate::ui::theme::plain(&done.said());
        }
    }
}

/// A campaign level played to its end counts as finished, and opens the next; any level played
/// to its end keeps its best score, and whether it was won, for the level lists.
fn record_progress(
    sc: Option<Res<ActiveScenario>>,
    game: Option<Res<ActiveGame>>,
    chosen: Option<Res<ChosenLevel>>,
    mut settings: ResMut<Settings>,
    rewound: Option<Res<rewind::Rewound>>,
) {
    let (Some(sc), Some(game)) = (sc, game) else {
        return;
    };
    let mut changed = false;
    // A what-if, played knowing how the first run went, sets no best score.
    let what_if = rewound
        .as_deref()
        .is_some_and(|r| r.level == sc.0.id() && r.original.state.seed == game.0.state.seed);
    if let Some(outcome) = game.0.state.outcome
        && !what_if
    {
        let score = crate::sim::turn::score(&sc.0, &game.0.state);
        let difficulty = game.0.difficulty_id(&sc.0);
        changed |= settings.profile.record_result(
            sc.0.id(),
            difficulty.as_deref(),
            score,
            outcome.is_win(),
        );
    }
    // Only a level played as part of the campaign counts toward it.
    let in_campaign = chosen.is_some_and(|c| c.campaign && c.scenario.id() == sc.0.id());
    if in_campaign
        && sc.0.def.campaign.is_some()
        && game.0.state.outcome.is_some()
        && !settings.profile.finished.iter().any(|f| f == sc.0.id())
    {
        settings.profile.finished.push(sc.0.id().to_string());
        changed = true;
    }
    if changed {
        let _ = settings.profile.store(&settings.dir);
    }
}

fn next_campaign_level(data: &GameData, sc: &Scenario) -> Option<String> {
    let n = sc.def.campaign?;
    data.0
        .levels
        .iter()
        .filter_map(|l| l.scenario())
        .filter(|s| s.def.campaign.is_some_and(|c| c > n))
        .min_by_key(|s| s.def.campaign)
        .map(|s| s.id().to_string())
}

#[allow(clippy::too_many_arguments)]
/// The class code of the game on the debrief, when it was opened with one (and is that game).
fn class_game<'a>(
    chosen: Option<&'a ChosenLevel>,
    sc: &Scenario,
    g: &crate::sim::Game,
) -> Option<&'a crate::sim::class_code::ClassCode> {
    chosen
        .filter(|c| c.scenario.id() == sc.id() && c.seed == g.state.seed)
        .and_then(|c| c.class_code.as_ref())
}

fn spawn(
    mut commands: Commands,
    p: Res<Palette>,
    sc: Option<Res<ActiveScenario>>,
    game: Option<Res<ActiveGame>>,
    chosen: Option<Res<ChosenLevel>>,
    data: Res<GameData>,
    rewound: Option<Res<rewind::Rewound>>,
    facilitator: Option<Res<Facilitator>>,
    settings: Res<Settings>,
) {
    let (Some(sc), Some(game)) = (sc, game) else {
        return;
    };
    let rewound_at = rewind::Rewound::against(rewound.as_deref(), sc.0.id(), &game.0)
        .and(rewound.as_deref().map(|r| r.turn));
    let second_run = rewound_at.is_some();
    let sc = &sc.0;
    let g = &game.0;
    let rules = &sc.rules;
    let outcome = g.state.outcome;
    let headline_color = match outcome {
        Some(o) if o.is_win() => p.good,
        Some(_) => p.bad,
        // Ended early by the facilitator: neither won nor lost.
        None => p.accent,
    };
    let disposition = rules
        .pyongyang
        .dispositions
        .get(g.state.disposition as usize);
    let in_campaign = chosen
        .as_ref()
        .is_some_and(|c| c.campaign && c.scenario.id() == sc.id());
    let root = (screen_root(Screen::Debrief), BackgroundColor(p.background));
    commands.spawn(root).with_children(|root| {
        // A rewound game played on is a what-if of the one before, and its heading says so
        // first, as its report does.
        let heading = match rewound_at {
            Some(turn) => format!(
                "Debrief · What if: {} ({}) from turn {turn}",
                sc.def.title, sc.def.years
            ),
            None => format!("Debrief · {} ({})", sc.def.title, sc.def.years),
        };
        root.spawn(label(heading, size::HEADING, p.accent));
        // Whose game it is, for a teacher walking round: the class code and the group's name.
        let class = class_game(chosen.as_deref(), sc, g).map(|c| format!("Class {}", c.text));
        let whose: Vec<String> = class.into_iter().chain(g.group.clone()).collect();
        if !whose.is_empty() {
            root.spawn(label(whose.join(" · "), size::BODY, p.accent));
        }
        let headline = match outcome {
            Some(_) => outcome_text(sc, outcome),
            None => format!(
                "Ended early (End now), after {} of {}",
                crate::report::turns_played(g.log.len()),
                sc.def.turns
            ),
        };
        root.spawn(label(headline, size::TITLE * 0.6, headline_color));
        // The lines under the headline take at most a third of the screen and scroll past it,
        // so the chart and the questions keep room on a projector: at 1920x1080 in presentation
        // mode they took half the height and left the chart 80 pixels tall.
        // Its lines stretch to the column's width and start at one left edge: centred, each
        // wrapped line started where its own width put it, and the block read ragged.
        let details = Node {
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Stretch,
            width: Val::Percent(100.0),
            max_height: Val::Percent(DETAILS_MAX_PERCENT),
            // All of its lines up to that height: the panels below give way first.
            flex_shrink: 0.0,
            overflow: Overflow::scroll_y(),
            ..default()
        };
        let mut details = root.spawn((DebriefPart::Details, details, ScrollOnWheel, WheelOnly));
        details.with_children(|root| {
            if let Some(closest) = closest_win(sc, &g.state) {
                root.spawn(label(closest, size::BODY, p.muted));
            }
            // The score's two parts, so a class sees what it rewards: the outcome, and calm (no
            // score for a game ended early: its outcome is unknown).
            let summary = format!(
                "{} · peak tension {:.1} (at its height within a turn, before it fades) · {} \
                 played",
                crate::sim::turn::score_line(sc, &g.state),
                g.state.peak_tension,
                crate::report::turns_played(g.log.len())
            );
            root.spawn(label(summary, size::BODY, p.text));
            if let Some(line) = crate::sim::transcript::undone_line(g.undone) {
                root.spawn(label(line, size::BODY, p.bad));
            }
            if g.teams.is_some() {
                let scores = crate::sim::teams::scores_with_parts(sc, &g.state);
                let line = format!(
                    "{}: {}",
                    crate::sim::teams::scores_heading(&g.state),
                    scores.join(" · ")
                );
                root.spawn(label(line, size::BODY, p.accent));
            }
            // A game ended early ("End now") keeps the type hidden, unless this is the
            // facilitator's machine: otherwise a student could end a class-code game, read the
            // type, and replay the same dice knowing it.
            let may_name_type =
                outcome.is_some() || facilitator.is_some_and(|f| f.on && f.may_reveal());
            match disposition {
                Some(d) if may_name_type => {
                    let truth = format!(
                        "Pyongyang's hidden disposition this game: {} - {}",
                        d.name, d.about
                    );
                    root.spawn(label(truth, size::SMALL, p.muted));
                    if let Some(line) =
                        crate::sim::draw::sentence_for(sc, g.state.disposition, g.state.difficulty)
                    {
                        root.spawn(label(line, size::SMALL, p.muted));
                    }
                }
                Some(_) => {
                    let hidden = "Pyongyang's hidden disposition stays hidden: the game ended \
                                  before its outcome";
                    root.spawn(label(hidden, size::SMALL, p.muted));
                }
                None => {}
            }
            // What the analysts believed at the end, set against the truth.
            if let Some(line) = g
                .log
                .iter()
                .rev()
                .find_map(|r| TurnStory::of(sc, r).estimate)
            {
                let estimate = format!("Your analysts' final estimate: {line}");
                root.spawn(label(estimate, size::SMALL, p.muted));
            }
        });
        let row = Node {
            flex_direction: FlexDirection::Row,
            column_gap: Val::Px(12.0),
            flex_grow: 1.0,
            min_height: Val::Px(0.0),
            width: Val::Percent(100.0),
            ..default()
        };
        root.spawn(row).with_children(|row| {
            let left = Node {
                flex_direction: FlexDirection::Column,
                flex_grow: 1.0,
                flex_basis: Val::Px(0.0),
                row_gap: Val::Px(8.0),
                min_width: Val::Px(0.0),
                ..default()
            };
            row.spawn((left, ChartColumn)).with_children(|left| {
                let split = g.log.iter().any(|r| r.also.is_some());
                let history = !sc.def.history.is_empty();
                chart_panel(left, &p, second_run, split, history);
                history_panel(left, &p, sc, g);
            });
            timeline_panel(row, &p, sc, g, settings.profile.rule_details);
        });
        // A class's game replays under its code (the same dice, teams and forecast), as the
        // teacher set it up; any other with a new seed.
        let replay = if class_game(chosen.as_deref(), sc, g).is_some() {
            "Replay (same class code)"
        } else {
            "Replay (new seed)"
        };
        let mut buttons = vec![(replay.to_string(), DebriefButton::Replay)];
        // The next level opens once this one is finished: not after the facilitator ended it
        // early, unless it was finished before.
        let finished = settings.profile.finished.iter().any(|f| f == sc.id());
        if in_campaign
            && finished
            && let Some(next) = next_campaign_level(&data, sc)
        {
            buttons.push(("Next level".into(), DebriefButton::Next(next)));
        }
        buttons.push(("Export report".into(), DebriefButton::Export));
        if second_run {
            buttons.push((
                "Export the game before the rewind".into(),
                DebriefButton::ExportOriginal,
            ));
        }
        buttons.push(("Title".into(), DebriefButton::Title));
        // The line the export's note goes on keeps a line's height while empty, so the note
        // does not push the panels up when it appears.
        // Clear of the buttons' focus ring below it.
        let note_line = Node {
            min_height: Val::Px(size::SMALL * 1.4),
            margin: UiRect::bottom(Val::Px(6.0)),
            ..default()
        };
        root.spawn((ExportNote, label("", size::SMALL, p.accent), note_line));
        // Wrapped onto a second row when *Open the report* joins a what-if's five buttons.
        let bar = Node {
            flex_direction: FlexDirection::Row,
            flex_wrap: FlexWrap::Wrap,
            justify_content: JustifyContent::Center,
            column_gap: Val::Px(12.0),
            row_gap: Val::Px(8.0),
            ..default()
        };
        root.spawn((bar, ButtonBar)).with_children(|b| {
            for (text, which) in buttons {
                // Focus starts on the export, which loses nothing: an Enter pressed once too
                // often after the last turn must not start a new game over this one.
                let first = matches!(which, DebriefButton::Export);
                let mut button = b.spawn((button(&p, text), which));
                if first {
                    button.insert(AutoFocus);
                }
            }
        });
    });
}

/// The share of the screen's height the lines under the debrief's headline may take before
/// they scroll.
pub const DETAILS_MAX_PERCENT: f32 = 30.0;

/// The chart with its legend; the chart takes whatever height the panel has.
/// `history`: the level has a reading of the real history to draw (a fictional one, such as
/// the sandbox, has none, and its legend does not name the line).
fn chart_panel(
    parent: &mut ChildSpawnerCommands,
    p: &Palette,
    second_run: bool,
    split: bool,
    history: bool,
) {
    let node = Node {
        // Four fifths of the column, the questions below the rest (`D` shows them on the
        // whole screen): in a team game at 1280x720 the lines above left the chart 60 pixels
        // tall at three to one, too thin to read from the back of a room. No least height, so
        // the panels never run past the column onto the buttons.
        flex_grow: 4.0,
        flex_basis: Val::Px(0.0),
        min_height: Val::Px(0.0),
        overflow: Overflow::clip(),
        ..default()
    };
    parent
        .spawn((DebriefPart::Chart, panel(p, node)))
        .with_children(|c| {
            c.spawn((
                label(full_screen::CHART_HEADING, size::BODY, p.text),
                ChartHeading,
            ));
            chart::spawn(c, p);
            let legend = Node {
                flex_direction: FlexDirection::Row,
                flex_wrap: FlexWrap::Wrap,
                column_gap: Val::Px(14.0),
                ..default()
            };
            c.spawn(legend).with_children(|legend| {
                // The bars' colours, each family's name in its own colour.
                let bars = Node {
                    flex_direction: FlexDirection::Row,
                    flex_wrap: FlexWrap::Wrap,
                    column_gap: Val::Px(6.0),
                    ..default()
                };
                legend.spawn(bars).with_children(|bars| {
                    bars.spawn(label("Bars, your move:", size::TINY, p.text));
                    for f in crate::rules::Family::ALL {
                        bars.spawn(label(f.label(), size::TINY, p.family(f)));
                    }
                    let held = if split {
                        "grey: held course, in two halves when both teams' moves were played;"
                    } else {
                        "grey: held course;"
                    };
                    bars.spawn(label(held, size::TINY, p.muted));
                    let cap = "pale top: the turn at its height (what the score counts)";
                    bars.spawn(label(cap, size::TINY, p.muted));
                });
                if history {
                    let line = format!(
                        "{} line: the designers' reading of the real history",
                        capitalised(p.history_name)
                    );
                    legend.spawn(label(line, size::TINY, p.history));
                }
                let provoked = format!("{} dot: Pyongyang provoked", capitalised(p.bad_name));
                legend.spawn(label(provoked, size::TINY, p.bad));
                let engaged = format!("{} dot: Pyongyang engaged", capitalised(p.good_name));
                legend.spawn(label(engaged, size::TINY, p.good));
                if second_run {
                    let before = "White line: your game before the rewind";
                    legend.spawn(label(before, size::TINY, Color::WHITE));
                }
            });
        });
}

/// The level's discussion questions and learning goals, every real event of the year with its
/// source, then the game's own year beside the real one (the level's calibration figures, as
/// the report gives them); the panel scrolls with the mouse wheel.
fn history_panel(parent: &mut ChildSpawnerCommands, p: &Palette, sc: &Scenario, g: &Game) {
    let node = Node {
        flex_grow: 1.0,
        flex_basis: Val::Px(0.0),
        min_height: Val::Px(0.0),
        overflow: Overflow::scroll_y(),
        row_gap: Val::Px(2.0),
        ..default()
    };
    // Each line grows when the questions are shown alone (`D`).
    let line = |text: String, size: f32, color: Color| (label(text, size, color), Enlarged(size));
    parent
        .spawn((DebriefPart::Discussion, panel(p, node), ScrollOnWheel))
        .with_children(|c| {
            // The questions the report and the handout ask, in their order (the level's own,
            // then two on any game), so a teacher's "question 5" is the same on every page.
            let questions = crate::report::handout::questions(sc);
            if !questions.is_empty() {
                c.spawn(line(
                    "For discussion (D: on the whole screen)".into(),
                    size::SMALL,
                    p.accent,
                ));
                if let Some(note) = crate::report::handout::questions_note(sc, g) {
                    c.spawn(line(note, size::TINY, p.muted));
                }
                for (i, q) in questions.iter().enumerate() {
                    // The pages set `peninsula whatif` as code; the screen has no code face.
                    let q = q.replace('`', "");
                    c.spawn(line(format!("{}. {q}", i + 1), size::TINY, p.text));
                }
            }
            if !sc.def.learning_goals.is_empty() {
                c.spawn(line("Learning goals".into(), size::SMALL, p.accent));
                for goal in &sc.def.learning_goals {
                    c.spawn(line(format!("- {goal}"), size::TINY, p.text));
                }
            }
            let title = "What really happened (scroll for more)";
            c.spawn(line(title.into(), size::SMALL, p.accent));
            for h in &sc.def.history {
                // The source's short name: "[30] Reuters, 2017-02" before its address.
                let source = h.source.split(": http").next().unwrap_or(&h.source);
                let text = format!("{} {} ({source})", h.date, h.text);
                c.spawn(line(text, size::TINY, p.muted));
            }
            let beside = crate::sim::figures::beside_the_record(sc, g);
            if !beside.is_empty() {
                c.spawn(line(
                    "This game against the record".into(),
                    size::SMALL,
                    p.accent,
                ));
                for (target, figure) in beside {
                    let text = format!(
                        "{}: {} (the real year: {})",
                        crate::sim::figures::target_label(sc, target),
                        crate::sim::figures::figure_text(figure),
                        target.real
                    );
                    c.spawn(line(text, size::TINY, p.text));
                }
                for note in crate::sim::figures::beside_the_record_notes(sc, g) {
                    c.spawn(line(note, size::TINY, p.muted));
                }
            }
        });
}

/// Every turn from the shared turn story: the move, both answers and the tension after.
fn timeline_panel(
    parent: &mut ChildSpawnerCommands,
    p: &Palette,
    sc: &Scenario,
    g: &Game,
    rule_details: bool,
) {
    let node = Node {
        width: Val::Percent(36.0),
        flex_shrink: 0.0,
        overflow: Overflow::scroll_y(),
        row_gap: Val::Px(2.0),
        ..default()
    };
    parent
        .spawn((DebriefPart::Timeline, panel(p, node), ScrollOnWheel))
        .with_children(|t| {
            t.spawn(label(
                "Timeline: click a turn, or Enter on it, to rewind and play it another way",
                size::BODY,
                p.text,
            ));
            for (i, rec) in g.log.iter().enumerate() {
                let story = TurnStory::of(sc, rec);
                let answer = |who: Who| {
                    story
                        .answers
                        .iter()
                        .find(|a| a.who == who)
                        .map(|a| a.name.as_str())
                        .unwrap_or("-")
                };
                // Short lines a turn, every actor named in full: when, and the tension from the
                // turn's start (its date's) to its end, as the report and the answers give it;
                // the facilitator's injects and the teams' proposals, if any; the move (both,
                // when both teams' moves were played); the two answers.
                // The tension to a tenth, as the gauge and the answers give it.
                let mut line = format!(
                    "Turn {} · {} · tension {:.1} → {:.1}{}",
                    story.turn,
                    story.date,
                    story.tension_before,
                    story.tension_after,
                    story.height_note().unwrap_or_default()
                );
                for x in g.injects.iter().filter(|x| x.turn == story.turn) {
                    if let Some(inject) = sc.injects.get(x.inject as usize) {
                        line += &format!("\nInject: {}", inject.news);
                    }
                }
                if let Some(teams) = g
                    .teams
                    .as_ref()
                    .and_then(|t| crate::sim::teams::played_line(sc, t, i, rec))
                {
                    line += &format!("\nTeams: {teams}");
                }
                line += &format!("\nYou: {}", story.move_name);
                if let Some(also) = &story.also {
                    line += &format!(" and {also}");
                }
                line += &format!(
                    "\nBeijing: {} · Pyongyang: {}{}",
                    answer(Who::Beijing),
                    answer(Who::Pyongyang),
                    close_call(g, rec, rule_details)
                );
                rewind::row(t, p, story.turn, line);
            }
            // Injects on a turn the game ended before playing (not a turn to rewind to).
            for x in g.injects_unplayed() {
                if let Some(inject) = sc.injects.get(x.inject as usize) {
                    let line = format!("Turn {} (not played)\nInject: {}", x.turn, inject.news);
                    t.spawn(label(line, size::TINY, p.text));
                }
            }
        });
}

/// Below this margin, an answer "was a close call": Pyongyang's noise alone (up to 0.7 either
/// way) could have swung it.
pub const CLOSE_CALL: f32 = 0.2;

/// Once the game is over and Pyongyang's disposition is known, which of its answers could have
/// gone the other way, so the class can find them: " (a close call)" when its margin over the
/// next answer was under `CLOSE_CALL`; with the rules shown (Settings), the margin itself
/// (" (chosen over the next answer by 0.05)"). During play the margin stays hidden (see
/// `why_lines`). Empty when nothing else was possible, or for a game ended before its outcome.
pub fn close_call(g: &Game, rec: &TurnRecord, rule_details: bool) -> String {
    match rec.pyongyang.and_then(|d| d.margin()) {
        Some(margin) if g.state.outcome.is_some() && rule_details => {
            format!(" (chosen over the next answer by {margin:.2})")
        }
        Some(margin) if g.state.outcome.is_some() && margin < CLOSE_CALL => {
            " (a close call)".to_string()
        }
        _ => String::new(),
    }
}

fn act(
    mut activated: MessageReader<Activated>,
    buttons: Query<&DebriefButton>,
    keys: Res<ButtonInput<KeyCode>>,
    sc: Option<Res<ActiveScenario>>,
    chosen: Option<Res<ChosenLevel>>,
    data: Res<GameData>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
    (game, settings, mut note, rewound, facilitator, mut view): (
        Option<Res<ActiveGame>>,
        Res<Settings>,
        Query<&mut Text, With<ExportNote>>,
        Option<Res<rewind::Rewound>>,
        Option<Res<Facilitator>>,
        ResMut<DebriefView>,
    ),
    (bar, palette, mut open): (
        Query<(Entity, &Children), With<ButtonBar>>,
        Res<Palette>,
        MessageWriter<OpenPage>,
    ),
) {
    // Esc leaves a part shown alone for the whole debrief, and the whole debrief for the title.
    if keys.just_pressed(KeyCode::Escape) {
        if *view == DebriefView::Everything {
            next.set(Screen::Title);
        } else {
            *view = DebriefView::Everything;
        }
    }
    for Activated(e) in activated.read() {
        let Ok(which) = buttons.get(*e) else { continue };
        match which {
            DebriefButton::Title => next.set(Screen::Title),
            DebriefButton::Open(page) => {
                open.write(OpenPage(page.clone()));
            }
            DebriefButton::Export | DebriefButton::ExportOriginal => {
                let (Some(sc), Some(game)) = (&sc, &game) else {
                    continue;
                };
                let against = rewind::Rewound::against(rewound.as_deref(), sc.0.id(), &game.0);
                // The game the class played from its code keeps the code; a rewound game is a
                // what-if of it (the same level, dice and options), and says so.
                let (exported, rewind) = match (which, against) {
                    (DebriefButton::ExportOriginal, Some((original, _))) => (original, None),
                    (DebriefButton::ExportOriginal, None) => continue,
                    (_, Some((original, _))) => (
                        &game.0,
                        rewound
                            .as_deref()
                            .map(|r| crate::report::Rewind::of(original, r.turn)),
                    ),
                    (_, None) => (&game.0, None),
                };
                let code = chosen
                    .as_ref()
                    .filter(|c| c.scenario.id() == sc.0.id())
                    .and_then(|c| c.class_code.as_ref())
                    .map(|c| c.text.as_str());
                let mut dir = report_dir(&settings.dir, sc.0.id(), exported, code);
                if let Some(r) = &rewind {
                    dir.set_file_name(format!(
                        "{}-whatif-from-turn-{}",
                        dir.file_name().unwrap_or_default().to_string_lossy(),
                        r.turn
                    ));
                }
                // A game the facilitator ended early says so; its type is named only on the
                // facilitator's machine, as on the debrief.
                let reveal = facilitator.as_ref().is_some_and(|f| f.on && f.may_reveal());
                let unfinished = crate::report::Unfinished::EndedEarly { reveal };
                // Another game of the same code and length (a class period before) keeps its
                // report: this one goes beside it.
                let said =
                    crate::report::log_text(&sc.0, exported, code, unfinished, rewind.as_ref())
                        .map(|log| crate::report::free_folder(&dir, &log))
                        .and_then(|dir| {
                            crate::report::write(
                                &sc.0,
                                exported,
                                &dir,
                                code,
                                unfinished,
                                rewind.as_ref(),
                            )
                        });
                let said = match said {
                    Ok(page) => {
                        let said = format!(
                            "Report written: {} (and handout.html beside it: one page to print \
                             for the class)",
                            page.display()
                        );
                        offer_to_open(&mut commands, &bar, &buttons, &palette, page);
                        said
                    }
                    Err(e) => {
                        // The button would open an earlier page than the note speaks of.
                        withdraw_open(&mut commands, &bar, &buttons);
                        format!("The report could not be written: {e}")
                    }
                };
                for mut t in &mut note {
                    t.0 = crate::ui::theme::plain(&said);
                }
            }
            DebriefButton::Replay => {
                if let Some(sc) = &sc {
                    // A replay counts for the campaign only when the game replayed did.
                    let campaign = chosen
                        .as_ref()
                        .is_some_and(|c| c.campaign && c.scenario.id() == sc.0.id());
                    let class = game
                        .as_deref()
                        .and_then(|g| class_game(chosen.as_deref(), &sc.0, &g.0))
                        .cloned();
                    commands.insert_resource(ChosenLevel {
                        scenario: sc.0.clone(),
                        campaign,
                        seed: class.as_ref().map(|c| c.seed).unwrap_or_else(fresh_seed),
                        class_code: class,
                    });
                    next.set(Screen::Briefing);
                }
            }
            DebriefButton::Next(id) => {
                if let Some(s) = data.0.level(id).and_then(|l| l.scenario()) {
                    commands.insert_resource(ChosenLevel {
                        scenario: Arc::new(s.clone()),
                        campaign: true,
                        seed: fresh_seed(),
                        class_code: None,
                    });
                    next.set(Screen::Briefing);
                }
            }
        }
    }
}

/// Puts *Open the report* for `page` after the export buttons, or points the one there at it
/// (the report of the game before a rewind, exported after the what-if's, is the newer page).
fn offer_to_open(
    commands: &mut Commands,
    bar: &Query<(Entity, &Children), With<ButtonBar>>,
    buttons: &Query<&DebriefButton>,
    p: &Palette,
    page: std::path::PathBuf,
) {
    let Ok((bar, children)) = bar.single() else {
        return;
    };
    if let Some(old) = children
        .iter()
        .find(|c| matches!(buttons.get(*c), Ok(DebriefButton::Open(_))))
    {
        commands.entity(old).insert(DebriefButton::Open(page));
        return;
    }
    let after_exports = children
        .iter()
        .rposition(|c| {
            matches!(
                buttons.get(c),
                Ok(DebriefButton::Export | DebriefButton::ExportOriginal)
            )
        })
        .map_or(children.len(), |i| i + 1);
    let open = commands
        .spawn((button(p, "Open the report"), DebriefButton::Open(page)))
        .id();
    commands.entity(bar).insert_children(after_exports, &[open]);
}

/// Takes *Open the report* away, when the last export failed.
fn withdraw_open(
    commands: &mut Commands,
    bar: &Query<(Entity, &Children), With<ButtonBar>>,
    buttons: &Query<&DebriefButton>,
) {
    for (_, children) in bar {
        for c in children {
            if matches!(buttons.get(*c), Ok(DebriefButton::Open(_))) {
                commands.entity(*c).despawn();
            }
        }
    }
}

/// Where a game's report goes: `reports/<level>-<code or seed>-<turns>t-<group>-<machine>` in
/// the save folder: a class's game is named by its class code (its seed is not printed where a
/// student reads it: with the seed, `class-code` prints the teacher's key), any other game by
/// `seed<seed>`; the group's part when it gave a name. The group's and the machine's names
/// tell apart the reports of a class's groups, which share the level and code, once a teacher
/// collects them into one folder.
fn report_dir(
    saves: &std::path::Path,
    level: &str,
    game: &Game,
    class_code: Option<&str>,
) -> std::path::PathBuf {
    let group = game
        .group
        .as_deref()
        .and_then(folder_part)
        .map(|name| format!("-{name}"))
        .unwrap_or_default();
    // The computer the game was first played on (a loaded save keeps its own), else this one.
    let machine = game
        .computer
        .clone()
        .or_else(crate::game::saves::this_computer)
        .map(|name| format!("-{name}"))
        .unwrap_or_default();
    let dealt = match class_code {
        Some(code) => code.to_string(),
        None => format!("seed{}", game.state.seed),
    };
    saves.join("reports").join(format!(
        "{level}-{dealt}-{}t{group}{machine}",
        game.log.len()
    ))
}

/// A group's name as part of a folder name: its letters and digits (in any script), every run
/// of anything else one `-`, at most 24 characters; None when no letter or digit is left.
pub(crate) fn folder_part(name: &str) -> Option<String> {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out.chars().take(24).collect();
    let out = out.trim_end_matches('-');
    (!out.is_empty()).then(|| out.to_string())
}

/// `word` with its first letter in capitals ("red" to "Red"), for a legend's first word.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::folder_part;

    /// A group's name in a report folder's name: letters and digits of any script kept, the
    /// rest one dash, never a dash at either end, never a path separator.
    #[test]
    fn a_group_name_makes_a_safe_folder_part() {
        assert_eq!(
            folder_part("Table 3: Ana, Bo").as_deref(),
            Some("Table-3-Ana-Bo")
        );
        assert_eq!(folder_part("../모둠 2/").as_deref(), Some("모둠-2"));
        assert_eq!(folder_part(" :: "), None);
        assert!(folder_part(&"ab ".repeat(20)).unwrap().chars().count() <= 24);
    }
}
