//! Published dates as sortable numbers, for `after:`/`before:` and the newest-first order.
//!
//! A date is the i64 `YYYYMMDDhhmmss` (2022-07-05T14:30:29 → 20220705143029): numeric order is
//! time order. A stored date with less precision stands for its first instant (`2022-07` is
//! 2022-07-01T00:00:00, `2022` is 2022-01-01T00:00:00). `after:D` keeps dates at or after the
//! first instant of `D`; `before:D` keeps dates at or before its last instant, so both are
//! inclusive: `after:2022-03 before:2022-03` is all of March 2022.

use crate::text::fold_char;

fn key(y: i64, m: i64, d: i64, hh: i64, mm: i64, ss: i64) -> i64 {
    ((((y * 100 + m) * 100 + d) * 100 + hh) * 100 + mm) * 100 + ss
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The number made of `len` ASCII digits of `s` at byte `at`, or None.
fn digits(s: &str, at: usize, len: usize) -> Option<i64> {
    let field = s.get(at..at + len)?;
    if !field.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    field.parse().ok()
}

/// The key of a stored `published` value (`2022-07-05T14:30:29`, `2022-07-05 14:30`,
/// `2022-07-05`, `2022-07`, `2022`; anything after the seconds, like a zone, is ignored), or
/// None when it is not such a date.
pub(crate) fn stored_key(published: &str) -> Option<i64> {
    let s = published.trim();
    let y = digits(s, 0, 4)?;
    let sep = |at: usize, want: &[u8]| s.as_bytes().get(at).is_some_and(|b| want.contains(b));
    let (mut m, mut d, mut hh, mut mm, mut ss) = (1, 1, 0, 0, 0);
    if sep(4, b"-") {
        m = digits(s, 5, 2)?;
        if sep(7, b"-") {
            d = digits(s, 8, 2)?;
            if sep(10, b"T ") {
                hh = digits(s, 11, 2)?;
                mm = if sep(13, b":") { digits(s, 14, 2)? } else { 0 };
                ss = if sep(16, b":") { digits(s, 17, 2)? } else { 0 };
            }
        }
    } else if s.len() > 4 && !sep(4, b"T ") {
        return None;
    }
    let valid = (1..=12).contains(&m)
        && (1..=days_in_month(y, m)).contains(&d)
        && hh < 24
        && mm < 60
        && ss <= 60;
    valid.then(|| key(y, m, d, hh, mm, ss))
}

/// A date typed in a filter: year, and optionally month and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FilterDate {
    year: i64,
    month: Option<i64>,
    day: Option<i64>,
}

impl FilterDate {
    /// Parses `2022`, `2022-03`, `2022-03-15` (also with `/` or `.`, full-width digits, and
    /// `2022年3月15日`). None for anything else, or an impossible month or day.
    pub(crate) fn parse(value: &str) -> Option<FilterDate> {
        let mut groups: Vec<String> = vec![String::new()];
        // True right after 年, 月 or 日, which may end the date (`2022年3月`).
        let mut after_cjk = false;
        for c in value.trim().chars().map(fold_char) {
            match c {
                '0'..='9' => groups.last_mut()?.push(c),
                '-' | '/' | '.' | '年' | '月' | '日' => {
                    if groups.last()?.is_empty() {
                        return None;
                    }
                    groups.push(String::new());
                }
                _ => return None,
            }
            after_cjk = matches!(c, '年' | '月' | '日');
        }
        if groups.last()?.is_empty() {
            if !after_cjk {
                return None;
            }
            groups.pop();
        }
        let number = |g: &String, max_len: usize| -> Option<i64> {
            (!g.is_empty() && g.len() <= max_len)
                .then(|| g.parse().ok())
                .flatten()
        };
        let date = match groups.as_slice() {
            [y] if y.len() == 4 => FilterDate {
                year: number(y, 4)?,
                month: None,
                day: None,
            },
            [y, m] if y.len() == 4 => FilterDate {
                year: number(y, 4)?,
                month: Some(number(m, 2)?),
                day: None,
            },
            [y, m, d] if y.len() == 4 => FilterDate {
                year: number(y, 4)?,
                month: Some(number(m, 2)?),
                day: Some(number(d, 2)?),
            },
            _ => return None,
        };
        let month_ok = date.month.is_none_or(|m| (1..=12).contains(&m));
        let day_ok = match (date.month, date.day) {
            (Some(m), Some(d)) => (1..=days_in_month(date.year, m)).contains(&d),
            _ => true,
        };
        (month_ok && day_ok).then_some(date)
    }

    /// The key of the first instant of this date.
    pub(crate) fn first_key(self) -> i64 {
        key(
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1),
            0,
            0,
            0,
        )
    }

    /// The key of the last instant of this date.
    pub(crate) fn last_key(self) -> i64 {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        key(self.year, month, day, 23, 59, 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_dates() {
        assert_eq!(stored_key("2022-07-05T14:30:29"), Some(20220705143029));
        assert_eq!(stored_key("2022-07-05 14:30"), Some(20220705143000));
        assert_eq!(
            stored_key("2022-07-05T14:30:29+08:00"),
            Some(20220705143029)
        );
        assert_eq!(stored_key("2022-07-05"), Some(20220705000000));
        assert_eq!(stored_key("2022-07"), Some(20220701000000));
        assert_eq!(stored_key("2022"), Some(20220101000000));
        for bad in [
            "",
            "bad",
            "2022-13",
            "2022-02-30",
            "20220705",
            "2022-7-5",
            "二〇二二",
        ] {
            assert_eq!(stored_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn filter_dates() {
        let d = |s: &str| FilterDate::parse(s).map(|d| (d.first_key(), d.last_key()));
        assert_eq!(d("2022"), Some((20220101000000, 20221231235960)));
        assert_eq!(d("2022-02"), Some((20220201000000, 20220228235960)));
        assert_eq!(d("2024/2/29"), Some((20240229000000, 20240229235960)));
        assert_eq!(d("２０２２．３"), Some((20220301000000, 20220331235960)));
        assert_eq!(d("2022年3月15日"), Some((20220315000000, 20220315235960)));
        assert_eq!(d("2022年"), Some((20220101000000, 20221231235960)));
        for bad in [
            "",
            "notadate",
            "22",
            "2022-",
            "2022--03",
            "2022-13",
            "2023-02-29",
            "2022-03-15-1",
            "2022-003",
            "-2022",
        ] {
            assert_eq!(d(bad), None, "{bad}");
        }
    }
}
