//! What kind of data file a RON text is, judged from its fields before it is parsed: a player
//! policy, a game's command log, or a level. `validate` sends a file to the right checks
//! by it wherever the file lives, `play --moves` reads a policy or a log by it, and a levels
//! folder that holds a policy or a log says so, instead of listing a level's missing fields.

/// A RON text without its `//` comments, for a first look at which fields it has.
fn without_comments(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether the first field of the RON struct in `code` (comments already taken out) is one
/// of `fields` (each written with its colon, `"level:"`).
fn first_field_is(code: &str, fields: &[&str]) -> bool {
    let inside = code.trim_start().trim_start_matches('(').trim_start();
    fields.iter().any(|f| inside.starts_with(f))
}

/// Whether the text opens with a format version, as a desktop save does.
pub fn opens_with_version(text: &str) -> bool {
    first_field_is(&without_comments(text), &["version:"])
}

/// Whether a RON text is a player policy (it scores families or actions) rather than a level or
/// a moves file: policies are recognised by their content wherever they live.
pub fn looks_like_policy(text: &str) -> bool {
    let code = without_comments(text);
    let has = |key: &str| {
        code.match_indices(key).any(|(i, _)| {
            let before = code[..i].chars().last();
            let after = code[i + key.len()..].trim_start().chars().next();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && after == Some(':')
        })
    };
    // A policy opens with its `name` (a level with its `id`, a log with its level, seed or
    // moves), so a policy whose `families` is misspelt (`family:`) is still read as a policy
    // and told of its misspelt field, not read as a level that lacks a hundred fields.
    // An AI's rules file has `rules:` too, but opens with its `actor`.
    looks_like_rules_file(text).is_none()
        && (has("families")
            || (has("rules") && !has("turns") && !has("moves"))
            || (first_field_is(&code, &["name:"]) && !has("turns") && !has("moves")))
}

/// Whether a RON text is a game's command log (`play --log`), or a desktop save (the same
/// command log with a format version and the save's own fields): a list of moves and no turns.
pub fn looks_like_log(text: &str) -> bool {
    let code = without_comments(text);
    // A level has `turns:`; a log may have `of_turns:` (a what-if's), which is not it.
    let names_turns = code.match_indices("turns:").any(|(at, _)| {
        !code[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    });
    first_field_is(&code, &["level:", "seed:", "moves:", "version:"])
        && code.contains("moves")
        && !names_turns
}

/// What a level found where a player policy was looked for is told (`looks_like_level`).
pub const A_LEVEL_NOT_A_POLICY: &str = "this is a level, not a player policy: a level goes in a \
     levels/ folder (a mod's, beside its policies/, or the game's own levels/)";

/// Whether a RON text is a level: it opens with its `id` and says how many `turns` it lasts
/// (a policy or a log never does both), for a policies folder that holds one by mistake.
pub fn looks_like_level(text: &str) -> bool {
    let code = without_comments(text);
    let names_turns = code.match_indices("turns").any(|(at, key)| {
        let before = code[..at].chars().next_back();
        let after = code[at + key.len()..].trim_start().chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && after == Some(':')
    });
    first_field_is(&code, &["id:"]) && names_turns && !looks_like_log(text)
}

/// The rules file a RON text is a copy of, judged by its first field (`events:` for
/// events.ron, `actor:` for an AI's file, ...), or None: for a renamed copy of one, read
/// where a level is expected.
pub fn looks_like_rules_file(text: &str) -> Option<&'static str> {
    let code = without_comments(text);
    [
        ("actions:", "actions.ron"),
        ("actors:", "actors.ron"),
        ("advisors:", "advisors.ron"),
        ("events:", "events.ron"),
        ("rungs:", "ladder.ron"),
        ("actor:", "pyongyang.ron or beijing.ron"),
    ]
    .into_iter()
    .find(|(field, _)| first_field_is(&code, &[field]))
    .map(|(_, file)| file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_kinds_are_told_apart() {
        let policy = "(\n    name: \"hawk\", // a policy\n    families: {ShowOfForce: 3.0},\n)";
        let log = "(level: Some(\"sandbox\"), seed: Some(3), moves: [\"hold_course\"])";
        let whatif = "(level: \"sandbox\", moves: [], whatif: (from_turn: 2, of_turns: 8))";
        let level = "(id: \"sandbox\", title: \"Sandbox\", turns: 12, objectives: [])";
        assert!(looks_like_policy(policy) && !looks_like_log(policy));
        assert!(looks_like_log(log) && !looks_like_policy(log));
        assert!(
            looks_like_log(whatif),
            "a what-if's of_turns is not a level's turns"
        );
        assert!(!looks_like_log(level) && !looks_like_policy(level));
        assert!(opens_with_version(
            "(version: 1, level: \"sandbox\", moves: [])"
        ));
    }
}
