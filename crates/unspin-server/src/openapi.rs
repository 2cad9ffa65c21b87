//! `GET /openapi.json`: an OpenAPI 3.1 description of the API. The
//! schemas of requests and reports are derived from the very types the
//! server decodes and encodes (JSON Schema 2020-12, which OpenAPI 3.1
//! uses as is), so they cannot drift from the answers; a test checks real
//! answers against them.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Value, json};
use unspin_align::{CompareReport, QuotesReport};
use unspin_detect::ScanReport;
use unspin_index::TraceReport;

use crate::api::{
    AddDocumentRequest, CompareRequest, DocumentChange, ExtractRequest, Extracted, Health, Info,
    QuotesRequest, ScanRequest, TraceRequest,
};
use crate::error::ErrorBody;

fn schema<T: JsonSchema>(g: &mut SchemaGenerator) -> Value {
    g.subschema_for::<T>().to_value()
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    })
}

fn json_response(description: &str, schema: Value) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": schema}}})
}

/// An analysis endpoint: a JSON request, a JSON report, the usual errors.
fn analysis(summary: &str, description: &str, request: Value, report: Value) -> Value {
    json!({
        "post": {
            "summary": summary,
            "description": description,
            "requestBody": {"required": true, "content": {"application/json": {"schema": request}}},
            "responses": {
                "200": json_response("The report, as the CLI prints it with --format json.", report),
                "400": error_response("Malformed JSON, an unknown field, or no document."),
                "404": error_response("The request needs an index and the server has none."),
                "408": error_response("The request took longer than the server's time limit."),
                "413": error_response("The body is larger than the server's limit."),
                "422": error_response("The document is not text (binary data) or cannot be decoded."),
                "503": error_response("The server is overloaded; retry after the Retry-After delay.")
            }
        }
    })
}

/// The OpenAPI document.
pub fn document() -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    let mut g = settings.into_generator();
    let paths = json!({
        "/v1/scan": analysis(
            "Scan one document for spun text",
            "Tortured phrases with the likely original wording, spin syntax, look-alike letters, listed phrases (when the server has a list), a calibrated spin score and a verdict; in a text judged spun, the swapped words behind the score. Schema unspin.scan/1.",
            schema::<ScanRequest>(&mut g),
            schema::<ScanReport>(&mut g),
        ),
        "/v1/compare": analysis(
            "Compare two documents",
            "Reused passages aligned through synonym swaps, word-level edits, quotations in both, and a verdict. Schema unspin.compare/1.",
            schema::<CompareRequest>(&mut g),
            schema::<CompareReport>(&mut g),
        ),
        "/v1/trace": analysis(
            "Find the sources of a document in the server's index",
            "Only on a server started with --index. Schema unspin.trace/1.",
            schema::<TraceRequest>(&mut g),
            schema::<TraceReport>(&mut g),
        ),
        "/v1/quotes": analysis(
            "Quotations with their speakers",
            "Every quotation with its speaker and reporting verb; with `against` or `index`, whether each reads the same elsewhere. Schema unspin.quotes/1.",
            schema::<QuotesRequest>(&mut g),
            schema::<QuotesReport>(&mut g),
        ),
        "/v1/extract": {
            "post": {
                "summary": "The article text of an HTML page",
                "description": "The text unspin reads from a page, as `scan page.html` does: the offsets of every report on that page refer to it.",
                "requestBody": {"required": true, "content": {"application/json": {"schema": schema::<ExtractRequest>(&mut g)}}},
                "responses": {
                    "200": json_response("The article text.", schema::<Extracted>(&mut g)),
                    "400": error_response("Malformed JSON or an unknown field."),
                    "408": error_response("The request took longer than the server's time limit."),
                    "413": error_response("The body is larger than the server's limit."),
                    "422": error_response("The page cannot be decoded."),
                    "503": error_response("The server is overloaded; retry after the Retry-After delay.")
                }
            }
        },
        "/v1/documents": {
            "post": {
                "summary": "Add a source document to the index",
                "security": [{"bearer": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": schema::<AddDocumentRequest>(&mut g)}}},
                "responses": {
                    "201": json_response("Added.", schema::<DocumentChange>(&mut g)),
                    "200": json_response("Replaced (with \"replace\": true).", schema::<DocumentChange>(&mut g)),
                    "400": error_response("Malformed JSON, an unknown field, or no document."),
                    "401": error_response("No token, or a wrong one."),
                    "403": error_response("The server takes no changes (started without a token)."),
                    "404": error_response("The server has no index."),
                    "409": error_response("The id is already in the index."),
                    "413": error_response("The body is larger than the server's limit."),
                    "422": error_response("The document is not text or cannot be decoded."),
                    "503": error_response("Overloaded, or another process is writing to the index.")
                }
            }
        },
        "/v1/documents/{id}": {
            "delete": {
                "summary": "Remove a document from the index",
                "security": [{"bearer": []}],
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {
                    "200": json_response("Removed.", schema::<DocumentChange>(&mut g)),
                    "401": error_response("No token, or a wrong one."),
                    "403": error_response("The server takes no changes (started without a token)."),
                    "404": error_response("No such document, or no index."),
                    "503": error_response("Overloaded, or another process is writing to the index.")
                }
            }
        },
        "/v1/info": {
            "get": {
                "summary": "What this server offers",
                "responses": {"200": json_response("Version, index and limits.", schema::<Info>(&mut g))}
            }
        },
        "/healthz": {
            "get": {
                "summary": "Liveness",
                "responses": {"200": json_response("The server is up.", schema::<Health>(&mut g))}
            }
        },
        "/metrics": {
            "get": {
                "summary": "Requests, latencies and errors by endpoint",
                "responses": {"200": {
                    "description": "Prometheus (OpenMetrics) text format.",
                    "content": {"application/openmetrics-text": {"schema": {"type": "string"}}}
                }}
            }
        },
        "/openapi.json": {
            "get": {
                "summary": "This description",
                "responses": {"200": json_response("OpenAPI 3.1.", json!({"type": "object"}))}
            }
        },
        "/": {
            "get": {
                "summary": "The web page for editors",
                "responses": {"200": {"description": "HTML.", "content": {"text/html": {"schema": {"type": "string"}}}}}
            }
        }
    });
    let _ = schema::<ErrorBody>(&mut g);
    let schemas = g.take_definitions(true);
    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "unspin",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Find machine-spun and copied text, trace it to its source, and show exactly what was changed. Self-hosted: text never leaves the machine. Every error answer is {\"error\": {\"status\", \"code\", \"message\"}}.",
            "license": {"name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0"}
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `$ref` points at a schema that exists.
    #[test]
    fn references_resolve() {
        let doc = document();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let mut refs = Vec::new();
        collect_refs(&doc, &mut refs);
        assert!(refs.len() > 10);
        for r in refs {
            let name = r
                .strip_prefix("#/components/schemas/")
                .unwrap_or_else(|| panic!("unexpected reference {r}"));
            assert!(schemas.contains_key(name), "missing schema {name}");
        }
        for name in [
            "ScanReport",
            "CompareReport",
            "TraceReport",
            "QuotesReport",
            "ErrorBody",
        ] {
            assert!(schemas.contains_key(name), "{name}");
        }
    }

    fn collect_refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    if k == "$ref" {
                        out.push(v.as_str().unwrap().to_string());
                    } else {
                        collect_refs(v, out);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| collect_refs(v, out)),
            _ => {}
        }
    }
}
