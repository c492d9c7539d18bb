//! The turn screen, one file per concern, each with its own plugin:
//!
//! - `layout`: the frame (top bar, three columns) and the named sizes every part shares;
//! - `gauge`: the tension gauge on the escalation ladder and its itemised ledger;
//! - `hover_popup`: a panel that shows more while hovered or focused (the ledger, the objectives);
//! - `actors`: the actors' panels, the intelligence estimate and the shared facts;
//! - `meaning`: what a figure, a fact or the gauge's rung means, beside it on hover;
//! - `cards`: the action cards grouped by family, and picking one;
//! - `detail`: the chosen card's details and the advisors' views;
//! - `forecast`: each move's odds, computed on the task pool, shown in the detail panel;
//! - `news`: the news feed of the last turns;
//! - `objectives`: how the level is won and lost, and how far the game stands from each win;
//! - `resolution`: End turn, the answers arriving one by one with their "why", Continue;
//! - `menu`: the in-game menu, a sub-state of the dashboard;
//! - `facilitator`: a teacher's controls in that menu (undo, reveal the type, end now);
//! - `teams`: advisor teams in hot seat (the pass screen and the disagreement screen).
//!
//! The screen is built once per turn (on entering `TurnPhase::Decide`); parts of it are
//! repainted only when the selection, focus, hover or phase changes.

mod actors;
mod cards;
mod detail;
pub mod facilitator;
pub mod forecast;
mod gauge;
mod hover_popup;
mod layout;
pub mod meaning;
mod menu;
pub use menu::ReopenMenu;
mod news;
pub mod objectives;
mod resolution;
pub mod teams;

pub use cards::{CARD_KEYS, Card, DOUBLE_CLICK, key_order};
pub use layout::NOTICE_SECONDS;
pub use menu::Overlay;
pub use resolution::{EndTurnButton, REVEAL_INTERVAL, Reveal};

use super::{Screen, TurnPhase};
use crate::game::{ActiveGame, ActiveScenario};
use crate::ui::Notice;
use bevy::prelude::*;

/// The card the player picked this turn.
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq)]
pub struct Selected(pub Option<u16>);

/// The pick kept while the player visits Settings or Load from the menu: the game it was made
/// in (its seed and turns played) and the card. It is the pick again on the way back to the
/// same turn of the same game.
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq)]
pub(super) struct KeptPick(Option<(u64, usize, u16)>);

impl KeptPick {
    /// Keeps the pick of `game`'s current turn (none in a team game, whose seats pick in turn).
    pub(super) fn keep(&mut self, game: &crate::sim::Game, selected: Selected) {
        self.0 = selected
            .0
            .filter(|_| game.teams.is_none())
            .map(|a| (game.state.seed, game.log.len(), a));
    }
}

/// Ask the dashboard to end the turn with a move (the End turn button, Enter, the tour).
#[derive(Message, Clone, Copy)]
pub struct EndTurn(pub u16);

/// Ask the dashboard to leave the report (Continue, Enter, the tour).
#[derive(Message, Clone, Copy)]
pub struct ContinueFromReport;

/// Builds the screen for a new turn.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Build;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Selected>()
        .init_resource::<KeptPick>()
        .add_message::<EndTurn>()
        .add_message::<ContinueFromReport>()
        .add_systems(
            OnEnter(TurnPhase::Decide),
            (clear_selection, finished_games_go_to_debrief)
                .chain()
                .before(Build),
        )
        .add_systems(OnEnter(Screen::Dashboard), autosave_a_new_game)
        .add_plugins((
            layout::plugin,
            gauge::plugin,
            actors::plugin,
            meaning::plugin,
            cards::plugin,
            detail::plugin,
            facilitator::plugin,
            forecast::plugin,
            news::plugin,
            objectives::plugin,
            resolution::plugin,
            menu::plugin,
            teams::plugin,
        ));
}

pub(super) fn clear_selection(
    mut selected: ResMut<Selected>,
    mut notice: ResMut<Notice>,
    mut kept: ResMut<KeptPick>,
    game: Option<Res<crate::game::ActiveGame>>,
) {
    // Back from Settings or Load to the same turn of the same game: the pick stands.
    let back = kept.0.take().filter(|(seed, played, _)| {
        game.as_ref()
            .is_some_and(|g| g.0.state.seed == *seed && g.0.log.len() == *played)
    });
    selected.0 = back.map(|(_, _, a)| a);
    notice.0 = None;
}

/// The autosave of the game on the dashboard, and the slot it goes in: campaign play and the
/// class code count only when the chosen level is the one being played. A what-if played on
/// from a rewind on the debrief goes to a slot of its own, with the game before the rewind in
/// it: the level's autosave keeps the game the group played (ended, if the facilitator ended
/// it), and Load brings the what-if back with its first run.
fn autosave_of(
    sc: &crate::rules::Scenario,
    game: &crate::sim::Game,
    chosen: Option<&super::ChosenLevel>,
    rewound: Option<&super::debrief::rewind::Rewound>,
) -> (String, crate::game::saves::SaveFile) {
    use crate::game::saves::{RewoundSave, SaveFile, autosave_slot, whatif_autosave_slot};
    let chosen = chosen.filter(|c| c.scenario.id() == sc.id());
    let campaign = chosen.is_some_and(|c| c.campaign);
    let class = chosen.and_then(|c| c.class_code.as_ref());
    let mut save = SaveFile::of(sc, game, campaign).with_class(class);
    let rewound =
        rewound.filter(|r| r.level == sc.id() && r.original.state.seed == game.state.seed);
    let Some(r) = rewound else {
        return (autosave_slot(sc.id()), save);
    };
    // A what-if of a game ended early ends on the same turn: saved as ended, it loads into
    // its debrief.
    save.ended = super::debrief::rewind::Rewound::ended_here(Some(r), sc.id(), game);
    // The game before the rewind reached the debrief: over, or ended with End now.
    let mut original = SaveFile::of(sc, &r.original, false).with_class(class);
    original.ended = r.original.state.outcome.is_none();
    save.campaign = false;
    save.rewound = Some(RewoundSave {
        turn: r.turn,
        original: Box::new(original),
    });
    (whatif_autosave_slot(sc.id()), save)
}

/// A game begun afresh is autosaved before its first turn, as every turn after it is: the
/// level's autosave is the game in play from the start. Until the first turn it still held the
/// game a new one replaced (kept as the replaced game too), so Load game listed that one twice,
/// and a group that picked "Autosave" opened the last class's debrief, with its type shown.
fn autosave_a_new_game(
    sc: Option<Res<ActiveScenario>>,
    game: Option<Res<ActiveGame>>,
    chosen: Option<Res<super::ChosenLevel>>,
    rewound: Option<Res<super::debrief::rewind::Rewound>>,
    settings: Res<crate::ui::Settings>,
    mut notice: ResMut<Notice>,
) {
    let (Some(sc), Some(game)) = (sc, game) else {
        return;
    };
    let fresh = game.0.log.is_empty() && game.0.injects.is_empty();
    if !fresh || game.0.state.outcome.is_some() {
        return;
    }
    let (slot, save) = autosave_of(&sc.0, &game.0, chosen.as_deref(), rewound.as_deref());
    if let Err(e) = crate::game::saves::write_save(&settings.dir, &slot, &save) {
        notice.0 = Some(e);
    }
}

/// A finished game has no next turn: coming back to it (from the menu's settings, say) opens
/// the debrief instead.
fn finished_games_go_to_debrief(
    game: Res<ActiveGame>,
    sc: Res<ActiveScenario>,
    rewound: Option<Res<super::debrief::rewind::Rewound>>,
    resume: Option<Res<resolution::ResumeAnswers>>,
    mut next: ResMut<NextState<Screen>>,
) {
    use super::debrief::rewind::Rewound;
    let ended = Rewound::ended_here(rewound.as_deref(), sc.0.id(), &game.0);
    // The last turn's answers come first when the player is coming back to them.
    if (game.0.state.outcome.is_some() || ended) && resume.is_none() {
        next.set(Screen::Debrief);
    }
}
