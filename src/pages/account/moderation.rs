//! `/account/moderation`: the moderators' queue (comments that wait for approval or were
//! hidden by readers' reports, each with its article, the comment it answers, its reports and
//! its author's history), an article's moderation mode, who is banned from commenting (with
//! a way to lift each ban), and the log of recent actions. The
//! endpoint refuses everyone but moderators and admins; this page says so to anyone else.

use byline_contract::moderation::{
    Action, ArticleModeration, Bans, Decision, Held, LiftBan, Log, Mode, QueueItem,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::AccountShell;
use crate::api::{self, ApiError};
use crate::components::comments::reason_key;
use crate::components::time::FullTime;
use crate::i18n::{AccountKey, Arg, tr, tr_with};

/// The page.
#[component]
pub fn ModerationPage() -> impl IntoView {
    let queue = LocalResource::new(api::moderation_queue);
    let log = LocalResource::new(api::moderation_log);
    let bans = LocalResource::new(api::moderation_bans);
    // A decision may ban someone, and lifting a ban is an action: the log and the bans follow.
    let on_decided = Callback::new(move |()| {
        log.refetch();
        bans.refetch();
    });
    let queue_view = move || {
        Suspend::new(async move {
            match queue.await {
                Ok(queue) if queue.items.is_empty() => {
                    view! { <p>{tr(AccountKey::AccModEmpty)}</p> }.into_any()
                }
                Ok(queue) => view! {
                    <ol class="moderation__queue">
                        {queue
                            .items
                            .into_iter()
                            .map(|item| view! { <QueueEntry item on_decided/> })
                            .collect_view()}
                    </ol>
                }
                .into_any(),
                Err(error) => refusal(error),
            }
        })
    };
    view! {
        <AccountShell title=AccountKey::AccModTitle>
            <section class="account__section" aria-labelledby="moderation-queue">
                <h2 id="moderation-queue">{tr(AccountKey::AccModQueue)}</h2>
                <Suspense fallback=|| ()>{queue_view}</Suspense>
            </section>
            <ContributionsList/>
            <ArticleModes on_saved=on_decided/>
            <BansList bans=bans on_lifted=on_decided/>
            <section class="account__section" aria-labelledby="moderation-log">
                <h2 id="moderation-log">{tr(AccountKey::AccModLog)}</h2>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move { log.await.map(log_view).unwrap_or_else(refusal) })}
                </Suspense>
            </section>
        </AccountShell>
    }
}

/// Why the page cannot show the queue: not signed in, not a moderator, or the endpoint failed.
fn refusal(error: ApiError) -> AnyView {
    view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any()
}

/// One queued comment with its context and the moderator's choices.
#[component]
fn QueueEntry(item: QueueItem, on_decided: Callback<()>) -> impl IntoView {
    let QueueItem {
        comment,
        article,
        parent,
        reports,
        history,
    } = item;
    let id = comment.id;
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let reason_id = format!("moderation-{id}-reason");
    let heading_id = format!("moderation-{id}-heading");
    let state = match comment.moderation {
        Some(Held::Hidden) => tr(AccountKey::AccModHidden),
        _ => tr(AccountKey::AccModPending),
    };
    let focus_reason = move || {
        use wasm_bindgen::JsCast;
        if let Some(field) = document()
            .get_element_by_id(&format!("moderation-{id}-reason"))
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = field.focus();
        }
    };
    let decide = move |action: Action| {
        let text = reason.get_untracked().trim().to_owned();
        if action != Action::Approve && text.is_empty() {
            reason_error.set(Some(tr(AccountKey::AccModReasonNeeded)));
            focus_reason();
            return;
        }
        reason_error.set(None);
        failure.set(None);
        busy.set(true);
        let decision = Decision {
            action,
            reason: (!text.is_empty()).then_some(text),
        };
        spawn_local(async move {
            match api::moderate(id, &decision).await {
                Ok(_) => {
                    done.try_set(Some(tr(if action == Action::Approve {
                        AccountKey::AccModApproved
                    } else {
                        AccountKey::AccModRejected
                    })));
                    on_decided.run(());
                }
                Err(error) => {
                    failure.try_set(Some(error.to_string()));
                }
            }
            busy.try_set(false);
        });
    };
    let history_line = tr_with(
        AccountKey::AccModHistory,
        &[
            ("published", Arg::Number(f64::from(history.published))),
            ("held", Arg::Number(f64::from(history.held))),
            ("rejected", Arg::Number(f64::from(history.rejected))),
        ],
    );
    view! {
        <li class="moderation__item">
            <article aria-labelledby=heading_id.clone()>
                <h3 class="moderation__heading" id=heading_id.clone()>
                    <bdi>{comment.author.name.clone()}</bdi> " · " <span class="moderation__state">{state}</span>
                </h3>
                <p class="moderation__article">
                    <a href=format!("/articles/{}#comments", article.slug)>
                        {tr_with(AccountKey::AccModOn, &[("title", Arg::Own(&article.title))])}
                    </a>
                    " · "
                    <FullTime at=comment.created_at.clone()/>
                </p>
                {parent.map(|parent| view! {
                    <div class="moderation__parent">
                        <p>{tr_with(AccountKey::AccModInReply, &[("name", Arg::Own(&parent.author.name))])}</p>
                        <blockquote dir="auto">{parent.body}</blockquote>
                    </div>
                })}
                <div class="moderation__body" dir="auto">{comment.body}</div>
                {(!reports.is_empty()).then(|| view! {
                    <div class="moderation__reports">
                        <h4>{tr(AccountKey::AccModReports)}</h4>
                        <ul>
                            {reports
                                .into_iter()
                                .map(|report| view! {
                                    <li>
                                        {crate::i18n::tr(reason_key(report.reason))} ": " {report.count}
                                        {report.details.into_iter().map(|detail| view! {
                                            <q dir="auto">{detail}</q>
                                        }).collect_view()}
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    </div>
                })}
                <p class="moderation__history">
                    {history_line}
                    {history.banned.then(|| view! { " · " <strong>{tr(AccountKey::AccModBanned)}</strong> })}
                </p>
                {move || match done.get() {
                    Some(message) => view! { <p class="notice notice--success" role="status">{message}</p> }.into_any(),
                    None => view! {
                        <div class="moderation__decision">
                            <label for=reason_id.clone()>{tr(AccountKey::AccModReason)}</label>
                            <input
                                type="text"
                                id=reason_id.clone()
                                maxlength="500"
                                aria-invalid=move || reason_error.with(Option::is_some).to_string()
                                aria-describedby=move || reason_error.with(Option::is_some).then(|| format!("moderation-{id}-reason-error"))
                                prop:value=move || reason.get()
                                on:input=move |event| reason.set(event_target_value(&event))
                            />
                            {move || reason_error.get().map(|message| view! {
                                <p class="field__error" id=format!("moderation-{id}-reason-error")>{message}</p>
                            })}
                            <div class="moderation__buttons">
                                <button type="button" class="button button--primary" aria-busy=move || busy.get().to_string() on:click=move |_| decide(Action::Approve)>
                                    {tr(AccountKey::AccModApprove)}
                                </button>
                                <button type="button" class="button button--secondary" aria-busy=move || busy.get().to_string() on:click=move |_| decide(Action::Reject)>
                                    {tr(AccountKey::AccModReject)}
                                </button>
                                <button type="button" class="button button--quiet" aria-busy=move || busy.get().to_string() on:click=move |_| decide(Action::RejectAndBan)>
                                    {tr(AccountKey::AccModRejectBan)}
                                </button>
                            </div>
                            {move || failure.get().map(|message| view! {
                                <p class="notice notice--error" role="alert">{message}</p>
                            })}
                        </div>
                    }
                    .into_any(),
                }}
            </article>
        </li>
    }
}

/// The words of a moderation mode.
fn mode_key(mode: Mode) -> AccountKey {
    match mode {
        Mode::Post => AccountKey::AccModModePost,
        Mode::Pre => AccountKey::AccModModePre,
        Mode::First => AccountKey::AccModModeFirst,
        Mode::Closed => AccountKey::AccModModeClosed,
    }
}

/// Choosing an article's moderation mode: pre-moderation, first-time commenters only, or
/// closing its comments.
#[component]
fn ArticleModes(on_saved: Callback<()>) -> impl IntoView {
    let articles = LocalResource::new(|| api::articles(None));
    let slug = RwSignal::new(String::new());
    let mode = RwSignal::new(Mode::Post);
    let status = RwSignal::new(None::<Result<String, String>>);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let chosen = slug.get_untracked();
        if chosen.is_empty() {
            return;
        }
        let input = ArticleModeration {
            mode: mode.get_untracked(),
        };
        status.set(None);
        spawn_local(async move {
            let outcome = api::set_article_moderation(&chosen, &input).await;
            status.try_set(Some(
                outcome
                    .map(|()| tr(AccountKey::AccModModeSaved))
                    .map_err(|error| error.to_string()),
            ));
            on_saved.run(());
        });
    };
    let options = move || {
        Suspend::new(async move {
            let items = articles.await.map(|page| page.items).unwrap_or_default();
            if let (Some(first), true) = (items.first(), slug.get_untracked().is_empty()) {
                slug.set(first.slug.clone());
            }
            items
                .into_iter()
                .map(
                    |article| view! { <option value=article.slug.clone()>{article.title}</option> },
                )
                .collect_view()
        })
    };
    view! {
        <section class="account__section" aria-labelledby="moderation-articles">
            <h2 id="moderation-articles">{tr(AccountKey::AccModArticles)}</h2>
            <form class="moderation__modes" on:submit=on_submit>
                <label for="moderation-article">{tr(AccountKey::AccModArticle)}</label>
                <select
                    id="moderation-article"
                    prop:value=move || slug.get()
                    on:change=move |event| slug.set(event_target_value(&event))
                >
                    <Suspense fallback=|| ()>{options}</Suspense>
                </select>
                <label for="moderation-mode">{tr(AccountKey::AccModMode)}</label>
                <select
                    id="moderation-mode"
                    on:change=move |event| {
                        if let Some(chosen) = Mode::parse(&event_target_value(&event)) {
                            mode.set(chosen);
                        }
                    }
                >
                    {Mode::ALL
                        .into_iter()
                        .map(|choice| view! {
                            <option value=choice.as_str() selected=move || mode.get() == choice>
                                {tr(mode_key(choice))}
                            </option>
                        })
                        .collect_view()}
                </select>
                <button type="submit" class="button button--secondary">{tr(AccountKey::AccModSaveMode)}</button>
                {outcome_lines(status)}
            </form>
        </section>
    }
}

/// What came of the last action of a form: its confirmation in a status line, or why it
/// failed in an alert.
fn outcome_lines(status: RwSignal<Option<Result<String, String>>>) -> impl IntoView {
    view! {
        <p role="status">
            {move || match status.get() {
                Some(Ok(message)) => message,
                _ => String::new(),
            }}
        </p>
        {move || match status.get() {
            Some(Err(message)) => Some(view! { <p class="notice notice--error" role="alert">{message}</p> }),
            _ => None,
        }}
    }
}

/// Who may not comment (members banned, guests' addresses blocked), each with a button that
/// lifts the ban.
#[component]
fn BansList(bans: LocalResource<Result<Bans, ApiError>>, on_lifted: Callback<()>) -> impl IntoView {
    let status = RwSignal::new(None::<Result<String, String>>);
    let lift = move |input: LiftBan, name: String| {
        status.set(None);
        spawn_local(async move {
            let outcome = api::lift_ban(&input).await;
            status.try_set(Some(
                outcome
                    .map(|()| tr_with(AccountKey::AccModLifted, &[("name", Arg::Text(&name))]))
                    .map_err(|error| error.to_string()),
            ));
            on_lifted.run(());
        });
    };
    let list = move || {
        Suspend::new(async move {
            match bans.await {
                Ok(bans) => bans_view(bans, lift),
                Err(error) => refusal(error),
            }
        })
    };
    view! {
        <section class="account__section" aria-labelledby="moderation-bans">
            <h2 id="moderation-bans">{tr(AccountKey::AccModBans)}</h2>
            <Suspense fallback=|| ()>{list}</Suspense>
            {outcome_lines(status)}
        </section>
    }
}

/// The bans as a list, each with its "Lift the ban".
fn bans_view(bans: Bans, lift: impl Fn(LiftBan, String) + Copy + 'static) -> AnyView {
    if bans.accounts.is_empty() && bans.emails.is_empty() {
        return view! { <p>{tr(AccountKey::AccModNoBans)}</p> }.into_any();
    }
    let members = bans.accounts.into_iter().map(|account| {
        let who = account.display_name;
        let input = LiftBan {
            account_id: Some(account.account_id),
            email: None,
        };
        (who, account.banned_at, input)
    });
    let addresses = bans.emails.into_iter().map(|blocked| {
        let input = LiftBan {
            account_id: None,
            email: Some(blocked.email.clone()),
        };
        (blocked.email, blocked.blocked_at, input)
    });
    view! {
        <ul class="moderation__bans">
            {members
                .chain(addresses)
                .map(|(who, since, input)| {
                    let label = tr_with(AccountKey::AccModLiftLabel, &[("name", Arg::Text(&who))]);
                    let name = who.clone();
                    view! {
                        <li>
                            <bdi>{who}</bdi> " · " <FullTime at=since/> " "
                            <button
                                type="button"
                                class="button button--quiet"
                                aria-label=label
                                on:click=move |_| lift(input.clone(), name.clone())
                            >
                                {tr(AccountKey::AccModLift)}
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// The recent actions, newest first.
fn log_view(log: Log) -> AnyView {
    if log.items.is_empty() {
        return view! { <p>{tr(AccountKey::AccModLogEmpty)}</p> }.into_any();
    }
    view! {
        <ol class="moderation__log">
            {log
                .items
                .into_iter()
                .map(|entry| {
                    let who = entry
                        .moderator
                        .unwrap_or_else(|| tr(AccountKey::AccModBySite));
                    view! {
                        <li>
                            <FullTime at=entry.at.clone()/> " · "
                            <bdi>{who}</bdi> " · " <code>{entry.action}</code>
                            {entry.article_slug.map(|slug| view! { " · " <span dir="ltr">{slug}</span> })}
                            {entry.comment_id.map(|id| view! { " · #" {id} })}
                            {entry.reason.map(|reason| view! { " · " <q dir="auto">{reason}</q> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

/// The latest contributions to "Be part of", with their files to download, to accept or
/// reject.
#[component]
fn ContributionsList() -> impl IntoView {
    use byline_contract::contribution::{Contribution, Status};
    let list = LocalResource::new(api::contributions);
    let entry = |contribution: Contribution| {
        let id = contribution.id;
        let status = RwSignal::new(contribution.status);
        let failure = RwSignal::new(None::<String>);
        let decide = move |chosen: Status| {
            spawn_local(async move {
                match api::decide_contribution(id, chosen).await {
                    Ok(()) => {
                        status.try_set(chosen);
                    }
                    Err(error) => {
                        failure.try_set(Some(error.to_string()));
                    }
                }
            });
        };
        let heading_id = format!("contribution-{id}");
        view! {
            <li class="moderation__item">
                <article aria-labelledby=heading_id.clone()>
                    <h3 class="moderation__heading" id=heading_id.clone()>
                        <bdi>{contribution.title}</bdi> " · " <span dir="ltr">{contribution.reference}</span>
                    </h3>
                    <p class="moderation__article">
                        <bdi>{contribution.author_name}</bdi> " · "
                        <FullTime at=contribution.created_at.clone()/>
                        {contribution.place.map(|place| view! { " · " <bdi>{place}</bdi> })}
                        {contribution.date.map(|date| view! { " · " <span dir="ltr">{date}</span> })}
                    </p>
                    <div class="moderation__body" dir="auto">{contribution.story}</div>
                    <ul>
                        {contribution
                            .files
                            .into_iter()
                            .map(|file| view! {
                                <li>
                                    <a href=api::contribution_file_url(id, file.position) download=file.original_name.clone() rel="external">
                                        <bdi>{file.original_name.clone()}</bdi>
                                    </a>
                                    " · " <span dir="ltr">{file.media_type} " · " {format!("{:.1} MB", file.size as f64 / (1024.0 * 1024.0))}</span>
                                </li>
                            })
                            .collect_view()}
                    </ul>
                    {move || match status.get() {
                        Status::Pending => view! {
                            <div class="moderation__buttons">
                                <button type="button" class="button button--primary" on:click=move |_| decide(Status::Accepted)>
                                    {tr(AccountKey::AccModAccept)}
                                </button>
                                <button type="button" class="button button--secondary" on:click=move |_| decide(Status::Rejected)>
                                    {tr(AccountKey::AccModReject)}
                                </button>
                            </div>
                        }
                        .into_any(),
                        Status::Accepted => view! { <p role="status">{tr(AccountKey::AccModAccepted)}</p> }.into_any(),
                        Status::Rejected => view! { <p role="status">{tr(AccountKey::AccModRejected)}</p> }.into_any(),
                    }}
                    {move || failure.get().map(|message| view! { <p class="notice notice--error" role="alert">{message}</p> })}
                </article>
            </li>
        }
    };
    view! {
        <section class="account__section" aria-labelledby="moderation-contributions">
            <h2 id="moderation-contributions">{tr(AccountKey::AccModContributions)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.items.is_empty() => {
                            view! { <p>{tr(AccountKey::AccModNoContributions)}</p> }.into_any()
                        }
                        Ok(list) => view! {
                            <ol class="moderation__queue">{list.items.into_iter().map(entry).collect_view()}</ol>
                        }
                        .into_any(),
                        Err(error) => refusal(error),
                    }
                })}
            </Suspense>
        </section>
    }
}
