//! Account emails: confirmation links, reset links and the notice sent when someone registers
//! a taken address. They go to an SMTP server (plain, no authentication) or, without one, into
//! an outbox directory as `.eml` files (RFC 5322), with the link also in the log.
//!
//! Sending runs in its own task: a request never waits for it, and a failure goes to the log
//! only, so answers are the same whether a message was sent, failed, or was not needed.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::Context;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::MailConfig;
use crate::db::now_ms;
use crate::mail_text::{MailLang, text};

/// How long one SMTP conversation may take before it is given up.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(10);

/// The default SMTP port when the address names none.
const SMTP_PORT: u16 = 25;

/// The host and port of `smtp://host[:port]`, if the address has that form.
pub fn smtp_host_port(url: &str) -> Option<(String, u16)> {
    let rest = url.strip_prefix("smtp://")?.trim_end_matches('/');
    let (host, port) = match rest.rsplit_once(':') {
        // A bracketed IPv6 address without a port ends with `]`.
        Some((host, port)) if !port.ends_with(']') => (host, port.parse().ok()?),
        _ => (rest, SMTP_PORT),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let valid = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    valid.then(|| (host.to_owned(), port))
}

/// One account email, by purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mail {
    /// The link that confirms a new account.
    Confirm {
        /// The token of the link.
        token: String,
    },
    /// Someone registered an address that already has an account.
    AlreadyRegistered,
    /// The link that sets a new password.
    Reset {
        /// The token of the link.
        token: String,
    },
    /// The receipt of a contribution to "Be part of".
    Receipt {
        /// The contribution's reference.
        reference: String,
        /// How many files it carried.
        files: usize,
    },
}

/// Where messages go.
enum Transport {
    /// An SMTP server.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// `.eml` files in a directory.
    Outbox(PathBuf),
}

/// Writes and sends account emails.
pub struct Mailer {
    from: Mailbox,
    public_url: String,
    transport: Transport,
    /// Tells apart outbox files written in the same millisecond.
    sequence: AtomicU64,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let transport = match &self.transport {
            Transport::Smtp(_) => "smtp".to_owned(),
            Transport::Outbox(dir) => format!("outbox {}", dir.display()),
        };
        f.debug_struct("Mailer")
            .field("public_url", &self.public_url)
            .field("transport", &transport)
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer for the settings; fails on a sender or SMTP address it cannot use.
    pub fn new(config: &MailConfig) -> anyhow::Result<Self> {
        let from: Mailbox = config
            .from
            .parse()
            .with_context(|| format!("the mail sender `{}` is not an address", config.from))?;
        let transport = match &config.smtp_url {
            Some(url) => {
                let (host, port) = smtp_host_port(url)
                    .with_context(|| format!("`{url}` is not an address like smtp://host:port"))?;
                Transport::Smtp(
                    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
                        .port(port)
                        .timeout(Some(SMTP_TIMEOUT))
                        .build(),
                )
            }
            None => Transport::Outbox(config.outbox.clone()),
        };
        Ok(Self {
            from,
            public_url: config.public_url.trim_end_matches('/').to_owned(),
            transport,
            sequence: AtomicU64::new(0),
        })
    }

    /// Sends `mail` to `to` in the background; failures are logged.
    pub fn send(self: &Arc<Self>, to: &str, mail: Mail, lang: MailLang) {
        let mailer = Arc::clone(self);
        let to = to.to_owned();
        tokio::spawn(async move {
            let kind = mailer.kind(&mail);
            let delivery = tokio::time::timeout(SMTP_TIMEOUT * 2, mailer.deliver(&to, &mail, lang));
            match delivery.await {
                Ok(Ok(())) => tracing::debug!(kind, "account email sent"),
                Ok(Err(error)) => {
                    tracing::error!(kind, "sending an account email failed: {error:#}")
                }
                Err(_) => tracing::error!(kind, "sending an account email timed out"),
            }
        });
    }

    /// The log name of a kind of message.
    fn kind(&self, mail: &Mail) -> &'static str {
        match mail {
            Mail::Confirm { .. } => "confirm",
            Mail::AlreadyRegistered => "already-registered",
            Mail::Reset { .. } => "reset",
            Mail::Receipt { .. } => "receipt",
        }
    }

    /// Writes and sends one message now.
    async fn deliver(&self, to: &str, mail: &Mail, lang: MailLang) -> anyhow::Result<()> {
        let message = self.compose(to, mail, lang)?;
        match &self.transport {
            Transport::Smtp(transport) => {
                // The server's reply text may quote the recipient, so only its code is logged.
                transport.send(message).await.map_err(|error| {
                    let what = if error.is_timeout() {
                        "timed out".to_owned()
                    } else if let Some(code) = error.status() {
                        format!("was answered {code}")
                    } else {
                        "could not reach the server".to_owned()
                    };
                    anyhow::anyhow!("the SMTP delivery {what}")
                })?;
            }
            Transport::Outbox(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .with_context(|| format!("creating the outbox {}", dir.display()))?;
                let sequence = self.sequence.fetch_add(1, Ordering::Relaxed);
                // The process id too: several processes may share one outbox.
                let path = dir.join(format!(
                    "{}-{}-{sequence:04}-{}.eml",
                    now_ms(),
                    std::process::id(),
                    self.kind(mail)
                ));
                tokio::fs::write(&path, message.formatted())
                    .await
                    .with_context(|| format!("writing {}", path.display()))?;
                match self.link(mail, lang) {
                    Some(link) => {
                        tracing::info!(kind = self.kind(mail), %link, "account email written to the outbox")
                    }
                    None => tracing::info!(
                        kind = self.kind(mail),
                        "account email written to the outbox"
                    ),
                }
            }
        }
        Ok(())
    }

    /// The link a message carries, if any: to the account view in the message's language.
    fn link(&self, mail: &Mail, lang: MailLang) -> Option<String> {
        let (view, token) = match mail {
            Mail::Confirm { token } => ("confirm", token),
            Mail::Reset { token } => ("reset", token),
            Mail::AlreadyRegistered | Mail::Receipt { .. } => return None,
        };
        let lang = match lang {
            MailLang::En => String::new(),
            other => format!("&lang={}", other.code()),
        };
        Some(format!(
            "{}/account/{view}?token={token}{lang}",
            self.public_url
        ))
    }

    /// The whole message, in `lang`: headers and a plain-text body.
    fn compose(&self, to: &str, mail: &Mail, lang: MailLang) -> anyhow::Result<Message> {
        let to: Mailbox = to.parse().context("the recipient is not an address")?;
        let site = self.public_url.as_str();
        let link = self.link(mail, lang).unwrap_or_default();
        let (name, reference, files) = match mail {
            Mail::Confirm { .. } => ("confirm", "", String::new()),
            Mail::Reset { .. } => ("reset", "", String::new()),
            Mail::AlreadyRegistered => ("taken", "", String::new()),
            Mail::Receipt { reference, files } => {
                ("receipt", reference.as_str(), files.to_string())
            }
        };
        let args = [
            ("link", link.as_str()),
            ("site", site),
            ("reference", reference),
            ("files", files.as_str()),
        ];
        let subject = text(lang, &format!("{name}-subject"), &args);
        let mut body = text(lang, &format!("{name}-body"), &args);
        body.push('\n');
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .context("building the message")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_addresses_are_host_and_optional_port() {
        assert_eq!(
            smtp_host_port("smtp://127.0.0.1:2525"),
            Some(("127.0.0.1".to_owned(), 2525))
        );
        assert_eq!(
            smtp_host_port("smtp://mail.example"),
            Some(("mail.example".to_owned(), 25))
        );
        assert_eq!(
            smtp_host_port("smtp://[::1]:2525"),
            Some(("::1".to_owned(), 2525))
        );
        assert_eq!(smtp_host_port("smtps://mail.example"), None);
        assert_eq!(smtp_host_port("smtp://:25"), None);
        assert_eq!(smtp_host_port("smtp://user@mail.example"), None);
    }

    #[tokio::test]
    async fn without_smtp_a_message_lands_in_the_outbox_with_its_link() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mailer = Mailer::new(&MailConfig {
            outbox: dir.path().join("out"),
            public_url: "https://news.example/".to_owned(),
            ..MailConfig::default()
        })
        .expect("mailer");
        let token = "ab".repeat(32);
        mailer
            .deliver(
                "reader@example.org",
                &Mail::Confirm {
                    token: token.clone(),
                },
                MailLang::En,
            )
            .await
            .expect("delivered");
        let files: Vec<_> = std::fs::read_dir(dir.path().join("out"))
            .expect("outbox")
            .map(|entry| entry.expect("entry").path())
            .collect();
        assert_eq!(files.len(), 1);
        assert!(files[0].to_string_lossy().ends_with("-confirm.eml"));
        let text = std::fs::read_to_string(&files[0]).expect("eml");
        assert!(text.contains("To: reader@example.org"), "{text}");
        assert!(
            text.contains("Subject: Confirm your Byline account"),
            "{text}"
        );
        // Long lines are quoted-printable: undo the soft breaks and `=3D` to find the link.
        let body = text.replace("=\r\n", "").replace("=3D", "=");
        assert!(
            body.contains(&format!(
                "https://news.example/account/confirm?token={token}"
            )),
            "{text}"
        );
    }

    #[test]
    fn a_bad_sender_is_refused() {
        let config = MailConfig {
            from: "not an address".to_owned(),
            ..MailConfig::default()
        };
        assert!(Mailer::new(&config).is_err());
    }
}
