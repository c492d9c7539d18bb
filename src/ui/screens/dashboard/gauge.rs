//! The tension gauge: the escalation ladder as coloured segments with the tension's fill
//! moving over it after each turn, the rung and the next one, the three biggest entries of the
//! ledger, and the full ledger in a pop-up while the gauge is hovered or has focus.

use crate::game::ActiveGame;
use crate::rules::Scenario;
use crate::sim::Cause;
use crate::sim::ledger::{Entry, Ledger};
use crate::sim::transcript::cause_name;
use crate::ui::screens::Screen;
use crate::ui::theme::{Palette, label, panel, size};
use bevy::input_focus::tab_navigation::TabIndex;
use bevy::prelude::*;

/// The column of the amounts beside the gauge's three largest causes.
const AMOUNT_WIDTH: f32 = 40.0;

#[derive(Component)]
struct Gauge;

/// The gauge's fill, moving from one tension to another.
#[derive(Component)]
pub struct GaugeFill {
    pub from: f32,
    pub to: f32,
    pub t: f32,
}

#[derive(Component)]
struct GaugeLabel;

/// The full ledger, shown while the gauge is hovered or focused.
#[derive(Component)]
struct LedgerPopup;

/// How many of the largest causes the gauge names under the bar: three, or two in a short
/// window, where the third's lines were the rows the figures below it lost (at 1280x720 the
/// figures showed the estimate and half of Washington's first row), or one in the smallest
/// layout (presentation mode on a projector, or a large text scale), where the second's lines
/// were the objectives' closest win, cut to two lines and a half. The full ledger is a hover
/// away either way.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CausesShown(pub usize);

impl Default for CausesShown {
    fn default() -> Self {
        CausesShown(3)
    }
}

/// Below this height (logical pixels, at the UI scale) the gauge names two causes.
const SHORT_WINDOW: f32 = 800.0;
/// Below this one, one: the smallest layout the UI scale keeps is 600 high (`ui::SMALLEST_LAYOUT`),
/// which presentation mode reaches at 1280x720 and at 1920x1080 alike.
const SMALLEST_WINDOW: f32 = 650.0;

/// The causes named in a window `height` logical pixels high.
fn causes_for_height(height: f32) -> usize {
    if height < SMALLEST_WINDOW {
        1
    } else if height < SHORT_WINDOW {
        2
    } else {
        3
    }
}

/// Keeps [`CausesShown`] to the window's height at the UI scale; written only on a change.
fn fit_causes_to_the_window(
    windows: Query<&Window, With<bevy::window::PrimaryWindow>>,
    scale: Option<Res<UiScale>>,
    mut shown: ResMut<CausesShown>,
) {
    let Ok(window) = windows.single() else {
        return;
    };
    let height = window.height() / scale.map_or(1.0, |s| s.0).max(0.1);
    let want = CausesShown(causes_for_height(height));
    if *shown != want {
        *shown = want;
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<CausesShown>();
    app.add_systems(PreUpdate, fit_causes_to_the_window);
    app.add_systems(
        Update,
        (
            animate_gauge,
            super::hover_popup::popup_while_hovered::<Gauge, LedgerPopup>,
        )
            .run_if(in_state(Screen::Dashboard)),
    );
}

/// When the gauge is drawn, which decides what it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GaugeMoment {
    /// A turn opens: the bar moves from the last turn's tension to now; the causes are now's.
    Opening,
    /// The answers are arriving: the bar, its figure, the rung and the causes stay those of
    /// before the turn (a jump of 18, or a new entry "Pyongyang: nuclear test", would tell an
    /// answer before it is shown).
    Answers,
    /// Every answer is in: the bar moves from the tension before the turn to the tension after
    /// it; the causes are the turn's.
    Answered,
}

pub(super) fn spawn(
    parent: &mut ChildSpawnerCommands,
    p: &Palette,
    sc: &Scenario,
    game: &ActiveGame,
    moment: GaugeMoment,
    shown: CausesShown,
) {
    let named = shown.0;
    let rules = &sc.rules;
    let n = rules.rungs.len();
    // While the answers arrive, the gauge is the state before the turn, whole.
    let s = match (moment, game.0.before_last_turn.as_deref()) {
        (GaugeMoment::Answers, Some(before)) => before,
        _ => &game.0.state,
    };
    let from = match moment {
        GaugeMoment::Answers => s.tension,
        _ => game
            .0
            .log
            .last()
            .map(|r| r.tension_before)
            .unwrap_or(s.tension),
    };
    let here = s.rung(sc) as usize;
    let causes = s;
    let entries = causes.ledger.by_size();
    let gauge = (
        Gauge,
        Interaction::default(),
        TabIndex(0),
        panel(p, Node::default()),
    );
    parent.spawn(gauge).with_children(|g| {
        let heading = format!("Tension {}", tension_text(s.tension));
        // Once a turn is answered, how high it rose before fading, where that was above both
        // its ends: the score's calm and the debrief's peak count that height, which the bar,
        // at the turn's end, never shows. Beside the figure, short; the ledger says more.
        let peak = match moment {
            GaugeMoment::Answers => None,
            _ => game.0.log.last().and_then(turn_peak),
        };
        let heading_row = Node {
            flex_direction: FlexDirection::Row,
            align_items: AlignItems::Baseline,
            column_gap: Val::Px(10.0),
            ..default()
        };
        g.spawn(heading_row).with_children(|row| {
            let figure = Node {
                flex_shrink: 0.0,
                ..default()
            };
            row.spawn((GaugeLabel, figure, label(heading, size::HEADING, p.text)));
            if let Some((_, peak)) = &peak {
                row.spawn(label(format!("peak {peak}"), size::TINY, p.muted));
            }
        });
        // The bar: the ladder's rungs as coloured segments, and the fill on top.
        let bar = Node {
            width: Val::Percent(100.0),
            height: Val::Px(16.0),
            flex_direction: FlexDirection::Row,
            border_radius: BorderRadius::all(Val::Px(3.0)),
            overflow: Overflow::clip(),
            ..default()
        };
        g.spawn(bar).with_children(|bar| {
            for (i, r) in rules.rungs.iter().enumerate() {
                let next = rules.rungs.get(i + 1).map(|x| x.from).unwrap_or(100.0);
                let segment = Node {
                    width: Val::Percent(next - r.from),
                    height: Val::Percent(100.0),
                    ..default()
                };
                bar.spawn((segment, BackgroundColor(p.rung(i, n).with_alpha(0.35))));
            }
        });
        let track = Node {
            width: Val::Percent(100.0),
            height: Val::Px(8.0),
            margin: UiRect::top(Val::Px(-12.0)),
            ..default()
        };
        g.spawn(track).with_children(|track| {
            let fill = Node {
                width: Val::Percent(from),
                height: Val::Percent(100.0),
                border_radius: BorderRadius::all(Val::Px(2.0)),
                ..default()
            };
            let moving = GaugeFill {
                from,
                to: s.tension,
                t: 0.0,
            };
            track.spawn((moving, fill, BackgroundColor(p.rung(here, n))));
        });
        let next_rung = rules
            .rungs
            .get(here + 1)
            .map(|r| format!("; next: {} at {:.0}", r.name, r.from))
            .unwrap_or_default();
        let rung = &rules.rungs[here];
        let rung_line = format!("Rung: {} (from {:.0}){next_rung}", rung.name, rung.from);
        g.spawn((label(rung_line, size::TINY, p.rung(here, n)), spaced()));
        if let Some(line) = floor_line(&s.ledger) {
            g.spawn((label(line, size::TINY, p.good), spaced()));
        }
        g.spawn((
            label("Why (hover for the full ledger):", size::TINY, p.text),
            spaced(),
        ));
        // The largest causes (three, or two in a short window: `CausesShown`), whole: the
        // amount in its own column and the cause wrapping beside it (how fast each fades is in
        // the full ledger).
        for e in entries.iter().take(named) {
            let color = if e.amount > 0.0 { p.text } else { p.good };
            let row = Node {
                flex_direction: FlexDirection::Row,
                column_gap: Val::Px(6.0),
                ..default()
            };
            g.spawn(row).with_children(|row| {
                let amount = Node {
                    width: Val::Px(AMOUNT_WIDTH),
                    flex_shrink: 0.0,
                    ..default()
                };
                row.spawn((
                    amount,
                    label(format!("{:+.1}", e.amount), size::TINY, color),
                ));
                let cause = Node {
                    flex_grow: 1.0,
                    flex_basis: Val::Px(0.0),
                    min_width: Val::Px(0.0),
                    ..default()
                };
                row.spawn((cause, label(cause_name(sc, e.cause), size::TINY, color)));
            });
        }
        if entries.len() > named {
            let more = format!("... {} more: hover or focus for all", entries.len() - named);
            g.spawn(label(more, size::TINY, p.muted));
        }
        // The full ledger, floating just right of the gauge.
        let popup = (LedgerPopup, super::hover_popup::beside(p));
        g.spawn(popup).with_children(|pop| {
            pop.spawn(label("The tension ledger", size::BODY, p.accent));
            // What a rung is, and what this one means, for a class meeting the word here.
            pop.spawn(label(RUNG_MEANING, size::SMALL, p.muted));
            let rung_meaning = super::meaning::term(&rung.name, &rung.about);
            pop.spawn(label(rung_meaning, size::SMALL, p.rung(here, n)));
            for e in &entries {
                let color = if e.amount > 0.0 { p.text } else { p.good };
                pop.spawn(label(ledger_line(sc, e), size::SMALL, color));
            }
            pop.spawn(label(sum_line(&causes.ledger), size::SMALL, p.muted));
            if let Some((turn, peak)) = &peak {
                pop.spawn(label(peak_line(*turn, peak), size::SMALL, p.muted));
            }
        });
    });
}

/// What the gauge's rungs are, at the head of its full ledger.
const RUNG_MEANING: &str = "Rungs are the steps of the escalation ladder (after Herman Kahn): \
    the tension, the sum of the causes below, sets the rung. From the brink on, an incident can \
    turn into war.";

/// A little space above a line.
fn spaced() -> Node {
    Node {
        margin: UiRect::top(Val::Px(4.0)),
        ..default()
    }
}

/// The turn a record is of and its height as shown ("52.5"), when the turn rose above where it
/// began and where it ended (`story::peak_stands_out`).
fn turn_peak(rec: &crate::sim::TurnRecord) -> Option<(u32, String)> {
    let height = rec.tension_height.max(rec.tension_after);
    crate::sim::story::peak_stands_out(rec.tension_before, height, rec.tension_after)
        .then(|| (rec.turn, tension_text(height)))
}

/// What a turn's peak means, in the full ledger.
fn peak_line(turn: u32, peak: &str) -> String {
    format!(
        "Turn {turn} peaked at {peak} before its entries faded: the score's calm and the \
         debrief's peak count each turn at its height."
    )
}

/// While calming entries take the sum below the standing floor, what that means: tension
/// shows the floor, and the calm under it absorbs the next rises first (so restraint at the
/// floor is not wasted, though the gauge does not move).
fn floor_line(ledger: &Ledger) -> Option<String> {
    let below = ledger.below_floor();
    (below >= 0.05).then(|| {
        format!(
            "At its floor of {}: {} of calm below it will absorb the next rises.",
            tension_text(ledger.floor),
            tension_text(below)
        )
    })
}

/// The pop-up's last line: the entries' sum, and the bounds tension is kept within.
fn sum_line(ledger: &Ledger) -> String {
    let sum = tension_text(ledger.raw_sum());
    if ledger.floor > 0.0 {
        format!(
            "Sum {sum}; tension is kept between the floor of {} (the lasting entries) and 100.",
            tension_text(ledger.floor)
        )
    } else {
        format!("Sum {sum}; tension is kept between 0 and 100.")
    }
}

/// One entry of the ledger: "+12.0  Your move: Joint air drills (turn 3, fades 2 a turn)".
fn ledger_line(sc: &Scenario, e: &Entry) -> String {
    let fade = if e.decay > 0.0 {
        format!("fades {} a turn", e.decay)
    } else {
        "lasting".into()
    };
    let when = match e.cause {
        Cause::Start(_) => format!("({fade})"),
        _ => format!("(turn {}, {fade})", e.turn),
    };
    format!("{:+5.1}  {} {when}", e.amount, cause_name(sc, e.cause))
}

/// Tension as the gauge writes it: to a tenth, as the answers and the transcript write it
/// (so 49.5 never reads as the 50 where the next rung begins), without the ".0" of a whole
/// number.
pub fn tension_text(v: f32) -> String {
    let text = format!("{v:.1}");
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => text,
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
            t.0 = format!("Tension {}", tension_text(v));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{
        CausesShown, fit_causes_to_the_window, floor_line, peak_line, sum_line, tension_text,
        turn_peak,
    };
    use crate::sim::Cause;
    use crate::sim::ledger::Ledger;
    use bevy::prelude::*;

    #[test]
    fn calm_held_under_the_floor_is_named_and_measured() {
        let mut l = Ledger::with_floor(12.0);
        l.add(Cause::Start(0), 0, 12.0, 0.0);
        assert_eq!(
            floor_line(&l),
            None,
            "at the floor with nothing below it, no line"
        );
        l.add(Cause::Action(3), 2, -4.5, 0.5);
        assert_eq!(
            floor_line(&l).as_deref(),
            Some("At its floor of 12: 4.5 of calm below it will absorb the next rises.")
        );
        assert_eq!(
            sum_line(&l),
            "Sum 7.5; tension is kept between the floor of 12 (the lasting entries) and 100."
        );
        l.add(Cause::Event(0), 2, 10.0, 1.0);
        assert_eq!(
            floor_line(&l),
            None,
            "above the floor, the gauge tells it all"
        );
    }

    /// The gauge names a turn's height once the turn is answered, where it rose above both its
    /// ends (a show of force's entry at full strength, faded by the turn's end): the height the
    /// score's calm counts, which the bar, at the turn's end, never shows.
    #[test]
    fn a_turn_that_peaked_and_faded_names_its_peak() {
        let record = |before: f32, height: f32, after: f32| crate::sim::TurnRecord {
            turn: 3,
            requested: 0,
            taken: 0,
            unavailable: None,
            also: None,
            misread: false,
            beijing: None,
            pyongyang: None,
            events: [None; crate::sim::turn::MAX_EVENTS_PER_TURN],
            tension_before: before,
            tension_after: after,
            tension_height: height,
            rung_after: 0,
            outcome: None,
            estimate: Default::default(),
        };
        let peak = |before, height, after| turn_peak(&record(before, height, after));
        assert_eq!(peak(40.0, 52.5, 50.0), Some((3, "52.5".to_string())));
        assert_eq!(
            peak(40.0, 48.0, 48.0),
            None,
            "a turn that ended at its height shows it on the bar"
        );
        assert_eq!(
            peak(55.0, 52.0, 50.0),
            None,
            "a turn that only fell peaked where it began"
        );
        assert_eq!(
            peak(40.0, 50.04, 50.0),
            None,
            "a peak that reads as the end, to a tenth, is not named"
        );
        assert_eq!(peak(40.0, 60.0, 50.0), Some((3, "60".to_string())));
        assert_eq!(
            peak_line(3, "60"),
            "Turn 3 peaked at 60 before its entries faded: the score's calm and the debrief's \
             peak count each turn at its height."
        );
    }

    #[test]
    fn tension_reads_to_a_tenth_as_the_answers_write_it() {
        assert_eq!(tension_text(49.5), "49.5");
        // As the answers' "from 37.5 to 37.8" writes it.
        assert_eq!(tension_text(37.75), format!("{:.1}", 37.75f32));
        assert_eq!(tension_text(37.75), "37.8");
        assert_eq!(tension_text(37.25), format!("{:.1}", 37.25f32));
        assert_eq!(tension_text(50.0), "50");
        assert_eq!(tension_text(35.0), "35");
        assert_eq!(tension_text(0.0), "0");
    }

    /// A short window (1280x720, the default) names two causes under the gauge, so that the
    /// figures below keep Washington's first rows; a tall one, or a short one at a small UI
    /// scale, three; the smallest layout (presentation mode at 1280x720 or 1920x1080, the
    /// scales `ui::effective_ui_scale` gives them), one, so the objectives keep their lines.
    #[test]
    fn a_short_window_names_two_causes() {
        use bevy::window::{PrimaryWindow, WindowResolution};
        let shown = |w: u32, h: u32, scale: f32| {
            let mut app = App::new();
            app.init_resource::<CausesShown>()
                .insert_resource(UiScale(scale))
                .add_systems(Update, fit_causes_to_the_window);
            app.world_mut().spawn((
                Window {
                    resolution: WindowResolution::new(w, h),
                    ..default()
                },
                PrimaryWindow,
            ));
            app.update();
            app.world().resource::<CausesShown>().0
        };
        assert_eq!(shown(1280, 720, 1.0), 2);
        assert_eq!(shown(1920, 1080, 1.0), 3);
        assert_eq!(shown(1920, 1080, 1.5), 2);
        assert_eq!(shown(1280, 720, 0.75), 3);
        for (w, h) in [(1280, 720), (1920, 1080)] {
            let size = Vec2::new(w as f32, h as f32);
            let presentation = crate::game::saves::PRESENTATION_SCALE;
            let scale = crate::ui::effective_ui_scale(Some(size), presentation);
            assert_eq!(shown(w, h, scale), 1, "{w}x{h} in presentation mode");
        }
    }
}
