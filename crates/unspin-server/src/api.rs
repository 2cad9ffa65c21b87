//! The JSON API: request types and handlers. Every analysis answers with
//! exactly the report the CLI prints with `--format json` (schemas
//! `unspin.scan/1`, `unspin.compare/1`, `unspin.trace/1`,
//! `unspin.quotes/1`); parsing, HTML extraction, analysis and encoding all
//! run on the analysis pool.

use std::fmt;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use unspin_index::{IndexError, NewDoc, TraceOptions, fingerprints};
use unspin_text::{InputFormat, decode_bytes};

use crate::AppState;
use crate::error::ApiError;

/// Source name of a document sent without one.
pub const DEFAULT_SOURCE: &str = "-";

/// A document in a request: its plain text, or an HTML page whose article
/// text is extracted (as `unspin scan page.html` does). Exactly one of
/// `text` and `html`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocInput {
    /// The plain text.
    pub text: Option<String>,
    /// An HTML page.
    pub html: Option<String>,
    /// A name echoed in the report (`source`, `a`, `b`); default `-`.
    pub source: Option<String>,
}

/// A document given either as a string of plain text or as a
/// [`DocInput`] object.
#[derive(Debug, JsonSchema)]
#[schemars(untagged)]
pub enum DocField {
    /// Plain text.
    Text(String),
    /// Text or HTML with an optional name.
    Doc(DocInput),
}

impl<'de> Deserialize<'de> for DocField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DocField;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a document: a string of text, or an object with \"text\" or \"html\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DocField, E> {
                Ok(DocField::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<DocField, E> {
                Ok(DocField::Text(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DocField, A::Error> {
                DocInput::deserialize(de::value::MapAccessDeserializer::new(map)).map(DocField::Doc)
            }
        }
        d.deserialize_any(V)
    }
}

impl DocField {
    fn into_input(self) -> DocInput {
        match self {
            DocField::Text(text) => DocInput {
                text: Some(text),
                ..DocInput::default()
            },
            DocField::Doc(d) => d,
        }
    }
}

/// `POST /v1/scan`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScanRequest {
    /// The plain text.
    pub text: Option<String>,
    /// An HTML page (its article text is scanned).
    pub html: Option<String>,
    /// A name echoed in the report; default `-`.
    pub source: Option<String>,
    /// Add `restored`, the text with every suggestion applied (as
    /// `--restore`).
    #[serde(default)]
    pub restore: bool,
}

/// `POST /v1/extract`: the article text of an HTML page.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtractRequest {
    /// The HTML page.
    pub html: String,
    /// A name echoed in the answer; default `-`.
    pub source: Option<String>,
}

/// The article text unspin reads from a page: the text every offset of a
/// report on that page refers to.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct Extracted {
    /// The name given, or `-`.
    pub source: String,
    /// The article text.
    pub text: String,
}

/// `POST /v1/compare`: `a` the likely source, `b` the suspected copy.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompareRequest {
    /// The first document (the likely source).
    pub a: DocField,
    /// The second document (the suspected copy).
    pub b: DocField,
}

/// `POST /v1/trace` (servers started with `--index`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TraceRequest {
    /// The plain text.
    pub text: Option<String>,
    /// An HTML page.
    pub html: Option<String>,
    /// A name echoed in the report; default `-`.
    pub source: Option<String>,
    /// Report at most this many sources (as `--top`; default 5).
    pub top: Option<usize>,
    /// Keep a source only if the reused passages cover at least this share
    /// (0 to 1) of the document or of the source (as `--min-coverage`).
    pub min_coverage: Option<f64>,
}

/// `POST /v1/quotes`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuotesRequest {
    /// The plain text.
    pub text: Option<String>,
    /// An HTML page.
    pub html: Option<String>,
    /// A name echoed in the report; default `-`.
    pub source: Option<String>,
    /// Look every quotation up in these documents (as `--against`).
    #[serde(default)]
    pub against: Vec<DocField>,
    /// Look every quotation up in the server's index (as `--index`).
    #[serde(default)]
    pub index: bool,
}

/// `POST /v1/documents`: a source document to add to the index.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddDocumentRequest {
    /// Its unique id.
    pub id: String,
    /// The plain text.
    pub text: Option<String>,
    /// An HTML page (its article text is indexed).
    pub html: Option<String>,
    /// Title, if known.
    pub title: Option<String>,
    /// Address, if known.
    pub url: Option<String>,
    /// Date (ISO 8601 sorts best), if known.
    pub date: Option<String>,
    /// Other metadata, kept with the document.
    #[serde(default)]
    pub meta: serde_json::Map<String, serde_json::Value>,
    /// Replace a document with the same id (otherwise that is a 409).
    #[serde(default)]
    pub replace: bool,
}

/// The answer to a change of the index.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct DocumentChange {
    /// The document's id.
    pub id: String,
    /// `added`, `replaced` or `removed`.
    pub action: String,
    /// Documents in the index afterwards.
    pub documents: u64,
}

/// `GET /v1/info`: what this server offers.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct Info {
    /// The unspin version.
    pub version: String,
    /// Documents in the index; `null` when the server has no index (no
    /// `/v1/trace`, no changes).
    pub index_documents: Option<u64>,
    /// Whether `/v1/documents` takes changes (a token is configured).
    pub index_writable: bool,
    /// The largest request body taken, in bytes.
    pub max_request_bytes: usize,
}

/// `GET /healthz`.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct Health {
    /// Always `ok`.
    pub status: String,
}

/// The document of a request, decoded as the CLI decodes a file: text
/// refused when binary, HTML reduced to its article text.
fn document(doc: DocInput) -> Result<unspin_text::Document, ApiError> {
    let source = doc.source.as_deref().unwrap_or(DEFAULT_SOURCE);
    let (bytes, format) = match (&doc.text, &doc.html) {
        (Some(t), None) => (t.as_bytes(), InputFormat::Text),
        (None, Some(h)) => (h.as_bytes(), InputFormat::Html),
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_request(
                "give the document as \"text\" or as \"html\", not both",
            ));
        }
        (None, None) => {
            return Err(ApiError::bad_request(
                "the request has no document; give its \"text\" or \"html\"",
            ));
        }
    };
    let mut docs = decode_bytes(source, bytes, format);
    match docs.pop() {
        Some(Ok(d)) if docs.is_empty() => Ok(d),
        Some(Err(e)) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unreadable_document",
            e.to_string(),
        )),
        _ => Err(ApiError::bad_request("expected exactly one document")),
    }
}

/// Parses a JSON request body, naming the problem when it is malformed.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                "the request body is not valid JSON"
            }
            _ => "the request body does not fit this endpoint",
        };
        ApiError::bad_request(format!(
            "{what}: {e}; GET /openapi.json describes the request"
        ))
    })
}

/// A JSON answer, encoded on the calling thread.
fn json<T: Serialize>(status: StatusCode, value: &T) -> Result<Response, ApiError> {
    let bytes = serde_json::to_vec(value).map_err(|_| ApiError::internal())?;
    Ok((
        status,
        [(header::CONTENT_TYPE, "application/json")],
        Body::from(bytes),
    )
        .into_response())
}

/// The body, or 413 naming the limit.
fn body(state: &AppState, body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!(
                    "the request body is larger than this server's limit of {}; send a smaller document or start the server with a higher --max-request-mb",
                    human_bytes(state.max_body)
                ),
            )
        } else {
            ApiError::bad_request(format!("the request body could not be read: {e}"))
        }
    })
}

fn human_bytes(n: usize) -> String {
    if n >= 1_000_000 && n.is_multiple_of(1_000_000) {
        format!("{} MB", n / 1_000_000)
    } else {
        format!("{n} bytes")
    }
}

/// An index failure as an answer; details of unexpected ones go to the
/// server's log only (they name files).
fn index_error(e: IndexError) -> ApiError {
    match e {
        IndexError::DuplicateId(id) => ApiError::new(
            StatusCode::CONFLICT,
            "duplicate_id",
            format!(
                "document id {id:?} is already in the index; send \"replace\": true to replace it"
            ),
        ),
        IndexError::Locked(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "index_locked",
            "another unspin process is writing to the index; retry when it has finished",
        ),
        e => {
            eprintln!("unspin serve: index error: {e}");
            ApiError::internal()
        }
    }
}

fn no_index() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no_index",
        "this server has no corpus index; start it with `unspin serve --index DIR`",
    )
}

type Answer = Result<Response, ApiError>;

/// Runs a request on the analysis pool: decodes `raw` as `R`, calls `work`
/// and encodes its answer as JSON with the status it gives.
async fn on_pool<R, T>(
    s: Arc<AppState>,
    raw: Bytes,
    work: impl FnOnce(&AppState, R) -> Result<(StatusCode, T), ApiError> + Send + 'static,
) -> Answer
where
    R: DeserializeOwned,
    T: Serialize,
{
    let st = s.clone();
    s.pool
        .run(move || {
            let (status, value) = work(&st, parse(&raw)?)?;
            json(status, &value)
        })
        .await?
}

pub(crate) async fn scan(
    State(s): State<Arc<AppState>>,
    raw: Result<Bytes, BytesRejection>,
) -> Answer {
    let raw = body(&s, raw)?;
    on_pool(s, raw, |st, req: ScanRequest| {
        let restore = req.restore;
        let doc = document(DocInput {
            text: req.text,
            html: req.html,
            source: req.source,
        })?;
        let report = st.engine.detector.scan(&doc.source, &doc.text, restore);
        Ok((StatusCode::OK, report))
    })
    .await
}

pub(crate) async fn extract(
    State(s): State<Arc<AppState>>,
    raw: Result<Bytes, BytesRejection>,
) -> Answer {
    let raw = body(&s, raw)?;
    on_pool(s, raw, |_, req: ExtractRequest| {
        let doc = document(DocInput {
            text: None,
            html: Some(req.html),
            source: req.source,
        })?;
        let extracted = Extracted {
            source: doc.source,
            text: doc.text,
        };
        Ok((StatusCode::OK, extracted))
    })
    .await
}

pub(crate) async fn compare(
    State(s): State<Arc<AppState>>,
    raw: Result<Bytes, BytesRejection>,
) -> Answer {
    let raw = body(&s, raw)?;
    on_pool(s, raw, |st, req: CompareRequest| {
        let a = document(req.a.into_input())?;
        let b = document(req.b.into_input())?;
        let report = st
            .engine
            .comparer
            .compare(&a.source, &a.text, &b.source, &b.text);
        Ok((StatusCode::OK, report))
    })
    .await
}

pub(crate) async fn trace(
    State(s): State<Arc<AppState>>,
    raw: Result<Bytes, BytesRejection>,
) -> Answer {
    let raw = body(&s, raw)?;
    if s.engine.tracer.is_none() {
        return Err(no_index());
    }
    on_pool(s, raw, |st, req: TraceRequest| {
        let mut opts = TraceOptions::default();
        if let Some(top) = req.top {
            opts.top = top;
        }
        if let Some(c) = req.min_coverage {
            if !(0.0..=1.0).contains(&c) {
                return Err(ApiError::bad_request(format!(
                    "\"min_coverage\" must be between 0 and 1 (got {c})"
                )));
            }
            opts.min_coverage = c;
        }
        let doc = document(DocInput {
            text: req.text,
            html: req.html,
            source: req.source,
        })?;
        let tracer = st.engine.tracer.as_ref().ok_or_else(no_index)?;
        let report = tracer
            .trace(&doc.source, &doc.text, &opts)
            .map_err(index_error)?;
        Ok((StatusCode::OK, report))
    })
    .await
}

pub(crate) async fn quotes(
    State(s): State<Arc<AppState>>,
    raw: Result<Bytes, BytesRejection>,
) -> Answer {
    let raw = body(&s, raw)?;
    on_pool(s, raw, |st, req: QuotesRequest| {
        let tracer = match (req.index, &st.engine.tracer) {
            (false, _) => None,
            (true, Some(t)) => Some(t),
            (true, None) => return Err(no_index()),
        };
        let doc = document(DocInput {
            text: req.text,
            html: req.html,
            source: req.source,
        })?;
        let mut against = Vec::with_capacity(req.against.len());
        for (i, d) in req.against.into_iter().enumerate() {
            let mut d = d.into_input();
            if d.source.is_none() {
                d.source = Some(format!("against[{i}]"));
            }
            against.push(document(d)?);
        }
        let others: Vec<(&str, &str)> = against
            .iter()
            .map(|d| (d.source.as_str(), d.text.as_str()))
            .collect();
        let mut report = st
            .engine
            .comparer
            .quotes_report(&doc.source, &doc.text, &others);
        if let Some(t) = tracer {
            t.look_up_quotes(&mut report, &doc.text, "index")
                .map_err(index_error)?;
        }
        Ok((StatusCode::OK, report))
    })
    .await
}

pub(crate) async fn add_document(
    State(s): State<Arc<AppState>>,
    raw: Result<Bytes, BytesRejection>,
) -> Answer {
    let raw = body(&s, raw)?;
    let index = s.engine.index.ok_or_else(no_index)?;
    // One change at a time: the index has a single writer.
    let _turn = s.write_lock.lock().await;
    on_pool(s.clone(), raw, move |st, req: AddDocumentRequest| {
        if req.id.trim().is_empty() {
            return Err(ApiError::bad_request("\"id\" must not be empty"));
        }
        let doc = document(DocInput {
            text: req.text,
            html: req.html,
            source: Some(req.id.clone()),
        })?;
        let replaced = req.replace && index.contains(&req.id).map_err(index_error)?;
        let prints = fingerprints(st.engine.lex, &doc.text);
        let mut writer = index.writer(WRITER_MEMORY).map_err(index_error)?;
        writer
            .add(
                NewDoc {
                    id: &req.id,
                    text: &doc.text,
                    title: req.title.as_deref(),
                    url: req.url.as_deref(),
                    date: req.date.as_deref(),
                    meta: Some(&req.meta),
                },
                &prints,
                req.replace,
            )
            .map_err(index_error)?;
        writer.commit().map_err(index_error)?;
        writer.finish().map_err(index_error)?;
        let change = DocumentChange {
            id: req.id,
            action: if replaced { "replaced" } else { "added" }.to_string(),
            documents: index.len(),
        };
        let status = if replaced {
            StatusCode::OK
        } else {
            StatusCode::CREATED
        };
        Ok((status, change))
    })
    .await
}

pub(crate) async fn remove_document(
    State(s): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Answer {
    let index = s.engine.index.ok_or_else(no_index)?;
    let _turn = s.write_lock.lock().await;
    s.pool
        .run(move || {
            let mut writer = index.writer(WRITER_MEMORY).map_err(index_error)?;
            let removed = writer.remove(&id).map_err(index_error)?;
            if removed {
                writer.commit().map_err(index_error)?;
            }
            writer.finish().map_err(index_error)?;
            if !removed {
                return Err(ApiError::new(
                    StatusCode::NOT_FOUND,
                    "no_such_document",
                    format!("no document with id {id:?} in the index"),
                ));
            }
            json(
                StatusCode::OK,
                &DocumentChange {
                    id,
                    action: "removed".to_string(),
                    documents: index.len(),
                },
            )
        })
        .await?
}

/// Indexing buffer of a one-document change.
const WRITER_MEMORY: usize = 15_000_000;

pub(crate) async fn info(State(s): State<Arc<AppState>>) -> Answer {
    json(
        StatusCode::OK,
        &Info {
            version: env!("CARGO_PKG_VERSION").to_string(),
            index_documents: s.engine.index.map(|i| i.len()),
            index_writable: s.engine.index.is_some() && s.token.is_some(),
            max_request_bytes: s.max_body,
        },
    )
}

pub(crate) async fn healthz() -> Answer {
    json(
        StatusCode::OK,
        &Health {
            status: "ok".to_string(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_text_or_html_not_both_or_neither() {
        let d = document(DocInput {
            text: Some("Hello there.".into()),
            ..DocInput::default()
        })
        .unwrap();
        assert_eq!((d.source.as_str(), d.text.as_str()), ("-", "Hello there."));
        let d = document(DocInput {
            html: Some(
                "<html><body><article><p>The White Home said no.</p></article></body></html>"
                    .into(),
            ),
            source: Some("page".into()),
            ..DocInput::default()
        })
        .unwrap();
        assert!(d.text.contains("The White Home said no."), "{:?}", d.text);
        assert_eq!(d.source, "page");
        let both = document(DocInput {
            text: Some("a".into()),
            html: Some("b".into()),
            ..DocInput::default()
        });
        assert_eq!(both.unwrap_err().status, StatusCode::BAD_REQUEST);
        assert_eq!(
            document(DocInput::default()).unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
        let binary = document(DocInput {
            text: Some("abc\0\0\0def".into()),
            ..DocInput::default()
        });
        assert_eq!(binary.unwrap_err().code, "unreadable_document");
    }

    #[test]
    fn malformed_bodies_name_the_problem() {
        let e = parse::<ScanRequest>(b"{\"text\": ").unwrap_err();
        assert!(
            e.message.starts_with("the request body is not valid JSON"),
            "{}",
            e.message
        );
        let e = parse::<ScanRequest>(b"{\"txt\": \"a\"}").unwrap_err();
        assert!(e.message.contains("unknown field `txt`"), "{}", e.message);
        let e = parse::<CompareRequest>(b"{\"a\": 1, \"b\": \"x\"}").unwrap_err();
        assert!(e.message.contains("a document"), "{}", e.message);
        let r = parse::<CompareRequest>(
            br#"{"a": "x", "b": {"html": "<p>y</p>", "source": "b.html"}}"#,
        )
        .unwrap();
        assert!(matches!(r.a, DocField::Text(ref t) if t == "x"));
        assert!(
            matches!(r.b, DocField::Doc(DocInput { ref source, .. }) if source.as_deref() == Some("b.html"))
        );
    }
}
