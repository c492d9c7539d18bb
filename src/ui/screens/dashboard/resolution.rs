//! Ending a turn and showing its answers. End turn (the button, or Enter when no control has
//! focus) sends the picked move to the engine; the answers then arrive one by one with their
//! "why", told from the shared turn story, while the gauge moves (Enter or Space shows the rest
//! at once); Continue (or Enter) opens the next turn or the debrief. The game is autosaved after every turn.

use super::gauge::GaugeFill;
use super::layout::GAP;
use super::menu::Overlay;
use super::{ContinueFromReport, EndTurn, Selected};
use crate::game::saves::write_save;
use crate::game::{ActiveGame, ActiveScenario, PlayerMove, ResolveTurn, TurnResolved};
use crate::rules::{Scenario, Who};
use crate::sim::attribution::{HEADINGS, StepChanges, changes_by_step, step_line};
use crate::sim::story::{Tone, TurnStory};
use crate::sim::transcript::plain_why_lines;
use crate::sim::{GameState, TurnRecord, TurnStep};
use crate::ui::focus::{Activated, focus_is_on_a_control};
use crate::ui::map::HoldMarkers;
use crate::ui::screens::{ChosenLevel, Screen, TurnPhase};
use crate::ui::theme::{Palette, button, floating_panel, label, size};
use crate::ui::{Notice, Settings};
use bevy::input_focus::{AutoFocus, InputFocus};
use bevy::prelude::*;

/// Seconds between two answers appearing during the resolution.
pub const REVEAL_INTERVAL: f32 = 0.7;

/// What the resolution still has to show, and when the next line comes.
#[derive(Resource, Default)]
pub struct Reveal {
    pub lines: Vec<(String, Color)>,
    pub shown: usize,
    pub timer: f32,
    /// Multiplies the pace (the screenshot tour runs faster).
    pub speed: f32,
    /// The answers keep their newest line in sight, until the player scrolls back (PageUp,
    /// the wheel) to read an older one.
    pub follow: bool,
}

/// The End turn button: it plays the pick.
#[derive(Component)]
pub struct EndTurnButton;

#[derive(Component)]
struct ContinueButton;

/// The panel that covers the cards during the resolution.
#[derive(Component)]
struct AnswersPanel;

/// The part of the panel the answers are added to: when they outgrow it, the oldest lines
/// slide out of view at the top, so the newest stay in sight and Continue keeps its place.
#[derive(Component)]
struct AnswerLines;

/// The heading's "Enter: all at once", gone once every answer is in.
#[derive(Component)]
struct SkipHint;

pub(super) fn plugin(app: &mut App) {
    let calm = in_state(Screen::Dashboard).and_then(in_state(Overlay::None));
    // The map's plugin makes it too; an app without the map (the tests) still has it.
    app.init_resource::<Reveal>()
        .init_resource::<HoldMarkers>()
        .add_systems(
            Update,
            (
                end_turn_input.run_if(in_state(TurnPhase::Decide)),
                send_move,
            )
                .chain()
                .before(ResolveTurn)
                .run_if(calm.clone()),
        )
        .add_systems(
            Update,
            (
                start_resolution,
                reveal.run_if(in_state(TurnPhase::Resolve).and_then(in_state(Overlay::None))),
                follow_answers,
                continue_input.run_if(in_state(TurnPhase::Report)),
            )
                .chain()
                .after(ResolveTurn)
                .run_if(in_state(Screen::Dashboard)),
        )
        .add_systems(
            OnEnter(TurnPhase::Decide),
            (release_markers, resume_answers.after(super::Build)),
        )
        .add_systems(
            Update,
            answers_stay_under_the_map.run_if(
                resource_changed::<super::cards::CardDensity>.and_then(in_state(Screen::Dashboard)),
            ),
        );
}

/// A turn opens with the map following the game (a game loaded or left mid-answers included).
fn release_markers(mut hold: ResMut<HoldMarkers>) {
    hold.0 = false;
}

/// The answers of a turn the player left for Settings or Load before reading them all: coming
/// back to the same game shows them again instead of skipping to the next turn.
#[derive(Resource, Clone)]
pub struct ResumeAnswers(pub crate::sim::TurnRecord);

fn resume_answers(
    resume: Option<Res<ResumeAnswers>>,
    game: Res<ActiveGame>,
    mut resolved: MessageWriter<TurnResolved>,
    mut next: ResMut<NextState<TurnPhase>>,
    mut commands: Commands,
) {
    let Some(resume) = resume else {
        return;
    };
    commands.remove_resource::<ResumeAnswers>();
    // A game loaded meanwhile is another game: its turn starts as usual.
    if game.0.log.last() == Some(&resume.0) {
        resolved.write(TurnResolved(resume.0.clone()));
        next.set(TurnPhase::Resolve);
    }
}

pub(super) fn spawn_end_turn(parent: &mut ChildSpawnerCommands, p: &Palette) {
    parent.spawn((EndTurnButton, button(p, "End turn (Enter)")));
}

/// The answers, once shown, stay just under the map when the map's height changes with the
/// cards' density (a resize, or a step the cards took in the frame the turn was played).
fn answers_stay_under_the_map(
    density: Res<super::cards::CardDensity>,
    mut panels: Query<&mut Node, With<AnswersPanel>>,
) {
    let top = Val::Percent(density.map_percent());
    for mut node in &mut panels {
        if node.display != Display::None && node.top != top {
            node.top = top;
        }
    }
}

/// The (hidden) panel the answers will fill, over the cards.
pub(super) fn spawn_answers_slot(parent: &mut ChildSpawnerCommands) {
    let hidden = Node {
        display: Display::None,
        ..default()
    };
    parent.spawn((AnswersPanel, hidden));
}

/// Enter (when no control has focus) or the End turn button ends the turn with the pick.
fn end_turn_input(
    keys: Res<ButtonInput<KeyCode>>,
    mut activated: MessageReader<Activated>,
    end_button: Query<(), With<EndTurnButton>>,
    controls: Query<
        (),
        Or<(
            With<bevy::ui_widgets::Button>,
            With<bevy::ui_widgets::Checkbox>,
        )>,
    >,
    focus: Res<InputFocus>,
    (selected, inspected, sc, cards): (
        Res<Selected>,
        Res<super::cards::Inspected>,
        Res<crate::game::ActiveScenario>,
        Query<&super::cards::Card>,
    ),
    mut out: MessageWriter<EndTurn>,
    mut notice: ResMut<Notice>,
    (time, opened): (Res<Time>, Res<super::cards::TurnOpened>),
) {
    let enter = keys.just_pressed(KeyCode::Enter) && !focus_is_on_a_control(&focus, &controls);
    let mut clicked = false;
    for Activated(e) in activated.read() {
        clicked |= end_button.contains(*e);
    }
    // Just after the turn opens, an Enter is one too many from the answers.
    let go = (enter || clicked) && !opened.settling(&time);
    // A locked card shown in the panel (its key pressed, or the pointer on it) is the card a
    // player pressing Enter means: Enter then says it is locked rather than playing the pick
    // made before it. The End turn button still plays the pick, as the panel's first line says.
    let locked_shown = inspected
        .0
        .filter(|a| Some(*a) != selected.0)
        .filter(|a| cards.iter().any(|c| c.action == *a && !c.available));
    if go {
        let name = |i: u16| sc.0.actions.get(i as usize).map_or("", |x| x.name.as_str());
        const LOCKED: &str = "cannot be played now (the panel on the right says why): pick \
                              another card";
        match (selected.0, locked_shown) {
            // Enter over a locked card shown after a pick says so; End turn plays the pick.
            (Some(a), Some(locked)) if !clicked => {
                notice.0 = Some(format!(
                    "{} {LOCKED}, or click End turn to play your pick, {}.",
                    name(locked),
                    name(a)
                ));
            }
            (Some(a), _) => {
                out.write(EndTurn(a));
            }
            // A locked card's key shows it without picking it: Enter then says so, not that
            // nothing was picked.
            (None, Some(locked)) => notice.0 = Some(format!("{} {LOCKED}.", name(locked))),
            (None, None) => {
                notice.0 = Some("Pick a card first (click it, or press its key).".into());
            }
        }
    }
}

/// Turns an `EndTurn` into the game's `PlayerMove`, and moves to the resolution.
fn send_move(
    mut ends: MessageReader<EndTurn>,
    phase: Option<Res<State<TurnPhase>>>,
    game: Res<ActiveGame>,
    mut moves: MessageWriter<PlayerMove>,
    mut next: ResMut<NextState<TurnPhase>>,
    mut notice: ResMut<Notice>,
) {
    let Some(e) = ends.read().last().copied() else {
        return;
    };
    // A team game's moves go through the hot seat (`teams`).
    if game.0.teams.is_some() {
        return;
    }
    if phase.is_some_and(|p| *p.get() == TurnPhase::Decide) {
        moves.write(PlayerMove(e.0));
        next.set(TurnPhase::Resolve);
        // "Pick a card first" and the like are answered: they do not stay over the answers.
        notice.0 = None;
    }
}

/// Once the engine has resolved the turn, autosaves and lines up what the resolution shows.
#[allow(clippy::too_many_arguments)]
fn start_resolution(
    mut resolved: MessageReader<TurnResolved>,
    sc: Res<ActiveScenario>,
    game: Res<ActiveGame>,
    (chosen, rewound, density): (
        Option<Res<ChosenLevel>>,
        Option<Res<crate::ui::screens::debrief::rewind::Rewound>>,
        Res<super::cards::CardDensity>,
    ),
    mut reveal: ResMut<Reveal>,
    mut gauge: Query<&mut GaugeFill>,
    p: Res<Palette>,
    settings: Res<Settings>,
    mut notice: ResMut<Notice>,
    mut list: Query<(Entity, &mut Node), (With<AnswersPanel>, Without<EndTurnButton>)>,
    mut end_turn: Query<&mut Node, With<EndTurnButton>>,
    mut hold: ResMut<HoldMarkers>,
    mut commands: Commands,
) {
    let Some(TurnResolved(rec)) = resolved.read().last().cloned() else {
        return;
    };
    // The turn has ended: its button goes until the next turn, so that only Continue, at the
    // foot of the answers, says Enter.
    for mut node in &mut end_turn {
        node.display = Display::None;
    }
    let sc = &sc.0;
    // The map shows the turn's markers once every answer is in, not before.
    hold.0 = true;
    // A team game: what each team proposed and how it was settled, first (the turn just
    // resolved is the log's last).
    let teams = game.0.teams.as_ref().and_then(|t| {
        let i = game.0.log.len().checked_sub(1)?;
        crate::sim::teams::played_line(sc, t, i, &rec)
    });
    let before = game.0.before_last_turn.as_deref();
    let changes = before.and_then(|before| changes_by_step(sc, before, &rec));
    let shift = before.and_then(|before| estimate_shift(sc, before, &game.0.state));
    reveal.lines = resolution_lines(
        sc,
        &rec,
        teams,
        &p,
        settings.profile.rule_details,
        game.0.state.ledger.floor,
        changes.as_deref(),
        shift,
    );
    reveal.shown = 0;
    reveal.timer = 0.0;
    reveal.follow = true;
    if reveal.speed <= 0.0 {
        reveal.speed = 1.0;
    }
    // The gauge holds at the tension before the turn until every answer is in
    // (`figures_after_the_answers` moves it then).
    for mut g in &mut gauge {
        g.from = rec.tension_before;
        g.to = rec.tension_before;
        g.t = 0.0;
    }
    let (slot, save) = super::autosave_of(sc, &game.0, chosen.as_deref(), rewound.as_deref());
    if let Err(e) = write_save(&settings.dir, &slot, &save) {
        notice.0 = Some(e);
    }
    // The answers cover the cards, under the map.
    if let Ok((e, mut node)) = list.single_mut() {
        let place = Node {
            display: Display::Flex,
            left: Val::Px(0.0),
            right: Val::Px(0.0),
            // Just under the map, where the cards' family headers begin, so none peeks out.
            top: Val::Percent(density.map_percent()),
            margin: UiRect::top(Val::Px(GAP)),
            bottom: Val::Px(0.0),
            padding: UiRect::all(Val::Px(12.0)),
            row_gap: Val::Px(5.0),
            ..default()
        };
        let (panel_node, background, border) = floating_panel(&p, place);
        *node = panel_node;
        commands
            .entity(e)
            .insert((background, border, GlobalZIndex(5)));
        let heading = format!("Turn {} - the answers", rec.turn);
        // It scrolls: the newest line stays in sight as they arrive, and PageUp or the wheel
        // goes back to the first ones.
        let lines = Node {
            flex_direction: FlexDirection::Column,
            flex_grow: 1.0,
            min_height: Val::Px(0.0),
            row_gap: Val::Px(5.0),
            overflow: Overflow::scroll_y(),
            ..default()
        };
        let top = Node {
            flex_direction: FlexDirection::Row,
            column_gap: Val::Px(14.0),
            align_items: AlignItems::Baseline,
            ..default()
        };
        commands.entity(e).with_children(|l| {
            l.spawn(top).with_children(|t| {
                t.spawn(label(heading, size::HEADING * 0.85, p.accent));
                t.spawn((
                    SkipHint,
                    label("(Enter: all at once)", size::SMALL, p.muted),
                ));
            });
            l.spawn((
                AnswerLines,
                lines,
                crate::ui::scroll::ScrollOnWheel,
                // PageUp and PageDown page the answers, not the card detail behind them.
                crate::ui::scroll::PagesAlone,
                BorderColor::all(Color::NONE),
            ));
        });
    }
}

/// The turn's last line: where tension went, and the rung it stands on. The rung is where
/// tension now stands, not why it moved: "on the rung", so that "Shows of force" after a
/// restraint move is not read as the cause. At the level's floor (`floor`, the ledger's lasting
/// entries) it says so: a turn of launches that leaves tension "Calm" is the floor's doing.
fn tension_line(before: f32, after: f32, floor: f32, rung: &str) -> String {
    let at_floor = floor > 0.0 && format!("{after:.1}") == format!("{:.1}", floor.min(100.0));
    let floor_note = if at_floor {
        " (its floor in this level: the ledger's lasting entries keep it from falling lower)"
    } else {
        ""
    };
    if format!("{before:.1}") == format!("{after:.1}") {
        format!("Tension held at {after:.1}{floor_note}, on the rung {rung}")
    } else {
        let moved = if after > before { "rose" } else { "fell" };
        format!("Tension {moved} from {before:.1} to {after:.1}{floor_note}, on the rung {rung}")
    }
}

/// The resolution's lines, from the turn story: the move, the misreading, each answer with its
/// why, the estimate, the events, the tension and the outcome; under the move, each answer and
/// the events, the figures each changed (`changes`, when the turn could be replayed): the
/// events' with every turn's drift, then what effects of earlier turns changed. `floor`: the
/// level's lowest tension (the ledger's lasting entries).
fn resolution_lines(
    sc: &Scenario,
    rec: &TurnRecord,
    teams: Option<String>,
    p: &Palette,
    rule_details: bool,
    floor: f32,
    changes: Option<&[StepChanges]>,
    shift: Option<String>,
) -> Vec<(String, Color)> {
    let story = TurnStory::of(sc, rec);
    let rules = &sc.rules;
    let mut lines = Vec::new();
    let news_events = !story.events.is_empty();
    let changed = |step: TurnStep| step_line(sc, changes?, step, news_events);
    if let Some(teams) = teams {
        lines.push((format!("Teams: {teams}."), p.muted));
    }
    let mut you = format!("You: {}", story.move_name);
    if let Some(note) = story.unavailable_note() {
        you += &format!(" ({note})");
    }
    if let Some(also) = &story.also {
        you += &format!(", and {also} (both teams' moves)");
    }
    let move_color = story.family.map(|f| p.family(f)).unwrap_or(p.text);
    lines.push((you, move_color));
    if let Some(reading) = &story.misread {
        lines.push((format!("Pyongyang reads it as {reading}."), p.bad));
    }
    if let Some(c) = changed(TurnStep::PlayerMove) {
        lines.push((format!("   {}: {}", c.0, c.1), p.muted));
    }
    for answer in &story.answers {
        let color = match answer.tone {
            Tone::Provocation => p.bad,
            _ => p.text,
        };
        // "Pyongyang fires..." names its actor already: no "Pyongyang: " before it.
        let who = answer.who.label();
        let line = if answer.news.starts_with(who) {
            answer.news.clone()
        } else {
            format!("{who}: {}", answer.news)
        };
        lines.push((line, color));
        // Plain reasons unless the player asked for the rules behind them (Settings).
        let decision = match answer.who {
            Who::Beijing => rec.beijing,
            Who::Pyongyang => rec.pyongyang,
            _ => None,
        };
        let why = match decision {
            Some(d) if !rule_details => plain_why_lines(sc, answer.who, &d),
            _ => answer
                .why
                .iter()
                .map(|(head, line)| (head.to_string(), line.clone()))
                .collect(),
        };
        for (head, line) in &why {
            lines.push((format!("   {head}: {line}"), p.muted));
        }
        let step = match answer.who {
            Who::Beijing => Some(TurnStep::Beijing),
            Who::Pyongyang => Some(TurnStep::Pyongyang),
            _ => None,
        };
        if let Some(c) = step.and_then(changed) {
            lines.push((format!("   {}: {}", c.0, c.1), p.muted));
        }
    }
    if let Some(line) = &story.estimate {
        lines.push((format!("Intelligence estimate: {line}"), p.accent));
        if let Some(shift) = shift {
            lines.push((shift, p.muted));
        }
    }
    for event in &story.events {
        lines.push((format!("Event: {}", event.news), p.bad));
    }
    // The events' step also runs the quiet ones, every turn's routine drift.
    for step in [TurnStep::Events, TurnStep::Upkeep] {
        if let Some(c) = changed(step) {
            lines.push((format!("   {}: {}", c.0, c.1), p.muted));
        }
    }
    let tension = tension_line(
        story.tension_before,
        story.tension_after,
        floor,
        &story.rung_name,
    );
    let rung_color = p.rung(story.rung_after as usize, rules.rungs.len());
    lines.push((tension, rung_color));
    if let Some(outcome) = story.outcome {
        lines.push((outcome, p.accent));
    }
    lines
}

/// The smallest move of the analysts' mean estimate (in points) that the answers name.
const SHIFT_WORTH_SAYING: f32 = 5.0;

/// A type's share of the estimate in whole points, rounded as the estimate's panel shows it.
fn points(s: &GameState, d: usize) -> f32 {
    (s.consensus(d) * 100.0).round_ties_even()
}

/// Which way the turn moved the analysts' estimate, in words: "   the analysts read the
/// answers as likelier from a builder (+10 points)". The estimate is on screen already; this
/// says why it jumped, which a player could not tell from the answers' neutral reasons. None
/// when it hardly moved.
pub fn estimate_shift(sc: &Scenario, before: &GameState, after: &GameState) -> Option<String> {
    let types = &sc.rules.pyongyang.dispositions;
    let (d, moved) = (0..types.len())
        .map(|d| (d, points(after, d) - points(before, d)))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    (moved >= SHIFT_WORTH_SAYING).then(|| {
        let name = types[d].name.to_lowercase();
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!(
            "   the analysts read the answers as likelier from {article} {name} (+{moved:.0} \
             points)"
        )
    })
}

/// A line of the figures' changes (or of the estimate's shift), shown with the line above it.
fn is_changes_line(line: &str) -> bool {
    line.strip_prefix("   ").is_some_and(|line| {
        line.starts_with("the analysts read")
            || HEADINGS.iter().any(|h| {
                line.strip_prefix(h)
                    .is_some_and(|rest| rest.starts_with(": "))
            })
    })
}

/// Keeps the newest answer in sight while they arrive and after, until the player scrolls back
/// to an older one (PageUp or the wheel).
fn follow_answers(
    keys: Res<ButtonInput<KeyCode>>,
    mut wheel: MessageReader<bevy::input::mouse::MouseWheel>,
    mut reveal: ResMut<Reveal>,
    mut list: Query<&mut ScrollPosition, With<AnswerLines>>,
) {
    if keys.just_pressed(KeyCode::PageUp) || wheel.read().count() > 0 {
        reveal.follow = false;
    }
    if !reveal.follow {
        return;
    }
    // Past the end: the layout holds the list to the end of its content as laid out in that
    // same frame. A position worked out here from the last frame's layout lagged a frame
    // behind, and on a slow machine the last line, added with the Continue button that
    // shortens the list, stayed half under the edge.
    for mut position in &mut list {
        if position.0.y != f32::MAX {
            position.0.y = f32::MAX;
        }
    }
}

/// Shows the answers one by one, then the Continue button (with focus). Enter or Space shows
/// the rest at once, for a player who does not want to wait.
#[allow(clippy::too_many_arguments)]
fn reveal(
    time: Res<Time>,
    keys: Res<ButtonInput<KeyCode>>,
    mut reveal: ResMut<Reveal>,
    list: Query<Entity, With<AnswerLines>>,
    panel: Query<Entity, With<AnswersPanel>>,
    hint: Query<Entity, With<SkipHint>>,
    mut hold: ResMut<HoldMarkers>,
    mut commands: Commands,
    p: Res<Palette>,
    mut next: ResMut<NextState<TurnPhase>>,
) {
    let Ok(list) = list.single() else {
        return;
    };
    reveal.timer += time.delta_secs() * reveal.speed.max(0.1);
    if keys.any_just_pressed([KeyCode::Enter, KeyCode::Space]) {
        let left = reveal.lines.len().saturating_sub(reveal.shown) + 1;
        reveal.timer = reveal.timer.max(REVEAL_INTERVAL * left as f32);
    }
    while reveal.timer >= REVEAL_INTERVAL && reveal.shown < reveal.lines.len() {
        reveal.timer -= REVEAL_INTERVAL;
        // A line, with the figures' changes under it at once: they add no wait of their own.
        loop {
            let (text, color) = reveal.lines[reveal.shown].clone();
            let font = if text.starts_with("   ") {
                size::TINY
            } else {
                size::SMALL + 1.0
            };
            commands.entity(list).with_children(|l| {
                l.spawn(label(text, font, color));
            });
            reveal.shown += 1;
            match reveal.lines.get(reveal.shown) {
                Some((next, _)) if is_changes_line(next) => {}
                _ => break,
            }
        }
    }
    if reveal.shown >= reveal.lines.len() && reveal.timer >= REVEAL_INTERVAL {
        for e in &hint {
            commands.entity(e).despawn();
        }
        hold.0 = false;
        // Continue sits at the foot of the panel, in the same place every turn.
        if let Ok(panel) = panel.single() {
            commands.entity(panel).with_children(|l| {
                l.spawn((ContinueButton, AutoFocus, button(&p, "Continue (Enter)")));
            });
        }
        next.set(TurnPhase::Report);
    }
}

/// Continue, Enter (when no other control has focus), or the tour's message leave the report.
#[allow(clippy::too_many_arguments)]
fn continue_input(
    keys: Res<ButtonInput<KeyCode>>,
    mut activated: MessageReader<Activated>,
    cont: Query<(), With<ContinueButton>>,
    controls: Query<
        (),
        Or<(
            With<bevy::ui_widgets::Button>,
            With<bevy::ui_widgets::Checkbox>,
        )>,
    >,
    focus: Res<InputFocus>,
    overlay: Res<State<Overlay>>,
    mut asked: MessageReader<ContinueFromReport>,
    (game, sc, rewound): (
        Res<ActiveGame>,
        Res<ActiveScenario>,
        Option<Res<crate::ui::screens::debrief::rewind::Rewound>>,
    ),
    mut next_phase: ResMut<NextState<TurnPhase>>,
    mut next_screen: ResMut<NextState<Screen>>,
) {
    let calm = *overlay.get() == Overlay::None;
    let mut go =
        calm && keys.just_pressed(KeyCode::Enter) && !focus_is_on_a_control(&focus, &controls);
    for Activated(e) in activated.read() {
        go |= calm && cont.contains(*e);
    }
    go |= asked.read().count() > 0;
    if go {
        // A what-if of a game ended early ends on the turn that game was ended on.
        let ended = crate::ui::screens::debrief::rewind::Rewound::ended_here(
            rewound.as_deref(),
            sc.0.id(),
            &game.0,
        );
        if game.0.state.outcome.is_some() || ended {
            next_screen.set(Screen::Debrief);
        } else {
            next_phase.set(TurnPhase::Decide);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{AnswersPanel, answers_stay_under_the_map, estimate_shift, tension_line};
    use bevy::prelude::*;

    /// The answers say which type the turn's evidence moved the analysts toward, when it moved
    /// them 5 points or more: the type whose share grew most, by as much as the panel shows
    /// (each share rounded before the difference, as the panel has it).
    #[test]
    fn the_answers_say_which_way_the_estimate_moved() {
        let data = crate::rules::load_data(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
            .expect("shipped data");
        let sc = data
            .level("2013_third_test")
            .and_then(|l| l.scenario())
            .expect("2013");
        let (mut said, mut quiet) = (0, 0);
        // The first eight turns of 30 games, holding course after the opening drills.
        for (seed, turn) in (1..=30).flat_map(|seed| (0..8).map(move |turn| (seed, turn))) {
            let mut game = crate::sim::Game::new(sc, seed);
            for _ in 0..turn {
                game.play(sc, sc.fallback_action);
            }
            if game.state.outcome.is_some() {
                continue;
            }
            let before = game.state.clone();
            game.play(sc, if turn == 0 { 0 } else { sc.fallback_action });
            let shown = |s: &crate::sim::GameState, d: usize| (s.consensus(d) * 100.0).round();
            let moved: Vec<f32> = (0..3)
                .map(|d| shown(&game.state, d) - shown(&before, d))
                .collect();
            let (most, by) = moved
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .unwrap();
            match estimate_shift(sc, &before, &game.state) {
                Some(line) => {
                    said += 1;
                    let name = sc.rules.pyongyang.dispositions[most].name.to_lowercase();
                    assert!(
                        line.contains(&format!(" {name} (+{by:.0} points)")),
                        "{line}"
                    );
                    assert!(*by >= 5.0);
                }
                None => {
                    quiet += 1;
                    assert!(*by < 5.0, "seed {seed}: {moved:?}");
                }
            }
        }
        assert!(said > 0 && quiet > 0, "said {said}, quiet {quiet}");
    }

    /// A turn that ends at the level's floor says so, so a turn of launches left "Calm" is not
    /// a puzzle; elsewhere the line is as before.
    #[test]
    fn the_tension_line_names_the_floor_it_stops_at() {
        assert_eq!(
            tension_line(12.0, 12.0, 12.0, "Calm"),
            "Tension held at 12.0 (its floor in this level: the ledger's lasting entries keep it \
             from falling lower), on the rung Calm"
        );
        assert_eq!(
            tension_line(15.5, 12.0, 12.0, "Calm"),
            "Tension fell from 15.5 to 12.0 (its floor in this level: the ledger's lasting \
             entries keep it from falling lower), on the rung Calm"
        );
        assert_eq!(
            tension_line(35.0, 47.2, 12.0, "Shows of force"),
            "Tension rose from 35.0 to 47.2, on the rung Shows of force"
        );
        assert_eq!(
            tension_line(0.0, 0.0, 0.0, "Calm"),
            "Tension held at 0.0, on the rung Calm"
        );
    }

    /// The answers shown under the map move with it when the cards' density changes the
    /// map's height (a resize while they show); hidden, they are left alone.
    #[test]
    fn the_answers_stay_under_the_map_when_it_changes_height() {
        use super::super::cards::CardDensity;
        let mut app = App::new();
        app.init_resource::<CardDensity>()
            .add_systems(Update, answers_stay_under_the_map);
        let shown = Node {
            top: Val::Percent(18.0),
            ..default()
        };
        let hidden = Node {
            display: Display::None,
            top: Val::Percent(18.0),
            ..default()
        };
        let shown = app.world_mut().spawn((AnswersPanel, shown)).id();
        let hidden = app.world_mut().spawn((AnswersPanel, hidden)).id();
        app.update();
        let top = |app: &App, e: Entity| app.world().get::<Node>(e).unwrap().top;
        let full = CardDensity::default().map_percent();
        assert_eq!(top(&app, shown), Val::Percent(full), "the full map's foot");
        assert_eq!(top(&app, hidden), Val::Percent(18.0));
        app.world_mut().resource_mut::<CardDensity>().step = 3;
        app.update();
        let small = app.world().resource::<CardDensity>().map_percent();
        assert!(small < full);
        assert_eq!(
            top(&app, shown),
            Val::Percent(small),
            "the small map's foot"
        );
    }
}
