//! "Report": a reader tells the moderators what is wrong with a comment (spam, abuse, off
//! topic, or something else in their words). One report per reader and comment; enough of
//! them hide the comment until a moderator has looked.

use byline_contract::moderation::{REPORT_DETAIL_MAX_CHARS, Report, ReportReason};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::actions::{REPORT, focus_button, focus_in_next_frame};
use super::lazy::chunk_failed;
use crate::api;
use crate::chunks::Load;
use crate::i18n::{Key, tr};

/// Where a report is.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Only the button shows.
    Closed,
    /// The form is open (sending or not).
    Open,
    /// Received (or received before): the message to show.
    Done(String),
}

/// The words a reason is offered with.
pub fn reason_key(reason: ReportReason) -> Key {
    match reason {
        ReportReason::Spam => Key::ReportReasonSpam,
        ReportReason::Abuse => Key::ReportReasonAbuse,
        ReportReason::OffTopic => Key::ReportReasonOffTopic,
        ReportReason::Other => Key::ReportReasonOther,
    }
}

/// The "Report" button of comment `id` (its `text`, and `label`, "Report the comment of
/// NAME"), and the form it opens in place. A comment carries one signal for it: the form
/// and its state are made when it opens, so a page of a thousand comments stays light.
/// A click on the button reaches it through the section's listener ([`Actions`]).
pub fn report_button(id: i64, step: RwSignal<Step>, text: String, label: String) -> impl IntoView {
    move || {
        match step.get() {
        Step::Closed => view! {
            <button class=REPORT aria-label=label.clone()>
                {text.clone()}
            </button>
        }
        .into_any(),
        // The form that had the focus is gone: the message takes it, and is read out.
        Step::Done(message) => view! {
            <p class="comment__report-done" id=format!("comment-{id}-report-done") tabindex="-1" role="status">
                {message}
            </p>
        }
        .into_any(),
        // The form comes with the actions' chunk: the button stays, busy, until it is here.
        Step::Open => {
            let chunk = crate::chunks::actions();
            chunk.request();
            let label = label.clone();
            let text = text.clone();
            (move || match chunk.get() {
                Load::Ready(parts) => (parts.report_form)(id, step),
                // The notice's own "Try again" is the one control: a Report button beside it
                // would do the same.
                Load::Failed => chunk_failed(move || crate::chunks::actions().request()),
                Load::NotYet | Load::Loading => view! {
                    <button class=REPORT aria-label=label.clone() aria-busy="true">{text.clone()}</button>
                }
                .into_any(),
            })
            .into_any()
        }
    }
    }
}

/// The open form of a report.
#[component]
pub fn ReportForm(id: i64, step: RwSignal<Step>) -> impl IntoView {
    let reason = RwSignal::new(ReportReason::Spam);
    let detail = RwSignal::new(String::new());
    let detail_error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let form_id = format!("comment-{id}-report");
    let detail_id = format!("comment-{id}-report-detail");
    let legend_id = format!("comment-{id}-report-legend");
    let focus = |id: String| focus_in_next_frame(format!("#{id}"));
    // The focus goes to the first reason as the form opens.
    focus(format!("comment-{id}-report-spam"));
    let detail_focus = detail_id.clone();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let text = detail.get_untracked().trim().to_owned();
        if reason.get_untracked() == ReportReason::Other && text.is_empty() {
            detail_error.set(Some(tr(Key::ReportDetailRequired)));
            focus(detail_focus.clone());
            return;
        }
        detail_error.set(None);
        failure.set(None);
        sending.set(true);
        let report = Report {
            reason: reason.get_untracked(),
            detail: (!text.is_empty()).then_some(text),
        };
        spawn_local(async move {
            let answer = api::report_comment(id, &report).await;
            sending.try_set(false);
            match answer {
                Ok(()) => {
                    step.try_set(Step::Done(tr(Key::ReportThanks)));
                    focus(format!("comment-{id}-report-done"));
                }
                // Reported before (from this browser or another of the reader's): the same
                // outcome, said as such.
                Err(error) if error.status() == Some(409) => {
                    step.try_set(Step::Done(error.to_string()));
                    focus(format!("comment-{id}-report-done"));
                }
                Err(error) => {
                    match error.field_errors().and_then(|errors| errors.get("detail")) {
                        Some(messages) => detail_error.try_set(Some(messages.join(" "))),
                        None => failure.try_set(Some(error.to_string())),
                    };
                }
            }
        });
    };
    view! {
        <form id=form_id class="report" novalidate on:submit=on_submit>
            <fieldset class="report__reasons" aria-labelledby=legend_id.clone()>
                <legend id=legend_id.clone()>{tr(Key::ReportLegend)}</legend>
                {reason_inputs(id, reason)}
            </fieldset>
            <label for=detail_id.clone()>{tr(Key::ReportDetail)}</label>
            <textarea
                id=detail_id
                class="report__detail"
                rows="2"
                maxlength=REPORT_DETAIL_MAX_CHARS.to_string()
                dir="auto"
                aria-invalid=move || detail_error.with(Option::is_some).to_string()
                aria-describedby=move || detail_error.with(Option::is_some).then(|| format!("comment-{id}-report-detail-error"))
                prop:value=move || detail.get()
                on:input=move |event| detail.set(event_target_value(&event))
            ></textarea>
            {move || detail_error.get().map(|message| view! {
                <p class="field__error" id=format!("comment-{id}-report-detail-error")>{message}</p>
            })}
            {move || failure.get().map(|message| view! {
                <p class="notice notice--error" role="alert">{message}</p>
            })}
            <div class="report__buttons">
                <button
                    type="submit"
                    class="button button--secondary"
                    aria-busy=move || sending.get().to_string()
                >
                    {tr(Key::ReportSend)}
                </button>
                <button type="button" class="button button--quiet" on:click=move |_| {
                    step.set(Step::Closed);
                    focus_button(id, "comment__report-button");
                }>
                    {tr(Key::Cancel)}
                </button>
            </div>
        </form>
    }
}

/// The reasons to choose from, as radio buttons.
fn reason_inputs(id: i64, reason: RwSignal<ReportReason>) -> impl IntoView {
    ReportReason::ALL
        .into_iter()
        .map(|choice| {
            let radio_id = format!("comment-{id}-report-{}", choice.as_str().replace('_', "-"));
            view! {
                <div class="report__reason">
                    <input
                        type="radio"
                        id=radio_id.clone()
                        name=format!("comment-{id}-report-reason")
                        value=choice.as_str()
                        prop:checked=move || reason.get() == choice
                        on:change=move |_| reason.set(choice)
                    />
                    <label for=radio_id>{tr(reason_key(choice))}</label>
                </div>
            }
        })
        .collect_view()
}
