//! The tension ledger: tension is the sum of attributed contributions, each fading by a fixed
//! amount per turn, so the game can always say why tension is what it is.

/// What put an entry on the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cause {
    /// The level's starting tension, by index in the level's `tension` list.
    Start(u16),
    /// A player action, by index in the scenario's actions.
    Action(u16),
    /// Pyongyang misreading a player action.
    Misreading(u16),
    Pyongyang(u16),
    Beijing(u16),
    Event(u16),
    /// A facilitator's inject, by index in the scenario's injects.
    Inject(u16),
}

/// One contribution: `amount` now, moving `decay` points toward zero every turn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    pub cause: Cause,
    pub turn: u32,
    pub amount: f32,
    pub decay: f32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    pub entries: Vec<Entry>,
    /// Tension never falls below this: the standing baseline (the level's lasting opening
    /// entries), which restraint can offset only above it.
    pub floor: f32,
    /// The entries' amounts added up in order, kept as entries are added (a move can add
    /// several a turn, and each is followed by a look at the tension) and recomputed when they
    /// fade: the same additions in the same order as summing afresh, so the same bits.
    sum: f32,
}

impl Ledger {
    /// An empty ledger whose tension never falls below `floor`.
    pub fn with_floor(floor: f32) -> Ledger {
        Ledger {
            floor,
            ..Default::default()
        }
    }

    /// An empty ledger with room for `entries` before it must grow.
    pub fn with_room(entries: usize) -> Ledger {
        Ledger {
            entries: Vec::with_capacity(entries),
            ..Default::default()
        }
    }

    pub fn add(&mut self, cause: Cause, turn: u32, amount: f32, decay: f32) {
        if amount != 0.0 {
            self.entries.push(Entry {
                cause,
                turn,
                amount,
                decay,
            });
            self.sum += amount;
        }
    }

    /// The entries' amounts added up, before the floor and the ceiling of 100 are applied.
    pub fn raw_sum(&self) -> f32 {
        self.sum + 0.0
    }

    /// How far the entries' sum lies below the floor: calm that tension cannot show (it never
    /// falls below the floor) and that absorbs the next rises first. Zero at or above it.
    pub fn below_floor(&self) -> f32 {
        (self.floor.clamp(0.0, 100.0) - self.sum).max(0.0)
    }

    /// The sum of all contributions, clamped between the floor and 100.
    pub fn tension(&self) -> f32 {
        // Adding 0.0 turns a sum of -0.0 into 0.0, so it never prints as "-0.0".
        (self.sum + 0.0).clamp(self.floor.clamp(0.0, 100.0), 100.0)
    }

    /// One turn passes: every entry fades toward zero; spent entries leave the ledger.
    pub fn decay(&mut self) {
        // One pass: each entry fades, the spent ones are dropped by moving the rest down, and
        // the survivors are added up in order from minus zero, as `Iterator::sum` does.
        let mut kept = 0;
        let mut sum = -0.0f32;
        for i in 0..self.entries.len() {
            let mut e = self.entries[i];
            e.amount = if e.amount > 0.0 {
                (e.amount - e.decay).max(0.0)
            } else {
                (e.amount + e.decay).min(0.0)
            };
            if e.amount != 0.0 {
                sum += e.amount;
                self.entries[kept] = e;
                kept += 1;
            }
        }
        self.entries.truncate(kept);
        self.sum = sum;
    }

    /// Entries largest first (by size), for "why is tension what it is".
    pub fn by_size(&self) -> Vec<Entry> {
        let mut v = self.entries.clone();
        v.sort_by(|a, b| b.amount.abs().total_cmp(&a.amount.abs()));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_fade_and_leave() {
        let mut l = Ledger::default();
        l.add(Cause::Action(0), 1, 12.0, 2.0);
        l.add(Cause::Action(1), 1, -3.0, 1.0);
        assert_eq!(l.tension(), 9.0);
        l.decay();
        assert_eq!(l.tension(), 10.0 - 2.0);
        for _ in 0..5 {
            l.decay();
        }
        assert_eq!(l.entries.len(), 0, "both entries should have faded out");
        assert_eq!(l.tension(), 0.0);
    }

    #[test]
    fn calm_below_the_floor_is_kept_and_absorbs_the_next_rise() {
        let mut l = Ledger {
            floor: 12.0,
            ..Default::default()
        };
        l.add(Cause::Start(0), 0, 12.0, 0.0);
        l.add(Cause::Action(0), 1, -5.0, 0.5);
        assert_eq!(
            l.tension(),
            12.0,
            "tension never shows the calm below the floor"
        );
        assert_eq!(l.below_floor(), 5.0);
        assert_eq!(l.raw_sum(), 7.0);
        l.add(Cause::Event(0), 1, 3.0, 1.0);
        assert_eq!(
            l.tension(),
            12.0,
            "a rise of 3 is absorbed by the 5 banked below"
        );
        assert_eq!(l.below_floor(), 2.0);
        l.add(Cause::Event(1), 1, 4.0, 1.0);
        assert_eq!(l.tension(), 14.0);
        assert_eq!(l.below_floor(), 0.0);
    }

    #[test]
    fn the_floor_holds_against_calming_moves() {
        let mut l = Ledger {
            floor: 12.0,
            ..Default::default()
        };
        l.add(Cause::Start(0), 0, 12.0, 0.0);
        l.add(Cause::Action(0), 1, -8.0, 0.5);
        assert_eq!(
            l.tension(),
            12.0,
            "restraint cannot push tension under the baseline"
        );
        l.add(Cause::Event(0), 1, 10.0, 1.0);
        assert_eq!(l.tension(), 14.0);
    }

    /// The running sum is exactly the sum of the entries, to the bit, as they come and fade.
    #[test]
    fn the_running_sum_is_the_sum_of_the_entries() {
        let mut l = Ledger::default();
        let amounts = [3.3, -1.7, 0.1, 12.25, -0.3, 7.0, 0.2, -4.4, 1e-3, 9.9];
        for turn in 0..12u32 {
            for (i, a) in amounts.iter().enumerate() {
                if (i as u32 + turn).is_multiple_of(3) {
                    l.add(Cause::Event(i as u16), turn, *a * (turn as f32 + 1.0), 0.7);
                }
            }
            let fresh: f32 = l.entries.iter().map(|e| e.amount).sum();
            assert_eq!(l.sum.to_bits(), fresh.to_bits(), "turn {turn}");
            l.decay();
            let fresh: f32 = l.entries.iter().map(|e| e.amount).sum();
            assert_eq!(l.sum.to_bits(), fresh.to_bits(), "turn {turn}, faded");
        }
    }

    #[test]
    fn tension_stays_on_the_scale() {
        let mut l = Ledger::default();
        l.add(Cause::Event(0), 1, 80.0, 0.0);
        l.add(Cause::Event(1), 1, 80.0, 0.0);
        assert_eq!(l.tension(), 100.0);
        let mut calm = Ledger::default();
        calm.add(Cause::Action(0), 1, -20.0, 1.0);
        assert_eq!(calm.tension(), 0.0);
    }
}
