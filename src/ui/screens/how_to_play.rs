//! How to play: what a turn is, the four families of moves, reading Pyongyang, tension, winning
//! and the forecast, in a page a first-time player reads before the sandbox. Reached from the
//! title; "Try the sandbox" starts the level that teaches the controls, Esc goes back.

use super::dashboard::meaning::term;
use super::{Screen, screen_root};
use crate::game::GameData;
use crate::ui::Notice;
use crate::ui::focus::Activated;
use crate::ui::scroll::ScrollOnWheel;
use crate::ui::theme::{Palette, button, label, panel, size};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;

/// The page: each section's heading and its paragraphs. Nothing here names what a game hides:
/// the three kinds of leadership are public (the briefing and the estimate list them), which
/// one this game drew is not.
pub const SECTIONS: [(&str, &[&str]); 7] = [
    (
        "Your job",
        &[
            "You advise Washington and Seoul through one crisis year. Each turn covers three weeks \
             (two in the sandbox): you play one move, then Beijing answers, then Pyongyang, each \
             by rules written in the game's data files; then the world moves on. A level ends \
             when an objective is won or lost, or after its last turn.",
        ],
    ),
    (
        "Your moves",
        &[
            "Shows of force (drills, bombers, carriers, sanctions, ultimatums) reassure Seoul and \
             signal resolve, and can feed a spiral of answers.",
            "Restraint (scaling down exercises, a hotline, freeze offers, assurances) lowers \
             tension and builds trust, and can read as weakness.",
            "Outreach to Beijing (consultations, a UN resolution, asking it to squeeze, regional \
             talks): China decides how far it will go, and its stance differs by year.",
            "Direct diplomacy (an envoy, inter-Korean talks, a summit) opens as talks gain \
             momentum. Inter-Korean talks also open for three turns after Pyongyang makes an \
             \"engagement\" move: it agrees to talk, reaches out to Seoul, freezes its tests or \
             blows up a test site.",
            "A locked card says what it needs; most cards cost diplomatic capital, which comes \
             back a little each turn. Keys 1-0, Q-P and A-L pick a card, Enter plays it.",
        ],
    ),
    (
        "Reading Pyongyang",
        &[
            "Each game draws Pyongyang's leadership in secret: a security seeker that arms out of \
             fear, a builder that tests on its own schedule, or an opportunist that probes for \
             weakness. The same move calms one and emboldens another. Every answer comes with its \
             \"why\": the rules that argued for it, never the kind of leadership. Your analysts' \
             estimate learns from each answer that one kind gives more readily than another; an \
             answer any of them would give tells them nothing, so a still estimate means the \
             answers have not told yet, not that the leaning is right. The debrief tells you who \
             you faced.",
        ],
    ),
    (
        "Tension",
        &[
            "The gauge at the top left climbs a ladder from calm through a war of words, shows of \
             force, provocations and a dramatic confrontation to the brink, and war. Every move \
             and answer adds tension that fades over the following turns; hover over the gauge, \
             or focus it with Tab, to see what it is made of. War loses every level.",
        ],
    ),
    (
        "Winning",
        &[
            "The briefing lists each level's objectives: wins in green, losses in red, with what \
             each asks. Most wins ask that Pyongyang's launches have stopped, not only that you \
             stood firm. Besides war, you lose if approval at home, Washington's credibility or \
             the alliance with Seoul falls too low. During the game the Objectives panel, under \
             the gauge, shows the win you stand closest to and what it still needs, and the loss \
             nearest to happening; hover over it for all of them.",
        ],
    ),
    (
        "The forecast",
        &[
            "Beside a card, the game can show what its own rules predict: the chances of war, of \
             tests, of a summit and of winning, from many games played out from what you know. \
             Each game plays the card, then a set line of play to the end: a player who \
             chooses well turn after turn does better than the figures say. It is a guide, not \
             a promise. Settings hides it, and a level can forbid it.",
        ],
    ),
    (
        "Where to start",
        &[
            "The sandbox is a made-up crisis to learn the controls. The campaign plays the real \
             crises of 2013, 2017, 2018 and 2022 in order, each followed by a debrief that sets \
             your game beside what really happened.",
        ],
    ),
];

/// The heading of the page's last section, the words of the dashboard.
pub const GLOSSARY_HEADING: &str = "Words on the dashboard";

/// The words a player meets on the dashboard and in the advisors' lines, each with what it
/// means, from the rules' own `about` lines (so a mod's new figure explains itself here too):
/// the ladder's rungs, then every public figure (those the dashboard shows, the peninsula's
/// facts, such as audience costs, and every flag). The figures the dashboard never shows (an
/// AI's inner ones, such as Pyongyang's test tempo) are left out.
pub fn glossary(rules: &crate::rules::Rules) -> Vec<String> {
    let rungs = rules.rungs.iter().map(|r| term(&r.name, &r.about));
    let world = rules
        .actors
        .iter()
        .position(|a| crate::rules::Who::from_id(&a.id) == Some(crate::rules::Who::World));
    let figures = rules
        .vars
        .iter()
        .filter(|v| v.key || v.flag.is_some() || Some(v.actor) == world)
        .filter(|v| !v.about.is_empty())
        .map(|v| term(&v.name, &v.about));
    let intro =
        "Rungs are the steps of the escalation ladder, after Herman Kahn; the tension sets \
                 the rung. Hover over a figure on the dashboard to read what it means."
            .to_string();
    std::iter::once(intro).chain(rungs).chain(figures).collect()
}

#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum HowToPlayButton {
    Sandbox,
    Back,
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::HowToPlay), spawn)
        .add_systems(Update, act.run_if(in_state(Screen::HowToPlay)));
}

fn spawn(mut commands: Commands, p: Res<Palette>, data: Res<GameData>) {
    commands
        .spawn((
            screen_root(Screen::HowToPlay),
            BackgroundColor(p.background),
        ))
        .with_children(|root| {
            root.spawn(label("How to play", size::HEADING * 1.4, p.accent));
            let page = Node {
                flex_direction: FlexDirection::Column,
                row_gap: Val::Px(6.0),
                width: Val::Percent(80.0),
                max_width: Val::Px(960.0),
                flex_grow: 1.0,
                min_height: Val::Px(0.0),
                overflow: Overflow::scroll_y(),
                ..default()
            };
            root.spawn((panel(&p, page), ScrollOnWheel))
                .with_children(|page| {
                    for (heading, paragraphs) in SECTIONS {
                        // A little air above each heading but the first.
                        let above = if heading == SECTIONS[0].0 { 0.0 } else { 8.0 };
                        page.spawn((
                            label(heading, size::HEADING, p.accent),
                            Node {
                                margin: UiRect::top(Val::Px(above)),
                                ..default()
                            },
                        ));
                        for paragraph in paragraphs {
                            page.spawn(label(*paragraph, size::BODY, p.text));
                        }
                    }
                    let above = Node {
                        margin: UiRect::top(Val::Px(8.0)),
                        ..default()
                    };
                    page.spawn((label(GLOSSARY_HEADING, size::HEADING, p.accent), above));
                    for line in glossary(&data.0.rules) {
                        page.spawn(label(line, size::SMALL, p.text));
                    }
                });
            let row = Node {
                column_gap: Val::Px(16.0),
                ..default()
            };
            root.spawn(row).with_children(|row| {
                row.spawn((
                    button(&p, "Try the sandbox"),
                    HowToPlayButton::Sandbox,
                    AutoFocus,
                ));
                row.spawn((button(&p, "Back (Esc)"), HowToPlayButton::Back));
            });
            root.spawn(label(
                "PageDown and PageUp or the wheel scroll the page | Enter chooses | Esc goes back",
                size::SMALL,
                p.muted,
            ));
        });
}

fn act(
    mut activated: MessageReader<Activated>,
    buttons: Query<&HowToPlayButton>,
    keys: Res<ButtonInput<KeyCode>>,
    data: Res<GameData>,
    mut notice: ResMut<Notice>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Title);
        return;
    }
    for Activated(e) in activated.read() {
        match buttons.get(*e) {
            Ok(HowToPlayButton::Back) => next.set(Screen::Title),
            Ok(HowToPlayButton::Sandbox) => match super::choose_sandbox(&data, &mut commands) {
                Ok(()) => next.set(Screen::Briefing),
                Err(why) => {
                    notice.0 = Some(why);
                    next.set(Screen::Title);
                }
            },
            Err(_) => {}
        }
    }
}
