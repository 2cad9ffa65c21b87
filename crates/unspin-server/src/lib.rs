//! `unspin serve`: a self-hosted JSON API over scan, compare, trace and
//! quotes, and a web page for editors. Text never leaves the machine.
//!
//! - `POST /v1/scan`, `/v1/compare`, `/v1/trace`, `/v1/quotes` answer with
//!   exactly the reports the CLI prints as JSON.
//! - `POST /v1/documents`, `DELETE /v1/documents/{id}` change the index;
//!   they need the bearer token.
//! - `GET /healthz`, `/metrics` (Prometheus text), `/openapi.json`,
//!   `/v1/info`; `POST /v1/extract` (the article text of an HTML page,
//!   which report offsets refer to); the page at `/`.
//!
//! The analysis runs on a fixed pool of threads with admission control
//! ([`pool`]): past its limit the server answers 503 rather than queueing
//! without bound. Bodies are limited in size, requests in time, and every
//! error answer is the same JSON shape ([`error`]).

pub mod api;
pub mod error;
pub mod metrics;
pub mod openapi;
pub mod pool;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use subtle::ConstantTimeEq;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::timeout::TimeoutLayer;
use unspin_align::Comparer;
use unspin_detect::Detector;
use unspin_index::{SourceIndex, Tracer};
use unspin_lexicon::Lexicon;
use unspin_phrases::PhraseList;

use crate::error::ApiError;
use crate::metrics::{Metrics, endpoint_of};
use crate::pool::Pool;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen (default 127.0.0.1:8080: this machine only).
    pub addr: SocketAddr,
    /// The bearer token that allows changes to the index; without one the
    /// index is read-only.
    pub token: Option<String>,
    /// The largest request body taken, in bytes.
    pub max_body: usize,
    /// Time limit of one request, from its arrival to its answer.
    pub timeout: Duration,
    /// Analysis threads.
    pub workers: usize,
    /// Requests admitted to the analysis pool at once (running or
    /// queued); past it the answer is 503.
    pub max_pending: usize,
    /// Longest wait in the analysis queue before a request is shed.
    pub queue_timeout: Duration,
    /// Origins allowed to call the API from a browser (CORS); none by
    /// default.
    pub cors_origins: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            max_body: 5_000_000,
            timeout: Duration::from_secs(30),
            workers,
            max_pending: 64 * workers,
            queue_timeout: Duration::from_secs(2),
            cors_origins: Vec::new(),
        }
    }
}

/// What the analyses read: the lexicon, an optional known-phrase list and
/// an optional corpus index.
pub struct Resources {
    /// The lexicon (built-in, plus any packs).
    pub lexicon: Lexicon,
    /// Known tortured phrases reported by `/v1/scan`.
    pub phrases: Option<PhraseList>,
    /// The corpus index for `/v1/trace`, `/v1/quotes` with `"index": true`
    /// and `/v1/documents`.
    pub index: Option<SourceIndex>,
}

/// The analysers, built once. They borrow the resources for the life of
/// the process (a server builds one engine).
pub(crate) struct Engine {
    pub(crate) lex: &'static Lexicon,
    pub(crate) detector: Detector<'static>,
    pub(crate) comparer: Comparer<'static>,
    pub(crate) index: Option<&'static SourceIndex>,
    pub(crate) tracer: Option<Tracer<'static>>,
}

impl Engine {
    fn new(res: Resources) -> Engine {
        let lex: &'static Lexicon = Box::leak(Box::new(res.lexicon));
        let phrases: Option<&'static PhraseList> = res.phrases.map(|p| &*Box::leak(Box::new(p)));
        let index: Option<&'static SourceIndex> = res.index.map(|i| &*Box::leak(Box::new(i)));
        let mut detector = Detector::new(lex);
        if let Some(p) = phrases {
            detector = detector.with_phrases(p);
        }
        Engine {
            lex,
            detector,
            comparer: Comparer::new(lex),
            index,
            tracer: index.map(|i| Tracer::new(lex, i)),
        }
    }
}

/// Shared state of the handlers.
pub struct AppState {
    pub(crate) engine: Engine,
    pub(crate) pool: Pool,
    pub(crate) token: Option<String>,
    pub(crate) metrics: Metrics,
    pub(crate) write_lock: tokio::sync::Mutex<()>,
    pub(crate) max_body: usize,
}

/// The application: every route with its limits, for [`serve`] or a test
/// harness. Call from within a Tokio runtime.
pub fn app(config: &Config, res: Resources) -> anyhow::Result<Router> {
    let state = Arc::new(AppState {
        engine: Engine::new(res),
        pool: Pool::new(config.workers, config.max_pending, config.queue_timeout)?,
        token: config.token.clone(),
        metrics: Metrics::new(),
        write_lock: tokio::sync::Mutex::new(()),
        max_body: config.max_body,
    });
    let changes = Router::new()
        .route("/v1/documents", post(api::add_document))
        .route("/v1/documents/{id}", delete(api::remove_document))
        .route_layer(middleware::from_fn_with_state(state.clone(), authorize));
    let mut router = Router::new()
        .route("/", get(page_html))
        .route("/app.js", get(page_js))
        .route("/app.css", get(page_css))
        .route("/healthz", get(api::healthz))
        .route("/metrics", get(metrics_text))
        .route("/openapi.json", get(openapi_json))
        .route("/v1/info", get(api::info))
        .route("/v1/scan", post(api::scan))
        .route("/v1/compare", post(api::compare))
        .route("/v1/extract", post(api::extract))
        .route("/v1/trace", post(api::trace))
        .route("/v1/quotes", post(api::quotes))
        .merge(changes)
        .fallback(|| async { ApiError::for_status(StatusCode::NOT_FOUND) })
        .layer(DefaultBodyLimit::max(config.max_body))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.timeout,
        ));
    if !config.cors_origins.is_empty() {
        let origins = config
            .cors_origins
            .iter()
            .map(|o| {
                HeaderValue::from_str(o).map_err(|_| {
                    anyhow::anyhow!(
                        "{o:?} is not a valid CORS origin; give e.g. https://cms.example.org"
                    )
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        router = router.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST, Method::DELETE])
                .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION]),
        );
    }
    Ok(router
        .layer(middleware::from_fn(json_errors))
        .layer(middleware::from_fn_with_state(state.clone(), track))
        .with_state(state))
}

/// Serves `app` on `listener` until `shutdown` completes; requests in
/// flight are finished first.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Runs a server until Ctrl-C or SIGTERM: binds `config.addr`, calls
/// `ready` with the address bound (the port is chosen when it is 0), then
/// serves. Builds its own runtime; call from a plain thread.
pub fn run(config: Config, res: Resources, ready: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    // Connections need little CPU: one thread per two analysis threads.
    let io_threads = (config.workers / 2).clamp(1, 4);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(io_threads)
        .thread_name("unspin-http")
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|e| {
                anyhow::anyhow!(
                    "cannot listen on {}: {e}; choose another address with --addr",
                    config.addr
                )
            })?;
        let app = app(&config, res)?;
        ready(listener.local_addr()?);
        serve(listener, app, shutdown_signal()).await?;
        Ok(())
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Counts every request by endpoint, method and status, with its latency.
async fn track(State(s): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let endpoint = endpoint_of(req.uri().path());
    let method = req.method().clone();
    let res = next.run(req).await;
    s.metrics.record(
        endpoint,
        method.as_str(),
        res.status().as_u16(),
        started.elapsed(),
    );
    res
}

/// Gives every error answer the JSON shape of [`ApiError`] (those of the
/// router and the layers come without a body), and adds the headers that
/// keep browsers from sniffing or framing answers.
async fn json_errors(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let allow = res.headers().get(header::ALLOW).cloned();
        res = ApiError::for_status(status).into_response();
        if let Some(allow) = allow {
            res.headers_mut().insert(header::ALLOW, allow);
        }
    }
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        HeaderName::from_static("referrer-policy"),
        HeaderValue::from_static("no-referrer"),
    );
    res
}

/// Lets a change of the index through only with the configured bearer
/// token (compared in constant time).
async fn authorize(State(s): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    match check_token(s.token.as_deref(), req.headers()) {
        Ok(()) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

fn check_token(expected: Option<&str>, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = expected else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "read_only",
            "this server takes no changes to its index; start it with --token-file FILE (or UNSPIN_TOKEN) to allow them",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(t) if bool::from(t.as_bytes().ct_eq(expected.as_bytes())) => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "the bearer token is wrong; send the server's token as `Authorization: Bearer TOKEN`",
        )),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "changing the index needs the server's token; send it as `Authorization: Bearer TOKEN`",
        )),
    }
}

async fn metrics_text(State(s): State<Arc<AppState>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        s.metrics.encode(s.pool.pending()),
    )
        .into_response()
}

async fn openapi_json() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        openapi::document().to_string(),
    )
        .into_response()
}

/// The web page's content-security policy: its own script and style only,
/// requests to this server only.
const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_SECURITY_POLICY, PAGE_CSP),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        Body::from(body),
    )
        .into_response()
}

async fn page_html() -> Response {
    asset(
        "text/html; charset=utf-8",
        include_str!("../assets/index.html"),
    )
}

async fn page_js() -> Response {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("../assets/app.js"),
    )
}

async fn page_css() -> Response {
    asset("text/css; charset=utf-8", include_str!("../assets/app.css"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_checked() {
        let mut h = HeaderMap::new();
        assert_eq!(
            check_token(None, &h).unwrap_err().status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            check_token(Some("s3cret"), &h).unwrap_err().status,
            StatusCode::UNAUTHORIZED
        );
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer nope"),
        );
        assert_eq!(
            check_token(Some("s3cret"), &h).unwrap_err().status,
            StatusCode::UNAUTHORIZED
        );
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer s3cret"),
        );
        assert!(check_token(Some("s3cret"), &h).is_ok());
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic s3cret"),
        );
        assert!(check_token(Some("s3cret"), &h).is_err());
    }
}
