//! Advisor teams in hot seat on the dashboard. In a team game the first team (Washington)
//! picks a card and ends the turn; a cover asks to pass the screen to the second team (Seoul),
//! which picks without seeing the first team's choice; then, if they disagree, a screen shows
//! both proposals and how the game's rule settles them before the turn is played. Each team
//! reads its own priorities in the top bar while it chooses.

use super::cards::Inspected;
use super::menu::Overlay;
use super::{EndTurn, Selected};
use crate::game::{ActiveGame, ActiveScenario, TeamMove};
use crate::rules::Scenario;
use crate::sim::teams::{settle, settle_line};
use crate::ui::Notice;
use crate::ui::focus::Activated;
use crate::ui::screens::{Screen, TurnPhase};
use crate::ui::theme::{Palette, button, label, panel, size};
use bevy::input_focus::AutoFocus;
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;

/// The first team's move while the second team chooses.
#[derive(Resource, Default, Debug)]
pub struct HotSeat {
    pub first: Option<u16>,
    /// Both proposals, waiting on the disagreement screen.
    pending: Option<[u16; 2]>,
}

/// The top bar's tag in a team game: which team is picking now.
#[derive(Component)]
struct SeatTag;

/// The top bar's "Washington picks" tag (its words follow the seat, see `show_seat`).
pub(super) fn spawn_seat_tag(bar: &mut ChildSpawnerCommands, p: &Palette) {
    let chip = Node {
        padding: UiRect::axes(Val::Px(6.0), Val::Px(1.0)),
        border: UiRect::all(Val::Px(1.0)),
        border_radius: BorderRadius::all(Val::Px(4.0)),
        flex_shrink: 0.0,
        ..default()
    };
    // On one line: squeezed by the bar, "Washington picks" broke over two lines in its box;
    // the bar moves a part that does not fit onto its next row instead.
    bar.spawn((
        SeatTag,
        chip,
        BorderColor::all(p.accent),
        label("", size::SMALL, p.accent),
        TextLayout::no_wrap(),
    ));
}

/// Keeps the seat tag on the team whose pick it is (the first team until it ends its turn,
/// then the second), shown while a move is being picked: during the answers nobody picks.
fn show_seat(
    seat: Res<HotSeat>,
    sc: Res<ActiveScenario>,
    phase: Option<Res<State<TurnPhase>>>,
    mut tags: Query<(&mut Text, &mut Node), With<SeatTag>>,
) {
    let team = if seat.first.is_some() { 1 } else { 0 };
    let Some(t) = sc.0.rules.teams.get(team) else {
        return;
    };
    // "Washington team" picks as "Washington": the top bar has little room.
    let name = t.name.strip_suffix(" team").unwrap_or(&t.name);
    let words = format!("{name} picks");
    let picking = phase.is_some_and(|p| *p.get() == TurnPhase::Decide);
    let display = if picking {
        Display::Flex
    } else {
        Display::None
    };
    for (mut text, mut node) in &mut tags {
        if text.0 != words {
            text.0 = words.clone();
        }
        if node.display != display {
            node.display = display;
        }
    }
}

/// The button that closes a hot-seat cover.
#[derive(Component)]
struct CoverButton;

/// The pass cover's way back: the first team ended its turn too soon and picks again.
#[derive(Component)]
struct BackButton;

/// The bottom line once both teams picked the same move.
const AGREED: &str = "The teams agreed.";

/// The teams' notices belong to the table's turn: leaving the dashboard (for the debrief after
/// the last turn, or the title), they go, or the title said "The teams agreed." under its
/// buttons after the game. Other notices (an autosave that failed) stay to be seen.
fn drop_the_teams_notices(mut notice: ResMut<Notice>, sc: Option<Res<ActiveScenario>>) {
    let Some(text) = notice.0.as_deref() else {
        return;
    };
    let a_team_chooses = sc.is_some_and(|sc| {
        sc.0.rules
            .teams
            .iter()
            .any(|t| text.starts_with(&format!("{} chooses:", t.name)))
    });
    if text == AGREED || a_team_chooses {
        notice.0 = None;
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<HotSeat>()
        .add_systems(OnExit(Screen::Dashboard), drop_the_teams_notices)
        .add_systems(
            OnEnter(TurnPhase::Decide),
            start_of_turn
                .after(super::clear_selection)
                .before(super::facilitator::RestoreNotice),
        )
        .add_systems(OnEnter(Overlay::Pass), (spawn_pass, forget_the_pick))
        .add_systems(
            OnEnter(Overlay::Disagreement),
            (spawn_disagreement, forget_the_pick),
        )
        .add_systems(
            Update,
            (
                team_end_turn.run_if(in_state(TurnPhase::Decide).and_then(in_state(Overlay::None))),
                close_cover,
                back_to_the_first_team.run_if(in_state(Overlay::Pass)),
                show_seat,
            )
                .before(crate::game::ResolveTurn)
                // The overlay is the dashboard's sub-state: gone on the debrief.
                .run_if(in_state(Screen::Dashboard).and_then(is_team_game)),
        );
}

fn is_team_game(game: Option<Res<ActiveGame>>) -> bool {
    game.is_some_and(|g| g.0.teams.is_some())
}

/// "Washington team: ..." — whose turn of the screen it is, and what that team cares about.
/// What the team at the screen weighs, where its score stands, and who decides this turn if the
/// teams disagree: "Seoul team chooses: Keep inter-Korean talks alive ... Score 28 now, 28 at the start (Talks
/// momentum 5, Public support 50); if the teams disagree, the Washington team decides this turn."
fn team_notice(sc: &Scenario, game: &crate::sim::Game, team: usize) -> Option<String> {
    let t = sc.rules.teams.get(team)?;
    let mut line = format!("{} chooses: {}", t.name, t.priorities.trim_end_matches('.'));
    if let Some(score) = crate::sim::teams::score_line(sc, &game.state, team) {
        line = format!("{line}. S{}", &score[1..]);
    }
    if let Some(teams) = &game.teams {
        let rule = crate::sim::teams::this_turn_line(teams.rule, sc, game.state.turn, team);
        line = format!("{line}; {rule}");
    }
    Some(format!("{line}."))
}

/// The prompt of the team whose turn of the screen it is, in a team game: other notices of
/// the turn (the facilitator's) keep it after them, so the team still reads what it weighs.
pub(super) fn prompt(sc: &Scenario, game: &crate::sim::Game, seat: &HotSeat) -> Option<String> {
    game.teams.as_ref()?;
    team_notice(sc, game, usize::from(seat.first.is_some()))
}

fn start_of_turn(
    game: Option<Res<ActiveGame>>,
    sc: Option<Res<ActiveScenario>>,
    mut seat: ResMut<HotSeat>,
    mut notice: ResMut<Notice>,
) {
    *seat = HotSeat::default();
    if let (Some(game), Some(sc)) = (game, sc)
        && game.0.teams.is_some()
    {
        notice.0 = team_notice(&sc.0, &game.0, 0);
    }
}

/// Ending the turn in a team game records the first team's move and passes the screen, or,
/// from the second team, settles the pair.
fn team_end_turn(
    mut ends: MessageReader<EndTurn>,
    game: Res<ActiveGame>,
    mut seat: ResMut<HotSeat>,
    mut selected: ResMut<Selected>,
    mut overlay: ResMut<NextState<Overlay>>,
    mut phase: ResMut<NextState<TurnPhase>>,
    mut moves: MessageWriter<TeamMove>,
    mut notice: ResMut<Notice>,
) {
    let Some(EndTurn(a)) = ends.read().last().copied() else {
        return;
    };
    let Some(teams) = &game.0.teams else {
        return;
    };
    match seat.first {
        None => {
            seat.first = Some(a);
            // The second team must not see the first team's pick.
            selected.0 = None;
            overlay.set(Overlay::Pass);
        }
        Some(first) => {
            let pair = [first, a];
            let settled = settle(teams.rule, game.0.state.turn, pair);
            if settled.agreed() {
                moves.write(TeamMove(pair));
                phase.set(TurnPhase::Resolve);
                *seat = HotSeat::default();
                notice.0 = Some(AGREED.into());
            } else {
                seat.pending = Some(pair);
                overlay.set(Overlay::Disagreement);
            }
        }
    }
}

/// A full cover over the dashboard with a title, lines of text and one button.
fn spawn_cover(
    commands: &mut Commands,
    p: &Palette,
    state: Overlay,
    title: &str,
    lines: &[String],
    action: &str,
    back: Option<&str>,
) {
    let cover = crate::ui::theme::cover();
    let boxed = Node {
        padding: UiRect::all(Val::Px(28.0)),
        row_gap: Val::Px(12.0),
        align_items: AlignItems::Center,
        max_width: Val::Percent(70.0),
        ..default()
    };
    commands
        .spawn((
            DespawnOnExit(state),
            cover,
            // Opaque: the next team sees nothing of the last one's screen.
            BackgroundColor(p.background),
            bevy::ui::FocusPolicy::Block,
            GlobalZIndex(60),
            TabGroup::modal(),
        ))
        .with_children(|o| {
            o.spawn(panel(p, boxed)).with_children(|m| {
                m.spawn(label(title.to_string(), size::TITLE * 0.7, p.accent));
                // Centred as the title is, wrapped lines too.
                for line in lines {
                    m.spawn((
                        label(line.clone(), size::BODY, p.text),
                        TextLayout::justify(Justify::Center),
                    ));
                }
                m.spawn((button(p, action.to_string()), CoverButton, AutoFocus));
                // A way back, quieter and after the way on: Enter still passes the screen.
                if let Some(back) = back {
                    m.spawn((button(p, back.to_string()), BackButton));
                }
            });
        });
}

/// Neither the pass nor the disagreement screen leaves a team's card in the detail panel: the
/// second team must not see the first team's pick, and the team overruled must not read its
/// card as the move played.
fn forget_the_pick(mut selected: ResMut<Selected>, mut inspected: ResMut<Inspected>) {
    selected.0 = None;
    inspected.0 = None;
}

fn spawn_pass(mut commands: Commands, p: Res<Palette>, sc: Res<ActiveScenario>) {
    let teams = &sc.0.rules.teams;
    let (Some(first), Some(second)) = (teams.first(), teams.get(1)) else {
        return;
    };
    let lines = [
        format!(
            "The {} has chosen its move. Pass the screen to the {}.",
            first.name, second.name
        ),
        format!("{}: {}", second.name, second.priorities),
    ];
    let title = format!("Pass to the {}", second.name);
    let action = format!("{}: show our options", second.name);
    let back = format!("Back (Esc): the {} changes its move", first.name);
    spawn_cover(
        &mut commands,
        &p,
        Overlay::Pass,
        &title,
        &lines,
        &action,
        Some(&back),
    );
}

fn spawn_disagreement(
    mut commands: Commands,
    p: Res<Palette>,
    sc: Res<ActiveScenario>,
    game: Res<ActiveGame>,
    seat: Res<HotSeat>,
) {
    let (Some(pair), Some(teams)) = (seat.pending, &game.0.teams) else {
        return;
    };
    let settled = settle(teams.rule, game.0.state.turn, pair);
    // Both moves, when the second cannot follow the first: said now, not only after the turn.
    let second = settled.also.is_some()
        && crate::sim::teams::second_still_playable(&sc.0, &game.0.state, pair);
    let lines = [
        format!(
            "{}.",
            settle_line(&sc.0, teams.rule, pair, &settled, second, true)
        ),
        format!("The rule for this game: {}.", teams.rule.describe(&sc.0)),
    ];
    spawn_cover(
        &mut commands,
        &p,
        Overlay::Disagreement,
        "The teams disagree",
        &lines,
        "Play the turn",
        None,
    );
}

/// The cover's button: after the pass, the second team chooses; after the disagreement, the
/// turn is played.
#[allow(clippy::too_many_arguments)]
fn close_cover(
    mut activated: MessageReader<Activated>,
    buttons: Query<(), With<CoverButton>>,
    state: Res<State<Overlay>>,
    sc: Res<ActiveScenario>,
    mut seat: ResMut<HotSeat>,
    mut notice: ResMut<Notice>,
    mut overlay: ResMut<NextState<Overlay>>,
    mut phase: ResMut<NextState<TurnPhase>>,
    mut moves: MessageWriter<TeamMove>,
    (game, cards, mut focus): (
        Res<ActiveGame>,
        Query<(Entity, &super::cards::Card)>,
        ResMut<bevy::input_focus::InputFocus>,
    ),
) {
    if !activated.read().any(|Activated(e)| buttons.contains(*e)) {
        return;
    }
    match state.get() {
        Overlay::Pass => {
            notice.0 = team_notice(&sc.0, &game.0, 1);
            overlay.set(Overlay::None);
            // The second team starts where the first did: on the move that changes nothing,
            // so an Enter pressed out of habit after the cover picks Hold course, not a show
            // of force, and the arrows move from there.
            let first = super::cards::opening_card(&sc.0, &game.0.state, None);
            if let Some((card, _)) = cards.iter().find(|(_, c)| Some(c.action) == first) {
                focus.set(card, bevy::input_focus::FocusCause::Navigated);
            }
        }
        Overlay::Disagreement => {
            if let Some(pair) = seat.pending.take() {
                moves.write(TeamMove(pair));
                phase.set(TurnPhase::Resolve);
            }
            notice.0 = None;
            *seat = HotSeat::default();
            overlay.set(Overlay::None);
        }
        _ => {}
    }
}

/// The pass cover's Back, or Esc: the first team takes its move back before the second team has seen
/// anything, and chooses again with its pick still marked, so a team that pressed End turn
/// too soon (or on the wrong card) is not stuck with it. The facilitator's Undo does the same
/// from the menu, but a class's team should not need the teacher for it.
fn back_to_the_first_team(
    mut activated: MessageReader<Activated>,
    keys: Res<ButtonInput<KeyCode>>,
    buttons: Query<(), With<BackButton>>,
    sc: Res<ActiveScenario>,
    game: Res<ActiveGame>,
    mut seat: ResMut<HotSeat>,
    mut selected: ResMut<Selected>,
    mut notice: ResMut<Notice>,
    mut overlay: ResMut<NextState<Overlay>>,
    (cards, mut focus): (
        Query<(Entity, &super::cards::Card)>,
        ResMut<bevy::input_focus::InputFocus>,
    ),
) {
    // Esc is the way back too, as on every other screen (the menu waits behind the cover).
    let pressed = activated.read().any(|Activated(e)| buttons.contains(*e));
    if !pressed && !keys.just_pressed(KeyCode::Escape) {
        return;
    }
    let Some(first) = seat.first.take() else {
        return;
    };
    selected.0 = Some(first);
    if let Some((card, _)) = cards.iter().find(|(_, c)| c.action == first) {
        focus.set(card, bevy::input_focus::FocusCause::Navigated);
    }
    let team =
        sc.0.rules
            .teams
            .first()
            .map(|t| t.name.as_str())
            .unwrap_or("first team");
    notice.0 = team_notice(&sc.0, &game.0, 0)
        .map(|line| format!("The {team} takes its move back. {line}"));
    overlay.set(Overlay::None);
}
