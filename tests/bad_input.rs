//! Broken RON files: each kind of mistake is reported with `path:line:col`, the field and what
//! was expected — by `validate`, `play` and `sim` alike — and never panics.

mod support;

use std::path::Path;
use support::*;

/// Breaks one file in a scratch copy of the data and runs `validate` on it.
fn broken(name: &str, file: &str, from: &str, to: &str) -> (Scratch, String) {
    let dir = scratch_copy(name);
    edit(&dir.join(file), from, to);
    let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "validate must fail on {name}: {out}{err}");
    assert!(!err.contains("panicked"), "{err}");
    (dir, out)
}

/// A scratch copy whose `file` has its `turns:` line replaced by `line` (deleted when empty),
/// run through `validate`, which must fail; returns the copy and what `validate` printed.
fn with_turns_line(name: &str, file: &str, line: &str) -> (Scratch, String) {
    let (dir, code, out) = validated_with_turns_line(name, file, line);
    assert_eq!(code, 1, "validate must fail on {name}: {out}");
    (dir, out)
}

/// A scratch copy whose `file` has its `turns:` line replaced by `line` (deleted when empty),
/// run through `validate`: the copy, the exit code and what `validate` printed.
fn validated_with_turns_line(name: &str, file: &str, line: &str) -> (Scratch, i32, String) {
    let dir = scratch_copy(name);
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let turns_line = text
        .lines()
        .find(|l| l.trim_start().starts_with("turns:"))
        .unwrap()
        .to_string();
    if line.is_empty() {
        edit(&dir.join(file), &format!("{turns_line}\n"), "");
    } else {
        edit(&dir.join(file), &turns_line, line);
    }
    let (code, out, _) = run(&["validate", "--data", dir.to_str().unwrap()]);
    (dir, code, out)
}

/// The `path:line:col: field: message` line for `file`.
fn headline<'a>(out: &'a str, dir: &Path, file: &str) -> &'a str {
    let prefix = dir.join(file).display().to_string();
    out.lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no problem reported in {prefix}:\n{out}"))
}

/// The line and column in a headline.
fn line_col(headline: &str, file: &str) -> (usize, usize) {
    let rest = &headline[headline.find(file).unwrap() + file.len() + 1..];
    let mut parts = rest.splitn(3, ':');
    let line = parts.next().unwrap().parse().unwrap();
    let col = parts.next().unwrap().parse().unwrap();
    (line, col)
}

fn line_number_of(dir: &Path, file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

/// A policy or a game's log dropped into levels/ is named for what it is, with where it
/// belongs, rather than read as a level with an unknown field `name`.
#[test]
fn a_policy_or_a_log_in_levels_is_named_for_what_it_is() {
    let dir = scratch_copy("policy-in-levels");
    std::fs::copy(
        root().join("assets/policies/hawk.ron"),
        dir.join("levels/my_policy.ron"),
    )
    .unwrap();
    std::fs::write(
        dir.join("levels/my_game.ron"),
        "(level: Some(\"sandbox\"), seed: Some(3), moves: [\"hold_course\"])\n",
    )
    .unwrap();
    let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let policy = headline(&out, &dir, "levels/my_policy.ron");
    assert!(
        policy
            .contains("this is a player policy, not a level: a policy goes in a policies/ folder"),
        "{policy}"
    );
    let log = headline(&out, &dir, "levels/my_game.ron");
    assert!(
        log.contains("this is a game's command log, not a level"),
        "{log}"
    );
    assert!(!out.contains("unknown field `name`"), "{out}");
}

/// An unknown key in a map (a disposition misspelt in an analyst's prior or a level's draw, a
/// motive no rule has) is pointed at with the caret on the key itself, not on the field's name
/// some way before it.
#[test]
fn a_maps_unknown_key_is_pointed_at() {
    for (name, file, from, to, key) in [
        (
            "key-prior",
            "assets/rules/pyongyang.ron",
            "prior: {\"builder\": 1.5}",
            "prior: {\"builder\": 1.5, \"opportunst\": 1.0}",
            "\"opportunst\"",
        ),
        (
            "key-motive",
            "assets/rules/pyongyang.ron",
            "\"relief\": 0.15,",
            "\"releif\": 0.15,",
            "\"releif\"",
        ),
        (
            "key-level-draw",
            "levels/2022_seventh_test.ron",
            "\"opportunist\": 0.4, \"security_seeker\": 0.2}",
            "\"opportunist\": 0.4, \"security_seekr\": 0.2}",
            "\"security_seekr\"",
        ),
    ] {
        let (dir, out) = broken(name, file, from, to);
        let h = headline(&out, &dir, file);
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let line = line_number_of(&dir, file, key);
        let col = text.lines().nth(line - 1).unwrap().find(key).unwrap() + 1;
        assert_eq!(line_col(h, file), (line, col), "{name}: at the key: {h}");
    }
}

/// Three slips a newcomer to RON makes, each told in words a modder knows, at the slip:
/// a string left open (ron stumbles only on a later line), a name from a list written in
/// quotes (with the spelling to write, or the list when the name is not on it), and text in
/// single quotes.
#[test]
fn ron_slips_are_named_at_the_slip_in_plain_words() {
    let file = "levels/sandbox.ron";
    let (dir, out) = broken(
        "open-quote",
        file,
        "title: \"Sandbox\",",
        "title: \"Sandbox,",
    );
    let h = headline(&out, &dir, file);
    let line = line_number_of(&dir, file, "title: \"Sandbox,");
    assert_eq!(line_col(h, file), (line, 12), "at the opening quote: {h}");
    assert!(h.contains("this text has no closing quote"), "{h}");
    // The last entry of a list: the next quote comes lines later, past the list's end, and ron
    // stumbles there; the slip is still named at the quote left open.
    let file = "levels/2013_third_test.ron";
    let (dir, out) = broken(
        "open-quote-last-entry",
        file,
        "(var: \"pyongyang.threat\", value: 55),\n    ],",
        "(var: \"pyongyang.threat, value: 55),\n    ],",
    );
    let h = headline(&out, &dir, file);
    let line = line_number_of(&dir, file, "(var: \"pyongyang.threat, value: 55),");
    assert_eq!(line_col(h, file), (line, 15), "at the opening quote: {h}");
    assert!(
        h.contains("start[11].var: this text has no closing quote"),
        "{h}"
    );

    let file = "assets/rules/actions.ron";
    let (dir, out) = broken(
        "quoted-name",
        file,
        "family: ShowOfForce,",
        "family: \"ShowOfForce\",",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("written without quotes, found `\"ShowOfForce\"`: write `ShowOfForce`"),
        "{h}"
    );
    // A name the list does not hold, in quotes: the list, as for an unknown name.
    let (dir, out) = broken(
        "quoted-unknown-name",
        file,
        "family: ShowOfForce,",
        "family: \"Show of force\",",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("written without quotes, found `\"Show of force\"`"),
        "{h}"
    );
    let (dir, out) = broken(
        "quoted-misspelt-name",
        file,
        "family: ShowOfForce,",
        "family: \"ShowsOfForce\",",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("; one of: ShowOfForce, Restraint, BeijingOutreach, DirectDiplomacy"),
        "{h}"
    );

    let (dir, out) = broken(
        "single-quotes",
        file,
        "name: \"Bomber overflight\",",
        "name: 'Bomber overflight',",
    );
    let h = headline(&out, &dir, file);
    assert!(h.contains("expected text in double quotes"), "{h}");
    let line = line_number_of(&dir, file, "'Bomber overflight'");
    assert_eq!(line_col(h, file).0, line, "{h}");
}

/// Three more, which ron names only in its own terms: `=` for a field's colon ("expected
/// colon" at a field named `[6]`), a comma doubled ("expected identifier"), and a `)` too many
/// at the end (once blamed on the level's last discussion question).
#[test]
fn more_ron_slips_are_named_in_plain_words() {
    let file = "levels/sandbox.ron";
    let (dir, out) = broken("equals", file, "    turns: 20,", "    turns = 20,");
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(": turns: a field is written `name: value`, with a colon, not `=`"),
        "{h}"
    );
    let (dir, out) = broken("two-commas", file, "    turns: 20,", "    turns: 20,,");
    let h = headline(&out, &dir, file);
    assert!(h.contains("two commas in a row: remove one"), "{h}");
    let dir = scratch_copy("extra-paren");
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    std::fs::write(dir.join(file), format!("{text})\n")).unwrap();
    let (code, out, _) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("there is more after the file's value has ended") && !h.contains("discussion"),
        "{h}"
    );
}

#[test]
fn syntax_error_points_at_the_line() {
    let file = "assets/rules/actions.ron";
    let (dir, out) = broken(
        "syntax",
        file,
        "name: \"Bomber overflight\",",
        "name: \"Bomber overflight\" family",
    );
    let h = headline(&out, &dir, file);
    let (line, _) = line_col(h, file);
    assert_eq!(
        line,
        line_number_of(&dir, file, "Bomber overflight\" family"),
        "{h}"
    );
    assert!(h.contains("actions[1]"), "names the field: {h}");
    assert!(
        out.contains(" | ") && out.contains('^'),
        "shows the line and a caret: {out}"
    );
}

/// A key written twice in a map (a disposition's motives, a policy's families) is an error at
/// the second one: read silently, the second would replace the first.
#[test]
fn a_key_written_twice_in_a_map_is_named_not_kept_once() {
    let file = "assets/rules/pyongyang.ron";
    let (dir, out) = broken(
        "duplicate-key",
        file,
        r#"motives: {"security": 1.5, "retaliation": 1.3,"#,
        r#"motives: {"security": 1.5, "security": 0.2, "retaliation": 1.3,"#,
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(r#"the key "security" is listed twice in this map; give each key once"#),
        "{h}"
    );
    let (line, col) = line_col(h, file);
    assert_eq!(
        line,
        line_number_of(&dir, file, r#""security": 0.2"#),
        "{h}"
    );
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let at = text.lines().nth(line - 1).unwrap();
    // The caret falls on the second key.
    let key = at.find(r#""security": 0.2"#).unwrap();
    assert!((key..key + 10).contains(&(col - 1)), "{h}\n{at}");
}

/// A policy file whose `families` is misspelt is still read as a policy, by `validate` and by
/// `play --moves`, and told of the misspelt field (it was read as a level, or a log, that
/// lacked every field those have).
#[test]
fn a_policy_with_a_misspelt_field_is_read_as_a_policy() {
    let dir = scratch_dir("policy-misspelt");
    let file = dir.join("mine.ron");
    std::fs::write(&file, "(name: \"mine\", family: {Restraint: 1.0})\n").unwrap();
    let path = file.to_str().unwrap();
    let (code, out, _) = run(&["validate", path]);
    assert_eq!(code, 1, "{out}");
    let want = "1:16: family: unknown field `family` (did you mean `families`?); expected one of: name, families, rules, noise";
    assert!(out.contains(want), "{out}");
    let (code, _, err) = run(&["play", "--level", "sandbox", "--moves", path]);
    assert_ne!(code, 0);
    assert!(
        err.contains(want) || err.contains("did you mean `families`"),
        "{err}"
    );
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let file = "assets/rules/actions.ron";
    let (dir, out) = broken(
        "unknown-field",
        file,
        "cooldown: 2,\n            effects: [\n                Tension(amount: 9",
        "cooldwn: 2,\n            effects: [\n                Tension(amount: 9",
    );
    let h = headline(&out, &dir, file);
    assert!(h.contains("unknown field `cooldwn`"), "{h}");
    assert!(h.contains("did you mean `cooldown`"), "{h}");
    assert_eq!(
        line_col(h, file).0,
        line_number_of(&dir, file, "cooldwn"),
        "{h}"
    );
}

#[test]
fn a_misspelt_field_inside_a_condition_or_an_effect_is_not_ignored() {
    // `Did`, `Tension`, `Later` and `If` have named fields: a typo there must not be dropped
    // (a lost `otherwise` or `at_least` would change the game without a word).
    for (name, file, from, to, typo, right) in [
        (
            "typo-did",
            "assets/rules/events.ron",
            "within: 3, at_least: 2)",
            "within: 3, at_leat: 2)",
            "at_leat",
            "at_least",
        ),
        (
            "typo-if",
            "assets/rules/actions.ron",
            "then: [Add(\"world.talks\", 7)], otherwise:",
            "then: [Add(\"world.talks\", 7)], othrwise:",
            "othrwise",
            "otherwise",
        ),
        (
            "typo-tension",
            "assets/rules/actions.ron",
            "Tension(amount: 8, decay: 1.5)",
            "Tension(amount: 8, decay: 1.5, dcay: 9)",
            "dcay",
            "decay",
        ),
    ] {
        let (dir, out) = broken(name, file, from, to);
        let h = headline(&out, &dir, file);
        assert!(h.contains(&format!("unknown field `{typo}`")), "{h}");
        assert!(h.contains(&format!("did you mean `{right}`")), "{h}");
        assert_eq!(line_col(h, file).0, line_number_of(&dir, file, typo), "{h}");
    }
}

#[test]
fn a_missing_field_is_named_where_it_belongs() {
    // ron reports a missing field at the closing bracket of the value that lacks it; the
    // field named is that value's, not the last one read before the bracket.
    let file = "levels/2013_third_test.ron";
    let (dir, out) = with_turns_line("missing-field", file, "");
    let h = headline(&out, &dir, file);
    assert!(h.contains(": turns: missing field `turns`"), "{h}");
    // The level's last `)` may be far below where the field belongs: the message says where
    // the value begins.
    let opened = std::fs::read_to_string(dir.join(file))
        .unwrap()
        .lines()
        .position(|l| l.starts_with('('))
        .unwrap()
        + 1;
    assert!(
        h.contains(&format!(
            "the value that this `)` closes, opened at line {opened}, has no `turns: ...`"
        )),
        "{h}"
    );

    let dir = scratch_copy("missing-nested-field");
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let objectives = text.find("objectives: [").unwrap();
    let name_at = objectives + text[objectives..].find("name: \"").unwrap();
    let name_end = name_at + text[name_at..].find("\",").unwrap() + 2;
    let without = format!("{}{}", &text[..name_at], &text[name_end..]);
    std::fs::write(dir.join(file), without).unwrap();
    let (code, out, _) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(": objectives[0].name: missing field `name`"),
        "{h}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_reported_at_its_first_bad_byte() {
    let file = "levels/2017_fire_and_fury.ron";
    let dir = scratch_copy("latin1");
    let mut bytes = std::fs::read(dir.join(file)).unwrap();
    // A Latin-1 "é" in the comment on line 3.
    let third = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .unwrap()
        .0;
    bytes.splice(third + 1..third + 1, *b"// caf\xe9\n");
    std::fs::write(dir.join(file), bytes).unwrap();
    let (code, out, _) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let h = headline(&out, &dir, file);
    assert_eq!(line_col(h, file), (3, 7), "{h}");
    assert!(h.contains("0xE9 is not UTF-8"), "{h}");
    // A policy file given by its path: the same, not "unknown policy".
    let policy = dir.join("latin1-policy.ron");
    std::fs::write(&policy, b"(name: \"caf\xe9\", families: {})").unwrap();
    let (code, out, err) = run(&[
        "sim",
        "--level",
        "sandbox",
        "--policy",
        policy.to_str().unwrap(),
        "--runs",
        "5",
    ]);
    assert_ne!(code, 0);
    let all = format!("{out}{err}");
    assert!(
        all.contains(&format!("{}:1:12", policy.display())) && !all.contains("unknown policy"),
        "{all}"
    );
    // A moves file, for `play --moves`: the same.
    let moves = dir.join("latin1-moves.ron");
    std::fs::write(&moves, b"(moves: [\"hold_course\"])\n// caf\xe9\n").unwrap();
    let (code, out, err) = run(&[
        "play",
        "--level",
        "sandbox",
        "--moves",
        moves.to_str().unwrap(),
    ]);
    // The command's input, as a moves file that is not RON is: exit 2 (README).
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains(&format!("{}:2:7", moves.display())),
        "{out}{err}"
    );
    // A file saved as UTF-16 ("Unicode" in some Windows editors) is named as such, at its start.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "(moves: [\"hold_course\"])\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let moves16 = dir.join("utf16-moves.ron");
    std::fs::write(&moves16, utf16).unwrap();
    let (code, out, err) = run(&[
        "play",
        "--level",
        "sandbox",
        "--moves",
        moves16.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains(&format!(
            "{}:1:1: the file is UTF-16 text (it begins with the byte-order mark 0xFF 0xFE); save it as UTF-8",
            moves16.display()
        )),
        "{out}{err}"
    );
    // The same without its byte-order mark: its zero bytes read as control characters, and
    // the message names the encoding, not the first of them.
    let bare: Vec<u8> = "(moves: [\"hold_course\"])\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let bare16 = dir.join("utf16-bare-moves.ron");
    std::fs::write(&bare16, bare).unwrap();
    let (code, out, err) = run(&[
        "play",
        "--level",
        "sandbox",
        "--moves",
        bare16.to_str().unwrap(),
    ]);
    assert_ne!(code, 0, "{out}{err}");
    assert!(
        err.contains("the file looks like UTF-16 text (every other byte is zero)")
            && err.contains("save it as UTF-8"),
        "{out}{err}"
    );
}

#[test]
fn a_rules_file_alone_validates_clean_and_the_shipped_policies_are_checked() {
    // An AI's file has `rules:` as a policy has: its folder, not its look, decides.
    for file in ["assets/rules/pyongyang.ron", "assets/rules/beijing.ron"] {
        let (code, out, err) = run(&["validate", root().join(file).to_str().unwrap()]);
        assert_eq!(code, 0, "{file}: {out}{err}");
    }
    // `validate` of a data folder reads its policies too.
    let file = "assets/policies/hawk.ron";
    let (dir, out) = broken("policy-typo", file, "families:", "familes:");
    let h = headline(&out, &dir, file);
    assert!(h.contains("unknown field `familes`"), "{h}");
    // And a folder holding `rules/` and `policies/` is read a level down.
    let (code, out, _) = run(&["validate", dir.join("assets").to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("familes"), "{out}");
}

#[test]
fn a_fraction_or_a_negative_where_a_whole_number_goes_says_so() {
    let file = "levels/2017_fire_and_fury.ron";
    for (name, value, says) in [
        (
            "fraction",
            "10.5",
            "expected a whole number here, with no decimal point",
        ),
        (
            "negative",
            "-3",
            "this field takes a whole number that is not negative",
        ),
        (
            "huge",
            "99999999999",
            "the whole number is too large for this field, found `99999999999`: a level has 1 to 60 turns",
        ),
        (
            "exponent",
            "1e3",
            "expected a whole number written in digits alone, found `1e3`: write `1000`",
        ),
    ] {
        let (dir, out) = with_turns_line(name, file, &format!("    turns: {value},"));
        let h = headline(&out, &dir, file);
        assert!(h.contains("turns") && h.contains(says), "{h}");
        if name == "exponent" {
            assert_eq!(line_col(h, file).1, 12, "{h}");
        }
        if name == "negative" || name == "fraction" {
            // The caret is on the number's first character, and the message quotes it.
            assert_eq!(line_col(h, file).1, 12, "{h}");
            assert!(h.ends_with(&format!(", found `{value}`")), "{h}");
        }
    }
}

/// A `within` too large for the number it is read into gets the range its check gives.
#[test]
fn a_huge_within_is_told_its_range() {
    let file = "assets/rules/pyongyang.ron";
    let (dir, out) = broken(
        "huge-within",
        file,
        "Did(who: \"player\", tag: \"ultimatum\", within: 1)",
        "Did(who: \"player\", tag: \"ultimatum\", within: 99999999999)",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("within: the whole number is too large for this field, found `99999999999`: `within` looks back 1 to 8 turns"),
        "{h}"
    );
}

/// `turns: 16;`: a semicolon where the comma belongs, which ron calls only "expected comma".
#[test]
fn a_semicolon_where_a_comma_belongs_is_named() {
    let file = "levels/2017_fire_and_fury.ron";
    let (dir, out) = with_turns_line("semicolon", file, "    turns: 16;");
    let h = headline(&out, &dir, file);
    let line = line_number_of(&dir, file, "turns: 16;");
    assert_eq!(line_col(h, file), (line, 14), "{h}");
    assert!(
        h.contains("turns: expected a comma, found `;`: RON separates values with commas"),
        "{h}"
    );
}

/// `chance: 15%`: a percentage written as one; the message says how to write a share.
#[test]
fn a_percent_sign_is_told_to_be_a_fraction() {
    let file = "levels/2017_fire_and_fury.ron";
    let (dir, out) = with_turns_line("percent", file, "    turns: 15%,");
    let h = headline(&out, &dir, file);
    let line = line_number_of(&dir, file, "turns: 15%");
    assert_eq!(line_col(h, file), (line, 14), "{h}");
    assert!(
        h.contains("expected a comma between values, found `%`: write a percentage as a fraction, 0.15 for 15%"),
        "{h}"
    );
}

/// `weight: 0x10`: a hexadecimal number where a fractional one belongs reads, to ron, as `0`
/// and a stray `x10`; the message says which number was meant and how to write it.
#[test]
fn a_hexadecimal_number_where_a_fraction_goes_is_told_in_decimal() {
    let file = "assets/rules/beijing.ron";
    let (dir, out) = broken(
        "hex-weight",
        file,
        "response: \"stand_aside\", weight: 1.0,",
        "response: \"stand_aside\", weight: 0x10,",
    );
    let h = headline(&out, &dir, file);
    let line = line_number_of(&dir, file, "weight: 0x10");
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let col = text.lines().nth(line - 1).unwrap().find("0x10").unwrap() + 1;
    assert_eq!(line_col(h, file), (line, col), "{h}");
    assert!(
        h.contains("rules[0].weight: this field takes a number that may have a fraction, written in decimal digits, found `0x10` (hexadecimal): write `16`"),
        "{h}"
    );
    // A whole-number field reads `0x10` as 16, as RON allows: no problem there.
    let (_dir, code, out) = validated_with_turns_line(
        "hex-turns",
        "levels/2017_fire_and_fury.ron",
        "    turns: 0x10,",
    );
    assert_eq!(code, 0, "{out}");
}

/// A comma left out at the end of a line: ron notices it at the next field, on the next line;
/// the problem is reported where the comma belongs, at the field that lacks it.
#[test]
fn a_missing_comma_is_reported_at_the_end_of_the_line_that_lacks_it() {
    let file = "levels/2017_fire_and_fury.ron";
    let (dir, out) = with_turns_line("no-comma", file, "    turns: 16 // the months of 2017");
    let h = headline(&out, &dir, file);
    let line = line_number_of(&dir, file, "turns: 16 //");
    assert_eq!(line_col(h, file), (line, 14), "{h}");
    assert!(
        h.contains("turns: expected a comma after this value, at the end of its line"),
        "{h}"
    );
}

/// A comma left out between two values on one line (`Add(..) Add(..)`): ron stops just after the
/// first and names only a comma inside it; the problem is reported where the comma belongs,
/// at the value before it, naming the one after.
#[test]
fn a_comma_left_out_between_two_values_on_a_line_is_reported_after_the_first() {
    let file = "assets/rules/actions.ron";
    let (dir, out) = broken(
        "no-comma-inline",
        file,
        "Add(\"pyongyang.grievance\", 10), Add(\"pyongyang.trust\", -3)",
        "Add(\"pyongyang.grievance\", 10) Add(\"pyongyang.trust\", -3)",
    );
    let h = headline(&out, &dir, file);
    let line = line_number_of(&dir, file, "10) Add(");
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let col = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("10) Add(")
        .unwrap()
        + 4;
    assert_eq!(line_col(h, file), (line, col), "{h}");
    assert!(
        h.ends_with(
            "actions[0].effects[3].Add: expected a comma after this value, before the next one (`Add(..)`)"
        ),
        "{h}"
    );
}

/// A comma left out between two entries of a list, each on its own line: reported where the
/// comma belongs whatever the next line holds (a longer next line once read a field name out of
/// it, at the column of the line before, and told the modder to close a list that was closed).
/// And a quote left open, which ron reads on to the next string's opening quote and stumbles
/// only a line or two later: reported at the quote left open.
#[test]
fn a_comma_left_out_between_entries_is_reported_at_the_entry_that_lacks_it() {
    let file = "levels/first_test_2006.ron";
    let level = |start: &str, tension: &str, objectives: &str| {
        format!(
            "(id: \"first_test_2006\", title: \"T\", years: \"2006\", summary: \"s\", briefing: [\"b\"],
 calendar: (start: (2006, 9, 25), days_per_turn: 14), turns: 10, beijing_stance: BacksSanctions,
 start: [
{start}
 ],
 tension: [
{tension}
 ],
 objectives: [
{objectives}
 ])
"
        )
    };
    let start_ok = "        (var: \"world.talks\", value: 5),\n        (var: \"beijing.dprk_ties\", value: 60),";
    let tension_ok = "        (label: \"The test\", amount: 10, decay: 1),\n        (label: \"The resolution debate\", amount: 5, decay: 1),";
    let objectives_ok = "        (id: \"w\", name: \"w\", kind: Win, check: AtEnd, when: [RungBelow(\"signals\")]),\n        (id: \"l\", name: \"a long name for a loss\", kind: Loss, check: Anytime, when: [AtLeast(\"tension\", 90)]),";
    let no_comma = |list: &str| list.replacen("),\n", ")\n", 1);
    // Each names the entry the comma belongs after, not the last field read inside it.
    for (name, text, wanted_line, entry) in [
        (
            "start",
            level(&no_comma(start_ok), tension_ok, objectives_ok),
            4,
            "start[0]",
        ),
        (
            "tension",
            level(start_ok, &no_comma(tension_ok), objectives_ok),
            8,
            "tension[0]",
        ),
        (
            "objectives",
            level(start_ok, tension_ok, &no_comma(objectives_ok)),
            12,
            "objectives[0]",
        ),
    ] {
        let dir = scratch_copy(&format!("no-comma-{name}"));
        std::fs::write(dir.join(file), &text).unwrap();
        let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
        assert_eq!(code, 1, "{name}: {out}{err}");
        let h = headline(&out, &dir, file);
        assert!(
            h.contains(&format!(
                "{entry}: expected a comma after this value, at the end of its line"
            )),
            "{name}: {h}"
        );
        let first_entry = text.lines().nth(wanted_line - 1).unwrap();
        assert_eq!(
            line_col(h, file),
            (wanted_line, first_entry.chars().count() + 1),
            "{name}: just after the entry: {h}"
        );
    }
    // A quote left open two lines above where ron stumbles.
    let open_quote = start_ok.replacen("\"world.talks\"", "\"world.talks", 1);
    let dir = scratch_copy("open-quote-two-lines");
    std::fs::write(
        dir.join(file),
        level(&open_quote, tension_ok, objectives_ok),
    )
    .unwrap();
    let (code, out, _) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let h = headline(&out, &dir, file);
    assert!(h.contains("this text has no closing quote"), "{h}");
    assert_eq!(line_col(h, file), (4, 15), "at the quote left open: {h}");
}

/// A level's `turns` out of range is one problem, not one more for every dated entry (its
/// script, history and objectives are checked against the most turns a level may have).
#[test]
fn turns_out_of_range_is_one_problem_not_a_cascade() {
    let file = "levels/2013_third_test.ron";
    let (dir, out) = with_turns_line("zero-turns", file, "    turns: 0,");
    let prefix = dir.join(file).display().to_string();
    let problems: Vec<&str> = out.lines().filter(|l| l.starts_with(&prefix)).collect();
    assert_eq!(problems.len(), 1, "{out}");
    assert!(
        problems[0].contains("turns must be between 1 and 60, found 0"),
        "{out}"
    );
    // At the number, not at the field's name.
    assert_eq!(
        line_col(problems[0], file).1,
        "    turns: ".len() + 1,
        "{out}"
    );
}

/// The slips of a modder new to RON, each told in the guide's words with what to do: a number
/// in quotes, yes for true, a word without quotes, curly quotes from a word processor, and a
/// `#` comment.
#[test]
fn a_newcomers_slips_say_what_to_write_instead() {
    let file = "levels/sandbox.ron";
    for (name, from, to, says) in [
        (
            "quoted-float",
            "decay: 1",
            "decay: \"1.5\"",
            "expected a number, found `\"1.5\"`: write the number without quotes",
        ),
        (
            "bare-word",
            "title: \"Sandbox\"",
            "title: Sandbox",
            "expected text in double quotes (`\"...\"`), found `Sandbox`: put the text in double quotes",
        ),
        (
            "curly-quotes",
            "title: \"Sandbox\"",
            "title: \u{201c}Sandbox\u{201d}",
            "these are curly quotes; use straight ones",
        ),
        (
            "hash-comment",
            "    turns: 20,",
            "    # twenty turns\n    turns: 20,",
            "a comment starts with `//`; `#` does not begin one in RON",
        ),
    ] {
        let (dir, out) = broken(name, file, from, to);
        let h = headline(&out, &dir, file);
        assert!(h.contains(says), "{name}: {h}");
    }
}

/// A `#` comment between two fields is named in the value whose fields they are, not as a
/// numbered element (`[8]`) of it: at the top of a level, no field at all; inside an objective,
/// that objective.
#[test]
fn a_hash_comment_between_fields_names_the_value_it_sits_in() {
    let file = "levels/sandbox.ron";
    let (dir, out) = broken(
        "hash-between-fields",
        file,
        "    turns: 20,",
        "    turns: 20,\n    # the level's length",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.ends_with(": a comment starts with `//`; `#` does not begin one in RON"),
        "{h}"
    );
    assert!(!h.contains('['), "no numbered element: {h}");
    assert_eq!(
        line_col(h, file).0,
        line_number_of(&dir, file, "turns: 20,") + 1,
        "{h}"
    );
    let file = "assets/rules/actions.ron";
    let (dir, out) = broken(
        "hash-in-an-action",
        file,
        "misreading: (chance: 0.15,",
        "misreading: (chance: 0.15, # often\n",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(": actions[0].misreading: a comment starts with `//`"),
        "{h}"
    );
}

#[test]
fn wrong_type_says_what_was_expected() {
    let file = "levels/2017_fire_and_fury.ron";
    let (dir, out) = with_turns_line("wrong-type", file, "    turns: \"sixteen\",");
    let h = headline(&out, &dir, file);
    assert!(h.contains("turns"), "names the field: {h}");
    assert!(
        h.contains("expected a whole number, found `\"sixteen\"`: write the number without quotes"),
        "says what was expected and what was found: {h}"
    );
    // `    turns: "sixteen",`: the caret is on the value (column 12), not the space before it.
    assert_eq!(line_col(h, file).1, 12, "{h}");
}

#[test]
fn out_of_range_number_is_reported_with_its_range() {
    let file = "assets/rules/actions.ron";
    let (dir, out) = broken(
        "range",
        file,
        "misreading: (chance: 0.15,",
        "misreading: (chance: 1.5,",
    );
    let h = headline(&out, &dir, file);
    assert!(h.contains("actions[0].misreading.chance"), "{h}");
    assert!(h.contains("between 0 and 1"), "{h}");
    assert_eq!(
        line_col(h, file).0,
        line_number_of(&dir, file, "chance: 1.5"),
        "{h}"
    );
}

/// NaN compares false with everything, so a NaN threshold would make a condition silently
/// never hold (an objective nobody can meet): it is refused, at its place.
#[test]
fn a_threshold_that_is_not_a_number_is_refused() {
    let file = "levels/2013_third_test.ron";
    let (dir, out) = broken(
        "nan_threshold",
        file,
        "AtLeast(\"world.nuclear_tests\", 4)",
        "AtLeast(\"world.nuclear_tests\", NaN)",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(".AtLeast[1]: a threshold must be a finite number, found NaN"),
        "{h}"
    );
    assert_eq!(
        line_col(h, file).0,
        line_number_of(&dir, file, "world.nuclear_tests\", NaN"),
        "{h}"
    );
}

#[test]
fn duplicate_id_names_the_first_use() {
    let file = "assets/rules/actions.ron";
    let (dir, out) = broken(
        "duplicate",
        file,
        "id: \"bomber_overflight\"",
        "id: \"joint_air_drills\"",
    );
    let h = headline(&out, &dir, file);
    assert!(h.contains("actions[1].id"), "{h}");
    assert!(h.contains("duplicate id \"joint_air_drills\""), "{h}");
    assert!(h.contains("actions[0]"), "{h}");
}

#[test]
fn missing_variable_reference_suggests_a_close_one() {
    let file = "assets/rules/pyongyang.ron";
    let (dir, out) = broken(
        "missing-var",
        file,
        "factors: [(\"pyongyang.threat\", 0.012)]",
        "factors: [(\"pyongyang.threats\", 0.012)]",
    );
    let h = headline(&out, &dir, file);
    assert!(h.contains("unknown variable \"pyongyang.threats\""), "{h}");
    assert!(h.contains("did you mean `pyongyang.threat`"), "{h}");
    assert!(h.contains("rules[") && h.contains("factors[0]"), "{h}");
    // A level's start value: at the name written, as for an unknown action, not at `var:`.
    let file = "levels/2013_third_test.ron";
    let wrong = "(var: \"pyongyang.threatt\", value: 55),";
    let (dir, out) = broken(
        "missing-start-var",
        file,
        "(var: \"pyongyang.threat\", value: 55),",
        wrong,
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(".var: unknown variable \"pyongyang.threatt\""),
        "{h}"
    );
    let line = line_number_of(&dir, file, wrong);
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let col = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("\"pyongyang.threatt")
        .unwrap()
        + 1;
    assert_eq!(line_col(h, file), (line, col), "at the name: {h}");
}

/// A variable written without its actor (`talks`, `approval`) is named in full: every actor's
/// that has one.
#[test]
fn a_variable_without_its_actor_is_named_in_full() {
    let file = "assets/rules/pyongyang.ron";
    for (bare, meant) in [
        ("talks", "did you mean `world.talks`?"),
        (
            "approval",
            "did you mean `washington.approval` or `seoul.approval`?",
        ),
    ] {
        let (dir, out) = broken(
            &format!("bare-var-{bare}"),
            file,
            "factors: [(\"pyongyang.threat\", 0.012)]",
            &format!("factors: [(\"{bare}\", 0.012)]"),
        );
        let h = headline(&out, &dir, file);
        assert!(
            h.contains(&format!("unknown variable \"{bare}\" ({meant})")),
            "{h}"
        );
    }
}

#[test]
fn missing_response_reference_in_a_rule() {
    let file = "assets/rules/beijing.ron";
    let (dir, out) = broken(
        "missing-response",
        file,
        "response: \"host_talks\"",
        "response: \"host_talk\"",
    );
    let h = headline(&out, &dir, file);
    assert!(h.contains("unknown response \"host_talk\""), "{h}");
    assert!(h.contains("did you mean `host_talks`"), "{h}");
}

#[test]
fn missing_action_reference_in_a_level_script() {
    let file = "levels/2017_fire_and_fury.ron";
    let (dir, out) = broken(
        "missing-action",
        file,
        "action: \"public_ultimatum\"",
        "action: \"public_ultimatm\"",
    );
    let h = headline(&out, &dir, file);
    assert!(h.contains("unknown action \"public_ultimatm\""), "{h}");
    assert!(h.contains("did you mean `public_ultimatum`"), "{h}");
    assert!(h.contains("script["), "{h}");
}

/// A scripted move wrong in both its turn and its action is told both at once, each at its
/// own field, not the action only after the turn is mended.
#[test]
fn a_script_entry_wrong_twice_is_told_both() {
    let file = "levels/2017_fire_and_fury.ron";
    let (_dir, out) = broken(
        "script-twice",
        file,
        "(turn: 2, action: \"joint_air_drills\",",
        "(turn: 99, action: \"joint_air_drils\",",
    );
    assert!(
        out.contains("script[0].turn: turn must be between 1 and 16"),
        "{out}"
    );
    assert!(
        out.contains(
            "script[0].action: unknown action \"joint_air_drils\" (did you mean `joint_air_drills`"
        ),
        "{out}"
    );
}

#[test]
fn every_problem_of_a_file_at_once() {
    let file = "assets/rules/beijing.ron";
    let dir = scratch_copy("many");
    edit(
        &dir.join(file),
        "response: \"host_talks\"",
        "response: \"host_talk\"",
    );
    edit(
        &dir.join(file),
        "(\"beijing.suspicion\", 0.015)",
        "(\"beijing.suspicions\", 0.015)",
    );
    let (code, out, _) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("host_talk\"") && out.contains("beijing.suspicions"),
        "{out}"
    );
    assert!(out.contains("2 problem(s)"), "{out}");
}

#[test]
fn a_level_file_alone_is_checked_against_the_rules() {
    let dir = scratch_copy("single-level");
    let file = dir.join("levels/2018_the_thaw.ron");
    edit(
        &file,
        "beijing_stance: BacksSanctions",
        "beijing_stance: BacksSanctons",
    );
    let (code, out, _) = run(&["validate", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("did you mean `BacksSanctions`"), "{out}");
    let (code, out, _) = run(&["validate", "levels/2013_third_test.ron"]);
    assert_eq!(code, 0, "{out}");
}

/// `peninsula validate levels/my_level.ron --data DIR`, run from another folder, finds the file
/// in the data folder (a modder working in a copy got "no such file or folder").
#[test]
fn a_relative_path_to_validate_is_found_in_the_data_folder_too() {
    let dir = scratch_copy("validate-relative");
    let text = std::fs::read_to_string(dir.join("levels/sandbox.ron")).unwrap();
    let mine = text.replacen("id: \"sandbox\"", "id: \"zz_my_level\"", 1);
    assert_ne!(mine, text);
    std::fs::write(
        dir.join("levels/zz_my_level.ron"),
        mine.replacen("turns:", "turns: turns:", 1),
    )
    .unwrap();
    // Run from the repository, where levels/zz_my_level.ron does not exist.
    let (code, out, err) = run(&[
        "validate",
        "--data",
        dir.to_str().unwrap(),
        "levels/zz_my_level.ron",
    ]);
    assert_eq!(code, 1, "found and checked: {out}{err}");
    assert!(out.contains("zz_my_level.ron:"), "{out}");
    let (code, _, err) = run(&[
        "validate",
        "--data",
        dir.to_str().unwrap(),
        "levels/no_such_level.ron",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "levels/no_such_level.ron: no such file or folder (here or in the data folder "
        ),
        "{err}"
    );
}

#[test]
fn play_and_sim_report_broken_rules_without_panicking() {
    let file = "assets/rules/events.ron";
    let dir = scratch_copy("broken-play");
    edit(
        &dir.join(file),
        "(id: \"border_incident\"",
        "(idd: \"border_incident\"",
    );
    for args in [
        vec!["play", "--level", "sandbox", "--moves", "historical"],
        vec![
            "sim", "--level", "sandbox", "--policy", "dove", "--runs", "10",
        ],
    ] {
        let mut full = args.clone();
        full.extend(["--data", dir.to_str().unwrap()]);
        let (code, out, err) = run(&full);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            err.contains(&format!("{}:", dir.join(file).display())),
            "{err}"
        );
    }
}

#[test]
fn a_broken_level_leaves_the_others_playable() {
    let dir = scratch_copy("broken-level");
    edit(
        &dir.join("levels/2013_third_test.ron"),
        "turns:",
        "turns: turns:",
    );
    let (code, out, _) = run(&["levels", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .any(|l| l.starts_with("2013_third_test") && l.contains("broken")),
        "{out}"
    );
    let (code, _, err) = run(&[
        "play",
        "--level",
        "2018_the_thaw",
        "--moves",
        "historical",
        "--data",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_broken_policy_file_is_reported_with_its_place() {
    let dir = scratch_copy("policy");
    let file = dir.join("my_policy.ron");
    std::fs::write(
        &file,
        "(\n    name: \"mine\",\n    families: {ShowOfForce: 1.0},\n    rules: [(action: \"carrier_deploy\", weight: 2.0)],\n)\n",
    )
    .unwrap();
    let (code, out, err) = run(&[
        "sim",
        "--level",
        "sandbox",
        "--policy",
        file.to_str().unwrap(),
        "--runs",
        "5",
        "--data",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    // A problem is an error: it goes to standard error, not into the command's output.
    assert!(out.is_empty(), "{out}");
    let h = headline(&err, &dir, "my_policy.ron");
    assert_eq!(line_col(h, "my_policy.ron").0, 4, "{h}");
    assert!(h.contains("rules[0].action"), "{h}");
    assert!(h.contains("did you mean `carrier_deployment`"), "{h}");
}

/// A policy's scores and noise must be numbers in range: a NaN score or a negative noise made
/// the policy hold course every turn without a word.
#[test]
fn a_policy_with_a_nan_score_or_negative_noise_is_refused() {
    let dir = scratch_copy("policy_nan");
    let file = dir.join("nan_policy.ron");
    std::fs::write(
        &file,
        "(\n    families: {ShowOfForce: NaN},\n    noise: -5,\n    rules: [(action: \"hold_course\", weight: 1e300)],\n)\n",
    )
    .unwrap();
    let (code, out, err) = run(&[
        "validate",
        file.to_str().unwrap(),
        "--data",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    let text = std::fs::read_to_string(&file).unwrap();
    for (line, want, value) in [
        (
            2,
            "families.ShowOfForce: a family's score must be between -1000 and 1000, found NaN",
            "NaN",
        ),
        (3, "noise: noise must be between 0 and 1000, found -5", "-5"),
        (
            4,
            "rules[0].weight: a rule's weight must be between -1000 and 1000, found infinity (`inf`, or a number past the most a value holds, about 3.4e38)",
            "1e300",
        ),
    ] {
        let h = out
            .lines()
            .find(|l| l.contains(want))
            .unwrap_or_else(|| panic!("no {want:?} in:\n{out}"));
        let (at_line, col) = line_col(h, "nan_policy.ron");
        assert_eq!(at_line, line, "{h}");
        // The caret is on the number, not on its field's name.
        let here: String = text
            .lines()
            .nth(line - 1)
            .unwrap()
            .chars()
            .skip(col - 1)
            .collect();
        assert!(here.starts_with(value), "{h}: {here}");
    }
}

#[test]
fn an_ai_with_too_many_factors_or_a_guarded_fallback_is_rejected() {
    let file = "assets/rules/beijing.ron";
    let (dir, out) = broken(
        "factors",
        file,
        "factors: [(\"beijing.suspicion\", 0.015), (\"world.proximity\", 0.01)],",
        "factors: [(\"beijing.suspicion\", 0.015), (\"world.proximity\", 0.01), (\"tension\", 0.01), (\"turn\", 0.01), (\"beijing.pressure\", 0.01)],",
    );
    assert!(
        headline(&out, &dir, file).contains("at most 4 factors, found 5"),
        "{out}"
    );
    let (dir, out) = broken(
        "fallback",
        file,
        "news: \"Beijing's foreign ministry says it is following events closely.\",",
        "news: \"Beijing's foreign ministry says it is following events closely.\", requires: [AtLeast(\"tension\", 10)],",
    );
    assert!(
        headline(&out, &dir, file).contains("responses[0].requires"),
        "{out}"
    );
}

#[test]
fn an_impossible_start_date_is_rejected() {
    let file = "levels/2013_third_test.ron";
    let (dir, out) = broken("date", file, "start: (2013, 1, 7)", "start: (2013, 2, 30)");
    assert!(
        headline(&out, &dir, file).contains("not a date: (2013, 2, 30)"),
        "{out}"
    );
    // A real date, but past the years the calendar takes: the range is named.
    let (dir, out) = broken("year", file, "start: (2013, 1, 7)", "start: (9999, 12, 31)");
    assert!(
        headline(&out, &dir, file)
            .contains("the year must be between 1900 and 2200, found (9999, 12, 31)"),
        "{out}"
    );
}

#[test]
fn a_folder_without_ron_files_is_not_called_clean() {
    let (code, _, err) = run(&["validate", "src"]);
    assert_eq!(code, 2);
    assert!(err.contains("no RON files found in src"), "{err}");
}

/// A huge number of turns is reported with its place before anything is sized by it (it used
/// to allocate 4 billion script slots and abort).
#[test]
fn a_level_with_four_billion_turns_is_an_error_not_an_abort() {
    let file = "levels/2017_fire_and_fury.ron";
    let (dir, out) = broken(
        "huge-turns",
        file,
        "    turns: 16,",
        "    turns: 4000000000,",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("turns: turns must be between 1 and 60, found 4000000000"),
        "{h}"
    );
    assert_eq!(
        line_col(h, file).0,
        line_number_of(&dir, file, "turns: 4000000000")
    );
}

#[test]
fn an_oversized_file_and_a_deeply_nested_value_are_refused_with_their_place() {
    let file = "levels/sandbox.ron";
    let dir = scratch_copy("oversized");
    let path = dir.join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&format!("\n// {}\n", "x".repeat(1 << 20)));
    std::fs::write(&path, text).unwrap();
    let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("data files may be at most 1048576 bytes"),
        "{out}"
    );

    let deep = format!(
        "{}AtMost(\"washington.approval\", 15){}",
        "Not(".repeat(100),
        ")".repeat(100)
    );
    let (dir, out) = broken(
        "nested",
        file,
        "when: [AtMost(\"washington.approval\", 15)]",
        &format!("when: [{deep}]"),
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("nested more than 64 levels deep here (the reader counts each bracket and each variant, so a `Not(..)` is two)"),
        "{h}"
    );
}

/// More than 10,000 entries of one kind are refused by name, not compiled.
#[test]
fn more_than_ten_thousand_entries_of_one_kind_are_refused() {
    let file = "levels/sandbox.ron";
    // The sandbox's own questions, one a line in its `discussion` list, are counted too.
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let own = text[text.find("    discussion: [").unwrap()..]
        .lines()
        .skip(1)
        .take_while(|l| l.trim() != "],")
        .filter(|l| l.trim_start().starts_with('"'))
        .count();
    let many = "\"?\", ".repeat(10_001);
    let (dir, out) = broken(
        "many-entries",
        file,
        "    discussion: [",
        &format!("    discussion: [{many}"),
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(&format!(
            "discussion: at most 10000 entries of one kind, found {}",
            10_001 + own
        )),
        "{h}"
    );
}

#[test]
fn validate_json_prints_one_object_per_problem_for_editors() {
    let file = "assets/rules/actions.ron";
    let dir = scratch_copy("json");
    edit(&dir.join(file), "family: Restraint,", "family: Restrain,");
    edit(
        &dir.join("levels/sandbox.ron"),
        "    turns: 20,",
        "    turns: 0,",
    );
    let (code, out, err) = run(&["validate", "--json", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let objects: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect();
    assert!(!objects.is_empty());
    for o in &objects {
        for key in ["file", "line", "column", "field", "message", "severity"] {
            assert!(o.get(key).is_some(), "{key} missing in {o}");
        }
    }
    let restrain = objects
        .iter()
        .find(|o| o["file"].as_str().unwrap().ends_with(file))
        .expect("the actions problem");
    assert_eq!(
        restrain["line"].as_u64().unwrap() as usize,
        line_number_of(&dir, file, "family: Restrain,")
    );
    assert_eq!(restrain["severity"], "error");
    assert!(
        err.contains("problem(s) in"),
        "the summary goes to stderr: {err}"
    );
}

/// A difficulty's starting change is added to a variable for the whole game: NaN there would
/// make every cost of that variable "payable" (NaN compares false), so "Hard" would mean
/// unlimited capital. It is refused at its place, as every other number is.
#[test]
fn a_difficulty_or_team_weight_that_is_not_a_number_is_refused() {
    let file = "assets/rules/advisors.ron";
    let (dir, out) = broken(
        "nan_difficulty",
        file,
        "(\"washington.capital\", -20)",
        "(\"washington.capital\", NaN)",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(".start[0][1]: a change must be between -100 and 100, found NaN"),
        "{h}"
    );
    assert_eq!(
        line_col(h, file).0,
        line_number_of(&dir, file, "\"washington.capital\", NaN"),
        "{h}"
    );
    let (dir, out) = broken(
        "inf_team_weight",
        file,
        "(\"washington.credibility\", 1)",
        "(\"washington.credibility\", 1e30)",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("teams[0].score[0][1]: a weight must be between 0 and 100"),
        "{h}"
    );
}

/// A difficulty's spread draws where each game opens: on a flag (on or off) it has no range to
/// spread over, on a hidden variable the forecast would give the draw away, and past 50 it
/// would make the level another. Each is refused at its place, saying what it takes.
#[test]
fn a_spread_on_a_flag_a_hidden_variable_or_too_wide_is_refused_at_its_place() {
    let file = "assets/rules/advisors.ron";
    let cases = [
        (
            "spread_flag",
            "(\"pyongyang.trust\", 5)",
            "(\"world.hotline\", 1)",
            ".spread[0]: \"world.hotline\" is a flag, on or off",
        ),
        (
            "spread_hidden",
            "(\"pyongyang.trust\", 5)",
            "(\"pyongyang.lull\", 1)",
            ".spread[0]: \"pyongyang.lull\" is hidden from the player",
        ),
        (
            "spread_wide",
            "(\"pyongyang.trust\", 5)",
            "(\"pyongyang.trust\", 60)",
            ".spread[0][1]: a spread must be between 0 and 50, found 60",
        ),
    ];
    for (name, from, to, said) in cases {
        let (dir, out) = broken(name, file, from, to);
        let h = headline(&out, &dir, file);
        assert!(h.contains(said), "{name}: {h}");
        let needle = to.split(',').next().unwrap();
        assert_eq!(
            line_col(h, file).0,
            line_number_of(&dir, file, needle),
            "{name}: at its line: {h}"
        );
    }
}

/// Text the player reads must be there: an empty name shows as a gap ("Pyongyang: " and
/// nothing after it), and a dated entry needs a real date and a source.
#[test]
fn an_empty_name_a_missing_source_or_an_impossible_date_is_refused() {
    let cases = [
        (
            "assets/rules/pyongyang.ron",
            "name: \"Nuclear test\"",
            "name: \"\"",
            "responses[",
            "a response's name must not be empty",
        ),
        (
            "levels/2018_the_thaw.ron",
            "title: \"The Thaw\"",
            "title: \" \"",
            "title",
            "the title must not be empty",
        ),
        (
            "levels/2013_third_test.ron",
            "date: \"2013-02-12\"",
            "date: \"2013-13-45\"",
            "date",
            "not a date: \"2013-13-45\" (year-month-day, month 01 to 12, a day that month has)",
        ),
        (
            "levels/2013_third_test.ron",
            "date: \"2013-02-12\"",
            "date: \"12 Feb 2013\"",
            "date",
            "expected a date as \"YYYY-MM-DD\", found \"12 Feb 2013\"",
        ),
    ];
    for (i, (file, from, to, field, message)) in cases.into_iter().enumerate() {
        let (dir, out) = broken(&format!("empty_text_{i}"), file, from, to);
        let h = headline(&out, &dir, file);
        assert!(h.contains(field) && h.contains(message), "{h}");
        assert_eq!(line_col(h, file).0, line_number_of(&dir, file, to), "{h}");
    }
}

/// Two starting values for one variable: the second would silently win over the first.
#[test]
fn a_variable_started_twice_is_refused() {
    let file = "levels/2018_the_thaw.ron";
    let (dir, out) = broken(
        "started_twice",
        file,
        "start: [\n",
        "start: [\n        (var: \"world.nuclear_tests\", value: 2, source: \"twice\"),\n",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("start[1].var") && h.contains("set twice (first by start[0])"),
        "{h}"
    );
}

/// A copy of a rules file outside `assets/rules/` is checked as the rules file its name says,
/// with the data folder's other rules: its own problem is named, not mistaken for a policy's
/// or a level's.
#[test]
fn a_rules_file_outside_its_folder_is_checked_as_a_rules_file() {
    let dir = scratch_dir("loose_rules");
    let copy = dir.join("pyongyang.ron");
    std::fs::copy(root().join("assets/rules/pyongyang.ron"), &copy).unwrap();
    let (code, out, err) = run(&[
        "validate",
        "--data",
        root().to_str().unwrap(),
        copy.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "an unchanged copy validates clean: {out}{err}");
    edit(&copy, "noise: 0.7", "noise: NaN");
    let (code, out, _) = run(&[
        "validate",
        "--data",
        root().to_str().unwrap(),
        copy.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}");
    let h = headline(&out, &dir, "pyongyang.ron");
    assert!(
        h.contains("noise: noise must be between 0 and 100, found NaN"),
        "{h}"
    );
    assert!(
        !out.contains("unknown field `actor`"),
        "not read as a policy: {out}"
    );
}

/// A loose policy that names an action only one level offers validates as `sim` plays it: on
/// that level, with a warning for the levels it cannot play, not an error.
#[test]
fn a_loose_policy_naming_one_levels_action_is_a_warning_not_an_error() {
    let dir = scratch_dir("loose_policy");
    let file = dir.join("thaad.ron");
    std::fs::write(
        &file,
        "(families: {ShowOfForce: 1}, rules: [(action: \"thaad_deployment\", weight: 5)])\n",
    )
    .unwrap();
    let (code, out, err) = run(&[
        "validate",
        "--data",
        root().to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("warning: this policy names what only 2017_fire_and_fury offers"),
        "{out}"
    );
    let (code, _, err) = run(&[
        "sim",
        "--level",
        "2017_fire_and_fury",
        "--policy",
        file.to_str().unwrap(),
        "--runs",
        "20",
    ]);
    assert_eq!(code, 0, "{err}");
}

/// A forecast asked for billions of worlds is refused with the limit, not an abort for want
/// of memory.
#[test]
fn a_forecast_of_too_many_worlds_is_refused_with_the_limit() {
    let (code, _, err) = run(&[
        "forecast",
        "--level",
        "2018_the_thaw",
        "--rollouts",
        "4294967295",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not in 1..=100000"), "{err}");
    assert!(!err.contains("memory allocation"), "{err}");
}

#[test]
fn a_data_folder_is_warned_of_files_it_skips_and_built_in_policies_it_lacks() {
    let dir = scratch_copy("data-folder-gaps");
    std::fs::write(dir.join("levels/notes.txt"), "my notes").unwrap();
    std::fs::copy(
        dir.join("levels/sandbox.ron"),
        dir.join("levels/Sandbox2.RON"),
    )
    .unwrap();
    std::fs::create_dir(dir.join("assets/rules/old")).unwrap();
    std::fs::remove_file(dir.join("assets/policies/balanced.ron")).unwrap();
    std::fs::write(dir.join("levels/.notes.swp"), "an editor's").unwrap();
    let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
    // Warnings: the game still plays, so `validate` passes unless warnings are denied.
    assert_eq!(code, 0, "{out}{err}");
    let at = |rel: &str| format!("{}:1:1: ", dir.join(rel).display());
    for (file, says) in [
        ("levels/notes.txt", "a file the game does not read"),
        (
            "levels/Sandbox2.RON",
            "files ending in .ron (lower case) only",
        ),
        ("assets/rules/old", "a folder the game does not read"),
        (
            "assets/policies/balanced.ron",
            "missing: the built-in policy \"balanced\" is read from this file, so the forecast",
        ),
    ] {
        // Each reads as a warning, not as a problem to mend.
        assert!(
            out.lines()
                .any(|l| l.starts_with(&format!("{}warning: ", at(file))) && l.contains(says)),
            "{file}: {says}\n{out}"
        );
    }
    assert!(
        !out.contains(".notes.swp"),
        "hidden files are not the modder's: {out}"
    );
    let (code, _, _) = run(&[
        "validate",
        "--deny-warnings",
        "--data",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "--deny-warnings fails on them");
    // The shipped data has none of them.
    let (code, out, _) = run(&["validate", "--deny-warnings"]);
    assert_eq!(code, 0, "{out}");
}

/// The analysts' estimate in a level's objective is not a typo of a disposition: it says that
/// only a player policy may read the estimate, at its place.
#[test]
fn the_estimate_outside_a_policy_says_where_it_may_be_read() {
    let file = "levels/sandbox.ron";
    let (dir, out) = broken(
        "estimate-in-level",
        file,
        "when: [AtMost(\"washington.approval\", 15)]",
        "when: [AtLeast(\"estimate.builder\", 50)]",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("\"estimate.builder\": the analysts' estimate can be read only in a player policy's conditions"),
        "{h}"
    );
    assert!(!h.contains("unknown disposition"), "{h}");
}

/// A variant written with bare values where its named fields belong (`Tension(5, 2)`,
/// `Did("player", "drills", 1)`) is told to name them, at the first value.
#[test]
fn a_variant_written_without_its_field_names_is_told_to_name_them() {
    let file = "assets/rules/events.ron";
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let tension = text
        .find("Tension(amount: ")
        .map(|at| {
            let end = at + text[at..].find(')').unwrap() + 1;
            text[at..end].to_string()
        })
        .expect("an event with a Tension effect");
    let (dir, out) = broken("positional-variant", file, &tension, "Tension(5, 2)");
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(".Tension: `Tension` is written with its fields' names, as `Tension(name: value, ...)`, found `5` where the first name belongs"),
        "{h}"
    );
    let file = "levels/sandbox.ron";
    let (dir, out) = broken(
        "positional-did",
        file,
        "Did(who: \"pyongyang\", tag: \"provocation\", within: 3)",
        "Did(\"pyongyang\", \"provocation\", 3)",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(".Did: `Did` is written with its fields' names, as `Did(name: value, ...)`, found `\"pyongyang\"` where the first name belongs"),
        "{h}"
    );
}

/// A quoted stance, or a string or a list inside `Not`, is told the form those variants take,
/// not to name fields they do not have.
#[test]
fn a_quoted_stance_or_a_list_in_not_is_told_the_form_it_takes() {
    let file = "assets/policies/balanced.ron";
    let (dir, out) = broken(
        "quoted-stance",
        file,
        "when: [Stance(BacksSanctions)]",
        "when: [Stance(\"BacksSanctions\")]",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(
            "`Stance` takes Beijing's stance as a name without quotes, `Stance(BacksSanctions)`"
        ),
        "{h}"
    );
    assert!(!h.contains("fields' names"), "{h}");
    let (dir, out) = broken(
        "list-in-not",
        file,
        "when: [Stance(BacksSanctions)]",
        "when: [Not([Stance(BacksSanctions)])]",
    );
    let h = headline(&out, &dir, file);
    assert!(h.contains("`Not` takes one condition"), "{h}");
    assert!(!h.contains("fields' names"), "{h}");
}

/// A list left open (`effects: [...` with no `]`) makes ron read the next field's name as an
/// entry of the list: the message says the list was never closed, not "unknown variant".
#[test]
fn a_list_never_closed_is_named_at_the_field_that_follows_it() {
    let file = "assets/rules/actions.ron";
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    // The first action's effects list (on lines of their own), its closing `],` taken out.
    let at = text.find("            effects: [\n").unwrap();
    let close = "\n            ],\n";
    let end = at + text[at..].find(close).unwrap() + close.len();
    let next_field = text[end..]
        .trim_start()
        .split(':')
        .next()
        .unwrap()
        .to_string();
    let closed = text[at..end].to_string();
    let open = closed.replacen(close, "\n", 1);
    let (dir, out) = broken("open-list", file, &closed, &open);
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(&format!(
            "actions[0].effects: `{next_field}:` is a field, but it was read as an entry of the list `effects`: that list was never closed"
        )),
        "{h}"
    );
}

/// The same for a level's lists of records and of text: `start: [...` with no `]` reads the
/// next field, `tension:`, where a start value belongs, and `briefing: [...` reads `calendar:`
/// where a paragraph belongs. Each says the list was never closed.
#[test]
fn a_level_list_never_closed_is_named_at_the_field_that_follows_it() {
    let file = "levels/sandbox.ron";
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    for (list, next) in [("start", "tension"), ("briefing", "calendar")] {
        // The list's closing `],`, on a line of its own before the next field.
        let at = text.find(&format!("    {list}: [\n")).unwrap();
        let close = text[at..].find("\n    ],\n").unwrap() + at;
        let closed = text[at..close + "\n    ],\n".len()].to_string();
        let open = format!("{}\n", &text[at..close]);
        let (dir, out) = broken(&format!("open-{list}"), file, &closed, &open);
        let h = headline(&out, &dir, file);
        assert!(
            h.contains(&format!(
                ": {list}: `{next}:` is a field, but it was read as an entry of the list `{list}`: that list was never closed"
            )),
            "{h}"
        );
    }
}

/// A field whose colon is missing (`turns 20,`) is named, with the fix.
#[test]
fn a_missing_colon_names_its_field() {
    let file = "levels/2017_fire_and_fury.ron";
    let (dir, out) = with_turns_line("no-colon", file, "    turns 20,");
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("turns: a field is written `name: value`: the colon after `turns` is missing"),
        "{h}"
    );
    assert_eq!(
        line_col(h, file).0,
        line_number_of(&dir, file, "turns 20,"),
        "{h}"
    );
}

/// A `/*` comment never closed is named where it opens, not where ron gave up (the end of the
/// file, or a later `//`).
#[test]
fn a_block_comment_never_closed_is_named_where_it_opens() {
    let file = "assets/policies/hawk.ron";
    let dir = scratch_copy("block-comment");
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let first = text
        .lines()
        .position(|l| l.trim_start().starts_with("families:"))
        .unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[first].push_str(" /* a note");
    lines.insert(first + 2, "    // a comment after it".into());
    std::fs::write(dir.join(file), lines.join("\n")).unwrap();
    let (code, out, _) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let h = headline(&out, &dir, file);
    assert!(
        h.ends_with("this `/*` comment is never closed: end it with `*/`"),
        "{h}"
    );
    let (line, col) = line_col(h, file);
    assert_eq!(line, first + 1, "{h}");
    assert_eq!(
        lines[first]
            .chars()
            .skip(col - 1)
            .take(2)
            .collect::<String>(),
        "/*",
        "{h}"
    );
}

/// A list left open as the last field of its value (the level's `discussion`, its `]` taken
/// out) is named with the line it opened on, not "expected string" at the level's `)`.
#[test]
fn the_last_list_left_open_is_named() {
    let file = "levels/2013_third_test.ron";
    let dir = scratch_copy("last-list-open");
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    // The last field's `],` taken out: only the level's `)` follows.
    let close = text.rfind("],").unwrap();
    assert_eq!(
        text[close + 2..].trim(),
        ")",
        "discussion is the last field"
    );
    let opened = text[..close]
        .rfind("discussion: [")
        .expect("discussion is the last list");
    let opened_line = text[..opened].matches('\n').count() + 1;
    std::fs::write(
        dir.join(file),
        format!("{}{}", &text[..close], &text[close + 2..]),
    )
    .unwrap();
    let (code, out, _) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(&format!(
            "discussion: the list `discussion`, opened at line {opened_line}, was never closed: end it with `]` before this `)`"
        )),
        "{h}"
    );
}

/// A bracket too many is named as one, with the fix (remove it), not taken for a list or an
/// entry left open: a `)` doubled after a list's entry, where the list goes on to its `]`, and a
/// stray `]` inside the level's `( )`, which goes on after it.
#[test]
fn a_bracket_too_many_is_named_as_one() {
    let file = "levels/2013_third_test.ron";
    let (dir, out) = broken(
        "paren-too-many",
        file,
        "(var: \"world.sanctions\", value: 40),",
        "(var: \"world.sanctions\", value: 40)),",
    );
    let h = headline(&out, &dir, file);
    let line = line_number_of(&dir, file, "(var: \"world.sanctions\", value: 40)),");
    assert!(
        h.contains("start: this `)` is one too many: the entry before it is already closed, and the list `start`")
            && h.contains("goes on after it; remove it"),
        "{h}"
    );
    assert_eq!(line_col(h, file), (line, 44), "at the second `)`: {h}");

    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let turns = text
        .lines()
        .find(|l| l.starts_with("    turns: "))
        .expect("the level's turns")
        .to_string();
    let (dir, out) = broken(
        "bracket-too-many",
        file,
        &format!("{turns}\n"),
        &format!("{turns}\n    ],\n"),
    );
    let h = headline(&out, &dir, file);
    let line = line_number_of(&dir, file, &turns) + 1;
    assert!(
        h.contains("this `]` ends no list: the value around it, opened at line ")
            && h.ends_with("goes on after it; remove it"),
        "{h}"
    );
    assert_eq!(line_col(h, file), (line, 5), "at the `]`: {h}");

    // A list's `]` doubled: the second is the one too many.
    let (dir, out) = broken(
        "bracket-doubled",
        file,
        "(var: \"pyongyang.threat\", value: 55),\n    ],",
        "(var: \"pyongyang.threat\", value: 55),\n    ]],",
    );
    let h = headline(&out, &dir, file);
    let line = line_number_of(&dir, file, "    ]],");
    assert!(
        h.contains("this `]` ends no list: the value around it, opened at line ")
            && h.ends_with("goes on after it; remove it"),
        "{h}"
    );
    assert_eq!(line_col(h, file), (line, 6), "at the second `]`: {h}");

    // A `]` where an entry's `)` belongs: said so, at the entry.
    let (dir, out) = broken(
        "bracket-for-paren",
        file,
        "(var: \"world.sanctions\", value: 40),",
        "(var: \"world.sanctions\", value: 40],",
    );
    let h = headline(&out, &dir, file);
    let line = line_number_of(&dir, file, "(var: \"world.sanctions\", value: 40],");
    assert!(
        h.contains(": start[") && h.contains(&format!(
            "]: this `]` closes the value opened at line {line} with `(`: end it with `)` instead"
        )),
        "{h}"
    );
    assert_eq!(line_col(h, file), (line, 43), "at the `]`: {h}");
}

/// In a map (a policy's `families: {..}`) a name before a colon is a key: a misspelt one is
/// named as such, with the right one, not taken for a list left open.
#[test]
fn a_misspelt_key_in_a_map_is_not_called_a_list_left_open() {
    let file = "assets/policies/hawk.ron";
    let (dir, out) = broken("map-key", file, "ShowOfForce:", "ShowOfForse:");
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("unknown variant `ShowOfForse` (did you mean `ShowOfForce`?)"),
        "{h}"
    );
    assert!(!h.contains("never closed"), "{h}");
}

/// An entry left open (an objective's `)` taken out) makes ron meet the next entry's `(`, or the
/// list's `]`, where a field name belongs: the message names the entry that was never closed
/// and the line it opened on, not ron's "expected identifier".
#[test]
fn an_entry_never_closed_is_named_where_the_next_one_begins() {
    let file = "levels/sandbox.ron";
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let first = "when: [AtMost(\"washington.approval\", 15)]),";
    // The line `first` is on (counted from 1), and the objective opens on the line above it.
    let opened = text[..text.find(first).unwrap()].lines().count() - 1;
    let (dir, out) = broken(
        "open-entry",
        file,
        first,
        "when: [AtMost(\"washington.approval\", 15)],",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(&format!(
            "objectives[0]: a new entry begins here, but the entry before it, opened at line {opened}, was never closed: end it with `)`"
        )),
        "{h}"
    );
    assert_eq!(line_col(h, file), (opened + 2, 9), "{h}");

    // The last entry of the list left open: ron meets the list's `]`.
    let last = "))]),\n    ],";
    let last_at = text.find(last).unwrap();
    // The line the last entry opens on: its `(id:`, however many lines its conditions take.
    let opened = text[..text[..last_at].rfind("\n        (id:").unwrap() + 1]
        .lines()
        .count()
        + 1;
    let (dir, out) = broken("open-last-entry", file, last, "))],\n    ],");
    let h = headline(&out, &dir, file);
    let entries = text[text.find("    objectives: [").unwrap()..last_at]
        .matches("\n        (id:")
        .count();
    assert!(
        h.contains(&format!(
            "objectives[{}]: the list ends here, but the entry before it, opened at line {}, was never closed: end it with `)`",
            entries - 1,
            opened
        )),
        "{h}"
    );
}

/// History entries out of date order draw the debrief's line backwards: `validate` warns at the
/// entry that comes too early, and the shipped levels have none.
#[test]
fn history_out_of_date_order_is_warned_at_its_entry() {
    let dir = scratch_copy("history-order");
    let file = dir.join("levels/2018_the_thaw.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    let first = text.find("        (turn: 1, date: \"2018-01-04\"").unwrap();
    let second = text.find("        (turn: 2, date: \"2018-02-10\"").unwrap();
    // Swap the first two entries (each three lines).
    let third = second + text[second..].match_indices('\n').nth(2).unwrap().0 + 1;
    let swapped = format!(
        "{}{}{}{}",
        &text[..first],
        &text[second..third],
        &text[first..second],
        &text[third..]
    );
    std::fs::write(&file, swapped).unwrap();
    let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "a warning, not an error: {out}{err}");
    assert!(
        out.lines().any(|l| l.contains("2018_the_thaw.ron:")
            && l.contains("history[1]: warning: history entries are drawn and listed in the file's order, so they go in date order: this one (turn 1, 2018-01-04) comes after one of turn 2, 2018-02-10")),
        "{out}"
    );
}

/// A scripted move the rules refuse every time the script comes to it (an envoy on turn 1 of
/// 2013, when talks stand at 10 and trust at 20) is warned of by `validate`, at its place and
/// with the rules' reason; before, only `calibrate`'s replays showed it.
#[test]
fn a_scripted_move_the_rules_always_refuse_is_warned_of() {
    let dir = scratch_copy("script-refused");
    let file = dir.join("levels/2013_third_test.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    let envoy = "    script: [\n        (turn: 1, action: \"special_envoy\", what: \"An envoy too early.\", source: \"x\"),\n";
    std::fs::write(&file, text.replacen("    script: [\n", envoy, 1)).unwrap();
    let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "a warning, not an error: {out}{err}");
    let line = line_number_of(
        &dir,
        "levels/2013_third_test.ron",
        "(turn: 1, action: \"special_envoy\"",
    );
    assert!(
        out.lines().any(|l| l.contains(&format!("2013_third_test.ron:{line}:"))
            && l.contains("script[0].action: warning: turn 1's move \"special_envoy\" was refused in all 100 of 100 replays of the script that reached it (needs talks momentum 30+ or Pyongyang trust 35+)")),
        "{out}"
    );
    // The shipped script has no such move.
    let (_, out, _) = run(&["validate"]);
    assert!(!out.contains("replays of the script"), "{out}");
}

/// A file with thousands of warnings (a generated history, say) does not bury the summary:
/// `validate` prints the first 40 of a file's warnings and counts the rest, and `--json` still
/// lists every one.
#[test]
fn a_flood_of_warnings_in_one_file_is_counted_not_printed() {
    let dir = scratch_copy("warning-flood");
    let file = dir.join("levels/2018_the_thaw.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    // Sixty entries under turn 2 dated in turn 1: a warning each.
    let entry =
        "        (turn: 2, date: \"2018-01-04\", tension: 46, text: \"x\", source: \"x\"),\n";
    let flooded = text.replacen(
        "    history: [\n",
        &format!("    history: [\n{}", entry.repeat(60)),
        1,
    );
    std::fs::write(&file, flooded).unwrap();
    let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "warnings, not errors: {out}{err}");
    let shown = out
        .lines()
        .filter(|l| l.contains("2018_the_thaw.ron:") && l.contains(": warning: "))
        .count();
    assert_eq!(shown, 40, "{out}");
    assert!(
        out.lines().any(|l| l.contains("2018_the_thaw.ron: 21 more warning(s) in this file, not shown (`validate --json` lists every one)")),
        "{out}"
    );
    assert!(
        out.contains("61 warning(s)"),
        "the summary counts them all: {out}"
    );
    let (_, json, _) = run(&["validate", "--json", "--data", dir.to_str().unwrap()]);
    assert_eq!(
        json.lines()
            .filter(|l| l.contains("2018_the_thaw.ron"))
            .count(),
        61,
        "--json lists every one"
    );
}

/// A history entry filed under another turn than its date's is drawn over the wrong bar:
/// `validate` warns at its `turn`, naming the turn the calendar puts the date in.
#[test]
fn a_history_entry_under_the_wrong_turn_is_warned_at_its_turn() {
    let dir = scratch_copy("history-turn");
    let file = dir.join("levels/2018_the_thaw.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    let entry = "        (turn: 1, date: \"2018-01-04\"";
    assert!(text.contains(entry));
    std::fs::write(
        &file,
        text.replace(entry, "        (turn: 2, date: \"2018-01-04\""),
    )
    .unwrap();
    let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "a warning, not an error: {out}{err}");
    let line = line_number_of(
        &dir,
        "levels/2018_the_thaw.ron",
        "(turn: 2, date: \"2018-01-04\"",
    );
    assert!(
        out.lines().any(|l| l.contains(&format!("2018_the_thaw.ron:{line}:"))
            && l.contains(
                "history[0].turn: warning: 2018-01-04 falls in turn 1 of this level's calendar, not turn 2"
            )),
        "{out}"
    );
}

/// A level nobody can win (every Win objective asks for what can never be: the hotline at 2) is
/// refused with every reason, not passed with warnings; so is one that every game loses on its
/// first turn (a loss that holds whatever is played).
#[test]
fn a_level_that_cannot_be_won_or_is_lost_at_once_is_refused() {
    let file = "levels/sandbox.ron";
    let dir = scratch_copy("unwinnable");
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    // Both of the sandbox's wins open their conditions so.
    let opening = "when: [AtMost(\"world.combat_alert\", 0),";
    let wins = text.matches(opening).count();
    assert_eq!(wins, 2, "the sandbox's wins as this test knows them");
    std::fs::write(
        &path,
        text.replace(
            opening,
            "when: [AtLeast(\"world.hotline\", 2), AtMost(\"world.combat_alert\", 0),",
        ),
    )
    .unwrap();
    let (code, out, _) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("objectives: the level cannot be won: no Win objective can ever be met")
            && h.matches("world.hotline never reaches 2").count() == wins,
        "{h}"
    );
    // With one way to win, the problem is pointed at its condition that can never hold.
    let dir = scratch_copy("unwinnable-one");
    let path = dir.join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    let list = text.find("    objectives: [").unwrap();
    let first = list + text[list..].find("kind: Win, check").unwrap();
    let second = first + 5 + text[first + 5..].find("kind: Win, check").unwrap();
    text.replace_range(second..second + "kind: Win".len(), "kind: Loss");
    let when = first + text[first..].find("when: [").unwrap() + "when: [".len();
    text.insert_str(when, "AtLeast(\"world.hotline\", 2), ");
    std::fs::write(&path, &text).unwrap();
    let (code, out, _) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(
            "objectives[3].when[0]: the level cannot be won: no Win objective can ever be met"
        ),
        "{h}"
    );
    assert_eq!(
        line_col(h, file),
        (
            line_number_of(&dir, file, "when: [AtLeast(\"world.hotline\", 2)"),
            20
        ),
        "{h}"
    );
    let (dir, out) = broken(
        "lost-at-once",
        file,
        "when: [AtMost(\"washington.approval\", 15)]",
        "when: [AtMost(\"washington.approval\", 100)]",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("every game would be lost on turn 1: loss \"patience_runs_out\" holds whatever is played"),
        "{h}"
    );
}

/// A level put in `assets/rules/` by mistake is never read: `validate` of the data folder warns
/// about it, and `validate` of the file itself fails, both saying where a level belongs.
#[test]
fn a_level_in_the_rules_folder_is_named_as_unread() {
    let dir = scratch_copy("level-in-rules");
    std::fs::copy(
        dir.join("levels/sandbox.ron"),
        dir.join("assets/rules/my_level.ron"),
    )
    .unwrap();
    let (code, out, _) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "a warning, not a problem: {out}");
    let h = headline(&out, &dir, "assets/rules/my_level.ron");
    assert!(
        h.contains("a file the game does not read") && h.contains("a level belongs in levels/"),
        "{h}"
    );
    let file = dir.join("assets/rules/my_level.ron");
    let (code, out, _) = run(&[
        "validate",
        "--data",
        dir.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("a level belongs in levels/"), "{out}");
}

/// A scripted move whose requirements look back further than the turns before it (a UN
/// resolution, which needs a provocation in the last 2 turns, on turn 1) is warned about by
/// `validate`: every replay would refuse it.
#[test]
fn a_scripted_move_that_can_never_be_played_is_warned_about() {
    let file = "levels/2013_third_test.ron";
    let dir = scratch_copy("script-too-early");
    edit(
        &dir.join(file),
        "    script: [\n",
        "    script: [\n        (turn: 1, action: \"joint_un_action\", what: \"x\", source: \"y\"),\n",
    );
    let (code, out, _) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("script[0].action: warning: turn 1's move \"joint_un_action\" can never be played as written: it needs a provocation move by Pyongyang in the last 2 turns, and no turn comes before turn 1"),
        "{h}"
    );
}

/// An objective checked at the end is checked after the last turn whatever its `not_before`:
/// one written on it is warned of at its place, with `held_for` named as what asks for the last
/// turns (a modder's objective took it silently).
#[test]
fn a_not_before_on_an_objective_checked_at_the_end_is_warned_of() {
    let file = "levels/2013_third_test.ron";
    let dir = scratch_copy("at-end-not-before");
    edit(
        &dir.join(file),
        "kind: Win, check: AtEnd,",
        "kind: Win, check: AtEnd, not_before: 10,",
    );
    let (code, out, _) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "a warning, not an error: {out}");
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("objectives[4].not_before: warning: objective \"crisis_down\" is checked at the end (check: AtEnd), so not_before: 10 changes nothing; to ask that its conditions held for the last turns, use held_for"),
        "{h}"
    );
    let (line, _) = line_col(h, file);
    assert_eq!(line, line_number_of(&dir, file, "not_before: 10,"), "{h}");
}

/// A level copied under another name (`my_level.v2.ron`) is refused for its name, and checked
/// all the same: its warnings come with the mismatch (they used to hide behind it).
#[test]
fn a_level_under_another_name_is_still_checked_for_the_rest() {
    let dir = scratch_copy("renamed-level");
    let text = std::fs::read_to_string(dir.join("levels/2013_third_test.ron")).unwrap();
    let copy = dir.join("2013_third_test.v2.ron");
    std::fs::write(
        &copy,
        text.replacen(
            "kind: Win, check: AtEnd,",
            "kind: Win, check: AtEnd, not_before: 10,",
            1,
        ),
    )
    .unwrap();
    let (code, out, _) = run(&[
        "validate",
        "--data",
        dir.to_str().unwrap(),
        copy.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("must match its file name (2013_third_test.v2.ron)"),
        "{out}"
    );
    assert!(
        out.contains("objectives[4].not_before: warning: "),
        "the rest is checked too: {out}"
    );
}

/// A file emptied by mistake (or holding only comments) is called empty, not "expected opening
/// `(`".
#[test]
fn an_empty_file_is_called_empty() {
    let dir = scratch_copy("empty-file");
    let file = "levels/sandbox.ron";
    std::fs::write(dir.join(file), "// nothing here yet\n\n").unwrap();
    let (code, out, _) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let h = headline(&out, &dir, file);
    assert!(h.contains("the file is empty"), "{h}");
    // A level is no patch: `()` would not do for it, so it is not offered.
    assert!(!h.contains("changes nothing yet is `()`"), "{h}");
}

/// Hold course is what an unavailable move falls back on: a cost, a cooldown or requirements
/// on it are refused at their place, where a turn played it all the same and charged its cost.
#[test]
fn hold_course_takes_no_requirement_cost_or_cooldown() {
    let file = "assets/rules/actions.ron";
    let (dir, out) = broken(
        "hold-course-cost",
        file,
        "            neutral: true,\n            effects: [Add(\"washington.capital\", 2)],",
        "            neutral: true,\n            cost: [(\"washington.capital\", 50)],\n            cooldown: 3,\n            effects: [Add(\"washington.capital\", 2)],",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(".cost: \"hold_course\" is the move every unavailable move falls back on, so it is always open and free: it takes no cost"),
        "{h}"
    );
    assert!(out.contains("it takes no cooldown"), "{out}");
}

/// A calibration target with a bound that is not a number, a second target for one metric, no
/// source, or a first turn past the level's end is refused at its place.
#[test]
fn a_calibration_target_that_cannot_mean_anything_is_refused() {
    let file = "levels/2022_seventh_test.ron";
    let cases = [
        (
            "(metric: OpeningTension, min: 32, max: 38,",
            "(metric: OpeningTension, min: NaN, max: 38,",
            "calibration[0].min: min must be a number, found NaN",
        ),
        (
            "(metric: OpeningTension, min: 32, max: 38,",
            "(metric: IcbmTestRate, min: 0.5, max: 1,",
            "calibration[1].metric: IcbmTestRate has a target already (calibration[0])",
        ),
        (
            "(metric: FirstIcbmTestTurn, min: 3, max: 6,",
            "(metric: FirstIcbmTestTurn, min: 20, max: 30,",
            "the level lasts 16 turns, so a turn from 20 on is never reached",
        ),
        // A quiet lies between two turns of launches: at most 14 turns in a level of 16.
        (
            "(metric: LongestQuiet, min: 2, max: 8,",
            "(metric: LongestQuiet, min: 15, max: 16,",
            "calibration[10].min: a quiet between two turns of launches lasts at most 14 turns in a level of 16, so 15 is never reached",
        ),
        (
            "(metric: Missiles, min: 31, max: 124,",
            "(metric: Missiles, min: -10, max: -1,",
            "calibration[7].max: every figure is 0 or more, so a band up to -1 is never met",
        ),
    ];
    // Every metric that is a turn is judged so, the freeze's date among them (2018 lasts 14).
    let (_dir, out) = broken(
        "calibration-freeze",
        "levels/2018_the_thaw.ron",
        "(metric: FirstMoratoriumTurn, min: 3.5, max: 6.5,",
        "(metric: FirstMoratoriumTurn, min: 15, max: 16,",
    );
    let said = "the level lasts 14 turns, so a turn from 15 on is never reached";
    assert!(out.contains(said), "{said}: {out}");
    for (n, (from, to, said)) in cases.iter().enumerate() {
        let (_dir, out) = broken(&format!("calibration-{n}"), file, from, to);
        assert!(out.contains(said), "{said}: {out}");
    }
}

/// The opening tension is the level's own, known before any game: a band that misses it is
/// named at its place, as a warning (`--deny-warnings` refuses it).
#[test]
fn an_opening_tension_target_the_level_never_opens_at_is_named() {
    let file = "levels/2022_seventh_test.ron";
    let dir = scratch_copy("opening-band");
    edit(
        &dir.join(file),
        "(metric: OpeningTension, min: 32, max: 38,",
        "(metric: OpeningTension, min: 60, max: 70,",
    );
    let (code, out, err) = run(&[
        "validate",
        "--data",
        dir.to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_eq!(code, 1, "--deny-warnings refuses it: {out}{err}");
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("calibration[0].min: warning: the level opens at tension 35.0 (its `tension` entries added up), outside this band of 60 to 70: the target is never met"),
        "{h}"
    );
    let (line, _) = line_col(h, file);
    assert_eq!(
        line,
        line_number_of(&dir, file, "(metric: OpeningTension"),
        "{h}"
    );
}

/// A syntax error or a value of the wrong type stops the reading of its file, so `validate`
/// cannot name what comes after it there: it says so, where a modder who fixed the one problem
/// shown would otherwise be surprised by the next.
#[test]
fn validate_says_a_file_was_read_only_up_to_its_syntax_error() {
    let file = "levels/2022_seventh_test.ron";
    let (_dir, out) = broken("stops-reading", file, "    summary:", "    sumary:");
    assert!(out.contains("unknown field `sumary`"), "{out}");
    assert!(
        out.contains("note: a syntax error or a value of the wrong type stops the reading of its file: the rest of it is checked once that problem is fixed"),
        "{out}"
    );
    // A problem found after reading (an unknown variable) reads the whole file: no note.
    let (_dir, out) = broken(
        "reads-on",
        file,
        "AtLeast(\"world.moratorium\", 1)",
        "AtLeast(\"world.moratorium_\", 1)",
    );
    assert!(out.contains("world.moratorium_"), "{out}");
    assert!(!out.contains("stops the reading"), "{out}");
}

/// `leans` marks which way a line in `advice` leans: an advisor with no line there, or a
/// leaning that is not one of the three, is named at its place.
#[test]
fn an_advisors_leaning_needs_their_line_and_one_of_three_words() {
    let file = "assets/rules/actions.ron";
    let (dir, out) = broken(
        "lean-no-line",
        file,
        "leans: {\"hawk\": Mixed},\n",
        "leans: {\"hawk\": Mixed, \"dove_\": For},\n",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(".leans: \"dove_\" has no line in this action's `advice`"),
        "{h}"
    );
    assert!(h.contains("did you mean `dove`"), "{h}");
    let (line, _) = line_col(h, file);
    assert_eq!(line, line_number_of(&dir, file, "\"dove_\": For"), "{h}");

    let (dir, out) = broken(
        "lean-word",
        file,
        "leans: {\"hawk\": Mixed},\n",
        "leans: {\"hawk\": Lukewarm},\n",
    );
    let h = headline(&out, &dir, file);
    assert!(h.contains("Lukewarm"), "{h}");
    assert!(
        h.contains("For") && h.contains("Against") && h.contains("Mixed"),
        "the three leanings are listed: {h}"
    );
}

/// A rate's bound past 1 (a percentage written as 80, say) is pointed at, on the bound itself.
#[test]
fn a_rate_past_one_is_pointed_at_on_its_bound() {
    let file = "levels/2013_third_test.ron";
    let (dir, out) = broken(
        "rate-max",
        file,
        "(metric: NuclearTestRate, min: 0.8, max: 1,",
        "(metric: NuclearTestRate, min: 0.8, max: 100,",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("].max: a rate lies between 0 and 1, found 100"),
        "{h}"
    );
    let (line, col) = line_col(h, file);
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let at = text.lines().nth(line - 1).unwrap();
    assert!(
        at[col - 1..].starts_with("max: 100"),
        "the caret is on the bound: {h}"
    );
}

/// A map mark outside the map, or with a caption too long to sit beside its ring, is named at
/// its line with the field and the range, not drawn off the edge of the map.
#[test]
fn a_map_mark_off_the_map_or_too_long_is_named_at_its_line() {
    let file = "assets/rules/events.ron";
    let (dir, out) = broken(
        "map-mark-off-the-map",
        file,
        "map: (at: (127.25, 38.25), caption: \"fire at the DMZ\")",
        "map: (at: (38.25, 127.25), caption: \"fire at the DMZ, where a patrol strayed near the line\")",
    );
    let h = headline(&out, &dir, file);
    assert!(h.contains("events[") && h.contains(".map.at"), "{h}");
    assert!(
        h.contains("(38.25, 127.25) is off the map, and (127.25, 38.25) would be on it: `at` is (longitude east, latitude north)"),
        "{h}"
    );
    let (line, _) = line_col(h, file);
    assert_eq!(line, line_number_of(&dir, file, "(38.25, 127.25)"), "{h}");
    // Every problem of the mark is named, not only the first.
    assert!(
        out.contains(".map.caption: a map mark's caption is at most 32 characters"),
        "{out}"
    );

    let (dir, out) = broken(
        "map-mark-past-japan",
        file,
        "map: (at: (127.25, 38.25), caption: \"fire at the DMZ\")",
        "map: (at: (150.5, 38.25), caption: \"fire at the DMZ\")",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("the longitude (east) must be between 115 and 142, found 150.5"),
        "{h}"
    );

    let file = "assets/rules/pyongyang.ron";
    let (dir, out) = broken(
        "map-caption-too-long",
        file,
        "caption: \"nuclear test\"",
        "caption: \"an underground nuclear test at Punggye-ri\"",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("responses[") && h.contains(".map.caption"),
        "{h}"
    );
    assert!(h.contains("at most 32 characters"), "{h}");
    let (line, _) = line_col(h, file);
    assert_eq!(
        line,
        line_number_of(&dir, file, "an underground nuclear"),
        "{h}"
    );
}

/// A map mark written in another shape than `(at: (lon, lat), caption: "..")` (the numbers
/// without brackets, named, three of them, the fields left unnamed) is named at its line
/// with its field, and the message shows the shape to write, which RON's own words do not.
#[test]
fn a_map_mark_in_the_wrong_shape_says_how_a_mark_is_written() {
    let file = "assets/rules/events.ron";
    let right = "map: (at: (127.25, 38.25), caption: \"fire at the DMZ\")";
    for (name, wrong, field) in [
        (
            "map-bare-numbers",
            "map: (at: 127.25, 38.25, caption: \"fire at the DMZ\")",
            ".map.at",
        ),
        (
            "map-named-numbers",
            "map: (at: (lon: 127.25, lat: 38.25), caption: \"fire at the DMZ\")",
            ".map.at",
        ),
        (
            "map-three-numbers",
            "map: (at: (127.25, 38.25, 0.0), caption: \"fire at the DMZ\")",
            ".map.at",
        ),
        (
            "map-unnamed-fields",
            "map: ((127.25, 38.25), \"fire at the DMZ\")",
            ".map",
        ),
        (
            "map-misspelt-field",
            "map: (at: (127.25, 38.25), label: \"fire at the DMZ\")",
            ".map.label",
        ),
    ] {
        let (dir, out) = broken(name, file, right, wrong);
        let h = headline(&out, &dir, file);
        assert!(h.contains("events[") && h.contains(field), "{name}: {h}");
        assert!(
            h.contains(
                "a map mark is written `map: (at: (longitude, latitude), caption: \"...\")`"
            ),
            "{name}: {h}"
        );
        let (line, _) = line_col(h, file);
        assert_eq!(
            line,
            line_number_of(&dir, file, "fire at the DMZ\")"),
            "{name}: {h}"
        );
    }
    // A problem elsewhere in the file gets no word about marks.
    let (dir, out) = broken(
        "not-a-map-slip",
        file,
        "id: \"border_incident\"",
        "id: border_incident",
    );
    assert!(!headline(&out, &dir, file).contains("map mark"), "{out}");
}

/// Edits one line of `events.ron` in a scratch copy and runs `validate`, which must pass (a
/// warning, not an error); returns the warning's headline checked to name `field` at the line
/// that holds `at_line`.
fn warned_of_in_events(name: &str, from: &str, to: &str, field: &str, at_line: &str) -> String {
    let dir = scratch_copy(name);
    let file = "assets/rules/events.ron";
    edit(&dir.join(file), from, to);
    let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "a warning, not an error: {out}{err}");
    let h = headline(&out, &dir, file).to_string();
    assert!(h.contains(&format!("{field}: warning:")), "{h}");
    let (line, _) = line_col(&h, file);
    assert_eq!(line, line_number_of(&dir, file, at_line), "{h}");
    h
}

/// A quiet event's map mark would never show (the map marks only what the news tells): a
/// warning at the mark, and the game still plays.
#[test]
fn a_quiet_events_map_mark_is_warned_of() {
    let h = warned_of_in_events(
        "quiet-event-map-mark",
        "(id: \"weapons_work\", name: \"Weapons work\", quiet: true,",
        "(id: \"weapons_work\", name: \"Weapons work\", quiet: true,\n            map: (at: (125.75, 39.8), caption: \"centrifuges\"),",
        "events[1].map",
        "centrifuges",
    );
    assert!(
        h.contains("event \"weapons_work\" is quiet, so its map mark is never shown"),
        "{h}"
    );
}

/// Two marks that can show on one turn, one partly over the other (an exchange of fire at the
/// DMZ moved beside the summit's spot at Panmunjom): a warning at the later mark, naming the
/// other; the game still plays. At one place (within 0.1 degrees) the two rings make one, each
/// caption beside it, and nothing is said.
#[test]
fn two_marks_on_one_spot_are_warned_of() {
    let h = warned_of_in_events(
        "marks-share-a-spot",
        "map: (at: (127.25, 38.25), caption: \"fire at the DMZ\")",
        "map: (at: (126.95, 38.0), caption: \"fire at the DMZ\")",
        "events[4].map.at",
        "(126.95, 38.0)",
    );
    assert!(
        h.contains("the map's ring for \"border_incident\" (fire at the DMZ) would lie over the ring for \"leaders_summit\" (summit) (assets/rules/actions.ron)"),
        "{h}"
    );
    let dir = scratch_copy("marks-one-place");
    edit(
        &dir.join("assets/rules/events.ron"),
        "map: (at: (127.25, 38.25), caption: \"fire at the DMZ\")",
        "map: (at: (126.62, 37.93), caption: \"fire at the DMZ\")",
    );
    let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("would lie over"), "{out}");
}

/// A level's own marks are checked against what shows with them: its move against the AIs'
/// answers, the events and its injects; its injects against those, the player's moves and one
/// another. A level's move beside the rules' moves is left alone (one move a turn).
#[test]
fn a_levels_own_marks_are_checked_against_the_shared_ones() {
    let file = "levels/2017_fire_and_fury.ron";
    let dir = scratch_copy("level-marks-share-a-spot");
    // THAAD beside the missile misfire on the east coast; the JSA defector beside the fire at
    // the DMZ; the fishing boat on the bomber flight's own spot is one place, and left alone.
    edit(&dir.join(file), "at: (128.2, 36.3)", "at: (129.1, 36.7)");
    edit(&dir.join(file), "at: (126.55, 37.95)", "at: (127.0, 38.1)");
    edit(&dir.join(file), "at: (129.4, 38.75)", "at: (128.3, 36.85)");
    let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "warnings, not errors: {out}{err}");
    let thaad = line_number_of(&dir, file, "at: (129.1, 36.7)");
    let jsa = line_number_of(&dir, file, "at: (127.0, 38.1)");
    let warned = |line: usize, says: &str| {
        out.lines().any(|l| {
            l.contains(&format!("{file}:{line}:")) && l.contains("warning:") && l.contains(says)
        })
    };
    assert!(
        warned(
            thaad,
            "the map's ring for \"thaad_deployment\" (THAAD at Seongju) would lie over the ring for \"misfire\" (missile misfire) (assets/rules/events.ron)"
        ),
        "{out}"
    );
    assert!(
        warned(
            jsa,
            "would lie over the ring for \"border_incident\" (fire at the DMZ) (assets/rules/events.ron)"
        ),
        "{out}"
    );
    assert_eq!(out.matches("would lie over").count(), 2, "{out}");
}

/// Values written without their field's name (a pair where a record belongs, a `Did` with its
/// `within` left unnamed), names where a pair's parts go, a map's key without quotes: each is
/// named at the value, with the names the value takes or the one to drop, never with RON's
/// advice to write a raw identifier (`r#40`).
#[test]
fn a_value_without_its_name_or_a_name_too_many_says_which() {
    let level = "levels/2013_third_test.ron";
    let actions = "assets/rules/actions.ron";
    for (name, file, from, to, says, at_value) in [
        (
            "start-unnamed-value",
            level,
            "(var: \"world.sanctions\", value: 40)",
            "(var: \"world.sanctions\", 40)",
            "a value with no field name, found `40`: inside `( )` each value is written `name: value`, and the names here are var, value, source",
            "\"world.sanctions\", 40)",
        ),
        (
            "start-as-a-pair",
            level,
            "(var: \"world.sanctions\", value: 40)",
            "(\"world.sanctions\", 40)",
            "a value with no field name, found `\"world.sanctions\"`",
            "(\"world.sanctions\", 40)",
        ),
        (
            "did-unnamed-within",
            actions,
            "requires: [Did(who: \"pyongyang\", tag: \"provocation\", within: 2)]",
            "requires: [Did(who: \"pyongyang\", tag: \"provocation\", 2)]",
            "the names here are who, tag, within, at_least",
            "\"provocation\", 2)]",
        ),
        (
            "cost-as-a-record",
            actions,
            "cost: [(\"washington.capital\", 5)]",
            "cost: [(var: \"washington.capital\", value: 5)]",
            "this value's parts go in order without names; write it without `var:`",
            "(var: \"washington.capital\", value: 5)",
        ),
        (
            "advice-key-unquoted",
            actions,
            "\"hawk\": \"Drills keep",
            "hawk: \"Drills keep",
            "a key in `{ }` is text in double quotes; write `\"hawk\":`",
            "hawk: \"Drills keep",
        ),
    ] {
        let (dir, out) = broken(name, file, from, to);
        let h = headline(&out, &dir, file);
        assert!(h.contains(says), "{name}: {h}");
        assert!(!h.contains("r#"), "{name}: {h}");
        let (line, _) = line_col(h, file);
        assert_eq!(line, line_number_of(&dir, file, at_value), "{name}: {h}");
    }
}

/// A `)` too many ends a value before its next field: the message says so at the `)`, not
/// "missing field" for a field that is there on the next line.
#[test]
fn a_closing_bracket_too_many_is_named_not_a_missing_field() {
    let file = "levels/2013_third_test.ron";
    let (dir, out) = broken(
        "paren-after-turns",
        file,
        "    turns: 14,",
        "    turns: 14),",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("beijing_stance: this `)` ends the value before its field `beijing_stance`"),
        "{h}"
    );
    assert!(h.contains("one `)` too many; remove it"), "{h}");
    assert_eq!(
        line_col(h, file).0,
        line_number_of(&dir, file, "turns: 14),"),
        "{h}"
    );
    // A field that is really missing is still called missing.
    let (dir, out) = broken(
        "field-really-missing",
        file,
        "    beijing_stance: BacksSanctions,",
        "",
    );
    assert!(
        headline(&out, &dir, file).contains("missing field `beijing_stance`"),
        "{out}"
    );
}

/// A level whose opening tension adds up to the war rung would end every game in war on turn
/// 1: an error at `tension`, with the rung and the most the sum may be.
#[test]
fn a_level_that_opens_at_war_is_refused() {
    let file = "levels/2013_third_test.ron";
    let (dir, out) = broken(
        "opens-at-war",
        file,
        "amount: 12, decay: 0),",
        "amount: 12, decay: 0),\n        (label: \"More\", amount: 90, decay: 0),",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(
            "tension: the level opens at war: its opening tension adds up to 125 (held to 100), on the war rung"
        ),
        "{h}"
    );
    assert!(h.contains("keep the sum of `amount`s under 98"), "{h}");
}

/// A history entry dated after the level's last turn, or before its opening under a turn
/// other than 1 (a calendar moved, an entry from another year), is warned of with the dates,
/// not sent to a turn the level does not have.
#[test]
fn a_history_entry_outside_the_levels_calendar_is_warned_of() {
    for (name, start, says) in [
        (
            "calendar-moved-back",
            "(2010, 1, 7)",
            "history[0].turn: warning: 2013-01-22 falls after this level's last turn (turn 14 opens on 2010-10-07)",
        ),
        (
            "calendar-moved-on",
            "(2014, 1, 7)",
            "history[1].turn: warning: 2013-02-12 comes before this level opens (2014-01-07): an entry from before the opening goes under turn 1",
        ),
    ] {
        let dir = scratch_copy(name);
        let file = "levels/2013_third_test.ron";
        edit(
            &dir.join(file),
            "calendar: (start: (2013, 1, 7)",
            &format!("calendar: (start: {start}"),
        );
        let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
        assert_eq!(code, 0, "a warning, not an error: {out}{err}");
        assert!(out.contains(says), "{name}: {out}");
        assert!(!out.contains("falls in turn"), "{name}: {out}");
    }
}

/// Tension set in a level's `start` is refused with where an opening tension goes instead, not
/// with an effect that `start` cannot hold.
#[test]
fn tension_in_a_levels_start_points_to_its_tension_list() {
    let file = "levels/2013_third_test.ron";
    let (dir, out) = broken(
        "tension-in-start",
        file,
        "(var: \"world.sanctions\", value: 40)",
        "(var: \"tension\", value: 40)",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("\"tension\" is not a start value: a level's opening tension goes in its `tension:` list"),
        "{h}"
    );
    assert!(!h.contains("Tension(amount"), "{h}");
}

/// A file with many problems has each reported at its own line, in the file's own level and in
/// a mod's patch alike. (The loader finds every place from one walk of the text: a walk per
/// problem made a level of 10,000 slips take a minute to load.)
#[test]
fn each_of_many_problems_in_one_file_is_placed_at_its_own_line() {
    const N: usize = 400;
    let dir = scratch_copy("many-problems");
    let file = "levels/sandbox.ron";
    let injects: Vec<String> = (0..N)
        .map(|i| format!("        (id: \"Bad{i}\", name: \"n\", news: \"n\", effects: []),"))
        .collect();
    edit(
        &dir.join(file),
        "    learning_goals: [",
        &format!(
            "    injects: [\n{}\n    ],\n    learning_goals: [",
            injects.join("\n")
        ),
    );
    let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let first = line_number_of(&dir, file, "id: \"Bad0\"");
    for i in [0, 1, N / 2, N - 1] {
        let wanted = format!("injects[{i}].id: id \"Bad{i}\" should be snake_case");
        let h = out
            .lines()
            .find(|l| l.contains(&wanted))
            .unwrap_or_else(|| panic!("no problem for inject {i}: {out}"));
        assert_eq!(line_col(h, file).0, first + i, "inject {i}: {h}");
    }
    assert_eq!(
        out.matches("should be snake_case").count(),
        N,
        "one problem per inject"
    );

    // A mod's patch that lists the same action again and again: each repeat at its own line.
    let mods = scratch_dir("many-problems-mod");
    let m = mods.join("repeats");
    std::fs::create_dir_all(m.join("rules")).unwrap();
    std::fs::write(
        m.join("mod.ron"),
        "(id: \"repeats\", name: \"Repeats\", version: \"1.0.0\", author: \"Tests\")",
    )
    .unwrap();
    let action = std::fs::read_to_string(root().join("assets/rules/actions.ron")).unwrap();
    let start = action
        .find("        (\n            id: \"joint_un_action\"")
        .unwrap();
    let end = start + action[start..].find("\n        ),").unwrap() + "\n        ),".len();
    let entry = &action[start..end];
    let repeats = vec![entry; 60].join("\n");
    std::fs::write(
        m.join("rules/actions.ron"),
        format!("(\n    actions: [\n{repeats}\n    ],\n)\n"),
    )
    .unwrap();
    let (code, out, err) = run(&["validate", "--mod", m.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let patch = m.join("rules/actions.ron");
    let text = std::fs::read_to_string(&patch).unwrap();
    let id_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("id: \"joint_un_action\""))
        .map(|(i, _)| i + 1)
        .collect();
    let twice: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("is listed twice in this file"))
        .collect();
    assert_eq!(twice.len(), 59, "every repeat after the first: {out}");
    for (k, h) in twice.iter().enumerate() {
        assert!(h.starts_with(patch.to_str().unwrap()), "{h}");
        let at: usize = h[patch.to_str().unwrap().len() + 1..]
            .split(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(at, id_lines[k + 1], "repeat {}: {h}", k + 1);
    }
}

/// A backslash that starts no escape (`C:\quiet`): ron points at the string's opening quote and
/// says only "unknown escape character"; the caret goes to the backslash, with the fix.
#[test]
fn an_unknown_escape_is_pointed_at_with_its_fix() {
    let file = "levels/2017_fire_and_fury.ron";
    let (dir, out) = broken(
        "escape",
        file,
        "title: \"Fire and Fury\"",
        "title: \"Fire and \\quiet Fury\"",
    );
    let h = headline(&out, &dir, file);
    let line = line_number_of(&dir, file, "Fire and \\quiet");
    assert_eq!(line_col(h, file), (line, 22), "{h}");
    assert!(
        h.contains("title: `\\q` is not an escape RON knows: for a backslash write `\\\\`"),
        "{h}"
    );
    // The escape as the text's first character, after one it knows.
    let (dir, out) = broken(
        "escape-first",
        file,
        "title: \"Fire and Fury\"",
        "title: \"\\quiet\\n\\z Fury\"",
    );
    let h = headline(&out, &dir, file);
    let line = line_number_of(&dir, file, "\\quiet");
    assert_eq!(line_col(h, file), (line, 13), "{h}");
    assert!(h.contains("title: `\\q` is not an escape"), "{h}");
}

/// A file's problems come from its top down, as an editor lists them: a level cut to one turn
/// breaks its calibration (near the end of the file) and its script (above it), and the list
/// once gave the calibration first.
#[test]
fn a_files_problems_are_listed_from_its_top_down() {
    let file = "levels/2017_fire_and_fury.ron";
    let (dir, out) = with_turns_line("top-down", file, "    turns: 1,");
    let prefix = dir.join(file).display().to_string();
    let places: Vec<(usize, usize)> = out
        .lines()
        .filter(|l| l.starts_with(&prefix))
        .map(|l| line_col(l, file))
        .collect();
    assert!(places.len() > 5, "{out}");
    let script = line_number_of(&dir, file, "script: [");
    let calibration = line_number_of(&dir, file, "calibration: [");
    assert!(
        places.iter().any(|p| p.0 > script && p.0 < calibration)
            && places.iter().any(|p| p.0 > calibration),
        "{out}"
    );
    let mut sorted = places.clone();
    sorted.sort();
    assert_eq!(places, sorted, "{out}");
}

/// A control character in a data file, typed as is or as an escape in a string, is refused at
/// its place: the game prints level titles, names and news to terminals, where an escape
/// sequence from a stranger's mod would be run (recolouring the screen, retitling the window),
/// not shown. Escapes in comments, tabs, line ends and `\n` are text, and the shipped data has
/// none of the others.
#[test]
fn control_characters_are_refused_where_they_are() {
    let level = "levels/2017_fire_and_fury.ron";
    for (name, to) in [
        ("control-raw", "title: \"Fire\u{1b}[31m and Fury\","),
        ("control-hex", "title: \"Fire\\x1b]0;PWNED\\x07 and Fury\","),
        ("control-unicode", "title: \"Fire\\u{9b}31m and Fury\","),
    ] {
        let (dir, out) = broken(name, level, "title: \"Fire and Fury\",", to);
        let head = headline(&out, &dir, level);
        assert_eq!(
            line_col(head, level),
            (line_number_of(&dir, level, "title: \"Fire"), 17),
            "{head}"
        );
        assert!(head.contains("control character U+"), "{head}");
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{9b}'),
            "{out:?}"
        );
    }
    // In a comment, or as a tab and a line end inside a string, it is text.
    let dir = scratch_copy("control-in-comment");
    edit(
        &dir.join(level),
        "title: \"Fire and Fury\",",
        "title: \"Fire and\\tFury\\n\", // not \"\\x1b\" here",
    );
    let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
}

/// A level words an answer its own way (`response_texts`): the transcript reads the level's
/// words, the game is the same game to the last number, and a wording that names an answer
/// that is not there, or an actor that is none, is an error at its place with the likely name;
/// a wording that names the hidden type is warned of, as the rules' own are.
#[test]
fn a_level_words_an_answer_its_own_way_and_plays_the_same_game() {
    let dir = scratch_copy("response-texts");
    let file = dir.join("levels/2013_third_test.ron");
    let data = dir.to_str().unwrap();
    let play = |data: &str| {
        run(&[
            "play",
            "--data",
            data,
            "--level",
            "2013_third_test",
            "--seed",
            "1",
            "--moves",
            "balanced",
        ])
    };
    let sim = |data: &str| {
        run(&[
            "sim",
            "--data",
            data,
            "--level",
            "2013_third_test",
            "--policy",
            "balanced",
            "--runs",
            "300",
            "--json",
        ])
    };
    let (_, before, _) = play(data);
    let (_, batch_before, _) = sim(data);
    assert!(before.contains("Pyongyang: Keeps quiet"), "{before}");
    edit(
        &file,
        "    script: [\n",
        "    response_texts: [\n        (id: \"quiet\", name: \"Lies low\", news: \"Nothing is heard from Pyongyang.\", news_also: []),\n    ],\n    script: [\n",
    );
    let (code, out, err) = run(&["validate", "--data", data]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("warning"), "{out}");
    let (_, after, _) = play(data);
    assert!(
        after.contains("Pyongyang: Lies low") && after.contains("Nothing is heard from Pyongyang."),
        "{after}"
    );
    assert!(!after.contains("Keeps quiet"), "{after}");
    // The same game: every line but the answer's words, and the same batch of 300.
    // Each line, with the answer's name as the level words it and its news line (the next
    // one) left out.
    let words = |t: &str| {
        let mut out = Vec::new();
        let mut news_next = false;
        for l in t.lines() {
            if std::mem::take(&mut news_next) {
                continue;
            }
            news_next = l.ends_with("Pyongyang: Keeps quiet") || l.ends_with("Pyongyang: Lies low");
            out.push(l.replace("Pyongyang: Keeps quiet", "Pyongyang: Lies low"));
        }
        out
    };
    assert_eq!(words(&before), words(&after));
    let (_, batch_after, _) = sim(data);
    assert_eq!(batch_before, batch_after, "the same games");

    // An answer that is not there, and an actor that is none: errors at their places.
    edit(
        &file,
        "(id: \"quiet\", name: \"Lies low\"",
        "(id: \"quite\", name: \"Lies low\"",
    );
    edit(
        &file,
        "    response_texts: [\n",
        "    response_texts: [\n        (actor: \"seoul\", id: \"quiet\", name: \"x\"),\n",
    );
    let (code, out, _) = run(&["validate", "--data", data]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("response_texts[0].actor: unknown actor \"seoul\"")
            && out.contains(
                "response_texts[1].id: pyongyang has no answer \"quite\" (did you mean `quiet`?)"
            ),
        "{out}"
    );
    // A wording that names the hidden type is warned of.
    edit(
        &file,
        "        (actor: \"seoul\", id: \"quiet\", name: \"x\"),\n",
        "",
    );
    edit(
        &file,
        "(id: \"quite\", name: \"Lies low\"",
        "(id: \"quiet\", name: \"The opportunist lies low\"",
    );
    let (code, out, _) = run(&["validate", "--data", data]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("response_texts[0].name: warning: the wording of \"quiet\": this text names the disposition \"Opportunist\""),
        "{out}"
    );
}

/// An empty `Any` (which `validate` warns of) is described as a condition that never holds,
/// not as an empty phrase: a card or a scripted move it locks reads "needs a condition that
/// never holds (an empty Any)", never "needs ".
#[test]
fn an_empty_any_is_described_as_a_condition_that_never_holds() {
    let sc = scenario("sandbox");
    let said = sc.rules.describe(
        &peninsula::rules::Cond::Any(Vec::new()),
        sc.def.beijing_stance,
    );
    assert_eq!(said, "a condition that never holds (an empty Any)");
}

/// A level whose every Win objective asks for the Beijing stance it does not have cannot be
/// won: `validate` says so, naming the stance, instead of passing a level every game loses.
#[test]
fn a_level_won_only_under_the_other_beijing_stance_is_refused() {
    let dir = scratch_copy("stance-unwinnable");
    let file = dir.join("levels/sandbox.ron");
    let before = std::fs::read_to_string(&file).unwrap();
    let text = before
        .replace(
            "when: [AtMost(\"world.combat_alert\", 0), AtLeast(\"world.summit\", 1),",
            "when: [Stance(BlocksSanctionsBacksTalks), AtMost(\"world.combat_alert\", 0), AtLeast(\"world.summit\", 1),",
        )
        .replace(
            "when: [AtMost(\"world.combat_alert\", 0), RungBelow(\"signals\"),",
            "when: [Not(Stance(BacksSanctions)), AtMost(\"world.combat_alert\", 0), RungBelow(\"signals\"),",
        );
    assert_eq!(
        text.matches("Stance(B").count(),
        before.matches("Stance(B").count() + 2,
        "both wins changed"
    );
    std::fs::write(&file, text).unwrap();
    let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("the level cannot be won")
            && out.contains("Beijing's stance in this level is backs sanctions throughout"),
        "{out}"
    );
}

/// A renamed copy of a rules file, checked on its own or put among the levels, is named for
/// what it is rather than read as a level that lacks every field.
#[test]
fn a_renamed_copy_of_a_rules_file_is_named_a_rules_file() {
    let dir = scratch_copy("rules-copy");
    let copy = dir.join("my_events.ron");
    std::fs::copy(dir.join("assets/rules/events.ron"), &copy).unwrap();
    let (code, out, err) = run(&["validate", copy.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("this is a rules file (a copy of events.ron), not a level")
            && !out.contains("unknown field"),
        "{out}"
    );
    std::fs::copy(
        dir.join("assets/rules/pyongyang.ron"),
        dir.join("levels/my_pyongyang.ron"),
    )
    .unwrap();
    let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("a copy of pyongyang.ron or beijing.ron"),
        "{out}"
    );
}

/// A variable hidden from the player (`hidden: true`) that the player would see anyway is
/// warned of where it shows: a figure on the dashboard (`key`), a card's lock, an objective.
#[test]
fn a_hidden_variable_the_player_would_see_is_warned_of_where_it_shows() {
    let dir = scratch_copy("hidden-shown");
    edit(
        &dir.join("assets/rules/actors.ron"),
        "initial: 0, max: 1, hidden: true,",
        "initial: 0, max: 1, hidden: true, key: true,",
    );
    edit(
        &dir.join("assets/rules/actions.ron"),
        "requires: [AtMost(\"world.hotline\", 0)],",
        "requires: [AtMost(\"world.hotline\", 0), AtMost(\"pyongyang.lull\", 0)],",
    );
    edit(
        &dir.join("levels/sandbox.ron"),
        "when: [AtMost(\"world.combat_alert\", 0), RungBelow(\"signals\"),",
        "when: [AtMost(\"world.combat_alert\", 0), RungBelow(\"signals\"), AtMost(\"pyongyang.lull\", 0),",
    );
    // A team that scores it, a Beijing rule and a Pyongyang answer's requirement that read it,
    // an event with news that fires on it, and a card that reads a quiet event's firing.
    edit(
        &dir.join("assets/rules/advisors.ron"),
        "score: [(\"washington.credibility\", 1), (\"washington.approval\", 1)]),",
        "score: [(\"washington.credibility\", 1), (\"pyongyang.lull\", 1)]),",
    );
    edit(
        &dir.join("assets/rules/beijing.ron"),
        "when: [Did(who: \"player\", tag: \"freeze_offer\", within: 1)],",
        "when: [Did(who: \"player\", tag: \"freeze_offer\", within: 1), AtMost(\"pyongyang.lull\", 0)],",
    );
    edit(
        &dir.join("assets/rules/pyongyang.ron"),
        "requires: [AtLeast(\"pyongyang.device_ready\", 1), AtMost(\"world.moratorium\", 0)],",
        "requires: [AtLeast(\"pyongyang.device_ready\", 1), AtMost(\"world.moratorium\", 0), AtMost(\"pyongyang.lull\", 0)],",
    );
    edit(
        &dir.join("assets/rules/events.ron"),
        "when: [AtMost(\"washington.approval\", 30)],",
        "when: [AtMost(\"washington.approval\", 30), AtLeast(\"pyongyang.lull\", 1)],",
    );
    edit(
        &dir.join("assets/rules/events.ron"),
        "name: \"A pause between test campaigns\", quiet: true,",
        "name: \"A pause between test campaigns\", quiet: true, tags: [\"pause\"],",
    );
    edit(
        &dir.join("assets/rules/actions.ron"),
        "AtMost(\"pyongyang.lull\", 0)],",
        "AtMost(\"pyongyang.lull\", 0), Not(Did(who: \"world\", tag: \"pause\", within: 2))],",
    );
    // A policy that reads it would play on what no player sees.
    edit(
        &dir.join("assets/policies/adaptive.ron"),
        "when: [AtLeast(\"estimate.security_seeker\", 45)]),",
        "when: [AtLeast(\"estimate.security_seeker\", 45), AtMost(\"pyongyang.lull\", 0)]),",
    );
    let (code, out, err) = run(&[
        "validate",
        "--deny-warnings",
        "--data",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    let said = format!("{out}{err}");
    let warned = |file: &str, what: &str| {
        said.lines().any(|l| {
            l.starts_with(&dir.join(file).display().to_string())
                && l.contains("warning:")
                && l.contains(what)
        })
    };
    assert!(
        warned(
            "assets/rules/actors.ron",
            "is hidden from the player but has key: true"
        ),
        "{said}"
    );
    assert!(
        warned(
            "assets/rules/actions.ron",
            "reads pyongyang.lull, which is hidden from the player (`hidden: true`, or events that are all `quiet`): a locked card names what it needs"
        ),
        "{said}"
    );
    assert!(
        warned(
            "levels/sandbox.ron",
            "reads pyongyang.lull, which is hidden from the player (`hidden: true`, or events that are all `quiet`): the player could not see how near the objective is"
        ),
        "{said}"
    );
    for (file, what) in [
        (
            "assets/rules/advisors.ron",
            "team \"washington\" scores pyongyang.lull, which is hidden from the player",
        ),
        (
            "assets/rules/beijing.ron",
            "reads pyongyang.lull, which is hidden from the player (`hidden: true`, or events that are all `quiet`): Beijing's \"why\" shows the margin",
        ),
        (
            "assets/rules/pyongyang.ron",
            "the \"why\" counts the answers that were possible",
        ),
        ("assets/rules/events.ron", "its news tells when it fires"),
        (
            "assets/rules/actions.ron",
            "reads the quiet events tagged \"pause\"",
        ),
    ] {
        assert!(warned(file, what), "{file}: {what}\n{said}");
    }
    // A policy that reads it is refused, not warned of: it would win on what no player knows.
    let policy = dir
        .join("assets/policies/adaptive.ron")
        .display()
        .to_string();
    assert!(
        said.lines().any(|l| l.starts_with(&policy)
            && !l.contains("warning:")
            && l.contains("rules[")
            && l.contains("reads pyongyang.lull, which is hidden from the player")
            && l.contains("a policy plays as a player would, on what a player can see")),
        "{said}"
    );
}

/// A policy file that reads what the player cannot see (Pyongyang's hidden lull between test
/// campaigns) is refused by `sim`, `play` and `forecast`, at the condition, before a game is
/// played: a policy that did would beat the game on what no player knows.
#[test]
fn a_policy_reading_a_hidden_variable_is_refused_where_it_reads_it() {
    let dir = scratch_dir("hidden-policy");
    let file = dir.join("peek.ron");
    std::fs::write(
        &file,
        "(name: \"peek\", rules: [\n    (action: \"hold_course\", weight: 1.0),\n    (action: \"joint_air_drills\", weight: 5.0, when: [AtLeast(\"pyongyang.lull\", 1)]),\n])\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let level = ["--level", "2013_third_test"];
    for args in [
        vec!["sim", "--runs", "10", "--policy", path],
        vec!["play", "--moves", path],
        vec!["forecast", "--rollouts", "10", "--policy", path],
    ] {
        let mut args = args.clone();
        args.extend_from_slice(&level);
        let (code, out, err) = run(&args);
        // 1, as for any policy file with a problem.
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(!err.contains("panicked"), "{err}");
        let said = format!("{out}{err}");
        assert!(
            said.contains(&format!("{path}:3:54"))
                && said.contains("rules[1].when[0]")
                && said.contains("reads pyongyang.lull, which is hidden from the player"),
            "{args:?}: {said}"
        );
    }
}

/// A file saved with an old Mac editor's line ends (a carriage return alone) is told so, with
/// the fix, not called a file with a control character in it.
#[test]
fn old_mac_line_ends_are_named_with_the_fix() {
    let file = "levels/sandbox.ron";
    let dir = scratch_copy("cr-only");
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    std::fs::write(dir.join(file), text.replace('\n', "\r")).unwrap();
    let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(!err.contains("panicked"), "{err}");
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("a carriage return with no line feed after it")
            && h.contains("save the file with LF (Unix) or CRLF (Windows) line ends"),
        "{h}"
    );
}

/// A file cut short (its last `)` left out) is named at the bracket left open, with the one to
/// write, not ron's "unexpected end of RON" at the last field read.
#[test]
fn a_file_cut_short_names_the_bracket_left_open() {
    let file = "levels/sandbox.ron";
    let dir = scratch_copy("cut-short");
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let last = text.rfind(')').unwrap();
    assert_eq!(text[last + 1..].trim(), "", "the level's `)` ends the file");
    std::fs::write(dir.join(file), &text[..last]).unwrap();
    let (code, out, err) = run(&["validate", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let h = headline(&out, &dir, file);
    // The level's own `(`: the first line that is only that bracket.
    let opened = text.lines().position(|l| l.trim() == "(").unwrap() + 1;
    assert!(
        h.contains("the file ends before this `(` is closed: end it with `)`"),
        "{h}"
    );
    assert_eq!(line_col(h, file), (opened, 1), "{h}");
}

/// A field's name in quotes, as JSON writes it (`"turns": 14`): said so, with the fix.
#[test]
fn a_field_name_in_quotes_is_told_to_lose_them() {
    let file = "levels/2013_third_test.ron";
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let turns = text
        .lines()
        .find(|l| l.starts_with("    turns: "))
        .expect("the level's turns")
        .to_string();
    let quoted = turns.replacen("turns:", "\"turns\":", 1);
    let (dir, out) = broken("json-name", file, &turns, &quoted);
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(
            "a field's name is written without quotes in RON, found `\"turns\":`: write `turns:`"
        ),
        "{h}"
    );
    let line = line_number_of(&dir, file, &quoted);
    assert_eq!(line_col(h, file), (line, 5), "at the name: {h}");
}

/// A condition written with a value missing (`AtMost("tension")`) says what the variant takes,
/// with an example, not ron's "tuple variant Condition::AtMost with 2 elements".
#[test]
fn a_condition_missing_its_number_says_what_it_takes() {
    let file = "levels/2013_third_test.ron";
    let (dir, out) = broken(
        "variant-length",
        file,
        "AtMost(\"tension\", 30)",
        "AtMost(\"tension\")",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains("`AtMost` takes 2 values, found 1: a variable and a number, as `AtMost(\"world.talks\", 30)`"),
        "{h}"
    );
    assert!(!h.contains("Condition::"), "{h}");

    // One value too many: said the same way, at the extra value.
    let (dir, out) = broken(
        "variant-too-long",
        file,
        "AtMost(\"tension\", 30)",
        "AtMost(\"tension\", 30, 5)",
    );
    let h = headline(&out, &dir, file);
    assert!(
        h.contains(".AtMost: `AtMost` takes 2 values, found more: a variable and a number, as `AtMost(\"world.talks\", 30)`: remove this one"),
        "{h}"
    );
    let line = line_number_of(&dir, file, "AtMost(\"tension\", 30, 5)");
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let col = text.lines().nth(line - 1).unwrap().find(", 5)").unwrap() + 3;
    assert_eq!(line_col(h, file), (line, col), "at the value too many: {h}");
}

/// A policy named otherwise than its file (`careful.ron` holding `name: "hotline_first"`) is
/// warned of at its name: `--policy careful` loads it and the tables print the other name.
/// The shipped and test policies are each named after their file.
#[test]
fn a_policy_named_otherwise_than_its_file_is_warned_of() {
    let dir = support::scratch_dir("policy-name");
    let file = dir.join("careful.ron");
    std::fs::write(
        &file,
        "(\n    name: \"hotline_first\",\n    families: {Restraint: 2.0},\n)\n",
    )
    .unwrap();
    let (code, out, err) = run(&["validate", file.to_str().unwrap()]);
    assert_eq!(code, 0, "a warning, not an error: {out}{err}");
    assert!(
        out.contains("careful.ron:2:11: name: warning: the policy's name \"hotline_first\" is not its file's (careful.ron)"),
        "{out}"
    );
    for folder in ["assets/policies", "tests/policies", "docs/balance"] {
        let (_, out, err) = run(&["validate", folder]);
        assert!(
            !out.contains("is not its file's"),
            "{folder}: a policy named otherwise than its file: {out}{err}"
        );
    }
}

/// A rung that does not climb above the one before it names that rung, so the modder sees
/// which two collide without counting entries.
#[test]
fn a_rung_that_does_not_climb_names_the_rung_before_it() {
    let (_dir, out) = broken(
        "rung-climb",
        "assets/rules/ladder.ron",
        "name: \"Provocations\", from: 50,",
        "name: \"Provocations\", from: 35,",
    );
    assert!(
        out.contains(
            "rungs[3].from: rungs must climb: from (35) must be above the previous rung's, \"signals\" (from 35)"
        ),
        "{out}"
    );
}
