//! Mod rule patches: a mod's `rules/*.ron` files change the base rules by id. An entry with a new
//! id is added at the end of its list, an entry whose id exists replaces it where it stands, and
//! `remove` takes entries out. Every entry keeps the file and index it came from, so a problem
//! found when the patched rules are compiled is reported at the mod's own file, and the "why" of
//! a decision names the file its rule was written in.

use super::diagnostics::{Diagnostic, Diagnostics, likely_slip, suggestion};
use super::load::RULE_FILES;
use super::raw::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A RON file the rules were read from: a base rules file or a mod's patch.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    /// How the file is named in the "why" (relative to the data or mods folder).
    pub shown: Arc<str>,
    /// Where each field path starts, worked out once when first asked.
    pub index: std::sync::OnceLock<super::ron_path::Places>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String, shown: Arc<str>) -> Self {
        SourceFile {
            path,
            text,
            shown,
            index: Default::default(),
        }
    }

    /// The line a field path starts on (1 when it is not in the text).
    pub fn line_of(&self, field: &str) -> usize {
        self.places().get(field).map(|p| p.line).unwrap_or(1)
    }

    /// Where each field path starts (`ron_path::index`), worked out when first asked.
    pub fn places(&self) -> &super::ron_path::Places {
        self.index
            .get_or_init(|| super::ron_path::index(&self.text))
    }

    /// A problem in one of the file's fields (`Diagnostic::at_field`), placed from the file's
    /// index, so that many problems in one file cost one walk of its text.
    pub fn problem(&self, field: &str, message: String) -> Diagnostic {
        Diagnostic::at_field_in(&self.path, &self.text, self.places(), field, message)
    }
}

/// Where the entries of one base rules file came from after patching.
#[derive(Debug, Clone, Default)]
pub struct Remap {
    /// Per list (`actions`, `rules`, ...): the file and index of each entry, in order.
    pub lists: BTreeMap<String, Vec<(Arc<SourceFile>, usize)>>,
    /// Top-level fields a patch replaced (such as an AI's `noise`), and by which file.
    pub fields: BTreeMap<String, Arc<SourceFile>>,
}

impl Remap {
    /// Where a field path of the compiled file really lives: its file and the field path there.
    /// None when the field is the base file's own.
    pub fn place(&self, field: &str) -> Option<(&Arc<SourceFile>, String)> {
        let open = field.find('[');
        let head = &field[..open.unwrap_or(field.len())];
        let head = head.split('.').next().unwrap_or(head);
        if let Some(file) = self.fields.get(head) {
            return Some((file, field.to_string()));
        }
        let open = open?;
        let close = open + field[open..].find(']')?;
        let index: usize = field[open + 1..close].parse().ok()?;
        let (file, at) = self.lists.get(&field[..open])?.get(index)?;
        Some((
            file,
            format!("{}[{at}]{}", &field[..open], &field[close + 1..]),
        ))
    }
}

/// The seven base rules files as parsed, with mods' patches applied, and where every entry
/// came from.
#[derive(Debug, Clone)]
pub struct RawRules {
    pub actors: ActorsFile,
    pub ladder: LadderFile,
    pub advisors: AdvisorsFile,
    pub actions: ActionsFile,
    pub pyongyang: AiFile,
    pub beijing: AiFile,
    pub events: EventsFile,
    /// The base files, in `RULE_FILES` order.
    pub base: [Arc<SourceFile>; 7],
    /// Per base file, in `RULE_FILES` order: where its entries came from.
    pub remaps: [Remap; 7],
    /// Which mod last added or changed each entry, by (file index, list, id).
    pub touched: BTreeMap<(usize, String, String), String>,
}

/// What one mod changed: one line per entry, such as "action carrier_visit".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    pub adds: Vec<String>,
    pub overrides: Vec<String>,
    pub removes: Vec<String>,
    /// Entries added under an id one typo away from an existing one: most likely meant to
    /// change that one, which then still applies unchanged (`validate` warns at the id).
    pub warnings: Vec<Diagnostic>,
    /// Entries another mod changed first, which this one may not change (it neither depends on
    /// that mod nor loads after it): the other mod's id, and the problem reported at the entry.
    pub conflicts: Vec<(String, Diagnostic)>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.adds.is_empty() && self.overrides.is_empty() && self.removes.is_empty()
    }
}

trait Keyed {
    fn key(&self) -> &str;
}
macro_rules! keyed {
    ($($t:ty),*) => { $(impl Keyed for $t { fn key(&self) -> &str { &self.id } })* };
}
keyed!(
    ActionDef,
    DispositionDef,
    AnalystDef,
    ResponseDef,
    AiRuleDef,
    EventDef,
    RungDef,
    AdvisorDef,
    TeamDef,
    DifficultyDef
);

/// The names of the files a mod's `rules/` folder may hold.
pub const PATCH_FILES: [&str; 6] = [
    "actions.ron",
    "pyongyang.ron",
    "beijing.ron",
    "events.ron",
    "ladder.ron",
    "advisors.ron",
];

/// One mod's patching session: the mod's id, what it may override without a conflict, and
/// where its problems and changes go.
pub struct Patcher<'a> {
    pub mod_id: &'a str,
    /// Mods this one depends on or loads after, directly or not: changing what they touched
    /// is intended, not a conflict.
    pub after: &'a [String],
    pub diags: &'a mut Diagnostics,
    pub changes: &'a mut Changes,
    /// While an AI's patch is applied: the ids of each of its lists (`responses`, `rules`...),
    /// so that a `remove` under the wrong list says which list the id is in.
    other_lists: Vec<(&'static str, Vec<String>)>,
}

impl<'a> Patcher<'a> {
    /// The patcher of mod `mod_id`, which loads after the mods `after`: its problems go to
    /// `diags`, what it changed to `changes`.
    pub fn new(
        mod_id: &'a str,
        after: &'a [String],
        diags: &'a mut Diagnostics,
        changes: &'a mut Changes,
    ) -> Self {
        Patcher {
            mod_id,
            after,
            diags,
            changes,
            other_lists: Vec::new(),
        }
    }
}

impl Patcher<'_> {
    /// Applies one list of a patch: `adds` by id (new or replacing), then `remove`.
    #[allow(clippy::too_many_arguments)]
    fn list<T: Keyed + Clone>(
        &mut self,
        raw_touched: &mut BTreeMap<(usize, String, String), String>,
        remap: &mut Remap,
        file_index: usize,
        what: &str,
        list_name: &str,
        base: &mut Vec<T>,
        adds: &[T],
        removes: &[String],
        src: &Arc<SourceFile>,
        remove_field: &str,
        base_file: &Arc<SourceFile>,
    ) {
        let places = remap
            .lists
            .entry(list_name.to_string())
            .or_insert_with(|| (0..base.len()).map(|i| (base_file.clone(), i)).collect());
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        // Where each id stands in the list, and how long the list was before this patch: a new
        // id is checked for a near miss against those entries only, not against the patch's
        // own other new ids (`flood_2` is no typo of the `flood_1` it adds beside it).
        let before = base.len();
        let mut index: BTreeMap<String, usize> = base
            .iter()
            .enumerate()
            .map(|(at, b)| (b.key().to_string(), at))
            .collect();
        for (i, entry) in adds.iter().enumerate() {
            let id = entry.key();
            let field = format!("{list_name}[{i}].id");
            if let Some(first) = seen.insert(id, i) {
                self.diags.push(src.problem(
                    &field,
                    format!(
                        "\"{id}\" is listed twice in this file (first at {list_name}[{first}])"
                    ),
                ));
                continue;
            }
            let key = (file_index, list_name.to_string(), id.to_string());
            if !self.conflict_free(raw_touched, &key, what, src, &field) {
                continue;
            }
            match index.get(id).copied() {
                Some(at) => {
                    base[at] = entry.clone();
                    places[at] = (src.clone(), i);
                    self.changes.overrides.push(format!("{what} {id}"));
                }
                None => {
                    // An entry the same file removes is being renamed, not missed.
                    let kept = base[..before]
                        .iter()
                        .map(|b| b.key())
                        .filter(|k| !removes.iter().any(|r| r == k));
                    if let Some(near) = likely_slip(id, kept) {
                        self.changes.warnings.push(src.problem(
                            &field,
                            format!(
                                "warning: adds a new {what} \"{id}\", and {what} \"{near}\" still applies unchanged; to change it, give its id exactly (did you mean `{near}`?)"
                            ),
                        ));
                    }
                    index.insert(id.to_string(), base.len());
                    base.push(entry.clone());
                    places.push((src.clone(), i));
                    self.changes.adds.push(format!("{what} {id}"));
                }
            }
            raw_touched.insert(key, self.mod_id.to_string());
        }
        let mut removed: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, id) in removes.iter().enumerate() {
            let field = format!("{remove_field}[{i}]");
            if let Some(&first) = removed.get(id.as_str()) {
                self.diags.push(src.problem(
                    &field,
                    format!(
                        "\"{id}\" is listed twice in this file (first at {remove_field}[{first}])"
                    ),
                ));
                continue;
            }
            removed.insert(id, i);
            match base.iter().position(|b| b.key() == id) {
                Some(at) => {
                    let key = (file_index, list_name.to_string(), id.clone());
                    if !self.conflict_free(raw_touched, &key, what, src, &field) {
                        continue;
                    }
                    base.remove(at);
                    places.remove(at);
                    self.changes.removes.push(format!("{what} {id}"));
                    raw_touched.insert(key, self.mod_id.to_string());
                }
                None => {
                    // Removed by an earlier mod: this one, when it loads after that one, finds
                    // what it wants already done; otherwise the two are reported as any two
                    // mods that change one id are, by name.
                    let key = (file_index, list_name.to_string(), id.clone());
                    if raw_touched.contains_key(&key) {
                        if self.conflict_free(raw_touched, &key, what, src, &field) {
                            self.changes.removes.push(format!("{what} {id}"));
                        }
                        continue;
                    }
                    // An id of another of the file's lists: written under the wrong one.
                    let elsewhere = self
                        .other_lists
                        .iter()
                        .find(|(list, ids)| *list != list_name && ids.contains(id));
                    let message = match elsewhere {
                        Some((list, _)) => format!(
                            "cannot remove {what} \"{id}\": \"{id}\" is in `{list}`, not `{list_name}`: write `remove: ({list}: [\"{id}\"])`"
                        ),
                        None => {
                            let hint = suggestion(id, base.iter().map(|b| b.key()));
                            format!("cannot remove {what} \"{id}\": there is none{hint}")
                        }
                    };
                    self.diags.push(src.problem(&field, message));
                }
            }
        }
    }

    /// False (and a problem reported) when another mod, which this one neither depends on nor
    /// loads after, already added or changed this entry.
    fn conflict_free(
        &mut self,
        touched: &BTreeMap<(usize, String, String), String>,
        key: &(usize, String, String),
        what: &str,
        src: &SourceFile,
        field: &str,
    ) -> bool {
        match touched.get(key) {
            Some(other) if other != self.mod_id && !self.after.contains(other) => {
                let thing = if key.2.is_empty() {
                    what.to_string()
                } else {
                    format!("{what} \"{}\"", key.2)
                };
                let problem = src.problem(
                    field,
                    format!(
                        "mod \"{}\" and mod \"{other}\" both change {thing}; make one of them depend on (or load_after) the other",
                        self.mod_id
                    ),
                );
                self.changes
                    .conflicts
                    .push((other.clone(), problem.clone()));
                self.diags.push(problem);
                false
            }
            _ => true,
        }
    }
}

/// A patch that moves a rung's `from` past a neighbour's changes the ladder's order (the rungs
/// are put in order of `from`), and with it what every `RungAtLeast` on that rung means: legal,
/// but more than a modder changing one number expects, so each such rung is warned of at its
/// `from`. (A war rung moved down is an error of its own, in `compile::ladder`.)
fn warn_of_rungs_that_changed_places(
    p: &mut Patcher,
    src: &SourceFile,
    patched: &[RungDef],
    before: &[String],
    ladder: &[RungDef],
) {
    let now: Vec<&str> = ladder
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| before.iter().any(|b| b == id))
        .collect();
    let then: Vec<&str> = before
        .iter()
        .map(String::as_str)
        .filter(|id| now.contains(id))
        .collect();
    if now == then {
        return;
    }
    for (i, rung) in patched.iter().enumerate().filter(|(_, r)| !r.war) {
        let at = |order: &[&str]| order.iter().position(|id| *id == rung.id);
        let (Some(to), Some(from)) = (at(&now), at(&then)) else {
            continue;
        };
        // The neighbour it passed: the rung now just below it if it climbed, above if it fell.
        let (passed, way) = match to.cmp(&from) {
            std::cmp::Ordering::Greater => (now[to - 1], "above"),
            std::cmp::Ordering::Less => (now[to + 1], "below"),
            std::cmp::Ordering::Equal => continue,
        };
        let passed_from = ladder
            .iter()
            .find(|r| r.id == passed)
            .map_or(0.0, |r| r.from);
        p.changes.warnings.push(src.problem(
            &format!("rungs[{i}].from"),
            format!(
                "warning: rung \"{}\" at from {} now lies {way} \"{passed}\" (from {passed_from}): the ladder is put in order of `from`, so the rungs change places, and every RungAtLeast(\"{}\") in the rules and levels now means a tension of {} or more",
                rung.id, rung.from, rung.id, rung.from
            ),
        ));
    }
}

/// The problem with a file in a mod's `rules/` folder whose name is not a patch's (one of
/// `PATCH_FILES`), if it is not.
pub fn not_a_patch_file(path: &Path) -> Option<Diagnostic> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    if PATCH_FILES.contains(&name.as_str()) {
        return None;
    }
    let message = if name == "actors.ron" {
        format!(
            "a mod cannot change actors.ron: the actors and their variables are the same in every game; a mod's rules/ folder may hold {}",
            PATCH_FILES.join(", ")
        )
    } else {
        let hint = suggestion(&name, PATCH_FILES);
        format!(
            "a mod's rules/ folder may only hold {}{hint}",
            PATCH_FILES.join(", ")
        )
    };
    Some(Diagnostic::whole_file(path, message))
}

/// Reads `path` as the patch named by its file name and applies it to `raw`. Problems go to
/// the patcher's diagnostics (the caller refuses the mod when there are any). Returns whether
/// the file was read as its patch (false: unreadable, not a patch file, or not valid RON of its
/// kind, so none of it was applied).
pub fn apply_file(raw: &mut RawRules, p: &mut Patcher, path: &Path, shown: &str) -> bool {
    match super::load::read_checked(path) {
        Ok(text) => apply_text(raw, p, path, shown, text),
        Err(d) => {
            p.diags.push(d);
            false
        }
    }
}

/// Applies the patch `text`, read from `path` (whose file name says what it patches); returns
/// whether it was read as its patch (see `apply_file`).
pub fn apply_text(
    raw: &mut RawRules,
    p: &mut Patcher,
    path: &Path,
    shown: &str,
    text: String,
) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let Some(kind) = PATCH_FILES.iter().position(|f| *f == name) else {
        if let Some(d) = not_a_patch_file(path) {
            p.diags.push(d);
        }
        return false;
    };
    let src = |text: String| Arc::new(SourceFile::new(path.to_path_buf(), text, shown.into()));
    // Index of the base file this patches, in RULE_FILES.
    let file_of = |n: &str| {
        RULE_FILES
            .iter()
            .position(|f| f.ends_with(n))
            .expect("every patch file names a base file")
    };
    let fi = file_of(&name);
    let RawRules {
        ladder,
        advisors,
        actions,
        pyongyang,
        beijing,
        events,
        remaps,
        touched,
        base,
        ..
    } = raw;
    let bf = base[fi].clone();
    macro_rules! parsed {
        ($t:ty) => {
            match super::load::parse::<$t>(path, &text) {
                Ok(v) => v,
                Err(mut d) => {
                    // A whole copy of the base file (a common first try) meets a field a
                    // patch does not have at its top: say what a patch is.
                    if d.message.starts_with("unknown field") && !d.field.contains(['.', '[']) {
                        d.message.push_str(
                            " (a mod's rules file is a patch: it lists only the entries it \
                             adds or changes, by id, and what it removes, not a copy of the \
                             base game's file; see docs/modding.md)",
                        );
                    }
                    p.diags.push(d);
                    return false;
                }
            }
        };
    }
    match kind {
        0 => {
            let patch = parsed!(ActionsPatch);
            let s = src(text);
            p.list(
                touched,
                &mut remaps[fi],
                fi,
                "action",
                "actions",
                &mut actions.actions,
                &patch.actions,
                &patch.remove,
                &s,
                "remove",
                &bf,
            );
        }
        1 | 2 => {
            let patch = parsed!(AiPatch);
            let s = src(text);
            let (ai, who) = if kind == 1 {
                (pyongyang, "pyongyang")
            } else {
                (beijing, "beijing")
            };
            let remap = &mut remaps[fi];
            let ids = |keys: Vec<&str>| keys.into_iter().map(String::from).collect::<Vec<_>>();
            p.other_lists = vec![
                (
                    "dispositions",
                    ids(ai.dispositions.iter().map(|x| x.key()).collect()),
                ),
                (
                    "analysts",
                    ids(ai.analysts.iter().map(|x| x.key()).collect()),
                ),
                (
                    "responses",
                    ids(ai.responses.iter().map(|x| x.key()).collect()),
                ),
                ("rules", ids(ai.rules.iter().map(|x| x.key()).collect())),
            ];
            if let Some(noise) = patch.noise {
                let key = (fi, "noise".to_string(), String::new());
                let what = format!("{who} noise");
                if p.conflict_free(touched, &key, &what, &s, "noise") {
                    ai.noise = noise;
                    remap.fields.insert("noise".into(), s.clone());
                    p.changes.overrides.push(what);
                    touched.insert(key, p.mod_id.to_string());
                }
            }
            let r = &patch.remove;
            p.list(
                touched,
                remap,
                fi,
                &format!("{who} disposition"),
                "dispositions",
                &mut ai.dispositions,
                &patch.dispositions,
                &r.dispositions,
                &s,
                "remove.dispositions",
                &bf,
            );
            p.list(
                touched,
                remap,
                fi,
                &format!("{who} analyst"),
                "analysts",
                &mut ai.analysts,
                &patch.analysts,
                &r.analysts,
                &s,
                "remove.analysts",
                &bf,
            );
            p.list(
                touched,
                remap,
                fi,
                &format!("{who} response"),
                "responses",
                &mut ai.responses,
                &patch.responses,
                &r.responses,
                &s,
                "remove.responses",
                &bf,
            );
            p.list(
                touched,
                remap,
                fi,
                &format!("{who} rule"),
                "rules",
                &mut ai.rules,
                &patch.rules,
                &r.rules,
                &s,
                "remove.rules",
                &bf,
            );
            p.other_lists.clear();
        }
        3 => {
            let patch = parsed!(EventsPatch);
            let s = src(text);
            p.list(
                touched,
                &mut remaps[fi],
                fi,
                "event",
                "events",
                &mut events.events,
                &patch.events,
                &patch.remove,
                &s,
                "remove",
                &bf,
            );
        }
        4 => {
            let patch = parsed!(LadderPatch);
            let s = src(text);
            let remap = &mut remaps[fi];
            let before: Vec<String> = ladder.rungs.iter().map(|r| r.id.clone()).collect();
            p.list(
                touched,
                remap,
                fi,
                "rung",
                "rungs",
                &mut ladder.rungs,
                &patch.rungs,
                &patch.remove,
                &s,
                "remove",
                &bf,
            );
            // The ladder climbs: put the rungs (and where each came from) in order of `from`.
            if let Some(places) = remap.lists.get_mut("rungs") {
                let mut both: Vec<(RungDef, (Arc<SourceFile>, usize))> =
                    ladder.rungs.drain(..).zip(places.drain(..)).collect();
                both.sort_by(|a, b| a.0.from.total_cmp(&b.0.from));
                for (rung, place) in both {
                    ladder.rungs.push(rung);
                    places.push(place);
                }
            }
            warn_of_rungs_that_changed_places(p, &s, &patch.rungs, &before, &ladder.rungs);
        }
        _ => {
            let patch = parsed!(AdvisorsPatch);
            let s = src(text);
            let remap = &mut remaps[fi];
            let r = &patch.remove;
            p.list(
                touched,
                remap,
                fi,
                "advisor",
                "advisors",
                &mut advisors.advisors,
                &patch.advisors,
                &r.advisors,
                &s,
                "remove.advisors",
                &bf,
            );
            p.list(
                touched,
                remap,
                fi,
                "team",
                "teams",
                &mut advisors.teams,
                &patch.teams,
                &r.teams,
                &s,
                "remove.teams",
                &bf,
            );
            p.list(
                touched,
                remap,
                fi,
                "difficulty",
                "difficulties",
                &mut advisors.difficulties,
                &patch.difficulties,
                &r.difficulties,
                &s,
                "remove.difficulties",
                &bf,
            );
        }
    }
    true
}
