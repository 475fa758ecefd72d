//! Reading a JSON request body into a contract type, with problem answers that never echo what
//! the client sent (the body may hold an email address).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::error::ApiError;

/// Refuses a body that is not declared as JSON (`application/json` or `application/*+json`).
pub fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let essence = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|value| value.trim().to_ascii_lowercase());
    let is_json = essence.as_deref().is_some_and(|essence| {
        essence == "application/json"
            || (essence.starts_with("application/") && essence.ends_with("+json"))
    });
    if is_json {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Some("Send the body as JSON with `Content-Type: application/json`.".to_owned()),
        ))
    }
}

/// The body bytes, or a problem with the reason they could not be read (413 when too large).
pub fn body_bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        let status = rejection.status();
        let detail = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "The request body is larger than the 64 KiB allowed."
        } else {
            "The request body could not be read."
        };
        ApiError::new(status, Some(detail.to_owned()))
    })
}

/// A whole JSON request body of type `T`: the content type checked, the body read, and parsed,
/// each failure answered with its problem.
pub fn read<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<T, ApiError> {
    require_json(headers)?;
    let body = body_bytes(body)?;
    parse(&body)
}

/// Parses a JSON body: 400 when it is not JSON, 422 naming the field when it is JSON of the
/// wrong shape.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|error| {
        let reason = match error.classify() {
            Category::Eof => "ends too early",
            _ => "is not valid JSON",
        };
        ApiError::new(
            StatusCode::BAD_REQUEST,
            Some(format!(
                "The request body {reason} (line {}, column {}).",
                error.line(),
                error.column()
            )),
        )
    })?;
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let message = error.inner().to_string();
        // serde's "missing field `x`" names only our own field; other messages may quote the
        // client's values, so they are replaced.
        let (field, message) = match missing_field(&message) {
            Some(missing) if path == "." => (missing.to_owned(), "This field is required."),
            Some(missing) => (format!("{path}.{missing}"), "This field is required."),
            None => (path, "This value has the wrong type."),
        };
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("The request body is JSON, but not of the expected shape.".to_owned()),
        )
        .with_error(&field, message)
    })
}

/// The field named by serde's "missing field `name`" message.
fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use byline_contract::NewComment;

    fn fields(error: &ApiError) -> Vec<String> {
        error.problem().errors.keys().cloned().collect()
    }

    #[test]
    fn json_content_types_are_recognised() {
        let mut headers = HeaderMap::new();
        assert!(require_json(&headers).is_err());
        for ok in [
            "application/json",
            "Application/JSON; charset=utf-8",
            "application/problem+json",
        ] {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ok));
            assert!(require_json(&headers).is_ok(), "{ok}");
        }
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        let error = require_json(&headers).expect_err("text");
        assert_eq!(error.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }

    #[test]
    fn malformed_json_is_a_400_and_wrong_shapes_a_422_naming_the_field() {
        let error = parse::<NewComment>(b"{\"body\": ").expect_err("eof");
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
        let error = parse::<NewComment>(b"{}").expect_err("missing");
        assert_eq!(error.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&error), ["body"]);
        let error = parse::<NewComment>(br#"{"body":"x","guest":{"name":"a"}}"#)
            .expect_err("missing email");
        assert_eq!(fields(&error), ["guest.email"]);
        let error =
            parse::<NewComment>(br#"{"body":"x","parent_id":"seven"}"#).expect_err("wrong type");
        assert_eq!(fields(&error), ["parent_id"]);
    }

    #[test]
    fn problems_never_quote_the_body() {
        let error = parse::<NewComment>(br#"{"body":"x","guest":"secret@example.org"}"#)
            .expect_err("wrong type");
        let json = serde_json::to_string(error.problem()).expect("serialises");
        assert!(!json.contains("secret"), "{json}");
    }
}
