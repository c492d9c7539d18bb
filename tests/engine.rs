//! The engine end to end: determinism, the App path against the engine path, random legal play,
//! and a snapshot of one seeded transcript.

mod support;

use bevy::prelude::*;
use peninsula::game::{self, ActiveGame, PlayerMove, TurnResolved};
use peninsula::sim::batch::run_batch;
use peninsula::sim::{Game, Policy, Unavailable, availability};
use proptest::prelude::*;
use std::sync::Arc;
use support::*;

fn historical(id: &str, seed: u64) -> Game {
    let sc = scenario(id);
    let mut g = Game::new(sc, seed);
    g.play_out(sc, &Policy::Historical);
    g
}

#[test]
fn same_seed_same_game_byte_for_byte() {
    for id in HISTORICAL_LEVELS {
        let sc = scenario(id);
        let a = historical(id, 42);
        let b = historical(id, 42);
        assert_eq!(a, b, "{id}: same seed, same state and log");
        assert_eq!(a.transcript(sc), b.transcript(sc), "{id}: same transcript");
    }
}

#[test]
fn other_seeds_give_other_games() {
    let sc = scenario("2017_fire_and_fury");
    let base = historical("2017_fire_and_fury", 1).transcript(sc);
    let differing = (2..12)
        .filter(|s| historical("2017_fire_and_fury", *s).transcript(sc) != base)
        .count();
    assert!(
        differing >= 9,
        "only {differing} of 10 other seeds changed the game"
    );
}

#[test]
fn batch_results_do_not_depend_on_threads() {
    let sc = scenario("2022_seventh_test");
    let p = Policy::load(sc, &root(), "balanced").unwrap();
    let one = run_batch(sc, &p, 300, 9, 1, &|_| {});
    let three = run_batch(sc, &p, 300, 9, 3, &|_| {});
    assert_eq!(one, three);
}

/// Plays a game through a headless Bevy `App` (MinimalPlugins + the game plugin), one move per
/// frame, and checks it against the same game played by the engine alone. The games chosen
/// exercise every step of a turn: both AIs answer, events fire, upkeep fades the ledger, and
/// the outcome ends the game; each turn is announced once with its record.
#[test]
fn app_path_and_engine_path_give_identical_logs() {
    for (id, seed) in [
        ("2017_fire_and_fury", 5),
        ("2018_the_thaw", 11),
        ("2022_seventh_test", 3),
    ] {
        let sc = Arc::new(scenario(id).clone());
        let mut engine = Game::new(&sc, seed);
        engine.play_out(&sc, &Policy::Random);

        let mut app = App::new();
        app.add_plugins(MinimalPlugins).add_plugins(game::plugin);
        app.insert_resource(game::ActiveScenario(sc.clone()));
        app.insert_resource(ActiveGame(Game::new(&sc, seed)));
        let mut announced = Vec::new();
        let mut cursor = bevy::ecs::message::MessageCursor::<TurnResolved>::default();
        for rec in &engine.log {
            app.world_mut().write_message(PlayerMove(rec.requested));
            app.update();
            let messages = app.world().resource::<Messages<TurnResolved>>();
            announced.extend(cursor.read(messages).map(|m| m.0.clone()));
        }
        let played = &app.world().resource::<ActiveGame>().0;
        assert_eq!(played.log, engine.log, "{id}: logs differ");
        assert_eq!(played.state, engine.state, "{id}: states differ");
        assert_eq!(announced, engine.log, "{id}: each turn announced once");
        assert!(
            played.state.outcome.is_some(),
            "{id}: the outcome step ended it"
        );
        assert!(
            played
                .log
                .iter()
                .all(|r| r.beijing.is_some() || r.outcome.is_some())
        );
        assert!(played.log.iter().any(|r| r.pyongyang.is_some()));
        assert!(
            played.log.iter().any(|r| r.fired_events().next().is_some()),
            "{id}: no event fired; pick a seed where one does"
        );
    }
}

#[test]
fn seeded_transcript_snapshot() {
    let sc = scenario("2017_fire_and_fury");
    // The snapshot is this checkout's, not the one of the clone the test binary was built in
    // (CI keeps one target folder for every clone, and insta would follow the build's path).
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root().join("tests/snapshots"));
    settings.bind(|| {
        insta::assert_snapshot!(historical("2017_fire_and_fury", 7).transcript(sc));
    });
}

/// A transcript read alone says what wins and what loses, as the briefing does: every objective
/// of every level under the heading, with what it needs, the wins first, then the two losses
/// every level has.
#[test]
fn a_transcript_lists_the_objectives_wins_first() {
    use peninsula::rules::ObjectiveKind;
    let mut levels = 0;
    for entry in &data().levels {
        let Some(sc) = entry.scenario() else { continue };
        let text = peninsula::sim::Game::new(sc, 1).transcript(sc);
        let lines: Vec<&str> = text.lines().take_while(|l| !l.is_empty()).collect();
        let at = |line: &str| lines.iter().position(|l| l.starts_with(line));
        let heading = at("Objectives:").expect("the heading");
        let mut last_win = heading;
        let mut first_loss = usize::MAX;
        for o in &sc.objectives {
            let mark = match o.kind {
                ObjectiveKind::Win => "WIN ",
                ObjectiveKind::Loss => "LOSE",
            };
            let line = at(&format!("  {mark}  {}", o.name))
                .unwrap_or_else(|| panic!("{}: {} in\n{text}", sc.id(), o.name));
            assert!(lines[line].ends_with(&o.needs(&sc.rules, sc.def.beijing_stance)));
            match o.kind {
                ObjectiveKind::Win => last_win = last_win.max(line),
                ObjectiveKind::Loss => first_loss = first_loss.min(line),
            }
        }
        assert!(last_win < first_loss, "{}: wins first\n{text}", sc.id());
        assert!(
            at("  LOSE  War breaks out").is_some()
                && at("  LOSE  No win by the last turn").is_some()
        );
        levels += 1;
    }
    assert_eq!(levels, 5);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Random legal moves on any level with any seed: every variable stays in its range, no
    /// value is NaN, and the game ends by its last turn.
    #[test]
    fn random_legal_play_stays_in_bounds(level in 0usize..5, seed in any::<u64>(), picks in proptest::collection::vec(any::<u16>(), 60)) {
        let levels: Vec<_> = data().levels.iter().filter_map(|l| l.scenario()).collect();
        let sc = levels[level % levels.len()];
        let mut g = Game::new(sc, seed);
        let mut i = 0;
        while g.state.outcome.is_none() {
            let legal: Vec<u16> = (0..sc.actions.len() as u16).filter(|a| availability(sc, &g.state, *a).is_ok()).collect();
            prop_assert!(!legal.is_empty(), "some move is always available");
            let a = legal[picks[i % picks.len()] as usize % legal.len()];
            let rec = g.play(sc, a).unwrap().clone();
            prop_assert_eq!(rec.taken, a, "a legal move is taken as asked");
            for (v, info) in g.state.vars.iter().zip(&sc.rules.vars) {
                prop_assert!(!v.is_nan(), "{} is NaN", info.id);
                prop_assert!(*v >= info.min && *v <= info.max, "{} = {} out of [{}, {}]", info.id, v, info.min, info.max);
            }
            prop_assert!(!g.state.tension.is_nan() && (0.0..=100.0).contains(&g.state.tension));
            i += 1;
            prop_assert!(i as u32 <= sc.def.turns, "the game ran past its last turn");
        }
    }
}

/// A game's summary names the turns of its first and last launches: the turns on which the
/// launch days rose, first and last, as a turn-by-turn replay of the same game shows them.
#[test]
fn a_games_summary_names_its_first_and_last_launches() {
    use peninsula::sim::batch::play_quiet;
    use peninsula::sim::{new_game, resolve_turn};
    let mut late = 0;
    for id in ["2013_third_test", "2017_fire_and_fury"] {
        let sc = scenario(id);
        let days = sc.rules.known.launch_days.expect("launch days are counted") as usize;
        let policy = Policy::load(sc, &root(), "balanced").expect("balanced");
        for seed in 0..60 {
            let (_, summary) = play_quiet(sc, &policy, seed);
            let mut s = new_game(sc, seed);
            let mut launches = Vec::new();
            while s.outcome.is_none() {
                let before = s.vars[days];
                let turn = s.turn;
                let a = policy.choose(sc, &s);
                resolve_turn(sc, &mut s, a);
                if s.vars[days] > before {
                    launches.push(turn);
                }
            }
            assert_eq!(
                summary.first_launch,
                launches.first().copied(),
                "{id} seed {seed}"
            );
            assert_eq!(
                summary.last_launch,
                launches.last().copied(),
                "{id} seed {seed}"
            );
            late += usize::from(launches.len() > 1);
        }
    }
    assert!(
        late > 10,
        "games with launches on several turns are tried: {late}"
    );
}

/// Batch runs and forecasts skip the analysts' update when nothing reads the estimate: the
/// games they play must be the very games a player would see, move for move, to the end.
#[test]
fn skipping_the_analysts_changes_no_game() {
    use peninsula::sim::batch::play_quiet;
    use peninsula::sim::{new_game, resolve_turn};
    let sc = scenario("2022_seventh_test");
    assert!(
        !sc.reads_estimate,
        "the shipped rules never read the estimate"
    );
    let balanced = Policy::load(sc, &root(), "balanced").expect("balanced");
    assert!(!balanced.reads_estimate());
    let adaptive = Policy::load(sc, &root(), "adaptive").expect("adaptive");
    assert!(adaptive.reads_estimate(), "adaptive plays on the estimate");
    for policy in [&balanced, &adaptive] {
        for seed in 0..40 {
            let (quick, _) = play_quiet(sc, policy, seed);
            let mut full = new_game(sc, seed);
            while full.outcome.is_none() {
                let a = policy.choose(sc, &full);
                resolve_turn(sc, &mut full, a);
            }
            if policy.reads_estimate() {
                assert_eq!(quick, full, "seed {seed}: the analysts were kept");
            } else {
                assert_eq!(quick.analysts, 0, "the update was skipped");
                let mut same = full.clone();
                same.analysts = 0;
                same.estimate = quick.estimate;
                assert_eq!(
                    quick, same,
                    "seed {seed}: the same game without the analysts"
                );
                assert_ne!(
                    full.estimate, quick.estimate,
                    "the full game did update them"
                );
            }
        }
    }
}

/// Batch runs and forecast rollouts play quiet turns, which skip the AIs' "why": on every
/// level, each quiet turn must leave the very state the full turn leaves and record the same
/// turn, the same choices, scores and support, lacking only the named rules, their parts and
/// the runner-up.
#[test]
fn a_quiet_turn_is_the_full_turn_without_the_why() {
    use peninsula::sim::{new_game, resolve_chosen_quiet, resolve_turn, resolve_turn_quiet};
    let mut named = 0;
    for sc in data().levels.iter().filter_map(|l| l.scenario()) {
        let random = Policy::load(sc, &root(), "random").unwrap();
        for seed in 0..30 {
            let mut s = new_game(sc, seed);
            while s.outcome.is_none() {
                let a = random.choose(sc, &s);
                let mut quiet = s.clone();
                let mut chosen = s.clone();
                let full_rec = resolve_turn(sc, &mut s, a);
                let quiet_rec = resolve_turn_quiet(sc, &mut quiet, a);
                assert_eq!(quiet, s, "{} seed {seed}: the same state", sc.id());
                // The random policy's moves are playable: unchecked, the same turn.
                assert!(random.picks_playable());
                assert_eq!(resolve_chosen_quiet(sc, &mut chosen, a, true), quiet_rec);
                assert_eq!(chosen, s);
                let mut want = full_rec.clone();
                for d in [&mut want.beijing, &mut want.pyongyang]
                    .into_iter()
                    .flatten()
                {
                    named += d.rule.is_some() as u32;
                    d.rule = None;
                    d.second = None;
                    d.weight = 0.0;
                    d.factor_parts = Default::default();
                    d.runner_up = None;
                    d.weighted = None;
                    d.readings = Default::default();
                }
                assert_eq!(quiet_rec, want, "{} seed {seed}: the same record", sc.id());
            }
        }
    }
    assert!(named > 1000, "the full turns named their rules ({named})");
}

/// Plays `games` games of `sc` with random legal moves, calling `look` with the state before
/// every step of every turn.
fn before_every_step(
    sc: &peninsula::rules::Scenario,
    games: u64,
    mut look: impl FnMut(&peninsula::sim::GameState),
) {
    use peninsula::sim::turn::begin_turn;
    use peninsula::sim::{TURN_STEPS, run_step};
    let random = Policy::load(sc, &root(), "random").unwrap();
    for seed in 0..games {
        let mut s = peninsula::sim::new_game(sc, seed);
        while s.outcome.is_none() {
            let a = random.choose(sc, &s);
            let mut rec = begin_turn(sc, &mut s, a);
            for step in TURN_STEPS {
                look(&s);
                run_step(sc, &mut s, &mut rec, step);
            }
        }
    }
}

/// The analysts' chances, worked out over the possible responses only, are to the bit what
/// the same chance worked out over every response by index gives: each response's motives added
/// from minus zero, and an impossible response left out. Checked with the evidence Pyongyang's
/// decider gives, in every disposition, at every step of many games on every level, so that
/// impossible responses fall between possible ones in every way the games produce.
#[test]
fn the_analysts_chances_are_the_formula_over_every_response_to_the_bit() {
    use peninsula::rules::{MAX_ANALYSTS, MAX_DISPOSITIONS};
    use peninsula::sim::decide::{Evidence, MAX_MOTIVES, MAX_RESPONSES, decide, win_chance};
    use peninsula::sim::rng::{Purpose, stream};
    // The chance over every response (`by_motive[m][r]` by response index).
    let formula = |by_motive: &[[f32; MAX_RESPONSES]; MAX_MOTIVES],
                   possible: u32,
                   n: usize,
                   scale: &[f32],
                   chosen: usize,
                   width: f32| {
        if possible & (1 << chosen) == 0 {
            return 0.0f32;
        }
        let mut sums = [-0.0f32; MAX_RESPONSES];
        for (row, k) in by_motive.iter().zip(scale) {
            for r in 0..n {
                sums[r] += row[r] * k;
            }
        }
        let kept: Vec<f32> = (0..n)
            .filter(|r| possible & (1 << r) != 0)
            .map(|r| sums[r])
            .collect();
        let at = (0..chosen).filter(|r| possible & (1 << r) != 0).count();
        win_chance(&kept, at, width)
    };
    let mut compared = 0;
    let mut with_gaps = 0;
    for entry in &data().levels {
        let Some(sc) = entry.scenario() else { continue };
        let py = &sc.rules.pyongyang;
        let n = py.responses.len();
        let scales: Vec<&[f32]> = py
            .dispositions
            .iter()
            .take(MAX_DISPOSITIONS)
            .map(|d| d.motives.as_slice())
            .collect();
        let widths: Vec<f32> = py
            .analysts
            .iter()
            .take(MAX_ANALYSTS)
            .map(|a| (py.noise * a.caution).max(0.05))
            .collect();
        before_every_step(sc, 20, |s| {
            let rng = stream(s.seed, s.turn, Purpose::Pyongyang);
            for scale in &scales {
                let mut ev = Evidence::default();
                let d = decide(sc, s, py, scale, &rng, Some(&mut ev));
                // The evidence by response index, as it was kept before.
                let mut by_motive = [[0f32; MAX_RESPONSES]; MAX_MOTIVES];
                let possible = (0..n).filter(|r| d.possible & (1 << r) != 0);
                for (column, r) in possible.enumerate() {
                    for (full, kept) in by_motive.iter_mut().zip(&ev.by_motive) {
                        full[r] = kept[column];
                    }
                }
                let highest = 32 - d.possible.leading_zeros();
                with_gaps += (d.possible.count_ones() < highest) as u32;
                let chances = ev.chances(&scales, &widths);
                for (a, width) in widths.iter().enumerate() {
                    for (k, scale) in scales.iter().enumerate() {
                        let want = formula(
                            &by_motive,
                            d.possible,
                            n,
                            scale,
                            d.response as usize,
                            *width,
                        );
                        assert_eq!(
                            chances[a][k].to_bits(),
                            want.to_bits(),
                            "{} turn {}: analyst {a}, disposition {k}: {} vs {want}",
                            sc.id(),
                            s.turn,
                            chances[a][k]
                        );
                        compared += 1;
                    }
                }
            }
        });
    }
    assert!(compared > 10_000, "only {compared} chances compared");
    assert!(
        with_gaps > 1_000,
        "impossible responses between possible ones only {with_gaps} times"
    );
}

/// The windows of recent moves, which move on a turn at a time as the game goes, are at every
/// step of many games on every level what the history says they are.
#[test]
fn the_windows_of_recent_moves_follow_the_history() {
    let mut steps = 0;
    for entry in &data().levels {
        let Some(sc) = entry.scenario() else { continue };
        before_every_step(sc, 20, |s| {
            assert_eq!(
                s.recent,
                s.recent_from_history(),
                "{} turn {}",
                sc.id(),
                s.turn
            );
            steps += 1;
        });
    }
    assert!(steps > 5000, "only {steps} steps");
}

/// A list whose checks the masks all decide is tested without asking, check by check,
/// whether the interpreter must (`Check::holds_as`). With every check of a level handed to the
/// interpreter instead, or every other one of the AIs' (a mod's slow list beside the fast
/// ones, which a decider's memo keeps), whole games come out the same, turn for turn: the AIs'
/// decisions and their "why", the events, the objectives, the analysts' estimates and the
/// policies' moves, in played games and in quiet ones.
#[test]
fn games_are_the_same_when_the_interpreter_decides_every_check() {
    for every in [1, 2] {
        play_with_checks_handed_to_the_interpreter(every);
    }
}

/// `games_are_the_same_when_the_interpreter_decides_every_check`, with every `every`-th check
/// of each AI handed to the interpreter (and every check of the other lists).
fn play_with_checks_handed_to_the_interpreter(every: usize) {
    use peninsula::rules::atoms::{Check, CheckList};
    use peninsula::sim::batch::play_quiet;
    use peninsula::sim::{new_game, resolve_turn};
    let mut levels = 0;
    for entry in &data().levels {
        let Some(sc) = entry.scenario() else { continue };
        // A check handed to the interpreter has masks that read no bit and say "always": a
        // loop that read the masks of a slow check would go wrong on the first turn, and a
        // memo that kept a slow check's verdict until a bit it reads changed would keep it for
        // the whole game.
        let to_interpreter = |c: &mut Check| {
            *c = Check {
                slow: true,
                ..Check::default()
            }
        };
        let mut slow = sc.clone();
        let checks = &mut slow.checks;
        for ai in [&mut checks.pyongyang, &mut checks.beijing] {
            assert!(
                !ai.any_slow,
                "{}: the shipped AIs need no interpreter",
                sc.id()
            );
            ai.requires
                .iter_mut()
                .step_by(every)
                .for_each(to_interpreter);
            ai.rules
                .iter_mut()
                .step_by(every)
                .for_each(|r| to_interpreter(&mut r.check));
            let stamp = ai.stamp;
            ai.edited();
            assert!(ai.any_slow);
            assert_ne!(ai.stamp, stamp, "a memo of the checks before is not read");
        }
        let hand_over = |list: &mut CheckList| {
            list.any_slow = true;
            list.checks.iter_mut().for_each(to_interpreter);
        };
        for list in [
            &mut checks.actions,
            &mut checks.events,
            &mut checks.objectives,
        ] {
            assert!(
                !list.any_slow,
                "{}: the shipped lists need no interpreter",
                sc.id()
            );
            hand_over(list);
        }
        for name in ["balanced", "hawk", "adaptive"] {
            let policy = Policy::load(sc, &root(), name).unwrap();
            let mut slow_policy = Policy::load(&slow, &root(), name).unwrap();
            if let Policy::Weighted { checks, .. } = &mut slow_policy {
                hand_over(checks);
            }
            for seed in 0..12 {
                let (mut fast_game, mut slow_game) = (new_game(sc, seed), new_game(&slow, seed));
                while fast_game.outcome.is_none() {
                    let a = policy.choose(sc, &fast_game);
                    // The policy's checks to the interpreter, the actions' checks, and both.
                    let choices = [
                        slow_policy.choose(sc, &fast_game),
                        policy.choose(&slow, &fast_game),
                        slow_policy.choose(&slow, &slow_game),
                    ];
                    assert_eq!(choices, [a; 3], "{name}, seed {seed}");
                    let fast_turn = resolve_turn(sc, &mut fast_game, a);
                    let slow_turn = resolve_turn(&slow, &mut slow_game, a);
                    assert_eq!(fast_turn, slow_turn, "{}, {name}, seed {seed}", sc.id());
                }
                assert_eq!(
                    fast_game,
                    slow_game,
                    "{}, {name}, seed {seed}, every {every}",
                    sc.id()
                );
                let (fast_quiet, _) = play_quiet(sc, &policy, seed);
                let (slow_quiet, _) = play_quiet(&slow, &slow_policy, seed);
                assert_eq!(
                    fast_quiet,
                    slow_quiet,
                    "{}, {name}, seed {seed}, quiet",
                    sc.id()
                );
            }
        }
        levels += 1;
    }
    assert_eq!(levels, 5, "every shipped level is played");
}

/// A decider that remembers what held at its last decision (`DecideMemo`) and tests again only
/// the checks whose atoms changed decides exactly as one that tests every check: at every
/// decision of many games on every level, for both AIs and under every disposition, with the
/// "why" and the analysts' evidence. A memo carried from one level to another, or kept from
/// games in other levels in between, is thrown away, not misread (each build of the checks has
/// its own stamp).
#[test]
fn a_decider_that_remembers_its_last_verdicts_decides_as_one_that_tests_everything() {
    use peninsula::rules::Who;
    use peninsula::sim::decide::{DecideMemo, Evidence, decide_as};
    use peninsula::sim::rng::{Purpose, stream};
    use peninsula::sim::{new_game, resolve_turn};
    let levels: Vec<_> = data().levels.iter().filter_map(|l| l.scenario()).collect();
    let stamps: std::collections::HashSet<u64> = levels
        .iter()
        .flat_map(|sc| [sc.checks.beijing.stamp, sc.checks.pyongyang.stamp])
        .collect();
    assert_eq!(
        stamps.len(),
        2 * levels.len(),
        "every build of checks has its own stamp"
    );
    // One memo per AI and disposition, carried across levels as well as turns.
    let mut memos = [[DecideMemo::default(); 4]; 2];
    let mut decisions = 0;
    for seed in 0..30 {
        for sc in &levels {
            let policy = Policy::load(sc, &root(), "random").unwrap();
            let mut g = new_game(sc, seed);
            while g.outcome.is_none() {
                for (slot, who) in [Who::Beijing, Who::Pyongyang].into_iter().enumerate() {
                    let ai = sc.rules.ai(who);
                    let purpose = [Purpose::Beijing, Purpose::Pyongyang][slot];
                    let rng = stream(seed, g.turn, purpose);
                    let scales: Vec<&[f32]> = match who {
                        Who::Beijing => vec![&[]],
                        _ => ai
                            .dispositions
                            .iter()
                            .map(|d| d.motives.as_slice())
                            .collect(),
                    };
                    for (d, scale) in scales.into_iter().enumerate().take(4) {
                        let memo = &mut memos[slot][d];
                        let (mut plain_ev, mut kept_ev) =
                            (Evidence::default(), Evidence::default());
                        let plain =
                            decide_as::<true>(sc, &g, ai, scale, &rng, Some(&mut plain_ev), None);
                        let remembered = decide_as::<true>(
                            sc,
                            &g,
                            ai,
                            scale,
                            &rng,
                            Some(&mut kept_ev),
                            Some(memo),
                        );
                        assert_eq!(
                            plain,
                            remembered,
                            "{} seed {seed} turn {} {who:?}",
                            sc.id(),
                            g.turn
                        );
                        assert_eq!(plain_ev.by_motive, kept_ev.by_motive);
                        assert_eq!(
                            (plain_ev.possible, plain_ev.chosen),
                            (kept_ev.possible, kept_ev.chosen)
                        );
                        decisions += 1;
                    }
                }
                let a = policy.choose(sc, &g);
                resolve_turn(sc, &mut g, a);
            }
        }
    }
    assert!(decisions > 5_000, "enough decisions compared: {decisions}");
}

/// The conditions compiled to bit masks (`rules/atoms.rs`) answer exactly as the interpreter
/// does, for every list of conditions the engine tests fast (both AIs' requirements and rules,
/// actions, events, objectives, and every shipped policy's rules), at every step of many games
/// on every level; and nearly all of them are decided by the masks, not sent back to the
/// interpreter.
#[test]
fn compiled_conditions_agree_with_the_interpreter() {
    use peninsula::rules::atoms::{Atom, Check, CheckKind, CheckList};
    use peninsula::rules::{Cond, Who};
    use peninsula::sim::GameState;
    let agree = |sc: &peninsula::rules::Scenario,
                 s: &GameState,
                 bits: u64,
                 check: &Check,
                 conds: &[Cond],
                 what: &str| {
        let want = s.holds_all(sc, conds);
        let got = check.holds(bits, || want);
        assert_eq!(got, want, "{what}: {conds:?} on turn {}", s.turn);
    };
    let (mut fast, mut slow) = (0, 0);
    for entry in &data().levels {
        let Some(sc) = entry.scenario() else { continue };
        let policies: Vec<(Vec<Vec<Cond>>, CheckList)> = ["hawk", "dove", "balanced", "adaptive"]
            .iter()
            .map(|name| match Policy::load(sc, &root(), name).unwrap() {
                Policy::Weighted { rules, checks, .. } => {
                    (rules.into_iter().map(|(_, _, w)| w).collect(), *checks)
                }
                _ => unreachable!("{name} is a weighted policy"),
            })
            .collect();
        let lists = |s: &GameState| {
            for who in [Who::Pyongyang, Who::Beijing] {
                let ai = sc.rules.ai(who);
                let ck = sc.checks.ai(who);
                let bits = s.truths(&ck.atoms);
                for (r, c) in ai.responses.iter().zip(&ck.requires) {
                    agree(sc, s, bits, c, &r.requires, &r.id);
                }
                for (r, c) in ai.rules.iter().zip(&ck.rules) {
                    agree(sc, s, bits, &c.check, &r.when, &r.id);
                    assert_eq!(
                        (c.response, c.motive, c.weight),
                        (r.response, r.motive, r.weight)
                    );
                    assert_eq!(&ck.factors[c.factors.clone()], r.factors.as_slice());
                }
            }
            let ck = &sc.checks;
            // "Did lately" is read from a running summary; the plain count must agree.
            let mut sets = vec![
                &ck.pyongyang.atoms,
                &ck.beijing.atoms,
                &ck.events.atoms,
                &ck.actions.atoms,
                &ck.objectives.atoms,
            ];
            sets.extend(policies.iter().map(|(_, checks)| &checks.atoms));
            let once = sets.iter().flat_map(|set| &set.did_once);
            let whos = [Who::Player, Who::Pyongyang, Who::Beijing, Who::World];
            let once = once.map(|&(slot, tags)| Atom::Did {
                who: whos[slot as usize % Who::COUNT],
                tags,
                within: slot / Who::COUNT as u8 + 1,
                at_least: 1,
            });
            for atom in sets
                .iter()
                .flat_map(|set| set.other.iter().copied())
                .chain(once)
            {
                if let Atom::Did {
                    who,
                    tags,
                    within,
                    at_least,
                } = atom
                {
                    let counted = s.count_moves(who, tags, within) >= at_least as u32;
                    let quick = s.did_at_least(who, tags, within, at_least as u32);
                    assert_eq!(quick, counted, "{atom:?} on turn {}", s.turn);
                }
            }
            let bits = s.truths(&ck.actions.atoms);
            for (a, c) in sc.actions.iter().zip(&ck.actions.checks) {
                agree(sc, s, bits, c, &a.requires, &a.id);
            }
            let bits = s.truths(&ck.events.atoms);
            for (e, c) in sc.rules.events.iter().zip(&ck.events.checks) {
                agree(sc, s, bits, c, &e.when, &e.id);
            }
            let bits = s.truths(&ck.objectives.atoms);
            for (o, c) in sc.objectives.iter().zip(&ck.objectives.checks) {
                agree(sc, s, bits, c, &o.when, &o.id);
            }
            for (rules, checks) in &policies {
                let bits = s.truths(&checks.atoms);
                for (when, c) in rules.iter().zip(&checks.checks) {
                    agree(sc, s, bits, c, when, "policy rule");
                }
            }
        };
        before_every_step(sc, 25, lists);
        let all = sc
            .checks
            .pyongyang
            .requires
            .iter()
            .chain(&sc.checks.beijing.requires)
            .chain(sc.checks.pyongyang.rules.iter().map(|r| &r.check))
            .chain(sc.checks.beijing.rules.iter().map(|r| &r.check))
            .chain(&sc.checks.actions.checks)
            .chain(&sc.checks.events.checks)
            .chain(&sc.checks.objectives.checks);
        for c in all {
            if c.kind() == CheckKind::Slow {
                slow += 1;
            } else {
                fast += 1;
            }
        }
    }
    assert!(
        slow * 20 <= fast,
        "{slow} lists of conditions go to the interpreter, {fast} are masks"
    );
}

/// After an event fires, the engine tests again only the event atoms its effects and its move
/// can change (`ScenarioChecks::event_touches`): on every level, from every step of many
/// games, firing any event and then re-testing only those gives the same truths as testing
/// every atom afresh.
#[test]
fn an_event_changes_only_the_atoms_it_is_said_to_touch() {
    use peninsula::sim::turn::fire_event;
    let mut changed = 0;
    for entry in &data().levels {
        let Some(sc) = entry.scenario() else { continue };
        let atoms = &sc.checks.events.atoms;
        before_every_step(sc, 20, |s| {
            let before = s.truths(atoms);
            for (i, e) in sc.rules.events.iter().enumerate() {
                let mut after = s.clone();
                fire_event(sc, &mut after, i as u16);
                let fresh = after.truths(atoms);
                let retested = after.retest(atoms, &sc.checks.event_touches[i], before);
                assert_eq!(
                    retested,
                    fresh,
                    "{}: event {} on turn {}: bits {:b} should be {:b}",
                    sc.id(),
                    e.id,
                    s.turn,
                    retested,
                    fresh
                );
                changed += (fresh != before) as u32;
            }
        });
    }
    // The check means something only if firing events does change their atoms.
    assert!(
        changed > 100,
        "events changed the atoms only {changed} times"
    );
}

/// A weighted policy tries actions from the highest score they could reach down and stops at
/// the first that cannot win; its choice is still the plain rule "score every available action
/// (family weight, jitter, every rule that holds) and take the first best", written out here,
/// for every shipped and test policy, on every level, from many positions.
#[test]
fn a_policy_stopping_early_chooses_what_scoring_every_action_chooses() {
    use peninsula::sim::rng::{Purpose, stream};
    use peninsula::sim::{resolve_chosen_quiet, resolve_turn_quiet};
    let mut files: Vec<String> = peninsula::sim::policy::BUILTIN
        .iter()
        .map(|s| s.to_string())
        .collect();
    for f in std::fs::read_dir(root().join("tests/policies")).unwrap() {
        files.push(f.unwrap().path().display().to_string());
    }
    let mut decided = 0;
    for entry in &data().levels {
        let Some(sc) = entry.scenario() else { continue };
        let random = Policy::load(sc, &root(), "random").unwrap();
        for file in &files {
            let policy = Policy::load(sc, &root(), file).unwrap();
            let Policy::Weighted {
                rules,
                by_action,
                noise,
                ..
            } = &policy
            else {
                continue;
            };
            let every_action = |s: &peninsula::sim::GameState| {
                let rng = stream(s.seed, s.turn, Purpose::Policy);
                let mut best = (sc.fallback_action, f32::NEG_INFINITY);
                for (a, (family, mine)) in by_action.iter().enumerate() {
                    if availability(sc, s, a as u16).is_err() {
                        continue;
                    }
                    let mut score = family + noise * rng.unit_at(a as u64);
                    for (_, w, when) in &rules[mine.clone()] {
                        if s.holds_all(sc, when) {
                            score += w;
                        }
                    }
                    if score > best.1 {
                        best = (a as u16, score);
                    }
                }
                best.0
            };
            for seed in 0..15 {
                // Half the games follow the policy, half wander, to reach more positions.
                let mut s = peninsula::sim::new_game(sc, seed);
                while s.outcome.is_none() {
                    let chosen = policy.choose(sc, &s);
                    assert_eq!(
                        chosen,
                        every_action(&s),
                        "{file} on {} turn {}",
                        sc.id(),
                        s.turn
                    );
                    decided += 1;
                    // What it picks is playable, or the fallback, so batch runs play it
                    // unchecked: the same turn as checking it.
                    assert!(policy.picks_playable());
                    assert!(
                        chosen == sc.fallback_action || availability(sc, &s, chosen).is_ok(),
                        "{file} on {} turn {}: picked an unplayable move",
                        sc.id(),
                        s.turn
                    );
                    let (mut checked, mut unchecked) = (s.clone(), s.clone());
                    assert_eq!(
                        resolve_turn_quiet(sc, &mut checked, chosen),
                        resolve_chosen_quiet(sc, &mut unchecked, chosen, true)
                    );
                    assert_eq!(checked, unchecked);
                    let a = if seed % 2 == 0 {
                        chosen
                    } else {
                        random.choose(sc, &s)
                    };
                    peninsula::sim::resolve_turn(sc, &mut s, a);
                }
            }
        }
    }
    assert!(decided > 1000, "only {decided} choices compared");
}

/// A decision point with more distinct conditions than the bit set holds still answers right:
/// the lists that use the atoms beyond it go to the interpreter.
#[test]
fn conditions_beyond_the_bit_set_go_to_the_interpreter() {
    use peninsula::rules::atoms::{AtomSet, CheckKind, MAX_ATOMS};
    use peninsula::rules::{Cond, VarRef};
    let sc = scenario("2022_seventh_test");
    let var = VarRef::Var(sc.rules.var_index("world.talks").expect("talks"));
    let lists: Vec<Vec<Cond>> = (0..MAX_ATOMS + 10)
        .map(|i| vec![Cond::AtLeast(var, i as f32)])
        .collect();
    let stance = sc.def.beijing_stance;
    let atoms = AtomSet::gather(
        lists.iter().map(|l| l.as_slice()),
        &sc.rules,
        stance,
        &sc.checks.whole,
    );
    assert_eq!(atoms.len(), MAX_ATOMS);
    let mut s = peninsula::sim::new_game(sc, 1);
    for talks in [0.0, 50.0, 127.0, 128.0, 133.0] {
        s.vars[sc.rules.var_index("world.talks").unwrap() as usize] = talks;
        let bits = s.truths(&atoms);
        for (i, l) in lists.iter().enumerate() {
            let check = atoms.check(l, &sc.rules, stance, &sc.checks.whole);
            assert_eq!(check.kind() == CheckKind::Slow, i >= MAX_ATOMS, "list {i}");
            let want = s.holds_all(sc, l);
            assert_eq!(check.holds(bits, || want), want, "list {i} at {talks}");
        }
    }
}

/// A list's second and later `Any`s take bits after the atoms while there is room, and the list
/// goes to the interpreter when there is not: with 56, 57 and 58 other atoms (a list of three
/// `Any`s over six more), it is decided by the masks, then by the interpreter twice over; and
/// every list answers as the interpreter does.
#[test]
fn a_later_any_without_a_bit_left_goes_to_the_interpreter() {
    use peninsula::rules::atoms::{AtomSet, CheckKind, MAX_ATOMS};
    use peninsula::rules::{Cond, VarRef};
    let sc = scenario("2022_seventh_test");
    let talks_index = sc.rules.var_index("world.talks").expect("talks");
    let talks = VarRef::Var(talks_index);
    let at = |x: f32| Cond::AtLeast(talks, x);
    let three_anys = vec![
        Cond::Any(vec![at(100.0), at(101.0)]),
        Cond::Any(vec![at(102.0), at(103.0)]),
        Cond::Any(vec![at(104.0), at(105.0)]),
    ];
    for (others, kind) in [
        (MAX_ATOMS - 8, CheckKind::Masks),
        (MAX_ATOMS - 7, CheckKind::Slow),
        (MAX_ATOMS - 6, CheckKind::Slow),
    ] {
        let mut lists: Vec<Vec<Cond>> = (0..others).map(|i| vec![at(i as f32)]).collect();
        lists.push(three_anys.clone());
        let stance = sc.def.beijing_stance;
        let atoms = AtomSet::gather(
            lists.iter().map(|l| l.as_slice()),
            &sc.rules,
            stance,
            &sc.checks.whole,
        );
        let check = atoms.check(&three_anys, &sc.rules, stance, &sc.checks.whole);
        assert_eq!(check.kind(), kind, "with {others} other atoms");
        let mut s = peninsula::sim::new_game(sc, 1);
        for value in [0.0, 57.0, 99.0, 101.0, 102.5, 103.0, 104.0, 106.0] {
            s.vars[talks_index as usize] = value;
            let bits = s.truths(&atoms);
            for l in &lists {
                let want = s.holds_all(sc, l);
                let check = atoms.check(l, &sc.rules, stance, &sc.checks.whole);
                assert_eq!(check.holds(bits, || want), want, "{l:?} at {value}");
            }
        }
    }
}

/// The bits of a list's later `Any`s follow their atoms when only some atoms are tested again
/// (`GameState::retest`, as after an event): a set with two- and three-`Any` lists over the
/// variables events change, re-tested after every event from every step of many games, gives
/// what testing it afresh gives.
#[test]
fn later_any_bits_are_worked_out_again_after_a_retest() {
    use peninsula::rules::atoms::AtomSet;
    use peninsula::rules::{Cond, VarRef, Who};
    use peninsula::sim::turn::fire_event;
    let mut groups_changed = 0;
    for entry in &data().levels {
        let Some(sc) = entry.scenario() else { continue };
        let var = |id: &str| VarRef::Var(sc.rules.var_index(id).expect(id));
        let lists = [
            vec![
                Cond::Any(vec![
                    Cond::AtLeast(var("pyongyang.weapons"), 85.0),
                    Cond::AtMost(var("pyongyang.economy"), 40.0),
                ]),
                Cond::Any(vec![
                    Cond::AtLeast(VarRef::Tension, 40.0),
                    Cond::AtMost(var("washington.capital"), 50.0),
                ]),
            ],
            vec![
                Cond::Any(vec![Cond::AtLeast(var("world.talks"), 10.0)]),
                Cond::Any(vec![
                    Cond::AtLeast(var("pyongyang.threat"), 50.0),
                    Cond::AtMost(var("pyongyang.economy"), 45.0),
                ]),
                Cond::Any(vec![
                    Cond::AtMost(var("world.audience_costs"), 20.0),
                    Cond::AtLeast(var("pyongyang.weapons"), 86.0),
                ]),
            ],
        ];
        let stance = sc.def.beijing_stance;
        let atoms = AtomSet::gather(
            lists.iter().map(|l| l.as_slice()),
            &sc.rules,
            stance,
            &sc.checks.whole,
        );
        let every_var: Vec<u16> = (0..sc.rules.vars.len() as u16).collect();
        let touched = atoms.touched_by(&every_var, true, Who::World, u64::MAX);
        let groups = (1u64 << atoms.len()).wrapping_neg();
        before_every_step(sc, 10, |s| {
            let before = s.truths(&atoms);
            for i in 0..sc.rules.events.len() {
                let mut after = s.clone();
                fire_event(sc, &mut after, i as u16);
                let fresh = after.truths(&atoms);
                assert_eq!(after.retest(&atoms, &touched, before), fresh, "{}", sc.id());
                groups_changed += ((before ^ fresh) & groups != 0) as u32;
            }
        });
    }
    assert!(
        groups_changed > 50,
        "the groups' bits changed only {groups_changed} times"
    );
}

/// The corners of compiling conditions: rung 0 both ways, Beijing's stance both ways, a look
/// back of 0 turns or the whole history, `Any` and `Not` nested in every way the masks can and
/// cannot say. Each list answers as the interpreter does in every state of many games, and the
/// ones the masks can say are not sent back to the interpreter.
#[test]
fn lowering_edge_cases_agree_with_the_interpreter() {
    use peninsula::rules::atoms::{AtomSet, CheckKind};
    use peninsula::rules::{BeijingStance, Cond, VarRef, Who};
    let sc = scenario("2022_seventh_test");
    let talks = VarRef::Var(sc.rules.var_index("world.talks").expect("talks"));
    let force = sc.rules.tag_bit("show_of_force");
    let top = (sc.rules.rungs.len() - 1) as u8;
    let did = |within: u8, at_least: u8| Cond::Did {
        who: Who::Player,
        tags: force,
        within,
        at_least,
    };
    let a = Cond::AtLeast(talks, 20.0);
    let b = Cond::AtMost(VarRef::Tension, 40.0);
    let here = sc.def.beijing_stance;
    let other = if here == BeijingStance::BacksSanctions {
        BeijingStance::BlocksSanctionsBacksTalks
    } else {
        BeijingStance::BacksSanctions
    };
    let not = |c: Cond| Cond::Not(Box::new(c));
    let any = Cond::Any;
    // Each list, and how it should compile (None: either way).
    let lists: Vec<(Vec<Cond>, Option<CheckKind>)> = vec![
        (vec![Cond::RungAtLeast(0)], Some(CheckKind::Masks)),
        (vec![Cond::RungBelow(0)], Some(CheckKind::Never)),
        (
            vec![Cond::RungAtLeast(top), a.clone()],
            Some(CheckKind::Masks),
        ),
        (vec![Cond::RungBelow(2), b.clone()], Some(CheckKind::Masks)),
        (vec![Cond::Stance(here)], Some(CheckKind::Masks)),
        (vec![Cond::Stance(other), a.clone()], Some(CheckKind::Never)),
        (vec![a.clone(), not(a.clone())], Some(CheckKind::Never)),
        (
            vec![did(1, 1), did(8, 1), did(8, 3), did(3, 0), did(0, 1)],
            None,
        ),
        (
            vec![not(did(2, 1)), Cond::AtLeast(VarRef::Turn, 5.0)],
            Some(CheckKind::Masks),
        ),
        (vec![not(not(a.clone()))], Some(CheckKind::Masks)),
        (vec![not(any(vec![a.clone()]))], Some(CheckKind::Masks)),
        (
            vec![not(any(vec![a.clone(), b.clone()]))],
            Some(CheckKind::Slow),
        ),
        (vec![any(vec![])], Some(CheckKind::Never)),
        (
            vec![any(vec![Cond::Stance(here), not(b.clone())])],
            Some(CheckKind::Masks),
        ),
        (
            vec![any(vec![Cond::RungAtLeast(0), a.clone()])],
            Some(CheckKind::Masks),
        ),
        (
            vec![any(vec![Cond::RungBelow(0), a.clone(), did(2, 1)])],
            Some(CheckKind::Masks),
        ),
        // An `Any` holds only positive atoms: a `Not` of tension's bound is slow, but a `Not`
        // of a whole-number variable's bound is the opposite bound (talks below 20: at most 19).
        (
            vec![any(vec![not(b.clone()), a.clone()])],
            Some(CheckKind::Slow),
        ),
        (
            vec![any(vec![not(a.clone()), b.clone()])],
            Some(CheckKind::Masks),
        ),
        // A whole number's bound and its opposite are one atom: at most 19 and at least 20
        // cannot both hold, and at most 19.5 is "not at least 20".
        (
            vec![Cond::AtMost(talks, 19.0), a.clone()],
            Some(CheckKind::Never),
        ),
        (
            vec![Cond::AtMost(talks, 19.5), not(a.clone())],
            Some(CheckKind::Masks),
        ),
        (
            vec![any(vec![any(vec![a.clone(), b.clone()]), did(1, 1)])],
            Some(CheckKind::Slow),
        ),
        (
            vec![
                any(vec![a.clone(), b.clone()]),
                any(vec![did(2, 1), not(b.clone())]),
            ],
            Some(CheckKind::Slow),
        ),
        (
            vec![any(vec![a.clone(), did(3, 2)]), not(Cond::RungAtLeast(top))],
            Some(CheckKind::Masks),
        ),
        // Two `Any`s, three, and ones repeating an atom: the second and later get bits of
        // their own, shared between lists that ask the same.
        (
            vec![
                any(vec![a.clone(), b.clone()]),
                any(vec![did(2, 1), Cond::AtLeast(VarRef::Turn, 3.0)]),
            ],
            Some(CheckKind::Masks),
        ),
        (
            vec![
                any(vec![did(1, 1), b.clone()]),
                not(did(4, 1)),
                any(vec![did(2, 1), Cond::AtLeast(VarRef::Turn, 3.0)]),
                any(vec![did(3, 1), Cond::RungAtLeast(top)]),
            ],
            Some(CheckKind::Masks),
        ),
        (
            vec![
                any(vec![did(2, 1), did(2, 1), a.clone()]),
                any(vec![b.clone(), b.clone(), did(1, 1)]),
            ],
            Some(CheckKind::Masks),
        ),
    ];
    let stance = sc.def.beijing_stance;
    let atoms = AtomSet::gather(
        lists.iter().map(|(l, _)| l.as_slice()),
        &sc.rules,
        stance,
        &sc.checks.whole,
    );
    let checks: Vec<_> = lists
        .iter()
        .map(|(l, _)| atoms.check(l, &sc.rules, stance, &sc.checks.whole))
        .collect();
    for ((list, want), check) in lists.iter().zip(&checks) {
        if let Some(kind) = want {
            assert_eq!(check.kind(), *kind, "{list:?}");
        }
    }
    let random = Policy::load(sc, &root(), "random").unwrap();
    let mut states = 0;
    for seed in 0..60 {
        let mut s = peninsula::sim::new_game(sc, seed);
        while s.outcome.is_none() {
            let bits = s.truths(&atoms);
            for ((list, _), check) in lists.iter().zip(&checks) {
                let want = s.holds_all(sc, list);
                assert_eq!(
                    check.holds(bits, || want),
                    want,
                    "{list:?} on turn {}",
                    s.turn
                );
            }
            states += 1;
            let a = random.choose(sc, &s);
            peninsula::sim::resolve_turn(sc, &mut s, a);
        }
    }
    assert!(states > 500, "only {states} states");
}

/// A bound and its opposite share an atom only on a variable that can never hold a fraction:
/// in the shipped 2022 level the moratorium and the talks are whole numbers and grievances,
/// which fade by 0.3 a turn, are not; an action that adds half a point to the moratorium takes
/// it off the list, and a mask built from the list still answers as the interpreter does for
/// the half-way value it can then hold.
#[test]
fn only_whole_number_variables_share_an_atom_between_opposite_bounds() {
    use peninsula::rules::atoms::{CheckList, whole_vars};
    use peninsula::rules::{Cond, Eff, VarRef};
    let sc = scenario("2022_seventh_test");
    let index = |id: &str| sc.rules.var_index(id).expect(id);
    let (moratorium, talks, grievance) = (
        index("world.moratorium"),
        index("world.talks"),
        index("pyongyang.grievance"),
    );
    let whole = &sc.checks.whole;
    assert!(whole[moratorium as usize] && whole[talks as usize]);
    assert!(!whole[grievance as usize], "grievances fade by fractions");
    // A mod's action adding half a point: no longer whole.
    let mut actions = sc.actions.clone();
    actions[0].effects.push(Eff::Add(moratorium, 0.5));
    let halves = whole_vars(&sc.rules, &sc.start, &actions, &sc.injects);
    assert!(!halves[moratorium as usize] && halves[talks as usize]);
    // Against each list of bounds, the masks built for either answer as the interpreter does
    // wherever the variable may then stand: whole values for the first, halves for the second.
    let m = VarRef::Var(moratorium);
    let lists: Vec<Vec<Cond>> = vec![
        vec![Cond::AtMost(m, 0.0)],
        vec![Cond::AtLeast(m, 1.0)],
        vec![Cond::AtMost(m, 0.5)],
        vec![Cond::Any(vec![
            Cond::Not(Box::new(Cond::AtLeast(m, 1.0))),
            Cond::AtLeast(VarRef::Tension, 90.0),
        ])],
    ];
    let mut s = peninsula::sim::new_game(sc, 1);
    for (w, values) in [
        (whole.as_slice(), &[0.0, 1.0][..]),
        (&halves[..], &[0.0, 0.5, 1.0][..]),
    ] {
        let compiled = CheckList::build(
            lists.iter().map(|l| l.as_slice()),
            &sc.rules,
            sc.def.beijing_stance,
            w,
        );
        for &value in values {
            s.vars[moratorium as usize] = value;
            let bits = s.truths(&compiled.atoms);
            for (list, check) in lists.iter().zip(&compiled.checks) {
                let want = s.holds_all(sc, list);
                assert_eq!(check.holds(bits, || want), want, "{list:?} at {value}");
            }
        }
    }
    // The whole-number build asks one atom for both bounds at 0 and 1 (and the `Not` inside
    // the `Any` is their opposite, held positively); the other asks them apart.
    let atoms_of = |w: &[bool]| {
        CheckList::build(
            lists[..2].iter().map(|l| l.as_slice()),
            &sc.rules,
            sc.def.beijing_stance,
            w,
        )
        .atoms
        .asked
        .0
    };
    assert_eq!(atoms_of(whole), 1);
    assert_eq!(atoms_of(&halves), 2);
}

/// A locked card counts the turns already played, as the player does: the retaliatory drill
/// (`within: 2`) "needs a provocation move by Pyongyang last turn", and it is open exactly when
/// the last turn played held one.
#[test]
fn a_locked_card_counts_the_turns_played() {
    let sc = scenario("2017_fire_and_fury");
    let drill = sc.action_index("retaliatory_launch").unwrap();
    let provoked = |rec: &peninsula::sim::turn::TurnRecord| {
        rec.pyongyang.is_some_and(|d| {
            let tags = sc.rules.pyongyang.responses[d.response as usize].tags;
            sc.rules.tag_names(tags).contains(&"provocation")
        })
    };
    let (mut open, mut locked) = (0, 0);
    for seed in 0..40 {
        let mut g = Game::new(sc, seed);
        let mut last = None;
        while g.state.outcome.is_none() {
            // Turn 1 has no turn played before it; a card locked by its cost or its cooldown
            // says so instead.
            match availability(sc, &g.state, drill) {
                Ok(()) if last.is_some() => {
                    assert_eq!(last, Some(true), "open without a provocation last turn");
                    open += 1;
                }
                Err(why @ Unavailable::Requires(_)) if last.is_some() => {
                    assert_eq!(last, Some(false), "locked after a provocation");
                    assert_eq!(
                        peninsula::sim::explain_unavailable(sc, drill, &why),
                        "needs a provocation move by Pyongyang last turn"
                    );
                    locked += 1;
                }
                _ => {}
            }
            let rec = g.play(sc, sc.fallback_action).unwrap();
            last = Some(provoked(rec));
        }
    }
    assert!(
        open > 20 && locked > 20,
        "both cases seen: {open} open, {locked} locked"
    );
}

/// A yes-or-no fact needed the other way round reads as its modder wrote it: with the hotline
/// working (2013 opens with it up), "Reopen the military hotline" "needs hotline down".
#[test]
fn a_card_that_needs_a_fact_false_says_so_in_words() {
    let sc = scenario("2013_third_test");
    let hotline = sc.action_index("open_hotline").unwrap();
    let g = Game::new(sc, 1);
    let why = availability(sc, &g.state, hotline).unwrap_err();
    assert_eq!(
        peninsula::sim::explain_unavailable(sc, hotline, &why),
        "needs hotline down"
    );
}

/// The objectives panel's reading of a game (`sim::progress`): each condition is judged as the
/// turn's own check judged it, so a win shows every condition holding exactly when its streak
/// runs; the values it quotes are the game's; and a condition on a variable no panel shows is
/// named but never judged, so an objective cannot leak what the player may not see. Every
/// objective of every historical level is judged whole.
#[test]
fn objective_progress_agrees_with_the_check_and_judges_nothing_hidden() {
    use peninsula::rules::{Cond, ObjectiveKind, VarRef};
    use peninsula::sim::progress::objective_progress;
    use peninsula::ui::screens::dashboard::objectives::{losses, win_progress};
    for id in HISTORICAL_LEVELS {
        let sc = scenario(id);
        for seed in 0..12 {
            let mut g = Game::new(sc, seed);
            let policy = if seed % 2 == 0 {
                Policy::Historical
            } else {
                Policy::Random
            };
            while g.state.outcome.is_none() {
                let all = objective_progress(sc, &g.state);
                assert_eq!(all.len(), sc.objectives.len());
                for (i, o) in all.iter().enumerate() {
                    let every = o.conditions.iter().all(|c| c.holds == Some(true));
                    // An objective with a condition the player cannot judge is never shown met.
                    let judged = o.conditions.iter().all(|c| c.holds.is_some());
                    if g.state.turn > 1 && judged {
                        assert_eq!(
                            every,
                            g.state.streaks[i] >= 1,
                            "{id} seed {seed} turn {}: {} {:?}",
                            g.state.turn,
                            o.name,
                            o.conditions
                        );
                    }
                    for c in &o.conditions {
                        if c.text.starts_with("tension") {
                            assert_eq!(c.now, Some(g.state.tension), "{id}: {}", c.text);
                        }
                    }
                }
                let m = policy.choose(sc, &g.state);
                g.play(sc, m);
            }
        }
    }
    for id in HISTORICAL_LEVELS {
        let sc = scenario(id);
        for o in objective_progress(sc, &Game::new(sc, 1).state) {
            let unjudged: Vec<&String> = o
                .conditions
                .iter()
                .filter(|c| c.holds.is_none())
                .map(|c| &c.text)
                .collect();
            assert!(unjudged.is_empty(), "{id}: {}: {unjudged:?}", o.name);
        }
    }
    // A condition still unmet carries its variable's hint: how a combat alert lifts.
    let sc13 = scenario("2013_third_test");
    let alert = sc13.rules.var_index("world.combat_alert").unwrap();
    let mut g = Game::new(sc13, 1);
    g.state.vars[alert as usize] = 1.0;
    let hint = sc13.rules.vars[alert as usize].hint.clone();
    assert!(
        hint.as_deref().is_some_and(|h| h.contains("stand down")),
        "{hint:?}"
    );
    for o in objective_progress(sc13, &g.state)
        .iter()
        .filter(|o| o.kind == ObjectiveKind::Win)
    {
        let c = o
            .unmet()
            .find(|c| c.text == "no combat alert in the North")
            .unwrap_or_else(|| panic!("{}: {:?}", o.name, o.conditions));
        assert_eq!(c.hint, hint);
    }
    // The hints are read during play: none names a hidden type.
    for v in &sc13.rules.vars {
        for d in &sc13.rules.pyongyang.dispositions {
            let named = v
                .hint
                .as_ref()
                .is_some_and(|h| h.to_lowercase().contains(&d.name.to_lowercase()));
            assert!(!named, "{}'s hint names {}", v.id, d.name);
        }
    }
    // A level whose win also asks whether the programme can flight-test an ICBM, which no
    // panel shows (a device readied at the test site is a public flag; this is not).
    let mut sc = scenario("2013_third_test").clone();
    let threat = sc.rules.var_index("pyongyang.icbm_ready").unwrap();
    let info = &sc.rules.vars[threat as usize];
    assert!(
        !info.key && info.flag.is_none(),
        "the ICBM's readiness is hidden"
    );
    let win = sc
        .objectives
        .iter()
        .position(|o| o.kind == ObjectiveKind::Win)
        .unwrap();
    sc.objectives[win]
        .when
        .push(Cond::AtMost(VarRef::Var(threat), 0.0));
    let g = Game::new(&sc, 1);
    let o = &objective_progress(&sc, &g.state)[win];
    let hidden = o.conditions.last().unwrap();
    assert_eq!(hidden.holds, None, "never judged");
    assert_eq!(hidden.now, None, "never quoted");
    let shown = win_progress(o);
    assert!(
        shown.ends_with(&format!("; and {}", hidden.text))
            && !shown.contains(&format!("{} (now", hidden.text)),
        "{shown}"
    );
    let line = losses(&objective_progress(&sc, &g.state));
    assert!(
        line.starts_with("LOSE if ") && line.ends_with("war breaks out · no win by the last turn"),
        "{line}"
    );
    assert!(
        line.contains("(now 2)"),
        "the nuclear tests so far are quoted: {line}"
    );
}

/// The score's calm is the mean tension over the turns played (each at its height within the
/// turn, as the peak is); a game ended before its first turn (the facilitator's "End now") is
/// judged on the tension it stands at, not on a mean of nothing read as 0 (which gave it the
/// whole 40 points for calm).
#[test]
fn the_scores_calm_is_the_mean_tension_of_the_turns_played() {
    use peninsula::sim::turn::{ScoreParts, score};
    let sc = scenario("2013_third_test");
    let mut g = Game::new(sc, 3);
    let at_once = ScoreParts::of(sc, &g.state);
    assert_eq!(at_once.mean_tension, g.state.tension);
    assert!(at_once.calm < 40.0, "{at_once:?}");
    let mut ended = Vec::new();
    for n in 1..=3 {
        g.play(sc, sc.fallback_action);
        ended.push(g.state.tension);
        let parts = ScoreParts::of(sc, &g.state);
        let mean = g.state.tension_sum / n as f32;
        assert!(
            (parts.mean_tension - mean).abs() < 1e-3,
            "{parts:?} against {mean}"
        );
        let faded = ended.iter().sum::<f32>() / n as f32;
        assert!(parts.mean_tension >= faded, "{parts:?} against {faded}");
        assert_eq!(score(sc, &g.state), parts.total());
    }
}

/// A win the level counts over several turns running is announced on the dashboard the turn
/// before it ends the level ("if it still holds after this turn, the level ends: won"): in
/// every game where one ended the level, and never when it did not, the dashboard's progress
/// said so before the last turn; and the turns it shows as held are the engine's own count.
#[test]
fn a_win_held_over_turns_is_announced_the_turn_before_it_ends_the_level() {
    use peninsula::rules::ObjectiveKind;
    use peninsula::sim::progress::objective_progress;
    use peninsula::sim::state::Outcome;
    let mut announced_wins = 0;
    for id in [
        "2013_third_test",
        "2017_fire_and_fury",
        "2018_the_thaw",
        "sandbox",
    ] {
        let sc = scenario(id);
        for (policy, seeds) in [("balanced", 0..40u64), ("dove", 0..40)] {
            let policy = Policy::load(sc, &root(), policy).unwrap();
            for seed in seeds {
                let mut s = peninsula::sim::new_game(sc, seed);
                while s.outcome.is_none() {
                    let before = objective_progress(sc, &s);
                    for (i, o) in before.iter().enumerate() {
                        if let Some((held, needed)) = o.streak {
                            assert_eq!(needed, sc.objectives[i].held_for);
                            let engine = if o.conditions.iter().all(|c| c.holds == Some(true)) {
                                s.streaks[i]
                            } else {
                                0
                            };
                            assert_eq!(
                                held, engine,
                                "{id} seed {seed} turn {}: {}",
                                s.turn, o.name
                            );
                        }
                    }
                    let a = policy.choose(sc, &s);
                    peninsula::sim::resolve_turn(sc, &mut s, a);
                    if let Some(Outcome::Win(i)) = s.outcome {
                        let o = &before[i as usize];
                        let seen = o.conditions.iter().all(|c| c.holds.is_some());
                        if sc.objectives[i as usize].held_for > 1 && seen {
                            assert!(
                                o.met_next_turn,
                                "{id} seed {seed}: {} ended the level unannounced",
                                o.name
                            );
                            announced_wins += 1;
                        }
                    }
                    // Announced, and still holding after the turn: the level ended (won, or
                    // lost to a loss the engine judges first).
                    for (i, o) in before.iter().enumerate() {
                        if o.met_next_turn
                            && o.kind == ObjectiveKind::Win
                            && s.streaks[i] >= sc.objectives[i].held_for
                        {
                            assert!(s.outcome.is_some(), "{id} seed {seed}: {}", o.name);
                        }
                    }
                }
            }
        }
    }
    assert!(
        announced_wins > 20,
        "wins held over turns came up: {announced_wins}"
    );
}

/// The debrief's chart draws each turn at its height, before it faded (a pale cap over the
/// bar): the heights are the numbers the score's mean tension and the peak are made of, so a
/// player can find on the chart the figures the debrief quotes.
#[test]
fn the_turns_heights_are_what_the_score_counts() {
    for id in [
        "2013_third_test",
        "2017_fire_and_fury",
        "2022_seventh_test",
        "sandbox",
    ] {
        let sc = scenario(id);
        for seed in 0..20 {
            let g = historical(id, seed);
            let heights: Vec<f32> = g.log.iter().map(|r| r.tension_height).collect();
            let mean = heights.iter().sum::<f32>() / heights.len() as f32;
            let score = peninsula::sim::turn::ScoreParts::of(sc, &g.state);
            assert!(
                (mean - score.mean_tension).abs() < 0.01,
                "{id} seed {seed}: the chart's heights average {mean}, the score says {}",
                score.mean_tension
            );
            let peak = heights.iter().copied().fold(0.0f32, f32::max);
            assert!(
                (peak - g.state.peak_tension).abs() < 0.01,
                "{id} seed {seed}"
            );
        }
    }
}

/// An answer given turn after turn does not read the same each time: a response with other
/// wordings (`news_also`) shows the next one on the next turn, and a replay of the same game
/// reads the same, word for word.
#[test]
fn an_answer_given_turn_after_turn_reads_differently() {
    use peninsula::sim::story::TurnStory;
    let sc = scenario("2017_fire_and_fury");
    let policy = Policy::load(sc, &root(), "hawk").unwrap();
    let mut repeats = 0;
    for seed in 0..40 {
        let mut g = Game::new(sc, seed);
        g.play_out(sc, &policy);
        let news: Vec<Vec<(String, String)>> = g
            .log
            .iter()
            .map(|rec| {
                TurnStory::of(sc, rec)
                    .answers
                    .iter()
                    .map(|a| (a.name.clone(), a.news.clone()))
                    .collect()
            })
            .collect();
        for pair in news.windows(2) {
            for (name, line) in &pair[1] {
                let Some((_, before)) = pair[0].iter().find(|(n, _)| n == name) else {
                    continue;
                };
                let response = sc
                    .rules
                    .pyongyang
                    .responses
                    .iter()
                    .chain(&sc.rules.beijing.responses)
                    .find(|r| &r.name == name)
                    .unwrap();
                if !response.news_also.is_empty() {
                    repeats += 1;
                    assert_ne!(line, before, "{name} read the same two turns running");
                }
            }
        }
        let mut again = Game::new(sc, seed);
        again.play_out(sc, &policy);
        assert_eq!(
            again.transcript(sc),
            g.transcript(sc),
            "a replay reads the same"
        );
    }
    assert!(
        repeats > 20,
        "answers repeated on consecutive turns: {repeats}"
    );
}

/// A move whose own cost or effects would undo a condition a win needs, and which holds now, is
/// named, on a turn that can decide the win: on 2013's last turn, Scale down exercises costs 3
/// credibility, so at 51 it undoes "credibility 50 or more" of a win judged at the end; Joint
/// air drills, which add credibility, undo nothing of it; on the first turn, with time to make
/// it good, nothing is said. Only figures in plain view are judged.
#[test]
fn a_move_that_undoes_what_a_win_needs_is_named() {
    use peninsula::rules::{Cond, VarRef};
    use peninsula::sim::progress::conditions_a_move_undoes;
    let mut sc = scenario("2013_third_test").clone();
    let id = |name: &str| sc.actions.iter().position(|a| a.id == name).unwrap() as u16;
    let (scale_down, drills) = (id("scale_down_drills"), id("joint_air_drills"));
    let credibility = sc.rules.var_index("washington.credibility").unwrap();
    let mut g = Game::new(&sc, 1);
    g.state.vars[credibility as usize] = 51.0;
    assert_eq!(
        conditions_a_move_undoes(&sc, &g.state, scale_down),
        Vec::new(),
        "turn 1: the wins are judged at the end"
    );
    g.state.turn = sc.def.turns;
    let undone = conditions_a_move_undoes(&sc, &g.state, scale_down);
    let named: Vec<(&str, &str, f32, f32)> = undone
        .iter()
        .map(|u| (u.win.as_str(), u.condition.as_str(), u.now, u.after))
        .collect();
    assert!(
        named.iter().any(
            |(win, condition, now, after)| win.starts_with("Bring the crisis down")
                && condition.contains("credibility")
                && *now == 51.0
                && *after == 48.0
        ),
        "{named:?}"
    );
    let drills_undo = conditions_a_move_undoes(&sc, &g.state, drills);
    assert!(
        !drills_undo
            .iter()
            .any(|u| u.condition.contains("credibility")),
        "{drills_undo:?}"
    );
    // Well above the bound, nothing to say.
    g.state.vars[credibility as usize] = 60.0;
    assert!(
        !conditions_a_move_undoes(&sc, &g.state, scale_down)
            .iter()
            .any(|u| u.condition.contains("credibility"))
    );
    // A win over a figure no panel shows (Pyongyang's test tempo), which the drills here push
    // past its bound: never named.
    let tempo = sc.rules.var_index("pyongyang.tempo").unwrap();
    let win = sc
        .objectives
        .iter()
        .position(|o| o.kind == peninsula::rules::ObjectiveKind::Win)
        .unwrap();
    sc.objectives[win]
        .when
        .push(Cond::AtMost(VarRef::Var(tempo), 1.0));
    sc.actions[drills as usize]
        .effects
        .push(peninsula::rules::Eff::Add(tempo, 1.0));
    let mut g = Game::new(&sc, 1);
    g.state.turn = sc.def.turns;
    assert_eq!(g.state.vars[tempo as usize], 1.0);
    let hidden = conditions_a_move_undoes(&sc, &g.state, drills);
    assert!(
        hidden.iter().all(|u| !u.condition.contains("tempo")),
        "{hidden:?}"
    );
}

/// The answers say which part of the turn moved each figure: replayed from the state before
/// the turn, the steps' changes add up to the turn's whole change of every figure in plain
/// view, the move's own effects are the move's, and a record from another game is refused.
#[test]
fn each_figure_a_turn_moved_is_put_down_to_the_step_that_moved_it() {
    use peninsula::sim::TurnStep;
    use peninsula::sim::attribution::changes_by_step;
    let sc = scenario("2017_fire_and_fury");
    let drills = sc
        .actions
        .iter()
        .position(|a| a.id == "joint_air_drills")
        .unwrap() as u16;
    let credibility = sc.rules.var_index("washington.credibility").unwrap();
    let proximity = sc.rules.var_index("world.proximity").unwrap();
    let mut some_answer_moved_a_figure = false;
    for seed in 1..=20 {
        let mut g = Game::new(sc, seed);
        let policy = Policy::load(sc, &root(), "balanced").unwrap();
        for turn in 0..6 {
            let a = if turn == 0 {
                drills
            } else {
                policy.choose(sc, &g.state)
            };
            let before = g.state.clone();
            let rec = g.play(sc, a).unwrap().clone();
            let steps = changes_by_step(sc, &before, &rec).expect("the turn replays");
            for (i, total) in before
                .vars
                .iter()
                .zip(&g.state.vars)
                .map(|(b, a)| a - b)
                .enumerate()
            {
                let put_down: f32 = steps
                    .iter()
                    .flat_map(|s| &s.changes)
                    .filter(|(v, _)| *v as usize == i)
                    .map(|(_, d)| d)
                    .sum();
                // Every figure a panel shows: its whole change put down to the steps (each
                // step's change under 0.05 is left out, so a few hundredths may go missing).
                if sc.rules.vars[i].key {
                    assert!(
                        (put_down - total).abs() < 0.05 * steps.len() as f32,
                        "seed {seed}, turn {turn}, {}: {put_down} of {total}",
                        sc.rules.vars[i].id
                    );
                } else {
                    assert_eq!(put_down, 0.0, "{} is no panel's", sc.rules.vars[i].id);
                }
            }
            some_answer_moved_a_figure |= steps.iter().any(|s| {
                matches!(s.step, TurnStep::Beijing | TurnStep::Pyongyang) && !s.changes.is_empty()
            });
            if turn == 0 {
                let mine = &steps[0];
                assert_eq!(mine.step, TurnStep::PlayerMove);
                assert!(mine.changes.contains(&(credibility, 3.0)), "{mine:?}");
                assert!(mine.changes.contains(&(proximity, 10.0)), "{mine:?}");
            }
            if g.state.outcome.is_some() {
                break;
            }
        }
        // A team game that plays both teams' moves: the second move's effects are the move's
        // step's too.
        let consult = sc
            .actions
            .iter()
            .position(|a| a.id == "consult_beijing")
            .unwrap() as u16;
        let us_relations = sc.rules.var_index("beijing.us_relations").unwrap();
        let mut both = Game::with_teams(sc, seed, peninsula::sim::teams::Settle::Both);
        let before = both.state.clone();
        let rec = both.play_teams(sc, [drills, consult]).unwrap().clone();
        assert_eq!(rec.also, Some(consult));
        let steps = changes_by_step(sc, &before, &rec).expect("a team turn replays");
        assert!(
            steps[0]
                .changes
                .iter()
                .any(|(v, d)| *v == us_relations && *d > 0.0),
            "{:?}",
            steps[0]
        );
        // A record from another game's turn does not replay from this state.
        let other = Game::new(sc, seed + 100);
        let mut elsewhere = other.clone();
        let rec = elsewhere.play(sc, drills).unwrap().clone();
        let mut here = Game::new(sc, seed);
        here.play(sc, drills);
        if here.log[0] != rec {
            assert_eq!(changes_by_step(sc, &Game::new(sc, seed).state, &rec), None);
        }
    }
    assert!(some_answer_moved_a_figure);
}

/// A card locked because what it does is done already says so: the military agreement, once
/// signed, locks its card as "done already (military agreement)", not "needs no military
/// agreement"; a fact with its own words for "off" keeps them ("needs hotline down").
#[test]
fn a_card_whose_deed_is_done_already_says_so() {
    use peninsula::sim::explain_unavailable;
    let sc = scenario("2018_the_thaw");
    let id = |name: &str| sc.actions.iter().position(|a| a.id == name).unwrap() as u16;
    let var = |name: &str| sc.rules.var_index(name).unwrap() as usize;
    let mut g = Game::new(sc, 1);
    g.state.vars[var("world.summit")] = 1.0;
    g.state.vars[var("world.military_agreement")] = 1.0;
    let agreement = id("military_agreement");
    let why = availability(sc, &g.state, agreement).unwrap_err();
    assert_eq!(
        explain_unavailable(sc, agreement, &why),
        "done already (military agreement)"
    );
    g.state.vars[var("world.hotline")] = 1.0;
    let hotline = id("open_hotline");
    let why = availability(sc, &g.state, hotline).unwrap_err();
    assert_eq!(explain_unavailable(sc, hotline, &why), "needs hotline down");
}

/// The forecast knows what the player knows: after a turn on which a hidden pause between test
/// campaigns came (`pyongyang.lull`), its odds are those after the same turn with no pause,
/// the game's dice and moves the same.
#[test]
fn the_forecast_does_not_know_a_hidden_variable() {
    let copy = scratch_copy("lull-not-on-turn-1");
    edit(
        &copy.join("assets/rules/events.ron"),
        "when: [AtMost(\"pyongyang.lull\", 0)],",
        "when: [AtMost(\"pyongyang.lull\", 0), AtLeast(\"turn\", 2)],",
    );
    let other = peninsula::rules::load_data(&copy).expect("the copy loads");
    let level = "2017_fire_and_fury";
    let without = level_in(&other, level);
    let with = scenario(level);
    let lull = |sc: &peninsula::rules::Scenario| {
        sc.rules
            .vars
            .iter()
            .position(|v| v.id == "pyongyang.lull")
            .expect("the shipped rules have the lull")
    };
    // A seed whose first turn brings the pause in the shipped rules.
    let drills = with.action_index("joint_air_drills").unwrap();
    let seed = (1..200)
        .find(|seed| {
            let mut s = peninsula::sim::new_game(with, *seed);
            peninsula::sim::resolve_turn(with, &mut s, drills);
            s.vars[lull(with)] >= 1.0 && s.outcome.is_none()
        })
        .expect("a pause comes on the first turn of some game");
    let after_one_turn = |sc: &peninsula::rules::Scenario| {
        let mut s = peninsula::sim::new_game(sc, seed);
        peninsula::sim::resolve_turn(sc, &mut s, drills);
        s
    };
    let (a, b) = (after_one_turn(with), after_one_turn(without));
    assert_eq!(a.vars[lull(with)], 1.0);
    assert_eq!(b.vars[lull(without)], 0.0, "no pause on turn 1 in the copy");
    assert_eq!(a.estimate, b.estimate, "the same estimate");
    let odds = |sc: &peninsula::rules::Scenario, s: &peninsula::sim::GameState| {
        let policy = Policy::load(sc, &root(), "balanced").unwrap();
        peninsula::sim::forecast::forecast(sc, s, &policy, 200, 1, 1)
    };
    assert_eq!(odds(with, &a), odds(without, &b), "seed {seed}");
}

/// A quiet event that moves only hidden variables (the pause between test campaigns) never
/// takes one of a turn's few event places from an event with news, even one a mod appends
/// after it: the news would be missing exactly on the turns the pause begins, and its absence
/// would tell the player. An event that is near certain fires whenever fewer than the most
/// events a turn came before it.
#[test]
fn a_hidden_event_never_crowds_out_the_news() {
    let copy = scratch_copy("news-after-the-pause");
    edit(
        &copy.join("assets/rules/events.ron"),
        "missiles by month 9, 1, 3, 2, 8, 8, 0, 0, 7, 8, 16, 7 (none in July and August); in 2017 none from Sep 15 to Nov 29: https://github.com/nagix/nk-missile-tests\"),\n    ],",
        "missiles by month 9, 1, 3, 2, 8, 8, 0, 0, 7, 8, 16, 7 (none in July and August); in 2017 none from Sep 15 to Nov 29: https://github.com/nagix/nk-missile-tests\"),\n        (id: \"a_mods_news\", name: \"A mod's news\", news: \"Something a mod reports every turn.\", chance: (base: 20.0), effects: []),\n    ],",
    );
    let data = peninsula::rules::load_data(&copy).expect("the copy loads");
    let sc = level_in(&data, "2017_fire_and_fury");
    let index = |id: &str| sc.rules.events.iter().position(|e| e.id == id).unwrap() as u16;
    let (news, pause) = (index("a_mods_news"), index("between_campaigns"));
    assert!(
        pause < news,
        "the mod's event comes after the pause in the file"
    );
    let policy = Policy::load(sc, &copy, "balanced").unwrap();
    let mut turns = 0;
    for seed in 1..=60 {
        let mut s = peninsula::sim::new_game(sc, seed);
        while s.outcome.is_none() {
            let a = policy.choose(sc, &s);
            let rec = peninsula::sim::resolve_turn(sc, &mut s, a);
            let fired: Vec<u16> = rec.fired_events().collect();
            let others = fired.iter().filter(|e| **e != news && **e != pause).count();
            if others < peninsula::sim::turn::MAX_EVENTS_PER_TURN {
                assert!(
                    fired.contains(&news),
                    "seed {seed} turn {}: the news is missing ({fired:?})",
                    rec.turn
                );
            }
            turns += 1;
        }
    }
    // In the file's order the pause, about one turn in ten, would have taken the news's place
    // on some of these turns (three quiet bookkeeping events fire almost every turn).
    assert!(turns > 500, "{turns} turns");
}

/// "Had it ended after turn N" (the debrief and report of a game ended early or still in
/// progress) is the outcome the level itself gives when its last turn is N: the same level cut
/// to N turns, with every objective judged at that end and from turn 1 (so that none ends it
/// sooner than the longer game), played with the same moves and dice, ends as the longer
/// game's reading says, turn by turn, on every level.
#[test]
fn had_it_ended_now_is_the_outcome_of_the_level_cut_there() {
    use peninsula::sim::turn::{new_game, outcome_if_ended_now, resolve_turn_quiet};
    let mut compared = 0;
    for id in data().level_ids() {
        let sc = scenario(id);
        let adaptive = Policy::load(sc, &root(), "adaptive").unwrap();
        for seed in 1..=12u64 {
            let mut long = new_game(sc, seed);
            let mut moves = Vec::new();
            for cut in 1..sc.def.turns {
                let a = adaptive.choose(sc, &long);
                moves.push(a);
                resolve_turn_quiet(sc, &mut long, a);
                if long.outcome.is_some() {
                    break;
                }
                let reading = outcome_if_ended_now(sc, &long).expect("no outcome yet");
                let mut short_sc = sc.clone();
                short_sc.def.turns = cut;
                for o in &mut short_sc.objectives {
                    o.not_before = 0;
                    o.check = peninsula::rules::ObjectiveCheck::AtEnd;
                }
                let mut short = new_game(&short_sc, seed);
                for &m in &moves {
                    resolve_turn_quiet(&short_sc, &mut short, m);
                }
                assert_eq!(
                    short.outcome,
                    Some(reading),
                    "{id}, seed {seed}, after turn {cut}"
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 300, "{compared}");
}

/// Hard's spread: each game opens each spread variable a whole number of points from the
/// level's start (after Hard's changes), no further than its spread, evenly on both sides, the
/// same for the same seed; Standard opens every game exactly at the level's figures. A player
/// at Hard meets a different opening each game, and a class code deals every group the same.
#[test]
fn hard_opens_each_game_within_its_spread_and_the_same_seed_the_same() {
    use peninsula::sim::new_game_at;
    for id in HISTORICAL_LEVELS.iter().chain(&["sandbox"]) {
        let sc = scenario(id);
        let rules = &sc.rules;
        let hard = rules.difficulty_index("hard").expect("a hard difficulty");
        let d = &rules.difficulties[hard as usize];
        assert!(d.spread.len() >= 5, "Hard spreads the opening");
        let standard = new_game_at(sc, 1, 0);
        assert_eq!(
            standard.vars, sc.start,
            "{id}: Standard opens at the level's figures"
        );
        // Where each variable stands before its draw: the level's start plus Hard's changes.
        let mut before = sc.start.clone();
        for (v, amount) in &d.start {
            let (min, max) = (rules.vars[*v as usize].min, rules.vars[*v as usize].max);
            before[*v as usize] = (before[*v as usize] + amount).clamp(min, max);
        }
        let mut shifts: Vec<std::collections::BTreeSet<i32>> =
            vec![Default::default(); d.spread.len()];
        for seed in 1..=300u64 {
            let s = new_game_at(sc, seed, hard);
            assert_eq!(
                s.vars,
                new_game_at(sc, seed, hard).vars,
                "{id}: seed {seed} twice"
            );
            for (k, (v, n)) in d.spread.iter().enumerate() {
                let info = &rules.vars[*v as usize];
                let at = s.vars[*v as usize];
                let from = before[*v as usize];
                assert_eq!(at.fract(), 0.0, "{id} {}: whole points, not {at}", info.id);
                assert!(
                    (at - from).abs() <= *n && (info.min..=info.max).contains(&at),
                    "{id} {}: {at} is more than {n} from {from}, or out of range",
                    info.id
                );
                if at > info.min && at < info.max {
                    shifts[k].insert((at - from) as i32);
                }
            }
            // The variables not spread open where Hard's changes put them.
            for (i, x) in s.vars.iter().enumerate() {
                if !d.spread.iter().any(|(v, _)| *v as usize == i) {
                    assert_eq!(*x, before[i], "{id}: {} moved", rules.vars[i].id);
                }
            }
        }
        for ((v, n), seen) in d.spread.iter().zip(&shifts) {
            let id_of = &rules.vars[*v as usize].id;
            // Over 300 games, a spread of n shows most of its 2n + 1 shifts, on both sides,
            // unless the variable's range stops it on one.
            assert!(
                seen.len() as f32 >= *n,
                "{id} {id_of}: only {seen:?} in 300 games"
            );
        }
    }
}
