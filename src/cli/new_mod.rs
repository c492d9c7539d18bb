//! `peninsula new-mod NAME [--from LEVEL]`: writes a ready-to-edit mod folder — a commented
//! `mod.ron`, one level (a copy of LEVEL under a new id, or the commented sandbox as a template),
//! an empty `policies/` and `rules/` with a note on each, and a README with the commands that
//! check and play it. The folder validates clean as written. It never overwrites anything.

use crate::rules::DataSet;
use std::path::{Path, PathBuf};

/// A snake_case id from a free-form name: "Yellow Sea 2010" → "yellow_sea_2010", "Ünïcode
/// Mod!" → "unicode_mod" (accented Latin letters lose their accents; other letters are left
/// out).
pub fn mod_id(name: &str) -> String {
    let mut id = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            // A combining accent (a decomposed "ü", the dot of "İ"): the letter before it
            // stands for both.
            continue;
        } else if let Some(plain) = without_accent(c) {
            id.push_str(plain);
        } else if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('_') && !id.is_empty() {
            id.push('_');
        }
    }
    let id = id.trim_end_matches('_').to_string();
    match id.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("mod_{id}"),
        Some(_) => id,
        None => "my_mod".to_string(),
    }
}

/// The plain letters of an accented lower-case Latin letter.
fn without_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'æ' => "ae",
        'ç' | 'č' | 'ć' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ñ' | 'ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
        'œ' => "oe",
        'ß' => "ss",
        'š' | 'ś' => "s",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => "u",
        'ý' | 'ÿ' => "y",
        'ž' | 'ź' | 'ż' => "z",
        'ł' => "l",
        _ => return None,
    })
}

/// Writes the mod; returns its folder and its level's id, or a message saying why not.
pub fn new_mod(
    data: &DataSet,
    name: &str,
    from: Option<&str>,
    out: Option<&Path>,
) -> Result<(PathBuf, String), String> {
    // No name at all: the template's own, so that the mod still validates clean (an empty
    // title is refused).
    let name = if name.trim().is_empty() {
        "My mod"
    } else {
        name
    };
    let id = mod_id(name);
    // A name with no Latin letter or digit in it ("日本語") has no id to give the folder: say
    // so, rather than write (or refuse) a `my_mod` the modder never named.
    if id == "my_mod" && !name.trim().is_empty() && mod_id(&format!("{name} x")) == "x" {
        return Err(format!(
            "\"{name}\" has no Latin letter or digit to make the mod's id from (ids are lowercase ASCII, digits and `_`); give a name such as \"nihon_crisis\", then set the title you want in mod.ron's `name` (nothing was written)"
        ));
    }
    let parent = match out {
        Some(dir) => dir.to_path_buf(),
        None => data
            .mod_dirs
            .user
            .clone()
            .ok_or("no user mods folder (set PENINSULA_MODS_DIR or pass --out DIR)")?,
    };
    // Two mods with one id: the second would not load, and `validate` of either alone passes.
    if let Some(other) = data
        .mods
        .iter()
        .find(|m| m.manifest.as_ref().is_some_and(|mf| mf.id == id))
    {
        return Err(format!(
            "a mod with the id \"{id}\" is already installed ({}): two mods with one id cannot both load; choose another name (nothing was written)",
            other.dir.display()
        ));
    }
    let dir = parent.join(&id);
    if dir.exists() {
        return Err(format!(
            "{} already exists; choose another name or --out folder (nothing was written)",
            dir.display()
        ));
    }
    // The level: LEVEL's own file, or the sandbox as a template, under an id nothing uses.
    let source_id = from.unwrap_or("sandbox");
    let Some(entry) = data.level(source_id) else {
        let hint = crate::rules::diagnostics::suggestion(source_id, data.level_ids());
        return Err(format!(
            "--from {source_id}: no such level{hint}; the levels: {}",
            data.level_ids().join(", ")
        ));
    };
    let Some(sc) = entry.scenario() else {
        return Err(format!(
            "--from {source_id}: that level has problems; run `peninsula validate` first"
        ));
    };
    let text = std::fs::read_to_string(&sc.path)
        .map_err(|e| format!("cannot read {}: {e}", sc.path.display()))?;
    let mut level_id = id.clone();
    while data.level(&level_id).is_some() {
        level_id.push_str("_level");
    }
    let from_line = format!("id: \"{source_id}\"");
    if !text.contains(&from_line) {
        return Err(format!(
            "{}: cannot find `{from_line}` to rename the copy",
            sc.path.display()
        ));
    }
    let mut level = text.replacen(&from_line, &format!("id: \"{level_id}\""), 1);
    // Titled after the mod, so that the level list does not show two of the same name.
    if let Some(at) = level.find("\n    title: ") {
        let start = at + "\n    title: ".len();
        if let Some(end) = level[start..].find(",\n").map(|e| start + e) {
            let title = ron::to_string(name).unwrap_or_else(|_| "\"My mod\"".into());
            level.replace_range(start..end, &title);
        }
    }
    // A mod's level is played alone: the base campaign's order does not apply.
    if let Some(at) = level.find("\n    campaign:") {
        let end = level[at + 1..]
            .find('\n')
            .map(|e| at + 1 + e)
            .unwrap_or(level.len());
        level.replace_range(at..end, "");
    }
    let header = match from {
        Some(l) => format!(
            "// Your mod's level, copied from the level `{l}` under the id \"{level_id}\".\n// Edit anything; `peninsula validate --mod {}` checks it. docs/modding.md explains every field.\n\n",
            dir.display()
        ),
        None => format!(
            "// Your mod's level: a template copied from the base game's sandbox under the id\n// \"{level_id}\". Change the title, the briefing, the objectives; give every historical fact a\n// `source`. `peninsula validate --mod {}` checks it; docs/modding.md explains every field.\n\n",
            dir.display()
        ),
    };
    // A level copied from a mod, or played under a mod's rules, needs those mods: its tags,
    // actions and rules may be theirs.
    let mut depends: Vec<String> = sc
        .rules
        .patched_by
        .iter()
        .filter_map(|m| m.split(' ').next().map(str::to_string))
        .collect();
    if let Some(m) = data
        .mods
        .iter()
        .find(|m| m.in_use() && m.levels.iter().any(|l| l == source_id))
    {
        depends.push(m.id());
    }
    depends.dedup();
    let depends = depends
        .iter()
        .map(|d| ron::to_string(d).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(", ");
    let version = env!("CARGO_PKG_VERSION");
    let game = version
        .rsplit_once('.')
        .map(|(mm, _)| mm)
        .unwrap_or(version);
    let manifest = format!(
        r#"// The manifest of your mod (read into `ModManifest`; docs/modding.md lists every field).
(
    // snake_case and unique among installed mods; other mods name it in `depends`.
    id: "{id}",
    // Shown on the Mods screen and beside your levels.
    name: {name},
    version: "0.1.0",
    author: "",
    description: "",
    // The game version this mod was made for, as "major.minor"; "" accepts any.
    game: "{game}",
    // Mods that must load before this one (a missing one stops this mod).
    depends: [{depends}],
    // Mods this one loads after when they are installed (a missing one is fine).
    load_after: [],
)
"#,
        name = ron::to_string(name).unwrap_or_else(|_| "\"My mod\"".into()),
    );
    let readme = format!(
        "# {name}\n\nA Peninsula mod (id `{id}`), made with `peninsula new-mod`.\n\n\
         - `mod.ron`: the manifest.\n\
         - `levels/{level_id}.ron`: the level. Every field is explained in the comments at its top and in `docs/modding.md`.\n\
         - `policies/`: player policies (`NAME.ron`), usable as `--policy NAME` while the mod is in use.\n\
         - `rules/`: patches to the base rules, named after the file they change (`actions.ron`, `pyongyang.ron`, `beijing.ron`, `events.ron`, `ladder.ron`, `advisors.ron`); an entry with a new id is added, one with an existing id replaces it, `remove` takes entries out.\n\n\
         Check and play it:\n\n\
         ```sh\n\
         peninsula validate --mod {dir}\n\
         peninsula --mod {dir} play --level {level_id} --moves balanced\n\
         peninsula --mod {dir} sim --level {level_id} --policy hawk,dove,balanced --runs 1000\n\
         ```\n\n\
         Installed in the user mods folder, it loads in the desktop game by itself; elsewhere, start the game with `--mod {dir}`.\n",
        name = name,
        dir = dir.display(),
    );
    let write = |path: PathBuf, text: &str| -> Result<(), String> {
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p)
                .map_err(|e| format!("cannot create {}: {e}", p.display()))?;
        }
        crate::save::write_atomically(&path, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(dir.join("mod.ron"), &manifest)?;
    write(
        dir.join("levels").join(format!("{level_id}.ron")),
        &(header + &level),
    )?;
    write(dir.join("README.md"), &readme)?;
    std::fs::create_dir_all(dir.join("policies"))
        .and_then(|_| std::fs::create_dir_all(dir.join("rules")))
        .map_err(|e| format!("cannot create folders in {}: {e}", dir.display()))?;
    Ok((dir, level_id))
}
