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
}
