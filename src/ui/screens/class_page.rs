//! The class's page, for a teacher at the desktop: every group's exported report found in
//! `reports/` in the save folder (where *Export report* writes them, and where a teacher copies
//! the other machines' report folders after class), listed as the page will name them, and one
//! button that writes the page of the whole class (`class.html`, `class.csv`, `class.png`,
//! as `peninsula class-report` does) into `reports/class-page/`, and one that opens it in the
//! computer's browser. Reached from *Load game*. Each game is replayed as *Load game* replays a
//! save; a file that does not load is listed with its problem, and a copy or an earlier export
//! of a game counts once. When some game was ended early (End now), a second button writes the
//! page naming Pyongyang's type for it, as `class-report --reveal` does, for after class. The
//! reports folder opens in the computer's file manager, for copying the groups' folders in,
//! and *Look again* lists what is there now.

use super::{Screen, screen_root};
use crate::game::GameData;
use crate::game::saves::{
    autosave_slot, autosave_slots, parse_log, read_save, restore, same_group, save_of_log,
};
use crate::report::Rewind;
use crate::report::Unfinished;
use crate::report::class::{Class, ClassGame, classes, write};
use crate::report::class_folder::{Gathered, LeftOutWhy, gather};
use crate::rules::DataSet;
use crate::ui::Settings;
use crate::ui::focus::Activated;
use crate::ui::open_page::{OpenPage, PageOpened};
use crate::ui::theme::{Palette, button, label, size};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use std::path::{Path, PathBuf};

#[derive(Component, Clone, PartialEq, Eq)]
enum ClassPageButton {
    /// Write the page, naming the type of a game ended early (`reveal`) or not.
    Write {
        reveal: bool,
    },
    /// Open the page just written in the browser.
    Open(PathBuf),
    /// Open the reports folder in the file manager (made first if there is none yet).
    OpenFolder(PathBuf),
    /// List the reports folder again, after copying reports in.
    LookAgain,
    Back,
}

/// The line that says what became of *Open the page* or *Open the reports folder*.
#[derive(Component)]
struct OpenNote;

#[derive(Component)]
struct ClassPageRoot;

/// The most rows of games and of problems the screen lists before "and N more".
const MOST_ROWS: usize = 12;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::ClassPage), spawn)
        .add_systems(
            Update,
            (act, say_opened).run_if(in_state(Screen::ClassPage)),
        );
}

/// Where the groups' reports are looked for: `reports/` in the save folder.
pub fn reports_dir(saves: &Path) -> PathBuf {
    saves.join("reports")
}

/// Where the class's page is written: `reports/class-page/` (it holds no game's log, so the
/// next look at `reports/` does not read it as a group's).
pub fn page_dir(saves: &Path) -> PathBuf {
    reports_dir(saves).join("class-page")
}

/// Every game under `reports`, read as *Load game* reads a save; `problems` gets, for each file
/// that does not load, its path and why.
fn gather_reports<'d>(
    data: &'d DataSet,
    reports: &Path,
    problems: &mut Vec<String>,
) -> Gathered<'d> {
    if !reports.is_dir() {
        return gather(&[], |_, _| None, |_| {});
    }
    let found = gather(
        &[reports.to_path_buf()],
        |path, source| match group_game(data, path, source) {
            Ok(g) => Some(g),
            Err(why) => {
                problems.push(format!("{}: {why}", path.display()));
                None
            }
        },
        |_| {},
    );
    // A folder that cannot be read hides its games: said, with the files that do not load.
    for folder in &found.unreadable {
        problems.push(format!("{}: the folder cannot be read", folder.display()));
    }
    found
}

/// One group's game from its report's log: replayed as *Load game* replays a save, with the
/// class code it names kept only when the code deals this very game (as `report` keeps it).
fn group_game<'d>(data: &'d DataSet, path: &Path, source: String) -> Result<ClassGame<'d>, String> {
    let text = crate::rules::load::read_checked(path).map_err(|d| d.message.clone())?;
    let mut log = parse_log(path, &text).map_err(|d| d.message.clone())?;
    // A log written by hand may name only its class code, which deals the level and seed (as
    // `class-report` reads it).
    if (log.level.is_none() || log.seed.is_none())
        && let Some(code) = log.class_code.as_deref()
        && let Ok(coded) = crate::sim::class_code::decode(data, code)
    {
        log.level.get_or_insert(coded.level);
        log.seed.get_or_insert(coded.seed);
    }
    let save = save_of_log(&log)?;
    let (_, game, _) = restore(data, &save)?;
    let sc = data
        .level(&save.level)
        .and_then(|l| l.scenario())
        .ok_or_else(|| format!("level \"{}\" does not load", save.level))?;
    let of_this_game = |code: &str| {
        crate::sim::class_code::code_of_game(data, sc, code, save.seed, save.difficulty.as_deref())
    };
    let rewound = log.whatif.as_ref().map(|w| Rewind {
        class_code: w.class_code.as_deref().and_then(of_this_game),
        ..Rewind::from_log(w)
    });
    // A what-if is named by the class's game it parts from, as `report` names it.
    let class_code = log
        .class_code
        .as_deref()
        .and_then(of_this_game)
        .or_else(|| rewound.as_ref()?.class_code.clone());
    Ok(ClassGame {
        sc,
        game,
        class_code,
        unfinished: crate::report::Unfinished::of_log(log.ended),
        rewound,
        source,
    })
}

/// Writes the class's page of every game in `reports/` into `reports/class-page/`: the files
/// written, the page first, or what went wrong. The charts of the page before are removed
/// first: a page of fewer levels than the last has fewer (`class.png`, or `class-1.png`, ...).
/// `reveal` names Pyongyang's type for a game ended early, as `class-report --reveal` does
/// (never while a game of the class is still in progress).
pub fn write_class_page(
    data: &DataSet,
    saves: &Path,
    reveal: bool,
) -> Result<Vec<PathBuf>, String> {
    let mut problems = Vec::new();
    let found = gather_reports(data, &reports_dir(saves), &mut problems);
    let notes = found.notes();
    if found.games.is_empty() {
        return Err("no group's game to put on the page".to_string());
    }
    let mut classes = classes(found.games.into_iter().map(|(_, g)| g).collect());
    mark_playing_here(&mut classes, &playing_here(data, saves));
    let out = page_dir(saves);
    if let Ok(old) = std::fs::read_dir(&out) {
        for chart in old.filter_map(|e| e.ok()).map(|e| e.path()) {
            let name = chart.file_name().map(|n| n.to_string_lossy().into_owned());
            if name.is_some_and(|n| n.starts_with("class") && n.ends_with(".png")) {
                let _ = std::fs::remove_file(&chart);
            }
        }
    }
    write(&out, &classes, reveal, &notes)
}

/// A class's game this machine is playing now: its level, seed, difficulty and group.
type PlayingHere = (String, u64, u8, Option<String>);

/// The class games this machine is playing now: the autosave of each level (not a replaced
/// game, not a what-if) when it holds a class code's game neither over nor ended with End now.
/// A page written here while one is played keeps that class's type hidden: the group at this
/// machine could open it and play on knowing.
fn playing_here(data: &DataSet, saves: &Path) -> Vec<PlayingHere> {
    autosave_slots(saves)
        .into_iter()
        .filter_map(|slot| {
            read_save(saves, &slot)
                .ok()?
                .filter(|s| slot == autosave_slot(&s.level))
        })
        .filter(|save| save.class_code.is_some() && !save.ended)
        .filter_map(|save| {
            let (sc, game, _) = restore(data, &save).ok()?;
            let s = &game.state;
            s.outcome
                .is_none()
                .then(|| (sc.id().to_string(), s.seed, s.difficulty, save.group))
        })
        .collect()
}

/// Counts, for each class, the games of it this machine is playing (`playing`) whose group has
/// no report of its game in progress here already (that report keeps the type hidden itself).
fn mark_playing_here(classes: &mut [Class], playing: &[PlayingHere]) {
    for class in classes {
        let first = &class.games[0];
        let (level, seed, difficulty) = (
            first.sc.id(),
            first.game.state.seed,
            first.game.state.difficulty,
        );
        class.playing_here = playing
            .iter()
            .filter(|(l, s, d, group)| {
                (l.as_str(), *s, *d) == (level, seed, difficulty)
                    && !class.games.iter().any(|g| {
                        g.game.state.outcome.is_none()
                            && g.unfinished == Unfinished::InProgress
                            && same_group(&g.game.group, group)
                    })
            })
            .count();
    }
}

fn spawn(mut commands: Commands, p: Res<Palette>, settings: Res<Settings>, data: Res<GameData>) {
    draw(&mut commands, &p, &settings.dir, &data.0, None, false);
}

/// Draws the screen, with what the last press of Write gave, if anything, and whether that
/// page names Pyongyang's type (`named_type`: written with the second button).
fn draw(
    commands: &mut Commands,
    p: &Palette,
    saves: &Path,
    data: &DataSet,
    written: Option<&Result<Vec<PathBuf>, String>>,
    named_type: bool,
) {
    let reports = reports_dir(saves);
    let mut problems = Vec::new();
    let found = gather_reports(data, &reports, &mut problems);
    let copies = found
        .left_out
        .iter()
        .filter(|l| l.why == LeftOutWhy::Copy)
        .count();
    let mut classes = classes(found.games.into_iter().map(|(_, g)| g).collect());
    mark_playing_here(&mut classes, &playing_here(data, saves));
    let played_here = classes.iter().any(|c| c.playing_here > 0);
    let games: usize = classes.iter().map(|c| c.games.len()).sum();
    // A game ended early keeps its type off the page unless the teacher asks for it.
    let ended_early = classes.iter().flat_map(|c| &c.games).any(|g| {
        g.game.state.outcome.is_none()
            && matches!(g.unfinished, crate::report::Unfinished::EndedEarly { .. })
    });
    let page = match written {
        Some(Ok(files)) => files.first().cloned(),
        _ => None,
    };
    commands
        .spawn((
            screen_root(Screen::ClassPage),
            BackgroundColor(p.background),
            ClassPageRoot,
        ))
        .with_children(|root| {
            root.spawn(Node {
                height: Val::Percent(4.0),
                ..default()
            });
            root.spawn(label("The class's page", size::TITLE * 0.7, p.accent));
            root.spawn(label(
                format!(
                    "Every group's report in {}. Copy each machine's report folders (from its \
                     reports folder, or a USB stick) in here, then write one page of the whole \
                     class: every group's tension on one chart beside the real year, how each \
                     game went, and the turn where the groups' moves parted.",
                    reports.display()
                ),
                size::BODY,
                p.muted,
            ));
            let list = Node {
                flex_direction: FlexDirection::Column,
                row_gap: Val::Px(6.0),
                width: Val::Percent(88.0),
                flex_grow: 1.0,
                min_height: Val::Px(0.0),
                overflow: Overflow::scroll_y(),
                ..default()
            };
            root.spawn(list).with_children(|list| {
                if games == 0 {
                    list.spawn(label(
                        "No group's report here yet: export a report from a game's debrief, or \
                         copy the groups' report folders in.",
                        size::BODY,
                        p.text,
                    ));
                }
                let mut rows = 0;
                for class in &classes {
                    let sc = class.games[0].sc;
                    list.spawn(label(
                        format!(
                            "{} ({}): {}",
                            sc.def.title,
                            sc.def.years,
                            games_played(class.games.iter().map(|g| g.rewound.is_some()))
                        ),
                        size::HEADING * 0.8,
                        p.text,
                    ));
                    for (g, name) in class.games.iter().zip(&class.labels) {
                        rows += 1;
                        if rows > MOST_ROWS {
                            continue;
                        }
                        list.spawn(label(format!("{name}: {}", about(g)), size::BODY, p.text));
                    }
                }
                if rows > MOST_ROWS {
                    list.spawn(label(
                        format!("and {} more", rows - MOST_ROWS),
                        size::BODY,
                        p.muted,
                    ));
                }
                if copies > 0 {
                    list.spawn(label(
                        format!(
                            "{copies} copied or earlier report(s) of the same game counted once \
                             (the page names them)"
                        ),
                        size::SMALL,
                        p.muted,
                    ));
                }
                for problem in problems.iter().take(MOST_ROWS) {
                    list.spawn(label(
                        format!("Left out, it does not load: {problem}"),
                        size::SMALL,
                        p.bad,
                    ));
                }
                if problems.len() > MOST_ROWS {
                    list.spawn(label(
                        format!("and {} more that do not load", problems.len() - MOST_ROWS),
                        size::SMALL,
                        p.bad,
                    ));
                }
            });
            match written {
                Some(Ok(files)) => {
                    let beside: Vec<String> = files
                        .iter()
                        .skip(1)
                        .filter_map(|f| f.file_name())
                        .map(|n| n.to_string_lossy().into_owned())
                        .collect();
                    let page = files.first().map(|f| f.display().to_string());
                    root.spawn(label(
                        format!(
                            "Written: {} (with {} beside it){}. Open the page shows it in your \
                             browser, to project or print.",
                            page.unwrap_or_default(),
                            beside.join(", "),
                            // A page that names the type is not one to project while a group
                            // could still replay the code.
                            match (named_type, played_here) {
                                (true, false) => {
                                    ", naming Pyongyang's type where no game is in progress"
                                }
                                (true, true) => {
                                    ", naming Pyongyang's type where no game is in progress: \
                                     not for the class code whose game this computer is \
                                     playing now"
                                }
                                (false, _) => "",
                            }
                        ),
                        size::BODY,
                        p.good,
                    ));
                }
                Some(Err(e)) => {
                    root.spawn(label(
                        format!("Could not write the page: {e}"),
                        size::BODY,
                        p.bad,
                    ));
                }
                None => {}
            }
            root.spawn((OpenNote, label("", size::BODY, p.text)));
            let mut buttons = root.spawn(Node {
                column_gap: Val::Px(12.0),
                row_gap: Val::Px(8.0),
                flex_wrap: FlexWrap::Wrap,
                justify_content: JustifyContent::Center,
                max_width: Val::Percent(92.0),
                ..default()
            });
            buttons.with_children(|row| {
                // Once written, the page is what the teacher wants next: focus starts there.
                if let Some(page) = &page {
                    row.spawn((
                        button(p, "Open the page"),
                        ClassPageButton::Open(page.clone()),
                        AutoFocus,
                    ));
                }
                if games > 0 {
                    let mut b = row.spawn((
                        button(p, "Write the class's page"),
                        ClassPageButton::Write { reveal: false },
                    ));
                    if written.is_none() {
                        b.insert(AutoFocus);
                    }
                }
                if ended_early {
                    row.spawn((
                        button(p, "Write it naming the type (after class)"),
                        ClassPageButton::Write { reveal: true },
                    ));
                }
                row.spawn((
                    button(p, "Open the reports folder"),
                    ClassPageButton::OpenFolder(reports.clone()),
                ));
                row.spawn((button(p, "Look again"), ClassPageButton::LookAgain));
                let mut back = row.spawn((button(p, "Back"), ClassPageButton::Back));
                if games == 0 || matches!(written, Some(Err(_))) {
                    back.insert(AutoFocus);
                }
            });
            root.spawn(label(
                "Pyongyang's type is named on the page only once no group's game is still in \
                 progress (a group still playing could play on knowing it), and for a game \
                 ended with End now only when written naming the type: after class, once no \
                 group plays on.",
                size::SMALL,
                p.muted,
            ));
        });
}

/// "6 groups' games", "1 group's game and 2 what-ifs", for games that are what-ifs or not.
fn games_played(whatifs: impl Iterator<Item = bool>) -> String {
    let (mut played, mut rewound) = (0, 0);
    for w in whatifs {
        if w {
            rewound += 1;
        } else {
            played += 1;
        }
    }
    let played = match played {
        0 => None,
        1 => Some("1 group's game".to_string()),
        n => Some(format!("{n} groups' games")),
    };
    let rewound = match rewound {
        0 => None,
        1 => Some("1 what-if".to_string()),
        n => Some(format!("{n} what-ifs")),
    };
    [played, rewound]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" and ")
}

/// A game's row after its name (which says when it is a what-if): how it went and how far.
fn about(g: &ClassGame) -> String {
    let (how, score) = crate::report::how_it_went(g.sc, &g.game, g.unfinished);
    let mut parts = Vec::new();
    parts.push(match score {
        Some(score) => format!("{how}, score {score}"),
        None => how.to_string(),
    });
    parts.push(crate::game::saves::how_far(g.game.log.len()));
    parts.join(" · ")
}

#[allow(clippy::too_many_arguments)]
fn act(
    mut activated: MessageReader<Activated>,
    buttons: Query<&ClassPageButton>,
    keys: Res<ButtonInput<KeyCode>>,
    settings: Res<Settings>,
    data: Res<GameData>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
    roots: Query<Entity, With<ClassPageRoot>>,
    p: Res<Palette>,
    mut open: MessageWriter<OpenPage>,
) {
    // Back to Load game, where the screen is reached from.
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Load);
        return;
    }
    for Activated(e) in activated.read() {
        match buttons.get(*e) {
            Ok(ClassPageButton::Back) => next.set(Screen::Load),
            Ok(ClassPageButton::Open(page)) => {
                open.write(OpenPage(page.clone()));
            }
            Ok(ClassPageButton::OpenFolder(folder)) => {
                // A machine that exported nothing yet has no reports folder: made empty, for
                // the groups' folders to be copied into (a failure is the file manager's to
                // say, with the path).
                let _ = std::fs::create_dir_all(folder);
                open.write(OpenPage(folder.clone()));
            }
            Ok(ClassPageButton::LookAgain) => {
                for r in &roots {
                    commands.entity(r).despawn();
                }
                draw(&mut commands, &p, &settings.dir, &data.0, None, false);
            }
            Ok(ClassPageButton::Write { reveal }) => {
                let written = write_class_page(&data.0, &settings.dir, *reveal);
                for r in &roots {
                    commands.entity(r).despawn();
                }
                draw(
                    &mut commands,
                    &p,
                    &settings.dir,
                    &data.0,
                    Some(&written),
                    *reveal,
                );
            }
            Err(_) => {}
        }
    }
}

/// Says under the page's line whether the browser opened it, or where to find it by hand.
fn say_opened(mut opened: MessageReader<PageOpened>, mut note: Query<&mut Text, With<OpenNote>>) {
    for done in opened.read() {
        for mut t in &mut note {
            t.0 = crate::ui::theme::plain(&done.said());
        }
    }
}
