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

    #[test]
    fn a_moment_in_utc() {
        assert_eq!(utc_moment(0), "1 Jan 1970, 00:00 UTC");
        // 2026-11-30 23:40:59 UTC.
        assert_eq!(utc_moment(1_796_082_059), "30 Nov 2026, 23:40 UTC");
    }
}
