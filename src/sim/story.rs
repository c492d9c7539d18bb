//! One turn told as a story: the view model every screen and the transcript share. Who did
//! what and why, what happened, and how tension moved, with meaning taken from the compiled
//! rules (the `provocation` and `engagement` tags, quiet events) and never from id strings.
//! The transcript prints it as text, the dashboard reveals it line by line and lists it in the
//! news, and the debrief lays it out as the timeline, so the four always agree.

use super::calendar::turn_date;
use super::transcript::{estimate_line, outcome_text, why_lines};
use super::turn::TurnRecord;
use crate::rules::{Family, Scenario, Who};

/// What a neutral move (holding course) is called where a move's family is named.
pub const NEITHER_FAMILY: &str = "neither force nor restraint";

/// What an AI answered, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub who: Who,
    /// The response's name ("Missile test") and its news line.
    pub name: String,
    pub news: String,
    /// How the answer reads: a provocation, an opening, or neither.
    pub tone: Tone,
    /// The "why" lines: `("why" | "also" | "over", text)`.
    pub why: Vec<(&'static str, String)>,
}

/// How an answer or an event reads to the player, from the rules' tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Provocation,
    Engagement,
    Neutral,
}

/// An event of the turn that the player sees (quiet ones are left out).
#[derive(Debug, Clone, PartialEq)]
pub struct EventLine {
    pub name: String,
    pub news: String,
}

/// One turn of a game, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnStory {
    pub turn: u32,
    /// "12 February 2013".
    pub date: String,
    /// The move played, its family (`None` for a neutral move such as holding course), and
    /// the move asked for when that one was unavailable.
    pub move_name: String,
    pub family: Option<Family>,
    pub unavailable: Option<String>,
    /// Why it was unavailable, in the words the cards use ("needs ...").
    pub unavailable_why: Option<String>,
    /// A second move played beside it (a team game that plays both teams' moves).
    pub also: Option<String>,
    /// How Pyongyang misread the move, when it did.
    pub misread: Option<String>,
    pub answers: Vec<Answer>,
    /// The analysts' estimate after Pyongyang's answer.
    pub estimate: Option<String>,
    pub events: Vec<EventLine>,
    pub tension_before: f32,
    pub tension_after: f32,
    /// The tension at its height within the turn, before the ledger faded: what the score's
    /// mean and the game's peak count.
    pub tension_height: f32,
    pub rung_before: u8,
    pub rung_after: u8,
    pub rung_name: String,
    /// The outcome, when this turn ended the game.
    pub outcome: Option<String>,
}

/// Whether a turn's height rose above both where the turn began and where it ended, judged on
/// the figures as shown, to a tenth: "55.5 → 55.5 (peak 55.5)" says nothing, and a peak that
/// rounds above both ends must be there to find. The transcript's, the debrief's and the
/// dashboard's gauge's one rule for when a turn's peak is worth naming.
pub fn peak_stands_out(before: f32, height: f32, after: f32) -> bool {
    let shown = |x: f32| format!("{x:.1}");
    let peak = shown(height);
    let as_shown = |text: &str, x: f32| text.parse::<f32>().unwrap_or(x);
    let above = |x: f32| {
        let end = shown(x);
        end != peak && as_shown(&end, x) < as_shown(&peak, height)
    };
    above(before) && above(after)
}

impl TurnStory {
    pub fn of(sc: &Scenario, rec: &TurnRecord) -> TurnStory {
        let rules = &sc.rules;
        let def = &sc.def;
        let taken = &sc.actions[rec.taken as usize];
        let unavailable = (rec.taken != rec.requested).then(|| {
            sc.actions
                .get(rec.requested as usize)
                .map(|a| a.name.clone())
                .unwrap_or_else(|| "?".into())
        });
        let misread = taken
            .misreading
            .as_ref()
            .filter(|_| rec.misread)
            .map(|m| m.reading.clone());
        let answers = [(Who::Beijing, rec.beijing), (Who::Pyongyang, rec.pyongyang)]
            .into_iter()
            .filter_map(|(who, d)| {
                let d = d?;
                let r = &rules.ai(who).responses[d.response as usize];
                Some(Answer {
                    who,
                    name: r.name.clone(),
                    news: r.news_on(rec.turn).to_string(),
                    tone: tone(sc, r.tags),
                    why: why_lines(sc, who, &d),
                })
            })
            .collect();
        let estimate = rec.pyongyang.and_then(|_| estimate_line(sc, &rec.estimate));
        let events = rec
            .fired_events()
            .filter(|e| !rules.events[*e as usize].quiet)
            .map(|e| {
                let ev = &rules.events[e as usize];
                EventLine {
                    name: ev.name.clone(),
                    news: ev.news.clone(),
                }
            })
            .collect();
        TurnStory {
            turn: rec.turn,
            date: turn_date(def.calendar.start, def.calendar.days_per_turn, rec.turn).long(),
            move_name: taken.name.clone(),
            family: (!taken.neutral).then_some(taken.family),
            unavailable,
            unavailable_why: rec
                .unavailable
                .as_ref()
                .map(|why| super::decide::explain_unavailable(sc, rec.requested, why)),
            also: rec
                .also
                .and_then(|a| sc.actions.get(a as usize))
                .map(|a| a.name.clone()),
            misread,
            answers,
            estimate,
            events,
            tension_before: rec.tension_before,
            tension_after: rec.tension_after,
            tension_height: rec.tension_height.max(rec.tension_after),
            rung_before: rules.rung_for(rec.tension_before),
            rung_after: rec.rung_after,
            rung_name: rules.rungs[rec.rung_after as usize].name.clone(),
            outcome: rec.outcome.map(|o| outcome_text(sc, Some(o))),
        }
    }

    /// The turn's height, when it rose above where the turn began and where it ended (by a
    /// tenth or more): " (peak 72.0)". The debrief's peak tension and the score's mean count
    /// that height, which the start and end of a turn alone do not show.
    pub fn height_note(&self) -> Option<String> {
        peak_stands_out(self.tension_before, self.tension_height, self.tension_after)
            .then(|| format!(" (peak {:.1})", self.tension_height))
    }

    /// The family label of the move, or what a neutral move is (`NEITHER_FAMILY`).
    pub fn family_label(&self) -> &'static str {
        self.family.map(Family::label).unwrap_or(NEITHER_FAMILY)
    }

    /// "Leaders' summit was unavailable: needs ..." when the move asked for could not be
    /// played: the same words in the transcript, the report and the turn's resolution.
    pub fn unavailable_note(&self) -> Option<String> {
        let asked = self.unavailable.as_ref()?;
        Some(match &self.unavailable_why {
            Some(why) => format!("{asked} was unavailable: {why}"),
            None => format!("{asked} was unavailable"),
        })
    }

    /// Pyongyang's answer, when it gave one.
    pub fn pyongyang(&self) -> Option<&Answer> {
        self.answers.iter().find(|a| a.who == Who::Pyongyang)
    }
}

/// How a response with these tags reads: by the rules' own `provocation` and `engagement`
/// tags (compiled into `rules.known`).
pub fn tone(sc: &Scenario, tags: u64) -> Tone {
    let known = &sc.rules.known;
    if known.provocation_tag != 0 && tags & known.provocation_tag != 0 {
        Tone::Provocation
    } else if known.engagement_tag != 0 && tags & known.engagement_tag != 0 {
        Tone::Engagement
    } else {
        Tone::Neutral
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The debrief names the game's peak tension; the timeline under it shows where it was
    /// reached: at a turn's end, or in the turn's "(peak ...)" note.
    #[test]
    fn the_peak_the_debrief_names_is_in_the_timeline() {
        let data = crate::rules::load_data(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
            .expect("the shipped data");
        for level in ["2013_third_test", "2017_fire_and_fury", "2022_seventh_test"] {
            let sc = data.level(level).and_then(|l| l.scenario()).expect(level);
            for seed in 1..6u64 {
                let mut s = crate::sim::new_game(sc, seed);
                // The first turn's line opens with the tension the game starts at.
                let mut shown = vec![format!("{:.1}", s.tension)];
                let mut noted = 0;
                let mut k = seed as usize;
                while s.outcome.is_none() {
                    let rec = crate::sim::resolve_turn(sc, &mut s, (k % sc.actions.len()) as u16);
                    k += 3;
                    let story = TurnStory::of(sc, &rec);
                    shown.push(format!("{:.1}", story.tension_after));
                    match story.height_note() {
                        Some(note) => {
                            noted += 1;
                            assert!(story.tension_height > story.tension_after, "{note}");
                            shown.push(format!("{:.1}", story.tension_height));
                            assert_eq!(note, format!(" (peak {:.1})", story.tension_height));
                        }
                        // No note: the peak, as shown, is no higher than one of the turn's ends.
                        None => {
                            let shown = |x: f32| format!("{x:.1}").parse::<f32>().unwrap();
                            let ends = shown(story.tension_before).max(shown(story.tension_after));
                            assert!(shown(story.tension_height) <= ends);
                        }
                    }
                }
                let peak = format!("{:.1}", s.peak_tension);
                assert!(
                    shown.contains(&peak),
                    "{level} seed {seed}: the peak {peak} is in no turn's line: {shown:?}"
                );
                assert!(
                    noted > 0,
                    "{level} seed {seed}: no turn rose above its ends"
                );
            }
        }
    }
}
