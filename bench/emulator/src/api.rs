//! The few emulator calls the benchmark makes: admin routes for setup, Nexus routes to measure.

use anyhow::{bail, Context, Result};
use reqwest::{Client, RequestBuilder, Response, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};

/// A project created for the run, with the key that grants it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    /// `proj_…`
    pub project_id: String,
    /// Sent as the `Secret-Key` header.
    pub secret_key: String,
}

/// A client bound to one emulator.
#[derive(Clone)]
pub struct Api {
    http: Client,
    base_url: String,
}

#[derive(Deserialize)]
struct Health {
    version: String,
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
struct PageCursors {
    next_page: Option<String>,
    data: Vec<SequenceLength>,
}

#[derive(Deserialize)]
struct SequenceLength {
    length: u64,
}

#[derive(Deserialize)]
struct BulkResults {
    actions: Vec<String>,
}

impl Api {
    /// A client for the emulator at `base_url`; its keep-alive pool serves concurrent tasks.
    pub fn new(base_url: &str) -> Result<Self> {
        let http = Client::builder()
            .build()
            .context("building the HTTP client")?;
        Ok(Api {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
        })
    }

    /// `GET /_emulator/health`, the cheapest request the emulator answers.
    pub fn health_request(&self) -> RequestBuilder {
        self.http.get(format!("{}/_emulator/health", self.base_url))
    }

    /// The URL of a project's sequence list.
    fn list_url(&self, project: &Project) -> String {
        format!(
            "{}/projects/{}/sequences",
            self.base_url, project.project_id
        )
    }

    /// `GET /_emulator/health`: the emulator's version.
    pub async fn version(&self) -> Result<String> {
        let response = self.health_request().send().await;
        let health: Health = json_body("GET /_emulator/health", response, StatusCode::OK).await?;
        Ok(health.version)
    }

    /// `POST /_emulator/projects`: a fresh project with its own key.
    pub async fn create_project(&self) -> Result<Project> {
        let url = format!("{}/_emulator/projects", self.base_url);
        let response = self.http.post(url).json(&json!({})).send().await;
        json_body("POST /_emulator/projects", response, StatusCode::CREATED).await
    }

    /// `POST /_emulator/projects/{p}/sequences`: seeds `count` sequences of `items` items.
    pub async fn seed_sequences(
        &self,
        project: &Project,
        count: u64,
        items: u64,
        name_prefix: &str,
    ) -> Result<()> {
        let url = format!(
            "{}/_emulator/projects/{}/sequences",
            self.base_url, project.project_id
        );
        let body = json!({"count": count, "itemsPerSequence": items, "namePrefix": name_prefix});
        let response = self.http.post(url).json(&body).send().await;
        let _: Value = json_body(
            "POST /_emulator/projects/{p}/sequences",
            response,
            StatusCode::CREATED,
        )
        .await?;
        Ok(())
    }

    /// `POST /_emulator/projects/{p}/assets`: `count` new assets; returns their ids.
    pub async fn create_assets(
        &self,
        project: &Project,
        count: usize,
        filename_prefix: &str,
    ) -> Result<Vec<String>> {
        let url = format!(
            "{}/_emulator/projects/{}/assets",
            self.base_url, project.project_id
        );
        let body = json!({"count": count, "filenamePrefix": filename_prefix});
        let response = self.http.post(url).json(&body).send().await;
        let created: CreatedAssets = json_body(
            "POST /_emulator/projects/{p}/assets",
            response,
            StatusCode::CREATED,
        )
        .await?;
        if created.assets.len() != count {
            bail!(
                "asked for {count} assets, the emulator created {}",
                created.assets.len()
            );
        }
        Ok(created.assets.into_iter().map(|a| a.asset_id).collect())
    }

    /// One page of the sequence list, fetched and read in full, body not decoded.
    ///
    /// This is the request the latency and throughput measurements time.
    pub async fn fetch_page(
        &self,
        project: &Project,
        limit: u32,
        cursor: Option<&str>,
    ) -> Result<()> {
        let response = self.page_request(project, limit, cursor).send().await;
        expect_status("GET /projects/{p}/sequences", response, StatusCode::OK)
            .await?
            .bytes()
            .await
            .context("reading a page of sequences")?;
        Ok(())
    }

    /// The `nextPage` cursor of a page (decoded), `None` on the last page.
    pub async fn next_cursor(
        &self,
        project: &Project,
        limit: u32,
        cursor: Option<&str>,
    ) -> Result<Option<String>> {
        let response = self.page_request(project, limit, cursor).send().await;
        let page: PageCursors =
            json_body("GET /projects/{p}/sequences", response, StatusCode::OK).await?;
        Ok(page.next_page)
    }

    /// `GET /projects/{p}/sequences?limit=..[&page=..]` with the project's key.
    pub fn page_request(
        &self,
        project: &Project,
        limit: u32,
        cursor: Option<&str>,
    ) -> RequestBuilder {
        let request = self
            .http
            .get(self.list_url(project))
            .header("Secret-Key", &project.secret_key)
            .query(&[("limit", limit.to_string())]);
        match cursor {
            Some(cursor) => request.query(&[("page", cursor)]),
            None => request,
        }
    }

    /// The `length` of the sequence with this exact name, if there is one.
    pub async fn sequence_length(&self, project: &Project, name: &str) -> Result<Option<u64>> {
        let request = self
            .http
            .get(self.list_url(project))
            .header("Secret-Key", &project.secret_key)
            .query(&[("name", name), ("limit", "1")]);
        let page: PageCursors = json_body(
            "GET /projects/{p}/sequences?name=",
            request.send().await,
            StatusCode::OK,
        )
        .await?;
        Ok(page.data.first().map(|s| s.length))
    }

    /// `POST /projects/{p}/sequencesBulkUpdates` with an already serialized body: the
    /// per-action results.
    pub async fn bulk_update(&self, project: &Project, body: String) -> Result<Vec<String>> {
        let url = format!(
            "{}/projects/{}/sequencesBulkUpdates",
            self.base_url, project.project_id
        );
        let response = self
            .http
            .post(url)
            .header("Secret-Key", &project.secret_key)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await;
        let results: BulkResults = json_body(
            "POST /projects/{p}/sequencesBulkUpdates",
            response,
            StatusCode::OK,
        )
        .await?;
        Ok(results.actions)
    }
}

/// Checks that a request got `expected`, turning anything else into an error that names
/// the route, the status and the error body.
pub async fn expect_status(
    route: &str,
    response: reqwest::Result<Response>,
    expected: StatusCode,
) -> Result<Response> {
    let response = response.with_context(|| format!("{route}: request failed"))?;
    let status = response.status();
    if status != expected {
        let body = response.text().await.unwrap_or_default();
        bail!("{route}: expected {expected}, got {status}: {body}");
    }
    Ok(response)
}

/// [`expect_status`], then decodes the JSON body.
async fn json_body<T: serde::de::DeserializeOwned>(
    route: &str,
    response: reqwest::Result<Response>,
    expected: StatusCode,
) -> Result<T> {
    expect_status(route, response, expected)
        .await?
        .json()
        .await
        .with_context(|| format!("{route}: the response body is not the expected JSON"))
}
