//! Every error the API answers with, as an RFC 9457 `application/problem+json` body.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use byline_contract::code::Code;
use byline_contract::{FieldErrors, PROBLEM_CONTENT_TYPE, Problem};

use crate::store::StoreError;

/// The title of a 422 answer to a comment that breaks a rule.
pub const COMMENT_INVALID_TITLE: &str = "Your comment needs changes";

/// The title of a 422 answer to an account form (registration, reset, forgotten password)
/// that breaks a rule.
pub const FORM_INVALID_TITLE: &str = "Some fields need changes";

/// An error answer: a status and the problem that explains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    // Boxed: every handler's `Result` carries it, and a problem is large.
    problem: Box<Problem>,
}

impl ApiError {
    /// A problem titled with the status's reason phrase.
    pub fn new(status: StatusCode, detail: impl Into<Option<String>>) -> Self {
        Self {
            problem: Box::new(Problem {
                kind: "about:blank".to_owned(),
                title: status.canonical_reason().unwrap_or("Error").to_owned(),
                status: status.as_u16(),
                detail: detail.into(),
                ..Problem::default()
            }),
        }
    }

    /// Replaces the title.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.problem.title = title.into();
        self
    }

    /// Replaces the detail.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.problem.detail = Some(detail.into());
        self
    }

    /// Names the case, for clients that say it in their reader's language.
    pub fn with_code(mut self, code: Code) -> Self {
        self.problem.code = Some(code.as_str().to_owned());
        self
    }

    /// Adds one message for one field, and names its case.
    pub fn with_field_code(mut self, field: &str, code: Code, message: impl Into<String>) -> Self {
        self.problem
            .error_codes
            .insert(field.to_owned(), code.as_str().to_owned());
        self.with_error(field, message)
    }

    /// Adds messages for named fields or parameters.
    pub fn with_errors(mut self, errors: FieldErrors) -> Self {
        for (field, messages) in errors {
            self.problem
                .errors
                .entry(field)
                .or_default()
                .extend(messages);
        }
        self
    }

    /// Adds one message for one field.
    pub fn with_error(mut self, field: &str, message: impl Into<String>) -> Self {
        self.problem
            .errors
            .entry(field.to_owned())
            .or_default()
            .push(message.into());
        self
    }

    /// 404: `what` does not exist.
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, Some(what.into()))
    }

    /// 400: query parameters with the messages for each bad one.
    pub fn bad_query(errors: FieldErrors) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            Some("Some query parameters have values this endpoint cannot use.".to_owned()),
        )
        .with_errors(errors)
    }

    /// 422: a comment that breaks the contract's rules, with a message per bad field.
    pub fn comment_invalid(errors: FieldErrors) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("Correct the fields named in `errors` and send the comment again.".to_owned()),
        )
        .with_title(COMMENT_INVALID_TITLE)
        .with_errors(errors)
    }

    /// 422: an account form that breaks the contract's rules, with a message per bad field.
    pub fn form_invalid(errors: FieldErrors) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("Correct the fields named in `errors` and send the form again.".to_owned()),
        )
        .with_title(FORM_INVALID_TITLE)
        .with_errors(errors)
    }

    /// 422: an account form with one bad field.
    pub fn field_invalid(field: &str, message: impl Into<String>) -> Self {
        Self::form_invalid(FieldErrors::new()).with_error(field, message)
    }

    /// 422: an account form with one bad field whose case has a [`Code`].
    pub fn field_coded(field: &str, code: Code, message: impl Into<String>) -> Self {
        Self::form_invalid(FieldErrors::new()).with_field_code(field, code, message)
    }

    /// 500, with nothing about the cause (which goes to the log instead).
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            Some("Something went wrong on our side. Try again in a moment.".to_owned()),
        )
    }

    /// The status of the answer.
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The problem body.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        problem_response(status, &self.problem)
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        tracing::error!(error = %error, "storage failed");
        Self::internal()
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        Self::from(StoreError::from(error))
    }
}

/// The `429` answer: `{what} Wait N seconds before trying again.`, the case's `code`, and
/// `Retry-After` in whole seconds (at least 1).
pub fn retry_later(wait: std::time::Duration, code: Code, what: &str) -> Response {
    let seconds = wait.as_millis().div_ceil(1000).max(1);
    let plural = if seconds == 1 { "" } else { "s" };
    let mut response = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        Some(format!(
            "{what} Wait {seconds} second{plural} before trying again."
        )),
    )
    .with_code(code)
    .into_response();
    if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// Serialises a problem with its media type.
fn problem_response(status: StatusCode, problem: &Problem) -> Response {
    let body = serde_json::to_vec(problem).unwrap_or_else(|_| {
        br#"{"type":"about:blank","title":"Internal Server Error","status":500}"#.to_vec()
    });
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
        )],
        body,
    )
        .into_response()
}

/// Middleware for the API: turns any error answer that is not already a problem (axum's
/// plain-text rejections, an empty 405 from the method router, the body-limit layer's 413, the
/// timeout layer's 503, a caught panic's 500) into a problem with the same status and headers.
pub async fn ensure_problem(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || is_problem(&response) {
        return response;
    }
    let (mut parts, _body) = response.into_parts();
    let fresh = ApiError::new(status, default_detail(status)).into_response();
    let (fresh_parts, body) = fresh.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    for (name, value) in &fresh_parts.headers {
        parts.headers.insert(name.clone(), value.clone());
    }
    Response::from_parts(parts, Body::new(body))
}

fn is_problem(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with(PROBLEM_CONTENT_TYPE))
}

/// A sentence for the statuses that layers and the router produce on their own.
fn default_detail(status: StatusCode) -> Option<String> {
    let detail = match status {
        StatusCode::NOT_FOUND => "There is nothing at this address.",
        StatusCode::METHOD_NOT_ALLOWED => {
            "This address does not accept that method; the Allow header lists those it does."
        }
        StatusCode::PAYLOAD_TOO_LARGE => "The request body is larger than the 64 KiB allowed.",
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT => {
            "The request took too long to answer. Try again in a moment."
        }
        StatusCode::INTERNAL_SERVER_ERROR => {
            "Something went wrong on our side. Try again in a moment."
        }
        _ => return None,
    };
    Some(detail.to_owned())
}

/// Fallback of the API router: an unknown /api path.
pub async fn api_not_found() -> ApiError {
    ApiError::not_found("There is no API route at this address.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::to_bytes;

    async fn problem_of(response: Response) -> Problem {
        assert_eq!(
            response.headers().get(header::CONTENT_TYPE),
            Some(&HeaderValue::from_static(PROBLEM_CONTENT_TYPE))
        );
        let bytes = to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        serde_json::from_slice(&bytes).expect("a problem")
    }

    #[tokio::test]
    async fn plain_text_errors_become_problems_keeping_headers() {
        let plain = (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET,HEAD")],
            "Method Not Allowed",
        )
            .into_response();
        let response = ensure_problem(plain).await;
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(
            response.headers().get(header::ALLOW),
            Some(&HeaderValue::from_static("GET,HEAD"))
        );
        let problem = problem_of(response).await;
        assert_eq!(problem.status, 405);
        assert_eq!(problem.title, "Method Not Allowed");
    }

    #[tokio::test]
    async fn problems_and_successes_pass_through() {
        let ok = ensure_problem((StatusCode::OK, "fine").into_response()).await;
        assert_eq!(ok.status(), StatusCode::OK);
        let problem = ApiError::comment_invalid(FieldErrors::from([(
            "body".to_owned(),
            vec!["Write something.".to_owned()],
        )]));
        let response = ensure_problem(problem.into_response()).await;
        let problem = problem_of(response).await;
        assert_eq!(problem.title, COMMENT_INVALID_TITLE);
        assert_eq!(problem.errors["body"], ["Write something."]);
    }
}
