//! The `peninsula` program: the desktop game when run with no command, or one of the headless
//! commands (`levels`, `validate`, `play`, `sim`).
#![forbid(unsafe_code)]

use clap::Parser;
use peninsula::cli::{self, Cli};

fn main() {
    let args = Cli::parse();
    let code = match &args.command {
        Some(command) => cli::run(&args, command),
        None => peninsula::ui::run_desktop(&args),
    };
    std::process::exit(code);
}
