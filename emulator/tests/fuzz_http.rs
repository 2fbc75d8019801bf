//! A property test of the HTTP surface over raw TCP: requests built byte by byte (odd methods,
//! undecodable and oversized targets, repeated query parameters and headers, bad
//! `Content-Length`s, malformed, invalid-UTF-8, deep and large JSON bodies), each on its own
//! connection; half of them well addressed (a real route, the project's key, JSON) so that
//! their bodies reach the handlers. Whatever the request, without fault injection: a complete
//! answer, never a 5xx, always an `X-Request-Id`, and an error is a JSON `{code, message}`
//! that does not call a valid JSON body invalid; the server still serves afterwards.
//!
//! `PROPTEST_CASES` sets the number of requests (default 2,000, a few seconds); proptest picks a
//! new seed each run and prints the smallest failing request it finds.

mod common;

use common::{parse_response, Project, RawResponse, TestServer};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One request as bytes, and whether its answer has a body (not for HEAD).
#[derive(Clone, Debug)]
struct RawRequest {
    bytes: Vec<u8>,
    has_body: bool,
}

/// The parts a request is built from.
#[derive(Clone)]
struct Parts {
    method: Vec<u8>,
    target: Vec<u8>,
    headers: Vec<(Vec<u8>, Vec<u8>)>,
    body: Vec<u8>,
    framing: Framing,
}

/// A failing case as escaped text, long runs cut short.
impl fmt::Debug for Parts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = |bytes: &[u8]| {
            let shown = bytes.iter().take(200).copied().collect::<Vec<u8>>();
            let more = bytes.len().saturating_sub(shown.len());
            let more = if more > 0 {
                format!("... (+{more} bytes)")
            } else {
                String::new()
            };
            format!("{}{more}", shown.escape_ascii())
        };
        let headers: Vec<String> = self
            .headers
            .iter()
            .map(|(n, v)| format!("{}: {}", text(n), text(v)))
            .collect();
        f.debug_struct("Parts")
            .field("method", &format_args!("{}", text(&self.method)))
            .field("target", &format_args!("{}", text(&self.target)))
            .field("headers", &format_args!("{}", headers.join(" | ")))
            .field("body", &format_args!("{}", text(&self.body)))
            .field("framing", &self.framing)
            .finish()
    }
}

/// How the body is delimited.
#[derive(Clone, Debug)]
enum Framing {
    ContentLength,
    /// No `Content-Length` at all (a body, if any, is then never read).
    Absent,
    /// A value that is not a length.
    Bogus(&'static str),
    /// Two different `Content-Length`s.
    Twice,
    /// `Transfer-Encoding: chunked`, correctly framed.
    Chunked,
}

impl Parts {
    fn build(&self) -> RawRequest {
        let mut out = Vec::new();
        out.extend_from_slice(&self.method);
        out.push(b' ');
        out.extend_from_slice(&self.target);
        out.extend_from_slice(b" HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n");
        for (name, value) in &self.headers {
            out.extend_from_slice(name);
            out.extend_from_slice(b": ");
            out.extend_from_slice(value);
            out.extend_from_slice(b"\r\n");
        }
        let body = match &self.framing {
            Framing::ContentLength => {
                header_line(&mut out, "Content-Length", &self.body.len().to_string());
                self.body.clone()
            }
            Framing::Absent => self.body.clone(),
            Framing::Bogus(value) => {
                header_line(&mut out, "Content-Length", value);
                self.body.clone()
            }
            Framing::Twice => {
                header_line(&mut out, "Content-Length", &self.body.len().to_string());
                header_line(
                    &mut out,
                    "Content-Length",
                    &(self.body.len() + 1).to_string(),
                );
                self.body.clone()
            }
            Framing::Chunked => {
                header_line(&mut out, "Transfer-Encoding", "chunked");
                let mut chunked = Vec::new();
                for chunk in self.body.chunks(1000) {
                    chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
                    chunked.extend_from_slice(chunk);
                    chunked.extend_from_slice(b"\r\n");
                }
                chunked.extend_from_slice(b"0\r\n\r\n");
                chunked
            }
        };
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&body);
        RawRequest {
            bytes: out,
            has_body: self.method != b"HEAD",
        }
    }
}

fn header_line(out: &mut Vec<u8>, name: &str, value: &str) {
    out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
}

fn method() -> impl Strategy<Value = Vec<u8>> {
    const NORMAL: &[&[u8]] = &[b"GET", b"POST", b"PATCH", b"DELETE"];
    const ODD: &[&[u8]] = &[
        b"PUT",
        b"OPTIONS",
        b"HEAD",
        b"TRACE",
        b"CONNECT",
        b"get",
        b"FOO",
        b"M-SEARCH",
    ];
    // Not a method token at all.
    const BROKEN: &[&[u8]] = &[b"G\xffT", b"", b"GET\x00", b"{}"];
    prop_oneof![
        6 => prop::sample::select(NORMAL),
        3 => prop::sample::select(ODD),
        1 => prop::sample::select(BROKEN),
    ]
    .prop_map(<[u8]>::to_vec)
}

/// A path segment: ids, percent escapes (valid and not), raw bytes hyper refuses, long ones.
fn segment(project: &Project) -> impl Strategy<Value = Vec<u8>> {
    let fixed = vec![
        project.project_id.clone(),
        "proj_nope".into(),
        "seq_00000000-0000-0000-0000-000000000000".into(),
        "%FF".into(),
        "%C0%AF".into(),
        "%2F".into(),
        "%00".into(),
        "caf%C3%A9".into(),
        "%".into(),
        "%zz".into(),
        String::new(),
        "..".into(),
    ];
    prop_oneof![
        8 => prop::sample::select(fixed).prop_map(String::into_bytes),
        2 => "[a-zA-Z0-9_%.~-]{1,12}".prop_map(String::into_bytes),
        1 => prop::sample::select(vec![&b"\xff"[..], b"a b", b"\x7f", b"\"", b"<>"])
            .prop_map(<[u8]>::to_vec),
        1 => (1usize..70_000).prop_map(|n| vec![b'a'; n]),
    ]
}

fn query() -> impl Strategy<Value = Vec<u8>> {
    let name = prop::sample::select(vec!["limit", "page", "name", "x", "%FF", "", "li+mit"]);
    let value = prop::sample::select(vec![
        "1",
        "2000",
        "0",
        "-1",
        "abc",
        "%FF",
        "",
        "%C3%A9",
        "a+b",
        "%",
        "1000",
        "eyJ2IjoxLCJkIjoiYSIsImsiOm51bGx9",
    ]);
    prop::collection::vec((name, value), 0..5).prop_map(|pairs| {
        let text: Vec<String> = pairs.iter().map(|(n, v)| format!("{n}={v}")).collect();
        format!("?{}", text.join("&")).into_bytes()
    })
}

fn target(project: &Project) -> impl Strategy<Value = Vec<u8>> {
    let shapes = prop::sample::select(vec![
        "/projects/{}/sequences",
        "/projects/{}/sequences/{}",
        "/projects/{}/sequencesBulkUpdates",
        "/projects/{}",
        "/{}",
        "/_emulator/health",
        "/_emulator/requests",
        "/_emulator/{}",
        "*",
    ]);
    (
        shapes,
        segment(project),
        segment(project),
        prop::option::of(query()),
    )
        .prop_map(|(shape, first, second, query)| {
            let mut out = Vec::new();
            let mut pieces = shape.split("{}");
            let mut fills = [first, second].into_iter();
            if let Some(head) = pieces.next() {
                out.extend_from_slice(head.as_bytes());
            }
            for piece in pieces {
                out.extend(fills.next().unwrap_or_default());
                out.extend_from_slice(piece.as_bytes());
            }
            out.extend(query.unwrap_or_default());
            out
        })
}

fn headers(project: &Project) -> impl Strategy<Value = Vec<(Vec<u8>, Vec<u8>)>> {
    let header = |name: &'static str, values: Vec<Vec<u8>>| {
        prop::sample::select(values).prop_map(move |v| (name.as_bytes().to_vec(), v))
    };
    let bytes = |texts: &[&[u8]]| texts.iter().map(|t| t.to_vec()).collect::<Vec<_>>();
    let key = project.secret_key.as_bytes().to_vec();
    let one = prop_oneof![
        4 => header("Secret-Key", vec![key.clone(), key, b"x".to_vec(), Vec::new(), b"\xff\xfe".to_vec()]),
        3 => header("Content-Type", bytes(&[b"application/json", b"text/plain", b"application/json; charset=utf-8", b"", b"application/merge-patch+json"])),
        2 => header("Idempotency-Key", bytes(&[b"k1", b"k2", b"", b"\xc3\xa9", b"a b"])),
        1 => header("Idempotency-Key", vec![vec![b'k'; 300]]),
        1 => header("Expect", bytes(&[b"100-continue", b"nonsense"])),
        1 => header("Origin", bytes(&[b"http://example.com"])),
        1 => ("[A-Za-z-]{1,10}", "[ -~]{0,20}").prop_map(|(n, v)| (n.into_bytes(), v.into_bytes())),
        1 => prop::sample::select(bytes(&[b"Bad Header", b"X-A\x00", b"", b"X-B\xff"])).prop_map(|n| (n, b"1".to_vec())),
    ];
    prop_oneof![
        20 => prop::collection::vec(one, 0..6),
        1 => Just(vec![(b"X-Big".to_vec(), vec![b'a'; 500_000])]),
        1 => Just((0..150).map(|i| (format!("X-{i}").into_bytes(), b"1".to_vec())).collect()),
    ]
}

/// Bulk actions from the contract's vocabulary, with wrong types and values mixed in.
fn action() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::json;
    let string = prop_oneof![
        Just(json!("image_0.jpg")),
        Just(json!("A")),
        Just(json!("")),
        Just(json!(null)),
        Just(json!(7)),
        Just(json!("x".repeat(1100))),
        Just(json!({"a": 1})),
    ];
    let ord = prop_oneof![
        Just(json!(null)),
        Just(json!(0)),
        Just(json!(-1)),
        Just(json!(1.5)),
        Just(json!(2_147_483_648u64)),
        Just(json!("1")),
        Just(json!(u64::MAX)),
    ];
    let kind = prop::sample::select(vec![
        json!("Link"),
        json!("PatchSequence"),
        json!("RemoveSequence"),
        json!("Nope"),
        json!(5),
        json!(null),
    ]);
    let merge = prop::sample::select(vec![
        json!("RejectSequenceOperation"),
        json!("Keep"),
        json!(true),
        json!(null),
    ]);
    let key = prop::sample::select(vec![
        "assetId",
        "assetFilename",
        "sequenceId",
        "sequenceName",
        "asset_id",
        "kind",
    ]);
    (kind, key, string.clone(), string, ord, merge, any::<bool>()).prop_map(
        |(kind, key, value, name, ord, merge, unset)| {
            let sequence = if unset {
                json!("Unset")
            } else {
                json!({"name": name, "ord": ord, "merge": merge})
            };
            json!({"kind": kind, key: value, "sequence": sequence, "patch": {"name": name, "attributes": {"k": value}}})
        },
    )
}

fn bulk_body() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(action(), 0..4).prop_map(|actions| {
        serde_json::json!({"actions": actions, "abortMode": "AbortOnAnyFailed"})
            .to_string()
            .into_bytes()
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => bulk_body(),
        // Cut short anywhere.
        2 => (bulk_body(), any::<prop::sample::Index>())
            .prop_map(|(b, cut)| b[..cut.index(b.len())].to_vec()),
        2 => prop::sample::select(vec![
            &br#"{"name": "B", "attributes": {"k": "v"}}"#[..],
            br#"{"name": null, "attributes": null}"#,
            br#"{"attributes": {"a b": true}}"#,
            br#"{"name": "\xff\xfe"}"#,
            br#"{"actions": [{"kind": "Link", "assetId": "\xc0\xaf", "sequence": "Unset"}]}"#,
            br#"{"actions": [], "actions": []}"#,
            br#"["B", null]"#,
            b"{} {}",
            b"",
            b"null",
            b"\xef\xbb\xbf{}",
        ]).prop_map(<[u8]>::to_vec),
        2 => prop::collection::vec(any::<u8>(), 0..200),
        1 => (1usize..50_000).prop_map(|n| [vec![b'['; n], vec![b']'; n]].concat()),
        1 => (1usize..5_000).prop_map(|n| {
            let open = r#"{"actions": [{"kind": "PatchSequence", "sequenceId": "s", "patch": "#;
            format!("{open}{}{}", "{\"a\":".repeat(n), "}".repeat(n)).into_bytes()
        }),
        1 => (1usize..2_000_000).prop_map(|n| format!(r#"{{"name": "{}"}}"#, "a".repeat(n)).into_bytes()),
    ]
}

fn framing() -> impl Strategy<Value = Framing> {
    prop_oneof![
        12 => Just(Framing::ContentLength),
        1 => Just(Framing::Absent),
        1 => prop::sample::select(vec!["abc", "-1", "1e3", "99999999999999999999999", "+1", "1 1"]).prop_map(Framing::Bogus),
        1 => Just(Framing::Twice),
        1 => Just(Framing::Chunked),
    ]
}

/// Half the requests are anything at all; the other half are well addressed (a real route,
/// the project's key, a JSON content type) so that their bodies reach the handlers.
fn request(project: &Project, sequence_ids: Vec<String>) -> impl Strategy<Value = Parts> {
    let anything = (
        method(),
        target(project),
        headers(project),
        body(),
        framing(),
    )
        .prop_map(|(method, target, headers, body, framing)| Parts {
            method,
            target,
            headers,
            body,
            framing,
        });
    let p = project.project_id.clone();
    let routes = prop::sample::select(vec![
        ("POST", format!("/projects/{p}/sequencesBulkUpdates")),
        ("POST", format!("/projects/{p}/sequencesBulkUpdates")),
        ("PATCH", format!("/projects/{p}/sequences/")),
        ("DELETE", format!("/projects/{p}/sequences/")),
        ("GET", format!("/projects/{p}/sequences")),
    ]);
    let key = project.secret_key.clone().into_bytes();
    let addressed = (
        routes,
        prop::sample::select(sequence_ids),
        prop::option::of(query()),
        prop::option::of(prop::sample::select(vec!["k1", "k2", "k3"])),
        body(),
        framing(),
    )
        .prop_map(
            move |((method, route), id, query, idempotency, body, framing)| {
                let mut target = route.into_bytes();
                if target.ends_with(b"/") {
                    target.extend_from_slice(id.as_bytes());
                }
                if method == "GET" {
                    target.extend(query.unwrap_or_default());
                }
                let mut headers = vec![
                    (b"Secret-Key".to_vec(), key.clone()),
                    (b"Content-Type".to_vec(), b"application/json".to_vec()),
                ];
                if let Some(idempotency) = idempotency {
                    headers.push((b"Idempotency-Key".to_vec(), idempotency.as_bytes().to_vec()));
                }
                Parts {
                    method: method.as_bytes().to_vec(),
                    target,
                    headers,
                    body,
                    framing,
                }
            },
        );
    prop_oneof![anything, addressed]
}

/// Sends the request on a new connection; the first final (non-1xx) answer.
async fn exchange(base: &str, request: &RawRequest) -> Result<RawResponse, String> {
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    // The server may answer and close before reading everything (a bad head): that is fine.
    let _ = stream.write_all(&request.bytes).await;
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 65536];
    let read = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let mut rest = bytes.as_slice();
            while let Some((response, used)) = parse_response(rest, request.has_body) {
                if response.status >= 200 {
                    return Ok(response);
                }
                rest = &rest[used..];
            }
            match stream.read(&mut chunk).await {
                Ok(0) => return Err(format!("closed after {} bytes", bytes.len())),
                Ok(n) => bytes.extend_from_slice(&chunk[..n]),
                Err(e) => return Err(format!("read: {e} after {} bytes", bytes.len())),
            }
        }
    })
    .await;
    read.map_err(|_| "no answer within 10 s".to_string())?
}

/// What every answer must be; `sent_json` says whether the body the server read is valid JSON
/// (then it may not be called invalid).
fn check(response: &RawResponse, has_body: bool, sent_json: bool) -> Result<(), String> {
    if response.status >= 500 {
        return Err(format!("a {} without fault injection", response.status));
    }
    if !response
        .header("x-request-id")
        .is_some_and(|id| id.starts_with("req_"))
    {
        return Err("no X-Request-Id".into());
    }
    if response.status >= 400 && has_body {
        let body: serde_json::Value = serde_json::from_slice(&response.body)
            .map_err(|_| format!("not JSON: {:?}", String::from_utf8_lossy(&response.body)))?;
        if !(body["code"].is_string() && body["message"].is_string()) {
            return Err(format!("not {{code, message}}: {body}"));
        }
        let message = body["message"].as_str().unwrap_or_default();
        if sent_json && message.starts_with("body: invalid JSON") {
            return Err(format!("valid JSON called invalid: {message}"));
        }
    }
    Ok(())
}

#[test]
fn any_request_gets_a_json_answer_below_500_and_the_server_survives() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (server, project, sequence_ids) = runtime.block_on(async {
        let server = TestServer::start().await;
        let project = server.project().await;
        server.assets(&project, 3).await;
        server
            .link_all(&project, &[("image_0.jpg", "A"), ("image_1.jpg", "B")])
            .await;
        let ids: Vec<String> = server
            .all_sequences(&project)
            .await
            .iter()
            .filter_map(|s| s["id"].as_str().map(str::to_string))
            .chain(["seq_unknown".to_string()])
            .collect();
        (server, project, ids)
    });
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    let mut runner = TestRunner::new(Config {
        cases,
        // Shrinking re-sends requests; a few hundred steps find a small case.
        max_shrink_iters: 500,
        failure_persistence: None,
        ..Config::default()
    });
    let statuses = Mutex::new(BTreeMap::<u16, u32>::new());
    let result = runner.run(&request(&project, sequence_ids), |parts| {
        let request = parts.build();
        let response = runtime
            .block_on(exchange(&server.base, &request))
            .map_err(TestCaseError::fail)?;
        if let Ok(mut seen) = statuses.lock() {
            *seen.entry(response.status).or_default() += 1;
        }
        let delivered = matches!(parts.framing, Framing::ContentLength | Framing::Chunked);
        let sent_json =
            delivered && serde_json::from_slice::<serde::de::IgnoredAny>(&parts.body).is_ok();
        check(&response, request.has_body, sent_json).map_err(TestCaseError::fail)
    });
    let statuses = statuses.into_inner().unwrap_or_default();
    println!("{cases} cases, answers by status: {statuses:?}");
    if let Err(failure) = result {
        panic!("{failure}");
    }
    let alive = runtime.block_on(common::raw_exchange(
        &server.base,
        b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ));
    assert_eq!(
        alive.map(|r| r.status),
        Some(200),
        "the server still serves"
    );
    drop(server);
}
