//! Turn dates: a level's calendar starts on a date and each turn covers a fixed number of days.

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Date {
    /// "12 Feb 2013".
    pub fn long(&self) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        format!(
            "{} {} {}",
            self.day,
            MONTHS[(self.month.clamp(1, 12) - 1) as usize],
            self.year
        )
    }
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    Date {
        year: (if m <= 2 { y + 1 } else { y }) as i32,
        month: m,
        day: d,
    }
}

/// A moment given in seconds since 1970 (UTC), as "30 Nov 2026, 23:40 UTC": when a save was
/// written, for the load screen.
pub fn utc_moment(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let minutes = (seconds % 86_400) / 60;
    format!(
        "{}, {:02}:{:02} UTC",
        civil_from_days(days).long(),
        minutes / 60,
        minutes % 60
    )
}

/// The date turn `turn` (1-based) opens on.
pub fn turn_date(start: (i32, u32, u32), days_per_turn: u32, turn: u32) -> Date {
    let base = days_from_civil(start.0, start.1, start.2);
    civil_from_days(base + (turn.saturating_sub(1) as i64) * days_per_turn as i64)
}

/// Days since 1970-01-01 of a date written `YYYY-MM-DD`, or None when it is not one.
fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.split('-').map(|x| x.parse::<u32>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(d)), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| days_from_civil(y as i32, m, d))
}

/// Whether `date` is a date written `YYYY-MM-DD`.
pub fn is_date(date: &str) -> bool {
    day_number(date).is_some()
}

/// The turn (1-based) a `YYYY-MM-DD` date falls in, or None when it is not such a date or comes
/// before the calendar's first day.
pub fn turn_of(start: (i32, u32, u32), days_per_turn: u32, date: &str) -> Option<u32> {
    let into = day_number(date)? - days_from_civil(start.0, start.1, start.2);
    (into >= 0 && days_per_turn > 0).then(|| (into / days_per_turn as i64) as u32 + 1)
}

/// Where a dated event falls within turn `turn`, from 0 (the turn's first day) to 1 (the end of
/// its last): the charts draw several readings of one turn side by side, in date order, instead
/// of one above the other. The middle (0.5) when the date is not `YYYY-MM-DD` or falls outside
/// the turn, so a reading the level files under another turn still sits over its own bar.
pub fn place_in_turn(start: (i32, u32, u32), days_per_turn: u32, turn: u32, date: &str) -> f32 {
    let length = days_per_turn as i64;
    let opens = days_from_civil(start.0, start.1, start.2) + (turn as i64 - 1) * length;
    match day_number(date).map(|day| day - opens) {
        Some(into) if (0..length).contains(&into) => (into as f32 + 0.5) / length as f32,
        _ => 0.5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_across_months_and_leap_years() {
        assert_eq!(turn_date((2013, 1, 7), 21, 1).to_string(), "2013-01-07");
        assert_eq!(turn_date((2013, 1, 7), 21, 3).to_string(), "2013-02-18");
        assert_eq!(turn_date((2016, 2, 20), 10, 2).to_string(), "2016-03-01");
        assert_eq!(turn_date((2017, 12, 20), 14, 2).long(), "3 Jan 2018");
    }

    /// 2013's turn 3 opens on Feb 18 and covers 21 days: the resolution of Mar 7 comes before
    /// the bombers of Mar 8, both in the turn's last third; a date of another turn, or none,
    /// sits in the middle.
    #[test]
    fn a_date_is_placed_within_its_turn() {
        assert_eq!(turn_of((2013, 1, 7), 21, "2013-03-10"), Some(3));
        assert_eq!(turn_of((2013, 1, 7), 21, "2013-03-11"), Some(4));
        assert_eq!(turn_of((2013, 1, 7), 21, "2012-12-12"), None);
        let at = |date| place_in_turn((2013, 1, 7), 21, 3, date);
        assert_eq!(at("2013-02-18"), 0.5 / 21.0);
        assert!(at("2013-03-07") < at("2013-03-08"));
        assert!(at("2013-03-08") > 0.8 && at("2013-03-10") < 1.0);
        assert_eq!(at("2013-03-11"), 0.5, "turn 4's first day");
        assert_eq!(at("March 2013"), 0.5);
        assert_eq!(at("2013-13-01"), 0.5);
    }

    #[test]
    fn a_moment_in_utc() {
        assert_eq!(utc_moment(0), "1 Jan 1970, 00:00 UTC");
        // 2026-11-30 23:40:59 UTC.
        assert_eq!(utc_moment(1_796_082_059), "30 Nov 2026, 23:40 UTC");
    }
}
