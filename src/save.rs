//! Writing files so that nothing is lost: a temporary file beside the target, flushed to disk,
//! then renamed over it. A crash mid-write leaves the old file whole.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The game's folder in the platform's place for a program's data: `~/.local/share/peninsula`
/// on Linux, `%APPDATA%\Peninsula\peninsula\data` on Windows. Saves, settings and reports go
/// there, and mods in its `mods` folder; None on a machine with no home folder.
pub fn platform_data_folder() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Peninsula", "peninsula")
        .map(|d| d.data_dir().to_path_buf())
}

/// How the game writes its RON files (logs, saves, the profile): pretty, with `\n` line ends on
/// every platform (ron's own default is `\r\n` on Windows), so a game's log written on a
/// Windows PC is the same bytes as the one a Linux machine writes (`.ci/windows` checks it).
pub fn ron_style() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::default().new_line("\n")
}

pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return written;
    }
    // Make the rename itself durable (best effort: not every platform can open a folder).
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes every file of `files` (name, bytes) into `dir`, all or none: each is first written
/// beside its target and flushed, then each target is set aside and the new file put in its
/// place; if anything fails (a full disk, a file that cannot be replaced), the files already
/// put in place are taken back and the old ones restored, so that a folder of files that
/// belong together (a report's page, handout, chart, spreadsheet and log) never holds some of
/// one export and some of another. The error names the file that failed and says so.
pub fn write_all_or_none(dir: &Path, files: &[(&str, &[u8])]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let pid = std::process::id();
    let staged: Vec<PathBuf> = files
        .iter()
        .map(|(name, _)| dir.join(format!(".{name}.tmp{pid}")))
        .collect();
    let kept: Vec<PathBuf> = files
        .iter()
        .map(|(name, _)| dir.join(format!(".{name}.old{pid}")))
        .collect();
    let unchanged = |what: String| format!("{what}; nothing in {} was changed", dir.display());
    for (i, (name, bytes)) in files.iter().enumerate() {
        let written = (|| {
            let mut f = std::fs::File::create(&staged[i])?;
            f.write_all(bytes)?;
            f.sync_all()
        })();
        if let Err(e) = written {
            for tmp in &staged[..=i] {
                let _ = std::fs::remove_file(tmp);
            }
            return Err(unchanged(format!(
                "cannot write {}: {e}",
                dir.join(name).display()
            )));
        }
    }
    // Which targets were set aside (they existed) and which were put in place, for the undo.
    let mut set_aside = vec![false; files.len()];
    let mut placed = 0;
    let mut failure = None;
    for (i, (name, _)) in files.iter().enumerate() {
        let target = dir.join(name);
        if target.is_dir() {
            failure = Some(format!(
                "cannot write {}: a folder has that name",
                target.display()
            ));
            break;
        }
        if target.exists() {
            if let Err(e) = std::fs::rename(&target, &kept[i]) {
                failure = Some(format!("cannot replace {}: {e}", target.display()));
                break;
            }
            set_aside[i] = true;
        }
        if let Err(e) = std::fs::rename(&staged[i], &target) {
            failure = Some(format!("cannot write {}: {e}", target.display()));
            // This target is set aside but nothing took its place: bring it back below.
            placed = i;
            if set_aside[i] {
                let _ = std::fs::rename(&kept[i], &target);
                set_aside[i] = false;
            }
            break;
        }
        placed = i + 1;
    }
    if let Some(failure) = failure {
        for i in (0..placed).rev() {
            let target = dir.join(files[i].0);
            if set_aside[i] {
                let _ = std::fs::rename(&kept[i], &target);
            } else {
                let _ = std::fs::remove_file(&target);
            }
        }
        for tmp in &staged {
            let _ = std::fs::remove_file(tmp);
        }
        return Err(unchanged(failure));
    }
    for (old, aside) in kept.iter().zip(set_aside) {
        if aside {
            let _ = std::fs::remove_file(old);
        }
    }
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_whole_and_leaves_no_temp() {
        let dir = std::env::temp_dir().join(format!("peninsula-save-test-{}", std::process::id()));
        let path = dir.join("slot.ron");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_set_of_files_is_written_whole_or_not_at_all() {
        let dir = std::env::temp_dir().join(format!("peninsula-set-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        write_all_or_none(&dir, &[("a.txt", b"one"), ("b.txt", b"one")]).unwrap();
        // The second file cannot be replaced (a folder stands where it would go): the first
        // keeps its old contents, and no temporary or set-aside file is left.
        std::fs::create_dir_all(dir.join("c.txt")).unwrap();
        let err = write_all_or_none(
            &dir,
            &[("a.txt", b"two"), ("b.txt", b"two"), ("c.txt", b"two")],
        )
        .unwrap_err();
        assert!(err.contains("c.txt") && err.contains("nothing in"), "{err}");
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "one");
        assert_eq!(std::fs::read_to_string(dir.join("b.txt")).unwrap(), "one");
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
        std::fs::remove_dir_all(dir.join("c.txt")).unwrap();
        write_all_or_none(&dir, &[("a.txt", b"three"), ("c.txt", b"three")]).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "three");
        assert_eq!(std::fs::read_to_string(dir.join("c.txt")).unwrap(), "three");
        let _ = std::fs::remove_dir_all(dir);
    }
}
