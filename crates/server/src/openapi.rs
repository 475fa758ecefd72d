//! The API's OpenAPI 3.1 document, generated from the handlers' `#[utoipa::path]` attributes
//! and the contract's types (`byline-contract` with its `openapi` feature), served at
//! `GET /api/v1/openapi.json`. `cargo xtask test` runs schemathesis against it: no answer
//! may be a 5xx, and every answer must match the document.

use axum::Json;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;

use crate::{auth, moderation, routes};

/// The document's description: what the types cannot say.
const DESCRIPTION: &str = "Byline's comment and article API. Every error answer is an RFC \
9457 problem (`application/problem+json`) that names each bad field or parameter in `errors`, \
and the case in `code` when only the endpoint can know it. Writes from a browser carry \
`X-Byline-Request: 1` (the check against cross-site requests); a member is signed in by the \
`byline_session` cookie, or by `Authorization: Bearer` in a widget framed by a partner. Every \
write takes an `Idempotency-Key`: a repeat within 24 hours gets the first answer back, marked \
`Idempotent-Replayed: true`.";

/// The error answers of every operation: each is a problem.
#[derive(utoipa::IntoResponses)]
pub enum Problems {
    /// The request was refused.
    #[response(
        status = "4XX",
        description = "A problem (RFC 9457): what is wrong, each bad field or parameter named \
                       in `errors`",
        content_type = "application/problem+json"
    )]
    Refused(byline_contract::Problem),
    /// The endpoint failed.
    #[response(
        status = "5XX",
        description = "A problem: the endpoint could not answer now",
        content_type = "application/problem+json"
    )]
    Failed(byline_contract::Problem),
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Byline API", description = DESCRIPTION),
    servers((url = "/api/v1")),
    paths(
        routes::health,
        serve,
        routes::articles::list,
        routes::articles::show,
        routes::articles::related,
        routes::articles::counts,
        routes::articles::partner_thread,
        routes::comments::list,
        routes::comments::create,
        routes::comments::thread,
        routes::comments::latest,
        routes::comments::show,
        routes::comments::edit,
        routes::comments::remove,
        auth::register,
        auth::confirm,
        auth::sign_in,
        auth::sign_out,
        auth::me,
        auth::widget_session,
        auth::forgot,
        auth::reset,
        auth::account::change_profile,
        auth::account::change_password,
        auth::account::export_comments,
        auth::account::delete_account,
        auth::oidc::providers,
        auth::oidc::start,
        auth::oidc::callback,
        routes::contributions::create,
        routes::contributions::upload,
        routes::contributions::remove_file,
        routes::contributions::submit,
        routes::contributions::list,
        routes::contributions::file,
        routes::contributions::decide,
        moderation::report,
        moderation::like,
        moderation::unlike,
        moderation::feature,
        moderation::queue,
        moderation::decide,
        moderation::set_mode,
        moderation::log,
        moderation::bans,
        moderation::lift_ban,
    ),
    components(schemas(byline_contract::CommentSort, byline_contract::Problem)),
    tags(
        (name = "articles", description = "Articles and their comment counts"),
        (name = "comments", description = "Reader comments: threads, posting, editing"),
        (name = "auth", description = "Member accounts and sessions"),
        (name = "partners", description = "Threads of partners' own pages"),
        (name = "moderation", description = "Reports, and the moderators' queue (moderators only)"),
        (name = "contributions", description = "Stories, photos and videos readers send the newsroom"),
        (name = "meta", description = "The endpoint itself"),
    )
)]
pub struct ApiDoc;

/// The document as JSON.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// `GET /api/v1/openapi.json`.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    responses((status = 200, description = "This document", content_type = "application/json"))
)]
pub async fn serve() -> Response {
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(document()),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use byline_contract::auth::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};
    use byline_contract::validate::{BODY_MAX_CHARS, EMAIL_MAX_CHARS, NAME_MAX_CHARS};
    use byline_contract::{COUNTS_MAX, THREAD_URL_MAX_CHARS};
    use serde_json::Value;

    use super::*;
    use crate::routes::{articles, comments};

    fn document_json() -> Value {
        serde_json::to_value(document()).expect("the document is JSON")
    }

    /// A property of a component schema.
    fn property<'a>(doc: &'a Value, schema: &str, name: &str) -> &'a Value {
        &doc["components"]["schemas"][schema]["properties"][name]
    }

    /// The `limit` parameter of an operation.
    fn limit<'a>(doc: &'a Value, path: &str) -> &'a Value {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .and_then(|parameters| parameters.iter().find(|p| p["name"] == "limit"))
            .map(|parameter| &parameter["schema"])
            .unwrap_or_else(|| panic!("{path} has no limit"))
    }

    #[test]
    fn the_documented_limits_are_the_ones_the_code_enforces() {
        let doc = document_json();
        let n = |value: &Value| value.as_u64().map(|n| n as usize);
        for (path, max) in [
            ("/articles", articles::LIST_MAX_LIMIT),
            ("/articles/{slug}/related", articles::RELATED_MAX_LIMIT),
            ("/articles/{slug}/comments", comments::PAGE_MAX_LIMIT),
            ("/comments/latest", comments::LATEST_MAX_LIMIT),
        ] {
            assert_eq!(limit(&doc, path)["maximum"], max, "{path}");
        }
        for (schema, field, min, max) in [
            ("NewComment", "body", 1, BODY_MAX_CHARS),
            ("CommentEdit", "body", 1, BODY_MAX_CHARS),
            ("GuestIdentity", "name", 1, NAME_MAX_CHARS),
            ("Register", "display_name", 1, NAME_MAX_CHARS),
            ("ProfileChange", "display_name", 1, NAME_MAX_CHARS),
            (
                "Register",
                "password",
                PASSWORD_MIN_CHARS,
                PASSWORD_MAX_CHARS,
            ),
            ("Reset", "password", PASSWORD_MIN_CHARS, PASSWORD_MAX_CHARS),
            (
                "PasswordChange",
                "new_password",
                PASSWORD_MIN_CHARS,
                PASSWORD_MAX_CHARS,
            ),
            ("NewThread", "url", 1, THREAD_URL_MAX_CHARS),
        ] {
            let field_schema = property(&doc, schema, field);
            assert_eq!(n(&field_schema["minLength"]), Some(min), "{schema}.{field}");
            assert_eq!(n(&field_schema["maxLength"]), Some(max), "{schema}.{field}");
        }
        for schema in ["GuestIdentity", "Register", "SignIn", "Forgot"] {
            let email = property(&doc, schema, "email");
            assert_eq!(email["format"], "email", "{schema}");
            assert_eq!(n(&email["maxLength"]), Some(EMAIL_MAX_CHARS), "{schema}");
        }
        assert_eq!(
            n(&property(&doc, "CountsRequest", "articles")["maxItems"]),
            Some(COUNTS_MAX)
        );
    }

    #[test]
    fn every_error_answer_is_documented_as_a_problem_and_every_reference_resolves() {
        let doc = document_json();
        let text = doc.to_string();
        let schemas = doc["components"]["schemas"]
            .as_object()
            .expect("component schemas");
        for reference in text.split("\"#/components/schemas/").skip(1) {
            let name = reference.split('"').next().unwrap_or_default();
            assert!(
                schemas.contains_key(name),
                "{name} is referenced, not defined"
            );
        }
        let paths = doc["paths"].as_object().expect("paths");
        let me: Vec<&String> = paths["/auth/me"]
            .as_object()
            .expect("/auth/me")
            .keys()
            .collect();
        assert_eq!(me, ["delete", "get", "patch"]);
        for (path, operations) in paths {
            for (method, operation) in operations.as_object().expect("operations") {
                if path == "/health" || path == "/openapi.json" {
                    continue;
                }
                let problem = &operation["responses"]["4XX"]["content"]["application/problem+json"];
                assert_eq!(
                    problem["schema"]["$ref"], "#/components/schemas/Problem",
                    "{method} {path}"
                );
            }
        }
    }
}
