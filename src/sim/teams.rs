//! Advisor teams in hot seat: in a class game the Washington team and the Seoul team (defined in
//! `assets/rules/advisors.ron`) each propose a move for the turn, and a rule chosen at the start
//! settles it when they disagree: the lead team decides, the teams take turns deciding, or both
//! moves are played, each with its cost. The proposals are the game's command log in a team
//! game, so a replay settles every turn again and reproduces the game exactly. Each team also
//! has its own score, counted from the variables its priorities name.

use super::state::GameState;
use crate::rules::Scenario;

/// How a team game settles a turn on which the two teams proposed different moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settle {
    /// The first team (Washington) decides.
    Lead,
    /// The first team decides on odd turns, the second on even turns.
    Alternate,
    /// Both moves are played: the first team's as the turn's move, the second's beside it.
    Both,
}

impl Settle {
    pub const ALL: [Settle; 3] = [Settle::Lead, Settle::Alternate, Settle::Both];

    /// The name used on the command line, in class codes' options and in log files.
    pub fn id(self) -> &'static str {
        match self {
            Settle::Lead => "lead",
            Settle::Alternate => "alternate",
            Settle::Both => "both",
        }
    }

    pub fn parse(s: &str) -> Result<Settle, String> {
        Settle::ALL
            .into_iter()
            .find(|r| r.id() == s)
            .ok_or_else(|| format!("unknown team rule \"{s}\": use lead, alternate or both"))
    }

    /// The rule in plain words, for the briefing and the report.
    pub fn describe(self, sc: &Scenario) -> String {
        let name = |i: usize| team_name(sc, i);
        match self {
            Settle::Lead => format!("when the teams disagree, the {} decides", name(0)),
            Settle::Alternate => format!(
                "when the teams disagree, the {} decides on odd turns and the {} on even turns",
                name(0),
                name(1)
            ),
            Settle::Both => {
                "when the teams disagree, both moves are played, each with its cost".to_string()
            }
        }
    }
}

/// Team `i`'s name ("Washington team"), or "team" where the rules define fewer.
fn team_name(sc: &Scenario, i: usize) -> &str {
    sc.rules
        .teams
        .get(i)
        .map(|t| t.name.as_str())
        .unwrap_or("team")
}

/// A team game: the rule, and what each team proposed on each turn played (index = turn - 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamPlay {
    pub rule: Settle,
    pub proposals: Vec<[u16; 2]>,
}

/// How one turn was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settled {
    /// The turn's move.
    pub main: u16,
    /// A second move played beside it (rule `Both`, when the teams disagreed).
    pub also: Option<u16>,
    /// The team whose move was taken when they disagreed (None: they agreed, or both played).
    pub decided_by: Option<usize>,
}

impl Settled {
    pub fn agreed(&self) -> bool {
        self.decided_by.is_none() && self.also.is_none()
    }
}

/// Settles turn `turn` on which the teams proposed `moves`.
pub fn settle(rule: Settle, turn: u32, moves: [u16; 2]) -> Settled {
    let [first, second] = moves;
    if first == second {
        return Settled {
            main: first,
            also: None,
            decided_by: None,
        };
    }
    match rule {
        Settle::Lead => Settled {
            main: first,
            also: None,
            decided_by: Some(0),
        },
        Settle::Alternate => {
            let who = if turn % 2 == 1 { 0 } else { 1 };
            Settled {
                main: moves[who],
                also: None,
                decided_by: Some(who),
            }
        }
        Settle::Both => Settled {
            main: first,
            also: Some(second),
            decided_by: None,
        },
    }
}

/// For the team choosing on turn `turn`: who decides if the two teams disagree.
pub fn this_turn_line(rule: Settle, sc: &Scenario, turn: u32, team: usize) -> String {
    let name = |i: usize| team_name(sc, i);
    let decides = |i: usize| {
        if i == team {
            "your team decides".to_string()
        } else {
            format!("the {} decides", name(i))
        }
    };
    match rule {
        Settle::Lead => format!("if the teams disagree, {}", decides(0)),
        Settle::Alternate => format!(
            "if the teams disagree, {} this turn",
            decides(if turn % 2 == 1 { 0 } else { 1 })
        ),
        Settle::Both => "if the teams disagree, both moves are played".to_string(),
    }
}

/// Team `team`'s score and what it is made of, as a team reads it while it chooses: "score 28
/// now (Talks momentum 5, Public support 50)". The figures may lie below the fold of the
/// dashboard's panel; the team's own are here.
pub fn score_line(sc: &Scenario, s: &GameState, team: usize) -> Option<String> {
    Some(format!(
        "score {} now, {} at the start ({})",
        score(sc, s, team),
        start_score(sc, s, team),
        parts(sc, s, team)?
    ))
}

/// Team `team`'s score as the game opened (the level's start, at the game's difficulty): the
/// teams' figures start far apart (Seoul's talks near nothing, Washington's credibility high),
/// so a score means something beside the other team's only as a change from its own start.
pub fn start_score(sc: &Scenario, s: &GameState, team: usize) -> u32 {
    score(
        sc,
        &super::turn::new_game_at(sc, s.seed, s.difficulty),
        team,
    )
}

/// "+5 from 53 at the start": a team's score as a change from its own start.
fn from_start(sc: &Scenario, s: &GameState, team: usize) -> String {
    let (now, start) = (score(sc, s, team), start_score(sc, s, team));
    format!("{:+} from {start} at the start", now as i64 - start as i64)
}

/// The figures team `team`'s score is made of, with their values in `s`: "Talks momentum 5,
/// Public support 50".
pub fn parts(sc: &Scenario, s: &GameState, team: usize) -> Option<String> {
    let t = sc.rules.teams.get(team)?;
    let parts: Vec<String> = t
        .score
        .iter()
        .map(|(v, _)| {
            let name = match v {
                crate::rules::VarRef::Var(i) => sc.rules.vars[*i as usize].name.clone(),
                crate::rules::VarRef::Tension => "Tension".to_string(),
                crate::rules::VarRef::Turn => "Turn".to_string(),
                crate::rules::VarRef::Estimate(_) => "Estimate".to_string(),
            };
            format!("{name} {:.0}", s.value(*v))
        })
        .collect();
    Some(parts.join(", "))
}

/// Team `team`'s score (0 to 100) in state `s`: the weighted mean of its variables.
pub fn score(sc: &Scenario, s: &GameState, team: usize) -> u32 {
    let Some(t) = sc.rules.teams.get(team) else {
        return 0;
    };
    let total: f32 = t.score.iter().map(|(v, w)| s.value(*v) * w).sum();
    total.clamp(0.0, 100.0).round() as u32
}

/// One turn of a team game in words: what each team proposed and how it was settled.
/// `second_played`: whether the second move was played too; `ahead`: the turn is not played
/// yet, so the line says what will be (the second move's fate then comes from
/// `second_still_playable`).
pub fn settle_line(
    sc: &Scenario,
    rule: Settle,
    moves: [u16; 2],
    settled: &Settled,
    second_played: bool,
    ahead: bool,
) -> String {
    let team = |i: usize| {
        sc.rules
            .teams
            .get(i)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| format!("team {}", i + 1))
    };
    let action = |a: u16| {
        sc.actions
            .get(a as usize)
            .map(|x| x.name.clone())
            .unwrap_or_else(|| "?".into())
    };
    if moves[0] == moves[1] {
        return format!("both teams proposed {}", action(moves[0]));
    }
    let proposed = format!(
        "{} proposed {}, {} proposed {}",
        team(0),
        action(moves[0]),
        team(1),
        action(moves[1])
    );
    let (is, decides) = if ahead {
        ("is", "decides")
    } else {
        ("was", "decided")
    };
    let how = match (settled.decided_by, rule) {
        (Some(i), Settle::Lead) => format!(
            "the {}'s move, {}, {is} played: it is the lead team",
            team(i),
            action(moves[i])
        ),
        (Some(i), _) => format!(
            "the {}'s move, {}, {is} played: it {decides} on this turn",
            team(i),
            action(moves[i])
        ),
        (None, _) => match (second_played, ahead) {
            (true, false) => "both moves were played".to_string(),
            (true, true) => "both moves will be played, each with its cost".to_string(),
            (false, false) => format!(
                "the {}'s move could not be played as well (not enough capital or not open \
                 after the first), so only the {}'s was",
                team(1),
                team(0)
            ),
            (false, true) => format!(
                "the {}'s move cannot be played as well (once the {}'s is paid for and \
                 played, there is not enough capital or it is not open), so only the {}'s \
                 will be",
                team(1),
                team(0),
                team(0)
            ),
        },
    };
    format!("{proposed}; {how}")
}

/// Whether, on a turn settled by playing both moves, the second can still be played once the
/// first is paid for and played: what the turn will find, worked out on a copy of the state.
pub fn second_still_playable(sc: &Scenario, s: &GameState, moves: [u16; 2]) -> bool {
    use crate::sim::turn::{TurnStep, begin_turn, run_step};
    let mut s = s.clone();
    let mut rec = begin_turn(sc, &mut s, moves[0]);
    rec.also = Some(moves[1]).filter(|&b| b != rec.taken && (b as usize) < sc.actions.len());
    run_step(sc, &mut s, &mut rec, TurnStep::PlayerMove);
    rec.also.is_some()
}

/// What the teams proposed on the `i`-th turn played and how it was settled (see `settle_line`),
/// for a turn already played as `rec`; None when the game kept no proposals for it.
pub fn played_line(
    sc: &Scenario,
    teams: &TeamPlay,
    i: usize,
    rec: &crate::sim::turn::TurnRecord,
) -> Option<String> {
    let moves = *teams.proposals.get(i)?;
    let settled = settle(teams.rule, rec.turn, moves);
    Some(settle_line(
        sc,
        teams.rule,
        moves,
        &settled,
        rec.also.is_some(),
        false,
    ))
}

/// What the teams' scores are called: their own figures, so they stand for a game ended
/// early too, but only "so far" then (beside the game's "No score").
pub fn scores_heading(s: &GameState) -> &'static str {
    if s.outcome.is_some() {
        "Advisor teams"
    } else {
        "Advisor teams so far (the game did not reach its end)"
    }
}

/// Each team's name and score, for the transcript, the debrief and the report.
pub fn scores(sc: &Scenario, s: &GameState) -> Vec<(String, u32)> {
    (0..sc.rules.teams.len())
        .map(|i| (sc.rules.teams[i].name.clone(), score(sc, s, i)))
        .collect()
}

/// Each team's score with its change from its own start and what it is made of, as the
/// debrief and the report give it to the class: "Washington team 61 / 100, +8 from 53 at the
/// start (Credibility 70, Domestic approval 52)".
pub fn scores_with_parts(sc: &Scenario, s: &GameState) -> Vec<String> {
    scores(sc, s)
        .into_iter()
        .enumerate()
        .map(|(i, (name, n))| match parts(sc, s, i) {
            Some(parts) => format!("{name} {n} / 100, {} ({parts})", from_start(sc, s, i)),
            None => format!("{name} {n} / 100, {}", from_start(sc, s, i)),
        })
        .collect()
}
