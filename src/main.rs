//! The `peninsula` program: the desktop game when run with no command, or one of the headless
//! commands (`levels`, `validate`, `play`, `sim`).
#![forbid(unsafe_code)]

use clap::CommandFactory;
use clap::error::ErrorKind;
use peninsula::cli::{self, Cli};

fn main() {
    // Output piped into a program that stops reading (`peninsula validate | head`) ends the
    // program quietly, as it does for other command-line tools, instead of with a panic, and
    // with the status a Unix tool killed by the closed pipe has (141), never 0: a script that
    // cut the output short must not read it as a clean `validate`. Output that cannot be
    // written at all (a full disk, `> /dev/full`) is one line and exit code 74, as sysexits.h
    // has it for an input/output error.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        // Linux says "Broken pipe"; Windows "The pipe is being closed" (os error 232) or "Pipe
        // not connected" (233), as Wine does too.
        let pipe_closed = [
            "Broken pipe",
            "os error 109)",
            "os error 232)",
            "os error 233)",
        ];
        let printing = ["failed printing to stdout", "failed printing to stderr"];
        if printing.iter().any(|p| text.starts_with(p)) {
            if pipe_closed.iter().any(|p| text.contains(p)) {
                std::process::exit(141);
            }
            // Said on stderr when that still takes it (stdout is the one that failed, mostly).
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "error: the output could not be written ({text})"
            );
            std::process::exit(74);
        }
        // No display to open the window on (no X session, or DISPLAY names one that is not
        // there): one plain line, not a panic with a backtrace.
        if text.contains("Failed to build event loop") {
            let display = std::env::var("DISPLAY").unwrap_or_default();
            let why = if text.contains("XOpenDisplayFailed") {
                format!("no X server answers at DISPLAY={display}")
            } else {
                format!("{text}; DISPLAY={display}")
            };
            eprintln!(
                "error: no display to open the game's window on ({why}); the command-line tools \
                 work without one (peninsula --help)"
            );
            std::process::exit(2);
        }
        default_hook(info);
    }));
    let args = match Cli::try_parse_args(std::env::args_os()) {
        Ok(args) => args,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            e.exit()
        }
        Err(e) => {
            // A bad command line is one line on stderr, naming what is wrong, and exit code 2.
            let text = e.to_string();
            let lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
                .filter(|l| !l.is_empty())
                // Clap's tip for a value that looks like a flag (`-- -1`) does not help here:
                // no option takes a negative number, as the hint below says.
                .filter(|l| !l.starts_with("tip:"))
                .collect();
            // `--seed -1` reads to clap as an unknown flag `-1`: say what the value must be.
            // `args_os`: an argument that is not UTF-8 (a file name in another encoding) is
            // what clap refused, and `args` would panic on it.
            let given: Vec<String> = std::env::args_os()
                .skip(1)
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            let negative = given
                .iter()
                .any(|a| a.len() > 1 && a.starts_with('-') && a[1..].parse::<f64>().is_ok());
            let hint = if negative {
                "; seeds, turns and counts are whole numbers, 0 or more"
            } else if e.kind() == ErrorKind::MissingRequiredArgument && text.contains("--moves") {
                // `play` needs something to choose the player's moves.
                "; e.g. `--moves historical` (the real moves), `--moves balanced` (a policy) or \
                 `--moves FILE` (a game's log)"
            } else {
                ""
            };
            // The help that explains the command's options: the subcommand's own, when one
            // was given.
            let command = Cli::command();
            let sub = given.iter().find(|a| {
                command
                    .get_subcommands()
                    .any(|c| c.get_name() == a.as_str())
            });
            let help = match sub {
                Some(sub) => format!("peninsula {sub} --help"),
                None => "peninsula --help".to_string(),
            };
            eprintln!("{}{hint} (see `{help}`)", lines.join(" "));
            std::process::exit(2);
        }
    };
    let code = match &args.command {
        Some(command) => cli::run(&args, command),
        None => peninsula::ui::run_desktop(&args),
    };
    std::process::exit(code);
}
