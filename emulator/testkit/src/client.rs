//! A client of the emulator over real HTTP: the admin routes that set a test up, the Nexus
//! routes it checks, every answer read into its `nexus-wire` type.

use std::time::Duration;

use nexus_wire::admin::{
    AssetsCreated, Health, NewAssets, NewProject, NewSequences, Project, SequencesCreated,
};
use nexus_wire::{header, Page, Sequence, SequenceBulkUpdateResponse, SequenceBulkUpdateResult};
use reqwest::{RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;

use crate::Error;

/// Page size when reading every sequence back: the largest the contract allows.
const LIST_LIMIT: u32 = nexus_wire::rules::MAX_LIMIT;
/// More pages than any test creates: a list that never ends fails instead of looping.
const MAX_PAGES: usize = 10_000;

/// A client bound to one emulator; clones share its connection pool.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
}

impl Client {
    /// A client for the emulator at `base_url` (`http://127.0.0.1:PORT`), without a timeout.
    pub fn new(base_url: &str) -> Result<Self, Error> {
        Self::build(base_url, reqwest::Client::builder())
    }

    /// A client whose every request fails after `timeout`: a hung emulator fails the test
    /// instead of stalling it.
    pub fn with_timeout(base_url: &str, timeout: Duration) -> Result<Self, Error> {
        Self::build(base_url, reqwest::Client::builder().timeout(timeout))
    }

    fn build(base_url: &str, builder: reqwest::ClientBuilder) -> Result<Self, Error> {
        let http = builder
            .build()
            .map_err(|e| Error::Process(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// `GET /_emulator/health`, the cheapest request the emulator answers.
    pub fn health_request(&self) -> RequestBuilder {
        self.http.get(self.url("/_emulator/health"))
    }

    /// `GET /_emulator/health`.
    pub async fn health(&self) -> Result<Health, Error> {
        json(
            "GET /_emulator/health",
            self.health_request(),
            StatusCode::OK,
        )
        .await
    }

    /// `POST /_emulator/projects`: a new project with a new key.
    pub async fn create_project(&self) -> Result<Project, Error> {
        self.create_project_with(&NewProject::default()).await
    }

    /// `POST /_emulator/projects` with this id or key (each generated when `None`).
    pub async fn create_project_with(&self, project: &NewProject) -> Result<Project, Error> {
        let request = self
            .http
            .post(self.url("/_emulator/projects"))
            .json(project);
        json("POST /_emulator/projects", request, StatusCode::CREATED).await
    }

    /// `POST /_emulator/projects/{p}/assets`: `count` assets named `{filename_prefix}{i}.jpg`;
    /// returns their ids in order.
    pub async fn create_assets(
        &self,
        project: &Project,
        count: usize,
        filename_prefix: &str,
    ) -> Result<Vec<String>, Error> {
        let path = format!("/_emulator/projects/{}/assets", project.project_id);
        let body = NewAssets {
            count: Some(count as u64),
            filename_prefix: Some(filename_prefix.to_string()),
            ..NewAssets::default()
        };
        let request = self.http.post(self.url(&path)).json(&body);
        let created: AssetsCreated = json(
            "POST /_emulator/projects/{p}/assets",
            request,
            StatusCode::CREATED,
        )
        .await?;
        if created.assets.len() != count {
            return Err(Error::Answer(format!(
                "asked for {count} assets, got {}",
                created.assets.len()
            )));
        }
        created
            .assets
            .into_iter()
            .map(|asset| {
                asset
                    .asset_id
                    .ok_or_else(|| Error::Answer("a created asset without its assetId".into()))
            })
            .collect()
    }

    /// `POST /_emulator/projects/{p}/sequences`: `count` sequences named `{name_prefix}{i}`,
    /// each of `items_per_sequence` fresh assets.
    pub async fn create_sequences(
        &self,
        project: &Project,
        count: u64,
        items_per_sequence: u64,
        name_prefix: &str,
    ) -> Result<SequencesCreated, Error> {
        let path = format!("/_emulator/projects/{}/sequences", project.project_id);
        let body = NewSequences {
            count,
            items_per_sequence,
            name_prefix: name_prefix.to_string(),
        };
        let request = self.http.post(self.url(&path)).json(&body);
        json(
            "POST /_emulator/projects/{p}/sequences",
            request,
            StatusCode::CREATED,
        )
        .await
    }

    /// `GET /projects/{p}/sequences?limit=..[&page=..]` with the project's key, not sent.
    pub fn list_request(
        &self,
        project: &Project,
        limit: u32,
        cursor: Option<&str>,
    ) -> RequestBuilder {
        let request = self
            .http
            .get(self.url(&format!("/projects/{}/sequences", project.project_id)))
            .header(header::SECRET_KEY, &project.secret_key)
            .query(&[("limit", limit.to_string())]);
        match cursor {
            Some(cursor) => request.query(&[("page", cursor)]),
            None => request,
        }
    }

    /// One page of the sequence list.
    pub async fn page(
        &self,
        project: &Project,
        limit: u32,
        cursor: Option<&str>,
    ) -> Result<Page<Sequence>, Error> {
        let request = self.list_request(project, limit, cursor);
        json("GET /projects/{p}/sequences", request, StatusCode::OK).await
    }

    /// The sequence with exactly this name, if there is one.
    pub async fn sequence_named(
        &self,
        project: &Project,
        name: &str,
    ) -> Result<Option<Sequence>, Error> {
        let request = self.list_request(project, 1, None).query(&[("name", name)]);
        let page: Page<Sequence> =
            json("GET /projects/{p}/sequences?name=", request, StatusCode::OK).await?;
        Ok(page.data.into_iter().next())
    }

    /// Every sequence of the project, following `nextPage` to the end.
    pub async fn all_sequences(&self, project: &Project) -> Result<Vec<Sequence>, Error> {
        let mut sequences = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let page = self.page(project, LIST_LIMIT, cursor.as_deref()).await?;
            sequences.extend(page.data);
            match page.next_page {
                Some(next) => cursor = Some(next),
                None => return Ok(sequences),
            }
        }
        Err(Error::Answer(format!(
            "the sequence list never ended ({MAX_PAGES} pages)"
        )))
    }

    /// `POST /projects/{p}/sequencesBulkUpdates` with a serialized `BulkUpdateRequest`
    /// (serialized by the caller, so that a benchmark times the request alone): the
    /// per-action results of its 200.
    pub async fn bulk_update(
        &self,
        project: &Project,
        body: String,
    ) -> Result<Vec<SequenceBulkUpdateResult>, Error> {
        let path = format!("/projects/{}/sequencesBulkUpdates", project.project_id);
        let request = self
            .http
            .post(self.url(&path))
            .header(header::SECRET_KEY, &project.secret_key)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        let response: SequenceBulkUpdateResponse = json(
            "POST /projects/{p}/sequencesBulkUpdates",
            request,
            StatusCode::OK,
        )
        .await?;
        Ok(response.actions)
    }
}

/// Sends `request` (for `route`, named in errors) and expects `status`. A response whose body
/// cannot be read is a [`Error::Transport`]: a body cut off mid-way is what a kill looks like.
pub async fn expect(
    route: &str,
    request: RequestBuilder,
    status: StatusCode,
) -> Result<Response, Error> {
    let response = request
        .send()
        .await
        .map_err(|e| Error::Transport(format!("{route}: {e:?}")))?;
    let got = response.status();
    if got == status {
        return Ok(response);
    }
    let body = response
        .bytes()
        .await
        .map_err(|e| Error::Transport(format!("{route}: reading the body: {e:?}")))?;
    Err(Error::Answer(format!(
        "{route}: expected {status}, got {got}: {}",
        String::from_utf8_lossy(&body)
    )))
}

/// [`expect`], then the JSON body as `T`.
async fn json<T: DeserializeOwned>(
    route: &str,
    request: RequestBuilder,
    status: StatusCode,
) -> Result<T, Error> {
    let body = expect(route, request, status)
        .await?
        .bytes()
        .await
        .map_err(|e| Error::Transport(format!("{route}: reading the body: {e:?}")))?;
    serde_json::from_slice(&body).map_err(|e| {
        Error::Answer(format!(
            "{route}: undecodable body ({e}): {}",
            String::from_utf8_lossy(&body)
        ))
    })
}
