//! `peninsula class-report PATH... --out DIR`: a class's games on one page. The teacher copies
//! every group's exported report folder (or its log) into one place after class; this reads
//! each game's log as `report` does, leaves out copies and earlier exports of the same game
//! (`report::class_folder`), and writes the class page (`report::class`): the groups' lines on
//! one chart, how each game went beside the real year, and where the groups' moves parted. A
//! file that does not load is named and left out; the others still make the page.

use crate::report::class::{classes, write};
use crate::report::class_folder::{LeftOutWhy, gather};
use crate::rules::DataSet;
use std::path::{Path, PathBuf};

pub fn class_report_command(data: &DataSet, paths: &[PathBuf], out: &Path, reveal: bool) -> i32 {
    for p in paths {
        if !p.exists() {
            eprintln!("error: {}: no such file or folder", p.display());
            return 2;
        }
    }
    let found = gather(
        paths,
        |f, source| super::whatif::load_class_game(data, f, source),
        |left| match left.why {
            LeftOutWhy::DoesNotLoad => {
                eprintln!("note: left out {} (the problem above)", left.note)
            }
            LeftOutWhy::Copy => eprintln!("note: left out {}", left.note),
        },
    );
    for folder in &found.unreadable {
        eprintln!("warning: {}: the folder cannot be read", folder.display());
    }
    for archive in &found.archives {
        eprintln!(
            "note: left out {}: the games of earlier classes that `peninsula saves --clear` moved aside (name that folder to read it)",
            archive.display()
        );
    }
    if found.other_files > 0 {
        eprintln!(
            "note: {} other .ron file(s) in the folders not read: a folder is searched for the game.ron each exported report holds (name a log or a save itself to read it)",
            found.other_files
        );
    }
    if found.files == 0 {
        eprintln!(
            "error: no game's log found (a folder is searched for the game.ron each exported report holds)"
        );
        return 2;
    }
    let left_out = found.notes();
    let files = found.files;
    let kept = found.games;
    if kept.is_empty() {
        eprintln!("error: none of the {files} file(s) loads as a game's log");
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
