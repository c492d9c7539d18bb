//! The turn screen. Left: the tension gauge on the escalation ladder with its itemised ledger,
//! and the four actors' panels. Centre: the map and the action cards grouped by family. Right:
//! the chosen card's details and expected effects, the advisors' views, the news feed and End
//! turn. After End turn the answers arrive one by one with their "why" while the gauge moves;
//! then Continue opens the next turn (or the debrief).
//!
//! The screen is rebuilt once per turn (on entering `TurnPhase::Decide`), and parts of it are
//! repainted only when the selection, hover or phase changes.

use super::{ReturnTo, Screen, TurnPhase};
use crate::game::saves::{SLOTS, SaveFile, autosave_slot, write_save};
use crate::game::{ActiveGame, ActiveScenario, PlayerMove, TurnResolved};
use crate::rules::{Family, Scenario, Who};
use crate::sim::calendar::turn_date;
use crate::sim::transcript::{cause_name, estimate_line, outcome_text, why_lines};
use crate::sim::{Cause, TurnRecord, availability, explain_unavailable};
use crate::ui::map::MapSlot;
use crate::ui::theme::{
    Activate, ButtonColors, Focusable, Focused, Palette, button, floating_panel, label, panel, size,
};
use crate::ui::{Notice, Settings};
use bevy::prelude::*;

/// Keys that pick the cards, in display order: 1–0, then Q–P.
pub const CARD_KEYS: [(KeyCode, &str); 20] = [
    (KeyCode::Digit1, "1"),
    (KeyCode::Digit2, "2"),
    (KeyCode::Digit3, "3"),
    (KeyCode::Digit4, "4"),
    (KeyCode::Digit5, "5"),
    (KeyCode::Digit6, "6"),
    (KeyCode::Digit7, "7"),
    (KeyCode::Digit8, "8"),
    (KeyCode::Digit9, "9"),
    (KeyCode::Digit0, "0"),
    (KeyCode::KeyQ, "Q"),
    (KeyCode::KeyW, "W"),
    (KeyCode::KeyE, "E"),
    (KeyCode::KeyR, "R"),
    (KeyCode::KeyT, "T"),
    (KeyCode::KeyY, "Y"),
    (KeyCode::KeyU, "U"),
    (KeyCode::KeyI, "I"),
    (KeyCode::KeyO, "O"),
    (KeyCode::KeyP, "P"),
];

/// Seconds between two answers appearing during the resolution.
pub const REVEAL_INTERVAL: f32 = 0.7;

#[derive(Component)]
struct DashboardRoot;

/// A card sliding into place when a turn opens; removed when it has arrived.
#[derive(Component)]
struct Appear {
    t: f32,
    delay: f32,
}

/// Shows the current `Notice` in the top bar.
#[derive(Component)]
struct NoticeText;

/// An action card.
#[derive(Component, Clone, Copy)]
struct Card(u16);

#[derive(Component)]
struct EndTurnButton;

#[derive(Component)]
struct ContinueButton;

#[derive(Component)]
struct MenuButton;

/// The card detail panel (right column), repainted when the shown card changes.
#[derive(Component)]
struct DetailPanel;

/// The full ledger, shown while the gauge is hovered or focused.
#[derive(Component)]
struct LedgerPopup;

#[derive(Component)]
struct Gauge;

/// The gauge's fill, moving from one tension to another.
#[derive(Component)]
struct GaugeFill {
    from: f32,
    to: f32,
    t: f32,
}

#[derive(Component)]
struct GaugeLabel;

/// The list the resolution's answers are added to.
#[derive(Component)]
struct RevealList;

#[derive(Component)]
struct MenuOverlay;

#[derive(Component, Clone, Copy)]
enum MenuButtonKind {
    Resume,
    Save(usize),
    Load,
    Settings,
    Title,
}

/// The card the player picked this turn.
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq)]
pub struct Selected(pub Option<u16>);

/// The card under the pointer, which the detail panel shows ahead of the selection.
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq)]
struct Hovered(Option<u16>);

/// What the resolution still has to show, and when the next line comes.
#[derive(Resource, Default)]
pub struct Reveal {
    pub lines: Vec<(String, Color)>,
    pub shown: usize,
    pub timer: f32,
    /// Multiplies the pace (the screenshot tour runs faster).
    pub speed: f32,
}

/// The in-game menu is open.
#[derive(Resource, Default)]
struct MenuOpen(bool);

/// Ask the dashboard to end the turn with a move (the End turn button, Enter, the tour).
#[derive(Message, Clone, Copy)]
pub struct EndTurn(pub u16);

/// Ask the dashboard to leave the report (Continue, Enter, the tour).
#[derive(Message, Clone, Copy)]
pub struct ContinueFromReport;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Selected>()
        .init_resource::<Hovered>()
        .init_resource::<Reveal>()
        .init_resource::<MenuOpen>()
        .add_message::<EndTurn>()
        .add_message::<ContinueFromReport>()
        .add_systems(
            OnEnter(TurnPhase::Decide),
            (clear_selection, rebuild, finished_games_go_to_debrief).chain(),
        )
        .add_systems(OnExit(Screen::Dashboard), close_menu)
        .add_systems(
            Update,
            (
                (pick_cards, hover_cards, end_turn_input).run_if(in_state(TurnPhase::Decide)),
                paint_cards.run_if(in_state(TurnPhase::Decide)),
                repaint_detail.run_if(in_state(TurnPhase::Decide)),
                ledger_popup,
                show_notice,
                cards_appear,
                // The menu acts last, so Enter on its buttons never also ends or continues a turn.
                menu.after(pick_cards)
                    .after(end_turn_input)
                    .after(continue_input),
                animate_gauge,
            )
                .run_if(in_state(Screen::Dashboard)),
        )
        .add_systems(
            Update,
            (
                start_resolution,
                reveal.run_if(in_state(TurnPhase::Resolve)),
                continue_input.run_if(in_state(TurnPhase::Report)),
            )
                .chain()
                .after(crate::game::ResolveTurn)
                .run_if(in_state(Screen::Dashboard)),
        )
        .add_systems(
            Update,
            send_move
                .before(crate::game::ResolveTurn)
                .run_if(in_state(Screen::Dashboard)),
        );
}

fn clear_selection(
    mut selected: ResMut<Selected>,
    mut hovered: ResMut<Hovered>,
    mut notice: ResMut<Notice>,
) {
    selected.0 = None;
    hovered.0 = None;
    notice.0 = None;
}

fn close_menu(mut open: ResMut<MenuOpen>, mut scope: ResMut<crate::ui::theme::FocusScope>) {
    open.0 = false;
    scope.0 = None;
}

/// The cards in display order: by family, then as listed in the rules.
fn card_order(sc: &Scenario) -> Vec<u16> {
    let mut order = Vec::new();
    for f in Family::ALL {
        for (i, a) in sc.actions.iter().enumerate() {
            if a.family == f {
                order.push(i as u16);
            }
        }
    }
    order
}

fn var_value(sc: &Scenario, game: &ActiveGame, id: &str) -> Option<f32> {
    sc.rules
        .var_index(id)
        .map(|i| game.0.state.vars[i as usize])
}

#[allow(clippy::too_many_arguments)]
fn rebuild(
    mut commands: Commands,
    old: Query<Entity, With<DashboardRoot>>,
    p: Res<Palette>,
    sc: Res<ActiveScenario>,
    game: Res<ActiveGame>,
) {
    for e in &old {
        commands.entity(e).despawn();
    }
    let sc = &sc.0;
    let rules = &sc.rules;
    let s = &game.0.state;
    let def = &sc.def;
    let turn = s.turn.min(def.turns);
    let date = turn_date(def.calendar.start, def.calendar.days_per_turn, turn);
    let rung = s.rung(sc) as usize;
    let rung_color = p.rung(rung, rules.rungs.len());
    commands
        .spawn((
            DashboardRoot,
            DespawnOnExit(Screen::Dashboard),
            Node {
                width: Val::Percent(100.0),
                height: Val::Percent(100.0),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(Val::Px(8.0)),
                row_gap: Val::Px(6.0),
                ..default()
            },
            // No background: the map camera has already painted the window, and the map's
            // slot must stay transparent.
        ))
        .with_children(|root| {
            // ---------------------------------------------------------------- top bar
            root.spawn(Node { flex_direction: FlexDirection::Row, align_items: AlignItems::Center, column_gap: Val::Px(16.0), ..default() })
                .with_children(|bar| {
                    bar.spawn(label(format!("{} · {}", def.title, def.years), size::HEADING, p.accent));
                    bar.spawn(label(format!("Turn {turn} of {} · {}", def.turns, date.long()), size::BODY, p.text));
                    bar.spawn((
                        Node { padding: UiRect::axes(Val::Px(8.0), Val::Px(2.0)), border_radius: BorderRadius::all(Val::Px(4.0)), ..default() },
                        BackgroundColor(rung_color),
                        children![label(rules.rungs[rung].name.clone(), size::SMALL, p.background)],
                    ));
                    bar.spawn(label(format!("Beijing {}", def.beijing_stance.label()), size::SMALL, p.muted));
                    bar.spawn(Node { flex_grow: 1.0, ..default() });
                    bar.spawn((NoticeText, label("", size::SMALL, p.accent)));
                    bar.spawn((
                        Button,
                        MenuButton,
                        Node { padding: UiRect::axes(Val::Px(12.0), Val::Px(4.0)), border: UiRect::all(Val::Px(1.0)), border_radius: BorderRadius::all(Val::Px(4.0)), ..default() },
                        BackgroundColor(p.panel_raised),
                        BorderColor::all(p.border),
                        ButtonColors { idle: p.panel_raised, hover: p.border, press: p.accent },
                        children![label("Menu (Esc)", size::SMALL, p.text)],
                    ));
                });
            // ---------------------------------------------------------------- three columns
            root.spawn(Node { flex_direction: FlexDirection::Row, flex_grow: 1.0, column_gap: Val::Px(8.0), min_height: Val::Px(0.0), ..default() })
                .with_children(|cols| {
                    cols.spawn(Node { width: Val::Px(280.0), flex_direction: FlexDirection::Column, row_gap: Val::Px(6.0), overflow: Overflow::clip_y(), ..default() })
                        .with_children(|left| {
                            tension_panel(left, &p, sc, &game);
                            actor_panels(left, &p, sc, &game);
                        });
                    cols.spawn(Node { flex_grow: 1.0, flex_basis: Val::Px(0.0), flex_direction: FlexDirection::Column, row_gap: Val::Px(6.0), min_width: Val::Px(0.0), ..default() })
                        .with_children(|centre| {
                            centre.spawn((
                                MapSlot,
                                Node { width: Val::Percent(100.0), height: Val::Percent(30.0), border: UiRect::all(Val::Px(1.0)), ..default() },
                                BorderColor::all(p.border),
                            ));
                            cards(centre, &p, sc, &game);
                            centre.spawn((RevealList, Node { display: Display::None, ..default() }));
                        });
                    cols.spawn(Node { width: Val::Px(305.0), flex_direction: FlexDirection::Column, row_gap: Val::Px(6.0), ..default() })
                        .with_children(|right| {
                            right.spawn((DetailPanel, panel(&p, Node { min_height: Val::Px(250.0), ..default() })))
                                .with_children(|d| {
                                    d.spawn(label("Pick a move", size::HEADING * 0.85, p.text));
                                    d.spawn(label("Click a card or press its key. Hover a card to see what it does and what your advisors think.", size::SMALL, p.muted));
                                });
                            news_feed(right, &p, sc, &game);
                            right.spawn((
                                EndTurnButton,
                                button(&p, "End turn (Enter)", 900),
                            ));
                        });
                });
            root.spawn(label(
                "Keys: 1-0 and Q-P pick a card | Tab moves focus | Enter ends the turn | Esc opens the menu | hover the gauge for the full ledger",
                size::TINY,
                p.muted,
            ));
        });
}

fn tension_panel(parent: &mut ChildSpawnerCommands, p: &Palette, sc: &Scenario, game: &ActiveGame) {
    let rules = &sc.rules;
    let s = &game.0.state;
    let n = rules.rungs.len();
    let last = game.0.log.last();
    let from = last.map(|r| r.tension_before).unwrap_or(s.tension);
    parent
        .spawn((
            Gauge,
            Button,
            Focusable(800),
            Interaction::default(),
            panel(p, Node::default()),
        ))
        .with_children(|g| {
            g.spawn((
                GaugeLabel,
                label(format!("Tension {:.0}", s.tension), size::HEADING, p.text),
            ));
            // The bar: the ladder's rungs as coloured segments, and the fill on top.
            g.spawn(Node {
                width: Val::Percent(100.0),
                height: Val::Px(16.0),
                flex_direction: FlexDirection::Row,
                border_radius: BorderRadius::all(Val::Px(3.0)),
                overflow: Overflow::clip(),
                ..default()
            })
            .with_children(|bar| {
                for (i, r) in rules.rungs.iter().enumerate() {
                    let next = rules.rungs.get(i + 1).map(|x| x.from).unwrap_or(100.0);
                    bar.spawn((
                        Node {
                            width: Val::Percent(next - r.from),
                            height: Val::Percent(100.0),
                            ..default()
                        },
                        BackgroundColor(p.rung(i, n).with_alpha(0.35)),
                    ));
                }
            });
            g.spawn(Node {
                width: Val::Percent(100.0),
                height: Val::Px(8.0),
                margin: UiRect::top(Val::Px(-12.0)),
                ..default()
            })
            .with_children(|track| {
                track.spawn((
                    GaugeFill {
                        from,
                        to: s.tension,
                        t: 0.0,
                    },
                    Node {
                        width: Val::Percent(from),
                        height: Val::Percent(100.0),
                        border_radius: BorderRadius::all(Val::Px(2.0)),
                        ..default()
                    },
                    BackgroundColor(p.rung(s.rung(sc) as usize, n)),
                ));
            });
            g.spawn(Node {
                height: Val::Px(4.0),
                ..default()
            });
            let here = s.rung(sc) as usize;
            let next_rung = rules
                .rungs
                .get(here + 1)
                .map(|r| format!("; next: {} at {:.0}", r.name, r.from))
                .unwrap_or_default();
            g.spawn(label(
                format!(
                    "Rung: {} (from {:.0}){next_rung}",
                    rules.rungs[here].name, rules.rungs[here].from
                ),
                size::TINY,
                p.rung(here, n),
            ));
            g.spawn(Node {
                height: Val::Px(4.0),
                ..default()
            });
            g.spawn(label(
                "Why (hover for the full ledger):",
                size::TINY,
                p.text,
            ));
            let entries = s.ledger.by_size();
            for e in entries.iter().take(3) {
                g.spawn(label(
                    clip(ledger_line(sc, e), 36),
                    size::TINY,
                    if e.amount > 0.0 { p.text } else { p.good },
                ));
            }
            if entries.len() > 3 {
                g.spawn(label(
                    format!("… {} more: hover or focus for all", entries.len() - 3),
                    size::TINY,
                    p.muted,
                ));
            }
            // The full ledger, floating beside the gauge while it is hovered or focused.
            g.spawn((
                LedgerPopup,
                floating_panel(
                    p,
                    Node {
                        display: Display::None,
                        left: Val::Px(282.0),
                        top: Val::Px(0.0),
                        width: Val::Px(420.0),
                        padding: UiRect::all(Val::Px(10.0)),
                        row_gap: Val::Px(2.0),
                        ..default()
                    },
                ),
                GlobalZIndex(10),
            ))
            .with_children(|pop| {
                pop.spawn(label("The tension ledger", size::BODY, p.accent));
                for e in &entries {
                    pop.spawn(label(
                        ledger_line(sc, e),
                        size::SMALL,
                        if e.amount > 0.0 { p.text } else { p.good },
                    ));
                }
                pop.spawn(label(
                    format!("Sum, kept within 0–100: {:.1}", s.tension),
                    size::SMALL,
                    p.muted,
                ));
            });
        });
}

/// Cuts a line to `n` characters, with an ellipsis.
fn clip(text: String, n: usize) -> String {
    if text.chars().count() <= n {
        text
    } else {
        text.chars().take(n.saturating_sub(3)).collect::<String>() + "..."
    }
}

fn ledger_line(sc: &Scenario, e: &crate::sim::ledger::Entry) -> String {
    let fade = if e.decay > 0.0 {
        format!(", fades {} a turn", e.decay)
    } else {
        ", lasting".into()
    };
    let when = match e.cause {
        Cause::Start(_) => String::new(),
        _ => format!(" (turn {}{fade})", e.turn),
    };
    format!(
        "{:+5.1}  {}{}",
        e.amount,
        cause_name(sc, e.cause),
        if when.is_empty() {
            fade.replacen(", ", " (", 1) + ")"
        } else {
            when
        }
    )
}

fn actor_panels(parent: &mut ChildSpawnerCommands, p: &Palette, sc: &Scenario, game: &ActiveGame) {
    let rules = &sc.rules;
    let mut actors_panel = parent.spawn(panel(
        p,
        Node {
            padding: UiRect::all(Val::Px(7.0)),
            row_gap: Val::Px(0.0),
            overflow: Overflow::clip_y(),
            flex_shrink: 1.0,
            min_height: Val::Px(0.0),
            ..default()
        },
    ));
    for actor in rules.actors.iter().filter(|a| a.id != "world") {
        actors_panel.with_children(|c| {
            c.spawn((
                label(actor.name.clone(), size::SMALL, p.accent),
                Node {
                    margin: UiRect::top(Val::Px(3.0)),
                    ..default()
                },
            ));
            for v in actor.vars.iter().filter(|v| rules.vars[**v as usize].key) {
                let info = &rules.vars[*v as usize];
                let value = game.0.state.vars[*v as usize];
                let frac = ((value - info.min) / (info.max - info.min)).clamp(0.0, 1.0);
                bar_row(
                    c,
                    p,
                    info.name.clone(),
                    frac,
                    format!("{value:.0}"),
                    p.accent,
                );
            }
            // The player's evidence about the hidden disposition: the analysts' mean estimate.
            if actor.id == "pyongyang" && game.0.state.analysts > 0 {
                c.spawn((
                    label("Intelligence estimate", size::TINY, p.accent),
                    Node {
                        margin: UiRect::top(Val::Px(2.0)),
                        ..default()
                    },
                ));
                for (d, info) in rules.pyongyang.dispositions.iter().enumerate() {
                    let share = game.0.state.consensus(d);
                    bar_row(
                        c,
                        p,
                        info.name.clone(),
                        share,
                        format!("{:.0}%", share * 100.0),
                        p.good,
                    );
                }
            }
        });
    }
    // The shared facts that matter most at a glance.
    let facts: Vec<String> = ["world.proximity", "world.talks", "world.sanctions"]
        .iter()
        .filter_map(|id| {
            let i = rules.var_index(id)?;
            Some(format!(
                "{} {:.0}",
                rules.vars[i as usize].name, game.0.state.vars[i as usize]
            ))
        })
        .chain(
            [
                ("world.hotline", "hotline open"),
                ("world.military_agreement", "military agreement"),
                ("world.moratorium", "test moratorium"),
                ("world.drills_halted", "drills halted"),
            ]
            .iter()
            .filter(|(id, _)| var_value(sc, game, id).is_some_and(|v| v >= 1.0))
            .map(|(_, name)| name.to_string()),
        )
        .collect();
    parent.spawn(label(facts.join(" · "), size::TINY, p.muted));
}

/// One labelled bar in an actor panel: name, a bar filled to `frac`, the value.
fn bar_row(
    c: &mut ChildSpawnerCommands,
    p: &Palette,
    name: String,
    frac: f32,
    value: String,
    fill: Color,
) {
    c.spawn(Node {
        flex_direction: FlexDirection::Row,
        align_items: AlignItems::Center,
        column_gap: Val::Px(6.0),
        width: Val::Percent(100.0),
        ..default()
    })
    .with_children(|row| {
        row.spawn((
            label(name, size::TINY, p.muted),
            Node {
                flex_grow: 1.0,
                ..default()
            },
            TextLayout::no_wrap(),
        ));
        row.spawn((
            Node {
                width: Val::Px(50.0),
                height: Val::Px(6.0),
                border_radius: BorderRadius::all(Val::Px(3.0)),
                ..default()
            },
            BackgroundColor(p.border),
        ))
        .with_children(|bar| {
            bar.spawn((
                Node {
                    width: Val::Percent(frac.clamp(0.0, 1.0) * 100.0),
                    height: Val::Percent(100.0),
                    border_radius: BorderRadius::all(Val::Px(3.0)),
                    ..default()
                },
                BackgroundColor(fill),
            ));
        });
        row.spawn((
            label(value, size::TINY, p.text),
            Node {
                width: Val::Px(28.0),
                ..default()
            },
            TextLayout::no_wrap(),
        ));
    });
}

fn cards(parent: &mut ChildSpawnerCommands, p: &Palette, sc: &Scenario, game: &ActiveGame) {
    let order = card_order(sc);
    parent
        .spawn(Node {
            overflow: Overflow::clip_y(),
            flex_direction: FlexDirection::Row,
            column_gap: Val::Px(6.0),
            flex_grow: 1.0,
            min_height: Val::Px(0.0),
            ..default()
        })
        .with_children(|row| {
            for f in Family::ALL {
                row.spawn(Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: Val::Px(4.0),
                    flex_basis: Val::Px(0.0),
                    flex_grow: 1.0,
                    min_width: Val::Px(0.0),
                    ..default()
                })
                .with_children(|col| {
                    col.spawn((
                        Node {
                            padding: UiRect::axes(Val::Px(6.0), Val::Px(3.0)),
                            border_radius: BorderRadius::all(Val::Px(4.0)),
                            ..default()
                        },
                        BackgroundColor(p.family(f).with_alpha(0.85)),
                        children![label(f.label(), size::SMALL, p.background)],
                    ));
                    for (k, a) in order.iter().enumerate() {
                        let action = &sc.actions[*a as usize];
                        if action.family != f {
                            continue;
                        }
                        let key = CARD_KEYS.get(k).map(|(_, l)| *l).unwrap_or("");
                        let available = availability(sc, &game.0.state, *a);
                        let cost: Vec<String> = action
                            .cost
                            .iter()
                            .map(|(v, x)| {
                                format!("{x:.0} {}", sc.rules.vars[*v as usize].name.to_lowercase())
                            })
                            .collect();
                        let sub = match &available {
                            Ok(()) if cost.is_empty() => "free".to_string(),
                            Ok(()) => cost.join(", "),
                            Err(why) => {
                                clip(format!("locked: {}", explain_unavailable(sc, *a, why)), 42)
                            }
                        };
                        let ok = available.is_ok();
                        let mut card = col.spawn((
                            Appear {
                                t: 0.0,
                                delay: k as f32 * 0.02,
                            },
                            UiTransform::from_translation(Val2::px(0.0, 14.0)),
                            Card(*a),
                            Button,
                            Node {
                                flex_direction: FlexDirection::Column,
                                padding: UiRect::axes(Val::Px(6.0), Val::Px(4.0)),
                                border: UiRect {
                                    left: Val::Px(4.0),
                                    ..UiRect::all(Val::Px(1.0))
                                },
                                border_radius: BorderRadius::all(Val::Px(4.0)),
                                ..default()
                            },
                            BackgroundColor(if ok { p.panel } else { p.background }),
                            BorderColor {
                                left: p.family(f),
                                ..BorderColor::all(p.border)
                            },
                        ));
                        if ok {
                            card.insert(Focusable(k as u32));
                        }
                        card.with_children(|c| {
                            c.spawn(label(
                                format!("[{key}] {}", action.name),
                                size::TINY + 1.0,
                                if ok { p.text } else { p.muted },
                            ));
                            c.spawn(label(
                                sub,
                                size::TINY,
                                if ok { p.muted } else { p.bad.with_alpha(0.8) },
                            ));
                        });
                    }
                });
            }
        });
}

fn news_feed(parent: &mut ChildSpawnerCommands, p: &Palette, sc: &Scenario, game: &ActiveGame) {
    let rules = &sc.rules;
    parent
        .spawn(panel(p, Node { flex_grow: 1.0, min_height: Val::Px(0.0), overflow: Overflow::clip_y(), row_gap: Val::Px(3.0), ..default() }))
        .with_children(|n| {
            n.spawn(label("News", size::BODY, p.text));
            if game.0.log.is_empty() {
                n.spawn(label("The crisis begins. Read the briefing's objectives; your first move sets the tone.", size::SMALL, p.muted));
            }
            for rec in game.0.log.iter().rev().take(4) {
                let date = turn_date(sc.def.calendar.start, sc.def.calendar.days_per_turn, rec.turn);
                n.spawn(label(format!("{} · turn {}", date.long(), rec.turn), size::TINY, p.accent));
                for (who, d) in [(Who::Beijing, rec.beijing), (Who::Pyongyang, rec.pyongyang)] {
                    if let Some(d) = d {
                        n.spawn(label(rules.ai(who).responses[d.response as usize].news.clone(), size::TINY, p.text));
                    }
                }
                for e in rec.fired_events().filter(|e| !rules.events[*e as usize].quiet) {
                    n.spawn(label(rules.events[e as usize].news.clone(), size::TINY, p.bad));
                }
            }
        });
}

/// Number and letter keys pick cards; clicks and Enter on a focused card pick it too; Tab
/// onto a card picks it, so that Enter then ends the turn with it.
fn pick_cards(
    keys: Res<ButtonInput<KeyCode>>,
    mut activated: MessageReader<Activate>,
    cards: Query<(Entity, &Card), With<Focusable>>,
    focused: Res<Focused>,
    sc: Res<ActiveScenario>,
    mut selected: ResMut<Selected>,
    menu: Res<MenuOpen>,
) {
    if menu.0 {
        return;
    }
    let order = card_order(&sc.0);
    for (k, (key, _)) in CARD_KEYS.iter().enumerate() {
        if keys.just_pressed(*key)
            && let Some(a) = order.get(k)
            && cards.iter().any(|(_, c)| c.0 == *a)
        {
            selected.0 = Some(*a);
        }
    }
    for Activate(e) in activated.read() {
        if let Ok((_, c)) = cards.get(*e) {
            selected.0 = Some(c.0);
        }
    }
    if focused.is_changed()
        && let Some(f) = focused.0
        && let Ok((_, c)) = cards.get(f)
    {
        selected.0 = Some(c.0);
    }
}

fn hover_cards(
    cards: Query<(&Card, &Interaction), Changed<Interaction>>,
    mut hovered: ResMut<Hovered>,
) {
    for (card, i) in &cards {
        match i {
            Interaction::Hovered | Interaction::Pressed => hovered.0 = Some(card.0),
            Interaction::None if hovered.0 == Some(card.0) => hovered.0 = None,
            Interaction::None => {}
        }
    }
}

/// Highlights the selected card (only when the selection changes).
fn paint_cards(
    selected: Res<Selected>,
    mut cards: Query<(&Card, &mut BackgroundColor, Has<Focusable>)>,
    p: Res<Palette>,
) {
    if !selected.is_changed() {
        return;
    }
    for (card, mut bg, available) in &mut cards {
        bg.0 = if selected.0 == Some(card.0) {
            p.accent.with_alpha(0.35)
        } else if available {
            p.panel
        } else {
            p.background
        };
    }
}

/// Repaints the detail panel for the hovered card, else the selected one.
fn repaint_detail(
    selected: Res<Selected>,
    hovered: Res<Hovered>,
    panel_q: Query<Entity, With<DetailPanel>>,
    mut commands: Commands,
    p: Res<Palette>,
    sc: Res<ActiveScenario>,
    game: Res<ActiveGame>,
) {
    if !(selected.is_changed() || hovered.is_changed()) {
        return;
    }
    let Some(a) = hovered.0.or(selected.0) else {
        return;
    };
    let Ok(panel_e) = panel_q.single() else {
        return;
    };
    let sc = &sc.0;
    let rules = &sc.rules;
    let action = &sc.actions[a as usize];
    let stance = sc.def.beijing_stance;
    commands.entity(panel_e).despawn_children();
    commands.entity(panel_e).with_children(|d| {
        d.spawn(label(
            action.name.clone(),
            size::HEADING * 0.85,
            p.family(action.family),
        ));
        let chosen = if selected.0 == Some(a) {
            " · your choice"
        } else {
            ""
        };
        d.spawn(label(
            format!("{}{chosen}", action.family.label()),
            size::TINY,
            p.muted,
        ));
        d.spawn(label(action.about.clone(), size::SMALL, p.text));
        if let Err(why) = availability(sc, &game.0.state, a) {
            d.spawn(label(
                format!("Unavailable: {}", explain_unavailable(sc, a, &why)),
                size::SMALL,
                p.bad,
            ));
        }
        if !action.cost.is_empty() {
            let cost: Vec<String> = action
                .cost
                .iter()
                .map(|(v, x)| format!("{x:.0} {}", rules.vars[*v as usize].name.to_lowercase()))
                .collect();
            d.spawn(label(
                format!("Costs {}", cost.join(", ")),
                size::SMALL,
                p.accent,
            ));
        }
        d.spawn(label("Expected effects:", size::SMALL, p.text));
        for line in rules
            .effect_lines(&action.effects, stance)
            .into_iter()
            .take(8)
        {
            d.spawn(label(format!("· {line}"), size::TINY, p.muted));
        }
        if let Some(m) = &action.misreading {
            d.spawn(label(
                format!(
                    "{:.0}% chance Pyongyang reads it as {}",
                    m.chance * 100.0,
                    m.reading
                ),
                size::TINY,
                p.bad,
            ));
        }
        d.spawn(Node {
            height: Val::Px(4.0),
            ..default()
        });
        d.spawn(label("Advisors", size::SMALL, p.text));
        for adv in &rules.advisors {
            let favours = adv.favours.contains(&action.family);
            let said = action
                .advice
                .iter()
                .find(|(k, _)| *k == adv.id)
                .map(|(_, v)| v.clone());
            let text = said.unwrap_or_else(|| {
                if favours {
                    "Supports it.".into()
                } else {
                    "Would rather you did something else.".into()
                }
            });
            let mark = if favours { "for" } else { "against" };
            d.spawn(label(
                format!("{} ({mark}): {text}", adv.name),
                size::TINY,
                if favours { p.good } else { p.muted },
            ));
        }
    });
}

/// Enter or the End turn button ends the turn with the selected card.
fn end_turn_input(
    keys: Res<ButtonInput<KeyCode>>,
    mut activated: MessageReader<Activate>,
    end: Query<(), With<EndTurnButton>>,
    selected: Res<Selected>,
    mut out: MessageWriter<EndTurn>,
    mut notice: ResMut<Notice>,
    menu: Res<MenuOpen>,
) {
    if menu.0 {
        return;
    }
    let mut go = keys.just_pressed(KeyCode::Enter);
    for Activate(e) in activated.read() {
        go |= end.get(*e).is_ok();
    }
    if go {
        match selected.0 {
            Some(a) => {
                out.write(EndTurn(a));
            }
            None => notice.0 = Some("Pick a card first (click it, or press its key).".into()),
        }
    }
}

/// Turns an `EndTurn` into the game's `PlayerMove`, and moves to the resolution.
fn send_move(
    mut ends: MessageReader<EndTurn>,
    phase: Option<Res<State<TurnPhase>>>,
    mut moves: MessageWriter<PlayerMove>,
    mut next: ResMut<NextState<TurnPhase>>,
) {
    let Some(e) = ends.read().last().copied() else {
        return;
    };
    if phase.is_some_and(|p| *p.get() == TurnPhase::Decide) {
        moves.write(PlayerMove(e.0));
        next.set(TurnPhase::Resolve);
    }
}

/// Once the engine has resolved the turn, lines up what the resolution will show.
fn start_resolution(
    mut resolved: MessageReader<TurnResolved>,
    sc: Res<ActiveScenario>,
    game: Res<ActiveGame>,
    mut reveal: ResMut<Reveal>,
    mut gauge: Query<&mut GaugeFill>,
    p: Res<Palette>,
    settings: Res<Settings>,
    mut notice: ResMut<Notice>,
    mut list: Query<(Entity, &mut Node), With<RevealList>>,
    mut commands: Commands,
) {
    let Some(TurnResolved(rec)) = resolved.read().last().cloned() else {
        return;
    };
    let sc = &sc.0;
    reveal.lines = resolution_lines(sc, &rec, &p);
    reveal.shown = 0;
    reveal.timer = 0.0;
    if reveal.speed <= 0.0 {
        reveal.speed = 1.0;
    }
    for mut g in &mut gauge {
        g.from = rec.tension_before;
        g.to = rec.tension_after;
        g.t = 0.0;
    }
    // Autosave after every turn.
    if let Err(e) = write_save(
        &settings.dir,
        &autosave_slot(sc.id()),
        &SaveFile::of(sc, &game.0),
    ) {
        notice.0 = Some(e);
    }
    // The answers replace the detail panel's place in the right column.
    if let Ok((e, mut node)) = list.single_mut() {
        let (panel_node, background, border) = floating_panel(
            &p,
            Node {
                display: Display::Flex,
                left: Val::Px(0.0),
                right: Val::Px(0.0),
                top: Val::Percent(32.0),
                bottom: Val::Px(0.0),
                padding: UiRect::all(Val::Px(12.0)),
                row_gap: Val::Px(5.0),
                ..default()
            },
        );
        *node = panel_node;
        commands
            .entity(e)
            .insert((background, border, GlobalZIndex(5)));
        commands.entity(e).with_children(|l| {
            l.spawn(label(
                format!("Turn {} — the answers", rec.turn),
                size::HEADING * 0.85,
                p.accent,
            ));
        });
    }
}

fn resolution_lines(sc: &Scenario, rec: &TurnRecord, p: &Palette) -> Vec<(String, Color)> {
    let rules = &sc.rules;
    let mut lines = Vec::new();
    let taken = &sc.actions[rec.taken as usize];
    let mut you = format!("You: {}", taken.name);
    if rec.taken != rec.requested {
        you += &format!(
            " ({} was unavailable)",
            sc.actions[rec.requested as usize].name
        );
    }
    lines.push((you, p.family(taken.family)));
    if rec.misread
        && let Some(m) = &taken.misreading
    {
        lines.push((format!("Pyongyang reads it as {}.", m.reading), p.bad));
    }
    for (who, d) in [(Who::Beijing, rec.beijing), (Who::Pyongyang, rec.pyongyang)] {
        if let Some(d) = d {
            let r = &rules.ai(who).responses[d.response as usize];
            let provocation = rules.tag_names(r.tags).contains(&"provocation");
            lines.push((
                format!("{}: {}", who.label(), r.news),
                if provocation { p.bad } else { p.text },
            ));
            for (head, line) in why_lines(sc, who, &d) {
                lines.push((format!("   {head}: {line}"), p.muted));
            }
        }
    }
    if rec.pyongyang.is_some()
        && let Some(line) = estimate_line(sc, &rec.estimate)
    {
        lines.push((format!("Intelligence estimate: {line}"), p.accent));
    }
    for e in rec
        .fired_events()
        .filter(|e| !rules.events[*e as usize].quiet)
    {
        lines.push((format!("Event: {}", rules.events[e as usize].news), p.bad));
    }
    lines.push((
        format!(
            "Tension {:.1} → {:.1}: {}",
            rec.tension_before, rec.tension_after, rules.rungs[rec.rung_after as usize].name
        ),
        p.rung(rec.rung_after as usize, rules.rungs.len()),
    ));
    if rec.outcome.is_some() {
        lines.push((outcome_text(sc, rec.outcome), p.accent));
    }
    lines
}

/// Shows the answers one by one, then the Continue button.
fn reveal(
    time: Res<Time>,
    mut reveal: ResMut<Reveal>,
    list: Query<Entity, With<RevealList>>,
    mut commands: Commands,
    p: Res<Palette>,
    mut next: ResMut<NextState<TurnPhase>>,
) {
    let Ok(list) = list.single() else { return };
    reveal.timer += time.delta_secs() * reveal.speed.max(0.1);
    while reveal.timer >= REVEAL_INTERVAL && reveal.shown < reveal.lines.len() {
        reveal.timer -= REVEAL_INTERVAL;
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
    }
    if reveal.shown >= reveal.lines.len() && reveal.timer >= REVEAL_INTERVAL {
        commands.entity(list).with_children(|l| {
            l.spawn((ContinueButton, button(&p, "Continue (Enter)", 950)));
        });
        next.set(TurnPhase::Report);
    }
}

fn continue_input(
    keys: Res<ButtonInput<KeyCode>>,
    mut activated: MessageReader<Activate>,
    cont: Query<(), With<ContinueButton>>,
    mut asked: MessageReader<ContinueFromReport>,
    game: Res<ActiveGame>,
    mut next_phase: ResMut<NextState<TurnPhase>>,
    mut next_screen: ResMut<NextState<Screen>>,
    menu: Res<MenuOpen>,
) {
    let mut go = !menu.0 && keys.just_pressed(KeyCode::Enter);
    for Activate(e) in activated.read() {
        go |= !menu.0 && cont.get(*e).is_ok();
    }
    go |= asked.read().count() > 0;
    if go {
        if game.0.state.outcome.is_some() {
            next_screen.set(Screen::Debrief);
        } else {
            next_phase.set(TurnPhase::Decide);
        }
    }
}

/// Moves the gauge's fill toward its new value, then stops touching it.
fn animate_gauge(
    time: Res<Time>,
    mut q: Query<(&mut GaugeFill, &mut Node)>,
    mut label_q: Query<&mut Text, With<GaugeLabel>>,
) {
    for (mut g, mut node) in &mut q {
        if g.t >= 1.0 {
            continue;
        }
        g.t = (g.t + time.delta_secs() / 1.2).min(1.0);
        let eased = 1.0 - (1.0 - g.t).powi(3);
        let v = g.from + (g.to - g.from) * eased;
        node.width = Val::Percent(v.clamp(0.0, 100.0));
        for mut t in &mut label_q {
            t.0 = format!("Tension {v:.0}");
        }
    }
}

fn ledger_popup(
    gauge: Query<(Entity, &Interaction), With<Gauge>>,
    focused: Res<Focused>,
    mut popup: Query<&mut Node, With<LedgerPopup>>,
) {
    let Ok((e, i)) = gauge.single() else { return };
    let show = *i != Interaction::None || focused.0 == Some(e);
    for mut n in &mut popup {
        let want = if show { Display::Flex } else { Display::None };
        if n.display != want {
            n.display = want;
        }
    }
}

/// Esc opens the in-game menu: resume, save to a slot, load, settings, back to the title.
#[allow(clippy::too_many_arguments)]
fn menu(
    keys: Res<ButtonInput<KeyCode>>,
    mut open: ResMut<MenuOpen>,
    mut activated: MessageReader<Activate>,
    menu_button: Query<(), With<MenuButton>>,
    buttons: Query<&MenuButtonKind>,
    overlay: Query<Entity, With<MenuOverlay>>,
    mut commands: Commands,
    p: Res<Palette>,
    sc: Res<ActiveScenario>,
    game: Res<ActiveGame>,
    settings: Res<Settings>,
    mut notice: ResMut<Notice>,
    mut next: ResMut<NextState<Screen>>,
    mut return_to: ResMut<ReturnTo>,
    (mut scope, mut focused): (ResMut<crate::ui::theme::FocusScope>, ResMut<Focused>),
) {
    let mut toggle = keys.just_pressed(KeyCode::Escape);
    let mut close = false;
    for Activate(e) in activated.read() {
        if menu_button.get(*e).is_ok() {
            toggle = true;
        }
        if let Ok(kind) = buttons.get(*e) {
            match kind {
                MenuButtonKind::Resume => close = true,
                MenuButtonKind::Save(i) => {
                    let slot = SLOTS[*i];
                    notice.0 = Some(
                        match write_save(&settings.dir, slot, &SaveFile::of(&sc.0, &game.0)) {
                            Ok(()) => format!("Saved to slot {}.", i + 1),
                            Err(e) => e,
                        },
                    );
                    close = true;
                }
                MenuButtonKind::Load => {
                    return_to.0 = Screen::Dashboard;
                    next.set(Screen::Load);
                }
                MenuButtonKind::Settings => {
                    return_to.0 = Screen::Dashboard;
                    next.set(Screen::Settings);
                }
                MenuButtonKind::Title => next.set(Screen::Title),
            }
        }
    }
    if toggle {
        open.0 = !open.0;
    } else if close {
        open.0 = false;
    } else {
        return;
    }
    for e in &overlay {
        commands.entity(e).despawn();
    }
    if !open.0 {
        scope.0 = None;
        return;
    }
    let mut resume = None;
    let overlay_entity = commands
        .spawn((
            MenuOverlay,
            DespawnOnExit(Screen::Dashboard),
            Node {
                position_type: PositionType::Absolute,
                width: Val::Percent(100.0),
                height: Val::Percent(100.0),
                justify_content: JustifyContent::Center,
                align_items: AlignItems::Center,
                ..default()
            },
            BackgroundColor(Color::BLACK.with_alpha(0.6)),
            // Clicks stop here: nothing behind the menu reacts while it is open.
            bevy::ui::FocusPolicy::Block,
            GlobalZIndex(50),
        ))
        .with_children(|o| {
            o.spawn(panel(
                &p,
                Node {
                    padding: UiRect::all(Val::Px(24.0)),
                    row_gap: Val::Px(10.0),
                    align_items: AlignItems::Center,
                    ..default()
                },
            ))
            .with_children(|m| {
                m.spawn(label("Menu", size::HEADING, p.accent));
                let items = [
                    ("Resume (Esc)", MenuButtonKind::Resume),
                    ("Save to slot 1", MenuButtonKind::Save(0)),
                    ("Save to slot 2", MenuButtonKind::Save(1)),
                    ("Save to slot 3", MenuButtonKind::Save(2)),
                    ("Load game", MenuButtonKind::Load),
                    ("Settings", MenuButtonKind::Settings),
                    ("Quit to title", MenuButtonKind::Title),
                ];
                for (i, (text, kind)) in items.into_iter().enumerate() {
                    let id = m.spawn((button(&p, text, 1000 + i as u32), kind)).id();
                    if i == 0 {
                        resume = Some(id);
                    }
                }
                if let Some(n) = &notice.0 {
                    m.spawn(label(n.clone(), size::SMALL, p.muted));
                }
            });
        })
        .id();
    // The menu is modal: focus starts on Resume and Tab stays inside it.
    scope.0 = Some(overlay_entity);
    focused.0 = resume;
}

/// Keeps the top bar's notice in step with the `Notice` resource.
fn show_notice(
    notice: Res<Notice>,
    mut q: Query<&mut Text, With<NoticeText>>,
    added: Query<(), Added<NoticeText>>,
) {
    if !notice.is_changed() && added.is_empty() {
        return;
    }
    for mut t in &mut q {
        t.0 = crate::ui::theme::plain(notice.0.as_deref().unwrap_or(""));
    }
}

/// Slides new cards up into place, one after another, then leaves them alone.
fn cards_appear(
    time: Res<Time>,
    mut q: Query<(Entity, &mut Appear, &mut UiTransform)>,
    mut commands: Commands,
) {
    for (e, mut a, mut tr) in &mut q {
        if a.delay > 0.0 {
            a.delay -= time.delta_secs();
            continue;
        }
        a.t = (a.t + time.delta_secs() / 0.25).min(1.0);
        let eased = 1.0 - (1.0 - a.t).powi(3);
        tr.translation = Val2::px(0.0, 14.0 * (1.0 - eased));
        if a.t >= 1.0 {
            commands.entity(e).remove::<Appear>();
        }
    }
}

/// A finished game has no next turn: coming back to it (from the menu's settings, say) opens
/// the debrief instead.
fn finished_games_go_to_debrief(game: Res<ActiveGame>, mut next: ResMut<NextState<Screen>>) {
    if game.0.state.outcome.is_some() {
        next.set(Screen::Debrief);
    }
}
