//! The command line: `levels`, `validate`, `play` and `sim`, plus the desktop game when no
//! command is given. Each command returns its exit code: 0 success, 1 problems found in the data,
//! 2 a bad command line (unknown level, missing file, bad number).

mod ask;
mod class_report;
mod new_mod;
mod whatif;

use crate::game::saves::parse_log;
use crate::rules::file_kind::{looks_like_log, looks_like_policy};
use crate::rules::load::{self, RULE_FILES};
use crate::rules::raw::{Metric, MovesFile};
use crate::rules::{DataSet, Diagnostics, LevelEntry, Scenario};
use crate::sim::batch::{run_batch, run_batch_at};
use crate::sim::policy::{BUILTIN, Policy, PolicyError};
use crate::sim::{Game, transcript};
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Parser)]
#[command(
    name = "peninsula",
    version,
    about = "A turn-based diplomacy game of crisis on the Korean Peninsula."
)]
pub struct Cli {
    /// Folder holding assets/ and levels/ (default: the current folder, else beside the program,
    /// else the source folder it was built from).
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Load the mod in DIR too (repeatable), besides those in the user mods folder
    /// (PENINSULA_MODS_DIR, else mods in the game's data folder: ~/.local/share/peninsula/mods on Linux).
    #[arg(long = "mod", global = true, value_name = "DIR")]
    pub mods: Vec<PathBuf>,
    /// Open the window, walk every screen through a scripted game, save a PNG per screen to DIR
    /// and exit.
    #[arg(long, value_name = "DIR")]
    pub screenshot_tour: Option<PathBuf>,
    /// Open the game at the briefing a class code describes (the same level, dice and options
    /// for everyone who enters it), e.g. 2017-0ZGG-2.
    #[arg(long, value_name = "CODE")]
    pub class_code: Option<String>,
    /// Turn on the facilitator's controls in the in-game menu (undo, reveal the type, end now).
    #[arg(long)]
    pub facilitator: bool,
    /// Play as two advisor teams in hot seat (Washington and Seoul), settling a disagreement by
    /// this rule: lead (Washington decides), alternate (the teams take turns), both (both
    /// moves are played, with their costs).
    #[arg(long, value_name = "RULE", value_parser = parse_team_rule)]
    pub teams: Option<crate::sim::teams::Settle>,
    /// Start new games at this difficulty (an id from assets/rules/advisors.ron: standard, hard).
    #[arg(long, value_name = "ID")]
    pub difficulty: Option<String>,
    /// Window size in logical pixels, e.g. 1920x1080 (default 1280x720).
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub window: Option<(u32, u32)>,
    /// Exit once the first interactive title frame is drawn, printing the time it took (for the
    /// startup benchmark).
    #[arg(long, hide = true)]
    pub startup_probe: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// Parses a command line (`args` starts with the program's name). `--mod` may be given
    /// before the command and after it, and every one counts: clap keeps only the values of
    /// the deepest place a global option appears, so the others are gathered here.
    pub fn try_parse_args<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
        let mut cli = Cli::try_parse_from(&args)?;
        let every = mod_args(&args);
        if every.len() > cli.mods.len() {
            cli.mods = every;
        }
        Ok(cli)
    }
}

/// Every `--mod DIR` and `--mod=DIR` on a command line, in order, up to a `--` (after which
/// words are values, not options). Clap has already accepted the line, so a `--mod` is always
/// followed by its value.
fn mod_args(args: &[std::ffi::OsString]) -> Vec<PathBuf> {
    let mut mods = Vec::new();
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let Some(text) = word.to_str() else { continue };
        if text == "--" {
            break;
        }
        if text == "--mod" {
            if let Some(value) = words.next() {
                mods.push(PathBuf::from(value));
            }
        } else if let Some(value) = text.strip_prefix("--mod=") {
            mods.push(PathBuf::from(value));
        }
    }
    mods
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the levels: id, title, years, turns.
    Levels,
    /// List this machine's saved games (level, turn, group, class code, when saved) and its
    /// reports; with --clear, move them all into a dated folder beside them, for the next class.
    Saves {
        /// Move every saved game and the reports (`reports/`) into
        /// `<save folder>/cleared/<date_time>/`: nothing is deleted, and the settings and
        /// campaign progress stay.
        #[arg(long)]
        clear: bool,
    },
    /// List the mods: id, version, where they come from, what they add, and whether they load.
    Mods,
    /// Write a ready-to-edit mod folder (a manifest, a level copied from LEVEL or a commented
    /// template, and a README) into the user mods folder or --out DIR; it validates clean.
    NewMod {
        /// The mod's name; its id is the name in snake_case.
        name: String,
        /// Copy this level (default: the commented sandbox, as a template).
        #[arg(long, value_name = "LEVEL")]
        from: Option<String>,
        /// The folder to create the mod in (default: the user mods folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Check RON files or folders (default: all shipped data) and print every problem (a file is read up to its first syntax error).
    Validate {
        /// Files or folders; a level file is checked against the rules in the data folder.
        paths: Vec<PathBuf>,
        /// One JSON object per problem, one per line (file, line, column, field, message,
        /// severity), for editors and CI; nothing else on standard output.
        #[arg(long)]
        json: bool,
        /// Fail (exit 1) on warnings too: a rule that can never fire, a condition that can
        /// never hold, an action nothing can unlock, an objective that can never be met.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Play one game headless and print its transcript.
    Play {
        /// The level (`peninsula levels` lists them); default: the one the moves file names.
        #[arg(long)]
        level: Option<String>,
        /// The game's seed; default: the one the moves file names, else 1.
        #[arg(long)]
        seed: Option<u64>,
        /// A moves file (RON, as written by --log), a policy file, `historical`, a policy name,
        /// or `ask`: play at the terminal, asked for each move.
        #[arg(long, value_name = "FILE|POLICY|historical|ask")]
        moves: String,
        /// Play the level and seed of a class code (instead of --level and --seed).
        #[arg(long, value_name = "CODE", conflicts_with_all = ["level", "seed", "difficulty"])]
        class_code: Option<String>,
        /// Write the game's command log (RON) here; `play --moves` on it replays the game.
        #[arg(long, value_name = "OUT")]
        log: Option<PathBuf>,
        /// After the transcript, print every variable after every turn (for level authors).
        #[arg(long)]
        trace: bool,
        /// Play on from a moves file at the terminal: its moves, then each next move asked for,
        /// as `--moves ask` asks (a game stopped there, kept with --log, goes on so).
        #[arg(long)]
        ask: bool,
        /// The difficulty (an id from assets/rules/advisors.ron: standard, hard); a class code
        /// or a moves file that names one sets it too.
        #[arg(long, value_name = "ID")]
        difficulty: Option<String>,
    },
    /// Play many games with a policy and print the outcome distribution; with several
    /// policies (`--policy hawk,dove,balanced`), compare them on the same seeds.
    Sim {
        /// The level (`peninsula levels` lists them).
        #[arg(long)]
        level: String,
        /// hawk, dove, beijing, balanced, deterrence, adaptive, historical, random, or a policy
        /// RON file; several, separated by commas, are compared in one table.
        #[arg(
            long,
            value_name = "NAME|FILE,...",
            value_delimiter = ',',
            required = true
        )]
        policy: Vec<String>,
        /// Games per policy (1 to 10,000,000; a million takes a few seconds a level).
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        runs: u64,
        /// The batch seed: each game's seed comes from it and the game's number, so the same
        /// seed gives the same games.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
        /// Worker threads, 1 to 64 (default: all cores).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=64))]
        threads: Option<u64>,
        /// Also draw how the games ended, per policy and per hidden disposition, as a PNG.
        #[arg(long, value_name = "FILE.png")]
        plot: Option<PathBuf>,
        /// Start every game at this difficulty (an id from assets/rules/advisors.ron: standard,
        /// hard); default: the first, standard.
        #[arg(long, value_name = "ID")]
        difficulty: Option<String>,
    },
    /// For each move from a position, the odds by the end of the level (win, loss, war, nuclear
    /// and ICBM tests, a moratorium, a summit, a reactor restart where one stands idle), the
    /// mean score and the tension ahead, from many sampled worlds.
    Forecast {
        /// The level (`peninsula levels` lists them); default: the one the moves file names.
        #[arg(long)]
        level: Option<String>,
        /// The game's seed; default: the one the moves file names, else 1.
        #[arg(long)]
        seed: Option<u64>,
        /// The moves played so far (a moves file as written by `play --log`).
        #[arg(long, value_name = "FILE")]
        moves: Option<PathBuf>,
        /// Forecast the game of a class code (its level, seed and difficulty), instead of
        /// --level and --seed; with --moves, the group's log of that game.
        #[arg(long, value_name = "CODE", conflicts_with_all = ["level", "seed"])]
        class_code: Option<String>,
        /// Worlds per move (1 to 100,000: each world keeps its tension for every turn ahead).
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        rollouts: u32,
        /// The policy that plays after the move (as on the dashboard: `adaptive`, which reads the
        /// analysts' estimate).
        #[arg(long, default_value = crate::sim::forecast::PLAYS_ON, value_name = "NAME|FILE")]
        policy: String,
        /// Seed of the sampled worlds.
        #[arg(long, default_value_t = 1)]
        forecast_seed: u64,
        /// Print JSON: one array holding an object per move (its rates, and the tension's
        /// percentiles turn by turn).
        #[arg(long)]
        json: bool,
    },
    /// Write a game's debrief report: a self-contained HTML page, the chart as a PNG, the turns
    /// as CSV and the game's log (its class code kept).
    Report {
        /// The game's log (as written by `play --log`, or a report's game.ron, or the report's
        /// folder that holds it), or a save of the desktop game (an autosave, a slot).
        log: PathBuf,
        /// The folder to write report.html, handout.html, tension.png, turns.csv and game.ron into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// For a game the facilitator ended early (End now): name Pyongyang's hidden type in the
        /// report, the handout and the CSV, as the facilitator's own machine does (for the
        /// teacher, after class: a student's copy keeps it hidden)
        #[arg(long)]
        reveal: bool,
    },
    /// Write the class's page from every group's game: the groups' tension on one chart, how
    /// each game went beside the real year, and where their moves parted (class.html, class.csv,
    /// class.png)
    ClassReport {
        /// The groups' games: exported report folders (each holds a game.ron), folders of them,
        /// logs written by `play --log`, or saves of the desktop game.
        #[arg(required = true, value_name = "PATH")]
        games: Vec<PathBuf>,
        /// The folder to write class.html, class.csv and the chart into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Name Pyongyang's hidden type when some games were ended early (End now) and none is
        /// still in progress (for the teacher, after class). A class whose games all reached
        /// their end is always told it.
        #[arg(long)]
        reveal: bool,
    },
    /// Print a class code for a level: everyone who enters it plays the same game.
    ClassCode {
        /// The level's id (`peninsula levels` lists them).
        #[arg(
            long,
            required_unless_present = "level_named",
            conflicts_with = "level_named"
        )]
        level: Option<String>,
        /// The level's id, without `--level` (`class-code 2017_fire_and_fury`).
        #[arg(value_name = "LEVEL")]
        level_named: Option<String>,
        /// The seed (0 to 65535; default: drawn from the clock).
        #[arg(long)]
        seed: Option<u16>,
        /// Hide the forecast on the dashboard (play blind).
        #[arg(long)]
        no_forecast: bool,
        /// Advisor teams in hot seat, settled by this rule: lead, alternate or both.
        #[arg(long, value_name = "RULE", value_parser = parse_team_rule)]
        teams: Option<crate::sim::teams::Settle>,
        /// The difficulty: an id from assets/rules/advisors.ron (standard, hard).
        #[arg(long, value_name = "ID")]
        difficulty: Option<String>,
        /// Deal this hidden type of Pyongyang (builder, opportunist, security_seeker): the
        /// first seed from --seed on that deals it. For the teacher: it is printed to standard
        /// error with the seed, never in the code.
        #[arg(long = "type", value_name = "ID")]
        disposition: Option<String>,
        /// Print the hidden type the code deals, to standard error (for the teacher's eyes).
        #[arg(long)]
        show_type: bool,
    },
    /// Replay a game's log with one turn played differently, and show both games side by side.
    Whatif {
        /// The game's log (as written by `play --log`, or a report's game.ron, or the report's
        /// folder that holds it).
        log: PathBuf,
        /// The turn to play differently (from 1). Any whole number is taken, so that one the
        /// game never had (0, or past its end) is answered with the turns it has.
        #[arg(long)]
        turn: u64,
        /// The move to play there instead.
        #[arg(long = "move", value_name = "ID")]
        action: String,
        /// After it, play this policy (default: the log's own moves, then `balanced`).
        #[arg(long, value_name = "POLICY|FILE")]
        then: Option<String>,
        /// Write the new game's log here, in the format of `play --log`.
        #[arg(long = "log", value_name = "OUT")]
        log_out: Option<PathBuf>,
    },
    /// Replay each level's historical script over many seeds and check it against the level's
    /// calibration targets (exit 1 if any fails).
    Calibrate {
        /// One level (default: every level with calibration targets).
        #[arg(conflicts_with = "level_flag")]
        level: Option<String>,
        /// The same, as the other commands name it (`--level ID`).
        #[arg(long = "level", value_name = "LEVEL")]
        level_flag: Option<String>,
        /// Games per level: 5,000 keeps a rate's sampling error under half a point, so a
        /// level near the edge of a band is judged on the model, not the dice (at most
        /// 10,000,000).
        #[arg(long, default_value_t = 5000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        runs: u64,
        /// The batch seed (as for `sim`).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Under each target, its figure for each of Pyongyang's hidden dispositions: which
        /// kind of Pyongyang the model needs to replay the record (for level authors and
        /// teachers; it names the hidden types).
        #[arg(long)]
        by_type: bool,
    },
}

fn parse_team_rule(s: &str) -> Result<crate::sim::teams::Settle, String> {
    crate::sim::teams::Settle::parse(s)
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once('x')
        .ok_or_else(|| format!("expected WIDTHxHEIGHT, e.g. 1920x1080, found \"{s}\""))?;
    let w: u32 = w.parse().map_err(|_| format!("bad width \"{w}\""))?;
    let h: u32 = h.parse().map_err(|_| format!("bad height \"{h}\""))?;
    if !(320..=8192).contains(&w) || !(240..=8192).contains(&h) {
        return Err(format!("{w}x{h} is outside 320x240 to 8192x8192"));
    }
    Ok((w, h))
}

/// Why the options before the command cannot go with one: those that only the game's window
/// reads (a command would silently play without them), with where the commands that have
/// their own take it instead.
fn window_option_with_a_command(cli: &Cli) -> Option<String> {
    let after = |flag: &str, commands: &str, example: &str| {
        format!(
            "{flag} before the command is the game window's option, and the command would not \
             read it; {commands} take it after the command (`peninsula {example}`)"
        )
    };
    if cli.difficulty.is_some() {
        return Some(after(
            "--difficulty",
            "`play` and `sim`",
            "sim --difficulty hard --level ID --policy NAME",
        ));
    }
    if cli.class_code.is_some() {
        return Some(after(
            "--class-code",
            "`play` and `forecast`",
            "play --class-code CODE --moves NAME",
        ));
    }
    let only_the_window = [
        ("--facilitator", cli.facilitator),
        ("--teams", cli.teams.is_some()),
        ("--window", cli.window.is_some()),
        ("--screenshot-tour", cli.screenshot_tour.is_some()),
    ];
    only_the_window
        .iter()
        .find(|(_, given)| *given)
        .map(|(flag, _)| {
            format!(
                "{flag} is an option of the game's window, and no command reads it: leave it out"
            )
        })
}

/// Runs a parsed command line that has a subcommand; returns the exit code.
pub fn run(cli: &Cli, command: &Command) -> i32 {
    if let Some(why) = window_option_with_a_command(cli) {
        eprintln!("error: {why}");
        return 2;
    }
    let root = match load::find_data_dir(cli.data.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    if let Some(missing) = cli.mods.iter().find(|d| !d.is_dir()) {
        let what = if missing.exists() {
            "not a folder (a mod is a folder holding mod.ron)"
        } else {
            "no such folder"
        };
        eprintln!("error: --mod {}: {what}", missing.display());
        return 2;
    }
    let mut mods = crate::rules::mods::ModDirs::standard(cli.mods.clone());
    // Mods the player turned off on the Mods screen stay off on the command line too, unless
    // named with --mod.
    mods.disabled = crate::game::saves::Profile::load(&crate::game::saves::save_dir())
        .0
        .disabled_mods;
    mods.keep_named = true;
    match command {
        Command::Validate {
            paths,
            json,
            deny_warnings,
        } => {
            // A mod's folder, or a file in one, is checked as that mod on top of the game.
            let mut named = cli.mods.clone();
            let mut rest = Vec::new();
            for p in paths {
                match mod_folder_of(p) {
                    Some(dir) => {
                        if !named.contains(&dir) {
                            named.push(dir);
                        }
                    }
                    None => rest.push(p.clone()),
                }
            }
            let mut dirs = mods.clone();
            dirs.extra = named;
            validate(&root, &rest, *json, *deny_warnings, &dirs)
        }
        Command::NewMod { name, from, out } => {
            with_data(&root, &mods, |data| {
                match new_mod::new_mod(data, name, from.as_deref(), out.as_deref()) {
                    Ok((dir, level)) => {
                        let d = dir.display();
                        // The hints name the data folder when one was given, so they check and
                        // play the mod against the same data.
                        let data_arg = cli
                            .data
                            .as_ref()
                            .map(|_| format!(" --data {}", root.display()))
                            .unwrap_or_default();
                        // And the mods this command line loaded: a level copied from one of
                        // them depends on it.
                        let given: String = cli
                            .mods
                            .iter()
                            .map(|m| format!(" --mod {}", m.display()))
                            .collect();
                        println!("wrote the mod {d}");
                        println!("  check it:  peninsula validate{data_arg}{given} --mod {d}");
                        println!(
                            "  play it:   peninsula{data_arg}{given} --mod {d} play --level {level} --moves balanced"
                        );
                        // Where the guide is on this machine: beside the data it was shipped with.
                        let guide = data.root.join("docs").join("modding.md");
                        if guide.is_file() {
                            println!("  the guide: {}", guide.display());
                        } else {
                            println!("  the guide: docs/modding.md in the game's source");
                        }
                        0
                    }
                    Err(e) => {
                        eprintln!("error: {e}");
                        2
                    }
                }
            })
        }
        Command::Mods => with_data_listing_mods(&root, &mods, |data| {
            print!("{}", mods_table(data));
            let policies_play = data
                .mods
                .iter()
                .all(|m| !m.ok() || mod_policy_problems(data, m).is_empty());
            if data.mods.iter().all(|m| m.ok()) && policies_play {
                0
            } else {
                1
            }
        }),
        Command::Saves { clear } => {
            // The data the game would load them with, to tell which saves it can restore.
            let data = load::load_data_with(&root, &mods).ok();
            saves_command(&crate::game::saves::save_dir(), *clear, data.as_ref())
        }
        Command::Levels => with_data(&root, &mods, |data| {
            // Each column as wide as its longest entry (a mod's long id or title, "fiction"),
            // so the columns after it line up.
            let ready = || data.levels.iter().filter_map(LevelEntry::scenario);
            let width = |f: &dyn Fn(&crate::rules::Scenario) -> usize, least: usize| {
                ready().map(f).fold(least, usize::max)
            };
            let ids = data
                .levels
                .iter()
                .map(|l| l.id().chars().count())
                .fold(20, usize::max);
            let titles = width(&|s| s.def.title.chars().count(), 24);
            let years = width(&|s| s.def.years.chars().count(), 6);
            for l in &data.levels {
                match l {
                    LevelEntry::Ready(s) => println!(
                        "{:<ids$} {:<titles$} {:<years$} {:>2} turns{}",
                        s.id(),
                        s.def.title,
                        s.def.years,
                        s.def.turns,
                        data.mod_of(s.id())
                            .map(|m| format!("  [mod: {m}]"))
                            .unwrap_or_default()
                    ),
                    LevelEntry::Broken { id, problems, .. } => println!(
                        "{id:<ids$} (broken: {} problem(s); run `peninsula validate`)",
                        problems.len()
                    ),
                }
            }
            0
        }),
        Command::Play {
            level,
            seed,
            moves,
            class_code,
            log,
            trace,
            ask,
            difficulty,
        } => with_data(&root, &mods, |data| {
            let (level, seed, difficulty) = match class_code {
                Some(code) => match crate::sim::class_code::decode(data, code) {
                    Ok(c) => {
                        let id = class_difficulty(data, &c);
                        (Some(c.level), Some(c.seed), id)
                    }
                    Err(e) => {
                        eprintln!("error: --class-code: {e}");
                        return 2;
                    }
                },
                None => (level.clone(), *seed, difficulty.clone()),
            };
            let class = class_code
                .as_deref()
                .and_then(|code| crate::sim::class_code::decode(data, code).ok());
            let run = PlayRun {
                level: level.as_deref(),
                seed,
                difficulty: difficulty.as_deref(),
                moves,
                log: log.as_deref(),
                trace: *trace,
                ask: *ask,
                class: class.as_ref(),
            };
            play(data, &run)
        }),
        Command::Report { log, out, reveal } => with_data(&root, &mods, |data| {
            whatif::report_command(data, log, out, *reveal)
        }),
        Command::ClassReport { games, out, reveal } => with_data(&root, &mods, |data| {
            class_report::class_report_command(data, games, out, *reveal)
        }),
        Command::ClassCode {
            level,
            level_named,
            seed,
            no_forecast,
            teams,
            difficulty,
            disposition,
            show_type,
        } => with_data(&root, &mods, |data| {
            let level = level
                .as_ref()
                .or(level_named.as_ref())
                .cloned()
                .unwrap_or_default();
            let sc = match scenario(data, &level) {
                Ok(s) => s,
                Err(code) => return code,
            };
            // A code holds a 16-bit seed, so one drawn from the clock is cut to 16 bits here,
            // before the type it deals and the seed are printed.
            let seed = seed.map(u64::from).unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.subsec_nanos() as u64 ^ d.as_secs())
                    .unwrap_or(1)
                    & u64::from(u16::MAX)
            });
            let difficulty = match difficulty.as_deref().map(|d| sc.rules.difficulty_index(d)) {
                None => 0,
                Some(Some(i)) if i < 2 => i,
                Some(found) => {
                    let known: Vec<&str> = sc
                        .rules
                        .difficulties
                        .iter()
                        .take(2)
                        .map(|d| d.id.as_str())
                        .collect();
                    let asked = difficulty.as_deref().unwrap_or_default();
                    if found.is_some() {
                        // A code has room for the first two difficulties only.
                        eprintln!(
                            "error: difficulty {asked:?} cannot go in a class code: a code holds \
                             only the rules' first two difficulties ({}); a game at it is \
                             started with `--difficulty {asked}`",
                            known.join(", ")
                        );
                    } else {
                        eprintln!(
                            "error: unknown difficulty {asked:?}: a class code's difficulty is one of: {}",
                            known.join(", ")
                        );
                    }
                    return 2;
                }
            };
            let py = &sc.rules.pyongyang;
            let dealt = |seed: u64| crate::sim::new_game(sc, seed).disposition as usize;
            let seed = match disposition.as_deref() {
                None => seed,
                Some(want) => {
                    let Some(d) = py.dispositions.iter().position(|d| d.id == want) else {
                        let known: Vec<&str> =
                            py.dispositions.iter().map(|d| d.id.as_str()).collect();
                        eprintln!(
                            "error: unknown type {want:?}: Pyongyang's types are {}",
                            known.join(", ")
                        );
                        return 2;
                    };
                    // Seeds are 16 bits: look at each once, from the one asked for on.
                    let first = (0..=u64::from(u16::MAX))
                        .map(|k| (seed + k) & u64::from(u16::MAX))
                        .find(|s| dealt(*s) == d);
                    let Some(found) = first else {
                        eprintln!(
                            "error: {} never deals a {} (its chance of that type is 0)",
                            sc.def.id,
                            py.dispositions[d].name.to_lowercase()
                        );
                        return 2;
                    };
                    found
                }
            };
            let options = crate::sim::class_code::ClassOptions {
                no_forecast: *no_forecast,
                teams: *teams,
                difficulty,
            };
            if teams.is_some() && sc.rules.teams.len() != 2 {
                eprintln!("error: these rules define no advisor teams (assets/rules/advisors.ron)");
                return 2;
            }
            let code = crate::sim::class_code::encode(data, sc, seed, options);
            // A code must read back as this level (another level may answer to the same tag).
            match crate::sim::class_code::decode(data, &code.text) {
                Ok(back) if back == code => {
                    println!("{}", code.text);
                    if disposition.is_some() || *show_type {
                        eprintln!(
                            "Pyongyang's hidden type in this game: {} (seed {seed}); keep it \
                             from the class until the debrief",
                            py.dispositions[dealt(seed)].name.to_lowercase()
                        );
                    }
                    eprintln!(
                        "Teacher's key: {} (turns on the facilitator's controls on a group's \
                         machine: Esc, Facilitator controls..., then type it); keep it from \
                         the class",
                        crate::sim::class_code::teacher_key(&code)
                    );
                    let mods = &sc.rules.patched_by;
                    if !mods.is_empty() {
                        eprintln!(
                            "note: made with mods that change this game ({}): every machine of \
                             the class needs them too, at the same versions, turned on; one \
                             without them refuses the code and says so",
                            mods.join(", ")
                        );
                    }
                    // What the code deals, so a teacher checks it before handing it out.
                    eprintln!(
                        "The code deals: {} ({}), seed {seed}; {}",
                        sc.def.title,
                        sc.def.years,
                        options.summary(sc)
                    );
                    eprintln!(
                        "Rules {}: every machine's briefing shows this beside the code; one \
                         that shows other rules has another version or edited files, and deals \
                         another game from the same code",
                        sc.fingerprint()
                    );
                    0
                }
                Ok(_) | Err(_) => {
                    eprintln!(
                        "error: another level answers to \"{}\" too, so a code for {} could not be told apart; give one of them other `years` (a level whose `years` is not a single year is known by the first four letters of its id)",
                        crate::sim::class_code::level_tag(data, sc),
                        sc.id()
                    );
                    1
                }
            }
        }),
        Command::Sim {
            level,
            policy,
            runs,
            seed,
            json,
            threads,
            plot,
            difficulty,
        } => with_data(&root, &mods, |data| {
            let sc = match scenario(data, level) {
                Ok(s) => s,
                Err(code) => return code,
            };
            let difficulty = match crate::sim::Game::setup_from(sc, 0, difficulty.as_deref(), None)
            {
                Ok(setup) => setup.difficulty,
                Err(e) => {
                    eprintln!("error: {e}");
                    return 2;
                }
            };
            let mut policies = Vec::new();
            for name in policy {
                match Policy::load(sc, &data.root, &data.policy_ref(name.trim())) {
                    Ok(p) => policies.push(p),
                    Err(e) => return policy_error(data, e),
                }
            }
            let threads = threads.map_or_else(
                || {
                    std::thread::available_parallelism()
                        .map(|n| n.get())
                        .unwrap_or(1)
                },
                |n| n as usize,
            );
            let total = *runs * policies.len() as u64;
            let bar = (std::io::stderr().is_terminal() && total >= 2000).then(|| {
                let bar = indicatif::ProgressBar::new(total);
                bar.set_style(
                    indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} games ({eta})")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                bar
            });
            // Every policy plays the same seeds, so the comparison is fair.
            let mut batches = Vec::new();
            for (i, p) in policies.iter().enumerate() {
                let before = i as u64 * *runs;
                let report = |n: u64| {
                    if let Some(b) = &bar {
                        b.set_position(before + n);
                    }
                };
                batches.push(run_batch_at(
                    sc, p, *runs, *seed, threads, difficulty, &report,
                ));
            }
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            if let Some(path) = plot {
                let written = crate::report::lab::png(
                    &batches,
                    &format!("{} ({})", sc.def.title, sc.def.years),
                )
                .and_then(|png| {
                    crate::save::write_atomically(path, &png)
                        .map_err(|e| format!("could not write {}: {e}", path.display()))
                });
                if let Err(e) = written {
                    eprintln!("error: {e}");
                    return 2;
                }
                eprintln!("wrote {}", path.display());
            }
            if *json {
                // One policy: its object, as before; several: an array in the order given.
                let text = match batches.as_slice() {
                    [one] => serde_json::to_string_pretty(one),
                    many => serde_json::to_string_pretty(many),
                };
                match text {
                    Ok(s) => println!("{s}"),
                    Err(e) => {
                        eprintln!("error: {e}");
                        return 2;
                    }
                }
            } else if let [one] = batches.as_slice() {
                print!("{}{}", stats_table(sc, one), tells_text(sc, &batches));
            } else {
                print!(
                    "{}{}",
                    comparison_table(sc, &batches),
                    tells_text(sc, &batches)
                );
            }
            0
        }),
        Command::Forecast {
            level,
            seed,
            moves,
            class_code,
            rollouts,
            policy,
            forecast_seed,
            json,
        } => with_data(&root, &mods, |data| {
            whatif::forecast_command(
                data,
                whatif::ForecastRun {
                    level: level.as_deref(),
                    seed: *seed,
                    moves: moves.as_deref(),
                    class_code: class_code.as_deref(),
                    rollouts: *rollouts,
                    policy,
                    forecast_seed: *forecast_seed,
                    json: *json,
                },
            )
        }),
        Command::Whatif {
            log,
            turn,
            action,
            then,
            log_out,
        } => with_data(&root, &mods, |data| {
            whatif::whatif_command(
                data,
                log,
                *turn,
                action,
                then.as_deref(),
                log_out.as_deref(),
            )
        }),
        Command::Calibrate {
            level,
            level_flag,
            runs,
            seed,
            by_type,
        } => with_data(&root, &mods, |data| {
            calibrate(
                data,
                level.as_deref().or(level_flag.as_deref()),
                *runs,
                *seed,
                *by_type,
            )
        }),
    }
}

/// "1 game", "2 games".
fn games(n: u64) -> String {
    if n == 1 {
        "1 game".into()
    } else {
        format!("{n} games")
    }
}

/// `calibrate`: replays each level's historical script over `runs` seeds and checks it against
/// the level's targets. A target with a known gap that misses is reported as a gap, not a failure; one that
/// is met again says its note can go.
fn calibrate(data: &DataSet, level: Option<&str>, runs: u64, seed: u64, by_type: bool) -> i32 {
    let levels: Vec<&Scenario> = match level {
        Some(id) => match scenario(data, id) {
            Ok(s) => vec![s],
            Err(code) => return code,
        },
        None => data
            .levels
            .iter()
            .filter_map(LevelEntry::scenario)
            .filter(|s| !s.def.calibration.is_empty())
            .collect(),
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut failed = 0;
    let mut checked = 0;
    let mut gaps = 0;
    for sc in levels {
        if sc.def.calibration.is_empty() {
            println!(
                "{} — no calibration targets in this level, so no games played",
                sc.id()
            );
            continue;
        }
        let stats = run_batch(sc, &Policy::Historical, runs, seed, threads, &|_| {});
        println!(
            "{} — {} with the historical script (seed {seed})",
            sc.id(),
            games(runs)
        );
        for t in &sc.def.calibration {
            checked += 1;
            let value = stats.target_value(sc, t);
            let ok = value.is_some_and(|v| v >= t.min as f64 - 1e-9 && v <= t.max as f64 + 1e-9);
            let verdict = match (ok, &t.gap) {
                (true, _) => "pass",
                (false, Some(_)) => {
                    gaps += 1;
                    "gap "
                }
                (false, None) => {
                    failed += 1;
                    "FAIL"
                }
            };
            let [low, high, result] = calibration_figures(t.metric.is_rate(), value, t, ok);
            // A mean over the games that had the event says over how many: a mean turn of a
            // test the replays seldom make rests on few games.
            let over = match games_measured(t, &stats, None) {
                Some(share) if value.is_some() => {
                    format!("in {:.0}% of the games; ", share * 100.0)
                }
                _ => String::new(),
            };
            println!(
                "  {verdict} {:<32} target {:>5} to {:<5} result {:>6}   ({over}real: {})",
                target_label(sc, t),
                low,
                high,
                result,
                if t.real.is_empty() { "-" } else { &t.real },
            );
            if let Some(answer) = unknown_answer(sc, t) {
                println!(
                    "       pyongyang has no answer \"{answer}\" in these rules (misspelt, or taken out by a mod): the target cannot be checked"
                );
            }
            match (&t.gap, ok) {
                (Some(gap), false) => println!("       known gap: {gap}"),
                (Some(_), true) => println!(
                    "       the known gap noted for this target is closed: remove its `gap` from the level"
                ),
                (None, _) => {}
            }
            if by_type {
                println!("       {}", by_type_line(sc, &stats, t));
            }
        }
        print!("{}", script_lines(sc, runs, seed));
    }
    let gap_note = match gaps {
        0 => String::new(),
        1 => ", 1 known gap".into(),
        n => format!(", {n} known gaps"),
    };
    println!(
        "{} passed, {failed} failed{gap_note}",
        checked - failed - gaps
    );
    if failed > 0 { 1 } else { 0 }
}

/// The answer a target names, where the level's rules have no such answer.
fn unknown_answer<'a>(
    sc: &Scenario,
    t: &'a crate::rules::raw::CalibrationTarget,
) -> Option<&'a str> {
    let answer = t
        .answer
        .as_deref()
        .filter(|_| t.metric.counts_an_answer())?;
    let responses = &sc.rules.pyongyang.responses;
    (!responses.iter().any(|r| r.id == answer)).then_some(answer)
}

/// What `calibrate` calls a target: its metric's label, or for an answer the answer's name
/// in the level's words ("games with: Blows up test tunnels").
fn target_label(sc: &Scenario, t: &crate::rules::raw::CalibrationTarget) -> String {
    let name = crate::sim::figures::target_label(sc, t);
    match t.metric {
        Metric::AnswerRate => format!("games with: {name}"),
        Metric::FirstAnswerTurn => format!("turn of: {name}"),
        _ => t.metric.label().to_string(),
    }
}

/// The share of the games (of one hidden disposition, or all) a target's mean is taken over,
/// for a mean over the games that had the event (a turn of the first test, the longest quiet
/// between launches, the turn of an answer); None for a figure over every game.
fn games_measured(
    t: &crate::rules::raw::CalibrationTarget,
    stats: &crate::sim::batch::BatchStats,
    disposition: Option<&str>,
) -> Option<f64> {
    let rates = match disposition {
        Some(d) => stats.by_disposition.get(d)?,
        None => &stats.overall,
    };
    match t.metric {
        Metric::FirstAnswerTurn => stats.answer_share(t.answer.as_deref()?, disposition),
        Metric::FirstNuclearTestTurn => Some(rates.nuclear_test_rate),
        Metric::FirstLaunchTurn | Metric::LastLaunchTurn => Some(rates.launch_rate),
        Metric::FirstIcbmTestTurn | Metric::LastIcbmTestTurn => Some(rates.icbm_test_rate),
        Metric::FirstMoratoriumTurn => Some(rates.moratorium_rate),
        Metric::LongestQuiet => Some(rates.launched_twice_rate),
        _ => None,
    }
}

/// One target's figure for each hidden disposition, as `calibrate --by-type` shows it, e.g.
/// "by type: Security seeker 9.0 (in 18% of its games) · Builder 10.4 (in 96% of its games) ·
/// ...". A mean taken over the games that have the event says in how many of the type's games
/// it came.
fn by_type_line(
    sc: &Scenario,
    stats: &crate::sim::batch::BatchStats,
    t: &crate::rules::raw::CalibrationTarget,
) -> String {
    let parts: Vec<String> = sc
        .rules
        .pyongyang
        .dispositions
        .iter()
        .filter_map(|d| {
            stats.by_disposition.get(&d.id)?;
            let value = stats.target_value_of(sc, t, Some(&d.id));
            let [.., shown] = calibration_figures(t.metric.is_rate(), value, t, true);
            Some(match games_measured(t, stats, Some(&d.id)) {
                Some(share) => {
                    format!("{} {shown} (in {:.0}% of its games)", d.name, share * 100.0)
                }
                None => format!("{} {shown}", d.name),
            })
        })
        .collect();
    format!("by type: {}", parts.join(" · "))
}

/// How often the historical script's moves could be played as written, and the turns the rules
/// refused in at least one game in twenty, each with the rules' reason: history the model would
/// not let happen, which the targets alone do not show.
fn script_lines(sc: &Scenario, runs: u64, seed: u64) -> String {
    let turns = crate::sim::batch::script_fidelity(sc, runs, seed);
    let reached: u64 = turns.iter().map(|t| t.reached).sum();
    if reached == 0 {
        return String::new();
    }
    let refused: u64 = turns.iter().map(|t| t.refused).sum();
    let mut out = format!(
        "  script: the record's moves played as written on {:.1}% of the scripted turns reached\n",
        100.0 * (reached - refused) as f64 / reached as f64
    );
    for t in turns
        .iter()
        .filter(|t| t.refused * 20 >= t.reached && t.refused > 0)
    {
        out += &format!(
            "    turn {:>2} {:<28} refused in {:>4.1}% of the games that reached it{}\n",
            t.turn,
            sc.actions[t.action as usize].name,
            100.0 * t.refused as f64 / t.reached as f64,
            t.why
                .as_deref()
                .map(|w| format!(" ({w})"))
                .unwrap_or_default()
        );
    }
    out
}

/// The answers that give Pyongyang's hidden type away in these batches, a line each (empty
/// when there are none): the tells, then the rarer answers that settle the type when they come
/// (`BatchStats::settling`). What a modder looks for after a change to the rules.
pub fn tells_text(sc: &Scenario, batches: &[crate::sim::batch::BatchStats]) -> String {
    let mut out = String::new();
    // An answer's display name, by its id.
    let name_of = |id: &'_ str| -> String {
        sc.rules
            .pyongyang
            .responses
            .iter()
            .find(|r| r.id == id)
            .map_or(id.to_string(), |r| r.name.clone())
    };
    for b in batches {
        for t in b.tells(sc) {
            let name = name_of(&t.response);
            out += &format!(
                "  tell ({}): \"{}\" ({}) came in the first {} turns of {:.0}% of the {} games and of at most {:.0}% of any other type's: seeing it, a player knows the hidden type at once\n",
                b.policy,
                name,
                t.response,
                crate::sim::batch::EARLY_TURNS,
                t.share * 100.0,
                t.disposition.to_lowercase(),
                t.others * 100.0
            );
        }
        for t in b.settling(sc) {
            let name = name_of(&t.response);
            let kind = t.disposition.to_lowercase();
            let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            out += &format!(
                "  settles the type ({}): \"{}\" ({}) came in the first {} turns of {:.0}% of the {kind} games, and {:.0}% of the games with it that early were {article} {kind}'s: when it comes, a player knows the type\n",
                b.policy,
                name,
                t.response,
                crate::sim::batch::EARLY_TURNS,
                t.share * 100.0,
                t.likely * 100.0,
            );
        }
    }
    out
}

/// Several policies on the same seeds, one row each: outcomes, tests, and the win rate against
/// each hidden disposition.
pub fn comparison_table(sc: &Scenario, batches: &[crate::sim::batch::BatchStats]) -> String {
    let Some(first) = batches.first() else {
        return String::new();
    };
    let pct = |x: f64| format!("{:>5.1}%", x * 100.0);
    let types: Vec<&String> = first.by_disposition.keys().collect();
    let mut out = format!(
        "{} of {} per policy{}, the same seeds for each (seed {})\n",
        games(first.runs),
        first.level,
        at_difficulty(sc, first),
        first.seed
    );
    let width = batches
        .iter()
        .map(|b| b.policy.len())
        .max()
        .unwrap_or(6)
        .max(6);
    out += &format!(
        "  {:<width$}  {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "policy", "win", "loss", "war", "nuke", "ICBM", "summit"
    );
    for t in &types {
        let short: String = t.split('_').next().unwrap_or(t).chars().take(11).collect();
        out += &format!("  {:>17}", format!("win v {short}"));
    }
    out += "\n";
    for b in batches {
        out += &format!(
            "  {:<width$}  {} {} {} {} {} {}",
            b.policy,
            pct(b.win_rate),
            pct(b.loss_rate),
            pct(b.war_rate),
            pct(b.nuclear_test_rate),
            pct(b.icbm_test_rate),
            pct(b.summit_rate)
        );
        for t in &types {
            let w = b.by_disposition.get(*t).map(|r| r.win_rate).unwrap_or(0.0);
            out += &format!("  {:>17}", pct(w));
        }
        out += "\n";
    }
    out
}

/// The human-readable form of a batch's statistics.
/// ", at difficulty hard" in a batch's heading; nothing at the rules' default (the first).
fn at_difficulty(sc: &Scenario, s: &crate::sim::batch::BatchStats) -> String {
    match sc.rules.difficulties.first() {
        Some(d) if d.id != s.difficulty => format!(", at difficulty {}", s.difficulty),
        _ => String::new(),
    }
}

pub fn stats_table(sc: &Scenario, s: &crate::sim::batch::BatchStats) -> String {
    let pct = |x: f64| format!("{:5.1}%", x * 100.0);
    let mut out = format!(
        "{} of {} with policy {}{} (seed {})\n",
        games(s.runs),
        s.level,
        s.policy,
        at_difficulty(sc, s),
        s.seed
    );
    out += &format!("  win           {}\n", pct(s.win_rate));
    out += &format!("  loss          {}\n", pct(s.loss_rate));
    out += &format!("  war           {}\n", pct(s.war_rate));
    out += &format!("  nuclear test  {}\n", pct(s.nuclear_test_rate));
    out += &format!("  ICBM test     {}\n", pct(s.icbm_test_rate));
    out += &format!("  moratorium    {}\n", pct(s.moratorium_rate));
    out += &format!("  summit        {}\n", pct(s.summit_rate));
    // Only levels that open with a reactor idle (2013) can have a restart.
    if s.reactor_restart_rate > 0.0 {
        out += &format!(
            "  restart       {}  (of the idle reactor)\n",
            pct(s.reactor_restart_rate)
        );
    }
    out += &format!("  mean final tension  {:.1}\n", s.mean_final_tension);
    out += &format!("  mean peak tension   {:.1}\n", s.mean_peak_tension);
    out += &format!("  mean missiles       {:.1}\n", s.mean_missiles);
    out += &format!("  mean launch days    {:.1}\n", s.mean_launch_days);
    out += &format!("  mean incidents      {:.2}\n", s.mean_incidents);
    match s.mean_first_provocation_turn {
        Some(t) => out += &format!("  mean turn of Pyongyang's first provocation  {t:.1}\n"),
        None => out += "  Pyongyang never provoked\n",
    }
    if let Some(t) = s.mean_win_turn {
        out += &format!("  mean turn of a win  {t:.1}\n");
    }
    out += "  by Pyongyang's hidden disposition:\n";
    for (id, r) in &s.by_disposition {
        out += &format!(
            "    {id:<16} {:>5} games  win {}  war {}  nuclear test {}\n",
            r.runs,
            pct(r.win_rate),
            pct(r.war_rate),
            pct(r.nuclear_test_rate)
        );
        let endings: Vec<String> = r.endings.iter().map(|(e, n)| format!("{e} {n}")).collect();
        out += &format!("      endings: {}\n", endings.join(", "));
    }
    out
}

fn policy_error(data: &DataSet, e: PolicyError) -> i32 {
    match e {
        PolicyError::Unknown(name) => {
            let names = data.policy_names();
            let hint =
                crate::rules::diagnostics::suggestion(&name, names.iter().map(|n| n.as_str()));
            eprintln!(
                "error: unknown policy \"{name}\"{hint}: use one of {} or the path of a policy RON file",
                names.join(", ")
            );
            2
        }
        // A game's log given where a policy goes (`whatif --then game.ron`): said for what
        // it is, not as a policy with a field `level` it does not know.
        PolicyError::Invalid(d)
            if d.0.first().is_some_and(|x| {
                std::fs::read_to_string(&x.file)
                    .is_ok_and(|t| crate::rules::file_kind::looks_like_log(&t))
            }) =>
        {
            eprintln!(
                "error: {} is a game's log (its moves), not a policy: a policy is one of {} or a policy RON file (docs/modding.md, \"PolicyDef\")",
                d.0[0].file.display(),
                data.policy_names().join(", ")
            );
            2
        }
        PolicyError::Invalid(d) => {
            eprint!("{d}");
            1
        }
    }
}

/// Every mod, one block each: id, version, source, what it adds, and its status.
pub fn mods_table(data: &DataSet) -> String {
    if data.mods.is_empty() {
        let place = data.mod_dirs.user_place();
        return format!("no mods installed (mods folder: {place}; add one with --mod DIR)\n");
    }
    let mut out = String::new();
    for m in &data.mods {
        let version = m
            .manifest
            .as_ref()
            .map(|x| x.version.clone())
            .filter(|v| !v.is_empty())
            .map(|v| format!(" {v}"))
            .unwrap_or_default();
        out += &format!(
            "{}{} ({}) from {}: {}\n",
            m.id(),
            version,
            m.name(),
            m.source.label(),
            m.dir.display()
        );
        let policies: Vec<String> = m
            .policies
            .iter()
            .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().to_string()))
            .collect();
        out += &format!(
            "  adds levels: {}; policies: {}\n",
            if m.levels.is_empty() {
                "none".into()
            } else {
                m.levels.join(", ")
            },
            if policies.is_empty() {
                "none".into()
            } else {
                policies.join(", ")
            }
        );
        for (what, list) in [
            ("adds", &m.changes.adds),
            ("overrides", &m.changes.overrides),
            ("removes", &m.changes.removes),
        ] {
            if !list.is_empty() {
                out += &format!("  {what}: {}\n", list.join(", "));
            }
        }
        if m.ok() && !m.enabled {
            out += "  status: off (turned off on the Mods screen)\n";
        } else if m.ok() {
            let problems = mod_policy_problems(data, m);
            // Every warning `validate` gives of the mod: its patches', its levels' and the files
            // it holds that the game does not read.
            let warnings: Vec<String> = data
                .warnings()
                .of_mod(m)
                .into_iter()
                .map(|d| d.headline())
                .collect();
            if problems.is_empty() && warnings.is_empty() {
                out += "  status: ok\n";
            } else if problems.is_empty() {
                out += &format!("  status: ok, with {} warning(s)\n", warnings.len());
                for w in &warnings {
                    out += &format!("    - {w}\n");
                }
            } else {
                out += "  status: loaded, but a policy of it cannot be played\n";
                for d in problems.iter() {
                    out += &format!("    - {}\n", d.headline());
                }
            }
        } else {
            out += "  status: not loaded\n";
            for p in &m.problems {
                out += &format!("    - {p}\n");
            }
            for d in m.diagnostics.iter() {
                out += &format!("    - {}\n", d.headline());
            }
        }
    }
    out
}

/// Loads the data and runs `f` on it. A mod installed in the mods folder that does not load is
/// named on stderr with its first problem, so that a missing level or an unchanged result is
/// never a mystery. A mod named with `--mod` that does not load stops the command (exit 1):
/// naming it asked for its rules, and figures from the game without them would pass for its.
fn with_data(
    root: &Path,
    mods: &crate::rules::mods::ModDirs,
    f: impl FnOnce(&DataSet) -> i32,
) -> i32 {
    with_data_listing_mods(root, mods, |data| {
        let mut named_broken = false;
        for m in data.mods.iter().filter(|m| !m.ok()) {
            let why = m.first_problem().unwrap_or_default();
            if m.source == crate::rules::mods::ModSource::CommandLine {
                named_broken = true;
                eprintln!(
                    "error: mod \"{}\" ({}), named with --mod, does not load: {why} (`peninsula validate --mod {}` lists every problem; without --mod the game plays without it)",
                    m.id(),
                    m.dir.display(),
                    m.dir.display()
                );
            } else {
                eprintln!(
                    "warning: mod \"{}\" ({}) is not loaded: {why} (`peninsula mods` lists every problem)",
                    m.id(),
                    m.dir.display()
                );
            }
        }
        if named_broken {
            return 1;
        }
        f(data)
    })
}

/// `with_data` without the warnings: for `mods`, which lists every mod's problems itself.
fn with_data_listing_mods(
    root: &Path,
    mods: &crate::rules::mods::ModDirs,
    f: impl FnOnce(&DataSet) -> i32,
) -> i32 {
    match load::load_data_with(root, mods) {
        Ok(data) => f(&data),
        Err(diags) => {
            eprint!("{diags}");
            eprintln!(
                "error: the rules in {} have {} problem(s)",
                root.join("assets").join("rules").display(),
                diags.len()
            );
            1
        }
    }
}

/// The level to play, or the exit code: 1 for a broken level (a data problem), 2 for an
/// unknown one (a command-line problem).
fn scenario<'d>(data: &'d DataSet, id: &str) -> Result<&'d Scenario, i32> {
    match data.level(id) {
        Some(LevelEntry::Ready(s)) => Ok(s),
        Some(LevelEntry::Broken { problems, .. }) => {
            eprint!("{problems}");
            eprintln!("error: level \"{id}\" has problems (above); fix them or pick another level");
            Err(1)
        }
        None => {
            // A level of a mod that was found but not loaded (refused, or turned off): say so.
            if let Some(m) = data
                .mods
                .iter()
                .find(|m| !m.in_use() && m.levels.iter().any(|l| l == id))
            {
                // Turned off is the command line's to fix (exit 2); a mod with problems is a
                // problem in the data (exit 1), as README.md says.
                let (why, code) = if !m.enabled {
                    ("it is turned off (on the Mods screen)".to_string(), 2)
                } else {
                    let why = m
                        .first_problem()
                        .map(|p| format!("it has problems: {p}"))
                        .unwrap_or_else(|| "it has problems".into());
                    (why, 1)
                };
                eprintln!(
                    "error: level \"{id}\" belongs to mod {}, which is not loaded: {why}",
                    m.id()
                );
                return Err(code);
            }
            let hint = crate::rules::diagnostics::suggestion(id, data.level_ids());
            // No close name: perhaps a mod's level, its mod not loaded this time.
            let from_a_mod = if hint.is_empty() {
                " (a mod's level? load its mod with --mod DIR, or install it in the mods folder)"
            } else {
                ""
            };
            eprintln!(
                "error: unknown level \"{id}\"{hint}; levels: {}{from_a_mod}",
                data.level_ids().join(", ")
            );
            Err(2)
        }
    }
}

/// What `play` was asked to play.
struct PlayRun<'a> {
    level: Option<&'a str>,
    seed: Option<u64>,
    difficulty: Option<&'a str>,
    moves: &'a str,
    log: Option<&'a Path>,
    trace: bool,
    /// After a moves file's moves, ask for the rest at the terminal (`--ask`).
    ask: bool,
    /// The class code the game comes from, if any: the transcript and the log name it.
    class: Option<&'a crate::sim::class_code::ClassCode>,
}

fn play(data: &DataSet, run: &PlayRun) -> i32 {
    let PlayRun {
        level,
        seed,
        difficulty,
        moves,
        log,
        trace,
        ask,
        class,
    } = *run;
    // A mod's policy is named by its file name, like a built-in one.
    let moves_ref = data.policy_ref(moves);
    let moves = moves_ref.as_str();
    // The moves: a moves file (which may name its level and seed), a policy file, `historical`,
    // or a built-in policy.
    // The log's text, kept so that a move it names wrongly is reported at its line and column.
    let mut log_text = String::new();
    let file = if Path::new(moves).is_file() {
        let text = match load::read_checked(Path::new(moves)) {
            Ok(t) => t,
            // The command's input, as a moves file that is not RON is: exit 2.
            Err(d) => {
                eprint!("{d}");
                return 2;
            }
        };
        log_text.clone_from(&text);
        // A policy by its content, or by its folder (a log kept there is still a log).
        let in_policies = Path::new(moves)
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|n| n == "policies");
        if looks_like_policy(&text) || (in_policies && !looks_like_log(&text)) {
            None
        } else {
            match parse_log(Path::new(moves), &text) {
                Ok(m) => Some(m),
                // A moves file is the command's input, as its arguments are: a broken one exits
                // 2, as one naming an unknown move does.
                Err(d) => {
                    eprint!("{d}");
                    return 2;
                }
            }
        }
    } else if moves == "historical" || moves == ASK || BUILTIN.contains(&moves) {
        None
    } else if Path::new(moves).exists() {
        eprintln!("error: --moves {moves}: not a plain file; use a moves file or a policy");
        return 2;
    } else {
        let names = data.policy_names();
        let hint = crate::rules::diagnostics::suggestion(moves, names.iter().map(|n| n.as_str()));
        eprintln!(
            "error: --moves {moves}: no such file{hint}; use a moves file or a policy: {}",
            names.join(", ")
        );
        return 2;
    };
    // `--ask` plays on from a log at the terminal: one turn at a time, by one player.
    if ask {
        let refused = match &file {
            None if moves == ASK => None,
            None => Some(
                "--ask plays on from a moves file; `--moves ask` starts a new game at the terminal",
            ),
            Some(f) if f.teams.is_some() => Some(
                "a team game's log cannot be played on at the terminal (each turn takes both teams' proposals): open it in the desktop game",
            ),
            Some(f) if f.ended => {
                Some("the facilitator ended this game early: it is not played on")
            }
            Some(f) if f.whatif.is_some() => Some(
                "a what-if's log is not played on at the terminal: `whatif` plays it on with a policy",
            ),
            Some(_) => None,
        };
        if let Some(why) = refused {
            eprintln!("error: {why}");
            return 2;
        }
    }
    let coded = coded_game(data, file.as_ref());
    let level = level
        .map(str::to_string)
        .or_else(|| file.as_ref().and_then(|f| f.level.clone()))
        .or_else(|| coded.as_ref().map(|c| c.level.clone()));
    let Some(level) = level else {
        eprintln!(
            "error: no level given: pass --level ID (levels: {})",
            data.level_ids().join(", ")
        );
        return 2;
    };
    let sc = match scenario(data, &level) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let seed = seed
        .or_else(|| file.as_ref().and_then(|f| f.seed))
        .or_else(|| coded.as_ref().map(|c| c.seed))
        .unwrap_or(1);
    // The difficulty: the flag (or class code), else the moves file's; a log replays at its own.
    let logged = file.as_ref().and_then(|f| f.difficulty.as_deref());
    let default = sc.rules.difficulties.first().map(|d| d.id.as_str());
    // What asked for the level and the difficulty, to name when a log disagrees (a class code
    // sets both), and what to leave out to replay the log.
    let (level_by, difficulty_by, leave) = match class {
        Some(c) => {
            let code = format!("the class code {}", c.text);
            (code.clone(), code, "the class code")
        }
        None => (
            "--level".to_string(),
            "--difficulty".to_string(),
            "the flag",
        ),
    };
    // A log replays only on its own level: its moves on another would be another game.
    if let Some(logged_level) = file.as_ref().and_then(|f| f.level.as_deref())
        && logged_level != sc.id()
    {
        eprintln!(
            "error: the log {moves} is a game of {logged_level}, but {level_by} asks for {}; leave {leave} out to replay it",
            sc.id()
        );
        return 2;
    }
    if let (Some(asked), Some(logged)) = (difficulty, file.as_ref().and(logged.or(default)))
        && !asked.eq_ignore_ascii_case(logged)
    {
        eprintln!(
            "error: {difficulty_by} plays at \"{asked}\", but the log {moves} was played at \"{logged}\"; leave {leave} out to replay it"
        );
        return 2;
    }
    // Nor with another seed: a class code deals its own, and a log of another code's game
    // played on it would be a third game, printed as if it were either.
    if let (Some(c), Some(logged_seed)) = (class, file.as_ref().and_then(|f| f.seed))
        && logged_seed != c.seed
    {
        // The code's own seed is not named: with it, `class-code` prints the teacher's key.
        // A log of another class's game is named by its code alone, for the same reason.
        let logged_code = file.as_ref().and_then(|f| f.class_code.as_deref());
        let logged = crate::sim::transcript::game_named(logged_seed, logged_code);
        eprintln!(
            "error: the log {moves} is a game of {logged}, but the class code {} deals another game; leave the class code out to replay it",
            c.text,
        );
        return 2;
    }
    // Nor under another code of the same level and seed: a code deals its settings too (the
    // forecast shown or hidden, the teams, the mods), so a group's log replayed under another
    // code would be written out as a game the class never played.
    if let (Some(c), Some(logged)) = (class, coded.as_ref())
        && (logged.level.as_str(), logged.seed) == (c.level.as_str(), c.seed)
        && (logged.options, logged.mods_mark) != (c.options, c.mods_mark)
    {
        eprintln!(
            "error: the log {moves} is a game of class code {}, and the class code {} deals the same game with other settings ({}, where the log's had {}); leave the class code out to replay it",
            logged.text,
            c.text,
            c.options.summary(sc),
            logged.options.summary(sc),
        );
        return 2;
    }
    let from_log = difficulty.is_none() && logged.is_some();
    let difficulty = difficulty.or(logged);
    let setup = match Game::setup_from(sc, seed, difficulty, None) {
        Ok(s) => s,
        // The log's own difficulty is named at its place in the log, as `validate` names it.
        Err(e) if from_log => {
            eprint!(
                "{}",
                crate::rules::Diagnostic::at_field(Path::new(moves), &log_text, "difficulty", e)
            );
            return 2;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let mut game = Game::start(sc, &setup);
    match &file {
        Some(f) => {
            warn_of_other_mods(moves, &f.mods, sc);
            if f.mods == sc.rules.patched_by {
                warn_of_other_rules(moves, f.rules.as_deref(), sc);
            }
            let mut ids = Vec::new();
            for (i, m) in f.moves.iter().enumerate() {
                match sc.action_index(m) {
                    Some(a) => ids.push(a),
                    None => {
                        // At the move's own place, as `validate` reports it.
                        let message = format!(
                            "move {} is {m:?}, which is not an action{}; actions: {}",
                            i + 1,
                            not_an_action_hint(sc, m),
                            sc.actions
                                .iter()
                                .map(|a| a.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                        eprint!(
                            "{}",
                            crate::rules::Diagnostic::at_field(
                                Path::new(moves),
                                &log_text,
                                &format!("moves[{i}]"),
                                message
                            )
                        );
                        return 2;
                    }
                }
            }
            // A log's mistakes at their places in it, as `validate` names them.
            let at = |field: &str, message: String| {
                eprint!(
                    "{}",
                    crate::rules::Diagnostic::at_field(Path::new(moves), &log_text, field, message)
                );
                2
            };
            if let Err(e) = Game::check_log(sc, ids.len(), f.teams.as_ref(), &f.injects) {
                return at(shape_field(&e), e);
            }
            let injects = match Game::injects_from(sc, &f.injects) {
                Ok(x) => x,
                Err(e) => {
                    let field = match f
                        .injects
                        .iter()
                        .position(|x| sc.inject_index(&x.id).is_none())
                    {
                        Some(i) => format!("injects[{i}].id"),
                        None => "injects".to_string(),
                    };
                    return at(&field, e);
                }
            };
            let setup = match Game::setup_from(sc, seed, difficulty, f.teams.as_ref()) {
                Ok(s) => crate::sim::Setup {
                    group: f.group.as_deref().and_then(crate::sim::group_name),
                    computer: f.computer.as_deref().and_then(crate::sim::computer_name),
                    ..s
                },
                Err(e) => {
                    eprintln!("error: {moves}: {e}");
                    return 2;
                }
            };
            game = Game::replay(sc, &setup, &ids, &injects);
            game.undone = f.undone;
            // A hand-edited log may go on past the game's end: say which moves were not played.
            let played = game.log.len();
            if played < ids.len() {
                let unplayed = match ids.len() - played {
                    1 => format!("move {} was", played + 1),
                    _ => format!("moves {} to {} were", played + 1, ids.len()),
                };
                eprintln!(
                    "warning: {moves}: {unplayed} not played: the game ended on turn {played}"
                );
            }
        }
        None if moves == ASK => {}
        None => match Policy::load(sc, &data.root, moves) {
            Ok(p) => game.play_out(sc, &p),
            Err(e) => return policy_error(data, e),
        },
    }
    // A class code's options, said once at the top: what this headless game plays as the
    // class would, and what only the desktop does.
    let logged_code = file.as_ref().and_then(|f| f.class_code.as_deref());
    let code = match class {
        Some(c) => Some(c.text.clone()),
        None => logged_code.and_then(|text| class_code_of(data, sc, text, seed, difficulty)),
    };
    if let Some(c) = class {
        let teams_replayed = file.as_ref().is_some_and(|f| f.teams.is_some());
        println!("{}", class_note(sc, c, teams_replayed));
    } else if let Some(code) = &code {
        println!("Class code {code} (as the log records it)");
    }
    if moves == ASK || ask {
        // Blind as the class code the game was dealt by: given now, or kept in its log.
        let dealt_by = class.or(coded.as_ref().filter(|_| code.is_some()));
        let blind = dealt_by.is_some_and(|c| c.options.no_forecast);
        return play_asked(data, sc, &mut game, blind, code, trace, log);
    }
    // A what-if's log replayed as it was played (its own seed) is still that what-if: its log
    // says so again, and the class's game it parts from names it, never its seed.
    let whatif = file
        .as_ref()
        .filter(|f| f.seed == Some(seed))
        .and_then(|f| f.whatif.as_ref())
        .map(|w| crate::report::Rewind {
            class_code: w
                .class_code
                .as_deref()
                .and_then(|text| class_code_of(data, sc, text, seed, difficulty)),
            ..crate::report::Rewind::from_log(w)
        });
    let named = code.clone().or_else(|| whatif.as_ref()?.class_code.clone());
    // A log the facilitator ended early ("End now") replays to where it ended: say so, as its
    // report does, not "in progress".
    let ended = file.as_ref().is_some_and(|f| f.ended);
    let mut text = game.transcript_of_class(sc, named.as_deref());
    if ended && game.state.outcome.is_none() {
        let progress = format!(
            "Outcome: {}",
            crate::sim::transcript::outcome_text(sc, None)
        );
        text = text.replacen(
            &progress,
            &format!("Outcome: {}", crate::sim::transcript::ENDED_EARLY),
            1,
        );
    }
    print!("{text}");
    if trace {
        print!("{}", trace_table(sc, &game));
    }
    match log {
        Some(out) => write_log(sc, &game, out, code, ended, whatif.as_ref()),
        None => 0,
    }
}

/// `play --moves ask`, or a moves file played on with `--ask`: the head of the transcript and
/// the turns played so far, then each move asked for at the terminal (`ask::ask_moves`) and
/// told as it is played, then the game's end; `--trace` and `--log` as for any game.
fn play_asked(
    data: &DataSet,
    sc: &Scenario,
    game: &mut Game,
    blind: bool,
    code: Option<String>,
    trace: bool,
    log: Option<&Path>,
) -> i32 {
    let named = code.as_deref();
    let teams = game.teams.as_ref();
    print!(
        "{}",
        crate::sim::transcript::heading(sc, &game.state, teams, named)
    );
    for (i, rec) in game.log.iter().enumerate() {
        let told = crate::sim::transcript::turn_lines(sc, i, rec, &game.injects, teams);
        print!("{told}");
    }
    // The forecast, where the level and the class code let the player see it.
    let plays_on = if !sc.def.forecast {
        Err(format!("{} is played blind: no forecast.", sc.def.title))
    } else if blind {
        Err("This class code plays blind: no forecast.".to_string())
    } else {
        Policy::load(sc, &data.root, crate::sim::forecast::PLAYS_ON)
            .map_err(|e| format!("No forecast: {e}"))
    };
    let forecasts = ask::Forecasts {
        plays_on: plays_on.as_ref().map_err(Clone::clone),
        class_code: named,
    };
    let stdin = std::io::stdin();
    let asked = ask::ask_moves(
        sc,
        game,
        &forecasts,
        &mut stdin.lock(),
        &mut std::io::stdout(),
    );
    // A terminal that fails (a closed output, a broken input) stops the game: what was
    // played is still ended and kept in the log.
    let failed = asked
        .as_ref()
        .err()
        .map(|e| format!("error: at the terminal: {e}"));
    match asked {
        Ok(ask::Stopped::Over) => {}
        _ => println!("\nStopped before turn {}.", game.state.turn),
    }
    // Each turn was told as it was played: the game's end, then its log.
    let g = &*game;
    print!(
        "{}",
        crate::sim::transcript::ending(sc, &g.state, &g.log, &g.injects, g.teams.as_ref())
    );
    if trace {
        print!("{}", trace_table(sc, g));
    }
    let written = match log {
        Some(out) => write_log(sc, g, out, code, false, None),
        None => 0,
    };
    match failed {
        Some(why) => {
            eprintln!("{why}");
            1
        }
        None => written,
    }
}

/// A log's class code, kept only when it is a real code for this very game (its level, seed
/// and difficulty): a log replayed with another `--seed`, or edited, does not carry a code that
/// no longer describes it. A code that is dropped is said so on stderr.
pub(crate) fn class_code_of(
    data: &DataSet,
    sc: &Scenario,
    text: &str,
    seed: u64,
    difficulty: Option<&str>,
) -> Option<String> {
    let code = crate::sim::class_code::code_of_game(data, sc, text, seed, difficulty);
    if code.is_none() {
        eprintln!(
            "note: the log's class code {text:?} does not describe this game (level {}, seed {seed}); it is left out",
            sc.id()
        );
    }
    code
}

/// One line on what a class code sets: the level, the difficulty, and the options a
/// headless game cannot play (the teams' hot seat and the dashboard's forecast; the teams are
/// played when `teams_replayed`, a log of a team game replaying their proposals).
fn class_note(
    sc: &Scenario,
    c: &crate::sim::class_code::ClassCode,
    teams_replayed: bool,
) -> String {
    let difficulty = sc
        .rules
        .difficulties
        .get(c.options.difficulty as usize)
        .map(|d| d.name.clone())
        .unwrap_or_else(|| "the default".into());
    let mut desktop = Vec::new();
    if let Some(rule) = c.options.teams.filter(|_| !teams_replayed) {
        desktop.push(format!(
            "two advisor teams in hot seat, settled by \"{}\"",
            rule.id()
        ));
    }
    if c.options.no_forecast {
        desktop.push("the forecast hidden".to_string());
    }
    let desktop = if desktop.is_empty() {
        String::new()
    } else {
        format!(
            ". Desktop-only settings, not played here: {}",
            desktop.join("; ")
        )
    };
    // Not the seed: with it, `class-code` prints the teacher's key.
    format!(
        "Class code {}: {}, difficulty {difficulty}{desktop}",
        c.text,
        sc.id(),
    )
}

/// Writes `game`'s command log (level, seed, moves, injects) to `out` as `play --moves` reads
/// it; returns the exit code. `ended`: the game was ended early with "End now" (kept in the log
/// while the game has no outcome, so its report says so); `whatif`: the game is a what-if.
fn write_log(
    sc: &Scenario,
    game: &Game,
    out: &Path,
    class_code: Option<String>,
    ended: bool,
    whatif: Option<&crate::report::Rewind>,
) -> i32 {
    let mut file = game.log_file(sc, class_code);
    file.ended = ended && game.state.outcome.is_none();
    file.whatif = whatif.map(crate::report::Rewind::to_log);
    let text = match crate::sim::log_file_text(&file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    match log_over(out, &file) {
        LogOver::Free => {}
        LogOver::Refused(why) => {
            eprintln!(
                "error: --log {} {why}; give another file, or move it away first",
                out.display()
            );
            return 2;
        }
        LogOver::AnotherGame => eprintln!(
            "note: {} held the log of another game; it now holds this one",
            out.display()
        ),
    }
    if let Err(e) = crate::save::write_atomically(out, text.as_bytes()) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return 2;
    }
    0
}

/// What `--log` would write over.
enum LogOver {
    /// Nothing, or the log of this game (as far as it went): written over.
    Free,
    /// Another game's log a player wrote: written over, with a note.
    AnotherGame,
    /// Something that must be kept: not a log at all, or an exported report's own log.
    Refused(String),
}

/// Whether `out` may take the log `new`: a file that is not a game's log (notes, a page), or
/// the `game.ron` of an exported report that is another game's (the only copy of a group's
/// game, which the page beside it shows), is kept.
fn log_over(out: &Path, new: &crate::rules::raw::MovesFile) -> LogOver {
    if out.is_dir() {
        return LogOver::Refused("is a folder".to_string());
    }
    let Ok(bytes) = std::fs::read(out) else {
        return LogOver::Free;
    };
    let Ok(held) = std::str::from_utf8(&bytes)
        .map_err(|_| ())
        .and_then(|text| parse_log(out, text).map_err(|_| ()))
    else {
        return LogOver::Refused("holds something that is not a game's log".to_string());
    };
    let moves: Vec<&str> = new.moves.iter().map(String::as_str).collect();
    let game = GameSoFar {
        level: new.level.as_deref(),
        seed: new.seed,
        whatif: new.whatif.is_some(),
        moves: &moves,
    };
    if game.continues(&held) {
        return LogOver::Free;
    }
    let beside_report = out.file_name().is_some_and(|n| n == "game.ron")
        && out.with_file_name("report.html").exists();
    if beside_report {
        return LogOver::Refused(
            "is the log of another game, the one the report.html beside it shows".to_string(),
        );
    }
    LogOver::AnotherGame
}

/// A game as far as it went, to tell whether a log on disk is of it.
struct GameSoFar<'a> {
    level: Option<&'a str>,
    seed: Option<u64>,
    /// A what-if (a game rewound from another) rather than a game played from the start.
    whatif: bool,
    moves: &'a [&'a str],
}

impl GameSoFar<'_> {
    /// Whether `held` is a log of this game, as far as it went or less: the same level, seed
    /// and kind of game, and its moves the first of this game's. Writing this game over it
    /// loses nothing.
    fn continues(&self, held: &crate::rules::raw::MovesFile) -> bool {
        held.level.as_deref() == self.level
            && held.seed == self.seed
            && held.whatif.is_some() == self.whatif
            && held.moves.len() <= self.moves.len()
            && held.moves.iter().zip(self.moves).all(|(a, b)| a == b)
    }
}

/// Every variable after every turn, replayed from the game's moves: one row per turn. Until
/// the game is over, a variable hidden from the player reads `?`, as the type stays hidden.
fn trace_table(sc: &Scenario, game: &Game) -> String {
    let rules = &sc.rules;
    let over = game.state.outcome.is_some();
    let mut out = String::from("\nTrace (every variable after each turn):\n");
    if !over && rules.vars.iter().any(|v| v.hidden) {
        out += "(variables hidden from the player read ? until the game is over)\n";
    }
    let setup = game.setup();
    let row = |label: String, s: &crate::sim::GameState| {
        let vars: Vec<String> = rules
            .vars
            .iter()
            .zip(&s.vars)
            .map(|(v, x)| match v.hidden && !over {
                true => format!("{}=?", v.id),
                false => format!("{}={x:.1}", v.id),
            })
            .collect();
        let ledger: Vec<String> = s
            .ledger
            .entries
            .iter()
            .map(|e| {
                format!(
                    "{}:{:+.1}",
                    crate::sim::transcript::cause_name(sc, e.cause),
                    e.amount
                )
            })
            .collect();
        format!(
            "{label} tension={:.1} {}\n    ledger: {}\n",
            s.tension,
            vars.join(" "),
            ledger.join(" | ")
        )
    };
    out += &row("start".into(), &Game::start(sc, &setup).state);
    let moves: Vec<u16> = game.log.iter().map(|r| r.requested).collect();
    Game::replay_each(sc, &setup, &moves, &game.injects, |g| {
        let turn = g.log.last().map(|r| r.turn).unwrap_or(0);
        out += &row(format!("turn {turn}"), &g.state);
    });
    out
}

/// The mod folder `path` is or lies in (the nearest folder up holding a `mod.ron`).
/// A relative path is looked up from the folder it names, as typed: `levels/x.ron` from inside
/// a mod finds the mod in `.`, and `x.ron` from inside its `levels/` finds it in `..`.
fn mod_folder_of(path: &Path) -> Option<PathBuf> {
    let start = if path.is_dir() { path } else { path.parent()? };
    let mut dirs: Vec<PathBuf> = start
        .ancestors()
        .map(|d| match d.as_os_str().is_empty() {
            true => PathBuf::from("."),
            false => d.to_path_buf(),
        })
        .collect();
    if start.is_relative() {
        dirs.extend([PathBuf::from(".."), PathBuf::from("../..")]);
    }
    dirs.dedup();
    dirs.into_iter()
        .take(3)
        .find(|d| d.join("mod.ron").is_file())
}

/// A calibration line's target bounds and result as shown: rates in whole per cent, other
/// figures to one decimal. A result that fails by less than the rounding shows one more place,
/// so it never reads as equal to the bound it missed ("FAIL ... 40% to 100% result 40%").
fn calibration_figures(
    rate: bool,
    value: Option<f64>,
    t: &crate::rules::raw::CalibrationTarget,
    ok: bool,
) -> [String; 3] {
    let show_to = |x: f64, places: usize| {
        if rate {
            format!("{:.*}%", places, x * 100.0)
        } else {
            format!("{:.*}", places + 1, x)
        }
    };
    let show = |x: f64| show_to(x, 0);
    let bounds = [show(t.min as f64), show(t.max as f64)];
    let result = value.map_or_else(
        || "none".into(),
        |v| match show(v) {
            r if !ok && bounds.contains(&r) => show_to(v, 1),
            r => r,
        },
    );
    let [low, high] = bounds;
    [low, high, result]
}

/// `validate`: every problem in the given files or folders, and of the mods named in
/// `mods.extra` (on top of the game with every installed mod, as the game would load them).
/// A mod's problems, at its own files where they have a place (each once), else at its
/// manifest.
fn add_mod_problems(m: &crate::rules::mods::ModEntry, problems: &mut Diagnostics) {
    for d in m.diagnostics.iter() {
        if !problems.0.contains(d) {
            problems.push(d.clone());
        }
    }
    for p in &m.problems {
        problems.push(crate::rules::Diagnostic::whole_file(
            &m.dir.join("mod.ron"),
            p.clone(),
        ));
    }
}

fn validate(
    root: &Path,
    paths: &[PathBuf],
    json: bool,
    deny_warnings: bool,
    mods: &crate::rules::mods::ModDirs,
) -> i32 {
    let mut problems = Diagnostics::default();
    let mut warnings = Diagnostics::default();
    let mut checked = 0usize;
    // What the mods asked about change in the base game, said once the checks are printed.
    let mut notes: Vec<String> = Vec::new();
    let mod_dirs = &mods.extra;
    // `--mod DIR`: the mod on top of the base data, its problems at its own files.
    if !mod_dirs.is_empty() {
        match load::load_data_with(root, mods) {
            Err(d) => {
                checked += RULE_FILES.len();
                problems.0.extend(d.0);
            }
            Ok(data) => {
                // Only the mods asked about; the installed ones are there as the game has them.
                let asked = data
                    .mods
                    .iter()
                    .filter(|m| m.source == crate::rules::mods::ModSource::CommandLine);
                for m in asked {
                    checked += 1 + m.levels.len() + m.policies.len() + m.rule_files.len();
                    add_mod_problems(m, &mut problems);
                    // An id of the base game's replaces its entry everywhere: right for a
                    // change meant so, a surprise for a new rule that took a taken name.
                    if !m.changes.overrides.is_empty() {
                        notes.push(format!(
                            "note: mod \"{}\" replaces the base game's {} in every level: an entry with a base id takes that entry's place (give a new one an id of its own to add it beside)",
                            m.id(),
                            m.changes.overrides.join(", ")
                        ));
                    }
                    // A mod that does not load adds none of its rules, so a policy of its own
                    // that names its own actions would be wrongly reported: its policies are
                    // checked once it loads, unless it patches no rules.
                    if m.ok() || m.rule_files.is_empty() {
                        for policy in &m.policies {
                            validate_mod_policy(&data, m, policy, &mut problems, &mut warnings);
                        }
                    }
                    warnings.0.extend(m.changes.warnings.iter().cloned());
                    warnings.0.extend(m.unread.iter().cloned());
                    if m.in_use() {
                        for level in load::ron_files(&m.dir.join("levels")) {
                            warnings
                                .0
                                .extend(load::lint_mod_level_file(&data.rules, &m.dir, &level).0);
                            if let Some(sc) = data
                                .levels
                                .iter()
                                .filter_map(LevelEntry::scenario)
                                .find(|sc| sc.path == level)
                            {
                                warn_of_script_refusals(sc, &mut warnings);
                                warn_of_a_first_turn_that_ends_every_game(sc, &mut warnings);
                            }
                        }
                    }
                }
                // An installed mod that a mod asked about knocks out (the two change one entry,
                // and the one asked about loads first): the game would drop the installed one,
                // so the player who has both loses it. The mod asked about is not clean.
                let asked_ids: Vec<String> = data
                    .mods
                    .iter()
                    .filter(|m| m.source == crate::rules::mods::ModSource::CommandLine)
                    .map(|m| m.id())
                    .collect();
                for m in data
                    .mods
                    .iter()
                    .filter(|m| m.source != crate::rules::mods::ModSource::CommandLine)
                {
                    for (id, d) in &m.changes.conflicts {
                        if asked_ids.contains(id) {
                            let mut d = d.clone();
                            d.message = format!(
                                "{} (so the installed mod \"{}\" does not load beside mod \"{id}\": a player who has both loses it)",
                                d.message,
                                m.id()
                            );
                            problems.push(d);
                        }
                    }
                }
                warnings
                    .0
                    .extend(crate::rules::lint::lint_rules(&data.raw, &data.rules).0);
                if paths.is_empty() {
                    checked += RULE_FILES.len();
                }
            }
        }
    }
    // A bare `validate` checks what the game will load: the installed mods too (`levels` and
    // `play` warn of a broken one; here it is a problem at its own file).
    if paths.is_empty()
        && mod_dirs.is_empty()
        && let Ok(data) = load::load_data_with(root, mods)
    {
        for m in data.mods.iter().filter(|m| !m.ok()) {
            checked += 1;
            add_mod_problems(m, &mut problems);
        }
        // The policies of the mods in use, as `sim` and the Policy lab would load them: a
        // policy that cannot be played was passed here while `mods` said so.
        for m in data.mods.iter().filter(|m| m.in_use()) {
            checked += m.policies.len();
            for policy in &m.policies {
                validate_mod_policy(&data, m, policy, &mut problems, &mut warnings);
            }
        }
        // And what the game warns of in the mods in use (their levels', their patches', the
        // files they hold that the game does not read), so that the game's "peninsula validate
        // lists every one" holds for a mod's warning too.
        let lint = data.warnings();
        // With the notes on speed the mods' rules bring, in their files or in the base files
        // whose conditions they crowded out of the masks.
        let notes = lint.speed_notes.0.iter();
        for d in data.mods.iter().flat_map(|m| lint.of_mod(m)).chain(notes) {
            if !warnings.0.contains(d) {
                warnings.push(d.clone());
            }
        }
    }
    let targets: Vec<PathBuf> = if paths.is_empty() && !mod_dirs.is_empty() {
        Vec::new()
    } else if paths.is_empty() {
        vec![root.to_path_buf()]
    } else {
        paths.to_vec()
    };
    // Rules are loaded once per data folder.
    let mut rules_cache: std::collections::BTreeMap<
        PathBuf,
        Result<Arc<crate::rules::Rules>, Diagnostics>,
    > = Default::default();
    let mut rules_for =
        |root: &Path, problems: &mut Diagnostics| -> Option<Arc<crate::rules::Rules>> {
            let r = rules_cache
                .entry(root.to_path_buf())
                .or_insert_with(|| load::load_rules(root).map(Arc::new));
            match r {
                Ok(r) => Some(r.clone()),
                Err(d) => {
                    for x in d.iter() {
                        if !problems.0.contains(x) {
                            problems.push(x.clone());
                        }
                    }
                    None
                }
            }
        };
    for target in &targets {
        // A relative path not found here is looked for in the data folder too: README's
        // `peninsula validate levels/my_level.ron`, run from elsewhere with `--data DIR`.
        let in_data = root.join(target);
        let target = if !target.exists() && target.is_relative() && in_data.exists() {
            &in_data
        } else {
            target
        };
        if !target.exists() {
            eprintln!(
                "error: {}: no such file or folder (here or in the data folder {})",
                target.display(),
                root.display()
            );
            return 2;
        }
        if target.is_dir() {
            let data_root =
                target.join("assets").join("rules").is_dir() && target.join("levels").is_dir();
            if data_root {
                checked += RULE_FILES.len();
                if let Some(rules) = rules_for(target, &mut problems) {
                    if let Ok(raw) = load::read_rules(target) {
                        warnings
                            .0
                            .extend(crate::rules::lint::lint_rules(&raw, &rules).0);
                    }
                    for sub in ["levels", "assets/policies"] {
                        problems
                            .0
                            .extend(load::unreadable_folder(&target.join(sub)));
                    }
                    for level in load::ron_files(&target.join("levels")) {
                        checked += 1;
                        match load::load_level(&rules, target, &level) {
                            Err(d) => problems.0.extend(d.0),
                            Ok(sc) => {
                                warnings
                                    .0
                                    .extend(load::lint_level_file(&rules, target, &level).0);
                                warn_of_script_refusals(&sc, &mut warnings);
                                warn_of_a_first_turn_that_ends_every_game(&sc, &mut warnings);
                            }
                        }
                    }
                    warnings.0.extend(data_folder_gaps(target).0);
                    // The shipped policies, as `play` and `sim` would load them.
                    let policies = load::ron_files(&target.join("assets").join("policies"));
                    if let Ok(data) = load::load_data(target)
                        && let Some(sc) = data.levels.iter().find_map(LevelEntry::scenario)
                    {
                        for policy in &policies {
                            checked += 1;
                            validate_policy_in(sc, target, policy, &mut problems, &mut warnings);
                        }
                    }
                }
            } else {
                // A folder of .ron files, or one holding them a level down (`assets/`, with
                // `rules/` and `policies/`).
                problems.0.extend(load::unreadable_folder(target));
                let mut files = load::ron_files(target);
                if files.is_empty() {
                    for sub in ["rules", "policies", "levels"] {
                        problems
                            .0
                            .extend(load::unreadable_folder(&target.join(sub)));
                        files.extend(load::ron_files(&target.join(sub)));
                    }
                }
                for file in files {
                    checked += 1;
                    validate_file(
                        root,
                        mods,
                        &file,
                        &mut problems,
                        &mut warnings,
                        &mut rules_for,
                    );
                }
            }
        } else {
            checked += 1;
            validate_file(
                root,
                mods,
                target,
                &mut problems,
                &mut warnings,
                &mut rules_for,
            );
        }
    }
    // Each problem once, however many ways it was reached, and a file's problems from its top
    // down (the files in the order they were read), as an editor lists them.
    let once = |all: Diagnostics| {
        let mut unique = Diagnostics::default();
        for d in all.0 {
            if !unique.0.contains(&d) {
                unique.push(d);
            }
        }
        let mut files: Vec<std::path::PathBuf> = Vec::new();
        for d in &unique.0 {
            if !files.contains(&d.file) {
                files.push(d.file.clone());
            }
        }
        unique.0.sort_by_key(|d| {
            let file = files.iter().position(|f| *f == d.file);
            (file, d.at.line, d.at.col)
        });
        unique
    };
    let problems = once(problems);
    // The notes on speed (`lint::SPEED_NOTE`) change no game: listed apart, never denied.
    let (speed_notes, warnings): (Vec<_>, Vec<_>) = once(warnings)
        .0
        .into_iter()
        .partition(|d| d.message.starts_with(crate::rules::lint::SPEED_NOTE));
    let (speed_notes, mut warnings) = (Diagnostics(speed_notes), Diagnostics(warnings));
    // Every warning reads as one, whichever check wrote it, so that it is never taken for a
    // problem to mend (`--json` gives the severity a field of its own instead).
    for d in &mut warnings.0 {
        if !d.message.starts_with("warning: ") {
            d.message = format!("warning: {}", d.message);
        }
    }
    if json {
        for (d, severity) in problems
            .iter()
            .map(|d| (d, "error"))
            .chain(warnings.iter().map(|d| (d, "warning")))
            .chain(speed_notes.iter().map(|d| (d, "note")))
        {
            let object = serde_json::json!({
                "file": d.file.display().to_string(),
                "line": d.at.line,
                "column": d.at.col,
                "field": d.field,
                "message": (d.message.strip_prefix("warning: "))
                    .or_else(|| d.message.strip_prefix(crate::rules::lint::SPEED_NOTE))
                    .unwrap_or(&d.message),
                "severity": severity,
            });
            println!("{object}");
        }
    } else {
        // Every problem, since each must be mended; warnings capped per file.
        print!(
            "{problems}{}{}",
            capped_per_file(&warnings, "warning(s)"),
            capped_per_file(&speed_notes, "note(s)")
        );
    }
    if checked == 0 {
        eprintln!(
            "error: no RON files found in {}; give files, a folder of .ron files, or a data folder holding assets/ and levels/",
            targets
                .iter()
                .map(|t| t.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return 2;
    }
    // A syntax error or a value of the wrong type ends the reading of its file: what comes
    // after it in that file is not checked yet, which a modder must know before fixing one
    // problem and meeting the next.
    let mut unread: Vec<&std::path::Path> = problems
        .0
        .iter()
        .filter(|d| d.stops_the_file)
        .map(|d| d.file.as_path())
        .collect();
    unread.sort();
    unread.dedup();
    for note in &notes {
        if json {
            eprintln!("{note}");
        } else {
            println!("{note}");
        }
    }
    if !unread.is_empty() {
        let files = match unread.len() {
            1 => "its file".to_string(),
            n => format!("those {n} files"),
        };
        let note = format!(
            "note: a syntax error or a value of the wrong type stops the reading of {files}: \
             the rest of it is checked once that problem is fixed"
        );
        if json {
            eprintln!("{note}");
        } else {
            println!("{note}");
        }
    }
    let warned = if warnings.is_empty() {
        String::new()
    } else {
        format!(
            ", {} warning(s){}",
            warnings.len(),
            if deny_warnings {
                ", denied by --deny-warnings"
            } else {
                ""
            }
        )
    };
    let noted = match speed_notes.len() {
        0 => String::new(),
        n => format!(", {n} note(s) on speed"),
    };
    let warned = format!("{warned}{noted}");
    let summary = if problems.is_empty() && deny_warnings && !warnings.is_empty() {
        format!(
            "{} warning(s) in {checked} file(s) checked, denied by --deny-warnings{noted}",
            warnings.len()
        )
    } else if problems.is_empty() {
        format!("ok: {checked} file(s) checked, no problems{warned}")
    } else {
        format!(
            "{} problem(s) in {checked} file(s) checked{warned}",
            problems.len()
        )
    };
    // With --json, standard output holds only the problems; the summary goes to stderr.
    if json {
        eprintln!("{summary}");
    } else {
        println!("{summary}");
    }
    let failed = !problems.is_empty() || (deny_warnings && !warnings.is_empty());
    if failed { 1 } else { 0 }
}

/// What to say of a move in a moves file that names no action: the id to write when it is an
/// action's name as the forecast's table and the transcript print it ("Ask Beijing to
/// squeeze"), else the did-you-mean of the ids.
pub(crate) fn not_an_action_hint(sc: &crate::rules::Scenario, m: &str) -> String {
    let named = |a: &&crate::rules::model::Action| a.name.trim().eq_ignore_ascii_case(m.trim());
    match sc.actions.iter().find(named) {
        Some(a) => format!(
            " but the name of the move `{}`: a moves file names each move by its id (write \"{}\")",
            a.id, a.id
        ),
        None => crate::rules::diagnostics::suggestion(m, sc.actions.iter().map(|a| a.id.as_str())),
    }
}

/// A game's log, as `play --log` writes it, or a save of the desktop game (the same command
/// log with a format version and the save's own fields), read as a log. A text that is
/// neither is reported as a broken log.
/// A log played under other mods' rules than these replays as another game, perhaps: said on
/// standard error (the replay goes on, as the player may mean to compare).
/// Warns when a log or save was played under rules with another fingerprint than these
/// (`Scenario::fingerprint`): another version of the game, or edited files.
pub(crate) fn warn_of_other_rules(log: &str, logged: Option<&str>, sc: &crate::rules::Scenario) {
    let here = sc.fingerprint();
    if let Some(logged) = logged
        && logged != here
    {
        eprintln!(
            "warning: {log} was played under rules {logged}, and these are rules {here} (another version of the game, or edited files): the same moves may make another game"
        );
    }
}

pub(crate) fn warn_of_other_mods(log: &str, logged: &[String], sc: &crate::rules::Scenario) {
    let here = &sc.rules.patched_by;
    if logged != here.as_slice() {
        let named = |m: &[String]| {
            if m.is_empty() {
                "no mod".to_string()
            } else {
                m.join(", ")
            }
        };
        // A hand-written moves file names no mod: the fix is the file's `mods`, not --mod.
        let fix = if logged.is_empty() {
            format!(
                "if the file was written by hand for these rules, add `mods: [{}]` to it; else load the mods it was played with (--mod DIR)",
                here.iter()
                    .map(|m| format!("\"{m}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            "load the same mods with --mod DIR".to_string()
        };
        eprintln!(
            "warning: {log} was played under the rules as {} changes them, and here they are as {} changes them: the same moves may make another game ({fix})",
            named(logged),
            named(here)
        );
    }
}

/// The game a log's class code deals, when the log records one that reads: a log that names
/// no level or seed plays the code's (`play`, `whatif`, `report` and `forecast` alike).
/// The id of the difficulty a class code plays at (None: its level is not loaded here).
pub(crate) fn class_difficulty(
    data: &DataSet,
    class: &crate::sim::class_code::ClassCode,
) -> Option<String> {
    let sc = data.level(&class.level)?.scenario()?;
    let d = sc
        .rules
        .difficulties
        .get(class.options.difficulty as usize)?;
    Some(d.id.clone())
}

pub(crate) fn coded_game(
    data: &DataSet,
    file: Option<&MovesFile>,
) -> Option<crate::sim::class_code::ClassCode> {
    let code = file?.class_code.as_deref()?;
    crate::sim::class_code::decode(data, code).ok()
}

/// Most warnings `validate` prints for one file; `--json` lists every one.
/// `play --moves ask`: the game asks for each move at the terminal.
const ASK: &str = "ask";

const SHOWN_PER_FILE: usize = 40;

/// `found` as `validate` prints it: at most `SHOWN_PER_FILE` of a file's messages, then a line
/// that counts the rest, so that a generated file with ten thousand warnings does not bury the
/// summary (and every other file's messages) under thirty thousand lines.
fn capped_per_file(found: &Diagnostics, kind: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < found.0.len() {
        let file = &found.0[i].file;
        let of_file = found.0[i..].iter().take_while(|d| d.file == *file).count();
        for d in &found.0[i..i + of_file.min(SHOWN_PER_FILE)] {
            out += &d.to_string();
        }
        if of_file > SHOWN_PER_FILE {
            out += &format!(
                "{}: {} more {kind} in this file, not shown (`validate --json` lists every one)\n",
                file.display(),
                of_file - SHOWN_PER_FILE
            );
        }
        i += of_file;
    }
    out
}

/// A command log is read as `play --moves` reads it: its fields, then its level and every move,
/// each at its place.
fn validate_log(
    root: &Path,
    mods: &crate::rules::mods::ModDirs,
    file: &Path,
    text: &str,
    problems: &mut Diagnostics,
) {
    let log = match parse_log(file, text) {
        Ok(l) => l,
        Err(d) => {
            problems.push(d);
            return;
        }
    };
    // With the mods the game would play it with: a mod level's log names a mod's level.
    let Ok(data) = load::load_data_with(root, mods) else {
        return;
    };
    let Some(level) = log.level.as_deref() else {
        // A log that names no level is played with `--level`: a move no level has is a slip
        // whichever level it is played on.
        let scenarios: Vec<&Scenario> = (data.level_ids().iter())
            .filter_map(|id| data.level(id).and_then(LevelEntry::scenario))
            .collect();
        for (i, m) in log.moves.iter().enumerate() {
            if scenarios.iter().all(|sc| sc.action_index(m).is_none()) {
                let known = scenarios
                    .iter()
                    .flat_map(|sc| sc.actions.iter().map(|a| a.id.as_str()));
                let message = format!(
                    "{m:?} is not an action of any level{}",
                    crate::rules::diagnostics::suggestion(m, known)
                );
                problems.push(crate::rules::Diagnostic::at_field(
                    file,
                    text,
                    &format!("moves[{i}]"),
                    message,
                ));
            }
        }
        return;
    };
    // A problem at a field of the log (its first line when the field cannot be found).
    let mut at_field = |field: &str, message: String| {
        let at = crate::rules::ron_path::locate(text, field)
            .unwrap_or(crate::rules::ron_path::LineCol { line: 1, col: 1 });
        problems.push(crate::rules::Diagnostic::at_position(
            file, text, at, message,
        ));
    };
    let Some(sc) = data.level(level).and_then(LevelEntry::scenario) else {
        let known = data.level_ids();
        let hint = crate::rules::diagnostics::suggestion(level, known.iter().copied());
        // No close name: a mod's level, its mod not loaded; the log names the mods it was
        // played under, if any.
        let from_a_mod = match (hint.is_empty(), log.mods.as_slice()) {
            (false, _) => String::new(),
            (true, []) => {
                " (a mod's level? load its mod with --mod DIR, or install it in the mods folder)"
                    .into()
            }
            (true, mods) => format!(
                " (the game was played under mod {}: load it with --mod DIR, or install it in the mods folder)",
                mods.iter()
                    .map(|m| format!("\"{m}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        at_field(
            "level",
            format!("no playable level \"{level}\"{hint}{from_a_mod}"),
        );
        return;
    };
    log_problems(sc, file, text, &log, problems);
}

/// The field of a log that `Game::check_log`'s complaint `e` is about: its injects, its teams'
/// proposals or its moves.
fn shape_field(e: &str) -> &'static str {
    if e.starts_with("inject") {
        "injects"
    } else if e.contains("team proposals") {
        "teams"
    } else {
        "moves"
    }
}

/// What `play --moves` would refuse in the log `log` (read from `file`, whose text is `text`)
/// for the level `sc`, each at its place in the file: moves that are not the level's actions,
/// its shape, its difficulty, its teams, its rewind and its injects.
fn log_problems(
    sc: &Scenario,
    file: &Path,
    text: &str,
    log: &crate::rules::raw::MovesFile,
    problems: &mut Diagnostics,
) {
    let level = sc.id();
    let mut at_field = |field: &str, message: String| {
        let at = crate::rules::ron_path::locate(text, field)
            .unwrap_or(crate::rules::ron_path::LineCol { line: 1, col: 1 });
        problems.push(crate::rules::Diagnostic::at_position(
            file, text, at, message,
        ));
    };
    for (i, m) in log.moves.iter().enumerate() {
        if sc.action_index(m).is_none() {
            at_field(
                &format!("moves[{i}]"),
                format!(
                    "{m:?} is not an action of {level}{}",
                    crate::rules::diagnostics::suggestion(
                        m,
                        sc.actions.iter().map(|a| a.id.as_str())
                    )
                ),
            );
        }
    }
    // What `play --moves` refuses before it replays a log: its shape, then its injects.
    if let Err(e) =
        crate::sim::Game::check_log(sc, log.moves.len(), log.teams.as_ref(), &log.injects)
    {
        at_field(shape_field(&e), e);
    }
    // What `play --moves` refuses when it sets the game up: an unknown difficulty, a team rule
    // or a team's proposal that is not an action (the first turn that names one).
    if let Some(d) = log.difficulty.as_deref()
        && let Err(e) = crate::sim::Game::setup_from(sc, 1, Some(d), None)
    {
        at_field("difficulty", e);
    }
    if let Some(t) = log.teams.as_ref()
        && let Err(e) = crate::sim::Game::teams_from(sc, t)
    {
        let field = match t
            .proposals
            .iter()
            .position(|(a, b)| sc.action_index(a).is_none() || sc.action_index(b).is_none())
        {
            Some(i) if crate::sim::teams::Settle::parse(&t.rule).is_ok() => {
                format!("teams.proposals[{i}]")
            }
            _ => "teams.rule".to_string(),
        };
        at_field(&field, e);
    }
    // A what-if's rewind is to a turn of the game before it, which the level must have had.
    if let Some(w) = &log.whatif {
        let turns = sc.def.turns;
        let most = w.of_turns.min(turns);
        if w.of_turns == 0 || w.of_turns > turns {
            at_field(
                "whatif.of_turns",
                format!(
                    "the game before the rewind had {} turns, but {level} lasts {turns}",
                    w.of_turns
                ),
            );
        } else if w.from_turn == 0 || w.from_turn > most {
            at_field(
                "whatif.from_turn",
                format!(
                    "a rewind to turn {}, but the game before it had turns 1 to {most}",
                    w.from_turn
                ),
            );
        }
    }
    // An inject the level does not have is named at its own id, with the likely one.
    for (i, x) in log.injects.iter().enumerate() {
        if sc.inject_index(&x.id).is_none() {
            let known: Vec<&str> = sc.injects.iter().map(|j| j.id.as_str()).collect();
            at_field(
                &format!("injects[{i}].id"),
                format!(
                    "{:?} is not an inject of {level}{}; its injects: {}",
                    x.id,
                    crate::rules::diagnostics::suggestion(&x.id, known.iter().copied()),
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ),
            );
        }
    }
}

/// What a data folder lacks or holds that the game will not read, as warnings: a file in
/// `levels/`, `assets/rules/` or `assets/policies/` that is not named `*.ron` (lower case) or a
/// sub-folder there, which the loader skips without a word; a `.ron` file in `assets/rules/`
/// that is none of the seven rules files (a level put there, say), which it never opens; and a
/// built-in policy whose file is missing, which `play --moves NAME`, `sim --policy NAME` and
/// the forecast would then refuse.
fn data_folder_gaps(root: &Path) -> Diagnostics {
    let mut gaps = Diagnostics::default();
    for sub in ["levels", "assets/rules", "assets/policies"] {
        for stray in load::not_ron_files(&root.join(sub)) {
            let what = if stray.is_dir() { "a folder" } else { "a file" };
            gaps.push(crate::rules::Diagnostic::whole_file(
                &stray,
                format!(
                    "{what} the game does not read: {sub}/ is read for files ending in .ron (lower case) only, so this one is skipped"
                ),
            ));
        }
    }
    // A `.ron` file in `assets/rules/` that is none of the rules files: a level or a policy put
    // in the wrong folder, most likely, which the loader never opens.
    if let Ok(entries) = std::fs::read_dir(root.join("assets").join("rules")) {
        let mut unread: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "ron"))
            .filter(|p| rules_file_slot(p).is_none())
            .collect();
        unread.sort();
        for file in unread {
            gaps.push(crate::rules::Diagnostic::whole_file(
                &file,
                not_a_rules_file(),
            ));
        }
    }
    let file_policies = crate::rules::BUILTIN_POLICIES
        .iter()
        .filter(|p| !matches!(**p, "historical" | "random"));
    for name in file_policies {
        let path = root
            .join("assets")
            .join("policies")
            .join(format!("{name}.ron"));
        if !path.exists() {
            let used_by = if *name == "balanced" {
                "the forecast, `play --moves balanced` and `sim --policy balanced`"
            } else {
                "`play --moves NAME` and `sim --policy NAME`"
            }
            .replace("NAME", name);
            gaps.push(crate::rules::Diagnostic::whole_file(
                &path,
                format!(
                    "missing: the built-in policy \"{name}\" is read from this file, so {used_by} would fail"
                ),
            ));
        }
    }
    gaps
}

fn validate_file(
    root: &Path,
    mods: &crate::rules::mods::ModDirs,
    file: &Path,
    problems: &mut Diagnostics,
    warnings: &mut Diagnostics,
    rules_for: &mut dyn FnMut(&Path, &mut Diagnostics) -> Option<Arc<crate::rules::Rules>>,
) {
    let parent = file
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().to_string());
    let text = load::without_bom(std::fs::read_to_string(file).unwrap_or_default());
    let loose_slot = rules_file_slot(file).filter(|_| !looks_like_log(&text));
    match parent.as_deref() {
        // A rules file is checked with the rest of its rules folder (an AI's file has
        // `rules:` too, so the folder decides before the content).
        Some("rules") if rules_file_slot(file).is_none() => problems.push(
            crate::rules::Diagnostic::whole_file(file, not_a_rules_file()),
        ),
        Some("rules") => {
            let own_root = file
                .parent()
                .and_then(Path::parent)
                .and_then(Path::parent)
                .unwrap_or(root);
            check_rules(load::read_rules(own_root), problems, warnings);
        }
        // A copy of a rules file elsewhere (named as one in `assets/rules/`) is checked with
        // the data folder's other rules files, as if it stood in its place.
        _ if parent.as_deref() != Some("policies") && loose_slot.is_some() => {
            validate_loose_rules_file(root, file, loose_slot, text, problems, warnings)
        }
        Some("policies") if !looks_like_log(&text) => {
            validate_policy(root, mods, file, problems, warnings)
        }
        _ if looks_like_policy(&text) => validate_policy(root, mods, file, problems, warnings),
        _ if looks_like_log(&text) => validate_log(root, mods, file, &text, problems),
        _ => {
            let Some(rules) = rules_for(root, problems) else {
                return;
            };
            match load::load_level(&rules, root, file) {
                Err(d) => {
                    // A level whose only problem is its file name (a modder's scratch copy,
                    // `my_level.v2.ron`) is checked all the same: its warnings come with it.
                    let compiles = load::level_from_text(&rules, root, file, &text).is_ok();
                    problems.0.extend(d.0);
                    if compiles {
                        warnings
                            .0
                            .extend(load::lint_level_file(&rules, root, file).0);
                    }
                }
                Ok(sc) => {
                    warnings
                        .0
                        .extend(load::lint_level_file(&rules, root, file).0);
                    warn_of_script_refusals(&sc, warnings);
                    warn_of_a_first_turn_that_ends_every_game(&sc, warnings);
                }
            }
        }
    }
}

/// Replays of a level's historical script, for `validate`: enough to find a scripted move the
/// rules refuse every time it comes up (it asks for talks the level never reaches by then, say),
/// which only `calibrate`'s thousands of replays showed before.
const SCRIPT_REPLAYS: u64 = 100;

/// Warns at each scripted move the rules refused in every one of `SCRIPT_REPLAYS` replays of
/// the script that reached it (at least ten), with the rules' reason; a move a static check has
/// already warned of at the same place is not warned of twice.
fn warn_of_script_refusals(sc: &Scenario, warnings: &mut Diagnostics) {
    let Ok(text) = std::fs::read_to_string(&sc.path) else {
        return;
    };
    let text = load::without_bom(text);
    for t in crate::sim::batch::script_fidelity(sc, SCRIPT_REPLAYS, 1) {
        if t.reached < 10 || t.refused < t.reached {
            continue;
        }
        let Some(i) = sc.def.script.iter().position(|m| m.turn == t.turn) else {
            continue;
        };
        let field = format!("script[{i}].action");
        if warnings
            .iter()
            .any(|w| w.file == sc.path && w.field == field)
        {
            continue;
        }
        warnings.push(crate::rules::Diagnostic::at_field(
            &sc.path,
            &text,
            &field,
            format!(
                "warning: turn {}'s move \"{}\" was refused in all {} of {SCRIPT_REPLAYS} replays of the script that reached it{}; `calibrate` counts how often each scripted move is played",
                t.turn,
                sc.actions[t.action as usize].id,
                t.reached,
                t.why
                    .as_deref()
                    .map(|w| format!(" ({w})"))
                    .unwrap_or_default()
            ),
        ));
    }
}

/// How many games of each hidden type `warn_of_a_first_turn_that_ends_every_game` deals, and
/// the most seeds it tries to deal them (a type of small chance, 2018's builder at one in ten,
/// is dealt within a few dozen).
const FIRST_TURN_GAMES_A_TYPE: usize = 3;
const FIRST_TURN_SEEDS: u64 = 400;

/// Warns when every game of the level tried ends on its first turn, whatever is played: every
/// move open on turn 1, in `FIRST_TURN_GAMES_A_TYPE` games of every type the level can deal.
/// The static checks catch a loss that holds over a variable's whole range; this catches what a
/// level's own start values or opening tension bring about (a war flag set, an objective met
/// before the first move), which only playing shows.
fn warn_of_a_first_turn_that_ends_every_game(sc: &Scenario, warnings: &mut Diagnostics) {
    // A level of one turn ends on it by design.
    if sc.def.turns <= 1 {
        return;
    }
    // At every difficulty: one whose start values (assets/rules/advisors.ron) bring about a
    // loss or a war before the first move spoils the level as surely as the level's own.
    let ids: Vec<&str> = sc
        .rules
        .difficulties
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    let tried: Vec<Option<&str>> = if ids.len() <= 1 {
        vec![None]
    } else {
        ids.iter().map(|d| Some(*d)).collect()
    };
    for difficulty in tried {
        let Some((games, endings)) = first_turn_endings(sc, difficulty) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(&sc.path) else {
            return;
        };
        let text = load::without_bom(text);
        let said: Vec<String> = endings
            .iter()
            .map(|(how, n)| format!("{n} \"{how}\""))
            .collect();
        // The start values are the likely cause when the level sets any, else its opening tension.
        let field = if !sc.def.start.is_empty() {
            "start"
        } else if !sc.def.tension.is_empty() {
            "tension"
        } else {
            "objectives"
        };
        let at = match difficulty {
            Some(d) if Some(d) != ids.first().copied() => format!(
                " at difficulty \"{d}\" (its start values in assets/rules/advisors.ron count too)"
            ),
            _ => String::new(),
        };
        warnings.push(crate::rules::Diagnostic::at_field(
            &sc.path,
            &text,
            field,
            format!(
                "warning: every game tried ends on turn 1{at}, whatever is played ({games} games: every move open on turn 1, in {FIRST_TURN_GAMES_A_TYPE} games of each type the level deals; {}); check the level's start values and opening tension against its objectives and the ladder's war rung",
                said.join(", ")
            ),
        ));
    }
}

/// How the games tried at `difficulty` (every move open on turn 1, in
/// `FIRST_TURN_GAMES_A_TYPE` games of every type the level can deal) ended on turn 1, the most
/// common ending first, when every one did; None when one lasted past it (or none was tried).
fn first_turn_endings(
    sc: &Scenario,
    difficulty: Option<&str>,
) -> Option<(usize, Vec<(String, usize)>)> {
    let mut endings: std::collections::BTreeMap<String, usize> = Default::default();
    let mut games = 0;
    let types = sc.rules.pyongyang.dispositions.len();
    let mut dealt = vec![0usize; types];
    let wanted = |d: usize| sc.disposition_chances.get(d).is_some_and(|c| *c > 0.0);
    for seed in 1..=FIRST_TURN_SEEDS {
        let setup = Game::setup_from(sc, seed, difficulty, None).ok()?;
        let start = Game::start(sc, &setup);
        let d = start.state.disposition as usize;
        if d < types {
            if dealt[d] >= FIRST_TURN_GAMES_A_TYPE {
                continue;
            }
            dealt[d] += 1;
        }
        for a in 0..sc.actions.len() as u16 {
            if crate::sim::decide::availability(sc, &start.state, a).is_err() {
                continue;
            }
            let mut game = start.clone();
            game.play(sc, a);
            // One game that plays on is enough.
            let outcome = game.state.outcome?;
            games += 1;
            *endings
                .entry(transcript::outcome_text(sc, Some(outcome)))
                .or_default() += 1;
        }
        if (0..types).all(|d| !wanted(d) || dealt[d] >= FIRST_TURN_GAMES_A_TYPE) {
            break;
        }
    }
    if games == 0 {
        return None;
    }
    let mut endings: Vec<(String, usize)> = endings.into_iter().collect();
    endings.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Some((games, endings))
}

/// What is wrong with a file in a `rules/` folder that is none of the rules files.
fn not_a_rules_file() -> String {
    let names: Vec<&str> = load::RULE_FILES
        .iter()
        .map(|f| f.rsplit('/').next().unwrap_or(f))
        .collect();
    format!(
        "a file the game does not read: a rules folder holds only {}; a level belongs in levels/, a policy in assets/policies/",
        names.join(", ")
    )
}

/// Which of the rules files (`RULE_FILES`) a file outside a `rules/` folder copies, by its
/// name: `pyongyang.ron` is Pyongyang's rules wherever it is.
fn rules_file_slot(file: &Path) -> Option<usize> {
    let name = file.file_name()?.to_str()?;
    load::RULE_FILES
        .iter()
        .position(|f| f.rsplit('/').next() == Some(name))
}

/// A rules file outside its folder, checked with the other rules files of the data folder at
/// `root`: its problems name it, and so do the others' if its change breaks them.
fn validate_loose_rules_file(
    root: &Path,
    file: &Path,
    slot: Option<usize>,
    text: String,
    problems: &mut Diagnostics,
    warnings: &mut Diagnostics,
) {
    let Some(slot) = slot else { return };
    let mut paths = load::RULE_FILES.map(|f| root.join(f));
    let mut texts = paths
        .clone()
        .map(|p| load::without_bom(std::fs::read_to_string(p).unwrap_or_default()));
    paths[slot] = file.to_path_buf();
    texts[slot] = text;
    check_rules(
        load::rules_from_files(root, paths, texts),
        problems,
        warnings,
    );
}

/// Rules as read: their parse problems, else their compile problems, else their warnings.
fn check_rules(
    read: Result<crate::rules::patch::RawRules, Diagnostics>,
    problems: &mut Diagnostics,
    warnings: &mut Diagnostics,
) {
    match read {
        Err(d) => problems.0.extend(d.0),
        Ok(raw) => match load::compile_rules(&raw) {
            Err(d) => problems.0.extend(d.0),
            Ok(rules) => warnings
                .0
                .extend(crate::rules::lint::lint_rules(&raw, &rules).0),
        },
    }
}

/// What `validate --mod` finds wrong in a loaded mod's policies (an action or a variable no
/// level has): the mod loads, but `play` and `sim` refuse those policies.
fn mod_policy_problems(data: &DataSet, m: &crate::rules::mods::ModEntry) -> Diagnostics {
    let (mut problems, mut warnings) = (Diagnostics::default(), Diagnostics::default());
    for file in &m.policies {
        validate_mod_policy(data, m, file, &mut problems, &mut warnings);
    }
    problems
}

/// A mod's policy is checked against the data with the mod in use: against each of its levels,
/// then the base game's (not another mod's), until one can play it (a policy may name the cards of any one of the
/// mod's levels; `levels_a_policy_cannot_play` warns of the others). When none can, the
/// problems are those of its mod's first level, else of the base game's first.
fn validate_mod_policy(
    data: &DataSet,
    m: &crate::rules::mods::ModEntry,
    file: &Path,
    problems: &mut Diagnostics,
    warnings: &mut Diagnostics,
) {
    let name = m.name();
    let all = || data.levels.iter().filter_map(LevelEntry::scenario);
    let candidates: Vec<&Scenario> = all()
        .filter(|s| data.mod_of(s.id()) == Some(name.as_str()))
        .chain(all().filter(|s| data.mod_of(s.id()).is_none()))
        .collect();
    let path = file.display().to_string();
    let mut first_problems = None;
    for sc in candidates {
        match Policy::load(sc, &data.root, &path) {
            Err(PolicyError::Invalid(d)) => {
                first_problems.get_or_insert(d);
            }
            Err(_) => return,
            Ok(_) => {
                warnings
                    .0
                    .extend(load::lint_policy_file(&sc.rules, &m.dir, file).0);
                warnings.0.extend(levels_a_policy_cannot_play(data, &path));
                return;
            }
        }
    }
    if let Some(d) = first_problems {
        problems.0.extend(d.0);
    }
}

/// A warning, at the first name the policy cannot find there, when a policy that loads for its
/// mod's level cannot load for some other level (it names the mod's own actions): `sim` and
/// `play` would stop with that error on those levels.
fn levels_a_policy_cannot_play(data: &DataSet, path: &str) -> Option<crate::rules::Diagnostic> {
    let mut plays = Vec::new();
    let mut not = Vec::new();
    let mut first = None;
    for sc in data.levels.iter().filter_map(LevelEntry::scenario) {
        match Policy::load(sc, &data.root, path) {
            Ok(_) => plays.push(sc.id()),
            Err(PolicyError::Invalid(d)) => {
                not.push(sc.id());
                first = first.or(d.0.into_iter().next());
            }
            Err(_) => {}
        }
    }
    // The place is the first name another level lacks; the message is this warning's own (the
    // level's error would read as a typo, with a "did you mean" toward a base action).
    let mut warning = first?;
    warning.message = format!(
        "warning: this policy names what only {} offers{}, so it cannot play {}: there `sim` and `play` stop with this policy's error",
        plays.join(", "),
        if plays.len() == 1 {
            ""
        } else {
            " (among the levels)"
        },
        not.join(", ")
    );
    Some(warning)
}

/// A policy file is checked against the first playable level of the data folder, with the
/// mods the game would play it with (so it may name a mod's actions).
fn validate_policy(
    root: &Path,
    mods: &crate::rules::mods::ModDirs,
    file: &Path,
    problems: &mut Diagnostics,
    warnings: &mut Diagnostics,
) {
    let Ok(data) = load::load_data_with(root, mods) else {
        return;
    };
    // The first level it can play (it may name actions only some levels offer: `sim` plays it
    // there), else the first level, whose errors are then the policy's.
    let path = file.display().to_string();
    let mut scenarios = data.levels.iter().filter_map(LevelEntry::scenario);
    let Some(first) = scenarios.next() else {
        return;
    };
    let sc = std::iter::once(first)
        .chain(scenarios)
        .find(|sc| Policy::load(sc, root, &path).is_ok())
        .unwrap_or(first);
    let before = problems.0.len();
    validate_policy_in(sc, root, file, problems, warnings);
    if problems.0.len() == before {
        warnings.0.extend(levels_a_policy_cannot_play(&data, &path));
    }
}

/// A policy file checked against the level `sc`.
fn validate_policy_in(
    sc: &crate::rules::Scenario,
    root: &Path,
    file: &Path,
    problems: &mut Diagnostics,
    warnings: &mut Diagnostics,
) {
    match Policy::load(sc, root, &file.display().to_string()) {
        Err(PolicyError::Invalid(d)) => problems.0.extend(d.0),
        Err(_) => {}
        Ok(_) => warnings
            .0
            .extend(load::lint_policy_file(&sc.rules, root, file).0),
    }
}

/// Prints what `transcript` would show for a decision; re-exported for the UI's "why" lines.
pub use transcript::explain_decision;

/// `saves`: this machine's saved games, one a line, or (`clear`) moved aside for the next class.
/// Each is described as the Load screen describes it, and when `data` (the data the game
/// loads) cannot restore it, with why not, as the Load screen says it.
fn saves_command(dir: &Path, clear: bool, data: Option<&DataSet>) -> i32 {
    use crate::game::saves::{
        clear_saved_games, first_run, read_save, restore, saved_games, saved_moment,
    };
    if clear {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        return match clear_saved_games(dir, now) {
            Ok(None) => {
                println!(
                    "No saved games or reports in {}: nothing to clear.",
                    dir.display()
                );
                0
            }
            Ok(Some(cleared)) => {
                let mut what = Vec::new();
                if !cleared.slots.is_empty() {
                    what.push(format!(
                        "{} saved game(s) ({})",
                        cleared.slots.len(),
                        cleared.slots.join(", ")
                    ));
                }
                if cleared.reports {
                    what.push("the reports on this machine (reports/)".to_string());
                }
                println!(
                    "Moved {} into {}. The settings and campaign progress stay; to bring a game back, move its file back into {}.",
                    what.join(" and "),
                    cleared.archive.display(),
                    dir.display()
                );
                0
            }
            Err(e) => {
                eprintln!("error: {e}");
                1
            }
        };
    }
    let slots = saved_games(dir);
    // The reports are cleared with the games: said here, so a teacher knows they are there.
    let reports = dir.join("reports");
    let reported = crate::report::class_folder::logs_in(&reports);
    let reports_line = match reported {
        0 if !reports.is_dir() => None,
        0 => Some(format!("No game's report in {}.", reports.display())),
        n => Some(format!(
            "{n} game(s)' report(s) in {} (the class's page reads them).",
            reports.display()
        )),
    };
    if slots.is_empty() {
        println!("No saved games in {}.", dir.display());
        if let Some(line) = reports_line {
            println!("{line}");
            println!(
                "`peninsula saves --clear` moves them aside for the next class (nothing is deleted)."
            );
        }
        return 0;
    }
    println!("Saved games in {}:", dir.display());
    for slot in slots {
        let line = match read_save(dir, &slot) {
            Ok(Some(save)) => {
                let restored = data.map(|data| {
                    let (_, game, _) = restore(data, &save)?;
                    first_run(data, &save)?;
                    Ok::<_, String>(game)
                });
                let state = match &restored {
                    Some(Err(_)) => "",
                    _ if save.ended => ", ended early (End now)",
                    Some(Ok(game)) if game.state.outcome.is_some() => ", finished",
                    _ => "",
                };
                let mut parts = vec![
                    save.level.clone(),
                    format!("{} turn(s){state}", save.moves.len()),
                ];
                if let Some(group) = &save.group {
                    parts.push(format!("group {group}"));
                }
                if let Some(code) = &save.class_code {
                    parts.push(format!("class {code}"));
                }
                if save.rewound.is_some() {
                    parts.push("a what-if".into());
                }
                if save.saved_at > 0 {
                    parts.push(saved_moment(save.saved_at));
                }
                if let Some(Err(e)) = restored {
                    parts.push(format!("cannot be loaded: {e}"));
                }
                parts.join(", ")
            }
            Ok(None) => "gone".into(),
            Err(e) => format!("cannot be read: {e}"),
        };
        println!("  {slot}: {line}");
    }
    if let Some(line) = reports_line {
        println!("{line}");
    }
    println!("`peninsula saves --clear` moves them aside for the next class (nothing is deleted).");
    0
}

#[cfg(test)]
mod tests {
    use super::calibration_figures;
    use crate::rules::raw::CalibrationTarget;
    use crate::rules::raw::Metric;

    fn target(metric: Metric, min: f32, max: f32) -> CalibrationTarget {
        CalibrationTarget {
            metric,
            answer: None,
            min,
            max,
            real: String::new(),
            source: String::new(),
            gap: None,
        }
    }

    #[test]
    fn a_result_that_misses_its_bound_by_less_than_the_rounding_shows_one_more_place() {
        let rate = target(Metric::WarRate, 0.4, 1.0);
        // 39.6% misses 40%: shown as 39.6%, not "40%".
        assert_eq!(
            calibration_figures(true, Some(0.396), &rate, false),
            ["40%".to_string(), "100%".into(), "39.6%".into()]
        );
        // A pass, or a clear miss, keeps whole per cent.
        assert_eq!(calibration_figures(true, Some(0.55), &rate, true)[2], "55%");
        assert_eq!(calibration_figures(true, Some(0.2), &rate, false)[2], "20%");
        let mean = target(Metric::Missiles, 3.0, 12.0);
        assert_eq!(
            calibration_figures(false, Some(12.04), &mean, false)[2],
            "12.04"
        );
        assert_eq!(
            calibration_figures(false, Some(11.0), &mean, true)[2],
            "11.0"
        );
        assert_eq!(calibration_figures(false, None, &mean, false)[2], "none");
    }
}
