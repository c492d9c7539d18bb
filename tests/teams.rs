//! Advisor teams in hot seat, as a class meets them: each rule settles a disagreement as the
//! briefing says; playing both moves pays both costs and counts both moves' tags; a team game's
//! log (the proposals) replays exactly, through the CLI too; class codes carry the rule; the
//! transcript and the report show the proposals and each team's score.

mod support;

use peninsula::sim::Game;
use peninsula::sim::story::TurnStory;
use peninsula::sim::teams::{Settle, settle};
use support::*;

fn id(sc: &peninsula::rules::Scenario, a: &str) -> u16 {
    sc.action_index(a)
        .unwrap_or_else(|| panic!("no action {a}"))
}

#[test]
fn each_rule_settles_a_disagreement_its_own_way() {
    // Agreement is agreement under every rule.
    for rule in Settle::ALL {
        let s = settle(rule, 3, [4, 4]);
        assert!(s.agreed() && s.main == 4 && s.also.is_none(), "{rule:?}");
    }
    let lead = settle(Settle::Lead, 2, [1, 2]);
    assert_eq!((lead.main, lead.also, lead.decided_by), (1, None, Some(0)));
    let odd = settle(Settle::Alternate, 3, [1, 2]);
    let even = settle(Settle::Alternate, 4, [1, 2]);
    assert_eq!((odd.main, odd.decided_by), (1, Some(0)));
    assert_eq!((even.main, even.decided_by), (2, Some(1)));
    let both = settle(Settle::Both, 5, [1, 2]);
    assert_eq!((both.main, both.also, both.decided_by), (1, Some(2), None));
}

/// The line a team reads while it chooses says who decides a disagreement on that very turn,
/// and the same as `settle` does; and its score with the figures it is made of.
#[test]
fn a_team_reads_who_decides_this_turn_and_its_score_with_its_parts() {
    use peninsula::sim::teams::{score, score_line, this_turn_line};
    let sc = scenario("2017_fire_and_fury");
    for turn in 1..=4 {
        let decider = settle(Settle::Alternate, turn, [1, 2]).decided_by.unwrap();
        for team in 0..2 {
            let line = this_turn_line(Settle::Alternate, sc, turn, team);
            let expected = if decider == team {
                "if the teams disagree, your team decides this turn".to_string()
            } else {
                format!(
                    "if the teams disagree, the {} decides this turn",
                    sc.rules.teams[decider].name
                )
            };
            assert_eq!(line, expected, "turn {turn}, team {team}");
        }
    }
    assert_eq!(
        this_turn_line(Settle::Lead, sc, 2, 1),
        "if the teams disagree, the Washington team decides"
    );
    assert_eq!(
        this_turn_line(Settle::Both, sc, 2, 0),
        "if the teams disagree, both moves are played"
    );
    let game = Game::new(sc, 5);
    let s = &game.state;
    let seoul = score_line(sc, s, 1).unwrap();
    assert_eq!(
        seoul,
        format!(
            "score {} now, {} at the start (Talks momentum {:.0}, Public support {:.0})",
            score(sc, s, 1),
            score(sc, s, 1),
            s.vars[sc.rules.var_index("world.talks").unwrap() as usize],
            s.vars[sc.rules.var_index("seoul.approval").unwrap() as usize],
        )
    );
    assert!(score_line(sc, s, 2).is_none(), "no third team");
}

#[test]
fn playing_both_moves_pays_both_costs_and_counts_both() {
    let sc = scenario("sandbox");
    let capital = sc.rules.var_index("washington.capital").unwrap() as usize;
    let a = id(sc, "consult_beijing");
    let b = id(sc, "suspension_offer");
    let cost = |x: u16| -> f32 { sc.actions[x as usize].cost.iter().map(|(_, n)| n).sum() };
    assert!(cost(b) > 0.0, "the offer costs capital");
    let mut both = Game::with_teams(sc, 7, Settle::Both);
    let mut lead = Game::with_teams(sc, 7, Settle::Lead);
    let start = both.state.vars[capital];
    let rec = both.play_teams(sc, [a, b]).unwrap().clone();
    lead.play_teams(sc, [a, b]);
    assert_eq!(rec.taken, a);
    assert_eq!(rec.also, Some(b), "the second team's move is played too");
    assert!(lead.log[0].also.is_none(), "the lead team's move alone");
    // Both moves' costs (capital also regrows in the upkeep, equally in both games).
    let spent_both = start - both.state.vars[capital];
    let spent_lead = start - lead.state.vars[capital];
    assert!(
        (spent_both - spent_lead - cost(b)).abs() < 0.01,
        "both: {spent_both}, lead: {spent_lead}, offer costs {}",
        cost(b)
    );
    assert!(
        both.transcript(sc).contains("Also:"),
        "the transcript names the second move"
    );
}

#[test]
fn a_team_game_replays_from_its_proposals_and_its_log() {
    let sc = scenario("2017_fire_and_fury");
    let moves = [
        "joint_air_drills",
        "consult_beijing",
        "hold_course",
        "open_hotline",
        "suspension_offer",
    ];
    let seoul = [
        "consult_beijing",
        "consult_beijing",
        "open_hotline",
        "open_hotline",
        "hold_course",
    ];
    for rule in Settle::ALL {
        let mut g = Game::with_teams(sc, 21, rule);
        for (w, s) in moves.iter().zip(seoul) {
            g.play_teams(sc, [id(sc, w), id(sc, s)]);
        }
        let log = g.team_log(sc).expect("a team game logs its teams");
        assert_eq!(log.rule, rule.id());
        let setup = Game::setup_from(sc, 21, None, Some(&log)).unwrap();
        let played: Vec<u16> = g.log.iter().map(|r| r.requested).collect();
        let again = Game::replay(sc, &setup, &played, &[]);
        assert_eq!(again, g, "{rule:?}: the proposals replay the game exactly");
        let text = g.transcript(sc);
        assert!(
            text.contains("Teams:") && text.contains("Team scores so far:"),
            "five turns of sixteen: the teams' scores are so far, beside the game's no score: {text}"
        );
        assert!(
            text.contains("Washington team proposed"),
            "disagreements are shown: {text}"
        );

        // Through a log file and `play --moves`, byte for byte.
        let dir = scratch_dir(&format!("teams-{}", rule.id()));
        let path = dir.join("game.ron");
        std::fs::write(&path, g.log_text(sc, None).unwrap()).unwrap();
        let (code, out, err) = run(&["play", "--moves", path.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(out, text, "{rule:?}: the CLI replays the team game");
    }
}

#[test]
fn class_codes_carry_the_team_rule() {
    use peninsula::sim::class_code::{ClassOptions, decode, encode};
    let sc = scenario("2018_the_thaw");
    for teams in [
        None,
        Some(Settle::Lead),
        Some(Settle::Alternate),
        Some(Settle::Both),
    ] {
        for difficulty in [0, 1] {
            let options = ClassOptions {
                no_forecast: difficulty == 0,
                teams,
                difficulty,
            };
            let code = encode(data(), sc, 777, options);
            let back = decode(data(), &code.text).unwrap();
            assert_eq!(back.options, options, "{}", code.text);
        }
    }
    let (code, out, err) = run(&[
        "class-code",
        "--level",
        "2018_the_thaw",
        "--seed",
        "5",
        "--teams",
        "both",
    ]);
    assert_eq!(code, 0, "{err}");
    let back = decode(data(), out.trim()).unwrap();
    assert_eq!(back.options.teams, Some(Settle::Both));
    let (code, _, err) = run(&[
        "class-code",
        "--level",
        "2018_the_thaw",
        "--teams",
        "majority",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("lead, alternate or both"), "{err}");
}

#[test]
fn the_report_shows_the_teams_and_a_row_per_turn() {
    let sc = scenario("2022_seventh_test");
    let mut g = Game::with_teams(sc, 3, Settle::Alternate);
    let pairs = [
        ("joint_air_drills", "consult_beijing"),
        ("consult_beijing", "consult_beijing"),
        ("hold_course", "open_hotline"),
    ];
    for (w, s) in pairs {
        g.play_teams(sc, [id(sc, w), id(sc, s)]);
    }
    // The handout's turning points give the move as the group's, not as one student's choice.
    let handout = peninsula::report::handout::html(sc, &g, &[], None, Default::default(), None);
    assert!(!peninsula::report::handout::turning_points(sc, &g).is_empty());
    assert!(
        handout.contains("your group played") && !handout.contains("you chose"),
        "{handout}"
    );
    let page = peninsula::report::html(sc, &g, &[], None, Default::default(), None);
    assert!(
        page.contains("Advisor teams so far (the game did not reach its end):")
            && page.contains("Seoul team"),
        "team scores, so far: three turns of sixteen"
    );
    // With its change from its own start (the teams' figures start far apart, so only the
    // changes compare) and what each is made of, in the team's own figures.
    let parts = peninsula::sim::teams::parts(sc, &g.state, 1).unwrap();
    let now = peninsula::sim::teams::score(sc, &g.state, 1);
    let start = peninsula::sim::teams::start_score(sc, &g.state, 1);
    assert_eq!(
        start,
        peninsula::sim::teams::score(sc, &Game::new(sc, g.state.seed).state, 1),
        "the start is the level's opening"
    );
    let line = format!(
        "Seoul team {now} / 100, {:+} from {start} at the start ({parts})",
        now as i64 - start as i64
    );
    assert!(
        parts.contains("Public support ") && page.contains(&line),
        "{line}"
    );
    assert!(
        page.contains("Teams: Washington team proposed"),
        "disagreements in the timeline"
    );
    // The timeline says which part of each turn moved each figure, as the answers did: turn
    // 1's drills and consultation (Washington's turn, both not played), turn 2's consultation.
    assert!(
        page.contains("<div class=\"why\">changed: Washington credibility +3"),
        "the drills' own changes under the move"
    );
    assert!(
        page.contains("Beijing ties with Washington +6"),
        "the consultation's own changes"
    );
    assert!(
        page.contains("every turn's drift: "),
        "the drift on a line of its own"
    );
    use peninsula::report::Unfinished;
    let csv = peninsula::report::csv(sc, &g, Some("2022-005J-9"), Unfinished::InProgress, None);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines.len(),
        1 + g.log.len(),
        "a header and one row per turn"
    );
    let columns = lines[0].split(',').count();
    let types = sc.rules.pyongyang.dispositions.len();
    assert_eq!(
        columns,
        18 + sc.rules.vars.len() + types + 1,
        "one column per variable, then the estimate per type and the type"
    );
    assert!(
        lines[0].ends_with(
            ",estimate_security_seeker,estimate_builder,estimate_opportunist,disposition"
        ),
        "{}",
        lines[0]
    );
    // Each row's estimate is the dashboard's: shares in per cent that add up to 100; the type
    // is blank while the game is under way.
    for row in &lines[1..] {
        let cells: Vec<&str> = row.split(',').collect();
        let shares: f32 = cells[columns - 1 - types..columns - 1]
            .iter()
            .map(|x| x.parse::<f32>().unwrap())
            .sum();
        assert!((shares - 100.0).abs() < 0.5, "{row}");
        assert_eq!(cells[columns - 1], "", "the type stays hidden: {row}");
    }
    let ended =
        peninsula::report::csv(sc, &g, None, Unfinished::EndedEarly { reveal: false }, None);
    assert!(ended.lines().skip(1).all(|l| l.ends_with(',')), "{ended}");
    let revealed =
        peninsula::report::csv(sc, &g, None, Unfinished::EndedEarly { reveal: true }, None);
    let truth = &sc.rules.pyongyang.dispositions[g.state.disposition as usize].id;
    assert!(
        revealed
            .lines()
            .skip(1)
            .all(|l| l.ends_with(&format!(",{truth}"))),
        "{revealed}"
    );
    assert!(lines[0].contains("washington.credibility"));
    assert!(
        lines[0].contains(",proposal_washington,proposal_seoul,"),
        "each proposal is headed by its team: {}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("2022_seventh_test,2022-005J-9,,,game,in progress,,1,"),
        "the game, how it went (no score before its end), then the turn: {}",
        lines[1]
    );
    assert!(lines[1].contains("joint_air_drills") && lines[1].contains("consult_beijing"));
}

/// The difficulty: "hard" starts the player's side weaker, a log and a class code carry it, and
/// an unknown one is refused by name.
#[test]
fn a_hard_game_starts_weaker_and_its_log_and_code_carry_it() {
    use peninsula::sim::Setup;
    let sc = scenario("2017_fire_and_fury");
    let hard = sc
        .rules
        .difficulty_index("hard")
        .expect("the rules define hard");
    let capital = sc.rules.var_index("washington.capital").unwrap() as usize;
    let standard = Game::new(sc, 5);
    let harder = Game::start(
        sc,
        &Setup {
            seed: 5,
            difficulty: hard,
            teams: None,
            group: None,
            computer: None,
        },
    );
    assert!(harder.state.vars[capital] < standard.state.vars[capital] - 10.0);
    assert_eq!(harder.difficulty_id(sc).as_deref(), Some("hard"));
    assert_eq!(
        standard.difficulty_id(sc),
        None,
        "the default is not written"
    );

    let dir = scratch_dir("hard");
    let log = dir.join("game.ron");
    let args = [
        "play",
        "--level",
        "2017_fire_and_fury",
        "--seed",
        "5",
        "--moves",
        "balanced",
        "--difficulty",
        "hard",
        "--log",
        log.to_str().unwrap(),
    ];
    let (code, first, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert!(first.contains("Difficulty: Hard"), "{first}");
    let (code, again, err) = run(&["play", "--moves", log.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(again, first, "the log replays the hard game");
    let (code, _, err) = run(&[
        "play",
        "--level",
        "2017_fire_and_fury",
        "--moves",
        "dove",
        "--difficulty",
        "brutal",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("standard, hard"), "{err}");

    let (code, out, err) = run(&[
        "class-code",
        "--level",
        "2017_fire_and_fury",
        "--seed",
        "5",
        "--difficulty",
        "hard",
    ]);
    assert_eq!(code, 0, "{err}");
    let class = peninsula::sim::class_code::decode(data(), out.trim()).unwrap();
    assert_eq!(class.options.difficulty, hard);
    let (code, by_code, err) = run(&["play", "--class-code", out.trim(), "--moves", "balanced"]);
    assert_eq!(code, 0, "{err}");
    let (note, game) = by_code.split_once('\n').unwrap();
    assert!(
        note.starts_with("Class code "),
        "the code is named first: {note}"
    );
    // The same hard game under its first line, which names the code, not the seed.
    let (title, game) = game.split_once('\n').unwrap();
    assert!(
        title.ends_with(&format!("class code {}", out.trim())),
        "{title}"
    );
    assert_eq!(
        Some(game),
        first.split_once('\n').map(|(_, g)| g),
        "the code plays the same hard game"
    );
}

/// A game the facilitator ended early: its report says so (not "in progress"), and names
/// Pyongyang's type only when written on the facilitator's machine; a student's copy says it
/// stays hidden. A save's report, still in progress, says it stays hidden until the end.
#[test]
fn a_report_of_a_game_ended_early_says_so_and_names_the_type_only_for_the_facilitator() {
    use peninsula::report::{Unfinished, html};
    let sc = scenario("2017_fire_and_fury");
    let mut g = Game::new(sc, 7);
    g.play(sc, sc.fallback_action);
    assert!(g.state.outcome.is_none());
    let name = &sc.rules.pyongyang.dispositions[g.state.disposition as usize].name;
    let type_line = format!("hidden disposition this game: <strong>{name}</strong>");
    let student = html(
        sc,
        &g,
        &[],
        None,
        Unfinished::EndedEarly { reveal: false },
        None,
    );
    assert!(student.contains("Ended early (End now), after 1 turn of 16"));
    // No score for a game that did not reach its end: its outcome, most of a score, is unknown
    // (it read as a loss's 25 points, which a teacher grading reports could take for the result).
    assert!(
        student.contains("No score: the game did not reach its end")
            && !student.contains("for the outcome"),
        "{student}"
    );
    // What a class can compare instead: how the level would have ended after the turn played,
    // and the score then (the level's own judgement, `outcome_if_ended_now`).
    let had = peninsula::sim::turn::outcome_if_ended_now(sc, &g.state).unwrap();
    let how = match had {
        peninsula::sim::Outcome::Win(_) => "a win (",
        _ => "a loss (",
    };
    assert!(
        student.contains(&format!("had it ended after turn 1: {how}")),
        "{student}"
    );
    assert!(student.contains("stays hidden"));
    assert!(
        !student.contains(&type_line),
        "the student's copy keeps it hidden"
    );
    assert!(!student.contains("in progress"));
    let teacher = html(
        sc,
        &g,
        &[],
        None,
        Unfinished::EndedEarly { reveal: true },
        None,
    );
    assert!(
        teacher.contains(&type_line),
        "the facilitator's copy names it"
    );
    // And, naming it, its timeline says what weighed most in hindsight, as a finished game's
    // does; the student's copy says only that the hidden disposition decides it.
    assert!(teacher.contains("in hindsight: "), "{teacher}");
    assert!(!student.contains("in hindsight: "));
    let save = html(sc, &g, &[], None, Unfinished::InProgress, None);
    assert!(save.contains("in progress"));
    assert!(save.contains("No score: the game did not reach its end"));
    assert!(!save.contains(&type_line));
    // Still going: the type is hidden until the end, and the estimate is the latest, not final.
    assert!(save.contains("stays hidden until the game ends"));
    assert!(!save.contains("the game ended before its outcome"));
    if g.log
        .iter()
        .any(|r| TurnStory::of(sc, r).estimate.is_some())
    {
        assert!(save.contains("Your analysts' latest estimate"));
        assert!(!save.contains("final estimate"));
    }
}

/// The disagreement screen says beforehand when the second team's move will not be played as
/// well; what it says must be what the turn then does, for every pair of moves in many states
/// (capital running low, moves that close others).
#[test]
fn the_second_move_is_said_to_be_playable_exactly_when_the_turn_plays_it() {
    use peninsula::sim::teams::second_still_playable;
    let (mut dropped, mut played) = (0, 0);
    for level in ["2017_fire_and_fury", "sandbox"] {
        let sc = scenario(level);
        let n = sc.actions.len() as u16;
        for seed in 0..6u64 {
            let mut g = Game::with_teams(sc, seed, Settle::Both);
            let mut k = seed as u16;
            while g.state.outcome.is_none() {
                for a in 0..n {
                    for b in 0..n {
                        if a == b {
                            continue;
                        }
                        let mut copy = g.clone();
                        let said = second_still_playable(sc, &copy.state, [a, b]);
                        let rec = copy.play_teams(sc, [a, b]).unwrap().clone();
                        // Only a first move that is played itself can have a second beside it.
                        if rec.taken == a {
                            assert_eq!(said, rec.also == Some(b), "{level} seed {seed} {a} {b}");
                            if said { played += 1 } else { dropped += 1 }
                        }
                    }
                }
                // On with pricey pairs, so that capital runs low.
                k = (k + 3) % n;
                g.play_teams(sc, [k, (k + 1) % n]);
            }
        }
    }
    assert!(
        dropped > 100 && played > 100,
        "both cases met: {dropped} {played}"
    );
}

/// When both teams' moves were played, the report's chart draws the turn's bar in two halves,
/// one per move's family, and its key says so; a game with one move a turn does not.
#[test]
fn a_turn_with_both_moves_has_a_bar_in_two_colours() {
    use peninsula::report::chart::{family_color, png};
    use peninsula::rules::Family;
    let sc = scenario("2017_fire_and_fury");
    let mut both = Game::with_teams(sc, 5, Settle::Both);
    // A show of force and an outreach to Beijing: two families, two colours.
    both.play_teams(sc, [id(sc, "joint_air_drills"), id(sc, "consult_beijing")]);
    assert!(both.log[0].also.is_some(), "both moves were played");
    let mut one = Game::new(sc, 5);
    one.play(sc, id(sc, "joint_air_drills"));
    // How many pixels of the chart are (nearly) a family's colour, drawn at 85% over the
    // background.
    let pixels = |g: &Game, f: Family| {
        let chart = png(sc, g, None).unwrap();
        let decoder = ::png::Decoder::new(std::io::Cursor::new(chart));
        let mut reader = decoder.read_info().unwrap();
        let mut rgb = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut rgb).unwrap();
        let c = family_color(f);
        let (bg, a) = ([14.0, 21.0, 29.0], 0.85);
        let want = [c.0, c.1, c.2]
            .iter()
            .zip(bg)
            .map(|(x, b)| *x as f64 * a + b * (1.0 - a))
            .collect::<Vec<_>>();
        rgb[..info.buffer_size()]
            .chunks(3)
            .filter(|p| (0..3).all(|i| (p[i] as f64 - want[i]).abs() <= 3.0))
            .count()
    };
    let outreach_both = pixels(&both, Family::BeijingOutreach);
    let outreach_one = pixels(&one, Family::BeijingOutreach);
    assert!(
        outreach_both > outreach_one + 200,
        "the second half of the bar: {outreach_both} against {outreach_one}"
    );
    let force_both = pixels(&both, Family::ShowOfForce);
    let force_one = pixels(&one, Family::ShowOfForce);
    assert!(
        force_both > 200 && force_both < force_one,
        "the first half: {force_both} against the whole bar's {force_one}"
    );
    let page = |g: &Game| peninsula::report::html(sc, g, &[], None, Default::default(), None);
    assert!(page(&both).contains("in two halves when both teams' moves were played"));
    assert!(!page(&one).contains("in two halves"));
}
