//! The briefing: the situation in short paragraphs, the objectives, each actor's posture and
//! Beijing's stance, before the first turn.

use super::{ChosenLevel, Screen, screen_root};
use crate::game::start_game;
use crate::rules::ObjectiveKind;
use crate::sim::teams::Settle;
use crate::ui::focus::Activated;
use crate::ui::theme::{Palette, button, label, panel, size};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;

#[derive(Component)]
enum BriefingButton {
    Start,
    Back,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<HotSeatRule>()
        .add_systems(OnEnter(Screen::Briefing), spawn)
        .add_systems(Update, act.run_if(in_state(Screen::Briefing)));
}

/// The team rule asked for on the command line (`--teams`); a class code's own rule wins.
#[derive(Resource, Default, Clone, Copy)]
pub struct HotSeatRule(pub Option<Settle>);

/// The team rule of the game this briefing opens, if it is a team game.
fn team_rule(chosen: &ChosenLevel, asked: &HotSeatRule) -> Option<Settle> {
    let rule = match &chosen.class_code {
        Some(class) => class.options.teams,
        None => asked.0,
    };
    rule.filter(|_| chosen.scenario.rules.teams.len() == 2)
}

fn spawn(
    mut commands: Commands,
    p: Res<Palette>,
    chosen: Res<ChosenLevel>,
    asked: Res<HotSeatRule>,
) {
    let sc = &chosen.scenario;
    let def = &sc.def;
    let rules = &sc.rules;
    commands
        .spawn((screen_root(Screen::Briefing), BackgroundColor(p.background)))
        .with_children(|root| {
            if let Some(class) = &chosen.class_code {
                let line = format!(
                    "Class code {} - everyone with this code plays the same game",
                    class.text
                );
                root.spawn(label(line, size::BODY, p.accent));
            }
            if let Some(rule) = team_rule(&chosen, &asked) {
                let names: Vec<&str> = rules.teams.iter().map(|t| t.name.as_str()).collect();
                let line = format!(
                    "Advisor teams in hot seat: {}; {}.",
                    names.join(" and "),
                    rule.describe(sc)
                );
                root.spawn(label(line, size::BODY, p.accent));
                for t in &rules.teams {
                    let line = format!("{}: {}", t.name, t.priorities);
                    root.spawn(label(line, size::SMALL, p.text));
                }
            }
            root.spawn(label(
                format!("{} · {}", def.title, def.years),
                size::TITLE * 0.7,
                p.accent,
            ));
            root.spawn(Node {
                flex_direction: FlexDirection::Row,
                column_gap: Val::Px(16.0),
                width: Val::Percent(100.0),
                max_width: Val::Px(1400.0),
                flex_grow: 1.0,
                min_height: Val::Px(0.0),
                ..default()
            })
            .with_children(|cols| {
                cols.spawn(panel(
                    &p,
                    Node {
                        flex_basis: Val::Percent(58.0),
                        row_gap: Val::Px(10.0),
                        overflow: Overflow::clip_y(),
                        ..default()
                    },
                ))
                .with_children(|c| {
                    c.spawn(label("The situation", size::HEADING, p.text));
                    for para in &def.briefing {
                        c.spawn(label(para.clone(), size::BODY, p.text));
                    }
                });
                cols.spawn(panel(
                    &p,
                    Node {
                        flex_basis: Val::Percent(42.0),
                        row_gap: Val::Px(6.0),
                        overflow: Overflow::clip_y(),
                        ..default()
                    },
                ))
                .with_children(|c| {
                    c.spawn(label("Objectives", size::HEADING, p.text));
                    for o in &sc.objectives {
                        let (mark, color) = match o.kind {
                            ObjectiveKind::Win => ("WIN ", p.good),
                            ObjectiveKind::Loss => ("LOSE", p.bad),
                        };
                        let when = o.timing();
                        c.spawn(label(
                            format!("{mark}  {}{when}", o.name),
                            size::BODY,
                            color,
                        ));
                    }
                    c.spawn(label("LOSE  War breaks out", size::BODY, p.bad));
                    c.spawn(label(
                        format!(
                            "{} turns of {} days, from {}",
                            def.turns,
                            def.calendar.days_per_turn,
                            crate::sim::calendar::turn_date(
                                def.calendar.start,
                                def.calendar.days_per_turn,
                                1
                            )
                            .long()
                        ),
                        size::SMALL,
                        p.muted,
                    ));
                    c.spawn(Node {
                        height: Val::Px(8.0),
                        ..default()
                    });
                    c.spawn(label("Postures", size::HEADING, p.text));
                    for actor in &rules.actors {
                        let keys: Vec<String> = actor
                            .vars
                            .iter()
                            .filter(|v| rules.vars[**v as usize].key)
                            .take(3)
                            .map(|v| {
                                format!(
                                    "{} {:.0}",
                                    rules.vars[*v as usize].name.to_lowercase(),
                                    sc.start[*v as usize]
                                )
                            })
                            .collect();
                        c.spawn(label(
                            format!("{}: {}", actor.name, keys.join(", ")),
                            size::SMALL,
                            p.text,
                        ));
                    }
                    c.spawn(label(
                        format!("Beijing's stance: {}", def.beijing_stance.label()),
                        size::BODY,
                        p.accent,
                    ));
                });
            });
            root.spawn(Node {
                flex_direction: FlexDirection::Row,
                column_gap: Val::Px(16.0),
                ..default()
            })
            .with_children(|row| {
                row.spawn((button(&p, "Begin"), BriefingButton::Start, AutoFocus));
                row.spawn((button(&p, "Back"), BriefingButton::Back));
            });
            root.spawn(label(
                "Enter to begin · Esc to go back",
                size::SMALL,
                p.muted,
            ));
        });
}

fn act(
    mut activated: MessageReader<Activated>,
    buttons: Query<&BriefingButton>,
    keys: Res<ButtonInput<KeyCode>>,
    chosen: Res<ChosenLevel>,
    asked: Res<HotSeatRule>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
) {
    // Begin has focus when the screen opens, so Enter begins; Enter on Back goes back.
    let mut start = false;
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Title);
        return;
    }
    for Activated(e) in activated.read() {
        match buttons.get(*e) {
            Ok(BriefingButton::Start) => start = true,
            Ok(BriefingButton::Back) => {
                next.set(Screen::Title);
                return;
            }
            Err(_) => {}
        }
    }
    if start {
        let teams = team_rule(&chosen, &asked);
        start_game(&mut commands, chosen.scenario.clone(), chosen.seed, teams);
        next.set(Screen::Dashboard);
    }
}
