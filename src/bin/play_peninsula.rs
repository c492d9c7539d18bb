//! `Play Peninsula.exe`, the Windows folder's launcher (`.ci/windows`): a double-click opens the
//! game's window and nothing else. Windows gives a command-line program started from Explorer a
//! console window of its own, which a student may close (taking the game with it) and which
//! fills with the engine's log lines; `peninsula.exe` is such a program, since the same program
//! runs the teacher's commands in a Command Prompt. This one is a windowed program that starts
//! `peninsula.exe` beside it with no console, passes on its arguments (a class code, say) and
//! ends with its exit code.
#![forbid(unsafe_code)]
#![cfg_attr(windows, windows_subsystem = "windows")]

#[cfg(windows)]
fn main() {
    use std::os::windows::process::CommandExt;
    /// `CREATE_NO_WINDOW` (winbase.h): a console program run without a console window.
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    let game = std::env::current_exe()
        .ok()
        .and_then(|me| me.parent().map(|dir| dir.join("peninsula.exe")))
        .unwrap_or_else(|| "peninsula.exe".into());
    let code = std::process::Command::new(game)
        .args(std::env::args_os().skip(1))
        .creation_flags(CREATE_NO_WINDOW)
        .status()
        .map_or(1, |status| status.code().unwrap_or(1));
    std::process::exit(code);
}

#[cfg(not(windows))]
fn main() {
    eprintln!("play_peninsula is the Windows launcher; elsewhere, run `peninsula`");
    std::process::exit(2);
}
