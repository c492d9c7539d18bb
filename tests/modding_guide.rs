//! Keeps the modding guide complete. `docs/modding.md` promises every field of every RON type a
//! modder writes. This test reads the serde types straight from the source
//! (`src/rules/raw.rs` and `src/rules/mods.rs`): every `pub struct` and `pub enum` whose derive
//! list holds `Deserialize`, with its fields, or its variants and the fields of its struct-like
//! variants. It then checks that the guide has a `### TypeName` section for each type, and that
//! every one of those names appears in backticks in that section (outside code blocks, so a
//! table or a sentence must name it, not only an example). Add a field to a type without
//! documenting it and this test fails, listing everything that is missing at once.
//! A second test makes sure the parser really finds the types, so the first cannot pass by
//! finding nothing, and a third loads the guide's tutorial mod and checks that it is clean.

mod support;

use std::collections::BTreeMap;
use support::root;

/// A serde type as read from the source: its name and the names a modder writes.
#[derive(Debug)]
struct SerdeType {
    name: String,
    is_enum: bool,
    /// Struct fields; or enum variants followed by the fields of struct-like variants.
    members: Vec<String>,
}

fn read(rel: &str) -> String {
    let path = root().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The code of a line: without its `//` comment (doc comments included) and trimmed.
fn code(line: &str) -> &str {
    line.split("//").next().unwrap_or("").trim()
}

/// The identifier `s` starts with (letters, digits, `_`), or "" when it starts with none.
fn leading_ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// Every `name:` in `s` at the top level of a `{ ... }` list, e.g. the fields of
/// `Tension { amount: f32, decay: f32 }`. Generic arguments may hold commas, so the text is
/// split at commas outside `<>` and `()`.
fn inline_fields(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut part = String::new();
    for c in s.chars().chain(std::iter::once(',')) {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth == 0 {
            let p = part.trim();
            let name = leading_ident(p);
            if !name.is_empty() && p[name.len()..].trim_start().starts_with(':') {
                out.push(name.to_string());
            }
            part.clear();
        } else {
            part.push(c);
        }
    }
    out
}

/// The serde types of a Rust source file (see the module docs for what counts).
fn serde_types(src: &str) -> Vec<SerdeType> {
    let lines: Vec<&str> = src.lines().collect();
    let mut types = Vec::new();
    // Whether the last derive seen (not yet used by a struct or enum) lists Deserialize.
    let mut deserialize = false;
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        i += 1;
        if t.starts_with("#[derive(") {
            // A long derive list may be wrapped over several lines.
            let mut derive = t.to_string();
            while !derive.contains(")]") && i < lines.len() {
                derive.push_str(lines[i].trim());
                i += 1;
            }
            deserialize = derive
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .any(|w| w == "Deserialize");
            continue;
        }
        // Other attributes, doc comments and comments sit between a derive and its type.
        if t.starts_with("#[") || t.starts_with("//") || t.is_empty() {
            continue;
        }
        let (is_enum, rest) = if let Some(r) = t.strip_prefix("pub struct ") {
            (false, r)
        } else if let Some(r) = t.strip_prefix("pub enum ") {
            (true, r)
        } else {
            deserialize = false;
            continue;
        };
        let wanted = deserialize;
        deserialize = false;
        let name = leading_ident(rest).to_string();
        if !wanted || !code(t).ends_with('{') {
            continue;
        }
        // The body: members are read at depth 1; struct-like variants' fields at depth 2.
        let mut members = Vec::new();
        let mut depth = 1i32;
        while i < lines.len() && depth > 0 {
            let line = code(lines[i]);
            i += 1;
            if line.starts_with("#[") || line.is_empty() {
                continue;
            }
            if depth == 1 {
                let item = line.strip_prefix("pub ").unwrap_or(line);
                let ident = leading_ident(item);
                let after = item[ident.len()..].trim_start();
                if !ident.is_empty() {
                    if !is_enum {
                        if after.starts_with(':') {
                            members.push(ident.to_string());
                        }
                    } else {
                        members.push(ident.to_string());
                        // A one-line struct-like variant: `Tension { amount: f32, decay: f32 },`
                        if let (Some(open), Some(close)) = (after.find('{'), after.rfind('}'))
                            && close > open
                        {
                            members.extend(inline_fields(&after[open + 1..close]));
                        }
                    }
                }
            } else if depth == 2 && is_enum {
                // A field of a struct-like variant written over several lines.
                let ident = leading_ident(line);
                if !ident.is_empty() && line[ident.len()..].trim_start().starts_with(':') {
                    members.push(ident.to_string());
                }
            }
            depth += line.matches('{').count() as i32;
            depth -= line.matches('}').count() as i32;
        }
        types.push(SerdeType {
            name,
            is_enum,
            members,
        });
    }
    types
}

/// Every serde type a modder writes: the data files' types and the mod manifest.
fn all_types() -> Vec<SerdeType> {
    let mut types = serde_types(&read("src/rules/raw.rs"));
    types.extend(serde_types(&read("src/rules/mods.rs")));
    types
}

/// The guide's `### ` sections by heading text (code blocks are not searched for headings).
fn sections(guide: &str) -> Vec<(String, Vec<&str>)> {
    let mut out: Vec<(String, Vec<&str>)> = Vec::new();
    let mut in_fence = false;
    let mut current: Option<(String, Vec<&str>)> = None;
    for line in guide.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if !in_fence && line.starts_with('#') {
            if let Some(s) = current.take() {
                out.push(s);
            }
            if let Some(h) = line.strip_prefix("### ") {
                current = Some((h.trim().to_string(), Vec::new()));
            }
            continue;
        }
        if let Some((_, body)) = current.as_mut() {
            body.push(line);
        }
    }
    out.extend(current);
    out
}

/// Whether a heading is the section of type `name`: it starts with the name (in backticks or
/// not), followed by nothing or by words that do not continue the identifier.
fn heading_names(heading: &str, name: &str) -> bool {
    let h = heading.trim_start_matches('`');
    h.strip_prefix(name)
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_'))
}

/// The words inside inline code spans of a section's lines, outside fenced code blocks.
fn backticked_words(body: &[&str]) -> std::collections::BTreeSet<String> {
    let mut words = std::collections::BTreeSet::new();
    let mut in_fence = false;
    for line in body {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        for (k, span) in line.split('`').enumerate() {
            if k % 2 == 1 {
                for w in span.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                    if !w.is_empty() {
                        words.insert(w.to_string());
                    }
                }
            }
        }
    }
    words
}

#[test]
fn every_field_of_every_ron_type_is_in_the_modding_guide() {
    let guide = read("docs/modding.md");
    let sections = sections(&guide);
    let mut missing: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut no_section = Vec::new();
    for ty in all_types() {
        let Some((_, body)) = sections.iter().find(|(h, _)| heading_names(h, &ty.name)) else {
            no_section.push(ty.name.clone());
            continue;
        };
        let words = backticked_words(body);
        let absent: Vec<String> = ty
            .members
            .iter()
            .filter(|m| !words.contains(*m))
            .cloned()
            .collect();
        if !absent.is_empty() {
            missing.insert(ty.name.clone(), absent);
        }
    }
    let mut report = String::new();
    for name in &no_section {
        report += &format!("  no `### {name}` section\n");
    }
    for (name, absent) in &missing {
        report += &format!(
            "  ### {name}: not named in backticks: {}\n",
            absent.join(", ")
        );
    }
    assert!(
        report.is_empty(),
        "docs/modding.md does not document every RON field (src/rules/raw.rs, src/rules/mods.rs); \
         give each type a `### TypeName` section that names each field or variant in backticks \
         (a table row such as | `field` | type | default | range | meaning | will do):\n{report}"
    );
}

#[test]
fn the_parser_finds_the_types_and_their_fields() {
    let types = all_types();
    let by_name: BTreeMap<&str, &SerdeType> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    assert!(
        types.len() >= 30,
        "only {} serde types found in src/rules/raw.rs and src/rules/mods.rs: {:?}",
        types.len(),
        by_name.keys().collect::<Vec<_>>()
    );
    let has = |ty: &str, member: &str| {
        by_name
            .get(ty)
            .unwrap_or_else(|| panic!("type {ty} not found"))
            .members
            .iter()
            .any(|m| m == member)
    };
    // A plain struct, the manifest, an `Option` field and an attribute-laden field.
    assert!(has("LevelDef", "turns"));
    assert!(has("LevelDef", "injects"));
    assert!(has("ModManifest", "load_after"));
    assert!(has("MovesFile", "difficulty"));
    assert!(has("AiPatch", "remove"));
    // Enums: unit variants, tuple variants, struct-like variants on one line and on several.
    assert!(by_name["Family"].is_enum);
    assert_eq!(
        by_name["Family"].members.len(),
        4,
        "{:?}",
        by_name["Family"]
    );
    assert!(has("Condition", "AtLeast"));
    assert!(has("Condition", "Did"));
    assert!(has("Condition", "at_least"));
    assert!(has("Condition", "Not"));
    assert!(has("Effect", "Tension"));
    assert!(has("Effect", "decay"));
    assert!(has("Effect", "otherwise"));
    // Types without Deserialize are not the modder's business.
    assert!(!by_name.contains_key("ModEntry"));
    assert!(!by_name.contains_key("ModSource"));
    // Struct fields are never mistaken for types, nor comments for fields.
    assert!(!has("ActionDef", "Variables"));
    assert!(by_name["ActionDef"].members.iter().all(|m| !m.is_empty()));

    // The tricky shapes on a sample: a wrapped derive, a doc comment and attributes between the
    // derive and the type, fields with generics, and a variant with a comma inside its type.
    let sample = r#"
#[derive(Debug, Clone,
    Deserialize)]
/// A doc comment { with a brace }.
#[serde(deny_unknown_fields)]
pub struct Sample {
    /// The first field.
    #[serde(default = "one")]
    pub first: u32,
    pub pairs: Vec<(String, f32)>, // a comment: not_a_field: here
}
#[derive(Debug, Serialize)]
pub struct NotSerde {
    pub hidden: u32,
}
#[derive(Deserialize)]
pub enum Shape {
    Unit,
    Tuple(String, f32),
    Inline { a: f32, b: Vec<(String, f32)> },
    Multi {
        c: u32,
        #[serde(default)]
        d: Option<String>,
    },
}
"#;
    let parsed = serde_types(sample);
    let names: Vec<&str> = parsed.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Sample", "Shape"]);
    assert_eq!(parsed[0].members, ["first", "pairs"]);
    assert_eq!(
        parsed[1].members,
        ["Unit", "Tuple", "Inline", "a", "b", "Multi", "c", "d"]
    );
}

#[test]
fn the_guides_tutorial_mod_loads_clean() {
    let tutorial = root().join("docs/tutorial/mod");
    assert!(
        tutorial.join("mod.ron").is_file(),
        "the tutorial mod of docs/modding.md is missing"
    );
    let dirs = peninsula::rules::mods::ModDirs::only(vec![tutorial]);
    let data = peninsula::rules::load_data_with(&root(), &dirs).expect("the base rules load");
    for m in &data.mods {
        assert!(
            m.ok(),
            "the tutorial mod has problems: {:?}\n{}",
            m.problems,
            m.diagnostics
        );
    }
    let level = data
        .level("tutorial_hotline")
        .and_then(|l| l.scenario())
        .expect("the tutorial level tutorial_hotline loads");
    assert!(
        level.actions.iter().any(|a| a.id == "sea_talks"),
        "the tutorial level adds its own action"
    );
    let policy = root().join("docs/tutorial/mod/policies/hotline_first.ron");
    if let Err(e) =
        peninsula::sim::policy::Policy::load(level, &root(), &policy.display().to_string())
    {
        panic!("the tutorial's policy does not load: {e}");
    }
}

/// The guide tells a modder how full the shipped condition tables are, so they know whether a
/// rule of their own with a new condition fits: the figures it gives are the ones the shipped
/// data compiles to, on every level.
#[test]
fn the_guide_says_how_full_the_shipped_condition_tables_are() {
    let data = peninsula::rules::load_data(&root()).expect("shipped data loads");
    let guide = read("docs/modding.md");
    for level in data.levels.iter().filter_map(|l| l.scenario()) {
        let c = &level.checks;
        let slots = |asked: (usize, usize)| asked.0 + asked.1;
        let pyongyang = slots(c.pyongyang.atoms.asked);
        let free = peninsula::rules::atoms::MAX_ATOMS.saturating_sub(pyongyang);
        let said = format!(
            "the shipped Pyongyang asks {pyongyang} distinct conditions, so a mod can add {free} of its own"
        );
        let rest = format!(
            "Beijing asks {}, the events {}",
            slots(c.beijing.atoms.asked),
            slots(c.events.atoms.asked)
        );
        let flat = guide.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(&said) && flat.contains(&rest),
            "{}: docs/modding.md should say \"{said}\" and \"{rest}\"",
            level.id()
        );
    }
}

/// The guide's count of what the shipped AIs use, and so the room a mod has under each limit,
/// is the shipped rules' own.
#[test]
fn the_guides_room_under_the_ai_limits_is_the_shipped_rules() {
    let guide = read("docs/modding.md");
    let rules = &support::scenario("sandbox").rules;
    let (py, bj) = (&rules.pyongyang, &rules.beijing);
    let said = format!(
        "The shipped Pyongyang uses {} responses, {} rules, {} motives, {} dispositions and {} analysts",
        py.responses.len(),
        py.rules.len(),
        py.motives.len(),
        py.dispositions.len(),
        py.analysts.len()
    );
    assert!(guide.contains(&said), "the guide should say: {said}");
    let room = |used: usize, most: usize| match most - used {
        1 => "one".to_string(),
        n => n.to_string(),
    };
    let said = format!(
        "so a mod may add {} motive, {} disposition and {} analyst",
        room(py.motives.len(), 8),
        room(py.dispositions.len(), 4),
        room(py.analysts.len(), 3)
    );
    assert!(guide.contains(&said), "the guide should say: {said}");
    let said = format!(
        "Beijing uses {} responses and {} rules",
        bj.responses.len(),
        bj.rules.len()
    );
    assert!(guide.contains(&said), "the guide should say: {said}");
}
