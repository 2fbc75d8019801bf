//! Test harness: a real emulator on an ephemeral loopback port over a fresh SQLite file,
//! driven over real HTTP.
#![allow(dead_code)] // each test binary uses a different part of the harness

use nexus_emulator::Config;
use nexus_emulator::DbLocation;
use nexus_emulator::Server;
use nexus_emulator_testkit::Client;
use nexus_wire::admin::NewProject;
use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};
use std::path::PathBuf;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running emulator.
pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    /// The admin routes, for setting a test up.
    pub admin: Client,
    pub db_path: Option<PathBuf>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    _dir: Option<tempfile::TempDir>,
}

pub use nexus_emulator_testkit::Project;

impl TestServer {
    /// A server over a fresh temporary database file.
    pub async fn start() -> TestServer {
        Self::start_with(|_| {}).await
    }

    /// Like [`start`], with the config adjusted by `tweak`.
    pub async fn start_with(tweak: impl FnOnce(&mut Config)) -> TestServer {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("emulator.db");
        let mut config = Config::ephemeral();
        config.db = DbLocation::File(path.clone());
        tweak(&mut config);
        let mut server = Self::launch(config).await;
        server.db_path = Some(path);
        server._dir = Some(dir);
        server
    }

    /// A server for exactly this config.
    pub async fn launch(config: Config) -> TestServer {
        let server = Server::bind(config).await.expect("server starts");
        let addr = server.local_addr().expect("bound address");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        TestServer {
            base: format!("http://{addr}"),
            client: reqwest::Client::builder()
                .pool_max_idle_per_host(0)
                .build()
                .expect("client"),
            admin: Client::new(&format!("http://{addr}")).expect("admin client"),
            db_path: None,
            stop: Some(stop),
            task: Some(task),
            _dir: None,
        }
    }

    /// Stops the server and waits until it has shut down; returns the temp dir to keep the file.
    pub async fn stop(mut self) -> Option<tempfile::TempDir> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.expect("server task");
        }
        self._dir.take()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A request with no key.
    pub fn raw(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// A request to a project path with the project's key.
    pub fn req(&self, project: &Project, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.raw(method, &format!("/projects/{}{}", project.project_id, path))
            .header(nexus_wire::header::SECRET_KEY, &project.secret_key)
    }

    /// A request to one sequence of a project, with the project's key.
    pub fn seq_req(&self, project: &Project, method: Method, id: &str) -> reqwest::RequestBuilder {
        self.req(project, method, &format!("/sequences/{id}"))
    }

    /// Creates a project with a new key (or joining `key`'s workspace).
    pub async fn project_with_key(&self, key: Option<&str>) -> Project {
        let new = NewProject {
            secret_key: key.map(str::to_string),
            ..NewProject::default()
        };
        self.admin
            .create_project_with(&new)
            .await
            .expect("create project")
    }

    pub async fn project(&self) -> Project {
        self.project_with_key(None).await
    }

    /// Creates `image_0.jpg`.. assets; returns their ids in order.
    pub async fn assets(&self, project: &Project, count: usize) -> Vec<String> {
        self.admin
            .create_assets(project, count, "image_")
            .await
            .expect("create assets")
    }

    /// Posts a bulk update; returns status and body.
    pub async fn bulk_raw(&self, project: &Project, body: &Value) -> (StatusCode, Value) {
        let resp = self
            .req(project, Method::POST, "/sequencesBulkUpdates")
            .json(body)
            .send()
            .await
            .expect("bulk");
        split(resp).await
    }

    /// Posts a bulk update that must succeed; returns the results as strings.
    pub async fn bulk(&self, project: &Project, actions: Value, abort_mode: &str) -> Vec<String> {
        let (status, body) = self
            .bulk_raw(
                project,
                &json!({ "actions": actions, "abortMode": abort_mode }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "bulk failed: {body}");
        body["actions"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| r.as_str().expect("result string").to_string())
            .collect()
    }

    /// Posts a bulk update under abortMode `None` that must succeed; returns the results.
    pub async fn apply(&self, project: &Project, actions: Value) -> Vec<String> {
        self.bulk(project, actions, "None").await
    }

    /// Links each `(filename, sequence)` at the default ord and role, in one bulk update.
    pub async fn link_all(&self, project: &Project, pairs: &[(&str, &str)]) -> Vec<String> {
        let actions = pairs
            .iter()
            .map(|(filename, sequence)| link_to(filename, sequence))
            .collect();
        self.apply(project, Value::Array(actions)).await
    }

    /// Every sequence of a project, by walking all pages.
    pub async fn all_sequences(&self, project: &Project) -> Vec<Value> {
        let mut out = Vec::new();
        let mut page: Option<String> = None;
        loop {
            let mut req = self
                .req(project, Method::GET, "/sequences")
                .query(&[("limit", "1000")]);
            if let Some(cursor) = &page {
                req = req.query(&[("page", cursor)]);
            }
            let (status, body) = split(req.send().await.expect("list")).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            out.extend(body["data"].as_array().expect("data").iter().cloned());
            match body["nextPage"].as_str() {
                Some(next) => page = Some(next.to_string()),
                None => return out,
            }
        }
    }

    /// A sequence by name (panics when absent).
    pub async fn sequence_named(&self, project: &Project, name: &str) -> Value {
        let (status, body) = split(
            self.req(project, Method::GET, "/sequences")
                .query(&[("name", name)])
                .send()
                .await
                .expect("list"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        body["data"][0].clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Status and JSON body of a response (`null` for an empty body).
pub async fn split(resp: Response) -> (StatusCode, Value) {
    let status = resp.status();
    let bytes = resp.bytes().await.expect("body");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("not JSON: {:?}", String::from_utf8_lossy(&bytes)))
    };
    (status, body)
}

/// Sends a request; returns status and JSON body (see [`split`]).
pub async fn fetch(req: reqwest::RequestBuilder) -> (StatusCode, Value) {
    split(req.send().await.expect("send")).await
}

/// A Link action by filename.
pub fn link(filename: &str, sequence: &str, ord: Option<i64>, role: Option<&str>) -> Value {
    json!({"kind": "Link", "assetFilename": filename,
           "sequence": {"name": sequence, "merge": "ReplaceExistingEntry", "ord": ord, "role": role}})
}

/// A Link action by filename at the default ord and role.
pub fn link_to(filename: &str, sequence: &str) -> Value {
    link(filename, sequence, None, None)
}

/// Results as owned strings, for comparing with `vec!["Ok", ...]`.
pub fn strs(items: &[&str]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

/// A response read off a raw TCP exchange.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    /// Header names lowercased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON (panics when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {:?}", String::from_utf8_lossy(&self.body)))
    }
}

/// Sends `request` as raw bytes on a new connection and reads every response until the server
/// closes (at most 10 s): the request must end the connection (`Connection: close`, or an
/// error). The sending half stays open, as a client's does: hyper drops a half-closed one.
pub async fn raw_responses(base: &str, request: &[u8]) -> Vec<RawResponse> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    // The server may answer (and close) before it has read everything: ignore write errors.
    let _ = stream.write_all(request).await;
    let mut bytes = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut bytes),
    )
    .await;
    let mut responses = Vec::new();
    let mut rest = bytes.as_slice();
    while let Some((response, used)) = parse_response(rest, true) {
        responses.push(response);
        rest = &rest[used..];
    }
    responses
}

/// The first response to `request` sent as raw bytes (see [`raw_responses`]).
pub async fn raw_exchange(base: &str, request: &[u8]) -> Option<RawResponse> {
    raw_responses(base, request).await.into_iter().next()
}

/// One complete response (with `content-length`; no body when `has_body` is false, as for a
/// HEAD) at the start of `bytes`, and its length.
pub fn parse_response(bytes: &[u8], has_body: bool) -> Option<(RawResponse, usize)> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&bytes[..end]).to_string();
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .filter(|_| has_body)
        .unwrap_or(0);
    let body = bytes.get(end + 4..end + 4 + length)?.to_vec();
    Some((
        RawResponse {
            status,
            headers,
            body,
        },
        end + 4 + length,
    ))
}
