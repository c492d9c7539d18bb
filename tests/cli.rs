//! The command line as a user meets it: `levels`, `play` with a log that replays, `sim --json`,
//! and clear one-line errors with exit code 2 for bad command lines.

mod support;

use support::*;

#[test]
fn levels_lists_one_line_per_level_starting_with_its_id() {
    let (code, out, _) = run(&["levels"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), data().levels.len());
    for id in HISTORICAL_LEVELS {
        let line = lines
            .iter()
            .find(|l| l.starts_with(id))
            .unwrap_or_else(|| panic!("no line for {id}: {out}"));
        assert!(line.contains("turns"), "{line}");
    }
}

#[test]
fn play_prints_a_transcript_and_its_log_replays_exactly() {
    let dir = scratch_dir("cli");
    let log = dir.join("game.ron");
    let (code, first, err) = run(&[
        "play",
        "--level",
        "2017_fire_and_fury",
        "--seed",
        "3",
        "--moves",
        "historical",
        "--log",
        log.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(first.contains("Turn 1 ·"), "{first}");
    assert!(
        first.contains("[rule `") && first.contains("over: "),
        "each AI response names its rule and what it was chosen over: {first}"
    );
    assert!(
        first.contains("Estimate:  "),
        "the intelligence estimate follows Pyongyang's answer: {first}"
    );
    assert!(first.contains("Outcome: "), "{first}");
    let (code, replay, err) = run(&["play", "--moves", log.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(first, replay, "replaying the log gives the same game");
}

#[test]
fn a_move_that_could_not_be_played_is_named_with_the_reason() {
    // On turn 1 of 2017 no provocation has come yet, so the Council cannot be asked for a
    // resolution: the turn is played as holding course, and the transcript says why.
    let dir = scratch_dir("unavailable");
    let moves = dir.join("moves.ron");
    std::fs::write(
        &moves,
        r#"(level: Some("2017_fire_and_fury"), seed: Some(5), moves: ["joint_un_action"])"#,
    )
    .unwrap();
    let (code, out, err) = run(&["play", "--moves", moves.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let turn1 = out.lines().find(|l| l.starts_with("  You:")).unwrap();
    assert_eq!(
        turn1,
        "  You:       Hold course (neither force nor restraint) — UN Security Council resolution \
         was unavailable: needs a provocation move by Pyongyang in the last 2 turns"
    );
}

#[test]
fn sim_json_has_the_documented_fields() {
    let (code, out, err) = run(&[
        "sim",
        "--level",
        "2022_seventh_test",
        "--policy",
        "balanced",
        "--runs",
        "200",
        "--seed",
        "4",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    for key in [
        "runs",
        "win_rate",
        "loss_rate",
        "war_rate",
        "nuclear_test_rate",
        "icbm_test_rate",
        "moratorium_rate",
        "summit_rate",
        "mean_final_tension",
        "mean_peak_tension",
    ] {
        assert!(v.get(key).is_some(), "missing {key}: {out}");
    }
    assert_eq!(v["runs"], 200);
    let total = v["win_rate"].as_f64().unwrap()
        + v["loss_rate"].as_f64().unwrap()
        + v["war_rate"].as_f64().unwrap();
    assert!(
        (total - 1.0).abs() < 1e-9,
        "outcome rates add up to 1: {total}"
    );
    // Split by hidden disposition, with missiles, launch days and each AI's choices.
    let by = v["by_disposition"].as_object().unwrap();
    assert_eq!(by.len(), 3, "{by:?}");
    let runs: u64 = by.values().map(|r| r["runs"].as_u64().unwrap()).sum();
    assert_eq!(runs, 200, "every game counted under its disposition");
    assert!(v["mean_missiles"].as_f64().unwrap() > 0.0);
    assert!(v["mean_launch_days"].as_f64().unwrap() > 0.0);
    let chosen: u64 = v["responses"]["pyongyang"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    let turns = (v["mean_turns"].as_f64().unwrap() * 200.0).round() as u64;
    assert_eq!(chosen, turns, "one Pyongyang answer per turn played");
    assert!(v["rules"]["beijing"].as_object().unwrap().len() > 5);
    // How the games ended: objective ids (and no_win, war), adding up to every game.
    let endings = v["endings"].as_object().unwrap();
    let ended: u64 = endings.values().map(|n| n.as_u64().unwrap()).sum();
    assert_eq!(ended, 200, "{endings:?}");
    assert!(
        endings.keys().any(|k| k != "no_win" && k != "war"),
        "some game ended on an objective: {endings:?}"
    );
}

/// `sim --difficulty hard` plays every game at Hard: its JSON names the difficulty, its table
/// says so in the heading, and the games differ from the default's; an unknown difficulty is
/// refused with the ones the rules define. Given before the command, where only the window
/// reads it, it is refused with where it goes, not silently dropped.
#[test]
fn sim_plays_at_a_difficulty_and_the_window_options_are_refused_before_a_command() {
    let args = |difficulty: &str| {
        [
            "sim",
            "--level",
            "sandbox",
            "--policy",
            "beijing",
            "--runs",
            "300",
            "--json",
            "--difficulty",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([difficulty.to_string()])
        .collect::<Vec<_>>()
    };
    let json = |difficulty: &str| {
        let a = args(difficulty);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let (code, out, err) = run(&a);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    let (hard, standard) = (json("hard"), json("standard"));
    assert_eq!(hard["difficulty"], "hard");
    assert_eq!(standard["difficulty"], "standard");
    assert_ne!(
        hard["mean_final_tension"], standard["mean_final_tension"],
        "Hard's games are not the default's"
    );
    let (code, out, _) = run(&[
        "sim",
        "--level",
        "sandbox",
        "--policy",
        "hawk",
        "--runs",
        "50",
        "--difficulty",
        "hard",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .next()
            .unwrap()
            .contains("with policy hawk, at difficulty hard (seed 1)"),
        "{out}"
    );
    let (code, _, err) = run(&[
        "sim",
        "--level",
        "sandbox",
        "--policy",
        "hawk",
        "--difficulty",
        "nonsense",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown difficulty \"nonsense\"; the rules define standard, hard"),
        "{err}"
    );
    let (code, out, err) = run(&[
        "--difficulty",
        "hard",
        "sim",
        "--level",
        "sandbox",
        "--policy",
        "hawk",
    ]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("--difficulty before the command is the game window's option")
            && err.contains("`peninsula sim --difficulty hard --level ID --policy NAME`"),
        "{err}"
    );
    let (code, _, err) = run(&["--facilitator", "levels"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--facilitator is an option of the game's window"),
        "{err}"
    );
}

/// The policy lab: several policies on the same seeds, in one table, as JSON, and as a picture.
#[test]
fn sim_compares_policies_on_the_same_seeds() {
    let dir = scratch_dir("lab");
    let plot = dir.join("lab.png");
    let args = [
        "sim",
        "--level",
        "2017_fire_and_fury",
        "--policy",
        "hawk,dove,hawk",
        "--runs",
        "120",
        "--seed",
        "9",
    ];
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with("hawk") || l.trim_start().starts_with("dove"))
        .collect();
    assert_eq!(rows.len(), 3, "one row per policy: {out}");
    assert_eq!(
        rows[0], rows[2],
        "the same policy on the same seeds gives the same row"
    );
    assert_ne!(rows[0], rows[1], "hawk and dove differ: {out}");
    assert!(
        out.contains("win v security"),
        "a column per disposition: {out}"
    );

    let mut json_args = args.to_vec();
    json_args.push("--json");
    let plot_arg = plot.to_str().unwrap();
    json_args.extend(["--plot", plot_arg]);
    let (code, out, err) = run(&json_args);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("a JSON array");
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 3);
    assert_eq!(arr[0]["policy"], "hawk");
    assert_eq!(arr[1]["policy"], "dove");
    assert_eq!(arr[0]["win_rate"], arr[2]["win_rate"]);
    // The picture: a real PNG, as tall as three rows of bars, and not blank.
    let bytes = std::fs::read(&plot).expect("the plot was written");
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.width, peninsula::report::lab::WIDTH);
    assert_eq!(info.height, peninsula::report::lab::height(3));
    let pixels = &buf[..info.buffer_size()];
    let distinct: std::collections::BTreeSet<&[u8]> = pixels.chunks(3).collect();
    assert!(
        distinct.len() > 20,
        "bars and text drawn: {} colours",
        distinct.len()
    );
}

#[test]
fn sim_table_for_people() {
    let (code, out, _) = run(&[
        "sim",
        "--level",
        "2013_third_test",
        "--policy",
        "hawk",
        "--runs",
        "50",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("win") && out.contains("mean peak tension"),
        "{out}"
    );
}

#[test]
fn unknown_level_names_what_exists() {
    let (code, out, err) = run(&[
        "play",
        "--level",
        "2017_fire_and_fury_x",
        "--moves",
        "historical",
    ]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("unknown level \"2017_fire_and_fury_x\""),
        "{err}"
    );
    assert!(err.contains("did you mean `2017_fire_and_fury`"), "{err}");
    assert!(!err.contains("--mod"), "a near miss is a typo: {err}");
    // A name close to none, as a mod's level is when its mod is not loaded, says how to load it.
    let (code, _, far) = run(&[
        "play",
        "--level",
        "tutorial_hotline",
        "--moves",
        "historical",
    ]);
    assert_eq!(code, 2);
    assert!(
        far.contains("a mod's level? load its mod with --mod DIR"),
        "{far}"
    );
    assert!(
        err.contains("2013_third_test"),
        "the error lists the levels: {err}"
    );
    assert_eq!(err.lines().count(), 1, "one line: {err}");
}

#[test]
fn bad_seed_is_a_usage_error() {
    let (code, _, err) = run(&[
        "play",
        "--level",
        "sandbox",
        "--seed",
        "minus-one",
        "--moves",
        "historical",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--seed"), "{err}");
    assert!(err.contains("minus-one"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    // A negative seed reads as an unknown flag: the line says what a seed must be.
    let (code, _, err) = run(&["play", "--level", "sandbox", "--seed", "-1"]);
    assert_eq!(code, 2);
    assert!(err.contains("whole numbers, 0 or more"), "{err}");
    assert!(!err.contains("-- -1"), "no tip that does not work: {err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    // A file name in another encoding than UTF-8 (a Latin-1 "café.ron") is a usage error
    // on one line, naming the command's help, not a panic.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let latin1 = std::ffi::OsStr::from_bytes(b"caf\xe9.ron");
        let (code, _, err) = output_of(
            peninsula_in(&support::root())
                .args(["play", "--moves"])
                .arg(latin1),
        );
        assert_eq!(code, 2, "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains("UTF-8"), "the line says what is wrong: {err}");
        assert!(err.contains("peninsula play --help"), "{err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
    }
    // A what-if's turn is counted from 1: for 0, as for a huge number, the line gives the
    // turns the game has.
    let dir = scratch_dir("whatif-turns");
    let game = dir.join("game.ron");
    std::fs::write(
        &game,
        r#"(level: Some("2017_fire_and_fury"), seed: Some(3), moves: ["hold_course", "hold_course"], ended: true)"#,
    )
    .unwrap();
    for turn in ["0", "99999999999", "3"] {
        let (code, _, err) = run(&[
            "whatif",
            game.to_str().unwrap(),
            "--turn",
            turn,
            "--move",
            "hold_course",
        ]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("has turns 1 to 2"), "{turn}: {err}");
    }
}

/// `play` without `--moves` says what `--moves` takes, and points to `play --help`, which
/// explains it (the top-level help does not).
#[test]
fn play_without_moves_says_what_moves_takes() {
    let (code, _, err) = run(&["play", "--level", "2017_fire_and_fury", "--seed", "3"]);
    assert_eq!(code, 2);
    assert!(err.contains("--moves"), "{err}");
    assert!(err.contains("e.g. `--moves historical`"), "{err}");
    assert!(err.contains("(see `peninsula play --help`)"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
}

#[test]
fn missing_moves_file_is_named() {
    let (code, _, err) = run(&["play", "--level", "sandbox", "--moves", "no/such/moves.ron"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/moves.ron"), "{err}");
}

#[test]
fn unknown_policy_lists_the_built_ins() {
    let (code, _, err) = run(&[
        "sim", "--level", "sandbox", "--policy", "hawkish", "--runs", "5",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("hawk, dove, beijing, balanced, deterrence, adaptive, historical, random"),
        "{err}"
    );
}

#[test]
fn missing_data_folder_says_where_it_looked() {
    let (code, _, err) = run(&["levels", "--data", "/nonexistent/peninsula"]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/peninsula"), "{err}");
}

/// Started from a folder with no data (a teacher opening the built program from elsewhere),
/// the game finds the data it was built with, even with its target folder outside the source
/// tree (as CI keeps it).
#[test]
fn the_game_finds_its_data_from_any_folder() {
    let elsewhere = scratch_dir("no-data-here");
    let (code, listed, err) = output_of(peninsula_in(&elsewhere).arg("levels"));
    assert_eq!(code, 0, "{err}");
    assert!(listed.contains("2013_third_test"), "{listed}");
}

/// Without an X display the desktop game says so in a line and exits 2, not a panic.
#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn the_desktop_game_without_a_display_says_so() {
    let (code, _, err) = output_of(peninsula_in(&root()).env_remove("DISPLAY"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no display"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn validate_passes_on_the_shipped_data() {
    let (code, out, _) = run(&["validate"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("no problems"), "{out}");
}

/// `calibrate` replays each level's script and checks its targets: the shipped levels pass.
#[test]
fn calibrate_checks_every_shipped_level() {
    let (code, out, err) = run(&["calibrate", "--runs", "300"]);
    assert_eq!(code, 0, "{out}{err}");
    for id in [
        "2013_third_test",
        "2017_fire_and_fury",
        "2018_the_thaw",
        "2022_seventh_test",
    ] {
        assert!(out.contains(id), "{id} is calibrated: {out}");
    }
    assert!(out.contains(" passed, 0 failed"), "{out}");
    assert!(
        out.contains("launch days") && out.contains("real: "),
        "{out}"
    );
}

/// `calibrate` says how much of each level's record the model lets happen, and names a scripted
/// turn the rules refuse with their reason; the share agrees with replaying the games one by one.
#[test]
fn calibrate_reports_the_scripted_moves_the_model_refuses() {
    let (code, out, err) = run(&["calibrate", "2013_third_test", "--runs", "200"]);
    assert_eq!(code, 0, "{err}");
    let line = out
        .lines()
        .find(|l| l.starts_with("  script: the record's moves played as written on "))
        .unwrap_or_else(|| panic!("{out}"));
    // The same share, counted from the engine's games on the batch's seeds.
    let sc = support::scenario("2013_third_test");
    let (mut reached, mut refused) = (0u64, 0u64);
    for i in 0..200 {
        let mut g = peninsula::sim::Game::new(sc, peninsula::sim::rng::batch_seed(1, i));
        while g.state.outcome.is_none() {
            let turn = g.state.turn as usize;
            let a = peninsula::sim::policy::Policy::Historical.choose(sc, &g.state);
            let rec = g.play(sc, a).unwrap().clone();
            if sc.script.get(turn - 1).copied().flatten().is_some() {
                reached += 1;
                refused += u64::from(rec.taken != rec.requested);
            }
        }
    }
    let share = 100.0 * (reached - refused) as f64 / reached as f64;
    assert!(
        line.contains(&format!("{share:.1}%")),
        "{line} vs {share:.1}%"
    );
    assert!(
        out.lines().any(|l| l.contains("turn 10 Inter-Korean talks")
            && l.contains(
                "(needs talks momentum 35+ or an engagement move by Pyongyang in the last 3 turns)"
            )),
        "{out}"
    );
}

/// A dated answer of the record is checked as the level words it: `calibrate` names 2017's
/// alert "Readies a strike plan against Guam" (its `response_texts`), and the share of games with
/// the force declared complete and the mean turn it first comes agree with replaying the games
/// one by one.
#[test]
fn calibrate_checks_a_dated_answer_against_the_games_themselves() {
    let runs = 200;
    let (code, out, err) = run(&["calibrate", "2017_fire_and_fury", "--runs", "200"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(" games with: Readies a strike plan against Guam ")
            && out.contains(" turn of: Declares its nuclear force complete "),
        "{out}"
    );
    let sc = support::scenario("2017_fire_and_fury");
    let declare = sc
        .rules
        .pyongyang
        .responses
        .iter()
        .position(|r| r.id == "declare_force_complete")
        .unwrap() as u16;
    let (mut games, mut turns) = (0u64, 0u64);
    for i in 0..runs {
        let mut g = peninsula::sim::Game::new(sc, peninsula::sim::rng::batch_seed(1, i));
        while g.state.outcome.is_none() {
            let a = peninsula::sim::policy::Policy::Historical.choose(sc, &g.state);
            g.play(sc, a).unwrap();
        }
        if let Some(first) = g
            .log
            .iter()
            .find(|rec| rec.pyongyang.is_some_and(|d| d.response == declare))
        {
            games += 1;
            turns += first.turn as u64;
        }
    }
    assert!(games > 0, "no replay declared the force complete");
    let line = |label: &str| {
        out.lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("{label}: {out}"))
            .to_string()
    };
    let rate = line("games with: Declares its nuclear force complete");
    let share = format!("{:.0}%", 100.0 * games as f64 / runs as f64);
    assert!(
        rate.contains(&format!("result {share:>6}")),
        "{rate} vs {share}"
    );
    let turn = line("turn of: Declares its nuclear force complete");
    let mean = format!("{:.1}", turns as f64 / games as f64);
    assert!(
        turn.contains(&format!("result {mean:>6}"))
            && turn.contains(&format!("(in {share} of the games;")),
        "{turn} vs {mean} in {share}"
    );
}

/// A calibration target's answer is checked where it is written: an answer with a metric that
/// counts none, and an answer metric with no answer, are each an error at `path:line:col`,
/// naming the field. A misspelt id is a warning there (a mod may take an answer out and leave
/// the level playable), and `calibrate` fails the target, naming the answer it cannot find.
#[test]
fn a_calibration_answer_is_checked_where_it_is_written() {
    for (name, from, to, field, says, code_wanted) in [
        (
            "answer-typo",
            "(metric: AnswerRate, answer: \"dismantle_site\",",
            "(metric: AnswerRate, answer: \"dismantle_sites\",",
            "].answer: warning: ",
            "pyongyang has no answer \"dismantle_sites\" (did you mean `dismantle_site`?)",
            0,
        ),
        (
            "answer-misplaced",
            "(metric: WarRate, min: 0, max: 0.02,",
            "(metric: WarRate, answer: \"dismantle_site\", min: 0, max: 0.02,",
            "].answer",
            "WarRate counts no answer",
            1,
        ),
        (
            "answer-missing",
            "(metric: FirstAnswerTurn, answer: \"dismantle_site\",",
            "(metric: FirstAnswerTurn,",
            "].metric",
            "FirstAnswerTurn counts one of Pyongyang's answers",
            1,
        ),
    ] {
        let dir = support::scratch_copy(&format!("calibrate-{name}"));
        let level = dir.join("levels/2018_the_thaw.ron");
        support::edit(&level, from, to);
        let (code, out, _) = run(&["validate", level.to_str().unwrap()]);
        assert_eq!(code, code_wanted, "{name}: {out}");
        let at = out
            .lines()
            .find(|l| l.contains(says))
            .unwrap_or_else(|| panic!("{name}: {out}"));
        assert!(
            at.contains("2018_the_thaw.ron:") && at.contains(field),
            "{name}: {at}"
        );
    }
    // The misspelt answer's target fails `calibrate`, which says why.
    let dir = support::scratch_copy("calibrate-answer-typo-run");
    support::edit(
        &dir.join("levels/2018_the_thaw.ron"),
        "(metric: AnswerRate, answer: \"dismantle_site\",",
        "(metric: AnswerRate, answer: \"dismantle_sites\",",
    );
    let data = dir.to_str().unwrap();
    let (code, out, _) = run(&[
        "--data",
        data,
        "calibrate",
        "2018_the_thaw",
        "--runs",
        "100",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("  FAIL games with: dismantle_sites ")
            && out.contains("pyongyang has no answer \"dismantle_sites\" in these rules"),
        "{out}"
    );
}

/// An inject after the log's last move (the facilitator's, before a turn not yet played) is
/// told in the transcript: it has happened, and the forecast already counts it.
#[test]
fn an_inject_before_a_turn_not_yet_played_is_in_the_transcript() {
    let (_dir, log) = written(
        "cli-pending-inject",
        "game.ron",
        "(level: Some(\"2017_fire_and_fury\"), seed: Some(3), moves: [\"hold_course\", \"hold_course\"], injects: [(turn: 3, id: \"defector_crosses_dmz\")])\n",
    );
    let (code, out, err) = run(&["play", "--moves", log.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    // Two turns of sixteen: no score, since the outcome is not known yet; how it would have
    // ended after them instead.
    assert!(
        out.contains("No score (the game did not reach its end; had it ended after turn 2: a ")
            && out.contains(" / 100) · peak tension"),
        "{out}"
    );
    let sc = support::scenario("2017_fire_and_fury");
    let inject = &sc.injects[sc.inject_index("defector_crosses_dmz").unwrap() as usize];
    assert!(
        out.contains(&format!(
            "Turn 3 · not yet played\n  Inject:    {} (the facilitator)\n             {}",
            inject.name, inject.news
        )),
        "{out}"
    );
}

/// `calibrate --by-type` puts each target's figure for every hidden type under it, and a target
/// the level notes as a known gap is reported as one, with its reason, and does not fail.
/// 2013's shipped gaps are its combat alert's (how often, and when); one more is noted on a
/// scratch copy, on a band the replays miss.
#[test]
fn calibrate_by_type_names_each_type_and_reports_a_known_gap() {
    let dir = support::scratch_copy("calibrate-gap-noted");
    support::edit(
        &dir.join("levels/2013_third_test.ron"),
        "(metric: LastLaunchTurn, min: 5, max: 9,",
        "(metric: LastLaunchTurn, min: 5, max: 7, gap: \"the replays fire once more after the North's offer, before the talks meet\",",
    );
    let data = dir.to_str().unwrap();
    let (code, out, err) = run(&[
        "--data",
        data,
        "calibrate",
        "2013_third_test",
        "--by-type",
        "--runs",
        "300",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    let targets: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            ["  pass ", "  gap  ", "  FAIL "]
                .iter()
                .any(|p| lines[i].starts_with(p))
        })
        .collect();
    assert!(targets.len() >= 10, "{out}");
    for i in targets {
        // The target's line, then its gap (if any), then the figures by type.
        let by_type = lines[i + 1..]
            .iter()
            .take(2)
            .find(|l| l.trim_start().starts_with("by type: "))
            .unwrap_or_else(|| panic!("no figures by type under {}\n{out}", lines[i]));
        for name in ["Security seeker ", "Builder ", "Opportunist "] {
            assert!(by_type.contains(name), "{by_type}");
        }
    }
    let gap = lines
        .iter()
        .position(|l| l.starts_with("  gap  turn of the last launches"))
        .unwrap_or_else(|| panic!("the last launches are a known gap: {out}"));
    assert!(
        lines[gap + 1]
            .trim_start()
            .starts_with("known gap: the replays fire once more after the North's offer"),
        "{}",
        lines[gap + 1]
    );
    assert!(out.contains(" passed, 0 failed, 3 known gaps\n"), "{out}");
    // The shipped 2013 meets every target but its alert's two known gaps; without the flag, no
    // figures by type: the hidden types stay out of the plain report.
    let (code, plain, _) = run(&["calibrate", "2013_third_test", "--runs", "300"]);
    assert_eq!(code, 0, "{plain}");
    assert!(
        plain.contains("  pass turn of the last launches"),
        "{plain}"
    );
    assert!(
        plain.contains(" passed, 0 failed, 2 known gaps\n"),
        "{plain}"
    );
    assert!(
        plain.contains("  gap  games with: Puts its forces on combat alert "),
        "{plain}"
    );
    assert!(
        !plain.contains("by type:") && !plain.contains("Builder"),
        "{plain}"
    );
}

/// `calibrate LEVEL --runs 200` on a scratch copy of the data whose level file has one
/// calibration line changed (`from` to `to`): the exit code and what it printed.
fn calibrate_edited(name: &str, level: &str, from: &str, to: &str) -> (i32, String) {
    let dir = support::scratch_copy(name);
    support::edit(&dir.join(format!("levels/{level}.ron")), from, to);
    let data = dir.to_str().unwrap();
    let (code, out, _) = run(&["--data", data, "calibrate", level, "--runs", "200"]);
    (code, out)
}

/// A known gap the model closes is reported as met, with a word to remove the note.
#[test]
fn calibrate_says_when_a_known_gap_is_closed() {
    let (code, out) = calibrate_edited(
        "calibrate-gap-closed",
        "2013_third_test",
        "(metric: LastLaunchTurn, min: 5, max: 9,",
        "(metric: LastLaunchTurn, min: 5, max: 9, gap: \"a note the model has outgrown\",",
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("  pass turn of the last launches"), "{out}");
    assert!(
        out.contains("the known gap noted for this target is closed: remove its `gap`"),
        "{out}"
    );
    assert!(out.contains(" passed, 0 failed, 2 known gaps\n"), "{out}");
}

/// A level whose targets the model misses makes `calibrate` fail with exit 1, naming the line.
#[test]
fn calibrate_fails_on_a_missed_target() {
    let (code, out) = calibrate_edited(
        "calibrate-miss",
        "2018_the_thaw",
        "(metric: MoratoriumRate, min: 0.6, max: 1,",
        "(metric: MoratoriumRate, min: 0, max: 0.01,",
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL games with a test moratorium"), "{out}");
}

/// `play --moves` takes a policy file, and `validate` recognises one wherever it lives.
#[test]
fn policy_files_play_and_validate_from_anywhere() {
    let dir = scratch_dir("policy");
    let good = dir.join("mine.ron");
    std::fs::write(
        &good,
        "(name: \"mine\", families: {Restraint: 1.0},\n rules: [(action: \"security_assurances\", weight: 2.0, when: [AtLeast(\"estimate.security_seeker\", 40)])])\n",
    )
    .unwrap();
    let (code, out, err) = run(&[
        "play",
        "--level",
        "sandbox",
        "--seed",
        "2",
        "--moves",
        good.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Outcome: "), "{out}");
    let (code, out, _) = run(&["validate", good.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let bad = dir.join("typo.ron");
    std::fs::write(
        &bad,
        "(name: \"typo\", families: {Restraint: 1.0},\n rules: [(action: \"security_assurance\", weight: 2.0, when: [AtLeast(\"estimate.securty_seeker\", 40)])])\n",
    )
    .unwrap();
    let (code, out, _) = run(&["validate", bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("typo.ron:2:"), "{out}");
    assert!(out.contains("security_assurances"), "did you mean: {out}");
    assert!(out.contains("security_seeker"), "did you mean: {out}");
}

/// A game played from a class code says what the code sets, including what only the desktop
/// plays (the teams' hot seat, the hidden forecast), and its log keeps the code; a rewind of that
/// log keeps it too.
/// A teacher can deal the class the Pyongyang the lesson needs: `--type` takes the first seed
/// from `--seed` on that deals it, and says so on standard error, never in the code; the game
/// the code opens is of that type.
#[test]
fn a_class_code_can_deal_the_type_a_lesson_needs() {
    for want in ["builder", "opportunist", "security_seeker"] {
        let (code, out, err) = run(&[
            "class-code",
            "--level",
            "2017_fire_and_fury",
            "--seed",
            "9",
            "--type",
            want,
        ]);
        assert_eq!(code, 0, "{err}");
        let class = out.trim().to_string();
        assert_eq!(
            out.lines().count(),
            1,
            "only the code on standard output: {out}"
        );
        let name = want.replace('_', " ");
        assert!(
            err.starts_with(&format!(
                "Pyongyang's hidden type in this game: {name} (seed "
            )),
            "{err}"
        );
        let (code, out, err) = run(&["play", "--class-code", &class, "--moves", "dove"]);
        assert_eq!(code, 0, "{err}");
        let last = out.lines().last().unwrap_or_default().to_lowercase();
        assert!(
            last.ends_with(&format!("hidden disposition: {name}")),
            "{want}: {last}"
        );
    }
    // Without `--type`, `--show-type` names the type the seed deals (seed 9 of 2017: a builder).
    let (code, _, err) = run(&[
        "class-code",
        "2017_fire_and_fury",
        "--seed",
        "9",
        "--show-type",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("hidden type in this game: builder (seed 9)"),
        "{err}"
    );
    // With the seed drawn from the clock, the seed and the type printed are the ones the code
    // deals (a clock seed is cut to the code's 16 bits first).
    for _ in 0..4 {
        let (code, out, err) = run(&["class-code", "2017_fire_and_fury", "--show-type"]);
        assert_eq!(code, 0, "{err}");
        let class = peninsula::sim::class_code::decode(data(), out.trim()).unwrap();
        let sc = data()
            .level("2017_fire_and_fury")
            .unwrap()
            .scenario()
            .unwrap();
        let dealt = peninsula::sim::new_game(sc, class.seed).disposition as usize;
        let name = sc.rules.pyongyang.dispositions[dealt].name.to_lowercase();
        assert!(
            err.contains(&format!(
                "hidden type in this game: {name} (seed {})",
                class.seed
            )) && err.contains(&format!("), seed {};", class.seed)),
            "{}: {err}",
            out.trim()
        );
    }
    // Without either, nothing but the code, and the teacher's key beside it on standard error
    // (the key of that code: it turns on the facilitator's controls in its games).
    let (_, out, err) = run(&["class-code", "2017_fire_and_fury", "--seed", "9"]);
    assert!(!err.contains("hidden type"), "{err}");
    let class = peninsula::sim::class_code::decode(data(), out.trim()).unwrap();
    let key = peninsula::sim::class_code::teacher_key(&class);
    assert!(
        key.len() == 4 && key.chars().all(|c| c.is_ascii_digit()),
        "{key}"
    );
    assert!(
        err.starts_with(&format!("Teacher's key: {key} (")) && !out.contains(&key),
        "the key on standard error only: {err}"
    );
    // And what the code deals, in words, for the teacher to check before handing it out.
    assert!(
        err.lines().any(|l| l
            == "The code deals: Fire and Fury (2017), seed 9; one player or group a machine; the forecast shown; difficulty Standard"),
        "{err}"
    );
    let (_, _, err) = run(&[
        "class-code",
        "2017_fire_and_fury",
        "--seed",
        "9",
        "--teams",
        "alternate",
        "--no-forecast",
    ]);
    assert!(
        err.contains("; advisor teams (when the teams disagree, the Washington team decides on odd turns and the Seoul team on even turns); the forecast hidden; "),
        "{err}"
    );
    // Another code has another key, as like as not: a key read off one game's code opens no
    // other (these two seeds' keys differ).
    let (_, other, _) = run(&["class-code", "2017_fire_and_fury", "--seed", "10"]);
    let other = peninsula::sim::class_code::decode(data(), other.trim()).unwrap();
    assert_ne!(peninsula::sim::class_code::teacher_key(&other), key);
    // An unknown type lists the ones there are.
    let (code, _, err) = run(&["class-code", "2017_fire_and_fury", "--type", "hawk"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown type \"hawk\"") && err.contains("opportunist"),
        "{err}"
    );
}

/// A log replayed with a class code plays only on that code's seed: a log of another code's
/// game (a teacher checking a group's log against the wrong code) is refused, naming both
/// seeds, where it was once played on the code's seed as a third game without a word.
#[test]
fn a_log_of_another_class_codes_game_is_refused() {
    let dir = scratch_dir("cli-other-code");
    let code_for = |seed: &str| {
        let (code, out, err) = run(&[
            "class-code",
            "--level",
            "2017_fire_and_fury",
            "--seed",
            seed,
            "--teams",
            "alternate",
        ]);
        assert_eq!(code, 0, "{err}");
        out.trim().to_string()
    };
    let (nine, ten) = (code_for("9"), code_for("10"));
    let log = dir.join("nine.ron");
    let (code, _, err) = run(&[
        "play",
        "--class-code",
        &nine,
        "--moves",
        "dove",
        "--log",
        log.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(&[
        "play",
        "--class-code",
        &ten,
        "--moves",
        log.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains(&format!(
            "is a game of class code {nine}, but the class code {ten} deals another game"
        )) && !err.contains("seed 10")
            && !err.contains("seed 9"),
        "{err}"
    );
    let (code, out, err) = run(&[
        "play",
        "--class-code",
        &nine,
        "--moves",
        log.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(&format!("Class code {nine}")), "{out}");
}

#[test]
fn a_class_code_game_names_its_code_and_options_in_the_transcript_and_the_log() {
    let dir = scratch_dir("cli-class");
    let (code, out, err) = run(&[
        "class-code",
        "--level",
        "2017_fire_and_fury",
        "--seed",
        "9",
        "--no-forecast",
        "--difficulty",
        "hard",
        "--teams",
        "lead",
    ]);
    assert_eq!(code, 0, "{err}");
    let class = out.trim().to_string();
    let log = dir.join("class.ron");
    let (code, out, err) = run(&[
        "play",
        "--class-code",
        &class,
        "--moves",
        "balanced",
        "--log",
        log.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let first = out.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(&format!(
            "Class code {class}: 2017_fire_and_fury, difficulty Hard"
        )),
        "{first}"
    );
    // The seed is printed nowhere a student reads: with it, `class-code` prints the teacher's
    // key. The transcript names the game by its code.
    assert!(!out.contains("seed 9"), "{out}");
    assert!(
        out.contains(&format!("— level 2017_fire_and_fury, class code {class}\n")),
        "{out}"
    );
    assert!(first.contains("settled by \"lead\""), "{first}");
    assert!(first.contains("the forecast hidden"), "{first}");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains(&format!("class_code: Some(\"{class}\")")),
        "{text}"
    );
    // Replaying the log says where it came from; a rewind to another move is not the class's
    // game, so its log does not claim the code (and says so): it names it only as the game the
    // what-if parts from, keeping the level's setup.
    let (code, out, _) = run(&["play", "--moves", log.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.starts_with(&format!("Class code {class}")), "{out}");
    let rewound = dir.join("rewound.ron");
    let (code, _, err) = run(&[
        "whatif",
        log.to_str().unwrap(),
        "--turn",
        "2",
        "--move",
        "hold_course",
        "--log",
        rewound.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&rewound).unwrap();
    let parsed: peninsula::rules::raw::MovesFile = ron::from_str(&text).unwrap();
    assert!(
        parsed.class_code.is_none() && text.contains("difficulty: Some(\"hard\")"),
        "{text}"
    );
    assert_eq!(
        parsed.whatif.and_then(|w| w.class_code).as_deref(),
        Some(class.as_str()),
        "{text}"
    );
    assert!(
        err.contains(&format!(
            "the new log names the class code {class} only as the game it parts from"
        )),
        "{err}"
    );
    // Replayed on another seed, the game is no longer the code's: the code is dropped, and said.
    let other = dir.join("other.ron");
    let (code, out, err) = run(&[
        "play",
        "--moves",
        log.to_str().unwrap(),
        "--seed",
        "3",
        "--log",
        other.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.starts_with("Class code"), "{out}");
    assert!(err.contains("does not describe this game"), "{err}");
    let text = std::fs::read_to_string(&other).unwrap();
    assert!(!text.contains("class_code"), "{text}");
}

/// `validate` reads a game's log as a log, not as a level: its level and each of its moves are
/// checked, and a wrong move is named at its place.
#[test]
fn validate_reads_a_log_as_a_log_and_names_a_wrong_move_at_its_place() {
    let dir = scratch_dir("cli-vlog");
    let log = dir.join("game.ron");
    std::fs::write(
        &log,
        "(\n    level: Some(\"2017_fire_and_fury\"),\n    seed: Some(3),\n    moves: [\n        \"hold_course\",\n        \"consult_bejing\",\n    ],\n)\n",
    )
    .unwrap();
    let (code, out, err) = run(&["validate", log.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(&format!(
            "{}:6:9: moves[1]: \"consult_bejing\" is not an action of 2017_fire_and_fury",
            log.display()
        )),
        "{out}"
    );
    assert!(out.contains("consult_beijing"), "a suggestion: {out}");
    assert!(!out.contains("unknown field"), "not read as a level: {out}");
    std::fs::write(
        &log,
        "(level: Some(\"2017_fire_and_fury\"), seed: Some(3), moves: [\"hold_course\"])\n",
    )
    .unwrap();
    let (code, out, _) = run(&["validate", log.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    // A what-if's log (as `whatif --log` and a what-if's report write it) is a log too: its
    // `of_turns` is not a level's `turns`.
    std::fs::write(
        &log,
        "(level: Some(\"2017_fire_and_fury\"), seed: Some(3), moves: [\"hold_course\"], whatif: Some((from_turn: 1, of_turns: 16)))\n",
    )
    .unwrap();
    let (code, out, err) = run(&["validate", log.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("unknown field"), "not read as a level: {out}");
}

/// A scratch folder holding `file` with `text`; the folder lives as long as the first value.
fn written(
    name: &str,
    file: &str,
    text: impl AsRef<[u8]>,
) -> (support::Scratch, std::path::PathBuf) {
    let dir = scratch_dir(name);
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// What `play --moves` refuses in a log, `validate` reports too: more moves than the level has
/// turns, an inject the level does not have.
#[test]
fn validate_refuses_the_logs_play_refuses() {
    let moves = vec!["\"hold_course\""; 17].join(", ");
    let (_dir, log) = written(
        "cli-vlog-shape",
        "game.ron",
        format!("(level: Some(\"2018_the_thaw\"), seed: Some(1), moves: [{moves}])\n"),
    );
    let (code, out, err) = run(&["validate", log.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("moves: 17 moves, but 2018_the_thaw lasts 14 turns"),
        "{out}"
    );
    let (code, _, err) = run(&["play", "--moves", log.to_str().unwrap()]);
    assert_eq!(code, 2, "play refuses it too: {err}");
    std::fs::write(
        &log,
        "(level: Some(\"2018_the_thaw\"), seed: Some(1), moves: [\"hold_course\"], injects: [(turn: 1, id: \"no_such_inject\")])\n",
    )
    .unwrap();
    let (code, out, err) = run(&["validate", log.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(
            "injects[0].id: \"no_such_inject\" is not an inject of 2018_the_thaw; its injects: none"
        ),
        "{out}"
    );
    // A near miss is named at its id, with the inject it was probably meant to be.
    std::fs::write(
        &log,
        "(level: Some(\"2022_seventh_test\"), seed: Some(1), moves: [\"hold_course\"],\n    injects: [(turn: 1, id: \"missile_over_japn\")])\n",
    )
    .unwrap();
    let (code, out, err) = run(&["validate", log.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(":2:25: injects[0].id: \"missile_over_japn\" is not an inject of 2022_seventh_test (did you mean `missile_over_japan`?)"),
        "{out}"
    );
    // A log that names no level is played with `--level`: a move no level has is named.
    std::fs::write(&log, "(moves: [\"nonsense_move\", \"hold_course\"])\n").unwrap();
    let (code, out, err) = run(&["validate", log.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("moves[0]: \"nonsense_move\" is not an action of any level"),
        "{out}"
    );
    std::fs::write(
        &log,
        "(level: Some(\"2022_seventh_test\"), seed: Some(1), moves: [\"hold_course\"],\n    injects: [(turn: 1, id: \"missile_over_japn\")])\n",
    )
    .unwrap();
    // `play` names the slip at the same place, not only by the file's name.
    let (code, _, err) = run(&["play", "--moves", log.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(":2:25: injects[0].id: "), "{err}");
    std::fs::write(
        &log,
        "(level: Some(\"2022_seventh_test\"), seed: Some(1), moves: [\"hold_course\"],\n    difficulty: Some(\"hrd\"))\n",
    )
    .unwrap();
    let (code, _, err) = run(&["play", "--moves", log.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(":2:5: difficulty: unknown difficulty \"hrd\""),
        "the log's own difficulty is named in the log: {err}"
    );
    // What play refuses when it sets the game up: a difficulty, a team rule or a team's
    // proposal the rules do not have; and a what-if rewound to a turn its game never had.
    let cases = [
        (
            "difficulty: Some(\"hardd\")",
            "difficulty: unknown difficulty \"hardd\"",
            true,
        ),
        (
            "teams: Some((rule: \"lea\", proposals: [(\"hold_course\", \"hold_course\")]))",
            "teams.rule: unknown team rule \"lea\"",
            true,
        ),
        (
            "teams: Some((rule: \"lead\", proposals: [(\"hold_course\", \"hold_corse\")]))",
            "teams.proposals[0]: turn 1: \"hold_corse\" is not an action",
            true,
        ),
        (
            "whatif: Some((from_turn: 40, of_turns: 12))",
            "whatif.from_turn: a rewind to turn 40, but the game before it had turns 1 to 12",
            false,
        ),
    ];
    for (field, said, play_refuses) in cases {
        std::fs::write(
            &log,
            format!("(level: Some(\"2018_the_thaw\"), seed: Some(1), moves: [\"hold_course\"], {field})\n"),
        )
        .unwrap();
        let (code, out, err) = run(&["validate", log.to_str().unwrap()]);
        assert_eq!(code, 1, "{field}: {out}{err}");
        assert!(out.contains(said), "{field}: {out}");
        if play_refuses {
            let (code, _, err) = run(&["play", "--moves", log.to_str().unwrap()]);
            assert_eq!(code, 2, "play refuses {field} too: {err}");
        }
    }
}

/// A broken moves file is an error: it goes to standard error, so that `forecast --json >
/// out.json` never writes a problem into the JSON; and a raw control character in it is refused
/// at its place, named by its code, never sent to the terminal.
#[test]
fn a_broken_moves_file_is_reported_on_standard_error_and_escaped() {
    let (_dir, log) = written("cli-stderr", "broken.ron", "hello\n");
    for command in ["forecast", "play"] {
        let mut args = vec![command, "--moves", log.to_str().unwrap()];
        if command == "forecast" {
            args.extend(["--json", "--level", "2018_the_thaw"]);
        }
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{command}: {out}{err}");
        assert!(
            out.is_empty(),
            "{command} printed to standard output: {out}"
        );
        assert!(err.contains("broken.ron:1:1:"), "{command}: {err}");
    }
    std::fs::write(
        &log,
        "(level: Some(\"2018_the_thaw\"), seed: Some(1), moves: [\"\u{1b}[2J\"])\n",
    )
    .unwrap();
    let (code, _, err) = run(&["play", "--moves", log.to_str().unwrap()]);
    // A moves file that cannot be read is the command's input gone wrong: exit 2 (README).
    assert_eq!(code, 2, "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "the escape went to the terminal: {err:?}"
    );
    assert!(
        err.contains("broken.ron:1:56: moves[0]: the control character U+001B is not allowed"),
        "{err}"
    );
}

/// A log replays only on its own level: `forecast` refuses a `--level` naming another, as
/// `play` does.
#[test]
fn forecast_refuses_a_log_of_another_level() {
    let (_dir, log) = written(
        "cli-forecast-level",
        "game.ron",
        "(level: Some(\"2017_fire_and_fury\"), seed: Some(3), moves: [\"hold_course\"])\n",
    );
    let (code, out, err) = run(&[
        "forecast",
        "--moves",
        log.to_str().unwrap(),
        "--level",
        "2022_seventh_test",
        "--rollouts",
        "10",
    ]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("is a game of 2017_fire_and_fury, but --level asks for 2022_seventh_test"),
        "{err}"
    );
}

/// `sim --runs` has a ceiling, said in the error, instead of a batch that would run for weeks.
#[test]
fn sim_runs_has_a_ceiling() {
    let (code, _, err) = run(&[
        "sim",
        "--level",
        "2018_the_thaw",
        "--policy",
        "balanced",
        "--runs",
        "99999999999",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("1..=10000000"), "{err}");
}

/// A war on the ladder is shown at the height it broke out at: the last turn's tension is the
/// war's, not what the turn faded to after it.
#[test]
fn a_war_turn_shows_the_tension_the_war_broke_out_at() {
    let (code, out, err) = run(&[
        "play",
        "--level",
        "2017_fire_and_fury",
        "--seed",
        "46",
        "--moves",
        "hawk",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Outcome: WAR: tension reached"), "{out}");
    // Two clashes at sea on turns 2 and 3 take the turn from 70 to the war rung (98 and up).
    let last = out
        .lines()
        .rfind(|l| l.trim_start().starts_with("Tension:"))
        .unwrap();
    let height: f32 = last
        .rsplit("→ ")
        .next()
        .and_then(|t| t.split(' ').next())
        .and_then(|t| t.parse().ok())
        .unwrap_or(0.0);
    assert!(height >= 98.0 && last.ends_with("(War)"), "{last}");
}

#[test]
fn a_game_log_kept_in_a_policies_folder_still_replays() {
    // A folder named `policies` says "policy" only for a file that does not read as a log.
    let dir = scratch_dir("logdir");
    let folder = dir.join("policies");
    std::fs::create_dir_all(&folder).unwrap();
    let log = folder.join("game.ron");
    let (code, first, _) = run(&[
        "play",
        "--level",
        "2013_third_test",
        "--seed",
        "5",
        "--moves",
        "balanced",
        "--log",
        log.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.ends_with(")\n"),
        "a text file ends with a newline: {text:?}"
    );
    let (code, again, err) = run(&["play", "--moves", log.to_str().unwrap()]);
    assert_eq!(code, 0, "{again}{err}");
    assert_eq!(
        first.lines().last(),
        again.lines().last(),
        "the log replays the same game"
    );
    let (code, out, err) = run(&["validate", log.to_str().unwrap()]);
    assert_eq!(code, 0, "a log validates as a log: {out}{err}");
}

/// A game that runs out of turns with no objective met says which win came closest and what it
/// lacked, in the briefing's words, so a class can see why a quiet ending did not count.
#[test]
fn a_game_with_no_win_names_the_closest_win_and_what_it_lacked() {
    let mut seen = 0;
    for seed in 1..40 {
        let (code, out, err) = run(&[
            "play",
            "--level",
            "2022_seventh_test",
            "--seed",
            &seed.to_string(),
            "--moves",
            "balanced",
        ]);
        assert_eq!(code, 0, "{err}");
        let lines: Vec<&str> = out.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.starts_with("Outcome: "))
            .expect("an outcome line");
        let next = lines.get(at + 1).copied().unwrap_or("");
        if lines[at] == "Outcome: LOSS: the last turn passed with no objective met" {
            seen += 1;
            assert!(next.starts_with("Closest win: "), "{next}");
            let named = scenario("2022_seventh_test")
                .objectives
                .iter()
                .any(|o| next.starts_with(&format!("Closest win: {} (", o.name)));
            assert!(named, "names one of the level's objectives: {next}");
            assert!(
                next.contains("(still needed: ") || next.contains("turns in a row it asks)"),
                "{next}"
            );
        } else {
            assert!(
                !next.starts_with("Closest win"),
                "only a game with no win: {next}"
            );
        }
    }
    assert!(
        seen >= 3,
        "the balanced policy ran out of turns in {seen} of 39 games"
    );
}

/// In 2013 every win needs the Yongbyon reactor idle, and once Pyongyang restarts it nothing
/// shuts it again: the closest win says so ("lost for good"), instead of advising the class to
/// get back what could not come back; where the reactor stayed idle, nothing is called lost.
#[test]
fn the_closest_win_says_what_was_lost_for_good() {
    let (mut restarted, mut idle) = (0, 0);
    for seed in 1..25 {
        let (code, out, err) = run(&[
            "play",
            "--level",
            "2013_third_test",
            "--seed",
            &seed.to_string(),
            "--moves",
            "balanced",
        ]);
        assert_eq!(code, 0, "{err}");
        let Some(closest) = out.lines().find(|l| l.starts_with("Closest win: ")) else {
            continue;
        };
        if out.contains("Pyongyang: Restarts the Yongbyon reactor") {
            restarted += 1;
            assert!(
                closest.ends_with("lost for good: Yongbyon reactor idle)"),
                "seed {seed}: {closest}"
            );
        } else {
            idle += 1;
            assert!(!closest.contains("lost for good"), "seed {seed}: {closest}");
        }
    }
    assert!(
        restarted >= 3 && idle >= 1,
        "{restarted} games with the reactor restarted, {idle} without"
    );
}

/// A save of the desktop game is a command log with a format version: `play --moves`,
/// `forecast --moves` and `whatif` read it as the log it holds.
#[test]
fn a_save_file_is_read_as_the_log_it_holds() {
    let dir = scratch_dir("cli-save-as-log");
    let log = dir.join("game.ron");
    let (code, played, err) = run(&[
        "play",
        "--level",
        "2017_fire_and_fury",
        "--seed",
        "5",
        "--moves",
        "balanced",
        "--log",
        log.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    // The game's saves as the desktop writes them: the whole game, and its first three turns.
    let file: peninsula::rules::raw::MovesFile =
        ron::from_str(&std::fs::read_to_string(&log).unwrap()).unwrap();
    let sc = scenario("2017_fire_and_fury");
    let mut game = peninsula::sim::Game::new(sc, 5);
    for (turn, id) in file.moves.iter().enumerate() {
        let a = sc.actions.iter().position(|x| &x.id == id).unwrap() as u16;
        game.play(sc, a);
        if turn == 2 {
            let three = peninsula::game::saves::SaveFile::of(sc, &game, false);
            peninsula::game::saves::write_save(&dir, "slot2", &three).unwrap();
        }
    }
    let save = peninsula::game::saves::SaveFile::of(sc, &game, false);
    peninsula::game::saves::write_save(&dir, "slot1", &save).unwrap();
    let slot = dir.join("slot1.ron");
    let (code, replayed, err) = run(&["play", "--moves", slot.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(replayed, played, "the save replays the same game");
    // A save of a game in progress: the forecast starts from its position.
    let partial = dir.join("slot2.ron");
    let (code, out, err) = run(&[
        "forecast",
        "--moves",
        partial.to_str().unwrap(),
        "--rollouts",
        "20",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("turn 4"),
        "the position after three moves: {out}"
    );
    // A save's own mistakes are reported as a save's, and one of another format is refused.
    let text = std::fs::read_to_string(&partial).unwrap();
    let broken = dir.join("broken.ron");
    std::fs::write(&broken, text.replacen("seed: 5,", "seed: \"5\",", 1)).unwrap();
    let (code, _, err) = run(&["play", "--moves", broken.to_str().unwrap()]);
    assert!(
        code == 2
            && err.contains("seed: expected a whole number")
            && !err.contains("unknown field"),
        "{code} {err}"
    );
    let future = dir.join("future.ron");
    std::fs::write(&future, text.replacen("version: 1,", "version: 99,", 1)).unwrap();
    let (code, _, err) = run(&["play", "--moves", future.to_str().unwrap()]);
    assert!(
        code == 2 && err.contains("format version 99"),
        "{code} {err}"
    );
}

/// A hand-edited log is refused where replaying it would change it silently (an inject moved or
/// dropped, moves past the level's end ignored, team proposals lost), and moves past the game's
/// end are named on stderr.
#[test]
fn a_hand_edited_log_is_refused_rather_than_silently_changed() {
    let dir = scratch_dir("edited_logs");
    let inject = &support::scenario("2017_fire_and_fury").injects[0].id;
    let cases = [
        (
            format!(r#"(level: Some("2017_fire_and_fury"), moves: ["hold_course"], injects: [(turn: 0, id: "{inject}")])"#),
            "on turn 0: an inject comes before a turn's move, so its turn is from 1 to 2",
        ),
        (
            format!(r#"(level: Some("2017_fire_and_fury"), moves: ["hold_course"], injects: [(turn: 99, id: "{inject}")])"#),
            "on turn 99",
        ),
        (
            format!(
                r#"(level: Some("2017_fire_and_fury"), moves: [{}])"#,
                vec!["\"hold_course\""; 17].join(", ")
            ),
            "17 moves, but 2017_fire_and_fury lasts 16 turns",
        ),
        (
            r#"(level: Some("2017_fire_and_fury"), moves: [], teams: Some((rule: "lead", proposals: [("hold_course", "hold_course")])))"#.to_string(),
            "1 team proposals for 0 moves",
        ),
    ];
    for (i, (text, expected)) in cases.iter().enumerate() {
        let log = dir.join(format!("edited{i}.ron"));
        std::fs::write(&log, text).unwrap();
        for command in ["play", "whatif"] {
            let args: Vec<&str> = match command {
                "play" => vec!["play", "--moves", log.to_str().unwrap()],
                _ => vec![
                    "whatif",
                    log.to_str().unwrap(),
                    "--turn",
                    "1",
                    "--move",
                    "hold_course",
                ],
            };
            let (code, out, err) = run(&args);
            assert_eq!(code, 2, "{command} {text}: {out}{err}");
            assert!(err.contains(expected), "{command} {text}: {err}");
        }
    }
    // A log that goes on past the game's end (hawk's game of 2017 on seed 46 ends in war on
    // turn 3) says which moves were not played.
    let won = dir.join("war.ron");
    let (code, out, err) = run(&[
        "play",
        "--level",
        "2017_fire_and_fury",
        "--seed",
        "46",
        "--moves",
        "hawk",
        "--log",
        won.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Outcome: WAR"), "{out}");
    let text = std::fs::read_to_string(&won).unwrap();
    let played = text.matches("        \"").count();
    assert!(played < 16, "{text}");
    let longer = text.replace(
        "    ],",
        &format!("{}    ],", "        \"hold_course\",\n".repeat(16 - played)),
    );
    std::fs::write(&won, longer).unwrap();
    let (code, again, err) = run(&["play", "--moves", won.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(again, out, "the game is the same");
    assert!(
        err.contains(&format!(
            "moves {} to 16 were not played: the game ended on turn {played}",
            played + 1
        )),
        "{err}"
    );
    // One move past the end is one move.
    let one_more = text.replace("    ],", "        \"hold_course\",\n    ],");
    std::fs::write(&won, one_more).unwrap();
    let (_, _, err) = run(&["play", "--moves", won.to_str().unwrap()]);
    assert!(
        err.contains(&format!(
            "move {} was not played: the game ended on turn {played}",
            played + 1
        )),
        "{err}"
    );
    // A move written by its name, as the forecast's table and the transcript print it, is
    // told its id.
    let named = dir.join("named.ron");
    std::fs::write(
        &named,
        "(level: Some(\"2013_third_test\"), seed: Some(7), moves: [\"hold_course\", \"Ask Beijing to squeeze\"])",
    )
    .unwrap();
    for command in [&["play", "--moves"][..], &["forecast", "--moves"][..]] {
        let mut args = command.to_vec();
        args.push(named.to_str().unwrap());
        if command[0] == "forecast" {
            args.extend(["--rollouts", "10"]);
        }
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{out}{err}");
        assert!(
            err.contains("move 2 is \"Ask Beijing to squeeze\", which is not an action")
                && err.contains(
                    "but the name of the move `ask_beijing_pressure`: a moves file names each move by its id (write \"ask_beijing_pressure\")"
                ),
            "{command:?}: {err}"
        );
    }
}

/// A class code fixes the level and difficulty; a log of another level or played at another
/// difficulty is refused with the code named, not replayed as another game.
#[test]
fn a_class_code_with_a_log_of_another_game_says_the_code_is_why() {
    let dir = scratch_dir("code_and_log");
    let (code, class, err) = run(&[
        "class-code",
        "--level",
        "2017_fire_and_fury",
        "--difficulty",
        "hard",
    ]);
    assert_eq!(code, 0, "{err}");
    let class = class.trim();
    for (name, args, expected) in [
        (
            "l2013.ron",
            vec!["--level", "2013_third_test"],
            format!(
                "is a game of 2013_third_test, but the class code {class} asks for 2017_fire_and_fury"
            ),
        ),
        (
            "l2017.ron",
            vec!["--level", "2017_fire_and_fury"],
            format!("the class code {class} plays at \"hard\", but the log"),
        ),
    ] {
        let log = dir.join(name);
        let mut first = vec!["play", "--moves", "dove", "--log", log.to_str().unwrap()];
        first.extend(args);
        let (code, _, err) = run(&first);
        assert_eq!(code, 0, "{err}");
        let (code, _, err) = run(&[
            "play",
            "--class-code",
            class,
            "--moves",
            log.to_str().unwrap(),
        ]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(&expected), "{name}: {err}");
    }
}

/// The desktop game with a display that is not there (DISPLAY names a closed X server) says so
/// in one line and exits 2, as with no DISPLAY at all, rather than panicking with a backtrace.
#[test]
fn the_desktop_game_with_a_display_that_is_gone_says_so_in_one_line() {
    let mut command = peninsula_in(&root());
    command
        .env("DISPLAY", ":4321")
        .env_remove("WAYLAND_DISPLAY")
        .env("RUST_BACKTRACE", "1");
    let (code, _, err) = output_of(&mut command);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("error: no display to open the game's window on (") && err.contains(":4321"),
        "{err}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("stack backtrace"),
        "{err}"
    );
}

/// A level is named the same way everywhere: `class-code LEVEL` gives the code `class-code
/// --level LEVEL` gives, and `calibrate --level LEVEL` checks what `calibrate LEVEL` does.
#[test]
fn a_level_can_be_named_with_or_without_level() {
    let (code, flagged, err) = run(&["class-code", "--level", "2017_fire_and_fury", "--seed", "5"]);
    assert_eq!(code, 0, "{err}");
    let (code, bare, err) = run(&["class-code", "2017_fire_and_fury", "--seed", "5"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(flagged, bare);
    let (code, flagged, err) = run(&["calibrate", "--level", "2018_the_thaw", "--runs", "50"]);
    assert_eq!(code, 0, "{err}");
    let (_, bare, _) = run(&["calibrate", "2018_the_thaw", "--runs", "50"]);
    assert_eq!(flagged, bare);
    assert!(flagged.starts_with("2018_the_thaw"), "{flagged}");
}

/// An autosave of a game the facilitator ended early ("End now") makes a report that says so,
/// keeps the type hidden, and writes a log that says so too: a report made again from that log
/// still says "Ended early".
#[test]
fn a_report_of_a_game_ended_early_says_so_from_the_save_and_from_its_log() {
    let dir = support::scratch_dir("ended-report");
    let save = dir.join("autosave_sandbox.ron");
    std::fs::write(
        &save,
        "(version: 1, level: \"sandbox\", seed: 4, moves: [\"hold_course\", \"hold_course\"], ended: true)",
    )
    .unwrap();
    for (from, page, log, _) in reports_from_the_save_and_its_log(&dir, &save) {
        assert!(page.contains("Ended early (End now)"), "{}", from.display());
        assert!(
            !page.contains("hidden disposition this game:"),
            "the type stays hidden"
        );
        assert!(log.contains("ended: true"), "{log}");
    }
}

/// One class code deals another game on a machine whose rules differ (another version, an
/// edited weight), so `class-code` prints the rules' fingerprint for the class to compare
/// with its briefings: the same for a copy of the data with a comment added, another for a
/// copy with one weight changed; and a log played under other rules warns when replayed.
#[test]
fn a_rules_fingerprint_tells_machines_that_would_deal_another_game() {
    let fingerprint = |dir: &std::path::Path| {
        let (code, _, err) = output_of(peninsula_in(dir).args([
            "class-code",
            "--level",
            "2013_third_test",
            "--seed",
            "7",
        ]));
        assert_eq!(code, 0, "{err}");
        err.lines()
            .find_map(|l| l.strip_prefix("Rules "))
            .and_then(|l| l.split(':').next())
            .unwrap_or_else(|| panic!("no rules line: {err}"))
            .to_string()
    };
    let shipped = fingerprint(&support::root());
    assert_eq!(shipped, scenario("2013_third_test").fingerprint());
    assert_eq!(shipped.len(), 4);
    let commented = support::scratch_copy("fingerprint-comment");
    support::edit(
        &commented.join("assets/rules/pyongyang.ron"),
        "(id: \"probe_soft_resolve\"",
        "// a teacher's note\n        (id: \"probe_soft_resolve\"",
    );
    assert_eq!(
        fingerprint(&commented),
        shipped,
        "a comment is no other game"
    );
    let reweighed = support::scratch_copy("fingerprint-weight");
    support::edit(
        &reweighed.join("assets/rules/pyongyang.ron"),
        "motive: \"opportunism\", weight: 1.6,",
        "motive: \"opportunism\", weight: 0.6,",
    );
    let other = fingerprint(&reweighed);
    assert_ne!(other, shipped, "one weight changed is another game");
    // A log of the shipped game, replayed where a weight differs, warns.
    let dir = support::scratch_dir("fingerprint-log");
    let log = dir.join("game.ron");
    let (code, _, err) = run(&[
        "play",
        "--level",
        "2013_third_test",
        "--seed",
        "7",
        "--moves",
        "balanced",
        "--log",
        log.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::read_to_string(&log)
            .unwrap()
            .contains(&format!("rules: Some(\"{shipped}\")"))
    );
    let (_, _, err) =
        output_of(peninsula_in(&reweighed).args(["play", "--moves", log.to_str().unwrap()]));
    assert!(
        err.contains(&format!(
            "played under rules {shipped}, and these are rules {other}"
        )),
        "{err}"
    );
    let (_, _, err) = run(&["play", "--moves", log.to_str().unwrap()]);
    assert!(!err.contains("warning"), "{err}");
}

/// After class, the teacher names the type in the reports of the games ended early with
/// `report --reveal`: the report, the handout and the spreadsheet name the game's own type,
/// as the facilitator's machine does; a game still in progress is refused, since it could be
/// played on knowing the type.
#[test]
fn report_reveal_names_the_type_of_a_game_ended_early_and_refuses_one_in_progress() {
    let dir = support::scratch_dir("reveal-report");
    let sc = scenario("sandbox");
    let state = peninsula::sim::new_game(sc, 4);
    let name = &sc.rules.pyongyang.dispositions[state.disposition as usize].name;
    let save = dir.join("autosave_sandbox.ron");
    std::fs::write(
        &save,
        "(version: 1, level: \"sandbox\", seed: 4, moves: [\"hold_course\", \"hold_course\"], ended: true)",
    )
    .unwrap();
    let out = dir.join("revealed");
    let (code, _, err) = run(&[
        "report",
        save.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--reveal",
    ]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        page.contains("Ended early (End now)"),
        "still says how it ended"
    );
    assert!(
        page.contains(&format!(
            "hidden disposition this game: <strong>{name}</strong>"
        )),
        "the report names the {name}"
    );
    let handout = std::fs::read_to_string(out.join("handout.html")).unwrap();
    assert!(
        handout.contains(name.as_str()),
        "the handout names the {name}"
    );
    let turns = std::fs::read_to_string(out.join("turns.csv")).unwrap();
    let last = turns.lines().last().unwrap();
    assert!(
        last.ends_with(&sc.rules.pyongyang.dispositions[state.disposition as usize].id),
        "the spreadsheet's type column: {last}"
    );
    // A game in progress keeps its type.
    let playing = dir.join("autosave_playing.ron");
    std::fs::write(
        &playing,
        "(version: 1, level: \"sandbox\", seed: 4, moves: [\"hold_course\"])",
    )
    .unwrap();
    let (code, _, err) = run(&[
        "report",
        playing.to_str().unwrap(),
        "--out",
        dir.join("playing").to_str().unwrap(),
        "--reveal",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("still in progress"), "{err}");
    assert!(!dir.join("playing").join("report.html").exists());
}

/// A group's name and the computer it played on, from a save or a log, head the report the
/// command line makes (escaped in the page), go into the report's log and through `play --log`,
/// so a report made again from either, on any computer, still names both; the game is the same
/// as without them.
#[test]
fn a_report_names_the_group_from_the_save_and_from_its_log() {
    let dir = support::scratch_dir("group-report");
    let save = dir.join("autosave_sandbox.ron");
    std::fs::write(
        &save,
        "(version: 1, level: \"sandbox\", seed: 4, moves: [\"hold_course\", \"hold_course\"], group: Some(\"Table <3>: Ana, Bo\"), computer: Some(\"LAB-PC12\"))",
    )
    .unwrap();
    for (from, page, log, turns) in reports_from_the_save_and_its_log(&dir, &save) {
        // Every row of the spreadsheet says whose game it is, so a class's files pasted into
        // one sheet can be sorted by group.
        // UTF-8's byte-order mark first, so Excel on Windows reads a name as it was typed.
        let turns = turns
            .strip_prefix('\u{feff}')
            .expect("turns.csv starts with the byte-order mark");
        let rows: Vec<&str> = turns.lines().collect();
        assert!(
            rows[0].starts_with("level,class_code,group,computer,run,outcome,score,turn,"),
            "{}",
            rows[0]
        );
        assert_eq!(rows.len(), 3, "{turns}");
        for row in &rows[1..] {
            // A name with a comma is quoted once, as a spreadsheet reads it; a game still in
            // progress has no score yet.
            assert!(
                row.starts_with("sandbox,,\"Table <3>: Ana, Bo\",LAB-PC12,game,in progress,,"),
                "{row}"
            );
        }
        assert!(
            page.contains("Played by <strong>Table &lt;3&gt;: Ana, Bo</strong> on LAB-PC12"),
            "{}",
            from.display()
        );
        assert!(
            page.contains(" · Table &lt;3&gt;: Ana, Bo</title>"),
            "the tab names it"
        );
        assert!(log.contains("group: Some(\"Table <3>: Ana, Bo\")"), "{log}");
        assert!(log.contains("computer: Some(\"LAB-PC12\")"), "{log}");
        // A page for a class: the "why" in plain words, no rule's file and line or weight.
        assert!(
            !page.contains(".ron:") && !page.contains("weight "),
            "the report's why names no rule's file or weight"
        );
    }
    // `play --log` keeps it, and the game is the one played without a name.
    let log = dir.join("first/game.ron");
    let (named, plain) = (dir.join("named.ron"), dir.join("plain.ron"));
    let (code, named_out, err) = run(&[
        "play",
        "--moves",
        log.to_str().unwrap(),
        "--log",
        named.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&named).unwrap();
    assert_eq!(
        text,
        std::fs::read_to_string(&log).unwrap(),
        "byte for byte"
    );
    std::fs::write(
        &plain,
        text.replace("    group: Some(\"Table <3>: Ana, Bo\"),\n", "")
            .replace("    computer: Some(\"LAB-PC12\"),\n", ""),
    )
    .unwrap();
    let (code, plain_out, err) = run(&["play", "--moves", plain.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(named_out, plain_out, "a name changes nothing in play");
}

/// The report the command line makes of a what-if's autosave says it is a what-if (as the
/// desktop's does), claims no class code, and its log keeps the mark, so a report made again
/// from that log says so too.
#[test]
fn a_report_of_a_what_if_save_says_it_is_one() {
    let dir = support::scratch_dir("whatif-report");
    let save = dir.join("autosave_sandbox-whatif.ron");
    std::fs::write(
        &save,
        "(version: 1, level: \"sandbox\", seed: 4, moves: [\"hold_course\", \"consult_beijing\", \"hold_course\"], \
         class_code: Some(\"SAND-0004-X\"), rewound: Some((turn: 2, original: (version: 1, level: \"sandbox\", seed: 4, \
         moves: [\"hold_course\", \"hold_course\", \"hold_course\", \"hold_course\"]))))",
    )
    .unwrap();
    for (from, page, log, turns) in reports_from_the_save_and_its_log(&dir, &save) {
        // Its rows say it is a what-if, and claim no class code either.
        for row in turns.lines().skip(1) {
            assert!(row.starts_with("sandbox,,,,what-if from turn 2,"), "{row}");
        }
        assert!(
            page.contains("What if: from turn 2.") && page.contains("A game of 4 turns"),
            "{}: {page}",
            from.display()
        );
        assert!(!page.contains("the whole class played this game"));
        assert!(
            log.contains("from_turn: 2") && !log.contains("class_code"),
            "{log}"
        );
        // The save holds the game before the rewind whole, so the chart draws it (and the
        // report's log keeps its tension for a report made again).
        assert!(page.contains("White line with dots"), "{}", from.display());
        assert!(log.contains("tension: ["), "{log}");
    }
    // So does its printed sheet, which would pass for the group's own game.
    for report in ["first", "again"] {
        let sheet = std::fs::read_to_string(dir.join(report).join("handout.html")).unwrap();
        assert!(sheet.contains("What if: from turn 2."), "{report}: {sheet}");
    }
}

/// `report` of a save, then of the `game.ron` that report wrote: for each, what it read, the
/// page, the log and the spreadsheet written.
fn reports_from_the_save_and_its_log(
    dir: &std::path::Path,
    save: &std::path::Path,
) -> Vec<(std::path::PathBuf, String, String, String)> {
    [
        (save.to_path_buf(), dir.join("first")),
        (dir.join("first/game.ron"), dir.join("again")),
    ]
    .into_iter()
    .map(|(from, out)| {
        let (code, _, err) = run(&[
            "report",
            from.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        let page = std::fs::read_to_string(out.join("report.html")).unwrap();
        let log = std::fs::read_to_string(out.join("game.ron")).unwrap();
        let turns = std::fs::read_to_string(out.join("turns.csv")).unwrap();
        (from, page, log, turns)
    })
    .collect()
}

/// A teacher hands a lab's machines to the next class: `saves` lists the games on the machine,
/// with their groups; `saves --clear` moves them all into a dated folder beside them (nothing
/// deleted, so an unexported report can still be got back), leaves the settings, and the next
/// `saves` finds none.
#[test]
fn saves_lists_a_machines_games_and_clear_moves_them_aside_for_the_next_class() {
    use peninsula::game::saves::{SaveFile, autosave_slot, write_save};
    use peninsula::sim::Game;
    let dir = scratch_dir("saves-clear");
    let sc = scenario("2017_fire_and_fury");
    let mut game = Game::new(sc, 4);
    game.group = Some("Table 2".into());
    game.play(sc, sc.fallback_action);
    write_save(
        &dir,
        &autosave_slot(sc.id()),
        &SaveFile::of(sc, &game, false),
    )
    .unwrap();
    write_save(&dir, "slot2", &SaveFile::of(sc, &game, false)).unwrap();
    std::fs::write(dir.join("profile.ron"), "(presentation: true)").unwrap();
    let saves = |args: &[&str]| {
        output_of(
            peninsula_in(&root())
                .env("PENINSULA_SAVE_DIR", &*dir)
                .args(args),
        )
    };
    // A game ended with the facilitator's "End now", and two the game would refuse to load, as
    // its Load screen does: more moves than the level has turns, a move it does not have.
    let mut ended = SaveFile::of(sc, &game, false);
    ended.ended = true;
    write_save(&dir, "slot3", &ended).unwrap();
    std::fs::write(
        dir.join("slot1.ron"),
        format!(
            "(version: 1, level: \"sandbox\", seed: 2, moves: [{}])",
            vec!["\"hold_course\""; 25].join(", ")
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("autosave_sandbox.ron"),
        "(version: 1, level: \"sandbox\", seed: 2, moves: [\"nuke_everything\"])",
    )
    .unwrap();
    let (code, out, err) = saves(&["saves"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("  slot2: 2017_fire_and_fury, 1 turn(s), group Table 2")
            && out.contains("  autosave_2017_fire_and_fury: 2017_fire_and_fury, 1 turn(s)")
            && out.contains("  slot3: 2017_fire_and_fury, 1 turn(s), ended early (End now)"),
        "{out}"
    );
    assert!(
        out.contains("  slot1: sandbox, 25 turn(s), cannot be loaded: 25 moves, but sandbox lasts 20 turns")
            && out.contains("  autosave_sandbox: sandbox, 1 turn(s), cannot be loaded: move 1 (\"nuke_everything\") is not an action of sandbox any more"),
        "{out}"
    );
    // A report exported from one of them, which names the type, goes with them.
    std::fs::create_dir_all(dir.join("reports/table2")).unwrap();
    std::fs::write(dir.join("reports/table2/report.html"), "<html></html>").unwrap();
    let (code, out, err) = saves(&["saves", "--clear"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "Moved 5 saved game(s) (slot1, slot2, slot3, autosave_2017_fire_and_fury, autosave_sandbox) and the reports on this machine (reports/) into "
        ),
        "{out}"
    );
    assert!(!dir.join("reports").exists());
    assert!(!dir.join("slot2.ron").exists());
    assert!(dir.join("profile.ron").exists(), "the settings stay");
    let archives: Vec<_> = std::fs::read_dir(dir.join("cleared"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(archives.len(), 1);
    assert!(archives[0].join("slot2.ron").is_file());
    assert!(archives[0].join("reports/table2/report.html").is_file());
    assert!(
        archives[0]
            .join("autosave_2017_fire_and_fury.ron")
            .is_file()
    );
    let (_, out, _) = saves(&["saves"]);
    assert!(out.starts_with("No saved games in "), "{out}");
    let (code, out, _) = saves(&["saves", "--clear"]);
    assert_eq!(code, 0);
    assert!(out.contains("nothing to clear"), "{out}");
    // A teacher's machine that only gathered the groups' reports for the class's page, with
    // no game of its own saved: the reports still go, so the next class's page does not mix
    // two classes, and no report of the last one (which may name the type) is left out.
    std::fs::create_dir_all(dir.join("reports/Table-1")).unwrap();
    std::fs::write(dir.join("reports/Table-1/game.ron"), "()").unwrap();
    let (_, out, _) = saves(&["saves"]);
    assert!(
        out.contains("No saved games in ") && out.contains("1 game(s)' report(s) in "),
        "the listing names the reports --clear would move: {out}"
    );
    let (code, out, err) = saves(&["saves", "--clear"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Moved the reports on this machine (reports/) into "),
        "{out}"
    );
    assert!(!dir.join("reports").exists());
    let archives = std::fs::read_dir(dir.join("cleared")).unwrap().count();
    assert_eq!(archives, 2, "a folder of its own");
}

/// `sim` counts Pyongyang's answers per hidden type, and names an answer that gives the type
/// away in the opening turns. The modder's case: a letter that only an opportunist sends, every
/// turn (a strong motive rule and a baseline brake), loads cleanly and settles the type on turn
/// one; `sim` says so, and the JSON's counts by type add up to the batch's own.
/// An early answer too rare to be a tell can still settle the type when it comes: `sim` names
/// it. Under 2017's script, harsh rhetoric in the opening turns comes in about a third of the
/// security seekers' games and almost no other's (an outside check, docs/balance/README.md).
#[test]
fn sim_names_a_rare_answer_that_settles_the_type() {
    let (code, out, err) = run(&[
        "sim",
        "--level",
        "2017_fire_and_fury",
        "--policy",
        "historical",
        "--runs",
        "2000",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let line = out
        .lines()
        .find(|l| l.contains("settles the type (historical): \"Harsh rhetoric\""))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.contains("of the security seeker games")
            && line.contains("were a security seeker's")
            && !out.contains("tell (historical): \"Harsh rhetoric\""),
        "{line}"
    );
}

#[test]
fn sim_names_an_answer_that_gives_the_type_away() {
    let dir = support::scratch_copy("sim-tell");
    let file = dir.join("assets/rules/pyongyang.ron");
    support::edit(
        &file,
        "    responses: [\n",
        "    responses: [\n        (id: \"letter\", name: \"Sends a letter\", tags: [\"engagement\"], news: \"Pyongyang sends a letter to Washington.\", effects: [Add(\"world.talks\", 1)]),\n",
    );
    support::edit(
        &file,
        "    rules: [\n",
        "    rules: [\n        (id: \"letters_when_it_pays\", response: \"letter\", motive: \"opportunism\", weight: 10, because: \"A letter costs nothing.\"),\n        (id: \"letters_are_rare\", response: \"letter\", weight: -12, because: \"Letters are rare.\"),\n",
    );
    let data = dir.to_str().unwrap();
    let sim = |extra: &[&str]| {
        let mut args = vec![
            "--data",
            data,
            "sim",
            "--level",
            "2017_fire_and_fury",
            "--policy",
            "balanced",
            "--runs",
            "300",
        ];
        args.extend_from_slice(extra);
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{out}{err}");
        out
    };
    let table = sim(&[]);
    let tells: Vec<&str> = table.lines().filter(|l| l.contains("tell (")).collect();
    assert!(
        tells
            .iter()
            .any(|l| l.contains("\"Sends a letter\" (letter)")
                && l.contains("of the opportunist games")
                && l.contains("knows the hidden type")),
        "{table}"
    );
    let json: serde_json::Value = serde_json::from_str(&sim(&["--json"])).unwrap();
    let by_type = json["pyongyang_by_disposition"].as_object().unwrap();
    assert_eq!(by_type.len(), 3, "every type drawn in 300 games");
    for (response, total) in json["responses"]["pyongyang"].as_object().unwrap() {
        let sum: u64 = by_type
            .values()
            .map(|m| m[response]["turns"].as_u64().unwrap_or(0))
            .sum();
        assert_eq!(Some(sum), total.as_u64(), "{response}");
    }
    let runs = |ty: &str| json["by_disposition"][ty]["runs"].as_u64().unwrap();
    let letters = &by_type["opportunist"]["letter"];
    assert_eq!(letters["early_games"].as_u64(), Some(runs("opportunist")));
    assert!(by_type["builder"].get("letter").is_none(), "{by_type:?}");
    // Without the patch the letter is never sent, and its games count is never above the runs.
    let (code, out, _) = run(&[
        "sim",
        "--level",
        "2013_third_test",
        "--policy",
        "dove",
        "--runs",
        "300",
        "--json",
    ]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    for (ty, answers) in json["pyongyang_by_disposition"].as_object().unwrap() {
        let runs = json["by_disposition"][ty]["runs"].as_u64().unwrap();
        for (id, used) in answers.as_object().unwrap() {
            let (turns, games, early) = (
                used["turns"].as_u64().unwrap(),
                used["games"].as_u64().unwrap(),
                used["early_games"].as_u64().unwrap(),
            );
            assert!(
                early <= games && games <= runs && games <= turns,
                "{ty} {id}: {used}"
            );
        }
    }
}

/// A log that names only its class code (a hand-written one, or one cut down to its moves)
/// plays the level and seed the code deals, in `play` and in `forecast` alike.
#[test]
fn a_log_with_only_a_class_code_plays_the_codes_game() {
    let class = peninsula::sim::class_code::decode(data(), "2017-0ZGG-2").unwrap();
    let (_dir, log) = written(
        "cli-code-only",
        "game.ron",
        "(class_code: Some(\"2017-0ZGG-2\"), moves: [\"hold_course\", \"consult_beijing\"])\n",
    );
    let (code, out, err) = run(&["play", "--moves", log.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\nFire and Fury (2017) — level 2017_fire_and_fury, class code 2017-0ZGG-2\n"),
        "{out}"
    );
    assert!(!out.contains(&format!("seed {}", class.seed)), "{out}");
    // `forecast` and `report` read a log as `whatif` does.
    let (code, out, err) = run(&[
        "forecast",
        "--moves",
        log.to_str().unwrap(),
        "--rollouts",
        "20",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Fire and Fury"), "{out}");
}

/// A variable hidden from the player (`pyongyang.lull`, a pause between test campaigns) tells
/// the player nothing while the game goes on. With the pause made impossible, a game's
/// transcript is the same, line for line, the analysts' estimate and the "why" included, up to
/// the first turn whose public record differs (Pyongyang answering otherwise is the pause
/// showing through what it does, which is the game). Checked over games in which the pause
/// came and changed nothing a player could see.
#[test]
fn a_hidden_variable_moves_neither_the_estimate_nor_the_why() {
    let never = scratch_copy("no-lull");
    edit(
        &never.join("assets/rules/events.ron"),
        "when: [AtMost(\"pyongyang.lull\", 0)],\n            chance: (base: -2.2),",
        "when: [AtMost(\"pyongyang.lull\", 0)],\n            chance: (base: -20.0),",
    );
    let shipped = root();
    let play = |dir: &std::path::Path, level: &str, seed: u64, policy: &str| {
        let (code, out, err) = output_of(peninsula_in(dir).args([
            "--data",
            dir.to_str().unwrap(),
            "play",
            "--level",
            level,
            "--seed",
            &seed.to_string(),
            "--moves",
            policy,
            "--trace",
        ]));
        assert_eq!(code, 0, "{err}");
        out
    };
    // The turns' blocks ("Turn N · ..." up to the next), and the lull after each turn from the
    // trace (shown: the game is over).
    let turns = |out: &str| -> Vec<String> {
        let body = out.split("\nOutcome:").next().unwrap_or(out);
        body.split("\nTurn ").skip(1).map(str::to_string).collect()
    };
    let lull_after = |out: &str, turn: usize| {
        out.lines()
            .find(|l| l.starts_with(&format!("turn {turn} ")))
            .is_some_and(|l| l.contains("pyongyang.lull=1.0"))
    };
    let public = |block: &str| -> String {
        block
            .lines()
            .filter(|l| !l.trim_start().starts_with("Estimate:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut unseen_pauses = 0;
    for level in ["2017_fire_and_fury", "2022_seventh_test"] {
        for seed in 1..=6 {
            for policy in ["hawk", "dove", "balanced"] {
                let with = play(&shipped, level, seed, policy);
                let without = play(&never, level, seed, policy);
                for (t, (a, b)) in turns(&with).iter().zip(turns(&without)).enumerate() {
                    if public(a) != public(&b) {
                        break;
                    }
                    assert_eq!(
                        a,
                        &b,
                        "{level} seed {seed} {policy}: turn {} reads the same but for the estimate",
                        t + 1
                    );
                    unseen_pauses += (t > 0 && lull_after(&with, t)) as u32;
                }
            }
        }
    }
    assert!(
        unseen_pauses > 0,
        "no game had a pause the player could not see: the test checks nothing"
    );
}

/// A hidden variable's value stays out of what an unfinished game prints and writes: `play
/// --trace` reads `?` for it (and its value once the game is over), and the report's
/// `turns.csv` keeps its column, empty, so every group's file has the same columns.
#[test]
fn an_unfinished_games_trace_and_csv_leave_a_hidden_variable_out() {
    let dir = scratch_dir("hidden-out");
    let log = dir.join("three.ron");
    std::fs::write(
        &log,
        r#"(level: Some("2017_fire_and_fury"), seed: Some(3), moves: ["joint_air_drills", "hold_course", "hold_course"])"#,
    )
    .unwrap();
    let (code, out, err) = run(&["play", "--moves", log.to_str().unwrap(), "--trace"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("pyongyang.lull=?"), "{out}");
    assert!(!out.contains("pyongyang.lull=0.0") && !out.contains("pyongyang.lull=1.0"));
    let report = dir.join("report");
    let (code, _, err) = run(&[
        "report",
        log.to_str().unwrap(),
        "--out",
        report.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let csv = std::fs::read_to_string(report.join("turns.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let column = header.iter().position(|h| *h == "pyongyang.lull").unwrap();
    let threat = header
        .iter()
        .position(|h| *h == "pyongyang.threat")
        .unwrap();
    for row in csv.lines().skip(1) {
        // No field of these rows holds a comma inside quotes before these columns' end.
        let cells: Vec<&str> = row.split(',').collect();
        assert_eq!(cells.len(), header.len(), "{row}");
        assert_eq!(cells[column], "", "{row}");
        assert!(
            !cells[threat].is_empty(),
            "a shown variable keeps its value: {row}"
        );
    }
    // Played to its end, the game tells it.
    let (code, out, err) = run(&[
        "play",
        "--level",
        "2017_fire_and_fury",
        "--seed",
        "3",
        "--moves",
        "balanced",
        "--trace",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("pyongyang.lull=0.0"), "{out}");
    assert!(!out.contains("pyongyang.lull=?"));
}

/// `forecast --class-code` forecasts the class's game, its level, seed and difficulty, as a
/// group's log of it would, without the teacher writing a log by hand; a log of another game is
/// refused with both games named, not forecast as a third.
#[test]
fn forecast_takes_a_class_code() {
    let dir = scratch_dir("forecast_code");
    let (code, class, err) = run(&[
        "class-code",
        "--level",
        "2017_fire_and_fury",
        "--seed",
        "7",
        "--difficulty",
        "hard",
    ]);
    assert_eq!(code, 0, "{err}");
    let class = class.trim();
    let odds = |first: &[&str]| {
        let mut args = vec!["forecast"];
        args.extend(first);
        args.extend(["--rollouts", "40", "--json"]);
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    };
    let by_code = odds(&["--class-code", class]);
    let start = dir.join("start.ron");
    std::fs::write(
        &start,
        "(level: Some(\"2017_fire_and_fury\"), seed: Some(7), difficulty: Some(\"hard\"), moves: [])",
    )
    .unwrap();
    assert_eq!(
        by_code,
        odds(&["--moves", start.to_str().unwrap()]),
        "the code's game, as its log gives it"
    );
    assert_ne!(
        by_code,
        odds(&["--level", "2017_fire_and_fury", "--seed", "7"]),
        "the code's difficulty is not dropped"
    );
    let (code, table, err) = run(&["forecast", "--class-code", class, "--rollouts", "40"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        table.contains(&format!(
            "Fire and Fury (2017), class code {class}, hard difficulty"
        )),
        "{table}"
    );
    assert!(
        !table.contains("seed 7"),
        "the code's seed is not printed: {table}"
    );
    // A group's log of the code's game forecasts its position; one of another seed is refused.
    let played = dir.join("played.ron");
    let other = dir.join("other.ron");
    for (log, seed) in [(&played, 7), (&other, 8)] {
        std::fs::write(
            log,
            format!(
                "(level: Some(\"2017_fire_and_fury\"), seed: Some({seed}), difficulty: Some(\"hard\"), moves: [\"hold_course\", \"joint_air_drills\"])"
            ),
        )
        .unwrap();
    }
    let after_two = odds(&["--class-code", class, "--moves", played.to_str().unwrap()]);
    assert_eq!(after_two, odds(&["--moves", played.to_str().unwrap()]));
    assert_ne!(after_two, by_code, "the log's two turns are played first");
    let (code, out, err) = run(&[
        "forecast",
        "--class-code",
        class,
        "--moves",
        other.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("seed 8") && !err.contains("seed 7") && err.contains(class),
        "{err}"
    );
}

/// At Hard each game opens a little away from the level's figures, so the transcript says
/// where this one opened, each spread figure beside the level's; the same seed opens the same
/// way, another seed another, and Standard, which opens at the level's figures, has no such line.
#[test]
fn a_hard_transcript_names_where_the_game_opened() {
    let opening = |seed: &str, difficulty: &str| {
        let (code, out, err) = run(&[
            "play",
            "--level",
            "2013_third_test",
            "--seed",
            seed,
            "--difficulty",
            difficulty,
            "--moves",
            "balanced",
        ]);
        assert_eq!(code, 0, "{err}");
        out.lines()
            .find(|l| l.starts_with("Opening (the level's figures in brackets) — "))
            .map(str::to_string)
    };
    let sc = scenario("2013_third_test");
    let s = peninsula::sim::new_game_at(sc, 5, 1);
    let trust = sc.rules.var_index("pyongyang.trust").unwrap() as usize;
    let line = opening("5", "hard").expect("an Opening line at Hard");
    assert!(
        line.contains("Pyongyang: ") && line.contains(&format!("trust {:.0} (", s.vars[trust])),
        "{line}"
    );
    assert_eq!(opening("5", "hard").as_deref(), Some(line.as_str()));
    // The difficulty's name as the game shows it is taken too.
    assert_eq!(opening("5", "Hard").as_deref(), Some(line.as_str()));
    assert!(
        (6..12).any(|seed| opening(&seed.to_string(), "hard").as_deref() != Some(line.as_str())),
        "other seeds open elsewhere"
    );
    assert_eq!(opening("5", "standard"), None);
}

/// A code deals its settings as well as its level and seed: a group's log of a code that hid
/// the forecast, replayed under a code of the same level and seed that shows it, would be
/// written out as a game the class never played. It is refused, naming both codes and what
/// each deals, and never the seed (with it, `class-code` prints the teacher's key).
#[test]
fn a_log_is_not_replayed_under_another_code_of_the_same_game() {
    let code = |extra: &[&str]| {
        let mut args = vec!["class-code", "2017_fire_and_fury", "--seed", "7"];
        args.extend_from_slice(extra);
        let (status, out, err) = run(&args);
        assert_eq!(status, 0, "{err}");
        out.trim().to_string()
    };
    let (blind, shown) = (code(&["--no-forecast"]), code(&[]));
    assert_ne!(blind, shown);
    let dir = scratch_dir("log_under_another_code");
    let log = dir.join("group.ron");
    let (status, _, err) = run(&[
        "play",
        "--class-code",
        &blind,
        "--moves",
        "balanced",
        "--log",
        log.to_str().unwrap(),
    ]);
    assert_eq!(status, 0, "{err}");
    let out_log = dir.join("relabelled.ron");
    let (status, out, err) = run(&[
        "play",
        "--moves",
        log.to_str().unwrap(),
        "--class-code",
        &shown,
        "--log",
        out_log.to_str().unwrap(),
    ]);
    assert_eq!(status, 2, "{out}");
    assert!(
        err.contains(&format!("is a game of class code {blind}, and the class code {shown} deals the same game with other settings"))
            && err.contains("the forecast shown")
            && err.contains("the forecast hidden")
            && !err.contains("seed"),
        "{err}"
    );
    assert!(!out_log.exists(), "nothing written");
    // Under its own code it replays, as the same game.
    let (status, _, err) = run(&[
        "play",
        "--moves",
        log.to_str().unwrap(),
        "--class-code",
        &blind,
    ]);
    assert_eq!(status, 0, "{err}");
}

/// Output cut short by a reader that stops (`peninsula validate | head -2`) ends quietly, with
/// the status a Unix tool killed by the closed pipe has, never 0: a script that cut the
/// output short must not read it as a clean run. Output that cannot be written at all (a full
/// disk) is one plain line and exit code 74, not a panic with a backtrace.
#[test]
fn output_that_cannot_be_written_ends_the_command_with_a_failing_status() {
    use std::process::Stdio;
    // The reader is gone before the command starts, so its first line meets a closed pipe.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = peninsula_in(&root())
        .args([
            "sim",
            "--level",
            "sandbox",
            "--policy",
            "hawk,dove",
            "--runs",
            "50",
        ])
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(141), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    #[cfg(target_os = "linux")]
    {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = peninsula_in(&root())
            .args(["levels"])
            .stdout(full)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(74), "{err}");
        assert!(
            err.starts_with("error: the output could not be written (failed printing to stdout: No space left on device"),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// `play --moves ask` plays the moves typed at the terminal: by number, by name (any case) or
/// by id. A word that is no move, a number past the list and a move not open now are each
/// answered with why, and the turn is asked again; `q` stops, and the log it writes replays the
/// same game to the same point.
#[test]
fn an_asked_game_plays_the_typed_moves_and_answers_mistakes() {
    let dir = scratch_dir("ask");
    let log = dir.join("asked.ron");
    let args = [
        "play",
        "--level",
        "2022_seventh_test",
        "--seed",
        "4",
        "--moves",
        "ask",
        "--log",
        log.to_str().unwrap(),
    ];
    let typed = "7\nfoo\n99\nsuspend major exercises\nConsult Beijing\nhold_course\nq\n";
    let (code, out, err) = run_typing(&args, typed);
    assert_eq!(code, 0, "{err}");
    // The objectives first, then the first turn's situation and its open moves, numbered.
    assert!(out.contains("Objectives:"), "{out}");
    assert!(
        out.contains("== Turn 1 of 16") && out.contains("   7  Scale down exercises"),
        "{out}"
    );
    // Each with its family and what it costs out of what there is to spend, as its card says.
    for line in [
        "   1  Joint air drills (Show of force; free) [joint_air_drills]",
        "  11  Consult Beijing (Outreach to Beijing; 3 of 60 diplomatic capital) [consult_beijing]",
    ] {
        assert!(out.contains(line), "no {line:?} in {out}");
    }
    assert!(out.contains("Not open now: "), "{out}");
    for answer in [
        "\"foo\" is not a move",
        "There is no move 99 this turn: type a number from 1 to 12.",
        "Suspend major exercises is not open now: needs talks momentum 30+.",
    ] {
        assert!(out.contains(answer), "no {answer:?} in {out}");
    }
    let played: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix("  You:       "))
        .collect();
    assert_eq!(
        played,
        [
            "Scale down exercises (Restraint)",
            "Consult Beijing (Outreach to Beijing)",
            "Hold course (neither force nor restraint)"
        ],
        "{out}"
    );
    assert!(out.contains("Stopped before turn 4."), "{out}");
    // The type stays hidden: the game is not over.
    assert!(
        out.contains("hidden disposition: hidden until the game ends"),
        "{out}"
    );
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains(
            "\"scale_down_drills\",\n        \"consult_beijing\",\n        \"hold_course\","
        ),
        "{text}"
    );
    let (code, replay, err) = run(&["play", "--moves", log.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let ending = |text: &str| text[text.rfind("Outcome: ").unwrap()..].to_string();
    assert_eq!(
        ending(&out),
        ending(&replay),
        "the log replays the asked game"
    );
}

/// An asked game played to its end (the same move typed every turn, the fallback where it is
/// not open) tells every turn, then the outcome, the score and Pyongyang's type; input that
/// runs out before the end stops the game where it stands.
#[test]
fn an_asked_game_ends_with_the_outcome_or_when_the_input_runs_out() {
    let args = [
        "play",
        "--level",
        "2013_third_test",
        "--seed",
        "2",
        "--moves",
        "ask",
    ];
    let (code, out, err) = run_typing(&args, &"hold_course\n".repeat(40));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("== Turn 14 of 14"), "{out}");
    assert!(out.contains("Score "), "{out}");
    assert!(!out.contains("hidden until the game ends"), "{out}");
    assert!(!out.contains("Stopped before"), "{out}");
    let (code, out, err) = run_typing(&args, "hold_course\nhold_course\n");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Stopped before turn 3."), "{out}");
}

/// `f` in an asked game prints the forecast for the turn, as `peninsula forecast` prints it
/// for the same position; a class code that plays blind refuses it and names the code, never
/// the seed it deals.
#[test]
fn an_asked_game_forecasts_on_f_unless_it_plays_blind() {
    let args = [
        "play",
        "--level",
        "2013_third_test",
        "--seed",
        "3",
        "--moves",
        "ask",
    ];
    let (code, out, err) = run_typing(&args, "f\nq\n");
    assert_eq!(code, 0, "{err}");
    let (code, table, err) = run(&["forecast", "--level", "2013_third_test", "--seed", "3"]);
    assert_eq!(code, 0, "{err}");
    assert!(table.contains("Forecast for turn 1 of 14"), "{table}");
    assert!(
        out.contains(&table),
        "the asked forecast is the command's: {out}"
    );
    let (code, dealt, err) = run(&[
        "class-code",
        "--level",
        "2013_third_test",
        "--seed",
        "3",
        "--no-forecast",
    ]);
    assert_eq!(code, 0, "{err}");
    let class = dealt.trim();
    let (code, out, err) = run_typing(
        &["play", "--class-code", class, "--moves", "ask"],
        "forecast\nq\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("This class code plays blind: no forecast."),
        "{out}"
    );
    assert!(!out.contains("Forecast for turn"), "{out}");
    assert!(
        !out.contains("seed 3"),
        "a class's game is named by its code: {out}"
    );
    // Played on from its log, the class's game is still played blind.
    let dir = scratch_dir("ask-blind");
    let kept = dir.join("kept.ron");
    let (code, _, err) = run_typing(
        &[
            "play",
            "--class-code",
            class,
            "--moves",
            "ask",
            "--log",
            kept.to_str().unwrap(),
        ],
        "hold_course\nq\n",
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run_typing(
        &["play", "--moves", kept.to_str().unwrap(), "--ask"],
        "f\nq\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("This class code plays blind: no forecast."),
        "{out}"
    );
    assert!(!out.contains("Forecast for turn"), "{out}");
}

/// Input that is not text, numbers of any sign and size, and a move's id in capitals are
/// answered as any other typing: the game goes on, says back what was typed (cut short when it
/// is long), and keeps its log.
#[test]
fn odd_typing_at_an_asked_game_is_answered_and_the_game_goes_on() {
    let dir = scratch_dir("ask-odd");
    let log = dir.join("odd.ron");
    let args = [
        "play",
        "--level",
        "2022_seventh_test",
        "--seed",
        "4",
        "--moves",
        "ask",
        "--log",
        log.to_str().unwrap(),
    ];
    let long = "x".repeat(5000);
    let typed = format!("\u{1}\n-1\n99999999999999999999\n{long}\nHOLD_COURSE\n");
    let mut bytes = b"\xff\xfe\n".to_vec();
    bytes.extend(typed.as_bytes());
    let (code, out, err) = run_typing_bytes(&args, &bytes);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("There is no move -1 this turn"), "{out}");
    assert!(
        out.contains("There is no move 99999999999999999999 this turn"),
        "{out}"
    );
    assert!(
        out.contains(&format!("\"{}...\" is not a move", "x".repeat(40))),
        "{out}"
    );
    assert!(
        !out.contains(&"x".repeat(41)),
        "a long line is said back cut short"
    );
    assert!(out.contains("  You:       Hold course"), "{out}");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("\"hold_course\""), "{text}");
}

/// A game stopped at the terminal and kept with `--log` goes on with `--ask`: the turns played
/// are told again, the next move is asked for, and the new log holds every move, so that the
/// whole game is the one the same moves typed in one sitting make. `--ask` with a policy, not
/// a log, is refused with what to use.
#[test]
fn an_asked_game_kept_in_a_log_goes_on_with_ask() {
    let dir = scratch_dir("ask-resume");
    let first = dir.join("first.ron");
    let second = dir.join("second.ron");
    let whole = dir.join("whole.ron");
    let level = [
        "play",
        "--level",
        "2017_fire_and_fury",
        "--seed",
        "6",
        "--moves",
        "ask",
    ];
    let with_log = |out: &std::path::Path| {
        let mut args = level.to_vec();
        args.extend(["--log", out.to_str().unwrap()]);
        args.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    let args = with_log(&first);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, err) = run_typing(&args, "consult_beijing\nhold_course\nq\n");
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run_typing(
        &[
            "play",
            "--moves",
            first.to_str().unwrap(),
            "--ask",
            "--log",
            second.to_str().unwrap(),
        ],
        "scale_down_drills\nq\n",
    );
    assert_eq!(code, 0, "{err}");
    let played: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix("  You:       "))
        .collect();
    assert_eq!(played.len(), 3, "two turns told again, one played: {out}");
    assert!(out.contains("== Turn 3 of 16"), "{out}");
    assert!(out.contains("Stopped before turn 4."), "{out}");
    let args = with_log(&whole);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, err) = run_typing(
        &args,
        "consult_beijing\nhold_course\nscale_down_drills\nq\n",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(&second).unwrap(),
        std::fs::read_to_string(&whole).unwrap(),
        "played on in two sittings, the log is that of one"
    );
    let (code, _, err) = run(&[
        "play",
        "--level",
        "2017_fire_and_fury",
        "--moves",
        "balanced",
        "--ask",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--ask plays on from a moves file"), "{err}");
}
