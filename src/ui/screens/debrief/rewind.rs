//! "Rewind to turn N": each turn of the debrief's timeline is a button. Activating it goes
//! back to the start of that turn — the same level, seed and moves before it — and opens the
//! dashboard, where the player picks a different move and plays on. The dice are keyed by
//! (seed, turn, purpose), so the new game has the same draws wherever the decisions are the
//! same. The game before the rewind is kept, and the debrief's chart draws it as a second run
//! and marks the turn where the two part. A rewound game does not count for the campaign.

use crate::game::{ActiveGame, ActiveScenario};
use crate::sim::Game;
use crate::ui::focus::{Activated, ButtonColors};
use crate::ui::screens::{ChosenLevel, Screen};
use crate::ui::theme::{Palette, control, label, size};
use bevy::prelude::*;

/// A timeline row: rewinding to its turn.
#[derive(Component, Clone, Copy)]
pub struct RewindTo(pub u32);

/// The game as it was before the first rewind (a what-if rewound again keeps it), and the
/// earliest turn it was rewound to.
#[derive(Resource, Clone)]
pub struct Rewound {
    pub level: String,
    pub original: Game,
    pub turn: u32,
}

impl Rewound {
    /// The original run, when `game` is the rewound game (same level and seed, the same turns
    /// before the rewind); and the first turn where the two games differ.
    pub fn against<'a>(
        this: Option<&'a Rewound>,
        level: &str,
        game: &Game,
    ) -> Option<(&'a Game, u32)> {
        let r = this?;
        if r.level != level {
            return None;
        }
        let before = r.turn.saturating_sub(1) as usize;
        let same_start = r.original.state.seed == game.state.seed
            && game.log.len() >= before
            && r.original.log.len() >= before
            && r.original.log[..before] == game.log[..before];
        if !same_start {
            return None;
        }
        let parted = (0..r.original.log.len().max(game.log.len()))
            .find(|i| r.original.log.get(*i) != game.log.get(*i))
            .map(|i| i as u32 + 1)?;
        Some((&r.original, parted))
    }
}

impl Rewound {
    /// Whether `game`, a what-if of a game the facilitator ended early ("End now"), has reached
    /// the turn that game was ended on: everything else held equal, it ends there too, as
    /// `peninsula whatif` has it. Played on to the level's end, it would name Pyongyang's type
    /// on its debrief, the type the early end kept from the class.
    pub fn ended_here(this: Option<&Rewound>, level: &str, game: &Game) -> bool {
        this.is_some_and(|r| {
            r.level == level
                && r.original.state.seed == game.state.seed
                && r.original.state.outcome.is_none()
                && game.state.outcome.is_none()
                && game.log.len() >= r.original.log.len()
        })
    }
}

pub fn plugin(app: &mut App) {
    app.add_systems(Update, rewind.run_if(in_state(Screen::Debrief)))
        // A new or loaded game has no "before the rewind".
        .add_systems(OnEnter(Screen::Briefing), forget)
        .add_systems(OnEnter(Screen::Load), forget);
}

fn forget(mut commands: Commands) {
    commands.remove_resource::<Rewound>();
}

/// One timeline row as a button that rewinds to its turn.
pub fn row(t: &mut ChildSpawnerCommands, p: &Palette, turn: u32, line: String) {
    let node = Node {
        padding: UiRect::axes(Val::Px(4.0), Val::Px(1.0)),
        border: UiRect::all(Val::Px(1.0)),
        border_radius: BorderRadius::all(Val::Px(3.0)),
        ..default()
    };
    let colors = ButtonColors {
        idle: p.panel,
        hover: p.panel_raised,
        press: p.border,
    };
    t.spawn((
        RewindTo(turn),
        control(),
        node,
        BackgroundColor(p.panel),
        BorderColor::all(p.panel),
        colors,
        children![label(line, size::TINY, p.text)],
    ));
}

fn rewind(
    mut activated: MessageReader<Activated>,
    rows: Query<&RewindTo>,
    sc: Option<Res<ActiveScenario>>,
    game: Option<Res<ActiveGame>>,
    chosen: Option<ResMut<ChosenLevel>>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
    before: Option<Res<Rewound>>,
) {
    let (Some(sc), Some(game)) = (sc, game) else {
        return;
    };
    let Some(turn) = activated
        .read()
        .find_map(|Activated(e)| rows.get(*e).ok())
        .map(|r| r.0)
    else {
        return;
    };
    let sc = &sc.0;
    // The same game up to the start of the turn, the facilitator's injects included.
    let moves: Vec<u16> = game
        .0
        .log
        .iter()
        .take(turn.saturating_sub(1) as usize)
        .map(|r| r.requested)
        .collect();
    let injects: Vec<_> = game
        .0
        .injects
        .iter()
        .copied()
        .filter(|x| x.turn <= turn)
        .collect();
    // A team game rewinds as a team game: the turns before keep their proposals.
    let mut setup = game.0.setup();
    if let Some(t) = &mut setup.teams {
        t.proposals.truncate(moves.len());
    }
    let back = Game::replay(sc, &setup, &moves, &injects);
    // Rewinding a what-if again keeps the first run (the game the group played) as the game
    // before the rewind, from the earlier of the two turns: that is the game whose report the
    // class needs, and the new what-if shares its turns up to there.
    let kept = before
        .as_deref()
        .filter(|r| Rewound::against(Some(r), sc.id(), &game.0).is_some());
    let rewound = match kept {
        Some(r) => Rewound {
            level: r.level.clone(),
            original: r.original.clone(),
            turn: r.turn.min(turn),
        },
        None => Rewound {
            level: sc.id().to_string(),
            original: game.0.clone(),
            turn,
        },
    };
    commands.insert_resource(rewound);
    commands.insert_resource(ActiveGame(back));
    if let Some(mut chosen) = chosen {
        chosen.campaign = false;
    }
    next.set(Screen::Dashboard);
}
