//! Mods as a player and a modder meet them: a mod folder adds a level that plays beside the base
//! game's; a broken mod, a missing dependency, a cycle, a mod for another game version, a level
//! id that is already taken and a file that leads outside the mod are each reported by name,
//! and none of them stops the base game or a good mod; `peninsula mods` lists them all and
//! `validate --mod` points at the mod's own file.

mod support;

use std::path::Path;
use support::*;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn manifest(id: &str, extra: &str) -> String {
    format!("(id: \"{id}\", name: \"Mod {id}\", version: \"1.2.0\", author: \"Tests\", {extra})")
}

/// The sandbox level under another id.
fn level(id: &str) -> String {
    let base = std::fs::read_to_string(root().join("levels/sandbox.ron")).unwrap();
    base.replacen("id: \"sandbox\"", &format!("id: \"{id}\""), 1)
}

/// A folder of mods: one good, the rest each broken in its own way.
fn mods_folder(name: &str) -> Scratch {
    let dir = support::scratch_dir(&format!("mods-{name}"));
    write(
        &dir.join("good/mod.ron"),
        &manifest("good_mod", "game: \"0.1\""),
    );
    write(
        &dir.join("good/levels/modded_sandbox.ron"),
        &level("modded_sandbox"),
    );
    write(
        &dir.join("needs_good/mod.ron"),
        &manifest("needs_good", "depends: [\"good_mod\"]"),
    );
    write(
        &dir.join("needs_good/levels/second_modded.ron"),
        &level("second_modded"),
    );
    write(&dir.join("broken/mod.ron"), &manifest("broken_mod", ""));
    write(
        &dir.join("broken/levels/bad_level.ron"),
        "(id: \"bad_level\", turns: )",
    );
    write(
        &dir.join("orphan/mod.ron"),
        &manifest("orphan", "depends: [\"nowhere\", \"good_mdo\"]"),
    );
    write(
        &dir.join("cycle_a/mod.ron"),
        &manifest("cycle_a", "depends: [\"cycle_b\"]"),
    );
    write(
        &dir.join("cycle_b/mod.ron"),
        &manifest("cycle_b", "depends: [\"cycle_a\"]"),
    );
    write(
        &dir.join("future/mod.ron"),
        &manifest("future", "game: \"9.9\""),
    );
    write(
        &dir.join("malformed/mod.ron"),
        &manifest("malformed", "game: \"1\""),
    );
    write(&dir.join("clash/mod.ron"), &manifest("clash", ""));
    write(&dir.join("clash/levels/sandbox.ron"), &level("sandbox"));
    write(&dir.join("no_manifest/levels/x.ron"), &level("x"));
    write(&dir.join("escape/mod.ron"), &manifest("escape", ""));
    std::fs::create_dir_all(dir.join("escape/levels")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        root().join("levels/sandbox.ron"),
        dir.join("escape/levels/sneaky.ron"),
    )
    .unwrap();
    dir
}

fn run_with_mods(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_peninsula"))
        .args(args)
        .current_dir(root())
        .env("PENINSULA_MODS_DIR", dir)
        .env("PENINSULA_SAVE_DIR", root().join("target/no-saves-here"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_good_mod_adds_a_level_and_broken_ones_are_listed_by_name() {
    let dir = mods_folder("list");
    let (code, out, err) = run_with_mods(&dir, &["mods"]);
    assert_eq!(code, 1, "some mods fail: {out}{err}");
    // A mod's block: its header line and the indented lines under it.
    let block = |id: &str| -> String {
        let lines: Vec<&str> = out.lines().collect();
        let start = lines
            .iter()
            .position(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{id} listed: {out}"));
        let mut text = lines[start].to_string();
        for l in &lines[start + 1..] {
            if !l.starts_with(' ') {
                break;
            }
            text += "\n";
            text += l;
        }
        text
    };
    let good = block("good_mod");
    assert!(
        good.contains("1.2.0") && good.contains("mods folder"),
        "{good}"
    );
    assert!(
        good.contains("modded_sandbox") && good.contains("status: ok"),
        "{good}"
    );
    assert!(
        block("needs_good").contains("status: ok"),
        "a dependency loads first"
    );
    assert!(
        block("broken_mod").contains("bad_level.ron:1:"),
        "{}",
        block("broken_mod")
    );
    assert!(block("orphan").contains("depends on \"nowhere\", which is not installed"));
    // A misspelt dependency is told the installed mod it is nearest to.
    assert!(
        block("orphan")
            .contains("depends on \"good_mdo\", which is not installed (did you mean `good_mod`?)"),
        "{}",
        block("orphan")
    );
    assert!(block("cycle_a").contains("cycle"), "{}", block("cycle_a"));
    assert!(block("cycle_b").contains("cycle"));
    assert!(block("future").contains("made for game version 9.9"));
    assert!(
        block("malformed")
            .contains("\"1\" is not a game version: write it as \"major.minor\", such as \"0.1\""),
        "{}",
        block("malformed")
    );
    assert!(
        block("clash").contains(
            "its level \"sandbox\" (levels/sandbox.ron) is already defined by the base game"
        ),
        "{}",
        block("clash")
    );
    assert!(block("no_manifest").contains("no mod.ron"));
    #[cfg(unix)]
    {
        // At the link itself, not at mod.ron: that is the file to change.
        let escape = block("escape");
        assert!(
            escape.contains(&format!(
                "{}:1:1: leads outside the mod's folder",
                dir.join("escape/levels/sneaky.ron").display()
            )),
            "{escape}"
        );
    }

    // The good mods' levels are offered, marked with their mod; the broken ones' are not.
    let (code, levels, _) = run_with_mods(&dir, &["levels"]);
    assert_eq!(code, 0);
    assert!(levels.contains("modded_sandbox") && levels.contains("[mod: Mod good_mod]"));
    assert!(levels.contains("second_modded"));
    assert!(!levels.contains("bad_level"), "{levels}");
    for id in HISTORICAL_LEVELS {
        assert!(levels.contains(id), "the base game is all there");
    }
    // Both a mod level and a base level play.
    let (code, out, err) = run_with_mods(
        &dir,
        &[
            "play",
            "--level",
            "modded_sandbox",
            "--seed",
            "3",
            "--moves",
            "dove",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("level modded_sandbox"), "{out}");
    let (code, _, err) = run_with_mods(
        &dir,
        &[
            "play",
            "--level",
            "2018_the_thaw",
            "--seed",
            "3",
            "--moves",
            "dove",
        ],
    );
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_mod_named_on_the_command_line_loads_and_validates_against_its_own_files() {
    let dir = mods_folder("flag");
    let good = dir.join("good");
    let (code, out, err) = run(&["--mod", good.to_str().unwrap(), "mods"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("good_mod") && out.contains("from --mod"),
        "{out}"
    );
    let (code, out, err) = run(&["validate", "--mod", good.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("no problems"), "{out}");
    let broken = dir.join("broken");
    let (code, out, _) = run(&["validate", "--mod", broken.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("bad_level.ron:1:"),
        "the mod's own file: {out}"
    );
    // Named with --mod but broken, it stops a command that would play without it: figures from
    // the unmodded game must not pass for the mod's.
    for args in [
        &[
            "sim",
            "--level",
            "2013_third_test",
            "--policy",
            "dove",
            "--runs",
            "20",
        ][..],
        &["play", "--level", "2018_the_thaw", "--moves", "dove"][..],
    ] {
        let mut all = vec!["--mod", broken.to_str().unwrap()];
        all.extend_from_slice(args);
        let (code, out, err) = run(&all);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(out.is_empty(), "{args:?} printed results: {out}");
        assert!(
            err.contains("named with --mod, does not load: ") && err.contains("bad_level.ron:1:"),
            "{args:?}: {err}"
        );
    }
    // Without --mod and with no mods folder, the mod's level does not exist.
    let (code, _, err) = run(&["play", "--level", "modded_sandbox", "--moves", "dove"]);
    assert_eq!(code, 2, "{err}");
}

/// The example mod (examples/mods/cheonan_2010): it validates clean, and every built-in policy
/// plays its level to the end.
#[test]
fn the_example_mod_validates_clean_and_every_policy_plays_it() {
    let example = root().join("examples/mods/cheonan_2010");
    let m = example.to_str().unwrap();
    let (code, out, err) = run(&["validate", "--mod", m]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("no problems"), "{out}");
    let (code, out, err) = run(&["--mod", m, "mods"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("cheonan_2010 1.0.0") && out.contains("status: ok"),
        "{out}"
    );
    for policy in peninsula::sim::policy::BUILTIN {
        let (code, out, err) = run(&[
            "--mod",
            m,
            "play",
            "--level",
            "cheonan_2010",
            "--seed",
            "4",
            "--moves",
            policy,
        ]);
        assert_eq!(code, 0, "{policy}: {err}");
        assert!(
            out.contains("Outcome: "),
            "{policy} plays to the end: {out}"
        );
    }
    let (code, out, err) = run(&["--mod", m, "calibrate", "cheonan_2010", "--runs", "300"]);
    assert_eq!(code, 0, "{out}{err}");
}

/// `--mod` before the command and after it both count: a modder who keeps one mod on the
/// main line and names another for one command gets both, and a new mod copied from a mod's
/// level prints a check-it command that loads the mod its level depends on, and passes.
#[test]
fn every_mod_on_the_command_line_loads_wherever_it_is_given() {
    let example = root().join("examples/mods/cheonan_2010");
    let m = example.to_str().unwrap();
    let other = support::scratch_dir("mod-twice");
    patching_mod(
        &other,
        "quiet_word",
        "",
        &[("actions.ron", &format!("(actions: [{NEW_ACTION}])"))],
    );
    let q = other.join("quiet_word");
    let q = q.to_str().unwrap();
    let (code, out, err) = run(&["--mod", m, "mods", "--mod", q]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("cheonan_2010") && out.contains("quiet_word"),
        "both mods are listed: {out}"
    );
    let (code, out, err) = run(&[
        "--mod",
        m,
        "play",
        "--mod",
        q,
        "--level",
        "cheonan_2010",
        "--moves",
        "balanced",
    ]);
    assert_eq!(code, 0, "the first mod's level is found: {err}");
    assert!(out.contains("Outcome: "), "{out}");
    let (code, out, err) = run(&[&format!("--mod={m}"), "levels", "--mod", q]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("cheonan_2010"), "{out}");

    let dest = support::scratch_dir("mod-twice-new");
    let (code, said, err) = run(&[
        "--mod",
        m,
        "new-mod",
        "From Cheonan",
        "--from",
        "cheonan_2010",
        "--out",
        dest.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{said}{err}");
    let check = said
        .lines()
        .find_map(|l| l.trim().strip_prefix("check it:"))
        .unwrap_or_else(|| panic!("a check-it line: {said}"));
    let words: Vec<&str> = check.split_whitespace().skip(1).collect();
    assert!(
        words.windows(2).any(|w| w == ["--mod", m]),
        "the hint loads the mod the level came from: {check}"
    );
    let (code, out, err) = run(&words);
    assert_eq!(code, 0, "the printed check passes: {check}\n{out}{err}");
}

/// A file in the wrong folder is named for what it is: a level in a mod's `policies/` says it
/// is a level (as a policy in `levels/` says it is a policy). And a missing dependency is never
/// "meant" to be the mod that names it.
#[test]
fn a_level_among_policies_is_named_a_level_and_no_mod_is_its_own_likely_dependency() {
    let dir = support::scratch_dir("misplaced");
    write(
        &dir.join("ma/mod.ron"),
        &manifest("ma", "depends: [\"mb\"]"),
    );
    write(&dir.join("lvl/mod.ron"), &manifest("lvl_mod", ""));
    write(&dir.join("lvl/policies/oops.ron"), &level("oops_level"));
    let (code, out, err) = run(&[
        "validate",
        "--mod",
        dir.join("ma").to_str().unwrap(),
        "--mod",
        dir.join("lvl").to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(&format!(
            "{}:1:1: this is a level, not a player policy",
            dir.join("lvl/policies/oops.ron").display()
        )) && !out.contains("unknown field `id`"),
        "{out}"
    );
    assert!(
        out.contains("depends on \"mb\", which is not installed")
            && !out.contains("did you mean `ma`"),
        "{out}"
    );
}

/// A mod whose `rules/` patches add, override and remove entries by id.
fn patching_mod(dir: &Path, id: &str, extra: &str, rules: &[(&str, &str)]) {
    write(&dir.join(id).join("mod.ron"), &manifest(id, extra));
    for (file, text) in rules {
        write(&dir.join(id).join("rules").join(file), text);
    }
}

const NEW_ACTION: &str = r#"(id: "quiet_word", name: "A quiet word in Panmunjom", family: Restraint,
    about: "A message passed at the truce village.", effects: [Tension(amount: -3, decay: 1)])"#;

#[test]
fn rule_patches_add_override_and_remove_entries_by_id() {
    let dir = support::scratch_dir("patch");
    patching_mod(
        &dir,
        "patcher",
        "",
        &[
            (
                "actions.ron",
                &format!("(actions: [{NEW_ACTION}], remove: [\"regional_talks\"])"),
            ),
            (
                "pyongyang.ron",
                r#"(rules: [(id: "lie_low", response: "quiet", weight: 4.0, because: "The mod makes it lie low.")],
                   remove: (rules: ["talks_buy_time"]))"#,
            ),
        ],
    );
    let (code, out, err) = run_with_mods(&dir, &["mods"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("adds: action quiet_word"), "{out}");
    assert!(out.contains("overrides: pyongyang rule lie_low"), "{out}");
    assert!(
        out.contains("removes: action regional_talks, pyongyang rule talks_buy_time"),
        "{out}"
    );
    // `validate` of the mod says so too: a new rule that took a base id by mistake would
    // otherwise replace the base game's rule with no word.
    let (code, out, err) = run_with_mods(
        &dir,
        &["validate", "--mod", dir.join("patcher").to_str().unwrap()],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(
            "note: mod \"patcher\" replaces the base game's pyongyang rule lie_low in every level"
        ),
        "{out}"
    );
    // The new action plays in a base level, and the removed one is gone from it.
    let moves = dir.join("moves.ron");
    write(
        &moves,
        "(level: \"sandbox\", seed: 3, moves: [\"quiet_word\", \"hold_course\"])",
    );
    let (code, out, err) = run_with_mods(&dir, &["play", "--moves", moves.to_str().unwrap()]);
    assert!(
        code == 0 && out.contains("A quiet word in Panmunjom"),
        "the added action is played: {code} {out}{err}"
    );
    let gone = dir.join("gone.ron");
    write(
        &gone,
        "(level: \"sandbox\", seed: 3, moves: [\"regional_talks\"])",
    );
    let (code, _, err) = run_with_mods(&dir, &["play", "--moves", gone.to_str().unwrap()]);
    assert!(
        code == 2
            && err.contains("\"regional_talks\", which is not an action")
            && err.contains("quiet_word"),
        "the removed action is gone: {code} {err}"
    );
    // Named at its place in the log, as `validate` names it: line 1, column 37, `moves[0]`.
    assert!(
        err.contains(&format!("{}:1:37: moves[0]: move 1 is ", gone.display())),
        "at the move's line and column: {err}"
    );
    // The override decides: with weight 4 Pyongyang lies low, and says the mod's reason.
    assert!(out.contains("The mod makes it lie low."), "{out}");
}

#[test]
fn a_patch_problem_points_at_the_mods_own_file_and_the_base_game_still_plays() {
    let dir = support::scratch_dir("badpatch");
    patching_mod(
        &dir,
        "typo",
        "",
        &[(
            "pyongyang.ron",
            "(\n  rules: [\n    (id: \"new_rule\", response: \"missle_test\", weight: 1.0, because: \"x\"),\n  ],\n)",
        )],
    );
    // Removing what a base level's script uses breaks that level: the mod is refused.
    patching_mod(
        &dir,
        "breaker",
        "",
        &[("actions.ron", "(remove: [\"joint_air_drills\"])")],
    );
    patching_mod(
        &dir,
        "misnamer",
        "",
        &[("actions.ron", "(remove: [\"no_such_action\"])")],
    );
    patching_mod(
        &dir,
        "twice",
        "",
        &[(
            "events.ron",
            "(remove: [\"misfire\", \"misfire\", \"misfire\"])",
        )],
    );
    patching_mod(&dir, "oddfile", "", &[("actors.ron", "()")]);
    patching_mod(
        &dir,
        "twoodd",
        "",
        &[("actors.ron", "()"), ("notes.txt", "x")],
    );
    patching_mod(
        &dir,
        "unhinged",
        "",
        &[("actions.ron", "(remove: [\"open_hotline\"])")],
    );
    // A removal of an id that is not there, and in the same file a rule for a response Beijing
    // does not have: both come at once, not the second only once the first is fixed.
    patching_mod(
        &dir,
        "both",
        "",
        &[(
            "beijing.ron",
            "(\n  remove: (rules: [\"no_such_rule\"]),\n  rules: [\n    (id: \"hush\", response: \"quiet\", weight: 1.0, because: \"x\"),\n  ],\n)",
        )],
    );
    let (code, out, _) = run_with_mods(&dir, &["mods"]);
    assert_eq!(code, 1, "{out}");
    let both = dir.join("both/rules/beijing.ron").display().to_string();
    assert!(
        out.lines().any(|l| l.contains(&format!("{both}:2:"))
            && l.contains("cannot remove beijing rule \"no_such_rule\""))
            && out
                .lines()
                .any(|l| l.contains(&format!("{both}:4:"))
                    && l.contains("unknown response \"quiet\"")),
        "{out}"
    );
    let file = dir.join("typo/rules/pyongyang.ron");
    assert!(
        out.contains(&format!("{}:3:", file.display())) && out.contains("missile_test"),
        "the unknown response is reported at the mod's file, line 3, with a suggestion: {out}"
    );
    assert!(
        out.contains("its rules break level") && out.contains("of the base game"),
        "{out}"
    );
    assert!(
        out.contains("cannot remove action \"no_such_action\""),
        "{out}"
    );
    // An id removed twice is reported as listed twice, not as missing: the event exists.
    assert!(
        out.contains("remove[1]: \"misfire\" is listed twice in this file (first at remove[0])")
            && out.contains(
                "remove[2]: \"misfire\" is listed twice in this file (first at remove[0])"
            )
            && !out.contains("cannot remove event \"misfire\""),
        "{out}"
    );
    // Two files the rules/ folder cannot hold are both reported, neither hiding the other.
    assert!(
        out.contains(&format!(
            "{}:1:1: a mod cannot change actors.ron",
            dir.join("twoodd/rules/actors.ron").display()
        )) && out.contains(&format!(
            "{}:1:1: a file the game does not read",
            dir.join("twoodd/rules/notes.txt").display()
        )),
        "{out}"
    );
    assert!(
        out.contains("a mod cannot change actors.ron")
            && !out.contains("did you mean `actions.ron`"),
        "{out}"
    );
    assert!(
        out.contains(
            "it removes action \"open_hotline\", which the built-in policy \"balanced\" names"
        ),
        "{out}"
    );
    // None of them takes the base game down: its levels play, unchanged.
    let (code, out, err) = run_with_mods(
        &dir,
        &[
            "play", "--level", "sandbox", "--seed", "1", "--moves", "balanced",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let (_, plain, _) = run(&[
        "play", "--level", "sandbox", "--seed", "1", "--moves", "balanced",
    ]);
    assert_eq!(out, plain, "failed mods change nothing");
}

#[test]
fn two_mods_changing_one_id_conflict_unless_one_loads_after_the_other() {
    let dir = support::scratch_dir("conflict");
    let patch = r#"(rules: [(id: "lie_low", response: "quiet", weight: 2.0, because: "Mine.")])"#;
    patching_mod(&dir, "first", "", &[("pyongyang.ron", patch)]);
    patching_mod(&dir, "second", "", &[("pyongyang.ron", patch)]);
    let (code, out, _) = run_with_mods(&dir, &["mods"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("mod \"second\" and mod \"first\" both change pyongyang rule \"lie_low\""),
        "the later mod is refused, naming both: {out}"
    );
    // With a load order hint the second mod means to build on the first: no conflict.
    patching_mod(
        &dir,
        "second",
        "load_after: [\"first\"]",
        &[("pyongyang.ron", patch)],
    );
    let (code, out, _) = run_with_mods(&dir, &["mods"]);
    assert_eq!(code, 0, "{out}");
    // A mod checked with --mod beside an installed one that changes the same rule: whichever
    // loads later is refused, so the check fails, naming both. When the installed one is the
    // later (the mod checked, "alpha", sorts first), it is the one the player loses.
    let mine = support::scratch_dir("conflict_mine");
    for id in ["alpha", "mine"] {
        patching_mod(&mine, id, "", &[("pyongyang.ron", patch)]);
        let (code, out, err) = run_with_mods(
            &dir,
            &["validate", "--mod", mine.join(id).to_str().unwrap()],
        );
        assert_eq!(code, 1, "{out}{err}");
        let all = format!("{out}{err}");
        assert!(
            all.contains("both change pyongyang rule \"lie_low\""),
            "{all}"
        );
        if id == "alpha" {
            assert!(
                all.contains("the installed mod \"first\" does not load beside mod \"alpha\""),
                "{all}"
            );
        }
    }
}

#[test]
fn new_mod_writes_a_folder_that_validates_clean_and_plays() {
    let dir = support::scratch_dir("newmod");
    let out = dir.to_str().unwrap();
    for (name, from, level) in [
        ("Yellow Sea 2010", None, "yellow_sea_2010"),
        ("2017 again", Some("2017_fire_and_fury"), "mod_2017_again"),
        ("Ünïcode Mod!", None, "unicode_mod"),
    ] {
        let mut args = vec!["new-mod", name, "--out", out];
        if let Some(f) = from {
            args.extend(["--from", f]);
        }
        let (code, said, err) = run(&args);
        assert_eq!(code, 0, "{said}{err}");
        // The guide is named where it is on this machine, so it opens from any folder.
        let guide = root().join("docs/modding.md");
        assert!(
            said.contains(&format!("  the guide: {}", guide.display())),
            "{said}"
        );
        let folder = dir.join(level);
        for f in ["mod.ron", "README.md"] {
            assert!(folder.join(f).is_file(), "{f} written: {said}");
        }
        let level_file = folder.join(format!("levels/{level}.ron"));
        let text = std::fs::read_to_string(&level_file).unwrap();
        assert!(text.contains(&format!("id: \"{level}\"")), "renamed");
        // Titled after the mod, so the level list shows no second "Sandbox".
        assert!(
            text.contains(&format!(
                "\n    title: {},\n",
                ron::to_string(name).unwrap()
            )),
            "titled after the mod"
        );
        let (code, said, err) = run(&["validate", "--mod", folder.to_str().unwrap()]);
        assert_eq!(code, 0, "validates clean: {said}{err}");
        let (code, said, err) = run(&[
            "--mod",
            folder.to_str().unwrap(),
            "play",
            "--level",
            level,
            "--moves",
            "balanced",
        ]);
        assert_eq!(code, 0, "plays: {said}{err}");
        // A class gets a code for it, which opens this level, not the base level of its year.
        let (code, class, err) = run(&[
            "--mod",
            folder.to_str().unwrap(),
            "class-code",
            "--level",
            level,
        ]);
        assert_eq!(code, 0, "a class code: {class}{err}");
        let (code, said, err) = run(&[
            "--mod",
            folder.to_str().unwrap(),
            "play",
            "--class-code",
            class.trim(),
            "--moves",
            "balanced",
        ]);
        assert_eq!(code, 0, "{said}{err}");
        assert!(said.contains(&format!("level {level},")), "{said}");
    }
    // A copy of a historical level keeps its history; the template is the sandbox's.
    let copied =
        std::fs::read_to_string(dir.join("mod_2017_again/levels/mod_2017_again.ron")).unwrap();
    assert!(copied.contains("history:") && !copied.contains("\n    campaign:"));
    // It never overwrites: a second run refuses and leaves the folder as it was.
    let (code, _, err) = run(&["new-mod", "Yellow Sea 2010", "--out", out]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    let (code, _, err) = run(&["new-mod", "x", "--from", "2017_fire_and_fyry", "--out", out]);
    assert_eq!(code, 2);
    assert!(err.contains("2017_fire_and_fury"), "did you mean: {err}");
    // Nothing near: the levels it could have been are listed.
    let (code, _, err) = run(&["new-mod", "x", "--from", "nosuch", "--out", out]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--from nosuch: no such level; the levels: ")
            && err.contains("2013_third_test")
            && err.contains("sandbox"),
        "{err}"
    );
    // A name with nothing to make an id of is refused, not turned into a `my_mod` unasked.
    let (code, _, err) = run(&["new-mod", "日本語", "--out", out]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("has no Latin letter or digit"), "{err}");
    assert!(!Path::new(out).join("my_mod").exists());
    // No name at all: the template's "My mod", which validates clean.
    let (code, said, err) = run(&["new-mod", "", "--out", out]);
    assert_eq!(code, 0, "{said}{err}");
    let (code, said, err) = run(&["validate", "--mod", dir.join("my_mod").to_str().unwrap()]);
    assert_eq!(code, 0, "validates clean: {said}{err}");
    // A mod whose id an installed mod has is refused, wherever it would go: two mods with one
    // id cannot both load.
    let elsewhere = dir.join("elsewhere");
    let installed = dir.join("yellow_sea_2010");
    let (code, _, err) = run(&[
        "--mod",
        installed.to_str().unwrap(),
        "new-mod",
        "Yellow Sea 2010",
        "--out",
        elsewhere.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("a mod with the id \"yellow_sea_2010\" is already installed"),
        "{err}"
    );
    assert!(!elsewhere.join("yellow_sea_2010").exists());
}

/// A mod's policy may name the mod level's own card; `validate` then says which levels it
/// cannot play (where `sim` would stop with "unknown action"), at the name.
#[test]
fn a_policy_naming_a_mods_own_card_is_warned_to_play_only_where_the_card_is() {
    let dir = support::scratch_dir("owncard");
    let tutorial = root().join("docs/tutorial/mod");
    for file in ["mod.ron", "levels/tutorial_hotline.ron"] {
        write(
            &dir.join("tut").join(file),
            &std::fs::read_to_string(tutorial.join(file)).unwrap(),
        );
    }
    write(
        &dir.join("tut/policies/sea_first.ron"),
        "(name: \"sea_first\",\n rules: [\n  (action: \"sea_talks\", weight: 2.0),\n ],\n)",
    );
    let (code, out, err) = run_with_mods(
        &dir,
        &["validate", "--mod", dir.join("tut").to_str().unwrap()],
    );
    let file = dir.join("tut/policies/sea_first.ron");
    assert_eq!(code, 0, "a warning, not an error: {out}{err}");
    assert!(
        out.contains(&format!(
            "{}:3:4: rules[0].action: warning: this policy names what only tutorial_hotline offers, so it cannot play 2013_third_test,",
            file.display()
        )) && !out.contains("did you mean"),
        "at the name, as a warning of its own, not a typo's: {out}"
    );
    // What it warns of: the policy plays the mod's level, and another level refuses it.
    let (code, out, err) = run_with_mods(
        &dir,
        &[
            "sim",
            "--level",
            "tutorial_hotline",
            "--policy",
            "sea_first",
            "--runs",
            "20",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let (code, _, err) = run_with_mods(
        &dir,
        &[
            "sim",
            "--level",
            "sandbox",
            "--policy",
            "sea_first",
            "--runs",
            "20",
        ],
    );
    assert!(
        code != 0 && err.contains("unknown action \"sea_talks\""),
        "{code} {err}"
    );
}

/// A mod that does not load adds none of its rules: `validate` reports why it does not load,
/// and not, besides, that its own policy names an action its own rules add.
#[test]
fn a_broken_mod_is_not_also_blamed_for_its_policy_naming_its_own_action() {
    let dir = support::scratch_dir("ownaction");
    write(&dir.join("sea/mod.ron"), &manifest("sea_mod", ""));
    write(
        &dir.join("sea/rules/actions.ron"),
        r#"(actions: [(
            id: "nll_buffer",
            name: "Propose a buffer zone at the sea line",
            family: DirectDiplomacy,
            about: "Offer a no-patrol zone either side of the Northern Limit Line.",
            cost: [("washington.capital", 3)],
            cooldown: 3,
            effects: [Add("world.talks", 4)],
        )])"#,
    );
    write(
        &dir.join("sea/policies/cautious.ron"),
        "(name: \"cautious\", rules: [(action: \"nll_buffer\", weight: 2.0)])",
    );
    write(&dir.join("sea/levels/sea_level.ron"), &level("sea_level"));
    let (code, out, err) = run_with_mods(
        &dir,
        &["validate", "--mod", dir.join("sea").to_str().unwrap()],
    );
    assert_eq!(code, 0, "the good mod validates: {out}{err}");
    // Now its level is broken.
    edit(
        &dir.join("sea/levels/sea_level.ron"),
        "turns: 20",
        "turns: \"twenty\"",
    );
    let (code, out, err) = run_with_mods(
        &dir,
        &["validate", "--mod", dir.join("sea").to_str().unwrap()],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("sea_level.ron:") && out.contains("turns"),
        "{out}"
    );
    assert!(!out.contains("unknown action \"nll_buffer\""), "{out}");
}

/// An objective every game meets whatever is played (a bound past its variable's range): in
/// an `Anytime` loss it would lose every game on turn 1, so the level is refused, named at the
/// loss's conditions, and not offered to play.
#[test]
fn a_loss_that_holds_whatever_is_played_refuses_the_level() {
    let dir = support::scratch_dir("alwaysmet");
    let tutorial = root().join("docs/tutorial/mod");
    write(
        &dir.join("tut/mod.ron"),
        &std::fs::read_to_string(tutorial.join("mod.ron")).unwrap(),
    );
    let level = std::fs::read_to_string(tutorial.join("levels/tutorial_hotline.ron")).unwrap();
    let broken = level.replacen(
        "when: [AtMost(\"seoul.cohesion\", 15)]",
        "when: [AtMost(\"seoul.cohesion\", 150)]",
        1,
    );
    assert_ne!(
        broken, level,
        "the tutorial's alliance_splits objective moved"
    );
    write(&dir.join("tut/levels/tutorial_hotline.ron"), &broken);
    let (code, out, err) = run_with_mods(
        &dir,
        &["validate", "--mod", dir.join("tut").to_str().unwrap()],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("objectives[0].when: every game would be lost on turn 1: loss \"alliance_splits\" holds whatever is played (seoul.cohesion is always at most 150)"),
        "{out}"
    );
    let (code, _, err) = run_with_mods(
        &dir,
        &[
            "sim",
            "--level",
            "tutorial_hotline",
            "--policy",
            "balanced",
            "--runs",
            "50",
        ],
    );
    assert_ne!(code, 0, "a level lost at once is not played: {err}");
}

/// A rule's motive a letter off a weighed one is a typo the dispositions never weigh: warned
/// at the rule, with the motive it was probably meant to be; an unweighed motive of its own
/// ("baseline") is not.
#[test]
fn a_misspelt_motive_is_warned_about_and_a_motive_of_its_own_is_not() {
    let dir = support::scratch_dir("motive");
    patching_mod(
        &dir,
        "motives",
        "",
        &[(
            "pyongyang.ron",
            "(\n  rules: [\n    (id: \"fear_typo\", response: \"quiet\", motive: \"securty\", weight: 0.1, because: \"x\"),\n    (id: \"plain\", response: \"quiet\", motive: \"baseline\", weight: 0.1, because: \"y\"),\n  ],\n)",
        )],
    );
    let folder = dir.join("motives");
    let (code, out, err) = run_with_mods(&dir, &["validate", "--mod", folder.to_str().unwrap()]);
    assert_eq!(code, 0, "a warning, not an error: {out}{err}");
    assert!(
        out.contains(&format!(
            "{}:3:",
            folder.join("rules/pyongyang.ron").display()
        )) && out.contains(
            "rules[0].motive: warning: rule \"fear_typo\": no disposition weighs the motive \"securty\", so it counts 1.0 under every one (did you mean `security`?)"
        ),
        "{out}"
    );
    assert!(!out.contains("\"baseline\""), "{out}");
}

#[test]
fn a_mods_policy_is_used_by_its_name() {
    let dir = support::scratch_dir("modpolicy");
    write(&dir.join("pol/mod.ron"), &manifest("pol", ""));
    write(
        &dir.join("pol/policies/patient.ron"),
        "(name: \"patient\", families: {ShowOfForce: -5.0, Restraint: 2.0, BeijingOutreach: 3.0, DirectDiplomacy: 1.0})",
    );
    let (code, out, err) = run_with_mods(
        &dir,
        &[
            "sim",
            "--level",
            "sandbox",
            "--policy",
            "patient,hawk",
            "--runs",
            "50",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("patient") && out.contains("hawk"), "{out}");
    // Misspelt, it is suggested, and listed with the built-in ones, by `sim` and `play` alike.
    for args in [
        &["sim", "--level", "sandbox", "--policy", "patent"][..],
        &["play", "--level", "sandbox", "--moves", "patent"][..],
    ] {
        let (code, _, err) = run_with_mods(&dir, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("(did you mean `patient`?)")
                && err.contains("historical, random, patient"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_mod_with_a_broken_policy_is_not_called_ok_and_adds_nothing() {
    let dir = support::scratch_dir("badpolicy");
    write(&dir.join("lab/mod.ron"), &manifest("lab", ""));
    write(&dir.join("lab/levels/lab_level.ron"), &level("lab_level"));
    write(&dir.join("lab/policies/q.ron"), "hello");
    // Not UTF-8 (a Latin-1 "é" on line 2).
    std::fs::write(
        dir.join("lab/policies/p8.ron"),
        b"// a policy\n(name: \"caf\xe9\", families: {})\n",
    )
    .unwrap();
    let (code, out, err) = run_with_mods(&dir, &["mods"]);
    assert_eq!(code, 1, "a broken mod fails the listing: {out}{err}");
    assert!(!out.contains("status: ok"), "{out}");
    let q = dir.join("lab/policies/q.ron").display().to_string();
    assert!(
        out.contains(&format!("{q}:1:1")),
        "the policy's place: {out}"
    );
    let p8 = dir.join("lab/policies/p8.ron").display().to_string();
    assert!(
        out.contains(&format!("{p8}:2:")) && out.contains("not UTF-8"),
        "the bad byte's line: {out}"
    );
    // Its level is not offered, and its policy's name is no policy, even on a base level.
    let (code, out, err) = run_with_mods(
        &dir,
        &["play", "--level", "lab_level", "--moves", "historical"],
    );
    assert_ne!(code, 0, "{out}{err}");
    assert!(err.contains("lab_level"), "the level is not offered: {err}");
    let (code, out, err) = run_with_mods(&dir, &["play", "--level", "sandbox", "--moves", "q"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("--moves q: no such file"), "{err}");
}

#[test]
fn warnings_are_reported_at_their_place_and_fail_only_when_denied() {
    let dir = support::scratch_dir("warn");
    let folder = dir.join("warned");
    write(&folder.join("mod.ron"), &manifest("warned", ""));
    // A rule whose condition asks tension to pass 100, and an inject whose `If` asks tension
    // to pass 100 as well.
    write(
        &folder.join("rules/pyongyang.ron"),
        "(\n  rules: [\n    (id: \"never_fires\", response: \"quiet\", weight: 1.0,\n      when: [AtLeast(\"tension\", 120)], because: \"x\"),\n    (id: \"answer_proximty_at_the_line\", response: \"quiet\", weight: 0.1, because: \"x\"),\n    (id: \"calm_spell_1\", response: \"quiet\", weight: 0.1, because: \"x\"),\n    (id: \"calm_spell_2\", response: \"quiet\", weight: 0.1, because: \"x\"),\n    (id: \"lie_lo\", response: \"quiet\", weight: 0.1, because: \"x\"),\n  ],\n  analysts: [(id: \"mi6\", name: \"MI6\")],\n  remove: (rules: [\"lie_low\"]),\n)",
    );
    let level = level("warned_level")
        .replacen(
            "    objectives: [",
            "    injects: [(id: \"odd\", name: \"Odd\", news: \"x\", effects: [\n        If(when: [AtLeast(\"tension\", 150)], then: [Tension(amount: 1, decay: 1)])])],\n    objectives: [",
            1,
        );
    write(&folder.join("levels/warned_level.ron"), &level);
    let m = folder.to_str().unwrap();
    let (code, out, err) = run(&["validate", "--mod", m]);
    assert_eq!(code, 0, "warnings alone do not fail: {out}{err}");
    let rule_file = folder.join("rules/pyongyang.ron");
    assert!(
        out.contains(&format!("{}:4:", rule_file.display()))
            && out.contains(
                "warning: rule \"never_fires\" can never fire: tension never reaches 120"
            ),
        "{out}"
    );
    // A new rule one typo away from the base game's: most likely meant to change it.
    assert!(
        out.contains(&format!(
            "{}:5:6: rules[1].id: warning: adds a new pyongyang rule \"answer_proximty_at_the_line\", and pyongyang rule \"answer_proximity_at_the_line\" still applies unchanged; to change it, give its id exactly (did you mean `answer_proximity_at_the_line`?)",
            rule_file.display()
        )),
        "{out}"
    );
    assert!(
        out.contains(
            "injects[0].effects[0].If.when[0]: warning: inject \"odd\": this If's `then` never applies: tension never reaches 150"
        ),
        "{out}"
    );
    // Two new rules a typo apart from each other, but from nothing in the base game: new
    // entries, not near misses of each other.
    assert!(!out.contains("calm_spell"), "{out}");
    // A rule renamed (added under a new id, the old one removed in the same file): no near
    // miss, since the old rule no longer applies.
    assert!(!out.contains("\"lie_lo\""), "{out}");
    // A short new id two letters from a base one (`mi6`, `nis`): a new analyst, not a slip.
    assert!(!out.contains("mi6"), "{out}");
    assert!(out.contains("3 warning(s)"), "{out}");
    let (code, _, _) = run(&["validate", "--deny-warnings", "--mod", m]);
    assert_eq!(code, 1, "--deny-warnings fails on them");
    // --json: one object per line, parsed back, with the severity.
    let (code, out, _) = run(&["validate", "--json", "--mod", m]);
    assert_eq!(code, 0);
    let objects: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    assert_eq!(objects.len(), 3, "{out}");
    let rule = objects
        .iter()
        .find(|o| {
            o["file"]
                .as_str()
                .unwrap()
                .ends_with("warned/rules/pyongyang.ron")
                && o["line"] == 4
        })
        .expect("the rule's warning");
    assert_eq!(rule["severity"], "warning");
    assert_eq!(rule["line"], 4);
    assert_eq!(rule["field"], "rules[0].when[0]");
    assert!(
        rule["message"]
            .as_str()
            .unwrap()
            .starts_with("rule \"never_fires\"")
    );
    // The shipped data has none.
    let (code, out, _) = run(&["validate", "--deny-warnings"]);
    assert_eq!(code, 0, "{out}");
}

/// A mod rule written so that the compiled bit masks cannot decide it (an `Any` holding a
/// `Not`) is tested the slow way, one condition at a time, at every decision of that AI:
/// `validate` notes it at the rule's place and says what to write instead, as a note that
/// `--deny-warnings` lets pass (it changes no game), and the same rule split in two (one rule
/// for each way it may hold) validates with no note.
#[test]
fn a_rule_tested_the_slow_way_is_noted_at_its_place() {
    let dir = scratch_dir("slow-rule");
    let slow = dir.join("slow");
    write(&slow.join("mod.ron"), &manifest("slow", ""));
    write(
        &slow.join("rules/pyongyang.ron"),
        "(\n  rules: [\n    (id: \"spaced_flight\", response: \"icbm_test\", weight: 0.5,\n      when: [Any([AtLeast(\"pyongyang.tempo\", 3), Not(Did(who: \"pyongyang\", tag: \"icbm_test\", within: 3))])],\n      because: \"x\"),\n    (id: \"calm_and_cold\", response: \"quiet\", weight: 0.5,\n      when: [Not(Any([AtLeast(\"pyongyang.threat\", 70), AtLeast(\"world.talks\", 40)]))],\n      because: \"x\"),\n  ],\n)",
    );
    let (code, out, err) = run(&[
        "validate",
        "--deny-warnings",
        "--mod",
        slow.to_str().unwrap(),
    ]);
    assert_eq!(
        code, 0,
        "a slow rule is a note, not a warning or an error: {out}{err}"
    );
    let file = slow.join("rules/pyongyang.ron");
    assert!(
        out.contains(&format!("{}:4:", file.display()))
            && out.contains(
                "note on speed: rule \"spaced_flight\"'s conditions are tested the slow way"
            )
            && out.contains("an `Any` holds a `Not`")
            && out.contains("`[A]` and `[Not(A), B]`"),
        "{out}"
    );
    assert!(
        out.contains(&format!("{}:7:", file.display()))
            && out.contains(
                "note on speed: rule \"calm_and_cold\"'s conditions are tested the slow way"
            )
            && out.contains("a `Not` of an `Any` of two or more conditions"),
        "{out}"
    );
    assert!(
        out.contains("no problems, 2 note(s) on speed") && !out.contains("warning"),
        "{out}"
    );
    // `--json` gives them the severity "note".
    let (_, json, _) = run(&["validate", "--json", "--mod", slow.to_str().unwrap()]);
    let notes: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(notes.len(), 2, "{json}");
    assert!(
        notes
            .iter()
            .all(|n| n["severity"] == "note"
                && n["message"].as_str().unwrap().starts_with("rule \"")),
        "{json}"
    );
    // Installed in the mods folder, not named with --mod: `validate` alone notes it too.
    let installed = dir.join("installed");
    write(&installed.join("slow/mod.ron"), &manifest("slow", ""));
    write(
        &installed.join("slow/rules/pyongyang.ron"),
        &std::fs::read_to_string(&file).unwrap(),
    );
    let (code, out, err) = run_with_mods(&installed, &["validate", "--deny-warnings"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("note on speed: rule \"spaced_flight\"")
            && out.contains("no problems, 2 note(s) on speed"),
        "{out}"
    );
    // Split into two rules that cannot both fire (so the weights do not add up), each list
    // plain masks: no warning.
    let split = dir.join("split");
    write(&split.join("mod.ron"), &manifest("split", ""));
    write(
        &split.join("rules/pyongyang.ron"),
        "(\n  rules: [\n    (id: \"new_era_flight\", response: \"icbm_test\", weight: 0.5,\n      when: [AtLeast(\"pyongyang.tempo\", 3)], because: \"x\"),\n    (id: \"spaced_flight\", response: \"icbm_test\", weight: 0.5,\n      when: [Not(AtLeast(\"pyongyang.tempo\", 3)), Not(Did(who: \"pyongyang\", tag: \"icbm_test\", within: 3))], because: \"x\"),\n  ],\n)",
    );
    let (code, out, err) = run(&[
        "validate",
        "--deny-warnings",
        "--mod",
        split.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("slow way"), "{out}");
    // Rules asking conditions no shipped rule asks, one more than the slots the shipped
    // Pyongyang leaves free: some list falls back, and the warning says why, wherever it lands.
    let data = peninsula::rules::load_data(&root()).expect("shipped data loads");
    let sc = data
        .levels
        .iter()
        .find_map(|l| l.scenario())
        .expect("a level");
    let (atoms, groups) = sc.checks.pyongyang.atoms.asked;
    let free = peninsula::rules::atoms::MAX_ATOMS - atoms - groups;
    let crowded = dir.join("crowded");
    write(&crowded.join("mod.ron"), &manifest("crowded", ""));
    // `n` new rules, each asking a tension threshold no shipped rule asks, then `validate`.
    let crowd = |n: usize| {
        let rules: String = (0..n)
            .map(|i| {
                format!(
                    "    (id: \"new_{i}\", response: \"quiet\", weight: 0.1, when: [AtLeast(\"tension\", {})], because: \"x\"),\n",
                    90.5 + i as f32 / 16.0
                )
            })
            .collect();
        write(
            &crowded.join("rules/pyongyang.ron"),
            &format!("(\n  rules: [\n{rules}  ],\n)"),
        );
        run(&["validate", "--mod", crowded.to_str().unwrap()])
    };
    let (code, out, err) = crowd(free + 1);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("conditions are tested the slow way")
            && out.contains("Pyongyang's lists, the mods' included")
            && out.contains(&format!(
                "{} in all, past the 64 slots",
                atoms + groups + free + 1
            )),
        "{out}"
    );
    // The condition met last goes without: the mod's last rule, not a shipped list, and the
    // note is at its place in the mod's file, once.
    let crowded_file = crowded.join("rules/pyongyang.ron");
    assert!(
        out.contains(&format!("{}:{}:", crowded_file.display(), free + 3))
            && out.contains(&format!(
                "note on speed: rule \"new_{free}\"'s conditions are tested the slow way"
            )),
        "{out}"
    );
    assert!(
        !out.contains("assets/rules/") && out.contains("1 note(s) on speed"),
        "the shipped lists keep their slots: {out}"
    );
    // Many more: one note for them all, naming five lists and counting the rest.
    let (code, out, err) = crowd(free + 12);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(&format!(
            "the conditions of rule \"new_{free}\", rule \"new_{}\"",
            free + 1
        )) && out.contains(" and 7 more lists are tested the slow way")
            && out.contains("1 note(s) on speed"),
        "{out}"
    );
    // The mods listing, which the desktop's Mods screen shares, leaves the notes out: the
    // mods load as they are.
    let (code, out, err) = run(&[
        "mods",
        "--mod",
        slow.to_str().unwrap(),
        "--mod",
        crowded.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.matches("status: ok\n").count() == 2 && !out.contains("slow way"),
        "{out}"
    );
}

/// A mod that adds so many events that the rules' list passes the 10,000 a game holds is told
/// so at its own list, in words about adding, not at the base game's `events.ron` in words about
/// what it removes.
#[test]
fn a_mod_adding_too_many_entries_is_told_at_its_own_list() {
    let dir = scratch_dir("too-many-events");
    let big = dir.join("big");
    write(&big.join("mod.ron"), &manifest("big", ""));
    let events: String = (0..9990)
        .map(|i| format!("(id:\"e{i}\",name:\"E\",news:\"n\",chance:(base:-3),effects:[]),\n"))
        .collect();
    write(
        &big.join("rules/events.ron"),
        &format!("(\n  events: [\n{events}  ],\n)\n"),
    );
    let (code, out, err) = run(&["validate", "--mod", big.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let shipped = data().rules.events.len();
    let file = big.join("rules/events.ron");
    assert!(
        out.contains(&format!(
            "{}:2:3: events: with this mod's 9990 entries, `events` holds {} in all: a game holds at most 10000 of one kind",
            file.display(),
            9990 + shipped
        )),
        "{out}"
    );
    assert!(
        !out.contains("assets/rules/events.ron") && !out.contains("removes or overrides"),
        "{out}"
    );
}

#[test]
fn review_cases_noise_conflict_hint_cycle_fifo_odd_names_and_paths() {
    let dir = support::scratch_dir("review");
    // Two mods setting one AI's noise conflict like two overriding one rule.
    patching_mod(&dir, "calm_a", "", &[("pyongyang.ron", "(noise: 0.1)")]);
    patching_mod(&dir, "calm_b", "", &[("pyongyang.ron", "(noise: 0.9)")]);
    // load_after hints that name each other are only hints: both load, by id.
    write(
        &dir.join("hint_a/mod.ron"),
        &manifest("hint_a", "load_after: [\"hint_b\"]"),
    );
    write(
        &dir.join("hint_b/mod.ron"),
        &manifest("hint_b", "load_after: [\"hint_a\"]"),
    );
    // Removing an advisor the base actions speak for blames the base file, naming the mod.
    patching_mod(
        &dir,
        "no_hawk",
        "",
        &[("advisors.ron", "(remove: (advisors: [\"hawk\"]))")],
    );
    let (code, out, _) = run_with_mods(&dir, &["mods"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("mod \"calm_b\" and mod \"calm_a\" both change pyongyang noise;"),
        "{out}"
    );
    assert!(!out.contains("cycle"), "hints never make a cycle: {out}");
    assert!(
        out.contains("(in the rules as mod \"no_hawk\" changes them"),
        "{out}"
    );
    // A pipe where a data file should be is refused, never waited on.
    #[cfg(unix)]
    {
        let fifo = dir.join("piped");
        write(&fifo.join("mod.ron"), &manifest("piped", ""));
        std::fs::create_dir_all(fifo.join("rules")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(fifo.join("rules/actions.ron"))
            .status()
            .is_ok_and(|s| s.success());
        if made {
            let (code, out, err) = run(&["validate", "--mod", fifo.to_str().unwrap()]);
            assert_eq!(code, 1, "{out}{err}");
            assert!(out.contains("not a plain file"), "{out}");
        }
    }
    // A name with quotes and a backslash still gives a manifest that validates.
    let out_dir = dir.join("made");
    let (code, said, err) = run(&[
        "new-mod",
        "Back\\slash \"q\" mod",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{said}{err}");
    let made = out_dir.join("back_slash_q_mod");
    let (code, said, err) = run(&["validate", "--mod", made.to_str().unwrap()]);
    assert_eq!(code, 0, "{said}{err}");
    // A mod folder given as a path is checked as a mod, and each problem is printed once.
    let (code, said, _) = run(&[
        "validate",
        made.to_str().unwrap(),
        made.join("levels").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{said}");
    let (code, said, _) = run(&["validate", "examples/mods/cheonan_2010/rules/pyongyang.ron"]);
    assert_eq!(code, 0, "a patch file is checked as its mod: {said}");
    // A mistyped --mod is a bad command line.
    let (code, _, err) = run(&["--mod", "/no/such/mod", "levels"]);
    assert_eq!(code, 2);
    assert!(err.contains("no such folder"), "{err}");
}

/// A second mod that takes a cycle member's id is refused, and must not stand in for the first
/// one: the cycle is still reported. And a level whose id is not its file name is refused, since
/// `--level ID` would never find it.
/// A copy of an installed mod, named with --mod (a modder's working copy beside the installed
/// release), is the one loaded: the installed one is set aside for it, not the other way round.
#[test]
fn a_mod_named_with_dash_dash_mod_wins_over_an_installed_one_with_its_id() {
    let dir = support::scratch_dir("modcopy");
    let installed = dir.join("installed");
    write(&installed.join("sea/mod.ron"), &manifest("sea", ""));
    write(&installed.join("sea/levels/sea_old.ron"), &level("sea_old"));
    let copy = dir.join("copy");
    write(&copy.join("mod.ron"), &manifest("sea", ""));
    write(&copy.join("levels/sea_new.ron"), &level("sea_new"));
    let (code, out, err) = run_with_mods(&installed, &["--mod", copy.to_str().unwrap(), "levels"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("sea_new") && !out.contains("sea_old"), "{out}");
    assert!(
        err.contains(&format!(
            "{}:1:2: id: another mod has the id \"sea\" ({})",
            installed.join("sea/mod.ron").display(),
            copy.display()
        )),
        "the installed one is named as set aside for the copy, at its id: {err}"
    );
    // A manifest that is not UTF-8 is named at the byte, as any other data file is.
    std::fs::write(
        installed.join("sea/mod.ron"),
        b"(id: \"sea\", name: \"Caf\xe9\", version: \"1.0\")",
    )
    .unwrap();
    let (_, _, err) = run_with_mods(&installed, &["levels"]);
    assert!(
        err.contains(&format!("{}:1:", installed.join("sea/mod.ron").display()))
            && err.contains("0xE9 is not UTF-8"),
        "{err}"
    );
}

#[test]
fn a_duplicate_id_does_not_hide_a_cycle_and_a_level_id_must_match_its_file() {
    let dir = support::scratch_dir("dupcycle");
    write(
        &dir.join("a/mod.ron"),
        &manifest("alpha", "depends: [\"beta\"]"),
    );
    write(
        &dir.join("b/mod.ron"),
        &manifest("beta", "depends: [\"alpha\"]"),
    );
    write(&dir.join("c/mod.ron"), &manifest("alpha", ""));
    write(&dir.join("named/mod.ron"), &manifest("named", ""));
    write(
        &dir.join("named/levels/one_name.ron"),
        &level("another_name"),
    );
    let (code, out, _) = run_with_mods(&dir, &["mods"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out.matches("its dependencies form a cycle (\"alpha\", \"beta\")")
            .count(),
        2,
        "both members of the cycle are refused for it:\n{out}"
    );
    assert!(!out.contains("status: ok"), "{out}");
    assert!(out.contains("another mod has the id \"alpha\""), "{out}");
    // Any other command names each mod that did not load on stderr, with its first problem.
    let (code, _, err) = run_with_mods(&dir, &["levels"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.lines().any(|l| l.starts_with("warning: mod \"beta\"")
            && l.contains("is not loaded: ")
            && l.contains("depends[0]: its dependencies form a cycle")),
        "{err}"
    );
    let named = dir.join("named");
    let id_line = std::fs::read_to_string(root().join("levels/sandbox.ron"))
        .unwrap()
        .lines()
        .position(|l| l.trim_start().starts_with("id: \"sandbox\""))
        .unwrap()
        + 1;
    let (code, out, _) = run_with_mods(&dir, &["validate", "--mod", named.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.lines()
            .any(|l| l.contains(&format!("one_name.ron:{id_line}:5: id:"))
                && l.contains(
                    "the level's id \"another_name\" must match its file name (one_name.ron)"
                )),
        "{out}"
    );
}

/// Nothing in a mod is skipped or shadowed without a word, and its problems point at the line
/// that causes them: a missing dependency at its entry in `mod.ron`, a removal that a built-in
/// policy needs at its entry in the patch, a stray file or folder and a policy named like a
/// built-in one at their own path.
#[test]
fn a_mods_problems_point_at_its_own_lines_and_no_file_is_skipped_silently() {
    let dir = support::scratch_dir("mod-places");
    let m = dir.join("placed");
    write(
        &m.join("mod.ron"),
        "(\n    id: \"placed\",\n    name: \"Placed\",\n    depends: [\"nowhere\"],\n)\n",
    );
    write(&m.join("rules/Events.RON"), "(add: [])\n");
    write(&m.join("levels/notes.txt"), "ideas\n");
    // An archiver's or an editor's hidden copies are not read.
    write(&m.join("levels/._placed.ron"), "\u{0}\u{5}binary");
    write(&m.join("levels/.#placed.ron"), "lock");
    std::fs::create_dir_all(m.join("policies/old")).unwrap();
    write(
        &m.join("policies/balanced.ron"),
        &std::fs::read_to_string(root().join("assets/policies/balanced.ron")).unwrap(),
    );
    let (code, out, err) = run(&["validate", "--mod", m.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let shown = |path: &str| m.join(path).display().to_string();
    assert!(
        !out.contains("._placed") && !out.contains(".#placed"),
        "{out}"
    );
    for want in [
        format!(
            "{}:4:15: depends[0]: depends on \"nowhere\", which is not installed",
            shown("mod.ron")
        ),
        format!(
            "{}:1:1: a file the game does not read (did you mean `events.ron`?)",
            shown("rules/Events.RON")
        ),
        format!(
            "{}:1:1: a file the game does not read",
            shown("levels/notes.txt")
        ),
        format!(
            "{}:1:1: a folder the game does not read",
            shown("policies/old")
        ),
        format!(
            "{}:1:1: a mod's policy cannot be named \"balanced\"",
            shown("policies/balanced.ron")
        ),
    ] {
        assert!(out.contains(&want), "missing {want:?} in:\n{out}");
    }
    // A mod whose only fault is a removal: the problem is at the removed id in its patch.
    let r = dir.join("remover");
    write(&r.join("mod.ron"), &manifest("remover", ""));
    write(
        &r.join("rules/actions.ron"),
        "(\n    remove: [\n        \"halt_drills\",\n    ],\n)\n",
    );
    let (code, out, err) = run(&["validate", "--mod", r.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let want = format!(
        "{}:3:9: remove[0]: it removes action \"halt_drills\", which the built-in policies \"adaptive\" and \"dove\" name",
        r.join("rules/actions.ron").display()
    );
    assert!(out.contains(&want), "missing {want:?} in:\n{out}");
    // The fallback move removed: one problem, said once at its place, not again for every
    // policy that names it and every level that needs it.
    write(
        &r.join("rules/actions.ron"),
        "(\n    remove: [\n        \"hold_course\",\n    ],\n)\n",
    );
    let (code, out, err) = run(&["validate", "--mod", r.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let want = format!(
        "{}:3:9: remove[0]: it removes action \"hold_course\", the move every level falls back on",
        r.join("rules/actions.ron").display()
    );
    assert!(out.contains(&want), "missing {want:?} in:\n{out}");
    assert!(out.contains("\n1 problem(s) in "), "{out}");
}

/// Conditions that load but can never be what their author meant are warned about at their
/// place: an AI asking about its own move of this turn (`within: 1`, before it has moved), a
/// tag that AI's responses never carry, two rungs that exclude each other (also when one is
/// written as the `Not` of the other kind), tension below the lowest rung, and a ladder left
/// without its war rung.
#[test]
fn moves_no_one_can_see_contradicting_rungs_and_a_ladder_without_war_are_warned_about() {
    let dir = support::scratch_dir("mod-lints");
    let m = dir.join("lints");
    write(&m.join("mod.ron"), &manifest("lints", ""));
    write(
        &m.join("rules/pyongyang.ron"),
        r#"(
    rules: [
        (id: "echo_self", response: "quiet", motive: "baseline", weight: 0.5,
            when: [Did(who: "pyongyang", tag: "provocation", within: 1)], because: "x"),
        (id: "beijing_drills", response: "quiet", motive: "baseline", weight: 0.5,
            when: [Did(who: "beijing", tag: "drills", within: 3)], because: "x"),
        (id: "both_rungs", response: "quiet", motive: "baseline", weight: 0.5,
            when: [RungAtLeast("brink"), RungBelow("signals")], because: "x"),
        (id: "not_below", response: "quiet", motive: "baseline", weight: 0.5,
            when: [Not(RungBelow("brink")), RungBelow("signals")], because: "x"),
        (id: "under_calm", response: "quiet", motive: "baseline", weight: 0.5,
            when: [RungBelow("calm")], because: "x"),
        (id: "rung_and_number", response: "quiet", motive: "baseline", weight: 0.5,
            when: [RungBelow("signals"), AtLeast("tension", 40)], because: "x"),
        (id: "number_and_rung", response: "quiet", motive: "baseline", weight: 0.5,
            when: [RungAtLeast("brink"), AtMost("tension", 50)], because: "x"),
        (id: "at_the_floor", response: "quiet", motive: "baseline", weight: 0.5,
            when: [AtLeast("tension", 35), RungBelow("signals")], because: "x"),
        (id: "just_under", response: "quiet", motive: "baseline", weight: 0.5,
            when: [AtLeast("tension", 34), RungBelow("signals")], because: "x"),
    ],
)
"#,
    );
    write(&m.join("rules/ladder.ron"), "(remove: [\"war\"])\n");
    // A player policy chooses before anyone moves: its own `within: 1` sees nothing either.
    write(
        &m.join("policies/eager.ron"),
        "(\n    rules: [\n        (action: \"retaliatory_launch\", weight: 2.0,\n            when: [Did(who: \"pyongyang\", tag: \"provocation\", within: 1)]),\n    ],\n)\n",
    );
    // Events see this turn's moves, the events before them included: no warning there.
    write(
        &m.join("rules/events.ron"),
        r#"(events: [(id: "echo", name: "Echo", news: "An echo.", chance: (base: 0),
    when: [Did(who: "world", tag: "domestic", within: 1)], effects: [
        If(when: [AtLeast("tension", 120)], then: [Tension(amount: 5, decay: 1)]),
    ])])
"#,
    );
    let (code, out, err) = run(&["validate", "--mod", m.to_str().unwrap()]);
    assert_eq!(code, 0, "warnings alone do not fail: {out}{err}");
    assert!(!out.contains("event \"echo\" can"), "{out}");
    assert!(
        !out.contains("rule \"just_under\" can"),
        "34 and under 35 can hold: {out}"
    );
    let patch = m.join("rules/pyongyang.ron").display().to_string();
    for want in [
        format!("{patch}:4:62: rules[0].when[0].Did.within: warning: rule \"echo_self\""),
        format!(
            "{patch}:6:40: rules[1].when[0].Did.tag: warning: rule \"beijing_drills\": no response of beijing carries the tag \"drills\""
        ),
        format!(
            "{patch}:8:20: rules[2].when[0]: warning: rule \"both_rungs\" can never fire: tension cannot be at rung brink or higher and below rung signals"
        ),
        format!(
            "{patch}:10:20: rules[3].when[0]: warning: rule \"not_below\" can never fire: tension cannot be at rung brink or higher and below rung signals"
        ),
        format!(
            "{patch}:12:20: rules[4].when[0]: warning: rule \"under_calm\" can never fire: tension is never below calm, the lowest rung"
        ),
        // A rung beside a number: under 35 and at least 40; at 80 or more and at most 50; at
        // least 35 and under 35 (a rung's floor is on the rung).
        format!(
            "{patch}:14:42: rules[5].when[1]: warning: rule \"rung_and_number\" can never fire: tension cannot be at least 40 and below rung signals (under 35)"
        ),
        format!(
            "{patch}:16:20: rules[6].when[0]: warning: rule \"number_and_rung\" can never fire: tension cannot be at rung brink (from 80) or higher and at most 50"
        ),
        format!(
            "{patch}:18:20: rules[7].when[0]: warning: rule \"at_the_floor\" can never fire: tension cannot be at least 35 and below rung signals (under 35)"
        ),
        format!(
            "{}:3:19: events[0].effects[0].If.when[0]: warning: event \"echo\": this If's `then` never applies: tension never reaches 120 (its most is 100)",
            m.join("rules/events.ron").display()
        ),
        "warning: no rung has `war: true`, so tension alone never ends a game in war".to_string(),
        format!(
            "{}:4:62: rules[0].when[0].Did.within: warning: the rule for action \"retaliatory_launch\"",
            m.join("policies/eager.ron").display()
        ),
        "the ladder as mod \"lints\" changes it".to_string(),
    ] {
        assert!(out.contains(&want), "missing {want:?} in:\n{out}");
    }
    let (code, out, _) = run(&["validate", "--deny-warnings", "--mod", m.to_str().unwrap()]);
    assert_eq!(code, 1, "--deny-warnings fails on them: {out}");
    // The shipped rules and levels have none of these.
    let (code, out, _) = run(&["validate", "--deny-warnings"]);
    assert_eq!(code, 0, "{out}");
}

/// The turns an objective is held may begin before its `not_before`, as the engine counts them:
/// held for 3 turns and not before the last turn (20) can be met, and is not warned about.
#[test]
fn an_objective_held_before_its_first_turn_is_not_called_impossible() {
    let dir = support::scratch_dir("held-before");
    let folder = dir.join("late");
    write(&folder.join("mod.ron"), &manifest("late", ""));
    let level = level("late_level").replacen(
        "not_before: 14,\n            held_for: 2,",
        "not_before: 20,\n            held_for: 3,",
        1,
    );
    assert!(level.contains("held_for: 3"), "the objective was changed");
    write(&folder.join("levels/late_level.ron"), &level);
    let (code, out, err) = run(&[
        "validate",
        "--deny-warnings",
        "--mod",
        folder.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("can never be met"), "{out}");
}

/// A mod whose folders are misnamed (`Levels/`, `rule/`) would add nothing without a word:
/// holding .ron files, such a folder refuses the mod at its path, and `peninsula mods` says
/// why. A level beside `mod.ron` or a folder of the modder's own is warned of.
#[test]
fn a_misnamed_folder_refuses_the_mod_and_a_stray_file_is_warned_of() {
    let dir = support::scratch_dir("unread");
    let folder = dir.join("misnamed");
    write(&folder.join("mod.ron"), &manifest("misnamed", ""));
    write(
        &folder.join("Levels/misnamed_level.ron"),
        &level("misnamed_level"),
    );
    write(&folder.join("rule/pyongyang.ron"), "(rules: [])");
    write(&folder.join("stray_level.ron"), &level("stray_level"));
    write(&folder.join("README.md"), "notes of my own");
    write(&folder.join("pictures/map.txt"), "x");
    let m = folder.to_str().unwrap();
    let (code, out, err) = run(&["validate", "--mod", m]);
    assert_eq!(code, 1, "the misnamed folders are errors: {out}{err}");
    for (path, says) in [
        (
            "Levels",
            "a folder the game does not read (did you mean `levels`?), with .ron files in it: none of them would be loaded",
        ),
        (
            "rule",
            "a folder the game does not read (did you mean `rules`?), with .ron files in it",
        ),
        (
            "stray_level.ron",
            "warning: a .ron file the game does not read",
        ),
        (
            "pictures",
            "warning: a folder the game does not read: a mod's levels go in levels/",
        ),
    ] {
        let at = format!("{}:1:1: ", folder.join(path).display());
        assert!(
            out.lines().any(|l| l.starts_with(&at) && l.contains(says)),
            "{path}: {says}\n{out}"
        );
    }
    assert!(!out.contains("README.md"), "the modder's own notes: {out}");
    let (_, out, _) = run(&["mods", "--mod", m]);
    assert!(out.contains("  status: not loaded\n"), "{out}");
    assert!(out.contains("did you mean `rules`?"), "{out}");
    // Renamed, the mod loads; `mods` lists what is left to tidy as warnings.
    std::fs::rename(folder.join("Levels"), folder.join("levels")).unwrap();
    std::fs::rename(folder.join("rule"), folder.join("rules")).unwrap();
    let (code, out, err) = run(&["validate", "--mod", m]);
    assert_eq!(code, 0, "warnings alone: {out}{err}");
    let (_, out, _) = run(&["mods", "--mod", m]);
    assert!(out.contains("  status: ok, with 2 warning(s)\n"), "{out}");
    assert!(
        out.contains("stray_level.ron:1:1: warning: a .ron file the game does not read"),
        "{out}"
    );
    let (code, _, _) = run(&["validate", "--deny-warnings", "--mod", m]);
    assert_eq!(code, 1);
}

/// Asking for the level of a mod that is refused names the mod and why, rather than calling
/// the level unknown and suggesting `--mod`, which was given. (A mod in the mods folder that is
/// refused is named the same way when its level is asked for: `scenario` in src/cli.)
#[test]
fn a_level_of_a_refused_mod_names_its_mod_and_why() {
    let dir = support::scratch_dir("refused-level");
    let folder = dir.join("typo");
    write(
        &folder.join("mod.ron"),
        "(id: \"typo_mod\", name: \"Typo\", version: \"1.0\", autor: \"x\")",
    );
    write(&folder.join("levels/typo_level.ron"), &level("typo_level"));
    let (code, out, err) = run(&[
        "--mod",
        folder.to_str().unwrap(),
        "play",
        "--level",
        "typo_level",
        "--moves",
        "balanced",
    ]);
    assert_eq!(code, 1, "a problem in the data: {out}{err}");
    assert!(
        err.contains("error: mod \"typo\" (")
            && err.contains("named with --mod, does not load: ")
            && err.contains("autor"),
        "{err}"
    );
    // Installed in the mods folder, the same mod is passed over with a warning, and its level,
    // asked for, is named as its.
    let (code, out, err) = run_with_mods(
        &dir,
        &["play", "--level", "typo_level", "--moves", "balanced"],
    );
    assert_eq!(code, 1, "a problem in the data: {out}{err}");
    assert!(
        err.contains("warning: mod \"typo\"")
            && err.contains("error: level \"typo_level\" belongs to mod typo, which is not loaded: it has problems: ")
            && err.contains("autor"),
        "{err}"
    );
}

/// A rule whose "why" would name Pyongyang's hidden type ("Being an opportunist, ...") is warned
/// of at its `because`: the player reads that text during the game. The base rules name none.
#[test]
fn a_because_that_names_the_hidden_type_is_warned_of() {
    let dir = support::scratch_dir("names-type");
    let folder = dir.join("leaky");
    write(&folder.join("mod.ron"), &manifest("leaky", ""));
    write(
        &folder.join("rules/pyongyang.ron"),
        "(\n  rules: [\n    (id: \"loud\", response: \"quiet\", weight: 0.1,\n      because: \"Being an Opportunist, it shouts.\"),\n  ],\n)",
    );
    let m = folder.to_str().unwrap();
    let (code, out, err) = run(&["validate", "--mod", m]);
    assert_eq!(code, 0, "a warning: {out}{err}");
    assert!(
        out.contains(&format!(
            "{}:4:7: rules[0].because: warning: rule \"loud\": this text names the disposition \"Opportunist\"",
            folder.join("rules/pyongyang.ron").display()
        )),
        "{out}"
    );
    let (code, out, _) = run(&["validate", "--deny-warnings"]);
    assert_eq!(code, 0, "the base rules name no type: {out}");
}

/// A mod's level with a `campaign` place is warned of at that field: it would be ignored.
#[test]
fn a_campaign_place_in_a_mods_level_is_warned_of() {
    let dir = support::scratch_dir("mod-campaign");
    let folder = dir.join("placed");
    write(&folder.join("mod.ron"), &manifest("placed", ""));
    let base = std::fs::read_to_string(root().join("levels/2013_third_test.ron")).unwrap();
    assert!(
        base.contains("\n    campaign: 1,"),
        "the base level has a place"
    );
    write(
        &folder.join("levels/placed_2013.ron"),
        &base.replacen("id: \"2013_third_test\"", "id: \"placed_2013\"", 1),
    );
    let (code, out, err) = run(&["validate", "--mod", folder.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.lines().any(|l| l.contains("placed_2013.ron:")
            && l.contains(": campaign: warning: campaign: 1 is ignored in a mod")),
        "{out}"
    );
}

/// Removing a response the base rules still use is reported first at the mod's own `remove`
/// entry, the line to change, and then at the base rules that use it.
#[test]
fn a_removal_that_breaks_the_base_rules_is_reported_at_the_mods_own_line() {
    let dir = support::scratch_dir("removal-line");
    let folder = dir.join("remover");
    write(&folder.join("mod.ron"), &manifest("remover", ""));
    write(
        &folder.join("rules/pyongyang.ron"),
        "(\n  remove: (responses: [\"dismantle_site\"]),\n)",
    );
    let (code, out, err) = run(&["validate", "--mod", folder.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let first = out.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(&format!(
            "{}:2:24: remove.responses[0]: removing \"dismantle_site\" breaks the rules that still use it, such as ",
            folder.join("rules/pyongyang.ron").display()
        )) && first.contains("assets/rules/pyongyang.ron:"),
        "{out}"
    );
}

/// A mod that loads but whose policy names an action no level has: `mods` does not call it
/// ok. It says the policy cannot be played, names the place and the likely name, and exits 1,
/// as `validate --mod` does.
#[test]
fn a_mod_whose_policy_cannot_play_is_not_listed_as_ok() {
    let dir = mods_folder("policy-typo");
    let good = dir.join("good");
    std::fs::create_dir_all(good.join("policies")).unwrap();
    std::fs::write(
        good.join("policies/mine.ron"),
        "(name: \"mine\", families: {}, rules: [(action: \"carrier_deploy\", weight: 2.0)])\n",
    )
    .unwrap();
    let (code, out, err) = run(&["--mod", good.to_str().unwrap(), "mods"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("status: loaded, but a policy of it cannot be played")
            && out.contains("mine.ron:1:")
            && out.contains("carrier_deployment"),
        "{out}"
    );
    assert!(!out.contains("status: ok"), "{out}");
}

#[test]
fn two_mods_removing_one_id_are_named_together_and_a_later_one_finds_it_gone() {
    let dir = support::scratch_dir("double-remove");
    let remove = r#"(remove: ["misfire"])"#;
    patching_mod(&dir, "first", "", &[("events.ron", remove)]);
    patching_mod(&dir, "second", "", &[("events.ron", remove)]);
    let (code, out, _) = run_with_mods(&dir, &["mods"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("mod \"second\" and mod \"first\" both change event \"misfire\""),
        "the second removal names the first mod, not \"there is none\": {out}"
    );
    assert!(!out.contains("there is none"), "{out}");
    // Loading after the first, the second finds the event already gone: both mods load.
    patching_mod(
        &dir,
        "second",
        "load_after: [\"first\"]",
        &[("events.ron", remove)],
    );
    let (code, out, _) = run_with_mods(&dir, &["mods"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_mod_folder_that_cannot_be_listed_is_an_error_not_an_empty_folder() {
    let dir = support::scratch_dir("unlistable");
    write(&dir.join("flat/mod.ron"), &manifest("flat", ""));
    // A file where the levels folder should be cannot be listed, even by root (for whom a
    // folder without read permission still lists).
    write(&dir.join("flat/levels"), "not a folder");
    let (code, out, _) = run_with_mods(&dir, &["mods"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("cannot read the folder") && out.contains("nothing in it was loaded"),
        "{out}"
    );
    // `validate --mod` too, at the folder.
    let (code, out, err) = run_with_mods(
        &dir.join("none"),
        &["validate", "--mod", dir.join("flat").to_str().unwrap()],
    );
    assert_ne!(code, 0, "{out}{err}");
    assert!(
        (out.clone() + &err).contains("flat/levels:1:1: cannot read the folder"),
        "{out}{err}"
    );
}

#[test]
fn a_bare_validate_checks_the_installed_mods_as_the_game_loads_them() {
    let dir = mods_folder("bare-validate");
    let (code, out, err) = run_with_mods(&dir, &["validate"]);
    let text = out + &err;
    assert_ne!(code, 0, "an installed mod is broken: {text}");
    assert!(
        text.contains("broken/levels/bad_level.ron:1:"),
        "the broken mod's level at its place: {text}"
    );
    // With only good mods installed, it passes.
    let good = support::scratch_dir("bare-validate-good");
    write(&good.join("good/mod.ron"), &manifest("good_mod", ""));
    write(
        &good.join("good/levels/modded_sandbox.ron"),
        &level("modded_sandbox"),
    );
    let (code, out, err) = run_with_mods(&good, &["validate"]);
    assert_eq!(code, 0, "{out}{err}");
    // An installed mod's policy that cannot be played is a problem too, at its own file, as
    // `mods` and `sim` find it (a bare validate once passed it).
    write(
        &good.join("good/policies/typo.ron"),
        "(name: \"typo\", rules: [(action: \"hold_coarse\", weight: 1.0)])\n",
    );
    let (code, out, err) = run_with_mods(&good, &["validate"]);
    let text = out + &err;
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("good/policies/typo.ron:1:") && text.contains("hold_coarse"),
        "the policy's problem at its place: {text}"
    );
}

#[test]
fn a_log_names_the_mods_whose_rules_it_was_played_under_and_a_replay_without_them_warns() {
    let dir = support::scratch_dir("log-mods");
    let patch = r#"(rules: [(id: "lie_low", response: "quiet", weight: 2.0, because: "Mine.")])"#;
    patching_mod(&dir, "quieter", "", &[("pyongyang.ron", patch)]);
    let log = dir.join("game.ron");
    let (code, with_mod, err) = run_with_mods(
        &dir,
        &[
            "play",
            "--level",
            "sandbox",
            "--seed",
            "4",
            "--moves",
            "balanced",
            "--log",
            log.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("mods: [") && text.contains("\"quieter 1.2.0\""),
        "{text}"
    );
    // Its report says so at the top, where a teacher compares the groups' games.
    let reports = support::scratch_dir("log-mods-report");
    let out = reports.join("report");
    let (code, _, err) = run_with_mods(
        &dir,
        &[
            "report",
            log.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        page.contains("<strong>Played under rules changed by mods:</strong> quieter 1.2.0."),
        "the report names the mod"
    );
    // Replayed under the same mod: the same game, no warning.
    let (code, again, err) = run_with_mods(&dir, &["play", "--moves", log.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("warning"), "{err}");
    assert_eq!(again, with_mod);
    // Without it: replayed all the same, with a warning naming both sets of rules.
    let none = support::scratch_dir("log-mods-none");
    let (code, _, err) = run_with_mods(&none, &["play", "--moves", log.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("was played under the rules as quieter 1.2.0 changes them, and here they are as no mod changes them"),
        "{err}"
    );
    // A log of the base game names no mod (the line is left out).
    let base = none.join("base.ron");
    let (code, _, err) = run_with_mods(
        &none,
        &[
            "play",
            "--level",
            "sandbox",
            "--seed",
            "4",
            "--moves",
            "balanced",
            "--log",
            base.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(!std::fs::read_to_string(&base).unwrap().contains("mods"));
    // That log (or one written by hand, naming no mod) played under the mod: the fix to say is
    // the file's `mods`, since --mod was given.
    let (code, _, err) = run_with_mods(&dir, &["play", "--moves", base.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "if the file was written by hand for these rules, add `mods: [\"quieter 1.2.0\"]` to it"
        ),
        "{err}"
    );
}

#[test]
fn two_mods_with_a_policy_of_one_name_are_reported_not_one_silently_hidden() {
    let dir = support::scratch_dir("policy-clash");
    write(&dir.join("a_first/mod.ron"), &manifest("a_first", ""));
    write(
        &dir.join("a_first/policies/careful.ron"),
        "(name: \"careful\", families: {Restraint: 2.0})",
    );
    write(&dir.join("b_second/mod.ron"), &manifest("b_second", ""));
    write(
        &dir.join("b_second/policies/careful.ron"),
        "(name: \"careful\", families: {ShowOfForce: 5.0})",
    );
    let (code, out, _) = run_with_mods(&dir, &["mods"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("its policy \"careful\" is already defined by the mod \"Mod a_first\""),
        "{out}"
    );
}

#[test]
fn a_war_rung_moved_below_others_is_refused_at_the_mods_line() {
    let dir = support::scratch_dir("war-low");
    patching_mod(
        &dir,
        "warlow",
        "",
        &[(
            "ladder.ron",
            r#"(rungs: [(id: "war", name: "War", from: 30, war: true)])"#,
        )],
    );
    let (code, out, err) = run_with_mods(
        &dir.join("none"),
        &["validate", "--mod", dir.join("warlow").to_str().unwrap()],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("warlow/rules/ladder.ron:1:35: rungs[0].from: a war rung must top the ladder, but \"signals\" (from 35) lies above \"war\" (from 30)"),
        "{out}"
    );
}

/// `validate` on a path typed relative to where the modder stands, inside their mod: the file is
/// checked as part of the mod (its rules patch's problem is found too), from the mod's folder
/// (`levels/x.ron`) as from its `levels/` folder (`x.ron`).
#[test]
fn validate_finds_the_mod_of_a_relative_path() {
    let dir = support::scratch_dir("relative");
    let m = dir.join("relmod");
    write(&m.join("mod.ron"), &manifest("relmod", ""));
    write(&m.join("levels/rel.ron"), &level("rel"));
    write(
        &m.join("rules/actions.ron"),
        &format!(
            "(actions: [{}])",
            NEW_ACTION.replace("family: Restraint", "family: Restrain")
        ),
    );
    let data = root();
    for (cwd, path) in [(m.clone(), "levels/rel.ron"), (m.join("levels"), "rel.ron")] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_peninsula"))
            .args(["--data", data.to_str().unwrap(), "validate", path])
            .current_dir(&cwd)
            .env("PENINSULA_MODS_DIR", dir.join("none"))
            .env("PENINSULA_SAVE_DIR", root().join("target/no-saves-here"))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{path}: {text}");
        assert!(!text.contains("is not a folder"), "{path}: {text}");
        assert!(
            text.contains("rules/actions.ron:1:") && text.contains("Restrain"),
            "{path} is checked as its mod: {text}"
        );
    }
}

/// A ladder patch that ties a rung with a base one is refused at the mod's line; one that moves
/// a rung past its neighbours is warned of there, since every `RungAtLeast` on it changes.
#[test]
fn a_rung_patched_into_a_tie_or_past_its_neighbours_is_said_at_the_mods_line() {
    let dir = support::scratch_dir("rung-moves");
    patching_mod(
        &dir,
        "tie",
        "",
        &[(
            "ladder.ron",
            r#"(rungs: [(id: "signals", name: "Shows of force", from: 50)])"#,
        )],
    );
    patching_mod(
        &dir,
        "climb",
        "",
        &[(
            "ladder.ron",
            r#"(rungs: [(id: "signals", name: "Shows of force", from: 70)])"#,
        )],
    );
    let validate = |id: &str| {
        run_with_mods(
            &dir.join("none"),
            &["validate", "--mod", dir.join(id).to_str().unwrap()],
        )
    };
    let (code, out, err) = validate("tie");
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("tie/rules/ladder.ron:1:50: rungs[0].from: rungs must climb: from (50) must differ from the next rung's, \"provocation\" (from 50)"),
        "{out}"
    );
    assert!(!out.contains("assets/rules/ladder.ron"), "{out}");
    let (code, out, err) = validate("climb");
    assert_eq!(code, 0, "a warning, not an error: {out}{err}");
    assert!(
        out.contains("climb/rules/ladder.ron:1:50: rungs[0].from: warning: rung \"signals\" at from 70 now lies above \"confrontation\" (from 65)"),
        "{out}"
    );
}

/// An AI's `remove` with a response's id under `rules`: the problem says which list it is in.
#[test]
fn removing_a_response_as_a_rule_says_which_list_it_is_in() {
    let dir = support::scratch_dir("remove-list");
    patching_mod(
        &dir,
        "wronglist",
        "",
        &[("pyongyang.ron", r#"(remove: (rules: ["combat_alert"]))"#)],
    );
    let (code, out, err) = run_with_mods(
        &dir.join("none"),
        &["validate", "--mod", dir.join("wronglist").to_str().unwrap()],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("cannot remove pyongyang rule \"combat_alert\": \"combat_alert\" is in `responses`, not `rules`: write `remove: (responses: [\"combat_alert\"])`"),
        "{out}"
    );
}

/// A mod that adds a rung over War: the problem is the mod's new rung, so it is reported in the
/// mod's file, not at the base ladder's war rung, which the mod never touched.
#[test]
fn a_rung_added_above_war_is_refused_at_the_mods_line() {
    let dir = support::scratch_dir("over-war");
    patching_mod(
        &dir,
        "overwar",
        "",
        &[(
            "ladder.ron",
            r#"(rungs: [(id: "doom", name: "Doom", from: 99)])"#,
        )],
    );
    let (code, out, err) = run_with_mods(
        &dir.join("none"),
        &["validate", "--mod", dir.join("overwar").to_str().unwrap()],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("overwar/rules/ladder.ron:1:37: rungs[0].from: a war rung must top the ladder, but \"doom\" (from 99) lies above \"war\" (from 98)"),
        "{out}"
    );
}

#[test]
fn too_many_tags_is_one_problem_that_says_how_many_are_left() {
    let dir = support::scratch_dir("many-tags");
    let tags: Vec<String> = (0..40).map(|i| format!("\"t{i}\"")).collect();
    let patch = format!(
        "(actions: [(id: \"many_tags\", name: \"Many tags\", family: Restraint, about: \"x\", tags: [{}], effects: [])])",
        tags.join(", ")
    );
    patching_mod(&dir, "tagger", "", &[("actions.ron", &patch)]);
    let (code, out, err) = run_with_mods(
        &dir.join("none"),
        &["validate", "--mod", dir.join("tagger").to_str().unwrap()],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(
        out.matches("too many distinct tags").count(),
        1,
        "once, not at every tag and condition past the 64th: {out}"
    );
    // Said at the mod's own tags, with the room the shipped game leaves.
    assert!(
        out.contains("tagger/rules/actions.ron:1:")
            && out
                .contains("too many distinct tags: this mod brings 40 tags the rules do not have")
            && out.contains("leaving 12"),
        "{out}"
    );
    assert!(
        !out.contains("no action, response or event carries"),
        "{out}"
    );
}

#[test]
fn a_new_mod_from_a_mods_level_depends_on_that_mod_and_validates_clean() {
    let mods = support::scratch_dir("newmod-from-mod");
    // A mod whose level reads a tag its own actions patch brings.
    let patch = r#"(actions: [(id: "patrol", name: "A patrol", family: ShowOfForce, about: "x", tags: ["patrol"], effects: [])])"#;
    patching_mod(&mods, "tagmod", "", &[("actions.ron", patch)]);
    let level = level("tag_level").replacen(
        "Did(who: \"pyongyang\", tag: \"provocation\", within: 3)",
        "Did(who: \"player\", tag: \"patrol\", within: 3)",
        1,
    );
    assert!(
        level.contains("tag: \"patrol\""),
        "the sandbox has the condition to change"
    );
    write(&mods.join("tagmod/levels/tag_level.ron"), &level);
    let out = support::scratch_dir("newmod-from-mod-out");
    let (code, said, err) = run_with_mods(
        &mods,
        &[
            "new-mod",
            "Copy of tag",
            "--from",
            "tag_level",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{said}{err}");
    let manifest = std::fs::read_to_string(out.join("copy_of_tag/mod.ron")).unwrap();
    assert!(manifest.contains("depends: [\"tagmod\"]"), "{manifest}");
    let (code, said, err) = run_with_mods(
        &mods,
        &[
            "validate",
            "--mod",
            out.join("copy_of_tag").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{said}{err}");
}

/// A class code made under mods that change the game carries a mark of them: a machine
/// without those mods, or with other versions, refuses it and says why, and a code of the
/// game's own rules is refused where mods change the game. The same mods play the same game.
#[test]
fn a_class_code_made_under_mods_is_refused_where_the_mods_differ() {
    let dir = support::scratch_dir("class-mods");
    let patch = r#"(rules: [(id: "lie_low", response: "quiet", weight: 2.0, because: "Mine.")])"#;
    patching_mod(&dir, "quieter", "", &[("pyongyang.ron", patch)]);
    let none = support::scratch_dir("class-mods-none");
    let newer = support::scratch_dir("class-mods-newer");
    patching_mod(&newer, "quieter", "", &[("pyongyang.ron", patch)]);
    write(
        &newer.join("quieter/mod.ron"),
        &manifest("quieter", "").replace("1.2.0", "1.3.0"),
    );
    let code_of = |mods: &Path| {
        let (code, out, err) =
            run_with_mods(mods, &["class-code", "--level", "sandbox", "--seed", "4"]);
        assert_eq!(code, 0, "{err}");
        (out.trim().to_string(), err)
    };
    let (modded, note) = code_of(&dir);
    let (plain, plain_note) = code_of(&none);
    // Four parts, the mods' mark before the check; the class-code command names the mods.
    assert_eq!(modded.split('-').count(), 4, "{modded}");
    assert_eq!(plain.split('-').count(), 3, "{plain}");
    assert!(note.contains("quieter 1.2.0"), "{note}");
    // Without mods, the teacher's key, what the code deals and the rules' fingerprint, and no
    // note of mods; the mods' rules have another fingerprint.
    assert!(
        plain_note.starts_with("Teacher's key: ")
            && plain_note.lines().count() == 3
            && plain_note
                .lines()
                .nth(1)
                .unwrap()
                .starts_with("The code deals: Sandbox")
            && plain_note.lines().nth(2).unwrap().starts_with("Rules "),
        "{plain_note}"
    );
    let rules_line = |note: &str| {
        note.lines()
            .find(|l| l.starts_with("Rules "))
            .map(str::to_string)
    };
    assert_ne!(rules_line(&note), rules_line(&plain_note), "{note}");
    assert!(!plain_note.contains("mods"), "{plain_note}");
    let play = |mods: &Path, code: &str| {
        run_with_mods(mods, &["play", "--class-code", code, "--moves", "balanced"])
    };
    // Under the same mods: the same game as the level and seed give.
    let (code, by_code, err) = play(&dir, &modded);
    assert_eq!(code, 0, "{err}");
    let (_, by_seed, _) = run_with_mods(
        &dir,
        &[
            "play", "--level", "sandbox", "--seed", "4", "--moves", "balanced",
        ],
    );
    let (header, game) = by_code.split_once('\n').unwrap();
    assert!(
        header.starts_with(&format!("Class code {modded}:")),
        "{header}"
    );
    // The same game under its first line, which names the code where the seed's names the seed.
    let (title, game) = game.split_once('\n').unwrap();
    assert!(title.ends_with(&format!("class code {modded}")), "{title}");
    assert_eq!(Some(game), by_seed.split_once('\n').map(|(_, g)| g));
    // Without them, with another version, or a plain code under mods: refused, each saying why.
    let (code, _, err) = play(&none, &modded);
    assert_eq!(code, 2);
    assert!(
        err.contains("made with mods that change the game") && err.contains("none are on here"),
        "{err}"
    );
    let (code, _, err) = play(&newer, &modded);
    assert_eq!(code, 2);
    assert!(
        err.contains("other mods than this machine's (quieter 1.3.0"),
        "{err}"
    );
    let (code, _, err) = play(&dir, &plain);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "made with the game's own rules, but mods change this game here (quieter 1.2.0)"
        ),
        "{err}"
    );
    // Typed without its dashes where the mod is missing: still told it is the mods, not a typo.
    let (code, _, err) = play(&none, &modded.replace('-', ""));
    assert_eq!(code, 2);
    assert!(err.contains("none are on here"), "{err}");
    // A mistyped mark is a typing mistake, not other mods.
    let mut typo: Vec<char> = modded.chars().collect();
    let at = modded.len() - 3;
    typo[at] = if typo[at] == '7' { '8' } else { '7' };
    let typo: String = typo.into_iter().collect();
    let (code, _, err) = play(&dir, &typo);
    assert_eq!(code, 2);
    assert!(err.contains("typing mistake"), "{err}");
}

/// A modder review's findings, each held: a policy for a mod's second level validates (warned
/// only for the levels it cannot play); a policy named as a built-in is refused at its name; a
/// fraction written to a flag is refused wherever it is written; a rule id or a hyphenated
/// form that names the hidden type is warned of; a ladder whose lowest rung starts above 0 is
/// warned of; and a byte-order mark does not shift the first line's columns.
#[test]
fn a_modders_slips_are_reported_at_their_place() {
    let dir = support::scratch_dir("modder-slips");
    let tutorial =
        std::fs::read_to_string(root().join("docs/tutorial/mod/levels/tutorial_hotline.ron"))
            .unwrap();
    // Two levels; the policy names the second's own card.
    let two = dir.join("two");
    write(&two.join("mod.ron"), &manifest("two", ""));
    write(
        &two.join("levels/a_level.ron"),
        &tutorial.replace("id: \"tutorial_hotline\"", "id: \"a_level\""),
    );
    write(
        &two.join("levels/b_level.ron"),
        &tutorial
            .replace("id: \"tutorial_hotline\"", "id: \"b_level\"")
            .replace("sea_talks", "b_talks"),
    );
    write(
        &two.join("policies/bpol.ron"),
        "(name: \"bpol\", rules: [(action: \"b_talks\", weight: 5)])",
    );
    let (code, out, err) = run(&["validate", "--mod", two.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("warning: this policy names what only b_level offers")
            && out.contains("so it cannot play")
            && out.contains("a_level"),
        "{out}"
    );
    let (_, listed, _) = run(&["--mod", two.to_str().unwrap(), "mods"]);
    assert!(listed.contains("status: ok"), "{listed}");
    // A built-in's name.
    let named = dir.join("named");
    write(&named.join("mod.ron"), &manifest("named", ""));
    write(
        &named.join("policies/mine.ron"),
        "(\n    name: \"hawk\",\n    families: {Restraint: 5},\n)",
    );
    let (code, out, _) = run(&["validate", "--mod", named.to_str().unwrap()]);
    assert_eq!(code, 0, "a warning, the mod still plays: {out}");
    assert!(
        out.contains(&format!(
            "{}:2:5: name: warning: this policy is named \"hawk\", as a built-in policy is",
            named.join("policies/mine.ron").display()
        )),
        "{out}"
    );
    // Half a hotline, three ways.
    let half = dir.join("half");
    write(&half.join("mod.ron"), &manifest("half", ""));
    write(
        &half.join("rules/events.ron"),
        "(events: [(id: \"half_hotline\", name: \"Half a hotline\", news: \"The line crackles.\",\n    chance: (base: 20), effects: [Set(\"world.hotline\", 0.5), Add(\"world.military_agreement\", 0.3), Set(\"pyongyang.tempo\", 2.5)])])",
    );
    write(
        &half.join("levels/half_level.ron"),
        &tutorial
            .replace("id: \"tutorial_hotline\"", "id: \"half_level\"")
            .replacen(
                "start: [",
                "start: [(var: \"world.hotline\", value: 0.5), ",
                1,
            ),
    );
    let (code, out, _) = run(&["validate", "--mod", half.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    for (field, var) in [
        ("events[0].effects[0].Set[1]", "world.hotline"),
        ("events[0].effects[1].Add[1]", "world.military_agreement"),
        ("start[0].value", "world.hotline"),
    ] {
        assert!(
            out.contains(&format!("{field}: \"{var}\" is a flag"))
                && out.contains("so it takes whole numbers"),
            "{field}: {out}"
        );
    }
    assert!(
        !out.contains("pyongyang.tempo\" is a flag"),
        "not a flag: {out}"
    );
    // A rule id, and a hyphenated form.
    let leak = dir.join("leak");
    write(&leak.join("mod.ron"), &manifest("leak", ""));
    write(
        &leak.join("rules/pyongyang.ron"),
        "(\n  responses: [(id: \"rant\", name: \"A rant\", tags: [\"rhetoric\"],\n    news: \"A security-seeking statement from KCNA.\", effects: [])],\n  rules: [(id: \"opportunist_pounces\", response: \"rant\", weight: 0.5, because: \"It rants.\")],\n)",
    );
    let (code, out, _) = run(&["validate", "--mod", leak.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("rules[0].id: warning: rule \"opportunist_pounces\": this text names the disposition \"Opportunist\""), "{out}");
    assert!(out.contains("responses[0].news: warning: response \"rant\": this text names the disposition \"Security seeker\""), "{out}");
    // The lowest rung removed; a byte-order mark before a slip on the first line.
    let low = dir.join("low");
    write(&low.join("mod.ron"), &manifest("low", ""));
    write(
        &low.join("rules/ladder.ron"),
        "\u{feff}(remove: [\"calm\"], bogus: 1)\n",
    );
    let (code, out, _) = run(&["validate", "--mod", low.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "{}:1:20: bogus: unknown field",
            low.join("rules/ladder.ron").display()
        )),
        "the column an editor shows: {out}"
    );
    // A level's map of the types' chances that leaves some out.
    let partial = dir.join("partial");
    write(&partial.join("mod.ron"), &manifest("partial", ""));
    write(
        &partial.join("levels/partial_level.ron"),
        &tutorial
            .replace("id: \"tutorial_hotline\"", "id: \"partial_level\"")
            .replacen(
                "\n    turns:",
                "\n    dispositions: {\"builder\": 1},\n    turns:",
                1,
            ),
    );
    let (code, out, _) = run(&["validate", "--mod", partial.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("dispositions: warning: this map leaves out \"security_seeker\" at 0.4 and \"opportunist\" at 0.3"),
        "{out}"
    );
    write(
        &low.join("rules/ladder.ron"),
        "\u{feff}(remove: [\"calm\"])\n",
    );
    let (code, out, _) = run(&["validate", "--mod", low.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("warning: the lowest rung, \"rhetoric\", starts at 20, so no rung covers tension below it") && out.contains("the ladder as mod \"low\" changes it"),
        "{out}"
    );
    // New tags that fit, but leave the base rules' later lists (the events') past the 64:
    // said at the mod's first new tag, not at a base file the modder cannot change.
    let tags = dir.join("tags");
    write(&tags.join("mod.ron"), &manifest("tags", ""));
    let actions: Vec<String> = (0..7)
        .map(|i| format!("(id: \"extra_{i}\", name: \"Extra {i}\", family: Restraint, tags: [\"t{i}a\", \"t{i}b\"], effects: [])"))
        .collect();
    write(
        &tags.join("rules/actions.ron"),
        &format!(
            "(\n    actions: [\n        {},\n    ],\n)\n",
            actions.join(",\n        ")
        ),
    );
    let (code, out, _) = run(&["validate", "--mod", tags.to_str().unwrap()]);
    assert_ne!(code, 0, "{out}");
    assert!(
        out.contains("rules/actions.ron:3:")
            && out.contains("actions[0].tags[0]: too many distinct tags: this mod brings 14 tags the rules do not have (\"t0a\", \"t0b\"")
            && out.contains("leaving 12"),
        "{out}"
    );
    assert!(!out.contains("assets/rules/events.ron"), "{out}");
    // A level that names a disposition the mod's broken rules would add: the level's problem
    // says where the id comes from, and that those rules did not load.
    let gamble = dir.join("gamble");
    write(&gamble.join("mod.ron"), &manifest("gamble", ""));
    write(
        &gamble.join("rules/pyongyang.ron"),
        "(dispositions: [(id: \"gambler\", name: \"Gambler\", chance: 0.2, motives: {\"bravado\": 2.0}, about: \"Bets big.\")])",
    );
    write(
        &gamble.join("levels/gamble.ron"),
        &tutorial.replacen(
            "\n    turns:",
            "\n    dispositions: {\"gambler\": 1, \"builder\": 1, \"security_seeker\": 1, \"opportunist\": 1},\n    turns:",
            1,
        ),
    );
    let (code, out, _) = run(&["validate", "--mod", gamble.to_str().unwrap()]);
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("no rule has the motive \"bravado\""), "{out}");
    assert!(
        out.contains("unknown disposition \"gambler\" (this mod's rules/pyongyang.ron defines \"gambler\", but the mod's rules did not load: fix rules/pyongyang.ron first)"),
        "{out}"
    );
}

/// A mod's own difficulty: played, it reads as its name alone when it has no `about` (never
/// "Very hard ()"); asked of `class-code`, which holds only the first two, the refusal says
/// so rather than calling it unknown. A manifest with an empty name is refused at its field.
#[test]
fn a_mods_difficulty_plays_and_is_refused_by_class_codes_by_name() {
    let dir = support::scratch_dir("mod-difficulty");
    let folder = dir.join("harder");
    write(&folder.join("mod.ron"), &manifest("harder", ""));
    write(
        &folder.join("rules/advisors.ron"),
        "(difficulties: [(id: \"very_hard\", name: \"Very hard\", start: [(\"washington.capital\", -35)])])",
    );
    let (code, out, err) = run_with_mods(
        &dir,
        &[
            "play",
            "--level",
            "sandbox",
            "--moves",
            "balanced",
            "--seed",
            "3",
            "--difficulty",
            "very_hard",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Difficulty: Very hard\n"), "{out}");
    assert!(!out.contains("()"), "{out}");
    let (code, out, err) = run_with_mods(
        &dir,
        &[
            "class-code",
            "--level",
            "sandbox",
            "--difficulty",
            "very_hard",
        ],
    );
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("difficulty \"very_hard\" cannot go in a class code")
            && err.contains("(standard, hard)")
            && !err.contains("unknown"),
        "{err}"
    );
    let (code, _, err) = run_with_mods(
        &dir,
        &[
            "class-code",
            "--level",
            "sandbox",
            "--difficulty",
            "very_hrad",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("unknown difficulty \"very_hrad\""), "{err}");

    let nameless = dir.join("nameless");
    write(
        &nameless.join("mod.ron"),
        "(id: \"nameless\", name: \"\", version: \"1.0.0\", author: \"Tests\")",
    );
    let (code, out, err) = run(&["validate", "--mod", nameless.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(&format!("{}:1:", nameless.join("mod.ron").display()))
            && out.contains("name: a mod needs a name"),
        "{out}{err}"
    );
}

/// A code for a mod's own level, typed on a machine without the mod: for every seed, the
/// refusal names the tag as typed and says the level may be a mod's, and never quotes a tag the
/// student did not type (a code read with the wrong split can pass its check by chance).
#[test]
fn a_mod_levels_class_code_without_the_mod_says_the_mod_is_missing() {
    use peninsula::sim::class_code::{ClassOptions, decode, encode};
    let dir = support::scratch_dir("class-mod-level");
    let folder = dir.join("own_level");
    write(&folder.join("mod.ron"), &manifest("own_level", ""));
    write(&folder.join("levels/my_mod.ron"), &level("my_mod"));
    let dirs = peninsula::rules::mods::ModDirs {
        extra: vec![folder.to_path_buf()],
        keep_named: true,
        ..Default::default()
    };
    let plain = data();
    // A mod that only adds the level (a code of three parts), then one that also changes the
    // rules (four parts: the mods' mark before the check).
    for (patches, parts, said) in [
        (
            false,
            3,
            "install and turn on the mod the code was made with",
        ),
        (
            true,
            4,
            "the code was made with mods, and the level may be one of theirs",
        ),
    ] {
        if patches {
            write(
                &folder.join("rules/pyongyang.ron"),
                r#"(rules: [(id: "lie_low", response: "quiet", weight: 2.0, because: "Mine.")])"#,
            );
        }
        let modded = peninsula::rules::load_data_with(&root(), &dirs).unwrap();
        let sc = modded.level("my_mod").and_then(|l| l.scenario()).unwrap();
        for seed in 1..=96 {
            let code = encode(&modded, sc, seed, ClassOptions::default()).text;
            assert_eq!(code.split('-').count(), parts, "{code}");
            assert_eq!(
                decode(&modded, &code).map(|c| c.seed),
                Ok(seed),
                "{code} reads back with the mod"
            );
            // As written, without dashes, with spaces, and with a dash too many at its end.
            for typed in [
                code.clone(),
                code.replace('-', ""),
                code.replace('-', " "),
                format!("{code}-"),
            ] {
                let err = decode(plain, &typed).unwrap_err();
                assert!(
                    err.starts_with("no level here answers to \"MYMO\"") && err.contains(said),
                    "seed {seed}, {typed:?}: {err}"
                );
            }
        }
    }
}

/// A patch that takes an AI past one of its limits is told so at its own first entry too many,
/// in the mod's file, not at the base rules file it patches.
#[test]
fn a_patch_past_an_ai_limit_is_reported_at_the_mods_own_entry() {
    let dir = support::scratch_dir("past-limits");
    // The shipped Pyongyang has seven motives: the second new one is the ninth.
    patching_mod(
        &dir,
        "motives",
        "",
        &[(
            "pyongyang.ron",
            "(\n  rules: [\n    (id: \"a\", response: \"quiet\", motive: \"pride\", weight: 0.1, because: \"x\"),\n    (id: \"b\", response: \"quiet\", motive: \"honour\", weight: 0.1, because: \"y\"),\n  ],\n)",
        )],
    );
    let analysts: Vec<String> = (0..2)
        .map(|i| format!("    (id: \"desk_{i}\", name: \"Desk {i}\"),"))
        .collect();
    patching_mod(
        &dir,
        "analysts",
        "",
        &[(
            "pyongyang.ron",
            &format!("(\n  analysts: [\n{}\n  ],\n)", analysts.join("\n")),
        )],
    );
    for (id, line, col, said) in [
        (
            "motives",
            4,
            34,
            "rules[1].motive: at most 8 distinct motives, found 9 (\"honour\" is the first past the limit)",
        ),
        ("analysts", 4, 5, "analysts[1]: at most 3 analysts, found 4"),
    ] {
        let folder = dir.join(id);
        let (code, out, err) = run(&["validate", "--mod", folder.to_str().unwrap()]);
        assert_eq!(code, 1, "{out}{err}");
        let file = folder.join("rules/pyongyang.ron");
        assert!(
            out.contains(&format!("{}:{line}:{col}: {said}", file.display())),
            "{id}: {out}"
        );
        assert!(!out.contains("assets/rules/pyongyang.ron"), "{id}: {out}");
    }
}

/// The tutorial's level adds a card with a tag of its own: a shared AI rule that tests the tag
/// is refused with the reason (the shared rules cannot see a level's own tags) and the way to
/// do it, as the guide's tutorial says.
#[test]
fn a_shared_rule_testing_a_levels_own_tag_is_told_why_it_cannot() {
    let dir = support::scratch_dir("level-tag");
    let folder = dir.join("tut");
    let from = root().join("docs/tutorial/mod");
    for file in ["mod.ron", "levels/tutorial_hotline.ron"] {
        let text = std::fs::read_to_string(from.join(file)).unwrap();
        write(&folder.join(file), &text);
    }
    assert!(
        std::fs::read_to_string(folder.join("levels/tutorial_hotline.ron"))
            .unwrap()
            .contains("\"sea_talks\""),
        "the tutorial's card carries its own tag"
    );
    let (code, out, err) = run(&["validate", "--mod", folder.to_str().unwrap()]);
    assert_eq!(code, 0, "the tutorial's mod is clean: {out}{err}");
    write(
        &folder.join("rules/pyongyang.ron"),
        r#"(rules: [(id: "answer_sea_talks", response: "accept_talks", weight: 0.5, when: [Did(who: "player", tag: "sea_talks", within: 2)], because: "Talks at sea.")])"#,
    );
    let (code, out, err) = run(&["validate", "--mod", folder.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("no action, response or event carries the tag \"sea_talks\"")
            && out.contains("known to that level's conditions alone")
            && out.contains("add the action in a mod's `rules/actions.ron`"),
        "{out}"
    );
}

/// A bare `validate` checks what the game loads, the installed mods too, so it lists an
/// installed mod's warnings: the game's own line about them ("peninsula validate lists every
/// one") sends a modder there.
#[test]
fn a_bare_validate_lists_an_installed_mods_warnings() {
    let dir = support::scratch_dir("installed-warned");
    let folder = dir.join("warned");
    write(&folder.join("mod.ron"), &manifest("warned", ""));
    let base = std::fs::read_to_string(root().join("levels/sandbox.ron")).unwrap();
    let summit = "AtLeast(\"world.summit\", 1)";
    assert!(base.contains(summit));
    write(
        &folder.join("levels/warned_level.ron"),
        &base
            .replacen("id: \"sandbox\"", "id: \"warned_level\"", 1)
            .replacen(summit, "AtLeast(\"world.summit\", 400)", 1),
    );
    let (code, out, err) = run_with_mods(&dir, &["validate"]);
    assert_eq!(code, 0, "a warning is no problem: {out}{err}");
    assert!(
        out.lines().any(|l| l.contains("warned_level.ron:")
            && l.contains("warning: objective \"summit\" can never be met")),
        "{out}"
    );
    assert!(out.contains("1 warning(s)"), "{out}");
    let (code, out, _) = run_with_mods(&dir, &["validate", "--deny-warnings"]);
    assert_eq!(code, 1, "denied: {out}");
}

/// Every text whose showing depends on the hidden type is checked for its name, not only the
/// "why": a response's map caption (drawn when the answer was given) and a variable's hint
/// (read under an objective while the player weighs the estimate).
#[test]
fn a_caption_or_a_hint_that_names_the_hidden_type_is_warned_of() {
    let dir = support::scratch_copy("names-type-elsewhere");
    support::edit(
        &dir.join("assets/rules/pyongyang.ron"),
        "caption: \"missile splashdown\"",
        "caption: \"an opportunist's splashdown\"",
    );
    support::edit(
        &dir.join("assets/rules/actors.ron"),
        "hint: \"Once Pyongyang restarts the reactor,",
        "hint: \"A builder restarts it; once Pyongyang restarts the reactor,",
    );
    let data = dir.to_str().unwrap();
    let (code, out, err) = run(&["validate", "--data", data]);
    assert_eq!(code, 0, "warnings: {out}{err}");
    let at = |file: &str, needle: &str| {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        text.lines().position(|l| l.contains(needle)).unwrap() + 1
    };
    let caption = out
        .lines()
        .find(|l| l.contains(".map.caption: warning: response \"missile_test\": this text names the disposition \"Opportunist\""))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        caption.contains(&format!(
            "pyongyang.ron:{}:",
            at("assets/rules/pyongyang.ron", "an opportunist's splashdown")
        )),
        "{caption}"
    );
    let hint = out
        .lines()
        .find(|l| l.contains(".hint: warning: variable \"world.reactor_idle\": this hint names the disposition \"Builder\""))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        hint.contains(&format!(
            "actors.ron:{}:",
            at("assets/rules/actors.ron", "A builder restarts it")
        )),
        "{hint}"
    );
}

/// A text read during play that is far longer than its place has room for (a card's name, a
/// level's title, an answer's name and news) is warned of at its own line, with the room
/// it has; the shipped texts all fit, so a shipped-data check stays clean.
#[test]
fn a_text_too_long_for_its_place_is_warned_of() {
    let dir = support::scratch_copy("too-long");
    let long_name = "Joint air drills over the whole southern half of the Korean peninsula";
    let long_title = "Fire and Fury: the Summer the Spiral Very Nearly Broke";
    let long_answer = "Ballistic missile launches from the east coast and the west";
    let long_news = "Pyongyang fires ballistic missiles into the East Sea. ".repeat(7);
    support::edit(
        &dir.join("assets/rules/actions.ron"),
        "name: \"Joint air drills\"",
        &format!("name: \"{long_name}\""),
    );
    support::edit(
        &dir.join("levels/2017_fire_and_fury.ron"),
        "title: \"Fire and Fury\"",
        &format!("title: \"{long_title}\""),
    );
    support::edit(
        &dir.join("assets/rules/pyongyang.ron"),
        "name: \"Ballistic missile launches\"",
        &format!("name: \"{long_answer}\""),
    );
    support::edit(
        &dir.join("assets/rules/pyongyang.ron"),
        "news: \"Pyongyang fires ballistic missiles into the East Sea.\"",
        &format!("news: \"{}\"", long_news.trim_end()),
    );
    let data = dir.to_str().unwrap();
    let (code, out, err) = run(&["validate", "--data", data]);
    assert_eq!(code, 0, "warnings, not errors: {out}{err}");
    let line_of = |file: &str, needle: &str| {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        text.lines().position(|l| l.contains(needle)).unwrap() + 1
    };
    let expect = [
        (
            "assets/rules/actions.ron",
            long_name,
            format!(
                ".name: warning: action \"joint_air_drills\": this text is {} characters long, more than the 48 or so that fit in a move's card",
                long_name.chars().count()
            ),
        ),
        (
            "levels/2017_fire_and_fury.ron",
            long_title,
            format!(
                "title: warning: level \"2017_fire_and_fury\": this text is {} characters long, more than the 40 or so that fit in the dashboard's top bar",
                long_title.chars().count()
            ),
        ),
        (
            "assets/rules/pyongyang.ron",
            long_answer,
            format!(
                ".name: warning: response \"missile_test\": this text is {} characters long, more than the 48 or so that fit in the turn's answers and the debrief's timeline",
                long_answer.chars().count()
            ),
        ),
        (
            "assets/rules/pyongyang.ron",
            "Pyongyang fires ballistic missiles into the East Sea. Pyongyang",
            ".news: warning: response \"missile_test\": this text is 377 characters long, more than the 300 or so that fit in the News panel".to_string(),
        ),
    ];
    for (file, needle, message) in expect {
        let line = out
            .lines()
            .find(|l| l.contains(&message))
            .unwrap_or_else(|| panic!("no warning {message:?} in:\n{out}"));
        assert!(
            line.contains(&format!(
                "{}:{}:",
                file.rsplit('/').next().unwrap(),
                line_of(file, needle)
            )),
            "{line}"
        );
    }
    assert_eq!(
        out.matches("characters long").count(),
        4,
        "only the four texts made long: {out}"
    );
}

/// Dispositions or analysts given to Beijing are warned of: only Pyongyang's type is hidden and
/// estimated, so a patch that gives Beijing a "hardliner" would change nothing without a word.
#[test]
fn dispositions_given_to_beijing_are_warned_of() {
    let dir = support::scratch_dir("beijing-type");
    let folder = dir.join("hardliner");
    write(&folder.join("mod.ron"), &manifest("hardliner", ""));
    write(
        &folder.join("rules/beijing.ron"),
        "(\n  dispositions: [(id: \"hardliner\", name: \"Hardliner\", chance: 1.0)],\n)",
    );
    let (code, out, err) = run(&["validate", "--mod", folder.to_str().unwrap()]);
    assert_eq!(code, 0, "a warning: {out}{err}");
    assert!(
        out.lines().any(|l| l.starts_with(&format!(
            "{}:2:18: dispositions[0]: warning: Beijing's dispositions are not read",
            folder.join("rules/beijing.ron").display()
        ))),
        "{out}"
    );
}

/// More rules that load but can never fire are warned of at their place: two Beijing stances
/// (a level has one), a condition beside its own `Not`, a bound beside a `Not` that excludes
/// it, and a `when` that contradicts its response's `requires` (a rule on the reactor's
/// restart that asks for the reactor to be running).
#[test]
fn rules_that_contradict_themselves_or_their_response_are_warned_about() {
    let dir = support::scratch_dir("mod-never");
    let m = dir.join("never");
    write(&m.join("mod.ron"), &manifest("never", ""));
    write(
        &m.join("rules/pyongyang.ron"),
        r#"(
    rules: [
        (id: "two_stances", response: "quiet", weight: 0.5,
            when: [Stance(BacksSanctions), Stance(BlocksSanctionsBacksTalks)], because: "x"),
        (id: "and_not", response: "quiet", weight: 0.5,
            when: [Did(who: "player", tag: "show_of_force", within: 2), Not(Did(who: "player", tag: "show_of_force", within: 2))], because: "x"),
        (id: "above_and_below", response: "quiet", weight: 0.5,
            when: [AtLeast("world.talks", 60), Not(AtLeast("world.talks", 50))], because: "x"),
        (id: "restart_a_running_reactor", response: "restart_reactor", weight: 0.5,
            when: [AtMost("world.reactor_idle", 0)], because: "x"),
        (id: "fine", response: "quiet", weight: 0.5,
            when: [AtLeast("world.talks", 40), Not(AtLeast("world.talks", 60))], because: "x"),
    ],
)
"#,
    );
    let (code, out, err) = run(&["validate", "--mod", m.to_str().unwrap()]);
    assert_eq!(code, 0, "warnings alone do not fail: {out}{err}");
    let patch = m.join("rules/pyongyang.ron").display().to_string();
    for want in [
        format!(
            "{patch}:4:20: rules[0].when[0]: warning: rule \"two_stances\" can never fire: a level has one Beijing stance, and this asks for two"
        ),
        format!(
            "{patch}:6:73: rules[1].when[1]: warning: rule \"and_not\" can never fire: it asks for a condition and for its opposite"
        ),
        format!(
            "{patch}:8:20: rules[2].when[0]: warning: rule \"above_and_below\" can never fire: world.talks cannot be at least 60 and below 50"
        ),
        format!(
            "{patch}:10:20: rules[3].when[0]: warning: rule \"restart_a_running_reactor\" can never fire: with the `requires` of its response \"restart_reactor\", world.reactor_idle cannot be at least 1 and at most 0"
        ),
    ] {
        assert!(out.contains(&want), "missing {want:?} in:\n{out}");
    }
    assert!(!out.contains("\"fine\""), "{out}");
}

/// `peninsula mods` lists the warnings of a mod's levels as `validate` gives them (an objective
/// that can never be met), not only those of its patches and stray files.
#[test]
fn mods_lists_the_warnings_of_a_mods_levels() {
    let dir = support::scratch_dir("mods-level-warnings");
    write(&dir.join("w/mod.ron"), &manifest("warned", ""));
    let text = level("warned_level").replacen(
        "AtLeast(\"world.summit\", 1)",
        "AtLeast(\"world.hotline\", 2)",
        1,
    );
    assert!(
        text.contains("world.hotline\", 2)"),
        "the sandbox has the condition"
    );
    write(&dir.join("w/levels/warned_level.ron"), &text);
    let m = dir.join("w");
    let m = m.to_str().unwrap();
    let (code, out, err) = run(&["validate", "--mod", m]);
    assert_eq!(code, 0, "warnings alone: {out}{err}");
    assert!(out.contains("can never be met"), "{out}");
    let (code, out, err) = run(&["mods", "--mod", m]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("  status: ok, with ") && out.contains("can never be met"),
        "{out}"
    );
}

/// The modding guide's `AiRemove` example, written as a mod's `rules/pyongyang.ron`, loads
/// clean: a response taken out with every rule that argues for it. A rule added to the shipped
/// data for that response fails here until the guide's example names it too.
#[test]
fn the_guides_ai_remove_example_loads_clean() {
    let guide = std::fs::read_to_string(root().join("docs/modding.md")).unwrap();
    let section = guide
        .split("### AiRemove")
        .nth(1)
        .expect("the guide documents AiRemove");
    let example = section
        .lines()
        .find(|l| l.starts_with("remove: ("))
        .expect("the section shows an example")
        .trim_end_matches(',');
    let dir = support::scratch_dir("guide-ai-remove");
    let folder = dir.join("no_site");
    write(&folder.join("mod.ron"), &manifest("no_site", ""));
    write(
        &folder.join("rules/pyongyang.ron"),
        &format!("(\n  {example},\n)\n"),
    );
    let (code, out, err) = run(&["validate", "--mod", folder.to_str().unwrap()]);
    assert_eq!(code, 0, "the guide's example `{example}`:\n{out}{err}");
}

/// A level's own events (`events` in the level file) happen in that level and in no other: one
/// added, sure to happen each turn, and one that replaces a rules event of the same id (the
/// DMZ's exchange of fire, made all but impossible there). A mistake in one is reported at its
/// place in the level file.
#[test]
fn a_levels_own_events_happen_in_that_level_only() {
    let dir = support::scratch_dir("level-events");
    let m = dir.join("own_events");
    write(&m.join("mod.ron"), &manifest("own_events", ""));
    let events = r#"id: "own_events_level",
    events: [
        (id: "inspectors_expelled", name: "Inspectors expelled",
            news: "Pyongyang orders the last inspectors out of Yongbyon.",
            chance: (base: 20), effects: [Tension(amount: 1, decay: 1)], tags: ["inspection"]),
        (id: "border_incident", name: "A quiet border",
            news: "The border stays quiet.", chance: (base: -20), effects: []),
    ],"#;
    let text = level("own_events_level").replacen("id: \"own_events_level\",", events, 1);
    write(&m.join("levels/own_events_level.ron"), &text);
    let (code, out, err) = run(&["validate", "--mod", m.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let fired = |level: &str| {
        let (code, out, err) = run(&[
            "--mod",
            m.to_str().unwrap(),
            "sim",
            "--level",
            level,
            "--policy",
            "balanced",
            "--runs",
            "300",
            "--json",
        ]);
        assert_eq!(code, 0, "{err}");
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        json["events"].clone()
    };
    let own = fired("own_events_level");
    let expelled = own["inspectors_expelled"].as_u64().unwrap();
    assert!(
        expelled >= 300,
        "the level's sure event fired {expelled} times in 300 games"
    );
    assert_eq!(own["border_incident"].as_u64(), Some(0), "{own}");
    let shared = fired("sandbox");
    assert!(shared.get("inspectors_expelled").is_none(), "{shared}");
    assert!(shared["border_incident"].as_u64().unwrap() > 0, "{shared}");
    // The news a player reads names the level's event.
    let (code, out, err) = run(&[
        "--mod",
        m.to_str().unwrap(),
        "play",
        "--level",
        "own_events_level",
        "--seed",
        "3",
        "--moves",
        "balanced",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Inspectors expelled"), "{out}");

    // A misspelt field in a level's event is named at its place.
    let broken = text.replacen("chance: (base: 20)", "chance: (bsae: 20)", 1);
    write(&m.join("levels/own_events_level.ron"), &broken);
    let (code, out, _) = run(&["validate", "--mod", m.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let (line, text_line) = (broken.lines().enumerate())
        .find(|(_, l)| l.contains("bsae"))
        .unwrap();
    let want = format!(
        "{}:{}:{}: events[0].chance.bsae: unknown field `bsae` (did you mean `base`?)",
        m.join("levels/own_events_level.ron").display(),
        line + 1,
        text_line.find("bsae").unwrap() + 1
    );
    assert!(out.contains(&want), "missing {want:?} in:\n{out}");
}

/// A level whose own start values end every game before the player has a say (the war flag set
/// from the start): the static checks cannot see it, so `validate` plays every move open on
/// turn 1 in three games of each hidden type and warns, at the level's `start`, with how the games ended.
#[test]
fn a_level_whose_start_ends_every_game_on_turn_one_is_warned_of() {
    let dir = support::scratch_dir("startwar");
    let level = tutorial_mod_with(
        &dir,
        "(var: \"world.hotline\", value: 0),",
        "(var: \"world.hotline\", value: 0), (var: \"world.war\", value: 1),",
    );
    let (code, out, err) = run_with_mods(
        &dir,
        &["validate", "--mod", dir.join("tut").to_str().unwrap()],
    );
    assert_eq!(code, 0, "a warning, not a refusal: {out}{err}");
    assert!(
        out.contains("tutorial_hotline.ron:")
            && out
                .contains("start: warning: every game tried ends on turn 1, whatever is played (")
            && out.contains("\"WAR: "),
        "{out}"
    );
    // The tutorial as it ships plays on past turn 1, and is not warned of.
    write(&dir.join("tut/levels/tutorial_hotline.ron"), &level);
    let (code, out, err) = run_with_mods(
        &dir,
        &["validate", "--mod", dir.join("tut").to_str().unwrap()],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("ends on turn 1"), "{out}");
}

/// A modder's common first try, a whole copy of a base rules file in the mod's `rules/`, meets
/// a field a patch does not have: the error says what a patch is, at the field.
#[test]
fn a_whole_copy_of_a_base_rules_file_is_told_what_a_patch_is() {
    let dir = support::scratch_dir("wholecopy");
    let base = std::fs::read_to_string(root().join("assets/rules/pyongyang.ron")).unwrap();
    patching_mod(&dir, "copier", "", &[("pyongyang.ron", &base)]);
    let (code, out, err) = run_with_mods(
        &dir,
        &["validate", "--mod", dir.join("copier").to_str().unwrap()],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("copier/rules/pyongyang.ron:")
            && out.contains("unknown field `")
            && out.contains(
                "a mod's rules file is a patch: it lists only the entries it adds or changes"
            ),
        "{out}"
    );
}

/// A mod named with --mod that does not load is refused with its first problem in file order,
/// as `validate` lists them: three problems on one line, and `play` quoted the last.
#[test]
fn a_refused_mod_is_named_with_its_first_problem_in_the_file() {
    let dir = support::scratch_dir("firstproblem");
    tutorial_mod_with(
        &dir,
        "    actions: [\n",
        "    actions: [\n        (id: \"hold_course\", name: \"Hold course\", family: Restraint, neutral: true, cost: [(\"washington.capital\", 200)], requires: [AtLeast(\"turn\", 50)], effects: []),\n",
    );
    let tut = dir.join("tut");
    let (code, out, _) = run_with_mods(&dir, &["validate", "--mod", tut.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let first = out
        .lines()
        .find(|l| l.contains("tutorial_hotline.ron:"))
        .expect("a problem at the level")
        .to_string();
    let (code, _, err) = run_with_mods(
        &dir,
        &[
            "play",
            "--mod",
            tut.to_str().unwrap(),
            "--level",
            "sandbox",
            "--moves",
            "hawk",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("does not load: {first}")),
        "play names validate's first problem, {first:?}: {err}"
    );
}

/// The tutorial's mod copied into `dir/tut`, its level with `from` changed to `to` (which must
/// be there); returns the level as it ships.
fn tutorial_mod_with(dir: &Path, from: &str, to: &str) -> String {
    let tutorial = root().join("docs/tutorial/mod");
    write(
        &dir.join("tut/mod.ron"),
        &std::fs::read_to_string(tutorial.join("mod.ron")).unwrap(),
    );
    let level = std::fs::read_to_string(tutorial.join("levels/tutorial_hotline.ron")).unwrap();
    let changed = level.replacen(from, to, 1);
    assert_ne!(
        changed, level,
        "the tutorial's level no longer holds {from:?}"
    );
    write(&dir.join("tut/levels/tutorial_hotline.ron"), &changed);
    level
}

/// `remove` has two shapes: a list of ids in actions.ron and events.ron, one list per kind in
/// an AI's patch. Each written in the other's shape gets the right one to write, at its place,
/// never ron's own type names; an empty patch may be `()`, and is offered as such.
#[test]
fn a_remove_in_the_other_patchs_shape_gets_the_shape_to_write() {
    let dir = support::scratch_dir("remove_shapes");
    patching_mod(
        &dir,
        "swapped",
        "",
        &[
            ("pyongyang.ron", "(remove: [\"lie_low\"])"),
            ("events.ron", "(remove: (events: [\"misfire\"]))"),
            ("actions.ron", "// to do\n"),
        ],
    );
    let (code, out, err) = run_with_mods(
        &support::scratch_dir("remove_shapes_none"),
        &["validate", "--mod", dir.join("swapped").to_str().unwrap()],
    );
    assert_eq!(code, 1, "{out}{err}");
    let all = format!("{out}{err}");
    assert!(
        all.contains("rules/pyongyang.ron:1:10: remove: in an AI's patch `remove` names the list each id comes out of: write `remove: (rules: [\"lie_low\"])` for rules"),
        "{all}"
    );
    assert!(
        all.contains("rules/events.ron:1:10: remove: in this patch `remove` is a list of ids: write `remove: [\"misfire\"]`"),
        "{all}"
    );
    assert!(!all.contains("AiRemove"), "{all}");
    assert!(
        all.contains("rules/actions.ron:1:1: the file is empty")
            && all.contains("a mod's rules patch that changes nothing yet is `()`"),
        "{all}"
    );
}

/// A log of a mod's level, checked without its mod: `validate` says which mod the game was
/// played under and how to load it, as `play --moves` does.
#[test]
fn a_log_of_a_mods_level_checked_without_it_names_the_mod() {
    let dir = support::scratch_dir("log_of_mod_level");
    let log = dir.join("game.ron");
    write(
        &log,
        "(\n    level: Some(\"calmer_seas\"),\n    seed: Some(1),\n    moves: [\"hold_course\"],\n    mods: [\"calmer_seas 0.1.0\"],\n)\n",
    );
    let (code, out, err) = run_with_mods(
        &support::scratch_dir("log_of_mod_level_none"),
        &["validate", log.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("no playable level \"calmer_seas\" (the game was played under mod \"calmer_seas 0.1.0\": load it with --mod DIR"),
        "{out}{err}"
    );
}

/// Three slips a level can make that change the game with no error: a win that asks for a
/// move the player has no card for, a card whose cost is more than its variable can ever hold,
/// and an event meant to replace the rules' own whose id is one letter off (so both apply).
/// Each is warned of at its place, and `--deny-warnings` refuses the mod.
#[test]
fn a_levels_slips_that_change_the_game_are_warned_of() {
    let dir = support::scratch_dir("level-slips");
    write(&dir.join("s/mod.ron"), &manifest("slips", ""));
    let summit = "AtLeast(\"world.summit\", 1)";
    let base = level("slip_level");
    assert!(base.contains(summit), "the sandbox has the condition");
    let text = base
        .replacen(
            summit,
            "Did(who: \"player\", tag: \"missile_test\", within: 2)",
            1,
        )
        .replacen(
            "    turns: 20,\n",
            "    turns: 20,\n    events: [(id: \"border_incidents\", name: \"Exchange of fire at the DMZ\", \
             news: \"Quiet.\", chance: (base: -20), effects: [])],\n    actions: [(id: \"winter_call\", \
             name: \"A winter phone call\", family: Restraint, about: \"A call.\", \
             cost: [(\"world.hotline\", 5)], effects: [])],\n",
            1,
        );
    assert!(text.contains("border_incidents"), "the events were added");
    write(&dir.join("s/levels/slip_level.ron"), &text);
    let m = dir.join("s");
    let (code, out, err) = run(&["validate", "--mod", m.to_str().unwrap()]);
    assert_eq!(code, 0, "warnings alone: {out}{err}");
    let warned = |field: &str, says: &str| {
        out.lines()
            .any(|l| l.contains("slip_level.ron:") && l.contains(field) && l.contains(says))
    };
    assert!(
        warned(
            "Did.tag",
            "no action of the player's carries the tag \"missile_test\""
        ),
        "{out}"
    );
    assert!(
        warned(
            "actions[0].cost[0]",
            "nothing can pay for action \"winter_call\": it costs 5 of world.hotline, whose most is 1"
        ),
        "{out}"
    );
    assert!(
        warned(
            "events[0].id",
            "adds a new event \"border_incidents\", and event \"border_incident\" still applies"
        ),
        "{out}"
    );
    let (code, out, _) = run(&["validate", "--mod", m.to_str().unwrap(), "--deny-warnings"]);
    assert_eq!(code, 1, "denied: {out}");
}

/// A difficulty a mod adds whose start values end every game before the first move is over
/// (a war flag set) is warned of, by name, as a level's own start values are; and a guard
/// `Not(...)` of what can never hold, which always holds, is warned of as a slip.
#[test]
fn a_difficulty_that_ends_every_game_at_once_and_a_guard_that_always_holds_are_warned_of() {
    let dir = support::scratch_dir("doom-difficulty");
    write(&dir.join("d/mod.ron"), &manifest("doom", ""));
    write(
        &dir.join("d/rules/advisors.ron"),
        "(difficulties: [(id: \"doom\", name: \"Doom\", start: [(\"world.war\", 1)])])\n",
    );
    let summit = "AtLeast(\"world.summit\", 1)";
    let base = level("guarded_level");
    assert!(base.contains(summit), "the sandbox has the condition");
    write(
        &dir.join("d/levels/guarded_level.ron"),
        &base.replacen(
            summit,
            &format!("{summit}, Not(AtLeast(\"world.hotline\", 2))"),
            1,
        ),
    );
    let m = dir.join("d");
    let (code, out, err) = run(&["validate", "--mod", m.to_str().unwrap()]);
    assert_eq!(code, 0, "warnings alone: {out}{err}");
    assert!(
        out.lines().any(|l| l.contains("guarded_level.ron:")
            && l.contains("every game tried ends on turn 1 at difficulty \"doom\"")),
        "{out}"
    );
    assert!(
        !out.lines()
            .any(|l| l.contains("ends on turn 1,") || l.contains("difficulty \"standard\"")),
        "the other difficulties play on: {out}"
    );
    assert!(
        out.lines().any(|l| l.contains("guarded_level.ron:")
            && l.contains(".Not: warning: objective \"summit\": Not(...) always holds")
            && l.contains("world.hotline never reaches 2")),
        "{out}"
    );
    // The same slip inside an `Any` makes the whole `Any` hold: warned of, at its place.
    write(
        &dir.join("d/levels/guarded_level.ron"),
        &base.replacen(
            summit,
            &format!("{summit}, Any([AtLeast(\"world.moratorium\", 1), Not(AtLeast(\"world.hotline\", 2))])"),
            1,
        ),
    );
    let (code, out, err) = run(&["validate", "--mod", m.to_str().unwrap()]);
    assert_eq!(code, 0, "warnings alone: {out}{err}");
    assert!(
        out.lines().any(|l| l.contains("guarded_level.ron:")
            && l.contains(".Any[1].Not: warning: objective \"summit\": Not(...) always holds, so the Any around it always holds")
            && l.contains("world.hotline never reaches 2")),
        "{out}"
    );
}

/// A level whose every win asks for a move the player has no card for cannot be won: an error
/// at load, naming why, not a level that validates and then loses every game.
#[test]
fn a_level_whose_wins_ask_for_a_move_nobody_can_make_is_refused() {
    let dir = support::scratch_dir("unwinnable-by-tag");
    write(&dir.join("u/mod.ron"), &manifest("unwinnable", ""));
    let guard = "when: [AtMost(\"world.combat_alert\", 0), ";
    let base = level("unwinnable_level");
    assert_eq!(base.matches(guard).count(), 2, "the sandbox's two wins");
    write(
        &dir.join("u/levels/unwinnable_level.ron"),
        &base.replace(
            guard,
            &format!("{guard}Did(who: \"player\", tag: \"missile_test\", within: 2), "),
        ),
    );
    let (code, out, err) = run(&["validate", "--mod", dir.join("u").to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("the level cannot be won: no Win objective can ever be met")
            && out.contains(
                "no action of the player's carries the tag \"missile_test\", so player never makes such a move"
            ),
        "{out}"
    );
}
