//! Dates and relative times, formatted by the browser's `Intl` so that the page carries no
//! date library and follows the reader's language.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::i18n::{self, Arg, Key, Lang};

/// A unit for "… ago", as `Intl.RelativeTimeFormat` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Seconds (only ever used for "now").
    Second,
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Months.
    Month,
    /// Years.
    Year,
}

impl Unit {
    fn as_str(self) -> &'static str {
        match self {
            Self::Second => "second",
            Self::Minute => "minute",
            Self::Hour => "hour",
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Year => "year",
        }
    }
}

/// How far back a moment is, in the unit a person would use: a negative count means the
/// past ("-5 hours" reads "5 hours ago"). Moments a little in the future (clock skew between
/// server and reader) count as now.
pub fn relative_parts(seconds_ago: f64) -> (i64, Unit) {
    const MINUTE: f64 = 60.0;
    const HOUR: f64 = 60.0 * MINUTE;
    const DAY: f64 = 24.0 * HOUR;
    let ago = seconds_ago.max(0.0);
    let (count, unit) = if ago < 45.0 {
        (0.0, Unit::Second)
    } else if ago < 45.0 * MINUTE {
        ((ago / MINUTE).round().max(1.0), Unit::Minute)
    } else if ago < 22.0 * HOUR {
        ((ago / HOUR).round().max(1.0), Unit::Hour)
    } else if ago < 7.0 * DAY {
        // Calendar days would need the reader's midnight; 36 hours reads as "yesterday",
        // 40 as "2 days ago", which is how people round.
        ((ago / DAY).round().max(1.0), Unit::Day)
    } else if ago < 30.0 * DAY {
        ((ago / (7.0 * DAY)).round(), Unit::Week)
    } else if ago < 365.0 * DAY {
        ((ago / (30.44 * DAY)).round().max(1.0), Unit::Month)
    } else {
        ((ago / (365.25 * DAY)).round(), Unit::Year)
    };
    (-(count as i64), unit)
}

/// Milliseconds since the epoch of an RFC 3339 time, or `None` if the browser cannot read it.
pub fn parse_millis(rfc3339: &str) -> Option<f64> {
    let millis = Date::parse(rfc3339);
    (!millis.is_nan()).then_some(millis)
}

/// "5 hours ago", "yesterday", "last week" in the page's language.
pub fn relative(rfc3339: &str) -> String {
    parse_millis(rfc3339).map(relative_of).unwrap_or_default()
}

/// A moment's full date and time ([`date_time`]) and how long ago it was ([`relative`]),
/// reading the moment once: what a comment shows.
pub fn date_time_and_relative(rfc3339: &str) -> (String, String) {
    match parse_millis(rfc3339) {
        Some(millis) => (date_time_of(millis), relative_of(millis)),
        None => (rfc3339.to_owned(), String::new()),
    }
}

fn relative_of(then: f64) -> String {
    let (count, unit) = relative_parts((Date::now() - then) / 1000.0);
    with_formatters(|formatters| {
        // A page of comments says "2 days ago" many times over: each phrase is made once.
        remembered(
            &formatters.relative_memo,
            (count, unit),
            || match formatters.catalogue_dates {
                Some(lang) => {
                    let key = match unit {
                        Unit::Second => Key::TimeNow,
                        Unit::Minute => Key::TimeMinutesAgo,
                        Unit::Hour => Key::TimeHoursAgo,
                        Unit::Day => Key::TimeDaysAgo,
                        Unit::Week => Key::TimeWeeksAgo,
                        Unit::Month => Key::TimeMonthsAgo,
                        Unit::Year => Key::TimeYearsAgo,
                    };
                    i18n::format(lang, key, &[("count", Arg::Number(-count as f64))])
                }
                None => formatters
                    .relative()
                    .format(count as f64, unit.as_str())
                    .into(),
            },
        )
    })
}

/// The text `memo` holds for `key`, made by `make` the first time.
fn remembered<K: Eq + std::hash::Hash>(
    memo: &RefCell<HashMap<K, String>>,
    key: K,
    make: impl FnOnce() -> String,
) -> String {
    if let Some(known) = memo.borrow().get(&key) {
        return known.clone();
    }
    let text = make();
    memo.borrow_mut().insert(key, text.clone());
    text
}

/// The months, for languages whose dates the page writes itself.
const MONTHS: [Key; 12] = [
    Key::Month1,
    Key::Month2,
    Key::Month3,
    Key::Month4,
    Key::Month5,
    Key::Month6,
    Key::Month7,
    Key::Month8,
    Key::Month9,
    Key::Month10,
    Key::Month11,
    Key::Month12,
];

/// A date (and time) from the catalogue of `lang`, for a language the browser has no dates
/// for: day, month name, year and 24-hour time in the reader's time zone.
fn catalogue_date(lang: Lang, date: &Date, with_time: bool) -> String {
    let plain = |number: u32| i18n::format_plain_integer(lang, number);
    let month = MONTHS
        .get(date.get_month() as usize)
        .map(|key| i18n::format(lang, *key, &[]))
        .unwrap_or_default();
    let day = plain(date.get_date());
    let year = plain(date.get_full_year());
    let time = format!(
        "{}:{}",
        plain(date.get_hours()),
        i18n::format_plain_integer(lang, date.get_minutes() + 100)
            .chars()
            .skip(1)
            .collect::<String>()
    );
    let args = [
        ("day", Arg::Own(&day)),
        ("month", Arg::Own(&month)),
        ("year", Arg::Own(&year)),
        ("time", Arg::Own(&time)),
    ];
    let key = if with_time {
        Key::DateTime
    } else {
        Key::DateLong
    };
    i18n::format(lang, key, &args)
}

/// A full date, "24 November 2026", in the page's language.
pub fn date(rfc3339: &str) -> String {
    match parse_millis(rfc3339) {
        Some(millis) => {
            with_formatters(|formatters| format_millis(formatters, millis, false, Formatters::date))
        }
        None => rfc3339.to_owned(),
    }
}

/// A date and time to the minute, "24 Nov 2026, 15:38", in the page's language. The year is
/// always shown so that lists spanning a new year never mislead.
pub fn date_time(rfc3339: &str) -> String {
    match parse_millis(rfc3339) {
        Some(millis) => date_time_of(millis),
        None => rfc3339.to_owned(),
    }
}

/// [`date_time`] of milliseconds since the epoch. The text is to the minute, so each minute
/// is formatted once: formatting a date costs the browser tens of microseconds, and a busy
/// thread has many comments in the same minute.
fn date_time_of(millis: f64) -> String {
    let minute = (millis / 60_000.0).floor() as i64;
    with_formatters(|formatters| {
        remembered(&formatters.date_time_memo, minute, || {
            format_millis(formatters, millis, true, Formatters::date_time)
        })
    })
}

fn format_millis(
    formatters: &Formatters,
    millis: f64,
    with_time: bool,
    pick: impl Fn(&Formatters) -> &Intl::DateTimeFormat,
) -> String {
    let date = Date::new(&JsValue::from_f64(millis));
    if let Some(lang) = formatters.catalogue_dates {
        return catalogue_date(lang, &date, with_time);
    }
    let format = pick(formatters).format();
    format
        .call1(&JsValue::UNDEFINED, &date)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// `Intl` formatters are costly to build, so the page makes one of each kind per language,
/// and only the kinds it uses: the first one built loads the browser's locale data.
struct Formatters {
    locales: Array,
    /// The interface language whose dates come from its catalogue, when the browser has none
    /// for it (Kurdish, in today's browsers).
    catalogue_dates: Option<Lang>,
    relative: OnceCell<Intl::RelativeTimeFormat>,
    date: OnceCell<Intl::DateTimeFormat>,
    date_time: OnceCell<Intl::DateTimeFormat>,
    /// Relative phrases made so far, by count and unit.
    relative_memo: RefCell<HashMap<(i64, Unit), String>>,
    /// Dates and times made so far, by minute since the epoch.
    date_time_memo: RefCell<HashMap<i64, String>>,
}

thread_local! {
    static FORMATTERS: RefCell<HashMap<Lang, std::rc::Rc<Formatters>>> =
        RefCell::new(HashMap::new());
}

/// Runs `use_them` with the formatters of the page's language ([`i18n::current`]), built the
/// first time that language formats a date.
fn with_formatters<R>(use_them: impl FnOnce(&Formatters) -> R) -> R {
    let lang = i18n::current();
    let formatters = FORMATTERS.with(|cache| {
        cache
            .borrow_mut()
            .entry(lang)
            .or_insert_with(|| std::rc::Rc::new(Formatters::new(lang)))
            .clone()
    });
    use_them(&formatters)
}

impl Formatters {
    fn new(lang: Lang) -> Self {
        // Iraq's Arabic for Arabic: its month names and Arabic-Indic digits, as the region
        // writes dates.
        let locales = Array::of1(&JsValue::from_str(lang.intl_tag()));
        let supported =
            Intl::DateTimeFormat::supported_locales_of(&locales, &Object::new()).length() > 0;
        Self {
            catalogue_dates: (!supported).then_some(lang),
            locales,
            relative: OnceCell::new(),
            date: OnceCell::new(),
            date_time: OnceCell::new(),
            relative_memo: RefCell::default(),
            date_time_memo: RefCell::default(),
        }
    }

    fn relative(&self) -> &Intl::RelativeTimeFormat {
        self.relative.get_or_init(|| {
            Intl::RelativeTimeFormat::new(&self.locales, &options(&[("numeric", "auto")]))
        })
    }

    fn date(&self) -> &Intl::DateTimeFormat {
        self.date.get_or_init(|| {
            Intl::DateTimeFormat::new(&self.locales, &options(&[("dateStyle", "long")]))
        })
    }

    fn date_time(&self) -> &Intl::DateTimeFormat {
        self.date_time.get_or_init(|| {
            Intl::DateTimeFormat::new(
                &self.locales,
                &options(&[("dateStyle", "medium"), ("timeStyle", "short")]),
            )
        })
    }
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_parts_pick_the_unit_a_person_would() {
        const MIN: f64 = 60.0;
        const HOUR: f64 = 3600.0;
        const DAY: f64 = 86_400.0;
        let cases: &[(f64, (i64, Unit))] = &[
            (-30.0, (0, Unit::Second)),
            (10.0, (0, Unit::Second)),
            (50.0, (-1, Unit::Minute)),
            (5.0 * MIN, (-5, Unit::Minute)),
            (44.0 * MIN, (-44, Unit::Minute)),
            (50.0 * MIN, (-1, Unit::Hour)),
            (5.0 * HOUR, (-5, Unit::Hour)),
            (21.0 * HOUR, (-21, Unit::Hour)),
            (30.0 * HOUR, (-1, Unit::Day)),
            (3.0 * DAY, (-3, Unit::Day)),
            (8.0 * DAY, (-1, Unit::Week)),
            (20.0 * DAY, (-3, Unit::Week)),
            (45.0 * DAY, (-1, Unit::Month)),
            (200.0 * DAY, (-7, Unit::Month)),
            (400.0 * DAY, (-1, Unit::Year)),
            (3.0 * 365.0 * DAY, (-3, Unit::Year)),
        ];
        for (seconds, expected) in cases {
            assert_eq!(relative_parts(*seconds), *expected, "{seconds} s ago");
        }
    }
}
