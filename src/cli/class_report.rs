//! `peninsula class-report PATH... --out DIR`: a class's games on one page. The teacher copies
//! every group's exported report folder (or its log) into one place after class; this reads
//! each game's log, leaves out copies and earlier exports of the same game, and writes the class
//! page (`report::class`): the groups' lines on one chart, how each game went beside the real
//! year, and where the groups' moves parted. A file that does not load is named and left out;
//! the others still make the page.

use crate::report::class::{ClassGame, classes, described, write};
use crate::rules::DataSet;
use std::path::{Path, PathBuf};

/// The files a path stands for: itself, or for a folder every `game.ron` under it (each
/// exported report holds one), in path order; `other` counts the other `.ron` files found in
/// the folders, which are not read.
fn logs_under(path: &Path, found: &mut Vec<PathBuf>, other: &mut usize) {
    if !path.is_dir() {
        found.push(path.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        eprintln!("warning: {}: the folder cannot be read", path.display());
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            logs_under(&e, found, other);
        } else if e.file_name().is_some_and(|n| n == "game.ron") {
            found.push(e);
        } else if e.extension().is_some_and(|x| x == "ron") {
            *other += 1;
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

pub fn class_report_command(data: &DataSet, paths: &[PathBuf], out: &Path, reveal: bool) -> i32 {
    let mut files = Vec::new();
    let mut other = 0;
    for p in paths {
        if !p.exists() {
            eprintln!("error: {}: no such file or folder", p.display());
            return 2;
        }
        logs_under(p, &mut files, &mut other);
    }
    if other > 0 {
        eprintln!(
            "note: {other} other .ron file(s) in the folders not read: a folder is searched for the game.ron each exported report holds (name a log or a save itself to read it)"
        );
    }
    if files.is_empty() {
        eprintln!(
            "error: no game's log found (a folder is searched for the game.ron each exported report holds)"
        );
        return 2;
    }
    let mut left_out: Vec<String> = Vec::new();
    let mut games: Vec<(PathBuf, ClassGame)> = Vec::new();
    for f in &files {
        match super::whatif::load_class_game(data, f, source_name(f)) {
            Some(g) => games.push((f.clone(), g)),
            None => {
                let note = format!("{}: it does not load as a game's log", f.display());
                eprintln!("note: left out {note} (the problem above)");
                left_out.push(note);
            }
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
            eprintln!("note: left out {note}");
            left_out.push(note);
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
            eprintln!("note: left out {note}");
            left_out.push(note);
        }
        kept.push((path, g));
    }
    if kept.is_empty() {
        eprintln!(
            "error: none of the {} file(s) loads as a game's log",
            files.len()
        );
        return 1;
    }
    let classes = classes(kept.into_iter().map(|(_, g)| g).collect());
    match write(out, &classes, reveal, &left_out) {
        Ok(paths) => {
            for p in paths {
                println!("{}", p.display());
            }
            if classes.len() > 1 {
                eprintln!(
                    "note: the games are of {} different class games (levels, or dice: one class code deals one); the page gives each its own part",
                    classes.len()
                );
            }
            let playing = |c: &crate::report::class::Class| {
                c.games.iter().any(|g| {
                    g.game.state.outcome.is_none()
                        && g.unfinished == crate::report::Unfinished::InProgress
                })
            };
            if reveal && classes.iter().any(playing) {
                eprintln!(
                    "note: --reveal names no type where a game is still in progress (it could be played on knowing it); the page says which"
                );
            }
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}
