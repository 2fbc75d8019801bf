//! The routes the crash test calls, over real HTTP.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

/// Bound on any one request: a hung emulator fails the test instead of stalling it.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Page size when reading every sequence back.
const LIST_LIMIT: usize = 1000;

/// Why a call did not give the expected answer.
#[derive(Debug)]
pub enum CallError {
    /// No HTTP answer: connection refused or cut (what a killed emulator looks like).
    Transport(String),
    /// An HTTP answer other than the expected one, or an unreadable body.
    Answer(String),
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Transport(message) => write!(f, "connection failure: {message}"),
            CallError::Answer(message) => write!(f, "unexpected answer: {message}"),
        }
    }
}

/// A project and the key that grants it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    /// `proj_…`
    pub project_id: String,
    /// Sent as `Secret-Key`.
    pub secret_key: String,
}

/// The parts of a Sequence the test checks.
#[derive(Debug, Deserialize)]
pub struct Sequence {
    /// Unique per project.
    pub name: String,
    /// Ordered by `ord`.
    pub items: Vec<Item>,
    /// The attribute envelope.
    pub attributes: Attributes,
}

/// One item of a sequence.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    /// `asset_…`
    pub asset_id: String,
    /// Position within the role.
    pub ord: u64,
    /// `null` for the items the test links.
    pub role: Option<String>,
}

/// `attributes` of a Sequence.
#[derive(Debug, Deserialize)]
pub struct Attributes {
    /// The attribute map itself.
    pub items: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct CreatedAssets {
    assets: Vec<CreatedAsset>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreatedAsset {
    asset_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    next_page: Option<String>,
    data: Vec<Sequence>,
}

#[derive(Deserialize)]
struct BulkResults {
    actions: Vec<String>,
}

/// A client bound to one emulator process.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: Url,
}

impl Client {
    /// A client for the emulator at `base_url`.
    pub fn new(base_url: &str) -> Result<Self, String> {
        let base_url =
            Url::parse(base_url).map_err(|e| format!("bad emulator URL {base_url:?}: {e}"))?;
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Client { http, base_url })
    }

    /// `POST /_emulator/projects`.
    pub async fn create_project(&self) -> Result<Project, CallError> {
        let request = self
            .http
            .post(self.url("/_emulator/projects"))
            .json(&json!({}));
        decode(request, StatusCode::CREATED).await
    }

    /// `POST /_emulator/projects/{p}/assets` with `count` and `filenamePrefix`: the new ids.
    pub async fn create_assets(
        &self,
        project: &Project,
        count: usize,
        filename_prefix: &str,
    ) -> Result<Vec<String>, CallError> {
        let path = format!("/_emulator/projects/{}/assets", project.project_id);
        let body = json!({"count": count, "filenamePrefix": filename_prefix});
        let request = self.http.post(self.url(&path)).json(&body);
        let created: CreatedAssets = decode(request, StatusCode::CREATED).await?;
        if created.assets.len() != count {
            return Err(CallError::Answer(format!(
                "asked for {count} assets, got {}",
                created.assets.len()
            )));
        }
        Ok(created.assets.into_iter().map(|a| a.asset_id).collect())
    }

    /// `POST /projects/{p}/sequencesBulkUpdates`: the per-action results of a 200.
    pub async fn bulk_update(
        &self,
        project: &Project,
        body: &Value,
    ) -> Result<Vec<String>, CallError> {
        let path = format!("/projects/{}/sequencesBulkUpdates", project.project_id);
        let request = self
            .http
            .post(self.url(&path))
            .header("Secret-Key", &project.secret_key)
            .json(body);
        let results: BulkResults = decode(request, StatusCode::OK).await?;
        Ok(results.actions)
    }

    /// Every sequence of the project, following `nextPage` to the end.
    pub async fn all_sequences(&self, project: &Project) -> Result<Vec<Sequence>, CallError> {
        let path = format!("/projects/{}/sequences", project.project_id);
        let mut sequences = Vec::new();
        let mut cursor: Option<String> = None;
        // Bounded: far more pages than the test can ever create.
        for _ in 0..10_000 {
            let mut url = self.url(&path);
            url.query_pairs_mut()
                .append_pair("limit", &LIST_LIMIT.to_string());
            if let Some(cursor) = &cursor {
                url.query_pairs_mut().append_pair("page", cursor);
            }
            let request = self.http.get(url).header("Secret-Key", &project.secret_key);
            let page: Page = decode(request, StatusCode::OK).await?;
            sequences.extend(page.data);
            match page.next_page {
                Some(next) => cursor = Some(next),
                None => return Ok(sequences),
            }
        }
        Err(CallError::Answer(
            "the sequence list never ended (10,000 pages)".to_string(),
        ))
    }

    fn url(&self, path: &str) -> Url {
        let mut url = self.base_url.clone();
        url.set_path(path);
        url
    }
}

/// Sends `request`, expects `status`, decodes the JSON body.
async fn decode<T: DeserializeOwned>(
    request: reqwest::RequestBuilder,
    status: StatusCode,
) -> Result<T, CallError> {
    let response = request
        .send()
        .await
        .map_err(|e| CallError::Transport(format!("{e:?}")))?;
    let got = response.status();
    // A body cut off mid-way is also what a kill looks like.
    let body = response
        .bytes()
        .await
        .map_err(|e| CallError::Transport(format!("reading the body: {e:?}")))?;
    if got != status {
        return Err(CallError::Answer(format!(
            "expected {status}, got {got}: {}",
            String::from_utf8_lossy(&body)
        )));
    }
    serde_json::from_slice(&body).map_err(|e| {
        CallError::Answer(format!(
            "undecodable body ({e}): {}",
            String::from_utf8_lossy(&body)
        ))
    })
}
