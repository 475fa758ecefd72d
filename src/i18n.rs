//! The interface's languages: English, Arabic, Central Kurdish (Sorani) and Northern Kurdish
//! (Kurmanji). Every piece of interface text comes from the catalogues in `locales/*.ftl`
//! (Fluent), compiled into [`Key`] and static message trees by `build.rs`.
//!
//! Which language a page speaks: a `?lang=` in its address (the switcher's choice, for this
//! page), then the language of the article shown, then the reader's remembered choice, then the
//! browser's languages, then English. `<html lang dir>` follows it, and with it every date and
//! number the page formats through `Intl`.
//!
//! Plural categories and numbers come from the browser (`Intl.PluralRules`,
//! `Intl.NumberFormat`), so Arabic's six plural forms and Arabic-Indic digits cost the
//! WebAssembly nothing.

use byline_contract::code::Code;
use leptos::prelude::*;

use crate::storage;

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// A message of one of the catalogue groups ([`Key`], [`AccountKey`]).
pub trait Message: Copy {
    /// Its parts in `lang`, when that language has it.
    fn parts(self, lang: Lang) -> Option<&'static [Part]>;
}

/// A piece of a compiled message.
#[derive(Debug)]
pub enum Part {
    /// Text as it is.
    Text(&'static str),
    /// A variable's value.
    Var(&'static str),
    /// An inlined term's parts.
    Group(&'static [Part]),
    /// The variant whose key matches the variable (a number, or its plural category), else
    /// the default (by index).
    Select(
        &'static str,
        &'static [(&'static str, &'static [Part])],
        usize,
    ),
}

/// A language of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Arabic, right to left.
    Ar,
    /// Central Kurdish (Sorani), in Arabic script, right to left.
    Ckb,
    /// Northern Kurdish (Kurmanji), in Latin script, left to right.
    Kmr,
}

impl Lang {
    /// Every language, in the catalogues' order.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Ar, Lang::Ckb, Lang::Kmr];

    /// The BCP 47 tag.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ar => "ar",
            Lang::Ckb => "ckb",
            Lang::Kmr => "kmr",
        }
    }

    /// `rtl` or `ltr`.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar | Lang::Ckb => "rtl",
            Lang::En | Lang::Kmr => "ltr",
        }
    }

    /// The tag the browser's `Intl` formats this language with: Iraq's Arabic for Arabic (its
    /// month names and digits), `ku` for Kurmanji (the browser's name for it).
    pub fn intl_tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ar => "ar-IQ",
            Lang::Ckb => "ckb",
            Lang::Kmr => "ku",
        }
    }

    /// The tag whose digits and separators numbers are written in. The browser has no number
    /// formats of its own for either Kurdish (it would fall back to its default, `1,234.5`):
    /// Sorani writes Arabic-Indic digits, as Iraq's Arabic does, and Kurmanji groups thousands
    /// with a dot and writes a decimal comma (CLDR's `ku`), as Turkish does.
    #[cfg(target_arch = "wasm32")]
    fn number_tag(self) -> &'static str {
        match self {
            Lang::Ckb => "ar-IQ",
            Lang::Kmr => "tr",
            other => other.intl_tag(),
        }
    }

    /// The language's own name, for the switcher.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ar => "العربية",
            Lang::Ckb => "کوردی (سۆرانی)",
            Lang::Kmr => "Kurdî (Kurmancî)",
        }
    }

    /// The language of a BCP 47 tag, when it is one of the interface's: `ckb-IQ` is Sorani,
    /// `ku` and `ku-Latn` Kurmanji, `ku-Arab` Sorani.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut subtags = tag.split('-');
        let primary = subtags.next()?;
        Some(match primary {
            "en" => Lang::En,
            "ar" => Lang::Ar,
            "ckb" => Lang::Ckb,
            "kmr" => Lang::Kmr,
            "ku" if subtags.any(|subtag| subtag == "arab" || subtag == "iq" || subtag == "ir") => {
                Lang::Ckb
            }
            "ku" => Lang::Kmr,
            _ => return None,
        })
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A value a message refers to.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    /// Text from outside (a reader's name, a title), isolated from the sentence around it so
    /// that a name in another script stays whole.
    Text(&'a str),
    /// The page's own text in the page's language (another message, a formatted date), set
    /// in as it is.
    Own(&'a str),
    /// A number, written in the language's digits; selects plural variants.
    Number(f64),
}

/// Formats `key` in `lang` with `args` (English when `lang` lacks the message).
pub fn format(lang: Lang, key: impl Message, args: &[(&str, Arg<'_>)]) -> String {
    let parts = key
        .parts(lang)
        .or_else(|| key.parts(Lang::En))
        .unwrap_or(&[]);
    let mut out = String::new();
    write_parts(&mut out, lang, parts, args);
    out
}

fn write_parts(out: &mut String, lang: Lang, parts: &[Part], args: &[(&str, Arg<'_>)]) {
    let arg = |name: &str| {
        args.iter()
            .find(|(arg_name, _)| *arg_name == name)
            .map(|(_, value)| *value)
    };
    for part in parts {
        match part {
            Part::Text(text) => out.push_str(text),
            Part::Group(parts) => write_parts(out, lang, parts, args),
            Part::Var(name) => match arg(name) {
                Some(Arg::Text(text)) => {
                    out.push('\u{2068}');
                    out.push_str(text);
                    out.push('\u{2069}');
                }
                Some(Arg::Own(text)) => out.push_str(text),
                Some(Arg::Number(number)) => out.push_str(&format_number(lang, number)),
                None => out.push_str(name),
            },
            Part::Select(name, variants, default) => {
                let chosen = match arg(name) {
                    Some(Arg::Number(number)) => {
                        // Exact keys are whole numbers (`[0]`); whole numbers are written
                        // without Rust's float formatting, which would weigh ~19 KB brotli.
                        let exact = whole(number).map(|whole| whole.to_string());
                        variants
                            .iter()
                            .position(|(key, _)| Some(*key) == exact.as_deref())
                            .or_else(|| {
                                let category = plural_category(lang, number);
                                variants.iter().position(|(key, _)| *key == category)
                            })
                    }
                    Some(Arg::Text(text) | Arg::Own(text)) => {
                        variants.iter().position(|(key, _)| *key == text)
                    }
                    None => None,
                };
                let (_, parts) = variants[chosen.unwrap_or(*default)];
                write_parts(out, lang, parts, args);
            }
        }
    }
}

/// `number` as a whole number, when it is one.
fn whole(number: f64) -> Option<i64> {
    (number.fract() == 0.0 && number.abs() < 9.0e15).then_some(number as i64)
}

/// `number` in plain digits, without Rust's float formatting (see [`whole`]): whole numbers
/// only, which is all the page ever counts.
fn plain_digits(number: f64) -> String {
    whole(number)
        .map(|whole| whole.to_string())
        .unwrap_or_default()
}

/// The plural category of `number` in `lang` (`zero`, `one`, `two`, `few`, `many`, `other`).
#[cfg(target_arch = "wasm32")]
fn plural_category(lang: Lang, number: f64) -> String {
    with_intl(lang, |intl| {
        intl.plural
            .select(number)
            .as_string()
            .unwrap_or_else(|| "other".to_owned())
    })
}

/// Outside a browser (the catalogue tests): English's rule.
#[cfg(not(target_arch = "wasm32"))]
fn plural_category(_lang: Lang, number: f64) -> String {
    if number == 1.0 { "one" } else { "other" }.to_owned()
}

/// `number` in `lang`'s digits and grouping.
#[cfg(target_arch = "wasm32")]
pub fn format_number(lang: Lang, number: f64) -> String {
    with_intl(lang, |intl| {
        intl.number
            .format()
            .call1(&intl.number, &number.into())
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_else(|| plain_digits(number))
    })
}

/// Outside a browser (the catalogue tests): plain digits.
#[cfg(not(target_arch = "wasm32"))]
pub fn format_number(_lang: Lang, number: f64) -> String {
    plain_digits(number)
}

/// A whole number without grouping (a day or a year) in `lang`'s digits.
#[cfg(target_arch = "wasm32")]
pub fn format_plain_integer(lang: Lang, number: u32) -> String {
    with_intl(lang, |intl| {
        intl.plain
            .format()
            .call1(&intl.plain, &number.into())
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_else(|| number.to_string())
    })
}

/// Outside a browser (the catalogue tests): plain digits.
#[cfg(not(target_arch = "wasm32"))]
pub fn format_plain_integer(_lang: Lang, number: u32) -> String {
    number.to_string()
}

/// The browser's plural rules and number formats for one language, built once.
#[cfg(target_arch = "wasm32")]
struct Intl {
    plural: js_sys::Intl::PluralRules,
    number: js_sys::Intl::NumberFormat,
    plain: js_sys::Intl::NumberFormat,
}

#[cfg(target_arch = "wasm32")]
fn with_intl<T>(lang: Lang, use_it: impl FnOnce(&Intl) -> T) -> T {
    thread_local! {
        static CACHE: std::cell::RefCell<Vec<(Lang, std::rc::Rc<Intl>)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    let intl = CACHE.with(|cache| {
        if let Some((_, intl)) = cache.borrow().iter().find(|(cached, _)| *cached == lang) {
            return intl.clone();
        }
        let plural_locales = js_sys::Array::of1(&lang.intl_tag().into());
        let number_locales = js_sys::Array::of1(&lang.number_tag().into());
        let ungrouped = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&ungrouped, &"useGrouping".into(), &false.into());
        let intl = std::rc::Rc::new(Intl {
            plural: js_sys::Intl::PluralRules::new(&plural_locales, &js_sys::Object::new()),
            number: js_sys::Intl::NumberFormat::new(&number_locales, &js_sys::Object::new()),
            plain: js_sys::Intl::NumberFormat::new(&number_locales, &ungrouped),
        });
        cache.borrow_mut().push((lang, intl.clone()));
        intl
    });
    use_it(&intl)
}

/// The page's language, shared by every component.
#[derive(Clone, Copy)]
pub struct Locale {
    lang: RwSignal<Lang>,
    /// The reader's own language (the address's, the remembered choice or the browser's),
    /// which pages without content of their own speak.
    reader: Lang,
}

impl Locale {
    /// The language, tracked.
    pub fn get(self) -> Lang {
        self.lang.get()
    }

    /// The page shows content in `tag` (an article's `lang`): the interface follows it when it
    /// is one of its languages, unless the page's address chose another (`?lang=`, which the
    /// switcher's links carry). Read from the address as it is now: a link followed within the
    /// app, after a choice, leads to an address without one.
    pub fn follow_content(self, tag: &str) {
        if address_lang().is_some() {
            return;
        }
        if let Some(lang) = Lang::from_tag(tag) {
            self.set(lang);
        }
    }

    /// The page shows no content of its own language (the front page): the interface speaks
    /// the reader's language again, after an article in another.
    pub fn follow_reader(self) {
        self.set(self.reader);
    }

    fn set(self, lang: Lang) {
        apply_to_document(lang);
        if self.lang.get_untracked() != lang {
            self.lang.set(lang);
        }
    }
}

thread_local! {
    /// The page's language, for text made away from components (error messages).
    static CURRENT: std::cell::Cell<Lang> = const { std::cell::Cell::new(Lang::En) };
}

/// The page's language as it is now, without a component's context.
pub fn current() -> Lang {
    CURRENT.with(std::cell::Cell::get)
}

/// Sets `<html lang dir>`, which `Intl` formatting elsewhere reads too.
fn apply_to_document(lang: Lang) {
    CURRENT.with(|current| current.set(lang));
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang.code());
        let _ = root.set_attribute("dir", lang.dir());
    }
}

/// Works out the page's language and provides it to every component below.
pub fn provide_locale() -> Locale {
    let from_address = address_lang();
    if let Some(lang) = from_address {
        storage::save_lang(lang.code());
    }
    let lang = from_address
        .or_else(|| storage::load_lang().and_then(|tag| Lang::from_tag(&tag)))
        .or_else(browser_lang)
        .unwrap_or_default();
    apply_to_document(lang);
    let locale = Locale {
        lang: RwSignal::new(lang),
        reader: lang,
    };
    provide_context(locale);
    locale
}

/// The page's language, from context (English where none was provided, as in tests).
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_else(|| Locale {
        lang: RwSignal::new(Lang::En),
        reader: Lang::En,
    })
}

/// `?lang=` in the page's address.
fn address_lang() -> Option<Lang> {
    let search = window().location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .and_then(Lang::from_tag)
}

/// The first of the browser's languages the interface speaks.
fn browser_lang() -> Option<Lang> {
    window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .find_map(|tag| Lang::from_tag(&tag))
}

/// A message in the page's language, following it: for text in the page's frame.
pub fn t(
    key: impl Message + Send + Sync + 'static,
) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move || format(locale.get(), key, &[])
}

/// A message in the page's language as it is now: for text rendered once.
pub fn tr(key: impl Message) -> String {
    format(current(), key, &[])
}

/// A message that says how many seconds to wait (`$seconds`), in the page's language.
pub fn tr_seconds(key: impl Message, seconds: u32) -> String {
    tr_with(key, &[("seconds", Arg::Number(f64::from(seconds)))])
}

/// A message with arguments in the page's language as it is now.
pub fn tr_with(key: impl Message, args: &[(&str, Arg<'_>)]) -> String {
    format(current(), key, args)
}

/// What the page says for a broken rule (of a comment, a name, an address, a password), in
/// the page's language.
pub fn rule_message(broken: byline_contract::validate::RuleBreak) -> String {
    use byline_contract::auth::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};
    use byline_contract::validate::{BODY_MAX_CHARS, EMAIL_MAX_CHARS, NAME_MAX_CHARS, RuleBreak};
    let lengths = |key: Key, max: usize, count: usize| {
        tr_with(
            key,
            &[
                ("max", Arg::Number(max as f64)),
                ("count", Arg::Number(count as f64)),
            ],
        )
    };
    match broken {
        RuleBreak::NameEmpty => tr(Key::RuleNameEmpty),
        RuleBreak::NameTooLong(count) => lengths(Key::RuleNameTooLong, NAME_MAX_CHARS, count),
        RuleBreak::NameControl => tr(Key::RuleNameControl),
        RuleBreak::EmailEmpty => tr(Key::RuleEmailEmpty),
        RuleBreak::EmailTooLong => lengths(Key::RuleEmailTooLong, EMAIL_MAX_CHARS, 0),
        RuleBreak::EmailMalformed => tr(Key::RuleEmailMalformed),
        RuleBreak::BodyEmpty => tr(Key::RuleBodyEmpty),
        RuleBreak::BodyTooLong(count) => lengths(Key::RuleBodyTooLong, BODY_MAX_CHARS, count),
        RuleBreak::BodyControl => tr(Key::RuleBodyControl),
        RuleBreak::ParentInvalid => tr(Key::RuleParentInvalid),
        RuleBreak::GuestMissing => tr(Key::RuleGuestMissing),
        RuleBreak::PasswordTooShort(count) => tr_with(
            Key::RulePasswordTooShort,
            &[
                ("min", Arg::Number(PASSWORD_MIN_CHARS as f64)),
                ("count", Arg::Number(count as f64)),
            ],
        ),
        RuleBreak::PasswordTooLong => lengths(Key::RulePasswordTooLong, PASSWORD_MAX_CHARS, 0),
        RuleBreak::PasswordIsEmail => tr(Key::RulePasswordIsEmail),
        RuleBreak::PasswordCommon => tr(Key::RulePasswordCommon),
        RuleBreak::CurrentPasswordEmpty => tr(Key::RuleCurrentPasswordEmpty),
        RuleBreak::PasswordUnchanged => tr(Key::RulePasswordUnchanged),
    }
}

/// How the account views say the cases only they meet (sign-in failures, emailed links…),
/// registered by their bundle at start ([`set_account_words`]), so that the reader's bundle
/// carries none of that text.
pub type CodeWords = fn(Code, Option<u32>) -> Option<String>;

thread_local! {
    static ACCOUNT_WORDS: std::cell::Cell<Option<CodeWords>> = const { std::cell::Cell::new(None) };
}

/// Lets [`code_message`] say the account views' cases.
pub fn set_account_words(words: CodeWords) {
    ACCOUNT_WORDS.with(|cell| cell.set(Some(words)));
}

/// What the page says, in its language, for a case the endpoint names (a contract [`Code`]);
/// `retry_after` is the answer's `Retry-After` in seconds. `None` when this bundle has no
/// words for it: the endpoint's English sentence stands.
pub fn code_message(code: Code, retry_after: Option<u32>) -> Option<String> {
    let key = match code {
        Code::NameTaken => Key::CodeNameTaken,
        Code::SignedOut => Key::CodeSignedOut,
        Code::CrossSiteRefused => Key::CodeCrossSite,
        Code::NotYourComment => Key::CodeNotYourComment,
        Code::EditWindowClosed => Key::CodeEditWindowClosed,
        Code::RateLimited => {
            return retry_after.map(|seconds| tr_seconds(Key::CodeRateLimited, seconds));
        }
        Code::DuplicateComment => Key::CodeDuplicateComment,
        Code::TooManyLinks => Key::CodeTooManyLinks,
        Code::BannedWords => Key::CodeBannedWords,
        Code::LooksAutomated => Key::CodeLooksAutomated,
        Code::KeyReused => Key::CodeKeyReused,
        Code::RequestInProgress => Key::CodeRequestInProgress,
        Code::CommentsClosed => Key::CodeCommentsClosed,
        Code::Banned => Key::CodeBanned,
        Code::AlreadyReported => Key::CodeAlreadyReported,
        other => {
            let words = ACCOUNT_WORDS.with(std::cell::Cell::get)?;
            return words(other, retry_after);
        }
    };
    Some(tr(key))
}

/// Rule breaks as a form's field errors, in the page's language; `Ok` when there are none.
pub fn rule_errors(
    breaks: Vec<(&'static str, byline_contract::validate::RuleBreak)>,
) -> Result<(), byline_contract::FieldErrors> {
    if breaks.is_empty() {
        return Ok(());
    }
    let mut errors = byline_contract::FieldErrors::new();
    for (name, broken) in breaks {
        errors
            .entry(name.to_owned())
            .or_default()
            .push(rule_message(broken));
    }
    Err(errors)
}

/// A message in the page's language as it is now, cut where variable `name` goes: the text
/// before and after it, so that markup (a `<bdi>` around a name) can stand in its place.
pub fn tr_around(key: impl Message, name: &str) -> (String, String) {
    split_around(current(), key, name)
}

fn split_around(lang: Lang, key: impl Message, name: &str) -> (String, String) {
    const MARK: &str = "\u{E000}";
    let text = format(lang, key, &[(name, Arg::Text(MARK))]);
    let isolated = format!("\u{2068}{MARK}\u{2069}");
    match text.split_once(&isolated) {
        Some((before, after)) => (before.to_owned(), after.to_owned()),
        None => (text, String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The variables a message's parts use, in order.
    fn variables(parts: &[Part], into: &mut Vec<&'static str>) {
        for part in parts {
            match part {
                Part::Text(_) => {}
                Part::Var(name) => into.push(name),
                Part::Group(parts) => variables(parts, into),
                Part::Select(name, variants, _) => {
                    into.push(name);
                    for (_, parts) in variants.iter() {
                        variables(parts, into);
                    }
                }
            }
        }
    }

    fn variable_set(parts: &[Part]) -> std::collections::BTreeSet<&'static str> {
        let mut names = Vec::new();
        variables(parts, &mut names);
        names.into_iter().collect()
    }

    /// Each catalogue group: its ids, its messages by language, and the ids only other
    /// languages have.
    type Group = (
        &'static [&'static str],
        &'static [&'static [Option<&'static [Part]>]],
        &'static [&'static [&'static str]],
    );

    fn groups() -> [Group; 2] {
        static MAIN: [&[Option<&[Part]>]; 4] = [
            &KEY_CATALOGUES[0],
            &KEY_CATALOGUES[1],
            &KEY_CATALOGUES[2],
            &KEY_CATALOGUES[3],
        ];
        static ACCOUNT: [&[Option<&[Part]>]; 4] = [
            &ACCOUNTKEY_CATALOGUES[0],
            &ACCOUNTKEY_CATALOGUES[1],
            &ACCOUNTKEY_CATALOGUES[2],
            &ACCOUNTKEY_CATALOGUES[3],
        ];
        [
            (&KEY_IDS, &MAIN, &KEY_EXTRA_IDS),
            (&ACCOUNTKEY_IDS, &ACCOUNT, &ACCOUNTKEY_EXTRA_IDS),
        ]
    }

    #[test]
    fn every_catalogue_has_every_message_english_has_and_no_other() {
        for (ids, catalogues, extra) in groups() {
            for lang in Lang::ALL {
                let missing: Vec<&str> = ids
                    .iter()
                    .zip(catalogues[lang.index()].iter())
                    .filter(|(_, parts)| parts.is_none())
                    .map(|(id, _)| *id)
                    .collect();
                assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
                assert!(
                    extra[lang.index()].is_empty(),
                    "{} has messages English lacks: {:?}",
                    lang.code(),
                    extra[lang.index()]
                );
            }
        }
    }

    #[test]
    fn the_loading_placeholder_says_what_the_catalogues_say() {
        // boot/lang.js speaks before the app starts, so it carries its own copies.
        let boot = include_str!("../boot/lang.js");
        for lang in Lang::ALL {
            let loading = format(lang, Key::Loading, &[]);
            let entry = format!("{}: [\"{loading}\", \"{}\"]", lang.code(), lang.dir());
            assert!(boot.contains(&entry), "boot/lang.js lacks {entry}");
        }
    }

    #[test]
    fn translations_use_the_variables_english_gives_them() {
        for (ids, catalogues, _) in groups() {
            for (index, id) in ids.iter().enumerate() {
                let english = catalogues[0][index].map(variable_set).unwrap_or_default();
                for lang in Lang::ALL {
                    let theirs = catalogues[lang.index()][index]
                        .map(variable_set)
                        .unwrap_or_default();
                    assert!(
                        theirs.is_subset(&english),
                        "{} `{id}` uses {theirs:?}, English gives {english:?}",
                        lang.code()
                    );
                }
            }
        }
    }

    #[test]
    fn messages_fill_in_their_variables_and_pick_plural_variants() {
        let one = format(Lang::En, Key::CommentCount, &[("count", Arg::Number(1.0))]);
        assert_eq!(one, "1 comment");
        let many = format(Lang::En, Key::CommentCount, &[("count", Arg::Number(12.0))]);
        assert_eq!(many, "12 comments");
        let none = format(Lang::En, Key::CommentCount, &[("count", Arg::Number(0.0))]);
        assert_eq!(none, "No comments yet");
        let named = format(
            Lang::En,
            Key::CommentRepliesTo,
            &[("name", Arg::Text("Şêrko"))],
        );
        assert_eq!(named, "Replies to \u{2068}Şêrko\u{2069}");
        // The page's words for the rules are the contract's (the endpoint's) in English.
        use byline_contract::validate::RuleBreak;
        for broken in [
            RuleBreak::NameEmpty,
            RuleBreak::NameTooLong(61),
            RuleBreak::NameControl,
            RuleBreak::EmailEmpty,
            RuleBreak::EmailTooLong,
            RuleBreak::EmailMalformed,
            RuleBreak::BodyEmpty,
            RuleBreak::BodyTooLong(5001),
            RuleBreak::BodyControl,
            RuleBreak::ParentInvalid,
            RuleBreak::GuestMissing,
            RuleBreak::PasswordTooShort(3),
            RuleBreak::PasswordTooLong,
            RuleBreak::PasswordIsEmail,
            RuleBreak::PasswordCommon,
            RuleBreak::CurrentPasswordEmpty,
            RuleBreak::PasswordUnchanged,
        ] {
            assert_eq!(rule_message(broken), broken.to_string());
        }
        assert_eq!(
            split_around(Lang::En, Key::FormCommentingAs, "name"),
            ("Commenting as ".to_owned(), ".".to_owned())
        );
    }

    #[test]
    fn tags_map_to_the_interface_languages() {
        for (tag, lang) in [
            ("en-GB", Some(Lang::En)),
            ("ar", Some(Lang::Ar)),
            ("ar_IQ", Some(Lang::Ar)),
            ("ckb", Some(Lang::Ckb)),
            ("ckb-IR", Some(Lang::Ckb)),
            ("ku-Arab", Some(Lang::Ckb)),
            ("ku-IQ", Some(Lang::Ckb)),
            ("ku", Some(Lang::Kmr)),
            ("ku-Latn-TR", Some(Lang::Kmr)),
            ("kmr", Some(Lang::Kmr)),
            ("fr", None),
            ("", None),
        ] {
            assert_eq!(Lang::from_tag(tag), lang, "{tag}");
        }
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.code()), Some(lang));
        }
    }
}
