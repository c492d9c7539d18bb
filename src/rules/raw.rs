//! The serde shapes of every RON file a modder edits: `assets/rules/*.ron` and `levels/*.ron`.
//!
//! These types mirror the files one to one, with string ids and no cross-checks; `compile.rs`
//! turns them into the indexed form the engine runs on. Every type denies unknown fields, so a
//! typo in a field name is an error with a line and column, never silently ignored.

use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// Reads a map that names each key once. Serde, like RON, would keep the second of two
/// entries with one key and drop the first without a word; a modder who wrote
/// `{"builder": 1, "builder": 2}` meant something, so it is an error at the second key.
fn unique_keys<'de, D, K, V>(d: D) -> Result<BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord + std::fmt::Debug,
    V: Deserialize<'de>,
{
    struct Unique<K, V>(std::marker::PhantomData<(K, V)>);
    impl<'de, K, V> serde::de::Visitor<'de> for Unique<K, V>
    where
        K: Deserialize<'de> + Ord + std::fmt::Debug,
        V: Deserialize<'de>,
    {
        type Value = BTreeMap<K, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map, each key once")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<K>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "the key {key:?} is listed twice in this map; give each key once"
                    )));
                }
                let value = map.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique(std::marker::PhantomData))
}

/// `assets/rules/actors.ron`: the actors and the variables each one carries.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActorsFile {
    pub actors: Vec<ActorDef>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActorDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub about: String,
    pub variables: Vec<VariableDef>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VariableDef {
    pub id: String,
    pub name: String,
    pub initial: f32,
    #[serde(default)]
    pub min: f32,
    #[serde(default = "hundred")]
    pub max: f32,
    #[serde(default)]
    pub about: String,
    /// Shown in the actor's panel on the dashboard.
    #[serde(default)]
    pub key: bool,
    /// A short phrase shown on the dashboard while the variable is 1 or more ("hotline open").
    #[serde(default)]
    pub flag: Option<String>,
    /// The same fact the other way round, for a condition that needs the variable at 0
    /// ("hotline down": a card "needs hotline down"); without it, "no " + `flag`.
    #[serde(default)]
    pub flag_off: Option<String>,
    /// For players: how the value comes and goes ("it stands down once ..."), shown under an
    /// objective that still needs it.
    #[serde(default)]
    pub hint: Option<String>,
    /// Hidden from the player until the game ends: never on the dashboard, in a card's lock or
    /// an objective, in the "why" or in the file of an unfinished game; the analysts weigh no
    /// rule that reads it, and the forecast starts every simulated game with it at its opening
    /// value, as a player who cannot see it would have to.
    #[serde(default)]
    pub hidden: bool,
}

fn hundred() -> f32 {
    100.0
}

/// `assets/rules/ladder.ron`: the escalation ladder.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LadderFile {
    pub rungs: Vec<RungDef>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RungDef {
    pub id: String,
    pub name: String,
    /// Tension at or above which this rung is reached.
    pub from: f32,
    #[serde(default)]
    pub about: String,
    /// Reaching this rung ends the game in war.
    #[serde(default)]
    pub war: bool,
    #[serde(default)]
    pub source: Option<String>,
}

/// Which way an advisor's line on a move leans: the dashboard marks it "(for)", "(against)" or
/// "(mixed)".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Lean {
    For,
    Against,
    /// Backs the move with a reservation, or warns with a concession.
    Mixed,
}

/// The four families of player moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Family {
    ShowOfForce,
    Restraint,
    BeijingOutreach,
    DirectDiplomacy,
}

impl Family {
    pub const ALL: [Family; 4] = [
        Family::ShowOfForce,
        Family::Restraint,
        Family::BeijingOutreach,
        Family::DirectDiplomacy,
    ];

    /// The tag every action of this family carries automatically.
    pub fn tag(self) -> &'static str {
        match self {
            Family::ShowOfForce => "show_of_force",
            Family::Restraint => "restraint",
            Family::BeijingOutreach => "beijing_outreach",
            Family::DirectDiplomacy => "direct_diplomacy",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Family::ShowOfForce => "Show of force",
            Family::Restraint => "Restraint",
            Family::BeijingOutreach => "Outreach to Beijing",
            Family::DirectDiplomacy => "Direct diplomacy",
        }
    }
}

/// How Beijing stands in a level (design caution 3 in the history notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum BeijingStance {
    /// Votes for new UN sanctions and enforces some of them (2013, 2017).
    BacksSanctions,
    /// Blocks new sanctions at the UN but still backs regional diplomacy (2022).
    BlocksSanctionsBacksTalks,
}

impl BeijingStance {
    pub fn label(self) -> &'static str {
        match self {
            BeijingStance::BacksSanctions => "backs sanctions",
            BeijingStance::BlocksSanctionsBacksTalks => {
                "blocks new sanctions, backs regional talks"
            }
        }
    }
}

/// A test on the state of the game. Variables are named `actor.variable`, or `tension`, `turn`.
/// A misspelt field of a variant with named fields (`Did`) is an error, never ignored.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Condition {
    /// The variable is at least this value.
    AtLeast(String, f32),
    /// The variable is at most this value.
    AtMost(String, f32),
    /// Tension has reached this rung of the ladder (or a higher one).
    RungAtLeast(String),
    /// Tension is below this rung of the ladder.
    RungBelow(String),
    /// Beijing's stance in this level.
    Stance(BeijingStance),
    /// `who` (player, pyongyang, beijing) made a move tagged `tag` at least `at_least` times in the
    /// last `within` turns, the current one included (1 = this turn's moves so far: an AI sees
    /// the player's move; a player's requirement or policy, decided before the turn, sees none of
    /// this turn, so it needs `within: 2` to see the previous turn).
    Did {
        who: String,
        tag: String,
        within: u32,
        #[serde(default = "one")]
        at_least: u32,
    },
    /// Any of the listed conditions holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
}

fn one() -> u32 {
    1
}

/// A change to the state of the game.
/// A misspelt field of a variant with named fields (`Tension`, `Later`, `If`) is an error, never
/// ignored: a dropped `otherwise` would change the game without a word.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Effect {
    /// Adds an entry to the tension ledger that fades by `decay` points each turn.
    Tension { amount: f32, decay: f32 },
    /// Adds to a variable (negative to subtract); the result is clamped to the variable's range.
    Add(String, f32),
    /// Sets a variable.
    Set(String, f32),
    /// These effects happen `turns` turns from now.
    Later { turns: u32, effects: Vec<Effect> },
    /// Effects that depend on the state when they apply.
    If {
        when: Vec<Condition>,
        then: Vec<Effect>,
        #[serde(default)]
        otherwise: Vec<Effect>,
    },
}

/// `assets/rules/actions.ron`: the player's moves.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActionsFile {
    pub actions: Vec<ActionDef>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActionDef {
    pub id: String,
    pub name: String,
    pub family: Family,
    #[serde(default)]
    pub about: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Variables spent to take the action; the action is unavailable while any is short.
    #[serde(default)]
    pub cost: Vec<(String, f32)>,
    /// All must hold for the action to be available.
    #[serde(default)]
    pub requires: Vec<Condition>,
    /// Turns before the action can be taken again (0 = any time).
    #[serde(default)]
    pub cooldown: u32,
    pub effects: Vec<Effect>,
    /// A chance that Pyongyang reads the move as something worse, with extra effects.
    #[serde(default)]
    pub misreading: Option<Misreading>,
    /// Each advisor's one-line view, by advisor id.
    #[serde(default, deserialize_with = "unique_keys")]
    pub advice: BTreeMap<String, String>,
    /// Which way an advisor's line in `advice` leans, where it is not the advisor's usual
    /// leaning (for the families they favour, against the others): a hawk who finds a hotline
    /// harmless, a China hand who backs a freeze.
    #[serde(default, deserialize_with = "unique_keys")]
    pub leans: BTreeMap<String, Lean>,
    #[serde(default)]
    pub source: Option<String>,
    /// True for a move that is neither force nor restraint (holding course): it carries no
    /// family tag, so rules that read shows of force or restraint do not see it.
    #[serde(default)]
    pub neutral: bool,
    /// Where the dashboard's map marks the move when its turn is over (none: no mark).
    #[serde(default)]
    pub map: Option<MapMarkDef>,
}

/// A mark on the dashboard's map: a ring at a place and a short caption beside it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MapMarkDef {
    /// (longitude east, latitude north) in degrees, e.g. (126.7, 37.95) for Panmunjom.
    pub at: (f32, f32),
    /// A few words beside the ring, e.g. "talks at Panmunjom".
    pub caption: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Misreading {
    pub chance: f32,
    /// What Pyongyang takes the move for, e.g. "an invasion rehearsal".
    pub reading: String,
    pub effects: Vec<Effect>,
}

/// `assets/rules/pyongyang.ron`, `assets/rules/beijing.ron`: an AI actor's responses and the rules
/// that score them.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AiFile {
    pub actor: String,
    /// Misreading: each response's score gets a uniform random term in [0, noise).
    pub noise: f32,
    #[serde(default)]
    pub dispositions: Vec<DispositionDef>,
    /// The player's intelligence analysts: each keeps an estimate of the hidden disposition and
    /// updates it from what the AI does (Pyongyang only).
    #[serde(default)]
    pub analysts: Vec<AnalystDef>,
    pub responses: Vec<ResponseDef>,
    pub rules: Vec<AiRuleDef>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DispositionDef {
    pub id: String,
    pub name: String,
    /// Relative chance that a game draws this disposition (a level may override it).
    pub chance: f32,
    /// Multiplier on rules by motive; a motive not listed counts 1.0.
    #[serde(default, deserialize_with = "unique_keys")]
    pub motives: BTreeMap<String, f32>,
    #[serde(default)]
    pub about: String,
}

/// An intelligence analyst: a prior over the dispositions and how cautiously they read one
/// observation. Two analysts with different priors or caution can disagree.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnalystDef {
    pub id: String,
    pub name: String,
    /// Relative prior weight per disposition id; one not listed counts 1.
    #[serde(default, deserialize_with = "unique_keys")]
    pub prior: BTreeMap<String, f32>,
    /// How much noise the analyst allows in one observation, as a multiple of the AI's noise:
    /// larger is slower to change their mind (0.2 to 5).
    #[serde(default = "one_f32")]
    pub caution: f32,
}

fn one_f32() -> f32 {
    1.0
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The news line shown when the response is chosen.
    pub news: String,
    /// Other wordings of the news line: the game takes `news` and these in turn, by the turn's
    /// number, so an answer given often does not read the same each time.
    #[serde(default)]
    pub news_also: Vec<String>,
    #[serde(default)]
    pub requires: Vec<Condition>,
    pub effects: Vec<Effect>,
    #[serde(default)]
    pub source: Option<String>,
    /// Where the dashboard's map marks the answer when its turn is over (none: no mark).
    #[serde(default)]
    pub map: Option<MapMarkDef>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AiRuleDef {
    pub id: String,
    /// The response this rule argues for.
    pub response: String,
    /// The motive, weighted by the drawn disposition.
    #[serde(default = "default_motive")]
    pub motive: String,
    /// Score added when every condition holds.
    pub weight: f32,
    #[serde(default)]
    pub when: Vec<Condition>,
    /// Score added per point of a variable: `("pyongyang.weapons_progress", 0.02)`.
    #[serde(default)]
    pub factors: Vec<(String, f32)>,
    /// The reason shown to the player when this rule decides.
    pub because: String,
    #[serde(default)]
    pub source: Option<String>,
}

fn default_motive() -> String {
    "baseline".to_string()
}

/// `assets/rules/events.ron`: incidents and accidents.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventsFile {
    pub events: Vec<EventDef>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventDef {
    pub id: String,
    pub name: String,
    pub news: String,
    /// Chance each turn: logistic(base + sum of factor * variable).
    pub chance: ChanceDef,
    #[serde(default)]
    pub when: Vec<Condition>,
    pub effects: Vec<Effect>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Routine bookkeeping (recovery, drift): applied but not shown in the news.
    #[serde(default)]
    pub quiet: bool,
    #[serde(default)]
    pub source: Option<String>,
    /// Where the dashboard's map marks the event when its turn is over (none: no mark).
    #[serde(default)]
    pub map: Option<MapMarkDef>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChanceDef {
    pub base: f32,
    #[serde(default)]
    pub factors: Vec<(String, f32)>,
}

/// `assets/rules/advisors.ron`: the advisors who comment on the options.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AdvisorsFile {
    pub advisors: Vec<AdvisorDef>,
    /// The two advisor teams of a hot-seat class game (none: team games are not offered).
    #[serde(default)]
    pub teams: Vec<TeamDef>,
    /// How hard the player's position starts; the first is the default.
    #[serde(default)]
    pub difficulties: Vec<DifficultyDef>,
}

/// A difficulty: changes to the player's side at the start of every level.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DifficultyDef {
    pub id: String,
    pub name: String,
    /// One line for the briefing.
    #[serde(default)]
    pub about: String,
    /// ("actor.variable", amount) added to the level's starting value (kept within range).
    #[serde(default)]
    pub start: Vec<(String, f32)>,
    /// ("actor.variable", amount): each game starts the variable anywhere within this much
    /// of its (changed) starting value, drawn from the game's seed, in whole points.
    #[serde(default)]
    pub spread: Vec<(String, f32)>,
}

/// An advisor team: who it speaks for, what it cares about, and how its score is counted.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TeamDef {
    pub id: String,
    pub name: String,
    /// Its priorities in one line, shown to the team on its turn of the screen.
    pub priorities: String,
    /// Its score at the end: the weighted mean of these variables (each 0 to 100), as
    /// (variable, weight).
    pub score: Vec<(String, f32)>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AdvisorDef {
    pub id: String,
    pub name: String,
    pub title: String,
    /// Families this advisor favours; they speak for these and warn against the rest.
    pub favours: Vec<Family>,
}

/// `levels/*.ron`: one scenario.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LevelDef {
    pub id: String,
    pub title: String,
    pub years: String,
    /// Position in the campaign (1, 2, ...); `None` for levels outside it, such as the sandbox.
    #[serde(default)]
    pub campaign: Option<u32>,
    pub summary: String,
    pub briefing: Vec<String>,
    pub calendar: CalendarDef,
    pub turns: u32,
    pub beijing_stance: BeijingStance,
    /// Overrides the relative chance of Pyongyang's dispositions, by id.
    #[serde(default, deserialize_with = "unique_keys")]
    pub dispositions: BTreeMap<String, f32>,
    /// Starting values that differ from the defaults in `actors.ron`.
    #[serde(default)]
    pub start: Vec<StartValue>,
    /// Tension already on the ledger when the level opens.
    #[serde(default)]
    pub tension: Vec<LedgerSeed>,
    pub objectives: Vec<ObjectiveDef>,
    /// What Washington and Seoul actually did, turn by turn.
    #[serde(default)]
    pub script: Vec<ScriptedMove>,
    /// What happened in the real crisis, for the debrief.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// Actions added or replaced (by id) for this level only.
    #[serde(default)]
    pub actions: Vec<ActionDef>,
    /// Random events of this level only, as in `assets/rules/events.ron`: each is added after
    /// the rules' own events, or replaces the rules' event of the same id in this level.
    #[serde(default)]
    pub events: Vec<EventDef>,
    /// What the historical script should reproduce, checked by `peninsula calibrate`.
    #[serde(default)]
    pub calibration: Vec<CalibrationTarget>,
    /// Whether the dashboard may show the forecast (a level for playing blind sets false).
    #[serde(default = "yes")]
    pub forecast: bool,
    /// Questions for a class to discuss after the game, shown on the debrief and printed in
    /// the exported report.
    #[serde(default)]
    pub discussion: Vec<String>,
    /// What a class should take away from the level, shown on the debrief and in the report.
    #[serde(default)]
    pub learning_goals: Vec<String>,
    /// Events a facilitator can drop into the game from the menu (they go into the game's log).
    #[serde(default)]
    pub injects: Vec<InjectDef>,
    /// How an AI's answers read in this level only (their name, news and map mark), by the
    /// answer's id: what an answer does stays the rules'.
    #[serde(default)]
    pub response_texts: Vec<ResponseTextDef>,
}

/// The wording of one AI answer in one level (`LevelDef::response_texts`): each field given
/// replaces the rules' own, each left out keeps it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseTextDef {
    /// Whose answer: "pyongyang" (the default) or "beijing".
    #[serde(default = "pyongyang")]
    pub actor: String,
    /// The answer's id in that AI's rules file.
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub news: Option<String>,
    /// Replaces the other wordings of the news line (`[]` leaves only `news`).
    #[serde(default)]
    pub news_also: Option<Vec<String>>,
    #[serde(default)]
    pub map: Option<MapMarkDef>,
    /// Where the level's wording comes from, for a real event.
    #[serde(default)]
    pub source: Option<String>,
}

fn pyongyang() -> String {
    "pyongyang".to_string()
}

/// An inject: an event the facilitator triggers, applied at once between turns.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InjectDef {
    pub id: String,
    /// Shown in the facilitator's menu.
    pub name: String,
    /// Shown to the class when it happens, and in the transcript.
    pub news: String,
    pub effects: Vec<Effect>,
    /// Where a real event like it is documented; leave empty for a hypothetical one.
    #[serde(default)]
    pub source: String,
    /// Where the dashboard's map marks the inject while its turn is open and once it is played
    /// (none: no mark).
    #[serde(default)]
    pub map: Option<MapMarkDef>,
}

/// An inject in a game's log: applied before the move of `turn`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InjectAt {
    pub turn: u32,
    pub id: String,
}

fn yes() -> bool {
    true
}

/// One line of a level's calibration: a statistic of many games played with the historical
/// script, the range it must fall in, and where the real figure comes from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationTarget {
    pub metric: Metric,
    /// For `AnswerRate` and `FirstAnswerTurn`: the id of the Pyongyang answer they count
    /// (`declare_force_complete`, `dismantle_site`), a dated event of the record.
    #[serde(default)]
    pub answer: Option<String>,
    pub min: f32,
    pub max: f32,
    /// What the real figure was, in words.
    #[serde(default)]
    pub real: String,
    pub source: String,
    /// A known gap: why the model misses this target. `calibrate` then reports the miss as a
    /// gap, not a failure, and says so when the target is met again.
    #[serde(default)]
    pub gap: Option<String>,
}

/// A statistic of a batch of games, for calibration targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Metric {
    /// Fraction of games (0 to 1) that end in war.
    WarRate,
    /// Fraction of games with at least one nuclear test.
    NuclearTestRate,
    /// Fraction of games with at least one ICBM test.
    IcbmTestRate,
    /// Fraction of games in which a test moratorium is declared (one in force when the level
    /// opens does not count).
    MoratoriumRate,
    /// Fraction of games with a leaders' summit.
    SummitRate,
    /// Mean ballistic missiles fired per game.
    Missiles,
    /// Mean launch days per game.
    LaunchDays,
    /// Mean events tagged `incident` per game (in the shipped rules, an exchange of fire at
    /// the DMZ and a clash at sea near the NLL): whether the border stays as quiet, or as
    /// violent, as the real year's did.
    Incidents,
    /// Mean of the highest tension reached.
    PeakTension,
    /// Tension when turn 1 opens.
    OpeningTension,
    /// Mean turn of the first nuclear test, over the games that have one.
    FirstNuclearTestTurn,
    /// Mean nuclear tests per game.
    NuclearTests,
    /// Mean turn of the first ballistic missile launches, over the games that have any.
    FirstLaunchTurn,
    /// Mean turn of the last ballistic missile launches (ICBMs included), over the games that
    /// have any: whether the launches stop when the real year's did.
    LastLaunchTurn,
    /// Mean turn of the first ICBM test, over the games that have one.
    FirstIcbmTestTurn,
    /// Mean turn of the last ICBM test, over the games that have one: whether the tests are
    /// spread over the level as the real year's were, not only how many there are.
    LastIcbmTestTurn,
    /// Mean ICBM tests per game (a test that ends a moratorium counts).
    IcbmTests,
    /// Mean turn a test moratorium is declared (the first, if several), over the games that
    /// declare one: whether the freeze comes when the real one did, not only whether it comes.
    FirstMoratoriumTurn,
    /// Fraction of games that open with a reactor standing idle (`world.reactor_idle` at 1)
    /// and end with it restarted.
    ReactorRestartRate,
    /// Mean of each game's longest run of turns with no ballistic missile launches between its
    /// first launches and its last, over the games with launches on two turns or more: whether
    /// the tests come in campaigns with quiet months between them, as the real year's did.
    LongestQuiet,
    /// Fraction of games in which Pyongyang gives the target's `answer` at least once: a dated
    /// event of the record, such as the force declared complete on 29 November 2017.
    AnswerRate,
    /// Mean turn Pyongyang first gives the target's `answer`, over the games in which it does.
    FirstAnswerTurn,
}

impl Metric {
    pub fn label(self) -> &'static str {
        match self {
            Metric::WarRate => "war",
            Metric::NuclearTestRate => "games with a nuclear test",
            Metric::IcbmTestRate => "games with an ICBM test",
            Metric::MoratoriumRate => "games with a test moratorium",
            Metric::SummitRate => "games with a summit",
            Metric::Missiles => "missiles fired",
            Metric::LaunchDays => "launch days",
            Metric::Incidents => "border incidents",
            Metric::PeakTension => "peak tension",
            Metric::OpeningTension => "opening tension",
            Metric::FirstNuclearTestTurn => "turn of the first nuclear test",
            Metric::NuclearTests => "nuclear tests",
            Metric::FirstLaunchTurn => "turn of the first launches",
            Metric::LastLaunchTurn => "turn of the last launches",
            Metric::FirstIcbmTestTurn => "turn of the first ICBM test",
            Metric::LastIcbmTestTurn => "turn of the last ICBM test",
            Metric::IcbmTests => "ICBM tests",
            Metric::FirstMoratoriumTurn => "turn the moratorium is declared",
            Metric::ReactorRestartRate => "games with a reactor restart",
            Metric::LongestQuiet => "longest quiet between launches",
            Metric::AnswerRate => "games with the answer",
            Metric::FirstAnswerTurn => "turn of the answer",
        }
    }
    /// Whether the figure is a turn of the level (a mean turn over the games with the event).
    pub fn is_turn(self) -> bool {
        matches!(
            self,
            Metric::FirstNuclearTestTurn
                | Metric::FirstLaunchTurn
                | Metric::LastLaunchTurn
                | Metric::FirstIcbmTestTurn
                | Metric::LastIcbmTestTurn
                | Metric::FirstMoratoriumTurn
                | Metric::FirstAnswerTurn
        )
    }
    /// Whether the metric counts one of Pyongyang's answers, named by the target's `answer`.
    pub fn counts_an_answer(self) -> bool {
        matches!(self, Metric::AnswerRate | Metric::FirstAnswerTurn)
    }
    pub fn is_rate(self) -> bool {
        matches!(
            self,
            Metric::WarRate
                | Metric::NuclearTestRate
                | Metric::IcbmTestRate
                | Metric::MoratoriumRate
                | Metric::SummitRate
                | Metric::ReactorRestartRate
                | Metric::AnswerRate
        )
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarDef {
    /// First turn's date as (year, month, day).
    pub start: (i32, u32, u32),
    pub days_per_turn: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StartValue {
    pub var: String,
    pub value: f32,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerSeed {
    pub label: String,
    pub amount: f32,
    pub decay: f32,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum ObjectiveKind {
    Win,
    Loss,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum ObjectiveCheck {
    /// Checked after every turn; ends the game as soon as it holds.
    Anytime,
    /// Checked once, after the last turn.
    AtEnd,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveDef {
    pub id: String,
    pub name: String,
    pub kind: ObjectiveKind,
    pub check: ObjectiveCheck,
    pub when: Vec<Condition>,
    /// Turns in a row the conditions must hold before the objective is met (default 1).
    #[serde(default = "one")]
    pub held_for: u32,
    /// The objective cannot be met before this turn (default: any turn).
    #[serde(default)]
    pub not_before: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedMove {
    pub turn: u32,
    pub action: String,
    pub what: String,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    pub turn: u32,
    pub date: String,
    pub text: String,
    pub source: String,
    /// Our reading of the real tension at this point, for the debrief chart's second line.
    #[serde(default)]
    pub tension: Option<f32>,
}

/// A player policy file for `peninsula sim --policy FILE`: RON rules for the player side.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyDef {
    #[serde(default)]
    pub name: String,
    /// Score for every available action of a family.
    #[serde(default, deserialize_with = "unique_keys")]
    pub families: BTreeMap<Family, f32>,
    /// Extra score for an action when the conditions hold.
    #[serde(default)]
    pub rules: Vec<PolicyRuleDef>,
    /// Random term added to each score, in [0, noise).
    #[serde(default)]
    pub noise: f32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyRuleDef {
    pub action: String,
    pub weight: f32,
    #[serde(default)]
    pub when: Vec<Condition>,
}

/// A command log: what `play --log` writes and `play --moves` reads back. The default is a log
/// of no moves that names nothing (level, seed and difficulty left to the command line).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MovesFile {
    #[serde(default)]
    pub level: Option<String>,
    #[serde(default)]
    pub seed: Option<u64>,
    pub moves: Vec<String>,
    /// The facilitator's injects, each before the move of its turn.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub injects: Vec<InjectAt>,
    /// A hot-seat team game: its rule and what each team proposed each turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teams: Option<TeamsLog>,
    /// The difficulty's id (left out: the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<String>,
    /// The class code the game was started from (left out: none). It names the level, seed and
    /// options; the log's own `level`, `seed` and `difficulty` are what replays it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_code: Option<String>,
    /// The mods whose rules patches the game was played under, as "id version" (left out:
    /// none). A replay under other rules warns that it may be another game.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mods: Vec<String>,
    /// The fingerprint of the rules and level the game was played under
    /// (`Scenario::fingerprint`; left out in logs written before it was kept, and in logs
    /// written by hand). A replay under rules with another fingerprint warns that it may be
    /// another game.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<String>,
    /// How many times Undo took back a turn or an inject while the game was played (left out:
    /// none); the report shows it.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub undone: u32,
    /// Ended early with the facilitator's "End now" (left out: played on, or still in
    /// progress): its report says "Ended early", as the desktop's does.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ended: bool,
    /// The name the class's group gave itself on the briefing (left out: none); the report
    /// names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The name of the computer the game was first played on (left out: a game played on the
    /// command line, or before it was kept); the report's spreadsheet names it on every row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computer: Option<String>,
    /// A what-if played on from a rewind on the debrief (left out: the game as played): its
    /// report says so, as the desktop's does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whatif: Option<WhatIfLog>,
}

/// A what-if in a log: the turn the game was rewound to, how many turns the game before the
/// rewind had, and that game's tension after each of its turns, which the report's chart draws
/// beside the what-if's (left out in logs written before it was kept: the chart then draws the
/// what-if alone).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WhatIfLog {
    pub from_turn: u32,
    pub of_turns: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tension: Vec<f32>,
    /// The class code of the game it parts from, when that game was a class's: the what-if is
    /// not the class's game, so the log does not claim the code at its top, but its report and
    /// `whatif` name the class's game by it, never by its seed (with the seed, `class-code`
    /// prints the teacher's key). Left out in logs written before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_code: Option<String>,
}

/// For `skip_serializing_if`: a count left out of a file when it is zero.
pub(crate) fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A team game in a log or save: `rule` is lead, alternate or both; `proposals` holds, per
/// turn, the action ids the first and the second team proposed.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TeamsLog {
    pub rule: String,
    pub proposals: Vec<(String, String)>,
}

// ---- Mod rule patches: `rules/*.ron` inside a mod folder -------------------------------------
//
// Each file changes one base rules file by id: an entry whose id is new is added (at the end of
// its list), an entry whose id exists replaces it where it stands, and `remove` deletes entries
// by id. Lists left out change nothing. The files are named after the base file they patch.

/// A mod's `rules/actions.ron`: actions added or replaced, and actions removed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActionsPatch {
    /// Each action is added (new id) or replaces the base action with its id.
    #[serde(default)]
    pub actions: Vec<ActionDef>,
    /// Ids of actions to take out of the game.
    #[serde(default)]
    pub remove: Vec<String>,
}

/// A mod's `rules/pyongyang.ron` or `rules/beijing.ron`: changes to one AI.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AiPatch {
    /// Replaces the AI's noise (left out: unchanged).
    #[serde(default)]
    pub noise: Option<f32>,
    /// Dispositions added or replaced by id.
    #[serde(default)]
    pub dispositions: Vec<DispositionDef>,
    /// Analysts added or replaced by id.
    #[serde(default)]
    pub analysts: Vec<AnalystDef>,
    /// Responses added or replaced by id.
    #[serde(default)]
    pub responses: Vec<ResponseDef>,
    /// Rules added or replaced by id.
    #[serde(default)]
    pub rules: Vec<AiRuleDef>,
    /// Ids to take out, per list.
    #[serde(default)]
    pub remove: AiRemove,
}

/// What an `AiPatch` takes out, by id, per list.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AiRemove {
    #[serde(default)]
    pub dispositions: Vec<String>,
    #[serde(default)]
    pub analysts: Vec<String>,
    #[serde(default)]
    pub responses: Vec<String>,
    #[serde(default)]
    pub rules: Vec<String>,
}

/// A mod's `rules/events.ron`: events added, replaced or removed by id.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventsPatch {
    #[serde(default)]
    pub events: Vec<EventDef>,
    #[serde(default)]
    pub remove: Vec<String>,
}

/// A mod's `rules/ladder.ron`: rungs added, replaced or removed by id (the ladder is then put
/// in order of `from`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LadderPatch {
    #[serde(default)]
    pub rungs: Vec<RungDef>,
    #[serde(default)]
    pub remove: Vec<String>,
}

/// A mod's `rules/advisors.ron`: advisors, teams and difficulties added, replaced or removed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AdvisorsPatch {
    #[serde(default)]
    pub advisors: Vec<AdvisorDef>,
    #[serde(default)]
    pub teams: Vec<TeamDef>,
    #[serde(default)]
    pub difficulties: Vec<DifficultyDef>,
    /// Ids to take out, per list.
    #[serde(default)]
    pub remove: AdvisorsRemove,
}

/// What an `AdvisorsPatch` takes out, by id, per list.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AdvisorsRemove {
    #[serde(default)]
    pub advisors: Vec<String>,
    #[serde(default)]
    pub teams: Vec<String>,
    #[serde(default)]
    pub difficulties: Vec<String>,
}
