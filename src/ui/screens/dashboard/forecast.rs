//! The forecast on the dashboard: when a turn opens, each move's odds are computed on Bevy's
//! async task pool, one task per move over the same sampled worlds, so the window keeps drawing
//! and each move's odds appear as soon as they are ready. A newer game state drops the older
//! tasks (dropping a task cancels it). The detail panel shows the inspected card's odds and a
//! small fan chart of tension; the advisors quote them. A setting hides it, and a level can
//! forbid it. The policy that plays on after each move is the player's setting (`adaptive`
//! unless they chose another).

use crate::game::{ActiveGame, ActiveScenario, GameData};
use crate::sim::Policy;
use crate::sim::forecast::{MoveOdds, World, move_odds, worlds};
use crate::ui::Settings;
use crate::ui::screens::{ChosenLevel, TurnPhase};
use crate::ui::theme::{Palette, label, size};
use bevy::prelude::*;
use bevy::tasks::futures::check_ready;
use bevy::tasks::{AsyncComputeTaskPool, Task};
use std::sync::Arc;

/// Worlds per move on the dashboard (`peninsula forecast` defaults to 1,000).
pub const ROLLOUTS: u32 = 300;
/// The policy that plays after the move when the player's setting cannot be loaded.
pub const THEN: &str = crate::sim::forecast::PLAYS_ON;

/// The forecast for the turn on screen: one slot per move, filled as its task finishes.
#[derive(Resource, Default)]
pub struct Forecast {
    /// The turn the forecast is for; a forecast for another turn is stale.
    pub turn: u32,
    /// The policy that plays on after each move.
    pub policy: String,
    pub odds: Vec<Option<MoveOdds>>,
    tasks: Vec<(usize, Task<MoveOdds>)>,
}

impl Forecast {
    /// The odds of `action`, once computed.
    pub fn of(&self, action: u16) -> Option<&MoveOdds> {
        self.odds.get(action as usize).and_then(Option::as_ref)
    }

    /// Moves still being computed.
    pub fn pending(&self) -> usize {
        self.tasks.len()
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Forecast>()
        .add_systems(OnEnter(TurnPhase::Decide), start)
        .add_systems(Update, collect);
}

/// Whether the forecast is shown: the player's setting, the level's permission, and the class
/// code's options.
pub fn shown(settings: &Settings, sc: &ActiveScenario, chosen: Option<&ChosenLevel>) -> bool {
    let blind = chosen
        .and_then(|c| c.class_code.as_ref())
        .is_some_and(|c| c.options.no_forecast);
    settings.profile.show_forecast && sc.0.def.forecast && !blind
}

fn start(
    mut forecast: ResMut<Forecast>,
    sc: Res<ActiveScenario>,
    game: Res<ActiveGame>,
    data: Res<GameData>,
    settings: Res<Settings>,
    chosen: Option<Res<ChosenLevel>>,
) {
    // Dropping the old tasks cancels them.
    *forecast = Forecast {
        turn: game.0.state.turn,
        ..default()
    };
    if !shown(&settings, &sc, chosen.as_deref()) || game.0.state.outcome.is_some() {
        return;
    }
    // The player's choice, or the default if it cannot be loaded (a broken policy file).
    let chosen = settings.profile.forecast_policy.as_str();
    let loaded = [chosen, THEN]
        .into_iter()
        .find_map(|name| Some((name, Policy::load(&sc.0, &data.0.root, name).ok()?)));
    let Some((name, policy)) = loaded else {
        return;
    };
    forecast.policy = name.to_string();
    let policy = Arc::new(policy);
    let state = Arc::new(game.0.state.clone());
    let world: Arc<Vec<World>> = Arc::new(worlds(&sc.0, &state, ROLLOUTS, 1));
    let pool = AsyncComputeTaskPool::get();
    let n = sc.0.actions.len();
    forecast.odds = vec![None; n];
    for a in 0..n {
        let (sc, state, world, policy) =
            (sc.0.clone(), state.clone(), world.clone(), policy.clone());
        let task = pool.spawn(async move { move_odds(&sc, &state, a as u16, &policy, &world) });
        forecast.tasks.push((a, task));
    }
}

/// Takes in the tasks that have finished, without waiting for the others.
fn collect(mut forecast: ResMut<Forecast>) {
    if forecast.tasks.is_empty() {
        return;
    }
    // Polling is not a change: only a finished move repaints the panel.
    let f = forecast.bypass_change_detection();
    let mut done = Vec::new();
    f.tasks.retain_mut(|(a, task)| match check_ready(task) {
        Some(odds) => {
            done.push((*a, odds));
            false
        }
        None => true,
    });
    if done.is_empty() {
        return;
    }
    for (a, odds) in done {
        if let Some(slot) = forecast.odds.get_mut(a) {
            *slot = Some(odds);
        }
    }
}

/// Whether these odds are of the level's last turn: the move alone, no policy playing on.
fn last_turn(odds: &MoveOdds) -> bool {
    odds.tension.len() == 1
}

/// Once every move's odds are in: when none wins in as much as `sim::forecast::HOPELESS` of the games, the
/// line that plays on after the move (not the move) is what loses, and the hint says so. Not
/// on the last turn, when no line plays on after the move and changing it would change nothing.
fn hopeless_hint(forecast: &Forecast) -> Option<String> {
    let every = forecast.odds.iter().flatten();
    (forecast.pending() == 0 && crate::sim::forecast::no_move_wins_often(every)).then(|| {
        format!(
            "No move wins often with the {} policy playing on: its line may be the wrong one \
             here (Settings: Forecast plays on as); the score still tells the moves apart.",
            forecast.policy
        )
    })
}

/// What the loss is made of, when some of it is a level's end with no win: "(no win by the
/// end: 70%)". A player who met five of six conditions read "loss 98%" as a fault.
pub fn loss_kinds(odds: &MoveOdds) -> String {
    if odds.no_win > 0.0 && odds.loss > 0.0 {
        format!(" (no win by the end: {})", percent(odds.no_win))
    } else {
        String::new()
    }
}

/// A chance as the forecast shows it ("<1%" for one above nothing: `sim::forecast::percent`).
fn percent(x: f64) -> String {
    crate::sim::forecast::percent(x)
}

/// "1 in 5", "4 in 10": a chance as odds a reader takes in at a glance. "1 in n" only up to
/// 1 in 4, where the next n is near (42% is "4 in 10", never "1 in 2"); never "10 in 10" or
/// "no" chance, which a few hundred simulated games cannot tell apart from almost.
pub fn one_in(x: f64) -> String {
    if x <= 0.0 {
        "almost no".into()
    } else if x <= 0.25 {
        format!("1 in {}", (1.0 / x).round() as u32)
    } else if x < 0.95 {
        format!("{} in 10", ((x * 10.0).round() as u32).clamp(3, 9))
    } else {
        "almost every".into()
    }
}

/// What an advisor quotes from the forecast: a supporter the chance of winning, an opponent
/// the largest danger this move makes likelier than another move does; nothing when no danger
/// came up in the simulated games (an opponent quoting "almost no chance this ends in war"
/// argues for the move) and none that every move shares. Set against the other moves (`all`,
/// every playable move's odds): the better move's chance is given too.
pub fn quote(
    odds: &MoveOdds,
    favours: bool,
    already: &Already,
    all: &[&MoveOdds],
) -> Option<String> {
    // This move's figure, then the best another move offers, named, when it reads otherwise
    // ("the likeliest move" was read as the move Pyongyang was likeliest to answer).
    let against_the_rest = |x: f64, read: fn(&MoveOdds) -> f64, higher_is_better: bool| {
        let better = |y: f64, b: f64| if higher_is_better { y > b } else { y < b };
        let mut best: Option<&MoveOdds> = None;
        for o in all {
            if better(read(o), best.map_or(x, read)) {
                best = Some(o);
            }
        }
        let theirs = |o: &MoveOdds| match one_in(read(o)).as_str() {
            "almost no" => "almost none".to_string(),
            "almost every" => "almost all".to_string(),
            odds => odds.to_string(),
        };
        match best {
            // A supporter quoting a poor chance: the better move is a caveat to its case.
            Some(o) if one_in(read(o)) != one_in(x) && higher_is_better => {
                format!(" (though {} with {})", theirs(o), o.name)
            }
            Some(o) if one_in(read(o)) != one_in(x) => format!(" ({} with {})", theirs(o), o.name),
            _ => String::new(),
        }
    };
    // A supporter quoting almost no chance of a win would argue against the move it backs.
    if favours && one_in(odds.win) == "almost no" {
        return None;
    }
    if favours {
        let rest = against_the_rest(odds.win, |o| o.win, true);
        return Some(format!(
            "{} chance this ends in a win{rest}",
            one_in(odds.win)
        ));
    }
    // A reactor that stands idle now (2013's Yongbyon) and could be restarted is a danger too;
    // its chance is 0 where none does. After a test, the danger is another.
    // Where the level loses on a count of tests, which test it would be: on 2013's first turn
    // "almost every chance of a 3rd nuclear test", the one its history holds certain, not a
    // nuclear test that could be read as the 4th, which loses.
    let counted = already
        .next_counted_test()
        .map(|next| format!("of a {} nuclear test", ordinal(next)));
    let nuclear = match &counted {
        Some(which) => which.as_str(),
        None if already.nuclear_tested => "of another nuclear test",
        None => "this ends in a nuclear test",
    };
    let icbm = if already.icbm_tested {
        "of another ICBM test"
    } else {
        "this ends in an ICBM test"
    };
    let dangers: [(f64, &str, fn(&MoveOdds) -> f64); 4] = [
        (odds.war, "this ends in war", |o| o.war),
        (odds.nuclear_test, nuclear, |o| o.nuclear_test),
        (odds.icbm_test, icbm, |o| o.icbm_test),
        (odds.reactor_restart, "the reactor is restarted", |o| {
            o.reactor_restart
        }),
    ];
    // An opponent argues from the largest danger this move makes likelier than another move
    // does. A danger every move shares, as it reads, is no case against this one: on 2013's
    // first turn "almost every chance of a 3rd nuclear test" against each move in turn read as
    // if the move brought on the test the level's history holds certain (the card's "By the
    // end" line gives it, for every move alike).
    dangers
        .into_iter()
        .filter(|d| d.0 > 0.0)
        .filter(|d| {
            all.iter()
                .any(|o| (d.2)(o) < d.0 && one_in((d.2)(o)) != one_in(d.0))
        })
        .fold(
            None,
            |b: Option<(f64, &str, fn(&MoveOdds) -> f64)>, d| match b {
                Some(b) if b.0 >= d.0 => Some(b),
                _ => Some(d),
            },
        )
        .map(|(x, what, read)| {
            let rest = against_the_rest(x, read, false);
            format!("{} chance {what}{rest}", one_in(x))
        })
}

/// What has already happened in the game, which the forecast's odds (of a moratorium declared,
/// of a summit held, from now to the end) would otherwise seem to deny or repeat.
#[derive(Debug, Clone, Copy, Default)]
pub struct Already {
    /// A test moratorium is in force now.
    pub moratorium: bool,
    /// A summit has been held.
    pub summit: bool,
    /// The reactor the level opened with standing idle (2013's Yongbyon): `Some(true)` while
    /// it still stands idle, `Some(false)` once restarted; `None` in a level without one.
    pub reactor_idle: Option<bool>,
    /// Pyongyang has an ICBM it can fly (`pyongyang.icbm_ready`): in 2013 it has none, and
    /// the odds of an ICBM test, always 0%, are left out.
    pub icbm_flyable: bool,
    /// A nuclear test, and an ICBM test, came in this game already: the odds are of another
    /// ("nuclear test 0%" the turn after one read as a contradiction).
    pub nuclear_tested: bool,
    pub icbm_tested: bool,
    /// Nuclear tests so far, counted from the first ever (`world.nuclear_tests`: 2 when 2013
    /// opens), and the count at which a Loss objective of the level ends it (2013: 4), so that
    /// "nuclear test 100%" on 2013's first turn reads as the third test, which the level's
    /// history holds certain, beside the fourth, which loses (None: no such objective).
    pub nuclear_tests: Option<u32>,
    pub nuclear_loss_at: Option<u32>,
}

impl Already {
    /// Which nuclear test the next would be, where the level loses on a count of tests not yet
    /// reached (2013's first turn: the 3rd, with the 4th losing).
    fn next_counted_test(&self) -> Option<u32> {
        match (self.nuclear_tests, self.nuclear_loss_at) {
            (Some(now), Some(loss)) if now < loss => Some(now + 1),
            _ => None,
        }
    }
}

/// "3rd", "4th", "21st": the ordinal of a count.
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The forecast's nuclear-test odds as the dashboard names them: "nuclear test", "another
/// nuclear test", or, where the level loses on a count of tests, which test it would be and
/// which loses ("a 3rd nuclear test 100% (a 4th loses)", "a 4th nuclear test 12% (it loses)").
pub fn nuclear_test_odds(already: &Already, chance: &str) -> String {
    match (already.next_counted_test(), already.nuclear_loss_at) {
        (Some(next), Some(loss)) => {
            let loses = if next >= loss {
                "it loses".to_string()
            } else {
                format!("a {} loses", ordinal(loss))
            };
            format!("a {} nuclear test {chance} ({loses})", ordinal(next))
        }
        _ if already.nuclear_tested => format!("another nuclear test {chance}"),
        _ => format!("nuclear test {chance}"),
    }
}

/// The forecast block of the detail panel for one move.
pub fn section(
    d: &mut ChildSpawnerCommands,
    p: &Palette,
    forecast: &Forecast,
    action: u16,
    already: Already,
) {
    let gap = Node {
        margin: UiRect::top(Val::Px(4.0)),
        ..default()
    };
    let Some(odds) = forecast.of(action) else {
        if forecast.pending() > 0 {
            d.spawn((label("Forecast: computing...", size::TINY, p.muted), gap));
        }
        return;
    };
    if odds.unavailable.is_some() || odds.rollouts == 0 {
        return;
    }
    // The three ends of a level: won, lost (an objective lost, or no win by the last turn),
    // or war; and the score they come to with the calm, which still tells the moves apart
    // where none of them is likely to win.
    // The three add up to 100 as they read (`whole_percentages`).
    let [win, loss, war] = crate::sim::forecast::whole_percentages([odds.win, odds.loss, odds.war]);
    let share = crate::sim::forecast::percent_text;
    let head = format!(
        "Forecast: win {} · loss {}{} · war {} · score {:.0}",
        share(odds.win, win),
        share(odds.loss, loss),
        loss_kinds(odds),
        share(odds.war, war),
        odds.mean_score
    );
    d.spawn((label(head, size::TINY, p.accent), gap));
    // How the odds were made, in words: this move first, then a policy to the end, in each of
    // the sampled worlds.
    let how = if last_turn(odds) {
        format!(
            "(this move, the level's last, in {} simulated games)",
            odds.rollouts
        )
    } else {
        // The default line, named by what it does: "adaptive" alone tells a player nothing.
        let line = match (
            forecast.policy.as_str(),
            crate::sim::policy::builtin_summary(&forecast.policy),
        ) {
            ("adaptive", _) => "the adaptive policy, which plays to the likeliest type,".into(),
            (name, Some(what)) => format!("the {name} policy ({what}),"),
            (name, None) => format!("the {name} policy,"),
        };
        format!(
            "(this move, then to the end {line} in {} simulated games)",
            odds.rollouts
        )
    };
    d.spawn(label(how, size::TINY - 1.0, p.muted));
    // The odds are of a line, this move and then the policy: where that policy wins almost
    // nowhere, every move's win reads near 0 and tells the moves apart by noise. Say so, and
    // where to try another line.
    if let Some(hint) = hopeless_hint(forecast) {
        d.spawn(label(hint, size::TINY - 1.0, p.accent));
    }
    // The forecast counts a moratorium declared from now on, so one already in force reads
    // 0%: say it is in force instead. A summit already held is simply held.
    let moratorium = if already.moratorium {
        "moratorium in force".to_string()
    } else {
        format!("moratorium {}", percent(odds.moratorium))
    };
    let summit = if already.summit {
        "summit held".to_string()
    } else {
        format!("summit {}", percent(odds.summit))
    };
    let reactor = match already.reactor_idle {
        Some(true) => format!(" · reactor restart {}", percent(odds.reactor_restart)),
        Some(false) => " · reactor restarted".to_string(),
        None => String::new(),
    };
    let another = |done: bool| if done { "another " } else { "" };
    let icbm = if already.icbm_flyable {
        format!(
            " · {}ICBM test {}",
            another(already.icbm_tested),
            percent(odds.icbm_test)
        )
    } else {
        String::new()
    };
    let tests = format!(
        "By the end: {}{icbm} · {moratorium} · {summit}{reactor}",
        nuclear_test_odds(&already, &percent(odds.nuclear_test)),
    );
    d.spawn(label(tests, size::TINY, p.text));
    // One scale for every card of the turn, so that flipping between cards compares them.
    let every_move: Vec<[f32; 3]> = forecast
        .odds
        .iter()
        .flatten()
        .flat_map(|o| o.tension.iter().copied())
        .collect();
    fan(d, p, odds, fan_scale(&every_move));
}

/// The stretch of the tension scale a turn's fans are drawn over: the range of every move's
/// bands, widened to whole tens and to at least 20 points, within 0 to 100. Drawn over the
/// whole scale, a fan of bands a few points wide was a row of flat lines; drawn over each
/// card's own range, two cards could not be compared.
pub fn fan_scale(tension: &[[f32; 3]]) -> (f32, f32) {
    let lo = tension.iter().map(|t| t[0]).fold(f32::INFINITY, f32::min);
    let hi = tension
        .iter()
        .map(|t| t[2])
        .fold(f32::NEG_INFINITY, f32::max);
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 100.0);
    }
    let mut bottom = (lo / 10.0).floor() * 10.0;
    let mut top = (hi / 10.0).ceil() * 10.0;
    if top - bottom < 20.0 {
        let grow = ((20.0 - (top - bottom)) / 20.0).ceil() * 10.0;
        bottom -= grow;
        top += grow;
    }
    (bottom.max(0.0), top.min(100.0))
}

/// Tension over the turns ahead: a bar from the 10th to the 90th percentile per turn, with the
/// median marked, over `(bottom, top)` of the scale (`fan_scale` of every move's bands), its
/// ends labelled.
fn fan(d: &mut ChildSpawnerCommands, p: &Palette, odds: &MoveOdds, (bottom, top): (f32, f32)) {
    const HEIGHT: f32 = 52.0;
    const AXIS: f32 = 22.0;
    let turns = odds.tension.len().clamp(1, 24);
    let row = Node {
        width: Val::Percent(100.0),
        height: Val::Px(HEIGHT),
        flex_shrink: 0.0,
        flex_direction: FlexDirection::Row,
        ..default()
    };
    let axis = Node {
        width: Val::Px(AXIS),
        flex_shrink: 0.0,
        flex_direction: FlexDirection::Column,
        justify_content: JustifyContent::SpaceBetween,
        ..default()
    };
    let chart = Node {
        flex_grow: 1.0,
        height: Val::Px(HEIGHT),
        ..default()
    };
    d.spawn(row).with_children(|row| {
        row.spawn(axis).with_children(|a| {
            a.spawn(label(format!("{top:.0}"), size::TINY - 2.0, p.muted));
            a.spawn(label(format!("{bottom:.0}"), size::TINY - 2.0, p.muted));
        });
        row.spawn((chart, BackgroundColor(p.background)))
            .with_children(|c| {
                let step = 100.0 / turns as f32;
                let y =
                    |t: f32| HEIGHT * (1.0 - ((t.clamp(bottom, top) - bottom) / (top - bottom)));
                for (i, [lo, mid, hi]) in odds.tension.iter().take(turns).enumerate() {
                    let band = Node {
                        position_type: PositionType::Absolute,
                        left: Val::Percent(i as f32 * step + step * 0.2),
                        width: Val::Percent(step * 0.6),
                        top: Val::Px(y(*hi)),
                        height: Val::Px((y(*lo) - y(*hi)).max(1.0)),
                        ..default()
                    };
                    c.spawn((band, BackgroundColor(p.accent.with_alpha(0.35))));
                    let median = Node {
                        position_type: PositionType::Absolute,
                        left: Val::Percent(i as f32 * step + step * 0.1),
                        width: Val::Percent(step * 0.8),
                        top: Val::Px(y(*mid) - 1.0),
                        height: Val::Px(2.0),
                        ..default()
                    };
                    c.spawn((median, BackgroundColor(p.accent)));
                }
            });
    });
    let note = format!(
        "Tension ahead ({bottom:.0}-{top:.0} of 100), from this turn to the last: the likely \
         range (10th to 90th percentile), a line at the middle"
    );
    d.spawn(label(note, size::TINY - 1.0, p.muted));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn odds(war: f64, nuclear: f64, icbm: f64, restart: f64) -> MoveOdds {
        MoveOdds {
            id: "hold_course".into(),
            name: "Hold course".into(),
            unavailable: None,
            rollouts: 100,
            war,
            nuclear_test: nuclear,
            icbm_test: icbm,
            moratorium: 0.0,
            summit: 0.0,
            reactor_restart: restart,
            win: 0.4,
            loss: 0.6 - war,
            no_win: 0.5 - war,
            mean_score: 50.0,
            tension: Vec::new(),
        }
    }

    /// An opposing advisor quotes the largest danger the move makes likelier than another
    /// move does: a nuclear test over war, and in 2013 a restart of the idle reactor when it is
    /// the likeliest; never one every move shares; a supporter quotes the win.
    #[test]
    fn an_advisor_quotes_the_largest_danger_or_the_win() {
        let cases = [
            (
                odds(0.05, 0.2, 0.0, 0.0),
                false,
                "1 in 5 chance this ends in a nuclear test (almost none with Calm)",
            ),
            (
                odds(0.0, 0.2, 0.0, 0.6),
                false,
                "6 in 10 chance the reactor is restarted (almost none with Calm)",
            ),
            (
                odds(0.3, 0.2, 0.0, 0.6),
                true,
                "4 in 10 chance this ends in a win",
            ),
        ];
        let nothing_yet = Already::default();
        let mut calm_move = odds(0.0, 0.0, 0.0, 0.0);
        calm_move.name = "Calm".into();
        calm_move.win = 0.1;
        for (o, favours, said) in cases {
            assert_eq!(
                quote(&o, favours, &nothing_yet, &[&o, &calm_move]).as_deref(),
                Some(said)
            );
        }
        // Where the level loses on a count of tests, the odds name the test they are of.
        let counted = |now: u32, tested: bool| Already {
            nuclear_tested: tested,
            nuclear_tests: Some(now),
            nuclear_loss_at: Some(4),
            ..Already::default()
        };
        assert_eq!(
            nuclear_test_odds(&counted(2, false), "100%"),
            "a 3rd nuclear test 100% (a 4th loses)"
        );
        assert_eq!(
            nuclear_test_odds(&counted(3, true), "12%"),
            "a 4th nuclear test 12% (it loses)"
        );
        assert_eq!(
            nuclear_test_odds(
                &Already {
                    nuclear_tested: true,
                    ..Already::default()
                },
                "5%"
            ),
            "another nuclear test 5%"
        );
        assert_eq!(
            nuclear_test_odds(&Already::default(), "5%"),
            "nuclear test 5%"
        );
        assert_eq!(
            [1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal),
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"
            ]
        );
        // After a test, the danger quoted is another one.
        let tested = Already {
            nuclear_tested: true,
            ..Already::default()
        };
        let after_a_test = odds(0.05, 0.2, 0.0, 0.0);
        assert_eq!(
            quote(&after_a_test, false, &tested, &[&after_a_test, &calm_move]).as_deref(),
            Some("1 in 5 chance of another nuclear test (almost none with Calm)")
        );
        // Where the level loses on a count of tests, the advisor names the test: 2013's third
        // is not the fourth that loses.
        let certain = odds(0.0, 1.0, 0.0, 0.0);
        assert_eq!(
            quote(&certain, false, &counted(2, false), &[&certain, &calm_move]).as_deref(),
            Some("almost every chance of a 3rd nuclear test (almost none with Calm)")
        );
        // 2013's first turn: the 3rd test is as certain whatever the move, so an opponent
        // argues from the danger this move makes likelier than another does, here war; and
        // against the safest move, or where every move shares every danger, the forecast gives
        // no case.
        assert_eq!(
            quote(
                &certain,
                false,
                &counted(2, false),
                &[&certain, &certain.clone()]
            ),
            None
        );
        let mut provoking = odds(0.2, 1.0, 0.0, 0.0);
        provoking.name = "Provoking".into();
        let mut quiet = odds(0.05, 1.0, 0.0, 0.0);
        quiet.name = "Quiet".into();
        assert_eq!(
            quote(&provoking, false, &counted(2, false), &[&provoking, &quiet]).as_deref(),
            Some("1 in 5 chance this ends in war (1 in 20 with Quiet)")
        );
        assert_eq!(
            quote(&quiet, false, &counted(2, false), &[&provoking, &quiet]),
            None
        );
        // Set against the other moves: a danger another move halves, a win another move makes
        // likelier, is said so; a danger every move shares is not dressed up as this move's.
        let risky = odds(0.0, 0.9, 0.0, 0.0);
        let mut safer = odds(0.0, 0.5, 0.0, 0.0);
        safer.name = "Safer".into();
        let shared = odds(0.0, 0.88, 0.0, 0.0);
        assert_eq!(
            quote(&risky, false, &nothing_yet, &[&risky, &safer]).as_deref(),
            Some("9 in 10 chance this ends in a nuclear test (5 in 10 with Safer)")
        );
        assert_eq!(quote(&risky, false, &nothing_yet, &[&risky, &shared]), None);
        let mut likelier = safer.clone();
        likelier.win = 0.7;
        likelier.name = "Likelier".into();
        assert_eq!(
            quote(&risky, true, &nothing_yet, &[&risky, &likelier]).as_deref(),
            Some("4 in 10 chance this ends in a win (though 7 in 10 with Likelier)")
        );
        // "Almost no" and "almost every" read as amounts beside another move.
        let mut spared = safer.clone();
        spared.nuclear_test = 0.0;
        assert_eq!(
            quote(&risky, false, &nothing_yet, &[&risky, &spared]).as_deref(),
            Some("9 in 10 chance this ends in a nuclear test (almost none with Safer)")
        );
        // No danger in any simulated game: the opponent quotes none. No win in any: the
        // supporter quotes none, which would argue against the move it backs.
        let calm = odds(0.0, 0.0, 0.0, 0.0);
        assert_eq!(quote(&calm, false, &nothing_yet, &[&calm]), None);
        let mut hopeless = calm.clone();
        hopeless.win = 0.0;
        assert_eq!(
            quote(&hopeless, true, &nothing_yet, &[&hopeless, &likelier]),
            None
        );
    }

    /// Odds read as the chance they stand for: never "1 in 2" for 42%, "10 in 10" for 97% or
    /// "no chance" for none of a few hundred games.
    #[test]
    fn odds_are_written_as_a_reader_would_read_them() {
        let said = |x: f64| one_in(x);
        assert_eq!(said(0.2), "1 in 5");
        assert_eq!(said(0.25), "1 in 4");
        assert_eq!(said(0.01), "1 in 100");
        assert_eq!(said(0.38), "4 in 10");
        assert_eq!(said(0.42), "4 in 10");
        assert_eq!(said(0.5), "5 in 10");
        assert_eq!(said(0.27), "3 in 10");
        assert_eq!(said(0.94), "9 in 10");
        assert_eq!(said(0.97), "almost every");
        assert_eq!(said(0.0), "almost no");
    }

    #[test]
    fn a_fan_is_drawn_over_the_stretch_its_bands_need() {
        assert_eq!(
            fan_scale(&[[44.0, 48.0, 52.0], [45.0, 50.0, 57.0]]),
            (40.0, 60.0)
        );
        assert_eq!(fan_scale(&[[12.0, 30.0, 61.0]]), (10.0, 70.0));
        assert_eq!(fan_scale(&[[1.0, 2.0, 3.0]]), (0.0, 20.0));
        assert_eq!(fan_scale(&[[95.0, 98.0, 99.0]]), (80.0, 100.0));
        assert_eq!(fan_scale(&[]), (0.0, 100.0));
    }

    /// Every move's win near 0 under the policy that plays on: the forecast says the line may be
    /// the wrong one, and where to change it; one move that wins now and then, and it is quiet.
    #[test]
    fn a_forecast_where_no_move_wins_says_its_policy_may_be_the_wrong_line() {
        let mut lost = odds(0.0, 0.0, 0.0, 0.0);
        lost.win = 0.01;
        let mut forecast = Forecast {
            turn: 4,
            policy: "balanced".into(),
            odds: vec![Some(lost.clone()), None, Some(lost.clone())],
            tasks: Vec::new(),
        };
        let hint = hopeless_hint(&forecast).expect("no move wins");
        assert!(hint.starts_with("No move wins often with the balanced policy playing on"));
        assert!(hint.contains("Settings: Forecast plays on as"));
        let mut wins = lost;
        wins.win = 0.12;
        forecast.odds[1] = Some(wins);
        assert_eq!(hopeless_hint(&forecast), None);
        // On the last turn no policy plays on after the move: changing it would change nothing.
        let mut last = forecast.odds[0].clone().unwrap();
        last.tension = vec![[40.0, 50.0, 60.0]];
        let on_the_last_turn = Forecast {
            odds: vec![Some(last.clone()), Some(last)],
            ..forecast
        };
        assert_eq!(hopeless_hint(&on_the_last_turn), None);
        assert_eq!(
            hopeless_hint(&Forecast::default()),
            None,
            "nothing computed yet"
        );
    }
}
