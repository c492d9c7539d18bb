//! What a CSV file needs to open cleanly in the spreadsheets a school has: the report's
//! `turns.csv` and the class page's `class.csv` are written through here. A file starts with
//! UTF-8's byte-order mark, which Excel on Windows needs to read a group's name in Korean or
//! with an accent as it was typed (without it, Excel reads the file in the PC's old code page);
//! LibreOffice, Google Sheets and Numbers read the mark and drop it. A field that holds a comma,
//! a quote or a line end is quoted, and a text that starts as a formula does (a group named
//! `=HYPERLINK(…)`) is set off with an apostrophe, so a spreadsheet shows it and never runs it.

/// UTF-8's byte-order mark, the first character of every CSV file the game writes.
pub const BYTE_ORDER_MARK: char = '\u{feff}';

/// The bytes of a CSV file: the byte-order mark, then `rows` (already joined, one line each).
pub fn file_bytes(rows: &str) -> Vec<u8> {
    let mut bytes = String::with_capacity(rows.len() + 3);
    bytes.push(BYTE_ORDER_MARK);
    bytes.push_str(rows);
    bytes.into_bytes()
}

/// One field of a row. A number (`-2.5`) is written as it is; a text that a spreadsheet would
/// take for a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets an
/// apostrophe before it; a field with a comma, a quote or a line end is quoted, its quotes
/// doubled.
pub fn field(x: &str) -> String {
    let formula_like = x.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(x);
    let x = if formula_like {
        format!("'{x}")
    } else {
        x.to_string()
    };
    if x.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", x.replace('"', "\"\""))
    } else {
        x
    }
}

/// A sign, digits and at most one decimal point (`-2.5`, `+82`): what the files' numbers look
/// like, and what a spreadsheet reads as a number, never as a formula (`-inf` is not one).
fn is_plain_number(x: &str) -> bool {
    let digits = x.strip_prefix(['+', '-']).unwrap_or(x);
    digits.bytes().any(|b| b.is_ascii_digit())
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|b| *b == b'.').count() <= 1
}

/// A row of fields, joined by commas and ended by a line end.
pub fn row<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields
        .iter()
        .map(|x| field(x.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::{field, file_bytes, row};

    /// A spreadsheet shows what a group typed and never runs it; numbers stay numbers.
    #[test]
    fn a_field_is_shown_as_typed_and_never_run() {
        assert_eq!(field("Team Blue"), "Team Blue");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+82"), "+82", "a number with its sign is a number");
        assert_eq!(field("-2.5"), "-2.5");
        assert_eq!(field("-team"), "'-team");
        assert_eq!(field("@once"), "'@once");
        assert_eq!(field("-inf"), "'-inf");
        assert_eq!(field("-"), "'-");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("모둠 3"), "모둠 3");
        assert_eq!(row(&["a", "=1+1", "3"]), "a,'=1+1,3\n");
    }

    /// Excel on Windows reads the file as UTF-8 only with the byte-order mark first.
    #[test]
    fn a_file_starts_with_the_byte_order_mark() {
        let bytes = file_bytes("name\n모둠\n");
        assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
        assert_eq!(std::str::from_utf8(&bytes[3..]).unwrap(), "name\n모둠\n");
    }
}
