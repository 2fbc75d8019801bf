//! Listing: keyset cursors forward and backward, stability under concurrent writes, the name
//! filter, and limit and cursor validation.

mod common;

use common::{fetch, link, split, Project, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

async fn seed_sequences(server: &TestServer, project: &Project, count: usize, prefix: &str) {
    let resp = server
        .raw(
            Method::POST,
            &format!("/_emulator/projects/{}/sequences", project.project_id),
        )
        .json(&json!({"count": count, "itemsPerSequence": 2, "namePrefix": prefix}))
        .send()
        .await
        .unwrap();
    let (status, body) = split(resp).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body, json!({"created": count}));
}

async fn page(
    server: &TestServer,
    project: &Project,
    query: &[(&str, &str)],
) -> (StatusCode, Value) {
    fetch(server.req(project, Method::GET, "/sequences").query(query)).await
}

fn ids(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

fn keys(page: &Value) -> Vec<(i64, String)> {
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["createDate"].as_i64().unwrap(),
                s["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forward_and_backward_walks_agree() {
    let server = TestServer::start().await;
    let project = server.project().await;
    seed_sequences(&server, &project, 30, "s-").await;
    // Default page: everything (30 < 100), no cursors.
    let (status, first) = page(&server, &project, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["data"].as_array().unwrap().len(), 30);
    assert_eq!(
        (first["nextPage"].clone(), first["prevPage"].clone()),
        (Value::Null, Value::Null)
    );
    let all = keys(&first);
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(all, sorted, "ordered by createDate, then id");
    assert!(first["data"][0]["length"] == 2);

    // Forward with limit 7: 7,7,7,7,2.
    let mut forward = Vec::new();
    let mut pages = Vec::new();
    let (_, mut current) = page(&server, &project, &[("limit", "7")]).await;
    assert_eq!(current["prevPage"], Value::Null);
    loop {
        forward.extend(ids(&current));
        pages.push(current.clone());
        let Some(next) = current["nextPage"].as_str().map(String::from) else {
            break;
        };
        current = page(&server, &project, &[("limit", "7"), ("page", &next)])
            .await
            .1;
        assert!(
            current["prevPage"].is_string(),
            "every page after the first has a prevPage"
        );
    }
    assert_eq!(pages.len(), 5);
    assert_eq!(forward, all.iter().map(|k| k.1.clone()).collect::<Vec<_>>());

    // Backward from the last page: 2 then 7,7,7,7, reaching the first page exactly.
    let mut backward = ids(&current);
    while let Some(prev) = current["prevPage"].as_str().map(String::from) {
        current = page(&server, &project, &[("limit", "7"), ("page", &prev)])
            .await
            .1;
        assert!(current["nextPage"].is_string());
        let mut chunk = ids(&current);
        chunk.extend(backward);
        backward = chunk;
    }
    assert_eq!(backward, forward);
    assert_eq!(ids(&current), ids(&pages[0]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cursors_survive_deletions_at_the_boundary() {
    let server = TestServer::start().await;
    let project = server.project().await;
    seed_sequences(&server, &project, 10, "s-").await;
    let (_, first) = page(&server, &project, &[("limit", "5")]).await;
    let next = first["nextPage"].as_str().unwrap().to_string();
    // Delete the boundary row (the last of page one) and everything after it.
    let (_, all) = page(&server, &project, &[]).await;
    for id in &ids(&all)[4..] {
        let (status, _) = fetch(server.seq_req(&project, Method::DELETE, id)).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, empty) = page(&server, &project, &[("limit", "5"), ("page", &next)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(empty["data"], json!([]));
    assert_eq!(empty["nextPage"], Value::Null);
    // Its prevPage leads to the last rows that still exist.
    let prev = empty["prevPage"]
        .as_str()
        .expect("rows exist before an empty page")
        .to_string();
    let (_, last) = page(&server, &project, &[("limit", "5"), ("page", &prev)]).await;
    assert_eq!(ids(&last), ids(&all)[..4].to_vec());
    assert_eq!(last["prevPage"], Value::Null);
    assert_eq!(last["nextPage"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_walk_sees_every_surviving_sequence_once_while_others_write() {
    let server = Arc::new(TestServer::start().await);
    let project = server.project().await;
    seed_sequences(&server, &project, 120, "old-").await;
    server.assets(&project, 60).await;
    let (_, all) = page(&server, &project, &[("limit", "1000")]).await;
    let before: Vec<(String, String)> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();

    // The writer deletes every third old sequence and creates new ones, in small bulks.
    let writer = {
        let (server, project) = (server.clone(), project.clone());
        tokio::spawn(async move {
            let mut deleted = HashSet::new();
            for round in 0..20 {
                let mut actions = vec![link(
                    &format!("image_{}.jpg", round * 3),
                    &format!("new-{round}"),
                    None,
                    None,
                )];
                for k in (round * 6..round * 6 + 6).filter(|k| k % 3 == 0) {
                    actions.push(
                        json!({"kind": "RemoveSequence", "sequenceName": format!("old-{k}")}),
                    );
                    deleted.insert(format!("old-{k}"));
                }
                let results = server.bulk(&project, Value::Array(actions), "None").await;
                assert!(results.iter().all(|r| r == "Ok"), "{results:?}");
                tokio::task::yield_now().await;
            }
            deleted
        })
    };

    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut query = vec![("limit", "7".to_string())];
        if let Some(c) = &cursor {
            query.push(("page", c.clone()));
        }
        let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = page(&server, &project, &query).await;
        assert_eq!(status, StatusCode::OK);
        for id in ids(&body) {
            *seen.entry(id).or_insert(0) += 1;
        }
        pages += 1;
        match body["nextPage"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
        tokio::task::yield_now().await;
    }
    let deleted = writer.await.unwrap();
    assert!(pages >= 10, "{pages} pages");
    assert!(seen.values().all(|n| *n == 1), "no sequence seen twice");
    for (id, name) in &before {
        if !deleted.contains(name) {
            assert_eq!(
                seen.get(id),
                Some(&1),
                "{name} existed throughout and must be seen once"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn name_filter_matches_exactly() {
    let server = TestServer::start().await;
    let project = server.project().await;
    server.assets(&project, 3).await;
    server
        .link_all(
            &project,
            &[
                ("image_0.jpg", "Patient A"),
                ("image_1.jpg", "Patient AB"),
                ("image_2.jpg", "a&b+c/d"),
            ],
        )
        .await;
    let (_, body) = page(&server, &project, &[("name", "Patient A")]).await;
    assert_eq!(body["data"].as_array().unwrap().len(), 1);
    assert_eq!(body["data"][0]["name"], "Patient A");
    let (_, body) = page(&server, &project, &[("name", "a&b+c/d")]).await;
    assert_eq!(
        body["data"][0]["name"], "a&b+c/d",
        "percent-encoded names round-trip"
    );
    let (_, body) = page(&server, &project, &[("name", "patient a")]).await;
    assert_eq!(
        body,
        json!({"nextPage": null, "prevPage": null, "data": []}),
        "case-sensitive"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limit_and_cursor_are_validated() {
    let server = TestServer::start().await;
    let project = server.project().await;
    seed_sequences(&server, &project, 3, "s-").await;
    for bad in ["0", "1001", "-1", "abc", "1.5", ""] {
        let (status, body) = page(&server, &project, &[("limit", bad)]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "limit={bad}");
        assert!(
            body["message"].as_str().unwrap().starts_with("limit: "),
            "{body}"
        );
    }
    for good in ["1", "1000"] {
        let (status, _) = page(&server, &project, &[("limit", good)]).await;
        assert_eq!(status, StatusCode::OK, "limit={good}");
    }
    let (_, one) = page(&server, &project, &[("limit", "1")]).await;
    assert_eq!(one["data"].as_array().unwrap().len(), 1);
    for bad in [
        "garbage",
        "eyJ2Ijo5fQ",
        "%%%",
        "eyJ2IjoxLCJkIjoieiIsImsiOm51bGx9",
    ] {
        let (status, body) = page(&server, &project, &[("page", bad)]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "page={bad}");
        assert!(
            body["message"].as_str().unwrap().starts_with("page: "),
            "{body}"
        );
    }
}
