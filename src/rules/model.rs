//! The compiled rules the engine runs on: ids resolved to indices, tags to bit masks, every
//! reference checked. Built once at load by `compile.rs`; cheap to share behind an `Arc`.

use super::raw::{
    AdvisorDef, BeijingStance, Family, Lean, LevelDef, ObjectiveCheck, ObjectiveKind,
};

/// At most this many objectives per level (the engine keeps a streak counter for each).
pub const MAX_OBJECTIVES: usize = 16;
/// At most this many dispositions and analysts (the estimate is a fixed-size array).
pub const MAX_DISPOSITIONS: usize = 4;
pub const MAX_ANALYSTS: usize = 3;
use std::path::PathBuf;
use std::sync::Arc;

/// Index of a variable in `Rules::vars` and in the state's value array.
pub type VarIdx = u16;

/// Who made a move, for history conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Who {
    Player = 0,
    Pyongyang = 1,
    Beijing = 2,
    World = 3,
}

impl Who {
    pub const COUNT: usize = 4;
    pub fn from_id(id: &str) -> Option<Who> {
        match id {
            "player" | "washington" | "seoul" | "alliance" => Some(Who::Player),
            "pyongyang" => Some(Who::Pyongyang),
            "beijing" => Some(Who::Beijing),
            "world" | "events" => Some(Who::World),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Who::Player => "Washington–Seoul",
            Who::Pyongyang => "Pyongyang",
            Who::Beijing => "Beijing",
            Who::World => "Events",
        }
    }
}

/// A number the conditions and effects can read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum VarRef {
    Tension,
    Turn,
    Var(VarIdx),
    /// The player's intelligence estimate (0-100, the analysts' mean) that Pyongyang has the
    /// disposition with this index: `estimate.opportunist`. For player policies.
    Estimate(u8),
}

/// A condition. Its variant is a plain tag (`repr(u8)`), as for `Eff`.
#[derive(Debug, Clone, PartialEq)]
#[repr(u8)]
pub enum Cond {
    AtLeast(VarRef, f32),
    AtMost(VarRef, f32),
    RungAtLeast(u8),
    RungBelow(u8),
    Stance(BeijingStance),
    Did {
        who: Who,
        tags: u64,
        within: u8,
        at_least: u8,
    },
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

/// An effect. Its variant is a plain tag (`repr(u8)`), not folded into a `Vec`'s spare bits,
/// so the engine's dispatch on it, many times a turn, is one load.
#[derive(Debug, Clone, PartialEq)]
#[repr(u8)]
pub enum Eff {
    Tension {
        amount: f32,
        decay: f32,
    },
    Add(VarIdx, f32),
    Set(VarIdx, f32),
    Later {
        turns: u8,
        effects: Arc<[Eff]>,
    },
    If {
        when: Vec<Cond>,
        then: Vec<Eff>,
        otherwise: Vec<Eff>,
    },
}

/// Where a rule came from, for the "why" shown to players and modders.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub file: Arc<str>,
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

#[derive(Debug, Clone)]
pub struct VarInfo {
    /// Full id, `actor.variable`.
    pub id: String,
    pub name: String,
    pub actor: usize,
    pub initial: f32,
    pub min: f32,
    pub max: f32,
    pub about: String,
    pub key: bool,
    /// Shown as this phrase on the dashboard while the value is 1 or more.
    pub flag: Option<String>,
    /// How a condition that needs the value at 0 reads ("hotline down"); else "no " + `flag`.
    pub flag_off: Option<String>,
    /// For players: how the value comes and goes, shown under an objective that needs it.
    pub hint: Option<String>,
    /// Hidden from the player until the game ends (see `raw::VariableDef::hidden`).
    pub hidden: bool,
}

impl VarInfo {
    /// How a flag variable reads when it is off (at 0): the modder's `flag_off` phrase, else
    /// "no " + the flag ("no summit held"). None for a variable that is no flag.
    pub fn off_phrase(&self) -> Option<String> {
        let flag = self.flag.as_ref()?;
        Some(
            self.flag_off
                .clone()
                .unwrap_or_else(|| format!("no {flag}")),
        )
    }
}

#[derive(Debug, Clone)]
pub struct ActorInfo {
    pub id: String,
    pub name: String,
    pub about: String,
    pub vars: Vec<VarIdx>,
}

#[derive(Debug, Clone)]
pub struct Rung {
    pub id: String,
    pub name: String,
    pub from: f32,
    pub about: String,
    pub war: bool,
}

#[derive(Debug, Clone)]
pub struct Action {
    pub id: String,
    pub name: String,
    pub family: Family,
    /// Neither force nor restraint (holding course): carries no family tag.
    pub neutral: bool,
    pub about: String,
    pub tags: u64,
    pub cost: Vec<(VarIdx, f32)>,
    pub requires: Vec<Cond>,
    pub cooldown: u8,
    pub effects: Vec<Eff>,
    pub misreading: Option<CompiledMisreading>,
    /// Each advisor's line on the move, by advisor id, and which way it leans.
    pub advice: Vec<(String, String, Lean)>,
    pub map: Option<MapMark>,
    pub origin: Origin,
}

/// Where the dashboard's map marks a move, an answer or an event: a place and a caption.
#[derive(Debug, Clone, PartialEq)]
pub struct MapMark {
    /// Degrees east and north.
    pub lon: f32,
    pub lat: f32,
    pub caption: String,
}

#[derive(Debug, Clone)]
pub struct CompiledMisreading {
    pub chance: f32,
    pub reading: String,
    pub effects: Vec<Eff>,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub id: String,
    pub name: String,
    pub tags: u64,
    pub news: String,
    /// Other wordings of `news` (see `ResponseDef::news_also`).
    pub news_also: Vec<String>,
    pub requires: Vec<Cond>,
    pub effects: Vec<Eff>,
    pub map: Option<MapMark>,
}

impl Response {
    /// The news line on a turn: `news` and its other wordings taken in turn, so the same
    /// answer on the next turn reads differently. Fixed by the turn, so a replay reads the same.
    pub fn news_on(&self, turn: u32) -> &str {
        let wordings = 1 + self.news_also.len();
        match (turn.saturating_sub(1) as usize) % wordings {
            0 => &self.news,
            k => &self.news_also[k - 1],
        }
    }
}

#[derive(Debug, Clone)]
pub struct AiRule {
    pub id: String,
    pub response: u16,
    pub motive: u16,
    pub weight: f32,
    pub when: Vec<Cond>,
    pub factors: Vec<(VarRef, f32)>,
    pub because: String,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Disposition {
    pub id: String,
    pub name: String,
    pub chance: f32,
    /// Multiplier per motive index.
    pub motives: Vec<f32>,
    pub about: String,
}

/// One AI actor's decision rules.
#[derive(Debug, Clone)]
pub struct Ai {
    pub who: Who,
    pub noise: f32,
    pub motives: Vec<String>,
    pub dispositions: Vec<Disposition>,
    pub analysts: Vec<Analyst>,
    pub responses: Vec<Response>,
    pub rules: Vec<AiRule>,
}

/// An intelligence analyst (see `raw::AnalystDef`), with the prior normalised per disposition.
#[derive(Debug, Clone)]
pub struct Analyst {
    pub id: String,
    pub name: String,
    pub prior: Vec<f32>,
    pub caution: f32,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub name: String,
    pub news: String,
    pub base: f32,
    pub factors: Vec<(VarRef, f32)>,
    pub when: Vec<Cond>,
    pub effects: Vec<Eff>,
    pub tags: u64,
    pub quiet: bool,
    pub map: Option<MapMark>,
    pub origin: Origin,
}

/// Variables the engine and the statistics know by name, when the data defines them.
#[derive(Debug, Clone, Default)]
pub struct KnownVars {
    pub nuclear_tests: Option<VarIdx>,
    pub icbm_tests: Option<VarIdx>,
    pub moratorium: Option<VarIdx>,
    pub summit: Option<VarIdx>,
    pub war: Option<VarIdx>,
    pub proximity: Option<VarIdx>,
    /// Ballistic missiles fired, and the days they were fired on.
    pub missiles: Option<VarIdx>,
    pub launch_days: Option<VarIdx>,
    /// Standing channels the map marks at the DMZ.
    pub hotline: Option<VarIdx>,
    pub military_agreement: Option<VarIdx>,
    /// 1 while a shut reactor stands idle and Pyongyang could restart it (2013's Yongbyon):
    /// a game that opens with it at 1 and ends at 0 counts as a restart.
    pub reactor_idle: Option<VarIdx>,
    /// The tag that marks Pyongyang's provocations (0 when no response carries it).
    pub provocation_tag: u64,
    /// The tag that marks Pyongyang's openings (talks, summits, freezes).
    pub engagement_tag: u64,
}

/// Everything in `assets/rules/`, compiled.
#[derive(Debug, Clone)]
pub struct Rules {
    pub actors: Vec<ActorInfo>,
    pub vars: Vec<VarInfo>,
    pub rungs: Vec<Rung>,
    pub actions: Vec<Action>,
    pub tags: Vec<String>,
    pub pyongyang: Ai,
    pub beijing: Ai,
    pub events: Vec<Event>,
    pub advisors: Vec<AdvisorDef>,
    /// The advisor teams of a hot-seat game: none, or two.
    pub teams: Vec<Team>,
    /// The difficulties, the default first (at least one: "standard" when the file lists none).
    pub difficulties: Vec<Difficulty>,
    pub known: KnownVars,
    /// The mods whose rules patches these rules carry, in load order, as "id version": a game's
    /// log names them, since the same moves under other rules are another game.
    pub patched_by: Vec<String>,
    /// A digest of the rules as parsed, mods' patches applied (FNV-1a over their RON, so
    /// comments and layout do not count): two machines whose rules differ in anything a game
    /// reads have different digests. See `Scenario::fingerprint`.
    pub digest: u64,
}

/// FNV-1a, 64 bits, continued from `hash` over `bytes`: the digests of rules and levels.
pub fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for byte in bytes {
        hash ^= *byte as u64;
        hash = hash.wrapping_mul(0x100_0000_01b3);
    }
    hash
}

/// Where an FNV-1a digest starts.
pub const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// The 32 symbols of class codes and rules fingerprints: digits and capitals without I, L, O
/// or U, which are misread or misheard.
pub const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A compiled difficulty (see `DifficultyDef`).
#[derive(Debug, Clone, PartialEq)]
pub struct Difficulty {
    pub id: String,
    pub name: String,
    pub about: String,
    pub start: Vec<(VarIdx, f32)>,
    /// Variables whose starting value each game draws within this much of the level's (after
    /// `start`): uniform, in whole points, from the game's seed. A list of moves tuned to one
    /// opening meets a different one each game, and the briefing, the transcript and the
    /// report say where this one opens (`sim::transcript::opening_line`).
    pub spread: Vec<(VarIdx, f32)>,
}

impl Difficulty {
    /// Its name, and its `about` after it when it has one, as `Hard (less capital)` when
    /// `brackets`, else as `Hard: less capital`: a difficulty without `about` reads as its name
    /// alone, never `Hard ()`.
    pub fn described(&self, brackets: bool) -> String {
        match (self.about.trim(), brackets) {
            ("", _) => self.name.clone(),
            (about, true) => format!("{} ({about})", self.name),
            (about, false) => format!("{}: {about}", self.name),
        }
    }
}

impl Rules {
    /// The index of the difficulty with this id.
    /// In any case, as a player may type the name shown ("Hard" for `hard`): ids are
    /// snake_case, so no two differ only by case.
    pub fn difficulty_index(&self, id: &str) -> Option<u8> {
        self.difficulties
            .iter()
            .position(|d| d.id.eq_ignore_ascii_case(id))
            .map(|i| i as u8)
    }
}

/// A compiled advisor team (see `TeamDef`).
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub priorities: String,
    /// (variable, weight), weights summing to 1.
    pub score: Vec<(VarRef, f32)>,
}

impl Rules {
    pub fn var_index(&self, id: &str) -> Option<VarIdx> {
        self.vars
            .iter()
            .position(|v| v.id == id)
            .map(|i| i as VarIdx)
    }

    /// The rung for a tension value.
    pub fn rung_for(&self, tension: f32) -> u8 {
        let mut rung = 0;
        for (i, r) in self.rungs.iter().enumerate() {
            if tension >= r.from {
                rung = i as u8;
            }
        }
        rung
    }

    pub fn ai(&self, who: Who) -> &Ai {
        match who {
            Who::Beijing => &self.beijing,
            _ => &self.pyongyang,
        }
    }

    /// "Pyongyang trust", or just "talks momentum" for the shared `world` variables.
    pub fn var_label(&self, i: VarIdx) -> String {
        let info = &self.vars[i as usize];
        let actor = &self.actors[info.actor];
        if actor.id == "world" {
            in_a_sentence(&info.name)
        } else {
            format!("{} {}", actor.name, in_a_sentence(&info.name))
        }
    }

    pub fn tag_names(&self, mask: u64) -> Vec<&str> {
        (0..64)
            .filter(|b| mask & (1u64 << b) != 0)
            .filter_map(|b| self.tags.get(b).map(String::as_str))
            .collect()
    }

    pub fn tag_bit(&self, tag: &str) -> u64 {
        self.tags
            .iter()
            .position(|t| t == tag)
            .map(|b| 1u64 << b)
            .unwrap_or(0)
    }

    /// A player-facing sentence for a condition: "needs Pyongyang trust of at least 40".
    pub fn describe(&self, cond: &Cond, stance: BeijingStance) -> String {
        self.describe_as(cond, stance, false)
    }

    /// `describe` for a condition tested before the turn's moves, an action's `requires`: a
    /// `Did` there sees only the turns already played, so `within: 3` reads "in the last 2
    /// turns" and `within: 2` "last turn", the turns a player can count back on the timeline.
    pub fn describe_before_turn(&self, cond: &Cond, stance: BeijingStance) -> String {
        self.describe_as(cond, stance, true)
    }

    fn describe_as(&self, cond: &Cond, stance: BeijingStance, before_turn: bool) -> String {
        // The turns a `Did` looks back over, as a phrase.
        let span = |within: u8| match (before_turn, within) {
            (true, 0..=1) => "this turn".to_string(),
            (true, 2) => "last turn".to_string(),
            (true, n) => format!("in the last {} turns", n - 1),
            (false, n) => format!("in the last {n} turns"),
        };
        let var = |v: &VarRef| match v {
            VarRef::Tension => "tension".to_string(),
            VarRef::Turn => "the turn".to_string(),
            VarRef::Var(i) => self.var_label(*i),
            VarRef::Estimate(d) => format!(
                "the estimate that Pyongyang is a {}",
                self.pyongyang
                    .dispositions
                    .get(*d as usize)
                    .map(|x| x.name.to_lowercase())
                    .unwrap_or_default()
            ),
        };
        // A yes-or-no variable (at most 1) reads as a fact, not a number: "test moratorium",
        // "no summit held".
        let yes_no = |v: &VarRef| match v {
            VarRef::Var(i) => {
                let info = &self.vars[*i as usize];
                (info.max <= 1.0).then(|| {
                    // A flag is written as it reads inside a sentence ("hotline open",
                    // "Yongbyon reactor idle"): kept as the modder wrote it, names' capitals too.
                    info.flag.clone().unwrap_or_else(|| var(v))
                })
            }
            _ => None,
        };
        match cond {
            Cond::AtLeast(v, x) if *x == 1.0 => {
                yes_no(v).unwrap_or_else(|| format!("{} {x:.0}+", var(v)))
            }
            Cond::AtLeast(v, x) => format!("{} {x:.0}+", var(v)),
            Cond::AtMost(v, x) if *x <= 0.0 => {
                // A fact the other way round, as its modder wrote it ("hotline down").
                let off = match v {
                    VarRef::Var(i) => self.vars[*i as usize].flag_off.clone(),
                    _ => None,
                };
                off.unwrap_or_else(|| format!("no {}", yes_no(v).unwrap_or_else(|| var(v))))
            }
            Cond::AtMost(v, x) => format!("{} {x:.0} or less", var(v)),
            Cond::RungAtLeast(r) => {
                format!(
                    "tension at {} or higher",
                    in_a_sentence(&self.rungs[*r as usize].name)
                )
            }
            Cond::RungBelow(r) => format!(
                "tension below {}",
                in_a_sentence(&self.rungs[*r as usize].name)
            ),
            Cond::Stance(s) => format!("Beijing {} (this crisis: {})", s.label(), stance.label()),
            Cond::Did {
                who,
                tags,
                within,
                at_least,
            } => {
                // A noun phrase, as "needs ..." and the Not form ("no ... move by ...") read.
                let names = tag_phrase(&self.tag_names(*tags).join("/"));
                let count = if *at_least == 1 {
                    let article = if names.starts_with(['a', 'e', 'i', 'o', 'u']) {
                        "an"
                    } else {
                        "a"
                    };
                    format!("{article} {names} move")
                } else {
                    format!("{at_least} {names} moves")
                };
                format!("{count} by {} {}", who.label(), span(*within))
            }
            // Nothing to list: said as what it is, not as an empty phrase ("needs ").
            Cond::Any(list) if list.is_empty() => {
                "a condition that never holds (an empty Any)".to_string()
            }
            Cond::Any(list) => list
                .iter()
                .map(|c| self.describe_as(c, stance, before_turn))
                .collect::<Vec<_>>()
                .join(" or "),
            Cond::Not(inner) => match inner.as_ref() {
                Cond::Did {
                    who, tags, within, ..
                } => format!(
                    "no {} move by {} {}",
                    tag_phrase(&self.tag_names(*tags).join("/")),
                    who.label(),
                    span(*within)
                ),
                other => format!("not ({})", self.describe_as(other, stance, before_turn)),
            },
        }
    }
}

impl Rules {
    /// Player-facing lines for a list of effects: "Tension +8 (fades 1.5 a turn)".
    /// What the routine events add to `v` every turn whatever is played: the quiet events with
    /// no conditions and a certain chance (`political_cycle`'s capital recovery), their plain
    /// `Add`s summed. A card shows it beside a move's own effects, so "+2 capital" on the card
    /// and "+6" after the turn do not disagree.
    pub fn every_turn_adds(&self, v: VarIdx) -> f32 {
        self.events
            .iter()
            .filter(|e| e.quiet && e.when.is_empty() && e.factors.is_empty() && e.base >= 10.0)
            .flat_map(|e| e.effects.iter())
            .map(|eff| match eff {
                Eff::Add(w, x) if *w == v => *x,
                _ => 0.0,
            })
            .sum()
    }

    pub fn effect_lines(&self, effects: &[Eff], stance: BeijingStance) -> Vec<String> {
        let mut out = Vec::new();
        for e in effects {
            match e {
                Eff::Tension { amount, decay } => out.push(if *decay > 0.0 {
                    format!("Tension {} (fades {decay} a turn)", signed_amount(*amount))
                } else {
                    format!("Tension {} (lasting)", signed_amount(*amount))
                }),
                Eff::Add(v, x) => out.push(format!("{} {}", self.var_label(*v), signed_amount(*x))),
                // A yes-or-no fact reads as the fact it leaves ("Hotline open", "No drills
                // halted"), as a condition on it does, not as "drills halted set to 0".
                Eff::Set(v, x) if self.vars[*v as usize].max <= 1.0 => {
                    let fact = if *x >= 1.0 {
                        Cond::AtLeast(VarRef::Var(*v), 1.0)
                    } else {
                        Cond::AtMost(VarRef::Var(*v), 0.0)
                    };
                    out.push(capitalised(&self.describe(&fact, stance)));
                }
                Eff::Set(v, x) => out.push(format!("{} set to {x:.0}", self.var_label(*v))),
                Eff::Later { turns, effects } => {
                    for line in self.effect_lines(effects, stance) {
                        out.push(format!("in {turns} turns: {line}"));
                    }
                }
                Eff::If {
                    when,
                    then,
                    otherwise,
                } => {
                    // Beijing's stance is fixed for a level: show only the branch that applies.
                    if !when.is_empty() && when.iter().all(|c| matches!(c, Cond::Stance(_))) {
                        let holds = when
                            .iter()
                            .all(|c| matches!(c, Cond::Stance(s) if *s == stance));
                        let (branch, why) = if holds {
                            (then, "")
                        } else {
                            (otherwise, "not ")
                        };
                        for line in self.effect_lines(branch, stance) {
                            out.push(format!("{line} (Beijing {why}on board)"));
                        }
                        continue;
                    }
                    let cond: Vec<String> = when.iter().map(|c| self.describe(c, stance)).collect();
                    let cond = cond.join(" and ");
                    for line in self.effect_lines(then, stance) {
                        out.push(format!("if {cond}: {line}"));
                    }
                    for line in self.effect_lines(otherwise, stance) {
                        out.push(format!("otherwise: {line}"));
                    }
                }
            }
        }
        out
    }
}

#[derive(Debug, Clone)]
pub struct Objective {
    pub id: String,
    pub name: String,
    pub kind: ObjectiveKind,
    pub check: ObjectiveCheck,
    pub when: Vec<Cond>,
    /// Turns in a row `when` must hold (at least 1).
    pub held_for: u8,
    /// Not met before this turn.
    pub not_before: u32,
}

/// A phrase with its first letter raised, to start a line: "no drills halted" reads "No drills
/// halted"; "Yongbyon reactor idle" stays as it is.
fn capitalised(phrase: &str) -> String {
    let mut chars = phrase.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A variable's name as it reads inside a sentence: the first letter lowered, unless the first
/// word is an acronym ("ICBM tests") or the name is one letter; later capitals ("in the North")
/// stay.
fn in_a_sentence(name: &str) -> String {
    let first_word = name.split_whitespace().next().unwrap_or("");
    let acronym = first_word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && first_word.chars().all(|c| !c.is_lowercase());
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if !acronym => c.to_lowercase().chain(chars).collect(),
        _ => name.to_string(),
    }
}

/// Tag ids as words in a sentence: "icbm_test/un_sanctions" reads "ICBM test/UN sanctions".
fn tag_phrase(tags: &str) -> String {
    const ACRONYMS: [&str; 6] = ["icbm", "un", "cma", "thaad", "dprk", "rok"];
    let mut out = String::with_capacity(tags.len());
    for (i, alternative) in tags.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        let words: Vec<String> = alternative
            .split('_')
            .map(|w| {
                if ACRONYMS.contains(&w) {
                    w.to_uppercase()
                } else {
                    w.to_string()
                }
            })
            .collect();
        out.push_str(&words.join(" "));
    }
    out
}

impl Objective {
    /// What the objective asks, for the player: "tension 30 or less, no combat alert in the
    /// North, ...", each condition in the words an action's requirement uses.
    pub fn needs(&self, rules: &Rules, stance: BeijingStance) -> String {
        self.when
            .iter()
            .map(|c| rules.describe(c, stance))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// When the objective is judged, for the player: " (at the end)", " (held 3 turns running;
    /// can end the level from turn 11)", or nothing for one that counts as soon as it holds.
    /// The turns it must hold may begin before the turn it can end the level on.
    pub fn timing(&self) -> String {
        let mut parts = Vec::new();
        if self.check == ObjectiveCheck::AtEnd {
            parts.push("at the end".to_string());
        }
        if self.held_for > 1 {
            parts.push(format!("held {} turns running", self.held_for));
        }
        if self.not_before > 1 && self.check == ObjectiveCheck::Anytime {
            parts.push(format!("can end the level from turn {}", self.not_before));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join("; "))
        }
    }
}

/// One level, compiled against the rules: what a game is started from.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub rules: Arc<Rules>,
    pub def: LevelDef,
    pub path: PathBuf,
    /// Base actions with the level's additions and replacements.
    pub actions: Vec<Action>,
    /// Starting value of every variable.
    pub start: Vec<f32>,
    pub objectives: Vec<Objective>,
    /// The historical move for each turn (index = turn - 1), if the script names one.
    pub script: Vec<Option<u16>>,
    /// Relative chance of each of Pyongyang's dispositions in this level.
    pub disposition_chances: Vec<f32>,
    /// Index of the always-available "hold course" action, used when a move is unavailable.
    pub fallback_action: u16,
    /// The events a facilitator can inject.
    pub injects: Vec<Inject>,
    /// Whether any condition or factor in the level or its rules reads the intelligence
    /// estimate. When none does (and the player's policy does not either), a game's moves and
    /// outcome do not depend on the analysts, and batch runs and forecasts skip their update.
    pub reads_estimate: bool,
    /// The hot lists of conditions compiled to bit masks (see `atoms.rs`), for the engine.
    pub checks: super::atoms::ScenarioChecks,
}

/// A compiled inject (see `raw::InjectDef`).
#[derive(Debug, Clone)]
pub struct Inject {
    pub id: String,
    pub name: String,
    pub news: String,
    pub effects: Vec<Eff>,
    pub map: Option<MapMark>,
}

/// Whether a condition reads the intelligence estimate.
pub fn cond_reads_estimate(cond: &Cond) -> bool {
    cond_reads(cond, &|v| matches!(v, VarRef::Estimate(_)))
}

/// Whether a condition reads a value `which` picks out.
pub fn cond_reads(cond: &Cond, which: &impl Fn(VarRef) -> bool) -> bool {
    match cond {
        Cond::AtLeast(v, _) | Cond::AtMost(v, _) => which(*v),
        Cond::Any(list) => list.iter().any(|c| cond_reads(c, which)),
        Cond::Not(inner) => cond_reads(inner, which),
        Cond::RungAtLeast(_) | Cond::RungBelow(_) | Cond::Stance(_) | Cond::Did { .. } => false,
    }
}

impl Rules {
    /// Whether `v` is a variable hidden from the player (`VarInfo::hidden`).
    pub fn is_hidden(&self, v: VarRef) -> bool {
        matches!(v, VarRef::Var(i) if self.vars.get(i as usize).is_some_and(|info| info.hidden))
    }

    /// Whether every effect in `effects` moves only variables hidden from the player (an empty
    /// list is none that moves a shown one): a delayed effect of a hidden event.
    pub fn writes_only_hidden(&self, effects: &[Eff]) -> bool {
        effects.iter().all(|e| match e {
            Eff::Tension { .. } => false,
            Eff::Add(i, _) | Eff::Set(i, _) => self.is_hidden(VarRef::Var(*i)),
            Eff::Later { effects, .. } => self.writes_only_hidden(effects),
            Eff::If {
                then, otherwise, ..
            } => self.writes_only_hidden(then) && self.writes_only_hidden(otherwise),
        })
    }

    /// Whether an AI rule reads a hidden variable, in its conditions or its factors: the
    /// analysts do not weigh it and the "why" does not name it.
    pub fn rule_reads_hidden(&self, rule: &AiRule) -> bool {
        rule.when
            .iter()
            .any(|c| cond_reads(c, &|v| self.is_hidden(v)))
            || rule.factors.iter().any(|(v, _)| self.is_hidden(*v))
    }
}

fn effects_read_estimate(effects: &[Eff]) -> bool {
    effects.iter().any(|e| match e {
        Eff::Later { effects, .. } => effects_read_estimate(effects),
        Eff::If {
            when,
            then,
            otherwise,
        } => {
            when.iter().any(cond_reads_estimate)
                || effects_read_estimate(then)
                || effects_read_estimate(otherwise)
        }
        Eff::Tension { .. } | Eff::Add(..) | Eff::Set(..) => false,
    })
}

fn factors_read_estimate(factors: &[(VarRef, f32)]) -> bool {
    factors
        .iter()
        .any(|(v, _)| matches!(v, VarRef::Estimate(_)))
}

impl Scenario {
    /// Walks every condition, factor and effect a game of this level can evaluate (see
    /// `reads_estimate`).
    pub fn find_estimate_reads(&self) -> bool {
        let conds = |c: &[Cond]| c.iter().any(cond_reads_estimate);
        let actions = self.actions.iter().any(|a| {
            conds(&a.requires)
                || effects_read_estimate(&a.effects)
                || a.misreading
                    .as_ref()
                    .is_some_and(|m| effects_read_estimate(&m.effects))
        });
        let ai = |ai: &Ai| {
            ai.rules
                .iter()
                .any(|r| conds(&r.when) || factors_read_estimate(&r.factors))
                || ai
                    .responses
                    .iter()
                    .any(|r| conds(&r.requires) || effects_read_estimate(&r.effects))
        };
        let events = self.rules.events.iter().any(|e| {
            conds(&e.when) || factors_read_estimate(&e.factors) || effects_read_estimate(&e.effects)
        });
        actions
            || ai(&self.rules.pyongyang)
            || ai(&self.rules.beijing)
            || events
            || self.objectives.iter().any(|o| conds(&o.when))
            || self
                .injects
                .iter()
                .any(|i| effects_read_estimate(&i.effects))
    }

    /// Four characters that differ between two machines whose rules or level differ (in
    /// anything but comments and layout): a class compares them to see that every machine
    /// deals the same game from one code. From the rules' digest and the level as parsed.
    pub fn fingerprint(&self) -> String {
        let level = ron::to_string(&self.def).unwrap_or_default();
        let hash = fnv1a(self.rules.digest ^ FNV_START, level.as_bytes());
        let folded = (hash ^ hash >> 20 ^ hash >> 40) & 0xF_FFFF;
        (0..4)
            .rev()
            .map(|k| CODE_ALPHABET[((folded >> (5 * k)) & 31) as usize] as char)
            .collect()
    }

    pub fn id(&self) -> &str {
        &self.def.id
    }
    pub fn inject_index(&self, id: &str) -> Option<u16> {
        self.injects
            .iter()
            .position(|a| a.id == id)
            .map(|i| i as u16)
    }

    pub fn action_index(&self, id: &str) -> Option<u16> {
        self.actions
            .iter()
            .position(|a| a.id == id)
            .map(|i| i as u16)
    }
}

/// An amount an effect adds, as a card or a line shows it: a whole number as one ("+4"), any
/// other to a tenth ("-0.3", where `{:+.0}` printed "-0"), never "-0".
pub fn signed_amount(x: f32) -> String {
    let whole = (x * 10.0).round() % 10.0 == 0.0;
    let text = if whole {
        format!("{x:+.0}")
    } else {
        format!("{x:+.1}")
    };
    match text.as_str() {
        "-0" | "-0.0" => "+0".into(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::{VarInfo, signed_amount};

    /// A flag off reads in its modder's words where they gave some ("hotline down"), else as
    /// "no " and the flag; a variable that is no flag has no such phrase (it reads as a number).
    #[test]
    fn a_flag_off_reads_in_the_modders_words_or_as_no_flag() {
        let var = |flag: Option<&str>, off: Option<&str>| VarInfo {
            id: "us.x".into(),
            name: "X".into(),
            actor: 0,
            initial: 0.0,
            min: 0.0,
            max: 1.0,
            about: String::new(),
            key: true,
            flag: flag.map(str::to_string),
            flag_off: off.map(str::to_string),
            hint: None,
            hidden: false,
        };
        let phrase = |v: VarInfo| v.off_phrase();
        assert_eq!(
            phrase(var(Some("hotline open"), Some("hotline down"))).as_deref(),
            Some("hotline down")
        );
        assert_eq!(
            phrase(var(Some("summit held"), None)).as_deref(),
            Some("no summit held")
        );
        assert_eq!(phrase(var(None, None)), None);
    }

    /// "-0" on a card (a tenth a turn of trust lost, rounded away) read as a mistake.
    #[test]
    fn an_amount_keeps_its_tenth_and_is_never_minus_zero() {
        assert_eq!(signed_amount(4.0), "+4");
        assert_eq!(signed_amount(-3.0), "-3");
        assert_eq!(signed_amount(-0.3), "-0.3");
        assert_eq!(signed_amount(0.5), "+0.5");
        assert_eq!(signed_amount(-0.0), "+0");
        assert_eq!(signed_amount(-0.01), "+0");
        assert_eq!(signed_amount(2.96), "+3");
    }
}
