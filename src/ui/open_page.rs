//! Opens a page the game wrote (a game's report, the class's page) in the computer's own browser,
//! or a folder (the class's reports) in its file manager, without holding up a frame: a screen
//! sends `OpenPage` with the file, the launcher runs on Bevy's I/O task pool, and `PageOpened`
//! comes back with the file and what happened, for the screen to say. The launcher is a resource
//! (`Browser`), so the headless tests put one in that records the file instead of starting a
//! browser, and one that fails.
//!
//! The desktop's launcher is the `open` crate's `that_detached`: xdg-open and its fallbacks on
//! Linux (it waits a quarter of a second for the launcher to fail, and counts one still running
//! after that as opened), the shell's ShellExecuteW on Windows, `open` on a Mac. It is handed the
//! page's absolute path: a save folder given as a relative one (`./saves`) would otherwise be
//! looked for from wherever the launcher starts.

use bevy::prelude::*;
use bevy::tasks::futures::check_ready;
use bevy::tasks::{IoTaskPool, Task};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Hands a file to the computer's browser: `Ok` once it is on its way, or why not.
#[derive(Resource, Clone)]
pub struct Browser(pub Arc<dyn Fn(&Path) -> Result<(), String> + Send + Sync>);

impl Default for Browser {
    /// The computer's own browser.
    fn default() -> Self {
        Browser(Arc::new(|path: &Path| {
            let page = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            open::that_detached(page).map_err(|e| e.to_string())
        }))
    }
}

/// Open this file in the browser.
#[derive(Message, Debug, Clone)]
pub struct OpenPage(pub PathBuf);

/// What became of an `OpenPage`: the file, and `Err` with why the browser did not start.
#[derive(Message, Debug, Clone)]
pub struct PageOpened {
    pub path: PathBuf,
    pub result: Result<(), String>,
}

impl PageOpened {
    /// The line a screen shows for it: where the page is either way, since a browser that
    /// did not start leaves the teacher to open it by hand.
    pub fn said(&self) -> String {
        // A folder goes to the file manager, which the line names instead.
        let folder = self.path.is_dir();
        match (&self.result, folder) {
            (Ok(()), false) => format!("Opened in your browser: {}", self.path.display()),
            (Err(why), false) => format!(
                "No browser could be started ({why}). Open the page from your file manager: {}",
                self.path.display()
            ),
            (Ok(()), true) => format!("Opened in your file manager: {}", self.path.display()),
            (Err(why), true) => format!(
                "No file manager could be started ({why}). The folder is {}",
                self.path.display()
            ),
        }
    }
}

/// The launches on their way.
#[derive(Resource, Default)]
struct Launching(Vec<(PathBuf, Task<Result<(), String>>)>);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Browser>()
        .init_resource::<Launching>()
        .add_message::<OpenPage>()
        .add_message::<PageOpened>()
        .add_systems(Update, (launch, report).chain());
}

fn launch(
    mut asked: MessageReader<OpenPage>,
    browser: Res<Browser>,
    mut on_way: ResMut<Launching>,
) {
    for OpenPage(path) in asked.read() {
        let open = browser.0.clone();
        let file = path.clone();
        let task = IoTaskPool::get().spawn(async move { open(&file) });
        on_way.0.push((path.clone(), task));
    }
}

fn report(mut on_way: ResMut<Launching>, mut done: MessageWriter<PageOpened>) {
    on_way.0.retain_mut(|(path, task)| match check_ready(task) {
        Some(result) => {
            done.write(PageOpened {
                path: path.clone(),
                result,
            });
            false
        }
        None => true,
    });
}
