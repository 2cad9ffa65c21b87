//! `GET /metrics`: requests, latencies and errors by endpoint, in the
//! Prometheus (OpenMetrics) text format.

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// The endpoints metrics are kept for; any other path counts as `other`,
/// so that scanning for paths cannot grow the label set without bound.
pub const ENDPOINTS: &[&str] = &[
    "/",
    "/app.js",
    "/app.css",
    "/healthz",
    "/metrics",
    "/openapi.json",
    "/v1/info",
    "/v1/scan",
    "/v1/compare",
    "/v1/extract",
    "/v1/trace",
    "/v1/quotes",
    "/v1/documents",
    "/v1/documents/{id}",
];

/// The endpoint label of a request path.
pub fn endpoint_of(path: &str) -> &'static str {
    if let Some(e) = ENDPOINTS.iter().find(|e| **e == path) {
        return e;
    }
    match path.strip_prefix("/v1/documents/") {
        Some(id) if !id.is_empty() && !id.contains('/') => "/v1/documents/{id}",
        _ => "other",
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    endpoint: String,
    method: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct EndpointLabels {
    endpoint: String,
}

/// The server's metrics.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    errors: Family<RequestLabels, Counter>,
    latency: Family<EndpointLabels, Histogram>,
    pending: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Empty metrics.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("unspin");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by endpoint, method and status",
            requests.clone(),
        );
        let errors = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_errors",
            "HTTP requests answered with a 4xx or 5xx status (503: shed under load)",
            errors.clone(),
        );
        let latency = Family::<EndpointLabels, Histogram>::new_with_constructor(|| {
            // 0.25 ms to about 8 s.
            Histogram::new(exponential_buckets(0.000_25, 2.0, 16))
        });
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its answer",
            latency.clone(),
        );
        let pending = Gauge::default();
        registry.register(
            "analysis_pending",
            "Requests admitted to the analysis pool and not yet answered",
            pending.clone(),
        );
        Metrics {
            registry,
            requests,
            errors,
            latency,
            pending,
        }
    }

    /// Counts one answered request.
    pub fn record(&self, endpoint: &str, method: &str, status: u16, took: Duration) {
        let labels = RequestLabels {
            endpoint: endpoint.to_string(),
            method: method.to_string(),
            status: status.to_string(),
        };
        if status >= 400 {
            self.errors.get_or_create(&labels).inc();
        }
        self.requests.get_or_create(&labels).inc();
        self.latency
            .get_or_create(&EndpointLabels {
                endpoint: endpoint.to_string(),
            })
            .observe(took.as_secs_f64());
    }

    /// The metrics as text, with the analysis pool's current load.
    pub fn encode(&self, pending: usize) -> String {
        self.pending.set(pending as i64);
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .expect("writing to a String cannot fail");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_bounded() {
        assert_eq!(endpoint_of("/v1/scan"), "/v1/scan");
        assert_eq!(endpoint_of("/v1/documents/abc"), "/v1/documents/{id}");
        assert_eq!(endpoint_of("/v1/documents/a/b"), "other");
        assert_eq!(endpoint_of("/wp-admin"), "other");
    }

    #[test]
    fn counts_requests_errors_and_latency() {
        let m = Metrics::new();
        m.record("/v1/scan", "POST", 200, Duration::from_millis(2));
        m.record("/v1/scan", "POST", 200, Duration::from_millis(3));
        m.record("/v1/scan", "POST", 413, Duration::from_millis(1));
        let text = m.encode(3);
        assert!(text.contains(
            r#"unspin_http_requests_total{endpoint="/v1/scan",method="POST",status="200"} 2"#
        ));
        assert!(text.contains(
            r#"unspin_http_errors_total{endpoint="/v1/scan",method="POST",status="413"} 1"#
        ));
        assert!(
            text.contains(r#"unspin_http_request_duration_seconds_count{endpoint="/v1/scan"} 3"#)
        );
        assert!(text.contains("unspin_analysis_pending 3"));
    }
}
