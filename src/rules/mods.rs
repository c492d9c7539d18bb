//! Mods: self-contained folders that add levels and policies on top of the base game. A mod is
//! a folder with a `mod.ron` manifest (id, name, version, author, description, the game version
//! it needs, the mods it depends on) and its own `levels/*.ron` and `policies/*.ron`. Mods come
//! from every sub-folder of the user mods folder (`PENINSULA_MODS_DIR`, else `mods/` in the
//! platform data folder) and from every `--mod DIR`; they load in dependency order, then by id.
//! A mod that fails (a broken manifest, a missing dependency, a cycle, a wrong game version, a
//! level id another mod or the base game already uses, a file that leaves its folder) is listed
//! with its problems and its levels are not offered; everything else still plays. A mod is data
//! only: nothing in it runs.

use super::diagnostics::{Diagnostic, Diagnostics, suggestion};
use super::load::{MAX_FILE_BYTES, compile_rules, load_level, parse, ron_files};
use super::model::Rules;
use super::patch::{Changes, Patcher, RawRules, apply_file};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A mod's `mod.ron`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ModManifest {
    /// snake_case, unique among installed mods.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub description: String,
    /// The game version it was made for, as "major.minor" (e.g. "0.1"); empty: any.
    #[serde(default)]
    pub game: String,
    /// Ids of mods that must load before this one.
    #[serde(default)]
    pub depends: Vec<String>,
    /// Ids of mods this one loads after when they are installed; unlike `depends`, a missing
    /// one is not an error.
    #[serde(default)]
    pub load_after: Vec<String>,
}

/// Where a mod was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModSource {
    /// A sub-folder of the user mods folder.
    UserFolder,
    /// Named with `--mod DIR`.
    CommandLine,
}

impl ModSource {
    pub fn label(self) -> &'static str {
        match self {
            ModSource::UserFolder => "mods folder",
            ModSource::CommandLine => "--mod",
        }
    }
}

/// A mod as loaded: what it adds, and its problems (none: it is in use).
#[derive(Debug, Clone)]
pub struct ModEntry {
    pub dir: PathBuf,
    pub source: ModSource,
    /// The manifest; None when `mod.ron` is missing or broken.
    pub manifest: Option<ModManifest>,
    /// Ids of the levels it adds (loaded or broken).
    pub levels: Vec<String>,
    /// The policy files it adds.
    pub policies: Vec<PathBuf>,
    /// Its `rules/*.ron` patches.
    pub rule_files: Vec<PathBuf>,
    /// What its rules patches add, override and remove.
    pub changes: Changes,
    /// Why the mod is not in use, one line each; empty when it is.
    pub problems: Vec<String>,
    /// False when the player turned it off (on the Mods screen): listed, but adds nothing.
    pub enabled: bool,
    /// The problems of its files, with positions.
    pub diagnostics: Diagnostics,
    /// What lies in its folder that the game does not read (a `Levels/` folder, a level file
    /// beside `mod.ron`): warnings, as a mod may carry its own notes and pictures.
    pub unread: Vec<Diagnostic>,
}

impl ModEntry {
    /// A problem with one field of one of the mod's files (`depends[1]` of `mod.ron`,
    /// `remove[0]` of `rules/actions.ron`): reported at that field's place, with its line, when
    /// the field can be found in the file; else as a problem of the whole mod.
    fn problem_at(&mut self, file: &Path, field: &str, message: String) {
        let text = super::load::without_bom(std::fs::read_to_string(file).unwrap_or_default());
        match super::ron_path::locate(&text, field) {
            Some(at) => self
                .diagnostics
                .push(Diagnostic::at_position(file, &text, at, message)),
            None => self.problems.push(message),
        }
    }

    /// A problem with the `i`-th entry of the manifest's `depends`.
    fn dependency_problem(&mut self, i: usize, message: String) {
        let manifest = self.dir.join("mod.ron");
        self.problem_at(&manifest, &format!("depends[{i}]"), message);
    }

    /// Its id: the manifest's, else the folder's name.
    pub fn id(&self) -> String {
        match &self.manifest {
            Some(m) => m.id.clone(),
            None => folder_name(&self.dir),
        }
    }

    /// Its manifest's name; its id when the manifest has none (a nameless mod is refused, and
    /// still listed), and its folder's name when it has no id either.
    pub fn name(&self) -> String {
        match &self.manifest {
            Some(m) if !m.name.trim().is_empty() => m.name.clone(),
            Some(m) if !m.id.trim().is_empty() => m.id.clone(),
            _ => folder_name(&self.dir),
        }
    }

    pub fn ok(&self) -> bool {
        self.problems.is_empty() && self.diagnostics.is_empty()
    }

    /// The first reason it is not in use, at its place in the mod's files when it has one
    /// (`path:line:col: field: message`); None when it loads.
    pub fn first_problem(&self) -> Option<String> {
        // The first in its file, as `validate` lists them: the checks find a line's problems
        // in their own order (a modder was shown the third of three, at the end of the line).
        let found = &self.diagnostics.0;
        found
            .first()
            .and_then(|first| {
                found
                    .iter()
                    .filter(|d| d.file == first.file)
                    .min_by_key(|d| (d.at.line, d.at.col))
            })
            .map(|d| d.headline())
            .or_else(|| self.problems.first().cloned())
    }

    /// Whether its levels are offered: it loads and is turned on.
    pub fn in_use(&self) -> bool {
        self.ok() && self.enabled
    }
}

fn folder_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| dir.display().to_string())
}

/// The folders mods are read from, besides the base game.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModDirs {
    /// The user mods folder (each sub-folder is a mod), if any.
    pub user: Option<PathBuf>,
    /// `--mod DIR`, in the order given.
    pub extra: Vec<PathBuf>,
    /// Ids of mods the player turned off (kept in the profile).
    pub disabled: Vec<String>,
    /// Whether a mod named with `--mod` loads even when `disabled` names it (the command line:
    /// naming it is asking for it).
    pub keep_named: bool,
}

impl ModDirs {
    /// `PENINSULA_MODS_DIR`, else `mods/` in the platform data folder (`~/.local/share/peninsula/mods`
    /// on Linux, `%APPDATA%\Peninsula\peninsula\data\mods` on Windows), plus `extra`.
    pub fn standard(extra: Vec<PathBuf>) -> Self {
        let user = std::env::var_os("PENINSULA_MODS_DIR")
            .map(PathBuf::from)
            .or_else(|| crate::save::platform_data_folder().map(|d| d.join("mods")));
        ModDirs {
            user,
            extra,
            disabled: Vec::new(),
            keep_named: false,
        }
    }

    /// Where the user mods folder is, in words (for the listing and the Mods screen).
    pub fn user_place(&self) -> String {
        self.user
            .as_ref()
            .map(|d| d.display().to_string())
            .unwrap_or_else(|| "no mods folder".into())
    }

    /// Only the `--mod` folders (tests and tools that must not see the user's mods).
    pub fn only(extra: Vec<PathBuf>) -> Self {
        ModDirs {
            user: None,
            extra,
            disabled: Vec::new(),
            keep_named: false,
        }
    }

    /// Every mod folder found, with where it was found.
    pub fn found(&self) -> Vec<(PathBuf, ModSource)> {
        let mut out = Vec::new();
        if let Some(user) = &self.user
            && let Ok(rd) = std::fs::read_dir(user)
        {
            // A hidden folder (`.git`, an editor's) is no mod.
            let mut dirs: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir() && !super::load::is_hidden(p))
                .collect();
            dirs.sort();
            out.extend(dirs.into_iter().map(|d| (d, ModSource::UserFolder)));
        }
        // A folder named with --mod that is already among them (or named twice) is read once,
        // as named on the command line.
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => a == b,
        };
        for d in &self.extra {
            out.retain(|(o, _)| !same(o, d));
            out.push((d.clone(), ModSource::CommandLine));
        }
        out
    }
}

/// Whether `file` lies inside `dir` once symbolic links are followed.
fn inside(dir: &Path, file: &Path) -> bool {
    match (dir.canonicalize(), file.canonicalize()) {
        (Ok(d), Ok(f)) => f.starts_with(d),
        _ => false,
    }
}

/// The folders and `.ron` files at a mod's root that the game does not read: any folder but
/// `levels/`, `policies/` and `rules/` (a `Levels/` or `rule/` is most likely one of them
/// misnamed), and any `.ron` file but `mod.ron` (a level or a policy put beside the manifest).
/// Other files (a README, a picture) are the modder's own.
fn unread_at_the_root(dir: &Path) -> Vec<Diagnostic> {
    const FOLDERS: [&str; 3] = ["levels", "policies", "rules"];
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    entries.sort();
    let mut found = Vec::new();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if super::load::is_hidden(&path) {
            continue;
        }
        let message = if path.is_dir() {
            if FOLDERS.contains(&name.as_str()) {
                continue;
            }
            let hint = suggestion(&name.to_lowercase(), FOLDERS.iter().copied());
            let hint = if hint.is_empty() && FOLDERS.contains(&name.to_lowercase().as_str()) {
                format!(" (did you mean `{}`?)", name.to_lowercase())
            } else {
                hint
            };
            // A near miss holding data files is a mistake, not the modder's notes: everything
            // the mod meant to change would be left out, so the mod is refused until it is
            // renamed.
            let holds_data = std::fs::read_dir(&path).is_ok_and(|rd| {
                rd.filter_map(Result::ok).any(|e| {
                    e.path()
                        .extension()
                        .is_some_and(|x| x.eq_ignore_ascii_case("ron"))
                })
            });
            if !hint.is_empty() && holds_data {
                format!(
                    "a folder the game does not read{hint}, with .ron files in it: none of them would be loaded, so the mod is not used until the folder is renamed (a mod's levels go in levels/, its policies in policies/ and its rules patches in rules/, lower case)"
                )
            } else {
                format!(
                    "warning: a folder the game does not read{hint}: a mod's levels go in levels/, its policies in policies/ and its rules patches in rules/ (lower case)"
                )
            }
        } else if path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("ron"))
            && name != "mod.ron"
        {
            "warning: a .ron file the game does not read: only mod.ron lies beside the folders; a level goes in levels/, a policy in policies/ and a rules patch in rules/".to_string()
        } else {
            continue;
        };
        found.push(Diagnostic::whole_file(&path, message));
    }
    found
}

/// The ids a message quotes (`unknown response "dismantle_site"` gives `dismantle_site`).
fn quoted_ids(message: &str) -> Vec<String> {
    message
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|q| !q.is_empty() && q.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .map(str::to_string)
        .collect()
}

/// Every tag a mod's rules file gives (an action's, a response's, an event's `tags`): its
/// file, its field (`actions[2].tags[0]`) and the tag, in the order they are written.
fn tags_in(file: &Path) -> Vec<(PathBuf, String, String)> {
    strings_in(file, ".tags[")
}

/// The strings of a RON file whose field's last part begins with `last` (`.id` for every
/// `id`, `.tags[` for every tag): its file, its field and the string, in the order written.
fn strings_in(file: &Path, last: &str) -> Vec<(PathBuf, String, String)> {
    let Ok(text) = std::fs::read_to_string(file) else {
        return Vec::new();
    };
    let text = super::load::without_bom(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut found: Vec<(super::ron_path::LineCol, String, String)> = super::ron_path::index(&text)
        .into_iter()
        .filter(|(path, _)| {
            // `.tags[` takes `.tags[3]` (an element); `.id` takes the field itself.
            path.rfind(last).is_some_and(|at| {
                let rest = &path[at + last.len()..];
                if last.ends_with('[') {
                    rest.ends_with(']') && !rest.contains('.')
                } else {
                    rest.is_empty()
                }
            })
        })
        .filter_map(|(path, at)| {
            let line = lines.get(at.line.checked_sub(1)?)?;
            let rest: String = line.chars().skip(at.col.saturating_sub(1)).collect();
            // A field's place is its key's (`id: "x"`); a list element's is its value's.
            let value = match rest.split_once(':') {
                Some((key, after))
                    if !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_') =>
                {
                    after.trim_start()
                }
                _ => rest.as_str(),
            };
            let value = value.strip_prefix('"')?.split('"').next()?.to_string();
            Some((at, path, value))
        })
        .collect();
    found.sort_by_key(|(at, _, _)| *at);
    found
        .into_iter()
        .map(|(_, path, value)| (file.to_path_buf(), path, value))
        .collect()
}

/// Where a mod's rules patch named `file_name` removes `id`: the file and the field
/// (`remove[2]`, `remove.responses[0]`), found by reading the patch's `remove` lists.
fn removal_of(rule_files: &[PathBuf], file_name: &str, id: &str) -> Option<(PathBuf, String)> {
    let file = rule_files
        .iter()
        .find(|f| f.file_name().is_some_and(|n| n == file_name))?;
    let text = super::load::without_bom(std::fs::read_to_string(file).ok()?);
    let places = super::ron_path::index(&text);
    let quoted = format!("\"{id}\"");
    let mut removals: Vec<(&String, &super::ron_path::LineCol)> = places
        .iter()
        // `remove: ["id"]` (actions, events) or `remove: (responses: ["id"])` (an AI's).
        .filter(|(path, _)| {
            (path.starts_with("remove[") || path.starts_with("remove.")) && path.ends_with(']')
        })
        .collect();
    removals.sort_by_key(|(_, at)| **at);
    removals.into_iter().find_map(|(path, at)| {
        let line = text.lines().nth(at.line.checked_sub(1)?)?;
        let rest: String = line.chars().skip(at.col.saturating_sub(1)).collect();
        rest.starts_with(&quoted)
            .then(|| (file.clone(), path.clone()))
    })
}

/// Reads each mod's manifest and checks where its files lead.
fn read_mod(dir: &Path, source: ModSource) -> ModEntry {
    let mut entry = ModEntry {
        dir: dir.to_path_buf(),
        source,
        manifest: None,
        levels: Vec::new(),
        policies: Vec::new(),
        rule_files: Vec::new(),
        changes: Changes::default(),
        problems: Vec::new(),
        enabled: true,
        diagnostics: Diagnostics::default(),
        unread: Vec::new(),
    };
    if !dir.is_dir() {
        entry
            .problems
            .push(format!("{} is not a folder", dir.display()));
        return entry;
    }
    if let Some(d) = super::load::unreadable_folder(dir) {
        entry.diagnostics.push(d);
        return entry;
    }
    let manifest_path = dir.join("mod.ron");
    match std::fs::metadata(&manifest_path) {
        Ok(meta) if !meta.is_file() => entry.problems.push("mod.ron is not a plain file".into()),
        Ok(_) if !inside(dir, &manifest_path) => entry.problems.push(
            "mod.ron leads outside the mod's folder; a mod may only use its own files".into(),
        ),
        Err(_) => entry
            .problems
            .push("no mod.ron: a mod folder needs its manifest".into()),
        Ok(meta) if meta.len() > MAX_FILE_BYTES => entry
            .problems
            .push(format!("mod.ron is over {MAX_FILE_BYTES} bytes")),
        // Read as every data file is: bytes that are not UTF-8 are named at their place.
        Ok(_) => match super::load::read_checked(&manifest_path) {
            Err(d) => entry.diagnostics.push(d),
            Ok(text) => match parse::<ModManifest>(&manifest_path, &text) {
                Ok(m) => entry.manifest = Some(m),
                Err(d) => entry.diagnostics.push(d),
            },
        },
    }
    let (unread, misnamed): (Vec<Diagnostic>, Vec<Diagnostic>) = unread_at_the_root(dir)
        .into_iter()
        .partition(|d| d.message.starts_with("warning:"));
    entry.unread = unread;
    entry.diagnostics.0.extend(misnamed);
    for sub in ["levels", "policies", "rules"] {
        // Nothing in these folders is skipped without a word: a folder that cannot be read, a
        // sub-folder, a file with another extension (`events.txt`, `Events.RON`) is an error
        // at its place.
        entry
            .diagnostics
            .0
            .extend(super::load::unreadable_folder(&dir.join(sub)));
        for stray in super::load::not_ron_files(&dir.join(sub)) {
            let what = if stray.is_dir() { "a folder" } else { "a file" };
            // `Events.RON`, `my_level.Ron`: the name it was meant to have, in lower case for a
            // rules patch (named after the base file), with a lower-case `.ron` for the rest.
            let meant = stray
                .file_name()
                .and_then(|n| n.to_str())
                .filter(|_| !stray.is_dir())
                .and_then(|n| n.rsplit_once('.'))
                .filter(|(_, ext)| ext.eq_ignore_ascii_case("ron"))
                .map(|(stem, _)| match sub {
                    "rules" => format!("{}.ron", stem.to_lowercase()),
                    _ => format!("{stem}.ron"),
                });
            let hint = meant
                .map(|m| format!(" (did you mean `{m}`?)"))
                .unwrap_or_default();
            entry.diagnostics.push(Diagnostic::whole_file(
                &stray,
                format!(
                    "{what} the game does not read{hint}: a mod's {sub}/ folder holds only files ending in .ron (lower case), and no sub-folders"
                ),
            ));
        }
        for file in ron_files(&dir.join(sub)) {
            if !inside(dir, &file) {
                // Reported at the link itself, where the modder has to change something.
                entry.diagnostics.push(Diagnostic::whole_file(
                    &file,
                    "leads outside the mod's folder (a symbolic link); a mod may only use its own files"
                        .into(),
                ));
            } else if sub == "policies" {
                let stem = stem(&file);
                let taken = crate::rules::BUILTIN_POLICIES.contains(&stem.as_str());
                if taken {
                    entry.diagnostics.push(Diagnostic::whole_file(
                        &file,
                        format!(
                            "a mod's policy cannot be named \"{stem}\": that is a built-in policy, which `--policy {stem}` would play instead; rename the file (e.g. my_{stem}.ron)"
                        ),
                    ));
                }
                // Its fields are checked here, so a broken policy keeps the mod out of use
                // as a broken level does; what it names is checked against a level by
                // `validate`.
                match super::load::read_checked(&file)
                    .and_then(|text| parse::<super::raw::PolicyDef>(&file, &text))
                {
                    // Its `name` heads its row in `sim` tables: a built-in's would make two rows
                    // that read alike.
                    Ok(def)
                        if !taken
                            && crate::rules::BUILTIN_POLICIES
                                .iter()
                                .any(|b| b.eq_ignore_ascii_case(def.name.trim())) =>
                    {
                        // A warning, not a refusal: the mod plays, only its row reads alike.
                        let text = super::load::without_bom(
                            std::fs::read_to_string(&file).unwrap_or_default(),
                        );
                        entry.unread.push(Diagnostic::at_field(
                            &file,
                            &text,
                            "name",
                            format!(
                                "warning: this policy is named \"{}\", as a built-in policy is, so a `sim` table that compares them shows two rows called that; give it a name of its own",
                                def.name
                            ),
                        ));
                    }
                    Ok(_) => {}
                    // A level put here is named as one (`Policy::from_text` says the same).
                    Err(_)
                        if super::load::read_checked(&file)
                            .is_ok_and(|text| super::file_kind::looks_like_level(&text)) =>
                    {
                        entry.diagnostics.push(Diagnostic::whole_file(
                            &file,
                            super::file_kind::A_LEVEL_NOT_A_POLICY.into(),
                        ));
                    }
                    Err(d) => entry.diagnostics.push(d),
                }
                entry.policies.push(file);
            } else if sub == "rules" {
                // A file that is no patch is reported now, beside any stray file, not only
                // once the rest of the mod is right.
                match super::patch::not_a_patch_file(&file) {
                    Some(d) => entry.diagnostics.push(d),
                    None => entry.rule_files.push(file),
                }
            }
        }
    }
    if let Some(m) = &entry.manifest {
        let snake = !m.id.is_empty()
            && m.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        let (id, game) = (m.id.clone(), m.game.clone());
        let nameless = m.name.trim().is_empty();
        if !snake {
            entry.problem_at(
                &manifest_path,
                "id",
                format!("id \"{id}\" should be snake_case (lowercase letters, digits, _)"),
            );
        }
        if nameless {
            entry.problem_at(
                &manifest_path,
                "name",
                "a mod needs a name: it is shown on the Mods screen and beside the mod's levels"
                    .to_string(),
            );
        }
        let ours = env!("CARGO_PKG_VERSION");
        let well_formed = game.split('.').count() == 2
            && game
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
        if !game.is_empty() && !well_formed {
            let minor = ours.rsplit_once('.').map(|(mm, _)| mm).unwrap_or(ours);
            entry.problem_at(
                &manifest_path,
                "game",
                format!(
                    "\"{game}\" is not a game version: write it as \"major.minor\", such as \"{minor}\" (this game is {ours}), or \"\" to accept any"
                ),
            );
        } else if !game.is_empty() && !version_fits(&game, ours) {
            entry.problem_at(
                &manifest_path,
                "game",
                format!("made for game version {game}, and this is {ours}"),
            );
        }
    }
    entry
}

/// Whether a "major.minor" requirement matches `ours` ("0.1" matches "0.1.7").
fn version_fits(wanted: &str, ours: &str) -> bool {
    let parts = |v: &str| -> Vec<String> { v.split('.').map(str::to_string).collect() };
    let (w, o) = (parts(wanted), parts(ours));
    w.iter().zip(&o).all(|(a, b)| a == b) && w.len() <= o.len()
}

/// Puts mods in load order (dependencies first, then by id) and marks those whose
/// dependencies are missing, broken or circular.
fn order(mods: &mut Vec<ModEntry>) {
    // Two mods with one id: the second is refused (and does not fail the first's dependents).
    // One named with --mod comes first: naming it asks for that copy, over an installed one
    // (a copy being worked on beside the installed release).
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut refused: BTreeSet<PathBuf> = BTreeSet::new();
    let mut claiming: Vec<&mut ModEntry> = mods.iter_mut().collect();
    claiming.sort_by_key(|m| m.source != ModSource::CommandLine);
    for m in claiming {
        if m.manifest.is_none() {
            continue;
        }
        let id = m.id();
        if let Some(first) = seen.get(&id) {
            let manifest = m.dir.join("mod.ron");
            m.problem_at(
                &manifest,
                "id",
                format!("another mod has the id \"{id}\" ({})", first.display()),
            );
            refused.insert(m.dir.clone());
        } else {
            seen.insert(id, m.dir.clone());
        }
    }
    mods.sort_by_key(|m| (m.id(), m.dir.clone()));
    let ids: BTreeSet<String> = mods.iter().map(|m| m.id()).collect();
    let required = |m: &ModEntry| -> Vec<String> {
        m.manifest
            .as_ref()
            .map(|x| x.depends.clone())
            .unwrap_or_default()
    };
    // For the order, a `load_after` that is installed counts like a dependency, unless the
    // hints alone go round in a circle (then they are dropped and ids break the tie).
    let depends = |m: &ModEntry, hints: bool| -> Vec<String> {
        let mut all = required(m);
        if let Some(x) = &m.manifest
            && hints
        {
            all.extend(x.load_after.iter().filter(|d| ids.contains(*d)).cloned());
        }
        all
    };
    for m in mods.iter_mut() {
        for (i, d) in required(m).into_iter().enumerate() {
            if !ids.contains(&d) {
                // A misspelt id gets the installed one it is nearest to (never the mod's own:
                // a mod cannot depend on itself).
                let own = m.id();
                let hint = super::diagnostics::suggestion(
                    &d,
                    ids.iter().map(|x| x.as_str()).filter(|x| *x != own),
                );
                m.dependency_problem(
                    i,
                    format!("depends on \"{d}\", which is not installed{hint}"),
                );
            }
        }
    }
    // Rounds: each places, in id order, every mod whose installed dependencies are placed.
    let mut pending: Vec<ModEntry> = std::mem::take(mods);
    let mut placed: BTreeSet<String> = BTreeSet::new();
    let mut failed: BTreeSet<String> = BTreeSet::new();
    let mut hints = true;
    loop {
        let before = pending.len();
        let mut waiting = Vec::new();
        for mut m in pending {
            // A refused duplicate stands for nothing: its id must not satisfy (and so hide a
            // cycle among) the mods that depend on the id's first holder.
            if refused.contains(&m.dir) {
                mods.push(m);
                continue;
            }
            let deps = depends(&m, hints);
            if !deps.iter().all(|d| placed.contains(d) || !ids.contains(d)) {
                waiting.push(m);
                continue;
            }
            for (i, d) in required(&m).into_iter().enumerate() {
                if failed.contains(&d) {
                    m.dependency_problem(i, format!("depends on \"{d}\", which failed to load"));
                }
            }
            if !m.ok() && !refused.contains(&m.dir) {
                failed.insert(m.id());
            }
            placed.insert(m.id());
            mods.push(m);
        }
        pending = waiting;
        if pending.is_empty() {
            break;
        }
        if pending.len() == before {
            if hints {
                hints = false;
                continue;
            }
            break;
        }
    }
    // Whatever still waits, waits on itself: a cycle.
    let names: Vec<String> = pending.iter().map(|m| format!("\"{}\"", m.id())).collect();
    let waiting: BTreeSet<String> = pending.iter().map(|m| m.id()).collect();
    for m in pending.iter_mut() {
        let message = format!("its dependencies form a cycle ({})", names.join(", "));
        // At the first of its dependencies that is in the cycle, else on the whole mod.
        match required(m).iter().position(|d| waiting.contains(d)) {
            Some(i) => m.dependency_problem(i, message),
            None => m.problems.push(message),
        }
    }
    mods.extend(pending);
    // Failed mods last (the sort is stable), so the working ones are listed in load order.
    mods.sort_by_key(|m| !m.ok());
}

/// What loading the mods gives: every mod with its problems, the rules with the patches of the
/// mods in use applied, and the levels those mods add.
pub struct ModLoad {
    pub mods: Vec<ModEntry>,
    pub rules: Arc<Rules>,
    /// The rules as parsed, with the patches of the mods in use.
    pub raw: RawRules,
    /// The levels of the mods in use: (file, the mod's folder, the mod's name).
    pub levels: Vec<(PathBuf, PathBuf, String)>,
}

/// Loads the mods in `dirs` on top of the base rules (`raw`, compiled as `rules`). `base_levels`
/// holds the base game's level files (file, data folder) that compile: a mod whose rules break one
/// of them, or a level of an earlier mod, is refused.
pub fn load_mods(
    raw: RawRules,
    rules: Arc<Rules>,
    dirs: &ModDirs,
    base_levels: &[(PathBuf, PathBuf)],
    policies_dir: &Path,
) -> ModLoad {
    // The actions the built-in policies play: a mod may not remove them.
    let policy_actions: Vec<(String, String)> = ron_files(policies_dir)
        .iter()
        .filter_map(|p| {
            let text = super::load::without_bom(std::fs::read_to_string(p).ok()?);
            let def = parse::<crate::rules::raw::PolicyDef>(p, &text).ok()?;
            Some((stem(p), def.rules))
        })
        .flat_map(|(name, rules)| rules.into_iter().map(move |r| (name.clone(), r.action)))
        .collect();
    let mut mods: Vec<ModEntry> = dirs
        .found()
        .into_iter()
        .map(|(d, s)| read_mod(&d, s))
        .collect();
    order(&mut mods);
    for m in mods.iter_mut() {
        // On the command line a mod named with --mod loads even if the profile turned it off.
        let named = dirs.keep_named && m.source == ModSource::CommandLine;
        m.enabled = named || !dirs.disabled.contains(&m.id());
    }
    // Each mod's direct dependencies and load_after, to work out what it may change freely.
    let direct: BTreeMap<String, Vec<String>> = mods
        .iter()
        .filter_map(|m| m.manifest.as_ref())
        .map(|x| {
            let mut all = x.depends.clone();
            all.extend(x.load_after.iter().cloned());
            (x.id.clone(), all)
        })
        .collect();
    let after_of = |id: &str| -> Vec<String> {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut stack = vec![id.to_string()];
        while let Some(x) = stack.pop() {
            for d in direct.get(&x).into_iter().flatten() {
                if seen.insert(d.clone()) {
                    stack.push(d.clone());
                }
            }
        }
        seen.into_iter().collect()
    };
    let mut raw = raw;
    let mut rules = rules;
    // Every level id in use so far, and who defined it.
    let mut taken: BTreeMap<String, String> = base_levels
        .iter()
        .map(|(p, _)| (stem(p), "the base game".to_string()))
        .collect();
    // Every mod policy's name in use so far (a file's stem, as `--policy NAME` finds it), and
    // which mod defined it.
    let mut policies_taken: BTreeMap<String, String> = BTreeMap::new();
    // Every level in play so far, with who adds it: a mod's rules must not break any of them.
    let mut good: Vec<(PathBuf, PathBuf, String)> = base_levels
        .iter()
        .map(|(p, r)| (p.clone(), r.clone(), "the base game".to_string()))
        .collect();
    let mut levels = Vec::new();
    // Whether each mod processed so far is in use, by id (the first of a duplicated id).
    let mut in_use: BTreeMap<String, bool> = BTreeMap::new();
    for m in mods.iter_mut() {
        // A dependency that failed on its levels, or that the player turned off, fails it too.
        let deps = m
            .manifest
            .as_ref()
            .map(|x| x.depends.clone())
            .unwrap_or_default();
        for (i, d) in deps.into_iter().enumerate() {
            if in_use.get(&d) == Some(&false) && m.ok() {
                m.dependency_problem(
                    i,
                    format!("depends on \"{d}\", which is turned off or failed"),
                );
            }
        }
        // Its rules patches, tried on a copy of the rules so far.
        let mut patched: Option<(RawRules, Arc<Rules>)> = None;
        if !m.rule_files.is_empty() && m.ok() {
            let id = m.id();
            let after = after_of(&id);
            let mut trial = raw.clone();
            let mut diags = Diagnostics::default();
            let mut changes = Changes::default();
            let mut every_file_read = true;
            {
                let mut p = Patcher::new(&id, &after, &mut diags, &mut changes);
                let parent = m.dir.parent().unwrap_or(&m.dir).to_path_buf();
                for f in &m.rule_files {
                    let shown = f.strip_prefix(&parent).unwrap_or(f).display().to_string();
                    every_file_read &= apply_file(&mut trial, &mut p, f, &shown);
                }
            }
            m.changes = changes;
            if !diags.is_empty() && every_file_read {
                // The patch applied in part (a removal of an id that is not there, an id two
                // mods change): the rules as far as it went are compiled all the same, and
                // their problems in the mod's own files are reported with the patch's, all at
                // once. A base file's would come from what could not be applied: left out.
                if let Err(d) = compile_rules(&trial) {
                    for x in d.0 {
                        if m.rule_files.contains(&x.file) && !diags.0.contains(&x) {
                            diags.push(x);
                        }
                    }
                }
            }
            if diags.is_empty() {
                match compile_rules(&trial) {
                    Ok(mut r) => {
                        let version = m
                            .manifest
                            .as_ref()
                            .map(|x| x.version.clone())
                            .unwrap_or_default();
                        r.patched_by = rules.patched_by.clone();
                        r.patched_by
                            .push(format!("{id} {version}").trim().to_string());
                        let r = Arc::new(r);
                        let fallback_gone =
                            !trial.actions.actions.iter().any(|a| a.id == "hold_course");
                        if fallback_gone {
                            let message = "it removes action \"hold_course\", the move every level falls back on (an unavailable or missing move is played as it)".to_string();
                            match removal_of(&m.rule_files, "actions.ron", "hold_course") {
                                Some((file, field)) => m.problem_at(&file, &field, message),
                                None => m.problems.push(message),
                            }
                        }
                        // Each removed action the built-in policies name, once, with all of them
                        // (the fallback's removal is said above, and is enough).
                        let mut named: Vec<(&String, Vec<&String>)> = Vec::new();
                        for (policy, action) in &policy_actions {
                            if action == "hold_course"
                                || trial.actions.actions.iter().any(|a| &a.id == action)
                            {
                                continue;
                            }
                            match named.iter_mut().find(|(a, _)| *a == action) {
                                Some((_, policies)) if !policies.contains(&policy) => {
                                    policies.push(policy)
                                }
                                Some(_) => {}
                                None => named.push((action, vec![policy])),
                            }
                        }
                        for (action, policies) in named {
                            let quoted: Vec<String> =
                                policies.iter().map(|p| format!("\"{p}\"")).collect();
                            let message = match quoted.as_slice() {
                                [one] => format!(
                                    "it removes action \"{action}\", which the built-in policy {one} names"
                                ),
                                [first @ .., last] => format!(
                                    "it removes action \"{action}\", which the built-in policies {} and {last} name",
                                    first.join(", ")
                                ),
                                [] => continue,
                            };
                            match removal_of(&m.rule_files, "actions.ron", action) {
                                Some((file, field)) => m.problem_at(&file, &field, message),
                                None => m.problems.push(message),
                            }
                        }
                        // Without the fallback every level fails for that one reason, said
                        // above: the levels are not loaded to say it five times more.
                        for (path, root, owner) in good.iter().filter(|_| !fallback_gone) {
                            if let Err(d) = load_level(&r, root, path) {
                                m.problems.push(format!(
                                    "its rules break level \"{}\" of {owner}",
                                    stem(path)
                                ));
                                diags.0.extend(d.0);
                            }
                        }
                        patched = Some((trial, r));
                    }
                    Err(d) => {
                        // Too many tags, found in a base file's list after the mod's new tags
                        // took the room: said at the mod's first new tag, where it can reuse
                        // one the rules have.
                        let overflows: Vec<bool> =
                            d.0.iter()
                                .filter(|x| x.message.starts_with(super::compile::TOO_MANY_TAGS))
                                .map(|x| m.rule_files.contains(&x.file))
                                .collect();
                        let overflow_at_base =
                            !overflows.is_empty() && !overflows.iter().any(|at_mod| *at_mod);
                        let mut told_at_mod = false;
                        if overflow_at_base {
                            let new: Vec<(PathBuf, String, String)> = m
                                .rule_files
                                .iter()
                                .flat_map(|f| tags_in(f))
                                .filter(|(_, _, tag)| !rules.tags.contains(tag))
                                .collect();
                            let mut seen = BTreeSet::new();
                            let distinct: Vec<&str> = new
                                .iter()
                                .map(|(_, _, t)| t.as_str())
                                .filter(|t| seen.insert(*t))
                                .collect();
                            if let Some((file, field, _)) = new.first() {
                                let shown: Vec<String> = distinct
                                    .iter()
                                    .take(6)
                                    .map(|t| format!("\"{t}\""))
                                    .collect();
                                let more = distinct.len().saturating_sub(6);
                                let more = if more > 0 {
                                    format!(" and {more} more")
                                } else {
                                    String::new()
                                };
                                m.problem_at(
                                    file,
                                    field,
                                    format!(
                                        "{}: this mod brings {} tags the rules do not have ({}{more}): with them the rules and levels would tell apart more than the 64 tags a game can (the shipped ones use {}, leaving {}); reuse tags the rules already have (the `tags` of assets/rules/actions.ron, pyongyang.ron, beijing.ron and events.ron)",
                                        super::compile::TOO_MANY_TAGS,
                                        distinct.len(),
                                        shown.join(", "),
                                        super::compile::SHIPPED_TAGS,
                                        64 - super::compile::SHIPPED_TAGS
                                    ),
                                );
                                told_at_mod = true;
                            }
                        }
                        // A problem in a base file comes from what this mod removed or changed:
                        // when it names an id the mod removes, the removal is reported first,
                        // at its own line in the mod's patch, where the modder can change it.
                        let mut removals = BTreeSet::new();
                        for mut x in d.0 {
                            if told_at_mod && x.message.starts_with(super::compile::TOO_MANY_TAGS) {
                                continue;
                            }
                            if !m.rule_files.contains(&x.file)
                                && let Some(total) =
                                    x.message.strip_prefix(super::compile::TOO_MANY_ENTRIES)
                                && let Some(found) = total.strip_prefix(", found ")
                                && let Some(patch) = m.rule_files.iter().find(|f| {
                                    f.file_name().is_some_and(|n| Some(n) == x.file.file_name())
                                })
                            {
                                // A base file's list made too long by the entries this mod
                                // adds: said at the mod's own list, in words about adding.
                                let list = format!("{}[", x.field);
                                let added = strings_in(patch, ".id")
                                    .iter()
                                    .filter(|(_, path, _)| path.starts_with(&list))
                                    .count();
                                let patch = patch.clone();
                                m.problem_at(
                                    &patch,
                                    &x.field,
                                    format!(
                                        "with this mod's {added} entries, `{}` holds {found} in all: a game holds at most {} of one kind; add fewer, or replace the rules' own by their ids",
                                        x.field,
                                        super::compile::MAX_ENTRIES
                                    ),
                                );
                                continue;
                            }
                            if !m.rule_files.contains(&x.file) {
                                let removed = quoted_ids(&x.message).into_iter().find_map(|q| {
                                    m.rule_files.iter().find_map(|f| {
                                        let name = f.file_name()?.to_string_lossy().to_string();
                                        removal_of(&m.rule_files, &name, &q)
                                            .map(|(file, field)| (q.clone(), file, field))
                                    })
                                });
                                if let Some((q, file, field)) = removed
                                    && removals.insert((file.clone(), field.clone()))
                                {
                                    m.problem_at(
                                        &file,
                                        &field,
                                        format!(
                                            "removing \"{q}\" breaks the rules that still use it, such as {}",
                                            x.headline()
                                        ),
                                    );
                                }
                                x.message += &format!(
                                    " (in the rules as mod \"{id}\" changes them: see what it removes or overrides)"
                                );
                            }
                            diags.push(x);
                        }
                    }
                }
            }
            for d in diags.0 {
                m.diagnostics.push(d);
            }
        }
        let level_rules = patched
            .as_ref()
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| rules.clone());
        // Every level is compiled, so its problems are reported even when the mod fails for
        // another reason; the levels are offered only when the whole mod works.
        let mut ours = Vec::new();
        // Where the mod failed before its levels: the first of its files reported, else its
        // manifest. A level's unknown id that the mod's rules define points there.
        let failed_at = m
            .diagnostics
            .iter()
            .next()
            .map(|d| d.file.clone())
            .unwrap_or_else(|| m.dir.join("mod.ron"));
        let failed_at = failed_at
            .strip_prefix(&m.dir)
            .unwrap_or(&failed_at)
            .display()
            .to_string();
        for path in ron_files(&m.dir.join("levels")) {
            let id = stem(&path);
            m.levels.push(id.clone());
            if !inside(&m.dir, &path) {
                continue;
            }
            match load_level(&level_rules, &m.dir, &path) {
                Ok(_) => ours.push((path, id)),
                Err(problems) => {
                    for d in problems.iter() {
                        let mut d = d.clone();
                        // An id or a tag the mod's own rules define, unknown because those
                        // rules did not load: the problem to fix is where the mod failed,
                        // reported above (a manifest refused, a patch that does not read).
                        if patched.is_none()
                            && let Some((file, _, defined)) =
                                quoted_ids(&d.message).into_iter().find_map(|q| {
                                    m.rule_files
                                        .iter()
                                        .flat_map(|f| {
                                            let mut found = strings_in(f, ".id");
                                            found.extend(strings_in(f, ".tags["));
                                            found
                                        })
                                        .find(|(_, _, id)| *id == q)
                                })
                        {
                            let name = file
                                .strip_prefix(&m.dir)
                                .unwrap_or(&file)
                                .display()
                                .to_string();
                            d.message += &format!(
                                " (this mod's {name} defines \"{defined}\", but the mod's rules did not load: fix {failed_at} first)"
                            );
                        }
                        m.diagnostics.push(d);
                    }
                }
            }
        }
        if !m.in_use() {
            in_use.entry(m.id()).or_insert(false);
            continue;
        }
        let clashes: Vec<(&PathBuf, &String, &String)> = ours
            .iter()
            .filter_map(|(path, id)| taken.get(id).map(|owner| (path, id, owner)))
            .collect();
        for (path, id, owner) in &clashes {
            // At the level's own `id` (which matches its file's name).
            let shown = path
                .strip_prefix(&m.dir)
                .unwrap_or(path)
                .display()
                .to_string();
            m.problem_at(
                path,
                "id",
                format!(
                    "its level \"{id}\" ({shown}) is already defined by {owner}; give it another id and file name"
                ),
            );
        }
        // Two mods' policies of one name: `--policy NAME` could play only one of them, so the
        // later mod is refused, as a level clash is, at the policy's file.
        let policy_clashes: Vec<(PathBuf, String, String)> = m
            .policies
            .iter()
            .filter_map(|path| {
                let name = stem(path);
                policies_taken
                    .get(&name)
                    .map(|owner| (path.clone(), name, owner.clone()))
            })
            .collect();
        for (path, name, owner) in &policy_clashes {
            m.diagnostics.push(Diagnostic::whole_file(
                path,
                format!(
                    "its policy \"{name}\" is already defined by {owner}, and `--policy {name}` would play that one; give this file another name"
                ),
            ));
        }
        let clashes_none = clashes.is_empty() && policy_clashes.is_empty();
        in_use.entry(m.id()).or_insert(clashes_none);
        if clashes_none {
            for path in &m.policies {
                policies_taken.insert(stem(path), format!("the mod \"{}\"", m.name()));
            }
            if let Some((r, c)) = patched {
                raw = r;
                rules = c;
            }
            let name = m.name();
            for (path, id) in ours {
                taken.insert(id, format!("the mod \"{name}\""));
                good.push((path.clone(), m.dir.clone(), name.clone()));
                levels.push((path, m.dir.clone(), name.clone()));
            }
        }
    }
    ModLoad {
        mods,
        rules,
        raw,
        levels,
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default()
}
