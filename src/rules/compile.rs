//! Turns the raw RON shapes into the compiled rules: resolves every id to an index, checks every
//! number against its range and every reference against what exists, and reports each problem
//! with its field path (which `Diagnostic::at_field` turns into `path:line:col`).

use super::diagnostics::{Diagnostic, Diagnostics, suggestion};
use super::model::*;
use super::raw::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The id of the action every level must offer: taken when a chosen move is unavailable.
pub const FALLBACK_ACTION: &str = "hold_course";
/// How far back history conditions can look.
pub const MAX_WITHIN: u32 = 8;
/// At most this many responses per AI, and factors per rule or event, are scored.
pub const MAX_RESPONSES: usize = 32;
/// The most entries of one kind a file may list (actions, events, a level's script...).
pub const MAX_ENTRIES: usize = 10_000;
pub const MAX_FACTORS: usize = 4;
/// At most this many rules per AI (a decision records which rules argued for it in a bit mask)
/// and distinct motives.
pub const MAX_RULES: usize = 128;
pub const MAX_MOTIVES: usize = 8;
/// The region the dashboard's map shows, in degrees east and north: from Beijing to Japan's
/// west coast, from Busan's latitude to the Tumen's (the map always shows 34.85 to 42.35 north,
/// less a ring's radius). A map mark must lie inside it.
pub const MAP_LONGITUDES: (f32, f32) = (115.0, 142.0);
pub const MAP_LATITUDES: (f32, f32) = (35.2, 42.0);
/// The longest caption a map mark may carry.
pub const MAX_CAPTION: usize = 32;

/// A RON file being compiled: where its problems are reported.
pub struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

/// Collects problems for one file.
pub struct Checker<'a, 'd> {
    pub src: Source<'a>,
    pub diags: &'d mut Diagnostics,
    pub origin_file: Arc<str>,
    /// When mods have patched the file: where each entry really came from, so a problem is
    /// reported at the mod's own file.
    pub remap: Option<&'a super::patch::Remap>,
    /// The file itself when it is a rules file (its index of field positions is kept there).
    pub own: Option<&'a Arc<super::patch::SourceFile>>,
    /// Where each field path of `src` starts, worked out once when first asked.
    pub index: std::cell::OnceCell<super::ron_path::Places>,
}

impl<'a> Checker<'a, '_> {
    /// The file, text, shown name and field path a field of the compiled list really lives at.
    fn place(&self, field: &str) -> (&'a Path, &'a str, Arc<str>, String) {
        if let Some(remap) = self.remap
            && let Some((file, field)) = remap.place(field)
        {
            return (&file.path, &file.text, file.shown.clone(), field);
        }
        (
            self.src.path,
            self.src.text,
            self.origin_file.clone(),
            field.to_string(),
        )
    }

    pub fn error(&mut self, field: &str, message: String) {
        if let Some(remap) = self.remap
            && let Some((file, field)) = remap.place(field)
        {
            self.diags.push(file.problem(&field, message));
            return;
        }
        // One walk of the text for all its problems (a walk per problem would take time
        // growing with the square of their number).
        let places = self
            .index
            .get_or_init(|| super::ron_path::index(self.src.text));
        self.diags.push(Diagnostic::at_field_in(
            self.src.path,
            self.src.text,
            places,
            field,
            message,
        ));
    }

    /// `error`, for a problem with one key of a map field (an unknown disposition in
    /// `prior: {"buildr": 1.5}`): the caret points at the key.
    pub fn key_error(&mut self, field: &str, key: &str, message: String) {
        let (_, text, _, _) = self.place(field);
        self.error(field, message);
        if let Some(d) = self.diags.0.last_mut() {
            d.point_at_key(text, key);
        }
    }

    /// `error`, for a problem with the field's value (a number out of its range): the caret
    /// points at the value, not at the field's name.
    pub fn value_error(&mut self, field: &str, message: String) {
        self.error(field, message);
        if let Some(d) = self.diags.0.last_mut() {
            d.point_at_value();
        }
    }

    /// Whether a field of the compiled file was written in a mod's patch, not in the file
    /// itself.
    pub fn from_a_patch(&self, field: &str) -> bool {
        self.remap
            .and_then(|remap| remap.place(field))
            .is_some_and(|(file, _)| file.path != self.src.path)
    }

    pub fn origin(&self, field: &str) -> Origin {
        if let Some(remap) = self.remap
            && let Some((file, field)) = remap.place(field)
        {
            return Origin {
                file: file.shown.clone(),
                line: file.line_of(&field),
            };
        }
        if let Some(own) = self.own {
            return Origin {
                file: own.shown.clone(),
                line: own.line_of(field),
            };
        }
        let line = self
            .index
            .get_or_init(|| super::ron_path::index(self.src.text))
            .get(field)
            .map(|p| p.line)
            .unwrap_or(1);
        Origin {
            file: self.origin_file.clone(),
            line,
        }
    }

    fn range(&mut self, field: &str, value: f32, lo: f32, hi: f32, what: &str) {
        if !value.is_finite() || value < lo || value > hi {
            self.value_error(
                field,
                format!(
                    "{what} must be between {lo} and {hi}, found {}",
                    number_as_read(value)
                ),
            );
        }
    }

    /// A mark on the dashboard's map, checked: its place inside the region the map draws and a
    /// caption short enough to sit beside its ring.
    fn map_mark(&mut self, field: &str, def: &Option<MapMarkDef>) -> Option<MapMark> {
        let def = def.as_ref()?;
        let (lon, lat) = def.at;
        let at = format!("{field}.map.at");
        let inside = |lon: f32, lat: f32| {
            (MAP_LONGITUDES.0..=MAP_LONGITUDES.1).contains(&lon)
                && (MAP_LATITUDES.0..=MAP_LATITUDES.1).contains(&lat)
        };
        if !inside(lon, lat) && inside(lat, lon) {
            self.value_error(
                &at,
                format!(
                    "({}, {}) is off the map, and ({}, {}) would be on it: `at` is (longitude \
                     east, latitude north)",
                    number_as_read(lon),
                    number_as_read(lat),
                    number_as_read(lat),
                    number_as_read(lon)
                ),
            );
        } else {
            self.range(
                &at,
                lon,
                MAP_LONGITUDES.0,
                MAP_LONGITUDES.1,
                "the longitude (east)",
            );
            self.range(
                &at,
                lat,
                MAP_LATITUDES.0,
                MAP_LATITUDES.1,
                "the latitude (north)",
            );
        }
        let caption = format!("{field}.map.caption");
        self.named(&caption, &def.caption, "a map mark's caption");
        let length = def.caption.chars().count();
        if length > MAX_CAPTION {
            self.value_error(
                &caption,
                format!(
                    "a map mark's caption is at most {MAX_CAPTION} characters, so it fits beside \
                     its ring, found {length}: put the rest in the news line"
                ),
            );
        }
        Some(MapMark {
            lon,
            lat,
            caption: def.caption.clone(),
        })
    }

    /// Refuses a fraction written to a flag variable (one with a `flag` phrase): the flag reads
    /// as on from 1 and off at 0, so 0.5 is neither, and a card that needs either (`open_hotline`
    /// needs the hotline down) would stay locked all game.
    fn whole_on_flag(&mut self, field: &str, value: f32, info: &VarInfo) {
        if let (Some(flag), Some(off)) = (&info.flag, info.off_phrase())
            && value.is_finite()
            && value.fract() != 0.0
        {
            self.value_error(
                field,
                format!(
                    "\"{}\" is a flag (\"{flag}\" from 1, \"{off}\" at 0), so it takes whole numbers: {value} would be neither, and a card or condition that needs either would never hold",
                    info.id
                ),
            );
        }
    }

    /// Refuses an empty text the player reads (a name, a title): it would show as a gap, as
    /// in "Pyongyang: " with nothing after it.
    fn named(&mut self, field: &str, text: &str, what: &str) {
        if text.trim().is_empty() {
            self.error(field, format!("{what} must not be empty"));
        }
    }

    /// Refuses a list of more than `MAX_ENTRIES` entries (true: it is too long, skip it).
    fn too_many(&mut self, list: &str, n: usize) -> bool {
        if n > MAX_ENTRIES {
            self.error(list, format!("{TOO_MANY_ENTRIES}, found {n}"));
        }
        n > MAX_ENTRIES
    }

    fn unique<'s>(&mut self, list: &str, ids: impl Iterator<Item = &'s str>) {
        let mut seen = BTreeMap::new();
        for (i, id) in ids.enumerate() {
            if let Some(first) = seen.insert(id, i) {
                self.error(
                    &format!("{list}[{i}].id"),
                    format!("duplicate id \"{id}\" (first used by {list}[{first}])"),
                );
            } else if !is_snake_case(id) {
                self.error(
                    &format!("{list}[{i}].id"),
                    format!("id \"{id}\" should be snake_case (lowercase letters, digits, _)"),
                );
            }
        }
    }
}

/// Whether `text` is a real calendar date written `YYYY-MM-DD`.
fn is_iso_date(text: &str) -> bool {
    iso_date_parts(text).is_some_and(|(y, m, d)| is_real_date(y, m, d))
}

/// The year, month and day of a text shaped "YYYY-MM-DD", whether or not the calendar has it.
fn iso_date_parts(text: &str) -> Option<(i32, u32, u32)> {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
        return None;
    }
    let number = |p: &str| p.parse::<u32>().unwrap_or(0);
    Some((number(y) as i32, number(m), number(d)))
}

/// Whether day `d` of month `m` (1 to 12) of year `y` exists on the calendar.
fn is_real_date(y: i32, m: u32, d: u32) -> bool {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    (1..=days).contains(&d)
}

/// A number as a problem shows it: infinity is named with both ways a file comes to hold it,
/// `inf` written out or a number past the game's largest (`1e308`), not as a bare "inf".
fn number_as_read(x: f32) -> String {
    if x.is_infinite() {
        let sign = if x < 0.0 { "-" } else { "" };
        format!(
            "{sign}infinity (`{sign}inf`, or a number past the most a value holds, about {sign}3.4e38)"
        )
    } else {
        x.to_string()
    }
}

/// A condition's threshold, refused when it is not a number a variable can be compared with:
/// NaN makes every comparison false, so the condition would silently never hold.
fn finite_threshold(ck: &mut Checker, field: &str, x: f32) -> Option<f32> {
    if x.is_finite() {
        Some(x)
    } else {
        ck.error(
            field,
            format!(
                "a threshold must be a finite number, found {}",
                number_as_read(x)
            ),
        );
        None
    }
}

/// Refuses a set of disposition chances that are all 0 (the game could not draw a type).
fn some_disposition_can_be_drawn(ck: &mut Checker, chances: &[f32]) {
    if !chances.is_empty() && chances.iter().all(|c| *c <= 0.0) {
        ck.error(
            "dispositions",
            "every disposition's chance is 0: at least one must be above 0, or the game cannot \
                 draw Pyongyang's type"
                .into(),
        );
    }
}

pub(crate) fn is_snake_case(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Names resolvable inside conditions and effects.
/// How the message for a 65th distinct tag begins.
pub(crate) const TOO_MANY_TAGS: &str = "too many distinct tags";

/// How a list longer than `MAX_ENTRIES` is refused (followed by ", found N"), for the mod
/// loader to find when a mod's entries made a base file's list too long.
pub(crate) const TOO_MANY_ENTRIES: &str = "at most 10000 entries of one kind";
const _: () = assert!(MAX_ENTRIES == 10_000, "TOO_MANY_ENTRIES says the limit");

/// Distinct tags in the shipped rules and levels (a test keeps it so), for the message that
/// tells a modder how many are left.
pub const SHIPPED_TAGS: usize = 52;

pub struct Names<'r> {
    pub vars: &'r [VarInfo],
    /// Pyongyang's disposition ids, for `estimate.<id>` (empty while the AI files compile).
    pub dispositions: &'r [String],
    pub rungs: &'r [Rung],
    pub tags: &'r mut Vec<String>,
}

impl Names<'_> {
    fn var_ref(&mut self, ck: &mut Checker, field: &str, name: &str) -> Option<VarRef> {
        match name {
            "tension" => Some(VarRef::Tension),
            "turn" => Some(VarRef::Turn),
            _ if name.starts_with("estimate.") => {
                let id = &name["estimate.".len()..];
                match self.dispositions.iter().position(|d| d == id) {
                    Some(i) => Some(VarRef::Estimate(i as u8)),
                    // Here no disposition is known at all: not a typo, a place that may not
                    // read the estimate.
                    None if self.dispositions.is_empty() => {
                        ck.error(
                            field,
                            format!("\"{name}\": the analysts' estimate can be read only in a player policy's conditions; levels, actions, events and the AIs' rules cannot read it (Pyongyang and Beijing do not see Washington's analysts)"),
                        );
                        None
                    }
                    None => {
                        let hint = suggestion(id, self.dispositions.iter().map(String::as_str));
                        ck.error(
                            field,
                            format!("unknown disposition \"{id}\" in \"{name}\"{hint}; the estimate is read as estimate.<disposition id> from pyongyang.ron"),
                        );
                        None
                    }
                }
            }
            _ => match self.vars.iter().position(|v| v.id == name) {
                Some(i) => Some(VarRef::Var(i as VarIdx)),
                None => {
                    // A bare name (`talks`) is most likely an actor's variable written without
                    // its actor: named in full, every actor's that has one.
                    let owners: Vec<String> = self
                        .vars
                        .iter()
                        .filter(|v| v.id.rsplit_once('.').is_some_and(|(_, tail)| tail == name))
                        .map(|v| format!("`{}`", v.id))
                        .collect();
                    let hint = if owners.is_empty() {
                        suggestion(
                            name,
                            self.vars
                                .iter()
                                .map(|v| v.id.as_str())
                                .chain(["tension", "turn"]),
                        )
                    } else {
                        format!(" (did you mean {}?)", owners.join(" or "))
                    };
                    // At the name written, as an unknown action's is (`var: "x"`: at the `"x"`).
                    ck.value_error(
                        field,
                        format!(
                            "unknown variable \"{name}\"{hint}; variables are named actor.variable as in assets/rules/actors.ron"
                        ),
                    );
                    None
                }
            },
        }
    }

    fn writable_var(&mut self, ck: &mut Checker, field: &str, name: &str) -> Option<VarIdx> {
        match self.var_ref(ck, field, name)? {
            VarRef::Var(i) => Some(i),
            _ => {
                let message = match name {
                    // A level's opening tension is its ledger's first entries, not a value.
                    "tension" if field.starts_with("start[") => "\"tension\" is not a start value: a level's opening tension goes in its `tension:` list, as `(label: \"...\", amount: 40, decay: 0)` (an amount that lasts when decay is 0)".to_string(),
                    "tension" => "\"tension\" cannot be changed directly; use the effect Tension(amount: .., decay: ..)".to_string(),
                    _ => format!("\"{name}\" is read, never set: it cannot be changed directly"),
                };
                ck.error(field, message);
                None
            }
        }
    }

    fn rung(&mut self, ck: &mut Checker, field: &str, id: &str) -> Option<u8> {
        match self.rungs.iter().position(|r| r.id == id) {
            Some(i) => Some(i as u8),
            None => {
                let hint = suggestion(id, self.rungs.iter().map(|r| r.id.as_str()));
                ck.error(
                    field,
                    format!(
                        "unknown rung \"{id}\"{hint}; rungs are listed in assets/rules/ladder.ron"
                    ),
                );
                None
            }
        }
    }

    /// Registers tags (up to 64) and returns their bit mask.
    pub fn tags(&mut self, ck: &mut Checker, field: &str, tags: &[String]) -> u64 {
        let mut mask = 0;
        for (i, tag) in tags.iter().enumerate() {
            mask |= self.tag(ck, &format!("{field}[{i}]"), tag);
        }
        mask
    }

    pub fn tag(&mut self, ck: &mut Checker, field: &str, tag: &str) -> u64 {
        if let Some(b) = self.tags.iter().position(|t| t == tag) {
            return 1 << b;
        }
        if self.tags.len() >= 64 {
            // Once: every tag past the 64th would say the same.
            if !ck
                .diags
                .iter()
                .any(|d| d.message.starts_with(TOO_MANY_TAGS))
            {
                ck.error(
                    field,
                    format!(
                        "{TOO_MANY_TAGS}: \"{tag}\" would be the 65th (at most 64 across the rules, every mod's patches included, and a level's own actions and events; the shipped rules and levels use {SHIPPED_TAGS} in all, so mods may add {} between them, and a mod's new tags count in every level, the base game's too)",
                        64 - SHIPPED_TAGS
                    ),
                );
            }
            return 0;
        }
        self.tags.push(tag.to_string());
        1 << (self.tags.len() - 1)
    }

    /// Looks a tag up without registering it: conditions may only name tags something carries.
    fn known_tag(&mut self, ck: &mut Checker, field: &str, tag: &str) -> u64 {
        match self.tags.iter().position(|t| t == tag) {
            Some(b) => 1 << b,
            // With the tags full, a tag something carries may have been dropped: the overflow
            // is reported once, not again at every condition that names such a tag.
            None if self.tags.len() >= 64 => 0,
            None => {
                let hint = suggestion(tag, self.tags.iter().map(String::as_str));
                // The shared rules are compiled before any level: a tag only a level's own
                // action carries is unknown to them.
                let shared = if ck.own.is_some() {
                    " (the shared rules see the tags of the rules' own actions, responses and \
                     events; a tag only a level's own action carries is known to that level's \
                     conditions alone: to let the AIs answer such a move, add the action in a \
                     mod's `rules/actions.ron`)"
                } else {
                    ""
                };
                ck.error(
                    field,
                    format!("no action, response or event carries the tag \"{tag}\"{hint}{shared}"),
                );
                0
            }
        }
    }

    pub fn conds(&mut self, ck: &mut Checker, field: &str, list: &[Condition]) -> Vec<Cond> {
        list.iter()
            .enumerate()
            .filter_map(|(i, c)| self.cond(ck, &format!("{field}[{i}]"), c))
            .collect()
    }

    fn cond(&mut self, ck: &mut Checker, field: &str, c: &Condition) -> Option<Cond> {
        Some(match c {
            Condition::AtLeast(v, x) => {
                let x = finite_threshold(ck, &format!("{field}.AtLeast[1]"), *x)?;
                Cond::AtLeast(self.var_ref(ck, &format!("{field}.AtLeast[0]"), v)?, x)
            }
            Condition::AtMost(v, x) => {
                let x = finite_threshold(ck, &format!("{field}.AtMost[1]"), *x)?;
                Cond::AtMost(self.var_ref(ck, &format!("{field}.AtMost[0]"), v)?, x)
            }
            Condition::RungAtLeast(r) => {
                Cond::RungAtLeast(self.rung(ck, &format!("{field}.RungAtLeast[0]"), r)?)
            }
            Condition::RungBelow(r) => {
                Cond::RungBelow(self.rung(ck, &format!("{field}.RungBelow[0]"), r)?)
            }
            Condition::Stance(s) => Cond::Stance(*s),
            Condition::Did {
                who,
                tag,
                within,
                at_least,
            } => {
                let Some(w) = Who::from_id(who) else {
                    ck.error(
                        &format!("{field}.Did.who"),
                        format!("unknown actor \"{who}\": expected \"player\", \"pyongyang\", \"beijing\" or \"world\""),
                    );
                    return None;
                };
                if *within == 0 || *within > MAX_WITHIN {
                    ck.value_error(
                        &format!("{field}.Did.within"),
                        format!("within must be between 1 and {MAX_WITHIN} turns, found {within}"),
                    );
                    return None;
                }
                if *at_least == 0 || *at_least > 2 * MAX_WITHIN {
                    ck.value_error(
                        &format!("{field}.Did.at_least"),
                        format!(
                            "at_least must be between 1 and {}, found {at_least}",
                            2 * MAX_WITHIN
                        ),
                    );
                    return None;
                }
                let tags = self.known_tag(ck, &format!("{field}.Did.tag"), tag);
                Cond::Did {
                    who: w,
                    tags,
                    within: *within as u8,
                    at_least: *at_least as u8,
                }
            }
            Condition::Any(list) => Cond::Any(self.conds(ck, &format!("{field}.Any"), list)),
            Condition::Not(inner) => {
                Cond::Not(Box::new(self.cond(ck, &format!("{field}.Not"), inner)?))
            }
        })
    }

    pub fn effects(&mut self, ck: &mut Checker, field: &str, list: &[Effect]) -> Vec<Eff> {
        list.iter()
            .enumerate()
            .filter_map(|(i, e)| self.effect(ck, &format!("{field}[{i}]"), e))
            .collect()
    }

    fn effect(&mut self, ck: &mut Checker, field: &str, e: &Effect) -> Option<Eff> {
        Some(match e {
            Effect::Tension { amount, decay } => {
                ck.range(
                    &format!("{field}.Tension.amount"),
                    *amount,
                    -100.0,
                    100.0,
                    "amount",
                );
                ck.range(
                    &format!("{field}.Tension.decay"),
                    *decay,
                    0.0,
                    100.0,
                    "decay",
                );
                Eff::Tension {
                    amount: *amount,
                    decay: *decay,
                }
            }
            Effect::Add(v, x) => {
                let idx = self.writable_var(ck, &format!("{field}.Add[0]"), v)?;
                ck.range(&format!("{field}.Add[1]"), *x, -100.0, 100.0, "a change");
                ck.whole_on_flag(&format!("{field}.Add[1]"), *x, &self.vars[idx as usize]);
                Eff::Add(idx, *x)
            }
            Effect::Set(v, x) => {
                let idx = self.writable_var(ck, &format!("{field}.Set[0]"), v)?;
                let info = &self.vars[idx as usize];
                let (lo, hi) = (info.min, info.max);
                ck.range(&format!("{field}.Set[1]"), *x, lo, hi, "the value");
                ck.whole_on_flag(&format!("{field}.Set[1]"), *x, info);
                Eff::Set(idx, *x)
            }
            Effect::Later { turns, effects } => {
                if *turns == 0 || *turns > 12 {
                    ck.value_error(
                        &format!("{field}.Later.turns"),
                        format!("turns must be between 1 and 12, found {turns}"),
                    );
                }
                Eff::Later {
                    turns: (*turns).clamp(1, 12) as u8,
                    effects: self
                        .effects(ck, &format!("{field}.Later.effects"), effects)
                        .into(),
                }
            }
            Effect::If {
                when,
                then,
                otherwise,
            } => Eff::If {
                when: self.conds(ck, &format!("{field}.If.when"), when),
                then: self.effects(ck, &format!("{field}.If.then"), then),
                otherwise: self.effects(ck, &format!("{field}.If.otherwise"), otherwise),
            },
        })
    }

    pub fn factors(
        &mut self,
        ck: &mut Checker,
        field: &str,
        list: &[(String, f32)],
    ) -> Vec<(VarRef, f32)> {
        if list.len() > crate::rules::compile::MAX_FACTORS {
            ck.error(
                field,
                format!("at most {MAX_FACTORS} factors, found {}", list.len()),
            );
        }
        list.iter()
            .enumerate()
            .filter_map(|(i, (v, k))| {
                let r = self.var_ref(ck, &format!("{field}[{i}][0]"), v)?;
                ck.range(&format!("{field}[{i}][1]"), *k, -10.0, 10.0, "a factor");
                Some((r, *k))
            })
            .collect()
    }
}

pub fn actors(ck: &mut Checker, file: &ActorsFile) -> (Vec<ActorInfo>, Vec<VarInfo>) {
    if ck.too_many("actors", file.actors.len()) {
        return (Vec::new(), Vec::new());
    }
    ck.unique("actors", file.actors.iter().map(|a| a.id.as_str()));
    let mut actors = Vec::new();
    let mut vars = Vec::new();
    for (a, actor) in file.actors.iter().enumerate() {
        ck.unique(
            &format!("actors[{a}].variables"),
            actor.variables.iter().map(|v| v.id.as_str()),
        );
        let mut indices = Vec::new();
        for (v, var) in actor.variables.iter().enumerate() {
            let field = format!("actors[{a}].variables[{v}]");
            if var.min.partial_cmp(&var.max) != Some(std::cmp::Ordering::Less) {
                ck.error(
                    &format!("{field}.max"),
                    format!("max ({}) must be above min ({})", var.max, var.min),
                );
            }
            ck.range(
                &format!("{field}.initial"),
                var.initial,
                var.min,
                var.max,
                "initial",
            );
            indices.push(vars.len() as VarIdx);
            vars.push(VarInfo {
                id: format!("{}.{}", actor.id, var.id),
                name: var.name.clone(),
                actor: a,
                initial: var.initial,
                min: var.min,
                max: var.max,
                about: var.about.clone(),
                key: var.key,
                flag: var.flag.clone(),
                flag_off: var.flag_off.clone(),
                hint: var.hint.clone(),
                hidden: var.hidden,
            });
            if let Some(info) = vars.last() {
                ck.whole_on_flag(&format!("{field}.initial"), var.initial, info);
            }
        }
        actors.push(ActorInfo {
            id: actor.id.clone(),
            name: actor.name.clone(),
            about: actor.about.clone(),
            vars: indices,
        });
    }
    if vars.len() > VarIdx::MAX as usize {
        ck.error("actors", "too many variables".into());
    }
    (actors, vars)
}

pub fn ladder(ck: &mut Checker, file: &LadderFile) -> Vec<Rung> {
    if ck.too_many("rungs", file.rungs.len()) {
        return Vec::new();
    }
    ck.unique("rungs", file.rungs.iter().map(|r| r.id.as_str()));
    if file.rungs.is_empty() {
        ck.error("rungs", "the ladder needs at least one rung".into());
    }
    let mut prev = f32::NEG_INFINITY;
    for (i, r) in file.rungs.iter().enumerate() {
        ck.range(&format!("rungs[{i}].from"), r.from, 0.0, 100.0, "from");
        ck.named(&format!("rungs[{i}].name"), &r.name, "a rung's name");
        if r.from <= prev
            && let Some(before) = i.checked_sub(1).and_then(|j| file.rungs.get(j))
        {
            // A mod's patch puts its rungs in order of `from`, so what it can get wrong is a
            // tie: said at the rung the mod wrote, when that is the lower of the two.
            let field = format!("rungs[{i}].from");
            let previous = format!("rungs[{}].from", i - 1);
            if ck.from_a_patch(&previous) && !ck.from_a_patch(&field) {
                ck.error(
                    &previous,
                    format!(
                        "rungs must climb: from ({}) must differ from the next rung's, \"{}\" (from {})",
                        before.from, r.id, r.from
                    ),
                );
            } else {
                ck.error(
                    &field,
                    format!(
                        "rungs must climb: from ({}) must be above the previous rung's, \"{}\" (from {prev})",
                        r.from, before.id
                    ),
                );
            }
        }
        prev = r.from;
    }
    if file.rungs.len() > 255 {
        ck.error("rungs", "at most 255 rungs".into());
    }
    // War is the top of the ladder: a rung above a war rung would end the war as tension
    // climbed further (a patch's rungs are put in order of `from`, so a war rung moved down
    // lands among the others).
    if let Some(w) = file.rungs.iter().position(|r| r.war)
        && let Some(a) = file.rungs[w..].iter().position(|r| !r.war)
    {
        let above = &file.rungs[w + a];
        // Said where the mistake was written: at the war rung, unless a mod's patch put the rung
        // above it there and left the war rung the base file's (a mod adding a rung over War).
        let war_field = format!("rungs[{w}].from");
        let above_field = format!("rungs[{}].from", w + a);
        let at = if ck.from_a_patch(&above_field) && !ck.from_a_patch(&war_field) {
            above_field
        } else {
            war_field
        };
        ck.error(
            &at,
            format!(
                "a war rung must top the ladder, but \"{}\" (from {}) lies above \"{}\" (from {}): war would end as tension climbed",
                above.id, above.from, file.rungs[w].id, file.rungs[w].from
            ),
        );
    }
    file.rungs
        .iter()
        .map(|r| Rung {
            id: r.id.clone(),
            name: r.name.clone(),
            from: r.from,
            about: r.about.clone(),
            war: r.war,
        })
        .collect()
}

/// Registers every tag that actions, responses and events carry, so conditions can refer to any.
pub fn register_tags(
    names: &mut Names,
    ck: &mut Checker,
    list_field: &str,
    tag_lists: &[&[String]],
) {
    for (i, tags) in tag_lists.iter().enumerate() {
        names.tags(ck, &format!("{list_field}[{i}].tags"), tags);
    }
}

pub fn actions(
    names: &mut Names,
    ck: &mut Checker,
    list: &[ActionDef],
    advisors: &[AdvisorDef],
) -> Vec<Action> {
    if ck.too_many("actions", list.len()) {
        return Vec::new();
    }
    ck.unique("actions", list.iter().map(|a| a.id.as_str()));
    // The fallback is played when a move is unavailable, so it is always open and free:
    // requirements, a cost or a cooldown on it would be ignored (an unavailable move falls back
    // to it all the same) or charged when it cannot be paid.
    if let Some(at) = list.iter().position(|a| a.id == FALLBACK_ACTION) {
        let a = &list[at];
        for (field, set) in [
            ("requires", !a.requires.is_empty()),
            ("cost", !a.cost.is_empty()),
            ("cooldown", a.cooldown != 0),
        ] {
            if set {
                ck.error(
                    &format!("actions[{at}].{field}"),
                    format!("\"{FALLBACK_ACTION}\" is the move every unavailable move falls back on, so it is always open and free: it takes no {field}"),
                );
            }
        }
    }
    list.iter()
        .enumerate()
        .map(|(i, a)| {
            let field = format!("actions[{i}]");
            ck.named(&format!("{field}.name"), &a.name, "an action's name");
            let mut tags = names.tags(ck, &format!("{field}.tags"), &a.tags);
            if !a.neutral {
                tags |= names.tag(ck, &format!("{field}.family"), a.family.tag());
            }
            let cost = a
                .cost
                .iter()
                .enumerate()
                .filter_map(|(c, (v, x))| {
                    let idx = names.writable_var(ck, &format!("{field}.cost[{c}][0]"), v)?;
                    ck.range(&format!("{field}.cost[{c}][1]"), *x, 0.0, 100.0, "a cost");
                    Some((idx, *x))
                })
                .collect();
            if a.cooldown > MAX_WITHIN {
                ck.error(
                    &format!("{field}.cooldown"),
                    format!(
                        "cooldown must be at most {MAX_WITHIN} turns, found {}",
                        a.cooldown
                    ),
                );
            }
            let misreading = a.misreading.as_ref().map(|m| {
                ck.range(
                    &format!("{field}.misreading.chance"),
                    m.chance,
                    0.0,
                    1.0,
                    "chance",
                );
                CompiledMisreading {
                    chance: m.chance,
                    reading: m.reading.clone(),
                    effects: names.effects(ck, &format!("{field}.misreading.effects"), &m.effects),
                }
            });
            for key in a.advice.keys() {
                if !advisors.iter().any(|ad| &ad.id == key) {
                    let hint = suggestion(key, advisors.iter().map(|ad| ad.id.as_str()));
                    let known: Vec<&str> = advisors.iter().map(|ad| ad.id.as_str()).collect();
                    ck.key_error(
                        &format!("{field}.advice"),
                        key,
                        format!(
                            "unknown advisor \"{key}\"{hint}; the advisors are {}",
                            known.join(", ")
                        ),
                    );
                }
            }
            for key in a.leans.keys() {
                if !a.advice.contains_key(key) {
                    let hint = suggestion(key, a.advice.keys().map(String::as_str));
                    ck.key_error(
                        &format!("{field}.leans"),
                        key,
                        format!(
                            "\"{key}\" has no line in this action's `advice`: `leans` marks \
                             which way a line there leans{hint}"
                        ),
                    );
                }
            }
            Action {
                id: a.id.clone(),
                name: a.name.clone(),
                family: a.family,
                neutral: a.neutral,
                about: a.about.clone(),
                tags,
                cost,
                requires: names.conds(ck, &format!("{field}.requires"), &a.requires),
                cooldown: a.cooldown.min(MAX_WITHIN) as u8,
                effects: names.effects(ck, &format!("{field}.effects"), &a.effects),
                misreading,
                map: ck.map_mark(&field, &a.map),
                advice: a
                    .advice
                    .iter()
                    .map(|(k, v)| {
                        let usual = advisors
                            .iter()
                            .find(|ad| &ad.id == k)
                            .is_some_and(|ad| ad.favours.contains(&a.family));
                        let usual = if usual { Lean::For } else { Lean::Against };
                        (
                            k.clone(),
                            v.clone(),
                            a.leans.get(k).copied().unwrap_or(usual),
                        )
                    })
                    .collect(),
                origin: ck.origin(&field),
            }
        })
        .collect()
}

pub fn ai(names: &mut Names, ck: &mut Checker, file: &AiFile, who: Who) -> Ai {
    if Who::from_id(&file.actor) != Some(who) {
        ck.error(
            "actor",
            format!(
                "this file must describe \"{}\", found \"{}\"",
                match who {
                    Who::Beijing => "beijing",
                    _ => "pyongyang",
                },
                file.actor
            ),
        );
    }
    ck.range("noise", file.noise, 0.0, 100.0, "noise");
    ck.unique("responses", file.responses.iter().map(|r| r.id.as_str()));
    ck.unique("rules", file.rules.iter().map(|r| r.id.as_str()));
    ck.unique(
        "dispositions",
        file.dispositions.iter().map(|d| d.id.as_str()),
    );
    let responses: Vec<Response> = file
        .responses
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let field = format!("responses[{i}]");
            ck.named(&format!("{field}.name"), &r.name, "a response's name");
            Response {
                id: r.id.clone(),
                name: r.name.clone(),
                tags: names.tags(ck, &format!("{field}.tags"), &r.tags),
                news: r.news.clone(),
                news_also: r.news_also.clone(),
                requires: Vec::new(),
                effects: names.effects(ck, &format!("{field}.effects"), &r.effects),
                map: ck.map_mark(&field, &r.map),
            }
        })
        .collect();
    let mut motives: Vec<String> = Vec::new();
    for r in &file.rules {
        if !motives.contains(&r.motive) {
            motives.push(r.motive.clone());
        }
    }
    let rules = file
        .rules
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let field = format!("rules[{i}]");
            let Some(response) = file.responses.iter().position(|x| x.id == r.response) else {
                let hint = suggestion(&r.response, file.responses.iter().map(|x| x.id.as_str()));
                let known: Vec<&str> = file.responses.iter().map(|x| x.id.as_str()).collect();
                ck.error(
                    &format!("{field}.response"),
                    format!(
                        "unknown response \"{}\"{hint}; this AI's responses: {}",
                        r.response,
                        known.join(", ")
                    ),
                );
                return None;
            };
            ck.range(
                &format!("{field}.weight"),
                r.weight,
                -100.0,
                100.0,
                "weight",
            );
            Some(AiRule {
                id: r.id.clone(),
                response: response as u16,
                motive: motives.iter().position(|m| m == &r.motive).unwrap_or(0) as u16,
                weight: r.weight,
                when: names.conds(ck, &format!("{field}.when"), &r.when),
                factors: names.factors(ck, &format!("{field}.factors"), &r.factors),
                because: {
                    // The "why" quotes it to the player.
                    ck.named(&format!("{field}.because"), &r.because, "a rule's because");
                    r.because.clone()
                },
                origin: ck.origin(&field),
            })
        })
        .collect();
    let dispositions: Vec<Disposition> = file
        .dispositions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            ck.named(
                &format!("dispositions[{i}].name"),
                &d.name,
                "a disposition's name",
            );
            ck.range(
                &format!("dispositions[{i}].chance"),
                d.chance,
                0.0,
                1000.0,
                "chance",
            );
            for (m, k) in &d.motives {
                if !motives.contains(m) {
                    let hint = suggestion(m, motives.iter().map(String::as_str));
                    ck.key_error(
                        &format!("dispositions[{i}].motives"),
                        m,
                        format!("no rule has the motive \"{m}\"{hint}"),
                    );
                }
                ck.range(
                    &format!("dispositions[{i}].motives"),
                    *k,
                    0.0,
                    10.0,
                    "a motive weight",
                );
            }
            Disposition {
                id: d.id.clone(),
                name: d.name.clone(),
                chance: d.chance,
                motives: motives
                    .iter()
                    .map(|m| d.motives.get(m).copied().unwrap_or(1.0))
                    .collect(),
                about: d.about.clone(),
            }
        })
        .collect();
    let chances: Vec<f32> = dispositions.iter().map(|d| d.chance).collect();
    some_disposition_can_be_drawn(ck, &chances);
    // A list past its limit is reported at its first entry too many: where a mod's patch
    // added it, in the mod's own file.
    if dispositions.len() > MAX_DISPOSITIONS {
        ck.error(
            &format!("dispositions[{MAX_DISPOSITIONS}]"),
            format!(
                "at most {MAX_DISPOSITIONS} dispositions, found {}",
                dispositions.len()
            ),
        );
    }
    if motives.len() > MAX_MOTIVES {
        // At the first rule with a motive past the eighth.
        let first = file
            .rules
            .iter()
            .position(|r| r.motive == motives[MAX_MOTIVES])
            .unwrap_or(0);
        ck.error(
            &format!("rules[{first}].motive"),
            format!(
                "at most {MAX_MOTIVES} distinct motives, found {} (\"{}\" is the first past the limit)",
                motives.len(),
                motives[MAX_MOTIVES]
            ),
        );
    }
    if file.rules.len() > MAX_RULES {
        ck.error(
            &format!("rules[{MAX_RULES}]"),
            format!("at most {MAX_RULES} rules, found {}", file.rules.len()),
        );
    }
    ck.unique("analysts", file.analysts.iter().map(|a| a.id.as_str()));
    if file.analysts.len() > MAX_ANALYSTS {
        ck.error(
            &format!("analysts[{MAX_ANALYSTS}]"),
            format!(
                "at most {MAX_ANALYSTS} analysts, found {}",
                file.analysts.len()
            ),
        );
    }
    let analysts = file
        .analysts
        .iter()
        .take(MAX_ANALYSTS)
        .enumerate()
        .map(|(i, a)| {
            ck.named(&format!("analysts[{i}].name"), &a.name, "an analyst's name");
            ck.range(
                &format!("analysts[{i}].caution"),
                a.caution,
                0.2,
                5.0,
                "caution",
            );
            for (id, w) in &a.prior {
                if !file.dispositions.iter().any(|d| &d.id == id) {
                    let hint = suggestion(id, file.dispositions.iter().map(|d| d.id.as_str()));
                    ck.key_error(
                        &format!("analysts[{i}].prior"),
                        id,
                        format!("unknown disposition \"{id}\"{hint}"),
                    );
                }
                ck.range(
                    &format!("analysts[{i}].prior"),
                    *w,
                    0.01,
                    100.0,
                    "a prior weight",
                );
            }
            let mut prior: Vec<f32> = file
                .dispositions
                .iter()
                .map(|d| a.prior.get(&d.id).copied().unwrap_or(1.0).max(0.01))
                .collect();
            let total: f32 = prior.iter().sum();
            for p in &mut prior {
                *p /= total.max(1e-6);
            }
            Analyst {
                id: a.id.clone(),
                name: a.name.clone(),
                prior,
                caution: a.caution.clamp(0.2, 5.0),
            }
        })
        .collect();
    // Responses' requirements are compiled after tags of all files are known.
    let mut ai = Ai {
        who,
        noise: file.noise,
        motives,
        dispositions,
        analysts,
        responses,
        rules,
    };
    for (i, r) in file.responses.iter().enumerate() {
        ai.responses[i].requires =
            names.conds(ck, &format!("responses[{i}].requires"), &r.requires);
    }
    if ai.responses.is_empty() {
        ck.error("responses", "an AI needs at least one response".into());
    }
    if ai.responses.len() > MAX_RESPONSES {
        ck.error(
            &format!("responses[{MAX_RESPONSES}]"),
            format!(
                "at most {MAX_RESPONSES} responses, found {}",
                ai.responses.len()
            ),
        );
    }
    if file
        .responses
        .first()
        .is_some_and(|r| !r.requires.is_empty())
    {
        ck.error(
            "responses[0].requires",
            "the first response is the fallback when nothing else is possible: it must have no requirements".into(),
        );
    }
    ai
}

/// Compiles a list of events: the rules' (`events.ron`) or a level's own (`LevelDef::events`),
/// with their paths as `events[i]` in the file they come from.
pub fn events(names: &mut Names, ck: &mut Checker, list: &[EventDef]) -> Vec<Event> {
    if ck.too_many("events", list.len()) {
        return Vec::new();
    }
    ck.unique("events", list.iter().map(|e| e.id.as_str()));
    list.iter()
        .enumerate()
        .map(|(i, e)| {
            let field = format!("events[{i}]");
            ck.range(
                &format!("{field}.chance.base"),
                e.chance.base,
                -20.0,
                20.0,
                "base",
            );
            Event {
                id: e.id.clone(),
                name: e.name.clone(),
                news: e.news.clone(),
                base: e.chance.base,
                factors: names.factors(ck, &format!("{field}.chance.factors"), &e.chance.factors),
                when: names.conds(ck, &format!("{field}.when"), &e.when),
                effects: names.effects(ck, &format!("{field}.effects"), &e.effects),
                tags: names.tags(ck, &format!("{field}.tags"), &e.tags),
                quiet: e.quiet,
                map: ck.map_mark(&field, &e.map),
                origin: ck.origin(&field),
            }
        })
        .collect()
}

/// The difficulties: a plain "standard" when the file lists none; at most 8.
pub fn difficulties(ck: &mut Checker, names: &mut Names, file: &AdvisorsFile) -> Vec<Difficulty> {
    ck.unique(
        "difficulties",
        file.difficulties.iter().map(|d| d.id.as_str()),
    );
    if file.difficulties.len() > 8 {
        // At the first one past the limit: a mod's patch that added it is named, not the base
        // file.
        ck.error(
            "difficulties[8]",
            format!("at most 8 difficulties, found {}", file.difficulties.len()),
        );
    }
    let mut out: Vec<Difficulty> = file
        .difficulties
        .iter()
        .enumerate()
        .map(|(i, d)| Difficulty {
            id: d.id.clone(),
            name: d.name.clone(),
            about: d.about.clone(),
            start: changes(
                ck,
                names,
                &format!("difficulties[{i}].start"),
                &d.start,
                false,
            ),
            spread: changes(
                ck,
                names,
                &format!("difficulties[{i}].spread"),
                &d.spread,
                true,
            ),
        })
        .collect();
    if out.is_empty() {
        out.push(Difficulty {
            id: "standard".into(),
            name: "Standard".into(),
            about: String::new(),
            start: Vec::new(),
            spread: Vec::new(),
        });
    }
    out
}

/// A difficulty's list of ("actor.variable", amount) at `path`: changes added to the starting
/// values (-100 to 100), or, when `spread`, how far each game's start may fall from them (0 to
/// 50, and not on a flag, which is on or off).
fn changes(
    ck: &mut Checker,
    names: &mut Names,
    path: &str,
    list: &[(String, f32)],
    spread: bool,
) -> Vec<(VarIdx, f32)> {
    list.iter()
        .enumerate()
        .filter_map(|(j, (var, amount))| {
            // A change is added to a starting value: NaN would poison the variable (every
            // comparison false, so every cost "payable") for the whole game.
            if spread {
                ck.range(&format!("{path}[{j}][1]"), *amount, 0.0, 50.0, "a spread");
            } else {
                ck.range(&format!("{path}[{j}][1]"), *amount, -100.0, 100.0, "a change");
            }
            match names.var_ref(ck, &format!("{path}[{j}]"), var)? {
                VarRef::Var(v) => {
                    let def = &names.vars[v as usize];
                    if spread && def.flag.is_some() {
                        ck.error(
                            &format!("{path}[{j}]"),
                            format!(
                                "\"{var}\" is a flag, on or off: a spread applies to a variable with a range"
                            ),
                        );
                        return None;
                    }
                    // The forecast starts a hidden variable at its opening value, worked out
                    // from the game's seed: a drawn one would show through it.
                    if spread && def.hidden {
                        ck.error(
                            &format!("{path}[{j}]"),
                            format!(
                                "\"{var}\" is hidden from the player: a spread applies to a variable the player sees, or the forecast would give its draw away"
                            ),
                        );
                        return None;
                    }
                    ck.whole_on_flag(&format!("{path}[{j}][1]"), *amount, def);
                    Some((v, *amount))
                }
                _ => {
                    ck.error(
                        &format!("{path}[{j}]"),
                        format!("\"{var}\" is not an actor's variable"),
                    );
                    None
                }
            }
        })
        .collect()
}

pub fn advisors(ck: &mut Checker, names: &mut Names, file: &AdvisorsFile) -> Vec<Team> {
    ck.unique("advisors", file.advisors.iter().map(|a| a.id.as_str()));
    ck.unique("teams", file.teams.iter().map(|t| t.id.as_str()));
    if !file.teams.is_empty() && file.teams.len() != 2 {
        // A third team is named where it stands (a mod's patch, if it came from one).
        ck.error(
            if file.teams.len() > 2 {
                "teams[2]"
            } else {
                "teams"
            },
            format!(
                "a hot-seat game has two teams (or none), found {}",
                file.teams.len()
            ),
        );
    }
    file.teams
        .iter()
        .enumerate()
        .map(|(i, t)| {
            for (j, (_, w)) in t.score.iter().enumerate() {
                ck.range(
                    &format!("teams[{i}].score[{j}][1]"),
                    *w,
                    0.0,
                    100.0,
                    "a weight",
                );
            }
            let total: f32 = t.score.iter().map(|(_, w)| w.max(0.0)).sum();
            if t.score.is_empty() || total <= 0.0 {
                ck.error(
                    &format!("teams[{i}].score"),
                    "a team's score needs at least one variable with a positive weight".into(),
                );
            }
            let score = t
                .score
                .iter()
                .enumerate()
                .filter_map(|(j, (var, w))| {
                    let v = names.var_ref(ck, &format!("teams[{i}].score[{j}]"), var)?;
                    Some((v, w.max(0.0) / total.max(f32::EPSILON)))
                })
                .collect();
            Team {
                id: t.id.clone(),
                name: t.name.clone(),
                priorities: t.priorities.clone(),
                score,
            }
        })
        .collect()
}

/// Compiles a level against the rules.
/// The most turns a level may last.
pub const MAX_TURNS: u32 = 60;
/// The most days a level's turn may stand for.
pub const MAX_DAYS_PER_TURN: u32 = 120;

/// The range the checks give a whole-number field, by its path, for a number too large for the
/// reader to hold at all (`turns: 4294967296`), which is refused before the checks see it.
pub fn whole_number_range(field: &str) -> Option<String> {
    match field {
        "turns" => Some(format!("a level has 1 to {MAX_TURNS} turns")),
        "calendar.days_per_turn" => {
            Some(format!("a turn stands for 1 to {MAX_DAYS_PER_TURN} days"))
        }
        f if f.ends_with(".within") => Some(format!("`within` looks back 1 to {MAX_WITHIN} turns")),
        _ => None,
    }
}

pub fn level(rules: &Arc<Rules>, ck: &mut Checker, def: &LevelDef) -> Option<Scenario> {
    let before = ck.diags.len();
    let lists = [
        ("start", def.start.len()),
        ("tension", def.tension.len()),
        ("objectives", def.objectives.len()),
        ("script", def.script.len()),
        ("history", def.history.len()),
        ("actions", def.actions.len()),
        ("events", def.events.len()),
        ("calibration", def.calibration.len()),
        ("discussion", def.discussion.len()),
        ("learning_goals", def.learning_goals.len()),
        ("injects", def.injects.len()),
        ("response_texts", def.response_texts.len()),
    ];
    let mut too_long = false;
    for (list, n) in lists {
        too_long |= ck.too_many(list, n);
    }
    if too_long {
        return None;
    }
    if !is_snake_case(&def.id) {
        ck.error("id", format!("id \"{}\" should be snake_case", def.id));
    }
    ck.named("title", &def.title, "the title");
    ck.named("years", &def.years, "the years");
    let turns_ok = (1..=MAX_TURNS).contains(&def.turns);
    if !turns_ok {
        ck.value_error(
            "turns",
            format!(
                "turns must be between 1 and {MAX_TURNS}, found {}",
                def.turns
            ),
        );
    }
    // What turn numbers elsewhere in the level are checked against: its turns, or, when those
    // are out of range (reported above, once), the most any level may have, so that one wrong
    // number does not bring an error for every dated entry.
    let (limit, of_what) = if turns_ok {
        (def.turns, "the level's turns")
    } else {
        (MAX_TURNS, "the most turns a level may have")
    };
    let (y, m, d) = def.calendar.start;
    if !(1900..=2200).contains(&y) {
        ck.error(
            "calendar.start",
            format!("the year must be between 1900 and 2200, found ({y}, {m}, {d})"),
        );
    } else if !is_real_date(y, m, d) {
        ck.error(
            "calendar.start",
            format!("not a date: ({y}, {m}, {d}) (year, month 1-12, day of that month)"),
        );
    }
    if def.calendar.days_per_turn == 0 || def.calendar.days_per_turn > MAX_DAYS_PER_TURN {
        ck.value_error(
            "calendar.days_per_turn",
            format!(
                "days_per_turn must be between 1 and {MAX_DAYS_PER_TURN}, found {}",
                def.calendar.days_per_turn
            ),
        );
    }
    let mut tags = rules.tags.clone();
    let mut names = Names {
        vars: &rules.vars,
        dispositions: &[],
        rungs: &rules.rungs,
        tags: &mut tags,
    };
    // Level actions replace base actions with the same id, or are added.
    let level_actions = actions(&mut names, ck, &def.actions, &rules.advisors);
    // The level's own events, compiled as the rules' are, with their paths in the level file:
    // before anything of the level that may name the tags they bring.
    let level_events = events(&mut names, ck, &def.events);
    let mut all = rules.actions.clone();
    for a in level_actions {
        match all.iter_mut().find(|b| b.id == a.id) {
            Some(slot) => *slot = a,
            None => all.push(a),
        }
    }
    let mut start: Vec<f32> = rules.vars.iter().map(|v| v.initial).collect();
    // Which entry set each variable: a second entry would silently win over the first.
    let mut set_by: BTreeMap<u16, usize> = BTreeMap::new();
    for (i, s) in def.start.iter().enumerate() {
        if let Some(idx) = names.writable_var(ck, &format!("start[{i}].var"), &s.var) {
            if let Some(first) = set_by.insert(idx, i) {
                ck.error(
                    &format!("start[{i}].var"),
                    format!(
                        "\"{}\" is set twice (first by start[{first}]); keep one entry",
                        s.var
                    ),
                );
            }
            let info = &rules.vars[idx as usize];
            ck.range(
                &format!("start[{i}].value"),
                s.value,
                info.min,
                info.max,
                "value",
            );
            ck.whole_on_flag(&format!("start[{i}].value"), s.value, info);
            start[idx as usize] = s.value;
        }
    }
    for (i, t) in def.tension.iter().enumerate() {
        ck.range(
            &format!("tension[{i}].amount"),
            t.amount,
            0.0,
            100.0,
            "amount",
        );
        ck.range(&format!("tension[{i}].decay"), t.decay, 0.0, 100.0, "decay");
    }
    // War is judged on the turn's height, opening tension included: a level that opens on a
    // war rung ends in war on turn 1, whatever the player does.
    // The sum as written, which the message names; the game holds tension to 0..100.
    let sum: f32 = def.tension.iter().map(|t| t.amount).sum();
    let opening = sum.clamp(0.0, 100.0);
    if let Some(rung) = rules.rungs.get(rules.rung_for(opening) as usize)
        && !def.tension.is_empty()
        && rung.war
    {
        let held = if sum > 100.0 { " (held to 100)" } else { "" };
        ck.error(
            "tension",
            format!(
                "the level opens at war: its opening tension adds up to {sum}{held}, on the war rung \"{}\" (from {}), so every game ends in war on turn 1 whatever the player does; keep the sum of `amount`s under {}",
                rung.id, rung.from, rung.from
            ),
        );
    }
    let disposition_chances: Vec<f32> = rules
        .pyongyang
        .dispositions
        .iter()
        .map(|d| def.dispositions.get(&d.id).copied().unwrap_or(d.chance))
        .collect();
    some_disposition_can_be_drawn(ck, &disposition_chances);
    for (id, chance) in &def.dispositions {
        if !rules.pyongyang.dispositions.iter().any(|d| &d.id == id) {
            let hint = suggestion(
                id,
                rules.pyongyang.dispositions.iter().map(|d| d.id.as_str()),
            );
            ck.key_error(
                "dispositions",
                id,
                format!("unknown disposition \"{id}\"{hint}"),
            );
        }
        ck.range("dispositions", *chance, 0.0, 1000.0, "a chance");
    }
    ck.unique("objectives", def.objectives.iter().map(|o| o.id.as_str()));
    let objectives = def
        .objectives
        .iter()
        .enumerate()
        .map(|(i, o)| {
            if o.held_for == 0 || o.held_for > limit {
                ck.value_error(
                    &format!("objectives[{i}].held_for"),
                    format!(
                        "held_for must be between 1 and {limit} ({of_what}), found {}",
                        o.held_for
                    ),
                );
            }
            if o.not_before > limit {
                ck.error(
                    &format!("objectives[{i}].not_before"),
                    format!(
                        "not_before must be at most {limit} ({of_what}), found {}",
                        o.not_before
                    ),
                );
            }
            Objective {
                id: o.id.clone(),
                name: o.name.clone(),
                kind: o.kind,
                check: o.check,
                when: names.conds(ck, &format!("objectives[{i}].when"), &o.when),
                held_for: o.held_for.clamp(1, 60) as u8,
                not_before: o.not_before,
            }
        })
        .collect::<Vec<_>>();
    if objectives.len() > MAX_OBJECTIVES {
        ck.error(
            "objectives",
            format!(
                "at most {MAX_OBJECTIVES} objectives, found {}",
                objectives.len()
            ),
        );
    }
    for (i, t) in def.calibration.iter().enumerate() {
        let bounds = [("min", t.min), ("max", t.max)];
        if let Some((field, x)) = bounds.iter().find(|(_, x)| !x.is_finite()) {
            ck.error(
                &format!("calibration[{i}].{field}"),
                format!("{field} must be a number, found {x}"),
            );
        } else if t.min > t.max {
            ck.error(
                &format!("calibration[{i}].max"),
                format!("max ({}) is below min ({})", t.max, t.min),
            );
        }
        if let Some(first) = def.calibration[..i]
            .iter()
            .position(|x| x.metric == t.metric && x.answer == t.answer)
        {
            let what = match &t.answer {
                Some(answer) => format!("{:?} of \"{answer}\"", t.metric),
                None => format!("{:?}", t.metric),
            };
            ck.error(
                &format!("calibration[{i}].metric"),
                format!(
                    "{what} has a target already (calibration[{first}]): one target a metric{}",
                    if t.answer.is_some() {
                        " and answer"
                    } else {
                        ""
                    }
                ),
            );
        }
        calibration_answer(ck, i, t);
        ck.named(
            &format!("calibration[{i}].source"),
            &t.source,
            "a calibration target's source",
        );
        // A turn past the level's end can never be the figure: the band is a mistake (judged
        // only on a length in range, which is reported on its own otherwise).
        let turns = def.turns as f32;
        if (1..=MAX_TURNS).contains(&def.turns) && t.metric.is_turn() && t.min > turns {
            ck.error(
                &format!("calibration[{i}].min"),
                format!(
                    "the level lasts {turns} turns, so a turn from {} on is never reached",
                    t.min
                ),
            );
        }
        // The longest quiet lies between two turns of launches, so it is at most two turns
        // short of the level's length.
        let longest = (def.turns.clamp(1, MAX_TURNS) as f32 - 2.0).max(0.0);
        if (1..=MAX_TURNS).contains(&def.turns)
            && t.metric == super::raw::Metric::LongestQuiet
            && t.min > longest
        {
            ck.error(
                &format!("calibration[{i}].min"),
                format!(
                    "a quiet between two turns of launches lasts at most {longest} turns in a level of {turns}, so {} is never reached",
                    t.min
                ),
            );
        }
        // Every figure (a count, a mean, a tension, a turn) is 0 or more; a rate's own bounds
        // are checked below.
        if !t.metric.is_rate() && t.max.is_finite() && t.max < 0.0 {
            ck.error(
                &format!("calibration[{i}].max"),
                format!(
                    "every figure is 0 or more, so a band up to {} is never met",
                    t.max
                ),
            );
        }
        // Pointed at the bound that is out of range, the caret on its number.
        if t.metric.is_rate() {
            for (field, x) in [("min", t.min), ("max", t.max)] {
                if !(0.0..=1.0).contains(&x) {
                    ck.error(
                        &format!("calibration[{i}].{field}"),
                        format!(
                            "a rate lies between 0 and 1, found {x}: write 0.5 for half the games"
                        ),
                    );
                }
            }
        }
        if let Some(gap) = &t.gap {
            ck.named(
                &format!("calibration[{i}].gap"),
                gap,
                "a known gap's reason",
            );
        }
    }
    if !objectives.iter().any(|o| o.kind == ObjectiveKind::Win) {
        ck.error(
            "objectives",
            "a level needs at least one Win objective".into(),
        );
    } else {
        // A level nobody can win, or that every game loses on its first turn, cannot be played:
        // the checks that prove a condition can never hold, or always holds, decide it.
        let span = def.turns.clamp(1, MAX_TURNS);
        let mut at = "objectives".to_string();
        let never: Vec<String> = def
            .objectives
            .iter()
            .enumerate()
            .filter(|(_, o)| o.kind == ObjectiveKind::Win)
            .map(|(i, o)| {
                super::lint::objective_never_met(rules, o, span, Some(def.beijing_stance))
                    .or_else(|| {
                        did_of_a_tag_nobody_carries(rules, &all, &level_events, names.tags, &o.when)
                    })
                    .map(|(field, why)| {
                        // With one way to win, the problem is at its condition that can
                        // never hold: point there, not at the list.
                        at = format!("objectives[{i}]{field}");
                        format!("\"{}\": {why}", o.id)
                    })
            })
            .collect::<Option<_>>()
            .unwrap_or_default();
        if never.len() != 1 {
            at = "objectives".to_string();
        }
        if !never.is_empty() {
            ck.error(
                &at,
                format!(
                    "the level cannot be won: no Win objective can ever be met ({})",
                    never.join("; ")
                ),
            );
        }
        for (i, o) in def.objectives.iter().enumerate() {
            if o.kind == ObjectiveKind::Loss
                && o.check == super::raw::ObjectiveCheck::Anytime
                && o.not_before <= 1
                && o.held_for <= 1
                && let Some(why) = super::lint::objective_always_met(rules, o, span)
            {
                ck.error(
                    &format!("objectives[{i}].when"),
                    format!(
                        "every game would be lost on turn 1: loss \"{}\" holds whatever is played ({why})",
                        o.id
                    ),
                );
            }
        }
    }
    // Sized within the limit even when `turns` is out of range (that is reported above), so a
    // bad number never allocates more than a level can use.
    let mut script = vec![None; limit as usize];
    for (i, s) in def.script.iter().enumerate() {
        // Every historical fact in a level names where it comes from.
        ck.named(
            &format!("script[{i}].source"),
            &s.source,
            "a scripted move's source",
        );
        // Both the turn and the action are checked, so that an entry wrong in both is told
        // both at once.
        let turn_fits = s.turn != 0 && s.turn <= limit;
        if !turn_fits {
            ck.value_error(
                &format!("script[{i}].turn"),
                format!(
                    "turn must be between 1 and {limit} ({of_what}), found {}",
                    s.turn
                ),
            );
        }
        match all.iter().position(|a| a.id == s.action) {
            Some(a) if turn_fits => {
                if script[(s.turn - 1) as usize].is_some() {
                    ck.error(
                        &format!("script[{i}].turn"),
                        format!("turn {} already has a scripted move", s.turn),
                    );
                }
                script[(s.turn - 1) as usize] = Some(a as u16);
            }
            Some(_) => {}
            None => {
                let hint = suggestion(&s.action, all.iter().map(|a| a.id.as_str()));
                ck.error(
                    &format!("script[{i}].action"),
                    format!("unknown action \"{}\"{hint}", s.action),
                );
            }
        }
    }
    for (i, h) in def.history.iter().enumerate() {
        ck.named(&format!("history[{i}].text"), &h.text, "an entry's text");
        ck.named(
            &format!("history[{i}].source"),
            &h.source,
            "an entry's source",
        );
        if !is_iso_date(&h.date) {
            // Written as a date but not one on the calendar ("2016-09-31"): say that, not that
            // the shape is wrong.
            let message = if iso_date_parts(&h.date).is_some() {
                format!(
                    "not a date: \"{}\" (year-month-day, month 01 to 12, a day that month has)",
                    h.date
                )
            } else {
                format!("expected a date as \"YYYY-MM-DD\", found \"{}\"", h.date)
            };
            ck.error(&format!("history[{i}].date"), message);
        }
        if h.turn == 0 || h.turn > limit {
            ck.value_error(
                &format!("history[{i}].turn"),
                format!(
                    "turn must be between 1 and {limit} ({of_what}), found {}",
                    h.turn
                ),
            );
        }
        if let Some(t) = h.tension {
            ck.range(&format!("history[{i}].tension"), t, 0.0, 100.0, "tension");
        }
    }
    let mut injects: Vec<crate::rules::model::Inject> = Vec::new();
    for (i, inj) in def.injects.iter().enumerate() {
        if !is_snake_case(&inj.id) {
            ck.error(
                &format!("injects[{i}].id"),
                format!("id \"{}\" should be snake_case", inj.id),
            );
        }
        if injects.iter().any(|x| x.id == inj.id) {
            ck.error(
                &format!("injects[{i}].id"),
                format!("duplicate inject id \"{}\"", inj.id),
            );
        }
        let effects = names.effects(ck, &format!("injects[{i}].effects"), &inj.effects);
        injects.push(crate::rules::model::Inject {
            id: inj.id.clone(),
            name: inj.name.clone(),
            news: inj.news.clone(),
            effects,
            map: ck.map_mark(&format!("injects[{i}]"), &inj.map),
        });
    }
    let level_rules = response_texts(rules, ck, &def.response_texts);
    let level_rules = with_level_events(level_rules, level_events, tags);
    let fallback = all.iter().position(|a| a.id == FALLBACK_ACTION);
    if fallback.is_none() {
        ck.error("actions", format!("no \"{FALLBACK_ACTION}\" action: every level needs it (taken when a move is unavailable)"));
    }
    if ck.diags.len() > before {
        return None;
    }
    let mut scenario = Scenario {
        rules: level_rules,
        def: def.clone(),
        path: ck.src.path.to_path_buf(),
        actions: all,
        start,
        objectives,
        script,
        disposition_chances,
        fallback_action: fallback? as u16,
        injects,
        reads_estimate: true,
        checks: Default::default(),
    };
    scenario.reads_estimate = scenario.find_estimate_reads();
    scenario.checks = super::atoms::ScenarioChecks::build(&scenario);
    Some(scenario)
}

/// The rules with a level's own events (`LevelDef::events`): each replaces the rules' event of
/// its id, or comes after them all, so the rules' events keep their places (and their draws
/// come in the same order) in every level. `tags` are the level's, which its actions and events
/// may have added to. With no events of its own, the level plays the rules as they are.
/// The first of `when`'s conditions (`.when[j]`, and why) that asks whether someone made a move
/// with a tag none of their moves carries in this level (`actions`: the level's, with the
/// rules'; `events`: the level's own, beside the rules'): it can never hold.
fn did_of_a_tag_nobody_carries(
    rules: &Rules,
    actions: &[Action],
    events: &[Event],
    tags: &[String],
    when: &[super::raw::Condition],
) -> Option<(String, String)> {
    when.iter().enumerate().find_map(|(j, c)| {
        let super::raw::Condition::Did { who, tag, .. } = c else {
            return None;
        };
        let bit = 1u64 << tags.iter().position(|t| t == tag)?;
        let (carried, whose) = match Who::from_id(who)? {
            Who::Player => (
                actions.iter().any(|a| a.tags & bit != 0),
                "action of the player's",
            ),
            Who::Pyongyang => (
                rules.pyongyang.responses.iter().any(|r| r.tags & bit != 0),
                "response of Pyongyang's",
            ),
            Who::Beijing => (
                rules.beijing.responses.iter().any(|r| r.tags & bit != 0),
                "response of Beijing's",
            ),
            Who::World => (
                (rules.events.iter().chain(events)).any(|e| e.tags & bit != 0),
                "event",
            ),
        };
        (!carried).then(|| {
            (
                format!(".when[{j}]"),
                format!("no {whose} carries the tag \"{tag}\", so {who} never makes such a move"),
            )
        })
    })
}

fn with_level_events(rules: Arc<Rules>, events: Vec<Event>, tags: Vec<String>) -> Arc<Rules> {
    if events.is_empty() {
        return rules;
    }
    let mut own = (*rules).clone();
    for e in events {
        match own.events.iter_mut().find(|b| b.id == e.id) {
            Some(slot) => *slot = e,
            None => own.events.push(e),
        }
    }
    own.tags = tags;
    Arc::new(own)
}

/// Checks a calibration target's `answer`: named where the metric counts one (`AnswerRate`,
/// `FirstAnswerTurn`), and left out elsewhere. Whether the rules have the answer is a warning
/// (`lint::lint_level`): a mod may take an answer out, and the level still plays.
fn calibration_answer(ck: &mut Checker, i: usize, t: &super::raw::CalibrationTarget) {
    match (&t.answer, t.metric.counts_an_answer()) {
        (None, true) => ck.error(
            &format!("calibration[{i}].metric"),
            format!(
                "{:?} counts one of Pyongyang's answers: name it, as in `answer: \"declare_force_complete\"`",
                t.metric
            ),
        ),
        (Some(_), false) => ck.error(
            &format!("calibration[{i}].answer"),
            format!(
                "{:?} counts no answer: `answer` goes only with AnswerRate or FirstAnswerTurn",
                t.metric
            ),
        ),
        _ => {}
    }
}

/// The rules a level plays with: the shared ones, or, when the level words some AI answers its
/// own way (`response_texts`), a copy with those texts replaced. Only texts change, so every
/// game plays as it would with the shared rules; an id that names no answer is an error at it.
fn response_texts(rules: &Arc<Rules>, ck: &mut Checker, texts: &[ResponseTextDef]) -> Arc<Rules> {
    if texts.is_empty() {
        return rules.clone();
    }
    let mut own = (**rules).clone();
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        let at = |f: &str| format!("response_texts[{i}].{f}");
        let ai = match t.actor.as_str() {
            "pyongyang" => &mut own.pyongyang,
            "beijing" => &mut own.beijing,
            other => {
                let hint = suggestion(other, ["pyongyang", "beijing"]);
                ck.error(
                    &at("actor"),
                    format!(
                        "unknown actor \"{other}\"{hint}: the AIs are \"pyongyang\" and \"beijing\""
                    ),
                );
                continue;
            }
        };
        if seen.contains(&(t.actor.as_str(), t.id.as_str())) {
            ck.error(
                &at("id"),
                format!(
                    "{}'s answer \"{}\" is worded twice; keep one entry",
                    t.actor, t.id
                ),
            );
            continue;
        }
        seen.push((t.actor.as_str(), t.id.as_str()));
        let Some(r) = ai.responses.iter_mut().find(|r| r.id == t.id) else {
            let hint = suggestion(&t.id, ai.responses.iter().map(|r| r.id.as_str()));
            ck.error(
                &at("id"),
                format!("{} has no answer \"{}\"{hint}", t.actor, t.id),
            );
            continue;
        };
        if let Some(name) = &t.name {
            ck.named(&at("name"), name, "the name");
            r.name.clone_from(name);
        }
        if let Some(news) = &t.news {
            ck.named(&at("news"), news, "the news");
            r.news.clone_from(news);
        }
        if let Some(also) = &t.news_also {
            for (k, line) in also.iter().enumerate() {
                ck.named(
                    &format!("response_texts[{i}].news_also[{k}]"),
                    line,
                    "a wording",
                );
            }
            r.news_also.clone_from(also);
        }
        if t.map.is_some() {
            r.map = ck.map_mark(&format!("response_texts[{i}]"), &t.map);
        }
    }
    Arc::new(own)
}

/// The largest score a policy may give a family or a rule, or its noise: far above any useful
/// value, and small enough that the scores of a turn add up without reaching infinity.
pub const POLICY_SCORE_LIMIT: f32 = 1000.0;

/// What a policy may read, said where one reads something hidden.
pub const POLICY_SEES: &str = "a policy plays as a player would, on what a player can see (the dashboard's figures and flags, the analysts' estimate, the moves made); read those instead";

/// Checks the names and numbers in a player policy file against a scenario.
pub fn policy_rules(
    scenario: &Scenario,
    ck: &mut Checker,
    def: &PolicyDef,
) -> Vec<(u16, f32, Vec<Cond>)> {
    let rules = &scenario.rules;
    let mut tags = rules.tags.clone();
    let dispositions: Vec<String> = rules
        .pyongyang
        .dispositions
        .iter()
        .map(|d| d.id.clone())
        .collect();
    let mut names = Names {
        vars: &rules.vars,
        dispositions: &dispositions,
        rungs: &rules.rungs,
        tags: &mut tags,
    };
    for (family, weight) in &def.families {
        ck.range(
            &format!("families.{family:?}"),
            *weight,
            -POLICY_SCORE_LIMIT,
            POLICY_SCORE_LIMIT,
            "a family's score",
        );
    }
    ck.range("noise", def.noise, 0.0, POLICY_SCORE_LIMIT, "noise");
    def.rules
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            ck.range(
                &format!("rules[{i}].weight"),
                r.weight,
                -POLICY_SCORE_LIMIT,
                POLICY_SCORE_LIMIT,
                "a rule's weight",
            );
            let when = names.conds(ck, &format!("rules[{i}].when"), &r.when);
            // A policy plays as a player would, on what a player can see: one that read a
            // hidden variable (Pyongyang's lull between campaigns) would win on what no player
            // knows, in `sim`, the forecast and the policy lab alike. Refused, not warned of.
            for (j, c) in r.when.iter().enumerate() {
                if let Some(v) = super::lint::hidden_read(rules, c) {
                    ck.error(
                        &format!("rules[{i}].when[{j}]"),
                        format!(
                            "the rule for action \"{}\" reads {v}, which is hidden from the player (`hidden: true`, or events that are all `quiet`): {POLICY_SEES}",
                            r.action
                        ),
                    );
                }
            }
            match scenario.action_index(&r.action) {
                Some(a) => Some((a, r.weight, when)),
                None => {
                    let hint =
                        suggestion(&r.action, scenario.actions.iter().map(|a| a.id.as_str()));
                    ck.error(
                        &format!("rules[{i}].action"),
                        format!("unknown action \"{}\"{hint}", r.action),
                    );
                    None
                }
            }
        })
        .collect()
}

/// Ids set on all variables the statistics look for.
pub fn known_vars(vars: &[VarInfo]) -> KnownVars {
    let find = |id: &str| vars.iter().position(|v| v.id == id).map(|i| i as VarIdx);
    KnownVars {
        nuclear_tests: find("world.nuclear_tests"),
        icbm_tests: find("world.icbm_tests"),
        moratorium: find("world.moratorium"),
        summit: find("world.summit"),
        war: find("world.war"),
        proximity: find("world.proximity"),
        missiles: find("world.missiles"),
        launch_days: find("world.missile_tests"),
        hotline: find("world.hotline"),
        military_agreement: find("world.military_agreement"),
        reactor_idle: find("world.reactor_idle"),
        provocation_tag: 0,
        engagement_tag: 0,
    }
}
