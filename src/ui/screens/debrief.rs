//! The debrief: outcome and score, a chart of tension per turn with the player's moves and the
//! AI's answers marked and the level's real history as a second line, the timeline, Pyongyang's
//! hidden disposition revealed, and Replay / Next level / Title.

use super::{ChosenLevel, Screen, fresh_seed, screen_root};
use crate::game::{ActiveGame, ActiveScenario, GameData};
use crate::rules::{Scenario, Who};
use crate::sim::calendar::turn_date;
use crate::sim::transcript::outcome_text;
use crate::sim::turn::score;
use crate::ui::Settings;
use crate::ui::theme::{Activate, Palette, button, label, panel, size};
use bevy::prelude::*;
use std::sync::Arc;

const CHART_W: f32 = 720.0;
const CHART_H: f32 = 220.0;

#[derive(Component, Clone)]
enum DebriefButton {
    Replay,
    Next(String),
    Title,
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Debrief), (record_progress, spawn).chain())
        .add_systems(Update, act.run_if(in_state(Screen::Debrief)));
}

/// A campaign level played to its end counts as finished, and opens the next.
fn record_progress(
    sc: Option<Res<ActiveScenario>>,
    game: Option<Res<ActiveGame>>,
    chosen: Option<Res<ChosenLevel>>,
    mut settings: ResMut<Settings>,
) {
    let (Some(sc), Some(game)) = (sc, game) else {
        return;
    };
    // Only a level played as part of the campaign counts toward it.
    let in_campaign = chosen.is_some_and(|c| c.campaign && c.scenario.id() == sc.0.id());
    if in_campaign
        && sc.0.def.campaign.is_some()
        && game.0.state.outcome.is_some()
        && !settings.profile.finished.iter().any(|f| f == sc.0.id())
    {
        settings.profile.finished.push(sc.0.id().to_string());
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

fn spawn(
    mut commands: Commands,
    p: Res<Palette>,
    sc: Option<Res<ActiveScenario>>,
    game: Option<Res<ActiveGame>>,
    data: Res<GameData>,
) {
    let (Some(sc), Some(game)) = (sc, game) else {
        return;
    };
    let sc = &sc.0;
    let g = &game.0;
    let rules = &sc.rules;
    let outcome = g.state.outcome;
    let headline_color = match outcome {
        Some(o) if o.is_win() => p.good,
        _ => p.bad,
    };
    let disposition = rules
        .pyongyang
        .dispositions
        .get(g.state.disposition as usize);
    commands
        .spawn((screen_root(Screen::Debrief), BackgroundColor(p.background)))
        .with_children(|root| {
            root.spawn(label(
                format!("Debrief · {} ({})", sc.def.title, sc.def.years),
                size::HEADING,
                p.accent,
            ));
            root.spawn(label(
                outcome_text(sc, outcome),
                size::TITLE * 0.6,
                headline_color,
            ));
            root.spawn(label(
                format!(
                    "Score {} / 100 · peak tension {:.0} · {} turns played",
                    score(sc, &g.state),
                    g.state.peak_tension,
                    g.log.len()
                ),
                size::BODY,
                p.text,
            ));
            if let Some(d) = disposition {
                root.spawn(label(
                    format!(
                        "Pyongyang's hidden disposition this game: {} — {}",
                        d.name, d.about
                    ),
                    size::SMALL,
                    p.muted,
                ));
            }
            // What the analysts believed at the end, set against the truth.
            if let Some(last) = g.log.iter().rev().find(|r| r.pyongyang.is_some())
                && let Some(line) = crate::sim::transcript::estimate_line(sc, &last.estimate)
            {
                root.spawn(label(
                    format!("Your analysts' final estimate: {line}"),
                    size::SMALL,
                    p.muted,
                ));
            }
            root.spawn(Node {
                flex_direction: FlexDirection::Row,
                column_gap: Val::Px(12.0),
                flex_grow: 1.0,
                min_height: Val::Px(0.0),
                ..default()
            })
            .with_children(|row| {
                row.spawn(panel(
                    &p,
                    Node {
                        width: Val::Px(CHART_W + 40.0),
                        overflow: Overflow::scroll_y(),
                        ..default()
                    },
                ))
                .insert(crate::ui::scroll::ScrollOnWheel)
                .with_children(|c| {
                    c.spawn(label("Tension per turn", size::BODY, p.text));
                    chart(c, &p, sc, g);
                    c.spawn(Node {
                        flex_direction: FlexDirection::Row,
                        column_gap: Val::Px(14.0),
                        ..default()
                    })
                    .with_children(|legend| {
                        legend.spawn(label(
                            "Bars: your game, coloured by your move's family",
                            size::TINY,
                            p.text,
                        ));
                        legend.spawn(label(
                            "Gold line: the designers' reading of the real history",
                            size::TINY,
                            p.accent,
                        ));
                        legend.spawn(label("Red dot: Pyongyang provoked", size::TINY, p.bad));
                        legend.spawn(label("Green dot: Pyongyang engaged", size::TINY, p.good));
                    });
                    // Every real event of the year with its source, under the chart; the panel
                    // scrolls with the mouse wheel when the list is longer than the window.
                    c.spawn(label(
                        "What really happened (scroll for more)",
                        size::SMALL,
                        p.accent,
                    ));
                    for h in &sc.def.history {
                        // The source's short name: "[30] Reuters, 2017-02" before its address.
                        let source = h.source.split(": http").next().unwrap_or(&h.source);
                        c.spawn(label(
                            format!("{} {} ({source})", h.date, h.text),
                            size::TINY,
                            p.muted,
                        ));
                    }
                });
                row.spawn(panel(
                    &p,
                    Node {
                        width: Val::Px(430.0),
                        overflow: Overflow::scroll_y(),
                        row_gap: Val::Px(2.0),
                        ..default()
                    },
                ))
                .insert(crate::ui::scroll::ScrollOnWheel)
                .with_children(|t| {
                    t.spawn(label("Timeline", size::BODY, p.text));
                    for rec in &g.log {
                        let date = turn_date(
                            sc.def.calendar.start,
                            sc.def.calendar.days_per_turn,
                            rec.turn,
                        );
                        let answer = |who: Who, d: Option<crate::sim::Decision>| {
                            d.map(|d| rules.ai(who).responses[d.response as usize].name.clone())
                                .unwrap_or_default()
                        };
                        let (py, bj) = (
                            answer(Who::Pyongyang, rec.pyongyang),
                            answer(Who::Beijing, rec.beijing),
                        );
                        t.spawn(label(
                            format!(
                                "{} {}: {} · BJ {} · PY {} → {:.0}",
                                rec.turn,
                                date.long(),
                                sc.actions[rec.taken as usize].name,
                                bj,
                                py,
                                rec.tension_after
                            ),
                            size::TINY,
                            p.text,
                        ));
                    }
                });
            });
            let mut buttons = vec![("Replay (new seed)".to_string(), DebriefButton::Replay)];
            if let Some(next) = next_campaign_level(&data, sc) {
                buttons.push(("Next level".into(), DebriefButton::Next(next)));
            }
            buttons.push(("Title".into(), DebriefButton::Title));
            root.spawn(Node {
                flex_direction: FlexDirection::Row,
                column_gap: Val::Px(12.0),
                ..default()
            })
            .with_children(|b| {
                for (i, (text, which)) in buttons.into_iter().enumerate() {
                    b.spawn((button(&p, text, i as u32), which));
                }
            });
        });
}

/// The chart: a bar per turn for the game, a line for the real history, dots for Pyongyang.
fn chart(parent: &mut ChildSpawnerCommands, p: &Palette, sc: &Scenario, g: &crate::sim::Game) {
    let rules = &sc.rules;
    let turns = sc.def.turns.max(1) as f32;
    let step = CHART_W / turns;
    let y = |t: f32| CHART_H * (1.0 - t.clamp(0.0, 100.0) / 100.0);
    parent
        .spawn((
            Node {
                width: Val::Px(CHART_W),
                height: Val::Px(CHART_H),
                min_height: Val::Px(CHART_H),
                flex_shrink: 0.0,
                margin: UiRect::vertical(Val::Px(6.0)),
                ..default()
            },
            BackgroundColor(p.background),
        ))
        .with_children(|c| {
            // Rung bands behind everything.
            for (i, r) in rules.rungs.iter().enumerate() {
                let top = rules.rungs.get(i + 1).map(|x| x.from).unwrap_or(100.0);
                c.spawn((
                    Node {
                        position_type: PositionType::Absolute,
                        left: Val::Px(0.0),
                        width: Val::Px(CHART_W),
                        top: Val::Px(y(top)),
                        height: Val::Px(y(r.from) - y(top)),
                        ..default()
                    },
                    BackgroundColor(p.rung(i, rules.rungs.len()).with_alpha(0.08)),
                ));
                c.spawn((
                    label(r.name.clone(), size::TINY - 1.0, p.muted.with_alpha(0.7)),
                    Node {
                        position_type: PositionType::Absolute,
                        right: Val::Px(4.0),
                        top: Val::Px(y(top) + 1.0),
                        ..default()
                    },
                ));
            }
            for rec in &g.log {
                let x = (rec.turn as f32 - 1.0) * step;
                let action = &sc.actions[rec.taken as usize];
                c.spawn((
                    Node {
                        position_type: PositionType::Absolute,
                        left: Val::Px(x + step * 0.2),
                        width: Val::Px(step * 0.6),
                        top: Val::Px(y(rec.tension_after)),
                        height: Val::Px(CHART_H - y(rec.tension_after)),
                        border_radius: BorderRadius::top(Val::Px(2.0)),
                        ..default()
                    },
                    BackgroundColor(p.family(action.family).with_alpha(0.8)),
                ));
                if let Some(d) = rec.pyongyang {
                    let tags = rules.tag_names(rules.pyongyang.responses[d.response as usize].tags);
                    let color = if tags.contains(&"provocation") {
                        Some(p.bad)
                    } else if tags.contains(&"engagement") {
                        Some(p.good)
                    } else {
                        None
                    };
                    if let Some(color) = color {
                        c.spawn((
                            Node {
                                position_type: PositionType::Absolute,
                                left: Val::Px(x + step / 2.0 - 4.0),
                                top: Val::Px(y(rec.tension_after) - 12.0),
                                width: Val::Px(8.0),
                                height: Val::Px(8.0),
                                border_radius: BorderRadius::all(Val::Px(4.0)),
                                ..default()
                            },
                            BackgroundColor(color),
                        ));
                    }
                }
            }
            // The real history: points joined by thin rotated segments.
            let pts: Vec<Vec2> = sc
                .def
                .history
                .iter()
                .filter_map(|h| {
                    h.tension
                        .map(|t| Vec2::new((h.turn as f32 - 0.5) * step, y(t)))
                })
                .collect();
            for w in pts.windows(2) {
                let (a, b) = (w[0], w[1]);
                let d = b - a;
                let len = d.length();
                if len < 0.5 {
                    continue;
                }
                let mid = (a + b) / 2.0;
                c.spawn((
                    Node {
                        position_type: PositionType::Absolute,
                        left: Val::Px(mid.x - len / 2.0),
                        top: Val::Px(mid.y - 1.0),
                        width: Val::Px(len),
                        height: Val::Px(2.0),
                        ..default()
                    },
                    UiTransform {
                        rotation: Rot2::radians(d.y.atan2(d.x)),
                        ..default()
                    },
                    BackgroundColor(p.accent),
                ));
            }
            for pt in &pts {
                c.spawn((
                    Node {
                        position_type: PositionType::Absolute,
                        left: Val::Px(pt.x - 4.0),
                        top: Val::Px(pt.y - 4.0),
                        width: Val::Px(8.0),
                        height: Val::Px(8.0),
                        ..default()
                    },
                    UiTransform {
                        rotation: Rot2::degrees(45.0),
                        ..default()
                    },
                    BackgroundColor(p.accent),
                ));
            }
        });
}

fn act(
    mut activated: MessageReader<Activate>,
    buttons: Query<&DebriefButton>,
    keys: Res<ButtonInput<KeyCode>>,
    sc: Option<Res<ActiveScenario>>,
    data: Res<GameData>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Title);
    }
    for Activate(e) in activated.read() {
        let Ok(which) = buttons.get(*e) else { continue };
        match which {
            DebriefButton::Title => next.set(Screen::Title),
            DebriefButton::Replay => {
                if let Some(sc) = &sc {
                    commands.insert_resource(ChosenLevel {
                        scenario: sc.0.clone(),
                        campaign: sc.0.def.campaign.is_some(),
                        seed: fresh_seed(),
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
                    });
                    next.set(Screen::Briefing);
                }
            }
        }
    }
}
