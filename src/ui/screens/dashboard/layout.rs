//! The dashboard's frame: the top bar (level, turn and date, rung, Beijing's stance and the menu
//! button) with the notice on a line of its own under it when there is one, then three columns.
//! Left: the gauge, the objectives and the actors. Centre: the map
//! and the cards. Right: the detail panel, the news and End turn. Every size the parts share is
//! named here, once.

use super::{Build, actors, cards, detail, gauge, meaning, menu, news, objectives, resolution};
use crate::game::{ActiveGame, ActiveScenario, ResolveTurn, TurnResolved};
use crate::sim::calendar::turn_date;
use crate::ui::Notice;
use crate::ui::map::MapSlot;
use crate::ui::screens::{ChosenLevel, Screen, TurnPhase};
use crate::ui::theme::{Palette, label, size};
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;

/// Padding around the whole screen.
pub const PAD: f32 = 8.0;
/// Space between the columns, and between panels in a column.
pub const GAP: f32 = 6.0;
/// The left column (gauge, actors): a share of the window, within bounds.
pub const LEFT: ColumnWidth = ColumnWidth {
    percent: 22.0,
    min: 260.0,
    max: 380.0,
};
/// The right column (detail, news, End turn).
pub const RIGHT: ColumnWidth = ColumnWidth {
    percent: 24.0,
    min: 290.0,
    max: 430.0,
};
/// The map's share of the centre column's height.
pub const MAP_HEIGHT_PERCENT: f32 = 26.0;
/// The same when the cards do not fit even at their smallest (`cards::CardDensity`).
pub const SMALL_MAP_HEIGHT_PERCENT: f32 = 18.0;
/// Width of the full-ledger pop-up beside the gauge.
pub const LEDGER_WIDTH: f32 = 420.0;

/// The width of `text` as drawn at `font_size`: the UI's font (Fira Mono) gives every character
/// 0.6 of an em, and the fallback for Hangul and the other wide scripts about a whole em.
fn mono_width(text: &str, font_size: f32) -> f32 {
    let ems: f32 = text
        .chars()
        .map(|c| match unicode_width::UnicodeWidthChar::width(c) {
            Some(2) => 1.0,
            _ => 0.6,
        })
        .sum();
    ems * font_size
}

/// A column's width: a share of the window, kept within `min..max` pixels.
pub struct ColumnWidth {
    pub percent: f32,
    pub min: f32,
    pub max: f32,
}

impl ColumnWidth {
    fn node(&self) -> Node {
        Node {
            width: Val::Percent(self.percent),
            min_width: Val::Px(self.min),
            max_width: Val::Px(self.max),
            flex_shrink: 0.0,
            flex_direction: FlexDirection::Column,
            row_gap: Val::Px(GAP),
            min_height: Val::Px(0.0),
            ..default()
        }
    }
}

#[derive(Component)]
pub struct DashboardRoot;

/// The left column's gauge: built again as soon as a turn resolves, so it moves from the
/// tension before the turn to the tension after while the answers are read.
#[derive(Component)]
struct GaugeSlot;

/// The left column's figures (each actor's key values, the analysts' estimate, the shared
/// facts): built again once every answer is in. Shown while the answers arrive, the turn's
/// results gave them away first (a nuclear test's line in the ledger, the estimate swinging to
/// a type, Pyongyang's economy falling before Beijing was heard).
#[derive(Component)]
struct FiguresSlot;

/// The rung in the top bar, kept in step with the tension while the answers show.
#[derive(Component)]
struct RungChip;

/// The bottom line's key hints, hidden while a notice takes their place.
#[derive(Component)]
struct KeyHints;

/// Shows the current `Notice` on the bottom line.
#[derive(Component)]
struct NoticeText;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(TurnPhase::Decide), rebuild.in_set(Build))
        .add_systems(
            Update,
            (let_the_notice_pass, show_notice)
                .chain()
                .run_if(in_state(Screen::Dashboard)),
        )
        .add_systems(
            Update,
            map_gives_way_to_the_cards.run_if(
                resource_changed::<cards::CardDensity>.and_then(in_state(Screen::Dashboard)),
            ),
        )
        .add_systems(
            Update,
            refresh_after_the_turn
                .after(ResolveTurn)
                .run_if(in_state(Screen::Dashboard)),
        )
        .add_systems(
            OnEnter(TurnPhase::Report),
            (
                news_after_the_answers,
                figures_after_the_answers,
                hints_for_the_phase,
            ),
        )
        .add_systems(OnEnter(TurnPhase::Resolve), hints_for(RESOLVE_HINTS))
        // The menu over the dashboard takes the keys: the line says what they do there, and
        // what they do on the dashboard again once it closes.
        .add_systems(OnEnter(menu::Overlay::Menu), hints_for(MENU_HINTS))
        .add_systems(
            OnExit(menu::Overlay::Menu),
            hints_for_the_phase.run_if(in_state(Screen::Dashboard)),
        );
}

/// The bottom line's keys while the player picks a move.
const DECIDE_HINTS: &str = "Keys: 1-0, Q-P, A-L pick a card (Enter again plays it) | Tab, \
     arrows: focus | Enter ends the turn | Esc menu | PgDn/PgUp scroll details or the focused \
     panel | the gauge (hover, focus): the ledger";
/// The bottom line's keys while the menu is open over the dashboard.
const MENU_HINTS: &str = "Keys (menu): Tab, arrows: move | Enter: choose | Esc: back to the game";

/// Puts the keys of the turn's phase back on the bottom line: once the last answers are in,
/// Enter leads to the debrief, not to a next turn.
fn hints_for_the_phase(
    phase: Option<Res<State<TurnPhase>>>,
    game: Res<ActiveGame>,
    sc: Res<ActiveScenario>,
    rewound: Option<Res<crate::ui::screens::debrief::rewind::Rewound>>,
    hints: Query<&mut Text, With<KeyHints>>,
) {
    let over = game.0.state.outcome.is_some()
        || crate::ui::screens::debrief::rewind::Rewound::ended_here(
            rewound.as_deref(),
            sc.0.id(),
            &game.0,
        );
    let text = match phase.map(|p| *p.get()) {
        Some(TurnPhase::Resolve) => RESOLVE_HINTS,
        Some(TurnPhase::Report) if over => LAST_REPORT_HINTS,
        Some(TurnPhase::Report) => REPORT_HINTS,
        _ => DECIDE_HINTS,
    };
    hints_for(text)(hints);
}

/// The bottom line's keys while the answers come in: the picking keys do nothing then.
const RESOLVE_HINTS: &str = "Keys: Enter or Space: every answer at once | PgDn/PgUp scroll the \
     answers | Esc menu | the gauge (hover, focus): the ledger";
/// The bottom line's keys once every answer is in.
const REPORT_HINTS: &str = "Keys: Enter: continue to the next turn | PgDn/PgUp scroll the \
     answers | Esc menu | the gauge (hover, focus): the ledger";
/// The same once the game is over: Enter opens the debrief.
const LAST_REPORT_HINTS: &str = "Keys: Enter: the debrief (the game is over) | PgDn/PgUp scroll \
     the answers | Esc menu | the gauge (hover, focus): the ledger";

/// A system that puts `text` on the bottom line's key hints (the next turn's dashboard is
/// built with the picking keys again).
fn hints_for(text: &'static str) -> impl FnMut(Query<&mut Text, With<KeyHints>>) {
    move |mut hints| {
        for mut t in &mut hints {
            t.0 = text.to_string();
        }
    }
}

/// A slot of the left column: a column of its own that shrinks by `shrink` (the gauge keeps its
/// height; the figures give way, and scroll, when the column runs short).
fn slot(shrink: f32) -> Node {
    Node {
        flex_direction: FlexDirection::Column,
        row_gap: Val::Px(GAP),
        flex_shrink: shrink,
        min_height: Val::Px(0.0),
        ..default()
    }
}

/// Once every answer has been shown, the figures, the gauge (moving to the turn's tension, its
/// causes the turn's) and the rung in the top bar show the turn's results.
#[allow(clippy::too_many_arguments)]
fn figures_after_the_answers(
    mut commands: Commands,
    figures: Query<Entity, With<FiguresSlot>>,
    gauges: Query<Entity, With<GaugeSlot>>,
    mut chips: Query<(&mut BackgroundColor, &Children), With<RungChip>>,
    mut texts: Query<&mut Text>,
    p: Res<Palette>,
    sc: Res<ActiveScenario>,
    game: Res<ActiveGame>,
    causes: Res<gauge::CausesShown>,
) {
    for slot in &figures {
        commands.entity(slot).despawn_children().with_children(|f| {
            objectives::spawn(f, &p, &sc.0, &game.0.state);
            actors::spawn(f, &p, &sc.0, &game);
        });
    }
    for slot in &gauges {
        commands.entity(slot).despawn_children().with_children(|g| {
            gauge::spawn(g, &p, &sc.0, &game, gauge::GaugeMoment::Answered, *causes)
        });
    }
    let rung = game.0.state.rung(&sc.0) as usize;
    let rungs = &sc.0.rules.rungs;
    for (mut background, children) in &mut chips {
        background.0 = p.rung(rung, rungs.len());
        for child in children {
            if let Ok(mut text) = texts.get_mut(*child) {
                text.0 = crate::ui::theme::plain(&rungs[rung].name);
            }
        }
    }
}

/// Once every answer has been shown, the news tells the turn.
fn news_after_the_answers(
    mut commands: Commands,
    news_panels: Query<Entity, With<news::NewsPanel>>,
    p: Res<Palette>,
    sc: Res<ActiveScenario>,
    game: Res<ActiveGame>,
) {
    for panel in &news_panels {
        commands
            .entity(panel)
            .despawn_children()
            .insert(ScrollPosition::default())
            .with_children(|n| news::fill(n, &p, &sc.0, &game));
    }
}

fn rebuild(
    mut commands: Commands,
    old: Query<Entity, With<DashboardRoot>>,
    p: Res<Palette>,
    sc: Res<ActiveScenario>,
    game: Res<ActiveGame>,
    chosen: Option<Res<ChosenLevel>>,
    rewound: Option<Res<crate::ui::screens::debrief::rewind::Rewound>>,
    (selected, causes, density): (
        Res<super::Selected>,
        Res<gauge::CausesShown>,
        Res<cards::CardDensity>,
    ),
) {
    for e in &old {
        commands.entity(e).despawn();
    }
    let sc = &sc.0;
    let s = &game.0.state;
    let def = &sc.def;
    let turn = s.turn.min(def.turns);
    let rung = s.rung(sc) as usize;
    let rungs = &sc.rules.rungs;
    let root = Node {
        width: Val::Percent(100.0),
        height: Val::Percent(100.0),
        flex_direction: FlexDirection::Column,
        padding: UiRect::all(Val::Px(PAD)),
        row_gap: Val::Px(GAP),
        ..default()
    };
    // No background: the map camera has already painted the window, and the map's slot must
    // stay transparent.
    let bundle = (
        DashboardRoot,
        DespawnOnExit(Screen::Dashboard),
        TabGroup::new(0),
        root,
    );
    commands.spawn(bundle).with_children(|root| {
        // The bar's parts keep their one line each; when the window is too narrow for all of
        // them (a class code, a team's notice, a large text scale), the last ones wrap onto a
        // second row instead of squeezing the title into two lines. The Menu button stays at
        // the top right, outside the parts that wrap.
        let outer = Node {
            flex_direction: FlexDirection::Row,
            align_items: AlignItems::Start,
            column_gap: Val::Px(16.0),
            ..default()
        };
        let bar = Node {
            flex_direction: FlexDirection::Row,
            flex_wrap: FlexWrap::Wrap,
            align_items: AlignItems::Center,
            column_gap: Val::Px(16.0),
            row_gap: Val::Px(2.0),
            flex_grow: 1.0,
            flex_shrink: 1.0,
            min_width: Val::Px(0.0),
            ..default()
        };
        let whole = || Node {
            flex_shrink: 0.0,
            ..default()
        };
        root.spawn(outer).with_children(|outer| {
            outer.spawn(bar).with_children(|bar| {
                let title = format!("{} · {}", def.title, def.years);
                bar.spawn((whole(), label(title, size::HEADING, p.accent)));
                // The turn and date, and the rung, as wide as their widest in this level: the
                // bar's parts then take the same room every turn, so they wrap onto a second
                // row on every turn or on none, not on the turns whose date or rung is longer.
                let when_of = |t: u32| {
                    let d = turn_date(def.calendar.start, def.calendar.days_per_turn, t);
                    format!("Turn {t} of {} · {}", def.turns, d.long())
                };
                let widest = (1..=def.turns)
                    .map(|t| mono_width(&crate::ui::theme::plain(&when_of(t)), size::BODY))
                    .fold(0.0, f32::max);
                let when = Node {
                    min_width: Val::Px(widest),
                    ..whole()
                };
                bar.spawn((when, label(when_of(turn), size::BODY, p.text)));
                // A team game: whose pick it is, kept in view while notices come and go.
                if game.0.teams.is_some() {
                    super::teams::spawn_seat_tag(bar, &p);
                }
                let widest = rungs
                    .iter()
                    .map(|r| mono_width(&crate::ui::theme::plain(&r.name), size::SMALL))
                    .fold(0.0, f32::max);
                let chip = Node {
                    padding: UiRect::axes(Val::Px(8.0), Val::Px(2.0)),
                    border_radius: BorderRadius::all(Val::Px(4.0)),
                    min_width: Val::Px(widest + 16.0),
                    justify_content: JustifyContent::Center,
                    flex_shrink: 0.0,
                    ..default()
                };
                bar.spawn((
                    RungChip,
                    chip,
                    BackgroundColor(p.rung(rung, rungs.len())),
                    children![label(rungs[rung].name.clone(), size::SMALL, p.background)],
                ));
                let stance = format!("Beijing {}", def.beijing_stance.label());
                bar.spawn((whole(), label(stance, size::SMALL, p.muted)));
                // A game rewound from the debrief says so, and from which turn: it is a what-if,
                // played knowing how the first run went.
                use crate::ui::screens::debrief::rewind::Rewound;
                let rewound = rewound.as_deref();
                if let Some(r) =
                    rewound.filter(|r| Rewound::against(Some(r), sc.id(), &game.0).is_some())
                {
                    let what_if = format!("What if: from turn {}", r.turn);
                    bar.spawn((whole(), label(what_if, size::SMALL, p.accent)));
                }
                // Any difficulty but the first (the level as it was set up) is named: it changes
                // where the player's side starts.
                if s.difficulty > 0
                    && let Some(d) = sc.rules.difficulties.get(s.difficulty as usize)
                {
                    bar.spawn((whole(), label(d.name.clone(), size::SMALL, p.bad)));
                }
                super::facilitator::spawn_reveal_note(bar, &p);
            });
            // The class code and the group's name stand beside the Menu button, outside the
            // parts that wrap: in the bar they moved between its rows from turn to turn, as the
            // date and the rung's name grew and shrank, and a facilitator walking round the room
            // looks for them in one place.
            let class = chosen
                .as_ref()
                .filter(|c| c.scenario.id() == sc.id() && c.seed == s.seed)
                .and_then(|c| c.class_code.as_ref());
            if let Some(class) = class {
                let by = game
                    .0
                    .group
                    .as_deref()
                    .map(|g| format!(" · {g}"))
                    .unwrap_or_default();
                let tag = Node {
                    flex_shrink: 0.0,
                    align_self: AlignSelf::Center,
                    ..default()
                };
                outer.spawn((
                    tag,
                    label(format!("Class {}{by}", class.text), size::SMALL, p.accent),
                ));
            }
            menu::spawn_menu_button(outer, &p);
        });
        let columns = Node {
            flex_direction: FlexDirection::Row,
            flex_grow: 1.0,
            column_gap: Val::Px(GAP),
            min_height: Val::Px(0.0),
            ..default()
        };
        root.spawn(columns).with_children(|cols| {
            cols.spawn(LEFT.node()).with_children(|left| {
                left.spawn((GaugeSlot, slot(0.0))).with_children(|g| {
                    gauge::spawn(g, &p, sc, &game, gauge::GaugeMoment::Opening, *causes);
                });
                left.spawn((FiguresSlot, slot(1.0))).with_children(|f| {
                    objectives::spawn(f, &p, sc, &game.0.state);
                    actors::spawn(f, &p, sc, &game);
                });
                meaning::spawn_panel(left, &p);
            });
            let centre = Node {
                flex_grow: 1.0,
                flex_basis: Val::Px(0.0),
                flex_direction: FlexDirection::Column,
                row_gap: Val::Px(GAP),
                min_width: Val::Px(0.0),
                ..default()
            };
            cols.spawn(centre).with_children(|centre| {
                // The map keeps its share however many cards there are (they scroll), so a
                // large text scale does not squeeze it and the answers, placed at its foot,
                // cover the cards exactly.
                let map = Node {
                    width: Val::Percent(100.0),
                    height: Val::Percent(density.map_percent()),
                    flex_shrink: 0.0,
                    border: UiRect::all(Val::Px(1.0)),
                    ..default()
                };
                centre.spawn((MapSlot, map, BorderColor::all(p.border)));
                cards::spawn(centre, &p, sc, &game, selected.0, *density);
                resolution::spawn_answers_slot(centre);
            });
            cols.spawn(RIGHT.node()).with_children(|right| {
                detail::spawn(right, &p);
                news::spawn(right, &p, sc, &game);
                resolution::spawn_end_turn(right, &p);
            });
        });
        // The notice (a team's turn, a save written, a problem) takes the place of the key
        // hints on the bottom line while it is shown, on a line tall enough for either, so
        // nothing above it moves when a notice comes or goes. A line of its own under the top
        // bar pushed the whole dashboard down for "Saved to slot 1."; a floating panel would
        // cover the map or the card's title for a whole team turn.
        let footer = Node {
            min_height: Val::Px(size::SMALL * 1.25),
            align_items: AlignItems::Center,
            ..default()
        };
        root.spawn(footer).with_children(|footer| {
            footer.spawn((KeyHints, label(DECIDE_HINTS, size::TINY, p.muted)));
            let hidden = Node {
                display: Display::None,
                ..default()
            };
            footer.spawn((NoticeText, hidden, label("", size::SMALL, p.accent)));
        });
    });
}

/// The map takes the height the cards' density gives it.
fn map_gives_way_to_the_cards(
    density: Res<cards::CardDensity>,
    mut maps: Query<&mut Node, With<MapSlot>>,
) {
    let height = Val::Percent(density.map_percent());
    for mut node in &mut maps {
        if node.height != height {
            node.height = height;
        }
    }
}

/// Once the engine has played the turn, the gauge is drawn again as it stood before the turn,
/// while the answers are read. The gauge's move, the rung, the figures and the news wait for
/// the answers (`figures_after_the_answers`, `news_after_the_answers`): they would tell them
/// first (a jump of 18 points is a nuclear test).
fn refresh_after_the_turn(
    mut resolved: MessageReader<TurnResolved>,
    mut commands: Commands,
    gauges: Query<Entity, With<GaugeSlot>>,
    p: Res<Palette>,
    sc: Res<ActiveScenario>,
    game: Res<ActiveGame>,
    causes: Res<gauge::CausesShown>,
) {
    if resolved.read().count() == 0 {
        return;
    }
    let sc = &sc.0;
    for slot in &gauges {
        commands.entity(slot).despawn_children().with_children(|g| {
            gauge::spawn(g, &p, sc, &game, gauge::GaugeMoment::Answers, *causes)
        });
    }
}

/// How long a passing notice ("Saved to slot 1.", "Turn 3 undone.") holds the bottom line
/// before the key hints come back, on the wall clock. A play-tester found the hints gone for
/// the rest of the turn after a save.
pub const NOTICE_SECONDS: f32 = 8.0;

/// Lets a notice pass once it has been shown for `NOTICE_SECONDS`. In a team game the bottom
/// line then keeps the prompt of the team at the screen (what it weighs, which the notices of
/// the turn carried after them), which stays for the team's whole pick. While a turn's answers
/// are shown there is no pick: the prompt waits for the next turn to open (the game has
/// already moved on to it, so its prompt named the next turn's deciding team under the last
/// turn's answers and top bar).
fn let_the_notice_pass(
    time: Res<Time<Real>>,
    mut notice: ResMut<Notice>,
    mut shown: Local<Option<(String, std::time::Duration)>>,
    sc: Option<Res<ActiveScenario>>,
    game: Option<Res<ActiveGame>>,
    (seat, phase): (Res<super::teams::HotSeat>, Option<Res<State<TurnPhase>>>),
) {
    let (Some(sc), Some(game)) = (sc, game) else {
        return;
    };
    let Some(text) = notice.0.as_deref() else {
        *shown = None;
        return;
    };
    let now = time.elapsed();
    match &mut *shown {
        Some((was, since)) if was == text => {
            if (now - *since).as_secs_f32() < NOTICE_SECONDS {
                return;
            }
            let picking = phase.is_some_and(|p| *p.get() == TurnPhase::Decide);
            let stays = picking
                .then(|| super::teams::prompt(&sc.0, &game.0, &seat))
                .flatten();
            if stays.as_deref() == Some(text) {
                // The team's own prompt: looked at again only after as long again.
                *since = now;
            } else {
                notice.0 = stays;
            }
        }
        _ => *shown = Some((text.to_owned(), now)),
    }
}

/// Keeps the bottom line's notice in step with the `Notice` resource: the notice while there is
/// one, else the key hints.
fn show_notice(
    notice: Res<Notice>,
    mut q: Query<(&mut Text, &mut Node), (With<NoticeText>, Without<KeyHints>)>,
    mut hints: Query<&mut Node, (With<KeyHints>, Without<NoticeText>)>,
    added: Query<(), Added<NoticeText>>,
) {
    if !notice.is_changed() && added.is_empty() {
        return;
    }
    let text = notice.0.as_deref().unwrap_or("");
    let shown = |on: bool| if on { Display::Flex } else { Display::None };
    for (mut t, mut node) in &mut q {
        t.0 = crate::ui::theme::plain(text);
        node.display = shown(!text.is_empty());
    }
    for mut node in &mut hints {
        node.display = shown(text.is_empty());
    }
}
