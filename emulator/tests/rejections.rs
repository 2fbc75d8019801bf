//! Client mistakes below the JSON layer: undecodable paths and queries, repeated query
//! parameters, and requests hyper itself refuses. Each is a 4xx with a JSON `{code, message}`
//! naming the mistake and an `X-Request-Id`; the server keeps serving.

mod common;

use common::{raw_exchange, raw_responses, TestServer};

/// Sends raw bytes; asserts a JSON error with a request id; returns status and message.
async fn rejected(server: &TestServer, request: &[u8]) -> (u16, String) {
    let response = raw_exchange(&server.base, request)
        .await
        .expect("a complete response");
    assert!(
        response
            .header("x-request-id")
            .is_some_and(|id| id.starts_with("req_")),
        "{response:?}"
    );
    assert_eq!(response.header("content-type"), Some("application/json"));
    let body = response.json();
    let message = body["message"].as_str().expect("message").to_string();
    assert!(body["code"].is_string(), "{body}");
    (response.status, message)
}

fn get(target: &str, key: &str) -> Vec<u8> {
    format!("GET {target} HTTP/1.1\r\nHost: x\r\nSecret-Key: {key}\r\nConnection: close\r\n\r\n")
        .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undecodable_targets_are_400s_naming_the_piece() {
    let server = TestServer::start().await;
    let project = server.project().await;
    let p = &project.project_id;
    let cases = [
        (
            "/projects/%FF/sequences".to_string(),
            r#"path segment 2 ("%FF")"#,
        ),
        (
            format!("/projects/{p}/sequences/%C0%AF"),
            r#"path segment 4 ("%C0%AF")"#,
        ),
        (
            format!("/projects/{p}/sequences?name=%FF"),
            r#"query parameter "name": value "%FF""#,
        ),
        (
            "/_emulator/projects/%FF/assets".to_string(),
            r#"path segment 3 ("%FF")"#,
        ),
    ];
    for (target, named) in cases {
        for key in [project.secret_key.as_str(), "x"] {
            let (status, message) = rejected(&server, &get(&target, key)).await;
            assert_eq!(status, 400, "{target}: {message}");
            assert!(message.starts_with(named), "{target}: {message}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_query_parameters_are_400s_whatever_their_order() {
    let server = TestServer::start().await;
    let project = server.project().await;
    for query in [
        "limit=1&limit=2000",
        "limit=2000&limit=1",
        "name=a&limit=2&name=a",
    ] {
        let target = format!("/projects/{}/sequences?{query}", project.project_id);
        let (status, message) = rejected(&server, &get(&target, &project.secret_key)).await;
        assert_eq!(status, 400, "{query}");
        assert!(message.ends_with("given more than once"), "{message}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_the_emulator_reads_are_400s_when_repeated() {
    let server = TestServer::start().await;
    let project = server.project().await;
    let (p, key) = (&project.project_id, &project.secret_key);
    let cases = [
        (
            format!("GET /projects/{p}/sequences HTTP/1.1\r\nSecret-Key: {key}\r\nSecret-Key: x\r\n"),
            "Secret-Key header: given more than once",
        ),
        (
            format!("DELETE /projects/{p}/sequences/s HTTP/1.1\r\nSecret-Key: {key}\r\nIdempotency-Key: a\r\nidempotency-key: a\r\n"),
            "Idempotency-Key header: given more than once",
        ),
        (
            format!("PATCH /projects/{p}/sequences/s HTTP/1.1\r\nSecret-Key: {key}\r\nContent-Type: application/json\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"),
            "Content-Type header: given more than once",
        ),
    ];
    for (head, expected) in cases {
        let request = format!("{head}Host: x\r\nConnection: close\r\n\r\n{{}}");
        let (status, message) = rejected(&server, request.as_bytes()).await;
        assert_eq!((status, message.as_str()), (400, expected));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_hyper_refuses_get_json_errors_too() {
    let server = TestServer::start().await;
    let long_uri = format!("/projects/{}/sequences", "a".repeat(70_000));
    let big_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let many_headers = format!(
        "GET / HTTP/1.1\r\nHost: x\r\n{}\r\n",
        (0..150)
            .map(|i| format!("X-{i}: 1\r\n"))
            .collect::<String>()
    );
    let cases: [(Vec<u8>, u16, &str); 7] = [
        (get(&long_uri, "x"), 414, "request URI: longer than"),
        (big_header.into_bytes(), 431, "request head: over"),
        (many_headers.into_bytes(), 431, "request head: over"),
        (
            b"POST /projects/p/sequencesBulkUpdates HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n".to_vec(),
            400,
            "malformed HTTP request: invalid content-length parsed",
        ),
        (
            b"GET /projects/\xff/sequences HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            400,
            "malformed HTTP request: invalid URI",
        ),
        (
            b"GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n".to_vec(),
            400,
            "malformed HTTP request: invalid HTTP header parsed",
        ),
        (b"\x00\x01\r\n\r\n".to_vec(), 400, "malformed HTTP request: invalid HTTP method parsed"),
    ];
    for (request, status, message_start) in cases {
        let (got, message) = rejected(&server, &request).await;
        assert_eq!(got, status, "{message}");
        assert!(message.starts_with(message_start), "{message}");
    }
    // Good requests, then a malformed one on the same connection: each answered, ours intact.
    let health = b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\n";
    let pipelined = [&health[..], health, b"GET /\xff HTTP/1.1\r\n\r\n"].concat();
    let responses = raw_responses(&server.base, &pipelined).await;
    let statuses: Vec<u16> = responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 200, 400]);
    assert!(responses.iter().all(|r| r.header("x-request-id").is_some()));
    assert_eq!(responses[2].json()["code"], "BadRequestError");
    let alive = raw_exchange(&server.base, &get("/_emulator/health", "x")).await;
    assert_eq!(alive.map(|r| r.status), Some(200));
}
