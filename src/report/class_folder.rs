//! The games a class's page is made from: every `game.ron` under the folders a teacher names
//! (each exported report holds one), or the logs named directly, each read by the caller's
//! loader (`peninsula class-report` reads a log as `report` does; the desktop's class page
//! replays it as *Load game* does). A copied folder, or a report exported mid-game and again at
//! the end, counts once; a file that does not load is named and left out. The page itself is
//! `report::class`.

use super::class::{ClassGame, described};
use std::path::{Path, PathBuf};

/// Why a file was left out of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftOutWhy {
    /// It does not load as a game's log (the loader said why).
    DoesNotLoad,
    /// The same game as another file, or an earlier export of it.
    Copy,
}

/// A file left out of the page, and the note the page (and the command) gives for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub note: String,
    pub why: LeftOutWhy,
}

/// What was found under the paths given.
pub struct Gathered<'d> {
    /// The games kept, each with the file it was read from.
    pub games: Vec<(PathBuf, ClassGame<'d>)>,
    /// The files left out, in the order they were met.
    pub left_out: Vec<LeftOut>,
    /// How many files were read in all (kept and left out).
    pub files: usize,
    /// The other `.ron` files in the folders, which are not read (a folder is searched for the
    /// `game.ron` each exported report holds).
    pub other_files: usize,
    /// Folders that could not be read.
    pub unreadable: Vec<PathBuf>,
    /// The `cleared/` folders met inside the paths, not read: there `peninsula saves --clear`
    /// put the games and reports of earlier classes (a folder named itself is read).
    pub archives: Vec<PathBuf>,
}

impl Gathered<'_> {
    /// The notes of every file left out, as the page lists them.
    pub fn notes(&self) -> Vec<String> {
        self.left_out.iter().map(|l| l.note.clone()).collect()
    }
}

/// Reads every game under `paths` with `load` (the file, and the name the page gives a game
/// with neither a group's nor a computer's name; None when it does not load, the loader having
/// said why), and leaves out copies and earlier exports for the longest copy of each game.
/// `noted` hears of each file left out as it is left out.
pub fn gather<'d>(
    paths: &[PathBuf],
    mut load: impl FnMut(&Path, String) -> Option<ClassGame<'d>>,
    mut noted: impl FnMut(&LeftOut),
) -> Gathered<'d> {
    let mut files = Vec::new();
    let mut other_files = 0;
    let mut unreadable = Vec::new();
    let mut archives = Vec::new();
    for p in paths {
        let mut found = Found {
            files: &mut files,
            other: &mut other_files,
            bad: &mut unreadable,
            archives: &mut archives,
        };
        logs_under(p, &mut found);
    }
    let mut left_out: Vec<LeftOut> = Vec::new();
    let mut leave_out = |note: String, why: LeftOutWhy| {
        let l = LeftOut { note, why };
        noted(&l);
        left_out.push(l);
    };
    let mut games: Vec<(PathBuf, ClassGame)> = Vec::new();
    for f in &files {
        match load(f, source_name(f)) {
            Some(g) => games.push((f.clone(), g)),
            None => leave_out(
                format!("{}: it does not load as a game's log", f.display()),
                LeftOutWhy::DoesNotLoad,
            ),
        }
    }
    // A game read twice (a copied folder) or exported earlier in its play is left out for
    // the longest copy of it.
    let mut kept: Vec<(PathBuf, ClassGame)> = Vec::new();
    for (path, g) in games {
        if let Some((other, _)) = kept.iter().find(|(_, k)| earlier_or_same(&g, k)) {
            let note = format!(
                "{}: {}, the same game as in {} or an earlier export of it",
                path.display(),
                described(&g),
                other.display()
            );
            leave_out(note, LeftOutWhy::Copy);
            continue;
        }
        if let Some(i) = kept.iter().position(|(_, k)| earlier_or_same(k, &g)) {
            let (old, k) = kept.remove(i);
            let note = format!(
                "{}: {}, an earlier export of the game in {}",
                old.display(),
                described(&k),
                path.display()
            );
            leave_out(note, LeftOutWhy::Copy);
        }
        kept.push((path, g));
    }
    Gathered {
        games: kept,
        left_out,
        files: files.len(),
        other_files,
        unreadable,
        archives,
    }
}

/// How many games' logs (`game.ron`, one in each exported report) lie under `folder`: 0 for
/// none, or no such folder. What `peninsula saves` tells a teacher is in `reports/`.
pub fn logs_in(folder: &Path) -> usize {
    if !folder.is_dir() {
        return 0;
    }
    let (mut files, mut other, mut bad, mut archives) = (Vec::new(), 0, Vec::new(), Vec::new());
    logs_under(
        folder,
        &mut Found {
            files: &mut files,
            other: &mut other,
            bad: &mut bad,
            archives: &mut archives,
        },
    );
    files.len()
}

/// What a walk of the folders finds (see `Gathered`).
struct Found<'a> {
    files: &'a mut Vec<PathBuf>,
    other: &'a mut usize,
    bad: &'a mut Vec<PathBuf>,
    archives: &'a mut Vec<PathBuf>,
}

/// The files a path stands for: itself, or for a folder every `game.ron` under it (each
/// exported report holds one), in path order; `other` counts the other `.ron` files found in
/// the folders, which are not read. A `cleared/` folder inside is an archive of earlier classes
/// (`peninsula saves --clear`), kept out of this class's page: noted, not read.
fn logs_under(path: &Path, found: &mut Found) {
    if !path.is_dir() {
        found.files.push(path.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        found.bad.push(path.to_path_buf());
        return;
    };
    // A link to a folder is not followed (a link back up would never end); a link to a file
    // is read as the file.
    let mut entries: Vec<(PathBuf, bool)> = entries
        .filter_map(|e| e.ok())
        .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
        .collect();
    entries.sort();
    for (e, folder) in entries {
        if folder && e.file_name().is_some_and(|n| n == "cleared") {
            found.archives.push(e);
        } else if folder {
            logs_under(&e, found);
        } else if e.is_dir() {
            continue;
        } else if e.file_name().is_some_and(|n| n == "game.ron") {
            found.files.push(e);
        } else if e.extension().is_some_and(|x| x == "ron") {
            *found.other += 1;
        }
    }
}

/// How a file is named on the page when its game has neither a group's nor a computer's name:
/// a report's `game.ron` by its folder, any other file by its name.
fn source_name(path: &Path) -> String {
    let named = if path.file_name().is_some_and(|n| n == "game.ron") {
        path.parent().and_then(Path::file_name)
    } else {
        path.file_stem()
    };
    named
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Whether `a` is `b`, or a part of it: the same game of the same group (level, dice, options,
/// names), its moves the start of `b`'s. Games with no name are never taken for one another:
/// two groups can make the same moves.
fn earlier_or_same(a: &ClassGame, b: &ClassGame) -> bool {
    let (ga, gb) = (&a.game, &b.game);
    let named = ga.group.is_some() || ga.computer.is_some();
    named
        && a.sc.id() == b.sc.id()
        && a.class_code == b.class_code
        && ga.state.seed == gb.state.seed
        && ga.state.difficulty == gb.state.difficulty
        && ga.group == gb.group
        && ga.computer == gb.computer
        && a.rewound.as_ref().map(|r| r.turn) == b.rewound.as_ref().map(|r| r.turn)
        && ga.log.len() <= gb.log.len()
        && ga
            .log
            .iter()
            .zip(&gb.log)
            .all(|(x, y)| x.requested == y.requested)
        && ga.injects.len() <= gb.injects.len()
}
