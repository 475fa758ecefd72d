//! The account emails' words in the interface's four languages, from `locales/email/*.ftl`:
//! Fluent messages of text and variables (`{ $link }`), read once with the `fluent-syntax`
//! parser. A message is written in the language the reader's page asked in, English when it
//! asked in none of these.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

/// A language of the account emails.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MailLang {
    /// English, the reference and the fallback.
    #[default]
    En,
    /// Arabic.
    Ar,
    /// Central Kurdish (Sorani).
    Ckb,
    /// Northern Kurdish (Kurmanji).
    Kmr,
}

impl MailLang {
    /// Every language, English first.
    pub const ALL: [MailLang; 4] = [MailLang::En, MailLang::Ar, MailLang::Ckb, MailLang::Kmr];

    /// The language of a BCP 47 tag, as the page names its own (`ar`, `ckb`, `kmr`; `ku` is
    /// Kurmanji unless written in Arabic script or in Iraq or Iran); English for any other.
    pub fn from_tag(tag: Option<&str>) -> MailLang {
        let tag = tag
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
            .replace('_', "-");
        let mut subtags = tag.split('-');
        match subtags.next().unwrap_or_default() {
            "ar" => MailLang::Ar,
            "ckb" => MailLang::Ckb,
            "kmr" => MailLang::Kmr,
            "ku" if subtags.any(|s| s == "arab" || s == "iq" || s == "ir") => MailLang::Ckb,
            "ku" => MailLang::Kmr,
            _ => MailLang::En,
        }
    }

    /// The BCP 47 tag, for links back to the site in the same language.
    pub fn code(self) -> &'static str {
        match self {
            MailLang::En => "en",
            MailLang::Ar => "ar",
            MailLang::Ckb => "ckb",
            MailLang::Kmr => "kmr",
        }
    }

    fn source(self) -> &'static str {
        match self {
            MailLang::En => include_str!("../../../locales/email/en.ftl"),
            MailLang::Ar => include_str!("../../../locales/email/ar.ftl"),
            MailLang::Ckb => include_str!("../../../locales/email/ckb.ftl"),
            MailLang::Kmr => include_str!("../../../locales/email/kmr.ftl"),
        }
    }
}

/// A piece of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Var(String),
}

type Catalogue = BTreeMap<String, Vec<Piece>>;

/// Reads a catalogue: its messages as pieces, or what in it this module does not read.
fn parse(source: &str) -> Result<Catalogue, String> {
    let resource = fluent_syntax::parser::parse(source).map_err(|(_, errors)| {
        format!(
            "{} syntax errors, the first {:?}",
            errors.len(),
            errors.first()
        )
    })?;
    let mut catalogue = Catalogue::new();
    for entry in resource.body {
        match entry {
            Entry::Message(message) => {
                let id = message.id.name.to_owned();
                let pattern = message
                    .value
                    .ok_or_else(|| format!("`{id}` has no value"))?;
                catalogue.insert(id.clone(), pieces(&id, &pattern)?);
            }
            Entry::Comment(_) | Entry::GroupComment(_) | Entry::ResourceComment(_) => {}
            other => return Err(format!("an entry this module does not read: {other:?}")),
        }
    }
    Ok(catalogue)
}

fn pieces(id: &str, pattern: &Pattern<&str>) -> Result<Vec<Piece>, String> {
    pattern
        .elements
        .iter()
        .map(|element| match element {
            PatternElement::TextElement { value } => Ok(Piece::Text((*value).to_owned())),
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::VariableReference { id: var }),
            } => Ok(Piece::Var(var.name.to_owned())),
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::StringLiteral { value }),
            } => Ok(Piece::Text((*value).to_owned())),
            other => Err(format!(
                "`{id}` has an expression this module does not read: {other:?}"
            )),
        })
        .collect()
}

/// Every language's catalogue, read once. One that does not read (the tests make sure each
/// does) is logged and left empty, so its messages come in English.
fn catalogues() -> &'static [Catalogue; 4] {
    static CATALOGUES: OnceLock<[Catalogue; 4]> = OnceLock::new();
    CATALOGUES.get_or_init(|| {
        MailLang::ALL.map(|lang| {
            parse(lang.source()).unwrap_or_else(|error| {
                tracing::error!(
                    lang = lang.code(),
                    "the email catalogue does not read: {error}"
                );
                Catalogue::new()
            })
        })
    })
}

/// Message `id` in `lang` (in English where `lang` lacks it), with `args` set in.
pub fn text(lang: MailLang, id: &str, args: &[(&str, &str)]) -> String {
    let all = catalogues();
    let pieces = all[lang as usize]
        .get(id)
        .or_else(|| all[MailLang::En as usize].get(id));
    let Some(pieces) = pieces else {
        tracing::error!(id, "no such email message");
        return String::new();
    };
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.as_str(),
            Piece::Var(name) => args
                .iter()
                .find(|(arg, _)| arg == name)
                .map_or("", |(_, value)| *value),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variables(pieces: &[Piece]) -> Vec<&str> {
        let mut names: Vec<&str> = pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Var(name) => Some(name.as_str()),
                Piece::Text(_) => None,
            })
            .collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn every_catalogue_reads_and_has_every_english_message_with_its_variables() {
        let english = parse(MailLang::En.source()).expect("the English catalogue reads");
        assert!(english.len() >= 6, "{english:?}");
        for lang in MailLang::ALL {
            let theirs = parse(lang.source())
                .unwrap_or_else(|error| panic!("{} does not read: {error}", lang.code()));
            assert_eq!(
                theirs.keys().collect::<Vec<_>>(),
                english.keys().collect::<Vec<_>>(),
                "{} has other messages than English",
                lang.code()
            );
            for (id, pieces) in &english {
                assert_eq!(
                    variables(&theirs[id]),
                    variables(pieces),
                    "{} `{id}` uses other variables than English",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn messages_set_in_their_variables_and_keep_their_paragraphs() {
        let body = text(
            MailLang::En,
            "confirm-body",
            &[("link", "https://x.example/l")],
        );
        assert!(body.starts_with("Welcome to Byline.\n\n"), "{body:?}");
        assert!(body.contains("\n\nhttps://x.example/l\n\n"), "{body:?}");
        let arabic = text(MailLang::Ar, "confirm-subject", &[]);
        assert_eq!(arabic, "أكّد حسابك في بايلاين");
    }

    #[test]
    fn tags_choose_the_language_and_anything_else_is_english() {
        for (tag, lang) in [
            (Some("ar"), MailLang::Ar),
            (Some("ar-IQ"), MailLang::Ar),
            (Some("ckb"), MailLang::Ckb),
            (Some("ku-Arab"), MailLang::Ckb),
            (Some("ku"), MailLang::Kmr),
            (Some("KMR"), MailLang::Kmr),
            (Some("fr"), MailLang::En),
            (Some(""), MailLang::En),
            (None, MailLang::En),
        ] {
            assert_eq!(MailLang::from_tag(tag), lang, "{tag:?}");
        }
    }
}
