//! The model as a player and a teacher meet it: history replays within each level's calibration
//! targets; the hidden disposition matters (the best policy differs by type) but never shows
//! through the "why"; no fixed list of moves wins everywhere; no level is won early; every rule
//! and response in the shipped data fires somewhere; the intelligence estimate learns.

mod support;

use peninsula::rules::Who;
use peninsula::sim::batch::{BatchStats, run_batch};
use peninsula::sim::decide::decide;
use peninsula::sim::policy::BUILTIN;
use peninsula::sim::rng::{Purpose, stream};
use peninsula::sim::transcript::{plain_why_lines, why_lines};
use peninsula::sim::{Game, Policy};
use std::collections::BTreeMap;
use support::*;

/// The weighted built-in policies (the scripted and random ones are not strategies to compare).
fn strategies() -> impl Iterator<Item = &'static str> {
    BUILTIN
        .into_iter()
        .filter(|n| !matches!(*n, "historical" | "random"))
}

fn batch(id: &str, policy: &str, runs: u64, seed: u64) -> BatchStats {
    let sc = scenario(id);
    let p = Policy::load(sc, &root(), policy).unwrap_or_else(|e| panic!("{policy}: {e}"));
    run_batch(sc, &p, runs, seed, 2, &|_| {})
}

/// The hidden type `stats` won least against, and its win rate.
fn worst_type(stats: &BatchStats) -> (&str, f64) {
    stats
        .by_disposition
        .iter()
        .map(|(ty, r)| (ty.as_str(), r.win_rate))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .expect("every disposition drawn")
}

/// The win rate of `policy` in each historical level.
fn win_rates(policy: &str, runs: u64, seed: u64) -> Vec<(&'static str, f64)> {
    HISTORICAL_LEVELS
        .iter()
        .map(|id| (*id, batch(id, policy, runs, seed).win_rate))
        .collect()
}

#[test]
fn every_shipped_level_meets_its_calibration_targets() {
    for id in HISTORICAL_LEVELS {
        let sc = scenario(id);
        assert!(
            sc.def.calibration.len() >= 5,
            "{id} states its calibration targets"
        );
        let stats = batch(id, "historical", 5000, 1);
        let mut failures = Vec::new();
        for t in &sc.def.calibration {
            assert!(
                !t.source.trim().is_empty(),
                "{id}: a target names no source"
            );
            let v = stats.target_value(sc, t);
            let met = v.is_some_and(|v| v >= t.min as f64 - 1e-9 && v <= t.max as f64 + 1e-9);
            // A known gap is the level saying the model misses this target: it must still miss
            // it, or the note would mislead whoever reads the level or `calibrate`.
            match (&t.gap, met) {
                (None, false) => failures.push(format!(
                    "{:?} {:?}: {v:?} not in {}..{}",
                    t.metric, t.answer, t.min, t.max
                )),
                (Some(_), true) => failures.push(format!(
                    "{:?} {:?}: {v:?} now meets {}..{}: its known gap is closed",
                    t.metric, t.answer, t.min, t.max
                )),
                _ => {}
            }
        }
        assert!(failures.is_empty(), "{id} misses its targets: {failures:?}");
    }
}

/// `calibrate --by-type` splits each figure by hidden disposition: the types' figures are the
/// batch's own, so weighted by their games they give the overall figure (a mean over the games
/// that had launches, weighted by those games).
#[test]
fn the_figures_by_type_make_up_the_overall_figure() {
    use peninsula::rules::raw::Metric;
    let sc = scenario("2013_third_test");
    let stats = batch("2013_third_test", "historical", 1500, 5);
    assert_eq!(stats.by_disposition.len(), 3, "every type drawn");
    use peninsula::sim::batch::Rates;
    // Each type's figure weighted by the games it is a figure of: all the type's games for a
    // rate or a mean per game, its games with launches for a mean turn of launches.
    type Weight = fn(&Rates) -> f64;
    let all: Weight = |r| r.runs as f64;
    let with_launches: Weight = |r| r.runs as f64 * r.launch_rate;
    let weighted = [
        (Metric::Missiles, all),
        (Metric::LaunchDays, all),
        (Metric::WarRate, all),
        (Metric::ReactorRestartRate, all),
        (Metric::FirstLaunchTurn, with_launches),
        (Metric::LastLaunchTurn, with_launches),
    ];
    for (m, weight) in weighted {
        let games: f64 = stats.by_disposition.values().map(weight).sum();
        let combined: f64 = stats
            .by_disposition
            .values()
            .filter_map(|r| Some(weight(r) * r.metric(sc, m)?))
            .sum::<f64>()
            / games;
        let overall = stats.metric(sc, m).unwrap();
        assert!(
            (combined - overall).abs() < 1e-6,
            "{m:?}: {combined} vs {overall}"
        );
    }
    // The dated answers' figures (2013's alert), counted from what Pyongyang chose: a share of
    // each type's games, and a mean turn over each type's games with the answer.
    let answers: Vec<_> = sc
        .def
        .calibration
        .iter()
        .filter(|t| t.metric.counts_an_answer())
        .collect();
    assert_eq!(answers.len(), 2, "2013 checks its alert's share and turn");
    for t in answers {
        let answer = t.answer.as_deref().unwrap();
        let weight = |d: &str| {
            let runs = stats.by_disposition[d].runs as f64;
            match t.metric {
                Metric::AnswerRate => runs,
                _ => runs * stats.answer_share(answer, Some(d)).unwrap(),
            }
        };
        let ids: Vec<&String> = stats.by_disposition.keys().collect();
        let games: f64 = ids.iter().map(|d| weight(d)).sum();
        let combined: f64 = ids
            .iter()
            .filter_map(|d| Some(weight(d) * stats.target_value_of(sc, t, Some(d))?))
            .sum::<f64>()
            / games;
        let overall = stats.target_value(sc, t).unwrap();
        assert!(
            (combined - overall).abs() < 1e-6,
            "{:?} {:?}: {combined} vs {overall}",
            t.metric,
            t.answer
        );
    }
    let first = stats.metric(sc, Metric::FirstLaunchTurn).unwrap();
    let last = stats.metric(sc, Metric::LastLaunchTurn).unwrap();
    assert!(
        first <= last,
        "the last launches never come before the first: {first} vs {last}"
    );
}

/// `calibrate`'s longest quiet is what a reader of the record counts: the longest run of turns
/// with no launches between a game's first turn of launches and its last. Each game is played
/// here turn by turn and its launch turns listed from the launch days' count, then set against
/// the batch's summary of the same game; the level's figure is the mean over the games with
/// launches on two turns or more, and 2017's replays (launches that pause) show longer quiets
/// than 2022's (launches on almost every turn).
#[test]
fn the_longest_quiet_is_the_longest_run_without_launches_between_launches() {
    use peninsula::rules::raw::Metric;
    use peninsula::sim::batch::play_quiet;
    use peninsula::sim::{new_game, resolve_turn};
    let mut means = Vec::new();
    for id in ["2017_fire_and_fury", "2022_seventh_test"] {
        let sc = scenario(id);
        let policy = Policy::load(sc, &root(), "historical").unwrap();
        let days = sc.rules.known.launch_days.expect("launch days are counted") as usize;
        let (mut sum, mut counted) = (0u64, 0u64);
        for seed in 0..150u64 {
            let mut s = new_game(sc, seed);
            let mut launch_turns = Vec::new();
            while s.outcome.is_none() {
                let before = s.vars[days];
                let a = policy.choose(sc, &s);
                let rec = resolve_turn(sc, &mut s, a);
                if s.vars[days] > before {
                    launch_turns.push(rec.turn);
                }
            }
            let quiet = launch_turns.windows(2).map(|w| w[1] - w[0] - 1).max();
            let (_, summary) = play_quiet(sc, &policy, seed);
            assert_eq!(
                summary.longest_quiet, quiet,
                "{id} seed {seed}: launches on turns {launch_turns:?}"
            );
            if let Some(q) = quiet {
                sum += q as u64;
                counted += 1;
            }
        }
        assert!(
            counted > 100,
            "{id}: most replays launch on two turns or more"
        );
        let stats = batch(id, "historical", 150, 0);
        let mean = stats.metric(sc, Metric::LongestQuiet).unwrap();
        assert!(
            (0.0..=sc.def.turns as f64).contains(&mean),
            "{id}: a mean quiet of {mean} turns"
        );
        means.push(sum as f64 / counted as f64);
    }
    assert!(
        means[0] > means[1] + 0.5,
        "2017's launches pause for longer than 2022's: {means:?}"
    );
}

/// Once the type is revealed, the debrief and the report say how the built-in lines fared
/// against it in this level: the figures are each line's wins in the batch games that drew the
/// same type, best first; a type no line beats is said to be one (2022's builder), and one a
/// line beats names that line (2017's opportunist, held by firmness).
#[test]
fn the_debrief_says_how_the_built_in_lines_fare_against_the_type_drawn() {
    use peninsula::sim::draw::{GAMES_PER_LINE, data_root_of, lines_against, lines_sentence};
    let type_index = |sc: &peninsula::rules::Scenario, id: &str| {
        sc.rules
            .pyongyang
            .dispositions
            .iter()
            .position(|d| d.id == id)
            .unwrap() as u8
    };
    let sc = scenario("2022_seventh_test");
    let root = data_root_of(sc).expect("a shipped level's data folder");
    let builder = type_index(sc, "builder");
    let lines = lines_against(sc, &root, builder, 0);
    assert_eq!(
        lines.len(),
        7,
        "six weighted lines and the record's moves: {lines:?}"
    );
    assert!(
        lines.windows(2).all(|w| w[0].win_rate >= w[1].win_rate),
        "best first: {lines:?}"
    );
    // Each figure is the batch's own for that type.
    let adaptive = lines.iter().find(|l| l.line == "adaptive").unwrap();
    let stats = batch("2022_seventh_test", "adaptive", GAMES_PER_LINE, 1);
    assert_eq!(adaptive.win_rate, stats.by_disposition["builder"].win_rate);
    assert_eq!(adaptive.games, stats.by_disposition["builder"].runs);
    let said = lines_sentence(sc, builder, 0, &lines).unwrap();
    assert!(
        said.starts_with(
            "Against a builder in this level, no built-in line of play wins more than 1 game in 20"
        ),
        "{said}"
    );
    assert_eq!(
        lines,
        lines_against(sc, &root, builder, 0),
        "the same figures every time"
    );

    let sc = scenario("2017_fire_and_fury");
    let opportunist = type_index(sc, "opportunist");
    let lines = lines_against(sc, &root, opportunist, 0);
    let said = lines_sentence(sc, opportunist, 0, &lines).unwrap();
    let best = &lines[0];
    assert!(
        best.win_rate >= 0.8,
        "firmness holds a 2017 opportunist: {lines:?}"
    );
    assert!(
        said.starts_with(&format!(
            "Against an opportunist in this level, {} wins {:.0}% of the games",
            best.line,
            best.win_rate * 100.0
        )),
        "{said}"
    );
}

/// A game played at Hard is set against the built-in lines played at Hard, and the sentence
/// says so: the figures are the batch's at that difficulty, not the default's.
#[test]
fn the_lines_set_against_a_hard_game_are_played_at_hard() {
    use peninsula::sim::batch::run_batch_at;
    use peninsula::sim::draw::{GAMES_PER_LINE, data_root_of, lines_against, lines_sentence};
    let sc = scenario("2022_seventh_test");
    let root = data_root_of(sc).expect("a shipped level's data folder");
    let hard = sc
        .rules
        .difficulty_index("hard")
        .expect("a hard difficulty");
    let opportunist = sc
        .rules
        .pyongyang
        .dispositions
        .iter()
        .position(|d| d.id == "opportunist")
        .unwrap() as u8;
    let lines = lines_against(sc, &root, opportunist, hard);
    let policy = Policy::load(sc, &root, "adaptive").unwrap();
    let at_hard = run_batch_at(sc, &policy, GAMES_PER_LINE, 1, 2, hard, &|_| {});
    let at_standard = run_batch(sc, &policy, GAMES_PER_LINE, 1, 2, &|_| {});
    let adaptive = lines.iter().find(|l| l.line == "adaptive").unwrap();
    assert_eq!(
        adaptive.win_rate,
        at_hard.by_disposition["opportunist"].win_rate
    );
    assert_ne!(
        at_hard.by_disposition["opportunist"].win_rate,
        at_standard.by_disposition["opportunist"].win_rate,
        "Hard plays differently"
    );
    let said = lines_sentence(sc, opportunist, hard, &lines).unwrap();
    assert!(
        said.starts_with("Against an opportunist in this level at Hard, "),
        "{said}"
    );
    // The rates rest on the games of each line that drew the type, out of all it played: the
    // sentence says both, so a reader does not take the one for the other.
    assert!(
        said.ends_with(&format!(
            "({} games each drew an opportunist, of {GAMES_PER_LINE} played).",
            adaptive.games
        )),
        "{said}"
    );
}

/// The years that had launches show several launch days per level, the year that had none shows
/// almost none, and 2013 (before any ICBM could fly) never shows one.
#[test]
fn history_replays_the_record_years() {
    let y2013 = batch("2013_third_test", "historical", 600, 3);
    assert_eq!(y2013.icbm_test_rate, 0.0, "2013 could not fly an ICBM");
    let y2017 = batch("2017_fire_and_fury", "historical", 600, 3);
    assert!(y2017.icbm_test_rate > 0.5, "2017 flew ICBMs: {y2017:?}");
    let y2018 = batch("2018_the_thaw", "historical", 600, 3);
    assert!(y2018.moratorium_rate > 0.5, "2018 reached a moratorium");
    assert!(y2018.nuclear_test_rate < 0.1, "no nuclear test in 2018");
    let y2022 = batch("2022_seventh_test", "historical", 600, 3);
    assert!(y2022.icbm_test_rate > 0.5, "2022 flew ICBMs");
    assert!(y2022.nuclear_test_rate < 0.45, "no seventh test in 2022");
    assert!(
        y2022.mean_peak_tension > y2018.mean_peak_tension,
        "2022 peaks higher than 2018"
    );
    assert!(
        y2022.mean_launch_days > 3.0 * y2013.mean_launch_days,
        "2022 is a record year of launches: {} vs {}",
        y2022.mean_launch_days,
        y2013.mean_launch_days
    );
    for s in [&y2013, &y2017, &y2018, &y2022] {
        assert!(
            s.war_rate < 0.05,
            "{}: war in {:.0}%",
            s.level,
            s.war_rate * 100.0
        );
    }
}

/// The record years let their history happen: replayed over many seeds, each level's allied
/// moves are played as written on most of the scripted turns, and none is refused in a third of
/// the games or more. 2013's Kaesong talks answer Pyongyang's own offer of June 6 (turn 8): the
/// model makes it in most replays, in June or July, and never before the spring's launches.
#[test]
fn the_record_years_let_their_history_happen() {
    for id in HISTORICAL_LEVELS {
        let sc = scenario(id);
        let turns = peninsula::sim::batch::script_fidelity(sc, 1000, 1);
        let (reached, refused) = turns
            .iter()
            .fold((0, 0), |(a, b), t| (a + t.reached, b + t.refused));
        assert!(
            refused * 100 <= reached * 15,
            "{id}: {refused} of {reached} scripted turns refused"
        );
        for t in &turns {
            assert!(
                t.refused * 3 < t.reached,
                "{id}: turn {} refused in {} of {} games ({:?})",
                t.turn,
                t.refused,
                t.reached,
                t.why
            );
        }
    }
    let sc = scenario("2013_third_test");
    let pyongyang = sc.rules.ai(Who::Pyongyang);
    let offer = pyongyang
        .responses
        .iter()
        .position(|r| r.id == "reach_out_seoul")
        .expect("Pyongyang can reach out to Seoul") as u16;
    let (mut summer, mut early) = (0, 0);
    for i in 0..1000 {
        let mut g = Game::new(sc, peninsula::sim::rng::batch_seed(1, i));
        let mut offered = Vec::new();
        while g.state.outcome.is_none() {
            let a = Policy::Historical.choose(sc, &g.state);
            let rec = g.play(sc, a).unwrap();
            if rec.pyongyang.is_some_and(|d| d.response == offer) {
                offered.push(rec.turn);
            }
        }
        summer += u32::from(offered.iter().any(|t| (8..=9).contains(t)));
        early += u32::from(offered.iter().any(|t| *t < 5));
    }
    assert!(
        summer >= 600,
        "an offer in June or July in {summer} of 1000 replays"
    );
    assert_eq!(early, 0, "an offer before April in {early} of 1000 replays");
}

/// 2013's spring as the record has it (docs/balance/README.md, round thirteen): Beijing votes for
/// the resolution in March but squeezes on its own only once Pyongyang defies it by restarting
/// its reactor (the Bank of China, May 7: turn 6), and a programme that cannot yet fly an ICBM
/// answers the vote and the bombers in words, firing at its patron's squeeze instead. Replaying
/// the record: Beijing never squeezes before the restart (after an early test, as the record's
/// on turn 2, it does not squeeze at once); no launch is an answer to the vote or to the offers
/// made among the bombers; and the patron's squeeze is answered with launches, each within two
/// turns of it.
#[test]
fn in_2013_beijing_squeezes_only_once_its_resolution_is_defied() {
    let sc = scenario("2013_third_test");
    let response = |who: Who, id: &str| {
        sc.rules
            .ai(who)
            .responses
            .iter()
            .position(|r| r.id == id)
            .unwrap_or_else(|| panic!("{id}")) as u16
    };
    let rule = |id: &str| {
        sc.rules
            .ai(Who::Pyongyang)
            .rules
            .iter()
            .position(|r| r.id == id)
            .unwrap_or_else(|| panic!("{id}")) as u16
    };
    let squeeze = response(Who::Beijing, "squeeze_pyongyang");
    let restart = response(Who::Pyongyang, "restart_reactor");
    let launch = response(Who::Pyongyang, "missile_test");
    let to_pressure = [
        rule("pressure_reads_as_strangulation"),
        rule("offers_among_bombers"),
    ];
    let patron = rule("the_patron_squeezes");
    let (mut squeezes, mut before_restart) = (0, 0);
    let (mut answered_pressure, mut answered_patron, mut patron_late) = (0, 0, 0);
    for i in 0..500 {
        let mut g = Game::new(sc, peninsula::sim::rng::batch_seed(1, i));
        let mut restarted = false;
        let mut last_squeeze: Option<u32> = None;
        while g.state.outcome.is_none() {
            let a = Policy::Historical.choose(sc, &g.state);
            let rec = g.play(sc, a).unwrap().clone();
            if rec.beijing.is_some_and(|d| d.response == squeeze) {
                squeezes += 1;
                before_restart += u32::from(!restarted);
                last_squeeze = Some(rec.turn);
            }
            let Some(d) = rec.pyongyang else { continue };
            restarted |= d.response == restart;
            if d.response == launch {
                let named = [d.rule, d.second];
                if named.iter().flatten().any(|r| to_pressure.contains(r)) {
                    answered_pressure += 1;
                }
                if d.rule == Some(patron) {
                    answered_patron += 1;
                    patron_late += u32::from(last_squeeze.is_none_or(|t| rec.turn > t + 2));
                }
            }
        }
    }
    assert!(
        squeezes >= 100,
        "Beijing squeezed only {squeezes} times in 500 replays"
    );
    assert_eq!(before_restart, 0, "squeezes before the reactor's restart");
    assert_eq!(
        answered_pressure, 0,
        "launches answering the vote or the offers among bombers"
    );
    assert!(
        answered_patron >= 50,
        "the patron's squeeze answered with launches only {answered_patron} times"
    );
    assert_eq!(
        patron_late, 0,
        "a launch at a squeeze more than two turns old"
    );
}

/// Reading the evidence is the skill: no built-in policy comes within two points of the best
/// win rate against every disposition, so the right line depends on which Pyongyang you face.
#[test]
fn the_best_policy_differs_by_hidden_type() {
    const TOLERANCE: f64 = 0.02;
    for id in HISTORICAL_LEVELS {
        let rates: Vec<(&str, BTreeMap<String, f64>)> = strategies()
            .map(|name| {
                let s = batch(id, name, 900, 11);
                let by = s
                    .by_disposition
                    .iter()
                    .map(|(ty, r)| (ty.clone(), r.win_rate))
                    .collect();
                (name, by)
            })
            .collect();
        let types: Vec<&String> = rates[0].1.keys().collect();
        assert_eq!(types.len(), 3, "{id}: every disposition drawn");
        let best = |ty: &String| rates.iter().map(|(_, by)| by[ty]).fold(0.0f64, f64::max);
        let universal: Vec<&str> = rates
            .iter()
            .filter(|(_, by)| types.iter().all(|ty| by[*ty] >= best(ty) - TOLERANCE))
            .map(|(name, _)| *name)
            .collect();
        assert!(
            universal.is_empty(),
            "{id}: {universal:?} is best against every disposition: {rates:?}"
        );
    }
}

/// The fixed lists of moves in `tests/policies/`, in file-name order.
fn fixed_lists() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/policies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// No simple fixed list of moves wins more than 60% of its games in all four historical levels.
#[test]
fn no_fixed_list_of_moves_wins_everywhere() {
    let files = fixed_lists();
    assert!(files.len() >= 5, "several fixed lists are tried");
    for file in files {
        let path = file.display().to_string();
        let rates = win_rates(&path, 400, 5);
        assert!(
            rates.iter().any(|(_, w)| *w <= 0.6),
            "{path} wins everywhere: {rates:?}"
        );
    }
}

/// Every historical level rewards reading Pyongyang, not a routine: every fixed list of moves
/// (including those an adversarial review found winning before the wins asked for the launches
/// to stop) wins at most 60% of its games against some hidden type. The spiral years, 2013, 2017
/// and 2022, have held this since round five; 2018 since round sixteen, when talk alone stopped
/// buying a frightened regime's freeze (before it, `summit_rush` won 99% against every type).
#[test]
fn in_every_historical_level_every_fixed_list_loses_to_some_type() {
    let files = fixed_lists();
    for id in HISTORICAL_LEVELS {
        for file in &files {
            let path = file.display().to_string();
            let s = batch(id, &path, 400, 5);
            let (_, worst) = worst_type(&s);
            assert!(
                worst <= 0.6,
                "{id}: {path} wins {:.0}% or more against every type: {:?}",
                worst * 100.0,
                s.by_disposition
                    .iter()
                    .map(|(ty, r)| (ty, r.win_rate))
                    .collect::<Vec<_>>()
            );
        }
    }
}

/// A card's lock tells no type (round twenty-three): the suspension of the exercises opens
/// with talks, not with Pyongyang's engagement, which a frightened regime offers earlier than the
/// others. `halt_when_open` suspends the drills the moment the card opens and presses otherwise;
/// when engagement opened the card it halted them for 2017's security seekers alone and won 81%
/// of their games, reading the type with no look at the estimate. The line still holds an
/// opportunist with its pressure.
#[test]
fn in_2017_the_suspensions_lock_does_not_sort_the_types() {
    let path = root()
        .join("tests/policies/halt_when_open.ron")
        .display()
        .to_string();
    let s = batch("2017_fire_and_fury", &path, 1000, 1);
    let seeker = s.by_disposition["security_seeker"].win_rate;
    assert!(
        seeker <= 0.1,
        "a line that halts the drills when the card opens wins {:.0}% of 2017's security seekers",
        100.0 * seeker
    );
    let opportunist = s.by_disposition["opportunist"].win_rate;
    assert!(
        opportunist >= 0.8,
        "the same line's pressure wins only {:.0}% of 2017's opportunists",
        100.0 * opportunist
    );
}

/// In the sandbox a walkout from talks is no quiet end (round nineteen): talking and squeezing
/// together, which a frightened regime answers by calling the talks off rather than by
/// launching, loses most of its games against a security seeker (it won 97% of them when a
/// walkout still counted as quiet), while talks and a drill pause with no squeeze still win
/// almost all of them.
#[test]
fn in_the_sandbox_a_walkout_from_talks_is_no_quiet_end() {
    let seeker = |policy: &str| {
        let path = root().join(policy).display().to_string();
        batch("sandbox", &path, 1000, 1).by_disposition["security_seeker"].win_rate
    };
    let squeezed = seeker("tests/policies/talk_squeeze_list.ron");
    assert!(
        squeezed <= 0.1,
        "talk and squeeze still win {:.0}% of the sandbox's security seekers",
        100.0 * squeezed
    );
    let paused = seeker("tests/policies/pause_then_talk.ron");
    assert!(
        paused >= 0.9,
        "a pause and talks win only {:.0}% of the sandbox's security seekers",
        100.0 * paused
    );
}

/// The sandbox's learning goal, as its debrief states it: each single-minded built-in line
/// wins against one kind of regime (firmness against an opportunist, restraint against a
/// security seeker, Beijing's squeeze against a builder) and fails against another, so the
/// type has to be read before a player commits to one of them.
#[test]
fn in_the_sandbox_each_single_minded_line_holds_one_kind_and_fails_another() {
    for (line, holds) in [
        ("deterrence", "opportunist"),
        ("dove", "security_seeker"),
        ("beijing", "builder"),
    ] {
        let s = batch("sandbox", line, 1000, 1);
        let won = |kind: &str| s.by_disposition[kind].win_rate;
        assert!(
            won(holds) >= 0.9,
            "{line} wins only {:.0}% of the sandbox's {holds}s",
            100.0 * won(holds)
        );
        let (kind, rate) = worst_type(&s);
        assert!(
            rate <= 0.05,
            "{line} wins {:.0}% even of the sandbox's {kind}s, its worst kind",
            100.0 * rate
        );
    }
}

/// What the rules' header, the builder's description on the debrief, README, the teacher's
/// guide and 2017's learning goal say a builder does, measured against the built-in lines:
/// where Beijing squeezes (2013, the sandbox) its pressure starves a builder's launches; in 2017
/// it puts off the first ICBM but not the flights, while talks hold back the ICBM tests and not
/// the shorter launches; in 2022 talks still hold back most ICBM flights.
#[test]
fn what_a_builder_is_said_to_do_holds() {
    let builder = |level: &str, line: &str| {
        batch(level, line, 1000, 1)
            .by_disposition
            .remove("builder")
            .expect("builders drawn")
    };
    for level in ["2013_third_test", "sandbox"] {
        let squeezed = builder(level, "beijing").mean_missiles;
        let fewest_else = builder(level, "hawk")
            .mean_missiles
            .min(builder(level, "dove").mean_missiles);
        assert!(
            squeezed <= 0.5 * fewest_else,
            "{level}: Beijing's squeeze leaves a builder {squeezed:.1} missiles a game, against {fewest_else:.1}"
        );
    }
    let level = "2017_fire_and_fury";
    let (hawk, dove, squeeze) = (
        builder(level, "hawk"),
        builder(level, "dove"),
        builder(level, "beijing"),
    );
    let first = |r: &peninsula::sim::batch::Rates| r.mean_first_icbm_test_turn.unwrap_or(99.0);
    assert!(
        first(&squeeze) >= first(&hawk) + 2.0,
        "2017: the squeeze puts the first ICBM at turn {:.1}, threats at {:.1}",
        first(&squeeze),
        first(&hawk)
    );
    assert!(
        squeeze.mean_icbm_tests >= 0.75 * hawk.mean_icbm_tests,
        "2017: the squeeze stops the flights ({:.1} against {:.1}), not only delays them",
        squeeze.mean_icbm_tests,
        hawk.mean_icbm_tests
    );
    assert!(
        dove.mean_icbm_tests <= 0.25 * hawk.mean_icbm_tests,
        "2017: talks leave a builder {:.1} ICBM tests, threats {:.1}",
        dove.mean_icbm_tests,
        hawk.mean_icbm_tests
    );
    assert!(
        dove.mean_missiles >= 0.9 * hawk.mean_missiles,
        "2017: talks cut a builder's shorter launches ({:.1} against {:.1})",
        dove.mean_missiles,
        hawk.mean_missiles
    );
    for (line, r) in [("hawk", &hawk), ("dove", &dove), ("beijing", &squeeze)] {
        assert!(
            r.win_rate <= 0.05,
            "2017: {line} wins {:.0}% of the builders' games",
            100.0 * r.win_rate
        );
    }
    let level = "2022_seventh_test";
    let (hawk, dove) = (builder(level, "hawk"), builder(level, "dove"));
    assert!(
        dove.mean_icbm_tests <= 0.6 * hawk.mean_icbm_tests,
        "2022: talks leave a builder {:.1} ICBM tests, threats {:.1}",
        dove.mean_icbm_tests,
        hawk.mean_icbm_tests
    );
}

/// Wins judge the whole crisis: no level is won, on average, before its last third.
#[test]
fn no_level_is_won_early() {
    for id in HISTORICAL_LEVELS.iter().chain(&["sandbox"]) {
        let turns = scenario(id).def.turns as f64;
        for name in strategies() {
            let s = batch(id, name, 300, 7);
            if let Some(t) = s.mean_win_turn {
                assert!(
                    t >= turns * 2.0 / 3.0,
                    "{id} with {name}: won on turn {t:.1} of {turns} on average"
                );
            }
        }
    }
}

/// Every response and rule of both AIs, and every event, fires in some level under some policy:
/// a built-in one or one of the fixed lists players try (`tests/policies/`). Some content answers
/// a player's line more than a hedging policy's: a security seeker renounces a freeze met with
/// sanctions (`freeze_met_with_pressure`) in about 8% of the 2013 games of `summit_carrier`'s
/// freeze-then-squeeze, and in 0.2-0.4% of `random`'s.
#[test]
fn no_dead_content() {
    let mut rules: BTreeMap<String, u64> = BTreeMap::new();
    let mut events: BTreeMap<String, u64> = BTreeMap::new();
    let lists: Vec<String> = fixed_lists()
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    for id in HISTORICAL_LEVELS.iter().chain(&["sandbox"]) {
        for name in BUILTIN
            .iter()
            .copied()
            .chain(lists.iter().map(String::as_str))
        {
            let s = batch(id, name, 300, 13);
            for (ai, counts) in s.responses.iter().chain(&s.rules) {
                for (rule, n) in counts {
                    *rules.entry(format!("{ai}.{rule}")).or_default() += n;
                }
            }
            for (e, n) in &s.events {
                *events.entry(e.clone()).or_default() += n;
            }
        }
    }
    let dead: Vec<&String> = rules
        .iter()
        .chain(&events)
        .filter(|(_, n)| **n == 0)
        .map(|(k, _)| k)
        .collect();
    assert!(dead.is_empty(), "never fired: {dead:?}");
}

/// Nothing shown during play names the hidden disposition or weighs by it: the "why" ranks rules
/// before the disposition's weighting, so under any disposition and any dice that make the same
/// choice it reads the same, word for word; and a transcript before the outcome names no disposition outside the
/// intelligence estimate (which names all of them).
#[test]
fn the_why_never_betrays_the_disposition() {
    let mut compared = 0;
    // 2013 too: its reactor's restart has reasons of every motive, and only 2013 has a reactor.
    for (sc, seeds) in [
        (scenario("2017_fire_and_fury"), 0..60),
        (scenario("2013_third_test"), 0..40),
    ] {
        let ai = &sc.rules.pyongyang;
        for seed in seeds {
            let mut g = Game::new(sc, seed);
            let policy = Policy::load(sc, &root(), "random").unwrap();
            while g.state.outcome.is_none() {
                // Score this turn's state under every disposition, with the game's dice and with
                // other dice: the why may show neither the weighting nor the draw (which, beside
                // the rules' parts, would bound the weighted scores).
                let decisions: Vec<_> = ai
                    .dispositions
                    .iter()
                    .flat_map(|d| {
                        [seed, seed + 1000].map(|dice| {
                            let rng = stream(dice, g.state.turn, Purpose::Pyongyang);
                            decide(sc, &g.state, ai, &d.motives, &rng, None)
                        })
                    })
                    .collect();
                // The real reason (kept for the report's hindsight), worked out again from the
                // rules themselves: of the rules that argued for the answer, the one whose argument
                // (weight plus factor times value) weighs most under the disposition's motives; the
                // rule the why names when it is level with the best.
                for (k, a) in decisions.iter().enumerate() {
                    let motives = &ai.dispositions[k / 2].motives;
                    let weigh = |ri: usize| {
                        let rule = &ai.rules[ri];
                        let argued = rule.weight
                            + rule
                                .factors
                                .iter()
                                .map(|(v, f)| f * g.state.value(*v))
                                .sum::<f32>();
                        argued * motives.get(rule.motive as usize).copied().unwrap_or(1.0)
                    };
                    let supporting =
                        (0..ai.rules.len()).filter(|ri| a.support & (1u128 << ri) != 0);
                    let best = supporting
                        .clone()
                        .map(weigh)
                        .fold(f32::NEG_INFINITY, f32::max);
                    // Level means within float rounding: the engine sums a rule's argument in
                    // another order than this recomputation does.
                    let tolerance = 1e-5 * best.abs().max(1.0);
                    let want = match a.rule {
                        Some(r) if weigh(r as usize) >= best - tolerance => Some(r),
                        _ => supporting
                            .clone()
                            .find(|ri| weigh(*ri) >= best - tolerance)
                            .map(|ri| ri as u16),
                    };
                    assert_eq!(a.weighted, want, "the weighted reason, worked out again");
                }
                for a in &decisions {
                    for b in &decisions {
                        if a.response == b.response {
                            compared += 1;
                            assert_eq!(
                                (a.rule, a.second, a.weight, a.factor_parts),
                                (b.rule, b.second, b.weight, b.factor_parts),
                                "the why differs between dispositions or dice"
                            );
                            // What the player reads, word for word: no margin or runner-up
                            // that the hidden weighting moves.
                            assert_eq!(
                                why_lines(sc, Who::Pyongyang, a),
                                why_lines(sc, Who::Pyongyang, b),
                                "the why's text differs between dispositions or dice"
                            );
                            assert_eq!(
                                plain_why_lines(sc, Who::Pyongyang, a),
                                plain_why_lines(sc, Who::Pyongyang, b),
                                "the plain why differs between dispositions or dice"
                            );
                        }
                    }
                }
                let a = policy.choose(sc, &g.state);
                g.play(sc, a);
                if g.state.outcome.is_none() {
                    let text = g.transcript(sc);
                    for line in text
                        .lines()
                        .filter(|l| !l.trim_start().starts_with("Estimate:"))
                    {
                        let lower = line.to_lowercase();
                        for d in &ai.dispositions {
                            assert!(
                                !lower.contains(&d.name.to_lowercase()) && !lower.contains(&d.id),
                                "the transcript names {} during play: {line}",
                                d.name
                            );
                        }
                        assert!(
                            !lower.contains("motive") && !line.contains('×'),
                            "a motive weight shows: {line}"
                        );
                    }
                }
            }
        }
    }
    assert!(compared > 500, "enough decisions compared: {compared}");
}

/// The plain "why" does not pass off one reading as the reason. When rules of several motives
/// argued for Pyongyang's answer, it gives each motive's reading and says the disposition
/// decides which weighed most; the motive that really weighed most under the game's disposition
/// is always among them. A player reading 2022's launches is shown that a launch an opportunist
/// makes can also be read as the programme's, and the other way round.
#[test]
fn the_plain_why_offers_every_motives_reading_the_real_one_among_them() {
    let (mut several, mut misled_before, mut strangled) = (0, 0, 0);
    // And 2013's reactor, restarted for a reason of every motive.
    for (sc, seeds) in [
        (scenario("2022_seventh_test"), 0..200),
        (scenario("2013_third_test"), 0..100),
    ] {
        let ai = &sc.rules.pyongyang;
        let policy = Policy::load(sc, &root(), "random").unwrap();
        for seed in seeds {
            let mut g = Game::new(sc, seed);
            while g.state.outcome.is_none() {
                let rng = stream(seed, g.state.turn, Purpose::Pyongyang);
                let motives = &ai.dispositions[g.state.disposition as usize].motives;
                let d = decide(sc, &g.state, ai, motives, &rng, None);
                let lines = plain_why_lines(sc, Who::Pyongyang, &d);
                let heads: Vec<&str> = lines.iter().map(|(h, _)| h.as_str()).collect();
                let readings: Vec<u16> = d.readings.iter().flatten().copied().collect();
                if readings.len() > 1 {
                    several += 1;
                    assert!(
                        !heads.contains(&"why"),
                        "one reason passed off as the reason: {lines:?}"
                    );
                    assert!(heads.contains(&"which weighed most"), "{lines:?}");
                    // The real reason's motive is read out, when it argued for the answer.
                    if let Some(w) = d.weighted {
                        let motive = ai.rules[w as usize].motive;
                        if readings
                            .iter()
                            .all(|r| ai.rules[*r as usize].motive != motive)
                        {
                            let argued = ai.rules[w as usize].weight
                                + ai.rules[w as usize]
                                    .factors
                                    .iter()
                                    .map(|(v, f)| f * g.state.value(*v))
                                    .sum::<f32>();
                            assert!(
                                argued <= 0.0,
                                "the real reason's motive is left out: {lines:?}"
                            );
                        }
                        if d.rule
                            .is_some_and(|r| ai.rules[r as usize].motive != motive)
                        {
                            misled_before += 1;
                        }
                    }
                    for (rule, (head, because)) in readings.iter().zip(&lines) {
                        assert_eq!(
                            &ai.rules[*rule as usize].because, because,
                            "strongest first"
                        );
                        // Each motive is keyed to the type that weighs it most, from the data.
                        let motive = ai.motives[ai.rules[*rule as usize].motive as usize].as_str();
                        let key = match motive {
                            "development" => Some("(weighs most with a builder)"),
                            "opportunism" | "relief" => Some("(weighs most with an opportunist)"),
                            "security" | "retaliation" => {
                                Some("(weighs most with a security seeker)")
                            }
                            _ => None,
                        };
                        if let Some(key) = key {
                            assert_eq!(head, &format!("if {motive} drove it {key}"));
                        }
                    }
                } else {
                    assert_eq!(heads.first(), Some(&"why"), "{lines:?}");
                }
                if readings
                    .iter()
                    .any(|r| ai.rules[*r as usize].id == "strangled_turns_to_the_reactor")
                {
                    strangled += 1;
                }
                let a = policy.choose(sc, &g.state);
                g.play(sc, a);
            }
        }
    }
    assert!(
        strangled > 0,
        "the squeeze's reading of the restart was among the readings offered"
    );
    assert!(several > 1000, "answers with several readings: {several}");
    assert!(
        misled_before > 200,
        "answers whose real motive the single why hid: {misled_before}"
    );
}

/// The tells (`BatchStats::tells`) each of `policies` (name, then what `Policy::load` takes) meets
/// on every level at 600 games, seed 1, less those `known` lists as (level, name, answer); each
/// written as a `known` entry with its figures, ready to copy.
fn tells_not_known(policies: &[(String, String)], known: &[(&str, &str, &str)]) -> Vec<String> {
    let mut found = Vec::new();
    for id in HISTORICAL_LEVELS.iter().copied().chain(["sandbox"]) {
        let sc = scenario(id);
        for (name, policy) in policies {
            for tell in batch(id, policy, 600, 1).tells(sc) {
                if !known.contains(&(id, name.as_str(), tell.response.as_str())) {
                    found.push(format!(
                        "(\"{id}\", \"{name}\", \"{}\"), // {:.0}% of the {} games, at most {:.0}% of others'",
                        tell.response,
                        tell.share * 100.0,
                        tell.disposition,
                        tell.others * 100.0
                    ));
                }
            }
        }
    }
    found
}

/// No answer in the opening turns gives the hidden type away (docs/balance/README.md, "Tells"):
/// in every level, under every built-in line of play, no answer comes in the first three turns
/// of half of one type's games and of at most 2% of every other type's. Before the round that
/// gave every type pauses between test campaigns and an opportunist's alert as a bluff, `sim`
/// found 17 such answers, among them a quiet turn in 2022 (every security seeker's game under
/// `balanced`, no other type's) and a combat alert in 2017 (97% of security seekers' under
/// `historical`). Round eighteen left six; round twenty took away the last: 2018's five (talks and
/// a freeze that only an opportunist gave under Beijing's line or pressure alone, tunnels that
/// only a reassured security seeker blew up early), by giving a regime whose force is declared
/// complete reasons of its own for both, and 2017's artillery at the border under the record's
/// moves, which now waits for drills stacked on drills, as in the autumn of 2022. One is known:
/// `hawk`'s 2013, where an opportunist deterred by the drills keeps quiet in the opening. It was
/// there before round twenty-four too, at 66% of opportunists' games against 2.1% of builders'
/// (four games of 188), just above the 2% line; with fewer clashes at the border a builder keeps
/// quiet in three, 1.6%, and the answer counts as a tell. It is the tell `hawk_list` already
/// lists below, which plays the same opening.
#[test]
fn no_opening_answer_gives_the_type_away() {
    let builtins: Vec<(String, String)> = BUILTIN
        .iter()
        .map(|p| (p.to_string(), p.to_string()))
        .collect();
    const KNOWN: &[(&str, &str, &str)] = &[
        ("2013_third_test", "hawk", "quiet"), // 66% of the Opportunist games, at most 2% of others'
    ];
    let found = tells_not_known(&builtins, KNOWN);
    assert!(
        found.is_empty(),
        "answers that settle the type in the opening turns:\n{}",
        found.join("\n")
    );
}

/// The fixed lists of `tests/policies/`, players who do not read the answers, still meet answers
/// that settle the type in the opening turns (docs/balance/README.md, round twenty-one: 22 at
/// 2,000 games, 8 of them in 2018 and 11 in 2022; 25 at the 600 here; round twenty-three's new list,
/// `halt_when_open`, meets two more of 2022's, those of `pause_then_press`, whose opening it
/// shares). They are listed here, by
/// level, list and answer, so that a change to the rules that makes a new one fails, and one that
/// cures some can shorten the list.
#[test]
fn the_fixed_lists_meet_no_new_tell() {
    // Each with its share at 600 games (seed 1).
    const KNOWN: &[(&str, &str, &str)] = &[
        ("2013_third_test", "dual_pulse", "missile_test"), // 78% of the Opportunist games, at most 1% of others'
        // Round twenty-six's three: with the ordered test on turn 2 for every type, a security
        // seeker no longer keeps quiet into turn 3, and these answers of an opportunist's opening
        // fell to 2% or less among the others (docs/balance/README.md, round twenty-six). The
        // tell it took away, a frightened regime's test a turn late, was read by any line that
        // could wait for the Council's card, and this test, which looks for answers given, not
        // for answers withheld, did not count it.
        ("2013_third_test", "force_sanction_assure", "missile_test"), // 62% of the Opportunist games, at most 1% of others'
        ("2013_third_test", "pause_then_press", "accept_talks"), // 65% of the Opportunist games, at most 2% of others'
        ("2013_third_test", "pause_then_talk", "accept_talks"), // 65% of the Opportunist games, at most 2% of others'
        ("2013_third_test", "hawk_list", "quiet"), // 64% of the Opportunist games, at most 2% of others'
        ("2013_third_test", "mixed_list", "quiet"), // 71% of the Opportunist games, at most 1% of others'
        ("2013_third_test", "resolve_then_talk", "quiet"), // 71% of the Opportunist games, at most 1% of others'
        ("2018_the_thaw", "consult_beijing", "accept_talks"), // 100% of the Opportunist games, at most 0% of others'
        ("2018_the_thaw", "dual_pulse", "accept_talks"), // 100% of the Opportunist games, at most 0% of others'
        ("2018_the_thaw", "dual_pulse", "declare_moratorium"), // 66% of the Builder games, at most 0% of others'
        ("2018_the_thaw", "hold_course", "accept_talks"), // 96% of the Opportunist games, at most 0% of others'
        ("2018_the_thaw", "mixed_list", "accept_talks"), // 70% of the Opportunist games, at most 0% of others'
        ("2018_the_thaw", "pause_then_press", "missile_test"), // 52% of the Opportunist games, at most 0% of others' (48% before round twenty-one, 47% at 2,000 games)
        ("2018_the_thaw", "summit_then_answer", "accept_talks"), // 94% of the Opportunist games, at most 0% of others'
        ("2018_the_thaw", "summit_then_answer", "declare_moratorium"), // 59% of the Opportunist games, at most 0% of others'
        ("2018_the_thaw", "un_whenever_possible", "accept_talks"), // 96% of the Opportunist games, at most 0% of others'
        ("2022_seventh_test", "dual_pulse", "accept_talks"), // 67% of the Opportunist games, at most 1% of others'
        ("2022_seventh_test", "dual_pulse", "end_moratorium"), // 100% of the Security seeker games, at most 0% of others'
        ("2022_seventh_test", "halt_when_open", "quiet"), // 61% of the Security seeker games, at most 1% of others' (the drills put off on turn 1, as `pause_then_press`; the list came in round twenty-three)
        ("2022_seventh_test", "halt_when_open", "reach_out_seoul"), // 52% of the Security seeker games, at most 0% of others'
        ("2022_seventh_test", "pause_then_press", "quiet"), // 67% of the Security seeker games, at most 1% of others'
        ("2022_seventh_test", "pause_then_press", "reach_out_seoul"), // 52% of the Security seeker games, at most 0% of others'
        ("2022_seventh_test", "pause_then_talk", "reach_out_seoul"), // 55% of the Security seeker games, at most 0% of others'
        ("2022_seventh_test", "resolve_then_talk", "end_moratorium"), // 100% of the Security seeker games, at most 1% of others'
        ("2022_seventh_test", "squeeze_then_pause", "accept_talks"), // 76% of the Opportunist games, at most 0% of others'
        ("2022_seventh_test", "squeeze_then_talk", "accept_talks"), // 76% of the Opportunist games, at most 0% of others'
        ("2022_seventh_test", "summit_carrier", "accept_talks"), // 76% of the Opportunist games, at most 0% of others'
        ("2022_seventh_test", "summit_rush", "accept_talks"), // 76% of the Opportunist games, at most 0% of others'
        ("2022_seventh_test", "summit_then_answer", "accept_talks"), // 76% of the Opportunist games, at most 0% of others'
        ("2022_seventh_test", "talk_squeeze_list", "accept_talks"), // 76% of the Opportunist games, at most 0% of others'
    ];
    let lists: Vec<(String, String)> = fixed_lists()
        .iter()
        .map(|f| {
            let name = f.file_stem().unwrap().to_string_lossy().to_string();
            (name, f.display().to_string())
        })
        .collect();
    let found = tells_not_known(&lists, KNOWN);
    assert!(
        found.is_empty(),
        "new answers that settle the type in the opening turns under a fixed list:\n{}",
        found.join("\n")
    );
}

/// The analysts learn: by the end of a game their mean estimate of the true disposition is, on
/// average, higher than where they started; each estimate is a probability distribution.
#[test]
fn the_intelligence_estimate_learns_from_behaviour() {
    for id in ["2017_fire_and_fury", "2022_seventh_test", "2013_third_test"] {
        let sc = scenario(id);
        let policy = Policy::load(sc, &root(), "balanced").unwrap();
        let (mut start, mut end) = (0.0, 0.0);
        for seed in 0..300 {
            let mut g = Game::new(sc, seed);
            let truth = g.state.disposition as usize;
            start += g.state.consensus(truth);
            g.play_out(sc, &policy);
            for row in &g.state.estimate[..g.state.analysts as usize] {
                let total: f32 = row.iter().sum();
                assert!((total - 1.0).abs() < 1e-3, "an estimate sums to {total}");
            }
            end += g.state.consensus(truth);
        }
        assert!(
            end > start * 1.15,
            "{id}: the estimate of the true type went from {start:.1} to {end:.1} (sum over games)"
        );
    }
}

/// The analysts' estimate is honest about what it knows, under every built-in line on every
/// level: where it puts a type at 80% or more after a turn, that is the true type in at least
/// 80% of those turns; and no line leaves it sure (80% or more) of a wrong type at a game's end
/// in more than a quarter of one type's games (with 20 or more of them). Before the analysts
/// weighed an answer by its chance under the decider's noise, a softmax of the scores read an
/// answer every type gives as the type with the widest lead: against 2017's dove line, three
/// builders in four ended read as opportunists at 80% or more.
#[test]
fn the_intelligence_estimate_is_not_confidently_wrong() {
    // The weighted built-in lines (not the level's script, nor `random`).
    let lines = BUILTIN
        .into_iter()
        .filter(|name| !["historical", "random"].contains(name));
    let (mut sure, mut sure_right) = (0u32, 0u32);
    for id in HISTORICAL_LEVELS.into_iter().chain(["sandbox"]) {
        let sc = scenario(id);
        let types = sc.rules.pyongyang.dispositions.len();
        for line in lines.clone() {
            let policy = Policy::load(sc, &root(), line).unwrap();
            let mut games = vec![0u32; types];
            let mut wrong_at_end = vec![0u32; types];
            for seed in 0..80 {
                let mut g = Game::new(sc, seed);
                let truth = g.state.disposition as usize;
                g.play_out(sc, &policy);
                let consensus = |rec: &peninsula::sim::TurnRecord, d: usize| {
                    let n = g.state.analysts as usize;
                    rec.estimate[..n].iter().map(|row| row[d]).sum::<f32>() / n as f32
                };
                for rec in &g.log {
                    for d in 0..types {
                        if consensus(rec, d) >= 0.8 {
                            sure += 1;
                            sure_right += (d == truth) as u32;
                        }
                    }
                }
                games[truth] += 1;
                if let Some(last) = g.log.last() {
                    wrong_at_end[truth] +=
                        (0..types).any(|d| d != truth && consensus(last, d) >= 0.8) as u32;
                }
            }
            for d in 0..types {
                assert!(
                    games[d] < 20 || wrong_at_end[d] * 4 <= games[d],
                    "{id}, {line}: {} of {} games of type {d} end with the estimate sure of \
                     another type",
                    wrong_at_end[d],
                    games[d]
                );
            }
        }
    }
    assert!(
        sure_right as f64 >= 0.8 * sure as f64,
        "of {sure} turns the estimate was sure of a type, {sure_right} were right"
    );
}

/// Holding course is neither force nor restraint: the AIs' history sees no family tag for it.
#[test]
fn holding_course_is_neutral() {
    let sc = scenario("sandbox");
    let hold = sc.action_index("hold_course").unwrap();
    let tags = sc.rules.tag_names(sc.actions[hold as usize].tags);
    assert!(
        !tags.contains(&"restraint") && !tags.contains(&"show_of_force"),
        "hold_course carries {tags:?}"
    );
    let mut g = Game::new(sc, 1);
    g.play(sc, hold);
    let restraint = sc.rules.tag_bit("restraint");
    assert_eq!(g.state.count_moves(Who::Player, restraint, 2), 0);
}

/// The routines that still beat the game (docs/balance/) stay valid policies of every historical
/// level, so their figures in README can be checked again after any change to the rules.
#[test]
fn the_routines_in_docs_balance_still_load() {
    let mut files: Vec<_> = std::fs::read_dir(root().join("docs/balance"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "the routines are there: {files:?}");
    for file in &files {
        for id in HISTORICAL_LEVELS {
            let path = file.display().to_string();
            Policy::load(scenario(id), &root(), &path)
                .unwrap_or_else(|e| panic!("{path} on {id}: {e}"));
        }
    }
}

/// The best routine the machine search has found (`.ci/balance-search`, docs/balance/README.md,
/// round five) stays under the bar the fixed lists meet: at most 60% of its games in some
/// historical level. It won 86 / 57 / 98 / 59% of 2013 / 2017 / 2018 / 2022 when found, so a
/// change to the rules that lifts it over the bar fails here and sends the author back to the
/// search.
#[test]
fn the_best_routine_found_by_search_stays_under_the_bar() {
    let path = root()
        .join("docs/balance/routine_all_levels_r5.ron")
        .display()
        .to_string();
    let rates = win_rates(&path, 2000, 1);
    assert!(
        rates.iter().any(|(_, w)| *w <= 0.6),
        "the searched routine wins everywhere: {rates:?}"
    );
}

/// The 2022 routines the search found (docs/balance): each beat every hidden type of round
/// five's 2022 (`routine_2022_r4` 100 / 88 / 95%, `routine_2022_r5` 71 / 92 / 94%,
/// `routine_2022_r6` 87 / 76 / 90%). Since round six a builder's ICBMs run to the end of the
/// year and its programme outgrows a freeze whatever the talks, as 2022's did, so the "no ICBM
/// for months" win is no longer the builder's gift: each falls under 60% against some type (7%
/// or less against the builder). A change that lifts one back over the bar fails here.
#[test]
fn the_2022_routines_found_by_search_lose_to_some_hidden_type() {
    each_loses_to_some_type(
        "2022_seventh_test",
        &["routine_2022_r4", "routine_2022_r5", "routine_2022_r6"],
    );
}

/// Each of `routines` (files in docs/balance) wins at most 60% of `level`'s games (2,000, seed
/// 1) against some hidden type.
fn each_loses_to_some_type(level: &str, routines: &[&str]) {
    for routine in routines {
        let path = root()
            .join(format!("docs/balance/{routine}.ron"))
            .display()
            .to_string();
        let stats = batch(level, &path, 2000, 1);
        let worst = worst_type(&stats);
        assert!(
            worst.1 <= 0.6,
            "{routine} wins {level} against every hidden type (worst: {worst:?})"
        );
    }
}

/// The ICBMs of 2022 are spread over the year as the real ones were (Mar 24, Nov 3, Nov 18):
/// against a builder, the `balanced` line's games see their last ICBM, on average, in the
/// level's last third, not in its first months.
#[test]
fn a_2022_builder_flies_icbms_late_in_the_year() {
    let stats = batch("2022_seventh_test", "balanced", 2000, 1);
    let builder = &stats.by_disposition["builder"];
    let last = builder
        .mean_last_icbm_test_turn
        .expect("a builder flies ICBMs");
    assert!(
        last >= 11.0,
        "a builder's last ICBM comes on turn {last:.1} on average, before the autumn"
    );
}

/// 2022 opens with the 2018 freeze still in force, and it ended with the ICBM of Mar 24 (turn
/// 4). A frightened Pyongyang once read the empty record before turn 1 as "no restraint for
/// months" and ended it on turn 1 in every game: under the historical script the first ICBM
/// now comes on turn 3 or later on average, the record's turn being 4, and no hidden type
/// flies it before turn 2.5 on average.
#[test]
fn the_2022_freeze_is_not_ended_for_want_of_a_record() {
    let stats = batch("2022_seventh_test", "historical", 2000, 1);
    for (ty, r) in &stats.by_disposition {
        let first = r
            .mean_first_icbm_test_turn
            .expect("every type flies an ICBM");
        assert!(
            first >= 2.5,
            "a {ty} ends the 2022 freeze on turn {first:.1} on average, a season early"
        );
    }
    let first = stats.overall.mean_first_icbm_test_turn.expect("ICBMs fly");
    assert!(
        first >= 3.0,
        "the 2022 freeze ends on turn {first:.1} on average"
    );
}

/// Pressure with China's help slows a programme, it does not switch it off: in 2017 the real
/// sixth test came on Sep 3, after Beijing's coal ban and Res. 2371. Beijing's squeeze (the
/// `beijing` line) holds a sixth test back in many more games than holding course does, but
/// not in every game, as it once did by starving the test site of money.
#[test]
fn in_2017_a_squeeze_with_beijing_slows_the_sixth_test_without_ruling_it_out() {
    let squeeze = batch("2017_fire_and_fury", "beijing", 2000, 1).overall;
    let alone = batch(
        "2017_fire_and_fury",
        "tests/policies/hold_course.ron",
        2000,
        1,
    )
    .overall;
    assert!(
        squeeze.nuclear_test_rate >= 0.1,
        "under Beijing's squeeze a sixth test comes in only {:.1}% of games",
        100.0 * squeeze.nuclear_test_rate
    );
    assert!(
        squeeze.nuclear_test_rate <= 0.75 * alone.nuclear_test_rate,
        "the squeeze ({:.1}%) barely slows the test against holding course ({:.1}%)",
        100.0 * squeeze.nuclear_test_rate,
        100.0 * alone.nuclear_test_rate
    );
}

/// The spiral of 2017: before it has an ICBM that works, a Pyongyang that arms out of fear
/// races for one when it is pressed. Against a security seeker, the hawk's shows of force bring
/// ICBM flights in most games, and the dove's restraint almost none: the model shows the cost
/// the essay's reading predicts, rather than only a builder flying them on its own schedule.
#[test]
fn a_2017_security_seeker_pressed_hard_races_for_an_icbm() {
    let pressed = &batch("2017_fire_and_fury", "hawk", 2000, 1).by_disposition["security_seeker"];
    let calmed = &batch("2017_fire_and_fury", "dove", 2000, 1).by_disposition["security_seeker"];
    assert!(
        pressed.icbm_test_rate >= 0.6,
        "pressed by the hawk, a security seeker flies an ICBM in only {:.0}% of games",
        100.0 * pressed.icbm_test_rate
    );
    assert!(
        calmed.icbm_test_rate <= 0.05,
        "calmed by the dove, a security seeker still flies an ICBM in {:.0}% of games",
        100.0 * calmed.icbm_test_rate
    );
}

/// For each hidden type, the share of 2013 games (2,000, seed 1) that end with Yongbyon's
/// reactor restarted, when `policy` plays.
fn restarts_2013(policy: &str) -> BTreeMap<String, f64> {
    batch("2013_third_test", policy, 2000, 1)
        .by_disposition
        .into_iter()
        .map(|(ty, r)| (ty, r.reactor_restart_rate))
        .collect()
}

/// Each kind of regime has its own reason to restart Yongbyon in 2013, so what keeps it shut
/// against one provokes another (docs/balance/README.md, round eight). Left alone, a regime
/// that builds for its own sake restarts it in every game and a frightened one in none;
/// Beijing's squeeze holds the first back, but pushes the second to it, where the dove's
/// restraint leaves it shut (and since round fourteen, whatever assurances go with it).
#[test]
fn in_2013_each_type_restarts_yongbyon_for_its_own_reasons() {
    let alone = restarts_2013("tests/policies/hold_course.ron");
    let squeeze = restarts_2013("beijing");
    let soft = restarts_2013("dove");
    assert!(alone["builder"] >= 0.8, "left alone: {alone:?}");
    assert!(alone["security_seeker"] <= 0.1, "left alone: {alone:?}");
    assert!(
        squeeze["builder"] <= 0.2,
        "Beijing's squeeze does not hold a builder back: {squeeze:?}"
    );
    assert!(
        squeeze["security_seeker"] >= soft["security_seeker"] + 0.3,
        "the squeeze does not push a frightened regime to restart: {squeeze:?} against the dove's {soft:?}"
    );
}

/// The 2013 routines the search found before Yongbyon's reactor entered the model (docs/balance)
/// each beat every hidden type (`routine_2013_r7` 94 / 99 / 97%, `routine_2013_r4` 84 / 91 /
/// 100%, `routine_2013_capped` 90 / 80 / 98%, `routine_2013_ordered` 86 / 98 / 96%): they went
/// quiet in time and starved every type alike. Since round eight a starved, frightened regime
/// restarts the reactor, and each falls under 60% against some type. Two found later
/// (`routine_2013_r8` 90 / 60 / 94% and `routine_2013_r10_climb` 91 / 91 / 92% by security
/// seeker / builder / opportunist) froze a security seeker's tests for good with an early offer,
/// then pressed it: since round eleven a freeze met with sanctions is renounced, a provocation,
/// and both fall under 60% against the security seeker. Two more (`routine_2013_r10_review`
/// 65 / 93 / 71% and `routine_2013_r11_climb` 94 / 88 / 94%) starved a builder with Beijing's
/// squeeze from the turn after its test; since round thirteen Beijing waits for its resolution
/// to be defied, and a builder not squeezed in time restarts its reactor (27% and 4% against
/// it). Two more (`routine_2013_r13`, 85 / 94 / 88%, and the four rules written by hand that play
/// its line, `routine_2013_four_rules`, 84 / 94 / 88%) pressed with Beijing at the Council and
/// reassured at once; since round fourteen Beijing's squeeze drives a frightened regime to the
/// reactor whatever Washington says, and both win no security seeker's game. A change that lifts
/// one back over the bar fails here. The last, `routine_2013_freeze_fork` (73 / 88 / 93%),
/// offered a freeze and talks and read the regime's type from its answer to the first move: a
/// builder tested at once in almost every game (the ordered test fell on turn 1 in about 60% of
/// the record's replays). Since round fifteen the test falls on turn 2, as it did (announced on
/// Jan 24, held on Feb 12): a builder tests on turn 1 in under one game in ten, and the line wins
/// about one builder's game in four. The best known since, `routine_2013_r17_review` (43 / 74 /
/// 86% by builder / opportunist / security seeker), was found by the outside review of round
/// seventeen, after an offer taken up began to hold Pyongyang's tests: under the bar against a
/// builder, whose reactor restart no fixed line both starves and spares. Longer searches after
/// round twenty-five found three more that won 2013 against every type, 87 to 93%
/// (`routine_2013_r25_hold`, `_squeeze_talk` and `_summit`, docs/balance/README.md, "An outside
/// check after round twenty-five"): after an allied pause a frightened regime tested on turn 3
/// where the others tested on turn 2, and they read the difference through the Council's lock.
/// Since round twenty-six every type tests on turn 2, as the record's regime did, and each wins
/// no more than 2% of security seekers' games.
#[test]
fn the_2013_routines_found_by_search_lose_to_some_hidden_type() {
    each_loses_to_some_type(
        "2013_third_test",
        &[
            "routine_2013_r4",
            "routine_2013_r7",
            "routine_2013_capped",
            "routine_2013_ordered",
            "routine_2013_r8",
            "routine_2013_r10_climb",
            "routine_2013_r10_review",
            "routine_2013_r11_climb",
            "routine_2013_r13",
            "routine_2013_four_rules",
            "routine_2013_freeze_fork",
            "routine_2013_r17_review",
            "routine_2013_r25_hold",
            "routine_2013_r25_squeeze_talk",
            "routine_2013_r25_summit",
            "routine_2013_r26_no_talks",
        ],
    );
}

/// The best 2013 line known since round twenty-six, `routine_2013_r26_search` (75%: 72 / 68 /
/// 86% by security seeker / builder / opportunist), is a reading line in disguise
/// (docs/balance/README.md, "Round twenty-seven"): it opens with a suspension offer and plays the
/// inter-Korean talks card whenever it opens, and the card opens only after an offer from
/// Pyongyang (or once momentum is built). A frightened regime takes the opening offer up and is
/// talked to on turn 2; a builder fires instead and is squeezed through Beijing. The answer sorts
/// the types without settling them (an opportunist takes it up in about a game in four), and
/// the same list without the card, which cannot follow it, wins no security seeker's game
/// (`routine_2013_r26_no_talks`, in the test above).
#[test]
fn in_2013_the_answer_to_an_opening_offer_sorts_the_regimes() {
    let sc = scenario("2013_third_test");
    let path = root()
        .join("docs/balance/routine_2013_r26_search.ron")
        .display()
        .to_string();
    let policy = Policy::load(sc, &root(), &path).unwrap();
    let talks = sc
        .actions
        .iter()
        .position(|a| a.id == "inter_korean_talks")
        .expect("the talks card is shipped") as u16;
    let names: Vec<&str> = sc
        .rules
        .pyongyang
        .dispositions
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    // Per type: games, and games whose turn 2 took up Pyongyang's answer with talks.
    let mut talked = vec![(0u32, 0u32); names.len()];
    for seed in 0..600 {
        let mut g = Game::new(sc, seed);
        for _ in 0..2 {
            if g.state.outcome.is_some() {
                break;
            }
            let a = policy.choose(sc, &g.state);
            let disposition = g.state.disposition as usize;
            let rec = g.play(sc, a).unwrap();
            if rec.turn == 2 {
                let row = &mut talked[disposition];
                row.0 += 1;
                row.1 += u32::from(rec.taken == talks);
            }
        }
    }
    let share = |id: &str| {
        let (games, yes) = talked[names.iter().position(|n| *n == id).unwrap()];
        assert!(games > 50, "{id}: {games} games");
        f64::from(yes) / f64::from(games)
    };
    let (seeker, builder, opportunist) = (
        share("security_seeker"),
        share("builder"),
        share("opportunist"),
    );
    assert!(
        seeker >= 0.8 && builder <= 0.3,
        "the opening offer no longer sorts the regimes: talks on turn 2 in {seeker:.2} of security seekers' games, {builder:.2} of builders'"
    );
    assert!(
        builder > 0.0 && opportunist > 0.05 && seeker < 1.0,
        "the opening offer settles the type: {seeker:.2} / {builder:.2} / {opportunist:.2}"
    );
}

/// Talk alone does not buy a frightened regime's freeze (Kydd: only a costly signal reassures;
/// docs/balance/README.md, round sixteen). In 2018 the lines that talk, offer and press without
/// ever pausing the allied drills (`balanced`, the dual track `summit_rush`, the talks-only
/// `routine_2022`, `talk_squeeze_list`) won 61-100% of the security seekers' games before round
/// sixteen; now each wins at most a quarter of them, for the freeze rarely comes. The record's
/// line, which put the spring drills off on turn 1 and sent envoys on turn 4, still gets the
/// freeze and the win in most of them.
#[test]
fn in_2018_talk_alone_buys_no_frightened_regimes_freeze() {
    let seeker = |policy: &str| {
        batch("2018_the_thaw", policy, 2000, 1).by_disposition["security_seeker"].clone()
    };
    let file = |rel: &str| root().join(rel).display().to_string();
    for policy in [
        "balanced".to_string(),
        file("tests/policies/summit_rush.ron"),
        file("tests/policies/talk_squeeze_list.ron"),
        file("docs/balance/routine_2022.ron"),
    ] {
        let r = seeker(&policy);
        assert!(
            r.moratorium_rate <= 0.25 && r.win_rate <= 0.25,
            "{policy}: talk without a drill pause still freezes a security seeker's tests in {:.0}% of games and wins {:.0}%",
            100.0 * r.moratorium_rate,
            100.0 * r.win_rate
        );
    }
    let record = seeker("historical");
    assert!(
        record.moratorium_rate >= 0.7 && record.win_rate >= 0.7,
        "the record's line, drills put off on turn 1, freezes a security seeker's tests in only {:.0}% of games and wins {:.0}%",
        100.0 * record.moratorium_rate,
        100.0 * record.win_rate
    );
}

/// `calibrate`'s `FirstMoratoriumTurn`, the turn a freeze is declared, is what the games' own
/// records say: the batch's figure is the mean, over the games that declare one, of the turn of
/// Pyongyang's first moratorium, and its `moratorium_rate` the share of games that declare one.
/// A freeze already in force when the level opens (2022's) is no declaration: a game that only
/// keeps it or ends it counts for neither.
#[test]
fn the_batch_dates_a_freeze_by_its_first_declaration() {
    for id in ["2018_the_thaw", "2022_seventh_test"] {
        let sc = scenario(id);
        let policy = Policy::load(sc, &root(), "historical").unwrap();
        let declare = pyongyang_response(sc, "declare_moratorium");
        let runs = 300;
        let (mut declared, mut turns) = (0u64, 0u64);
        for i in 0..runs {
            let mut g = Game::new(sc, peninsula::sim::rng::batch_seed(4, i));
            let mut first = None;
            while g.state.outcome.is_none() {
                let a = policy.choose(sc, &g.state);
                let rec = g.play(sc, a).unwrap();
                if rec.pyongyang.is_some_and(|d| d.response == declare) {
                    first.get_or_insert(rec.turn);
                }
            }
            if let Some(t) = first {
                declared += 1;
                turns += u64::from(t);
            }
        }
        let stats = run_batch(sc, &policy, runs, 4, 2, &|_| {});
        assert_eq!(
            stats.overall.moratorium_rate,
            declared as f64 / runs as f64,
            "{id}: the share of games that declare a freeze"
        );
        assert_eq!(
            stats.overall.mean_first_moratorium_turn,
            (declared > 0).then(|| turns as f64 / declared as f64),
            "{id}: the mean turn of the first declaration"
        );
        if id == "2018_the_thaw" {
            assert!(
                declared > runs / 2,
                "2018's record brings the freeze: {declared}"
            );
        }
    }
}

/// The "why" names beside its main reason only a rule that argued for the answer: a rule that
/// held but argued against it (a brake, such as `a_card_to_play` while Washington's word
/// holds, when Pyongyang restarts Yongbyon for another reason) is not shown as a reason.
#[test]
fn the_why_names_no_brake_as_a_reason() {
    let sc = scenario("2013_third_test");
    let ai = &sc.rules.pyongyang;
    let policy = Policy::load(sc, &root(), "random").unwrap();
    let (mut named, mut brakes) = (0, 0);
    for seed in 0..300 {
        let mut g = Game::new(sc, seed);
        while g.state.outcome.is_none() {
            let rng = stream(seed, g.state.turn, Purpose::Pyongyang);
            let argued = |ri: usize| {
                let rule = &ai.rules[ri];
                rule.weight
                    + rule
                        .factors
                        .iter()
                        .map(|(v, f)| f * g.state.value(*v))
                        .sum::<f32>()
            };
            for d in &ai.dispositions {
                let a = decide(sc, &g.state, ai, &d.motives, &rng, None);
                brakes += (0..ai.rules.len())
                    .filter(|ri| a.support & (1u128 << ri) != 0 && argued(*ri) <= 0.0)
                    .count();
                if let Some(r) = a.second {
                    let rule = &ai.rules[r as usize];
                    assert!(
                        argued(r as usize) > 0.0,
                        "the why names `{}` beside `{}` though it argued against the answer",
                        rule.id,
                        a.rule.map_or("-", |r| ai.rules[r as usize].id.as_str())
                    );
                    named += 1;
                }
            }
            let a = policy.choose(sc, &g.state);
            g.play(sc, a);
        }
    }
    assert!(named > 1000, "enough second reasons named: {named}");
    assert!(
        brakes > 100,
        "enough brakes among the rules that held: {brakes}"
    );
}

/// 2013's spring was one of words: the real Pyongyang fired nothing from January to May 18 and
/// met Res. 2094 with threats. Replaying the record, the weeks of the resolution (turn 3) are
/// answered with harsh rhetoric in most games (launches in 83% before round ten), and a young
/// programme's threats (`threats_for_missiles`) never argue where the programme has an ICBM.
#[test]
fn in_2013_pyongyang_answers_the_spring_with_words() {
    let count = |id: &str| {
        let sc = scenario(id);
        let ai = &sc.rules.pyongyang;
        let response = |name: &str| ai.responses.iter().position(|r| r.id == name).unwrap() as u16;
        let (rhetoric, launches) = (response("harsh_rhetoric"), response("missile_test"));
        let threats = ai
            .rules
            .iter()
            .position(|r| r.id == "threats_for_missiles")
            .expect("the rule is shipped");
        let (mut on_turn_3, mut words, mut missiles, mut threats_argued) = (0, 0, 0, 0);
        for i in 0..1000 {
            let mut g = Game::new(sc, peninsula::sim::rng::batch_seed(1, i));
            while g.state.outcome.is_none() {
                let a = Policy::Historical.choose(sc, &g.state);
                let rec = g.play(sc, a).unwrap();
                let Some(d) = rec.pyongyang else { continue };
                on_turn_3 += u32::from(rec.turn == 3 && d.response == rhetoric);
                words += u32::from(d.response == rhetoric);
                missiles += u32::from(d.response == launches);
                threats_argued += u32::from(d.support & (1u128 << threats) != 0);
            }
        }
        (on_turn_3, words, missiles, threats_argued)
    };
    let (on_turn_3, words, missiles, argued) = count("2013_third_test");
    assert!(
        on_turn_3 >= 700,
        "turn 3 answered with words in {on_turn_3} of 1000"
    );
    assert!(argued > 0, "the threats argue in 2013");
    assert!(
        missiles * 10 < words * 12,
        "2013's replays: {words} answers in words against {missiles} turns of launches"
    );
    for id in ["2017_fire_and_fury", "2022_seventh_test"] {
        let (_, _, _, argued) = count(id);
        assert_eq!(argued, 0, "{id}: a grown programme answers with launches");
    }
}

/// Before an ICBM can fly (2013), a freeze is renounced in words instead of ended with one: a
/// freeze met with sanctions is renounced, and only a freeze that holds keeps the nuclear test
/// out of reach. Played with `tests/policies/pause_then_press.ron` (the drills paused at once,
/// then from turn 6 the Council, Beijing's squeeze and sanctions), whose security seekers freeze
/// for the pause. Until round sixteen an early freeze offer bought the freeze too, and
/// `routine_2013_r10_review`'s security seekers froze early and then, until round eleven, kept
/// the freeze for good.
#[test]
fn in_2013_a_freeze_met_with_sanctions_is_renounced() {
    let path = root()
        .join("tests/policies/pause_then_press.ron")
        .display()
        .to_string();
    let count = |id: &str| {
        let sc = scenario(id);
        let policy = Policy::load(sc, &root(), &path).unwrap();
        let renounce = pyongyang_response(sc, "renounce_moratorium");
        let moratorium = sc.rules.var_index("world.moratorium").unwrap();
        let (mut froze, mut renounced, mut possible) = (0, 0, 0);
        for i in 0..400 {
            let mut g = Game::new(sc, peninsula::sim::rng::batch_seed(1, i));
            let mut declared = false;
            while g.state.outcome.is_none() {
                let a = policy.choose(sc, &g.state);
                let rec = g.play(sc, a).unwrap();
                let Some(d) = rec.pyongyang else { continue };
                declared |= g.state.vars[moratorium as usize] >= 1.0;
                possible += u32::from(d.possible & (1 << renounce) != 0);
                if d.response == renounce {
                    renounced += 1;
                    assert_eq!(
                        g.state.vars[moratorium as usize], 0.0,
                        "{id}: the freeze ends"
                    );
                }
            }
            froze += u32::from(declared);
        }
        (froze, renounced, possible)
    };
    let (froze, renounced, _) = count("2013_third_test");
    assert!(
        froze >= 40,
        "2013: only {froze} of 400 games with a freeze to renounce"
    );
    // One in five: a third until round twenty-five, when an offer taken up began to bring the
    // next (`talks_that_pay`), so this list's talks build more trust before its sanctions, and
    // more freezes outlast them.
    assert!(
        renounced * 5 >= froze,
        "2013: {renounced} freezes renounced of {froze} games with a freeze"
    );
    for id in ["2017_fire_and_fury", "2018_the_thaw", "2022_seventh_test"] {
        let (_, _, possible) = count(id);
        assert_eq!(
            possible, 0,
            "{id}: a freeze ends with an ICBM, not in words"
        );
    }
}

/// A public warning is judged on the player's move after the defiance, the first that can answer
/// it: "A warning goes unanswered" and "A warning is honoured" come only on a turn whose
/// Pyongyang move is no provocation, after a turn whose move was one, and the player's move
/// decides which (a show of force other than a fresh ultimatum honours it). Until round eleven
/// the warning could go unanswered on the turn of the defiance itself, before the class had
/// seen it.
#[test]
fn a_public_warning_is_judged_on_the_move_after_the_defiance() {
    let mut fired = BTreeMap::<&str, u32>::new();
    for id in ["2017_fire_and_fury", "2018_the_thaw", "sandbox"] {
        let sc = scenario(id);
        let rules = &sc.rules;
        let event = |name: &str| rules.events.iter().position(|e| e.id == name).unwrap() as u16;
        let (called, honoured) = (event("bluff_called"), event("warning_honoured"));
        let provocation = rules.tag_bit("provocation");
        let (force, ultimatum) = (rules.tag_bit("show_of_force"), rules.tag_bit("ultimatum"));
        let provoked = |d: Option<peninsula::sim::decide::Decision>| {
            d.is_some_and(|d| {
                rules.pyongyang.responses[d.response as usize].tags & provocation != 0
            })
        };
        for policy in ["hawk", "historical", "random"] {
            let policy = Policy::load(sc, &root(), policy).unwrap();
            for i in 0..300 {
                let mut g = Game::new(sc, peninsula::sim::rng::batch_seed(5, i));
                let mut provoked_last_turn = false;
                while g.state.outcome.is_none() {
                    let a = policy.choose(sc, &g.state);
                    let rec = g.play(sc, a).unwrap();
                    let tags = sc.actions[rec.taken as usize].tags;
                    for e in rec.events.iter().flatten() {
                        let name = if *e == called {
                            assert_eq!(tags & force, 0, "{id} turn {}: answered", rec.turn);
                            "called"
                        } else if *e == honoured {
                            assert!(
                                tags & force != 0 && tags & ultimatum == 0,
                                "{id} turn {}: honoured by {}",
                                rec.turn,
                                sc.actions[rec.taken as usize].id
                            );
                            "honoured"
                        } else {
                            continue;
                        };
                        assert!(
                            provoked_last_turn && !provoked(rec.pyongyang),
                            "{id} turn {}: the warning judged before the class could answer",
                            rec.turn
                        );
                        *fired.entry(name).or_default() += 1;
                    }
                    provoked_last_turn = provoked(rec.pyongyang);
                }
            }
        }
    }
    assert!(
        fired.get("called").is_some_and(|n| *n > 0)
            && fired.get("honoured").is_some_and(|n| *n > 0),
        "both judgements happen: {fired:?}"
    );
}

/// Blowing up the test tunnels (2018's Punggye-ri) takes any device kept ready in them with it,
/// so a test after a dismantlement waits for a site to be readied again; and only a regime that
/// has declared its force complete gives its test site up. Until round twelve the device stayed
/// "ready" after the tunnels were blown (Beijing went on warning against a test from a ready
/// tunnel), and a 2013 programme that still needed its tests could blow up its only site.
#[test]
fn blowing_up_the_tunnels_takes_the_ready_device_and_needs_a_completed_force() {
    let count = |id: &str, policy: &str| {
        let sc = scenario(id);
        let policy = Policy::load(sc, &root(), policy).unwrap();
        let dismantle = pyongyang_response(sc, "dismantle_site");
        let device = sc.rules.var_index("pyongyang.device_ready").unwrap();
        let declared = sc.rules.var_index("pyongyang.force_declared").unwrap();
        let (mut blown, mut possible) = (0, 0);
        for i in 0..400 {
            let mut g = Game::new(sc, peninsula::sim::rng::batch_seed(1, i));
            while g.state.outcome.is_none() {
                let complete = g.state.vars[declared as usize] >= 1.0;
                let a = policy.choose(sc, &g.state);
                let rec = g.play(sc, a).unwrap();
                let Some(d) = rec.pyongyang else { continue };
                if d.possible & (1 << dismantle) != 0 {
                    possible += 1;
                    assert!(
                        complete,
                        "{id}: a site given up before the force was declared"
                    );
                }
                if d.response == dismantle {
                    blown += 1;
                    assert_eq!(
                        g.state.vars[device as usize], 0.0,
                        "{id}: the device goes too"
                    );
                }
            }
        }
        (blown, possible)
    };
    let (blown, _) = count("2018_the_thaw", "dove");
    assert!(blown > 0, "2018's doves see the tunnels blown");
    // 2013's programme cannot declare its force complete, so it never gives its site up.
    let (_, possible) = count("2013_third_test", "dove");
    assert_eq!(possible, 0, "2013: no declared force, no site given up");
    // 2022's can declare it (`force_complete_new_era`), and a dove's talks then leave it a few
    // chances to give the site up, never before the declaration (checked inside `count`): since
    // round seventeen a security seeker whose offer is taken up holds its tests, and in a few of
    // the dove's games it declares its force complete and keeps talking.
    let (_, possible) = count("2022_seventh_test", "dove");
    assert!(
        possible <= 40,
        "2022: the site is rarely on the table ({possible} turns)"
    );
}

/// The index of one of Pyongyang's shipped responses.
fn pyongyang_response(sc: &peninsula::rules::Scenario, id: &str) -> u16 {
    sc.rules
        .pyongyang
        .responses
        .iter()
        .position(|r| r.id == id)
        .unwrap_or_else(|| panic!("the response {id} is shipped")) as u16
}

/// The border stays as quiet as the record's (docs/balance/README.md, round twenty-four): the
/// `Incidents` figure counts exactly the events tagged `incident` (an exchange of fire at the
/// DMZ, a clash at sea), each hidden type's figure adds up to the whole, and replayed under the
/// record's moves 2017 has fewer than one clash a year, where the rules before the round gave
/// three and the real year none. Forces pressed close still make clashes likelier: the hawk
/// meets more of them than the dove.
#[test]
fn clashes_at_the_line_are_as_rare_as_the_records() {
    let sc = scenario("2017_fire_and_fury");
    let record = batch("2017_fire_and_fury", "historical", 2000, 1);
    let tagged: u64 = ["border_incident", "naval_clash"]
        .iter()
        .map(|id| record.events.get(*id).copied().unwrap_or(0))
        .sum();
    assert!(tagged > 0, "some replays see a clash");
    assert_eq!(
        (record.mean_incidents * record.runs as f64).round() as u64,
        tagged,
        "the figure counts the tagged events"
    );
    let by_type: f64 = record
        .by_disposition
        .values()
        .map(|r| r.mean_incidents * r.runs as f64)
        .sum();
    assert_eq!(
        by_type.round() as u64,
        tagged,
        "the types add up to the whole"
    );
    let figure = record
        .metric(sc, peninsula::rules::Metric::Incidents)
        .unwrap();
    assert!(
        figure < 1.0,
        "2017's record moves: {figure:.2} clashes a replay"
    );
    let hawk = batch("2017_fire_and_fury", "hawk", 2000, 1).mean_incidents;
    let dove = batch("2017_fire_and_fury", "dove", 2000, 1).mean_incidents;
    assert!(hawk > 1.5 * dove, "hawk {hawk:.2}, dove {dove:.2}");
}

/// The debrief report sets a game's own figures beside the record's (`sim::figures`): for the
/// same game, each is what the batch that `calibrate` runs counts for it (missiles, launch days,
/// tests, clashes at the border, a war, a summit, the peak of tension), on every historical
/// level and under lines that test, talk and fight.
#[test]
fn a_games_figures_beside_the_record_are_the_batchs() {
    use peninsula::rules::Metric;
    use peninsula::sim::batch::play_quiet;
    use peninsula::sim::figures::{GameFigure, game_figure};
    let mut seen_incident = false;
    for id in HISTORICAL_LEVELS {
        let sc = scenario(id);
        for policy in ["hawk", "dove", "historical"] {
            let p = Policy::load(sc, &root(), policy).unwrap();
            for seed in 1..=40 {
                let (_, summary) = play_quiet(sc, &p, seed);
                let mut g = Game::new(sc, seed);
                g.play_out(sc, &p);
                let count = |m| match game_figure(sc, &g, m) {
                    Some(GameFigure::Count(n)) => n,
                    other => panic!("{id} {policy} {seed}: {m:?} is {other:?}"),
                };
                let happened = |m| match game_figure(sc, &g, m) {
                    Some(GameFigure::Happened(b)) => b,
                    other => panic!("{id} {policy} {seed}: {m:?} is {other:?}"),
                };
                let at = format!("{id} {policy} seed {seed}");
                assert_eq!(count(Metric::Missiles), summary.missiles, "{at}");
                assert_eq!(count(Metric::LaunchDays), summary.launch_days, "{at}");
                assert_eq!(count(Metric::NuclearTests), summary.nuclear_tests, "{at}");
                assert_eq!(count(Metric::IcbmTests), summary.icbm_tests, "{at}");
                assert_eq!(count(Metric::Incidents), summary.incidents as f32, "{at}");
                assert_eq!(happened(Metric::WarRate), summary.war, "{at}");
                assert_eq!(happened(Metric::SummitRate), summary.summit, "{at}");
                assert_eq!(
                    happened(Metric::NuclearTestRate),
                    summary.nuclear_test,
                    "{at}"
                );
                assert_eq!(
                    game_figure(sc, &g, Metric::PeakTension),
                    Some(GameFigure::Tension(summary.peak_tension)),
                    "{at}"
                );
                assert_eq!(game_figure(sc, &g, Metric::FirstLaunchTurn), None, "{at}");
                seen_incident |= summary.incidents > 0;
            }
        }
    }
    assert!(seen_incident, "some game had a clash to count");
}

/// Talks that pay outlast the allies' drills (docs/balance/README.md, round twenty-five). In
/// 2013 the North kept its talks with Seoul going through Ulchi Freedom Guardian (Aug 19-30,
/// turn 11): reunion talks taken up on Aug 18, agreed on Aug 23, the Kaesong park reopened on
/// Sep 16 (turn 13). The script plays the drill between the July talks and September's, and the
/// replays must keep the record's autumn: a new offer from Pyongyang on turn 11 or 12 after the
/// July talks in most games, against every kind of regime alike (the rule is a baseline one, so
/// the offer names no type), September's talks played as written, and the launches over. Without
/// the rule, the same data refuses September's talks in most replays: the drill closed the door
/// the model's regime had opened.
#[test]
fn talks_under_way_outlast_the_allies_drills() {
    let sc = scenario("2013_third_test");
    let talks = sc
        .actions
        .iter()
        .position(|a| a.id == "inter_korean_talks")
        .unwrap() as u16;
    let drills = sc
        .actions
        .iter()
        .position(|a| a.id == "joint_air_drills")
        .unwrap() as u16;
    assert_eq!(
        sc.script.get(10),
        Some(&Some(drills)),
        "2013's script plays Ulchi Freedom Guardian on turn 11"
    );
    let offer = pyongyang_response(sc, "reach_out_seoul");
    let missiles = pyongyang_response(sc, "missile_test");
    let types = sc.rules.pyongyang.dispositions.len();
    // Per type: games with the July talks and the drill played, and those with an offer after.
    let (mut met, mut offered) = (vec![0u32; types], vec![0u32; types]);
    let (mut autumn_launches, mut games) = (0, 0);
    for i in 0..1000 {
        let mut g = Game::new(sc, peninsula::sim::rng::batch_seed(1, i));
        let who = g.state.disposition as usize;
        let (mut july, mut drilled, mut after, mut late) = (false, false, false, false);
        while g.state.outcome.is_none() {
            let a = Policy::Historical.choose(sc, &g.state);
            let rec = g.play(sc, a).unwrap();
            july |= rec.turn == 10 && rec.taken == talks;
            drilled |= rec.turn == 11 && rec.taken == drills;
            let answer = rec.pyongyang.map(|d| d.response);
            after |= (11..=12).contains(&rec.turn) && answer == Some(offer);
            late |= rec.turn >= 11 && answer == Some(missiles);
        }
        games += 1;
        autumn_launches += u32::from(late);
        if july && drilled {
            met[who] += 1;
            offered[who] += u32::from(after);
        }
    }
    for d in 0..types {
        assert!(
            met[d] >= 100 && offered[d] * 3 >= met[d] * 2,
            "type {d}: a new offer after the July talks and the drill in {} of {} replays",
            offered[d],
            met[d]
        );
    }
    assert!(
        autumn_launches * 100 <= games * 15,
        "launches on turn 11 or later in {autumn_launches} of {games} replays"
    );
    let turn_13 = |sc: &peninsula::rules::Scenario| {
        let t = peninsula::sim::batch::script_fidelity(sc, 1000, 1)
            .into_iter()
            .find(|t| t.turn == 13)
            .expect("September's talks are scripted");
        (t.refused, t.reached)
    };
    let (refused, reached) = turn_13(sc);
    assert!(
        refused * 5 <= reached,
        "September's talks refused in {refused} of {reached} replays"
    );
    // The same data without the rule: the drill shuts September's talks in most replays.
    let dir = scratch_copy("talks_that_pay");
    edit(
        &dir.join("assets/rules/pyongyang.ron"),
        "(id: \"talks_that_pay\", response: \"reach_out_seoul\", motive: \"baseline\", weight: 2.5,",
        "(id: \"talks_that_pay\", response: \"reach_out_seoul\", motive: \"baseline\", weight: 0.0,",
    );
    let without = peninsula::rules::load_data(&dir).expect("the copy loads");
    let plain = level_in(&without, "2013_third_test");
    let (refused, reached) = turn_13(plain);
    assert!(
        refused * 2 > reached,
        "without the rule September's talks refused in only {refused} of {reached} replays"
    );
}

/// `batch`, at a difficulty given by id.
fn batch_at(id: &str, policy: &str, runs: u64, difficulty: &str) -> BatchStats {
    let sc = scenario(id);
    let p = Policy::load(sc, &root(), policy).unwrap_or_else(|e| panic!("{policy}: {e}"));
    let d = sc
        .rules
        .difficulty_index(difficulty)
        .expect("a shipped difficulty");
    peninsula::sim::batch::run_batch_at(sc, &p, runs, 1, 2, d, &|_| {})
}

/// Hard's spread opening (docs/balance/README.md, session twenty) takes most from routines
/// tuned to one opening (`spread` in assets/rules/advisors.ron): the best fixed routine found
/// for each level's Standard loses most of its wins there (2013's 74% to 8%, 2017's 47% to
/// 17%, 2022's 52% to 17% when measured, 2,000 games), while `adaptive`, which answers what the
/// regime does, keeps most of its own: a few points in 2013 and 2017 (60% to 57%, 51% to 43%);
/// in 2022 40% to 23%. And Hard is no easier: no built-in line wins more there than at
/// Standard. The spread alone would be easier for a reader (its upside wins games its downside
/// had lost anyway); Hard's public, 15 points down, takes that back (docs/balance/README.md,
/// session thirty-two). (Plain lists that the spread does not move
/// still beat `adaptive` at Hard in 2013 and 2022; the docs say so.)
#[test]
fn hard_takes_more_from_a_list_learned_by_heart_than_from_reading_the_game() {
    let runs = 1000;
    let cases = [
        (
            "2013_third_test",
            "docs/balance/routine_2013_r26_search.ron",
        ),
        (
            "2017_fire_and_fury",
            "docs/balance/routine_2017_answerable.ron",
        ),
        ("2022_seventh_test", "docs/balance/routine_2022_r4.ron"),
    ];
    for (id, learned) in cases {
        let learned = root().join(learned).display().to_string();
        let (by_heart, by_heart_hard) = (
            batch_at(id, &learned, runs, "standard").overall.win_rate,
            batch_at(id, &learned, runs, "hard").overall.win_rate,
        );
        let (reading, reading_hard) = (
            batch_at(id, "adaptive", runs, "standard").overall.win_rate,
            batch_at(id, "adaptive", runs, "hard").overall.win_rate,
        );
        assert!(
            by_heart - by_heart_hard >= 0.2,
            "{id}: the routine learned for Standard keeps its wins at Hard: {by_heart:.2} -> {by_heart_hard:.2}"
        );
        // Reading keeps a far larger share of its wins than the routine does.
        assert!(
            reading_hard / reading >= by_heart_hard / by_heart + 0.15
                && reading_hard <= reading + 0.01,
            "{id}: reading the game at Hard keeps {reading:.2} -> {reading_hard:.2}, the routine {by_heart:.2} -> {by_heart_hard:.2}"
        );
        // In 2013 and 2017 it costs a few points.
        assert!(
            id == "2022_seventh_test" || reading - reading_hard <= 0.08,
            "{id}: reading the game at Hard should cost a few points: {reading:.2} -> {reading_hard:.2}"
        );
        for line in ["hawk", "dove", "beijing", "balanced", "deterrence"] {
            let (easy, hard) = (
                batch_at(id, line, runs, "standard").overall.win_rate,
                batch_at(id, line, runs, "hard").overall.win_rate,
            );
            assert!(
                hard <= easy + 0.01,
                "{id}: {line} wins more at Hard: {easy:.2} -> {hard:.2}"
            );
        }
    }
}

/// What reading Pyongyang's last answers is worth, at each difficulty (docs/balance/README.md,
/// "Does reading pay at Hard?"): 2022's best reader found (`reader_hard_2022_search`, the
/// drills list with two conditions on what Pyongyang did lately) against the same list with
/// those two conditions struck out. At Hard, whose opening moves from game to game, reading
/// wins several points more (7.7 when measured, 19 against the builder; 7.8 and 7 since Hard's
/// public starts 15 points down, 22.4% against 14.6%); at Standard the blind copy wins as much
/// (55.0% against 54.6%), since a fixed opening can be learned by heart.
#[test]
fn in_2022_reading_what_pyongyang_did_pays_at_hard_and_not_at_standard() {
    let runs = 1000;
    let reader = root().join("docs/balance/reader_hard_2022_search.ron");
    let text = std::fs::read_to_string(&reader).unwrap();
    let blind_text = text
        .replace(
            r#", Not(Did(who: "pyongyang", tag: "provocation", within: 2))"#,
            "",
        )
        .replace(
            r#", Not(Did(who: "pyongyang", tag: "alert", within: 3))"#,
            "",
        )
        .replace("reader_hard_2022_search", "blind");
    assert!(
        !blind_text.contains(r#"who: "pyongyang""#),
        "the reader reads no more than the two answers struck out"
    );
    let dir = scratch_dir("reader-2022");
    let blind = dir.join("blind.ron");
    std::fs::write(&blind, blind_text).unwrap();
    let (reader, blind) = (reader.display().to_string(), blind.display().to_string());
    let id = "2022_seventh_test";
    let at =
        |policy: &str, difficulty: &str| batch_at(id, policy, runs, difficulty).overall.win_rate;
    let (reading_hard, blind_hard) = (at(&reader, "hard"), at(&blind, "hard"));
    let (reading, blind_standard) = (at(&reader, "standard"), at(&blind, "standard"));
    assert!(
        reading_hard - blind_hard >= 0.04,
        "at Hard, reading Pyongyang's answers should pay: {reading_hard:.3} against {blind_hard:.3} blind"
    );
    assert!(
        blind_standard >= reading - 0.01,
        "at Standard, a list learned by heart should do as well: {blind_standard:.3} blind against {reading:.3}"
    );
}
