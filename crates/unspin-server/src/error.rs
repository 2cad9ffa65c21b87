//! Errors as the API answers them: a status and a JSON body
//! `{"error": {"status": 413, "code": "payload_too_large", "message": "…"}}`.
//! Messages say what went wrong and what to do; they never hold internal
//! paths or stack traces (those go to the server's log).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::Serialize;

/// An error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable machine-readable code (`bad_request`, `unauthorized`, …).
    pub code: &'static str,
    /// One sentence for people: the problem and what to do.
    pub message: String,
}

/// The JSON body of every error answer.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorDetail {
    /// The HTTP status, repeated.
    pub status: u16,
    /// A stable machine-readable code.
    pub code: String,
    /// What went wrong and what to do.
    pub message: String,
}

impl ApiError {
    /// An error with this status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400: the request cannot be understood.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 503: too much work queued; the client should retry later.
    pub fn busy() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            "the server is busy with other requests; retry in a moment",
        )
    }

    /// 500: something failed inside the server; details are in its log.
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server failed to answer this request; its log has the details",
        )
    }

    /// The default error for a bare status (from a layer or the router),
    /// so that every error answer has the same JSON shape.
    pub fn for_status(status: StatusCode) -> Self {
        let (code, message) = match status {
            StatusCode::NOT_FOUND => (
                "not_found",
                "no such endpoint; GET /openapi.json lists them".to_string(),
            ),
            StatusCode::METHOD_NOT_ALLOWED => (
                "method_not_allowed",
                "this endpoint does not take that method; GET /openapi.json lists the methods"
                    .to_string(),
            ),
            StatusCode::REQUEST_TIMEOUT => (
                "timeout",
                "the request took longer than the server's time limit; send a smaller document or raise --timeout"
                    .to_string(),
            ),
            StatusCode::PAYLOAD_TOO_LARGE => (
                "payload_too_large",
                "the request body is larger than the server's limit; send a smaller document or raise --max-request-mb"
                    .to_string(),
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => (
                "unsupported_media_type",
                "send the request body as JSON".to_string(),
            ),
            StatusCode::SERVICE_UNAVAILABLE => return Self::busy(),
            s if s.is_server_error() => {
                let mut e = Self::internal();
                e.status = s;
                return e;
            }
            s => (
                "error",
                s.canonical_reason().unwrap_or("error").to_lowercase(),
            ),
        };
        Self::new(status, code, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                status: self.status.as_u16(),
                code: self.code.to_string(),
                message: self.message,
            },
        };
        let mut res = (self.status, Json(body)).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"unspin\""),
            );
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_gets_a_code_and_a_message() {
        for s in [400u16, 401, 404, 405, 408, 413, 415, 429, 500, 503, 504] {
            let status = StatusCode::from_u16(s).unwrap();
            let e = ApiError::for_status(status);
            assert_eq!(e.status, status);
            assert!(!e.code.is_empty() && !e.message.is_empty(), "{s}");
        }
        assert_eq!(
            ApiError::for_status(StatusCode::PAYLOAD_TOO_LARGE).code,
            "payload_too_large"
        );
    }
}
