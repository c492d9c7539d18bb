//! Shared helpers for the integration tests: the shipped data, loaded once per test binary, and
//! a scratch copy of it that a test may break.
#![allow(dead_code)]

use peninsula::rules::{DataSet, LevelEntry, Scenario, load_data};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn root() -> PathBuf {
    // Cargo sets the checkout's folder when it runs a test, so a test binary reused from a build
    // in another clone (CI keeps one target folder for every clone) still reads this checkout.
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

pub fn data() -> &'static DataSet {
    static DATA: OnceLock<DataSet> = OnceLock::new();
    DATA.get_or_init(|| match load_data(&root()) {
        Ok(d) => d,
        Err(e) => panic!("the shipped rules must load:\n{e}"),
    })
}

pub fn scenario(id: &str) -> &'static Scenario {
    level_in(data(), id)
}

/// Level `id` of `data` (the shipped data, or a test's altered copy of it), which must load.
pub fn level_in<'a>(data: &'a DataSet, id: &str) -> &'a Scenario {
    match data.level(id) {
        Some(LevelEntry::Ready(s)) => s,
        Some(LevelEntry::Broken { problems, .. }) => panic!("level {id} is broken:\n{problems}"),
        None => panic!("no level {id}"),
    }
}

pub const HISTORICAL_LEVELS: [&str; 4] = [
    "2013_third_test",
    "2017_fire_and_fury",
    "2018_the_thaw",
    "2022_seventh_test",
];

/// A temporary folder of one test's own, removed again when the test ends (passing or
/// failing), so runs do not fill the machine's temporary folder. `name` keeps tests apart and
/// the process id keeps runs apart; a folder an interrupted run left behind is emptied first.
/// It reads as a `Path` (`dir.join(..)`, `&dir`).
pub struct Scratch(PathBuf);

impl Scratch {
    fn at(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("peninsula-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        Scratch(dir)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for Scratch {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An empty scratch folder (see `Scratch`).
pub fn scratch_dir(name: &str) -> Scratch {
    let dir = Scratch::at(name);
    std::fs::create_dir_all(&dir.0).unwrap();
    dir
}

/// A fresh copy of assets/ and levels/ in a scratch folder, for tests that break files.
pub fn scratch_copy(name: &str) -> Scratch {
    let dir = Scratch::at(name);
    copy_dir(&root().join("assets"), &dir.join("assets"));
    copy_dir(&root().join("levels"), &dir.join("levels"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

/// Replaces the first occurrence of `from` in a file, failing loudly if it is not there.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The built `peninsula` binary, to be started in `dir`.
pub fn peninsula_in(dir: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_peninsula"));
    command
        .current_dir(dir)
        // The tests never see the machine's own mods.
        .env("PENINSULA_MODS_DIR", root().join("target/no-mods-here"))
        // ... nor its own profile (which may turn mods off).
        .env("PENINSULA_SAVE_DIR", root().join("target/no-saves-here"));
    command
}

/// Runs `command`; returns (exit code, stdout, stderr).
pub fn output_of(command: &mut std::process::Command) -> (i32, String, String) {
    decoded(command.output().expect("the peninsula binary runs"))
}

/// A finished run's (exit code, stdout, stderr).
fn decoded(out: std::process::Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs the built `peninsula` binary in the repository with `args`, typing `typed` at it (then
/// the end of input); returns (exit code, stdout, stderr).
pub fn run_typing(args: &[&str], typed: &str) -> (i32, String, String) {
    run_typing_bytes(args, typed.as_bytes())
}

/// `run_typing`, typing bytes that need not be text.
pub fn run_typing_bytes(args: &[&str], typed: &[u8]) -> (i32, String, String) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = peninsula_in(&root())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the peninsula binary runs");
    let mut stdin = child.stdin.take().expect("its input");
    stdin.write_all(typed).expect("typed");
    drop(stdin);
    decoded(child.wait_with_output().expect("it ends"))
}

/// Runs the built `peninsula` binary in the repository; returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    output_of(peninsula_in(&root()).args(args))
}
